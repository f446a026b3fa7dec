//! The Plivo adapter's send against a real HTTP mock on loopback: the request Plivo gets, and what each of Plivo's
//! answers means for the outbox.

use std::time::Duration;

use mandi::channels::plivo::{Plivo, PlivoSettings};
use mandi::channels::{Channel as _, OutboundSms, SendError, SendReceipt};
use secrecy::SecretString;
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const AUTH_ID: &str = "MAxxxx";
const AUTH_TOKEN: &str = "plivo-secret-token";
/// `Basic base64("MAxxxx:plivo-secret-token")`.
const AUTHORIZATION: &str = "Basic TUF4eHh4OnBsaXZvLXNlY3JldC10b2tlbg==";
const MESSAGE_PATH: &str = "/v1/Account/MAxxxx/Message/";
const FROM: &str = "919000000001";
const RECIPIENT: &str = "+919812345678";
const TEXT: &str = "2 किलो चीनी भेजो";
const ENTITY_ID: &str = "1201159000000012345";
const TEMPLATE_ID: &str = "1107160000000012345";
/// The id in Plivo's recorded answer (plivo-python's send fixture).
const QUEUED_UUID: &str = "5b40a428-bfc7-4daf-9d06-726c558bf3b8";

struct Setup<'a> {
    base_url: String,
    from: Option<&'a str>,
    dlt_entity_id: Option<&'a str>,
    send_timeout: Duration,
}

impl Setup<'_> {
    fn new(server: &MockServer) -> Self {
        Self::at(server.uri())
    }

    fn at(base_url: String) -> Self {
        Self { base_url, from: Some(FROM), dlt_entity_id: None, send_timeout: Duration::from_secs(5) }
    }

    fn plivo(self) -> Plivo {
        let settings = PlivoSettings {
            auth_id: AUTH_ID.into(),
            auth_token: SecretString::from(AUTH_TOKEN),
            from: self.from.map(str::to_owned),
            base_url: self.base_url,
            dlt_entity_id: self.dlt_entity_id.map(str::to_owned),
        };
        Plivo::new(settings, self.send_timeout).unwrap()
    }
}

fn message(dlt_template_id: Option<&str>, sender_header: Option<&str>) -> OutboundSms {
    OutboundSms {
        id: 7,
        recipient: RECIPIENT.into(),
        body: TEXT.into(),
        kind: "reply".into(),
        dlt_template_id: dlt_template_id.map(str::to_owned),
        sender_header: sender_header.map(str::to_owned),
    }
}

/// Plivo's recorded answer to a send.
fn queued() -> ResponseTemplate {
    ResponseTemplate::new(202).set_body_json(json!({
        "api_id": "948b53a2-3f08-11e7-b6f4-061564b78b75",
        "message": "message(s) queued",
        "message_uuid": [QUEUED_UUID],
    }))
}

/// Answers `response` to a send whatever its body, once.
async fn answer(server: &MockServer, response: ResponseTemplate) {
    Mock::given(method("POST")).and(path(MESSAGE_PATH)).respond_with(response).expect(1).mount(server).await;
}

/// Answers Plivo's recorded 202 to exactly this JSON body, sent with the account's Basic credentials.
async fn expect_body(server: &MockServer, body: serde_json::Value) {
    Mock::given(method("POST"))
        .and(path(MESSAGE_PATH))
        .and(header("authorization", AUTHORIZATION))
        .and(header("content-type", "application/json"))
        .and(body_json(body))
        .respond_with(queued())
        .expect(1)
        .mount(server)
        .await;
}

fn assert_no_token(error: &SendError) {
    assert!(!error.to_string().contains(AUTH_TOKEN), "the reason leaks the token: {error}");
}

#[tokio::test]
async fn a_message_is_posted_as_json_with_basic_auth_and_the_uuid_comes_back() {
    let server = MockServer::start().await;
    // A template id alone is not enough for DLT fields: the channel has no entity id.
    expect_body(&server, json!({"src": FROM, "dst": "919812345678", "text": TEXT})).await;
    let plivo = Setup::new(&server).plivo();
    let receipt = plivo.send(&message(Some(TEMPLATE_ID), None)).await;
    assert_eq!(receipt, Ok(SendReceipt { provider_message_id: Some(QUEUED_UUID.into()) }));
}

#[tokio::test]
async fn dlt_ids_are_sent_when_the_channel_and_the_message_both_have_them() {
    let server = MockServer::start().await;
    expect_body(
        &server,
        json!({
            "src": FROM,
            "dst": "919812345678",
            "text": TEXT,
            "dlt_entity_id": ENTITY_ID,
            "dlt_template_id": TEMPLATE_ID,
        }),
    )
    .await;
    let plivo = Setup { dlt_entity_id: Some(ENTITY_ID), ..Setup::new(&server) }.plivo();
    let receipt = plivo.send(&message(Some(TEMPLATE_ID), Some("MANDIO"))).await;
    assert_eq!(receipt, Ok(SendReceipt { provider_message_id: Some(QUEUED_UUID.into()) }));
}

#[tokio::test]
async fn dlt_ids_are_left_out_for_a_message_without_a_template() {
    let server = MockServer::start().await;
    expect_body(&server, json!({"src": FROM, "dst": "919812345678", "text": TEXT})).await;
    let plivo = Setup { dlt_entity_id: Some(ENTITY_ID), ..Setup::new(&server) }.plivo();
    assert!(plivo.send(&message(None, None)).await.is_ok());
}

#[tokio::test]
async fn the_sender_header_is_the_source_when_no_number_is_configured() {
    let server = MockServer::start().await;
    expect_body(&server, json!({"src": "MANDIO", "dst": "919812345678", "text": TEXT})).await;
    let plivo = Setup { from: None, ..Setup::new(&server) }.plivo();
    assert!(!plivo.can_send());
    assert!(plivo.send(&message(None, Some("MANDIO"))).await.is_ok());
    // With no sender at all nothing is sent (the mock expects exactly the one request above).
    let error = plivo.send(&message(None, None)).await.unwrap_err();
    assert!(matches!(error, SendError::Permanent { .. }), "{error:?}");
}

#[tokio::test]
async fn an_invalid_number_is_a_permanent_failure_with_plivos_reason() {
    let server = MockServer::start().await;
    answer(
        &server,
        ResponseTemplate::new(400)
            .set_body_json(json!({"api_id": "c9527676-5839-11e1-86da-6ff39efcb949", "error": "invalid dst number"})),
    )
    .await;
    let error = Setup::new(&server).plivo().send(&message(None, None)).await.unwrap_err();
    match &error {
        SendError::Permanent { reason } => assert!(reason.contains("400") && reason.contains("invalid dst number")),
        other => panic!("expected a permanent failure, got {other:?}"),
    }
    assert_no_token(&error);
}

#[tokio::test]
async fn refused_credentials_and_unknown_accounts_are_permanent_and_never_show_the_token() {
    for status in [401, 403, 404] {
        let server = MockServer::start().await;
        // Even a body echoing the token back stays out of the reason.
        answer(
            &server,
            ResponseTemplate::new(status).set_body_json(json!({"error": format!("bad token {AUTH_TOKEN}")})),
        )
        .await;
        let error = Setup::new(&server).plivo().send(&message(None, None)).await.unwrap_err();
        assert!(matches!(error, SendError::Permanent { .. }), "{status}: {error:?}");
        assert_no_token(&error);
    }
}

#[tokio::test]
async fn rate_limiting_is_retried_after_the_time_plivo_asks() {
    let server = MockServer::start().await;
    answer(
        &server,
        ResponseTemplate::new(429)
            .insert_header("Retry-After", "3")
            .set_body_json(json!({"api_id": "x", "error": "too many requests"})),
    )
    .await;
    let error = Setup::new(&server).plivo().send(&message(None, None)).await.unwrap_err();
    match error {
        SendError::Retry { retry_after, .. } => assert_eq!(retry_after, Some(Duration::from_secs(3))),
        other => panic!("expected a retry, got {other:?}"),
    }
}

#[tokio::test]
async fn a_server_error_is_retried() {
    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(503).set_body_string("upstream unavailable")).await;
    let error = Setup::new(&server).plivo().send(&message(None, None)).await.unwrap_err();
    assert!(matches!(error, SendError::Retry { retry_after: None, .. }), "{error:?}");
}

#[tokio::test]
async fn a_slow_plivo_is_retried() {
    let server = MockServer::start().await;
    answer(&server, queued().set_delay(Duration::from_secs(2))).await;
    let plivo = Setup { send_timeout: Duration::from_millis(200), ..Setup::new(&server) }.plivo();
    let error = plivo.send(&message(None, None)).await.unwrap_err();
    assert!(matches!(error, SendError::Retry { .. }), "{error:?}");
    assert_no_token(&error);
}

#[tokio::test]
async fn an_unreachable_plivo_is_retried() {
    // A loopback port that was free a moment ago: nothing listens on it.
    let address = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let plivo = Setup::at(format!("http://{address}")).plivo();
    let error = plivo.send(&message(None, None)).await.unwrap_err();
    assert!(matches!(error, SendError::Retry { .. }), "{error:?}");
    assert!(!error.to_string().contains(AUTH_ID), "the reason carries the URL: {error}");
}
