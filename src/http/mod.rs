//! The HTTP surface: provider webhooks and health checks.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequestParts as _, Path, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tower_http::timeout::TimeoutLayer;

use crate::channels::{Channel, WebhookError, WebhookRequest};
use crate::http::observe::RequestMetrics;
use crate::inbound::Pipeline;
use crate::ussd::Ussd;
use crate::{db, outbox};

mod observe;

/// Largest webhook body accepted; providers send a few kilobytes at most.
pub const MAX_BODY: usize = 64 * 1024;

#[derive(Clone)]
pub struct AppState {
    pub pipeline: Arc<Pipeline>,
    pub ussd: Arc<Ussd>,
    /// Request latencies since start.
    pub requests: Arc<RequestMetrics>,
    /// `MANDI_PUBLIC_URL` without a trailing slash.
    pub public_url: Arc<str>,
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/sms/{channel}", post(receive_sms))
        .route("/status/{channel}", post(receive_status))
        .route("/ussd/{channel}", post(receive_ussd))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, Duration::from_secs(20)))
        // A request id and the latency of every request; the span names the route only: query strings carry
        // webhook tokens (Africa's Talking, MSG91) that must not reach logs.
        .layer(axum::middleware::from_fn_with_state(state.requests.clone(), observe::observe))
        .with_state(state)
}

/// An error answer: a status and a one-line reason, never internals.
#[derive(Debug)]
pub enum HttpError {
    NotFound(String),
    Forbidden(String),
    BadRequest(String),
    Unavailable,
    Internal,
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        let (status, text) = match self {
            Self::NotFound(t) => (StatusCode::NOT_FOUND, t),
            Self::Forbidden(t) => (StatusCode::FORBIDDEN, t),
            Self::BadRequest(t) => (StatusCode::BAD_REQUEST, t),
            Self::Unavailable => {
                let text = "storage is temporarily unavailable; please retry\n";
                return (StatusCode::SERVICE_UNAVAILABLE, [(header::RETRY_AFTER, "5")], text).into_response();
            }
            Self::Internal => (StatusCode::INTERNAL_SERVER_ERROR, "internal error".to_owned()),
        };
        (status, format!("{text}\n")).into_response()
    }
}

impl From<WebhookError> for HttpError {
    fn from(e: WebhookError) -> Self {
        match e {
            WebhookError::MissingSignature | WebhookError::BadSignature | WebhookError::Stale => {
                Self::Forbidden(e.to_string())
            }
            WebhookError::Malformed(_) => Self::BadRequest(e.to_string()),
            WebhookError::NotReceiving => Self::NotFound(e.to_string()),
        }
    }
}

impl From<sqlx::Error> for HttpError {
    fn from(e: sqlx::Error) -> Self {
        if db::is_unavailable(&e) {
            tracing::warn!(error = %e, "database unavailable; asking the provider to retry");
            Self::Unavailable
        } else {
            tracing::error!(error = %e, "database error while storing a webhook");
            Self::Internal
        }
    }
}

fn unix_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

/// A webhook as the request carried it.
struct Webhook {
    channel: String,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
}

impl Webhook {
    /// Verifies and decodes the webhook with the enabled adapter it names (`decode` is one of the adapter's
    /// readers); signatures cover the public URL the provider called. A refusal is logged with `what` it was.
    fn decode<T>(
        &self,
        state: &AppState,
        what: &str,
        decode: impl FnOnce(&dyn Channel, &WebhookRequest<'_>) -> Result<T, WebhookError>,
    ) -> Result<(Arc<dyn Channel>, T), HttpError> {
        let adapter = state
            .pipeline
            .channels
            .get(&self.channel)
            .cloned()
            .ok_or_else(|| HttpError::NotFound(format!("channel '{}' is not enabled", self.channel)))?;
        let path_and_query = self.uri.path_and_query().map_or(self.uri.path(), |pq| pq.as_str());
        let public_url = format!("{}{}", state.public_url, path_and_query);
        let request =
            WebhookRequest { public_url: &public_url, headers: &self.headers, body: &self.body, now: unix_now() };
        let decoded = decode(adapter.as_ref(), &request).map_err(|e| {
            tracing::info!(channel = %self.channel, reason = %e, "{what} refused");
            HttpError::from(e)
        })?;
        Ok((adapter, decoded))
    }
}

impl<S: Send + Sync> axum::extract::FromRequest<S> for Webhook {
    type Rejection = Response;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = request.into_parts();
        let Path(channel) =
            Path::<String>::from_request_parts(&mut parts, state).await.map_err(|e| e.into_response())?;
        let (uri, headers) = (parts.uri.clone(), parts.headers.clone());
        // The body limit layer speaks through the request's extensions, so the body is read with the parts.
        let body = Bytes::from_request(axum::extract::Request::from_parts(parts, body), state)
            .await
            .map_err(|e| e.into_response())?;
        Ok(Self { channel, uri, headers, body })
    }
}

/// `POST /sms/{channel}`: verify, store, process, acknowledge. The provider hears 200 only once the message is
/// committed; if the database is unreachable it hears 503 and retries.
async fn receive_sms(State(state): State<AppState>, webhook: Webhook) -> Result<Response, HttpError> {
    let (adapter, messages) = webhook.decode(&state, "webhook", |a, r| a.receive(r))?;
    for sms in &messages {
        state.pipeline.receive(adapter.name(), sms).await?;
    }
    Ok(adapter.acknowledge())
}

/// `POST /ussd/{channel}`: one USSD key press (the Africa's Talking callback shape). A bad or unsigned request
/// gets a 4xx, which the provider turns into a polite end of session; anything else gets a `text/plain` screen
/// starting `CON ` or `END ` — errors included, as "please try again" in the caller's language.
async fn receive_ussd(State(state): State<AppState>, webhook: Webhook) -> Result<Response, HttpError> {
    let (adapter, ussd) = webhook.decode(&state, "USSD request", |a, r| a.ussd(r))?;
    let reply = state.ussd.answer(adapter.name(), &ussd).await;
    Ok(([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], reply.body()).into_response())
}

/// `POST /status/{channel}`: a provider's delivery reports, verified like its inbound webhooks, applied to the
/// outbox rows they name. Unknown statuses and unknown message ids are logged and acknowledged (a provider would
/// otherwise retry them forever).
async fn receive_status(State(state): State<AppState>, webhook: Webhook) -> Result<Response, HttpError> {
    let (adapter, reports) = webhook.decode(&state, "delivery report", |a, r| a.status(r))?;
    for report in &reports {
        let applied = outbox::record_delivery(&state.pipeline.pool, adapter.name(), report).await?;
        if applied == outbox::Reported::UnknownMessage {
            tracing::warn!(channel = %adapter.name(), provider_id = %report.provider_message_id, "delivery report for an unknown message");
        }
    }
    Ok(adapter.acknowledge())
}

/// `GET /metrics`: Prometheus text format — inbound and outbound messages by channel and status (outbound also in
/// segments, as providers bill), and orders by state, counted in Postgres when scraped.
async fn metrics(State(state): State<AppState>) -> Result<Response, HttpError> {
    let pool = &state.pipeline.pool;
    let outbound = sqlx::query!(
        r#"select channel, status, count(*) as "messages!", coalesce(sum(segments), 0)::bigint as "segments!"
           from outbound_messages group by channel, status order by channel, status"#
    )
    .fetch_all(pool)
    .await?;
    let inbound = sqlx::query!(
        r#"select channel, status, count(*) as "messages!" from inbound_messages
           group by channel, status order by channel, status"#
    )
    .fetch_all(pool)
    .await?;
    let orders = sqlx::query!(r#"select state, count(*) as "orders!" from orders group by state order by state"#)
        .fetch_all(pool)
        .await?;
    let mut out = String::new();
    out.push_str(
        "# HELP mandi_outbound_messages Outbound SMS by channel and status.\n# TYPE mandi_outbound_messages gauge\n",
    );
    for r in &outbound {
        out.push_str(&format!(
            "mandi_outbound_messages{{channel=\"{}\",status=\"{}\"}} {}\n",
            r.channel, r.status, r.messages
        ));
    }
    out.push_str("# HELP mandi_outbound_segments SMS segments of outbound messages by channel and status.\n# TYPE mandi_outbound_segments gauge\n");
    for r in &outbound {
        out.push_str(&format!(
            "mandi_outbound_segments{{channel=\"{}\",status=\"{}\"}} {}\n",
            r.channel, r.status, r.segments
        ));
    }
    out.push_str(
        "# HELP mandi_inbound_messages Inbound SMS by channel and outcome.\n# TYPE mandi_inbound_messages gauge\n",
    );
    for r in &inbound {
        out.push_str(&format!(
            "mandi_inbound_messages{{channel=\"{}\",status=\"{}\"}} {}\n",
            r.channel, r.status, r.messages
        ));
    }
    out.push_str("# HELP mandi_orders Orders by state.\n# TYPE mandi_orders gauge\n");
    for r in &orders {
        out.push_str(&format!("mandi_orders{{state=\"{}\"}} {}\n", r.state, r.orders));
    }
    let lag = sqlx::query!(
        r#"select count(*) as "due!", coalesce(extract(epoch from now() - min(next_attempt_at)), 0)::float8 as "lag!"
           from outbound_messages where status = 'queued' and next_attempt_at <= now()"#
    )
    .fetch_one(pool)
    .await?;
    out.push_str("# HELP mandi_outbox_due Outbound messages due to be sent now.\n# TYPE mandi_outbox_due gauge\n");
    out.push_str(&format!("mandi_outbox_due {}\n", lag.due));
    out.push_str("# HELP mandi_outbox_lag_seconds How long the oldest due message has waited.\n# TYPE mandi_outbox_lag_seconds gauge\n");
    out.push_str(&format!("mandi_outbox_lag_seconds {:.3}\n", lag.lag));
    out.push_str("# HELP mandi_decisions_total What inbound messages were read as, since start.\n# TYPE mandi_decisions_total counter\n");
    for (kind, n) in state.pipeline.outcomes.decisions() {
        out.push_str(&format!("mandi_decisions_total{{decision=\"{kind}\"}} {n}\n"));
    }
    out.push_str("# HELP mandi_order_lines_total Order lines read, by match outcome, since start.\n# TYPE mandi_order_lines_total counter\n");
    for (outcome, n) in state.pipeline.outcomes.lines() {
        out.push_str(&format!("mandi_order_lines_total{{outcome=\"{outcome}\"}} {n}\n"));
    }
    state.requests.render(&mut out);
    Ok(([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], out).into_response())
}

async fn healthz() -> &'static str {
    "ok\n"
}

/// `GET /readyz`: 200 when Postgres and Redis both answer, else 503 naming what is down.
async fn readyz(State(state): State<AppState>) -> Response {
    let pipeline = &state.pipeline;
    let postgres = matches!(
        tokio::time::timeout(Duration::from_secs(2), sqlx::query("select 1").execute(&pipeline.pool)).await,
        Ok(Ok(_))
    );
    let redis = match &pipeline.redis {
        Some(r) => r.ping().await,
        None => false,
    };
    let word = |ok: bool| if ok { "ok" } else { "down" };
    let body = axum::Json(serde_json::json!({ "postgres": word(postgres), "redis": word(redis) }));
    let status = if postgres && redis { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (status, body).into_response()
}
