//! A4 B6 D4: the one XML escaper, for the Atom feed, the frab schedule and the ODS sheets.

/// Escapes text for XML content and for attribute values in double quotes (the only quotes
/// our writers use, so `'` stays as it is), and drops the characters XML 1.0
/// forbids even escaped (controls other than tab, line feed and carriage return; U+FFFE and
/// U+FFFF), and the C1 controls it discourages, which some readers refuse.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_replaces_markup_and_drops_forbidden_characters() {
        assert_eq!(escape("a<b>&\"c'\u{1}\u{85}\u{FFFE}"), "a&lt;b&gt;&amp;&quot;c'");
    }

    #[test]
    fn escape_keeps_tabs_line_breaks_and_other_scripts() {
        assert_eq!(escape("Élodie\t北京\r\n"), "Élodie\t北京\r\n");
    }
}
