//! Plivo: inbound webhook (`POST /sms/plivo`, form body), delivery reports (`POST /status/plivo`, form body), both
//! signed with `X-Plivo-Signature-V3`, and the Message REST API (JSON, Basic auth) with India's DLT ids.
//!
//! Plivo writes numbers without a leading `+` (`919812345678`) both ways: an all-digit sender gets its `+` here, and
//! recipients lose theirs before they are sent. Plivo's V3 nonce carries no timestamp, so there is no replay window
//! to check; the inbound pipeline de-duplicates on `MessageUUID`.

use std::time::Duration;

use axum::http::StatusCode;
use axum::response::{IntoResponse as _, Response};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use futures::future::BoxFuture;
use hmac::{Hmac, KeyInit as _, Mac as _};
use secrecy::{ExposeSecret as _, SecretString};
use sha2::Sha256;

use super::{
    Channel, DeliveryStatus, InboundSms, OutboundSms, SendError, SendReceipt, StatusReport, WebhookError,
    WebhookRequest, retry_after,
};

pub const NAME: &str = "plivo";
/// Plivo's API, for settings that do not override it.
pub const DEFAULT_BASE_URL: &str = "https://api.plivo.com";
pub const SIGNATURE_HEADER: &str = "x-plivo-signature-v3";
pub const NONCE_HEADER: &str = "x-plivo-signature-v3-nonce";

/// The delivery-report error code Plivo gives when the recipient replied STOP to our number.
const OPTED_OUT_CODE: &str = "200";
/// The longest failure reason kept from a provider's error text.
const MAX_REASON: usize = 240;

/// What the Plivo channel needs: the account's auth id and token (they sign webhooks and authenticate sends), the
/// sender, the API's address (tests point it at a mock) and, in India, the registered DLT principal entity id.
#[derive(Debug, Clone)]
pub struct PlivoSettings {
    pub auth_id: String,
    pub auth_token: SecretString,
    /// A Plivo number or a registered sender id; without it the channel only receives.
    pub from: Option<String>,
    pub base_url: String,
    pub dlt_entity_id: Option<String>,
}

pub struct Plivo {
    auth_id: String,
    auth_token: SecretString,
    from: Option<String>,
    base_url: String,
    dlt_entity_id: Option<String>,
    http: reqwest::Client,
}

impl Plivo {
    pub fn new(settings: PlivoSettings, send_timeout: Duration) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder().timeout(send_timeout).connect_timeout(Duration::from_secs(5)).build()?;
        Ok(Self {
            auth_id: settings.auth_id,
            auth_token: settings.auth_token,
            from: settings.from.filter(|f| !f.trim().is_empty()),
            base_url: settings.base_url.trim_end_matches('/').to_owned(),
            dlt_entity_id: settings.dlt_entity_id.filter(|e| !e.trim().is_empty()),
            http,
        })
    }

    /// Checks a webhook's V3 signature over the public URL and the form body, and returns the form's fields.
    fn verified_form(&self, request: &WebhookRequest<'_>) -> Result<Vec<(String, String)>, WebhookError> {
        let signatures = super::header(request.headers, SIGNATURE_HEADER).ok_or(WebhookError::MissingSignature)?;
        let nonce = super::header(request.headers, NONCE_HEADER).ok_or(WebhookError::MissingSignature)?;
        let params: Vec<(String, String)> =
            form_urlencoded::parse(request.body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        let token = self.auth_token.expose_secret().as_bytes();
        if !signature::validate_v3("POST", request.public_url, &params, nonce, token, signatures) {
            return Err(WebhookError::BadSignature);
        }
        Ok(params)
    }

    /// A failure reason with the auth token removed, should a response ever echo it, then cut to [`MAX_REASON`]
    /// characters.
    fn reason(&self, text: String) -> String {
        let token = self.auth_token.expose_secret();
        let text = if token.is_empty() { text } else { text.replace(token, "[redacted]") };
        text.chars().take(MAX_REASON).collect()
    }
}

/// The first non-empty value of a form field.
fn field<'p>(params: &'p [(String, String)], name: &str) -> Option<&'p str> {
    params.iter().find(|(k, v)| k == name && !v.is_empty()).map(|(_, v)| v.as_str())
}

fn required<'p>(params: &'p [(String, String)], name: &str) -> Result<&'p str, WebhookError> {
    field(params, name).ok_or_else(|| WebhookError::Malformed(format!("field '{name}' required")))
}

/// Plivo sends `919812345678`; a number written with its `+` is what the rest of Mandi expects. Sender ids and
/// anything else not all digits are kept as given.
fn with_plus(number: &str) -> String {
    if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) {
        format!("+{number}")
    } else {
        number.to_owned()
    }
}

/// A delivery report's `Status`, with its `ErrorCode` when the message failed.
fn delivery_status(status: &str, error_code: Option<&str>) -> DeliveryStatus {
    match status.to_ascii_lowercase().as_str() {
        "queued" | "sent" => DeliveryStatus::Sent,
        "delivered" => DeliveryStatus::Delivered,
        failed @ ("undelivered" | "failed" | "rejected") => DeliveryStatus::Failed {
            reason: match error_code {
                Some(code) => format!("Plivo status '{failed}', error code {code}"),
                None => format!("Plivo status '{failed}' without an error code"),
            },
            opted_out: error_code == Some(OPTED_OUT_CODE),
        },
        _ => DeliveryStatus::Unknown(status.to_owned()),
    }
}

#[derive(serde::Serialize)]
struct SendPayload<'a> {
    src: &'a str,
    dst: &'a str,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    dlt_entity_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dlt_template_id: Option<&'a str>,
}

impl Channel for Plivo {
    fn name(&self) -> &'static str {
        NAME
    }

    /// Fields read: `From`, `To`, `Text`, `MessageUUID` (Plivo also sends `Type`, `Units`, `TotalRate`, …, which are
    /// signed but not used).
    fn receive(&self, request: &WebhookRequest<'_>) -> Result<Vec<InboundSms>, WebhookError> {
        let params = self.verified_form(request)?;
        let id = required(&params, "MessageUUID")?;
        let sender = required(&params, "From")?;
        let recipient = required(&params, "To")?;
        Ok(vec![InboundSms {
            provider_message_id: id.to_owned(),
            sender: with_plus(sender),
            recipient: recipient.to_owned(),
            text: field(&params, "Text").unwrap_or_default().to_owned(),
        }])
    }

    fn acknowledge(&self) -> Response {
        StatusCode::OK.into_response()
    }

    fn can_send(&self) -> bool {
        self.from.is_some()
    }

    /// Sends one message with `POST {base_url}/v1/Account/{auth_id}/Message/`, adding `dlt_entity_id` and
    /// `dlt_template_id` when the channel has an entity id and the message a template id.
    ///
    /// | Plivo answers                          | outcome                                        |
    /// |----------------------------------------|------------------------------------------------|
    /// | 200 / 202 with `message_uuid`          | sent; `message_uuid[0]` is the provider id     |
    /// | 400 (invalid number, bad parameters)   | `Permanent`, with Plivo's `error` text         |
    /// | 401 / 403 (auth id or token refused)   | `Permanent`, saying so (never the token)       |
    /// | 404 (unknown account or resource)      | `Permanent`                                    |
    /// | 408, 429                               | `Retry`, honouring `Retry-After` (seconds)     |
    /// | 5xx                                    | `Retry`, honouring `Retry-After` (seconds)     |
    /// | timeout, connection refused, …         | `Retry`                                        |
    /// | any other status                       | `Permanent`                                    |
    fn send<'a>(&'a self, message: &'a OutboundSms) -> BoxFuture<'a, Result<SendReceipt, SendError>> {
        Box::pin(async move {
            let Some(src) = self.from.as_deref().or(message.sender_header.as_deref().filter(|h| !h.is_empty())) else {
                return Err(SendError::Permanent {
                    reason: "Plivo sending needs a sender: set the channel's 'from' number or sender id".into(),
                });
            };
            let dlt = self.dlt_entity_id.as_deref().zip(message.dlt_template_id.as_deref());
            let payload = SendPayload {
                src,
                dst: message.recipient.trim_start_matches('+'),
                text: &message.body,
                dlt_entity_id: dlt.map(|(entity, _)| entity),
                dlt_template_id: dlt.map(|(_, template)| template),
            };
            let url = format!("{}/v1/Account/{}/Message/", self.base_url, self.auth_id);
            let response = self
                .http
                .post(&url)
                .basic_auth(&self.auth_id, Some(self.auth_token.expose_secret()))
                .json(&payload)
                .send()
                .await
                .map_err(|e| SendError::Retry { reason: transport_reason(e), retry_after: None })?;
            let status = response.status();
            let wait = retry_after(response.headers());
            let body: serde_json::Value = response.json().await.unwrap_or(serde_json::Value::Null);
            if status.is_success() {
                let uuid = body.pointer("/message_uuid/0").and_then(|v| v.as_str()).map(str::to_owned);
                if uuid.is_none() {
                    tracing::warn!(outbound_id = message.id, "Plivo accepted the message but sent no message_uuid");
                }
                return Ok(SendReceipt { provider_message_id: uuid });
            }
            let reason = self.reason(format!("Plivo {status}: {}", error_detail(&body)));
            Err(match status.as_u16() {
                401 | 403 => SendError::Permanent {
                    reason: format!(
                        "Plivo {status}: the auth id or token was refused; check the channel's credentials"
                    ),
                },
                408 | 429 => SendError::Retry { reason, retry_after: wait },
                _ if status.is_server_error() => SendError::Retry { reason, retry_after: wait },
                _ => SendError::Permanent { reason },
            })
        })
    }

    /// Fields read: `MessageUUID`, `ParentMessageUUID` (a part of a long message: the report is about the message
    /// whose id the send returned), `Status` (`status` in older reports), `ErrorCode`. `To` and `From` are signed but
    /// not needed.
    fn status(&self, request: &WebhookRequest<'_>) -> Result<Vec<StatusReport>, WebhookError> {
        let params = self.verified_form(request)?;
        let id = required(&params, "MessageUUID")?;
        let id = field(&params, "ParentMessageUUID").unwrap_or(id);
        let status = field(&params, "Status")
            .or_else(|| field(&params, "status"))
            .ok_or_else(|| WebhookError::Malformed("field 'Status' required".into()))?;
        Ok(vec![StatusReport {
            provider_message_id: id.to_owned(),
            status: delivery_status(status, field(&params, "ErrorCode")),
        }])
    }
}

/// Plivo's error text from a JSON error body (`{"api_id": …, "error": …}`).
fn error_detail(body: &serde_json::Value) -> String {
    match body.get("error").or_else(|| body.get("message")) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => "no error message".to_owned(),
    }
}

/// A transport error in a sentence, without the URL (it carries the auth id).
fn transport_reason(e: reqwest::Error) -> String {
    if e.is_timeout() {
        "Plivo did not answer in time".into()
    } else if e.is_connect() {
        "cannot connect to Plivo".into()
    } else {
        format!("request to Plivo failed: {}", e.without_url())
    }
}

/// Plivo's webhook signatures. V2 (`X-Plivo-Signature-V2`): base64(HMAC-SHA256(auth token, scheme://host/path +
/// nonce)), query and parameters left out. V3 (`X-Plivo-Signature-V3`): the same MAC over a base string that also
/// covers the query and the form parameters, then `.` and the nonce.
pub mod signature {
    use std::collections::BTreeMap;

    use super::*;

    /// `url` without its query and fragment: the part both versions sign as given.
    fn without_query(url: &str) -> &str {
        url.find(['?', '#']).map_or(url, |i| &url[..i])
    }

    /// The query of `url`, percent-decoded, as pairs.
    fn query_pairs(url: &str) -> Vec<(String, String)> {
        let url = url.split_once('#').map_or(url, |(u, _)| u);
        let query = url.split_once('?').map_or("", |(_, q)| q);
        form_urlencoded::parse(query.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
    }

    /// Names in byte (code point) order, each with its values in byte order, repeats kept.
    fn grouped<'p>(pairs: impl IntoIterator<Item = &'p (String, String)>) -> BTreeMap<&'p str, Vec<&'p str>> {
        let mut map: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (k, v) in pairs {
            map.entry(k.as_str()).or_default().push(v.as_str());
        }
        for values in map.values_mut() {
            values.sort_unstable();
        }
        map
    }

    /// `k=v&k=v2&…`, as the query part of a V3 base string.
    fn sorted_query(map: &BTreeMap<&str, Vec<&str>>) -> String {
        let pairs: Vec<String> =
            map.iter().flat_map(|(k, values)| values.iter().map(move |v| format!("{k}={v}"))).collect();
        pairs.join("&")
    }

    fn mac(token: &[u8], message: &[u8]) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(token).expect("HMAC accepts any key length");
        mac.update(message);
        mac
    }

    /// The V2 signature Plivo would send for `url` and `nonce`.
    pub fn compute_v2(url: &str, nonce: &str, token: &[u8]) -> String {
        let message = format!("{}{nonce}", without_query(url));
        BASE64.encode(mac(token, message.as_bytes()).finalize().into_bytes())
    }

    /// Checks a V2 signature in constant time.
    pub fn validate_v2(url: &str, nonce: &str, token: &[u8], signature: &str) -> bool {
        let Ok(expected) = BASE64.decode(signature.trim()) else {
            return false;
        };
        let message = format!("{}{nonce}", without_query(url));
        mac(token, message.as_bytes()).verify_slice(&expected).is_ok()
    }

    /// The V3 base string (before `.` and the nonce). POST: the URL without its query, then `?` when there is a query
    /// or there are parameters, the sorted query `k=v&…`, `.` when there are both, and every parameter as `namevalue`
    /// in sorted order. GET: the parameters join the query (the query's values win) and only `?k=v&…` follows.
    pub fn base_string_v3(method: &str, url: &str, params: &[(String, String)]) -> String {
        let query = query_pairs(url);
        let mut base = without_query(url).to_owned();
        if method.eq_ignore_ascii_case("GET") {
            let mut merged = grouped(params.iter());
            merged.extend(grouped(query.iter()));
            let query = sorted_query(&merged);
            if !query.is_empty() {
                base.push('?');
                base.push_str(&query);
            }
            return base;
        }
        let query = sorted_query(&grouped(query.iter()));
        if !query.is_empty() || !params.is_empty() {
            base.push('?');
            base.push_str(&query);
        }
        if !query.is_empty() && !params.is_empty() {
            base.push('.');
        }
        for (k, values) in grouped(params.iter()) {
            for v in values {
                base.push_str(k);
                base.push_str(v);
            }
        }
        base
    }

    fn mac_v3(method: &str, url: &str, params: &[(String, String)], nonce: &str, token: &[u8]) -> Hmac<Sha256> {
        let signed = format!("{}.{nonce}", base_string_v3(method, url, params));
        mac(token, signed.as_bytes())
    }

    /// The V3 signature Plivo would send for this request.
    pub fn compute_v3(method: &str, url: &str, params: &[(String, String)], nonce: &str, token: &[u8]) -> String {
        BASE64.encode(mac_v3(method, url, params, nonce, token).finalize().into_bytes())
    }

    /// Checks a V3 header in constant time; it may hold several comma-separated signatures (one per auth token the
    /// account has while a token is rotated), and one valid is enough.
    pub fn validate_v3(
        method: &str,
        url: &str,
        params: &[(String, String)],
        nonce: &str,
        token: &[u8],
        header: &str,
    ) -> bool {
        let mac = mac_v3(method, url, params, nonce, token);
        header
            .split(',')
            .filter_map(|s| BASE64.decode(s.trim()).ok())
            .any(|expected| mac.clone().verify_slice(&expected).is_ok())
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
            pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
        }

        fn hindi_inbound() -> Vec<(String, String)> {
            params(&[
                ("From", "919812345678"),
                ("To", "919000000001"),
                ("Text", "2 किलो चीनी"),
                ("Type", "sms"),
                ("MessageUUID", "abc1234"),
            ])
        }

        #[test]
        fn v2_upstream_vector() {
            // plivo-python tests/resources/test_signature.py
            let expected = "ehV3IKhLysWBxC1sy8INm0qGoQYdYsHwuoKjsX7FsXc=";
            assert_eq!(compute_v2("https://answer.url", "12345", b"my_auth_token"), expected);
            assert!(validate_v2("https://answer.url", "12345", b"my_auth_token", expected));
            assert!(!validate_v2("https://answer.url", "12345", b"my_auth_tokens", expected));
            // The query is not signed in V2.
            assert!(validate_v2("https://answer.url?a=1", "12345", b"my_auth_token", expected));
            assert!(!validate_v2("https://answer.url", "12346", b"my_auth_token", expected));
            assert!(!validate_v2("https://answer.url", "12345", b"my_auth_token", "not base64!"));
        }

        #[test]
        fn v3_derived_vector() {
            let url = "https://example.com/sms/inbound";
            assert_eq!(
                base_string_v3("POST", url, &hindi_inbound()),
                "https://example.com/sms/inbound?From919812345678MessageUUIDabc1234Text2 किलो चीनीTo919000000001Typesms"
            );
            let expected = "C9F4YSkx0Nbb8ed9FCZnAqADsw8uoCgqHd/FWM0lu+U=";
            assert_eq!(compute_v3("POST", url, &hindi_inbound(), "nonce123", b"my_auth_token"), expected);
            assert!(validate_v3("POST", url, &hindi_inbound(), "nonce123", b"my_auth_token", expected));
            assert!(!validate_v3("POST", url, &hindi_inbound(), "nonce123", b"my_auth_tokens", expected));
            assert!(!validate_v3("POST", url, &hindi_inbound(), "nonce124", b"my_auth_token", expected));
            let mut tampered = hindi_inbound();
            tampered[2].1 = "3 किलो चीनी".into();
            assert!(!validate_v3("POST", url, &tampered, "nonce123", b"my_auth_token", expected));
        }

        #[test]
        fn v3_header_may_hold_several_signatures() {
            let url = "https://example.com/sms/inbound";
            let good = "C9F4YSkx0Nbb8ed9FCZnAqADsw8uoCgqHd/FWM0lu+U=";
            let other = compute_v3("POST", url, &hindi_inbound(), "nonce123", b"old_token");
            for header in [format!("{other},{good}"), format!("{good}, {other}"), format!("garbage,{good}")] {
                assert!(validate_v3("POST", url, &hindi_inbound(), "nonce123", b"my_auth_token", &header), "{header}");
            }
            assert!(!validate_v3("POST", url, &hindi_inbound(), "nonce123", b"my_auth_token", &other));
            assert!(!validate_v3("POST", url, &hindi_inbound(), "nonce123", b"my_auth_token", ""));
            assert!(!validate_v3("POST", url, &hindi_inbound(), "nonce123", b"my_auth_token", ",,"));
        }

        #[test]
        fn v3_base_string_shapes() {
            let p = params(&[("b", "2"), ("a", "x"), ("a", "1")]);
            // POST with a query and parameters: decoded, sorted query, a dot, then the parameters.
            assert_eq!(
                base_string_v3("POST", "https://h.example/p?z=9&y=a%20b#frag", &p),
                "https://h.example/p?y=a b&z=9.a1axb2"
            );
            // POST with a query only: no dot.
            assert_eq!(base_string_v3("POST", "https://h.example/p?z=9", &[]), "https://h.example/p?z=9");
            // POST with neither: the bare URL.
            assert_eq!(base_string_v3("POST", "https://h.example/p", &[]), "https://h.example/p");
            // GET: parameters merged into the query, the query winning on a shared name.
            assert_eq!(base_string_v3("GET", "https://h.example/p?b=3", &p), "https://h.example/p?a=1&a=x&b=3");
            assert_eq!(base_string_v3("get", "https://h.example/p", &[]), "https://h.example/p");
        }
    }
}

#[cfg(test)]
mod tests {
    use axum::http::{HeaderMap, HeaderValue};

    use super::*;

    const TOKEN: &str = "plivo-test-token";
    const PUBLIC_URL: &str = "https://mandi.example.com/sms/plivo";
    const NONCE: &str = "31415926535897932384";

    fn plivo(from: Option<&str>) -> Plivo {
        let settings = PlivoSettings {
            auth_id: "MAxxxx".into(),
            auth_token: SecretString::from(TOKEN),
            from: from.map(str::to_owned),
            base_url: DEFAULT_BASE_URL.into(),
            dlt_entity_id: None,
        };
        Plivo::new(settings, Duration::from_secs(5)).unwrap()
    }

    /// The headers Plivo would send for `body` posted to `url`.
    fn signed_headers(url: &str, body: &str) -> HeaderMap {
        let params: Vec<(String, String)> =
            form_urlencoded::parse(body.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        let sig = signature::compute_v3("POST", url, &params, NONCE, TOKEN.as_bytes());
        headers(Some(&sig), Some(NONCE))
    }

    fn headers(signature: Option<&str>, nonce: Option<&str>) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Some(sig) = signature {
            headers.insert("X-Plivo-Signature-V3", HeaderValue::from_str(sig).unwrap());
        }
        if let Some(nonce) = nonce {
            headers.insert("X-Plivo-Signature-V3-Nonce", HeaderValue::from_str(nonce).unwrap());
        }
        headers
    }

    fn receive(headers: &HeaderMap, body: &str) -> Result<Vec<InboundSms>, WebhookError> {
        let request = WebhookRequest { public_url: PUBLIC_URL, headers, body: body.as_bytes(), now: 1_700_000_000 };
        plivo(None).receive(&request)
    }

    fn receive_signed(body: &str) -> Result<Vec<InboundSms>, WebhookError> {
        receive(&signed_headers(PUBLIC_URL, body), body)
    }

    const STATUS_URL: &str = "https://mandi.example.com/status/plivo";

    fn status_signed(body: &str) -> Result<Vec<StatusReport>, WebhookError> {
        let headers = signed_headers(STATUS_URL, body);
        let request = WebhookRequest { public_url: STATUS_URL, headers: &headers, body: body.as_bytes(), now: 0 };
        plivo(None).status(&request)
    }

    fn one_status(body: &str) -> StatusReport {
        let mut reports = status_signed(body).unwrap();
        assert_eq!(reports.len(), 1);
        reports.remove(0)
    }

    /// courier handlers/plivo/handler_test.go
    const COURIER_RECEIVE: &str =
        "To=2020&From=60124361111&TotalRate=0&Units=1&Text=Hello&TotalAmount=0&Type=sms&MessageUUID=abc1234";

    #[test]
    fn courier_inbound_fixture() {
        assert_eq!(
            receive_signed(COURIER_RECEIVE).unwrap(),
            vec![InboundSms {
                provider_message_id: "abc1234".into(),
                sender: "+60124361111".into(),
                recipient: "2020".into(),
                text: "Hello".into(),
            }]
        );
    }

    #[test]
    fn a_hindi_message_is_decoded_and_an_alphanumeric_sender_kept() {
        let body = "From=919812345678&To=919000000001&Text=2+%E0%A4%95%E0%A4%BF%E0%A4%B2%E0%A5%8B+%E0%A4%9A%E0%A5%80%E0%A4%A8%E0%A5%80&Type=sms&MessageUUID=u1";
        let sms = receive_signed(body).unwrap().remove(0);
        assert_eq!((sms.sender.as_str(), sms.text.as_str()), ("+919812345678", "2 किलो चीनी"));
        let sms = receive_signed("From=VM-MANDIO&To=919000000001&Text=hi&MessageUUID=u2").unwrap().remove(0);
        assert_eq!(sms.sender, "VM-MANDIO");
        // No Text at all is an empty message, not an error.
        assert_eq!(receive_signed("From=919812345678&To=2020&MessageUUID=u3").unwrap()[0].text, "");
    }

    #[test]
    fn missing_fields_are_malformed() {
        let missing_to = "From=60124361111&TotalRate=0&Units=1&Text=Hello&TotalAmount=0&Type=sms&MessageUUID=abc1234";
        assert_eq!(receive_signed(missing_to), Err(WebhookError::Malformed("field 'To' required".into())));
        assert_eq!(
            receive_signed("To=2020&From=60124361111&Text=Hello&Type=sms"),
            Err(WebhookError::Malformed("field 'MessageUUID' required".into()))
        );
        assert_eq!(
            receive_signed("To=2020&From=&Text=Hello&MessageUUID=abc1234"),
            Err(WebhookError::Malformed("field 'From' required".into()))
        );
        assert_eq!(receive_signed(""), Err(WebhookError::Malformed("field 'MessageUUID' required".into())));
    }

    #[test]
    fn signatures_are_required_and_checked() {
        let good = signed_headers(PUBLIC_URL, COURIER_RECEIVE);
        let sig = good.get(SIGNATURE_HEADER).unwrap().to_str().unwrap();
        assert_eq!(receive(&headers(None, None), COURIER_RECEIVE), Err(WebhookError::MissingSignature));
        assert_eq!(receive(&headers(Some(sig), None), COURIER_RECEIVE), Err(WebhookError::MissingSignature));
        assert_eq!(receive(&headers(None, Some(NONCE)), COURIER_RECEIVE), Err(WebhookError::MissingSignature));
        assert_eq!(
            receive(&headers(Some("invalidsig"), Some(NONCE)), COURIER_RECEIVE),
            Err(WebhookError::BadSignature)
        );
        assert_eq!(
            receive(&headers(Some(sig), Some("another-nonce")), COURIER_RECEIVE),
            Err(WebhookError::BadSignature)
        );
        // A changed field, or a signature made for another URL, does not verify.
        let tampered = COURIER_RECEIVE.replace("Text=Hello", "Text=Hellp");
        assert_eq!(receive(&good, &tampered), Err(WebhookError::BadSignature));
        let elsewhere = signed_headers("https://mandi.example.com/sms/other", COURIER_RECEIVE);
        assert_eq!(receive(&elsewhere, COURIER_RECEIVE), Err(WebhookError::BadSignature));
        // Signed with another account's token.
        let params: Vec<(String, String)> =
            form_urlencoded::parse(COURIER_RECEIVE.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        let foreign = signature::compute_v3("POST", PUBLIC_URL, &params, NONCE, b"someone-else");
        assert_eq!(receive(&headers(Some(&foreign), Some(NONCE)), COURIER_RECEIVE), Err(WebhookError::BadSignature));
        // The signature check comes before the fields: an unsigned malformed body is a signature problem.
        assert_eq!(receive(&headers(None, None), ""), Err(WebhookError::MissingSignature));
    }

    #[test]
    fn courier_delivery_reports() {
        assert_eq!(
            one_status("MessageUUID=12345&status=delivered&To=%2B60124361111&From=2020"),
            StatusReport { provider_message_id: "12345".into(), status: DeliveryStatus::Delivered }
        );
        // A part of a long message reports about the message the send returned.
        assert_eq!(
            one_status("ParentMessageUUID=12345&status=sent&MessageUUID=123&To=%2B60124361111&From=2020"),
            StatusReport { provider_message_id: "12345".into(), status: DeliveryStatus::Sent }
        );
        assert_eq!(
            one_status("ParentMessageUUID=&status=queued&MessageUUID=123&To=%2B60124361111&From=2020"),
            StatusReport { provider_message_id: "123".into(), status: DeliveryStatus::Sent }
        );
    }

    #[test]
    fn plivo_delivery_report_statuses() {
        // courier's handler.go header: a report as Plivo sends it today, with `Status` and an empty ErrorCode.
        let live = "Status=delivered&From=13342031111&ParentMessageUUID=83876bdb-2033-4876-bfaf-0ff8693705af&TotalRate=0.0025&MCC=405&PartInfo=1+of+1&ErrorCode=&To=918553651111&Units=1&TotalAmount=0.0025&MNC=803&MessageUUID=83876bdb-2033-4876-bfaf-0ff8693705af";
        assert_eq!(
            one_status(live),
            StatusReport {
                provider_message_id: "83876bdb-2033-4876-bfaf-0ff8693705af".into(),
                status: DeliveryStatus::Delivered
            }
        );
        let failed = one_status("MessageUUID=m1&Status=undelivered&ErrorCode=50&To=919812345678&From=MANDIO").status;
        assert_eq!(
            failed,
            DeliveryStatus::Failed { reason: "Plivo status 'undelivered', error code 50".into(), opted_out: false }
        );
        for status in ["failed", "rejected", "Failed"] {
            let report = one_status(&format!("MessageUUID=m1&Status={status}&ErrorCode=30"));
            assert!(
                matches!(&report.status, DeliveryStatus::Failed { reason, opted_out: false } if reason.contains("error code 30")),
                "{report:?}"
            );
        }
        assert_eq!(
            one_status("MessageUUID=m1&Status=failed").status,
            DeliveryStatus::Failed { reason: "Plivo status 'failed' without an error code".into(), opted_out: false }
        );
        // 200: the recipient sent STOP to our number.
        assert!(matches!(
            one_status("MessageUUID=m1&Status=failed&ErrorCode=200").status,
            DeliveryStatus::Failed { opted_out: true, .. }
        ));
        assert_eq!(one_status("MessageUUID=m1&Status=read").status, DeliveryStatus::Unknown("read".into()));
    }

    #[test]
    fn malformed_or_unsigned_delivery_reports_are_refused() {
        assert_eq!(
            status_signed("status=delivered"),
            Err(WebhookError::Malformed("field 'MessageUUID' required".into()))
        );
        assert_eq!(status_signed("MessageUUID=m1"), Err(WebhookError::Malformed("field 'Status' required".into())));
        let body = "MessageUUID=12345&status=delivered&To=%2B60124361111&From=2020";
        let inbound_headers = signed_headers(PUBLIC_URL, body);
        let request =
            WebhookRequest { public_url: STATUS_URL, headers: &inbound_headers, body: body.as_bytes(), now: 0 };
        assert_eq!(plivo(None).status(&request), Err(WebhookError::BadSignature));
        let none = HeaderMap::new();
        let request = WebhookRequest { public_url: STATUS_URL, headers: &none, body: body.as_bytes(), now: 0 };
        assert_eq!(plivo(None).status(&request), Err(WebhookError::MissingSignature));
    }

    #[tokio::test]
    async fn acknowledges_with_an_empty_200() {
        let response = plivo(None).acknowledge();
        assert_eq!(response.status(), StatusCode::OK);
        let body = axum::body::to_bytes(response.into_body(), 1024).await.unwrap();
        assert!(body.is_empty());
    }

    #[test]
    fn sends_only_with_a_sender() {
        assert!(plivo(Some("MANDIO")).can_send());
        assert!(!plivo(None).can_send());
        assert!(!plivo(Some(" ")).can_send());
        assert_eq!(plivo(None).name(), NAME);
    }

    #[test]
    fn numbers_get_their_plus_only_when_all_digits() {
        assert_eq!(with_plus("60124361111"), "+60124361111");
        assert_eq!(with_plus("+60124361111"), "+60124361111");
        assert_eq!(with_plus("VM-MANDIO"), "VM-MANDIO");
        assert_eq!(with_plus(""), "");
    }

    #[test]
    fn error_details_are_short_and_never_hold_the_token() {
        assert_eq!(error_detail(&serde_json::json!({"api_id": "x", "error": "invalid dst"})), "invalid dst");
        assert_eq!(error_detail(&serde_json::json!({"error": {"dst": ["bad"]}})), r#"{"dst":["bad"]}"#);
        assert_eq!(error_detail(&serde_json::Value::Null), "no error message");
        let channel = plivo(None);
        assert_eq!(channel.reason(format!("echo {TOKEN} back")), "echo [redacted] back");
        // Redacted before it is cut, so no prefix of the token survives at the edge.
        let long = format!("{}{TOKEN}", "x".repeat(MAX_REASON - 4));
        assert_eq!(channel.reason(long), format!("{}[red", "x".repeat(MAX_REASON - 4)));
        assert_eq!(channel.reason("é".repeat(500)).chars().count(), MAX_REASON);
    }
}
