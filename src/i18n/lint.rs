//! H2: the check that a template speaks only through the catalogues: no literal text for the
//! reader outside `t("…")`, in its text or in the attributes a reader hears or sees (`title`,
//! `alt`, `aria-label`, `placeholder`). Used by the tests on every template the public,
//! participants, speakers and board users read.

/// Strings allowed as they are: the names of the languages, written in their own language, and
/// the State's block, « République Française » in every language (DSFR rule).
/// Longer strings first: « Français » is a part of « Française ».
const ALLOWED: &[&str] = &["FR - Français", "EN - English", "République", "Française", "Français", "English"];

/// The attributes whose values a reader sees or hears.
const READ_ATTRIBUTES: &[&str] = &["title", "alt", "aria-label", "placeholder"];

/// Removes every `open … close` span from `text`, keeping what is between spans.
fn strip(text: &str, open: &str, close: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(open) {
        out.push_str(&rest[..start]);
        out.push(' ');
        match rest[start + open.len()..].find(close) {
            Some(end) => rest = &rest[start + open.len() + end + close.len()..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// True when `text` holds something a reader would read: a letter, once the allowed strings,
/// entities and template expressions are gone.
fn reads_as_text(text: &str) -> bool {
    let mut text = text.to_owned();
    for allowed in ALLOWED {
        text = text.replace(allowed, " ");
    }
    let text = strip(&text, "&", ";");
    text.chars().any(char::is_alphabetic)
}

/// The literal texts of a template that are not in the catalogue, each as found.
pub fn literal_texts(source: &str) -> Vec<String> {
    let mut source = strip(source, "{#", "#}");
    for (open, close) in [("{{", "}}"), ("{%", "%}"), ("<script", "</script>"), ("<style", "</style>")] {
        source = strip(&source, open, close);
    }
    let mut found = Vec::new();
    let mut rest = source.as_str();
    while let Some(start) = rest.find('<') {
        let text = &rest[..start];
        if reads_as_text(text) {
            found.push(text.trim().to_owned());
        }
        let Some(end) = rest[start..].find('>') else { break };
        let tag = &rest[start..start + end];
        for attribute in READ_ATTRIBUTES {
            for quote in ['"', '\''] {
                let key = format!(" {attribute}={quote}");
                if let Some(at) = tag.find(&key) {
                    let value = &tag[at + key.len()..];
                    let value = &value[..value.find(quote).unwrap_or(value.len())];
                    if reads_as_text(value) {
                        found.push(format!("{attribute}=\"{}\"", value.trim()));
                    }
                }
            }
        }
        rest = &rest[start + end + 1..];
    }
    if reads_as_text(rest) {
        found.push(rest.trim().to_owned());
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Templates converted to the catalogues so far. H2 asks for every public, participant,
    /// speaker and board page and every mail to participants and speakers.
    const SPEAKING_THROUGH_CATALOGUES: &[&str] = &[
        "layout.html",
        "macros.html",
        "public/home.html",
        "public/events.html",
        "public/event.html",
        "public/archives.html",
        "public/tags.html",
        "public/tag.html",
        "errors/bad_request.html",
        "errors/forbidden.html",
        "errors/link_gone.html",
        "errors/not_found.html",
        "errors/server_error.html",
        "errors/too_many_requests.html",
        "public/gazette/index.html",
        "public/gazette/issue.html",
        "public/gazette/left.html",
        "public/gazette/subscribed.html",
        "public/legal/accessibility.html",
        "public/legal/notice.html",
        "public/legal/personal_data.html",
        "public/legal/site_map.html",
        "public/programme/days.html",
        "public/programme/item.html",
        "public/programme/macros.html",
        "public/programme/rooms.html",
        "public/programme/speaker.html",
        "public/programme/tracks.html",
        "public/programme/versions.html",
        "board/fragment.html",
        "board/live.html",
        "board/macros.html",
        "board/public.html",
        "board/retro.html",
        "board/participant.html",
        "participant/register.html",
        "participant/sent.html",
        "participant/confirm.html",
        "participant/erased.html",
        "participant/link.html",
        "participant/registration.html",
        "participant/call.html",
        "participant/proposal_form.html",
        "participant/proposal_sent.html",
        "participant/proposals.html",
        "participant/proposal.html",
        "participant/cospeaker.html",
        "participant/accepted.html",
        "participant/survey.html",
        "participant/gazette_confirmed.html",
        "participant/gazette_preferences.html",
        "participant/gazette_unsubscribe.html",
    ];

    #[test]
    fn finds_literal_text_and_read_attributes_but_not_expressions() {
        let source = r#"{# Un commentaire #}<p title="Bonjour">{{ t("x") }}</p>
            <a aria-label='{{ t("y") }}' href="/a">Lire</a>{% if a %}&nbsp;{% endif %}<span>FR - Français</span>"#;
        assert_eq!(literal_texts(source), vec!["title=\"Bonjour\"".to_owned(), "Lire".to_owned()]);
        assert!(literal_texts("<p>{{ t(\"ok\") }} — 12 :</p>").is_empty());
    }

    #[test]
    fn converted_templates_carry_no_literal_text() {
        for name in SPEAKING_THROUGH_CATALOGUES {
            let source = crate::web::embedded::template(name).unwrap_or_else(|| panic!("no template {name}"));
            let found = literal_texts(source);
            assert!(found.is_empty(), "{name} has text outside the catalogue: {found:?}");
        }
    }
}
