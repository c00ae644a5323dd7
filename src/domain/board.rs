//! E1 E2 E3 E4: the garagethon board. Objectives and help offers with their lifecycles, who
//! may edit what, the figures of the retrospective and the Markdown draft of the "bilan"
//! post. Pure: the store loads a [`Board`] and everything else is computed from it.

use crate::domain::account::EditRight;
use crate::domain::forge::{Forge, is_merge_request};
use serde::Serialize;
use std::collections::BTreeSet;
use std::fmt;

/// Where an objective stands (E1 E3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectiveStatus {
    Proposed,
    InProgress,
    Done,
    Dropped,
}

impl ObjectiveStatus {
    pub const ALL: [ObjectiveStatus; 4] =
        [ObjectiveStatus::Proposed, ObjectiveStatus::InProgress, ObjectiveStatus::Done, ObjectiveStatus::Dropped];

    pub fn as_str(self) -> &'static str {
        match self {
            ObjectiveStatus::Proposed => "proposed",
            ObjectiveStatus::InProgress => "in_progress",
            ObjectiveStatus::Done => "done",
            ObjectiveStatus::Dropped => "dropped",
        }
    }

    pub fn parse(s: &str) -> Option<ObjectiveStatus> {
        ObjectiveStatus::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            ObjectiveStatus::Proposed => "Proposé",
            ObjectiveStatus::InProgress => "En cours",
            ObjectiveStatus::Done => "Atteint",
            ObjectiveStatus::Dropped => "Abandonné",
        }
    }

    /// Moves an objective. Done and dropped objectives may be reopened (a merge request was
    /// reverted, a dropped idea found a helper); a move to the same status is refused so that
    /// a double submit is visible.
    pub fn move_to(self, to: ObjectiveStatus) -> Result<ObjectiveStatus, Refusal> {
        use ObjectiveStatus::*;
        match (self, to) {
            (a, b) if a == b => Err(Refusal::SameStatus),
            (Dropped, Done) => Err(Refusal::Transition),
            _ => Ok(to),
        }
    }
}

/// How long an objective should take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Estimate {
    Hours(u8),
    HalfDay,
    Day,
}

impl Estimate {
    /// Reads `3`, `3 h`, `3h`, `3 hours`, `demi-journée`, `journée`, `half-day`, `day` (accents
    /// and case optional);
    /// hours go from 1 to 16.
    pub fn parse(raw: &str) -> Option<Estimate> {
        let s = raw.trim().to_lowercase().replace(['é', 'è'], "e");
        match s.as_str() {
            "demi-journee" | "demi journee" | "half_day" | "half-day" | "half day" | "half a day" => {
                return Some(Estimate::HalfDay);
            }
            "journee" | "day" | "1 journee" | "a day" | "1 day" => return Some(Estimate::Day),
            _ => {}
        }
        let digits = s
            .trim_end_matches("hours")
            .trim_end_matches("hour")
            .trim_end_matches("heures")
            .trim_end_matches("heure")
            .trim_end_matches('h')
            .trim();
        digits.parse::<u8>().ok().filter(|h| (1..=16).contains(h)).map(Estimate::Hours)
    }

    /// The stored spelling, which `parse` reads back.
    pub fn as_str(self) -> String {
        match self {
            Estimate::Hours(h) => format!("{h}h"),
            Estimate::HalfDay => "half_day".into(),
            Estimate::Day => "day".into(),
        }
    }

    pub fn label_fr(self) -> String {
        match self {
            Estimate::Hours(h) => format!("{h} h"),
            Estimate::HalfDay => "une demi-journée".into(),
            Estimate::Day => "une journée".into(),
        }
    }
}

/// What kind of help a request asks for (E2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    BugFix,
    Feature,
    Documentation,
    Tests,
    Design,
    Translation,
    Accessibility,
    Packaging,
    Other,
}

impl RequestKind {
    pub const ALL: [RequestKind; 9] = [
        RequestKind::BugFix,
        RequestKind::Feature,
        RequestKind::Documentation,
        RequestKind::Tests,
        RequestKind::Design,
        RequestKind::Translation,
        RequestKind::Accessibility,
        RequestKind::Packaging,
        RequestKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestKind::BugFix => "bug_fix",
            RequestKind::Feature => "feature",
            RequestKind::Documentation => "documentation",
            RequestKind::Tests => "tests",
            RequestKind::Design => "design",
            RequestKind::Translation => "translation",
            RequestKind::Accessibility => "accessibility",
            RequestKind::Packaging => "packaging",
            RequestKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<RequestKind> {
        RequestKind::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            RequestKind::BugFix => "Correction de bogue",
            RequestKind::Feature => "Nouvelle fonctionnalité",
            RequestKind::Documentation => "Documentation",
            RequestKind::Tests => "Tests",
            RequestKind::Design => "Design et ergonomie",
            RequestKind::Translation => "Traduction",
            RequestKind::Accessibility => "Accessibilité",
            RequestKind::Packaging => "Empaquetage",
            RequestKind::Other => "Autre",
        }
    }
}

/// Where an offer of help stands (E2 E3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OfferState {
    Offered,
    Accepted,
    Declined,
    Withdrawn,
}

impl OfferState {
    pub const ALL: [OfferState; 4] =
        [OfferState::Offered, OfferState::Accepted, OfferState::Declined, OfferState::Withdrawn];

    pub fn as_str(self) -> &'static str {
        match self {
            OfferState::Offered => "offered",
            OfferState::Accepted => "accepted",
            OfferState::Declined => "declined",
            OfferState::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<OfferState> {
        OfferState::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            OfferState::Offered => "Proposée",
            OfferState::Accepted => "Acceptée",
            OfferState::Declined => "Déclinée",
            OfferState::Withdrawn => "Retirée",
        }
    }
}

/// What can happen to an offer of help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfferAction {
    /// The owner of the request (or a facilitator) takes the help.
    Accept,
    /// The owner of the request (or a facilitator) says no, thanks.
    Decline,
    /// The helper changes their mind.
    Withdraw,
}

/// Who acts on the board: a participant (by registration id) or a facilitator, an organiser
/// of the event acting with their right (`Actor::facilitator`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Participant(i64),
    Facilitator(Facilitator),
}

/// Proof that a facilitator acts: only [`Actor::facilitator`] makes one, from the right to
/// edit the event, so that no page builds a facilitator out of nothing (E3 G1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facilitator {
    right: EditRight,
}

impl Facilitator {
    /// The right the facilitator acts with: its event is the only board they may change.
    pub fn right(&self) -> &EditRight {
        &self.right
    }
}

impl Actor {
    /// The facilitator holding `right`, for the board of the right's event.
    pub fn facilitator(right: &EditRight) -> Actor {
        Actor::Facilitator(Facilitator { right: *right })
    }

    /// How the move log names the actor.
    pub fn log_name(self) -> String {
        match self {
            Actor::Participant(id) => format!("participant:{id}"),
            Actor::Facilitator(_) => "facilitator".into(),
        }
    }
}

/// Only the owner of a thing and facilitators may edit it (E3).
pub fn may_edit(actor: Actor, owner: i64) -> Result<(), Refusal> {
    match actor {
        Actor::Facilitator(_) => Ok(()),
        Actor::Participant(id) if id == owner => Ok(()),
        Actor::Participant(_) => Err(Refusal::NotOwner),
    }
}

/// Applies `action` by `actor` to an offer by `helper` on a request owned by `owner`.
pub fn apply_offer(
    state: OfferState,
    action: OfferAction,
    actor: Actor,
    owner: i64,
    helper: i64,
) -> Result<OfferState, Refusal> {
    match action {
        OfferAction::Accept | OfferAction::Decline => may_edit(actor, owner)?,
        OfferAction::Withdraw => may_edit(actor, helper)?,
    }
    match (state, action) {
        (OfferState::Offered, OfferAction::Accept) => Ok(OfferState::Accepted),
        (OfferState::Offered, OfferAction::Decline) => Ok(OfferState::Declined),
        (OfferState::Offered | OfferState::Accepted, OfferAction::Withdraw) => Ok(OfferState::Withdrawn),
        _ => Err(Refusal::Transition),
    }
}

/// May `helper` offer help on a request owned by `owner` that is `open`?
pub fn may_offer(helper: i64, owner: i64, open: bool) -> Result<(), Refusal> {
    if !open {
        return Err(Refusal::RequestClosed);
    }
    if helper == owner {
        return Err(Refusal::OwnRequest);
    }
    Ok(())
}

/// Why the board refused an action; the message is French and safe to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("Seule la personne qui l'a proposé, ou l'équipe d'animation, peut modifier cet élément.")]
    NotOwner,
    #[error("Cet élément a déjà ce statut.")]
    SameStatus,
    #[error("Ce changement de statut n'est pas possible.")]
    Transition,
    #[error("Cette demande d'aide est close.")]
    RequestClosed,
    #[error("Vous ne pouvez pas proposer votre aide sur votre propre demande.")]
    OwnRequest,
    #[error("Vous avez déjà proposé votre aide sur cette demande.")]
    AlreadyOffered,
    #[error("Ce projet est déjà sur le tableau de cet événement.")]
    ProjectAlreadyListed,
    #[error("Le tableau est réservé aux inscriptions confirmées de cet événement.")]
    NotParticipant,
    #[error("Cet événement n'a pas de tableau : il faut un hackathon ou un garagethon.")]
    NoBoard,
    #[error("Vous êtes déjà inscrit ou inscrite pour une présentation éclair.")]
    AlreadySignedUp,
}

impl fmt::Display for Estimate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label_fr())
    }
}

/// A confirmed participant, as the board shows them.
#[derive(Debug, Clone, Serialize)]
pub struct Participant {
    pub registration_id: i64,
    pub name: String,
    pub organisation: String,
    /// Shown only to the other side of an accepted offer and to facilitators.
    pub email: String,
}

/// A repository worked on at this edition.
#[derive(Debug, Clone, Serialize)]
pub struct Project {
    /// The project's entry at this edition.
    pub entry_id: i64,
    pub project_id: i64,
    pub name: String,
    pub url: String,
    pub forge: Forge,
    pub path: Option<String>,
    pub publisher: String,
    pub licence: String,
    pub description: String,
    pub maintainers: String,
    pub added_by: i64,
    /// Titles of the other editions where this repository was on the board, oldest first.
    pub other_editions: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Objective {
    pub id: i64,
    pub entry_id: i64,
    pub owner: i64,
    pub title: String,
    pub estimate: Estimate,
    pub status: ObjectiveStatus,
    pub link: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HelpRequest {
    pub id: i64,
    pub entry_id: i64,
    pub owner: i64,
    pub kind: RequestKind,
    pub title: String,
    pub details: String,
    pub skills: String,
    pub newcomers: bool,
    /// Facilitators' order: lower first; `None` is not yet prioritised.
    pub priority: Option<i64>,
    pub pinned: bool,
    /// The theme or table facilitators grouped the request under.
    pub theme: String,
    pub open: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Offer {
    pub id: i64,
    pub request_id: i64,
    pub helper: i64,
    pub message: String,
    pub state: OfferState,
}

#[derive(Debug, Clone, Serialize)]
pub struct Talk {
    pub id: i64,
    pub speaker: i64,
    pub title: String,
    pub minutes: u8,
    pub position: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Retro {
    pub participant: i64,
    pub done: String,
    pub learned: String,
    /// Links to merged work, one a line.
    pub links: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Move {
    pub at: i64,
    pub actor: String,
    pub what: String,
}

/// Everything on an edition's board, loaded at once.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Board {
    pub public: bool,
    pub participants: Vec<Participant>,
    pub projects: Vec<Project>,
    pub objectives: Vec<Objective>,
    pub requests: Vec<HelpRequest>,
    pub offers: Vec<Offer>,
    pub talks: Vec<Talk>,
    pub retros: Vec<Retro>,
    pub moves: Vec<Move>,
}

/// The figures of the retrospective (E4).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Figures {
    pub projects: usize,
    pub objectives: usize,
    pub objectives_done: usize,
    pub requests: usize,
    /// Accepted offers of help.
    pub help_given: usize,
    /// People who did anything on the board: an objective, a request, accepted help, a talk,
    /// a retrospective.
    pub contributors: usize,
    /// Distinct merge or pull request links, on objectives and in retrospectives.
    pub merge_requests: usize,
    pub talks: usize,
}

impl Board {
    pub fn figures(&self) -> Figures {
        let accepted: Vec<&Offer> = self.offers.iter().filter(|o| o.state == OfferState::Accepted).collect();
        let mut people: BTreeSet<i64> = BTreeSet::new();
        people.extend(self.objectives.iter().map(|o| o.owner));
        people.extend(self.requests.iter().map(|r| r.owner));
        people.extend(accepted.iter().map(|o| o.helper));
        people.extend(self.talks.iter().map(|t| t.speaker));
        people.extend(
            self.retros
                .iter()
                .filter(|r| !r.done.trim().is_empty() || !r.learned.trim().is_empty())
                .map(|r| r.participant),
        );
        let mut mrs: BTreeSet<String> = BTreeSet::new();
        let links = self
            .objectives
            .iter()
            .filter_map(|o| o.link.as_deref())
            .chain(self.retros.iter().flat_map(|r| r.links.iter().map(String::as_str)));
        for link in links.filter(|l| is_merge_request(l)) {
            mrs.insert(link.trim_end_matches('/').to_lowercase());
        }
        Figures {
            projects: self.projects.len(),
            objectives: self.objectives.len(),
            objectives_done: self.objectives.iter().filter(|o| o.status == ObjectiveStatus::Done).count(),
            requests: self.requests.len(),
            help_given: accepted.len(),
            contributors: people.len(),
            merge_requests: mrs.len(),
            talks: self.talks.len(),
        }
    }

    /// Open requests nobody has been accepted on yet, pinned first, then by priority.
    pub fn requests_without_helper(&self) -> Vec<&HelpRequest> {
        let mut v: Vec<&HelpRequest> = self
            .requests
            .iter()
            .filter(|r| r.open && !self.offers.iter().any(|o| o.request_id == r.id && o.state == OfferState::Accepted))
            .collect();
        v.sort_by_key(|r| request_order(r));
        v
    }

    /// Participants with no objective in progress and no accepted offer of help: whom
    /// facilitators may point at a request.
    pub fn idle(&self) -> Vec<&Participant> {
        self.participants
            .iter()
            .filter(|p| {
                !self.objectives.iter().any(|o| o.owner == p.registration_id && o.status == ObjectiveStatus::InProgress)
                    && !self.offers.iter().any(|o| o.helper == p.registration_id && o.state == OfferState::Accepted)
            })
            .collect()
    }

    /// Requests in the facilitators' order: pinned, then by priority, then unprioritised by age.
    pub fn requests_in_order(&self) -> Vec<&HelpRequest> {
        let mut v: Vec<&HelpRequest> = self.requests.iter().collect();
        v.sort_by_key(|r| request_order(r));
        v
    }

    pub fn participant(&self, id: i64) -> Option<&Participant> {
        self.participants.iter().find(|p| p.registration_id == id)
    }

    pub fn name_of(&self, id: i64) -> String {
        self.participant(id).map(|p| p.name.clone()).unwrap_or_else(|| "Participant parti".into())
    }
}

fn request_order(r: &HelpRequest) -> (bool, bool, i64, i64) {
    (!r.pinned, r.priority.is_none(), r.priority.unwrap_or(0), r.id)
}

/// What the bilan draft says about the event.
pub struct BilanEvent<'a> {
    pub title: &'a str,
    pub start: jiff::civil::Date,
    pub end: jiff::civil::Date,
    pub venue: Option<&'a str>,
    /// The day the draft is written (its publication date).
    pub today: jiff::civil::Date,
}

/// The Markdown draft of the "bilan" post for the organisers' site: front matter the
/// importer (A3) reads, figures, projects with their closed objectives, the help given and
/// what people learned. Names of participants are not written: a public post must not
/// publish them without consent; organisers add them by hand if they wish.
pub fn bilan_markdown(board: &Board, event: &BilanEvent<'_>) -> String {
    let f = board.figures();
    let title = format!("Bilan : {}", event.title);
    let mut md = String::new();
    md.push_str("---\n");
    md.push_str(&format!("title: {}\n", yaml_string(&title)));
    md.push_str(&format!(
        "description: {}\n",
        yaml_string(&format!(
            "{} projets, {} objectifs atteints sur {}, {} coups de main donnés et {} demandes de fusion liées.",
            f.projects, f.objectives_done, f.objectives, f.help_given, f.merge_requests
        ))
    ));
    md.push_str(&format!("date: {}\n", event.today));
    md.push_str(&format!("event_start_date: {}\n", event.start));
    md.push_str(&format!("event_end_date: {}\n", event.end));
    if let Some(v) = event.venue {
        md.push_str(&format!("lieu: {}\n", yaml_string(v)));
    }
    md.push_str("tags:\n  - bilan\n  - garagethon\n");
    md.push_str("---\n\n");
    md.push_str("## En chiffres\n\n");
    md.push_str(&format!("- Projets sur le tableau : {}\n", f.projects));
    md.push_str(&format!("- Objectifs atteints : {} sur {}\n", f.objectives_done, f.objectives));
    md.push_str(&format!("- Demandes d'aide : {}\n", f.requests));
    md.push_str(&format!("- Coups de main donnés : {}\n", f.help_given));
    md.push_str(&format!("- Contributrices et contributeurs : {}\n", f.contributors));
    md.push_str(&format!("- Demandes de fusion liées : {}\n", f.merge_requests));
    md.push_str(&format!("- Présentations éclair : {}\n", f.talks));
    md.push_str("\n## Les projets\n");
    for p in &board.projects {
        md.push_str(&format!("\n### [{}]({})\n\n", markdown_text(&p.name), p.url));
        let mut line = Vec::new();
        if !p.publisher.is_empty() {
            line.push(format!("Publié par {}", markdown_text(&p.publisher)));
        }
        if !p.licence.is_empty() {
            line.push(format!("licence {}", markdown_text(&p.licence)));
        }
        if !line.is_empty() {
            md.push_str(&format!("{}.\n\n", line.join(", ")));
        }
        let done: Vec<&Objective> =
            board.objectives.iter().filter(|o| o.entry_id == p.entry_id && o.status == ObjectiveStatus::Done).collect();
        if done.is_empty() {
            md.push_str("Aucun objectif atteint pendant l'événement.\n");
        }
        for o in done {
            match &o.link {
                Some(link) => md.push_str(&format!("- {} ([suivi]({link}))\n", markdown_text(&o.title))),
                None => md.push_str(&format!("- {}\n", markdown_text(&o.title))),
            }
        }
    }
    let learned: Vec<&str> = board.retros.iter().map(|r| r.learned.trim()).filter(|l| !l.is_empty()).collect();
    if !learned.is_empty() {
        md.push_str("\n## Ce que nous avons appris les uns des autres\n\n");
        for l in learned {
            md.push_str(&format!("- {}\n", markdown_text(&l.replace(['\r', '\n'], " "))));
        }
    }
    md
}

/// A double-quoted YAML scalar.
fn yaml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text written into the Markdown draft with its markup characters escaped, so that a
/// participant's text stays text (no link, no HTML, no heading) in the published post.
fn markdown_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '!' | '|' | '{' | '}' | '(' | ')') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests;
