//! The `orders`, `order_lines` and `order_events` tables. Every function takes the caller's transaction: an order
//! change, its event and the messages it causes commit together or not at all.

use sqlx::{PgConnection, PgPool};

use super::{IllegalTransition, OrderCode, OrderEvent, OrderState, states_allowing, transition};
use crate::conversation::OpenOrder;

/// Who caused an order event (`order_events.actor`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Shop,
    Wholesaler,
    Operator,
    System,
}

impl Actor {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Shop => "shop",
            Self::Wholesaler => "wholesaler",
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
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// How many times a fresh code is drawn before giving up (a collision needs a code already open).
const CODE_ATTEMPTS: usize = 16;

/// Creates an order in state `placed` with its lines and its first event.
pub async fn create_placed(
    conn: &mut PgConnection,
    shop_id: i64,
    wholesaler_id: i64,
    inbound_message_id: Option<i64>,
    lines: &[NewLine],
) -> Result<PlacedOrder, sqlx::Error> {
    let total_paise: i64 = lines.iter().map(|l| l.packs * l.unit_price_paise).sum();
    let mut inserted = None;
    for _ in 0..CODE_ATTEMPTS {
        let code = OrderCode::random();
        // A code is unique among open orders (partial unique index); on a clash, draw again.
        let id = sqlx::query_scalar!(
            r#"insert into orders (code, shop_id, wholesaler_id, state, inbound_message_id, total_paise)
               values ($1, $2, $3, 'placed', $4, $5)
               on conflict do nothing
               returning id"#,
            code.as_str(),
            shop_id,
            wholesaler_id,
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
    let line_numbers: Vec<i32> = (1..=lines.len() as i32).collect();
    let product_ids: Vec<i64> = lines.iter().map(|l| l.product_id).collect();
    let skus: Vec<String> = lines.iter().map(|l| l.sku.clone()).collect();
    let names: Vec<String> = lines.iter().map(|l| l.name.clone()).collect();
    let packs: Vec<i32> = lines.iter().map(|l| i32::try_from(l.packs).unwrap_or(i32::MAX)).collect();
    let prices: Vec<i64> = lines.iter().map(|l| l.unit_price_paise).collect();
    let sources: Vec<String> = lines.iter().map(|l| l.source_text.clone()).collect();
    sqlx::query!(
        r#"insert into order_lines (order_id, line_no, product_id, sku, name, packs, unit_price_paise, source_text)
           select $1, * from unnest($2::int[], $3::bigint[], $4::text[], $5::text[], $6::int[], $7::bigint[], $8::text[])"#,
        id,
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
    sqlx::query!(
        r#"insert into order_events (order_id, from_state, to_state, event, actor, inbound_message_id)
           values ($1, null, 'placed', 'place', 'shop', $2)"#,
        id,
        inbound_message_id,
    )
    .execute(&mut *conn)
    .await?;
    Ok(PlacedOrder { id, code, total_paise })
}

/// Moves an order by `event`: a guarded update (only from the states [`transition`] allows) and an event row.
pub async fn apply_event(
    conn: &mut PgConnection,
    order_id: i64,
    event: OrderEvent,
    actor: Actor,
    inbound_message_id: Option<i64>,
) -> Result<(OrderState, OrderState), TransitionError> {
    let current = sqlx::query_scalar!("select state from orders where id = $1 for update", order_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(TransitionError::NotFound(order_id))?;
    let from = OrderState::parse(&current).ok_or(TransitionError::NotFound(order_id))?;
    let to = transition(from, event)?;
    let allowed: Vec<String> = states_allowing(event).into_iter().map(|s| s.as_str().to_owned()).collect();
    let updated = sqlx::query!(
        "update orders set state = $2 where id = $1 and state = any($3)",
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
        r#"insert into order_events (order_id, from_state, to_state, event, actor, inbound_message_id)
           values ($1, $2, $3, $4, $5, $6)"#,
        order_id,
        from.as_str(),
        to.as_str(),
        event.as_str(),
        actor.as_str(),
        inbound_message_id,
    )
    .execute(&mut *conn)
    .await?;
    Ok((from, to))
}

/// Orders placed with a wholesaler that still wait for an answer, newest first.
pub async fn open_for_wholesaler(conn: &mut PgConnection, wholesaler_id: i64) -> Result<Vec<OpenOrder>, sqlx::Error> {
    let rows = sqlx::query!(
        "select id, code from orders where wholesaler_id = $1 and state = 'placed' order by created_at desc, id desc",
        wholesaler_id
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().filter_map(|r| OrderCode::parse(&r.code).map(|code| OpenOrder { id: r.id, code })).collect())
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
