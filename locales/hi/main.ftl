# हिन्दी (देवनागरी)। यूनिकोड (UCS-2) में एक SMS में 70 अक्षर आते हैं: संदेश छोटे रखें।

not-registered = माफ़ कीजिए, यह नंबर मंडी पर दर्ज नहीं है। अपने होलसेलर से दुकान जुड़वाइए।

shop-help = ऑर्डर: सामान भेजें, जैसे "5 किलो आटा"। STATUS: ऑर्डर देखें। CANCEL <कोड>: रद्द। REPEAT: पिछला ऑर्डर।

nothing-understood = माफ़ कीजिए, संदेश में ऑर्डर समझ नहीं आया। सामान और मात्रा भेजें, जैसे "5 किलो आटा, 2 मैगी"।

no-wholesaler = आपकी दुकान से अभी कोई होलसेलर नहीं जुड़ा है। मंडी ऑपरेटर को फ़ोन करें।

order-placed = ऑर्डर {$code} {$wholesaler} को भेजा: {$count} आइटम, ₹{$total}। पक्का होने पर SMS आएगा।{$skipped_count ->
        [0] {""}
       *[other] {" "}नहीं मिला: {$skipped}।
    }

wholesaler-order = ऑर्डर {$code}, {$shop} से:
    {$lines}
    YES {$code} / NO {$code} / {$code} 2 NO

wholesaler-confirm-ack = ऑर्डर {$code} पक्का हुआ। {$shop} को बता दिया।
wholesaler-reject-ack = ऑर्डर {$code} मना किया। {$shop} को बता दिया।
wholesaler-unknown-order = {$code} कोड का कोई खुला ऑर्डर नहीं मिला। कोड के साथ YES या NO भेजें।
wholesaler-which-order = आपके खुले ऑर्डर: {$codes}। कोड के साथ जवाब दें, जैसे YES {$example}।
wholesaler-no-open-orders = जवाब के लिए कोई ऑर्डर बाकी नहीं है।
wholesaler-help = पक्का: YES <कोड>। मना: NO <कोड>। आइटम 2 नहीं: <कोड> 2 NO। भेज दिया: SENT <कोड>।

order-confirmed = आपका ऑर्डर {$code} {$wholesaler} ने पक्का कर दिया।
order-rejected = माफ़ कीजिए, {$wholesaler} आपका ऑर्डर {$code} नहीं भेज पाएंगे।

order-status = आपके ऑर्डर: {$orders}
no-orders = अभी कोई ऑर्डर नहीं है। ऑर्डर के लिए भेजें, जैसे "5 किलो आटा, 2 मैगी"।

state-draft = आपके जवाब का इंतज़ार
state-placed = होलसेलर के जवाब का इंतज़ार
state-confirmed = पक्का
state-partially_confirmed = कुछ पक्का
state-rejected = मना
state-expired = जवाब नहीं आया
state-cancelled = रद्द
state-dispatched = रास्ते में
state-delivered = पहुंच गया

clarify-question = "{$item}" में कौन सा? {$options}। नंबर भेजें, छोड़ने के लिए 0।
clarify-again = 1 से {$max} तक नंबर भेजें, या 0। "{$item}": {$options}
order-dropped = ऑर्डर में कोई सामान नहीं बचा, कुछ नहीं भेजा गया। नया ऑर्डर कभी भी भेजें।

wholesaler-order-part = ऑर्डर {$code} ({$part}/{$parts}), {$shop} से:
    {$lines}
wholesaler-order-last = ऑर्डर {$code} ({$part}/{$parts}):
    {$lines}
    YES {$code} / NO {$code} / {$code} 2 NO
wholesaler-partial-ack = ऑर्डर {$code} पक्का, आइटम {$refused} छोड़कर। {$shop} को बता दिया।
wholesaler-sent-ack = ऑर्डर {$code} भेजा गया। {$shop} को बता दिया।
wholesaler-order-not-waiting = ऑर्डर {$code}: {$state}। कुछ करना नहीं है।
wholesaler-order-moved = जवाब समय पर नहीं आया, ऑर्डर {$code} दूसरे होलसेलर को गया।
wholesaler-bad-lines = ऑर्डर {$code} में आइटम 1 से {$lines} हैं। आइटम 2 मना करने को: {$code} 2 NO
wholesaler-order-cancelled = {$shop} ने ऑर्डर {$code} रद्द किया। कृपया न भेजें।
wholesaler-order-expired = {$shop} का ऑर्डर {$code} बिना जवाब के खत्म हुआ।

order-rejected-reason = माफ़ कीजिए, {$wholesaler} ऑर्डर {$code} नहीं भेज पाएंगे: "{$reason}"।
order-partly-confirmed = {$wholesaler} ने ऑर्डर {$code} के {$all} में से {$count} आइटम पक्के किए, ₹{$total}। नहीं है: {$missing}।
order-dispatched = आपका ऑर्डर {$code} {$wholesaler} से रास्ते में है।
order-rerouted = {$late} ने ऑर्डर {$code} का जवाब नहीं दिया, इसलिए {$wholesaler} को भेजा।
order-expired = {$wholesaler} ने ऑर्डर {$code} का जवाब नहीं दिया। दोबारा ऑर्डर करें या फ़ोन करें।
order-cancelled = ऑर्डर {$code} रद्द हो गया।
cancel-too-late = ऑर्डर {$code}: {$state}, अब रद्द नहीं होगा। होलसेलर को फ़ोन करें।
cancel-unknown-order = आपकी दुकान का {$code} ऑर्डर नहीं मिला। STATUS भेजकर ऑर्डर देखें।
cancel-nothing-open = रद्द करने को कोई खुला ऑर्डर नहीं है।
repeat-nothing = दोहराने को कोई पिछला ऑर्डर नहीं है। ऑर्डर भेजें, जैसे "5 किलो आटा, 2 मैगी"।

stop-confirmed = अब मंडी से कोई SMS नहीं आएगा। फिर से पाने के लिए START भेजें।
start-confirmed = फिर से स्वागत है: मंडी के SMS फिर आएंगे। ऑर्डर कैसे करें, HELP भेजें।
lang-set = ठीक है: मंडी अब आपको हिंदी में जवाब देगा।
lang-unknown = भाषा बदलने को LANG और भाषा भेजें: {$choices}

# USSD स्क्रीन (SMS नहीं): देवनागरी में एक स्क्रीन पर 80 UTF-16 इकाइयाँ, नीचे "00 वापस" समेत। हर पंक्ति छोटी रखें।
ussd-main = मंडी
    1 दोबारा ऑर्डर
    2 मेरे ऑर्डर
    3 सामान खरीदें
    4 भाषा
ussd-main-cart = 5 मेरा कार्ट ({$count})
ussd-resume = कार्ट बाकी है: {$count ->
        [one] 1 आइटम
       *[other] {$count} आइटम
    }, ₹{$total}।
    1 जारी रखें
    2 फिर से शुरू
ussd-reorder = पिछला ऑर्डर {$code}: {$items}। ₹{$total}
    1 फिर से भेजें
ussd-reorder-none = दोहराने को कोई पिछला ऑर्डर नहीं है।
ussd-orders = आपके ऑर्डर:
ussd-orders-none = अभी कोई ऑर्डर नहीं है।
ussd-categories = चुनें:
ussd-products = {$category}:
ussd-quantity = {$product}, ₹{$price} का पैक।
    कितने पैक?
ussd-added = {$product} x{$packs} जुड़ा। कार्ट: {$count}, ₹{$total}
    1 और सामान
    2 कार्ट व ऑर्डर
ussd-review = कार्ट, ₹{$total}:
ussd-review-actions = 1 ऑर्डर करें
    2 कार्ट खाली करें
ussd-language = भाषा:
ussd-lang-name = हिन्दी
ussd-next = 0 आगे
ussd-back = 00 वापस
# The same keys in GSM-7 only, for lists of Latin-script names: a screen without native letters holds 182
# characters instead of 80, so more products fit on a page.
ussd-next-plain = 0 >
ussd-back-plain = 00 <
ussd-invalid = गलत विकल्प।
ussd-restarted = फिर से शुरू।
ussd-cart-emptied = कार्ट खाली किया।
ussd-ordered = ऑर्डर {$code} {$wholesaler} को भेजा, ₹{$total}। पक्का होने पर SMS आएगा।
ussd-try-again = माफ़ कीजिए, कुछ गड़बड़ हुई। फिर से कोशिश करें।
ussd-not-a-shop = यह मेन्यू दुकानों के लिए है। होलसेलर ऑर्डर का जवाब SMS से देते हैं।

cart-saved = आपका मंडी कार्ट ({$count} आइटम, ₹{$total}) सेव है। ऑर्डर पूरा करने को {$dial} डायल करें।

wholesaler-order-withdrawn = मंडी ने {$shop} का ऑर्डर {$code} रद्द किया। कृपया न भेजें।
order-reassigned = आपका ऑर्डर {$code} अब {$wholesaler} को भेजा गया। पक्का होने पर SMS आएगा।
order-delivered = {$wholesaler} से आपका ऑर्डर {$code} पहुंच गया। धन्यवाद!

too-many-messages = आपके नंबर से बहुत ज़्यादा संदेश आए: मंडी कुछ मिनट इन्हें अनदेखा करेगा। कृपया पूरा ऑर्डर एक SMS में भेजें।
