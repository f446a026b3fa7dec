//! `mandi catalog …`

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Subcommand;

use super::EXIT_BAD_INPUT;
use super::output::{self, ImportArgs, Table};
use crate::catalog::import::{HEADER, RowError, parse_catalog};
use crate::catalog::matcher::{ACCEPT, CANDIDATE, MARGIN};
use crate::catalog::store::{load_products, upsert_products};
use crate::catalog::{LineMatch, Matcher, Product, format_rupees, format_scaled};
use crate::config::DatabaseArgs;
use crate::domain::LangTag;
use crate::grammar::{Lexicon, parse_message};
use crate::{db, telemetry};

#[derive(Subcommand, Debug)]
pub enum CatalogCommand {
    /// Import products from a CSV file (insert new SKUs, update existing ones).
    #[command(after_help = "\
The file needs the header sku,name,unit,pack_size,price,category,aliases (category and aliases may be empty):
  unit       kg, g, l, ml or pc — the unit of pack_size
  pack_size  e.g. 5, 0.5, 500
  price      rupees per pack, e.g. 52 or 14.50
  aliases    other names, '|'-separated, any language: atta|aata|आटा

Bad rows are reported by line number; good rows are imported unless --strict is given.

Examples:
  mandi catalog import fixtures/catalog.csv
  mandi catalog import new-prices.csv --dry-run
  mandi catalog import supplier.csv --strict --json

Exit codes: 0 every row imported, 3 some rows bad (or nothing imported with --strict), 1 failure.")]
    Import {
        #[command(flatten)]
        import: ImportArgs,
        #[command(flatten)]
        db: DatabaseArgs,
    },
    /// Write the catalog as CSV (the import format), to standard output or a file.
    #[command(after_help = "\
The output has the import header (sku,name,unit,pack_size,price,category,aliases), so an export edited in a
spreadsheet imports back as it is.

Examples:
  mandi catalog export > catalog.csv
  mandi catalog export --output backup.csv --category Staples

Exit codes: 0 written, 1 failure.")]
    Export {
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Only products of this category.
        #[arg(long)]
        category: Option<String>,
        #[command(flatten)]
        db: DatabaseArgs,
    },
    /// List products: SKU, name, pack, price, category.
    #[command(after_help = "\
Examples:
  mandi catalog list
  mandi catalog list --category Staples --limit 100
  mandi catalog list --name atta --json

--name matches part of a name, SKU or alias, in any script, ignoring case.

Exit codes: 0 listed (also when nothing matched), 1 failure.")]
    List {
        /// Only this category (exact, ignoring case).
        #[arg(long)]
        category: Option<String>,
        /// Only products whose name, SKU or an alias contains this.
        #[arg(long)]
        name: Option<String>,
        /// At most this many rows (0: all).
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// One JSON object per product.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DatabaseArgs,
    },
    /// Show how a shopkeeper's words match the catalog: the keys read, candidates with scores, the decision.
    #[command(after_help = "\
The text is parsed like an SMS (quantity, unit, designators), so you see what the gateway would do with it.
Scores run from 0 to 1: a line is matched when its best product scores at least 0.90 and leads every other
product family by 0.05; candidates below 0.6 are dropped; anything in between becomes a numbered question.
Keys marked * came from the staples list (cheeni → sugar) and must appear in a product name as such.

Examples:
  mandi catalog search \"2 kilo cheeni\"
  mandi catalog search \"मैगी 10 वाला 12 पैकेट\" --file fixtures/catalog.csv
  mandi catalog search \"surf excel 1kg\" --limit 5 --json")]
    Search {
        /// What a shopkeeper might write, e.g. "5 kg atta" or "ಮ್ಯಾಗಿ ೧೦".
        text: String,
        /// Search this catalog CSV instead of the database's catalog.
        #[arg(long, value_name = "CSV")]
        file: Option<PathBuf>,
        /// Read the text as this language (en, hi, hi-Latn, mr, gu, bn, ta, te, kn) instead of detecting it.
        #[arg(long, value_name = "TAG")]
        lang: Option<String>,
        /// How many candidates to list per line.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DatabaseArgs,
    },
}

pub async fn run(command: CatalogCommand) -> anyhow::Result<ExitCode> {
    telemetry::init("warn");
    match command {
        CatalogCommand::Import { import: ImportArgs { file, dry_run, strict, json }, db } => {
            import(&file, dry_run, strict, json, &db).await
        }
        CatalogCommand::Export { output, category, db } => export(output.as_deref(), category.as_deref(), &db).await,
        CatalogCommand::List { category, name, limit, json, db } => {
            list(category.as_deref(), name.as_deref(), limit, json, &db).await
        }
        CatalogCommand::Search { text, file, lang, limit, json, db } => {
            search(&text, file.as_deref(), lang.as_deref(), limit, json, &db).await
        }
    }
}

async fn search(
    text: &str,
    file: Option<&Path>,
    lang: Option<&str>,
    limit: usize,
    json: bool,
    db: &DatabaseArgs,
) -> anyhow::Result<ExitCode> {
    let lexicon = Lexicon::embedded().context("loading grammars/")?;
    let products = match file {
        Some(path) => {
            let reader = std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
            let parsed = parse_catalog(reader).with_context(|| path.display().to_string())?;
            for RowError { line, reason } in &parsed.errors {
                eprintln!("{}:{line}: {reason} (row skipped)", path.display());
            }
            parsed.into_products()
        }
        None => {
            let pool = db::connect_and_migrate(&db.database_url, 2).await?;
            load_products(&pool).await.context("reading the catalog")?
        }
    };
    if products.is_empty() {
        eprintln!("the catalog is empty: import one with `mandi catalog import FILE` or pass --file");
        return Ok(ExitCode::from(EXIT_BAD_INPUT));
    }
    let language = match lang {
        Some(tag) => {
            let known = LangTag::parse(tag).filter(|t| lexicon.language_index(t).is_some());
            match known {
                Some(t) => Some(t),
                None => {
                    let tags: Vec<&str> = lexicon.languages.iter().map(|l| l.tag.as_str()).collect();
                    eprintln!("unknown language '{tag}'; known: {}", tags.join(", "));
                    return Ok(ExitCode::from(EXIT_BAD_INPUT));
                }
            }
        }
        None => None,
    };
    let started = std::time::Instant::now();
    let matcher = Matcher::new(products, &lexicon);
    let built = started.elapsed();
    let parsed = parse_message(&lexicon, text);
    let language = language.or(parsed.language.clone());
    let view = lexicon.view_for(language.as_ref());
    let mut reports = Vec::new();
    for line in &parsed.lines {
        let product_text = line.product_text();
        let candidates = matcher.line_candidates(view, line, &HashSet::new());
        let decision = matcher.match_line(view, line);
        reports.push((line, product_text.clone(), matcher.query_terms(view, &product_text), candidates, decision));
    }
    if json {
        let lines: Vec<serde_json::Value> = reports
            .iter()
            .map(|(line, product, terms, candidates, decision)| {
                let sku = |i: usize| matcher.product(i).sku.clone();
                let (status, sku_packs) = match decision {
                    LineMatch::Matched { product, packs, .. } => ("matched", Some((sku(*product), *packs))),
                    LineMatch::Ambiguous { .. } => ("ambiguous", None),
                    LineMatch::Unknown => ("unknown", None),
                };
                serde_json::json!({
                    "text": line.text,
                    "product": product,
                    "keys": terms.iter().map(|(k, staple)| serde_json::json!({"key": k, "staple": staple})).collect::<Vec<_>>(),
                    "status": status,
                    "sku": sku_packs.as_ref().map(|(s, _)| s.clone()),
                    "packs": sku_packs.as_ref().map(|(_, p)| *p),
                    "candidates": candidates.iter().take(limit).map(|c| {
                        let p = matcher.product(c.product);
                        serde_json::json!({"sku": p.sku, "name": p.name, "score": (c.score * 1000.0).round() / 1000.0})
                    }).collect::<Vec<_>>(),
                })
            })
            .collect();
        let report = serde_json::json!({
            "text": text,
            "language": language.as_ref().map(LangTag::as_str),
            "products": matcher.products().len(),
            "lines": lines,
        });
        println!("{report}");
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{} product(s) indexed in {:.0} ms; language {}",
        matcher.products().len(),
        built.as_secs_f64() * 1000.0,
        language.as_ref().map_or("not detected", LangTag::as_str)
    );
    if reports.is_empty() {
        println!("no order line read in {text:?}");
    }
    for (line, product, terms, candidates, decision) in &reports {
        let keys: Vec<String> =
            terms.iter().map(|(k, staple)| if *staple { format!("{k}*") } else { k.clone() }).collect();
        println!("\nline {:?}: product words {product:?} → keys {}", line.text, keys.join(" "));
        if candidates.is_empty() {
            println!("  no candidate scores {CANDIDATE} or more");
        }
        for (rank, c) in candidates.iter().take(limit).enumerate() {
            let p = matcher.product(c.product);
            println!(
                "  {:>2}. {:.3}  {:<28} {} ({} {}, ₹{})",
                rank + 1,
                c.score,
                p.sku,
                p.name,
                p.pack_size_display(),
                p.unit.as_str(),
                format_rupees(p.price_paise)
            );
        }
        let verdict = match decision {
            LineMatch::Matched { product, packs, score } => {
                format!("matched {} × {packs} (score {score:.3})", matcher.product(*product).sku)
            }
            LineMatch::Ambiguous { candidates } => {
                let skus: Vec<&str> = candidates.iter().map(|c| matcher.product(c.product).sku.as_str()).collect();
                format!("ambiguous: the shop would be asked to choose among {}", skus.join(", "))
            }
            LineMatch::Unknown => "unknown: the shop would be told the item is not in the catalog".into(),
        };
        println!("  → {verdict}");
    }
    println!("\n(accept ≥ {ACCEPT} with a lead of {MARGIN} over other families; candidates ≥ {CANDIDATE})");
    Ok(ExitCode::SUCCESS)
}

/// Products of the database's catalog, optionally of one category.
async fn products_of(db: &DatabaseArgs, category: Option<&str>) -> anyhow::Result<Vec<Product>> {
    let pool = db::connect_and_migrate(&db.database_url, 2).await?;
    let mut products = load_products(&pool).await.context("reading the catalog")?;
    if let Some(category) = category {
        products.retain(|p| p.category.eq_ignore_ascii_case(category));
    }
    Ok(products)
}

async fn export(output: Option<&Path>, category: Option<&str>, db: &DatabaseArgs) -> anyhow::Result<ExitCode> {
    let products = products_of(db, category).await?;
    let sink: Box<dyn std::io::Write> = match output {
        Some(path) => {
            Box::new(std::fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?)
        }
        None => Box::new(std::io::stdout().lock()),
    };
    let mut writer = csv::Writer::from_writer(sink);
    writer.write_record(HEADER)?;
    for p in &products {
        writer.write_record([
            p.sku.as_str(),
            p.name.as_str(),
            p.unit.as_str(),
            &p.pack_size_display(),
            &format_scaled(p.price_paise, 100),
            p.category.as_str(),
            &p.aliases.join("|"),
        ])?;
    }
    writer.flush()?;
    if let Some(path) = output {
        eprintln!("{} product(s) written to {}", products.len(), path.display());
    }
    Ok(ExitCode::SUCCESS)
}

async fn list(
    category: Option<&str>,
    name: Option<&str>,
    limit: usize,
    json: bool,
    db: &DatabaseArgs,
) -> anyhow::Result<ExitCode> {
    let mut products = products_of(db, category).await?;
    if let Some(needle) = name.map(str::to_lowercase) {
        products.retain(|p| {
            p.name.to_lowercase().contains(&needle)
                || p.sku.to_lowercase().contains(&needle)
                || p.aliases.iter().any(|a| a.to_lowercase().contains(&needle))
        });
    }
    let total = products.len();
    if limit > 0 {
        products.truncate(limit);
    }
    if json {
        for p in &products {
            output::json_line(&serde_json::json!({
                "sku": p.sku, "name": p.name, "unit": p.unit.as_str(), "pack_size": p.pack_size_display(),
                "price_paise": p.price_paise, "category": p.category, "aliases": p.aliases,
            }))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let mut table = Table::new(&["sku", "name", "pack", "price", "category"]).right(&[3]);
    for p in &products {
        table.row(vec![
            p.sku.clone(),
            p.name.clone(),
            format!("{} {}", p.pack_size_display(), p.unit.as_str()),
            format!("Rs {}", format_scaled(p.price_paise, 100)),
            p.category.clone(),
        ]);
    }
    if table.is_empty() {
        eprintln!("no products");
    } else {
        table.print();
        if total > products.len() {
            eprintln!("{} of {total} shown (--limit 0 for all)", products.len());
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn import(
    file: &PathBuf,
    dry_run: bool,
    strict: bool,
    json: bool,
    db: &DatabaseArgs,
) -> anyhow::Result<ExitCode> {
    let reader = std::fs::File::open(file).with_context(|| format!("cannot open {}", file.display()))?;
    let parsed = match parse_catalog(reader) {
        Ok(parsed) => parsed,
        Err(e) => {
            eprintln!("{}: {e}", file.display());
            return Ok(ExitCode::from(EXIT_BAD_INPUT));
        }
    };
    let bad = parsed.errors.len();
    let refuse = strict && bad > 0;
    let counts = if dry_run || refuse || parsed.products.is_empty() {
        None
    } else {
        let pool = db::connect_and_migrate(&db.database_url, 2).await?;
        let bar = output::progress(parsed.products.len() as u64, "importing", json);
        let counts = upsert_products(&pool, &parsed.products, |done| bar.set_position(done as u64))
            .await
            .context("writing products")?;
        bar.finish_and_clear();
        Some(counts)
    };

    if json {
        let report = serde_json::json!({
            "file": file.display().to_string(),
            "valid_rows": parsed.products.len(),
            "bad_rows": parsed.errors,
            "inserted": counts.map_or(0, |c| c.inserted),
            "updated": counts.map_or(0, |c| c.updated),
            "dry_run": dry_run,
            "imported": counts.is_some(),
        });
        println!("{report}");
    } else {
        for RowError { line, reason } in &parsed.errors {
            eprintln!("{}:{line}: {reason}", file.display());
        }
        match counts {
            Some(c) => {
                println!("{}: {} new, {} updated, {bad} bad row(s) skipped", file.display(), c.inserted, c.updated)
            }
            None if refuse => println!(
                "{}: {bad} bad row(s); nothing imported (--strict). Expected header: {}",
                file.display(),
                HEADER.join(",")
            ),
            None if dry_run => println!(
                "{}: {} valid row(s), {bad} bad row(s); nothing written (--dry-run)",
                file.display(),
                parsed.products.len()
            ),
            None => println!("{}: no valid rows; nothing imported", file.display()),
        }
    }
    Ok(if bad > 0 || parsed.products.is_empty() { ExitCode::from(EXIT_BAD_INPUT) } else { ExitCode::SUCCESS })
}
