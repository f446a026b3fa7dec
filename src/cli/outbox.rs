//! `mandi outbox …`: what is waiting, sent or failed, and sending failed messages again.

use std::process::ExitCode;

use clap::Subcommand;

use super::EXIT_BAD_INPUT;
use crate::config::DatabaseArgs;
use crate::domain::mask_phone;
use crate::{db, outbox, telemetry};

#[derive(Subcommand, Debug)]
pub enum OutboxCommand {
    /// List outbound messages, newest first.
    #[command(after_help = "\
Examples:
  mandi outbox list
  mandi outbox list --status failed
  mandi outbox list --channel twilio --limit 100 --json

Statuses: queued, sending, sent, delivered, failed. Failed rows show their last error (an expired message says
\"expired\": it was not sent within its deadline).")]
    List {
        /// Only messages in this status.
        #[arg(long, value_parser = ["queued", "sending", "sent", "delivered", "failed"])]
        status: Option<String>,
        /// Only messages on this channel.
        #[arg(long)]
        channel: Option<String>,
        /// At most this many rows.
        #[arg(long, default_value_t = 50)]
        limit: i64,
        /// One JSON object per row.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DatabaseArgs,
    },
    /// Queue failed messages again (attempts reset, a fresh deadline).
    #[command(after_help = "\
Examples:
  mandi outbox retry 42 43
  mandi outbox retry --all-failed

Exit codes: 0 every named message queued again, 3 some were not failed or do not exist, 1 failure.")]
    Retry {
        /// Ids of failed messages.
        #[arg(required_unless_present = "all_failed", conflicts_with = "all_failed")]
        ids: Vec<i64>,
        /// Every failed message.
        #[arg(long)]
        all_failed: bool,
        #[command(flatten)]
        db: DatabaseArgs,
    },
}

pub async fn run(command: OutboxCommand) -> anyhow::Result<ExitCode> {
    telemetry::init("warn");
    match command {
        OutboxCommand::List { status, channel, limit, json, db } => {
            let pool = db::connect_and_migrate(&db.database_url, 2).await?;
            let rows = outbox::list(&pool, status.as_deref(), channel.as_deref(), limit).await?;
            for r in &rows {
                if json {
                    println!("{}", serde_json::to_string(r)?);
                } else {
                    println!(
                        "{:>6}  {:<9} {:<8} {:<14} {:<22} {} seg {:<5} try {}  {}",
                        r.id,
                        r.status,
                        r.channel,
                        mask_phone(&r.recipient),
                        r.kind,
                        r.segments,
                        r.encoding,
                        r.attempts,
                        r.last_error.as_deref().unwrap_or("")
                    );
                }
            }
            if rows.is_empty() && !json {
                eprintln!("no messages");
            }
            Ok(ExitCode::SUCCESS)
        }
        OutboxCommand::Retry { ids, all_failed, db } => {
            let pool = db::connect_and_migrate(&db.database_url, 2).await?;
            let requeued = outbox::retry_failed(&pool, (!all_failed).then_some(ids.as_slice())).await?;
            println!("{} message(s) queued again", requeued.len());
            let missing: Vec<String> =
                ids.iter().filter(|id| !requeued.contains(id)).map(ToString::to_string).collect();
            if !all_failed && !missing.is_empty() {
                eprintln!("not failed or not found: {}", missing.join(", "));
                return Ok(ExitCode::from(EXIT_BAD_INPUT));
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
