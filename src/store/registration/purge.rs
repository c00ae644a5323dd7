//! B7: erasing the personal data of events past their retention period.

use super::*;

/// B7 H1: the retention period, in days after its end, of every published event that takes
/// registrations, with the event: what the personal-data page states.
pub async fn retention_periods(db: &Db) -> Result<Vec<(EventId, u32)>, StoreError> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT s.event_id, s.retention_days FROM registration_settings s JOIN events e ON e.id = s.event_id \
         WHERE e.status = 'published' ORDER BY e.starts_at DESC",
    )
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(|(id, days)| (EventId::new(id), u32::try_from(days).unwrap_or(u32::MAX))).collect())
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
            crate::store::audit::record(
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
