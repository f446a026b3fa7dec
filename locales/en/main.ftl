# Messages Mandi sends, in English. Keep each within one SMS (160 GSM-7 characters) with realistic values.
# Placeables get no bidi marks (the bundle turns isolation off), so plain ASCII here stays GSM-7.

not-registered = Sorry, this number is not registered with Mandi. Please ask your wholesaler to add your shop.

shop-help = To order, send items with quantities, e.g. "5 kg atta, 2 maggi". Send STATUS to see your orders.

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
    Reply YES {$code} or NO {$code}

wholesaler-confirm-ack = Order {$code} confirmed. {$shop} has been told.
wholesaler-reject-ack = Order {$code} rejected. {$shop} has been told.
wholesaler-unknown-order = No open order {$code} found. Reply YES or NO with the order code.
wholesaler-which-order = You have open orders {$codes}. Reply YES or NO with the order code, e.g. YES {$example}.
wholesaler-no-open-orders = You have no orders waiting for a reply.
wholesaler-help = Reply YES <code> to confirm an order or NO <code> to reject it.

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
