//! I2 B1 B5 B6 C3 G2 (issue 16): the organiser API, with a bearer token made at
//! `/organisation/jetons`. Each handler proves the token's right on the event
//! (`domain::api_token::authorise_edit`: in its scope, write access when it writes, and its
//! owner may edit the event now), then calls the store function the browser's handler calls,
//! with the same `EditRight`: the same rules (capacity, waitlist, transitions) and the same
//! audit entries, in the owner's name.

use super::problem::{ApiError, FieldError, Problem};
use super::{Bearer, PageQuery, page, read_with_etag, rfc3339_seconds};
use crate::domain::account::{DoorRight, EditRight};
use crate::domain::api_token::{self, TokenDenied};
use crate::domain::event::{Event, EventId, EventStatus};
use crate::domain::question::Form;
use crate::domain::registration::{Decision, ParticipantStatus, State as RegState};
use crate::store::event::SlugChoice;
use crate::store::registration as reg_store;
use crate::store::{self, cfp as cfp_store};
use crate::web::App;
use crate::web::error::WebError;
use crate::web::organiser::form::EventForm;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;

/// The token's right on event `id`; 403 problem when the token or its owner may not.
fn right(bearer: &Bearer, id: i64, write: bool) -> Result<EditRight, ApiError> {
    api_token::authorise_edit(&bearer.token, &bearer.owner, EventId::new(id), write).map_err(|d| {
        ApiError::forbidden(match d {
            TokenDenied::OutOfScope => "This event is outside the token's scope.",
            TokenDenied::ReadOnly => "This token is read-only.",
            TokenDenied::OwnerNotAllowed => "The token's owner may not change this event.",
        })
    })
}

/// A rule refusing an action in the current state of its target (a registration that cannot
/// be checked in, an event without registration) is a 409 conflict; other errors as usual.
fn state_conflict(e: crate::store::StoreError) -> ApiError {
    match e {
        crate::store::StoreError::Refused(r) if !r.is_forbidden() => ApiError::new(StatusCode::CONFLICT, r.to_string()),
        e => e.into(),
    }
}

fn from_web(e: WebError) -> ApiError {
    match e {
        WebError::Store(e) => e.into(),
        other => {
            tracing::error!(error = ?other, "API request failed");
            ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "The server failed; the error is logged.")
        }
    }
}

/// The kinds of event.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Hackathon,
    Garagethon,
    Day,
    HalfDay,
    Conference,
    Workshop,
    Meetup,
    Other,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Hackathon => "hackathon",
            Kind::Garagethon => "garagethon",
            Kind::Day => "day",
            Kind::HalfDay => "half_day",
            Kind::Conference => "conference",
            Kind::Workshop => "workshop",
            Kind::Meetup => "meetup",
            Kind::Other => "other",
        }
    }
}

/// Where an event happens.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VenueInput {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub room: Option<String>,
    /// A map link, `https://…`.
    #[serde(default)]
    pub osm_url: Option<String>,
}

/// A link of the event page.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkInput {
    pub text: String,
    /// `https://…`
    pub url: String,
}

/// The fields of an event an organiser edits: what the browser's event form holds. A new
/// event is a draft; publishing stays in the browser.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventInput {
    /// At most 200 characters.
    #[schema(min_length = 1, max_length = 200, pattern = r"\S")]
    pub title: String,
    /// Lowercase letters, digits and hyphens; derived from the title when absent.
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub summary: String,
    /// H2: the English title shown to English readers; none when absent or empty.
    #[serde(default)]
    #[schema(max_length = 200)]
    pub title_en: Option<String>,
    /// H2: the English summary shown to English readers.
    #[serde(default)]
    pub summary_en: Option<String>,
    /// Markdown.
    #[serde(default)]
    pub body_markdown: String,
    pub kind: Kind,
    #[schema(format = Date)]
    pub start_date: String,
    /// The last day; `start_date` when absent.
    #[serde(default)]
    #[schema(format = Date)]
    pub end_date: Option<String>,
    /// `HH:MM`, Europe/Paris; absent for an all-day event.
    #[serde(default)]
    #[schema(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub start_time: Option<String>,
    /// `HH:MM`, after `start_time`.
    #[serde(default)]
    #[schema(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub end_time: Option<String>,
    /// The sessions of an event held on separate days (one a day); when given, the event's
    /// days are these, and `start_date`, `end_date`, `start_time`, `end_time` are not read.
    /// Empty or absent: the event runs continuously from `start_date` to `end_date`.
    #[serde(default)]
    pub sessions: Vec<SessionInput>,
    #[serde(default)]
    pub venue: Option<VenueInput>,
    #[serde(default)]
    pub audience: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub links: Vec<LinkInput>,
    #[serde(default)]
    pub contact_email: Option<String>,
    /// The meeting link of an online event: only confirmed participants receive it.
    #[serde(default)]
    pub meeting_url: Option<String>,
}

/// One session of an event held on separate days, in Europe/Paris.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionInput {
    #[schema(format = Date)]
    pub date: String,
    /// `HH:MM`; absent for a session without hours.
    #[serde(default)]
    #[schema(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub start_time: Option<String>,
    /// `HH:MM`, after `start_time`; only with `start_time`.
    #[serde(default)]
    #[schema(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub end_time: Option<String>,
}

impl EventInput {
    /// The browser's form holding the same values, so that both are checked by one parser.
    fn to_form(&self) -> Result<EventForm, Vec<FieldError>> {
        let bad_link = self
            .links
            .iter()
            .any(|l| l.text.contains(['|', '\n', '\r']) || l.url.contains(['\n', '\r']) || l.text.trim().is_empty());
        if bad_link {
            return Err(vec![FieldError {
                field: "links".into(),
                message: "Chaque lien doit avoir un texte, sans « | » ni retour à la ligne.".into(),
            }]);
        }
        // The form reads an empty field as absent; the API says absent with `null` only.
        let mut errors = Vec::new();
        for (field, value, message) in [
            ("start_time", &self.start_time, "L’heure de début n’est pas valide (format HH:MM)."),
            ("end_time", &self.end_time, "L’heure de fin n’est pas valide (format HH:MM)."),
        ] {
            if value.as_deref().is_some_and(|t| !is_hhmm(t)) {
                errors.push(FieldError { field: field.into(), message: message.into() });
            }
        }
        if self.end_date.as_deref().is_some_and(|d| d.parse::<jiff::civil::Date>().is_err()) {
            errors.push(FieldError {
                field: "end_date".into(),
                message: "La date de fin n’est pas valide (format AAAA-MM-JJ).".into(),
            });
        }
        let bad_session = self.sessions.iter().any(|s| {
            s.date.parse::<jiff::civil::Date>().is_err()
                || [&s.start_time, &s.end_time].iter().any(|t| t.as_deref().is_some_and(|t| !is_hhmm(t)))
                || (s.start_time.is_none() && s.end_time.is_some())
        });
        if bad_session {
            errors.push(FieldError {
                field: "sessions".into(),
                message:
                    "Chaque séance a une date (AAAA-MM-JJ) et, si elle en a, une heure de début puis de fin (HH:MM)."
                        .into(),
            });
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        if self.tags.iter().any(|t| t.contains(',')) {
            return Err(vec![FieldError {
                field: "tags".into(),
                message: "Étiquette invalide : lettres, chiffres et tirets uniquement.".into(),
            }]);
        }
        let venue = self.venue.as_ref();
        let v = |f: fn(&VenueInput) -> &Option<String>| venue.and_then(|v| f(v).clone()).unwrap_or_default();
        Ok(EventForm {
            action: String::new(),
            title: self.title.clone(),
            slug: self.slug.clone().unwrap_or_default(),
            summary: self.summary.clone(),
            title_en: self.title_en.clone().unwrap_or_default(),
            summary_en: self.summary_en.clone().unwrap_or_default(),
            body_md: self.body_markdown.clone(),
            kind: self.kind.as_str().to_owned(),
            start_date: self.start_date.clone(),
            end_date: self.end_date.clone().unwrap_or_default(),
            start_time: self.start_time.clone().unwrap_or_default(),
            end_time: self.end_time.clone().unwrap_or_default(),
            sessions: self
                .sessions
                .iter()
                .map(|s| {
                    let hours = match (&s.start_time, &s.end_time) {
                        (Some(a), Some(b)) => format!(" {a}-{b}"),
                        (Some(a), None) => format!(" {a}"),
                        _ => String::new(),
                    };
                    format!("{}{hours}", s.date)
                })
                .collect::<Vec<_>>()
                .join("\n"),
            venue_name: v(|v| &v.name),
            venue_address: v(|v| &v.address),
            venue_room: v(|v| &v.room),
            venue_osm_url: v(|v| &v.osm_url),
            audience: self.audience.clone().unwrap_or_default(),
            tags: self.tags.join(","),
            links: self.links.iter().map(|l| format!("{} | {}", l.text, l.url)).collect::<Vec<_>>().join("\n"),
            contact_email: self.contact_email.clone().unwrap_or_default(),
            meeting_url: self.meeting_url.clone().unwrap_or_default(),
        })
    }

    /// The draft and meeting link, or 422 with the browser's French sentences by field.
    fn parse(&self) -> Result<(crate::domain::event::EventDraft, Option<String>, SlugChoice), ApiError> {
        let form = self.to_form().map_err(ApiError::fields)?;
        let draft = form.parse().map_err(|errors| {
            ApiError::fields(
                errors
                    .into_iter()
                    .map(|(field, message)| FieldError { field: api_field(field).to_owned(), message })
                    .collect(),
            )
        })?;
        let choice = if form.slug.trim().is_empty() { SlugChoice::Derived } else { SlugChoice::Typed };
        Ok((draft, form.meeting_url(), choice))
    }
}

/// True for `HH:MM` on a 24-hour clock.
fn is_hhmm(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() == 5
        && b[2] == b':'
        && [0, 1, 3, 4].iter().all(|&i| b[i].is_ascii_digit())
        && (b[0] - b'0') * 10 + (b[1] - b'0') < 24
        && b[3] < b'6'
}

/// The API's name of a field of the browser's event form.
fn api_field(form_field: &str) -> &str {
    match form_field {
        "body_md" => "body_markdown",
        "venue_name" => "venue.name",
        "venue_address" => "venue.address",
        "venue_room" => "venue.room",
        "venue_osm_url" => "venue.osm_url",
        other => other,
    }
}

/// Whether the public sees the event.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventState {
    Draft,
    Published,
    Cancelled,
}

/// Where the event's registrations stand.
#[derive(Debug, Serialize, ToSchema)]
pub struct Counts {
    /// Places held or offered.
    pub taken: u32,
    pub waiting: u32,
    pub preregistered: u32,
    pub pending_email: u32,
    pub attended: u32,
    pub no_show: u32,
    /// The capacity; null when registration is not set up.
    pub places: Option<u32>,
}

/// An event as its organisers see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganiserEvent {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub body_markdown: String,
    pub kind: Kind,
    pub status: EventState,
    #[schema(format = Date)]
    pub start_date: String,
    #[schema(format = Date)]
    pub end_date: String,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    /// The sessions of an event held on separate days; empty for a continuous run.
    pub sessions: Vec<super::public::Session>,
    pub venue: VenueInput,
    pub audience: Option<String>,
    pub tags: Vec<String>,
    pub links: Vec<LinkInput>,
    pub contact_email: Option<String>,
    pub meeting_url: Option<String>,
    pub registrations: Counts,
    #[schema(format = DateTime)]
    pub updated_at: String,
}

fn kind_of(k: crate::domain::event::EventKind) -> Kind {
    use crate::domain::event::EventKind as K;
    match k {
        K::Hackathon => Kind::Hackathon,
        K::Garagethon => Kind::Garagethon,
        K::Day => Kind::Day,
        K::HalfDay => Kind::HalfDay,
        K::Conference => Kind::Conference,
        K::Workshop => Kind::Workshop,
        K::Meetup => Kind::Meetup,
        K::Other => Kind::Other,
    }
}

fn hhmm(t: jiff::civil::Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

async fn organiser_event(app: &App, e: &Event) -> Result<OrganiserEvent, ApiError> {
    let d = &e.draft;
    let counts = reg_store::counts(&app.db, e.id).await?;
    let places = reg_store::find_settings(&app.db, e.id).await?.map(|s| s.rules.places);
    Ok(OrganiserEvent {
        id: e.id.get(),
        slug: d.slug.to_string(),
        title: d.title.clone(),
        summary: d.summary.clone(),
        body_markdown: d.body_md.clone(),
        kind: kind_of(d.kind),
        status: match d.status {
            EventStatus::Draft => EventState::Draft,
            EventStatus::Published => EventState::Published,
            EventStatus::Cancelled => EventState::Cancelled,
        },
        start_date: d.dates.start_date.to_string(),
        end_date: d.dates.end_date.to_string(),
        start_time: d.dates.start_time.map(hhmm),
        end_time: d.dates.end_time.map(hhmm),
        sessions: super::public::sessions_of(d),
        venue: VenueInput {
            name: d.venue.name.clone(),
            address: d.venue.address.clone(),
            room: d.venue.room.clone(),
            osm_url: d.venue.osm_url.clone(),
        },
        audience: d.audience.clone(),
        tags: d.tags.clone(),
        links: d.links.iter().map(|l| LinkInput { text: l.text.clone(), url: l.url.clone() }).collect(),
        contact_email: d.contact_email.clone(),
        meeting_url: store::event::find_meeting_url(&app.db, e.id).await?,
        registrations: Counts {
            taken: counts.taken,
            waiting: counts.waiting,
            preregistered: counts.preregistered,
            pending_email: counts.pending_email,
            attended: counts.attended,
            no_show: counts.no_show,
            places,
        },
        updated_at: super::rfc3339(e.updated_at),
    })
}

/// One page of events.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganiserEventList {
    pub items: Vec<OrganiserEvent>,
    /// Pass it as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
}

/// The events of the token's scope that its owner may still edit, by id.
#[utoipa::path(
    get, path = "/api/v1/organiser/events", operation_id = "organiser_events", tag = "organiser", security(("bearer" = [])),
    params(PageQuery, super::openapi::IfNoneMatch),
    responses(
        (status = 200, description = "One page of events", body = OrganiserEventList, headers(("ETag" = String))),
        (status = 304, description = "Unchanged since the ETag given"),
        (status = 400, description = "Bad cursor or limit", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64))),
    )
)]
pub async fn events(
    bearer: Bearer,
    State(app): State<App>,
    headers: HeaderMap,
    Query(q): Query<PageQuery>,
) -> Result<Response, ApiError> {
    let (size, after) = (q.size()?, q.position()?);
    let ids: Vec<i64> =
        bearer.token.events.iter().map(|e| e.get()).filter(|&id| right(&bearer, id, false).is_ok()).collect();
    let (ids, next_cursor) = page(ids, |id| (*id, 0), after, size);
    let mut items = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(e) = store::event::find_by_id(&app.db, EventId::new(id)).await? {
            items.push(organiser_event(&app, &e).await?);
        }
    }
    Ok(read_with_etag(&headers, &OrganiserEventList { items, next_cursor }))
}

/// One event of the token's scope.
#[utoipa::path(
    get, path = "/api/v1/organiser/events/{id}", operation_id = "organiser_event", tag = "organiser", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The event's id"), super::openapi::IfNoneMatch),
    responses(
        (status = 200, description = "The event", body = OrganiserEvent, headers(("ETag" = String))),
        (status = 304, description = "Unchanged since the ETag given"),
        (status = 400, description = "Bad id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Outside the token's scope", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64))),
    )
)]
pub async fn event(
    bearer: Bearer,
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let right = right(&bearer, id, false)?;
    let e = store::event::get(&app.db, right.event_id()).await?;
    Ok(read_with_etag(&headers, &organiser_event(&app, &e).await?))
}

/// Creates an event as a draft; the token's owner becomes its organiser and the event joins
/// the token's scope. Needs a write token whose owner may create events.
#[utoipa::path(
    post, path = "/api/v1/organiser/events", operation_id = "organiser_create_event", tag = "organiser", security(("bearer" = [])),
    request_body = EventInput,
    responses(
        (status = 201, description = "Created (a draft)", body = OrganiserEvent, headers(("Location" = String))),
        (status = 400, description = "The body is not an event", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Read-only token, or an owner who may not create events", body = Problem,
            content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Refused fields", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64))),
    )
)]
pub async fn create_event(
    bearer: Bearer,
    State(app): State<App>,
    Json(input): Json<EventInput>,
) -> Result<Response, ApiError> {
    let create = api_token::authorise_create(&bearer.token, &bearer.owner).map_err(|d| {
        ApiError::forbidden(match d {
            TokenDenied::ReadOnly => "This token is read-only.",
            _ => "The token's owner may not create events.",
        })
    })?;
    let (draft, meeting_url, choice) = input.parse()?;
    let event =
        store::event::create_as(&app.db, &create, &draft, meeting_url.as_deref(), choice, Timestamp::now()).await?;
    app.refresh_content_version().await.map_err(ApiError::from)?;
    // The owner is now the event's organiser: the right exists, and joins the token's scope.
    let account = store::account::get_account(&app.db, bearer.owner.user.id).await?;
    let edit = crate::domain::account::authorise_edit(&account, event.id)
        .map_err(|_| ApiError::forbidden("The token's owner may not change this event."))?;
    store::api_token::add_event(&app.db, bearer.token.id, &edit).await?;
    let body = organiser_event(&app, &event).await?;
    let location = format!("/api/v1/organiser/events/{}", event.id);
    let mut res = (StatusCode::CREATED, Json(body)).into_response();
    if let Ok(v) = HeaderValue::from_str(&location) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    Ok(res)
}

/// Replaces the editable fields of an event (the image, status and publication day are kept,
/// as in the browser's form).
#[utoipa::path(
    put, path = "/api/v1/organiser/events/{id}", operation_id = "organiser_update_event", tag = "organiser", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The event's id")),
    request_body = EventInput,
    responses(
        (status = 200, description = "Saved", body = OrganiserEvent),
        (status = 400, description = "The body is not an event", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Outside the scope, or read-only token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Refused fields", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64))),
    )
)]
pub async fn update_event(
    bearer: Bearer,
    State(app): State<App>,
    Path(id): Path<i64>,
    Json(input): Json<EventInput>,
) -> Result<Response, ApiError> {
    let right = right(&bearer, id, true)?;
    let (draft, meeting_url, _) = input.parse()?;
    let event = store::event::update(&app.db, &right, &draft, meeting_url.as_deref(), Timestamp::now()).await?;
    app.refresh_content_version().await.map_err(ApiError::from)?;
    Ok(Json(organiser_event(&app, &event).await?).into_response())
}

/// A participant's status.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    PublicAgent,
    Contractor,
    Other,
}

/// Where a registration stands.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationState {
    PendingEmail,
    Preregistered,
    Confirmed,
    Waitlisted,
    Offered,
    Declined,
    Cancelled,
    Expired,
    Attended,
    NoShow,
}

/// An organiser's decision on a pre-registration, applied when announced.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SelectionDecision {
    Select,
    Waitlist,
    Decline,
}

/// A registration, as organisers see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegistrationView {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub organisation: String,
    /// I1: the organisation's SIRET number, when ProConnect filled the form.
    pub siret: Option<String>,
    pub status: Status,
    pub state: RegistrationState,
    /// The pending decision on a pre-registration, not yet announced.
    pub pending_decision: Option<SelectionDecision>,
    /// The order on the waitlist (smaller comes first).
    pub waitlist_position: Option<i64>,
    /// Answers to the event's questions: by question id, the answer's values (one for a text
    /// or a single choice, several for a multiple choice).
    pub answers: std::collections::BTreeMap<String, Vec<String>>,
    #[schema(format = DateTime)]
    pub created_at: String,
    /// Until when an offered place is held.
    #[schema(format = DateTime)]
    pub offer_expires_at: Option<String>,
}

fn state_of(s: RegState) -> RegistrationState {
    match s {
        RegState::PendingEmail => RegistrationState::PendingEmail,
        RegState::Preregistered => RegistrationState::Preregistered,
        RegState::Confirmed => RegistrationState::Confirmed,
        RegState::Waitlisted => RegistrationState::Waitlisted,
        RegState::Offered => RegistrationState::Offered,
        RegState::Declined => RegistrationState::Declined,
        RegState::Cancelled => RegistrationState::Cancelled,
        RegState::Expired => RegistrationState::Expired,
        RegState::Attended => RegistrationState::Attended,
        RegState::NoShow => RegistrationState::NoShow,
    }
}

fn decision_of(d: Decision) -> SelectionDecision {
    match d {
        Decision::Select => SelectionDecision::Select,
        Decision::Waitlist => SelectionDecision::Waitlist,
        Decision::Decline => SelectionDecision::Decline,
    }
}

fn registration_view(
    r: &crate::domain::registration::Registration,
    pending: &HashMap<i64, Decision>,
) -> RegistrationView {
    let answers = crate::domain::question::answers_from_json(&r.answers)
        .into_iter()
        .map(|(id, values)| (id.to_string(), values))
        .collect();
    RegistrationView {
        id: r.id,
        email: r.email.clone(),
        name: r.name.clone(),
        organisation: r.organisation.clone(),
        siret: (!r.siret.is_empty()).then(|| r.siret.clone()),
        status: match r.status {
            ParticipantStatus::PublicAgent => Status::PublicAgent,
            ParticipantStatus::Contractor => Status::Contractor,
            ParticipantStatus::Other => Status::Other,
        },
        state: state_of(r.state),
        pending_decision: pending.get(&r.id).copied().map(decision_of),
        waitlist_position: r.waitlist_seq.filter(|_| r.state == RegState::Waitlisted),
        answers,
        created_at: rfc3339_seconds(r.created_at),
        offer_expires_at: r.offer_expires_at.filter(|_| r.state == RegState::Offered).map(rfc3339_seconds),
    }
}

async fn pending(app: &App, event: EventId) -> Result<HashMap<i64, Decision>, ApiError> {
    Ok(reg_store::selection::pending(&app.db, event).await?.into_iter().map(|(id, d, _)| (id, d)).collect())
}

/// One page of registrations.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegistrationList {
    pub items: Vec<RegistrationView>,
    /// Pass it as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
}

/// The event's registrations, by id, every state included.
#[utoipa::path(
    get, path = "/api/v1/organiser/events/{id}/registrations", operation_id = "organiser_registrations", tag = "organiser", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The event's id"), PageQuery, super::openapi::IfNoneMatch),
    responses(
        (status = 200, description = "One page of registrations", body = RegistrationList, headers(("ETag" = String))),
        (status = 304, description = "Unchanged since the ETag given"),
        (status = 400, description = "Bad id, cursor or limit", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Outside the token's scope", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64))),
    )
)]
pub async fn registrations(
    bearer: Bearer,
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Query(q): Query<PageQuery>,
) -> Result<Response, ApiError> {
    let right = right(&bearer, id, false)?;
    let (size, after) = (q.size()?, q.position()?);
    let mut all = reg_store::list(&app.db, right.event_id()).await?;
    all.sort_by_key(|r| r.id);
    let (regs, next_cursor) = page(all, |r| (r.id, 0), after, size);
    let pending = pending(&app, right.event_id()).await?;
    let items = regs.iter().map(|r| registration_view(r, &pending)).collect();
    Ok(read_with_etag(&headers, &RegistrationList { items, next_cursor }))
}

/// A CSV answer with its ETag.
fn csv_read(headers: &HeaderMap, csv: String, file: &str) -> Response {
    let mut res = super::body_with_etag(headers, csv, "text/csv; charset=utf-8", false);
    if res.status() == StatusCode::OK
        && let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{file}\""))
    {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

/// The event's door list as CSV (the browser's `inscriptions.csv`: UTF-8 with BOM, `;`).
#[utoipa::path(
    get, path = "/api/v1/organiser/events/{id}/registrations.csv", operation_id = "organiser_registrations_csv", tag = "organiser", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The event's id"), super::openapi::IfNoneMatch),
    responses(
        (status = 200, description = "The door list", body = String, content_type = "text/csv",
            headers(("ETag" = String))),
        (status = 304, description = "Unchanged since the ETag given"),
        (status = 400, description = "Bad id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Outside the token's scope", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64))),
    )
)]
pub async fn registrations_csv(
    bearer: Bearer,
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let right = right(&bearer, id, false)?;
    let event = store::event::get(&app.db, right.event_id()).await?;
    let regs = reg_store::list(&app.db, event.id).await?;
    let questions = store::question::list(&app.db, event.id, Form::Registration).await?;
    let csv = crate::export::door_list::csv(&regs, &questions);
    Ok(csv_read(&headers, csv, &format!("liste-{}.csv", event.draft.slug)))
}

/// A decision on a pre-registration; null withdraws it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionInput {
    pub decision: Option<SelectionDecision>,
}

async fn one_registration(app: &App, right: &EditRight, registration: i64) -> Result<RegistrationView, ApiError> {
    let regs = reg_store::list(&app.db, right.event_id()).await?;
    let r = regs.iter().find(|r| r.id == registration).ok_or_else(ApiError::not_found)?;
    Ok(registration_view(r, &pending(app, right.event_id()).await?))
}

/// Records (or withdraws) the pending decision on a pre-registration, as the browser's
/// selection page does; nothing changes for the participant until `announce`.
#[utoipa::path(
    post, path = "/api/v1/organiser/events/{id}/registrations/{registration}/decision", operation_id = "organiser_decide", tag = "organiser",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The event's id"), ("registration" = i64, Path, description = "The registration's id")),
    request_body = DecisionInput,
    responses(
        (status = 200, description = "The registration with its pending decision", body = RegistrationView),
        (status = 400, description = "Bad id or body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Outside the scope, or read-only token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such registration in this event", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a pre-registration", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64))),
    )
)]
pub async fn decide(
    bearer: Bearer,
    State(app): State<App>,
    Path((id, registration)): Path<(i64, i64)>,
    Json(input): Json<DecisionInput>,
) -> Result<Response, ApiError> {
    let right = right(&bearer, id, true)?;
    let current = one_registration(&app, &right, registration).await?;
    if !matches!(current.state, RegistrationState::Preregistered) {
        return Err(ApiError::new(StatusCode::CONFLICT, "Only a pre-registration takes a decision."));
    }
    let decision = input.decision.map(|d| match d {
        SelectionDecision::Select => Decision::Select,
        SelectionDecision::Waitlist => Decision::Waitlist,
        SelectionDecision::Decline => Decision::Decline,
    });
    reg_store::selection::decide(&app.db, &right, &[registration], decision, Timestamp::now()).await?;
    Ok(Json(one_registration(&app, &right, registration).await?).into_response())
}

/// What an announcement did.
#[derive(Debug, Serialize, ToSchema)]
pub struct Announced {
    /// How many pending decisions were applied (and mailed).
    pub announced: u32,
}

/// Announces every pending decision of the event at once, as the browser's « Annoncer » does:
/// the capacity is checked again, a selection beyond the places goes to the waitlist, and
/// each person is mailed.
#[utoipa::path(
    post, path = "/api/v1/organiser/events/{id}/registrations/announce", operation_id = "organiser_announce", tag = "organiser",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The event's id")),
    responses(
        (status = 200, description = "Announced", body = Announced),
        (status = 400, description = "Bad id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Outside the scope, or read-only token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Refused in the event's current state (no registration set up…)", body = Problem,
            content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64))),
    )
)]
pub async fn announce(bearer: Bearer, State(app): State<App>, Path(id): Path<i64>) -> Result<Response, ApiError> {
    let right = right(&bearer, id, true)?;
    let event = store::event::get(&app.db, right.event_id()).await?;
    let letters = crate::web::contexts::letters(&app, &event).await?;
    let n = reg_store::selection::announce(&app.db, &letters, &right, &event, Timestamp::now())
        .await
        .map_err(state_conflict)?;
    app.mail_wake.notify_one();
    app.refresh_content_version().await.map_err(ApiError::from)?;
    Ok(Json(Announced { announced: n }).into_response())
}

/// Checks a person in at the door, as the browser's check-in button does (confirmed or
/// absent people only).
#[utoipa::path(
    post, path = "/api/v1/organiser/events/{id}/registrations/{registration}/check-in", operation_id = "organiser_check_in", tag = "organiser",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The event's id"), ("registration" = i64, Path, description = "The registration's id")),
    responses(
        (status = 200, description = "Checked in", body = RegistrationView),
        (status = 400, description = "Bad id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Outside the scope, or read-only token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such registration in this event", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "This registration cannot be checked in in its current state", body = Problem,
            content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64))),
    )
)]
pub async fn check_in(
    bearer: Bearer,
    State(app): State<App>,
    Path((id, registration)): Path<(i64, i64)>,
) -> Result<Response, ApiError> {
    let right = right(&bearer, id, true)?;
    one_registration(&app, &right, registration).await?;
    reg_store::check_in(&app.db, &DoorRight::from(&right), registration, Timestamp::now())
        .await
        .map_err(state_conflict)?;
    app.refresh_content_version().await.map_err(ApiError::from)?;
    Ok(Json(one_registration(&app, &right, registration).await?).into_response())
}

/// An organiser's decision on a proposal.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProposalDecision {
    Accepted,
    Declined,
    Waitlisted,
}

/// A speaker's answer to an acceptance.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SpeakerAnswer {
    Confirmed,
    Declined,
}

/// A speaker of a proposal.
#[derive(Debug, Serialize, ToSchema)]
pub struct SpeakerView {
    pub name: String,
    pub email: String,
    pub organisation: String,
    /// Agreed to have their name published.
    pub consent_publish: bool,
    /// Confirmed their address (co-speakers).
    pub confirmed: bool,
}

/// A proposal, as organisers see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProposalView {
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub administration: String,
    pub subject: String,
    pub audience: String,
    pub format: String,
    pub minutes: u32,
    pub notes: String,
    /// Answers to the call's own questions, in order.
    pub answers: Vec<String>,
    pub withdrawn: bool,
    pub decision: Option<ProposalDecision>,
    pub speaker_answer: Option<SpeakerAnswer>,
    pub speakers: Vec<SpeakerView>,
    #[schema(format = DateTime)]
    pub created_at: String,
    #[schema(format = DateTime)]
    pub updated_at: String,
}

/// One page of proposals.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProposalList {
    pub items: Vec<ProposalView>,
    /// Pass it as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
}

fn proposal_view(p: &crate::domain::cfp::Proposal) -> ProposalView {
    use crate::domain::cfp::{Decision as D, SpeakerAnswer as A};
    ProposalView {
        id: p.id,
        title: p.title.clone(),
        summary: p.summary.clone(),
        administration: p.administration.clone(),
        subject: p.subject.clone(),
        audience: p.audience.clone(),
        format: p.format.clone(),
        minutes: p.minutes,
        notes: p.notes.clone(),
        answers: p.answers.clone(),
        withdrawn: p.withdrawn,
        decision: p.decision.map(|d| match d {
            D::Accepted => ProposalDecision::Accepted,
            D::Declined => ProposalDecision::Declined,
            D::Waitlisted => ProposalDecision::Waitlisted,
        }),
        speaker_answer: p.speaker_answer.map(|a| match a {
            A::Confirmed => SpeakerAnswer::Confirmed,
            A::Declined => SpeakerAnswer::Declined,
        }),
        speakers: p
            .speakers
            .iter()
            .map(|s| SpeakerView {
                name: s.name.clone(),
                email: s.email.clone(),
                organisation: s.organisation.clone(),
                consent_publish: s.consent_publish,
                confirmed: s.confirmed,
            })
            .collect(),
        created_at: rfc3339_seconds(p.created_at),
        updated_at: rfc3339_seconds(p.updated_at),
    }
}

/// The event's proposals to its call for talks, by id.
#[utoipa::path(
    get, path = "/api/v1/organiser/events/{id}/proposals", operation_id = "organiser_proposals", tag = "organiser", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The event's id"), PageQuery, super::openapi::IfNoneMatch),
    responses(
        (status = 200, description = "One page of proposals", body = ProposalList, headers(("ETag" = String))),
        (status = 304, description = "Unchanged since the ETag given"),
        (status = 400, description = "Bad id, cursor or limit", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Outside the token's scope", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64))),
    )
)]
pub async fn proposals(
    bearer: Bearer,
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Query(q): Query<PageQuery>,
) -> Result<Response, ApiError> {
    let right = right(&bearer, id, false)?;
    let (size, after) = (q.size()?, q.position()?);
    let mut all = cfp_store::list(&app.db, right.event_id()).await?;
    all.sort_by_key(|p| p.id);
    let (list, next_cursor) = page(all, |p| (p.id, 0), after, size);
    let items = list.iter().map(proposal_view).collect();
    Ok(read_with_etag(&headers, &ProposalList { items, next_cursor }))
}

/// The event's proposals as CSV, with their review means (the browser's `propositions.csv`).
#[utoipa::path(
    get, path = "/api/v1/organiser/events/{id}/proposals.csv", operation_id = "organiser_proposals_csv", tag = "organiser", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The event's id"), super::openapi::IfNoneMatch),
    responses(
        (status = 200, description = "The proposals", body = String, content_type = "text/csv",
            headers(("ETag" = String))),
        (status = 304, description = "Unchanged since the ETag given"),
        (status = 400, description = "Bad id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Outside the token's scope", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64))),
    )
)]
pub async fn proposals_csv(
    bearer: Bearer,
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let right = right(&bearer, id, false)?;
    let event = store::event::get(&app.db, right.event_id()).await?;
    let settings = cfp_store::find_settings(&app.db, event.id).await?;
    let proposals = cfp_store::list(&app.db, event.id).await?;
    let reviews = cfp_store::review::reviews_as_operator(&app.db, event.id).await?;
    let criteria = settings.as_ref().map(|s| s.criteria.len()).unwrap_or(0);
    let stats: Vec<_> = crate::web::organiser::cfp::review::all_stats(&proposals, &reviews, criteria)
        .into_iter()
        .map(|(id, s)| (id, s.mean, s.reviews))
        .collect();
    let announced = settings.as_ref().is_some_and(|s| s.announced(Timestamp::now()));
    let csv = crate::export::proposals::csv(&proposals, &stats, announced, false);
    Ok(csv_read(&headers, csv, &format!("propositions-{}.csv", event.draft.slug)))
}

impl From<WebError> for ApiError {
    fn from(e: WebError) -> ApiError {
        from_web(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(json: serde_json::Value) -> EventInput {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn hours_are_hh_mm_on_a_24_hour_clock() {
        assert!(is_hhmm("00:00") && is_hhmm("09:30") && is_hhmm("23:59"));
        assert!(!is_hhmm("24:00") && !is_hhmm("9:30") && !is_hhmm("12:60") && !is_hhmm("") && !is_hhmm("12h30"));
    }

    #[test]
    fn the_body_is_checked_by_the_form_s_parser_with_api_field_names() {
        let refused = input(serde_json::json!({
            "title": "Atelier", "kind": "workshop", "start_date": "2031-03-04", "start_time": "",
            "venue": { "osm_url": "ftp://x" }
        }))
        .parse()
        .unwrap_err();
        let fields: Vec<String> = refused.problem.errors.iter().map(|e| e.field.clone()).collect();
        assert_eq!(fields, ["start_time"], "an empty hour is refused before the form reads it as absent");

        let refused = input(serde_json::json!({
            "title": "Atelier", "kind": "workshop", "start_date": "2031-03-04", "venue": { "osm_url": "ftp://x" }
        }))
        .parse()
        .unwrap_err();
        assert_eq!(refused.problem.status, 422);
        assert_eq!(refused.problem.errors[0].field, "venue.osm_url");

        let (draft, meeting, choice) = input(serde_json::json!({
            "title": "Atelier du jeudi", "kind": "workshop", "start_date": "2031-03-04",
            "links": [{ "text": "Billets", "url": "https://example.org" }], "meeting_url": "https://visio.example.org/a"
        }))
        .parse()
        .unwrap();
        assert_eq!((draft.slug.as_str(), draft.links.len()), ("atelier-du-jeudi", 1));
        assert_eq!((meeting.as_deref(), choice), (Some("https://visio.example.org/a"), SlugChoice::Derived));
    }
}
