//! `mandi orders …`: look at orders, and act on them as an operator (cancel, reassign, dispatch, deliver) with the
//! same notices to the parties as when they act by SMS.

use std::process::ExitCode;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use clap::Subcommand;
use clap::builder::PossibleValuesParser;
use sqlx::PgPool;

use super::EXIT_BAD_INPUT;
use super::output::{self, Table};
use crate::app::build_pipeline;
use crate::catalog::format_rupees;
use crate::channels::console::{self, Console};
use crate::config::{DatabaseArgs, GatewayArgs, RegionArgs, Settings};
use crate::contacts::{self, Role};
use crate::domain::Msisdn;
use crate::orders::{OrderCode, OrderState};
use crate::{db, telemetry};

#[derive(Subcommand, Debug)]
pub enum OrdersCommand {
    /// List orders, newest first: code, state, shop, wholesaler, lines, total, created, updated.
    #[command(after_help = "\
States: draft, placed, confirmed, partially_confirmed, rejected, expired, cancelled, dispatched, delivered.
--since counts from when an order was created: 30m, 24h, 7d, or a date such as 2026-11-01.
Phone numbers may be typed as people write them: 98765 43210, +91-98765-43210, 098765 43210.

Examples:
  mandi orders list
  mandi orders list --state placed --state confirmed --since 24h
  mandi orders list --shop \"99000 00001\" --limit 0
  mandi orders list --wholesaler +91-98000-00001 --since 2026-11-01 --json

Output with --json, one object per order: {\"id\", \"code\", \"state\", \"shop_phone\", \"shop\", \"wholesaler_phone\", \
\"wholesaler\", \"lines\", \"total_paise\", \"created_at\", \"updated_at\"}

Exit codes: 0 listed (also when nothing matched), 3 a phone that is not a number or not a registered shop or \
wholesaler, 1 failure.")]
    List {
        /// Only orders in this state (repeat the option, or separate states with commas).
        #[arg(long, value_name = "STATE", value_delimiter = ',',
              value_parser = PossibleValuesParser::new(OrderState::ALL.map(OrderState::as_str)))]
        state: Vec<String>,
        /// Only orders created since then: a duration back from now (30m, 24h, 7d) or a date (2026-11-01).
        #[arg(long, value_name = "WHEN", value_parser = output::since)]
        since: Option<DateTime<Utc>>,
        /// Only this shop's orders (its phone number).
        #[arg(long, value_name = "PHONE")]
        shop: Option<String>,
        /// Only orders with this wholesaler (its phone number).
        #[arg(long, value_name = "PHONE")]
        wholesaler: Option<String>,
        /// At most this many orders (0: all).
        #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(i64).range(0..))]
        limit: i64,
        /// One JSON object per order.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DatabaseArgs,
        #[command(flatten)]
        region: RegionArgs,
    },
    /// Show one order: who, the total, its lines and every event that moved it.
    #[command(after_help = "\
Codes are unique only among open orders, so an old closed order may share one: the newest order with the code is \
shown, and standard error says how many older ones share it. Codes may be typed in any case.

Examples:
  mandi orders show K7PX
  mandi orders show k7px --json

Output with --json, one object: {\"id\", \"code\", \"state\", \"shop_phone\", \"shop\", \"wholesaler_phone\", \
\"wholesaler\", \"total_paise\", \"created_at\", \"updated_at\", \"older_with_code\", \
\"lines\": [{\"no\", \"name\", \"sku\", \"packs\", \"unit_price_paise\", \"total_paise\", \"status\", \"text\"}], \
\"events\": [{\"at\", \"event\", \"from\", \"to\", \"actor\", \"inbound_message_id\", \"details\"}]}
A line's status is open until the wholesaler answers, then confirmed or rejected (refused).

Exit codes: 0 shown, 3 no such order, 1 failure.")]
    Show {
        /// The order's code, e.g. K7PX.
        code: String,
        /// Print the order as one JSON object.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DatabaseArgs,
    },
    /// Call an order off; the shop is told, and the wholesaler unless the order was still a draft.
    #[command(after_help = "\
Allowed while the order is a draft, placed, confirmed or partially confirmed (not once it is dispatched). The \
notices are queued in the outbox in each party's language; a running gateway sends them.

Examples:
  mandi orders cancel K7PX
  mandi orders cancel K7PX --reason \"shop closed for Diwali\" --json

Output with --json: {\"id\", \"code\", \"action\", \"from\", \"to\", \"shop_phone\", \"wholesaler_phone\", \"told\"}

Exit codes: 0 cancelled, 3 no such order or its state does not allow it, 1 failure.")]
    Cancel {
        /// The order's code, e.g. K7PX.
        code: String,
        /// Why, kept with the order's event (not sent to anyone).
        #[arg(long)]
        reason: Option<String>,
        #[command(flatten)]
        act: ActArgs,
    },
    /// Send a placed order to another wholesaler instead of the one who has not answered.
    #[command(after_help = "\
Only a placed order (sent, not yet answered) can move, and only to a registered wholesaler other than its own. \
The new wholesaler gets the order with its numbered lines and has the usual time to answer from now; the old one is \
told not to send it; the shop is told where its order went.

Examples:
  mandi orders reassign K7PX --to +919800000002
  mandi orders reassign K7PX --to \"98000 00002\" --json

Output with --json: {\"id\", \"code\", \"action\", \"from\", \"to\", \"shop_phone\", \"wholesaler_phone\", \
\"previous_wholesaler_phone\", \"told\"}

Exit codes: 0 reassigned, 3 no such order, a state that does not allow it, a phone that is not a number or not a \
registered wholesaler, or the order's own wholesaler; 1 failure.")]
    Reassign {
        /// The order's code, e.g. K7PX.
        code: String,
        /// The wholesaler's phone number.
        #[arg(long, value_name = "PHONE")]
        to: String,
        #[command(flatten)]
        act: ActArgs,
    },
    /// Mark a confirmed order as sent by its wholesaler; the shop is told.
    #[command(after_help = "\
For a wholesaler who sent the goods but could not answer SENT by SMS. Allowed when the order is confirmed or \
partially confirmed.

Examples:
  mandi orders dispatch K7PX
  mandi orders dispatch K7PX --json

Output with --json: {\"id\", \"code\", \"action\", \"from\", \"to\", \"shop_phone\", \"wholesaler_phone\", \"told\"}

Exit codes: 0 dispatched, 3 no such order or its state does not allow it, 1 failure.")]
    Dispatch {
        /// The order's code, e.g. K7PX.
        code: String,
        #[command(flatten)]
        act: ActArgs,
    },
    /// Mark a dispatched order as delivered; the shop is told.
    #[command(after_help = "\
Allowed when the order is dispatched.

Examples:
  mandi orders deliver K7PX
  mandi orders deliver K7PX --json

Output with --json: {\"id\", \"code\", \"action\", \"from\", \"to\", \"shop_phone\", \"wholesaler_phone\", \"told\"}

Exit codes: 0 delivered, 3 no such order or its state does not allow it, 1 failure.")]
    Deliver {
        /// The order's code, e.g. K7PX.
        code: String,
        #[command(flatten)]
        act: ActArgs,
    },
}

/// Options of the commands that change an order and queue notices.
#[derive(clap::Args, Debug)]
pub struct ActArgs {
    /// Print the result as one JSON object.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    db: DatabaseArgs,
    #[command(flatten)]
    region: RegionArgs,
    #[command(flatten, next_help_heading = "Gateway (which channel the notices are queued on)")]
    gateway: GatewayArgs,
}

/// What an operator does to an order.
enum Action {
    Cancel { reason: Option<String> },
    Reassign { to: Msisdn },
    Dispatch,
    Deliver,
}

impl Action {
    fn name(&self) -> &'static str {
        match self {
            Self::Cancel { .. } => "cancel",
            Self::Reassign { .. } => "reassign",
            Self::Dispatch => "dispatch",
            Self::Deliver => "deliver",
        }
    }
}

pub async fn run(command: OrdersCommand) -> anyhow::Result<ExitCode> {
    telemetry::init("warn");
    match command {
        OrdersCommand::List { state, since, shop, wholesaler, limit, json, db, region } => {
            let filter = Filter { states: state, since, shop, wholesaler, limit };
            list(filter, json, &db, &region).await
        }
        OrdersCommand::Show { code, json, db } => show(&code, json, &db).await,
        OrdersCommand::Cancel { code, reason, act: args } => act(&code, Action::Cancel { reason }, args).await,
        OrdersCommand::Reassign { code, to, act: args } => match output::phone(&to, args.region.default_country) {
            Ok(to) => act(&code, Action::Reassign { to }, args).await,
            Err(e) => {
                eprintln!("--to: {e}");
                Ok(ExitCode::from(EXIT_BAD_INPUT))
            }
        },
        OrdersCommand::Dispatch { code, act: args } => act(&code, Action::Dispatch, args).await,
        OrdersCommand::Deliver { code, act: args } => act(&code, Action::Deliver, args).await,
    }
}

/// An order code as typed, or a message saying it is not one.
fn order_code(input: &str) -> Result<OrderCode, String> {
    OrderCode::parse(input)
        .ok_or_else(|| format!("'{input}' is not an order code (four letters and digits, e.g. K7PX)"))
}

/// The filters of `orders list`, as typed.
struct Filter {
    states: Vec<String>,
    since: Option<DateTime<Utc>>,
    shop: Option<String>,
    wholesaler: Option<String>,
    limit: i64,
}

/// The id of the registered contact with `role` whose number is `typed`, or a message for the operator.
async fn contact_id(
    pool: &PgPool,
    option: &str,
    typed: Option<&str>,
    role: Role,
    region: &RegionArgs,
) -> anyhow::Result<Result<Option<i64>, String>> {
    let Some(typed) = typed else {
        return Ok(Ok(None));
    };
    let phone = match output::phone(typed, region.default_country) {
        Ok(phone) => phone,
        Err(e) => return Ok(Err(format!("{option}: {e}"))),
    };
    let found = contacts::find(&mut *pool.acquire().await?, &phone).await?.filter(|c| c.role == role);
    Ok(found.map(|c| Some(c.id)).ok_or_else(|| format!("{option}: no {} with the number {phone}", role_name(role))))
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Shopkeeper => "shop",
        Role::Wholesaler => "wholesaler",
        Role::Operator => "operator",
    }
}

async fn list(filter: Filter, json: bool, db: &DatabaseArgs, region: &RegionArgs) -> anyhow::Result<ExitCode> {
    let pool = db::connect_and_migrate(&db.database_url, 2).await?;
    let shop = contact_id(&pool, "--shop", filter.shop.as_deref(), Role::Shopkeeper, region).await?;
    let wholesaler = contact_id(&pool, "--wholesaler", filter.wholesaler.as_deref(), Role::Wholesaler, region).await?;
    let (shop_id, wholesaler_id) = match (shop, wholesaler) {
        (Ok(shop), Ok(wholesaler)) => (shop, wholesaler),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("{e}");
            return Ok(ExitCode::from(EXIT_BAD_INPUT));
        }
    };
    // One more than asked for, to say when there are more.
    let fetch = (filter.limit > 0).then_some(filter.limit + 1);
    let mut rows = sqlx::query!(
        r#"select o.id, o.code, o.state, s.phone as shop_phone, s.name as shop, w.phone as wholesaler_phone,
                  w.name as wholesaler, (select count(*) from order_lines l where l.order_id = o.id) as "lines!",
                  o.total_paise, o.created_at, o.updated_at
           from orders o join contacts s on s.id = o.shop_id join contacts w on w.id = o.wholesaler_id
           where (cardinality($1::text[]) = 0 or o.state = any($1))
             and ($2::timestamptz is null or o.created_at >= $2)
             and ($3::bigint is null or o.shop_id = $3)
             and ($4::bigint is null or o.wholesaler_id = $4)
           order by o.created_at desc, o.id desc
           limit $5"#,
        &filter.states,
        filter.since,
        shop_id,
        wholesaler_id,
        fetch,
    )
    .fetch_all(&pool)
    .await?;
    let more = fetch.is_some_and(|n| rows.len() as i64 == n);
    if more {
        rows.pop();
    }
    if rows.is_empty() {
        eprintln!("no orders");
        return Ok(ExitCode::SUCCESS);
    }
    if json {
        for r in &rows {
            output::json_line(&serde_json::json!({
                "id": r.id, "code": r.code, "state": r.state, "shop_phone": r.shop_phone, "shop": r.shop,
                "wholesaler_phone": r.wholesaler_phone, "wholesaler": r.wholesaler, "lines": r.lines,
                "total_paise": r.total_paise, "created_at": r.created_at, "updated_at": r.updated_at,
            }))?;
        }
    } else {
        let mut table =
            Table::new(&["code", "state", "shop", "wholesaler", "lines", "total", "created", "updated"]).right(&[4, 5]);
        for r in &rows {
            table.row(vec![
                r.code.clone(),
                r.state.clone(),
                r.shop.clone(),
                r.wholesaler.clone(),
                r.lines.to_string(),
                format!("Rs {}", format_rupees(r.total_paise)),
                output::when(r.created_at),
                output::when(r.updated_at),
            ]);
        }
        table.print();
    }
    if more {
        eprintln!("first {} shown (--limit 0 for all)", rows.len());
    }
    Ok(ExitCode::SUCCESS)
}

async fn show(code: &str, json: bool, db: &DatabaseArgs) -> anyhow::Result<ExitCode> {
    let code = match order_code(code) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{e}");
            return Ok(ExitCode::from(EXIT_BAD_INPUT));
        }
    };
    let pool = db::connect_and_migrate(&db.database_url, 2).await?;
    let orders = sqlx::query!(
        r#"select o.id, o.code, o.state, o.total_paise, o.created_at, o.updated_at, s.phone as shop_phone,
                  s.name as shop, w.phone as wholesaler_phone, w.name as wholesaler
           from orders o join contacts s on s.id = o.shop_id join contacts w on w.id = o.wholesaler_id
           where o.code = $1
           order by o.created_at desc, o.id desc"#,
        code.as_str()
    )
    .fetch_all(&pool)
    .await?;
    let Some(order) = orders.first() else {
        eprintln!("no order {code}");
        return Ok(ExitCode::from(EXIT_BAD_INPUT));
    };
    let older = orders.len() - 1;
    if older > 0 {
        eprintln!("{older} older order(s) had the code {code} too; this is the newest");
    }
    let lines = sqlx::query!(
        r#"select line_no, name, sku, packs, unit_price_paise, state, source_text
           from order_lines where order_id = $1 order by line_no"#,
        order.id
    )
    .fetch_all(&pool)
    .await?;
    let events = sqlx::query!(
        r#"select at, event, from_state, to_state, actor, inbound_message_id, details
           from order_events where order_id = $1 order by at, id"#,
        order.id
    )
    .fetch_all(&pool)
    .await?;

    if json {
        let lines: Vec<serde_json::Value> = lines
            .iter()
            .map(|l| {
                serde_json::json!({
                    "no": l.line_no, "name": l.name, "sku": l.sku, "packs": l.packs,
                    "unit_price_paise": l.unit_price_paise, "total_paise": i64::from(l.packs) * l.unit_price_paise,
                    "status": l.state, "text": l.source_text,
                })
            })
            .collect();
        let events: Vec<serde_json::Value> = events
            .iter()
            .map(|e| {
                serde_json::json!({
                    "at": e.at, "event": e.event, "from": e.from_state, "to": e.to_state, "actor": e.actor,
                    "inbound_message_id": e.inbound_message_id, "details": e.details,
                })
            })
            .collect();
        output::json_line(&serde_json::json!({
            "id": order.id, "code": order.code, "state": order.state, "shop_phone": order.shop_phone,
            "shop": order.shop, "wholesaler_phone": order.wholesaler_phone, "wholesaler": order.wholesaler,
            "total_paise": order.total_paise, "created_at": order.created_at, "updated_at": order.updated_at,
            "older_with_code": older, "lines": lines, "events": events,
        }))?;
        return Ok(ExitCode::SUCCESS);
    }

    let mut header = Table::new(&["order", &order.code]);
    header.row(vec!["state".into(), order.state.clone()]);
    header.row(vec!["shop".into(), format!("{} ({})", order.shop, order.shop_phone)]);
    header.row(vec!["wholesaler".into(), format!("{} ({})", order.wholesaler, order.wholesaler_phone)]);
    header.row(vec!["total".into(), format!("Rs {}", format_rupees(order.total_paise))]);
    header.row(vec!["created".into(), output::when(order.created_at)]);
    header.row(vec!["updated".into(), output::when(order.updated_at)]);
    header.print();

    println!();
    let mut table =
        Table::new(&["no", "name", "sku", "packs", "unit price", "line total", "status"]).right(&[0, 3, 4, 5]);
    for l in &lines {
        table.row(vec![
            l.line_no.to_string(),
            l.name.clone(),
            l.sku.clone(),
            l.packs.to_string(),
            format!("Rs {}", format_rupees(l.unit_price_paise)),
            format!("Rs {}", format_rupees(i64::from(l.packs) * l.unit_price_paise)),
            l.state.clone(),
        ]);
    }
    if table.is_empty() {
        println!("(no lines)");
    } else {
        table.print();
    }

    println!();
    let mut timeline = Table::new(&["time", "event", "from → to", "actor", "details"]);
    for e in &events {
        let details = match &e.details {
            serde_json::Value::Object(fields) if fields.is_empty() => String::new(),
            other => other.to_string(),
        };
        timeline.row(vec![
            output::when(e.at),
            e.event.clone(),
            format!("{} → {}", e.from_state.as_deref().unwrap_or("-"), e.to_state),
            e.actor.clone(),
            details,
        ]);
    }
    timeline.print();
    Ok(ExitCode::SUCCESS)
}

async fn act(code: &str, action: Action, args: ActArgs) -> anyhow::Result<ExitCode> {
    let code = match order_code(code) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{e}");
            return Ok(ExitCode::from(EXIT_BAD_INPUT));
        }
    };
    let settings = Settings::from_args(&args.db, &args.region, &args.gateway)?;
    let pipeline = build_pipeline(&settings, Arc::new(Console::new(console::Output::Quiet))).await?;
    let outcome = match &action {
        Action::Cancel { reason } => pipeline.cancel_by_operator(&code, reason.as_deref()).await?,
        Action::Reassign { to } => pipeline.reassign_by_operator(&code, to).await?,
        Action::Dispatch => pipeline.dispatch_by_operator(&code).await?,
        Action::Deliver => pipeline.deliver_by_operator(&code).await?,
    };
    let acted = match outcome {
        Ok(acted) => acted,
        Err(refusal) => {
            eprintln!("{refusal}");
            return Ok(ExitCode::from(EXIT_BAD_INPUT));
        }
    };
    if args.json {
        let mut report = serde_json::json!({
            "id": acted.order_id, "code": acted.code.as_str(), "action": action.name(),
            "from": acted.from.as_str(), "to": acted.to.as_str(), "shop_phone": acted.shop.phone.as_str(),
            "wholesaler_phone": acted.wholesaler.phone.as_str(), "told": acted.told,
        });
        if let Some(previous) = &acted.previous_wholesaler {
            report["previous_wholesaler_phone"] = previous.phone.as_str().into();
        }
        output::json_line(&report)?;
    } else {
        let what = match &acted.previous_wholesaler {
            Some(previous) => format!("reassigned from {} to {}", previous.name, acted.wholesaler.name),
            None => acted.to.as_str().to_owned(),
        };
        println!("{} {what} ({} told)", acted.code, and_list(&acted.told));
    }
    Ok(ExitCode::SUCCESS)
}

/// "a", "a and b", "a, b and c".
fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_as_english() {
        assert_eq!(and_list(&["shop"]), "shop");
        assert_eq!(and_list(&["shop", "wholesaler"]), "shop and wholesaler");
        assert_eq!(and_list(&["new wholesaler", "old wholesaler", "shop"]), "new wholesaler, old wholesaler and shop");
    }

    #[test]
    fn codes_are_read_in_any_case_and_anything_else_is_named() {
        assert_eq!(order_code(" k7px ").unwrap().as_str(), "K7PX");
        assert!(order_code("hello").unwrap_err().contains("'hello' is not an order code"));
    }
}
