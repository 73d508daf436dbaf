//! What every mutation payload carries: user errors clients can act on.

use async_graphql::{Enum, SimpleObject};
use service::ServiceError;

/// Why a mutation did not happen. Expected failures are user errors; anything else is a GraphQL
/// error with `extensions.code`.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum UserErrorCode {
    /// The input breaks a rule.
    Validation,
    /// The object named does not exist (or may not be seen).
    NotFound,
    /// The caller may not do this.
    Forbidden,
    /// The write collides with the current state: a duplicate, or a stale `expectedVersion`.
    Conflict,
    /// The status change is not allowed from the current status.
    IllegalTransition,
}

/// An expected failure of a mutation; nothing was changed.
#[derive(SimpleObject, Clone, Debug)]
pub struct UserError {
    /// The input field at fault (camelCase, as sent), or null when the whole input is.
    pub field: Option<String>,
    /// What is wrong and how to put it right.
    pub message: String,
    /// A stable code to match on.
    pub code: UserErrorCode,
    /// With `CONFLICT` on a stale version: the version the object is at now.
    pub current_version: Option<i32>,
    /// With `CONFLICT` on a stale version: the fields changed since the version sent.
    pub changed_fields: Option<Vec<String>>,
}

/// A service error as user errors, or as a GraphQL error when it is not the user's to fix.
pub fn user_errors(err: ServiceError) -> async_graphql::Result<Vec<UserError>> {
    if let ServiceError::Stale {
        current_version,
        changed_fields,
    } = &err
    {
        return Ok(vec![UserError {
            field: Some("expectedVersion".to_owned()),
            message: err.to_string(),
            code: UserErrorCode::Conflict,
            current_version: Some(*current_version),
            changed_fields: Some(changed_fields.clone()),
        }]);
    }
    let (field, message, code) = match err {
        err @ ServiceError::IllegalTransition { .. } => (
            Some("status".to_owned()),
            err.to_string(),
            UserErrorCode::IllegalTransition,
        ),
        ServiceError::Validation { field, message } => {
            (Some(field), message, UserErrorCode::Validation)
        }
        ServiceError::NotFound { what } => {
            (None, format!("{what} not found"), UserErrorCode::NotFound)
        }
        ServiceError::Forbidden { message } => (None, message, UserErrorCode::Forbidden),
        ServiceError::Conflict { message } => (None, message, UserErrorCode::Conflict),
        other => return Err(crate::error::to_gql(other)),
    };
    Ok(vec![UserError {
        field,
        message,
        code,
        current_version: None,
        changed_fields: None,
    }])
}
