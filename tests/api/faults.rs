//! The gateway killed with SIGKILL in the middle of a load and started again: no acknowledged message is lost,
//! none is stored or ordered twice, and no outbound message stays claimed by the dead process.

use std::collections::HashSet;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use mandi::channels::generic::Generic;
use tokio::sync::Mutex;

use crate::cli::{CliDb, text};

const SECRET: &str = "fault-secret";

fn serve(db: &CliDb, port: u16) -> Child {
    Command::new(env!("CARGO_BIN_EXE_mandi"))
        .arg("serve")
        .env("DATABASE_URL", &db.url)
        .env("MANDI_LISTEN", format!("127.0.0.1:{port}"))
        .env("MANDI_GENERIC_SECRET", SECRET)
        .env_remove("MANDI_TWILIO_AUTH_TOKEN")
        .env("MANDI_OUTBOX_LEASE_SECS", "2")
        .env("MANDI_INBOUND_RETRY_SECS", "1")
        .env("MANDI_SENDER_LIMIT_PER_MINUTE", "100000")
        .env("MANDI_MAX_SMS_PER_HOUR", "100000")
        .env("MANDI_REDIS_PREFIX", format!("mandi_fault_{port}"))
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .spawn()
        .expect("the gateway starts")
}

async fn wait_healthy(port: u16) {
    for _ in 0..200 {
        if reqwest::get(format!("http://127.0.0.1:{port}/healthz")).await.is_ok_and(|r| r.status() == 200) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the gateway did not come up");
}

#[tokio::test]
async fn a_gateway_killed_mid_load_loses_nothing_and_doubles_nothing() {
    let db = CliDb::new("sigkill");
    assert_eq!(db.run(&["demo", "--no-serve"]).status.code(), Some(0));
    // Shops to send from: the demo's five, each with a wholesaler.
    let shops = ["+919900000001", "+919900000002", "+919900000003", "+919900000004", "+919900000005"];
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut gateway = serve(&db, port);
    wait_healthy(port).await;

    // Eight senders post 400 orders, each retried until acknowledged (as providers do).
    const MESSAGES: usize = 400;
    let acked = Arc::new(Mutex::new(HashSet::new()));
    let run = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_millis();
    let client = reqwest::Client::builder().timeout(Duration::from_secs(5)).build().unwrap();
    let mut senders = tokio::task::JoinSet::new();
    for worker in 0..8 {
        let (client, acked) = (client.clone(), acked.clone());
        senders.spawn(async move {
            for i in (worker..MESSAGES).step_by(8) {
                let id = format!("kill-{run}-{i}");
                let body = serde_json::to_vec(&serde_json::json!({
                    "id": id, "from": shops[i % shops.len()], "to": "MANDI", "text": "2 maggi, 1 kg atta"
                }))
                .unwrap();
                loop {
                    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64;
                    let answer = client
                        .post(format!("http://127.0.0.1:{port}/sms/generic"))
                        .header("content-type", "application/json")
                        .header("X-Mandi-Signature", Generic::sign(SECRET.as_bytes(), now, &body))
                        .body(body.clone())
                        .send()
                        .await;
                    if answer.is_ok_and(|r| r.status() == 200) {
                        acked.lock().await.insert(id.clone());
                        break;
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
        });
    }
    // Kill it hard once a third is in, then start it again.
    while acked.lock().await.len() < MESSAGES / 3 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    gateway.kill().unwrap();
    gateway.wait().unwrap();
    let at_kill = acked.lock().await.len();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut gateway = serve(&db, port);
    wait_healthy(port).await;
    while senders.join_next().await.is_some() {}
    assert_eq!(acked.lock().await.len(), MESSAGES);
    assert!(at_kill < MESSAGES, "the kill landed mid-load");

    // The restarted gateway finishes what the dead one left: stored-but-unhandled messages, claimed outbox rows.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let left = db
            .count(
                "select (select count(*) from inbound_messages where status = 'received')
                      + (select count(*) from outbound_messages where status in ('queued', 'sending'))",
            )
            .await;
        if left == 0 || Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(db.count("select count(*) from inbound_messages").await, MESSAGES as i64, "each stored once");
    assert_eq!(db.count("select count(*) from inbound_messages where status = 'received'").await, 0);
    assert_eq!(db.count("select count(*) from orders").await, MESSAGES as i64, "one order per message");
    assert_eq!(
        db.count("select count(*) from (select 1 from orders group by inbound_message_id having count(*) > 1) d").await,
        0
    );
    assert_eq!(db.count("select count(*) from outbound_messages where status in ('queued', 'sending')").await, 0);
    assert_eq!(
        db.count("select count(*) from outbound_messages where kind = 'order_placed'").await,
        MESSAGES as i64,
        "every shop told once"
    );
    gateway.kill().unwrap();
    gateway.wait().unwrap();
    let out = db.run(&["outbox", "list", "--status", "failed"]);
    assert!(text(&out.stdout).is_empty(), "{}", text(&out.stdout));
    db.drop().await;
}
