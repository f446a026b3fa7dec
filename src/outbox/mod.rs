//! The outbox: the only way anything leaves the system.
//!
//! Messages are rows written in the same transaction as the change that causes them. A worker claims due rows with
//! `FOR UPDATE SKIP LOCKED` and a lease, sends outside any transaction, then marks each row sent, schedules a retry
//! with exponential backoff and jitter (computed in SQL), or marks it failed. A row whose worker died is claimed again
//! when its lease runs out. Workers wake on `NOTIFY mandi_outbox` and poll as a fallback.

pub mod rate;

use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt as _;
use sqlx::postgres::PgListener;
use sqlx::{PgConnection, PgPool};
use tokio_util::sync::CancellationToken;

use crate::channels::{DeliveryStatus, OutboundSms, Registry, SendError, StatusReport};
use crate::config::OutboxSettings;
use crate::sms;

/// The Postgres channel the insert trigger notifies.
pub const NOTIFY_CHANNEL: &str = "mandi_outbox";

/// A message to queue.
#[derive(Debug, Clone)]
pub struct NewMessage<'a> {
    pub channel: &'a str,
    pub recipient: &'a str,
    pub body: String,
    /// What the message is (`order_placed`, `wholesaler_order`, …).
    pub kind: &'static str,
    pub contact_id: Option<i64>,
    pub order_id: Option<i64>,
    pub inbound_message_id: Option<i64>,
    /// The registered DLT template id and sender header (India), when configured.
    pub dlt: Option<(&'a str, &'a str)>,
}

/// A message not sent within this many hours of being queued (the provider down all that time) is no longer
/// useful — "your order is confirmed" half a day late misleads more than it helps — and expires instead.
pub const DEADLINE_HOURS: i32 = 6;

/// Queues a message in the caller's transaction; its encoding and segment count are worked out now. `None` when the
/// recipient has opted out (STOP), unless the message is the confirmation of that STOP.
pub async fn enqueue(
    conn: &mut PgConnection,
    message: &NewMessage<'_>,
    max_attempts: u32,
    max_per_hour: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let cost = sms::cost(&message.body);
    // A number that opted out gets nothing but the confirmation of its STOP. A number (not a wholesaler, whose order
    // notices must go out) that already got `max_per_hour` messages this hour gets this one recorded as failed.
    sqlx::query_scalar!(
        r#"with capped as (
               -- CASE decides the order: a wholesaler is never counted; anyone else's count stops at the cap.
               select case when exists (select 1 from contacts where phone = $2 and role = 'wholesaler') then false
                           else (select count(*) from (select 1 from outbound_messages
                                     where recipient = $2 and created_at > now() - interval '1 hour'
                                     limit $14) recent) >= $14
                      end as over
           )
           insert into outbound_messages
               (channel, recipient, body, kind, contact_id, order_id, inbound_message_id, encoding, segments, max_attempts,
                dlt_template_id, sender_header, deadline, status, last_error)
           select $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now() + make_interval(hours => $13),
                  case when capped.over then 'failed' else 'queued' end,
                  case when capped.over then 'not sent: the recipient got its hourly maximum (MANDI_MAX_SMS_PER_HOUR)' end
           from capped
           where $4 = 'opt_out' or not exists (select 1 from opt_outs where phone = $2)
           returning id"#,
        message.channel,
        message.recipient,
        message.body,
        message.kind,
        message.contact_id,
        message.order_id,
        message.inbound_message_id,
        cost.encoding.as_str(),
        cost.segments as i32,
        max_attempts as i32,
        message.dlt.map(|(id, _)| id),
        message.dlt.map(|(_, header)| header),
        DEADLINE_HOURS,
        max_per_hour,
    )
    .fetch_optional(&mut *conn)
    .await
}

/// Records a STOP: the number receives nothing more until it sends START.
pub async fn opt_out(conn: &mut PgConnection, phone: &str, inbound_message_id: Option<i64>) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "insert into opt_outs (phone, inbound_message_id) values ($1, $2) on conflict (phone) do nothing",
        phone,
        inbound_message_id
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Records a START: the number may receive messages again.
pub async fn opt_in(conn: &mut PgConnection, phone: &str) -> Result<(), sqlx::Error> {
    sqlx::query!("delete from opt_outs where phone = $1", phone).execute(&mut *conn).await?;
    Ok(())
}

/// Which rows a batch may take.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only these row ids (e.g. the replies `mandi simulate` produced).
    pub ids: Option<Vec<i64>>,
    /// Only these channels.
    pub channels: Option<Vec<String>>,
}

/// What one batch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchOutcome {
    pub claimed: usize,
    pub sent: usize,
    pub retried: usize,
    pub failed: usize,
}

struct Claimed {
    id: i64,
    channel: String,
    recipient: String,
    body: String,
    kind: String,
    attempts: i32,
    max_attempts: i32,
    dlt_template_id: Option<String>,
    sender_header: Option<String>,
    segments: i32,
}

/// Claims up to `settings.batch_size` due rows, sends them concurrently and records each result.
pub async fn run_batch(
    pool: &PgPool,
    channels: &Registry,
    settings: &OutboxSettings,
    filter: &Filter,
) -> Result<BatchOutcome, sqlx::Error> {
    let lease_ms = i64::try_from(settings.lease.as_millis()).unwrap_or(i64::MAX);
    let expired = sqlx::query!(
        r#"update outbound_messages
           set status = 'failed', lease_until = null,
               last_error = 'expired: not sent before its deadline' || coalesce(' (last error: ' || last_error || ')', '')
           where (status = 'queued' or (status = 'sending' and lease_until < now())) and deadline < now()"#
    )
    .execute(pool)
    .await?
    .rows_affected();
    if expired > 0 {
        tracing::warn!(expired, "outbound messages expired unsent");
    }
    let claimed = sqlx::query_as!(
        Claimed,
        r#"update outbound_messages o
           set status = 'sending', attempts = o.attempts + 1,
               lease_until = now() + make_interval(secs => ($2::bigint / 1000.0)::float8)
           where o.id in (
               select id from outbound_messages
               where ((status = 'queued' and next_attempt_at <= now()) or (status = 'sending' and lease_until < now()))
                 and ($3::bigint[] is null or id = any($3))
                 and ($4::text[] is null or channel = any($4))
               order by next_attempt_at, id
               limit $1
               for update skip locked)
           returning o.id, o.channel, o.recipient, o.body, o.kind, o.attempts, o.max_attempts, o.dlt_template_id,
                     o.sender_header, o.segments"#,
        i64::from(settings.batch_size),
        lease_ms,
        filter.ids.as_deref(),
        filter.channels.as_deref(),
    )
    .fetch_all(pool)
    .await?;

    let mut outcome = BatchOutcome { claimed: claimed.len(), ..BatchOutcome::default() };
    let results: Vec<(Claimed, Result<Option<String>, SendError>)> = futures::stream::iter(claimed)
        .map(|row| async move {
            let result = match channels.get(&row.channel) {
                Some(channel) => {
                    settings.rate_limits.acquire(&row.channel, u32::try_from(row.segments).unwrap_or(1)).await;
                    let message = OutboundSms {
                        id: row.id,
                        recipient: row.recipient.clone(),
                        body: row.body.clone(),
                        kind: row.kind.clone(),
                        dlt_template_id: row.dlt_template_id.clone(),
                        sender_header: row.sender_header.clone(),
                    };
                    channel.send(&message).await.map(|receipt| receipt.provider_message_id)
                }
                None => Err(SendError::Retry {
                    reason: format!("channel '{}' is not enabled in this process", row.channel),
                    retry_after: None,
                }),
            };
            (row, result)
        })
        .buffer_unordered(16)
        .collect()
        .await;

    let mut sent = Vec::new();
    for (row, result) in results {
        match result {
            Ok(provider_id) => {
                sent.push((row.id, row.attempts, provider_id));
                outcome.sent += 1;
            }
            Err(SendError::Permanent { reason }) => {
                tracing::warn!(outbound_id = row.id, channel = %row.channel, %reason, "outbound message failed for good");
                mark_failed(pool, row.id, row.attempts, &reason).await?;
                outcome.failed += 1;
            }
            Err(SendError::Retry { reason, retry_after }) => {
                if row.attempts >= row.max_attempts {
                    tracing::warn!(outbound_id = row.id, channel = %row.channel, attempts = row.attempts, %reason,
                        "outbound message failed after its last attempt");
                    mark_failed(pool, row.id, row.attempts, &reason).await?;
                    outcome.failed += 1;
                } else {
                    tracing::info!(outbound_id = row.id, channel = %row.channel, attempts = row.attempts, %reason,
                        "outbound message will be retried");
                    schedule_retry(pool, row.id, row.attempts, &reason, retry_after).await?;
                    outcome.retried += 1;
                }
            }
        }
    }
    mark_sent(pool, &sent).await?;
    Ok(outcome)
}

/// What a delivery report did to the outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reported {
    /// The row moved (to delivered or failed).
    Updated,
    /// The row is already where the report says, or further on (a late "sent" after "delivered").
    Unchanged,
    /// No row has this provider id on this channel.
    UnknownMessage,
}

/// Applies a provider's delivery report to the row with its provider id. Reports arrive out of order: a delivered
/// message never goes back to sent or failed, and "sent" changes nothing. A report that the recipient blocked us
/// opts the number out, as STOP does.
pub async fn record_delivery(pool: &PgPool, channel: &str, report: &StatusReport) -> Result<Reported, sqlx::Error> {
    let row = sqlx::query!(
        "select id, recipient, status from outbound_messages where channel = $1 and provider_message_id = $2",
        channel,
        report.provider_message_id
    )
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else {
        return Ok(Reported::UnknownMessage);
    };
    let updated = match &report.status {
        DeliveryStatus::Delivered => sqlx::query!(
            r#"update outbound_messages set status = 'delivered', last_error = null
               where id = $1 and status in ('sending', 'sent', 'failed')"#,
            row.id
        )
        .execute(pool)
        .await?
        .rows_affected(),
        DeliveryStatus::Failed { reason, opted_out } => {
            if *opted_out {
                let mut conn = pool.acquire().await?;
                opt_out(&mut conn, &row.recipient, None).await?;
            }
            sqlx::query!(
                r#"update outbound_messages set status = 'failed', last_error = $2, lease_until = null
                   where id = $1 and status in ('sending', 'sent')"#,
                row.id,
                format!("delivery report: {reason}")
            )
            .execute(pool)
            .await?
            .rows_affected()
        }
        DeliveryStatus::Sent => 0,
        DeliveryStatus::Unknown(status) => {
            tracing::warn!(channel, outbound_id = row.id, status = %status, "delivery report with an unknown status");
            0
        }
    };
    Ok(if updated == 1 { Reported::Updated } else { Reported::Unchanged })
}

// Each update checks the attempt number it claimed: if the lease ran out and another worker took the row, this
// worker's late result is dropped instead of overwriting the newer one.

/// Marks a batch's sent messages in one statement: `(id, attempt, provider id)`. A row whose attempt number moved
/// on (its lease ran out and another worker took it) is left alone.
async fn mark_sent(pool: &PgPool, sent: &[(i64, i32, Option<String>)]) -> Result<(), sqlx::Error> {
    if sent.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = sent.iter().map(|s| s.0).collect();
    let attempts: Vec<i32> = sent.iter().map(|s| s.1).collect();
    let provider_ids: Vec<Option<String>> = sent.iter().map(|s| s.2.clone()).collect();
    sqlx::query!(
        r#"update outbound_messages o
           set status = 'sent', provider_message_id = u.provider_id, sent_at = now(), lease_until = null,
               last_error = null
           from unnest($1::bigint[], $2::int[], $3::text[]) as u (id, attempt, provider_id)
           where o.id = u.id and o.attempts = u.attempt and o.status = 'sending'"#,
        &ids,
        &attempts,
        &provider_ids as &[Option<String>],
    )
    .execute(pool)
    .await?;
    Ok(())
}

async fn mark_failed(pool: &PgPool, id: i64, attempt: i32, reason: &str) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"update outbound_messages set status = 'failed', lease_until = null, last_error = $3
           where id = $1 and attempts = $2 and status = 'sending'"#,
        id,
        attempt,
        reason
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Backoff: 2 s × 2^(attempt−1), at most 10 minutes, times a random factor in [0.75, 1.25); never sooner than the
/// provider's Retry-After.
async fn schedule_retry(
    pool: &PgPool,
    id: i64,
    attempt: i32,
    reason: &str,
    retry_after: Option<Duration>,
) -> Result<(), sqlx::Error> {
    let retry_after_secs = retry_after.map_or(0.0, |d| d.as_secs_f64());
    sqlx::query!(
        r#"update outbound_messages
           set status = 'queued', lease_until = null, last_error = $3,
               next_attempt_at = now() + greatest(
                   least(interval '2 seconds' * power(2, $2 - 1), interval '10 minutes') * (0.75 + random() * 0.5),
                   make_interval(secs => $4::float8))
           where id = $1 and attempts = $2 and status = 'sending'"#,
        id,
        attempt,
        reason,
        retry_after_secs
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Runs until `shutdown`: a batch whenever notified or every poll interval, back to back while work remains. A
/// batch in progress always finishes, so no claimed row is abandoned mid-send.
pub async fn run_worker(pool: PgPool, channels: Arc<Registry>, settings: OutboxSettings, shutdown: CancellationToken) {
    let mut listener = match PgListener::connect_with(&pool).await {
        Ok(mut l) => match l.listen(NOTIFY_CHANNEL).await {
            Ok(()) => Some(l),
            Err(e) => {
                tracing::warn!(error = %e, "cannot LISTEN for outbox notifications; polling only");
                None
            }
        },
        Err(e) => {
            tracing::warn!(error = %e, "cannot open a listener connection; polling only");
            None
        }
    };
    let filter = Filter::default();
    loop {
        if shutdown.is_cancelled() {
            break;
        }
        match run_batch(&pool, &channels, &settings, &filter).await {
            Ok(outcome) if outcome.claimed >= settings.batch_size as usize => continue,
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "outbox batch failed; retrying after the poll interval"),
        }
        let wait = async {
            match listener.as_mut() {
                Some(l) => {
                    if let Err(e) = l.recv().await {
                        tracing::debug!(error = %e, "outbox listener interrupted");
                        tokio::time::sleep(settings.poll_interval).await;
                    }
                }
                None => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            () = shutdown.cancelled() => break,
            () = wait => {}
            () = tokio::time::sleep(settings.poll_interval) => {}
        }
    }
    tracing::info!("outbox worker stopped");
}

/// A queued or sent message, for `simulate`, tests and operators.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OutboundRow {
    pub id: i64,
    pub channel: String,
    pub recipient: String,
    pub body: String,
    pub kind: String,
    pub status: String,
    pub encoding: String,
    pub segments: i32,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub provider_message_id: Option<String>,
}

/// Outbound messages, newest first, optionally of one status and one channel.
pub async fn list(
    pool: &PgPool,
    status: Option<&str>,
    channel: Option<&str>,
    limit: i64,
) -> Result<Vec<OutboundRow>, sqlx::Error> {
    sqlx::query_as!(
        OutboundRow,
        r#"select id, channel, recipient, body, kind, status, encoding, segments, attempts, last_error, provider_message_id
           from outbound_messages
           where ($1::text is null or status = $1) and ($2::text is null or channel = $2)
           order by id desc limit $3"#,
        status,
        channel,
        limit
    )
    .fetch_all(pool)
    .await
}

/// Queues failed messages again (`None`: every failed one) with fresh attempts and deadline; returns their ids.
pub async fn retry_failed(pool: &PgPool, ids: Option<&[i64]>) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"update outbound_messages
           set status = 'queued', attempts = 0, next_attempt_at = now(), lease_until = null,
               deadline = now() + make_interval(hours => $2)
           where status = 'failed' and ($1::bigint[] is null or id = any($1))
           returning id"#,
        ids,
        DEADLINE_HOURS
    )
    .fetch_all(pool)
    .await
}

/// The messages caused by one inbound message, in the order they were queued.
pub async fn caused_by(pool: &PgPool, inbound_message_id: i64) -> Result<Vec<OutboundRow>, sqlx::Error> {
    sqlx::query_as!(
        OutboundRow,
        r#"select id, channel, recipient, body, kind, status, encoding, segments, attempts, last_error, provider_message_id
           from outbound_messages where inbound_message_id = $1 order by id"#,
        inbound_message_id
    )
    .fetch_all(pool)
    .await
}

pub async fn get(pool: &PgPool, id: i64) -> Result<Option<OutboundRow>, sqlx::Error> {
    sqlx::query_as!(
        OutboundRow,
        r#"select id, channel, recipient, body, kind, status, encoding, segments, attempts, last_error, provider_message_id
           from outbound_messages where id = $1"#,
        id
    )
    .fetch_optional(pool)
    .await
}
