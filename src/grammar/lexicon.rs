//! The lexicon: every word of every language in `grammars/`, loaded once at start and merged, so a message that
//! mixes languages still parses. Words are normalised exactly as messages are ([`crate::text::normalize`]).

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use serde::Deserialize;

use super::amount::Amount;
use crate::domain::LangTag;
use crate::text::{Script, dominant_script, is_word_char, normalize};

/// What a unit measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitKind {
    /// Grams.
    Mass,
    /// Millilitres.
    Volume,
    /// Pieces.
    Count,
    /// A sales unit of the SKU itself (packet, box, bag…).
    Pack,
}

/// A canonical unit (`kg`, `dozen`, `packet`…).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub name: String,
    pub kind: UnitKind,
    /// Base units (g, ml or pieces) in one of this unit; 1 for pack units.
    pub base: i64,
    /// A case or sack: its content depends on the product.
    pub bulk: bool,
    /// For a bulk unit, the measure whose packs it is itself ("one bag aata 10 kg" is the 10 kg bag).
    pub holds: Option<UnitKind>,
}

/// A meaning a word can carry in the conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Intent {
    /// A wholesaler accepts (the whole order, or the lines named).
    Yes,
    /// A wholesaler refuses (the whole order, or the lines named).
    No,
    /// A wholesaler has sent the goods on their way.
    Sent,
    /// "the rest", "all": the lines not named ("2 nahi baaki ok").
    Rest,
    /// "except", "but": the lines named after it are refused ("all ok except 2").
    Except,
    Help,
    Status,
    /// A shop calls off an order.
    Cancel,
    /// A shop orders its last order again.
    Repeat,
    /// "LANG marathi": reply in this language from now on.
    Lang,
    /// Send me nothing more (opt out).
    Stop,
    /// Send me messages again (opt back in).
    Start,
}

/// One language of the lexicon.
#[derive(Debug, Clone)]
pub struct Language {
    pub tag: LangTag,
    pub name: String,
    /// ISO 15924 script code (`Latn`, `Deva`, …).
    pub script: String,
    /// Names people use for the language (for a LANG command).
    pub names: Vec<String>,
    /// Words that point to this language rather than another one in the same script.
    pub markers: HashSet<String>,
}

/// Why the grammar files could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("grammars/{file}.toml: {source}")]
    Toml { file: String, source: toml::de::Error },
    #[error("grammars/{file}.toml: {message}")]
    Invalid { file: String, message: String },
    #[error("grammars/_units.toml is missing: the lexicon needs its canonical units")]
    NoUnits,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitEntry {
    kind: UnitKind,
    base: i64,
    #[serde(default)]
    bulk: bool,
    #[serde(default)]
    holds: Option<UnitKind>,
    #[serde(default)]
    symbols: Vec<String>,
}

type Table = BTreeMap<String, Vec<String>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LanguageFile {
    language: LanguageSection,
    #[serde(default)]
    numbers: Table,
    #[serde(default)]
    numbers_generated: Table,
    #[serde(default)]
    scales: Table,
    #[serde(default)]
    scales_generated: Table,
    #[serde(default)]
    fractions: Table,
    #[serde(default)]
    modifiers: Table,
    #[serde(default)]
    modifiers_generated: Table,
    #[serde(default)]
    addends: Table,
    #[serde(default)]
    suffixes: Table,
    #[serde(default)]
    classifiers: WordList,
    #[serde(default)]
    units: Table,
    #[serde(default)]
    connectors: WordList,
    #[serde(default)]
    filler: WordList,
    #[serde(default)]
    designators: Designators,
    #[serde(default)]
    ambiguous: Ambiguous,
    #[serde(default)]
    intents: Table,
    #[serde(default)]
    staples: Table,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LanguageSection {
    code: String,
    name: String,
    script: String,
    #[serde(default)]
    names: Vec<String>,
    #[serde(default)]
    markers: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct WordList {
    #[serde(default)]
    words: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Designators {
    #[serde(default)]
    wala: Vec<String>,
    #[serde(default)]
    price: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Ambiguous {
    #[serde(default)]
    before_unit: Vec<String>,
    #[serde(default)]
    not_after_filler: Vec<String>,
}

/// Index of a unit in [`Lexicon::units`].
pub type UnitId = usize;

/// How an ambiguous number word may be read as a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trap {
    /// Only directly before a unit or scale word (`saath kilo`).
    BeforeUnit,
    /// Not right after a filler word (`bhej do`) and not at the end of a line.
    NotAfterFiller,
}

/// One thing a word means to one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Number(i64),
    Scale(i64),
    Fraction(Amount),
    Modifier(Amount),
    Addend(Amount),
    Classifier,
    Unit(UnitId),
    Connector,
    Filler,
    Wala,
    Price,
    Trap(Trap),
    Intent(Intent),
    /// A product word of the language's staples lexicon (it keeps the word from other languages' roles).
    Staple,
    Marker,
}

/// Bit sets (one bit per language) of the languages that use a word as a marker, in another role, or as a staple.
#[derive(Debug, Clone, Copy, Default)]
struct Detection {
    markers: u64,
    users: u64,
    staples: u64,
}

/// Joins the words of a multi-word entry inside the parser's one-token-per-space text.
pub const PHRASE_JOINER: char = '\u{a0}';

/// Language index of entries that belong to every language (the unit symbols of `_units.toml`).
const SHARED: u16 = u16::MAX;

/// A half-suffix ("and a half" fused onto a number word) and the language it belongs to.
#[derive(Debug, Clone)]
struct Suffix {
    text: String,
    language: usize,
}

/// All languages' words, merged. Each word keeps the roles each language gives it; a message's own language decides
/// where languages disagree ([`Lexicon::view`]), otherwise the first language loaded wins.
#[derive(Debug, Default)]
pub struct Lexicon {
    pub languages: Vec<Language>,
    pub units: Vec<Unit>,
    roles: HashMap<String, Vec<(u16, Role)>>,
    half_suffixes: Vec<Suffix>,
    classifier_suffixes: Vec<String>,
    /// Local product word (or phrase) → (language, canonical catalog word), in load order.
    staples: HashMap<String, Vec<(u16, String)>>,
    longest_staple: usize,
    staples_by_language: Vec<Vec<String>>,
    /// Entries of more than one word, and their first words.
    phrases: HashSet<String>,
    phrase_starts: HashSet<String>,
    longest_phrase: usize,
    /// (language, number word or the word without its last letter) → value, for fused "and a half" forms.
    half_stems: HashMap<(u16, String), i64>,
    /// Per word, for language detection: bit sets of the languages using it (any role but staple) and of those
    /// listing it as a staple; `None` for shared unit symbols, which are evidence for no language.
    detection: HashMap<String, Option<Detection>>,
}

impl Lexicon {
    /// Loads the grammar files compiled into the binary.
    pub fn embedded() -> Result<Self, LexiconError> {
        Self::from_files(crate::embedded::GRAMMAR_FILES)
    }

    /// Loads `(file stem, TOML text)` pairs: `_units` holds the canonical units, other `_` files are not language
    /// files, every other file is one language.
    pub fn from_files(files: &[(&str, &str)]) -> Result<Self, LexiconError> {
        let mut lexicon = Lexicon { longest_phrase: 1, ..Lexicon::default() };
        let (unit_file, language_files): (Vec<_>, Vec<_>) = files.iter().partition(|(stem, _)| *stem == "_units");
        let (_, units_text) = unit_file.first().ok_or(LexiconError::NoUnits)?;
        let units: BTreeMap<String, UnitEntry> =
            toml::from_str(units_text).map_err(|source| LexiconError::Toml { file: "_units".into(), source })?;
        for (name, entry) in units {
            if entry.base <= 0 {
                return Err(LexiconError::Invalid {
                    file: "_units".into(),
                    message: format!("unit '{name}' needs a positive base"),
                });
            }
            let id = lexicon.units.len();
            lexicon.units.push(Unit {
                name: name.clone(),
                kind: entry.kind,
                base: entry.base,
                bulk: entry.bulk,
                holds: entry.holds,
            });
            lexicon.add(&name, SHARED, Role::Unit(id));
            for symbol in &entry.symbols {
                lexicon.add(symbol, SHARED, Role::Unit(id));
            }
        }
        for (stem, text) in language_files.into_iter().filter(|(stem, _)| !stem.starts_with('_')) {
            let file: LanguageFile =
                toml::from_str(text).map_err(|source| LexiconError::Toml { file: (*stem).to_owned(), source })?;
            lexicon.add_language(stem, file)?;
        }
        lexicon.build_indexes();
        Ok(lexicon)
    }

    /// Lookup tables derived from the roles, built once after loading.
    fn build_indexes(&mut self) {
        let half_languages: HashSet<u16> = self.half_suffixes.iter().map(|s| s.language as u16).collect();
        for (word, roles) in &self.roles {
            for (lang, role) in roles {
                if let Role::Number(n) = role
                    && half_languages.contains(lang)
                {
                    self.half_stems.entry((*lang, word.clone())).or_insert(*n);
                    let trimmed = without_last(word);
                    if !trimmed.is_empty() {
                        self.half_stems.entry((*lang, trimmed.to_owned())).or_insert(*n);
                    }
                }
            }
            let entry = if roles.iter().any(|(l, _)| *l == SHARED) {
                None
            } else {
                let bit = |l: u16| if l < 64 { 1u64 << l } else { 0 };
                let mask = |keep: &dyn Fn(Role) -> bool| {
                    roles.iter().filter(|(_, r)| keep(*r)).fold(0, |m, (l, _)| m | bit(*l))
                };
                Some(Detection {
                    markers: mask(&|r| r == Role::Marker),
                    users: mask(&|r| r != Role::Staple && r != Role::Marker),
                    staples: mask(&|r| r == Role::Staple),
                })
            };
            self.detection.insert(word.clone(), entry);
        }
        self.phrase_starts = self.phrases.iter().filter_map(|p| p.split(' ').next()).map(str::to_owned).collect();
    }

    /// Records a role of a (normalised) word for a language.
    fn add(&mut self, word: &str, language: u16, role: Role) -> String {
        let word = normalize(word);
        if word.is_empty() {
            return word;
        }
        let count = word.split(' ').count();
        if count > 1 && role != Role::Staple && role != Role::Marker {
            self.longest_phrase = self.longest_phrase.max(count);
            self.phrases.insert(word.clone());
        }
        let entry = self.roles.entry(word.clone()).or_default();
        if !entry.contains(&(language, role)) {
            entry.push((language, role));
        }
        word
    }

    fn add_all(&mut self, words: &[String], language: u16, role: Role) {
        for w in words {
            self.add(w, language, role);
        }
    }

    fn add_language(&mut self, stem: &str, file: LanguageFile) -> Result<(), LexiconError> {
        let invalid = |message: String| LexiconError::Invalid { file: stem.to_owned(), message };
        let tag = LangTag::parse(&file.language.code)
            .ok_or_else(|| invalid(format!("'{}' is not a language tag", file.language.code)))?;
        if tag.as_str() != stem {
            return Err(invalid(format!("the file of language '{tag}' must be named grammars/{tag}.toml")));
        }
        let index = self.languages.len();
        let lang = u16::try_from(index).map_err(|_| invalid("too many languages".into()))?;
        let integer = |key: &str| -> Result<i64, LexiconError> {
            key.trim().parse::<i64>().map_err(|_| invalid(format!("'{key}' is not a whole number")))
        };
        let decimal = |key: &str| -> Result<Amount, LexiconError> {
            Amount::parse_decimal(key.trim()).ok_or_else(|| invalid(format!("'{key}' is not a decimal amount")))
        };

        for (value, words) in file.numbers.iter().chain(&file.numbers_generated) {
            self.add_all(words, lang, Role::Number(integer(value)?));
        }
        for (value, words) in file.scales.iter().chain(&file.scales_generated) {
            let value = integer(value)?;
            if value < 10 {
                return Err(invalid(format!("scale '{value}' must be 10 or more")));
            }
            self.add_all(words, lang, Role::Scale(value));
        }
        for (value, words) in &file.fractions {
            self.add_all(words, lang, Role::Fraction(decimal(value)?));
        }
        for (offset, words) in file.modifiers.iter().chain(&file.modifiers_generated) {
            let value = Amount::parse_signed(offset.trim())
                .ok_or_else(|| invalid(format!("modifier '{offset}' is not a signed amount such as +0.25")))?;
            self.add_all(words, lang, Role::Modifier(value));
        }
        for (value, words) in &file.addends {
            self.add_all(words, lang, Role::Addend(decimal(value)?));
        }
        for (kind, words) in &file.suffixes {
            if kind != "half" {
                return Err(invalid(format!("unknown suffix kind '{kind}' (only 'half')")));
            }
            for word in words.iter().map(|w| normalize(w)).filter(|w| !w.is_empty()) {
                self.half_suffixes.push(Suffix { text: word, language: index });
            }
        }
        for word in &file.classifiers.words {
            let w = self.add(word, lang, Role::Classifier);
            if !w.is_empty() && !self.classifier_suffixes.contains(&w) {
                self.classifier_suffixes.push(w);
            }
        }
        for (unit, words) in &file.units {
            let id = self
                .units
                .iter()
                .position(|u| &u.name == unit)
                .ok_or_else(|| invalid(format!("unit '{unit}' is not defined in grammars/_units.toml")))?;
            self.add_all(words, lang, Role::Unit(id));
        }
        self.add_all(&file.connectors.words, lang, Role::Connector);
        self.add_all(&file.filler.words, lang, Role::Filler);
        self.add_all(&file.designators.wala, lang, Role::Wala);
        self.add_all(&file.designators.price, lang, Role::Price);
        self.add_all(&file.ambiguous.before_unit, lang, Role::Trap(Trap::BeforeUnit));
        self.add_all(&file.ambiguous.not_after_filler, lang, Role::Trap(Trap::NotAfterFiller));
        for (intent, words) in &file.intents {
            let intent: Intent = Intent::deserialize(toml::Value::String(intent.clone())).map_err(|_| {
                invalid(format!(
                    "unknown intent '{intent}' (yes, no, sent, rest, except, help, status, cancel, repeat, lang, stop, start)"
                ))
            })?;
            self.add_all(words, lang, Role::Intent(intent));
        }
        let mut own_staples = Vec::new();
        for (canonical, words) in &file.staples {
            let canonical = normalize(canonical);
            for word in words {
                let word = self.add(word, lang, Role::Staple);
                if word.is_empty() {
                    continue;
                }
                // The parts of a multi-word staple are this language's product words too.
                for part in word.split(' ') {
                    self.add(part, lang, Role::Staple);
                }
                own_staples.push(word.clone());
                self.longest_staple = self.longest_staple.max(word.split(' ').count());
                let entry = self.staples.entry(word).or_default();
                if !entry.iter().any(|(l, _)| *l == lang) {
                    entry.push((lang, canonical.clone()));
                }
            }
        }
        self.staples_by_language.push(own_staples);
        self.add_all(&file.language.markers, lang, Role::Marker);
        self.languages.push(Language {
            tag,
            name: file.language.name,
            script: file.language.script,
            names: file.language.names.iter().map(|w| normalize(w)).collect(),
            markers: file.language.markers.iter().map(|w| normalize(w)).collect(),
        });
        Ok(())
    }

    /// The lexicon as a message in `language` reads it: where that language gives a word a meaning, only its
    /// meanings (and the shared unit symbols) count; otherwise every language's.
    pub fn view(&self, language: Option<usize>) -> View<'_> {
        View { lexicon: self, language }
    }

    // The methods below read the lexicon without a language preference.

    pub fn number(&self, word: &str) -> Option<i64> {
        self.view(None).number(word)
    }

    pub fn scale(&self, word: &str) -> Option<i64> {
        self.view(None).scale(word)
    }

    pub fn fraction(&self, word: &str) -> Option<Amount> {
        self.view(None).fraction(word)
    }

    pub fn unit(&self, word: &str) -> Option<UnitId> {
        self.view(None).unit(word)
    }

    pub fn intent(&self, word: &str) -> Option<Intent> {
        self.view(None).intent(word)
    }

    pub fn is_connector(&self, word: &str) -> bool {
        self.view(None).is_connector(word)
    }

    pub fn is_filler(&self, word: &str) -> bool {
        self.view(None).is_filler(word)
    }

    pub fn modifier(&self, word: &str) -> Option<Amount> {
        self.view(None).modifier(word)
    }

    /// The canonical catalog word for a local staple word (`cheeni` → `sugar`).
    pub fn staple(&self, word: &str) -> Option<&str> {
        self.view(None).staple(word)
    }

    /// Every staple word or phrase with the (language, canonical word) readings it has.
    pub fn staple_entries(&self) -> impl Iterator<Item = (&str, &[(u16, String)])> {
        self.staples.iter().map(|(w, e)| (w.as_str(), e.as_slice()))
    }

    /// The most words a staple entry has ("chai patti", "toor dal").
    pub fn longest_staple(&self) -> usize {
        self.longest_staple
    }

    /// The view for a detected language tag (no preference when unknown).
    pub fn view_for(&self, language: Option<&LangTag>) -> View<'_> {
        self.view(language.and_then(|l| self.language_index(l)))
    }

    /// Whether `words` (normalised, space-joined) is a multi-word entry of any list.
    pub fn is_phrase(&self, words: &str) -> bool {
        self.phrases.contains(words)
    }

    /// The most words a multi-word entry has.
    pub fn longest_phrase(&self) -> usize {
        self.longest_phrase
    }

    /// Bit sets of the languages that use `word` in any way but as a staple, and of those listing it as a staple
    /// (for language detection). A shared unit symbol (`kg`, `packet`) is evidence for no language.
    fn detection_sets(&self, word: &str) -> Detection {
        self.detection.get(word).copied().flatten().unwrap_or_default()
    }

    /// Whether a word may begin a multi-word entry.
    pub fn starts_phrase(&self, word: &str) -> bool {
        self.phrase_starts.contains(word)
    }

    pub fn language(&self, tag: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.tag.as_str() == tag)
    }

    /// The index of a language in [`Lexicon::languages`].
    /// The language a person means by `name` in a LANG command: its tag (`mr`, `hi-Latn`) or any of the names
    /// people call it (`marathi`, `मराठी`, `hinglish`).
    pub fn language_named(&self, name: &str) -> Option<LangTag> {
        let name = normalize(name);
        self.languages
            .iter()
            .find(|l| l.tag.as_str().eq_ignore_ascii_case(&name.replace(' ', "-")) || l.names.contains(&name))
            .map(|l| l.tag.clone())
    }

    pub fn language_index(&self, tag: &LangTag) -> Option<usize> {
        self.languages.iter().position(|l| &l.tag == tag)
    }

    /// A language's own number words with their values (single words only).
    pub fn number_words_of(&self, language: usize) -> Vec<(&str, i64)> {
        self.words_of(language, |r| if let Role::Number(n) = r { Some(n) } else { None })
    }

    /// A language's own scale words with their values.
    pub fn scale_words_of(&self, language: usize) -> Vec<(&str, i64)> {
        self.words_of(language, |r| if let Role::Scale(n) = r { Some(n) } else { None })
    }

    /// A language's own unit words.
    pub fn unit_words_of(&self, language: usize) -> Vec<(&str, UnitId)> {
        self.words_of(language, |r| if let Role::Unit(u) = r { Some(u) } else { None })
    }

    /// A language's own staple (product) words.
    pub fn staple_words_of(&self, language: usize) -> &[String] {
        &self.staples_by_language[language]
    }

    fn words_of<T>(&self, language: usize, pick: impl Fn(Role) -> Option<T>) -> Vec<(&str, T)> {
        let mut out: Vec<(&str, T)> = self
            .roles
            .iter()
            .filter(|(w, _)| !w.contains(' '))
            .filter_map(|(w, roles)| {
                roles
                    .iter()
                    .filter(|(l, _)| usize::from(*l) == language)
                    .find_map(|(_, r)| pick(*r))
                    .map(|v| (w.as_str(), v))
            })
            .collect();
        out.sort_by(|a, b| a.0.cmp(b.0));
        out
    }

    /// Whether a word has any grammatical role (number, unit, filler, connector, …), i.e. is not a plain word.
    pub fn has_role(&self, word: &str) -> bool {
        self.roles.get(word).is_some_and(|r| r.iter().any(|(_, role)| !matches!(role, Role::Staple | Role::Marker)))
            || self.view(None).fused_number(word).is_some()
    }

    /// The language of a message from its script and words. Every language scores 2 points for each of its marker
    /// words and a share of 1 point for each other word of its vocabulary in the message (shared between the
    /// languages that use the word); languages written in the message's main script get half a point, so a
    /// romanised language must show its own words to win over English or Hinglish. Ties go to the language written in the message's script, then to one without a script subtag
    /// (`hi` over `hi-Latn`, `en` over `hi-Latn`). `None` when the message has no letters, or when no language
    /// is written in its script and none of its words is known.
    pub fn detect_language(&self, text: &str) -> Option<LangTag> {
        let normalized = normalize(text);
        let script = dominant_script(&normalized)?;
        self.detect_from_words(script, normalized.split(|c: char| !is_word_char(c)))
    }

    /// [`Lexicon::detect_language`] for a message already split into normalised words, written mostly in `script`.
    pub fn detect_from_words<'w>(&self, script: Script, words: impl Iterator<Item = &'w str>) -> Option<LangTag> {
        // Scores in hundredths: a marker is worth 200; any other word the languages share is split between them
        // (a word five languages use is weak evidence for each); the message's script gives its languages 50.
        // Native-script product words of a language's staples count a little (30, shared): "कणीक" is Marathi
        // atta. Latin ones do not: English product words are everyone's.
        let mut scores = vec![0u32; self.languages.len()];
        for word in words.filter(|w| !w.is_empty()) {
            // A shared unit symbol ("kilo", "packet") says nothing about the language, even where a file marks it.
            let Detection { markers, users, staples } = self.detection_sets(word);
            if markers | users | staples == 0 {
                continue;
            }
            let staples = if word.is_ascii() { 0 } else { staples };
            for (i, score) in scores.iter_mut().enumerate() {
                let bit = 1u64 << i.min(63);
                if markers & bit != 0 {
                    *score += 200;
                } else if users & bit != 0 {
                    *score += 100 / users.count_ones();
                } else if staples & bit != 0 {
                    *score += 30 / staples.count_ones();
                }
            }
        }
        let native = |i: usize| self.languages[i].script == script.code();
        (0..self.languages.len())
            .filter(|&i| native(i) || scores[i] > 0)
            .max_by_key(|&i| {
                (
                    scores[i] + if native(i) { 50 } else { 0 },
                    native(i),
                    !self.languages[i].tag.as_str().contains('-'),
                    std::cmp::Reverse(i),
                )
            })
            .map(|i| self.languages[i].tag.clone())
    }
}

/// The lexicon as read for one message (see [`Lexicon::view`]).
#[derive(Clone, Copy)]
pub struct View<'a> {
    lexicon: &'a Lexicon,
    language: Option<usize>,
}

impl View<'_> {
    fn roles(&self, word: &str) -> impl Iterator<Item = Role> + '_ {
        // The grammar joins the words of a multi-word entry with no-break spaces (see the parser).
        let entries: &[(u16, Role)] = if word.contains(PHRASE_JOINER) {
            self.lexicon.roles.get(&word.replace(PHRASE_JOINER, " ")).map_or(&[], Vec::as_slice)
        } else {
            self.lexicon.roles.get(word).map_or(&[], Vec::as_slice)
        };
        let own = self
            .language
            .and_then(|l| u16::try_from(l).ok())
            .filter(|l| entries.iter().any(|(el, r)| el == l && *r != Role::Marker));
        entries.iter().filter(move |(el, _)| own.is_none_or(|l| *el == l || *el == SHARED)).map(|(_, r)| *r)
    }

    /// The value of a number word (`teen` → 3), including a classifier fused onto a native-script number word
    /// (`দুইটা`).
    pub fn number(&self, word: &str) -> Option<i64> {
        self.roles(word)
            .find_map(|r| if let Role::Number(n) = r { Some(n) } else { None })
            .or_else(|| self.fused_number(word))
    }

    fn fused_number(&self, word: &str) -> Option<i64> {
        if !word.chars().next().and_then(Script::of).is_some_and(|s| s != Script::Latin) {
            return None;
        }
        self.lexicon.classifier_suffixes.iter().find_map(|suffix| {
            let stem = word.strip_suffix(suffix.as_str()).filter(|s| !s.is_empty())?;
            self.roles(stem).find_map(|r| if let Role::Number(n) = r { Some(n) } else { None })
        })
    }

    pub fn scale(&self, word: &str) -> Option<i64> {
        self.roles(word).find_map(|r| if let Role::Scale(n) = r { Some(n) } else { None })
    }

    /// A fraction word's amount (`dedh` → 1.5), including a native number word with a fused half suffix
    /// (`மூன்றரை` = 3.5).
    pub fn fraction(&self, word: &str) -> Option<Amount> {
        self.roles(word)
            .find_map(|r| if let Role::Fraction(a) = r { Some(a) } else { None })
            .or_else(|| self.fused_half(word))
    }

    fn fused_half(&self, word: &str) -> Option<Amount> {
        if word.is_ascii() {
            return None;
        }
        let lex = self.lexicon;
        for suffix in &lex.half_suffixes {
            let Some(stem) = word.strip_suffix(suffix.text.as_str()).filter(|s| !s.is_empty()) else { continue };
            // The stem is the number word with its last vowel sign dropped or changed (மூன்று → மூன்ற-, ಒಂದು → ಒಂದೂ-).
            let language = suffix.language as u16;
            let found = [stem, without_last(stem)]
                .into_iter()
                .filter(|s| !s.is_empty())
                .find_map(|s| lex.half_stems.get(&(language, s.to_owned())).copied());
            if let Some(n) = found {
                return Amount::from_whole(n).map(|a| Amount(a.0 + 500));
            }
        }
        None
    }

    pub fn modifier(&self, word: &str) -> Option<Amount> {
        self.roles(word).find_map(|r| if let Role::Modifier(a) = r { Some(a) } else { None })
    }

    pub fn addend(&self, word: &str) -> Option<Amount> {
        self.roles(word).find_map(|r| if let Role::Addend(a) = r { Some(a) } else { None })
    }

    pub fn is_classifier(&self, word: &str) -> bool {
        self.roles(word).any(|r| r == Role::Classifier)
    }

    pub fn unit(&self, word: &str) -> Option<UnitId> {
        self.roles(word).find_map(|r| if let Role::Unit(u) = r { Some(u) } else { None })
    }

    pub fn is_connector(&self, word: &str) -> bool {
        self.roles(word).any(|r| r == Role::Connector)
    }

    pub fn is_filler(&self, word: &str) -> bool {
        self.roles(word).any(|r| r == Role::Filler)
    }

    pub fn is_wala(&self, word: &str) -> bool {
        self.roles(word).any(|r| r == Role::Wala)
    }

    pub fn is_price_word(&self, word: &str) -> bool {
        self.roles(word).any(|r| r == Role::Price)
    }

    pub fn trap(&self, word: &str) -> Option<Trap> {
        self.roles(word).find_map(|r| if let Role::Trap(t) = r { Some(t) } else { None })
    }

    pub fn intent(&self, word: &str) -> Option<Intent> {
        self.roles(word).find_map(|r| if let Role::Intent(i) = r { Some(i) } else { None })
    }

    /// Every conversational meaning of a word ("radd" is a wholesaler's no and a shop's cancel).
    pub fn intents(&self, word: &str) -> impl Iterator<Item = Intent> + '_ {
        self.roles(word).filter_map(|r| if let Role::Intent(i) = r { Some(i) } else { None })
    }

    /// Whether the word means anything in the lexicon (a number, a unit, an intent, a staple…).
    pub fn is_known(&self, word: &str) -> bool {
        self.roles(word).next().is_some()
    }

    pub fn lexicon(&self) -> &Lexicon {
        self.lexicon
    }

    /// Every role of a word at once (one lookup), as the parser needs them.
    pub fn lookup(&self, word: &str) -> Lookup {
        let mut out = Lookup::default();
        for role in self.roles(word) {
            match role {
                Role::Number(n) => {
                    out.number.get_or_insert(n);
                }
                Role::Scale(n) => {
                    out.scale.get_or_insert(n);
                }
                Role::Fraction(a) => {
                    out.fraction.get_or_insert(a);
                }
                Role::Modifier(a) => {
                    out.modifier.get_or_insert(a);
                }
                Role::Addend(a) => {
                    out.addend.get_or_insert(a);
                }
                Role::Classifier => out.classifier = true,
                Role::Unit(u) => {
                    out.unit.get_or_insert(u);
                }
                Role::Connector => out.connector = true,
                Role::Filler => out.filler = true,
                Role::Wala => out.wala = true,
                Role::Price => out.price = true,
                Role::Trap(t) => {
                    out.trap.get_or_insert(t);
                }
                Role::Intent(_) | Role::Staple | Role::Marker => {}
            }
        }
        if out.number.is_none() {
            out.number = self.fused_number(word);
        }
        if out.fraction.is_none() {
            out.fraction = self.fused_half(word);
        }
        out
    }
}

/// All roles of one word for one message's language (see [`View::lookup`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Lookup {
    pub number: Option<i64>,
    pub scale: Option<i64>,
    pub fraction: Option<Amount>,
    pub modifier: Option<Amount>,
    pub addend: Option<Amount>,
    pub classifier: bool,
    pub unit: Option<UnitId>,
    pub connector: bool,
    pub filler: bool,
    pub wala: bool,
    pub price: bool,
    pub trap: Option<Trap>,
}

impl<'a> View<'a> {
    /// Of several readings of a staple, the message language's, else the first.
    pub fn prefer<'e>(&self, entries: &'e [(u16, String)]) -> Option<&'e str> {
        let own = self.language.and_then(|l| u16::try_from(l).ok());
        entries.iter().find(|(l, _)| Some(*l) == own).or_else(|| entries.first()).map(|(_, c)| c.as_str())
    }

    /// The canonical catalog word for a local product word or phrase (`cheeni` → `sugar`, `कड़वा तेल` →
    /// `mustard oil`), the message language's reading first (`badam` is almond in Hindi, groundnut in Bengali).
    pub fn staple(&self, word: &str) -> Option<&'a str> {
        self.prefer(self.lexicon.staples.get(word)?)
    }
}

fn without_last(s: &str) -> &str {
    let mut chars = s.chars();
    chars.next_back();
    chars.as_str()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_grammars_load() {
        let lex = Lexicon::embedded().expect("grammars load");
        for tag in ["en", "hi", "hi-Latn"] {
            assert!(lex.language(tag).is_some(), "{tag}");
        }
        assert_eq!(lex.number("teen"), Some(3));
        assert_eq!(lex.number(&normalize("पाँच")), Some(5));
        assert_eq!(lex.number(&normalize("पांच")), Some(5));
        let kg = lex.unit("kg").expect("kg");
        assert_eq!(lex.unit("kilo"), Some(kg));
        assert_eq!(lex.units[kg].base, 1000);
        assert_eq!(lex.staple("cheeni"), Some("sugar"));
        assert_eq!(lex.intent("haan"), Some(Intent::Yes));
        assert!(lex.is_connector("aur"));
        assert_eq!(lex.scale("sau"), Some(100));
        assert_eq!(lex.modifier("sawa"), Some(Amount(250)));
        assert_eq!(lex.modifier("paune"), Some(Amount(-250)));
    }

    #[test]
    fn languages_are_told_apart_by_script_and_words() {
        let lex = Lexicon::embedded().unwrap();
        let detect = |t: &str| lex.detect_language(t).map(|l| l.as_str().to_owned());
        assert_eq!(detect("5 kg atta, 2 maggi").as_deref(), Some("en"));
        assert_eq!(detect("do kilo chawal aur teen maggi bhejo").as_deref(), Some("hi-Latn"));
        assert_eq!(detect("2 किलो चीनी भेजो").as_deref(), Some("hi"));
        assert_eq!(detect("please send 2 kg sugar").as_deref(), Some("en"));
        assert_eq!(detect("12345"), None);
    }

    #[test]
    fn a_language_file_must_match_its_name() {
        let units = ("_units", "[kg]\nkind = \"mass\"\nbase = 1000\n");
        let bad = ("xx", "[language]\ncode = \"en\"\nname = \"E\"\nscript = \"Latn\"\n");
        let err = Lexicon::from_files(&[units, bad]).unwrap_err();
        assert!(err.to_string().contains("grammars/en.toml"), "{err}");
    }

    #[test]
    fn unknown_units_and_sections_are_named() {
        let units = ("_units", "[kg]\nkind = \"mass\"\nbase = 1000\n");
        let lang = ("en", "[language]\ncode = \"en\"\nname = \"E\"\nscript = \"Latn\"\n[units]\nseer = [\"ser\"]\n");
        let err = Lexicon::from_files(&[units, lang]).unwrap_err();
        assert!(err.to_string().contains("seer"), "{err}");
        let typo = ("en", "[language]\ncode = \"en\"\nname = \"E\"\nscript = \"Latn\"\n[fillers]\nwords = []\n");
        let err = Lexicon::from_files(&[units, typo]).unwrap_err();
        assert!(err.to_string().contains("fillers"), "{err}");
    }

    #[test]
    fn fused_half_suffixes_read_native_number_words() {
        let units = ("_units", "[kg]\nkind = \"mass\"\nbase = 1000\n");
        let ta = (
            "ta",
            "[language]\ncode = \"ta\"\nname = \"த\"\nscript = \"Taml\"\n[numbers]\n\"3\" = [\"மூன்று\"]\n\
             \"2\" = [\"இரண்டு\"]\n[suffixes]\nhalf = [\"ரை\"]\n",
        );
        let lex = Lexicon::from_files(&[units, ta]).unwrap();
        assert_eq!(lex.fraction(&normalize("மூன்றரை")), Some(Amount(3500)));
        assert_eq!(lex.fraction(&normalize("இரண்டரை")), Some(Amount(2500)));
        assert_eq!(lex.fraction("ரை"), None);
    }
}
