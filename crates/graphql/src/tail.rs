//! The change log's tail, read once per commit for every caught-up stream of one database.
//!
//! Without it, each of N subscribers would read the table at every commit: N statements per
//! commit, and seconds of delay at 10,000 subscribers. One task per schema (so per database)
//! waits for the doorbell, reads what was committed after its position, and publishes the
//! batch: where it starts, where it ends, its entries (unfiltered) and the mark's token counter.
//! A stream whose position is the batch's start takes its entries from memory and moves to its
//! end; any other stream (behind, or it missed a batch: only the latest is kept) reads the table
//! itself, as before, and meets the tail again. The batch boundaries make the hand-over exact: a
//! stream never takes a batch that does not start where it stands, so nothing is skipped or
//! repeated.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use sea_orm::DatabaseConnection;
use service::audit::{ChangeEntry, ChangeFilter, FeedPosition};
use tokio::sync::watch;

/// Entries the tail reads at a time.
const TAIL_PAGE: u64 = 1000;

/// What the tail read after one wake-up.
#[derive(Debug, Default)]
pub struct Batch {
    /// The tail's position before the batch; `None` before the tail has read anything.
    pub from: Option<FeedPosition>,
    /// Its position after; `None` when the log is empty or the tail has not read yet.
    pub to: Option<FeedPosition>,
    /// Every entry committed after `from`, up to `to`, in feed order.
    pub entries: Vec<ChangeEntry>,
    /// The mark's token counter when the batch was read (a stream checks its token again when
    /// it changes); `None` before the tail has read.
    pub tokens: Option<i64>,
    /// Whether the tail has read at all (the batch before that tells nothing).
    pub read: bool,
}

impl Batch {
    /// The entries `filter` wants.
    pub fn wanted<'a>(&'a self, filter: &'a ChangeFilter) -> impl Iterator<Item = &'a ChangeEntry> {
        self.entries.iter().filter(|e| filter.wants(e))
    }
}

/// The tail of one database's change log.
#[derive(Clone)]
pub struct Tail(Arc<Inner>);

struct Inner {
    db: DatabaseConnection,
    batches: watch::Sender<Arc<Batch>>,
    running: AtomicBool,
}

impl Tail {
    /// The tail of `db`'s log; its task starts with the first subscriber.
    pub fn new(db: DatabaseConnection) -> Self {
        Self(Arc::new(Inner {
            db,
            batches: watch::channel(Arc::new(Batch::default())).0,
            running: AtomicBool::new(false),
        }))
    }

    /// The batches, as they are published.
    pub fn subscribe(&self) -> watch::Receiver<Arc<Batch>> {
        let receiver = self.0.batches.subscribe();
        if !self.0.running.swap(true, Ordering::SeqCst) {
            tokio::spawn(follow(Arc::downgrade(&self.0)));
        }
        receiver
    }
}

async fn follow(inner: std::sync::Weak<Inner>) {
    let mut bell = service::mark::doorbell();
    let mut position: Option<FeedPosition> = None;
    let mut tokens: Option<i64> = None;
    let mut started = false;
    loop {
        let Some(tail) = inner.upgrade() else { return };
        bell.borrow_and_update();
        match read(&tail.db, position, started).await {
            Ok((entries, to, mark_tokens)) => {
                let changed = !entries.is_empty() || tokens != Some(mark_tokens) || !started;
                if !started {
                    // The first read only found where the log ends: an empty batch there.
                    position = to;
                }
                if changed {
                    let batch = Batch {
                        from: position,
                        to,
                        entries,
                        tokens: Some(mark_tokens),
                        read: true,
                    };
                    position = to;
                    tokens = Some(mark_tokens);
                    started = true;
                    tail.batches.send_replace(Arc::new(batch));
                }
            }
            Err(err) => {
                tracing::debug!(error = %err, "the change-log tail could not read; retrying")
            }
        }
        drop(tail);
        // Woken by a ring, or after POLL in case a notification was lost.
        let _ = tokio::time::timeout(crate::subscription::POLL, bell.changed()).await;
    }
}

/// Entries after `position` (all of them, a page at a time), the position after them and the
/// mark's token counter. The first read only finds where the log ends.
async fn read(
    db: &DatabaseConnection,
    position: Option<FeedPosition>,
    started: bool,
) -> service::ServiceResult<(Vec<ChangeEntry>, Option<FeedPosition>, i64)> {
    // The mark first: entries read after it are at least as new, so a stream that sees the
    // counter here has its token checked against a state no older than the entries.
    let mark = service::mark::current(db).await?;
    if !started {
        return Ok((
            Vec::new(),
            service::audit::latest_position(db).await?,
            mark.tokens,
        ));
    }
    let everyone = service::access::Principal::operator("change-log tail");
    let mut entries = Vec::new();
    let mut at = position;
    loop {
        let (page, more) = service::audit::changes_after(
            db,
            &everyone,
            None,
            at,
            &ChangeFilter::default(),
            TAIL_PAGE,
        )
        .await?;
        if let Some(last) = page.last().and_then(FeedPosition::of) {
            at = Some(last);
        }
        entries.extend(page);
        if !more {
            return Ok((entries, at, mark.tokens));
        }
    }
}
