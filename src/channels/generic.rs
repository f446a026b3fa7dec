//! The generic JSON channel, for aggregators and in-house systems: `POST /sms/generic` with
//! `{"id","from","to","text"}` and `X-Mandi-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
//! Several `v1=` values may be given (while a secret is rotated); one valid is enough.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse as _, Response};
use futures::future::BoxFuture;
use hmac::{Hmac, KeyInit as _, Mac as _};
use secrecy::{ExposeSecret as _, SecretString};
use sha2::Sha256;

use super::{Channel, InboundSms, OutboundSms, SendError, SendReceipt, WebhookError, WebhookRequest};

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
}

#[derive(serde::Deserialize)]
struct Payload {
    id: serde_json::Value,
    from: String,
    #[serde(default)]
    to: String,
    text: String,
}

impl Generic {
    pub fn new(secret: SecretString) -> Self {
        Self { secret }
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
        let header = super::header(request.headers, SIGNATURE_HEADER).ok_or(WebhookError::MissingSignature)?;
        verify(self.secret.expose_secret().as_bytes(), header, request.body, request.now)?;
        let payload: Payload = serde_json::from_slice(request.body)
            .map_err(|e| WebhookError::Malformed(format!("invalid JSON payload: {e}")))?;
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
        false
    }

    fn send<'a>(&'a self, _message: &'a OutboundSms) -> BoxFuture<'a, Result<SendReceipt, SendError>> {
        Box::pin(async { Err(SendError::Permanent { reason: "the generic channel only receives".into() }) })
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
