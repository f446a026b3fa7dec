//! `mandi orders …` against real Postgres through the built binary.

use std::process::Output;

use serde_json::Value;
use sqlx::Connection as _;

use crate::cli::{CliDb, text};

const GUPTA: &str = "+919900000001";
const RAMESH: &str = "+919900000002";
const SHARMA: &str = "+919800000001";
const PATEL: &str = "+919800000002";

/// Demo data (shops, wholesalers, catalog) in a fresh database.
fn demo(tag: &str) -> CliDb {
    let db = CliDb::new(tag);
    let out = db.run(&["demo", "--no-serve"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    db
}

/// One SMS through the pipeline; returns its replies' texts.
fn sms(db: &CliDb, from: &str, body: &str) -> Vec<String> {
    let out = db.run(&["simulate", "--from", from, "--json", body]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    report["replies"].as_array().unwrap().iter().map(|r| r["text"].as_str().unwrap().to_owned()).collect()
}

/// A shop's order, placed by SMS; returns its code.
fn order(db: &CliDb, shop: &str, body: &str) -> String {
    sms(db, shop, body);
    let out = db.run(&["orders", "list", "--shop", shop, "--limit", "1", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    json_lines(&out)[0]["code"].as_str().unwrap().to_owned()
}

fn json_lines(out: &Output) -> Vec<Value> {
    text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// Exit code, standard output and standard error of one command.
fn run(db: &CliDb, args: &[&str]) -> (Option<i32>, String, String) {
    let out = db.run(args);
    (out.status.code(), text(&out.stdout), text(&out.stderr))
}

/// A count that depends on an order's code.
async fn count_for(db: &CliDb, sql: &'static str, code: &str) -> i64 {
    let mut conn = sqlx::PgConnection::connect_with(&mandi::db::connect_options(&db.url).unwrap()).await.unwrap();
    sqlx::query_scalar(sql).bind(code).fetch_one(&mut conn).await.unwrap()
}

/// Notices of a kind queued about the order with `code`, to `recipient`.
async fn notices(db: &CliDb, code: &str, kind: &str, recipient: &str) -> Vec<String> {
    let mut conn = sqlx::PgConnection::connect_with(&mandi::db::connect_options(&db.url).unwrap()).await.unwrap();
    sqlx::query_scalar(
        "select m.body from outbound_messages m join orders o on o.id = m.order_id
         where o.code = $1 and m.kind = $2 and m.recipient = $3 order by m.id",
    )
    .bind(code)
    .bind(kind)
    .bind(recipient)
    .fetch_all(&mut conn)
    .await
    .unwrap()
}

#[tokio::test]
async fn orders_list_filters_by_state_time_shop_and_wholesaler() {
    let db = demo("orders_list");
    let gupta = order(&db, GUPTA, "5 kg atta, 2 maggi");
    let ramesh = order(&db, RAMESH, "3 maggi");

    let (code, stdout, _) = run(&db, &["orders", "list"]);
    assert_eq!(code, Some(0));
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].starts_with("code  state   shop"), "{stdout}");
    assert!(lines[1].starts_with(&ramesh) && lines[1].contains("Ramesh General Store"), "newest first: {stdout}");
    assert!(lines[2].starts_with(&gupta), "{stdout}");
    for column in ["placed", "Gupta Kirana Store", "Sharma Traders", "Rs 238"] {
        assert!(lines[2].contains(column), "{column}: {stdout}");
    }

    let out = db.run(&["orders", "list", "--json"]);
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 2);
    let first = &rows[1];
    assert_eq!(first["code"], gupta.as_str());
    assert_eq!(first["state"], "placed");
    assert_eq!((first["shop_phone"].as_str(), first["shop"].as_str()), (Some(GUPTA), Some("Gupta Kirana Store")));
    assert_eq!(
        (first["wholesaler_phone"].as_str(), first["wholesaler"].as_str()),
        (Some(SHARMA), Some("Sharma Traders"))
    );
    assert_eq!((first["lines"].as_i64(), first["total_paise"].as_i64()), (Some(2), Some(23_800)));
    assert!(first["id"].is_i64() && first["created_at"].is_string() && first["updated_at"].is_string());

    // Phones as people type them.
    let out = db.run(&["orders", "list", "--shop", "99000 00002", "--json"]);
    assert_eq!(json_lines(&out).iter().map(|r| r["code"].clone()).collect::<Vec<_>>(), [ramesh.as_str()]);
    let out = db.run(&["orders", "list", "--wholesaler", "+91-98000-00001", "--state", "placed,confirmed", "--json"]);
    assert_eq!(json_lines(&out).len(), 2);
    let out = db.run(&["orders", "list", "--since", "1h", "--json"]);
    assert_eq!(json_lines(&out).len(), 2);

    // Nothing found is not an error.
    let (code, stdout, stderr) = run(&db, &["orders", "list", "--wholesaler", "098000 00002"]);
    assert_eq!((code, stdout.as_str(), stderr.trim()), (Some(0), "", "no orders"));
    let (code, stdout, _) = run(&db, &["orders", "list", "--state", "delivered", "--json"]);
    assert_eq!((code, stdout.as_str()), (Some(0), ""));
    let (code, _, _) = run(&db, &["orders", "list", "--since", "2099-01-01"]);
    assert_eq!(code, Some(0));

    let (code, stdout, stderr) = run(&db, &["orders", "list", "--limit", "1"]);
    assert_eq!((code, stdout.lines().count()), (Some(0), 2), "{stdout}");
    assert!(stderr.contains("first 1 shown (--limit 0 for all)"), "{stderr}");

    // Bad input: 3; wrong usage: 2.
    let (code, _, stderr) = run(&db, &["orders", "list", "--shop", "12345"]);
    assert_eq!(code, Some(3));
    assert!(stderr.contains("--shop: '12345' is not a valid phone number"), "{stderr}");
    let (code, _, stderr) = run(&db, &["orders", "list", "--wholesaler", GUPTA]);
    assert_eq!(code, Some(3));
    assert!(stderr.contains("--wholesaler: no wholesaler with the number +919900000001"), "{stderr}");
    let (code, _, stderr) = run(&db, &["orders", "list", "--shop", "+919955555555"]);
    assert_eq!(code, Some(3));
    assert!(stderr.contains("no shop with the number +919955555555"), "{stderr}");
    assert_eq!(db.run(&["orders", "list", "--state", "shipped"]).status.code(), Some(2));
    assert_eq!(db.run(&["orders", "list", "--since", "yesterday"]).status.code(), Some(2));
    db.drop().await;
}

#[tokio::test]
async fn orders_show_prints_lines_and_the_whole_timeline() {
    let db = demo("orders_show");
    let code = order(&db, GUPTA, "5 kg atta, 2 maggi");
    sms(&db, SHARMA, &format!("{code} 2 NO"));

    let (status, stdout, stderr) = run(&db, &["orders", "show", &code.to_lowercase()]);
    assert_eq!(status, Some(0), "{stderr}");
    assert!(stdout.starts_with(&format!("order       {code}\nstate       partially_confirmed\n")), "{stdout}");
    assert!(stdout.contains("shop        Gupta Kirana Store (+919900000001)"), "{stdout}");
    assert!(stdout.contains("wholesaler  Sharma Traders (+919800000001)"), "{stdout}");
    assert!(stdout.contains("total       Rs 210"), "the refused line no longer counts: {stdout}");
    assert!(stdout.contains("no  name"), "{stdout}");
    let atta = stdout.lines().find(|l| l.contains("ATTA-LOOSE-1KG")).unwrap();
    assert!(atta.starts_with(" 1  Loose Atta 1kg") && atta.contains("Rs 42") && atta.ends_with("confirmed"), "{atta}");
    let maggi = stdout.lines().find(|l| l.contains("NOOD-MAGGI-70G")).unwrap();
    assert!(maggi.ends_with("rejected"), "{maggi}");
    assert!(stdout.contains("place         - → placed"), "{stdout}");
    let answered = stdout.lines().find(|l| l.contains("confirm_part")).unwrap();
    assert!(answered.contains("placed → partially_confirmed  wholesaler  {\"refused_lines\":[2]}"), "{answered}");
    assert!(stderr.is_empty(), "{stderr}");

    let out = db.run(&["orders", "show", &code, "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let shown: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(shown["code"], code.as_str());
    assert_eq!((shown["shop_phone"].as_str(), shown["wholesaler_phone"].as_str()), (Some(GUPTA), Some(SHARMA)));
    assert_eq!(shown["total_paise"], 21_000);
    assert_eq!(shown["lines"][0]["sku"], "ATTA-LOOSE-1KG");
    assert_eq!(
        (shown["lines"][0]["packs"].as_i64(), shown["lines"][0]["total_paise"].as_i64()),
        (Some(5), Some(21_000))
    );
    assert_eq!(shown["lines"][1]["status"], "rejected");
    let events: Vec<(&str, &str)> = shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["event"].as_str().unwrap(), e["actor"].as_str().unwrap()))
        .collect();
    assert_eq!(events, [("place", "shop"), ("confirm_part", "wholesaler")]);
    assert_eq!(shown["events"][1]["details"]["refused_lines"][0], 2);
    assert_eq!(shown["older_with_code"], 0);

    // An old closed order with the same code: the newest is shown, and the older one is mentioned.
    let mut conn = sqlx::PgConnection::connect_with(&mandi::db::connect_options(&db.url).unwrap()).await.unwrap();
    sqlx::query(
        "insert into orders (code, shop_id, wholesaler_id, state, created_at)
         select code, shop_id, wholesaler_id, 'delivered', now() - interval '40 days' from orders where code = $1",
    )
    .bind(&code)
    .execute(&mut conn)
    .await
    .unwrap();
    let (status, stdout, stderr) = run(&db, &["orders", "show", &code]);
    assert_eq!(status, Some(0));
    assert!(stdout.contains("partially_confirmed"), "{stdout}");
    assert!(stderr.contains(&format!("1 older order(s) had the code {code} too")), "{stderr}");

    let (status, stdout, stderr) = run(&db, &["orders", "show", "ZZZ9"]);
    assert_eq!((status, stdout.as_str(), stderr.trim()), (Some(3), "", "no order ZZZ9"));
    let (status, _, stderr) = run(&db, &["orders", "show", "hello"]);
    assert_eq!(status, Some(3));
    assert!(stderr.contains("'hello' is not an order code"), "{stderr}");
    assert_eq!(db.run(&["orders", "show"]).status.code(), Some(2));
    db.drop().await;
}

#[tokio::test]
async fn an_operator_cancels_an_order_and_both_parties_are_told() {
    let db = demo("orders_cancel");
    let code = order(&db, GUPTA, "5 kg atta, 2 maggi");

    let (status, stdout, stderr) = run(&db, &["orders", "cancel", &code, "--reason", "shop closed for Diwali"]);
    assert_eq!(status, Some(0), "{stderr}");
    assert_eq!(stdout.trim(), format!("{code} cancelled (shop and wholesaler told)"));
    assert_eq!(notices(&db, &code, "order_cancelled", GUPTA).await, [format!("Order {code} is cancelled.")]);
    let withdrawn = notices(&db, &code, "wholesaler_withdrawn", SHARMA).await;
    assert_eq!(withdrawn, [format!("Mandi ne Gupta Kirana Store ka order {code} radd kar diya. Kripya mat bhejiye.")]);
    let sql = "select count(*) from order_events e join orders o on o.id = e.order_id
               where o.code = $1 and e.event = 'cancel' and e.actor = 'operator'
                 and e.details ->> 'reason' = 'shop closed for Diwali'";
    assert_eq!(count_for(&db, sql, &code).await, 1);

    // What the state does not allow, an unknown code, a malformed one.
    let (status, _, stderr) = run(&db, &["orders", "cancel", &code]);
    assert_eq!(
        (status, stderr.trim()),
        (Some(3), format!("order {code} is cancelled: it cannot be cancelled").as_str())
    );
    let (status, _, stderr) = run(&db, &["orders", "cancel", "ZZZ9"]);
    assert_eq!((status, stderr.trim()), (Some(3), "no order ZZZ9"));
    let (status, _, stderr) = run(&db, &["orders", "cancel", "K7"]);
    assert_eq!(status, Some(3));
    assert!(stderr.contains("'K7' is not an order code"), "{stderr}");
    assert_eq!(
        count_for(
            &db,
            "select count(*) from order_events e join orders o on o.id = e.order_id where o.code = $1",
            &code
        )
        .await,
        2
    );

    // A draft's wholesaler never saw it: only the shop is told.
    sms(&db, RAMESH, "2 aashirvaad atta");
    let out = db.run(&["orders", "list", "--shop", RAMESH, "--state", "draft", "--json"]);
    let draft = json_lines(&out)[0]["code"].as_str().unwrap().to_owned();
    let out = db.run(&["orders", "cancel", &draft, "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (report["action"].as_str(), report["from"].as_str(), report["to"].as_str()),
        (Some("cancel"), Some("draft"), Some("cancelled"))
    );
    assert_eq!(report["told"], serde_json::json!(["shop"]));
    assert_eq!(report["shop_phone"], RAMESH);
    assert!(notices(&db, &draft, "wholesaler_withdrawn", SHARMA).await.is_empty());
    assert_eq!(notices(&db, &draft, "order_cancelled", RAMESH).await, [format!("Order {draft} radd ho gaya.")]);
    db.drop().await;
}

#[tokio::test]
async fn an_operator_dispatches_and_delivers_only_when_the_state_allows() {
    let db = demo("orders_deliver");
    let code = order(&db, GUPTA, "5 kg atta, 2 maggi");

    let (status, _, stderr) = run(&db, &["orders", "dispatch", &code]);
    assert_eq!((status, stderr.trim()), (Some(3), format!("order {code} is placed: it cannot be dispatched").as_str()));
    let (status, _, stderr) = run(&db, &["orders", "deliver", &code]);
    assert_eq!((status, stderr.trim()), (Some(3), format!("order {code} is placed: it cannot be delivered").as_str()));

    sms(&db, SHARMA, &format!("YES {code}"));
    let out = db.run(&["orders", "dispatch", &code.to_lowercase(), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["code"], code.as_str());
    assert_eq!((report["from"].as_str(), report["to"].as_str()), (Some("confirmed"), Some("dispatched")));
    assert_eq!(
        (report["told"].clone(), report["wholesaler_phone"].as_str()),
        (serde_json::json!(["shop"]), Some(SHARMA))
    );
    assert_eq!(
        notices(&db, &code, "order_dispatched", GUPTA).await,
        [format!("Your order {code} is on the way from Sharma Traders.")]
    );

    let (status, _, stderr) = run(&db, &["orders", "cancel", &code]);
    assert_eq!(
        (status, stderr.trim()),
        (Some(3), format!("order {code} is dispatched: it cannot be cancelled").as_str())
    );
    let (status, stdout, _) = run(&db, &["orders", "deliver", &code]);
    assert_eq!((status, stdout.trim()), (Some(0), format!("{code} delivered (shop told)").as_str()));
    assert_eq!(
        notices(&db, &code, "order_delivered", GUPTA).await,
        [format!("Your order {code} from Sharma Traders is marked delivered. Thank you!")]
    );
    let (status, _, stderr) = run(&db, &["orders", "cancel", &code]);
    assert_eq!(
        (status, stderr.trim()),
        (Some(3), format!("order {code} is delivered: it cannot be cancelled").as_str())
    );

    let out = db.run(&["orders", "show", &code, "--json"]);
    let shown: Value = serde_json::from_slice(&out.stdout).unwrap();
    let events: Vec<(&str, &str, &str)> = shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["event"].as_str().unwrap(), e["to"].as_str().unwrap(), e["actor"].as_str().unwrap()))
        .collect();
    assert_eq!(
        events,
        [
            ("place", "placed", "shop"),
            ("confirm", "confirmed", "wholesaler"),
            ("dispatch", "dispatched", "operator"),
            ("deliver", "delivered", "operator"),
        ]
    );
    db.drop().await;
}

#[tokio::test]
async fn an_operator_reassigns_a_placed_order_to_another_registered_wholesaler() {
    let db = demo("orders_reassign");
    let code = order(&db, GUPTA, "5 kg atta, 2 maggi");

    // Bad input first: nothing changes.
    let (status, _, stderr) = run(&db, &["orders", "reassign", &code, "--to", "12345"]);
    assert_eq!(status, Some(3));
    assert!(stderr.contains("--to: '12345' is not a valid phone number"), "{stderr}");
    let (status, _, stderr) = run(&db, &["orders", "reassign", &code, "--to", RAMESH]);
    assert_eq!((status, stderr.trim()), (Some(3), "no wholesaler with the number +919900000002"));
    let (status, _, stderr) = run(&db, &["orders", "reassign", &code, "--to", "+919811111111"]);
    assert_eq!((status, stderr.trim()), (Some(3), "no wholesaler with the number +919811111111"));
    let (status, _, stderr) = run(&db, &["orders", "reassign", &code, "--to", "098000 00001"]);
    assert_eq!((status, stderr.trim()), (Some(3), format!("order {code} is already with Sharma Traders").as_str()));
    let (status, _, stderr) = run(&db, &["orders", "reassign", "ZZZ9", "--to", PATEL]);
    assert_eq!((status, stderr.trim()), (Some(3), "no order ZZZ9"));
    assert_eq!(db.run(&["orders", "reassign", &code]).status.code(), Some(2), "--to is required");
    let sql = "select count(*) from order_events e join orders o on o.id = e.order_id where o.code = $1 and e.event = 'reroute'";
    assert_eq!(count_for(&db, sql, &code).await, 0);

    let (status, stdout, stderr) = run(&db, &["orders", "reassign", &code, "--to", "98000 00002"]);
    assert_eq!(status, Some(0), "{stderr}");
    assert_eq!(
        stdout.trim(),
        format!(
            "{code} reassigned from Sharma Traders to Patel Wholesale (new wholesaler, old wholesaler and shop told)"
        )
    );
    let sql = "select count(*) from orders o join contacts w on w.id = o.wholesaler_id
               where o.code = $1 and o.state = 'placed' and w.phone = '+919800000002'";
    assert_eq!(count_for(&db, sql, &code).await, 1);
    let sql = "select count(*) from order_events e join orders o on o.id = e.order_id
               where o.code = $1 and e.event = 'reroute' and e.actor = 'operator'
                 and (e.details ->> 'to_wholesaler_id')::bigint = o.wholesaler_id";
    assert_eq!(count_for(&db, sql, &code).await, 1);
    let notice = notices(&db, &code, "wholesaler_order", PATEL).await;
    assert!(notice.len() == 1 && notice[0].contains("1. Loose Atta 1kg x5"), "{notice:?}");
    assert_eq!(notices(&db, &code, "wholesaler_withdrawn", SHARMA).await.len(), 1);
    assert_eq!(
        notices(&db, &code, "order_reassigned", GUPTA).await,
        [format!("Your order {code} now goes to Patel Wholesale. We will SMS you when they confirm.")]
    );

    // The old wholesaler's late YES is told the order moved; the new one's YES confirms it.
    let replies = sms(&db, SHARMA, &format!("YES {code}"));
    assert!(replies.iter().any(|r| r.contains("doosre wholesaler")), "{replies:?}");
    let replies = sms(&db, PATEL, &format!("YES {code}"));
    assert!(replies.iter().any(|r| r.contains("confirmed by Patel Wholesale")), "{replies:?}");

    let out = db.run(&["orders", "reassign", &code, "--to", SHARMA, "--json"]);
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(text(&out.stderr).trim(), format!("order {code} is confirmed: it cannot be reassigned"));
    assert!(out.stdout.is_empty());

    // --json on success.
    let other = order(&db, RAMESH, "3 maggi");
    let out = db.run(&["orders", "reassign", &other, "--to", PATEL, "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["action"], "reassign");
    assert_eq!((report["from"].as_str(), report["to"].as_str()), (Some("placed"), Some("placed")));
    assert_eq!(
        (report["wholesaler_phone"].as_str(), report["previous_wholesaler_phone"].as_str()),
        (Some(PATEL), Some(SHARMA))
    );
    assert_eq!(report["told"], serde_json::json!(["new wholesaler", "old wholesaler", "shop"]));
    db.drop().await;
}

#[test]
fn every_orders_command_has_examples_and_exit_codes_in_its_help() {
    for command in ["list", "show", "cancel", "reassign", "dispatch", "deliver"] {
        let out = CliDb::new("help").run(&["orders", command, "--help"]);
        assert_eq!(out.status.code(), Some(0), "{command}");
        let help = text(&out.stdout);
        assert!(help.contains("Examples:") && help.contains("Exit codes:"), "orders {command} --help:\n{help}");
    }
}
