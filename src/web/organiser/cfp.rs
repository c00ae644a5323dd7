//! C1 C3 C4: the call for talks in the organiser space: settings, the proposals with their
//! review statistics (anonymised for reviewers when asked), scoring, decisions, the outbox
//! of decision mails announced in one batch, messages to accepted speakers, the CSV export,
//! and the accepted talks handed to the programme draft.

use super::auth::{Organiser, Viewer};
use super::mail_templates::default_wording;
use crate::domain::account::{self, ReviewRight};
use crate::domain::cfp::{self as rules, Decision, Refusal, Window};
use crate::domain::cfp::{CallSettings, DECISION_KINDS, Proposal, Review};
use crate::domain::event::EventId;
use crate::domain::event::{paris, to_instant};
use crate::domain::message::Wording;
use crate::export::proposals;
use crate::mail::{self, cfp::CallMail};
use crate::store::cfp as cfp_store;
use crate::store::{self, StoreError, mail_template};
use crate::web::App;
use crate::web::error::WebError;
use crate::web::form::{FieldErrors, FrenchForm, text};
use crate::web::participant::MAX_QUESTIONS;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use minijinja::context;
use serde::{Deserialize, Serialize};

/// A refusal of the call shown as a bad request (400), as these forms always were.
fn bad(refusal: Refusal) -> WebError {
    WebError::BadRequest(refusal.to_string())
}

fn base(event_id: EventId) -> String {
    format!("/organisation/evenements/{event_id}/appel")
}

/// The settings as the form posts them.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct SettingsForm {
    opens: String,
    closes: String,
    decisions_by: String,
    programme_by: String,
    intro: String,
    formats: String,
    questions: String,
    criteria: String,
    anonymous: Option<String>,
    show_accepted: Option<String>,
}

fn local(t: Timestamp) -> String {
    t.to_zoned(paris()).datetime().strftime("%Y-%m-%dT%H:%M").to_string()
}

impl SettingsForm {
    fn from_settings(s: Option<&CallSettings>) -> SettingsForm {
        match s {
            None => SettingsForm {
                formats: "Intervention courte | 5 | 20\nÉclair | 5".into(),
                criteria: "Intérêt pour le public\nClarté de la proposition".into(),
                ..Default::default()
            },
            Some(s) => SettingsForm {
                opens: local(s.window.opens_at),
                closes: local(s.window.closes_at),
                decisions_by: s.decisions_by.map(|d| d.to_string()).unwrap_or_default(),
                programme_by: s.programme_by.map(|d| d.to_string()).unwrap_or_default(),
                intro: s.intro.clone(),
                formats: s
                    .formats
                    .iter()
                    .map(|f| format!("{} | {} | {}", f.name, f.min_minutes, f.max_minutes))
                    .collect::<Vec<_>>()
                    .join("\n"),
                questions: s.questions.join("\n"),
                criteria: s.criteria.join("\n"),
                anonymous: s.anonymous.then(|| "oui".into()),
                show_accepted: s.show_accepted.then(|| "oui".into()),
            },
        }
    }

    fn parse(&self, current: Option<&CallSettings>) -> Result<CallSettings, FieldErrors> {
        let mut errors = FieldErrors::default();
        let datetime = |raw: &str, field: &'static str, errors: &mut FieldErrors| -> Option<DateTime> {
            match raw.trim() {
                "" => {
                    errors.add(field, Refusal::MissingDateTime.to_string());
                    None
                }
                v => v.parse::<DateTime>().ok().or_else(|| {
                    errors.add(field, Refusal::BadDateTime.to_string());
                    None
                }),
            }
        };
        let date = |raw: &str, field: &'static str, errors: &mut FieldErrors| -> Option<Date> {
            match raw.trim() {
                "" => None,
                v => v.parse::<Date>().ok().or_else(|| {
                    errors.add(field, Refusal::BadDate.to_string());
                    None
                }),
            }
        };
        let opens = datetime(&self.opens, "opens", &mut errors);
        let closes = datetime(&self.closes, "closes", &mut errors);
        if let (Some(o), Some(c)) = (opens, closes)
            && to_instant(c) <= to_instant(o)
        {
            errors.add("closes", Refusal::ClosesBeforeOpens.to_string());
        }
        let decisions_by = date(&self.decisions_by, "decisions_by", &mut errors);
        let programme_by = date(&self.programme_by, "programme_by", &mut errors);
        let intro =
            text(&self.intro, "intro", "Le texte d'introduction", 10_000, false, &mut errors).unwrap_or_default();
        let mut formats = Vec::new();
        for line in self.formats.lines().filter(|l| !l.trim().is_empty()) {
            match rules::parse_format_line(line) {
                Ok(f) if formats.iter().any(|g: &rules::Format| g.name == f.name) => {
                    errors.add("formats", Refusal::DuplicateFormat(f.name).to_string())
                }
                Ok(f) => formats.push(f),
                Err(e) => errors.add("formats", e.to_string()),
            }
        }
        if formats.is_empty() {
            errors.add("formats", Refusal::NoFormat.to_string());
        }
        let lines = |raw: &str| -> Vec<String> {
            raw.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect()
        };
        let questions = lines(&self.questions);
        if questions.len() > MAX_QUESTIONS || questions.iter().any(|q| q.chars().count() > 300) {
            errors.add("questions", Refusal::TooManyQuestions(MAX_QUESTIONS).to_string());
        }
        let criteria = lines(&self.criteria);
        if criteria.len() > 10 || criteria.iter().any(|q| q.chars().count() > 100) {
            errors.add("criteria", Refusal::TooManyCriteria.to_string());
        }
        match (opens, closes) {
            (Some(o), Some(c)) if errors.is_empty() => Ok(CallSettings {
                window: Window::from_paris(o, c),
                decisions_by,
                programme_by,
                intro,
                formats,
                questions,
                criteria,
                anonymous: self.anonymous.is_some(),
                show_accepted: self.show_accepted.is_some(),
                announced_at: current.and_then(|c| c.announced_at),
            }),
            _ => Err(errors),
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Done {
    fait: String,
}

#[derive(Serialize)]
struct OutboxRow {
    to: String,
    subject: String,
    body: String,
}

#[derive(Serialize)]
struct TemplateView {
    kind: &'static str,
    label: &'static str,
    subject: String,
    body: String,
    custom: bool,
}

async fn settings_page(
    app: &App,
    org: &Organiser,
    form: &SettingsForm,
    errors: &FieldErrors,
    done: &str,
    status: StatusCode,
) -> Result<Response, WebError> {
    let event = store::event::get(&app.db, org.right.event_id()).await?;
    let settings = cfp_store::find_settings(&app.db, event.id).await?;
    let proposals = cfp_store::list(&app.db, event.id).await?;
    let outbox: Vec<OutboxRow> = cfp_store::decisions::outbox(&app.db, &org.right)
        .await?
        .into_iter()
        .map(|m| OutboxRow { to: m.to, subject: m.subject, body: m.body_text })
        .collect();
    let mut templates = Vec::new();
    for (kind, label) in DECISION_KINDS.iter().zip(["Acceptation", "Refus", "Liste d’attente"]) {
        let custom = mail_template::find(&app.db, event.id, kind).await?;
        let shown = custom.clone().unwrap_or_else(|| default_wording(app, kind));
        templates.push(TemplateView {
            kind,
            label,
            subject: shown.subject,
            body: shown.body,
            custom: custom.is_some(),
        });
    }
    let now = Timestamp::now();
    let decided = proposals.iter().filter(|p| !p.withdrawn && p.decision.is_some()).count();
    let html = app.render(
        "organiser/cfp.html",
        context! {
            page_title => format!("Appel à interventions : {}", event.draft.title), section => "organiser", csrf => &org.user.csrf,
            event_id => event.id, title => &event.draft.title, slug => event.draft.slug.as_str(),
            exists => settings.is_some(),
            announced => settings.as_ref().and_then(|s| s.announced_at).map(rules::datetime_fr),
            announced_now => settings.as_ref().is_some_and(|s| s.announced(now)),
            open => settings.as_ref().is_some_and(|s| s.window.is_open(now)),
            count => proposals.iter().filter(|p| !p.withdrawn).count(),
            decided,
            outbox, templates,
            send_at => local(now),
            form, errors, has_errors => !errors.is_empty(), done,
        },
    )?;
    Ok((status, Html(html)).into_response())
}

/// The organisers' page of the call: settings, decisions' outbox and announcement, templates.
pub async fn show(State(app): State<App>, org: Organiser, Query(done): Query<Done>) -> Result<Response, WebError> {
    let current = cfp_store::find_settings(&app.db, org.right.event_id()).await?;
    settings_page(
        &app,
        &org,
        &SettingsForm::from_settings(current.as_ref()),
        &FieldErrors::default(),
        &done.fait,
        StatusCode::OK,
    )
    .await
}

pub async fn configure(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(form): FrenchForm<SettingsForm>,
) -> Result<Response, WebError> {
    let current = cfp_store::find_settings(&app.db, org.right.event_id()).await?;
    let settings = match form.parse(current.as_ref()) {
        Ok(s) => s,
        Err(errors) => return settings_page(&app, &org, &form, &errors, "", StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    cfp_store::settings::save_settings(&app.db, &org.right, &settings, Timestamp::now()).await?;
    app.refresh_content_version().await?;
    Ok(Redirect::to(&format!("{}?fait=reglages", base(org.right.event_id()))).into_response())
}

fn review_right(v: &Viewer) -> Result<ReviewRight, WebError> {
    account::authorise_review(&v.user.account, v.event_id).map_err(|_| WebError::Forbidden)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Filter {
    /// `decision` value to keep (`accepted`…, `none` for undecided, `withdrawn`).
    decision: String,
    format: String,
    /// `score` (best first), `spread`, `reviews` (fewest first), or by number.
    tri: String,
    q: String,
}

#[derive(Serialize)]
struct ListRow {
    id: i64,
    title: String,
    format: String,
    minutes: u32,
    speakers: Option<String>,
    mean: Option<String>,
    spread: Option<String>,
    reviews: usize,
    mine: bool,
    decision: &'static str,
    answer: &'static str,
}

/// Whether the reader may see who proposed: organisers always, reviewers unless anonymised.
fn names_visible(right: &ReviewRight, s: Option<&CallSettings>) -> bool {
    right.is_organiser() || !s.is_some_and(|s| s.anonymous)
}

/// `(proposal id, mean, reviews)` of every proposal, with the event's criteria count.
fn all_stats(proposals: &[Proposal], reviews: &[Review], criteria: usize) -> Vec<(i64, rules::ScoreStats)> {
    proposals
        .iter()
        .map(|p| {
            let scores: Vec<rules::Scores> =
                reviews.iter().filter(|r| r.proposal_id == p.id).map(|r| r.scores.clone()).collect();
            (p.id, rules::stats(&scores, criteria))
        })
        .collect()
}

/// The proposals with their review statistics, to sort and filter.
pub async fn list(State(app): State<App>, v: Viewer, Query(filter): Query<Filter>) -> Result<Response, WebError> {
    let right = review_right(&v)?;
    let event = store::event::get(&app.db, v.event_id).await?;
    let settings = cfp_store::find_settings(&app.db, event.id).await?;
    let proposals = cfp_store::list(&app.db, event.id).await?;
    let reviews = cfp_store::review::reviews(&app.db, &right).await?;
    let criteria = settings.as_ref().map(|s| s.criteria.len()).unwrap_or(0);
    let stats = all_stats(&proposals, &reviews, criteria);
    let visible = names_visible(&right, settings.as_ref());
    let q = filter.q.trim().to_lowercase();
    let mut rows: Vec<(ListRow, Option<f64>, Option<f64>)> = proposals
        .iter()
        .filter(|p| match filter.decision.as_str() {
            "" => true,
            "withdrawn" => p.withdrawn,
            "none" => !p.withdrawn && p.decision.is_none(),
            d => !p.withdrawn && p.decision.map(Decision::as_str) == Some(d),
        })
        .filter(|p| filter.format.is_empty() || p.format == filter.format)
        .filter(|p| q.is_empty() || [&p.title, &p.subject, &p.summary].iter().any(|f| f.to_lowercase().contains(&q)))
        .map(|p| {
            let st = stats.iter().find(|s| s.0 == p.id).map(|s| s.1.clone()).expect("stats for every proposal");
            let row = ListRow {
                id: p.id,
                title: p.title.clone(),
                format: p.format.clone(),
                minutes: p.minutes,
                speakers: visible.then(|| p.speakers.iter().map(|s| s.name.clone()).collect::<Vec<_>>().join(", ")),
                mean: st.mean.map(rules::score_fr),
                spread: st.spread.map(rules::score_fr),
                reviews: st.reviews,
                mine: reviews.iter().any(|r| r.proposal_id == p.id && r.user_id == right.user_id()),
                decision: if p.withdrawn {
                    "Retirée"
                } else {
                    p.decision.map(Decision::label_fr).unwrap_or("À décider")
                },
                answer: match p.speaker_answer {
                    Some(rules::SpeakerAnswer::Confirmed) => "confirmée",
                    Some(rules::SpeakerAnswer::Declined) => "désistement",
                    None => "",
                },
            };
            (row, st.mean, st.spread)
        })
        .collect();
    match filter.tri.as_str() {
        "score" => rows.sort_by(|a, b| b.1.partial_cmp(&a.1).unwrap_or(std::cmp::Ordering::Equal)),
        "spread" => rows.sort_by(|a, b| b.2.partial_cmp(&a.2).unwrap_or(std::cmp::Ordering::Equal)),
        "reviews" => rows.sort_by_key(|r| r.0.reviews),
        _ => {}
    }
    let reviewers = cfp_store::review::reviewer_count(&app.db, &right).await?;
    let active = proposals.iter().filter(|p| !p.withdrawn).count();
    let done_reviews =
        reviews.iter().filter(|r| proposals.iter().any(|p| p.id == r.proposal_id && !p.withdrawn)).count();
    let html = app.render(
        "organiser/cfp_proposals.html",
        context! {
            page_title => format!("Propositions : {}", event.draft.title), section => "organiser", csrf => &v.user.csrf,
            event_id => event.id, title => &event.draft.title,
            rows => rows.into_iter().map(|r| r.0).collect::<Vec<_>>(),
            visible, organiser => right.is_organiser(),
            coverage => (active > 0 && reviewers > 0).then(|| (done_reviews * 100) / (active * reviewers as usize)),
            reviewers, active,
            formats => settings.as_ref().map(|s| s.formats.iter().map(|f| f.name.clone()).collect::<Vec<_>>()).unwrap_or_default(),
            decisions => Decision::ALL.iter().map(|d| (d.as_str(), d.label_fr())).collect::<Vec<_>>(),
            filter_decision => &filter.decision, filter_format => &filter.format, filter_tri => &filter.tri, filter_q => &filter.q,
        },
    )?;
    Ok(Html(html).into_response())
}

/// What the exports need: the event's slug, the proposals and their standing, whether the
/// decisions are announced, and whether the reader must not see who proposed.
struct ExportData {
    slug: String,
    proposals: Vec<Proposal>,
    stats: Vec<proposals::Standing>,
    announced: bool,
    hide: bool,
}

/// The proposals' table for the reader: a reviewer of an anonymised call gets no speaker columns.
async fn export_data(app: &App, v: &Viewer) -> Result<ExportData, WebError> {
    let right = review_right(v)?;
    let event = store::event::get(&app.db, v.event_id).await?;
    let settings = cfp_store::find_settings(&app.db, event.id).await?;
    let proposals = cfp_store::list(&app.db, event.id).await?;
    let reviews = cfp_store::review::reviews(&app.db, &right).await?;
    let criteria = settings.as_ref().map(|s| s.criteria.len()).unwrap_or(0);
    let stats = all_stats(&proposals, &reviews, criteria).into_iter().map(|(id, s)| (id, s.mean, s.reviews)).collect();
    let announced = settings.as_ref().is_some_and(|s| s.announced(Timestamp::now()));
    let hide = !names_visible(&right, settings.as_ref());
    Ok(ExportData { slug: event.draft.slug.as_str().to_owned(), proposals, stats, announced, hide })
}

fn download(content_type: &str, file: String, body: impl IntoResponse) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}\"")),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}

/// The proposals as CSV.
pub async fn export(State(app): State<App>, v: Viewer) -> Result<Response, WebError> {
    let d = export_data(&app, &v).await?;
    let csv = proposals::csv(&d.proposals, &d.stats, d.announced, d.hide);
    Ok(download("text/csv; charset=utf-8", format!("propositions-{}.csv", d.slug), csv))
}

/// The proposals as an OpenDocument spreadsheet.
pub async fn export_ods(State(app): State<App>, v: Viewer) -> Result<Response, WebError> {
    let d = export_data(&app, &v).await?;
    let ods = proposals::ods(&d.proposals, &d.stats, d.announced, d.hide);
    Ok(download("application/vnd.oasis.opendocument.spreadsheet", format!("propositions-{}.ods", d.slug), ods))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Pick {
    n: String,
    fait: String,
}

#[derive(Serialize)]
struct ReviewView {
    reviewer: String,
    scores: Vec<String>,
    comment: String,
}

/// One proposal for review: its content (speakers hidden from reviewers of an anonymised
/// call), the reader's scores, the other reviews for organisers, and the decision form.
pub async fn proposal(State(app): State<App>, v: Viewer, Query(pick): Query<Pick>) -> Result<Response, WebError> {
    let right = review_right(&v)?;
    let id: i64 = pick.n.trim().parse().map_err(|_| bad(Refusal::NoProposalNumber))?;
    let p = cfp_store::review::get_for_review(&app.db, &right, id).await?;
    let event = store::event::get(&app.db, v.event_id).await?;
    let settings = cfp_store::find_settings(&app.db, event.id).await?;
    let criteria = settings.as_ref().map(|s| s.criteria.clone()).unwrap_or_default();
    let reviews: Vec<Review> =
        cfp_store::review::reviews(&app.db, &right).await?.into_iter().filter(|r| r.proposal_id == id).collect();
    let mine = reviews.iter().find(|r| r.user_id == right.user_id());
    let my_scores: Vec<(String, String, String)> = criteria
        .iter()
        .enumerate()
        .map(|(i, c)| {
            (
                format!("score_{i}"),
                c.clone(),
                mine.and_then(|r| r.scores.get(i).copied().flatten()).map(|s| s.to_string()).unwrap_or_default(),
            )
        })
        .collect();
    let others: Vec<ReviewView> = if right.is_organiser() {
        reviews
            .iter()
            .map(|r| ReviewView {
                reviewer: r.reviewer.clone(),
                scores: r.scores.iter().map(|s| s.map(|v| v.to_string()).unwrap_or_else(|| "–".into())).collect(),
                comment: r.comment.clone(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let stats = rules::stats(&reviews.iter().map(|r| r.scores.clone()).collect::<Vec<_>>(), criteria.len());
    let visible = names_visible(&right, settings.as_ref());
    let questions: Vec<(String, String)> = settings
        .as_ref()
        .map(|s| s.questions.iter().cloned().zip(p.answers.iter().cloned()).collect())
        .unwrap_or_default();
    let html = app.render(
        "organiser/cfp_proposal.html",
        context! {
            page_title => format!("Proposition n° {} : {}", p.id, p.title), section => "organiser", csrf => &v.user.csrf,
            event_id => event.id, event_title => &event.draft.title,
            p => context! {
                id => p.id, title => &p.title, summary_html => crate::markdown::to_safe_html(&p.summary), subject => &p.subject,
                audience => &p.audience, format => &p.format, minutes => p.minutes, notes => &p.notes, withdrawn => p.withdrawn,
                administration => visible.then_some(&p.administration),
                speakers => visible.then_some(&p.speakers),
                decision => p.decision.map(Decision::as_str),
            },
            questions, criteria, my_scores, my_comment => mine.map(|r| r.comment.clone()).unwrap_or_default(),
            others, mean => stats.mean.map(rules::score_fr), spread => stats.spread.map(rules::score_fr),
            per_criterion => stats.per_criterion.iter().map(|m| m.map(rules::score_fr)).collect::<Vec<_>>(),
            organiser => right.is_organiser(), max_score => rules::MAX_SCORE,
            announced => settings.as_ref().is_some_and(|s| s.announced_at.is_some()),
            decisions => Decision::ALL.iter().map(|d| (d.as_str(), d.label_fr())).collect::<Vec<_>>(),
            done => &pick.fait,
        },
    )?;
    Ok(Html(html).into_response())
}

/// The review form: a score per criterion (empty for "not scored") and a comment.
pub async fn score(
    State(app): State<App>,
    v: Viewer,
    FrenchForm(form): FrenchForm<std::collections::BTreeMap<String, String>>,
) -> Result<Response, WebError> {
    let right = review_right(&v)?;
    let id: i64 =
        form.get("proposal").and_then(|s| s.trim().parse().ok()).ok_or_else(|| bad(Refusal::NoProposalNumber))?;
    let settings = cfp_store::find_settings(&app.db, v.event_id).await?.ok_or(StoreError::from(Refusal::NoCall))?;
    let mut scores = Vec::new();
    for i in 0..settings.criteria.len() {
        let raw = form.get(&format!("score_{i}")).map(String::as_str).unwrap_or("");
        scores.push(rules::parse_score(raw).map_err(bad)?);
    }
    let comment: String = form.get("comment").map(|c| c.trim().to_owned()).unwrap_or_default();
    if comment.chars().count() > 5000 {
        return Err(bad(Refusal::CommentTooLong));
    }
    cfp_store::review::save_review(&app.db, &right, id, &scores, &comment, Timestamp::now()).await?;
    Ok(Redirect::to(&format!("{}/proposition?n={id}&fait=note", base(v.event_id))).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DecideForm {
    proposal: String,
    decision: String,
}

pub async fn decide(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(form): FrenchForm<DecideForm>,
) -> Result<Response, WebError> {
    let id: i64 = form.proposal.trim().parse().map_err(|_| bad(Refusal::NoProposalNumber))?;
    let decision = match form.decision.as_str() {
        "" => None,
        d => Some(Decision::parse(d).ok_or_else(|| bad(Refusal::NoDecision))?),
    };
    cfp_store::decisions::decide(&app.db, &org.right, id, decision, Timestamp::now()).await?;
    Ok(Redirect::to(&format!("{}/proposition?n={id}&fait=decision", base(org.right.event_id()))).into_response())
}

/// Prepares the decision mails into the outbox, for the organisers to read before announcing.
pub async fn prepare(State(app): State<App>, org: Organiser) -> Result<Response, WebError> {
    let event = store::event::get(&app.db, org.right.event_id()).await?;
    let settings = cfp_store::find_settings(&app.db, event.id).await?.ok_or(StoreError::from(Refusal::NoCall))?;
    let proposals = cfp_store::list(&app.db, event.id).await?;
    let wordings = mail_template::list(&app.db, event.id).await?;
    let mail = CallMail {
        composer: &app.composer,
        base_url: app.config.base_url(),
        event: &event,
        settings: &settings,
        wordings: &wordings,
    };
    let drafts = mail.decisions(&proposals)?;
    cfp_store::decisions::prepare_decisions(&app.db, &org.right, &drafts, Timestamp::now()).await?;
    Ok(Redirect::to(&format!("{}?fait=courriels#courriers", base(event.id))).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AnnounceForm {
    send_at: String,
}

/// Announces every decision at once; the mails leave at the chosen time through the queue.
pub async fn announce(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(form): FrenchForm<AnnounceForm>,
) -> Result<Response, WebError> {
    let now = Timestamp::now();
    let at = match form.send_at.trim() {
        "" => now,
        v => to_instant(v.parse::<DateTime>().map_err(|_| bad(Refusal::BadSendTime))?),
    };
    cfp_store::decisions::announce(&app.db, &org.right, at, now).await?;
    app.mail_wake.notify_one();
    app.refresh_content_version().await?;
    Ok(Redirect::to(&format!("{}?fait=annonce", base(org.right.event_id()))).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TemplateForm {
    kind: String,
    subject: String,
    body: String,
}

pub async fn template(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(form): FrenchForm<TemplateForm>,
) -> Result<Response, WebError> {
    if !DECISION_KINDS.contains(&form.kind.as_str()) {
        return Err(bad(Refusal::UnknownTemplate));
    }
    let mut errors = FieldErrors::default();
    let subject = text(&form.subject, "subject", "L'objet", 200, true, &mut errors);
    let body = text(&form.body, "body", "Le texte", 20_000, true, &mut errors);
    let (Some(subject), Some(body)) = (subject, body) else {
        return Err(bad(Refusal::TemplateRequired));
    };
    let o = Wording { subject, body };
    // A template that does not render is refused now, not when the batch is prepared.
    if let Err(e) = app.composer.preview(&o, minijinja::context! {}) {
        return Err(bad(Refusal::TemplateUnreadable(e.kind().to_string())));
    }
    mail_template::save(&app.db, &org.right, &form.kind, &o, Timestamp::now()).await?;
    Ok(Redirect::to(&format!("{}?fait=modele#modeles", base(org.right.event_id()))).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MessageForm {
    subject: String,
    body: String,
}

/// Writes to every accepted speaker at once.
pub async fn message(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(form): FrenchForm<MessageForm>,
) -> Result<Response, WebError> {
    let mut errors = FieldErrors::default();
    let subject = text(&form.subject, "subject", "L'objet", 200, true, &mut errors);
    let body = text(&form.body, "body", "Le texte", 20_000, true, &mut errors);
    let (Some(subject), Some(body)) = (subject, body) else {
        return Err(bad(Refusal::MessageRequired));
    };
    // The organisers' text is sent as written, never evaluated as a template.
    let escape = |s: &str| format!("{{% raw %}}{s}{{% endraw %}}");
    let event = store::event::get(&app.db, org.right.event_id()).await?;
    let wording = Wording { subject: escape(&subject), body: escape(&body) };
    let composed = mail::cfp::speaker_message(&app.composer, app.config.base_url(), &event, &wording)?;
    cfp_store::decisions::message_accepted(&app.db, &org.right, &wording, &composed, Timestamp::now()).await?;
    app.mail_wake.notify_one();
    Ok(Redirect::to(&format!("{}?fait=message", base(event.id))).into_response())
}

/// Adds the accepted, confirmed talks not yet placed to the programme draft (C4).
pub async fn to_programme(State(app): State<App>, org: Organiser) -> Result<Response, WebError> {
    let event = store::event::get(&app.db, org.right.event_id()).await?;
    cfp_store::programme::add_to_programme(&app.db, &org.right, &event, Timestamp::now()).await?;
    Ok(Redirect::to(&format!("/organisation/evenements/{}/programme", event.id)).into_response())
}
