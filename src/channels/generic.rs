//! The generic JSON channel, for aggregators and in-house systems: `POST /sms/generic` with
//! `{"id","from","to","text"}` and `X-Mandi-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
//! Several `v1=` values may be given (while a secret is rotated); one valid is enough.
//!
//! With `MANDI_GENERIC_SEND_URL` it also sends: `POST <url>` with `{"id","to","text","dlt_template_id",
//! "sender_header"}` signed the same way, answered by 2xx `{"id": "<their message id>"}`; 429 and 5xx are retried
//! (429 after `Retry-After`), other 4xx are permanent. Delivery reports come back to `POST /status/generic` as
//! `{"id": "<their message id>", "status": "sent|delivered|failed", "reason": "…", "opted_out": false}`, signed.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse as _, Response};
use futures::future::BoxFuture;
use hmac::{Hmac, KeyInit as _, Mac as _};
use secrecy::{ExposeSecret as _, SecretString};
use sha2::Sha256;

use super::{
    Channel, DeliveryStatus, InboundSms, OutboundSms, SendError, SendReceipt, StatusReport, UssdRequest, WebhookError,
    WebhookRequest,
};

pub const NAME: &str = "generic";
pub const SIGNATURE_HEADER: &str = "x-mandi-signature";
/// How far a request's timestamp may be from our clock, either way.
pub const TOLERANCE_SECS: i64 = 300;

/// Longest accepted fields: a provider id, a phone number or sender id, and a (concatenated) message.
const MAX_ID: usize = 200;
const MAX_ADDRESS: usize = 64;
const MAX_TEXT: usize = 4000;

pub struct Generic {
    secret: SecretString,
    sender: Option<(String, reqwest::Client)>,
}

#[derive(serde::Deserialize)]
struct StatusPayload {
    id: serde_json::Value,
    status: String,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    opted_out: bool,
}

#[derive(serde::Deserialize)]
struct Payload {
    id: serde_json::Value,
    from: String,
    #[serde(default)]
    to: String,
    text: String,
}

/// A USSD callback on the generic channel: the Africa's Talking fields as signed JSON.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct UssdPayload {
    session_id: String,
    #[serde(default)]
    service_code: String,
    phone_number: String,
    #[serde(default)]
    text: String,
}

impl Generic {
    pub fn new(secret: SecretString) -> Self {
        Self { secret, sender: None }
    }

    /// Sends outbound messages to `url` as signed JSON.
    pub fn sending_to(mut self, url: String, send_timeout: std::time::Duration) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder()
            .timeout(send_timeout)
            .connect_timeout(std::time::Duration::from_secs(5))
            .build()?;
        self.sender = Some((url, http));
        Ok(self)
    }

    fn verified<'b>(&self, request: &WebhookRequest<'b>) -> Result<&'b [u8], WebhookError> {
        let header = super::header(request.headers, SIGNATURE_HEADER).ok_or(WebhookError::MissingSignature)?;
        verify(self.secret.expose_secret().as_bytes(), header, request.body, request.now)?;
        Ok(request.body)
    }

    /// The header value a sender computes for `body` at time `t` (also used by the load generator and tests).
    pub fn sign(secret: &[u8], t: i64, body: &[u8]) -> String {
        format!("t={t},v1={}", hex::encode(mac(secret, t, body).finalize().into_bytes()))
    }
}

fn mac(secret: &[u8], t: i64, body: &[u8]) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC accepts any key length");
    mac.update(t.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

/// Checks the signature header for `body`, with the timestamp within [`TOLERANCE_SECS`] of `now`.
pub fn verify(secret: &[u8], header: &str, body: &[u8], now: i64) -> Result<(), WebhookError> {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => timestamp = v.trim().parse::<i64>().ok(),
            Some(("v1", v)) => signatures.push(v.trim()),
            _ => {}
        }
    }
    let t = timestamp.ok_or(WebhookError::BadSignature)?;
    if signatures.is_empty() {
        return Err(WebhookError::BadSignature);
    }
    let valid = signatures
        .iter()
        .filter_map(|s| hex::decode(s).ok())
        .any(|expected| mac(secret, t, body).verify_slice(&expected).is_ok());
    if !valid {
        return Err(WebhookError::BadSignature);
    }
    // Only a correctly signed timestamp is worth judging: a forged one is simply a bad signature.
    if (now - t).abs() > TOLERANCE_SECS {
        return Err(WebhookError::Stale);
    }
    Ok(())
}

impl Channel for Generic {
    fn name(&self) -> &'static str {
        NAME
    }

    fn receive(&self, request: &WebhookRequest<'_>) -> Result<Vec<InboundSms>, WebhookError> {
        let body = self.verified(request)?;
        let payload: Payload =
            serde_json::from_slice(body).map_err(|e| WebhookError::Malformed(format!("invalid JSON payload: {e}")))?;
        let id = match payload.id {
            serde_json::Value::String(s) => s,
            serde_json::Value::Number(n) => n.to_string(),
            _ => return Err(WebhookError::Malformed("field 'id' must be a string or a number".into())),
        };
        let check = |name: &str, value: &str, max: usize, required: bool| {
            if required && value.trim().is_empty() {
                Err(WebhookError::Malformed(format!("field '{name}' must not be empty")))
            } else if value.chars().count() > max {
                Err(WebhookError::Malformed(format!("field '{name}' is longer than {max} characters")))
            } else {
                Ok(())
            }
        };
        check("id", &id, MAX_ID, true)?;
        check("from", &payload.from, MAX_ADDRESS, true)?;
        check("to", &payload.to, MAX_ADDRESS, false)?;
        check("text", &payload.text, MAX_TEXT, false)?;
        Ok(vec![InboundSms {
            provider_message_id: id,
            sender: payload.from.trim().to_owned(),
            recipient: payload.to.trim().to_owned(),
            text: payload.text,
        }])
    }

    fn acknowledge(&self) -> Response {
        (StatusCode::OK, Json(serde_json::json!({"status": "received"}))).into_response()
    }

    fn can_send(&self) -> bool {
        self.sender.is_some()
    }

    fn send<'a>(&'a self, message: &'a OutboundSms) -> BoxFuture<'a, Result<SendReceipt, SendError>> {
        Box::pin(async move {
            let Some((url, http)) = &self.sender else {
                return Err(SendError::Permanent {
                    reason: "the generic channel has no MANDI_GENERIC_SEND_URL".into(),
                });
            };
            let body = serde_json::to_vec(&serde_json::json!({
                "id": message.id.to_string(),
                "to": message.recipient,
                "text": message.body,
                "dlt_template_id": message.dlt_template_id,
                "sender_header": message.sender_header,
            }))
            .map_err(|e| SendError::Permanent { reason: format!("cannot encode the message: {e}") })?;
            let now =
                std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
            let signature = Self::sign(self.secret.expose_secret().as_bytes(), now, &body);
            let response = http
                .post(url)
                .header("content-type", "application/json")
                .header(SIGNATURE_HEADER, signature)
                .body(body)
                .send()
                .await
                .map_err(|e| SendError::Retry {
                    reason: if e.is_timeout() {
                        "the generic endpoint did not answer in time".into()
                    } else {
                        "cannot reach the generic endpoint".into()
                    },
                    retry_after: None,
                })?;
            let status = response.status();
            let wait = super::retry_after(response.headers());
            let answer: serde_json::Value = response.json().await.unwrap_or(serde_json::Value::Null);
            if status.is_success() {
                let id = match answer.get("id") {
                    Some(serde_json::Value::String(s)) => Some(s.clone()),
                    Some(serde_json::Value::Number(n)) => Some(n.to_string()),
                    _ => None,
                };
                return Ok(SendReceipt { provider_message_id: id });
            }
            let reason = format!("generic endpoint answered {status}");
            Err(match status.as_u16() {
                429 | 500..=599 | 408 => SendError::Retry { reason, retry_after: wait },
                _ => SendError::Permanent { reason },
            })
        })
    }

    /// `{"sessionId", "serviceCode", "phoneNumber", "text"}`, signed like inbound messages.
    fn ussd(&self, request: &WebhookRequest<'_>) -> Result<UssdRequest, WebhookError> {
        let body = self.verified(request)?;
        let payload: UssdPayload =
            serde_json::from_slice(body).map_err(|e| WebhookError::Malformed(format!("invalid JSON payload: {e}")))?;
        if payload.session_id.trim().is_empty() {
            return Err(WebhookError::Malformed("field 'sessionId' must not be empty".into()));
        }
        UssdRequest {
            session_id: payload.session_id.trim().to_owned(),
            service_code: payload.service_code.trim().to_owned(),
            phone: payload.phone_number.trim().to_owned(),
            text: payload.text.trim().to_owned(),
        }
        .checked()
    }

    fn status(&self, request: &WebhookRequest<'_>) -> Result<Vec<StatusReport>, WebhookError> {
        let body = self.verified(request)?;
        let payload: StatusPayload =
            serde_json::from_slice(body).map_err(|e| WebhookError::Malformed(format!("invalid JSON payload: {e}")))?;
        let id = match payload.id {
            serde_json::Value::String(s) if !s.is_empty() => s,
            serde_json::Value::Number(n) => n.to_string(),
            _ => return Err(WebhookError::Malformed("field 'id' must be a string or a number".into())),
        };
        let status = match payload.status.as_str() {
            "sent" => DeliveryStatus::Sent,
            "delivered" => DeliveryStatus::Delivered,
            "failed" => DeliveryStatus::Failed {
                reason: payload.reason.unwrap_or_else(|| "failed".into()),
                opted_out: payload.opted_out,
            },
            other => DeliveryStatus::Unknown(other.to_owned()),
        };
        Ok(vec![StatusReport { provider_message_id: id, status }])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_round_trip_and_expire() {
        let body = br#"{"id":"1","from":"+919876543210","to":"","text":"2 maggi"}"#;
        let header = Generic::sign(b"s3cret", 1_700_000_000, body);
        assert_eq!(verify(b"s3cret", &header, body, 1_700_000_000), Ok(()));
        assert_eq!(verify(b"s3cret", &header, body, 1_700_000_000 + 299), Ok(()));
        assert_eq!(verify(b"s3cret", &header, body, 1_700_000_000 + 301), Err(WebhookError::Stale));
        assert_eq!(verify(b"s3cret", &header, body, 1_700_000_000 - 301), Err(WebhookError::Stale));
        assert_eq!(verify(b"other", &header, body, 1_700_000_000), Err(WebhookError::BadSignature));
        assert_eq!(verify(b"s3cret", &header, b"{}", 1_700_000_000), Err(WebhookError::BadSignature));
        assert_eq!(verify(b"s3cret", "t=1700000000", body, 1_700_000_000), Err(WebhookError::BadSignature));
        assert_eq!(verify(b"s3cret", "garbage", body, 1_700_000_000), Err(WebhookError::BadSignature));
    }

    #[test]
    fn a_rotated_secret_still_verifies() {
        let body = b"{}";
        let new = Generic::sign(b"new", 100, body);
        let old_v1 = Generic::sign(b"old", 100, body).split_once(",v1=").unwrap().1.to_owned();
        let both = format!("{new},v1={old_v1}");
        assert_eq!(verify(b"old", &both, body, 100), Ok(()));
        assert_eq!(verify(b"new", &both, body, 100), Ok(()));
    }
}
