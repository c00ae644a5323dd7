//! D3 D4: what the programme templates receive, already in French. Built from a release only.

use crate::domain::event::{Event, paris};
use crate::domain::programme::{Change, Item, Placement, Release, ReleaseLog};
use crate::i18n::{self, t, t_args};
use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Tab {
    pub label: String,
    pub url: String,
    pub current: bool,
}

#[derive(Debug, Serialize)]
pub struct TrackView {
    pub name: String,
    /// The CSS class `couleurs.css` defines for this track's colours.
    pub class: String,
}

/// One item in a table row or a list entry.
#[derive(Debug, Serialize)]
pub struct ItemRow {
    pub id: i64,
    pub url: String,
    pub title: String,
    pub kind_label: String,
    pub time_text: String,
    pub start_iso: String,
    pub end_iso: String,
    pub date_text: String,
    pub room: String,
    pub track: Option<TrackView>,
    pub speakers: String,
}

#[derive(Debug, Serialize)]
pub struct DayView {
    /// `2024-01-09`, also the anchor and the day tab's path segment.
    pub date: String,
    pub title: String,
    pub url: String,
    pub items: Vec<ItemRow>,
}

#[derive(Debug, Serialize)]
pub struct RoomView {
    pub name: String,
    pub anchor: String,
    pub capacity: Option<u32>,
    pub accessibility: Option<String>,
    pub days: Vec<DayView>,
}

#[derive(Debug, Serialize)]
pub struct TrackGroup {
    pub name: String,
    pub anchor: String,
    pub class: String,
    pub items: Vec<ItemRow>,
}

/// What every programme page shows above its content.
#[derive(Debug, Serialize)]
pub struct Header {
    pub event_title: String,
    /// H2: `Some("fr")` when an English reader gets the French title.
    pub event_title_lang: Option<&'static str>,
    pub event_url: String,
    pub slug: String,
    pub release_name: String,
    pub released_text: String,
    pub tabs: Vec<Tab>,
    pub exports: Vec<Tab>,
    pub versions_url: String,
}

pub fn programme_url(slug: &str) -> String {
    format!("/evenements/{slug}/programme")
}

pub fn item_url(slug: &str, id: i64) -> String {
    format!("/evenements/{slug}/programme/{id}")
}

/// "9 janvier 2024 à 10 h 05", in Paris time.
pub fn instant_text(t: Timestamp) -> String {
    let z = t.to_zoned(paris());
    let lang = i18n::lang();
    t_args(
        "programme-at",
        &[("date", i18n::dates::date(lang, z.date()).into()), ("time", i18n::dates::time(lang, z.time()).into())],
    )
}

fn time_range(item: &Item) -> String {
    let lang = i18n::lang();
    format!("{} – {}", i18n::dates::time(lang, item.start.time()), i18n::dates::time(lang, item.end().time()))
}

/// The tab that is current: one of the day dates, "all", "rooms" or "tracks".
pub fn header(event: &Event, release: &Release, current: &str) -> Header {
    let slug = event.draft.slug.as_str();
    let base = programme_url(slug);
    let mut tabs = vec![Tab { label: t("programme-all-days"), url: base.clone(), current: current == "all" }];
    let dates = release.programme.dates();
    if dates.len() > 1 {
        for d in &dates {
            tabs.push(Tab { label: day_label(*d), url: format!("{base}/jour/{d}"), current: current == d.to_string() });
        }
    }
    tabs.push(Tab { label: t("programme-by-room"), url: format!("{base}/salles"), current: current == "rooms" });
    if !release.programme.tracks.is_empty() {
        tabs.push(Tab { label: t("programme-by-track"), url: format!("{base}/themes"), current: current == "tracks" });
    }
    let exports = [
        ("programme-export-ics", "programme.ics"),
        ("programme-export-csv", "programme.csv"),
        ("programme-export-frab", "schedule.xml"),
        ("programme-export-json", "schedule.json"),
    ]
    .into_iter()
    .map(|(label, file)| Tab { label: t(label), url: format!("{base}/{file}"), current: false })
    .collect();
    Header {
        event_title: crate::web::views::localized(&event.draft.title, &event.draft.title_en).0,
        event_title_lang: crate::web::views::localized(&event.draft.title, &event.draft.title_en).1,
        event_url: format!("/evenements/{slug}"),
        slug: slug.to_owned(),
        release_name: release.name.clone(),
        released_text: instant_text(release.released_at),
        tabs,
        exports,
        versions_url: format!("{base}/versions"),
    }
}

/// "Mardi 9 janvier".
fn day_label(d: Date) -> String {
    let long = i18n::dates::long_date(i18n::lang(), d);
    let mut words: Vec<&str> = long.split(' ').collect();
    words.pop();
    let s = words.join(" ");
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => s,
    }
}

pub fn item_row(event: &Event, release: &Release, item: &Item) -> ItemRow {
    let slug = event.draft.slug.as_str();
    let p = &release.programme;
    ItemRow {
        id: item.id,
        url: item_url(slug, item.id),
        title: item.title.clone(),
        kind_label: item_kind_label(item.kind),
        time_text: time_range(item),
        // With the offset: the time zone is always stated, whatever the reader's own.
        start_iso: crate::domain::programme::iso_with_offset(item.start),
        end_iso: crate::domain::programme::iso_with_offset(item.end()),
        date_text: i18n::dates::long_date(i18n::lang(), item.date()),
        room: item.room_id.and_then(|r| p.room(r)).map_or_else(|| t("programme-common-room"), |r| r.name.clone()),
        track: item
            .track_id
            .and_then(|t| p.track(t))
            .map(|t| TrackView { name: t.name.clone(), class: format!("ren-track-{}", t.id) }),
        speakers: item.speakers.join(", "),
    }
}

/// The days of the release, or only `only` when given.
pub fn days(event: &Event, release: &Release, only: Option<Date>) -> Vec<DayView> {
    let slug = event.draft.slug.as_str();
    release
        .programme
        .dates()
        .into_iter()
        .filter(|d| only.is_none_or(|o| o == *d))
        .map(|d| DayView {
            date: d.to_string(),
            title: i18n::dates::long_date(i18n::lang(), d),
            url: format!("{}/jour/{d}", programme_url(slug)),
            items: release
                .programme
                .items
                .iter()
                .filter(|i| i.date() == d)
                .map(|i| item_row(event, release, i))
                .collect(),
        })
        .collect()
}

pub fn rooms(event: &Event, release: &Release) -> Vec<RoomView> {
    let p = &release.programme;
    let mut out: Vec<RoomView> = p
        .rooms
        .iter()
        .map(|r| RoomView {
            name: r.name.clone(),
            anchor: format!("salle-{}", r.id),
            capacity: r.capacity,
            accessibility: r.accessibility.clone(),
            days: days_of(event, release, |i| i.room_id == Some(r.id)),
        })
        .collect();
    let common = days_of(event, release, |i| i.room_id.and_then(|r| p.room(r)).is_none());
    if !common.is_empty() {
        out.push(RoomView {
            name: t("programme-common-room"),
            anchor: "salle-commune".into(),
            capacity: None,
            accessibility: None,
            days: common,
        });
    }
    out.retain(|r| !r.days.is_empty());
    out
}

fn days_of(event: &Event, release: &Release, keep: impl Fn(&Item) -> bool) -> Vec<DayView> {
    let mut v = days(event, release, None);
    let kept: Vec<i64> = release.programme.items.iter().filter(|i| keep(i)).map(|i| i.id).collect();
    for d in &mut v {
        d.items.retain(|i| kept.contains(&i.id));
    }
    v.retain(|d| !d.items.is_empty());
    v
}

pub fn tracks(event: &Event, release: &Release) -> Vec<TrackGroup> {
    let p = &release.programme;
    let mut out: Vec<TrackGroup> = p
        .tracks
        .iter()
        .map(|t| TrackGroup {
            name: t.name.clone(),
            anchor: format!("theme-{}", t.id),
            class: format!("ren-track-{}", t.id),
            items: p.items.iter().filter(|i| i.track_id == Some(t.id)).map(|i| item_row(event, release, i)).collect(),
        })
        .collect();
    out.retain(|t| !t.items.is_empty());
    out
}

/// The stylesheet of the tracks' colours; each track gets the text colour (black or white)
/// that passes WCAG AA on its background. Served as a file: inline styles break the CSP.
pub fn track_css(release: &Release) -> String {
    let mut css = String::from("/* D1: track colours of the released programme */\n");
    for t in &release.programme.tracks {
        let (text, _) = t.colour.text_colour();
        css.push_str(&format!(
            ".ren-track-{id} {{ background-color: {bg}; color: {fg}; }}\n.ren-track-border-{id} {{ border-left-color: {bg}; }}\n",
            id = t.id,
            bg = t.colour,
            fg = text.hex()
        ));
    }
    css
}

/// An item on its own page.
#[derive(Debug, Serialize)]
pub struct ItemPage {
    #[serde(flatten)]
    pub row: ItemRow,
    pub summary: String,
    pub capacity: Option<u32>,
    pub accessibility: Option<String>,
    pub ics_url: String,
    pub speakers_list: Vec<String>,
    pub day_url: String,
}

pub fn item_page(event: &Event, release: &Release, item: &Item) -> ItemPage {
    let room = item.room_id.and_then(|r| release.programme.room(r));
    let slug = event.draft.slug.as_str();
    ItemPage {
        row: item_row(event, release, item),
        summary: item.summary.clone(),
        capacity: room.and_then(|r| r.capacity),
        accessibility: room.and_then(|r| r.accessibility.clone()),
        ics_url: format!("{}/agenda.ics", item_url(slug, item.id)),
        speakers_list: item.speakers.clone(),
        day_url: format!("{}/jour/{}", programme_url(slug), item.date()),
    }
}

/// One line of the public change log.
#[derive(Debug, Serialize)]
pub struct ChangeLine {
    pub label: String,
    pub title: String,
    /// A link to the item while it is still in the latest release.
    pub url: Option<String>,
    pub detail: String,
}

#[derive(Debug, Serialize)]
pub struct ReleaseView {
    pub number: i64,
    pub name: String,
    pub released_text: String,
    pub released_iso: String,
    pub changes: Vec<ChangeLine>,
}

fn placement_text(p: &Placement) -> String {
    let end: DateTime = p.start.checked_add(jiff::Span::new().minutes(i64::from(p.minutes))).unwrap_or(p.start);
    let room = if p.room.is_empty() { t("programme-common-room") } else { p.room.clone() };
    let lang = i18n::lang();
    format!(
        "{}, {} – {}, {}",
        i18n::dates::long_date(lang, p.start.date()),
        i18n::dates::time(lang, p.start.time()),
        i18n::dates::time(lang, end.time()),
        room
    )
}

fn speakers_text(s: &[String]) -> String {
    if s.is_empty() { t("programme-no-speaker") } else { s.join(", ") }
}

pub fn releases(slug: &str, logs: &[ReleaseLog], current: &Release) -> Vec<ReleaseView> {
    let url = |id: i64| current.programme.item(id).map(|_| item_url(slug, id));
    logs.iter()
        .map(|log| ReleaseView {
            number: log.number,
            name: log.name.clone(),
            released_text: instant_text(log.released_at),
            released_iso: log.released_at.to_string(),
            changes: log
                .changes
                .iter()
                .map(|c| match c {
                    Change::Added { item_id, title, to } => ChangeLine {
                        label: t("programme-change-added"),
                        title: title.clone(),
                        url: url(*item_id),
                        detail: placement_text(to),
                    },
                    Change::Cancelled { item_id, title, from } => ChangeLine {
                        label: t("programme-change-cancelled"),
                        title: title.clone(),
                        url: url(*item_id),
                        detail: t_args("programme-was-planned", &[("placement", placement_text(from).into())]),
                    },
                    Change::Moved { item_id, title, from, to } => ChangeLine {
                        label: t("programme-change-moved"),
                        title: title.clone(),
                        url: url(*item_id),
                        detail: format!("{} → {}", placement_text(from), placement_text(to)),
                    },
                    Change::SpeakersChanged { item_id, title, before, after } => ChangeLine {
                        label: t("programme-change-speakers"),
                        title: title.clone(),
                        url: url(*item_id),
                        detail: t_args(
                            "programme-speakers-before-after",
                            &[("before", speakers_text(before).into()), ("after", speakers_text(after).into())],
                        ),
                    },
                    Change::Retitled { item_id, before, after } => ChangeLine {
                        label: t("programme-change-retitled"),
                        title: after.clone(),
                        url: url(*item_id),
                        detail: t_args("programme-formerly", &[("title", before.as_str().into())]),
                    },
                })
                .collect(),
        })
        .collect()
}

/// A programme item's kind in the current language (`programme-kind-…` in the catalogue).
pub fn item_kind_label(kind: crate::domain::programme::ItemKind) -> String {
    t(&format!("programme-kind-{}", kind.as_str()))
}
