//! Hostile and broken senders: a number flooding the gateway is throttled and told once, an auto-responder is cut
//! off after a few replies, short codes and sender ids never get an answer, one number never gets more than its
//! hourly share of SMS, and without Redis the limits fail open. Nothing acknowledged is lost: every message stays in
//! the inbound log with what became of it.

use crate::helpers::{Proxy, SHOP, TestApp, TestOptions, WHOLESALER, redis_address};

async fn statuses(app: &TestApp) -> Vec<(String, i64)> {
    sqlx::query_as("select status, count(*) from inbound_messages group by status order by status")
        .fetch_all(&app.pool)
        .await
        .unwrap()
}

async fn sent_to(app: &TestApp, number: &str) -> Vec<(String, String)> {
    sqlx::query_as("select kind, status from outbound_messages where recipient = $1 order by id")
        .bind(number)
        .fetch_all(&app.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_number_sending_100_sms_a_minute_is_throttled_and_told_once() {
    let app = TestApp::spawn().await;
    app.load_demo_data().await;
    for i in 0..100 {
        assert_eq!(app.twilio_sms(&format!("SMflood{i}"), SHOP, "status").await.status(), 200);
    }
    assert_eq!(statuses(&app).await, vec![("processed".into(), 30), ("throttled".into(), 70)], "all 100 kept");
    let to_shop = sent_to(&app, SHOP).await;
    assert_eq!(to_shop.iter().filter(|(kind, _)| kind == "status").count(), 30);
    assert_eq!(to_shop.iter().filter(|(kind, _)| kind == "throttled").count(), 1, "told once");
    let told: String = sqlx::query_scalar("select body from outbound_messages where kind = 'throttled'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(told.starts_with("Too many messages from your number"), "{told}");
    let note: String = sqlx::query_scalar("select note from inbound_messages where status = 'throttled' limit 1")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(note, "over 30 messages a minute");
    app.stop().await;
}

#[tokio::test]
async fn an_auto_responder_is_cut_off_and_sender_ids_and_short_codes_get_no_answer() {
    let app = TestApp::spawn().await;
    app.load_demo_data().await;
    // An unknown number's auto-responder answers every "not registered" we send.
    let robot = "+919111111111";
    for i in 0..10 {
        app.twilio_sms(&format!("SMbot{i}"), robot, "Thank you for your message, we will get back to you").await;
    }
    assert_eq!(sent_to(&app, robot).await.len(), 3, "cut off after three automatic replies");
    // A registered shop's phone stuck in the same loop with "not understood" replies.
    for i in 0..6 {
        app.twilio_sms(&format!("SMshopbot{i}"), SHOP, "Auto-reply: I am away").await;
    }
    assert_eq!(sent_to(&app, SHOP).await.len(), 3);
    // An order still gets its answer: only automatic replies are held back.
    app.twilio_sms("SMorder", SHOP, "5 kg atta").await;
    assert!(sent_to(&app, SHOP).await.iter().any(|(kind, _)| kind == "order_placed"));

    for (i, sender) in ["VK-AMAZON", "56161", "MANDIO"].into_iter().enumerate() {
        assert_eq!(app.twilio_sms(&format!("SMid{i}"), sender, "Your OTP is 1234").await.status(), 200);
    }
    let ignored: i64 = app.count("select count(*) from inbound_messages where status = 'ignored'").await;
    assert_eq!(ignored, 3);
    let to_ids: i64 =
        app.count("select count(*) from outbound_messages where recipient in ('VK-AMAZON', '56161', 'MANDIO')").await;
    assert_eq!(to_ids, 0, "never an automatic reply to a sender id or a short code");
    assert_eq!(app.count("select count(*) from inbound_messages").await, 20, "every message kept");
    app.stop().await;
}

#[tokio::test]
async fn one_number_gets_at_most_its_hourly_share_but_wholesaler_notices_always_go() {
    let app = TestApp::spawn_with(TestOptions { max_sms_per_hour: Some(5), ..TestOptions::default() }).await;
    app.load_demo_data().await;
    for i in 0..8 {
        app.twilio_sms(&format!("SMcap{i}"), SHOP, "2 maggi").await;
    }
    let to_shop = sent_to(&app, SHOP).await;
    assert_eq!(to_shop.iter().filter(|(_, status)| status == "queued").count(), 5);
    assert_eq!(to_shop.iter().filter(|(_, status)| status == "failed").count(), 3);
    let reason: String = sqlx::query_scalar("select last_error from outbound_messages where status = 'failed' limit 1")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(reason.contains("hourly maximum"), "{reason}");
    let notices = sent_to(&app, WHOLESALER).await;
    assert_eq!(notices.len(), 8);
    assert!(notices.iter().all(|(_, status)| status == "queued"), "order notices are never capped");
    app.stop().await;
}

#[tokio::test]
async fn without_redis_the_sender_limit_fails_open_and_sms_keeps_flowing() {
    let mut proxy = Proxy::start(redis_address()).await;
    let app = TestApp::spawn_with(TestOptions {
        redis_via: Some(proxy.address),
        sender_limit_per_minute: Some(5),
        ..TestOptions::default()
    })
    .await;
    app.load_demo_data().await;
    proxy.cut();
    for i in 0..10 {
        assert_eq!(app.twilio_sms(&format!("SMopen{i}"), SHOP, "status").await.status(), 200);
    }
    assert_eq!(statuses(&app).await, vec![("processed".into(), 10)], "no limit without Redis, nothing lost");
    app.stop().await;
}
