# বাংলা (বাংলা লিপি)। ইউনিকোড (UCS-2)-এ এক SMS-এ 70 অক্ষর ধরে (দুই ভাগে 134): বার্তা ছোট রাখুন।

# ₹ চিহ্ন যেমন আছে থাকবে: বাংলা SMS এমনিতেই UCS-2, Rs লিখে কিছু বাঁচে না।
sms-rupee-as-rs = no

not-registered = দুঃখিত, এই নম্বর মান্ডিতে নথিভুক্ত নয়। আপনার হোলসেলারকে দোকান যোগ করতে বলুন।

shop-help = অর্ডার: মাল পাঠান, যেমন "5 কেজি আটা"। STATUS: অর্ডার দেখুন। CANCEL <কোড>: বাতিল। REPEAT: আগের অর্ডার।

nothing-understood = দুঃখিত, মেসেজে অর্ডার বোঝা গেল না। মাল ও পরিমাণ পাঠান, যেমন "5 কেজি আটা, 2 কেজি চিনি"।

no-wholesaler = আপনার দোকানের সঙ্গে এখনও কোনো হোলসেলার যুক্ত নেই। মান্ডি অপারেটরকে ফোন করুন।

order-placed = অর্ডার {$code} {$wholesaler}-কে পাঠানো হল: {$count}টি আইটেম, ₹{$total}। কনফার্ম হলে SMS পাবেন।{$skipped_count ->
        [0] {""}
       *[other] {" "}পাওয়া যায়নি: {$skipped}।
    }

wholesaler-order = অর্ডার {$code}, {$shop} থেকে:
    {$lines}
    YES {$code} / NO {$code} / {$code} 2 NO

wholesaler-confirm-ack = অর্ডার {$code} কনফার্ম। {$shop}-কে জানানো হয়েছে।
wholesaler-reject-ack = অর্ডার {$code} নাকচ। {$shop}-কে জানানো হয়েছে।
wholesaler-unknown-order = {$code} কোডের কোনো খোলা অর্ডার পাওয়া যায়নি। অর্ডার কোডসহ YES বা NO পাঠান।
wholesaler-which-order = আপনার খোলা অর্ডার: {$codes}। কোডসহ উত্তর দিন, যেমন YES {$example}।
wholesaler-no-open-orders = উত্তর দেওয়ার মতো কোনো অর্ডার বাকি নেই।
wholesaler-help = কনফার্ম: YES <কোড>। না: NO <কোড>। আইটেম 2 নেই: <কোড> 2 NO। পাঠালে: SENT <কোড>।

order-confirmed = আপনার অর্ডার {$code} {$wholesaler} কনফার্ম করেছেন।
order-rejected = দুঃখিত, {$wholesaler} আপনার অর্ডার {$code} দিতে পারবেন না।

order-status = আপনার অর্ডার: {$orders}
no-orders = এখনও কোনো অর্ডার নেই। অর্ডার দিতে পাঠান, যেমন "5 কেজি আটা, 2 কেজি চিনি"।

state-draft = আপনার উত্তরের অপেক্ষায়
state-placed = হোলসেলারের অপেক্ষায়
state-confirmed = কনফার্ম
state-partially_confirmed = আংশিক কনফার্ম
state-rejected = নাকচ
state-expired = উত্তর আসেনি
state-cancelled = বাতিল
state-dispatched = পথে
state-delivered = পৌঁছে গেছে

clarify-question = "{$item}": কোনটা চাই? {$options}। নম্বর পাঠান, বাদ দিতে 0।
clarify-again = 1 থেকে {$max} নম্বর পাঠান, বা 0। "{$item}": {$options}
order-dropped = অর্ডারে কোনো আইটেম বাকি নেই, কিছু পাঠানো হয়নি। যেকোনো সময় নতুন অর্ডার দিন।

wholesaler-order-part = অর্ডার {$code} ({$part}/{$parts}), {$shop} থেকে:
    {$lines}
wholesaler-order-last = অর্ডার {$code} ({$part}/{$parts}):
    {$lines}
    YES {$code} / NO {$code} / {$code} 2 NO
wholesaler-partial-ack = অর্ডার {$code} কনফার্ম, আইটেম {$refused} বাদে। {$shop}-কে জানানো হয়েছে।
wholesaler-sent-ack = অর্ডার {$code} পাঠানো হয়েছে। {$shop}-কে জানানো হয়েছে।
wholesaler-order-not-waiting = অর্ডার {$code}: {$state}। কিছু করার নেই।
wholesaler-order-moved = সময়মতো উত্তর না আসায় অর্ডার {$code} অন্য হোলসেলারের কাছে গেছে।
wholesaler-bad-lines = অর্ডার {$code}-এ আইটেম 1 থেকে {$lines} পর্যন্ত। আইটেম 2 না থাকলে: {$code} 2 NO
wholesaler-order-cancelled = {$shop} অর্ডার {$code} বাতিল করেছেন। দয়া করে পাঠাবেন না।
wholesaler-order-expired = {$shop}-এর অর্ডার {$code}-এর মেয়াদ উত্তর ছাড়াই শেষ হয়েছে।

order-rejected-reason = দুঃখিত, {$wholesaler} অর্ডার {$code} দিতে পারবেন না: "{$reason}"।
order-partly-confirmed = {$wholesaler} অর্ডার {$code}-এর {$all}টির মধ্যে {$count}টি আইটেম কনফার্ম করেছেন, ₹{$total}। নেই: {$missing}।
order-dispatched = {$wholesaler} আপনার অর্ডার {$code} পাঠিয়ে দিয়েছেন, পথে আছে।
order-rerouted = {$late} অর্ডার {$code}-এর উত্তর দেননি, তাই {$wholesaler}-কে পাঠানো হল।
order-expired = {$wholesaler} অর্ডার {$code}-এর উত্তর দেননি। আবার অর্ডার দিন বা ফোন করুন।
order-cancelled = অর্ডার {$code} বাতিল হয়েছে।
cancel-too-late = অর্ডার {$code}: {$state}, এখন আর বাতিল হবে না। হোলসেলারকে ফোন করুন।
cancel-unknown-order = আপনার দোকানের {$code} অর্ডার পাওয়া যায়নি। অর্ডার দেখতে STATUS পাঠান।
cancel-nothing-open = বাতিল করার মতো কোনো খোলা অর্ডার নেই।
repeat-nothing = আবার পাঠানোর মতো আগের কোনো অর্ডার নেই। অর্ডার দিতে পাঠান, যেমন "5 কেজি আটা, 2 কেজি চিনি"।

stop-confirmed = মান্ডি থেকে আর SMS আসবে না। আবার পেতে START পাঠান।
start-confirmed = আবার স্বাগত: মান্ডির SMS আবার আসবে। কীভাবে অর্ডার দেবেন জানতে HELP পাঠান।
lang-set = ঠিক আছে: মান্ডি এখন থেকে আপনাকে বাংলায় উত্তর দেবে।
lang-unknown = ভাষা বদলাতে LANG আর ভাষার নাম পাঠান: {$choices}

# USSD স্ক্রিন (SMS নয়): বাংলায় এক স্ক্রিনে 80 UTF-16 একক, নিচের "00 পিছনে" লাইনসহ। প্রতিটি লাইন ছোট রাখুন।
ussd-main = মান্ডি
    1 আগের অর্ডার আবার
    2 আমার অর্ডার
    3 মাল কিনুন
    4 ভাষা
ussd-main-cart = 5 আমার কার্ট ({$count})
ussd-resume = কার্ট বাকি আছে: {$count ->
        [one] 1টি আইটেম
       *[other] {$count}টি আইটেম
    }, ₹{$total}।
    1 চালিয়ে যান
    2 নতুন করে শুরু
ussd-reorder = আগের অর্ডার {$code}: {$items}। ₹{$total}
    1 আবার পাঠান
ussd-reorder-none = আবার পাঠানোর মতো আগের কোনো অর্ডার নেই।
ussd-orders = আপনার অর্ডার:
ussd-orders-none = এখনও কোনো অর্ডার নেই।
ussd-categories = বেছে নিন:
ussd-products = {$category}:
ussd-quantity = {$product}, প্রতি প্যাক ₹{$price}।
    কত প্যাক?
ussd-added = {$product} x{$packs} যোগ হল। কার্ট: {$count}, ₹{$total}
    1 আরও মাল
    2 কার্ট, অর্ডার
ussd-review = কার্ট, ₹{$total}:
ussd-review-actions = 1 অর্ডার দিন
    2 কার্ট খালি করুন
ussd-language = ভাষা:
ussd-lang-name = বাংলা
ussd-next = 0 পরের
ussd-back = 00 পিছনে
# The same keys in GSM-7 only, for lists of Latin-script names: a screen without native letters holds 182
# characters instead of 80, so more products fit on a page.
ussd-next-plain = 0 >
ussd-back-plain = 00 <
ussd-invalid = ভুল বিকল্প।
ussd-restarted = আবার শুরু।
ussd-cart-emptied = কার্ট খালি হল।
ussd-ordered = অর্ডার {$code} {$wholesaler}-কে পাঠানো হল, ₹{$total}। কনফার্ম হলে SMS পাবেন।
ussd-try-again = দুঃখিত, কিছু ভুল হয়েছে। আবার চেষ্টা করুন।
ussd-not-a-shop = এই মেনু দোকানের জন্য। হোলসেলাররা SMS-এ অর্ডারের উত্তর দেন।

cart-saved = আপনার মান্ডি কার্ট ({$count}টি আইটেম, ₹{$total}) সেভ আছে। অর্ডার শেষ করতে {$dial} ডায়াল করুন।

wholesaler-order-withdrawn = মান্ডি {$shop}-এর অর্ডার {$code} বাতিল করেছে। দয়া করে পাঠাবেন না।
order-reassigned = আপনার অর্ডার {$code} এখন {$wholesaler}-কে পাঠানো হল। কনফার্ম হলে SMS পাবেন।
order-delivered = {$wholesaler}-এর থেকে আপনার অর্ডার {$code} পৌঁছে গেছে। ধন্যবাদ!

too-many-messages = আপনার নম্বর থেকে অনেক বেশি মেসেজ এসেছে: মান্ডি কয়েক মিনিট সেগুলো উপেক্ষা করবে। পুরো অর্ডার এক SMS-এ পাঠান।
