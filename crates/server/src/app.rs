//! The HTTP application: GraphQL, GraphiQL and health endpoints.

use std::time::Duration;

use async_graphql::http::GraphiQLSource;
use async_graphql_axum::{GraphQLRequest, GraphQLResponse};
use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderName, Request, StatusCode, Uri};
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

async fn graphql_post(State(state): State<AppState>, request: GraphQLRequest) -> GraphQLResponse {
    let request = graphql::request_data(request.into_inner(), &state.db);
    state.schema.execute(request).await.into()
}

/// `GET /graphql` runs a query given in the query string, and otherwise serves GraphiQL.
async fn graphql_get(State(state): State<AppState>, uri: Uri) -> Response {
    let Some(query) = uri.query().filter(|q| !q.is_empty()) else {
        return Html(GraphiQLSource::build().endpoint("/graphql").finish()).into_response();
    };
    match async_graphql::http::parse_query_string(query) {
        Ok(request) => {
            let request = graphql::request_data(request, &state.db);
            GraphQLResponse::from(state.schema.execute(request).await).into_response()
        }
        Err(err) => (
            StatusCode::BAD_REQUEST,
            format!("bad GraphQL request: {err}"),
        )
            .into_response(),
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
