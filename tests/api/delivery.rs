//! Delivery reports at `/status/{channel}`: signed like inbound webhooks, applied to the row with the provider's
//! id, never moving a delivered message back, unknown statuses acknowledged and logged.

use mandi::channels::twilio::signature;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::helpers::{PUBLIC_URL, SHOP, TWILIO_SID, TWILIO_TOKEN, TestApp, TestOptions};

async fn post_status(app: &TestApp, params: &[(&str, &str)], signed: bool) -> reqwest::Response {
    let owned: Vec<(String, String)> = params.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    let mut request = app.http.post(app.url("/status/twilio")).form(params);
    if signed {
        let sig = signature::compute(&format!("{PUBLIC_URL}/status/twilio"), &owned, TWILIO_TOKEN.as_bytes());
        request = request.header("X-Twilio-Signature", sig);
    }
    request.send().await.unwrap()
}

async fn status_of(app: &TestApp) -> (String, Option<String>) {
    sqlx::query_as("select status, last_error from outbound_messages order by id desc limit 1")
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn reports_move_rows_forward_only_and_a_blocked_number_is_opted_out() {
    let app = TestApp::spawn_with(TestOptions { twilio_sends: true, ..TestOptions::default() }).await;
    Mock::given(method("POST"))
        .and(path(format!("/2010-04-01/Accounts/{TWILIO_SID}/Messages.json")))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"sid": "SMaaaa0001", "status": "queued"})))
        .mount(&app.twilio)
        .await;
    app.load_demo_data().await;
    app.twilio_sms("SMin1", SHOP, "status").await;
    assert_eq!(app.run_outbox().await.sent, 1);
    let sent = app.twilio.received_requests().await.unwrap();
    let form: Vec<(String, String)> =
        form_urlencoded::parse(&sent[0].body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    assert!(form.contains(&("StatusCallback".into(), format!("{PUBLIC_URL}/status/twilio"))), "{form:?}");

    let delivered = [("MessageSid", "SMaaaa0001"), ("MessageStatus", "delivered"), ("AccountSid", TWILIO_SID)];
    assert_eq!(post_status(&app, &delivered, false).await.status(), 403, "unsigned reports are refused");
    assert_eq!(status_of(&app).await.0, "sent");
    assert_eq!(post_status(&app, &delivered, true).await.status(), 200);
    assert_eq!(status_of(&app).await.0, "delivered");
    // A late "sent", a "failed" and an unknown status after delivery change nothing and are acknowledged.
    for late in ["sent", "failed", "huh"] {
        let report = [("MessageSid", "SMaaaa0001"), ("MessageStatus", late)];
        assert_eq!(post_status(&app, &report, true).await.status(), 200, "{late}");
        assert_eq!(status_of(&app).await.0, "delivered", "{late}");
    }
    // A report for a message we never sent is acknowledged too; a report without a status is a bad request.
    assert_eq!(
        post_status(&app, &[("MessageSid", "SMnone"), ("MessageStatus", "delivered")], true).await.status(),
        200
    );
    assert_eq!(post_status(&app, &[("MessageSid", "SMaaaa0001")], true).await.status(), 400);

    // The next message fails: the recipient blocked us (21610), so the number is opted out.
    app.twilio.reset().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"sid": "SMaaaa0002"})))
        .mount(&app.twilio)
        .await;
    app.twilio_sms("SMin2", SHOP, "status").await;
    assert_eq!(app.run_outbox().await.sent, 1);
    let failed = [("MessageSid", "SMaaaa0002"), ("MessageStatus", "undelivered"), ("ErrorCode", "21610")];
    assert_eq!(post_status(&app, &failed, true).await.status(), 200);
    let (status, error) = status_of(&app).await;
    assert_eq!(status, "failed");
    assert!(error.unwrap().contains("21610"));
    assert_eq!(app.count("select count(*) from opt_outs where phone = '+919900000001'").await, 1);

    // Operators see the counts per channel in /metrics.
    let metrics = app.http.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(metrics.status(), 200);
    let text = metrics.text().await.unwrap();
    for line in [
        r#"mandi_outbound_messages{channel="twilio",status="delivered"} 1"#,
        r#"mandi_outbound_messages{channel="twilio",status="failed"} 1"#,
        r#"mandi_outbound_segments{channel="twilio",status="delivered"} 1"#,
        r#"mandi_inbound_messages{channel="twilio",status="processed"} 2"#,
    ] {
        assert!(text.lines().any(|l| l == line), "{line} in\n{text}");
    }
    app.stop().await;
}
