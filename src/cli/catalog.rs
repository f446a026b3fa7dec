//! `mandi catalog …`

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Subcommand;

use super::EXIT_BAD_INPUT;
use crate::catalog::import::{HEADER, RowError, parse_catalog};
use crate::catalog::store::upsert_products;
use crate::config::DatabaseArgs;
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
        /// The CSV file.
        file: PathBuf,
        /// Check the file and report, without writing anything.
        #[arg(long)]
        dry_run: bool,
        /// Import nothing if any row is bad.
        #[arg(long)]
        strict: bool,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DatabaseArgs,
    },
}

pub async fn run(command: CatalogCommand) -> anyhow::Result<ExitCode> {
    telemetry::init("warn");
    match command {
        CatalogCommand::Import { file, dry_run, strict, json, db } => import(&file, dry_run, strict, json, &db).await,
    }
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
        Some(upsert_products(&pool, &parsed.products).await.context("writing products")?)
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
