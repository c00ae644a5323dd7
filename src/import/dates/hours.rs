//! A3: the daily hours stated near an event's date ("de 10h à 17h", "dès 9h", "14h-18h").

use super::expr_at;
use super::tokens::{Tok, is_punct, word};
use jiff::civil::Time;

/// How far after (and before) a date its hours are looked for, in words, within a paragraph.
const HOURS_AFTER: usize = 40;
const HOURS_BEFORE: usize = 15;

/// A time of day: "10h", "10 h", "10h30", "9 h 30", "midi", "14:00".
pub(super) fn time_at(t: &[Tok], i: usize) -> Option<(Time, usize)> {
    if word(t, i) == Some("midi") {
        return Some((Time::constant(12, 0, 0, 0), i + 1));
    }
    let Tok::Num { value: h, digits } = t.get(i)? else {
        return None;
    };
    if *digits > 2 || *h > 23 {
        return None;
    }
    let minutes = |j: usize| match t.get(j) {
        Some(Tok::Num { value, digits: 2 }) if *value <= 59 => Some(*value),
        _ => None,
    };
    let (m, next) = if word(t, i + 1) == Some("h") {
        minutes(i + 2).map_or((0, i + 2), |m| (m, i + 3))
    } else if is_punct(t, i + 1, &[':']) {
        (minutes(i + 2)?, i + 3)
    } else {
        return None;
    };
    Some((Time::new(*h as i8, m as i8, 0, 0).ok()?, next))
}

/// Daily hours at `i`: a range ("de 10h à 17h", "entre 13h et 18h", "14h-18h") or a start
/// ("à partir de 14h", "dès 9h"). Returns the hours and the index after them.
pub(super) fn hours_at(t: &[Tok], i: usize) -> Option<((Time, Option<Time>), usize)> {
    if word(t, i) == Some("dès") {
        let (s, k) = time_at(t, i + 1)?;
        return Some(((s, None), k));
    }
    if word(t, i) == Some("partir") && word(t, i + 1) == Some("de") {
        let (s, k) = time_at(t, i + 2)?;
        return Some(((s, None), k));
    }
    let j = if matches!(word(t, i), Some("de" | "entre" | "from" | "between")) { i + 1 } else { i };
    let (s, k) = time_at(t, j)?;
    let sep = matches!(word(t, k), Some("à" | "a" | "et" | "to" | "and")) || is_punct(t, k, &['-', '–', '—']);
    if !sep {
        return None;
    }
    let (e, k) = time_at(t, k + 1)?;
    (e > s).then_some(((s, Some(e)), k))
}

/// Widens a morning range to the day's end when a second range follows ("de 9h30 à 12h
/// et de 14h à 17h" is 9:30 to 17:00).
pub(super) fn afternoon_end(t: &[Tok], h: (Time, Option<Time>), end: usize) -> (Time, Option<Time>) {
    let joined = matches!(word(t, end), Some("et" | "puis")) || is_punct(t, end, &[',', ';']);
    match (h.1, joined.then(|| hours_at(t, end + 1)).flatten()) {
        (Some(first_end), Some(((s2, Some(e2)), _))) if s2 >= first_end => (h.0, Some(e2)),
        _ => h,
    }
}

/// The hours stated in the same paragraph as the date at `from..to`: first looking after
/// it (up to the next date), then just before it.
pub(super) fn hours_near(t: &[Tok], from: usize, to: usize) -> Option<(Time, Option<Time>)> {
    let mut k = to;
    while k < t.len() && k < to + HOURS_AFTER && t[k] != Tok::Para {
        if let Some((h, end)) = hours_at(t, k) {
            return Some(afternoon_end(t, h, end));
        }
        // "le 12 mars à 18h30": a start time right after the date.
        if k <= to + 1 && matches!(word(t, k), Some("à" | "a" | "at")) {
            if let Some((h, end)) = hours_at(t, k + 1) {
                return Some(afternoon_end(t, h, end));
            }
            if let Some((s, _)) = time_at(t, k + 1) {
                return Some((s, None));
            }
        }
        // "le 4 juillet 20h": a bare start time right after the date.
        if k == to
            && let Some((s, _)) = time_at(t, k)
        {
            return Some((s, None));
        }
        if k > to && expr_at(t, k).is_some() {
            break;
        }
        k += 1;
    }
    let mut k = from;
    let mut best = None;
    while k > 0 && k + HOURS_BEFORE > from && t[k - 1] != Tok::Para {
        k -= 1;
        if let Some((h @ (_, Some(_)), end)) = hours_at(t, k)
            && end <= from
        {
            best = Some(h);
            break;
        }
    }
    best
}

/// The first hours written in a short text ("De 9h à 17h", "14h-18h", "à partir de 19h",
/// "18:30"), for structured fields such as a `Horaires` entry.
pub fn parse_hours(text: &str) -> Option<(Time, Option<Time>)> {
    let mut t = Vec::new();
    super::tokens::tokenize_block(&text.to_lowercase(), &mut t);
    (0..t.len()).find_map(|k| hours_at(&t, k).map(|(h, end)| afternoon_end(&t, h, end))).or_else(|| {
        (0..t.len()).find_map(|k| {
            let after_word = k == 0 || matches!(t[k - 1], Tok::Word(_) | Tok::Punct(_));
            after_word.then(|| time_at(&t, k)).flatten().map(|(s, _)| (s, None))
        })
    })
}

/// The hours of a programme: list items, table rows or lines that start with a time
/// ("- 19:15 - Accueil", "| 09:00-09:30 | Accueil |", "9h : Accueil"). Returns the first
/// time, the last one when later, and the 0-based index of the first such line.
pub fn programme_hours(body: &str) -> Option<((Time, Option<Time>), usize)> {
    let mut first: Option<(Time, usize)> = None;
    let mut last: Option<Time> = None;
    let mut in_fence = false;
    for (n, line) in body.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        let rest = trimmed.trim_start_matches(['-', '*', '+', '|', ' ', '>']);
        let mut t = Vec::new();
        super::tokens::tokenize_block(&rest.to_lowercase(), &mut t);
        let Some((time, next)) = time_at(&t, 0) else { continue };
        // A date-like "10.12" or a bare number is no programme time; a time must be followed by
        // a separator, a range or a word.
        if next < t.len() && is_punct(&t, next, &['.', '/']) {
            continue;
        }
        let end = hours_at(&t, 0).and_then(|((_, e), _)| e);
        if first.is_none() {
            first = Some((time, n));
        }
        last = Some(end.unwrap_or(time));
    }
    let (start, line) = first?;
    let end = last.filter(|e| *e > start);
    Some(((start, end), line))
}
