# मराठी (देवनागरी). युनिकोड (UCS-2) मध्ये एका SMS मध्ये 70 अक्षरे बसतात (दोन भागांत 134): संदेश छोटे ठेवा.

# ₹ चिन्ह तसेच राहते: देवनागरी SMS आधीच UCS-2 असतो, Rs लिहून काही वाचत नाही.
sms-rupee-as-rs = no

not-registered = माफ करा, हा नंबर मंडीवर नोंदवलेला नाही. तुमच्या होलसेलरला दुकान जोडायला सांगा.

shop-help = ऑर्डर: सामान पाठवा, उदा. "5 किलो आटा". STATUS: ऑर्डर पहा. CANCEL <कोड>: रद्द. REPEAT: मागची ऑर्डर.

nothing-understood = माफ करा, संदेशात ऑर्डर समजली नाही. सामान आणि प्रमाण पाठवा, उदा. "5 किलो आटा, 2 किलो साखर".

no-wholesaler = तुमच्या दुकानाशी अजून कोणताही होलसेलर जोडलेला नाही. मंडी ऑपरेटरला फोन करा.

order-placed = ऑर्डर {$code} {$wholesaler} यांना पाठवली: {$count} वस्तू, ₹{$total}. पक्की झाल्यावर SMS येईल.{$skipped_count ->
        [0] {""}
       *[other] {" "}मिळाले नाही: {$skipped}.
    }

wholesaler-order = ऑर्डर {$code}, {$shop} कडून:
    {$lines}
    YES {$code} / NO {$code} / {$code} 2 NO

wholesaler-confirm-ack = ऑर्डर {$code} पक्की. {$shop} यांना कळवले.
wholesaler-reject-ack = ऑर्डर {$code} नाकारली. {$shop} यांना कळवले.
wholesaler-unknown-order = {$code} ही खुली ऑर्डर सापडली नाही. ऑर्डर कोडसह YES किंवा NO पाठवा.
wholesaler-which-order = तुमच्या खुल्या ऑर्डर: {$codes}. कोडसह उत्तर द्या, उदा. YES {$example}.
wholesaler-no-open-orders = उत्तर द्यायची कोणतीही ऑर्डर बाकी नाही.
wholesaler-help = पक्की: YES <कोड>. नकार: NO <कोड>. वस्तू 2 नाही: <कोड> 2 NO. पाठवली: SENT <कोड>.

order-confirmed = तुमची ऑर्डर {$code} {$wholesaler} यांनी पक्की केली.
order-rejected = माफ करा, {$wholesaler} तुमची ऑर्डर {$code} देऊ शकत नाहीत.

order-status = तुमच्या ऑर्डर: {$orders}
no-orders = अजून कोणतीही ऑर्डर नाही. ऑर्डरसाठी पाठवा, उदा. "5 किलो आटा, 2 किलो साखर".

state-draft = तुमच्या उत्तराची वाट
state-placed = होलसेलरची वाट
state-confirmed = पक्की
state-partially_confirmed = काही पक्की
state-rejected = नाकारली
state-expired = उत्तर नाही
state-cancelled = रद्द
state-dispatched = वाटेत
state-delivered = पोहोचली

clarify-question = "{$item}": कोणते हवे? {$options}. नंबर पाठवा, नको तर 0.
clarify-again = 1 ते {$max} पैकी नंबर पाठवा, किंवा 0. "{$item}": {$options}
order-dropped = ऑर्डरमध्ये एकही वस्तू उरली नाही, काहीही पाठवले नाही. नवी ऑर्डर कधीही पाठवा.

wholesaler-order-part = ऑर्डर {$code} ({$part}/{$parts}), {$shop} कडून:
    {$lines}
wholesaler-order-last = ऑर्डर {$code} ({$part}/{$parts}):
    {$lines}
    YES {$code} / NO {$code} / {$code} 2 NO
wholesaler-partial-ack = ऑर्डर {$code} पक्की, वस्तू {$refused} सोडून. {$shop} यांना कळवले.
wholesaler-sent-ack = ऑर्डर {$code} पाठवली. {$shop} यांना कळवले.
wholesaler-order-not-waiting = ऑर्डर {$code}: {$state}. काही करायचे नाही.
wholesaler-order-moved = वेळेत उत्तर न आल्याने ऑर्डर {$code} दुसऱ्या होलसेलरकडे गेली.
wholesaler-bad-lines = ऑर्डर {$code} मध्ये वस्तू 1 ते {$lines} आहेत. वस्तू 2 नसेल तर: {$code} 2 NO
wholesaler-order-cancelled = {$shop} यांनी ऑर्डर {$code} रद्द केली. कृपया पाठवू नका.
wholesaler-order-expired = {$shop} यांची ऑर्डर {$code}: उत्तर न आल्याने मुदत संपली.

order-rejected-reason = माफ करा, {$wholesaler} ऑर्डर {$code} देऊ शकत नाहीत: "{$reason}".
order-partly-confirmed = {$wholesaler} यांनी ऑर्डर {$code} मधील {$all} पैकी {$count} वस्तू पक्क्या केल्या, ₹{$total}. नाही: {$missing}.
order-dispatched = तुमची ऑर्डर {$code} {$wholesaler} यांच्याकडून निघाली आहे.
order-rerouted = {$late} यांनी ऑर्डर {$code} ला उत्तर दिले नाही, म्हणून ती {$wholesaler} यांना पाठवली.
order-expired = {$wholesaler} यांनी ऑर्डर {$code} ला उत्तर दिले नाही. पुन्हा ऑर्डर करा किंवा फोन करा.
order-cancelled = ऑर्डर {$code} रद्द झाली.
cancel-too-late = ऑर्डर {$code}: {$state}, आता रद्द होणार नाही. होलसेलरला फोन करा.
cancel-unknown-order = तुमच्या दुकानाची {$code} ऑर्डर सापडली नाही. ऑर्डर पाहायला STATUS पाठवा.
cancel-nothing-open = रद्द करायला कोणतीही खुली ऑर्डर नाही.
repeat-nothing = पुन्हा पाठवायला मागची ऑर्डर नाही. ऑर्डरसाठी पाठवा, उदा. "5 किलो आटा, 2 किलो साखर".

stop-confirmed = आता मंडीकडून SMS येणार नाहीत. पुन्हा हवे असल्यास START पाठवा.
start-confirmed = पुन्हा स्वागत आहे: मंडीचे SMS पुन्हा येतील. ऑर्डर कशी करायची ते पाहायला HELP पाठवा.
lang-set = ठीक आहे: मंडी आता तुम्हाला मराठीत उत्तर देईल.
lang-unknown = भाषा बदलायला LANG आणि भाषा पाठवा: {$choices}

# USSD स्क्रीन (SMS नाही): देवनागरीत एका स्क्रीनवर 80 UTF-16 एकके, खालच्या "00 मागे" ओळीसह. प्रत्येक ओळ छोटी ठेवा.
ussd-main = मंडी
    1 पुन्हा ऑर्डर
    2 माझ्या ऑर्डर
    3 सामान खरेदी
    4 भाषा
ussd-main-cart = 5 माझे कार्ट ({$count})
ussd-resume = कार्ट बाकी आहे: {$count ->
        [one] 1 वस्तू
       *[other] {$count} वस्तू
    }, ₹{$total}.
    1 पुढे चला
    2 पुन्हा सुरू करा
ussd-reorder = मागची ऑर्डर {$code}: {$items}. ₹{$total}
    1 पुन्हा पाठवा
ussd-reorder-none = पुन्हा पाठवायला मागची ऑर्डर नाही.
ussd-orders = तुमच्या ऑर्डर:
ussd-orders-none = अजून कोणतीही ऑर्डर नाही.
ussd-categories = निवडा:
ussd-products = {$category}:
ussd-quantity = {$product}, प्रति पॅक ₹{$price}.
    किती पॅक?
ussd-added = {$product} x{$packs} जोडले. कार्ट: {$count}, ₹{$total}
    1 आणखी माल
    2 कार्ट व ऑर्डर
ussd-review = कार्ट, ₹{$total}:
ussd-review-actions = 1 ऑर्डर करा
    2 कार्ट रिकामे करा
ussd-language = भाषा:
ussd-lang-name = मराठी
ussd-next = 0 पुढे
ussd-back = 00 मागे
# The same keys in GSM-7 only, for lists of Latin-script names: a screen without native letters holds 182
# characters instead of 80, so more products fit on a page.
ussd-next-plain = 0 >
ussd-back-plain = 00 <
ussd-invalid = चुकीचा पर्याय.
ussd-restarted = पुन्हा सुरुवात.
ussd-cart-emptied = कार्ट रिकामे केले.
ussd-ordered = ऑर्डर {$code} {$wholesaler} यांना पाठवली, ₹{$total}. पक्की झाल्यावर SMS येईल.
ussd-try-again = माफ करा, काहीतरी चुकले. पुन्हा प्रयत्न करा.
ussd-not-a-shop = हा मेनू दुकानांसाठी आहे. होलसेलर ऑर्डरला SMS ने उत्तर देतात.

cart-saved = तुमचे मंडी कार्ट ({$count} वस्तू, ₹{$total}) जतन केले आहे. ऑर्डर पूर्ण करायला {$dial} डायल करा.

wholesaler-order-withdrawn = मंडीने {$shop} यांची ऑर्डर {$code} रद्द केली. कृपया पाठवू नका.
order-reassigned = तुमची ऑर्डर {$code} आता {$wholesaler} यांना पाठवली. पक्की झाल्यावर SMS येईल.
order-delivered = {$wholesaler} यांच्याकडून तुमची ऑर्डर {$code} पोहोचली. धन्यवाद!

too-many-messages = तुमच्या नंबरवरून खूप संदेश आले: मंडी काही मिनिटे त्यांकडे दुर्लक्ष करेल. पूर्ण ऑर्डर एकाच SMS मध्ये पाठवा.
