//! D3: releases, the change log between two releases and the notices to speakers.

use super::Invalid;
use super::checks::Warning;
use super::draft::Draft;
use super::model::{Item, Programme};
use crate::domain::message::Composed;
use jiff::Timestamp;
use jiff::civil::DateTime;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
            crate::domain::french::long_date(self.start.date()),
            crate::domain::french::time(self.start.time()),
            crate::domain::french::time(end.time())
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

/// What a release is computed from, read before its write transaction so that the notices
/// to speakers are worded outside it (D3); the transaction releases only if the basis still
/// holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Basis {
    /// The working draft as read.
    pub draft: Draft,
    /// The latest release as read, `None` before the first.
    pub previous: Option<Release>,
}

impl Basis {
    /// The notices a release of this basis sends: the draft, in page order, against the
    /// previous release.
    pub fn notices(&self) -> Vec<Notice> {
        let mut programme = self.draft.programme.clone();
        programme.sort();
        let before = self.previous.as_ref().map(|r| &r.programme);
        notices(before, &programme, &changes(before, &programme))
    }

    /// True when `draft` and the number of the latest release, read again inside the
    /// release's transaction, are still those of the basis.
    pub fn holds(&self, draft: &Draft, latest_number: Option<i64>) -> bool {
        self.draft == *draft && self.previous.as_ref().map(|r| r.number) == latest_number
    }
}

/// A notice of a release worded for its speaker: the address and the message (D3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordedNotice {
    pub email: String,
    pub message: Composed,
}

/// The outcome of asking for a release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReleaseOutcome {
    /// The new release, with its number and change log.
    Released(Release),
    /// The checks found problems and no override was given: nothing was written.
    Blocked(Vec<Warning>),
}

/// A release as the public change log shows it (without its programme).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseLog {
    pub number: i64,
    pub name: String,
    pub released_at: Timestamp,
    pub changes: Vec<Change>,
    pub overridden: bool,
}
