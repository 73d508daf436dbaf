//! Live subscriptions executed once for every subscriber asking the same thing.
//!
//! Ten thousand dashboards subscribed to `changes` with one token and one document would each
//! have the same change read, resolved and turned into the same response; at ~70 µs of CPU a
//! delivery that is 0.7 s per commit on two cores. Instead, a WebSocket subscription that
//! starts from now (no `after`: a replay from a cursor is each subscriber's own) joins a *hub*
//! keyed by its token, its document, operation name and variables: the hub's one stream is
//! executed once per event and its responses are handed to every subscriber of the hub, each
//! sent on its own socket.
//!
//! What stays each subscriber's own: its place among its connection's subscriptions (the
//! bound, the idle time-out), the cursor of the last change it was sent (for resuming after a
//! shutdown), the counts of open subscriptions and events sent, and its pace — a subscriber
//! more than [`BACKLOG`] events behind the hub is a slow consumer, and its connection is
//! closed as one, with the cursor to resume from. The token is the hub's: its stream checks the
//! token again at every batch as any stream does, so a revoked token ends the hub, and with it
//! that token's subscriptions, with `UNAUTHENTICATED`.
//!
//! A subscriber that joins a running hub receives the events the hub produces from then on;
//! one committed a moment before it subscribed may be among them when the hub was still
//! delivering it, which no client can tell from a commit a moment after. Clients that must not
//! see an event twice subscribe with `after`, which is never shared.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use async_graphql::parser::types::OperationType;
use async_graphql::{Data, Executor, Request, Response, ServerError};
use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use sea_orm::DatabaseConnection;
use tokio::sync::{Notify, broadcast};

use graphql::PortfolioSchema;
use graphql::subscription::{Slot, Slots};

/// Events a subscriber may fall behind its hub before it is closed as a slow consumer.
pub const BACKLOG: usize = 1024;

/// What subscribers share a hub by.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
struct Key {
    /// The connection's token (what the stream may see, and when it ends).
    secret: Option<String>,
    query: String,
    operation: Option<String>,
    variables: String,
}

/// One event of a hub: the response, and the change it carries.
struct Delivery {
    response: Response,
    change: Option<i32>,
}

/// The instance's hubs.
pub struct Hubs {
    schema: PortfolioSchema,
    db: DatabaseConnection,
    tokens: Arc<service::token_cache::TokenCache>,
    marks: Arc<service::mark::MarkReader>,
    stream_loaders: graphql::loaders::Loaders,
    public_read: bool,
    open: Mutex<HashMap<Key, broadcast::Sender<Arc<Delivery>>>>,
}

impl Hubs {
    /// No hub yet.
    pub fn new(
        schema: PortfolioSchema,
        db: DatabaseConnection,
        tokens: Arc<service::token_cache::TokenCache>,
        marks: Arc<service::mark::MarkReader>,
        stream_loaders: graphql::loaders::Loaders,
        public_read: bool,
    ) -> Self {
        Self {
            schema,
            db,
            tokens,
            marks,
            stream_loaders,
            public_read,
            open: Mutex::default(),
        }
    }

    /// Hubs running now.
    pub fn running(&self) -> usize {
        self.open.lock().map(|open| open.len()).unwrap_or(0)
    }

    /// A subscriber's stream of the hub for `key`, started when there is none.
    fn join(
        self: &Arc<Self>,
        key: Key,
        request: Request,
        slot: Slot,
        behind: impl Fn() + Send + 'static,
    ) -> BoxStream<'static, Response> {
        let receiver = {
            let Ok(mut open) = self.open.lock() else {
                return refused("the subscription hubs are unavailable");
            };
            match open.get(&key) {
                Some(sender) => sender.subscribe(),
                None => {
                    let (sender, receiver) = broadcast::channel(BACKLOG);
                    open.insert(key.clone(), sender.clone());
                    tokio::spawn(Arc::clone(self).run(key, request, sender));
                    receiver
                }
            }
        };
        futures_util::stream::unfold(
            (receiver, slot, behind),
            |(mut receiver, slot, behind)| async move {
                match receiver.recv().await {
                    Ok(delivery) => {
                        if let Some(id) = delivery.change {
                            slot.sent(id);
                        }
                        Some((copy(&delivery.response), (receiver, slot, behind)))
                    }
                    // The connection notices and closes itself as a slow consumer.
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        behind();
                        None
                    }
                    Err(broadcast::error::RecvError::Closed) => None,
                }
            },
        )
        .boxed()
    }

    /// A hub's one execution, for as long as it has subscribers or its stream goes on.
    async fn run(
        self: Arc<Self>,
        key: Key,
        request: Request,
        sender: broadcast::Sender<Arc<Delivery>>,
    ) {
        let slots = Slots::fan_out();
        let mut data = Data::default();
        data.insert(self.stream_loaders.clone());
        data.insert(slots.clone());
        data.insert(
            graphql::Auth::new(self.db.clone(), key.secret.clone(), self.public_read)
                .with_cache(self.tokens.clone(), None)
                .with_marks(self.marks.clone()),
        );
        let (query, operation_name) = (request.query.clone(), request.operation_name.clone());
        let stream = Executor::execute_stream(&self.schema, request, Some(Arc::new(data)));
        let mut stream = std::pin::pin!(graphql::order::ordered(&query, operation_name, stream));
        metrics::gauge!("portfolio_subscription_hubs").increment(1.0);
        loop {
            tokio::select! {
                item = stream.next() => {
                    let Some(response) = item else { break };
                    let change = slots.last_sent();
                    // No receiver left: settled below, under the lock joiners take.
                    let _ = sender.send(Arc::new(Delivery { response, change }));
                }
                () = sender.closed() => {
                    let Ok(open) = self.open.lock() else { break };
                    // A subscriber may have joined since the last one left.
                    if sender.receiver_count() == 0 {
                        drop(open);
                        break;
                    }
                }
            }
        }
        if let Ok(mut open) = self.open.lock()
            && open.get(&key).is_some_and(|s| s.same_channel(&sender))
        {
            open.remove(&key);
        }
        metrics::gauge!("portfolio_subscription_hubs").decrement(1.0);
    }
}

/// Each subscriber's own copy of a hub's response (the protocol takes it by value).
fn copy(response: &Response) -> Response {
    let mut copy = Response::new(response.data.clone());
    copy.extensions = response.extensions.clone();
    copy.cache_control = response.cache_control;
    copy.errors = response.errors.clone();
    copy.http_headers = response.http_headers.clone();
    copy
}

/// A one-event stream with `message` as its error.
fn refused(message: &str) -> BoxStream<'static, Response> {
    futures_util::stream::once(std::future::ready(Response::from_errors(vec![
        ServerError::new(message, None),
    ])))
    .boxed()
}

/// One WebSocket connection's view of the schema: a subscription from now joins its hub, any
/// other operation is executed on its own.
#[derive(Clone)]
pub struct ConnectionExecutor {
    hubs: Arc<Hubs>,
    connection: Arc<Connection>,
}

/// What a connection knows once it is initialised.
pub struct Connection {
    /// The token of `connection_init` (or of the upgrade request).
    pub secret: OnceLock<Option<String>>,
    /// The connection's subscriptions.
    pub slots: Slots,
    /// Set when one of its subscribers fell more than [`BACKLOG`] events behind.
    pub slow: Arc<AtomicBool>,
    /// Told when `slow` is set, so the connection closes.
    pub slow_told: Arc<Notify>,
}

impl ConnectionExecutor {
    /// The executor of a connection holding `slots`.
    pub fn new(hubs: Arc<Hubs>, connection: Arc<Connection>) -> Self {
        Self { hubs, connection }
    }

    /// The hub key of `request`, when it can share one: a single subscription operation whose
    /// document and variables do not name `after`.
    fn key(&self, request: &Request) -> Option<Key> {
        let secret = self.connection.secret.get()?.clone();
        if request.query.contains("after") {
            return None;
        }
        let variables = serde_json::to_string(&request.variables).ok()?;
        if variables.contains("after") {
            return None;
        }
        let document = async_graphql::parser::parse_query(&request.query).ok()?;
        let mut operations = document.operations.iter();
        let (_, operation) = operations.next()?;
        if operations.next().is_some() || operation.node.ty != OperationType::Subscription {
            return None;
        }
        Some(Key {
            secret,
            query: request.query.clone(),
            operation: request.operation_name.clone(),
            variables,
        })
    }
}

impl Executor for ConnectionExecutor {
    async fn execute(&self, request: Request) -> Response {
        let (query, operation_name) = (request.query.clone(), request.operation_name.clone());
        let mut response = self.hubs.schema.execute(request).await;
        graphql::order::in_selection_order_of(&query, operation_name.as_deref(), &mut response);
        response
    }

    fn execute_stream(
        &self,
        request: Request,
        session_data: Option<Arc<Data>>,
    ) -> BoxStream<'static, Response> {
        let Some(key) = self.key(&request) else {
            let (query, operation_name) = (request.query.clone(), request.operation_name.clone());
            let stream = Executor::execute_stream(&self.hubs.schema, request, session_data);
            return graphql::order::ordered(&query, operation_name, stream).boxed();
        };
        let slot = match self.connection.slots.take() {
            Ok(slot) => slot,
            Err(err) => {
                return futures_util::stream::once(std::future::ready(Response::from_errors(
                    vec![err.into_server_error(async_graphql::Pos::default())],
                )))
                .boxed();
            }
        };
        let connection = self.connection.clone();
        self.hubs.join(key, request, slot, move || {
            connection.slow.store(true, Ordering::SeqCst);
            connection.slow_told.notify_one();
        })
    }
}
