//! The matcher of the current catalog revision, rebuilt only when the catalog changed.

use std::sync::Arc;

use sqlx::PgPool;
use tokio::sync::{Mutex, RwLock};

use super::Matcher;
use super::store::{load_products, revision};
use crate::grammar::Lexicon;

pub struct CatalogCache {
    current: RwLock<Option<(i64, Arc<Matcher>)>>,
    /// One rebuild at a time: concurrent messages after an import wait for it instead of each loading the catalog.
    rebuilding: Mutex<()>,
}

impl Default for CatalogCache {
    fn default() -> Self {
        Self::new()
    }
}

impl CatalogCache {
    pub fn new() -> Self {
        Self { current: RwLock::new(None), rebuilding: Mutex::new(()) }
    }

    /// The matcher for the catalog as it is now (one cheap query to check the revision).
    pub async fn matcher(&self, pool: &PgPool, lexicon: &Lexicon) -> Result<Arc<Matcher>, sqlx::Error> {
        let now = revision(pool).await?;
        if let Some((rev, matcher)) = self.current.read().await.as_ref()
            && *rev == now
        {
            return Ok(matcher.clone());
        }
        let _guard = self.rebuilding.lock().await;
        if let Some((rev, matcher)) = self.current.read().await.as_ref()
            && *rev >= now
        {
            return Ok(matcher.clone());
        }
        // The revision is read before the products: an import landing in between leaves a newer revision in the
        // table, so the next message rebuilds again rather than keeping stale products.
        let rev = revision(pool).await?;
        let products = load_products(pool).await?;
        let matcher = Arc::new(Matcher::new(products, lexicon));
        tracing::info!(revision = rev, products = matcher.products().len(), "catalog loaded");
        *self.current.write().await = Some((rev, matcher.clone()));
        Ok(matcher)
    }
}
