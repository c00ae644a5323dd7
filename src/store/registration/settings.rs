//! B1: an event's registration settings and the live counts of its registrations.

use super::*;

/// Returns the settings of an event, or `None` when it takes no registrations.
pub async fn find_settings(db: &Db, event_id: EventId) -> Result<Option<EventSettings>, StoreError> {
    let mut conn = db.pool().acquire().await?;
    load_settings(&mut conn, event_id).await
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
    save_settings_in(&mut tx, db.links(), letters, event, s, now).await?;
    tx.commit().await?;
    Ok(())
}

/// B1: saves the registration settings of the event the right is for, with an audit entry;
/// refuses fewer places than are held or offered (`PlacesBelowTaken`).
pub async fn configure(
    db: &Db,
    letters: &Letters,
    right: &crate::domain::account::EditRight,
    event: &Event,
    s: &EventSettings,
    now: Timestamp,
) -> Result<(), StoreError> {
    crate::store::ensure_same_event(right.event_id(), event.id)?;
    let mut tx = db.begin_write().await?;
    let sql = match db.backend() {
        Backend::Sqlite => "SELECT taken FROM registration_settings WHERE event_id = $1",
        // The row a registration locks to take a place: no place is taken while this counts.
        Backend::Postgres => "SELECT taken FROM registration_settings WHERE event_id = $1 FOR UPDATE",
    };
    let taken: Option<i64> = sqlx::query_scalar(sql).bind(event.id).fetch_optional(&mut *tx).await?;
    crate::domain::registration::check_capacity(s.rules.places, u32::try_from(taken.unwrap_or(0)).unwrap_or(u32::MAX))?;
    save_settings_in(&mut tx, db.links(), letters, event, s, now).await?;
    crate::store::audit::record(
        &mut tx,
        now,
        right.account_id(),
        "registration.configure",
        "event",
        Some(event.id.get()),
        serde_json::json!({ "mode": s.rules.mode.as_str(), "places": s.rules.places }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
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

/// The counters kept with the settings, for checking them against the rows: `(taken, waiting)`.
pub async fn counters(db: &Db, event_id: EventId) -> Result<(u32, u32), StoreError> {
    let mut conn = db.pool().acquire().await?;
    capacity(&mut conn, event_id).await
}
