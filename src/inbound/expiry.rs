//! Orders nobody answered. A placed order whose wholesaler has not answered within their time (the wholesaler's
//! `response_minutes`, else the gateway's default) goes to the shop's backup wholesaler when it has one and the
//! order is still with the primary; otherwise it expires and the shop is told. The clock is `orders.placed_at` in
//! Postgres, so timers survive restarts; each overdue order is claimed with `FOR UPDATE SKIP LOCKED` and moved by a
//! guarded update, so with several gateways running each fires once.

use std::sync::Arc;
use std::time::Duration;

use fluent_bundle::FluentArgs;
use sqlx::PgConnection;
use tokio_util::sync::CancellationToken;

use super::{Pipeline, contact_lang};
use crate::contacts::{self, Contact};
use crate::orders::store::{self as order_store, Actor, TransitionError};
use crate::orders::{OrderCode, OrderEvent};
use crate::outbox::{self, NewMessage};

/// How many overdue orders one pass handles (each in its own transaction).
const BATCH: i64 = 50;

/// What happened to an overdue order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overdue {
    /// Sent to the shop's backup wholesaler.
    Rerouted,
    Expired,
}

impl Pipeline {
    /// Handles the orders whose wholesaler's time is up; returns what was done to each.
    pub async fn expire_due(&self) -> Result<Vec<(i64, Overdue)>, sqlx::Error> {
        let mut done = Vec::new();
        loop {
            let mut tx = self.pool.begin().await?;
            let claimed = order_store::claim_overdue(&mut tx, self.order_sla_minutes, 1).await?;
            let Some(&order_id) = claimed.first() else {
                break;
            };
            let outcome = self.handle_overdue(&mut tx, order_id).await?;
            tx.commit().await?;
            tracing::info!(order_id, outcome = ?outcome, "overdue order handled");
            done.push((order_id, outcome));
            if done.len() as i64 >= BATCH {
                break;
            }
        }
        Ok(done)
    }

    async fn handle_overdue(&self, tx: &mut PgConnection, order_id: i64) -> Result<Overdue, sqlx::Error> {
        let parties = order_store::parties(tx, order_id).await?.ok_or(sqlx::Error::RowNotFound)?;
        let shop = contacts::get(tx, parties.shop_id).await?.ok_or(sqlx::Error::RowNotFound)?;
        let late = contacts::get(tx, parties.wholesaler_id).await?.ok_or(sqlx::Error::RowNotFound)?;
        let primary = contacts::primary_wholesaler(tx, shop.id).await?;
        let backup = contacts::backup_wholesaler(tx, shop.id).await?;
        let with_primary = primary.as_ref().is_none_or(|p| p.id == late.id);
        match backup.filter(|b| with_primary && b.id != late.id) {
            Some(backup) => {
                order_store::reroute(tx, order_id, backup.id).await.map_err(as_db)?;
                self.notify_wholesaler(tx, None, order_id, &parties.code, &shop, &backup, &contact_lang(&shop)).await?;
                let mut args = FluentArgs::new();
                args.set("code", parties.code.to_string());
                args.set("late", late.name.clone());
                args.set("wholesaler", backup.name.clone());
                self.tell(tx, &shop, order_id, "order_rerouted", "order-rerouted", args).await?;
                self.tell_late(tx, &late, &shop, order_id, &parties.code, "wholesaler-order-moved").await?;
                Ok(Overdue::Rerouted)
            }
            None => {
                let details = serde_json::json!({ "wholesaler_id": late.id });
                order_store::apply_event(tx, order_id, OrderEvent::Expire, Actor::System, None, details)
                    .await
                    .map_err(as_db)?;
                let mut args = FluentArgs::new();
                args.set("code", parties.code.to_string());
                args.set("wholesaler", late.name.clone());
                self.tell(tx, &shop, order_id, "order_expired", "order-expired", args).await?;
                self.tell_late(tx, &late, &shop, order_id, &parties.code, "wholesaler-order-expired").await?;
                Ok(Overdue::Expired)
            }
        }
    }

    /// Tells the wholesaler who did not answer that the order is no longer theirs.
    async fn tell_late(
        &self,
        tx: &mut PgConnection,
        late: &Contact,
        shop: &Contact,
        order_id: i64,
        code: &OrderCode,
        message_id: &'static str,
    ) -> Result<(), sqlx::Error> {
        let mut args = FluentArgs::new();
        args.set("code", code.to_string());
        args.set("shop", shop.name.clone());
        self.tell(tx, late, order_id, "wholesaler_order_closed", message_id, args).await
    }

    async fn tell(
        &self,
        tx: &mut PgConnection,
        to: &Contact,
        order_id: i64,
        kind: &'static str,
        message_id: &'static str,
        args: FluentArgs<'_>,
    ) -> Result<(), sqlx::Error> {
        let lang = contact_lang(to);
        let body = self.translator.render_sms(&lang, message_id, &args);
        let message = NewMessage {
            dlt: self.dlt.get(message_id, &lang).map(|t| (t.id.as_str(), t.header.as_str())),
            channel: self.channels.default_sender(),
            recipient: to.phone.as_str(),
            body,
            kind,
            contact_id: Some(to.id),
            order_id: Some(order_id),
            inbound_message_id: None,
        };
        outbox::enqueue(tx, &message, self.max_attempts, self.max_sms_per_hour).await?;
        Ok(())
    }

    /// Looks for overdue orders every few seconds until `shutdown`.
    pub async fn run_expiry(self: Arc<Self>, shutdown: CancellationToken) {
        let mut tick = tokio::time::interval(Duration::from_secs(5));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                () = shutdown.cancelled() => break,
                _ = tick.tick() => {}
            }
            if let Err(e) = self.expire_due().await {
                tracing::warn!(error = %e, "order expiry pass failed");
            }
        }
    }
}

fn as_db(e: TransitionError) -> sqlx::Error {
    match e {
        TransitionError::Db(e) => e,
        other => sqlx::Error::Protocol(other.to_string()),
    }
}
