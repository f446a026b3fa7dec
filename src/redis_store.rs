//! Redis: fast pre-checks only. Postgres stays the source of truth, so every call here fails open: if Redis is down
//! or slow the gateway carries on (and says so in its logs).

use std::sync::Arc;
use std::time::Duration;

use redis::AsyncCommands as _;
use redis::aio::ConnectionManager;
use tokio::sync::RwLock;

use crate::config::redact_url;

/// Longest a Redis call may take before we carry on without it.
const CALL_TIMEOUT: Duration = Duration::from_millis(250);
/// How long a provider message id is remembered as already stored.
const SEEN_TTL_SECS: u64 = 24 * 3600;

#[derive(Clone)]
pub struct RedisStore {
    prefix: Arc<str>,
    client: redis::Client,
    connection: Arc<RwLock<Option<ConnectionManager>>>,
}

impl std::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisStore").field("prefix", &self.prefix).finish_non_exhaustive()
    }
}

impl RedisStore {
    /// Parses the URL; no connection is made yet.
    pub fn new(url: &str, prefix: &str) -> anyhow::Result<Self> {
        let client = redis::Client::open(url)
            .map_err(|e| anyhow::anyhow!("REDIS_URL {} is not usable: {e}", redact_url(url)))?;
        Ok(Self { prefix: prefix.into(), client, connection: Arc::new(RwLock::new(None)) })
    }

    /// Connects, retrying in the background until Redis answers; returns at once. The connection manager then
    /// reconnects by itself.
    pub fn connect_in_background(&self) -> tokio::task::JoinHandle<()> {
        let this = self.clone();
        tokio::spawn(async move {
            let mut delay = Duration::from_millis(200);
            loop {
                match tokio::time::timeout(Duration::from_secs(5), ConnectionManager::new(this.client.clone())).await {
                    Ok(Ok(manager)) => {
                        *this.connection.write().await = Some(manager);
                        tracing::info!("connected to Redis");
                        return;
                    }
                    Ok(Err(e)) => tracing::warn!(error = %e, "Redis unavailable; SMS keeps flowing without it"),
                    Err(_) => tracing::warn!("Redis did not answer; SMS keeps flowing without it"),
                }
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(Duration::from_secs(10));
            }
        })
    }

    /// Waits until the first connection is made (or `limit` passes); for start-up and tests.
    pub async fn wait_connected(&self, limit: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + limit;
        while tokio::time::Instant::now() < deadline {
            if self.connection.read().await.is_some() {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        false
    }

    pub(crate) async fn manager(&self) -> Option<ConnectionManager> {
        self.connection.read().await.clone()
    }

    pub(crate) fn key(&self, parts: &[&str]) -> String {
        let mut key = self.prefix.to_string();
        for part in parts {
            key.push(':');
            key.push_str(part);
        }
        key
    }

    /// Whether Redis answers a PING now.
    pub async fn ping(&self) -> bool {
        let Some(mut conn) = self.manager().await else {
            return false;
        };
        matches!(
            tokio::time::timeout(CALL_TIMEOUT, redis::cmd("PING").query_async::<String>(&mut conn)).await,
            Ok(Ok(_))
        )
    }

    /// Whether this provider message was already stored (a cheap check before the database's unique key).
    pub async fn inbound_seen(&self, channel: &str, provider_message_id: &str) -> bool {
        let Some(mut conn) = self.manager().await else {
            return false;
        };
        let key = self.key(&["inbound", channel, provider_message_id]);
        match tokio::time::timeout(CALL_TIMEOUT, conn.exists::<_, bool>(&key)).await {
            Ok(Ok(seen)) => seen,
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "Redis duplicate pre-check failed; relying on Postgres");
                false
            }
            Err(_) => {
                tracing::warn!("Redis duplicate pre-check timed out; relying on Postgres");
                false
            }
        }
    }

    /// Records that this provider message is safely stored. Call only after the database commit.
    pub async fn remember_inbound(&self, channel: &str, provider_message_id: &str) {
        let Some(mut conn) = self.manager().await else {
            return;
        };
        let key = self.key(&["inbound", channel, provider_message_id]);
        match tokio::time::timeout(CALL_TIMEOUT, conn.set_ex::<_, _, ()>(&key, 1, SEEN_TTL_SECS)).await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::debug!(error = %e, "could not remember an inbound id in Redis"),
            Err(_) => tracing::debug!("Redis timed out remembering an inbound id"),
        }
    }

    /// Counts one event for `key` in a window of `window_secs` (the first event opens the window) and returns the
    /// count so far; `None` when Redis cannot be used — callers then let the event through (fail open) and this
    /// says so in the log.
    pub async fn count_in_window(&self, what: &str, key: &str, window_secs: u64) -> Option<u64> {
        let Some(mut conn) = self.manager().await else {
            tracing::warn!(limit = what, "Redis unavailable: limit not applied (fail open)");
            return None;
        };
        let key = self.key(&["limit", what, key]);
        let mut pipe = redis::pipe();
        pipe.atomic().incr(&key, 1u64).cmd("EXPIRE").arg(&key).arg(window_secs).arg("NX").ignore();
        match tokio::time::timeout(CALL_TIMEOUT, pipe.query_async::<(u64,)>(&mut conn)).await {
            Ok(Ok((count,))) => Some(count),
            Ok(Err(e)) => {
                tracing::warn!(limit = what, error = %e, "Redis failed: limit not applied (fail open)");
                None
            }
            Err(_) => {
                tracing::warn!(limit = what, "Redis timed out: limit not applied (fail open)");
                None
            }
        }
    }

    /// Whether this is the first time `key` is marked within `ttl_secs` (to say something once per window).
    /// `false` when Redis cannot be used: better to stay silent than to repeat ourselves.
    pub async fn first_time(&self, what: &str, key: &str, ttl_secs: u64) -> bool {
        let Some(mut conn) = self.manager().await else {
            return false;
        };
        let key = self.key(&["once", what, key]);
        let mut set = redis::cmd("SET");
        set.arg(&key).arg(1).arg("NX").arg("EX").arg(ttl_secs);
        matches!(
            tokio::time::timeout(CALL_TIMEOUT, set.query_async::<Option<String>>(&mut conn)).await,
            Ok(Ok(Some(_)))
        )
    }
}
