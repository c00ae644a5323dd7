//! C3: the review of the proposals by the event's reviewers and organisers.

use super::{json_list, load_one};
use crate::domain::account::ReviewRight;
use crate::domain::cfp::{Proposal, Review, Scores};
use crate::domain::event::EventId;
use crate::store::{Db, StoreError};
use jiff::Timestamp;
use sqlx::Row;

/// One proposal of the event the right is for; `NotFound` for another event's proposal.
pub async fn get_for_review(db: &Db, right: &ReviewRight, id: i64) -> Result<Proposal, StoreError> {
    let mut conn = db.pool().acquire().await?;
    let p = load_one(&mut conn, id).await?;
    if p.event_id != right.event_id() {
        return Err(StoreError::NotFound);
    }
    Ok(p)
}

/// Every review of the proposals of the right's event, with the reviewer's name or address.
pub async fn reviews(db: &Db, right: &ReviewRight) -> Result<Vec<Review>, StoreError> {
    reviews_of(db, right.event_id()).await
}

/// Like `reviews`, for the command line, whose operator holds every right on the machine.
pub async fn reviews_as_operator(db: &Db, event_id: EventId) -> Result<Vec<Review>, StoreError> {
    reviews_of(db, event_id).await
}

async fn reviews_of(db: &Db, event_id: EventId) -> Result<Vec<Review>, StoreError> {
    let rows = sqlx::query(
        "SELECT r.proposal_id, r.user_id, u.name, u.email, r.scores, r.comment FROM proposal_reviews r \
         JOIN proposals p ON p.id = r.proposal_id JOIN users u ON u.id = r.user_id WHERE p.event_id = $1 ORDER BY r.proposal_id, u.email",
    )
    .bind(event_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let name: String = r.try_get("name")?;
            let email: String = r.try_get("email")?;
            Ok(Review {
                proposal_id: r.try_get("proposal_id")?,
                user_id: r.try_get("user_id")?,
                reviewer: if name.trim().is_empty() { email } else { name },
                scores: json_list(&r.try_get::<String, _>("scores")?, "scores")?,
                comment: r.try_get("comment")?,
            })
        })
        .collect()
}

/// How many accounts may review the right's event (its reviewers and organisers), for coverage.
pub async fn reviewer_count(db: &Db, right: &ReviewRight) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar("SELECT COUNT(DISTINCT user_id) FROM event_roles WHERE event_id = $1")
        .bind(right.event_id())
        .fetch_one(db.pool())
        .await?)
}

/// Saves the holder's review of a proposal of their event, replacing their previous one.
pub async fn save_review(
    db: &Db,
    right: &ReviewRight,
    id: i64,
    scores: &Scores,
    comment: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let event_id: Option<EventId> =
        sqlx::query_scalar("SELECT event_id FROM proposals WHERE id = $1").bind(id).fetch_optional(&mut *tx).await?;
    if event_id != Some(right.event_id()) {
        return Err(StoreError::NotFound);
    }
    sqlx::query(
        "INSERT INTO proposal_reviews (proposal_id, user_id, scores, comment, updated_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (proposal_id, user_id) DO UPDATE SET scores = excluded.scores, comment = excluded.comment, updated_at = excluded.updated_at",
    )
    .bind(id)
    .bind(right.user_id())
    .bind(serde_json::to_string(scores).expect("scores serialise"))
    .bind(comment)
    .bind(now.as_second())
    .execute(&mut *tx)
    .await?;
    crate::store::audit::record(
        &mut tx,
        now,
        Some(right.user_id()),
        "cfp.review",
        "proposal",
        Some(id),
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// C3 (issue 19): what accepted speakers changed after the decision, by proposal id, as the
/// codes `title` and `minutes`; proposals without a change are left out.
pub async fn changed_after_decision(
    db: &Db,
    event_id: crate::domain::event::EventId,
) -> Result<std::collections::HashMap<i64, Vec<String>>, StoreError> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, changed_after_decision FROM proposals WHERE event_id = $1 AND changed_after_decision IS NOT NULL",
    )
    .bind(event_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(|(id, codes)| (id, codes.split(',').map(str::to_owned).collect())).collect())
}
