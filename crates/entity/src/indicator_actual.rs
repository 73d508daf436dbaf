//! An indicator's actual value for one year, as recorded (or as the document prints it).

use sea_orm::entity::prelude::*;

/// An actual-value row, one per indicator and year; corrections raise its version.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "indicator_actual")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The indicator.
    pub indicator_id: i32,
    /// The year the value speaks for.
    pub year: i32,
    /// The value in millionths of the indicator's unit; `None` is "cannot be measured" (see note).
    pub value_micro: Option<i64>,
    /// The actual average annual growth in percent, where the source states it.
    pub growth_rate_micro: Option<i64>,
    /// The actual increase over the window, where the source states it (`[31]`).
    pub increase_micro: Option<i64>,
    /// For a target in words: whether it was met.
    pub met: Option<bool>,
    /// Why, or what the value means; required when the value is unknown.
    pub note: Option<String>,
    /// Where the value comes from (a statistics bulletin, a line of the document).
    pub source: Option<String>,
    /// Who recorded it (a token's name, or `seed`).
    pub recorded_by: String,
    /// Optimistic-concurrency version, +1 per correction.
    pub version: i32,
    /// When the row was created.
    pub created_at: DateTimeUtc,
    /// When the row was last changed.
    pub updated_at: DateTimeUtc,
}

/// Relations of an actual value.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
