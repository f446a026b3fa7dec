//! India's DLT rules (TRAI TCCCPR 2018): every business SMS goes out under a content template registered with the
//! operator, whose fixed text must match what is sent, with `{#var#}` where values go, and under a registered
//! sender header. Mandi derives each message's pattern from `locales/` ([`patterns`]; `mandi dlt-templates` prints
//! them to register), reads the registered ids from a TOML file (`MANDI_DLT_TEMPLATES`), and attaches the id and
//! header to each outbound row.

use std::collections::HashMap;
use std::path::Path;

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use serde::{Deserialize, Serialize};

use crate::domain::LangTag;

/// Where a value goes in a registered template.
pub const VAR: &str = "{#var#}";

/// One registered template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DltTemplate {
    /// The locale message it registers (`order-placed`).
    pub message: String,
    pub lang: String,
    /// The template id the operator's DLT portal gave.
    pub id: String,
    /// The registered sender header (six characters, e.g. `MANDIO`).
    pub header: String,
    /// The registered text, `{#var#}` for each value.
    pub pattern: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DltFile {
    #[serde(default, rename = "template")]
    templates: Vec<DltTemplate>,
}

/// The registered templates, by message and language.
#[derive(Debug, Default)]
pub struct DltRegistry {
    templates: HashMap<(String, String), DltTemplate>,
}

impl DltRegistry {
    /// Reads a templates file (`[[template]]` tables with message, lang, id, header, pattern).
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("cannot read DLT templates {}: {e}", path.display()))?;
        Self::parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
    }

    pub fn parse(text: &str) -> anyhow::Result<Self> {
        let file: DltFile = toml::from_str(text)?;
        let mut templates = HashMap::new();
        for t in file.templates {
            if t.header.len() != 6 || !t.header.bytes().all(|b| b.is_ascii_alphanumeric()) {
                anyhow::bail!(
                    "template {} ({}): header '{}' is not six letters or digits",
                    t.message,
                    t.lang,
                    t.header
                );
            }
            let key = (t.message.clone(), t.lang.clone());
            if templates.insert(key, t.clone()).is_some() {
                anyhow::bail!("template {} ({}) is listed twice", t.message, t.lang);
            }
        }
        Ok(Self { templates })
    }

    /// The template a message in a language goes out under (the English one when the language has none).
    pub fn get(&self, message: &str, lang: &LangTag) -> Option<&DltTemplate> {
        self.templates
            .get(&(message.to_owned(), lang.as_str().to_owned()))
            .or_else(|| self.templates.get(&(message.to_owned(), super::FALLBACK.to_owned())))
    }

    pub fn len(&self) -> usize {
        self.templates.len()
    }

    pub fn is_empty(&self) -> bool {
        self.templates.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &DltTemplate> {
        self.templates.values()
    }
}

/// Every message of every embedded locale as a DLT pattern: `(lang, message id, pattern)`, sorted. Text stays as
/// written; each placeable, and each choice between variants, is one `{#var#}`.
pub fn patterns() -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for (lang, _, text) in crate::embedded::LOCALE_FILES {
        let resource = match fluent_syntax::parser::parse(*text) {
            Ok(r) => r,
            Err((r, _)) => r,
        };
        for entry in resource.body {
            if let Entry::Message(m) = entry
                && let Some(value) = &m.value
                && !m.id.name.starts_with("sms-")
                && !m.id.name.starts_with("state-")
                // USSD screens are not SMS.
                && !m.id.name.starts_with("ussd-")
            {
                out.push(((*lang).to_owned(), m.id.name.to_owned(), pattern_of(value)));
            }
        }
    }
    out.sort();
    out
}

fn pattern_of(pattern: &Pattern<&str>) -> String {
    let mut text = String::new();
    for element in &pattern.elements {
        match element {
            PatternElement::TextElement { value } => text.push_str(value),
            PatternElement::Placeable { expression: Expression::Inline(InlineExpression::StringLiteral { value }) } => {
                text.push_str(value)
            }
            PatternElement::Placeable { .. } => text.push_str(VAR),
        }
    }
    // Adjacent values read as one (a select right after a variable).
    while text.contains("{#var#}{#var#}") {
        text = text.replace("{#var#}{#var#}", VAR);
    }
    text.trim().to_owned()
}

/// Whether `text` is an instance of `pattern`: its fixed parts, in order, with anything in place of each `{#var#}`.
pub fn matches(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split(VAR).collect();
    let (first, rest) = parts.split_first().expect("split yields one part at least");
    let Some(mut remaining) = text.strip_prefix(first) else {
        return false;
    };
    for (i, part) in rest.iter().enumerate() {
        if i + 1 == rest.len() {
            return remaining.ends_with(part);
        }
        match remaining.find(part) {
            Some(at) => remaining = &remaining[at + part.len()..],
            None => return false,
        }
    }
    remaining.is_empty()
}

/// A templates file for `patterns()`, with placeholder ids for the operator to replace after registering.
pub fn skeleton(header: &str) -> String {
    let mut out = String::from(
        "# DLT templates: register each pattern on your operator's DLT portal, then put the id it gives here.\n\
         # Generated by `mandi dlt-templates`; `{#var#}` marks each value.\n",
    );
    for (n, (lang, message, pattern)) in patterns().iter().enumerate() {
        out.push_str(&format!(
            "\n[[template]]\nmessage = {message:?}\nlang = {lang:?}\nid = \"{:019}\"\nheader = {header:?}\npattern = {}\n",
            1_107_000_000_000_000_000u64 + n as u64 + 1,
            toml_string(pattern)
        ));
    }
    out
}

/// A TOML basic string (escapes quotes, backslashes and line breaks).
fn toml_string(s: &str) -> String {
    let escaped = s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
    format!("\"{escaped}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_replace_values_and_keep_text() {
        let all = patterns();
        let find = |lang: &str, id: &str| {
            all.iter().find(|(l, m, _)| l == lang && m == id).map(|(_, _, p)| p.as_str()).unwrap()
        };
        assert_eq!(find("en", "order-confirmed"), "Your order {#var#} is confirmed by {#var#}.");
        assert!(find("en", "order-placed").starts_with("Order {#var#} sent to {#var#}: {#var#}, Rs {#var#}."));
        assert!(matches("Your order {#var#} is confirmed by {#var#}.", "Your order K7PX is confirmed by Sharma."));
        assert!(!matches("Your order {#var#} is confirmed by {#var#}.", "Your order K7PX was confirmed by Sharma."));
        assert!(matches("{#var#} only", "anything only"));
        assert!(!matches("Exact", "Exact!"));
    }

    /// The committed registration (fixtures/dlt-templates.toml, as `mandi dlt-templates` writes it) must cover
    /// every message of every locale with its exact fixed text, and every message as sent must fit its pattern.
    #[test]
    fn every_message_as_sent_matches_its_registered_template() {
        let file = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/dlt-templates.toml");
        let registry = DltRegistry::load(Path::new(file)).unwrap();
        let derived = patterns();
        assert_eq!(registry.len(), derived.len(), "re-run `mandi dlt-templates > fixtures/dlt-templates.toml`");
        let translator = crate::i18n::Translator::embedded().unwrap();
        let mut args = fluent_bundle::FluentArgs::new();
        for (name, value) in [
            ("code", "K7PX"),
            ("wholesaler", "Sharma Traders"),
            ("shop", "Gupta Kirana Store"),
            ("late", "Patel Wholesale"),
            ("total", "1,250"),
            ("skipped", "xylophone"),
            ("item", "atta"),
            ("options", "1 Aashirvaad Atta 5kg x2, 2 Loose Atta 1kg x10"),
            ("lines", "1. Aashirvaad Atta 5kg x2\n2. Tata Salt 1kg x5"),
            ("orders", "K7PX confirmed"),
            ("reason", "stock khatam"),
            ("missing", "Maggi 70g"),
            ("refused", "2"),
            ("state", "confirmed"),
            ("choices", "en, hi, mr"),
            ("codes", "K7PX, M3QR"),
            ("example", "K7PX"),
        ] {
            args.set(name, value);
        }
        for (name, value) in [("count", 2), ("all", 3), ("max", 3), ("part", 1), ("parts", 2), ("skipped_count", 1)] {
            args.set(name, value);
        }
        for (lang, message, pattern) in &derived {
            let tag = LangTag::parse(lang).unwrap();
            let registered =
                registry.get(message, &tag).unwrap_or_else(|| panic!("{message} ({lang}) is not registered"));
            assert_eq!(&registered.lang, lang, "{message} ({lang}) falls back to another language's template");
            assert_eq!(
                &registered.pattern, pattern,
                "{message} ({lang}): the locale text differs from the registered one"
            );
            let sent = translator.render_sms(&tag, message, &args);
            assert!(matches(pattern, &sent), "{message} ({lang}): {sent:?} does not fit {pattern:?}");
        }
    }

    #[test]
    fn the_registry_reads_and_checks_headers() {
        let good = "[[template]]\nmessage = \"order-confirmed\"\nlang = \"en\"\nid = \"1107000000000000001\"\n\
                    header = \"MANDIO\"\npattern = \"Your order {#var#} is confirmed by {#var#}.\"\n";
        let registry = DltRegistry::parse(good).unwrap();
        let hi = LangTag::parse("hi").unwrap();
        assert_eq!(registry.get("order-confirmed", &hi).unwrap().id, "1107000000000000001", "falls back to en");
        assert!(DltRegistry::parse(&good.replace("MANDIO", "MANDI")).is_err());
        assert!(DltRegistry::parse(&format!("{good}{good}")).is_err());
    }
}
