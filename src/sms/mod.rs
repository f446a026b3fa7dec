//! GSM-7 / UCS-2 encoding choice and segment counting, as carriers bill them.
//!
//! A message is GSM-7 when every character is in the GSM 03.38 basic table or its extension table (the latter cost
//! two septets: an escape and the code). Anything else makes the whole message UCS-2, two bytes per UTF-16 unit.
//! One SMS carries 160 septets or 70 UTF-16 units; a concatenated one spends 6 bytes per part on its header, leaving
//! 153 septets or 67 units, and no part splits a character or a grapheme (a conservative count, as Twilio's
//! segment calculator does).

use unicode_segmentation::UnicodeSegmentation as _;

/// How a message travels over the air.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Encoding {
    #[serde(rename = "GSM-7")]
    Gsm7,
    #[serde(rename = "UCS-2")]
    Ucs2,
}

impl Encoding {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Gsm7 => "GSM-7",
            Self::Ucs2 => "UCS-2",
        }
    }
}

/// The cost of one message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct SmsCost {
    pub encoding: Encoding,
    pub segments: u32,
    /// Septets (GSM-7) or UTF-16 code units (UCS-2) of the whole text.
    pub units: u32,
    /// User-perceived characters (grapheme clusters).
    pub characters: u32,
}

const GSM7_SINGLE: u32 = 160;
const GSM7_MULTI: u32 = 153;
const UCS2_SINGLE: u32 = 70;
const UCS2_MULTI: u32 = 67;

/// The GSM 03.38 basic character set (besides line feed, carriage return and space).
const GSM7_BASIC: &str = "@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§\
                          ¿abcdefghijklmnopqrstuvwxyzäöñüà";
/// Characters reached through the escape code: each costs two septets.
const GSM7_EXTENSION: &str = "\u{000C}^{}\\[~]|€";

/// Septets a character takes in GSM-7, or `None` when GSM-7 cannot carry it.
pub fn gsm7_septets(c: char) -> Option<u32> {
    if c == '\n' || c == '\r' || c == ' ' || GSM7_BASIC.contains(c) {
        Some(1)
    } else if GSM7_EXTENSION.contains(c) {
        Some(2)
    } else {
        None
    }
}

/// Whether GSM-7 can carry the whole text.
pub fn is_gsm7(text: &str) -> bool {
    text.chars().all(|c| gsm7_septets(c).is_some())
}

/// Characters GSM-7 lacks and the GSM-7 text that means the same (after Twilio's smart-encoding map): typographic
/// quotes and apostrophes, dashes, the ellipsis, fullwidth forms, odd spaces and invisible marks.
fn gsm7_stand_in(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{00AB}' | '\u{00BB}' | '\u{201C}' | '\u{201D}' | '\u{02BA}' | '\u{02EE}' | '\u{201F}' | '\u{201E}'
        | '\u{275D}' | '\u{275E}' | '\u{301D}' | '\u{301E}' | '\u{FF02}' => "\"",
        '\u{2018}' | '\u{2019}' | '\u{02BB}' | '\u{02C8}' | '\u{02BC}' | '\u{02BD}' | '\u{02B9}' | '\u{201B}'
        | '\u{FF07}' | '\u{00B4}' | '\u{02CA}' | '`' | '\u{02CB}' | '\u{275B}' | '\u{275C}' | '\u{0313}'
        | '\u{0314}' | '\u{FE10}' | '\u{FE11}' => "'",
        '\u{2013}' | '\u{2014}' | '\u{2010}' | '\u{2043}' | '\u{2015}' | '\u{FE63}' | '\u{FF0D}' | '\u{23BC}'
        | '\u{23BD}' | '\u{2022}' => "-",
        '\u{2026}' => "...",
        '\u{00F7}' => "/",
        '\u{00BC}' => "1/4",
        '\u{00BD}' => "1/2",
        '\u{00BE}' => "3/4",
        '\u{203C}' => "!!",
        '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{200C}' | '\u{200D}' => "",
        '\t' => "       ",
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => " ",
        _ => return None,
    })
}

/// The text in GSM-7 when replacing what GSM-7 lacks keeps its meaning (see [`gsm7_stand_in`]; fullwidth ASCII
/// becomes ASCII; `₹` becomes `Rs` when `rupee_as_rs`, which a locale allows or not). When something else would
/// still need UCS-2 (any Indic letter), the text is returned as it was: the message costs the same either way and
/// keeps its own characters.
pub fn fit_gsm7(text: &str, rupee_as_rs: bool) -> String {
    if is_gsm7(text) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if gsm7_septets(c).is_some() || c == '\n' || c == '\r' || c == ' ' {
            out.push(c);
        } else if let Some(s) = gsm7_stand_in(c) {
            out.push_str(s);
        } else if let Some(ascii) = fullwidth_ascii(c) {
            out.push(ascii);
        } else if c == '₹' && rupee_as_rs {
            out.push_str("Rs");
        } else {
            return text.to_owned();
        }
    }
    out
}

/// `！` … `～` (U+FF01–U+FF5E) are ASCII `!` … `~` written wide.
fn fullwidth_ascii(c: char) -> Option<char> {
    let code = u32::from(c);
    (0xFF01..=0xFF5E).contains(&code).then(|| char::from_u32(code - 0xFF01 + 0x21)).flatten()
}

/// Encoding, segment count and length of `text` as it would be sent.
pub fn cost(text: &str) -> SmsCost {
    let graphemes: Vec<&str> = text.graphemes(true).collect();
    // A CR LF pair is one grapheme but two characters on a handset (and in Twilio's count).
    let crlf = graphemes.iter().filter(|g| **g == "\r\n").count();
    let characters = u32::try_from(graphemes.len() + crlf).unwrap_or(u32::MAX);
    let (encoding, widths): (Encoding, Vec<u32>) = if is_gsm7(text) {
        let widths = graphemes.iter().map(|g| g.chars().map(|c| gsm7_septets(c).unwrap_or(1)).sum()).collect();
        (Encoding::Gsm7, widths)
    } else {
        let widths = graphemes.iter().map(|g| g.encode_utf16().count() as u32).collect();
        (Encoding::Ucs2, widths)
    };
    let units: u32 = widths.iter().sum();
    let (single, multi) = match encoding {
        Encoding::Gsm7 => (GSM7_SINGLE, GSM7_MULTI),
        Encoding::Ucs2 => (UCS2_SINGLE, UCS2_MULTI),
    };
    let segments = if units <= single { 1 } else { pack_segments(&widths, multi) };
    SmsCost { encoding, segments, units, characters }
}

/// Fills parts of `capacity` units without splitting a grapheme.
fn pack_segments(widths: &[u32], capacity: u32) -> u32 {
    let mut segments = 1;
    let mut used = 0;
    for &w in widths {
        if used + w > capacity {
            segments += 1;
            used = 0;
        }
        used += w;
    }
    segments
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digits_from(start: u32, n: usize) -> String {
        (0..n).map(|i| char::from_digit((start + i as u32) % 10, 10).unwrap()).collect()
    }

    fn check(text: &str, encoding: Encoding, segments: u32) {
        let c = cost(text);
        assert_eq!((c.encoding, c.segments), (encoding, segments), "{text:?} → {c:?}");
    }

    #[test]
    fn upstream_gsm7_digit_vectors() {
        check(&digits_from(1, 160), Encoding::Gsm7, 1);
        check(&digits_from(1, 161), Encoding::Gsm7, 2);
        check(&digits_from(1, 307), Encoding::Gsm7, 3);
    }

    #[test]
    fn upstream_ucs2_emoji_vectors() {
        check(&format!("😜{}", digits_from(2, 68)), Encoding::Ucs2, 1);
        check(&format!("😜{}", digits_from(2, 69)), Encoding::Ucs2, 2);
        check(&format!("😜{}", digits_from(2, 133)), Encoding::Ucs2, 3);
        check(&format!("🇮🇹{}", digits_from(2, 66)), Encoding::Ucs2, 1);
        check(&format!("🇮🇹{}", digits_from(2, 67)), Encoding::Ucs2, 2);
        check(&format!("🏳️‍🌈{}", digits_from(2, 64)), Encoding::Ucs2, 1);
        check(&format!("🏳️‍🌈{}", digits_from(2, 65)), Encoding::Ucs2, 2);
    }

    #[test]
    fn upstream_escape_vectors() {
        // As upstream writes them: the escape character, then digits from 2; 160 septets fit, 161 do not.
        for esc in ['|', '^', '€', '{', '}', '[', ']', '~', '\\'] {
            let one = cost(&format!("{esc}{}", digits_from(2, 158)));
            assert_eq!((one.encoding, one.segments, one.units), (Encoding::Gsm7, 1, 160), "{esc}");
            let two = cost(&format!("{esc}{}", digits_from(2, 159)));
            assert_eq!((two.encoding, two.segments, two.units), (Encoding::Gsm7, 2, 161), "{esc}");
        }
    }

    #[test]
    fn upstream_accented_vectors() {
        for c in ['Á', 'Ú', 'ú', 'ç', 'í', 'Í', 'ó', 'Ó'] {
            check(&c.to_string().repeat(70), Encoding::Ucs2, 1);
            check(&c.to_string().repeat(71), Encoding::Ucs2, 2);
        }
        check(&format!("😀{}", "]".repeat(68)), Encoding::Ucs2, 1);
        check(&format!("😀{}", "]".repeat(69)), Encoding::Ucs2, 2);
    }

    #[test]
    fn upstream_character_counts() {
        assert_eq!(cost("\rabcde\r\n123").characters, 11);
        assert_eq!(cost("\nabcde\n\n123\n").characters, 12);
        let cluster = "e\u{301}\u{301}\u{301}";
        assert_eq!(cost(cluster).characters, 1);
        check(&format!("{cluster}{}", "a".repeat(66)), Encoding::Ucs2, 1);
        check(&format!("{cluster}{}", "a".repeat(67)), Encoding::Ucs2, 2);
    }

    #[test]
    fn smart_substitutions_keep_the_meaning_in_gsm7() {
        let smart = fit_gsm7("Your order “12” is ready – thanks…", false);
        assert_eq!(smart, "Your order \"12\" is ready - thanks...");
        check(&smart, Encoding::Gsm7, 1);
        assert_eq!(fit_gsm7("Total ₹450", true), "Total Rs450");
        assert_eq!(fit_gsm7("Total ₹450", false), "Total ₹450", "₹ stays where the locale does not allow Rs");
        assert_eq!(fit_gsm7("ＡＢＣ！", false), "ABC!");
        // An Indic letter needs UCS-2 anyway: the text keeps its own quotes.
        assert_eq!(fit_gsm7("“आटा” – ₹450", true), "“आटा” – ₹450");
        let every_key = "«»“”‘’–—…";
        assert_eq!(fit_gsm7(every_key, false), "\"\"\"\"''--...");
        assert_eq!(fit_gsm7("plain text", true), "plain text");
    }

    #[test]
    fn india_vectors() {
        check("Order 12 received. Total Rs.450", Encoding::Gsm7, 1);
        check("Order received ₹450", Encoding::Ucs2, 1);
        let c = cost("Price: [450] {ok} ~ ^ | \\ €");
        assert_eq!((c.encoding, c.segments, c.units), (Encoding::Gsm7, 1, 36));
        check("Your order “12” is ready", Encoding::Ucs2, 1);
        check("आपका ऑर्डर मिल गया", Encoding::Ucs2, 1);
        assert_eq!(cost("आपका ऑर्डर मिल गया").units, 18);
        check("आपका ऑर्डर #123 मिल गया। कुल: ₹450. धन्यवाद!", Encoding::Ucs2, 1);
        check("வணக்கம்", Encoding::Ucs2, 1);
        check("ধন্যবাদ", Encoding::Ucs2, 1);
        check(&"क".repeat(70), Encoding::Ucs2, 1);
        check(&"क".repeat(71), Encoding::Ucs2, 2);
        check(&"क".repeat(134), Encoding::Ucs2, 2);
        check(&"क".repeat(135), Encoding::Ucs2, 3);
        check(&"कि".repeat(35), Encoding::Ucs2, 1);
        check(&"कि".repeat(36), Encoding::Ucs2, 2);
        check(&format!("{}{}", "क".repeat(66), "कि".repeat(34)), Encoding::Ucs2, 3);
        check(&"a".repeat(306), Encoding::Gsm7, 2);
        check(&"a".repeat(307), Encoding::Gsm7, 3);
        check(&format!("{}{{{}", "a".repeat(152), "b".repeat(10)), Encoding::Gsm7, 2);
        check("ç", Encoding::Ucs2, 1);
        check("Ç", Encoding::Gsm7, 1);
        let ff = cost("\u{000C}");
        assert_eq!((ff.encoding, ff.units), (Encoding::Gsm7, 2));
    }
}
