//! D1 D2: the working draft of a programme: adding, editing and placing items under ids that
//! are never reused, the rooms and tracks they refer to, the items still waiting for a slot,
//! and replacing the whole draft with an import.

use super::Invalid;
use super::model::{Colour, Item, ItemInput, ItemKind, Programme, Room, RoomInput, Track, check_minutes};
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
    /// Items that have no day, time nor room yet (issue 19): an accepted talk added to the
    /// draft waits here instead of landing on a slot another item holds. Never released nor
    /// checked; placing one moves it into `programme.items` under the same id.
    #[serde(default)]
    pub unplaced: Vec<Unplaced>,
}

impl Default for Draft {
    fn default() -> Draft {
        Draft {
            programme: Programme::default(),
            next_item_id: 1,
            next_room_id: 1,
            next_track_id: 1,
            unplaced: Vec::new(),
        }
    }
}

/// An item of the draft waiting for its day, time and room (see `Draft::unplaced`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unplaced {
    pub id: i64,
    pub kind: ItemKind,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    pub minutes: u32,
    #[serde(default)]
    pub track_id: Option<i64>,
    #[serde(default)]
    pub speakers: Vec<String>,
    #[serde(default)]
    pub proposal_id: Option<i64>,
    #[serde(default)]
    pub format_max_minutes: Option<u32>,
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

    /// Replaces a room's name, capacity, accessibility and hours, keeping its id (and so its
    /// items); refuses an unknown room, an empty name, the name of another room, or hours that
    /// close before they open.
    pub fn update_room(&mut self, id: i64, input: RoomInput) -> Result<(), Invalid> {
        let name = input.name.trim().to_owned();
        if name.is_empty() {
            return Err(Invalid::NameMissing);
        }
        if self.programme.rooms.iter().any(|r| r.name == name && r.id != id) {
            return Err(Invalid::RoomNameTaken(name));
        }
        if let (Some(o), Some(c)) = (input.opens, input.closes)
            && c <= o
        {
            return Err(Invalid::RoomHours);
        }
        let room = self.programme.rooms.iter_mut().find(|r| r.id == id).ok_or(Invalid::RoomGone)?;
        *room = Room {
            id,
            name,
            capacity: input.capacity,
            accessibility: input.accessibility.map(|a| a.trim().to_owned()).filter(|a| !a.is_empty()),
            opens: input.opens,
            closes: input.closes,
        };
        Ok(())
    }

    /// Removes a room no item uses; refuses one that items still use, so that deleting a
    /// room never moves or loses an item silently.
    pub fn remove_room(&mut self, id: i64) -> Result<(), Invalid> {
        let room = self.programme.room(id).ok_or(Invalid::RoomGone)?;
        let used = self.programme.items.iter().filter(|i| i.room_id == Some(id)).count();
        if used > 0 {
            return Err(Invalid::RoomInUse(room.name.clone(), used));
        }
        self.programme.rooms.retain(|r| r.id != id);
        Ok(())
    }

    /// Replaces a track's name and colour, keeping its id; refuses an unknown track, an empty
    /// name or the name of another track.
    pub fn update_track(&mut self, id: i64, name: &str, colour: Colour) -> Result<(), Invalid> {
        let name = name.trim().to_owned();
        if name.is_empty() {
            return Err(Invalid::NameMissing);
        }
        if self.programme.tracks.iter().any(|t| t.name == name && t.id != id) {
            return Err(Invalid::TrackNameTaken(name));
        }
        let track = self.programme.tracks.iter_mut().find(|t| t.id == id).ok_or(Invalid::TrackGone)?;
        *track = Track { id, name, colour };
        Ok(())
    }

    /// Removes a track no item (placed or waiting) has; refuses one still given to items.
    pub fn remove_track(&mut self, id: i64) -> Result<(), Invalid> {
        let track = self.programme.track(id).ok_or(Invalid::TrackGone)?;
        let used = self.programme.items.iter().filter(|i| i.track_id == Some(id)).count()
            + self.unplaced.iter().filter(|u| u.track_id == Some(id)).count();
        if used > 0 {
            return Err(Invalid::TrackInUse(track.name.clone(), used));
        }
        self.programme.tracks.retain(|t| t.id != id);
        Ok(())
    }

    /// Adds an item waiting for a slot under a fresh id (its `id` is ignored) and returns
    /// that id; refuses an empty title, a duration off the grid or an unknown track.
    pub fn add_unplaced(&mut self, waiting: Unplaced) -> Result<i64, Invalid> {
        let title = waiting.title.trim().to_owned();
        if title.is_empty() {
            return Err(Invalid::TitleMissing);
        }
        check_minutes(waiting.minutes)?;
        if let Some(t) = waiting.track_id {
            self.programme.track(t).ok_or_else(|| Invalid::UnknownTrack(t.to_string()))?;
        }
        let id = self.next_item_id;
        self.next_item_id += 1;
        self.unplaced.push(Unplaced { id, title, ..waiting });
        Ok(id)
    }

    /// Places a waiting item at `start` in `room_id`, keeping its id, with the checks of
    /// `add_item`; the result may then overlap another item, which the checks of D2 show.
    pub fn place(&mut self, id: i64, start: DateTime, room_id: Option<i64>) -> Result<(), Invalid> {
        let w = self.unplaced.iter().find(|u| u.id == id).ok_or(Invalid::UnknownItem(id))?.clone();
        let input = ItemInput {
            kind: w.kind,
            title: w.title,
            summary: w.summary,
            start,
            minutes: w.minutes,
            room_id,
            track_id: w.track_id,
            speakers: w.speakers,
            proposal_id: w.proposal_id,
            format_max_minutes: w.format_max_minutes,
        }
        .validate()?;
        self.check_refs(&input)?;
        self.unplaced.retain(|u| u.id != id);
        self.programme.items.push(item_from(id, input));
        self.programme.sort();
        Ok(())
    }

    /// Takes a placed item off the grid, back to the items waiting for a slot.
    pub fn unplace(&mut self, id: i64) -> Result<(), Invalid> {
        let item = self.programme.item(id).ok_or(Invalid::UnknownItem(id))?.clone();
        self.programme.items.retain(|i| i.id != id);
        self.unplaced.push(Unplaced {
            id,
            kind: item.kind,
            title: item.title,
            summary: item.summary,
            minutes: item.minutes,
            track_id: item.track_id,
            speakers: item.speakers,
            proposal_id: item.proposal_id,
            format_max_minutes: item.format_max_minutes,
        });
        Ok(())
    }

    /// The proposals of the call for talks that an item of the draft holds, placed or not.
    pub fn proposal_ids(&self) -> Vec<i64> {
        self.programme
            .items
            .iter()
            .filter_map(|i| i.proposal_id)
            .chain(self.unplaced.iter().filter_map(|u| u.proposal_id))
            .collect()
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

    /// Removes an item, placed or waiting; its id stays used (the next release lists it as
    /// cancelled).
    pub fn remove_item(&mut self, id: i64) -> Result<(), Invalid> {
        let before = self.programme.items.len() + self.unplaced.len();
        self.programme.items.retain(|i| i.id != id);
        self.unplaced.retain(|u| u.id != id);
        if self.programme.items.len() + self.unplaced.len() == before {
            return Err(Invalid::UnknownItem(id));
        }
        Ok(())
    }

    /// Replaces rooms, tracks and items with those of an import, keeping ids stable: a room
    /// or track keeps its id by name; an item keeps the id it names, else the id of the
    /// current item with the same title and day, else gets a fresh one. Items waiting for a
    /// slot stay, unless the import holds their id or their proposal; their track goes when
    /// the import has no track of that name.
    pub fn replace(&mut self, plan: ImportPlan) -> Result<(), Invalid> {
        // Built aside and swapped in at the end, so that a refusal leaves the draft as it was.
        let old = &self.programme;
        let mut next = Draft {
            programme: Programme::default(),
            next_item_id: self.next_item_id,
            next_room_id: self.next_room_id,
            next_track_id: self.next_track_id,
            unplaced: Vec::new(),
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
        let held = next.proposal_ids();
        for waiting in &self.unplaced {
            if taken.contains(&waiting.id) || waiting.proposal_id.is_some_and(|p| held.contains(&p)) {
                continue;
            }
            let track_name = waiting.track_id.and_then(|t| old.track(t)).map(|t| t.name.as_str());
            let track_id = track_name.and_then(|n| next.programme.tracks.iter().find(|t| t.name == n)).map(|t| t.id);
            next.unplaced.push(Unplaced { track_id, ..waiting.clone() });
        }
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
