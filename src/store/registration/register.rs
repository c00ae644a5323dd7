//! B3 B4: registering and confirming an address, in the group-commit writes of a rush,
//! and the participant's corrections to their details.

use super::*;

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
        backend: db.backend(),
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
    backend: Backend,
}

impl GroupWrite for RegisterWrite {
    type Output = Registered;
    fn run<'a>(&'a mut self, conn: &'a mut AnyConnection) -> WriteFuture<'a, Self::Output> {
        Box::pin(register_in(conn, self))
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

/// The statements of `register`, in the caller's transaction.
async fn register_in(tx: &mut AnyConnection, w: &RegisterWrite) -> Result<Registered, StoreError> {
    let letters = &w.letters;
    let (event, applicant, now) = (&w.event, &w.applicant, w.now);
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
                admit_in(tx, letters, event, &reg, &token, now, "address verified by ProConnect").await?;
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
            let t = transition(tx, id, None, State::PendingEmail, now, "participant", None).await?;
            if applicant.email_verified {
                // I1: ProConnect vouched for the address: admitted now, no mail to confirm it.
                let reg = load(tx, id).await?;
                admit_in(tx, letters, event, &reg, &token, now, "address verified by ProConnect").await?;
                return finish_invitation(tx, invitation, Registered::New { id }).await;
            }
            let key = format!("registration:{id}:confirm-email:{t}");
            let to = Recipient {
                name: &applicant.name,
                token: &token,
                expires: Some(expires),
                position: 0,
                door_code: "",
                lang: applicant.lang,
            };
            let mail = letters.write(Letter::ConfirmEmail, &to).map_err(|e| unwritten(Letter::ConfirmEmail, e))?;
            enqueue_composed(tx, event, email, Letter::ConfirmEmail.kind(), &key, mail, now).await?;
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
    admit_in(tx, &w.letters, event, &reg, token, now, "address confirmed").await
}

/// A registration whose address is now known good is admitted (confirmed, waitlisted or
/// preregistered, by the event's mode and capacity counted now) and told so by mail.
async fn admit_in(
    tx: &mut AnyConnection,
    letters: &Letters,
    event: &Event,
    reg: &Registration,
    token: &str,
    now: Timestamp,
    note: &str,
) -> Result<State, StoreError> {
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
    transition(tx, reg.id, Some(reg.state), to, now, "participant", Some(note)).await?;
    // A new arrival on the waitlist is at its end.
    let position = i64::from(waiting) + 1;
    let key = format!("registration:{}:{}", reg.id, to.as_str());
    queue_at(tx, letters, event, reg, kind, &key, token, position, now).await?;
    if admission == Admission::Confirmed && taken + 1 == settings.rules.places {
        // The event page says "complet" from now on.
        crate::store::bump_content_version(tx).await?;
    }
    Ok(to)
}
