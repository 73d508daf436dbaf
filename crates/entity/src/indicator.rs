//! An indicator of a plan's target tables (表1-表3): baseline → target, in millionths of its unit.

use sea_orm::entity::prelude::*;

/// An indicator row. Figures are integers of 10^-6 of the printed unit; `None` is not given, and
/// the `*_unknown` column beside it says why.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "indicator")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The plan whose document prints the table.
    pub plan_id: i32,
    /// Stable code, e.g. `T3-01` (table 3, row 1).
    #[sea_orm(unique)]
    pub code: String,
    /// The table's number as printed (1, 2, 3).
    pub table_no: i32,
    /// `DADONGTOU` or `XIAODONGTOU`.
    pub scope: String,
    /// The group (类型/分类) as printed, e.g. 质量效益.
    pub group_name: Option<String>,
    /// The group in English.
    pub group_en: Option<String>,
    /// The row's number in its table (序号 where printed, else the row's position).
    pub ordinal: i32,
    /// Name as printed.
    pub name: String,
    /// English name.
    pub name_en: String,
    /// Unit as printed; `None` where the table prints `-` (a unitless index).
    pub unit: Option<String>,
    /// `LEVEL`, `CUMULATIVE`, `SHARE`, `INDEX`, `QUALITATIVE`.
    pub kind: String,
    /// `HIGHER` or `LOWER` is better.
    pub direction: String,
    /// Year of the baseline.
    pub baseline_year: i32,
    /// Baseline value, when printed.
    pub baseline_micro: Option<i64>,
    /// Why the baseline is not known.
    pub baseline_unknown: Option<String>,
    /// Year of the target.
    pub target_year: i32,
    /// Target value, when it is a number.
    pub target_micro: Option<i64>,
    /// The target is a floor (printed `≥`).
    pub target_minimum: bool,
    /// A target stated in words.
    pub target_text: Option<String>,
    /// Why there is no target (an empty cell).
    pub target_unknown: Option<String>,
    /// Planned average annual growth in percent (规划年均递增), when printed as a rate.
    pub planned_rate_micro: Option<i64>,
    /// Planned increase over the window, when printed in brackets (`[24]`).
    pub planned_increase_micro: Option<i64>,
    /// Why no planned growth is given (`—`).
    pub planned_growth_unknown: Option<String>,
    /// Numbers of the table's notes that concern the row, comma-separated.
    pub note_numbers: Option<String>,
    /// The target is an investment total the project lists can be set against.
    pub checks_project_lists: bool,
    /// Where in the document the row is.
    pub source: String,
    /// Optimistic-concurrency version, +1 per recorded value.
    pub version: i32,
    /// When the row was created.
    pub created_at: DateTimeUtc,
    /// When the row was last changed.
    pub updated_at: DateTimeUtc,
}

/// Relations of an indicator.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
