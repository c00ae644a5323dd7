//! E4 E5: the board as the room and the public see it: the read-only board, the projector
//! view that follows changes over server-sent events, and the retrospective page. Shared
//! with the participant and facilitator pages: [`view`] turns a board into what templates get.

use crate::domain::board::{Actor, Board, Figures, ObjectiveStatus, OfferState};
use crate::domain::event::EventId;
use crate::domain::event::{Event, EventKind};
use crate::store;
use crate::web::App;
use crate::web::error::WebError;
use crate::web::views;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Response};
use minijinja::context;
use serde::Serialize;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

/// Who looks at the board: what they may see (contacts) and act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    Public,
    Participant(i64),
    Facilitator,
}

#[derive(Serialize)]
pub struct ObjectiveView {
    id: i64,
    title: String,
    estimate: String,
    status: &'static str,
    status_label: String,
    link: Option<String>,
    owner: String,
    editable: bool,
}

#[derive(Serialize)]
pub struct OfferView {
    id: i64,
    helper: String,
    message: String,
    state: &'static str,
    state_label: String,
    /// The helper's address, once the offer is accepted (E2).
    contact: Option<String>,
    can_answer: bool,
}

#[derive(Serialize)]
pub struct MyOfferView {
    id: i64,
    state: &'static str,
    state_label: String,
    /// The request owner's address, once the offer is accepted.
    owner_contact: Option<String>,
    can_withdraw: bool,
}

#[derive(Serialize)]
pub struct RequestView {
    id: i64,
    project: String,
    kind: &'static str,
    kind_label: String,
    title: String,
    details: String,
    skills: String,
    newcomers: bool,
    priority: Option<i64>,
    pinned: bool,
    theme: String,
    open: bool,
    owner: String,
    helpers: Vec<String>,
    editable: bool,
    /// Offers on the request, for its owner and facilitators.
    offers: Vec<OfferView>,
    my_offer: Option<MyOfferView>,
    can_offer: bool,
}

#[derive(Serialize)]
pub struct ProjectView {
    entry_id: i64,
    name: String,
    url: String,
    forge: &'static str,
    path: Option<String>,
    publisher: String,
    licence: String,
    description: String,
    maintainers: String,
    other_editions: Vec<String>,
    objectives: Vec<ObjectiveView>,
    requests: Vec<RequestView>,
    objectives_done: usize,
}

#[derive(Serialize)]
pub struct TalkView {
    id: i64,
    position: usize,
    speaker: String,
    title: String,
    minutes: u8,
    mine: bool,
}

#[derive(Serialize)]
pub struct BoardView {
    projects: Vec<ProjectView>,
    /// Every request in the facilitators' order, pinned first.
    requests: Vec<RequestView>,
    talks: Vec<TalkView>,
    figures: Figures,
    public: bool,
}

/// Builds what the templates show of `board` to `viewer`.
pub fn view(board: &Board, viewer: Viewer) -> BoardView {
    // Facilitators may edit everything (`may_edit`); the view only needs to know that.
    let edits = |owner: i64| match viewer {
        Viewer::Participant(id) => crate::domain::board::may_edit(Actor::Participant(id), owner).is_ok(),
        Viewer::Facilitator => true,
        Viewer::Public => false,
    };
    let email = |id: i64| board.participant(id).map(|p| p.email.clone());
    let request_view = |r: &crate::domain::board::HelpRequest| {
        let offers: Vec<&crate::domain::board::Offer> = board.offers.iter().filter(|o| o.request_id == r.id).collect();
        let project =
            board.projects.iter().find(|p| p.entry_id == r.entry_id).map(|p| p.name.clone()).unwrap_or_default();
        let mine = match viewer {
            Viewer::Participant(me) => offers.iter().find(|o| o.helper == me).map(|o| MyOfferView {
                id: o.id,
                state: o.state.as_str(),
                state_label: crate::i18n::t(&format!("board-offer-{}", o.state.as_str())),
                owner_contact: (o.state == OfferState::Accepted).then(|| email(r.owner)).flatten(),
                can_withdraw: matches!(o.state, OfferState::Offered | OfferState::Accepted),
            }),
            _ => None,
        };
        let can_offer = match viewer {
            Viewer::Participant(me) => {
                r.open && me != r.owner && !offers.iter().any(|o| o.helper == me && o.state != OfferState::Withdrawn)
            }
            _ => false,
        };
        RequestView {
            id: r.id,
            project,
            kind: r.kind.as_str(),
            kind_label: crate::i18n::t(&format!("board-kind-{}", r.kind.as_str().replace('_', "-"))),
            title: r.title.clone(),
            details: r.details.clone(),
            skills: r.skills.clone(),
            newcomers: r.newcomers,
            priority: r.priority,
            pinned: r.pinned,
            theme: r.theme.clone(),
            open: r.open,
            owner: board.name_of(r.owner),
            helpers: offers
                .iter()
                .filter(|o| o.state == OfferState::Accepted)
                .map(|o| board.name_of(o.helper))
                .collect(),
            editable: edits(r.owner),
            offers: if edits(r.owner) {
                offers
                    .iter()
                    .filter(|o| o.state != OfferState::Withdrawn)
                    .map(|o| OfferView {
                        id: o.id,
                        helper: board.name_of(o.helper),
                        message: o.message.clone(),
                        state: o.state.as_str(),
                        state_label: crate::i18n::t(&format!("board-offer-{}", o.state.as_str())),
                        contact: (o.state == OfferState::Accepted).then(|| email(o.helper)).flatten(),
                        can_answer: o.state == OfferState::Offered,
                    })
                    .collect()
            } else {
                vec![]
            },
            my_offer: mine,
            can_offer,
        }
    };
    let projects = board
        .projects
        .iter()
        .map(|p| {
            let objectives: Vec<ObjectiveView> = board
                .objectives
                .iter()
                .filter(|o| o.entry_id == p.entry_id)
                .map(|o| ObjectiveView {
                    id: o.id,
                    title: o.title.clone(),
                    estimate: estimate_label(o.estimate),
                    status: o.status.as_str(),
                    status_label: crate::i18n::t(&format!("board-status-{}", o.status.as_str().replace('_', "-"))),
                    link: o.link.clone(),
                    owner: board.name_of(o.owner),
                    editable: edits(o.owner),
                })
                .collect();
            ProjectView {
                entry_id: p.entry_id,
                name: p.name.clone(),
                url: p.url.clone(),
                forge: p.forge.label(),
                path: p.path.clone(),
                publisher: p.publisher.clone(),
                licence: p.licence.clone(),
                description: p.description.clone(),
                maintainers: p.maintainers.clone(),
                other_editions: p.other_editions.clone(),
                objectives_done: objectives.iter().filter(|o| o.status == ObjectiveStatus::Done.as_str()).count(),
                objectives,
                requests: board.requests.iter().filter(|r| r.entry_id == p.entry_id).map(request_view).collect(),
            }
        })
        .collect();
    let talks = board
        .talks
        .iter()
        .enumerate()
        .map(|(i, t)| TalkView {
            id: t.id,
            position: i + 1,
            speaker: board.name_of(t.speaker),
            title: t.title.clone(),
            minutes: t.minutes,
            mine: edits(t.speaker),
        })
        .collect();
    BoardView {
        projects,
        requests: board.requests_in_order().into_iter().map(request_view).collect(),
        talks,
        figures: board.figures(),
        public: board.public,
    }
}

/// True for the kinds of event that have a board (E1).
pub fn has_board(event: &Event) -> bool {
    matches!(event.draft.kind, EventKind::Hackathon | EventKind::Garagethon)
}

/// The published event of `slug` whose board the public may see; 404 otherwise, so that a
/// private board is not even said to exist.
async fn public_board(app: &App, slug: &str) -> Result<(Event, Board), WebError> {
    let event = store::event::get_published(&app.db, slug).await?;
    if !has_board(&event) {
        return Err(WebError::NotFound);
    }
    let board = store::board::load(&app.db, event.id).await?;
    if !board.public {
        return Err(WebError::NotFound);
    }
    Ok((event, board))
}

/// Board pages change at every move: never cached by browsers or proxies.
fn fresh(html: String) -> Response {
    ([(header::CACHE_CONTROL, "no-cache")], Html(html)).into_response()
}

pub async fn show(State(app): State<App>, Path(slug): Path<String>) -> Result<Response, WebError> {
    let (event, board) = public_board(&app, &slug).await?;
    let html = app.render(
        "board/public.html",
        context! {
            page_title => board_title("title-board", &event),
            section => if event.is_past(jiff::Timestamp::now()) { "archives" } else { "events" },
            event => views::card(&event),
            board => view(&board, Viewer::Public),
            // After the event the board is an archive: no projector any more.
            live => !event.is_past(jiff::Timestamp::now()),
        },
    )?;
    Ok(fresh(html))
}

/// The projector view: renders in full without JavaScript; `board-live.js` then follows the
/// event stream.
pub async fn live(State(app): State<App>, Path(slug): Path<String>) -> Result<Response, WebError> {
    let (event, board) = public_board(&app, &slug).await?;
    let html = app.render(
        "board/live.html",
        context! { page_title => board_title("title-board-live", &event), event => views::card(&event), board => view(&board, Viewer::Public) },
    )?;
    Ok(fresh(html))
}

fn fragment(app: &App, board: &Board) -> Result<String, WebError> {
    app.render("board/fragment.html", context! { board => view(board, Viewer::Public) })
}

/// Where an open event stream stands.
struct Stream {
    first: Option<Arc<str>>,
    rx: tokio::sync::broadcast::Receiver<Arc<str>>,
    closing: tokio::sync::watch::Receiver<bool>,
    closed: bool,
}

/// The event stream of the projector (E5): the current board at once, then the board again
/// after every change, as one `board` event carrying the fragment's HTML.
pub async fn stream(State(app): State<App>, Path(slug): Path<String>) -> Result<Response, WebError> {
    let (event, board) = public_board(&app, &slug).await?;
    // Subscribe before rendering: a change made in between is then sent, not lost.
    let rx = app.board_live.subscribe(event.id);
    let first: Arc<str> = fragment(&app, &board)?.into();
    let closing = app.board_live.closing();
    let state = Stream { first: Some(first), rx, closing, closed: false };
    let events = futures_util::stream::unfold(state, |mut s| async move {
        if s.closed {
            return None;
        }
        if let Some(html) = s.first.take() {
            return Some((Ok::<_, Infallible>(SseEvent::default().event("board").data(&*html)), s));
        }
        loop {
            let next = tokio::select! {
                next = s.rx.recv() => Some(next),
                _ = s.closing.wait_for(|closing| *closing) => None,
            };
            let Some(next) = next else {
                // O2: the server stops. Viewers reconnect after a short, spread delay,
                // through the load balancer, to an instance that stays.
                s.closed = true;
                let hint = Duration::from_millis(1_000 + u64::from(std::process::id() % 2_000));
                return Some((Ok(SseEvent::default().retry(hint).comment("le serveur redémarre")), s));
            };
            match next {
                Ok(html) => return Some((Ok(SseEvent::default().event("board").data(&*html)), s)),
                // A slow viewer skips the updates it missed: the next one is the whole board.
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    let sse = Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)));
    Ok(([(header::CACHE_CONTROL, "no-cache"), (header::HeaderName::from_static("x-accel-buffering"), "no")], sse)
        .into_response())
}

/// Sends the new board to its live viewers on this instance, and a notice to the other
/// instances (PostgreSQL). Called after every change.
pub async fn notify(app: &App, event_id: EventId) {
    if let Err(e) = store::notify::board_changed(&app.db, app.board_live.id(), event_id).await {
        tracing::warn!(error = %e, event_id = event_id.get(), "cannot tell other instances of a board change");
    }
    publish(app, event_id).await;
}

/// Renders the board of `event_id` for this instance's live viewers, if any.
pub async fn publish(app: &App, event_id: EventId) {
    if !app.board_live.has_viewers(event_id) {
        return;
    }
    let rendered = async {
        let board = store::board::load(&app.db, event_id).await?;
        if !board.public {
            // Made private while projected: the open streams stop showing it.
            return Ok("<p>Ce tableau n’est plus public.</p>".to_owned());
        }
        fragment(app, &board)
    }
    .await;
    match rendered {
        Ok(html) => app.board_live.publish(event_id, html.into()),
        Err(e) => tracing::error!(error = ?e, event_id = event_id.get(), "cannot render the live board"),
    }
}

/// The retrospective (E4): figures, what was done and learned. Public with the board.
pub async fn retrospective(State(app): State<App>, Path(slug): Path<String>) -> Result<Response, WebError> {
    let (event, board) = public_board(&app, &slug).await?;
    let html = app.render("board/retro.html", retro_context(&event, &board, "events"))?;
    Ok(fresh(html))
}

#[derive(Serialize)]
struct RetroView {
    name: String,
    done: String,
    learned: String,
    links: Vec<String>,
}

/// What the retrospective page shows; also used by the facilitators' copy.
pub fn retro_context(event: &Event, board: &Board, section: &str) -> minijinja::Value {
    let retros: Vec<RetroView> = board
        .retros
        .iter()
        .map(|r| RetroView {
            name: board.name_of(r.participant),
            done: r.done.clone(),
            learned: r.learned.clone(),
            links: r.links.clone(),
        })
        .collect();
    context! {
        page_title => board_title("title-board-retro", event),
        section,
        event => views::card(event),
        board => view(board, Viewer::Public),
        retros,
    }
}

/// A board page's title in the current language, with the event's title (H2).
pub(crate) fn board_title(id: &str, event: &Event) -> String {
    crate::i18n::t_args(id, &[("event", views::localized(&event.draft.title, &event.draft.title_en).0.into())])
}

/// An objective's estimate in the current language.
fn estimate_label(estimate: crate::domain::board::Estimate) -> String {
    use crate::domain::board::Estimate;
    match estimate {
        Estimate::Hours(h) => crate::i18n::t_args("board-estimate-hours", &[("hours", u32::from(h).into())]),
        Estimate::HalfDay => crate::i18n::t("board-estimate-half-day"),
        Estimate::Day => crate::i18n::t("board-estimate-day"),
    }
}
