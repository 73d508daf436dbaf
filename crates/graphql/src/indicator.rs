//! The plan's indicators: `plans`, `plan(code:)`, `indicators`, `indicatorEvaluation` (the table
//! a mid-term report prints) and `recordIndicatorValue` (the office's yearly actuals).

use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};
use sea_orm::DatabaseConnection;
use service::ServiceError;
use service::indicator::{self as ind, IndicatorFilter, write::RecordValue};

use crate::auth::{Auth, principal};
use crate::error::to_gql;
use crate::ids::{Kind, parse_global_id};
use crate::payload::{UserError, user_errors};
use crate::scalars::Decimal;
use crate::types::{
    Evaluation, Indicator, IndicatorActual, IndicatorGrade, IndicatorScope, Plan, indicators, wrap,
};

/// How many indicators have a grade.
#[derive(SimpleObject)]
pub struct GradeCount {
    /// The grade.
    pub grade: IndicatorGrade,
    /// How many indicators have it.
    pub count: i64,
}

/// The counts of one group of one table.
#[derive(SimpleObject)]
pub struct GroupGradeCounts {
    /// The table's number as printed.
    pub table: i32,
    /// The table's territory.
    pub scope: IndicatorScope,
    /// The group as printed (类型/分类); null for a table without groups (Table 2).
    pub group: Option<String>,
    /// The group in English.
    pub group_en: Option<String>,
    /// Indicators in the group.
    pub total: i64,
    /// Counts per grade, every grade in `IndicatorGrade`'s order, zeros included.
    pub counts: Vec<GradeCount>,
}

/// One indicator of the evaluation, with its figures as of the year asked about.
#[derive(SimpleObject)]
pub struct EvaluatedIndicator {
    /// The indicator (its own derived fields count every recorded actual).
    pub indicator: Indicator,
    /// Its figures and grade as of `asOfYear`.
    pub evaluation: Evaluation,
}

/// A plan's indicators graded as of a year: the table a mid-term or final report prints.
#[derive(SimpleObject)]
pub struct IndicatorEvaluation {
    /// The plan.
    pub plan_code: String,
    /// The year asked about; null when every recorded actual counts.
    pub as_of_year: Option<i32>,
    /// Indicators evaluated.
    pub total: i64,
    /// Counts per grade over all indicators, every grade in order, zeros included.
    pub by_grade: Vec<GradeCount>,
    /// Counts per table and group, in printed order.
    pub by_group: Vec<GroupGradeCounts>,
    /// Every indicator in table and row order, with its evaluation.
    pub indicators: Vec<EvaluatedIndicator>,
}

fn grade_counts(counts: Vec<ind::GradeCount>) -> Vec<GradeCount> {
    counts
        .into_iter()
        .map(|c| GradeCount {
            grade: c.grade.into(),
            count: c.count,
        })
        .collect()
}

/// Reads of plans and indicators.
#[derive(Default)]
pub struct IndicatorQuery;

#[Object]
impl IndicatorQuery {
    /// Every plan, oldest window first.
    async fn plans(&self, ctx: &Context<'_>) -> Result<Vec<Plan>> {
        let db = ctx.data::<DatabaseConnection>()?;
        let plans = service::plan::list_plans(db, principal(ctx).await?)
            .await
            .map_err(to_gql)?;
        Ok(plans.into_iter().map(Plan).collect())
    }

    /// The plan with this code (e.g. `DONGTOU-14FYP`), or null when there is none.
    async fn plan(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The plan's stable code.")] code: String,
    ) -> Result<Option<Plan>> {
        let db = ctx.data::<DatabaseConnection>()?;
        let plan = service::plan::get_plan_by_code(db, principal(ctx).await?, &code)
            .await
            .map_err(to_gql)?;
        Ok(plan.map(Plan))
    }

    /// Indicators in plan, table and row order, with their actuals and derived figures; an
    /// unknown plan code gives none.
    async fn indicators(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this plan's indicators (e.g. `DONGTOU-14FYP`).")] plan_code: Option<
            String,
        >,
        #[graphql(desc = "Only this territory's indicators.")] scope: Option<IndicatorScope>,
        #[graphql(desc = "Only this table's indicators (the number printed: 1, 2 or 3).")]
        table: Option<i32>,
    ) -> Result<Vec<Indicator>> {
        let filter = IndicatorFilter {
            plan_code,
            scope: scope.map(Into::into),
            table_no: table,
            ..Default::default()
        };
        indicators(ctx, &filter).await
    }

    /// Every indicator of the plan graded as of `asOfYear` (only actuals up to that year count),
    /// with the counts per grade and per table group: the table a mid-term report prints. The grade
    /// rules are `IndicatorGrade`'s. Also as a file: `GET /export/indicator-evaluation.csv`.
    async fn indicator_evaluation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The plan's code, e.g. `DONGTOU-14FYP`.")] plan_code: String,
        #[graphql(desc = "Evaluate as of this year; every recorded actual counts when omitted.")]
        as_of_year: Option<i32>,
    ) -> Result<IndicatorEvaluation> {
        let db = ctx.data::<DatabaseConnection>()?;
        let principal = principal(ctx).await?;
        let report = ind::indicator_evaluation(db, principal, &plan_code, as_of_year)
            .await
            .map_err(to_gql)?;
        let (rows, evaluations): (Vec<_>, Vec<_>) = report.rows.into_iter().unzip();
        let wrapped = wrap(db, principal, rows).await?;
        Ok(IndicatorEvaluation {
            plan_code: report.plan_code,
            as_of_year: report.as_of_year,
            total: wrapped.len() as i64,
            by_grade: grade_counts(report.by_grade),
            by_group: report
                .by_group
                .into_iter()
                .map(|g| GroupGradeCounts {
                    table: g.table_no,
                    scope: g.scope.into(),
                    group: g.group,
                    group_en: g.group_en,
                    total: g.total,
                    counts: grade_counts(g.counts),
                })
                .collect(),
            indicators: wrapped
                .into_iter()
                .zip(evaluations)
                .map(|(indicator, e)| EvaluatedIndicator {
                    indicator,
                    evaluation: Evaluation(e),
                })
                .collect(),
        })
    }
}

/// Input of `recordIndicatorValue`.
#[derive(InputObject)]
pub struct RecordIndicatorValueInput {
    /// The indicator's global id.
    pub indicator_id: ID,
    /// The year the value speaks for, from the indicator's baseline year to its target year.
    pub year: i32,
    /// The value in the indicator's unit, at most six decimals; `null` records that it cannot
    /// be measured (never 0), and then `note` must say why. For a cumulative indicator, the
    /// year's own amount (the running sum is derived).
    pub value: Option<Decimal>,
    /// For a target stated in words only: whether it was met (graded `AHEAD` / `LAGGING`).
    pub met: Option<bool>,
    /// Why, or what the value means; required with a null value.
    pub note: Option<String>,
    /// Where the value comes from, e.g. the statistics bulletin; kept when omitted on a correction.
    pub source: Option<String>,
    /// The indicator's `version` as last read; a stale one is a `CONFLICT`.
    pub expected_version: i32,
}

/// Result of `recordIndicatorValue`.
#[derive(SimpleObject)]
pub struct RecordIndicatorValuePayload {
    /// The indicator as it is now, with its new figures and grade; null when nothing was changed.
    pub indicator: Option<Indicator>,
    /// The actual as recorded.
    pub actual: Option<IndicatorActual>,
    /// Why nothing was changed.
    pub user_errors: Vec<UserError>,
}

/// Writes to indicators.
#[derive(Default)]
pub struct IndicatorMutation;

#[Object]
impl IndicatorMutation {
    /// Records the actual value of an indicator for a year, or corrects it (ADMIN only). The
    /// indicator's version rises by one; a correction raises the actual's own version, and both
    /// go into the change log. A year outside baseline year … target year, a value with more than
    /// six decimals or a null value without a note is a `VALIDATION` user error, an unknown
    /// indicator `NOT_FOUND`, a stale `expectedVersion` `CONFLICT`; each changes nothing.
    async fn record_indicator_value(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The indicator, the year, the value or why it cannot be measured, and the version last read."
        )]
        input: RecordIndicatorValueInput,
    ) -> Result<RecordIndicatorValuePayload> {
        let db = ctx.data::<DatabaseConnection>()?;
        let principal = principal(ctx).await?;
        let actor = service::write::Actor {
            principal,
            request_id: ctx.data::<Auth>()?.request_id(),
        };
        let id = match parse_global_id(&input.indicator_id) {
            Some((Kind::Indicator, id)) => Ok(id),
            _ => Err(ServiceError::validation(
                "indicatorId",
                "not the id of an Indicator",
            )),
        };
        let result = match id {
            Ok(indicator_id) => {
                ind::write::record_indicator_value(
                    db,
                    actor,
                    RecordValue {
                        indicator_id,
                        year: input.year,
                        value: input.value.map(|d| d.0),
                        met: input.met,
                        note: input.note,
                        source: input.source,
                        expected_version: input.expected_version,
                    },
                )
                .await
            }
            Err(e) => Err(e),
        };
        Ok(match result {
            Ok((indicator, actual)) => RecordIndicatorValuePayload {
                indicator: wrap(db, principal, vec![indicator]).await?.pop(),
                actual: Some(actual.into()),
                user_errors: Vec::new(),
            },
            Err(e) => RecordIndicatorValuePayload {
                indicator: None,
                actual: None,
                user_errors: user_errors(e)?,
            },
        })
    }
}
