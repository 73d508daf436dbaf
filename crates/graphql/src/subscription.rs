//! Live updates: the change log as a stream, replayed from a cursor and then followed as commits
//! land.
//!
//! A stream never holds events of its own: it reads the table after its cursor, a page at a
//! time, and when it has caught up it waits for the doorbell ([`service::mark::doorbell`]) that
//! every commit in this process rings, and that the server rings for commits of other instances
//! (PostgreSQL `NOTIFY`). The table is the only source, so the replay and the live part meet
//! with no gap and no duplicate, a lost notification costs at most [`POLL`] of delay, and a slow
//! reader holds one page in memory however far behind it is. Each wake-up checks the caller's
//! token again: a revoked token's streams end with `UNAUTHENTICATED`.

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use async_graphql::connection::{CursorType, Edge, EmptyFields};
use async_graphql::{
    Context, ErrorExtensions, ID, InputObject, Result, SimpleObject, Subscription,
};
use futures_util::future::BoxFuture;
use futures_util::stream::BoxStream;
use futures_util::{Stream, StreamExt};
use sea_orm::DatabaseConnection;
use service::audit::{ChangeEntry, ChangeFilter, FeedPosition};
use tokio::sync::watch;

use crate::auth::Auth;
use crate::error::{ErrorCode, to_gql, validation};
use crate::ids::{Cursor, Kind, parse_global_id};
use crate::loaders::load_error;
use crate::tail::{Batch, Tail};
use crate::types::{ChangeLogEntry, Project};

/// The subscriptions one connection may hold at once, and how many it holds: put in a
/// WebSocket connection's data by the server (a Server-Sent Events request is one subscription).
#[derive(Clone, Debug)]
pub struct Slots {
    held: Arc<AtomicUsize>,
    /// Told whenever `held` changes, for the connection's idle time-out.
    changed: Arc<tokio::sync::Notify>,
    most: usize,
    /// The last change any of the connection's streams sent.
    last: Arc<std::sync::Mutex<Option<i32>>>,
    /// Held by a stream whose events are fanned out to other subscribers, which count the
    /// open subscriptions and the events sent themselves.
    fan_out: bool,
}

impl Slots {
    /// Room for `most` subscriptions at once.
    pub fn new(most: usize) -> Self {
        Self {
            held: Arc::new(AtomicUsize::new(0)),
            changed: Arc::default(),
            most,
            last: Arc::default(),
            fan_out: false,
        }
    }

    /// The slots of a stream executed once for many subscribers (see the server's fan-out):
    /// unbounded, and left out of the counts of open subscriptions and events sent.
    pub fn fan_out() -> Self {
        Self {
            fan_out: true,
            ..Self::new(usize::MAX)
        }
    }

    /// The last change the connection's streams sent, as its id.
    pub fn last_sent(&self) -> Option<i32> {
        *self.last.lock().ok()?
    }

    /// Subscriptions the connection holds now.
    pub fn held(&self) -> usize {
        self.held.load(Ordering::SeqCst)
    }

    /// Resolves once the connection has held no subscription for `bound` in a row. It sleeps
    /// only while the connection holds none: a subscribed connection keeps no timer, so that
    /// thousands of them cost nothing between events.
    pub async fn idle_for(&self, bound: Duration) {
        loop {
            let changed = self.changed.notified();
            tokio::pin!(changed);
            // Registered before the count is read, so that a change right after is not missed.
            changed.as_mut().enable();
            if self.held() > 0 {
                changed.await;
                continue;
            }
            tokio::select! {
                () = changed => {}
                () = tokio::time::sleep(bound) => {
                    if self.held() == 0 {
                        return;
                    }
                }
            }
        }
    }

    /// The cursor of the last change the connection was sent, for it to resume from elsewhere.
    pub fn last_cursor(&self) -> Option<String> {
        let last = *self.last.lock().ok()?;
        last.map(|id| Cursor(id).encode_cursor())
    }

    /// Takes a place for one more subscription, refused past the connection's bound.
    pub fn take(&self) -> Result<Slot> {
        if self.held.fetch_add(1, Ordering::SeqCst) >= self.most {
            self.held.fetch_sub(1, Ordering::SeqCst);
            return Err(async_graphql::Error::new(format!(
                "a connection holds at most {} subscriptions",
                self.most
            ))
            .extend_with(|_, e| e.set("code", ErrorCode::TooManySubscriptions.as_str())));
        }
        self.changed.notify_waiters();
        if !self.fan_out {
            metrics::gauge!(OPEN).increment(1.0);
        }
        Ok(Slot(Some(self.clone())))
    }
}

/// A subscription's place in its connection's [`Slots`] (and in the instance's count of open
/// subscriptions), given back when the stream is dropped.
pub struct Slot(Option<Slots>);

impl Slot {
    /// A place outside any connection (a Server-Sent Events request).
    fn unbound() -> Self {
        metrics::gauge!(OPEN).increment(1.0);
        Self(None)
    }

    /// Notes that the subscription sent the change `id`, and counts the event.
    pub fn sent(&self, id: i32) {
        if !self.fans_out() {
            metrics::counter!(SENT).increment(1);
        }
        if let Some(slots) = &self.0
            && let Ok(mut last) = slots.last.lock()
        {
            *last = Some(id);
        }
    }

    fn fans_out(&self) -> bool {
        self.0.as_ref().is_some_and(|s| s.fan_out)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        if let Some(slots) = &self.0 {
            slots.held.fetch_sub(1, Ordering::SeqCst);
            slots.changed.notify_waiters();
        }
        if !self.fans_out() {
            metrics::gauge!(OPEN).decrement(1.0);
        }
    }
}

/// Subscriptions open in this process.
const OPEN: &str = "portfolio_subscriptions_open";
/// Events sent by subscriptions.
const SENT: &str = "portfolio_subscription_events_total";

/// The cursor a Server-Sent Events client resumes from (its `Last-Event-ID`), which takes the
/// place of the document's `after`.
#[derive(Clone, Debug)]
pub struct Resume(pub String);

/// Entries read at a time.
const PAGE: u64 = 100;
/// Longest a caught-up stream waits without a ring before it looks at the table anyway.
pub const POLL: Duration = Duration::from_secs(10);

/// Which changes a subscriber wants; every list left out or empty wants everything.
#[derive(InputObject, Default)]
#[graphql(name = "ChangeFilter")]
pub struct ChangeFilterInput {
    /// Kinds of object changed (`project`, `phase`, `monthly_return`, `problem`, …).
    pub entity_types: Option<Vec<String>>,
    /// Global ids of the projects the changes concern; naming any listing of a project carried
    /// into several plans follows the whole project (its changes are one history).
    pub project_ids: Option<Vec<ID>>,
}

/// The root subscription.
#[derive(Default)]
pub struct Subscription;

/// Live updates: the change log followed as commits land (over WebSocket at `/graphql`, or as
/// Server-Sent Events with `Accept: text/event-stream`).
#[Subscription]
impl Subscription {
    /// Every committed change after `after` (a cursor of the `changes` query or of this
    /// stream; none: only what is committed from now on), in commit order, then each new one
    /// as it is committed. Page the history with the `changes` query, then subscribe from the
    /// last cursor seen: nothing is skipped or repeated at the seam.
    async fn changes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Start after this cursor; none starts at the latest committed change.")]
        after: Option<String>,
        #[graphql(desc = "Only these changes.")] filter: Option<ChangeFilterInput>,
    ) -> Result<BoxStream<'static, Result<ChangeEdge>>> {
        // Boxed here and below: the stream lives as long as the subscription, and whatever it
        // holds inline (the futures of its reads included) is memory every idle subscriber keeps.
        Ok(Box::pin(change_feed(ctx, after, filter)).await?.boxed())
    }

    /// The project `projectId` as it is after each commit that changed it (one event per
    /// commit, however many fields it changed), after `after` (a cursor of `changes`; none: from
    /// now on). The cursor is that of the commit's last change, in the `changes` cursor space.
    async fn project_changed(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The project's global id.")] project_id: ID,
        #[graphql(desc = "Start after this cursor; none starts at the latest committed change.")]
        after: Option<String>,
    ) -> Result<BoxStream<'static, Result<ProjectChange>>> {
        let id = match parse_global_id(&project_id) {
            Some((Kind::Project, id)) => id,
            _ => return Err(validation("projectId", "not a project id")),
        };
        let filter = ChangeFilterInput {
            entity_types: None,
            project_ids: Some(vec![project_id]),
        };
        let entries = Box::pin(change_feed(ctx, after, Some(filter))).await?;
        let db = ctx.data::<DatabaseConnection>()?.clone();
        let auth = ctx.data::<Auth>()?.clone();
        let key = Box::pin(service::project::key_of(&db, id))
            .await
            .map_err(to_gql)?
            .ok_or_else(|| validation("projectId", "no such project"))?;
        // One event per commit: the entries of a commit arrive one after the other, so an entry is
        // the last of its commit when the next one belongs to another (or nothing follows yet).
        let commits = entries.ready_chunks(PAGE as usize).flat_map(|batch| {
            let mut out: Vec<Result<ChangeEntry>> = Vec::new();
            for item in batch {
                match item {
                    Ok(edge) => {
                        let entry = edge.node.0;
                        if let Some(Ok(last)) = out.last()
                            && last.commit_seq == entry.commit_seq
                        {
                            out.pop();
                        }
                        out.push(Ok(entry));
                    }
                    Err(err) => out.push(Err(err)),
                }
            }
            futures_util::stream::iter(out)
        });
        Ok(commits
            .then(move |entry| -> BoxFuture<'static, Result<ProjectChange>> {
                let (db, auth, key) = (db.clone(), auth.clone(), key.clone());
                Box::pin(async move {
                    let entry = entry?;
                    let principal = auth.reauthenticate().await.map_err(load_error)?;
                    let project = service::audit::project_as_of(&db, &principal, &key, entry.at)
                        .await
                        .map_err(to_gql)?
                        .ok_or_else(crate::error::internal)?;
                    Ok(ProjectChange {
                        cursor: Cursor(entry.id).encode_cursor(),
                        project: Project(project),
                    })
                })
            })
            .boxed())
    }
}

/// A project after a commit that changed it.
#[derive(SimpleObject)]
pub struct ProjectChange {
    /// The cursor of the commit's last change (the `changes` cursor space).
    pub cursor: String,
    /// The project as that commit left it.
    pub project: Project,
}

/// The stream of `changes`, for both subscriptions.
async fn change_feed(
    ctx: &Context<'_>,
    after: Option<String>,
    filter: Option<ChangeFilterInput>,
) -> Result<impl Stream<Item = Result<ChangeEdge>> + use<>> {
    let db = ctx.data::<DatabaseConnection>()?.clone();
    let auth = ctx.data::<Auth>()?.clone();
    let principal = auth.principal().await.map_err(load_error)?.clone();
    service::access::require_read(&principal).map_err(to_gql)?;
    let mut filter = filter_of(filter.unwrap_or_default())?;
    // A listing's changes are logged under its physical project, whichever listing is named.
    filter.project_ids = service::project::listing::physical_ids(&db, &filter.project_ids)
        .await
        .map_err(to_gql)?;
    let after = ctx.data_opt::<Resume>().map(|r| r.0.clone()).or(after);
    let after = match after {
        Some(text) => Some(
            Cursor::decode_cursor(&text)
                .map_err(|message| validation("after", message))?
                .0,
        ),
        None => service::audit::latest_change(&db, &principal, &filter)
            .await
            .map_err(to_gql)?,
    };
    let slot = match ctx.data_opt::<Slots>() {
        Some(slots) => slots.take()?,
        None => Slot::unbound(),
    };
    // A cursor that names no change is refused now, not after the stream began.
    let position = match after {
        Some(id) => Some(service::audit::position_of(&db, id).await.map_err(to_gql)?),
        None => None,
    };
    let tail = ctx.data::<Tail>()?.subscribe();
    let feed = Feed {
        db,
        auth,
        scanned: position,
        filter,
        pending: VecDeque::new(),
        tail,
        tokens: None,
        over: false,
        slot,
    };
    Ok(futures_util::stream::unfold(feed, Feed::next))
}

fn filter_of(input: ChangeFilterInput) -> Result<ChangeFilter> {
    let project_ids = input
        .project_ids
        .unwrap_or_default()
        .iter()
        .map(|id| match parse_global_id(id) {
            Some((Kind::Project, n)) => Ok(n),
            _ => Err(validation(
                "filter.projectIds",
                format!("`{}` is not a project id", id.as_str()),
            )),
        })
        .collect::<Result<Vec<i32>>>()?;
    Ok(ChangeFilter {
        entity_types: input.entity_types.unwrap_or_default(),
        project_ids,
    })
}

/// A change as a stream sends it.
type ChangeEdge = Edge<Cursor, ChangeLogEntry, EmptyFields>;
/// One step of a feed: what it sends, and the feed to go on with.
type Step = Option<(Result<ChangeEdge>, Feed)>;

/// One subscriber's position in the change log.
struct Feed {
    db: DatabaseConnection,
    auth: Auth,
    /// How far the feed has looked: every entry up to here it wants is sent or pending.
    scanned: Option<FeedPosition>,
    filter: ChangeFilter,
    pending: VecDeque<ChangeEntry>,
    tail: watch::Receiver<Arc<Batch>>,
    /// The token counter the caller was last checked under.
    tokens: Option<i64>,
    over: bool,
    slot: Slot,
}

impl Feed {
    async fn next(mut self) -> Step {
        if self.over {
            return None;
        }
        loop {
            if let Some(entry) = self.pending.pop_front() {
                self.slot.sent(entry.id);
                let edge = Edge::new(Cursor(entry.id), ChangeLogEntry(entry));
                return Some((Ok(edge), self));
            }
            // Seen before anything is read: a batch published after it ends the wait below.
            let batch = self.tail.borrow_and_update().clone();
            if batch.read && batch.tokens != self.tokens {
                if let Err(err) = Box::pin(self.auth.reauthenticate()).await {
                    return self.end(load_error(err));
                }
                self.tokens = batch.tokens;
            }
            if batch.read && batch.from == self.scanned {
                // Caught up with the tail: its batch is the rest, straight from memory.
                self.pending.extend(batch.wanted(&self.filter).cloned());
                let moved = batch.to != self.scanned;
                self.scanned = batch.to;
                if moved {
                    continue;
                }
            } else if !batch.read || batch.to > self.scanned {
                // Behind the tail (or it has not read yet): read the table, as far as a page.
                let principal = match Box::pin(self.auth.reauthenticate()).await {
                    Ok(principal) => principal,
                    Err(err) => return self.end(load_error(err)),
                };
                match Box::pin(service::audit::changes_after(
                    &self.db,
                    &principal,
                    None,
                    self.scanned,
                    &self.filter,
                    PAGE,
                ))
                .await
                {
                    Ok((entries, more)) => {
                        if let Some(last) = entries.last().and_then(FeedPosition::of) {
                            self.scanned = Some(last);
                        }
                        // Read after the batch was published: every entry up to its end that
                        // the filter wants is in what was read.
                        if !more && batch.read && batch.to > self.scanned {
                            self.scanned = batch.to;
                        }
                        if !entries.is_empty() || more {
                            self.pending.extend(entries);
                            continue;
                        }
                    }
                    Err(err) => return self.end(to_gql(err)),
                }
                if batch.read && batch.to == self.scanned {
                    continue;
                }
            }
            // Woken by the next batch, or after POLL in case the tail missed a ring.
            let _ = tokio::time::timeout(POLL, self.tail.changed()).await;
        }
    }

    fn end(mut self, err: async_graphql::Error) -> Step {
        self.over = true;
        Some((Err(err), self))
    }
}
