//! O1 E5: change notices between instances, through PostgreSQL's `LISTEN`/`NOTIFY`. An
//! instance that changes a board sends a notice after its commit; every instance listens
//! and re-renders the board for its own viewers. SQLite deployments are one instance: there
//! is nothing to send. Notices name their origin, so an instance skips its own.

use super::{Backend, DatabaseUrl, Db, StoreError};
use crate::domain::event::EventId;
use sqlx::AnyPool;
use sqlx::postgres::PgListener;

/// Where a PostgreSQL deployment's notices travel: one channel per schema, since channels
/// are shared by a whole database.
#[derive(Clone)]
pub struct Channel {
    url: DatabaseUrl,
    name: String,
}

impl Channel {
    /// The channel of the schema `pool` works in.
    pub(super) async fn of(url: &DatabaseUrl, pool: &AnyPool) -> Result<Channel, sqlx::Error> {
        let schema: String = sqlx::query_scalar("SELECT current_schema()::text").fetch_one(pool).await?;
        Ok(Channel { url: url.clone(), name: channel_name(&schema) })
    }
}

/// `rencontres_board_<schema>`, cut to PostgreSQL's 63-byte identifiers.
fn channel_name(schema: &str) -> String {
    let mut name = format!("rencontres_board_{schema}");
    while name.len() > 63 {
        name.pop();
    }
    name
}

/// Tells the other instances that the board of `event_id` changed; `origin` identifies the
/// sender. Nothing to do on SQLite.
pub async fn board_changed(db: &Db, origin: u64, event_id: EventId) -> Result<(), StoreError> {
    let Some(channel) = &db.notices else { return Ok(()) };
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(&channel.name)
        .bind(format!("{origin}:{}", event_id.get()))
        .execute(db.pool())
        .await?;
    Ok(())
}

/// What a listener hears.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// The board of `event_id` changed on instance `origin`.
    BoardChanged { origin: u64, event_id: EventId },
    /// The connection was lost and is back: notices may have been missed meanwhile.
    Reconnected,
}

/// A connection that listens to the deployment's notices (PostgreSQL only).
pub struct Listener {
    inner: PgListener,
}

impl Listener {
    /// Starts listening; `None` on SQLite, where there are no other instances.
    pub async fn start(db: &Db) -> Result<Option<Listener>, StoreError> {
        let Some(channel) = &db.notices else { return Ok(None) };
        debug_assert_eq!(db.backend, Backend::Postgres);
        let mut inner = PgListener::connect(channel.url.expose()).await?;
        inner.listen(&channel.name).await?;
        Ok(Some(Listener { inner }))
    }

    /// The next notice; reconnects by itself after a lost connection (and says so). Notices
    /// that cannot be read are skipped.
    pub async fn next(&mut self) -> Result<Notice, StoreError> {
        loop {
            match self.inner.try_recv().await? {
                None => return Ok(Notice::Reconnected),
                Some(n) => {
                    if let Some(notice) = parse(n.payload()) {
                        return Ok(notice);
                    }
                }
            }
        }
    }
}

fn parse(payload: &str) -> Option<Notice> {
    let (origin, id) = payload.split_once(':')?;
    let event_id = EventId::new(id.parse().ok()?);
    Some(Notice::BoardChanged { origin: origin.parse().ok()?, event_id })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_are_read_or_skipped() {
        assert_eq!(parse("42:7"), Some(Notice::BoardChanged { origin: 42, event_id: EventId::new(7) }));
        assert_eq!(parse("42"), None);
        assert_eq!(parse("x:7"), None);
        assert_eq!(channel_name(&"s".repeat(80)).len(), 63);
    }
}
