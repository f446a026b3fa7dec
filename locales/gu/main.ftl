# ગુજરાતી (ગુજરાતી લિપિ). યુનિકોડ (UCS-2) માં એક SMS માં 70 અક્ષર આવે (બે ભાગમાં 134): સંદેશ ટૂંકા રાખો.

# ₹ ચિહ્ન એમ જ રહે: ગુજરાતી SMS આમ પણ UCS-2 છે, Rs લખવાથી કંઈ બચતું નથી.
sms-rupee-as-rs = no

not-registered = માફ કરશો, આ નંબર મંડીમાં નોંધાયેલ નથી. તમારા હોલસેલરને દુકાન ઉમેરવા કહો.

shop-help = ઓર્ડર: માલ મોકલો, દા.ત. "5 કિલો લોટ". STATUS: ઓર્ડર જુઓ. CANCEL <કોડ>: રદ. REPEAT: છેલ્લો ઓર્ડર.

nothing-understood = માફ કરશો, મેસેજમાં ઓર્ડર સમજાયો નહીં. માલ અને જથ્થો મોકલો, દા.ત. "5 કિલો લોટ, 2 કિલો ખાંડ".

no-wholesaler = તમારી દુકાન સાથે હજી કોઈ હોલસેલર જોડાયેલ નથી. મંડી ઓપરેટરને ફોન કરો.

order-placed = ઓર્ડર {$code} {$wholesaler} ને મોકલ્યો: {$count} વસ્તુ, ₹{$total}. પાકો થશે ત્યારે SMS આવશે.{$skipped_count ->
        [0] {""}
       *[other] {" "}ન મળ્યું: {$skipped}.
    }

wholesaler-order = ઓર્ડર {$code}, {$shop} તરફથી:
    {$lines}
    YES {$code} / NO {$code} / {$code} 2 NO

wholesaler-confirm-ack = ઓર્ડર {$code} પાકો. {$shop} ને જણાવી દીધું.
wholesaler-reject-ack = ઓર્ડર {$code} નામંજૂર. {$shop} ને જણાવી દીધું.
wholesaler-unknown-order = {$code} નો કોઈ ખુલ્લો ઓર્ડર મળ્યો નહીં. ઓર્ડર કોડ સાથે YES કે NO મોકલો.
wholesaler-which-order = તમારા ખુલ્લા ઓર્ડર: {$codes}. કોડ સાથે જવાબ આપો, દા.ત. YES {$example}.
wholesaler-no-open-orders = જવાબ માટે કોઈ ઓર્ડર બાકી નથી.
wholesaler-help = પાકો: YES <કોડ>. ના: NO <કોડ>. વસ્તુ 2 નથી: <કોડ> 2 NO. મોકલ્યો: SENT <કોડ>.

order-confirmed = તમારો ઓર્ડર {$code} {$wholesaler} એ પાકો કર્યો.
order-rejected = માફ કરશો, {$wholesaler} તમારો ઓર્ડર {$code} મોકલી શકે તેમ નથી.

order-status = તમારા ઓર્ડર: {$orders}
no-orders = હજી કોઈ ઓર્ડર નથી. ઓર્ડર માટે મોકલો, દા.ત. "5 કિલો લોટ, 2 કિલો ખાંડ".

state-draft = તમારા જવાબની રાહ
state-placed = હોલસેલરના જવાબની રાહ
state-confirmed = પાકો
state-partially_confirmed = અંશતઃ પાકો
state-rejected = નામંજૂર
state-expired = જવાબ ન આવ્યો
state-cancelled = રદ
state-dispatched = રસ્તામાં
state-delivered = પહોંચી ગયો

clarify-question = "{$item}": કયું જોઈએ? {$options}. નંબર મોકલો, ના હોય તો 0.
clarify-again = 1 થી {$max} નો નંબર મોકલો, અથવા 0. "{$item}": {$options}
order-dropped = ઓર્ડરમાં કોઈ વસ્તુ બાકી નથી, કંઈ મોકલ્યું નથી. નવો ઓર્ડર ગમે ત્યારે મોકલો.

wholesaler-order-part = ઓર્ડર {$code} ({$part}/{$parts}), {$shop} તરફથી:
    {$lines}
wholesaler-order-last = ઓર્ડર {$code} ({$part}/{$parts}):
    {$lines}
    YES {$code} / NO {$code} / {$code} 2 NO
wholesaler-partial-ack = ઓર્ડર {$code} પાકો, વસ્તુ {$refused} સિવાય. {$shop} ને જણાવી દીધું.
wholesaler-sent-ack = ઓર્ડર {$code} મોકલાયો. {$shop} ને જણાવી દીધું.
wholesaler-order-not-waiting = ઓર્ડર {$code}: {$state}. કંઈ કરવાનું નથી.
wholesaler-order-moved = સમયસર જવાબ ન આવ્યો, તેથી ઓર્ડર {$code} બીજા હોલસેલરને ગયો.
wholesaler-bad-lines = ઓર્ડર {$code} માં વસ્તુ 1 થી {$lines} છે. વસ્તુ 2 ન હોય તો: {$code} 2 NO
wholesaler-order-cancelled = {$shop} એ ઓર્ડર {$code} રદ કર્યો. કૃપા કરી ન મોકલશો.
wholesaler-order-expired = {$shop} ના ઓર્ડર {$code} ની મુદત જવાબ વગર પૂરી થઈ.

order-rejected-reason = માફ કરશો, {$wholesaler} ઓર્ડર {$code} મોકલી શકે તેમ નથી: "{$reason}".
order-partly-confirmed = {$wholesaler} એ ઓર્ડર {$code} ની {$all} માંથી {$count} વસ્તુ પાકી કરી, ₹{$total}. નથી: {$missing}.
order-dispatched = તમારો ઓર્ડર {$code} {$wholesaler} પાસેથી રવાના થયો છે.
order-rerouted = {$late} એ ઓર્ડર {$code} નો જવાબ ન આપ્યો, તેથી {$wholesaler} ને મોકલ્યો.
order-expired = {$wholesaler} એ ઓર્ડર {$code} નો જવાબ ન આપ્યો. ફરી ઓર્ડર કરો અથવા ફોન કરો.
order-cancelled = ઓર્ડર {$code} રદ થયો.
cancel-too-late = ઓર્ડર {$code}: {$state}, હવે રદ નહીં થાય. હોલસેલરને ફોન કરો.
cancel-unknown-order = તમારી દુકાનનો {$code} ઓર્ડર મળ્યો નહીં. ઓર્ડર જોવા STATUS મોકલો.
cancel-nothing-open = રદ કરવા માટે કોઈ ખુલ્લો ઓર્ડર નથી.
repeat-nothing = ફરી મોકલવા કોઈ જૂનો ઓર્ડર નથી. ઓર્ડર માટે મોકલો, દા.ત. "5 કિલો લોટ, 2 કિલો ખાંડ".

stop-confirmed = હવે મંડી તરફથી SMS નહીં આવે. ફરી મેળવવા START મોકલો.
start-confirmed = ફરી સ્વાગત છે: મંડીના SMS ફરી આવશે. ઓર્ડર કેવી રીતે કરવો તે જોવા HELP મોકલો.
lang-set = બરાબર: મંડી હવે તમને ગુજરાતીમાં જવાબ આપશે.
lang-unknown = ભાષા બદલવા LANG અને ભાષા મોકલો: {$choices}

# USSD સ્ક્રીન (SMS નહીં): ગુજરાતીમાં એક સ્ક્રીન પર 80 UTF-16 એકમ, નીચેની "00 પાછળ" લાઇન સાથે. દરેક લાઇન ટૂંકી રાખો.
ussd-main = મંડી
    1 છેલ્લો ઓર્ડર ફરી
    2 મારા ઓર્ડર
    3 માલ ખરીદો
    4 ભાષા
ussd-main-cart = 5 મારું કાર્ટ ({$count})
ussd-resume = કાર્ટ બાકી છે: {$count ->
        [one] 1 વસ્તુ
       *[other] {$count} વસ્તુ
    }, ₹{$total}.
    1 ચાલુ રાખો
    2 ફરી શરૂ કરો
ussd-reorder = છેલ્લો ઓર્ડર {$code}: {$items}. ₹{$total}
    1 ફરી મોકલો
ussd-reorder-none = ફરી મોકલવા કોઈ જૂનો ઓર્ડર નથી.
ussd-orders = તમારા ઓર્ડર:
ussd-orders-none = હજી કોઈ ઓર્ડર નથી.
ussd-categories = પસંદ કરો:
ussd-products = {$category}:
ussd-quantity = {$product}, એક પેકના ₹{$price}.
    કેટલા પેક?
ussd-added = {$product} x{$packs} ઉમેર્યું. કાર્ટ: {$count}, ₹{$total}
    1 વધુ માલ
    2 કાર્ટ, ઓર્ડર
ussd-review = કાર્ટ, ₹{$total}:
ussd-review-actions = 1 ઓર્ડર કરો
    2 કાર્ટ ખાલી કરો
ussd-language = ભાષા:
ussd-lang-name = ગુજરાતી
ussd-next = 0 આગળ
ussd-back = 00 પાછળ
# The same keys in GSM-7 only, for lists of Latin-script names: a screen without native letters holds 182
# characters instead of 80, so more products fit on a page.
ussd-next-plain = 0 >
ussd-back-plain = 00 <
ussd-invalid = ખોટી પસંદગી.
ussd-restarted = ફરી શરૂ.
ussd-cart-emptied = કાર્ટ ખાલી કર્યું.
ussd-ordered = ઓર્ડર {$code} {$wholesaler} ને મોકલ્યો, ₹{$total}. પાકો થશે ત્યારે SMS આવશે.
ussd-try-again = માફ કરશો, કંઈક ખોટું થયું. ફરી પ્રયત્ન કરો.
ussd-not-a-shop = આ મેનૂ દુકાનો માટે છે. હોલસેલર ઓર્ડરનો જવાબ SMS થી આપે છે.

cart-saved = તમારું મંડી કાર્ટ ({$count} વસ્તુ, ₹{$total}) સાચવ્યું છે. ઓર્ડર પૂરો કરવા {$dial} ડાયલ કરો.

wholesaler-order-withdrawn = મંડીએ {$shop} નો ઓર્ડર {$code} રદ કર્યો. કૃપા કરી ન મોકલશો.
order-reassigned = તમારો ઓર્ડર {$code} હવે {$wholesaler} ને મોકલ્યો. પાકો થશે ત્યારે SMS આવશે.
order-delivered = {$wholesaler} પાસેથી તમારો ઓર્ડર {$code} પહોંચી ગયો. આભાર!

too-many-messages = તમારા નંબર પરથી બહુ વધારે મેસેજ આવ્યા: મંડી થોડી મિનિટ તેને અવગણશે. કૃપા કરી આખો ઓર્ડર એક જ SMS માં મોકલો.
