//! The outbox and the Twilio sender against a wiremock server on loopback: retries, permanent failures, throttling,
//! timeouts, leases and concurrent workers.

use std::time::Duration;

use mandi::outbox::{self, Filter, NewMessage};
use serde_json::json;
use wiremock::matchers::{basic_auth, body_string_contains, header, method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::helpers::{TWILIO_SID, TWILIO_TOKEN, TestApp, TestOptions};

fn messages_path() -> String {
    format!("/2010-04-01/Accounts/{TWILIO_SID}/Messages.json")
}

async fn twilio_app() -> TestApp {
    TestApp::spawn_with(TestOptions { twilio_sends: true, ..TestOptions::default() }).await
}

async fn queue(app: &TestApp, n: usize) -> Vec<i64> {
    let mut conn = app.pool.acquire().await.unwrap();
    let mut ids = Vec::new();
    for i in 0..n {
        let message = NewMessage {
            channel: "twilio",
            recipient: "+919900000001",
            body: format!("Order K7P{} confirmed", (b'A' + i as u8) as char),
            kind: "order_confirmed",
            contact_id: None,
            order_id: None,
            inbound_message_id: None,
            dlt: None,
        };
        ids.push(outbox::enqueue(&mut conn, &message, app.settings.outbox.max_attempts, 1_000).await.unwrap().unwrap());
    }
    ids
}

async fn row(app: &TestApp, id: i64) -> outbox::OutboundRow {
    outbox::get(&app.pool, id).await.unwrap().unwrap()
}

#[tokio::test]
async fn a_500_is_retried_with_backoff_then_sent() {
    let app = twilio_app().await;
    Mock::given(method("POST"))
        .and(path(messages_path()))
        .respond_with(
            ResponseTemplate::new(500).set_body_json(json!({"code": 20500, "message": "Internal Server Error"})),
        )
        .up_to_n_times(1)
        .expect(1)
        .mount(&app.twilio)
        .await;
    Mock::given(method("POST"))
        .and(path(messages_path()))
        .and(basic_auth(TWILIO_SID, TWILIO_TOKEN))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string_contains("To=%2B919900000001"))
        .and(body_string_contains("Body=Order+K7PA+confirmed"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"sid": "SMretried"})))
        .expect(1)
        .mount(&app.twilio)
        .await;
    let [id] = queue(&app, 1).await[..] else { unreachable!() };

    let first = app.run_outbox().await;
    assert_eq!((first.sent, first.retried, first.failed), (0, 1, 0));
    let r = row(&app, id).await;
    assert_eq!((r.status.as_str(), r.attempts), ("queued", 1));
    assert!(r.last_error.as_deref().unwrap().contains("500"), "{:?}", r.last_error);
    let delay: f64 =
        sqlx::query_scalar("select extract(epoch from next_attempt_at - now())::float8 from outbound_messages")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert!((1.0..=2.6).contains(&delay), "first backoff is about 2 s with jitter, got {delay}");
    // Not due yet: nothing happens.
    assert_eq!(app.run_outbox().await.claimed, 0);

    app.fast_forward_outbox().await;
    let second = app.run_outbox().await;
    assert_eq!((second.sent, second.retried, second.failed), (1, 0, 0));
    let r = row(&app, id).await;
    assert_eq!((r.status.as_str(), r.attempts, r.provider_message_id.as_deref()), ("sent", 2, Some("SMretried")));
    assert_eq!(r.last_error, None);
    app.stop().await;
}

#[tokio::test]
async fn a_400_is_a_permanent_failure_and_is_not_retried() {
    let app = twilio_app().await;
    Mock::given(method("POST"))
        .and(path(messages_path()))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "code": 21211, "message": "The 'To' number 123 is not a valid phone number.", "status": 400
        })))
        .expect(1)
        .mount(&app.twilio)
        .await;
    let [id] = queue(&app, 1).await[..] else { unreachable!() };
    let outcome = app.run_outbox().await;
    assert_eq!((outcome.sent, outcome.retried, outcome.failed), (0, 0, 1));
    let r = row(&app, id).await;
    assert_eq!((r.status.as_str(), r.attempts), ("failed", 1));
    assert!(r.last_error.as_deref().unwrap().contains("21211"));
    app.fast_forward_outbox().await;
    assert_eq!(app.run_outbox().await.claimed, 0);
    app.stop().await;
}

#[tokio::test]
async fn throttling_respects_retry_after() {
    let app = twilio_app().await;
    Mock::given(method("POST"))
        .and(path(messages_path()))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "120")
                .set_body_json(json!({"code": 20429, "message": "Too Many Requests"})),
        )
        .mount(&app.twilio)
        .await;
    queue(&app, 1).await;
    assert_eq!(app.run_outbox().await.retried, 1);
    let delay: f64 =
        sqlx::query_scalar("select extract(epoch from next_attempt_at - now())::float8 from outbound_messages")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert!(delay > 110.0, "waits for Retry-After, got {delay}");
    app.stop().await;
}

#[tokio::test]
async fn a_timeout_is_retried_and_the_last_attempt_fails_the_message() {
    let app = twilio_app().await;
    Mock::given(method("POST"))
        .and(path(messages_path()))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(json!({"sid": "late"})).set_delay(Duration::from_secs(3)),
        )
        .mount(&app.twilio)
        .await;
    let [id] = queue(&app, 1).await[..] else { unreachable!() };
    let max = app.settings.outbox.max_attempts as i32;
    for attempt in 1..=max {
        app.fast_forward_outbox().await;
        let outcome = app.run_outbox().await;
        if attempt < max {
            assert_eq!(outcome.retried, 1, "attempt {attempt}");
        } else {
            assert_eq!(outcome.failed, 1, "attempt {attempt}");
        }
    }
    let r = row(&app, id).await;
    assert_eq!((r.status.as_str(), r.attempts), ("failed", max));
    assert!(r.last_error.as_deref().unwrap().contains("did not answer in time"), "{:?}", r.last_error);
    app.stop().await;
}

#[tokio::test]
async fn a_row_whose_worker_died_is_claimed_again_after_its_lease() {
    let app = twilio_app().await;
    Mock::given(method("POST"))
        .and(path(messages_path()))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"sid": "SMagain"})))
        .expect(1)
        .mount(&app.twilio)
        .await;
    let [id] = queue(&app, 1).await[..] else { unreachable!() };
    // A worker claimed it and vanished.
    sqlx::query(
        "update outbound_messages set status = 'sending', attempts = 1, lease_until = now() + interval '1 minute'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    assert_eq!(app.run_outbox().await.claimed, 0, "a live lease is respected");
    sqlx::query("update outbound_messages set lease_until = now() - interval '1 second'")
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(app.run_outbox().await.sent, 1);
    let r = row(&app, id).await;
    assert_eq!((r.status.as_str(), r.attempts), ("sent", 2));
    app.stop().await;
}

#[tokio::test]
async fn two_workers_never_send_one_row_twice() {
    let app = twilio_app().await;
    Mock::given(method("POST"))
        .and(path(messages_path()))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(json!({"sid": "SMonce"})).set_delay(Duration::from_millis(20)),
        )
        .expect(40)
        .mount(&app.twilio)
        .await;
    queue(&app, 40).await;
    let mut settings = app.settings.outbox.clone();
    settings.batch_size = 7;
    let channels = app.pipeline.channels.clone();
    let work = |pool: sqlx::PgPool| {
        let channels = channels.clone();
        let settings = settings.clone();
        async move {
            let mut sent = 0;
            loop {
                let outcome = outbox::run_batch(&pool, &channels, &settings, &Filter::default()).await.unwrap();
                if outcome.claimed == 0 {
                    return sent;
                }
                sent += outcome.sent;
            }
        }
    };
    // Two pools, as two gateway processes would have.
    let other_process = mandi::db::connect(&app.database_url, 5).await.unwrap();
    let (a, b) = tokio::join!(work(app.pool.clone()), work(other_process));
    assert_eq!(a + b, 40);
    assert!(a > 0 && b > 0, "both workers took part ({a} + {b})");
    assert_eq!(app.count("select count(*) from outbound_messages where status = 'sent' and attempts = 1").await, 40);
    app.stop().await;
}

#[tokio::test]
async fn a_message_past_its_deadline_expires_instead_of_going_out_stale() {
    let app = twilio_app().await;
    Mock::given(method("POST"))
        .and(path(messages_path()))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"sid": "SMfresh"})))
        .expect(1)
        .mount(&app.twilio)
        .await;
    let ids = queue(&app, 2).await;
    // The first waited out a long provider outage: its deadline passed while it was queued for a retry.
    sqlx::query(
        "update outbound_messages set deadline = now() - interval '1 minute', last_error = 'Twilio 503' where id = $1",
    )
    .bind(ids[0])
    .execute(&app.pool)
    .await
    .unwrap();
    let outcome = app.run_outbox().await;
    assert_eq!(outcome.sent, 1);
    let stale = row(&app, ids[0]).await;
    assert_eq!(stale.status, "failed");
    assert!(stale.last_error.as_deref().unwrap().starts_with("expired"), "{stale:?}");
    assert!(stale.last_error.as_deref().unwrap().contains("Twilio 503"), "the last provider error is kept");
    assert_eq!(row(&app, ids[1]).await.status, "sent");
    app.stop().await;
}

#[tokio::test]
async fn a_channel_rate_limit_paces_sends_in_segments_per_second() {
    let app = TestApp::spawn_with(TestOptions {
        twilio_sends: true,
        rate_limits: Some("twilio=4".into()),
        ..TestOptions::default()
    })
    .await;
    Mock::given(method("POST"))
        .and(path(messages_path()))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"sid": "SMpaced"})))
        .expect(8)
        .mount(&app.twilio)
        .await;
    queue(&app, 8).await;
    let started = std::time::Instant::now();
    assert_eq!(app.run_outbox().await.sent, 8);
    // Four go at once (a second of burst), the other four at four a second.
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(900), "8 one-segment sends at 4/s took {elapsed:?}");
    app.stop().await;
}

#[tokio::test]
async fn shutdown_lets_the_batch_in_flight_finish_and_leaves_no_row_claimed() {
    let app = twilio_app().await;
    // A slow provider: each send takes 400 ms.
    Mock::given(method("POST"))
        .and(path(messages_path()))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(json!({"sid": "SMslow"})).set_delay(Duration::from_millis(400)),
        )
        .mount(&app.twilio)
        .await;
    queue(&app, 6).await;
    let shutdown = tokio_util::sync::CancellationToken::new();
    let worker = tokio::spawn(outbox::run_worker(
        app.pool.clone(),
        app.pipeline.channels.clone(),
        app.settings.outbox.clone(),
        shutdown.clone(),
    ));
    // Stop while the sends are on the wire.
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert_eq!(app.count("select count(*) from outbound_messages where status = 'sending'").await, 6);
    shutdown.cancel();
    tokio::time::timeout(Duration::from_secs(5), worker).await.expect("the worker stops").unwrap();
    assert_eq!(app.count("select count(*) from outbound_messages where status = 'sent'").await, 6);
    assert_eq!(app.count("select count(*) from outbound_messages where status = 'sending'").await, 0);
    app.stop().await;
}

#[tokio::test]
async fn a_provider_outage_of_500s_and_timeouts_ends_with_everything_delivered() {
    let app = twilio_app().await;
    // The outage: the first 12 requests get 500, the next 6 hang past the send timeout, then Twilio is back.
    Mock::given(method("POST"))
        .and(path(messages_path()))
        .respond_with(ResponseTemplate::new(500).set_body_json(json!({"code": 20500, "message": "down"})))
        .up_to_n_times(12)
        .mount(&app.twilio)
        .await;
    Mock::given(method("POST"))
        .and(path(messages_path()))
        .respond_with(ResponseTemplate::new(201).set_delay(std::time::Duration::from_secs(3)))
        .up_to_n_times(6)
        .mount(&app.twilio)
        .await;
    Mock::given(method("POST"))
        .and(path(messages_path()))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"sid": "SMback"})))
        .mount(&app.twilio)
        .await;
    let ids = queue(&app, 6).await;

    let mut rounds = 0;
    loop {
        let outcome = app.run_outbox().await;
        rounds += 1;
        if outcome.claimed > 0 && outcome.sent == 0 {
            // Failed attempts wait: nothing is due again until its backoff has passed.
            assert_eq!(app.run_outbox().await.claimed, 0, "backoff holds the failed rows back");
        }
        let left = app.count("select count(*) from outbound_messages where status <> 'sent'").await;
        if left == 0 || rounds > 20 {
            break;
        }
        app.fast_forward_outbox().await;
    }
    for id in ids {
        let r = row(&app, id).await;
        assert_eq!(r.status, "sent", "{r:?}");
        assert!(r.attempts >= 2, "each message lived through the outage: {r:?}");
    }
    assert!(rounds >= 3);
    app.stop().await;
}
