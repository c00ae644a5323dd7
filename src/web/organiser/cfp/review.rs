//! C3: the review of a call's proposals in the organiser space: the list with its review
//! statistics (anonymised for reviewers when asked), one proposal and its scoring, and the
//! CSV and OpenDocument exports.

use super::{bad, base};
use crate::domain::account::{self, ReviewRight};
use crate::domain::cfp::{self as rules, CallSettings, Decision, Proposal, Refusal, Review};
use crate::export::proposals;
use crate::store::cfp as cfp_store;
use crate::store::{self, StoreError};
use crate::web::App;
use crate::web::error::WebError;
use crate::web::form::FrenchForm;
use crate::web::organiser::auth::Viewer;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::Timestamp;
use minijinja::context;
use serde::{Deserialize, Serialize};

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
    /// What the accepted speaker changed since the decision (issue 19), in French.
    changed: Option<String>,
}

/// « titre, durée »: what an accepted speaker changed, in French; `None` when nothing.
fn changed_fr(changed: &std::collections::HashMap<i64, Vec<String>>, id: i64) -> Option<String> {
    let codes = changed.get(&id)?;
    let words: Vec<&str> = codes
        .iter()
        .filter_map(|c| match c.as_str() {
            "title" => Some("titre"),
            "minutes" => Some("durée"),
            _ => None,
        })
        .collect();
    (!words.is_empty()).then(|| words.join(", "))
}

/// Whether the reader may see who proposed: organisers always, reviewers unless anonymised.
fn names_visible(right: &ReviewRight, s: Option<&CallSettings>) -> bool {
    right.is_organiser() || !s.is_some_and(|s| s.anonymous)
}

/// `(proposal id, mean, reviews)` of every proposal, with the event's criteria count.
pub(crate) fn all_stats(proposals: &[Proposal], reviews: &[Review], criteria: usize) -> Vec<(i64, rules::ScoreStats)> {
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
    let changed = cfp_store::review::changed_after_decision(&app.db, event.id).await?;
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
                changed: changed_fr(&changed, p.id),
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
                // The SIRET names the organisation: hidden with the names in an anonymised call.
                siret => visible.then_some(&p.siret),
                speakers => visible.then_some(&p.speakers),
                decision => p.decision.map(Decision::as_str),
                changed => changed_fr(&cfp_store::review::changed_after_decision(&app.db, event.id).await?, p.id),
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
