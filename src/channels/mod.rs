//! Channel adapters: one module per provider behind one trait, registered explicitly at start-up when configured.
//!
//! An adapter verifies a provider's webhook and decodes it into [`InboundSms`], knows the response the provider
//! expects, and sends outbound messages, saying whether a failure is worth retrying.

pub mod africastalking;
pub mod console;
pub mod generic;
pub mod msg91;
pub mod plivo;
pub mod textlocal;
pub mod twilio;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use axum::http::HeaderMap;
use axum::response::Response;
use futures::future::BoxFuture;

/// A webhook request as an adapter sees it: the exact public URL the provider called, headers and raw body.
#[derive(Debug)]
pub struct WebhookRequest<'a> {
    /// `MANDI_PUBLIC_URL` + path + query string.
    pub public_url: &'a str,
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
    /// Unix seconds, for replay windows.
    pub now: i64,
}

/// An inbound message decoded from a provider's payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboundSms {
    pub provider_message_id: String,
    /// The sender as the provider gave it (usually E.164; may be a short code or a sender id).
    pub sender: String,
    pub recipient: String,
    pub text: String,
}

/// Why a webhook was refused. Each maps to the status a provider understands.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookError {
    #[error("missing request signature")]
    MissingSignature,
    #[error("invalid request signature")]
    BadSignature,
    #[error("request timestamp is outside the 5 minute window (replay?)")]
    Stale,
    #[error("{0}")]
    Malformed(String),
    #[error("this channel does not receive messages over HTTP")]
    NotReceiving,
}

/// A message to hand to a provider.
#[derive(Debug, Clone)]
pub struct OutboundSms {
    pub id: i64,
    pub recipient: String,
    pub body: String,
    pub kind: String,
    /// India's DLT: the registered template id and sender header, for providers that take them.
    pub dlt_template_id: Option<String>,
    pub sender_header: Option<String>,
}

/// What a provider said when it took a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendReceipt {
    pub provider_message_id: Option<String>,
}

/// Why a send failed, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// A timeout, a 5xx, a network error: try again later.
    #[error("temporary failure: {reason}")]
    Retry { reason: String, retry_after: Option<Duration> },
    /// The provider will never take this message (invalid number, opted out): do not retry.
    #[error("permanent failure: {reason}")]
    Permanent { reason: String },
}

/// Where a sent message stands, as a provider's delivery report says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeliveryStatus {
    /// Accepted or passed on by the provider, not yet on the handset.
    Sent,
    Delivered,
    /// The provider or the network gave up; `opted_out` when the recipient blocked us (treat as STOP).
    Failed {
        reason: String,
        opted_out: bool,
    },
    /// A status this adapter does not know: logged, never fatal.
    Unknown(String),
}

/// One USSD callback (the Africa's Talking shape, which Indian USSD aggregators resemble): the provider's session,
/// the code the caller dialled, the caller, and every input of the session so far joined by `*`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UssdRequest {
    pub session_id: String,
    pub service_code: String,
    pub phone: String,
    /// Empty on the first request of a session.
    pub text: String,
}

/// Longest USSD session id and input history accepted.
pub const MAX_USSD_SESSION_ID: usize = 128;
pub const MAX_USSD_TEXT: usize = 2000;

impl UssdRequest {
    /// Checks the lengths every adapter must enforce.
    pub fn checked(self) -> Result<Self, WebhookError> {
        if self.session_id.chars().count() > MAX_USSD_SESSION_ID {
            return Err(WebhookError::Malformed(format!("field 'sessionId' is longer than {MAX_USSD_SESSION_ID}")));
        }
        if self.text.chars().count() > MAX_USSD_TEXT {
            return Err(WebhookError::Malformed(format!("field 'text' is longer than {MAX_USSD_TEXT}")));
        }
        if !self.phone.bytes().any(|b| b.is_ascii_digit()) {
            return Err(WebhookError::Malformed("field 'phoneNumber' is not a possible number".into()));
        }
        Ok(self)
    }
}

/// One delivery report decoded from a provider's status callback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusReport {
    /// The id the provider gave when it took the message.
    pub provider_message_id: String,
    pub status: DeliveryStatus,
}

/// One provider.
pub trait Channel: Send + Sync {
    /// The name in URLs and in the database (`twilio`, `generic`, `console`).
    fn name(&self) -> &'static str;

    /// Verifies and decodes an inbound webhook.
    fn receive(&self, request: &WebhookRequest<'_>) -> Result<Vec<InboundSms>, WebhookError>;

    /// The response the provider expects once the message is safely stored.
    fn acknowledge(&self) -> Response;

    /// Whether this channel can send messages.
    fn can_send(&self) -> bool;

    /// Hands one message to the provider.
    fn send<'a>(&'a self, message: &'a OutboundSms) -> BoxFuture<'a, Result<SendReceipt, SendError>>;

    /// Verifies and decodes a delivery report posted to `/status/{channel}`.
    fn status(&self, _request: &WebhookRequest<'_>) -> Result<Vec<StatusReport>, WebhookError> {
        Err(WebhookError::NotReceiving)
    }

    /// Verifies and decodes a USSD callback posted to `/ussd/{channel}`.
    fn ussd(&self, _request: &WebhookRequest<'_>) -> Result<UssdRequest, WebhookError> {
        Err(WebhookError::NotReceiving)
    }
}

/// The channels enabled in this process.
#[derive(Clone)]
pub struct Registry {
    channels: BTreeMap<&'static str, Arc<dyn Channel>>,
    default_sender: &'static str,
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registry")
            .field("channels", &self.channels.keys().collect::<Vec<_>>())
            .field("default_sender", &self.default_sender)
            .finish()
    }
}

impl Registry {
    /// A registry with the console channel only.
    pub fn new(console: Arc<console::Console>) -> Self {
        let mut channels: BTreeMap<&'static str, Arc<dyn Channel>> = BTreeMap::new();
        channels.insert(console::NAME, console);
        Self { channels, default_sender: console::NAME }
    }

    pub fn register(&mut self, channel: Arc<dyn Channel>) {
        self.channels.insert(channel.name(), channel);
    }

    /// Sets the channel for messages that are not replies on the channel they came in on.
    pub fn set_default_sender(&mut self, name: &str) -> Result<(), String> {
        match self.channels.get_key_value(name) {
            Some((key, channel)) if channel.can_send() => {
                self.default_sender = key;
                Ok(())
            }
            Some(_) => Err(format!("channel '{name}' cannot send messages")),
            None => Err(format!("channel '{name}' is not enabled (enabled: {})", self.names().join(", "))),
        }
    }

    pub fn get(&self, name: &str) -> Option<&Arc<dyn Channel>> {
        self.channels.get(name)
    }

    pub fn names(&self) -> Vec<&'static str> {
        self.channels.keys().copied().collect()
    }

    pub fn default_sender(&self) -> &'static str {
        self.default_sender
    }

    /// The channel a reply to a message received on `inbound_channel` goes out on: the same one when it can send,
    /// else the default sender.
    pub fn reply_channel(&self, inbound_channel: &str) -> &'static str {
        match self.channels.get_key_value(inbound_channel) {
            Some((name, channel)) if channel.can_send() => name,
            _ => self.default_sender,
        }
    }
}

/// The query parameter that carries the webhook secret of providers that do not sign (`?token=…`).
pub const TOKEN_PARAM: &str = "token";

/// The secret that providers which do not sign their webhooks (Africa's Talking, MSG91, Textlocal) carry in the
/// callback URL's query. Kept and compared as HMAC tags, so the check takes the same time whatever the token's content
/// or length; an empty configured secret matches nothing.
pub struct UrlToken {
    tag: Option<Vec<u8>>,
}

impl UrlToken {
    const KEY: &'static [u8] = b"mandi/channels/url-token";

    pub fn new(secret: &str) -> Self {
        use hmac::Mac as _;
        Self { tag: (!secret.is_empty()).then(|| Self::mac(secret.as_bytes()).finalize().into_bytes().to_vec()) }
    }

    fn mac(token: &[u8]) -> hmac::Hmac<sha2::Sha256> {
        use hmac::{KeyInit as _, Mac as _};
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(Self::KEY).expect("HMAC accepts any key length");
        mac.update(token);
        mac
    }

    /// Whether a secret is configured at all.
    pub fn is_set(&self) -> bool {
        self.tag.is_some()
    }

    /// Checks the `token` query parameter of the URL the provider called: absent → missing, wrong → bad.
    pub fn check(&self, public_url: &str) -> Result<(), WebhookError> {
        use hmac::Mac as _;
        let presented = query_param(public_url, TOKEN_PARAM).ok_or(WebhookError::MissingSignature)?;
        let expected = self.tag.as_deref().ok_or(WebhookError::BadSignature)?;
        Self::mac(presented.as_bytes()).verify_slice(expected).map_err(|_| WebhookError::BadSignature)
    }
}

/// The first value of a query parameter of `url`, percent-decoded.
pub fn query_param(url: &str, name: &str) -> Option<String> {
    let (_, query) = url.split_once('?')?;
    let query = query.split_once('#').map_or(query, |(q, _)| q);
    form_urlencoded::parse(query.as_bytes()).find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
}

/// Helper for adapters: `text` (a reason bound for logs or the database) with every occurrence of `secret` replaced.
pub fn redact(text: String, secret: &str) -> String {
    if secret.is_empty() || !text.contains(secret) { text } else { text.replace(secret, "[redacted]") }
}

/// Helper for adapters: a header's value as text.
pub fn header<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// Classifies an HTTP status from a provider's send API.
pub fn classify_status(status: reqwest::StatusCode, retry_after: Option<Duration>, reason: String) -> SendError {
    if status.as_u16() == 429 || status.is_server_error() || status.as_u16() == 408 {
        SendError::Retry { reason, retry_after }
    } else if status.as_u16() == 401 || status.as_u16() == 403 {
        // Credentials are the operator's to fix; keep the message until they do (it still fails after max attempts).
        SendError::Retry { reason: format!("{reason} (check the channel's credentials)"), retry_after: None }
    } else {
        SendError::Permanent { reason }
    }
}

/// Reads a `Retry-After` header given in seconds.
pub fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    headers
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs)
}
