# Messages Mandi sends, in English. Keep each within one SMS (160 GSM-7 characters) with realistic values.
# Placeables get no bidi marks (the bundle turns isolation off), so plain ASCII here stays GSM-7.

# Latin-script replies write the rupee sign as Rs, so they stay GSM-7 (160 characters an SMS).
sms-rupee-as-rs = yes

not-registered = Sorry, this number is not registered with Mandi. Please ask your wholesaler to add your shop.

shop-help = Order: send items, e.g. "5 kg atta, 2 maggi". STATUS: your orders. CANCEL <code>: cancel. REPEAT: last order again.

nothing-understood = Sorry, we could not read an order in your message. Send items with quantities, e.g. "5 kg atta, 2 maggi".

no-wholesaler = Your shop has no wholesaler linked yet, so we cannot send orders. Please call your Mandi operator.

order-placed = Order {$code} sent to {$wholesaler}: {$count ->
        [one] 1 item
       *[other] {$count} items
    }, Rs {$total}. We will SMS you when they confirm.{$skipped_count ->
        [0] {""}
       *[other] {" "}Not found: {$skipped}.
    }

wholesaler-order = New order {$code} from {$shop}:
    {$lines}
    Reply YES {$code}, NO {$code}, or {$code} 2 NO if item 2 is out

wholesaler-confirm-ack = Order {$code} confirmed. {$shop} has been told.
wholesaler-reject-ack = Order {$code} rejected. {$shop} has been told.
wholesaler-unknown-order = No open order {$code} found. Reply YES or NO with the order code.
wholesaler-which-order = You have open orders {$codes}. Reply YES or NO with the order code, e.g. YES {$example}.
wholesaler-no-open-orders = You have no orders waiting for a reply.
wholesaler-help = Reply YES <code> to confirm, NO <code> to reject, <code> 2 NO if item 2 is not available, SENT <code> when dispatched.

order-confirmed = Your order {$code} is confirmed by {$wholesaler}.
order-rejected = Sorry, {$wholesaler} cannot supply your order {$code}.

order-status = Your orders: {$orders}
no-orders = You have no orders yet. To order, send e.g. "5 kg atta, 2 maggi".

state-draft = waiting for you
state-placed = waiting for wholesaler
state-confirmed = confirmed
state-partially_confirmed = partly confirmed
state-rejected = rejected
state-expired = no reply
state-cancelled = cancelled
state-dispatched = on the way
state-delivered = delivered

clarify-question = Which one for "{$item}"? {$options}. Reply with the number, 0 to skip.
clarify-again = Please reply with a number from 1 to {$max}, or 0 to skip. "{$item}": {$options}
order-dropped = No item was left in your order, so nothing was sent. Send a new order any time.

wholesaler-order-part = Order {$code} ({$part}/{$parts}) from {$shop}:
    {$lines}
wholesaler-order-last = Order {$code} ({$part}/{$parts}):
    {$lines}
    Reply YES {$code}, NO {$code}, or {$code} 2 NO if item 2 is out
wholesaler-partial-ack = Order {$code} confirmed without item {$refused}. {$shop} has been told.
wholesaler-sent-ack = Order {$code} marked as sent. {$shop} has been told.
wholesaler-order-not-waiting = Order {$code} is {$state}; nothing to do.
wholesaler-order-moved = Order {$code} went to another wholesaler because there was no reply in time.
wholesaler-bad-lines = Order {$code} has items 1 to {$lines}. To refuse item 2, reply e.g. {$code} 2 NO
wholesaler-order-cancelled = Order {$code} from {$shop} is CANCELLED by the shop. Please do not send it.
wholesaler-order-expired = Order {$code} from {$shop} has expired without a reply.

order-rejected-reason = Sorry, {$wholesaler} cannot supply your order {$code}: "{$reason}".
order-partly-confirmed = {$wholesaler} confirmed {$count} of {$all} items of order {$code}, Rs {$total}. Not available: {$missing}.
order-dispatched = Your order {$code} is on the way from {$wholesaler}.
order-rerouted = {$late} did not answer order {$code}, so it was sent to {$wholesaler}.
order-expired = {$wholesaler} did not answer your order {$code}. Please order again or call them.
order-cancelled = Order {$code} is cancelled.
cancel-too-late = Order {$code} is {$state} and can no longer be cancelled. Please call your wholesaler.
cancel-unknown-order = No order {$code} found for your shop. Send STATUS to see your orders.
cancel-nothing-open = You have no open order to cancel.
repeat-nothing = You have no earlier order to repeat. To order, send e.g. "5 kg atta, 2 maggi".

stop-confirmed = You will get no more SMS from Mandi. Send START to get them again.
start-confirmed = Welcome back: Mandi will send you SMS again. Send HELP to see how to order.
lang-set = Done: Mandi will reply to you in English.
lang-unknown = Send LANG and a language to change it: {$choices}

# USSD screens (not SMS: a screen holds 182 GSM-7 characters, or 80 UTF-16 units in a native script). Options are
# numbered as the caller keys them; "0" pages on, "00" goes back. Keep each line short.
ussd-main = Mandi
    1 Repeat last order
    2 My orders
    3 Buy items
    4 Language
ussd-main-cart = 5 My cart ({$count})
ussd-resume = Your cart is waiting: {$count ->
        [one] 1 item
       *[other] {$count} items
    }, Rs {$total}.
    1 Continue
    2 Start again
ussd-reorder = Last order {$code}: {$items}. Rs {$total}
    1 Send it again
ussd-reorder-none = You have no earlier order to repeat.
ussd-orders = Your orders:
ussd-orders-none = You have no orders yet.
ussd-categories = Choose:
ussd-products = {$category}:
ussd-quantity = {$product}, Rs {$price} a pack.
    How many packs?
ussd-added = Added {$product} x{$packs}. Cart: {$count}, Rs {$total}
    1 More items
    2 Cart and order
ussd-review = Cart, Rs {$total}:
ussd-review-actions = 1 Order now
    2 Empty cart
ussd-language = Language:
ussd-lang-name = English
ussd-next = 0 Next
ussd-back = 00 Back
# The same keys in GSM-7 only, for lists of Latin-script names: a screen without native letters holds 182
# characters instead of 80, so more products fit on a page.
ussd-next-plain = 0 Next
ussd-back-plain = 00 Back
ussd-invalid = Invalid choice.
ussd-restarted = Starting again.
ussd-cart-emptied = Cart emptied.
ussd-ordered = Order {$code} sent to {$wholesaler}, Rs {$total}. You will get an SMS when they confirm.
ussd-try-again = Sorry, something went wrong. Please try again.
ussd-not-a-shop = This menu is for shops. Wholesalers answer orders by SMS.

cart-saved = Your Mandi cart ({$count} items, Rs {$total}) is saved. Dial {$dial} to finish the order.

wholesaler-order-withdrawn = Order {$code} from {$shop} is cancelled by Mandi. Please do not send it.
order-reassigned = Your order {$code} now goes to {$wholesaler}. We will SMS you when they confirm.
order-delivered = Your order {$code} from {$wholesaler} is marked delivered. Thank you!

too-many-messages = Too many messages from your number: Mandi is ignoring them for a few minutes. Please send your whole order in one SMS.
