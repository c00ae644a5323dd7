//! G3: messages written from templates. Each kind of message has a default template in
//! `templates/mail/{kind}.md` with two blocks, `subject` and `body` (Markdown); an event may
//! replace both with its own wording. The HTML part is the Markdown rendered and sanitised, the
//! text part the same Markdown as plain text. Values a template inserts are escaped as text
//! (`web::render`), so only the wording itself is Markdown; links we build are passed with
//! `link` so that they stay addresses.
//!
//! H2: a mail is written in the current language (`i18n::with(recipient_lang, …)`). French
//! mails use the event's wording or `templates/mail/{kind}.md`; English ones use
//! `templates/mail/en/{kind}.md`, the English default, whatever the event's (French) wording.

pub use crate::domain::message::{Composed, Wording};
use crate::i18n::Lang;
use crate::markdown;
use minijinja::{Environment, Value};
use std::sync::Arc;

/// A link we built (site address and token) to insert in a mail as it is, not escaped.
pub fn link(url: impl Into<String>) -> Value {
    Value::from_safe_string(url.into())
}

/// Renders messages; cheap to clone, shared with the store functions that queue mail.
#[derive(Clone)]
pub struct Composer {
    env: Arc<Environment<'static>>,
}

impl Composer {
    pub fn new(env: Arc<Environment<'static>>) -> Composer {
        Composer { env }
    }

    /// Renders `kind` with `ctx` (the site globals are added by the environment), using the
    /// event's override when given, in the current language (see the module). Refuses an
    /// unknown kind or a template error.
    pub fn compose(&self, kind: &str, custom: Option<&Wording>, ctx: Value) -> Result<Composed, minijinja::Error> {
        let lang = crate::i18n::lang();
        let english = format!("mail/en/{kind}.md");
        let (custom, template) = match lang {
            Lang::En if !kind.is_empty() && self.env.get_template(&english).is_ok() => (None, english),
            _ => (custom, format!("mail/{kind}.md")),
        };
        let (subject, body) = match custom {
            // Named `.md` so that inserted values are escaped as in our own templates.
            Some(o) => (
                self.env.render_named_str("wording.md", &o.subject, ctx.clone())?,
                self.env.render_named_str("wording.md", &o.body, ctx)?,
            ),
            None => {
                let tmpl = self.env.get_template(&template)?;
                let mut captured = tmpl.render_captured(ctx)?;
                captured.with_state_mut(|state| -> Result<(String, String), minijinja::Error> {
                    Ok((state.render_block("subject")?, state.render_block("body")?))
                })?
            }
        };
        // A subject is one line of plain text: a template or an organiser cannot inject
        // headers, and the values' Markdown escapes are taken out again.
        let subject = markdown::unescape(&subject.split_whitespace().collect::<Vec<_>>().join(" "));
        let text = markdown::to_mail_text(&body);
        let html = format!(
            "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head><body>{}</body></html>",
            lang.code(),
            crate::domain::message::escape_html(&subject),
            markdown::to_safe_html(&body)
        );
        Ok(Composed { subject, text, html })
    }

    /// The variables `custom` uses that neither `known` nor the site's globals define, such as
    /// a misspelt `{{ evenement.titre }}`: each would print nothing in every mail (issue 19).
    /// Refuses a wording that does not parse.
    pub fn unknown_variables(&self, custom: &Wording, known: &Value) -> Result<Vec<String>, minijinja::Error> {
        let mut unknown = Vec::new();
        for source in [&custom.subject, &custom.body] {
            let template = self.env.template_from_named_str("wording.md", source)?;
            for path in template.undeclared_variables(true) {
                let mut parts = path.split('.');
                let top = parts.next().unwrap_or_default();
                let defined = |v: Result<Value, minijinja::Error>| v.ok().filter(|v| !v.is_undefined());
                let mut value = defined(known.get_attr(top))
                    .or_else(|| self.env.globals().find(|(name, _)| *name == top).map(|(_, v)| v));
                for part in parts {
                    value = value.and_then(|v| defined(v.get_attr(part)));
                }
                if value.is_none() {
                    unknown.push(path);
                }
            }
        }
        unknown.sort();
        unknown.dedup();
        Ok(unknown)
    }

    /// Renders a Markdown template written by an organiser with `ctx`, values escaped as in
    /// mails, and returns the Markdown (for a page that shows it).
    pub fn render_markdown(&self, source: &str, ctx: Value) -> Result<String, minijinja::Error> {
        self.env.render_named_str("wording.md", source, ctx)
    }

    /// Renders an organiser's draft with `ctx`, for the preview beside the template editor.
    pub fn preview(&self, custom: &Wording, ctx: Value) -> Result<Composed, minijinja::Error> {
        self.compose("", Some(custom), ctx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn composer() -> Composer {
        let config = crate::config::Config::default();
        Composer::new(Arc::new(crate::web::render::environment(&config, "test")))
    }

    /// H2: every mail to participants and speakers has its English default, which uses the
    /// same variables as the French one (an organiser's wording and the code give only those).
    /// Only the organisers' own account mails stay French.
    #[test]
    fn every_participant_and_speaker_mail_has_an_english_default_with_the_same_variables() {
        let env = crate::web::render::environment(&crate::config::Config::default(), "test");
        let variables = |name: &str| {
            let template = env.get_template(name).unwrap_or_else(|e| panic!("{name}: {e}"));
            let mut found: Vec<String> = template.undeclared_variables(true).into_iter().collect();
            found.sort();
            found
        };
        let mut checked = 0;
        for (name, _) in crate::web::embedded::TEMPLATES {
            let Some(kind) = name.strip_prefix("mail/").and_then(|n| n.strip_suffix(".md")) else { continue };
            if kind.contains('/') || kind.starts_with("account_") {
                continue;
            }
            let english = format!("mail/en/{kind}.md");
            assert!(crate::web::embedded::template(&english).is_some(), "{kind} has no English default");
            assert_eq!(variables(name), variables(&english), "{kind}: the English default uses other variables");
            checked += 1;
        }
        assert!(checked >= 20, "only {checked} mail templates found");
    }

    /// H2: a mail in English is written from the English default, not the event's French wording.
    #[test]
    fn an_english_mail_uses_the_english_default_and_a_french_one_the_events_wording() {
        let wording = Wording { subject: "Objet maison".into(), body: "Corps maison".into() };
        let ctx = minijinja::context! { name => "Zoé", event => minijinja::context! { title => "Journée", dates_text => "x" } };
        let french = composer().compose("registration_cancelled", Some(&wording), ctx.clone()).unwrap();
        let english =
            crate::i18n::with(Lang::En, || composer().compose("registration_cancelled", Some(&wording), ctx)).unwrap();

        assert_eq!(french.subject, "Objet maison");
        assert!(french.html.contains("lang=\"fr\""));
        assert_eq!(english.subject, "Registration cancelled: Journée");
        assert!(english.text.starts_with("Hello Zoé,"), "{}", english.text);
        assert!(english.html.contains("lang=\"en\""));
    }

    /// Issue 13: an organiser's wording ran unbounded loops; the template fuel stops it.
    #[test]
    fn wording_with_an_endless_loop_is_stopped_with_an_error() {
        let looping = Wording {
            subject: "Objet".into(),
            body: "{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}".into(),
        };

        let started = std::time::Instant::now();
        let result = composer().compose("", Some(&looping), minijinja::context! {});

        assert_eq!(result.map_err(|e| e.kind()), Err(minijinja::ErrorKind::OutOfFuel));
        assert!(started.elapsed() < std::time::Duration::from_secs(10), "{:?}", started.elapsed());
    }
}
