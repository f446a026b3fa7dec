//! Orders: short human codes, the state machine, and the transactions that move an order (each a guarded UPDATE plus
//! an `order_events` row, in the caller's transaction so outbox rows commit with them).

pub mod store;

use std::fmt;

use rand::RngExt as _;

/// Letters and digits of an order code: no 0/O or 1/I, which people confuse on a small screen.
const CODE_ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const CODE_LEN: usize = 4;

/// A four-character order code such as `K7PX`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct OrderCode(String);

impl OrderCode {
    /// A fresh random code, with at least one digit and one letter, so that no word ("RATE", "CALL") and no
    /// quantity reads as a code in a reply.
    pub fn random() -> Self {
        let mut rng = rand::rng();
        loop {
            let code: String =
                (0..CODE_LEN).map(|_| CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())] as char).collect();
            if Self::is_code(&code) {
                return Self(code);
            }
        }
    }

    /// Reads a code typed in any case.
    pub fn parse(s: &str) -> Option<Self> {
        let upper = s.trim().to_ascii_uppercase();
        Self::looks_like(&upper).then_some(Self(upper))
    }

    /// Whether a word has the shape of a code (case-insensitive): any four characters of the alphabet.
    pub fn looks_like(word: &str) -> bool {
        word.len() == CODE_LEN && word.bytes().all(|b| CODE_ALPHABET.contains(&b.to_ascii_uppercase()))
    }

    /// Whether a word is a code Mandi gives out: the shape, with a digit and a letter (case-insensitive).
    pub fn is_code(word: &str) -> bool {
        Self::looks_like(word)
            && word.bytes().any(|b| b.is_ascii_digit())
            && word.bytes().any(|b| b.is_ascii_alphabetic())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OrderCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for OrderCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OrderCode({})", self.0)
    }
}

/// Where an order stands. Mirrored by the CHECK constraint on `orders.state`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrderState {
    /// Waiting for the shopkeeper to answer a clarification.
    Draft,
    /// Sent to the wholesaler, waiting for an answer.
    Placed,
    Confirmed,
    PartiallyConfirmed,
    Rejected,
    /// The wholesaler did not answer in time.
    Expired,
    Cancelled,
    Dispatched,
    Delivered,
}

impl OrderState {
    pub const ALL: [OrderState; 9] = [
        Self::Draft,
        Self::Placed,
        Self::Confirmed,
        Self::PartiallyConfirmed,
        Self::Rejected,
        Self::Expired,
        Self::Cancelled,
        Self::Dispatched,
        Self::Delivered,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Placed => "placed",
            Self::Confirmed => "confirmed",
            Self::PartiallyConfirmed => "partially_confirmed",
            Self::Rejected => "rejected",
            Self::Expired => "expired",
            Self::Cancelled => "cancelled",
            Self::Dispatched => "dispatched",
            Self::Delivered => "delivered",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|state| state.as_str() == s)
    }
}

/// Something that happens to an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrderEvent {
    /// Every question of a draft is answered: the order goes to the wholesaler.
    Place,
    /// The wholesaler accepts every line.
    Confirm,
    /// The wholesaler accepts some lines and refuses the others.
    ConfirmPart,
    /// The wholesaler refuses the order.
    Reject,
    /// The wholesaler did not answer in time, and there is no one else to ask.
    Expire,
    /// The wholesaler did not answer in time: the order goes to the shop's backup wholesaler instead.
    Reroute,
    /// The order is called off: by the shop (until it is dispatched), or a draft whose every line was skipped.
    Cancel,
    /// The wholesaler has sent the goods.
    Dispatch,
    /// The goods have arrived.
    Deliver,
}

impl OrderEvent {
    pub const ALL: [OrderEvent; 9] = [
        Self::Place,
        Self::Confirm,
        Self::ConfirmPart,
        Self::Reject,
        Self::Expire,
        Self::Reroute,
        Self::Cancel,
        Self::Dispatch,
        Self::Deliver,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Place => "place",
            Self::Confirm => "confirm",
            Self::ConfirmPart => "confirm_part",
            Self::Reject => "reject",
            Self::Expire => "expire",
            Self::Reroute => "reroute",
            Self::Cancel => "cancel",
            Self::Dispatch => "dispatch",
            Self::Deliver => "deliver",
        }
    }
}

/// An event that the order's state does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("cannot {} an order that is {}", event.as_str(), from.as_str())]
pub struct IllegalTransition {
    pub from: OrderState,
    pub event: OrderEvent,
}

/// The one place that says which event moves which state where.
///
/// ```text
/// draft ─place→ placed ─confirm→ confirmed ───────────┐
///   │             ├─confirm_part→ partially_confirmed ─┼─dispatch→ dispatched ─deliver→ delivered
///   │             ├─reject→ rejected                   │
///   │             ├─expire→ expired                    │
///   │             └─reroute→ placed (another wholesaler)│
///   └─cancel→ cancelled ←─cancel── placed, confirmed, partially_confirmed
/// ```
pub fn transition(from: OrderState, event: OrderEvent) -> Result<OrderState, IllegalTransition> {
    use OrderEvent as E;
    use OrderState as S;
    match (from, event) {
        (S::Draft, E::Place) => Ok(S::Placed),
        (S::Draft | S::Placed | S::Confirmed | S::PartiallyConfirmed, E::Cancel) => Ok(S::Cancelled),
        (S::Placed, E::Confirm) => Ok(S::Confirmed),
        (S::Placed, E::ConfirmPart) => Ok(S::PartiallyConfirmed),
        (S::Placed, E::Reject) => Ok(S::Rejected),
        (S::Placed, E::Expire) => Ok(S::Expired),
        (S::Placed, E::Reroute) => Ok(S::Placed),
        (S::Confirmed | S::PartiallyConfirmed, E::Dispatch) => Ok(S::Dispatched),
        (S::Dispatched, E::Deliver) => Ok(S::Delivered),
        (S::Draft, E::Confirm | E::ConfirmPart | E::Reject | E::Expire | E::Reroute | E::Dispatch | E::Deliver)
        | (S::Placed, E::Place | E::Dispatch | E::Deliver)
        | (
            S::Confirmed | S::PartiallyConfirmed,
            E::Place | E::Confirm | E::ConfirmPart | E::Reject | E::Expire | E::Reroute | E::Deliver,
        )
        | (
            S::Dispatched,
            E::Place | E::Confirm | E::ConfirmPart | E::Reject | E::Expire | E::Reroute | E::Cancel | E::Dispatch,
        )
        | (
            S::Rejected | S::Expired | S::Cancelled | S::Delivered,
            E::Place
            | E::Confirm
            | E::ConfirmPart
            | E::Reject
            | E::Expire
            | E::Reroute
            | E::Cancel
            | E::Dispatch
            | E::Deliver,
        ) => Err(IllegalTransition { from, event }),
    }
}

impl OrderState {
    /// Still waiting for something to happen (the order code stays reserved).
    pub fn is_open(self) -> bool {
        matches!(self, Self::Draft | Self::Placed | Self::Confirmed | Self::PartiallyConfirmed | Self::Dispatched)
    }
}

/// The states from which `event` is legal: the guard of the SQL update, derived from [`transition`].
pub fn states_allowing(event: OrderEvent) -> Vec<OrderState> {
    OrderState::ALL.into_iter().filter(|s| transition(*s, event).is_ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_avoid_confusable_characters() {
        for _ in 0..1000 {
            let code = OrderCode::random();
            assert_eq!(code.as_str().len(), 4);
            assert!(!code.as_str().contains(['0', 'O', '1', 'I']), "{code}");
            assert!(OrderCode::is_code(code.as_str()), "{code} mixes digits and letters");
            assert_eq!(OrderCode::parse(&code.as_str().to_lowercase()), Some(code));
        }
        assert!(OrderCode::parse("AB0D").is_none());
        assert!(OrderCode::parse("ABCDE").is_none());
        assert!(OrderCode::parse("K7PX").is_some());
    }

    /// The legal moves, written out independently of [`transition`]; every other pair must be refused.
    const LEGAL: [(OrderState, OrderEvent, OrderState); 13] = {
        use OrderEvent as E;
        use OrderState as S;
        [
            (S::Draft, E::Place, S::Placed),
            (S::Draft, E::Cancel, S::Cancelled),
            (S::Placed, E::Confirm, S::Confirmed),
            (S::Placed, E::ConfirmPart, S::PartiallyConfirmed),
            (S::Placed, E::Reject, S::Rejected),
            (S::Placed, E::Expire, S::Expired),
            (S::Placed, E::Reroute, S::Placed),
            (S::Placed, E::Cancel, S::Cancelled),
            (S::Confirmed, E::Cancel, S::Cancelled),
            (S::Confirmed, E::Dispatch, S::Dispatched),
            (S::PartiallyConfirmed, E::Cancel, S::Cancelled),
            (S::PartiallyConfirmed, E::Dispatch, S::Dispatched),
            (S::Dispatched, E::Deliver, S::Delivered),
        ]
    };

    #[test]
    fn every_transition_is_decided() {
        for from in OrderState::ALL {
            for event in OrderEvent::ALL {
                let expected = LEGAL.iter().find(|(f, e, _)| *f == from && *e == event).map(|(_, _, to)| *to);
                assert_eq!(transition(from, event).ok(), expected, "{from:?} + {event:?}");
            }
        }
        assert_eq!(states_allowing(OrderEvent::Confirm), vec![OrderState::Placed]);
        assert_eq!(
            states_allowing(OrderEvent::Cancel),
            vec![OrderState::Draft, OrderState::Placed, OrderState::Confirmed, OrderState::PartiallyConfirmed]
        );
    }

    #[test]
    fn finished_orders_are_not_open() {
        let open: Vec<_> = OrderState::ALL.into_iter().filter(|s| s.is_open()).collect();
        assert_eq!(
            open,
            [
                OrderState::Draft,
                OrderState::Placed,
                OrderState::Confirmed,
                OrderState::PartiallyConfirmed,
                OrderState::Dispatched
            ]
        );
    }

    #[test]
    fn states_round_trip_through_their_names() {
        for state in OrderState::ALL {
            assert_eq!(OrderState::parse(state.as_str()), Some(state));
        }
        assert_eq!(OrderState::parse("shipped"), None);
    }
}
