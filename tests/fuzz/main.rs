//! Fuzz-style property tests: hostile or random input never panics the order parser, the reply parser, any
//! provider's webhook decoder (signed correctly, so the decoding itself is reached) or the USSD menu, and a USSD
//! screen always fits a handset. The normal suite runs proptest's default number of cases; the long run is
//!
//!     PROPTEST_CASES=100000 cargo test --release --test fuzz
//!
//! (No nightly toolchain here, so no cargo-fuzz: proptest's generators stand in, with payloads shaped like each
//! provider's so the decoders get past their first field.)

use std::sync::OnceLock;
use std::time::Duration;

use axum::http::{HeaderMap, HeaderValue};
use mandi::catalog::Matcher;
use mandi::catalog::import::parse_catalog;
use mandi::channels::africastalking::{AfricasTalking, AfricasTalkingSettings};
use mandi::channels::generic::Generic;
use mandi::channels::msg91::{Msg91, Msg91Settings};
use mandi::channels::plivo::{Plivo, PlivoSettings};
use mandi::channels::textlocal::{Textlocal, TextlocalSettings};
use mandi::channels::twilio::{Twilio, signature};
use mandi::channels::{Channel, WebhookRequest};
use mandi::config::TwilioSettings;
use mandi::conversation::reply::read_reply;
use mandi::domain::LangTag;
use mandi::grammar::{Lexicon, parse_message};
use mandi::ussd::menu::{self, CatalogView, Frame, MenuData, Page, Screen};
use proptest::prelude::*;
use secrecy::SecretString;

const URL: &str = "https://mandi.example.com";
const TOKEN: &str = "fuzz-token";

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| Lexicon::embedded().unwrap())
}

fn matcher() -> &'static Matcher {
    static MATCHER: OnceLock<Matcher> = OnceLock::new();
    MATCHER.get_or_init(|| {
        let catalog = parse_catalog(include_str!("../../fixtures/catalog.csv").as_bytes()).unwrap();
        Matcher::new(catalog.into_products(), lexicon())
    })
}

struct Adapters {
    twilio: Twilio,
    generic: Generic,
    at: AfricasTalking,
    plivo: Plivo,
    msg91: Msg91,
    textlocal: Textlocal,
}

fn adapters() -> &'static Adapters {
    static ADAPTERS: OnceLock<Adapters> = OnceLock::new();
    ADAPTERS.get_or_init(|| {
        let timeout = Duration::from_secs(1);
        let secret = || SecretString::from(TOKEN);
        Adapters {
            twilio: Twilio::new(
                &TwilioSettings {
                    auth_token: secret(),
                    account_sid: Some("AC0".into()),
                    from: Some("+15005550006".into()),
                    base_url: "http://127.0.0.1:9".into(),
                },
                timeout,
            )
            .unwrap(),
            generic: Generic::new(secret()),
            at: AfricasTalking::new(
                AfricasTalkingSettings {
                    username: "sandbox".into(),
                    api_key: secret(),
                    from: None,
                    base_url: "http://127.0.0.1:9".into(),
                    path_token: secret(),
                },
                timeout,
            )
            .unwrap(),
            plivo: Plivo::new(
                PlivoSettings {
                    auth_id: "MA0".into(),
                    auth_token: secret(),
                    from: None,
                    base_url: "http://127.0.0.1:9".into(),
                    dlt_entity_id: None,
                },
                timeout,
            )
            .unwrap(),
            msg91: Msg91::new(
                Msg91Settings {
                    auth_key: secret(),
                    sender: "MANDIO".into(),
                    route: "4".into(),
                    base_url: "http://127.0.0.1:9".into(),
                    webhook_token: secret(),
                },
                timeout,
            )
            .unwrap(),
            textlocal: Textlocal::new(
                TextlocalSettings {
                    api_key: secret(),
                    sender: "MANDIO".into(),
                    base_url: "http://127.0.0.1:9".into(),
                    webhook_token: secret(),
                },
                timeout,
            )
            .unwrap(),
        }
    })
}

/// Text as SMS arrive: any Unicode, the scripts of India, digits, order-ish words, punctuation and control bytes.
fn sms_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9a-zA-Z ,.\\-*#₹]{0,80}",
        "[\u{0900}-\u{0DFF} 0-9,]{0,60}",
        prop::collection::vec(
            prop_oneof![
                Just("2"),
                Just("kg"),
                Just("किलो"),
                Just("do"),
                Just("aur"),
                Just("maggi"),
                Just("YES"),
                Just("K7PX"),
                Just("nahi"),
                Just("baaki"),
                Just("ok"),
                Just("10 wala"),
                Just(","),
                Just("\n"),
                Just("½"),
                Just("१२"),
                Just("சர்க்கரை"),
                Just("except"),
                Just("0"),
                Just("-1"),
                Just("99999999999999999999")
            ],
            0..12
        )
        .prop_map(|words| words.join(" ")),
    ]
}

/// Form fields: known names with hostile values, and random names.
fn form_fields(names: &'static [&'static str]) -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec(
        (prop_oneof![prop::sample::select(names).prop_map(str::to_owned), "[a-zA-Z]{1,12}"], sms_text()),
        0..10,
    )
}

fn encode(fields: &[(String, String)]) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (k, v) in fields {
        out.append_pair(k, v);
    }
    out.finish()
}

fn request<'a>(url: &'a str, headers: &'a HeaderMap, body: &'a [u8]) -> WebhookRequest<'a> {
    WebhookRequest { public_url: url, headers, body, now: 1_700_000_000 }
}

/// Every reader an adapter has, on one request: none may panic.
fn decode_all(adapter: &dyn Channel, request: &WebhookRequest<'_>) {
    let _ = adapter.receive(request);
    let _ = adapter.status(request);
    let _ = adapter.ussd(request);
}

proptest! {
    #[test]
    fn the_order_parser_and_the_matcher_never_panic(text in sms_text()) {
        let parsed = parse_message(lexicon(), &text);
        for line in &parsed.lines {
            let _ = matcher().match_line(lexicon().view(None), line);
        }
    }

    #[test]
    fn the_reply_parser_never_panics(text in sms_text(), lang in prop::sample::select(vec!["en", "hi", "hi-Latn", "ta"])) {
        let lang = LangTag::parse(lang);
        let _ = read_reply(lexicon(), lang.as_ref(), &text);
        let _ = read_reply(lexicon(), None, &text);
    }

    #[test]
    fn raw_bytes_never_panic_any_decoder(body in prop::collection::vec(any::<u8>(), 0..600), sig in "[ -~]{0,80}") {
        let a = adapters();
        let mut headers = HeaderMap::new();
        if let Ok(v) = HeaderValue::from_str(&sig) {
            for name in ["X-Twilio-Signature", "X-Mandi-Signature", "X-Plivo-Signature-V3", "X-Plivo-Signature-V3-Nonce"] {
                headers.insert(name, v.clone());
            }
        }
        let with_token = format!("{URL}/sms/x?token={TOKEN}");
        for adapter in [&a.twilio as &dyn Channel, &a.generic, &a.at, &a.plivo, &a.msg91, &a.textlocal] {
            decode_all(adapter, &request(&with_token, &headers, &body));
        }
    }

    #[test]
    fn correctly_signed_twilio_forms_decode_or_refuse_cleanly(
        fields in form_fields(&["MessageSid", "From", "To", "Body", "MessageStatus", "NumMedia", "SmsSid"])
    ) {
        let url = format!("{URL}/sms/twilio");
        let mut headers = HeaderMap::new();
        let sig = signature::compute(&url, &fields, TOKEN.as_bytes());
        headers.insert("X-Twilio-Signature", HeaderValue::from_str(&sig).unwrap());
        let body = encode(&fields);
        decode_all(&adapters().twilio, &request(&url, &headers, body.as_bytes()));
    }

    #[test]
    fn correctly_signed_plivo_forms_decode_or_refuse_cleanly(
        fields in form_fields(&["From", "To", "Text", "Type", "MessageUUID", "ParentMessageUUID", "Status"])
    ) {
        let url = format!("{URL}/sms/plivo");
        let sig = mandi::channels::plivo::signature::compute_v3("POST", &url, &fields, "n0nce", TOKEN.as_bytes());
        let mut headers = HeaderMap::new();
        headers.insert("X-Plivo-Signature-V3", HeaderValue::from_str(&sig).unwrap());
        headers.insert("X-Plivo-Signature-V3-Nonce", HeaderValue::from_static("n0nce"));
        let body = encode(&fields);
        decode_all(&adapters().plivo, &request(&url, &headers, body.as_bytes()));
    }

    #[test]
    fn token_forms_decode_or_refuse_cleanly(
        fields in form_fields(&[
            "from", "to", "text", "id", "date", "linkId", "sessionId", "serviceCode", "phoneNumber", "networkCode",
            "status", "sender", "content", "inNumber", "data", "number", "message", "requestId",
        ])
    ) {
        let a = adapters();
        let url = format!("{URL}/sms/x?token={TOKEN}");
        let headers = HeaderMap::new();
        let body = encode(&fields);
        for adapter in [&a.at as &dyn Channel, &a.msg91, &a.textlocal] {
            decode_all(adapter, &request(&url, &headers, body.as_bytes()));
        }
    }

    #[test]
    fn correctly_signed_generic_json_decodes_or_refuses_cleanly(
        id in prop_oneof![any::<i64>().prop_map(|n| serde_json::json!(n)), sms_text().prop_map(|s| serde_json::json!(s)), Just(serde_json::Value::Null)],
        from in sms_text(), text in sms_text(), status in sms_text(), extra in any::<bool>()
    ) {
        let body = if extra {
            serde_json::json!({"id": id, "from": from, "to": "x", "text": text, "status": status,
                               "sessionId": from, "phoneNumber": text, "nested": {"a": [1, 2]}})
        } else {
            serde_json::json!({"id": id, "from": from, "text": text})
        };
        let raw = serde_json::to_vec(&body).unwrap();
        let mut headers = HeaderMap::new();
        headers.insert("X-Mandi-Signature", HeaderValue::from_str(&Generic::sign(TOKEN.as_bytes(), 1_700_000_000, &raw)).unwrap());
        decode_all(&adapters().generic, &request(&format!("{URL}/sms/generic"), &headers, &raw));
    }

    #[test]
    fn any_key_press_on_any_screen_is_read_without_panic(
        input in prop_oneof![any::<String>(), "[0-9*#]{0,6}"],
        start in 0usize..400, shown in 0usize..30, more in any::<bool>(),
        category in sms_text(), product_id in any::<i64>(), cart_lines in 0usize..50, languages in 0usize..12,
    ) {
        let view = CatalogView::new(matcher());
        let data = MenuData { catalog: &view, matcher: matcher(), cart_lines, languages };
        for screen in [
            Screen::Resume, Screen::Main, Screen::Reorder, Screen::Orders { start },
            Screen::Categories { start }, Screen::Products { category: category.clone(), start },
            Screen::Quantity { product_id }, Screen::Added { product_id, packs: 1 }, Screen::Review { start },
            Screen::Language { start },
        ] {
            let _ = menu::step(&Frame { screen, shown, more }, &input, &data);
        }
    }

    #[test]
    fn every_page_fits_a_handset_whatever_its_entries(
        above in prop::collection::vec(sms_text(), 0..3),
        entries in prop::collection::vec(sms_text(), 0..40),
        below in prop::collection::vec(sms_text(), 0..2),
        start in 0usize..45, numbered in any::<bool>(), back in any::<bool>(),
    ) {
        let plain: Vec<String> = entries.iter().map(|e| mandi::sms::fit_gsm7(e, true)).collect();
        let page = Page {
            above: &above, entries: &entries, start, numbered, below: &below,
            next: "0 आगे", back: back.then_some("00 वापस"), plain_next: "0 >", plain_back: Some("00 <"),
            plain_entries: &plain,
        };
        let (text, shown) = page.render();
        prop_assert!(menu::fits(&text), "{} units: {text}", text.encode_utf16().count());
        prop_assert!(shown <= entries.len().saturating_sub(start));
    }
}
