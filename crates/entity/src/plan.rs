//! A plan, e.g. the Dongtou District 14th Five-Year Plan, with its window of years.

use sea_orm::entity::prelude::*;

/// A plan row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "plan")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Stable code, e.g. `DONGTOU-14FYP`.
    #[sea_orm(unique)]
    pub code: String,
    /// Title as published.
    pub title: String,
    /// English title.
    pub title_en: String,
    /// First year of the plan window.
    pub window_start: i32,
    /// Last year of the plan window.
    pub window_end: i32,
    /// Date of issue.
    pub issued_on: Option<Date>,
    /// Issuing body.
    pub issuer: Option<String>,
    /// Where in the document the figures come from.
    pub source: Option<String>,
    /// Optimistic-concurrency version, +1 per committed write.
    pub version: i32,
    /// When the row was created.
    pub created_at: DateTimeUtc,
    /// When the row was last changed.
    pub updated_at: DateTimeUtc,
}

/// Relations of a plan.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The lists the plan publishes.
    #[sea_orm(has_many = "super::project_list::Entity")]
    ProjectList,
}

impl Related<super::project_list::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ProjectList.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
