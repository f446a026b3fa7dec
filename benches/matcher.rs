//! The matcher at scale: the 20,000-product BigBasket list (fixtures/bigbasket-catalog.csv, made by
//! scripts/bigbasket-catalog.py) plus the demo catalog, queried with every message of the labelled corpus.
//!
//! `cargo bench --bench matcher` first prints a report measured once on one thread — index build time, resident
//! memory, messages per second, p50/p99 per message, and accuracy on the corpus — and writes it to
//! target/matcher-bench.json (scripts/compare-rapidfuzz.py prints it beside rapidfuzz); then criterion measures build
//! and matching throughput. README records the latest figures.

use std::collections::HashSet;
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mandi::catalog::import::parse_catalog;
use mandi::catalog::{LineMatch, Matcher, Product};
use mandi::grammar::{Lexicon, parse_message};
use serde::Deserialize;

#[derive(Deserialize)]
struct Message {
    text: String,
    lines: Vec<Label>,
}

#[derive(Deserialize)]
struct Label {
    #[serde(default)]
    sku: Option<String>,
    #[serde(default)]
    ask: Option<Vec<String>>,
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn products() -> Vec<Product> {
    let mut products = Vec::new();
    for file in ["fixtures/catalog.csv", "fixtures/bigbasket-catalog.csv"] {
        let parsed = parse_catalog(std::fs::File::open(root().join(file)).expect(file)).expect(file);
        products.extend(parsed.into_products());
    }
    for (i, p) in products.iter_mut().enumerate() {
        p.id = i as i64 + 1;
    }
    products
}

fn corpus() -> Vec<Message> {
    let mut files: Vec<_> = std::fs::read_dir(root().join("fixtures/orders"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    files
        .iter()
        .flat_map(|f| std::fs::read_to_string(f).unwrap().lines().map(str::to_owned).collect::<Vec<_>>())
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(&l).unwrap())
        .collect()
}

/// Resident memory of this process, in MiB (Linux).
fn rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// Decides every line of every message; returns the time per message.
fn match_all(lexicon: &Lexicon, matcher: &Matcher, messages: &[Message]) -> Vec<Duration> {
    let history = HashSet::new();
    messages
        .iter()
        .map(|m| {
            let started = Instant::now();
            let parsed = parse_message(lexicon, &m.text);
            let view = lexicon.view_for(parsed.language.as_ref());
            for line in &parsed.lines {
                black_box(matcher.match_line_with_history(view, line, &history));
            }
            started.elapsed()
        })
        .collect()
}

/// The top answer for each labelled line, scored as scripts/compare-rapidfuzz.py scores rapidfuzz: a line labelled
/// with a SKU is right when the first answer is that SKU; a line labelled with a question, when the first answer
/// is one of its options; an unstocked item, when nothing is proposed with confidence.
fn accuracy(lexicon: &Lexicon, matcher: &Matcher, messages: &[Message]) -> (usize, usize) {
    let (mut right, mut total) = (0, 0);
    for m in messages {
        let parsed = parse_message(lexicon, &m.text);
        let view = lexicon.view_for(parsed.language.as_ref());
        for (i, label) in m.lines.iter().enumerate() {
            total += 1;
            let decision = parsed.lines.get(i).map(|l| matcher.match_line(view, l));
            let first = match &decision {
                Some(LineMatch::Matched { product, .. }) => Some(matcher.product(*product).sku.as_str()),
                Some(LineMatch::Ambiguous { candidates }) => {
                    candidates.first().map(|c| matcher.product(c.product).sku.as_str())
                }
                _ => None,
            };
            let confident = matches!(decision, Some(LineMatch::Matched { .. }));
            right += usize::from(match (label, first) {
                (Label { ask: Some(options), .. }, Some(sku)) => options.iter().any(|o| o == sku),
                (Label { sku: Some(want), .. }, Some(sku)) => want == sku,
                (Label { sku: None, ask: None }, _) => !confident,
                _ => false,
            });
        }
    }
    (right, total)
}

fn report(lexicon: &Lexicon, messages: &[Message]) {
    let products = products();
    let count = products.len();
    let before = rss_mib();
    let mut builds = Vec::new();
    let mut matcher = None;
    for _ in 0..5 {
        drop(matcher.take());
        let started = Instant::now();
        matcher = Some(Matcher::new(products.clone(), lexicon));
        builds.push(started.elapsed());
    }
    let matcher = matcher.unwrap();
    let after = rss_mib();
    builds.sort();
    let build = builds[builds.len() / 2];

    match_all(lexicon, &matcher, messages); // warm up
    let mut times = Vec::new();
    let started = Instant::now();
    let mut per_message = vec![Duration::ZERO; messages.len()];
    for _ in 0..10 {
        let pass = match_all(lexicon, &matcher, messages);
        for (total, t) in per_message.iter_mut().zip(&pass) {
            *total += *t;
        }
        times.extend(pass);
    }
    let mut slowest: Vec<(Duration, &str)> =
        per_message.iter().map(|t| *t / 10).zip(messages.iter().map(|m| m.text.as_str())).collect();
    slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
    let elapsed = started.elapsed();
    times.sort();
    let per_second = times.len() as f64 / elapsed.as_secs_f64();
    let (right, total) = accuracy(lexicon, &matcher, messages);

    println!("\nmatcher on {count} products ({} corpus messages, one thread)", messages.len());
    println!("  index build      {:>8.1} ms (median of 5)", build.as_secs_f64() * 1e3);
    println!("  resident memory  {after:>8.1} MiB ({:.1} MiB for products and index)", after - before);
    println!("  messages/s       {per_second:>8.0}");
    println!(
        "  p50 / p99        {:>8.1} / {:.1} µs per message",
        micros(percentile(&times, 0.5)),
        micros(percentile(&times, 0.99))
    );
    for (t, text) in slowest.iter().take(3) {
        println!("  slow: {:>6.0} µs  {text:?}", micros(*t));
    }
    println!("  accuracy         {:>8.1}% ({right} of {total} lines, top answer)", right as f64 * 100.0 / total as f64);

    let json = serde_json::json!({
        "products": count,
        "messages": messages.len(),
        "build_ms": build.as_secs_f64() * 1e3,
        "rss_mib": after,
        "rss_delta_mib": after - before,
        "messages_per_second": per_second,
        "p50_us": micros(percentile(&times, 0.5)),
        "p99_us": micros(percentile(&times, 0.99)),
        "accuracy": right as f64 / total as f64,
        "lines": total,
    });
    let out = root().join("target/matcher-bench.json");
    if let Err(e) = std::fs::write(&out, format!("{json}\n")) {
        eprintln!("cannot write {}: {e}", out.display());
    }
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn matcher_benches(c: &mut Criterion) {
    let lexicon = Lexicon::embedded().unwrap();
    let messages = corpus();
    report(&lexicon, &messages);

    let products = products();
    let mut group = c.benchmark_group("matcher");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("build_20k", |b| b.iter(|| black_box(Matcher::new(products.clone(), &lexicon))));
    let matcher = Matcher::new(products.clone(), &lexicon);
    group.throughput(Throughput::Elements(messages.len() as u64));
    group.bench_function("corpus_messages", |b| b.iter(|| black_box(match_all(&lexicon, &matcher, &messages))));
    group.finish();
}

criterion_group!(benches, matcher_benches);
criterion_main!(benches);
