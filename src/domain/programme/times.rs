//! D4: times and durations as the exports write them.

use crate::domain::event::paris;
use jiff::civil::DateTime;

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
