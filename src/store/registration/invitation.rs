//! B1: invitation mode. Organisers paste or upload addresses; each gets a personal link,
//! and only those links open the registration form, for the invited address alone.

use crate::domain::account::EditRight;
use crate::domain::email::Email;
use crate::domain::event::Event;
use crate::domain::event::EventId;
use crate::domain::message::{Draft, Hole};
use crate::domain::registration::{Invitation, Invited, split_list};
use crate::store::message::{self, NewMessage};
use crate::store::{Db, StoreError, token};
use jiff::Timestamp;
use sqlx::AnyConnection;

/// Creates an invitation for every new valid address in `list` and queues its mail (`letter`,
/// with a hole for each personal link's token), in one transaction. At most 5,000 addresses
/// at a time.
pub async fn invite(
    db: &Db,
    letter: &Draft,
    right: &EditRight,
    event: &Event,
    list: &str,
    now: Timestamp,
) -> Result<Invited, StoreError> {
    crate::store::ensure_same_event(right.event_id(), event.id)?;
    let candidates = split_list(list);
    if candidates.len() > 5000 {
        return Err(crate::domain::registration::Refusal::TooManyInvitations.into());
    }
    let mut result = Invited::default();
    let mut tx = db.begin_write().await?;
    for c in candidates {
        let Ok(email) = Email::parse(&c) else {
            result.invalid.push(c);
            continue;
        };
        let email = email.into_string();
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM invitations WHERE event_id = $1 AND email = $2")
            .bind(event.id)
            .bind(&email)
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_some() {
            result.already.push(email);
            continue;
        }
        let (token, token_hash) = token::generate();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO invitations (event_id, email, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(event.id)
        .bind(&email)
        .bind(&token_hash)
        .bind(now.as_second())
        .fetch_one(&mut *tx)
        .await?;
        let composed = letter.fill(&[(Hole::Token, &token)]);
        let mail = NewMessage::composed(
            format!("invitation:{id}"),
            Some(event.id),
            "registration_invitation",
            &email,
            composed,
        );
        message::enqueue(&mut tx, &mail, now).await?;
        result.sent.push(email);
    }
    crate::store::audit::record(&mut tx, now, right.account_id(), "registration.invite", "event", Some(event.id.get()), serde_json::json!({ "sent": result.sent.len(), "already": result.already.len(), "invalid": result.invalid.len() })).await?;
    tx.commit().await?;
    Ok(result)
}

/// An invitation's row: id, address, created, registration, revoked.
type InvitationRow = (i64, String, i64, Option<i64>, Option<i64>);

/// The invitations of an event, newest first.
pub async fn list(db: &Db, event_id: EventId) -> Result<Vec<Invitation>, StoreError> {
    let rows: Vec<InvitationRow> = sqlx::query_as(
        "SELECT id, email, created_at, registration_id, revoked_at FROM invitations WHERE event_id = $1 ORDER BY id DESC",
    )
    .bind(event_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, email, created_at, registration_id, revoked)| Invitation {
            id,
            email,
            created_at,
            registration_id,
            revoked: revoked.is_some(),
        })
        .collect())
}

/// The invited address a link opens, when the link is valid for this event and not revoked.
pub async fn find(db: &Db, event_id: EventId, token: &str) -> Result<Option<String>, StoreError> {
    let mut conn = db.pool().acquire().await?;
    find_in(&mut conn, event_id, token).await.map(|o| o.map(|(_, e)| e))
}

/// `(invitation id, address)` of a valid link, inside a transaction.
pub(super) async fn find_in(
    conn: &mut AnyConnection,
    event_id: EventId,
    token: &str,
) -> Result<Option<(i64, String)>, StoreError> {
    if !token::looks_valid(token) {
        return Ok(None);
    }
    Ok(sqlx::query_as(
        "SELECT id, email FROM invitations WHERE event_id = $1 AND token_hash = $2 AND revoked_at IS NULL",
    )
    .bind(event_id)
    .bind(token::hash(token))
    .fetch_optional(&mut *conn)
    .await?)
}

/// Revokes an invitation: its link no longer opens the form (a registration already made
/// with it stays).
pub async fn revoke(db: &Db, right: &EditRight, id: i64, now: Timestamp) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let event_id: Option<EventId> =
        sqlx::query_scalar("SELECT event_id FROM invitations WHERE id = $1").bind(id).fetch_optional(&mut *tx).await?;
    crate::store::ensure_same_event(right.event_id(), event_id.ok_or(StoreError::NotFound)?)?;
    let done =
        sqlx::query("UPDATE invitations SET revoked_at = $1 WHERE id = $2 AND event_id = $3 AND revoked_at IS NULL")
            .bind(now.as_second())
            .bind(id)
            .bind(right.event_id())
            .execute(&mut *tx)
            .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    crate::store::audit::record(
        &mut tx,
        now,
        right.account_id(),
        "registration.revoke_invitation",
        "event",
        Some(right.event_id().get()),
        serde_json::json!({ "invitation": id }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
