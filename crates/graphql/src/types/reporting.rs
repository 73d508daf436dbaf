//! The reporting cycle's objects: annual plans, monthly returns, schedule lights, returns due
//! and warning rules.

use async_graphql::{Context, Enum, ID, Object, Result};
use chrono::{DateTime, NaiveDate, Utc};
use service::reporting::{annual_plan, due, monthly_return, rules, schedule};

use super::{Project, dec, load_project};
use crate::ids::{Kind, global_id};
use crate::scalars::Decimal;

/// A project's plan for one year (年度计划).
pub struct AnnualPlan(pub annual_plan::AnnualPlan);

/// A project's plan for one year (年度计划): the investment planned, the months it should start
/// or finish, the physical progress aimed at, and the time-elapsed schedule its months are
/// judged against.
#[Object]
impl AnnualPlan {
    /// Opaque global id.
    pub(crate) async fn id(&self) -> ID {
        global_id(Kind::AnnualPlan, self.0.id)
    }
    /// The project planned.
    async fn project(&self, ctx: &Context<'_>) -> Result<Project> {
        load_project(ctx, self.0.project_id).await
    }
    /// The calendar year.
    async fn year(&self) -> i32 {
        self.0.year
    }
    /// Investment planned for the year (年度计划投资), in 万元; null when unknown, never 0 for
    /// unknown.
    async fn planned_investment(&self) -> Option<Decimal> {
        dec(self.0.planned_investment)
    }
    /// Month (1-12) construction should start in.
    async fn planned_start_month(&self) -> Option<u32> {
        self.0.planned_start_month
    }
    /// Month (1-12) the project should be finished in.
    async fn planned_completion_month(&self) -> Option<u32> {
        self.0.planned_completion_month
    }
    /// The physical progress aimed at by the year's end (年度形象进度目标).
    async fn target_progress(&self) -> Option<&str> {
        self.0.target_progress.as_deref()
    }
    /// Cumulative percent of the year's plan due by the end of each quarter (the fourth is
    /// 100); null when the schedule is linear by month.
    async fn quarterly_targets(&self) -> Option<Vec<Decimal>> {
        self.0
            .quarterly_targets
            .map(|q| q.into_iter().map(Decimal).collect())
    }
    /// The percent of the year's plan due by the end of `month`: linear by month, or the
    /// quarterly targets with a straight line inside each quarter. Rounded to two decimals.
    async fn expected_share(
        &self,
        #[graphql(desc = "The month, 1-12.", validator(minimum = 1, maximum = 12))] month: u32,
    ) -> Decimal {
        let n = annual_plan::expected_share(&self.0.row, month);
        let share = rust_decimal::Decimal::from(n * 100)
            / rust_decimal::Decimal::from(annual_plan::SHARE_DENOMINATOR);
        Decimal(share.round_dp(2).normalize())
    }
    /// Version, +1 per change.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// Who set it last.
    async fn updated_by(&self) -> &str {
        &self.0.updated_by
    }
    /// When it was last changed (RFC 3339).
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// Where a monthly return stands in its review.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "service::reporting::monthly_return::ReturnStatus")]
pub enum MonthlyReturnStatus {
    /// Filed, awaiting the office's review; the manager may still resubmit it.
    Submitted,
    /// Accepted by the office; never edited again (a correction is filed beside it).
    Approved,
    /// Sent back with the reviewer's comment; to be resubmitted.
    Returned,
}

/// A monthly return (月报).
pub struct MonthlyReturn(pub monthly_return::MonthlyReturn);

/// A monthly return (月报) of one project: cumulative completed investment, physical progress
/// and problems, with the month's and the year's completed investment derived exactly from
/// consecutive cumulative figures.
#[Object]
impl MonthlyReturn {
    /// Opaque global id.
    pub(crate) async fn id(&self) -> ID {
        global_id(Kind::MonthlyReturn, self.0.id)
    }
    /// The project reported on.
    async fn project(&self, ctx: &Context<'_>) -> Result<Project> {
        load_project(ctx, self.0.project_id).await
    }
    /// The month, `YYYY-MM`.
    async fn period(&self) -> &str {
        &self.0.period
    }
    /// 0 for the month's return, then 1, 2, … for corrections filed after it was approved.
    async fn revision(&self) -> i32 {
        self.0.revision
    }
    /// Review state.
    async fn status(&self) -> MonthlyReturnStatus {
        self.0.status.into()
    }
    /// Cumulative completed investment since construction began (自开工累计完成投资), 万元;
    /// null when the unit could not tell.
    async fn cumulative_completed_investment(&self) -> Option<Decimal> {
        dec(self.0.cumulative_completed_investment)
    }
    /// Investment completed in the month: this cumulative figure less the previous month's
    /// (zero before the project's start year). Null — never the whole cumulative figure — when
    /// the previous month's figure is unknown or its return missing.
    async fn completed_this_month(&self) -> Option<Decimal> {
        dec(self.0.completed_this_month)
    }
    /// Investment completed in the year so far: this cumulative figure less December's of the
    /// year before (zero before the project's start year); null when that is unknown or missing.
    async fn completed_this_year(&self) -> Option<Decimal> {
        dec(self.0.completed_this_year)
    }
    /// Physical completion, percent.
    async fn percent_complete(&self) -> Decimal {
        Decimal(self.0.percent_complete)
    }
    /// Physical progress in words (形象进度).
    async fn image_progress(&self) -> &str {
        &self.0.image_progress
    }
    /// What comes next month.
    async fn next_steps(&self) -> Option<&str> {
        self.0.next_steps.as_deref()
    }
    /// Problems met, in words (register them with `raiseProblem` to track them).
    async fn problems(&self) -> Option<&str> {
        self.0.problems.as_deref()
    }
    /// Whether the return corrects earlier figures.
    async fn is_correction(&self) -> bool {
        self.0.is_correction
    }
    /// Why, for a correction.
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    /// The reviewer's comment (required when a return is sent back).
    async fn review_comment(&self) -> Option<&str> {
        self.0.review_comment.as_deref()
    }
    /// Who reviewed it last.
    async fn reviewed_by(&self) -> Option<&str> {
        self.0.reviewed_by.as_deref()
    }
    /// When it was reviewed last (RFC 3339).
    async fn reviewed_at(&self) -> Option<DateTime<Utc>> {
        self.0.reviewed_at
    }
    /// Who filed it last.
    async fn submitted_by(&self) -> &str {
        &self.0.submitted_by
    }
    /// When it was first filed: what its deadline is judged on (RFC 3339).
    async fn first_submitted_at(&self) -> DateTime<Utc> {
        self.0.first_submitted_at
    }
    /// When it was last filed (RFC 3339).
    async fn submitted_at(&self) -> DateTime<Utc> {
        self.0.submitted_at
    }
    /// Version, +1 per change: the `expectedVersion` of a review.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// A schedule light.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "service::reporting::schedule::Level")]
pub enum WarningLevel {
    /// Nothing could be judged (no annual plan, an unknown figure, no return yet): see the
    /// reason. Never a silent green.
    NotApplicable,
    /// On schedule.
    Green,
    /// Past a yellow threshold.
    Yellow,
    /// Past a red threshold.
    Red,
}

/// The rule behind a light.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "service::reporting::schedule::Rule")]
pub enum ScheduleRule {
    /// Completed investment trails the time-elapsed schedule (序时进度) by the threshold's points.
    BehindSchedule,
    /// The planned start month passed without a start.
    StartOverdue,
    /// Returns missing after their deadline, months running.
    ReturnMissing,
}

/// A project's light for a month.
pub struct ScheduleWarning(pub schedule::ScheduleWarning);

/// A project's schedule light for a month (序时进度预警), judged at the month's end, with the
/// rule that gave it and the figures it used. Thresholds are `warningRules`.
#[Object]
impl ScheduleWarning {
    /// The project.
    async fn project(&self, ctx: &Context<'_>) -> Result<Project> {
        load_project(ctx, self.0.project_id).await
    }
    /// The month, `YYYY-MM`.
    async fn period(&self) -> &str {
        &self.0.period
    }
    /// The light: the worst any rule gives.
    async fn level(&self) -> WarningLevel {
        self.0.level.into()
    }
    /// The rule that gave a yellow or red light; null for green and not-applicable ones.
    async fn rule(&self) -> Option<ScheduleRule> {
        self.0.rule.map(Into::into)
    }
    /// Every rule's finding, and what could not be judged, in words.
    async fn reason(&self) -> &str {
        &self.0.reason
    }
    /// Investment planned for the year (万元); null when unknown.
    async fn planned_investment(&self) -> Option<Decimal> {
        dec(self.0.planned_investment)
    }
    /// Investment completed in the year up to the month's return (万元); null when unknown.
    async fn completed_this_year(&self) -> Option<Decimal> {
        dec(self.0.completed_this_year)
    }
    /// Percent of the year's plan due by the month's end (two decimals).
    async fn expected_share(&self) -> Option<Decimal> {
        dec(self.0.expected_share)
    }
    /// The plan times that share (万元, to the fen).
    async fn expected_to_date(&self) -> Option<Decimal> {
        dec(self.0.expected_to_date)
    }
    /// Percentage points the completed share trails the expected one (negative: ahead), two
    /// decimals; thresholds compare the exact value.
    async fn gap_points(&self) -> Option<Decimal> {
        dec(self.0.gap_points)
    }
    /// Months past the planned start month without a start (0 in the month itself).
    async fn months_start_overdue(&self) -> Option<i32> {
        self.0.months_start_overdue
    }
    /// Months running, up to this one, without a return after their deadline.
    async fn months_missing(&self) -> i32 {
        self.0.months_missing
    }
}

/// Where a project's return for a month stands against its deadline.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "service::reporting::due::DueStatus")]
pub enum ReturnDueStatus {
    /// Filed by the deadline.
    Filed,
    /// Filed after the deadline.
    Late,
    /// Not filed, and the deadline has passed.
    Missing,
    /// Not filed yet; the deadline is still to come.
    Pending,
}

/// A project's return for a month, against its deadline.
pub struct ReturnDue(pub due::ReturnDue);

/// A project's return for a month against its deadline: one per project monitored that year.
#[Object]
impl ReturnDue {
    /// The project.
    async fn project(&self, ctx: &Context<'_>) -> Result<Project> {
        load_project(ctx, self.0.project_id).await
    }
    /// The unit responsible for the project and its returns.
    async fn responsible_unit(&self) -> Option<&str> {
        self.0.responsible_unit.as_deref()
    }
    /// The month, `YYYY-MM`.
    async fn period(&self) -> &str {
        &self.0.period
    }
    /// Filed, late, missing or pending.
    async fn status(&self) -> ReturnDueStatus {
        self.0.status.into()
    }
    /// The deadline (the end of this day, Beijing time).
    async fn due_on(&self) -> NaiveDate {
        self.0.due_on
    }
    /// When the return was first filed (RFC 3339).
    async fn filed_at(&self) -> Option<DateTime<Utc>> {
        self.0.filed_at
    }
    /// The id of the month's newest return (a correction once filed).
    async fn return_id(&self) -> Option<ID> {
        self.0
            .return_id
            .map(|id| global_id(Kind::MonthlyReturn, id))
    }
    /// Its review state.
    async fn review_status(&self) -> Option<MonthlyReturnStatus> {
        self.0.review_status.map(Into::into)
    }
}

/// One set of warning thresholds.
pub struct WarningRules(pub rules::WarningRules);

/// The thresholds of the schedule lights and the day returns are due: the defaults (no list)
/// or one list's own set.
#[Object]
impl WarningRules {
    /// The list these rules apply to; null for the defaults every other list follows.
    async fn list_code(&self) -> Option<&str> {
        self.0.list_code.as_deref()
    }
    /// Yellow from this many percentage points behind the time-elapsed schedule.
    async fn behind_schedule_yellow(&self) -> Decimal {
        Decimal(self.0.behind_schedule_yellow)
    }
    /// Red from this many points behind.
    async fn behind_schedule_red(&self) -> Decimal {
        Decimal(self.0.behind_schedule_red)
    }
    /// Yellow from this many months past the planned start month without a start (0: in the
    /// month itself).
    async fn start_overdue_yellow(&self) -> i32 {
        self.0.start_overdue_yellow
    }
    /// Red from this many months past it.
    async fn start_overdue_red(&self) -> i32 {
        self.0.start_overdue_red
    }
    /// Yellow when this many months running lack a return after their deadline.
    async fn return_missing_yellow(&self) -> i32 {
        self.0.return_missing_yellow
    }
    /// Red when this many do.
    async fn return_missing_red(&self) -> i32 {
        self.0.return_missing_red
    }
    /// Day of the month a month's return is due by (a shorter month's last day when it has
    /// fewer), Beijing time.
    async fn due_day(&self) -> i32 {
        self.0.due_day
    }
    /// Version, +1 per change: the `expectedVersion` of `updateWarningRules` (a list without
    /// its own set answers the defaults' version).
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// Who changed them last.
    async fn updated_by(&self) -> &str {
        &self.0.updated_by
    }
    /// When (RFC 3339).
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}
