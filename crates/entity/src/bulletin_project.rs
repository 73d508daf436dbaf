//! One project's figures in a published bulletin, as they stood when it was published.

use sea_orm::entity::prelude::*;

/// A project's row of a bulletin; never updated or deleted. Amounts in fen, `None` unknown.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "bulletin_project")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The bulletin.
    pub bulletin_id: i32,
    /// A row of the month before, as the bulletin was compared with it when published.
    pub of_previous: bool,
    /// The project.
    pub project_id: i32,
    /// Its key then.
    pub project_key: String,
    /// Its name then.
    pub project_name: String,
    /// Its list's code.
    pub list_code: Option<String>,
    /// Its category's code.
    pub category_code: Option<String>,
    /// Its location.
    pub location: Option<String>,
    /// Its responsible unit.
    pub responsible_unit: Option<String>,
    /// Its status.
    pub status: String,
    /// Annual planned investment.
    pub planned_fen: Option<i64>,
    /// Cumulative completed investment at the month's return.
    pub cumulative_fen: Option<i64>,
    /// Completed in the month.
    pub this_month_fen: Option<i64>,
    /// Completed in the year so far.
    pub this_year_fen: Option<i64>,
    /// Expected by the month's end.
    pub expected_fen: Option<i64>,
    /// Points behind schedule, in hundredths.
    pub gap_centipoints: Option<i64>,
    /// Physical progress in words, from the month's return.
    pub image_progress: Option<String>,
    /// The light.
    pub level: String,
    /// The rule behind a yellow or red light.
    pub rule: Option<String>,
    /// The light's reason.
    pub reason: String,
    /// The return's deadline state.
    pub due_status: String,
    /// Whether the plan named a start month.
    pub planned_to_start: bool,
    /// Whether the project had started.
    pub started: bool,
    /// Open problems.
    pub problems_open: i32,
    /// Of those, overdue.
    pub problems_overdue: i32,
}

/// Bulletin rows have no navigable relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
