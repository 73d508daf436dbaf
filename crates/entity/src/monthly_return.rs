//! A monthly return (月报): what a project's unit reports for one month, and its review.

use sea_orm::entity::prelude::*;

/// One revision of a project's return for a month. Revision 0 is the return; later revisions
/// are corrections filed after it was approved, kept beside it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "monthly_return")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The project reported on.
    pub project_id: i32,
    /// The month, `YYYY-MM`.
    pub period: String,
    /// 0 for the return, 1, 2, … for corrections of it.
    pub revision: i32,
    /// `SUBMITTED`, `APPROVED` or `RETURNED`.
    pub status: String,
    /// Cumulative completed investment since construction began, in fen; `None` is unknown.
    pub cumulative_completed_fen: Option<i64>,
    /// Physical completion in basis points (0..=10000).
    pub percent_complete_bp: i32,
    /// Physical progress in words (形象进度).
    pub image_progress: String,
    /// What comes next month.
    pub next_steps: Option<String>,
    /// Problems met, in words.
    pub problems: Option<String>,
    /// Whether the return corrects earlier figures.
    pub is_correction: bool,
    /// Why, for a correction.
    pub note: Option<String>,
    /// The reviewer's comment, required when the return is sent back.
    pub review_comment: Option<String>,
    /// Who reviewed it last.
    pub reviewed_by: Option<String>,
    /// When it was reviewed last.
    pub reviewed_at: Option<DateTimeUtc>,
    /// Who filed it last.
    pub submitted_by: String,
    /// When it was first filed: what the deadline is judged on.
    pub first_submitted_at: DateTimeUtc,
    /// When it was last filed (a resubmission after it was sent back).
    pub submitted_at: DateTimeUtc,
    /// Optimistic-concurrency version, +1 per change.
    pub version: i32,
    /// When the row was created.
    pub created_at: DateTimeUtc,
    /// When it was last changed.
    pub updated_at: DateTimeUtc,
}

/// Monthly returns have no navigable relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
