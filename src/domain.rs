//! Domain types parsed once at the edge: a phone number in E.164 and a language tag. Inside the system nothing
//! re-checks them.

use std::fmt;

use phonenumber::country;

/// A phone number in E.164 form (`+919876543210`).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Msisdn(String);

/// Why a string is not a phone number we can message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MsisdnError {
    #[error("'{0}' is not a phone number")]
    Unparseable(String),
    #[error("'{0}' is not a valid phone number for its country")]
    Invalid(String),
}

impl Msisdn {
    /// Reads a number the way people type it (`98765 43210`, `+91-98765-43210`, `098765 43210`, `919876543210`),
    /// taking `default_country` (ISO 3166 alpha-2, e.g. `IN`) for numbers written without a country code.
    pub fn parse(input: &str, default_country: country::Id) -> Result<Self, MsisdnError> {
        let trimmed = input.trim();
        let parsed = phonenumber::parse(Some(default_country), trimmed)
            .map_err(|_| MsisdnError::Unparseable(trimmed.to_owned()))?;
        let number = if phonenumber::is_valid(&parsed) {
            parsed
        } else {
            // Providers often drop the '+' (Plivo, Textlocal, Gupshup send `919876543210`). Read such a string
            // once more as an international number before giving up.
            let digits_only = trimmed.chars().all(|c| c.is_ascii_digit());
            let retried = digits_only
                .then(|| phonenumber::parse(None, format!("+{trimmed}")).ok())
                .flatten()
                .filter(phonenumber::is_valid);
            retried.ok_or_else(|| MsisdnError::Invalid(trimmed.to_owned()))?
        };
        Ok(Self(number.format().mode(phonenumber::Mode::E164).to_string()))
    }

    /// Trusts a value that was stored as E.164 by [`Msisdn::parse`] (database rows).
    pub fn from_stored(e164: String) -> Self {
        Self(e164)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number with its middle hidden, for logs: `+91******3210`.
    pub fn masked(&self) -> String {
        mask_phone(&self.0)
    }
}

impl fmt::Display for Msisdn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Msisdn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Msisdn({})", self.masked())
    }
}

/// Hides all but the first three and last four characters of a phone number or sender id.
pub fn mask_phone(raw: &str) -> String {
    let chars: Vec<char> = raw.chars().collect();
    if chars.len() <= 7 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 7))
}

/// Parses an ISO 3166 alpha-2 country code such as `IN`.
pub fn parse_country(code: &str) -> Result<country::Id, String> {
    code.trim()
        .to_ascii_uppercase()
        .parse::<country::Id>()
        .map_err(|_| format!("'{code}' is not an ISO 3166 country code (e.g. IN)"))
}

/// A language tag of one of the loaded locales: `en`, `hi`, `hi-Latn`, …
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LangTag(String);

impl LangTag {
    /// Checks the shape only (`xx` or `xx-Scrp`); whether we have a locale for it is the i18n module's business.
    pub fn parse(tag: &str) -> Option<Self> {
        let tag = tag.trim();
        let (lang, script) = match tag.split_once('-') {
            Some((l, s)) => (l, Some(s)),
            None => (tag, None),
        };
        let lang_ok = (2..=3).contains(&lang.len()) && lang.chars().all(|c| c.is_ascii_alphabetic());
        let script_ok = script.is_none_or(|s| s.len() == 4 && s.chars().all(|c| c.is_ascii_alphabetic()));
        if !lang_ok || !script_ok {
            return None;
        }
        let mut out = lang.to_ascii_lowercase();
        if let Some(s) = script {
            out.push('-');
            let mut cs = s.chars();
            if let Some(first) = cs.next() {
                out.push(first.to_ascii_uppercase());
            }
            out.extend(cs.map(|c| c.to_ascii_lowercase()));
        }
        Some(Self(out))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for LangTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for LangTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LangTag({})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn india(s: &str) -> Result<String, MsisdnError> {
        Msisdn::parse(s, country::Id::IN).map(|m| m.as_str().to_owned())
    }

    #[test]
    fn reads_indian_numbers_as_people_type_them() {
        for typed in ["98765 43210", "+91-98765-43210", "098765 43210", "+919876543210", "919876543210", " 9876543210 "]
        {
            assert_eq!(india(typed).as_deref(), Ok("+919876543210"), "{typed}");
        }
    }

    #[test]
    fn keeps_foreign_numbers_international() {
        assert_eq!(india("+14155550123").as_deref(), Ok("+14155550123"));
    }

    #[test]
    fn refuses_what_is_not_a_number() {
        assert!(matches!(india("VM-AMAZON"), Err(MsisdnError::Unparseable(_) | MsisdnError::Invalid(_))));
        assert!(india("12345").is_err());
        assert!(india("").is_err());
    }

    #[test]
    fn masks_phone_numbers() {
        assert_eq!(mask_phone("+919876543210"), "+91******3210");
        assert_eq!(mask_phone("12345"), "*****");
    }

    #[test]
    fn language_tags_are_canonicalised() {
        assert_eq!(LangTag::parse("hi-latn").unwrap().as_str(), "hi-Latn");
        assert_eq!(LangTag::parse("EN").unwrap().as_str(), "en");
        assert!(LangTag::parse("hindi").is_none());
        assert!(LangTag::parse("hi-La").is_none());
    }
}
