//! Text normalisation and script detection, applied to every message and to every word of the grammars, so the
//! two always compare equal however a phone typed them.

use unicode_normalization::UnicodeNormalization as _;
use unicode_normalization::char::is_combining_mark;

/// Zero-based code points of the decimal digit blocks we read (every block is ten contiguous code points).
const DIGIT_BLOCKS: &[u32] = &[
    0x0966, // Devanagari
    0x09E6, // Bengali
    0x0A66, // Gurmukhi
    0x0AE6, // Gujarati
    0x0B66, // Odia
    0x0BE6, // Tamil
    0x0C66, // Telugu
    0x0CE6, // Kannada
    0x0D66, // Malayalam
    0x06F0, // Extended Arabic-Indic
    0x0660, // Arabic-Indic
    0xFF10, // Fullwidth
];

/// Nukta signs: folded away so हज़ार and हजार are one word.
const NUKTAS: &[char] = &['\u{093C}', '\u{09BC}', '\u{0A3C}', '\u{0ABC}', '\u{0B3C}', '\u{0CBC}'];

/// The ASCII digit for an Indic (or other) decimal digit, if `c` is one.
pub fn indic_digit(c: char) -> Option<char> {
    let cp = c as u32;
    DIGIT_BLOCKS
        .iter()
        .find(|&&start| (start..start + 10).contains(&cp))
        .and_then(|&start| char::from_digit(cp - start, 10))
}

/// Canonical form of a message or a lexicon word: NFC; nukta removed; candrabindu read as anusvara; zero-width
/// joiners and variation selectors dropped; every decimal digit block turned into ASCII digits; lower case; runs of
/// white space collapsed to one space. Punctuation is kept: separators mean something to the parser.
pub fn normalize(input: &str) -> String {
    // Most SMS are plain ASCII: no Unicode folding to do.
    if input.is_ascii() && !input.contains(['\t', '\r', '\x0b', '\x0c']) && !input.contains("  ") {
        let trimmed = input.trim_matches(' ');
        if !trimmed.contains(" \n") && !trimmed.contains("\n ") {
            return trimmed.to_ascii_lowercase();
        }
    }
    let mut out = String::with_capacity(input.len());
    let mut last_space = true;
    for c in input.nfc() {
        let c = match c {
            c if NUKTAS.contains(&c) => continue,
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{FE00}'..='\u{FE0F}' => continue,
            '\u{0901}' => '\u{0902}', // Devanagari candrabindu → anusvara
            '\u{0981}' => '\u{0982}', // Bengali candrabindu → anusvara
            c => indic_digit(c).unwrap_or(c),
        };
        if c.is_whitespace() && c != '\n' {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
            continue;
        }
        if c == '\n' {
            // Keep line breaks (they separate order lines) but drop the space before them.
            if out.ends_with(' ') {
                out.pop();
            }
            out.push('\n');
            last_space = true;
            continue;
        }
        last_space = false;
        out.extend(c.to_lowercase());
    }
    // Folding may have exposed precomposed forms again (e.g. after removing a nukta).
    let folded: String = out.trim().nfc().collect();
    folded
}

/// A letter that may be part of a word: alphabetic characters and the combining vowel signs and viramas of Indic
/// scripts (which are marks, not letters).
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // The Indic blocks are letters, marks and digits, but for the dandas and the abbreviation sign.
    if ('\u{0900}'..='\u{0DFF}').contains(&c) {
        return !matches!(c, '\u{0964}' | '\u{0965}' | '\u{0970}');
    }
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Writing systems we tell apart. Codes are ISO 15924.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    Latin,
    Devanagari,
    Bengali,
    Gurmukhi,
    Gujarati,
    Odia,
    Tamil,
    Telugu,
    Kannada,
    Malayalam,
    Other,
}

impl Script {
    pub fn of(c: char) -> Option<Script> {
        if c.is_ascii() {
            return c.is_ascii_alphabetic().then_some(Script::Latin);
        }
        if !is_word_char(c) || indic_digit(c).is_some() {
            return None;
        }
        let script = match c as u32 {
            0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F => Script::Latin,
            0x0900..=0x097F | 0xA8E0..=0xA8FF => Script::Devanagari,
            0x0980..=0x09FF => Script::Bengali,
            0x0A00..=0x0A7F => Script::Gurmukhi,
            0x0A80..=0x0AFF => Script::Gujarati,
            0x0B00..=0x0B7F => Script::Odia,
            0x0B80..=0x0BFF => Script::Tamil,
            0x0C00..=0x0C7F => Script::Telugu,
            0x0C80..=0x0CFF => Script::Kannada,
            0x0D00..=0x0D7F => Script::Malayalam,
            _ => Script::Other,
        };
        Some(script)
    }

    /// The ISO 15924 code, as used in grammars (`script = "Deva"`).
    pub fn code(self) -> &'static str {
        match self {
            Script::Latin => "Latn",
            Script::Devanagari => "Deva",
            Script::Bengali => "Beng",
            Script::Gurmukhi => "Guru",
            Script::Gujarati => "Gujr",
            Script::Odia => "Orya",
            Script::Tamil => "Taml",
            Script::Telugu => "Telu",
            Script::Kannada => "Knda",
            Script::Malayalam => "Mlym",
            Script::Other => "Zyyy",
        }
    }
}

/// The script most letters of `text` are written in, if it has any letters.
pub fn dominant_script(text: &str) -> Option<Script> {
    let mut counts: Vec<(Script, usize)> = Vec::new();
    for script in text.chars().filter_map(Script::of) {
        match counts.iter_mut().find(|(s, _)| *s == script) {
            Some((_, n)) => *n += 1,
            None => counts.push((script, 1)),
        }
    }
    counts.into_iter().max_by_key(|&(_, n)| n).map(|(s, _)| s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_of_every_script_become_ascii() {
        assert_eq!(normalize("२ किलो"), "2 किलो");
        assert_eq!(normalize("৫ কেজি"), "5 কেজি");
        assert_eq!(normalize("௩ ೪ ౫ ૬"), "3 4 5 6");
    }

    #[test]
    fn nukta_and_candrabindu_fold() {
        assert_eq!(normalize("हज़ार"), normalize("हजार"));
        assert_eq!(normalize("पाँच"), normalize("पांच"));
        // क़ (U+0958) is a composition exclusion: it must fold too.
        assert_eq!(normalize("\u{0958}"), "\u{0915}");
    }

    #[test]
    fn tamil_two_part_vowels_compare_equal() {
        assert_eq!(normalize("பத்தொன்பது"), normalize("பத்தெ\u{0BBE}ன்பது"));
    }

    #[test]
    fn whitespace_collapses_and_case_folds() {
        assert_eq!(normalize("  5 KG\tAtta \n 2  Maggi "), "5 kg atta\n2 maggi");
        assert_eq!(normalize("a\u{200D}b"), "ab");
    }

    #[test]
    fn scripts_are_detected() {
        assert_eq!(dominant_script("2 किलो चीनी"), Some(Script::Devanagari));
        assert_eq!(dominant_script("5 kg atta"), Some(Script::Latin));
        assert_eq!(dominant_script("ಎರಡು ಕೆಜಿ sugar"), Some(Script::Kannada));
        assert_eq!(dominant_script("123 ,."), None);
    }
}
