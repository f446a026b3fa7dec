//! The console channel: prints outbound messages to the terminal and records them, so the demo and the tests see
//! exactly what would be sent. It receives from the demo's terminal and from `mandi simulate`, never over HTTP.

use std::collections::VecDeque;
use std::io::Write as _;
use std::sync::Mutex;

use axum::http::StatusCode;
use axum::response::{IntoResponse as _, Response};
use futures::future::BoxFuture;

use super::{Channel, InboundSms, OutboundSms, SendError, SendReceipt, WebhookError, WebhookRequest};
use crate::sms;

pub const NAME: &str = "console";

/// Where sent messages go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// Print each message to standard output.
    Stdout,
    /// Only record (tests).
    Quiet,
}

/// A message the console "sent".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Printed {
    pub id: i64,
    pub recipient: String,
    pub body: String,
}

pub struct Console {
    output: Output,
    sent: Mutex<VecDeque<Printed>>,
}

/// How many sent messages the console remembers.
const KEEP: usize = 1000;

impl Console {
    pub fn new(output: Output) -> Self {
        Self { output, sent: Mutex::new(VecDeque::new()) }
    }

    /// The messages sent most recently (up to a thousand), oldest first.
    pub fn sent(&self) -> Vec<Printed> {
        self.sent.lock().map(|v| v.iter().cloned().collect()).unwrap_or_default()
    }

    /// How an SMS looks on the terminal.
    pub fn format(recipient: &str, body: &str) -> String {
        let cost = sms::cost(body);
        let segments = if cost.segments == 1 { "1 SMS".to_owned() } else { format!("{} SMS", cost.segments) };
        let indented = body.replace('\n', "\n    ");
        format!("── SMS to {recipient} ({}, {segments}) ──\n    {indented}", cost.encoding.as_str())
    }
}

impl Channel for Console {
    fn name(&self) -> &'static str {
        NAME
    }

    fn receive(&self, _request: &WebhookRequest<'_>) -> Result<Vec<InboundSms>, WebhookError> {
        Err(WebhookError::NotReceiving)
    }

    fn acknowledge(&self) -> Response {
        StatusCode::OK.into_response()
    }

    fn can_send(&self) -> bool {
        true
    }

    fn send<'a>(&'a self, message: &'a OutboundSms) -> BoxFuture<'a, Result<SendReceipt, SendError>> {
        Box::pin(async move {
            if self.output == Output::Stdout {
                let mut out = std::io::stdout().lock();
                // A closed terminal must not fail the send: the message is recorded either way.
                let _ = writeln!(out, "{}", Self::format(&message.recipient, &message.body));
            }
            if let Ok(mut sent) = self.sent.lock() {
                if sent.len() == KEEP {
                    sent.pop_front();
                }
                sent.push_back(Printed {
                    id: message.id,
                    recipient: message.recipient.clone(),
                    body: message.body.clone(),
                });
            }
            Ok(SendReceipt { provider_message_id: Some(format!("console-{}", message.id)) })
        })
    }
}
