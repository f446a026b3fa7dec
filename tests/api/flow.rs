//! The first real flow: an SMS order becomes a placed order, the wholesaler is told and confirms, the shop hears.

use std::time::Duration;

use mandi::channels::InboundSms;
use mandi::inbound::{self, InboundStatus, Outcome, Stored};
use redis::AsyncCommands as _;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::helpers::{SHOP, TWILIO_FROM, TWILIO_SID, TestApp, TestOptions, WHOLESALER, code_in};

fn messages_path() -> String {
    format!("/2010-04-01/Accounts/{TWILIO_SID}/Messages.json")
}

async fn mount_twilio_ok(app: &TestApp) {
    Mock::given(method("POST"))
        .and(path(messages_path()))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(json!({"sid": "SM0123456789abcdef", "status": "queued"})),
        )
        .mount(&app.twilio)
        .await;
}

/// Form fields of the requests Twilio's mock received, as (To, Body) pairs.
async fn twilio_sent(app: &TestApp) -> Vec<(String, String)> {
    app.twilio
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .map(|r| {
            let form: Vec<(String, String)> =
                form_urlencoded::parse(&r.body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
            let get = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
            assert_eq!(get("From"), TWILIO_FROM);
            (get("To"), get("Body"))
        })
        .collect()
}

#[tokio::test]
async fn an_sms_order_is_placed_confirmed_and_the_shop_is_told() {
    let app = TestApp::spawn_with(TestOptions { twilio_sends: true, ..TestOptions::default() }).await;
    mount_twilio_ok(&app).await;
    app.load_demo_data().await;

    // The shopkeeper's SMS arrives through Twilio.
    let response = app.twilio_sms("SM00000000000000000000000000000001", SHOP, "5 kg atta, 2 maggi").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/xml");
    assert!(response.text().await.unwrap().contains("<Response/>"));

    // A placed order for the shop's wholesaler, with both lines resolved to SKUs and packs.
    let (order_id, state, wholesaler): (i64, String, String) =
        sqlx::query_as("select o.id, o.state, c.phone from orders o join contacts c on c.id = o.wholesaler_id")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!((state.as_str(), wholesaler.as_str()), ("placed", WHOLESALER));
    let lines: Vec<(String, i32)> =
        sqlx::query_as("select sku, packs from order_lines where order_id = $1 order by line_no")
            .bind(order_id)
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(lines, vec![("ATTA-LOOSE-1KG".to_owned(), 5), ("NOOD-MAGGI-70G".to_owned(), 2)]);

    // Two SMS leave through Twilio: the notice to the wholesaler and the receipt to the shop.
    let outcome = app.run_outbox().await;
    assert_eq!((outcome.sent, outcome.failed, outcome.retried), (2, 0, 0));
    let sent = twilio_sent(&app).await;
    let notice = &sent.iter().find(|(to, _)| to == WHOLESALER).expect("the wholesaler is told").1;
    assert!(notice.contains("1. Loose Atta 1kg x5") && notice.contains("2. Maggi Masala Noodles 70g x2"), "{notice}");
    let code = code_in(notice);
    let receipt = &sent.iter().find(|(to, _)| to == SHOP).expect("the shop gets a receipt").1;
    assert!(receipt.contains(&code), "{receipt}");
    let rows = app.outbound().await;
    assert!(rows.iter().all(|r| r.status == "sent" && r.provider_message_id.as_deref() == Some("SM0123456789abcdef")));
    assert!(rows.iter().all(|r| r.encoding == "GSM-7" && r.segments == 1), "{rows:?}");

    // The wholesaler confirms by SMS; the order is confirmed and the shop is told.
    let response = app.twilio_sms("SM00000000000000000000000000000002", WHOLESALER, &format!("YES {code}")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(app.count("select count(*) from orders where state = 'confirmed'").await, 1);
    let events: Vec<(Option<String>, String, String)> =
        sqlx::query_as("select from_state, to_state, actor from order_events where order_id = $1 order by id")
            .bind(order_id)
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        events,
        vec![(None, "placed".into(), "shop".into()), (Some("placed".into()), "confirmed".into(), "wholesaler".into())]
    );
    assert_eq!(app.run_outbox().await.sent, 2);
    let sent = twilio_sent(&app).await;
    assert!(sent.iter().any(|(to, body)| to == SHOP && body.contains(&code) && body.contains("confirmed")), "{sent:?}");
    app.stop().await;
}

#[tokio::test]
async fn a_wholesaler_can_reject_and_the_shop_hears_it_in_its_language() {
    let app = TestApp::spawn().await;
    app.load_demo_data().await;
    // Ramesh General Store writes Hinglish and is served by Sharma Traders.
    app.twilio_sms("SMr1", "+919900000002", "do kilo chini aur teen packet maggi bhejo").await;
    let notice = app.outbound().await.into_iter().find(|r| r.recipient == WHOLESALER).unwrap();
    let code = code_in(&notice.body);
    app.twilio_sms("SMr2", WHOLESALER, &format!("nahi {code}")).await;
    assert_eq!(app.count("select count(*) from orders where state = 'rejected'").await, 1);
    let to_shop = app.outbound().await.into_iter().rev().find(|r| r.recipient == "+919900000002").unwrap();
    assert!(to_shop.body.contains(&code) && to_shop.body.contains("nahi bhej payenge"), "{}", to_shop.body);
    // Replies go out on the console in this configuration and are recorded as sent.
    app.run_outbox().await;
    assert!(app.console.sent().iter().any(|m| m.body == to_shop.body));
    app.stop().await;
}

#[tokio::test]
async fn an_unregistered_sender_gets_a_polite_reply() {
    let app = TestApp::spawn().await;
    app.load_demo_data().await;
    let response = app.twilio_sms("SMu1", "+919812345678", "5 kg atta").await;
    assert_eq!(response.status(), 200);
    let rows = app.outbound().await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].recipient, "+919812345678");
    assert!(rows[0].body.contains("not registered"), "{}", rows[0].body);
    assert_eq!(app.count("select count(*) from inbound_messages where status = 'unregistered'").await, 1);
    assert_eq!(app.count("select count(*) from orders").await, 0);
    app.stop().await;
}

#[tokio::test]
async fn a_text_without_an_order_gets_help_and_stays_unparsed_for_an_operator() {
    let app = TestApp::spawn().await;
    app.load_demo_data().await;
    app.twilio_sms("SMh1", SHOP, "kya haal hai bhai").await;
    let (status, body): (String, String) =
        sqlx::query_as("select status, body from inbound_messages").fetch_one(&app.pool).await.unwrap();
    assert_eq!((status.as_str(), body.as_str()), ("unparsed", "kya haal hai bhai"));
    let rows = app.outbound().await;
    assert_eq!(rows.len(), 1);
    assert!(rows[0].body.contains("5 kg atta, 2 maggi"), "the help shows an example: {}", rows[0].body);
    assert_eq!(app.count("select count(*) from orders").await, 0);
    app.stop().await;
}

#[tokio::test]
async fn a_provider_retry_is_acknowledged_and_has_no_further_effect() {
    let app = TestApp::spawn().await;
    app.load_demo_data().await;
    let sid = "SM0000000000000000000000000000dup1";
    for _ in 0..2 {
        let response = app.twilio_sms(sid, SHOP, "5 kg atta, 2 maggi").await;
        assert_eq!(response.status(), 200);
        assert!(response.text().await.unwrap().contains("<Response/>"));
    }
    // Without Redis's pre-check the database's unique key still stops the retry.
    let client = redis::Client::open(app.settings.redis_url.as_str()).unwrap();
    let mut redis = client.get_multiplexed_async_connection().await.unwrap();
    let key = format!("{}:inbound:twilio:{sid}", app.settings.redis_prefix);
    assert_eq!(redis.del::<_, i64>(&key).await.unwrap(), 1, "the first delivery was remembered in Redis");
    assert_eq!(app.twilio_sms(sid, SHOP, "5 kg atta, 2 maggi").await.status(), 200);

    assert_eq!(app.count("select count(*) from inbound_messages").await, 1);
    assert_eq!(app.count("select count(*) from orders").await, 1);
    assert_eq!(app.count("select count(*) from outbound_messages").await, 2);
    app.stop().await;
}

#[tokio::test]
async fn orders_arrive_over_the_generic_channel_too() {
    let app = TestApp::spawn().await;
    app.load_demo_data().await;
    let response = app
        .post_generic(&json!({"id": "gen-1", "from": "99000 00001", "to": "56767", "text": "atta 5kg\n2 maggi"}))
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(app.count("select count(*) from orders where state = 'placed'").await, 1);
    // The shop is answered on the channel it wrote on; the wholesaler's notice goes out on the default sender.
    let rows = app.outbound().await;
    assert_eq!(rows.len(), 2);
    let channel_to = |to: &str| rows.iter().find(|r| r.recipient == to).map(|r| r.channel.clone());
    assert_eq!(channel_to(SHOP).as_deref(), Some("generic"));
    assert_eq!(channel_to(WHOLESALER).as_deref(), Some("console"));
    app.stop().await;
}

#[tokio::test]
async fn a_message_stored_but_never_processed_is_picked_up_by_the_sweeper() {
    let app = TestApp::spawn().await;
    app.load_demo_data().await;
    // As if the gateway crashed between the commit and the processing.
    let sms = InboundSms {
        provider_message_id: "crash-1".into(),
        sender: SHOP.into(),
        recipient: String::new(),
        text: "2 maggi".into(),
    };
    let Stored::New(id) = inbound::store(&app.pool, "twilio", &sms).await.unwrap() else { panic!("new message") };
    assert_eq!(app.count("select count(*) from orders").await, 0);
    assert_eq!(app.pipeline.sweep(Duration::ZERO).await.unwrap(), 1);
    assert_eq!(app.count("select count(*) from orders").await, 1);
    // Processing again is a no-op: the message is no longer 'received'.
    assert_eq!(app.pipeline.process(id).await.unwrap(), Outcome::AlreadyHandled);
    assert_eq!(app.pipeline.sweep(Duration::ZERO).await.unwrap(), 0);
    let status: String = sqlx::query_scalar("select status from inbound_messages where id = $1")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(status, InboundStatus::Processed.as_str());
    app.stop().await;
}

#[tokio::test]
async fn an_unsure_line_is_asked_back_and_the_answer_completes_the_order() {
    let app = TestApp::spawn().await;
    app.load_demo_data().await;
    // No size for Aashirvaad (1, 5 and 10 kg): a question; sugar is clear; the xylophone is not stocked.
    app.twilio_sms("SMq1", SHOP, "2 aashirvaad atta, 3 kg cheeni, 1 xylophone").await;
    let (order_id, state): (i64, String) =
        sqlx::query_as("select id, state from orders").fetch_one(&app.pool).await.unwrap();
    assert_eq!(state, "draft");
    let rows = app.outbound().await;
    assert_eq!(rows.len(), 1, "only the question goes out; the wholesaler waits: {rows:?}");
    let question = &rows[0].body;
    assert_eq!(rows[0].recipient, SHOP);
    assert!(question.contains("Aashirvaad Atta 1kg x2") && question.contains("Aashirvaad Atta 5kg x2"), "{question}");
    // The option number of the 5 kg bag, as written in the question.
    let five = question
        .split(", ")
        .find(|o| o.contains("5kg"))
        .and_then(|o| o.split_whitespace().find_map(|w| w.trim_start_matches('?').parse::<u32>().ok()))
        .expect("a numbered 5 kg option");

    // Something else than a number: asked again, nothing changes.
    app.twilio_sms("SMq2", SHOP, "haan bhai").await;
    assert_eq!(app.outbound().await.len(), 2);
    assert_eq!(app.count("select count(*) from orders where state = 'draft'").await, 1);

    app.twilio_sms("SMq3", SHOP, &five.to_string()).await;
    let (state, total): (String, i64) = sqlx::query_as("select state, total_paise from orders where id = $1")
        .bind(order_id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(state, "placed");
    let lines: Vec<(String, i32)> =
        sqlx::query_as("select sku, packs from order_lines where order_id = $1 order by line_no")
            .bind(order_id)
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(lines, vec![("SUGAR-LOOSE-1KG".to_owned(), 3), ("ATTA-AASH-5KG".to_owned(), 2)]);
    assert!(total > 0);
    let rows = app.outbound().await;
    let notice = rows.iter().find(|r| r.recipient == WHOLESALER).expect("the wholesaler is told now");
    assert!(
        notice.body.contains("Aashirvaad Atta 5kg x2") && notice.body.contains("Loose Sugar 1kg x3"),
        "{}",
        notice.body
    );
    let placed = rows.iter().rev().find(|r| r.recipient == SHOP).unwrap();
    assert!(placed.body.contains("Not found: 1 xylophone"), "{}", placed.body);
    app.stop().await;
}

#[tokio::test]
async fn skipping_every_unsure_line_drops_the_draft() {
    let app = TestApp::spawn().await;
    app.load_demo_data().await;
    app.twilio_sms("SMs1", "+919900000002", "2 aashirvaad atta").await;
    // The number words of the shop's language answer too: "shunya"/0 is not needed, "0" skips.
    app.twilio_sms("SMs2", "+919900000002", "0").await;
    assert_eq!(app.count("select count(*) from orders where state = 'cancelled'").await, 1);
    let rows = app.outbound().await;
    assert!(rows.iter().all(|r| r.recipient != WHOLESALER));
    assert!(rows.last().unwrap().body.contains("koi saaman nahi"), "{}", rows.last().unwrap().body);
    let events: Vec<String> =
        sqlx::query_scalar("select to_state from order_events order by id").fetch_all(&app.pool).await.unwrap();
    assert_eq!(events, vec!["draft", "cancelled"]);
    app.stop().await;
}

#[tokio::test]
async fn a_number_word_answers_the_question() {
    let app = TestApp::spawn().await;
    app.load_demo_data().await;
    // Ramesh writes Hinglish: "do" (two) picks option 2.
    app.twilio_sms("SMw1", "+919900000002", "aashirvaad atta 3").await;
    app.twilio_sms("SMw2", "+919900000002", "do").await;
    assert_eq!(app.count("select count(*) from orders where state = 'placed'").await, 1);
    assert_eq!(app.count("select count(*) from order_lines").await, 1);
    app.stop().await;
}
