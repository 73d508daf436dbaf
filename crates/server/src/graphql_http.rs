//! GraphQL over HTTP: content negotiation, the checks made before anything runs, the GET and POST
//! handlers and the status codes they answer with.
//!
//! async-graphql-axum's extractor and response type are not used. Its response answers one fixed
//! media type with status 200 whatever the `Accept` header asked for and whether the document
//! ran at all, where the GraphQL-over-HTTP specification wants
//! `application/graphql-response+json` with 4xx for a request that was not executed; and its
//! extractor parses the request before a handler sees it, so a GET mutation, an unaccepted media
//! type or an oversize batch could not be refused first. Bodies are read here as bytes and parsed
//! with async-graphql's own request types instead.

use std::sync::Arc;

use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, OperationType, Selection, SelectionSet,
};
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::header::{ACCEPT, ALLOW, CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use graphql::error::{ErrorCode, INTERNAL_MESSAGE};
use sea_orm::DatabaseConnection;

use crate::AppState;
use crate::telemetry::{REQUEST_ID, RequestLog};
use crate::{auth, response_cache};

const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";
const JSON: &str = "application/json";

/// A request refused before it ran (boxed: a response is large, and most requests are not
/// refused).
pub struct Refused(Box<Response>);

impl From<Response> for Refused {
    fn from(response: Response) -> Self {
        Self(Box::new(response))
    }
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        *self.0
    }
}

/// The media type to answer in, from the `Accept` header: the GraphQL response type when the
/// client names it first or alone, JSON otherwise; `None` when the client accepts neither.
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

fn not_acceptable() -> Response {
    (
        StatusCode::NOT_ACCEPTABLE,
        format!("answers are {GRAPHQL_RESPONSE_JSON} or {JSON}"),
    )
        .into_response()
}

/// A GraphQL-shaped error body for a request refused as a whole, with its code's status.
fn request_error(code: ErrorCode, media: &'static str, message: String) -> Response {
    let status = StatusCode::from_u16(code.http_status()).unwrap_or(StatusCode::BAD_REQUEST);
    with_status(status, request_error_body(code, media, message))
}

fn request_error_body(code: ErrorCode, media: &'static str, message: String) -> Response {
    let body = serde_json::json!({
        "errors": [{ "message": message, "extensions": { "code": code.as_str() } }]
    });
    (StatusCode::OK, [(CONTENT_TYPE, media)], body.to_string()).into_response()
}

/// The same response with another status (for refusals whose status is the protocol's, not the
/// code's: 405, 415).
fn with_status(status: StatusCode, mut response: Response) -> Response {
    *response.status_mut() = status;
    auth::challenge(response)
}

/// Refuses a body whose announced length is over the bound before reading any of it; bodies
/// without a length are cut off by the extractor's limit instead.
pub async fn refuse_announced_oversize(
    State((max_body, max_upload)): State<(usize, usize)>,
    request: Request<axum::body::Body>,
    next: axum::middleware::Next,
) -> Response {
    let upload = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("multipart/form-data")
        });
    // An upload (a spreadsheet to import) may be larger than a query; the handler holds every
    // other body to the query's bound.
    let max = if upload { max_upload } else { max_body };
    let announced = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    match announced {
        Some(length) if length > max as u64 => too_large(max, JSON),
        _ => next.run(request).await,
    }
}

fn too_large(max: usize, media: &'static str) -> Response {
    request_error(
        ErrorCode::PayloadTooLarge,
        media,
        format!("the request body exceeds {max} bytes"),
    )
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

/// What the document of a request says before it runs.
#[derive(Default)]
struct Checked {
    /// The operation's name, for the log.
    operation: Option<String>,
    /// Whether the operation to run changes state or streams (a mutation or subscription).
    writes: bool,
    /// Aliased fields in the whole document.
    aliases: usize,
    /// The parsed document, handed to the execution so it is not parsed again.
    document: Option<Arc<ExecutableDocument>>,
}

/// Reads the document (parsed once, or taken from the cache) for its operation's name and kind
/// and its aliases. A document that does not parse passes: the executor reports where it fails.
fn inspect(state: &AppState, request: &async_graphql::Request) -> Checked {
    let Some(document) = state.documents.get_or_parse(&request.query) else {
        return Checked {
            operation: request.operation_name.clone(),
            ..Checked::default()
        };
    };
    let aliases = alias_count(&document);
    let is_write = |ty: OperationType| ty != OperationType::Query;
    let (operation, writes) = match &document.operations {
        // The parser keeps a lone anonymous operation apart; named ones are keyed by name.
        DocumentOperations::Single(op) => (request.operation_name.clone(), is_write(op.node.ty)),
        DocumentOperations::Multiple(ops) => match &request.operation_name {
            Some(name) => (
                Some(name.clone()),
                ops.iter()
                    .find(|(n, _)| n.as_str() == name)
                    .is_some_and(|(_, op)| is_write(op.node.ty)),
            ),
            None => (
                (ops.len() == 1)
                    .then(|| ops.keys().next().map(ToString::to_string))
                    .flatten(),
                ops.values().any(|op| is_write(op.node.ty)),
            ),
        },
    };
    Checked {
        operation,
        writes,
        aliases,
        document: Some(document),
    }
}

/// The checks that need no database: the alias bound.
fn check(state: &AppState, checked: &Checked, media: &'static str) -> Result<(), Refused> {
    if checked.aliases > state.config.max_aliases {
        return Err(Refused::from(request_error(
            ErrorCode::TooManyAliases,
            media,
            format!(
                "the query has {} aliases; at most {} are accepted",
                checked.aliases, state.config.max_aliases
            ),
        )));
    }
    Ok(())
}

/// Runs one request. Its status: 401 when the caller is unauthenticated, 400 when nothing was
/// executed (the document failed to parse or validate, or broke a limit), 200 otherwise.
///
/// The operations of a batch all run on the primary: a batch may write, and its reads must see
/// the writes before them.
async fn run(
    state: &AppState,
    request: async_graphql::Request,
    checked: Checked,
    secret: Option<String>,
    headers: &HeaderMap,
    log: &RequestLog,
) -> (StatusCode, Answer) {
    let auth = credentials(state, secret, headers, None);
    execute(state, &state.db, request, &checked, auth, log).await
}

/// The request's credentials, looked up through the token cache under the write mark the
/// request read (`mark`), or under the mark read when the caller is first needed: after the
/// document was validated, so that a refused document costs no statement.
fn credentials(
    state: &AppState,
    secret: Option<String>,
    headers: &HeaderMap,
    mark: Option<service::mark::Mark>,
) -> graphql::Auth {
    let request_id = headers
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    graphql::Auth::new(state.db.clone(), secret, state.config.public_read)
        .with_request_id(request_id)
        .with_cache(state.tokens.clone(), mark)
        .with_marks(state.marks.clone())
        .with_catalog(state.catalog.clone())
}

/// Executes one request on `db` (the primary, or a replica for a read). After a write, the
/// caller's reads wait for the replicas to replay it (see [`crate::replicas`]).
async fn execute(
    state: &AppState,
    db: &DatabaseConnection,
    request: async_graphql::Request,
    checked: &Checked,
    auth: graphql::Auth,
    log: &RequestLog,
) -> (StatusCode, Answer) {
    let response = graphql::execute(
        &state.schema,
        request,
        checked.document.clone(),
        db,
        auth.clone(),
    )
    .await;
    if checked.writes {
        state
            .replicas
            .after_write(&state.db, auth.known_principal())
            .await;
    }
    if let Some(principal) = auth.known_principal() {
        log.actor(&principal.name);
    }
    crate::metrics::record_errors(&response);
    let not_executed = response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| e.path.is_empty());
    let unauthenticated = response
        .errors
        .iter()
        .any(|e| ErrorCode::of_response_error(e) == Some(ErrorCode::Unauthenticated.as_str()));
    let status = if unauthenticated {
        StatusCode::UNAUTHORIZED
    } else if not_executed {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let answer = Answer {
        executed: !not_executed,
        response,
    };
    (status, answer)
}

/// Runs a single read or write and sends its answer: a read from the response cache when it was
/// answered since the last committed write, a read computed now is kept for the next caller.
///
/// The cache is asked only for a request (text and variables) that was executed before: the mark
/// and the caller are read before a cached answer can be looked up, and a document that does not
/// validate must be refused before any statement runs. The first time a request is seen it runs
/// as if nothing were cached; from the second on its answers are kept.
async fn answer_single(
    state: &AppState,
    request: async_graphql::Request,
    checked: Checked,
    secret: Option<String>,
    headers: &HeaderMap,
    log: &RequestLog,
    media: &'static str,
) -> Response {
    let text = match &checked.document {
        Some(document) if state.responses.enabled() && !checked.writes => {
            response_cache::Key::request_text(&request, document)
        }
        _ => None,
    };
    let known = text.as_deref().is_some_and(|t| state.responses.seen(t));
    let mark = if known {
        state.marks.read().await.ok()
    } else {
        None
    };
    let auth = credentials(state, secret, headers, mark);
    let reads = if checked.writes || state.replicas.is_empty() {
        crate::replicas::Reads {
            db: state.db.clone(),
            mark,
        }
    } else {
        // Routing needs the caller only while someone waits for a replica to replay a write.
        let caller = if known || state.replicas.needs_caller() {
            auth.principal().await.ok()
        } else {
            None
        };
        state.replicas.route(&state.db, mark, caller, known).await
    };
    let key = match (&text, reads.mark) {
        (Some(text), Some(mark)) => match auth.principal().await {
            Ok(principal) => Some(response_cache::Key::new(
                text.clone(),
                principal.token_id,
                mark.writes,
                service::reporting::problem::office_today(),
            )),
            // Refused callers are answered by the executor, and never kept.
            Err(_) => None,
        },
        _ => None,
    };
    if let Some(key) = &key
        && let Some(kept) = state.responses.get(key)
    {
        log.actor(&kept.actor);
        return respond_raw(status_for(media, kept.status), media, kept.body);
    }
    let (status, answer) = execute(state, &reads.db, request, &checked, auth.clone(), log).await;
    let body = match serde_json::to_string(&answer) {
        Ok(body) => body,
        Err(err) => {
            tracing::error!(error = %err, "cannot serialise a GraphQL response");
            return request_error(ErrorCode::Internal, media, INTERNAL_MESSAGE.into());
        }
    };
    let body = Bytes::from(body);
    let clean = status == StatusCode::OK && answer.response.errors.is_empty();
    match (key, text) {
        (Some(key), _) if clean => {
            let actor = auth
                .known_principal()
                .map(|p| p.name.clone())
                .unwrap_or_default();
            state.responses.put(
                key,
                response_cache::Answer {
                    status,
                    body: body.clone(),
                    actor,
                },
            );
        }
        (None, Some(text)) if clean => state.responses.saw(&text),
        _ => {}
    }
    respond_raw(status_for(media, status), media, body)
}

/// A response as sent: one that never began executing (the document did not parse or validate,
/// or broke a bound) has no `data` entry at all, as the GraphQL specification asks; async-graphql
/// would write `"data": null`.
struct Answer {
    executed: bool,
    response: async_graphql::Response,
}

impl serde::Serialize for Answer {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        if self.executed {
            return self.response.serialize(serializer);
        }
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("errors", &self.response.errors)?;
        if !self.response.extensions.is_empty() {
            map.serialize_entry("extensions", &self.response.extensions)?;
        }
        map.end()
    }
}

fn respond_raw(status: StatusCode, media: &'static str, body: Bytes) -> Response {
    auth::challenge((status, [(CONTENT_TYPE, media)], body).into_response())
}

fn respond<T: serde::Serialize>(status: StatusCode, media: &'static str, body: &T) -> Response {
    match serde_json::to_string(body) {
        Ok(body) => auth::challenge((status, [(CONTENT_TYPE, media)], body).into_response()),
        Err(err) => {
            tracing::error!(error = %err, "cannot serialise a GraphQL response");
            request_error(ErrorCode::Internal, media, INTERNAL_MESSAGE.into())
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

/// The bearer secret, or the refusal of a malformed `Authorization` header.
fn secret(headers: &HeaderMap, media: &'static str) -> Result<Option<String>, Refused> {
    auth::bearer(headers).map_err(|err| {
        let (code, message) = graphql::error::public(&err);
        request_error(code, media, message).into()
    })
}

/// `POST /graphql` with a JSON body `{query, variables?, operationName?}`, or an array of them
/// (a batch).
pub async fn post(
    State(state): State<AppState>,
    log: RequestLog,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Refused> {
    let (state, log, headers) = (&state, &log, &headers);
    // GraphQL over Server-Sent Events: refusals before the stream are plain JSON.
    let events = crate::live::wants_events(headers);
    let media = if events {
        JSON
    } else {
        negotiate(headers).ok_or_else(not_acceptable)?
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
    // A multipart body is the GraphQL multipart request: operations, a map and the files.
    let multipart = content_type == "multipart/form-data";
    if !multipart && content_type != JSON && content_type != "application/graphql+json" {
        return Err(Refused::from(with_status(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            request_error_body(
                ErrorCode::BadRequest,
                media,
                format!("send the request as {JSON}, not `{content_type}`"),
            ),
        )));
    }
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large(state.config.max_body_bytes, media)
        } else {
            with_status(
                rejection.status(),
                request_error_body(ErrorCode::BadRequest, media, rejection.body_text()),
            )
        }
    })?;
    if !multipart && body.len() > state.config.max_body_bytes {
        return Err(Refused::from(too_large(state.config.max_body_bytes, media)));
    }
    let secret = secret(headers, media)?;
    let batch = if multipart {
        let full_type = headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let options = async_graphql::http::MultipartOptions::default()
            .max_file_size(state.config.max_upload_bytes)
            .max_num_files(4);
        async_graphql::http::receive_batch_body(
            full_type,
            futures_util::io::Cursor::new(body.to_vec()),
            options,
        )
        .await
        .map_err(|err| {
            request_error(
                ErrorCode::BadRequest,
                media,
                format!("the body is not a GraphQL multipart request: {err}"),
            )
        })?
    } else {
        serde_json::from_slice::<async_graphql::BatchRequest>(&body).map_err(|err| {
            request_error(
                ErrorCode::BadRequest,
                media,
                format!("the body is not a GraphQL request: {err}"),
            )
        })?
    };
    match batch {
        async_graphql::BatchRequest::Single(request) => {
            let mut checked = inspect(state, &request);
            check(state, &checked, media)?;
            log.operation(checked.operation.take());
            if multipart {
                // An upload is a write whatever its document says, and its files are not text.
                checked.writes = true;
            } else if events {
                let document = checked.document;
                return Ok(crate::live::events(state, request, document, secret, headers).await);
            }
            Ok(answer_single(state, request, checked, secret, headers, log, media).await)
        }
        async_graphql::BatchRequest::Batch(requests) => {
            if requests.len() > state.config.max_batch || requests.is_empty() {
                return Err(Refused::from(request_error(
                    ErrorCode::BatchTooLarge,
                    media,
                    format!(
                        "a batch holds 1 to {} operations; this one holds {}",
                        state.config.max_batch,
                        requests.len()
                    ),
                )));
            }
            let mut operations = Vec::with_capacity(requests.len());
            let mut checks = Vec::with_capacity(requests.len());
            for request in &requests {
                let mut checked = inspect(state, request);
                check(state, &checked, media)?;
                let name = checked.operation.take();
                operations.push(name.unwrap_or_else(|| "-".to_owned()));
                checks.push(checked);
            }
            log.operation(Some(operations.join(",")));
            let mut responses = Vec::with_capacity(requests.len());
            let mut unauthenticated = false;
            for (request, checked) in requests.into_iter().zip(checks) {
                let secret = secret.clone();
                let (status, response) = run(state, request, checked, secret, headers, log).await;
                unauthenticated |= status == StatusCode::UNAUTHORIZED;
                responses.push(response);
            }
            let status = if unauthenticated {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::OK
            };
            Ok(respond(status, media, &responses))
        }
    }
}

/// `GET /graphql` runs a query given in the query string (never a mutation), becomes a
/// subscription connection when it asks to upgrade to a WebSocket (see [`crate::live`]), and
/// otherwise serves GraphiQL (from the files built into the binary, see [`crate::web`]).
pub async fn get(
    State(state): State<AppState>,
    log: RequestLog,
    request: axum::extract::Request,
) -> Result<Response, Refused> {
    let (mut parts, _) = request.into_parts();
    if crate::live::is_upgrade(&parts.headers) {
        log.operation(Some("subscription".to_owned()));
        return Ok(crate::live::websocket(&state, &mut parts).await);
    }
    let (state, log, headers, uri) = (&state, &log, &parts.headers, &parts.uri);
    let Some(query) = uri.query().filter(|q| !q.is_empty()) else {
        return Ok(crate::web::graphiql(headers));
    };
    let events = crate::live::wants_events(headers);
    let media = if events {
        JSON
    } else {
        negotiate(headers).ok_or_else(not_acceptable)?
    };
    let request = async_graphql::http::parse_query_string(query).map_err(|err| {
        request_error(
            ErrorCode::BadRequest,
            media,
            format!("bad GraphQL request: {err}"),
        )
    })?;
    let checked = inspect(state, &request);
    log.operation(checked.operation.clone());
    if checked.writes {
        let mut response = with_status(
            StatusCode::METHOD_NOT_ALLOWED,
            request_error_body(
                ErrorCode::BadRequest,
                media,
                "mutations are sent with POST".into(),
            ),
        );
        response
            .headers_mut()
            .insert(ALLOW, HeaderValue::from_static("POST"));
        return Err(response.into());
    }
    check(state, &checked, media)?;
    let secret = secret(headers, media)?;
    if events {
        let document = checked.document;
        return Ok(crate::live::events(state, request, document, secret, headers).await);
    }
    Ok(answer_single(state, request, checked, secret, headers, log, media).await)
}
