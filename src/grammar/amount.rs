//! Exact quantities: thousandths, so `1.5`, `½`, `sawa` (+¼) and `paune` (−¼) stay exact.

use std::fmt;

/// A quantity in thousandths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount(pub i64);

/// Largest whole quantity we accept: anything bigger in an order is a typo or a phone number.
pub const MAX_WHOLE: i64 = 10_000_000;

impl Amount {
    pub const ZERO: Amount = Amount(0);
    pub const ONE: Amount = Amount(1000);

    pub fn from_whole(n: i64) -> Option<Amount> {
        (n.abs() <= MAX_WHOLE).then(|| Amount(n * 1000))
    }

    /// The whole number this amount is, if it is one.
    pub fn whole(self) -> Option<i64> {
        (self.0 % 1000 == 0).then_some(self.0 / 1000)
    }

    pub fn is_whole(self) -> bool {
        self.0 % 1000 == 0
    }

    pub fn checked_add(self, other: Amount) -> Option<Amount> {
        self.0.checked_add(other.0).map(Amount).filter(|a| a.0.abs() <= MAX_WHOLE * 1000)
    }

    /// `self × other`, both in thousandths; `None` when the result is not a whole number of thousandths or too large.
    pub fn checked_mul(self, other: Amount) -> Option<Amount> {
        let product = i128::from(self.0) * i128::from(other.0);
        if product % 1000 != 0 {
            return None;
        }
        i64::try_from(product / 1000).ok().map(Amount).filter(|a| a.0.abs() <= MAX_WHOLE * 1000)
    }

    /// Reads `2`, `1.5`, `0.25`, `.5`; at most three decimals.
    pub fn parse_decimal(text: &str) -> Option<Amount> {
        let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
        if (whole.is_empty() && frac.is_empty()) || frac.len() > 3 {
            return None;
        }
        if !whole.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().ok().filter(|w| *w <= MAX_WHOLE)? };
        let frac: i64 = if frac.is_empty() { 0 } else { format!("{frac:0<3}").parse().ok()? };
        Some(Amount(whole * 1000 + frac))
    }

    /// Reads `+0.25`, `-0.25`, `0.5`.
    pub fn parse_signed(text: &str) -> Option<Amount> {
        match text.strip_prefix('-') {
            Some(rest) => Amount::parse_decimal(rest).map(|a| Amount(-a.0)),
            None => Amount::parse_decimal(text.strip_prefix('+').unwrap_or(text)),
        }
    }

    /// Reads a numeral as typed: `5`, `1.5`, `1/2`, `100000` (grouping commas already removed).
    pub fn parse_numeral(text: &str) -> Option<Amount> {
        if let Some((num, den)) = text.split_once('/') {
            let num: i64 = num.parse().ok().filter(|n| *n <= MAX_WHOLE)?;
            let den: i64 = den.parse().ok().filter(|d| *d > 0 && *d <= 1000)?;
            let milli = num * 1000;
            return (milli % den == 0).then(|| Amount(milli / den)).filter(|a| a.0 > 0);
        }
        Amount::parse_decimal(text)
    }
}

impl fmt::Display for Amount {
    /// `1.5`, `2`, `0.25`, `-0.25` — exact, without trailing zeros.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.abs();
        let (whole, frac) = (abs / 1000, abs % 1000);
        if frac == 0 {
            write!(f, "{sign}{whole}")
        } else {
            let frac = format!("{frac:03}");
            write!(f, "{sign}{whole}.{}", frac.trim_end_matches('0'))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals_read_exactly() {
        assert_eq!(Amount::parse_numeral("1.5"), Some(Amount(1500)));
        assert_eq!(Amount::parse_numeral("1/2"), Some(Amount(500)));
        assert_eq!(Amount::parse_numeral("3/4"), Some(Amount(750)));
        assert_eq!(Amount::parse_numeral("1/3"), None, "not exact in thousandths");
        assert_eq!(Amount::parse_numeral("1/0"), None);
        assert_eq!(Amount::parse_numeral("0.25"), Some(Amount(250)));
        assert_eq!(Amount::parse_numeral("1.2345"), None);
        assert_eq!(Amount::parse_numeral("99999999999"), None);
        assert_eq!(Amount::parse_signed("-0.25"), Some(Amount(-250)));
        assert_eq!(Amount::parse_signed("+0.5"), Some(Amount(500)));
    }

    #[test]
    fn amounts_print_as_exact_decimals() {
        assert_eq!(Amount(1500).to_string(), "1.5");
        assert_eq!(Amount(2000).to_string(), "2");
        assert_eq!(Amount(250).to_string(), "0.25");
        assert_eq!(Amount(-250).to_string(), "-0.25");
        assert_eq!(Amount(1).to_string(), "0.001");
    }

    #[test]
    fn arithmetic_stays_exact() {
        assert_eq!(Amount(2250).checked_mul(Amount(100_000)), Some(Amount(225_000)));
        assert_eq!(Amount(1500).checked_mul(Amount(100_000)), Some(Amount(150_000)));
        assert_eq!(Amount(1).checked_mul(Amount(1)), None);
    }
}
