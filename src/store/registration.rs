//! B1 B2 B4: registering, confirming an address, offers from the waitlist, cancelling.
//! Each public function is one transaction: the capacity is counted, the domain decides, the
//! state change and its transition are written and the resulting mail is queued, together.

pub mod invitation;
pub mod personal;
pub mod selection;
pub mod survey;

use super::group::{GroupWrite, WriteFuture};
use super::message::{self, NewMessage};
use super::{Backend, Db, StoreError, token};
use crate::domain::event::{Event, EventId};
use crate::domain::message::Wording;
use crate::domain::registration::letter::{Letter, Letters, Recipient};
use crate::domain::registration::{
    self as rules, Action, Admission, Applicant, Counts, EventSettings, Mode, ParticipantStatus, Refusal, Registered,
    Registration, Settings, State,
};
use crate::mail::compose::Composer;
use jiff::Timestamp;
use sqlx::{AnyConnection, Row};

/// Everything a store function needs to write mails.
pub struct Mailing<'a> {
    pub composer: &'a Composer,
    pub base_url: &'a str,
}

/// Returns the settings of an event, or `None` when it takes no registrations.
pub async fn find_settings(db: &Db, event_id: EventId) -> Result<Option<EventSettings>, StoreError> {
    let mut conn = db.pool().acquire().await?;
    load_settings(&mut conn, event_id).await
}

/// The settings with the counters of places held and people waiting, in one read.
async fn load_settings_counted(
    conn: &mut AnyConnection,
    event_id: EventId,
) -> Result<Option<(EventSettings, u32, u32)>, StoreError> {
    let row = sqlx::query(
        "SELECT mode, places, opens_at, closes_at, offer_hours, email_hours, decisions_at, external_url, \
         consent_text, allowed_statuses, allowed_domains, retention_days, taken, waiting FROM registration_settings WHERE event_id = $1",
    )
    .bind(event_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let taken: i64 = row.try_get("taken")?;
    let waiting: i64 = row.try_get("waiting")?;
    Ok(Some((settings_from_row(&row)?, taken.max(0) as u32, waiting.max(0) as u32)))
}

async fn load_settings(conn: &mut AnyConnection, event_id: EventId) -> Result<Option<EventSettings>, StoreError> {
    let row = sqlx::query(
        "SELECT mode, places, opens_at, closes_at, offer_hours, email_hours, decisions_at, external_url, \
         consent_text, allowed_statuses, allowed_domains, retention_days FROM registration_settings WHERE event_id = $1",
    )
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

/// Creates or replaces the registration settings of an event. Adding places offers them to
/// the waitlist at once, in the same transaction.
pub async fn save_settings(
    db: &Db,
    letters: &Letters,
    event: &Event,
    s: &EventSettings,
    now: Timestamp,
) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    save_settings_in(&mut tx, db.backend(), letters, event, s, now).await?;
    tx.commit().await?;
    Ok(())
}

/// The statements of `save_settings`, in the caller's transaction.
async fn save_settings_in(
    tx: &mut AnyConnection,
    _backend: Backend,
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
    promote(tx, letters, event, &s.rules, now).await?;
    super::bump_content_version(tx).await
}

/// The live counts of an event's registrations, by state.
pub async fn counts(db: &Db, event_id: EventId) -> Result<Counts, StoreError> {
    let mut conn = db.pool().acquire().await?;
    load_counts(&mut conn, event_id).await
}

async fn load_counts(conn: &mut AnyConnection, event_id: EventId) -> Result<Counts, StoreError> {
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT state, COUNT(*) FROM registrations WHERE event_id = $1 GROUP BY state")
            .bind(event_id)
            .fetch_all(&mut *conn)
            .await?;
    let mut c = Counts::default();
    for (state, n) in rows {
        let n = n.max(0) as u32;
        match State::parse(&state) {
            Some(s) if s.holds_place() => {
                c.taken += n;
                match s {
                    State::Attended => c.attended += n,
                    State::NoShow => c.no_show += n,
                    _ => {}
                }
            }
            Some(State::Waitlisted) => c.waiting += n,
            Some(State::Preregistered) => c.preregistered += n,
            Some(State::PendingEmail) => c.pending_email += n,
            _ => {}
        }
    }
    Ok(c)
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

/// The counters kept with the settings, for checking them against the rows: `(taken, waiting)`.
pub async fn counters(db: &Db, event_id: EventId) -> Result<(u32, u32), StoreError> {
    let mut conn = db.pool().acquire().await?;
    capacity(&mut conn, event_id).await
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

/// What the registration form and the confirmation of an address read about an event. The
/// web layer keeps it for as long as the content version stays the same (every change of
/// the event, its settings, questions or mail wording raises it), so a rush reads it once.
#[derive(Debug, Clone)]
pub struct FormContext {
    pub event: Event,
    pub settings: Option<EventSettings>,
    /// The questions of the registration form.
    pub questions: Vec<crate::domain::question::Question>,
    /// The event's own wording of its mails, by kind.
    pub wording: Vec<(String, Wording)>,
}

impl FormContext {
    /// Reads the context of `event`.
    pub async fn load(db: &Db, event: Event) -> Result<FormContext, StoreError> {
        let settings = find_settings(db, event.id).await?;
        let questions = super::question::list(db, event.id, crate::domain::question::Form::Registration).await?;
        let wording = super::mail_template::list(db, event.id).await?;
        Ok(FormContext { event, settings, questions, wording })
    }
}

/// Records a registration in `pending_email` and queues the mail that confirms the address.
/// Refuses outside the window and when the applicant is not eligible. `letters` are the
/// event's registration mails, written beforehand: the transaction only fills them in, so
/// that template rendering and HTML sanitising never hold the writer during a rush.
pub async fn register(
    db: &Db,
    event: &Event,
    letters: &Letters,
    applicant: &Applicant,
    now: Timestamp,
) -> Result<Registered, StoreError> {
    let (token, token_hash) = token::generate();
    db.write(RegisterWrite {
        letters: letters.clone(),
        event: event.clone(),
        applicant: applicant.clone(),
        token,
        token_hash,
        now,
        backend: db.backend(),
    })
    .await
}

/// The write transaction of `register`, shared with the other writes waiting (group commit).
struct RegisterWrite {
    letters: Letters,
    event: Event,
    applicant: Applicant,
    token: String,
    token_hash: String,
    now: Timestamp,
    backend: Backend,
}

impl GroupWrite for RegisterWrite {
    type Output = Registered;
    fn run<'a>(&'a mut self, conn: &'a mut AnyConnection) -> WriteFuture<'a, Self::Output> {
        Box::pin(register_in(conn, self))
    }
}

/// The statements of `register`, in the caller's transaction.
async fn register_in(tx: &mut AnyConnection, w: &RegisterWrite) -> Result<Registered, StoreError> {
    let letters = &w.letters;
    let (event, applicant, token, token_hash, now) = (&w.event, &w.applicant, &w.token, &w.token_hash, w.now);
    lock_event(tx, w.backend, event.id).await?;
    let settings = load_settings(tx, event.id).await?.ok_or(StoreError::from(Refusal::NoRegistration))?;
    let email = applicant.email.as_str();
    // Invitation mode: only a valid personal link registers, and only its own address.
    let invitation = match (&applicant.invitation, settings.rules.mode) {
        (Some(t), Mode::Invitation) => match invitation::find_in(tx, event.id, t).await? {
            Some((id, invited)) if invited == email => Some(id),
            Some(_) => {
                return Err(Refusal::InvitationForAnotherAddress.into());
            }
            None => return Err(Refusal::InvitationInvalid.into()),
        },
        _ => None,
    };
    rules::check_open(&settings.rules, event.draft.dates.start_instant(), now, invitation.is_some())?;
    rules::check_eligible(&settings.rules, applicant.status, email)?;
    let expires = now.as_second() + i64::from(settings.rules.email_hours) * 3600;
    // The common case first, in one statement: a new address. Only when the address is
    // already registered for this event is its row read.
    let inserted: Option<i64> = sqlx::query_scalar(
        "INSERT INTO registrations (event_id, email, name, organisation, participant_status, answers, state, \
         token_hash, email_expires_at, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 'pending_email', $7, $8, $9, $9) \
         ON CONFLICT (event_id, email) DO NOTHING RETURNING id",
    )
    .bind(event.id)
    .bind(email)
    .bind(&applicant.name)
    .bind(&applicant.organisation)
    .bind(applicant.status.as_str())
    .bind(&applicant.answers)
    .bind(token_hash)
    .bind(expires)
    .bind(now.as_second())
    .fetch_optional(&mut *tx)
    .await?;
    let existing: Option<(i64, String)> = match inserted {
        Some(_) => None,
        None => {
            sqlx::query_as("SELECT id, state FROM registrations WHERE event_id = $1 AND email = $2")
                .bind(event.id)
                .bind(email)
                .fetch_optional(&mut *tx)
                .await?
        }
    };
    let outcome = match existing {
        Some((id, state)) if !State::parse(&state).is_some_and(State::is_closed) => {
            // Same address again: a fresh link replaces the old one (the old mail may be lost),
            // the registration keeps its state and its place in line.
            sqlx::query("UPDATE registrations SET token_hash = $1, updated_at = $2 WHERE id = $3")
                .bind(token_hash)
                .bind(now.as_second())
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let reg = load(tx, id).await?;
            let key = format!("registration:{id}:link:{}", &token_hash[..16]);
            queue(tx, letters, event, &reg, Letter::Link, &key, token, now).await?;
            Registered::LinkResent { id }
        }
        Some((id, state)) => {
            // A closed registration (cancelled, expired…) starts over with the new answers.
            sqlx::query(
                "UPDATE registrations SET name = $1, organisation = $2, participant_status = $3, answers = $4, \
                 state = 'pending_email', token_hash = $5, email_expires_at = $6, offer_expires_at = NULL, \
                 waitlist_seq = NULL, updated_at = $7 WHERE id = $8",
            )
            .bind(&applicant.name)
            .bind(&applicant.organisation)
            .bind(applicant.status.as_str())
            .bind(&applicant.answers)
            .bind(token_hash)
            .bind(expires)
            .bind(now.as_second())
            .bind(id)
            .execute(&mut *tx)
            .await?;
            transition(tx, id, State::parse(&state), State::PendingEmail, now, "participant", Some("registered again"))
                .await?;
            let reg = load(tx, id).await?;
            let key = format!("registration:{id}:confirm-email:{}", &token_hash[..16]);
            queue(tx, letters, event, &reg, Letter::ConfirmEmail, &key, token, now).await?;
            Registered::New { id }
        }
        None => {
            let id = inserted.ok_or(StoreError::Corrupt("a registration neither inserted nor found".into()))?;
            transition(tx, id, None, State::PendingEmail, now, "participant", None).await?;
            let key = format!("registration:{id}:confirm-email:{}", &token_hash[..16]);
            let to = Recipient { name: &applicant.name, token, expires: Some(expires), position: 0 };
            let mail = letters.write(Letter::ConfirmEmail, &to).map_err(|e| unwritten(Letter::ConfirmEmail, e))?;
            enqueue_composed(tx, event, email, Letter::ConfirmEmail.kind(), &key, mail, now).await?;
            Registered::New { id }
        }
    };
    if let (Some(invitation), Registered::New { id } | Registered::LinkResent { id }) = (invitation, &outcome) {
        sqlx::query("UPDATE invitations SET registration_id = $1 WHERE id = $2")
            .bind(id)
            .bind(invitation)
            .execute(&mut *tx)
            .await?;
    }
    Ok(outcome)
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

/// B4: the participant corrects their name, organisation or answers; refused once the
/// registration is closed (cancelled, expired…). The address and status do not change here.
pub async fn update_details(
    db: &Db,
    token: &str,
    name: &str,
    organisation: &str,
    answers: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    if !token::looks_valid(token) {
        return Err(StoreError::NotFound);
    }
    let mut tx = db.begin_write().await?;
    let state: Option<(i64, String)> = sqlx::query_as("SELECT id, state FROM registrations WHERE token_hash = $1")
        .bind(token::hash(token))
        .fetch_optional(&mut *tx)
        .await?;
    let Some((id, state)) = state else { return Err(StoreError::NotFound) };
    if State::parse(&state).is_none_or(State::is_closed) {
        return Err(StoreError::from(Refusal::NotAllowed));
    }
    sqlx::query("UPDATE registrations SET name = $1, organisation = $2, answers = $3, updated_at = $4 WHERE id = $5")
        .bind(name)
        .bind(organisation)
        .bind(answers)
        .bind(now.as_second())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The address is confirmed: the registration is admitted (confirmed, waitlisted or
/// preregistered, by the event's mode and capacity counted now) and told so by mail.
/// Confirming twice is harmless: the state is returned unchanged.
pub async fn confirm_email(
    db: &Db,
    event: &Event,
    letters: &Letters,
    token: &str,
    now: Timestamp,
) -> Result<State, StoreError> {
    db.write(ConfirmWrite {
        letters: letters.clone(),
        event: event.clone(),
        token: token.to_owned(),
        now,
        backend: db.backend(),
    })
    .await
}

/// The write transaction of `confirm_email`, shared with the other writes waiting.
struct ConfirmWrite {
    letters: Letters,
    event: Event,
    token: String,
    now: Timestamp,
    backend: Backend,
}

impl GroupWrite for ConfirmWrite {
    type Output = State;
    fn run<'a>(&'a mut self, conn: &'a mut AnyConnection) -> WriteFuture<'a, Self::Output> {
        Box::pin(confirm_email_in(conn, self))
    }
}

/// The statements of `confirm_email`, in the caller's transaction.
async fn confirm_email_in(tx: &mut AnyConnection, w: &ConfirmWrite) -> Result<State, StoreError> {
    let (event, token, now) = (&w.event, w.token.as_str(), w.now);
    lock_event(tx, w.backend, event.id).await?;
    let reg = load_by_token(tx, event.id, token).await?;
    if reg.state != State::PendingEmail {
        return Ok(reg.state);
    }
    if reg.email_expires_at.is_some_and(|t| t <= now.as_second()) {
        // The expiry is written with the group; the answer is the refusal.
        set_state(tx, &reg, State::Expired, now, "clock", Some("address not confirmed in time")).await?;
        return Err(StoreError::from(Refusal::Closed));
    }
    let (settings, taken, waiting) =
        load_settings_counted(tx, event.id).await?.ok_or(StoreError::from(Refusal::NoRegistration))?;
    let admission = rules::admit(&settings.rules, taken, waiting);
    let to = rules::apply(reg.state, Action::ConfirmEmail(admission))?;
    // One statement moves the counters and, for the waitlist, hands out the next number.
    let (kind, seq) = match admission {
        Admission::Confirmed => {
            sqlx::query("UPDATE registration_settings SET taken = taken + 1 WHERE event_id = $1")
                .bind(event.id)
                .execute(&mut *tx)
                .await?;
            (Letter::Confirmed, None)
        }
        Admission::Waitlisted => {
            let seq: i64 = sqlx::query_scalar(
                "UPDATE registration_settings SET waiting = waiting + 1, last_waitlist_seq = last_waitlist_seq + 1 \
                 WHERE event_id = $1 RETURNING last_waitlist_seq",
            )
            .bind(event.id)
            .fetch_one(&mut *tx)
            .await?;
            (Letter::Waitlisted, Some(seq))
        }
        Admission::Preregistered => (Letter::Preregistered, None),
    };
    sqlx::query(
        "UPDATE registrations SET state = $1, waitlist_seq = COALESCE($2, waitlist_seq), updated_at = $3 WHERE id = $4",
    )
    .bind(to.as_str())
    .bind(seq)
    .bind(now.as_second())
    .bind(reg.id)
    .execute(&mut *tx)
    .await?;
    transition(tx, reg.id, Some(reg.state), to, now, "participant", Some("address confirmed")).await?;
    // A new arrival on the waitlist is at its end.
    let position = i64::from(waiting) + 1;
    let key = format!("registration:{}:{}", reg.id, to.as_str());
    queue_at(tx, &w.letters, event, &reg, kind, &key, token, position, now).await?;
    if admission == Admission::Confirmed && taken + 1 == settings.rules.places {
        // The event page says "complet" from now on.
        super::bump_content_version(tx).await?;
    }
    Ok(to)
}

/// The participant accepts the place offered to them; refused once the hold ran out.
pub async fn accept_offer(
    db: &Db,
    letters: &Letters,
    event: &Event,
    token: &str,
    now: Timestamp,
) -> Result<State, StoreError> {
    let mut tx = db.begin_write().await?;
    lock_event(&mut tx, db.backend(), event.id).await?;
    let reg = load_by_token(&mut tx, event.id, token).await?;
    if reg.state == State::Offered && reg.offer_expires_at.is_some_and(|t| t <= now.as_second()) {
        return Err(StoreError::from(Refusal::OfferExpired));
    }
    let to = rules::apply(reg.state, Action::AcceptOffer)?;
    set_state(&mut tx, &reg, to, now, "participant", Some("offer accepted")).await?;
    let reg = load(&mut tx, reg.id).await?;
    let key = format!("registration:{}:confirmed", reg.id);
    queue(&mut tx, letters, event, &reg, Letter::Confirmed, &key, token, now).await?;
    tx.commit().await?;
    Ok(to)
}

/// The participant turns the offered place down; it goes to the next person at once.
pub async fn decline_offer(
    db: &Db,
    letters: &Letters,
    event: &Event,
    token: &str,
    now: Timestamp,
) -> Result<State, StoreError> {
    finish(db, letters, event, token, Action::DeclineOffer, "offer declined", now).await
}

/// The participant cancels; a place they held goes to the next person at once.
pub async fn cancel(
    db: &Db,
    letters: &Letters,
    event: &Event,
    token: &str,
    now: Timestamp,
) -> Result<State, StoreError> {
    finish(db, letters, event, token, Action::Cancel, "cancelled by the participant", now).await
}

async fn finish(
    db: &Db,
    letters: &Letters,
    event: &Event,
    token: &str,
    action: Action,
    why: &str,
    now: Timestamp,
) -> Result<State, StoreError> {
    let mut tx = db.begin_write().await?;
    lock_event(&mut tx, db.backend(), event.id).await?;
    let reg = load_by_token(&mut tx, event.id, token).await?;
    let to = rules::apply(reg.state, action)?;
    set_state(&mut tx, &reg, to, now, "participant", Some(why)).await?;
    if to == State::Cancelled {
        let reg = load(&mut tx, reg.id).await?;
        let key = format!("registration:{}:cancelled:{}", reg.id, now.as_second());
        queue(&mut tx, letters, event, &reg, Letter::Cancelled, &key, token, now).await?;
    }
    if reg.state.holds_place() {
        let settings = load_settings(&mut tx, event.id).await?.ok_or(StoreError::from(Refusal::NoRegistration))?;
        promote(&mut tx, letters, event, &settings.rules, now).await?;
        super::bump_content_version(&mut tx).await?;
    }
    tx.commit().await?;
    Ok(to)
}

/// Offers the free places to the head of the waitlist, in order, each with a new private
/// link in the mail. Called in the transaction that freed the places.
async fn promote(
    conn: &mut AnyConnection,
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
        // The offer mail carries a new link and, since only the hash of the latest link is
        // kept, it replaces the earlier ones (the offer mail says so).
        let (token, token_hash) = token::generate();
        sqlx::query("UPDATE registrations SET state = $1, offer_expires_at = $2, token_hash = $3, updated_at = $4 WHERE id = $5")
            .bind(to.as_str())
            .bind(until)
            .bind(token_hash)
            .bind(now.as_second())
            .bind(id)
            .execute(&mut *conn)
            .await?;
        adjust_counters(conn, event.id, Some(reg.state), to).await?;
        let t = transition(conn, *id, Some(reg.state), to, now, "system", Some("a place was freed")).await?;
        let reg = load(conn, *id).await?;
        queue(conn, letters, event, &reg, Letter::Offer, &format!("registration:{id}:offer:{t}"), &token, now).await?;
    }
    Ok(ids.len() as u32)
}

/// The events with addresses never confirmed or offers never answered, due by `now`.
pub async fn due_for_sweep(db: &Db, now: Timestamp) -> Result<Vec<EventId>, StoreError> {
    let due: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT event_id FROM registrations WHERE (state = 'pending_email' AND email_expires_at <= $1) \
         OR (state = 'offered' AND offer_expires_at <= $1) ORDER BY event_id",
    )
    .bind(now.as_second())
    .fetch_all(db.pool())
    .await?;
    Ok(due.into_iter().map(EventId::new).collect())
}

/// Expires the addresses never confirmed and offers never answered of `event`, then offers
/// the freed places; returns how many registrations expired. Run periodically by the server.
pub async fn sweep_event(db: &Db, letters: &Letters, event: &Event, now: Timestamp) -> Result<u32, StoreError> {
    let due: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM registrations WHERE event_id = $1 AND ((state = 'pending_email' AND email_expires_at <= $2) \
         OR (state = 'offered' AND offer_expires_at <= $2)) ORDER BY id",
    )
    .bind(event.id)
    .bind(now.as_second())
    .fetch_all(db.pool())
    .await?;
    if due.is_empty() {
        return Ok(0);
    }
    let mut expired = 0;
    let mut tx = db.begin_write().await?;
    lock_event(&mut tx, db.backend(), event.id).await?;
    let mut freed = false;
    for id in &due {
        let reg = load(&mut tx, *id).await?;
        // Re-checked inside the transaction: the participant may have answered meanwhile.
        let still_due = match reg.state {
            State::PendingEmail => reg.email_expires_at.is_some_and(|t| t <= now.as_second()),
            State::Offered => reg.offer_expires_at.is_some_and(|t| t <= now.as_second()),
            _ => false,
        };
        if still_due {
            freed |= reg.state.holds_place();
            set_state(&mut tx, &reg, State::Expired, now, "clock", Some("no answer in time")).await?;
            expired += 1;
        }
    }
    if freed && let Some(s) = load_settings(&mut tx, event.id).await? {
        promote(&mut tx, letters, event, &s.rules, now).await?;
    }
    tx.commit().await?;
    Ok(expired)
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
    offer_expires_at, email_expires_at, created_at";

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

async fn transition(
    conn: &mut AnyConnection,
    id: i64,
    from: Option<State>,
    to: State,
    now: Timestamp,
    actor: &str,
    why: Option<&str>,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
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
    .await?)
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
    let expires = match reg.state {
        State::Offered => reg.offer_expires_at,
        _ => reg.email_expires_at,
    };
    let to = Recipient { name: &reg.name, token, expires, position };
    let mail = letters.write(letter, &to).map_err(|e| unwritten(letter, e))?;
    enqueue_composed(conn, event, &reg.email, letter.kind(), key, mail, now).await
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
    })
}

/// B6: marks a confirmed (or absent) participant as present at the door; refuses any other
/// state. Recorded in the audit log with the organiser's id.
pub async fn check_in(
    db: &Db,
    right: &crate::domain::account::EditRight,
    registration_id: i64,
    now: Timestamp,
) -> Result<State, StoreError> {
    let mut tx = db.begin_write().await?;
    let reg = load(&mut tx, registration_id).await?;
    super::ensure_same_event(right.event_id(), reg.event_id)?;
    let to = rules::apply(reg.state, Action::CheckIn)?;
    set_state(&mut tx, &reg, to, now, "organiser", Some("checked in at the door")).await?;
    super::audit::record(
        &mut tx,
        now,
        Some(right.user_id()),
        "registration.check_in",
        "registration",
        Some(reg.id),
        serde_json::json!({ "event_id": reg.event_id }),
    )
    .await?;
    tx.commit().await?;
    Ok(to)
}

/// B1: saves the registration settings of the event the right is for, with an audit entry.
pub async fn configure(
    db: &Db,
    letters: &Letters,
    right: &crate::domain::account::EditRight,
    event: &Event,
    s: &EventSettings,
    now: Timestamp,
) -> Result<(), StoreError> {
    super::ensure_same_event(right.event_id(), event.id)?;
    let mut tx = db.begin_write().await?;
    save_settings_in(&mut tx, db.backend(), letters, event, s, now).await?;
    super::audit::record(
        &mut tx,
        now,
        Some(right.user_id()),
        "registration.configure",
        "event",
        Some(event.id.get()),
        serde_json::json!({ "mode": s.rules.mode.as_str(), "places": s.rules.places }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// B6: after the event has started, marks every participant still only confirmed as absent;
/// returns how many. Those who come late can still be checked in.
pub async fn mark_no_shows(
    db: &Db,
    right: &crate::domain::account::EditRight,
    event: &Event,
    now: Timestamp,
) -> Result<u32, StoreError> {
    super::ensure_same_event(right.event_id(), event.id)?;
    if now < event.draft.dates.start_instant() {
        return Err(Refusal::NotStartedYet.into());
    }
    let mut tx = db.begin_write().await?;
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM registrations WHERE event_id = $1 AND state = 'confirmed' ORDER BY id")
            .bind(event.id)
            .fetch_all(&mut *tx)
            .await?;
    for id in &ids {
        let reg = load(&mut tx, *id).await?;
        let to = rules::apply(reg.state, Action::MarkNoShow)?;
        set_state(&mut tx, &reg, to, now, "organiser", Some("not checked in")).await?;
    }
    super::audit::record(
        &mut tx,
        now,
        Some(right.user_id()),
        "registration.no_shows",
        "event",
        Some(event.id.get()),
        serde_json::json!({ "absent": ids.len() }),
    )
    .await?;
    tx.commit().await?;
    Ok(ids.len() as u32)
}

/// B7: erases the personal data of every event whose retention period has run out since it
/// ended: its registrations (with their transitions) and the mails sent to them. Returns how
/// many registrations were erased. Counters are reset with them.
pub async fn purge_expired(db: &Db, now: Timestamp) -> Result<u64, StoreError> {
    let due: Vec<i64> = sqlx::query_scalar(
        "SELECT s.event_id FROM registration_settings s JOIN events e ON e.id = s.event_id \
         WHERE e.ends_at + s.retention_days * 86400 <= $1",
    )
    .bind(now.as_second())
    .fetch_all(db.pool())
    .await?;
    let mut erased = 0;
    for event_id in due {
        let mut tx = db.begin_write().await?;
        let done =
            sqlx::query("DELETE FROM registrations WHERE event_id = $1").bind(event_id).execute(&mut *tx).await?;
        // The queue keeps each message's outcome for organisers, but not whom it was for.
        sqlx::query(
            "UPDATE messages SET to_addr = 'effacé', subject = '', body_text = '', body_html = NULL \
             WHERE event_id = $1 AND kind LIKE 'registration%' AND to_addr <> 'effacé'",
        )
        .bind(event_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE registration_settings SET taken = 0, waiting = 0 WHERE event_id = $1")
            .bind(event_id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() > 0 {
            super::audit::record(
                &mut tx,
                now,
                None,
                "registration.purge",
                "event",
                Some(event_id),
                serde_json::json!({ "erased": done.rows_affected() }),
            )
            .await?;
        }
        tx.commit().await?;
        erased += done.rows_affected();
    }
    Ok(erased)
}

/// Demo data only: a confirmed registration of `event_id` made without mail, so that
/// `serve --demo` shows a board with people on it. Returns the registration id.
pub(crate) async fn seed_confirmed(
    db: &Db,
    event_id: EventId,
    name: &str,
    email: &str,
    organisation: &str,
    now: Timestamp,
) -> Result<i64, StoreError> {
    let mut tx = db.begin_write().await?;
    let (_, token_hash) = super::token::generate();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO registrations (event_id, email, name, organisation, participant_status, answers, state, token_hash, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, 'public_agent', '{}', 'confirmed', $5, $6, $6) RETURNING id",
    )
    .bind(event_id)
    .bind(email)
    .bind(name)
    .bind(organisation)
    .bind(&token_hash)
    .bind(now.as_second())
    .fetch_one(&mut *tx)
    .await?;
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
