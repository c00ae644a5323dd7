//! E1 E2 E3 E4 E5: the garagethon board's SQL. [`load`] reads an edition's whole board at
//! once (a board holds hundreds of rows, not millions); every change is one transaction that
//! checks the domain rule, writes, and logs the move. Changes live by use case: `projects`
//! (repositories and objectives, E1), `help` (requests and offers, E2 E3), `talks`
//! (lightning talks and the retrospective, E4).

mod help;
mod projects;
mod talks;

pub use help::{act_on_offer, add_request, offer_help, prioritise, set_request_open};
pub use projects::{add_objective, add_project, set_objective_status};
pub use talks::{move_talk, save_retro, sign_up_talk, withdraw_talk};

use super::{Db, StoreError, audit};
use crate::domain::account::EditRight;
use crate::domain::board::{
    Actor, Board, Estimate, HelpRequest, Move, Objective, ObjectiveStatus, Offer, OfferState, Participant, Project,
    RequestKind, Retro, Talk,
};
use crate::domain::event::EventId;
use crate::domain::forge::{Forge, Repository};
use jiff::Timestamp;
use sqlx::{AnyConnection, Row};

/// A project as a participant describes it (E1).
#[derive(Debug, Clone)]
pub struct NewProject {
    pub repository: Repository,
    /// Defaults to the repository's last path segment.
    pub name: Option<String>,
    pub publisher: String,
    pub licence: String,
    pub description: String,
    pub maintainers: String,
}

#[derive(Debug, Clone)]
pub struct NewObjective {
    pub entry_id: i64,
    pub title: String,
    pub estimate: Estimate,
    pub link: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NewRequest {
    pub entry_id: i64,
    pub kind: RequestKind,
    pub title: String,
    pub details: String,
    pub skills: String,
    pub newcomers: bool,
}

/// What facilitators set on a request (E3).
#[derive(Debug, Clone)]
pub struct Priority {
    pub priority: Option<i64>,
    pub pinned: bool,
    pub theme: String,
}

/// True when the board of `event_id` is public during the event.
pub async fn is_public(db: &Db, event_id: EventId) -> Result<bool, StoreError> {
    let v: Option<i64> = sqlx::query_scalar("SELECT public FROM board_settings WHERE event_id = $1")
        .bind(event_id)
        .fetch_optional(db.pool())
        .await?;
    Ok(v == Some(1))
}

/// Makes the board public or private (E5), audited as "board.set_public". Raises the content
/// version: the public event page links to a public board only.
pub async fn set_public(db: &Db, right: &EditRight, public: bool, now: Timestamp) -> Result<(), StoreError> {
    let event_id = right.event_id();
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO board_settings (event_id, public, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (event_id) DO UPDATE SET public = excluded.public, updated_at = excluded.updated_at",
    )
    .bind(event_id)
    .bind(i64::from(public))
    .bind(now.as_second())
    .execute(&mut *tx)
    .await?;
    let what = if public { "a rendu le tableau public" } else { "a rendu le tableau privé" };
    log(&mut tx, event_id, Actor::facilitator(right), what, now).await?;
    audit::record_edit(&mut tx, now, right, "board.set_public", serde_json::json!({ "public": public })).await?;
    super::bump_content_version(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Returns `(registration id, event id)` of the confirmed registration holding `token`.
pub async fn find_participant(db: &Db, token: &str) -> Result<Option<(i64, EventId)>, StoreError> {
    if !super::token::looks_valid(token) {
        return Ok(None);
    }
    let row: Option<(i64, EventId)> = sqlx::query_as(
        "SELECT id, event_id FROM registrations WHERE token_hash = $1 AND state IN ('confirmed', 'attended')",
    )
    .bind(super::token::hash(token))
    .fetch_optional(db.pool())
    .await?;
    Ok(row)
}

/// The whole board of an edition.
pub async fn load(db: &Db, event_id: EventId) -> Result<Board, StoreError> {
    let mut conn = db.pool().acquire().await?;
    let c = &mut *conn;
    let public = sqlx::query_scalar::<_, i64>("SELECT public FROM board_settings WHERE event_id = $1")
        .bind(event_id)
        .fetch_optional(&mut *c)
        .await?
        == Some(1);
    let participants = sqlx::query("SELECT id, name, organisation, email FROM registrations WHERE event_id = $1 AND state IN ('confirmed', 'attended') ORDER BY name, id")
        .bind(event_id)
        .fetch_all(&mut *c)
        .await?
        .iter()
        .map(|r| Ok(Participant { registration_id: r.try_get("id")?, name: r.try_get("name")?, organisation: r.try_get("organisation")?, email: r.try_get("email")? }))
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let mut projects = Vec::new();
    for r in sqlx::query(
        "SELECT e.id AS entry_id, p.id AS project_id, p.name, p.url, p.forge, p.path, p.publisher, p.licence, p.description, \
         e.maintainers, e.added_by FROM board_entries e JOIN board_projects p ON p.id = e.project_id WHERE e.event_id = $1 ORDER BY e.id",
    )
    .bind(event_id)
    .fetch_all(&mut *c)
    .await?
    {
        let forge: String = r.try_get("forge")?;
        let project_id: i64 = r.try_get("project_id")?;
        let other_editions: Vec<String> = sqlx::query_scalar(
            "SELECT ev.title FROM board_entries e JOIN events ev ON ev.id = e.event_id \
             WHERE e.project_id = $1 AND e.event_id <> $2 ORDER BY ev.starts_at, ev.id",
        )
        .bind(project_id)
        .bind(event_id)
        .fetch_all(&mut *c)
        .await?;
        projects.push(Project {
            entry_id: r.try_get("entry_id")?,
            project_id,
            name: r.try_get("name")?,
            url: r.try_get("url")?,
            forge: Forge::parse(&forge).ok_or_else(|| StoreError::Corrupt(format!("forge {forge:?}")))?,
            path: r.try_get("path")?,
            publisher: r.try_get("publisher")?,
            licence: r.try_get("licence")?,
            description: r.try_get("description")?,
            maintainers: r.try_get("maintainers")?,
            added_by: r.try_get("added_by")?,
            other_editions,
        });
    }
    let mut objectives = Vec::new();
    for r in sqlx::query("SELECT id, entry_id, owner, title, estimate, status, link FROM board_objectives WHERE event_id = $1 ORDER BY id")
        .bind(event_id)
        .fetch_all(&mut *c)
        .await?
    {
        let estimate: String = r.try_get("estimate")?;
        let status: String = r.try_get("status")?;
        objectives.push(Objective {
            id: r.try_get("id")?,
            entry_id: r.try_get("entry_id")?,
            owner: r.try_get("owner")?,
            title: r.try_get("title")?,
            estimate: Estimate::parse(&estimate).ok_or_else(|| StoreError::Corrupt(format!("estimate {estimate:?}")))?,
            status: ObjectiveStatus::parse(&status).ok_or_else(|| StoreError::Corrupt(format!("status {status:?}")))?,
            link: r.try_get("link")?,
        });
    }
    let mut requests = Vec::new();
    for r in sqlx::query(
        "SELECT id, entry_id, owner, kind, title, details, skills, newcomers, priority, pinned, theme, is_open \
         FROM board_requests WHERE event_id = $1 ORDER BY id",
    )
    .bind(event_id)
    .fetch_all(&mut *c)
    .await?
    {
        let kind: String = r.try_get("kind")?;
        requests.push(HelpRequest {
            id: r.try_get("id")?,
            entry_id: r.try_get("entry_id")?,
            owner: r.try_get("owner")?,
            kind: RequestKind::parse(&kind).ok_or_else(|| StoreError::Corrupt(format!("kind {kind:?}")))?,
            title: r.try_get("title")?,
            details: r.try_get("details")?,
            skills: r.try_get("skills")?,
            newcomers: r.try_get::<i64, _>("newcomers")? == 1,
            priority: r.try_get("priority")?,
            pinned: r.try_get::<i64, _>("pinned")? == 1,
            theme: r.try_get("theme")?,
            open: r.try_get::<i64, _>("is_open")? == 1,
        });
    }
    let mut offers = Vec::new();
    for r in
        sqlx::query("SELECT id, request_id, helper, message, state FROM board_offers WHERE event_id = $1 ORDER BY id")
            .bind(event_id)
            .fetch_all(&mut *c)
            .await?
    {
        let state: String = r.try_get("state")?;
        offers.push(Offer {
            id: r.try_get("id")?,
            request_id: r.try_get("request_id")?,
            helper: r.try_get("helper")?,
            message: r.try_get("message")?,
            state: OfferState::parse(&state).ok_or_else(|| StoreError::Corrupt(format!("offer state {state:?}")))?,
        });
    }
    let talks = sqlx::query(
        "SELECT id, speaker, title, minutes, position FROM board_talks WHERE event_id = $1 ORDER BY position, id",
    )
    .bind(event_id)
    .fetch_all(&mut *c)
    .await?
    .iter()
    .map(|r| {
        Ok(Talk {
            id: r.try_get("id")?,
            speaker: r.try_get("speaker")?,
            title: r.try_get("title")?,
            minutes: r.try_get::<i64, _>("minutes")?.clamp(1, 60) as u8,
            position: r.try_get("position")?,
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let retros = sqlx::query(
        "SELECT participant, done, learned, links FROM board_retros WHERE event_id = $1 ORDER BY participant",
    )
    .bind(event_id)
    .fetch_all(&mut *c)
    .await?
    .iter()
    .map(|r| {
        let links: String = r.try_get("links")?;
        Ok(Retro {
            participant: r.try_get("participant")?,
            done: r.try_get("done")?,
            learned: r.try_get("learned")?,
            links: links.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect(),
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let moves = sqlx::query("SELECT at, actor, what FROM board_moves WHERE event_id = $1 ORDER BY id DESC LIMIT 200")
        .bind(event_id)
        .fetch_all(&mut *c)
        .await?
        .iter()
        .map(|r| Ok(Move { at: r.try_get("at")?, actor: r.try_get("actor")?, what: r.try_get("what")? }))
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(Board { public, participants, projects, objectives, requests, offers, talks, retros, moves })
}

pub(super) async fn log(
    tx: &mut AnyConnection,
    event_id: EventId,
    actor: Actor,
    what: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO board_moves (event_id, at, actor, what) VALUES ($1, $2, $3, $4)")
        .bind(event_id)
        .bind(now.as_second())
        .bind(actor.log_name())
        .bind(what)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Refuses a facilitator whose right is for another event than the board acted on (G1); a
/// participant's id was found on that board's event by the caller.
pub(super) fn check_actor(actor: Actor, event_id: EventId) -> Result<(), StoreError> {
    match actor {
        Actor::Facilitator(f) => super::ensure_same_event(f.right().event_id(), event_id),
        Actor::Participant(_) => Ok(()),
    }
}

/// Writes the audit entry of a facilitator's change (G4); a participant's change is in the
/// board's own log only, as before.
pub(super) async fn audit_facilitator(
    tx: &mut AnyConnection,
    actor: Actor,
    action: &str,
    details: serde_json::Value,
    now: Timestamp,
) -> Result<(), StoreError> {
    match actor {
        Actor::Facilitator(f) => audit::record_edit(tx, now, f.right(), action, details).await,
        Actor::Participant(_) => Ok(()),
    }
}

/// Checks that `entry_id` is on the board of `event_id`.
pub(super) async fn check_entry(tx: &mut AnyConnection, event_id: EventId, entry_id: i64) -> Result<(), StoreError> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM board_entries WHERE id = $1 AND event_id = $2")
        .bind(entry_id)
        .bind(event_id)
        .fetch_optional(&mut *tx)
        .await?;
    found.map(|_| ()).ok_or(StoreError::NotFound)
}
