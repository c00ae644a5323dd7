//! B1 B2 B4: registering, confirming an address, offers from the waitlist, cancelling.
//! Each public function is one transaction: the capacity is counted, the domain decides, the
//! state change and its transition are written and the resulting mail is queued, together.

mod door;
mod held;
pub mod invitation;
pub mod link;
mod offer;
pub mod personal;
mod purge;
mod register;
pub mod reminder;
pub mod selection;
mod settings;
pub mod survey;

pub use door::{WalkIn, check_in, find_by_door_code, find_id_by_email, mark_no_shows, walk_in};
pub(crate) use held::{Held, NewTransition, flush_held};
pub use offer::{accept_offer, cancel, decline_offer, due_for_sweep, sweep_event};
pub use purge::{purge_expired, retention_periods};
pub use register::{FormContext, confirm_email, register, update_details};
pub use settings::{configure, counters, counts, find_settings, save_settings};

use super::group::{GroupWrite, Scope, WriteFuture};
use super::message::{self, NewMessage};
use super::token::{self, LinkKey};
use super::{Backend, Db, StoreError};
use crate::domain::event::{Event, EventId};
use crate::domain::message::Wording;
use crate::domain::registration::letter::{Letter, Letters, Recipient};
use crate::domain::registration::{
    self as rules, Action, Admission, Applicant, Counts, EventSettings, Mode, ParticipantStatus, Refusal, Registered,
    Registration, Settings, State,
};
use jiff::Timestamp;
use sqlx::{AnyConnection, Row};

/// The columns `settings_from_row` reads.
const SETTINGS_COLUMNS: &str = "mode, places, opens_at, closes_at, offer_hours, email_hours, decisions_at, \
    external_url, consent_text, allowed_statuses, allowed_domains, retention_days";

async fn load_settings(conn: &mut AnyConnection, event_id: EventId) -> Result<Option<EventSettings>, StoreError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {SETTINGS_COLUMNS} FROM registration_settings WHERE event_id = $1"
    )))
    .bind(event_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(settings_from_row).transpose()
}

fn settings_from_row(row: &sqlx::any::AnyRow) -> Result<EventSettings, StoreError> {
    let mode: String = row.try_get("mode")?;
    let ts = |v: Option<i64>| v.and_then(|s| Timestamp::from_second(s).ok());
    let statuses: String = row.try_get("allowed_statuses")?;
    let domains: String = row.try_get("allowed_domains")?;
    Ok(EventSettings {
        rules: Settings {
            mode: Mode::parse(&mode).ok_or_else(|| StoreError::Corrupt(format!("mode {mode:?}")))?,
            places: row.try_get::<i64, _>("places")?.max(0) as u32,
            opens_at: ts(row.try_get("opens_at")?),
            closes_at: ts(row.try_get("closes_at")?),
            offer_hours: row.try_get::<i64, _>("offer_hours")?.max(1) as u32,
            email_hours: row.try_get::<i64, _>("email_hours")?.max(1) as u32,
            allowed_statuses: statuses.split(',').filter_map(ParticipantStatus::parse).collect(),
            allowed_domains: domains.split(',').map(str::trim).filter(|d| !d.is_empty()).map(String::from).collect(),
        },
        decisions_at: ts(row.try_get("decisions_at")?),
        external_url: row.try_get("external_url")?,
        consent_text: row.try_get("consent_text")?,
        retention_days: row.try_get::<i64, _>("retention_days")?.max(1) as u32,
    })
}

/// The statements of `save_settings`, in the caller's transaction.
async fn save_settings_in(
    tx: &mut AnyConnection,
    links: &LinkKey,
    letters: &Letters,
    event: &Event,
    s: &EventSettings,
    now: Timestamp,
) -> Result<(), StoreError> {
    let opt = |t: Option<Timestamp>| t.map(|t| t.as_second());
    let statuses: Vec<&str> = s.rules.allowed_statuses.iter().map(|s| s.as_str()).collect();
    // An upsert, not delete + insert: the counters of the row must survive a change of settings.
    sqlx::query(
        "INSERT INTO registration_settings (event_id, mode, places, opens_at, closes_at, offer_hours, email_hours, \
         decisions_at, external_url, consent_text, allowed_statuses, allowed_domains, retention_days, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
         ON CONFLICT (event_id) DO UPDATE SET mode = excluded.mode, places = excluded.places, \
         opens_at = excluded.opens_at, closes_at = excluded.closes_at, offer_hours = excluded.offer_hours, \
         email_hours = excluded.email_hours, decisions_at = excluded.decisions_at, \
         external_url = excluded.external_url, consent_text = excluded.consent_text, \
         allowed_statuses = excluded.allowed_statuses, allowed_domains = excluded.allowed_domains, \
         retention_days = excluded.retention_days, updated_at = excluded.updated_at",
    )
    .bind(event.id)
    .bind(s.rules.mode.as_str())
    .bind(i64::from(s.rules.places))
    .bind(opt(s.rules.opens_at))
    .bind(opt(s.rules.closes_at))
    .bind(i64::from(s.rules.offer_hours))
    .bind(i64::from(s.rules.email_hours))
    .bind(opt(s.decisions_at))
    .bind(s.external_url.as_deref())
    .bind(&s.consent_text)
    .bind(statuses.join(","))
    .bind(s.rules.allowed_domains.join(","))
    .bind(i64::from(s.retention_days))
    .bind(now.as_second())
    .execute(&mut *tx)
    .await?;
    promote(tx, links, letters, event, &s.rules, now).await?;
    super::bump_content_version(tx).await
}

/// Places held and people waiting, from the counters kept with the settings.
async fn capacity(conn: &mut AnyConnection, event_id: EventId) -> Result<(u32, u32), StoreError> {
    let (taken, waiting): (i64, i64) =
        sqlx::query_as("SELECT taken, waiting FROM registration_settings WHERE event_id = $1")
            .bind(event_id)
            .fetch_optional(&mut *conn)
            .await?
            .unwrap_or((0, 0));
    Ok((taken.max(0) as u32, waiting.max(0) as u32))
}

/// Moves the counters for a change of state, in the transaction that makes the change.
async fn adjust_counters(
    conn: &mut AnyConnection,
    event_id: EventId,
    from: Option<State>,
    to: State,
) -> Result<(), StoreError> {
    let held = |s: Option<State>| i64::from(s.is_some_and(State::holds_place));
    let waits = |s: Option<State>| i64::from(s == Some(State::Waitlisted));
    let (dt, dw) = (held(Some(to)) - held(from), waits(Some(to)) - waits(from));
    if dt != 0 || dw != 0 {
        sqlx::query("UPDATE registration_settings SET taken = taken + $1, waiting = waiting + $2 WHERE event_id = $3")
            .bind(dt)
            .bind(dw)
            .bind(event_id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Serialises every capacity decision of one event: on PostgreSQL by locking its settings
/// row until commit; on SQLite the single write connection already does it.
async fn lock_event(conn: &mut AnyConnection, backend: Backend, event_id: EventId) -> Result<(), StoreError> {
    if backend == Backend::Postgres {
        sqlx::query("SELECT event_id FROM registration_settings WHERE event_id = $1 FOR UPDATE")
            .bind(event_id)
            .fetch_optional(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Returns the registration a private link opens, or `None` for an unknown or malformed token.
pub async fn find_by_token(db: &Db, token: &str) -> Result<Option<Registration>, StoreError> {
    if !token::looks_valid(token) {
        return Ok(None);
    }
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM registrations WHERE token_hash = $1")))
        .bind(token::hash(token))
        .fetch_optional(db.pool())
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Offers the free places to the head of the waitlist, in order, each with the person's
/// private link in the mail. Called in the transaction that freed the places.
async fn promote(
    conn: &mut AnyConnection,
    links: &LinkKey,
    letters: &Letters,
    event: &Event,
    s: &Settings,
    now: Timestamp,
) -> Result<u32, StoreError> {
    let (taken, waiting) = capacity(conn, event.id).await?;
    let n = rules::offers_to_make(s, taken, waiting, event.draft.dates.start_instant(), now);
    if n == 0 {
        return Ok(0);
    }
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM registrations WHERE event_id = $1 AND state = 'waitlisted' ORDER BY waitlist_seq, id LIMIT $2",
    )
    .bind(event.id)
    .bind(i64::from(n))
    .fetch_all(&mut *conn)
    .await?;
    let hold = i64::from(s.offer_hours) * 3600;
    // The hold never runs past the start of the event.
    let until = (now.as_second() + hold).min(event.draft.dates.start_instant().as_second());
    for id in &ids {
        let reg = load(conn, *id).await?;
        let to = rules::apply(reg.state, Action::Offer)?;
        sqlx::query("UPDATE registrations SET state = $1, offer_expires_at = $2, updated_at = $3 WHERE id = $4")
            .bind(to.as_str())
            .bind(until)
            .bind(now.as_second())
            .bind(id)
            .execute(&mut *conn)
            .await?;
        adjust_counters(conn, event.id, Some(reg.state), to).await?;
        let t = transition(conn, *id, Some(reg.state), to, now, "system", Some("a place was freed")).await?;
        let reg = load(conn, *id).await?;
        let token = current_link(conn, links, *id).await?;
        queue(conn, letters, event, &reg, Letter::Offer, &format!("registration:{id}:offer:{t}"), &token, now).await?;
    }
    Ok(ids.len() as u32)
}

/// The token of the private link of registration `id` as it stands, for a mail to carry: the
/// one derived from its link generation. A row made before links were derived (its stored
/// hash is of a random token, which cannot be recomputed) moves to its derived link here,
/// once; from then on every mail carries that same link until an organiser revokes it.
pub(crate) async fn current_link(conn: &mut AnyConnection, links: &LinkKey, id: i64) -> Result<String, StoreError> {
    let (generation, stored): (i64, String) =
        sqlx::query_as("SELECT link_generation, token_hash FROM registrations WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or(StoreError::NotFound)?;
    let token = links.registration(id, generation);
    let hash = token::hash(&token);
    if hash != stored {
        sqlx::query("UPDATE registrations SET token_hash = $1 WHERE id = $2")
            .bind(&hash)
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(token)
}

/// The waitlist of an event, in order.
pub async fn waitlist(db: &Db, event_id: EventId) -> Result<Vec<Registration>, StoreError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM registrations WHERE event_id = $1 AND state = 'waitlisted' ORDER BY waitlist_seq, id"
    )))
    .bind(event_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(from_row).collect()
}

/// Every registration of an event, oldest first.
pub async fn list(db: &Db, event_id: EventId) -> Result<Vec<Registration>, StoreError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM registrations WHERE event_id = $1 ORDER BY id"
    )))
    .bind(event_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(from_row).collect()
}

/// The transitions of one registration, oldest first: `(id, from, to, at, actor, reason)`.
pub async fn history(
    db: &Db,
    id: i64,
) -> Result<Vec<(i64, Option<String>, String, i64, String, Option<String>)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT id, from_state, to_state, at, actor, reason FROM registration_transitions WHERE registration_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?)
}

const COLUMNS: &str = "id, event_id, email, name, organisation, participant_status, answers, state, waitlist_seq, \
    offer_expires_at, email_expires_at, created_at, lang, siret";

async fn load(conn: &mut AnyConnection, id: i64) -> Result<Registration, StoreError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM registrations WHERE id = $1")))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    from_row(&row)
}

async fn load_by_token(conn: &mut AnyConnection, event_id: EventId, token: &str) -> Result<Registration, StoreError> {
    if !token::looks_valid(token) {
        return Err(StoreError::NotFound);
    }
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM registrations WHERE token_hash = $1 AND event_id = $2"
    )))
    .bind(token::hash(token))
    .bind(event_id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(StoreError::NotFound)?;
    from_row(&row)
}

async fn set_state(
    conn: &mut AnyConnection,
    reg: &Registration,
    to: State,
    now: Timestamp,
    actor: &str,
    why: Option<&str>,
) -> Result<i64, StoreError> {
    sqlx::query("UPDATE registrations SET state = $1, updated_at = $2 WHERE id = $3")
        .bind(to.as_str())
        .bind(now.as_second())
        .bind(reg.id)
        .execute(&mut *conn)
        .await?;
    adjust_counters(conn, reg.event_id, Some(reg.state), to).await?;
    transition(conn, reg.id, Some(reg.state), to, now, actor, why).await
}

/// The webhook event a move to `to` raises, if any (I3).
fn followed(to: State) -> Option<crate::domain::webhook::EventType> {
    match to {
        State::Confirmed => Some(crate::domain::webhook::EventType::RegistrationConfirmed),
        State::Cancelled => Some(crate::domain::webhook::EventType::RegistrationCancelled),
        State::Offered => Some(crate::domain::webhook::EventType::RegistrationOffered),
        _ => None,
    }
}

async fn transition(
    conn: &mut AnyConnection,
    id: i64,
    from: Option<State>,
    to: State,
    now: Timestamp,
    actor: &str,
    why: Option<&str>,
) -> Result<i64, StoreError> {
    let transition_id: i64 = sqlx::query_scalar(
        "INSERT INTO registration_transitions (registration_id, from_state, to_state, at, actor, reason) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(id)
    .bind(from.map(|s| s.as_str()))
    .bind(to.as_str())
    .bind(now.as_second())
    .bind(actor)
    .bind(why)
    .fetch_one(&mut *conn)
    .await?;
    // I3: the webhooks following these happenings, in the same transaction.
    if let Some(event_type) = followed(to) {
        super::webhook::emit_registration(conn, id, event_type, to.as_str(), transition_id, now).await?;
    }
    Ok(transition_id)
}

/// Fills the letter of `letter` for this registration and queues it under `key`.
#[allow(clippy::too_many_arguments)]
async fn queue(
    conn: &mut AnyConnection,
    letters: &Letters,
    event: &Event,
    reg: &Registration,
    letter: Letter,
    key: &str,
    token: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    queue_at(conn, letters, event, reg, letter, key, token, 0, now).await
}

/// Like `queue`, with the waitlist position the message states.
#[allow(clippy::too_many_arguments)]
async fn queue_at(
    conn: &mut AnyConnection,
    letters: &Letters,
    event: &Event,
    reg: &Registration,
    letter: Letter,
    key: &str,
    token: &str,
    position: i64,
    now: Timestamp,
) -> Result<(), StoreError> {
    let mail = compose(letters, reg, letter, token, position)?;
    enqueue_composed(conn, event, &reg.email, letter.kind(), key, mail, now).await
}

/// Fills the letter of `letter` for this registration, with the waitlist position it states.
fn compose(
    letters: &Letters,
    reg: &Registration,
    letter: Letter,
    token: &str,
    position: i64,
) -> Result<crate::domain::message::Composed, StoreError> {
    let expires = match reg.state {
        State::Offered => reg.offer_expires_at,
        _ => reg.email_expires_at,
    };
    let door_code = crate::domain::door_code::code(reg.id, token);
    let to = Recipient { name: &reg.name, token, expires, position, door_code: &door_code, lang: reg.lang };
    letters.write(letter, &to).map_err(|e| unwritten(letter, e))
}

/// A letter that could not be written (its template failed): the write is undone.
fn unwritten(letter: Letter, e: String) -> StoreError {
    StoreError::Corrupt(format!("mail template {}: {e}", letter.kind()))
}

/// Queues a composed message under `key`, in the caller's transaction.
async fn enqueue_composed(
    conn: &mut AnyConnection,
    event: &Event,
    to: &str,
    kind: &str,
    key: &str,
    composed: crate::domain::message::Composed,
    now: Timestamp,
) -> Result<(), StoreError> {
    message::enqueue(conn, &NewMessage::composed(key.to_owned(), Some(event.id), kind, to, composed), now).await?;
    Ok(())
}

fn from_row(row: &sqlx::any::AnyRow) -> Result<Registration, StoreError> {
    let state: String = row.try_get("state")?;
    let status: String = row.try_get("participant_status")?;
    Ok(Registration {
        id: row.try_get("id")?,
        event_id: row.try_get("event_id")?,
        email: row.try_get("email")?,
        name: row.try_get("name")?,
        organisation: row.try_get("organisation")?,
        status: ParticipantStatus::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("participant status {status:?}")))?,
        answers: row.try_get("answers")?,
        state: State::parse(&state).ok_or_else(|| StoreError::Corrupt(format!("registration state {state:?}")))?,
        waitlist_seq: row.try_get("waitlist_seq")?,
        offer_expires_at: row.try_get("offer_expires_at")?,
        email_expires_at: row.try_get("email_expires_at")?,
        created_at: row.try_get("created_at")?,
        lang: crate::i18n::Lang::from_stored(&row.try_get::<String, _>("lang")?),
        siret: row.try_get("siret")?,
    })
}

/// Demo data only: a confirmed registration of `event_id` made without mail, so that
/// `serve --demo` shows a board with people on it; `siret` as ProConnect would give it, or "".
/// Returns the registration id.
pub(crate) async fn seed_confirmed(
    db: &Db,
    event_id: EventId,
    (name, email): (&str, &str),
    (organisation, siret): (&str, &str),
    now: Timestamp,
) -> Result<i64, StoreError> {
    let mut tx = db.begin_write().await?;
    let (_, token_hash) = super::token::generate();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO registrations (event_id, email, name, organisation, participant_status, answers, state, token_hash, created_at, updated_at, siret) \
         VALUES ($1, $2, $3, $4, 'public_agent', '{}', 'confirmed', $5, $6, $6, $7) RETURNING id",
    )
    .bind(event_id)
    .bind(email)
    .bind(name)
    .bind(organisation)
    .bind(&token_hash)
    .bind(now.as_second())
    .bind(siret)
    .fetch_one(&mut *tx)
    .await?;
    current_link(&mut tx, db.links(), id).await?;
    sqlx::query("INSERT INTO registration_transitions (registration_id, from_state, to_state, at, actor, reason) VALUES ($1, NULL, 'confirmed', $2, 'system', 'demo data')")
        .bind(id)
        .bind(now.as_second())
        .execute(&mut *tx)
        .await?;
    // The capacity counters follow every registration that holds a place (B1).
    sqlx::query("UPDATE registration_settings SET taken = taken + 1 WHERE event_id = $1")
        .bind(event_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(id)
}
