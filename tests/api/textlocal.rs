//! The Textlocal adapter's send against a real HTTP mock on loopback: the form Textlocal gets, and what each of
//! Textlocal's answers means for the outbox.

use std::time::Duration;

use mandi::channels::textlocal::{Textlocal, TextlocalSettings};
use mandi::channels::{Channel as _, OutboundSms, SendError, SendReceipt};
use secrecy::SecretString;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const API_KEY: &str = "textlocal-secret-api-key";
const SEND_PATH: &str = "/send/";
const SENDER: &str = "MANDII";
const RECIPIENT: &str = "+919812345678";
const HINDI: &str = "2 किलो चीनी भेजो";

fn textlocal(server: &MockServer) -> Textlocal {
    let settings = TextlocalSettings {
        api_key: SecretString::from(API_KEY),
        sender: SENDER.into(),
        base_url: server.uri(),
        webhook_token: SecretString::from("t0ken"),
    };
    Textlocal::new(settings, Duration::from_secs(5)).unwrap()
}

fn message(body: &str, sender_header: Option<&str>) -> OutboundSms {
    OutboundSms {
        id: 7,
        recipient: RECIPIENT.into(),
        body: body.into(),
        kind: "reply".into(),
        dlt_template_id: Some("1107160000000012345".into()),
        sender_header: sender_header.map(str::to_owned),
    }
}

/// Answers `response` to a send whatever its body, once.
async fn answer(server: &MockServer, response: ResponseTemplate) {
    Mock::given(method("POST")).and(path(SEND_PATH)).respond_with(response).expect(1).mount(server).await;
}

fn failure(code: i64, text: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"errors": [{"code": code, "message": text}], "status": "failure"}))
}

/// The form fields of the one request the mock received.
async fn sent_form(server: &MockServer) -> Vec<(String, String)> {
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    form_urlencoded::parse(&requests[0].body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

#[tokio::test]
async fn a_message_goes_out_as_a_form_and_its_id_is_kept() {
    let server = MockServer::start().await;
    answer(
        &server,
        ResponseTemplate::new(200).set_body_json(json!({
            "balance": 1162, "batch_id": 123456789, "cost": 2, "num_messages": 1,
            "message": {"num_parts": 1, "sender": "KIRANA", "content": HINDI},
            "receipt_url": "",
            "custom": "",
            "messages": [{"id": "1151346216", "recipient": 919812345678_i64}],
            "status": "success",
        })),
    )
    .await;
    let receipt = textlocal(&server).send(&message(HINDI, Some("KIRANA"))).await.unwrap();
    assert_eq!(receipt, SendReceipt { provider_message_id: Some("1151346216".into()) });
    let form = sent_form(&server).await;
    let get = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    assert_eq!(get("apikey"), Some(API_KEY));
    assert_eq!(get("numbers"), Some("919812345678"));
    assert_eq!(get("message"), Some(HINDI));
    assert_eq!(get("sender"), Some("KIRANA"));
}

#[tokio::test]
async fn without_a_header_the_channel_sender_is_used() {
    let server = MockServer::start().await;
    answer(
        &server,
        ResponseTemplate::new(200)
            .set_body_json(json!({"status": "success", "messages": [{"id": 42, "recipient": 919812345678_i64}]})),
    )
    .await;
    let receipt = textlocal(&server).send(&message("hi", None)).await.unwrap();
    assert_eq!(receipt.provider_message_id.as_deref(), Some("42"));
    let form = sent_form(&server).await;
    assert!(form.contains(&("sender".into(), SENDER.into())));
}

#[tokio::test]
async fn failure_codes_are_permanent_or_retried() {
    let cases: &[(i64, &str, bool)] = &[
        // code, message, retried
        (32, "Invalid number format", false),
        (43, "Invalid sender name", false),
        (6, "Message too long", false),
        (51, "No valid numbers specified", false),
        (7, "Insufficient credits", true),
        (192, "You cannot send message at this time", true),
        (999, "Something new", false),
    ];
    for (code, text, retried) in cases {
        let server = MockServer::start().await;
        answer(&server, failure(*code, text)).await;
        let err = textlocal(&server).send(&message("hi", None)).await.unwrap_err();
        match (&err, retried) {
            (SendError::Retry { reason, .. }, true) | (SendError::Permanent { reason }, false) => {
                assert!(reason.contains(text), "{code}: {reason}");
                assert!(reason.contains(&code.to_string()), "{code}: {reason}");
            }
            _ => panic!("code {code}: unexpected {err:?}"),
        }
    }
}

#[tokio::test]
async fn a_refused_key_is_permanent_and_never_quoted() {
    for response in [
        ResponseTemplate::new(401)
            .set_body_json(json!({"errors": [{"code": 3, "message": format!("bad {API_KEY}")}], "status": "failure"})),
        failure(3, &format!("Invalid login details {API_KEY}")),
    ] {
        let server = MockServer::start().await;
        answer(&server, response).await;
        let err = textlocal(&server).send(&message("hi", None)).await.unwrap_err();
        let SendError::Permanent { reason } = err else { panic!("expected Permanent, got {err:?}") };
        assert!(!reason.contains(API_KEY), "{reason}");
    }
}

#[tokio::test]
async fn throttling_is_retried_after_the_time_textlocal_asks() {
    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(429).insert_header("Retry-After", "12")).await;
    let err = textlocal(&server).send(&message("hi", None)).await.unwrap_err();
    let SendError::Retry { retry_after, .. } = err else { panic!("expected Retry, got {err:?}") };
    assert_eq!(retry_after, Some(Duration::from_secs(12)));
}

#[tokio::test]
async fn an_outage_is_retried() {
    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(503).set_body_string("Service Unavailable")).await;
    let err = textlocal(&server).send(&message("hi", None)).await.unwrap_err();
    assert!(matches!(err, SendError::Retry { .. }), "{err:?}");
}
