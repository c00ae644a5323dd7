//! E1: repositories put on the board and the objectives set on them.

use super::{NewObjective, NewProject, audit_facilitator, check_actor, check_entry, log};
use crate::domain::board::{self as rules, Actor, ObjectiveStatus, Refusal};
use crate::domain::event::EventId;
use crate::store::{Db, StoreError};
use jiff::Timestamp;

/// Puts a repository on the board of `event_id` (E1). A repository already known from another
/// edition keeps its project, history and facts: what is given now only fills facts still
/// empty, so a participant of one edition cannot rename a project that other editions show
/// (issue 13). Returns the entry id.
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
    let existing: Option<(i64, String)> = sqlx::query_as("SELECT id, name FROM board_projects WHERE repo_key = $1")
        .bind(&p.repository.key)
        .fetch_optional(&mut *tx)
        .await?;
    let (project_id, name) = match existing {
        Some((id, known_name)) => {
            sqlx::query(
                "UPDATE board_projects SET \
                 publisher = CASE WHEN publisher = '' THEN $1 ELSE publisher END, \
                 licence = CASE WHEN licence = '' THEN $2 ELSE licence END, \
                 description = CASE WHEN description = '' THEN $3 ELSE description END, updated_at = $4 WHERE id = $5",
            )
            .bind(&p.publisher)
            .bind(&p.licence)
            .bind(&p.description)
            .bind(now.as_second())
            .bind(id)
            .execute(&mut *tx)
            .await?;
            (id, known_name)
        }
        None => {
            let id = sqlx::query_scalar(
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
            .await?;
            (id, name)
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
    if to == ObjectiveStatus::Done && current != ObjectiveStatus::Done {
        let data = serde_json::json!({ "objective": { "id": objective_id, "title": &title } });
        let ty = crate::domain::webhook::EventType::BoardObjectiveDone;
        let cause = format!("board_objective:{objective_id}:done:{}", now.as_second());
        crate::store::webhook::emit(&mut tx, Some(event_id), ty, &cause, data, now, now).await?;
    }
    tx.commit().await?;
    Ok(())
}
