//! The caller's credentials as HTTP carries them. `/graphql` and the exports read the
//! `Authorization` header here, and only here, so that both accept and refuse the same headers and
//! challenge a missing credential the same way.

use axum::http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use service::ServiceError;
use service::access::{self, Principal};

use crate::AppState;

/// The bearer secret of a request: `Ok(None)` without an `Authorization` header; an
/// `Unauthenticated` error when the header is there but is not `Bearer <token>`, since a
/// credential the client meant to send must not silently become an anonymous call.
pub fn bearer(headers: &HeaderMap) -> Result<Option<String>, ServiceError> {
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
        _ => Err(ServiceError::Unauthenticated {
            message: "the Authorization header must be `Bearer <token>`".to_owned(),
        }),
    }
}

/// The caller of a request that is established at once (the exports; GraphQL establishes its
/// caller lazily, see `graphql::Auth`).
pub async fn principal(state: &AppState, headers: &HeaderMap) -> Result<Principal, ServiceError> {
    match bearer(headers)? {
        Some(secret) => access::authenticate(&state.db, &secret, state.config.public_read).await,
        None => Ok(Principal::anonymous(state.config.public_read)),
    }
}

/// Adds the `WWW-Authenticate: Bearer` challenge HTTP requires on every 401.
pub fn challenge(mut response: Response) -> Response {
    if response.status() == StatusCode::UNAUTHORIZED {
        response
            .headers_mut()
            .insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(AUTHORIZATION, value);
        }
        headers
    }

    #[test]
    fn only_a_bearer_token_is_a_credential() {
        assert_eq!(bearer(&HeaderMap::new()).ok(), Some(None));
        assert_eq!(
            bearer(&headers("bearer  pf_x ")).ok(),
            Some(Some("pf_x".to_owned()))
        );
        assert!(bearer(&headers("Basic dXNlcg==")).is_err());
        assert!(bearer(&headers("Bearer ")).is_err());
    }
}
