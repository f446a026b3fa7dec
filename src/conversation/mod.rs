//! What an inbound message means for this sender now. Pure decision logic: the caller gathers the facts (who the
//! sender is, their open orders, the catalog) and applies the decision's effects in one transaction.

pub mod reply;

use std::collections::HashSet;

use crate::catalog::{LineMatch, Matcher};
use crate::domain::LangTag;
use crate::grammar::{Amount, Intent, Lexicon, parse_message, read_number_in};
use crate::orders::{OrderCode, OrderState};
use crate::text::{is_word_char, normalize};
use reply::{ReplyDecision, read_reply};

/// Who sent the message, as far as the conversation needs to know.
#[derive(Debug, Clone)]
pub enum Sender<'a> {
    /// Not in the contacts table.
    Unregistered,
    Shop {
        /// Whether the shop has a primary wholesaler to send orders to.
        has_wholesaler: bool,
        /// Catalog product ids the shop ordered before (a prior for the matcher).
        history: &'a HashSet<i64>,
        /// A clarification question waiting for the shop's answer.
        pending: Option<PendingQuestion>,
    },
    Wholesaler {
        /// Orders routed to this wholesaler that wait for an answer or for the goods, newest first.
        open_orders: &'a [OpenOrder],
    },
}

/// An order that still needs something from its wholesaler.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenOrder {
    pub id: i64,
    pub code: OrderCode,
    pub state: OrderState,
    /// How many lines it has.
    pub lines: u32,
}

/// What a wholesaler does to one of their orders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WholesalerAction {
    Confirm,
    Reject {
        reason: Option<String>,
    },
    /// Supply every line but the `refused` line numbers.
    Partial {
        refused: Vec<u32>,
    },
    Dispatch,
}

/// A numbered question the shop has been asked about one line of a draft order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PendingQuestion {
    pub order_id: i64,
    pub question_id: i64,
    /// How many numbered options it offered.
    pub options: usize,
}

/// An order line the shop has to choose for: the line as written and the numbered options (product, packs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub source_text: String,
    pub options: Vec<DraftLine>,
}

/// One line of a new order, resolved to a product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftLine {
    /// Index into the matcher's products.
    pub product: usize,
    pub packs: i64,
    /// What the shopkeeper wrote for this line.
    pub source_text: String,
}

/// What to do with the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Tell an unknown number it is not registered.
    NotRegistered,
    /// STOP: send this number nothing more but the confirmation.
    OptOut,
    /// START: this number may receive messages again.
    OptIn,
    /// LANG <name>: reply in this language from now on.
    SetLanguage {
        lang: LangTag,
    },
    /// LANG with a name no language answers to: list the choices.
    UnknownLanguage,
    ShopHelp,
    ShopStatus,
    /// Call off the order with this code, or the shop's latest open order.
    ShopCancel {
        code: Option<String>,
    },
    /// Place the shop's last order again.
    ShopRepeat,
    /// No order could be read: reply with help and keep the message as unparsed for an operator.
    NothingUnderstood,
    /// An order was read but the shop has no wholesaler to send it to.
    NoWholesaler,
    /// Place an order with these lines; `unresolved` lines are named back to the shop. With `questions`, the order
    /// waits as a draft until the shop has answered each of them.
    PlaceOrder {
        lines: Vec<DraftLine>,
        questions: Vec<Question>,
        unresolved: Vec<String>,
    },
    /// The shop answered the pending question: `choice` 1..=n picks an option, 0 skips the line.
    Answer {
        question: PendingQuestion,
        choice: usize,
    },
    /// A question is pending and the message is not an answer: ask again.
    AskAgain {
        question: PendingQuestion,
    },
    /// The wholesaler answers one of their orders.
    WholesalerAnswer {
        order_id: i64,
        code: OrderCode,
        action: WholesalerAction,
    },
    /// The wholesaler named a code that is not one of their open orders (it may be finished, or another's).
    WholesalerUnknownOrder {
        code: String,
    },
    /// The answer does not fit the order's state ("SENT" for an order not yet confirmed, "YES" twice).
    WholesalerOrderNotWaiting {
        order_id: i64,
        code: OrderCode,
        state: OrderState,
    },
    /// Line numbers that the order does not have.
    WholesalerBadLines {
        code: OrderCode,
        lines: u32,
    },
    /// An answer without a code while several orders wait: ask which.
    WholesalerWhichOrder {
        codes: Vec<OrderCode>,
    },
    WholesalerNoOpenOrders,
    WholesalerHelp,
}

impl Decision {
    /// A short name of the decision, for metrics.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::NotRegistered => "not_registered",
            Self::OptOut => "opt_out",
            Self::OptIn => "opt_in",
            Self::SetLanguage { .. } | Self::UnknownLanguage => "language",
            Self::ShopHelp => "help",
            Self::ShopStatus => "status",
            Self::ShopCancel { .. } => "cancel",
            Self::ShopRepeat => "repeat",
            Self::NothingUnderstood => "nothing_understood",
            Self::NoWholesaler => "no_wholesaler",
            Self::PlaceOrder { .. } => "order",
            Self::Answer { .. } => "answer",
            Self::AskAgain { .. } => "ask_again",
            Self::WholesalerAnswer { .. } => "wholesaler_answer",
            Self::WholesalerUnknownOrder { .. }
            | Self::WholesalerOrderNotWaiting { .. }
            | Self::WholesalerBadLines { .. }
            | Self::WholesalerWhichOrder { .. }
            | Self::WholesalerNoOpenOrders
            | Self::WholesalerHelp => "wholesaler_help",
        }
    }
}

/// Decides what `text` from `sender` means.
pub fn decide(lexicon: &Lexicon, matcher: &Matcher, sender: &Sender<'_>, text: &str) -> Decision {
    let normalized = normalize(text);
    let words: Vec<&str> = normalized.split(|c: char| !is_word_char(c) && c != '?').filter(|w| !w.is_empty()).collect();
    if let Some(command) = anyone_command(lexicon, &words) {
        return command;
    }
    match sender {
        Sender::Unregistered => Decision::NotRegistered,
        Sender::Shop { has_wholesaler, history, pending } => {
            decide_for_shop(lexicon, matcher, *has_wholesaler, history, *pending, text, &words)
        }
        Sender::Wholesaler { open_orders } => decide_for_wholesaler(lexicon, open_orders, text),
    }
}

fn decide_for_shop(
    lexicon: &Lexicon,
    matcher: &Matcher,
    has_wholesaler: bool,
    history: &HashSet<i64>,
    pending: Option<PendingQuestion>,
    text: &str,
    words: &[&str],
) -> Decision {
    if let Some(command) = shop_command(lexicon, words) {
        return command;
    }
    let parsed = parse_message(lexicon, text);
    let view = lexicon.view_for(parsed.language.as_ref());
    if let Some(question) = pending {
        // "2", "do", "दो", "రెండు": the number of an option, in any language; 0 skips the line.
        let choice = read_number_in(lexicon, text, parsed.language.as_ref()).and_then(Amount::whole);
        return match choice {
            Some(n) if n >= 0 && (n as usize) <= question.options => Decision::Answer { question, choice: n as usize },
            _ => Decision::AskAgain { question },
        };
    }
    let mut lines = Vec::new();
    let mut questions = Vec::new();
    let mut unresolved = Vec::new();
    for line in &parsed.lines {
        match matcher.match_line_with_history(view, line, history) {
            LineMatch::Matched { product, packs, .. } => {
                lines.push(DraftLine { product, packs, source_text: line.text.clone() })
            }
            LineMatch::Ambiguous { candidates } => {
                let options: Vec<DraftLine> = matcher
                    .options(view, line, &candidates)
                    .into_iter()
                    .map(|(product, packs)| DraftLine { product, packs, source_text: line.text.clone() })
                    .collect();
                match options.len() {
                    0 => unresolved.push(line.text.clone()),
                    _ => questions.push(Question { source_text: line.text.clone(), options }),
                }
            }
            LineMatch::Unknown => unresolved.push(line.text.clone()),
        }
    }
    if lines.is_empty() && questions.is_empty() {
        return Decision::NothingUnderstood;
    }
    if !has_wholesaler {
        return Decision::NoWholesaler;
    }
    Decision::PlaceOrder { lines, questions, unresolved }
}

/// What anyone may send, registered or not: STOP and START alone, LANG with a language's tag or name.
fn anyone_command(lexicon: &Lexicon, words: &[&str]) -> Option<Decision> {
    let view = lexicon.view_for(None);
    let (first, rest) = words.split_first()?;
    let said = |word: &str, intent| view.intents(word).any(|i| i == intent);
    let only_filler = rest.iter().all(|w| lexicon.is_filler(w));
    if said(first, Intent::Stop) && only_filler {
        return Some(Decision::OptOut);
    }
    if said(first, Intent::Start) && only_filler {
        return Some(Decision::OptIn);
    }
    if said(first, Intent::Lang) {
        // "LANG hi-Latn", "bhasha marathi please": the name as written, else without the filler words.
        let without_filler: Vec<&str> = rest.iter().copied().filter(|w| !lexicon.is_filler(w)).collect();
        let named =
            lexicon.language_named(&rest.join(" ")).or_else(|| lexicon.language_named(&without_filler.join(" ")));
        return Some(match named {
            Some(lang) => Decision::SetLanguage { lang },
            None => Decision::UnknownLanguage,
        });
    }
    None
}

/// A command: HELP, STATUS, REPEAT alone, CANCEL with or without an order code (in any language), with at most
/// filler words beside ("cancel karo K7PX", "repeat please").
fn shop_command(lexicon: &Lexicon, words: &[&str]) -> Option<Decision> {
    let mut command = None;
    let mut code = None;
    let view = lexicon.view_for(None);
    for word in words {
        let said =
            view.intents(word).find(|i| matches!(i, Intent::Help | Intent::Status | Intent::Cancel | Intent::Repeat));
        match said {
            Some(intent) if command.is_none() => command = Some(intent),
            _ if lexicon.is_filler(word) => {}
            _ if code.is_none() && OrderCode::is_code(word) => code = Some(word.to_ascii_uppercase()),
            _ => return None,
        }
    }
    match (command?, code) {
        (Intent::Cancel, code) => Some(Decision::ShopCancel { code }),
        (_, Some(_)) => None,
        (Intent::Help, None) => Some(Decision::ShopHelp),
        (Intent::Status, None) => Some(Decision::ShopStatus),
        (Intent::Repeat, None) => Some(Decision::ShopRepeat),
        _ => None,
    }
}

fn decide_for_wholesaler(lexicon: &Lexicon, open_orders: &[OpenOrder], text: &str) -> Decision {
    let language = lexicon.detect_language(text);
    let reply = read_reply(lexicon, language.as_ref(), text);
    // An answer is for an order waiting for one; "sent" for an order confirmed.
    let waits = |state: OrderState| match reply.decision {
        ReplyDecision::Dispatched => matches!(state, OrderState::Confirmed | OrderState::PartiallyConfirmed),
        _ => state == OrderState::Placed,
    };
    if reply.decision == ReplyDecision::Unknown {
        return Decision::WholesalerHelp;
    }
    let order = match &reply.code {
        Some(code) => match open_orders.iter().find(|o| o.code.as_str() == code) {
            Some(order) => order,
            None => return Decision::WholesalerUnknownOrder { code: code.clone() },
        },
        None => match open_orders.iter().filter(|o| waits(o.state)).collect::<Vec<_>>().as_slice() {
            [] => return Decision::WholesalerNoOpenOrders,
            [only] => only,
            several => {
                return Decision::WholesalerWhichOrder { codes: several.iter().map(|o| o.code.clone()).collect() };
            }
        },
    };
    if !waits(order.state) {
        return Decision::WholesalerOrderNotWaiting {
            order_id: order.id,
            code: order.code.clone(),
            state: order.state,
        };
    }
    let action = match reply.decision {
        ReplyDecision::Confirm => WholesalerAction::Confirm,
        ReplyDecision::Reject => WholesalerAction::Reject { reason: reply.reason.clone() },
        ReplyDecision::Dispatched => WholesalerAction::Dispatch,
        ReplyDecision::Partial => match reply.refused_of(order.lines) {
            None => return Decision::WholesalerBadLines { code: order.code.clone(), lines: order.lines },
            Some(refused) if refused.is_empty() => WholesalerAction::Confirm,
            Some(refused) if refused.len() as u32 >= order.lines => WholesalerAction::Reject { reason: None },
            Some(refused) => WholesalerAction::Partial { refused },
        },
        ReplyDecision::Unknown => return Decision::WholesalerHelp,
    };
    Decision::WholesalerAnswer { order_id: order.id, code: order.code.clone(), action }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{PackUnit, Product};

    fn matcher() -> Matcher {
        let p = |id: i64, sku: &str, name: &str, unit, pack_base, aliases: &[&str]| Product {
            id,
            sku: sku.into(),
            name: name.into(),
            unit,
            pack_base,
            price_paise: 4200,
            category: String::new(),
            aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
        };
        Matcher::new(
            vec![
                p(1, "ATTA", "Loose Atta 1kg", PackUnit::Kg, 1000, &["atta"]),
                p(2, "MAGGI", "Maggi Masala Noodles 70g", PackUnit::G, 70, &["maggi"]),
            ],
            &Lexicon::embedded().unwrap(),
        )
    }

    fn code(s: &str) -> OrderCode {
        OrderCode::parse(s).unwrap()
    }

    #[test]
    fn shop_orders_and_commands() {
        let lex = Lexicon::embedded().unwrap();
        let m = matcher();
        let history = HashSet::new();
        let shop = Sender::Shop { has_wholesaler: true, history: &history, pending: None };
        assert_eq!(
            decide(&lex, &m, &shop, "5 kg atta, 2 maggi, 1 xylophone"),
            Decision::PlaceOrder {
                lines: vec![
                    DraftLine { product: 0, packs: 5, source_text: "5 kg atta".into() },
                    DraftLine { product: 1, packs: 2, source_text: "2 maggi".into() },
                ],
                questions: vec![],
                unresolved: vec!["1 xylophone".into()],
            }
        );
        assert_eq!(decide(&lex, &m, &shop, "HELP"), Decision::ShopHelp);
        assert_eq!(decide(&lex, &m, &shop, "status"), Decision::ShopStatus);
        assert_eq!(decide(&lex, &m, &shop, "hello there"), Decision::NothingUnderstood);
        let lonely = Sender::Shop { has_wholesaler: false, history: &history, pending: None };
        assert_eq!(decide(&lex, &m, &lonely, "2 maggi"), Decision::NoWholesaler);
        assert_eq!(decide(&lex, &m, &Sender::Unregistered, "2 maggi"), Decision::NotRegistered);
    }

    #[test]
    fn unsure_lines_become_numbered_questions_and_answers_resolve_them() {
        let lex = Lexicon::embedded().unwrap();
        let p = |id: i64, sku: &str, name: &str, pack_base, aliases: &[&str]| Product {
            id,
            sku: sku.into(),
            name: name.into(),
            unit: PackUnit::Kg,
            pack_base,
            price_paise: 6800,
            category: String::new(),
            aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
        };
        let m = Matcher::new(
            vec![
                p(1, "AASH-1", "Aashirvaad Atta 1kg", 1000, &["aashirvaad atta"]),
                p(2, "AASH-5", "Aashirvaad Atta 5kg", 5000, &["aashirvaad atta"]),
            ],
            &Lexicon::embedded().unwrap(),
        );
        let history = HashSet::new();
        let shop = Sender::Shop { has_wholesaler: true, history: &history, pending: None };
        let Decision::PlaceOrder { lines, questions, .. } = decide(&lex, &m, &shop, "2 aashirvaad atta") else {
            panic!("an order")
        };
        assert!(lines.is_empty());
        assert_eq!(questions.len(), 1);
        let skus: Vec<&str> = questions[0].options.iter().map(|o| m.product(o.product).sku.as_str()).collect();
        assert_eq!(skus.len(), 2);
        assert!(skus.contains(&"AASH-1") && skus.contains(&"AASH-5"));
        assert!(questions[0].options.iter().all(|o| o.packs == 2));

        let question = PendingQuestion { order_id: 1, question_id: 1, options: 2 };
        let asked = Sender::Shop { has_wholesaler: true, history: &history, pending: Some(question) };
        assert_eq!(decide(&lex, &m, &asked, "2"), Decision::Answer { question, choice: 2 });
        assert_eq!(decide(&lex, &m, &asked, "do"), Decision::Answer { question, choice: 2 });
        assert_eq!(decide(&lex, &m, &asked, "दो"), Decision::Answer { question, choice: 2 });
        assert_eq!(decide(&lex, &m, &asked, "0"), Decision::Answer { question, choice: 0 });
        assert_eq!(decide(&lex, &m, &asked, "7"), Decision::AskAgain { question });
        assert_eq!(decide(&lex, &m, &asked, "kya?"), Decision::AskAgain { question });
        assert_eq!(decide(&lex, &m, &asked, "status"), Decision::ShopStatus);
    }

    #[test]
    fn shop_commands_in_any_language() {
        let lex = Lexicon::embedded().unwrap();
        let m = matcher();
        let history = HashSet::new();
        let shop = Sender::Shop { has_wholesaler: true, history: &history, pending: None };
        assert_eq!(decide(&lex, &m, &shop, "CANCEL"), Decision::ShopCancel { code: None });
        assert_eq!(decide(&lex, &m, &shop, "cancel k7px"), Decision::ShopCancel { code: Some("K7PX".into()) });
        assert_eq!(decide(&lex, &m, &shop, "रद्द K7PX"), Decision::ShopCancel { code: Some("K7PX".into()) });
        assert_eq!(decide(&lex, &m, &shop, "REPEAT"), Decision::ShopRepeat);
        assert_eq!(decide(&lex, &m, &shop, "dobara"), Decision::ShopRepeat);
        let tag = |t: &str| LangTag::parse(t).unwrap();
        assert_eq!(decide(&lex, &m, &shop, "LANG marathi"), Decision::SetLanguage { lang: tag("mr") });
        assert_eq!(decide(&lex, &m, &shop, "भाषा हिंदी"), Decision::SetLanguage { lang: tag("hi") });
        assert_eq!(decide(&lex, &m, &shop, "lang hi-latn"), Decision::SetLanguage { lang: tag("hi-Latn") });
        assert_eq!(decide(&lex, &m, &shop, "mozhi tamil"), Decision::SetLanguage { lang: tag("ta") });
        assert_eq!(decide(&lex, &m, &shop, "LANG klingon"), Decision::UnknownLanguage);
        assert_eq!(decide(&lex, &m, &Sender::Unregistered, "STOP"), Decision::OptOut);
        assert_eq!(decide(&lex, &m, &shop, "बंद"), Decision::OptOut);
        assert_eq!(decide(&lex, &m, &shop, "start"), Decision::OptIn);
        // A command word inside an order is part of the order.
        assert!(matches!(decide(&lex, &m, &shop, "5 kg atta, 2 maggi repeat"), Decision::PlaceOrder { .. }));
    }

    #[test]
    fn wholesaler_answers() {
        let lex = Lexicon::embedded().unwrap();
        let m = matcher();
        let open = |id, c, state| OpenOrder { id, code: code(c), state, lines: 3 };
        let one = [open(7, "K7PX", OrderState::Placed)];
        let two = [open(7, "K7PX", OrderState::Placed), open(8, "M3QR", OrderState::Placed)];
        let w = |orders| Sender::Wholesaler { open_orders: orders };
        let answer = |order_id, c, action| Decision::WholesalerAnswer { order_id, code: code(c), action };
        assert_eq!(decide(&lex, &m, &w(&two), "YES K7PX"), answer(7, "K7PX", WholesalerAction::Confirm));
        assert_eq!(
            decide(&lex, &m, &w(&two), "m3qr nahi"),
            answer(8, "M3QR", WholesalerAction::Reject { reason: None })
        );
        assert_eq!(decide(&lex, &m, &w(&one), "haan"), answer(7, "K7PX", WholesalerAction::Confirm));
        assert_eq!(
            decide(&lex, &m, &w(&one), "2 nahi baaki ok"),
            answer(7, "K7PX", WholesalerAction::Partial { refused: vec![2] })
        );
        assert_eq!(
            decide(&lex, &m, &w(&one), "K7PX ok 1 3"),
            answer(7, "K7PX", WholesalerAction::Partial { refused: vec![2] })
        );
        assert_eq!(decide(&lex, &m, &w(&one), "ok 1 2 3"), answer(7, "K7PX", WholesalerAction::Confirm));
        assert_eq!(
            decide(&lex, &m, &w(&one), "1 2 3 nahi"),
            answer(7, "K7PX", WholesalerAction::Reject { reason: None })
        );
        assert_eq!(decide(&lex, &m, &w(&one), "5 nahi"), Decision::WholesalerBadLines { code: code("K7PX"), lines: 3 });
        assert_eq!(
            decide(&lex, &m, &w(&two), "ok"),
            Decision::WholesalerWhichOrder { codes: vec![code("K7PX"), code("M3QR")] }
        );
        assert_eq!(decide(&lex, &m, &w(&two), "YES Z9ZZ"), Decision::WholesalerUnknownOrder { code: "Z9ZZ".into() });
        assert_eq!(decide(&lex, &m, &w(&[]), "yes"), Decision::WholesalerNoOpenOrders);
        assert_eq!(decide(&lex, &m, &w(&one), "kal milte hain"), Decision::WholesalerHelp);

        let confirmed = [open(7, "K7PX", OrderState::Confirmed), open(8, "M3QR", OrderState::Placed)];
        assert_eq!(decide(&lex, &m, &w(&confirmed), "SENT"), answer(7, "K7PX", WholesalerAction::Dispatch));
        assert_eq!(decide(&lex, &m, &w(&confirmed), "yes"), answer(8, "M3QR", WholesalerAction::Confirm));
        assert_eq!(
            decide(&lex, &m, &w(&confirmed), "YES K7PX"),
            Decision::WholesalerOrderNotWaiting { order_id: 7, code: code("K7PX"), state: OrderState::Confirmed }
        );
    }
}
