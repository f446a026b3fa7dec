//! Reading a catalog CSV (`sku,name,unit,pack_size,price,category,aliases`). Every bad row is reported with its
//! line number and the reason; good rows are kept.

use std::collections::HashMap;
use std::io::Read;

use super::PackUnit;

/// The header DESIGN.md fixes for catalog files.
pub const HEADER: [&str; 7] = ["sku", "name", "unit", "pack_size", "price", "category", "aliases"];
const REQUIRED: [&str; 5] = ["sku", "name", "unit", "pack_size", "price"];

/// A valid row, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProduct {
    pub sku: String,
    pub name: String,
    pub unit: PackUnit,
    pub pack_base: i64,
    pub price_paise: i64,
    pub category: String,
    pub aliases: Vec<String>,
}

/// A row we could not use.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RowError {
    /// 1-based line number in the file (the header is line 1).
    pub line: u64,
    pub reason: String,
}

/// The outcome of reading a whole file.
#[derive(Debug, Default)]
pub struct ParsedCatalog {
    pub products: Vec<NewProduct>,
    pub errors: Vec<RowError>,
}

impl ParsedCatalog {
    /// The good rows as products, numbered from 1 in file order (for matching without a database).
    pub fn into_products(self) -> Vec<super::Product> {
        self.products
            .into_iter()
            .zip(1..)
            .map(|(p, id)| super::Product {
                id,
                sku: p.sku,
                name: p.name,
                unit: p.unit,
                pack_base: p.pack_base,
                price_paise: p.price_paise,
                category: p.category,
                aliases: p.aliases,
            })
            .collect()
    }
}

/// Why a file could not be read at all (as opposed to some of its rows).
#[derive(Debug, thiserror::Error)]
pub enum CatalogFileError {
    #[error("the file has no header line; expected: {}", HEADER.join(","))]
    Empty,
    #[error("the header lacks column(s) {missing}; expected: {}", HEADER.join(","))]
    MissingColumns { missing: String },
    #[error("line {line}: {reason}")]
    Unreadable { line: u64, reason: String },
}

/// Reads a catalog CSV. Columns may come in any order; unknown columns are ignored.
pub fn parse_catalog<R: Read>(input: R) -> Result<ParsedCatalog, CatalogFileError> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(input);
    let headers = reader.headers().map_err(|e| unreadable(&e, 1))?.clone();
    if headers.is_empty() || headers.iter().all(str::is_empty) {
        return Err(CatalogFileError::Empty);
    }
    let column: HashMap<String, usize> =
        headers.iter().enumerate().map(|(i, h)| (h.trim_start_matches('\u{feff}').to_ascii_lowercase(), i)).collect();
    let missing: Vec<&str> = REQUIRED.iter().copied().filter(|c| !column.contains_key(*c)).collect();
    if !missing.is_empty() {
        return Err(CatalogFileError::MissingColumns { missing: missing.join(", ") });
    }

    let mut out = ParsedCatalog::default();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                out.errors.push(RowError { line, reason: format!("cannot read the row: {e}") });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(str::is_empty) {
            continue;
        }
        let field = |name: &str| column.get(name).and_then(|&i| record.get(i)).unwrap_or("").to_owned();
        match parse_row(&field) {
            Ok(product) => {
                if let Some(first) = seen.insert(product.sku.to_ascii_uppercase(), line) {
                    out.errors.push(RowError {
                        line,
                        reason: format!("sku '{}' already appears on line {first}", product.sku),
                    });
                } else {
                    out.products.push(product);
                }
            }
            Err(reason) => out.errors.push(RowError { line, reason }),
        }
    }
    Ok(out)
}

fn unreadable(e: &csv::Error, default_line: u64) -> CatalogFileError {
    CatalogFileError::Unreadable { line: e.position().map_or(default_line, |p| p.line()), reason: e.to_string() }
}

fn parse_row(field: &dyn Fn(&str) -> String) -> Result<NewProduct, String> {
    let sku = &field("sku");
    if sku.is_empty() {
        return Err("sku is empty".into());
    }
    if sku.len() > 64 || !sku.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) {
        return Err(format!("sku '{sku}' may only hold letters, digits, '-', '_' and '.' (at most 64)"));
    }
    let name = &field("name");
    if name.is_empty() {
        return Err("name is empty".into());
    }
    if name.chars().count() > 200 {
        return Err("name is longer than 200 characters".into());
    }
    let unit_text = &field("unit");
    let unit =
        PackUnit::parse(unit_text).ok_or_else(|| format!("unit '{unit_text}' is not one of kg, g, l, ml, pc"))?;
    let pack_text = &field("pack_size");
    let pack_base = parse_scaled(pack_text, unit.factor())
        .map_err(|why| format!("pack_size '{pack_text}' {why}"))?
        .filter(|v| *v > 0)
        .ok_or_else(|| format!("pack_size '{pack_text}' must be more than zero"))?;
    let price_text = &field("price");
    let price_paise = parse_scaled(price_text.trim_start_matches('₹'), 100)
        .map_err(|why| format!("price '{price_text}' {why}"))?
        .ok_or_else(|| format!("price '{price_text}' is missing"))?;
    let aliases = field("aliases").split('|').map(str::trim).filter(|a| !a.is_empty()).map(str::to_owned).collect();
    Ok(NewProduct {
        sku: sku.to_owned(),
        name: name.to_owned(),
        unit,
        pack_base,
        price_paise,
        category: field("category"),
        aliases,
    })
}

/// Reads a non-negative decimal and scales it to an integer (`"0.5"` with scale 1000 → 500). `Ok(None)` for an
/// empty field; an error when the number has more precision than the scale keeps.
fn parse_scaled(text: &str, scale: i64) -> Result<Option<i64>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    let digits_ok = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if (whole.is_empty() && frac.is_empty()) || !digits_ok(whole) || !digits_ok(frac) {
        return Err("is not a number".into());
    }
    let places = scale.to_string().len() - 1;
    let frac = frac.trim_end_matches('0');
    if frac.len() > places {
        return Err(if scale == 100 {
            "has more than two decimals".into()
        } else {
            "is finer than the base unit (whole grams, millilitres or pieces)".into()
        });
    }
    let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| "is too large".to_owned())? };
    let frac_scaled: i64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<places$}").parse().map_err(|_| "is not a number".to_owned())?
    };
    whole.checked_mul(scale).and_then(|w| w.checked_add(frac_scaled)).map(Some).ok_or_else(|| "is too large".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_good_rows_and_names_bad_ones_by_line() {
        let csv = "sku,name,unit,pack_size,price,category,aliases\n\
                   ATTA-1,Loose Atta 1kg,kg,1,42,Staples,atta|aata|आटा\n\
                   BAD-UNIT,Thing,box,1,10,,\n\
                   OIL-HALF,Oil 500ml,l,0.5,80.50,Oil,\n\
                   ,No sku,kg,1,1,,\n\
                   ATTA-1,Duplicate,kg,1,42,,\n\
                   NEG,Negative,kg,-1,5,,\n\
                   FINE,Too fine,g,0.5,5,,\n\
                   PRICE,Bad price,kg,1,12.345,,\n";
        let parsed = parse_catalog(csv.as_bytes()).unwrap();
        assert_eq!(parsed.products.len(), 2);
        assert_eq!(parsed.products[0].aliases, vec!["atta", "aata", "आटा"]);
        assert_eq!(parsed.products[1].pack_base, 500);
        assert_eq!(parsed.products[1].price_paise, 8050);
        let lines: Vec<u64> = parsed.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![3, 5, 6, 7, 8, 9]);
        assert!(parsed.errors[0].reason.contains("unit 'box'"));
        assert!(parsed.errors[2].reason.contains("line 2"));
    }

    #[test]
    fn a_missing_column_is_named() {
        let err = parse_catalog("sku,name,unit,price\n".as_bytes()).unwrap_err();
        assert!(err.to_string().contains("pack_size"), "{err}");
        assert!(matches!(parse_catalog("".as_bytes()), Err(CatalogFileError::Empty)));
    }

    #[test]
    fn scaled_numbers() {
        assert_eq!(parse_scaled("0.5", 1000), Ok(Some(500)));
        assert_eq!(parse_scaled("5", 1000), Ok(Some(5000)));
        assert_eq!(parse_scaled("14.5", 100), Ok(Some(1450)));
        assert_eq!(parse_scaled(".5", 100), Ok(Some(50)));
        assert_eq!(parse_scaled("", 100), Ok(None));
        assert!(parse_scaled("1.234", 100).is_err());
        assert!(parse_scaled("abc", 100).is_err());
        assert!(parse_scaled("99999999999999999999", 100).is_err());
    }
}
