//! Live updates: GraphQL subscriptions over WebSocket at `/graphql` (the `graphql-transport-ws`
//! and the legacy `graphql-ws` sub-protocols, through async-graphql-axum), and the commit
//! notifications of other instances.
//!
//! The streams themselves ([`graphql::subscription`]) read the change log after their cursor and
//! wait for the in-process doorbell when caught up. Commits in this process ring it; on
//! PostgreSQL every commit also sends `NOTIFY portfolio_commits, '<mark>'` (a doorbell: no more
//! than the number, so the payload limit never matters), and this module keeps one connection
//! listening for it and rings the bell for commits of other instances. When that connection
//! drops it reconnects and rings the bell at once: every stream looks at the table again, so what
//! was committed meanwhile is delivered and nothing is lost.
//!
//! The same streams are served as Server-Sent Events to clients behind proxies that refuse
//! upgrades (GraphQL over SSE, "distinct connections" mode): a `POST` or `GET` to `/graphql`
//! with `Accept: text/event-stream` answers `next` events, each with the change's cursor as its
//! id, and a last `complete`. A client that reconnects with `Last-Event-ID` resumes after that
//! cursor, whatever `after` its document gives. The token goes in the `Authorization` header.
//!
//! On shutdown ([`AppState::begin_shutdown`]) every WebSocket is closed with 1001 (going away)
//! and, as its reason, the cursor of the last change it was sent, so that its client resumes on
//! another instance; `/readyz` answers 503 from that moment.
//!
//! The token goes in `connection_init`'s payload (`{"Authorization": "Bearer <token>"}`, as
//! browsers cannot set headers on a WebSocket) or in the upgrade request's `Authorization`
//! header; a connection whose token is refused is closed at init. Frames are small: the socket's
//! buffers are 1 KiB for reading and 4 KiB for writing, and a message from the client is at most
//! 64 KiB.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use async_graphql::Data;
use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql::parser::types::ExecutableDocument;
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::extract::ws::{CloseFrame, Message, close_code};
use axum::extract::{FromRequestParts, WebSocketUpgrade};
use axum::http::HeaderMap;
use axum::http::header::{ACCEPT, CONNECTION, UPGRADE};
use axum::http::request::Parts;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::{SinkExt, StreamExt};
use sea_orm::{DatabaseConnection, DbBackend};

use crate::AppState;
use crate::replicas::Replicas;

/// Whether a request asks to become a WebSocket.
pub fn is_upgrade(headers: &HeaderMap) -> bool {
    let has = |name, token: &str| {
        headers.get_all(name).iter().any(|v| {
            v.to_str()
                .is_ok_and(|v| v.split(',').any(|t| t.trim().eq_ignore_ascii_case(token)))
        })
    };
    has(UPGRADE, "websocket") && has(CONNECTION, "upgrade")
}

/// `GET /graphql` with `Upgrade: websocket`: a subscription connection.
pub async fn websocket(state: &AppState, parts: &mut Parts) -> Response {
    let protocol = match GraphQLProtocol::from_request_parts(parts, &()).await {
        Ok(protocol) => protocol,
        Err(rejection) => return rejection.into_response(),
    };
    let upgrade = match WebSocketUpgrade::from_request_parts(parts, &()).await {
        Ok(upgrade) => upgrade,
        Err(rejection) => return rejection.into_response(),
    };
    let header_secret = match crate::auth::bearer(&parts.headers) {
        Ok(secret) => secret,
        Err(err) => {
            let (code, message) = graphql::error::public(&err);
            return crate::auth::challenge(refusal(code, message));
        }
    };
    let Some(place) = Place::take(&state.sockets, state.config.max_subscription_connections) else {
        return refusal(
            graphql::error::ErrorCode::TooManySubscriptions,
            format!(
                "this instance holds {} subscription connections already; retry later or elsewhere",
                state.config.max_subscription_connections
            ),
        );
    };
    state.listener.start(&state.db, &state.replicas);
    let (hubs, db, tokens, marks) = (
        state.hubs.clone(),
        state.db.clone(),
        state.tokens.clone(),
        state.marks.clone(),
    );
    let stream_loaders = state.stream_loaders.clone();
    let public_read = state.config.public_read;
    let per_connection = state.config.max_subscriptions_per_connection;
    let (mut stopping, stopped) = (state.stopping.subscribe(), state.stopping.subscribe());
    let (idle_bound, slow_bound) = (
        state.config.subscription_idle_timeout,
        state.config.slow_consumer_timeout,
    );
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        // A client sends a few small messages (init, subscribe); the buffer grows for a larger
        // one and 1 KiB is what every idle connection keeps.
        .read_buffer_size(1024)
        .write_buffer_size(4 * 1024)
        .max_write_buffer_size(1024 * 1024)
        .max_message_size(64 * 1024)
        .on_upgrade(move |socket| async move {
            let slots = graphql::subscription::Slots::new(per_connection);
            let connection = Arc::new(crate::fan_out::Connection {
                secret: std::sync::OnceLock::new(),
                slots: slots.clone(),
                slow: Arc::default(),
                slow_told: Arc::default(),
            });
            let executor = crate::fan_out::ConnectionExecutor::new(hubs, connection.clone());
            let mut data = Data::default();
            data.insert(stream_loaders);
            data.insert(slots.clone());
            let (mut sink, stream) = socket.split();
            // On shutdown, or when the connection has held no subscription for too long, the
            // client's side of the conversation ends, which ends every stream; then the socket
            // is closed with a code saying why and, on shutdown, the last cursor sent.
            let idle = Arc::new(AtomicBool::new(false));
            let input = stream.take_until({
                let (slots, idle, connection) = (slots.clone(), idle.clone(), connection.clone());
                async move {
                    tokio::select! {
                        _ = stopping.wait_for(|stopping| *stopping) => {}
                        () = slots.idle_for(idle_bound) => idle.store(true, Ordering::SeqCst),
                        // A subscriber fell too far behind its hub (see `fan_out`).
                        () = connection.slow_told.notified() => {}
                    }
                }
            });
            let overdue = connection.slow.clone();
            let patient = Patient::new(&mut sink, slow_bound, overdue.clone());
            GraphQLWebSocket::new_with_pair(patient, input, executor, protocol)
                .with_data(data)
                .on_connection_init(move |payload| async move {
                    let secret = secret_of(&payload).or(header_secret);
                    let auth = graphql::Auth::new(db, secret.clone(), public_read)
                        .with_cache(tokens, None)
                        .with_marks(marks);
                    let principal = auth
                        .principal()
                        .await
                        .map_err(|err| async_graphql::Error::new(graphql::error::public(&err).1))?;
                    service::access::require_read(principal)
                        .map_err(|err| async_graphql::Error::new(graphql::error::public(&err).1))?;
                    let _ = connection.secret.set(secret);
                    let mut data = Data::default();
                    data.insert(auth);
                    Ok(data)
                })
                .serve()
                .await;
            let resume = |why: &str| match slots.last_cursor() {
                Some(cursor) => format!("{why}; resume after {cursor}"),
                None => format!("{why}; resume elsewhere"),
            };
            let frame = if overdue.load(Ordering::SeqCst) {
                metrics::counter!("portfolio_subscription_closed_total", "reason" => "slow_consumer")
                    .increment(1);
                Some((close_code::AGAIN, resume("slow consumer")))
            } else if *stopped.borrow() {
                Some((close_code::AWAY, resume("shutting down")))
            } else if idle.load(Ordering::SeqCst) {
                metrics::counter!("portfolio_subscription_closed_total", "reason" => "idle")
                    .increment(1);
                Some((
                    close_code::NORMAL,
                    format!("idle: no subscription for {} s", idle_bound.as_secs_f64()),
                ))
            } else {
                None
            };
            if let Some((code, reason)) = frame {
                let close = Message::Close(Some(CloseFrame {
                    code,
                    reason: reason.into(),
                }));
                // A consumer that stopped reading may never take the frame: the socket is
                // dropped after a second whatever happens, and its client resumes from the
                // last event it received.
                let _ = tokio::time::timeout(Duration::from_secs(1), sink.send(close)).await;
            }
            drop(place);
        })
}

/// The socket's sending side, failing once a message has waited `bound` for the client to read:
/// the connection then ends instead of holding its streams (and their place) for ever, and
/// `overdue` says why.
struct Patient<S> {
    inner: S,
    bound: Duration,
    waiting: Option<std::pin::Pin<Box<tokio::time::Sleep>>>,
    overdue: Arc<AtomicBool>,
}

impl<S> Patient<S> {
    fn new(inner: S, bound: Duration, overdue: Arc<AtomicBool>) -> Self {
        Self {
            inner,
            bound,
            waiting: None,
            overdue,
        }
    }

    fn wait<E>(
        &mut self,
        cx: &mut std::task::Context<'_>,
        ready: std::task::Poll<Result<(), E>>,
    ) -> std::task::Poll<Result<(), SocketGone>> {
        use std::task::Poll;
        match ready {
            Poll::Ready(result) => {
                self.waiting = None;
                Poll::Ready(result.map_err(|_| SocketGone))
            }
            Poll::Pending => {
                let bound = self.bound;
                let timer = self
                    .waiting
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep(bound)));
                if timer.as_mut().poll(cx).is_ready() {
                    self.overdue.store(true, Ordering::SeqCst);
                    return Poll::Ready(Err(SocketGone));
                }
                Poll::Pending
            }
        }
    }
}

/// The socket cannot take a message: closed, or its client stopped reading.
#[derive(Debug)]
struct SocketGone;

impl<S: futures_util::Sink<Message> + Unpin> futures_util::Sink<Message> for Patient<S> {
    type Error = SocketGone;

    fn poll_ready(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), SocketGone>> {
        let this = self.get_mut();
        let ready = this.inner.poll_ready_unpin(cx);
        this.wait(cx, ready)
    }

    fn start_send(self: std::pin::Pin<&mut Self>, item: Message) -> Result<(), SocketGone> {
        self.get_mut()
            .inner
            .start_send_unpin(item)
            .map_err(|_| SocketGone)
    }

    fn poll_flush(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), SocketGone>> {
        let this = self.get_mut();
        let ready = this.inner.poll_flush_unpin(cx);
        this.wait(cx, ready)
    }

    fn poll_close(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), SocketGone>> {
        self.get_mut()
            .inner
            .poll_close_unpin(cx)
            .map_err(|_| SocketGone)
    }
}

/// A WebSocket connection's place among the instance's, given back when it closes.
struct Place(Arc<AtomicUsize>);

impl Place {
    fn take(open: &Arc<AtomicUsize>, most: usize) -> Option<Self> {
        if open.fetch_add(1, Ordering::SeqCst) >= most {
            open.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        metrics::gauge!("portfolio_subscription_connections").increment(1.0);
        Some(Self(open.clone()))
    }
}

impl Drop for Place {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
        metrics::gauge!("portfolio_subscription_connections").decrement(1.0);
    }
}

/// An upgrade refused before it happened: a GraphQL-shaped error with the code's status.
fn refusal(code: graphql::error::ErrorCode, message: String) -> Response {
    let body = serde_json::json!({ "errors": [{ "message": message,
        "extensions": { "code": code.as_str() } }] });
    (
        axum::http::StatusCode::from_u16(code.http_status())
            .unwrap_or(axum::http::StatusCode::BAD_REQUEST),
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

/// Whether a request asks for Server-Sent Events.
pub fn wants_events(headers: &HeaderMap) -> bool {
    headers
        .get(ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',').any(|item| {
                item.split(';')
                    .next()
                    .is_some_and(|media| media.trim().eq_ignore_ascii_case("text/event-stream"))
            })
        })
}

/// One GraphQL request answered as Server-Sent Events: every response of its stream (one for a
/// query or mutation) as a `next` event, then `complete`.
pub async fn events(
    state: &AppState,
    request: async_graphql::Request,
    document: Option<Arc<ExecutableDocument>>,
    secret: Option<String>,
    headers: &HeaderMap,
) -> Response {
    state.listener.start(&state.db, &state.replicas);
    let resume = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .map(|v| graphql::subscription::Resume(v.trim().to_owned()));
    let auth = graphql::Auth::new(state.db.clone(), secret, state.config.public_read)
        .with_cache(state.tokens.clone(), None)
        .with_marks(state.marks.clone());
    let query = request.query.clone();
    let operation_name = request.operation_name.clone();
    let mut request = match &document {
        Some(document) => graphql::documents::with_document(request, document),
        None => request,
    };
    request = request.data(state.stream_loaders.clone()).data(auth);
    if let Some(resume) = resume {
        request = request.data(resume);
    }
    let responses =
        graphql::order::ordered(&query, operation_name, state.schema.execute_stream(request)).map(
            |response| {
                let mut event = Event::default().event("next");
                if let Some(cursor) = cursor_of(&response) {
                    event = event.id(cursor);
                }
                let body = serde_json::to_string(&response).unwrap_or_else(|err| {
                    tracing::error!(error = %err, "cannot serialise a streamed response");
                    r#"{"errors":[{"message":"internal error","extensions":{"code":"INTERNAL"}}]}"#
                        .to_owned()
                });
                Ok::<_, std::convert::Infallible>(event.data(body))
            },
        );
    let complete = futures_util::stream::once(async {
        Ok::<_, std::convert::Infallible>(Event::default().event("complete").data(""))
    });
    Sse::new(responses.chain(complete))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

/// The cursor of a streamed change (`data.<field>.cursor`), for the event's id.
fn cursor_of(response: &async_graphql::Response) -> Option<String> {
    let async_graphql::Value::Object(data) = &response.data else {
        return None;
    };
    data.values().find_map(|value| match value {
        async_graphql::Value::Object(edge) => match edge.get("cursor") {
            Some(async_graphql::Value::String(cursor)) => Some(cursor.clone()),
            _ => None,
        },
        _ => None,
    })
}

/// The bearer secret of a `connection_init` payload: `Authorization` (any case) as
/// `Bearer <token>`, or `token`.
fn secret_of(payload: &serde_json::Value) -> Option<String> {
    let object = payload.as_object()?;
    if let Some(token) = object.get("token").and_then(|v| v.as_str()) {
        return Some(token.trim().to_owned());
    }
    object
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("authorization"))
        .and_then(|(_, v)| v.as_str())
        .and_then(|v| {
            let (scheme, secret) = v.split_once(' ')?;
            scheme
                .eq_ignore_ascii_case("bearer")
                .then(|| secret.trim().to_owned())
        })
        .filter(|s| !s.is_empty())
}

/// The connection that listens for other instances' commits (PostgreSQL only), started with
/// the first subscription, or at once when reads go to replicas.
#[derive(Default)]
pub struct Listener {
    started: AtomicBool,
    up: Arc<AtomicBool>,
}

impl Listener {
    /// Starts listening, once; nothing on SQLite, where one process owns the database.
    /// It also hears which callers wrote through other instances, for `replicas`.
    pub fn start(&self, db: &DatabaseConnection, replicas: &Arc<Replicas>) {
        if db.get_database_backend() != DbBackend::Postgres
            || self.started.swap(true, Ordering::SeqCst)
        {
            return;
        }
        let pool = db.get_postgres_connection_pool().clone();
        tokio::spawn(listen(pool, self.up.clone(), replicas.clone()));
    }

    /// `None` when nothing listens (SQLite, or no subscription yet); otherwise whether the
    /// listening connection is up.
    pub fn state(&self) -> Option<bool> {
        self.started
            .load(Ordering::SeqCst)
            .then(|| self.up.load(Ordering::SeqCst))
    }
}

async fn listen(pool: sea_orm::sqlx::PgPool, up: Arc<AtomicBool>, replicas: Arc<Replicas>) {
    use sea_orm::sqlx::postgres::PgListener;
    let mut backoff = Duration::from_millis(100);
    loop {
        let connected = async {
            let mut listener = PgListener::connect_with(&pool).await?;
            listener
                .listen_all([service::mark::CHANNEL, service::mark::WRITERS_CHANNEL])
                .await?;
            Ok::<_, sea_orm::sqlx::Error>(listener)
        }
        .await;
        match connected {
            Ok(mut listener) => {
                up.store(true, Ordering::SeqCst);
                backoff = Duration::from_millis(100);
                // Whatever was committed while nobody listened is in the table: look now.
                service::mark::ring_anyway();
                tracing::info!("listening for commits of other instances");
                loop {
                    match listener.try_recv().await {
                        Ok(Some(notification))
                            if notification.channel() == service::mark::WRITERS_CHANNEL =>
                        {
                            if let Some((token, mark)) =
                                service::mark::parse_writer(notification.payload())
                            {
                                replicas.note_writer(token, mark);
                            }
                        }
                        Ok(Some(notification)) => {
                            if let Ok(mark) = notification.payload().parse::<i64>() {
                                service::mark::ring(mark);
                            }
                        }
                        // The connection was lost and is being replaced: what was sent meanwhile
                        // is unknown, so every stream looks at the table.
                        Ok(None) => {
                            tracing::warn!(
                                "the commit listener's connection was lost; reconnecting"
                            );
                            service::mark::ring_anyway();
                        }
                        Err(err) => {
                            tracing::warn!(error = %err, "the commit listener failed; reconnecting");
                            break;
                        }
                    }
                }
            }
            Err(err) => tracing::warn!(error = %err, "cannot listen for commits; retrying"),
        }
        up.store(false, Ordering::SeqCst);
        service::mark::ring_anyway();
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(Duration::from_secs(5));
    }
}
