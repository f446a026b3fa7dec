//! The catalog: products, their import from CSV, and the matcher that turns a shopkeeper's words into SKUs and packs.

pub mod cache;
pub mod import;
pub mod keys;
pub mod matcher;
pub mod store;

pub use cache::CatalogCache;
pub use matcher::{Candidate, LineMatch, Matcher};

/// The unit a product's pack size is written in (`unit` column of the catalog CSV).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PackUnit {
    Kg,
    G,
    L,
    Ml,
    Pc,
}

/// What a pack size measures; pack sizes are stored in its base unit (grams, millilitres, pieces).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Measure {
    Mass,
    Volume,
    Count,
}

impl PackUnit {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "kg" => Self::Kg,
            "g" => Self::G,
            "l" => Self::L,
            "ml" => Self::Ml,
            "pc" => Self::Pc,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Kg => "kg",
            Self::G => "g",
            Self::L => "l",
            Self::Ml => "ml",
            Self::Pc => "pc",
        }
    }

    pub fn measure(self) -> Measure {
        match self {
            Self::Kg | Self::G => Measure::Mass,
            Self::L | Self::Ml => Measure::Volume,
            Self::Pc => Measure::Count,
        }
    }

    /// Base units in one of this unit.
    pub fn factor(self) -> i64 {
        match self {
            Self::Kg | Self::L => 1000,
            Self::G | Self::Ml | Self::Pc => 1,
        }
    }
}

/// A catalog product as the gateway uses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    pub id: i64,
    pub sku: String,
    pub name: String,
    pub unit: PackUnit,
    /// Pack size in the base unit of its measure.
    pub pack_base: i64,
    pub price_paise: i64,
    pub category: String,
    pub aliases: Vec<String>,
}

impl Product {
    /// The pack size in the product's own unit, as written in the catalog (`0.5`, `5`, `500`).
    pub fn pack_size_display(&self) -> String {
        format_scaled(self.pack_base, self.unit.factor())
    }
}

/// `value / scale` written as a short decimal (`500 / 1000` → `0.5`).
pub fn format_scaled(value: i64, scale: i64) -> String {
    if value % scale == 0 {
        return (value / scale).to_string();
    }
    let digits = scale.to_string().len() - 1;
    let whole = value / scale;
    let frac = value % scale;
    format!("{whole}.{frac:0digits$}").trim_end_matches('0').to_owned()
}

/// An amount in rupees as Indians write it: lakh grouping (1,25,000), paise only when there are any (14.50).
pub fn format_rupees(paise: i64) -> String {
    let sign = if paise < 0 { "-" } else { "" };
    let paise = paise.unsigned_abs();
    let digits = (paise / 100).to_string();
    // The last three digits, then pairs: 12,34,567.
    let (head, last3) = digits.split_at(digits.len().saturating_sub(3));
    let mut groups: Vec<&str> = Vec::new();
    let mut rest = head;
    while rest.len() > 2 {
        let (more, pair) = rest.split_at(rest.len() - 2);
        groups.push(pair);
        rest = more;
    }
    if !rest.is_empty() {
        groups.push(rest);
    }
    groups.reverse();
    groups.push(last3);
    let rupees = groups.join(",");
    match paise % 100 {
        0 => format!("{sign}{rupees}"),
        p => format!("{sign}{rupees}.{p:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_prices_print_as_written() {
        assert_eq!(format_scaled(500, 1000), "0.5");
        assert_eq!(format_scaled(5000, 1000), "5");
        assert_eq!(format_scaled(1250, 1000), "1.25");
        assert_eq!(format_rupees(5200), "52");
        assert_eq!(format_rupees(1450), "14.50");
        assert_eq!(format_rupees(125_000 * 100), "1,25,000");
        assert_eq!(format_rupees(1_234_567 * 100 + 89), "12,34,567.89");
        assert_eq!(format_rupees(999 * 100), "999");
        assert_eq!(format_rupees(1000 * 100), "1,000");
    }
}
