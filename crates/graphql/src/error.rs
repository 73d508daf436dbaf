//! Service errors as GraphQL errors with a stable `extensions.code`.

use async_graphql::ErrorExtensions;
use service::ServiceError;

/// Codes clients may match on.
pub mod code {
    /// The object asked for does not exist.
    pub const NOT_FOUND: &str = "NOT_FOUND";
    /// The input breaks a rule.
    pub const VALIDATION: &str = "VALIDATION";
    /// The write collides with the current state.
    pub const CONFLICT: &str = "CONFLICT";
    /// The caller may not do this.
    pub const FORBIDDEN: &str = "FORBIDDEN";
    /// The request carries no valid token.
    pub const UNAUTHENTICATED: &str = "UNAUTHENTICATED";
    /// Something failed on the server; details are in its log, never in the response.
    pub const INTERNAL: &str = "INTERNAL";
}

/// Turns a service error into a GraphQL error. Internal failures are logged here, once, and
/// answered with a generic message so that no SQL or stack reaches the client.
pub fn to_gql(err: ServiceError) -> async_graphql::Error {
    match err {
        ServiceError::NotFound { what } => async_graphql::Error::new(format!("{what} not found"))
            .extend_with(|_, e| e.set("code", code::NOT_FOUND)),
        ServiceError::Validation { field, message } => {
            async_graphql::Error::new(format!("{field}: {message}")).extend_with(|_, e| {
                e.set("code", code::VALIDATION);
                e.set("field", field.clone());
            })
        }
        ServiceError::Conflict { message } => {
            async_graphql::Error::new(message).extend_with(|_, e| e.set("code", code::CONFLICT))
        }
        ServiceError::Forbidden { message } => {
            async_graphql::Error::new(message).extend_with(|_, e| e.set("code", code::FORBIDDEN))
        }
        ServiceError::Unauthenticated { message } => async_graphql::Error::new(message)
            .extend_with(|_, e| e.set("code", code::UNAUTHENTICATED)),
        err @ ServiceError::Stale { .. } => async_graphql::Error::new(err.to_string())
            .extend_with(|_, e| e.set("code", code::CONFLICT)),
        err @ ServiceError::IllegalTransition { .. } => async_graphql::Error::new(err.to_string())
            .extend_with(|_, e| e.set("code", "ILLEGAL_TRANSITION")),
        ServiceError::Internal(cause) => {
            tracing::error!(error = %cause, "internal failure");
            internal()
        }
    }
}

/// The error answered for any unexpected failure.
pub fn internal() -> async_graphql::Error {
    async_graphql::Error::new("internal error; it has been logged")
        .extend_with(|_, e| e.set("code", code::INTERNAL))
}

/// A validation error raised by the GraphQL layer itself (e.g. a malformed cursor).
pub fn validation(field: &str, message: impl Into<String>) -> async_graphql::Error {
    to_gql(ServiceError::validation(field, message))
}
