//! The close-out of a plan at the end of its window.

use async_graphql::{Context, Object, Result};
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;
use service::finance::close_out as co;

use crate::auth::principal;
use crate::error::to_gql;
use crate::finance::AmountSum;
use crate::loaders::{Loaders, load_error};
use crate::scalars::Decimal;
use crate::types::{Category, Plan, Project, ProjectList, ProjectStatus, load_project};

/// Queries of the close-out.
#[derive(Default)]
pub struct CloseOutQuery;

#[Object]
impl CloseOutQuery {
    /// The close-out of a plan: per list and category, the in-window investment its lists plan
    /// against what the progress reports say was completed inside the window, where the listed
    /// projects stood at the window's end, and which were carried into a later plan. For a
    /// window that has not closed, the figures are today's (`windowClosed: false`).
    async fn plan_close_out(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The plan's code, e.g. `DONGTOU-14FYP`.")] plan_code: String,
    ) -> Result<PlanCloseOut> {
        let db = ctx.data::<DatabaseConnection>()?;
        let out = co::plan_close_out(db, principal(ctx).await?, &plan_code)
            .await
            .map_err(to_gql)?;
        Ok(PlanCloseOut(out))
    }
}

/// A plan's close-out.
pub struct PlanCloseOut(co::PlanCloseOut);

/// A plan's close-out: its window's investment planned against completed, and where its
/// projects stood when the window closed.
///
/// Completed inside the window, per listing: the cumulative completed investment of the latest
/// progress report dated by the window's last day, less that of the latest dated before its
/// first day (0 for a project starting inside the window); a listing lacking either side is
/// counted in `unknownCount`, never as 0. The reports are the physical project's, whichever plan
/// lists it. The status at the window's end is that of the latest report dated by then, else
/// the project as the change log had it then; a project recorded after the window closed with no
/// such report is not started while still `PLANNED`, else counted as unknown.
#[Object]
impl PlanCloseOut {
    /// The plan.
    async fn plan(&self, ctx: &Context<'_>) -> Result<Plan> {
        ctx.data::<Loaders>()?
            .plans
            .load_one(self.0.plan_id)
            .await
            .map_err(load_error)?
            .map(Plan)
            .ok_or_else(crate::error::internal)
    }
    /// First year of the window.
    async fn window_start(&self) -> i32 {
        self.0.window_start
    }
    /// Last year of the window.
    async fn window_end(&self) -> i32 {
        self.0.window_end
    }
    /// Whether the window has closed; when not, the figures are today's.
    async fn window_closed(&self) -> bool {
        self.0.window_closed
    }
    /// The moment statuses are taken at: the window's end (midnight Beijing time after its last
    /// day), or now while the window is open.
    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }
    /// The whole plan.
    async fn total(&self) -> CloseOutFigures {
        CloseOutFigures(self.0.total)
    }
    /// Per list, in the plan's order, each with its categories.
    async fn lists(&self) -> Vec<CloseOutList> {
        self.0.lists.iter().cloned().map(CloseOutList).collect()
    }
    /// Every listing of the plan, in the document's order.
    async fn listings(&self) -> Vec<CloseOutListing> {
        self.0
            .listings
            .iter()
            .cloned()
            .map(CloseOutListing)
            .collect()
    }
}

/// A list's close-out.
pub struct CloseOutList(co::ListCloseOut);

/// A list's close-out.
#[Object]
impl CloseOutList {
    /// The list.
    async fn list(&self, ctx: &Context<'_>) -> Result<ProjectList> {
        ctx.data::<Loaders>()?
            .lists
            .load_one(self.0.list_id)
            .await
            .map_err(load_error)?
            .map(ProjectList)
            .ok_or_else(crate::error::internal)
    }
    /// Its figures.
    async fn figures(&self) -> CloseOutFigures {
        CloseOutFigures(self.0.figures)
    }
    /// Per category with at least one listing, in the list's order.
    async fn categories(&self) -> Vec<CloseOutCategory> {
        self.0
            .categories
            .iter()
            .cloned()
            .map(CloseOutCategory)
            .collect()
    }
}

/// A category's close-out.
pub struct CloseOutCategory(co::CategoryCloseOut);

/// A category's close-out.
#[Object]
impl CloseOutCategory {
    /// The category.
    async fn category(&self, ctx: &Context<'_>) -> Result<Category> {
        ctx.data::<Loaders>()?
            .categories
            .load_one(self.0.category_id)
            .await
            .map_err(load_error)?
            .map(Category)
            .ok_or_else(crate::error::internal)
    }
    /// Its figures.
    async fn figures(&self) -> CloseOutFigures {
        CloseOutFigures(self.0.figures)
    }
}

/// Close-out figures of a set of listings.
pub struct CloseOutFigures(co::CloseOutFigures);

/// Close-out figures of a set of listings.
#[Object]
impl CloseOutFigures {
    /// Listings (not archived).
    async fn project_count(&self) -> i64 {
        self.0.project_count
    }
    /// The in-window investment the plan lists (for the 14th plan: its 14th-FYP investment):
    /// exact known sum and number unknown.
    async fn planned_investment(&self) -> AmountSum {
        AmountSum(self.0.planned)
    }
    /// Completed inside the window: exact known sum, and in `unknownCount` the listings lacking
    /// the cumulative figure at the window's start or end.
    async fn completed_in_window(&self) -> AmountSum {
        AmountSum(self.0.completed)
    }
    /// Listings with no cumulative figure before the window (and starting before it).
    async fn lacking_start_count(&self) -> i64 {
        self.0.lacking_start
    }
    /// Listings with no progress report dated by the window's end.
    async fn lacking_end_count(&self) -> i64 {
        self.0.lacking_end
    }
    /// Completed inside the window over planned, over the listings with both known, with the
    /// basis it rests on.
    async fn completion_rate(&self) -> CloseOutRate {
        CloseOutRate(self.0)
    }
    /// Completed at the window's end.
    async fn completed_count(&self) -> i64 {
        self.0.standing.completed
    }
    /// Under construction at the window's end.
    async fn under_construction_count(&self) -> i64 {
        self.0.standing.under_construction
    }
    /// Not started (`PLANNED`) at the window's end.
    async fn not_started_count(&self) -> i64 {
        self.0.standing.not_started
    }
    /// On hold at the window's end.
    async fn on_hold_count(&self) -> i64 {
        self.0.standing.on_hold
    }
    /// Cancelled by the window's end.
    async fn cancelled_count(&self) -> i64 {
        self.0.standing.cancelled
    }
    /// Where the listing stood at the window's end is not known (recorded after it closed, no
    /// report dated by then, and no longer `PLANNED`).
    async fn status_unknown_count(&self) -> i64 {
        self.0.standing.unknown
    }
    /// Listings carried into a later plan's list.
    async fn carried_into_later_plan_count(&self) -> i64 {
        self.0.carried_into_later_plan
    }
}

/// A completion rate with the basis it rests on.
pub struct CloseOutRate(co::CloseOutFigures);

/// Completed inside the window over the in-window investment planned, over the listings where
/// both are known.
#[Object]
impl CloseOutRate {
    /// The rate, rounded half away from zero to 10 decimal places; null when the basis plans
    /// nothing (no listing with both figures, or they plan 0).
    async fn value(&self) -> Option<Decimal> {
        self.0.completion_rate().map(Decimal)
    }
    /// Listings the rate rests on.
    async fn basis_count(&self) -> i64 {
        self.0.rate_basis_count
    }
    /// Their in-window investment planned (万元).
    async fn planned_investment(&self) -> Decimal {
        Decimal(self.0.rate_planned)
    }
    /// Their investment completed inside the window (万元).
    async fn completed_investment(&self) -> Decimal {
        Decimal(self.0.rate_completed)
    }
}

/// One listing at close-out.
pub struct CloseOutListing(co::ListingCloseOut);

/// One listing of the plan at close-out.
#[Object]
impl CloseOutListing {
    /// The listing.
    async fn project(&self, ctx: &Context<'_>) -> Result<Project> {
        load_project(ctx, self.0.project_id).await
    }
    /// Its key.
    async fn key(&self) -> &str {
        &self.0.key
    }
    /// In-window investment listed (万元); null when unknown (待定).
    async fn planned_investment(&self) -> Option<Decimal> {
        self.0.planned.map(Decimal)
    }
    /// Cumulative completed investment before the window (万元); null when unknown.
    async fn cumulative_at_start(&self) -> Option<Decimal> {
        self.0.cumulative_at_start.map(Decimal)
    }
    /// Cumulative completed investment at the window's end (万元); null when no report is
    /// dated by then.
    async fn cumulative_at_end(&self) -> Option<Decimal> {
        self.0.cumulative_at_end.map(Decimal)
    }
    /// Completed inside the window (万元); null when either side is unknown.
    async fn completed_in_window(&self) -> Option<Decimal> {
        self.0.completed_in_window.map(Decimal)
    }
    /// Status at the window's end; null when not known.
    async fn status_at_end(&self) -> Option<ProjectStatus> {
        self.0.status_at_end.map(Into::into)
    }
    /// The later plan's listing that carries it on, or null.
    async fn carried_into(&self, ctx: &Context<'_>) -> Result<Option<Project>> {
        match &self.0.carried_into {
            Some((id, _)) => Ok(Some(load_project(ctx, *id).await?)),
            None => Ok(None),
        }
    }
}
