//! A3: every date a post's texts mention, with what it is (the event's, a registration or
//! call deadline, a dateline), whether its year is written, and the words around it, so the
//! importer can weigh one source against another and say where each fact came from. Pure.

use super::hours::hours_near;
use super::tokens::{Tok, word};
use super::{Role, Sources, all_expressions, month_number, resolve};
use jiff::civil::{Date, Time};

/// How many words of context an excerpt keeps on each side of a date.
const EXCERPT_WORDS: usize = 12;

/// How many words before a deadline are searched for what it closes.
const DEADLINE_WINDOW: usize = 20;

/// An event date as one text writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Which text: 0 title, 1 description, 2 body (the order given to [`Sources::new`]).
    pub source: usize,
    pub start: Date,
    pub end: Date,
    /// The year is written, not inferred from the publication date.
    pub explicit_year: bool,
    /// The hours stated next to it.
    pub hours: Option<(Time, Option<Time>)>,
    /// The words around it, to show an organiser where it came from.
    pub excerpt: String,
    /// The day and month as written ("9", "janvier"), to find its line in the file.
    pub day: String,
    pub month: Option<String>,
}

/// What a deadline closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeadlineKind {
    Registration,
    Call,
}

/// A deadline as one text writes it ("inscrivez-vous avant le 19 avril").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub kind: DeadlineKind,
    pub date: Date,
    pub source: usize,
    pub excerpt: String,
    pub day: String,
    pub month: Option<String>,
}

impl Sources {
    /// The event dates of text `source`, in order.
    pub fn mentions(&self, source: usize) -> Vec<Mention> {
        let t = &self.tokens[source];
        all_expressions(t)
            .into_iter()
            .filter(|(_, role)| *role == Role::Event)
            .filter_map(|(e, _)| {
                let c = resolve(&e, self.published)?;
                let (day, month) = anchor(t, e.from, e.to);
                Some(Mention {
                    source,
                    start: c.start,
                    end: c.end,
                    explicit_year: e.first.year.is_some() || e.last.year.is_some(),
                    hours: hours_near(t, e.from, e.to),
                    excerpt: excerpt(t, e.from, e.to),
                    day,
                    month,
                })
            })
            .collect()
    }

    /// The registration and call deadlines of every text, in order.
    pub fn deadlines(&self) -> Vec<Deadline> {
        let mut out = Vec::new();
        for (source, t) in self.tokens.iter().enumerate() {
            for (e, role) in all_expressions(t) {
                if role != Role::NotEvent {
                    continue;
                }
                let (Some(kind), Some(c)) = (deadline_kind(t, e.from), resolve(&e, self.published)) else {
                    continue;
                };
                let (day, month) = anchor(t, e.from, e.to);
                out.push(Deadline { kind, date: c.start, source, excerpt: excerpt(t, e.from, e.to), day, month });
            }
        }
        out
    }

    /// The dateline of text `source` ("Paris, le 5 avril 2016" alone in its paragraph): the
    /// day the post was written, when its front matter does not say.
    pub fn dateline(&self, source: usize) -> Option<Date> {
        let t = &self.tokens[source];
        all_expressions(t)
            .into_iter()
            .find(|(_, role)| *role == Role::Dateline)
            .and_then(|(e, _)| e.first.year.and_then(|y| Date::new(y, e.first.month, e.first.day).ok()))
    }
}

/// What the words before a deadline say it closes, nearest first.
fn deadline_kind(t: &[Tok], at: usize) -> Option<DeadlineKind> {
    let mut k = at;
    while k > 0 && at - k < DEADLINE_WINDOW {
        k -= 1;
        let Tok::Word(w) = &t[k] else {
            if t[k] == Tok::Para {
                break;
            }
            continue;
        };
        let registration = ["inscri", "préinscri", "preinscri", "réserv", "reserv", "billet"];
        let call = ["proposition", "intervention", "appel", "candidat", "soumi", "soumett", "conférenci", "cfp"];
        if registration.iter().any(|r| w.starts_with(r)) {
            return Some(DeadlineKind::Registration);
        }
        if call.iter().any(|c| w.starts_with(c)) {
            return Some(DeadlineKind::Call);
        }
    }
    None
}

/// The day and the month word of the expression at `from..to`.
fn anchor(t: &[Tok], from: usize, to: usize) -> (String, Option<String>) {
    let day = (from..to)
        .find_map(|k| match &t[k] {
            Tok::Num { value, digits } if *digits <= 2 => Some(value.to_string()),
            _ => None,
        })
        .unwrap_or_default();
    let month = (from..to).find_map(|k| word(t, k).filter(|w| month_number(w).is_some()).map(str::to_owned));
    (day, month)
}

/// The words around `from..to` within its paragraph, as plain text.
pub(super) fn excerpt(t: &[Tok], from: usize, to: usize) -> String {
    let mut lo = from;
    let mut words = 0;
    while lo > 0 && t[lo - 1] != Tok::Para && words < EXCERPT_WORDS {
        lo -= 1;
        if !matches!(t[lo], Tok::Punct(_)) {
            words += 1;
        }
    }
    let mut hi = to;
    words = 0;
    while hi < t.len() && t[hi] != Tok::Para && words < EXCERPT_WORDS {
        if !matches!(t[hi], Tok::Punct(_)) {
            words += 1;
        }
        hi += 1;
    }
    let mut out = String::new();
    for tok in &t[lo..hi] {
        match tok {
            Tok::Word(w) => push_word(&mut out, w),
            Tok::Num { value, digits } => push_word(&mut out, &format!("{value:0width$}", width = *digits)),
            Tok::Punct(c) if matches!(c, ',' | '.' | ')' | ':' | ';' | '!' | '?') => out.push(*c),
            Tok::Punct(c) if matches!(c, '\'' | '-' | '/') => out.push(*c),
            Tok::Punct(c) => push_word(&mut out, &c.to_string()),
            Tok::Para => {}
        }
    }
    out
}

fn push_word(out: &mut String, w: &str) {
    if !out.is_empty() && !out.ends_with(['\'', '-', '/', '(']) {
        out.push(' ');
    }
    out.push_str(w);
}
