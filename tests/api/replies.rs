//! Replies in the sender's language at the lowest cost: LANG, STOP/START, encodings and DLT ids on the rows.

use crate::helpers::{SHOP, TestApp, WHOLESALER, code_in};

async fn last_to(app: &TestApp, to: &str) -> Option<mandi::outbox::OutboundRow> {
    app.outbound().await.into_iter().rev().find(|r| r.recipient == to)
}

#[tokio::test]
async fn lang_changes_the_reply_language_and_its_cost() {
    let app = TestApp::spawn().await;
    app.load_demo_data().await;
    app.twilio_sms("SMg1", SHOP, "LANG marathi").await;
    let lang: Option<String> =
        sqlx::query_scalar("select lang from contacts where phone = $1").bind(SHOP).fetch_one(&app.pool).await.unwrap();
    assert_eq!(lang.as_deref(), Some("mr"));
    let confirmation = last_to(&app, SHOP).await.unwrap();
    assert!(confirmation.body.contains("मराठी"), "{}", confirmation.body);
    assert_eq!(confirmation.encoding, "UCS-2");

    app.twilio_sms("SMg2", SHOP, "5 kg atta, 2 maggi").await;
    let placed = last_to(&app, SHOP).await.unwrap();
    assert!(placed.body.contains("ऑर्डर") && placed.segments <= 2, "{placed:?}");

    // Hinglish in Latin letters costs one GSM-7 segment; the ₹ of a total is written Rs there.
    app.twilio_sms("SMg3", SHOP, "bhasha hinglish").await;
    app.twilio_sms("SMg4", SHOP, "5 kg atta, 2 maggi").await;
    let cheaper = last_to(&app, SHOP).await.unwrap();
    assert_eq!((cheaper.encoding.as_str(), cheaper.segments), ("GSM-7", 1), "{cheaper:?}");
    assert!(cheaper.body.contains("Rs 238") && !cheaper.body.contains('₹'), "{}", cheaper.body);

    app.twilio_sms("SMg5", SHOP, "LANG klingon").await;
    let unknown = last_to(&app, SHOP).await.unwrap();
    assert!(unknown.body.contains("mr") && unknown.body.contains("ta"), "{}", unknown.body);
    app.stop().await;
}

#[tokio::test]
async fn a_number_that_sent_stop_gets_nothing_but_the_confirmation() {
    let app = TestApp::spawn().await;
    app.load_demo_data().await;
    app.twilio_sms("SMs1", SHOP, "5 kg atta").await;
    let code = code_in(&last_to(&app, WHOLESALER).await.unwrap().body);
    app.twilio_sms("SMs2", SHOP, "STOP").await;
    let before = app.outbound().await.len();
    assert_eq!(last_to(&app, SHOP).await.unwrap().kind, "opt_out");

    // The wholesaler confirms: the order moves, the wholesaler is answered, the shop is sent nothing.
    app.twilio_sms("SMs3", WHOLESALER, &format!("YES {code}")).await;
    assert_eq!(app.count("select count(*) from orders where state = 'confirmed'").await, 1);
    let after: Vec<_> = app.outbound().await.into_iter().skip(before).collect();
    assert!(!after.is_empty() && after.iter().all(|r| r.recipient == WHOLESALER), "{after:?}");
    app.twilio_sms("SMs4", SHOP, "status").await;
    assert_eq!(last_to(&app, SHOP).await.unwrap().kind, "opt_out");

    // START: messages flow again.
    app.twilio_sms("SMs5", SHOP, "start").await;
    assert_eq!(last_to(&app, SHOP).await.unwrap().kind, "opt_in");
    app.twilio_sms("SMs6", SHOP, "status").await;
    assert_eq!(last_to(&app, SHOP).await.unwrap().kind, "status");

    // An unregistered number's STOP counts too, in its own words.
    app.twilio_sms("SMs7", "+919811111111", "बंद").await;
    assert_eq!(last_to(&app, "+919811111111").await.unwrap().kind, "opt_out");
    app.twilio_sms("SMs8", "+919811111111", "hello").await;
    assert_eq!(app.outbound().await.iter().filter(|r| r.recipient == "+919811111111").count(), 1);
    app.stop().await;
}

#[tokio::test]
async fn every_row_carries_its_dlt_template_and_header() {
    let app = TestApp::spawn().await;
    app.load_demo_data().await;
    app.twilio_sms("SMd1", SHOP, "5 kg atta, 2 maggi").await;
    let rows: Vec<(String, Option<String>, Option<String>)> =
        sqlx::query_as("select kind, dlt_template_id, sender_header from outbound_messages order by id")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(rows.len(), 2);
    for (kind, id, header) in &rows {
        assert!(id.as_deref().is_some_and(|i| i.len() == 19), "{kind}: {id:?}");
        assert_eq!(header.as_deref(), Some("MANDIO"), "{kind}");
    }
    app.stop().await;
}
