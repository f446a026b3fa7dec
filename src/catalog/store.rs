//! The `products` table: bulk upsert from an import, loading for the matcher, and the revision counter that tells a
//! gateway its cached matcher is stale.

use sqlx::{PgConnection, PgPool};

use super::import::NewProduct;
use super::{PackUnit, Product};

/// What an import changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct UpsertCounts {
    pub inserted: u64,
    pub updated: u64,
}

/// Rows written per statement: progress is reported between them.
const UPSERT_CHUNK: usize = 2_000;

/// Inserts or updates (by SKU) all products in one transaction, a few thousand per statement, calling `progress`
/// with the number written so far after each statement.
pub async fn upsert_products(
    pool: &PgPool,
    products: &[NewProduct],
    mut progress: impl FnMut(usize),
) -> Result<UpsertCounts, sqlx::Error> {
    let mut counts = UpsertCounts::default();
    if products.is_empty() {
        return Ok(counts);
    }
    let mut tx = pool.begin().await?;
    let mut written = 0;
    for chunk in products.chunks(UPSERT_CHUNK) {
        let c = upsert_chunk(&mut tx, chunk).await?;
        counts.inserted += c.inserted;
        counts.updated += c.updated;
        written += chunk.len();
        progress(written);
    }
    tx.commit().await?;
    Ok(counts)
}

async fn upsert_chunk(conn: &mut PgConnection, products: &[NewProduct]) -> Result<UpsertCounts, sqlx::Error> {
    let mut skus = Vec::with_capacity(products.len());
    let mut names = Vec::with_capacity(products.len());
    let mut units = Vec::with_capacity(products.len());
    let mut packs = Vec::with_capacity(products.len());
    let mut prices = Vec::with_capacity(products.len());
    let mut categories = Vec::with_capacity(products.len());
    let mut aliases = Vec::with_capacity(products.len());
    for p in products {
        skus.push(p.sku.clone());
        names.push(p.name.clone());
        units.push(p.unit.as_str().to_owned());
        packs.push(p.pack_base);
        prices.push(p.price_paise);
        categories.push(p.category.clone());
        // Postgres cannot unnest a ragged text[][]; aliases travel '|'-joined and are split back in SQL.
        aliases.push(p.aliases.join("|"));
    }
    let rows = sqlx::query!(
        r#"
        insert into products (sku, name, unit, pack_base, price_paise, category, aliases)
        select sku, name, unit, pack_base, price_paise, category,
               coalesce(string_to_array(nullif(aliases, ''), '|'), '{}')
        from unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::text[], $7::text[])
             as t (sku, name, unit, pack_base, price_paise, category, aliases)
        on conflict on constraint products_sku_key do update
            set name = excluded.name, unit = excluded.unit, pack_base = excluded.pack_base,
                price_paise = excluded.price_paise, category = excluded.category, aliases = excluded.aliases
        returning (xmax = 0) as "inserted!"
        "#,
        &skus,
        &names,
        &units,
        &packs,
        &prices,
        &categories,
        &aliases,
    )
    .fetch_all(&mut *conn)
    .await?;
    let inserted = rows.iter().filter(|r| r.inserted).count() as u64;
    Ok(UpsertCounts { inserted, updated: rows.len() as u64 - inserted })
}

/// Every product, in SKU order.
pub async fn load_products(pool: &PgPool) -> Result<Vec<Product>, sqlx::Error> {
    let rows = sqlx::query!(
        "select id, sku, name, unit, pack_base, price_paise, category, aliases from products order by sku"
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Product {
            id: r.id,
            sku: r.sku,
            name: r.name,
            // The CHECK constraint admits only the units PackUnit knows.
            unit: PackUnit::parse(&r.unit).unwrap_or(PackUnit::Pc),
            pack_base: r.pack_base,
            price_paise: r.price_paise,
            category: r.category,
            aliases: r.aliases,
        })
        .collect())
}

/// The catalog's revision: it changes whenever any product does.
pub async fn revision(pool: &PgPool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!("select revision from catalog_state").fetch_one(pool).await
}
