//! A project's plan for one year (年度计划): the investment planned, the months it should start
//! or finish, the physical progress aimed at, and optional quarterly targets.

use sea_orm::entity::prelude::*;

/// One project's plan for one year; changes raise its version.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "annual_plan")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The project planned.
    pub project_id: i32,
    /// The calendar year.
    pub year: i32,
    /// Investment planned for the year in fen; `None` is unknown.
    pub planned_investment_fen: Option<i64>,
    /// Month (1-12) construction should start in, for a project not yet started.
    pub planned_start_month: Option<i32>,
    /// Month (1-12) the project should be finished in, when it finishes this year.
    pub planned_completion_month: Option<i32>,
    /// The physical progress aimed at by the year's end (年度形象进度目标).
    pub target_progress: Option<String>,
    /// Cumulative share of the year's plan due by the end of Q1, in basis points; the three
    /// quarterly shares are all set or all absent (Q4 is the whole plan).
    pub q1_share_bp: Option<i32>,
    /// Cumulative share due by the end of Q2, in basis points.
    pub q2_share_bp: Option<i32>,
    /// Cumulative share due by the end of Q3, in basis points.
    pub q3_share_bp: Option<i32>,
    /// Optimistic-concurrency version, +1 per change.
    pub version: i32,
    /// Who set it last.
    pub updated_by: String,
    /// When the plan was first set.
    pub created_at: DateTimeUtc,
    /// When it was last changed.
    pub updated_at: DateTimeUtc,
}

/// Annual plans have no navigable relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
