//! Latin matching keys: Indic scripts transliterated, then the spelling folds of `grammars/_folds.toml`, so
//! `cheeni`, `chini` and `चीनी` share one key (`cini`).

use serde::Deserialize;

use crate::text::normalize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FoldFile {
    replacements: Vec<(String, String)>,
    #[serde(default)]
    nasal_before_consonant: bool,
    #[serde(default)]
    collapse_doubles: bool,
    #[serde(default)]
    drop_final_h: bool,
    #[serde(default)]
    loose_words: Vec<String>,
    #[serde(default)]
    drop_plural_s: bool,
}

/// The folding rules.
#[derive(Debug, Clone)]
pub struct Folder {
    translit: Transliterator,
    replacements: Vec<(String, String)>,
    nasal_before_consonant: bool,
    collapse_doubles: bool,
    drop_final_h: bool,
    loose_words: Vec<String>,
    drop_plural_s: bool,
}

impl Folder {
    /// The rules compiled in from `grammars/_folds.toml` and `grammars/_translit.toml`.
    pub fn embedded() -> Result<Self, String> {
        let file = |stem: &str| {
            crate::embedded::GRAMMAR_FILES
                .iter()
                .find(|(s, _)| *s == stem)
                .map(|(_, text)| *text)
                .ok_or(format!("grammars/{stem}.toml is missing"))
        };
        Self::from_toml(file("_folds")?, file("_translit")?)
    }

    pub fn from_toml(folds: &str, translit: &str) -> Result<Self, String> {
        let file: FoldFile = toml::from_str(folds).map_err(|e| format!("grammars/_folds.toml: {e}"))?;
        Ok(Self {
            translit: Transliterator::from_toml(translit)?,
            replacements: file.replacements,
            nasal_before_consonant: file.nasal_before_consonant,
            collapse_doubles: file.collapse_doubles,
            drop_final_h: file.drop_final_h,
            loose_words: file.loose_words,
            drop_plural_s: file.drop_plural_s,
        })
    }

    /// Words in a product name that mark it as loose (unbranded) stock.
    pub fn loose_words(&self) -> &[String] {
        &self.loose_words
    }

    /// The key of one word (already normalised or not): ASCII lower case, folded.
    pub fn key(&self, word: &str) -> String {
        let mut s = self.latin(word);
        if self.drop_plural_s && s.len() >= 4 && s.ends_with('s') && !s.ends_with("ss") && word.is_ascii() {
            s.pop();
        }
        // A key is ASCII: which bytes it holds tells most folds apart without searching for them.
        let mut present = byte_set(&s);
        for (from, to) in &self.replacements {
            if from.bytes().all(|b| present & (1 << (b & 127)) != 0) && s.contains(from.as_str()) {
                s = s.replace(from.as_str(), to);
                present = byte_set(&s);
            }
        }
        if self.nasal_before_consonant {
            s = nasal(&s);
        }
        if self.collapse_doubles {
            let mut previous = None;
            s.retain(|c| previous.replace(c) != Some(c));
        }
        if self.drop_final_h && s.len() > 2 && s.ends_with('h') {
            let before = s.as_bytes()[s.len() - 2];
            if is_vowel(before) {
                s.pop();
            }
        }
        s
    }

    /// Keys of every word of a text (words split at anything that is not a letter or digit).
    pub fn keys(&self, text: &str) -> Vec<String> {
        normalize(text)
            .split(|c: char| !crate::text::is_word_char(c))
            .filter(|w| !w.is_empty())
            .map(|w| self.key(w))
            .filter(|k| !k.is_empty())
            .collect()
    }
}

/// The set of ASCII bytes in `s`, as bits.
fn byte_set(s: &str) -> u128 {
    s.bytes().fold(0, |set, b| set | (1 << (b & 127)))
}

impl Folder {
    /// Lower-case ASCII letters and digits of a word in any script: Brahmic scripts by the table, anything else
    /// by `any_ascii`.
    pub fn latin(&self, word: &str) -> String {
        let word = normalize(word);
        let ascii = if word.is_ascii() { word } else { any_ascii::any_ascii(&self.translit.apply(&word)) };
        ascii.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TranslitFile {
    final_schwa_dropped: Vec<String>,
    #[serde(default)]
    voiced_between_vowels: Vec<String>,
    #[serde(default)]
    voicing: std::collections::BTreeMap<String, String>,
    blocks: std::collections::BTreeMap<String, u32>,
    signs: Signs,
    vowels: std::collections::BTreeMap<String, String>,
    consonants: std::collections::BTreeMap<String, String>,
    vowel_signs: std::collections::BTreeMap<String, String>,
}

#[derive(Deserialize, Clone, Copy, Debug)]
#[serde(deny_unknown_fields)]
struct Signs {
    virama: u32,
    nukta: u32,
    candrabindu: u32,
    anusvara: u32,
    visarga: u32,
}

#[derive(Debug, Clone, PartialEq)]
enum Letter {
    Vowel(String),
    Consonant(String),
    VowelSign(String),
    Virama,
    Nukta,
    Nasal,
    Visarga,
}

/// Brahmic scripts to Latin by the shared block layout, with the inherent vowel.
#[derive(Debug, Clone)]
struct Transliterator {
    /// (first code point, drops a final schwa)
    blocks: Vec<(u32, bool)>,
    letters: Vec<Option<Letter>>,
    /// First code points of the scripts whose single stops are voiced between vowels, and the voiced letters.
    voicing_blocks: Vec<u32>,
    voiced: Vec<(String, String)>,
}

impl Transliterator {
    fn from_toml(text: &str) -> Result<Self, String> {
        let file: TranslitFile = toml::from_str(text).map_err(|e| format!("grammars/_translit.toml: {e}"))?;
        let hex = |k: &str| {
            u32::from_str_radix(k.trim_start_matches("0x"), 16)
                .ok()
                .filter(|v| *v < 0x80)
                .ok_or(format!("grammars/_translit.toml: '{k}' is not an offset 0x00–0x7F"))
        };
        let mut letters: Vec<Option<Letter>> = vec![None; 0x80];
        for (k, v) in &file.vowels {
            letters[hex(k)? as usize] = Some(Letter::Vowel(v.clone()));
        }
        for (k, v) in &file.consonants {
            letters[hex(k)? as usize] = Some(Letter::Consonant(v.clone()));
        }
        for (k, v) in &file.vowel_signs {
            letters[hex(k)? as usize] = Some(Letter::VowelSign(v.clone()));
        }
        let s = file.signs;
        letters[s.virama as usize & 0x7F] = Some(Letter::Virama);
        letters[s.nukta as usize & 0x7F] = Some(Letter::Nukta);
        letters[s.candrabindu as usize & 0x7F] = Some(Letter::Nasal);
        letters[s.anusvara as usize & 0x7F] = Some(Letter::Nasal);
        letters[s.visarga as usize & 0x7F] = Some(Letter::Visarga);
        let blocks =
            file.blocks.iter().map(|(name, start)| (*start, file.final_schwa_dropped.contains(name))).collect();
        let voicing_blocks =
            file.blocks.iter().filter(|(name, _)| file.voiced_between_vowels.contains(name)).map(|(_, s)| *s).collect();
        Ok(Self { blocks, letters, voicing_blocks, voiced: file.voicing.into_iter().collect() })
    }

    fn letter(&self, c: char) -> Option<(&Letter, bool)> {
        let cp = c as u32;
        let &(start, drops) = self.blocks.iter().find(|(start, _)| (*start..*start + 0x80).contains(&cp))?;
        self.letters[(cp - start) as usize].as_ref().map(|l| (l, drops))
    }

    fn apply(&self, word: &str) -> String {
        let mut pieces: Vec<Piece<'_>> = Vec::with_capacity(word.len());
        // Where the inherent vowel of the last consonant sits, while a sign may still take its place.
        let mut pending: Option<usize> = None;
        // Whether the script drops a final inherent vowel and deletes medial ones (Hindi, Bengali, Gujarati…).
        let mut dropping = false;
        let mut voicing = false;
        for c in word.chars() {
            voicing |= self.voicing_blocks.iter().any(|start| (*start..*start + 0x80).contains(&(c as u32)));
            let Some((letter, drops)) = self.letter(c) else {
                if let Some(at) = pending.take()
                    && dropping
                    && !c.is_alphanumeric()
                {
                    pieces.remove(at);
                }
                pieces.push(Piece::Other(c));
                continue;
            };
            dropping = drops;
            match letter {
                Letter::VowelSign(v) => {
                    if let Some(at) = pending.take() {
                        pieces[at] = Piece::Vowel(v);
                    } else {
                        pieces.push(Piece::Vowel(v));
                    }
                }
                Letter::Virama => {
                    if let Some(at) = pending.take() {
                        pieces.remove(at);
                    }
                }
                Letter::Nukta => {}
                Letter::Consonant(k) => {
                    pieces.push(Piece::Consonant(k));
                    pieces.push(Piece::Schwa);
                    pending = Some(pieces.len() - 1);
                }
                Letter::Vowel(v) => {
                    pending = None;
                    pieces.push(Piece::Vowel(v));
                }
                Letter::Nasal | Letter::Visarga => {
                    pending = None;
                    pieces.push(Piece::Other(if *letter == Letter::Visarga { 'h' } else { 'n' }));
                }
            }
        }
        if dropping {
            if let Some(at) = pending {
                pieces.remove(at);
            }
            delete_medial_schwas(&mut pieces);
        }
        if voicing {
            self.voice_between_vowels(&mut pieces);
        }
        let mut out = String::with_capacity(word.len() * 2);
        for piece in &pieces {
            match piece {
                Piece::Consonant(k) | Piece::Vowel(k) => out.push_str(k),
                Piece::Schwa => out.push('a'),
                Piece::Other(c) => out.push(*c),
            }
        }
        out
    }
}

impl Transliterator {
    /// A single stop between sounded letters (a vowel, or a nasal before it) becomes its voiced partner.
    fn voice_between_vowels<'a>(&'a self, pieces: &mut [Piece<'a>]) {
        let sounded = |p: Option<&Piece<'_>>| matches!(p, Some(Piece::Vowel(_) | Piece::Schwa));
        for i in 1..pieces.len() {
            let Piece::Consonant(k) = pieces[i] else { continue };
            let Some((_, voiced)) = self.voiced.iter().find(|(plain, _)| plain == k) else { continue };
            let before = match pieces[i - 1] {
                Piece::Vowel(_) | Piece::Schwa | Piece::Other('n') => true,
                Piece::Consonant(n) => matches!(n, "n" | "m" | "ng" | "ny" | "nn"),
                Piece::Other(_) => false,
            };
            if before && sounded(pieces.get(i + 1)) {
                pieces[i] = Piece::Consonant(voiced);
            }
        }
    }
}

/// One sound of a transliterated word.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Piece<'a> {
    Consonant(&'a str),
    /// The inherent vowel of the consonant before it.
    Schwa,
    Vowel(&'a str),
    Other(char),
}

/// Hindi-style schwa deletion: an inherent vowel between a vowel–consonant and a consonant–vowel is not spoken
/// (पारले → paarle, लाइफबॉय → laaifboy, नमकीन → namkiin). Right to left, so no three consonants meet.
fn delete_medial_schwas(pieces: &mut Vec<Piece<'_>>) {
    let sounded = |p: Option<&Piece<'_>>| matches!(p, Some(Piece::Vowel(_) | Piece::Schwa));
    let consonant = |p: Option<&Piece<'_>>| matches!(p, Some(Piece::Consonant(_)));
    let mut i = pieces.len();
    while i > 2 {
        i -= 1;
        if pieces[i] == Piece::Schwa
            && consonant(pieces.get(i - 1))
            && sounded(pieces.get(i - 2))
            && consonant(pieces.get(i + 1))
            && sounded(pieces.get(i + 2))
        {
            pieces.remove(i);
        }
    }
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

fn nasal(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    for (i, &b) in bytes.iter().enumerate() {
        let next = bytes.get(i + 1).copied();
        if b == b'm'
            && next.is_some_and(|n| n.is_ascii_alphabetic() && !is_vowel(n) && !matches!(n, b'b' | b'p' | b'm'))
        {
            out.push('n');
        } else {
            out.push(b as char);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_word_meet() {
        let f = Folder::embedded().unwrap();
        let same = |a: &str, b: &str| assert_eq!(f.key(a), f.key(b), "{a} / {b}");
        same("cheeni", "chini");
        same("chini", "चीनी");
        same("aata", "atta");
        same("atta", "आटा");
        same("chawal", "chaval");
        same("zeera", "jeera");
        same("maggi", "magi");
        same("paanch", "पांच");
        same("daal", "dal");
        same("ande", "अंडे");
        same("sakkare", "ಸಕ್ಕರೆ");
        same("chawal", "चावल");
        same("charkkarai", "சர்க்கரை");
        same("megi", "மேகி");
        same("kadugu", "கடுகு");
        same("arisi", "அரிசி");
        same("muttai", "முட்டை");
        same("chakkera", "చక్కెర");
        same("khand", "ખાંડ");
        same("parleji", "पारलेजी");
        same("laifboy", "लाइफबॉय");
        same("namkeen", "नमकीन");
        same("bisleri", "बिसलेरी");
        same("agarbatti", "अगरबत्ती");
        same("adrak", "अदरक");
        same("kurkure", "कुरकुरे");
    }

    #[test]
    fn different_words_stay_apart() {
        let f = Folder::embedded().unwrap();
        assert_ne!(f.key("chana"), f.key("chini"));
        assert_ne!(f.key("moong"), f.key("mango"));
        assert_ne!(f.key("tata"), f.key("atta"));
    }
}
