//! The thresholds of the schedule warnings and the day returns are due, for every list (the row
//! without a list) or for one list.

use sea_orm::entity::prelude::*;

/// One set of warning thresholds; changes raise its version.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "warning_rule")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The list these rules apply to; `None` for the defaults of every other list.
    pub list_id: Option<i32>,
    /// Yellow from this many basis points of percentage points behind schedule (1000 = 10 pp).
    pub behind_yellow_bp: i32,
    /// Red from this many basis points of percentage points behind schedule.
    pub behind_red_bp: i32,
    /// Yellow from this many months past the planned start month without a start.
    pub start_yellow_months: i32,
    /// Red from this many months past it.
    pub start_red_months: i32,
    /// Yellow when this many months running have no return after their deadline.
    pub missing_yellow_months: i32,
    /// Red when this many months running have none.
    pub missing_red_months: i32,
    /// Day of the month a month's return is due on (the month's last day when it is shorter).
    pub due_day: i32,
    /// Optimistic-concurrency version, +1 per change.
    pub version: i32,
    /// Who changed them last.
    pub updated_by: String,
    /// When the row was created.
    pub created_at: DateTimeUtc,
    /// When it was last changed.
    pub updated_at: DateTimeUtc,
}

/// Warning rules have no navigable relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
