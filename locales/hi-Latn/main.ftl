# Hindi in Latin letters (Hinglish): cheaper than Devanagari (GSM-7) and how many shopkeepers write.

not-registered = Maaf kijiye, yeh number Mandi par registered nahi hai. Apne wholesaler se dukaan judwa lijiye.

shop-help = Order ke liye saaman aur matra bhejiye, jaise "5 kg atta, 2 maggi". Apne order dekhne ke liye STATUS bhejiye.

nothing-understood = Maaf kijiye, aapke message mein order samajh nahi aaya. Saaman aur matra bhejiye, jaise "5 kg atta, 2 maggi".

no-wholesaler = Aapki dukaan se abhi koi wholesaler nahi juda hai, isliye order nahi bhej sakte. Mandi operator ko call kijiye.

order-placed = Order {$code} {$wholesaler} ko bheja: {$count} item, Rs {$total}. Confirm hone par SMS aayega.{$skipped_count ->
        [0] {""}
       *[other] {" "}Nahi mila: {$skipped}.
    }

wholesaler-order = Naya order {$code}, {$shop} se:
    {$lines}
    Jawab dein YES {$code} ya NO {$code}

wholesaler-confirm-ack = Order {$code} confirm hua. {$shop} ko bata diya.
wholesaler-reject-ack = Order {$code} mana kiya. {$shop} ko bata diya.
wholesaler-unknown-order = {$code} naam ka koi khula order nahi mila. Order code ke saath YES ya NO bhejiye.
wholesaler-which-order = Aapke khule order: {$codes}. Code ke saath jawab dein, jaise YES {$example}.
wholesaler-no-open-orders = Aapke paas jawab ke liye koi order nahi hai.
wholesaler-help = Order confirm karne ke liye YES <code>, mana karne ke liye NO <code> bhejiye.

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
