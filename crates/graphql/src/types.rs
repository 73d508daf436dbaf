//! GraphQL object types, built from the service layer's values.

use async_graphql::connection::Connection;
use async_graphql::{Context, Enum, ID, Interface, Object, Result};
use chrono::{DateTime, NaiveDate, Utc};
use service::audit::ChangeEntry;
use service::catalog;
use service::finance::{self, ReconciliationStatus as Status};
use service::phase as project_phase;
use service::progress;
use service::project;

use crate::ids::{Cursor, Kind, global_id};
use crate::loaders::{Loaders, load_error};
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
}

fn dec(value: Option<rust_decimal::Decimal>) -> Option<Decimal> {
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

/// A project list published by the plan (one of its appendices), e.g. `DONGTOU` (Appendix 2).
pub struct ProjectList(pub catalog::ProjectList);

/// A project list published by the plan (one of its appendices), e.g. `DONGTOU` (Appendix 2).
#[Object]
impl ProjectList {
    /// Opaque global id.
    async fn id(&self) -> ID {
        global_id(Kind::ProjectList, self.0.id)
    }
    /// Stable code, e.g. `DONGTOU` or `OUJIANG`.
    async fn code(&self) -> &str {
        &self.0.code
    }
    /// Position among the plan's lists.
    async fn ordinal(&self) -> i32 {
        self.0.ordinal
    }
    /// The appendix the list is printed as, e.g. `附件2`.
    async fn appendix(&self) -> Option<&str> {
        self.0.appendix.as_deref()
    }
    /// Title as printed (Chinese).
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// English title.
    async fn title_en(&self) -> &str {
        &self.0.title_en
    }
    /// Unit of the printed amounts; every amount of this API is in 万元 (10,000 CNY).
    async fn unit(&self) -> &str {
        &self.0.unit
    }
    /// Grand total investment the list declares (万元), or null when it declares none.
    async fn declared_total_investment(&self) -> Option<Decimal> {
        dec(self.0.declared_total_investment)
    }
    /// Grand total 14th-FYP investment the list declares (万元), or null when it declares none.
    async fn declared_fyp_investment(&self) -> Option<Decimal> {
        dec(self.0.declared_fyp_investment)
    }
    /// Remark printed with the list, e.g. that project details are still to be confirmed.
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    /// Where in the source document the list's figures come from.
    async fn source(&self) -> Option<&str> {
        self.0.source.as_deref()
    }
    /// The list's categories in the printed order (一、二、…).
    async fn categories(&self, ctx: &Context<'_>) -> Result<Vec<Category>> {
        let loaders = ctx.data::<Loaders>()?;
        let categories = loaders
            .categories_of_list
            .load_one(self.0.id)
            .await
            .map_err(load_error)?
            .unwrap_or_default();
        Ok(categories.into_iter().map(Category).collect())
    }
}

/// A category of a project list, with the count and subtotals its heading declares.
pub struct Category(pub catalog::Category);

/// A category of a project list, with the count and subtotals its heading declares.
#[Object]
impl Category {
    /// Opaque global id.
    async fn id(&self) -> ID {
        global_id(Kind::Category, self.0.id)
    }
    /// Stable code, unique within the list, e.g. `GREEN`.
    async fn code(&self) -> &str {
        &self.0.code
    }
    /// Position within the list (一 = 1).
    async fn ordinal(&self) -> i32 {
        self.0.ordinal
    }
    /// The heading as printed, e.g. `二、绿色产业项目（10项）`.
    async fn heading(&self) -> &str {
        &self.0.heading
    }
    /// Chinese name.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// English name.
    async fn name_en(&self) -> &str {
        &self.0.name_en
    }
    /// Number of projects the heading declares, or null when it declares none.
    async fn declared_project_count(&self) -> Option<i32> {
        self.0.declared_project_count
    }
    /// Subtotal of total investment the heading row declares (万元), or null.
    async fn declared_total_investment(&self) -> Option<Decimal> {
        dec(self.0.declared_total_investment)
    }
    /// Subtotal of 14th-FYP investment the heading row declares (万元), or null.
    async fn declared_fyp_investment(&self) -> Option<Decimal> {
        dec(self.0.declared_fyp_investment)
    }
    /// Whether the heading marks the category as confirmed (已确定).
    async fn confirmed(&self) -> bool {
        self.0.confirmed
    }
    /// Where in the source document the category's figures come from.
    async fn source(&self) -> Option<&str> {
        self.0.source.as_deref()
    }
    /// The list the category belongs to.
    async fn list(&self, ctx: &Context<'_>) -> Result<ProjectList> {
        load_list(ctx, self.0.list_id).await
    }
}

async fn load_list(ctx: &Context<'_>, id: i32) -> Result<ProjectList> {
    ctx.data::<Loaders>()?
        .lists
        .load_one(id)
        .await
        .map_err(load_error)?
        .map(ProjectList)
        .ok_or_else(crate::error::internal)
}

/// A major project of a list.
pub struct Project(pub project::Project);

/// A major project of a list, with the figures the document prints for it.
#[Object]
impl Project {
    /// Opaque global id.
    async fn id(&self) -> ID {
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
    /// Investment planned inside 2021-2025 (the 14th FYP) in 万元, or null when unknown (待定).
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
    /// The most recent progress report, or null when none was filed.
    async fn latest_progress_report(&self, ctx: &Context<'_>) -> Result<Option<ProgressReport>> {
        Ok(ctx
            .data::<Loaders>()?
            .latest_report
            .load_one(self.0.id)
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
            self.0.id,
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
            self.0.id,
            (after, before, first, last),
            |c: &ChangeEntry| c.id,
            ChangeLogEntry,
        )
        .await
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

/// A progress report filed by a project manager; reports are never edited or deleted.
pub struct ProgressReport(pub progress::ProgressReport);

/// A progress report filed by a project manager; reports are never edited or deleted.
#[Object]
impl ProgressReport {
    /// Opaque global id.
    async fn id(&self) -> ID {
        global_id(Kind::ProgressReport, self.0.id)
    }
    /// The date the report speaks for.
    async fn reported_on(&self) -> NaiveDate {
        self.0.reported_on
    }
    /// Who filed it.
    async fn reported_by(&self) -> &str {
        &self.0.reported_by
    }
    /// The status reported.
    async fn status(&self) -> ProjectStatus {
        self.0.status.into()
    }
    /// Percent complete, 0 to 100.
    async fn percent_complete(&self) -> Decimal {
        Decimal(self.0.percent_complete)
    }
    /// Cumulative investment completed so far, in 万元.
    async fn completed_investment(&self) -> Decimal {
        Decimal(self.0.completed_investment)
    }
    /// Free-text note.
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    /// When the report was recorded (RFC 3339).
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// The project reported on.
    async fn project(&self, ctx: &Context<'_>) -> Result<Project> {
        load_project(ctx, self.0.project_id).await
    }
}

/// One recorded change: who changed which field of which object, when, from what to what.
pub struct ChangeLogEntry(pub ChangeEntry);

/// One recorded change: who changed which field of which object, when, from what to what.
#[Object]
impl ChangeLogEntry {
    /// Opaque global id.
    async fn id(&self) -> ID {
        global_id(Kind::ChangeLogEntry, self.0.id)
    }
    /// When the change was committed (RFC 3339).
    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }
    /// Who made it: a token's name, or `seed` for the loaded plan.
    async fn actor(&self) -> &str {
        &self.0.actor
    }
    /// Kind of object changed: `project`, `phase`, …
    async fn entity_type(&self) -> &str {
        &self.0.entity_type
    }
    /// The field changed, or `created` when the object was created.
    async fn field(&self) -> &str {
        &self.0.field
    }
    /// The value before, as text; null when there was none or it was unknown.
    async fn old_value(&self) -> Option<&str> {
        self.0.old_value.as_deref()
    }
    /// The value after, as text; null when unknown.
    async fn new_value(&self) -> Option<&str> {
        self.0.new_value.as_deref()
    }
    /// The version the object reached with this change.
    async fn version(&self) -> Option<i32> {
        self.0.version
    }
    /// The id of the request that made the change.
    async fn request_id(&self) -> Option<&str> {
        self.0.request_id.as_deref()
    }
    /// The project concerned, if any.
    async fn project(&self, ctx: &Context<'_>) -> Result<Option<Project>> {
        match self.0.project_id {
            Some(id) => load_project(ctx, id).await.map(Some),
            None => Ok(None),
        }
    }
}

/// A phase of a project (一期、二期、…).
pub struct Phase(pub project_phase::Phase);

/// A phase of a project (一期、二期、…).
#[Object]
impl Phase {
    /// Opaque global id.
    async fn id(&self) -> ID {
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

/// How a row's declared figures compare with what its projects add up to.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReconciliationStatus {
    /// Every declared figure equals the computed one.
    Matches,
    /// At least one declared figure differs from the computed one.
    Differs,
    /// The document declares no figure for this row.
    NotDeclared,
}

impl From<Status> for ReconciliationStatus {
    fn from(s: Status) -> Self {
        match s {
            Status::Matches => Self::Matches,
            Status::Differs => Self::Differs,
            Status::NotDeclared => Self::NotDeclared,
        }
    }
}

/// Declared against computed figures for one list (`categoryCode` null) or one of its categories.
/// Computed sums add the known amounts; unknown (待定) amounts are counted, never added as zero.
pub struct ReconciliationRow(pub finance::ReconciliationRow);

/// Declared against computed figures for one list (`categoryCode` null) or one of its categories.
/// Computed sums add the known amounts; unknown (待定) amounts are counted, never added as zero.
/// Declared against computed figures for one list (`categoryCode` null) or one of its categories.
#[Object]
impl ReconciliationRow {
    /// The list's code.
    async fn list_code(&self) -> &str {
        &self.0.list.code
    }
    /// The category's code, or null for the row of the whole list.
    async fn category_code(&self) -> Option<&str> {
        self.0.category.as_ref().map(|c| c.code.as_str())
    }
    /// Project count the document declares, or null.
    async fn declared_count(&self) -> Option<i64> {
        self.0.declared_count
    }
    /// Number of projects held now (archived ones excluded).
    async fn computed_count(&self) -> i64 {
        self.0.computed.project_count
    }
    /// `declaredCount - computedCount`, or null when nothing is declared.
    async fn count_difference(&self) -> Option<i64> {
        self.0.count_difference()
    }
    /// Total investment the document declares (万元), or null.
    async fn declared_total_investment(&self) -> Option<Decimal> {
        dec(self.0.declared_total_investment)
    }
    /// Sum of the known total investments held now (万元).
    async fn computed_total_investment(&self) -> Decimal {
        Decimal(self.0.computed.total_investment.known)
    }
    /// Number of projects whose total investment is unknown and so not in the computed sum.
    async fn unknown_total_investment_count(&self) -> i64 {
        self.0.computed.total_investment.unknown_count
    }
    /// `declaredTotalInvestment - computedTotalInvestment`, or null when nothing is declared.
    async fn total_investment_difference(&self) -> Option<Decimal> {
        dec(self.0.total_investment_difference())
    }
    /// 14th-FYP investment the document declares (万元), or null.
    async fn declared_fyp_investment(&self) -> Option<Decimal> {
        dec(self.0.declared_fyp_investment)
    }
    /// Sum of the known 14th-FYP investments held now (万元).
    async fn computed_fyp_investment(&self) -> Decimal {
        Decimal(self.0.computed.fyp_investment.known)
    }
    /// Number of projects whose 14th-FYP investment is unknown and so not in the computed sum.
    async fn unknown_fyp_investment_count(&self) -> i64 {
        self.0.computed.fyp_investment.unknown_count
    }
    /// `declaredFypInvestment - computedFypInvestment`, or null when nothing is declared.
    async fn fyp_investment_difference(&self) -> Option<Decimal> {
        dec(self.0.fyp_investment_difference())
    }
    /// True when no declared figure differs from the computed one (also when nothing is
    /// declared; `status` tells the two apart).
    async fn matches(&self) -> bool {
        self.0.matches()
    }
    /// Whether the declared figures match, differ, or were not declared.
    async fn status(&self) -> ReconciliationStatus {
        self.0.status().into()
    }
}
