//! Every number spelled by the oracle packages (fixtures/oracles/numbers.jsonl, made by
//! scripts/oracles/generate.py) reads back to its number, read as a message in its language would be, except the
//! cases the generator excluded with a reason.

use std::collections::BTreeMap;

use mandi::domain::LangTag;
use mandi::grammar::{Amount, Lexicon, read_number_in};
use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    lang: String,
    n: i64,
    text: String,
    source: String,
    #[serde(default)]
    excluded: Option<String>,
}

#[test]
fn oracle_number_words_read_back() {
    let lex = Lexicon::embedded().unwrap();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/oracles/numbers.jsonl");
    let text = std::fs::read_to_string(path).expect("fixtures/oracles/numbers.jsonl (scripts/oracles/generate.py)");
    let mut per_lang: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    for line in text.lines() {
        let case: Case = serde_json::from_str(line).unwrap();
        let entry = per_lang.entry(case.lang.clone()).or_default();
        if case.excluded.is_some() {
            entry.2 += 1;
            continue;
        }
        entry.0 += 1;
        let got = read_number_in(&lex, &case.text, LangTag::parse(&case.lang).as_ref());
        if got == Amount::from_whole(case.n) {
            entry.1 += 1;
        } else {
            failures.push(format!("{} {} {:?} ({}) read as {:?}", case.lang, case.n, case.text, case.source, got));
        }
    }
    println!("\nlanguage  cases  read back  excluded");
    for (lang, (cases, right, excluded)) in &per_lang {
        println!("{lang:<9} {cases:>5} {right:>10} {excluded:>9}");
    }
    assert!(per_lang.len() >= 8, "cases for every language");
    assert!(failures.is_empty(), "{} oracle cases do not read back:\n{}", failures.len(), failures.join("\n"));
}
