//! The operator's command line. Each command is a thin layer over the library; exit codes are stable for scripts:
//! 0 success, 1 failure (cannot reach the database, bad configuration…), 2 wrong usage, 3 bad input data (rows of a
//! file that could not be used).

mod catalog;
mod contacts;
pub mod demo;
mod inbox;
mod loadtest;
mod orders;
mod outbox;
pub mod output;
mod parse;
mod simulate;
mod sms_cost;
mod stats;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::app::{Application, Workers};
use crate::channels::console;
use crate::config::{DatabaseArgs, GatewayArgs, RegionArgs, Settings, redact_url};
use crate::{db, telemetry};

/// Exit code for input data that was (partly) refused.
pub const EXIT_BAD_INPUT: u8 = 3;

const ABOUT: &str = "Mandi: SMS ordering for kirana shops and their wholesalers";
const LONG_ABOUT: &str = "\
Mandi: SMS ordering for kirana shops and their wholesalers.

Shopkeepers text orders in their own language and spelling; Mandi reads them, matches them to the catalog, sends \
the order to the shop's wholesaler by SMS, takes the wholesaler's YES/NO and tells the shop.

Configuration comes from flags or environment variables (DATABASE_URL, REDIS_URL, MANDI_LISTEN, MANDI_PUBLIC_URL, \
MANDI_GENERIC_SECRET, MANDI_TWILIO_*); see `mandi serve --help`.";

const EXAMPLES: &str = "\
Examples:
  mandi demo                                   # demo data, console channel, type SMS at the prompt
  mandi serve                                  # the gateway, configured from the environment
  mandi simulate --from +919900000001 \"5 kg atta, 2 maggi\"
  mandi catalog import fixtures/catalog.csv --dry-run
  mandi migrate

Exit codes: 0 ok, 1 failure, 2 wrong usage, 3 bad input rows.";

#[derive(Parser, Debug)]
#[command(name = "mandi", version, about = ABOUT, long_about = LONG_ABOUT, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run the gateway: webhooks, outbox worker and sweeper.
    #[command(after_help = "\
Examples:
  DATABASE_URL=postgres://localhost/mandi MANDI_GENERIC_SECRET=s3cret mandi serve
  MANDI_TWILIO_AUTH_TOKEN=… MANDI_TWILIO_ACCOUNT_SID=AC… MANDI_TWILIO_FROM=+1… \\
    MANDI_PUBLIC_URL=https://sms.example.com mandi serve

Endpoints: POST /sms/{channel} (twilio, generic), GET /healthz, GET /readyz.
A channel is enabled when its secret is set; the console channel is always on.")]
    Serve(ServeArgs),

    /// Load demo data (catalog, shops, wholesalers) and run the gateway on the console channel.
    #[command(after_help = "\
Examples:
  mandi demo               # then type: +919900000001 5 kg atta, 2 maggi
  mandi demo --no-serve    # load the demo data and exit

Replies are printed on this terminal. Lines typed here are SMS: the sender's number, then the text.")]
    Demo(demo::DemoArgs),

    /// Create the database if needed and apply pending migrations.
    #[command(after_help = "Example:\n  DATABASE_URL=postgres://localhost/mandi mandi migrate")]
    Migrate {
        #[command(flatten)]
        db: DatabaseArgs,
    },

    /// Push one SMS through the whole pipeline (database included) and print the replies.
    #[command(after_help = "\
Examples:
  mandi simulate --from +919900000001 \"5 kg atta, 2 maggi\"
  mandi simulate --from 9800000001 \"YES K7PX\"
  mandi simulate --from +919900000001 --json \"status\"

Replies on the console channel are marked sent; replies on a provider channel stay queued for the gateway.")]
    Simulate(simulate::SimulateArgs),

    /// Parse SMS from standard input (one per line) and print order lines as read; no database needed.
    #[command(after_help = "\
Examples:
  echo \"do kilo chini aur 3 maggi\" | mandi parse
  mandi parse --catalog fixtures/catalog.csv --json < messages.txt
  mandi parse --jsonl --json < fixtures/orders/hi-Latn.jsonl

Output with --json, one object per input line:
  {\"text\", \"language\", \"lines\": [{\"text\", \"span\", \"quantity\", \"unit\", \"product\", \"price\", \"pack\",
                              \"sku\", \"packs\", \"status\", \"candidates\": [{\"sku\", \"score\"}]}]}
sku, packs and status are null without --catalog.

Wholesalers' replies, with --reply (one object per input line):
  echo \"K7PX 2 nahi baaki ok\" | mandi parse --reply
  {\"text\", \"language\", \"decision\": \"confirm|reject|partial|dispatched|unknown\", \"code\",
   \"rejected_lines\", \"accepted_lines\", \"reason\"}")]
    Parse(parse::ParseArgs),

    /// How an SMS text would travel: encoding (GSM-7 or UCS-2), segments and length, one text per stdin line.
    #[command(after_help = "\
Examples:
  echo \"Order K7PX confirmed\" | mandi sms-cost
  printf 'आपका ऑर्डर मिल गया\\nPrice: [450] ~\\n' | mandi sms-cost --json
  echo \"“Quoted” – text…\" | mandi sms-cost --smart

Output with --json, one object per line: {\"encoding\": \"GSM-7|UCS-2\", \"segments\", \"length\", \"units\"}
length counts characters as a handset shows them; units are septets (GSM-7) or UTF-16 units (UCS-2).")]
    SmsCost(sms_cost::SmsCostArgs),

    /// Print the DLT template of every message in every language, to register with your operator (India).
    #[command(after_help = "\
Examples:
  mandi dlt-templates --header MANDIO > dlt-templates.toml
  MANDI_DLT_TEMPLATES=dlt-templates.toml mandi serve

Register each pattern on your operator's DLT portal, replace each placeholder id with the one it gives, and point
MANDI_DLT_TEMPLATES at the file; outbound rows then carry the template id and header. {#var#} marks each value.")]
    DltTemplates {
        /// The registered six-character sender header.
        #[arg(long, default_value = "MANDIO")]
        header: String,
    },

    /// Manage the product catalog.
    #[command(subcommand)]
    Catalog(catalog::CatalogCommand),

    /// Manage shops: add, import, list, show, set their language.
    #[command(subcommand)]
    Shops(contacts::ShopsCommand),

    /// Manage wholesalers: add, import, list, show.
    #[command(subcommand)]
    Wholesalers(contacts::WholesalersCommand),

    /// Look at orders and act on them: list, show, cancel, reassign, dispatch, deliver.
    #[command(subcommand)]
    Orders(orders::OrdersCommand),

    /// Messages Mandi could not understand, for a person to handle.
    #[command(subcommand)]
    Inbox(inbox::InboxCommand),

    /// Look at outbound messages and send failed ones again.
    #[command(subcommand)]
    Outbox(outbox::OutboxCommand),

    /// Orders by state, parse and match rates, SMS segments and their cost, wholesaler response times.
    Stats(stats::StatsArgs),

    /// Load a running gateway with signed inbound orders and check that nothing acknowledged was lost.
    #[command(after_help = "\
Examples:
  MANDI_GENERIC_SECRET=s3cret mandi loadtest --url http://127.0.0.1:8080 --rate 2000 --messages 120000
  MANDI_GENERIC_SECRET=s3cret mandi loadtest --concurrency 64 --messages 20000 --json
  MANDI_TWILIO_AUTH_TOKEN=… mandi loadtest --channel twilio --public-url https://sms.example.com
  mandi loadtest outbox --messages 20000

Messages come from --shops registered shops (+9170000xxxxx, created if missing) with real orders in several
languages. The report gives throughput, latency p50/p90/p99/max (HDR histogram), the answers by status, whether
every acknowledged message was stored exactly once (DATABASE_URL must be the gateway's database), and how many
became orders. Exit codes: 0 every acknowledged message stored once, 1 otherwise or a failure.")]
    Loadtest(loadtest::LoadtestArgs),

    /// Print a shell completion script.
    #[command(after_help = "\
Examples:
  mandi completions bash > ~/.local/share/bash-completion/completions/mandi
  mandi completions zsh > \"${fpath[1]}/_mandi\"
  mandi completions fish > ~/.config/fish/completions/mandi.fish")]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// Options of `mandi serve`.
#[derive(clap::Args, Debug)]
struct ServeArgs {
    #[command(flatten)]
    db: DatabaseArgs,
    #[command(flatten)]
    region: RegionArgs,
    #[command(flatten)]
    gateway: GatewayArgs,
}

/// Runs the command line; returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(run(cli));
    // A blocking read of the terminal (demo) must not hold the process open once the work is done.
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Serve(args) => {
            telemetry::init("info,sqlx=warn");
            let settings = Settings::from_args(&args.db, &args.region, &args.gateway)?;
            let app = Application::build(settings, console::Output::Stdout, Workers::Run).await?;
            tracing::info!(address = %app.local_addr(), channels = ?app.pipeline.channels.names(), "Mandi is serving");
            app.run_until_stopped().await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo(args) => demo::run(args).await,
        Command::Migrate { db } => {
            telemetry::init("warn");
            db::connect_and_migrate(&db.database_url, 2).await?;
            println!(
                "{}: schema up to date ({} migrations)",
                redact_url(&db.database_url),
                db::MIGRATOR.iter().count()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Simulate(args) => simulate::run(args).await,
        Command::Catalog(command) => catalog::run(command).await,
        Command::Shops(command) => contacts::run_shops(command).await,
        Command::Wholesalers(command) => contacts::run_wholesalers(command).await,
        Command::Orders(command) => orders::run(command).await,
        Command::Inbox(command) => inbox::run(command).await,
        Command::Outbox(command) => outbox::run(command).await,
        Command::Stats(args) => stats::run(args).await,
        Command::Loadtest(args) => loadtest::run(args).await,
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "mandi", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        Command::Parse(args) => parse::run(&args),
        Command::SmsCost(args) => sms_cost::run(&args),
        Command::DltTemplates { header } => {
            print!("{}", crate::i18n::dlt::skeleton(&header));
            Ok(ExitCode::SUCCESS)
        }
    }
}
