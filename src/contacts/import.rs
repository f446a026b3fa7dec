//! Reading shops and wholesalers from CSV (`phone,name,lang` and `phone,name,lang,wholesaler,backup_wholesaler`),
//! with every bad row named by its line.

use std::io::Read;

use phonenumber::country;

use crate::catalog::import::RowError;
use crate::domain::{LangTag, Msisdn};

/// A wholesaler row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewWholesaler {
    pub phone: Msisdn,
    pub name: String,
    pub lang: Option<LangTag>,
    /// Minutes it has to answer an order, when not the default.
    pub response_minutes: Option<i32>,
}

/// A shop row, with its primary and optional backup wholesaler.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewShop {
    pub phone: Msisdn,
    pub name: String,
    pub lang: Option<LangTag>,
    pub wholesaler: Option<Msisdn>,
    pub backup: Option<Msisdn>,
}

/// Rows read from a file, good and bad.
#[derive(Debug)]
pub struct Parsed<T> {
    pub rows: Vec<T>,
    /// The line of each row in `rows`.
    pub lines: Vec<u64>,
    pub errors: Vec<RowError>,
}

fn read_rows<R: Read, T>(
    input: R,
    required: &[&str],
    mut row: impl FnMut(&dyn Fn(&str) -> String) -> Result<T, String>,
) -> Result<Parsed<T>, String> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(input);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| format!("cannot read the header: {e}"))?
        .iter()
        .map(str::to_ascii_lowercase)
        .collect();
    let missing: Vec<&str> = required.iter().copied().filter(|c| !headers.iter().any(|h| h == c)).collect();
    if !missing.is_empty() {
        return Err(format!("the header lacks column(s) {}", missing.join(", ")));
    }
    let mut parsed = Parsed { rows: Vec::new(), lines: Vec::new(), errors: Vec::new() };
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                parsed.errors.push(RowError { line, reason: format!("cannot read the row: {e}") });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(str::is_empty) {
            continue;
        }
        let field = |name: &str| -> String {
            headers.iter().position(|h| h == name).and_then(|i| record.get(i)).unwrap_or("").to_owned()
        };
        match row(&field) {
            Ok(r) => {
                parsed.rows.push(r);
                parsed.lines.push(line);
            }
            Err(reason) => parsed.errors.push(RowError { line, reason }),
        }
    }
    Ok(parsed)
}

fn phone(field: &str, value: &str, country: country::Id) -> Result<Msisdn, String> {
    Msisdn::parse(value, country).map_err(|e| format!("{field}: {e}"))
}

fn optional_phone(field: &str, value: &str, country: country::Id) -> Result<Option<Msisdn>, String> {
    if value.is_empty() { Ok(None) } else { phone(field, value, country).map(Some) }
}

fn name(value: &str) -> Result<String, String> {
    match value.chars().count() {
        0 => Err("name is empty".into()),
        1..=100 => Ok(value.to_owned()),
        _ => Err("name is longer than 100 characters".into()),
    }
}

fn lang(value: &str) -> Result<Option<LangTag>, String> {
    if value.is_empty() {
        return Ok(None);
    }
    LangTag::parse(value).map(Some).ok_or_else(|| format!("lang '{value}' is not a language tag such as hi or hi-Latn"))
}

pub fn parse_wholesalers<R: Read>(input: R, country: country::Id) -> Result<Parsed<NewWholesaler>, String> {
    read_rows(input, &["phone", "name"], |f| {
        Ok(NewWholesaler {
            phone: phone("phone", &f("phone"), country)?,
            name: name(&f("name"))?,
            lang: lang(&f("lang"))?,
            response_minutes: minutes(&f("response_minutes"))?,
        })
    })
}

fn minutes(value: &str) -> Result<Option<i32>, String> {
    if value.is_empty() {
        return Ok(None);
    }
    match value.parse::<i32>() {
        Ok(m) if (1..=10080).contains(&m) => Ok(Some(m)),
        _ => Err(format!("response_minutes '{value}' is not a number of minutes from 1 to 10080")),
    }
}

pub fn parse_shops<R: Read>(input: R, country: country::Id) -> Result<Parsed<NewShop>, String> {
    read_rows(input, &["phone", "name"], |f| {
        Ok(NewShop {
            phone: phone("phone", &f("phone"), country)?,
            name: name(&f("name"))?,
            lang: lang(&f("lang"))?,
            wholesaler: optional_phone("wholesaler", &f("wholesaler"), country)?,
            backup: optional_phone("backup_wholesaler", &f("backup_wholesaler"), country)?,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shops_with_bad_rows_named_by_line() {
        let csv = "phone,name,lang,wholesaler,backup_wholesaler\n\
                   98765 43210,Gupta Kirana,hi,+919800000001,\n\
                   12,Bad Phone,,,\n\
                   +919876500000,,en,,\n\
                   +919876500001,Lang,hindi,,\n";
        let parsed = parse_shops(csv.as_bytes(), country::Id::IN).unwrap();
        assert_eq!(parsed.rows.len(), 1);
        assert_eq!(parsed.rows[0].phone.as_str(), "+919876543210");
        assert_eq!(parsed.rows[0].wholesaler.as_ref().map(Msisdn::as_str), Some("+919800000001"));
        let lines: Vec<u64> = parsed.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![3, 4, 5]);
    }

    #[test]
    fn the_demo_fixtures_are_valid() {
        let w =
            parse_wholesalers(include_str!("../../fixtures/demo/wholesalers.csv").as_bytes(), country::Id::IN).unwrap();
        assert!(w.errors.is_empty(), "{:?}", w.errors);
        let s = parse_shops(include_str!("../../fixtures/demo/shops.csv").as_bytes(), country::Id::IN).unwrap();
        assert!(s.errors.is_empty(), "{:?}", s.errors);
        assert!(s.rows.len() >= 3 && w.rows.len() >= 2);
    }
}
