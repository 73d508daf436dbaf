//! The committed-write mark: how a reader knows, with one primary-key read, whether anything was
//! written since it last looked.
//!
//! Every write transaction raises the mark's `writes` counter before it commits (writes to tokens
//! and their assignments raise `tokens` too). The `UPDATE` takes the mark row's lock and holds it
//! until the transaction ends, so concurrent writers raise it one after the other in the order
//! they commit: once a reader sees the mark at `n`, every write that raised it to `n` or below is
//! committed and visible to the reader's next statement. That makes the mark a key for what is
//! derived from the data: an answer computed after reading mark `n` holds at least every write up
//! to `n`, and a later write raises the mark, so the answer is never served for it again.
//!
//! The cost is that writers serialise from the moment they raise the mark to their commit, which
//! is why the raise is the last statement of a write ([`commit`]), after the checks and row writes
//! that can run side by side. Raising it last also means that no writer holding the mark's lock
//! ever waits for another row's lock, so the mark cannot take part in a deadlock.

use std::sync::OnceLock;

use entity::{change_log, write_mark};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, EntityTrait, QueryFilter,
    Statement,
};
use tokio::sync::watch;

use crate::{ServiceError, ServiceResult};

/// The mark's counters as one read saw them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Mark {
    /// Raised by every committed write.
    pub writes: i64,
    /// Raised by every committed write to tokens or their project assignments.
    pub tokens: i64,
}

const ROW: i32 = 1;

/// The mark as committed now.
pub async fn current(db: &impl ConnectionTrait) -> ServiceResult<Mark> {
    let row = write_mark::Entity::find_by_id(ROW)
        .one(db)
        .await?
        .ok_or_else(|| ServiceError::internal("the write mark's row is missing"))?;
    Ok(Mark {
        writes: row.writes,
        tokens: row.tokens,
    })
}

/// Ends a write: raises the mark, stamps the transaction's change-log entries with it and
/// commits `txn`. Every write transaction ends here.
pub async fn commit(txn: DatabaseTransaction) -> ServiceResult<()> {
    finish(txn, false).await
}

/// Ends a write to tokens or their assignments: raises the mark and its token counter (every
/// cached caller is looked up again after it) and commits `txn`.
pub async fn commit_tokens(txn: DatabaseTransaction) -> ServiceResult<()> {
    finish(txn, true).await
}

/// Raises the mark outside a write of the service's own: after data was loaded in bulk, so
/// that nothing computed before it is served again.
pub async fn raise(db: &impl ConnectionTrait) -> ServiceResult<()> {
    let writes = bump(db, false).await?;
    stamp(db, writes).await
}

/// The PostgreSQL channel every commit notifies with its mark (a doorbell: the payload is only
/// the number; listeners read the entries from the table).
pub const CHANNEL: &str = "portfolio_commits";

/// The PostgreSQL channel on which an instance says that a caller has just written, as
/// `"<token id> <mark>"`: every instance then serves that caller's reads from the primary until
/// its replica has replayed the mark (read-your-writes with read replicas).
pub const WRITERS_CHANNEL: &str = "portfolio_writers";

/// The mark as committed now, read after a write of `token`'s; on PostgreSQL the same statement
/// tells every instance (see [`WRITERS_CHANNEL`]).
pub async fn announce_writer(db: &impl ConnectionTrait, token: i32) -> ServiceResult<i64> {
    let backend = db.get_database_backend();
    if backend != DbBackend::Postgres {
        return Ok(current(db).await?.writes);
    }
    let sql = format!(
        "SELECT writes, pg_notify('{WRITERS_CHANNEL}', $1 || ' ' || writes::text) IS NULL AS notified \
         FROM write_mark WHERE id = {ROW}"
    );
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [token.to_string().into()],
        ))
        .await?
        .ok_or_else(|| ServiceError::internal("the write mark's row is missing"))?;
    Ok(row.try_get::<i64>("", "writes")?)
}

/// A [`WRITERS_CHANNEL`] payload: the token and the mark its reads wait for.
pub fn parse_writer(payload: &str) -> Option<(i32, i64)> {
    let (token, mark) = payload.split_once(' ')?;
    Some((token.parse().ok()?, mark.parse().ok()?))
}

async fn finish(txn: DatabaseTransaction, tokens: bool) -> ServiceResult<()> {
    let writes = if txn.get_database_backend() == DbBackend::Postgres {
        bump_and_stamp(&txn, tokens).await?
    } else {
        let writes = bump(&txn, tokens).await?;
        stamp(&txn, writes).await?;
        writes
    };
    txn.commit().await?;
    ring(writes);
    Ok(())
}

/// Raises the counters and returns the new `writes`. On PostgreSQL the same statement queues
/// the notification, which the server delivers when (and only if) the transaction commits.
async fn bump(db: &impl ConnectionTrait, tokens: bool) -> ServiceResult<i64> {
    let backend = db.get_database_backend();
    let tokens = if tokens { ", tokens = tokens + 1" } else { "" };
    let notify = if backend == DbBackend::Postgres {
        format!(", pg_notify('{CHANNEL}', writes::text) IS NULL AS notified")
    } else {
        String::new()
    };
    let sql = format!(
        "UPDATE write_mark SET writes = writes + 1{tokens} WHERE id = {ROW} RETURNING writes{notify}"
    );
    let row = db
        .query_one_raw(Statement::from_string(backend, sql))
        .await?
        .ok_or_else(|| ServiceError::internal("the write mark's row is missing"))?;
    Ok(row.try_get::<i64>("", "writes")?)
}

/// [`bump`] and [`stamp`] in one PostgreSQL statement. Writers hold the mark's lock from the
/// raise to their commit, so every round trip spent holding it is one that no other writer can
/// use: one statement less there is a shorter queue for every write.
async fn bump_and_stamp(db: &impl ConnectionTrait, tokens: bool) -> ServiceResult<i64> {
    let tokens = if tokens { ", tokens = tokens + 1" } else { "" };
    // The stamp reads the raise's RETURNING; both run on the statement's one snapshot, which
    // holds this transaction's own entries and no one else's unstamped ones (see `stamp`).
    let sql = format!(
        "WITH raised AS (UPDATE write_mark SET writes = writes + 1{tokens} WHERE id = {ROW} RETURNING writes), \
         stamped AS (UPDATE change_log SET commit_seq = (SELECT writes FROM raised) WHERE commit_seq IS NULL) \
         SELECT writes, pg_notify('{CHANNEL}', writes::text) IS NULL AS notified FROM raised"
    );
    let row = db
        .query_one_raw(Statement::from_string(DbBackend::Postgres, sql))
        .await?
        .ok_or_else(|| ServiceError::internal("the write mark's row is missing"))?;
    Ok(row.try_get::<i64>("", "writes")?)
}

/// Stamps the entries this transaction wrote. Other transactions' entries are not visible to it
/// until they commit, and every transaction stamps its own before it commits, so the unstamped
/// entries it sees are its own.
async fn stamp(db: &impl ConnectionTrait, writes: i64) -> ServiceResult<()> {
    change_log::Entity::update_many()
        .col_expr(change_log::Column::CommitSeq, Expr::value(writes))
        .filter(change_log::Column::CommitSeq.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// The in-process doorbell: the last mark this process committed or was told of.
fn bell() -> &'static watch::Sender<i64> {
    static BELL: OnceLock<watch::Sender<i64>> = OnceLock::new();
    BELL.get_or_init(|| watch::channel(0).0)
}

/// Rings the doorbell with a mark committed here or announced by another instance; waiting
/// readers look for new entries in the table. The bell only says "look", and every ring wakes
/// them: several servers in one process (tests) share it over databases whose marks differ, so a
/// ring is never dropped for being lower than one heard before.
pub fn ring(writes: i64) {
    bell().send_replace(writes);
}

/// Rings the doorbell after a lost connection to the notifications, when what was missed is
/// unknown.
pub fn ring_anyway() {
    bell().send_modify(|_| {});
}

/// A receiver woken at every ring.
pub fn doorbell() -> watch::Receiver<i64> {
    bell().subscribe()
}

/// Reads of the mark shared by the requests that ask at the same time.
///
/// A request that needs the mark joins the next read that has not started yet, so one statement
/// answers every request that was waiting when it began: with ten requests in flight, about one
/// read in ten reaches the database. Each request still sees the mark as committed after it
/// arrived (the read it joins starts after it asked), so a write acknowledged before a request
/// arrived, on any instance, is never missed: sharing a read changes the cost, not what is seen.
pub struct MarkReader {
    db: sea_orm::DatabaseConnection,
    waiting: std::sync::Mutex<Round>,
    /// On PostgreSQL, the reader's own connection, kept outside the pool: a pooled connection is
    /// pinged each time it is given back (one round trip more per read, and another wake-up of
    /// the server's backend), and reads are the one statement every request sends. `None` until
    /// the first read, and again after it failed (a pooled connection serves in the meantime).
    own: tokio::sync::Mutex<Option<sea_orm::sqlx::PgConnection>>,
    /// Statements sent on `own`, which the pool's statement counting does not see.
    own_reads: std::sync::atomic::AtomicU64,
}

/// The mark's read on the reader's own connection.
const READ: &str = "SELECT writes, tokens FROM write_mark WHERE id = 1";

/// How long a read on the reader's own connection may take before it is dropped for a pooled
/// one: a connection whose peer went silent would otherwise hold every request.
const OWN_READ_BOUND: std::time::Duration = std::time::Duration::from_secs(5);

/// The requests waiting for the next read, and whether a read is under way.
#[derive(Default)]
struct Round {
    reading: bool,
    waiting: Vec<tokio::sync::oneshot::Sender<ServiceResult<Mark>>>,
}

impl MarkReader {
    /// Reads of `db`'s mark.
    pub fn new(db: sea_orm::DatabaseConnection) -> std::sync::Arc<Self> {
        std::sync::Arc::new(Self {
            db,
            waiting: std::sync::Mutex::new(Round::default()),
            own: tokio::sync::Mutex::new(None),
            own_reads: std::sync::atomic::AtomicU64::new(0),
        })
    }

    /// Statements this reader sent on its own connection (on PostgreSQL), besides those the
    /// pool's statement counting sees.
    pub fn own_reads(&self) -> u64 {
        self.own_reads.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// The mark as committed at some moment after this call began.
    pub async fn read(self: &std::sync::Arc<Self>) -> ServiceResult<Mark> {
        let (sender, receiver) = tokio::sync::oneshot::channel();
        let start = {
            let mut round = self.round();
            round.waiting.push(sender);
            !std::mem::replace(&mut round.reading, true)
        };
        if start {
            // The reads run on their own task, so that a request given up by its client does not
            // leave the others waiting.
            tokio::spawn(self.clone().rounds());
        }
        receiver
            .await
            .map_err(|_| ServiceError::internal("the mark reader stopped"))?
    }

    /// The round's state. Every change to it is a single push, take or flag, so it is whole
    /// even after a panic elsewhere poisoned the lock; refusing it then would leave every later
    /// read waiting for a round that never runs.
    fn round(&self) -> std::sync::MutexGuard<'_, Round> {
        self.waiting
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Reads the mark for whoever is waiting, round after round, until nobody is.
    async fn rounds(self: std::sync::Arc<Self>) {
        loop {
            let waiting = {
                let mut round = self.round();
                if round.waiting.is_empty() {
                    round.reading = false;
                    return;
                }
                std::mem::take(&mut round.waiting)
            };
            let mark = self.read_now().await;
            for sender in waiting {
                // A request that gave up no longer listens.
                let _ = sender.send(mark.clone());
            }
        }
    }

    /// One read of the mark: on the reader's own connection on PostgreSQL, opening it when it
    /// has none; through the pool on SQLite, or when that connection cannot serve.
    async fn read_now(&self) -> ServiceResult<Mark> {
        use sea_orm::sqlx::Connection;
        if self.db.get_database_backend() != DbBackend::Postgres {
            return current(&self.db).await;
        }
        // Only the one task running rounds reads, so the lock is never waited for.
        let mut own = self.own.lock().await;
        if own.is_none() {
            let options = self.db.get_postgres_connection_pool().connect_options();
            match tokio::time::timeout(
                OWN_READ_BOUND,
                sea_orm::sqlx::PgConnection::connect_with(&options),
            )
            .await
            {
                Ok(Ok(connection)) => *own = Some(connection),
                Ok(Err(err)) => {
                    tracing::warn!(error = %err, "the mark reader cannot open its connection");
                }
                Err(_) => tracing::warn!("the mark reader's connection took too long to open"),
            }
        }
        let Some(connection) = own.as_mut() else {
            return current(&self.db).await;
        };
        let read = tokio::time::timeout(
            OWN_READ_BOUND,
            sea_orm::sqlx::query_as::<_, (i64, i64)>(READ).fetch_one(&mut *connection),
        )
        .await;
        self.own_reads
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        match read {
            Ok(Ok((writes, tokens))) => Ok(Mark { writes, tokens }),
            failed => {
                match failed {
                    Ok(Err(err)) => tracing::warn!(error = %err, "the mark reader's read failed"),
                    _ => tracing::warn!("the mark reader's read took too long"),
                }
                // Dropped, not closed: closing would wait on a connection that failed. The next
                // round opens another.
                *own = None;
                current(&self.db).await
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};

    use super::*;

    async fn migrated() -> ServiceResult<(sea_orm::DatabaseConnection, std::path::PathBuf)> {
        crate::db::scratch("mark", false).await
    }

    // On a current-thread runtime every read below has asked before the reader's task first
    // runs, so exactly one statement answers all of them.
    #[tokio::test(flavor = "current_thread")]
    async fn reads_that_ask_together_share_one_statement_and_a_later_one_sees_a_commit()
    -> ServiceResult<()> {
        let (mut db, path) = migrated().await?;
        let statements = Arc::new(AtomicU64::new(0));
        let counter = statements.clone();
        db.set_metric_callback(move |_| {
            counter.fetch_add(1, Ordering::SeqCst);
        });
        let reader = MarkReader::new(db.clone());
        let before = current(&db).await?;
        let counted = statements.load(Ordering::SeqCst);

        let marks = futures_util::future::join_all((0..20).map(|_| reader.read())).await;
        assert_eq!(statements.load(Ordering::SeqCst) - counted, 1);
        for mark in marks {
            assert_eq!(mark?, before);
        }

        raise(&db).await?;
        let after = reader.read().await?;
        assert_eq!(after.writes, before.writes + 1);
        assert_eq!(after.tokens, before.tokens);
        drop((reader, db));
        let _ = std::fs::remove_file(path);
        Ok(())
    }
}
