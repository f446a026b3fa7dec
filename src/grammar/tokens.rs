//! Tokens of a message, each with its byte span in the original text. Splitting happens on the original characters
//! (white space, separators, digit/letter boundaries) and each piece is normalised on its own, so a span always
//! points at what the shopkeeper typed.

use std::ops::Range;

use super::lexicon::Lexicon;
use crate::text::{indic_digit, is_word_char, normalize};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (and marks) of any script.
    Word,
    /// Digits, with `.` or `/` inside (`1.5`, `1/2`) and grouping commas removed (`1,00,000`).
    Numeral,
    /// Ends an order line: a line break, `,` `;` `+` `&` `।` `॥` `|`.
    Separator,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Normalised text (see [`crate::text::normalize`]).
    pub text: String,
    /// Byte range in the original message.
    pub span: Range<usize>,
    pub kind: TokenKind,
}

const SEPARATORS: &[char] = &['\n', '\r', ',', ';', '+', '&', '।', '॥', '|'];

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || indic_digit(c).is_some()
}

/// The numeral a vulgar fraction character stands for.
fn vulgar(c: char) -> Option<&'static str> {
    match c {
        '½' => Some("1/2"),
        '¼' => Some("1/4"),
        '¾' => Some("3/4"),
        _ => None,
    }
}

/// Splits a message into tokens and merges multi-word lexicon entries (`chai patti`, `one and a half`) into one.
pub fn tokenize(lexicon: &Lexicon, message: &str) -> Vec<Token> {
    merge_phrases(lexicon, split(message))
}

fn split(message: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = message.char_indices().collect();
    let end_of = |i: usize| chars.get(i + 1).map_or(message.len(), |&(b, _)| b);
    let mut tokens = Vec::new();
    let mut start: Option<(usize, TokenKind)> = None;

    let flush = |tokens: &mut Vec<Token>, start: &mut Option<(usize, TokenKind)>, end: usize| {
        if let Some((from, kind)) = start.take() {
            let raw = &message[from..end];
            let mut text = normalize(raw);
            if kind == TokenKind::Numeral {
                text.retain(|c| c != ',');
            }
            if !text.is_empty() {
                tokens.push(Token { text, span: from..end, kind });
            }
        }
    };

    for (i, &(byte, c)) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| chars[p].1);
        let next = chars.get(i + 1).map(|&(_, c)| c);
        let current_kind = start.map(|(_, k)| k);

        if let Some(numeral) = vulgar(c) {
            flush(&mut tokens, &mut start, byte);
            tokens.push(Token { text: numeral.to_owned(), span: byte..end_of(i), kind: TokenKind::Numeral });
            continue;
        }
        if is_digit(c) {
            if current_kind != Some(TokenKind::Numeral) {
                flush(&mut tokens, &mut start, byte);
                start = Some((byte, TokenKind::Numeral));
            }
            continue;
        }
        // Inside a numeral: a decimal point, a fraction bar, or a grouping comma (1,000 and 1,00,000).
        if current_kind == Some(TokenKind::Numeral)
            && next.is_some_and(is_digit)
            && (c == '.' || c == '/' || (c == ',' && is_grouping_comma(&chars, i)))
        {
            continue;
        }
        if is_word_char(c) {
            if current_kind != Some(TokenKind::Word) {
                flush(&mut tokens, &mut start, byte);
                start = Some((byte, TokenKind::Word));
            }
            continue;
        }
        // Zero-width (non-)joiners shape Indic letters inside a word (चौर्‍याहत्तर); normalisation drops them later.
        if current_kind == Some(TokenKind::Word) && matches!(c, '\u{200C}' | '\u{200D}') {
            continue;
        }
        // Inside a word: a hyphen or dot between letters stays (parle-g, k.g).
        if current_kind == Some(TokenKind::Word)
            && (c == '-' || c == '.')
            && prev.is_some_and(|p| is_word_char(p) && !is_digit(p))
            && next.is_some_and(|n| is_word_char(n) && !is_digit(n))
        {
            continue;
        }
        flush(&mut tokens, &mut start, byte);
        let single = |text: &str, kind| Token { text: text.to_owned(), span: byte..end_of(i), kind };
        if SEPARATORS.contains(&c) {
            tokens.push(single("\n", TokenKind::Separator));
        } else if c == '₹' {
            tokens.push(single("rs", TokenKind::Word));
        } else if c == '*' || c == '×' {
            tokens.push(single("x", TokenKind::Word));
        }
    }
    flush(&mut tokens, &mut start, message.len());
    tokens
}

/// A comma between digits followed by a full group: three digits and then no digit, or two digits and another
/// comma (Indian grouping). A comma followed by one digit (`atta,2 maggi`) separates.
fn is_grouping_comma(chars: &[(usize, char)], comma: usize) -> bool {
    let run = chars[comma + 1..].iter().take_while(|(_, c)| is_digit(*c)).count();
    let after = chars.get(comma + 1 + run).map(|&(_, c)| c);
    (run == 3 && after.is_none_or(|c| !is_digit(c))) || (run == 2 && after == Some(','))
}

fn merge_phrases(lexicon: &Lexicon, tokens: Vec<Token>) -> Vec<Token> {
    let longest = lexicon.longest_phrase();
    if longest < 2 {
        return tokens;
    }
    let mut out = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let mut merged = false;
        let candidates = if lexicon.starts_phrase(&tokens[i].text) { longest.min(tokens.len() - i) } else { 1 };
        for len in (2..=candidates).rev() {
            let window = &tokens[i..i + len];
            if window.iter().any(|t| t.kind == TokenKind::Separator) {
                continue;
            }
            let joined = window.iter().map(|t| t.text.as_str()).collect::<Vec<_>>().join(" ");
            if lexicon.is_phrase(&joined) {
                out.push(Token {
                    text: joined,
                    span: window[0].span.start..window[len - 1].span.end,
                    kind: TokenKind::Word,
                });
                i += len;
                merged = true;
                break;
            }
        }
        if !merged {
            out.push(tokens[i].clone());
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(message: &str) -> Vec<String> {
        split(message).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn digits_split_from_letters_and_punctuation_goes() {
        assert_eq!(texts("5kg atta, 2 maggi!"), ["5", "kg", "atta", "\n", "2", "maggi"]);
        assert_eq!(texts("x2 2x 500gm"), ["x", "2", "2", "x", "500", "gm"]);
        assert_eq!(texts("parle-g 1.5kg"), ["parle-g", "1.5", "kg"]);
        assert_eq!(texts("₹10 wala *3"), ["rs", "10", "wala", "x", "3"]);
        assert_eq!(texts("1½ kg"), ["1", "1/2", "kg"]);
    }

    #[test]
    fn grouping_commas_belong_to_the_number() {
        assert_eq!(texts("1,00,000 and 2,500, atta,2"), ["100000", "and", "2500", "\n", "atta", "\n", "2"]);
        assert_eq!(texts("१,५०० ग्राम"), ["1500", "ग्राम"]);
    }

    #[test]
    fn spans_point_at_the_original_text() {
        let message = "२ किलो  चीनी\n5KG Atta";
        for token in split(message) {
            let original = &message[token.span.clone()];
            assert_eq!(normalize(original).replace(',', ""), token.text.replace('\n', &normalize(original)));
        }
        let tokens = split(message);
        assert_eq!(&message[tokens[0].span.clone()], "२");
        assert_eq!(&message[tokens[5].span.clone()], "KG");
    }

    #[test]
    fn zero_width_joiners_stay_inside_words() {
        assert_eq!(texts("चौर\u{094D}\u{200D}याहत्तर किलो"), [normalize("चौर्याहत्तर"), "किलो".to_owned()]);
    }

    #[test]
    fn bengali_classifiers_split_from_digits() {
        assert_eq!(texts("২টা ডিম"), ["2", "টা", "ডিম"]);
    }
}
