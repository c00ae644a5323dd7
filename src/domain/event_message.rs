//! F2 (issue 14): the groups of one event an organiser can write to.

/// Who a message to an event's participants reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Everyone holding a confirmed place (checked in or not).
    Confirmed,
    Waitlisted,
    Preregistered,
    /// People offered a freed place who have not answered yet.
    Offered,
    /// People checked in at the door.
    Attended,
    /// Speakers of an accepted talk whose decision was announced.
    Speakers,
    /// Participants who wrote something on the garagethon board.
    Board,
}

impl Audience {
    pub const ALL: [Audience; 7] = [
        Audience::Confirmed,
        Audience::Waitlisted,
        Audience::Preregistered,
        Audience::Offered,
        Audience::Attended,
        Audience::Speakers,
        Audience::Board,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Confirmed => "confirmed",
            Audience::Waitlisted => "waitlisted",
            Audience::Preregistered => "preregistered",
            Audience::Offered => "offered",
            Audience::Attended => "attended",
            Audience::Speakers => "speakers",
            Audience::Board => "board",
        }
    }

    pub fn parse(s: &str) -> Option<Audience> {
        Audience::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// The registration states of the group, or `None` for the groups not defined by a state.
    pub fn states(self) -> Option<&'static [&'static str]> {
        match self {
            Audience::Confirmed => Some(&["confirmed", "attended"]),
            Audience::Waitlisted => Some(&["waitlisted"]),
            Audience::Preregistered => Some(&["preregistered"]),
            Audience::Offered => Some(&["offered"]),
            Audience::Attended => Some(&["attended"]),
            Audience::Speakers | Audience::Board => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Audience;

    #[test]
    fn every_audience_parses_back_and_unknown_names_are_refused() {
        for a in Audience::ALL {
            assert_eq!(Audience::parse(a.as_str()), Some(a));
        }
        assert_eq!(Audience::parse("everyone"), None);
        assert_eq!(Audience::parse(""), None);
    }
}
