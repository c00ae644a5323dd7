//! C1 C2 C3: the rules of a call for talks: its window (closing inclusive to the minute, in
//! Europe/Paris), formats with a duration range, the review scores and their statistics, and
//! the decisions. Pure: no I/O, no clock (the caller passes `now`).

use super::event::EventId;
use super::message::Draft;
use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use serde::{Deserialize, Serialize};

/// The shortest and longest durations a format may allow, in minutes.
pub const MIN_MINUTES: u32 = 1;
pub const MAX_MINUTES: u32 = 240;
/// The highest score a reviewer gives on one criterion (scores go from 0 to this).
pub const MAX_SCORE: u8 = 4;

/// A kind of intervention and the durations it allows ("Intervention courte", 5 to 20 min).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Format {
    pub name: String,
    pub min_minutes: u32,
    pub max_minutes: u32,
}

impl Format {
    /// "5 à 20 minutes", or "5 minutes" when the range is one value.
    pub fn range_fr(&self) -> String {
        if self.min_minutes == self.max_minutes {
            format!("{} minutes", self.min_minutes)
        } else {
            format!("{} à {} minutes", self.min_minutes, self.max_minutes)
        }
    }
}

/// Why a call setting, a proposal or a decision is refused; the message is French.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("Cet événement n’a pas d’appel à interventions.")]
    NoCall,
    /// The instant it opens (Display writes it in French, Paris time; pages in English write
    /// their own, `web::views::refusal_message`).
    #[error("L’appel à interventions n’est pas encore ouvert : il ouvre le {}.", datetime_fr(*.0))]
    NotYetOpen(Timestamp),
    #[error(
        "L’appel à interventions est clos depuis le {} : les propositions ne peuvent plus être envoyées ni modifiées.",
        datetime_fr(*.0)
    )]
    Closed(Timestamp),
    #[error("Cette proposition a été retirée.")]
    Withdrawn,
    #[error("La durée doit être comprise entre {min} et {max} minutes pour le format « {format} ».")]
    DurationOutOfRange { format: String, min: u32, max: u32 },
    #[error("Choisissez un des formats proposés.")]
    UnknownFormat,
    #[error("Aucune décision annoncée ne vous demande de confirmer.")]
    NothingToConfirm,
    #[error("Les décisions ont déjà été annoncées.")]
    AlreadyAnnounced,
    #[error("Des propositions ont changé pendant la préparation des courriels : préparez-les à nouveau.")]
    ChangedMeanwhile,
    #[error("Ligne « {0} » : format attendu « Nom | durée minimale | durée maximale » (en minutes).")]
    BadFormatLine(String),
    #[error("Ligne « {0} » : les durées vont de {MIN_MINUTES} à {MAX_MINUTES} minutes, la minimale avant la maximale.")]
    FormatDurations(String),
    #[error("Le format « {0} » apparaît deux fois.")]
    DuplicateFormat(String),
    #[error("Indiquez au moins un format, par exemple « Intervention courte | 5 | 20 ».")]
    NoFormat,
    #[error("Au plus {0} questions de 300 caractères chacune.")]
    TooManyQuestions(usize),
    #[error("Au plus 10 critères de 100 caractères chacun.")]
    TooManyCriteria,
    #[error("Indiquez une date et une heure (format attendu : 2030-11-15T23:59).")]
    MissingDateTime,
    #[error("Date et heure invalides (format attendu : 2030-11-15T23:59).")]
    BadDateTime,
    #[error("Date invalide (format attendu : 2030-11-30).")]
    BadDate,
    #[error("La clôture doit suivre l'ouverture.")]
    ClosesBeforeOpens,
    #[error("Indiquez la durée souhaitée, en minutes.")]
    MissingDuration,
    #[error("La durée s'écrit en minutes, avec des chiffres (exemple : 15).")]
    DurationNotANumber,
    #[error("Cette adresse est déjà celle d'un autre intervenant de la proposition.")]
    DuplicateSpeaker,
    #[error("Indiquez le numéro de la proposition.")]
    NoProposalNumber,
    #[error("Une note va de 0 à {MAX_SCORE}.")]
    ScoreOutOfScale,
    #[error("Le commentaire ne peut pas dépasser 5 000 caractères.")]
    CommentTooLong,
    #[error("Choisissez une décision.")]
    NoDecision,
    #[error("Date et heure d'envoi invalides (format attendu : 2030-11-30T09:00).")]
    BadSendTime,
    #[error("Choisissez un des modèles de courriel.")]
    UnknownTemplate,
    #[error("L'objet et le texte du modèle sont obligatoires.")]
    TemplateRequired,
    #[error("Le modèle ne peut pas être lu : {0}")]
    TemplateUnreadable(String),
    #[error("L'objet et le texte du message sont obligatoires.")]
    MessageRequired,
    #[error("Choisissez de confirmer ou de décliner votre participation.")]
    NoCospeakerAnswer,
}

/// Parses one line of the formats setting: `Nom | 5 | 20` (or `Nom | 5` for a fixed length).
pub fn parse_format_line(line: &str) -> Result<Format, Refusal> {
    let parts: Vec<&str> = line.split('|').map(str::trim).collect();
    let bad = || Refusal::BadFormatLine(line.trim().to_owned());
    let (name, min, max) = match parts.as_slice() {
        [name, min] => (*name, *min, *min),
        [name, min, max] => (*name, *min, *max),
        _ => return Err(bad()),
    };
    let min: u32 = min.parse().map_err(|_| bad())?;
    let max: u32 = max.parse().map_err(|_| bad())?;
    if name.is_empty() || name.chars().count() > 80 {
        return Err(bad());
    }
    if min < MIN_MINUTES || max > MAX_MINUTES || min > max {
        return Err(Refusal::FormatDurations(line.trim().to_owned()));
    }
    Ok(Format { name: name.to_owned(), min_minutes: min, max_minutes: max })
}

/// The window of a call: open from `opens_at`; `closes_at` is the last minute a proposal is
/// taken in, whole ("avant le 15 novembre 23h59": 23:59:59 is in, 00:00:00 is out).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub opens_at: Timestamp,
    pub closes_at: Timestamp,
}

impl Window {
    /// Builds the window from Paris civil date-times; seconds of the closing minute are dropped,
    /// so that the whole minute counts. A time skipped by a change to summer time is read as the
    /// same wall-clock time after the change; a repeated one as its first occurrence.
    pub fn from_paris(opens: DateTime, closes: DateTime) -> Window {
        let closes = closes.with().second(0).subsec_nanosecond(0).build().unwrap_or(closes);
        Window { opens_at: super::event::to_instant(opens), closes_at: super::event::to_instant(closes) }
    }

    /// The first instant at which proposals are refused.
    pub fn refuses_from(&self) -> Timestamp {
        self.closes_at + jiff::SignedDuration::from_secs(60)
    }

    /// Accepts `now` inside the window; refuses before it opens and from the minute after it closes.
    pub fn check(&self, now: Timestamp) -> Result<(), Refusal> {
        if now < self.opens_at {
            return Err(Refusal::NotYetOpen(self.opens_at));
        }
        if now >= self.refuses_from() {
            return Err(Refusal::Closed(self.closes_at));
        }
        Ok(())
    }

    pub fn is_open(&self, now: Timestamp) -> bool {
        self.check(now).is_ok()
    }
}

/// "dimanche 15 novembre 2026 à 23 h 59", in Paris time.
pub fn datetime_fr(t: Timestamp) -> String {
    let z = t.to_zoned(super::event::paris());
    format!("{} à {} h {:02}", super::french::long_date(z.date()), z.hour(), z.minute())
}

/// Returns the format named `name` when `minutes` fits its range.
pub fn check_duration<'a>(formats: &'a [Format], name: &str, minutes: u32) -> Result<&'a Format, Refusal> {
    let f = formats.iter().find(|f| f.name == name).ok_or(Refusal::UnknownFormat)?;
    if minutes < f.min_minutes || minutes > f.max_minutes {
        return Err(Refusal::DurationOutOfRange { format: f.name.clone(), min: f.min_minutes, max: f.max_minutes });
    }
    Ok(f)
}

/// What the organisers decided about a proposal; invisible to proposers until announced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Accepted,
    Declined,
    Waitlisted,
}

impl Decision {
    pub const ALL: [Decision; 3] = [Decision::Accepted, Decision::Waitlisted, Decision::Declined];

    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Accepted => "accepted",
            Decision::Declined => "declined",
            Decision::Waitlisted => "waitlisted",
        }
    }

    pub fn parse(s: &str) -> Option<Decision> {
        Decision::ALL.into_iter().find(|d| d.as_str() == s)
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            Decision::Accepted => "Acceptée",
            Decision::Declined => "Non retenue",
            Decision::Waitlisted => "En liste d’attente",
        }
    }

    /// The kind of the mail that announces this decision (`templates/mail/{kind}.md`).
    pub fn mail_kind(self) -> &'static str {
        match self {
            Decision::Accepted => "proposal_accepted",
            Decision::Declined => "proposal_declined",
            Decision::Waitlisted => "proposal_waitlisted",
        }
    }
}

/// A speaker's answer to an announced acceptance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SpeakerAnswer {
    Confirmed,
    Declined,
}

impl SpeakerAnswer {
    pub fn as_str(self) -> &'static str {
        match self {
            SpeakerAnswer::Confirmed => "confirmed",
            SpeakerAnswer::Declined => "declined",
        }
    }

    pub fn parse(s: &str) -> Option<SpeakerAnswer> {
        [SpeakerAnswer::Confirmed, SpeakerAnswer::Declined].into_iter().find(|a| a.as_str() == s)
    }
}

/// What the proposer sees of a proposal: the decision only once it is announced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PublicState {
    Submitted,
    Withdrawn,
    Accepted,
    Declined,
    Waitlisted,
    Confirmed,
    Cancelled,
}

impl PublicState {
    pub fn label_fr(self) -> &'static str {
        match self {
            PublicState::Submitted => "Envoyée, en cours d’examen",
            PublicState::Withdrawn => "Retirée",
            PublicState::Accepted => "Acceptée : merci de confirmer votre venue",
            PublicState::Declined => "Non retenue",
            PublicState::Waitlisted => "En liste d’attente",
            PublicState::Confirmed => "Acceptée et confirmée",
            PublicState::Cancelled => "Acceptée, puis annulée par l’intervenant",
        }
    }
}

/// The state a proposer sees, given the stored facts and whether decisions are announced.
pub fn public_state(
    withdrawn: bool,
    decision: Option<Decision>,
    answer: Option<SpeakerAnswer>,
    announced: bool,
) -> PublicState {
    if withdrawn {
        return PublicState::Withdrawn;
    }
    match (announced, decision, answer) {
        (false, _, _) | (true, None, _) => PublicState::Submitted,
        (true, Some(Decision::Accepted), Some(SpeakerAnswer::Confirmed)) => PublicState::Confirmed,
        (true, Some(Decision::Accepted), Some(SpeakerAnswer::Declined)) => PublicState::Cancelled,
        (true, Some(Decision::Accepted), None) => PublicState::Accepted,
        (true, Some(Decision::Declined), _) => PublicState::Declined,
        (true, Some(Decision::Waitlisted), _) => PublicState::Waitlisted,
    }
}

/// Checks that a speaker may answer: the acceptance is announced and the proposal not withdrawn.
pub fn check_can_answer(withdrawn: bool, decision: Option<Decision>, announced: bool) -> Result<(), Refusal> {
    if !withdrawn && announced && decision == Some(Decision::Accepted) {
        Ok(())
    } else {
        Err(Refusal::NothingToConfirm)
    }
}

/// One reviewer's scores on each criterion (`None`: not scored).
pub type Scores = Vec<Option<u8>>;

/// What organisers see of a proposal's reviews.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreStats {
    /// Reviews with at least one score.
    pub reviews: usize,
    /// Mean of the reviewers' means, on the 0..=MAX_SCORE scale; `None` without scores.
    pub mean: Option<f64>,
    /// Highest minus lowest reviewer mean: a large spread means reviewers disagree.
    pub spread: Option<f64>,
    /// Mean per criterion, in the order of the criteria.
    pub per_criterion: Vec<Option<f64>>,
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// Computes the statistics of the reviews of one proposal over `criteria` criteria. Each
/// reviewer counts once, whatever the number of criteria they scored.
pub fn stats(reviews: &[Scores], criteria: usize) -> ScoreStats {
    let reviewer_means: Vec<f64> =
        reviews.iter().filter_map(|s| mean(s.iter().flatten().map(|v| f64::from(*v)))).collect();
    let per_criterion = (0..criteria)
        .map(|c| mean(reviews.iter().filter_map(|s| s.get(c).copied().flatten()).map(f64::from)))
        .collect();
    let spread =
        match (reviewer_means.iter().cloned().reduce(f64::max), reviewer_means.iter().cloned().reduce(f64::min)) {
            (Some(hi), Some(lo)) => Some(hi - lo),
            _ => None,
        };
    ScoreStats { reviews: reviewer_means.len(), mean: mean(reviewer_means.iter().copied()), spread, per_criterion }
}

/// Parses a score field: empty is "not scored"; otherwise 0..=MAX_SCORE.
pub fn parse_score(raw: &str) -> Result<Option<u8>, Refusal> {
    match raw.trim() {
        "" => Ok(None),
        s => s.parse::<u8>().ok().filter(|v| *v <= MAX_SCORE).map(Some).ok_or(Refusal::ScoreOutOfScale),
    }
}

/// "3,25": a score with two decimals and a French decimal comma.
pub fn score_fr(v: f64) -> String {
    format!("{v:.2}").replace('.', ",")
}

// ---------------------------------------------------------------- entities

/// The kinds of the decision mails, prepared and released as one batch.
pub const DECISION_KINDS: [&str; 3] = ["proposal_accepted", "proposal_declined", "proposal_waitlisted"];
/// The most co-speakers a proposal names besides its proposer.
pub const MAX_COSPEAKERS: usize = 3;

/// The settings of an event's call for talks.
#[derive(Debug, Clone, PartialEq)]
pub struct CallSettings {
    pub window: Window,
    /// Shown on the call page: when the organisers answer, when the programme is out.
    pub decisions_by: Option<Date>,
    pub programme_by: Option<Date>,
    /// Markdown shown above the form.
    pub intro: String,
    pub formats: Vec<Format>,
    /// The event's own questions, each answered in a text field.
    pub questions: Vec<String>,
    /// What reviewers score, each from 0 to `MAX_SCORE`.
    pub criteria: Vec<String>,
    /// Reviewers who are not organisers never see who proposed.
    pub anonymous: bool,
    /// Show the accepted talks on a public page before the programme exists.
    pub show_accepted: bool,
    /// When the decisions were made visible and their mails released.
    pub announced_at: Option<Timestamp>,
}

impl CallSettings {
    /// True once the decisions are visible to proposers.
    pub fn announced(&self, now: Timestamp) -> bool {
        self.announced_at.is_some_and(|t| t <= now)
    }
}

/// A speaker as the form gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakerInput {
    pub name: String,
    pub email: String,
    pub organisation: String,
    pub bio: String,
    /// The speaker agrees to have their name published with the talk.
    pub consent_publish: bool,
}

/// A proposal as the form gives it, already checked field by field; the store checks the
/// window and the duration. `speakers[0]` is the proposer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposalInput {
    pub title: String,
    pub summary: String,
    pub administration: String,
    pub subject: String,
    pub audience: String,
    pub format: String,
    pub minutes: u32,
    pub notes: String,
    /// Answers to the call's questions, in their order.
    pub answers: Vec<String>,
    pub speakers: Vec<SpeakerInput>,
    /// H2: the language of the form, kept with the proposal for its mails.
    pub lang: crate::i18n::Lang,
    /// I1: the SIRET ProConnect gave the first speaker, when the form was filled from it.
    pub siret: String,
}

/// A stored speaker.
#[derive(Debug, Clone, Serialize)]
pub struct Speaker {
    pub id: i64,
    pub position: i64,
    pub name: String,
    pub email: String,
    pub organisation: String,
    pub bio: String,
    pub consent_publish: bool,
    pub confirmed: bool,
}

/// A stored proposal with its speakers.
#[derive(Debug, Clone, Serialize)]
pub struct Proposal {
    pub id: i64,
    pub event_id: EventId,
    pub email: String,
    pub title: String,
    pub summary: String,
    pub administration: String,
    pub subject: String,
    pub audience: String,
    pub format: String,
    pub minutes: u32,
    pub notes: String,
    pub answers: Vec<String>,
    pub withdrawn: bool,
    pub decision: Option<Decision>,
    pub speaker_answer: Option<SpeakerAnswer>,
    pub created_at: i64,
    pub updated_at: i64,
    /// H2: the language its mails are written in (and its co-speakers').
    pub lang: crate::i18n::Lang,
    /// I1: the SIRET ProConnect gave the first speaker, or "".
    pub siret: String,
    pub speakers: Vec<Speaker>,
}

impl Proposal {
    /// What the proposer sees, given whether the decisions are announced.
    pub fn public_state(&self, announced: bool) -> PublicState {
        public_state(self.withdrawn, self.decision, self.speaker_answer, announced)
    }

    /// Accepted, announced and confirmed by the speaker: ready for the programme (C4).
    pub fn is_confirmed(&self) -> bool {
        !self.withdrawn
            && self.decision == Some(Decision::Accepted)
            && self.speaker_answer == Some(SpeakerAnswer::Confirmed)
    }

    /// The names that may be published: speakers who agreed, in order.
    pub fn public_speakers(&self) -> Vec<String> {
        self.speakers.iter().filter(|s| s.consent_publish && s.confirmed).map(|s| s.name.clone()).collect()
    }
}

/// One reviewer's review of a proposal.
#[derive(Debug, Clone, Serialize)]
pub struct Review {
    pub proposal_id: i64,
    pub user_id: i64,
    pub reviewer: String,
    pub scores: Scores,
    pub comment: String,
}

// ---------------------------------------------------------------- mails composed beforehand

/// The invitations of a proposal's co-speakers, composed before the write that may send
/// them: one draft per co-speaker address (lowercased), with a `Hole::Token` for the link
/// made inside the write.
#[derive(Debug, Clone, Default)]
pub struct CospeakerDrafts(pub Vec<(String, Draft)>);

impl CospeakerDrafts {
    /// The invitation to the co-speaker at `email` (lowercased).
    pub fn to(&self, email: &str) -> Option<&Draft> {
        self.0.iter().find(|(e, _)| e == email).map(|(_, d)| d)
    }
}

/// A decision mail composed before its batch is prepared, for the proposal as it was read
/// (`updated_at`), with a `Hole::Token` for the fresh private link.
#[derive(Debug, Clone)]
pub struct DecisionDraft {
    /// The proposal the decision is about.
    pub proposal_id: i64,
    /// When the proposal was last changed as the mail was composed: a later change makes
    /// the draft stale.
    pub updated_at: i64,
    /// The mail's kind (`Decision::mail_kind`).
    pub kind: &'static str,
    /// The mail to the proposer.
    pub draft: Draft,
    /// The same news for the co-speakers (issue 19), with a `Hole::Name` for each one's name
    /// and no private link (the proposal's page is its proposer's).
    pub cospeaker_draft: Draft,
    /// The event as a calendar file (`.ics`), attached to an acceptance.
    pub calendar: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn window(closes: DateTime) -> Window {
        Window::from_paris(date(2026, 1, 1).at(0, 0, 0, 0), closes)
    }

    #[test]
    fn closing_minute_is_inclusive_in_paris_winter_time() {
        // 15 November: Paris is UTC+1, so 23:59 Paris is 22:59 UTC.
        let w = window(date(2026, 11, 15).at(23, 59, 0, 0));

        assert_eq!(w.check(ts("2026-11-15T22:59:59Z")), Ok(()));
        let refused = w.check(ts("2026-11-15T23:00:00Z")).unwrap_err();
        assert_eq!(refused, Refusal::Closed(ts("2026-11-15T22:59:00Z")));
        assert!(refused.to_string().contains("clos depuis le dimanche 15 novembre 2026 à 23 h 59 :"), "{refused}");
    }

    #[test]
    fn closing_minute_is_inclusive_in_paris_summer_time() {
        // 15 June: Paris is UTC+2.
        let w = window(date(2026, 6, 15).at(23, 59, 0, 0));

        assert!(w.is_open(ts("2026-06-15T21:59:59Z")));
        assert!(!w.is_open(ts("2026-06-15T22:00:00Z")));
    }

    #[test]
    fn closing_in_the_hour_skipped_in_spring_is_read_after_the_change() {
        // 29 March 2026, 02:00 Paris jumps to 03:00: 02:30 does not exist and means 03:30 CEST.
        let w = window(date(2026, 3, 29).at(2, 30, 0, 0));

        assert_eq!(w.closes_at, ts("2026-03-29T01:30:00Z"));
        assert!(w.is_open(ts("2026-03-29T01:30:59Z")));
        assert!(!w.is_open(ts("2026-03-29T01:31:00Z")));
    }

    #[test]
    fn closing_in_the_hour_repeated_in_autumn_is_its_first_occurrence() {
        // 25 October 2026, 03:00 CEST goes back to 02:00 CET: 02:30 happens twice.
        let w = window(date(2026, 10, 25).at(2, 30, 0, 0));

        assert_eq!(w.closes_at, ts("2026-10-25T00:30:00Z"));
        assert!(!w.is_open(ts("2026-10-25T01:30:00Z")), "the second 02:30 is after the close");
    }

    #[test]
    fn seconds_of_the_closing_time_are_dropped_so_the_whole_minute_counts() {
        let w = window(date(2026, 11, 15).at(23, 59, 30, 0));

        assert!(w.is_open(ts("2026-11-15T22:59:10Z")));
    }

    #[test]
    fn before_opening_is_refused_with_the_opening_date() {
        let w = Window::from_paris(date(2026, 9, 1).at(9, 0, 0, 0), date(2026, 11, 15).at(23, 59, 0, 0));

        let refused = w.check(ts("2026-09-01T06:59:59Z")).unwrap_err();
        assert_eq!(refused, Refusal::NotYetOpen(ts("2026-09-01T07:00:00Z")));
        assert!(refused.to_string().contains("il ouvre le mardi 1er septembre 2026 à 9 h 00."), "{refused}");
        assert!(w.is_open(ts("2026-09-01T07:00:00Z")));
    }

    #[test]
    fn duration_must_fit_the_format_range() {
        let formats =
            vec![parse_format_line("Intervention courte | 5 | 20").unwrap(), parse_format_line("Éclair | 5").unwrap()];

        assert_eq!(check_duration(&formats, "Intervention courte", 5).unwrap().name, "Intervention courte");
        assert!(check_duration(&formats, "Intervention courte", 20).is_ok());
        assert_eq!(
            check_duration(&formats, "Intervention courte", 21),
            Err(Refusal::DurationOutOfRange { format: "Intervention courte".into(), min: 5, max: 20 })
        );
        assert_eq!(
            check_duration(&formats, "Intervention courte", 4).unwrap_err().to_string(),
            "La durée doit être comprise entre 5 et 20 minutes pour le format « Intervention courte »."
        );
        assert!(check_duration(&formats, "Éclair", 5).is_ok());
        assert!(check_duration(&formats, "Éclair", 6).is_err());
        assert_eq!(check_duration(&formats, "Keynote", 5), Err(Refusal::UnknownFormat));
    }

    #[test]
    fn format_lines_are_checked() {
        assert_eq!(
            parse_format_line(" Atelier |30| 90 ").unwrap(),
            Format { name: "Atelier".into(), min_minutes: 30, max_minutes: 90 }
        );
        assert!(parse_format_line("Atelier | 20 | 10").is_err());
        assert!(parse_format_line("Atelier | 0 | 10").is_err());
        assert!(parse_format_line("Atelier | 10 | 241").is_err());
        assert!(parse_format_line("Atelier").is_err());
        assert!(parse_format_line(" | 5 | 10").is_err());
        assert_eq!(parse_format_line("Éclair | 5").unwrap().range_fr(), "5 minutes");
        assert_eq!(
            parse_format_line("Atelier | 20 | 10").unwrap_err().to_string(),
            "Ligne « Atelier | 20 | 10 » : les durées vont de 1 à 240 minutes, la minimale avant la maximale."
        );
        assert_eq!(
            parse_format_line(" Atelier ").unwrap_err().to_string(),
            "Ligne « Atelier » : format attendu « Nom | durée minimale | durée maximale » (en minutes)."
        );
    }

    #[test]
    fn stats_count_each_reviewer_once_and_measure_disagreement() {
        let reviews = vec![vec![Some(4), Some(2)], vec![Some(1), None], vec![None, None]];

        let s = stats(&reviews, 2);

        assert_eq!(s.reviews, 2);
        assert_eq!(s.mean, Some(2.0));
        assert_eq!(s.spread, Some(2.0));
        assert_eq!(s.per_criterion, vec![Some(2.5), Some(2.0)]);
        assert_eq!(score_fr(s.mean.unwrap()), "2,00");
        assert_eq!(stats(&[], 2), ScoreStats { reviews: 0, mean: None, spread: None, per_criterion: vec![None, None] });
    }

    #[test]
    fn scores_outside_the_scale_are_refused() {
        assert_eq!(parse_score(""), Ok(None));
        assert_eq!(parse_score("4"), Ok(Some(4)));
        assert_eq!(parse_score("5").unwrap_err().to_string(), "Une note va de 0 à 4.");
        assert!(parse_score("-1").is_err());
        assert!(parse_score("trois").is_err());
    }

    #[test]
    fn decisions_stay_hidden_until_announced() {
        assert_eq!(public_state(false, Some(Decision::Accepted), None, false), PublicState::Submitted);
        assert_eq!(public_state(false, Some(Decision::Accepted), None, true), PublicState::Accepted);
        assert_eq!(
            public_state(false, Some(Decision::Accepted), Some(SpeakerAnswer::Confirmed), true),
            PublicState::Confirmed
        );
        assert_eq!(public_state(false, Some(Decision::Declined), None, true), PublicState::Declined);
        assert_eq!(public_state(true, Some(Decision::Accepted), None, true), PublicState::Withdrawn);
        assert_eq!(check_can_answer(false, Some(Decision::Accepted), false), Err(Refusal::NothingToConfirm));
        assert_eq!(check_can_answer(false, Some(Decision::Accepted), true), Ok(()));
        assert_eq!(check_can_answer(false, Some(Decision::Waitlisted), true), Err(Refusal::NothingToConfirm));
    }
}
