//! Orders placed from a USSD menu: the same order service as an SMS order (lines at today's catalog, the wholesaler
//! notice, the shop's "order sent" SMS), with the menu session as the idempotency key.

use fluent_bundle::FluentArgs;

use super::{Context, Pipeline, Reply, contact_lang, new_line};
use crate::contacts::{self, Contact, Role};
use crate::conversation::DraftLine;
use crate::domain::{LangTag, Msisdn};
use crate::orders::store::{self as order_store};
use crate::orders::{OrderCode, OrderState};

/// What a menu asks to order.
#[derive(Debug, Clone, Copy)]
pub enum MenuLines<'a> {
    /// The caller's cart: `(product_id, packs)`.
    Cart(&'a [(i64, i64)]),
    /// The shop's last order again.
    Repeat,
}

/// How placing a menu order ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MenuOrder {
    /// Placed now, or earlier by this same session (a retried request).
    Placed {
        code: OrderCode,
        wholesaler: String,
        total_paise: i64,
    },
    /// None of the lines names a product still in the catalog (or there was no earlier order to repeat).
    NothingToOrder,
    NoWholesaler,
    /// The caller is not a registered shop.
    NotAShop,
}

impl Pipeline {
    /// Places an order for the shop at `phone` in one transaction. `session` (`channel:session id`) makes this
    /// idempotent: a session that already placed an order gets that order back and nothing new happens.
    pub async fn place_from_menu(
        &self,
        session: &str,
        phone: &Msisdn,
        channel: &str,
        lines: MenuLines<'_>,
    ) -> Result<MenuOrder, sqlx::Error> {
        let matcher = self.catalog.matcher(&self.pool, &self.lexicon).await?;
        let mut tx = self.pool.begin().await?;
        // Two copies of the same confirming request wait here for each other; the second finds the first's order.
        sqlx::query!("select pg_advisory_xact_lock(hashtext($1))", format!("ussd:{session}")).execute(&mut *tx).await?;
        if let Some((_, code, wholesaler_id, total_paise)) = order_store::find_by_ussd_session(&mut tx, session).await?
        {
            let wholesaler = contacts::get(&mut tx, wholesaler_id).await?.map(|c| c.name).unwrap_or_default();
            return Ok(MenuOrder::Placed { code, wholesaler, total_paise });
        }
        let Some(shop) = contacts::find_for_update(&mut tx, phone).await?.filter(|c| c.role == Role::Shopkeeper) else {
            return Ok(MenuOrder::NotAShop);
        };
        let Some(wholesaler) = contacts::primary_wholesaler(&mut tx, shop.id).await? else {
            return Ok(MenuOrder::NoWholesaler);
        };
        let wanted: Vec<(i64, i64, String)> = match lines {
            MenuLines::Cart(cart) => cart.iter().map(|(id, packs)| (*id, *packs, String::new())).collect(),
            MenuLines::Repeat => order_store::last_order(&mut tx, shop.id).await?.map(|(_, l)| l).unwrap_or_default(),
        };
        let mut new_lines = Vec::new();
        let mut gone = Vec::new();
        for (product_id, packs, source_text) in wanted {
            match matcher.position_of(product_id) {
                Some(product) => {
                    let source_text =
                        if source_text.is_empty() { matcher.product(product).name.clone() } else { source_text };
                    new_lines.push(new_line(&matcher, &DraftLine { product, packs, source_text }));
                }
                None => gone.push(source_text),
            }
        }
        if new_lines.is_empty() {
            return Ok(MenuOrder::NothingToOrder);
        }
        let order = order_store::create(&mut tx, shop.id, wholesaler.id, None, OrderState::Placed, &new_lines).await?;
        order_store::set_ussd_session(&mut tx, order.id, session).await?;
        let lang = contact_lang(&shop);
        let context = Context {
            inbound_id: None,
            phone,
            contact: Some(&shop),
            lang: &lang,
            reply_channel: self.channels.reply_channel(channel),
            wholesaler: Some(&wholesaler),
            matcher: &matcher,
        };
        self.announce_placed(&mut tx, &context, order.id, &order.code, &shop, &wholesaler, &gone).await?;
        tx.commit().await?;
        Ok(MenuOrder::Placed { code: order.code, wholesaler: wholesaler.name, total_paise: order.total_paise })
    }

    /// Queues one SMS to a contact in their language, on `channel` when it can send (else the default sender).
    pub async fn notify(
        &self,
        contact: &Contact,
        channel: &str,
        kind: &'static str,
        message_id: &'static str,
        args: FluentArgs<'_>,
    ) -> Result<(), sqlx::Error> {
        let lang = contact_lang(contact);
        let reply = Reply {
            to: contact.phone.as_str(),
            contact_id: Some(contact.id),
            lang: &lang,
            channel: self.channels.reply_channel(channel),
            kind,
            message_id,
            args,
            order_id: None,
        };
        let mut tx = self.pool.begin().await?;
        self.queue(&mut tx, None, reply).await?;
        tx.commit().await
    }

    /// Changes a shop's stored language from the menu.
    pub async fn set_language(&self, phone: &Msisdn, lang: &LangTag) -> Result<(), sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        if let Some(contact) = contacts::find_for_update(&mut tx, phone).await? {
            contacts::set_lang(&mut tx, contact.id, lang).await?;
        }
        tx.commit().await
    }

    /// A shop's latest orders for a menu: `(code, state)`, newest first.
    pub async fn recent_orders(&self, shop_id: i64, limit: i64) -> Result<Vec<(String, OrderState)>, sqlx::Error> {
        let mut conn = self.pool.acquire().await?;
        order_store::recent_for_shop(&mut conn, shop_id, limit).await
    }

    /// The shop's last order for a menu to show: its code and `(product_id, packs)` lines.
    pub async fn last_order(&self, shop_id: i64) -> Result<Option<(OrderCode, Vec<(i64, i64)>)>, sqlx::Error> {
        let mut conn = self.pool.acquire().await?;
        let last = order_store::last_order(&mut conn, shop_id).await?;
        Ok(last.map(|(code, lines)| (code, lines.into_iter().map(|(id, packs, _)| (id, packs)).collect())))
    }

    /// The registered contact with this number, if any (no lock).
    pub async fn contact(&self, phone: &Msisdn) -> Result<Option<Contact>, sqlx::Error> {
        let mut conn = self.pool.acquire().await?;
        contacts::find(&mut conn, phone).await
    }
}
