//! Per-channel send rates, counted in SMS segments per second as providers bill and throttle them. A token bucket
//! per channel, one second of burst; a send waits for its message's segments. The limit holds per gateway process:
//! with several processes, give each its share.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Segments per second, by channel name. Channels not named are not limited.
#[derive(Debug, Default)]
pub struct RateLimits {
    buckets: HashMap<String, Mutex<Bucket>>,
}

#[derive(Debug)]
struct Bucket {
    per_second: f64,
    tokens: f64,
    last: Instant,
}

impl RateLimits {
    /// Reads `channel=segments_per_second` pairs separated by commas: `twilio=10,plivo=30`.
    pub fn parse(spec: &str) -> Result<Self, String> {
        let mut buckets = HashMap::new();
        for pair in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (channel, rate) =
                pair.split_once('=').ok_or_else(|| format!("'{pair}' is not channel=segments_per_second"))?;
            let per_second: f64 = rate
                .trim()
                .parse()
                .ok()
                .filter(|r: &f64| r.is_finite() && *r > 0.0)
                .ok_or_else(|| format!("'{rate}' is not a positive number of segments per second"))?;
            let bucket = Bucket { per_second, tokens: per_second, last: Instant::now() };
            buckets.insert(channel.trim().to_owned(), Mutex::new(bucket));
        }
        Ok(Self { buckets })
    }

    /// Waits until `channel` may send `segments` more segments.
    pub async fn acquire(&self, channel: &str, segments: u32) {
        let Some(bucket) = self.buckets.get(channel) else {
            return;
        };
        loop {
            let wait = {
                let mut b = bucket.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                let now = Instant::now();
                b.tokens = (b.tokens + now.duration_since(b.last).as_secs_f64() * b.per_second).min(b.per_second);
                b.last = now;
                // A message longer than a second's worth still goes, once the bucket is full.
                let need = f64::from(segments).min(b.per_second);
                if b.tokens >= need {
                    b.tokens -= need;
                    return;
                }
                Duration::from_secs_f64((need - b.tokens) / b.per_second)
            };
            tokio::time::sleep(wait).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_bucket_lets_a_second_through_then_paces() {
        let limits = RateLimits::parse("twilio=20, plivo = 5").unwrap();
        let started = Instant::now();
        for _ in 0..20 {
            limits.acquire("twilio", 1).await;
        }
        assert!(started.elapsed() < Duration::from_millis(200), "one second of burst");
        for _ in 0..10 {
            limits.acquire("twilio", 1).await;
        }
        assert!(started.elapsed() >= Duration::from_millis(400), "{:?}", started.elapsed());
        limits.acquire("console", 1000).await; // not limited
        assert!(RateLimits::parse("twilio").is_err());
        assert!(RateLimits::parse("twilio=0").is_err());
        assert!(RateLimits::parse("").unwrap().buckets.is_empty());
    }
}
