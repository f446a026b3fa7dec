//! `mandi inbox …` and `mandi stats` against real Postgres through the built binary.

use std::process::{Command, Output};

use serde_json::{Value, json};
use wiremock::matchers::method;
use wiremock::{Mock, ResponseTemplate};

use crate::cli::{CliDb, text};
use crate::helpers::{SHOP, TestApp, TestOptions, WHOLESALER};

const UNKNOWN: &str = "+919111111111";

/// Simulates one SMS and returns its inbound message id.
fn simulate(db: &CliDb, from: &str, body: &str) -> i64 {
    let out = db.run(&["simulate", "--from", from, "--json", body]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    report["inbound_id"].as_i64().unwrap()
}

fn json_lines(out: &Output) -> Vec<Value> {
    text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[tokio::test]
async fn the_inbox_lists_what_needs_a_person_and_resolve_marks_it_handled() {
    let db = CliDb::new("inbox");
    assert_eq!(db.run(&["demo", "--no-serve"]).status.code(), Some(0));
    let out = db.run(&["inbox", "list"]);
    assert_eq!((out.status.code(), text(&out.stdout).as_str()), (Some(0), ""));
    assert!(text(&out.stderr).contains("nothing to handle"), "{}", text(&out.stderr));

    let order = simulate(&db, SHOP, "5 kg atta, 2 maggi");
    let unparsed = simulate(&db, SHOP, "hello there");
    let long = format!("please call me\nabout prices of {}", "basmati rice ".repeat(8));
    let unregistered = simulate(&db, UNKNOWN, &long);

    let out = db.run(&["inbox", "list"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    let rows: Vec<&str> = table.lines().collect();
    assert_eq!(rows.len(), 3, "a header and the two messages, newest first:\n{table}");
    assert!(rows[0].starts_with("id") && rows[0].contains("from") && rows[0].contains("text"), "{table}");
    assert!(rows[1].contains(UNKNOWN) && rows[1].contains("unregistered"), "{table}");
    assert!(rows[1].contains("please call me⏎about prices") && rows[1].ends_with('…'), "cut to one line: {table}");
    assert!(rows[2].contains("+919900000001 (Gupta Kirana Store)") && rows[2].contains("unparsed"), "{table}");
    assert!(rows[2].ends_with("hello there"), "{table}");
    assert!(!table.contains("atta"), "a processed order needs nobody: {table}");

    // Every field in full for scripts.
    let out = db.run(&["inbox", "list", "--json"]);
    let listed = json_lines(&out);
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0]["id"], unregistered);
    assert_eq!(listed[0]["from"], UNKNOWN);
    assert_eq!(listed[0]["text"], long.as_str());
    assert_eq!(listed[0]["contact_name"], Value::Null);
    assert_eq!(listed[1]["id"], unparsed);
    assert_eq!(listed[1]["contact_name"], "Gupta Kirana Store");
    assert_eq!(listed[1]["lang"], "en");
    assert_eq!(listed[1]["resolved_at"], Value::Null);

    let out = db.run(&["inbox", "list", "--unparsed", "--json"]);
    let ids: Vec<Value> = json_lines(&out).iter().map(|m| m["id"].clone()).collect();
    assert_eq!(ids, [json!(unparsed)]);
    let out = db.run(&["inbox", "list", "--limit", "1", "--since", "1h"]);
    assert_eq!(text(&out.stdout).lines().count(), 2, "a header and one message");
    assert!(text(&out.stderr).contains("there are more"), "{}", text(&out.stderr));

    // Resolving: the good id is resolved, the others are named, and the exit code says so.
    let (missing, order_id) = ("999999".to_owned(), order.to_string());
    let out = db.run(&["inbox", "resolve", &unparsed.to_string(), &missing, &order_id, "--note", "called back"]);
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(text(&out.stdout).trim(), "resolved 1 message(s)");
    let stderr = text(&out.stderr);
    assert!(stderr.contains("no message 999999"), "{stderr}");
    assert!(stderr.contains(&format!("message {order} is processed: it is not waiting for a person")), "{stderr}");
    assert_eq!(db.count("select count(*) from inbound_messages where resolution = 'called back'").await, 1);

    let out = db.run(&["inbox", "resolve", &unparsed.to_string()]);
    assert_eq!(out.status.code(), Some(3), "resolving twice is bad input");
    assert!(
        text(&out.stderr).contains(&format!("message {unparsed} was already resolved at")),
        "{}",
        text(&out.stderr)
    );

    let out = db.run(&["inbox", "list", "--json"]);
    let ids: Vec<Value> = json_lines(&out).iter().map(|m| m["id"].clone()).collect();
    assert_eq!(ids, [json!(unregistered)], "a resolved message leaves the inbox");
    let out = db.run(&["inbox", "list", "--all"]);
    let table = text(&out.stdout);
    let header: Vec<&str> = table.lines().next().unwrap().split_whitespace().collect();
    assert_eq!(header[header.len() - 2..], ["resolved", "note"], "{table}");
    assert!(table.lines().any(|l| l.contains("hello there") && l.ends_with("called back")), "{table}");
    let out = db.run(&["inbox", "list", "--all", "--json"]);
    let resolved = json_lines(&out).into_iter().find(|m| m["id"] == unparsed).unwrap();
    assert!(resolved["resolved_at"].is_string() && resolved["resolution"] == "called back", "{resolved}");

    let out = db.run(&["inbox", "resolve", &unregistered.to_string()]);
    assert_eq!((out.status.code(), text(&out.stdout).trim()), (Some(0), "resolved 1 message(s)"));
    let out = db.run(&["inbox", "list"]);
    assert_eq!((out.status.code(), text(&out.stdout).as_str()), (Some(0), ""));
    assert!(text(&out.stderr).contains("nothing to handle"));

    // Bad input.
    let out = db.run(&["inbox", "list", "--since", "yesterday"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(text(&out.stderr).contains("--since: 'yesterday' is not a time"), "{}", text(&out.stderr));
    assert_eq!(db.run(&["inbox", "resolve", "abc"]).status.code(), Some(2), "an id is a number");
    assert_eq!(db.run(&["inbox", "resolve"]).status.code(), Some(2), "at least one id");
    assert_eq!(db.run(&["inbox", "list", "--limit", "many"]).status.code(), Some(2));
    assert_eq!(db.run(&["inbox", "list", "--limit", "0"]).status.code(), Some(2));
    db.drop().await;
}

/// The built binary on a test gateway's database.
fn mandi(app: &TestApp, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mandi"))
        .args(args)
        .env("DATABASE_URL", &app.database_url)
        .env_remove("MANDI_SEGMENT_COST")
        .env("RUST_LOG", "error")
        .output()
        .expect("the mandi binary runs")
}

#[tokio::test]
async fn stats_count_orders_rates_segments_and_response_times() {
    // A gateway sending through Twilio (mocked), so segments are really sent and cost something.
    let app = TestApp::spawn_with(TestOptions { twilio_sends: true, ..TestOptions::default() }).await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"sid": "SMstats"})))
        .mount(&app.twilio)
        .await;
    app.load_demo_data().await;

    // Order A: two lines matched directly. The shop then writes something unreadable, and a stranger writes.
    app.twilio_sms("SMs1", SHOP, "5 kg atta, 2 maggi").await;
    let code_a: String = sqlx::query_scalar("select code from orders").fetch_one(&app.pool).await.unwrap();
    app.twilio_sms("SMs2", SHOP, "hello there").await;
    app.twilio_sms("SMs3", "+919111111111", "hi").await;
    // Order B: one line asked back (the shop picks option 2), one not found.
    app.twilio_sms("SMs4", SHOP, "2 aashirvaad atta, 3 kg xylophone").await;
    app.twilio_sms("SMs5", SHOP, "2").await;
    assert_eq!(app.count("select count(*) from orders where state = 'placed'").await, 2);

    // The wholesaler answers A thirty minutes after it was placed…
    app.twilio_sms("SMs6", WHOLESALER, &format!("YES {code_a}")).await;
    sqlx::query(
        "update order_events p set at = a.at - interval '30 minutes'
         from order_events a where a.order_id = p.order_id and a.event = 'confirm' and p.event = 'place'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    // …and never answers B, which goes to the backup wholesaler, who does not answer either.
    for _ in 0..2 {
        sqlx::query("update orders set placed_at = now() - interval '31 minutes' where state = 'placed'")
            .execute(&app.pool)
            .await
            .unwrap();
        assert_eq!(app.pipeline.expire_due().await.unwrap().len(), 1);
    }
    app.run_outbox().await;
    let segments = app.count("select sum(segments) from outbound_messages where status = 'sent'").await;
    assert!(segments >= 10, "every reply and notice went out through Twilio: {segments}");

    let out = mandi(&app, &["stats", "--json", "--segment-cost", "0.5"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stats: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        stats["orders"]["by_state"],
        json!([
            {"state": "confirmed", "orders": 1, "value_paise": 23800},
            {"state": "expired", "orders": 1, "value_paise": 13600},
        ])
    );
    assert_eq!(stats["orders"]["orders"], 2);
    let inbound = &stats["inbound"];
    assert_eq!((inbound["shop_processed"].clone(), inbound["shop_unparsed"].clone()), (json!(3), json!(1)));
    assert_eq!(inbound["parse_success_rate"], 0.75);
    assert!(inbound["by_status"].as_array().unwrap().contains(&json!({"status": "unregistered", "messages": 1})));
    assert_eq!(
        stats["lines"],
        json!({"lines": 4, "matched": 2, "chosen": 1, "skipped": 0, "open": 0, "not_found": 1,
               "match_success_rate": 0.5, "with_questions_rate": 0.75})
    );
    let outbound = &stats["outbound"];
    assert_eq!(outbound["segments_sent"], segments);
    assert_eq!(outbound["estimated_cost_paise"], segments * 50, "segments × ₹0.50");
    assert!(outbound["by_channel"].as_array().unwrap().iter().all(|r| r["channel"] == "twilio"), "{outbound}");
    let times = &stats["response_times"];
    assert_eq!(
        times["overall"],
        json!({"wholesaler_id": null, "wholesaler": null, "answered": 1, "median_minutes": 30.0, "p90_minutes": 30.0,
               "expired": 1, "rerouted": 1})
    );
    let by_name: Vec<(Value, Value, Value, Value)> = times["by_wholesaler"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| (w["wholesaler"].clone(), w["answered"].clone(), w["expired"].clone(), w["rerouted"].clone()))
        .collect();
    assert_eq!(
        by_name,
        [
            (json!("Patel Wholesale"), json!(0), json!(1), json!(0)),
            (json!("Sharma Traders"), json!(1), json!(0), json!(1)),
        ]
    );

    // The same for people, in titled tables.
    let out = mandi(&app, &["stats", "--segment-cost", "0.5"]);
    assert_eq!(out.status.code(), Some(0));
    let report = text(&out.stdout);
    for expected in [
        "\nOrders\n",
        "confirmed       1   ₹238",
        "parse success: 75.0% (from shops: 3 processed, 1 unparsed)",
        "match success: 50.0% directly, 75.0% with questions",
        &format!("segments sent: {segments} (sent or delivered, console left out), estimated cost ₹"),
        "\nWholesaler response times (minutes)\n",
    ] {
        assert!(report.contains(expected), "{expected:?} in:\n{report}");
    }
    let sharma = report.lines().find(|l| l.starts_with("Sharma Traders")).unwrap();
    assert_eq!(sharma.split_whitespace().collect::<Vec<_>>(), ["Sharma", "Traders", "1", "30.0", "30.0", "0", "1"]);

    // A window with nothing in it: counts are zero and rates are absent, not zero.
    let out = mandi(&app, &["stats", "--since", "2099-01-01", "--json"]);
    let empty: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(empty["orders"]["orders"], 0);
    assert_eq!(empty["inbound"]["parse_success_rate"], Value::Null);
    assert_eq!(empty["lines"]["match_success_rate"], Value::Null);
    assert_eq!(empty["response_times"]["overall"]["answered"], 0);

    // Bad input.
    let out = mandi(&app, &["stats", "--since", "last week"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(text(&out.stderr).contains("--since: 'last week' is not a time"), "{}", text(&out.stderr));
    let out = mandi(&app, &["stats", "--segment-cost=free"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("'free' is not an amount in rupees"), "{}", text(&out.stderr));
    app.stop().await;
}

#[test]
fn inbox_and_stats_have_help_with_examples() {
    for args in [vec!["inbox", "list", "--help"], vec!["inbox", "resolve", "--help"], vec!["stats", "--help"]] {
        let out = Command::new(env!("CARGO_BIN_EXE_mandi")).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let help = text(&out.stdout);
        assert!(help.contains("Examples:") && help.contains("Exit codes:"), "{args:?}:\n{help}");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_mandi")).args(["stats", "--help"]).output().unwrap();
    let help = text(&out.stdout);
    assert!(
        help.contains("Parse success = processed /") && help.contains("Match success = matched directly"),
        "{help}"
    );
}
