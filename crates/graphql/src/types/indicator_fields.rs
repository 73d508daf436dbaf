//! The fields of `Indicator`.

use async_graphql::{Context, ID, Object, Result};
use sea_orm::DatabaseConnection;
use service::indicator as ind;

use super::dec;
use super::indicator::{
    Evaluation, Indicator, IndicatorActual, IndicatorDirection, IndicatorGrade, IndicatorKind,
    IndicatorNote, IndicatorScope, ProjectListCheck,
};
use crate::error::to_gql;
use crate::ids::{Kind, global_id};
use crate::scalars::Decimal;

/// An indicator of a plan's target tables (表1-表3): baseline → target, its actuals by year and
/// the figures derived from them. Every value is an exact `Decimal` in the indicator's `unit`, or
/// null with the reason the document gives beside it (never 0 for a blank). The derived fields
/// (`requiredGrowth` … `gradeReason`) are as of every recorded actual; `evaluation(asOfYear:)`
/// gives them as of an earlier year.
#[Object]
impl Indicator {
    /// Opaque global id.
    pub(crate) async fn id(&self) -> ID {
        global_id(Kind::Indicator, self.inner.id)
    }
    /// Stable code: `T<table>-<row>`, e.g. `T3-01`.
    async fn code(&self) -> &str {
        &self.inner.code
    }
    /// The table's number as printed in the document: 1 (the 13th-FYP indicators and their
    /// outcome), 2 (14th-FYP targets, 大洞头), 3 (14th-FYP targets, 小洞头).
    async fn table(&self) -> i32 {
        self.inner.table_no
    }
    /// The territory the figures cover.
    async fn scope(&self) -> IndicatorScope {
        self.inner.scope.into()
    }
    /// The group (类型/分类) as printed, e.g. 质量效益; null for Table 2, which has none.
    async fn group(&self) -> Option<&str> {
        self.inner.group.as_deref()
    }
    /// The group in English.
    async fn group_en(&self) -> Option<&str> {
        self.inner.group_en.as_deref()
    }
    /// The row's number: 序号 in Table 1, the row's position in Tables 2 and 3.
    async fn ordinal(&self) -> i32 {
        self.inner.ordinal
    }
    /// Name as printed (Chinese).
    async fn name(&self) -> &str {
        &self.inner.name
    }
    /// English name.
    async fn name_en(&self) -> &str {
        &self.inner.name_en
    }
    /// Unit as printed (亿元, %, 家, 件, 万元/人·年, 吨标准煤/万元, 万元/亩, …); null where the
    /// table prints `-` (a unitless index).
    async fn unit(&self) -> Option<&str> {
        self.inner.unit.as_deref()
    }
    /// Kind of figure.
    async fn kind(&self) -> IndicatorKind {
        self.inner.kind.into()
    }
    /// Which way is better.
    async fn direction(&self) -> IndicatorDirection {
        self.inner.direction.into()
    }
    /// Year of the baseline (2020 for Tables 2-3; 2015 for Table 1, whose window is 2016-2020).
    async fn baseline_year(&self) -> i32 {
        self.inner.baseline_year
    }
    /// Baseline value; null when the document does not give it (`baselineUnknownReason`).
    async fn baseline_value(&self) -> Option<Decimal> {
        dec(self.inner.baseline)
    }
    /// Why the baseline is unknown: `-` printed, or a table without a baseline column (Table 1).
    async fn baseline_unknown_reason(&self) -> Option<&str> {
        self.inner.baseline_unknown.as_deref()
    }
    /// Year of the target.
    async fn target_year(&self) -> i32 {
        self.inner.target_year
    }
    /// Target value; for a cumulative indicator, the total over the window (`110（累计）` is 110).
    /// Null for a target in words (`targetText`) or an empty cell (`targetUnknownReason`).
    async fn target_value(&self) -> Option<Decimal> {
        dec(self.inner.target)
    }
    /// The target is a floor (printed `≥0.9`): it is reached at or above `targetValue`.
    async fn target_is_minimum(&self) -> bool {
        self.inner.target_minimum
    }
    /// A target stated in words, e.g. 完成省市下达的目标任务 or 所有规上企业.
    async fn target_text(&self) -> Option<&str> {
        self.inner.target_text.as_deref()
    }
    /// Why there is no target: the cell is empty in the document.
    async fn target_unknown_reason(&self) -> Option<&str> {
        self.inner.target_unknown.as_deref()
    }
    /// Planned average annual growth in percent (规划年均递增, Table 1), where printed as a rate.
    async fn planned_growth_rate(&self) -> Option<Decimal> {
        dec(self.inner.planned_rate)
    }
    /// Planned increase over the window, where printed in brackets (`[24]`: 24 more over the
    /// five years, not a rate).
    async fn planned_increase(&self) -> Option<Decimal> {
        dec(self.inner.planned_increase)
    }
    /// Why no planned growth is given (`—`, or a table without the column).
    async fn planned_growth_unknown_reason(&self) -> Option<&str> {
        self.inner.planned_growth_unknown.as_deref()
    }
    /// The notes under the table that concern this row (Table 1's note 1 concerns every row).
    async fn notes(&self) -> Vec<IndicatorNote> {
        self.notes
            .iter()
            .filter(|n| {
                n.table_no == self.inner.table_no && self.inner.note_numbers.contains(&n.number)
            })
            .cloned()
            .map(IndicatorNote)
            .collect()
    }
    /// Where in the document the row is (table and lines).
    async fn source(&self) -> &str {
        &self.inner.source
    }
    /// Version for `recordIndicatorValue`'s `expectedVersion`; +1 per recorded value.
    async fn version(&self) -> i32 {
        self.inner.version
    }
    /// The recorded actuals, oldest year first (for Table 1, the 2020 actual as printed).
    async fn actuals(&self) -> Vec<IndicatorActual> {
        self.inner.actuals.iter().cloned().map(Into::into).collect()
    }
    /// Required average annual growth from baseline to target: `(targetValue / baselineValue)^(1/n)
    /// − 1`, `n = targetYear − baselineYear`, a fraction exact to 10 decimals, rounded half away
    /// from zero; null for cumulative and qualitative indicators or an unknown or non-positive value.
    async fn required_growth(&self) -> Option<Decimal> {
        dec(self.now.required_growth)
    }
    /// Achieved average annual growth to the latest actual: `(latest / baselineValue)^(1/m) − 1`,
    /// `m` = the latest actual's year − baselineYear, 10 decimals; null where `requiredGrowth` is
    /// or without a measured actual after the baseline year.
    async fn achieved_growth(&self) -> Option<Decimal> {
        dec(self.now.achieved_growth)
    }
    /// Progress towards the target: `(latest − baselineValue) / (targetValue − baselineValue)`; for
    /// a cumulative target the running sum of the window's actuals over `targetValue`. 1 is the
    /// target reached; 10 decimals; null when a figure is unknown.
    async fn progress(&self) -> Option<Decimal> {
        dec(self.now.progress)
    }
    /// Years left: `targetYear` − the latest actual's year (or the baseline year), never below 0.
    async fn years_left(&self) -> i32 {
        self.now.years_left
    }
    /// The grade as of every recorded actual, by the rules of `IndicatorGrade`.
    async fn grade(&self) -> IndicatorGrade {
        self.now.grade.into()
    }
    /// The rule that gave `grade`, with the figures it used.
    async fn grade_reason(&self) -> &str {
        &self.now.reason
    }
    /// The derived figures and grade as of a year: only actuals up to `asOfYear` count.
    async fn evaluation(
        &self,
        #[graphql(desc = "Count actuals up to this year only; every actual when omitted.")]
        as_of_year: Option<i32>,
    ) -> Evaluation {
        Evaluation(ind::evaluate(&self.inner, as_of_year))
    }
    /// For an investment total over the plan's window (工业投资（五年累计投资）): what the plan's
    /// project lists hold for the same window, beside the target. The two are different measures:
    /// the indicator is a statistic (investment as counted by the statistics office), the lists
    /// are planned projects' 14th-FYP investment; the sum shows whether the lists could carry the
    /// target, not progress. Null for every other indicator.
    async fn project_list_check(&self, ctx: &Context<'_>) -> Result<Option<ProjectListCheck>> {
        if !self.inner.checks_project_lists {
            return Ok(None);
        }
        let db = ctx.data::<DatabaseConnection>()?;
        let check = ind::project_list_check(db, &self.inner)
            .await
            .map_err(to_gql)?;
        Ok(check.map(|c| ProjectListCheck {
            window_start: c.window_start,
            window_end: c.window_end,
            project_count: c.project_count,
            fyp_investment_known: Decimal(c.fyp_investment_yi),
            fyp_investment_unknown_count: c.fyp_unknown_count,
        }))
    }
}
