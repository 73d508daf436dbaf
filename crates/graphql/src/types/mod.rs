//! GraphQL object types, built from the service layer's values.

mod catalog;
mod indicator;
mod indicator_fields;
mod problem;
mod project;
mod record;
mod reporting;
mod summary;

pub use catalog::{Category, ProjectList, ReconciliationRow, ReconciliationStatus};
pub use indicator::{
    Evaluation, Indicator, IndicatorActual, IndicatorGrade, IndicatorScope, Plan, Platform,
};
pub(crate) use indicator::{indicators, wrap};
pub use problem::{Problem, ProblemKind, ProblemStatus};
pub use project::{Phase, Project, load_project};
pub use record::{ChangeLogEntry, ProgressReport};
pub use reporting::{
    AnnualPlan, MonthlyReturn, MonthlyReturnStatus, ReturnDue, ReturnDueStatus, ScheduleRule,
    ScheduleWarning, WarningLevel, WarningRules,
};
pub use summary::{
    Bulletin, RankingDimension, RankingMeasure, RankingRow, ReportingDimension, ReportingSummary,
    SeriesPoint,
};

use async_graphql::{Enum, ID, Interface};

use crate::scalars::Decimal;

/// An object with a global identity, fetchable with `node(id:)`.
#[derive(Interface)]
#[graphql(field(
    name = "id",
    ty = "ID",
    desc = "Opaque global id, stable across requests."
))]
pub enum Node {
    /// A project list.
    ProjectList(ProjectList),
    /// A category.
    Category(Category),
    /// A project.
    Project(Project),
    /// A phase.
    Phase(Phase),
    /// A progress report.
    ProgressReport(ProgressReport),
    /// A change-log entry.
    ChangeLogEntry(ChangeLogEntry),
    /// A plan.
    Plan(Plan),
    /// An indicator.
    Indicator(Indicator),
    /// A project's annual plan.
    AnnualPlan(AnnualPlan),
    /// A monthly return.
    MonthlyReturn(MonthlyReturn),
    /// A problem of the register.
    Problem(Problem),
}

pub(crate) fn dec(value: Option<rust_decimal::Decimal>) -> Option<Decimal> {
    value.map(Decimal)
}

/// Where a project stands in its lifecycle. `COMPLETED` and `CANCELLED` are final.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "service::ProjectStatus")]
pub enum ProjectStatus {
    /// Listed in the plan, not started.
    Planned,
    /// Construction has started.
    UnderConstruction,
    /// Paused; may resume.
    OnHold,
    /// Finished (final).
    Completed,
    /// Abandoned (final).
    Cancelled,
}
