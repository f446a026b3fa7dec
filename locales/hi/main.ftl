# हिन्दी (देवनागरी)। यूनिकोड (UCS-2) में एक SMS में 70 अक्षर आते हैं: संदेश छोटे रखें।

not-registered = माफ़ कीजिए, यह नंबर मंडी पर दर्ज नहीं है। अपने होलसेलर से दुकान जुड़वाइए।

shop-help = ऑर्डर के लिए सामान और मात्रा भेजें, जैसे "5 किलो आटा, 2 मैगी"। ऑर्डर देखने के लिए STATUS भेजें।

nothing-understood = माफ़ कीजिए, संदेश में ऑर्डर समझ नहीं आया। सामान और मात्रा भेजें, जैसे "5 किलो आटा, 2 मैगी"।

no-wholesaler = आपकी दुकान से अभी कोई होलसेलर नहीं जुड़ा है। मंडी ऑपरेटर को फ़ोन करें।

order-placed = ऑर्डर {$code} {$wholesaler} को भेजा: {$count} आइटम, ₹{$total}। पक्का होने पर SMS आएगा।{$skipped_count ->
        [0] {""}
       *[other] {" "}नहीं मिला: {$skipped}।
    }

wholesaler-order = नया ऑर्डर {$code}, {$shop} से:
    {$lines}
    जवाब दें YES {$code} या NO {$code}

wholesaler-confirm-ack = ऑर्डर {$code} पक्का हुआ। {$shop} को बता दिया।
wholesaler-reject-ack = ऑर्डर {$code} मना किया। {$shop} को बता दिया।
wholesaler-unknown-order = {$code} कोड का कोई खुला ऑर्डर नहीं मिला। कोड के साथ YES या NO भेजें।
wholesaler-which-order = आपके खुले ऑर्डर: {$codes}। कोड के साथ जवाब दें, जैसे YES {$example}।
wholesaler-no-open-orders = जवाब के लिए कोई ऑर्डर बाकी नहीं है।
wholesaler-help = ऑर्डर पक्का करने के लिए YES <कोड>, मना करने के लिए NO <कोड> भेजें।

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
