//! `mandi shops …`, `mandi wholesalers …`, `mandi catalog export|list` and `mandi completions` through the built
//! binary against real Postgres: output and exit codes, bad input included.

use crate::cli::{CliDb, csv_file, text};

fn fixture(name: &str) -> String {
    format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[tokio::test]
async fn shops_and_wholesalers_are_added_listed_and_shown_with_numbers_as_people_type_them() {
    let db = CliDb::new("contacts");
    let out = db.run(&["wholesalers", "add", "98000", "00001", "--name", "Sharma Traders", "--lang", "hinglish"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("Sharma Traders +919800000001\n  language       hi-Latn"));
    let out = db.run(&["wholesalers", "add", "+91-98000-00002", "--name", "Patel", "--response-minutes", "45"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("answer within  45 minutes"));

    let out = db.run(&[
        "shops",
        "add",
        "098765",
        "43210",
        "--name",
        "Gupta Kirana",
        "--lang",
        "mr",
        "--wholesaler",
        "9800000001",
        "--backup",
        "+91 98000 00002",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let shop: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(shop["phone"], "+919876543210");
    assert_eq!(shop["lang"], "mr");
    assert_eq!(shop["wholesaler"]["phone"], "+919800000001");
    assert_eq!(shop["backup"]["name"], "Patel");

    // Adding again updates, it does not duplicate.
    let out = db.run(&["shops", "add", "+919876543210", "--name", "Gupta Kirana Store"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(db.count("select count(*) from contacts where role = 'shopkeeper'").await, 1);

    let out = db.run(&["shops", "list"]);
    let listed = text(&out.stdout);
    assert!(
        listed.starts_with("phone          name                lang  wholesaler      backup  orders  last order\n"),
        "{listed}"
    );
    assert!(listed.contains("+919876543210  Gupta Kirana Store  mr    Sharma Traders  Patel        0  -"), "{listed}");
    let out = db.run(&["shops", "list", "--wholesaler", "98000 00002", "--json"]);
    assert_eq!(text(&out.stdout).lines().count(), 1, "Patel is the backup");
    let out = db.run(&["shops", "show", "98765", "43210"]);
    assert!(text(&out.stdout).contains("wholesaler  Sharma Traders (+919800000001)"), "{}", text(&out.stdout));

    let out = db.run(&["wholesalers", "list", "--json"]);
    let rows: Vec<serde_json::Value> = text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!((rows[1]["name"].as_str(), rows[1]["shops"].as_i64()), (Some("Sharma Traders"), Some(1)));
    let out = db.run(&["wholesalers", "show", "9800000002"]);
    assert!(text(&out.stdout).contains("backup for     Gupta Kirana Store"), "{}", text(&out.stdout));

    // Bad input: each refused with a reason and exit code 3, nothing written.
    for (args, reason) in [
        (vec!["shops", "add", "12345", "--name", "X"], "not a valid phone number"),
        (vec!["shops", "add", "9876500000", "--name", "X", "--wholesaler", "9811111111"], "is not registered"),
        (vec!["shops", "add", "9800000001", "--name", "X"], "already registered as a wholesaler"),
        (vec!["shops", "add", "9876500000", "--name", "X", "--lang", "klingon"], "no language 'klingon'"),
        (vec!["wholesalers", "add", "9876543210", "--name", "X"], "already registered as a shopkeeper"),
        (vec!["shops", "show", "9876500000"], "no shop with the number +919876500000"),
        (vec!["wholesalers", "show", "9876543210"], "no wholesaler"),
        (vec!["shops", "list", "--wholesaler", "abc"], "not a phone number"),
    ] {
        let out = db.run(&args);
        assert_eq!(out.status.code(), Some(3), "{args:?}");
        assert!(text(&out.stderr).contains(reason), "{args:?}: {}", text(&out.stderr));
    }
    assert_eq!(
        db.run(&["wholesalers", "add", "9800000003", "--name", "X", "--response-minutes", "0"]).status.code(),
        Some(2)
    );
    assert_eq!(db.count("select count(*) from contacts").await, 3);
    db.drop().await;
}

#[tokio::test]
async fn contact_imports_name_bad_rows_by_line_and_honour_dry_run_and_strict() {
    let db = CliDb::new("contact_import");
    let wholesalers = csv_file(
        "phone,name,lang,response_minutes\n\
         98000 00001,Sharma Traders,hi-Latn,30\n\
         +91-98000-00002,Patel Wholesale,,\n\
         12,Bad Number,,\n\
         9800000004,Odd Language,xx,\n\
         9800000005,Slow,,99999\n",
    );
    let out = db.run(&["wholesalers", "import", wholesalers.path(), "--strict"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(text(&out.stdout).contains("3 bad row(s); nothing imported (--strict)"), "{}", text(&out.stdout));
    assert_eq!(db.count("select count(*) from contacts").await, 0);
    let out = db.run(&["wholesalers", "import", wholesalers.path()]);
    assert_eq!(out.status.code(), Some(3));
    let stderr = text(&out.stderr);
    assert!(stderr.contains(":4: phone: '12' is not a valid phone number"), "{stderr}");
    assert!(stderr.contains(":5: lang 'xx' is not one of"), "{stderr}");
    assert!(stderr.contains(":6: response_minutes '99999'"), "{stderr}");
    assert!(text(&out.stdout).contains("2 imported, 3 bad row(s) skipped"));
    assert_eq!(db.count("select count(*) from contacts where response_minutes = 30").await, 1);

    let shops = csv_file(
        "phone,name,lang,wholesaler,backup_wholesaler\n\
         99000 00001,Gupta Kirana,hi,9800000001,9800000002\n\
         99000 00002,Ramesh Store,,9800000009,\n\
         99000 00003,,en,,\n\
         99000 00004,Lakshmi,ta,+919800000002,\n",
    );
    let out = db.run(&["shops", "import", shops.path(), "--dry-run"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(text(&out.stdout).contains("2 valid row(s), 2 bad row(s); nothing written (--dry-run)"));
    assert_eq!(db.count("select count(*) from contacts where role = 'shopkeeper'").await, 0);
    let out = db.run(&["shops", "import", shops.path(), "--json"]);
    assert_eq!(out.status.code(), Some(3));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["imported"], 2);
    let lines: Vec<i64> = report["bad_rows"].as_array().unwrap().iter().map(|r| r["line"].as_i64().unwrap()).collect();
    assert_eq!(lines, vec![3, 4]);
    assert!(report["bad_rows"][0]["reason"].as_str().unwrap().contains("+919800000009 is not registered"));
    assert!(out.stderr.is_empty(), "no progress bar when not on a terminal: {}", text(&out.stderr));
    assert_eq!(db.count("select count(*) from shop_wholesalers").await, 3);
    // A clean file exits 0.
    let clean = csv_file("phone,name\n9900000005,New Mumbai Mart\n");
    assert_eq!(db.run(&["shops", "import", clean.path()]).status.code(), Some(0));
    db.drop().await;
}

#[tokio::test]
async fn the_catalog_exports_as_it_imports_and_lists_with_filters() {
    let db = CliDb::new("catalog_export");
    assert_eq!(db.run(&["catalog", "import", &fixture("catalog.csv")]).status.code(), Some(0));
    let out = db.run(&["catalog", "export"]);
    assert_eq!(out.status.code(), Some(0));
    let exported = text(&out.stdout);
    assert!(exported.starts_with("sku,name,unit,pack_size,price,category,aliases\n"));
    let rows = exported.lines().count() - 1;
    assert_eq!(rows as i64, db.count("select count(*) from products").await);
    // What was exported imports back unchanged: every row valid, every product updated, none new.
    let again = csv_file(&exported);
    let out = db.run(&["catalog", "import", again.path(), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((report["inserted"].as_i64(), report["updated"].as_i64()), (Some(0), Some(rows as i64)));

    let out = db.run(&["catalog", "list", "--category", "staples", "--name", "aashirvaad"]);
    let listed = text(&out.stdout);
    assert!(listed.starts_with("sku "), "{listed}");
    assert!(listed.contains("ATTA-AASH-5KG   Aashirvaad Atta 5kg   5 kg   Rs 305  Staples"), "{listed}");
    let out = db.run(&["catalog", "list", "--name", "आटा", "--json", "--limit", "0"]);
    let found: Vec<serde_json::Value> = text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(found.iter().any(|p| p["sku"] == "ATTA-LOOSE-1KG"), "aliases in any script are searched");
    let out = db.run(&["catalog", "list", "--name", "nothing-like-this"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stderr).contains("no products"));
    db.drop().await;
}

#[test]
fn completions_are_printed_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out =
            std::process::Command::new(env!("CARGO_BIN_EXE_mandi")).args(["completions", shell]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = text(&out.stdout);
        assert!(script.contains("mandi") && script.contains("wholesalers"), "{shell}");
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mandi")).args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[tokio::test]
async fn serve_answers_health_checks_and_stops_cleanly_on_sigterm() {
    let db = CliDb::new("serve");
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_mandi"))
        .arg("serve")
        .env("DATABASE_URL", &db.url)
        .env("MANDI_LISTEN", format!("127.0.0.1:{port}"))
        .env_remove("MANDI_GENERIC_SECRET")
        .env_remove("MANDI_TWILIO_AUTH_TOKEN")
        .env("RUST_LOG", "error")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let health = format!("http://127.0.0.1:{port}/healthz");
    let mut up = false;
    for _ in 0..100 {
        if reqwest::get(&health).await.is_ok_and(|r| r.status() == 200) {
            up = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(up, "serve answers /healthz");
    std::process::Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "a graceful stop exits 0");

    // An address it cannot listen on is a clear failure.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mandi"))
        .args(["serve", "--listen", "192.0.2.1:80"])
        .env("DATABASE_URL", &db.url)
        .env("RUST_LOG", "error")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("cannot listen on 192.0.2.1:80"), "{}", text(&out.stderr));
    db.drop().await;
}
