//! Group commit on SQLite. SQLite has one writer at a time; during a rush (B2) hundreds of
//! registrations wait for it, and each paid for its own `BEGIN` and `COMMIT` (the commit
//! writes every page it touched to the WAL). Here the writes that are waiting when the
//! writer becomes free share one transaction: each runs its statements in turn, the group
//! commits once, then each gets its answer. Nobody is answered before the commit.
//!
//! A write that fails inside a group (a database error, not a refusal: `StoreError::Refused`
//! and `NotFound` are answers, see `is_answer`) undoes the whole group; every write of the group is then run again alone, in its own
//! transaction, so that one failure never costs the others their registration.
//!
//! PostgreSQL does the same, for another reason: each commit waits for the write-ahead log
//! to reach the disk, and the writes of one event wait for each other anyway (its settings
//! row is locked until commit). Other processes write beside this queue; the row locks keep
//! them apart.

use super::{Backend, StoreError};
use sqlx::{AnyConnection, AnyPool};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::sync::{mpsc, oneshot};

/// A future borrowing the write and the connection.
pub type WriteFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;

/// A write transaction's body, able to share the transaction with others. `run` may be
/// called twice (a second time alone, after its group was undone): it must not consume what
/// it needs. A refusal or `NotFound` is an answer, committed with what the write did before
/// it (see `is_answer`); any other `Err` undoes the transaction. It writes through `conn`
/// and `scope` only: on SQLite the group holds the one write connection, so a `Db::write` or
/// `Db::begin_write` from inside would wait for itself.
pub trait GroupWrite: Send + 'static {
    type Output: Send + 'static;
    fn run<'a>(&'a mut self, conn: &'a mut AnyConnection, scope: &'a mut Scope) -> WriteFuture<'a, Self::Output>;
}

/// What the writes of one transaction share, so that a group of 64 registrations pays once
/// for what each would otherwise do alone (O1: on PostgreSQL each statement is a round trip,
/// and the writes of one event run one after the other behind its lock):
/// - the settings row of each event, locked and read once, with its counters kept here and
///   written back once before the commit (`store::registration::held`);
/// - whether any webhook subscription is active, read once;
/// - the transitions and messages the writes record, inserted together before the commit,
///   a few rows per statement.
///
/// A scope lives as long as its transaction: when a group is undone, its scope goes with it,
/// and each write runs again alone with a fresh one.
pub struct Scope {
    pub(super) backend: Backend,
    pub(super) events: std::collections::HashMap<crate::domain::event::EventId, super::registration::Held>,
    pub(super) hooks: Option<bool>,
    pub(super) transitions: Vec<super::registration::NewTransition>,
    pub(super) messages: Vec<(super::message::NewMessage, jiff::Timestamp)>,
    /// An event became full in this transaction: its pages must say so.
    pub(super) content_changed: bool,
}

impl Scope {
    pub(super) fn new(backend: Backend) -> Scope {
        Scope {
            backend,
            events: Default::default(),
            hooks: None,
            transitions: Vec::new(),
            messages: Vec::new(),
            content_changed: false,
        }
    }

    /// Queues `message` with the transaction: inserted before it commits.
    pub(super) fn enqueue(&mut self, message: super::message::NewMessage, now: jiff::Timestamp) {
        self.messages.push((message, now));
    }

    /// Writes what the writes left here, in the transaction, before its commit.
    pub(super) async fn flush(&mut self, conn: &mut AnyConnection) -> Result<(), StoreError> {
        super::registration::flush_held(conn, self).await?;
        super::message::enqueue_many(conn, &std::mem::take(&mut self.messages)).await?;
        if std::mem::take(&mut self.content_changed) {
            super::bump_content_version(conn).await?;
        }
        Ok(())
    }
}

/// At most this many writes share a transaction: a group holds every answer until it
/// commits, so its size bounds the wait it adds.
const MAX_GROUP: usize = 64;

/// Whether an error is an answer to give the user rather than a failure: a refusal is decided
/// before anything is written, or comes with what must be written (an expired address), so
/// it is committed with the rest of the group; any other error undoes the group.
fn is_answer(e: &StoreError) -> bool {
    matches!(e, StoreError::Refused(_) | StoreError::NotFound)
}

/// A write waiting in the queue, its type forgotten.
trait Queued: Send {
    fn run<'a>(&'a mut self, conn: &'a mut AnyConnection, scope: &'a mut Scope) -> WriteFuture<'a, ()>;
    /// Forgets the output of a run whose transaction was undone.
    fn undo(&mut self);
    fn finish(self: Box<Self>, outcome: Result<(), StoreError>);
}

struct Slot<W: GroupWrite> {
    write: W,
    output: Option<Result<W::Output, StoreError>>,
    reply: oneshot::Sender<Result<W::Output, StoreError>>,
}

impl<W: GroupWrite> Queued for Slot<W> {
    fn run<'a>(&'a mut self, conn: &'a mut AnyConnection, scope: &'a mut Scope) -> WriteFuture<'a, ()> {
        Box::pin(async move {
            self.output = Some(match self.write.run(conn, scope).await {
                Ok(output) => Ok(output),
                Err(e) if is_answer(&e) => Err(e),
                Err(e) => return Err(e),
            });
            Ok(())
        })
    }

    fn undo(&mut self) {
        self.output = None;
    }

    fn finish(self: Box<Self>, outcome: Result<(), StoreError>) {
        let Slot { output, reply, .. } = *self;
        let answer = outcome.and_then(|()| {
            output.unwrap_or_else(|| Err(StoreError::Corrupt("a committed write without output".into())))
        });
        // The caller may be gone (the client hung up): the write is done all the same.
        let _ = reply.send(answer);
    }
}

/// The sending end of the queue; the loop that empties it runs on the writer's thread.
#[derive(Clone)]
pub struct Groups {
    queue: mpsc::UnboundedSender<Box<dyn Queued>>,
    tally: Arc<Tally>,
}

/// How a transaction of the queue starts: on SQLite it takes the write lock at once.
fn begin_statement(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "BEGIN IMMEDIATE",
        Backend::Postgres => "BEGIN",
    }
}

/// What the loop did since it started.
#[derive(Debug, Default)]
pub struct Tally {
    /// Transactions committed, each with one write or more.
    pub commits: AtomicU64,
    /// Writes committed.
    pub writes: AtomicU64,
    /// Groups undone by a failing write (their writes then ran alone).
    pub undone: AtomicU64,
}

impl Groups {
    /// Starts the loop on `runtime`, writing through `writer`. The loop ends when every
    /// `Groups` is dropped.
    pub fn start(writer: AnyPool, backend: Backend, runtime: &tokio::runtime::Handle) -> Groups {
        let (queue, waiting) = mpsc::unbounded_channel();
        let tally = Arc::new(Tally::default());
        runtime.spawn(run_groups(writer, backend, waiting, tally.clone()));
        Groups { queue, tally }
    }

    pub fn tally(&self) -> &Tally {
        &self.tally
    }

    /// Queues `write` and waits for its answer, given once its group has committed.
    pub async fn write<W: GroupWrite>(&self, write: W) -> Result<W::Output, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.queue
            .send(Box::new(Slot { write, output: None, reply }))
            .map_err(|_| StoreError::Corrupt("the writer has stopped".into()))?;
        answer.await.map_err(|_| StoreError::Corrupt("the write was lost: its group failed".into()))?
    }
}

async fn run_groups(
    writer: AnyPool,
    backend: Backend,
    mut waiting: mpsc::UnboundedReceiver<Box<dyn Queued>>,
    tally: Arc<Tally>,
) {
    while let Some(first) = waiting.recv().await {
        let mut group = vec![first];
        while group.len() < MAX_GROUP {
            match waiting.try_recv() {
                Ok(next) => group.push(next),
                Err(_) => break,
            }
        }
        // A task of its own: a write that panics loses its group's answers (their callers
        // get an error), not the loop.
        let (writer, tally) = (writer.clone(), tally.clone());
        if let Err(e) = tokio::spawn(async move { run_group(&writer, backend, group, &tally).await }).await {
            tracing::error!(error = %e, "a group of writes failed");
        }
    }
}

async fn run_group(writer: &AnyPool, backend: Backend, mut group: Vec<Box<dyn Queued>>, tally: &Tally) {
    if group.len() > 1 {
        match together(writer, backend, &mut group).await {
            Ok(()) => {
                tally.commits.fetch_add(1, Ordering::Relaxed);
                tally.writes.fetch_add(group.len() as u64, Ordering::Relaxed);
                for write in group {
                    write.finish(Ok(()));
                }
                return;
            }
            Err(e) => {
                tracing::warn!(error = %e, writes = group.len(), "a group of writes was undone; each runs again alone");
                tally.undone.fetch_add(1, Ordering::Relaxed);
                for write in &mut group {
                    write.undo();
                }
            }
        }
    }
    for mut write in group {
        let outcome = together(writer, backend, std::slice::from_mut(&mut write)).await;
        if outcome.is_err() {
            write.undo();
        } else {
            tally.commits.fetch_add(1, Ordering::Relaxed);
            tally.writes.fetch_add(1, Ordering::Relaxed);
        }
        write.finish(outcome);
    }
}

/// Runs `group` in one transaction with one scope, writes what the scope gathered, commits.
async fn together(writer: &AnyPool, backend: Backend, group: &mut [Box<dyn Queued>]) -> Result<(), StoreError> {
    let mut tx = writer.begin_with(begin_statement(backend)).await?;
    let mut scope = Scope::new(backend);
    for write in group.iter_mut() {
        write.run(&mut tx, &mut scope).await?;
    }
    scope.flush(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::refusal::Refusal;
    use sqlx::Executor;

    /// Inserts its value; the one marked `broken` fails on a missing table after writing.
    struct Insert {
        value: i64,
        broken: bool,
    }

    impl GroupWrite for Insert {
        type Output = i64;
        fn run<'a>(&'a mut self, conn: &'a mut AnyConnection, _: &'a mut Scope) -> WriteFuture<'a, Self::Output> {
            Box::pin(async move {
                sqlx::query("INSERT INTO t (v) VALUES ($1)").bind(self.value).execute(&mut *conn).await?;
                if self.broken {
                    sqlx::query("INSERT INTO no_such_table (v) VALUES (1)").execute(&mut *conn).await?;
                }
                if self.value < 0 {
                    // A refusal: an answer, committed with the rest.
                    return Err(StoreError::Refused(Refusal::Form("négatif".into())));
                }
                Ok(self.value)
            })
        }
    }

    /// A fresh database file with a table `t`, its one-connection writer, a reader, and the
    /// queue. The writer's connection is returned held: writes queue up behind it until the
    /// test lets it go, so that they form groups.
    async fn setup(dir: &tempfile::TempDir) -> (Groups, AnyPool, sqlx::pool::PoolConnection<sqlx::Any>) {
        sqlx::any::install_default_drivers();
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("group.db").display());
        let writer = super::super::sqlite_pool(1).connect(&url).await.unwrap();
        let reader = super::super::sqlite_pool(2).connect(&url).await.unwrap();
        writer.execute("CREATE TABLE t (v INTEGER NOT NULL)").await.unwrap();
        let held = writer.acquire().await.unwrap();
        (Groups::start(writer, Backend::Sqlite, super::super::writer_runtime()), reader, held)
    }

    async fn values(reader: &AnyPool) -> Vec<i64> {
        sqlx::query_scalar("SELECT v FROM t ORDER BY v").fetch_all(reader).await.unwrap()
    }

    #[tokio::test]
    async fn writes_waiting_together_share_one_commit_and_each_gets_its_answer() {
        let dir = tempfile::tempdir().unwrap();
        let (groups, reader, held) = setup(&dir).await;
        let mut answers = tokio::task::JoinSet::new();
        for value in 1..=40 {
            let groups = groups.clone();
            answers.spawn(async move { groups.write(Insert { value, broken: false }).await });
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        drop(held);
        let mut got: Vec<i64> = answers.join_all().await.into_iter().map(|a| a.unwrap()).collect();
        got.sort();

        assert_eq!(got, (1..=40).collect::<Vec<_>>());
        assert_eq!(values(&reader).await, (1..=40).collect::<Vec<_>>());
        let commits = groups.tally().commits.load(Ordering::Relaxed);
        assert_eq!(groups.tally().writes.load(Ordering::Relaxed), 40);
        assert!(commits <= 2, "40 writes waiting together took {commits} commits");
    }

    #[tokio::test]
    async fn a_failing_write_undoes_its_group_and_the_others_run_again_alone() {
        let dir = tempfile::tempdir().unwrap();
        let (groups, reader, held) = setup(&dir).await;
        let mut answers = tokio::task::JoinSet::new();
        for value in [-1, 1, 2, 3, 4, 5] {
            let groups = groups.clone();
            answers.spawn(async move { (value, groups.write(Insert { value, broken: value == 3 }).await) });
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        drop(held);
        let mut got = answers.join_all().await;
        got.sort_by_key(|(v, _)| *v);

        for (value, answer) in &got {
            match (value, answer) {
                (-1, Err(StoreError::Refused(Refusal::Form(m)))) => assert_eq!(m, "négatif"),
                (3, Err(StoreError::Db(_))) => {}
                (v, Ok(n)) if v == n => {}
                other => panic!("unexpected answer {other:?}"),
            }
        }
        // The refusal is committed (it wrote before refusing); the broken write left nothing.
        assert_eq!(values(&reader).await, vec![-1, 1, 2, 4, 5]);
        assert!(groups.tally().undone.load(Ordering::Relaxed) >= 1, "the broken write was in a group");
    }

    #[tokio::test]
    async fn an_answer_comes_only_once_its_write_is_committed() {
        let dir = tempfile::tempdir().unwrap();
        let (groups, reader, held) = setup(&dir).await;
        let mut answers = tokio::task::JoinSet::new();
        for value in 1..=20 {
            let (groups, reader) = (groups.clone(), reader.clone());
            answers.spawn(async move {
                let answer = groups.write(Insert { value, broken: false }).await.unwrap();
                // Another connection sees it at once: the commit came before the answer.
                let seen: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM t WHERE v = $1")
                    .bind(answer)
                    .fetch_one(&reader)
                    .await
                    .unwrap();
                seen
            });
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        drop(held);

        assert!(answers.join_all().await.into_iter().all(|seen| seen == 1));
    }
}
