//! The HTTP application: its state, its routes and middleware, and the health endpoints.
//!
//! The routes are thin adapters: GraphQL over HTTP is [`crate::graphql_http`], the spreadsheet
//! exports are [`crate::export`], the dashboard and GraphiQL's files [`crate::web`]; both read credentials through [`crate::auth`] and log through
//! [`crate::telemetry::access_log`].

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use axum::http::{HeaderValue, Method, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use graphql::PortfolioSchema;
use sea_orm::DatabaseConnection;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

use crate::telemetry::REQUEST_ID;

/// Bounds and switches of the HTTP side. Every bound is checked before any statement runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerConfig {
    /// Anonymous callers may read (never write): for open-data deployments.
    pub public_read: bool,
    /// Query depth, cost and introspection.
    pub limits: graphql::Limits,
    /// Most aliased fields one document may hold.
    pub max_aliases: usize,
    /// Most operations one batched request may hold.
    pub max_batch: usize,
    /// Largest request body, in bytes.
    pub max_body_bytes: usize,
    /// Largest multipart request (a file uploaded to import), in bytes.
    pub max_upload_bytes: usize,
    /// Longest a request may take.
    pub request_timeout: Duration,
    /// Origins allowed to call from browsers (CORS); none when empty.
    pub cors_origins: Vec<String>,
    /// Distinct query documents kept parsed; 0 parses every request's document.
    pub document_cache: usize,
    /// Callers kept between requests; 0 looks every request's token up.
    pub token_cache: usize,
    /// Bytes of read answers kept until the next write; 0 keeps none.
    pub response_cache_bytes: usize,
    /// Subscription WebSocket connections one instance holds at once.
    pub max_subscription_connections: usize,
    /// Subscriptions one WebSocket connection holds at once.
    pub max_subscriptions_per_connection: usize,
    /// How long a subscription WebSocket may stay open with no subscription.
    pub subscription_idle_timeout: Duration,
    /// How long a subscriber may leave an event unread before it is closed.
    pub slow_consumer_timeout: Duration,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            public_read: false,
            limits: graphql::Limits::default(),
            max_aliases: 100,
            max_batch: 10,
            max_body_bytes: 1024 * 1024,
            max_upload_bytes: 20 * 1024 * 1024,
            request_timeout: Duration::from_secs(30),
            cors_origins: Vec::new(),
            document_cache: 512,
            token_cache: 1024,
            response_cache_bytes: 64 * 1024 * 1024,
            max_subscription_connections: 10_000,
            max_subscriptions_per_connection: 100,
            subscription_idle_timeout: Duration::from_secs(300),
            slow_consumer_timeout: Duration::from_secs(30),
        }
    }
}

/// What every handler shares, behind one reference count: each request takes its own handle
/// (the router, the extractors), and cloning every part on each would cost a count per part.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// The parts of [`AppState`].
#[derive(Clone)]
pub struct Shared {
    /// The database pool.
    pub db: DatabaseConnection,
    /// The GraphQL schema.
    pub schema: PortfolioSchema,
    /// Bounds and switches.
    pub config: Arc<ServerConfig>,
    /// Parsed query documents, shared by every request that sends the same text.
    pub documents: Arc<graphql::documents::DocumentCache>,
    /// Callers, kept until a write to tokens.
    pub tokens: Arc<service::token_cache::TokenCache>,
    /// Reads of the primary's write mark, shared by the requests asking at once.
    pub marks: Arc<service::mark::MarkReader>,
    /// Lists and categories, kept until the next write.
    pub catalog: Arc<service::catalog_cache::CatalogCache>,
    /// Read answers, kept until the next write.
    pub responses: Arc<crate::response_cache::ResponseCache>,
    /// The loaders every subscription stream shares.
    pub stream_loaders: graphql::loaders::Loaders,
    /// The read replicas, and the callers waiting for them to replay their writes.
    pub replicas: Arc<crate::replicas::Replicas>,
    /// The connection listening for other instances' commits.
    pub listener: Arc<crate::live::Listener>,
    /// Subscription WebSocket connections open now.
    pub sockets: Arc<std::sync::atomic::AtomicUsize>,
    /// Set when the server begins to shut down.
    pub stopping: Arc<tokio::sync::watch::Sender<bool>>,
    /// Subscriptions executed once for all their subscribers (see [`crate::fan_out`]).
    pub hubs: Arc<crate::fan_out::Hubs>,
}

impl AppState {
    /// State over `db` with the default configuration.
    pub fn new(db: DatabaseConnection) -> Self {
        Self::with_config(db, ServerConfig::default())
    }

    /// State over `db` with `config`.
    pub fn with_config(db: DatabaseConnection, config: ServerConfig) -> Self {
        let schema = graphql::build_schema(db.clone(), config.limits);
        let tokens = Arc::new(service::token_cache::TokenCache::new(config.token_cache));
        let marks = service::mark::MarkReader::new(db.clone());
        let stream_loaders = graphql::stream_loaders(&db);
        let hubs = Arc::new(crate::fan_out::Hubs::new(
            schema.clone(),
            db.clone(),
            tokens.clone(),
            marks.clone(),
            stream_loaders.clone(),
            config.public_read,
        ));
        Self(Arc::new(Shared {
            schema,
            documents: Arc::new(graphql::documents::DocumentCache::new(
                config.document_cache,
                // Dashboards' documents are a few KiB; longer ones are parsed each time, so the cache
                // holds at most `document_cache` × 16 KiB of text whatever clients send.
                16 * 1024,
            )),
            tokens,
            marks,
            catalog: Arc::default(),
            responses: Arc::new(crate::response_cache::ResponseCache::new(
                config.response_cache_bytes,
            )),
            stream_loaders,
            hubs,
            replicas: Arc::default(),
            listener: Arc::default(),
            sockets: Arc::default(),
            stopping: Arc::new(tokio::sync::watch::channel(false).0),
            db,
            config: Arc::new(config),
        }))
    }
}

impl AppState {
    /// The same state, reading from `replicas` (see [`crate::replicas`]). On PostgreSQL it starts
    /// listening at once, to hear of callers who wrote through other instances.
    pub fn with_replicas(mut self, replicas: Vec<DatabaseConnection>) -> Self {
        if replicas.is_empty() {
            return self;
        }
        // Called as the state is built, before any handle to it is taken; the parts are cloned
        // otherwise.
        let shared = Arc::make_mut(&mut self.0);
        shared.replicas = Arc::new(crate::replicas::Replicas::new(replicas));
        crate::replicas::Replicas::watch(&shared.replicas);
        shared.listener.start(&shared.db, &shared.replicas);
        self
    }

    /// The database a read by `caller` outside GraphQL (an export) goes to: a replica unless the
    /// caller has just written and it has not replayed that yet (see [`crate::replicas`]).
    pub async fn read_db(&self, caller: &service::access::Principal) -> DatabaseConnection {
        self.replicas
            .route(&self.db, None, Some(caller), false)
            .await
            .db
    }

    /// Begins to shut down: `/readyz` turns unready and every subscription WebSocket is closed
    /// with 1001 and its last cursor. Requests in flight go on.
    pub fn begin_shutdown(&self) {
        self.stopping.send_replace(true);
    }

    /// Waits, at most `bound`, for the subscription WebSockets to close.
    pub async fn sockets_closed(&self, bound: Duration) {
        let deadline = tokio::time::Instant::now() + bound;
        while self.sockets.load(std::sync::atomic::Ordering::SeqCst) > 0
            && tokio::time::Instant::now() < deadline
        {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// The application's routes and middleware.
pub fn app(state: AppState) -> Router {
    let config = state.config.clone();
    let mut router = Router::new()
        .route(
            "/graphql",
            get(crate::graphql_http::get).post(crate::graphql_http::post),
        )
        .route("/healthz", get(healthz))
        .route("/livez", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(crate::metrics::render))
        .merge(crate::export::router())
        .fallback(crate::web::fallback)
        .with_state(state)
        .layer(DefaultBodyLimit::max(
            config.max_body_bytes.max(config.max_upload_bytes),
        ))
        .layer(axum::middleware::from_fn_with_state(
            (config.max_body_bytes, config.max_upload_bytes),
            crate::graphql_http::refuse_announced_oversize,
        ))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
                let request_id = request
                    .headers()
                    .get(REQUEST_ID)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-");
                // Only method and path: query strings may carry variables, and headers the token.
                tracing::info_span!(
                    "http.request",
                    http.method = %request.method(),
                    http.path = %request.uri().path(),
                    request.id = %request_id,
                )
            }),
        )
        .layer(axum::middleware::from_fn_with_state(
            config.request_timeout,
            time_bound,
        ));
    if !config.cors_origins.is_empty() {
        let origins: Vec<HeaderValue> = config
            .cors_origins
            .iter()
            .filter_map(|o| HeaderValue::from_str(o).ok())
            .collect();
        router = router.layer(
            CorsLayer::new()
                .allow_origin(AllowOrigin::list(origins))
                .allow_methods([Method::GET, Method::POST])
                .allow_headers([AUTHORIZATION, CONTENT_TYPE, ACCEPT]),
        );
    }
    // Outside everything that can answer (timeout, CORS preflight), so that every request is
    // logged; inside the request id, so that its line carries it.
    router
        .layer(axum::middleware::from_fn(crate::telemetry::access_log))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
}

/// Abandons a request that runs past `bound`, answering a GraphQL-shaped error with the code
/// `TIMEOUT` (status 408) that clients can tell from any other failure. Dropping the handler's
/// future rolls back a write it had begun: nothing half-done is committed.
async fn time_bound(
    State(bound): State<Duration>,
    request: Request<axum::body::Body>,
    next: axum::middleware::Next,
) -> Response {
    match tokio::time::timeout(bound, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            let code = graphql::error::ErrorCode::Timeout;
            let body = serde_json::json!({ "errors": [{
                "message": format!("the request took longer than {} ms and was abandoned", bound.as_millis()),
                "extensions": { "code": code.as_str() },
            }] });
            let status =
                StatusCode::from_u16(code.http_status()).unwrap_or(StatusCode::REQUEST_TIMEOUT);
            (
                status,
                [(CONTENT_TYPE, "application/json")],
                body.to_string(),
            )
                .into_response()
        }
    }
}

async fn healthz() -> &'static str {
    "ok"
}

/// Ready to serve: the database answers, its schema is the one this binary was built for, and
/// (once a subscriber started it, on PostgreSQL) the commit listener is connected.
async fn readyz(State(state): State<AppState>) -> Response {
    if *state.stopping.borrow() {
        return (StatusCode::SERVICE_UNAVAILABLE, "shutting down").into_response();
    }
    if let Err(err) = state.db.ping().await {
        tracing::warn!(error = %err, "database not reachable");
        return (StatusCode::SERVICE_UNAVAILABLE, "database not reachable").into_response();
    }
    if state.listener.state() == Some(false) {
        // Subscribers of this instance would hear of other instances' commits only by polling.
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "not listening for other instances' commits; reconnecting",
        )
            .into_response();
    }
    match service::db::pending_migrations(&state.db).await {
        Ok(0) => "ready".into_response(),
        Ok(pending) => (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("migrations not applied: {pending}; run `portfolio migrate`"),
        )
            .into_response(),
        Err(err) => {
            tracing::warn!(error = %err, "migrations cannot be read");
            (StatusCode::SERVICE_UNAVAILABLE, "migrations cannot be read").into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::routing::get;
    use tower::ServiceExt;

    use super::*;

    /// A router whose `/slow` takes far longer than the bound and `/fast` answers at once.
    fn bounded(bound: Duration) -> Router {
        Router::new()
            .route(
                "/slow",
                get(|| async {
                    tokio::time::sleep(Duration::from_secs(5)).await;
                    "late"
                }),
            )
            .route("/fast", get(|| async { "ok" }))
            .layer(axum::middleware::from_fn_with_state(bound, time_bound))
    }

    #[tokio::test]
    async fn a_request_past_its_bound_answers_timeout_in_json() -> Result<(), String> {
        let request = |path: &str| Request::get(path).body(Body::empty());
        let slow = bounded(Duration::from_millis(20))
            .oneshot(request("/slow").map_err(|e| e.to_string())?)
            .await
            .map_err(|e| e.to_string())?;
        assert_eq!(slow.status(), StatusCode::REQUEST_TIMEOUT);
        assert_eq!(
            slow.headers()
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok()),
            Some("application/json")
        );
        let body = axum::body::to_bytes(slow.into_body(), 4096)
            .await
            .map_err(|e| e.to_string())?;
        let body: serde_json::Value = serde_json::from_slice(&body).map_err(|e| e.to_string())?;
        assert_eq!(body["errors"][0]["extensions"]["code"], "TIMEOUT");
        assert!(body.get("data").is_none());
        let fast = bounded(Duration::from_secs(5))
            .oneshot(request("/fast").map_err(|e| e.to_string())?)
            .await
            .map_err(|e| e.to_string())?;
        assert_eq!(fast.status(), StatusCode::OK);
        Ok(())
    }
}
