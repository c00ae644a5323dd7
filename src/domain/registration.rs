//! B1 B2 B3 B5: registration modes, the registration lifecycle, capacity, the waitlist,
//! eligibility and the seeded fair draw. Pure: the clock and the counts come in as arguments.
//!
//! Lifecycle: `pending_email` → `preregistered` (selection) or `confirmed` / `waitlisted`
//! (first come first served) → from the waitlist, `offered` (a place held for a set time) →
//! `confirmed`, `declined` or `expired`; any open state → `cancelled`; after the event,
//! `attended` or `no_show`.

pub mod letter;

use super::email::Email;
use super::event::EventId;
use jiff::Timestamp;
use serde::Serialize;

/// How an event takes registrations (B1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Places go to confirmed addresses in the order they are confirmed.
    FirstCome,
    /// Pre-registration until the deadline, then organisers select.
    Selection,
    /// Only holders of a personal invitation link may register.
    Invitation,
    /// Another site takes the registrations (a trade show's badge).
    External,
}

impl Mode {
    pub const ALL: [Mode; 4] = [Mode::FirstCome, Mode::Selection, Mode::Invitation, Mode::External];

    pub fn as_str(self) -> &'static str {
        match self {
            Mode::FirstCome => "first_come",
            Mode::Selection => "selection",
            Mode::Invitation => "invitation",
            Mode::External => "external",
        }
    }

    pub fn parse(s: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

/// Where a registration stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    PendingEmail,
    Preregistered,
    Confirmed,
    Waitlisted,
    Offered,
    Declined,
    Cancelled,
    Expired,
    Attended,
    NoShow,
}

impl State {
    pub const ALL: [State; 10] = [
        State::PendingEmail,
        State::Preregistered,
        State::Confirmed,
        State::Waitlisted,
        State::Offered,
        State::Declined,
        State::Cancelled,
        State::Expired,
        State::Attended,
        State::NoShow,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            State::PendingEmail => "pending_email",
            State::Preregistered => "preregistered",
            State::Confirmed => "confirmed",
            State::Waitlisted => "waitlisted",
            State::Offered => "offered",
            State::Declined => "declined",
            State::Cancelled => "cancelled",
            State::Expired => "expired",
            State::Attended => "attended",
            State::NoShow => "no_show",
        }
    }

    pub fn parse(s: &str) -> Option<State> {
        State::ALL.into_iter().find(|m| m.as_str() == s)
    }

    /// The French label shown to participants and organisers.
    pub fn label_fr(self) -> &'static str {
        match self {
            State::PendingEmail => "Adresse à confirmer",
            State::Preregistered => "Préinscription enregistrée",
            State::Confirmed => "Inscription confirmée",
            State::Waitlisted => "Sur liste d'attente",
            State::Offered => "Place proposée",
            State::Declined => "Refusée",
            State::Cancelled => "Annulée",
            State::Expired => "Expirée",
            State::Attended => "Présent",
            State::NoShow => "Absent",
        }
    }

    /// True when the registration holds a place: it counts against capacity.
    pub fn holds_place(self) -> bool {
        matches!(self, State::Confirmed | State::Offered | State::Attended | State::NoShow)
    }

    /// True when nothing more can happen to the registration, except after-event marks.
    pub fn is_closed(self) -> bool {
        matches!(self, State::Declined | State::Cancelled | State::Expired | State::Attended | State::NoShow)
    }
}

/// What a participant, an organiser or the clock does to a registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// The address was confirmed; the admission decides the next state.
    ConfirmEmail(Admission),
    Offer,
    AcceptOffer,
    DeclineOffer,
    /// The hold on an offered place, or the time to confirm the address, ran out.
    Expire,
    /// Selection by organisers (B5).
    Select,
    PutOnWaitlist,
    Decline,
    Cancel,
    CheckIn,
    MarkNoShow,
}

/// Where a confirmed address goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Admission {
    Confirmed,
    Waitlisted,
    Preregistered,
}

/// Why a request was refused; the French message is safe to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("Les inscriptions ne sont pas encore ouvertes.")]
    NotOpenYet,
    #[error("Les inscriptions sont closes.")]
    Closed,
    #[error("Cet événement a déjà commencé.")]
    EventStarted,
    #[error("Les inscriptions à cet événement se font sur invitation.")]
    InvitationOnly,
    #[error("Les inscriptions à cet événement se font sur un autre site.")]
    External,
    #[error("Cette inscription n'accepte pas cette action dans son état actuel.")]
    NotAllowed,
    #[error("Le délai pour accepter cette place est dépassé.")]
    OfferExpired,
    #[error("Cet événement est réservé aux agents publics et aux prestataires du secteur public.")]
    StatusNotEligible,
    #[error("Les inscriptions sont réservées aux adresses de certains domaines.")]
    DomainNotEligible,
    #[error("Les inscriptions ne sont pas ouvertes pour cet événement.")]
    NoRegistration,
    #[error("Ce lien d'invitation est réservé à une autre adresse électronique.")]
    InvitationForAnotherAddress,
    #[error("Ce lien d'invitation n'est pas valide ou a été retiré.")]
    InvitationInvalid,
    #[error("Au plus 5 000 adresses à la fois.")]
    TooManyInvitations,
    #[error("Les absences se relèvent une fois l'événement commencé.")]
    NotStartedYet,
    #[error("Ajoutez d'abord au moins une question au questionnaire.")]
    SurveyWithoutQuestions,
    #[error("Un formulaire compte au plus 50 questions.")]
    TooManyQuestions,
    #[error(
        "{taken} personnes ont déjà une place (ou une place proposée) : il faut au moins {taken} places. \
         Annulez d'abord des inscriptions pour descendre à {places}."
    )]
    PlacesBelowTaken { places: u32, taken: u32 },
}

/// Refuses a capacity below the places already held or offered: nobody loses a place by a
/// change of settings (issue 19).
pub fn check_capacity(places: u32, taken: u32) -> Result<(), Refusal> {
    if places < taken { Err(Refusal::PlacesBelowTaken { places, taken }) } else { Ok(()) }
}

/// Applies an action to a state: the only place that knows the allowed transitions.
pub fn apply(from: State, action: Action) -> Result<State, Refusal> {
    use State::*;
    let to = match (from, action) {
        (PendingEmail, Action::ConfirmEmail(a)) => match a {
            Admission::Confirmed => Confirmed,
            Admission::Waitlisted => Waitlisted,
            Admission::Preregistered => Preregistered,
        },
        (PendingEmail, Action::Expire) => Expired,
        (Waitlisted, Action::Offer) => Offered,
        (Offered, Action::AcceptOffer) => Confirmed,
        (Offered, Action::DeclineOffer) => Declined,
        (Offered, Action::Expire) => Expired,
        (Preregistered | Waitlisted, Action::Select) => Confirmed,
        (Preregistered, Action::PutOnWaitlist) => Waitlisted,
        (Preregistered | Waitlisted, Action::Decline) => Declined,
        (PendingEmail | Preregistered | Confirmed | Waitlisted | Offered, Action::Cancel) => Cancelled,
        (Confirmed | NoShow, Action::CheckIn) => Attended,
        (Confirmed, Action::MarkNoShow) => NoShow,
        _ => return Err(Refusal::NotAllowed),
    };
    Ok(to)
}

/// The registration settings of one event, as the rules need them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Settings {
    pub mode: Mode,
    pub places: u32,
    pub opens_at: Option<Timestamp>,
    pub closes_at: Option<Timestamp>,
    /// How long an offered place is held for the person it is offered to.
    pub offer_hours: u32,
    /// How long a new registration may wait for its address to be confirmed.
    pub email_hours: u32,
    /// Statuses allowed to register; empty means everyone (B3 eligibility).
    pub allowed_statuses: Vec<ParticipantStatus>,
    /// Email domains allowed to register (suffix match); empty means any.
    pub allowed_domains: Vec<String>,
}

/// The status a registrant declares (B3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParticipantStatus {
    PublicAgent,
    Contractor,
    Other,
}

impl ParticipantStatus {
    pub const ALL: [ParticipantStatus; 3] =
        [ParticipantStatus::PublicAgent, ParticipantStatus::Contractor, ParticipantStatus::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            ParticipantStatus::PublicAgent => "public_agent",
            ParticipantStatus::Contractor => "contractor",
            ParticipantStatus::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<ParticipantStatus> {
        ParticipantStatus::ALL.into_iter().find(|m| m.as_str() == s)
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            ParticipantStatus::PublicAgent => "Agent public",
            ParticipantStatus::Contractor => "Prestataire du secteur public",
            ParticipantStatus::Other => "Autre",
        }
    }
}

/// Refuses a registration outside the window: before it opens, after it closes, once the
/// event has started, or in a mode where this form does not take registrations.
pub fn check_open(s: &Settings, event_start: Timestamp, now: Timestamp, invited: bool) -> Result<(), Refusal> {
    match s.mode {
        Mode::External => return Err(Refusal::External),
        Mode::Invitation if !invited => return Err(Refusal::InvitationOnly),
        _ => {}
    }
    if s.opens_at.is_some_and(|t| now < t) {
        return Err(Refusal::NotOpenYet);
    }
    if now >= event_start {
        return Err(Refusal::EventStarted);
    }
    if s.closes_at.is_some_and(|t| now > t) {
        return Err(Refusal::Closed);
    }
    Ok(())
}

/// Refuses a status or an address the event does not accept.
pub fn check_eligible(s: &Settings, status: ParticipantStatus, email: &str) -> Result<(), Refusal> {
    if !s.allowed_statuses.is_empty() && !s.allowed_statuses.contains(&status) {
        return Err(Refusal::StatusNotEligible);
    }
    if !s.allowed_domains.is_empty() {
        let domain = email.rsplit_once('@').map(|(_, d)| d.to_ascii_lowercase()).unwrap_or_default();
        let ok = s.allowed_domains.iter().any(|allowed| {
            let allowed = allowed.trim().trim_start_matches('@').to_ascii_lowercase();
            domain == allowed || domain.ends_with(&format!(".{allowed}"))
        });
        if !ok {
            return Err(Refusal::DomainNotEligible);
        }
    }
    Ok(())
}

/// Decides where a newly confirmed address goes. `taken` counts registrations holding a
/// place (confirmed and offered); `waiting` counts the waitlist. A free place goes to a new
/// person only when nobody is waiting: those already in line come first.
pub fn admit(s: &Settings, taken: u32, waiting: u32) -> Admission {
    match s.mode {
        Mode::Selection => Admission::Preregistered,
        _ if taken < s.places && waiting == 0 => Admission::Confirmed,
        _ => Admission::Waitlisted,
    }
}

/// How many waiting people to offer a place now: the free places, as long as registration
/// is open and the event has not started (an offer nobody can use in time is not made).
pub fn offers_to_make(s: &Settings, taken: u32, waiting: u32, event_start: Timestamp, now: Timestamp) -> u32 {
    let open = now < event_start && s.closes_at.is_none_or(|t| now <= t) && s.mode != Mode::External;
    if !open {
        return 0;
    }
    s.places.saturating_sub(taken).min(waiting)
}

/// One candidate of a selection draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: i64,
    pub organisation: String,
}

/// The result of a draw and why each person landed where they did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Draw {
    pub seed: u64,
    pub selected: Vec<i64>,
    pub waitlist: Vec<i64>,
    pub explanation: Vec<String>,
}

/// A reproducible fair draw (B5): candidates are shuffled with a seeded generator
/// (SplitMix64 + Fisher–Yates), then taken in that order while places remain and while
/// their organisation is under its quota; the others go to the waitlist in drawn order.
/// The same candidates (sorted by id first) and the same seed always give the same result.
pub fn draw(candidates: &[Candidate], places: u32, quota_per_organisation: Option<u32>, seed: u64) -> Draw {
    let mut order: Vec<&Candidate> = candidates.iter().collect();
    order.sort_by_key(|c| c.id);
    let mut rng = SplitMix64(seed);
    for i in (1..order.len()).rev() {
        let j = (rng.next() % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    let mut per_org: std::collections::HashMap<String, u32> = Default::default();
    let (mut selected, mut waitlist, mut explanation) = (Vec::new(), Vec::new(), Vec::new());
    for (rank, c) in order.iter().enumerate() {
        let org = normalise_organisation(&c.organisation);
        let used = per_org.get(&org).copied().unwrap_or(0);
        let over_quota = quota_per_organisation.is_some_and(|q| used >= q);
        if selected.len() < places as usize && !over_quota {
            selected.push(c.id);
            per_org.insert(org, used + 1);
            explanation.push(format!("n° {} tiré au rang {} : retenu", c.id, rank + 1));
        } else if over_quota && selected.len() < places as usize {
            waitlist.push(c.id);
            explanation.push(format!(
                "n° {} tiré au rang {} : quota de son organisation atteint, liste d'attente",
                c.id,
                rank + 1
            ));
        } else {
            waitlist.push(c.id);
            explanation.push(format!("n° {} tiré au rang {} : plus de place, liste d'attente", c.id, rank + 1));
        }
    }
    Draw { seed, selected, waitlist, explanation }
}

/// "DINUM", "Dinum " and "dinum" are one organisation for quotas, and so are « ministère de
/// l'intérieur » and « Ministère de l’Intérieur » (case, accents, apostrophes, spaces and
/// punctuation folded: issue 19).
pub fn normalise_organisation(s: &str) -> String {
    crate::domain::event::fold_key(s)
}

struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// The registration settings of an event, with what the rules do not need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventSettings {
    pub rules: Settings,
    /// Selection mode: when the organisers plan to send their answers.
    pub decisions_at: Option<Timestamp>,
    /// External mode: where to register.
    pub external_url: Option<String>,
    pub consent_text: String,
    pub retention_days: u32,
}

#[cfg(test)]
impl EventSettings {
    /// Settings for unit tests: always open, anyone may register, 48-hour delays, kept a year.
    pub fn for_tests(mode: Mode, places: u32) -> EventSettings {
        EventSettings {
            rules: Settings {
                mode,
                places,
                opens_at: None,
                closes_at: None,
                offer_hours: 48,
                email_hours: 48,
                allowed_statuses: Vec::new(),
                allowed_domains: Vec::new(),
            },
            decisions_at: None,
            external_url: None,
            consent_text: String::new(),
            retention_days: 365,
        }
    }
}

/// What the form gives, already validated by the web layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applicant {
    pub email: Email,
    pub name: String,
    pub organisation: String,
    pub status: ParticipantStatus,
    /// Answers to the event's own questions, as JSON text.
    pub answers: String,
    /// The personal invitation link's token, in invitation mode.
    pub invitation: Option<String>,
    /// H2: the language of the form, kept for the registration's mails.
    pub lang: crate::i18n::Lang,
    /// I1: the SIRET ProConnect gave, when the form was filled from it; empty otherwise.
    pub siret: String,
    /// I1: ProConnect vouched for the address in this browser: no mail to confirm it.
    pub email_verified: bool,
}

/// A registration as its owner and organisers see it.
#[derive(Debug, Clone, Serialize)]
pub struct Registration {
    pub id: i64,
    pub event_id: EventId,
    pub email: String,
    pub name: String,
    pub organisation: String,
    pub status: ParticipantStatus,
    pub answers: String,
    pub state: State,
    pub waitlist_seq: Option<i64>,
    pub offer_expires_at: Option<i64>,
    pub email_expires_at: Option<i64>,
    pub created_at: i64,
    /// H2: the language its mails are written in (the form's, or the last one it was sent in).
    pub lang: crate::i18n::Lang,
    /// I1: the organisation's SIRET number ProConnect gave, or "" (typed forms carry none).
    pub siret: String,
}

/// The live counts shown on the event page and to organisers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Registrations holding a place (confirmed, offered, then attended or absent).
    pub taken: u32,
    pub waiting: u32,
    pub preregistered: u32,
    pub pending_email: u32,
    /// After the event (B6): checked in, and marked absent.
    pub attended: u32,
    pub no_show: u32,
}

/// What `register` did; the page says the same in every case (no address enumeration).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Registered {
    /// A new registration waits for its address to be confirmed; a mail is queued.
    New { id: i64 },
    /// The address already had an open registration: its private link was mailed again.
    LinkResent { id: i64 },
}

/// B1: an invitation as organisers see it.
#[derive(Debug, Clone, Serialize)]
pub struct Invitation {
    pub id: i64,
    pub email: String,
    pub created_at: i64,
    pub registration_id: Option<i64>,
    pub revoked: bool,
}

/// What `invite` did with a pasted list.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct Invited {
    pub sent: Vec<String>,
    /// Addresses already invited (each keeps its first link).
    pub already: Vec<String>,
    /// Pieces of the list that are not addresses, as typed.
    pub invalid: Vec<String>,
}

/// Splits a pasted list or an uploaded file into candidate addresses: one per line, or
/// separated by commas, semicolons, tabs or spaces; "Name <address>" keeps the address.
pub fn split_list(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for piece in text.split(['\n', '\r', ',', ';', '\t']) {
        let piece = piece.trim();
        if piece.is_empty() {
            continue;
        }
        let piece = match (piece.rfind('<'), piece.rfind('>')) {
            (Some(a), Some(b)) if a < b => &piece[a + 1..b],
            _ => piece,
        };
        for word in piece.split_whitespace() {
            let w = word.trim_matches(|c: char| c == '"' || c == '\'').to_owned();
            if !w.is_empty() && !out.contains(&w) {
                out.push(w);
            }
        }
    }
    out
}

/// B5: a decision an organiser takes on a pre-registration, announced later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Select,
    Waitlist,
    Decline,
}

impl Decision {
    /// The decision as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Select => "select",
            Decision::Waitlist => "waitlist",
            Decision::Decline => "decline",
        }
    }

    /// The decision stored as `s`, if any.
    pub fn parse(s: &str) -> Option<Decision> {
        [Decision::Select, Decision::Waitlist, Decision::Decline].into_iter().find(|d| d.as_str() == s)
    }

    /// The decision as organisers read it.
    pub fn label_fr(self) -> &'static str {
        match self {
            Decision::Select => "Retenue",
            Decision::Waitlist => "Liste d'attente",
            Decision::Decline => "Non retenue",
        }
    }

    /// The transition that announcing this decision makes.
    pub fn action(self) -> Action {
        match self {
            Decision::Select => Action::Select,
            Decision::Waitlist => Action::PutOnWaitlist,
            Decision::Decline => Action::Decline,
        }
    }
}

#[cfg(test)]
mod tests;
