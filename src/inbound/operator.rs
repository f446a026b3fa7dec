//! What an operator does to an order from the command line, with the same notices as the SMS path. Each action is
//! one transaction: the order is found by its code and locked, moved by a guarded update with an event whose actor
//! is `operator`, and the parties' notices are queued in the outbox, so all of it commits or none of it does.

use fluent_bundle::FluentArgs;
use sqlx::PgConnection;

use super::{Pipeline, Reply, contact_lang, no_details, transition_to_db};
use crate::contacts::{self, Contact, Role};
use crate::domain::Msisdn;
use crate::orders::store::{self as order_store, Actor, TransitionError};
use crate::orders::{OrderCode, OrderEvent, OrderState};

/// What an operator did to an order.
#[derive(Debug, Clone)]
pub struct Acted {
    pub order_id: i64,
    pub code: OrderCode,
    pub from: OrderState,
    pub to: OrderState,
    pub shop: Contact,
    /// The wholesaler the order is with now.
    pub wholesaler: Contact,
    /// The wholesaler a reassigned order was taken from.
    pub previous_wholesaler: Option<Contact>,
    /// Who was sent a notice, in the order they were queued.
    pub told: Vec<&'static str>,
}

/// Why an operator's action was refused: the input, not the system, was wrong.
#[derive(Debug, Clone, thiserror::Error)]
pub enum Refusal {
    #[error("no order {0}")]
    NoOrder(OrderCode),
    /// The order's state does not allow the action; `done` says what the action would have made of it.
    #[error("order {code} is {}: it cannot be {done}", from.as_str())]
    Illegal { code: OrderCode, from: OrderState, done: &'static str },
    #[error("no wholesaler with the number {0}")]
    NoWholesaler(Msisdn),
    #[error("order {code} is already with {wholesaler}")]
    SameWholesaler { code: OrderCode, wholesaler: String },
}

/// The newest order with a code (an open order holds its code, so that is the open one if there is one), locked
/// for the transaction: `(id, wholesaler_id)`.
async fn lock_newest(conn: &mut PgConnection, code: &OrderCode) -> Result<Option<(i64, i64)>, sqlx::Error> {
    let row = sqlx::query!(
        r#"select id, wholesaler_id from orders where code = $1
           order by created_at desc, id desc limit 1 for no key update"#,
        code.as_str()
    )
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|r| (r.id, r.wholesaler_id)))
}

/// Moves an order by `event` as the operator; `done` names the result for a refusal ("cancelled").
async fn move_order(
    conn: &mut PgConnection,
    order_id: i64,
    code: &OrderCode,
    event: OrderEvent,
    done: &'static str,
    details: serde_json::Value,
) -> Result<Result<(OrderState, OrderState), Refusal>, sqlx::Error> {
    match order_store::apply_event(conn, order_id, event, Actor::Operator, None, details).await {
        Ok(moved) => Ok(Ok(moved)),
        Err(TransitionError::Illegal(illegal)) => {
            Ok(Err(Refusal::Illegal { code: code.clone(), from: illegal.from, done }))
        }
        Err(other) => Err(transition_to_db(other)),
    }
}

/// The shop and the wholesaler of an order.
async fn parties_of(conn: &mut PgConnection, order_id: i64) -> Result<(Contact, Contact), sqlx::Error> {
    let parties = order_store::parties(conn, order_id).await?.ok_or(sqlx::Error::RowNotFound)?;
    let shop = contacts::get(conn, parties.shop_id).await?.ok_or(sqlx::Error::RowNotFound)?;
    let wholesaler = contacts::get(conn, parties.wholesaler_id).await?.ok_or(sqlx::Error::RowNotFound)?;
    Ok((shop, wholesaler))
}

impl Pipeline {
    /// Calls an order off (until it is dispatched): the shop is told, and so is the wholesaler unless the order was
    /// still a draft they never saw.
    pub async fn cancel_by_operator(
        &self,
        code: &OrderCode,
        reason: Option<&str>,
    ) -> Result<Result<Acted, Refusal>, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        let Some((order_id, _)) = lock_newest(&mut tx, code).await? else {
            return Ok(Err(Refusal::NoOrder(code.clone())));
        };
        let details = reason.map_or_else(no_details, |r| serde_json::json!({ "reason": r }));
        let (from, to) = match move_order(&mut tx, order_id, code, OrderEvent::Cancel, "cancelled", details).await? {
            Ok(moved) => moved,
            Err(refusal) => return Ok(Err(refusal)),
        };
        let (shop, wholesaler) = parties_of(&mut tx, order_id).await?;
        let mut told = vec!["shop"];
        let mut args = FluentArgs::new();
        args.set("code", code.to_string());
        self.notify_party(&mut tx, &shop, order_id, "order_cancelled", "order-cancelled", args).await?;
        if from != OrderState::Draft {
            self.withdraw(&mut tx, &wholesaler, &shop, order_id, code).await?;
            told.push("wholesaler");
        }
        tx.commit().await?;
        tracing::info!(order_id, code = %code, "order cancelled by an operator");
        Ok(Ok(Acted { order_id, code: code.clone(), from, to, shop, wholesaler, previous_wholesaler: None, told }))
    }

    /// Marks a confirmed order as sent by its wholesaler (who could not SMS it); the shop is told.
    pub async fn dispatch_by_operator(&self, code: &OrderCode) -> Result<Result<Acted, Refusal>, sqlx::Error> {
        self.move_and_tell_shop(code, OrderEvent::Dispatch, "dispatched", "order_dispatched", "order-dispatched").await
    }

    /// Marks a dispatched order as arrived; the shop is told.
    pub async fn deliver_by_operator(&self, code: &OrderCode) -> Result<Result<Acted, Refusal>, sqlx::Error> {
        self.move_and_tell_shop(code, OrderEvent::Deliver, "delivered", "order_delivered", "order-delivered").await
    }

    /// Puts a placed order in front of another registered wholesaler: the new one gets the order notice, the old one
    /// is told not to send it, and the shop where its order went. The answer clock starts again.
    pub async fn reassign_by_operator(
        &self,
        code: &OrderCode,
        to: &Msisdn,
    ) -> Result<Result<Acted, Refusal>, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        let Some((order_id, previous_id)) = lock_newest(&mut tx, code).await? else {
            return Ok(Err(Refusal::NoOrder(code.clone())));
        };
        let Some(next) = contacts::find(&mut tx, to).await?.filter(|c| c.role == Role::Wholesaler) else {
            return Ok(Err(Refusal::NoWholesaler(to.clone())));
        };
        // The same keys as a re-route by the expiry sweeper, so the old wholesaler's late answer is recognised.
        let details = serde_json::json!({ "from_wholesaler_id": previous_id, "to_wholesaler_id": next.id });
        let (from, to_state) =
            match move_order(&mut tx, order_id, code, OrderEvent::Reroute, "reassigned", details).await? {
                Ok(moved) => moved,
                Err(refusal) => return Ok(Err(refusal)),
            };
        if next.id == previous_id {
            // Checked after the move, so a state that allows no reassignment is what gets reported; dropping the
            // transaction rolls the event back.
            return Ok(Err(Refusal::SameWholesaler { code: code.clone(), wholesaler: next.name }));
        }
        let (shop, previous) = parties_of(&mut tx, order_id).await?;
        sqlx::query!("update orders set wholesaler_id = $2 where id = $1", order_id, next.id).execute(&mut *tx).await?;

        self.notify_wholesaler(&mut tx, None, order_id, code, &shop, &next, &contact_lang(&shop)).await?;
        self.withdraw(&mut tx, &previous, &shop, order_id, code).await?;
        let mut args = FluentArgs::new();
        args.set("code", code.to_string());
        args.set("wholesaler", next.name.clone());
        self.notify_party(&mut tx, &shop, order_id, "order_reassigned", "order-reassigned", args).await?;
        tx.commit().await?;
        tracing::info!(order_id, code = %code, from = previous.id, to = next.id, "order reassigned by an operator");
        Ok(Ok(Acted {
            order_id,
            code: code.clone(),
            from,
            to: to_state,
            shop,
            wholesaler: next,
            previous_wholesaler: Some(previous),
            told: vec!["new wholesaler", "old wholesaler", "shop"],
        }))
    }

    /// Moves an order by `event` and tells the shop with `message_id` (which takes the code and the wholesaler).
    async fn move_and_tell_shop(
        &self,
        code: &OrderCode,
        event: OrderEvent,
        done: &'static str,
        kind: &'static str,
        message_id: &'static str,
    ) -> Result<Result<Acted, Refusal>, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        let Some((order_id, _)) = lock_newest(&mut tx, code).await? else {
            return Ok(Err(Refusal::NoOrder(code.clone())));
        };
        let (from, to) = match move_order(&mut tx, order_id, code, event, done, no_details()).await? {
            Ok(moved) => moved,
            Err(refusal) => return Ok(Err(refusal)),
        };
        let (shop, wholesaler) = parties_of(&mut tx, order_id).await?;
        let mut args = FluentArgs::new();
        args.set("code", code.to_string());
        args.set("wholesaler", wholesaler.name.clone());
        self.notify_party(&mut tx, &shop, order_id, kind, message_id, args).await?;
        tx.commit().await?;
        tracing::info!(order_id, code = %code, event = event.as_str(), "order moved by an operator");
        Ok(Ok(Acted {
            order_id,
            code: code.clone(),
            from,
            to,
            shop,
            wholesaler,
            previous_wholesaler: None,
            told: vec!["shop"],
        }))
    }

    /// Tells a wholesaler that an order is no longer theirs to send.
    async fn withdraw(
        &self,
        tx: &mut PgConnection,
        wholesaler: &Contact,
        shop: &Contact,
        order_id: i64,
        code: &OrderCode,
    ) -> Result<(), sqlx::Error> {
        let mut args = FluentArgs::new();
        args.set("code", code.to_string());
        args.set("shop", shop.name.clone());
        self.notify_party(tx, wholesaler, order_id, "wholesaler_withdrawn", "wholesaler-order-withdrawn", args).await
    }

    /// Queues a notice about an order to one of its parties, in their language, on the default sending channel.
    async fn notify_party(
        &self,
        tx: &mut PgConnection,
        to: &Contact,
        order_id: i64,
        kind: &'static str,
        message_id: &'static str,
        args: FluentArgs<'_>,
    ) -> Result<(), sqlx::Error> {
        let lang = contact_lang(to);
        let reply = Reply {
            to: to.phone.as_str(),
            contact_id: Some(to.id),
            lang: &lang,
            channel: self.channels.default_sender(),
            kind,
            message_id,
            args,
            order_id: Some(order_id),
        };
        self.queue(tx, None, reply).await
    }
}
