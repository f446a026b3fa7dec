//! Language data from `grammars/` and the order parser built on it.

pub mod amount;
pub mod lexicon;
pub mod parser;
pub mod tokens;

pub use amount::Amount;
pub use lexicon::{Intent, Lexicon, Unit, UnitId, UnitKind};
pub use parser::{ParsedLine, ParsedOrder, parse_message, parse_order, read_number, read_number_in};
