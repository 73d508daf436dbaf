//! Exact sums of the projects of one category in one status, maintained with every write to
//! `project` (see the service crate's `finance::aggregate`).
//!
//! Each amount is summed in two parts, whole 万元 and leftover fen, so that the sums cannot overflow;
//! archived projects are not counted.

use sea_orm::entity::prelude::*;

/// An aggregate row: one per (category, status) that has ever held a project.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "investment_aggregate")]
pub struct Model {
    /// The category summed.
    #[sea_orm(primary_key, auto_increment = false)]
    pub category_id: i32,
    /// The status summed, as stored in `project.status`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub status: String,
    /// The category's list, repeated so that list totals need no join.
    pub list_id: i32,
    /// Number of projects.
    pub project_count: i64,
    /// Sum of `total_investment_fen / 1000000` over the known totals.
    pub total_whole: i64,
    /// Sum of `total_investment_fen % 1000000` over the known totals.
    pub total_rest: i64,
    /// Number of unknown totals.
    pub total_unknown: i64,
    /// Sum of whole 万元 of the known 14th-FYP amounts.
    pub fyp_whole: i64,
    /// Sum of leftover fen of the known 14th-FYP amounts.
    pub fyp_rest: i64,
    /// Number of unknown 14th-FYP amounts.
    pub fyp_unknown: i64,
    /// Number of projects with both amounts known.
    pub both_count: i64,
    /// Whole 万元 of the totals of those projects.
    pub both_total_whole: i64,
    /// Leftover fen of the totals of those projects.
    pub both_total_rest: i64,
    /// Whole 万元 of the 14th-FYP amounts of those projects.
    pub both_fyp_whole: i64,
    /// Leftover fen of the 14th-FYP amounts of those projects.
    pub both_fyp_rest: i64,
}

/// Relations of an aggregate row.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The category summed.
    #[sea_orm(
        belongs_to = "super::category::Entity",
        from = "Column::CategoryId",
        to = "super::category::Column::Id"
    )]
    Category,
}

impl Related<super::category::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Category.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
