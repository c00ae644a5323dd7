//! B6: a one-sheet OpenDocument spreadsheet (.ods), for the door list: what LibreOffice and
//! other office suites open without asking about encodings or separators. Written by hand:
//! a ZIP archive of stored (uncompressed) entries, `mimetype` first as the format requires.

/// Builds the spreadsheet: a header row, then the rows, every cell as text.
pub fn sheet(name: &str, header: &[&str], rows: &[Vec<String>]) -> Vec<u8> {
    let mut content = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8"?>"#,
        r#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" "#,
        r#"xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" "#,
        r#"xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">"#,
        r#"<office:body><office:spreadsheet>"#,
    ));
    content.push_str(&format!(r#"<table:table table:name="{}">"#, super::xml::escape(name)));
    let mut row = |cells: &mut dyn Iterator<Item = &str>| {
        content.push_str("<table:table-row>");
        for c in cells {
            content.push_str(r#"<table:table-cell office:value-type="string"><text:p>"#);
            content.push_str(&super::xml::escape(c));
            content.push_str("</text:p></table:table-cell>");
        }
        content.push_str("</table:table-row>");
    };
    row(&mut header.iter().copied());
    for r in rows {
        row(&mut r.iter().map(String::as_str));
    }
    content.push_str("</table:table></office:spreadsheet></office:body></office:document-content>");
    let manifest = concat!(
        r#"<?xml version="1.0" encoding="UTF-8"?>"#,
        r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">"#,
        r#"<manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>"#,
        r#"<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>"#,
        r#"</manifest:manifest>"#,
    );
    zip_stored(&[
        ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet".as_slice()),
        ("META-INF/manifest.xml", manifest.as_bytes()),
        ("content.xml", content.as_bytes()),
    ])
}

/// A ZIP archive whose entries are stored without compression.
fn zip_stored(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    // 1 January 2000, 00:00 in MS-DOS format: the date does not matter to readers.
    let (time, date): (u16, u16) = (0, (20 << 9) | (1 << 5) | 1);
    for (name, data) in files {
        let offset = out.len() as u32;
        let crc = crc32(data);
        let len = data.len() as u32;
        let header = |sig: u32, buf: &mut Vec<u8>, central: bool| {
            buf.extend_from_slice(&sig.to_le_bytes());
            if central {
                buf.extend_from_slice(&20u16.to_le_bytes());
            }
            for v in [20u16, 0, 0, time, date] {
                buf.extend_from_slice(&v.to_le_bytes());
            }
            for v in [crc, len, len] {
                buf.extend_from_slice(&v.to_le_bytes());
            }
            buf.extend_from_slice(&(name.len() as u16).to_le_bytes());
            buf.extend_from_slice(&0u16.to_le_bytes());
            if central {
                for v in [0u16, 0, 0] {
                    buf.extend_from_slice(&v.to_le_bytes());
                }
                buf.extend_from_slice(&0u32.to_le_bytes());
                buf.extend_from_slice(&offset.to_le_bytes());
            }
            buf.extend_from_slice(name.as_bytes());
        };
        header(0x0403_4b50, &mut out, false);
        out.extend_from_slice(data);
        header(0x0201_4b50, &mut central, true);
    }
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    for v in [0u16, 0, files.len() as u16, files.len() as u16] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// CRC-32 (IEEE), as ZIP wants it.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_matches_the_reference_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn mimetype_is_the_first_entry_stored_uncompressed() {
        let ods = sheet("Liste", &["Nom"], &[vec!["Élodie <&>".into()]]);
        assert_eq!(&ods[0..4], &[0x50, 0x4b, 0x03, 0x04]);
        assert_eq!(&ods[30..38], b"mimetype");
        assert_eq!(&ods[38..84], b"application/vnd.oasis.opendocument.spreadsheet");
        let text = String::from_utf8_lossy(&ods);
        assert!(text.contains("Élodie &lt;&amp;&gt;"));
    }
}
