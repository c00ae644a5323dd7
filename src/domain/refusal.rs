//! One way to say no (G1 B1 C1 D1 E1): every refusal of a rule, by area. Each area's enum
//! writes its own French sentences beside its rules; this one carries any of them through
//! the store (`StoreError::Refused`) to the page, which shows the sentence as it is.

use super::{account, board, cfp, event, programme, registration};

/// Why a rule refused a request; `Display` is the French sentence, safe to show.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// Registrations (B1-B7).
    #[error(transparent)]
    Registration(#[from] registration::Refusal),
    /// The call for talks (C1-C4).
    #[error(transparent)]
    Call(#[from] cfp::Refusal),
    /// The garagethon board (E1-E4).
    #[error(transparent)]
    Board(#[from] board::Refusal),
    /// A field of an event (A1 G2).
    #[error(transparent)]
    Event(#[from] event::Invalid),
    /// The programme (D1-D3).
    #[error(transparent)]
    Programme(#[from] programme::Invalid),
    /// Access to the organiser space (G5).
    #[error(transparent)]
    Account(#[from] account::Refusal),
    /// A form's field, with the sentence a domain check wrote for it (the questions of a
    /// form, B3).
    #[error("{0}")]
    Form(String),
}

impl Refusal {
    /// True when the refusal is about who asks rather than what is asked (a board item
    /// changed by someone who does not own it): the page says "forbidden".
    pub fn is_forbidden(&self) -> bool {
        matches!(self, Refusal::Board(board::Refusal::NotOwner))
    }
}
