//! I2 A2 C4 D3 (issue 16): the public API: what the public pages show, as JSON. Published
//! and cancelled events with their dates and live registration state (computed as the pages
//! compute it, `views::registration_state`), the latest programme release (never the
//! draft), and the accepted talks when the organisers show them.

use super::problem::{ApiError, Problem};
use super::{PageQuery, PublicClient, json_read, page, rfc3339};
use crate::domain::event::{Event, EventStatus};
use crate::domain::programme::Programme;
use crate::store;
use crate::web::App;
use crate::web::views::{self, RegistrationState};
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use jiff::Timestamp;
use serde::Serialize;
use utoipa::ToSchema;

/// Where registration stands.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationStatus {
    /// Open, with places left.
    Open,
    /// Open, every place taken: new registrations go to the waitlist.
    Full,
    /// Pre-registration open; the organisers select.
    Preregistration,
    /// On personal invitation only.
    Invitation,
    /// Not open yet (see `opens_at`).
    NotOpenYet,
    /// Closed (deadline passed, event started).
    Closed,
    /// On another site (see `url`).
    External,
}

/// The registration of an event, as its public page tells it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Registration {
    pub status: RegistrationStatus,
    /// What the page says, in French (« Complet — liste d'attente »).
    pub label: String,
    /// When registration opens, if a date is set.
    #[schema(format = DateTime)]
    pub opens_at: Option<String>,
    /// When registration closes, if a date is set.
    #[schema(format = DateTime)]
    pub closes_at: Option<String>,
    /// Where to register (the form, or the other site); null when registering is not possible.
    pub url: Option<String>,
}

/// Where an event happens; every part is optional (an online event has none).
#[derive(Debug, Serialize, ToSchema)]
pub struct Venue {
    pub name: Option<String>,
    pub address: Option<String>,
    pub room: Option<String>,
    /// A map link.
    pub osm_url: Option<String>,
}

/// A link shown on the event page.
#[derive(Debug, Serialize, ToSchema)]
pub struct Link {
    pub text: String,
    pub url: String,
}

/// One session of an event held on separate days, in Europe/Paris.
#[derive(Debug, Serialize, ToSchema)]
pub struct Session {
    #[schema(format = Date)]
    pub date: String,
    /// `HH:MM`, null when the session has no hours.
    #[schema(pattern = r"^[0-2][0-9]:[0-5][0-9]$")]
    pub start_time: Option<String>,
    /// `HH:MM`.
    #[schema(pattern = r"^[0-2][0-9]:[0-5][0-9]$")]
    pub end_time: Option<String>,
}

/// The sessions of `d`, for both the public and the organiser views.
pub(crate) fn sessions_of(d: &crate::domain::event::EventDraft) -> Vec<Session> {
    d.sessions
        .iter()
        .map(|s| Session {
            date: s.date.to_string(),
            start_time: s.start_time.map(hhmm),
            end_time: s.end_time.map(hhmm),
        })
        .collect()
}

/// Whether the event is on or was cancelled.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PublicStatus {
    Published,
    Cancelled,
}

/// A published (or cancelled) event.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicEvent {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub summary: String,
    /// The long description, in Markdown.
    pub body_markdown: String,
    /// hackathon, garagethon, day, half_day, workshop, conference, meetup or other.
    pub kind: String,
    pub status: PublicStatus,
    /// The first day, in Europe/Paris.
    #[schema(format = Date)]
    pub start_date: String,
    /// The last day (the same as `start_date` for a one-day event).
    #[schema(format = Date)]
    pub end_date: String,
    /// Daily opening hour (`HH:MM`), null for an all-day event.
    #[schema(pattern = r"^[0-2][0-9]:[0-5][0-9]$")]
    pub start_time: Option<String>,
    /// Daily closing hour (`HH:MM`).
    #[schema(pattern = r"^[0-2][0-9]:[0-5][0-9]$")]
    pub end_time: Option<String>,
    /// The sessions of an event held on separate days, earliest first: the event happens on
    /// these days only, and `start_date`…`end_date` is their span. Empty for an event that
    /// runs continuously from `start_date` to `end_date`.
    pub sessions: Vec<Session>,
    /// The first moment, with its offset.
    #[schema(format = DateTime)]
    pub starts_at: String,
    /// The last moment (exclusive midnight for an all-day event).
    #[schema(format = DateTime)]
    pub ends_at: String,
    pub venue: Venue,
    pub audience: Option<String>,
    pub tags: Vec<String>,
    pub links: Vec<Link>,
    pub contact_email: Option<String>,
    /// The event's page.
    pub url: String,
    /// Null when the event takes no registration here (or is cancelled).
    pub registration: Option<Registration>,
    /// What the call for talks says (« Appel à interventions ouvert jusqu'au … »), if any.
    pub call_for_talks: Option<String>,
}

/// One page of events.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventList {
    pub items: Vec<PublicEvent>,
    /// Pass it as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
}

fn hhmm(t: jiff::civil::Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// The public view of `event` at `now`, with its live state.
pub(crate) async fn public_event(app: &App, event: &Event, now: Timestamp) -> Result<PublicEvent, ApiError> {
    let d = &event.draft;
    let cancelled = d.status == EventStatus::Cancelled;
    let mut registration = None;
    let mut call_for_talks = None;
    if !cancelled {
        if let Some(settings) = store::registration::find_settings(&app.db, event.id).await? {
            let (taken, waiting) = store::registration::counters(&app.db, event.id).await?;
            let counts = crate::domain::registration::Counts { taken, waiting, ..Default::default() };
            let status = match views::registration_state(event, &settings, counts, now) {
                RegistrationState::Open => RegistrationStatus::Open,
                RegistrationState::Full => RegistrationStatus::Full,
                RegistrationState::Preregistration => RegistrationStatus::Preregistration,
                RegistrationState::Invitation => RegistrationStatus::Invitation,
                RegistrationState::NotOpenYet => RegistrationStatus::NotOpenYet,
                RegistrationState::Closed(_) => RegistrationStatus::Closed,
                RegistrationState::External => RegistrationStatus::External,
            };
            let shown = views::registration_box(event, &settings, counts, now);
            let base = app.config.base_url();
            registration = Some(Registration {
                status,
                label: shown.short_text,
                opens_at: settings.rules.opens_at.map(rfc3339),
                closes_at: settings.rules.closes_at.map(rfc3339),
                url: shown.url.map(|u| if u.starts_with('/') { format!("{base}{u}") } else { u }),
            });
        }
        call_for_talks =
            store::cfp::find_settings(&app.db, event.id).await?.and_then(|c| views::call_status(&c, event, now));
    }
    Ok(PublicEvent {
        id: event.id.get(),
        slug: d.slug.to_string(),
        title: d.title.clone(),
        summary: d.summary.clone(),
        body_markdown: d.body_md.clone(),
        kind: d.kind.as_str().to_owned(),
        status: if cancelled { PublicStatus::Cancelled } else { PublicStatus::Published },
        start_date: d.dates.start_date.to_string(),
        end_date: d.dates.end_date.to_string(),
        start_time: d.dates.start_time.map(hhmm),
        end_time: d.dates.end_time.map(hhmm),
        sessions: sessions_of(d),
        starts_at: rfc3339(d.dates.start_instant()),
        ends_at: rfc3339(d.dates.end_instant()),
        venue: Venue {
            name: d.venue.name.clone(),
            address: d.venue.address.clone(),
            room: d.venue.room.clone(),
            osm_url: d.venue.osm_url.clone(),
        },
        audience: d.audience.clone(),
        tags: d.tags.clone(),
        links: d.links.iter().map(|l| Link { text: l.text.clone(), url: l.url.clone() }).collect(),
        contact_email: d.contact_email.clone(),
        url: format!("{}{}", app.config.base_url(), views::event_url(d.slug.as_str())),
        registration,
        call_for_talks,
    })
}

/// The key events are paged by: start, then id.
fn event_key(e: &Event) -> (i64, i64) {
    (e.draft.dates.start_instant().as_second(), e.id.get())
}

/// Published events, earliest first, one page at a time.
#[utoipa::path(
    get, path = "/api/v1/events", operation_id = "public_events", tag = "public",
    params(PageQuery, super::openapi::IfNoneMatch),
    responses(
        (status = 200, description = "One page of events", body = EventList, headers(("ETag" = String))),
        (status = 304, description = "Unchanged since the ETag given"),
        (status = 400, description = "Bad cursor or limit", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64))),
    )
)]
pub async fn events(
    State(app): State<App>,
    _: PublicClient,
    headers: HeaderMap,
    Query(q): Query<PageQuery>,
) -> Result<Response, ApiError> {
    let (size, after) = (q.size()?, q.position()?);
    let mut all = store::event::list_published(&app.db).await?;
    all.sort_by_key(event_key);
    let (events, next_cursor) = page(all, event_key, after, size);
    let now = Timestamp::now();
    let mut items = Vec::with_capacity(events.len());
    for e in &events {
        items.push(public_event(&app, e, now).await?);
    }
    Ok(json_read(&headers, &EventList { items, next_cursor }, true))
}

/// One published (or cancelled) event by its slug.
#[utoipa::path(
    get, path = "/api/v1/events/{slug}", operation_id = "public_event", tag = "public",
    params(("slug" = String, Path, description = "The event's slug"), super::openapi::IfNoneMatch),
    responses(
        (status = 200, description = "The event", body = PublicEvent, headers(("ETag" = String))),
        (status = 304, description = "Unchanged since the ETag given"),
        (status = 404, description = "No published event has this slug", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64))),
    )
)]
pub async fn event(
    State(app): State<App>,
    _: PublicClient,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    let event = store::event::get_public(&app.db, &slug).await?;
    Ok(json_read(&headers, &public_event(&app, &event, Timestamp::now()).await?, true))
}

/// A room of the programme.
#[derive(Debug, Serialize, ToSchema)]
pub struct Room {
    pub id: i64,
    pub name: String,
    pub capacity: Option<u32>,
    pub accessibility: Option<String>,
}

/// A track of the programme, with its colour.
#[derive(Debug, Serialize, ToSchema)]
pub struct Track {
    pub id: i64,
    pub name: String,
    /// `#RRGGBB`.
    #[schema(pattern = "^#[0-9a-f]{6}$")]
    pub colour: String,
}

/// One slot of the programme.
#[derive(Debug, Serialize, ToSchema)]
pub struct Item {
    /// Stable across releases.
    pub id: i64,
    /// A name-based UUID, stable across releases (the one of the frab and JSON exports).
    pub guid: String,
    /// talk, workshop, break, meal, welcome, plenary or text.
    pub kind: String,
    pub title: String,
    /// Markdown.
    pub summary: String,
    #[schema(format = DateTime)]
    pub starts_at: String,
    #[schema(format = DateTime)]
    pub ends_at: String,
    pub minutes: u32,
    pub room_id: Option<i64>,
    pub track_id: Option<i64>,
    /// Speakers' names as published.
    pub speakers: Vec<String>,
}

/// The latest released programme of an event.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgrammeRelease {
    /// 1 for the first release, then 2, 3…
    pub number: i64,
    pub name: String,
    #[schema(format = DateTime)]
    pub released_at: String,
    pub rooms: Vec<Room>,
    pub tracks: Vec<Track>,
    pub items: Vec<Item>,
}

fn programme_view(slug: &str, p: &Programme) -> (Vec<Room>, Vec<Track>, Vec<Item>) {
    let rooms = p
        .rooms
        .iter()
        .map(|r| Room { id: r.id, name: r.name.clone(), capacity: r.capacity, accessibility: r.accessibility.clone() })
        .collect();
    let tracks = p
        .tracks
        .iter()
        .map(|t| Track {
            id: t.id,
            name: t.name.clone(),
            colour: format!("#{:02x}{:02x}{:02x}", t.colour.0, t.colour.1, t.colour.2),
        })
        .collect();
    let at = |dt: jiff::civil::DateTime| rfc3339(crate::domain::event::to_instant(dt));
    let items = p
        .items
        .iter()
        .map(|i| Item {
            id: i.id,
            guid: crate::domain::programme::item_guid(slug, i.id),
            kind: i.kind.as_str().to_owned(),
            title: i.title.clone(),
            summary: i.summary.clone(),
            starts_at: at(i.start),
            ends_at: at(i.end()),
            minutes: i.minutes,
            room_id: i.room_id,
            track_id: i.track_id,
            speakers: i.speakers.clone(),
        })
        .collect();
    (rooms, tracks, items)
}

/// The latest released programme of a published event (never the draft).
#[utoipa::path(
    get, path = "/api/v1/events/{slug}/programme", operation_id = "public_programme", tag = "public",
    params(("slug" = String, Path, description = "The event's slug"), super::openapi::IfNoneMatch),
    responses(
        (status = 200, description = "The latest release", body = ProgrammeRelease, headers(("ETag" = String))),
        (status = 304, description = "Unchanged since the ETag given"),
        (status = 404, description = "No published event has this slug, or it has no release yet", body = Problem,
            content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64))),
    )
)]
pub async fn programme(
    State(app): State<App>,
    _: PublicClient,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    let (event, release) = store::programme::get_public(&app.db, &slug).await?;
    let (rooms, tracks, items) = programme_view(event.draft.slug.as_str(), &release.programme);
    let body = ProgrammeRelease {
        number: release.number,
        name: release.name,
        released_at: rfc3339(release.released_at),
        rooms,
        tracks,
        items,
    };
    Ok(json_read(&headers, &body, true))
}

/// An accepted talk, as the public list shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Talk {
    pub id: i64,
    pub title: String,
    /// Markdown.
    pub summary: String,
    /// The format's name (« Intervention courte »).
    pub format: String,
    pub minutes: u32,
    /// Names of the speakers who agreed to be published.
    pub speakers: Vec<String>,
}

/// The talks accepted so far.
#[derive(Debug, Serialize, ToSchema)]
pub struct TalkList {
    pub items: Vec<Talk>,
}

/// The accepted talks of a published event, once the organisers announced their decisions
/// and chose to show them.
#[utoipa::path(
    get, path = "/api/v1/events/{slug}/talks", operation_id = "public_talks", tag = "public",
    params(("slug" = String, Path, description = "The event's slug"), super::openapi::IfNoneMatch),
    responses(
        (status = 200, description = "The accepted talks", body = TalkList, headers(("ETag" = String))),
        (status = 304, description = "Unchanged since the ETag given"),
        (status = 404, description = "No published event has this slug, or its accepted talks are not shown",
            body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64))),
    )
)]
pub async fn talks(
    State(app): State<App>,
    _: PublicClient,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    let event = store::event::get_published(&app.db, &slug).await?;
    let accepted = store::cfp::programme::public_accepted(&app.db, event.id, Timestamp::now())
        .await?
        .ok_or(ApiError::not_found())?;
    let items = accepted
        .iter()
        .map(|p| Talk {
            id: p.id,
            title: p.title.clone(),
            summary: p.summary.clone(),
            format: p.format.clone(),
            minutes: p.minutes,
            speakers: p.public_speakers(),
        })
        .collect();
    Ok(json_read(&headers, &TalkList { items }, true))
}
