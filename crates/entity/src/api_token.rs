//! An API token: a bearer secret stored only as its SHA-256 hash.

use sea_orm::entity::prelude::*;

/// An API token row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "api_token")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Unique name; recorded as the actor of every change made with the token.
    #[sea_orm(unique)]
    pub name: String,
    /// `VIEWER`, `FINANCE`, `MANAGER` or `ADMIN`.
    pub role: String,
    /// Hex SHA-256 of the secret; the secret itself is never stored.
    #[sea_orm(unique)]
    pub token_hash: String,
    /// The secret's first characters, so people can tell their tokens apart.
    pub token_prefix: String,
    /// Who created it.
    pub created_by: String,
    /// When it was created.
    pub created_at: DateTimeUtc,
    /// When it was last used (updated at most once a minute).
    pub last_used_at: Option<DateTimeUtc>,
    /// When it was revoked; a revoked token authenticates nothing.
    pub revoked_at: Option<DateTimeUtc>,
}

/// Relations of a token.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// Projects assigned to it.
    #[sea_orm(has_many = "super::project_assignment::Entity")]
    ProjectAssignment,
}

impl Related<super::project_assignment::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ProjectAssignment.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
