//! Scores the parser on the labelled corpus in fixtures/orders/ and prints per-language line accuracy.
//! Run `cargo test --test language corpus -- --nocapture` to see the table.

use std::collections::BTreeMap;
use std::path::Path;

use mandi::grammar::{Lexicon, ParsedLine, parse_message};
use mandi::text::normalize;
use serde::Deserialize;

/// The goal of issue 3: at least this share of lines right in every language.
const GOAL: f64 = 0.98;

#[derive(Deserialize)]
struct Message {
    text: String,
    language: String,
    lines: Vec<Expected>,
}

#[derive(Deserialize, Debug)]
struct Expected {
    quantity: Option<String>,
    unit: Option<String>,
    product: String,
    #[serde(default)]
    price: Option<String>,
    #[serde(default)]
    pack: Option<Pack>,
}

#[derive(Deserialize, Debug, PartialEq, Eq)]
struct Pack {
    quantity: String,
    unit: String,
}

fn load_corpus() -> Vec<Message> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/orders");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures/orders exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    let mut messages = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let message: Message =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("{}:{}: {e}", file.display(), i + 1));
            messages.push(message);
        }
    }
    messages
}

fn squash(s: &str) -> String {
    normalize(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

fn line_matches(lex: &Lexicon, expected: &Expected, got: &ParsedLine) -> bool {
    let unit = got.unit.map(|u| lex.units[u].name.clone());
    let pack = got.pack.map(|(q, u)| Pack { quantity: q.to_string(), unit: lex.units[u].name.clone() });
    expected.quantity == got.quantity.map(|q| q.to_string())
        && expected.unit == unit
        && squash(&expected.product) == squash(&got.product_text())
        && expected.price == got.price.map(|p| p.to_string())
        && expected.pack == pack
}

#[derive(Default)]
struct Score {
    messages: usize,
    lines: usize,
    right: usize,
    language_right: usize,
}

#[test]
fn corpus_line_accuracy_per_language() {
    let lex = Lexicon::embedded().unwrap();
    let corpus = load_corpus();
    let mut scores: BTreeMap<String, Score> = BTreeMap::new();
    let mut misses: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for message in &corpus {
        let parsed = parse_message(&lex, &message.text);
        let score = scores.entry(message.language.clone()).or_default();
        score.messages += 1;
        if parsed.language.as_ref().map(|l| l.as_str()) == Some(message.language.as_str()) {
            score.language_right += 1;
        }
        let expected = &message.lines;
        score.lines += expected.len().max(parsed.lines.len());
        for (i, want) in expected.iter().enumerate() {
            match parsed.lines.get(i) {
                Some(got) if line_matches(&lex, want, got) => score.right += 1,
                got => misses.entry(message.language.clone()).or_default().push(format!(
                    "{:?}\n      want {:?} {:?} {:?}\n      got  {:?}",
                    message.text,
                    want.quantity,
                    want.unit,
                    want.product,
                    got.map(|g| (
                        g.quantity.map(|q| q.to_string()),
                        g.unit.map(|u| lex.units[u].name.clone()),
                        g.product_text()
                    ))
                )),
            }
        }
    }
    println!("\nlanguage  messages  lines  right  accuracy  language detected");
    let mut below = Vec::new();
    for (language, s) in &scores {
        let accuracy = s.right as f64 / s.lines.max(1) as f64;
        println!(
            "{language:<9} {:>8} {:>6} {:>6} {:>8.1}% {:>10.1}%",
            s.messages,
            s.lines,
            s.right,
            accuracy * 100.0,
            s.language_right as f64 * 100.0 / s.messages as f64
        );
        if accuracy < GOAL {
            below.push(format!("{language} {:.1}%", accuracy * 100.0));
        }
    }
    for (language, list) in &misses {
        println!("\n{language}: {} line(s) wrong", list.len());
        for m in list.iter().take(15) {
            println!("  {m}");
        }
    }
    assert!(corpus.len() >= 400, "the corpus needs at least 400 messages, has {}", corpus.len());
    assert!(below.is_empty(), "below the {:.0}% goal: {}", GOAL * 100.0, below.join(", "));
    for language in ["en", "hi", "hi-Latn", "mr", "gu", "bn", "ta", "te", "kn"] {
        assert!(scores.contains_key(language), "the corpus has no {language} messages");
    }
}
