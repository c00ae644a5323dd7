//! D1 D2: the working draft of a programme: adding, editing and placing items under ids that
//! are never reused, and replacing the whole draft with an import.

use super::Invalid;
use super::model::{Colour, Item, ItemInput, Programme, Room, RoomInput, Track};
use jiff::civil::DateTime;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The working draft: the programme being built and the next free ids. Ids are never
/// reused, even after a deletion, because a released item's id names it in apps forever.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub programme: Programme,
    pub next_item_id: i64,
    pub next_room_id: i64,
    pub next_track_id: i64,
}

impl Default for Draft {
    fn default() -> Draft {
        Draft { programme: Programme::default(), next_item_id: 1, next_room_id: 1, next_track_id: 1 }
    }
}

impl Draft {
    /// Adds a room; refuses an empty or already used name.
    pub fn add_room(&mut self, input: RoomInput) -> Result<i64, Invalid> {
        let name = input.name.trim().to_owned();
        if name.is_empty() {
            return Err(Invalid::NameMissing);
        }
        if self.programme.rooms.iter().any(|r| r.name == name) {
            return Err(Invalid::RoomNameTaken(name));
        }
        if let (Some(o), Some(c)) = (input.opens, input.closes)
            && c <= o
        {
            return Err(Invalid::RoomHours);
        }
        let id = self.next_room_id;
        self.next_room_id += 1;
        let accessibility = input.accessibility.map(|a| a.trim().to_owned()).filter(|a| !a.is_empty());
        self.programme.rooms.push(Room {
            id,
            name,
            capacity: input.capacity,
            accessibility,
            opens: input.opens,
            closes: input.closes,
        });
        Ok(id)
    }

    /// Adds a track; refuses an empty or already used name.
    pub fn add_track(&mut self, name: &str, colour: Colour) -> Result<i64, Invalid> {
        let name = name.trim().to_owned();
        if name.is_empty() {
            return Err(Invalid::NameMissing);
        }
        if self.programme.tracks.iter().any(|t| t.name == name) {
            return Err(Invalid::TrackNameTaken(name));
        }
        let id = self.next_track_id;
        self.next_track_id += 1;
        self.programme.tracks.push(Track { id, name, colour });
        Ok(id)
    }

    fn check_refs(&self, input: &ItemInput) -> Result<(), Invalid> {
        if let Some(r) = input.room_id {
            self.programme.room(r).ok_or_else(|| Invalid::UnknownRoom(r.to_string()))?;
        }
        if let Some(t) = input.track_id {
            self.programme.track(t).ok_or_else(|| Invalid::UnknownTrack(t.to_string()))?;
        }
        Ok(())
    }

    /// Adds an item under a fresh id and returns that id.
    pub fn add_item(&mut self, input: ItemInput) -> Result<i64, Invalid> {
        let input = input.validate()?;
        self.check_refs(&input)?;
        let id = self.next_item_id;
        self.next_item_id += 1;
        self.programme.items.push(item_from(id, input));
        self.programme.sort();
        Ok(id)
    }

    /// Replaces an item's content, keeping its id.
    pub fn update_item(&mut self, id: i64, input: ItemInput) -> Result<(), Invalid> {
        let input = input.validate()?;
        self.check_refs(&input)?;
        let slot = self.programme.items.iter_mut().find(|i| i.id == id).ok_or(Invalid::UnknownItem(id))?;
        *slot = item_from(id, input);
        self.programme.sort();
        Ok(())
    }

    /// Places an item at another start and room (the grid's "move"); refuses an unknown
    /// room or a start off the 5-minute grid.
    pub fn move_item(&mut self, id: i64, start: DateTime, room_id: Option<i64>) -> Result<(), Invalid> {
        let current = self.programme.item(id).ok_or(Invalid::UnknownItem(id))?;
        let input = ItemInput { start, room_id, ..input_of(current) };
        self.update_item(id, input)
    }

    /// Changes an item's duration (the grid's "resize").
    pub fn resize_item(&mut self, id: i64, minutes: u32) -> Result<(), Invalid> {
        let current = self.programme.item(id).ok_or(Invalid::UnknownItem(id))?;
        let input = ItemInput { minutes, ..input_of(current) };
        self.update_item(id, input)
    }

    /// Exchanges the start and room of two items (the grid's "swap"); durations stay.
    pub fn swap_items(&mut self, a: i64, b: i64) -> Result<(), Invalid> {
        let first = self.programme.item(a).ok_or(Invalid::UnknownItem(a))?.clone();
        let second = self.programme.item(b).ok_or(Invalid::UnknownItem(b))?.clone();
        for item in &mut self.programme.items {
            if item.id == a {
                (item.start, item.room_id) = (second.start, second.room_id);
            } else if item.id == b {
                (item.start, item.room_id) = (first.start, first.room_id);
            }
        }
        self.programme.sort();
        Ok(())
    }

    /// Removes an item; its id stays used (the next release lists it as cancelled).
    pub fn remove_item(&mut self, id: i64) -> Result<(), Invalid> {
        let before = self.programme.items.len();
        self.programme.items.retain(|i| i.id != id);
        if self.programme.items.len() == before {
            return Err(Invalid::UnknownItem(id));
        }
        Ok(())
    }

    /// Replaces rooms, tracks and items with those of an import, keeping ids stable: a room
    /// or track keeps its id by name; an item keeps the id it names, else the id of the
    /// current item with the same title and day, else gets a fresh one.
    pub fn replace(&mut self, plan: ImportPlan) -> Result<(), Invalid> {
        // Built aside and swapped in at the end, so that a refusal leaves the draft as it was.
        let old = &self.programme;
        let mut next = Draft {
            programme: Programme::default(),
            next_item_id: self.next_item_id,
            next_room_id: self.next_room_id,
            next_track_id: self.next_track_id,
        };
        for room in plan.rooms {
            let id = match old.rooms.iter().find(|r| r.name == room.name.trim()) {
                Some(r) => r.id,
                None => {
                    next.next_room_id += 1;
                    next.next_room_id - 1
                }
            };
            let name = room.name.trim().to_owned();
            if name.is_empty() {
                return Err(Invalid::NameMissing);
            }
            if next.programme.rooms.iter().any(|r| r.name == name) {
                return Err(Invalid::RoomNameTaken(name));
            }
            if let (Some(o), Some(c)) = (room.opens, room.closes)
                && c <= o
            {
                return Err(Invalid::RoomHours);
            }
            next.programme.rooms.push(Room {
                id,
                name,
                capacity: room.capacity,
                accessibility: room.accessibility,
                opens: room.opens,
                closes: room.closes,
            });
        }
        for (name, colour) in plan.tracks {
            let name = name.trim().to_owned();
            if name.is_empty() {
                return Err(Invalid::NameMissing);
            }
            if next.programme.tracks.iter().any(|t| t.name == name) {
                return Err(Invalid::TrackNameTaken(name));
            }
            let id = match old.tracks.iter().find(|t| t.name == name) {
                Some(t) => t.id,
                None => {
                    next.next_track_id += 1;
                    next.next_track_id - 1
                }
            };
            next.programme.tracks.push(Track { id, name, colour });
        }
        let named: Vec<i64> = plan.items.iter().filter_map(|p| p.id).collect();
        let mut taken: Vec<i64> = Vec::new();
        for planned in plan.items {
            let room_id = match &planned.room {
                Some(name) => Some(
                    next.programme
                        .rooms
                        .iter()
                        .find(|r| &r.name == name)
                        .ok_or_else(|| Invalid::UnknownRoom(name.clone()))?
                        .id,
                ),
                None => None,
            };
            let track_id = match &planned.track {
                Some(name) => Some(
                    next.programme
                        .tracks
                        .iter()
                        .find(|t| &t.name == name)
                        .ok_or_else(|| Invalid::UnknownTrack(name.clone()))?
                        .id,
                ),
                None => None,
            };
            let input = ItemInput { room_id, track_id, ..planned.input }.validate()?;
            let id = match planned.id {
                Some(id) => id,
                None => old
                    .items
                    .iter()
                    .find(|i| {
                        i.title == input.title
                            && i.date() == input.start.date()
                            && !taken.contains(&i.id)
                            && !named.contains(&i.id)
                    })
                    .map(|i| i.id)
                    .unwrap_or_else(|| {
                        while named.contains(&next.next_item_id) {
                            next.next_item_id += 1;
                        }
                        next.next_item_id += 1;
                        next.next_item_id - 1
                    }),
            };
            if taken.contains(&id) {
                return Err(Invalid::DuplicateItemId(id));
            }
            taken.push(id);
            next.programme.items.push(item_from(id, input));
        }
        if let Some(max) = taken.iter().max() {
            next.next_item_id = next.next_item_id.max(max + 1);
        }
        next.programme.contacts = plan.contacts;
        next.programme.sort();
        *self = next;
        Ok(())
    }
}

/// A programme read from an import file: rooms and tracks by name, items referring to them by name.
#[derive(Debug, Clone, Default)]
pub struct ImportPlan {
    pub rooms: Vec<RoomInput>,
    pub tracks: Vec<(String, Colour)>,
    pub items: Vec<PlannedItem>,
    /// Speakers' addresses by name (checked by the parser).
    pub contacts: BTreeMap<String, String>,
}

/// One item of an import file; `id` keeps a released item's identity when the file says it.
#[derive(Debug, Clone)]
pub struct PlannedItem {
    pub id: Option<i64>,
    pub room: Option<String>,
    pub track: Option<String>,
    /// `room_id` and `track_id` are ignored: they come from `room` and `track`.
    pub input: ItemInput,
}

fn input_of(i: &Item) -> ItemInput {
    ItemInput {
        kind: i.kind,
        title: i.title.clone(),
        summary: i.summary.clone(),
        start: i.start,
        minutes: i.minutes,
        room_id: i.room_id,
        track_id: i.track_id,
        speakers: i.speakers.clone(),
        proposal_id: i.proposal_id,
        format_max_minutes: i.format_max_minutes,
    }
}

fn item_from(id: i64, i: ItemInput) -> Item {
    Item {
        id,
        kind: i.kind,
        title: i.title,
        summary: i.summary,
        start: i.start,
        minutes: i.minutes,
        room_id: i.room_id,
        track_id: i.track_id,
        speakers: i.speakers,
        proposal_id: i.proposal_id,
        format_max_minutes: i.format_max_minutes,
    }
}
