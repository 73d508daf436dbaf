//! The stable error codes clients match on, and the one place each failure gets its code, its
//! message and its HTTP status.
//!
//! `/graphql` and the exports answer the same failure alike because both ask [`describe`]; the
//! codes of failures async-graphql raises itself (parse, validation, depth and cost limits) are
//! set by [`classify`] when the schema executes, so no caller patches responses afterwards.

use std::sync::Arc;

use async_graphql::ErrorExtensions;
use service::ServiceError;
use service::error::InternalCause;

/// The message answered for any unexpected failure; the cause is in the server's log.
pub const INTERNAL_MESSAGE: &str = "internal error; it has been logged";

/// What went wrong, as `extensions.code` says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// The request is not one the server can run (not GraphQL, a syntax or validation error).
    BadRequest,
    /// The request carries no valid token.
    Unauthenticated,
    /// The caller may not do this.
    Forbidden,
    /// The object asked for does not exist.
    NotFound,
    /// The input breaks a rule.
    Validation,
    /// The write collides with the current state (a taken key, a stale version).
    Conflict,
    /// The status change is not allowed from the current status.
    IllegalTransition,
    /// The document nests deeper than the limit.
    QueryTooDeep,
    /// The document costs more than the limit.
    QueryTooComplex,
    /// The document holds more aliases than the limit.
    TooManyAliases,
    /// The batch holds more operations than the limit.
    BatchTooLarge,
    /// The body is larger than the limit.
    PayloadTooLarge,
    /// The request ran past its time bound and was abandoned.
    Timeout,
    /// A subscription connection or a subscription over the instance's bounds; retry later or
    /// elsewhere.
    TooManySubscriptions,
    /// A change-log cursor older than the oldest change kept: page the history from its start.
    CursorExpired,
    /// Something failed on the server; details are in its log, never in the response.
    Internal,
}

impl ErrorCode {
    /// The code of a service error.
    pub fn of(err: &ServiceError) -> Self {
        match err {
            ServiceError::NotFound { .. } => Self::NotFound,
            ServiceError::Validation { .. } => Self::Validation,
            ServiceError::Conflict { .. } | ServiceError::Stale { .. } => Self::Conflict,
            ServiceError::IllegalTransition { .. } => Self::IllegalTransition,
            ServiceError::Unauthenticated { .. } => Self::Unauthenticated,
            ServiceError::Forbidden { .. } => Self::Forbidden,
            ServiceError::CursorExpired { .. } => Self::CursorExpired,
            ServiceError::Internal(_) => Self::Internal,
        }
    }

    /// The code as sent in `extensions.code`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BadRequest => "BAD_REQUEST",
            Self::Unauthenticated => "UNAUTHENTICATED",
            Self::Forbidden => "FORBIDDEN",
            Self::NotFound => "NOT_FOUND",
            Self::Validation => "VALIDATION",
            Self::Conflict => "CONFLICT",
            Self::IllegalTransition => "ILLEGAL_TRANSITION",
            Self::QueryTooDeep => "QUERY_TOO_DEEP",
            Self::QueryTooComplex => "QUERY_TOO_COMPLEX",
            Self::TooManyAliases => "TOO_MANY_ALIASES",
            Self::BatchTooLarge => "BATCH_TOO_LARGE",
            Self::PayloadTooLarge => "PAYLOAD_TOO_LARGE",
            Self::Timeout => "TIMEOUT",
            Self::TooManySubscriptions => "TOO_MANY_SUBSCRIPTIONS",
            Self::CursorExpired => "CURSOR_EXPIRED",
            Self::Internal => "INTERNAL",
        }
    }

    /// The HTTP status of a request that failed with this code alone. (A GraphQL response that
    /// executed answers 200 whatever its field errors; see the server's protocol module.)
    pub fn http_status(self) -> u16 {
        match self {
            Self::BadRequest
            | Self::Validation
            | Self::QueryTooDeep
            | Self::QueryTooComplex
            | Self::TooManyAliases
            | Self::BatchTooLarge => 400,
            Self::Unauthenticated => 401,
            Self::Forbidden => 403,
            Self::NotFound => 404,
            Self::Conflict | Self::IllegalTransition => 409,
            Self::Timeout => 408,
            Self::PayloadTooLarge => 413,
            Self::TooManySubscriptions => 429,
            Self::CursorExpired => 410,
            Self::Internal => 500,
        }
    }

    /// The code an error of a response carries, if any.
    pub fn of_response_error(error: &async_graphql::ServerError) -> Option<&str> {
        match error.extensions.as_ref()?.get("code")? {
            async_graphql::Value::String(code) => Some(code),
            _ => None,
        }
    }
}

/// What a client is told of a service error: its code and message. An internal failure is
/// answered with [`INTERNAL_MESSAGE`], so no SQL or stack reaches a client; its cause is logged
/// by [`public`] or, within GraphQL, by [`classify`].
pub fn describe(err: &ServiceError) -> (ErrorCode, String) {
    let code = ErrorCode::of(err);
    let message = match err {
        ServiceError::Internal(_) => INTERNAL_MESSAGE.to_owned(),
        ServiceError::Conflict { message }
        | ServiceError::Forbidden { message }
        | ServiceError::Unauthenticated { message } => message.clone(),
        // The others' display is written for the client.
        other => other.to_string(),
    };
    (code, message)
}

/// [`describe`], where the failure leaves the server outside GraphQL (an export, a refused
/// header): an internal cause is logged here, once.
pub fn public(err: &ServiceError) -> (ErrorCode, String) {
    if let ServiceError::Internal(cause) = err {
        tracing::error!(error = %cause, "internal failure");
    }
    describe(err)
}

/// Turns a service error into a GraphQL error with its code (and, for a validation error, the
/// field at fault). An internal cause rides along as the error's source, never serialised, so
/// that [`classify`] logs it once however many fields a failed batch load fails.
pub fn to_gql(err: ServiceError) -> async_graphql::Error {
    let (code, message) = describe(&err);
    let mut error =
        async_graphql::Error::new(message).extend_with(|_, e| e.set("code", code.as_str()));
    match err {
        ServiceError::Validation { field, .. } => {
            error = error.extend_with(move |_, e| e.set("field", field))
        }
        ServiceError::Internal(cause) => error.source = Some(Arc::new(cause)),
        _ => {}
    }
    error
}

/// The error answered for any unexpected failure.
pub fn internal() -> async_graphql::Error {
    async_graphql::Error::new(INTERNAL_MESSAGE)
        .extend_with(|_, e| e.set("code", ErrorCode::Internal.as_str()))
}

/// A validation error raised by the GraphQL layer itself (e.g. a malformed cursor).
pub fn validation(field: &str, message: impl Into<String>) -> async_graphql::Error {
    to_gql(ServiceError::validation(field, message))
}

/// Gives every error of a response a code, and logs each internal cause once. Errors raised
/// before or outside the resolvers (syntax, validation, limits, arguments) come from async-graphql
/// without a code and are the request's fault; async-graphql names the limit broken only in its
/// message, which is matched here, in the crate that pins its version.
pub fn classify(response: &mut async_graphql::Response) {
    for error in &mut response.errors {
        if ErrorCode::of_response_error(error).is_some() {
            continue;
        }
        let message = error.message.as_str();
        let code = if message == "Query is nested too deep."
            || message.starts_with("The recursion depth of the query")
        {
            ErrorCode::QueryTooDeep
        } else if message == "Query is too complex." {
            ErrorCode::QueryTooComplex
        } else {
            ErrorCode::BadRequest
        };
        error
            .extensions
            .get_or_insert_with(Default::default)
            .set("code", code.as_str());
    }
    let mut causes: Vec<&Arc<InternalCause>> = Vec::new();
    for error in &response.errors {
        if let Some(cause) = error.source::<Arc<InternalCause>>()
            && !causes.iter().any(|c| Arc::ptr_eq(c, cause))
        {
            causes.push(cause);
        }
    }
    for cause in causes {
        tracing::error!(error = %cause, "internal failure");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_service_error_has_one_code_and_status() {
        let cases = [
            (ServiceError::not_found("project X"), "NOT_FOUND", 404),
            (ServiceError::validation("name", "empty"), "VALIDATION", 400),
            (ServiceError::conflict("key taken"), "CONFLICT", 409),
            (ServiceError::forbidden("no"), "FORBIDDEN", 403),
            (ServiceError::internal("disk"), "INTERNAL", 500),
        ];
        for (err, code, status) in cases {
            assert_eq!(ErrorCode::of(&err).as_str(), code);
            assert_eq!(ErrorCode::of(&err).http_status(), status);
        }
        let (_, message) = describe(&ServiceError::internal("SELECT secret"));
        assert_eq!(message, INTERNAL_MESSAGE, "no cause reaches a client");
        let error = to_gql(ServiceError::internal("SELECT secret"));
        assert_eq!(error.message, INTERNAL_MESSAGE);
        assert!(error.source.is_some(), "the cause stays for the log");
    }
}
