//! A4: the Atom (RFC 4287) feed of published events: upcoming ones and the latest past ones,
//! latest start first.

use super::xml;
use crate::domain::event::Event;
use crate::domain::french;
use crate::markdown;
use jiff::Timestamp;
use std::fmt::Write as _;

/// How many past events the feed keeps besides the upcoming ones.
const PAST_ENTRIES: usize = 20;
/// How many upcoming events the feed carries (the nearest ones): readers poll feeds often.
const UPCOMING_ENTRIES: usize = 50;

pub fn feed(events: &[Event], site_name: &str, base_url: &str) -> String {
    let now = Timestamp::now();
    let upcoming = events.iter().filter(|e| !e.is_past(now)).take(UPCOMING_ENTRIES);
    let past = events.iter().rev().filter(|e| e.is_past(now)).take(PAST_ENTRIES);
    let mut entries: Vec<&Event> = upcoming.chain(past).collect();
    entries.sort_by_key(|e| std::cmp::Reverse(e.draft.dates.start_instant()));
    let updated = entries.iter().map(|e| e.updated_at).max().unwrap_or(Timestamp::UNIX_EPOCH);

    let mut out = String::with_capacity(4096 + entries.len() * 2048);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"fr\">\n");
    let _ = writeln!(out, "  <title>{}</title>", xml::escape(site_name));
    let _ = writeln!(out, "  <id>{}/</id>", xml::escape(base_url));
    let _ = writeln!(
        out,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}/flux.atom\"/>",
        xml::escape(base_url)
    );
    let _ = writeln!(out, "  <link rel=\"alternate\" type=\"text/html\" href=\"{}/\"/>", xml::escape(base_url));
    let _ = writeln!(out, "  <updated>{}</updated>", rfc3339(updated));
    let _ = writeln!(out, "  <author><name>{}</name></author>", xml::escape(site_name));
    out.push_str("  <generator>rencontres</generator>\n");
    for e in entries {
        let d = &e.draft;
        let url = format!("{base_url}/evenements/{}", d.slug);
        out.push_str("  <entry>\n");
        let _ = writeln!(out, "    <id>{}</id>", xml::escape(&url));
        let _ = writeln!(out, "    <title>{}</title>", xml::escape(&d.title));
        let _ = writeln!(out, "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", xml::escape(&url));
        let _ = writeln!(out, "    <updated>{}</updated>", rfc3339(e.updated_at));
        let published = d
            .published_on
            .map(|p| crate::domain::event::to_instant(p.to_datetime(jiff::civil::Time::midnight())))
            .unwrap_or(e.created_at);
        let _ = writeln!(out, "    <published>{}</published>", rfc3339(published));
        let summary = format!("{} — {}", french::when(d), d.summary);
        let _ = writeln!(out, "    <summary>{}</summary>", xml::escape(summary.trim_end_matches([' ', '—'])));
        let _ =
            writeln!(out, "    <content type=\"html\">{}</content>", xml::escape(&markdown::to_safe_html(&d.body_md)));
        for t in &d.tags {
            let _ = writeln!(out, "    <category term=\"{}\"/>", xml::escape(t));
        }
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

fn rfc3339(ts: Timestamp) -> String {
    ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// F1: one issue of the gazette in its feed.
pub struct GazetteEntry {
    pub number: i64,
    pub title: String,
    pub published: Timestamp,
    pub updated: Timestamp,
    /// The body, already rendered to safe HTML.
    pub html: String,
}

/// F1: the Atom feed of the gazette's public issues (`/gazette/flux.atom`), newest first.
pub fn gazette_feed(entries: &[GazetteEntry], site_name: &str, base_url: &str) -> String {
    let updated = entries.iter().map(|e| e.updated).max().unwrap_or(Timestamp::UNIX_EPOCH);
    let mut out = String::with_capacity(4096 + entries.len() * 4096);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"fr\">\n");
    let _ = writeln!(out, "  <title>{}</title>", xml::escape(&format!("{site_name} : la gazette")));
    let _ = writeln!(out, "  <id>{}/gazette</id>", xml::escape(base_url));
    let _ = writeln!(
        out,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}/gazette/flux.atom\"/>",
        xml::escape(base_url)
    );
    let _ = writeln!(out, "  <link rel=\"alternate\" type=\"text/html\" href=\"{}/gazette\"/>", xml::escape(base_url));
    let _ = writeln!(out, "  <updated>{}</updated>", rfc3339(updated));
    let _ = writeln!(out, "  <author><name>{}</name></author>", xml::escape(site_name));
    out.push_str("  <generator>rencontres</generator>\n");
    for e in entries {
        let url = format!("{base_url}/gazette/{}", e.number);
        out.push_str("  <entry>\n");
        let _ = writeln!(out, "    <id>{}</id>", xml::escape(&url));
        let _ = writeln!(out, "    <title>{}</title>", xml::escape(&e.title));
        let _ = writeln!(out, "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", xml::escape(&url));
        let _ = writeln!(out, "    <updated>{}</updated>", rfc3339(e.updated));
        let _ = writeln!(out, "    <published>{}</published>", rfc3339(e.published));
        let _ = writeln!(out, "    <content type=\"html\">{}</content>", xml::escape(&e.html));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}
