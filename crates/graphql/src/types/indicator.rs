//! Plans, their indicators (表1-表3) with actuals and derived figures, and the evaluation table.

use std::sync::Arc;

use async_graphql::{Context, Enum, ID, Object, Result, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use service::access::Principal;
use service::indicator::{self as ind, IndicatorFilter};

use super::dec;
use crate::auth::principal;
use crate::error::to_gql;
use crate::ids::{Kind, global_id};
use crate::scalars::Decimal;

/// Which territory an indicator's figures cover. The document names both and defines neither;
/// Table 1's note 1 says its figures are 大洞头 unless stated otherwise.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "service::indicator::Scope")]
pub enum IndicatorScope {
    /// 大洞头 (Table 1 and Table 2).
    Dadongtou,
    /// 小洞头 (Table 3).
    Xiaodongtou,
}

/// What kind of figure an indicator is.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "service::indicator::Kind")]
pub enum IndicatorKind {
    /// A value in a year (output, counts, productivity).
    Level,
    /// A total over the window's years (累计, 五年累计); actuals are yearly amounts that add up.
    Cumulative,
    /// A percentage share or rate (unit %).
    Share,
    /// A unitless index.
    Index,
    /// A target stated in words (`targetText`); graded only by an actual's `met`.
    Qualitative,
}

/// Which way is better.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "service::indicator::Direction")]
pub enum IndicatorDirection {
    /// Higher is better: the target is reached at or above it.
    Higher,
    /// Lower is better (energy use per unit of value added): reached at or below it.
    Lower,
}

/// How an indicator stands against its target, in the words of China's mid-term reviews. The
/// deciding actual is the latest recorded for a year after the baseline year (up to `asOfYear`);
/// `progress` and `elapsedShare` are as described on `Indicator`. The rules apply in this order:
/// (1) a target in words, or no target: `AHEAD` when the actual says met, `LAGGING` when not
/// met, else `NOT_MEASURABLE`; (2) no such actual, or its value is null: `NOT_MEASURABLE`;
/// (3) target reached: `AHEAD`; (4) the actual is of the target year and the target is missed:
/// `LAGGING`; (5) baseline unknown: `NOT_MEASURABLE`; (6) `progress > elapsedShare + 0.1`:
/// `FASTER_THAN_EXPECTED`, `progress < elapsedShare − 0.1`: `LAGGING`, otherwise `ON_TRACK`.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "service::indicator::Grade")]
pub enum IndicatorGrade {
    /// 提前实现: the target is reached already (a higher-is-better value at or above it, a
    /// lower-is-better one at or below it, a cumulative sum at or above it), or a target in words
    /// is recorded as met.
    Ahead,
    /// 快于预期: progress more than 0.1 (10 points) above the elapsed share.
    FasterThanExpected,
    /// 基本符合预期: progress within 0.1 of the elapsed share (bounds included).
    OnTrack,
    /// 滞后: progress more than 0.1 below the elapsed share, the target missed in the target
    /// year, or a target in words recorded as not met.
    Lagging,
    /// The figures needed are not known: no actual after the baseline year, an actual that cannot
    /// be measured, an unknown baseline before the target year, or a target in words or an empty
    /// target without a met/not-met record.
    NotMeasurable,
}

/// A plan, e.g. the Dongtou District 14th Five-Year Plan for industry, informatisation and
/// technology.
pub struct Plan(pub service::plan::Plan);

/// A plan, e.g. the Dongtou District 14th Five-Year Plan for industry, informatisation and
/// technology.
#[Object]
impl Plan {
    /// Opaque global id.
    pub(crate) async fn id(&self) -> ID {
        global_id(Kind::Plan, self.0.id)
    }
    /// Stable code, e.g. `DONGTOU-14FYP`.
    async fn code(&self) -> &str {
        &self.0.code
    }
    /// Title as published (Chinese).
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// The lists the plan publishes, in their order.
    async fn lists(&self, ctx: &Context<'_>) -> Result<Vec<super::ProjectList>> {
        let db = ctx.data::<DatabaseConnection>()?;
        let reader = principal(ctx).await?;
        Ok(service::catalog::list_project_lists(db, reader)
            .await
            .map_err(to_gql)?
            .into_iter()
            .filter(|l| l.plan_id == self.0.id)
            .map(super::ProjectList)
            .collect())
    }
    /// English title.
    async fn title_en(&self) -> &str {
        &self.0.title_en
    }
    /// Issuing body, when known.
    async fn issuer(&self) -> Option<&str> {
        self.0.issuer.as_deref()
    }
    /// Date of issue, when known.
    async fn issued_on(&self) -> Option<NaiveDate> {
        self.0.issued_on
    }
    /// First year of the plan window.
    async fn window_start(&self) -> i32 {
        self.0.window_start
    }
    /// Last year of the plan window.
    async fn window_end(&self) -> i32 {
        self.0.window_end
    }
    /// Where in the document the plan is named.
    async fn source(&self) -> Option<&str> {
        self.0.source.as_deref()
    }
    /// The plan's indicators in table and row order, with their actuals and derived figures.
    async fn indicators(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this territory's indicators.")] scope: Option<IndicatorScope>,
        #[graphql(desc = "Only this table's indicators (the number printed: 1, 2 or 3).")]
        table: Option<i32>,
    ) -> Result<Vec<Indicator>> {
        let filter = IndicatorFilter {
            plan_id: Some(self.0.id),
            scope: scope.map(Into::into),
            table_no: table,
            ..Default::default()
        };
        indicators(ctx, &filter).await
    }
    /// The numbered notes printed under the plan's indicator tables.
    async fn indicator_notes(&self, ctx: &Context<'_>) -> Result<Vec<IndicatorNote>> {
        let db = ctx.data::<DatabaseConnection>()?;
        let notes = ind::list_notes(db, principal(ctx).await?, self.0.id)
            .await
            .map_err(to_gql)?;
        Ok(notes.into_iter().map(IndicatorNote).collect())
    }
    /// The platforms the plan builds (the small and micro enterprise parks of 表3 “十四五”期间工业小微企业园平台建设情况), in printed order.
    async fn platforms(&self, ctx: &Context<'_>) -> Result<Vec<Platform>> {
        let db = ctx.data::<DatabaseConnection>()?;
        let rows = ind::list_platforms(db, principal(ctx).await?, self.0.id)
            .await
            .map_err(to_gql)?;
        Ok(rows.into_iter().map(Platform).collect())
    }
}

/// The indicators `filter` chooses, each with the notes of its table (one statement for all).
pub(crate) async fn indicators(
    ctx: &Context<'_>,
    filter: &IndicatorFilter,
) -> Result<Vec<Indicator>> {
    let db = ctx.data::<DatabaseConnection>()?;
    let principal = principal(ctx).await?;
    let rows = ind::list_indicators(db, principal, filter)
        .await
        .map_err(to_gql)?;
    wrap(db, principal, rows).await
}

/// Service indicators as GraphQL objects, with their notes.
pub(crate) async fn wrap(
    db: &impl ConnectionTrait,
    principal: &Principal,
    rows: Vec<ind::Indicator>,
) -> Result<Vec<Indicator>> {
    let mut plans: Vec<i32> = rows.iter().map(|i| i.plan_id).collect();
    plans.sort_unstable();
    plans.dedup();
    let mut notes = Vec::new();
    for plan in plans {
        notes.extend(ind::list_notes(db, principal, plan).await.map_err(to_gql)?);
    }
    let notes = Arc::new(notes);
    Ok(rows
        .into_iter()
        .map(|i| Indicator::new(i, notes.clone()))
        .collect())
}

/// A numbered note printed under an indicator table.
pub struct IndicatorNote(pub ind::Note);

/// A numbered note printed under an indicator table (表1's 注：1.…6.).
#[Object]
impl IndicatorNote {
    /// The table it stands under.
    async fn table(&self) -> i32 {
        self.0.table_no
    }
    /// Its number as printed.
    async fn number(&self) -> i32 {
        self.0.number
    }
    /// Text as printed (Chinese).
    async fn text(&self) -> &str {
        &self.0.text
    }
    /// English text.
    async fn text_en(&self) -> &str {
        &self.0.text_en
    }
    /// Where in the document it is.
    async fn source(&self) -> &str {
        &self.0.source
    }
}

/// A platform the plan builds.
pub struct Platform(pub ind::Platform);

/// A platform the plan builds: a small and micro enterprise park (小微企业园), which a project
/// can name by `code`.
#[Object]
impl Platform {
    /// Stable code, e.g. `PARK-ELECTRONICS`.
    async fn code(&self) -> &str {
        &self.0.code
    }
    /// Row number in the printed table.
    async fn ordinal(&self) -> i32 {
        self.0.ordinal
    }
    /// Name as printed (布局规划).
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// English name.
    async fn name_en(&self) -> &str {
        &self.0.name_en
    }
    /// Area in 亩 (园区规模), or null when the document gives a place instead.
    async fn area_mu(&self) -> Option<Decimal> {
        dec(self.0.area_mu)
    }
    /// The plot (地块), when printed.
    async fn plot(&self) -> Option<&str> {
        self.0.plot.as_deref()
    }
    /// Where it is, when printed.
    async fn location(&self) -> Option<&str> {
        self.0.location.as_deref()
    }
    /// Main industry (主导产业) as printed.
    async fn industry(&self) -> &str {
        &self.0.industry
    }
    /// Where in the document the row is.
    async fn source(&self) -> &str {
        &self.0.source
    }
}

/// An actual value of an indicator for a year.
#[derive(SimpleObject)]
pub struct IndicatorActual {
    /// The year the value speaks for.
    pub year: i32,
    /// The value in the indicator's unit, exact; null is "cannot be measured" (never 0), and the
    /// note says why.
    pub value: Option<Decimal>,
    /// The actual average annual growth in percent, where the source states it (Table 1's
    /// 实际年均递增 when printed as a rate).
    pub growth_rate: Option<Decimal>,
    /// The actual increase over the window, where the source states it (Table 1's bracketed
    /// figures, e.g. `[31]`).
    pub increase: Option<Decimal>,
    /// For a target in words: whether it was met; null when not said.
    pub met: Option<bool>,
    /// Why the value is null, or what it means (for Table 1, the printed blank and the note).
    pub note: Option<String>,
    /// Where the value comes from (a statistics bulletin, a line of the document).
    pub source: Option<String>,
    /// Who recorded it (a token's name, or `seed`).
    pub recorded_by: String,
    /// 1 when first recorded, +1 per correction.
    pub version: i32,
    /// When it was last recorded.
    pub updated_at: DateTime<Utc>,
}

impl From<ind::Actual> for IndicatorActual {
    fn from(a: ind::Actual) -> Self {
        Self {
            year: a.year,
            value: dec(a.value),
            growth_rate: dec(a.growth_rate),
            increase: dec(a.increase),
            met: a.met,
            note: a.note,
            source: a.source,
            recorded_by: a.recorded_by,
            version: a.version,
            updated_at: a.updated_at,
        }
    }
}

/// What the project lists hold for an investment target's window.
#[derive(SimpleObject)]
pub struct ProjectListCheck {
    /// First year of the window.
    pub window_start: i32,
    /// Last year of the window.
    pub window_end: i32,
    /// Projects in the plan's lists (not archived).
    pub project_count: i64,
    /// Their known 14th-FYP investment in 亿元 (万元 / 10,000, exact).
    pub fyp_investment_known: Decimal,
    /// How many of them have an unknown (待定) 14th-FYP investment, left out of the sum.
    pub fyp_investment_unknown_count: i64,
}

/// The derived figures of an indicator as of a year, with its grade and the rule that gave it.
pub struct Evaluation(pub ind::Evaluation);

/// The derived figures of an indicator as of a year, with its grade and the rule that gave it.
/// Ratios are rounded half away from zero to 10 decimals.
#[Object]
impl Evaluation {
    /// The year asked about; null when every recorded actual counts.
    async fn as_of_year(&self) -> Option<i32> {
        self.0.as_of_year
    }
    /// The deciding actual: the latest recorded for a year after the baseline year.
    async fn latest(&self) -> Option<IndicatorActual> {
        self.0.latest.clone().map(Into::into)
    }
    /// Required average annual growth, `(target / baseline)^(1/n) − 1` with
    /// `n = targetYear − baseline year`, as a fraction (0.1067429374 is 10.67 % a year); null for
    /// cumulative and qualitative indicators and when either value is unknown or not positive.
    async fn required_growth(&self) -> Option<Decimal> {
        dec(self.0.required_growth)
    }
    /// Achieved average annual growth, `(latest / baseline)^(1/m) − 1` with `m` = the latest
    /// actual's year − baseline year; null where `requiredGrowth` is, or without a measured actual.
    async fn achieved_growth(&self) -> Option<Decimal> {
        dec(self.0.achieved_growth)
    }
    /// For a cumulative target: the sum of the known actuals of the years after the baseline year.
    async fn running_sum(&self) -> Option<Decimal> {
        dec(self.0.running_sum)
    }
    /// Progress towards the target: `(latest − baseline) / (target − baseline)`; for a cumulative
    /// target `runningSum / target`. 1 is the target reached; null when a figure is unknown.
    async fn progress(&self) -> Option<Decimal> {
        dec(self.0.progress)
    }
    /// Time elapsed, `(latest actual's year − baseline year) / n`: the share progress is held to.
    async fn elapsed_share(&self) -> Option<Decimal> {
        dec(self.0.elapsed_share)
    }
    /// `targetYear` − the year asked about (or the latest actual's year, or the baseline year),
    /// never below 0.
    async fn years_left(&self) -> i32 {
        self.0.years_left
    }
    /// The grade, by the rules of `IndicatorGrade`.
    async fn grade(&self) -> IndicatorGrade {
        self.0.grade.into()
    }
    /// The rule that gave the grade, with the figures it used.
    async fn grade_reason(&self) -> &str {
        &self.0.reason
    }
}

/// An indicator of a plan's target tables.
pub struct Indicator {
    // Boxed so that a `Node` stays small whichever object it holds.
    pub(super) inner: Box<ind::Indicator>,
    pub(super) notes: Arc<Vec<ind::Note>>,
    /// The evaluation over every recorded actual, computed once.
    pub(super) now: Box<ind::Evaluation>,
}

impl Indicator {
    /// Wraps a service indicator; its figures are evaluated over every recorded actual.
    pub fn new(inner: ind::Indicator, notes: Arc<Vec<ind::Note>>) -> Self {
        let now = Box::new(ind::evaluate(&inner, None));
        Self {
            inner: Box::new(inner),
            notes,
            now,
        }
    }
}
