//! D2: the checks run before a release: overlaps, speaker clashes, event and room hours,
//! formats' durations.

use super::model::{Item, Programme};
use crate::domain::event::{EventDates, Session};
use jiff::civil::{Date, Time};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A problem the checks found (D2), with the items concerned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Warning {
    /// Two items in the same room at the same time.
    RoomOverlap { room: String, item_ids: Vec<i64> },
    /// One speaker in two items at the same time.
    SpeakerClash { speaker: String, item_ids: Vec<i64> },
    /// An item on a day the event does not have (between two sessions of a series, too), or
    /// outside its daily hours or its session's hours.
    OutsideEvent { item_ids: Vec<i64> },
    /// An item outside its room's opening hours.
    OutsideRoomHours { room: String, item_ids: Vec<i64> },
    /// A talk longer than its format allows.
    TooLong { max_minutes: u32, item_ids: Vec<i64> },
}

impl Warning {
    /// The ids of the items concerned, for links to them.
    pub fn item_ids(&self) -> &[i64] {
        match self {
            Warning::RoomOverlap { item_ids, .. }
            | Warning::SpeakerClash { item_ids, .. }
            | Warning::OutsideEvent { item_ids }
            | Warning::OutsideRoomHours { item_ids, .. }
            | Warning::TooLong { item_ids, .. } => item_ids,
        }
    }

    /// The French sentence shown to organisers.
    pub fn message_fr(&self) -> String {
        match self {
            Warning::RoomOverlap { room, .. } => format!("Deux éléments occupent la salle « {room} » en même temps."),
            Warning::SpeakerClash { speaker, .. } => format!("{speaker} intervient à deux endroits en même temps."),
            Warning::OutsideEvent { .. } => {
                "Cet élément est en dehors des jours, des séances ou des horaires de l'événement.".to_owned()
            }
            Warning::OutsideRoomHours { room, .. } => {
                format!("Cet élément est en dehors des horaires d'ouverture de la salle « {room} ».")
            }
            Warning::TooLong { max_minutes, .. } => {
                format!("Cette intervention dépasse la durée de son format ({max_minutes} minutes au plus).")
            }
        }
    }
}

/// Runs every check of D2 and returns the warnings, in a stable order (by check, then by
/// first item). An empty list means the programme can be released without an override.
/// `sessions` are those of an event held on separate days (empty otherwise): an item must
/// then fall within one of them.
pub fn check(p: &Programme, dates: &EventDates, sessions: &[Session]) -> Vec<Warning> {
    let mut out = Vec::new();
    // Room overlaps: pairs of items sharing a room whose intervals intersect.
    for (i, a) in p.items.iter().enumerate() {
        for b in &p.items[i + 1..] {
            if a.room_id.is_some() && a.room_id == b.room_id && a.overlaps(b) {
                out.push(Warning::RoomOverlap {
                    room: p.room_name(a.room_id).to_owned(),
                    item_ids: sorted(vec![a.id, b.id]),
                });
            }
        }
    }
    // Speakers, compared case- and space-insensitively ("Anne  Martin" is "anne martin").
    let mut by_speaker: BTreeMap<String, (String, Vec<&Item>)> = BTreeMap::new();
    for item in &p.items {
        for s in &item.speakers {
            let key = s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
            by_speaker.entry(key).or_insert_with(|| (s.clone(), Vec::new())).1.push(item);
        }
    }
    let mut clashes = Vec::new();
    for (name, items) in by_speaker.values() {
        for (i, a) in items.iter().enumerate() {
            for b in &items[i + 1..] {
                if a.overlaps(b) {
                    clashes.push(Warning::SpeakerClash { speaker: name.clone(), item_ids: sorted(vec![a.id, b.id]) });
                }
            }
        }
    }
    clashes.sort_by(|a, b| a.item_ids().cmp(b.item_ids()));
    out.extend(clashes);
    for item in &p.items {
        if !within_event(item, dates, sessions) {
            out.push(Warning::OutsideEvent { item_ids: vec![item.id] });
        }
    }
    for item in &p.items {
        let Some(room) = item.room_id.and_then(|r| p.room(r)) else { continue };
        let opens_late = room.opens.is_some_and(|o| item.start.time() < o);
        let closes_early = room.closes.is_some_and(|c| item.end() > item.date().to_datetime(c));
        if opens_late || closes_early {
            out.push(Warning::OutsideRoomHours { room: room.name.clone(), item_ids: vec![item.id] });
        }
    }
    for item in &p.items {
        if let Some(max) = item.format_max_minutes
            && item.minutes > max
        {
            out.push(Warning::TooLong { max_minutes: max, item_ids: vec![item.id] });
        }
    }
    out
}

pub(super) fn sorted(mut v: Vec<i64>) -> Vec<i64> {
    v.sort();
    v
}

/// True when the item lies on one of the event's days and, when the event has daily hours,
/// within them on that day; for a series, on the day of one of its sessions and within that
/// session's hours. An item that runs past midnight is outside.
fn within_event(item: &Item, dates: &EventDates, sessions: &[Session]) -> bool {
    if sessions.is_empty() {
        return within(item, (dates.start_date, dates.end_date), (dates.start_time, dates.end_time));
    }
    sessions
        .iter()
        .find(|s| s.date == item.date())
        .is_some_and(|s| within(item, (s.date, s.date), (s.start_time, s.end_time)))
}

/// True when the item lies between the days `first` and `last` and within the hours, if any.
fn within(item: &Item, (first, last): (Date, Date), (start, end): (Option<Time>, Option<Time>)) -> bool {
    let day = item.date();
    if day < first || day > last || item.end().date() != day && item.end().time() != Time::midnight() {
        return false;
    }
    if item.end().date() != day && end.is_some() {
        return false;
    }
    let starts_ok = start.is_none_or(|s| item.start.time() >= s);
    let ends_ok = end.is_none_or(|e| item.end() <= day.to_datetime(e));
    starts_ok && ends_ok
}
