//! D2: the editing grid of a programme day: 15-minute rows, one column per room (and one for
//! items without a room), each item in the cell of its start spanning the rows it covers.
//! Items that collide in one room share a cell, flagged, so that nothing is hidden.

use super::programme::{Item, Programme};
use jiff::civil::{Date, DateTime, Time};
use serde::Serialize;

/// Minutes per row of the grid.
pub const ROW_MINUTES: i32 = 15;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Column {
    /// `None` for the column of items without a room.
    pub room_id: Option<i64>,
    pub name: String,
}

/// One cell: empty (a drop target), an item's cell spanning `rows`, or covered by one above.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Cell {
    Empty,
    Items { rows: u32, ids: Vec<i64>, conflict: bool },
    Covered,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// "HH:MM".
    pub time: String,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Day {
    pub date: Date,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

fn minutes_of(t: Time) -> i32 {
    i32::from(t.hour()) * 60 + i32::from(t.minute())
}

/// The grid of `date` with the default hours, 9 h to 18 h (see `day_within`).
pub fn day(p: &Programme, date: Date) -> Day {
    day_within(p, date, None)
}

/// The grid of `date`: from the event's daily opening (`hours`, else 9 h; or the first
/// item, rounded down) to its closing (else 18 h; or the last end, rounded up), rooms in
/// their order, plus "Sans salle" when an item has none (issue 19: the grid starts at the
/// event's hours).
pub fn day_within(p: &Programme, date: Date, hours: Option<(Time, Time)>) -> Day {
    let (open, close) =
        hours.map_or((9 * 60, 18 * 60), |(o, c)| (minutes_of(o), minutes_of(c).max(minutes_of(o) + 15)));
    let items: Vec<&Item> = p.items.iter().filter(|i| i.date() == date).collect();
    let mut columns: Vec<Column> =
        p.rooms.iter().map(|r| Column { room_id: Some(r.id), name: r.name.clone() }).collect();
    if items.iter().any(|i| i.room_id.is_none_or(|r| p.room(r).is_none())) {
        columns.push(Column { room_id: None, name: "Sans salle".into() });
    }
    let start_min = items.iter().map(|i| minutes_of(i.start.time())).min().unwrap_or(open).min(open);
    let end_min = items
        .iter()
        .map(|i| if i.end().date() > date { 24 * 60 } else { minutes_of(i.end().time()) })
        .max()
        .unwrap_or(close)
        .max(close);
    let first = start_min / ROW_MINUTES * ROW_MINUTES;
    let count = ((end_min - first) + ROW_MINUTES - 1) / ROW_MINUTES;
    let count = count.max(1) as usize;
    let mut grid: Vec<Vec<Cell>> = vec![vec![Cell::Empty; columns.len()]; count];
    // Which row holds the item cell covering each (row, column).
    let mut owner: Vec<Vec<Option<usize>>> = vec![vec![None; columns.len()]; count];
    for item in &items {
        let col = columns
            .iter()
            .position(|c| c.room_id == item.room_id && item.room_id.is_some_and(|r| p.room(r).is_some()))
            .unwrap_or(columns.len() - 1);
        let row = ((minutes_of(item.start.time()) - first) / ROW_MINUTES) as usize;
        let end = if item.end().date() > date { 24 * 60 } else { minutes_of(item.end().time()) };
        let rows = (((end - first) + ROW_MINUTES - 1) / ROW_MINUTES) as usize - row;
        let rows = rows.max(1);
        let host = owner[row][col].unwrap_or(row);
        match &mut grid[host][col] {
            Cell::Items { ids, conflict, rows: span } => {
                ids.push(item.id);
                *conflict = true;
                // The shared cell grows to cover the longer item, within the grid.
                let needed = (row + rows).min(count) - host;
                if needed as u32 > *span {
                    for r in host + *span as usize..host + needed {
                        grid[r][col] = Cell::Covered;
                        owner[r][col] = Some(host);
                    }
                    if let Cell::Items { rows: span, .. } = &mut grid[host][col] {
                        *span = needed as u32;
                    }
                }
            }
            _ => {
                let rows = rows.min(count - row);
                // Items already placed lower in this column and now covered join this cell.
                let mut ids = vec![item.id];
                let mut conflict = false;
                for r in row + 1..row + rows {
                    if let Cell::Items { ids: below, .. } = std::mem::replace(&mut grid[r][col], Cell::Covered) {
                        ids.extend(below);
                        conflict = true;
                    }
                    owner[r][col] = Some(row);
                }
                grid[row][col] = Cell::Items { rows: rows as u32, ids, conflict };
                owner[row][col] = Some(row);
            }
        }
    }
    let rows = grid
        .into_iter()
        .enumerate()
        .map(|(i, cells)| {
            let m = first + i as i32 * ROW_MINUTES;
            Row { time: format!("{:02}:{:02}", m / 60, m % 60), cells }
        })
        .collect();
    Day { date, columns, rows }
}

/// Parses the grid's "HH:MM" and a date into a civil date-time.
pub fn slot(date: Date, time: &str) -> Option<DateTime> {
    let t: Time = time.trim().parse().ok()?;
    Some(date.to_datetime(t))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::programme::{Draft, ItemInput, ItemKind, RoomInput};
    use jiff::civil::date;

    fn draft() -> Draft {
        let mut d = Draft::default();
        for name in ["Amphi", "Salle 2"] {
            d.add_room(RoomInput { name: name.into(), capacity: None, accessibility: None, opens: None, closes: None })
                .unwrap();
        }
        d
    }

    fn add(d: &mut Draft, title: &str, h: i8, m: i8, minutes: u32, room: Option<i64>) -> i64 {
        d.add_item(ItemInput {
            kind: ItemKind::Talk,
            title: title.into(),
            summary: String::new(),
            start: date(2030, 3, 5).at(h, m, 0, 0),
            minutes,
            room_id: room,
            track_id: None,
            speakers: vec![],
            proposal_id: None,
            format_max_minutes: None,
        })
        .unwrap()
    }

    #[test]
    fn items_span_their_rows_in_their_room() {
        let mut d = draft();
        let a = add(&mut d, "Ouverture", 9, 30, 45, Some(1));
        let g = day(&d.programme, date(2030, 3, 5));
        assert_eq!(g.columns.len(), 2, "no 'Sans salle' column when every item has a room");
        assert_eq!(g.rows[0].time, "09:00");
        assert_eq!(g.rows.last().unwrap().time, "17:45");
        assert_eq!(g.rows[2].cells[0], Cell::Items { rows: 3, ids: vec![a], conflict: false });
        assert_eq!(g.rows[3].cells[0], Cell::Covered);
        assert_eq!(g.rows[5].cells[0], Cell::Empty);
        assert_eq!(g.rows[2].cells[1], Cell::Empty);
    }

    #[test]
    fn overlapping_items_share_a_flagged_cell_whatever_their_order() {
        let mut d = draft();
        let long = add(&mut d, "Long", 10, 0, 60, Some(2));
        let inside = add(&mut d, "Dedans", 10, 30, 15, Some(2));
        let later = add(&mut d, "Déborde", 10, 45, 60, Some(2));
        let g = day(&d.programme, date(2030, 3, 5));
        match &g.rows[4].cells[1] {
            Cell::Items { ids, conflict, rows } => {
                assert_eq!(ids, &vec![long, inside, later]);
                assert!(*conflict);
                assert_eq!(*rows, 7, "the shared cell covers until the last end (11 h 45)");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn early_late_and_roomless_items_widen_the_grid() {
        let mut d = draft();
        add(&mut d, "Petit-déjeuner", 7, 50, 40, None);
        add(&mut d, "Soirée", 19, 0, 120, Some(1));
        let g = day(&d.programme, date(2030, 3, 5));
        assert_eq!(g.rows[0].time, "07:45");
        assert_eq!(g.rows.last().unwrap().time, "20:45");
        assert_eq!(g.columns.last().unwrap().room_id, None);
        assert!(matches!(g.rows[0].cells[2], Cell::Items { rows: 3, .. }), "07:50–08:30 covers 07:45, 08:00, 08:15");
    }

    #[test]
    fn the_grid_spans_the_events_hours() {
        let d = draft();

        let g = day_within(
            &d.programme,
            date(2030, 3, 5),
            Some((jiff::civil::time(13, 30, 0, 0), jiff::civil::time(17, 0, 0, 0))),
        );

        assert_eq!(g.rows.len(), 14, "13:30 to 17:00 in quarters of an hour");
        assert_eq!(g.rows[0].time, "13:30");
    }

    #[test]
    fn slots_parse_times() {
        assert_eq!(slot(date(2030, 3, 5), "14:05"), Some(date(2030, 3, 5).at(14, 5, 0, 0)));
        assert_eq!(slot(date(2030, 3, 5), "25:00"), None);
    }
}
