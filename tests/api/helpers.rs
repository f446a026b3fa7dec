//! A real gateway per test: its own Postgres database, its own Redis key prefix, a wiremock server standing in for
//! Twilio, the HTTP server on port 0, and the outbox driven step by step.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use mandi::app::{Application, Workers};
use mandi::channels::console::{self, Console};
use mandi::channels::generic::Generic;
use mandi::channels::twilio::signature;
use mandi::config::{GenericSettings, OutboxSettings, Settings, TwilioSettings};
use mandi::inbound::Pipeline;
use mandi::outbox::{self, BatchOutcome, Filter, OutboundRow};
use secrecy::SecretString;
use sqlx::{Connection as _, PgConnection, PgPool};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use wiremock::MockServer;

pub const PUBLIC_URL: &str = "https://mandi.example.com";
pub const TWILIO_TOKEN: &str = "test-auth-token";
pub const TWILIO_SID: &str = "AC00000000000000000000000000000001";
pub const TWILIO_FROM: &str = "+15005550006";
pub const GENERIC_SECRET: &str = "generic-test-secret";
pub const AT_TOKEN: &str = "at-webhook-token";
pub const PLIVO_TOKEN: &str = "plivo-auth-token";
pub const MSG91_TOKEN: &str = "msg91-webhook-token";
pub const TEXTLOCAL_TOKEN: &str = "textlocal-webhook-token";

pub const SHOP: &str = "+919900000001";
pub const WHOLESALER: &str = "+919800000001";

/// The server holding test databases: `MANDI_TEST_DATABASE_URL`, else `DATABASE_URL`, else the local one.
fn admin_url() -> String {
    let url = std::env::var("MANDI_TEST_DATABASE_URL")
        .or_else(|_| std::env::var("DATABASE_URL"))
        .unwrap_or_else(|_| "postgres://127.0.0.1:5432/postgres".into());
    with_database(&url, "postgres")
}

/// `url` with its database name replaced.
pub fn with_database(url: &str, database: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let server = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    match query {
        Some(q) => format!("{server}/{database}?{q}"),
        None => format!("{server}/{database}"),
    }
}

fn redis_url() -> String {
    std::env::var("REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into())
}

fn unique(prefix: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    format!("{prefix}_{}_{}_{}", now.as_secs(), std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed))
}

/// Drops test databases left by runs more than an hour old (their names carry their creation time).
async fn purge_stale_databases(admin: &mut PgConnection) {
    let cutoff = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() - 3600;
    let names: Vec<String> =
        sqlx::query_scalar("select datname::text from pg_database where datname like 'mandi_test_%'")
            .fetch_all(&mut *admin)
            .await
            .unwrap_or_default();
    for name in names {
        let created = name.split('_').nth(2).and_then(|s| s.parse::<u64>().ok()).unwrap_or(u64::MAX);
        if created < cutoff {
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!("drop database if exists \"{name}\" with (force)")))
                .execute(&mut *admin)
                .await;
        }
    }
}

/// Options for one test gateway.
#[derive(Default)]
pub struct TestOptions {
    /// Connect to Postgres through this address instead of directly (to simulate an outage).
    pub postgres_via: Option<SocketAddr>,
    /// Send through Twilio (a wiremock server) rather than the console.
    pub twilio_sends: bool,
    /// MANDI_SEGMENTS_PER_SECOND for this gateway.
    pub rate_limits: Option<String>,
    /// Connect to Redis through this address instead of directly (to simulate an outage).
    pub redis_via: Option<SocketAddr>,
    /// USSD timing other than the defaults.
    pub ussd: Option<mandi::config::UssdSettings>,
    /// Abuse limits other than the defaults (30 a minute in, 60 an hour out).
    pub sender_limit_per_minute: Option<u32>,
    pub max_sms_per_hour: Option<i64>,
}

pub struct TestApp {
    pub address: SocketAddr,
    pub pool: PgPool,
    pub pipeline: Arc<Pipeline>,
    pub ussd: Arc<mandi::ussd::Ussd>,
    pub console: Arc<Console>,
    pub settings: Settings,
    pub twilio: MockServer,
    pub database_url: String,
    pub http: reqwest::Client,
    shutdown: CancellationToken,
    server: Option<JoinHandle<anyhow::Result<()>>>,
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(TestOptions::default()).await
    }

    pub async fn spawn_with(options: TestOptions) -> Self {
        mandi::telemetry::init("warn");
        let admin_url = admin_url();
        let database = unique("mandi_test");
        let mut admin = PgConnection::connect_with(&mandi::db::connect_options(&admin_url).unwrap())
            .await
            .expect("Postgres must be running for the integration tests (see README)");
        purge_stale_databases(&mut admin).await;
        admin.close().await.ok();

        let database_url = with_database(&admin_url, &database);
        let app_url = match options.postgres_via {
            Some(proxy) => {
                let after_scheme = database_url.split_once("://").unwrap().1;
                let userinfo = after_scheme.split('/').next().unwrap().rsplit_once('@').map(|(u, _)| format!("{u}@"));
                let user = userinfo.unwrap_or_else(|| {
                    let o = mandi::db::connect_options(&database_url).unwrap();
                    format!("{}@", o.get_username())
                });
                format!("postgres://{user}{proxy}/{database}")
            }
            None => database_url.clone(),
        };
        let twilio = MockServer::start().await;
        let settings = Settings {
            database_url: app_url,
            redis_url: options.redis_via.map_or_else(redis_url, |proxy| format!("redis://{proxy}")),
            redis_prefix: unique("mandi_test"),
            listen: "127.0.0.1:0".parse().unwrap(),
            public_url: PUBLIC_URL.into(),
            default_country: phonenumber::country::Id::IN,
            generic: Some(GenericSettings {
                secret: SecretString::from(GENERIC_SECRET),
                send_url: Some(format!("{}/generic/send", twilio.uri())),
            }),
            twilio: Some(TwilioSettings {
                auth_token: SecretString::from(TWILIO_TOKEN),
                account_sid: Some(TWILIO_SID.into()),
                from: Some(TWILIO_FROM.into()),
                base_url: twilio.uri(),
            }),
            africastalking: Some(mandi::channels::africastalking::AfricasTalkingSettings {
                username: "sandbox".into(),
                api_key: SecretString::from("at-api-key"),
                from: None,
                base_url: twilio.uri(),
                path_token: SecretString::from(AT_TOKEN),
            }),
            plivo: Some(mandi::channels::plivo::PlivoSettings {
                auth_id: "MAxxxx".into(),
                auth_token: SecretString::from(PLIVO_TOKEN),
                from: Some("919000000001".into()),
                base_url: twilio.uri(),
                dlt_entity_id: None,
            }),
            msg91: Some(mandi::channels::msg91::Msg91Settings {
                auth_key: SecretString::from("msg91-auth-key"),
                sender: "MANDIO".into(),
                route: "4".into(),
                base_url: twilio.uri(),
                webhook_token: SecretString::from(MSG91_TOKEN),
            }),
            textlocal: Some(mandi::channels::textlocal::TextlocalSettings {
                api_key: SecretString::from("textlocal-key"),
                sender: "MANDIO".into(),
                base_url: twilio.uri(),
                webhook_token: SecretString::from(TEXTLOCAL_TOKEN),
            }),
            outbound_channel: (!options.twilio_sends).then(|| console::NAME.to_owned()),
            outbox: OutboxSettings {
                batch_size: 50,
                max_attempts: 4,
                lease: Duration::from_secs(30),
                poll_interval: Duration::from_millis(200),
                send_timeout: Duration::from_millis(800),
                rate_limits: Arc::new(options.rate_limits.clone().map_or_else(Default::default, |spec| {
                    mandi::outbox::rate::RateLimits::parse(&spec).expect("a valid rate spec")
                })),
            },
            inbound_retry_after: Duration::from_secs(30),
            order_sla_minutes: 30,
            ussd: options.ussd.clone().unwrap_or_default(),
            processors: 0,
            sender_limit_per_minute: options.sender_limit_per_minute.unwrap_or(30),
            max_sms_per_hour: options.max_sms_per_hour.unwrap_or(60),
            dlt_templates: Some(std::path::PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/fixtures/dlt-templates.toml"
            ))),
        };
        let app = Application::build(settings.clone(), console::Output::Quiet, Workers::Off)
            .await
            .expect("the gateway builds");
        let address = app.local_addr();
        let pipeline = app.pipeline.clone();
        let ussd = app.ussd.clone();
        let console = app.console.clone();
        let shutdown = app.shutdown_token();
        if let Some(redis) = &pipeline.redis {
            redis.wait_connected(Duration::from_secs(5)).await;
        }
        let server = tokio::spawn(app.run_until_stopped());
        // The tests' own view of the database, never through the proxy.
        let pool = mandi::db::connect(&database_url, 5).await.unwrap();
        Self {
            address,
            pool,
            pipeline,
            ussd,
            console,
            settings,
            twilio,
            database_url,
            http: reqwest::Client::new(),
            shutdown,
            server: Some(server),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// Loads the demo catalog, wholesalers and shops.
    pub async fn load_demo_data(&self) {
        mandi::cli::demo::load_demo_data(&self.pool, phonenumber::country::Id::IN).await.unwrap();
    }

    /// POSTs a Twilio inbound webhook, signed as Twilio signs it.
    pub async fn post_twilio(&self, params: &[(&str, &str)]) -> reqwest::Response {
        let owned: Vec<(String, String)> = params.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        let sig = signature::compute(&format!("{PUBLIC_URL}/sms/twilio"), &owned, TWILIO_TOKEN.as_bytes());
        self.post_twilio_signed(params, Some(&sig)).await
    }

    pub async fn post_twilio_signed(&self, params: &[(&str, &str)], sig: Option<&str>) -> reqwest::Response {
        let mut request = self.http.post(self.url("/sms/twilio")).form(params);
        if let Some(sig) = sig {
            request = request.header("X-Twilio-Signature", sig);
        }
        request.send().await.unwrap()
    }

    /// An SMS from `from` as Twilio would deliver it.
    pub async fn twilio_sms(&self, sid: &str, from: &str, body: &str) -> reqwest::Response {
        self.post_twilio(&[
            ("MessageSid", sid),
            ("SmsSid", sid),
            ("AccountSid", TWILIO_SID),
            ("From", from),
            ("To", TWILIO_FROM),
            ("Body", body),
            ("NumMedia", "0"),
            ("ToCity", ""),
        ])
        .await
    }

    /// POSTs a generic-channel webhook signed now.
    pub async fn post_generic(&self, body: &serde_json::Value) -> reqwest::Response {
        let raw = serde_json::to_vec(body).unwrap();
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64;
        let header = Generic::sign(GENERIC_SECRET.as_bytes(), now, &raw);
        self.post_generic_raw(raw, Some(header)).await
    }

    pub async fn post_generic_raw(&self, raw: Vec<u8>, header: Option<String>) -> reqwest::Response {
        let mut request = self.http.post(self.url("/sms/generic")).header("content-type", "application/json").body(raw);
        if let Some(h) = header {
            request = request.header("X-Mandi-Signature", h);
        }
        request.send().await.unwrap()
    }

    /// One outbox batch, as the worker would run it.
    pub async fn run_outbox(&self) -> BatchOutcome {
        outbox::run_batch(&self.pool, &self.pipeline.channels, &self.settings.outbox, &Filter::default()).await.unwrap()
    }

    /// Makes every queued message due now (instead of sleeping through a backoff).
    pub async fn fast_forward_outbox(&self) {
        sqlx::query("update outbound_messages set next_attempt_at = now() where status = 'queued'")
            .execute(&self.pool)
            .await
            .unwrap();
    }

    pub async fn outbound(&self) -> Vec<OutboundRow> {
        let ids: Vec<i64> =
            sqlx::query_scalar("select id from outbound_messages order by id").fetch_all(&self.pool).await.unwrap();
        let mut rows = Vec::new();
        for id in ids {
            rows.push(outbox::get(&self.pool, id).await.unwrap().unwrap());
        }
        rows
    }

    pub async fn count(&self, sql: &'static str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(&self.pool).await.unwrap()
    }

    pub async fn stop(mut self) {
        self.shutdown.cancel();
        if let Some(server) = self.server.take() {
            server.await.unwrap().unwrap();
        }
        self.pool.close().await;
        let admin_url = admin_url();
        let database = self.database_url.rsplit('/').next().unwrap().split('?').next().unwrap().to_owned();
        let mut admin = PgConnection::connect_with(&mandi::db::connect_options(&admin_url).unwrap()).await.unwrap();
        let _ = sqlx::query(sqlx::AssertSqlSafe(format!("drop database if exists \"{database}\" with (force)")))
            .execute(&mut admin)
            .await;
    }
}

/// The order code in a wholesaler notice ("… YES K7PX …").
pub fn code_in(text: &str) -> String {
    text.split_whitespace()
        .skip_while(|w| *w != "YES")
        .nth(1)
        .map(|w| w.trim_matches(|c: char| !c.is_ascii_alphanumeric()).to_owned())
        .expect("the notice names the order code after YES")
}

/// Where the test Redis server listens.
pub fn redis_address() -> SocketAddr {
    let url = redis_url();
    let rest = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
    let host_port = rest.rsplit_once('@').map_or(rest, |(_, h)| h).split('/').next().unwrap_or("127.0.0.1:6379");
    let host_port = if host_port.contains(':') { host_port.to_owned() } else { format!("{host_port}:6379") };
    host_port.replace("localhost", "127.0.0.1").parse().expect("a TCP Redis address for the outage test")
}

/// Where the test Postgres server listens.
pub fn postgres_address() -> SocketAddr {
    let options = mandi::db::connect_options(&admin_url()).unwrap();
    let host = match options.get_host() {
        "localhost" => "127.0.0.1",
        h => h,
    };
    format!("{host}:{}", options.get_port()).parse().expect("a TCP Postgres address for the outage test")
}

/// A TCP forwarder in front of Postgres that can be cut and restored, to play a database outage.
pub struct Proxy {
    pub address: SocketAddr,
    target: SocketAddr,
    task: Option<JoinHandle<()>>,
}

impl Proxy {
    pub async fn start(target: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let mut proxy = Self { address, target, task: None };
        proxy.task = Some(tokio::spawn(forward(listener, target)));
        proxy
    }

    /// Drops every connection and stops accepting new ones.
    pub fn cut(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }

    /// Accepts connections again on the same address.
    pub async fn restore(&mut self) {
        let listener = TcpListener::bind(self.address).await.unwrap();
        self.task = Some(tokio::spawn(forward(listener, self.target)));
    }
}

async fn forward(listener: TcpListener, target: SocketAddr) {
    let mut connections = tokio::task::JoinSet::new();
    loop {
        let Ok((mut inbound, _)) = listener.accept().await else { return };
        connections.spawn(async move {
            if let Ok(mut outbound) = TcpStream::connect(target).await {
                let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
            }
        });
    }
}
