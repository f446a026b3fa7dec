//! Replies rendered from `locales/<lang>/*.ftl` with Fluent. Bundles are the thread-safe kind and never wrap
//! placeables in bidi isolation marks: those marks are not GSM-7 and would double the cost of every SMS.

pub mod dlt;

use std::collections::HashMap;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use unic_langid::LanguageIdentifier;

use crate::domain::LangTag;

/// The language every other locale falls back to for a message it lacks.
pub const FALLBACK: &str = "en";

/// Why the locale files could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum I18nError {
    #[error("locales/{locale}/{file}: {message}")]
    Invalid { locale: String, file: String, message: String },
    #[error("locales/{FALLBACK}/ is missing: every message needs an English text to fall back on")]
    NoFallback,
}

/// All loaded locales.
pub struct Translator {
    bundles: HashMap<String, FluentBundle<FluentResource>>,
}

impl std::fmt::Debug for Translator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut locales: Vec<&String> = self.bundles.keys().collect();
        locales.sort();
        f.debug_struct("Translator").field("locales", &locales).finish()
    }
}

impl Translator {
    /// Loads the locale files compiled into the binary.
    pub fn embedded() -> Result<Self, I18nError> {
        Self::from_files(crate::embedded::LOCALE_FILES)
    }

    /// Loads `(locale, file name, FTL text)` triples.
    pub fn from_files(files: &[(&str, &str, &str)]) -> Result<Self, I18nError> {
        let mut bundles: HashMap<String, FluentBundle<FluentResource>> = HashMap::new();
        for &(locale, file, text) in files {
            let invalid =
                |message: String| I18nError::Invalid { locale: locale.to_owned(), file: file.to_owned(), message };
            let tag = LangTag::parse(locale).ok_or_else(|| invalid("the folder name is not a language tag".into()))?;
            let langid: LanguageIdentifier =
                tag.as_str().parse().map_err(|e| invalid(format!("not a language identifier: {e}")))?;
            let resource = FluentResource::try_new(text.to_owned()).map_err(|(_, errors)| {
                invalid(errors.iter().map(|e| format!("{e:?}")).collect::<Vec<_>>().join("; "))
            })?;
            let bundle = bundles.entry(tag.as_str().to_owned()).or_insert_with(|| {
                let mut b = FluentBundle::new_concurrent(vec![langid]);
                b.set_use_isolating(false);
                b
            });
            bundle
                .add_resource(resource)
                .map_err(|errors| invalid(errors.iter().map(|e| format!("{e:?}")).collect::<Vec<_>>().join("; ")))?;
        }
        if !bundles.contains_key(FALLBACK) {
            return Err(I18nError::NoFallback);
        }
        Ok(Self { bundles })
    }

    /// Whether replies can be written in `lang`.
    pub fn supports(&self, lang: &str) -> bool {
        self.bundles.contains_key(lang)
    }

    /// Every loaded locale, sorted.
    pub fn locales(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.bundles.keys().map(String::as_str).collect();
        v.sort_unstable();
        v
    }

    /// Renders message `id` in `lang`, falling back to English when the locale or the message is missing. A
    /// missing message everywhere renders as its id, so a broken template is visible rather than silent.
    pub fn render(&self, lang: &LangTag, id: &str, args: &FluentArgs<'_>) -> String {
        let candidates = [lang.as_str(), FALLBACK];
        for bundle in candidates.iter().filter_map(|l| self.bundles.get(*l)) {
            if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, Some(args), &mut errors);
                if !errors.is_empty() {
                    tracing::warn!(message_id = id, lang = %lang, ?errors, "message rendered with errors");
                }
                return text.trim().to_owned();
            }
        }
        tracing::error!(message_id = id, lang = %lang, "no such message in any locale");
        id.to_owned()
    }

    /// [`Translator::render`] for an SMS: what GSM-7 lacks is replaced where the meaning is kept (curly quotes,
    /// dashes; `₹` as `Rs` only in locales that say `sms-rupee-as-rs = yes`), so a Latin-script reply stays in
    /// the cheaper encoding.
    pub fn render_sms(&self, lang: &LangTag, id: &str, args: &FluentArgs<'_>) -> String {
        crate::sms::fit_gsm7(&self.render(lang, id, args), self.rupee_as_rs(lang))
    }

    /// Whether the locale writes the rupee sign as `Rs` to stay in GSM-7.
    pub fn rupee_as_rs(&self, lang: &LangTag) -> bool {
        self.bundles
            .get(lang.as_str())
            .and_then(|b| b.get_message("sms-rupee-as-rs").and_then(|m| m.value()).map(|p| (b, p)))
            .is_some_and(|(b, p)| b.format_pattern(p, None, &mut Vec::new()).trim() == "yes")
    }

    /// Ids of the messages a locale defines (for completeness checks).
    pub fn message_ids(&self, lang: &str) -> Vec<String> {
        let Some(bundle) = self.bundles.get(lang) else {
            return Vec::new();
        };
        let en = &self.bundles[FALLBACK];
        // The concurrent bundle has no iterator over messages; English lists them all, so ask for each.
        let mut ids: Vec<String> = crate::embedded::LOCALE_FILES
            .iter()
            .filter(|(l, _, _)| *l == FALLBACK)
            .flat_map(|(_, _, text)| message_ids_in(text))
            .filter(|id| en.has_message(id) && bundle.has_message(id))
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }
}

/// Message ids defined in an FTL text (top-level `id = …` lines).
fn message_ids_in(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.starts_with([' ', '#', '\t']) && !l.is_empty())
        .filter_map(|l| l.split_once('=').map(|(id, _)| id.trim().to_owned()))
        .filter(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sms;

    fn tag(s: &str) -> LangTag {
        LangTag::parse(s).unwrap()
    }

    #[test]
    fn every_locale_has_every_message() {
        let t = Translator::embedded().unwrap();
        // `sms-…` entries are settings of a locale (e.g. whether ₹ may be written Rs), not messages.
        let messages =
            |locale| t.message_ids(locale).into_iter().filter(|id| !id.starts_with("sms-")).collect::<Vec<_>>();
        let english = messages(FALLBACK);
        assert!(english.len() > 10);
        for locale in t.locales() {
            assert_eq!(messages(locale), english, "locale {locale} lacks messages");
        }
        assert_eq!(t.locales(), ["bn", "en", "gu", "hi", "hi-Latn", "kn", "mr", "ta", "te"]);
    }

    /// The standard messages of every locale, rendered with realistic values as they would be sent.
    fn standard_messages(t: &Translator, lang: &LangTag) -> Vec<(&'static str, String)> {
        let mut args = FluentArgs::new();
        args.set("code", "K7PX");
        args.set("wholesaler", "Sharma Traders");
        args.set("shop", "Gupta Kirana Store");
        args.set("count", 3);
        args.set("total", "1,250");
        args.set("skipped", "");
        args.set("skipped_count", 0);
        args.set("item", "atta");
        args.set("options", "1 Aashirvaad Atta 5kg x2, 2 Pillsbury Atta 5kg x2, 3 Loose Atta 1kg x10");
        args.set("max", 3);
        args.set("lines", "1. Aashirvaad Atta 5kg x2\n2. Tata Salt 1kg x5\n3. Maggi 70g x12");
        let state = |s: &str| t.render(lang, &format!("state-{s}"), &FluentArgs::new());
        args.set("orders", format!("K7PX {}; M3QR {}", state("confirmed"), state("placed")));
        ["order-placed", "clarify-question", "wholesaler-order", "order-confirmed", "order-rejected", "order-status"]
            .into_iter()
            .map(|id| (id, t.render_sms(lang, id, &args)))
            .collect()
    }

    #[test]
    fn standard_messages_fit_the_segment_budget_of_every_locale() {
        let t = Translator::embedded().unwrap();
        let mut report = Vec::new();
        for locale in t.locales() {
            let lang = tag(locale);
            // Latin-script locales must stay in one GSM-7 segment; native scripts (UCS-2) in two at most.
            let latin = matches!(locale, "en" | "hi-Latn");
            for (id, text) in standard_messages(&t, &lang) {
                let cost = sms::cost(&text);
                report.push(format!(
                    "{locale:<8} {id:<18} {:<5} {} seg {:>3} units",
                    cost.encoding.as_str(),
                    cost.segments,
                    cost.units
                ));
                if latin {
                    assert_eq!((cost.encoding, cost.segments), (sms::Encoding::Gsm7, 1), "{locale} {id}: {text:?}");
                } else {
                    assert!(cost.segments <= 2, "{locale} {id} takes {} segments: {text:?}", cost.segments);
                }
            }
        }
        println!("{}", report.join("\n"));
    }

    #[test]
    fn placeables_carry_no_bidi_marks_and_english_stays_gsm7() {
        let t = Translator::embedded().unwrap();
        let mut args = FluentArgs::new();
        args.set("code", "K7PX");
        args.set("wholesaler", "Sharma Traders");
        args.set("count", 2);
        args.set("total", "262");
        args.set("skipped", "");
        args.set("skipped_count", 0);
        let text = t.render(&tag("en"), "order-placed", &args);
        assert!(!text.contains('\u{2068}') && !text.contains('\u{2069}'), "{text:?}");
        assert_eq!(text, "Order K7PX sent to Sharma Traders: 2 items, Rs 262. We will SMS you when they confirm.");
        let cost = sms::cost(&text);
        assert_eq!((cost.encoding, cost.segments), (sms::Encoding::Gsm7, 1));

        args.set("skipped", "xylophone");
        args.set("skipped_count", 1);
        let with_skipped = t.render(&tag("en"), "order-placed", &args);
        assert!(with_skipped.ends_with("confirm. Not found: xylophone."), "{with_skipped}");
    }

    #[test]
    fn unknown_locales_fall_back_to_english() {
        let t = Translator::embedded().unwrap();
        let args = FluentArgs::new();
        assert_eq!(t.render(&tag("xx"), "no-orders", &args), t.render(&tag("en"), "no-orders", &args));
        assert_eq!(t.render(&tag("en"), "no-such-message", &args), "no-such-message");
    }
}
