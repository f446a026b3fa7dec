//! Scores the wholesaler-reply reader on the labelled replies in fixtures/replies/ (one file per language) and
//! prints per-language figures. Run `cargo test --test language replies -- --nocapture` to see the table.

use std::collections::BTreeMap;
use std::path::Path;

use mandi::conversation::reply::{ReplyDecision, read_reply};
use mandi::grammar::Lexicon;
use serde::Deserialize;

/// The goal of issue 5: this share of replies read right (decision, code and lines), over all languages.
const GOAL: f64 = 0.99;

#[derive(Deserialize)]
struct Labelled {
    text: String,
    decision: ReplyDecision,
    code: Option<String>,
    #[serde(default)]
    rejected_lines: Vec<u32>,
    #[serde(default)]
    accepted_lines: Vec<u32>,
}

#[test]
fn wholesaler_replies_are_read_in_every_language() {
    let lexicon = Lexicon::embedded().unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/replies");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut table: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut wrong = Vec::new();
    for file in files.iter().filter(|f| f.extension().is_some_and(|e| e == "jsonl")) {
        let language = file.file_stem().unwrap().to_string_lossy().into_owned();
        for (n, line) in std::fs::read_to_string(file).unwrap().lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let label: Labelled = serde_json::from_str(line).unwrap_or_else(|e| panic!("{language}:{}: {e}", n + 1));
            let detected = lexicon.detect_language(&label.text);
            let got = read_reply(&lexicon, detected.as_ref(), &label.text);
            let right = got.decision == label.decision
                && got.code == label.code
                && got.rejected_lines == label.rejected_lines
                && got.accepted_lines == label.accepted_lines;
            let entry = table.entry(language.clone()).or_default();
            entry.0 += 1;
            entry.1 += usize::from(right);
            if !right {
                wrong.push(format!(
                    "  {language}: {:?} → {:?} {:?} rejected {:?} accepted {:?}; want {:?} {:?} {:?} {:?}",
                    label.text,
                    got.decision,
                    got.code,
                    got.rejected_lines,
                    got.accepted_lines,
                    label.decision,
                    label.code,
                    label.rejected_lines,
                    label.accepted_lines
                ));
            }
        }
    }
    println!("\nlanguage  replies  right");
    for (language, (total, right)) in &table {
        println!("{language:<9} {total:>7}  {:>5.1}%", *right as f64 * 100.0 / *total as f64);
    }
    let total: usize = table.values().map(|v| v.0).sum();
    let right: usize = table.values().map(|v| v.1).sum();
    println!("{:<9} {total:>7}  {:>5.1}%", "all", right as f64 * 100.0 / total as f64);
    for w in &wrong {
        println!("{w}");
    }
    assert!(total >= 150, "the corpus has {total} replies; it should have at least 150");
    assert_eq!(table.len(), 9, "one file per language: {:?}", table.keys().collect::<Vec<_>>());
    assert!(right as f64 / total as f64 >= GOAL, "{right} of {total} replies read right, under the {GOAL} goal");
}
