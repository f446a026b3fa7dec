//! `mandi simulate --from MSISDN "text"`: one message through the whole pipeline, replies printed.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::app::build_pipeline;
use crate::channels::InboundSms;
use crate::channels::console::{self, Console};
use crate::config::{DatabaseArgs, GatewayArgs, RegionArgs, Settings};
use crate::domain::Msisdn;
use crate::inbound::{self, Stored};
use crate::outbox::{self, Filter};
use crate::telemetry;

#[derive(clap::Args, Debug)]
pub struct SimulateArgs {
    /// The sender's phone number (any common format; see --default-country).
    #[arg(long)]
    from: String,
    /// The SMS text.
    text: String,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    db: DatabaseArgs,
    #[command(flatten)]
    region: RegionArgs,
    #[command(flatten)]
    gateway: GatewayArgs,
}

pub async fn run(args: SimulateArgs) -> anyhow::Result<ExitCode> {
    telemetry::init("warn");
    let settings = Settings::from_args(&args.db, &args.region, &args.gateway)?;
    let phone = match Msisdn::parse(&args.from, settings.default_country) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("--from: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let pipeline = build_pipeline(&settings, Arc::new(Console::new(console::Output::Quiet))).await?;
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let sms = InboundSms {
        provider_message_id: format!("simulate-{nanos}-{}", std::process::id()),
        sender: phone.as_str().to_owned(),
        recipient: String::new(),
        text: args.text.clone(),
    };
    let Stored::New(inbound_id) = inbound::store(&pipeline.pool, console::NAME, &sms).await? else {
        anyhow::bail!("the simulated message was already stored");
    };
    let outcome = pipeline.process(inbound_id).await?;
    let status = match &outcome {
        inbound::Outcome::Handled(p) => p.status.as_str(),
        inbound::Outcome::AlreadyHandled => "already handled",
    };

    // Console replies are "sent" now (printed below); provider replies stay queued for the gateway's worker.
    let caused = outbox::caused_by(&pipeline.pool, inbound_id).await?;
    let filter =
        Filter { ids: Some(caused.iter().map(|r| r.id).collect()), channels: Some(vec![console::NAME.into()]) };
    outbox::run_batch(&pipeline.pool, &pipeline.channels, &pipeline_outbox_settings(&settings), &filter).await?;
    let replies = outbox::caused_by(&pipeline.pool, inbound_id).await?;

    if args.json {
        let replies: Vec<serde_json::Value> = replies
            .iter()
            .map(|r| {
                serde_json::json!({
                    "to": r.recipient, "channel": r.channel, "kind": r.kind, "status": r.status,
                    "encoding": r.encoding, "segments": r.segments, "text": r.body,
                })
            })
            .collect();
        println!("{}", serde_json::json!({ "inbound_id": inbound_id, "status": status, "replies": replies }));
    } else {
        println!("Inbound message #{inbound_id} from {phone}: {status}");
        if replies.is_empty() {
            println!("(no replies)");
        }
        for r in &replies {
            println!("{}", Console::format(&r.recipient, &r.body));
            if r.channel != console::NAME {
                println!("    [{} on channel {}]", r.status, r.channel);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn pipeline_outbox_settings(settings: &Settings) -> crate::config::OutboxSettings {
    let mut s = settings.outbox.clone();
    s.batch_size = s.batch_size.max(64);
    s
}
