//! A problem holding a project back (land, funding, approvals, …), registered until it is
//! resolved (销号).

use sea_orm::entity::prelude::*;

/// One registered problem; changes raise its version.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "problem")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The project held back.
    pub project_id: i32,
    /// `LAND`, `FUNDING`, `APPROVAL`, `RELOCATION`, `DESIGN` or `OTHER`.
    pub kind: String,
    /// What the problem is.
    pub description: String,
    /// The unit that owns solving it.
    pub owner_unit: Option<String>,
    /// When it should be solved by.
    pub due_on: Option<Date>,
    /// `OPEN` or `RESOLVED`.
    pub status: String,
    /// How it was solved.
    pub resolution: Option<String>,
    /// Who raised it.
    pub raised_by: String,
    /// Who resolved it.
    pub resolved_by: Option<String>,
    /// When it was resolved.
    pub resolved_at: Option<DateTimeUtc>,
    /// Optimistic-concurrency version, +1 per change.
    pub version: i32,
    /// When it was raised.
    pub created_at: DateTimeUtc,
    /// When it was last changed.
    pub updated_at: DateTimeUtc,
}

/// Problems have no navigable relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
