//! A category of a project list (一、二、…), with its declared count and subtotals.

use sea_orm::entity::prelude::*;

/// A category row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "category")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The list the category belongs to.
    pub list_id: i32,
    /// Stable code, unique within the list, e.g. `GREEN`.
    pub code: String,
    /// Position within the list (一 = 1).
    pub ordinal: i32,
    /// The heading as printed, e.g. `二、绿色产业项目（10项）`.
    pub heading: String,
    /// Chinese name.
    pub name: String,
    /// English name.
    pub name_en: String,
    /// Declared number of projects, when the heading states one.
    pub declared_project_count: Option<i32>,
    /// Declared subtotal of total investment in fen, when printed.
    pub declared_total_investment_fen: Option<i64>,
    /// Declared subtotal of 14th-FYP investment in fen, when printed.
    pub declared_fyp_investment_fen: Option<i64>,
    /// Whether the heading marks the category as confirmed (已确定).
    pub confirmed: bool,
    /// Where in the document the figures come from.
    pub source: Option<String>,
    /// Optimistic-concurrency version.
    pub version: i32,
    /// When the row was created.
    pub created_at: DateTimeUtc,
    /// When the row was last changed.
    pub updated_at: DateTimeUtc,
}

/// Relations of a category.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The owning list.
    #[sea_orm(
        belongs_to = "super::project_list::Entity",
        from = "Column::ListId",
        to = "super::project_list::Column::Id"
    )]
    ProjectList,
    /// The category's projects.
    #[sea_orm(has_many = "super::project::Entity")]
    Project,
}

impl Related<super::project_list::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ProjectList.def()
    }
}

impl Related<super::project::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Project.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
