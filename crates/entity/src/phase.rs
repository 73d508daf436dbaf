//! A phase (一期、二期、…) of a project.

use sea_orm::entity::prelude::*;

/// A phase row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "phase")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The owning project.
    pub project_id: i32,
    /// Phase number (一期 = 1), unique within the project.
    pub ordinal: i32,
    /// Name as printed, e.g. `一期`.
    pub name: String,
    /// Scope of the phase as printed.
    pub scope: String,
    /// First year, when known.
    pub start_year: Option<i32>,
    /// Last year, when known.
    pub end_year: Option<i32>,
    /// Total investment of the phase in fen, when known.
    pub total_investment_fen: Option<i64>,
    /// 14th-FYP investment of the phase in fen, when known.
    pub fyp_investment_fen: Option<i64>,
    /// Where in the document the text comes from.
    pub source: Option<String>,
    /// Optimistic-concurrency version.
    pub version: i32,
    /// When the row was created.
    pub created_at: DateTimeUtc,
    /// When the row was last changed.
    pub updated_at: DateTimeUtc,
}

/// Relations of a phase.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The owning project.
    #[sea_orm(
        belongs_to = "super::project::Entity",
        from = "Column::ProjectId",
        to = "super::project::Column::Id"
    )]
    Project,
}

impl Related<super::project::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Project.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
