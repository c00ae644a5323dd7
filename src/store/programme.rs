//! D1 D2 D3: the working draft of a programme and its releases, with the notices to the
//! speakers whose items changed (worded beforehand, in `mail::programme`); one transaction
//! per use case.
//!
//! The draft is stored as one JSON document per event and edited whole (the checks need every
//! item anyway). A release copies the draft into an immutable row with its change log against
//! the previous release; the public pages and the exports read only that latest release, so
//! nothing of the draft ever reaches them.

use super::message::{self, NewMessage};
use super::{Db, StoreError, audit, bump_content_version};
use crate::domain::account::EditRight;
use crate::domain::event::EventId;
use crate::domain::event::{Event, EventDates};
use crate::domain::programme::{
    self, Basis, Draft, ImportPlan, Invalid, Release, ReleaseLog, ReleaseOutcome, Warning, WordedNotice,
};
use jiff::Timestamp;
use jiff::civil::{Date, Time};
use sha2::Digest as _;
use sqlx::AnyConnection;

/// id, start_date, end_date, start_time, end_time of an event row.
type DatesRow = (i64, String, String, Option<String>, Option<String>);

/// Returns the id and dates of the event `key` names, or `NotFound`, whatever its status.
async fn event_row(conn: &mut AnyConnection, key: Key<'_>) -> Result<(EventId, EventDates), StoreError> {
    const SELECT: &str = "SELECT id, start_date, end_date, start_time, end_time FROM events";
    let row: Option<DatesRow> = match key {
        Key::Slug(slug) => {
            sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE slug = $1")))
                .bind(slug)
                .fetch_optional(&mut *conn)
                .await?
        }
        Key::Id(id) => {
            sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
                .bind(id)
                .fetch_optional(&mut *conn)
                .await?
        }
    };
    let (id, sd, ed, st, et) = row.ok_or(StoreError::NotFound)?;
    let date = |s: &str| s.parse::<Date>().map_err(|_| StoreError::Corrupt(format!("date {s:?}")));
    let time = |s: Option<String>| match s {
        Some(s) => s.parse::<Time>().map(Some).map_err(|_| StoreError::Corrupt(format!("time {s:?}"))),
        None => Ok(None),
    };
    let dates = EventDates { start_date: date(&sd)?, end_date: date(&ed)?, start_time: time(st)?, end_time: time(et)? };
    Ok((EventId::new(id), dates))
}

/// How `event_row` finds the event.
#[derive(Clone, Copy)]
enum Key<'a> {
    Slug(&'a str),
    Id(EventId),
}

/// Returns the event's id and dates, or `NotFound`, whatever its status.
async fn event_dates(conn: &mut AnyConnection, slug: &str) -> Result<(EventId, EventDates), StoreError> {
    event_row(conn, Key::Slug(slug)).await
}

/// Returns the dates of event `event_id`, or `NotFound`, whatever its status.
async fn dates_of(conn: &mut AnyConnection, event_id: EventId) -> Result<EventDates, StoreError> {
    Ok(event_row(conn, Key::Id(event_id)).await?.1)
}

async fn load_draft(conn: &mut AnyConnection, event_id: EventId) -> Result<Draft, StoreError> {
    let body: Option<String> = sqlx::query_scalar("SELECT body FROM programme_drafts WHERE event_id = $1")
        .bind(event_id)
        .fetch_optional(&mut *conn)
        .await?;
    match body {
        Some(b) => serde_json::from_str(&b)
            .map_err(|e| StoreError::Corrupt(format!("programme draft of event {event_id}: {e}"))),
        None => Ok(Draft::default()),
    }
}

async fn save_draft(
    conn: &mut AnyConnection,
    event_id: EventId,
    draft: &Draft,
    now: Timestamp,
) -> Result<(), StoreError> {
    let body = serde_json::to_string(draft).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    // An upsert both dialects accept (SQLite ≥ 3.24, PostgreSQL ≥ 9.5).
    sqlx::query(
        "INSERT INTO programme_drafts (event_id, body, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (event_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
    )
    .bind(event_id)
    .bind(body)
    .bind(now.as_second())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Returns the working draft of the event (empty when none was started), or `NotFound`.
/// For organisers only: the draft is never public.
pub async fn get_draft(db: &Db, slug: &str) -> Result<Draft, StoreError> {
    let mut conn = db.pool().acquire().await?;
    let (id, _) = event_dates(&mut conn, slug).await?;
    load_draft(&mut conn, id).await
}

/// D1 D2: applies `edit` to the draft of the right's event in one write transaction, stores
/// the result and writes one audit entry naming what was done (`what`: "programme.move_item"…);
/// a refusal of `edit` stores nothing. The public content does not change (the draft is not
/// public).
pub async fn edit_draft<T>(
    db: &Db,
    right: &EditRight,
    what: &str,
    now: Timestamp,
    edit: impl FnOnce(&mut Draft) -> Result<T, Invalid>,
) -> Result<T, StoreError> {
    edit_audited(db, right, what, now, |draft| Ok((edit(draft)?, serde_json::json!({})))).await
}

/// D1 (issue 19): `edit_draft` whose `edit` also returns the audit entry's details (the
/// title or name of what it changed, kept after a deletion).
pub async fn edit_draft_noted<T>(
    db: &Db,
    right: &EditRight,
    what: &str,
    now: Timestamp,
    edit: impl FnOnce(&mut Draft) -> Result<(T, serde_json::Value), Invalid>,
) -> Result<T, StoreError> {
    edit_audited(db, right, what, now, edit).await
}

/// D1: replaces the draft of the right's event with an import (`domain::programme::Draft::replace`),
/// audited as "programme.import" with the counts of rooms, tracks and items.
pub async fn import(db: &Db, right: &EditRight, plan: ImportPlan, now: Timestamp) -> Result<(), StoreError> {
    let details =
        serde_json::json!({ "rooms": plan.rooms.len(), "tracks": plan.tracks.len(), "items": plan.items.len() });
    edit_audited(db, right, "programme.import", now, |draft| Ok(((), draft.replace(plan).map(|()| details)?))).await
}

async fn edit_audited<T>(
    db: &Db,
    right: &EditRight,
    what: &str,
    now: Timestamp,
    edit: impl FnOnce(&mut Draft) -> Result<(T, serde_json::Value), Invalid>,
) -> Result<T, StoreError> {
    let event_id = right.event_id();
    let mut tx = db.begin_write().await?;
    let mut draft = load_draft(&mut tx, event_id).await?;
    let (value, details) = edit(&mut draft)?;
    save_draft(&mut tx, event_id, &draft, now).await?;
    audit::record_edit(&mut tx, now, right, what, details).await?;
    tx.commit().await?;
    Ok(value)
}

/// Runs the checks of D2 on the draft.
pub async fn check_draft(db: &Db, slug: &str) -> Result<Vec<Warning>, StoreError> {
    let mut conn = db.pool().acquire().await?;
    let (id, dates) = event_dates(&mut conn, slug).await?;
    let sessions = super::event::sessions_of(&mut conn, id).await?;
    let draft = load_draft(&mut conn, id).await?;
    Ok(programme::check(&draft.programme, &dates, &sessions))
}

/// D3: reads what a release of the right's event would be computed from, so that its notices
/// can be worded before the release's transaction (see [`release`]).
pub async fn release_basis(db: &Db, right: &EditRight) -> Result<Basis, StoreError> {
    let mut conn = db.pool().acquire().await?;
    let draft = load_draft(&mut conn, right.event_id()).await?;
    let previous = latest(&mut conn, right.event_id()).await?;
    Ok(Basis { draft, previous })
}

/// D3: freezes the draft of the right's event as the next numbered release, with its change
/// log against the previous release, in one transaction audited as "programme.release". When
/// the checks find problems it writes nothing and returns them, unless `override_warnings` is
/// set; the override is recorded with the release.
///
/// With `notices` (worded from a [`release_basis`]), the same transaction queues one message
/// per notice, so a release that rolls back mails nobody and a release mails each speaker at
/// most once. It refuses (`ChangedMeanwhile`) when the draft or the releases changed since
/// the basis was read: the notices would then tell something else than what is released.
pub async fn release(
    db: &Db,
    right: &EditRight,
    name: &str,
    override_warnings: bool,
    notices: Option<(&Basis, &[WordedNotice])>,
    now: Timestamp,
) -> Result<ReleaseOutcome, StoreError> {
    let name = programme::parse_release_name(name)?;
    let id = right.event_id();
    let mut tx = db.begin_write().await?;
    let dates = dates_of(&mut tx, id).await?;
    let mut draft = load_draft(&mut tx, id).await?;
    let previous = latest(&mut tx, id).await?;
    if let Some((basis, _)) = notices
        && !basis.holds(&draft, previous.as_ref().map(|r| r.number))
    {
        return Err(Invalid::ChangedMeanwhile.into());
    }
    draft.programme.sort();
    let sessions = super::event::sessions_of(&mut tx, id).await?;
    let warnings = programme::check(&draft.programme, &dates, &sessions);
    if !warnings.is_empty() && !override_warnings {
        return Ok(ReleaseOutcome::Blocked(warnings));
    }
    let changes = programme::changes(previous.as_ref().map(|r| &r.programme), &draft.programme);
    let number = previous.as_ref().map_or(1, |r| r.number + 1);
    let release = Release {
        number,
        name,
        released_at: now,
        programme: draft.programme,
        changes,
        overridden: !warnings.is_empty(),
        warnings,
    };
    sqlx::query(
        "INSERT INTO programme_releases (event_id, number, name, released_at, programme, changes, \
         warnings, overridden) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id)
    .bind(number)
    .bind(&release.name)
    .bind(now.as_second())
    .bind(json(&release.programme)?)
    .bind(json(&release.changes)?)
    .bind(json(&release.warnings)?)
    .bind(i64::from(release.overridden))
    .execute(&mut *tx)
    .await?;
    if let Some((_, worded)) = notices {
        queue_notices(&mut tx, id, number, worded, now).await?;
    }
    let data = serde_json::json!({ "release": { "number": number, "name": &release.name } });
    let ty = crate::domain::webhook::EventType::ProgrammeReleased;
    super::webhook::emit(&mut tx, Some(id), ty, &format!("programme:{id}:release:{number}"), data, now, now).await?;
    audit::record_edit(
        &mut tx,
        now,
        right,
        "programme.release",
        serde_json::json!({ "number": number, "name": &release.name, "overridden": release.overridden }),
    )
    .await?;
    bump_content_version(&mut tx).await?;
    tx.commit().await?;
    Ok(ReleaseOutcome::Released(release))
}

async fn queue_notices(
    conn: &mut AnyConnection,
    event_id: EventId,
    number: i64,
    worded: &[WordedNotice],
    now: Timestamp,
) -> Result<(), StoreError> {
    for notice in worded {
        // Keyed by release and address: a retried release never mails twice.
        let digest = sha2::Sha256::digest(notice.email.as_bytes());
        let key: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        message::enqueue(
            conn,
            &NewMessage::composed(
                format!("programme:{event_id}:release:{number}:{key}"),
                Some(event_id),
                "programme_changed",
                &notice.email,
                notice.message.clone(),
            ),
            now,
        )
        .await?;
    }
    Ok(())
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}

type ReleaseRow = (i64, String, i64, String, String, String, i64);

fn release_from_row(row: ReleaseRow) -> Result<Release, StoreError> {
    let (number, name, released_at, programme, changes, warnings, overridden) = row;
    let bad = |what: &str, e: serde_json::Error| StoreError::Corrupt(format!("release {number} {what}: {e}"));
    Ok(Release {
        number,
        name,
        released_at: Timestamp::from_second(released_at)
            .map_err(|_| StoreError::Corrupt(format!("released_at {released_at}")))?,
        programme: serde_json::from_str(&programme).map_err(|e| bad("programme", e))?,
        changes: serde_json::from_str(&changes).map_err(|e| bad("changes", e))?,
        warnings: serde_json::from_str(&warnings).map_err(|e| bad("warnings", e))?,
        overridden: overridden != 0,
    })
}

async fn latest(conn: &mut AnyConnection, event_id: EventId) -> Result<Option<Release>, StoreError> {
    let row: Option<ReleaseRow> = sqlx::query_as(
        "SELECT number, name, released_at, programme, changes, warnings, overridden \
         FROM programme_releases WHERE event_id = $1 ORDER BY number DESC LIMIT 1",
    )
    .bind(event_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(release_from_row).transpose()
}

/// Returns the published event and its latest release, or `NotFound` when the event is not
/// published or has no release yet. This is all the public and the exports ever read.
pub async fn get_public(db: &Db, slug: &str) -> Result<(Event, Release), StoreError> {
    let event = super::event::get_published(db, slug).await?;
    let mut conn = db.pool().acquire().await?;
    let release = latest(&mut conn, event.id).await?.ok_or(StoreError::NotFound)?;
    Ok((event, release))
}

/// Returns every release of a published event, newest first, without their programmes,
/// or `NotFound` when the event is not published or has none.
pub async fn list_public_releases(db: &Db, slug: &str) -> Result<(Event, Vec<ReleaseLog>), StoreError> {
    let event = super::event::get_published(db, slug).await?;
    let rows: Vec<(i64, String, i64, String, i64)> = sqlx::query_as(
        "SELECT number, name, released_at, changes, overridden FROM programme_releases \
         WHERE event_id = $1 ORDER BY number DESC",
    )
    .bind(event.id)
    .fetch_all(db.pool())
    .await?;
    if rows.is_empty() {
        return Err(StoreError::NotFound);
    }
    let logs = rows
        .into_iter()
        .map(|(number, name, released_at, changes, overridden)| {
            Ok(ReleaseLog {
                number,
                name,
                released_at: Timestamp::from_second(released_at)
                    .map_err(|_| StoreError::Corrupt(format!("released_at {released_at}")))?,
                changes: serde_json::from_str(&changes)
                    .map_err(|e| StoreError::Corrupt(format!("release {number} changes: {e}")))?,
                overridden: overridden != 0,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok((event, logs))
}

/// True when the published event has at least one release (the event page links to it).
pub async fn has_public_release(db: &Db, event_id: EventId) -> Result<bool, StoreError> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM programme_releases WHERE event_id = $1")
        .bind(event_id)
        .fetch_one(db.pool())
        .await?;
    Ok(n > 0)
}

/// The number and name of the event's latest release, or `None` before the first one.
pub async fn latest_release_name(db: &Db, event_id: EventId) -> Result<Option<(i64, String)>, StoreError> {
    Ok(sqlx::query_as("SELECT number, name FROM programme_releases WHERE event_id = $1 ORDER BY number DESC LIMIT 1")
        .bind(event_id)
        .fetch_optional(db.pool())
        .await?)
}

/// D3 (issue 19): whether the draft of `event_id` differs from its latest release, or `None`
/// when nothing was released yet.
pub async fn draft_differs(db: &Db, event_id: EventId) -> Result<Option<bool>, StoreError> {
    let mut conn = db.pool().acquire().await?;
    let Some(release) = latest(&mut conn, event_id).await? else { return Ok(None) };
    let draft = load_draft(&mut conn, event_id).await?;
    Ok(Some(draft.programme != release.programme))
}
