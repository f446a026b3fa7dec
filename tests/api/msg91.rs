//! The MSG91 adapter's send against a real HTTP mock on loopback: the request MSG91 gets, and what each of MSG91's
//! answers means for the outbox.

use std::time::Duration;

use mandi::channels::msg91::{Msg91, Msg91Settings};
use mandi::channels::{Channel as _, OutboundSms, SendError, SendReceipt};
use secrecy::SecretString;
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const AUTH_KEY: &str = "msg91-secret-auth-key";
const SEND_PATH: &str = "/api/v2/sendsms";
const SENDER: &str = "MANDII";
const RECIPIENT: &str = "+919812345678";
const HINDI: &str = "2 किलो चीनी भेजो";
const TEMPLATE_ID: &str = "1107160000000012345";
const REQUEST_ID: &str = "3763646c6e43393831353434";

fn msg91(server: &MockServer) -> Msg91 {
    let settings = Msg91Settings {
        auth_key: SecretString::from(AUTH_KEY),
        sender: SENDER.into(),
        route: "4".into(),
        base_url: server.uri(),
        webhook_token: SecretString::from("t0ken"),
    };
    Msg91::new(settings, Duration::from_secs(5)).unwrap()
}

fn message(body: &str, dlt_template_id: Option<&str>, sender_header: Option<&str>) -> OutboundSms {
    OutboundSms {
        id: 7,
        recipient: RECIPIENT.into(),
        body: body.into(),
        kind: "reply".into(),
        dlt_template_id: dlt_template_id.map(str::to_owned),
        sender_header: sender_header.map(str::to_owned),
    }
}

fn success() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"type": "success", "message": REQUEST_ID}))
}

/// Answers `response` to a send whatever its body, once.
async fn answer(server: &MockServer, response: ResponseTemplate) {
    Mock::given(method("POST")).and(path(SEND_PATH)).respond_with(response).expect(1).mount(server).await;
}

#[tokio::test]
async fn a_hindi_message_goes_out_as_unicode_with_its_dlt_template_and_header() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(SEND_PATH))
        .and(header("authkey", AUTH_KEY))
        .and(body_json(json!({
            "sender": "KIRANA",
            "route": "4",
            "country": "91",
            "unicode": 1,
            "sms": [{"message": HINDI, "to": ["919812345678"]}],
            "DLT_TE_ID": TEMPLATE_ID,
        })))
        .respond_with(success())
        .expect(1)
        .mount(&server)
        .await;
    let receipt = msg91(&server).send(&message(HINDI, Some(TEMPLATE_ID), Some("KIRANA"))).await.unwrap();
    assert_eq!(receipt, SendReceipt { provider_message_id: Some(REQUEST_ID.into()) });
}

#[tokio::test]
async fn a_latin_message_without_template_uses_the_channel_sender_and_gsm7() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(SEND_PATH))
        .and(header("authkey", AUTH_KEY))
        .and(body_json(json!({
            "sender": SENDER,
            "route": "4",
            "country": "91",
            "unicode": 0,
            "sms": [{"message": "Order 42 placed", "to": ["919812345678"]}],
        })))
        .respond_with(success())
        .expect(1)
        .mount(&server)
        .await;
    let receipt = msg91(&server).send(&message("Order 42 placed", None, None)).await.unwrap();
    assert_eq!(receipt.provider_message_id.as_deref(), Some(REQUEST_ID));
}

#[tokio::test]
async fn an_error_answer_is_permanent() {
    let server = MockServer::start().await;
    answer(
        &server,
        ResponseTemplate::new(200).set_body_json(json!({"type": "error", "message": "Invalid mobile number"})),
    )
    .await;
    let err = msg91(&server).send(&message("hi", None, None)).await.unwrap_err();
    let SendError::Permanent { reason } = err else { panic!("expected Permanent, got {err:?}") };
    assert!(reason.contains("Invalid mobile number"), "{reason}");
}

#[tokio::test]
async fn a_refused_auth_key_is_permanent_and_never_quoted() {
    let server = MockServer::start().await;
    answer(
        &server,
        ResponseTemplate::new(401)
            .set_body_json(json!({"type": "error", "message": format!("Authentication failure {AUTH_KEY}")})),
    )
    .await;
    let err = msg91(&server).send(&message("hi", None, None)).await.unwrap_err();
    let SendError::Permanent { reason } = err else { panic!("expected Permanent, got {err:?}") };
    assert!(!reason.contains(AUTH_KEY), "{reason}");
    assert!(reason.contains("401"), "{reason}");
}

#[tokio::test]
async fn throttling_is_retried_after_the_time_msg91_asks() {
    let server = MockServer::start().await;
    answer(
        &server,
        ResponseTemplate::new(429)
            .insert_header("Retry-After", "30")
            .set_body_json(json!({"type": "error", "message": "Too many requests"})),
    )
    .await;
    let err = msg91(&server).send(&message("hi", None, None)).await.unwrap_err();
    let SendError::Retry { retry_after, .. } = err else { panic!("expected Retry, got {err:?}") };
    assert_eq!(retry_after, Some(Duration::from_secs(30)));
}

#[tokio::test]
async fn an_outage_is_retried() {
    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(503).set_body_string("Service Unavailable")).await;
    let err = msg91(&server).send(&message("hi", None, None)).await.unwrap_err();
    assert!(matches!(err, SendError::Retry { retry_after: None, .. }), "{err:?}");
}

#[tokio::test]
async fn a_timeout_is_retried() {
    let server = MockServer::start().await;
    answer(&server, success().set_delay(Duration::from_secs(3))).await;
    let settings = Msg91Settings {
        auth_key: SecretString::from(AUTH_KEY),
        sender: SENDER.into(),
        route: "4".into(),
        base_url: server.uri(),
        webhook_token: SecretString::from("t0ken"),
    };
    let channel = Msg91::new(settings, Duration::from_millis(200)).unwrap();
    let err = channel.send(&message("hi", None, None)).await.unwrap_err();
    assert!(matches!(err, SendError::Retry { .. }), "{err:?}");
}
