//! O1: rate limits shared by every instance of a deployment, for PostgreSQL deployments
//! behind a load balancer (one instance on SQLite keeps them in memory, `web::limit`). The
//! generic cell rate algorithm: one row per key holds the theoretical arrival time (TAT) of
//! the next try, in milliseconds; a try is allowed while the TAT is at most `burst - 1`
//! intervals ahead of now, and pushes it one interval further. One atomic upsert a try.

use super::{Backend, Db, StoreError};

/// Takes one try for `key` at `now_ms`: `burst` tries at once, then one every `interval_ms`.
/// `None` when allowed; `Some(wait_ms)` until the next try is allowed when refused.
///
/// On PostgreSQL the upsert is one statement in its own implicit transaction on an unlogged
/// table (migration 0021): the row's lock is held for the statement alone, with no round trip
/// to a `COMMIT` and no wait for the write-ahead log to reach the disk. Behind a NAT every
/// client shares one row, so its lock should be short. (Measured in `bench/README.md`: the
/// registration rush on PostgreSQL went no faster for it; the limit was not its bottleneck.)
/// A crash forgets the limits, which only lets a few more tries through.
pub async fn take(db: &Db, key: &str, now_ms: i64, interval_ms: i64, burst: u32) -> Result<Option<i64>, StoreError> {
    let interval_ms = interval_ms.max(1);
    let tolerance = interval_ms.saturating_mul(i64::from(burst.max(1)) - 1);
    let upsert = sqlx::query(
        "INSERT INTO rate_limits (key, tat) VALUES ($1, $2 + $3) \
         ON CONFLICT (key) DO UPDATE SET \
           tat = CASE WHEN rate_limits.tat > $2 THEN rate_limits.tat ELSE $2 END + $3 \
         WHERE rate_limits.tat - $2 <= $4",
    )
    .bind(key)
    .bind(now_ms)
    .bind(interval_ms)
    .bind(tolerance);
    let taken = match db.backend() {
        Backend::Postgres => upsert.execute(db.pool()).await?.rows_affected() == 1,
        // SQLite: every write goes through the one writer.
        Backend::Sqlite => {
            let mut tx = db.begin_write().await?;
            let taken = upsert.execute(&mut *tx).await?.rows_affected() == 1;
            tx.commit().await?;
            taken
        }
    };
    if taken {
        return Ok(None);
    }
    let tat: i64 =
        sqlx::query_scalar("SELECT tat FROM rate_limits WHERE key = $1").bind(key).fetch_one(db.pool()).await?;
    Ok(Some((tat - now_ms - tolerance).max(1)))
}

/// Deletes the rows whose time has passed (they allow a full burst, like no row at all).
pub async fn prune(db: &Db, now_ms: i64) -> Result<u64, StoreError> {
    let mut tx = db.begin_write().await?;
    let gone = sqlx::query("DELETE FROM rate_limits WHERE tat < $1").bind(now_ms).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(gone.rows_affected())
}
