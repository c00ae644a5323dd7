//! B6 C3 D4: the one CSV writer (RFC 4180, CRLF), for the door list, the proposals and the
//! programme. Every cell that a spreadsheet would run as a formula is defused.

/// When cells are put in double quotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quote {
    /// Only cells holding the separator, a quote or a line break.
    Needed,
    /// Every cell of the rows (not the header).
    Always,
}

/// A CSV document being written, row by row.
pub struct Csv {
    out: String,
    separator: char,
    quote: Quote,
}

impl Csv {
    /// An empty document with this separator and quoting.
    pub fn new(separator: char, quote: Quote) -> Csv {
        Csv { out: String::new(), separator, quote }
    }

    /// Starts the document with a byte order mark, so that spreadsheets read UTF-8.
    pub fn with_bom(mut self) -> Csv {
        self.out.insert(0, '\u{feff}');
        self
    }

    /// Writes the header line: our own column names, quoted only where needed.
    pub fn header(&mut self, names: &[&str]) {
        self.line(names.iter().copied(), Quote::Needed);
    }

    /// Writes one row of cells typed by people: each is defused, then quoted as set.
    pub fn row<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = S>) {
        let defused: Vec<String> = cells.into_iter().map(|c| defuse(c.as_ref())).collect();
        self.line(defused.iter().map(String::as_str), self.quote);
    }

    /// Writes one row where the cells `is_number` picks are numbers we wrote ourselves, left
    /// bare so that spreadsheets read them as numbers; the others are typed by people and
    /// written as `row` writes them.
    pub fn row_with_numbers<S: AsRef<str>>(
        &mut self,
        cells: impl IntoIterator<Item = S>,
        is_number: impl Fn(usize) -> bool,
    ) {
        for (i, cell) in cells.into_iter().enumerate() {
            if i > 0 {
                self.out.push(self.separator);
            }
            if is_number(i) {
                self.cell(cell.as_ref(), Quote::Needed);
            } else {
                self.cell(&defuse(cell.as_ref()), self.quote);
            }
        }
        self.out.push_str("\r\n");
    }

    fn line<'a>(&mut self, cells: impl Iterator<Item = &'a str>, quote: Quote) {
        for (i, cell) in cells.enumerate() {
            if i > 0 {
                self.out.push(self.separator);
            }
            self.cell(cell, quote);
        }
        self.out.push_str("\r\n");
    }

    fn cell(&mut self, cell: &str, quote: Quote) {
        let needs = cell.contains([self.separator, '"', '\n', '\r']);
        if quote == Quote::Always || needs {
            self.out.push('"');
            self.out.push_str(&cell.replace('"', "\"\""));
            self.out.push('"');
        } else {
            self.out.push_str(cell);
        }
    }

    /// The document.
    pub fn finish(self) -> String {
        self.out
    }
}

/// A cell that a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a
/// tab or a carriage return) gets a leading `'`, so that `=HYPERLINK(…)` typed as a name stays
/// text.
pub fn defuse(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}") } else { cell.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needed_quoting_quotes_separators_quotes_and_line_breaks_only() {
        let mut csv = Csv::new(',', Quote::Needed);

        csv.header(&["a", "b,c"]);
        csv.row(["plain", "a, \"b\"", "two\nlines"]);

        assert_eq!(csv.finish(), "a,\"b,c\"\r\nplain,\"a, \"\"b\"\"\",\"two\nlines\"\r\n");
    }

    #[test]
    fn always_quoting_quotes_every_row_cell_but_not_the_header() {
        let mut csv = Csv::new(';', Quote::Always).with_bom();

        csv.header(&["Nom", "État"]);
        csv.row(["Élodie", "ok"]);

        assert_eq!(csv.finish(), "\u{feff}Nom;État\r\n\"Élodie\";\"ok\"\r\n");
    }

    #[test]
    fn numbers_stay_bare_beside_quoted_defused_text() {
        let mut csv = Csv::new(';', Quote::Always);

        csv.row_with_numbers(["12", "=cmd", "3,50"], |i| i != 1);

        assert_eq!(csv.finish(), "12;\"'=cmd\";3,50\r\n");
    }

    #[test]
    fn every_formula_start_is_defused_in_both_modes() {
        for quote in [Quote::Needed, Quote::Always] {
            let mut csv = Csv::new(',', quote);

            csv.row(["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "x=1"]);

            let out = csv.finish();
            let cells: Vec<&str> = out.trim_end().split(',').map(|c| c.trim_matches('"')).collect();
            assert_eq!(cells, ["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", "x=1"]);
        }
    }
}
