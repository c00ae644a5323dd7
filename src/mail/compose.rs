//! G3: messages written from templates. Each kind of message has a default template in
//! `templates/mail/{kind}.md` with two blocks, `subject` and `body` (Markdown); an event may
//! replace both with its own wording. The HTML part is the Markdown rendered and sanitised.

pub use crate::domain::message::{Composed, Wording};
use crate::markdown;
use minijinja::{Environment, Value};
use std::sync::Arc;

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
    /// event's override when given. Refuses an unknown kind or a template error.
    pub fn compose(&self, kind: &str, custom: Option<&Wording>, ctx: Value) -> Result<Composed, minijinja::Error> {
        let (subject, body) = match custom {
            Some(o) => (self.env.render_str(&o.subject, ctx.clone())?, self.env.render_str(&o.body, ctx)?),
            None => {
                let tmpl = self.env.get_template(&format!("mail/{kind}.md"))?;
                let mut captured = tmpl.render_captured(ctx)?;
                captured.with_state_mut(|state| -> Result<(String, String), minijinja::Error> {
                    Ok((state.render_block("subject")?, state.render_block("body")?))
                })?
            }
        };
        // A subject is one line: a template or an organiser cannot inject headers.
        let subject = subject.split_whitespace().collect::<Vec<_>>().join(" ");
        let text = body.trim().to_owned() + "\n";
        let html = format!(
            "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{}</title></head><body>{}</body></html>",
            crate::domain::message::escape_html(&subject),
            markdown::to_safe_html(&text)
        );
        Ok(Composed { subject, text, html })
    }

    /// Renders an organiser's draft with `ctx`, for the preview beside the template editor.
    pub fn preview(&self, custom: &Wording, ctx: Value) -> Result<Composed, minijinja::Error> {
        self.compose("", Some(custom), ctx)
    }
}
