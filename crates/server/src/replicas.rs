//! Read replicas (`DATABASE_READ_URL`): which database answers a request.
//!
//! Writes, the reads a write makes, batches, uploads, subscriptions and token lookups go to the
//! primary. A query or an export goes to one of the replicas, taken in turn, unless its caller
//! has just written and that replica has not replayed the write yet: then it goes to the
//! primary. "Replayed" is exact, not a time-out: after a write the instance reads the primary's
//! write mark ([`service::mark`]) and remembers it for the caller's token; the replica's own copy
//! of the mark row says how far it has replayed, and a read of that caller goes to the replica
//! only once it shows at least that mark. The same read names the replica's state for the
//! response cache, so an answer computed on a replica is kept under the replica's mark.
//!
//! Behind a load balancer the caller's next request may reach another instance: the statement
//! that reads the mark after a write also sends `NOTIFY portfolio_writers, '<token> <mark>'`,
//! and every instance listening records it. That notice travels in the time the write's answer
//! takes to reach the client, so a read sent after the answer arrived finds it on every instance
//! whose listening connection is up.
//!
//! Every second each replica is asked whether it answers and has every migration applied; one
//! that does not (or whose mark cannot be read for a request) takes no reads until it does, and
//! its reads go to the primary (`portfolio_replica_reads_total{outcome="primary"}` counts them,
//! and a warning is logged when a replica goes down or comes back).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use sea_orm::DatabaseConnection;
use service::access::Principal;
use service::mark::Mark;

/// Writers remembered at once; beyond it the oldest notes are dropped (a note older than
/// [`NOTE_LIFE`] belongs to a replica that stopped replaying, whose reads are then stale).
const MOST_WRITERS: usize = 10_000;
const NOTE_LIFE: Duration = Duration::from_secs(300);

/// How often each replica is checked.
const CHECK_EVERY: Duration = Duration::from_secs(1);

/// The replicas and the callers whose writes they may not have replayed yet.
#[derive(Default)]
pub struct Replicas {
    pools: Vec<Replica>,
    next: AtomicUsize,
    /// Token id → the mark its reads wait for, and when it was noted.
    writers: Mutex<HashMap<i32, (i64, Instant)>>,
}

struct Replica {
    db: DatabaseConnection,
    /// It answered the last check: it takes reads.
    up: AtomicBool,
}

/// Where one request reads, and (when it was read) the mark of what it will see there.
pub struct Reads {
    /// The database that answers.
    pub db: DatabaseConnection,
    /// That database's write mark, read for this request; `None` when it was not needed.
    pub mark: Option<Mark>,
}

impl Replicas {
    /// Replicas over these pools (none: every request reads the primary).
    /// They take reads once a first check ([`Replicas::watch`]) found them up.
    pub fn new(pools: Vec<DatabaseConnection>) -> Self {
        Self {
            pools: pools
                .into_iter()
                .map(|db| Replica {
                    db,
                    up: AtomicBool::new(false),
                })
                .collect(),
            ..Self::default()
        }
    }

    /// Checks every replica now and then every second, for as long as `replicas` is in use.
    pub fn watch(replicas: &Arc<Self>) {
        let replicas = Arc::downgrade(replicas);
        tokio::spawn(async move {
            while let Some(replicas) = Weak::upgrade(&replicas) {
                replicas.check().await;
                drop(replicas);
                tokio::time::sleep(CHECK_EVERY).await;
            }
        });
    }

    async fn check(&self) {
        for (index, replica) in self.pools.iter().enumerate() {
            let ready = match service::db::pending_migrations(&replica.db).await {
                Ok(0) => Ok(()),
                Ok(pending) => Err(format!("{pending} migrations not replayed yet")),
                Err(err) => Err(err.to_string()),
            };
            let was = replica.up.swap(ready.is_ok(), Ordering::SeqCst);
            match ready {
                Ok(()) if !was => tracing::info!(replica = index, "a read replica takes reads"),
                Err(why) if was => {
                    tracing::warn!(replica = index, %why, "a read replica takes no reads");
                }
                _ => {}
            }
        }
    }

    /// Replicas taking reads now.
    pub fn taking_reads(&self) -> usize {
        self.pools
            .iter()
            .filter(|r| r.up.load(Ordering::SeqCst))
            .count()
    }

    /// Whether there is any replica.
    pub fn is_empty(&self) -> bool {
        self.pools.is_empty()
    }

    /// The next replica taking reads, in turn.
    fn pick(&self) -> Option<&Replica> {
        let count = self.pools.len();
        if count == 0 {
            return None;
        }
        let turn = self.next.fetch_add(1, Ordering::Relaxed);
        (0..count)
            .filter_map(|step| self.pools.get((turn + step) % count))
            .find(|replica| replica.up.load(Ordering::SeqCst))
    }

    /// Notes that `token`'s reads must see the mark `writes` (its write, here or on another
    /// instance).
    pub fn note_writer(&self, token: i32, writes: i64) {
        let Ok(mut writers) = self.writers.lock() else {
            return;
        };
        if writers.len() >= MOST_WRITERS && !writers.contains_key(&token) {
            let now = Instant::now();
            writers.retain(|_, (_, noted)| now.duration_since(*noted) < NOTE_LIFE);
            if writers.len() >= MOST_WRITERS
                && let Some(oldest) = writers
                    .iter()
                    .min_by_key(|(_, (_, noted))| *noted)
                    .map(|(token, _)| *token)
            {
                writers.remove(&oldest);
            }
        }
        let entry = writers.entry(token).or_insert((writes, Instant::now()));
        if entry.0 < writes {
            *entry = (writes, Instant::now());
        }
    }

    fn awaited(&self, token: i32) -> Option<i64> {
        self.writers.lock().ok()?.get(&token).map(|(mark, _)| *mark)
    }

    fn anyone_awaited(&self) -> bool {
        self.writers.lock().is_ok_and(|writers| !writers.is_empty())
    }

    /// Forgets the writers whose marks a replica has replayed (`replayed`).
    fn replayed(&self, replayed: i64) {
        if let Ok(mut writers) = self.writers.lock() {
            writers.retain(|_, (mark, _)| *mark > replayed);
        }
    }

    /// After a write by `principal` on `primary`: reads the primary's mark, tells the other
    /// instances, and notes it for the caller's reads here. Nothing without replicas.
    pub async fn after_write(&self, primary: &DatabaseConnection, principal: Option<&Principal>) {
        let Some(token) = principal.and_then(|p| p.token_id) else {
            return;
        };
        if self.is_empty() {
            return;
        }
        match service::mark::announce_writer(primary, token).await {
            Ok(writes) => self.note_writer(token, writes),
            Err(err) => {
                // Without the note the caller's next read may not see its write: read the
                // primary for it, whatever the replica has replayed.
                tracing::warn!(error = %err, "cannot read the write mark after a write");
                self.note_writer(token, i64::MAX);
            }
        }
    }

    /// Where a read by `caller` goes. `primary_mark` is the primary's mark if this request read it;
    /// `want_mark` asks for the mark of the database chosen (for the response cache).
    pub async fn route(
        &self,
        primary: &DatabaseConnection,
        primary_mark: Option<Mark>,
        caller: Option<&Principal>,
        want_mark: bool,
    ) -> Reads {
        let on_primary = Reads {
            db: primary.clone(),
            mark: primary_mark,
        };
        if self.is_empty() {
            return on_primary;
        }
        let Some(replica) = self.pick() else {
            metrics::counter!("portfolio_replica_reads_total", "outcome" => "primary").increment(1);
            return on_primary;
        };
        let awaited = caller
            .and_then(|p| p.token_id)
            .and_then(|token| self.awaited(token));
        if awaited.is_none() && !want_mark {
            metrics::counter!("portfolio_replica_reads_total", "outcome" => "replica").increment(1);
            return Reads {
                db: replica.db.clone(),
                mark: None,
            };
        }
        match service::mark::current(&replica.db).await {
            Ok(mark) => {
                self.replayed(mark.writes);
                if awaited.is_some_and(|awaited| awaited > mark.writes) {
                    metrics::counter!("portfolio_replica_reads_total", "outcome" => "own_write")
                        .increment(1);
                    return on_primary;
                }
                metrics::counter!("portfolio_replica_reads_total", "outcome" => "replica")
                    .increment(1);
                Reads {
                    db: replica.db.clone(),
                    mark: Some(mark),
                }
            }
            Err(err) => {
                if replica.up.swap(false, Ordering::SeqCst) {
                    tracing::warn!(error = %err, "a read replica takes no reads");
                }
                metrics::counter!("portfolio_replica_reads_total", "outcome" => "primary")
                    .increment(1);
                on_primary
            }
        }
    }

    /// Whether the caller must be known before a read is routed: only while some caller waits
    /// for a replica to replay its write.
    pub fn needs_caller(&self) -> bool {
        !self.is_empty() && self.anyone_awaited()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_writer_waits_for_its_highest_mark_until_a_replica_replays_it() {
        let replicas = Replicas::default();
        replicas.note_writer(7, 10);
        replicas.note_writer(7, 12);
        replicas.note_writer(7, 11);
        replicas.note_writer(8, 5);
        assert_eq!(replicas.awaited(7), Some(12));
        replicas.replayed(11);
        assert_eq!(replicas.awaited(7), Some(12));
        assert_eq!(replicas.awaited(8), None);
        replicas.replayed(12);
        assert_eq!(replicas.awaited(7), None);
        assert!(!replicas.anyone_awaited());
    }

    #[test]
    fn the_notes_stay_bounded() {
        let replicas = Replicas::default();
        for token in 0..(MOST_WRITERS as i32 + 50) {
            replicas.note_writer(token, 1);
        }
        let held = replicas.writers.lock().map(|w| w.len()).unwrap_or(0);
        assert_eq!(held, MOST_WRITERS);
        assert_eq!(replicas.awaited(MOST_WRITERS as i32 + 49), Some(1));
    }
}
