# தமிழ் (தமிழ் எழுத்து). யூனிகோட் (UCS-2) SMS-ல் ஒரு பகுதிக்கு 70 எழுத்து (இரண்டில் 134): செய்திகளை சுருக்கமாக வைக்கவும்.

# ₹ குறி அப்படியே இருக்கும்: தமிழ் SMS எப்படியும் UCS-2, Rs என்று எழுதினால் மிச்சம் இல்லை.
sms-rupee-as-rs = no

not-registered = மன்னிக்கவும், இந்த எண் மண்டியில் பதிவு இல்லை. கடையை சேர்க்க உங்கள் ஹோல்சேலரிடம் சொல்லுங்கள்.

shop-help = ஆர்டர்: பொருட்களை அனுப்புங்கள், எ.கா. "5 கிலோ அரிசி". STATUS: ஆர்டர் நிலை. CANCEL <கோட்>: ரத்து. REPEAT: கடைசி ஆர்டர்.

nothing-understood = மன்னிக்கவும், செய்தியில் ஆர்டர் புரியவில்லை. பொருளும் அளவும் அனுப்புங்கள், எ.கா. "5 கிலோ அரிசி, 2 உப்பு".

no-wholesaler = உங்கள் கடையுடன் இன்னும் ஹோல்சேலர் இணைக்கப்படவில்லை. மண்டி ஆபரேட்டரை அழைக்கவும்.

order-placed = ஆர்டர் {$code} {$wholesaler}-க்கு அனுப்பினோம்: {$count ->
        [one] 1 பொருள்
       *[other] {$count} பொருட்கள்
    }, ₹{$total}. உறுதியானதும் SMS வரும்.{$skipped_count ->
        [0] {""}
       *[other] {" "}கிடைக்கவில்லை: {$skipped}.
    }

wholesaler-order = ஆர்டர் {$code}, {$shop}:
    {$lines}
    YES {$code} / NO {$code} / {$code} 2 NO

wholesaler-confirm-ack = ஆர்டர் {$code} உறுதியானது. {$shop}-க்கு தெரிவித்தோம்.
wholesaler-reject-ack = ஆர்டர் {$code} மறுக்கப்பட்டது. {$shop}-க்கு தெரிவித்தோம்.
wholesaler-unknown-order = {$code} என்ற நிலுவை ஆர்டர் இல்லை. ஆர்டர் கோட் சேர்த்து YES அல்லது NO அனுப்புங்கள்.
wholesaler-which-order = உங்கள் நிலுவை ஆர்டர்கள்: {$codes}. கோட் சேர்த்து பதில் அனுப்புங்கள், எ.கா. YES {$example}.
wholesaler-no-open-orders = பதில் தர வேண்டிய ஆர்டர் எதுவும் இல்லை.
wholesaler-help = உறுதி: YES <கோட்>. மறுப்பு: NO <கோட்>. பொருள் 2 இல்லை: <கோட்> 2 NO. அனுப்பியதும்: SENT <கோட்>.

order-confirmed = உங்கள் ஆர்டர் {$code}-ஐ {$wholesaler} உறுதி செய்தார்கள்.
order-rejected = மன்னிக்கவும், {$wholesaler} உங்கள் ஆர்டர் {$code}-ஐ ஏற்கவில்லை.

order-status = உங்கள் ஆர்டர்கள்: {$orders}
no-orders = இன்னும் ஆர்டர் எதுவும் இல்லை. ஆர்டர் செய்ய அனுப்புங்கள், எ.கா. "5 கிலோ அரிசி, 2 உப்பு".

state-draft = உங்கள் பதில் தேவை
state-placed = பதிலுக்கு காத்திருப்பு
state-confirmed = உறுதி
state-partially_confirmed = ஓரளவு உறுதி
state-rejected = மறுப்பு
state-expired = பதில் இல்லை
state-cancelled = ரத்து
state-dispatched = வழியில்
state-delivered = வந்து சேர்ந்தது

clarify-question = "{$item}": எது வேண்டும்? {$options}. எண் அனுப்புங்கள், வேண்டாமெனில் 0.
clarify-again = 1 முதல் {$max} வரை எண் அல்லது 0 அனுப்புங்கள். "{$item}": {$options}
order-dropped = ஆர்டரில் பொருள் எதுவும் மீதம் இல்லை, எதுவும் அனுப்பவில்லை. எப்போது வேண்டுமானாலும் புது ஆர்டர் அனுப்பலாம்.

wholesaler-order-part = ஆர்டர் {$code} ({$part}/{$parts}), {$shop}:
    {$lines}
wholesaler-order-last = ஆர்டர் {$code} ({$part}/{$parts}):
    {$lines}
    YES {$code} / NO {$code} / {$code} 2 NO
wholesaler-partial-ack = ஆர்டர் {$code} உறுதி, பொருள் {$refused} தவிர. {$shop}-க்கு தெரிவித்தோம்.
wholesaler-sent-ack = ஆர்டர் {$code} அனுப்பப்பட்டது. {$shop}-க்கு தெரிவித்தோம்.
wholesaler-order-not-waiting = ஆர்டர் {$code}: {$state}. செய்ய எதுவும் இல்லை.
wholesaler-order-moved = நேரத்தில் பதில் வராததால், ஆர்டர் {$code} வேறு ஹோல்சேலருக்கு சென்றது.
wholesaler-bad-lines = ஆர்டர் {$code}-ல் பொருள் 1 முதல் {$lines} வரை உள்ளன. பொருள் 2 மறுக்க: {$code} 2 NO
wholesaler-order-cancelled = {$shop} ஆர்டர் {$code}-ஐ ரத்து செய்தார்கள். தயவுசெய்து அனுப்ப வேண்டாம்.
wholesaler-order-expired = {$shop} ஆர்டர் {$code} பதில் இல்லாமல் காலாவதி ஆனது.

order-rejected-reason = மன்னிக்கவும், {$wholesaler} ஆர்டர் {$code}-ஐ ஏற்கவில்லை: "{$reason}".
order-partly-confirmed = ஆர்டர் {$code}: {$all}-ல் {$count} பொருள் {$wholesaler} உறுதி செய்தார்கள், ₹{$total}. இல்லை: {$missing}.
order-dispatched = {$wholesaler} அனுப்பிய உங்கள் ஆர்டர் {$code} வழியில் உள்ளது.
order-rerouted = {$late} ஆர்டர் {$code}-க்கு பதில் தரவில்லை, அதனால் {$wholesaler}-க்கு அனுப்பினோம்.
order-expired = {$wholesaler} ஆர்டர் {$code}-க்கு பதில் தரவில்லை. மீண்டும் ஆர்டர் செய்யுங்கள் அல்லது அவர்களை அழையுங்கள்.
order-cancelled = ஆர்டர் {$code} ரத்து செய்யப்பட்டது.
cancel-too-late = ஆர்டர் {$code}: {$state}, இனி ரத்து செய்ய முடியாது. ஹோல்சேலரை அழைக்கவும்.
cancel-unknown-order = உங்கள் கடைக்கு {$code} ஆர்டர் இல்லை. ஆர்டர்களைப் பார்க்க STATUS அனுப்புங்கள்.
cancel-nothing-open = ரத்து செய்ய நிலுவை ஆர்டர் எதுவும் இல்லை.
repeat-nothing = மீண்டும் அனுப்ப முந்தைய ஆர்டர் இல்லை. ஆர்டர் செய்ய அனுப்புங்கள், எ.கா. "5 கிலோ அரிசி, 2 உப்பு".

stop-confirmed = இனி மண்டியிலிருந்து SMS வராது. மீண்டும் பெற START அனுப்புங்கள்.
start-confirmed = மீண்டும் வரவேற்கிறோம்: மண்டி SMS இனி வரும். ஆர்டர் செய்யும் முறைக்கு HELP அனுப்புங்கள்.
lang-set = சரி: இனி மண்டி உங்களுக்கு தமிழில் பதில் அனுப்பும்.
lang-unknown = மொழியை மாற்ற LANG என்று மொழி பெயருடன் அனுப்புங்கள்: {$choices}

# USSD திரை (SMS அல்ல): தமிழில் ஒரு திரைக்கு 80 UTF-16 அலகு, கீழே "00 பின்" வரியும் சேர்த்து. வரிகளை சுருக்கமாக வைக்கவும்.
ussd-main = மண்டி
    1 மறு ஆர்டர்
    2 என் ஆர்டர்கள்
    3 பொருள் வாங்க
    4 மொழி
ussd-main-cart = 5 என் கூடை ({$count})
ussd-resume = உங்கள் கூடை: {$count ->
        [one] 1 பொருள்
       *[other] {$count} பொருட்கள்
    }, ₹{$total}.
    1 தொடரவும்
    2 புதிதாக தொடங்கு
ussd-reorder = கடைசி ஆர்டர் {$code}: {$items}. ₹{$total}
    1 மீண்டும் அனுப்பு
ussd-reorder-none = மீண்டும் அனுப்ப முந்தைய ஆர்டர் இல்லை.
ussd-orders = உங்கள் ஆர்டர்கள்:
ussd-orders-none = இன்னும் ஆர்டர் எதுவும் இல்லை.
ussd-categories = தேர்வு செய்க:
ussd-products = {$category}:
ussd-quantity = {$product}, ஒரு பேக் ₹{$price}.
    எத்தனை பேக்?
ussd-added = {$product} x{$packs} சேர்த்தோம். கூடை: {$count}, ₹{$total}
    1 மேலும் வாங்க
    2 ஆர்டர்
ussd-review = கூடை, ₹{$total}:
ussd-review-actions = 1 ஆர்டர் செய்
    2 கூடையை காலி செய்
ussd-language = மொழி:
ussd-lang-name = தமிழ்
ussd-next = 0 அடுத்து
ussd-back = 00 பின்
# The same keys in GSM-7 only, for lists of Latin-script names: a screen without native letters holds 182
# characters instead of 80, so more products fit on a page.
ussd-next-plain = 0 >
ussd-back-plain = 00 <
ussd-invalid = தவறான தேர்வு.
ussd-restarted = மீண்டும் தொடக்கம்.
ussd-cart-emptied = கூடை காலியானது.
ussd-ordered = ஆர்டர் {$code} {$wholesaler}-க்கு அனுப்பினோம், ₹{$total}. உறுதியானதும் SMS வரும்.
ussd-try-again = மன்னிக்கவும், ஏதோ தவறு நடந்தது. மீண்டும் முயற்சிக்கவும்.
ussd-not-a-shop = இந்த மெனு கடைகளுக்கு மட்டும். ஹோல்சேலர்கள் SMS-ல் பதில் தருவார்கள்.

cart-saved = உங்கள் மண்டி கூடை ({$count} பொருட்கள், ₹{$total}) சேமிக்கப்பட்டது. ஆர்டரை முடிக்க {$dial} டயல் செய்யுங்கள்.

wholesaler-order-withdrawn = {$shop} ஆர்டர் {$code}-ஐ மண்டி ரத்து செய்தது. தயவுசெய்து அனுப்ப வேண்டாம்.
order-reassigned = உங்கள் ஆர்டர் {$code} இப்போது {$wholesaler}-க்கு அனுப்பப்பட்டது. உறுதியானதும் SMS வரும்.
order-delivered = {$wholesaler} அனுப்பிய உங்கள் ஆர்டர் {$code} வந்து சேர்ந்தது. நன்றி!

too-many-messages = உங்கள் எண்ணிலிருந்து அதிக செய்திகள் வந்தன: சில நிமிடம் மண்டி அவற்றைக் கவனிக்காது. முழு ஆர்டரை ஒரே SMS-ல் அனுப்புங்கள்.
