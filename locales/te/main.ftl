# తెలుగు (తెలుగు లిపి). యూనికోడ్ (UCS-2) లో ఒక SMS కి 70 అక్షరాలు (రెండు భాగాల్లో 134): మెసేజ్ లు చిన్నగా ఉంచండి.

# ₹ గుర్తు అలాగే ఉంటుంది: తెలుగు SMS ఎలాగూ UCS-2, Rs అని రాస్తే ఏమీ మిగలదు.
sms-rupee-as-rs = no

not-registered = క్షమించండి, ఈ నంబర్ మండీలో నమోదు కాలేదు. మీ షాపును చేర్చమని మీ హోల్సేలర్ గారికి చెప్పండి.

shop-help = ఆర్డర్: సరుకులు పంపండి, ఉదా. "5 కిలో బియ్యం". STATUS: మీ ఆర్డర్లు. CANCEL <కోడ్>: రద్దు. REPEAT: పాత ఆర్డర్.

nothing-understood = క్షమించండి, మీ మెసేజ్ లో ఆర్డర్ అర్థం కాలేదు. సరుకు, ఎంత కావాలో పంపండి, ఉదా. "5 కిలో బియ్యం, 2 ఉప్పు".

no-wholesaler = మీ షాపుకు ఇంకా హోల్సేలర్ లింక్ కాలేదు, ఆర్డర్ పంపలేం. మండీ ఆపరేటర్ కి ఫోన్ చేయండి.

order-placed = ఆర్డర్ {$code} {$wholesaler} కి పంపాం: {$count ->
        [one] 1 సరుకు
       *[other] {$count} సరుకులు
    }, ₹{$total}. ఖరారైతే SMS వస్తుంది.{$skipped_count ->
        [0] {""}
       *[other] {" "}దొరకలేదు: {$skipped}.
    }

wholesaler-order = ఆర్డర్ {$code}, {$shop}:
    {$lines}
    YES {$code} / NO {$code} / {$code} 2 NO

wholesaler-confirm-ack = ఆర్డర్ {$code} ఖరారైంది. {$shop} కి తెలిపాం.
wholesaler-reject-ack = ఆర్డర్ {$code} తిరస్కరించారు. {$shop} కి తెలిపాం.
wholesaler-unknown-order = {$code} అనే పెండింగ్ ఆర్డర్ లేదు. ఆర్డర్ కోడ్ తో YES లేదా NO పంపండి.
wholesaler-which-order = మీ పెండింగ్ ఆర్డర్లు: {$codes}. కోడ్ తో జవాబివ్వండి, ఉదా. YES {$example}.
wholesaler-no-open-orders = జవాబు ఇవ్వాల్సిన ఆర్డర్లు ఏవీ లేవు.
wholesaler-help = ఖరారు: YES <కోడ్>. వద్దు: NO <కోడ్>. సరుకు 2 లేదు: <కోడ్> 2 NO. పంపాక: SENT <కోడ్>.

order-confirmed = మీ ఆర్డర్ {$code} ను {$wholesaler} ఖరారు చేశారు.
order-rejected = క్షమించండి, {$wholesaler} మీ ఆర్డర్ {$code} పంపలేరు.

order-status = మీ ఆర్డర్లు: {$orders}
no-orders = మీకు ఇంకా ఆర్డర్లు లేవు. ఆర్డర్ కోసం పంపండి, ఉదా. "5 కిలో బియ్యం, 2 ఉప్పు".

state-draft = మీ జవాబు కావాలి
state-placed = హోల్సేలర్ జవాబు కోసం
state-confirmed = ఖరారు
state-partially_confirmed = కొంత ఖరారు
state-rejected = తిరస్కరణ
state-expired = జవాబు రాలేదు
state-cancelled = రద్దు
state-dispatched = దారిలో ఉంది
state-delivered = అందింది

clarify-question = "{$item}" లో ఏది? {$options}. నంబర్ పంపండి, వద్దంటే 0.
clarify-again = 1 నుండి {$max} వరకు నంబర్ లేదా 0 పంపండి. "{$item}": {$options}
order-dropped = ఆర్డరులో సరుకులు ఏవీ మిగలలేదు, ఏమీ పంపలేదు. ఎప్పుడైనా కొత్త ఆర్డర్ పంపండి.

wholesaler-order-part = ఆర్డర్ {$code} ({$part}/{$parts}), {$shop}:
    {$lines}
wholesaler-order-last = ఆర్డర్ {$code} ({$part}/{$parts}):
    {$lines}
    YES {$code} / NO {$code} / {$code} 2 NO
wholesaler-partial-ack = ఆర్డర్ {$code} ఖరారు, సరుకు {$refused} తప్ప. {$shop} కి తెలిపాం.
wholesaler-sent-ack = ఆర్డర్ {$code} పంపినట్టు నమోదు చేశాం. {$shop} కి తెలిపాం.
wholesaler-order-not-waiting = ఆర్డర్ {$code}: {$state}. చేయాల్సింది ఏమీ లేదు.
wholesaler-order-moved = సమయానికి జవాబు రాలేదు, అందుకే ఆర్డర్ {$code} వేరే హోల్సేలర్ కి వెళ్ళింది.
wholesaler-bad-lines = ఆర్డర్ {$code} లో సరుకులు 1 నుండి {$lines} వరకు ఉన్నాయి. సరుకు 2 వద్దంటే: {$code} 2 NO
wholesaler-order-cancelled = {$shop} ఆర్డర్ {$code} ను రద్దు చేశారు. దయచేసి పంపకండి.
wholesaler-order-expired = {$shop} ఆర్డర్ {$code} కి జవాబు లేక గడువు ముగిసింది.

order-rejected-reason = క్షమించండి, {$wholesaler} ఆర్డర్ {$code} పంపలేరు: "{$reason}".
order-partly-confirmed = ఆర్డర్ {$code}: {$all} లో {$count} సరుకులు {$wholesaler} ఖరారు చేశారు, ₹{$total}. లేనివి: {$missing}.
order-dispatched = {$wholesaler} పంపిన మీ ఆర్డర్ {$code} దారిలో ఉంది.
order-rerouted = {$late} ఆర్డర్ {$code} కి జవాబు ఇవ్వలేదు, అందుకే {$wholesaler} కి పంపాం.
order-expired = {$wholesaler} మీ ఆర్డర్ {$code} కి జవాబు ఇవ్వలేదు. మళ్ళీ ఆర్డర్ చేయండి లేదా వారికి ఫోన్ చేయండి.
order-cancelled = ఆర్డర్ {$code} రద్దయింది.
cancel-too-late = ఆర్డర్ {$code}: {$state}, ఇక రద్దు కాదు. హోల్సేలర్ కి ఫోన్ చేయండి.
cancel-unknown-order = మీ షాపుకు {$code} ఆర్డర్ లేదు. మీ ఆర్డర్లు చూడటానికి STATUS పంపండి.
cancel-nothing-open = రద్దు చేయడానికి పెండింగ్ ఆర్డర్ ఏదీ లేదు.
repeat-nothing = మళ్ళీ పంపడానికి పాత ఆర్డర్ లేదు. ఆర్డర్ కోసం పంపండి, ఉదా. "5 కిలో బియ్యం, 2 ఉప్పు".

stop-confirmed = ఇక మండీ నుండి SMS రావు. మళ్ళీ కావాలంటే START పంపండి.
start-confirmed = తిరిగి స్వాగతం: మండీ SMS మళ్ళీ వస్తాయి. ఆర్డర్ ఎలా చేయాలో తెలియడానికి HELP పంపండి.
lang-set = సరే: ఇక మండీ మీకు తెలుగులో జవాబు ఇస్తుంది.
lang-unknown = భాష మార్చడానికి LANG తో పాటు భాష పేరు పంపండి: {$choices}

# USSD స్క్రీన్ (SMS కాదు): తెలుగులో ఒక స్క్రీన్ కి 80 UTF-16 యూనిట్లు, కింద "00 వెనుకకు" లైన్ తో కలిపి. ప్రతి లైన్ చిన్నగా ఉంచండి.
ussd-main = మండీ
    1 మళ్ళీ ఆర్డర్
    2 నా ఆర్డర్లు
    3 సరుకులు కొనండి
    4 భాష
ussd-main-cart = 5 నా కార్ట్ ({$count})
ussd-resume = మీ కార్ట్ లో: {$count ->
        [one] 1 సరుకు
       *[other] {$count} సరుకులు
    }, ₹{$total}.
    1 కొనసాగించండి
    2 కొత్తగా మొదలు
ussd-reorder = పాత ఆర్డర్ {$code}: {$items}. ₹{$total}
    1 మళ్ళీ పంపండి
ussd-reorder-none = మళ్ళీ పంపడానికి పాత ఆర్డర్ లేదు.
ussd-orders = మీ ఆర్డర్లు:
ussd-orders-none = మీకు ఇంకా ఆర్డర్లు లేవు.
ussd-categories = ఎంచుకోండి:
ussd-products = {$category}:
ussd-quantity = {$product}, ఒక ప్యాక్ ₹{$price}.
    ఎన్ని ప్యాక్ లు?
ussd-added = {$product} x{$packs} చేర్చాం. కార్ట్: {$count}, ₹{$total}
    1 ఇంకా కొనండి
    2 ఆర్డర్
ussd-review = కార్ట్, ₹{$total}:
ussd-review-actions = 1 ఆర్డర్ చేయండి
    2 కార్ట్ ఖాళీ చేయండి
ussd-language = భాష:
ussd-lang-name = తెలుగు
ussd-next = 0 తర్వాత
ussd-back = 00 వెనుకకు
# The same keys in GSM-7 only, for lists of Latin-script names: a screen without native letters holds 182
# characters instead of 80, so more products fit on a page.
ussd-next-plain = 0 >
ussd-back-plain = 00 <
ussd-invalid = తప్పు ఎంపిక.
ussd-restarted = మళ్ళీ మొదలు.
ussd-cart-emptied = కార్ట్ ఖాళీ అయింది.
ussd-ordered = ఆర్డర్ {$code} {$wholesaler} కి పంపాం, ₹{$total}. ఖరారైతే SMS వస్తుంది.
ussd-try-again = క్షమించండి, ఏదో తప్పు జరిగింది. మళ్ళీ ప్రయత్నించండి.
ussd-not-a-shop = ఈ మెనూ షాపుల కోసం. హోల్సేలర్లు ఆర్డర్లకు SMS లో జవాబిస్తారు.

cart-saved = మీ మండీ కార్ట్ ({$count} సరుకులు, ₹{$total}) సేవ్ అయింది. ఆర్డర్ పూర్తి చేయడానికి {$dial} డయల్ చేయండి.

wholesaler-order-withdrawn = {$shop} ఆర్డర్ {$code} ను మండీ రద్దు చేసింది. దయచేసి పంపకండి.
order-reassigned = మీ ఆర్డర్ {$code} ఇప్పుడు {$wholesaler} కి పంపాం. ఖరారైతే SMS వస్తుంది.
order-delivered = {$wholesaler} పంపిన మీ ఆర్డర్ {$code} అందింది. ధన్యవాదాలు!

too-many-messages = మీ నంబర్ నుండి మరీ ఎక్కువ మెసేజ్ లు: కొన్ని నిమిషాలు మండీ వాటిని పట్టించుకోదు. మొత్తం ఆర్డర్ ఒకే SMS లో పంపండి.
