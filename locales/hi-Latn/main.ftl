# Hindi in Latin letters (Hinglish): cheaper than Devanagari (GSM-7) and how many shopkeepers write.

# Latin-script replies write the rupee sign as Rs, so they stay GSM-7 (160 characters an SMS).
sms-rupee-as-rs = yes

not-registered = Maaf kijiye, yeh number Mandi par registered nahi hai. Apne wholesaler se dukaan judwa lijiye.

shop-help = Order: saaman bhejiye, jaise "5 kg atta, 2 maggi". STATUS: order dekhein. CANCEL <code>: radd. REPEAT: pichla order dobara.

nothing-understood = Maaf kijiye, aapke message mein order samajh nahi aaya. Saaman aur matra bhejiye, jaise "5 kg atta, 2 maggi".

no-wholesaler = Aapki dukaan se abhi koi wholesaler nahi juda hai, isliye order nahi bhej sakte. Mandi operator ko call kijiye.

order-placed = Order {$code} {$wholesaler} ko bheja: {$count} item, Rs {$total}. Confirm hone par SMS aayega.{$skipped_count ->
        [0] {""}
       *[other] {" "}Nahi mila: {$skipped}.
    }

wholesaler-order = Naya order {$code}, {$shop} se:
    {$lines}
    Jawab: YES {$code}, NO {$code}, ya {$code} 2 NO (item 2 nahi)

wholesaler-confirm-ack = Order {$code} confirm hua. {$shop} ko bata diya.
wholesaler-reject-ack = Order {$code} mana kiya. {$shop} ko bata diya.
wholesaler-unknown-order = {$code} naam ka koi khula order nahi mila. Order code ke saath YES ya NO bhejiye.
wholesaler-which-order = Aapke khule order: {$codes}. Code ke saath jawab dein, jaise YES {$example}.
wholesaler-no-open-orders = Aapke paas jawab ke liye koi order nahi hai.
wholesaler-help = Confirm: YES <code>. Mana: NO <code>. Item 2 nahi hai: <code> 2 NO. Bhej diya: SENT <code>.

order-confirmed = Aapka order {$code} {$wholesaler} ne confirm kar diya.
order-rejected = Maaf kijiye, {$wholesaler} aapka order {$code} nahi bhej payenge.

order-status = Aapke order: {$orders}
no-orders = Abhi koi order nahi hai. Order ke liye bhejiye, jaise "5 kg atta, 2 maggi".

state-draft = aapke jawab ka intezaar
state-placed = wholesaler ke jawab ka intezaar
state-confirmed = confirm
state-partially_confirmed = thoda confirm
state-rejected = mana
state-expired = jawab nahi aaya
state-cancelled = radd
state-dispatched = raaste mein
state-delivered = pahunch gaya

clarify-question = "{$item}" mein kaunsa? {$options}. Number bhejiye, chhodne ke liye 0.
clarify-again = Kripya 1 se {$max} tak number bhejiye, ya 0. "{$item}": {$options}
order-dropped = Order mein koi saaman nahi bacha, isliye kuch nahi bheja. Naya order kabhi bhi bhejiye.

wholesaler-order-part = Order {$code} ({$part}/{$parts}), {$shop} se:
    {$lines}
wholesaler-order-last = Order {$code} ({$part}/{$parts}):
    {$lines}
    Jawab: YES {$code}, NO {$code}, ya {$code} 2 NO (item 2 nahi)
wholesaler-partial-ack = Order {$code} confirm, item {$refused} chhodkar. {$shop} ko bata diya.
wholesaler-sent-ack = Order {$code} bheja gaya. {$shop} ko bata diya.
wholesaler-order-not-waiting = Order {$code}: {$state}. Kuch karna nahi hai.
wholesaler-order-moved = Samay par jawab nahi aaya, isliye order {$code} doosre wholesaler ko gaya.
wholesaler-bad-lines = Order {$code} mein item 1 se {$lines} hain. Item 2 mana karne ke liye: {$code} 2 NO
wholesaler-order-cancelled = {$shop} ne order {$code} radd kar diya. Kripya mat bhejiye.
wholesaler-order-expired = {$shop} ka order {$code} bina jawab ke khatam ho gaya.

order-rejected-reason = Maaf kijiye, {$wholesaler} aapka order {$code} nahi bhej payenge: "{$reason}".
order-partly-confirmed = {$wholesaler} ne order {$code} ke {$all} mein se {$count} item confirm kiye, Rs {$total}. Nahi hai: {$missing}.
order-dispatched = Aapka order {$code} {$wholesaler} se raaste mein hai.
order-rerouted = {$late} ne order {$code} ka jawab nahi diya, isliye {$wholesaler} ko bheja.
order-expired = {$wholesaler} ne aapke order {$code} ka jawab nahi diya. Dobara order kijiye ya call kijiye.
order-cancelled = Order {$code} radd ho gaya.
cancel-too-late = Order {$code}: {$state}, ab radd nahi ho sakta. Wholesaler ko call kijiye.
cancel-unknown-order = Aapki dukaan ka order {$code} nahi mila. STATUS bhej kar order dekhiye.
cancel-nothing-open = Radd karne ke liye koi khula order nahi hai.
repeat-nothing = Dohrane ke liye koi pichla order nahi hai. Order bhejiye, jaise "5 kg atta, 2 maggi".

stop-confirmed = Ab Mandi se koi SMS nahi aayega. Dobara paane ke liye START bhejiye.
start-confirmed = Phir se swagat hai: Mandi ke SMS phir aayenge. Order kaise karein, HELP bhejiye.
lang-set = Theek hai: Mandi ab aapko Hinglish mein jawab dega.
lang-unknown = Bhasha badalne ke liye LANG aur bhasha bhejiye: {$choices}

# USSD screens (SMS nahi): ek screen par 182 GSM-7 akshar. Options ke number waise hi rahein; "0" aage, "00" wapas.
ussd-main = Mandi
    1 Pichla order dobara
    2 Mere order
    3 Saaman kharidein
    4 Bhasha
ussd-main-cart = 5 Mera cart ({$count})
ussd-resume = Aapka cart baaki hai: {$count ->
        [one] 1 item
       *[other] {$count} item
    }, Rs {$total}.
    1 Jaari rakhein
    2 Phir se shuru
ussd-reorder = Pichla order {$code}: {$items}. Rs {$total}
    1 Dobara bhejein
ussd-reorder-none = Dohrane ke liye koi pichla order nahi hai.
ussd-orders = Aapke order:
ussd-orders-none = Abhi koi order nahi hai.
ussd-categories = Chuniye:
ussd-products = {$category}:
ussd-quantity = {$product}, Rs {$price} ka pack.
    Kitne pack?
ussd-added = {$product} x{$packs} juda. Cart: {$count}, Rs {$total}
    1 Aur saaman
    2 Cart aur order
ussd-review = Cart, Rs {$total}:
ussd-review-actions = 1 Abhi order karein
    2 Cart khaali karein
ussd-language = Bhasha:
ussd-lang-name = Hinglish
ussd-next = 0 Aage
ussd-back = 00 Wapas
# The same keys in GSM-7 only, for lists of Latin-script names: a screen without native letters holds 182
# characters instead of 80, so more products fit on a page.
ussd-next-plain = 0 Aage
ussd-back-plain = 00 Wapas
ussd-invalid = Galat option.
ussd-restarted = Phir se shuru.
ussd-cart-emptied = Cart khaali kiya.
ussd-ordered = Order {$code} {$wholesaler} ko bheja, Rs {$total}. Confirm hone par SMS aayega.
ussd-try-again = Maaf kijiye, kuch gadbad hui. Dobara koshish kijiye.
ussd-not-a-shop = Yeh menu dukaan ke liye hai. Wholesaler order ka jawab SMS se dete hain.

cart-saved = Aapka Mandi cart ({$count} item, Rs {$total}) save hai. Order poora karne ke liye {$dial} dial kijiye.

wholesaler-order-withdrawn = Mandi ne {$shop} ka order {$code} radd kar diya. Kripya mat bhejiye.
order-reassigned = Aapka order {$code} ab {$wholesaler} ko bheja gaya. Confirm hone par SMS aayega.
order-delivered = {$wholesaler} se aapka order {$code} pahunch gaya. Dhanyavaad!

too-many-messages = Aapke number se bahut zyada message aaye: Mandi kuch minute tak unhe ignore kar raha hai. Kripya poora order ek SMS mein bhejiye.
