//! The one error type of the service layer.
//!
//! Every variant but [`ServiceError::Internal`] is an expected failure the caller can act on; its
//! message is written for the client. `Internal` carries the cause for the log and is answered with
//! a generic message, so no database text (SQL, constraint names, driver errors) ever reaches a
//! client. The error is `Clone` (causes are shared behind an [`Arc`]) so that one failed batch load
//! can be handed to every field waiting on it.

use std::sync::Arc;

use sea_orm::{DbErr, SqlErr};

/// Result of a service call.
pub type ServiceResult<T> = Result<T, ServiceError>;

/// What can go wrong in a service call.
#[derive(Clone, Debug, thiserror::Error)]
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
    /// The write collides with the current state (a natural key taken already).
    #[error("conflict: {message}")]
    Conflict {
        /// What collided, in the words of the domain.
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
    /// A cursor of the change log names an entry older than the oldest the log still keeps:
    /// what followed it cannot all be replayed, so the reader must start again from the history.
    #[error("after: {message}")]
    CursorExpired {
        /// Where the kept history starts.
        message: String,
    },
    /// The caller may not do this.
    #[error("forbidden: {message}")]
    Forbidden {
        /// Why not.
        message: String,
    },
    /// Something failed that the caller cannot fix (the database, the system); the cause is for
    /// the log only.
    #[error("internal error: {0}")]
    Internal(#[source] Arc<InternalCause>),
}

/// The cause of an internal failure, kept for the log.
#[derive(Debug, thiserror::Error)]
pub enum InternalCause {
    /// The database failed.
    #[error(transparent)]
    Database(#[from] DbErr),
    /// Anything else the server could not do (no randomness, a broken invariant).
    #[error("{0}")]
    Other(String),
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

    /// A conflict on a natural key, said in the words of the domain.
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::Conflict {
            message: message.into(),
        }
    }

    /// An internal failure other than the database's.
    pub fn internal(cause: impl Into<String>) -> Self {
        Self::Internal(Arc::new(InternalCause::Other(cause.into())))
    }

    /// Whether the failure is the server's, not the caller's.
    pub fn is_internal(&self) -> bool {
        matches!(self, Self::Internal(_))
    }
}

impl From<DbErr> for ServiceError {
    /// Every database failure is internal unless the call site says which natural key a unique
    /// violation means (see [`OnUnique::on_unique`]); an unexpected unique violation is internal
    /// too, since the caller could not have known the key.
    fn from(err: DbErr) -> Self {
        Self::Internal(Arc::new(InternalCause::Database(err)))
    }
}

/// Turns a unique-key violation of a write into a [`ServiceError::Conflict`] that names the
/// natural key, identically on SQLite and PostgreSQL (whose own messages differ and name
/// constraints, not keys).
pub trait OnUnique<T> {
    /// `collided` says, for a client, which key was taken.
    fn on_unique(self, collided: impl FnOnce() -> String) -> ServiceResult<T>;
}

impl<T> OnUnique<T> for Result<T, DbErr> {
    fn on_unique(self, collided: impl FnOnce() -> String) -> ServiceResult<T> {
        self.map_err(|err| match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => ServiceError::conflict(collided()),
            _ => err.into(),
        })
    }
}
