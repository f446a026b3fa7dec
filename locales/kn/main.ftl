# ಕನ್ನಡ (ಕನ್ನಡ ಲಿಪಿ). ಯೂನಿಕೋಡ್ (UCS-2) ನಲ್ಲಿ ಒಂದು SMS ಗೆ 70 ಅಕ್ಷರ (ಎರಡು ಭಾಗದಲ್ಲಿ 134): ಸಂದೇಶಗಳನ್ನು ಚಿಕ್ಕದಾಗಿ ಇಡಿ.

# ₹ ಚಿಹ್ನೆ ಹಾಗೇ ಇರುತ್ತದೆ: ಕನ್ನಡ SMS ಹೇಗಿದ್ದರೂ UCS-2, Rs ಎಂದು ಬರೆದರೆ ಏನೂ ಉಳಿಯುವುದಿಲ್ಲ.
sms-rupee-as-rs = no

not-registered = ಕ್ಷಮಿಸಿ, ಈ ನಂಬರ್ ಮಂಡಿಯಲ್ಲಿ ನೋಂದಣಿ ಆಗಿಲ್ಲ. ಅಂಗಡಿ ಸೇರಿಸಲು ನಿಮ್ಮ ಹೋಲ್ಸೇಲರ್ ಬಳಿ ಹೇಳಿ.

shop-help = ಆರ್ಡರ್: ಸಾಮಾನು ಕಳಿಸಿ, ಉದಾ. "5 ಕೆಜಿ ಅಕ್ಕಿ". STATUS: ನಿಮ್ಮ ಆರ್ಡರ್. CANCEL <ಕೋಡ್>: ರದ್ದು. REPEAT: ಹಿಂದಿನ ಆರ್ಡರ್.

nothing-understood = ಕ್ಷಮಿಸಿ, ಸಂದೇಶದಲ್ಲಿ ಆರ್ಡರ್ ಅರ್ಥವಾಗಲಿಲ್ಲ. ಸಾಮಾನು, ಎಷ್ಟು ಬೇಕು ಎಂದು ಕಳಿಸಿ, ಉದಾ. "5 ಕೆಜಿ ಅಕ್ಕಿ, 2 ಉಪ್ಪು".

no-wholesaler = ನಿಮ್ಮ ಅಂಗಡಿಗೆ ಇನ್ನೂ ಹೋಲ್ಸೇಲರ್ ಜೋಡಣೆ ಆಗಿಲ್ಲ, ಆರ್ಡರ್ ಕಳಿಸಲು ಆಗದು. ಮಂಡಿ ಆಪರೇಟರ್ ಅವರಿಗೆ ಕರೆ ಮಾಡಿ.

order-placed = ಆರ್ಡರ್ {$code} {$wholesaler} ಅವರಿಗೆ ಕಳಿಸಿದ್ದೇವೆ: {$count} ಐಟಂ, ₹{$total}. ಖಚಿತವಾದಾಗ SMS ಬರುತ್ತದೆ.{$skipped_count ->
        [0] {""}
       *[other] {" "}ಸಿಗಲಿಲ್ಲ: {$skipped}.
    }

wholesaler-order = ಆರ್ಡರ್ {$code}, {$shop}:
    {$lines}
    YES {$code} / NO {$code} / {$code} 2 NO

wholesaler-confirm-ack = ಆರ್ಡರ್ {$code} ಖಚಿತವಾಗಿದೆ. {$shop} ಅವರಿಗೆ ತಿಳಿಸಿದ್ದೇವೆ.
wholesaler-reject-ack = ಆರ್ಡರ್ {$code} ನಿರಾಕರಿಸಲಾಗಿದೆ. {$shop} ಅವರಿಗೆ ತಿಳಿಸಿದ್ದೇವೆ.
wholesaler-unknown-order = {$code} ಎಂಬ ಬಾಕಿ ಆರ್ಡರ್ ಇಲ್ಲ. ಆರ್ಡರ್ ಕೋಡ್ ಜೊತೆ YES ಅಥವಾ NO ಕಳಿಸಿ.
wholesaler-which-order = ನಿಮ್ಮ ಬಾಕಿ ಆರ್ಡರ್: {$codes}. ಕೋಡ್ ಜೊತೆ ಉತ್ತರಿಸಿ, ಉದಾ. YES {$example}.
wholesaler-no-open-orders = ಉತ್ತರಕ್ಕೆ ಬಾಕಿ ಇರುವ ಆರ್ಡರ್ ಯಾವುದೂ ಇಲ್ಲ.
wholesaler-help = ಖಚಿತ: YES <ಕೋಡ್>. ಬೇಡ: NO <ಕೋಡ್>. ಐಟಂ 2 ಇಲ್ಲ: <ಕೋಡ್> 2 NO. ಕಳಿಸಿದ ಮೇಲೆ: SENT <ಕೋಡ್>.

order-confirmed = ನಿಮ್ಮ ಆರ್ಡರ್ {$code} ಅನ್ನು {$wholesaler} ಖಚಿತಪಡಿಸಿದ್ದಾರೆ.
order-rejected = ಕ್ಷಮಿಸಿ, {$wholesaler} ನಿಮ್ಮ ಆರ್ಡರ್ {$code} ಒಪ್ಪಲಿಲ್ಲ.

order-status = ನಿಮ್ಮ ಆರ್ಡರ್: {$orders}
no-orders = ಇನ್ನೂ ಯಾವುದೇ ಆರ್ಡರ್ ಇಲ್ಲ. ಆರ್ಡರ್ ಮಾಡಲು ಕಳಿಸಿ, ಉದಾ. "5 ಕೆಜಿ ಅಕ್ಕಿ, 2 ಉಪ್ಪು".

state-draft = ನಿಮ್ಮ ಉತ್ತರ ಬೇಕು
state-placed = ಹೋಲ್ಸೇಲರ್ ಉತ್ತರ ಬಾಕಿ
state-confirmed = ಖಚಿತ
state-partially_confirmed = ಭಾಗಶಃ ಖಚಿತ
state-rejected = ನಿರಾಕರಣೆ
state-expired = ಉತ್ತರ ಬರಲಿಲ್ಲ
state-cancelled = ರದ್ದು
state-dispatched = ದಾರಿಯಲ್ಲಿದೆ
state-delivered = ತಲುಪಿದೆ

clarify-question = "{$item}" ನಲ್ಲಿ ಯಾವುದು? {$options}. ನಂಬರ್ ಕಳಿಸಿ, ಬೇಡವಾದರೆ 0.
clarify-again = 1 ರಿಂದ {$max} ವರೆಗೆ ನಂಬರ್ ಅಥವಾ 0 ಕಳಿಸಿ. "{$item}": {$options}
order-dropped = ಆರ್ಡರಿನಲ್ಲಿ ಯಾವ ಸಾಮಾನೂ ಉಳಿದಿಲ್ಲ, ಏನೂ ಕಳಿಸಿಲ್ಲ. ಯಾವಾಗ ಬೇಕಾದರೂ ಹೊಸ ಆರ್ಡರ್ ಕಳಿಸಿ.

wholesaler-order-part = ಆರ್ಡರ್ {$code} ({$part}/{$parts}), {$shop}:
    {$lines}
wholesaler-order-last = ಆರ್ಡರ್ {$code} ({$part}/{$parts}):
    {$lines}
    YES {$code} / NO {$code} / {$code} 2 NO
wholesaler-partial-ack = ಆರ್ಡರ್ {$code} ಖಚಿತ, ಐಟಂ {$refused} ಬಿಟ್ಟು. {$shop} ಅವರಿಗೆ ತಿಳಿಸಿದ್ದೇವೆ.
wholesaler-sent-ack = ಆರ್ಡರ್ {$code} ಕಳಿಸಲಾಗಿದೆ. {$shop} ಅವರಿಗೆ ತಿಳಿಸಿದ್ದೇವೆ.
wholesaler-order-not-waiting = ಆರ್ಡರ್ {$code}: {$state}. ಏನೂ ಮಾಡಬೇಕಿಲ್ಲ.
wholesaler-order-moved = ಸಮಯಕ್ಕೆ ಉತ್ತರ ಬರದ ಕಾರಣ ಆರ್ಡರ್ {$code} ಬೇರೆ ಹೋಲ್ಸೇಲರ್ ಬಳಿ ಹೋಯಿತು.
wholesaler-bad-lines = ಆರ್ಡರ್ {$code} ನಲ್ಲಿ ಐಟಂ 1 ರಿಂದ {$lines} ವರೆಗೆ ಇವೆ. ಐಟಂ 2 ಬೇಡ ಎನ್ನಲು: {$code} 2 NO
wholesaler-order-cancelled = {$shop} ಅವರು ಆರ್ಡರ್ {$code} ರದ್ದು ಮಾಡಿದ್ದಾರೆ. ದಯವಿಟ್ಟು ಕಳಿಸಬೇಡಿ.
wholesaler-order-expired = {$shop} ಅವರ ಆರ್ಡರ್ {$code} ಉತ್ತರವಿಲ್ಲದೆ ಅವಧಿ ಮೀರಿದೆ.

order-rejected-reason = ಕ್ಷಮಿಸಿ, {$wholesaler} ಆರ್ಡರ್ {$code} ಒಪ್ಪಲಿಲ್ಲ: "{$reason}".
order-partly-confirmed = ಆರ್ಡರ್ {$code}: {$all} ರಲ್ಲಿ {$count} ಐಟಂ {$wholesaler} ಖಚಿತಪಡಿಸಿದ್ದಾರೆ, ₹{$total}. ಇಲ್ಲದವು: {$missing}.
order-dispatched = {$wholesaler} ಕಳಿಸಿದ ನಿಮ್ಮ ಆರ್ಡರ್ {$code} ದಾರಿಯಲ್ಲಿದೆ.
order-rerouted = {$late} ಆರ್ಡರ್ {$code} ಗೆ ಉತ್ತರಿಸಲಿಲ್ಲ, ಆದ್ದರಿಂದ {$wholesaler} ಅವರಿಗೆ ಕಳಿಸಿದ್ದೇವೆ.
order-expired = {$wholesaler} ನಿಮ್ಮ ಆರ್ಡರ್ {$code} ಗೆ ಉತ್ತರಿಸಲಿಲ್ಲ. ಮತ್ತೆ ಆರ್ಡರ್ ಮಾಡಿ ಅಥವಾ ಅವರಿಗೆ ಕರೆ ಮಾಡಿ.
order-cancelled = ಆರ್ಡರ್ {$code} ರದ್ದಾಗಿದೆ.
cancel-too-late = ಆರ್ಡರ್ {$code}: {$state}, ಈಗ ರದ್ದು ಮಾಡಲು ಆಗದು. ಹೋಲ್ಸೇಲರ್ ಅವರಿಗೆ ಕರೆ ಮಾಡಿ.
cancel-unknown-order = ನಿಮ್ಮ ಅಂಗಡಿಗೆ {$code} ಆರ್ಡರ್ ಇಲ್ಲ. ಆರ್ಡರ್ ನೋಡಲು STATUS ಕಳಿಸಿ.
cancel-nothing-open = ರದ್ದು ಮಾಡಲು ಬಾಕಿ ಆರ್ಡರ್ ಇಲ್ಲ.
repeat-nothing = ಮತ್ತೆ ಕಳಿಸಲು ಹಿಂದಿನ ಆರ್ಡರ್ ಇಲ್ಲ. ಆರ್ಡರ್ ಮಾಡಲು ಕಳಿಸಿ, ಉದಾ. "5 ಕೆಜಿ ಅಕ್ಕಿ, 2 ಉಪ್ಪು".

stop-confirmed = ಇನ್ನು ಮಂಡಿಯಿಂದ SMS ಬರುವುದಿಲ್ಲ. ಮತ್ತೆ ಬೇಕಾದರೆ START ಕಳಿಸಿ.
start-confirmed = ಮರಳಿ ಸ್ವಾಗತ: ಮಂಡಿ SMS ಮತ್ತೆ ಬರುತ್ತವೆ. ಆರ್ಡರ್ ಮಾಡುವ ರೀತಿ ತಿಳಿಯಲು HELP ಕಳಿಸಿ.
lang-set = ಸರಿ: ಇನ್ನು ಮಂಡಿ ನಿಮಗೆ ಕನ್ನಡದಲ್ಲಿ ಉತ್ತರಿಸುತ್ತದೆ.
lang-unknown = ಭಾಷೆ ಬದಲಿಸಲು LANG ಜೊತೆ ಭಾಷೆಯ ಹೆಸರು ಕಳಿಸಿ: {$choices}

# USSD ಪರದೆ (SMS ಅಲ್ಲ): ಕನ್ನಡದಲ್ಲಿ ಒಂದು ಪರದೆಗೆ 80 UTF-16 ಘಟಕ, ಕೆಳಗಿನ "00 ಹಿಂದೆ" ಸಾಲು ಸೇರಿ. ಪ್ರತಿ ಸಾಲನ್ನು ಚಿಕ್ಕದಾಗಿ ಇಡಿ.
ussd-main = ಮಂಡಿ
    1 ಮತ್ತೆ ಆರ್ಡರ್
    2 ನನ್ನ ಆರ್ಡರ್
    3 ಸಾಮಾನು ಖರೀದಿ
    4 ಭಾಷೆ
ussd-main-cart = 5 ನನ್ನ ಕಾರ್ಟ್ ({$count})
ussd-resume = ನಿಮ್ಮ ಕಾರ್ಟ್: {$count ->
        [one] 1 ಐಟಂ
       *[other] {$count} ಐಟಂ
    }, ₹{$total}.
    1 ಮುಂದುವರಿಸಿ
    2 ಹೊಸದಾಗಿ ಶುರು
ussd-reorder = ಹಿಂದಿನ ಆರ್ಡರ್ {$code}: {$items}. ₹{$total}
    1 ಮತ್ತೆ ಕಳಿಸಿ
ussd-reorder-none = ಮತ್ತೆ ಕಳಿಸಲು ಹಿಂದಿನ ಆರ್ಡರ್ ಇಲ್ಲ.
ussd-orders = ನಿಮ್ಮ ಆರ್ಡರ್:
ussd-orders-none = ಇನ್ನೂ ಯಾವುದೇ ಆರ್ಡರ್ ಇಲ್ಲ.
ussd-categories = ಆಯ್ಕೆ ಮಾಡಿ:
ussd-products = {$category}:
ussd-quantity = {$product}, ಒಂದು ಪ್ಯಾಕ್ ₹{$price}.
    ಎಷ್ಟು ಪ್ಯಾಕ್?
ussd-added = {$product} x{$packs} ಸೇರಿತು. ಕಾರ್ಟ್: {$count}, ₹{$total}
    1 ಇನ್ನೂ ಖರೀದಿಸಿ
    2 ಆರ್ಡರ್
ussd-review = ಕಾರ್ಟ್, ₹{$total}:
ussd-review-actions = 1 ಆರ್ಡರ್ ಮಾಡಿ
    2 ಕಾರ್ಟ್ ಖಾಲಿ ಮಾಡಿ
ussd-language = ಭಾಷೆ:
ussd-lang-name = ಕನ್ನಡ
ussd-next = 0 ಮುಂದೆ
ussd-back = 00 ಹಿಂದೆ
# The same keys in GSM-7 only, for lists of Latin-script names: a screen without native letters holds 182
# characters instead of 80, so more products fit on a page.
ussd-next-plain = 0 >
ussd-back-plain = 00 <
ussd-invalid = ತಪ್ಪು ಆಯ್ಕೆ.
ussd-restarted = ಮತ್ತೆ ಶುರು.
ussd-cart-emptied = ಕಾರ್ಟ್ ಖಾಲಿಯಾಗಿದೆ.
ussd-ordered = ಆರ್ಡರ್ {$code} {$wholesaler} ಅವರಿಗೆ ಕಳಿಸಿದ್ದೇವೆ, ₹{$total}. ಖಚಿತವಾದಾಗ SMS ಬರುತ್ತದೆ.
ussd-try-again = ಕ್ಷಮಿಸಿ, ಏನೋ ತಪ್ಪಾಗಿದೆ. ಮತ್ತೆ ಪ್ರಯತ್ನಿಸಿ.
ussd-not-a-shop = ಈ ಮೆನು ಅಂಗಡಿಗಳಿಗೆ ಮಾತ್ರ. ಹೋಲ್ಸೇಲರ್ ಆರ್ಡರ್ ಗೆ SMS ಮೂಲಕ ಉತ್ತರಿಸುತ್ತಾರೆ.

cart-saved = ನಿಮ್ಮ ಮಂಡಿ ಕಾರ್ಟ್ ({$count} ಐಟಂ, ₹{$total}) ಉಳಿಸಲಾಗಿದೆ. ಆರ್ಡರ್ ಮುಗಿಸಲು {$dial} ಡಯಲ್ ಮಾಡಿ.

wholesaler-order-withdrawn = {$shop} ಅವರ ಆರ್ಡರ್ {$code} ಅನ್ನು ಮಂಡಿ ರದ್ದು ಮಾಡಿದೆ. ದಯವಿಟ್ಟು ಕಳಿಸಬೇಡಿ.
order-reassigned = ನಿಮ್ಮ ಆರ್ಡರ್ {$code} ಈಗ {$wholesaler} ಅವರಿಗೆ ಕಳಿಸಿದ್ದೇವೆ. ಖಚಿತವಾದಾಗ SMS ಬರುತ್ತದೆ.
order-delivered = {$wholesaler} ಕಳಿಸಿದ ನಿಮ್ಮ ಆರ್ಡರ್ {$code} ತಲುಪಿದೆ. ಧನ್ಯವಾದ!

too-many-messages = ನಿಮ್ಮ ನಂಬರಿನಿಂದ ತುಂಬಾ ಸಂದೇಶ ಬಂದಿವೆ: ಕೆಲವು ನಿಮಿಷ ಮಂಡಿ ಅವನ್ನು ಕಡೆಗಣಿಸುತ್ತದೆ. ಪೂರ್ತಿ ಆರ್ಡರ್ ಒಂದೇ SMS ನಲ್ಲಿ ಕಳಿಸಿ.
