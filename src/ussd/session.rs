//! USSD state in Redis: a session's menu stack (keyed by the provider's session id, short TTL) and a caller's cart
//! (keyed by phone number, long TTL, so a dropped session can be resumed on the next dial). Unlike the SMS path's
//! pre-checks, these calls do not fail open: without Redis there is no menu, and the caller is told to try again.

use std::time::Duration;

use redis::AsyncCommands as _;
use serde::{Deserialize, Serialize};

use super::menu::Frame;
use crate::redis_store::RedisStore;

/// Longest one Redis call may take.
const CALL_TIMEOUT: Duration = Duration::from_millis(500);

/// Redis could not be used.
#[derive(Debug, thiserror::Error)]
#[error("USSD state store unavailable: {0}")]
pub struct StoreError(String);

/// A session's menu state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// The inputs already acted on (the provider sends them all, joined by `*`, every time).
    pub history: Vec<String>,
    /// The screens the caller came through; the last is on screen.
    pub stack: Vec<Frame>,
    /// The final screen, once the session ended (so a provider's retry of the last request gets it again).
    #[serde(default)]
    pub ended: Option<String>,
}

/// A caller's cart.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cart {
    /// `(product_id, packs)`, in the order added; one line per product.
    pub lines: Vec<(i64, i64)>,
    /// The code the caller dialled, for the SMS that says how to come back.
    #[serde(default)]
    pub dial: String,
    /// The channel the caller dialled through (the reminder SMS goes out on it when it can send).
    #[serde(default)]
    pub channel: String,
}

impl Cart {
    pub fn add(&mut self, product_id: i64, packs: i64) {
        match self.lines.iter_mut().find(|(id, _)| *id == product_id) {
            Some(line) => line.1 = (line.1 + packs).min(super::menu::MAX_PACKS),
            None => self.lines.push((product_id, packs)),
        }
    }
}

/// Sessions and carts in Redis.
#[derive(Clone, Debug)]
pub struct SessionStore {
    redis: Option<RedisStore>,
}

impl SessionStore {
    pub fn new(redis: Option<RedisStore>) -> Self {
        Self { redis }
    }

    async fn connection(&self) -> Result<(&RedisStore, redis::aio::ConnectionManager), StoreError> {
        let redis = self.redis.as_ref().ok_or_else(|| StoreError("Redis is not configured".into()))?;
        let conn = redis.manager().await.ok_or_else(|| StoreError("not connected to Redis".into()))?;
        Ok((redis, conn))
    }

    async fn call<T>(future: impl std::future::Future<Output = redis::RedisResult<T>>) -> Result<T, StoreError> {
        match tokio::time::timeout(CALL_TIMEOUT, future).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(e)) => Err(StoreError(e.to_string())),
            Err(_) => Err(StoreError("Redis did not answer in time".into())),
        }
    }

    async fn get_json<T: for<'de> Deserialize<'de>>(&self, parts: &[&str]) -> Result<Option<T>, StoreError> {
        let (redis, mut conn) = self.connection().await?;
        let key = redis.key(parts);
        let raw: Option<String> = Self::call(conn.get(&key)).await?;
        // State written by another version that no longer reads is treated as absent: the caller starts afresh.
        Ok(raw.and_then(|r| {
            serde_json::from_str(&r).inspect_err(|e| tracing::warn!(error = %e, "unreadable USSD state ignored")).ok()
        }))
    }

    async fn set_json<T: Serialize>(&self, parts: &[&str], value: &T, ttl: Duration) -> Result<(), StoreError> {
        let (redis, mut conn) = self.connection().await?;
        let key = redis.key(parts);
        let raw = serde_json::to_string(value).map_err(|e| StoreError(e.to_string()))?;
        Self::call(conn.set_ex::<_, _, ()>(&key, raw, ttl.as_secs().max(1))).await
    }

    pub async fn session(&self, key: &str) -> Result<Option<Session>, StoreError> {
        self.get_json(&["ussd", "session", key]).await
    }

    pub async fn save_session(&self, key: &str, session: &Session, ttl: Duration) -> Result<(), StoreError> {
        self.set_json(&["ussd", "session", key], session, ttl).await
    }

    pub async fn cart(&self, phone: &str) -> Result<Cart, StoreError> {
        Ok(self.get_json(&["ussd", "cart", phone]).await?.unwrap_or_default())
    }

    /// Stores the cart (or forgets it when empty) and records when the caller was last active with it.
    pub async fn save_cart(&self, phone: &str, cart: &Cart, ttl: Duration, now_secs: i64) -> Result<(), StoreError> {
        if cart.lines.is_empty() {
            return self.forget_cart(phone).await;
        }
        self.set_json(&["ussd", "cart", phone], cart, ttl).await?;
        let (redis, mut conn) = self.connection().await?;
        Self::call(conn.zadd::<_, _, _, ()>(redis.key(&["ussd", "idle-carts"]), phone, now_secs)).await
    }

    pub async fn forget_cart(&self, phone: &str) -> Result<(), StoreError> {
        let (redis, mut conn) = self.connection().await?;
        let keys = [redis.key(&["ussd", "cart", phone]), redis.key(&["ussd", "cart-told", phone])];
        Self::call(conn.del::<_, ()>(&keys[..])).await?;
        Self::call(conn.zrem::<_, _, ()>(redis.key(&["ussd", "idle-carts"]), phone)).await
    }

    /// Callers whose cart has seen no input since `before_secs` (oldest first, at most `limit`).
    pub async fn idle_carts(&self, before_secs: i64, limit: isize) -> Result<Vec<String>, StoreError> {
        let (redis, mut conn) = self.connection().await?;
        let key = redis.key(&["ussd", "idle-carts"]);
        Self::call(conn.zrangebyscore_limit(key, "-inf", before_secs, 0, limit)).await
    }

    /// Takes one idle cart off the list; only one process gets `true` for it.
    pub async fn claim_idle(&self, phone: &str) -> Result<bool, StoreError> {
        let (redis, mut conn) = self.connection().await?;
        let removed: i64 = Self::call(conn.zrem(redis.key(&["ussd", "idle-carts"]), phone)).await?;
        Ok(removed == 1)
    }

    /// Marks that the caller was told about this cart; `false` when they already were.
    pub async fn mark_told(&self, phone: &str, ttl: Duration) -> Result<bool, StoreError> {
        let (redis, mut conn) = self.connection().await?;
        let key = redis.key(&["ussd", "cart-told", phone]);
        let set: Option<String> = Self::call(
            redis::cmd("SET").arg(&key).arg(1).arg("NX").arg("EX").arg(ttl.as_secs().max(1)).query_async(&mut conn),
        )
        .await?;
        Ok(set.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cart_keeps_one_line_per_product() {
        let mut cart = Cart::default();
        cart.add(7, 2);
        cart.add(9, 1);
        cart.add(7, 3);
        assert_eq!(cart.lines, vec![(7, 5), (9, 1)]);
        cart.add(9, 5000);
        assert_eq!(cart.lines[1], (9, super::super::menu::MAX_PACKS));
    }
}
