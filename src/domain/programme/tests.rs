//! Unit tests of the programme rules (D1 D2 D3 D4).

use super::checks::sorted;
use super::*;
use crate::domain::event::EventDates;
use jiff::civil::DateTime;
use jiff::civil::{date, time};
use proptest::prelude::*;
use std::collections::BTreeMap;

fn dates() -> EventDates {
    EventDates::new(date(2024, 1, 9), date(2024, 1, 10), Some(time(9, 0, 0, 0)), Some(time(18, 0, 0, 0))).unwrap()
}

fn input(title: &str, start: DateTime, minutes: u32, room: Option<i64>) -> ItemInput {
    ItemInput {
        kind: ItemKind::Talk,
        title: title.into(),
        summary: String::new(),
        start,
        minutes,
        room_id: room,
        track_id: None,
        speakers: vec![],
        proposal_id: None,
        format_max_minutes: None,
    }
}

fn room(name: &str) -> RoomInput {
    RoomInput { name: name.into(), capacity: Some(40), accessibility: None, opens: None, closes: None }
}

fn at(h: i8, m: i8) -> DateTime {
    date(2024, 1, 9).at(h, m, 0, 0)
}

fn draft_with_rooms() -> (Draft, i64, i64) {
    let mut d = Draft::default();
    let a = d.add_room(room("Salle A")).unwrap();
    let b = d.add_room(room("Salle B")).unwrap();
    (d, a, b)
}

#[test]
fn item_duration_off_grid_is_refused() {
    let (mut d, a, _) = draft_with_rooms();

    assert_eq!(d.add_item(input("x", at(10, 0), 7, Some(a))), Err(Invalid::Duration));
    assert_eq!(d.add_item(input("x", at(10, 0), 0, Some(a))), Err(Invalid::Duration));
    assert_eq!(d.add_item(input("x", at(10, 2), 5, Some(a))), Err(Invalid::StartOffGrid));
    assert_eq!(d.add_item(input("x", at(10, 5), 5, Some(a))), Ok(1));
}

#[test]
fn item_with_unknown_room_is_refused() {
    let (mut d, _, _) = draft_with_rooms();

    assert_eq!(d.add_item(input("x", at(10, 0), 30, Some(9))), Err(Invalid::UnknownRoom("9".into())));
}

#[test]
fn item_ids_are_never_reused_after_removal() {
    let (mut d, a, _) = draft_with_rooms();
    let first = d.add_item(input("Un", at(10, 0), 30, Some(a))).unwrap();
    d.remove_item(first).unwrap();

    let second = d.add_item(input("Deux", at(10, 0), 30, Some(a))).unwrap();

    assert_eq!((first, second), (1, 2));
}

#[test]
fn move_resize_and_swap_keep_ids_and_refuse_bad_values() {
    let (mut d, a, b) = draft_with_rooms();
    d.add_item(input("Un", at(10, 0), 30, Some(a))).unwrap();
    d.add_item(input("Deux", at(11, 0), 45, Some(b))).unwrap();

    d.move_item(1, at(14, 0), Some(b)).unwrap();
    d.resize_item(2, 60).unwrap();
    d.swap_items(1, 2).unwrap();

    let placed: Vec<(i64, DateTime, u32, Option<i64>)> =
        d.programme.items.iter().map(|i| (i.id, i.start, i.minutes, i.room_id)).collect();
    assert_eq!(placed, vec![(1, at(11, 0), 30, Some(b)), (2, at(14, 0), 60, Some(b))]);
    assert_eq!(d.move_item(1, at(14, 3), Some(a)), Err(Invalid::StartOffGrid));
    assert_eq!(d.resize_item(2, 62), Err(Invalid::Duration));
    assert_eq!(d.move_item(1, at(14, 0), Some(9)), Err(Invalid::UnknownRoom("9".into())));
    assert_eq!(d.swap_items(1, 7), Err(Invalid::UnknownItem(7)));
}

#[test]
fn check_room_overlap_names_both_items() {
    let (mut d, a, b) = draft_with_rooms();
    d.add_item(input("Un", at(10, 0), 30, Some(a))).unwrap();
    d.add_item(input("Deux", at(10, 25), 30, Some(a))).unwrap();
    d.add_item(input("Trois", at(10, 0), 30, Some(b))).unwrap();
    d.add_item(input("Quatre", at(10, 55), 30, Some(a))).unwrap();

    let w = check(&d.programme, &dates(), &[]);

    assert_eq!(w, vec![Warning::RoomOverlap { room: "Salle A".into(), item_ids: vec![1, 2] }]);
}

#[test]
fn check_back_to_back_items_do_not_overlap() {
    let (mut d, a, _) = draft_with_rooms();
    d.add_item(input("Un", at(10, 0), 30, Some(a))).unwrap();
    d.add_item(input("Deux", at(10, 30), 30, Some(a))).unwrap();

    assert_eq!(check(&d.programme, &dates(), &[]), vec![]);
}

#[test]
fn check_speaker_in_two_rooms_at_once_is_a_clash() {
    let (mut d, a, b) = draft_with_rooms();
    d.add_item(ItemInput { speakers: vec!["Anne Martin".into()], ..input("Un", at(14, 30), 60, Some(a)) }).unwrap();
    d.add_item(ItemInput {
        speakers: vec!["anne  martin".into(), "Paul".into()],
        ..input("Deux", at(15, 0), 30, Some(b))
    })
    .unwrap();
    d.add_item(ItemInput { speakers: vec!["Paul".into()], ..input("Trois", at(16, 0), 30, Some(b)) }).unwrap();

    let w = check(&d.programme, &dates(), &[]);

    assert_eq!(w, vec![Warning::SpeakerClash { speaker: "Anne Martin".into(), item_ids: vec![1, 2] }]);
}

#[test]
fn check_item_outside_event_days_or_hours_is_flagged() {
    let (mut d, a, _) = draft_with_rooms();
    d.add_item(input("Avant", at(8, 30), 60, Some(a))).unwrap();
    d.add_item(input("Dedans", at(9, 30), 60, Some(a))).unwrap();
    d.add_item(input("Tard", date(2024, 1, 10).at(17, 30, 0, 0), 60, Some(a))).unwrap();
    d.add_item(input("Autre jour", date(2024, 1, 11).at(10, 0, 0, 0), 30, Some(a))).unwrap();

    let w = check(&d.programme, &dates(), &[]);

    assert_eq!(
        w,
        vec![
            Warning::OutsideEvent { item_ids: vec![1] },
            Warning::OutsideEvent { item_ids: vec![3] },
            Warning::OutsideEvent { item_ids: vec![4] },
        ]
    );
}

/// Issue 18: a series held on separate days: an item on a day between two sessions, or
/// outside its session's hours, is outside the event, though within its overall span.
#[test]
fn check_item_between_two_sessions_or_outside_its_session_hours_is_flagged() {
    use crate::domain::event::{Session, span_of_sessions};
    let sessions = vec![
        Session::new(date(2024, 3, 12), Some(time(14, 0, 0, 0)), Some(time(16, 0, 0, 0))).unwrap(),
        Session::new(date(2024, 4, 9), Some(time(10, 0, 0, 0)), Some(time(12, 0, 0, 0))).unwrap(),
        Session::new(date(2024, 5, 14), None, None).unwrap(),
    ];
    let span = span_of_sessions(&sessions).unwrap();
    let mut d = Draft::default();
    d.add_item(input("Première séance", date(2024, 3, 12).at(14, 0, 0, 0), 60, None)).unwrap();
    d.add_item(input("Entre deux séances", date(2024, 3, 26).at(14, 0, 0, 0), 60, None)).unwrap();
    d.add_item(input("Aux heures d'une autre séance", date(2024, 4, 9).at(14, 0, 0, 0), 60, None)).unwrap();
    d.add_item(input("Deuxième séance", date(2024, 4, 9).at(11, 0, 0, 0), 60, None)).unwrap();
    d.add_item(input("Séance sans horaires", date(2024, 5, 14).at(8, 0, 0, 0), 60, None)).unwrap();

    let w = check(&d.programme, &span, &sessions);

    assert_eq!(w, vec![Warning::OutsideEvent { item_ids: vec![2] }, Warning::OutsideEvent { item_ids: vec![3] }]);
    assert!(
        check(&d.programme, &span, &[]).iter().all(|w| !w.item_ids().contains(&2)),
        "without its sessions, the span alone lets the day between them through"
    );
}

#[test]
fn check_item_past_midnight_of_all_day_event_is_flagged() {
    let (mut d, a, _) = draft_with_rooms();
    d.add_item(input("Nuit", date(2024, 1, 10).at(23, 30, 0, 0), 60, Some(a))).unwrap();
    d.add_item(input("Soir", date(2024, 1, 10).at(23, 30, 0, 0), 30, None)).unwrap();
    let all_days = EventDates::new(date(2024, 1, 9), date(2024, 1, 10), None, None).unwrap();

    assert_eq!(check(&d.programme, &all_days, &[]), vec![Warning::OutsideEvent { item_ids: vec![1] }]);
}

#[test]
fn check_item_outside_room_hours_is_flagged() {
    let mut d = Draft::default();
    let r = d
        .add_room(RoomInput { opens: Some(time(10, 0, 0, 0)), closes: Some(time(12, 0, 0, 0)), ..room("Amphi") })
        .unwrap();
    d.add_item(input("Tôt", at(9, 30), 60, Some(r))).unwrap();
    d.add_item(input("Bien", at(10, 30), 60, Some(r))).unwrap();
    d.add_item(input("Débord", at(11, 45), 30, Some(r))).unwrap();

    let w = check(&d.programme, &dates(), &[]);

    assert_eq!(
        w,
        vec![
            Warning::OutsideRoomHours { room: "Amphi".into(), item_ids: vec![1] },
            Warning::OutsideRoomHours { room: "Amphi".into(), item_ids: vec![3] },
        ]
    );
}

#[test]
fn check_talk_longer_than_its_format_is_flagged() {
    let (mut d, a, _) = draft_with_rooms();
    d.add_item(ItemInput { format_max_minutes: Some(20), ..input("Éclair", at(10, 0), 25, Some(a)) }).unwrap();
    d.add_item(ItemInput { format_max_minutes: Some(20), ..input("Juste", at(11, 0), 20, Some(a)) }).unwrap();

    assert_eq!(check(&d.programme, &dates(), &[]), vec![Warning::TooLong { max_minutes: 20, item_ids: vec![1] }]);
}

#[test]
fn changes_first_release_lists_everything_added() {
    let (mut d, a, _) = draft_with_rooms();
    d.add_item(input("Un", at(10, 0), 30, Some(a))).unwrap();

    let log = changes(None, &d.programme);

    assert_eq!(
        log,
        vec![Change::Added {
            item_id: 1,
            title: "Un".into(),
            to: Placement { start: at(10, 0), minutes: 30, room: "Salle A".into() }
        }]
    );
}

#[test]
fn changes_between_releases_are_exact() {
    let (mut d, a, b) = draft_with_rooms();
    d.add_item(ItemInput { speakers: vec!["Anne".into()], ..input("Un", at(10, 0), 30, Some(a)) }).unwrap();
    d.add_item(input("Deux", at(11, 0), 30, Some(a))).unwrap();
    d.add_item(input("Trois", at(12, 0), 30, Some(a))).unwrap();
    d.add_item(input("Quatre", at(14, 0), 30, Some(a))).unwrap();
    let v1 = d.programme.clone();
    d.update_item(1, ItemInput { speakers: vec!["Anne".into(), "Paul".into()], ..input("Un", at(10, 0), 30, Some(a)) })
        .unwrap();
    d.update_item(2, input("Deux", at(11, 0), 30, Some(b))).unwrap();
    d.remove_item(3).unwrap();
    d.update_item(4, input("Quatre bis", at(14, 0), 30, Some(a))).unwrap();
    d.add_item(input("Cinq", at(15, 0), 30, None)).unwrap();

    let log = changes(Some(&v1), &d.programme);

    assert_eq!(
        log,
        vec![
            Change::SpeakersChanged {
                item_id: 1,
                title: "Un".into(),
                before: vec!["Anne".into()],
                after: vec!["Anne".into(), "Paul".into()]
            },
            Change::Moved {
                item_id: 2,
                title: "Deux".into(),
                from: Placement { start: at(11, 0), minutes: 30, room: "Salle A".into() },
                to: Placement { start: at(11, 0), minutes: 30, room: "Salle B".into() },
            },
            Change::Retitled { item_id: 4, before: "Quatre".into(), after: "Quatre bis".into() },
            Change::Added {
                item_id: 5,
                title: "Cinq".into(),
                to: Placement { start: at(15, 0), minutes: 30, room: "".into() }
            },
            Change::Cancelled {
                item_id: 3,
                title: "Trois".into(),
                from: Placement { start: at(12, 0), minutes: 30, room: "Salle A".into() }
            },
        ]
    );
}

#[test]
fn notices_reach_speakers_of_changed_items_before_and_after() {
    let (mut d, a, b) = draft_with_rooms();
    d.programme.contacts.insert("Anne".into(), "anne@example.org".into());
    d.programme.contacts.insert("Paul".into(), "paul@example.org".into());
    d.add_item(ItemInput { speakers: vec!["Anne".into()], ..input("Un", at(10, 0), 30, Some(a)) }).unwrap();
    d.add_item(ItemInput { speakers: vec!["Léa".into()], ..input("Deux", at(11, 0), 30, Some(a)) }).unwrap();
    let v1 = d.programme.clone();
    d.update_item(1, ItemInput { speakers: vec!["Paul".into()], ..input("Un", at(10, 0), 30, Some(b)) }).unwrap();
    d.update_item(2, input("Deux", at(11, 30), 30, Some(a))).unwrap();
    d.add_item(ItemInput { speakers: vec!["Anne".into()], ..input("Trois", at(15, 0), 30, Some(a)) }).unwrap();
    let log = changes(Some(&v1), &d.programme);

    let n = notices(Some(&v1), &d.programme, &log);

    let summary: Vec<(&str, &str, Vec<i64>)> = n
        .iter()
        .map(|n| (n.email.as_str(), n.speaker.as_str(), n.changes.iter().map(Change::item_id).collect()))
        .collect();
    assert_eq!(summary, vec![("anne@example.org", "Anne", vec![1, 1]), ("paul@example.org", "Paul", vec![1, 1])]);
}

#[test]
fn basis_notices_and_holds_follow_the_draft_and_the_latest_release() {
    let (mut d, a, b) = draft_with_rooms();
    d.programme.contacts.insert("Anne".into(), "anne@example.org".into());
    d.add_item(ItemInput { speakers: vec!["Anne".into()], ..input("Un", at(10, 0), 30, Some(a)) }).unwrap();
    let previous = Release {
        number: 3,
        name: "v3".into(),
        released_at: jiff::Timestamp::UNIX_EPOCH,
        programme: d.programme.clone(),
        changes: vec![],
        warnings: vec![],
        overridden: false,
    };
    d.move_item(1, at(11, 0), Some(b)).unwrap();
    let basis = Basis { draft: d.clone(), previous: Some(previous) };
    let mut edited = d.clone();
    edited.remove_item(1).unwrap();

    let notified: Vec<(String, Vec<i64>)> =
        basis.notices().into_iter().map(|n| (n.email, n.changes.iter().map(Change::item_id).collect())).collect();

    assert_eq!(notified, vec![("anne@example.org".to_owned(), vec![1])]);
    assert!(basis.holds(&d, Some(3)));
    assert!(!basis.holds(&d, Some(4)), "a release made meanwhile");
    assert!(!basis.holds(&edited, Some(3)), "a draft edited meanwhile");
}

#[test]
fn change_describes_itself_in_french() {
    let from = Placement { start: at(9, 30), minutes: 60, room: "Salle A".into() };
    let to = Placement { start: date(2024, 1, 10).at(14, 0, 0, 0), minutes: 60, room: String::new() };

    let moved = Change::Moved { item_id: 1, title: "Un".into(), from, to };

    assert_eq!(
        moved.describe_fr(),
        "« Un » est déplacé : mardi 9 janvier 2024, 9 h 30 – 10 h 30, Salle A → mercredi 10 janvier 2024, 14 h – 15 h"
    );
}

#[test]
fn changes_of_identical_programmes_are_empty() {
    let (mut d, a, _) = draft_with_rooms();
    d.add_item(input("Un", at(10, 0), 30, Some(a))).unwrap();

    assert_eq!(changes(Some(&d.programme.clone()), &d.programme), vec![]);
}

#[test]
fn replace_keeps_ids_by_title_and_day_and_by_name() {
    let (mut d, a, _) = draft_with_rooms();
    d.add_item(input("Un", at(10, 0), 30, Some(a))).unwrap();
    d.add_item(input("Deux", at(11, 0), 30, Some(a))).unwrap();
    let plan = ImportPlan {
        rooms: vec![room("Salle B"), room("Salle C")],
        tracks: vec![],
        items: vec![
            PlannedItem {
                id: None,
                room: Some("Salle C".into()),
                track: None,
                input: input("Deux", at(15, 0), 30, None),
            },
            PlannedItem { id: None, room: None, track: None, input: input("Nouveau", at(16, 0), 30, None) },
        ],
        contacts: BTreeMap::new(),
    };

    d.replace(plan).unwrap();

    let ids: Vec<(i64, &str)> = d.programme.items.iter().map(|i| (i.id, i.title.as_str())).collect();
    assert_eq!(ids, vec![(2, "Deux"), (3, "Nouveau")]);
    let rooms: Vec<(i64, &str)> = d.programme.rooms.iter().map(|r| (r.id, r.name.as_str())).collect();
    assert_eq!(rooms, vec![(2, "Salle B"), (3, "Salle C")]);
}

#[test]
fn replace_refuses_unknown_room_and_leaves_draft_unchanged() {
    let (mut d, a, _) = draft_with_rooms();
    d.add_item(input("Un", at(10, 0), 30, Some(a))).unwrap();
    let before = d.clone();
    let plan = ImportPlan {
        rooms: vec![],
        tracks: vec![],
        items: vec![PlannedItem {
            id: None,
            room: Some("Nulle part".into()),
            track: None,
            input: input("Un", at(10, 0), 30, None),
        }],
        contacts: BTreeMap::new(),
    };

    assert_eq!(d.replace(plan), Err(Invalid::UnknownRoom("Nulle part".into())));
    assert_eq!(d, before);
}

#[test]
fn item_guid_is_stable_and_distinct() {
    assert_eq!(item_guid("garagethon-2024", 7), item_guid("garagethon-2024", 7));
    // Pinned: a change here would make every app see every item as new.
    assert_eq!(item_guid("garagethon-2024", 7), "0cdb961d-e5e5-8cad-8394-81eb247a3873");
    assert_ne!(item_guid("garagethon-2024", 7), item_guid("garagethon-2024", 8));
    assert_ne!(item_guid("garagethon-2024", 7), item_guid("autre", 7));
}

#[test]
fn colour_text_choice_passes_aa() {
    assert_eq!(Colour::parse("#ffe800").unwrap().text_colour().0, TextColour::Black);
    assert_eq!(Colour::parse("#000091").unwrap().text_colour().0, TextColour::White);
    assert!(!Colour::parse("#ffe800").unwrap().passes_aa_with(TextColour::White));
    assert_eq!(Colour::parse("fff"), Err(Invalid::Colour));
    assert_eq!(Colour::parse("#12345g"), Err(Invalid::Colour));
    assert_eq!(Colour::parse("#A0B1C2").unwrap().to_string(), "#a0b1c2");
}

#[test]
fn durations_are_written_for_exports() {
    assert_eq!((hmm(5), hmm(90), hhmm(5), hhmm(90)), ("0:05".into(), "1:30".into(), "00:05".into(), "01:30".into()));
}

#[test]
fn offsets_follow_paris_summer_time() {
    assert_eq!(iso_with_offset(date(2024, 1, 9).at(10, 0, 0, 0)), "2024-01-09T10:00:00+01:00");
    assert_eq!(iso_with_offset(date(2024, 7, 1).at(9, 30, 0, 0)), "2024-07-01T09:30:00+02:00");
}

proptest! {
    #[test]
    fn every_colour_gets_an_aa_text_colour(r in 0u8..=255, g in 0u8..=255, b in 0u8..=255) {
        let (text, ratio) = Colour(r, g, b).text_colour();
        prop_assert!(ratio >= AA_CONTRAST);
        prop_assert!(Colour(r, g, b).passes_aa_with(text));
    }

    #[test]
    fn guid_is_a_version_8_uuid(slug in "[a-z0-9-]{1,40}", id in 1i64..1_000_000) {
        let g = item_guid(&slug, id);
        prop_assert_eq!(g.len(), 36);
        prop_assert_eq!(&g[14..15], "8");
        prop_assert!(matches!(&g[19..20], "8" | "9" | "a" | "b"));
        prop_assert_eq!(g, item_guid(&slug, id));
    }

    #[test]
    fn check_finds_exactly_the_overlapping_pairs_of_a_room(slots in proptest::collection::vec((0i8..9, 0i8..12, 1u32..24, 0usize..3), 1..25)) {
        let mut d = Draft::default();
        let rooms: Vec<i64> = ["A", "B", "C"].iter().map(|n| d.add_room(room(n)).unwrap()).collect();
        for (n, (h, m, len, r)) in slots.iter().enumerate() {
            d.add_item(input(&format!("T{n}"), at(9 + h, 5 * m), 5 * len, Some(rooms[*r]))).unwrap();
        }
        let mut expected = Vec::new();
        let items = &d.programme.items;
        for (i, a) in items.iter().enumerate() {
            for b in &items[i + 1..] {
                if a.room_id == b.room_id && a.start < b.end() && b.start < a.end() {
                    expected.push(sorted(vec![a.id, b.id]));
                }
            }
        }

        let found: Vec<Vec<i64>> = check(&d.programme, &dates(), &[])
            .into_iter()
            .filter(|w| matches!(w, Warning::RoomOverlap { .. }))
            .map(|w| w.item_ids().to_vec())
            .collect();

        prop_assert_eq!(found, expected);
    }

    #[test]
    fn changes_to_itself_are_empty_for_any_moves(moves in proptest::collection::vec((0i8..8, 0u32..6, 0usize..2), 1..12)) {
        let (mut d, a, b) = draft_with_rooms();
        for (n, (h, m, r)) in moves.iter().enumerate() {
            d.add_item(input(&format!("T{n}"), at(9 + h, 0), 5 * (m + 1), Some([a, b][*r]))).unwrap();
        }
        prop_assert_eq!(changes(Some(&d.programme), &d.programme), vec![]);
        let all = changes(None, &d.programme);
        prop_assert_eq!(all.len(), moves.len());
    }
}

fn waiting(title: &str, minutes: u32, proposal: Option<i64>) -> Unplaced {
    Unplaced {
        id: 0,
        kind: ItemKind::Talk,
        title: title.into(),
        summary: String::new(),
        minutes,
        track_id: None,
        speakers: vec!["Ada".into()],
        proposal_id: proposal,
        format_max_minutes: None,
    }
}

/// Issue 19: an accepted talk added to the draft waits for a slot; placing it keeps its id,
/// and a place another item holds is accepted but flagged by the checks, never hidden.
#[test]
fn waiting_talk_is_placed_under_its_id_and_an_occupied_slot_is_flagged() {
    let (mut d, a, _) = draft_with_rooms();
    let coffee = d.add_item(input("Café d'accueil", at(9, 0), 30, Some(a))).unwrap();
    let talk = d.add_unplaced(waiting("Logiciels libres", 30, Some(7))).unwrap();
    let before = check(&d.programme, &dates(), &[]);

    d.place(talk, at(9, 0), Some(a)).unwrap();

    assert!(before.is_empty(), "a waiting talk is neither checked nor released: {before:?}");
    assert!(d.unplaced.is_empty());
    assert_eq!(d.programme.item(talk).map(|i| (i.title.as_str(), i.proposal_id)), Some(("Logiciels libres", Some(7))));
    assert_eq!(
        check(&d.programme, &dates(), &[]),
        [Warning::RoomOverlap { room: "Salle A".into(), item_ids: vec![coffee, talk] }]
    );
    assert_eq!(d.proposal_ids(), [7]);
}

#[test]
fn waiting_item_refuses_an_empty_title_a_bad_duration_and_an_unknown_room_when_placed() {
    let (mut d, _, _) = draft_with_rooms();
    let id = d.add_unplaced(waiting("Un", 30, None)).unwrap();

    assert_eq!(d.add_unplaced(waiting("  ", 30, None)), Err(Invalid::TitleMissing));
    assert_eq!(d.add_unplaced(waiting("Deux", 7, None)), Err(Invalid::Duration));
    assert_eq!(d.place(id, at(10, 0), Some(99)), Err(Invalid::UnknownRoom("99".into())));
    assert_eq!(d.place(id, at(10, 3), None), Err(Invalid::StartOffGrid));
    assert_eq!(d.place(42, at(10, 0), None), Err(Invalid::UnknownItem(42)));
    assert_eq!(d.unplaced.len(), 1, "a refused placing leaves the item waiting");
}

#[test]
fn unplacing_an_item_sends_it_back_to_the_waiting_list() {
    let (mut d, a, _) = draft_with_rooms();
    let id = d.add_item(input("Un", at(10, 0), 30, Some(a))).unwrap();

    d.unplace(id).unwrap();

    assert!(d.programme.items.is_empty());
    assert_eq!(d.unplaced.iter().map(|u| (u.id, u.title.as_str(), u.minutes)).collect::<Vec<_>>(), [(id, "Un", 30)]);
    assert_eq!(d.remove_item(id), Ok(()));
    assert!(d.unplaced.is_empty());
}

#[test]
fn room_in_use_cannot_be_removed_and_an_edit_keeps_its_id() {
    let (mut d, a, b) = draft_with_rooms();
    d.add_item(input("Un", at(10, 0), 30, Some(a))).unwrap();

    let refused = d.remove_room(a);
    let renamed = d.update_room(a, RoomInput { name: "Salle B".into(), ..room("x") });
    d.update_room(a, RoomInput { opens: Some(time(11, 0, 0, 0)), ..room("Amphi") }).unwrap();

    assert_eq!(refused, Err(Invalid::RoomInUse("Salle A".into(), 1)));
    assert_eq!(renamed, Err(Invalid::RoomNameTaken("Salle B".into())));
    assert_eq!(
        d.update_room(
            a,
            RoomInput { opens: Some(time(12, 0, 0, 0)), closes: Some(time(11, 0, 0, 0)), ..room("Amphi") }
        ),
        Err(Invalid::RoomHours)
    );
    assert_eq!(d.programme.room(a).map(|r| r.name.as_str()), Some("Amphi"));
    assert_eq!(
        check(&d.programme, &dates(), &[]),
        [Warning::OutsideRoomHours { room: "Amphi".into(), item_ids: vec![1] }]
    );
    assert_eq!(d.remove_room(b), Ok(()));
    assert_eq!(d.remove_room(b), Err(Invalid::RoomGone));
}

#[test]
fn track_in_use_even_by_a_waiting_item_cannot_be_removed() {
    let mut d = Draft::default();
    let t = d.add_track("Communs", Colour::parse("#000091").unwrap()).unwrap();
    d.add_unplaced(Unplaced { track_id: Some(t), ..waiting("Un", 30, None) }).unwrap();

    let refused = d.remove_track(t);
    d.update_track(t, "Communs numériques", Colour::parse("#ffcc00").unwrap()).unwrap();

    assert_eq!(refused, Err(Invalid::TrackInUse("Communs".into(), 1)));
    assert_eq!(
        d.programme.track(t).map(|t| (t.name.as_str(), t.colour.to_string())),
        Some(("Communs numériques", "#ffcc00".to_owned()))
    );
}

#[test]
fn import_keeps_the_waiting_items_it_does_not_hold() {
    let mut d = Draft::default();
    let kept = d.add_unplaced(waiting("Reste", 30, Some(1))).unwrap();
    d.add_unplaced(waiting("Importée", 30, Some(2))).unwrap();
    let mut planned = input("Importée", at(10, 0), 30, None);
    planned.proposal_id = Some(2);
    let plan = ImportPlan {
        items: vec![PlannedItem { id: None, room: None, track: None, input: planned }],
        ..ImportPlan::default()
    };

    d.replace(plan).unwrap();

    assert_eq!(d.unplaced.iter().map(|u| u.id).collect::<Vec<_>>(), [kept]);
    assert_eq!(d.programme.items.len(), 1);
    assert!(d.programme.items[0].id > kept, "a fresh id never reuses a waiting item's");
}
