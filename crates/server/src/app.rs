//! The HTTP application: GraphQL, GraphiQL, CSV exports and health endpoints.

use std::sync::Arc;
use std::time::Duration;

use async_graphql::http::GraphiQLSource;
use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, OperationType, Selection, SelectionSet,
};
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::header::{ACCEPT, ALLOW, AUTHORIZATION, CONTENT_TYPE, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, Request, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use graphql::PortfolioSchema;
use sea_orm::DatabaseConnection;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

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
    /// Longest a request may take.
    pub request_timeout: Duration,
    /// Origins allowed to call from browsers (CORS); none when empty.
    pub cors_origins: Vec<String>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            public_read: false,
            limits: graphql::Limits::default(),
            max_aliases: 100,
            max_batch: 10,
            max_body_bytes: 1024 * 1024,
            request_timeout: Duration::from_secs(30),
            cors_origins: Vec::new(),
        }
    }
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    /// The database pool.
    pub db: DatabaseConnection,
    /// The GraphQL schema.
    pub schema: PortfolioSchema,
    /// Bounds and switches.
    pub config: Arc<ServerConfig>,
}

impl AppState {
    /// State over `db` with the default configuration.
    pub fn new(db: DatabaseConnection) -> Self {
        Self::with_config(db, ServerConfig::default())
    }

    /// State over `db` with `config`.
    pub fn with_config(db: DatabaseConnection, config: ServerConfig) -> Self {
        Self {
            schema: graphql::build_schema(db.clone(), config.limits),
            db,
            config: Arc::new(config),
        }
    }
}

/// The application's routes and middleware.
pub fn app(state: AppState) -> Router {
    let config = state.config.clone();
    let mut router = Router::new()
        .route("/graphql", get(graphql_get).post(graphql_post))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .merge(crate::export::router())
        .with_state(state)
        .layer(DefaultBodyLimit::max(config.max_body_bytes))
        .layer(axum::middleware::from_fn_with_state(
            config.max_body_bytes,
            refuse_announced_oversize,
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
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            config.request_timeout,
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
    router
}

/// Refuses a body whose announced length is over the bound before reading any of it; bodies
/// without a length are cut off by the extractor's limit instead.
async fn refuse_announced_oversize(
    State(max): State<usize>,
    request: Request<axum::body::Body>,
    next: axum::middleware::Next,
) -> Response {
    let announced = request
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    match announced {
        Some(length) if length > max as u64 => request_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            JSON,
            "PAYLOAD_TOO_LARGE",
            format!("the request body exceeds {max} bytes"),
        ),
        _ => next.run(request).await,
    }
}

const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";
const JSON: &str = "application/json";

/// The media type to answer in, from the `Accept` header (GraphQL over HTTP): the GraphQL
/// response type when the client names it first or alone, JSON otherwise; `None` when the client
/// accepts neither.
fn negotiate(headers: &HeaderMap) -> Option<&'static str> {
    let Some(accept) = headers.get(ACCEPT).and_then(|v| v.to_str().ok()) else {
        return Some(JSON);
    };
    for item in accept.split(',') {
        let media = item
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        match media.as_str() {
            GRAPHQL_RESPONSE_JSON => return Some(GRAPHQL_RESPONSE_JSON),
            JSON | "application/*" | "*/*" => return Some(JSON),
            _ => {}
        }
    }
    None
}

/// A GraphQL-shaped error body with a status and a stable code.
fn request_error(status: StatusCode, media: &'static str, code: &str, message: String) -> Response {
    let body =
        serde_json::json!({ "errors": [{ "message": message, "extensions": { "code": code } }] });
    (status, [(CONTENT_TYPE, media)], body.to_string()).into_response()
}

/// The bearer secret of a request: `Ok(None)` without an `Authorization` header, an error
/// response when the header is not a bearer token.
fn bearer(headers: &HeaderMap, media: &'static str) -> Result<Option<String>, Box<Response>> {
    let Some(value) = headers.get(AUTHORIZATION) else {
        return Ok(None);
    };
    let secret = value.to_str().ok().and_then(|v| {
        let (scheme, secret) = v.split_once(' ')?;
        scheme
            .eq_ignore_ascii_case("bearer")
            .then(|| secret.trim().to_owned())
    });
    match secret {
        Some(secret) if !secret.is_empty() => Ok(Some(secret)),
        _ => Err(Box::new(unauthorized(request_error(
            StatusCode::UNAUTHORIZED,
            media,
            "UNAUTHENTICATED",
            "the Authorization header must be `Bearer <token>`".into(),
        )))),
    }
}

fn unauthorized(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    response
}

/// Number of aliased fields in a document, counted before anything runs.
fn alias_count(document: &ExecutableDocument) -> usize {
    fn count(set: &SelectionSet) -> usize {
        set.items
            .iter()
            .map(|item| match &item.node {
                Selection::Field(field) => {
                    usize::from(field.node.alias.is_some()) + count(&field.node.selection_set.node)
                }
                Selection::InlineFragment(fragment) => count(&fragment.node.selection_set.node),
                Selection::FragmentSpread(_) => 0,
            })
            .sum()
    }
    let operations: usize = match &document.operations {
        DocumentOperations::Single(op) => count(&op.node.selection_set.node),
        DocumentOperations::Multiple(ops) => ops
            .values()
            .map(|op| count(&op.node.selection_set.node))
            .sum(),
    };
    operations
        + document
            .fragments
            .values()
            .map(|f| count(&f.node.selection_set.node))
            .sum::<usize>()
}

/// Checks that need no database: the alias bound. Returns the error response when it fails.
fn precheck(
    state: &AppState,
    request: &async_graphql::Request,
    media: &'static str,
) -> Option<Response> {
    // A document that does not parse is left to the executor, which reports where it fails.
    let document = async_graphql::parser::parse_query(&request.query).ok()?;
    let aliases = alias_count(&document);
    (aliases > state.config.max_aliases).then(|| {
        request_error(
            StatusCode::BAD_REQUEST,
            media,
            "TOO_MANY_ALIASES",
            format!(
                "the query has {aliases} aliases; at most {} are accepted",
                state.config.max_aliases
            ),
        )
    })
}

/// Runs one request: `extensions.code` on every error; the HTTP status it calls for.
async fn run(
    state: &AppState,
    request: async_graphql::Request,
    secret: Option<String>,
    headers: &HeaderMap,
) -> (StatusCode, async_graphql::Response) {
    let request_id = headers
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let auth = graphql::Auth::new(state.db.clone(), secret, state.config.public_read)
        .with_request_id(request_id);
    let mut response = graphql::execute(&state.schema, request, &state.db, auth).await;
    let not_executed = response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| e.path.is_empty());
    let mut unauthenticated = false;
    for error in &mut response.errors {
        let extensions = error.extensions.get_or_insert_with(Default::default);
        let code = match extensions.get("code") {
            Some(async_graphql::Value::String(code)) => code.clone(),
            _ => {
                // Errors raised before or outside the resolvers (syntax, validation, limits,
                // arguments) are the request's fault.
                let message = error.message.as_str();
                let code = if message == "Query is nested too deep."
                    || message.starts_with("The recursion depth of the query")
                {
                    "QUERY_TOO_DEEP"
                } else if message == "Query is too complex." {
                    "QUERY_TOO_COMPLEX"
                } else {
                    "BAD_REQUEST"
                };
                extensions.set("code", code);
                code.to_owned()
            }
        };
        unauthenticated |= code == "UNAUTHENTICATED";
    }
    let status = if unauthenticated {
        StatusCode::UNAUTHORIZED
    } else if not_executed {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    (status, response)
}

fn respond<T: serde::Serialize>(status: StatusCode, media: &'static str, body: &T) -> Response {
    match serde_json::to_string(body) {
        Ok(body) => {
            let response = (status, [(CONTENT_TYPE, media)], body).into_response();
            if status == StatusCode::UNAUTHORIZED {
                unauthorized(response)
            } else {
                response
            }
        }
        Err(err) => {
            tracing::error!(error = %err, "cannot serialise a GraphQL response");
            request_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                media,
                "INTERNAL",
                "internal error; it has been logged".into(),
            )
        }
    }
}

/// The status a single response is sent with: with the GraphQL response media type, the one
/// `run` chose; with plain JSON, 200 for anything that was a well-formed request (the GraphQL
/// over HTTP specification's rule), and 401 where credentials are missing.
fn status_for(media: &'static str, status: StatusCode) -> StatusCode {
    if media == GRAPHQL_RESPONSE_JSON || status == StatusCode::UNAUTHORIZED {
        status
    } else {
        StatusCode::OK
    }
}

/// `POST /graphql` with a JSON body `{query, variables?, operationName?}`, or an array of them
/// (a batch).
async fn graphql_post(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(media) = negotiate(&headers) else {
        return (
            StatusCode::NOT_ACCEPTABLE,
            format!("answers are {GRAPHQL_RESPONSE_JSON} or {JSON}"),
        )
            .into_response();
    };
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if content_type != JSON && content_type != "application/graphql+json" {
        return request_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            media,
            "BAD_REQUEST",
            format!("send the request as {JSON}, not `{content_type}`"),
        );
    }
    let body = match body {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return request_error(
                StatusCode::PAYLOAD_TOO_LARGE,
                media,
                "PAYLOAD_TOO_LARGE",
                format!(
                    "the request body exceeds {} bytes",
                    state.config.max_body_bytes
                ),
            );
        }
        Err(rejection) => {
            return request_error(
                rejection.status(),
                media,
                "BAD_REQUEST",
                rejection.body_text(),
            );
        }
    };
    let secret = match bearer(&headers, media) {
        Ok(secret) => secret,
        Err(response) => return *response,
    };
    match serde_json::from_slice::<async_graphql::BatchRequest>(&body) {
        Ok(async_graphql::BatchRequest::Single(request)) => {
            if let Some(refused) = precheck(&state, &request, media) {
                return refused;
            }
            let (status, response) = run(&state, request, secret, &headers).await;
            respond(status_for(media, status), media, &response)
        }
        Ok(async_graphql::BatchRequest::Batch(requests)) => {
            if requests.len() > state.config.max_batch || requests.is_empty() {
                return request_error(
                    StatusCode::BAD_REQUEST,
                    media,
                    "BATCH_TOO_LARGE",
                    format!(
                        "a batch holds 1 to {} operations; this one holds {}",
                        state.config.max_batch,
                        requests.len()
                    ),
                );
            }
            if let Some(refused) = requests.iter().find_map(|r| precheck(&state, r, media)) {
                return refused;
            }
            let mut responses = Vec::with_capacity(requests.len());
            let mut unauthenticated = false;
            for request in requests {
                let (status, response) = run(&state, request, secret.clone(), &headers).await;
                unauthenticated |= status == StatusCode::UNAUTHORIZED;
                responses.push(response);
            }
            let status = if unauthenticated {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::OK
            };
            respond(status, media, &responses)
        }
        Err(err) => request_error(
            StatusCode::BAD_REQUEST,
            media,
            "BAD_REQUEST",
            format!("the body is not a GraphQL request: {err}"),
        ),
    }
}

/// `GET /graphql` runs a query given in the query string (never a mutation), and otherwise serves
/// GraphiQL.
async fn graphql_get(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    let Some(query) = uri.query().filter(|q| !q.is_empty()) else {
        return Html(GraphiQLSource::build().endpoint("/graphql").finish()).into_response();
    };
    let Some(media) = negotiate(&headers) else {
        return (
            StatusCode::NOT_ACCEPTABLE,
            format!("answers are {GRAPHQL_RESPONSE_JSON} or {JSON}"),
        )
            .into_response();
    };
    let request = match async_graphql::http::parse_query_string(query) {
        Ok(request) => request,
        Err(err) => {
            return request_error(
                StatusCode::BAD_REQUEST,
                media,
                "BAD_REQUEST",
                format!("bad GraphQL request: {err}"),
            );
        }
    };
    if is_mutation(&request) {
        let mut response = request_error(
            StatusCode::METHOD_NOT_ALLOWED,
            media,
            "BAD_REQUEST",
            "mutations are sent with POST".into(),
        );
        response
            .headers_mut()
            .insert(ALLOW, HeaderValue::from_static("POST"));
        return response;
    }
    if let Some(refused) = precheck(&state, &request, media) {
        return refused;
    }
    let secret = match bearer(&headers, media) {
        Ok(secret) => secret,
        Err(response) => return *response,
    };
    let (status, response) = run(&state, request, secret, &headers).await;
    respond(status_for(media, status), media, &response)
}

/// Whether the operation the request would run is a mutation (or subscription): those change
/// state or stream, and GET must stay safe.
fn is_mutation(request: &async_graphql::Request) -> bool {
    let Ok(document) = async_graphql::parser::parse_query(&request.query) else {
        return false;
    };
    let is_write = |ty: OperationType| ty != OperationType::Query;
    match &document.operations {
        DocumentOperations::Single(op) => is_write(op.node.ty),
        DocumentOperations::Multiple(ops) => match &request.operation_name {
            Some(name) => ops
                .iter()
                .find(|(n, _)| n.as_str() == name)
                .is_some_and(|(_, op)| is_write(op.node.ty)),
            None => ops.values().any(|op| is_write(op.node.ty)),
        },
    }
}

async fn healthz() -> &'static str {
    "ok"
}

async fn readyz(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => "ready".into_response(),
        Err(err) => {
            tracing::warn!(error = %err, "database not reachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database not reachable").into_response()
        }
    }
}
