//! Language data from `grammars/` and the order parser built on it.

pub mod lexicon;
pub mod parser;

pub use lexicon::{Intent, Lexicon, Unit, UnitId, UnitKind};
pub use parser::{Amount, ParsedLine, parse_order};
