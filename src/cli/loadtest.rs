//! `mandi loadtest`: drives a running gateway with unique, correctly signed inbound orders from many registered
//! shops, reports throughput and latency percentiles, then checks in the database that every acknowledged message
//! was stored exactly once. `mandi loadtest outbox` measures the outbox sending to a mock provider on loopback.

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::Context as _;
use hdrhistogram::Histogram;
use phonenumber::country;
use secrecy::{ExposeSecret as _, SecretString};
use sqlx::PgPool;
use tokio::sync::Mutex;
use tokio_util::sync::CancellationToken;

use super::output::{self, Table};
use crate::channels::console::{self, Console};
use crate::channels::generic::Generic;
use crate::channels::twilio::signature;
use crate::channels::{self as channels_mod, Registry};
use crate::config::{DatabaseArgs, OutboxSettings};
use crate::contacts::{self, Link, Role};
use crate::domain::Msisdn;
use crate::outbox::{self, NewMessage};
use crate::{db, telemetry};

/// Orders as shops write them, in several languages; each message is one of these.
const ORDERS: [&str; 8] = [
    "5 kg atta, 2 maggi",
    "do kilo chini aur teen packet maggi",
    "2 किलो चीनी, 1 किलो नमक",
    "tata salt 3, parle g 10 wala 12",
    "1 kg toor dal, 500 g haldi",
    "ಎರಡು ಕೆಜಿ ಸಕ್ಕರೆ",
    "3 packet maggi 2 dozen ande",
    "10 kg aashirvaad atta",
];

#[derive(clap::Args, Debug)]
pub struct LoadtestArgs {
    #[command(subcommand)]
    mode: Option<Mode>,
    /// The gateway's base URL.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    url: String,
    /// The channel to post to: generic (signed JSON) or twilio (signed form).
    #[arg(long, default_value = "generic", value_parser = ["generic", "twilio"])]
    channel: String,
    /// Messages to send in all.
    #[arg(long, default_value_t = 10_000)]
    messages: u64,
    /// Send at this many messages a second (open loop); without it, --concurrency requests are kept in flight.
    #[arg(long)]
    rate: Option<u64>,
    /// Requests in flight at once (closed loop), or the most in flight with --rate.
    #[arg(long, default_value_t = 64)]
    concurrency: usize,
    /// Registered shops to send from (created with a wholesaler if missing: +9170000xxxxx).
    #[arg(long, default_value_t = 500)]
    shops: u32,
    /// Secret of the generic channel (as the gateway has it).
    #[arg(long, env = "MANDI_GENERIC_SECRET", hide_env_values = true)]
    generic_secret: Option<SecretString>,
    /// Twilio auth token (as the gateway has it).
    #[arg(long, env = "MANDI_TWILIO_AUTH_TOKEN", hide_env_values = true)]
    twilio_auth_token: Option<SecretString>,
    /// The public URL the gateway signs Twilio webhooks with (MANDI_PUBLIC_URL); default: --url.
    #[arg(long, env = "MANDI_PUBLIC_URL")]
    public_url: Option<String>,
    /// Seconds to wait after sending for the gateway to finish processing, before counting orders.
    #[arg(long, default_value_t = 60)]
    settle: u64,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    db: DatabaseArgs,
}

#[derive(clap::Subcommand, Debug)]
enum Mode {
    /// Measure the outbox: queue messages and send them to a mock provider on loopback with the real workers.
    #[command(after_help = "\
Examples:
  mandi loadtest outbox --messages 20000
  mandi loadtest outbox --messages 50000 --workers 4 --json

Uses DATABASE_URL (a scratch database is best: the queued rows stay, marked sent).")]
    Outbox {
        /// Messages to queue and send.
        #[arg(long, default_value_t = 20_000)]
        messages: u64,
        /// Outbox workers (each claims batches with SKIP LOCKED, as gateway processes do).
        #[arg(long, default_value_t = 2)]
        workers: usize,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DatabaseArgs,
    },
}

/// What one request came back with.
struct Tally {
    latencies: Histogram<u64>,
    by_status: std::collections::BTreeMap<String, u64>,
    acked: Vec<String>,
}

pub async fn run(args: LoadtestArgs) -> anyhow::Result<ExitCode> {
    telemetry::init("warn");
    if let Some(Mode::Outbox { messages, workers, json, db }) = args.mode {
        return outbox_run(messages, workers, json, &db).await;
    }
    let secret = match args.channel.as_str() {
        "generic" => args.generic_secret.clone().context("--generic-secret (MANDI_GENERIC_SECRET) is needed")?,
        _ => args.twilio_auth_token.clone().context("--twilio-auth-token (MANDI_TWILIO_AUTH_TOKEN) is needed")?,
    };
    let pool = db::connect_and_migrate(&args.db.database_url, 4).await?;
    let shops = register_shops(&pool, args.shops).await?;
    let run_id = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis());
    let base = args.url.trim_end_matches('/').to_owned();
    let signed_base = args.public_url.clone().unwrap_or_else(|| base.clone()).trim_end_matches('/').to_owned();
    let client =
        reqwest::Client::builder().pool_max_idle_per_host(args.concurrency).timeout(Duration::from_secs(30)).build()?;
    if !args.json {
        eprintln!(
            "sending {} {} messages from {} shops to {base} ({})",
            args.messages,
            args.channel,
            shops.len(),
            args.rate.map_or_else(|| format!("{} in flight", args.concurrency), |r| format!("{r}/s"))
        );
    }

    let tally = Arc::new(Mutex::new(Tally {
        latencies: Histogram::new_with_bounds(1, 60_000_000, 3)?,
        by_status: Default::default(),
        acked: Vec::with_capacity(args.messages as usize),
    }));
    let next = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let bar = output::progress(args.messages, "sending", args.json);
    let mut workers = tokio::task::JoinSet::new();
    let spacing = args.rate.map(|r| Duration::from_secs_f64(1.0 / r.max(1) as f64));
    for _ in 0..args.concurrency.max(1) {
        let (client, tally, next, shops, bar) =
            (client.clone(), tally.clone(), next.clone(), shops.clone(), bar.clone());
        let (channel, base, signed_base, secret) =
            (args.channel.clone(), base.clone(), signed_base.clone(), secret.clone());
        let total = args.messages;
        workers.spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= total {
                    break;
                }
                if let Some(spacing) = spacing {
                    // Open loop: message i leaves at its own time, whatever the answers before it did.
                    let due = started + spacing * u32::try_from(i).unwrap_or(u32::MAX);
                    tokio::time::sleep_until(due.into()).await;
                }
                let id = format!("lt-{run_id}-{i}");
                let from = &shops[(i % shops.len() as u64) as usize];
                let text = ORDERS[(i % ORDERS.len() as u64) as usize];
                let request = match channel.as_str() {
                    "generic" => {
                        let body = serde_json::to_vec(
                            &serde_json::json!({"id": id, "from": from, "to": "MANDI", "text": text}),
                        )
                        .expect("JSON");
                        let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
                        client
                            .post(format!("{base}/sms/generic"))
                            .header("content-type", "application/json")
                            .header("X-Mandi-Signature", Generic::sign(secret.expose_secret().as_bytes(), now, &body))
                            .body(body)
                    }
                    _ => {
                        let params: Vec<(String, String)> = [
                            ("MessageSid", id.as_str()),
                            ("SmsSid", id.as_str()),
                            ("AccountSid", "AC00000000000000000000000000000000"),
                            ("From", from.as_str()),
                            ("To", "+15005550006"),
                            ("Body", text),
                            ("NumMedia", "0"),
                        ]
                        .iter()
                        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                        .collect();
                        let sig = signature::compute(
                            &format!("{signed_base}/sms/twilio"),
                            &params,
                            secret.expose_secret().as_bytes(),
                        );
                        client.post(format!("{base}/sms/twilio")).header("X-Twilio-Signature", sig).form(&params)
                    }
                };
                let sent = Instant::now();
                let status = match request.send().await {
                    Ok(response) => response.status().as_u16().to_string(),
                    Err(e) if e.is_timeout() => "timeout".to_owned(),
                    Err(_) => "connection error".to_owned(),
                };
                let micros = u64::try_from(sent.elapsed().as_micros()).unwrap_or(u64::MAX).max(1);
                let mut t = tally.lock().await;
                t.latencies.saturating_record(micros);
                if status == "200" {
                    t.acked.push(id);
                }
                *t.by_status.entry(status).or_default() += 1;
                drop(t);
                bar.inc(1);
            }
        });
    }
    while workers.join_next().await.is_some() {}
    bar.finish_and_clear();
    let elapsed = started.elapsed();
    let tally = Arc::try_unwrap(tally).map_err(|_| anyhow::anyhow!("workers still hold the tally"))?.into_inner();

    // Exactly once: every acknowledged id is in the inbound log, once.
    let stored: Vec<(String, i64)> = sqlx::query_as(
        "select provider_message_id, count(*) from inbound_messages where channel = $1 and provider_message_id like $2
         group by provider_message_id",
    )
    .bind(&args.channel)
    .bind(format!("lt-{run_id}-%"))
    .fetch_all(&pool)
    .await?;
    let stored_ids: std::collections::HashMap<&str, i64> = stored.iter().map(|(id, n)| (id.as_str(), *n)).collect();
    let missing = tally.acked.iter().filter(|id| !stored_ids.contains_key(id.as_str())).count();
    let duplicated = stored.iter().filter(|(_, n)| *n > 1).count();

    // Then how far processing got: each order message should end as an order.
    let deadline = Instant::now() + Duration::from_secs(args.settle);
    let (pending, orders, processed_after) = loop {
        let row: (i64, i64) = sqlx::query_as(
            "select count(*) filter (where m.status = 'received'), count(o.id)
             from inbound_messages m left join orders o on o.inbound_message_id = m.id
             where m.channel = $1 and m.provider_message_id like $2",
        )
        .bind(&args.channel)
        .bind(format!("lt-{run_id}-%"))
        .fetch_one(&pool)
        .await?;
        if row.0 == 0 || Instant::now() >= deadline {
            break (row.0, row.1, started.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    };

    let ms = |q: f64| tally.latencies.value_at_quantile(q) as f64 / 1000.0;
    let acked = tally.acked.len() as u64;
    let throughput = acked as f64 / elapsed.as_secs_f64();
    let exactly_once = missing == 0 && duplicated == 0;
    if args.json {
        output::json_line(&serde_json::json!({
            "channel": args.channel, "messages": args.messages, "acknowledged": acked,
            "by_status": tally.by_status, "seconds": elapsed.as_secs_f64(), "per_second": throughput,
            "latency_ms": {"p50": ms(0.5), "p90": ms(0.9), "p99": ms(0.99), "max": tally.latencies.max() as f64 / 1000.0},
            "stored_exactly_once": exactly_once, "missing": missing, "duplicated": duplicated,
            "unprocessed": pending, "orders": orders, "processed_after_seconds": processed_after.as_secs_f64(),
        }))?;
    } else {
        println!(
            "{acked} of {} acknowledged in {:.1} s: {throughput:.0} messages/s",
            args.messages,
            elapsed.as_secs_f64()
        );
        let mut table = Table::new(&["p50", "p90", "p99", "max"]).right(&[0, 1, 2, 3]);
        table.row(
            [ms(0.5), ms(0.9), ms(0.99), tally.latencies.max() as f64 / 1000.0]
                .iter()
                .map(|v| format!("{v:.1} ms"))
                .collect(),
        );
        table.print();
        let statuses: Vec<String> = tally.by_status.iter().map(|(s, n)| format!("{s}: {n}")).collect();
        println!("answers: {}", statuses.join(", "));
        println!(
            "stored exactly once: {} ({missing} acknowledged but missing, {duplicated} stored twice)",
            if exactly_once { "yes" } else { "NO" }
        );
        println!(
            "processed into {orders} orders {:.1} s after the first message ({:.0} messages/s); {pending} unprocessed",
            processed_after.as_secs_f64(),
            args.messages as f64 / processed_after.as_secs_f64()
        );
    }
    Ok(if exactly_once { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// The shops messages come from: `count` numbers +9170000xxxxx, registered with the first wholesaler found (or
/// a load-test wholesaler) so their orders are real orders.
async fn register_shops(pool: &PgPool, count: u32) -> anyhow::Result<Vec<String>> {
    let wholesaler =
        match sqlx::query_scalar::<_, i64>("select id from contacts where role = 'wholesaler' order by id limit 1")
            .fetch_optional(pool)
            .await?
        {
            Some(id) => id,
            None => {
                let phone = Msisdn::parse("+917999900000", country::Id::IN).map_err(anyhow::Error::msg)?;
                contacts::upsert(pool, &phone, "Load Test Wholesaler", Role::Wholesaler, None).await?
            }
        };
    let mut phones = Vec::with_capacity(count as usize);
    for i in 0..count {
        let phone = Msisdn::parse(&format!("+9170000{i:05}"), country::Id::IN).map_err(anyhow::Error::msg)?;
        let id = contacts::upsert(pool, &phone, &format!("Load Shop {i}"), Role::Shopkeeper, None).await?;
        contacts::link_wholesaler(pool, id, wholesaler, Link::Primary).await?;
        phones.push(phone.as_str().to_owned());
    }
    Ok(phones)
}

/// Queues `messages` messages for the generic channel and lets `workers` outbox workers send them to a mock
/// provider on loopback; reports messages sent a second.
async fn outbox_run(messages: u64, workers: usize, json: bool, db: &DatabaseArgs) -> anyhow::Result<ExitCode> {
    let pool = db::connect_and_migrate(&db.database_url, (workers as u32 * 2 + 2).max(4)).await?;
    let received = Arc::new(AtomicU64::new(0));
    let mock = {
        let received = received.clone();
        axum::Router::new().route(
            "/send",
            axum::routing::post(move || {
                let n = received.fetch_add(1, Ordering::Relaxed);
                async move { axum::Json(serde_json::json!({"id": format!("mock-{n}")})) }
            }),
        )
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let mock_url = format!("http://{}/send", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, mock).await });

    let mut registry = Registry::new(Arc::new(Console::new(console::Output::Quiet)));
    let generic = Generic::new(SecretString::from("loadtest")).sending_to(mock_url, Duration::from_secs(5))?;
    registry.register(Arc::new(generic));
    let registry = Arc::new(registry);

    let bar = output::progress(messages, "queueing", json);
    let mut conn = pool.acquire().await?;
    let run_id = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis());
    for chunk in (0..messages).collect::<Vec<_>>().chunks(1000) {
        let mut tx = sqlx::Connection::begin(&mut *conn).await?;
        for i in chunk {
            let message = NewMessage {
                channel: channels_mod::generic::NAME,
                recipient: &format!("+9170001{:05}", i % 100_000),
                body: format!("Order {run_id}-{i} confirmed by Sharma Traders."),
                kind: "loadtest",
                contact_id: None,
                order_id: None,
                inbound_message_id: None,
                dlt: None,
            };
            outbox::enqueue(&mut tx, &message, 10, i64::MAX).await?;
        }
        tx.commit().await?;
        bar.inc(chunk.len() as u64);
    }
    bar.finish_and_clear();
    drop(conn);

    let settings = OutboxSettings {
        batch_size: 200,
        max_attempts: 10,
        lease: Duration::from_secs(30),
        poll_interval: Duration::from_millis(50),
        send_timeout: Duration::from_secs(5),
        rate_limits: Default::default(),
    };
    let shutdown = CancellationToken::new();
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..workers.max(1) {
        tasks.spawn(outbox::run_worker(pool.clone(), registry.clone(), settings.clone(), shutdown.clone()));
    }
    let bar = output::progress(messages, "sending", json);
    while received.load(Ordering::Relaxed) < messages && started.elapsed() < Duration::from_secs(600) {
        bar.set_position(received.load(Ordering::Relaxed));
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // The provider has them all; wait for the rows to say so.
    loop {
        let left: i64 =
            sqlx::query_scalar("select count(*) from outbound_messages where kind = 'loadtest' and status <> 'sent'")
                .fetch_one(&pool)
                .await?;
        if left == 0 || started.elapsed() > Duration::from_secs(600) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let elapsed = started.elapsed();
    bar.finish_and_clear();
    shutdown.cancel();
    while tasks.join_next().await.is_some() {}
    let sent = received.load(Ordering::Relaxed);
    let per_second = sent as f64 / elapsed.as_secs_f64();
    if json {
        output::json_line(&serde_json::json!({
            "messages": messages, "sent": sent, "workers": workers, "seconds": elapsed.as_secs_f64(),
            "per_second": per_second,
        }))?;
    } else {
        println!(
            "{sent} of {messages} sent by {workers} worker(s) in {:.1} s: {per_second:.0} messages/s",
            elapsed.as_secs_f64()
        );
    }
    Ok(if sent >= messages { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
