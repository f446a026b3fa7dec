//! A wholesaler's answer to an order notice, read in any supported language: yes, no (with a reason), yes to some
//! lines only, or "sent". Pure: the words come from the `[intents]` of `grammars/`, the order code and the line
//! numbers from the text.
//!
//! How the words combine (line numbers are digits, in any script):
//!
//! | reply | reading |
//! |---|---|
//! | `YES K7PX`, `haan`, `ஆமா சரி` | confirm |
//! | `NO K7PX stock khatam`, `नहीं` | reject, with the other words as the reason |
//! | `2 nahi baaki ok`, `K7PX 1 3 nahi` | partial: the numbered lines next to a no are refused |
//! | `all ok except 2`, `2 chhodke sab ok` | partial: the lines after (or before) an except word are refused |
//! | `K7PX ok 1 3` | partial: only the numbered lines are accepted |
//! | `SENT K7PX`, `रवाना` | dispatched |

use serde::Serialize;

use crate::domain::LangTag;
use crate::grammar::lexicon::View;
use crate::grammar::{Intent, Lexicon};
use crate::orders::OrderCode;
use crate::text::{is_word_char, normalize};

/// Line numbers above this are not line numbers (an order notice lists fewer lines).
const MAX_LINE: u32 = 99;

/// The meanings a word can have in a wholesaler's reply.
const WHOLESALER_WORDS: [Intent; 5] = [Intent::Yes, Intent::No, Intent::Sent, Intent::Rest, Intent::Except];

/// What a wholesaler's reply says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReplyDecision {
    Confirm,
    Reject,
    Partial,
    Dispatched,
    Unknown,
}

/// A wholesaler's reply, read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WholesalerReply {
    pub decision: ReplyDecision,
    /// The order code, if one was written (upper case).
    pub code: Option<String>,
    /// For a partial answer: the lines refused, when those are the ones named.
    pub rejected_lines: Vec<u32>,
    /// For a partial answer: the lines accepted, when those are the ones named ("K7PX ok 1 3").
    pub accepted_lines: Vec<u32>,
    /// For a refusal: the other words, as the wholesaler wrote them ("stock khatam").
    pub reason: Option<String>,
}

impl WholesalerReply {
    /// The lines refused out of an order of `lines` lines; `None` when a number names no line of it.
    pub fn refused_of(&self, lines: u32) -> Option<Vec<u32>> {
        let named = if self.accepted_lines.is_empty() { &self.rejected_lines } else { &self.accepted_lines };
        if named.iter().any(|n| *n == 0 || *n > lines) {
            return None;
        }
        Some(if self.accepted_lines.is_empty() {
            self.rejected_lines.clone()
        } else {
            (1..=lines).filter(|n| !self.accepted_lines.contains(n)).collect()
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Line(u32),
    Said(Intent),
    Code,
    Other,
}

/// Reads a wholesaler's reply. `language` is the message's language when known (it settles words that two
/// languages read differently).
pub fn read_reply(lexicon: &Lexicon, language: Option<&LangTag>, text: &str) -> WholesalerReply {
    let view = lexicon.view_for(language);
    let anywhere = lexicon.view_for(None);
    let normalized = normalize(text);
    let words: Vec<&str> = normalized.split(|c: char| !is_word_char(c)).filter(|w| !w.is_empty()).collect();
    let mut code = None;
    let tokens: Vec<Token> = words
        .iter()
        .map(|word| {
            // The message's own language first; a word it does not know may still be another's ("sare").
            let said = |v: View<'_>| v.intents(word).find(|i| WHOLESALER_WORDS.contains(i));
            if let Some(intent) = said(view).or_else(|| said(anywhere)) {
                return Token::Said(intent);
            }
            if let Some(n) = word.parse::<u32>().ok().filter(|n| (1..=MAX_LINE).contains(n)) {
                return Token::Line(n);
            }
            if code.is_none() && OrderCode::is_code(word) && !view.is_known(word) {
                code = Some(word.to_ascii_uppercase());
                return Token::Code;
            }
            Token::Other
        })
        .collect();
    let said = |intent| tokens.contains(&Token::Said(intent));
    let lines: Vec<u32> = tokens.iter().filter_map(|t| if let Token::Line(n) = t { Some(*n) } else { None }).collect();
    let first_answer = tokens.iter().find_map(|t| match t {
        Token::Said(i @ (Intent::Yes | Intent::No)) => Some(*i),
        _ => None,
    });
    let mut reply = WholesalerReply {
        decision: ReplyDecision::Unknown,
        code,
        rejected_lines: Vec::new(),
        accepted_lines: Vec::new(),
        reason: None,
    };
    if said(Intent::Sent) {
        if !said(Intent::No) {
            reply.decision = ReplyDecision::Dispatched;
        }
        return reply;
    }
    if !lines.is_empty() {
        if said(Intent::Except) {
            reply.rejected_lines = after_except(&tokens).unwrap_or(lines);
        } else if said(Intent::No) {
            reply.rejected_lines = lines;
        } else if said(Intent::Yes) {
            reply.accepted_lines = lines;
        } else {
            return reply;
        }
        for list in [&mut reply.rejected_lines, &mut reply.accepted_lines] {
            list.sort_unstable();
            list.dedup();
        }
        reply.decision = ReplyDecision::Partial;
        return reply;
    }
    match first_answer {
        Some(Intent::Yes) => reply.decision = ReplyDecision::Confirm,
        Some(Intent::No) => {
            reply.decision = ReplyDecision::Reject;
            let mut dropped_no = false;
            let rest: Vec<&str> = words
                .iter()
                .zip(&tokens)
                .filter(|(_, t)| match t {
                    Token::Code => false,
                    Token::Said(Intent::No) if !dropped_no => {
                        dropped_no = true;
                        false
                    }
                    _ => true,
                })
                .map(|(w, _)| *w)
                .collect();
            reply.reason = (!rest.is_empty()).then(|| rest.join(" "));
        }
        _ => {}
    }
    reply
}

/// The line numbers after an except word ("all ok except 2 and 3"), if any follow it.
fn after_except(tokens: &[Token]) -> Option<Vec<u32>> {
    let at = tokens.iter().position(|t| *t == Token::Said(Intent::Except))?;
    let after: Vec<u32> =
        tokens[at + 1..].iter().filter_map(|t| if let Token::Line(n) = t { Some(*n) } else { None }).collect();
    (!after.is_empty()).then_some(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> WholesalerReply {
        let lex = Lexicon::embedded().unwrap();
        let lang = lex.detect_language(text);
        read_reply(&lex, lang.as_ref(), text)
    }

    #[test]
    fn yes_no_with_and_without_a_code() {
        let r = read("YES K7PX");
        assert_eq!((r.decision, r.code.as_deref()), (ReplyDecision::Confirm, Some("K7PX")));
        assert_eq!(read("haan ji").decision, ReplyDecision::Confirm);
        let r = read("NO k7px stock khatam");
        assert_eq!(r.decision, ReplyDecision::Reject);
        assert_eq!(r.code.as_deref(), Some("K7PX"));
        assert_eq!(r.reason.as_deref(), Some("stock khatam"));
        assert_eq!(read("nahi").reason, None);
        assert_eq!(read("kal baat karte hain").decision, ReplyDecision::Unknown);
    }

    #[test]
    fn partial_answers_name_refused_or_accepted_lines() {
        let r = read("2 nahi baaki ok");
        assert_eq!((r.decision, r.rejected_lines.as_slice()), (ReplyDecision::Partial, &[2][..]));
        let r = read("all ok except 2");
        assert_eq!(r.rejected_lines, [2]);
        let r = read("K7PX ok 1 3");
        assert_eq!((r.accepted_lines.as_slice(), r.rejected_lines.len()), (&[1, 3][..], 0));
        assert_eq!(r.refused_of(3), Some(vec![2]));
        assert_eq!(r.refused_of(2), None, "line 3 of a two-line order");
        assert_eq!(read("K7PX १ ३ नहीं").rejected_lines, [1, 3]);
    }

    #[test]
    fn sent_is_dispatched() {
        let r = read("SENT K7PX");
        assert_eq!((r.decision, r.code.as_deref()), (ReplyDecision::Dispatched, Some("K7PX")));
    }
}
