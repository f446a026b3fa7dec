//! `mandi demo`: demo data and a gateway on the console channel, with SMS typed at the terminal.

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use anyhow::Context as _;
use phonenumber::country;
use sqlx::PgPool;
use tokio::io::AsyncBufReadExt as _;

use crate::app::{Application, Workers, build_pipeline};
use crate::catalog::import::parse_catalog;
use crate::catalog::store::upsert_products;
use crate::channels::InboundSms;
use crate::channels::console::{self, Console};
use crate::config::{DatabaseArgs, GatewayArgs, RegionArgs, Settings, redact_url};
use crate::contacts::import::{NewShop, NewWholesaler, parse_shops, parse_wholesalers};
use crate::contacts::{self, Link, Role};
use crate::domain::Msisdn;
use crate::inbound::Pipeline;
use crate::telemetry;
use crate::ussd::{Ussd, UssdReply};

const CATALOG: &str = include_str!("../../fixtures/catalog.csv");
const WHOLESALERS: &str = include_str!("../../fixtures/demo/wholesalers.csv");
const SHOPS: &str = include_str!("../../fixtures/demo/shops.csv");

#[derive(clap::Args, Debug)]
pub struct DemoArgs {
    /// Load the demo data and exit instead of serving.
    #[arg(long)]
    no_serve: bool,
    #[command(flatten)]
    db: DatabaseArgs,
    #[command(flatten)]
    region: RegionArgs,
    #[command(flatten)]
    gateway: GatewayArgs,
}

/// What was loaded, for the welcome text.
pub struct DemoData {
    pub products: usize,
    pub wholesalers: Vec<NewWholesaler>,
    pub shops: Vec<NewShop>,
}

/// Loads the demo catalog, wholesalers and shops (idempotent: running it twice changes nothing).
pub async fn load_demo_data(pool: &PgPool, country: country::Id) -> anyhow::Result<DemoData> {
    let catalog = parse_catalog(CATALOG.as_bytes()).context("fixtures/catalog.csv")?;
    anyhow::ensure!(catalog.errors.is_empty(), "fixtures/catalog.csv has bad rows: {:?}", catalog.errors);
    upsert_products(pool, &catalog.products, |_| {}).await.context("loading the demo catalog")?;

    let wholesalers = parse_wholesalers(WHOLESALERS.as_bytes(), country).map_err(anyhow::Error::msg)?;
    anyhow::ensure!(wholesalers.errors.is_empty(), "fixtures/demo/wholesalers.csv: {:?}", wholesalers.errors);
    for w in &wholesalers.rows {
        contacts::upsert(pool, &w.phone, &w.name, Role::Wholesaler, w.lang.as_ref()).await?;
    }
    let shops = parse_shops(SHOPS.as_bytes(), country).map_err(anyhow::Error::msg)?;
    anyhow::ensure!(shops.errors.is_empty(), "fixtures/demo/shops.csv: {:?}", shops.errors);
    for s in &shops.rows {
        let shop_id = contacts::upsert(pool, &s.phone, &s.name, Role::Shopkeeper, s.lang.as_ref()).await?;
        for (phone, link) in [(&s.wholesaler, Link::Primary), (&s.backup, Link::Backup)] {
            if let Some(phone) = phone {
                let name = wholesalers.rows.iter().find(|w| &w.phone == phone).map_or("Wholesaler", |w| &w.name);
                let wholesaler_id = contacts::upsert(pool, phone, name, Role::Wholesaler, None).await?;
                contacts::link_wholesaler(pool, shop_id, wholesaler_id, link).await?;
            }
        }
    }
    Ok(DemoData { products: catalog.products.len(), wholesalers: wholesalers.rows, shops: shops.rows })
}

pub async fn run(args: DemoArgs) -> anyhow::Result<ExitCode> {
    telemetry::init("warn");
    let started = Instant::now();
    let mut settings = Settings::from_args(&args.db, &args.region, &args.gateway)?;
    // Demo numbers are not real phones: every message goes to the console unless the operator says otherwise.
    settings.outbound_channel.get_or_insert_with(|| console::NAME.to_owned());
    let country = settings.default_country;

    if args.no_serve {
        let pipeline = build_pipeline(&settings, Arc::new(Console::new(console::Output::Quiet))).await?;
        let data = load_demo_data(&pipeline.pool, country).await?;
        print_welcome(&settings, &data, None);
        println!("Demo data loaded into {}.", redact_url(&settings.database_url));
        return Ok(ExitCode::SUCCESS);
    }

    let app = Application::build(settings.clone(), console::Output::Stdout, Workers::Run).await?;
    let data = load_demo_data(&app.pipeline.pool, country).await?;
    print_welcome(&settings, &data, Some(app.local_addr()));
    println!("Ready in {} ms. Type an SMS (ctrl-c to stop):", started.elapsed().as_millis());
    tokio::spawn(read_terminal(app.pipeline.clone(), app.ussd.clone(), country));
    app.run_until_stopped().await?;
    Ok(ExitCode::SUCCESS)
}

fn print_welcome(settings: &Settings, data: &DemoData, address: Option<std::net::SocketAddr>) {
    println!(
        "Mandi demo — {} products, {} wholesalers, {} shops",
        data.products,
        data.wholesalers.len(),
        data.shops.len()
    );
    println!();
    println!("Wholesalers:");
    for w in &data.wholesalers {
        println!("  {}  {} ({})", w.phone, w.name, w.lang.as_ref().map_or("en", |l| l.as_str()));
    }
    println!("Shops:");
    for s in &data.shops {
        let supplier = s
            .wholesaler
            .as_ref()
            .and_then(|p| data.wholesalers.iter().find(|w| &w.phone == p))
            .map_or("no wholesaler", |w| w.name.as_str());
        println!("  {}  {} → {}", s.phone, s.name, supplier);
    }
    let (Some(shop), Some(address)) = (data.shops.first(), address) else {
        return;
    };
    let wholesaler = shop.wholesaler.as_ref().map_or("+919800000001", Msisdn::as_str);
    println!();
    println!("Send a first SMS by typing it here, sender first:");
    println!("  {} 5 kg atta, 2 maggi", shop.phone);
    println!("then answer as the wholesaler with the order code from the notice:");
    println!("  {wholesaler} YES <code>");
    println!("or dial the USSD menu: `ussd {}` opens it, `ussd {} 3` presses 3:", shop.phone, shop.phone);
    println!("From another terminal: mandi simulate --from {} \"2 kg chini aur 3 maggi\"", shop.phone);
    println!("Gateway listening on http://{address} (GET /readyz{})", enabled_webhooks(settings));
}

fn enabled_webhooks(settings: &Settings) -> String {
    let mut hooks = Vec::new();
    if settings.generic.is_some() {
        hooks.push(", POST /sms/generic");
    }
    if settings.twilio.is_some() {
        hooks.push(", POST /sms/twilio");
    }
    hooks.concat()
}

/// Reads `<sender> <text>` lines from the terminal and pushes each through the pipeline as a console SMS;
/// `ussd <caller> [key]` dials the USSD menu (no key: a new session) and prints the screen.
async fn read_terminal(pipeline: Arc<Pipeline>, ussd: Arc<Ussd>, country: country::Id) {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let run = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let mut lines = tokio::io::BufReader::new(tokio::io::stdin()).lines();
    // Each caller's open USSD session: its id and the keys pressed so far.
    let mut sessions: std::collections::HashMap<String, (String, Vec<String>)> = std::collections::HashMap::new();
    while let Ok(Some(line)) = lines.next_line().await {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(rest) = line.strip_prefix("ussd ") {
            let (caller, key) = rest.trim().split_once(' ').unwrap_or((rest.trim(), ""));
            let (session, keys) = match sessions.get_mut(caller) {
                Some(open) if !key.is_empty() => open,
                _ => {
                    let id = format!("demo-{run}-{}", COUNTER.fetch_add(1, Ordering::Relaxed));
                    sessions.insert(caller.to_owned(), (id, Vec::new()));
                    sessions.get_mut(caller).expect("just inserted")
                }
            };
            if !key.is_empty() {
                keys.push(key.trim().to_owned());
            }
            let request = crate::channels::UssdRequest {
                session_id: session.clone(),
                service_code: "*384*12#".into(),
                phone: caller.to_owned(),
                text: keys.join("*"),
            };
            let reply = ussd.answer(console::NAME, &request).await;
            if matches!(reply, UssdReply::End(_)) {
                sessions.remove(caller);
            }
            println!("{}\n", reply.body());
            continue;
        }
        let (sender, text) = line.split_once([' ', ':']).unwrap_or((line, ""));
        let text = text.trim_start_matches(':').trim();
        let phone = match Msisdn::parse(sender, country) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("{e}. Type the sender's number first, e.g.: +919900000001 5 kg atta, 2 maggi");
                continue;
            }
        };
        let sms = InboundSms {
            provider_message_id: format!("demo-{run}-{}", COUNTER.fetch_add(1, Ordering::Relaxed)),
            sender: phone.as_str().to_owned(),
            recipient: String::new(),
            text: text.to_owned(),
        };
        if let Err(e) = pipeline.receive(console::NAME, &sms).await {
            eprintln!("could not store the message: {e}");
        }
    }
}
