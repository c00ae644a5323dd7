//! B3 B4: registering and confirming an address, in the group-commit writes of a rush,
//! and the participant's corrections to their details.

use super::*;
use crate::domain::registration as domain_rules;

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
    /// The meeting link of an online event, for the confirmation letter only (issue 19).
    pub meeting_url: Option<String>,
}

impl FormContext {
    /// Reads the context of `event`.
    pub async fn load(db: &Db, event: Event) -> Result<FormContext, StoreError> {
        let settings = find_settings(db, event.id).await?;
        let questions = crate::store::question::list(db, event.id, crate::domain::question::Form::Registration).await?;
        let wording = crate::store::mail_template::list(db, event.id).await?;
        let meeting_url = crate::store::event::find_meeting_url(db, event.id).await?;
        Ok(FormContext { event, settings, questions, wording, meeting_url })
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
    db.write(RegisterWrite {
        letters: letters.clone(),
        event: event.clone(),
        applicant: applicant.clone(),
        links: db.links().clone(),
        // The stored hash must be unique before the id, and so the derived link, is known.
        placeholder_hash: token::generate().1,
        now,
    })
    .await
}

/// The write transaction of `register`, shared with the other writes waiting (group commit).
struct RegisterWrite {
    letters: Letters,
    event: Event,
    applicant: Applicant,
    links: LinkKey,
    placeholder_hash: String,
    now: Timestamp,
}

impl GroupWrite for RegisterWrite {
    type Output = Registered;
    fn run<'a>(&'a mut self, conn: &'a mut AnyConnection, scope: &'a mut Scope) -> WriteFuture<'a, Self::Output> {
        Box::pin(register_in(conn, scope, self))
    }
}

/// How long a private link mailed again on request stays the only one mailed: one mail per
/// registration per quarter of an hour, however often someone types the address (B4).
const RESEND_WINDOW_SECONDS: i64 = 900;

/// The idempotency key of the mail that sends the link `token` of registration `id` again:
/// the same within a window, so that a repeated request does not flood the inbox.
pub(super) fn resend_key(id: i64, token: &str, now: Timestamp) -> String {
    format!("registration:{id}:link:{}:{}", &token::hash(token)[..16], now.as_second() / RESEND_WINDOW_SECONDS)
}

/// The statements of `register`, in the caller's transaction. A new address, the common
/// case, costs two statements of its own; the event's lock, its transition and its mail are
/// shared with the group (`held`).
async fn register_in(tx: &mut AnyConnection, scope: &mut Scope, w: &RegisterWrite) -> Result<Registered, StoreError> {
    let letters = &w.letters;
    let (event, applicant, now) = (&w.event, &w.applicant, w.now);
    let rules = held::held(tx, scope, event.id).await?.settings.rules.clone();
    let email = applicant.email.as_str();
    // Invitation mode: only a valid personal link registers, and only its own address.
    let invitation = match (&applicant.invitation, rules.mode) {
        (Some(t), Mode::Invitation) => match invitation::find_in(tx, event.id, t).await? {
            Some((id, invited)) if invited == email => Some(id),
            Some(_) => {
                return Err(Refusal::InvitationForAnotherAddress.into());
            }
            None => return Err(Refusal::InvitationInvalid.into()),
        },
        _ => None,
    };
    domain_rules::check_open(&rules, event.draft.dates.start_instant(), now, invitation.is_some())?;
    domain_rules::check_eligible(&rules, applicant.status, email)?;
    let expires = now.as_second() + i64::from(rules.email_hours) * 3600;
    // The common case first, in one statement: a new address. Only when the address is
    // already registered for this event is its row read.
    let inserted: Option<i64> = sqlx::query_scalar(
        "INSERT INTO registrations (event_id, email, name, organisation, participant_status, answers, state, \
         token_hash, email_expires_at, created_at, updated_at, lang, siret) \
         VALUES ($1, $2, $3, $4, $5, $6, 'pending_email', $7, $8, $9, $9, $10, $11) \
         ON CONFLICT (event_id, email) DO NOTHING RETURNING id",
    )
    .bind(event.id)
    .bind(email)
    .bind(&applicant.name)
    .bind(&applicant.organisation)
    .bind(applicant.status.as_str())
    .bind(&applicant.answers)
    .bind(&w.placeholder_hash)
    .bind(expires)
    .bind(now.as_second())
    .bind(applicant.lang.code())
    .bind(&applicant.siret)
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
            // Same address again: the registration keeps its state, its place in line and its
            // link, which is mailed again to the address (whoever typed it): typing someone's
            // address never takes their link away. H2: its mails now come in the language
            // of this latest form.
            sqlx::query("UPDATE registrations SET lang = $1 WHERE id = $2")
                .bind(applicant.lang.code())
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let token = current_link(tx, &w.links, id).await?;
            let reg = load(tx, id).await?;
            queue(tx, letters, event, &reg, Letter::Link, &resend_key(id, &token, now), &token, now).await?;
            Registered::LinkResent { id }
        }
        Some((id, state)) => {
            // A closed registration (cancelled, expired…) starts over with the new answers,
            // under the link it always had.
            sqlx::query(
                "UPDATE registrations SET name = $1, organisation = $2, participant_status = $3, answers = $4, \
                 state = 'pending_email', email_expires_at = $5, offer_expires_at = NULL, \
                 waitlist_seq = NULL, updated_at = $6, lang = $8, siret = $9 WHERE id = $7",
            )
            .bind(&applicant.name)
            .bind(&applicant.organisation)
            .bind(applicant.status.as_str())
            .bind(&applicant.answers)
            .bind(expires)
            .bind(now.as_second())
            .bind(id)
            .bind(applicant.lang.code())
            .bind(&applicant.siret)
            .execute(&mut *tx)
            .await?;
            let t = transition(
                tx,
                id,
                State::parse(&state),
                State::PendingEmail,
                now,
                "participant",
                Some("registered again"),
            )
            .await?;
            let token = current_link(tx, &w.links, id).await?;
            let reg = load(tx, id).await?;
            if applicant.email_verified {
                admit_in(tx, scope, letters, event, &reg, &token, now, "address verified by ProConnect").await?;
            } else {
                let key = format!("registration:{id}:confirm-email:{t}");
                queue(tx, letters, event, &reg, Letter::ConfirmEmail, &key, &token, now).await?;
            }
            Registered::New { id }
        }
        None => {
            let id = inserted.ok_or(StoreError::Corrupt("a registration neither inserted nor found".into()))?;
            // The link of a new registration is derived from its id, known only now.
            let token = w.links.registration(id, 0);
            sqlx::query("UPDATE registrations SET token_hash = $1 WHERE id = $2")
                .bind(token::hash(&token))
                .bind(id)
                .execute(&mut *tx)
                .await?;
            held::record(tx, scope, id, None, State::PendingEmail, now, "participant", None).await?;
            if applicant.email_verified {
                // I1: ProConnect vouched for the address: admitted now, no mail to confirm it.
                let reg = load(tx, id).await?;
                admit_in(tx, scope, letters, event, &reg, &token, now, "address verified by ProConnect").await?;
                return finish_invitation(tx, invitation, Registered::New { id }).await;
            }
            // A new registration's first request: a registration that starts over uses the
            // id of its transition instead, so the two never meet.
            let key = format!("registration:{id}:confirm-email:new");
            let to = Recipient {
                name: &applicant.name,
                token: &token,
                expires: Some(expires),
                position: 0,
                door_code: "",
                lang: applicant.lang,
            };
            let mail = letters.write(Letter::ConfirmEmail, &to).map_err(|e| unwritten(Letter::ConfirmEmail, e))?;
            scope.enqueue(NewMessage::composed(key, Some(event.id), Letter::ConfirmEmail.kind(), email, mail), now);
            Registered::New { id }
        }
    };
    finish_invitation(tx, invitation, outcome).await
}

/// Links the invitation used, if any, to the registration it made.
async fn finish_invitation(
    tx: &mut AnyConnection,
    invitation: Option<i64>,
    outcome: Registered,
) -> Result<Registered, StoreError> {
    if let (Some(invitation), Registered::New { id } | Registered::LinkResent { id }) = (invitation, &outcome) {
        sqlx::query("UPDATE invitations SET registration_id = $1 WHERE id = $2")
            .bind(id)
            .bind(invitation)
            .execute(&mut *tx)
            .await?;
    }
    Ok(outcome)
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
    db.write(ConfirmWrite { letters: letters.clone(), event: event.clone(), token: token.to_owned(), now }).await
}

/// The write transaction of `confirm_email`, shared with the other writes waiting.
struct ConfirmWrite {
    letters: Letters,
    event: Event,
    token: String,
    now: Timestamp,
}

impl GroupWrite for ConfirmWrite {
    type Output = State;
    fn run<'a>(&'a mut self, conn: &'a mut AnyConnection, scope: &'a mut Scope) -> WriteFuture<'a, Self::Output> {
        Box::pin(confirm_email_in(conn, scope, self))
    }
}

/// The statements of `confirm_email`, in the caller's transaction. The common case, an
/// address confirmed in time, is one statement of its own: the registration moves only if it
/// still waits for its address, with the admission its event's counters give now.
async fn confirm_email_in(tx: &mut AnyConnection, scope: &mut Scope, w: &ConfirmWrite) -> Result<State, StoreError> {
    let (event, token, now) = (&w.event, w.token.as_str(), w.now);
    if !token::looks_valid(token) {
        return Err(StoreError::NotFound);
    }
    let decision = held::held(tx, scope, event.id).await?.decide(State::PendingEmail)?;
    // The row is found by its link's hash in a subquery, then by its id. With the event and
    // the state beside the hash, PostgreSQL's generic plan of the prepared statement chose
    // the index of the event's states on a fresh table, and walked every row waiting in the
    // rush: 0.6 ms a confirmation instead of 0.03 (pg_stat_statements, bench/README.md).
    let moved = sqlx::query(sqlx::AssertSqlSafe(format!(
        "UPDATE registrations SET state = $1, waitlist_seq = COALESCE($2, waitlist_seq), updated_at = $3 \
         WHERE id = (SELECT id FROM registrations WHERE token_hash = $4 AND event_id = $5) \
         AND state = 'pending_email' AND (email_expires_at IS NULL OR email_expires_at > $3) RETURNING {COLUMNS}"
    )))
    .bind(decision.to.as_str())
    .bind(decision.next_seq)
    .bind(now.as_second())
    .bind(token::hash(token))
    .bind(event.id)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(row) = moved {
        let reg = Registration { state: State::PendingEmail, ..from_row(&row)? };
        admitted(tx, scope, &w.letters, event, &reg, token, &decision, now, "address confirmed").await?;
        return Ok(decision.to);
    }
    // Not moved: confirmed already, another state, out of time, or no such link.
    let reg = load_by_token(tx, event.id, token).await?;
    if reg.state != State::PendingEmail {
        return Ok(reg.state);
    }
    if reg.email_expires_at.is_some_and(|t| t <= now.as_second()) {
        // The expiry is written with the group; the answer is the refusal.
        set_state(tx, &reg, State::Expired, now, "clock", Some("address not confirmed in time")).await?;
        return Err(StoreError::from(Refusal::Closed));
    }
    admit_in(tx, scope, &w.letters, event, &reg, token, now, "address confirmed").await
}

/// A registration whose address is now known good is admitted (confirmed, waitlisted or
/// preregistered, by the event's mode and capacity counted now) and told so by mail.
#[allow(clippy::too_many_arguments)]
async fn admit_in(
    tx: &mut AnyConnection,
    scope: &mut Scope,
    letters: &Letters,
    event: &Event,
    reg: &Registration,
    token: &str,
    now: Timestamp,
    note: &'static str,
) -> Result<State, StoreError> {
    let decision = held::held(tx, scope, event.id).await?.decide(reg.state)?;
    sqlx::query(
        "UPDATE registrations SET state = $1, waitlist_seq = COALESCE($2, waitlist_seq), updated_at = $3 WHERE id = $4",
    )
    .bind(decision.to.as_str())
    .bind(decision.next_seq)
    .bind(now.as_second())
    .bind(reg.id)
    .execute(&mut *tx)
    .await?;
    admitted(tx, scope, letters, event, reg, token, &decision, now, note).await?;
    Ok(decision.to)
}

/// What follows an admission written to the registration's row: the event's counters, the
/// transition, the mail, and the event's pages once its last place is taken.
#[allow(clippy::too_many_arguments)]
async fn admitted(
    tx: &mut AnyConnection,
    scope: &mut Scope,
    letters: &Letters,
    event: &Event,
    reg: &Registration,
    token: &str,
    &held::Decision { admission, to, .. }: &held::Decision,
    now: Timestamp,
    note: &'static str,
) -> Result<(), StoreError> {
    let held = held::held(tx, scope, event.id).await?;
    // A new arrival on the waitlist is at its end.
    let position = i64::from(held.waiting) + 1;
    held.admit(admission);
    let full = admission == Admission::Confirmed && held.taken == held.settings.rules.places;
    let kind = match admission {
        Admission::Confirmed => Letter::Confirmed,
        Admission::Waitlisted => Letter::Waitlisted,
        Admission::Preregistered => Letter::Preregistered,
    };
    held::record(tx, scope, reg.id, Some(reg.state), to, now, "participant", Some(note)).await?;
    let key = format!("registration:{}:{}", reg.id, to.as_str());
    let mail = compose(letters, reg, kind, token, position)?;
    scope.enqueue(NewMessage::composed(key, Some(event.id), kind.kind(), &reg.email, mail), now);
    // The event page says "complet" from now on.
    scope.content_changed |= full;
    Ok(())
}
