//! An append-only progress report filed by a project manager.

use sea_orm::entity::prelude::*;

use crate::ProjectStatus;

/// A progress report row; never updated or deleted.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "progress_report")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The project reported on.
    pub project_id: i32,
    /// The date the report speaks for.
    pub reported_on: Date,
    /// Who filed it.
    pub reported_by: String,
    /// Status at the time of the report.
    pub status: ProjectStatus,
    /// Percent complete in basis points (0..=10000).
    pub percent_complete_bp: i32,
    /// Cumulative completed investment in fen.
    pub completed_investment_fen: i64,
    /// Free-text note.
    pub note: Option<String>,
    /// When the report was recorded.
    pub created_at: DateTimeUtc,
}

/// Relations of a progress report.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The project reported on.
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
