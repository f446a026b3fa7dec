//! `mandi shops …` and `mandi wholesalers …`: the people Mandi talks to.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Subcommand;
use sqlx::PgPool;

use super::EXIT_BAD_INPUT;
use super::output::{self, ImportArgs, Table};
use crate::catalog::format_rupees;
use crate::catalog::import::RowError;
use crate::config::{DatabaseArgs, RegionArgs};
use crate::contacts::import::{NewShop, NewWholesaler, Parsed, parse_shops, parse_wholesalers};
use crate::contacts::{self, Link, Role};
use crate::domain::{LangTag, Msisdn};
use crate::grammar::Lexicon;
use crate::i18n::Translator;
use crate::{db, telemetry};

const LANGS: &str = "en, hi, hi-Latn, mr, gu, bn, ta, te, kn";

#[derive(Subcommand, Debug)]
pub enum ShopsCommand {
    /// Add a shop, or update its name, language and wholesalers.
    #[command(after_help = "\
The phone may be typed as people write it: 98765 43210, +91-98765-43210, 098765 43210.
The wholesalers must be registered first (mandi wholesalers add).

Examples:
  mandi shops add 98765 43210 --name \"Gupta Kirana\" --wholesaler 98000 00001
  mandi shops add +919876543210 --name \"Gupta Kirana\" --lang hi --backup +919800000002

Exit codes: 0 added or updated, 3 bad input (not a phone number, unknown language or wholesaler, a number that
belongs to a wholesaler), 1 failure.")]
    Add {
        /// The shop's phone number.
        #[arg(required = true, num_args = 1.., value_name = "PHONE")]
        phone: Vec<String>,
        /// The shop's name (what wholesalers see in notices).
        #[arg(long)]
        name: String,
        /// The language the shop is written to: a tag (en, hi, hi-Latn, mr, gu, bn, ta, te, kn) or a name.
        #[arg(long)]
        lang: Option<String>,
        /// The wholesaler its orders go to.
        #[arg(long)]
        wholesaler: Option<String>,
        /// The wholesaler orders go to when the first does not answer in time.
        #[arg(long)]
        backup: Option<String>,
        /// Print the shop as JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DatabaseArgs,
        #[command(flatten)]
        region: RegionArgs,
    },
    /// Import shops from a CSV file: phone,name,lang,wholesaler,backup_wholesaler.
    #[command(after_help = "\
Header: phone,name (required), lang, wholesaler, backup_wholesaler (optional). Phones in any usual form; lang a
tag (en, hi, hi-Latn, mr, gu, bn, ta, te, kn); wholesalers by phone, registered or in the same import run of
`mandi wholesalers import`. Bad rows are reported by line number with the reason; good rows are imported
unless --strict is given.

Examples:
  mandi shops import shops.csv --dry-run
  mandi shops import shops.csv --strict
  mandi shops import shops.csv --json

Exit codes: 0 every row imported, 3 some rows bad (or nothing imported with --strict), 1 failure.")]
    Import {
        #[command(flatten)]
        import: ImportArgs,
        #[command(flatten)]
        db: DatabaseArgs,
        #[command(flatten)]
        region: RegionArgs,
    },
    /// List shops with their wholesalers and orders.
    #[command(after_help = "\
Examples:
  mandi shops list
  mandi shops list --wholesaler 98000 00001
  mandi shops list --json

Exit codes: 0 listed (also when there is none), 3 bad --wholesaler, 1 failure.")]
    List {
        /// Only shops this wholesaler serves (first or backup).
        #[arg(long)]
        wholesaler: Option<String>,
        /// One JSON object per shop.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DatabaseArgs,
        #[command(flatten)]
        region: RegionArgs,
    },
    /// Show one shop: language, wholesalers, latest orders, whether it opted out of SMS.
    #[command(after_help = "\
Examples:
  mandi shops show 99000 00001
  mandi shops show +919900000001 --json

Exit codes: 0 shown, 3 no such shop or not a phone number, 1 failure.")]
    Show {
        /// The shop's phone number.
        #[arg(required = true, num_args = 1.., value_name = "PHONE")]
        phone: Vec<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DatabaseArgs,
        #[command(flatten)]
        region: RegionArgs,
    },
    /// Set the language a shop is written to (overrides what Mandi detected from its messages).
    #[command(after_help = "\
LANG is a tag (en, hi, hi-Latn, mr, gu, bn, ta, te, kn) or a language's name as people write it (marathi,
hinglish, தமிழ்). Shopkeepers can do the same themselves by SMS: LANG marathi.

Examples:
  mandi shops set-lang +919900000001 mr
  mandi shops set-lang 99000 00002 hinglish

Exit codes: 0 set, 3 no such shop or no such language, 1 failure.")]
    SetLang {
        /// The shop's phone number, in any usual form.
        phone: String,
        /// The language: a tag or a name.
        lang: String,
        #[command(flatten)]
        db: DatabaseArgs,
        #[command(flatten)]
        region: RegionArgs,
    },
}

#[derive(Subcommand, Debug)]
pub enum WholesalersCommand {
    /// Add a wholesaler, or update its name, language and time to answer.
    #[command(after_help = "\
Examples:
  mandi wholesalers add 98000 00001 --name \"Sharma Traders\" --lang hi-Latn
  mandi wholesalers add +919800000001 --name \"Sharma Traders\" --response-minutes 45

Exit codes: 0 added or updated, 3 bad input (not a phone number, unknown language, a number that belongs to a
shop), 1 failure.")]
    Add {
        /// The wholesaler's phone number (orders are sent to it by SMS).
        #[arg(required = true, num_args = 1.., value_name = "PHONE")]
        phone: Vec<String>,
        /// The wholesaler's name (what shops see).
        #[arg(long)]
        name: String,
        /// The language notices are written in: a tag or a name.
        #[arg(long)]
        lang: Option<String>,
        /// Minutes this wholesaler has to answer an order (default: MANDI_ORDER_SLA_MINUTES).
        #[arg(long, value_parser = clap::value_parser!(i32).range(1..=10080))]
        response_minutes: Option<i32>,
        /// Print the wholesaler as JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DatabaseArgs,
        #[command(flatten)]
        region: RegionArgs,
    },
    /// Import wholesalers from a CSV file: phone,name,lang,response_minutes.
    #[command(after_help = "\
Header: phone,name (required), lang, response_minutes (optional). Bad rows are reported by line number with the
reason; good rows are imported unless --strict is given.

Examples:
  mandi wholesalers import wholesalers.csv --dry-run
  mandi wholesalers import wholesalers.csv --strict --json

Exit codes: 0 every row imported, 3 some rows bad (or nothing imported with --strict), 1 failure.")]
    Import {
        #[command(flatten)]
        import: ImportArgs,
        #[command(flatten)]
        db: DatabaseArgs,
        #[command(flatten)]
        region: RegionArgs,
    },
    /// List wholesalers with the shops they serve and their open orders.
    #[command(after_help = "\
Examples:
  mandi wholesalers list
  mandi wholesalers list --json

Exit codes: 0 listed (also when there is none), 1 failure.")]
    List {
        /// One JSON object per wholesaler.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DatabaseArgs,
    },
    /// Show one wholesaler: language, time to answer, shops served, open orders.
    #[command(after_help = "\
Examples:
  mandi wholesalers show 98000 00001
  mandi wholesalers show +919800000001 --json

Exit codes: 0 shown, 3 no such wholesaler or not a phone number, 1 failure.")]
    Show {
        /// The wholesaler's phone number.
        #[arg(required = true, num_args = 1.., value_name = "PHONE")]
        phone: Vec<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DatabaseArgs,
        #[command(flatten)]
        region: RegionArgs,
    },
}

/// Something the operator typed that cannot be used: said on stderr, exit 3.
fn refuse(message: impl std::fmt::Display) -> anyhow::Result<ExitCode> {
    eprintln!("{message}");
    Ok(ExitCode::from(EXIT_BAD_INPUT))
}

/// A language as the operator wrote it (tag or name), when Mandi has replies in it.
fn language(input: &str) -> anyhow::Result<Result<LangTag, String>> {
    let lexicon = Lexicon::embedded().context("loading grammars/")?;
    let translator = Translator::embedded().context("loading locales/")?;
    Ok(lexicon
        .language_named(input)
        .filter(|t| translator.supports(t.as_str()))
        .ok_or_else(|| format!("no language '{input}': use one of {LANGS}")))
}

pub async fn run_shops(command: ShopsCommand) -> anyhow::Result<ExitCode> {
    telemetry::init("warn");
    match command {
        ShopsCommand::Add { phone, name, lang, wholesaler, backup, json, db, region } => {
            let country = region.default_country;
            let phone = match output::phone(&phone.join(" "), country) {
                Ok(p) => p,
                Err(e) => return refuse(e),
            };
            let lang = match lang.as_deref().map(language).transpose()? {
                Some(Err(e)) => return refuse(e),
                Some(Ok(tag)) => Some(tag),
                None => None,
            };
            let mut links = Vec::new();
            for (typed, link) in [(wholesaler, Link::Primary), (backup, Link::Backup)] {
                if let Some(typed) = typed {
                    match output::phone(&typed, country) {
                        Ok(p) => links.push((p, link)),
                        Err(e) => return refuse(e),
                    }
                }
            }
            let pool = db::connect_and_migrate(&db.database_url, 2).await?;
            let shop = NewShop {
                phone,
                name: name.trim().to_owned(),
                lang,
                wholesaler: links.iter().find(|(_, l)| *l == Link::Primary).map(|(p, _)| p.clone()),
                backup: links.iter().find(|(_, l)| *l == Link::Backup).map(|(p, _)| p.clone()),
            };
            if let Err(reason) = check_shop(&pool, &shop).await? {
                return refuse(reason);
            }
            save_shop(&pool, &shop).await?;
            show_shop(&pool, &shop.phone, json).await
        }
        ShopsCommand::Import { import: ImportArgs { file, dry_run, strict, json }, db, region } => {
            let parsed = match read_file(&file, |r| parse_shops(r, region.default_country))? {
                Ok(parsed) => parsed,
                Err(message) => return refuse(message),
            };
            let pool = db::connect_and_migrate(&db.database_url, 2).await?;
            let mut import = Import::new(&file, dry_run, strict, json);
            for (line, shop) in parsed.lines.into_iter().zip(parsed.rows) {
                match check_shop(&pool, &shop).await? {
                    Ok(()) => import.good.push((line, shop)),
                    Err(reason) => import.bad.push(RowError { line, reason }),
                }
            }
            import.bad.extend(parsed.errors);
            import.run(&pool).await
        }
        ShopsCommand::List { wholesaler, json, db, region } => {
            let wholesaler = match wholesaler.map(|w| output::phone(&w, region.default_country)).transpose() {
                Ok(w) => w,
                Err(e) => return refuse(e),
            };
            let pool = db::connect_and_migrate(&db.database_url, 2).await?;
            list_shops(&pool, wholesaler.as_ref(), json).await
        }
        ShopsCommand::Show { phone, json, db, region } => {
            let phone = match output::phone(&phone.join(" "), region.default_country) {
                Ok(p) => p,
                Err(e) => return refuse(e),
            };
            let pool = db::connect_and_migrate(&db.database_url, 2).await?;
            show_shop(&pool, &phone, json).await
        }
        ShopsCommand::SetLang { phone, lang, db, region } => {
            let tag = match language(&lang)? {
                Ok(tag) => tag,
                Err(e) => return refuse(e),
            };
            let phone = match output::phone(&phone, region.default_country) {
                Ok(p) => p,
                Err(e) => return refuse(e),
            };
            let pool = db::connect_and_migrate(&db.database_url, 2).await?;
            let updated = sqlx::query!(
                "update contacts set lang = $2 where phone = $1 and role = 'shopkeeper'",
                phone.as_str(),
                tag.as_str()
            )
            .execute(&pool)
            .await?;
            if updated.rows_affected() == 0 {
                return refuse(format!("no shop with the number {phone}"));
            }
            println!("{phone} will be written to in {tag}");
            Ok(ExitCode::SUCCESS)
        }
    }
}

pub async fn run_wholesalers(command: WholesalersCommand) -> anyhow::Result<ExitCode> {
    telemetry::init("warn");
    match command {
        WholesalersCommand::Add { phone, name, lang, response_minutes, json, db, region } => {
            let phone = match output::phone(&phone.join(" "), region.default_country) {
                Ok(p) => p,
                Err(e) => return refuse(e),
            };
            let lang = match lang.as_deref().map(language).transpose()? {
                Some(Err(e)) => return refuse(e),
                Some(Ok(tag)) => Some(tag),
                None => None,
            };
            let pool = db::connect_and_migrate(&db.database_url, 2).await?;
            let wholesaler = NewWholesaler { phone, name: name.trim().to_owned(), lang, response_minutes };
            if let Err(reason) = check_role(&pool, &wholesaler.phone, Role::Wholesaler).await? {
                return refuse(reason);
            }
            save_wholesaler(&pool, &wholesaler).await?;
            show_wholesaler(&pool, &wholesaler.phone, json).await
        }
        WholesalersCommand::Import { import: ImportArgs { file, dry_run, strict, json }, db, region } => {
            let parsed = match read_file(&file, |r| parse_wholesalers(r, region.default_country))? {
                Ok(parsed) => parsed,
                Err(message) => return refuse(message),
            };
            let pool = db::connect_and_migrate(&db.database_url, 2).await?;
            let mut import = Import::new(&file, dry_run, strict, json);
            for (line, wholesaler) in parsed.lines.into_iter().zip(parsed.rows) {
                if let Some(reason) = unsupported(wholesaler.lang.as_ref()) {
                    import.bad.push(RowError { line, reason });
                    continue;
                }
                match check_role(&pool, &wholesaler.phone, Role::Wholesaler).await? {
                    Ok(()) => import.good.push((line, wholesaler)),
                    Err(reason) => import.bad.push(RowError { line, reason }),
                }
            }
            import.bad.extend(parsed.errors);
            import.run(&pool).await
        }
        WholesalersCommand::List { json, db } => {
            let pool = db::connect_and_migrate(&db.database_url, 2).await?;
            list_wholesalers(&pool, json).await
        }
        WholesalersCommand::Show { phone, json, db, region } => {
            let phone = match output::phone(&phone.join(" "), region.default_country) {
                Ok(p) => p,
                Err(e) => return refuse(e),
            };
            let pool = db::connect_and_migrate(&db.database_url, 2).await?;
            show_wholesaler(&pool, &phone, json).await
        }
    }
}

/// Reads a CSV file with one of the contact parsers; `Err` is a whole-file problem (no such header) to report.
fn read_file<T>(
    file: &Path,
    parse: impl FnOnce(std::fs::File) -> Result<Parsed<T>, String>,
) -> anyhow::Result<Result<Parsed<T>, String>> {
    let reader = std::fs::File::open(file).with_context(|| format!("cannot open {}", file.display()))?;
    Ok(parse(reader).map_err(|e| format!("{}: {e}", file.display())))
}

/// A language tag Mandi has no replies in (a row's `lang` must be one it can write).
fn unsupported(lang: Option<&LangTag>) -> Option<String> {
    static LOCALES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let locales = LOCALES.get_or_init(|| {
        Translator::embedded().map(|t| t.locales().into_iter().map(str::to_owned).collect()).unwrap_or_default()
    });
    let lang = lang?;
    (!locales.iter().any(|l| l == lang.as_str())).then(|| format!("lang '{lang}' is not one of {LANGS}"))
}

/// A number must not change role by being added as the other kind of contact.
async fn check_role(pool: &PgPool, phone: &Msisdn, role: Role) -> anyhow::Result<Result<(), String>> {
    let mut conn = pool.acquire().await?;
    Ok(match contacts::find(&mut conn, phone).await? {
        Some(existing) if existing.role != role => {
            Err(format!("{phone} is already registered as a {} ({})", existing.role.as_str(), existing.name))
        }
        _ => Ok(()),
    })
}

/// A shop can be saved: its number is not someone else's kind of contact, its wholesalers are wholesalers.
async fn check_shop(pool: &PgPool, shop: &NewShop) -> anyhow::Result<Result<(), String>> {
    if let Some(reason) = unsupported(shop.lang.as_ref()) {
        return Ok(Err(reason));
    }
    if let Err(reason) = check_role(pool, &shop.phone, Role::Shopkeeper).await? {
        return Ok(Err(reason));
    }
    let mut conn = pool.acquire().await?;
    for (label, phone) in [("wholesaler", &shop.wholesaler), ("backup_wholesaler", &shop.backup)] {
        let Some(phone) = phone else { continue };
        match contacts::find(&mut conn, phone).await? {
            Some(c) if c.role == Role::Wholesaler => {}
            Some(c) => return Ok(Err(format!("{label} {phone} is a {}, not a wholesaler", c.role.as_str()))),
            None => {
                return Ok(Err(format!("{label} {phone} is not registered: add it with `mandi wholesalers add`")));
            }
        }
    }
    if shop.wholesaler.is_some() && shop.wholesaler == shop.backup {
        return Ok(Err("the backup wholesaler is the same as the first".into()));
    }
    Ok(Ok(()))
}

async fn save_shop(pool: &PgPool, shop: &NewShop) -> anyhow::Result<()> {
    let id = contacts::upsert(pool, &shop.phone, &shop.name, Role::Shopkeeper, shop.lang.as_ref()).await?;
    let mut conn = pool.acquire().await?;
    for (phone, link) in [(&shop.wholesaler, Link::Primary), (&shop.backup, Link::Backup)] {
        if let Some(phone) = phone
            && let Some(wholesaler) = contacts::find(&mut conn, phone).await?
        {
            contacts::link_wholesaler(pool, id, wholesaler.id, link).await?;
        }
    }
    Ok(())
}

async fn save_wholesaler(pool: &PgPool, w: &NewWholesaler) -> anyhow::Result<()> {
    let id = contacts::upsert(pool, &w.phone, &w.name, Role::Wholesaler, w.lang.as_ref()).await?;
    if let Some(minutes) = w.response_minutes {
        contacts::set_response_minutes(pool, id, minutes).await?;
    }
    Ok(())
}

/// A row an import can save.
trait Row {
    async fn save(&self, pool: &PgPool) -> anyhow::Result<()>;
}

impl Row for NewShop {
    async fn save(&self, pool: &PgPool) -> anyhow::Result<()> {
        save_shop(pool, self).await
    }
}

impl Row for NewWholesaler {
    async fn save(&self, pool: &PgPool) -> anyhow::Result<()> {
        save_wholesaler(pool, self).await
    }
}

/// An import in progress: rows that can be saved (with their line) and rows that cannot.
struct Import<'f, T> {
    file: &'f Path,
    dry_run: bool,
    strict: bool,
    json: bool,
    good: Vec<(u64, T)>,
    bad: Vec<RowError>,
}

impl<'f, T: Row> Import<'f, T> {
    fn new(file: &'f Path, dry_run: bool, strict: bool, json: bool) -> Self {
        Self { file, dry_run, strict, json, good: Vec::new(), bad: Vec::new() }
    }

    /// Saves the good rows (unless --dry-run, or --strict with bad rows), with a progress bar on a terminal, and
    /// reports: every bad row by line, then a summary.
    async fn run(mut self, pool: &PgPool) -> anyhow::Result<ExitCode> {
        self.bad.sort_by_key(|e| e.line);
        let refuse = self.strict && !self.bad.is_empty();
        let write = !self.dry_run && !refuse;
        let mut saved = 0;
        if write {
            let bar = output::progress(self.good.len() as u64, "importing", self.json);
            for (_, row) in &self.good {
                row.save(pool).await?;
                saved += 1;
                bar.inc(1);
            }
            bar.finish_and_clear();
        }
        let name = self.file.display();
        if self.json {
            output::json_line(&serde_json::json!({
                "file": name.to_string(),
                "valid_rows": self.good.len(),
                "bad_rows": self.bad,
                "imported": saved,
                "dry_run": self.dry_run,
            }))?;
        } else {
            for RowError { line, reason } in &self.bad {
                eprintln!("{name}:{line}: {reason}");
            }
            let bad = self.bad.len();
            if write {
                println!("{name}: {saved} imported, {bad} bad row(s) skipped");
            } else if refuse {
                println!("{name}: {bad} bad row(s); nothing imported (--strict)");
            } else {
                println!("{name}: {} valid row(s), {bad} bad row(s); nothing written (--dry-run)", self.good.len());
            }
        }
        Ok(if self.bad.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(EXIT_BAD_INPUT) })
    }
}

async fn list_shops(pool: &PgPool, wholesaler: Option<&Msisdn>, json: bool) -> anyhow::Result<ExitCode> {
    let rows = sqlx::query!(
        r#"select c.phone, c.name, c.lang,
                  w1.name as "wholesaler?", w1.phone as "wholesaler_phone?",
                  w2.name as "backup?", w2.phone as "backup_phone?",
                  (select count(*) from orders o where o.shop_id = c.id) as "orders!",
                  (select max(o.created_at) from orders o where o.shop_id = c.id) as last_order
           from contacts c
           left join shop_wholesalers s1 on s1.shop_id = c.id and s1.rank = 1
           left join contacts w1 on w1.id = s1.wholesaler_id
           left join shop_wholesalers s2 on s2.shop_id = c.id and s2.rank = 2
           left join contacts w2 on w2.id = s2.wholesaler_id
           where c.role = 'shopkeeper' and ($1::text is null or w1.phone = $1 or w2.phone = $1)
           order by c.name, c.phone"#,
        wholesaler.map(Msisdn::as_str),
    )
    .fetch_all(pool)
    .await?;
    if json {
        for r in &rows {
            output::json_line(&serde_json::json!({
                "phone": r.phone, "name": r.name, "lang": r.lang,
                "wholesaler_phone": r.wholesaler_phone, "wholesaler": r.wholesaler,
                "backup_phone": r.backup_phone, "backup": r.backup,
                "orders": r.orders, "last_order_at": r.last_order,
            }))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let mut table = Table::new(&["phone", "name", "lang", "wholesaler", "backup", "orders", "last order"]).right(&[5]);
    for r in &rows {
        table.row(vec![
            r.phone.clone(),
            r.name.clone(),
            r.lang.clone().unwrap_or_else(|| "-".into()),
            r.wholesaler.clone().unwrap_or_else(|| "-".into()),
            r.backup.clone().unwrap_or_else(|| "-".into()),
            r.orders.to_string(),
            r.last_order.map_or_else(|| "-".into(), output::when),
        ]);
    }
    if table.is_empty() {
        eprintln!("no shops");
    } else {
        table.print();
    }
    Ok(ExitCode::SUCCESS)
}

async fn show_shop(pool: &PgPool, phone: &Msisdn, json: bool) -> anyhow::Result<ExitCode> {
    let mut conn = pool.acquire().await?;
    let Some(shop) = contacts::find(&mut conn, phone).await?.filter(|c| c.role == Role::Shopkeeper) else {
        return refuse(format!("no shop with the number {phone}"));
    };
    let primary = contacts::primary_wholesaler(&mut conn, shop.id).await?;
    let backup = contacts::backup_wholesaler(&mut conn, shop.id).await?;
    let opted_out =
        sqlx::query_scalar!("select exists (select 1 from opt_outs where phone = $1) as \"x!\"", phone.as_str())
            .fetch_one(&mut *conn)
            .await?;
    let orders = sqlx::query!(
        r#"select o.code, o.state, o.total_paise, o.created_at, w.name as wholesaler
           from orders o join contacts w on w.id = o.wholesaler_id
           where o.shop_id = $1 order by o.created_at desc, o.id desc limit 10"#,
        shop.id
    )
    .fetch_all(&mut *conn)
    .await?;
    let party = |c: &Option<contacts::Contact>| c.as_ref().map(|c| format!("{} ({})", c.name, c.phone));
    if json {
        output::json_line(&serde_json::json!({
            "phone": shop.phone.as_str(), "name": shop.name, "lang": shop.lang.as_ref().map(LangTag::as_str),
            "wholesaler": primary.as_ref().map(|c| serde_json::json!({"phone": c.phone.as_str(), "name": c.name})),
            "backup": backup.as_ref().map(|c| serde_json::json!({"phone": c.phone.as_str(), "name": c.name})),
            "opted_out": opted_out,
            "orders": orders.iter().map(|o| serde_json::json!({
                "code": o.code, "state": o.state, "total_paise": o.total_paise, "created_at": o.created_at,
                "wholesaler": o.wholesaler,
            })).collect::<Vec<_>>(),
        }))?;
        return Ok(ExitCode::SUCCESS);
    }
    println!("{} {}", shop.name, shop.phone);
    println!("  language    {}", shop.lang.as_ref().map_or("not known yet", LangTag::as_str));
    println!("  wholesaler  {}", party(&primary).unwrap_or_else(|| "none: orders cannot be sent".into()));
    println!("  backup      {}", party(&backup).unwrap_or_else(|| "none".into()));
    if opted_out {
        println!("  SMS         opted out (sent STOP): Mandi sends nothing until START");
    }
    if orders.is_empty() {
        println!("  no orders yet");
    } else {
        println!();
        let mut table = Table::new(&["code", "state", "total", "wholesaler", "created"]).right(&[2]);
        for o in &orders {
            table.row(vec![
                o.code.clone(),
                o.state.clone(),
                format!("Rs {}", format_rupees(o.total_paise)),
                o.wholesaler.clone(),
                output::when(o.created_at),
            ]);
        }
        table.print();
    }
    Ok(ExitCode::SUCCESS)
}

async fn list_wholesalers(pool: &PgPool, json: bool) -> anyhow::Result<ExitCode> {
    let rows = sqlx::query!(
        r#"select c.phone, c.name, c.lang, c.response_minutes,
                  (select count(*) from shop_wholesalers s where s.wholesaler_id = c.id and s.rank = 1) as "shops!",
                  (select count(*) from shop_wholesalers s where s.wholesaler_id = c.id and s.rank = 2) as "backup_for!",
                  (select count(*) from orders o where o.wholesaler_id = c.id
                      and o.state in ('placed', 'confirmed', 'partially_confirmed', 'dispatched')) as "open_orders!"
           from contacts c where c.role = 'wholesaler' order by c.name, c.phone"#
    )
    .fetch_all(pool)
    .await?;
    if json {
        for r in &rows {
            output::json_line(&serde_json::json!({
                "phone": r.phone, "name": r.name, "lang": r.lang, "response_minutes": r.response_minutes,
                "shops": r.shops, "backup_for": r.backup_for, "open_orders": r.open_orders,
            }))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let mut table = Table::new(&["phone", "name", "lang", "answer within", "shops", "backup for", "open orders"])
        .right(&[3, 4, 5, 6]);
    for r in &rows {
        table.row(vec![
            r.phone.clone(),
            r.name.clone(),
            r.lang.clone().unwrap_or_else(|| "-".into()),
            r.response_minutes.map_or_else(|| "default".into(), |m| format!("{m} min")),
            r.shops.to_string(),
            r.backup_for.to_string(),
            r.open_orders.to_string(),
        ]);
    }
    if table.is_empty() {
        eprintln!("no wholesalers");
    } else {
        table.print();
    }
    Ok(ExitCode::SUCCESS)
}

async fn show_wholesaler(pool: &PgPool, phone: &Msisdn, json: bool) -> anyhow::Result<ExitCode> {
    let Some(w) = sqlx::query!(
        "select id, name, lang, response_minutes from contacts where phone = $1 and role = 'wholesaler'",
        phone.as_str()
    )
    .fetch_optional(pool)
    .await?
    else {
        return refuse(format!("no wholesaler with the number {phone}"));
    };
    let shops = sqlx::query!(
        r#"select c.phone, c.name, s.rank from shop_wholesalers s join contacts c on c.id = s.shop_id
           where s.wholesaler_id = $1 order by s.rank, c.name"#,
        w.id
    )
    .fetch_all(pool)
    .await?;
    let open = sqlx::query!(
        r#"select o.code, o.state, o.total_paise, o.created_at, c.name as shop
           from orders o join contacts c on c.id = o.shop_id
           where o.wholesaler_id = $1 and o.state in ('placed', 'confirmed', 'partially_confirmed', 'dispatched')
           order by o.created_at"#,
        w.id
    )
    .fetch_all(pool)
    .await?;
    if json {
        output::json_line(&serde_json::json!({
            "phone": phone.as_str(), "name": w.name, "lang": w.lang, "response_minutes": w.response_minutes,
            "shops": shops.iter().map(|s| serde_json::json!({
                "phone": s.phone, "name": s.name, "as": if s.rank == 1 { "first" } else { "backup" },
            })).collect::<Vec<_>>(),
            "open_orders": open.iter().map(|o| serde_json::json!({
                "code": o.code, "state": o.state, "total_paise": o.total_paise, "created_at": o.created_at,
                "shop": o.shop,
            })).collect::<Vec<_>>(),
        }))?;
        return Ok(ExitCode::SUCCESS);
    }
    println!("{} {phone}", w.name);
    println!("  language       {}", w.lang.as_deref().unwrap_or("not known yet"));
    println!(
        "  answer within  {}",
        w.response_minutes.map_or_else(|| "the default (MANDI_ORDER_SLA_MINUTES)".into(), |m| format!("{m} minutes"))
    );
    let first: Vec<String> = shops.iter().filter(|s| s.rank == 1).map(|s| s.name.clone()).collect();
    let backup: Vec<String> = shops.iter().filter(|s| s.rank == 2).map(|s| s.name.clone()).collect();
    println!("  serves         {}", if first.is_empty() { "no shop".into() } else { first.join(", ") });
    if !backup.is_empty() {
        println!("  backup for     {}", backup.join(", "));
    }
    if open.is_empty() {
        println!("  no open orders");
    } else {
        println!();
        let mut table = Table::new(&["code", "state", "total", "shop", "created"]).right(&[2]);
        for o in &open {
            table.row(vec![
                o.code.clone(),
                o.state.clone(),
                format!("Rs {}", format_rupees(o.total_paise)),
                o.shop.clone(),
                output::when(o.created_at),
            ]);
        }
        table.print();
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use phonenumber::country;

    use super::*;

    #[test]
    fn languages_are_taken_by_tag_or_name() {
        assert_eq!(language("hinglish").unwrap().unwrap().as_str(), "hi-Latn");
        assert_eq!(language("mr").unwrap().unwrap().as_str(), "mr");
        assert!(language("klingon").unwrap().unwrap_err().contains("hi-Latn"));
    }

    #[test]
    fn a_file_without_the_header_is_one_clear_error() {
        let path = std::env::temp_dir().join(format!("mandi-contacts-{}.csv", std::process::id()));
        std::fs::write(&path, "number,title\n1,2\n").unwrap();
        let result = read_file(&path, |r| parse_shops(r, country::Id::IN)).unwrap();
        assert!(result.unwrap_err().contains("phone"), "names the missing column");
        std::fs::remove_file(path).ok();
    }
}
