//! A project list published by a plan (an appendix), e.g. Appendix 2, code `DONGTOU`.

use sea_orm::entity::prelude::*;

/// A project list row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "project_list")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The plan that publishes the list.
    pub plan_id: i32,
    /// Stable code, e.g. `DONGTOU`.
    #[sea_orm(unique)]
    pub code: String,
    /// Position among the plan's lists.
    pub ordinal: i32,
    /// The appendix it is printed as, e.g. `附件2`.
    pub appendix: Option<String>,
    /// Title as published.
    pub title: String,
    /// English title.
    pub title_en: String,
    /// Unit of the printed amounts, e.g. `万元`.
    pub unit: String,
    /// Declared grand total investment in fen, when the list declares one.
    pub declared_total_investment_fen: Option<i64>,
    /// Declared grand total 14th-FYP investment in fen, when declared.
    pub declared_fyp_investment_fen: Option<i64>,
    /// Remark printed with the list.
    pub note: Option<String>,
    /// Where in the document the figures come from.
    pub source: Option<String>,
    /// Optimistic-concurrency version.
    pub version: i32,
    /// When the row was created.
    pub created_at: DateTimeUtc,
    /// When the row was last changed.
    pub updated_at: DateTimeUtc,
}

/// Relations of a project list.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The publishing plan.
    #[sea_orm(
        belongs_to = "super::plan::Entity",
        from = "Column::PlanId",
        to = "super::plan::Column::Id"
    )]
    Plan,
    /// The list's categories.
    #[sea_orm(has_many = "super::category::Entity")]
    Category,
}

impl Related<super::plan::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Plan.def()
    }
}

impl Related<super::category::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Category.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
