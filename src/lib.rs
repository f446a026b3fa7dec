//! Mandi: an SMS/USSD ordering gateway for kirana shops and their wholesalers.
//!
//! The path of one message: a channel adapter verifies and decodes a provider's webhook ([`channels`]), the inbound
//! log stores it before anything else ([`inbound`]), the conversation decides what it means ([`conversation`]),
//! orders change state ([`orders`]) and every reply leaves through the outbox ([`outbox`]).

pub mod app;
pub mod catalog;
pub mod channels;
pub mod cli;
pub mod config;
pub mod contacts;
pub mod conversation;
pub mod db;
pub mod domain;
pub mod grammar;
pub mod http;
pub mod i18n;
pub mod inbound;
pub mod orders;
pub mod outbox;
pub mod redis_store;
pub mod sms;
pub mod telemetry;
pub mod text;
pub mod ussd;

/// Data files compiled into the binary (see `build.rs`).
pub mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_data.rs"));
}
