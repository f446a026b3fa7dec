//! `mandi stats`: how the service did over a window — orders, how well messages were read and lines matched, what
//! SMS cost, how fast wholesalers answer. Read-only: it counts what the pipeline recorded.

use std::process::ExitCode;

use chrono::{DateTime, Utc};
use sqlx::PgPool;

use super::EXIT_BAD_INPUT;
use super::output::{self, Table};
use crate::catalog::format_rupees;
use crate::channels::console;
use crate::config::DatabaseArgs;
use crate::orders::OrderState;
use crate::{db, telemetry};

#[derive(clap::Args, Debug)]
#[command(after_help = "\
Everything is counted over the window (--since, default 7d):

orders    Orders created in the window, by the state they are in now, with their value
          (after a partial answer, the value of what will be supplied).
inbound   Messages received in the window, by status. Parse success = processed /
          (processed + unparsed), counting only messages from registered shops: processed
          means Mandi acted on it (an order, an answer to a question, STATUS, CANCEL, LANG…),
          unparsed that nothing could be read from it.
lines     The lines of orders created from an SMS in the window: matched directly to one
          product, asked back as a numbered question (then chosen, skipped or still open),
          or not found in the catalog (kept with the order as a skipped line).
          Match success = matched directly / all lines; with questions = (matched directly
          + chosen) / all lines. USSD menu orders are picked from a list and left out; the
          lines of a REPEAT order count as matched.
outbound  Messages queued in the window, by channel and status, with their SMS segments.
          Segments sent: those of messages sent or delivered, on every channel but console
          (the terminal). Estimated cost = segments sent × --segment-cost.
response  Wholesaler answers (YES, NO or partial) given in the window: minutes from when the
          order was put in front of that wholesaler (placed, or re-routed to them) to the
          answer; median, 90th percentile and count, per wholesaler and overall. Expired and
          re-routed: orders whose time to answer ran out with that wholesaler in the window,
          and that expired or went to the shop's backup wholesaler.

Examples:
  mandi stats
  mandi stats --since 24h
  mandi stats --since 2026-11-01 --segment-cost 0.12 --json

Exit codes: 0 ok, 2 wrong usage (a --segment-cost that is not an amount), 3 bad --since,
1 failure.")]
pub struct StatsArgs {
    /// The window: from 30m, 24h, 7d ago, or from a date (2026-11-01).
    #[arg(long, default_value = "7d", value_name = "WHEN")]
    since: String,
    /// What one SMS segment costs, in rupees, for the estimate.
    #[arg(long, env = "MANDI_SEGMENT_COST", default_value = "0.25", value_name = "RUPEES", value_parser = rupees)]
    segment_cost: f64,
    /// One JSON object with every section.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    db: DatabaseArgs,
}

pub async fn run(args: StatsArgs) -> anyhow::Result<ExitCode> {
    telemetry::init("warn");
    let since = match output::since(&args.since) {
        Ok(since) => since,
        Err(e) => {
            eprintln!("--since: {e}");
            return Ok(ExitCode::from(EXIT_BAD_INPUT));
        }
    };
    let pool = db::connect_and_migrate(&args.db.database_url, 2).await?;
    let stats = Stats {
        since,
        orders: orders(&pool, since).await?,
        inbound: inbound(&pool, since).await?,
        lines: lines(&pool, since).await?,
        outbound: outbound(&pool, since, args.segment_cost).await?,
        response_times: response_times(&pool, since).await?,
    };
    if args.json {
        output::json_line(&stats)?;
    } else {
        print_tables(&stats, &args.since);
    }
    Ok(ExitCode::SUCCESS)
}

fn rupees(input: &str) -> Result<f64, String> {
    match input.trim().parse::<f64>() {
        Ok(amount) if amount.is_finite() && amount >= 0.0 => Ok(amount),
        _ => Err(format!("'{input}' is not an amount in rupees, e.g. 0.25")),
    }
}

/// `part / whole`, none when there is nothing to divide.
fn rate(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "-".into(), |r| format!("{:.1}%", r * 100.0))
}

fn minutes(m: Option<f64>) -> String {
    m.map_or_else(|| "-".into(), |m| format!("{m:.1}"))
}

#[derive(Debug, serde::Serialize)]
struct Stats {
    since: DateTime<Utc>,
    orders: Orders,
    inbound: Inbound,
    lines: Lines,
    outbound: Outbound,
    response_times: ResponseTimes,
}

#[derive(Debug, serde::Serialize)]
struct Orders {
    by_state: Vec<OrdersInState>,
    orders: i64,
    value_paise: i64,
}

#[derive(Debug, serde::Serialize)]
struct OrdersInState {
    state: String,
    orders: i64,
    value_paise: i64,
}

async fn orders(pool: &PgPool, since: DateTime<Utc>) -> sqlx::Result<Orders> {
    let mut by_state = sqlx::query_as!(
        OrdersInState,
        r#"select state, count(*) as "orders!", coalesce(sum(total_paise), 0)::bigint as "value_paise!"
           from orders where created_at >= $1 group by state"#,
        since
    )
    .fetch_all(pool)
    .await?;
    // In the order an order moves through its states.
    by_state.sort_by_key(|s| OrderState::ALL.iter().position(|known| known.as_str() == s.state));
    Ok(Orders {
        orders: by_state.iter().map(|s| s.orders).sum(),
        value_paise: by_state.iter().map(|s| s.value_paise).sum(),
        by_state,
    })
}

#[derive(Debug, serde::Serialize)]
struct Inbound {
    by_status: Vec<MessagesInStatus>,
    /// Messages from registered shops that Mandi acted on.
    shop_processed: i64,
    /// Messages from registered shops that nothing could be read from.
    shop_unparsed: i64,
    parse_success_rate: Option<f64>,
}

#[derive(Debug, serde::Serialize)]
struct MessagesInStatus {
    status: String,
    messages: i64,
}

async fn inbound(pool: &PgPool, since: DateTime<Utc>) -> sqlx::Result<Inbound> {
    let by_status = sqlx::query_as!(
        MessagesInStatus,
        r#"select status, count(*) as "messages!" from inbound_messages where received_at >= $1
           group by status order by count(*) desc, status"#,
        since
    )
    .fetch_all(pool)
    .await?;
    let shops = sqlx::query!(
        r#"select count(*) filter (where m.status = 'processed') as "processed!",
                  count(*) filter (where m.status = 'unparsed') as "unparsed!"
           from inbound_messages m join contacts c on c.id = m.contact_id
           where m.received_at >= $1 and c.role = 'shopkeeper'"#,
        since
    )
    .fetch_one(pool)
    .await?;
    Ok(Inbound {
        by_status,
        shop_processed: shops.processed,
        shop_unparsed: shops.unparsed,
        parse_success_rate: rate(shops.processed, shops.processed + shops.unparsed),
    })
}

#[derive(Debug, serde::Serialize)]
struct Lines {
    lines: i64,
    matched: i64,
    /// Asked back as a numbered question, and the shop chose a product.
    chosen: i64,
    /// Asked back, and the shop skipped the line.
    skipped: i64,
    /// Asked back, no answer yet.
    open: i64,
    not_found: i64,
    match_success_rate: Option<f64>,
    with_questions_rate: Option<f64>,
}

async fn lines(pool: &PgPool, since: DateTime<Utc>) -> sqlx::Result<Lines> {
    let row = sqlx::query!(
        r#"with sms_orders as (select id from orders where created_at >= $1 and inbound_message_id is not null)
           select (select count(*) from order_lines where order_id in (select id from sms_orders)) as "order_lines!",
                  count(*) filter (where jsonb_array_length(q.options) > 0 and q.answer > 0) as "chosen!",
                  count(*) filter (where jsonb_array_length(q.options) > 0 and q.answer = 0) as "skipped!",
                  count(*) filter (where jsonb_array_length(q.options) > 0 and q.answer is null) as "open!",
                  count(*) filter (where jsonb_array_length(q.options) = 0) as "not_found!"
           from order_questions q where q.order_id in (select id from sms_orders)"#,
        since
    )
    .fetch_one(pool)
    .await?;
    // A chosen option becomes one more order line; every other line was matched when the order was read.
    let matched = row.order_lines - row.chosen;
    let lines = matched + row.chosen + row.skipped + row.open + row.not_found;
    Ok(Lines {
        lines,
        matched,
        chosen: row.chosen,
        skipped: row.skipped,
        open: row.open,
        not_found: row.not_found,
        match_success_rate: rate(matched, lines),
        with_questions_rate: rate(matched + row.chosen, lines),
    })
}

#[derive(Debug, serde::Serialize)]
struct Outbound {
    by_channel: Vec<MessagesOnChannel>,
    segments_sent: i64,
    segment_cost_rupees: f64,
    estimated_cost_paise: i64,
}

#[derive(Debug, serde::Serialize)]
struct MessagesOnChannel {
    channel: String,
    status: String,
    messages: i64,
    segments: i64,
}

async fn outbound(pool: &PgPool, since: DateTime<Utc>, segment_cost: f64) -> sqlx::Result<Outbound> {
    let by_channel = sqlx::query_as!(
        MessagesOnChannel,
        r#"select channel, status, count(*) as "messages!", coalesce(sum(segments), 0)::bigint as "segments!"
           from outbound_messages where created_at >= $1
           group by channel, status order by channel, status"#,
        since
    )
    .fetch_all(pool)
    .await?;
    let segments_sent = by_channel
        .iter()
        .filter(|m| m.channel != console::NAME && matches!(m.status.as_str(), "sent" | "delivered"))
        .map(|m| m.segments)
        .sum::<i64>();
    Ok(Outbound {
        segments_sent,
        segment_cost_rupees: segment_cost,
        estimated_cost_paise: (segments_sent as f64 * segment_cost * 100.0).round() as i64,
        by_channel,
    })
}

#[derive(Debug, serde::Serialize)]
struct ResponseTimes {
    overall: WholesalerTimes,
    by_wholesaler: Vec<WholesalerTimes>,
}

#[derive(Debug, Default, serde::Serialize)]
struct WholesalerTimes {
    wholesaler_id: Option<i64>,
    wholesaler: Option<String>,
    answered: i64,
    median_minutes: Option<f64>,
    p90_minutes: Option<f64>,
    /// Orders that expired while waiting for this wholesaler.
    expired: i64,
    /// Orders that went to the shop's backup wholesaler because this one did not answer in time.
    rerouted: i64,
}

async fn response_times(pool: &PgPool, since: DateTime<Utc>) -> sqlx::Result<ResponseTimes> {
    // Each answer is timed from the latest moment the order went (back) to 'placed' before it: its placement, or
    // the re-route that put it in front of the wholesaler who answered. An order's wholesaler does not change
    // once it is answered, so the answerer is the order's wholesaler.
    let rows = sqlx::query_as!(
        WholesalerTimes,
        r#"with outcomes as (
               select o.wholesaler_id,
                      extract(epoch from e.at - (select max(p.at) from order_events p
                                                 where p.order_id = e.order_id and p.to_state = 'placed'
                                                   and p.at <= e.at))::float8 / 60 as minutes,
                      null::text as missed
               from order_events e join orders o on o.id = e.order_id
               where e.event in ('confirm', 'confirm_part', 'reject') and e.actor = 'wholesaler' and e.at >= $1
               union all
               select coalesce((e.details ->> case e.event when 'expire' then 'wholesaler_id'
                                                           else 'from_wholesaler_id' end)::bigint,
                               o.wholesaler_id),
                      null,
                      e.event
               from order_events e join orders o on o.id = e.order_id
               where e.event in ('expire', 'reroute') and e.actor = 'system' and e.at >= $1
           )
           select w.id as "wholesaler_id?", w.name as "wholesaler?",
                  count(t.minutes) as "answered!",
                  percentile_cont(0.5) within group (order by t.minutes) as median_minutes,
                  percentile_cont(0.9) within group (order by t.minutes) as p90_minutes,
                  count(*) filter (where t.missed = 'expire') as "expired!",
                  count(*) filter (where t.missed = 'reroute') as "rerouted!"
           from outcomes t join contacts w on w.id = t.wholesaler_id
           group by grouping sets ((w.id, w.name), ())
           order by grouping(w.id, w.name), w.name"#,
        since
    )
    .fetch_all(pool)
    .await?;
    let (overall, by_wholesaler): (Vec<_>, Vec<_>) = rows.into_iter().partition(|r| r.wholesaler_id.is_none());
    Ok(ResponseTimes { overall: overall.into_iter().next().unwrap_or_default(), by_wholesaler })
}

fn print_tables(stats: &Stats, window: &str) {
    println!("Since {} ({window})", output::when(stats.since));

    println!("\nOrders");
    let mut table = Table::new(&["state", "orders", "value"]).right(&[1, 2]);
    for s in &stats.orders.by_state {
        table.row(vec![s.state.clone(), s.orders.to_string(), format!("₹{}", format_rupees(s.value_paise))]);
    }
    table.row(vec![
        "all".into(),
        stats.orders.orders.to_string(),
        format!("₹{}", format_rupees(stats.orders.value_paise)),
    ]);
    table.print();

    let inbound = &stats.inbound;
    println!("\nInbound messages");
    let mut table = Table::new(&["status", "messages"]).right(&[1]);
    for s in &inbound.by_status {
        table.row(vec![s.status.clone(), s.messages.to_string()]);
    }
    table.print();
    println!(
        "parse success: {} (from shops: {} processed, {} unparsed)",
        percent(inbound.parse_success_rate),
        inbound.shop_processed,
        inbound.shop_unparsed
    );

    let lines = &stats.lines;
    println!("\nOrder lines from SMS");
    let mut table = Table::new(&["line", "lines", "share"]).right(&[1, 2]);
    for (what, n) in [
        ("matched directly", lines.matched),
        ("asked, product chosen", lines.chosen),
        ("asked, skipped", lines.skipped),
        ("asked, no answer yet", lines.open),
        ("not found", lines.not_found),
    ] {
        table.row(vec![what.into(), n.to_string(), percent(rate(n, lines.lines))]);
    }
    table.print();
    println!(
        "match success: {} directly, {} with questions",
        percent(lines.match_success_rate),
        percent(lines.with_questions_rate)
    );

    let outbound = &stats.outbound;
    println!("\nOutbound messages");
    let mut table = Table::new(&["channel", "status", "messages", "segments"]).right(&[2, 3]);
    for m in &outbound.by_channel {
        table.row(vec![m.channel.clone(), m.status.clone(), m.messages.to_string(), m.segments.to_string()]);
    }
    table.print();
    println!(
        "segments sent: {} (sent or delivered, console left out), estimated cost ₹{} at ₹{} a segment",
        outbound.segments_sent,
        format_rupees(outbound.estimated_cost_paise),
        outbound.segment_cost_rupees
    );

    let times = &stats.response_times;
    println!("\nWholesaler response times (minutes)");
    let mut table =
        Table::new(&["wholesaler", "answered", "median", "p90", "expired", "re-routed"]).right(&[1, 2, 3, 4, 5]);
    for w in times.by_wholesaler.iter().chain(std::iter::once(&times.overall)) {
        table.row(vec![
            w.wholesaler.clone().unwrap_or_else(|| "all".into()),
            w.answered.to_string(),
            minutes(w.median_minutes),
            minutes(w.p90_minutes),
            w.expired.to_string(),
            w.rerouted.to_string(),
        ]);
    }
    table.print();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segment_costs_are_amounts_in_rupees() {
        assert_eq!(rupees("0.25"), Ok(0.25));
        assert_eq!(rupees(" 1 "), Ok(1.0));
        assert!(rupees("-0.1").unwrap_err().contains("e.g. 0.25"));
        assert!(rupees("NaN").is_err());
        assert!(rupees("free").is_err());
    }

    #[test]
    fn rates_of_nothing_are_not_zero() {
        assert_eq!(rate(1, 4), Some(0.25));
        assert_eq!(rate(0, 0), None);
        assert_eq!(percent(Some(0.8333)), "83.3%");
        assert_eq!(percent(None), "-");
    }
}
