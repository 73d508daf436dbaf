//! The one error type of the service layer.

use sea_orm::{DbErr, SqlErr};

/// Result of a service call.
pub type ServiceResult<T> = Result<T, ServiceError>;

/// What can go wrong in a service call. Every variant but `Database` is the caller's to fix.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The object asked for does not exist (or may not be seen).
    #[error("{what} not found")]
    NotFound {
        /// What was looked for, e.g. `project DONGTOU-GREEN-99`.
        what: String,
    },
    /// The input breaks a rule; nothing was changed.
    #[error("{field}: {message}")]
    Validation {
        /// The input field at fault, in the client's naming.
        field: String,
        /// What is wrong and how to put it right.
        message: String,
    },
    /// The write collides with the current state (duplicate key, stale version).
    #[error("conflict: {message}")]
    Conflict {
        /// What collided.
        message: String,
    },
    /// The write named a version that is no longer current; nothing was changed.
    #[error("conflict: the object is at version {current_version}; changed since: {}", changed_fields.join(", "))]
    Stale {
        /// The version the object is at now.
        current_version: i32,
        /// The fields changed since the version the caller named.
        changed_fields: Vec<String>,
    },
    /// The status change is not allowed from the current status.
    #[error("{from} cannot become {to}")]
    IllegalTransition {
        /// Current status.
        from: String,
        /// Requested status.
        to: String,
    },
    /// The caller did not prove who it is (no, unknown or revoked token).
    #[error("unauthenticated: {message}")]
    Unauthenticated {
        /// What is missing.
        message: String,
    },
    /// The caller may not do this.
    #[error("forbidden: {message}")]
    Forbidden {
        /// Why not.
        message: String,
    },
    /// The database failed; details are logged, never shown to clients.
    #[error("database error")]
    Database(#[source] DbErr),
}

impl ServiceError {
    /// A validation error on `field`.
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Validation {
            field: field.into(),
            message: message.into(),
        }
    }

    /// A forbidden error.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::Forbidden {
            message: message.into(),
        }
    }

    /// A not-found error for `what`.
    pub fn not_found(what: impl Into<String>) -> Self {
        Self::NotFound { what: what.into() }
    }
}

impl From<DbErr> for ServiceError {
    fn from(err: DbErr) -> Self {
        // A unique-key violation is a conflict the caller can act on, not an internal failure.
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(detail)) => Self::Conflict {
                message: format!("already exists ({detail})"),
            },
            _ => Self::Database(err),
        }
    }
}
