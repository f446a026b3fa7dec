//! The order parser: an SMS becomes order lines `{quantity, unit, product words, price, pack, span}`.
//!
//! First the message is tokenised with byte spans ([`super::tokens`]) and cut into segments at separators and
//! connector words; filler words go (with a trap word right after one: "bhej do" is "send", not "send 2"). Then a
//! `nom` grammar reads each segment as one or more items:
//!
//! ```text
//! item      = [number "x"] head words [tail]            quantity-first: "5 kg atta", "2 x 25kg atta"
//!           | words [tail]                              item-first:     "atta 5 kg", "maggi x2", "parle g 10 wala"
//! head      = number [unit] designator | designator | number unit | number | unit [designator]
//! tail      = designator | number [unit] [designator] ["x" number] | "x" number
//! number    = [modifier] (numeral | word | fraction) {tens+units | scale | addend | classifier}
//! designator= "rs" number ["wala"] | number "rs" ["wala"] | number "wala" | number unit "wala"
//! ```
//!
//! Numbers compose as people say them: `ek sau pachas` = 150, `dhai sau` = 250, `sawa do` = 2.25, `twenty five`,
//! Tamil `rendu kaal` = 2.25, Bengali `২টা`. Ambiguous words (`do`, `saath`, `pav`, the `g` of Parle-G) are read by
//! position. Nothing here panics on any input; what the grammar cannot place stays a product line without quantity.

use std::ops::Range;

use nom::branch::alt;
use nom::character::complete::space0;
use nom::combinator::opt;
use nom::multi::{many0, many1};
use nom::{IResult, Parser as _};

use super::amount::Amount;
use super::lexicon::{Lexicon, PHRASE_JOINER, Trap, UnitId, UnitKind, View};
use super::tokens::{Token, TokenKind, tokenize};
use crate::domain::LangTag;
use crate::text::dominant_script;

/// One order line as the shopkeeper wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedLine {
    /// The line as written (a slice of the original message).
    pub text: String,
    /// Byte range of the line in the original message.
    pub span: Range<usize>,
    /// How many (of the unit, or packs when there is no unit); `None` when the line names only a product.
    pub quantity: Option<Amount>,
    pub unit: Option<UnitId>,
    /// Product words, normalised, filler removed.
    pub product: Vec<String>,
    /// A price designator in rupees ("10 wala" → 10).
    pub price: Option<Amount>,
    /// A pack-size designator ("5 kg wala", "25kg x2").
    pub pack: Option<(Amount, UnitId)>,
}

impl ParsedLine {
    pub fn product_text(&self) -> String {
        self.product.join(" ")
    }
}

/// A whole message: its language and its lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedOrder {
    pub language: Option<LangTag>,
    pub lines: Vec<ParsedLine>,
}

/// Parses a message: language and order lines. Where languages read a word differently, the message's own
/// language decides.
pub fn parse_message(lexicon: &Lexicon, message: &str) -> ParsedOrder {
    let tokens = tokenize(lexicon, message);
    let language = dominant_script(message).and_then(|script| {
        let words = tokens.iter().filter(|t| t.kind == TokenKind::Word).flat_map(|t| t.text.split(' '));
        lexicon.detect_from_words(script, words)
    });
    let preferred = language.as_ref().and_then(|l| lexicon.language_index(l));
    ParsedOrder { language, lines: parse_lines(lexicon, message, &tokens, preferred) }
}

/// Reads a whole text as one number ("ek sau pachas", "मूणु", "2.5"); `None` unless every token is part of it.
pub fn read_number(lexicon: &Lexicon, text: &str) -> Option<Amount> {
    read_number_in(lexicon, text, None)
}

/// [`read_number`] as a message in the given language reads it.
pub fn read_number_in(lexicon: &Lexicon, text: &str, language: Option<&LangTag>) -> Option<Amount> {
    let tokens = tokenize(lexicon, text);
    if tokens.iter().any(|t| t.kind == TokenKind::Separator) {
        return None;
    }
    let view = lexicon.view(language.and_then(|l| lexicon.language_index(l)));
    let infos: Vec<Info> = tokens.iter().map(|t| Info::of(view, &t.text)).collect();
    let refs: Vec<(&Token, Info)> = tokens.iter().zip(infos).collect();
    let segment = Joined::new(&refs);
    let grammar = Grammar::new(view, &segment);
    match grammar.number(&segment.text) {
        Ok((rest, n)) if rest.trim().is_empty() => Some(n.value),
        _ => None,
    }
}

/// Parses a message into order lines. Lines without product words are dropped.
pub fn parse_order(lexicon: &Lexicon, message: &str) -> Vec<ParsedLine> {
    parse_message(lexicon, message).lines
}

fn parse_lines(lexicon: &Lexicon, message: &str, tokens: &[Token], language: Option<usize>) -> Vec<ParsedLine> {
    let view = lexicon.view(language);
    // Every token is looked up once; the grammar reads these answers, not the lexicon.
    let infos: Vec<Info> = tokens.iter().map(|t| Info::of(view, &t.text)).collect();
    let tokens: Vec<(&Token, Info)> = tokens.iter().zip(infos).collect();
    let mut lines = Vec::new();
    for segment in segments(&tokens) {
        let kept = drop_filler(&segment);
        if kept.is_empty() {
            continue;
        }
        lines.extend(parse_segment(view, message, &kept));
    }
    lines.retain(|l| !l.product.is_empty());
    lines
}

/// Cuts the tokens at separators and connector words. A connector that is also a number directly before a unit
/// stays a number ("saath kilo" = 60 kg where "saath" also means "with").
fn segments<'t>(tokens: &[(&'t Token, Info)]) -> Vec<Vec<(&'t Token, Info)>> {
    let mut out = Vec::new();
    let mut current = Vec::new();
    for (i, &(token, info)) in tokens.iter().enumerate() {
        let next = tokens.get(i + 1).map(|(_, n)| *n);
        let numeric_here = info.number.is_some() && next.is_some_and(|n| n.unit_or_scale());
        if token.kind == TokenKind::Separator || (info.connector && !numeric_here) {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else {
            current.push((token, info));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Drops filler words, a not-after-filler trap word right after one ("bhej do"), and such a trap word ending the
/// segment ("maggi do": give maggi).
fn drop_filler<'t>(segment: &[(&'t Token, Info)]) -> Vec<(&'t Token, Info)> {
    let mut kept = Vec::with_capacity(segment.len());
    let mut previous_filler = false;
    for (i, &(token, info)) in segment.iter().enumerate() {
        let before_unit = segment.get(i + 1).is_some_and(|(_, n)| n.unit_or_scale());
        let trap = info.trap == Some(Trap::NotAfterFiller) && token.kind == TokenKind::Word;
        if info.filler && !(info.number.is_some() && before_unit) {
            previous_filler = true;
            continue;
        }
        let last = i + 1 == segment.len();
        if trap && !before_unit && (previous_filler || last) {
            previous_filler = true;
            continue;
        }
        previous_filler = false;
        kept.push((token, info));
    }
    kept
}

/// Parses one segment's kept tokens with the grammar; falls back to a single product line without quantity.
fn parse_segment(view: View<'_>, message: &str, tokens: &[(&Token, Info)]) -> Vec<ParsedLine> {
    let segment = Joined::new(tokens);
    let (joined, offsets) = (&segment.text, &segment.offsets);
    let grammar = Grammar::new(view, &segment);
    let line_for = |start: usize, end: usize, item: Item| -> Option<ParsedLine> {
        let first = offsets.iter().position(|&o| o >= start)?;
        let last = offsets.iter().rposition(|&o| o < end)?;
        let span = tokens[first].0.span.start..tokens[last].0.span.end;
        Some(ParsedLine {
            text: message.get(span.clone()).unwrap_or_default().to_owned(),
            span,
            quantity: item.quantity,
            unit: item.unit,
            product: item.product,
            price: item.price,
            pack: item.pack,
        })
    };
    // As many items as the grammar reads; a remainder it cannot place becomes a product line without quantity
    // (or nothing, when it holds no product word: a stray number).
    let (rest, items) = grammar.items(joined);
    let mut lines: Vec<ParsedLine> =
        items.into_iter().filter_map(|(start, end, item)| line_for(start, end, item)).collect();
    let rest_start = joined.len() - rest.len();
    let product: Vec<String> = tokens
        .iter()
        .zip(offsets)
        .filter(|(_, o)| **o >= rest_start)
        .filter(|((t, info), _)| t.kind == TokenKind::Word && grammar.info_can_be_word(*info, None, None))
        .map(|((t, _), _)| t.text.clone())
        .collect();
    if !product.is_empty() {
        lines.extend(line_for(rest_start, joined.len(), Item { product, ..Item::default() }));
    }
    lines
}

/// What the grammar read for one line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Item {
    quantity: Option<Amount>,
    unit: Option<UnitId>,
    product: Vec<String>,
    price: Option<Amount>,
    pack: Option<(Amount, UnitId)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Designator {
    Price(Amount),
    Pack(Amount, UnitId),
}

/// A number as read: its value and whether it must be followed by a unit to count as a quantity (a bare fraction
/// or modifier: "aadha kilo", "sawa kilo"; a before-unit trap word: "saath kilo").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Number {
    value: Amount,
    needs_unit: bool,
    /// A single not-after-filler trap word ("do"): a number only when something follows.
    trap: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Atom {
    Numeral(Amount),
    Word(i64),
    Scale(i64),
    Fraction(Amount),
    Modifier(Amount),
    Addend(Amount),
    Classifier,
}

type Res<'i, T> = IResult<&'i str, T>;

fn fail<T>(input: &str) -> Res<'_, T> {
    Err(nom::Err::Error(nom::error::Error::new(input, nom::error::ErrorKind::Verify)))
}

/// The next token and the input after it.
fn next_token(input: &str) -> Option<(&str, &str)> {
    let trimmed = input.trim_start_matches(' ');
    if trimmed.is_empty() {
        return None;
    }
    let end = trimmed.find(' ').unwrap_or(trimmed.len());
    Some((&trimmed[..end], &trimmed[end..]))
}

fn peek(input: &str) -> Option<&str> {
    next_token(input).map(|(t, _)| t)
}

/// Everything the parser asks of one token, looked up once.
#[derive(Debug, Clone, Copy, Default)]
struct Info {
    /// What the token is inside a number, if anything.
    atom: Option<Atom>,
    number: Option<i64>,
    scale: Option<i64>,
    addend: Option<Amount>,
    unit: Option<(UnitId, UnitKind)>,
    trap: Option<Trap>,
    wala: bool,
    price: bool,
    times: bool,
    connector: bool,
    filler: bool,
}

impl Info {
    fn of(lex: View<'_>, token: &str) -> Self {
        let found = lex.lookup(token);
        let atom = if let Some(a) = Amount::parse_numeral(token) {
            Some(Atom::Numeral(a))
        } else {
            found
                .number
                .map(Atom::Word)
                .or_else(|| found.scale.map(Atom::Scale))
                .or_else(|| found.fraction.map(Atom::Fraction))
                .or_else(|| found.modifier.map(Atom::Modifier))
                .or_else(|| found.addend.map(Atom::Addend))
                .or_else(|| found.classifier.then_some(Atom::Classifier))
        };
        Self {
            atom,
            number: found.number,
            scale: found.scale,
            addend: found.addend,
            unit: found.unit.map(|u| (u, lex.lexicon().units[u].kind)),
            trap: found.trap,
            wala: found.wala,
            price: found.price,
            times: token == "x",
            connector: found.connector,
            filler: found.filler,
        }
    }

    fn unit_or_scale(&self) -> bool {
        self.unit.is_some() || self.scale.is_some()
    }

    fn unit_id(&self) -> Option<UnitId> {
        self.unit.map(|(u, _)| u)
    }
}

/// A segment's kept tokens joined by single spaces (the grammar's input), with each token's offset and info.
struct Joined {
    text: String,
    offsets: Vec<usize>,
    infos: Vec<Info>,
}

impl Joined {
    fn new(tokens: &[(&Token, Info)]) -> Self {
        let mut text = String::new();
        let mut offsets = Vec::with_capacity(tokens.len());
        let mut infos = Vec::with_capacity(tokens.len());
        for (token, info) in tokens {
            if !text.is_empty() {
                text.push(' ');
            }
            offsets.push(text.len());
            infos.push(*info);
            // One token per space: the words of a multi-word entry ("one and a half") stay together.
            text.extend(token.text.chars().map(|c| if c == ' ' { PHRASE_JOINER } else { c }));
        }
        Self { text, offsets, infos }
    }
}

struct Grammar<'l, 's> {
    /// The lexicon as the message's language reads it (for tokens not in the segment).
    lexicon: View<'l>,
    segment: &'s Joined,
}

impl<'l, 's> Grammar<'l, 's> {
    fn new(lexicon: View<'l>, segment: &'s Joined) -> Self {
        Self { lexicon, segment }
    }

    /// The info of a token of the segment (a slice of its text), found by its position.
    fn info(&self, token: &str) -> Info {
        let base = self.segment.text.as_ptr() as usize;
        let found = (token.as_ptr() as usize)
            .checked_sub(base)
            .and_then(|offset| self.segment.offsets.binary_search(&offset).ok())
            .map(|i| self.segment.infos[i]);
        found.unwrap_or_else(|| Info::of(self.lexicon, token))
    }

    fn atom(&self, token: &str) -> Option<Atom> {
        self.info(token).atom
    }

    /// Reads a (possibly compound) number. See the module documentation for the forms.
    fn number<'i>(&self, input: &'i str) -> Res<'i, Number> {
        let mut rest = input;
        let mut total = Amount::ZERO;
        let mut current: Option<Amount> = None;
        let mut pending: Option<Amount> = None;
        let mut last_scale: i64 = 0;
        let mut last: Option<Atom> = None;
        let mut atoms = 0usize;
        let mut first_token = "";
        while let Some((token, after)) = next_token(rest) {
            let Some(mut atom) = self.atom(token) else { break };
            // "सवा पाव": after a modifier, a word that is also a unit is the unit (1.25 paav), not a fraction.
            let info = self.info(token);
            if matches!(atom, Atom::Fraction(_)) && matches!(last, Some(Atom::Modifier(_))) && info.unit.is_some() {
                break;
            }
            // A word that is both a number and a scale ("vanda": 100) multiplies a number before it.
            if let (Atom::Word(_), Some(_)) = (atom, current)
                && let Some(scale) = info.scale
            {
                atom = Atom::Scale(scale);
            }
            // A word that is both a fraction and an addend ("kaal": ¼) adds to a number before it.
            if let (Atom::Fraction(_), Some(_)) = (atom, current)
                && let Some(a) = info.addend
            {
                atom = Atom::Addend(a);
            }
            let accepted = match atom {
                Atom::Modifier(m) if atoms == 0 => {
                    pending = Some(m);
                    true
                }
                Atom::Numeral(v) | Atom::Fraction(v) if current.is_none() && last_scale == 0 => {
                    current = Some(v);
                    true
                }
                Atom::Numeral(v) if matches!(last, Some(Atom::Numeral(_))) && v.0 < 1000 => {
                    // "1 1/2", "1½"
                    current = current.and_then(|c| c.checked_add(v));
                    current.is_some()
                }
                Atom::Word(v) if current.is_none() && last_scale == 0 => {
                    current = Amount::from_whole(v);
                    current.is_some()
                }
                Atom::Word(v) if matches!(last, Some(Atom::Word(_))) => {
                    // Tens and units as two words ("twenty five", "iravai aidu"), or a fused hundred or thousand
                    // and the rest ("दोनशे पन्नास" = 250, Telugu "నూట యాభై" = 150, Tamil "இரண்டாயிரத்து ஐநூறு").
                    let before = current.and_then(Amount::whole).unwrap_or(0);
                    let tens = before % 100;
                    let tens_units = (20..=90).contains(&tens) && tens % 10 == 0 && (1..=9).contains(&v);
                    let hundreds = before >= 100 && before % 100 == 0 && (1..=99).contains(&v);
                    let thousands = before >= 1000 && before % 1000 == 0 && (1..=999).contains(&v);
                    if tens_units || hundreds || thousands {
                        current = Amount::from_whole(before + v);
                        true
                    } else {
                        false
                    }
                }
                // "ek sau pachas", "do hazaar paanch sau": a smaller number word after a scale is added (digits are
                // not: "सो 5 किलो" is a typo and then a quantity, not 105).
                Atom::Word(v) if last_scale > 0 && matches!(last, Some(Atom::Scale(_))) && v > 0 && v < last_scale => {
                    let base = current.unwrap_or(Amount::ZERO);
                    current = Amount::from_whole(v).and_then(|a| base.checked_add(a));
                    current.is_some()
                }
                Atom::Scale(s) => {
                    if matches!(last, Some(Atom::Scale(_))) && s <= last_scale || last_scale > 0 && s >= last_scale {
                        false
                    } else {
                        let base = current.unwrap_or(Amount::ONE);
                        let base = match pending.take() {
                            Some(m) => base.checked_add(m),
                            None => Some(base),
                        };
                        match base.and_then(|b| b.checked_mul(Amount(s * 1000))) {
                            Some(value) if s >= 1000 => {
                                total = total.checked_add(value).unwrap_or(total);
                                current = None;
                                last_scale = s;
                                true
                            }
                            Some(value) => {
                                current = Some(value);
                                last_scale = s;
                                true
                            }
                            None => false,
                        }
                    }
                }
                Atom::Addend(a) if current.is_some() => {
                    current = current.and_then(|c| c.checked_add(a));
                    current.is_some()
                }
                Atom::Classifier if matches!(last, Some(Atom::Numeral(_) | Atom::Word(_))) => true,
                _ => false,
            };
            if !accepted {
                break;
            }
            if atoms == 0 {
                first_token = token;
            }
            atoms += 1;
            if atom != Atom::Classifier {
                last = Some(atom);
            }
            rest = after;
        }
        if atoms == 0 {
            return fail(input);
        }
        let bare_modifier = current.is_none() && total == Amount::ZERO && pending.is_some();
        let mut value = total.checked_add(current.unwrap_or(Amount::ZERO)).unwrap_or(total);
        if let Some(m) = pending {
            // The modifier counts in the number's own unit of magnitude: "saade tinsho" (a fused 300) is 350.
            let whole = value.whole().unwrap_or(0);
            let magnitude =
                [10_000_000, 100_000, 1000, 100].into_iter().find(|&m| whole >= m && whole % m == 0).unwrap_or(1);
            let offset = m.checked_mul(Amount(magnitude * 1000)).unwrap_or(m);
            let base = if bare_modifier { Amount::ONE } else { value };
            value = base.checked_add(offset).unwrap_or(value);
        }
        if value.0 < 0 {
            return fail(input);
        }
        let single = atoms == 1;
        let trap = if single { self.info(first_token).trap } else { None };
        let bare_fraction = single && matches!(self.atom(first_token), Some(Atom::Fraction(_)));
        Ok((
            rest,
            Number {
                value,
                needs_unit: bare_modifier || bare_fraction || trap == Some(Trap::BeforeUnit),
                trap: trap == Some(Trap::NotAfterFiller),
            },
        ))
    }

    /// A number usable as a quantity here: followed by a unit when it needs one, by something when it is a trap.
    /// A number above zero (zero reads as a number but orders nothing).
    fn positive<'i>(&self, input: &'i str) -> Res<'i, Number> {
        match self.number(input) {
            Ok((rest, n)) if n.value.0 > 0 => Ok((rest, n)),
            _ => fail(input),
        }
    }

    fn quantity<'i>(&self, input: &'i str) -> Res<'i, Amount> {
        let (rest, n) = self.positive(input)?;
        let next = peek(rest);
        let unit_follows = next.is_some_and(|t| self.info(t).unit.is_some());
        if (n.needs_unit && !unit_follows) || (n.trap && next.is_none()) {
            return fail(input);
        }
        Ok((rest, n.value))
    }

    /// A quantity after product words ("maggi 2"): a trap word there counts only before a unit.
    fn trailing_quantity<'i>(&self, input: &'i str) -> Res<'i, Amount> {
        let (rest, n) = self.positive(input)?;
        let unit_follows = peek(rest).is_some_and(|t| self.info(t).unit.is_some());
        if (n.needs_unit || n.trap) && !unit_follows {
            return fail(input);
        }
        Ok((rest, n.value))
    }

    fn unit<'i>(&self, input: &'i str) -> Res<'i, UnitId> {
        match next_token(input) {
            Some((token, rest)) => match self.info(token).unit_id() {
                Some(id) => Ok((rest, id)),
                None => fail(input),
            },
            None => fail(input),
        }
    }

    fn keyword<'i>(&self, input: &'i str, test: impl Fn(&str) -> bool) -> Res<'i, ()> {
        match next_token(input) {
            Some((token, rest)) if test(token) => Ok((rest, ())),
            _ => fail(input),
        }
    }

    fn times<'i>(&self, input: &'i str) -> Res<'i, ()> {
        self.keyword(input, |t| self.info(t).times)
    }

    fn wala<'i>(&self, input: &'i str) -> Res<'i, ()> {
        self.keyword(input, |t| self.info(t).wala)
    }

    fn price_word<'i>(&self, input: &'i str) -> Res<'i, ()> {
        self.keyword(input, |t| self.info(t).price)
    }

    /// `rs 10 [wala]`, `10 rs [wala]`, `10 wala`, `5 kg wala`.
    fn designator<'i>(&self, input: &'i str) -> Res<'i, Designator> {
        let price_first = |i: &'i str| -> Res<'i, Designator> {
            let (i, ()) = self.price_word(i)?;
            let (i, n) = self.positive(i)?;
            let (i, _) = opt(|i| self.wala(i)).parse(i)?;
            Ok((i, Designator::Price(n.value)))
        };
        let number_first = |i: &'i str| -> Res<'i, Designator> {
            let (i, n) = self.positive(i)?;
            let (i, ()) = self.price_word(i)?;
            let (i, _) = opt(|i| self.wala(i)).parse(i)?;
            Ok((i, Designator::Price(n.value)))
        };
        let price_wala = |i: &'i str| -> Res<'i, Designator> {
            let (i, n) = self.positive(i)?;
            let (i, ()) = self.wala(i)?;
            Ok((i, Designator::Price(n.value)))
        };
        let pack_wala = |i: &'i str| -> Res<'i, Designator> {
            let (i, n) = self.positive(i)?;
            let (i, unit) = self.unit(i)?;
            let (i, ()) = self.wala(i)?;
            Ok((i, Designator::Pack(n.value, unit)))
        };
        alt((price_first, number_first, price_wala, pack_wala)).parse(input)
    }

    /// Whether a token may be a product word here (`next` is the token after it, if known).
    /// Whether a token may be a product word here (`next` and `after_next` are the tokens after it, if any).
    fn can_be_word(&self, token: &str, next: Option<&str>, after_next: Option<&str>) -> bool {
        self.info_can_be_word(self.info(token), next.map(|n| self.info(n)), after_next.map(|a| self.info(a)))
    }

    fn info_can_be_word(&self, info: Info, next: Option<Info>, after_next: Option<Info>) -> bool {
        if info.times || info.wala || info.price {
            return false;
        }
        // "maggi packet 5": a pack or count unit right before a number is the unit of that number.
        let counted_unit = info.unit.is_some_and(|(_, kind)| matches!(kind, UnitKind::Pack | UnitKind::Count));
        let number_next = next.is_some_and(|n| matches!(n.atom, Some(Atom::Numeral(_))) || n.number.is_some());
        if counted_unit && number_next && after_next.is_none_or(|a| a.unit.is_none()) {
            return false;
        }
        match info.atom {
            None => true,
            Some(Atom::Numeral(_)) => false,
            // An ambiguous number word is a word unless a unit or scale follows ("saath" = with).
            Some(_) => info.trap.is_some() && !next.is_some_and(|n| n.unit_or_scale()),
        }
    }

    fn word<'i>(&self, input: &'i str) -> Res<'i, &'i str> {
        match next_token(input) {
            Some((token, rest)) if self.can_be_word(token, peek(rest), next_token(rest).and_then(|(_, r)| peek(r))) => {
                Ok((rest, token))
            }
            _ => fail(input),
        }
    }

    fn words<'i>(&self, input: &'i str) -> Res<'i, Vec<&'i str>> {
        many1(|i| self.word(i)).parse(input)
    }

    /// `x 2` after a line.
    fn times_suffix<'i>(&self, input: &'i str) -> Res<'i, Amount> {
        let (i, ()) = self.times(input)?;
        let (i, n) = self.positive(i)?;
        Ok((i, n.value))
    }

    /// A number and an optional unit after product words ("atta 5 kg", "maggi 2", "amul butter 100g 5"), or a
    /// unit and a number ("maggi packet 5").
    fn trailing_amount<'i>(&self, input: &'i str) -> Res<'i, (Amount, Option<UnitId>)> {
        let number_first = |i: &'i str| -> Res<'i, (Amount, Option<UnitId>)> {
            let (i, q) = self.trailing_quantity(i)?;
            let (i, u) = opt(|i| self.unit(i)).parse(i)?;
            Ok((i, (q, u)))
        };
        let unit_first = |i: &'i str| -> Res<'i, (Amount, Option<UnitId>)> {
            let (i, u) = self.unit(i)?;
            let (i, q) = self.trailing_quantity(i)?;
            Ok((i, (q, Some(u))))
        };
        alt((number_first, unit_first)).parse(input)
    }

    /// Whether nothing but a multiplier or a designator follows: a number here still belongs to this item.
    fn at_item_end(&self, input: &str) -> bool {
        match peek(input) {
            None => true,
            Some("x") => true,
            Some(_) => self.designator(input).is_ok(),
        }
    }

    /// What may follow an item's product words: a designator, up to two amounts (a pack size and a count, in either
    /// order), a multiplier. An amount followed by more product words starts the next item instead, unless the item
    /// had no amount yet ("sugar 5kg rice 10kg").
    fn tail<'i>(&self, input: &'i str, has_amount: bool) -> Res<'i, Tail> {
        let mut tail = Tail::default();
        let (mut rest, designator) = opt(|i| self.designator(i)).parse(input)?;
        tail.designators.extend(designator);
        for k in 0..2 {
            let needs_end = has_amount || k == 1;
            match self.trailing_amount(rest) {
                Ok((after, amount)) if !needs_end || self.at_item_end(after) => {
                    tail.amounts.push(amount);
                    rest = after;
                }
                _ => break,
            }
        }
        let (rest, designator) = opt(|i| self.designator(i)).parse(rest)?;
        tail.designators.extend(designator);
        let (rest, times) = opt(|i| self.times_suffix(i)).parse(rest)?;
        tail.times = times;
        Ok((rest, tail))
    }

    /// One item: an optional "N x" prefix, an optional head, product words, a tail.
    fn item<'i>(&self, input: &'i str) -> Res<'i, Item> {
        let with_designator = |i: &'i str| -> Res<'i, Head> {
            let (i, q) = self.quantity(i)?;
            let (i, u) = opt(|i| self.unit(i)).parse(i)?;
            let (i, d) = self.designator(i)?;
            Ok((i, Head { amount: Some((q, u)), designator: Some(d) }))
        };
        let designator_only = |i: &'i str| -> Res<'i, Head> {
            let (i, d) = self.designator(i)?;
            Ok((i, Head { amount: None, designator: Some(d) }))
        };
        let with_unit = |i: &'i str| -> Res<'i, Head> {
            let (i, q) = self.quantity(i)?;
            let (i, u) = self.unit(i)?;
            Ok((i, Head { amount: Some((q, Some(u))), designator: None }))
        };
        let bare = |i: &'i str| -> Res<'i, Head> {
            let (i, q) = self.quantity(i)?;
            let (i, _) = opt(|i| self.times(i)).parse(i)?;
            Ok((i, Head { amount: Some((q, None)), designator: None }))
        };
        let unit_first = |i: &'i str| -> Res<'i, Head> {
            let (i, u) = self.unit(i)?;
            let (i, d) = opt(|i| self.designator(i)).parse(i)?;
            Ok((i, Head { amount: Some((Amount::ONE, Some(u))), designator: d }))
        };
        let no_head = |i: &'i str| -> Res<'i, Head> { Ok((i, Head::default())) };
        let heads = [
            &with_designator as &dyn Fn(&'i str) -> Res<'i, Head>,
            &designator_only,
            &with_unit,
            &bare,
            &unit_first,
            &no_head,
        ];
        // "2 x 25 kg atta": a count of packs before the pack size; read without it when nothing fits after it.
        let prefixed = (|i: &'i str| -> Res<'i, Amount> {
            let (i, q) = self.quantity(i)?;
            let (i, ()) = self.times(i)?;
            Ok((i, q))
        })(input)
        .ok();
        let starts = prefixed.map(|(rest, times)| (rest, Some(times))).into_iter().chain([(input, None)]);
        for (start, prefix_times) in starts {
            for head in heads {
                let Ok((rest, head)) = head(start) else { continue };
                let Ok((rest, words)) = self.words(rest) else { continue };
                let (rest, mut tail) = self.tail(rest, head.amount.is_some())?;
                tail.times = prefix_times.or(tail.times);
                return Ok((rest, self.assemble(head, words, tail)));
            }
        }
        fail(input)
    }

    /// The items at the start of a segment, with their byte ranges in the joined text, and what is left.
    fn items<'i>(&self, input: &'i str) -> (&'i str, Vec<(usize, usize, Item)>) {
        let total = input.len();
        let item = |i: &'i str| -> Res<'i, (usize, usize, Item)> {
            let (i, _) = space0(i)?;
            let start = total - i.len();
            let (rest, item) = self.item(i)?;
            Ok((rest, (start, total - rest.len(), item)))
        };
        match many0(item).parse(input) {
            Ok((rest, items)) => (rest.trim_start(), items),
            Err(_) => (input, Vec::new()),
        }
    }

    fn is_measure(&self, unit: Option<UnitId>) -> bool {
        unit.is_some_and(|u| matches!(self.lexicon.lexicon().units[u].kind, UnitKind::Mass | UnitKind::Volume))
    }

    /// Puts an item together. Of two amounts, the measure (kg, l…) is the pack size and the other the count
    /// ("amul butter 100g 5" = five 100 g packs; "6 bottles coke 750ml"). With a multiplier, the measure read
    /// before it is the pack size and the multiplier the count ("25kg atta x2" = two 25 kg packs).
    fn assemble(&self, head: Head, words: Vec<&str>, tail: Tail) -> Item {
        let mut item =
            Item { product: words.into_iter().map(|w| w.replace(PHRASE_JOINER, " ")).collect(), ..Item::default() };
        let amounts: Vec<(Amount, Option<UnitId>)> = head.amount.into_iter().chain(tail.amounts).collect();
        let (count, size) = match amounts.as_slice() {
            [] => (None, None),
            [one] => (Some(*one), None),
            [a, b, ..] if self.is_measure(a.1) && !self.is_measure(b.1) => (Some(*b), Some(*a)),
            [a, b, ..] => (Some(*a), self.is_measure(b.1).then_some(*b)),
        };
        if let Some((q, u)) = count {
            item.quantity = Some(q);
            item.unit = u;
        }
        if let Some((q, Some(u))) = size {
            item.pack = Some((q, u));
        }
        for designator in head.designator.into_iter().chain(tail.designators) {
            match designator {
                Designator::Price(p) => item.price = Some(p),
                Designator::Pack(q, u) => item.pack = Some((q, u)),
            }
        }
        if let Some(times) = tail.times {
            match (item.quantity, item.unit) {
                (Some(q), Some(u)) if item.pack.is_none() && self.is_measure(Some(u)) => {
                    item.pack = Some((q, u));
                    item.quantity = Some(times);
                    item.unit = None;
                }
                (Some(q), None) => item.quantity = q.checked_mul(times).or(Some(q)),
                _ => item.quantity = Some(times),
            }
        }
        item
    }
}

/// The beginning of an item: an amount and/or a designator.
#[derive(Debug, Clone, Copy, Default)]
struct Head {
    amount: Option<(Amount, Option<UnitId>)>,
    designator: Option<Designator>,
}

/// What follows an item's product words.
#[derive(Debug, Clone, Default)]
struct Tail {
    designators: Vec<Designator>,
    amounts: Vec<(Amount, Option<UnitId>)>,
    times: Option<Amount>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex() -> Lexicon {
        Lexicon::embedded().unwrap()
    }

    type Summary = (Option<String>, Option<String>, String);

    fn summary(lex: &Lexicon, text: &str) -> Vec<Summary> {
        parse_order(lex, text)
            .into_iter()
            .map(|l| (l.quantity.map(|q| q.to_string()), l.unit.map(|u| lex.units[u].name.clone()), l.product_text()))
            .collect()
    }

    fn line(q: Option<&str>, u: Option<&str>, p: &str) -> Summary {
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
    fn fractions_modifiers_and_scales() {
        let lex = lex();
        assert_eq!(summary(&lex, "sawa kilo chini"), vec![line(Some("1.25"), Some("kg"), "chini")]);
        assert_eq!(summary(&lex, "paune do kilo atta"), vec![line(Some("1.75"), Some("kg"), "atta")]);
        assert_eq!(summary(&lex, "dedh sau gram jeera"), vec![line(Some("150"), Some("g"), "jeera")]);
        assert_eq!(summary(&lex, "ek sau pachas gram haldi"), vec![line(Some("150"), Some("g"), "haldi")]);
        assert_eq!(summary(&lex, "aadha kilo dal"), vec![line(Some("0.5"), Some("kg"), "dal")]);
        assert_eq!(summary(&lex, "1½ kg sugar"), vec![line(Some("1.5"), Some("kg"), "sugar")]);
        assert_eq!(summary(&lex, "twenty five kg rice"), vec![line(Some("25"), Some("kg"), "rice")]);
    }

    #[test]
    fn multipliers_and_designators() {
        let lex = lex();
        let lines = parse_order(&lex, "25kg atta x2, 10 wala parle g, 5 kg wala aashirvaad atta, 2 x 1 l tel");
        let kg = lex.unit("kg").unwrap();
        let l = lex.unit("l").unwrap();
        assert_eq!(lines[0].quantity, Some(Amount(2000)));
        assert_eq!(lines[0].pack, Some((Amount(25_000), kg)));
        assert_eq!(lines[0].unit, None);
        assert_eq!(lines[1].price, Some(Amount(10_000)));
        assert_eq!(lines[1].product_text(), "parle g");
        assert_eq!(lines[1].quantity, None);
        assert_eq!(lines[2].pack, Some((Amount(5000), kg)));
        assert_eq!(lines[2].product_text(), "aashirvaad atta");
        assert_eq!((lines[3].quantity, lines[3].pack), (Some(Amount(2000)), Some((Amount(1000), l))));
        assert_eq!(summary(&lex, "maggi x3"), vec![line(Some("3"), None, "maggi")]);
        assert_eq!(summary(&lex, "2 nos lifebuoy"), vec![line(Some("2"), Some("piece"), "lifebuoy")]);
    }

    #[test]
    fn traps_are_read_by_position() {
        let lex = lex();
        // "do" = give after a verb or at the end; = 2 before a unit or a product.
        assert_eq!(summary(&lex, "maggi bhej do"), vec![line(None, None, "maggi")]);
        assert_eq!(summary(&lex, "do maggi de do"), vec![line(Some("2"), None, "maggi")]);
        // The g of Parle-G is not grams.
        assert_eq!(summary(&lex, "2 parle g"), vec![line(Some("2"), None, "parle g")]);
        assert_eq!(summary(&lex, "parle g 3"), vec![line(Some("3"), None, "parle g")]);
        // pav: a quarter kilo before a product, bread on its own.
        assert_eq!(summary(&lex, "4 pav"), vec![line(Some("4"), None, "pav")]);
    }

    #[test]
    fn spans_point_at_the_original_text() {
        let lex = lex();
        let message = "Bhai 5KG Aata,\n२ पैकेट मैगी भेजो";
        let lines = parse_order(&lex, message);
        assert_eq!(lines.len(), 2);
        assert_eq!(&message[lines[0].span.clone()], "5KG Aata");
        assert_eq!(lines[0].text, "5KG Aata");
        assert_eq!(&message[lines[1].span.clone()], "२ पैकेट मैगी");
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
        for text in [
            "",
            " ",
            ",,,",
            "1/",
            "/2",
            "..",
            "9999999999 kg",
            "x",
            "२२२२",
            "🙂🙂",
            "a\u{0301}",
            "1.2.3",
            "x x x 2",
            "sawa",
        ] {
            let _ = parse_order(&lex, text);
        }
    }
}
