//! D4: the released programme in the formats conference apps read: frab schedule XML, its
//! JSON cousin (both from voc/schedule, as pretalx writes them), iCalendar for the whole
//! programme and for one item, and CSV. Each takes one release: never the draft.
//!
//! Every time carries its zone: `Europe/Paris` in `time_zone_name`, offsets in date-times,
//! `TZID` with its VTIMEZONE in iCalendar. Ids and GUIDs come from the item ids, which the
//! draft never reuses, so apps follow an item from one release to the next.

use super::csv::{Csv, Quote};
use super::host_of;
use super::ical::{VTIMEZONE, escape, push_line};
use super::xml;
use crate::domain::event::{Event, Slug};
use crate::domain::programme::{self, Item, Release, hhmm, iso_with_offset};
use jiff::civil::{Date, DateTime, Time};
use serde_json::{Value, json};
use std::fmt::Write as _;

/// The name of the room holding items that have none (a break for everyone).
pub const COMMON_ROOM: &str = "Espace commun";

/// One day of the schedule: its bounds and its rooms in order, with their items.
pub struct ScheduleDay<'a> {
    pub index: usize,
    pub date: Date,
    pub start: DateTime,
    pub end: DateTime,
    pub rooms: Vec<ScheduleRoom<'a>>,
}

/// A room on one day; `guid` is stable across releases.
pub struct ScheduleRoom<'a> {
    pub name: String,
    pub guid: String,
    pub items: Vec<&'a Item>,
}

/// Lays a release out by day then room: every day of the event (and any day an item sits on
/// outside it), every room every day so that apps keep their columns, and the common room
/// only on days that use it. A day spans the event's daily hours widened to its items.
pub fn layout<'a>(event: &Event, release: &'a Release) -> Vec<ScheduleDay<'a>> {
    let dates = &event.draft.dates;
    let slug = event.draft.slug.as_str();
    let p = &release.programme;
    let mut days: Vec<Date> = Vec::new();
    let mut d = dates.start_date;
    while d <= dates.end_date {
        days.push(d);
        match d.tomorrow() {
            Ok(next) => d = next,
            Err(_) => break,
        }
    }
    days.extend(p.dates());
    days.sort();
    days.dedup();
    days.into_iter()
        .enumerate()
        .map(|(i, date)| {
            let items: Vec<&Item> = p.items.iter().filter(|it| it.date() == date).collect();
            let first = items.iter().map(|it| it.start).min();
            let last = items.iter().map(|it| it.end()).max();
            let open = date.to_datetime(dates.start_time.unwrap_or(Time::midnight()));
            let close = match dates.end_time {
                Some(t) => date.to_datetime(t),
                None => date.at(23, 59, 0, 0),
            };
            let start = first.map_or(open, |f| f.min(open));
            let end = last.map_or(close, |l| l.max(close));
            let mut rooms: Vec<ScheduleRoom> = p
                .rooms
                .iter()
                .map(|r| ScheduleRoom {
                    name: r.name.clone(),
                    guid: programme::room_guid(slug, r.id),
                    items: items.iter().copied().filter(|it| it.room_id == Some(r.id)).collect(),
                })
                .collect();
            let common: Vec<&Item> =
                items.iter().copied().filter(|it| it.room_id.and_then(|r| p.room(r)).is_none()).collect();
            if !common.is_empty() {
                rooms.push(ScheduleRoom { name: COMMON_ROOM.into(), guid: common_room_guid(slug), items: common });
            }
            ScheduleDay { index: i + 1, date, start, end, rooms }
        })
        .collect()
}

fn common_room_guid(slug: &str) -> String {
    programme::name_uuid(&format!("rencontres:programme:{slug}:room:common"))
}

/// The conference acronym: the slug with underscores, as the schema's pattern wants
/// (`bluehats-2026` is refused, `bluehats_2026` passes), at least four characters.
pub fn acronym(slug: &Slug) -> String {
    let mut a = slug.as_str().replace('-', "_");
    while a.len() < 4 {
        a.push('_');
    }
    a
}

/// The item's slug in the exports: `acronym-id-title` (voc-slug-new in the XSD).
pub fn item_slug(event_slug: &Slug, item: &Item) -> String {
    let title = Slug::derive(&item.title)
        .map(|s| s.as_str().to_owned())
        .filter(|s| s.len() >= 2)
        .unwrap_or_else(|| "element".into());
    format!("{}-{}-{title}", acronym(event_slug), item.id)
}

/// The public URL of the programme of an event, under `base_url`.
pub fn programme_url(base_url: &str, slug: &Slug) -> String {
    format!("{base_url}/evenements/{slug}/programme")
}

/// The public URL of one item.
pub fn item_url(base_url: &str, slug: &Slug, item_id: i64) -> String {
    format!("{base_url}/evenements/{slug}/programme/{item_id}")
}

fn track_name<'a>(release: &'a Release, item: &Item) -> Option<&'a str> {
    item.track_id.and_then(|t| release.programme.track(t)).map(|t| t.name.as_str())
}

/// A track slug as the XSD wants it: starts with a letter.
fn track_slug(t: &programme::Track) -> String {
    let s = t.slug();
    if s.starts_with(|c: char| c.is_ascii_lowercase()) { s } else { format!("theme-{s}") }
}

/// The frab schedule XML (validates against voc/schedule's `schedule.xml.xsd`).
pub fn frab_xml(event: &Event, release: &Release, base_url: &str) -> String {
    let d = &event.draft;
    let url = programme_url(base_url, &d.slug);
    let days = layout(event, release);
    let mut o = String::with_capacity(4096 + release.programme.items.len() * 1024);
    o.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<schedule>\n");
    let _ = writeln!(o, "  <generator name=\"rencontres\" version=\"{}\"/>", env!("CARGO_PKG_VERSION"));
    let _ = writeln!(o, "  <url>{}</url>", xml::escape(&format!("{url}/schedule.xml")));
    let _ = writeln!(o, "  <version>{}</version>", xml::escape(&release.name));
    o.push_str("  <conference>\n");
    let _ = writeln!(o, "    <acronym>{}</acronym>", acronym(&d.slug));
    let _ = writeln!(o, "    <title>{}</title>", xml::escape(&d.title));
    let _ = writeln!(o, "    <start>{}</start>", days.first().map_or(d.dates.start_date, |x| x.date));
    let _ = writeln!(o, "    <end>{}</end>", days.last().map_or(d.dates.end_date, |x| x.date));
    let _ = writeln!(o, "    <days>{}</days>", days.len());
    o.push_str("    <timeslot_duration>00:05</timeslot_duration>\n");
    let _ = writeln!(o, "    <base_url>{}</base_url>", xml::escape(&format!("{url}/")));
    let _ = writeln!(o, "    <url>{}</url>", xml::escape(&format!("{base_url}/evenements/{}", d.slug)));
    o.push_str("    <time_zone_name>Europe/Paris</time_zone_name>\n");
    for t in &release.programme.tracks {
        let _ = writeln!(
            o,
            "    <track name=\"{}\" color=\"{}\" slug=\"{}\">{}</track>",
            xml::escape(&t.name),
            t.colour,
            track_slug(t),
            xml::escape(&t.name)
        );
    }
    o.push_str("  </conference>\n");
    for day in &days {
        let _ = writeln!(
            o,
            "  <day index=\"{}\" date=\"{}\" start=\"{}\" end=\"{}\">",
            day.index,
            day.date,
            iso_with_offset(day.start),
            iso_with_offset(day.end)
        );
        for room in &day.rooms {
            let _ = writeln!(o, "    <room name=\"{}\" guid=\"{}\">", xml::escape(&room.name), room.guid);
            for item in &room.items {
                let _ = writeln!(
                    o,
                    "      <event id=\"{}\" guid=\"{}\">",
                    item.id,
                    programme::item_guid(d.slug.as_str(), item.id)
                );
                let _ = writeln!(o, "        <date>{}</date>", iso_with_offset(item.start));
                let _ = writeln!(o, "        <start>{:02}:{:02}</start>", item.start.hour(), item.start.minute());
                let _ = writeln!(o, "        <duration>{}</duration>", hhmm(item.minutes));
                let _ = writeln!(o, "        <room>{}</room>", xml::escape(&room.name));
                let _ = writeln!(o, "        <slug>{}</slug>", item_slug(&d.slug, item));
                let _ = writeln!(o, "        <url>{}</url>", xml::escape(&item_url(base_url, &d.slug, item.id)));
                let _ = writeln!(o, "        <title>{}</title>", xml::escape(&item.title));
                o.push_str("        <subtitle></subtitle>\n");
                let _ = writeln!(o, "        <track>{}</track>", xml::escape(track_name(release, item).unwrap_or("")));
                let _ = writeln!(o, "        <type>{}</type>", item.kind.as_str());
                o.push_str("        <language>fr</language>\n");
                let _ = writeln!(o, "        <abstract>{}</abstract>", xml::escape(&item.summary));
                o.push_str("        <description></description>\n");
                o.push_str("        <logo></logo>\n");
                o.push_str("        <persons>\n");
                for s in &item.speakers {
                    let _ = writeln!(
                        o,
                        "          <person id=\"{}\" guid=\"{}\">{}</person>",
                        programme::person_id(s),
                        programme::person_guid(s),
                        xml::escape(s)
                    );
                }
                o.push_str("        </persons>\n");
                o.push_str("        <recording>\n          <license></license>\n          <optout>false</optout>\n        </recording>\n");
                o.push_str("        <links></links>\n        <attachments></attachments>\n");
                o.push_str("      </event>\n");
            }
            o.push_str("    </room>\n");
        }
        o.push_str("  </day>\n");
    }
    o.push_str("</schedule>\n");
    o
}

/// The JSON schedule (validates against voc/schedule's `schema.json`, draft-06), with the
/// same keys per event as pretalx writes, so that apps reading pretalx read it too.
pub fn schedule_json(event: &Event, release: &Release, base_url: &str) -> Value {
    let d = &event.draft;
    let slug = d.slug.as_str();
    let url = programme_url(base_url, &d.slug);
    let days = layout(event, release);
    let mut rooms: Vec<Value> = release
        .programme
        .rooms
        .iter()
        .map(|r| {
            let mut room = json!({
                "name": r.name,
                "slug": Slug::derive(&r.name).map_or_else(|| format!("salle-{}", r.id), |s| s.as_str().to_owned()),
                "guid": programme::room_guid(slug, r.id),
                "description": r.accessibility,
                "capacity": r.capacity,
            });
            if r.capacity.is_none() {
                room["capacity"] = Value::Null;
            }
            room
        })
        .collect();
    if days.iter().any(|day| day.rooms.iter().any(|r| r.name == COMMON_ROOM)) {
        rooms.push(json!({ "name": COMMON_ROOM, "slug": "espace-commun", "guid": common_room_guid(slug), "description": null, "capacity": null }));
    }
    let tracks: Vec<Value> = release
        .programme
        .tracks
        .iter()
        .map(|t| json!({ "name": t.name, "slug": track_slug(t), "color": t.colour.to_string() }))
        .collect();
    let days_json: Vec<Value> = days
        .iter()
        .map(|day| {
            let mut by_room = serde_json::Map::new();
            for room in &day.rooms {
                let items: Vec<Value> = room
                    .items
                    .iter()
                    .map(|item| {
                        json!({
                            "id": item.id,
                            "guid": programme::item_guid(slug, item.id),
                            "logo": "",
                            "date": iso_with_offset(item.start),
                            "start": format!("{:02}:{:02}", item.start.hour(), item.start.minute()),
                            "duration": hhmm(item.minutes),
                            "room": room.name,
                            "slug": item_slug(&d.slug, item),
                            "url": item_url(base_url, &d.slug, item.id),
                            "title": item.title,
                            "subtitle": "",
                            "track": track_name(release, item),
                            "type": item.kind.as_str(),
                            "language": "fr",
                            "abstract": item.summary,
                            "description": "",
                            "recording_license": "",
                            "do_not_record": false,
                            "persons": item.speakers.iter().map(|s| json!({
                                "id": programme::person_id(s),
                                "guid": programme::person_guid(s),
                                "public_name": s,
                            })).collect::<Vec<_>>(),
                            "links": [],
                            "attachments": [],
                        })
                    })
                    .collect();
                by_room.insert(room.name.clone(), Value::Array(items));
            }
            json!({
                "index": day.index,
                "date": day.date.to_string(),
                "day_start": iso_with_offset(day.start),
                "day_end": iso_with_offset(day.end),
                "rooms": by_room,
            })
        })
        .collect();
    json!({
        "$schema": "https://c3voc.de/schedule/schema.json",
        "generator": { "name": "rencontres", "version": env!("CARGO_PKG_VERSION") },
        "schedule": {
            "version": release.name,
            "base_url": format!("{url}/"),
            "conference": {
                "acronym": acronym(&d.slug),
                "title": d.title,
                "start": days.first().map_or(d.dates.start_date, |x| x.date).to_string(),
                "end": days.last().map_or(d.dates.end_date, |x| x.date).to_string(),
                "daysCount": days.len(),
                "timeslot_duration": "00:05",
                "time_zone_name": "Europe/Paris",
                "url": format!("{base_url}/evenements/{slug}"),
                "tracks": tracks,
                "rooms": rooms,
                "days": days_json,
            }
        }
    })
}

fn ics_local(dt: DateTime) -> String {
    dt.strftime("%Y%m%dT%H%M%S").to_string()
}

fn vevent(out: &mut String, event: &Event, release: &Release, item: &Item, base_url: &str) {
    let d = &event.draft;
    let p = &release.programme;
    let url = item_url(base_url, &d.slug, item.id);
    out.push_str("BEGIN:VEVENT\r\n");
    push_line(out, &format!("UID:{}@{}", programme::item_guid(d.slug.as_str(), item.id), host_of(base_url)));
    push_line(out, &format!("DTSTAMP:{}", release.released_at.strftime("%Y%m%dT%H%M%SZ")));
    // The release number only grows, so a calendar replaces an item it already has.
    push_line(out, &format!("SEQUENCE:{}", release.number));
    push_line(out, &format!("DTSTART;TZID=Europe/Paris:{}", ics_local(item.start)));
    push_line(out, &format!("DTEND;TZID=Europe/Paris:{}", ics_local(item.end())));
    push_line(out, &format!("SUMMARY:{}", escape(&item.title)));
    let mut description = String::new();
    if !item.speakers.is_empty() {
        let _ = write!(description, "{}\n\n", item.speakers.join(", "));
    }
    if !item.summary.is_empty() {
        let _ = write!(description, "{}\n\n", item.summary);
    }
    let _ = write!(description, "{} — {}\n{url}", d.title, release.name);
    push_line(out, &format!("DESCRIPTION:{}", escape(&description)));
    let location: Vec<&str> = [Some(p.room_name(item.room_id)), d.venue.name.as_deref(), d.venue.address.as_deref()]
        .into_iter()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .collect();
    if !location.is_empty() {
        push_line(out, &format!("LOCATION:{}", escape(&location.join(", "))));
    }
    push_line(out, &format!("URL:{url}"));
    if let Some(t) = track_name(release, item) {
        push_line(out, &format!("CATEGORIES:{}", escape(t)));
    }
    out.push_str("STATUS:CONFIRMED\r\nTRANSP:OPAQUE\r\nEND:VEVENT\r\n");
}

fn calendar_head(out: &mut String, name: &str) {
    out.push_str("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//rencontres//programme//FR\r\n");
    out.push_str("CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n");
    push_line(out, &format!("X-WR-CALNAME:{}", escape(name)));
    out.push_str("X-WR-TIMEZONE:Europe/Paris\r\n");
    out.push_str(VTIMEZONE);
}

/// The whole released programme as one iCalendar file, one VEVENT per item.
pub fn calendar(event: &Event, release: &Release, base_url: &str) -> String {
    let mut out = String::with_capacity(2048 + release.programme.items.len() * 700);
    calendar_head(&mut out, &format!("{} — programme", event.draft.title));
    for item in &release.programme.items {
        vevent(&mut out, event, release, item, base_url);
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}

/// One item as an iCalendar file ("Ajouter à mon agenda").
pub fn item_calendar(event: &Event, release: &Release, item: &Item, base_url: &str) -> String {
    let mut out = String::with_capacity(4096);
    calendar_head(&mut out, &item.title);
    vevent(&mut out, event, release, item, base_url);
    out.push_str("END:VCALENDAR\r\n");
    out
}

/// The released programme as CSV (RFC 4180 with `;`, CRLF, a byte-order mark: what French
/// spreadsheets open directly, like the other exports), one line per item; times are
/// Europe/Paris civil times, as the header says; speakers are separated by commas.
pub fn csv(event: &Event, release: &Release, base_url: &str) -> String {
    let d = &event.draft;
    let mut csv = Csv::new(';', Quote::Needed).with_bom();
    csv.header(&[
        "id",
        "guid",
        "date",
        "debut_europe_paris",
        "fin_europe_paris",
        "duree_minutes",
        "salle",
        "type",
        "titre",
        "theme",
        "intervenants",
        "url",
    ]);
    for item in &release.programme.items {
        let fields = [
            item.id.to_string(),
            programme::item_guid(d.slug.as_str(), item.id),
            item.date().to_string(),
            item.start.strftime("%H:%M").to_string(),
            item.end().strftime("%H:%M").to_string(),
            item.minutes.to_string(),
            release.programme.room_name(item.room_id).to_owned(),
            item.kind.as_str().to_owned(),
            item.title.clone(),
            track_name(release, item).unwrap_or("").to_owned(),
            item.speakers.join(", "),
            item_url(base_url, &d.slug, item.id),
        ];
        csv.row(fields);
    }
    csv.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronym_replaces_dashes_and_pads() {
        assert_eq!(acronym(&Slug::parse("bluehats-2026").unwrap()), "bluehats_2026");
        assert_eq!(acronym(&Slug::parse("ab").unwrap()), "ab__");
    }
}
