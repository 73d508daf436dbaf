//! A major project of a list.

use sea_orm::entity::prelude::*;

use crate::ProjectStatus;

/// A project row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "project")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Stable human key `<LIST>-<CATEGORY>-<seq>`, never changed once published.
    #[sea_orm(unique)]
    pub key: String,
    /// The category (and through it the list) the project belongs to.
    pub category_id: i32,
    /// The list, repeated from the category so that list filters need no join.
    pub list_id: i32,
    /// The list's position in the plan, repeated so the document order is one index.
    pub list_ordinal: i32,
    /// The category's position in its list, repeated for the same reason.
    pub category_ordinal: i32,
    /// Sequence number within the category (序号).
    pub seq: i32,
    /// Name as printed.
    pub name: String,
    /// Construction scope and scale (建设内容和规模) as printed.
    pub scope: String,
    /// First year of construction, when known.
    pub start_year: Option<i32>,
    /// Last year of construction, when known.
    pub end_year: Option<i32>,
    /// Total investment in fen; `None` is unknown (待定).
    pub total_investment_fen: Option<i64>,
    /// Investment inside the plan window in fen; `None` is unknown (待定).
    pub fyp_investment_fen: Option<i64>,
    /// Lifecycle status.
    pub status: ProjectStatus,
    /// Island, port area or industrial zone, when named.
    pub location: Option<String>,
    /// Land area in millionths of a 亩, when stated.
    pub land_area_micro_mu: Option<i64>,
    /// Responsible unit, when known.
    pub responsible_unit: Option<String>,
    /// Where in the document the figures come from.
    pub source: Option<String>,
    /// When the project was archived; archived projects are kept, never deleted.
    pub archived_at: Option<DateTimeUtc>,
    /// The listing of an earlier plan this row carries on, when it continues one.
    pub carried_from_id: Option<i32>,
    /// The first listing of the physical project this row continues, which holds its status
    /// history, reports, returns, annual plans, problems and assignments; `None` when this row is
    /// that first listing.
    pub physical_id: Option<i32>,
    /// Optimistic-concurrency version.
    pub version: i32,
    /// When the row was created.
    pub created_at: DateTimeUtc,
    /// When the row was last changed.
    pub updated_at: DateTimeUtc,
}

/// Relations of a project.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The owning category.
    #[sea_orm(
        belongs_to = "super::category::Entity",
        from = "Column::CategoryId",
        to = "super::category::Column::Id"
    )]
    Category,
    /// The owning list.
    #[sea_orm(
        belongs_to = "super::project_list::Entity",
        from = "Column::ListId",
        to = "super::project_list::Column::Id"
    )]
    ProjectList,
    /// The project's phases.
    #[sea_orm(has_many = "super::phase::Entity")]
    Phase,
    /// The project's progress reports.
    #[sea_orm(has_many = "super::progress_report::Entity")]
    ProgressReport,
}

impl Related<super::category::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Category.def()
    }
}

impl Related<super::project_list::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ProjectList.def()
    }
}

impl Related<super::phase::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Phase.def()
    }
}

impl Related<super::progress_report::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ProgressReport.def()
    }
}

impl Model {
    /// The id under which the physical project's history is kept.
    pub fn physical(&self) -> i32 {
        self.physical_id.unwrap_or(self.id)
    }
}

impl ActiveModelBehavior for ActiveModel {}
