//! Webhook edges: signatures, replays, sizes, malformed payloads, health, and a database outage.

use std::time::{SystemTime, UNIX_EPOCH};

use mandi::channels::generic::Generic;
use serde_json::json;

use crate::helpers::{GENERIC_SECRET, Proxy, SHOP, TWILIO_SID, TestApp, TestOptions, postgres_address};

fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64
}

fn sms_params<'a>(sid: &'a str, body: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![("MessageSid", sid), ("AccountSid", TWILIO_SID), ("From", SHOP), ("To", "+15005550006"), ("Body", body)]
}

#[tokio::test]
async fn twilio_refuses_missing_and_wrong_signatures_and_stores_nothing() {
    let app = TestApp::spawn().await;
    let params = sms_params("SMsig1", "5 kg atta");
    let missing = app.post_twilio_signed(&params, None).await;
    assert_eq!(missing.status(), 403);
    assert_eq!(missing.text().await.unwrap().trim(), "missing request signature");
    let wrong = app.post_twilio_signed(&params, Some("RSOYDt4T1cUTdK1PDd93/VVr8B8=")).await;
    assert_eq!(wrong.status(), 403);
    assert_eq!(wrong.text().await.unwrap().trim(), "invalid request signature");
    // A valid signature over different parameters does not carry over.
    let other = sms_params("SMsig1", "50 kg atta");
    let owned: Vec<(String, String)> = other.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect();
    let sig = mandi::channels::twilio::signature::compute(
        "https://mandi.example.com/sms/twilio",
        &owned,
        crate::helpers::TWILIO_TOKEN.as_bytes(),
    );
    assert_eq!(app.post_twilio_signed(&params, Some(&sig)).await.status(), 403);
    assert_eq!(app.count("select count(*) from inbound_messages").await, 0);
    app.stop().await;
}

#[tokio::test]
async fn twilio_payload_without_a_message_id_is_a_bad_request() {
    let app = TestApp::spawn().await;
    let response = app.post_twilio(&[("From", SHOP), ("Body", "hi")]).await;
    assert_eq!(response.status(), 400);
    assert_eq!(response.text().await.unwrap().trim(), "field 'MessageSid' required");
    assert_eq!(app.count("select count(*) from inbound_messages").await, 0);
    app.stop().await;
}

#[tokio::test]
async fn generic_channel_checks_signature_replay_and_payload() {
    let app = TestApp::spawn().await;
    let body = serde_json::to_vec(&json!({"id": "g1", "from": SHOP, "to": "", "text": "2 maggi"})).unwrap();

    let unsigned = app.post_generic_raw(body.clone(), None).await;
    assert_eq!(unsigned.status(), 403);

    let forged = app.post_generic_raw(body.clone(), Some(Generic::sign(b"not-the-secret", now(), &body))).await;
    assert_eq!(forged.status(), 403);

    let replay =
        app.post_generic_raw(body.clone(), Some(Generic::sign(GENERIC_SECRET.as_bytes(), now() - 301, &body))).await;
    assert_eq!(replay.status(), 403);
    assert!(replay.text().await.unwrap().contains("replay"));

    let not_json = b"{not json".to_vec();
    let response =
        app.post_generic_raw(not_json.clone(), Some(Generic::sign(GENERIC_SECRET.as_bytes(), now(), &not_json))).await;
    assert_eq!(response.status(), 400);
    let reason = response.text().await.unwrap();
    assert!(reason.starts_with("invalid JSON payload") && reason.trim().lines().count() == 1, "{reason}");

    let no_from = serde_json::to_vec(&json!({"id": "g2", "text": "hi"})).unwrap();
    let response =
        app.post_generic_raw(no_from.clone(), Some(Generic::sign(GENERIC_SECRET.as_bytes(), now(), &no_from))).await;
    assert_eq!(response.status(), 400);

    assert_eq!(app.count("select count(*) from inbound_messages").await, 0);
    let fresh = app.post_generic_raw(body.clone(), Some(Generic::sign(GENERIC_SECRET.as_bytes(), now(), &body))).await;
    assert_eq!(fresh.status(), 200);
    assert_eq!(app.count("select count(*) from inbound_messages").await, 1);
    app.stop().await;
}

#[tokio::test]
async fn bodies_over_64_kib_are_refused_with_413() {
    let app = TestApp::spawn().await;
    let big = "a".repeat(65 * 1024);
    let twilio = app.post_twilio(&[("MessageSid", "SMbig"), ("From", SHOP), ("Body", big.as_str())]).await;
    assert_eq!(twilio.status(), 413);
    let body = serde_json::to_vec(&json!({"id": "big", "from": SHOP, "text": big})).unwrap();
    let generic =
        app.post_generic_raw(body.clone(), Some(Generic::sign(GENERIC_SECRET.as_bytes(), now(), &body))).await;
    assert_eq!(generic.status(), 413);
    assert_eq!(app.count("select count(*) from inbound_messages").await, 0);
    app.stop().await;
}

#[tokio::test]
async fn unknown_and_non_http_channels_are_not_found() {
    let app = TestApp::spawn().await;
    let response = app.http.post(app.url("/sms/exotel")).body("x").send().await.unwrap();
    assert_eq!(response.status(), 404);
    assert!(response.text().await.unwrap().contains("not enabled"));
    let response = app.http.post(app.url("/sms/console")).body("x").send().await.unwrap();
    assert_eq!(response.status(), 404);
    app.stop().await;
}

#[tokio::test]
async fn health_and_readiness() {
    let app = TestApp::spawn().await;
    let health = app.http.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);
    let ready = app.http.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 200);
    assert_eq!(ready.json::<serde_json::Value>().await.unwrap(), json!({"postgres": "ok", "redis": "ok"}));
    app.stop().await;
}

#[tokio::test]
async fn with_postgres_down_webhooks_answer_503_and_nothing_is_lost() {
    let mut proxy = Proxy::start(postgres_address()).await;
    let app = TestApp::spawn_with(TestOptions { postgres_via: Some(proxy.address), ..TestOptions::default() }).await;
    app.load_demo_data().await;

    proxy.cut();
    let response = app.twilio_sms("SMdown1", SHOP, "2 maggi").await;
    assert_eq!(response.status(), 503, "never 200 while the message cannot be stored");
    assert_eq!(response.headers()["retry-after"], "5");
    let ready = app.http.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 503);
    assert_eq!(ready.json::<serde_json::Value>().await.unwrap()["postgres"], "down");

    // The provider retries once the database is back: stored and acted on exactly once.
    proxy.restore().await;
    let response = app.twilio_sms("SMdown1", SHOP, "2 maggi").await;
    assert_eq!(response.status(), 200);
    assert_eq!(app.count("select count(*) from inbound_messages").await, 1);
    assert_eq!(app.count("select count(*) from orders").await, 1);
    app.stop().await;
}

#[tokio::test]
async fn every_request_carries_a_request_id_and_metrics_show_latency_outcomes_and_lag() {
    let app = TestApp::spawn().await;
    app.load_demo_data().await;
    let answer = app.twilio_sms("SMobs1", crate::helpers::SHOP, "5 kg atta, xyzzy plugh").await;
    let id = answer.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_eq!(id.len(), 16, "a request id is made up when none is sent: {id}");
    let given = app.http.get(app.url("/healthz")).header("x-request-id", "abc-123").send().await.unwrap();
    assert_eq!(given.headers()["x-request-id"], "abc-123", "a caller's id is kept");
    let hostile = app.http.get(app.url("/healthz")).header("x-request-id", "a b\"c").send().await.unwrap();
    assert_ne!(hostile.headers()["x-request-id"], "a b\"c");

    let metrics = app.http.get(app.url("/metrics")).send().await.unwrap().text().await.unwrap();
    for expected in [
        "mandi_http_request_duration_seconds_bucket{route=\"/sms/{channel}\",status=\"2xx\",le=\"+Inf\"} 1\n",
        "mandi_http_request_duration_seconds_count{route=\"/healthz\",status=\"2xx\"} 2\n",
        "mandi_decisions_total{decision=\"order\"} 1\n",
        "mandi_order_lines_total{outcome=\"matched\"} 1\n",
        "mandi_order_lines_total{outcome=\"unknown\"} 1\n",
        "mandi_outbox_due 2\n",
        "# TYPE mandi_outbox_lag_seconds gauge\n",
        "mandi_inbound_messages{channel=\"twilio\",status=\"processed\"} 1\n",
        "mandi_orders{state=\"placed\"} 1\n",
    ] {
        assert!(metrics.contains(expected), "missing {expected:?} in:\n{metrics}");
    }
    app.stop().await;
}
