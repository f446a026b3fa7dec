//! What every operator command prints with: aligned tables for people, one JSON object per line for scripts, a
//! progress bar only on a terminal, phone numbers read the way people type them.

use std::io::IsTerminal as _;

use indicatif::{ProgressBar, ProgressStyle};
use phonenumber::country;
use unicode_width::UnicodeWidthStr as _;

use crate::domain::Msisdn;

/// What every import takes: the file, and how to treat it.
#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// The CSV file.
    pub file: std::path::PathBuf,
    /// Check the file and report, without writing anything.
    #[arg(long)]
    pub dry_run: bool,
    /// Import nothing if any row is bad.
    #[arg(long)]
    pub strict: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// A table for people: a header and rows, columns padded to their widest cell (by display width, so Devanagari and
/// Tamil names line up as well as a terminal allows).
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    /// Columns aligned to the right (numbers).
    right: Vec<usize>,
}

impl Table {
    pub fn new(header: &[&str]) -> Self {
        Self { header: header.iter().map(|h| (*h).to_owned()).collect(), rows: Vec::new(), right: Vec::new() }
    }

    /// Aligns these columns (by index) to the right.
    pub fn right(mut self, columns: &[usize]) -> Self {
        self.right = columns.to_vec();
        self
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// The table as text, ending in a newline.
    pub fn render(&self) -> String {
        let columns = self.header.len();
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.width()).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate().take(columns) {
                widths[i] = widths[i].max(cell.width());
            }
        }
        let mut out = String::new();
        for row in std::iter::once(&self.header).chain(&self.rows) {
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate().take(columns) {
                let pad = " ".repeat(widths[i].saturating_sub(cell.width()));
                if i > 0 {
                    line.push_str("  ");
                }
                if self.right.contains(&i) {
                    line.push_str(&pad);
                    line.push_str(cell);
                } else {
                    line.push_str(cell);
                    if i + 1 < columns {
                        line.push_str(&pad);
                    }
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }

    pub fn print(&self) {
        print!("{}", self.render());
    }
}

/// A progress bar on standard error when it is a terminal and the output is for people; hidden otherwise (piped,
/// `--json`, CI), so scripts never see it.
pub fn progress(len: u64, what: &str, json: bool) -> ProgressBar {
    if json || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    let style = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({per_sec}, {eta} left)")
        .map(|s| s.progress_chars("=> "))
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar.set_message(what.to_owned());
    bar
}

/// A phone number as an operator typed it (`98765 43210`, `+91-98765-43210`, `098765 43210`), or a message
/// saying why it is not one.
pub fn phone(input: &str, default_country: country::Id) -> Result<Msisdn, String> {
    Msisdn::parse(input, default_country).map_err(|e| e.to_string())
}

/// Prints one JSON object on its own line.
pub fn json_line(value: &impl serde::Serialize) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string(value)?);
    Ok(())
}

/// A timestamp as operators read it: local to the server, to the minute.
pub fn when(t: chrono::DateTime<chrono::Utc>) -> String {
    t.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string()
}

/// Reads `--since`: a duration back from now (`30m`, `24h`, `7d`) or a date (`2026-11-01`).
pub fn since(input: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    let input = input.trim();
    let now = chrono::Utc::now();
    let unit_of = |suffix: char| -> Option<chrono::Duration> {
        let n: i64 = input.strip_suffix(suffix)?.parse().ok()?;
        match suffix {
            'm' => chrono::Duration::try_minutes(n),
            'h' => chrono::Duration::try_hours(n),
            'd' => chrono::Duration::try_days(n),
            _ => None,
        }
    };
    if let Some(back) = ['m', 'h', 'd'].into_iter().find_map(unit_of) {
        return Ok(now - back);
    }
    if let Ok(date) = chrono::NaiveDate::parse_from_str(input, "%Y-%m-%d") {
        let midnight = date.and_hms_opt(0, 0, 0).expect("midnight exists");
        return Ok(midnight.and_local_timezone(chrono::Local).earliest().map_or_else(
            || chrono::DateTime::from_naive_utc_and_offset(midnight, chrono::Utc),
            |t| t.with_timezone(&chrono::Utc),
        ));
    }
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(input) {
        return Ok(t.with_timezone(&chrono::Utc));
    }
    Err(format!("'{input}' is not a time: use e.g. 30m, 24h, 7d or 2026-11-01"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_by_display_width() {
        let mut t = Table::new(&["phone", "name", "orders"]).right(&[2]);
        t.row(vec!["+919900000001".into(), "Gupta Kirana".into(), "12".into()]);
        t.row(vec!["+919900000004".into(), "श्री बालाजी".into(), "3".into()]);
        let text = t.render();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "phone          name          orders");
        assert_eq!(lines[1], "+919900000001  Gupta Kirana      12");
        assert!(lines[2].ends_with("     3"), "{}", lines[2]);
    }

    #[test]
    fn phones_are_read_as_people_type_them() {
        for typed in ["98765 43210", "+91-98765-43210", "098765 43210", "919876543210", "+91 98765 43210"] {
            assert_eq!(phone(typed, country::Id::IN).unwrap().as_str(), "+919876543210", "{typed}");
        }
        assert!(phone("12345", country::Id::IN).unwrap_err().contains("12345"));
        assert_eq!(phone("0712 345678", country::Id::KE).unwrap().as_str(), "+254712345678");
    }

    #[test]
    fn since_takes_durations_and_dates() {
        let now = chrono::Utc::now();
        let day = since("1d").unwrap();
        assert!((now - day - chrono::Duration::days(1)).num_seconds().abs() < 5);
        assert!(since("30m").unwrap() > day);
        assert!(since("2026-11-01").is_ok());
        assert!(since("yesterday").unwrap_err().contains("7d"));
    }
}
