//! `mandi parse`: the parser (and, with a catalog, the matcher) over stdin, one message per line; with `--reply`,
//! the reader of wholesalers' answers. No database.

use std::io::{BufRead as _, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;

use crate::catalog::import::parse_catalog;
use crate::catalog::{LineMatch, Matcher};
use crate::conversation::reply::{ReplyDecision, read_reply};
use crate::grammar::lexicon::View;
use crate::grammar::{Lexicon, ParsedLine, parse_message};

#[derive(clap::Args, Debug)]
pub struct ParseArgs {
    /// Catalog CSV to match product words against (fills sku, packs, status, candidates).
    #[arg(long, conflicts_with = "reply")]
    catalog: Option<PathBuf>,
    /// Read wholesalers' replies instead of orders: prints {"text","language","decision","code","rejected_lines",
    /// "accepted_lines","reason"} per line, decision one of confirm, reject, partial, dispatched, unknown.
    #[arg(long)]
    reply: bool,
    /// Write one JSON object per input line instead of a readable summary.
    #[arg(long)]
    json: bool,
    /// Read one JSON object per line and parse its "text" field (messages with line breaks).
    #[arg(long)]
    jsonl: bool,
}

pub fn run(args: &ParseArgs) -> anyhow::Result<ExitCode> {
    let lexicon = Lexicon::embedded().context("loading grammars/")?;
    let matcher = match &args.catalog {
        Some(path) => {
            let file = std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
            let parsed = parse_catalog(file).with_context(|| format!("{}", path.display()))?;
            for e in &parsed.errors {
                eprintln!("{}:{}: {} (row skipped)", path.display(), e.line, e.reason);
            }
            let products = parsed.into_products();
            Some(Matcher::new(products, &lexicon))
        }
        None => None,
    };
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut bad_input = false;
    for (number, line) in stdin.lock().lines().enumerate() {
        let line = line.context("reading standard input")?;
        let text = if args.jsonl {
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<serde_json::Value>(&line) {
                Ok(v) => match v.get("text").and_then(|t| t.as_str()) {
                    Some(t) => t.to_owned(),
                    None => {
                        eprintln!("line {}: no \"text\" string field", number + 1);
                        bad_input = true;
                        continue;
                    }
                },
                Err(e) => {
                    eprintln!("line {}: not JSON: {e}", number + 1);
                    bad_input = true;
                    continue;
                }
            }
        } else {
            line
        };
        if args.reply {
            let language = lexicon.detect_language(&text);
            let reply = read_reply(&lexicon, language.as_ref(), &text);
            let object = ReplyJson {
                text: &text,
                language: language.as_ref().map(|l| l.as_str()),
                decision: reply.decision,
                code: reply.code.as_deref(),
                rejected_lines: &reply.rejected_lines,
                accepted_lines: &reply.accepted_lines,
                reason: reply.reason.as_deref(),
            };
            writeln!(out, "{}", serde_json::to_string(&object)?)?;
            continue;
        }
        let parsed = parse_message(&lexicon, &text);
        let view = lexicon.view_for(parsed.language.as_ref());
        let lines: Vec<serde_json::Value> = parsed.lines.iter().map(|l| line_json(view, matcher.as_ref(), l)).collect();
        if args.json {
            let object = serde_json::json!({
                "text": text,
                "language": parsed.language.as_ref().map(|l| l.as_str()),
                "lines": lines,
            });
            writeln!(out, "{object}")?;
        } else {
            writeln!(out, "{text}  [{}]", parsed.language.as_ref().map_or("?", |l| l.as_str()))?;
            for l in &lines {
                writeln!(out, "  {}", summary(l))?;
            }
        }
    }
    out.flush()?;
    Ok(if bad_input { ExitCode::from(super::EXIT_BAD_INPUT) } else { ExitCode::SUCCESS })
}

/// One line of `mandi parse --reply`, fields in the documented order.
#[derive(serde::Serialize)]
struct ReplyJson<'a> {
    text: &'a str,
    language: Option<&'a str>,
    decision: ReplyDecision,
    code: Option<&'a str>,
    rejected_lines: &'a [u32],
    accepted_lines: &'a [u32],
    reason: Option<&'a str>,
}

fn line_json(view: View<'_>, matcher: Option<&Matcher>, line: &ParsedLine) -> serde_json::Value {
    let unit_name = |u: usize| view.lexicon().units[u].name.clone();
    let mut value = serde_json::json!({
        "text": line.text,
        "span": [line.span.start, line.span.end],
        "quantity": line.quantity.map(|q| q.to_string()),
        "unit": line.unit.map(unit_name),
        "product": line.product_text(),
        "price": line.price.map(|p| p.to_string()),
        "pack": line.pack.map(|(q, u)| serde_json::json!({"quantity": q.to_string(), "unit": unit_name(u)})),
        "sku": null,
        "packs": null,
        "status": null,
        "candidates": [],
    });
    if let Some(m) = matcher {
        let (sku, packs, status, candidates) = match m.match_line(view, line) {
            LineMatch::Matched { product, packs, score } => (
                Some(m.product(product).sku.clone()),
                Some(packs),
                "matched",
                vec![serde_json::json!({"sku": m.product(product).sku, "score": round(score)})],
            ),
            LineMatch::Ambiguous { candidates } => (
                None,
                None,
                "ambiguous",
                candidates
                    .iter()
                    .map(|c| serde_json::json!({"sku": m.product(c.product).sku, "score": round(c.score)}))
                    .collect(),
            ),
            LineMatch::Unknown => (None, None, "unknown", Vec::new()),
        };
        value["sku"] = sku.into();
        value["packs"] = packs.into();
        value["status"] = status.into();
        value["candidates"] = candidates.into();
    }
    value
}

fn round(score: f64) -> f64 {
    (score * 1000.0).round() / 1000.0
}

fn summary(line: &serde_json::Value) -> String {
    let s = |k: &str| line[k].as_str().map(str::to_owned);
    let mut out = format!(
        "{:>6} {:<7} {}",
        s("quantity").unwrap_or_else(|| "-".into()),
        s("unit").unwrap_or_default(),
        s("product").unwrap_or_default()
    );
    if let Some(p) = s("price") {
        out.push_str(&format!("  (₹{p} pack)"));
    }
    if let Some(q) = line["pack"]["quantity"].as_str() {
        out.push_str(&format!("  (pack {q} {})", line["pack"]["unit"].as_str().unwrap_or_default()));
    }
    if let Some(status) = s("status") {
        match s("sku") {
            Some(sku) => out.push_str(&format!("  → {sku} × {} ({status})", line["packs"])),
            None => out.push_str(&format!("  → {status}")),
        }
    }
    out
}
