//! The HTTP application: GraphQL, GraphiQL, CSV exports and health endpoints.

use std::time::Duration;

use async_graphql::http::GraphiQLSource;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::header::{ACCEPT, ALLOW, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Request, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use graphql::PortfolioSchema;
use sea_orm::DatabaseConnection;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

/// Largest request body accepted.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    /// The database pool.
    pub db: DatabaseConnection,
    /// The GraphQL schema.
    pub schema: PortfolioSchema,
}

impl AppState {
    /// State over `db`.
    pub fn new(db: DatabaseConnection) -> Self {
        Self {
            schema: graphql::build_schema(db.clone()),
            db,
        }
    }
}

/// The application's routes and middleware.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/graphql", get(graphql_get).post(graphql_post))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .merge(crate::export::router())
        .with_state(state)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
                let request_id = request
                    .headers()
                    .get(REQUEST_ID)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-");
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
            Duration::from_secs(30),
        ))
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

/// Runs `request` and answers it: `extensions.code` on every error, and, for the GraphQL response
/// media type, 400 when the request failed before execution (unparseable or invalid document).
async fn execute(
    state: &AppState,
    request: async_graphql::Request,
    media: &'static str,
) -> Response {
    let mut response = graphql::execute(&state.schema, request, &state.db).await;
    let not_executed = response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| e.path.is_empty());
    for error in &mut response.errors {
        let extensions = error.extensions.get_or_insert_with(Default::default);
        if extensions.get("code").is_none() {
            // Errors raised before or outside the resolvers (syntax, validation, arguments) are
            // the request's fault.
            extensions.set("code", "BAD_REQUEST");
        }
    }
    let status = if media == GRAPHQL_RESPONSE_JSON && not_executed {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    match serde_json::to_string(&response) {
        Ok(body) => (status, [(CONTENT_TYPE, media)], body).into_response(),
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

/// `POST /graphql` with a JSON body `{query, variables?, operationName?}`.
async fn graphql_post(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
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
    match serde_json::from_slice::<async_graphql::Request>(&body) {
        Ok(request) => execute(&state, request, media).await,
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
    execute(&state, request, media).await
}

/// Whether the operation the request would run is a mutation (or subscription): those change
/// state or stream, and GET must stay safe.
fn is_mutation(request: &async_graphql::Request) -> bool {
    use async_graphql::parser::types::{DocumentOperations, OperationType};
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
