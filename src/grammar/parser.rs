//! The order parser: a normalised SMS becomes order lines `{quantity, unit, product words}`.
//!
//! Two passes. The first cuts the text into segments at separators (line breaks, `,` `;` `+` `&` `।` and connector
//! words such as *and*/*aur*/*और*), splits digits from letters (`5kg` → `5 kg`) and drops filler words. The second
//! is a `nom` grammar over each segment's tokens: an item is either quantity-first (`5 kg atta`, `2 maggi`) or
//! item-first (`atta 5 kg`, `maggi 2`), and a segment may hold several items (`2 maggi 3 atta`). Nothing here
//! panics on any input; words it cannot place stay in the line for the matcher to judge.

use nom::branch::alt;
use nom::bytes::complete::take_while1;
use nom::character::complete::space0;
use nom::combinator::{all_consuming, map, opt, verify};
use nom::multi::many1;
use nom::sequence::preceded;
use nom::{IResult, Parser as _};

use super::lexicon::{Lexicon, UnitId};
use crate::text::{is_word_char, normalize};

/// A quantity in thousandths, so `1.5`, `½` and `sawa` stay exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Amount(pub i64);

impl Amount {
    pub const ONE: Amount = Amount(1000);

    pub fn from_whole(n: i64) -> Option<Amount> {
        n.checked_mul(1000).map(Amount)
    }

    /// The whole number this amount is, if it is one.
    pub fn whole(self) -> Option<i64> {
        (self.0 % 1000 == 0).then_some(self.0 / 1000)
    }

    /// `1.5`, `2`, `0.25` — for JSON and operators.
    pub fn to_decimal_string(self) -> String {
        let whole = self.0 / 1000;
        let frac = self.0 % 1000;
        if frac == 0 { whole.to_string() } else { format!("{whole}.{frac:03}").trim_end_matches('0').to_owned() }
    }
}

/// One order line as the shopkeeper wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedLine {
    /// The line's tokens, normalised, including filler words (for showing back and for the operator).
    pub text: String,
    pub quantity: Option<Amount>,
    pub unit: Option<UnitId>,
    /// Product words, filler removed.
    pub product: Vec<String>,
}

impl ParsedLine {
    pub fn product_text(&self) -> String {
        self.product.join(" ")
    }
}

/// Largest quantity we accept (in whole units): anything bigger is a typo or a phone number.
const MAX_WHOLE: i64 = 1_000_000;

/// Parses a whole message into order lines. Lines without product words are dropped.
pub fn parse_order(lexicon: &Lexicon, message: &str) -> Vec<ParsedLine> {
    let normalized = normalize(message);
    segments(lexicon, &normalized)
        .into_iter()
        .flat_map(|segment| parse_segment(lexicon, &segment))
        .filter(|line| !line.product.is_empty())
        .collect()
}

/// A segment after the first pass: its tokens, connectors removed.
#[derive(Debug, Default)]
struct Segment {
    tokens: Vec<String>,
}

fn segments(lexicon: &Lexicon, text: &str) -> Vec<Segment> {
    let text = drop_digit_grouping(text);
    let mut out = Vec::new();
    let mut current = Segment::default();
    for raw in text.split(['\n', ',', ';', '+', '&', '।', '॥', '|']) {
        for token in raw.split_whitespace().flat_map(split_token) {
            if lexicon.is_connector(&token) {
                out.push(std::mem::take(&mut current));
            } else {
                current.tokens.push(token);
            }
        }
        out.push(std::mem::take(&mut current));
    }
    out.retain(|s| !s.tokens.is_empty());
    out
}

/// Removes thousands separators in Western (`1,000`) and Indian (`1,00,000`) grouping: a comma between digits that
/// is followed by a full group. A comma followed by one digit (`atta,2 maggi`) stays a separator.
fn drop_digit_grouping(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ',' && i > 0 && chars[i - 1].is_ascii_digit() {
            let run = chars[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
            let after = chars.get(i + 1 + run);
            let group_ends = after.is_none_or(|c| !c.is_ascii_digit());
            if (run == 3 && group_ends) || (run == 2 && after == Some(&',')) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// Splits one whitespace-separated token into word and number tokens: `5kg` → `5`, `kg`; `x2` → `x`, `2`;
/// `1.5kg` → `1.5`, `kg`. Stray punctuation at the edges is dropped; hyphens inside words stay (`parle-g`).
fn split_token(token: &str) -> Vec<String> {
    let token = token.trim_matches(|c: char| !is_word_char(c) && c != '/' && c != '.');
    let token = token.trim_end_matches('.');
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut current_is_number = false;
    for c in token.chars() {
        let is_number_char = c.is_ascii_digit() || ((c == '.' || c == '/') && current_is_number);
        if !current.is_empty() && is_number_char != current_is_number {
            parts.push(std::mem::take(&mut current));
        }
        current_is_number = is_number_char;
        current.push(c);
    }
    if !current.is_empty() {
        parts.push(current);
    }
    parts.into_iter().map(|p| p.trim_matches(|c: char| !is_word_char(c)).to_owned()).filter(|p| !p.is_empty()).collect()
}

/// The second pass: the nom grammar over one segment's tokens.
fn parse_segment(lexicon: &Lexicon, segment: &Segment) -> Vec<ParsedLine> {
    // Filler words go, and so does a number word right after one: "bhej do" is "send", not "send 2".
    let mut kept: Vec<&str> = Vec::new();
    let mut previous_filler = false;
    for token in &segment.tokens {
        let filler =
            lexicon.is_filler(token) || (previous_filler && lexicon.number(token).is_some() && !is_numeral(token));
        previous_filler = filler;
        if !filler {
            kept.push(token);
        }
    }
    if kept.is_empty() {
        return Vec::new();
    }
    let joined = kept.join(" ");
    let grammar = Grammar { lexicon };
    match grammar.items(&joined) {
        Ok((_, items)) => items,
        // The grammar cannot place the tokens (e.g. a trailing quantity): keep the words as one line for the matcher
        // to judge, without a quantity rather than with a guessed one.
        Err(_) => vec![ParsedLine {
            text: joined.clone(),
            quantity: None,
            unit: None,
            product: kept
                .iter()
                .filter(|t| numeral_amount(t).is_none() && lexicon.unit(t).is_none())
                .map(|t| (*t).to_owned())
                .collect(),
        }],
    }
}

fn is_numeral(token: &str) -> bool {
    token.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// Reads a numeral token: `5`, `1.5`, `1/2`.
fn numeral_amount(token: &str) -> Option<Amount> {
    if let Some((num, den)) = token.split_once('/') {
        let num: i64 = num.parse().ok()?;
        let den: i64 = den.parse().ok()?;
        if den == 0 || num > MAX_WHOLE {
            return None;
        }
        return Some(Amount(num * 1000 / den)).filter(|a| a.0 > 0);
    }
    let (whole, frac) = token.split_once('.').unwrap_or((token, ""));
    if whole.is_empty() || !whole.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let whole: i64 = whole.parse().ok().filter(|w| *w <= MAX_WHOLE)?;
    let frac_milli = frac.chars().chain("000".chars()).take(3).collect::<String>().parse::<i64>().ok()?;
    Some(Amount(whole * 1000 + frac_milli))
}

struct Grammar<'l> {
    lexicon: &'l Lexicon,
}

type Res<'i, T> = IResult<&'i str, T>;

impl Grammar<'_> {
    fn token<'i>(&self, input: &'i str) -> Res<'i, &'i str> {
        preceded(space0, take_while1(|c: char| !c.is_whitespace())).parse(input)
    }

    fn quantity<'i>(&self, input: &'i str) -> Res<'i, Amount> {
        let (rest, token) = self.token(input)?;
        let amount = numeral_amount(token).or_else(|| self.lexicon.number(token).and_then(Amount::from_whole));
        match amount {
            Some(a) if a.0 > 0 => Ok((rest, a)),
            _ => Err(nom::Err::Error(nom::error::Error::new(input, nom::error::ErrorKind::Digit))),
        }
    }

    fn unit<'i>(&self, input: &'i str) -> Res<'i, UnitId> {
        let (rest, token) = self.token(input)?;
        match self.lexicon.unit(token) {
            Some(id) => Ok((rest, id)),
            None => Err(nom::Err::Error(nom::error::Error::new(input, nom::error::ErrorKind::Tag))),
        }
    }

    /// A product word: any token that does not start a quantity.
    fn word<'i>(&self, input: &'i str) -> Res<'i, &'i str> {
        verify(|i| self.token(i), |t: &str| numeral_amount(t).is_none() && self.lexicon.number(t).is_none())
            .parse(input)
    }

    fn words<'i>(&self, input: &'i str) -> Res<'i, Vec<&'i str>> {
        many1(|i| self.word(i)).parse(input)
    }

    /// `5 kg atta`, `2 maggi`, `3 pkt maggi`.
    fn quantity_first<'i>(&self, input: &'i str) -> Res<'i, ParsedLine> {
        let start = input.trim_start();
        let (rest, (quantity, unit, words)) =
            (|i| self.quantity(i), opt(|i| self.unit(i)), |i| self.words(i)).parse(input)?;
        Ok((rest, self.line(start, rest, Some(quantity), unit, words)))
    }

    /// `atta 5 kg`, `maggi 2`, `maggi 2 packet`.
    fn item_first<'i>(&self, input: &'i str) -> Res<'i, ParsedLine> {
        let start = input.trim_start();
        let (rest, (words, quantity, unit)) =
            (|i| self.words(i), opt(|i| self.quantity(i)), opt(|i| self.unit(i))).parse(input)?;
        Ok((rest, self.line(start, rest, quantity, unit, words)))
    }

    fn items<'i>(&self, input: &'i str) -> Res<'i, Vec<ParsedLine>> {
        all_consuming(map((many1(alt((|i| self.quantity_first(i), |i| self.item_first(i)))), space0), |(lines, _)| {
            lines
        }))
        .parse(input)
    }

    fn line(
        &self,
        start: &str,
        rest: &str,
        quantity: Option<Amount>,
        unit: Option<UnitId>,
        words: Vec<&str>,
    ) -> ParsedLine {
        let consumed = &start[..start.len() - rest.len()];
        ParsedLine {
            text: consumed.trim().to_owned(),
            quantity,
            unit,
            product: words.into_iter().map(str::to_owned).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex() -> Lexicon {
        Lexicon::embedded().unwrap()
    }

    fn summary(lex: &Lexicon, text: &str) -> Vec<(Option<String>, Option<String>, String)> {
        parse_order(lex, text)
            .into_iter()
            .map(|l| {
                (l.quantity.map(Amount::to_decimal_string), l.unit.map(|u| lex.units[u].name.clone()), l.product_text())
            })
            .collect()
    }

    fn line(q: Option<&str>, u: Option<&str>, p: &str) -> (Option<String>, Option<String>, String) {
        (q.map(str::to_owned), u.map(str::to_owned), p.to_owned())
    }

    #[test]
    fn the_first_real_order() {
        let lex = lex();
        assert_eq!(
            summary(&lex, "5 kg atta, 2 maggi"),
            vec![line(Some("5"), Some("kg"), "atta"), line(Some("2"), None, "maggi")]
        );
    }

    #[test]
    fn units_glued_to_numbers_and_item_first() {
        let lex = lex();
        assert_eq!(
            summary(&lex, "atta 5kg\nmaggi 2 pkt; 500gm chini"),
            vec![
                line(Some("5"), Some("kg"), "atta"),
                line(Some("2"), Some("packet"), "maggi"),
                line(Some("500"), Some("g"), "chini"),
            ]
        );
    }

    #[test]
    fn hinglish_number_words_connectors_and_filler() {
        let lex = lex();
        assert_eq!(
            summary(&lex, "do kilo chawal aur teen packet maggi bhej do"),
            vec![line(Some("2"), Some("kg"), "chawal"), line(Some("3"), Some("packet"), "maggi")]
        );
    }

    #[test]
    fn several_items_on_one_line() {
        let lex = lex();
        assert_eq!(
            summary(&lex, "2 maggi 3 kg atta"),
            vec![line(Some("2"), None, "maggi"), line(Some("3"), Some("kg"), "atta")]
        );
    }

    #[test]
    fn devanagari_orders() {
        let lex = lex();
        assert_eq!(summary(&lex, "२ किलो चीनी भेजो"), vec![line(Some("2"), Some("kg"), "चीनी")]);
    }

    #[test]
    fn decimals_fractions_and_grouping() {
        assert_eq!(numeral_amount("1.5"), Some(Amount(1500)));
        assert_eq!(numeral_amount("1/2"), Some(Amount(500)));
        assert_eq!(numeral_amount("0.25"), Some(Amount(250)));
        assert_eq!(numeral_amount("1/0"), None);
        assert_eq!(drop_digit_grouping("1,00,000 and 2,500, atta,2"), "100000 and 2500, atta,2");
    }

    #[test]
    fn words_without_quantity_stay_as_a_line() {
        let lex = lex();
        assert_eq!(summary(&lex, "maggi"), vec![line(None, None, "maggi")]);
        assert!(summary(&lex, "").is_empty());
        assert!(summary(&lex, "5").is_empty());
        assert!(summary(&lex, "please send").is_empty());
    }

    #[test]
    fn never_panics_on_odd_input() {
        let lex = lex();
        for text in ["", " ", ",,,", "1/", "/2", "..", "9999999999 kg", "x", "२२२२", "🙂🙂", "a\u{0301}", "1.2.3"]
        {
            let _ = parse_order(&lex, text);
        }
    }
}
