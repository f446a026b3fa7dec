//! Integration tests: the real gateway over HTTP against real Postgres and Redis, providers mocked on loopback.

mod abuse;
mod africastalking;
mod cli;
mod cli_contacts;
mod cli_inbox;
mod cli_orders;
mod delivery;
mod faults;
mod flow;
mod fuzz_http;
mod helpers;
mod lifecycle;
mod msg91;
mod outbox;
mod plivo;
mod providers;
mod replies;
mod textlocal;
mod ussd;
mod webhooks;
