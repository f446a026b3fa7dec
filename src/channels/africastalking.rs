//! Africa's Talking (AT): inbound SMS (`POST /sms/africastalking`) and delivery reports
//! (`POST /status/africastalking`), both form-encoded, and the bulk SMS API (`POST {base_url}/version1/messaging`).
//!
//! AT signs none of its callbacks, so the callback URLs registered in the AT dashboard carry a secret instead:
//! `https://<public host>/sms/africastalking?token=<path token>` (and the same for `/status/africastalking`).
//! A request without a `token` query parameter is refused as [`WebhookError::MissingSignature`], one with a wrong
//! token as [`WebhookError::BadSignature`]. The token is compared in constant time (as HMAC tags of equal length,
//! so neither its content nor its length leaks through timing). Treat it like a password: rotate it by changing the
//! URL in the dashboard and the setting together, and keep access logs that record query strings private.
//!
//! Sending posts `username`, `to`, `message` and (on a dedicated short code or sender id) `from`, with the API key
//! in the `apikey` header. AT answers HTTP 201 with a per-recipient result; see [`AfricasTalking::send`]'s table for
//! how each answer is read.

use std::time::Duration;

use axum::http::StatusCode;
use axum::response::{IntoResponse as _, Response};
use chrono::{DateTime, NaiveDateTime, Utc};
use futures::future::BoxFuture;
use reqwest::header::{ACCEPT, HeaderValue};
use secrecy::{ExposeSecret as _, SecretString};
use serde_json::Value;

use super::{
    Channel, DeliveryStatus, InboundSms, OutboundSms, SendError, SendReceipt, StatusReport, UrlToken, UssdRequest,
    WebhookError, WebhookRequest, classify_status, retry_after,
};

pub const NAME: &str = "africastalking";

pub use super::TOKEN_PARAM;

/// Longest provider response text kept in a failure reason.
const MAX_REASON_BODY: usize = 200;

/// Settings of the Africa's Talking channel.
#[derive(Debug, Clone)]
pub struct AfricasTalkingSettings {
    /// The AT application's username (`sandbox` in the sandbox).
    pub username: String,
    pub api_key: SecretString,
    /// Short code or alphanumeric sender id; `None` on AT's shared short codes, where `from` must be left out.
    pub from: Option<String>,
    /// `https://api.africastalking.com` (live) or `https://api.sandbox.africastalking.com`.
    pub base_url: String,
    /// The secret expected as `?token=` on the callback URLs.
    pub path_token: SecretString,
}

pub struct AfricasTalking {
    username: String,
    api_key: SecretString,
    from: Option<String>,
    base_url: String,
    /// The secret callbacks carry as `?token=`.
    token: UrlToken,
    http: reqwest::Client,
}

impl AfricasTalking {
    pub fn new(settings: AfricasTalkingSettings, send_timeout: Duration) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder().timeout(send_timeout).connect_timeout(Duration::from_secs(5)).build()?;
        let token = settings.path_token.expose_secret();
        Ok(Self {
            username: settings.username,
            api_key: settings.api_key,
            from: settings.from.filter(|s| !s.trim().is_empty()),
            base_url: settings.base_url.trim_end_matches('/').to_owned(),
            token: UrlToken::new(token),
            http,
        })
    }

    /// Checks the `token` query parameter of the URL AT called.
    fn check_token(&self, public_url: &str) -> Result<(), WebhookError> {
        self.token.check(public_url)
    }

    /// Replaces the API key wherever it appears in text bound for logs or the database.
    fn redact(&self, text: String) -> String {
        super::redact(text, self.api_key.expose_secret())
    }
}

/// A decoded form body: every pair in order, empty values and repeated keys kept.
struct Form(Vec<(String, String)>);

impl Form {
    fn parse(body: &[u8]) -> Self {
        Self(form_urlencoded::parse(body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect())
    }

    /// The first value of a field.
    fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// A field that must be present and not blank.
    fn required(&self, name: &str) -> Result<&str, WebhookError> {
        self.get(name).filter(|v| !v.trim().is_empty()).ok_or_else(|| required(name))
    }
}

fn required(name: &str) -> WebhookError {
    WebhookError::Malformed(format!("field '{name}' required"))
}

/// AT writes numbers in E.164. A `+` that reached us unencoded was decoded as a space (` 254…`): put it back.
fn normalise_number(raw: &str) -> String {
    let trimmed = raw.trim();
    if raw.starts_with(' ') && !trimmed.is_empty() && trimmed.bytes().all(|b| b.is_ascii_digit()) {
        format!("+{trimmed}")
    } else {
        trimmed.to_owned()
    }
}

/// Reads an AT callback date: `2017-05-03T06:04:45Z`, `2017-05-03 06:04:45` (both seen on callbacks) or
/// `2018-03-19T08:34:18.445Z` (the fetch API). All are UTC.
pub fn parse_date(raw: &str) -> Option<DateTime<Utc>> {
    // `%.f` also matches no fraction at all.
    const FORMATS: &[&str] = &["%Y-%m-%dT%H:%M:%S%.fZ", "%Y-%m-%d %H:%M:%S%.f"];
    let raw = raw.trim();
    FORMATS.iter().find_map(|format| NaiveDateTime::parse_from_str(raw, format).ok()).map(|t| t.and_utc())
}

/// The first `MAX_REASON_BODY` characters of a response body, on one line.
fn body_excerpt(body: &str) -> String {
    let one_line = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.is_empty() {
        return "empty body".into();
    }
    match one_line.char_indices().nth(MAX_REASON_BODY) {
        Some((cut, _)) => format!("{}…", &one_line[..cut]),
        None => one_line,
    }
}

/// What AT's answer to a send means. See [`AfricasTalking::send`] for the table.
fn interpret(status: reqwest::StatusCode, wait: Option<Duration>, body: &str) -> Result<SendReceipt, SendError> {
    if status.is_success() {
        let Some(data) = serde_json::from_str::<Value>(body).ok().and_then(|v| v.get("SMSMessageData").cloned()) else {
            // AT may have sent it: a retry risks a duplicate SMS (and charge) on every attempt.
            return Err(SendError::Permanent {
                reason: format!("Africa's Talking answered {status} without SMSMessageData: {}", body_excerpt(body)),
            });
        };
        let summary = data.get("Message").and_then(Value::as_str).filter(|m| !m.is_empty()).unwrap_or("no message");
        let Some(recipient) = data.get("Recipients").and_then(Value::as_array).and_then(|r| r.first()) else {
            return Err(SendError::Permanent { reason: format!("Africa's Talking accepted no recipient: {summary}") });
        };
        return recipient_outcome(recipient);
    }
    if status == reqwest::StatusCode::UNAUTHORIZED {
        // AT answers a wrong username or key with text/plain "The supplied authentication is invalid".
        return Err(SendError::Permanent {
            reason: format!("Africa's Talking refused the credentials ({status}): {}", body_excerpt(body)),
        });
    }
    Err(classify_status(status, wait, format!("Africa's Talking {status}: {}", body_excerpt(body))))
}

/// One recipient's result in a send response.
fn recipient_outcome(recipient: &Value) -> Result<SendReceipt, SendError> {
    let code =
        recipient.get("statusCode").and_then(|v| v.as_u64().or_else(|| v.as_str().and_then(|s| s.trim().parse().ok())));
    let status = recipient.get("status").and_then(Value::as_str).unwrap_or_default();
    let reason = || match code {
        Some(code) => format!("Africa's Talking recipient status {code} {status}").trim_end().to_owned(),
        None if status.is_empty() => "Africa's Talking gave the recipient no status".to_owned(),
        None => format!("Africa's Talking recipient status {status}"),
    };
    let success = match code {
        // Processed, Sent, Queued.
        Some(100..=102) => true,
        // RiskHold, InsufficientBalance, CouldNotRoute, InternalServerError, GatewayError, RejectedByGateway.
        Some(401 | 405 | 407 | 500 | 501 | 502) => {
            return Err(SendError::Retry { reason: reason(), retry_after: None });
        }
        // InvalidSenderId, InvalidPhoneNumber, UnsupportedNumberType, UserInBlacklist, DoNotDisturbRejection.
        Some(402 | 403 | 404 | 406 | 409) => false,
        // A code we do not know, or none at all: the status word decides.
        _ => status == "Success",
    };
    if !success {
        return Err(SendError::Permanent { reason: reason() });
    }
    let id = recipient
        .get("messageId")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|id| !id.is_empty() && *id != "None")
        .map(str::to_owned);
    if id.is_none() {
        tracing::warn!("Africa's Talking accepted the message but gave no messageId");
    }
    Ok(SendReceipt { provider_message_id: id })
}

/// A transport error in a sentence, without the URL.
fn transport_reason(e: reqwest::Error) -> String {
    if e.is_timeout() {
        "Africa's Talking did not answer in time".into()
    } else if e.is_connect() {
        "cannot connect to Africa's Talking".into()
    } else {
        format!("request to Africa's Talking failed: {}", e.without_url())
    }
}

impl Channel for AfricasTalking {
    fn name(&self) -> &'static str {
        NAME
    }

    /// Decodes an incoming-message callback: `from`, `to`, `text`, `date`, `id`, `linkId`, `networkCode` (other
    /// fields are ignored). `id`, `text` and `from` are required (`text` may be empty); `date`, when given, must be
    /// one of AT's three spellings.
    fn receive(&self, request: &WebhookRequest<'_>) -> Result<Vec<InboundSms>, WebhookError> {
        self.check_token(request.public_url)?;
        let form = Form::parse(request.body);
        let id = form.required("id")?;
        let text = form.get("text").ok_or_else(|| required("text"))?;
        let sender = normalise_number(form.required("from")?);
        if !sender.bytes().any(|b| b.is_ascii_digit()) {
            return Err(WebhookError::Malformed("not a possible number".into()));
        }
        if let Some(date) = form.get("date").filter(|d| !d.trim().is_empty())
            && parse_date(date).is_none()
        {
            return Err(WebhookError::Malformed("invalid date format".into()));
        }
        Ok(vec![InboundSms {
            provider_message_id: id.trim().to_owned(),
            sender,
            recipient: normalise_number(form.get("to").unwrap_or_default()),
            text: text.to_owned(),
        }])
    }

    /// Decodes a USSD callback: `sessionId` and `phoneNumber` required, `serviceCode`, `text` (empty on the first
    /// request, then every input joined by `*`) and `networkCode` optional; other fields are ignored.
    fn ussd(&self, request: &WebhookRequest<'_>) -> Result<UssdRequest, WebhookError> {
        self.check_token(request.public_url)?;
        let form = Form::parse(request.body);
        UssdRequest {
            session_id: form.required("sessionId")?.trim().to_owned(),
            service_code: form.get("serviceCode").unwrap_or_default().trim().to_owned(),
            phone: normalise_number(form.required("phoneNumber")?),
            text: form.get("text").unwrap_or_default().trim().to_owned(),
        }
        .checked()
    }

    /// AT wants a 2xx; the body is ignored.
    fn acknowledge(&self) -> Response {
        StatusCode::OK.into_response()
    }

    fn can_send(&self) -> bool {
        true
    }

    /// Posts one message to `{base_url}/version1/messaging` and reads AT's answer:
    ///
    /// | AT answers | outcome |
    /// |---|---|
    /// | 201 (any 2xx), first recipient `statusCode` 100 Processed / 101 Sent / 102 Queued | sent, id = `messageId` |
    /// | 201, first recipient without a known code but `status` `Success` | sent, id = `messageId` |
    /// | 201, `Recipients` empty (e.g. `Message: InvalidSenderId`) | permanent, reason carries `Message` |
    /// | 201, recipient 402 InvalidSenderId, 403 InvalidPhoneNumber, 404 UnsupportedNumberType, 406 UserInBlacklist, 409 DoNotDisturbRejection | permanent |
    /// | 201, recipient 401 RiskHold, 405 InsufficientBalance, 407 CouldNotRoute, 500 InternalServerError, 501 GatewayError, 502 RejectedByGateway | retry |
    /// | 201, recipient with another code or status (e.g. `Failed`) | permanent |
    /// | 201 whose body is not AT's JSON | permanent (AT may have sent it; a retry could send it twice) |
    /// | HTTP 401 (text/plain "The supplied authentication is invalid") | permanent |
    /// | HTTP 429 | retry, after `Retry-After` seconds when given |
    /// | HTTP 408, 5xx, timeout, connection error | retry |
    /// | HTTP 403 | retry, flagged as a credentials problem (as for every channel) |
    /// | other 4xx | permanent |
    ///
    /// Reasons never contain the API key, nor the recipient's number.
    fn send<'a>(&'a self, message: &'a OutboundSms) -> BoxFuture<'a, Result<SendReceipt, SendError>> {
        Box::pin(async move {
            let Ok(mut api_key) = HeaderValue::from_str(self.api_key.expose_secret()) else {
                return Err(SendError::Permanent {
                    reason: "the Africa's Talking API key is not a valid HTTP header value".into(),
                });
            };
            api_key.set_sensitive(true);
            let mut form = vec![
                ("username", self.username.as_str()),
                ("to", message.recipient.as_str()),
                ("message", &message.body),
            ];
            let sender = message.sender_header.as_deref().filter(|s| !s.trim().is_empty()).or(self.from.as_deref());
            if let Some(from) = sender {
                form.push(("from", from));
            }
            let response = self
                .http
                .post(format!("{}/version1/messaging", self.base_url))
                .header("apikey", api_key)
                .header(ACCEPT, "application/json")
                .form(&form)
                .send()
                .await
                .map_err(|e| SendError::Retry { reason: self.redact(transport_reason(e)), retry_after: None })?;
            let status = response.status();
            let wait = retry_after(response.headers());
            let body = response.text().await.unwrap_or_default();
            interpret(status, wait, &body).map_err(|e| match e {
                SendError::Retry { reason, retry_after } => {
                    SendError::Retry { reason: self.redact(reason), retry_after }
                }
                SendError::Permanent { reason } => SendError::Permanent { reason: self.redact(reason) },
            })
        })
    }

    /// Decodes a delivery report: `id`, `status`, `phoneNumber`, `networkCode`, `failureReason`, `retryCount`.
    /// `Sent`, `Submitted` and `Buffered` are on their way; `Success` is delivered; `Rejected`, `Failed` and
    /// `Expired` failed, for `failureReason` (`UserInBlackList` means the recipient opted out). Any other status is
    /// reported as unknown rather than refused, so AT does not retry it forever.
    fn status(&self, request: &WebhookRequest<'_>) -> Result<Vec<StatusReport>, WebhookError> {
        self.check_token(request.public_url)?;
        let form = Form::parse(request.body);
        let id = form.required("id")?.trim();
        let status = form.required("status")?.trim();
        let delivery = match status.to_ascii_lowercase().as_str() {
            "sent" | "submitted" | "buffered" => DeliveryStatus::Sent,
            "success" => DeliveryStatus::Delivered,
            "rejected" | "failed" | "expired" => {
                let reason = form.get("failureReason").map(str::trim).filter(|r| !r.is_empty()).unwrap_or(status);
                DeliveryStatus::Failed {
                    reason: reason.to_owned(),
                    opted_out: reason.eq_ignore_ascii_case("UserInBlackList"),
                }
            }
            _ => DeliveryStatus::Unknown(status.to_owned()),
        };
        tracing::debug!(
            network_code = form.get("networkCode").unwrap_or_default(),
            retry_count = form.get("retryCount").unwrap_or_default(),
            "Africa's Talking delivery report"
        );
        Ok(vec![StatusReport { provider_message_id: id.to_owned(), status: delivery }])
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderMap;
    use chrono::TimeZone as _;

    use super::*;

    /// What `receive` and `status` return.
    type Received = Result<Vec<InboundSms>, WebhookError>;
    type Reported = Result<Vec<StatusReport>, WebhookError>;

    const URL: &str = "https://mandi.example.com/sms/africastalking?token=t0ken";
    const STATUS_URL: &str = "https://mandi.example.com/status/africastalking?token=t0ken";
    const DLR_ID: &str = "ATXid_dda018a640edfcc5d2ce455de3e4a6e7";

    fn channel() -> AfricasTalking {
        AfricasTalking::new(
            AfricasTalkingSettings {
                username: "Username".into(),
                api_key: SecretString::from("KEY"),
                from: Some("2020".into()),
                base_url: "https://api.africastalking.com/".into(),
                path_token: SecretString::from("t0ken"),
            },
            Duration::from_secs(5),
        )
        .unwrap()
    }

    fn receive_at(url: &str, body: &str) -> Received {
        let headers = HeaderMap::new();
        channel().receive(&WebhookRequest { public_url: url, headers: &headers, body: body.as_bytes(), now: 0 })
    }

    fn status_at(url: &str, body: &str) -> Reported {
        let headers = HeaderMap::new();
        channel().status(&WebhookRequest { public_url: url, headers: &headers, body: body.as_bytes(), now: 0 })
    }

    fn inbound(id: &str, sender: &str, recipient: &str, text: &str) -> Received {
        Ok(vec![InboundSms {
            provider_message_id: id.into(),
            sender: sender.into(),
            recipient: recipient.into(),
            text: text.into(),
        }])
    }

    fn malformed<T>(reason: &str) -> Result<T, WebhookError> {
        Err(WebhookError::Malformed(reason.into()))
    }

    const COURIER_ID: &str = "ec9adc86-51d5-4bc8-8eb0-d8ab0bb53dc3";
    const LARAVEL_ID: &str = "ATUid_5d3b4c2bc589f4811820a7184eed4df5";

    #[test]
    fn courier_inbound_fixtures() {
        let cases: &[(&str, &str, Received)] = &[
            (
                "receive valid, ISO date",
                "linkId=03090445075804249226&text=Msg&to=21512&id=ec9adc86-51d5-4bc8-8eb0-d8ab0bb53dc3&date=2017-05-03T06%3A04%3A45Z&from=%2B254791541111",
                inbound(COURIER_ID, "+254791541111", "21512", "Msg"),
            ),
            (
                "receive valid, space-separated date",
                "linkId=03090445075804249226&text=Msg&to=21512&id=ec9adc86-51d5-4bc8-8eb0-d8ab0bb53dc3&date=2017-05-03+06%3A04%3A45&from=%2B254791541111",
                inbound(COURIER_ID, "+254791541111", "21512", "Msg"),
            ),
            ("receive empty", "empty", malformed("field 'id' required")),
            (
                "receive missing text",
                "linkId=03090445075804249226&to=21512&id=ec9adc86-51d5-4bc8-8eb0-d8ab0bb53dc3&date=2017-05-03T06%3A04%3A45Z&from=%2B254791541111",
                malformed("field 'text' required"),
            ),
            (
                "invalid URN",
                "linkId=03090445075804249226&text=Msg&to=21512&id=ec9adc86-51d5-4bc8-8eb0-d8ab0bb53dc3&date=2017-05-03T06%3A04%3A45Z&from=MTN",
                malformed("not a possible number"),
            ),
            (
                "invalid date",
                "linkId=03090445075804249226&text=Msg&to=21512&id=ec9adc86-51d5-4bc8-8eb0-d8ab0bb53dc3&date=2017-05-03T06%3A04&from=%2B254791541111",
                malformed("invalid date format"),
            ),
        ];
        for (label, body, expected) in cases {
            assert_eq!(&receive_at(URL, body), expected, "{label}");
        }
    }

    #[test]
    fn laravel_inbound_dataset_with_link_id_present_empty_or_absent() {
        let cases: &[(&str, &str)] = &[
            (
                "linkId present",
                "date=2023-04-11+14%3A22%3A05&from=%2B254720123123&id=ATUid_5d3b4c2bc589f4811820a7184eed4df5&linkId=ATUid_5d3b4c2bc589f4811820a7184eed4df5&text=Qui+et+a+id.&to=43210&networkCode=99999",
            ),
            (
                "linkId empty",
                "date=2023-04-11+14%3A22%3A05&from=%2B254720123123&id=ATUid_5d3b4c2bc589f4811820a7184eed4df5&linkId=&text=Qui+et+a+id.&to=43210&networkCode=99999",
            ),
            (
                "linkId absent",
                "date=2023-04-11+14%3A22%3A05&from=%2B254720123123&id=ATUid_5d3b4c2bc589f4811820a7184eed4df5&text=Qui+et+a+id.&to=43210&networkCode=99999",
            ),
        ];
        for (label, body) in cases {
            assert_eq!(receive_at(URL, body), inbound(LARAVEL_ID, "+254720123123", "43210", "Qui et a id."), "{label}");
        }
    }

    #[test]
    fn inbound_edge_cases() {
        let cases: &[(&str, &str, Received)] = &[
            (
                "a + sent unencoded arrives as a space and is put back",
                "id=X1&text=2+maggi&from=+254791541111&to=21512&date=2017-05-03T06%3A04%3A45Z",
                inbound("X1", "+254791541111", "21512", "2 maggi"),
            ),
            (
                "date with milliseconds, as the fetch API writes it",
                "id=X2&text=hi&from=%2B254791541111&to=21512&date=2018-03-19T08%3A34%3A18.445Z",
                inbound("X2", "+254791541111", "21512", "hi"),
            ),
            (
                "no date at all",
                "id=X3&text=hi&from=%2B254791541111&to=21512",
                inbound("X3", "+254791541111", "21512", "hi"),
            ),
            (
                "unknown fields are ignored, Hindi text is kept",
                "id=X4&text=%E0%A4%9A%E0%A5%80%E0%A4%A8%E0%A5%80&from=%2B919812345678&to=21512&cost=KES+1&keyword=x",
                inbound("X4", "+919812345678", "21512", "चीनी"),
            ),
            (
                "an empty text is still a message",
                "id=X5&text=&from=%2B254791541111&to=21512",
                inbound("X5", "+254791541111", "21512", ""),
            ),
            ("missing from", "id=X6&text=hi&to=21512", malformed("field 'from' required")),
            ("blank id", "id=+&text=hi&from=%2B254791541111", malformed("field 'id' required")),
            (
                "a date in another format",
                "id=X7&text=hi&from=%2B254791541111&date=03%2F05%2F2017",
                malformed("invalid date format"),
            ),
        ];
        for (label, body, expected) in cases {
            assert_eq!(&receive_at(URL, body), expected, "{label}");
        }
    }

    #[test]
    fn the_three_date_spellings_read_as_utc() {
        let at = |s| Utc.with_ymd_and_hms(2017, 5, 3, 6, 4, s).unwrap();
        assert_eq!(parse_date("2017-05-03T06:04:45Z"), Some(at(45)));
        assert_eq!(parse_date("2017-05-03 06:04:45"), Some(at(45)));
        let millis = Utc.with_ymd_and_hms(2018, 3, 19, 8, 34, 18).unwrap() + chrono::Duration::milliseconds(445);
        assert_eq!(parse_date("2018-03-19T08:34:18.445Z"), Some(millis));
        assert_eq!(parse_date("2017-05-03T06:04"), None);
        assert_eq!(parse_date("2017-05-03T06:04:45+03:00"), None);
        assert_eq!(parse_date(""), None);
    }

    #[test]
    fn delivery_reports() {
        let report = |status: DeliveryStatus| -> Reported {
            Ok(vec![StatusReport { provider_message_id: DLR_ID.into(), status }])
        };
        let failed =
            |reason: &str, opted_out: bool| report(DeliveryStatus::Failed { reason: reason.into(), opted_out });
        let cases: &[(&str, &str, Reported)] = &[
            // courier
            (
                "courier success",
                "id=ATXid_dda018a640edfcc5d2ce455de3e4a6e7&status=Success",
                report(DeliveryStatus::Delivered),
            ),
            ("courier expired", "id=ATXid_dda018a640edfcc5d2ce455de3e4a6e7&status=Expired", failed("Expired", false)),
            (
                "courier unknown status is reported, not refused",
                "id=ATXid_dda018a640edfcc5d2ce455de3e4a6e7&status=Borked",
                report(DeliveryStatus::Unknown("Borked".into())),
            ),
            (
                "courier status missing",
                "id=ATXid_dda018a640edfcc5d2ce455de3e4a6e7",
                malformed("field 'status' required"),
            ),
            // laravel dataset (the first has no status at all)
            (
                "laravel without status",
                "id=ATXid_dda018a640edfcc5d2ce455de3e4a6e7&phoneNumber=%2B254720123123&retryCount=3",
                malformed("field 'status' required"),
            ),
            (
                "laravel rejected",
                "id=ATXid_dda018a640edfcc5d2ce455de3e4a6e7&phoneNumber=%2B254720123123&retryCount=0&status=Rejected",
                failed("Rejected", false),
            ),
            (
                "laravel failed",
                "id=ATXid_dda018a640edfcc5d2ce455de3e4a6e7&phoneNumber=%2B254720123123&retryCount=5&status=Failed",
                failed("Failed", false),
            ),
            // the documented statuses and failure reasons
            ("sent", "id=ATXid_dda018a640edfcc5d2ce455de3e4a6e7&status=Sent", report(DeliveryStatus::Sent)),
            ("submitted", "id=ATXid_dda018a640edfcc5d2ce455de3e4a6e7&status=Submitted", report(DeliveryStatus::Sent)),
            ("buffered", "id=ATXid_dda018a640edfcc5d2ce455de3e4a6e7&status=Buffered", report(DeliveryStatus::Sent)),
            (
                "failed with a reason",
                "id=ATXid_dda018a640edfcc5d2ce455de3e4a6e7&status=Failed&phoneNumber=%2B254720123123&networkCode=63902&failureReason=DeliveryFailure&retryCount=2",
                failed("DeliveryFailure", false),
            ),
            (
                "rejected because the user blocked us: opted out",
                "id=ATXid_dda018a640edfcc5d2ce455de3e4a6e7&status=Rejected&phoneNumber=%2B254720123123&networkCode=63902&failureReason=UserInBlackList&retryCount=0",
                failed("UserInBlackList", true),
            ),
            (
                "insufficient credit is not an opt-out",
                "id=ATXid_dda018a640edfcc5d2ce455de3e4a6e7&status=Failed&failureReason=InsufficientCredit",
                failed("InsufficientCredit", false),
            ),
            ("missing id", "status=Success", malformed("field 'id' required")),
            (
                "bulk opt-out notification is not a delivery report",
                "senderId=COMPANY&phoneNumber=%2B254720123123",
                malformed("field 'id' required"),
            ),
        ];
        for (label, body, expected) in cases {
            assert_eq!(&status_at(STATUS_URL, body), expected, "{label}");
        }
    }

    #[test]
    fn the_path_token_guards_both_callbacks() {
        let body = "id=X1&text=hi&from=%2B254791541111";
        let base = "https://mandi.example.com/sms/africastalking";
        let cases: &[(&str, String, Option<WebhookError>)] = &[
            ("no query", base.to_owned(), Some(WebhookError::MissingSignature)),
            ("other parameters only", format!("{base}?foo=bar"), Some(WebhookError::MissingSignature)),
            ("wrong token", format!("{base}?token=t0kem"), Some(WebhookError::BadSignature)),
            ("empty token", format!("{base}?token="), Some(WebhookError::BadSignature)),
            ("prefix of the token", format!("{base}?token=t0k"), Some(WebhookError::BadSignature)),
            ("token with a suffix", format!("{base}?token=t0ken1"), Some(WebhookError::BadSignature)),
            ("differently cased name", format!("{base}?Token=t0ken"), Some(WebhookError::MissingSignature)),
            ("right token", format!("{base}?token=t0ken"), None),
            ("right token among others", format!("{base}?a=1&token=t0ken&b=2"), None),
            ("right token, percent-encoded", format!("{base}?token=%74%30ken"), None),
            ("right token before a fragment", format!("{base}?token=t0ken#x"), None),
        ];
        for (label, url, expected) in cases {
            assert_eq!(receive_at(url, body).err(), *expected, "receive: {label}");
            let dlr = "id=ATXid_1&status=Success";
            assert_eq!(status_at(url, dlr).err(), *expected, "status: {label}");
        }
        // The token is checked before the body is read.
        assert_eq!(receive_at(base, "empty"), Err(WebhookError::MissingSignature));
    }

    #[test]
    fn an_empty_configured_token_accepts_nothing() {
        let mut at = channel();
        at.token = UrlToken::new("");
        let headers = HeaderMap::new();
        let body = b"id=X1&text=hi&from=%2B254791541111";
        let request = |url| WebhookRequest { public_url: url, headers: &headers, body, now: 0 };
        assert_eq!(
            at.receive(&request("https://m.example/sms/africastalking?token=")),
            Err(WebhookError::BadSignature)
        );
        assert_eq!(
            at.receive(&request("https://m.example/sms/africastalking?token=x")),
            Err(WebhookError::BadSignature)
        );
        let empty = AfricasTalking::new(
            AfricasTalkingSettings {
                username: "u".into(),
                api_key: SecretString::from("k"),
                from: None,
                base_url: "http://localhost".into(),
                path_token: SecretString::from(""),
            },
            Duration::from_secs(1),
        )
        .unwrap();
        assert!(!empty.token.is_set());
    }

    #[tokio::test]
    async fn acknowledges_with_an_empty_200() {
        let response = channel().acknowledge();
        assert_eq!(response.status(), StatusCode::OK);
        let body = axum::body::to_bytes(response.into_body(), 1024).await.unwrap();
        assert!(body.is_empty());
        assert!(channel().can_send());
        assert_eq!(channel().name(), "africastalking");
    }

    fn sent(id: &str) -> Result<SendReceipt, SendError> {
        Ok(SendReceipt { provider_message_id: Some(id.into()) })
    }

    fn recipient(code: u16, status: &str) -> String {
        format!(
            r#"{{"SMSMessageData":{{"Message":"Sent to 0/1","Recipients":[{{"statusCode":{code},"number":"+254711000111","status":"{status}","cost":"0","messageId":"None"}}]}}}}"#
        )
    }

    #[test]
    fn send_answers_are_read_by_the_table() {
        use reqwest::StatusCode as S;
        let with_sender = r#"{"SMSMessageData":{"Message":"Sent to 1/1 Total Cost: USD 0.0079 Message parts: 1","Recipients":[{"cost":"KES 0.8000","messageId":"ATXid_a9aece16db3a68dfbd50003ae524d4fa","number":"+254700072929","status":"Success","statusCode":102}]}}"#;
        assert_eq!(interpret(S::CREATED, None, with_sender), sent("ATXid_a9aece16db3a68dfbd50003ae524d4fa"));
        let courier_ok = r#"{ "SMSMessageData": {"Recipients": [{"status": "Success", "messageId": "1002"}] } }"#;
        assert_eq!(interpret(S::OK, None, courier_ok), sent("1002"));
        let code_as_text =
            r#"{"SMSMessageData":{"Recipients":[{"statusCode":"101","status":"Sent","messageId":"ATXid_1"}]}}"#;
        assert_eq!(interpret(S::CREATED, None, code_as_text), sent("ATXid_1"));

        for code in [402, 403, 404, 406, 409, 499] {
            let outcome = interpret(S::CREATED, None, &recipient(code, "Whatever"));
            assert!(
                matches!(&outcome, Err(SendError::Permanent { reason }) if reason.contains(&code.to_string())),
                "{code}: {outcome:?}"
            );
        }
        for code in [401, 405, 407, 500, 501, 502] {
            let outcome = interpret(S::CREATED, None, &recipient(code, "Whatever"));
            assert!(matches!(&outcome, Err(SendError::Retry { retry_after: None, .. })), "{code}: {outcome:?}");
        }
        let invalid_sender = r#"{"SMSMessageData":{"Message":"InvalidSenderId","Recipients":[]}}"#;
        assert_eq!(
            interpret(S::CREATED, None, invalid_sender),
            Err(SendError::Permanent { reason: "Africa's Talking accepted no recipient: InvalidSenderId".into() })
        );
        let courier_failed = r#"{ "SMSMessageData": {"Recipients": [{"status": "Failed" }] } }"#;
        assert_eq!(
            interpret(S::OK, None, courier_failed),
            Err(SendError::Permanent { reason: "Africa's Talking recipient status Failed".into() })
        );
        assert!(matches!(interpret(S::CREATED, None, "<xml/>"), Err(SendError::Permanent { .. })));
        assert_eq!(
            interpret(S::UNAUTHORIZED, None, "The supplied authentication is invalid"),
            Err(SendError::Permanent {
                reason: "Africa's Talking refused the credentials (401 Unauthorized): The supplied authentication is invalid"
                    .into()
            })
        );
        assert_eq!(
            interpret(S::TOO_MANY_REQUESTS, Some(Duration::from_secs(7)), ""),
            Err(SendError::Retry {
                reason: "Africa's Talking 429 Too Many Requests: empty body".into(),
                retry_after: Some(Duration::from_secs(7))
            })
        );
        assert!(matches!(interpret(S::INTERNAL_SERVER_ERROR, None, "oops"), Err(SendError::Retry { .. })));
        assert!(matches!(interpret(S::BAD_GATEWAY, None, ""), Err(SendError::Retry { .. })));
        assert!(matches!(interpret(S::BAD_REQUEST, None, "bad"), Err(SendError::Permanent { .. })));
    }

    #[test]
    fn reasons_never_carry_the_api_key() {
        let at = channel();
        assert_eq!(at.redact("echoed KEY back".into()), "echoed [redacted] back");
        assert_eq!(at.redact("nothing secret".into()), "nothing secret");
        let long = "x".repeat(500);
        assert_eq!(body_excerpt(&long).chars().count(), MAX_REASON_BODY + 1);
        assert_eq!(body_excerpt(" a\n b "), "a b");
    }

    #[test]
    fn numbers_get_their_plus_back() {
        assert_eq!(normalise_number(" 254791541111"), "+254791541111");
        assert_eq!(normalise_number("+254791541111"), "+254791541111");
        assert_eq!(normalise_number("21512"), "21512");
        assert_eq!(normalise_number(" MTN"), "MTN");
        assert_eq!(normalise_number(""), "");
    }
}
