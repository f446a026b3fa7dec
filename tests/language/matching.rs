//! Scores the matcher on the labelled corpus against the demo catalog (fixtures/catalog.csv): per language, lines
//! correct (the clerk's answer: the right SKU and packs, "unknown" for an unstocked item, a question where the clerk
//! would ask), asked (a question that offers the right SKU where the clerk would have been sure), wrong (a confident
//! wrong answer) and missed. Run `cargo test --test language matching -- --nocapture` for the table.

use std::collections::BTreeMap;
use std::path::Path;

use mandi::catalog::import::parse_catalog;
use mandi::catalog::{LineMatch, Matcher};
use mandi::grammar::{Lexicon, parse_message};
use serde::Deserialize;

/// Goals of issue 4, per language.
const CORRECT_GOAL: f64 = 0.95;
const WRONG_LIMIT: f64 = 0.01;

#[derive(Deserialize)]
struct Message {
    text: String,
    language: String,
    lines: Vec<Label>,
}

#[derive(Deserialize)]
struct Label {
    #[serde(default)]
    sku: Option<String>,
    #[serde(default)]
    packs: Option<i64>,
    #[serde(default)]
    ask: Option<Vec<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Verdict {
    Correct,
    Asked,
    Wrong,
    Missed,
}

pub fn demo_matcher(lex: &Lexicon) -> Matcher {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/catalog.csv");
    let parsed = parse_catalog(std::fs::File::open(path).unwrap()).unwrap();
    let products = parsed.into_products();
    Matcher::new(products, lex)
}

fn verdict(m: &Matcher, label: &Label, got: Option<&LineMatch>) -> Verdict {
    let sku = |i: usize| m.product(i).sku.as_str();
    match (label, got) {
        (Label { ask: Some(asked), .. }, Some(LineMatch::Ambiguous { candidates })) => {
            if candidates.iter().any(|c| asked.iter().any(|a| a == sku(c.product))) {
                Verdict::Correct
            } else {
                Verdict::Missed
            }
        }
        (Label { ask: Some(_), .. }, Some(LineMatch::Matched { .. })) => Verdict::Wrong,
        (Label { ask: Some(_), .. }, _) => Verdict::Missed,
        (Label { sku: Some(want), packs, .. }, Some(LineMatch::Matched { product, packs: got_packs, .. })) => {
            if sku(*product) == want && Some(*got_packs) == *packs { Verdict::Correct } else { Verdict::Wrong }
        }
        (Label { sku: Some(want), .. }, Some(LineMatch::Ambiguous { candidates })) => {
            if candidates.iter().any(|c| sku(c.product) == want) { Verdict::Asked } else { Verdict::Missed }
        }
        (Label { sku: Some(_), .. }, _) => Verdict::Missed,
        (Label { sku: None, .. }, Some(LineMatch::Matched { .. })) => Verdict::Wrong,
        (Label { sku: None, .. }, Some(LineMatch::Ambiguous { .. })) => Verdict::Asked,
        (Label { sku: None, .. }, _) => Verdict::Correct,
    }
}

#[test]
fn matcher_outcomes_per_language() {
    let lex = Lexicon::embedded().unwrap();
    let m = demo_matcher(&lex);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/orders");
    let mut tally: BTreeMap<String, BTreeMap<Verdict, usize>> = BTreeMap::new();
    let mut examples: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.retain(|p| p.extension().is_some_and(|e| e == "jsonl"));
    files.sort();
    for file in files {
        for line in std::fs::read_to_string(&file).unwrap().lines().filter(|l| !l.trim().is_empty()) {
            let message: Message = serde_json::from_str(line).unwrap();
            let parsed = parse_message(&lex, &message.text);
            let view = lex.view_for(parsed.language.as_ref());
            for (i, label) in message.lines.iter().enumerate() {
                let got = parsed.lines.get(i).map(|l| m.match_line(view, l));
                let v = verdict(&m, label, got.as_ref());
                *tally.entry(message.language.clone()).or_default().entry(v).or_default() += 1;
                if v != Verdict::Correct {
                    let shown = match &got {
                        Some(LineMatch::Matched { product, packs, score }) => {
                            format!("matched {} x{packs} ({score:.2})", m.product(*product).sku)
                        }
                        Some(LineMatch::Ambiguous { candidates }) => format!(
                            "asked {:?}",
                            candidates
                                .iter()
                                .map(|c| format!("{} {:.2}", m.product(c.product).sku, c.score))
                                .collect::<Vec<_>>()
                        ),
                        Some(LineMatch::Unknown) => "unknown".into(),
                        None => "no line".into(),
                    };
                    let want = match label {
                        Label { ask: Some(a), .. } => format!("ask {a:?}"),
                        Label { sku: Some(s), packs, .. } => format!("{s} x{}", packs.unwrap_or(0)),
                        _ => "unknown".into(),
                    };
                    examples
                        .entry(message.language.clone())
                        .or_default()
                        .push(format!("{v:?}: {:?} line {i}: want {want}, {shown}", message.text));
                }
            }
        }
    }
    println!("\nlanguage  lines  correct  asked  wrong  missed");
    let mut failing = Vec::new();
    for (language, t) in &tally {
        let total: usize = t.values().sum();
        let pct = |v: Verdict| *t.get(&v).unwrap_or(&0) as f64 * 100.0 / total as f64;
        println!(
            "{language:<9} {total:>5} {:>7.1}% {:>5.1}% {:>5.1}% {:>6.1}%",
            pct(Verdict::Correct),
            pct(Verdict::Asked),
            pct(Verdict::Wrong),
            pct(Verdict::Missed)
        );
        if pct(Verdict::Correct) < CORRECT_GOAL * 100.0 || pct(Verdict::Wrong) > WRONG_LIMIT * 100.0 {
            failing.push(language.clone());
        }
    }
    for (language, list) in &examples {
        println!("\n{language}: {} line(s) not correct", list.len());
        for e in list.iter().take(40) {
            println!("  {e}");
        }
    }
    assert!(failing.is_empty(), "below the goals (≥95% correct, ≤1% wrong): {failing:?}");
}
