//! The Africa's Talking sender against a wiremock server on loopback: the request it makes, and how it reads each
//! answer AT was recorded giving (africastalking-laravel fixtures, the node SDK's mock, courier's test cases).

use std::time::Duration;

use mandi::channels::africastalking::{AfricasTalking, AfricasTalkingSettings};
use mandi::channels::{Channel as _, OutboundSms, SendError, SendReceipt};
use secrecy::SecretString;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const USERNAME: &str = "Username";
const API_KEY: &str = "atsk_0123456789abcdef";
const SENDER: &str = "2020";
const RECIPIENT: &str = "+250788383383";
const SEND_PATH: &str = "/version1/messaging";

/// africastalking-laravel `tests/Fixtures/Saloon/messaging/bulk/with-sender.json` (a recorded live response).
const WITH_SENDER: &str = r#"{"SMSMessageData":{"Message":"Sent to 1/1 Total Cost: USD 0.0079 Message parts: 1","Recipients":[{"cost":"KES 0.8000","messageId":"ATXid_a9aece16db3a68dfbd50003ae524d4fa","number":"+254700072929","status":"Success","statusCode":102}]}}"#;
/// africastalking-node.js `test/mocks.js`.
const SDK_MOCK: &str = r#"{"SMSMessageData":{"Message":"Sent to 1/1 Total Cost: KES 0.8000","Recipients":[{"statusCode":101,"number":"+254711XXXYYY","status":"Success","cost":"KES 0.8000","messageId":"ATPid_SampleTxnId123"}]}}"#;
/// africastalking-laravel `…/bulk/invalid-sender-id.json`: HTTP 201, yet nothing was sent.
const INVALID_SENDER: &str = r#"{"SMSMessageData":{"Message":"InvalidSenderId","Recipients":[]}}"#;
/// courier `handlers/africastalking/handler_test.go`.
const COURIER_OK: &str = r#"{ "SMSMessageData": {"Recipients": [{"status": "Success", "messageId": "1002"}] } }"#;
const COURIER_FAILED: &str = r#"{ "SMSMessageData": {"Recipients": [{"status": "Failed" }] } }"#;

fn channel(server: &MockServer, from: Option<&str>, send_timeout: Duration) -> AfricasTalking {
    AfricasTalking::new(
        AfricasTalkingSettings {
            username: USERNAME.into(),
            api_key: SecretString::from(API_KEY),
            from: from.map(str::to_owned),
            base_url: server.uri(),
            path_token: SecretString::from("t0ken"),
        },
        send_timeout,
    )
    .expect("an HTTP client")
}

fn message(sender_header: Option<&str>) -> OutboundSms {
    OutboundSms {
        id: 1,
        recipient: RECIPIENT.into(),
        body: "Simple Message ☺".into(),
        kind: "order_confirmed".into(),
        dlt_template_id: None,
        sender_header: sender_header.map(str::to_owned),
    }
}

async fn mount(server: &MockServer, response: ResponseTemplate) {
    Mock::given(method("POST")).and(path(SEND_PATH)).respond_with(response).mount(server).await;
}

fn json(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), "application/json")
}

/// Sends one message through a server answering `response`, with the default sender configured.
async fn send_against(response: ResponseTemplate) -> Result<SendReceipt, SendError> {
    let server = MockServer::start().await;
    mount(&server, response).await;
    channel(&server, Some(SENDER), Duration::from_secs(5)).send(&message(None)).await
}

/// The form fields of every request the server received.
async fn forms(server: &MockServer) -> Vec<Vec<(String, String)>> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .map(|r| form_urlencoded::parse(&r.body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect())
        .collect()
}

fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    v.sort();
    v
}

fn sorted(mut form: Vec<(String, String)>) -> Vec<(String, String)> {
    form.sort();
    form
}

#[tokio::test]
async fn a_send_posts_the_form_with_the_api_key_and_asks_for_json() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(SEND_PATH))
        .and(header("apikey", API_KEY))
        .and(header("accept", "application/json"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .respond_with(json(201, WITH_SENDER))
        .expect(1)
        .mount(&server)
        .await;
    let receipt = channel(&server, Some(SENDER), Duration::from_secs(5)).send(&message(None)).await;
    assert_eq!(receipt, Ok(SendReceipt { provider_message_id: Some("ATXid_a9aece16db3a68dfbd50003ae524d4fa".into()) }));
    let sent = forms(&server).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sorted(sent[0].clone()),
        fields(&[("username", USERNAME), ("to", RECIPIENT), ("message", "Simple Message ☺"), ("from", SENDER)])
    );
}

#[tokio::test]
async fn a_messages_sender_header_overrides_the_configured_sender() {
    let server = MockServer::start().await;
    mount(&server, json(201, SDK_MOCK)).await;
    let at = channel(&server, Some(SENDER), Duration::from_secs(5));
    at.send(&message(Some("MANDI"))).await.unwrap();
    let sent = forms(&server).await;
    assert_eq!(
        sent[0].iter().filter(|(k, _)| k == "from").collect::<Vec<_>>(),
        [&("from".to_owned(), "MANDI".to_owned())]
    );
}

#[tokio::test]
async fn on_a_shared_short_code_no_from_is_sent() {
    let server = MockServer::start().await;
    mount(&server, json(201, SDK_MOCK)).await;
    channel(&server, None, Duration::from_secs(5)).send(&message(None)).await.unwrap();
    let sent = forms(&server).await;
    assert_eq!(
        sorted(sent[0].clone()),
        fields(&[("username", USERNAME), ("to", RECIPIENT), ("message", "Simple Message ☺")])
    );
}

#[tokio::test]
async fn the_recorded_live_success_yields_its_message_id() {
    let outcome = send_against(json(201, WITH_SENDER)).await;
    assert_eq!(outcome, Ok(SendReceipt { provider_message_id: Some("ATXid_a9aece16db3a68dfbd50003ae524d4fa".into()) }));
}

#[tokio::test]
async fn the_sdk_mock_success_yields_its_message_id() {
    let outcome = send_against(json(201, SDK_MOCK)).await;
    assert_eq!(outcome, Ok(SendReceipt { provider_message_id: Some("ATPid_SampleTxnId123".into()) }));
}

#[tokio::test]
async fn courier_success_without_a_status_code_yields_its_message_id() {
    // courier's mocks answer 200 rather than AT's 201; the recipient's "Success" decides.
    let outcome = send_against(json(200, COURIER_OK)).await;
    assert_eq!(outcome, Ok(SendReceipt { provider_message_id: Some("1002".into()) }));
}

#[tokio::test]
async fn a_201_with_no_recipients_is_a_permanent_failure() {
    let outcome = send_against(json(201, INVALID_SENDER)).await;
    match outcome {
        Err(SendError::Permanent { reason }) => assert!(reason.contains("InvalidSenderId"), "{reason}"),
        other => panic!("expected a permanent failure, got {other:?}"),
    }
}

#[tokio::test]
async fn a_failed_recipient_is_a_permanent_failure() {
    let outcome = send_against(json(200, COURIER_FAILED)).await;
    match outcome {
        Err(SendError::Permanent { reason }) => assert!(reason.contains("Failed"), "{reason}"),
        other => panic!("expected a permanent failure, got {other:?}"),
    }
}

#[tokio::test]
async fn recipient_status_codes_decide_between_permanent_and_retry() {
    let body = |code: u16, status: &str| {
        format!(
            r#"{{"SMSMessageData":{{"Message":"Sent to 0/1 Total Cost: 0","Recipients":[{{"statusCode":{code},"number":"+250788383383","status":"{status}","cost":"0","messageId":"None"}}]}}}}"#
        )
    };
    for (code, status) in [
        (402, "InvalidSenderId"),
        (403, "InvalidPhoneNumber"),
        (404, "UnsupportedNumberType"),
        (406, "UserInBlacklist"),
        (409, "DoNotDisturbRejection"),
    ] {
        let outcome = send_against(json(201, &body(code, status))).await;
        assert!(
            matches!(&outcome, Err(SendError::Permanent { reason }) if reason.contains(status) && !reason.contains(RECIPIENT)),
            "{code} {status}: {outcome:?}"
        );
    }
    for (code, status) in [
        (401, "RiskHold"),
        (405, "InsufficientBalance"),
        (407, "CouldNotRoute"),
        (500, "InternalServerError"),
        (501, "GatewayError"),
        (502, "RejectedByGateway"),
    ] {
        let outcome = send_against(json(201, &body(code, status))).await;
        assert!(
            matches!(&outcome, Err(SendError::Retry { reason, .. }) if reason.contains(status)),
            "{code} {status}: {outcome:?}"
        );
    }
}

#[tokio::test]
async fn a_401_text_plain_is_permanent_and_never_echoes_the_key() {
    // africastalking-laravel `…/bulk/invalid-key.json`.
    let response = ResponseTemplate::new(401)
        .insert_header("WWW-Authenticate", r#"Basic realm="api",charset=UTF-8"#)
        .set_body_raw(b"The supplied authentication is invalid".to_vec(), "text/plain; charset=UTF-8");
    match send_against(response).await {
        Err(SendError::Permanent { reason }) => {
            assert!(reason.contains("The supplied authentication is invalid"), "{reason}");
            assert!(!reason.contains(API_KEY), "{reason}");
        }
        other => panic!("expected a permanent failure, got {other:?}"),
    }
}

#[tokio::test]
async fn a_body_echoing_the_key_is_redacted() {
    let response = ResponseTemplate::new(400).set_body_raw(format!("bad key {API_KEY}").into_bytes(), "text/plain");
    match send_against(response).await {
        Err(SendError::Permanent { reason }) => {
            assert!(!reason.contains(API_KEY), "{reason}");
            assert!(reason.contains("[redacted]"), "{reason}");
        }
        other => panic!("expected a permanent failure, got {other:?}"),
    }
}

#[tokio::test]
async fn a_429_is_retried_after_the_retry_after_header() {
    let outcome = send_against(ResponseTemplate::new(429).insert_header("Retry-After", "7")).await;
    assert!(
        matches!(&outcome, Err(SendError::Retry { retry_after: Some(wait), .. }) if *wait == Duration::from_secs(7)),
        "{outcome:?}"
    );
    let outcome = send_against(ResponseTemplate::new(429)).await;
    assert!(matches!(&outcome, Err(SendError::Retry { retry_after: None, .. })), "{outcome:?}");
}

#[tokio::test]
async fn a_500_is_retried() {
    let outcome = send_against(ResponseTemplate::new(500).set_body_string("Internal Server Error")).await;
    assert!(matches!(&outcome, Err(SendError::Retry { .. })), "{outcome:?}");
    let outcome = send_against(ResponseTemplate::new(503)).await;
    assert!(matches!(&outcome, Err(SendError::Retry { .. })), "{outcome:?}");
}

#[tokio::test]
async fn a_timeout_is_retried() {
    let server = MockServer::start().await;
    mount(&server, json(201, SDK_MOCK).set_delay(Duration::from_secs(2))).await;
    let outcome = channel(&server, Some(SENDER), Duration::from_millis(200)).send(&message(None)).await;
    match outcome {
        Err(SendError::Retry { reason, retry_after: None }) => {
            assert!(reason.contains("did not answer in time"), "{reason}");
            assert!(!reason.contains(&server.uri()), "{reason}");
        }
        other => panic!("expected a retry, got {other:?}"),
    }
}
