//! Unit tests of `domain::registration`.

use super::*;
use proptest::prelude::*;

fn settings(mode: Mode, places: u32) -> Settings {
    EventSettings::for_tests(mode, places).rules
}

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

#[test]
fn admit_confirms_while_places_remain_then_waitlists() {
    let s = settings(Mode::FirstCome, 2);

    assert_eq!(admit(&s, 0, 0), Admission::Confirmed);
    assert_eq!(admit(&s, 1, 0), Admission::Confirmed);
    assert_eq!(admit(&s, 2, 0), Admission::Waitlisted);
}

#[test]
fn admit_never_jumps_the_queue_when_a_place_is_free() {
    let s = settings(Mode::FirstCome, 2);

    assert_eq!(admit(&s, 1, 3), Admission::Waitlisted);
}

#[test]
fn admit_in_selection_mode_preregisters() {
    assert_eq!(admit(&settings(Mode::Selection, 10), 0, 0), Admission::Preregistered);
}

#[test]
fn offers_stop_when_registration_closes_or_event_starts() {
    let mut s = settings(Mode::FirstCome, 5);
    let start = ts("2030-01-09T09:00:00Z");

    assert_eq!(offers_to_make(&s, 3, 10, start, ts("2030-01-01T00:00:00Z")), 2);
    assert_eq!(offers_to_make(&s, 3, 1, start, ts("2030-01-01T00:00:00Z")), 1);
    assert_eq!(offers_to_make(&s, 3, 10, start, ts("2030-01-09T09:00:00Z")), 0);
    s.closes_at = Some(ts("2029-12-31T23:59:59Z"));
    assert_eq!(offers_to_make(&s, 3, 10, start, ts("2030-01-01T00:00:00Z")), 0);
}

#[test]
fn window_refuses_before_opening_after_closing_and_once_started() {
    let mut s = settings(Mode::FirstCome, 5);
    s.opens_at = Some(ts("2030-01-01T09:00:00Z"));
    s.closes_at = Some(ts("2030-01-05T22:59:59Z"));
    let start = ts("2030-01-09T09:00:00Z");

    assert_eq!(check_open(&s, start, ts("2030-01-01T08:59:59Z"), false), Err(Refusal::NotOpenYet));
    assert_eq!(check_open(&s, start, ts("2030-01-01T09:00:00Z"), false), Ok(()));
    assert_eq!(check_open(&s, start, ts("2030-01-05T22:59:59Z"), false), Ok(()));
    assert_eq!(check_open(&s, start, ts("2030-01-05T23:00:00Z"), false), Err(Refusal::Closed));
    s.closes_at = None;
    assert_eq!(check_open(&s, start, start, false), Err(Refusal::EventStarted));
}

#[test]
fn window_refuses_external_and_uninvited() {
    let start = ts("2030-01-09T09:00:00Z");
    let now = ts("2030-01-01T00:00:00Z");

    assert_eq!(check_open(&settings(Mode::External, 5), start, now, true), Err(Refusal::External));
    assert_eq!(check_open(&settings(Mode::Invitation, 5), start, now, false), Err(Refusal::InvitationOnly));
    assert_eq!(check_open(&settings(Mode::Invitation, 5), start, now, true), Ok(()));
}

#[test]
fn eligibility_by_status_and_domain() {
    let mut s = settings(Mode::FirstCome, 5);
    s.allowed_statuses = vec![ParticipantStatus::PublicAgent, ParticipantStatus::Contractor];
    s.allowed_domains = vec!["gouv.fr".into()];

    assert_eq!(check_eligible(&s, ParticipantStatus::Other, "a@numerique.gouv.fr"), Err(Refusal::StatusNotEligible));
    assert_eq!(check_eligible(&s, ParticipantStatus::PublicAgent, "a@numerique.gouv.fr"), Ok(()));
    assert_eq!(check_eligible(&s, ParticipantStatus::PublicAgent, "a@GOUV.FR"), Ok(()));
    assert_eq!(check_eligible(&s, ParticipantStatus::PublicAgent, "a@notgouv.fr"), Err(Refusal::DomainNotEligible));
    assert_eq!(check_eligible(&s, ParticipantStatus::Contractor, "a@example.org"), Err(Refusal::DomainNotEligible));
}

#[test]
fn lifecycle_allows_only_listed_transitions() {
    assert_eq!(apply(State::PendingEmail, Action::ConfirmEmail(Admission::Waitlisted)), Ok(State::Waitlisted));
    assert_eq!(apply(State::Waitlisted, Action::Offer), Ok(State::Offered));
    assert_eq!(apply(State::Offered, Action::AcceptOffer), Ok(State::Confirmed));
    assert_eq!(apply(State::Offered, Action::Expire), Ok(State::Expired));
    assert_eq!(apply(State::Confirmed, Action::Offer), Err(Refusal::NotAllowed));
    assert_eq!(apply(State::Cancelled, Action::Cancel), Err(Refusal::NotAllowed));
    assert_eq!(apply(State::Expired, Action::AcceptOffer), Err(Refusal::NotAllowed));
    assert_eq!(apply(State::Confirmed, Action::CheckIn), Ok(State::Attended));
}

#[test]
fn a_cancelled_offer_cannot_be_accepted() {
    let cancelled = apply(State::Offered, Action::Cancel).unwrap();

    assert_eq!(apply(cancelled, Action::AcceptOffer), Err(Refusal::NotAllowed));
}

fn candidates(n: i64) -> Vec<Candidate> {
    (1..=n).map(|id| Candidate { id, organisation: format!("Org {}", id % 3) }).collect()
}

#[test]
fn draw_is_reproducible_for_a_seed() {
    let a = draw(&candidates(20), 5, None, 42);
    let b = draw(&candidates(20), 5, None, 42);
    let c = draw(&candidates(20), 5, None, 43);

    assert_eq!(a, b);
    assert_ne!(a.selected, c.selected);
    assert_eq!(a.selected.len(), 5);
    assert_eq!(a.waitlist.len(), 15);
    assert_eq!(a.explanation.len(), 20);
}

#[test]
fn draw_does_not_depend_on_input_order() {
    let mut reversed = candidates(12);
    reversed.reverse();

    assert_eq!(draw(&candidates(12), 4, Some(2), 7), draw(&reversed, 4, Some(2), 7));
}

#[test]
fn draw_respects_quota_per_organisation() {
    let mut cs = candidates(3);
    cs.extend((10..20).map(|id| Candidate { id, organisation: " DINUM ".into() }));

    let d = draw(&cs, 6, Some(2), 1);

    let dinum = d.selected.iter().filter(|id| **id >= 10).count();
    assert_eq!(dinum, 2);
    assert_eq!(d.selected.len(), 5, "3 others + 2 DINUM: the quota leaves a place empty");
}

proptest! {
    #[test]
    fn admissions_never_exceed_places(places in 0u32..50, arrivals in 0u32..200) {
        let s = settings(Mode::FirstCome, places);
        let (mut taken, mut waiting) = (0, 0);
        for _ in 0..arrivals {
            match admit(&s, taken, waiting) {
                Admission::Confirmed => taken += 1,
                _ => waiting += 1,
            }
        }
        prop_assert_eq!(taken, places.min(arrivals));
        prop_assert_eq!(taken + waiting, arrivals);
    }

    #[test]
    fn draw_selects_at_most_places_and_keeps_everyone(n in 0i64..60, places in 0u32..30, seed: u64, quota in proptest::option::of(1u32..5)) {
        let d = draw(&candidates(n), places, quota, seed);
        prop_assert!(d.selected.len() <= places as usize);
        let mut all: Vec<i64> = d.selected.iter().chain(d.waitlist.iter()).copied().collect();
        all.sort();
        prop_assert_eq!(all, (1..=n).collect::<Vec<_>>());
    }
}

#[test]
fn pasted_lists_are_split_whatever_the_separator() {
    let list = "a@exemple.fr, b@exemple.fr;c@exemple.fr\n\"Dominique D.\" <d@exemple.fr>\r\n\te@exemple.fr a@exemple.fr\npas-une-adresse";
    assert_eq!(
        split_list(list),
        vec!["a@exemple.fr", "b@exemple.fr", "c@exemple.fr", "d@exemple.fr", "e@exemple.fr", "pas-une-adresse"]
    );
    assert!(split_list(" \n ,; ").is_empty());
}

/// Issue 19: the quota counted « ministère de l'intérieur » and « Ministère de l’Intérieur » as
/// two organisations.
#[test]
fn organisation_variants_are_one_organisation_for_quotas() {
    let variants = [
        "ministère de l'intérieur",
        "Ministère de l’Intérieur",
        "  MINISTERE  DE L INTERIEUR.",
        "ministère-de-l'intérieur",
    ];

    let keys: Vec<String> = variants.iter().map(|v| normalise_organisation(v)).collect();

    assert!(keys.iter().all(|k| k == "ministere de l interieur"), "{keys:?}");
    assert_ne!(normalise_organisation("DINUM"), normalise_organisation("DITP"));
}

#[test]
fn quota_counts_spelling_variants_of_one_organisation_together() {
    let candidates: Vec<Candidate> = ["Ministère de l'Intérieur", "ministère de l’intérieur", "DINUM"]
        .iter()
        .enumerate()
        .map(|(i, o)| Candidate { id: i as i64 + 1, organisation: (*o).to_owned() })
        .collect();

    let d = draw(&candidates, 3, Some(1), 7);

    assert_eq!(d.selected.len(), 2, "one place for the ministry, one for DINUM: {d:?}");
    assert_eq!(d.waitlist.len(), 1);
}
