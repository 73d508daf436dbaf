//! What every mutation payload carries: user errors clients can act on.

use async_graphql::{Enum, SimpleObject};
use service::ServiceError;

use crate::error::ErrorCode;

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

/// A service error as user errors, or as a GraphQL error when it is not the user's to fix. The
/// code is [`ErrorCode::of`]'s, so a failure reads the same as a user error and as an error.
pub fn user_errors(err: ServiceError) -> async_graphql::Result<Vec<UserError>> {
    let code = match ErrorCode::of(&err) {
        ErrorCode::Validation => UserErrorCode::Validation,
        ErrorCode::NotFound => UserErrorCode::NotFound,
        ErrorCode::Forbidden => UserErrorCode::Forbidden,
        ErrorCode::Conflict => UserErrorCode::Conflict,
        ErrorCode::IllegalTransition => UserErrorCode::IllegalTransition,
        _ => return Err(crate::error::to_gql(err)),
    };
    let (field, current_version, changed_fields) = match &err {
        ServiceError::Stale {
            current_version,
            changed_fields,
        } => (
            Some("expectedVersion".to_owned()),
            Some(*current_version),
            Some(changed_fields.clone()),
        ),
        ServiceError::IllegalTransition { .. } => (Some("status".to_owned()), None, None),
        ServiceError::Validation { field, .. } => (Some(field.clone()), None, None),
        _ => (None, None, None),
    };
    let message = match err {
        // The field is named beside the message already.
        ServiceError::Validation { message, .. } => message,
        other => crate::error::describe(&other).1,
    };
    Ok(vec![UserError {
        field,
        message,
        code,
        current_version,
        changed_fields,
    }])
}
