//! The lexicon: every word of every language in `grammars/`, loaded once at start and merged, so a message that
//! mixes languages still parses. Words are normalised exactly as messages are ([`crate::text::normalize`]).

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Deserialize;

use crate::domain::LangTag;
use crate::text::{dominant_script, is_word_char, normalize};

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
}

/// A meaning a word can carry in the conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Intent {
    Yes,
    No,
    Help,
    Status,
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
    symbols: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LanguageFile {
    language: LanguageSection,
    #[serde(default)]
    numbers: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    units: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    connectors: WordList,
    #[serde(default)]
    filler: WordList,
    #[serde(default)]
    intents: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    staples: BTreeMap<String, Vec<String>>,
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

/// Index of a unit in [`Lexicon::units`].
pub type UnitId = usize;

/// All languages' words, merged.
#[derive(Debug, Default)]
pub struct Lexicon {
    pub languages: Vec<Language>,
    pub units: Vec<Unit>,
    unit_words: HashMap<String, UnitId>,
    number_words: HashMap<String, i64>,
    connectors: HashSet<String>,
    filler: HashSet<String>,
    intents: HashMap<String, Intent>,
    staples: HashMap<String, String>,
    /// For language detection: which languages use a word at all.
    vocabulary: HashMap<String, Vec<usize>>,
}

impl Lexicon {
    /// Loads the grammar files compiled into the binary.
    pub fn embedded() -> Result<Self, LexiconError> {
        Self::from_files(crate::embedded::GRAMMAR_FILES)
    }

    /// Loads `(file stem, TOML text)` pairs: `_units` holds the canonical units, every other file one language.
    pub fn from_files(files: &[(&str, &str)]) -> Result<Self, LexiconError> {
        let mut lexicon = Lexicon::default();
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
            lexicon.units.push(Unit { name: name.clone(), kind: entry.kind, base: entry.base });
            lexicon.unit_words.insert(normalize(&name), id);
            for symbol in entry.symbols {
                lexicon.unit_words.insert(normalize(&symbol), id);
            }
        }
        for (stem, text) in language_files.into_iter().filter(|(stem, _)| !stem.starts_with('_')) {
            let file: LanguageFile =
                toml::from_str(text).map_err(|source| LexiconError::Toml { file: (*stem).to_owned(), source })?;
            lexicon.add_language(stem, file)?;
        }
        Ok(lexicon)
    }

    fn add_language(&mut self, stem: &str, file: LanguageFile) -> Result<(), LexiconError> {
        let invalid = |message: String| LexiconError::Invalid { file: stem.to_owned(), message };
        let tag = LangTag::parse(&file.language.code)
            .ok_or_else(|| invalid(format!("'{}' is not a language tag", file.language.code)))?;
        if tag.as_str() != stem {
            return Err(invalid(format!("the file of language '{tag}' must be named grammars/{tag}.toml")));
        }
        let index = self.languages.len();
        let used = |word: &str, vocabulary: &mut HashMap<String, Vec<usize>>| {
            let entry = vocabulary.entry(word.to_owned()).or_default();
            if !entry.contains(&index) {
                entry.push(index);
            }
        };
        for (value, words) in &file.numbers {
            let value: i64 = value.parse().map_err(|_| invalid(format!("number key '{value}' is not an integer")))?;
            for word in words.iter().map(|w| normalize(w)) {
                used(&word, &mut self.vocabulary);
                self.number_words.entry(word).or_insert(value);
            }
        }
        for (unit, words) in &file.units {
            let id = self
                .units
                .iter()
                .position(|u| &u.name == unit)
                .ok_or_else(|| invalid(format!("unit '{unit}' is not defined in grammars/_units.toml")))?;
            for word in words.iter().map(|w| normalize(w)) {
                used(&word, &mut self.vocabulary);
                self.unit_words.entry(word).or_insert(id);
            }
        }
        for word in file.connectors.words.iter().map(|w| normalize(w)) {
            used(&word, &mut self.vocabulary);
            self.connectors.insert(word);
        }
        for word in file.filler.words.iter().map(|w| normalize(w)) {
            used(&word, &mut self.vocabulary);
            self.filler.insert(word);
        }
        for (intent, words) in &file.intents {
            let intent: Intent = serde::Deserialize::deserialize(toml::Value::String(intent.clone()))
                .map_err(|_| invalid(format!("unknown intent '{intent}' (yes, no, help, status)")))?;
            for word in words.iter().map(|w| normalize(w)) {
                used(&word, &mut self.vocabulary);
                self.intents.entry(word).or_insert(intent);
            }
        }
        // Staple words are left out of the vocabulary used for language detection: product names travel between
        // languages ("atta" in an English SMS) and say little about the language of the message.
        for (canonical, words) in &file.staples {
            let canonical = normalize(canonical);
            for word in words.iter().map(|w| normalize(w)) {
                self.staples.entry(word).or_insert_with(|| canonical.clone());
            }
        }
        let markers: HashSet<String> = file.language.markers.iter().map(|w| normalize(w)).collect();
        for word in &markers {
            used(word, &mut self.vocabulary);
        }
        self.languages.push(Language {
            tag,
            name: file.language.name,
            script: file.language.script,
            names: file.language.names.iter().map(|w| normalize(w)).collect(),
            markers,
        });
        Ok(())
    }

    /// The value of a number word (`teen` → 3), for a normalised word.
    pub fn number(&self, word: &str) -> Option<i64> {
        self.number_words.get(word).copied()
    }

    pub fn unit(&self, word: &str) -> Option<UnitId> {
        self.unit_words.get(word).copied()
    }

    pub fn is_connector(&self, word: &str) -> bool {
        self.connectors.contains(word)
    }

    pub fn is_filler(&self, word: &str) -> bool {
        self.filler.contains(word)
    }

    pub fn intent(&self, word: &str) -> Option<Intent> {
        self.intents.get(word).copied()
    }

    /// The canonical catalog word for a local staple word (`cheeni` → `sugar`).
    pub fn staple(&self, word: &str) -> Option<&str> {
        self.staples.get(word).map(String::as_str)
    }

    /// Indexes of the languages that use `word`.
    pub fn languages_using(&self, word: &str) -> &[usize] {
        self.vocabulary.get(word).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn language(&self, tag: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.tag.as_str() == tag)
    }
}

impl Lexicon {
    /// The language of a message from its script and words: among the languages written in the message's main
    /// script, the one whose marker words (2 points) and vocabulary (1 point) it uses most. A tie goes to the
    /// language without a script subtag (`hi` over `hi-Latn`, `en` over `hi-Latn`). `None` when no loaded language
    /// uses the script.
    pub fn detect_language(&self, text: &str) -> Option<LangTag> {
        let normalized = normalize(text);
        let script = dominant_script(&normalized)?;
        let candidates: Vec<usize> =
            (0..self.languages.len()).filter(|&i| self.languages[i].script == script.code()).collect();
        if candidates.is_empty() {
            return None;
        }
        let mut scores = vec![0usize; self.languages.len()];
        for word in normalized.split(|c: char| !is_word_char(c)).filter(|w| !w.is_empty()) {
            for &i in &candidates {
                if self.languages[i].markers.contains(word) {
                    scores[i] += 2;
                } else if self.languages_using(word).contains(&i) {
                    scores[i] += 1;
                }
            }
        }
        candidates
            .into_iter()
            .max_by_key(|&i| (scores[i], !self.languages[i].tag.as_str().contains('-'), std::cmp::Reverse(i)))
            .map(|i| self.languages[i].tag.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_grammars_load() {
        let lex = Lexicon::embedded().expect("grammars load");
        assert!(lex.languages.iter().any(|l| l.tag.as_str() == "en"));
        assert!(lex.languages.iter().any(|l| l.tag.as_str() == "hi-Latn"));
        assert_eq!(lex.number("teen"), Some(3));
        assert_eq!(lex.number(&normalize("पाँच")), Some(5));
        assert_eq!(lex.number(&normalize("पांच")), Some(5));
        let kg = lex.unit("kg").expect("kg");
        assert_eq!(lex.unit("kilo"), Some(kg));
        assert_eq!(lex.units[kg].base, 1000);
        assert_eq!(lex.staple("cheeni"), Some("sugar"));
        assert_eq!(lex.intent("haan"), Some(Intent::Yes));
        assert!(lex.is_connector("aur"));
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
    fn unknown_units_are_named() {
        let units = ("_units", "[kg]\nkind = \"mass\"\nbase = 1000\n");
        let lang = ("en", "[language]\ncode = \"en\"\nname = \"E\"\nscript = \"Latn\"\n[units]\nseer = [\"ser\"]\n");
        let err = Lexicon::from_files(&[units, lang]).unwrap_err();
        assert!(err.to_string().contains("seer"), "{err}");
    }
}
