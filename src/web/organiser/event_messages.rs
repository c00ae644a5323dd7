//! F2 (issue 14): organisers write to one group of their event (confirmed, waitlisted,
//! pre-registered, offered, attended, accepted speakers, board participants): Markdown with a
//! preview, a test send to oneself, a send now or at a Paris date and time. Each recipient
//! gets one mail with their own private link (`store::event_message`).

use super::auth::Organiser;
use crate::domain::event::paris;
use crate::domain::event_message::Audience;
use crate::store::{self, event_message};
use crate::web::App;
use crate::web::error::WebError;
use crate::web::form::{FieldErrors, FrenchForm, text};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::Timestamp;
use minijinja::context;
use serde::{Deserialize, Serialize};

/// The French name of each group, as the page lists them.
pub fn label(a: Audience) -> &'static str {
    match a {
        Audience::Confirmed => "Places confirmées (présents pointés compris)",
        Audience::Waitlisted => "Liste d’attente",
        Audience::Preregistered => "Préinscriptions en attente de sélection",
        Audience::Offered => "Places proposées, sans réponse",
        Audience::Attended => "Présents pointés à l’accueil",
        Audience::Speakers => "Intervenants retenus (décisions annoncées)",
        Audience::Board => "Participants du tableau du garagethon",
    }
}

#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct MessageForm {
    audience: String,
    subject: String,
    body: String,
    send_at: String,
    action: String,
    /// `oui` once the organiser confirmed the send (mail cannot be called back).
    confirme: String,
}

fn when(t: i64) -> String {
    Timestamp::from_second(t).map(crate::domain::french::datetime).unwrap_or_default()
}

#[allow(clippy::too_many_arguments)]
async fn render(
    app: &App,
    org: &Organiser,
    form: &MessageForm,
    errors: &FieldErrors,
    preview: Option<crate::domain::message::Composed>,
    notice: Option<&str>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let event = store::event::get(&app.db, org.right.event_id()).await?;
    let now = Timestamp::now();
    let groups: Vec<_> = event_message::counts(&app.db, event.id, now)
        .await?
        .into_iter()
        .map(|(a, n)| context! { value => a.as_str(), label => label(a), count => n, checked => form.audience == a.as_str() })
        .collect();
    let sent: Vec<_> = event_message::list(&app.db, event.id)
        .await?
        .into_iter()
        .map(|m| {
            context! {
                subject => m.subject, audience => label(m.audience),
                when => when(m.sent_at.unwrap_or(m.send_at)), sent => m.sent_at.is_some(), recipients => m.recipients,
            }
        })
        .collect();
    let html = app.render(
        "organiser/event_messages.html",
        context! {
            page_title => format!("Écrire aux participants : {}", event.draft.title), section => "organiser",
            csrf => &org.user.csrf, is_admin => org.user.account.user.is_admin,
            event_id => event.id, title => &event.draft.title, groups, sent, form, errors, notice,
            own_address => &org.user.account.user.email,
            preview => preview.map(|c| context! { subject => &c.subject, html => minijinja::Value::from_safe_string(c.html_body().to_owned()), text => &c.text }),
        },
    )?;
    Ok((status, Html(html)).into_response())
}

/// GET `/organisation/evenements/{id}/messages`.
pub async fn show(
    State(app): State<App>,
    org: Organiser,
    Query(done): Query<super::notice::Done>,
) -> Result<Response, WebError> {
    let form = MessageForm { audience: Audience::Confirmed.as_str().into(), ..MessageForm::default() };
    render(&app, &org, &form, &FieldErrors::default(), None, super::notice::text(&done.fait), StatusCode::OK).await
}

/// The checked form: the group, subject, body and when to send (`None`: now).
struct Checked {
    audience: Audience,
    subject: String,
    body: String,
    send_at: Option<Timestamp>,
}

fn check(form: &MessageForm, now: Timestamp) -> Result<Checked, FieldErrors> {
    let mut errors = FieldErrors::default();
    let audience = Audience::parse(form.audience.trim());
    if audience.is_none() {
        errors.add("audience", "Choisissez le groupe à qui écrire dans la liste.");
    }
    let subject = text(&form.subject, "subject", "L’objet", 200, true, &mut errors);
    let body = text(&form.body, "body", "Le texte", 20_000, true, &mut errors);
    let send_at = match form.send_at.trim() {
        "" => None,
        t => match t.parse::<jiff::civil::DateTime>().ok().and_then(|dt| dt.to_zoned(paris()).ok()) {
            None => {
                errors.add("send_at", "La date d’envoi n’est pas valide (exemple : 2032-01-05T09:00).");
                None
            }
            Some(z) if z.timestamp() <= now => {
                errors.add(
                    "send_at",
                    "La date d’envoi est passée : choisissez une date à venir, ou laissez le champ vide pour envoyer maintenant.",
                );
                None
            }
            Some(z) => Some(z.timestamp()),
        },
    };
    match (audience, subject, body) {
        (Some(audience), Some(subject), Some(body)) if errors.is_empty() => {
            Ok(Checked { audience, subject, body, send_at })
        }
        _ => Err(errors),
    }
}

/// POST `/organisation/evenements/{id}/messages`: `action=apercu` shows the message as a
/// participant will read it, `action=essai` mails it to the organiser's own address (the page
/// stays as typed), anything else sends it now or schedules it.
pub async fn post(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(form): FrenchForm<MessageForm>,
) -> Result<Response, WebError> {
    let now = Timestamp::now();
    let checked = match check(&form, now) {
        Ok(c) => c,
        Err(errors) => {
            return render(&app, &org, &form, &errors, None, None, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let event = store::event::get(&app.db, org.right.event_id()).await?;
    let base_url = app.config.base_url();
    let sample = crate::mail::event_message::sample(&app.composer, base_url, &event, &checked.subject, &checked.body)?;
    match form.action.as_str() {
        "apercu" => {
            return render(&app, &org, &form, &FieldErrors::default(), Some(sample), None, StatusCode::OK).await;
        }
        "essai" => {
            let mut test = sample.clone();
            test.subject = format!("[Essai] {}", test.subject);
            event_message::test_send(&app.db, &org.right, &org.user.account.user.email, test, now).await?;
            app.mail_wake.notify_one();
            let notice = "Un essai vient de partir vers votre adresse, avec un lien d’exemple.";
            return render(&app, &org, &form, &FieldErrors::default(), Some(sample), Some(notice), StatusCode::OK)
                .await;
        }
        _ => {}
    }
    // Mail cannot be called back: the send is asked first, with the number of recipients.
    if form.confirme != "oui" {
        let count = event_message::counts(&app.db, event.id, now)
            .await?
            .into_iter()
            .find(|(a, _)| *a == checked.audience)
            .map_or(0, |(_, n)| n);
        let url = format!("/organisation/evenements/{}/messages", event.id);
        let when = match checked.send_at {
            None => "maintenant".to_owned(),
            Some(t) => format!("le {}", crate::domain::french::datetime(t)),
        };
        let fields = [
            ("audience", form.audience.as_str()),
            ("subject", form.subject.as_str()),
            ("body", form.body.as_str()),
            ("send_at", form.send_at.as_str()),
            ("action", form.action.as_str()),
        ];
        let html = app.render(
            "organiser/confirm.html",
            context! {
                page_title => "Envoyer le message", section => "organiser", csrf => &org.user.csrf,
                is_admin => org.user.account.user.is_admin,
                heading => "Envoyer ce message ?",
                question => format!("« {} » partira {when} vers {count} personne(s), chacune avec son lien personnel. Un courriel envoyé ne peut pas être rappelé.", checked.subject),
                action => &url, fields, confirm => "Envoyer", cancel => &url,
            },
        )?;
        return Ok(Html(html).into_response());
    }
    let new = event_message::NewEventMessage {
        audience: checked.audience,
        subject: &checked.subject,
        body_md: &checked.body,
        send_at: checked.send_at.unwrap_or(now),
    };
    let done = match checked.send_at {
        None => {
            let drafts =
                crate::mail::event_message::drafts(&app.composer, base_url, &event, &checked.subject, &checked.body)?;
            event_message::create(&app.db, &org.right, &new, Some(&drafts), now).await?;
            app.mail_wake.notify_one();
            "message-envoye"
        }
        Some(_) => {
            event_message::create(&app.db, &org.right, &new, None, now).await?;
            "message-programme"
        }
    };
    Ok(Redirect::to(&format!("/organisation/evenements/{}/messages?fait={done}", event.id)).into_response())
}
