//! `GET /metrics` in the Prometheus text format, through the `metrics` facade and its Prometheus
//! recorder (no listener of its own: the application serves the page).
//!
//! What is counted: requests by endpoint, GraphQL operation and status, with a latency histogram;
//! GraphQL errors by `extensions.code`; the database pool (connections open and idle); the parsed
//! document cache, the token cache and the response cache (hits and misses, bytes held). Operation names are chosen by clients, so only the first
//! [`MAX_OPERATIONS`] distinct well-formed names get a series of their own; the rest are counted
//! as `other`, and memory stays bounded whatever clients send.

use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use sea_orm::DbBackend;

use crate::AppState;

/// Distinct operation names that get series of their own.
pub const MAX_OPERATIONS: usize = 200;

const REQUESTS: &str = "portfolio_http_requests_total";
const DURATION: &str = "portfolio_http_request_duration_seconds";
const ERRORS: &str = "portfolio_graphql_errors_total";

/// Latency buckets, in seconds: from a cached answer to a slow export.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

/// The process's recorder, installed on first use. Several servers in one process (tests) share
/// it, as they share the process.
fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let builder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full(DURATION.to_owned()), &BUCKETS)
            .unwrap_or_else(|_| PrometheusBuilder::new());
        let recorder = builder.build_recorder();
        let handle = recorder.handle();
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("another metrics recorder is installed; /metrics shows nothing");
        }
        describe();
        handle
    })
}

fn describe() {
    metrics::describe_counter!(
        REQUESTS,
        "HTTP requests answered, by endpoint, operation and status"
    );
    metrics::describe_histogram!(
        DURATION,
        metrics::Unit::Seconds,
        "Time to answer an HTTP request, by endpoint and operation"
    );
    metrics::describe_counter!(ERRORS, "GraphQL errors answered, by extensions.code");
    metrics::describe_gauge!(
        "portfolio_db_pool_connections",
        "Database connections of the pool, by state (open, idle)"
    );
    metrics::describe_gauge!(
        "portfolio_document_cache_requests",
        "Requests whose document came from the parsed-document cache (hit) or was parsed (miss)"
    );
    metrics::describe_gauge!(
        "portfolio_token_cache_requests",
        "Requests whose caller came from the token cache (hit) or was looked up (miss)"
    );
    metrics::describe_gauge!(
        "portfolio_response_cache_requests",
        "Cacheable reads answered from the response cache (hit) or computed (miss)"
    );
    metrics::describe_gauge!(
        "portfolio_response_cache_bytes",
        "Bytes of answers the response cache holds"
    );
}

/// The label of a path: one of a few endpoints, so that paths nobody serves add no series.
fn endpoint(path: &str) -> &'static str {
    match path {
        "/graphql" => "graphql",
        "/metrics" => "metrics",
        "/livez" | "/healthz" | "/readyz" => "probe",
        p if p.starts_with("/export/") => "export",
        _ => "other",
    }
}

/// The label of an operation name: the name itself while few distinct ones have been seen.
fn operation(name: Option<&str>) -> String {
    static SEEN: OnceLock<Mutex<HashSet<String>>> = OnceLock::new();
    let Some(name) = name.filter(|n| {
        n.len() <= 64
            && n.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b',')
    }) else {
        return if name.is_some() { "other" } else { "-" }.to_owned();
    };
    let Ok(mut seen) = SEEN.get_or_init(Mutex::default).lock() else {
        return "other".to_owned();
    };
    if seen.contains(name) || seen.len() < MAX_OPERATIONS {
        seen.insert(name.to_owned());
        name.to_owned()
    } else {
        "other".to_owned()
    }
}

/// Counts one answered request.
pub fn record_request(path: &str, operation_name: Option<&str>, status: u16, took: Duration) {
    handle();
    let endpoint = endpoint(path);
    let operation = operation(operation_name);
    metrics::counter!(REQUESTS, "endpoint" => endpoint, "operation" => operation.clone(),
        "status" => status.to_string())
    .increment(1);
    metrics::histogram!(DURATION, "endpoint" => endpoint, "operation" => operation)
        .record(took.as_secs_f64());
}

/// Counts the errors of one GraphQL response by their code.
pub fn record_errors(response: &async_graphql::Response) {
    handle();
    for error in &response.errors {
        let code = graphql::error::ErrorCode::of_response_error(error).unwrap_or("NONE");
        metrics::counter!(ERRORS, "code" => code.to_owned()).increment(1);
    }
}

/// `GET /metrics`.
pub async fn render(State(state): State<AppState>) -> Response {
    let handle = handle();
    let (open, idle) = match state.db.get_database_backend() {
        DbBackend::Postgres => {
            let pool = state.db.get_postgres_connection_pool();
            (pool.size(), pool.num_idle())
        }
        _ => {
            let pool = state.db.get_sqlite_connection_pool();
            (pool.size(), pool.num_idle())
        }
    };
    metrics::gauge!("portfolio_db_pool_connections", "state" => "open").set(f64::from(open));
    metrics::gauge!("portfolio_db_pool_connections", "state" => "idle").set(idle as f64);
    let (hits, misses) = state.documents.counts();
    metrics::gauge!("portfolio_document_cache_requests", "result" => "hit").set(hits as f64);
    metrics::gauge!("portfolio_document_cache_requests", "result" => "miss").set(misses as f64);
    let (hits, misses) = state.tokens.counts();
    metrics::gauge!("portfolio_token_cache_requests", "result" => "hit").set(hits as f64);
    metrics::gauge!("portfolio_token_cache_requests", "result" => "miss").set(misses as f64);
    let (hits, misses, bytes) = state.responses.counts();
    metrics::gauge!("portfolio_response_cache_requests", "result" => "hit").set(hits as f64);
    metrics::gauge!("portfolio_response_cache_requests", "result" => "miss").set(misses as f64);
    metrics::gauge!("portfolio_response_cache_bytes").set(bytes as f64);
    (
        [(CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
        handle.render(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_stay_few_whatever_clients_send() {
        assert_eq!(endpoint("/export/projects.csv"), "export");
        assert_eq!(endpoint("/no/such/page"), "other");
        assert_eq!(operation(None), "-");
        assert_eq!(operation(Some("bad name {")), "other");
        assert_eq!(operation(Some("PortfolioPage")), "PortfolioPage");
        for n in 0..(MAX_OPERATIONS + 10) {
            operation(Some(&format!("Generated{n}")));
        }
        assert_eq!(operation(Some("OneTooMany")), "other");
        // Names seen before the bound was reached keep their series.
        assert_eq!(operation(Some("PortfolioPage")), "PortfolioPage");
    }
}
