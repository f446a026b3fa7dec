//! The parser against language data: the labelled corpus, the oracle number cases and property tests. No database.

mod corpus;
mod matching;
mod oracles;
mod properties;
mod replies;
