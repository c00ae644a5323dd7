//! A3: finds when an event happens in French prose: "les 9 et 10 janvier 2024",
//! "du 30 juin au 2 juillet 2025", "le *4 décembre 2024* … de 13h à 18h", "le 9 novembre"
//! (year inferred from the publication date). Deadlines ("avant le 15 novembre",
//! "jusqu'au 2 janvier", "d'ici le …") are not event dates. Pure.

mod hours;
mod mentions;
#[cfg(test)]
mod tests;
mod tokens;

pub use hours::{parse_hours, programme_hours};
pub use mentions::{DeadlineKind, Mention};

#[cfg(test)]
use hours::hours_near;
use jiff::civil::Date;
#[cfg(test)]
use jiff::civil::Time;
use tokens::{Tok, is_punct, tokenize, word};

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

/// The longest run of days written with a dash (« 9-10 janvier »); longer is no range.
const MAX_DASH_RANGE_DAYS: i8 = 7;

/// What a text says about the event: its days and, when stated, its daily hours.
#[cfg(test)]
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

    #[cfg(test)]
    fn candidates(&self, source: usize) -> Vec<Candidate> {
        candidates(&self.tokens[source], self.published)
    }

    /// Finds the event's dates: the first date in the first text (the title); otherwise
    /// the first date on or after the publication in a later text; otherwise any date.
    /// Hours come from near that date, or from near another mention of the same day.
    #[cfg(test)]
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
    #[cfg(test)]
    pub fn find_for_start(&self, start: Date) -> Found {
        let end = (0..self.tokens.len())
            .find_map(|s| self.candidates(s).into_iter().find(|c| c.start == start))
            .map_or(start, |c| c.end);
        found(start, end, self.hours_for(start))
    }

    /// The hours stated next to any mention of `day`.
    #[cfg(test)]
    fn hours_for(&self, day: Date) -> Option<(Time, Option<Time>)> {
        (0..self.tokens.len()).find_map(|s| {
            self.candidates(s)
                .into_iter()
                .filter(|c| c.start == day)
                .find_map(|c| hours_near(&self.tokens[s], c.from, c.to))
        })
    }
}

#[cfg(test)]
fn found(start: Date, end: Date, hours: Option<(Time, Option<Time>)>) -> Found {
    Found { start, end, start_time: hours.map(|h| h.0), end_time: hours.and_then(|h| h.1) }
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
    // "PostgreSQL 9.4 - 16 janvier": the 4 of a version number is no day.
    if i >= 2 && is_punct(t, i - 1, &['.']) && matches!(t[i - 2], Tok::Num { .. }) {
        return None;
    }
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
        // "Drupal 8 – 27 mai", "PGSession 7 - 24 septembre": a dash between a number and a
        // date a fortnight later joins a name to the date, not two days of one event.
        let dash = !matches!(word(t, j), Some("au" | "to"));
        if dash && m1.is_none_or(|m| m == m2) && d2 - d1 > MAX_DASH_RANGE_DAYS {
            return None;
        }
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

/// What a date expression is: the event's, a deadline or organiser's step, or the dateline
/// that opens a press-release style post ("*Paris, le 5 avril 2016*").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Event,
    NotEvent,
    Dateline,
}

fn role(t: &[Tok], e: &Expr) -> Role {
    let i = e.from;
    let para_start = |k: usize| k == 0 || t[k - 1] == Tok::Para;
    let dateline = i >= 3
        && word(t, i - 1) == Some("le")
        && is_punct(t, i - 2, &[','])
        && word(t, i - 3).is_some()
        && para_start(i - 3)
        && (e.to >= t.len() || t[e.to] == Tok::Para);
    if dateline {
        Role::Dateline
    } else if not_event_context(t, i) {
        Role::NotEvent
    } else {
        Role::Event
    }
}

/// Every date expression of a token list, in order, with its role.
fn all_expressions(t: &[Tok]) -> Vec<(Expr, Role)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        match expr_at(t, i) {
            Some(e) => {
                out.push((e, role(t, &e)));
                i = e.to.max(i + 1);
            }
            None => i += 1,
        }
    }
    out
}

/// Every event-date expression of a token list, in order, deadlines and datelines left out.
#[cfg(test)]
fn candidates(t: &[Tok], published: Option<Date>) -> Vec<Candidate> {
    all_expressions(t).iter().filter(|(_, r)| *r == Role::Event).filter_map(|(e, _)| resolve(e, published)).collect()
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

/// Parses a written day or run of days with its year ("10 et 11 juin 2016", "16 au 18
/// septembre 2016", "4 Juillet 2017"), for structured front matter fields.
pub fn parse_written_range(s: &str) -> Option<(Date, Date)> {
    let t = tokenize(s);
    (0..t.len()).find_map(|i| {
        let e = expr_at(&t, i)?;
        e.first.year.or(e.last.year)?;
        let c = resolve(&e, None)?;
        Some((c.start, c.end))
    })
}
