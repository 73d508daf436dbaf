//! The append-only change log: one row per changed field of a project, phase or status.

use sea_orm::entity::prelude::*;

/// A change-log row; never updated or deleted.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "change_log")]
pub struct Model {
    /// Surrogate key, taken at insert (not commit order: see `commit_seq`).
    #[sea_orm(primary_key)]
    pub id: i32,
    /// When the change was committed.
    pub at: DateTimeUtc,
    /// Who made it (a token's name, or `seed`).
    pub actor: String,
    /// Kind of object changed, e.g. `project`.
    pub entity_type: String,
    /// Id of the object changed.
    pub entity_id: i32,
    /// The project the change concerns, for per-project history.
    pub project_id: Option<i32>,
    /// Field changed.
    pub field: String,
    /// Value before, as text; `None` when unknown or absent.
    pub old_value: Option<String>,
    /// Value after, as text; `None` when unknown or absent.
    pub new_value: Option<String>,
    /// The version the object reached with this change, when it is versioned.
    pub version: Option<i32>,
    /// Request that made the change, for tracing.
    pub request_id: Option<String>,
    /// The write mark its transaction raised at commit: entries in (commit_seq, id) order are in
    /// commit order. `None` only inside the transaction that writes it.
    pub commit_seq: Option<i64>,
}

/// The change log has no navigable relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
