//! What every request leaves behind: a request id (taken from `X-Request-Id` or made up, echoed in the answer and
//! carried by every log line of the request), and a latency histogram by route and status class for `/metrics`.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument as _;

/// Upper bounds of the latency buckets, in seconds (Prometheus `le`).
const BUCKETS: [f64; 12] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];
/// Routes measured apart; anything else is counted as `other`.
const ROUTES: [&str; 6] = ["/sms/{channel}", "/status/{channel}", "/ussd/{channel}", "/healthz", "/readyz", "/metrics"];
const CLASSES: [&str; 4] = ["2xx", "4xx", "5xx", "other"];

/// One histogram series: counts per bucket (not cumulative), the sum in microseconds, the count.
#[derive(Default)]
struct Series {
    buckets: [AtomicU64; BUCKETS.len()],
    sum_micros: AtomicU64,
    count: AtomicU64,
}

/// Request latencies by route and status class, kept in memory since the process started.
pub struct RequestMetrics {
    series: Vec<Series>,
}

impl Default for RequestMetrics {
    fn default() -> Self {
        Self { series: (0..(ROUTES.len() + 1) * CLASSES.len()).map(|_| Series::default()).collect() }
    }
}

impl RequestMetrics {
    fn index(route: &str, status: u16) -> usize {
        let r = ROUTES.iter().position(|known| *known == route).unwrap_or(ROUTES.len());
        let c = match status {
            200..=299 => 0,
            400..=499 => 1,
            500..=599 => 2,
            _ => 3,
        };
        r * CLASSES.len() + c
    }

    pub fn observe(&self, route: &str, status: u16, seconds: f64) {
        let series = &self.series[Self::index(route, status)];
        if let Some(b) = BUCKETS.iter().position(|le| seconds <= *le) {
            series.buckets[b].fetch_add(1, Ordering::Relaxed);
        }
        series.sum_micros.fetch_add((seconds * 1e6) as u64, Ordering::Relaxed);
        series.count.fetch_add(1, Ordering::Relaxed);
    }

    /// The histogram in Prometheus text format (series with no request are left out).
    pub fn render(&self, out: &mut String) {
        out.push_str(
            "# HELP mandi_http_request_duration_seconds Time from request to response, by route and status.\n",
        );
        out.push_str("# TYPE mandi_http_request_duration_seconds histogram\n");
        for (r, route) in ROUTES.iter().chain(std::iter::once(&"other")).enumerate() {
            for (c, class) in CLASSES.iter().enumerate() {
                let series = &self.series[r * CLASSES.len() + c];
                let count = series.count.load(Ordering::Relaxed);
                if count == 0 {
                    continue;
                }
                let labels = format!("route=\"{route}\",status=\"{class}\"");
                let mut cumulative = 0;
                for (b, le) in BUCKETS.iter().enumerate() {
                    cumulative += series.buckets[b].load(Ordering::Relaxed);
                    let _ = writeln!(
                        out,
                        "mandi_http_request_duration_seconds_bucket{{{labels},le=\"{le}\"}} {cumulative}"
                    );
                }
                let _ = writeln!(out, "mandi_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {count}");
                let sum = series.sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
                let _ = writeln!(out, "mandi_http_request_duration_seconds_sum{{{labels}}} {sum}");
                let _ = writeln!(out, "mandi_http_request_duration_seconds_count{{{labels}}} {count}");
            }
        }
    }
}

/// A request id the caller sent, if it is a sane one; otherwise a new one.
fn request_id(request: &Request) -> String {
    request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty() && v.len() <= 64 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .map_or_else(new_id, str::to_owned)
}

fn new_id() -> String {
    let bits: u64 = rand::random();
    format!("{bits:016x}")
}

/// Middleware: the request's span (method, route, request id — never the query, which may hold a webhook token),
/// the id echoed as `X-Request-Id`, and the latency recorded.
pub async fn observe(
    axum::extract::State(metrics): axum::extract::State<std::sync::Arc<RequestMetrics>>,
    request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let id = request_id(&request);
    let route = request.extensions().get::<MatchedPath>().map_or_else(|| "other".to_owned(), |p| p.as_str().to_owned());
    let span = tracing::info_span!("request", method = %request.method(), route = %route, request_id = %id);
    let mut response = next.run(request).instrument(span.clone()).await;
    let status = response.status().as_u16();
    metrics.observe(&route, status, started.elapsed().as_secs_f64());
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    span.in_scope(|| {
        tracing::debug!(status, micros = started.elapsed().as_micros() as u64, "request done");
    });
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_histogram_renders_cumulative_buckets_per_route_and_class() {
        let m = RequestMetrics::default();
        m.observe("/sms/{channel}", 200, 0.004);
        m.observe("/sms/{channel}", 200, 0.2);
        m.observe("/sms/{channel}", 503, 0.02);
        m.observe("/nowhere", 404, 0.0001);
        let mut out = String::new();
        m.render(&mut out);
        assert!(out.contains(
            "mandi_http_request_duration_seconds_bucket{route=\"/sms/{channel}\",status=\"2xx\",le=\"0.005\"} 1\n"
        ));
        assert!(out.contains(
            "mandi_http_request_duration_seconds_bucket{route=\"/sms/{channel}\",status=\"2xx\",le=\"0.25\"} 2\n"
        ));
        assert!(out.contains("mandi_http_request_duration_seconds_count{route=\"/sms/{channel}\",status=\"5xx\"} 1\n"));
        assert!(out.contains("route=\"other\",status=\"4xx\",le=\"0.001\"} 1"));
        assert!(!out.contains("/ussd/"), "series without requests are left out");
    }
}
