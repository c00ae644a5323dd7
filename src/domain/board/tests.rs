//! Unit tests of `domain::board`.

use super::*;

fn facilitator() -> Actor {
    Actor::facilitator(&EditRight::command_line(crate::domain::event::EventId::new(1)))
}

fn participant(id: i64, name: &str) -> Participant {
    Participant {
        registration_id: id,
        name: name.into(),
        organisation: String::new(),
        email: format!("p{id}@example.org"),
    }
}

fn objective(id: i64, owner: i64, status: ObjectiveStatus, link: Option<&str>) -> Objective {
    Objective {
        id,
        entry_id: 1,
        owner,
        title: format!("Objectif {id}"),
        estimate: Estimate::Hours(2),
        status,
        link: link.map(String::from),
    }
}

fn request(id: i64, owner: i64, priority: Option<i64>, pinned: bool) -> HelpRequest {
    HelpRequest {
        id,
        entry_id: 1,
        owner,
        kind: RequestKind::Tests,
        title: format!("Demande {id}"),
        details: String::new(),
        skills: String::new(),
        newcomers: false,
        priority,
        pinned,
        theme: String::new(),
        open: true,
    }
}

fn seeded() -> Board {
    Board {
        public: true,
        participants: vec![
            participant(1, "Alice"),
            participant(2, "Bruno"),
            participant(3, "Chloé"),
            participant(4, "Dan"),
        ],
        projects: vec![Project {
            entry_id: 1,
            project_id: 9,
            name: "Outil [beta]".into(),
            url: "https://gitlab.com/dinum/outil".into(),
            forge: Forge::GitLab,
            path: Some("dinum/outil".into()),
            publisher: "DINUM".into(),
            licence: "EUPL-1.2".into(),
            description: String::new(),
            maintainers: "Alice".into(),
            added_by: 1,
            other_editions: vec![],
        }],
        objectives: vec![
            objective(1, 1, ObjectiveStatus::Done, Some("https://gitlab.com/dinum/outil/-/merge_requests/7")),
            objective(2, 1, ObjectiveStatus::InProgress, None),
            objective(3, 2, ObjectiveStatus::Done, Some("https://gitlab.com/dinum/outil/-/issues/3")),
            objective(4, 2, ObjectiveStatus::Dropped, None),
        ],
        requests: vec![request(1, 1, Some(2), false), request(2, 1, None, true), request(3, 2, Some(1), false)],
        offers: vec![
            Offer { id: 1, request_id: 1, helper: 3, message: String::new(), state: OfferState::Accepted },
            Offer { id: 2, request_id: 3, helper: 4, message: String::new(), state: OfferState::Declined },
        ],
        talks: vec![Talk { id: 1, speaker: 4, title: "Cinq minutes".into(), minutes: 5, position: 1 }],
        retros: vec![Retro {
            participant: 3,
            done: "Des tests".into(),
            learned: "Le **CI** de GitLab\nen deux lignes".into(),
            links: vec![
                "https://gitlab.com/dinum/outil/-/merge_requests/7/".into(),
                "https://github.com/a/b/pull/2".into(),
            ],
        }],
        moves: vec![],
    }
}

#[test]
fn objective_status_moves_and_refuses_no_ops() {
    assert_eq!(ObjectiveStatus::Proposed.move_to(ObjectiveStatus::InProgress), Ok(ObjectiveStatus::InProgress));
    assert_eq!(ObjectiveStatus::Done.move_to(ObjectiveStatus::InProgress), Ok(ObjectiveStatus::InProgress));
    assert_eq!(ObjectiveStatus::Done.move_to(ObjectiveStatus::Done), Err(Refusal::SameStatus));
    assert_eq!(ObjectiveStatus::Dropped.move_to(ObjectiveStatus::Done), Err(Refusal::Transition));
    for s in ObjectiveStatus::ALL {
        assert_eq!(ObjectiveStatus::parse(s.as_str()), Some(s));
    }
}

#[test]
fn estimates_read_hours_and_half_days() {
    assert_eq!(Estimate::parse("3"), Some(Estimate::Hours(3)));
    assert_eq!(Estimate::parse(" 2 h "), Some(Estimate::Hours(2)));
    assert_eq!(Estimate::parse("Demi-journée"), Some(Estimate::HalfDay));
    assert_eq!(Estimate::parse("journée"), Some(Estimate::Day));
    assert_eq!(Estimate::parse("half a day"), Some(Estimate::HalfDay));
    assert_eq!(Estimate::parse("Day"), Some(Estimate::Day));
    assert_eq!(Estimate::parse("3 hours"), Some(Estimate::Hours(3)));
    assert_eq!(Estimate::parse("0"), None);
    assert_eq!(Estimate::parse("17h"), None);
    assert_eq!(Estimate::parse("beaucoup"), None);
    for e in [Estimate::Hours(5), Estimate::HalfDay, Estimate::Day] {
        assert_eq!(Estimate::parse(&e.as_str()), Some(e));
    }
}

#[test]
fn only_owner_and_facilitators_edit() {
    assert_eq!(may_edit(Actor::Participant(1), 1), Ok(()));
    assert_eq!(may_edit(facilitator(), 1), Ok(()));
    assert_eq!(may_edit(Actor::Participant(2), 1), Err(Refusal::NotOwner));
}

#[test]
fn offer_lifecycle_accept_decline_withdraw() {
    let (owner, helper) = (1, 2);

    assert_eq!(
        apply_offer(OfferState::Offered, OfferAction::Accept, Actor::Participant(owner), owner, helper),
        Ok(OfferState::Accepted)
    );
    assert_eq!(
        apply_offer(OfferState::Offered, OfferAction::Accept, Actor::Participant(helper), owner, helper),
        Err(Refusal::NotOwner)
    );
    assert_eq!(
        apply_offer(OfferState::Offered, OfferAction::Decline, facilitator(), owner, helper),
        Ok(OfferState::Declined)
    );
    assert_eq!(
        apply_offer(OfferState::Accepted, OfferAction::Withdraw, Actor::Participant(helper), owner, helper),
        Ok(OfferState::Withdrawn)
    );
    assert_eq!(
        apply_offer(OfferState::Accepted, OfferAction::Withdraw, Actor::Participant(owner), owner, helper),
        Err(Refusal::NotOwner)
    );
    assert_eq!(
        apply_offer(OfferState::Declined, OfferAction::Accept, Actor::Participant(owner), owner, helper),
        Err(Refusal::Transition)
    );
    assert_eq!(may_offer(owner, owner, true), Err(Refusal::OwnRequest));
    assert_eq!(may_offer(helper, owner, false), Err(Refusal::RequestClosed));
}

#[test]
fn figures_of_a_seeded_board() {
    let f = seeded().figures();

    assert_eq!(
        f,
        Figures {
            projects: 1,
            objectives: 4,
            objectives_done: 2,
            requests: 3,
            help_given: 1,
            contributors: 4,
            merge_requests: 2,
            talks: 1
        }
    );
}

#[test]
fn facilitation_views_order_requests_and_find_idle_people() {
    let board = seeded();

    let order: Vec<i64> = board.requests_in_order().iter().map(|r| r.id).collect();
    let without: Vec<i64> = board.requests_without_helper().iter().map(|r| r.id).collect();
    let idle: Vec<&str> = board.idle().iter().map(|p| p.name.as_str()).collect();

    assert_eq!(order, [2, 3, 1]);
    assert_eq!(without, [2, 3]);
    assert_eq!(idle, ["Bruno", "Dan"]);
}

#[test]
fn bilan_draft_escapes_participant_text_and_states_figures() {
    let board = seeded();
    let event = BilanEvent {
        title: "Garagethon \"hiver\"",
        start: jiff::civil::date(2026, 1, 9),
        end: jiff::civil::date(2026, 1, 10),
        venue: Some("Lieu de la Transformation Publique"),
        today: jiff::civil::date(2026, 1, 12),
    };

    let md = bilan_markdown(&board, &event);

    assert!(md.starts_with("---\ntitle: \"Bilan : Garagethon \\\"hiver\\\"\"\ndescription: \"1 projets, 2 objectifs atteints sur 4, 1 coups de main donnés et 2 demandes de fusion liées.\"\ndate: 2026-01-12\nevent_start_date: 2026-01-09\n"), "{md}");
    assert!(md.contains("### [Outil \\[beta\\]](https://gitlab.com/dinum/outil)\n\nPublié par DINUM, licence EUPL-1.2.\n\n- Objectif 1 ([suivi](https://gitlab.com/dinum/outil/-/merge_requests/7))\n- Objectif 3 ([suivi](https://gitlab.com/dinum/outil/-/issues/3))\n"), "{md}");
    assert!(md.contains("- Le \\*\\*CI\\*\\* de GitLab en deux lignes\n"), "{md}");
    assert!(!md.contains("Alice"), "names are not published");
}
