//! Projects and their phases.

use async_graphql::connection::Connection;
use async_graphql::{Context, ID, Object, Result};
use chrono::{DateTime, Utc};
use service::audit::ChangeEntry;
use service::phase as project_phase;
use service::progress;
use service::project;

use super::{AnnualPlan, MonthlyReturn, ScheduleWarning};
use super::{Category, ChangeLogEntry, ProgressReport, ProjectList, catalog::load_list};
use super::{Problem, ProblemStatus, ProjectStatus, dec};
use crate::ids::{Cursor, Kind, global_id};
use crate::loaders::{Loaders, load_error};
use crate::scalars::Decimal;
use service::reporting::annual_plan as plans;
use service::reporting::monthly_return;
use service::reporting::period::Period;

/// A major project of a list.
pub struct Project(pub project::Project);

impl Project {
    async fn listings_loaded(&self, ctx: &Context<'_>) -> Result<Vec<project::Project>> {
        Ok(ctx
            .data::<Loaders>()?
            .listings
            .load_one(self.0.physical_id)
            .await
            .map_err(load_error)?
            .unwrap_or_default())
    }

    async fn annual_plans_loaded(&self, ctx: &Context<'_>) -> Result<Vec<plans::AnnualPlan>> {
        Ok(ctx
            .data::<Loaders>()?
            .annual_plans_of_project
            .load_one(self.0.physical_id)
            .await
            .map_err(load_error)?
            .unwrap_or_default())
    }

    async fn monthly_returns_loaded(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Vec<monthly_return::MonthlyReturn>> {
        Ok(ctx
            .data::<Loaders>()?
            .monthly_returns_of_project
            .load_one(self.0.physical_id)
            .await
            .map_err(load_error)?
            .unwrap_or_default())
    }
}

/// A major project of a list, with the figures the document prints for it.
#[Object]
impl Project {
    /// Opaque global id.
    pub(crate) async fn id(&self) -> ID {
        global_id(Kind::Project, self.0.id)
    }
    /// Stable human key `<LIST>-<CATEGORY>-<seq>`, e.g. `DONGTOU-GREEN-08`; never changes.
    async fn key(&self) -> &str {
        &self.0.key
    }
    /// Sequence number within its category (序号).
    async fn seq(&self) -> i32 {
        self.0.seq
    }
    /// Name as printed (Chinese).
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Construction scope and scale (建设内容和规模) as printed.
    async fn scope(&self) -> &str {
        &self.0.scope
    }
    /// First year of construction, or null when unknown (待定).
    async fn start_year(&self) -> Option<i32> {
        self.0.start_year
    }
    /// Last year of construction, or null when unknown (待定).
    async fn end_year(&self) -> Option<i32> {
        self.0.end_year
    }
    /// Total investment in 万元, or null when unknown (待定); never 0 for unknown.
    async fn total_investment(&self) -> Option<Decimal> {
        dec(self.0.total_investment)
    }
    /// Investment planned inside the window of the plan this listing belongs to, in 万元 (for
    /// the 14th FYP's lists: inside 2021-2025), or null when unknown (待定). A project carried
    /// into a later plan has each window's figure on that plan's listing (`listings`).
    async fn fyp_investment(&self) -> Option<Decimal> {
        dec(self.0.fyp_investment)
    }
    /// `fypInvestment / totalInvestment`, rounded half away from zero to 10 decimal places; null
    /// when either is unknown or the total is 0.
    async fn fyp_share(&self) -> Option<Decimal> {
        dec(self.0.fyp_share())
    }
    /// Lifecycle status.
    async fn status(&self) -> ProjectStatus {
        self.0.status.into()
    }
    /// Version for optimistic concurrency: +1 with every committed change.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// Island, port area or industrial zone where the project is, when the document names one.
    async fn location(&self) -> Option<&str> {
        self.0.location.as_deref()
    }
    /// Land area in 亩 (about 666.7 m²), when the document states one.
    async fn land_area_mu(&self) -> Option<Decimal> {
        dec(self.0.land_area_mu)
    }
    /// Responsible unit, when known.
    async fn responsible_unit(&self) -> Option<&str> {
        self.0.responsible_unit.as_deref()
    }
    /// Where in the source document the project's row is (appendix, category, row, line).
    async fn source(&self) -> Option<&str> {
        self.0.source.as_deref()
    }
    /// When the project was recorded (RFC 3339).
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When the project last changed (RFC 3339).
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// When the project was archived (RFC 3339); null while it is current. Archived projects are
    /// kept and can be fetched by key or id, but no set or sum includes them.
    async fn archived_at(&self) -> Option<DateTime<Utc>> {
        self.0.archived_at
    }
    /// The category the project belongs to.
    async fn category(&self, ctx: &Context<'_>) -> Result<Category> {
        ctx.data::<Loaders>()?
            .categories
            .load_one(self.0.category_id)
            .await
            .map_err(load_error)?
            .map(Category)
            .ok_or_else(crate::error::internal)
    }
    /// The list the project belongs to.
    async fn list(&self, ctx: &Context<'_>) -> Result<ProjectList> {
        load_list(ctx, self.0.list_id).await
    }
    /// Every listing of this physical project, first plan first, this one included: a project
    /// carried from one plan's list into the next is one project to its manager (one status,
    /// one history of reports, returns, problems and changes, reported once), while each
    /// listing keeps its own plan, list, category, key, sequence number, declared figures,
    /// in-window investment and source. A project listed once has one listing: itself.
    async fn listings(&self, ctx: &Context<'_>) -> Result<Vec<Project>> {
        Ok(self
            .listings_loaded(ctx)
            .await?
            .into_iter()
            .map(Project)
            .collect())
    }
    /// The listing of an earlier plan this one carries on (named by the imported row's
    /// 原项目编号), or null when this is the project's first listing.
    async fn carried_from(&self, ctx: &Context<'_>) -> Result<Option<Project>> {
        let Some(id) = self.0.carried_from_id else {
            return Ok(None);
        };
        Ok(self
            .listings_loaded(ctx)
            .await?
            .into_iter()
            .find(|p| p.id == id)
            .map(Project))
    }
    /// The listing of a later plan that carries this one on, or null when none does.
    async fn carried_into(&self, ctx: &Context<'_>) -> Result<Option<Project>> {
        Ok(self
            .listings_loaded(ctx)
            .await?
            .into_iter()
            .find(|p| p.carried_from_id == Some(self.0.id))
            .map(Project))
    }
    /// The project's phases (一期、二期、…) as the document states them; empty when it states none.
    async fn phases(&self, ctx: &Context<'_>) -> Result<Vec<Phase>> {
        let phases = ctx
            .data::<Loaders>()?
            .phases_of_project
            .load_one(self.0.id)
            .await
            .map_err(load_error)?
            .unwrap_or_default();
        Ok(phases.into_iter().map(Phase).collect())
    }
    /// The phases as a connection, in phase order.
    #[graphql(complexity = "service::paging::connection_cost(first, last, child_complexity)")]
    async fn phase_connection(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Return at most this many phases from the start (at most 100).")]
        first: Option<i32>,
        #[graphql(desc = "Return only phases after this cursor.")] after: Option<String>,
        #[graphql(desc = "Return at most this many phases from the end (at most 100).")]
        last: Option<i32>,
        #[graphql(desc = "Return only phases before this cursor.")] before: Option<String>,
    ) -> Result<Connection<Cursor, Phase>> {
        let phases = ctx
            .data::<Loaders>()?
            .phases_of_project
            .load_one(self.0.id)
            .await
            .map_err(load_error)?
            .unwrap_or_default();
        crate::connection::loaded_connection(
            phases,
            (after, before, first, last),
            |p: &project_phase::Phase| p.id,
            Phase,
        )
        .await
    }
    /// The project's plan for `year` (年度计划), or null when none is set: a project without
    /// one is not monitored that year.
    async fn annual_plan(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The calendar year.")] year: i32,
    ) -> Result<Option<AnnualPlan>> {
        Ok(self
            .annual_plans_loaded(ctx)
            .await?
            .into_iter()
            .find(|p| p.year == year)
            .map(AnnualPlan))
    }
    /// Every annual plan of the project, oldest year first.
    async fn annual_plans(&self, ctx: &Context<'_>) -> Result<Vec<AnnualPlan>> {
        Ok(self
            .annual_plans_loaded(ctx)
            .await?
            .into_iter()
            .map(AnnualPlan)
            .collect())
    }
    /// Monthly returns, newest month first; a month's corrections (newest first) before its
    /// original return.
    #[graphql(complexity = "service::paging::connection_cost(first, last, child_complexity)")]
    async fn monthly_returns(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Return at most this many returns from the newest (at most 100).")]
        first: Option<i32>,
        #[graphql(desc = "Return only returns after this cursor.")] after: Option<String>,
        #[graphql(desc = "Return at most this many returns from the oldest (at most 100).")]
        last: Option<i32>,
        #[graphql(desc = "Return only returns before this cursor.")] before: Option<String>,
    ) -> Result<Connection<Cursor, MonthlyReturn>> {
        let returns = self.monthly_returns_loaded(ctx).await?;
        crate::connection::loaded_connection(
            returns,
            (after, before, first, last),
            |r: &monthly_return::MonthlyReturn| r.id,
            MonthlyReturn,
        )
        .await
    }
    /// The month's newest return (a correction once one is filed), or null when none was
    /// filed; `monthlyReturns` lists every revision.
    async fn monthly_return(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The month, `YYYY-MM`.")] period: String,
    ) -> Result<Option<MonthlyReturn>> {
        let period = Period::parse(&period, "period").map_err(crate::error::to_gql)?;
        let text = period.to_string();
        Ok(self
            .monthly_returns_loaded(ctx)
            .await?
            .into_iter()
            .find(|r| r.period == text)
            .map(MonthlyReturn))
    }
    /// The project's schedule light for a month, judged at the month's end by `warningRules`;
    /// `NOT_APPLICABLE` with the reason when the project has no annual plan for the year or a
    /// figure is unknown.
    async fn warning(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The month, `YYYY-MM`.")] period: String,
        #[graphql(
            desc = "A past moment (RFC 3339): the light as it stood then, from the plans, returns and rules of that moment."
        )]
        as_of: Option<DateTime<Utc>>,
    ) -> Result<Option<ScheduleWarning>> {
        let period = Period::parse(&period, "period").map_err(crate::error::to_gql)?;
        Ok(ctx
            .data::<Loaders>()?
            .warnings
            .load_one((self.0.physical_id, period, as_of))
            .await
            .map_err(load_error)?
            .map(ScheduleWarning))
    }
    /// The most recent progress report, or null when none was filed.
    async fn latest_progress_report(&self, ctx: &Context<'_>) -> Result<Option<ProgressReport>> {
        Ok(ctx
            .data::<Loaders>()?
            .latest_report
            .load_one(self.0.physical_id)
            .await
            .map_err(load_error)?
            .map(ProgressReport))
    }
    /// Progress reports, newest first.
    #[graphql(complexity = "service::paging::connection_cost(first, last, child_complexity)")]
    async fn progress_reports(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Return at most this many reports from the newest (at most 100).")]
        first: Option<i32>,
        #[graphql(desc = "Return only reports older than this cursor.")] after: Option<String>,
        #[graphql(desc = "Return at most this many reports from the oldest (at most 100).")]
        last: Option<i32>,
        #[graphql(desc = "Return only reports newer than this cursor.")] before: Option<String>,
    ) -> Result<Connection<Cursor, ProgressReport>> {
        crate::connection::record_connection(
            ctx,
            |l| &l.report_pages,
            self.0.physical_id,
            (after, before, first, last),
            |r: &progress::ProgressReport| r.id,
            ProgressReport,
        )
        .await
    }
    /// Recorded changes to the project and its phases, newest first.
    #[graphql(complexity = "service::paging::connection_cost(first, last, child_complexity)")]
    async fn history(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Return at most this many entries from the newest (at most 100).")]
        first: Option<i32>,
        #[graphql(desc = "Return only entries older than this cursor.")] after: Option<String>,
        #[graphql(desc = "Return at most this many entries from the oldest (at most 100).")]
        last: Option<i32>,
        #[graphql(desc = "Return only entries newer than this cursor.")] before: Option<String>,
    ) -> Result<Connection<Cursor, ChangeLogEntry>> {
        crate::connection::record_connection(
            ctx,
            |l| &l.history_pages,
            self.0.physical_id,
            (after, before, first, last),
            |c: &ChangeEntry| c.id,
            ChangeLogEntry,
        )
        .await
    }
    /// The problems registered against the project, oldest first; only those in `status` when
    /// given.
    async fn problems(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only problems in this status (`OPEN` for what still holds it back).")]
        status: Option<ProblemStatus>,
    ) -> Result<Vec<Problem>> {
        let problems = ctx
            .data::<Loaders>()?
            .problems_of_project
            .load_one(self.0.physical_id)
            .await
            .map_err(load_error)?
            .unwrap_or_default();
        let wanted = status.map(service::reporting::problem::ProblemStatus::from);
        Ok(problems
            .into_iter()
            .filter(|p| wanted.is_none_or(|s| p.status == s))
            .map(Problem)
            .collect())
    }
}

/// Loads a project by id through the request's loader.
pub async fn load_project(ctx: &Context<'_>, id: i32) -> Result<Project> {
    ctx.data::<Loaders>()?
        .projects
        .load_one(id)
        .await
        .map_err(load_error)?
        .map(Project)
        .ok_or_else(crate::error::internal)
}

/// A phase of a project (一期、二期、…).
pub struct Phase(pub project_phase::Phase);

/// A phase of a project (一期、二期、…).
#[Object]
impl Phase {
    /// Opaque global id.
    pub(crate) async fn id(&self) -> ID {
        global_id(Kind::Phase, self.0.id)
    }
    /// The project the phase belongs to.
    async fn project(&self, ctx: &Context<'_>) -> Result<Project> {
        load_project(ctx, self.0.project_id).await
    }
    /// Phase number (一期 = 1).
    async fn ordinal(&self) -> i32 {
        self.0.ordinal
    }
    /// Name as printed, e.g. `一期`.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// What the phase builds, as printed.
    async fn scope(&self) -> &str {
        &self.0.scope
    }
    /// First year, or null when not stated.
    async fn start_year(&self) -> Option<i32> {
        self.0.start_year
    }
    /// Last year, or null when not stated.
    async fn end_year(&self) -> Option<i32> {
        self.0.end_year
    }
    /// Total investment of the phase in 万元, or null when not stated.
    async fn total_investment(&self) -> Option<Decimal> {
        dec(self.0.total_investment)
    }
    /// 14th-FYP investment of the phase in 万元, or null when not stated.
    async fn fyp_investment(&self) -> Option<Decimal> {
        dec(self.0.fyp_investment)
    }
    /// Where in the source document the phase is described.
    async fn source(&self) -> Option<&str> {
        self.0.source.as_deref()
    }
    /// Version for optimistic concurrency.
    async fn version(&self) -> i32 {
        self.0.version
    }
}
