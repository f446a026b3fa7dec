//! The Postgres pool: created (and the database with it, if missing) and migrated on start.

use std::time::Duration;

use anyhow::Context as _;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{AssertSqlSafe, Connection as _, PgConnection, PgPool};

use crate::config::redact_url;

/// The migrations under `migrations/`, compiled in.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// How long a request waits for a connection before the gateway answers 503.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

/// Creates the database if it does not exist, connects and applies pending migrations.
pub async fn connect_and_migrate(url: &str, max_connections: u32) -> anyhow::Result<PgPool> {
    let shown = redact_url(url);
    let options = connect_options(url)?;
    let database = options.get_database().unwrap_or("postgres").to_owned();
    let maintenance = options.clone().database("postgres");
    let mut admin = PgConnection::connect_with(&maintenance)
        .await
        .with_context(|| format!("cannot reach Postgres at {shown} (is it running? see README: Prerequisites)"))?;
    let exists: bool = sqlx::query_scalar("select exists (select 1 from pg_database where datname = $1)")
        .bind(&database)
        .fetch_one(&mut admin)
        .await?;
    if !exists {
        // Identifiers cannot be bound as parameters; quote the name the way Postgres quotes identifiers.
        let statement = format!("create database \"{}\"", database.replace('"', "\"\""));
        match sqlx::query(AssertSqlSafe(statement)).execute(&mut admin).await {
            Ok(_) => tracing::info!(database = %shown, "created database"),
            // Another process created it meanwhile.
            Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("42P04") => {}
            Err(e) => return Err(e).with_context(|| format!("cannot create the database {shown}")),
        }
    }
    admin.close().await.ok();
    let pool = connect(url, max_connections).await?;
    migrate(&pool).await?;
    Ok(pool)
}

/// Connects without creating or migrating anything.
pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<PgPool> {
    let options = connect_options(url)?;
    PgPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .connect_with(options.application_name("mandi"))
        .await
        .with_context(|| format!("cannot connect to {}", redact_url(url)))
}

/// Parses a URL. Like libpq, a URL without a user name connects as the operating-system user, found from the
/// process's uid when the environment does not say (sqlx would otherwise use the placeholder "anonymous").
pub fn connect_options(url: &str) -> anyhow::Result<PgConnectOptions> {
    let options: PgConnectOptions =
        url.parse().with_context(|| format!("DATABASE_URL is not a Postgres URL: {}", redact_url(url)))?;
    // Prepared statements are planned for the tables as they are when executed, not once for the tables as they
    // were when a connection first ran them (a plan made for a tiny order_lines scans the whole table forever).
    let options = options.options([("plan_cache_mode", "force_custom_plan")]);
    let has_user =
        url.split_once("://").is_some_and(|(_, rest)| rest.split('/').next().is_some_and(|a| a.contains('@')));
    if has_user || std::env::var_os("PGUSER").is_some() {
        return Ok(options);
    }
    Ok(match os_user_name() {
        Some(name) => options.username(&name),
        None => options,
    })
}

/// The login name of the process's real uid, from `/proc/self/status` and `/etc/passwd`.
fn os_user_name() -> Option<String> {
    if let Some(user) = std::env::var("USER").ok().filter(|u| !u.is_empty()) {
        return Some(user);
    }
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let uid = status.lines().find_map(|l| l.strip_prefix("Uid:"))?.split_whitespace().next()?.to_owned();
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        let name = fields.next()?;
        (fields.nth(1)? == uid).then(|| name.to_owned())
    })
}

pub async fn migrate(pool: &PgPool) -> anyhow::Result<()> {
    MIGRATOR.run(pool).await.context("applying database migrations")?;
    Ok(())
}

/// True when an error means the database could not be reached (as opposed to a query being wrong).
pub fn is_unavailable(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) | sqlx::Error::Tls(_))
        || matches!(err, sqlx::Error::Database(db) if db.code().is_some_and(|c| c.starts_with("57P") || c.starts_with("08")))
}
