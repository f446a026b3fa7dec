//! MSG91 (India): inbound SMS forwarded from a virtual number / longcode (`POST /sms/msg91`), delivery reports
//! (`POST /status/msg91`) and the v2 send API (`POST {base_url}/api/v2/sendsms`, header `authkey`) with India's DLT
//! template id.
//!
//! MSG91 does not sign its webhooks. Both callback URLs are configured in MSG91's panel with a secret query
//! parameter, `https://<public host>/sms/msg91?token=<webhook token>`; a request without `token` is refused as
//! [`WebhookError::MissingSignature`], one with a wrong token as [`WebhookError::BadSignature`]. The token is compared
//! in constant time, as HMAC tags of equal length.
//!
//! Numbers: MSG91 writes Indian numbers as `9198…` or, from a longcode, as a bare 10-digit `98…`; both become
//! `+9198…` here. Recipients are sent as `919812345678` (the `+` removed).

use std::time::Duration;

use axum::http::StatusCode;
use axum::response::{IntoResponse as _, Response};
use futures::future::BoxFuture;
use secrecy::{ExposeSecret as _, SecretString};
use serde_json::Value;

use super::{
    Channel, DeliveryStatus, InboundSms, OutboundSms, SendError, SendReceipt, StatusReport, UrlToken, WebhookError,
    WebhookRequest, retry_after,
};

pub const NAME: &str = "msg91";
/// MSG91's API, for settings that do not override it.
pub const DEFAULT_BASE_URL: &str = "https://api.msg91.com";
pub use super::TOKEN_PARAM;

/// How much of a provider's error text goes into a failure reason.
const MAX_DETAIL: usize = 200;

/// What the MSG91 channel needs: the account's auth key, the default DLT header (sender id), the route (`4`
/// transactional, `1` promotional), the API's address (tests point it at a mock) and the secret expected as
/// `?token=` on the callback URLs.
#[derive(Debug, Clone)]
pub struct Msg91Settings {
    pub auth_key: SecretString,
    pub sender: String,
    pub route: String,
    pub base_url: String,
    pub webhook_token: SecretString,
}

pub struct Msg91 {
    auth_key: SecretString,
    sender: String,
    route: String,
    base_url: String,
    /// The secret callbacks carry as `?token=`.
    token: UrlToken,
    http: reqwest::Client,
}

impl Msg91 {
    pub fn new(settings: Msg91Settings, send_timeout: Duration) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder().timeout(send_timeout).connect_timeout(Duration::from_secs(5)).build()?;
        let token = settings.webhook_token.expose_secret();
        Ok(Self {
            auth_key: settings.auth_key,
            sender: settings.sender.trim().to_owned(),
            route: settings.route.trim().to_owned(),
            base_url: settings.base_url.trim_end_matches('/').to_owned(),
            token: UrlToken::new(token),
            http,
        })
    }

    fn check_token(&self, public_url: &str) -> Result<(), WebhookError> {
        self.token.check(public_url)
    }

    /// Replaces the auth key wherever it appears in text bound for logs or the database.
    fn redact(&self, text: String) -> String {
        super::redact(text, self.auth_key.expose_secret())
    }
}

fn query_pairs(url: &str) -> Vec<(String, String)> {
    let Some((_, query)) = url.split_once('?') else { return Vec::new() };
    let query = query.split_once('#').map_or(query, |(q, _)| q);
    form_urlencoded::parse(query.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

/// The first non-empty value among `names`, in that order of preference.
fn first<'p>(params: &'p [(String, String)], names: &[&str]) -> Option<&'p str> {
    names
        .iter()
        .find_map(|name| params.iter().find(|(k, v)| k == name && !v.trim().is_empty()).map(|(_, v)| v.as_str()))
}

/// An Indian number as MSG91 writes it, with its `+`: a bare 10-digit number gets `+91`, `0` + 10 digits (the
/// trunk prefix) too, and any other all-digit number (`9198…`) just the `+`. Anything else (a sender id, a number
/// already with `+`) is kept as given.
fn e164(number: &str) -> String {
    let number = number.trim();
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return number.to_owned();
    }
    match number.len() {
        10 => format!("+91{number}"),
        11 if number.starts_with('0') => format!("+91{}", &number[1..]),
        _ => format!("+{number}"),
    }
}

/// A JSON value that MSG91 writes as a string or a number (`"status": "1"` or `"status": 1`), as text.
fn text_of(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A delivery report's numeric `status`, with its `desc` (`DELIVERED`, `NDNC`, …) for failure reasons.
///
/// | code    | meaning                          | status                            |
/// |---------|----------------------------------|-----------------------------------|
/// | 1       | delivered                        | `Delivered`                       |
/// | 2       | failed                           | `Failed`                          |
/// | 9       | NDNC (do-not-disturb registry)   | `Failed`, opted out               |
/// | 17      | blocked number                   | `Failed`, opted out               |
/// | 16, 25  | rejected                         | `Failed`                          |
/// | other   |                                  | `Unknown(code)`                   |
fn delivery_status(code: &str, desc: Option<&str>) -> DeliveryStatus {
    let failed = |what: &str, opted_out: bool| DeliveryStatus::Failed {
        reason: match desc {
            Some(desc) => format!("MSG91 status {code} ({what}): {desc}"),
            None => format!("MSG91 status {code} ({what})"),
        },
        opted_out,
    };
    match code {
        "1" => DeliveryStatus::Delivered,
        "2" => failed("failed", false),
        "9" => failed("NDNC", true),
        "17" => failed("blocked number", true),
        "16" | "25" => failed("rejected", false),
        other => DeliveryStatus::Unknown(other.to_owned()),
    }
}

/// One report from an object holding `status` and `desc`, about the request `request_id`.
fn report_from(request_id: &str, entry: &Value) -> Result<StatusReport, WebhookError> {
    let code = text_of(entry.get("status"))
        .ok_or_else(|| WebhookError::Malformed(format!("report for request '{request_id}' has no 'status'")))?;
    let desc = text_of(entry.get("desc"));
    Ok(StatusReport { provider_message_id: request_id.to_owned(), status: delivery_status(&code, desc.as_deref()) })
}

/// One report of the v2 format: `{"requestId": …, "report": [{"number": …, "status": "1", "desc": …}]}`. Mandi
/// sends one number per request, so the first entry of `report` is the one; more are logged and ignored.
fn v2_report(item: &Value) -> Result<StatusReport, WebhookError> {
    let request_id =
        text_of(item.get("requestId")).ok_or_else(|| WebhookError::Malformed("report has no 'requestId'".into()))?;
    let entries = item
        .get("report")
        .and_then(Value::as_array)
        .filter(|entries| !entries.is_empty())
        .ok_or_else(|| WebhookError::Malformed(format!("request '{request_id}' has no 'report' entries")))?;
    if entries.len() > 1 {
        tracing::warn!(request_id, entries = entries.len(), "MSG91 report for several numbers; using the first");
    }
    report_from(&request_id, &entries[0])
}

/// The v3 format: one flat object, `{"requestId": …, "number": …, "status": "1", "desc": …, …}`.
fn v3_report(item: &Value) -> Result<StatusReport, WebhookError> {
    let request_id =
        text_of(item.get("requestId")).ok_or_else(|| WebhookError::Malformed("report has no 'requestId'".into()))?;
    report_from(&request_id, item)
}

/// Reports in any of the shapes MSG91 posts: a JSON array of v2 reports or a v3 object as the body, or the v2 array
/// as the form field `data`.
fn parse_reports(body: &[u8]) -> Result<Vec<StatusReport>, WebhookError> {
    let json: Value = match serde_json::from_slice(body) {
        Ok(json) => json,
        Err(_) => {
            let data = form_urlencoded::parse(body)
                .find(|(k, _)| k == "data")
                .map(|(_, v)| v.into_owned())
                .ok_or_else(|| WebhookError::Malformed("expected a JSON body or a form field 'data'".into()))?;
            serde_json::from_str(&data)
                .map_err(|e| WebhookError::Malformed(format!("form field 'data' is not JSON: {e}")))?
        }
    };
    match &json {
        Value::Array(items) if !items.is_empty() => items.iter().map(v2_report).collect(),
        Value::Object(_) => Ok(vec![v3_report(&json)?]),
        _ => Err(WebhookError::Malformed("expected a report object or a non-empty array of reports".into())),
    }
}

#[derive(serde::Serialize)]
struct SendPayload<'a> {
    sender: &'a str,
    route: &'a str,
    country: &'a str,
    unicode: u8,
    sms: [SmsPayload<'a>; 1],
    #[serde(rename = "DLT_TE_ID", skip_serializing_if = "Option::is_none")]
    dlt_te_id: Option<&'a str>,
}

#[derive(serde::Serialize)]
struct SmsPayload<'a> {
    message: &'a str,
    to: [&'a str; 1],
}

impl Channel for Msg91 {
    fn name(&self) -> &'static str {
        NAME
    }

    /// Fields read, from the form body or else the query string: `sender` (or `mobile`, `number`), `message` (or
    /// `content`, `text`), `requestId` (or `id`) and, when given, `receiver`. Others (keyword, time, …) are ignored.
    fn receive(&self, request: &WebhookRequest<'_>) -> Result<Vec<InboundSms>, WebhookError> {
        self.check_token(request.public_url)?;
        let mut params: Vec<(String, String)> =
            form_urlencoded::parse(request.body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        params.extend(query_pairs(request.public_url).into_iter().filter(|(k, _)| k != TOKEN_PARAM));
        let required = |names: &[&str]| {
            first(&params, names).ok_or_else(|| WebhookError::Malformed(format!("field '{}' required", names[0])))
        };
        let id = required(&["requestId", "id"])?;
        let sender = required(&["sender", "mobile", "number"])?;
        let text = required(&["message", "content", "text"])?;
        Ok(vec![InboundSms {
            provider_message_id: id.trim().to_owned(),
            sender: e164(sender),
            recipient: first(&params, &["receiver"]).map(e164).unwrap_or_default(),
            text: text.to_owned(),
        }])
    }

    fn acknowledge(&self) -> Response {
        StatusCode::OK.into_response()
    }

    fn can_send(&self) -> bool {
        !self.auth_key.expose_secret().is_empty()
    }

    /// Sends one message with `POST {base_url}/api/v2/sendsms`: the message's DLT header (else the channel's sender),
    /// `unicode: 1` when the text is not GSM-7, and `DLT_TE_ID` when the message has a template id.
    ///
    /// | MSG91 answers                              | outcome                                        |
    /// |--------------------------------------------|------------------------------------------------|
    /// | 2xx `{"type":"success","message":"<id>"}`  | sent; `message` is the provider id (requestId) |
    /// | 2xx `{"type":"error","message":…}`         | `Permanent`, with MSG91's message              |
    /// | 2xx anything else                          | sent, without a provider id (logged)           |
    /// | 401 / 403 (auth key refused)               | `Permanent`, saying so (never the key)         |
    /// | 408, 429                                   | `Retry`, honouring `Retry-After` (seconds)     |
    /// | 5xx                                        | `Retry`, honouring `Retry-After` (seconds)     |
    /// | timeout, connection refused, …             | `Retry`                                        |
    /// | any other status                           | `Permanent`, with MSG91's message              |
    fn send<'a>(&'a self, message: &'a OutboundSms) -> BoxFuture<'a, Result<SendReceipt, SendError>> {
        Box::pin(async move {
            let sender = message.sender_header.as_deref().map(str::trim).filter(|h| !h.is_empty());
            let Some(sender) = sender.or(Some(self.sender.as_str()).filter(|s| !s.is_empty())) else {
                return Err(SendError::Permanent {
                    reason: "MSG91 sending needs a DLT header: set the channel's sender or the message's".into(),
                });
            };
            let payload = SendPayload {
                sender,
                route: &self.route,
                country: "91",
                unicode: u8::from(!crate::sms::is_gsm7(&message.body)),
                sms: [SmsPayload { message: &message.body, to: [message.recipient.trim().trim_start_matches('+')] }],
                dlt_te_id: message.dlt_template_id.as_deref().map(str::trim).filter(|t| !t.is_empty()),
            };
            let response = self
                .http
                .post(format!("{}/api/v2/sendsms", self.base_url))
                .header("authkey", self.auth_key.expose_secret())
                .json(&payload)
                .send()
                .await
                .map_err(|e| SendError::Retry { reason: transport_reason(&e), retry_after: None })?;
            let status = response.status();
            let wait = retry_after(response.headers());
            let body: Value = response.json().await.unwrap_or(Value::Null);
            let kind = body.get("type").and_then(Value::as_str);
            let detail = cut(&self.redact(error_detail(&body)));
            if status.is_success() {
                if kind == Some("error") {
                    return Err(SendError::Permanent { reason: format!("MSG91 refused the message: {detail}") });
                }
                let id = (kind == Some("success")).then(|| text_of(body.get("message"))).flatten();
                if id.is_none() {
                    tracing::warn!(outbound_id = message.id, "MSG91 accepted the message but sent no request id");
                }
                return Ok(SendReceipt { provider_message_id: id });
            }
            let reason = format!("MSG91 {status}: {detail}");
            Err(match status.as_u16() {
                401 | 403 => SendError::Permanent {
                    reason: format!("MSG91 {status}: the auth key was refused; check the channel's credentials"),
                },
                408 | 429 => SendError::Retry { reason, retry_after: wait },
                _ if status.is_server_error() => SendError::Retry { reason, retry_after: wait },
                _ => SendError::Permanent { reason },
            })
        })
    }

    /// Delivery reports, in the v2 format (form field `data` holding a JSON array of
    /// `{"requestId", "report": [{"number", "status", "desc", …}], …}`) or the v3 format (a JSON object
    /// `{"requestId", "number", "status", "desc", …}`); statuses as in [`delivery_status`]. The provider id is the
    /// `requestId` the send returned. The v4 "event" format carries no `requestId` and is refused as malformed.
    fn status(&self, request: &WebhookRequest<'_>) -> Result<Vec<StatusReport>, WebhookError> {
        self.check_token(request.public_url)?;
        parse_reports(request.body)
    }
}

/// MSG91's `message` from a JSON body.
fn error_detail(body: &Value) -> String {
    match body.get("message") {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => "no message".to_owned(),
    }
}

/// Provider text cut to [`MAX_DETAIL`] characters, after redaction (so no part of a secret survives a cut).
fn cut(text: &str) -> String {
    text.chars().take(MAX_DETAIL).collect()
}

/// A transport error in a sentence, without the URL.
fn transport_reason(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "MSG91 did not answer in time".into()
    } else if e.is_connect() {
        "cannot connect to MSG91".into()
    } else {
        "request to MSG91 failed".into()
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderMap;

    use super::*;

    const URL: &str = "https://mandi.example.com/sms/msg91?token=t0ken";
    const STATUS_URL: &str = "https://mandi.example.com/status/msg91?token=t0ken";

    fn msg91() -> Msg91 {
        let settings = Msg91Settings {
            auth_key: SecretString::from("msg91-auth-key"),
            sender: "MANDII".into(),
            route: "4".into(),
            base_url: DEFAULT_BASE_URL.into(),
            webhook_token: SecretString::from("t0ken"),
        };
        Msg91::new(settings, Duration::from_secs(5)).unwrap()
    }

    fn receive_at(url: &str, body: &str) -> Result<Vec<InboundSms>, WebhookError> {
        let headers = HeaderMap::new();
        let request = WebhookRequest { public_url: url, headers: &headers, body: body.as_bytes(), now: 1_700_000_000 };
        msg91().receive(&request)
    }

    fn status_at(url: &str, body: &str) -> Result<Vec<StatusReport>, WebhookError> {
        let headers = HeaderMap::new();
        let request = WebhookRequest { public_url: url, headers: &headers, body: body.as_bytes(), now: 1_700_000_000 };
        msg91().status(&request)
    }

    fn form(pairs: &[(&str, &str)]) -> String {
        form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish()
    }

    /// The v2 `data` value from MSG91's help page (§4.1 item 4), with `status` and `desc` substituted.
    fn v2_data(status: &str, desc: &str) -> String {
        format!(
            r#"[{{"senderId":"uMANDm","requestId":"346000000000000130","report":[{{"date":"2024-05-22 10:06:20","amount":"0.01","clientid":"","INMSID":"0","CRQID":"0","ctCode":"900","number":"919500006558","credit":"1","status":"{status}","desc":"{desc}","failedReason":""}}],"userId":"270000","campaignName":"Sendhttp"}}]"#
        )
    }

    /// A v3 body with the fields MSG91's help page lists.
    fn v3_body(status: &str, desc: &str) -> String {
        format!(
            r#"{{"date":"2024-05-22 10:06:20","number":"919500006558","senderId":"uMANDm","amount":"0.01","requestId":"346000000000000130","INMSID":"0","CRQID":"0","credit":"1","userId":"270000","campaignName":"Sendhttp","status":"{status}","desc":"{desc}"}}"#
        )
    }

    #[test]
    fn inbound_messages_are_decoded() {
        let cases: &[(&str, &str, &str, &str, &str)] = &[
            // body, expected id, sender, recipient, text
            (
                "sender=9812345678&message=5+kg+atta&requestId=r1&receiver=9000000001&keyword=ORDER",
                "r1",
                "+919812345678",
                "+919000000001",
                "5 kg atta",
            ),
            ("mobile=919812345678&content=2+maggi&id=r2", "r2", "+919812345678", "", "2 maggi"),
            (
                "number=09812345678&text=2+%E0%A4%95%E0%A4%BF%E0%A4%B2%E0%A5%8B+%E0%A4%9A%E0%A5%80%E0%A4%A8%E0%A5%80&id=r3",
                "r3",
                "+919812345678",
                "",
                "2 किलो चीनी",
            ),
            ("sender=%2B919812345678&message=hi&requestId=r4&unknown=x", "r4", "+919812345678", "", "hi"),
            // An empty preferred field falls back to the next name.
            ("sender=&mobile=9812345678&message=hi&requestId=&id=r5", "r5", "+919812345678", "", "hi"),
        ];
        for (body, id, sender, recipient, text) in cases {
            let sms = receive_at(URL, body).unwrap_or_else(|e| panic!("{body}: {e}"));
            assert_eq!(
                sms,
                vec![InboundSms {
                    provider_message_id: (*id).into(),
                    sender: (*sender).into(),
                    recipient: (*recipient).into(),
                    text: (*text).into(),
                }],
                "{body}"
            );
        }
    }

    #[test]
    fn inbound_fields_may_come_in_the_query_string() {
        let url = "https://mandi.example.com/sms/msg91?token=t0ken&sender=9812345678&message=hi&requestId=q1";
        let sms = receive_at(url, "").unwrap();
        assert_eq!(sms[0].provider_message_id, "q1");
        assert_eq!(sms[0].sender, "+919812345678");
        assert_eq!(sms[0].text, "hi");
    }

    #[test]
    fn inbound_without_id_sender_or_text_is_malformed() {
        for body in ["sender=9812345678&message=hi", "message=hi&requestId=r1", "sender=9812345678&requestId=r1", ""] {
            assert!(matches!(receive_at(URL, body), Err(WebhookError::Malformed(_))), "{body}");
        }
    }

    #[test]
    fn the_webhook_token_is_required_and_checked() {
        let body = "sender=9812345678&message=hi&requestId=r1";
        let cases: &[(&str, WebhookError)] = &[
            ("https://mandi.example.com/sms/msg91", WebhookError::MissingSignature),
            ("https://mandi.example.com/sms/msg91?other=1", WebhookError::MissingSignature),
            ("https://mandi.example.com/sms/msg91?token=wrong", WebhookError::BadSignature),
            ("https://mandi.example.com/sms/msg91?token=", WebhookError::BadSignature),
            ("https://mandi.example.com/sms/msg91?token=t0ken0", WebhookError::BadSignature),
        ];
        for (url, expected) in cases {
            assert_eq!(receive_at(url, body).unwrap_err(), *expected, "{url}");
            assert_eq!(status_at(url, &v3_body("1", "DELIVERED")).unwrap_err(), *expected, "{url}");
        }
    }

    #[test]
    fn an_empty_configured_token_matches_nothing() {
        let settings = Msg91Settings {
            auth_key: SecretString::from("k"),
            sender: "MANDII".into(),
            route: "4".into(),
            base_url: DEFAULT_BASE_URL.into(),
            webhook_token: SecretString::from(""),
        };
        let channel = Msg91::new(settings, Duration::from_secs(5)).unwrap();
        let headers = HeaderMap::new();
        let request = WebhookRequest {
            public_url: "https://mandi.example.com/sms/msg91?token=",
            headers: &headers,
            body: b"sender=9812345678&message=hi&requestId=r1",
            now: 0,
        };
        assert_eq!(channel.receive(&request).unwrap_err(), WebhookError::BadSignature);
    }

    #[test]
    fn delivery_reports_in_v2_and_v3_formats() {
        let failed = |reason: &str, opted_out: bool| DeliveryStatus::Failed { reason: reason.into(), opted_out };
        let cases: Vec<(&str, &str, DeliveryStatus)> = vec![
            ("1", "DELIVERED", DeliveryStatus::Delivered),
            ("2", "FAILED", failed("MSG91 status 2 (failed): FAILED", false)),
            ("9", "NDNC", failed("MSG91 status 9 (NDNC): NDNC", true)),
            ("17", "Blocked Number", failed("MSG91 status 17 (blocked number): Blocked Number", true)),
            ("16", "Rejected", failed("MSG91 status 16 (rejected): Rejected", false)),
            ("25", "Rejected", failed("MSG91 status 25 (rejected): Rejected", false)),
            ("8", "SUBMITTED", DeliveryStatus::Unknown("8".into())),
        ];
        for (code, desc, expected) in cases {
            let expected =
                vec![StatusReport { provider_message_id: "346000000000000130".into(), status: expected.clone() }];
            let v2 = form(&[("data", &v2_data(code, desc))]);
            assert_eq!(status_at(STATUS_URL, &v2).unwrap(), expected, "v2 form, status {code}");
            assert_eq!(status_at(STATUS_URL, &v2_data(code, desc)).unwrap(), expected, "v2 JSON body, status {code}");
            assert_eq!(status_at(STATUS_URL, &v3_body(code, desc)).unwrap(), expected, "v3, status {code}");
        }
    }

    #[test]
    fn numeric_statuses_and_several_requests() {
        let body = r#"[{"requestId":"a","report":[{"number":"919812345678","status":1}]},
                       {"requestId":"b","report":[{"number":"919812345679","status":"2"}]}]"#;
        let reports = status_at(STATUS_URL, body).unwrap();
        assert_eq!(reports.len(), 2);
        assert_eq!(reports[0], StatusReport { provider_message_id: "a".into(), status: DeliveryStatus::Delivered });
        assert_eq!(reports[1].provider_message_id, "b");
        assert_eq!(
            reports[1].status,
            DeliveryStatus::Failed { reason: "MSG91 status 2 (failed)".into(), opted_out: false }
        );
    }

    #[test]
    fn malformed_delivery_reports_are_refused() {
        let v4 =
            r#"[{"data":[{"meta":"0","INMSID":"0","description":"DELIVERED","ts":1726729500}],"event":"delivered"}]"#;
        let cases = [
            "",
            "data=not-json",
            "other=1",
            "[]",
            r#"{"number":"919812345678","status":"1"}"#,
            r#"{"requestId":"a","number":"919812345678"}"#,
            r#"[{"requestId":"a","report":[]}]"#,
            v4,
        ];
        for body in cases {
            assert!(matches!(status_at(STATUS_URL, body), Err(WebhookError::Malformed(_))), "{body}");
        }
    }

    #[test]
    fn numbers_get_their_country_code() {
        let cases = [
            ("9812345678", "+919812345678"),
            ("919812345678", "+919812345678"),
            ("09812345678", "+919812345678"),
            ("+919812345678", "+919812345678"),
            ("447123456789", "+447123456789"),
            ("MANDII", "MANDII"),
            ("", ""),
        ];
        for (given, expected) in cases {
            assert_eq!(e164(given), expected, "{given}");
        }
    }

    #[test]
    fn error_details_are_short_and_never_hold_the_key() {
        let channel = msg91();
        let body =
            serde_json::json!({"type": "error", "message": format!("bad key msg91-auth-key {}", "x".repeat(500))});
        let detail = cut(&channel.redact(error_detail(&body)));
        assert!(!detail.contains("msg91-auth-key"));
        assert!(detail.contains("[redacted]"));
        assert_eq!(detail.chars().count(), MAX_DETAIL);
    }
}
