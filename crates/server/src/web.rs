//! The dashboard and GraphiQL, served from files built into the binary.
//!
//! `web/dist` (built from `web/` and committed) is embedded at compile time, so the server needs
//! neither Node.js nor the internet at run time: a network cut off from both still gets a working
//! dashboard at `/` and a working GraphiQL at `/graphql`. Every page is sent with a
//! Content-Security-Policy that allows scripts, styles, fonts and connections from this origin
//! only, and no inline script: text from the data can never become code, and no page of ours can
//! reach another origin.

use axum::body::Body;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, ETAG, IF_NONE_MATCH, REFERRER_POLICY,
    X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;

/// The built front end.
#[derive(RustEmbed)]
#[folder = "../../web/dist/"]
struct Assets;

/// Same origin only, no inline script or style, no plugins, no framing. `data:` images and fonts
/// are allowed because GraphiQL's stylesheet carries its icons and fonts inline; scripts never.
pub const CONTENT_SECURITY_POLICY_VALUE: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; \
     manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The page GraphiQL is served from (GET `/graphql` without a query).
const GRAPHIQL_PAGE: &str = "graphiql/index.html";
/// The dashboard's single page, also the answer for every route of its own.
const INDEX: &str = "index.html";
/// Folders whose missing files are a 404, not the dashboard.
const ASSET_FOLDERS: [&str; 2] = ["assets/", "graphiql/"];

/// GraphiQL, with its scripts and styles from this server.
pub fn graphiql(headers: &HeaderMap) -> Response {
    serve_file(GRAPHIQL_PAGE, headers).unwrap_or_else(missing)
}

/// Everything the router does not route: a built file when there is one, otherwise the
/// dashboard's page for its own routes (`/projects/…`), which its router then draws.
pub async fn fallback(method: Method, uri: Uri, headers: HeaderMap) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return StatusCode::NOT_FOUND.into_response();
    }
    let path = uri.path().trim_start_matches('/');
    if !path.is_empty()
        && let Some(response) = serve_file(path, &headers)
    {
        return response;
    }
    if ASSET_FOLDERS.iter().any(|folder| path.starts_with(folder)) || path.contains("..") {
        return StatusCode::NOT_FOUND.into_response();
    }
    serve_file(INDEX, &headers).unwrap_or_else(missing)
}

fn missing() -> Response {
    (
        StatusCode::NOT_FOUND,
        "this build carries no front end: run `npm run build` in web/",
    )
        .into_response()
}

/// A built file with its type, its cache rule and the security headers; `None` if there is no
/// such file.
fn serve_file(path: &str, headers: &HeaderMap) -> Option<Response> {
    let file = Assets::get(path)?;
    let etag = format!("\"{}\"", hex(&file.metadata.sha256_hash()[..16]));
    // Vite names what it builds under assets/ by content, so those never change; everything else
    // (the pages, GraphiQL's files) is revalidated against its tag.
    let cache = if path.starts_with("assets/") {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let not_modified = headers
        .get(IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|tag| tag.trim() == etag));
    let mut response = if not_modified {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mime = file.metadata.mimetype();
        // Pages and scripts hold Chinese text: say how it is encoded rather than let it be guessed.
        let mime = if mime.starts_with("text/") || mime.ends_with("javascript") {
            format!("{mime}; charset=utf-8")
        } else {
            mime.to_owned()
        };
        let mut response = Body::from(file.data.into_owned()).into_response();
        if let Ok(value) = HeaderValue::from_str(&mime) {
            response.headers_mut().insert(CONTENT_TYPE, value);
        }
        response
    };
    let out = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&etag) {
        out.insert(ETAG, value);
    }
    out.insert(CACHE_CONTROL, HeaderValue::from_static(cache));
    secure(out);
    Some(response)
}

/// The headers every page of ours carries.
fn secure(headers: &mut HeaderMap) {
    headers.insert(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY_VALUE),
    );
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // The dashboard's URLs name projects; other sites need not learn them.
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
