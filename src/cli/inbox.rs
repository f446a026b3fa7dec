//! `mandi inbox …`: the messages Mandi could not act on by itself, for a person to handle. A message that nothing
//! could be read from (`unparsed`; the sender was sent the help text) or that came from a number Mandi does not
//! know (`unregistered`) waits here until an operator marks it resolved.

use std::collections::BTreeSet;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use clap::Subcommand;
use unicode_segmentation::UnicodeSegmentation as _;

use super::EXIT_BAD_INPUT;
use super::output::{self, Table};
use crate::config::DatabaseArgs;
use crate::inbound::InboundStatus;
use crate::{db, telemetry};

/// The statuses of messages that need a person.
const NEEDS_A_PERSON: [InboundStatus; 2] = [InboundStatus::Unparsed, InboundStatus::Unregistered];

/// How much of a message the table shows, in characters as a handset shows them.
const TEXT_COLUMN: usize = 60;

#[derive(Subcommand, Debug)]
pub enum InboxCommand {
    /// List the messages waiting for a person, newest first.
    #[command(after_help = "\
Listed by default: messages nothing could be read from (status unparsed; the sender got
the help text) and messages from numbers Mandi does not know (status unregistered), that
nobody has resolved yet. The from column has the full number, to call back, and the
contact's name when Mandi knows it. The text is cut to one line (⏎ marks a line break);
--json gives every field in full.

Examples:
  mandi inbox list
  mandi inbox list --unparsed --since 24h
  mandi inbox list --all --since 2026-11-01 --json

Exit codes: 0 ok (nothing to handle is ok too), 3 bad --since, 1 failure.")]
    List {
        /// Only messages nothing could be read from (not the unregistered numbers).
        #[arg(long)]
        unparsed: bool,
        /// Resolved messages too, with when they were resolved and the note.
        #[arg(long)]
        all: bool,
        /// Only messages received since then: 30m, 24h, 7d or a date (2026-11-01).
        #[arg(long, value_name = "WHEN")]
        since: Option<String>,
        /// At most this many messages.
        #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(i64).range(1..))]
        limit: i64,
        /// One JSON object per message.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DatabaseArgs,
    },
    /// Mark messages as handled by a person.
    #[command(after_help = "\
Examples:
  mandi inbox resolve 42
  mandi inbox resolve 42 43 --note \"called the shop, order taken by phone\"

Exit codes: 0 every message resolved, 3 some ids do not exist, are already resolved or are
not waiting for a person (the others are resolved all the same), 1 failure.")]
    Resolve {
        /// Ids of messages, as `inbox list` shows them.
        #[arg(required = true)]
        ids: Vec<i64>,
        /// What was done about them, kept with the messages.
        #[arg(long)]
        note: Option<String>,
        #[command(flatten)]
        db: DatabaseArgs,
    },
}

pub async fn run(command: InboxCommand) -> anyhow::Result<ExitCode> {
    telemetry::init("warn");
    match command {
        InboxCommand::List { unparsed, all, since, limit, json, db } => {
            let since = match since.as_deref().map(output::since).transpose() {
                Ok(since) => since,
                Err(e) => {
                    eprintln!("--since: {e}");
                    return Ok(ExitCode::from(EXIT_BAD_INPUT));
                }
            };
            let statuses: &[InboundStatus] = if unparsed { &[InboundStatus::Unparsed] } else { &NEEDS_A_PERSON };
            list(&db, statuses, all, since, limit, json).await
        }
        InboxCommand::Resolve { ids, note, db } => resolve(&db, &ids, note.as_deref()).await,
    }
}

/// One message of the inbox, as `--json` prints it.
#[derive(Debug, serde::Serialize)]
struct InboxMessage {
    id: i64,
    received_at: DateTime<Utc>,
    channel: String,
    from: String,
    contact_id: Option<i64>,
    contact_name: Option<String>,
    lang: Option<String>,
    status: String,
    text: String,
    /// What the gateway noted while handling it.
    note: Option<String>,
    resolved_at: Option<DateTime<Utc>>,
    /// The operator's note from `inbox resolve --note`.
    resolution: Option<String>,
}

async fn list(
    db: &DatabaseArgs,
    statuses: &[InboundStatus],
    all: bool,
    since: Option<DateTime<Utc>>,
    limit: i64,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let pool = db::connect_and_migrate(&db.database_url, 2).await?;
    let statuses: Vec<String> = statuses.iter().map(|s| s.as_str().to_owned()).collect();
    // One row more than asked tells whether there are more.
    let mut messages = sqlx::query_as!(
        InboxMessage,
        r#"select m.id, m.received_at, m.channel, m.sender as "from", m.contact_id,
                  c.name as "contact_name?", m.lang, m.status, m.body as text, m.note, m.resolved_at, m.resolution
           from inbound_messages m left join contacts c on c.id = m.contact_id
           where m.status = any($1) and ($2 or m.resolved_at is null)
             and ($3::timestamptz is null or m.received_at >= $3)
           order by m.received_at desc, m.id desc
           limit $4"#,
        &statuses,
        all,
        since,
        limit.saturating_add(1),
    )
    .fetch_all(&pool)
    .await?;
    let more = messages.len() as i64 > limit;
    messages.truncate(usize::try_from(limit)?);

    if messages.is_empty() {
        eprintln!("nothing to handle");
        return Ok(ExitCode::SUCCESS);
    }
    if json {
        for m in &messages {
            output::json_line(m)?;
        }
    } else {
        let mut header = vec!["id", "received", "channel", "from", "language", "status", "text"];
        if all {
            header.extend(["resolved", "note"]);
        }
        let mut table = Table::new(&header).right(&[0]);
        for m in &messages {
            let from = match &m.contact_name {
                Some(name) => format!("{} ({name})", m.from),
                None => m.from.clone(),
            };
            let mut row = vec![
                m.id.to_string(),
                output::when(m.received_at),
                m.channel.clone(),
                from,
                m.lang.clone().unwrap_or_else(|| "-".into()),
                m.status.clone(),
                one_line(&m.text, TEXT_COLUMN),
            ];
            if all {
                row.push(m.resolved_at.map_or_else(|| "-".into(), output::when));
                row.push(m.resolution.as_deref().map_or_else(String::new, |note| one_line(note, TEXT_COLUMN)));
            }
            table.row(row);
        }
        table.print();
    }
    if more {
        eprintln!("showing the newest {limit}; there are more (raise --limit or narrow with --since)");
    }
    Ok(ExitCode::SUCCESS)
}

async fn resolve(db: &DatabaseArgs, ids: &[i64], note: Option<&str>) -> anyhow::Result<ExitCode> {
    let pool = db::connect_and_migrate(&db.database_url, 2).await?;
    let ids: Vec<i64> = ids.iter().copied().collect::<BTreeSet<_>>().into_iter().collect();
    let statuses: Vec<String> = NEEDS_A_PERSON.iter().map(|s| s.as_str().to_owned()).collect();
    let resolved = sqlx::query_scalar!(
        r#"update inbound_messages set resolved_at = now(), resolution = $2
           where id = any($1) and status = any($3) and resolved_at is null
           returning id"#,
        &ids,
        note,
        &statuses,
    )
    .fetch_all(&pool)
    .await?;
    println!("resolved {} message(s)", resolved.len());

    let refused: Vec<i64> = ids.iter().copied().filter(|id| !resolved.contains(id)).collect();
    if refused.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let found = sqlx::query!("select id, status, resolved_at from inbound_messages where id = any($1)", &refused)
        .fetch_all(&pool)
        .await?;
    for id in refused {
        match found.iter().find(|m| m.id == id) {
            None => eprintln!("no message {id}"),
            Some(m) => match m.resolved_at {
                Some(at) => eprintln!("message {id} was already resolved at {}", output::when(at)),
                None => eprintln!("message {id} is {}: it is not waiting for a person", m.status),
            },
        }
    }
    Ok(ExitCode::from(EXIT_BAD_INPUT))
}

/// A text on one line for a table: line breaks shown as ⏎, cut to `max` characters (as a handset counts them,
/// grapheme clusters) with … when longer.
fn one_line(text: &str, max: usize) -> String {
    let flat = text.trim().replace("\r\n", "\n").replace(['\n', '\r'], "⏎");
    let mut graphemes = flat.graphemes(true);
    let mut shown: String = graphemes.by_ref().take(max).collect();
    if graphemes.next().is_some() {
        shown.push('…');
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_shown_on_one_line_and_cut_by_graphemes() {
        assert_eq!(one_line("hello\r\nthere\nfriend", 60), "hello⏎there⏎friend");
        assert_eq!(one_line("abcdef", 3), "abc…");
        assert_eq!(one_line("abc", 3), "abc");
        // "कि" is one character on a handset (two code points): never split.
        assert_eq!(one_line("किकिकि", 2), "किकि…");
    }
}
