//! Finance queries: investment summaries, the plan-window view and data-quality findings.

use async_graphql::{Context, Enum, Object, Result, SimpleObject};
use sea_orm::DatabaseConnection;
use service::catalog_cache::CatalogCopy;
use service::finance::{self, plan_window, quality, summary};
use service::money::PartialSum;

use crate::Auth;
use crate::error::to_gql;
use crate::inputs::ProjectFilter;
use crate::scalars::Decimal;
use crate::types::{Project, ProjectStatus, load_project};

/// What projects can be grouped by in an investment summary.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "service::finance::Dimension")]
pub enum InvestmentDimension {
    /// The project list (appendix).
    List,
    /// The category; also sets `listCode`, since category codes repeat across lists.
    Category,
    /// The lifecycle status.
    Status,
    /// The first year of construction; projects with an unknown start year form one group.
    StartYear,
    /// The last year of construction; projects with an unknown end year form one group.
    EndYear,
    /// The location; projects with no location named form one group.
    Location,
}

/// A sum of amounts some of which may be unknown (待定): the known part and how many were left out.
/// An unknown amount is never counted as zero.
pub struct AmountSum(pub PartialSum);

/// A sum of amounts some of which may be unknown (待定): the known part and how many were left out.
/// An unknown amount is never counted as zero.
#[Object]
impl AmountSum {
    /// Exact sum of the known amounts, in 万元.
    async fn known(&self) -> Decimal {
        Decimal(self.0.known)
    }
    /// Number of projects whose amount is unknown and so not in `known`.
    async fn unknown_count(&self) -> i64 {
        self.0.unknown_count
    }
}

/// The 14th-FYP share of a set of projects: their known 14th-FYP investment over their known total
/// investment, over the projects where both amounts are known.
pub struct FypShare(pub summary::ShareFigures);

/// The 14th-FYP share of a set of projects: their known 14th-FYP investment over their known total
/// investment, over the projects where both amounts are known.
#[Object]
impl FypShare {
    /// `fypInvestment / totalInvestment`, rounded half away from zero to 10 decimal places; null
    /// when that total is 0 (including when no project has both amounts known).
    async fn value(&self) -> Option<Decimal> {
        self.0.value().map(Decimal)
    }
    /// Number of projects the share rests on: those with both amounts known.
    async fn basis_count(&self) -> i64 {
        self.0.basis_count
    }
    /// 14th-FYP investment of those projects, in 万元.
    async fn fyp_investment(&self) -> Decimal {
        Decimal(self.0.fyp_investment)
    }
    /// Total investment of those projects, in 万元.
    async fn total_investment(&self) -> Decimal {
        Decimal(self.0.total_investment)
    }
}

/// Investment completed so far, from each project's latest progress report (the one recorded
/// last). A project with no report has completed nothing: it adds zero and is counted in
/// `unreportedCount`.
pub struct CompletedInvestment(pub summary::CompletedFigures);

/// Investment completed so far, from each project's latest progress report (the one recorded
/// last). A project with no report has completed nothing: it adds zero and is counted in
/// `unreportedCount`.
#[Object]
impl CompletedInvestment {
    /// Sum of the latest reports' cumulative completed investment, in 万元.
    async fn amount(&self) -> Decimal {
        Decimal(self.0.amount)
    }
    /// Number of projects with at least one progress report.
    async fn reported_count(&self) -> i64 {
        self.0.reported_count
    }
    /// Number of projects without any progress report, counted as zero completed.
    async fn unreported_count(&self) -> i64 {
        self.0.unreported_count
    }
}

/// The values of the grouped dimensions. A field is null when its dimension is not grouped, and
/// also when it is grouped and the value is unknown (a year) or not named (a location).
#[derive(SimpleObject)]
pub struct InvestmentGroupKey {
    /// The list's code, when grouped by `LIST` or `CATEGORY`.
    pub list_code: Option<String>,
    /// The category's code, when grouped by `CATEGORY`.
    pub category_code: Option<String>,
    /// The category's Chinese name, when grouped by `CATEGORY`.
    pub category_name: Option<String>,
    /// The status, when grouped by `STATUS`.
    pub status: Option<ProjectStatus>,
    /// The start year, when grouped by `START_YEAR` (null: unknown).
    pub start_year: Option<i32>,
    /// The end year, when grouped by `END_YEAR` (null: unknown).
    pub end_year: Option<i32>,
    /// The location, when grouped by `LOCATION` (null: none named).
    pub location: Option<String>,
}

impl From<&summary::GroupKey> for InvestmentGroupKey {
    fn from(k: &summary::GroupKey) -> Self {
        Self {
            list_code: k.list.as_ref().map(|l| l.code.clone()),
            category_code: k.category.as_ref().map(|c| c.code.clone()),
            category_name: k.category.as_ref().map(|c| c.name.clone()),
            status: k.status.map(Into::into),
            start_year: k.start_year,
            end_year: k.end_year,
            location: k.location.clone(),
        }
    }
}

/// Figures of a group of projects (or of the whole chosen set).
pub struct InvestmentGroup {
    key: InvestmentGroupKey,
    figures: summary::Figures,
}

/// Figures of a group of projects (or of the whole chosen set).
#[Object]
impl InvestmentGroup {
    /// The group's values of the grouped dimensions (all null for the whole set).
    async fn key(&self) -> &InvestmentGroupKey {
        &self.key
    }
    /// Number of projects.
    async fn project_count(&self) -> i64 {
        self.figures.project_count
    }
    /// Total investment: exact known sum and number unknown.
    async fn total_investment(&self) -> AmountSum {
        AmountSum(self.figures.total_investment)
    }
    /// In-window investment (each listing inside its own plan's window: 2021-2025, the 14th
    /// FYP, for the seeded lists): exact known sum and number unknown.
    async fn fyp_investment(&self) -> AmountSum {
        AmountSum(self.figures.fyp_investment)
    }
    /// 14th-FYP share over the projects with both amounts known, with the count it rests on.
    async fn fyp_share(&self) -> Result<FypShare> {
        self.figures
            .share
            .map(FypShare)
            .ok_or_else(crate::error::internal)
    }
    /// Completed investment from the latest progress reports (no report: zero, and counted).
    async fn completed_investment(&self) -> Result<CompletedInvestment> {
        self.figures
            .completed
            .map(CompletedInvestment)
            .ok_or_else(crate::error::internal)
    }
    /// Completed investment divided by 14th-FYP investment, both over the projects whose 14th-FYP
    /// investment is known, rounded half away from zero to 10 decimal places; null when that
    /// 14th-FYP sum is 0. Completed investment is cumulative and may include spending before
    /// 2021, so the rate can exceed 1.
    async fn execution_rate(&self) -> Option<Decimal> {
        self.figures.execution_rate().map(Decimal)
    }
}

/// Investment figures of the chosen projects, as a whole and per group.
pub struct InvestmentSummary(
    pub summary::InvestmentSummary,
    pub Option<service::finance::across_plans::CountedOnce>,
);

/// The chosen set with each physical project counted once.
pub struct CountedOnce(pub service::finance::across_plans::CountedOnce);

/// The chosen set with each physical project counted once: a project carried from one plan's
/// list into the next has a listing in each, and where the set holds both, its total
/// investment is counted once, at its latest listing in the set (the newest estimate).
#[Object]
impl CountedOnce {
    /// Physical projects: the listings less the repeated ones.
    async fn project_count(&self) -> i64 {
        self.0.project_count
    }
    /// Listings left out because a later listing of the same project is in the set.
    async fn repeated_listings(&self) -> i64 {
        self.0.repeated_listings
    }
    /// Total investment with each physical project's counted once: exact known sum and number
    /// unknown (an unknown figure of a repeated listing is not counted either).
    async fn total_investment(&self) -> AmountSum {
        AmountSum(self.0.total_investment)
    }
}

impl InvestmentSummary {
    fn group(key: &summary::GroupKey, figures: summary::Figures) -> InvestmentGroup {
        InvestmentGroup {
            key: key.into(),
            figures,
        }
    }
}

/// Investment figures of the chosen projects, as a whole and per group.
#[Object]
impl InvestmentSummary {
    /// The dimensions grouped by, in precedence order (LIST, CATEGORY, STATUS, START_YEAR,
    /// END_YEAR, LOCATION), without repeats.
    async fn group_by(&self) -> Vec<InvestmentDimension> {
        self.0.dimensions.iter().map(|d| (*d).into()).collect()
    }
    /// Figures of every chosen project; equal to the sum of the groups. Each listing counts:
    /// a project listed in two plans the set both holds is in it twice (see `countedOnce`).
    async fn total(&self) -> InvestmentGroup {
        Self::group(&summary::GroupKey::default(), self.0.total)
    }
    /// The whole set with each physical project counted once (a total across plans); null for
    /// an `asOf` summary.
    async fn counted_once(&self) -> Option<CountedOnce> {
        self.1.map(CountedOnce)
    }
    /// The groups that hold at least one project, ordered by list and category in the document's
    /// order, then status in lifecycle order (PLANNED, UNDER_CONSTRUCTION, ON_HOLD, COMPLETED,
    /// CANCELLED), then years ascending and locations by Unicode code point, unknown values last.
    /// Without `groupBy`, one group holding every chosen project (none when nothing is chosen).
    async fn groups(&self) -> Vec<InvestmentGroup> {
        self.0
            .groups
            .iter()
            .map(|g| Self::group(&g.key, g.figures))
            .collect()
    }
}

/// One year of the plan window.
pub struct PlanWindowYear(pub plan_window::WindowYear);

/// One year of the plan window.
#[Object]
impl PlanWindowYear {
    /// The year.
    async fn year(&self) -> i32 {
        self.0.year
    }
    /// Number of projects under way: those whose known construction period includes the year.
    async fn projects_under_way(&self) -> i64 {
        self.0.projects_under_way
    }
    /// 14th-FYP investment allotted to the year, in 万元 (see `PlanWindowView` for the method).
    async fn fyp_investment(&self) -> Decimal {
        Decimal(self.0.fyp_investment)
    }
}

/// 14th-FYP investment that no year of the window could take: the projects' period is unknown, or
/// has no year inside the window.
pub struct UnallocatedInvestment(pub plan_window::Unallocated);

/// 14th-FYP investment that no year of the window could take: the projects' period is unknown, or
/// has no year inside the window.
#[Object]
impl UnallocatedInvestment {
    /// The amount, in 万元.
    async fn amount(&self) -> Decimal {
        Decimal(self.0.amount)
    }
    /// Number of projects with known 14th-FYP investment that contribute to it.
    async fn project_count(&self) -> i64 {
        self.0.project_count
    }
}

/// The chosen projects year by year over their plans' windows (2021-2025 for the 14th FYP's
/// lists); the years run from the earliest window start to the latest window end of the plans
/// the chosen projects are listed in, and each project counts only inside its own plan's window.
///
/// Method: each project with known in-window (14th-FYP for the 14th plan) investment and a known
/// construction period is spread evenly over its years inside its plan's window, in fen (0.000001 万元): with `n` such years, each gets
/// the integer quotient of the amount by `n`, and the remainder is handed out one fen at a time to
/// the earliest years. A project whose period is unknown or has no year inside the window adds its
/// whole amount to `unallocated`. The yearly amounts plus `unallocated.amount` equal
/// `fypInvestment.known` exactly.
pub struct PlanWindowView(pub plan_window::PlanWindowView);

/// The chosen projects year by year over their plans' windows (2021-2025 for the 14th FYP's
/// lists); the years run from the earliest window start to the latest window end of the plans
/// the chosen projects are listed in, and each project counts only inside its own plan's window.
///
/// Method: each project with known in-window (14th-FYP for the 14th plan) investment and a known
/// construction period is spread evenly over its years inside its plan's window, in fen (0.000001 万元): with `n` such years, each gets
/// the integer quotient of the amount by `n`, and the remainder is handed out one fen at a time to
/// the earliest years. A project whose period is unknown or has no year inside the window adds its
/// whole amount to `unallocated`. The yearly amounts plus `unallocated.amount` equal
/// `fypInvestment.known` exactly.
#[Object]
impl PlanWindowView {
    /// First year of the view: the earliest window start of the chosen projects' plans (the
    /// first plan's when none is chosen).
    async fn window_start(&self) -> i32 {
        self.0.window_start
    }
    /// Last year of the view: the latest window end of the chosen projects' plans.
    async fn window_end(&self) -> i32 {
        self.0.window_end
    }
    /// Number of projects chosen.
    async fn project_count(&self) -> i64 {
        self.0.project_count
    }
    /// Number of chosen projects whose start or end year is unknown: under way in no year.
    async fn period_unknown_count(&self) -> i64 {
        self.0.period_unknown_count
    }
    /// The chosen projects' 14th-FYP investment: exact known sum and number unknown (unknown
    /// amounts are in no year and not in `unallocated`).
    async fn fyp_investment(&self) -> AmountSum {
        AmountSum(self.0.fyp_investment)
    }
    /// Every year of the window, in order.
    async fn years(&self) -> Vec<PlanWindowYear> {
        self.0.years.iter().copied().map(PlanWindowYear).collect()
    }
    /// Known 14th-FYP investment that no year could take.
    async fn unallocated(&self) -> UnallocatedInvestment {
        UnallocatedInvestment(self.0.unallocated)
    }
}

/// How serious a data-quality finding is.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "service::finance::Severity")]
pub enum DataQualitySeverity {
    /// The figures contradict each other; a sum that includes them is wrong somewhere.
    Error,
    /// The figures are possible but doubtful; worth a look.
    Warning,
    /// Something is not known yet; sums report it as unknown, never as zero.
    Info,
}

/// A data-quality rule, by stable id. Rules are added over time; none is renamed.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "service::finance::Rule")]
pub enum DataQualityRule {
    /// ERROR: 14th-FYP investment is above the total investment.
    FypAboveTotal,
    /// ERROR: the construction period ends before it starts.
    PeriodEndsBeforeStart,
    /// ERROR: the construction period lies wholly outside the window of the plan the project is
    /// listed in, yet its in-window (14th-FYP for the 14th plan's lists) investment is above zero.
    FypOutsideWindow,
    /// WARNING: the latest progress report's completed investment is above the total investment.
    CompletedAboveTotal,
    /// WARNING: the construction period extends beyond the window of the plan the project is
    /// listed in, yet all of the total investment is planned inside it.
    FypEqualsTotalBeyondWindow,
    /// INFO: the total investment is unknown (待定).
    TotalUnknown,
    /// INFO: the 14th-FYP investment is unknown (待定).
    FypUnknown,
    /// INFO: the start or end year is unknown.
    PeriodUnknown,
    /// ERROR: a project listed in several plans (carried from one plan's list into the next):
    /// the in-window investments of its listings add up to more than its total investment (its
    /// latest listing's).
    WindowsAboveTotal,
}

/// One project breaking one data-quality rule.
pub struct DataQualityFinding(pub quality::Finding);

/// One project breaking one data-quality rule.
#[Object]
impl DataQualityFinding {
    /// The rule broken.
    async fn rule(&self) -> DataQualityRule {
        self.0.rule.into()
    }
    /// How serious it is.
    async fn severity(&self) -> DataQualitySeverity {
        self.0.severity.into()
    }
    /// What is wrong, with the figures involved (English; amounts in 万元).
    async fn message(&self) -> &str {
        &self.0.message
    }
    /// The project's stable key, e.g. `DONGTOU-GREEN-08`.
    async fn project_key(&self) -> &str {
        &self.0.project_key
    }
    /// The project's name.
    async fn project_name(&self) -> &str {
        &self.0.project_name
    }
    /// The project.
    async fn project(&self, ctx: &Context<'_>) -> Result<Project> {
        load_project(ctx, self.0.project_id).await
    }
}

/// Finance questions: totals and breakdowns, the plan-window view, data quality.
#[derive(Default)]
pub struct FinanceQuery;

#[Object]
impl FinanceQuery {
    /// Exact investment figures of the projects `filter` chooses, as a whole and grouped by any
    /// combination of dimensions, computed in SQL. Unknown (待定) amounts are never summed as
    /// zero: each sum gives its known part and how many were unknown. The unfiltered breakdowns by
    /// list, category and status are read from aggregates maintained with every write; the
    /// figures are the same.
    async fn investment_summary(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which projects to sum; all (not archived) when omitted.")] filter: Option<
            ProjectFilter,
        >,
        #[graphql(desc = "Dimensions to group by, in any combination and order; none: one group.")]
        group_by: Option<Vec<InvestmentDimension>>,
        #[graphql(
            desc = "A past moment (RFC 3339): sum the projects as they were then, rebuilt from the change log, and the progress reports filed by then."
        )]
        as_of: Option<chrono::DateTime<chrono::Utc>>,
    ) -> Result<InvestmentSummary> {
        let db = ctx.data::<DatabaseConnection>()?;
        let filter: service::project_search::ProjectFilter = filter.unwrap_or_default().into();
        let dimensions: Vec<finance::Dimension> = group_by
            .unwrap_or_default()
            .into_iter()
            .map(Into::into)
            .collect();
        // Only what the query selects is computed.
        let look = ctx.look_ahead();
        let asks = |field: &str| {
            look.field("total").field(field).exists() || look.field("groups").field(field).exists()
        };
        let parts = finance::SummaryParts {
            share: asks("fypShare"),
            completed: asks("completedInvestment") || asks("executionRate"),
        };
        let principal = crate::auth::principal(ctx).await?;
        let summary = match as_of {
            Some(at) => {
                finance::summary::investment_summary_as_of(
                    db,
                    principal,
                    &filter,
                    &dimensions,
                    parts,
                    at,
                )
                .await
            }
            None => {
                // The groups' lists and categories from the kept copy, when the request has one.
                let kept = match ctx.data::<Auth>() {
                    Ok(auth) => auth
                        .catalog()
                        .await
                        .transpose()
                        .map_err(crate::loaders::load_error)?,
                    Err(_) => None,
                };
                finance::investment_summary(
                    db,
                    principal,
                    &filter,
                    &dimensions,
                    parts,
                    kept.as_deref().map(CatalogCopy::catalog),
                )
                .await
            }
        }
        .map_err(to_gql)?;
        let counted_once = if as_of.is_none() && look.field("countedOnce").exists() {
            Some(
                service::finance::across_plans::counted_once(
                    db,
                    &filter,
                    summary.total.project_count,
                    summary.total.total_investment,
                )
                .await
                .map_err(to_gql)?,
            )
        } else {
            None
        };
        Ok(InvestmentSummary(summary, counted_once))
    }

    /// The projects `filter` chooses, year by year over their plans' windows: projects under way
    /// and in-window investment spread evenly over each project's years inside its plan's
    /// window, exactly (the method is described on `PlanWindowView`).
    async fn plan_window(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which projects to include; all (not archived) when omitted.")]
        filter: Option<ProjectFilter>,
    ) -> Result<PlanWindowView> {
        let db = ctx.data::<DatabaseConnection>()?;
        let filter: service::project_search::ProjectFilter = filter.unwrap_or_default().into();
        let principal = crate::auth::principal(ctx).await?;
        let view = finance::plan_window_view(db, principal, &filter)
            .await
            .map_err(to_gql)?;
        Ok(PlanWindowView(view))
    }

    /// Data-quality findings over the projects `filter` chooses: every breach of the chosen rules,
    /// errors first, then warnings, then information; within a severity by rule, then in the
    /// document's order.
    async fn data_quality(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which projects to check; all (not archived) when omitted.")]
        filter: Option<ProjectFilter>,
        #[graphql(desc = "Rules to check; every rule when omitted.")] rules: Option<
            Vec<DataQualityRule>,
        >,
    ) -> Result<Vec<DataQualityFinding>> {
        let db = ctx.data::<DatabaseConnection>()?;
        let filter: service::project_search::ProjectFilter = filter.unwrap_or_default().into();
        let rules: Option<Vec<finance::Rule>> =
            rules.map(|r| r.into_iter().map(Into::into).collect());
        let principal = crate::auth::principal(ctx).await?;
        let findings = finance::data_quality(db, principal, &filter, rules.as_deref())
            .await
            .map_err(to_gql)?;
        Ok(findings.into_iter().map(DataQualityFinding).collect())
    }
}
