//! Logging through `tracing`, and the one line every request leaves at the default level.
//!
//! An operator filters requests by operation, actor, status and duration (and follows one by its
//! request id), so each request logs exactly one INFO event `request` with those fields. The
//! handlers know the operation and the actor only after the request ran; they note them in the
//! request's [`RequestLog`], which the middleware reads when the response is ready.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use tracing_subscriber::EnvFilter;

use crate::config::LogFormat;

/// Installs the global subscriber; `RUST_LOG` overrides the default filter.
pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn,sea_orm_migration=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    // A second init (e.g. in tests) is harmless; the first subscriber stays.
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
}

/// The header carrying the request id, set by the request-id layer when the client sent none.
pub const REQUEST_ID: axum::http::HeaderName = axum::http::HeaderName::from_static("x-request-id");

#[derive(Debug, Default)]
struct Facts {
    operation: Option<String>,
    actor: Option<String>,
}

/// What a handler learnt about its request for the request's log line. A handler takes it as
/// an extractor; outside [`access_log`] (unit tests) it is a detached, unread one.
#[derive(Clone, Debug, Default)]
pub struct RequestLog(Arc<Mutex<Facts>>);

impl RequestLog {
    /// The GraphQL operation(s) the request ran, by name.
    pub fn operation(&self, name: Option<String>) {
        if let Ok(mut facts) = self.0.lock() {
            facts.operation = name;
        }
    }

    /// The caller, by token name (never the token).
    pub fn actor(&self, name: &str) {
        if let Ok(mut facts) = self.0.lock() {
            facts.actor = Some(name.to_owned());
        }
    }

    fn take(&self) -> Facts {
        self.0
            .lock()
            .map(|mut facts| std::mem::take(&mut *facts))
            .unwrap_or_default()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for RequestLog {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<Self>().cloned().unwrap_or_default())
    }
}

/// Logs one INFO line per request once its response (for a streamed export: its head) is ready.
/// Only method and path are logged: query strings may carry variables, and headers the token.
pub async fn access_log(mut request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let request_id = request
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_owned();
    let log = RequestLog::default();
    request.extensions_mut().insert(log.clone());
    let response = next.run(request).await;
    let facts = log.take();
    let took = started.elapsed();
    let status = response.status().as_u16();
    crate::metrics::record_request(&path, facts.operation.as_deref(), status, took);
    tracing::info!(
        http.method = %method,
        http.path = %path,
        graphql.operation = %facts.operation.as_deref().unwrap_or("-"),
        actor = %facts.actor.as_deref().unwrap_or("-"),
        http.status = status,
        duration_ms = took.as_micros() as f64 / 1000.0,
        request.id = %request_id,
        "request"
    );
    response
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use axum::Router;
    use axum::body::Body;
    use axum::http::StatusCode;
    use axum::routing::get;
    use tower::ServiceExt;

    use super::*;

    /// A log sink the test can read back.
    #[derive(Clone, Default)]
    struct Sink(Arc<Mutex<Vec<u8>>>);

    impl Write for Sink {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            if let Ok(mut buffer) = self.0.lock() {
                buffer.extend_from_slice(bytes);
            }
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[tokio::test]
    async fn a_request_leaves_one_info_line_with_what_its_handler_learnt()
    -> Result<(), Box<dyn std::error::Error>> {
        let sink = Sink::default();
        let writer = sink.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_max_level(tracing::Level::INFO)
            .with_writer(move || writer.clone())
            .finish();
        let _guard = tracing::subscriber::set_default(subscriber);
        let router = Router::new()
            .route(
                "/graphql",
                get(|log: RequestLog| async move {
                    log.operation(Some("PortfolioPage".to_owned()));
                    log.actor("finance");
                    StatusCode::CREATED
                }),
            )
            .layer(axum::middleware::from_fn(access_log));
        let request = axum::http::Request::builder()
            .uri("/graphql?query=secret-variables")
            .header(REQUEST_ID, "rid-1")
            .header("authorization", "Bearer pf_secret")
            .body(Body::empty())?;
        let response = router.oneshot(request).await?;
        assert_eq!(response.status(), StatusCode::CREATED);

        let text = String::from_utf8(sink.0.lock().map(|b| b.clone()).unwrap_or_default())?;
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 1, "{text}");
        for field in [
            " INFO ",
            "http.method=GET",
            "http.path=/graphql ",
            "graphql.operation=PortfolioPage",
            "actor=finance",
            "http.status=201",
            "duration_ms=",
            "request.id=rid-1",
        ] {
            assert!(lines[0].contains(field), "{field} in {text}");
        }
        assert!(
            !text.contains("secret"),
            "no query string, no token: {text}"
        );
        Ok(())
    }
}
