//! Product words → a catalog SKU and a number of packs, with a confidence.
//!
//! Every name and alias gets Latin keys ([`super::keys`]: transliteration and spelling folds). Candidates come from
//! an index, never a scan: first the whole phrase in an exact map of names and aliases, then each word through a
//! symmetric-delete index with a typo budget by length (none up to 4 letters, one up to 8, two beyond); local staple
//! words also look up their catalog word (cheeni → sugar). Candidates are scored by how well the query's words are
//! covered (Damerau–Levenshtein on the raw words and Levenshtein on the folded keys, the better of the two), with
//! brand words weighing in: naming another brand sinks a product, and a generic word prefers the loose SKU. The shop's
//! own history lifts what it ordered before. Products that differ only in pack size form a family, and the quantity,
//! unit and designators pick the pack. Two close readings make the line *ambiguous*; nothing close, *unknown*.

use std::collections::HashSet as StdHashSet;

/// The matcher's maps hash short strings and ids on every query: a fast hasher (not a DoS-resistant one; the
/// keys come from the catalog and the lexicon, and a query only looks up).
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
type HashSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;

use super::keys::Folder;
use super::{Measure, Product};
use crate::grammar::lexicon::View;
use crate::grammar::{Amount, Lexicon, ParsedLine, UnitId, UnitKind};
use crate::text::{is_word_char, normalize};

/// A line whose best product scores at least this, clear of the next family by [`MARGIN`], is accepted.
pub const ACCEPT: f64 = 0.9;
/// The best product must lead the best product of another family by this much to be accepted without asking.
pub const MARGIN: f64 = 0.05;
/// Below this a product is not a candidate at all.
pub const CANDIDATE: f64 = 0.6;
/// With no brand named, another brand scoring within this of the best makes the line a question of brands.
const BRAND_RIVAL: f64 = 0.25;
/// How much a product the shop ordered before is lifted.
const HISTORY_BONUS: f64 = 0.04;
/// How much the products not sold as the line's pack unit lose when another one is.
const UNIT_BONUS: f64 = 0.08;
/// A product let in beside an exact name only for having the line's pack size keeps this share ("surf excel 1kg"
/// is Surf Excel Easy Wash, whose alias it is, before Surf Excel Quick Wash 1kg).
const BESIDE_NAME: f64 = 0.9;
/// A word found only inside a multi-word alias counts this much.
const WEAK_WORD: f64 = 0.85;
/// Each query word that matches nothing in the catalog costs this factor.
const UNKNOWN_TERM: f64 = 0.55;
/// A product of another brand than the one the shop named keeps this share of its score.
const OTHER_BRAND: f64 = 0.5;
/// A branded product, when the shop named no brand and a loose one exists, keeps this share.
const BRAND_NOT_ASKED: f64 = 0.93;
/// The distance recorded for a word found by its consonant skeleton only.
const SKELETON: usize = usize::MAX;
/// At most this many candidates are scored in full for one line.
const MAX_SCORED: usize = 400;

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

/// What the matcher knows of one product.
struct Entry {
    /// Folded name words without size words: products sharing it differ only in pack size.
    family: String,
    /// The brand word's key, if the product has a brand.
    brand: Option<String>,
    /// Keys of the name's words (no size or loose words), brand first.
    name_keys: Vec<String>,
    /// Vocabulary ids of the name's words after the brand.
    rest_ids: Vec<u32>,
    /// The family has a loose (unbranded) member.
    loose_family: bool,
    /// Pack units the name speaks of ("Egg Tray", "Candle Pack", "Sachet Strip").
    unit_words: Vec<UnitId>,
}

/// One term of a query: a word as written, or a catalog word a staple stands for (then matched exactly).
#[derive(Debug, Clone)]
struct Term {
    raw: String,
    key: String,
    strict: bool,
    /// The brand key this word names, if it names one.
    brand: Option<String>,
    /// The vocabulary words within its typo budget, once looked up.
    near: Near,
}

/// A word's vocabulary neighbours (id, edit distance), looked up on first use and kept.
#[derive(Debug, Clone)]
struct Near {
    key: String,
    written_len: usize,
    found: Option<Vec<(u32, usize)>>,
}

impl Near {
    fn new(key: &str, written_len: usize) -> Self {
        Self { key: key.to_owned(), written_len, found: None }
    }

    fn get(&mut self, matcher: &Matcher) -> &[(u32, usize)] {
        self.found.get_or_insert_with(|| matcher.similar_words(&self.key, self.written_len))
    }
}

/// Scored candidates, and whether the query named a brand.
#[derive(Default)]
struct Scored {
    candidates: Vec<Candidate>,
    brand_named: bool,
    /// Branded products the query, naming no brand, matched only in part ("kaju" of "Good Day Cashew").
    partial: HashSet<usize>,
}

/// Products whose whole name or alias the query is, with the score that gives them (few: a linear list).
#[derive(Default)]
struct PhraseHits(Vec<(usize, f64)>);

impl PhraseHits {
    fn add(&mut self, product: usize, score: f64) {
        match self.0.iter_mut().find(|(p, _)| *p == product) {
            Some((_, s)) => *s = s.max(score),
            None => self.0.push((product, score)),
        }
    }

    fn get(&self, product: &usize) -> Option<f64> {
        self.0.iter().find(|(p, _)| p == product).map(|(_, s)| *s)
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// What scoring needs to know of the whole query.
struct Query<'a> {
    /// Vocabulary ids of its terms.
    term_ids: Vec<u32>,
    /// It is a loose family's name ("atta", "chini").
    names_loose: bool,
    /// The brand it names.
    brand: Option<&'a str>,
}

/// A product a query term reached through one of its words, and how well (the word's similarity, less for a weak
/// word).
struct Reach {
    product: u32,
    term: u32,
    value: f64,
}

/// A posting: a product using a word, and whether the word appears in it only inside a multi-word alias ("bread" of
/// "pav bread"), so says less of it.
fn posting(product: usize, weak: bool) -> u32 {
    ((product as u32) << 1) | u32::from(weak)
}

fn posted_product(posting: u32) -> usize {
    (posting >> 1) as usize
}

fn posted_weak(posting: u32) -> bool {
    posting & 1 == 1
}

/// A vocabulary word a query term reached.
struct Similar {
    id: u32,
    distance: usize,
    similarity: f64,
}

/// What besides the words can tell products apart.
#[derive(Default)]
struct Hints<'a> {
    /// Catalog ids the shop ordered before.
    history: Option<&'a StdHashSet<i64>>,
    /// The line's pack unit (packet, box, bundle…).
    unit: Option<UnitId>,
    /// The pack size (measure, base units) or price (paise) the line names: products of that pack are in the
    /// running beside an exact name ("3 x 5 kg atta" when only loose atta is called "atta").
    pack: Option<(Measure, i64)>,
    price_paise: Option<i64>,
}

/// The matcher for one catalog revision.
pub struct Matcher {
    products: Vec<Product>,
    folder: Folder,
    entries: Vec<Entry>,
    /// Folded names and aliases (words joined by spaces) → products.
    phrases: HashMap<String, Vec<usize>>,
    /// Folded word → its vocabulary id.
    word_ids: HashMap<String, u32>,
    /// Vocabulary id → the products using the word, as [`posting`]s.
    postings: Vec<Vec<u32>>,
    /// Distinct folded words; the delete index points into it.
    vocabulary: Vec<String>,
    /// Each vocabulary word as first written (normalised), for the raw-text comparison.
    spellings: Vec<String>,
    /// A word with up to its typo budget of letters deleted → vocabulary indexes.
    deletes: DeleteIndex,
    /// Consonant skeletons of the vocabulary → vocabulary indexes, the last resort for a word no typo budget reaches.
    skeletons: HashMap<String, Vec<u32>>,
    /// Brand keys and the brand-only spellings of them ("colget", "मैगी"), each → its brand's key: to tell
    /// "tata namak" (a brand) from "namak" (generic).
    brands: HashMap<String, String>,
    /// Staple words and phrases by their folded keys ("tell" meets "tel"), with their readings.
    staple_keys: HashMap<String, Vec<(u16, String)>>,
    /// Single-word staple keys and their delete index, for staples typed with a typo ("khnad").
    staple_vocabulary: Vec<String>,
    staple_deletes: DeleteIndex,
    /// First words of brands' multi-word aliases that no other product uses first ("सर्फ" of "सर्फ एक्सेल").
    brand_leads: HashMap<String, String>,
    /// Brand first words that are common words too, each → the second words that make them the brand.
    paired_brands: HashMap<String, HashSet<String>>,
    /// Family key → its products.
    families: HashMap<String, Vec<usize>>,
    /// Families that have a loose (unbranded) member.
    loose_families: HashSet<String>,
}

/// How many typos a word of this many letters may carry.
pub fn typo_budget(len: usize) -> usize {
    match len {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

impl Matcher {
    /// Indexes a catalog with the embedded spelling folds; the lexicon tells unit words in names.
    pub fn new(products: Vec<Product>, lexicon: &Lexicon) -> Self {
        let folder = Folder::embedded().expect("the embedded grammars hold _folds.toml and _translit.toml");
        Self::with_folder(products, lexicon, folder)
    }

    pub fn with_folder(products: Vec<Product>, lexicon: &Lexicon, folder: Folder) -> Self {
        // Names repeat their words ("masala", "pack", brands): fold each distinct word once.
        let folded: std::cell::RefCell<HashMap<String, String>> = std::cell::RefCell::default();
        let fold = |word: &str| -> String {
            if let Some(k) = folded.borrow().get(word) {
                return k.clone();
            }
            let k = folder.key(word);
            folded.borrow_mut().insert(word.to_owned(), k.clone());
            k
        };
        let loose = folder.loose_words().iter().map(|w| fold(w)).collect::<HashSet<_>>();
        let mut phrases: HashMap<String, Vec<usize>> = HashMap::default();
        let mut postings: HashMap<String, Vec<u32>> = HashMap::default();
        let mut first_spelling: HashMap<String, String> = HashMap::default();
        let mut entries = Vec::with_capacity(products.len());
        let mut loose_families = HashSet::default();
        // Single-word aliases → the brands (or "" for loose products) that use them.
        let mut alias_owners: HashMap<String, HashSet<String>> = HashMap::default();
        for (i, p) in products.iter().enumerate() {
            // Size words ("5kg", "rs10") and unit words ("pc", "pack") say the pack, not the product.
            let all_name: Vec<String> = key_words(&p.name);
            let mut unit_words: Vec<UnitId> = all_name
                .iter()
                .filter_map(|w| lexicon.unit(w))
                .filter(|u| matches!(lexicon.units[*u].kind, UnitKind::Pack | UnitKind::Count))
                .collect();
            // Unit words ("Sachet Strip", "Egg Tray") still describe the product, but products differing in them are
            // one family.
            let described: Vec<String> = all_name.into_iter().filter(|w| !is_size_word(w)).collect();
            let name_raw: Vec<String> = described.iter().filter(|w| lexicon.unit(w).is_none()).cloned().collect();
            let name_keys: Vec<String> = name_raw.iter().map(|w| fold(w)).collect();
            let is_loose = name_keys.iter().any(|k| loose.contains(k));
            let family_keys: Vec<&str> = name_keys.iter().filter(|k| !loose.contains(*k)).map(String::as_str).collect();
            let family = family_keys.join(" ");
            let brand = if is_loose { None } else { name_keys.first().cloned() };
            let owner = brand.clone().unwrap_or_default();
            if is_loose {
                for k in &family_keys {
                    alias_owners.entry((*k).to_owned()).or_default().insert(String::new());
                }
            } else if let Some(b) = &brand {
                alias_owners.entry(b.clone()).or_default().insert(owner.clone());
            }
            if is_loose {
                loose_families.insert(family.clone());
            }
            let mut words: Vec<String> = described.iter().map(|w| fold(w)).collect();
            let mut raw = described.clone();
            let mut strong: HashSet<String> = words.iter().cloned().collect();
            add_unique(phrases.entry(family.clone()).or_default(), i);
            add_unique(phrases.entry(name_keys.join(" ")).or_default(), i);
            for alias in &p.aliases {
                let alias_raw = key_words(alias);
                let alias_keys: Vec<String> = alias_raw.iter().map(|w| fold(w)).collect();
                if !alias_keys.is_empty() {
                    add_unique(phrases.entry(alias_keys.join(" ")).or_default(), i);
                }
                if let [single] = alias_keys.as_slice() {
                    strong.insert(single.clone());
                    alias_owners.entry(single.clone()).or_default().insert(owner.clone());
                }
                // "ship bundle", "candle packet": the product's name or another alias, then a pack unit, says how
                // it is sold ("maggi family pack", "maggi 4 pack" say a size).
                if let Some((last, prefix)) = alias_raw.split_last()
                    && let Some(id) = lexicon.unit(last).filter(|id| lexicon.units[*id].kind == UnitKind::Pack)
                {
                    let prefix: Vec<String> = prefix.iter().map(|w| fold(w)).collect();
                    let names_it = !prefix.is_empty()
                        && (name_keys.starts_with(&prefix)
                            || p.aliases
                                .iter()
                                .any(|a| key_words(a).iter().map(|w| fold(w)).eq(prefix.iter().cloned())));
                    if names_it && !unit_words.contains(&id) {
                        unit_words.push(id);
                    }
                }
                // "parle ji" is written "पारलेजी" too.
                if let [first, second] = alias_raw.as_slice() {
                    let pair = format!("{first}{second}");
                    let key = fold(&pair);
                    add_unique(phrases.entry(key.clone()).or_default(), i);
                    if !alias_keys.contains(&key) {
                        raw.push(pair);
                        words.push(key);
                    }
                }
                raw.extend(alias_raw);
                words.extend(alias_keys);
            }
            // "Coca Cola" is often written "cocacola", "Thums Up" "thumsup": adjacent name words joined count too.
            let joined: Vec<(String, String)> =
                described.windows(2).map(|pair| (pair.concat(), fold(&pair.concat()))).collect();
            for (n, (raw_pair, key_pair)) in joined.into_iter().enumerate() {
                add_unique(phrases.entry(key_pair.clone()).or_default(), i);
                // "Thums Up" → "thumsup" spells the brand as one word.
                if n == 0 && brand.is_some() {
                    alias_owners.entry(key_pair.clone()).or_default().insert(owner.clone());
                }
                if !words.contains(&key_pair) {
                    strong.insert(key_pair.clone());
                    raw.push(raw_pair);
                    words.push(key_pair);
                }
            }
            for w in &words {
                let list = postings.entry(w.clone()).or_default();
                if list.last().is_none_or(|&last| posted_product(last) != i) {
                    list.push(posting(i, !strong.contains(w)));
                }
            }
            let name_keys = family_keys.iter().map(|k| (*k).to_owned()).collect();
            for (key, spelling) in words.iter().zip(&raw) {
                first_spelling.entry(key.clone()).or_insert_with(|| spelling.clone());
            }
            entries.push(Entry { family, brand, name_keys, rest_ids: Vec::new(), loose_family: false, unit_words });
        }
        // A brand word is one only its brand uses ("good" of Good Day folds like "gud", jaggery, and is not one);
        // an alias spelled like the brand ("colget", "मैगी") names it too.
        let mut brands = HashMap::default();
        for (word, owners) in &alias_owners {
            if let [brand] = owners.iter().collect::<Vec<_>>().as_slice()
                && !brand.is_empty()
                && postings
                    .get(word)
                    .into_iter()
                    .flatten()
                    .all(|&p| entries[posted_product(p)].brand.as_ref() == Some(*brand))
                && (word.starts_with(brand.as_str())
                    || strsim::levenshtein(word, brand) <= (brand.chars().count() / 3).max(1)
                    || skeleton(word) == skeleton(brand))
            {
                brands.insert(word.clone(), (*brand).clone());
            }
        }
        let mut vocabulary: Vec<String> = postings.keys().cloned().collect();
        vocabulary.sort();
        let deletes = DeleteIndex::new(&vocabulary);
        let word_ids: HashMap<String, u32> =
            vocabulary.iter().enumerate().map(|(id, w)| (w.clone(), id as u32)).collect();
        for entry in &mut entries {
            entry.rest_ids = entry.name_keys.iter().skip(1).filter_map(|w| word_ids.get(w).copied()).collect();
            entry.loose_family = loose_families.contains(&entry.family);
        }
        let spellings: Vec<String> = vocabulary.iter().map(|w| first_spelling.remove(w).unwrap_or_default()).collect();
        let mut leads: HashMap<String, HashSet<Option<String>>> = HashMap::default();
        for (entry, p) in entries.iter().zip(&products) {
            for alias in &p.aliases {
                let words = key_words(alias);
                if words.len() >= 2 {
                    leads.entry(fold(&words[0])).or_default().insert(entry.brand.clone());
                }
            }
        }
        let brand_leads: HashMap<String, String> = leads
            .into_iter()
            .filter_map(|(word, owners)| match owners.into_iter().collect::<Vec<_>>().as_slice() {
                // ...and that no product of another brand has anywhere ("milk" of "milk maid" is not Nestle's).
                [Some(brand)]
                    if postings
                        .get(&word)
                        .into_iter()
                        .flatten()
                        .all(|&p| entries[posted_product(p)].brand.as_ref() == Some(brand)) =>
                {
                    Some((word, brand.clone()))
                }
                _ => None,
            })
            .collect();
        let mut families: HashMap<String, Vec<usize>> = HashMap::default();
        for (i, entry) in entries.iter().enumerate() {
            families.entry(entry.family.clone()).or_default().push(i);
        }
        let mut skeletons: HashMap<String, Vec<u32>> = HashMap::default();
        for (id, word) in vocabulary.iter().enumerate().filter(|(_, w)| brands.contains_key(*w)) {
            let bones = skeleton(word);
            if bones.len() >= 3 {
                skeletons.entry(bones).or_default().push(id as u32);
            }
        }
        let mut paired_brands: HashMap<String, HashSet<String>> = HashMap::default();
        for entry in &entries {
            if let (Some(brand), Some(second)) = (&entry.brand, entry.name_keys.get(1))
                && !brands.contains_key(brand)
            {
                paired_brands.entry(brand.clone()).or_default().insert(second.clone());
            }
        }
        let mut staple_keys: HashMap<String, Vec<(u16, String)>> = HashMap::default();
        for (phrase, readings) in lexicon.staple_entries() {
            let key = key_words(phrase).iter().map(|w| fold(w)).collect::<Vec<_>>().join(" ");
            let list = staple_keys.entry(key).or_default();
            for reading in readings {
                if !list.contains(reading) {
                    list.push(reading.clone());
                }
            }
        }
        let mut staple_vocabulary: Vec<String> =
            staple_keys.keys().filter(|k| !k.contains(' ') && k.chars().count() >= 4).cloned().collect();
        staple_vocabulary.sort();
        let staple_deletes = DeleteIndex::new(&staple_vocabulary);
        Self {
            products,
            folder,
            entries,
            phrases,
            postings: vocabulary.iter().map(|w| postings.remove(w).unwrap_or_default()).collect(),
            word_ids,
            spellings,
            vocabulary,
            deletes,
            skeletons,
            brands,
            paired_brands,
            brand_leads,
            staple_keys,
            staple_vocabulary,
            staple_deletes,
            families,
            loose_families,
        }
    }

    pub fn products(&self) -> &[Product] {
        &self.products
    }

    pub fn product(&self, index: usize) -> &Product {
        &self.products[index]
    }

    /// The index of the product with this catalog id, if the catalog still has it.
    pub fn position_of(&self, product_id: i64) -> Option<usize> {
        self.products.iter().position(|p| p.id == product_id)
    }

    /// Vocabulary words within the typo budget of `key` (by the query word's length), with their edit distance.
    fn similar_words(&self, key: &str, written_len: usize) -> Vec<(u32, usize)> {
        // The budget follows the word as typed ("khnad" has five letters even if its key has four).
        let budget = typo_budget(key.chars().count().max(written_len));
        let mut found: HashMap<u32, usize> = HashMap::default();
        for id in self.deletes.lookup(key, budget) {
            if let std::collections::hash_map::Entry::Vacant(slot) = found.entry(id) {
                let distance = strsim::damerau_levenshtein(key, &self.vocabulary[id as usize]);
                if distance <= budget {
                    slot.insert(distance);
                }
            }
        }
        // Nothing within the budget: a brand with the same consonants ("kolket" of கோல்கேட் and "colgate") may still
        // be meant. Only brands: for ordinary words the consonants alone say too little.
        if found.is_empty() && key.chars().count() >= 4 {
            for &id in self.skeletons.get(&skeleton(key)).into_iter().flatten() {
                found.insert(id, SKELETON);
            }
        }
        found.into_iter().collect()
    }

    /// The brand a query word names, exactly or within its typo budget ("ಮ್ಯಾಗಿ" → maggi).
    fn brand_named(&self, key: &str, near_words: &mut Near) -> Option<&str> {
        if let Some(brand) = self.brands.get(key) {
            return Some(brand);
        }
        // The first word of a brand's own alias names it ("सर्फ" of "सर्फ एक्सेल"); any other word the catalog has
        // is that word, not a misspelt brand ("machis" of Ship Matchbox is not "Aachi").
        if let Some(brand) = self.brand_leads.get(key) {
            return Some(brand);
        }
        if self.word_ids.contains_key(key) {
            return None;
        }
        let near = near_words
            .get(self)
            .iter()
            .filter_map(|&(id, d)| self.brands.get(&self.vocabulary[id as usize]).map(|b| (d, id, b)))
            .min_by_key(|(d, id, _)| (*d, *id))
            .map(|(_, _, b)| b.as_str());
        // Else a brand with the same consonants, however the script spelt its vowels ("லைஃப்பாய்", lifebuoy).
        near.or_else(|| {
            let ids = self.skeletons.get(&skeleton(key))?;
            let brand = self.brands.get(&self.vocabulary[*ids.first()? as usize])?;
            ids.iter()
                .all(|&id| self.brands.get(&self.vocabulary[id as usize]) == Some(brand))
                .then_some(brand.as_str())
        })
    }

    /// The query as terms: each word, except that local staple words and phrases stand for their catalog words
    /// ("cheeni" → sugar, "कड़वा तेल" → mustard oil), which must then appear as such — a staple word never matches
    /// by its spelling alone ("kanda", onion, is not "kandi", toor dal).
    fn terms(&self, view: View<'_>, raw: &[String], keys: &[String]) -> Vec<Term> {
        let longest = view.lexicon().longest_staple().max(1);
        let mut terms = Vec::new();
        let mut i = 0;
        while i < raw.len() {
            // A brand of the catalog ("maggi", "dettol", "good day") stays itself even where a staples list has it.
            let mut near = Near::new(&keys[i], raw[i].chars().count());
            let brand = self.paired_brand(keys, i).or_else(|| self.brand_named(&keys[i], &mut near)).map(str::to_owned);
            if brand.is_some() {
                terms.push(Term { raw: raw[i].clone(), key: keys[i].clone(), strict: false, brand, near });
                i += 1;
                continue;
            }
            let mut step = 1;
            let mut canonical = None;
            for len in (1..=longest.min(raw.len() - i)).rev() {
                let found = view.staple(&raw[i..i + len].join(" ")).or_else(|| {
                    self.staple_keys.get(&keys[i..i + len].join(" ")).and_then(|readings| view.prefer(readings))
                });
                if let Some(c) = found {
                    canonical = Some(c);
                    step = len;
                    break;
                }
            }
            // A staple typed with a typo ("khnad", "chinni"), if the word is nothing in the catalog itself.
            if canonical.is_none() && !self.word_ids.contains_key(&keys[i]) {
                canonical = self.similar_staple(&keys[i]).and_then(|r| view.prefer(r));
            }
            match canonical {
                Some(c) => terms.extend(key_words(c).into_iter().map(|w| {
                    let key = self.folder.key(&w);
                    let near = Near::new(&key, 0);
                    Term { raw: w, key, strict: true, brand: None, near }
                })),
                None => {
                    terms.push(Term { raw: raw[i].clone(), key: keys[i].clone(), strict: false, brand: None, near })
                }
            }
            i += step;
        }
        terms.retain(|t| !t.key.is_empty());
        terms
    }

    /// The readings of the staple word nearest to `key` within its typo budget.
    fn similar_staple(&self, key: &str) -> Option<&[(u16, String)]> {
        // By the key's length: a short word one letter off another staple is as likely another word ("ponni").
        let budget = typo_budget(key.chars().count());
        if budget == 0 {
            return None;
        }
        let mut best: Option<(usize, u32)> = None;
        {
            for id in self.staple_deletes.lookup(key, budget) {
                let staple = &self.staple_vocabulary[id as usize];
                // A typo rarely hits the first letter; requiring it keeps "ponni" (a rice) from "vennai" and such.
                if staple.chars().next() != key.chars().next() {
                    continue;
                }
                let distance = strsim::damerau_levenshtein(key, staple);
                if distance <= budget && best.is_none_or(|b| (distance, id) < b) {
                    best = Some((distance, id));
                }
            }
        }
        best.and_then(|(_, id)| self.staple_keys.get(&self.staple_vocabulary[id as usize]).map(Vec::as_slice))
    }

    /// A brand whose first word is also a common word ("good" folds like "gud", jaggery) is named by its first two
    /// words ("good day", "gud de").
    fn paired_brand(&self, keys: &[String], i: usize) -> Option<&str> {
        let (brand, seconds) = self.paired_brands.get_key_value(&keys[i])?;
        let next = keys.get(i + 1)?;
        seconds.contains(next).then_some(brand.as_str())
    }

    /// Scores the products that resemble `query`, best first.
    pub fn candidates(&self, view: View<'_>, query: &str) -> Vec<Candidate> {
        self.scored(view, query, &Hints::default()).candidates
    }

    fn scored(&self, view: View<'_>, query: &str, hints: &Hints<'_>) -> Scored {
        let raw = key_words(query);
        if raw.is_empty() {
            return Scored::default();
        }
        let keys: Vec<String> = raw.iter().map(|w| self.folder.key(w)).collect();
        let mut terms = self.terms(view, &raw, &keys);
        let term_keys: Vec<String> = terms.iter().map(|t| t.key.clone()).collect();
        // A whole name or alias, as written or through the staples lexicon, is an exact hit.
        let mut phrase_hits = PhraseHits::default();
        for (phrase, score) in [(keys.join(" "), 1.0), (term_keys.join(" "), 0.98)] {
            for &product in self.phrases.get(&phrase).into_iter().flatten() {
                phrase_hits.add(product, score);
            }
        }
        if terms.is_empty() && phrase_hits.is_empty() {
            return Scored::default();
        }
        let named_brand: Option<String> = terms.iter().find_map(|t| t.brand.clone());
        let named_brand = named_brand.as_deref();
        // Candidate products: those sharing a term's word, or (for ordinary words) a word within the typo budget.
        // The postings say how well each term names each product, so a product's coverage is known before it is
        // looked at.
        let mut reached: Vec<Reach> = Vec::new();
        let mut matched_words: Vec<Vec<Similar>> = Vec::with_capacity(terms.len());
        for (t, term) in terms.iter_mut().enumerate() {
            let similar: Vec<Similar> = if term.strict {
                self.word_ids
                    .get(&term.key)
                    .map(|&id| Similar { id, distance: 0, similarity: 1.0 })
                    .into_iter()
                    .collect()
            } else {
                let near = term.near.get(self).to_vec();
                near.into_iter()
                    .map(|(id, distance)| Similar { id, distance, similarity: self.similarity(term, id, distance) })
                    .collect()
            };
            for s in &similar {
                reached.extend(self.postings[s.id as usize].iter().map(|&p| Reach {
                    product: posted_product(p) as u32,
                    term: t as u32,
                    value: if posted_weak(p) { s.similarity * WEAK_WORD } else { s.similarity },
                }));
            }
            matched_words.push(similar);
        }
        // One word that is a one-word name or alias but for a typo ("ಮ್ಯಾಗಿ", "miagi", for "maggi") gates like one.
        if phrase_hits.is_empty()
            && let [only] = matched_words.as_slice()
            && !only.iter().any(|s| s.distance == 0)
        {
            for s in only {
                if s.distance != SKELETON {
                    for &product in self.phrases.get(&self.vocabulary[s.id as usize]).into_iter().flatten() {
                        phrase_hits.add(product, 0.0);
                    }
                }
            }
        }
        // Coverage: for each term the best of the product's words it reached, averaged over the terms the catalog
        // knows, less for each term it does not. Scoring only lowers it (or lifts it by the history bonus), so a
        // product whose coverage cannot reach a candidate's score is left out unscored, unless it is an exact name.
        let known = matched_words.iter().filter(|w| !w.is_empty()).count();
        let unknown_cost = UNKNOWN_TERM.powi((terms.len() - known) as i32);
        let lift = if hints.history.is_some_and(|h| !h.is_empty()) { HISTORY_BONUS } else { 0.0 };
        reached.sort_unstable_by_key(|r| (r.product, r.term));
        let mut pool: Vec<(u32, f64, bool)> = reached
            .chunk_by(|a, b| a.product == b.product)
            .filter_map(|run| {
                let total: f64 =
                    run.chunk_by(|a, b| a.term == b.term).map(|t| t.iter().map(|r| r.value).fold(0.0, f64::max)).sum();
                let coverage = total / known as f64 * unknown_cost;
                let product = run[0].product;
                let exact = phrase_hits.get(&(product as usize)).is_some();
                (exact || coverage + lift >= CANDIDATE).then_some((product, coverage, exact))
            })
            .collect();
        for &(p, _) in &phrase_hits.0 {
            if !pool.iter().any(|(q, _, _)| *q as usize == p) {
                pool.push((p as u32, 0.0, true));
            }
        }
        // A very common word alone (e.g. "masala") gives a huge pool; keep the exact names and the best covered.
        if pool.len() > MAX_SCORED {
            pool.sort_unstable_by(|a, b| b.2.cmp(&a.2).then(b.1.total_cmp(&a.1)).then(a.0.cmp(&b.0)));
            pool.truncate(MAX_SCORED);
        }
        let query = Query {
            term_ids: term_keys.iter().filter_map(|k| self.word_ids.get(k).copied()).collect(),
            names_loose: self.loose_families.contains(&term_keys.join(" ")),
            brand: named_brand,
        };
        let mut partial = Vec::new();
        let mut scored: Vec<Candidate> = pool
            .into_iter()
            .filter_map(|(p, coverage, _)| {
                let product = p as usize;
                // An exact name or alias decides; beside it only a product whose name says the line's pack unit
                // ("egg tray" for "eggs 2 trays") or that has the pack the line names stays in the running.
                let (phrase, factor) = match phrase_hits.get(&product) {
                    Some(s) => (s, 1.0),
                    None if phrase_hits.is_empty() => (0.0, 1.0),
                    None if self.has_designated_pack(product, hints) => (0.0, BESIDE_NAME),
                    None if hints.unit.is_some_and(|u| self.entries[product].unit_words.contains(&u)) => (0.0, 1.0),
                    None => return None,
                };
                let base = phrase.max(coverage) * factor;
                let (score, part) = self.adjust(product, &query, phrase_hits.get(&product).is_some(), base, hints);
                if part {
                    partial.push(product);
                }
                Some(Candidate { product, score })
            })
            .collect();
        // "अंडे 2 ट्रे", "clinic plus 2 ladi": when some product is sold as the line's pack unit, it is the one meant.
        if let Some(unit) = hints.unit
            && scored.iter().any(|c| self.entries[c.product].unit_words.contains(&unit))
        {
            for c in &mut scored {
                if !self.entries[c.product].unit_words.contains(&unit) {
                    c.score *= 1.0 - UNIT_BONUS;
                }
            }
        }
        scored.retain(|c| c.score >= CANDIDATE);
        sort(&mut scored);
        Scored { candidates: scored, brand_named: named_brand.is_some(), partial: partial.into_iter().collect() }
    }

    /// How alike a query term and a vocabulary word it reached are: Damerau–Levenshtein on the words as written
    /// and Levenshtein on the folded keys, the better of the two.
    fn similarity(&self, term: &Term, id: u32, distance: usize) -> f64 {
        let word_key = &self.vocabulary[id as usize];
        let word_raw = &self.spellings[id as usize];
        if distance == 0 {
            return if term.raw == *word_raw || term.strict { 1.0 } else { 0.98 };
        }
        if distance == SKELETON {
            // Only the consonants agree: a long run of them says more than two or three.
            let base = if skeleton(&term.key).len() >= 4 { 0.75 } else { 0.65 };
            return base + 0.2 * strsim::normalized_levenshtein(&term.key, word_key);
        }
        let raw = strsim::normalized_damerau_levenshtein(&term.raw, word_raw);
        let folded = strsim::normalized_levenshtein(&term.key, word_key);
        // Within budget a typo costs little; the raw and folded similarities order candidates.
        0.8 + 0.2 * raw.max(folded)
    }

    /// Brand agreement, how much of a branded product an unbranded query names, the unit hint, and history.
    fn adjust(
        &self,
        product: usize,
        query: &Query<'_>,
        phrase_hit: bool,
        score: f64,
        hints: &Hints<'_>,
    ) -> (f64, bool) {
        let entry = &self.entries[product];
        let mut score = score;
        let mut partial = false;
        let keys = &query.term_ids;
        match (query.brand, &entry.brand) {
            (Some(named), Some(brand)) if named != brand => score *= OTHER_BRAND,
            (Some(_), None) => score *= OTHER_BRAND,
            (None, Some(_)) => {
                // "kaju" (cashew) names only the flavour of "Good Day Cashew": a question, not an order. A name or
                // alias given whole ("dahi" for a catalog that calls its curd so) is the product, though.
                let rest = &entry.rest_ids;
                if !rest.is_empty() && !phrase_hit {
                    let covered = rest.iter().filter(|w| keys.contains(w)).count() as f64 / rest.len() as f64;
                    score *= 0.6 + 0.4 * covered;
                    // Names put the kind of thing last ("Amul Taaza Milk"): a query naming it asks for one of
                    // these; one naming only another word ("Knorr Tomato Soup" for "tomato") does not.
                    partial = rest.last().is_some_and(|head| !keys.contains(head));
                }
                if query.names_loose || entry.loose_family {
                    score *= BRAND_NOT_ASKED;
                }
            }
            _ => {}
        }
        if hints.history.is_some_and(|h| !h.is_empty() && h.contains(&self.products[product].id)) {
            score += HISTORY_BONUS;
        }
        (score.min(1.0), partial)
    }

    /// The scored candidates of one parsed line, best first, as [`Matcher::match_line_with_history`] weighs them.
    pub fn line_candidates(&self, view: View<'_>, line: &ParsedLine, history: &StdHashSet<i64>) -> Vec<Candidate> {
        self.scored(view, &line.product_text(), &Self::hints(view, line, history)).candidates
    }

    fn hints<'h>(view: View<'_>, line: &ParsedLine, history: &'h StdHashSet<i64>) -> Hints<'h> {
        Hints {
            history: Some(history),
            unit: line.unit.filter(|u| view.lexicon().units[*u].kind == UnitKind::Pack),
            pack: line.pack.and_then(|(size, unit)| {
                let unit = &view.lexicon().units[unit];
                let base = size.0.checked_mul(unit.base).filter(|b| b % 1000 == 0)? / 1000;
                Some((measure_of(unit.kind)?, base))
            }),
            price_paise: line.price.and_then(|p| (p.0 % 10 == 0).then_some(p.0 / 10)),
        }
    }

    fn has_designated_pack(&self, product: usize, hints: &Hints<'_>) -> bool {
        let p = &self.products[product];
        hints.pack.is_some_and(|(measure, base)| p.unit.measure() == measure && p.pack_base == base)
            || hints.price_paise.is_some_and(|price| p.price_paise == price)
    }

    /// How the matcher reads a product text: each term's folded key, and whether it came from the staples list
    /// (then it must appear in a name exactly). For operators checking why a line matched as it did.
    pub fn query_terms(&self, view: View<'_>, query: &str) -> Vec<(String, bool)> {
        let raw = key_words(query);
        let keys: Vec<String> = raw.iter().map(|w| self.folder.key(w)).collect();
        self.terms(view, &raw, &keys).into_iter().map(|t| (t.key, t.strict)).collect()
    }

    /// Decides one parsed line.
    pub fn match_line(&self, view: View<'_>, line: &ParsedLine) -> LineMatch {
        self.match_line_with_history(view, line, &StdHashSet::default())
    }

    /// Decides one parsed line, lifting products the shop ordered before.
    pub fn match_line_with_history(&self, view: View<'_>, line: &ParsedLine, history: &StdHashSet<i64>) -> LineMatch {
        let hints = Self::hints(view, line, history);
        let Scored { candidates, brand_named, partial } = self.scored(view, &line.product_text(), &hints);
        let Some(first) = candidates.first() else {
            return LineMatch::Unknown;
        };
        // "kaju" matching only the flavour of "Good Day Cashew", "tomato" only "Knorr Tomato Soup": such a product
        // may be offered beside a better one, but alone it means the item is not stocked.
        if partial.contains(&first.product) {
            return LineMatch::Unknown;
        }
        let best = first.score;
        let family = &self.entries[first.product].family;
        let runner_up = candidates.iter().find(|c| &self.entries[c.product].family != family).map_or(0.0, |c| c.score);
        // A generic word several brands answer ("sunflower oil", "ghee") asks which brand rather than picking one.
        let rival_brand = !brand_named
            && self.entries[first.product].brand.as_ref().is_some_and(|brand| {
                candidates.iter().any(|c| {
                    best - c.score <= BRAND_RIVAL
                        && self.entries[c.product].brand.as_ref().is_some_and(|b| b != brand)
                        && (hints.pack.is_none() && hints.price_paise.is_none()
                            || self.has_designated_pack(c.product, &hints))
                })
            });
        if best < ACCEPT || best - runner_up < MARGIN || rival_brand {
            return LineMatch::Ambiguous { candidates: self.offer(view, line, &candidates) };
        }
        let members = self.family_of(&candidates, first.product, line);
        if let Some((product, packs)) = self.choose_pack(view, &members, line, false) {
            return LineMatch::Matched { product, packs, score: best };
        }
        // "3 x 5 kg atta" when the loose atta has no 5 kg bag: offer the products that have that pack.
        let designated: Vec<Candidate> = if line.pack.is_some() || line.price.is_some() {
            candidates
                .iter()
                .filter(|c| self.choose_pack(view, &[c.product], line, false).is_some())
                .take(3)
                .cloned()
                .collect()
        } else {
            Vec::new()
        };
        if !designated.is_empty() {
            return LineMatch::Ambiguous { candidates: designated };
        }
        LineMatch::Ambiguous {
            candidates: members.into_iter().take(3).map(|product| Candidate { product, score: best }).collect(),
        }
    }

    /// The candidates of `product`'s family (products differing only in pack), best first; and if the line's
    /// pack unit is what none of them but another member is sold as ("mombatti 2 packet" → Candle Pack 6pc, which
    /// the word alone did not reach), the whole family.
    fn family_of(&self, candidates: &[Candidate], product: usize, line: &ParsedLine) -> Vec<usize> {
        let family = &self.entries[product].family;
        let mut members: Vec<usize> =
            candidates.iter().filter(|c| &self.entries[c.product].family == family).map(|c| c.product).collect();
        let everyone = self.families.get(family).map_or(&[][..], Vec::as_slice);
        if let Some(unit) = line.unit
            && !members.iter().any(|&m| self.entries[m].unit_words.contains(&unit))
            && everyone.iter().any(|&m| self.entries[m].unit_words.contains(&unit))
        {
            for &other in everyone {
                if !members.contains(&other) {
                    members.push(other);
                }
            }
        }
        members
    }

    /// The options of a question, best first and at most three: one product per family (the pack that fits the
    /// line), or the sizes of a family when the line does not say which.
    fn offer(&self, view: View<'_>, line: &ParsedLine, candidates: &[Candidate]) -> Vec<Candidate> {
        let mut families: Vec<&str> = Vec::new();
        let mut offered: Vec<Candidate> = Vec::new();
        for c in candidates {
            let family = self.entries[c.product].family.as_str();
            if families.contains(&family) {
                continue;
            }
            families.push(family);
            let members: Vec<&Candidate> =
                candidates.iter().filter(|o| self.entries[o.product].family == family).collect();
            match self.choose_pack(view, &self.family_of(candidates, c.product, line), line, false) {
                Some((product, _)) => offered.push(Candidate { product, score: c.score }),
                None => offered.extend(members.into_iter().cloned()),
            }
            if offered.len() >= 3 {
                break;
            }
        }
        offered.truncate(3);
        offered
    }

    /// For each candidate of an ambiguous line, the number of its packs the line asks for; candidates no whole
    /// number of packs fits are left out (they cannot be offered).
    pub fn options(&self, view: View<'_>, line: &ParsedLine, candidates: &[Candidate]) -> Vec<(usize, i64)> {
        candidates.iter().filter_map(|c| self.choose_pack(view, &[c.product], line, true)).collect()
    }

    /// Picks the pack of a family that fits the quantity, and how many of it. `None` when the quantity cannot be
    /// made of whole packs, or when it does not say which size of a several-size family is meant. With
    /// `designated_as_amount`, a pack size no member has ("25kg x2") is read as an amount (50 kg).
    fn choose_pack(
        &self,
        view: View<'_>,
        family: &[usize],
        line: &ParsedLine,
        designated_as_amount: bool,
    ) -> Option<(usize, i64)> {
        let lexicon = view.lexicon();
        let quantity = line.quantity.unwrap_or(Amount::ONE);
        let unit = line.unit.map(|id| (id, &lexicon.units[id]));
        let sold_as = |id: UnitId| -> Vec<usize> {
            family.iter().copied().filter(|&i| self.entries[i].unit_words.contains(&id)).collect()
        };
        // A case or a sack ("2 peti bisleri") of something not sold so: how many packs is the shop's to say.
        let bulk = unit.filter(|(_, u)| u.bulk).map(|(id, _)| id);
        // A designator names the pack: "10 wala" the ₹10 one, "5 kg wala" / "25kg x2" the 5 or 25 kg one. The count
        // is then packs (or pieces of a pack sold by the piece: "12 nos", "1 dozen").
        if line.price.is_some() || line.pack.is_some() {
            let designated: Vec<usize> = match (line.price, line.pack) {
                (Some(price), _) => {
                    family.iter().copied().filter(|&i| self.products[i].price_paise * 10 == price.0).collect()
                }
                (None, Some((size, size_unit))) => {
                    let size_unit = &lexicon.units[size_unit];
                    let base = size.0.checked_mul(size_unit.base).filter(|b| b % 1000 == 0).map(|b| b / 1000);
                    let measure = measure_of(size_unit.kind);
                    family
                        .iter()
                        .copied()
                        .filter(|&i| {
                            Some(self.products[i].pack_base) == base && Some(self.products[i].unit.measure()) == measure
                        })
                        .collect()
                }
                (None, None) => Vec::new(),
            };
            return match designated.as_slice() {
                [only] => {
                    // "2 peti bisleri 1 litre" is cases of bottles: how many is a question. "1 bori 50 kilo" of a
                    // 50 kg product is that bag.
                    let holds = |id: UnitId| {
                        lexicon.units[id].holds.and_then(measure_of) == Some(self.products[*only].unit.measure())
                    };
                    if bulk.is_some_and(|id| !self.entries[*only].unit_words.contains(&id) && !holds(id)) {
                        return None;
                    }
                    let packs = match unit {
                        Some((_, u)) if u.kind == UnitKind::Count => {
                            quantity.checked_mul(Amount(u.base * 1000))?.whole()?
                        }
                        _ => quantity.whole()?,
                    };
                    (packs > 0).then_some((*only, packs))
                }
                [] if designated_as_amount && line.price.is_none() => {
                    // Packs of that size, counted as an amount: 2 × 25 kg.
                    let (size, size_unit) = line.pack?;
                    let size_unit = &lexicon.units[size_unit];
                    let total = size.0.checked_mul(size_unit.base)?.checked_mul(quantity.whole()?)?;
                    if total % 1000 != 0 {
                        return None;
                    }
                    self.pack_for_total(family, measure_of(size_unit.kind)?, total / 1000)
                }
                _ => None,
            };
        }
        if let Some(id) = bulk {
            let packs = quantity.whole().filter(|p| *p > 0)?;
            return match sold_as(id).as_slice() {
                [only] => Some((*only, packs)),
                _ => None,
            };
        }
        let by_the_piece = family.iter().all(|&i| self.products[i].unit.measure() == Measure::Count);
        match unit {
            // "2 trays", "1 packet": the member sold as that, or the only member.
            Some((id, u)) if u.kind == UnitKind::Pack => {
                let packs = quantity.whole().filter(|p| *p > 0)?;
                match (sold_as(id).as_slice(), family) {
                    ([only], _) | ([], [only]) => Some((*only, packs)),
                    _ => None,
                }
            }
            // No unit: packs, except of things also sold singly ("30 ande" are thirty eggs, not thirty trays).
            None if !(by_the_piece && family.iter().any(|&i| self.products[i].pack_base == 1)) => {
                let packs = quantity.whole().filter(|p| *p > 0)?;
                match family {
                    [only] => Some((*only, packs)),
                    _ => None,
                }
            }
            None => self.pack_for_total(family, Measure::Count, quantity.whole()?),
            Some((_, u)) => {
                // Total wanted, in base units (g, ml, pieces).
                let total = quantity.0.checked_mul(u.base)?;
                if total % 1000 != 0 {
                    return None;
                }
                self.pack_for_total(family, measure_of(u.kind)?, total / 1000)
            }
        }
    }

    /// The pack that makes up `total` base units (g, ml, pieces), and how many: for pieces the single piece if there
    /// is one (pieces of something not sold by the piece, "2 nos lifebuoy", are its packs); else the pack equal to
    /// the total, else the largest pack that divides it.
    fn pack_for_total(&self, family: &[usize], measure: Measure, total: i64) -> Option<(usize, i64)> {
        if total <= 0 {
            return None;
        }
        let product = |i: usize| &self.products[i];
        let fitting: Vec<usize> = family
            .iter()
            .copied()
            .filter(|&i| product(i).unit.measure() == measure && total % product(i).pack_base == 0)
            .collect();
        if measure == Measure::Count {
            let singles: Vec<usize> = family
                .iter()
                .copied()
                .filter(|&i| product(i).unit.measure() != Measure::Count || product(i).pack_base == 1)
                .collect();
            match singles.as_slice() {
                [only] => return Some((*only, total)),
                [] => {}
                _ => return None,
            }
        }
        if let Some(&equal) = fitting.iter().find(|&&i| product(i).pack_base == total) {
            return Some((equal, 1));
        }
        fitting
            .into_iter()
            .max_by_key(|&i| (product(i).pack_base, std::cmp::Reverse(i)))
            .map(|i| (i, total / product(i).pack_base))
    }
}

fn measure_of(kind: UnitKind) -> Option<Measure> {
    match kind {
        UnitKind::Mass => Some(Measure::Mass),
        UnitKind::Volume => Some(Measure::Volume),
        UnitKind::Count => Some(Measure::Count),
        UnitKind::Pack => None,
    }
}

fn add_unique(list: &mut Vec<usize>, i: usize) {
    if !list.contains(&i) {
        list.push(i);
    }
}

/// The consonants of a key, voiced and unvoiced pairs merged and doubles collapsed: what survives a word's trip
/// through a script without the distinctions (Tamil writes "colgate" கோல்கேட், "kolket").
fn skeleton(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for (i, c) in key.chars().enumerate() {
        let c = match c {
            // A word's first vowel stays: "amulgi" (Amul Ghee) is not "milagu" (pepper).
            'a' | 'e' | 'i' | 'o' | 'u' if i == 0 => 'a',
            'a' | 'e' | 'i' | 'o' | 'u' | 'h' => continue,
            'g' | 'c' | 'q' => 'k',
            'd' => 't',
            'b' => 'p',
            'j' | 'z' => 's',
            'v' => 'f',
            other => other,
        };
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

fn sort(candidates: &mut [Candidate]) {
    candidates.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.product.cmp(&b.product)));
}

/// The symmetric-delete index: for every vocabulary word, the hashes of the word with up to its budget of letters
/// deleted (one more than its own length's budget, as a longer query word may carry more typos: "khnad" for "kand"),
/// sorted for lookup. Hashes, not strings: a 20,000-product catalog has over a million deletions, and a hash
/// collision only costs one edit-distance check, which every hit gets anyway.
struct DeleteIndex {
    entries: Vec<(u64, u32)>,
    /// For each value of a hash's top bits, where its entries start: a lookup reads one short run.
    starts: Vec<u32>,
}

/// Bits of the hash that index [`DeleteIndex::starts`].
const DIRECTORY_BITS: u32 = 16;

impl DeleteIndex {
    fn new(words: &[String]) -> Self {
        let mut entries = Vec::with_capacity(words.len() * 16);
        let mut hashes = Vec::new();
        for (id, word) in words.iter().enumerate() {
            hashes.clear();
            deletion_hashes(word.as_bytes(), typo_budget(word.chars().count() + 1), &mut hashes);
            entries.extend(hashes.iter().map(|&h| (h, id as u32)));
        }
        entries.sort_unstable();
        entries.dedup();
        let mut starts = vec![0u32; (1 << DIRECTORY_BITS) + 1];
        for (h, _) in &entries {
            starts[(h >> (64 - DIRECTORY_BITS)) as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        Self { entries, starts }
    }

    /// Words sharing a deletion with `key` within `budget` (candidates only: the caller checks the distance).
    fn lookup(&self, key: &str, budget: usize) -> Vec<u32> {
        let mut hashes = Vec::new();
        deletion_hashes(key.as_bytes(), budget, &mut hashes);
        let mut ids = Vec::new();
        for h in hashes {
            let bucket = (h >> (64 - DIRECTORY_BITS)) as usize;
            let run = &self.entries[self.starts[bucket] as usize..self.starts[bucket + 1] as usize];
            let start = run.partition_point(|(e, _)| *e < h);
            ids.extend(run[start..].iter().take_while(|(e, _)| *e == h).map(|(_, id)| *id));
        }
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

/// FNV-1a hashes of `word` with every choice of up to `max` (at most 2) letters left out, the word itself included.
/// Keys are ASCII, so bytes are letters.
fn deletion_hashes(word: &[u8], max: usize, out: &mut Vec<u64>) {
    let hash = |skip: &[usize]| {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for (i, b) in word.iter().enumerate() {
            if !skip.contains(&i) {
                h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
            }
        }
        h
    };
    out.push(hash(&[]));
    let n = word.len();
    if max >= 1 {
        for i in 0..n {
            out.push(hash(&[i]));
        }
    }
    if max >= 2 {
        for i in 0..n {
            for j in i + 1..n {
                out.push(hash(&[i, j]));
            }
        }
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
        Matcher::new_for_tests(vec![
            product(1, "ATTA-LOOSE", "Loose Atta 1kg", PackUnit::Kg, 1000, &["atta", "aata", "आटा"]),
            product(2, "AASH-1", "Aashirvaad Atta 1kg", PackUnit::Kg, 1000, &["aashirvaad atta"]),
            product(3, "AASH-5", "Aashirvaad Atta 5kg", PackUnit::Kg, 5000, &["aashirvaad atta"]),
            product(4, "MAGGI-70", "Maggi Masala Noodles 70g", PackUnit::G, 70, &["maggi", "maggie", "मैगी"]),
            product(5, "SUGAR-LOOSE", "Loose Sugar 1kg", PackUnit::Kg, 1000, &["chini", "चीनी"]),
            product(6, "EGG-1", "Egg (1 pc)", PackUnit::Pc, 1, &["ande", "egg"]),
            product(7, "EGG-30", "Egg Tray 30pc", PackUnit::Pc, 30, &["egg tray"]),
        ])
    }

    impl Matcher {
        fn new_for_tests(products: Vec<Product>) -> Self {
            Matcher::new(products, &Lexicon::embedded().unwrap())
        }
    }

    fn decide(m: &Matcher, text: &str) -> Vec<(String, i64)> {
        let lex = Lexicon::embedded().unwrap();
        parse_order(&lex, text)
            .iter()
            .map(|line| match m.match_line(lex.view(None), line) {
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
    fn designators_pick_the_pack() {
        let mut products = matcher().products().to_vec();
        products.push(product(8, "PG-5", "Parle-G Rs5", PackUnit::G, 50, &["parle g"]));
        products.push(product(9, "PG-10", "Parle-G Rs10", PackUnit::G, 100, &["parle g"]));
        products[7].price_paise = 500;
        products[8].price_paise = 1000;
        let m = Matcher::new_for_tests(products);
        assert_eq!(decide(&m, "10 wala parle g 12 pcs"), vec![("PG-10".into(), 12)]);
        assert_eq!(decide(&m, "5 rs wala parle g"), vec![("PG-5".into(), 1)]);
        assert_eq!(decide(&m, "aashirvaad atta 5kg x2"), vec![("AASH-5".into(), 2)]);
        assert_eq!(decide(&m, "2 nos maggi"), vec![("MAGGI-70".into(), 2)]);
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
