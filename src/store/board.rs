//! E1 E2 E3 E4 E5: the garagethon board's SQL. [`load`] reads an edition's whole board at
//! once (a board holds hundreds of rows, not millions); every change is one transaction that
//! checks the domain rule, writes, and logs the move.

use super::{Db, StoreError, audit};
use crate::domain::account::EditRight;
use crate::domain::board::{
    self as rules, Actor, Board, Estimate, HelpRequest, Move, Objective, ObjectiveStatus, Offer, OfferAction,
    OfferState, Participant, Project, Refusal, RequestKind, Retro, Talk,
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

async fn log(
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
fn check_actor(actor: Actor, event_id: EventId) -> Result<(), StoreError> {
    match actor {
        Actor::Facilitator(f) => super::ensure_same_event(f.right().event_id(), event_id),
        Actor::Participant(_) => Ok(()),
    }
}

/// Writes the audit entry of a facilitator's change (G4); a participant's change is in the
/// board's own log only, as before.
async fn audit_facilitator(
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
async fn check_entry(tx: &mut AnyConnection, event_id: EventId, entry_id: i64) -> Result<(), StoreError> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM board_entries WHERE id = $1 AND event_id = $2")
        .bind(entry_id)
        .bind(event_id)
        .fetch_optional(&mut *tx)
        .await?;
    found.map(|_| ()).ok_or(StoreError::NotFound)
}

/// Puts a repository on the board of `event_id` (E1). A repository already known from another
/// edition keeps its project (and history); descriptions given now replace the old ones.
/// Returns the entry id.
pub async fn add_project(
    db: &Db,
    event_id: EventId,
    by: i64,
    p: &NewProject,
    now: Timestamp,
) -> Result<i64, StoreError> {
    let mut tx = db.begin_write().await?;
    let name = p.name.clone().unwrap_or_else(|| {
        p.repository
            .path
            .as_deref()
            .unwrap_or(&p.repository.key)
            .rsplit('/')
            .next()
            .unwrap_or("projet")
            .trim_start_matches('~')
            .to_owned()
    });
    let existing: Option<i64> = sqlx::query_scalar("SELECT id FROM board_projects WHERE repo_key = $1")
        .bind(&p.repository.key)
        .fetch_optional(&mut *tx)
        .await?;
    let project_id = match existing {
        Some(id) => {
            sqlx::query(
                "UPDATE board_projects SET name = $1, \
                 publisher = CASE WHEN $2 = '' THEN publisher ELSE $2 END, \
                 licence = CASE WHEN $3 = '' THEN licence ELSE $3 END, \
                 description = CASE WHEN $4 = '' THEN description ELSE $4 END, updated_at = $5 WHERE id = $6",
            )
            .bind(&name)
            .bind(&p.publisher)
            .bind(&p.licence)
            .bind(&p.description)
            .bind(now.as_second())
            .bind(id)
            .execute(&mut *tx)
            .await?;
            id
        }
        None => {
            sqlx::query_scalar(
                "INSERT INTO board_projects (repo_key, url, forge, path, name, publisher, licence, description, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
            )
            .bind(&p.repository.key)
            .bind(&p.repository.url)
            .bind(p.repository.forge.as_str())
            .bind(p.repository.path.as_deref())
            .bind(&name)
            .bind(&p.publisher)
            .bind(&p.licence)
            .bind(&p.description)
            .bind(now.as_second())
            .fetch_one(&mut *tx)
            .await?
        }
    };
    let listed: Option<i64> =
        sqlx::query_scalar("SELECT id FROM board_entries WHERE event_id = $1 AND project_id = $2")
            .bind(event_id)
            .bind(project_id)
            .fetch_optional(&mut *tx)
            .await?;
    if listed.is_some() {
        return Err(Refusal::ProjectAlreadyListed.into());
    }
    let entry_id: i64 = sqlx::query_scalar("INSERT INTO board_entries (event_id, project_id, added_by, maintainers, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .bind(event_id)
        .bind(project_id)
        .bind(by)
        .bind(&p.maintainers)
        .bind(now.as_second())
        .fetch_one(&mut *tx)
        .await?;
    log(&mut tx, event_id, Actor::Participant(by), &format!("a ajouté le projet {name}"), now).await?;
    tx.commit().await?;
    Ok(entry_id)
}

/// Adds an objective owned by `owner` (E1). Returns its id.
pub async fn add_objective(
    db: &Db,
    event_id: EventId,
    owner: i64,
    o: &NewObjective,
    now: Timestamp,
) -> Result<i64, StoreError> {
    let mut tx = db.begin_write().await?;
    check_entry(&mut tx, event_id, o.entry_id).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO board_objectives (event_id, entry_id, owner, title, estimate, status, link, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, 'proposed', $6, $7, $7) RETURNING id",
    )
    .bind(event_id)
    .bind(o.entry_id)
    .bind(owner)
    .bind(&o.title)
    .bind(o.estimate.as_str())
    .bind(o.link.as_deref())
    .bind(now.as_second())
    .fetch_one(&mut *tx)
    .await?;
    log(&mut tx, event_id, Actor::Participant(owner), &format!("a proposé l'objectif « {} »", o.title), now).await?;
    tx.commit().await?;
    Ok(id)
}

/// Moves an objective to `status`, and sets its link when one is given. Only its owner and
/// facilitators may (E3).
pub async fn set_objective_status(
    db: &Db,
    event_id: EventId,
    actor: Actor,
    objective_id: i64,
    status: ObjectiveStatus,
    link: Option<&str>,
    now: Timestamp,
) -> Result<(), StoreError> {
    check_actor(actor, event_id)?;
    let mut tx = db.begin_write().await?;
    let row: Option<(i64, String, String)> =
        sqlx::query_as("SELECT owner, status, title FROM board_objectives WHERE id = $1 AND event_id = $2")
            .bind(objective_id)
            .bind(event_id)
            .fetch_optional(&mut *tx)
            .await?;
    let (owner, current, title) = row.ok_or(StoreError::NotFound)?;
    rules::may_edit(actor, owner)?;
    let current = ObjectiveStatus::parse(&current).ok_or_else(|| StoreError::Corrupt(format!("status {current:?}")))?;
    // A new link alone (same status) is an edit, not a move.
    let to = match current.move_to(status) {
        Ok(to) => to,
        Err(Refusal::SameStatus) if link.is_some() => current,
        Err(r) => return Err(r.into()),
    };
    sqlx::query("UPDATE board_objectives SET status = $1, link = COALESCE($2, link), updated_at = $3 WHERE id = $4")
        .bind(to.as_str())
        .bind(link)
        .bind(now.as_second())
        .bind(objective_id)
        .execute(&mut *tx)
        .await?;
    log(&mut tx, event_id, actor, &format!("a passé l'objectif « {title} » à « {} »", to.label_fr()), now).await?;
    let details = serde_json::json!({ "objective": objective_id, "status": to.as_str() });
    audit_facilitator(&mut tx, actor, "board.objective_status", details, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Adds a help request owned by `owner` (E2). Returns its id.
pub async fn add_request(
    db: &Db,
    event_id: EventId,
    owner: i64,
    r: &NewRequest,
    now: Timestamp,
) -> Result<i64, StoreError> {
    let mut tx = db.begin_write().await?;
    check_entry(&mut tx, event_id, r.entry_id).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO board_requests (event_id, entry_id, owner, kind, title, details, skills, newcomers, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
    )
    .bind(event_id)
    .bind(r.entry_id)
    .bind(owner)
    .bind(r.kind.as_str())
    .bind(&r.title)
    .bind(&r.details)
    .bind(&r.skills)
    .bind(i64::from(r.newcomers))
    .bind(now.as_second())
    .fetch_one(&mut *tx)
    .await?;
    log(&mut tx, event_id, Actor::Participant(owner), &format!("a demandé de l'aide : « {} »", r.title), now).await?;
    tx.commit().await?;
    Ok(id)
}

/// Closes or reopens a help request; its owner or a facilitator only.
pub async fn set_request_open(
    db: &Db,
    event_id: EventId,
    actor: Actor,
    request_id: i64,
    open: bool,
    now: Timestamp,
) -> Result<(), StoreError> {
    check_actor(actor, event_id)?;
    let mut tx = db.begin_write().await?;
    let (owner, title) = request_owner(&mut tx, event_id, request_id).await?;
    rules::may_edit(actor, owner)?;
    sqlx::query("UPDATE board_requests SET is_open = $1, updated_at = $2 WHERE id = $3")
        .bind(i64::from(open))
        .bind(now.as_second())
        .bind(request_id)
        .execute(&mut *tx)
        .await?;
    let what =
        if open { format!("a rouvert la demande « {title} »") } else { format!("a clos la demande « {title} »") };
    log(&mut tx, event_id, actor, &what, now).await?;
    let details = serde_json::json!({ "request": request_id, "open": open });
    audit_facilitator(&mut tx, actor, "board.request_open", details, now).await?;
    tx.commit().await?;
    Ok(())
}

async fn request_owner(
    tx: &mut AnyConnection,
    event_id: EventId,
    request_id: i64,
) -> Result<(i64, String), StoreError> {
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT owner, title FROM board_requests WHERE id = $1 AND event_id = $2")
            .bind(request_id)
            .bind(event_id)
            .fetch_optional(&mut *tx)
            .await?;
    row.ok_or(StoreError::NotFound)
}

/// Facilitators order, pin and group a request (E3), audited as "board.prioritise".
pub async fn prioritise(
    db: &Db,
    right: &EditRight,
    request_id: i64,
    p: &Priority,
    now: Timestamp,
) -> Result<(), StoreError> {
    let event_id = right.event_id();
    let mut tx = db.begin_write().await?;
    let (_, title) = request_owner(&mut tx, event_id, request_id).await?;
    sqlx::query("UPDATE board_requests SET priority = $1, pinned = $2, theme = $3, updated_at = $4 WHERE id = $5")
        .bind(p.priority)
        .bind(i64::from(p.pinned))
        .bind(&p.theme)
        .bind(now.as_second())
        .bind(request_id)
        .execute(&mut *tx)
        .await?;
    let priority = p.priority.map(|n| format!("priorité {n}")).unwrap_or_else(|| "sans priorité".into());
    let pinned = if p.pinned { ", épinglée" } else { "" };
    let theme = if p.theme.is_empty() { String::new() } else { format!(", thème « {} »", p.theme) };
    log(
        &mut tx,
        event_id,
        Actor::facilitator(right),
        &format!("a classé la demande « {title} » : {priority}{pinned}{theme}"),
        now,
    )
    .await?;
    audit::record_edit(&mut tx, now, right, "board.prioritise", serde_json::json!({ "request": request_id })).await?;
    tx.commit().await?;
    Ok(())
}

/// `helper` offers help on a request (E2). Returns the offer's id.
pub async fn offer_help(
    db: &Db,
    event_id: EventId,
    helper: i64,
    request_id: i64,
    message: &str,
    now: Timestamp,
) -> Result<i64, StoreError> {
    let mut tx = db.begin_write().await?;
    let row: Option<(i64, i64, String)> =
        sqlx::query_as("SELECT owner, is_open, title FROM board_requests WHERE id = $1 AND event_id = $2")
            .bind(request_id)
            .bind(event_id)
            .fetch_optional(&mut *tx)
            .await?;
    let (owner, open, title) = row.ok_or(StoreError::NotFound)?;
    rules::may_offer(helper, owner, open == 1)?;
    let previous: Option<(i64, String)> =
        sqlx::query_as("SELECT id, state FROM board_offers WHERE request_id = $1 AND helper = $2")
            .bind(request_id)
            .bind(helper)
            .fetch_optional(&mut *tx)
            .await?;
    let id = match previous {
        // A withdrawn offer may be made again; any other is already there.
        Some((id, state)) if state == OfferState::Withdrawn.as_str() => {
            sqlx::query("UPDATE board_offers SET state = 'offered', message = $1, updated_at = $2 WHERE id = $3")
                .bind(message)
                .bind(now.as_second())
                .bind(id)
                .execute(&mut *tx)
                .await?;
            id
        }
        Some(_) => return Err(Refusal::AlreadyOffered.into()),
        None => {
            sqlx::query_scalar(
                "INSERT INTO board_offers (event_id, request_id, helper, message, state, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, 'offered', $5, $5) RETURNING id",
            )
            .bind(event_id)
            .bind(request_id)
            .bind(helper)
            .bind(message)
            .bind(now.as_second())
            .fetch_one(&mut *tx)
            .await?
        }
    };
    log(&mut tx, event_id, Actor::Participant(helper), &format!("propose son aide sur « {title} »"), now).await?;
    tx.commit().await?;
    Ok(id)
}

/// Accepts, declines or withdraws an offer, by the rules of `domain::board::apply_offer`.
pub async fn act_on_offer(
    db: &Db,
    event_id: EventId,
    actor: Actor,
    offer_id: i64,
    action: OfferAction,
    now: Timestamp,
) -> Result<OfferState, StoreError> {
    check_actor(actor, event_id)?;
    let mut tx = db.begin_write().await?;
    let row: Option<(String, i64, i64, String)> = sqlx::query_as(
        "SELECT o.state, o.helper, r.owner, r.title FROM board_offers o JOIN board_requests r ON r.id = o.request_id \
         WHERE o.id = $1 AND o.event_id = $2",
    )
    .bind(offer_id)
    .bind(event_id)
    .fetch_optional(&mut *tx)
    .await?;
    let (state, helper, owner, title) = row.ok_or(StoreError::NotFound)?;
    let state = OfferState::parse(&state).ok_or_else(|| StoreError::Corrupt(format!("offer state {state:?}")))?;
    let to = rules::apply_offer(state, action, actor, owner, helper)?;
    sqlx::query("UPDATE board_offers SET state = $1, updated_at = $2 WHERE id = $3")
        .bind(to.as_str())
        .bind(now.as_second())
        .bind(offer_id)
        .execute(&mut *tx)
        .await?;
    let what = match to {
        OfferState::Accepted => format!("a accepté une aide sur « {title} »"),
        OfferState::Declined => format!("a décliné une aide sur « {title} »"),
        _ => format!("a retiré son aide sur « {title} »"),
    };
    log(&mut tx, event_id, actor, &what, now).await?;
    let details = serde_json::json!({ "offer": offer_id, "state": to.as_str() });
    audit_facilitator(&mut tx, actor, "board.offer", details, now).await?;
    tx.commit().await?;
    Ok(to)
}

/// Signs `speaker` up for a lightning talk at the end of the list (E4).
pub async fn sign_up_talk(
    db: &Db,
    event_id: EventId,
    speaker: i64,
    title: &str,
    minutes: u8,
    now: Timestamp,
) -> Result<i64, StoreError> {
    let mut tx = db.begin_write().await?;
    let existing: Option<i64> = sqlx::query_scalar("SELECT id FROM board_talks WHERE event_id = $1 AND speaker = $2")
        .bind(event_id)
        .bind(speaker)
        .fetch_optional(&mut *tx)
        .await?;
    if existing.is_some() {
        return Err(Refusal::AlreadySignedUp.into());
    }
    let last: Option<i64> = sqlx::query_scalar("SELECT MAX(position) FROM board_talks WHERE event_id = $1")
        .bind(event_id)
        .fetch_one(&mut *tx)
        .await?;
    let id: i64 = sqlx::query_scalar("INSERT INTO board_talks (event_id, speaker, title, minutes, position, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
        .bind(event_id)
        .bind(speaker)
        .bind(title)
        .bind(i64::from(minutes))
        .bind(last.unwrap_or(0) + 1)
        .bind(now.as_second())
        .fetch_one(&mut *tx)
        .await?;
    log(
        &mut tx,
        event_id,
        Actor::Participant(speaker),
        &format!("s'est inscrit pour une présentation éclair : « {title} »"),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Removes a lightning talk; its speaker or a facilitator only.
pub async fn withdraw_talk(
    db: &Db,
    event_id: EventId,
    actor: Actor,
    talk_id: i64,
    now: Timestamp,
) -> Result<(), StoreError> {
    check_actor(actor, event_id)?;
    let mut tx = db.begin_write().await?;
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT speaker, title FROM board_talks WHERE id = $1 AND event_id = $2")
            .bind(talk_id)
            .bind(event_id)
            .fetch_optional(&mut *tx)
            .await?;
    let (speaker, title) = row.ok_or(StoreError::NotFound)?;
    rules::may_edit(actor, speaker)?;
    sqlx::query("DELETE FROM board_talks WHERE id = $1").bind(talk_id).execute(&mut *tx).await?;
    log(&mut tx, event_id, actor, &format!("a retiré la présentation éclair « {title} »"), now).await?;
    audit_facilitator(&mut tx, actor, "board.withdraw_talk", serde_json::json!({ "talk": talk_id }), now).await?;
    tx.commit().await?;
    Ok(())
}

/// Moves a talk one place up (`-1`) or down (`+1`) in the running order (E4), audited as
/// "board.move_talk".
pub async fn move_talk(db: &Db, right: &EditRight, talk_id: i64, delta: i64, now: Timestamp) -> Result<(), StoreError> {
    let event_id = right.event_id();
    let mut tx = db.begin_write().await?;
    let ids: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, title FROM board_talks WHERE event_id = $1 ORDER BY position, id")
            .bind(event_id)
            .fetch_all(&mut *tx)
            .await?;
    let at = ids.iter().position(|(id, _)| *id == talk_id).ok_or(StoreError::NotFound)?;
    let to = at as i64 + delta.signum();
    if to < 0 || to >= ids.len() as i64 {
        return Err(Refusal::Transition.into());
    }
    let mut order = ids.clone();
    order.swap(at, to as usize);
    // Positions are rewritten 1..n: the order stays dense whatever was withdrawn.
    for (i, (id, _)) in order.iter().enumerate() {
        sqlx::query("UPDATE board_talks SET position = $1 WHERE id = $2")
            .bind(i as i64 + 1)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    log(
        &mut tx,
        event_id,
        Actor::facilitator(right),
        &format!("a déplacé la présentation éclair « {} »", ids[at].1),
        now,
    )
    .await?;
    let details = serde_json::json!({ "talk": talk_id, "delta": delta.signum() });
    audit::record_edit(&mut tx, now, right, "board.move_talk", details).await?;
    tx.commit().await?;
    Ok(())
}

/// Records what `participant` did and learned (E4); replaces their previous answer.
pub async fn save_retro(
    db: &Db,
    event_id: EventId,
    participant: i64,
    done: &str,
    learned: &str,
    links: &[String],
    now: Timestamp,
) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO board_retros (event_id, participant, done, learned, links, updated_at) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (event_id, participant) DO UPDATE SET done = excluded.done, learned = excluded.learned, \
         links = excluded.links, updated_at = excluded.updated_at",
    )
    .bind(event_id)
    .bind(participant)
    .bind(done)
    .bind(learned)
    .bind(links.join("\n"))
    .bind(now.as_second())
    .execute(&mut *tx)
    .await?;
    log(&mut tx, event_id, Actor::Participant(participant), "a rempli son bilan", now).await?;
    tx.commit().await?;
    Ok(())
}
