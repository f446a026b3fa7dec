//! The built binary against real Postgres: output and exit codes, including bad input.

use std::io::Write;
use std::process::{Command, Output};

use sqlx::Connection as _;

use crate::helpers::with_database;

const BIN: &str = env!("CARGO_BIN_EXE_mandi");

/// A database name for one CLI test; the binary creates it on first use.
pub struct CliDb {
    pub url: String,
    name: String,
}

impl CliDb {
    pub fn new(tag: &str) -> Self {
        let base = std::env::var("MANDI_TEST_DATABASE_URL")
            .or_else(|_| std::env::var("DATABASE_URL"))
            .unwrap_or_else(|_| "postgres://127.0.0.1:5432/postgres".into());
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
        let name = format!("mandi_test_{now}_{}_{tag}", std::process::id());
        Self { url: with_database(&base, &name), name }
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(BIN)
            .args(args)
            .env("DATABASE_URL", &self.url)
            .env_remove("MANDI_GENERIC_SECRET")
            .env_remove("MANDI_TWILIO_AUTH_TOKEN")
            .env("RUST_LOG", "error")
            .output()
            .expect("the mandi binary runs")
    }

    pub async fn count(&self, sql: &'static str) -> i64 {
        let mut conn = sqlx::PgConnection::connect_with(&mandi::db::connect_options(&self.url).unwrap()).await.unwrap();
        sqlx::query_scalar(sql).fetch_one(&mut conn).await.unwrap()
    }

    pub async fn drop(self) {
        let admin = with_database(&self.url, "postgres");
        let mut conn = sqlx::PgConnection::connect_with(&mandi::db::connect_options(&admin).unwrap()).await.unwrap();
        let _ = sqlx::query(sqlx::AssertSqlSafe(format!("drop database if exists \"{}\" with (force)", self.name)))
            .execute(&mut conn)
            .await;
    }
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub fn csv_file(contents: &str) -> tempfile_like::TempFile {
    tempfile_like::TempFile::new(contents)
}

/// A tiny temporary file (no extra crate needed).
pub mod tempfile_like {
    use std::path::PathBuf;

    pub struct TempFile(pub PathBuf);

    impl TempFile {
        pub fn new(contents: &str) -> Self {
            static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
            let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let path = std::env::temp_dir().join(format!("mandi-test-{}-{n}.csv", std::process::id()));
            let mut f = std::fs::File::create(&path).unwrap();
            super::Write::write_all(&mut f, contents.as_bytes()).unwrap();
            Self(path)
        }

        pub fn path(&self) -> &str {
            self.0.to_str().unwrap()
        }
    }

    impl Drop for TempFile {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }
}

const MIXED: &str = "sku,name,unit,pack_size,price,category,aliases\n\
ATTA-1,Loose Atta 1kg,kg,1,42,Staples,atta|आटा\n\
BAD-1,Mystery,crate,1,10,,\n\
OIL-1,Oil 500ml,l,0.5,80.50,Oil,tel\n\
BAD-2,Free lunch,kg,1,abc,,\n";

#[tokio::test]
async fn catalog_import_names_bad_rows_by_line_and_keeps_the_good_ones() {
    let db = CliDb::new("import");
    let file = csv_file(MIXED);
    let out = db.run(&["catalog", "import", file.path()]);
    assert_eq!(out.status.code(), Some(3), "bad rows give exit code 3");
    let stderr = text(&out.stderr);
    assert!(stderr.contains(":3: unit 'crate' is not one of kg, g, l, ml, pc"), "{stderr}");
    assert!(stderr.contains(":5: price 'abc' is not a number"), "{stderr}");
    assert!(text(&out.stdout).contains("2 new, 0 updated, 2 bad row(s) skipped"), "{}", text(&out.stdout));
    assert_eq!(db.count("select count(*) from products").await, 2);

    // Importing again updates instead of duplicating.
    let out = db.run(&["catalog", "import", file.path(), "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["updated"], 2);
    assert_eq!(report["bad_rows"][0]["line"], 3);
    assert_eq!(db.count("select count(*) from products").await, 2);
    db.drop().await;
}

#[tokio::test]
async fn strict_and_dry_run_imports_write_nothing() {
    let db = CliDb::new("strict");
    let file = csv_file(MIXED);
    let out = db.run(&["catalog", "import", file.path(), "--strict"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(text(&out.stdout).contains("nothing imported (--strict)"));
    let good = csv_file("sku,name,unit,pack_size,price\nA-1,Thing,pc,1,5\n");
    let out = db.run(&["catalog", "import", good.path(), "--dry-run"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("1 valid row(s), 0 bad row(s); nothing written (--dry-run)"));
    // Neither run created the database's products.
    let out = db.run(&["migrate"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(db.count("select count(*) from products").await, 0);
    db.drop().await;
}

#[tokio::test]
async fn a_file_without_the_required_columns_is_refused() {
    let db = CliDb::new("header");
    let file = csv_file("sku,title,price\nA,B,1\n");
    let out = db.run(&["catalog", "import", file.path()]);
    assert_eq!(out.status.code(), Some(3));
    assert!(text(&out.stderr).contains("lacks column(s) name, unit, pack_size"), "{}", text(&out.stderr));
    let out = db.run(&["catalog", "import", "/no/such/file.csv"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("cannot open /no/such/file.csv"));
    db.drop().await;
}

#[tokio::test]
async fn demo_data_and_simulate_run_one_message_through_the_pipeline() {
    let db = CliDb::new("simulate");
    let out = db.run(&["demo", "--no-serve"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("+919900000001  Gupta Kirana Store → Sharma Traders"), "{stdout}");

    let out = db.run(&["simulate", "--from", "+91 99000 00001", "5 kg atta, 2 maggi"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("processed"), "{stdout}");
    assert!(stdout.contains("SMS to +919800000001") && stdout.contains("1. Loose Atta 1kg x5"), "{stdout}");
    assert!(stdout.contains("SMS to +919900000001"), "{stdout}");

    let out = db.run(&["simulate", "--from", "+919900000001", "--json", "status"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["status"], "processed");
    assert_eq!(report["replies"][0]["status"], "sent");
    assert!(report["replies"][0]["text"].as_str().unwrap().contains("waiting for wholesaler"));

    let out = db.run(&["simulate", "--from", "not-a-number", "hi"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(db.count("select count(*) from orders").await, 1);
    db.drop().await;
}

#[test]
fn every_command_has_help_with_examples() {
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["demo", "--help"],
        vec!["migrate", "--help"],
        vec!["simulate", "--help"],
        vec!["catalog", "import", "--help"],
        vec!["catalog", "search", "--help"],
        vec!["parse", "--help"],
        vec!["sms-cost", "--help"],
        vec!["dlt-templates", "--help"],
        vec!["shops", "set-lang", "--help"],
        vec!["shops", "add", "--help"],
        vec!["shops", "import", "--help"],
        vec!["shops", "list", "--help"],
        vec!["shops", "show", "--help"],
        vec!["wholesalers", "add", "--help"],
        vec!["wholesalers", "import", "--help"],
        vec!["wholesalers", "list", "--help"],
        vec!["wholesalers", "show", "--help"],
        vec!["catalog", "export", "--help"],
        vec!["catalog", "list", "--help"],
        vec!["completions", "--help"],
        vec!["outbox", "list", "--help"],
        vec!["outbox", "retry", "--help"],
    ] {
        let out = Command::new(BIN).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let help = text(&out.stdout);
        assert!(help.contains("Example"), "{args:?} help has examples:\n{help}");
    }
    let out = Command::new(BIN).arg("frobnicate").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn an_unreachable_database_is_a_clear_error() {
    let out = Command::new(BIN)
        .args(["migrate"])
        .env("DATABASE_URL", "postgres://nobody@127.0.0.1:1/mandi")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("cannot reach Postgres at postgres://nobody@127.0.0.1:1/mandi"), "{stderr}");
}

fn fixture(name: &str) -> String {
    format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[tokio::test]
async fn catalog_search_shows_keys_candidates_and_the_decision() {
    // From the database, after an import.
    let db = CliDb::new("search");
    assert_eq!(db.run(&["catalog", "import", &fixture("catalog.csv")]).status.code(), Some(0));
    let out = db.run(&["catalog", "search", "2 kilo cheeni", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let line = &report["lines"][0];
    assert_eq!(line["status"], "matched");
    assert_eq!(line["sku"], "SUGAR-LOOSE-1KG");
    assert_eq!(line["packs"], 2);
    assert_eq!(line["keys"][0]["key"], "sugar", "cheeni is read through the staples list: {line}");
    assert_eq!(line["keys"][0]["staple"], true);
    assert!(line["candidates"][0]["score"].as_f64().unwrap() >= 0.9);
    db.drop().await;

    // From a file, as a table, and a question when the line does not say which.
    let out = db_free(&["catalog", "search", "surf excel", "--file", &fixture("catalog.csv")]);
    assert_eq!(out.status.code(), Some(0));
    let table = text(&out.stdout);
    assert!(table.contains("DET-SURF-EASY-500G") && table.contains("DET-SURF-EASY-1KG"), "{table}");
    assert!(table.contains("ambiguous"), "{table}");

    let out = db_free(&["catalog", "search", "atta", "--file", &fixture("catalog.csv"), "--lang", "xx"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(text(&out.stderr).contains("unknown language 'xx'"), "{}", text(&out.stderr));
}

#[test]
fn parse_with_a_catalog_fills_sku_packs_status_and_candidates() {
    let mut child = Command::new(BIN)
        .args(["parse", "--json", "--catalog", &fixture("catalog.csv")])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("5 kg atta, 2 maggi, 2 aashirvaad atta, 3 kg xylophone\n".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let parsed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let lines = parsed["lines"].as_array().unwrap();
    let summary: Vec<(String, String, i64)> = lines
        .iter()
        .map(|l| {
            (
                l["status"].as_str().unwrap().to_owned(),
                l["sku"].as_str().unwrap_or("-").to_owned(),
                l["packs"].as_i64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(summary[0], ("matched".into(), "ATTA-LOOSE-1KG".into(), 5));
    assert_eq!(summary[1], ("matched".into(), "NOOD-MAGGI-70G".into(), 2));
    assert_eq!(summary[2].0, "ambiguous", "which size of Aashirvaad?");
    assert!(lines[2]["candidates"].as_array().unwrap().len() >= 2);
    assert_eq!(summary[3], ("unknown".into(), "-".into(), 0));
}

#[test]
fn parse_reply_reads_wholesaler_answers_one_per_line() {
    let mut child = Command::new(BIN)
        .args(["parse", "--reply", "--jsonl"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let input = [
        r#"{"text": "K7PX 2 nahi baaki ok", "id": 1}"#,
        r#"{"text": "ஆமா சரி"}"#,
        r#"{"text": "NO 9TWE stock khatam"}"#,
        r#"{"text": "SENT hb4n"}"#,
        r#"{"text": "kal baat karte hain"}"#,
        r#"{"no_text": true}"#,
    ];
    child.stdin.take().unwrap().write_all(input.join("\n").as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(3), "a line without text is bad input");
    assert!(text(&out.stderr).contains("line 6"), "{}", text(&out.stderr));
    let rows: Vec<serde_json::Value> = text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let summary: Vec<(&str, Option<&str>, Vec<u64>)> = rows
        .iter()
        .map(|r| {
            let lines = r["rejected_lines"].as_array().unwrap().iter().map(|n| n.as_u64().unwrap()).collect();
            (r["decision"].as_str().unwrap(), r["code"].as_str(), lines)
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("partial", Some("K7PX"), vec![2]),
            ("confirm", None, vec![]),
            ("reject", Some("9TWE"), vec![]),
            ("dispatched", Some("HB4N"), vec![]),
            ("unknown", None, vec![]),
        ]
    );
    assert_eq!(rows[1]["language"], "ta");
    assert_eq!(rows[2]["reason"], "stock khatam");
    assert!(text(&out.stdout).starts_with(r#"{"text":"K7PX 2 nahi baaki ok","language":"hi-Latn","decision""#));
}

#[tokio::test]
async fn an_operator_sets_a_shops_language() {
    let db = CliDb::new("setlang");
    assert_eq!(db.run(&["demo", "--no-serve"]).status.code(), Some(0));
    let out = db.run(&["shops", "set-lang", "99000 00001", "marathi"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("+919900000001 will be written to in mr"), "{}", text(&out.stdout));
    assert_eq!(db.count("select count(*) from contacts where phone = '+919900000001' and lang = 'mr'").await, 1);
    let out = db.run(&["shops", "set-lang", "+919900000001", "klingon"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(text(&out.stderr).contains("no language 'klingon'"), "{}", text(&out.stderr));
    let out = db.run(&["shops", "set-lang", "+919800000001", "hi"]);
    assert_eq!(out.status.code(), Some(3), "a wholesaler is not a shop");
    db.drop().await;
}

#[tokio::test]
async fn outbox_list_and_retry_show_and_requeue_failed_messages() {
    let db = CliDb::new("outbox");
    assert_eq!(db.run(&["migrate"]).status.code(), Some(0));
    let mut conn = sqlx::PgConnection::connect_with(&mandi::db::connect_options(&db.url).unwrap()).await.unwrap();
    for (status, error) in [("failed", Some("Twilio 400 error 21211: invalid To")), ("sent", None)] {
        sqlx::query(
            "insert into outbound_messages (channel, recipient, body, kind, encoding, segments, status, last_error)
             values ('twilio', '+919900000001', 'Order K7PX confirmed', 'order_confirmed', 'GSM-7', 1, $1, $2)",
        )
        .bind(status)
        .bind(error)
        .execute(&mut conn)
        .await
        .unwrap();
    }
    let out = db.run(&["outbox", "list", "--status", "failed"]);
    assert_eq!(out.status.code(), Some(0));
    let listed = text(&out.stdout);
    assert!(listed.contains("failed") && listed.contains("21211") && !listed.contains("+919900000001"), "{listed}");
    let out = db.run(&["outbox", "list", "--json"]);
    assert_eq!(text(&out.stdout).lines().count(), 2);
    let out = db.run(&["outbox", "retry", "1", "2"]);
    assert_eq!(out.status.code(), Some(3), "message 2 was not failed");
    assert!(text(&out.stderr).contains("not failed or not found: 2"), "{}", text(&out.stderr));
    assert_eq!(db.count("select count(*) from outbound_messages where status = 'queued' and attempts = 0").await, 1);
    let out = db.run(&["outbox", "retry", "--all-failed"]);
    assert_eq!((out.status.code(), text(&out.stdout).trim()), (Some(0), "0 message(s) queued again"));
    let out = db.run(&["outbox", "retry"]);
    assert_eq!(out.status.code(), Some(2), "ids or --all-failed are required");
    db.drop().await;
}

#[test]
fn sms_cost_counts_encoding_segments_and_length_per_line() {
    let mut child = Command::new(BIN)
        .args(["sms-cost", "--json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let lines = [
        "Order 12 received. Total Rs.450".to_owned(),
        "Order received ₹450".to_owned(),
        "a".repeat(161),
        "क".repeat(71),
        format!("{}{}", "क".repeat(66), "कि".repeat(34)),
    ];
    child.stdin.take().unwrap().write_all(lines.join("\n").as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let got: Vec<(String, u64, u64)> = text(&out.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (v["encoding"].as_str().unwrap().to_owned(), v["segments"].as_u64().unwrap(), v["length"].as_u64().unwrap())
        })
        .collect();
    assert_eq!(
        got,
        [
            ("GSM-7".to_owned(), 1, 31),
            ("UCS-2".to_owned(), 1, 19),
            ("GSM-7".to_owned(), 2, 161),
            ("UCS-2".to_owned(), 2, 71),
            ("UCS-2".to_owned(), 3, 100),
        ]
    );
    // --smart keeps the meaning in GSM-7.
    let mut child = Command::new(BIN)
        .args(["sms-cost", "--smart", "--json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all("Your order “12” is ready – thanks…".as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(text(&out.stdout).starts_with(r#"{"encoding":"GSM-7","segments":1"#), "{}", text(&out.stdout));
}

fn db_free(args: &[&str]) -> Output {
    Command::new(BIN).args(args).env("RUST_LOG", "error").output().expect("the mandi binary runs")
}
