//! D1 D2 D3: the programme of an event: rooms, tracks, items on a 5-minute grid, the conflict
//! checks, releases and the change log between two releases. Pure: no database, no clock.
//!
//! Item, room and track ids are small integers handed out by the working draft and never
//! reused, so that an item keeps its id, its URL and its GUID from one release to the next.

use super::event::{EventDates, paris};
use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::fmt;

/// Every start and duration sits on this grid, the `timeslot_duration` of the exports.
pub const GRID_MINUTES: u32 = 5;

/// The longest item: one whole day.
pub const MAX_MINUTES: u32 = 24 * 60;

/// Why a value given for the programme was refused; the message is French, for pages and the CLI.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Invalid {
    #[error("Le titre est obligatoire.")]
    TitleMissing,
    #[error("Le nom est obligatoire.")]
    NameMissing,
    #[error("La durée doit être un multiple de 5 minutes, entre 5 minutes et 24 heures.")]
    Duration,
    #[error("L'heure de début doit tomber sur un multiple de 5 minutes.")]
    StartOffGrid,
    #[error("La couleur doit s'écrire #rrvvbb.")]
    Colour,
    #[error("Type d'élément inconnu : {0}.")]
    Kind(String),
    #[error("Salle inconnue : {0}.")]
    UnknownRoom(String),
    #[error("Thème inconnu : {0}.")]
    UnknownTrack(String),
    #[error("Élément inconnu : {0}.")]
    UnknownItem(i64),
    #[error("Une salle porte déjà le nom {0}.")]
    RoomNameTaken(String),
    #[error("Un thème porte déjà le nom {0}.")]
    TrackNameTaken(String),
    #[error("L'identifiant {0} est utilisé par deux éléments.")]
    DuplicateItemId(i64),
    #[error("L'heure de fermeture de la salle précède son heure d'ouverture.")]
    RoomHours,
    #[error("Le nom de version est obligatoire.")]
    ReleaseNameMissing,
}

/// What kind of slot an item is; it decides its wording and how apps show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Talk,
    Workshop,
    Break,
    Meal,
    Welcome,
    Plenary,
    Text,
}

impl ItemKind {
    pub const ALL: [ItemKind; 7] = [
        ItemKind::Talk,
        ItemKind::Workshop,
        ItemKind::Break,
        ItemKind::Meal,
        ItemKind::Welcome,
        ItemKind::Plenary,
        ItemKind::Text,
    ];

    /// The stored spelling, also the `type` of the exports.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Talk => "talk",
            ItemKind::Workshop => "workshop",
            ItemKind::Break => "break",
            ItemKind::Meal => "meal",
            ItemKind::Welcome => "welcome",
            ItemKind::Plenary => "plenary",
            ItemKind::Text => "text",
        }
    }

    /// Returns the kind for a stored spelling, refusing an unknown one.
    pub fn parse(s: &str) -> Result<ItemKind, Invalid> {
        ItemKind::ALL.into_iter().find(|k| k.as_str() == s).ok_or_else(|| Invalid::Kind(s.to_owned()))
    }

    /// The French label shown on pages.
    pub fn label_fr(self) -> &'static str {
        match self {
            ItemKind::Talk => "Intervention",
            ItemKind::Workshop => "Atelier",
            ItemKind::Break => "Pause",
            ItemKind::Meal => "Repas",
            ItemKind::Welcome => "Accueil",
            ItemKind::Plenary => "Plénière",
            ItemKind::Text => "Information",
        }
    }

    /// True for slots that have speakers and a format (talks and workshops).
    pub fn is_session(self) -> bool {
        matches!(self, ItemKind::Talk | ItemKind::Workshop | ItemKind::Plenary)
    }
}

/// A colour written `#rrggbb`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Colour(pub u8, pub u8, pub u8);

/// The text colour to write on a coloured background.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TextColour {
    Black,
    White,
}

impl TextColour {
    pub fn hex(self) -> &'static str {
        match self {
            TextColour::Black => "#000000",
            TextColour::White => "#ffffff",
        }
    }
}

/// WCAG 2.1 AA contrast for normal text.
pub const AA_CONTRAST: f64 = 4.5;

impl Colour {
    /// Accepts `#rrggbb` (either case); refuses short forms and names.
    pub fn parse(s: &str) -> Result<Colour, Invalid> {
        let hex = s.trim().strip_prefix('#').ok_or(Invalid::Colour)?;
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Invalid::Colour);
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| Invalid::Colour);
        Ok(Colour(byte(0)?, byte(2)?, byte(4)?))
    }

    /// Relative luminance (WCAG 2.1).
    pub fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.03928 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// Contrast ratio between two colours, from 1 to 21.
    pub fn contrast(self, other: Colour) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (hi, lo) = if a > b { (a, b) } else { (b, a) };
        (hi + 0.05) / (lo + 0.05)
    }

    /// The text colour (black or white) with the higher contrast on this background, and that
    /// contrast. Every sRGB colour reaches at least 4.58 with one of the two, so the pair
    /// always passes WCAG AA for normal text.
    pub fn text_colour(self) -> (TextColour, f64) {
        let on_black = self.contrast(Colour(0, 0, 0));
        let on_white = self.contrast(Colour(255, 255, 255));
        if on_black >= on_white { (TextColour::Black, on_black) } else { (TextColour::White, on_white) }
    }

    /// True when text of `text` colour on this background passes WCAG AA.
    pub fn passes_aa_with(self, text: TextColour) -> bool {
        let t = match text {
            TextColour::Black => Colour(0, 0, 0),
            TextColour::White => Colour(255, 255, 255),
        };
        self.contrast(t) >= AA_CONTRAST
    }
}

impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

impl Serialize for Colour {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Colour {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Colour, D::Error> {
        let s = String::deserialize(d)?;
        Colour::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// A room of the venue. `opens`/`closes` bound its daily availability when known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Room {
    pub id: i64,
    pub name: String,
    pub capacity: Option<u32>,
    /// "Accessible en fauteuil roulant, boucle magnétique"…
    pub accessibility: Option<String>,
    pub opens: Option<Time>,
    pub closes: Option<Time>,
}

/// A track (theme) and its colour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Track {
    pub id: i64,
    pub name: String,
    pub colour: Colour,
}

impl Track {
    /// A slug of the name for CSS classes and exports (`[a-z0-9-]`, never empty).
    pub fn slug(&self) -> String {
        super::event::Slug::derive(&self.name)
            .map(|s| s.as_str().to_owned())
            .unwrap_or_else(|| format!("theme-{}", self.id))
    }
}

/// One slot of the programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub id: i64,
    pub kind: ItemKind,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    /// Europe/Paris civil date-time.
    pub start: DateTime,
    pub minutes: u32,
    pub room_id: Option<i64>,
    pub track_id: Option<i64>,
    #[serde(default)]
    pub speakers: Vec<String>,
    /// The proposal of the call for talks this item comes from (C4), when any.
    #[serde(default)]
    pub proposal_id: Option<i64>,
    /// The longest duration the proposal's format allows, when the item has a format.
    #[serde(default)]
    pub format_max_minutes: Option<u32>,
}

impl Item {
    /// The first moment after the item.
    pub fn end(&self) -> DateTime {
        self.start.checked_add(jiff::Span::new().minutes(i64::from(self.minutes))).unwrap_or(self.start)
    }

    pub fn date(&self) -> Date {
        self.start.date()
    }

    fn overlaps(&self, other: &Item) -> bool {
        self.start < other.end() && other.start < self.end()
    }
}

/// What an item is made of before it gets an id: a form or an import line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemInput {
    pub kind: ItemKind,
    pub title: String,
    pub summary: String,
    pub start: DateTime,
    pub minutes: u32,
    pub room_id: Option<i64>,
    pub track_id: Option<i64>,
    pub speakers: Vec<String>,
    pub proposal_id: Option<i64>,
    pub format_max_minutes: Option<u32>,
}

impl ItemInput {
    /// Checks the title and the 5-minute grid; trims speakers and drops empty ones.
    pub fn validate(mut self) -> Result<ItemInput, Invalid> {
        self.title = self.title.trim().to_owned();
        if self.title.is_empty() {
            return Err(Invalid::TitleMissing);
        }
        check_minutes(self.minutes)?;
        if u32::try_from(self.start.minute()).unwrap_or(1) % GRID_MINUTES != 0
            || self.start.second() != 0
            || self.start.subsec_nanosecond() != 0
        {
            return Err(Invalid::StartOffGrid);
        }
        self.speakers = self.speakers.iter().map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect();
        self.summary = self.summary.trim().to_owned();
        Ok(self)
    }
}

/// Refuses a duration that is zero, longer than a day or off the 5-minute grid.
pub fn check_minutes(minutes: u32) -> Result<(), Invalid> {
    if minutes == 0 || minutes > MAX_MINUTES || !minutes.is_multiple_of(GRID_MINUTES) {
        return Err(Invalid::Duration);
    }
    Ok(())
}

/// Rooms, tracks and items: the content of the draft and of each release.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Programme {
    pub rooms: Vec<Room>,
    pub tracks: Vec<Track>,
    /// Sorted by start, then room position, then id.
    pub items: Vec<Item>,
    /// Speakers' addresses by name, for the change notices of a release; never exported
    /// nor shown publicly.
    #[serde(default)]
    pub contacts: BTreeMap<String, String>,
}

impl Programme {
    pub fn room(&self, id: i64) -> Option<&Room> {
        self.rooms.iter().find(|r| r.id == id)
    }

    pub fn track(&self, id: i64) -> Option<&Track> {
        self.tracks.iter().find(|t| t.id == id)
    }

    pub fn item(&self, id: i64) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }

    /// The room's name, or "" for an item with no room (a break for everyone).
    pub fn room_name(&self, id: Option<i64>) -> &str {
        id.and_then(|id| self.room(id)).map(|r| r.name.as_str()).unwrap_or("")
    }

    /// The distinct days that hold at least one item, in order.
    pub fn dates(&self) -> Vec<Date> {
        let mut d: Vec<Date> = self.items.iter().map(Item::date).collect();
        d.sort();
        d.dedup();
        d
    }

    /// Puts items in the order every page and export shows them.
    pub fn sort(&mut self) {
        let position: HashMap<i64, usize> = self.rooms.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
        self.items
            .sort_by_key(|i| (i.start, i.room_id.and_then(|r| position.get(&r).copied()).unwrap_or(usize::MAX), i.id));
    }
}

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

/// A room as given by a form or an import file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomInput {
    pub name: String,
    pub capacity: Option<u32>,
    pub accessibility: Option<String>,
    pub opens: Option<Time>,
    pub closes: Option<Time>,
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

/// A problem the checks found (D2), with the items concerned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Warning {
    /// Two items in the same room at the same time.
    RoomOverlap { room: String, item_ids: Vec<i64> },
    /// One speaker in two items at the same time.
    SpeakerClash { speaker: String, item_ids: Vec<i64> },
    /// An item on a day the event does not have, or outside its daily hours.
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
                "Cet élément est en dehors des jours ou des horaires de l'événement.".to_owned()
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
pub fn check(p: &Programme, dates: &EventDates) -> Vec<Warning> {
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
        if !within_event(item, dates) {
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

fn sorted(mut v: Vec<i64>) -> Vec<i64> {
    v.sort();
    v
}

/// True when the item lies on one of the event's days and, when the event has daily hours,
/// within them on that day. An item that runs past midnight is outside.
fn within_event(item: &Item, dates: &EventDates) -> bool {
    let day = item.date();
    if day < dates.start_date
        || day > dates.end_date
        || item.end().date() != day && item.end().time() != Time::midnight()
    {
        return false;
    }
    if item.end().date() != day && dates.end_time.is_some() {
        return false;
    }
    let starts_ok = dates.start_time.is_none_or(|s| item.start.time() >= s);
    let ends_ok = dates.end_time.is_none_or(|e| item.end() <= day.to_datetime(e));
    starts_ok && ends_ok
}

/// An immutable released version of the programme (D3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Release {
    /// 1 for the first release, then 2, 3…
    pub number: i64,
    /// The name organisers gave it ("v1", "Programme définitif").
    pub name: String,
    pub released_at: Timestamp,
    pub programme: Programme,
    /// What changed since the previous release (everything is `Added` in the first one).
    pub changes: Vec<Change>,
    /// The warnings the checks found, released anyway when `overridden`.
    pub warnings: Vec<Warning>,
    pub overridden: bool,
}

/// Refuses an empty release name; trims it.
pub fn parse_release_name(raw: &str) -> Result<String, Invalid> {
    let name = raw.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(Invalid::ReleaseNameMissing);
    }
    Ok(name.to_owned())
}

/// Where and when an item takes place, as the change log shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placement {
    pub start: DateTime,
    pub minutes: u32,
    /// The room's name ("" for no room), so that the log stays readable after a room is renamed.
    pub room: String,
}

/// One line of the change log between two releases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    Added { item_id: i64, title: String, to: Placement },
    Cancelled { item_id: i64, title: String, from: Placement },
    Moved { item_id: i64, title: String, from: Placement, to: Placement },
    SpeakersChanged { item_id: i64, title: String, before: Vec<String>, after: Vec<String> },
    Retitled { item_id: i64, before: String, after: String },
}

impl Change {
    pub fn item_id(&self) -> i64 {
        match self {
            Change::Added { item_id, .. }
            | Change::Cancelled { item_id, .. }
            | Change::Moved { item_id, .. }
            | Change::SpeakersChanged { item_id, .. }
            | Change::Retitled { item_id, .. } => *item_id,
        }
    }
}

fn placement(p: &Programme, i: &Item) -> Placement {
    Placement { start: i.start, minutes: i.minutes, room: p.room_name(i.room_id).to_owned() }
}

/// The change log from `before` (the previous release, `None` for the first) to `after`:
/// items in `after` order, cancelled ones last in `before` order; one item may have several
/// lines (retitled and moved). A renamed room alone moves nothing (placements compare room ids).
pub fn changes(before: Option<&Programme>, after: &Programme) -> Vec<Change> {
    let empty = Programme::default();
    let before = before.unwrap_or(&empty);
    let mut out = Vec::new();
    for new in &after.items {
        let Some(old) = before.item(new.id) else {
            out.push(Change::Added { item_id: new.id, title: new.title.clone(), to: placement(after, new) });
            continue;
        };
        if old.title != new.title {
            out.push(Change::Retitled { item_id: new.id, before: old.title.clone(), after: new.title.clone() });
        }
        if old.start != new.start || old.minutes != new.minutes || old.room_id != new.room_id {
            out.push(Change::Moved {
                item_id: new.id,
                title: new.title.clone(),
                from: placement(before, old),
                to: placement(after, new),
            });
        }
        if old.speakers != new.speakers {
            out.push(Change::SpeakersChanged {
                item_id: new.id,
                title: new.title.clone(),
                before: old.speakers.clone(),
                after: new.speakers.clone(),
            });
        }
    }
    for old in &before.items {
        if after.item(old.id).is_none() {
            out.push(Change::Cancelled { item_id: old.id, title: old.title.clone(), from: placement(before, old) });
        }
    }
    out
}

impl Placement {
    /// "mardi 9 janvier 2024, 9 h 30 – 10 h 30, Salle A" (the room left out when none).
    pub fn describe_fr(&self) -> String {
        let end = self.start.checked_add(jiff::Span::new().minutes(i64::from(self.minutes))).unwrap_or(self.start);
        let when = format!(
            "{}, {} – {}",
            super::french::long_date(self.start.date()),
            super::french::time(self.start.time()),
            super::french::time(end.time())
        );
        if self.room.is_empty() { when } else { format!("{when}, {}", self.room) }
    }
}

impl Change {
    /// One French sentence for mails: "« Titre » est déplacé : … → …".
    pub fn describe_fr(&self) -> String {
        let names = |v: &[String]| if v.is_empty() { "aucun".to_owned() } else { v.join(", ") };
        match self {
            Change::Added { title, to, .. } => format!("« {title} » est ajouté : {}", to.describe_fr()),
            Change::Cancelled { title, from, .. } => format!("« {title} » est annulé (prévu {})", from.describe_fr()),
            Change::Moved { title, from, to, .. } => {
                format!("« {title} » est déplacé : {} → {}", from.describe_fr(), to.describe_fr())
            }
            Change::SpeakersChanged { title, before, after, .. } => {
                format!("« {title} » change d'intervenants : {} → {}", names(before), names(after))
            }
            Change::Retitled { before, after, .. } => format!("« {before} » s'intitule désormais « {after} »"),
        }
    }
}

/// What one speaker is told after a release: the changes to the items they speak in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub email: String,
    pub speaker: String,
    pub changes: Vec<Change>,
}

/// The notices of a release (D3): one per speaker with an address whose item was moved,
/// retitled, cancelled or had its speakers changed, speakers taken before and after the
/// change. Added items are not notices (the first release adds everything). Sorted by address.
pub fn notices(before: Option<&Programme>, after: &Programme, changes: &[Change]) -> Vec<Notice> {
    let mut by_email: BTreeMap<String, Notice> = BTreeMap::new();
    for change in changes {
        if matches!(change, Change::Added { .. }) {
            continue;
        }
        let id = change.item_id();
        let mut speakers: Vec<&String> = Vec::new();
        for p in [before, Some(after)].into_iter().flatten() {
            if let Some(item) = p.item(id) {
                speakers.extend(item.speakers.iter());
            }
        }
        speakers.sort();
        speakers.dedup();
        for speaker in speakers {
            let Some(email) = after.contacts.get(speaker).or_else(|| before.and_then(|b| b.contacts.get(speaker)))
            else {
                continue;
            };
            let notice = by_email.entry(email.clone()).or_insert_with(|| Notice {
                email: email.clone(),
                speaker: speaker.clone(),
                changes: Vec::new(),
            });
            if !notice.changes.contains(change) {
                notice.changes.push(change.clone());
            }
        }
    }
    by_email.into_values().collect()
}

/// A name-based UUID (RFC 9562 version 8: SHA-256 of the name, first 16 bytes, version and
/// variant bits set). The same name always gives the same UUID, on any instance.
pub fn name_uuid(name: &str) -> String {
    let digest = Sha256::digest(name.as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&digest[..16]);
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

/// The GUID of an item: derived from the event's slug (which never changes) and the item's
/// id (never reused), so it is the same in every release and every export.
pub fn item_guid(event_slug: &str, item_id: i64) -> String {
    name_uuid(&format!("rencontres:programme:{event_slug}:item:{item_id}"))
}

/// The GUID of a room, stable like an item's.
pub fn room_guid(event_slug: &str, room_id: i64) -> String {
    name_uuid(&format!("rencontres:programme:{event_slug}:room:{room_id}"))
}

/// The GUID of a speaker, from the name as written (speakers have no account yet).
pub fn person_guid(name: &str) -> String {
    name_uuid(&format!("rencontres:person:{}", name.trim().to_lowercase()))
}

/// A positive integer id of a speaker for formats that need one, derived from the name.
pub fn person_id(name: &str) -> i64 {
    let d = Sha256::digest(format!("rencontres:person:{}", name.trim().to_lowercase()).as_bytes());
    i64::from(u32::from_be_bytes([d[0] & 0x7f, d[1], d[2], d[3]])) + 1
}

/// The UTC offset of a Paris civil time as `+01:00` / `+02:00`.
pub fn paris_offset(dt: DateTime) -> String {
    let zoned = paris().to_ambiguous_zoned(dt).compatible();
    let secs = zoned.map(|z| z.offset().seconds()).unwrap_or(3600);
    let sign = if secs < 0 { '-' } else { '+' };
    let secs = secs.abs();
    format!("{sign}{:02}:{:02}", secs / 3600, (secs % 3600) / 60)
}

/// `2024-01-09T10:00:00+01:00`: a Paris civil time with its offset, as exports write it.
pub fn iso_with_offset(dt: DateTime) -> String {
    format!("{}{}", dt.strftime("%Y-%m-%dT%H:%M:%S"), paris_offset(dt))
}

/// `H:MM` (`0:05`, `1:30`) for durations in the exports.
pub fn hmm(minutes: u32) -> String {
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

/// `HH:MM` (`00:05`, `01:30`): the zero-padded form pretalx writes.
pub fn hhmm(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date, time};
    use proptest::prelude::*;

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

        let w = check(&d.programme, &dates());

        assert_eq!(w, vec![Warning::RoomOverlap { room: "Salle A".into(), item_ids: vec![1, 2] }]);
    }

    #[test]
    fn check_back_to_back_items_do_not_overlap() {
        let (mut d, a, _) = draft_with_rooms();
        d.add_item(input("Un", at(10, 0), 30, Some(a))).unwrap();
        d.add_item(input("Deux", at(10, 30), 30, Some(a))).unwrap();

        assert_eq!(check(&d.programme, &dates()), vec![]);
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

        let w = check(&d.programme, &dates());

        assert_eq!(w, vec![Warning::SpeakerClash { speaker: "Anne Martin".into(), item_ids: vec![1, 2] }]);
    }

    #[test]
    fn check_item_outside_event_days_or_hours_is_flagged() {
        let (mut d, a, _) = draft_with_rooms();
        d.add_item(input("Avant", at(8, 30), 60, Some(a))).unwrap();
        d.add_item(input("Dedans", at(9, 30), 60, Some(a))).unwrap();
        d.add_item(input("Tard", date(2024, 1, 10).at(17, 30, 0, 0), 60, Some(a))).unwrap();
        d.add_item(input("Autre jour", date(2024, 1, 11).at(10, 0, 0, 0), 30, Some(a))).unwrap();

        let w = check(&d.programme, &dates());

        assert_eq!(
            w,
            vec![
                Warning::OutsideEvent { item_ids: vec![1] },
                Warning::OutsideEvent { item_ids: vec![3] },
                Warning::OutsideEvent { item_ids: vec![4] },
            ]
        );
    }

    #[test]
    fn check_item_past_midnight_of_all_day_event_is_flagged() {
        let (mut d, a, _) = draft_with_rooms();
        d.add_item(input("Nuit", date(2024, 1, 10).at(23, 30, 0, 0), 60, Some(a))).unwrap();
        d.add_item(input("Soir", date(2024, 1, 10).at(23, 30, 0, 0), 30, None)).unwrap();
        let all_days = EventDates::new(date(2024, 1, 9), date(2024, 1, 10), None, None).unwrap();

        assert_eq!(check(&d.programme, &all_days), vec![Warning::OutsideEvent { item_ids: vec![1] }]);
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

        let w = check(&d.programme, &dates());

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

        assert_eq!(check(&d.programme, &dates()), vec![Warning::TooLong { max_minutes: 20, item_ids: vec![1] }]);
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
        d.update_item(
            1,
            ItemInput { speakers: vec!["Anne".into(), "Paul".into()], ..input("Un", at(10, 0), 30, Some(a)) },
        )
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
        assert_eq!(
            (hmm(5), hmm(90), hhmm(5), hhmm(90)),
            ("0:05".into(), "1:30".into(), "00:05".into(), "01:30".into())
        );
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

            let found: Vec<Vec<i64>> = check(&d.programme, &dates())
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
}
