//! Messages parsed per second on one core over the labelled corpus (fixtures/orders).
//! `cargo bench --bench parser`; README records the latest figure.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mandi::grammar::{Lexicon, parse_message};

fn corpus() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/orders");
    let mut texts = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "jsonl") {
            for line in std::fs::read_to_string(&path).unwrap().lines().filter(|l| !l.trim().is_empty()) {
                let v: serde_json::Value = serde_json::from_str(line).unwrap();
                texts.push(v["text"].as_str().unwrap().to_owned());
            }
        }
    }
    texts
}

fn parse_corpus(c: &mut Criterion) {
    let lexicon = Lexicon::embedded().unwrap();
    let texts = corpus();
    let mut group = c.benchmark_group("parser");
    group.throughput(Throughput::Elements(texts.len() as u64));
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("corpus", |b| {
        b.iter(|| {
            for text in &texts {
                black_box(parse_message(&lexicon, black_box(text)));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, parse_corpus);
criterion_main!(benches);
