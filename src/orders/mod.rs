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
    /// A fresh random code.
    pub fn random() -> Self {
        let mut rng = rand::rng();
        let code = (0..CODE_LEN).map(|_| CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())] as char).collect();
        Self(code)
    }

    /// Reads a code typed in any case.
    pub fn parse(s: &str) -> Option<Self> {
        let upper = s.trim().to_ascii_uppercase();
        Self::looks_like(&upper).then_some(Self(upper))
    }

    /// Whether a word has the shape of a code (case-insensitive).
    pub fn looks_like(word: &str) -> bool {
        word.len() == CODE_LEN && word.bytes().all(|b| CODE_ALPHABET.contains(&b.to_ascii_uppercase()))
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
    /// The wholesaler refuses the order.
    Reject,
    /// The order is called off (a draft whose every line was skipped).
    Cancel,
}

impl OrderEvent {
    pub const ALL: [OrderEvent; 4] = [Self::Place, Self::Confirm, Self::Reject, Self::Cancel];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Place => "place",
            Self::Confirm => "confirm",
            Self::Reject => "reject",
            Self::Cancel => "cancel",
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
pub fn transition(from: OrderState, event: OrderEvent) -> Result<OrderState, IllegalTransition> {
    use OrderEvent as E;
    use OrderState as S;
    match (from, event) {
        (S::Draft, E::Place) => Ok(S::Placed),
        (S::Draft, E::Cancel) => Ok(S::Cancelled),
        (S::Placed, E::Confirm) => Ok(S::Confirmed),
        (S::Placed, E::Reject) => Ok(S::Rejected),
        (S::Draft, E::Confirm | E::Reject)
        | (S::Placed, E::Place | E::Cancel)
        | (
            S::Confirmed
            | S::PartiallyConfirmed
            | S::Rejected
            | S::Expired
            | S::Cancelled
            | S::Dispatched
            | S::Delivered,
            E::Place | E::Confirm | E::Reject | E::Cancel,
        ) => Err(IllegalTransition { from, event }),
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
            assert_eq!(OrderCode::parse(&code.as_str().to_lowercase()), Some(code));
        }
        assert!(OrderCode::parse("AB0D").is_none());
        assert!(OrderCode::parse("ABCDE").is_none());
        assert!(OrderCode::parse("K7PX").is_some());
    }

    #[test]
    fn every_transition_is_decided() {
        for from in OrderState::ALL {
            for event in OrderEvent::ALL {
                let expected = match (from, event) {
                    (OrderState::Draft, OrderEvent::Place) => Some(OrderState::Placed),
                    (OrderState::Draft, OrderEvent::Cancel) => Some(OrderState::Cancelled),
                    (OrderState::Placed, OrderEvent::Confirm) => Some(OrderState::Confirmed),
                    (OrderState::Placed, OrderEvent::Reject) => Some(OrderState::Rejected),
                    _ => None,
                };
                assert_eq!(transition(from, event).ok(), expected, "{from:?} + {event:?}");
            }
        }
        assert_eq!(states_allowing(OrderEvent::Confirm), vec![OrderState::Placed]);
    }

    #[test]
    fn states_round_trip_through_their_names() {
        for state in OrderState::ALL {
            assert_eq!(OrderState::parse(state.as_str()), Some(state));
        }
        assert_eq!(OrderState::parse("shipped"), None);
    }
}
