//! A1 A2 A3: storing, reading and importing events, their tags and links.

use super::message::NewMessage;
use super::{Conflict, Db, StoreError, bump_content_version};
use crate::domain::event::EventId;
use crate::domain::event::{
    Event, EventDates, EventDraft, EventKind, EventLink, EventStatus, Image, Session, Slug, Venue,
};
use crate::domain::message::{Hole, LangDrafts};
use crate::domain::registration::State;
use jiff::Timestamp;
use jiff::civil::{Date, Time};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use std::collections::HashMap;

const COLUMNS: &str = "id, slug, title, summary, title_en, summary_en, body_md, kind, start_date, end_date, start_time, \
    end_time, venue_name, venue_address, venue_room, venue_osm_url, audience, image_path, \
    image_alt, image_hidden, contact_email, status, published_on, created_at, updated_at";

/// Returns the event with this slug that its public page shows: published or cancelled
/// (issue 19: a cancelled event says so), or `NotFound`.
pub async fn get_public(db: &Db, slug: &str) -> Result<Event, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM events WHERE slug = $1 AND status IN ('published', 'cancelled')");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(slug).fetch_optional(db.pool()).await?;
    let Some(row) = row else { return Err(StoreError::NotFound) };
    let mut events = vec![event_from_row(&row)?];
    attach_parts(db, &mut events).await?;
    Ok(events.pop().expect("one event"))
}

/// Returns the published event with this slug, or `NotFound` (drafts are never public, and a
/// cancelled event takes neither registrations nor proposals).
pub async fn get_published(db: &Db, slug: &str) -> Result<Event, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM events WHERE slug = $1 AND status = 'published'");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(slug).fetch_optional(db.pool()).await?;
    let Some(row) = row else { return Err(StoreError::NotFound) };
    let mut events = vec![event_from_row(&row)?];
    attach_parts(db, &mut events).await?;
    Ok(events.pop().expect("one event"))
}

/// Returns the event with this slug whatever its status, or `None`.
pub async fn find_by_slug(db: &Db, slug: &str) -> Result<Option<Event>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM events WHERE slug = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(slug).fetch_optional(db.pool()).await?;
    let Some(row) = row else { return Ok(None) };
    let mut events = vec![event_from_row(&row)?];
    attach_parts(db, &mut events).await?;
    Ok(events.pop())
}

/// Returns the event with this id whatever its status, or `None`.
pub async fn find_by_id(db: &Db, id: EventId) -> Result<Option<Event>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM events WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(db.pool()).await?;
    let Some(row) = row else { return Ok(None) };
    let mut events = vec![event_from_row(&row)?];
    attach_parts(db, &mut events).await?;
    Ok(events.pop())
}

/// Returns every published event, earliest first, with tags and links.
pub async fn list_published(db: &Db) -> Result<Vec<Event>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM events WHERE status = 'published' ORDER BY starts_at, id");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(db.pool()).await?;
    let mut events = rows.iter().map(event_from_row).collect::<Result<Vec<_>, _>>()?;
    attach_parts(db, &mut events).await?;
    Ok(events)
}

/// Counts events whatever their status.
pub async fn count(db: &Db) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM events").fetch_one(db.pool()).await?)
}

/// Creates an event; refuses a slug already taken.
pub async fn create(db: &Db, draft: &EventDraft, now: Timestamp) -> Result<Event, StoreError> {
    let mut tx = db.begin_write().await?;
    let id = insert(&mut tx, draft, None, now).await?;
    bump_content_version(&mut tx).await?;
    tx.commit().await?;
    Ok(Event { id, draft: draft.clone(), created_at: now, updated_at: now })
}

/// What an import did with one post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportOutcome {
    /// A new event, under this slug (the derived one, or with a suffix when it was taken).
    Created(Slug),
    /// The source file changed since the last import; its event was rewritten.
    Updated(Slug),
    /// Same source file, same bytes: nothing written.
    Unchanged(Slug),
}

/// Creates or updates the event that came from `source_path`, keyed by that path so that
/// importing a folder twice changes nothing; an unchanged hash writes nothing at all.
/// An event keeps the slug it was created with (links to it must not break); a new event
/// whose slug is taken gets the first free `-2`, `-3`… suffix.
pub async fn import(
    db: &Db,
    source_path: &str,
    source_hash: &str,
    draft: &EventDraft,
    now: Timestamp,
) -> Result<ImportOutcome, StoreError> {
    let mut tx = db.begin_write().await?;
    let existing: Option<(EventId, String, Option<String>)> =
        sqlx::query_as("SELECT id, slug, source_hash FROM events WHERE source_path = $1")
            .bind(source_path)
            .fetch_optional(&mut *tx)
            .await?;
    let outcome = match existing {
        Some((_, slug, Some(hash))) if hash == source_hash => {
            return Ok(ImportOutcome::Unchanged(Slug::parse(&slug).map_err(|_| corrupt("slug", &slug))?));
        }
        Some((id, slug, _)) => {
            let slug = Slug::parse(&slug).map_err(|_| corrupt("slug", &slug))?;
            let kept = EventDraft { slug: slug.clone(), ..draft.clone() };
            update_row(&mut tx, id, &kept, now).await?;
            sqlx::query("UPDATE events SET source_hash = $1 WHERE id = $2")
                .bind(source_hash)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            ImportOutcome::Updated(slug)
        }
        None => {
            let slug = free_slug(&mut tx, &draft.slug).await?;
            let fresh = EventDraft { slug: slug.clone(), ..draft.clone() };
            insert(&mut tx, &fresh, Some((source_path, source_hash)), now).await?;
            ImportOutcome::Created(slug)
        }
    };
    bump_content_version(&mut tx).await?;
    tx.commit().await?;
    Ok(outcome)
}

/// Returns `wanted` if no event uses it, else the first free `wanted-2`, `wanted-3`…
/// Checked by reading, not by catching a unique violation: on PostgreSQL a failed statement
/// aborts the whole transaction.
async fn free_slug(conn: &mut AnyConnection, wanted: &Slug) -> Result<Slug, StoreError> {
    for n in 1..1000 {
        let candidate = if n == 1 {
            wanted.clone()
        } else {
            let base = wanted.as_str();
            let base = &base[..base.len().min(110)];
            Slug::parse(&format!("{}-{n}", base.trim_end_matches('-'))).map_err(|_| corrupt("slug", base))?
        };
        let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM events WHERE slug = $1")
            .bind(candidate.as_str())
            .fetch_optional(&mut *conn)
            .await?;
        if taken.is_none() {
            return Ok(candidate);
        }
    }
    Err(StoreError::Conflict(Conflict::SlugTaken))
}

async fn insert(
    conn: &mut AnyConnection,
    d: &EventDraft,
    source: Option<(&str, &str)>,
    now: Timestamp,
) -> Result<EventId, StoreError> {
    let insert = sqlx::query(
        "INSERT INTO events (slug, title, summary, body_md, kind, start_date, end_date, \
         start_time, end_time, starts_at, ends_at, venue_name, venue_address, venue_room, \
         venue_osm_url, audience, image_path, image_alt, image_hidden, contact_email, status, \
         published_on, title_en, summary_en, source_path, source_hash, created_at, updated_at) VALUES \
         ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, \
         $20, $21, $22, $23, $24, $25, $26, $27, $27) RETURNING id",
    );
    let row = bind_draft(insert, d)
        .bind(source.map(|s| s.0))
        .bind(source.map(|s| s.1))
        .bind(now.as_second())
        .fetch_one(&mut *conn)
        .await
        .map_err(slug_conflict)?;
    let id: EventId = row.try_get(0)?;
    write_parts(conn, id, d).await?;
    Ok(id)
}

/// Binds the 24 columns of a draft as `$1`…`$24`, in the order `insert` and `update_row` name them.
fn bind_draft<'q>(
    q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    d: &'q EventDraft,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    q.bind(d.slug.as_str())
        .bind(&d.title)
        .bind(&d.summary)
        .bind(&d.body_md)
        .bind(d.kind.as_str())
        .bind(d.dates.start_date.to_string())
        .bind(d.dates.end_date.to_string())
        .bind(d.dates.start_time.map(fmt_time))
        .bind(d.dates.end_time.map(fmt_time))
        .bind(d.dates.start_instant().as_second())
        .bind(d.dates.end_instant().as_second())
        .bind(d.venue.name.as_deref())
        .bind(d.venue.address.as_deref())
        .bind(d.venue.room.as_deref())
        .bind(d.venue.osm_url.as_deref())
        .bind(d.audience.as_deref())
        .bind(d.image.as_ref().map(|i| i.path.as_str()))
        .bind(d.image.as_ref().map(|i| i.alt.as_str()))
        .bind(i64::from(d.image.as_ref().is_some_and(|i| i.hidden)))
        .bind(d.contact_email.as_deref())
        .bind(d.status.as_str())
        .bind(d.published_on.map(|p| p.to_string()))
        .bind(&d.title_en)
        .bind(&d.summary_en)
}

async fn update_row(conn: &mut AnyConnection, id: EventId, d: &EventDraft, now: Timestamp) -> Result<(), StoreError> {
    let update = sqlx::query(
        "UPDATE events SET slug = $1, title = $2, summary = $3, body_md = $4, kind = $5, \
         start_date = $6, end_date = $7, start_time = $8, end_time = $9, starts_at = $10, \
         ends_at = $11, venue_name = $12, venue_address = $13, venue_room = $14, \
         venue_osm_url = $15, audience = $16, image_path = $17, image_alt = $18, \
         image_hidden = $19, contact_email = $20, status = $21, published_on = $22, \
         title_en = $23, summary_en = $24, updated_at = $25 WHERE id = $26",
    );
    let done = bind_draft(update, d).bind(now.as_second()).bind(id).execute(&mut *conn).await.map_err(slug_conflict)?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    sqlx::query("DELETE FROM event_tags WHERE event_id = $1").bind(id).execute(&mut *conn).await?;
    sqlx::query("DELETE FROM event_links WHERE event_id = $1").bind(id).execute(&mut *conn).await?;
    sqlx::query("DELETE FROM event_sessions WHERE event_id = $1").bind(id).execute(&mut *conn).await?;
    write_parts(conn, id, d).await
}

async fn write_parts(conn: &mut AnyConnection, id: EventId, d: &EventDraft) -> Result<(), StoreError> {
    for (pos, tag) in d.tags.iter().enumerate() {
        sqlx::query("INSERT INTO event_tags (event_id, tag, position) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(tag)
            .bind(pos as i64)
            .execute(&mut *conn)
            .await?;
    }
    for (pos, link) in d.links.iter().enumerate() {
        sqlx::query("INSERT INTO event_links (event_id, position, label, text, url) VALUES ($1, $2, $3, $4, $5)")
            .bind(id)
            .bind(pos as i64)
            .bind(&link.label)
            .bind(&link.text)
            .bind(&link.url)
            .execute(&mut *conn)
            .await?;
    }
    for s in &d.sessions {
        sqlx::query(
            "INSERT INTO event_sessions (event_id, session_date, start_time, end_time) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(s.date.to_string())
        .bind(s.start_time.map(fmt_time))
        .bind(s.end_time.map(fmt_time))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

fn slug_conflict(e: sqlx::Error) -> StoreError {
    match e.as_database_error() {
        Some(db) if db.is_unique_violation() => StoreError::Conflict(Conflict::SlugTaken),
        _ => StoreError::Db(e),
    }
}

/// Loads tags, links and sessions of `events` in three queries, whatever their number.
async fn attach_parts(db: &Db, events: &mut [Event]) -> Result<(), StoreError> {
    if events.is_empty() {
        return Ok(());
    }
    let index: HashMap<EventId, usize> = events.iter().enumerate().map(|(i, e)| (e.id, i)).collect();
    // One event: filter by id. Many: read the whole (small) tables rather than build a
    // placeholder list whose size both backends limit differently.
    let one = (events.len() == 1).then(|| events[0].id);
    let tags: Vec<(i64, String)> = match one {
        Some(id) => {
            sqlx::query_as("SELECT event_id, tag FROM event_tags WHERE event_id = $1 ORDER BY position")
                .bind(id)
                .fetch_all(db.pool())
                .await?
        }
        None => {
            sqlx::query_as("SELECT event_id, tag FROM event_tags ORDER BY event_id, position")
                .fetch_all(db.pool())
                .await?
        }
    };
    for (event_id, tag) in tags {
        let event_id = EventId::new(event_id);
        if let Some(&i) = index.get(&event_id) {
            events[i].draft.tags.push(tag);
        }
    }
    let links: Vec<(i64, String, String, String)> = match one {
        Some(id) => {
            sqlx::query_as("SELECT event_id, label, text, url FROM event_links WHERE event_id = $1 ORDER BY position")
                .bind(id)
                .fetch_all(db.pool())
                .await?
        }
        None => {
            sqlx::query_as("SELECT event_id, label, text, url FROM event_links ORDER BY event_id, position")
                .fetch_all(db.pool())
                .await?
        }
    };
    for (event_id, label, text, url) in links {
        let event_id = EventId::new(event_id);
        if let Some(&i) = index.get(&event_id) {
            events[i].draft.links.push(EventLink { label, text, url });
        }
    }
    type SessionRow = (i64, String, Option<String>, Option<String>);
    let sessions: Vec<SessionRow> = match one {
        Some(id) => {
            sqlx::query_as(
                "SELECT event_id, session_date, start_time, end_time FROM event_sessions WHERE event_id = $1 \
                 ORDER BY session_date",
            )
            .bind(id)
            .fetch_all(db.pool())
            .await?
        }
        None => {
            sqlx::query_as(
                "SELECT event_id, session_date, start_time, end_time FROM event_sessions \
                 ORDER BY event_id, session_date",
            )
            .fetch_all(db.pool())
            .await?
        }
    };
    for (event_id, day, start, end) in sessions {
        let event_id = EventId::new(event_id);
        if let Some(&i) = index.get(&event_id) {
            events[i].draft.sessions.push(session_from_row(&day, start, end)?);
        }
    }
    Ok(())
}

fn session_from_row(day: &str, start: Option<String>, end: Option<String>) -> Result<Session, StoreError> {
    Ok(Session {
        date: parse_date(day)?,
        start_time: start.as_deref().map(parse_time).transpose()?,
        end_time: end.as_deref().map(parse_time).transpose()?,
    })
}

/// The sessions of event `id`, in order (empty unless it is held on separate days).
pub(crate) async fn sessions_of(conn: &mut AnyConnection, id: EventId) -> Result<Vec<Session>, StoreError> {
    let rows: Vec<(String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT session_date, start_time, end_time FROM event_sessions WHERE event_id = $1 ORDER BY session_date",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(|(day, start, end)| session_from_row(&day, start, end)).collect()
}

fn fmt_time(t: Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} {value:?}"))
}

fn parse_date(s: &str) -> Result<Date, StoreError> {
    s.parse().map_err(|_| corrupt("date", s))
}

fn parse_time(s: &str) -> Result<Time, StoreError> {
    s.parse().map_err(|_| corrupt("time", s))
}

fn event_from_row(row: &AnyRow) -> Result<Event, StoreError> {
    let slug: String = row.try_get("slug")?;
    let kind: String = row.try_get("kind")?;
    let status: String = row.try_get("status")?;
    let start_time: Option<String> = row.try_get("start_time")?;
    let end_time: Option<String> = row.try_get("end_time")?;
    let dates = EventDates {
        start_date: parse_date(&row.try_get::<String, _>("start_date")?)?,
        end_date: parse_date(&row.try_get::<String, _>("end_date")?)?,
        start_time: start_time.as_deref().map(parse_time).transpose()?,
        end_time: end_time.as_deref().map(parse_time).transpose()?,
    };
    let image_path: Option<String> = row.try_get("image_path")?;
    let image = image_path.map(|path| -> Result<Image, StoreError> {
        Ok(Image {
            path,
            alt: row.try_get::<Option<String>, _>("image_alt")?.unwrap_or_default(),
            hidden: row.try_get::<i64, _>("image_hidden")? != 0,
        })
    });
    let published_on: Option<String> = row.try_get("published_on")?;
    let ts = |col: &str| -> Result<Timestamp, StoreError> {
        let secs: i64 = row.try_get(col)?;
        Timestamp::from_second(secs).map_err(|_| corrupt(col, &secs.to_string()))
    };
    Ok(Event {
        id: row.try_get("id")?,
        draft: EventDraft {
            slug: Slug::parse(&slug).map_err(|_| corrupt("slug", &slug))?,
            title: row.try_get("title")?,
            summary: row.try_get("summary")?,
            title_en: row.try_get("title_en")?,
            summary_en: row.try_get("summary_en")?,
            body_md: row.try_get("body_md")?,
            kind: EventKind::parse(&kind).ok_or_else(|| corrupt("kind", &kind))?,
            dates,
            sessions: Vec::new(),
            venue: Venue {
                name: row.try_get("venue_name")?,
                address: row.try_get("venue_address")?,
                room: row.try_get("venue_room")?,
                osm_url: row.try_get("venue_osm_url")?,
            },
            audience: row.try_get("audience")?,
            image: image.transpose()?,
            tags: Vec::new(),
            links: Vec::new(),
            contact_email: row.try_get("contact_email")?,
            status: EventStatus::parse(&status).ok_or_else(|| corrupt("status", &status))?,
            published_on: published_on.as_deref().map(parse_date).transpose()?,
        },
        created_at: ts("created_at")?,
        updated_at: ts("updated_at")?,
    })
}

// G2: what organisers do to events. Each function requires the permission value the domain
// hands out (`EditRight`, `CreateRight`), writes the audit entry (G4) and raises the content
// version in the same transaction.

use super::audit;
use crate::domain::account::{Account, CreateRight, EditRight, Role};

/// Returns the event with this id whatever its status, or `NotFound`.
pub async fn get(db: &Db, id: EventId) -> Result<Event, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM events WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(db.pool()).await?;
    let Some(row) = row else { return Err(StoreError::NotFound) };
    let mut events = vec![event_from_row(&row)?];
    attach_parts(db, &mut events).await?;
    Ok(events.pop().expect("one event"))
}

/// Returns the events an account works on, latest first: all of them for an administrator,
/// else those it holds a role on.
pub async fn list_for_account(db: &Db, account: &Account) -> Result<Vec<Event>, StoreError> {
    let sql = if account.user.is_admin {
        format!("SELECT {COLUMNS} FROM events ORDER BY starts_at DESC, id DESC")
    } else {
        format!(
            "SELECT {COLUMNS} FROM events WHERE id IN (SELECT event_id FROM event_roles WHERE user_id = $1) \
             ORDER BY starts_at DESC, id DESC"
        )
    };
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    if !account.user.is_admin {
        query = query.bind(account.user.id);
    }
    let rows = query.fetch_all(db.pool()).await?;
    let mut events = rows.iter().map(event_from_row).collect::<Result<Vec<_>, _>>()?;
    attach_parts(db, &mut events).await?;
    Ok(events)
}

/// Whether a new event's slug was typed by the organiser (kept as it is, refused when taken)
/// or derived from its title (the first free `-2`, `-3`… is taken, as for an import).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlugChoice {
    Typed,
    Derived,
}

/// Creates an event as a draft and makes its creator its organiser; refuses a typed slug
/// that is taken, gives a derived one the first free suffix (issue 19).
pub async fn create_as(
    db: &Db,
    right: &CreateRight,
    draft: &EventDraft,
    meeting_url: Option<&str>,
    choice: SlugChoice,
    now: Timestamp,
) -> Result<Event, StoreError> {
    let mut draft = EventDraft { status: EventStatus::Draft, ..draft.clone() };
    let mut tx = db.begin_write().await?;
    if choice == SlugChoice::Derived {
        draft.slug = free_slug(&mut tx, &draft.slug).await?;
    }
    let id = insert(&mut tx, &draft, None, now).await?;
    write_meeting_url(&mut tx, id, meeting_url).await?;
    grant_organiser(&mut tx, right.user_id(), id).await?;
    audit::record(&mut tx, now, Some(right.user_id()), "event_created", "event", Some(id.get()), serde_json::json!({}))
        .await?;
    bump_content_version(&mut tx).await?;
    tx.commit().await?;
    Ok(Event { id, draft, created_at: now, updated_at: now })
}

async fn write_meeting_url(conn: &mut AnyConnection, id: EventId, url: Option<&str>) -> Result<(), StoreError> {
    sqlx::query("UPDATE events SET meeting_url = $1 WHERE id = $2").bind(url).bind(id).execute(conn).await?;
    Ok(())
}

/// Sets the meeting link of an online event (the demo, the command line); the event form
/// sets it with the other fields through `create_as` and `update`.
pub async fn set_meeting_url(db: &Db, right: &EditRight, url: Option<&str>) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    write_meeting_url(&mut tx, right.event_id(), url).await?;
    bump_content_version(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Returns the meeting link of an online event (issue 19), or `None`. It is kept apart from
/// the public fields of `Event`: only organisers and confirmed participants may read it.
pub async fn find_meeting_url(db: &Db, id: EventId) -> Result<Option<String>, StoreError> {
    let url: Option<Option<String>> =
        sqlx::query_scalar("SELECT meeting_url FROM events WHERE id = $1").bind(id).fetch_optional(db.pool()).await?;
    Ok(url.flatten())
}

async fn grant_organiser(conn: &mut AnyConnection, user_id: i64, event_id: EventId) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO event_roles (user_id, event_id, role) VALUES ($1, $2, $3)")
        .bind(user_id)
        .bind(event_id)
        .bind(Role::Organiser.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

/// Replaces the fields an organiser edits in the main form, with the meeting link of an
/// online event. The image, the status and the original publication day are kept: they
/// change through their own actions.
pub async fn update(
    db: &Db,
    right: &EditRight,
    draft: &EventDraft,
    meeting_url: Option<&str>,
    now: Timestamp,
) -> Result<Event, StoreError> {
    let mut tx = db.begin_write().await?;
    let current = get_in(&mut tx, right.event_id()).await?;
    let draft = EventDraft {
        image: current.image,
        status: current.status,
        published_on: current.published_on,
        ..draft.clone()
    };
    update_row(&mut tx, right.event_id(), &draft, now).await?;
    write_meeting_url(&mut tx, right.event_id(), meeting_url).await?;
    audit::record(
        &mut tx,
        now,
        right.account_id(),
        "event_updated",
        "event",
        Some(right.event_id().get()),
        serde_json::json!({}),
    )
    .await?;
    bump_content_version(&mut tx).await?;
    tx.commit().await?;
    get(db, right.event_id()).await
}

/// Publishes (the public sees it at once) or withdraws an event; refuses a cancelled one.
pub async fn set_status(db: &Db, right: &EditRight, status: EventStatus, now: Timestamp) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    if get_in(&mut tx, right.event_id()).await?.status == EventStatus::Cancelled {
        return Err(crate::domain::event::Invalid::Cancelled.into());
    }
    let done = sqlx::query("UPDATE events SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(status.as_str())
        .bind(now.as_second())
        .bind(right.event_id())
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    if status == EventStatus::Published {
        // F1: the first publication is announced to the gazette's announcements list.
        sqlx::query(
            "INSERT INTO event_announcements (event_id, created_at) VALUES ($1, $2) ON CONFLICT (event_id) DO NOTHING",
        )
        .bind(right.event_id())
        .bind(now.as_second())
        .execute(&mut *tx)
        .await?;
    }
    let action = match status {
        EventStatus::Published => "event_published",
        EventStatus::Draft => "event_unpublished",
        EventStatus::Cancelled => "event_cancelled",
    };
    audit::record(
        &mut tx,
        now,
        right.account_id(),
        action,
        "event",
        Some(right.event_id().get()),
        serde_json::json!({}),
    )
    .await?;
    bump_content_version(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Sets the event's image (path under `/media/`, alt text, hidden).
pub async fn set_image(db: &Db, right: &EditRight, image: &Image, now: Timestamp) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(
        "UPDATE events SET image_path = $1, image_alt = $2, image_hidden = $3, updated_at = $4 WHERE id = $5",
    )
    .bind(&image.path)
    .bind(&image.alt)
    .bind(i64::from(image.hidden))
    .bind(now.as_second())
    .bind(right.event_id())
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    audit::record(
        &mut tx,
        now,
        right.account_id(),
        "event_image_set",
        "event",
        Some(right.event_id().get()),
        serde_json::json!({ "hidden": image.hidden }),
    )
    .await?;
    bump_content_version(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Copies an event as a draft "same event next year": dates one year later, the first free
/// slug derived from the title and the new year, every other field kept. The copier becomes
/// its organiser. Returns the copy.
pub async fn duplicate(db: &Db, right: &EditRight, now: Timestamp) -> Result<Event, StoreError> {
    let source = get(db, right.event_id()).await?;
    let d = &source.draft;
    let dates = d.dates.next_year();
    let wanted = Slug::derive(&format!("{} {}", d.title, dates.start_date.year())).unwrap_or_else(|| d.slug.clone());
    let mut tx = db.begin_write().await?;
    let slug = free_slug(&mut tx, &wanted).await?;
    let sessions = d.sessions.iter().map(Session::next_year).collect();
    let copy = EventDraft { slug, dates, sessions, status: EventStatus::Draft, published_on: None, ..d.clone() };
    let id = insert(&mut tx, &copy, None, now).await?;
    grant_organiser(&mut tx, right.user_id(), id).await?;
    audit::record(
        &mut tx,
        now,
        right.account_id(),
        "event_duplicated",
        "event",
        Some(id.get()),
        serde_json::json!({ "from": right.event_id() }),
    )
    .await?;
    bump_content_version(&mut tx).await?;
    tx.commit().await?;
    Ok(Event { id, draft: copy, created_at: now, updated_at: now })
}

/// Deletes an event with its tags, links, roles and webhook subscriptions.
pub async fn delete(db: &Db, right: &EditRight, now: Timestamp) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let event = get_in(&mut tx, right.event_id()).await?;
    let attached = attached_in(&mut tx, right.event_id()).await?;
    // Children first: SQLite enforces ON DELETE CASCADE only with foreign_keys on, which a
    // connection opened by another tool may lack.
    for sql in [
        "DELETE FROM event_tags WHERE event_id = $1",
        "DELETE FROM event_links WHERE event_id = $1",
        "DELETE FROM event_sessions WHERE event_id = $1",
        "DELETE FROM event_roles WHERE event_id = $1",
        "DELETE FROM webhook_deliveries WHERE subscription_id IN (SELECT id FROM webhook_subscriptions WHERE event_id = $1)",
        "DELETE FROM webhook_subscriptions WHERE event_id = $1",
    ] {
        sqlx::query(sql).bind(right.event_id()).execute(&mut *tx).await?;
    }
    let done = sqlx::query("DELETE FROM events WHERE id = $1").bind(right.event_id()).execute(&mut *tx).await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    // The row is gone: the journal keeps what it was and what went with it (issue 19).
    let registrations: serde_json::Map<String, serde_json::Value> =
        attached.registrations.iter().map(|(state, n)| (state.as_str().to_owned(), (*n).into())).collect();
    audit::record(
        &mut tx,
        now,
        right.account_id(),
        "event_deleted",
        "event",
        Some(right.event_id().get()),
        serde_json::json!({
            "title": event.title,
            "slug": event.slug.as_str(),
            "registrations": registrations,
            "proposals": attached.proposals,
            "releases": attached.releases,
        }),
    )
    .await?;
    bump_content_version(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}

/// What deleting an event would take with it (issue 19): its registrations by state, its
/// proposals, its programme releases and whether it has a programme draft.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attached {
    /// Registrations counted by state, in the order of `State::ALL`, states with none left out.
    pub registrations: Vec<(State, i64)>,
    pub proposals: i64,
    pub releases: i64,
    pub has_draft_programme: bool,
}

impl Attached {
    /// True when the event has nothing a deletion would lose besides itself.
    pub fn is_empty(&self) -> bool {
        self.registrations.is_empty() && self.proposals == 0 && self.releases == 0 && !self.has_draft_programme
    }
}

/// Returns what is attached to the event `id` (see `Attached`).
pub async fn attached(db: &Db, id: EventId) -> Result<Attached, StoreError> {
    let mut conn = db.pool().acquire().await?;
    attached_in(&mut conn, id).await
}

async fn attached_in(conn: &mut AnyConnection, id: EventId) -> Result<Attached, StoreError> {
    let rows = sqlx::query("SELECT state, COUNT(*) FROM registrations WHERE event_id = $1 GROUP BY state")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
    let mut by_state = HashMap::new();
    for row in &rows {
        let state: String = row.try_get(0)?;
        let state = State::parse(&state).ok_or_else(|| corrupt("registration state", &state))?;
        by_state.insert(state, row.try_get::<i64, _>(1)?);
    }
    let registrations = State::ALL.into_iter().filter_map(|s| by_state.get(&s).map(|n| (s, *n))).collect();
    let count = |sql: &'static str| sqlx::query_scalar::<_, i64>(sql).bind(id);
    let proposals = count("SELECT COUNT(*) FROM proposals WHERE event_id = $1").fetch_one(&mut *conn).await?;
    let releases = count("SELECT COUNT(*) FROM programme_releases WHERE event_id = $1").fetch_one(&mut *conn).await?;
    let drafts = count("SELECT COUNT(*) FROM programme_drafts WHERE event_id = $1").fetch_one(&mut *conn).await?;
    Ok(Attached { registrations, proposals, releases, has_draft_programme: drafts > 0 })
}

/// Cancels the event (issue 19): its status becomes `cancelled`, which closes registrations
/// and the call, and `notice` (with `Hole::Name`) is queued, in the same transaction, to
/// every person holding a place or waiting and to every speaker of an accepted proposal,
/// once per address. Returns how many mails were queued; refuses an event already cancelled.
pub async fn cancel(db: &Db, right: &EditRight, notice: &LangDrafts, now: Timestamp) -> Result<usize, StoreError> {
    let mut tx = db.begin_write().await?;
    let id = right.event_id();
    if get_in(&mut tx, id).await?.status == EventStatus::Cancelled {
        return Err(crate::domain::event::Invalid::Cancelled.into());
    }
    sqlx::query("UPDATE events SET status = 'cancelled', updated_at = $1 WHERE id = $2")
        .bind(now.as_second())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let mut recipients: Vec<(String, String, String, String)> = Vec::new();
    let rows = sqlx::query("SELECT id, email, name, state, lang FROM registrations WHERE event_id = $1 ORDER BY id")
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
    for row in &rows {
        let state: String = row.try_get(3)?;
        let state = State::parse(&state).ok_or_else(|| corrupt("registration state", &state))?;
        if state.holds_place() || state == State::Waitlisted {
            let key = format!("event:{id}:cancelled:registration:{}", row.try_get::<i64, _>(0)?);
            recipients.push((key, row.try_get(1)?, row.try_get(2)?, row.try_get(4)?));
        }
    }
    // The speakers `cfp::decisions::message_accepted` writes to: of an accepted proposal whose
    // decision was announced (an unannounced one must not leak), not withdrawn nor declined.
    let speakers = sqlx::query(
        "SELECT s.id, s.email, s.name, p.lang FROM proposal_speakers s JOIN proposals p ON p.id = s.proposal_id \
         JOIN cfp_settings c ON c.event_id = p.event_id \
         WHERE p.event_id = $1 AND p.decision = 'accepted' AND p.withdrawn = 0 \
         AND (p.speaker_answer IS NULL OR p.speaker_answer = 'confirmed') AND s.confirmed_at IS NOT NULL \
         AND c.announced_at IS NOT NULL AND c.announced_at <= $2 ORDER BY s.id",
    )
    .bind(id)
    .bind(now.as_second())
    .fetch_all(&mut *tx)
    .await?;
    for row in &speakers {
        let key = format!("event:{id}:cancelled:speaker:{}", row.try_get::<i64, _>(0)?);
        recipients.push((key, row.try_get(1)?, row.try_get(2)?, row.try_get(3)?));
    }
    let mut seen = std::collections::HashSet::new();
    recipients.retain(|(_, email, _, _)| seen.insert(email.to_lowercase()));
    for (key, email, name, lang) in &recipients {
        let composed = notice.get(crate::i18n::Lang::from_stored(lang)).fill(&[(Hole::Name, name.as_str())]);
        let message = NewMessage::composed(key.clone(), Some(id), CANCELLED_KIND, email, composed);
        super::message::enqueue(&mut tx, &message, now).await?;
    }
    audit::record(
        &mut tx,
        now,
        right.account_id(),
        "event_cancelled",
        "event",
        Some(id.get()),
        serde_json::json!({ "notified": recipients.len() }),
    )
    .await?;
    bump_content_version(&mut tx).await?;
    tx.commit().await?;
    Ok(recipients.len())
}

/// The kind of the cancellation mail (`mail::event::CANCELLED`, which the store cannot import).
const CANCELLED_KIND: &str = "event_cancelled";

/// Reads one event's row (without tags and links) inside a transaction.
async fn get_in(conn: &mut AnyConnection, id: EventId) -> Result<EventDraft, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM events WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&mut *conn).await?;
    let Some(row) = row else { return Err(StoreError::NotFound) };
    Ok(event_from_row(&row)?.draft)
}
