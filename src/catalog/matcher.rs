//! Product words → a catalog SKU and a number of packs, with a confidence.
//!
//! First an exact lookup of the whole phrase among names and aliases; then a typo-tolerant comparison of each query
//! word with the product's words (Damerau–Levenshtein within a typo budget). Products that differ only in pack
//! size form a family; the quantity and unit then pick the pack ("5 kg" of a family with a 5 kg bag → one bag; of a
//! loose 1 kg SKU → five). When two readings remain the line is *ambiguous*; when nothing is close, *unknown*.

use std::collections::HashMap;

use super::{Measure, Product};
use crate::grammar::{Amount, Lexicon, ParsedLine, UnitKind};
use crate::text::{is_word_char, normalize};

/// A line whose best product scores at least this is accepted without asking.
pub const ACCEPT: f64 = 0.86;
/// Below this a product is not a candidate at all.
pub const CANDIDATE: f64 = 0.6;
/// Products scoring within this of the best are read as equally good.
const TIE: f64 = 0.02;

/// A possible product for a line.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub product: usize,
    pub score: f64,
}

/// The outcome for one order line.
#[derive(Debug, Clone, PartialEq)]
pub enum LineMatch {
    /// One product and a whole number of packs, confidently.
    Matched { product: usize, packs: i64, score: f64 },
    /// Two or more readings remain (best first).
    Ambiguous { candidates: Vec<Candidate> },
    /// Nothing in the catalog is close.
    Unknown,
}

struct ProductKeys {
    /// Words of the name (pack-size words like `5kg` left out) and of every alias.
    words: Vec<String>,
    /// The name without size words: products sharing it differ only in pack size.
    family: String,
}

/// The matcher for one catalog revision.
pub struct Matcher {
    products: Vec<Product>,
    keys: Vec<ProductKeys>,
    /// Whole normalised names and aliases → products.
    phrases: HashMap<String, Vec<usize>>,
}

impl Matcher {
    pub fn new(products: Vec<Product>) -> Self {
        let mut phrases: HashMap<String, Vec<usize>> = HashMap::new();
        let mut keys = Vec::with_capacity(products.len());
        for (i, p) in products.iter().enumerate() {
            let name_words: Vec<String> = key_words(&p.name).into_iter().filter(|w| !is_size_word(w)).collect();
            let family = name_words.join(" ");
            let mut words = name_words.clone();
            for alias in &p.aliases {
                let alias_words = key_words(alias);
                let phrase = alias_words.join(" ");
                if !phrase.is_empty() {
                    add_unique(phrases.entry(phrase).or_default(), i);
                }
                words.extend(alias_words);
            }
            add_unique(phrases.entry(family.clone()).or_default(), i);
            add_unique(phrases.entry(key_words(&p.name).join(" ")).or_default(), i);
            words.sort();
            words.dedup();
            keys.push(ProductKeys { words, family });
        }
        Self { products, keys, phrases }
    }

    pub fn products(&self) -> &[Product] {
        &self.products
    }

    pub fn product(&self, index: usize) -> &Product {
        &self.products[index]
    }

    /// Scores every product whose words resemble `query`, best first.
    pub fn candidates(&self, lexicon: &Lexicon, query: &str) -> Vec<Candidate> {
        let words = key_words(query);
        if words.is_empty() {
            return Vec::new();
        }
        let phrase = words.join(" ");
        if let Some(hits) = self.phrases.get(&phrase) {
            return hits.iter().map(|&product| Candidate { product, score: 1.0 }).collect();
        }
        // Local staple words read as the catalog's word (cheeni → sugar), when that gives an exact phrase.
        let staple_phrase: Vec<String> =
            words.iter().map(|w| lexicon.staple(w).map_or_else(|| w.clone(), str::to_owned)).collect();
        if let Some(hits) = self.phrases.get(&staple_phrase.join(" ")) {
            return hits.iter().map(|&product| Candidate { product, score: 0.98 }).collect();
        }
        let mut scored: Vec<Candidate> = self
            .keys
            .iter()
            .enumerate()
            .filter_map(|(product, keys)| {
                let score = phrase_score(&words, &staple_phrase, &keys.words);
                (score >= CANDIDATE).then_some(Candidate { product, score })
            })
            .collect();
        scored.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.product.cmp(&b.product)));
        scored
    }

    /// Decides one parsed line.
    pub fn match_line(&self, lexicon: &Lexicon, line: &ParsedLine) -> LineMatch {
        let candidates = self.candidates(lexicon, &line.product_text());
        let Some(best) = candidates.first().map(|c| c.score) else {
            return LineMatch::Unknown;
        };
        let top: Vec<&Candidate> = candidates.iter().filter(|c| best - c.score <= TIE).collect();
        let family = &self.keys[top[0].product].family;
        let one_family = top.iter().all(|c| &self.keys[c.product].family == family);
        if best < ACCEPT || !one_family {
            return LineMatch::Ambiguous { candidates: candidates.into_iter().take(3).collect() };
        }
        let members: Vec<usize> = top.iter().map(|c| c.product).collect();
        match self.choose_pack(lexicon, &members, line) {
            Some((product, packs)) => LineMatch::Matched { product, packs, score: best },
            None => LineMatch::Ambiguous {
                candidates: members.into_iter().take(3).map(|product| Candidate { product, score: best }).collect(),
            },
        }
    }

    /// Picks the pack of a family that fits the quantity, and how many of it. `None` when the quantity cannot be
    /// made of whole packs, or when it does not say which size of a several-size family is meant.
    fn choose_pack(&self, lexicon: &Lexicon, family: &[usize], line: &ParsedLine) -> Option<(usize, i64)> {
        let quantity = line.quantity.unwrap_or(Amount::ONE);
        let unit = line.unit.map(|u| &lexicon.units[u]);
        let wanted_measure = match unit.map(|u| u.kind) {
            None | Some(UnitKind::Pack) => {
                let packs = quantity.whole().filter(|p| *p > 0)?;
                return match family {
                    [only] => Some((*only, packs)),
                    _ => None,
                };
            }
            Some(UnitKind::Mass) => Measure::Mass,
            Some(UnitKind::Volume) => Measure::Volume,
            Some(UnitKind::Count) => Measure::Count,
        };
        let unit = unit?;
        // Total wanted, in base units (g, ml, pieces).
        let total = quantity.0.checked_mul(unit.base)?;
        if total % 1000 != 0 {
            return None;
        }
        let total = total / 1000;
        let fitting = family
            .iter()
            .map(|&i| (i, &self.products[i]))
            .filter(|(_, p)| p.unit.measure() == wanted_measure && total % p.pack_base == 0);
        // The pack equal to the amount wins; otherwise the largest pack that divides it.
        fitting
            .max_by_key(|(i, p)| (p.pack_base == total, p.pack_base, std::cmp::Reverse(*i)))
            .map(|(i, p)| (i, total / p.pack_base))
            .filter(|(_, packs)| *packs > 0)
    }
}

fn add_unique(list: &mut Vec<usize>, i: usize) {
    if !list.contains(&i) {
        list.push(i);
    }
}

/// Normalised words of a name or query: punctuation becomes a space (`parle-g` → `parle g`).
pub fn key_words(text: &str) -> Vec<String> {
    normalize(text).split(|c: char| !is_word_char(c)).filter(|w| !w.is_empty()).map(str::to_owned).collect()
}

/// `5kg`, `500g`, `rs10`, `1l`, `30pc`: a pack size or price written into a name.
fn is_size_word(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_digit())
}

/// How well the query words are covered by a product's words: the mean of each query word's best similarity (a
/// staple translation counts as the word itself).
fn phrase_score(words: &[String], staple_words: &[String], product_words: &[String]) -> f64 {
    let total: f64 = words
        .iter()
        .zip(staple_words)
        .map(|(w, s)| {
            product_words
                .iter()
                .map(|pw| word_similarity(w, pw).max(if s != w { word_similarity(s, pw) } else { 0.0 }))
                .fold(0.0, f64::max)
        })
        .sum();
    total / words.len() as f64
}

/// 1.0 for the same word, 0.9 for one typo, 0.8 for two, within a typo budget that grows with word length (none
/// up to 4 letters, one up to 8, two beyond): short words have too many neighbours to forgive a typo.
fn word_similarity(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    let longest = a.chars().count().max(b.chars().count());
    let budget = match longest {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    };
    let distance = strsim::damerau_levenshtein(a, b);
    if distance <= budget { 1.0 - 0.1 * distance as f64 } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::PackUnit;
    use crate::grammar::parse_order;

    fn product(id: i64, sku: &str, name: &str, unit: PackUnit, pack_base: i64, aliases: &[&str]) -> Product {
        Product {
            id,
            sku: sku.into(),
            name: name.into(),
            unit,
            pack_base,
            price_paise: 1000,
            category: String::new(),
            aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
        }
    }

    fn matcher() -> Matcher {
        Matcher::new(vec![
            product(1, "ATTA-LOOSE", "Loose Atta 1kg", PackUnit::Kg, 1000, &["atta", "aata", "आटा"]),
            product(2, "AASH-1", "Aashirvaad Atta 1kg", PackUnit::Kg, 1000, &["aashirvaad atta"]),
            product(3, "AASH-5", "Aashirvaad Atta 5kg", PackUnit::Kg, 5000, &["aashirvaad atta"]),
            product(4, "MAGGI-70", "Maggi Masala Noodles 70g", PackUnit::G, 70, &["maggi", "maggie", "मैगी"]),
            product(5, "SUGAR-LOOSE", "Loose Sugar 1kg", PackUnit::Kg, 1000, &["chini", "चीनी"]),
            product(6, "EGG-1", "Egg (1 pc)", PackUnit::Pc, 1, &["ande", "egg"]),
            product(7, "EGG-30", "Egg Tray 30pc", PackUnit::Pc, 30, &["egg tray"]),
        ])
    }

    fn decide(m: &Matcher, text: &str) -> Vec<(String, i64)> {
        let lex = Lexicon::embedded().unwrap();
        parse_order(&lex, text)
            .iter()
            .map(|line| match m.match_line(&lex, line) {
                LineMatch::Matched { product, packs, .. } => (m.product(product).sku.clone(), packs),
                LineMatch::Ambiguous { .. } => ("?".into(), 0),
                LineMatch::Unknown => ("-".into(), 0),
            })
            .collect()
    }

    #[test]
    fn the_first_real_order() {
        let m = matcher();
        assert_eq!(decide(&m, "5 kg atta, 2 maggi"), vec![("ATTA-LOOSE".into(), 5), ("MAGGI-70".into(), 2)]);
    }

    #[test]
    fn the_pack_equal_to_the_amount_wins() {
        let m = matcher();
        assert_eq!(decide(&m, "aashirvaad atta 5 kg"), vec![("AASH-5".into(), 1)]);
        assert_eq!(decide(&m, "aashirvaad atta 10 kg"), vec![("AASH-5".into(), 2)]);
        assert_eq!(decide(&m, "aashirvaad atta 3 kg"), vec![("AASH-1".into(), 3)]);
    }

    #[test]
    fn typos_and_scripts() {
        let m = matcher();
        assert_eq!(decide(&m, "3 magi"), vec![("MAGGI-70".into(), 3)]);
        assert_eq!(decide(&m, "२ किलो चीनी"), vec![("SUGAR-LOOSE".into(), 2)]);
        assert_eq!(decide(&m, "2 dozen ande"), vec![("EGG-1".into(), 24)]);
    }

    #[test]
    fn unclear_lines_are_not_guessed() {
        let m = matcher();
        // Which size of Aashirvaad? Two packs of which?
        assert_eq!(decide(&m, "2 aashirvaad atta"), vec![("?".into(), 0)]);
        // 1.5 packets cannot be sent.
        assert_eq!(decide(&m, "1.5 maggi"), vec![("?".into(), 0)]);
        assert_eq!(decide(&m, "2 kg xylophone"), vec![("-".into(), 0)]);
    }
}
