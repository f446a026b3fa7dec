//! Textlocal: inbound SMS from Textlocal's "POST Received SMS to URL" (`POST /sms/textlocal`, form body) and the
//! send API (`POST {base_url}/send/`, form body with `apikey`). Textlocal offers no delivery-report webhook here, so
//! [`Channel::status`] keeps the trait's default.
//!
//! Textlocal does not sign its webhooks. The inbound URL is configured in Textlocal's panel with a secret query
//! parameter, `https://<public host>/sms/textlocal?token=<webhook token>`; a request without `token` is refused as
//! [`WebhookError::MissingSignature`], one with a wrong token as [`WebhookError::BadSignature`]. The token is compared
//! in constant time, as HMAC tags of equal length.
//!
//! Textlocal gives an inbound message no id. The provider id is the hex SHA-256 of the raw request body: Textlocal
//! re-posting the same message (a retry after a timeout) yields the same id, so the inbound pipeline's
//! de-duplication on the provider id still holds. The cost: two genuinely separate posts with byte-identical bodies
//! (the same sender sending the same text, when Textlocal adds no varying field such as a receive time) are taken as
//! one message.

use std::time::Duration;

use axum::http::StatusCode;
use axum::response::{IntoResponse as _, Response};
use futures::future::BoxFuture;
use secrecy::{ExposeSecret as _, SecretString};
use serde_json::Value;
use sha2::{Digest as _, Sha256};

use super::{
    Channel, InboundSms, OutboundSms, SendError, SendReceipt, UrlToken, WebhookError, WebhookRequest, retry_after,
};

pub const NAME: &str = "textlocal";
/// Textlocal India's API, for settings that do not override it.
pub const DEFAULT_BASE_URL: &str = "https://api.textlocal.in";
pub use super::TOKEN_PARAM;

/// How much of a provider's error text goes into a failure reason.
const MAX_DETAIL: usize = 200;

/// Textlocal error codes that no retry will cure (Textlocal's send API documentation):
const PERMANENT_CODES: &[i64] = &[
    3,  // invalid login details (the operator must fix the key; retrying only burns attempts)
    4,  // no recipients specified
    5,  // no message content
    6,  // message too long
    32, // invalid number format
    33, // too many numbers
    43, // invalid sender name (not a registered DLT header)
    44, // no sender name specified
    51, // no valid numbers specified
];

/// Textlocal error codes worth another attempt later.
const RETRY_CODES: &[i64] = &[
    7,   // insufficient credits: the operator tops up and the queue drains
    192, // "you cannot send message at this time" (India's promotional-hours window)
];

/// What the Textlocal channel needs: the API key, the default sender (a registered DLT header in India), the API's
/// address (tests point it at a mock) and the secret expected as `?token=` on the inbound URL.
#[derive(Debug, Clone)]
pub struct TextlocalSettings {
    pub api_key: SecretString,
    pub sender: String,
    pub base_url: String,
    pub webhook_token: SecretString,
}

pub struct Textlocal {
    api_key: SecretString,
    sender: String,
    base_url: String,
    /// The secret callbacks carry as `?token=`.
    token: UrlToken,
    http: reqwest::Client,
}

impl Textlocal {
    pub fn new(settings: TextlocalSettings, send_timeout: Duration) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder().timeout(send_timeout).connect_timeout(Duration::from_secs(5)).build()?;
        let token = settings.webhook_token.expose_secret();
        Ok(Self {
            api_key: settings.api_key,
            sender: settings.sender.trim().to_owned(),
            base_url: settings.base_url.trim_end_matches('/').to_owned(),
            token: UrlToken::new(token),
            http,
        })
    }

    fn check_token(&self, public_url: &str) -> Result<(), WebhookError> {
        self.token.check(public_url)
    }

    /// Replaces the API key wherever it appears in text bound for logs or the database.
    fn redact(&self, text: String) -> String {
        super::redact(text, self.api_key.expose_secret())
    }
}

/// Textlocal writes numbers in international format without the `+` (`447123456789`, `919812345678`); an all-digit
/// number gets its `+`, anything else (a sender id) is kept as given.
fn with_plus(number: &str) -> String {
    let number = number.trim();
    if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) {
        format!("+{number}")
    } else {
        number.to_owned()
    }
}

/// The first non-empty value of a form field.
fn field<'p>(params: &'p [(String, String)], name: &str) -> Option<&'p str> {
    params.iter().find(|(k, v)| k == name && !v.trim().is_empty()).map(|(_, v)| v.as_str())
}

/// A JSON id that may be a string or a number, as text.
fn id_text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

impl Channel for Textlocal {
    fn name(&self) -> &'static str {
        NAME
    }

    /// Fields read: `sender`, `content` (the full text, keyword included) and `inNumber` (our number). `keyword`,
    /// `comments` (the text without the keyword), `email`, `credits` and the rest are ignored.
    fn receive(&self, request: &WebhookRequest<'_>) -> Result<Vec<InboundSms>, WebhookError> {
        self.check_token(request.public_url)?;
        let params: Vec<(String, String)> =
            form_urlencoded::parse(request.body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        let sender =
            field(&params, "sender").ok_or_else(|| WebhookError::Malformed("field 'sender' required".into()))?;
        let text =
            field(&params, "content").ok_or_else(|| WebhookError::Malformed("field 'content' required".into()))?;
        Ok(vec![InboundSms {
            provider_message_id: hex::encode(Sha256::digest(request.body)),
            sender: with_plus(sender),
            recipient: field(&params, "inNumber").map(with_plus).unwrap_or_default(),
            text: text.to_owned(),
        }])
    }

    fn acknowledge(&self) -> Response {
        StatusCode::OK.into_response()
    }

    fn can_send(&self) -> bool {
        !self.api_key.expose_secret().is_empty()
    }

    /// Sends one message with `POST {base_url}/send/` (form: `apikey`, `numbers` without `+`, `message`, `sender`:
    /// the message's DLT header, else the channel's sender).
    ///
    /// | Textlocal answers                                        | outcome                                    |
    /// |----------------------------------------------------------|--------------------------------------------|
    /// | `{"status":"success","messages":[{"id":…}]}`             | sent; `messages[0].id` is the provider id  |
    /// | `failure`, code 3/4/5/6/32/33/43/44/51                   | `Permanent` (see [`PERMANENT_CODES`])      |
    /// | `failure`, code 7 (credits) or 192 (not at this time)    | `Retry`                                    |
    /// | `failure`, any other code                                | `Permanent`, with Textlocal's message      |
    /// | 408, 429                                                 | `Retry`, honouring `Retry-After` (seconds) |
    /// | 5xx, timeout, connection refused, …                      | `Retry`                                    |
    /// | 401 / 403                                                | `Permanent`, saying so (never the key)     |
    /// | any other status                                         | `Permanent`                                |
    fn send<'a>(&'a self, message: &'a OutboundSms) -> BoxFuture<'a, Result<SendReceipt, SendError>> {
        Box::pin(async move {
            let sender = message.sender_header.as_deref().map(str::trim).filter(|h| !h.is_empty());
            let Some(sender) = sender.or(Some(self.sender.as_str()).filter(|s| !s.is_empty())) else {
                return Err(SendError::Permanent {
                    reason: "Textlocal sending needs a sender: set the channel's sender or the message's".into(),
                });
            };
            let form = [
                ("apikey", self.api_key.expose_secret()),
                ("numbers", message.recipient.trim().trim_start_matches('+')),
                ("message", message.body.as_str()),
                ("sender", sender),
            ];
            let response = self
                .http
                .post(format!("{}/send/", self.base_url))
                .form(&form)
                .send()
                .await
                .map_err(|e| SendError::Retry { reason: transport_reason(&e), retry_after: None })?;
            let status = response.status();
            let wait = retry_after(response.headers());
            let body: Value = response.json().await.unwrap_or(Value::Null);
            let error = body.pointer("/errors/0");
            let code = error.and_then(|e| e.get("code")).and_then(Value::as_i64);
            let detail = cut(&self.redact(
                error.and_then(|e| e.get("message")).and_then(Value::as_str).unwrap_or("no message").to_owned(),
            ));
            if status.is_success() {
                if body.get("status").and_then(Value::as_str) == Some("success") {
                    let id = id_text(body.pointer("/messages/0/id"));
                    if id.is_none() {
                        tracing::warn!(outbound_id = message.id, "Textlocal accepted the message but sent no id");
                    }
                    return Ok(SendReceipt { provider_message_id: id });
                }
                let reason = match code {
                    Some(code) => format!("Textlocal error {code}: {detail}"),
                    None => format!("Textlocal did not accept the message: {detail}"),
                };
                return Err(match code {
                    Some(code) if RETRY_CODES.contains(&code) => SendError::Retry { reason, retry_after: wait },
                    Some(code) if PERMANENT_CODES.contains(&code) => SendError::Permanent { reason },
                    _ => SendError::Permanent { reason },
                });
            }
            let reason = format!("Textlocal {status}: {detail}");
            Err(match status.as_u16() {
                401 | 403 => SendError::Permanent {
                    reason: format!("Textlocal {status}: the API key was refused; check the channel's credentials"),
                },
                408 | 429 => SendError::Retry { reason, retry_after: wait },
                _ if status.is_server_error() => SendError::Retry { reason, retry_after: wait },
                _ => SendError::Permanent { reason },
            })
        })
    }
}

/// Provider text cut to [`MAX_DETAIL`] characters, after redaction (so no part of a secret survives a cut).
fn cut(text: &str) -> String {
    text.chars().take(MAX_DETAIL).collect()
}

/// A transport error in a sentence, without the URL.
fn transport_reason(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "Textlocal did not answer in time".into()
    } else if e.is_connect() {
        "cannot connect to Textlocal".into()
    } else {
        "request to Textlocal failed".into()
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderMap;

    use super::*;

    const URL: &str = "https://mandi.example.com/sms/textlocal?token=t0ken";

    fn textlocal(token: &str) -> Textlocal {
        let settings = TextlocalSettings {
            api_key: SecretString::from("textlocal-api-key"),
            sender: "MANDII".into(),
            base_url: DEFAULT_BASE_URL.into(),
            webhook_token: SecretString::from(token),
        };
        Textlocal::new(settings, Duration::from_secs(5)).unwrap()
    }

    fn receive_at(url: &str, body: &str) -> Result<Vec<InboundSms>, WebhookError> {
        let headers = HeaderMap::new();
        let request = WebhookRequest { public_url: url, headers: &headers, body: body.as_bytes(), now: 1_700_000_000 };
        textlocal("t0ken").receive(&request)
    }

    fn form(pairs: &[(&str, &str)]) -> String {
        form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish()
    }

    #[test]
    fn inbound_messages_are_decoded() {
        let cases: Vec<(String, &str, &str, &str)> = vec![
            // body, sender, recipient, text
            (
                form(&[
                    ("sender", "447123456789"),
                    ("inNumber", "447700900000"),
                    ("keyword", "ORDER"),
                    ("content", "ORDER 5 kg atta"),
                    ("comments", "5 kg atta"),
                    ("email", "none"),
                    ("credits", "100"),
                ]),
                "+447123456789",
                "+447700900000",
                "ORDER 5 kg atta",
            ),
            (
                form(&[("sender", "919812345678"), ("content", "2 किलो चीनी"), ("keyword", "2")]),
                "+919812345678",
                "",
                "2 किलो चीनी",
            ),
        ];
        for (body, sender, recipient, text) in cases {
            let sms = receive_at(URL, &body).unwrap_or_else(|e| panic!("{body}: {e}"));
            assert_eq!(
                sms,
                vec![InboundSms {
                    provider_message_id: hex::encode(Sha256::digest(body.as_bytes())),
                    sender: sender.into(),
                    recipient: recipient.into(),
                    text: text.into(),
                }],
                "{body}"
            );
        }
    }

    #[test]
    fn the_provider_id_is_stable_for_a_repeated_post_and_differs_otherwise() {
        let first = form(&[("sender", "919812345678"), ("content", "hi")]);
        let other = form(&[("sender", "919812345678"), ("content", "hi again")]);
        let a = receive_at(URL, &first).unwrap().remove(0).provider_message_id;
        let b = receive_at(URL, &first).unwrap().remove(0).provider_message_id;
        let c = receive_at(URL, &other).unwrap().remove(0).provider_message_id;
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.len(), 64);
    }

    #[test]
    fn inbound_without_sender_or_content_is_malformed() {
        for body in ["content=hi", "sender=919812345678", "sender=&content=hi", "sender=919812345678&content=", ""] {
            assert!(matches!(receive_at(URL, body), Err(WebhookError::Malformed(_))), "{body}");
        }
    }

    #[test]
    fn the_webhook_token_is_required_and_checked() {
        let body = "sender=919812345678&content=hi";
        let cases: &[(&str, WebhookError)] = &[
            ("https://mandi.example.com/sms/textlocal", WebhookError::MissingSignature),
            ("https://mandi.example.com/sms/textlocal?x=1", WebhookError::MissingSignature),
            ("https://mandi.example.com/sms/textlocal?token=wrong", WebhookError::BadSignature),
            ("https://mandi.example.com/sms/textlocal?token=", WebhookError::BadSignature),
        ];
        for (url, expected) in cases {
            assert_eq!(receive_at(url, body).unwrap_err(), *expected, "{url}");
        }
        // An empty configured token matches nothing, not even an empty presented one.
        let headers = HeaderMap::new();
        let request = WebhookRequest {
            public_url: "https://mandi.example.com/sms/textlocal?token=",
            headers: &headers,
            body: body.as_bytes(),
            now: 0,
        };
        assert_eq!(textlocal("").receive(&request).unwrap_err(), WebhookError::BadSignature);
    }

    #[test]
    fn delivery_reports_are_not_offered() {
        let headers = HeaderMap::new();
        let request = WebhookRequest { public_url: URL, headers: &headers, body: b"", now: 0 };
        assert_eq!(textlocal("t0ken").status(&request).unwrap_err(), WebhookError::NotReceiving);
    }

    #[test]
    fn numbers_get_their_plus_only_when_all_digits() {
        for (given, expected) in
            [("447123456789", "+447123456789"), ("919812345678", "+919812345678"), ("MANDII", "MANDII"), ("", "")]
        {
            assert_eq!(with_plus(given), expected, "{given}");
        }
    }
}
