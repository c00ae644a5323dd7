//! A3: finds when an event happens in French prose: "les 9 et 10 janvier 2024",
//! "du 30 juin au 2 juillet 2025", "le *4 décembre 2024* … de 13h à 18h", "le 9 novembre"
//! (year inferred from the publication date). Deadlines ("avant le 15 novembre",
//! "jusqu'au 2 janvier", "d'ici le …") are not event dates. Pure.

use super::text;
use jiff::civil::{Date, Time};

/// Words that, just before a date, make it a deadline or an organiser's step rather than
/// the event ("avant le 15 novembre", "jusqu'au 2 janvier", "d'ici le", "envoyé le 4 janvier").
const NOT_EVENT_CONTEXT: [&str; 18] = [
    "avant",
    "jusqu",
    "jusque",
    "ici",
    "limite",
    "tard",
    "before",
    "until",
    "deadline",
    "clôture",
    "cloture",
    "depuis",
    "envoyé",
    "envoyée",
    "envoyés",
    "publierons",
    "répondrons",
    "confirmerons",
];

/// How many words before a date are searched for [`NOT_EVENT_CONTEXT`]: enough for
/// "jusqu'au mardi", not so many that "avant le hackathon du 9 janvier" is a deadline.
const CONTEXT_WORDS: usize = 3;

/// How far after (and before) a date its hours are looked for, in words, within a paragraph.
const HOURS_AFTER: usize = 40;
const HOURS_BEFORE: usize = 15;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Word(String),
    Num { value: u32, digits: usize },
    Punct(char),
    Para,
}

/// What a text says about the event: its days and, when stated, its daily hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub start: Date,
    pub end: Date,
    pub start_time: Option<Time>,
    pub end_time: Option<Time>,
}

/// A day, month and maybe year as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Written {
    day: i8,
    month: i8,
    year: Option<i16>,
}

/// One date expression in a token list: its first and last day and where it sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Expr {
    first: Written,
    last: Written,
    from: usize,
    to: usize,
}

/// A resolved date expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Candidate {
    start: Date,
    end: Date,
    from: usize,
    to: usize,
}

/// The texts of a post to search, in order of trust: title, description, body.
pub struct Sources {
    tokens: Vec<Vec<Tok>>,
    published: Option<Date>,
}

impl Sources {
    /// Prepares the texts (Markdown allowed) for searching; `published` resolves dates
    /// written without a year.
    pub fn new(texts: &[&str], published: Option<Date>) -> Sources {
        Sources { tokens: texts.iter().map(|t| tokenize(t)).collect(), published }
    }

    fn candidates(&self, source: usize) -> Vec<Candidate> {
        candidates(&self.tokens[source], self.published)
    }

    /// Finds the event's dates: the first date in the first text (the title); otherwise
    /// the first date on or after the publication in a later text; otherwise any date.
    /// Hours come from near that date, or from near another mention of the same day.
    pub fn find_event(&self) -> Option<Found> {
        let on_or_after = |c: &Candidate| self.published.is_none_or(|p| c.start >= p);
        let mut chosen = None;
        'search: for pass in 0..2 {
            for source in 0..self.tokens.len() {
                let first_only = source == 0 || pass == 1;
                if let Some(c) = self.candidates(source).into_iter().find(|c| first_only || on_or_after(c)) {
                    chosen = Some((source, c));
                    break 'search;
                }
            }
        }
        let (source, c) = chosen?;
        let hours = hours_near(&self.tokens[source], c.from, c.to).or_else(|| self.hours_for(c.start));
        Some(found(c.start, c.end, hours))
    }

    /// Completes a start day known from elsewhere (front matter) with the last day and the
    /// hours that the texts give for an expression starting that day.
    pub fn find_for_start(&self, start: Date) -> Found {
        let end = (0..self.tokens.len())
            .find_map(|s| self.candidates(s).into_iter().find(|c| c.start == start))
            .map_or(start, |c| c.end);
        found(start, end, self.hours_for(start))
    }

    /// The hours stated next to any mention of `day`.
    fn hours_for(&self, day: Date) -> Option<(Time, Option<Time>)> {
        (0..self.tokens.len()).find_map(|s| {
            self.candidates(s)
                .into_iter()
                .filter(|c| c.start == day)
                .find_map(|c| hours_near(&self.tokens[s], c.from, c.to))
        })
    }
}

fn found(start: Date, end: Date, hours: Option<(Time, Option<Time>)>) -> Found {
    Found { start, end, start_time: hours.map(|h| h.0), end_time: hours.and_then(|h| h.1) }
}

/// Splits prose into lower-case words, numbers and punctuation, with a `Para` token between
/// paragraphs and around headings.
fn tokenize(text: &str) -> Vec<Tok> {
    let plain = text::plain(text, true).text.to_lowercase();
    let mut toks = Vec::new();
    let mut block = String::new();
    let flush = |block: &mut String, toks: &mut Vec<Tok>| {
        if !block.trim().is_empty() {
            if !toks.is_empty() {
                toks.push(Tok::Para);
            }
            tokenize_block(block, toks);
        }
        block.clear();
    };
    for line in plain.lines() {
        let t = line.trim();
        if t.is_empty() {
            flush(&mut block, &mut toks);
        } else if t.starts_with('#') {
            flush(&mut block, &mut toks);
            block.push_str(t);
            flush(&mut block, &mut toks);
        } else {
            block.push_str(t);
            block.push(' ');
        }
    }
    flush(&mut block, &mut toks);
    toks
}

fn tokenize_block(s: &str, toks: &mut Vec<Tok>) {
    let mut word = String::new();
    let mut num = String::new();
    let flush = |word: &mut String, num: &mut String, toks: &mut Vec<Tok>| {
        if !word.is_empty() {
            toks.push(Tok::Word(std::mem::take(word)));
        }
        if !num.is_empty() {
            let digits = num.len();
            let value = if digits > 9 { u32::MAX } else { num.parse().unwrap_or(u32::MAX) };
            toks.push(Tok::Num { value, digits });
            num.clear();
        }
    };
    for c in s.chars() {
        if c.is_alphabetic() {
            if !num.is_empty() {
                flush(&mut word, &mut num, toks);
            }
            word.push(c);
        } else if c.is_ascii_digit() {
            if !word.is_empty() {
                flush(&mut word, &mut num, toks);
            }
            num.push(c);
        } else {
            flush(&mut word, &mut num, toks);
            if !c.is_whitespace() {
                toks.push(Tok::Punct(if c == '’' { '\'' } else { c }));
            }
        }
    }
    flush(&mut word, &mut num, toks);
}

/// The month of a French (or English) month name or abbreviation.
fn month_number(w: &str) -> Option<i8> {
    Some(match w {
        "janvier" | "janv" | "january" | "jan" => 1,
        "février" | "fevrier" | "févr" | "fevr" | "fév" | "fev" | "february" | "feb" => 2,
        "mars" | "march" | "mar" => 3,
        "avril" | "avr" | "april" | "apr" => 4,
        "mai" | "may" => 5,
        "juin" | "june" | "jun" => 6,
        "juillet" | "juil" | "july" | "jul" => 7,
        "août" | "aout" | "august" | "aug" => 8,
        "septembre" | "sept" | "sep" | "september" => 9,
        "octobre" | "oct" | "october" => 10,
        "novembre" | "nov" | "november" => 11,
        "décembre" | "decembre" | "déc" | "dec" | "december" => 12,
        _ => return None,
    })
}

fn is_weekday(w: &str) -> bool {
    matches!(w, "lundi" | "mardi" | "mercredi" | "jeudi" | "vendredi" | "samedi" | "dimanche")
}

fn word(t: &[Tok], i: usize) -> Option<&str> {
    match t.get(i)? {
        Tok::Word(w) => Some(w),
        _ => None,
    }
}

fn is_punct(t: &[Tok], i: usize, set: &[char]) -> bool {
    matches!(t.get(i), Some(Tok::Punct(c)) if set.contains(c))
}

/// A day of the month ("9", "1er"), maybe after a weekday name; returns it and the next index.
fn day_at(t: &[Tok], i: usize) -> Option<(i8, usize)> {
    let i = if word(t, i).is_some_and(is_weekday) { i + 1 } else { i };
    match t.get(i)? {
        Tok::Num { value, digits } if *digits <= 2 && (1..=31).contains(value) => {
            let next = if matches!(word(t, i + 1), Some("er" | "ier")) { i + 2 } else { i + 1 };
            Some((*value as i8, next))
        }
        _ => None,
    }
}

/// A day after "et", "au" or a comma, where an article may repeat: "le 9 et le 10 janvier".
fn day_after_separator(t: &[Tok], i: usize) -> Option<(i8, usize)> {
    let i = if word(t, i) == Some("le") { i + 1 } else { i };
    day_at(t, i)
}

/// A numeric date: "09/01/2024", "9.1.2024" (day first, four-digit year).
fn numeric_date_at(t: &[Tok], i: usize) -> Option<Expr> {
    let small = |k: usize, max: u32| match t.get(k) {
        Some(Tok::Num { value, digits }) if *digits <= 2 && (1..=max).contains(value) => Some(*value as i8),
        _ => None,
    };
    let day = small(i, 31)?;
    let sep = ['/', '.'];
    if !is_punct(t, i + 1, &sep) {
        return None;
    }
    let month = small(i + 2, 12)?;
    if !is_punct(t, i + 3, &sep) {
        return None;
    }
    let (year, to) = year_at(t, i + 4)?;
    let one = Written { day, month, year: Some(year) };
    Some(Expr { first: one, last: one, from: i, to })
}

fn month_at(t: &[Tok], i: usize) -> Option<(i8, usize)> {
    let m = month_number(word(t, i)?)?;
    let next = if is_punct(t, i + 1, &['.']) { i + 2 } else { i + 1 };
    Some((m, next))
}

fn year_at(t: &[Tok], i: usize) -> Option<(i16, usize)> {
    match t.get(i)? {
        Tok::Num { value, digits: 4 } if (1900..=2199).contains(value) => Some((*value as i16, i + 1)),
        _ => None,
    }
}

fn optional_year(t: &[Tok], i: usize) -> (Option<i16>, usize) {
    year_at(t, i).map_or((None, i), |(y, j)| (Some(y), j))
}

/// Reads a date expression starting at `i`: a range ("du 3 au 5 mars 2025",
/// "du 30 juin au 2 juillet"), a list ("9 et 10 janvier 2024") or one day ("1er juillet").
fn expr_at(t: &[Tok], i: usize) -> Option<Expr> {
    if let Some(e) = numeric_date_at(t, i) {
        return Some(e);
    }
    let (d1, j) = day_at(t, i)?;
    let (m1, y1, j) = match month_at(t, j) {
        Some((m, k)) => {
            let (y, k) = optional_year(t, k);
            (Some(m), y, k)
        }
        None => (None, None, j),
    };
    let range_sep = matches!(word(t, j), Some("au" | "to")) || is_punct(t, j, &['-', '–', '—']);
    if range_sep
        && let Some((d2, k)) = day_after_separator(t, j + 1)
        && let Some((m2, k)) = month_at(t, k)
    {
        let (y2, k) = optional_year(t, k);
        let m1 = m1.unwrap_or(m2);
        let y1 = y1.or(y2.map(|y| if m1 > m2 { y - 1 } else { y }));
        let y2 = y2.or(y1.map(|y| if m2 < m1 { y + 1 } else { y }));
        let first = Written { day: d1, month: m1, year: y1 };
        let last = Written { day: d2, month: m2, year: y2 };
        return Some(Expr { first, last, from: i, to: k });
    }
    let Some(m1) = m1 else {
        // A list of days sharing one month: "9, 10 et 11 janvier".
        let mut days = vec![d1];
        let mut k = j;
        while is_punct(t, k, &[',']) {
            let Some((d, next)) = day_after_separator(t, k + 1) else {
                break;
            };
            days.push(d);
            k = next;
        }
        if !(matches!(word(t, k), Some("et" | "and")) || is_punct(t, k, &['&'])) {
            return None;
        }
        let (d, k) = day_after_separator(t, k + 1)?;
        days.push(d);
        let (m, k) = month_at(t, k)?;
        let (y, k) = optional_year(t, k);
        let first = Written { day: *days.iter().min()?, month: m, year: y };
        let last = Written { day: *days.iter().max()?, month: m, year: y };
        return Some(Expr { first, last, from: i, to: k });
    };
    let one = Written { day: d1, month: m1, year: y1 };
    Some(Expr { first: one, last: one, from: i, to: j })
}

/// Whether the words just before `i` make the date a deadline or an organiser's step.
fn not_event_context(t: &[Tok], i: usize) -> bool {
    let mut seen = 0;
    let mut k = i;
    while k > 0 && seen < CONTEXT_WORDS {
        k -= 1;
        match &t[k] {
            Tok::Para => return false,
            Tok::Word(w) => {
                if NOT_EVENT_CONTEXT.contains(&w.as_str()) {
                    return true;
                }
                seen += 1;
            }
            Tok::Num { .. } => seen += 1,
            Tok::Punct(_) => {}
        }
    }
    false
}

/// The date for a day and month with no year: the first one on or after `published`.
fn infer_year(day: i8, month: i8, published: Date) -> Option<Date> {
    (published.year()..=published.year() + 4).filter_map(|y| Date::new(y, month, day).ok()).find(|d| *d >= published)
}

fn resolve(e: &Expr, published: Option<Date>) -> Option<Candidate> {
    let start = match e.first.year {
        Some(y) => Date::new(y, e.first.month, e.first.day).ok()?,
        None => infer_year(e.first.day, e.first.month, published?)?,
    };
    let end = match e.last.year {
        Some(y) => Date::new(y, e.last.month, e.last.day).ok()?,
        None => infer_year(e.last.day, e.last.month, start)?,
    };
    (end >= start).then_some(Candidate { start, end, from: e.from, to: e.to })
}

/// Every event-date expression of a token list, in order, deadlines left out.
fn candidates(t: &[Tok], published: Option<Date>) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        match expr_at(t, i) {
            Some(e) => {
                if !not_event_context(t, i) {
                    out.extend(resolve(&e, published));
                }
                i = e.to.max(i + 1);
            }
            None => i += 1,
        }
    }
    out
}

/// A time of day: "10h", "10 h", "10h30", "9 h 30", "midi", "14:00".
fn time_at(t: &[Tok], i: usize) -> Option<(Time, usize)> {
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
fn hours_at(t: &[Tok], i: usize) -> Option<((Time, Option<Time>), usize)> {
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
fn afternoon_end(t: &[Tok], h: (Time, Option<Time>), end: usize) -> (Time, Option<Time>) {
    let joined = matches!(word(t, end), Some("et" | "puis")) || is_punct(t, end, &[',', ';']);
    match (h.1, joined.then(|| hours_at(t, end + 1)).flatten()) {
        (Some(first_end), Some(((s2, Some(e2)), _))) if s2 >= first_end => (h.0, Some(e2)),
        _ => h,
    }
}

/// The hours stated in the same paragraph as the date at `from..to`: first looking after
/// it (up to the next date), then just before it.
fn hours_near(t: &[Tok], from: usize, to: usize) -> Option<(Time, Option<Time>)> {
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

/// Parses one written day ("9 novembre 2021", "1er juillet 2022"), for lenient front matter.
pub fn parse_written_date(s: &str) -> Option<Date> {
    let t = tokenize(s);
    (0..t.len()).find_map(|i| {
        let e = expr_at(&t, i)?;
        let y = e.first.year?;
        Date::new(y, e.first.month, e.first.day).ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date, time};

    fn find(texts: &[&str], published: Option<Date>) -> Option<Found> {
        Sources::new(texts, published).find_event()
    }

    fn f(start: Date, end: Date, hours: Option<(Time, Time)>) -> Found {
        Found { start, end, start_time: hours.map(|h| h.0), end_time: hours.map(|h| h.1) }
    }

    #[test]
    fn dates_list_with_les_found() {
        let r = find(&["Garagethon #BlueHats 🧢 les 9 et 10 janvier 2024"], None);

        assert_eq!(r, Some(f(date(2024, 1, 9), date(2024, 1, 10), None)));
    }

    #[test]
    fn dates_list_without_article_found() {
        let r = find(&["Hackathon #BlueHats 🧢 9 et 10 janvier 2024"], None);

        assert_eq!(r, Some(f(date(2024, 1, 9), date(2024, 1, 10), None)));
    }

    #[test]
    fn dates_first_of_month_with_hours_found() {
        let r = find(&["Cette journée aura lieu le **1er juillet 2022 de 9h à 18h** au lieu"], None);

        assert_eq!(r, Some(f(date(2022, 7, 1), date(2022, 7, 1), Some((time(9, 0, 0, 0), time(18, 0, 0, 0))))));
    }

    #[test]
    fn dates_emphasis_and_hours_on_next_line_found() {
        let body =
            "L'après-midi aura lieu le *4 décembre 2024* dans la\nsalle 124/125M en mezzanine des Congrès de 13h à 18h";

        let r = find(&[body], None);

        assert_eq!(r, Some(f(date(2024, 12, 4), date(2024, 12, 4), Some((time(13, 0, 0, 0), time(18, 0, 0, 0))))));
    }

    #[test]
    fn dates_range_same_month_found() {
        let r = find(&["Rendez-vous du 3 au 5 mars 2025 à Lyon"], None);

        assert_eq!(r, Some(f(date(2025, 3, 3), date(2025, 3, 5), None)));
    }

    #[test]
    fn dates_range_across_months_found() {
        let r = find(&["du 30 juin au 2 juillet 2025"], None);

        assert_eq!(r, Some(f(date(2025, 6, 30), date(2025, 7, 2), None)));
    }

    #[test]
    fn dates_range_across_years_found() {
        let r = find(&["du 30 décembre au 2 janvier 2025"], None);

        assert_eq!(r, Some(f(date(2024, 12, 30), date(2025, 1, 2), None)));
    }

    #[test]
    fn dates_without_year_take_first_after_publication() {
        let body = "retrouvez-nous le 9 novembre en salle 223M";

        let autumn = find(&[body], Some(date(2021, 10, 1)));
        let december = find(&[body], Some(date(2021, 12, 1)));

        assert_eq!(autumn, Some(f(date(2021, 11, 9), date(2021, 11, 9), None)));
        assert_eq!(december, Some(f(date(2022, 11, 9), date(2022, 11, 9), None)));
    }

    #[test]
    fn dates_without_year_or_publication_ignored() {
        assert_eq!(find(&["le 9 novembre"], None), None);
    }

    #[test]
    fn dates_hour_forms_read() {
        let cases = [
            ("le 9 mars 2024 de 10 h à 17 h", (10, 0), (17, 0)),
            ("le 9 mars 2024 de 9 h 30 à 12h", (9, 30), (12, 0)),
            ("le 9 mars 2024 de 10h30 à 16h45", (10, 30), (16, 45)),
            ("le 9 mars 2024, entre 13h et 18h", (13, 0), (18, 0)),
            ("le 9 mars 2024 (14h-18h)", (14, 0), (18, 0)),
            ("le 9 mars 2024 de 9h à midi", (9, 0), (12, 0)),
            ("le 9 mars 2024 de 14:00 à 17:30", (14, 0), (17, 30)),
        ];

        for (text, s, e) in cases {
            let r = find(&[text], None).unwrap();

            assert_eq!((r.start_time, r.end_time), (Some(time(s.0, s.1, 0, 0)), Some(time(e.0, e.1, 0, 0))), "{text}");
        }
    }

    #[test]
    fn dates_list_with_repeated_article_found() {
        let r = find(&["le 9 et le 10 janvier 2024"], None);

        assert_eq!(r, Some(f(date(2024, 1, 9), date(2024, 1, 10), None)));
    }

    #[test]
    fn dates_numeric_found() {
        let r = find(&["Rendez-vous le 09/01/2024 en salle 124/125M"], None);

        assert_eq!(r, Some(f(date(2024, 1, 9), date(2024, 1, 9), None)));
    }

    #[test]
    fn dates_start_time_right_after_date_read() {
        let r = find(&["Apéro BlueHats le 12 mars 2025 à 18h30, au bar"], None).unwrap();

        assert_eq!((r.start_time, r.end_time), (Some(time(18, 30, 0, 0)), None));
    }

    #[test]
    fn dates_morning_and_afternoon_ranges_span_the_day() {
        let r = find(&["le 9 mars 2024 de 9h30 à 12h et de 14h à 17h"], None).unwrap();

        assert_eq!((r.start_time, r.end_time), (Some(time(9, 30, 0, 0)), Some(time(17, 0, 0, 0))));
    }

    #[test]
    fn dates_start_only_hour_read() {
        let r = find(&["le 9 mars 2024 à partir de 14h"], None).unwrap();

        assert_eq!((r.start_time, r.end_time), (Some(time(14, 0, 0, 0)), None));
    }

    #[test]
    fn dates_hours_for_both_days_read() {
        let r = find(
            &["les 9 et 10 janvier 2024 au Lieu, au 77 avenue de Ségur 75015 Paris, de 10h à 17h les deux jours."],
            None,
        );

        assert_eq!(r, Some(f(date(2024, 1, 9), date(2024, 1, 10), Some((time(10, 0, 0, 0), time(17, 0, 0, 0))))));
    }

    #[test]
    fn dates_deadlines_skipped() {
        let body = "Envoyez vos propositions d'ici le 15 novembre 23h59, avant le 22 novembre.\n\
                    Préinscription jusqu'au 2 janvier. Date limite : 3 janvier.\n\n\
                    L'événement a lieu le 9 janvier.";

        let r = find(&["Titre", "", body], Some(date(2023, 11, 1)));

        assert_eq!(r, Some(f(date(2024, 1, 9), date(2024, 1, 9), None)));
    }

    #[test]
    fn dates_deadline_only_gives_nothing() {
        assert_eq!(find(&["Appel à interventions avant le 15 novembre 2024"], None), None);
    }

    #[test]
    fn dates_bare_years_and_numbers_ignored() {
        let r =
            find(&["Après les salons 2018 et 2019, 2 place de la porte Maillot 75017 Paris, de 5 à 20 minutes"], None);

        assert_eq!(r, None);
    }

    #[test]
    fn dates_in_link_targets_ignored() {
        let r = find(&["[formulaire](https://framaforms.org/garagethon-9-10-janvier-2024-1702471895)"], None);

        assert_eq!(r, None);
    }

    #[test]
    fn dates_title_wins_over_body() {
        let r = find(&["Journée du 4 décembre 2024", "", "Publié le 1 octobre 2024"], Some(date(2024, 10, 1)));

        assert_eq!(r.map(|r| r.start), Some(date(2024, 12, 4)));
    }

    #[test]
    fn dates_body_prefers_future_over_past_edition() {
        let body = "Après la journée du 9 novembre 2021, rendez-vous le 4 décembre 2024.";

        let r = find(&["Titre", "", body], Some(date(2024, 10, 15)));

        assert_eq!(r.map(|r| r.start), Some(date(2024, 12, 4)));
    }

    #[test]
    fn dates_hours_found_at_later_mention() {
        let sources = Sources::new(
            &[
                "Journée le 1er juillet 2022",
                "",
                "## Sauvez la date : 1er juillet 2022\n\n- 9h Accueil\n\nC'est le **1er juillet 2022 de 9h à 18h**.",
            ],
            None,
        );

        let r = sources.find_event();

        assert_eq!(r, Some(f(date(2022, 7, 1), date(2022, 7, 1), Some((time(9, 0, 0, 0), time(18, 0, 0, 0))))));
    }

    #[test]
    fn dates_for_known_start_take_end_and_hours() {
        let sources = Sources::new(&["", "les 9 et 10 janvier 2024 de 10h à 17h"], None);

        let r = sources.find_for_start(date(2024, 1, 9));

        assert_eq!(r, f(date(2024, 1, 9), date(2024, 1, 10), Some((time(10, 0, 0, 0), time(17, 0, 0, 0)))));
    }

    #[test]
    fn dates_written_date_parsed() {
        assert_eq!(parse_written_date("9 novembre 2021"), Some(date(2021, 11, 9)));
        assert_eq!(parse_written_date("le 1er juillet 2022"), Some(date(2022, 7, 1)));
        assert_eq!(parse_written_date("bientôt"), None);
    }
}
