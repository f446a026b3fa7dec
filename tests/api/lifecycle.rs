//! The wholesaler loop end to end against real Postgres: every state-machine move in SQL, partial answers,
//! dispatch, CANCEL and REPEAT, expiry and re-routing, who may act on which order, and races between them.

use mandi::orders::store::{self as order_store, Actor, TransitionError};
use mandi::orders::{OrderEvent, OrderState, transition};

use crate::helpers::{SHOP, TestApp, WHOLESALER, code_in};

/// Patel Wholesale: the demo shop's backup wholesaler.
const BACKUP: &str = "+919800000002";
/// Another demo shop, served by the same primary wholesaler.
const OTHER_SHOP: &str = "+919900000002";

/// The newest message to `to`.
async fn last_to(app: &TestApp, to: &str) -> String {
    app.outbound().await.into_iter().rev().find(|r| r.recipient == to).map(|r| r.body).unwrap_or_default()
}

async fn messages_to(app: &TestApp, to: &str) -> Vec<String> {
    app.outbound().await.into_iter().filter(|r| r.recipient == to).map(|r| r.body).collect()
}

/// Places "5 kg atta, 2 maggi, tata salt 3" for the demo shop; returns the order id and code.
async fn place(app: &TestApp, sid: &str) -> (i64, String) {
    app.twilio_sms(sid, SHOP, "5 kg atta, 2 maggi, tata salt 3").await;
    let notice = last_to(app, WHOLESALER).await;
    let code = code_in(&notice);
    let id: i64 = sqlx::query_scalar("select id from orders where code = $1 order by id desc limit 1")
        .bind(&code)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    (id, code)
}

async fn state(app: &TestApp, order_id: i64) -> String {
    sqlx::query_scalar("select state from orders where id = $1").bind(order_id).fetch_one(&app.pool).await.unwrap()
}

async fn events(app: &TestApp, order_id: i64) -> Vec<String> {
    sqlx::query_scalar("select event from order_events where order_id = $1 order by id")
        .bind(order_id)
        .fetch_all(&app.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn every_move_of_the_state_machine_is_guarded_in_sql() {
    let app = TestApp::spawn().await;
    app.load_demo_data().await;
    let (shop, wholesaler): (i64, i64) =
        sqlx::query_as("select (select id from contacts where phone = $1), (select id from contacts where phone = $2)")
            .bind(SHOP)
            .bind(WHOLESALER)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let alphabet: Vec<char> = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ".chars().collect();
    let mut legal = 0;
    for (i, from) in OrderState::ALL.into_iter().enumerate() {
        for (j, event) in OrderEvent::ALL.into_iter().enumerate() {
            let code: String = ['Q', 'Z', alphabet[i], alphabet[j]].iter().collect();
            let order_id: i64 = sqlx::query_scalar(
                "insert into orders (code, shop_id, wholesaler_id, state) values ($1, $2, $3, $4) returning id",
            )
            .bind(&code)
            .bind(shop)
            .bind(wholesaler)
            .bind(from.as_str())
            .fetch_one(&app.pool)
            .await
            .unwrap();
            let mut tx = app.pool.begin().await.unwrap();
            let moved =
                order_store::apply_event(&mut tx, order_id, event, Actor::Operator, None, serde_json::json!({})).await;
            tx.commit().await.unwrap();
            let now = state(&app, order_id).await;
            let written = events(&app, order_id).await;
            match transition(from, event) {
                Ok(to) => {
                    legal += 1;
                    assert!(moved.is_ok(), "{from:?} + {event:?}: {moved:?}");
                    assert_eq!(now, to.as_str(), "{from:?} + {event:?}");
                    assert_eq!(written, [event.as_str()], "{from:?} + {event:?}");
                }
                Err(_) => {
                    assert!(matches!(moved, Err(TransitionError::Illegal(_))), "{from:?} + {event:?}: {moved:?}");
                    assert_eq!(now, from.as_str(), "{from:?} + {event:?} must not move");
                    assert!(written.is_empty(), "{from:?} + {event:?} wrote {written:?}");
                }
            }
        }
    }
    assert_eq!(legal, 13);
    app.stop().await;
}

#[tokio::test]
async fn a_partial_answer_then_dispatch_and_the_shop_follows_along() {
    let app = TestApp::spawn().await;
    app.load_demo_data().await;
    let (order_id, code) = place(&app, "SMp1").await;
    assert_eq!(state(&app, order_id).await, "placed");
    let notice = last_to(&app, WHOLESALER).await;
    assert!(notice.contains("3. Tata Salt 1kg x3"), "{notice}");

    // Sharma Traders has no Maggi: "2 nahi baaki ok" (the only order waiting, so no code needed).
    app.twilio_sms("SMp2", WHOLESALER, "2 nahi baaki ok").await;
    assert_eq!(state(&app, order_id).await, "partially_confirmed");
    let line_states: Vec<String> =
        sqlx::query_scalar("select state from order_lines where order_id = $1 order by line_no")
            .bind(order_id)
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(line_states, ["confirmed", "rejected", "confirmed"]);
    let total: i64 = sqlx::query_scalar("select total_paise from orders where id = $1")
        .bind(order_id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(total, 5 * 4200 + 3 * 3000, "the total is what will come");
    let to_shop = last_to(&app, SHOP).await;
    assert!(to_shop.contains("2 of 3") && to_shop.contains("Maggi") && to_shop.contains(&code), "{to_shop}");
    let ack = last_to(&app, WHOLESALER).await;
    assert!(ack.contains(&code) && ack.contains("item 2 chhodkar"), "{ack}");

    // "SENT" moves it on the way; the shop is told; STATUS shows it; CANCEL is too late now.
    app.twilio_sms("SMp3", WHOLESALER, &format!("sent {code}")).await;
    assert_eq!(state(&app, order_id).await, "dispatched");
    assert!(last_to(&app, SHOP).await.contains("on the way"));
    app.twilio_sms("SMp4", SHOP, "STATUS").await;
    let status = last_to(&app, SHOP).await;
    assert!(status.contains(&format!("{code} on the way")), "{status}");
    app.twilio_sms("SMp5", SHOP, "cancel").await;
    let refused = last_to(&app, SHOP).await;
    assert!(refused.contains("can no longer be cancelled"), "{refused}");
    assert_eq!(state(&app, order_id).await, "dispatched");
    assert_eq!(events(&app, order_id).await, ["place", "confirm_part", "dispatch"]);

    // A second "YES" for the same order gets a clear answer and changes nothing.
    app.twilio_sms("SMp6", WHOLESALER, &format!("YES {code}")).await;
    let answer = last_to(&app, WHOLESALER).await;
    assert!(answer.contains(&code), "{answer}");
    assert_eq!(events(&app, order_id).await.len(), 3);
    app.stop().await;
}

#[tokio::test]
async fn wrong_line_numbers_and_a_reason_are_answered() {
    let app = TestApp::spawn().await;
    app.load_demo_data().await;
    let (order_id, code) = place(&app, "SMw1").await;
    app.twilio_sms("SMw2", WHOLESALER, &format!("{code} 5 nahi")).await;
    assert_eq!(state(&app, order_id).await, "placed");
    assert!(last_to(&app, WHOLESALER).await.contains("1 se 3"), "{}", last_to(&app, WHOLESALER).await);
    app.twilio_sms("SMw3", WHOLESALER, &format!("NO {code} rate badh gaya")).await;
    assert_eq!(state(&app, order_id).await, "rejected");
    let to_shop = last_to(&app, SHOP).await;
    assert!(to_shop.contains("rate badh gaya"), "{to_shop}");
    let reason: String =
        sqlx::query_scalar("select details ->> 'reason' from order_events where order_id = $1 and event = 'reject'")
            .bind(order_id)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(reason, "rate badh gaya");
    app.stop().await;
}

#[tokio::test]
async fn cancel_tells_the_wholesaler_and_repeat_places_the_last_order_again() {
    let app = TestApp::spawn().await;
    app.load_demo_data().await;
    let (order_id, code) = place(&app, "SMc1").await;
    app.twilio_sms("SMc2", WHOLESALER, "haan").await;
    assert_eq!(state(&app, order_id).await, "confirmed");
    app.twilio_sms("SMc3", SHOP, &format!("CANCEL {code}")).await;
    assert_eq!(state(&app, order_id).await, "cancelled");
    assert!(last_to(&app, SHOP).await.contains("is cancelled"));
    let told = last_to(&app, WHOLESALER).await;
    assert!(told.contains(&code) && told.contains("radd"), "{told}");
    let actors: Vec<String> = sqlx::query_scalar("select actor from order_events where order_id = $1 order by id")
        .bind(order_id)
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert_eq!(actors, ["shop", "wholesaler", "shop"]);

    // REPEAT: the same lines, as a new order to the same wholesaler.
    app.twilio_sms("SMc4", SHOP, "repeat").await;
    let repeated: (i64, String) =
        sqlx::query_as("select id, state from orders where id <> $1 order by id desc limit 1")
            .bind(order_id)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(repeated.1, "placed");
    let lines = |id: i64| {
        let pool = app.pool.clone();
        async move {
            sqlx::query_as::<_, (String, i32)>(
                "select sku, packs from order_lines where order_id = $1 order by line_no",
            )
            .bind(id)
            .fetch_all(&pool)
            .await
            .unwrap()
        }
    };
    assert_eq!(lines(repeated.0).await, lines(order_id).await);
    let notice = last_to(&app, WHOLESALER).await;
    assert!(notice.contains("3. Tata Salt 1kg x3"), "{notice}");

    // Nothing open and a code that is not the shop's.
    app.twilio_sms("SMc5", OTHER_SHOP, "cancel").await;
    assert!(last_to(&app, OTHER_SHOP).await.contains("koi khula order nahi"));
    app.stop().await;
}

#[tokio::test]
async fn an_unanswered_order_goes_to_the_backup_then_expires_once() {
    let app = TestApp::spawn().await;
    app.load_demo_data().await;
    let (order_id, code) = place(&app, "SMx1").await;
    // Not yet due: nothing happens.
    assert!(app.pipeline.expire_due().await.unwrap().is_empty());

    // Thirty minutes pass without an answer; two gateways look at once: one re-route.
    sqlx::query("update orders set placed_at = now() - interval '31 minutes' where id = $1")
        .bind(order_id)
        .execute(&app.pool)
        .await
        .unwrap();
    let (a, b) = tokio::join!(app.pipeline.expire_due(), app.pipeline.expire_due());
    assert_eq!(a.unwrap().len() + b.unwrap().len(), 1);
    assert_eq!(events(&app, order_id).await, ["place", "reroute"]);
    let holder: String =
        sqlx::query_scalar("select c.phone from orders o join contacts c on c.id = o.wholesaler_id where o.id = $1")
            .bind(order_id)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(holder, BACKUP);
    let to_backup = last_to(&app, BACKUP).await;
    assert!(to_backup.contains(&code) && to_backup.contains("1. Loose Atta 1kg x5"), "{to_backup}");
    assert!(last_to(&app, SHOP).await.contains("Patel Wholesale"));
    assert!(last_to(&app, WHOLESALER).await.contains("doosre wholesaler"));

    // The first wholesaler's late YES is answered and changes nothing.
    app.twilio_sms("SMx2", WHOLESALER, &format!("YES {code}")).await;
    assert!(last_to(&app, WHOLESALER).await.contains("doosre wholesaler"));
    assert_eq!(state(&app, order_id).await, "placed");

    // The backup does not answer either: the order expires and the shop is told.
    sqlx::query("update orders set placed_at = now() - interval '31 minutes' where id = $1")
        .bind(order_id)
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(app.pipeline.expire_due().await.unwrap().len(), 1);
    assert_eq!(state(&app, order_id).await, "expired");
    assert!(last_to(&app, SHOP).await.contains("did not answer"));
    assert!(app.pipeline.expire_due().await.unwrap().is_empty(), "fires once");
    app.stop().await;
}

#[tokio::test]
async fn a_party_acts_only_on_its_own_orders() {
    let app = TestApp::spawn().await;
    app.load_demo_data().await;
    let (order_id, code) = place(&app, "SMa1").await;
    // Patel Wholesale is not this order's wholesaler.
    app.twilio_sms("SMa2", BACKUP, &format!("YES {code}")).await;
    assert!(last_to(&app, BACKUP).await.contains(&format!("No open order {code}")));
    // Another shop cannot cancel it.
    app.twilio_sms("SMa3", OTHER_SHOP, &format!("cancel {code}")).await;
    assert!(last_to(&app, OTHER_SHOP).await.contains(&code));
    assert_eq!(state(&app, order_id).await, "placed");
    assert_eq!(events(&app, order_id).await, ["place"]);
    // And the store refuses a party that is not the order's, even when called directly.
    let patel: i64 =
        sqlx::query_scalar("select id from contacts where phone = $1").bind(BACKUP).fetch_one(&app.pool).await.unwrap();
    let mut tx = app.pool.begin().await.unwrap();
    let refused = order_store::apply_event(
        &mut tx,
        order_id,
        OrderEvent::Confirm,
        Actor::Wholesaler(patel),
        None,
        serde_json::json!({}),
    )
    .await;
    assert!(matches!(refused, Err(TransitionError::NotYours(_))), "{refused:?}");
    tx.rollback().await.unwrap();
    app.stop().await;
}

#[tokio::test]
async fn racing_answers_and_cancels_end_in_one_true_story() {
    let app = TestApp::spawn().await;
    app.load_demo_data().await;
    for round in 0..4 {
        // Two YES at once (a double tap): one confirms, the other hears it is already confirmed.
        let (order_id, code) = place(&app, &format!("SMr{round}a")).await;
        let (sid_b, sid_c, yes, ok) =
            (format!("SMr{round}b"), format!("SMr{round}c"), format!("YES {code}"), format!("ok {code}"));
        let (x, y) = tokio::join!(app.twilio_sms(&sid_b, WHOLESALER, &yes), app.twilio_sms(&sid_c, WHOLESALER, &ok));
        assert_eq!((x.status().as_u16(), y.status().as_u16()), (200, 200));
        assert_eq!(events(&app, order_id).await, ["place", "confirm"]);

        // CANCEL racing SENT: whichever wins, the events agree with the state and the loser is answered.
        let (sid_d, sid_e, cancel, sent) =
            (format!("SMr{round}d"), format!("SMr{round}e"), format!("cancel {code}"), format!("SENT {code}"));
        let (c, s) = tokio::join!(app.twilio_sms(&sid_d, SHOP, &cancel), app.twilio_sms(&sid_e, WHOLESALER, &sent));
        assert_eq!((c.status().as_u16(), s.status().as_u16()), (200, 200));
        let end = state(&app, order_id).await;
        let story = events(&app, order_id).await;
        match end.as_str() {
            "cancelled" => assert_eq!(story, ["place", "confirm", "cancel"]),
            "dispatched" => {
                assert_eq!(story, ["place", "confirm", "dispatch"]);
                assert!(
                    last_to(&app, SHOP).await.contains("on the way") || {
                        let all = messages_to(&app, SHOP).await;
                        all.iter().any(|m| m.contains("can no longer be cancelled"))
                    }
                );
            }
            other => panic!("unexpected end state {other}"),
        }
        // A provider retry of the same SMS does nothing more.
        app.twilio_sms(&sid_e, WHOLESALER, &sent).await;
        assert_eq!(events(&app, order_id).await, story);
    }
    app.stop().await;
}

#[tokio::test]
async fn a_long_order_reaches_the_wholesaler_in_parts_that_each_fit() {
    let app = TestApp::spawn().await;
    app.load_demo_data().await;
    let items = [
        "5 kg atta",
        "2 kg cheeni",
        "3 maggi",
        "tata salt 2",
        "1 kg besan",
        "2 kg chawal",
        "1 kg maida",
        "1 kg suji",
        "1 kg poha",
        "1 kg gud",
        "1 kg dalia",
        "1 kg sabudana",
        "1 kg toor dal",
        "1 kg moong dal",
        "1 kg ragi",
        "2 kg basmati",
        "india gate 1",
        "madhur 5 kg",
        "fortune besan 2",
        "saffola oats 1",
    ];
    app.twilio_sms("SMl1", SHOP, &items.join(", ")).await;
    let lines: i64 = app.count("select count(*) from order_lines").await;
    assert!(lines >= 15, "{lines} lines");
    let notices: Vec<_> = app
        .outbound()
        .await
        .into_iter()
        .filter(|r| r.recipient == WHOLESALER && r.kind == "wholesaler_order")
        .collect();
    assert!(notices.len() >= 2, "{} part(s)", notices.len());
    assert!(notices.iter().all(|n| n.segments <= mandi::inbound::NOTICE_SEGMENTS as i32), "{notices:?}");
    let text: String = notices.iter().map(|n| n.body.as_str()).collect::<Vec<_>>().join("\n");
    for n in 1..=lines {
        assert!(text.contains(&format!("\n{n}. ")), "line {n} is in a part: {text}");
    }
    assert!(notices[0].body.contains(&format!("(1/{})", notices.len())), "{}", notices[0].body);
    assert!(notices.last().unwrap().body.contains("YES"), "the reply instructions come last");
    app.stop().await;
}
