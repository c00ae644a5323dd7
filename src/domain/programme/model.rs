//! D1: the programme's model (kinds, colours, rooms, tracks, items) and the parsing of its values.

use super::{GRID_MINUTES, Invalid, MAX_MINUTES};
use jiff::civil::{Date, DateTime, Time};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::fmt;

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
        crate::domain::event::Slug::derive(&self.name)
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

    pub(super) fn overlaps(&self, other: &Item) -> bool {
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

/// A room as given by a form or an import file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomInput {
    pub name: String,
    pub capacity: Option<u32>,
    pub accessibility: Option<String>,
    pub opens: Option<Time>,
    pub closes: Option<Time>,
}
