//! A3: the links of an imported body made to work on the new site: a site-relative link of
//! the old site (`/fr/bluehats/…`) points at the original site (`--source-base-url`), or
//! loses its target when no base is given; a bare address as a target (`[a@b.fr](a@b.fr)`)
//! becomes `mailto:`; a target that is a template expression (`{{ page.url }}`) is dropped.
//! Each change is reported. Pure.

use super::text::markdown_links;
use crate::domain::event::parse_email;

/// The body with its links rewritten, and one warning per change, naming the file line.
pub fn rewrite(body: &str, base_url: Option<&str>, file: &str, first_line: usize) -> (String, Vec<String>) {
    let mut out = String::with_capacity(body.len());
    let mut warnings = Vec::new();
    let mut at = 0;
    let base = base_url.map(|b| b.trim_end_matches('/'));
    for link in markdown_links(body) {
        let line = first_line + body[..link.start].matches('\n').count();
        let url = link.url.trim();
        let target_start = body[link.text.1..link.end].find('(').map(|p| link.text.1 + p + 1);
        let Some(target_start) = target_start else { continue };
        let target_end = link.end - 1;
        let replacement: Option<(Option<String>, String)> = if url.contains("{{") || url.contains("{%") {
            Some((None, format!("{file}:{line}: link to the template expression `{url}` dropped, its text kept")))
        } else if url.starts_with('/') && !url.starts_with("//") {
            match base {
                Some(b) => Some((Some(format!("{b}{url}")), String::new())),
                None => Some((
                    None,
                    format!("{file}:{line}: site-relative link `{url}` dropped, its text kept; give --source-base-url"),
                )),
            }
        } else if !url.contains(':') && url.contains('@') && parse_email(url).is_ok() {
            Some((
                Some(format!("mailto:{url}")),
                format!("{file}:{line}: link to the bare address `{url}` made mailto:"),
            ))
        } else {
            None
        };
        let Some((new_target, warning)) = replacement else { continue };
        if !warning.is_empty() {
            warnings.push(warning);
        }
        match new_target {
            Some(target) => {
                out.push_str(&body[at..target_start]);
                out.push_str(&target);
                at = target_end;
            }
            None if !link.image => {
                out.push_str(&body[at..link.start]);
                out.push_str(&body[link.text.0..link.text.1]);
                at = link.end;
            }
            None => {
                // An image whose source cannot be reached: its alternative text stays.
                out.push_str(&body[at..link.start]);
                out.push_str(&body[link.text.0..link.text.1]);
                at = link.end;
            }
        }
    }
    out.push_str(&body[at..]);
    (out, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_relative_link_made_absolute_with_base() {
        let (body, warnings) = rewrite(
            "Voir [le bilan](/fr/communaute/bilan-2023/) et [ici](https://a.fr/x).",
            Some("https://exemple.gouv.fr/"),
            "p.md",
            5,
        );
        assert_eq!(
            body,
            "Voir [le bilan](https://exemple.gouv.fr/fr/communaute/bilan-2023/) et [ici](https://a.fr/x)."
        );
        assert!(warnings.is_empty());
    }

    #[test]
    fn site_relative_link_without_base_loses_its_target() {
        let (body, warnings) = rewrite("Lire\n[la page](/fr/page/) !", None, "p.md", 5);
        assert_eq!(body, "Lire\nla page !");
        assert_eq!(warnings, ["p.md:6: site-relative link `/fr/page/` dropped, its text kept; give --source-base-url"]);
    }

    #[test]
    fn bare_address_target_becomes_mailto_and_template_target_dropped() {
        let (body, warnings) =
            rewrite("Écrire à [contact@asso.fr](contact@asso.fr), [s'inscrire]({{page.url}}).", None, "p.md", 1);
        assert_eq!(body, "Écrire à [contact@asso.fr](mailto:contact@asso.fr), s'inscrire.");
        assert_eq!(warnings.len(), 2);
    }
}
