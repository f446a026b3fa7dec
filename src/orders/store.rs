//! The `orders`, `order_lines` and `order_events` tables. Every function takes the caller's transaction: an order
//! change, its event and the messages it causes commit together or not at all.

use sqlx::{PgConnection, PgPool};

use super::{IllegalTransition, OrderCode, OrderEvent, OrderState, states_allowing, transition};
use crate::conversation::OpenOrder;

/// Who causes an order event (`order_events.actor`). A shop may act only on its own orders and a wholesaler only
/// on the orders routed to it: [`apply_event`] checks, under the order's row lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Shop(i64),
    Wholesaler(i64),
    Operator,
    System,
}

impl Actor {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Shop(_) => "shop",
            Self::Wholesaler(_) => "wholesaler",
            Self::Operator => "operator",
            Self::System => "system",
        }
    }
}

/// A line of a new order.
#[derive(Debug, Clone)]
pub struct NewLine {
    pub product_id: i64,
    pub sku: String,
    pub name: String,
    pub packs: i64,
    pub unit_price_paise: i64,
    pub source_text: String,
}

/// A freshly placed order.
#[derive(Debug, Clone)]
pub struct PlacedOrder {
    pub id: i64,
    pub code: OrderCode,
    pub total_paise: i64,
}

/// Why an order could not be moved.
#[derive(Debug, thiserror::Error)]
pub enum TransitionError {
    #[error(transparent)]
    Illegal(#[from] IllegalTransition),
    #[error("order {0} does not exist")]
    NotFound(i64),
    /// The actor is not a party to the order (another shop's order, or one routed to another wholesaler).
    #[error("order {0} is not this party's")]
    NotYours(i64),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// How many times a fresh code is drawn before giving up (a collision needs a code already open).
const CODE_ATTEMPTS: usize = 16;

/// Creates an order in state `placed` (or `draft`, while questions are open) with its lines and its first event.
pub async fn create(
    conn: &mut PgConnection,
    shop_id: i64,
    wholesaler_id: i64,
    inbound_message_id: Option<i64>,
    state: OrderState,
    lines: &[NewLine],
) -> Result<PlacedOrder, sqlx::Error> {
    let total_paise: i64 = lines.iter().map(|l| l.packs * l.unit_price_paise).sum();
    let mut inserted = None;
    for _ in 0..CODE_ATTEMPTS {
        let code = OrderCode::random();
        // A code is unique among open orders (partial unique index); on a clash, draw again.
        let id = sqlx::query_scalar!(
            r#"insert into orders (code, shop_id, wholesaler_id, state, inbound_message_id, total_paise, placed_at)
               values ($1, $2, $3, $4, $5, $6, case when $4 = 'placed' then now() end)
               on conflict do nothing
               returning id"#,
            code.as_str(),
            shop_id,
            wholesaler_id,
            state.as_str(),
            inbound_message_id,
            total_paise,
        )
        .fetch_optional(&mut *conn)
        .await?;
        if let Some(id) = id {
            inserted = Some((id, code));
            break;
        }
    }
    let Some((id, code)) = inserted else {
        return Err(sqlx::Error::Protocol("no free order code after 16 attempts".into()));
    };
    insert_lines(conn, id, 1, lines).await?;
    let event = if state == OrderState::Draft { "draft" } else { "place" };
    sqlx::query!(
        r#"insert into order_events (order_id, from_state, to_state, event, actor, inbound_message_id)
           values ($1, null, $2, $3, 'shop', $4)"#,
        id,
        state.as_str(),
        event,
        inbound_message_id,
    )
    .execute(&mut *conn)
    .await?;
    Ok(PlacedOrder { id, code, total_paise })
}

async fn insert_lines(
    conn: &mut PgConnection,
    order_id: i64,
    first_line: i32,
    lines: &[NewLine],
) -> Result<(), sqlx::Error> {
    let line_numbers: Vec<i32> = (first_line..first_line + lines.len() as i32).collect();
    let product_ids: Vec<i64> = lines.iter().map(|l| l.product_id).collect();
    let skus: Vec<String> = lines.iter().map(|l| l.sku.clone()).collect();
    let names: Vec<String> = lines.iter().map(|l| l.name.clone()).collect();
    let packs: Vec<i32> = lines.iter().map(|l| i32::try_from(l.packs).unwrap_or(i32::MAX)).collect();
    let prices: Vec<i64> = lines.iter().map(|l| l.unit_price_paise).collect();
    let sources: Vec<String> = lines.iter().map(|l| l.source_text.clone()).collect();
    sqlx::query!(
        r#"insert into order_lines (order_id, line_no, product_id, sku, name, packs, unit_price_paise, source_text)
           select $1, * from unnest($2::int[], $3::bigint[], $4::text[], $5::text[], $6::int[], $7::bigint[], $8::text[])"#,
        order_id,
        &line_numbers,
        &product_ids,
        &skus,
        &names,
        &packs,
        &prices,
        &sources,
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Adds one line at the end of an order and updates its total.
pub async fn add_line(conn: &mut PgConnection, order_id: i64, line: &NewLine) -> Result<(), sqlx::Error> {
    let next = sqlx::query_scalar!(
        r#"select coalesce(max(line_no), 0) + 1 as "next!" from order_lines where order_id = $1"#,
        order_id
    )
    .fetch_one(&mut *conn)
    .await?;
    insert_lines(conn, order_id, next, std::slice::from_ref(line)).await?;
    sqlx::query!(
        r#"update orders set total_paise = (select coalesce(sum(packs * unit_price_paise), 0)::bigint
                                           from order_lines where order_id = $1)
           where id = $1"#,
        order_id
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// One numbered option of a question.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct QuestionOption {
    pub product_id: i64,
    pub sku: String,
    pub name: String,
    pub packs: i64,
    pub unit_price_paise: i64,
}

/// A clarification question of a draft order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionRow {
    pub id: i64,
    pub order_id: i64,
    pub source_text: String,
    pub options: Vec<QuestionOption>,
}

/// Stores the questions of a draft order (lines without options record what was skipped).
pub async fn add_questions(
    conn: &mut PgConnection,
    order_id: i64,
    questions: &[(String, Vec<QuestionOption>)],
) -> Result<(), sqlx::Error> {
    for (position, (source_text, options)) in questions.iter().enumerate() {
        let options_json = serde_json::to_value(options).unwrap_or_default();
        let answer: Option<i32> = options.is_empty().then_some(0);
        sqlx::query!(
            r#"insert into order_questions (order_id, position, source_text, options, answer)
               values ($1, $2, $3, $4, $5)"#,
            order_id,
            position as i32 + 1,
            source_text,
            options_json,
            answer,
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

fn question_row(id: i64, order_id: i64, source_text: String, options: serde_json::Value) -> QuestionRow {
    QuestionRow { id, order_id, source_text, options: serde_json::from_value(options).unwrap_or_default() }
}

/// The next unanswered question of an order, marked as asked now.
pub async fn ask_next_question(conn: &mut PgConnection, order_id: i64) -> Result<Option<QuestionRow>, sqlx::Error> {
    let row = sqlx::query!(
        r#"update order_questions set asked_at = now()
           where id = (select id from order_questions where order_id = $1 and answer is null
                       order by position limit 1)
           returning id, order_id, source_text, options"#,
        order_id
    )
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|r| question_row(r.id, r.order_id, r.source_text, r.options)))
}

/// The question a shop has been asked and not yet answered, on its latest draft order.
pub async fn pending_question(conn: &mut PgConnection, shop_id: i64) -> Result<Option<QuestionRow>, sqlx::Error> {
    let row = sqlx::query!(
        r#"select q.id, q.order_id, q.source_text, q.options
           from order_questions q join orders o on o.id = q.order_id
           where o.shop_id = $1 and o.state = 'draft' and q.answer is null and q.asked_at is not null
           order by q.asked_at desc, q.id desc limit 1"#,
        shop_id
    )
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|r| question_row(r.id, r.order_id, r.source_text, r.options)))
}

pub async fn get_question(conn: &mut PgConnection, question_id: i64) -> Result<Option<QuestionRow>, sqlx::Error> {
    let row = sqlx::query!("select id, order_id, source_text, options from order_questions where id = $1", question_id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.map(|r| question_row(r.id, r.order_id, r.source_text, r.options)))
}

/// Records the shop's answer (0 = skip). Returns false when the question was already answered.
pub async fn answer_question(conn: &mut PgConnection, question_id: i64, choice: usize) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "update order_questions set answer = $2, answered_at = now() where id = $1 and answer is null",
        question_id,
        choice as i32
    )
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// What the shop wrote for the lines that were skipped (by the shop, or because nothing matched).
pub async fn skipped_lines(conn: &mut PgConnection, order_id: i64) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar!(
        "select source_text from order_questions where order_id = $1 and answer = 0 order by position",
        order_id
    )
    .fetch_all(&mut *conn)
    .await
}

/// An order's lines as `(name, packs)`, and its total.
pub async fn lines_and_total(conn: &mut PgConnection, order_id: i64) -> Result<(Vec<(String, i64)>, i64), sqlx::Error> {
    let lines = sqlx::query!("select name, packs from order_lines where order_id = $1 order by line_no", order_id)
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|r| (r.name, i64::from(r.packs)))
        .collect();
    let total =
        sqlx::query_scalar!("select total_paise from orders where id = $1", order_id).fetch_one(&mut *conn).await?;
    Ok((lines, total))
}

/// Catalog products of a shop's last hundred orders (most recent first), for the matcher's prior.
pub async fn history(conn: &mut PgConnection, shop_id: i64, limit: i64) -> Result<Vec<i64>, sqlx::Error> {
    let ids = sqlx::query_scalar!(
        r#"with recent as (
               select id, created_at from orders where shop_id = $1 order by created_at desc limit 100)
           select l.product_id as "product_id!"
           from recent o join order_lines l on l.order_id = o.id
           where l.product_id is not null
           group by l.product_id order by max(o.created_at) desc limit $2"#,
        shop_id,
        limit
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(ids)
}

/// Moves an order by `event`: a guarded update (only from the states [`transition`] allows, only by a party to the
/// order) and an event row with `details`.
pub async fn apply_event(
    conn: &mut PgConnection,
    order_id: i64,
    event: OrderEvent,
    actor: Actor,
    inbound_message_id: Option<i64>,
    details: serde_json::Value,
) -> Result<(OrderState, OrderState), TransitionError> {
    let current =
        sqlx::query!("select state, shop_id, wholesaler_id from orders where id = $1 for no key update", order_id)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or(TransitionError::NotFound(order_id))?;
    let party = match actor {
        Actor::Shop(id) => id == current.shop_id,
        Actor::Wholesaler(id) => id == current.wholesaler_id,
        Actor::Operator | Actor::System => true,
    };
    if !party {
        return Err(TransitionError::NotYours(order_id));
    }
    let from = OrderState::parse(&current.state).ok_or(TransitionError::NotFound(order_id))?;
    let to = transition(from, event)?;
    let allowed: Vec<String> = states_allowing(event).into_iter().map(|s| s.as_str().to_owned()).collect();
    // The answer clock starts whenever an order is put in front of a wholesaler (placed, or re-routed).
    let updated = sqlx::query!(
        r#"update orders set state = $2, placed_at = case when $2 = 'placed' then now() else placed_at end
           where id = $1 and state = any($3)"#,
        order_id,
        to.as_str(),
        &allowed,
    )
    .execute(&mut *conn)
    .await?;
    if updated.rows_affected() != 1 {
        return Err(IllegalTransition { from, event }.into());
    }
    sqlx::query!(
        r#"insert into order_events (order_id, from_state, to_state, event, actor, inbound_message_id, details)
           values ($1, $2, $3, $4, $5, $6, $7)"#,
        order_id,
        from.as_str(),
        to.as_str(),
        event.as_str(),
        actor.as_str(),
        inbound_message_id,
        details,
    )
    .execute(&mut *conn)
    .await?;
    Ok((from, to))
}

/// Marks each line of an order confirmed, except the `refused` line numbers, and sets the total to what will be
/// supplied.
pub async fn settle_lines(conn: &mut PgConnection, order_id: i64, refused: &[i32]) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"update order_lines set state = case when line_no = any($2) then 'rejected' else 'confirmed' end
           where order_id = $1"#,
        order_id,
        refused,
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        r#"update orders set total_paise = (select coalesce(sum(packs * unit_price_paise), 0)::bigint
                                           from order_lines where order_id = $1 and state <> 'rejected')
           where id = $1"#,
        order_id
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Puts a placed order in front of another wholesaler.
pub async fn reroute(conn: &mut PgConnection, order_id: i64, to_wholesaler: i64) -> Result<(), TransitionError> {
    let from = sqlx::query_scalar!("select wholesaler_id from orders where id = $1 for no key update", order_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(TransitionError::NotFound(order_id))?;
    let details = serde_json::json!({ "from_wholesaler_id": from, "to_wholesaler_id": to_wholesaler });
    apply_event(conn, order_id, OrderEvent::Reroute, Actor::System, None, details).await?;
    sqlx::query!("update orders set wholesaler_id = $2 where id = $1", order_id, to_wholesaler)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Placed orders whose wholesaler's time to answer is up, locked for this transaction (others skip them).
pub async fn claim_overdue(conn: &mut PgConnection, default_minutes: i32, limit: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select o.id from orders o join contacts w on w.id = o.wholesaler_id
           where o.state = 'placed'
             and o.placed_at + make_interval(mins => coalesce(w.response_minutes, $1)) <= now()
           order by o.placed_at
           limit $2
           for no key update of o skip locked"#,
        default_minutes,
        limit,
    )
    .fetch_all(&mut *conn)
    .await
}

/// A wholesaler's orders that still need something from them (an answer, or the goods), newest first.
pub async fn open_for_wholesaler(conn: &mut PgConnection, wholesaler_id: i64) -> Result<Vec<OpenOrder>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"select o.id, o.code, o.state, (select count(*) from order_lines l where l.order_id = o.id) as "lines!"
           from orders o
           where o.wholesaler_id = $1 and o.state in ('placed', 'confirmed', 'partially_confirmed')
           order by o.created_at desc, o.id desc"#,
        wholesaler_id
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(OpenOrder {
                id: r.id,
                code: OrderCode::parse(&r.code)?,
                state: OrderState::parse(&r.state)?,
                lines: u32::try_from(r.lines).unwrap_or(u32::MAX),
            })
        })
        .collect())
}

/// The latest order with this code that was, or is, a wholesaler's (also one re-routed away from them).
pub async fn find_for_wholesaler(
    conn: &mut PgConnection,
    wholesaler_id: i64,
    code: &str,
) -> Result<Option<(i64, OrderState, bool)>, sqlx::Error> {
    let row = sqlx::query!(
        r#"select o.id, o.state, o.wholesaler_id from orders o
           where o.code = $1
             and (o.wholesaler_id = $2
                  or exists (select 1 from order_events e where e.order_id = o.id and e.event = 'reroute'
                             and e.details ->> 'from_wholesaler_id' = $2::bigint::text))
           order by o.created_at desc limit 1"#,
        code,
        wholesaler_id
    )
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.and_then(|r| Some((r.id, OrderState::parse(&r.state)?, r.wholesaler_id != wholesaler_id))))
}

/// The order a shop's CANCEL means: the one with `code`, else its latest order that is still open.
pub async fn find_for_shop(
    conn: &mut PgConnection,
    shop_id: i64,
    code: Option<&str>,
) -> Result<Option<(i64, OrderCode, OrderState)>, sqlx::Error> {
    let row = sqlx::query!(
        r#"select id, code, state from orders
           where shop_id = $1
             and (code = $2 or ($2 is null and state in ('draft', 'placed', 'confirmed', 'partially_confirmed', 'dispatched')))
           order by created_at desc, id desc limit 1"#,
        shop_id,
        code,
    )
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.and_then(|r| Some((r.id, OrderCode::parse(&r.code)?, OrderState::parse(&r.state)?))))
}

/// The parties of an order, for messages about it.
#[derive(Debug, Clone)]
pub struct OrderParties {
    pub code: OrderCode,
    pub shop_id: i64,
    pub wholesaler_id: i64,
}

pub async fn parties(conn: &mut PgConnection, order_id: i64) -> Result<Option<OrderParties>, sqlx::Error> {
    let row = sqlx::query!("select code, shop_id, wholesaler_id from orders where id = $1", order_id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.and_then(|r| {
        OrderCode::parse(&r.code).map(|code| OrderParties { code, shop_id: r.shop_id, wholesaler_id: r.wholesaler_id })
    }))
}

/// A shop's latest orders, newest first: `(code, state)`.
pub async fn recent_for_shop(
    conn: &mut PgConnection,
    shop_id: i64,
    limit: i64,
) -> Result<Vec<(String, OrderState)>, sqlx::Error> {
    let rows = sqlx::query!(
        "select code, state from orders where shop_id = $1 order by created_at desc, id desc limit $2",
        shop_id,
        limit
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().filter_map(|r| OrderState::parse(&r.state).map(|s| (r.code, s))).collect())
}

/// An order's current state, by id (for tests and operators).
pub async fn state_of(pool: &PgPool, order_id: i64) -> Result<Option<OrderState>, sqlx::Error> {
    let state = sqlx::query_scalar!("select state from orders where id = $1", order_id).fetch_optional(pool).await?;
    Ok(state.and_then(|s| OrderState::parse(&s)))
}

/// Marks an order as placed by a USSD session (`channel:session id`), so that session can never place another.
pub async fn set_ussd_session(conn: &mut PgConnection, order_id: i64, session: &str) -> Result<(), sqlx::Error> {
    sqlx::query!("update orders set ussd_session = $2 where id = $1", order_id, session).execute(&mut *conn).await?;
    Ok(())
}

/// The order a USSD session placed, if it did: `(id, code, wholesaler_id, total_paise)`.
pub async fn find_by_ussd_session(
    conn: &mut PgConnection,
    session: &str,
) -> Result<Option<(i64, OrderCode, i64, i64)>, sqlx::Error> {
    let row = sqlx::query!("select id, code, wholesaler_id, total_paise from orders where ussd_session = $1", session)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.and_then(|r| Some((r.id, OrderCode::parse(&r.code)?, r.wholesaler_id, r.total_paise))))
}

/// A shop's last order that went to a wholesaler (for REPEAT and the menu's "repeat last order"): its code and its
/// lines that name a product, `(product_id, packs, source_text)`.
pub async fn last_order(
    conn: &mut PgConnection,
    shop_id: i64,
) -> Result<Option<(OrderCode, Vec<(i64, i64, String)>)>, sqlx::Error> {
    let Some(order) = sqlx::query!(
        "select id, code from orders where shop_id = $1 and state <> 'draft' order by created_at desc, id desc limit 1",
        shop_id
    )
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let lines = sqlx::query!(
        r#"select product_id as "product_id!", packs, source_text from order_lines
           where order_id = $1 and product_id is not null order by line_no"#,
        order.id
    )
    .fetch_all(&mut *conn)
    .await?;
    let lines = lines.into_iter().map(|l| (l.product_id, i64::from(l.packs), l.source_text)).collect();
    Ok(OrderCode::parse(&order.code).map(|code| (code, lines)))
}
