//! The root query.

use async_graphql::connection::{self, Connection, Edge, EmptyFields};
use async_graphql::{Context, ID, MergedObject, Object, Result};
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;
use service::{catalog, finance, project, project_search as q};

use crate::auth::principal;
use crate::error::to_gql;
use crate::ids::{Cursor, Kind, parse_global_id};
use crate::inputs::{ProjectFilter, ProjectOrder};
use crate::loaders::{Loaders, load_error};
use crate::types::{
    Category, ChangeLogEntry, Node, Phase, Plan, Problem, ProgressReport, Project, ProjectList,
    ReconciliationRow,
};

/// Fields of the project connection besides edges, nodes and page info.
pub struct ProjectConnectionFields {
    filter: q::ProjectFilter,
}

#[Object]
impl ProjectConnectionFields {
    /// Number of projects the filter chooses (all pages, not only this one).
    async fn total_count(&self, ctx: &Context<'_>) -> Result<u64> {
        let db = ctx.data::<DatabaseConnection>()?;
        let principal = principal(ctx).await?;
        q::count_projects(db, principal, &self.filter)
            .await
            .map_err(to_gql)
    }
}

/// A page of projects.
pub type ProjectConnection = Connection<Cursor, Project, ProjectConnectionFields, EmptyFields>;

/// Most ids `nodes(ids:)` takes at once.
pub const MAX_NODES: usize = 100;

/// The root query: every area's queries merged into one type.
#[derive(MergedObject, Default)]
pub struct Query(
    ReadQuery,
    crate::access::AccessQuery,
    crate::finance::FinanceQuery,
    crate::close_out::CloseOutQuery,
    crate::indicator::IndicatorQuery,
    crate::reporting::ReportingQuery,
    crate::problem::ProblemQuery,
);

/// Read access to lists, categories and projects.
#[derive(Default)]
pub struct ReadQuery;

#[Object]
impl ReadQuery {
    /// The plan's project lists (appendices) in printed order, with their categories.
    async fn project_lists(&self, ctx: &Context<'_>) -> Result<Vec<ProjectList>> {
        let db = ctx.data::<DatabaseConnection>()?;
        let principal = principal(ctx).await?;
        let lists = catalog::list_project_lists(db, principal)
            .await
            .map_err(to_gql)?;
        Ok(lists.into_iter().map(ProjectList).collect())
    }

    /// Projects chosen by `filter`, in `orderBy` order (the document's order by default), paged
    /// Relay-style with keyset cursors: at most 100 per page, 20 when neither `first` nor `last`
    /// is given.
    #[expect(
        clippy::too_many_arguments,
        reason = "one argument per Relay and filter parameter"
    )]
    #[graphql(complexity = "service::paging::connection_cost(first, last, child_complexity)")]
    async fn projects(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which projects to return; all (not archived) when omitted.")]
        filter: Option<ProjectFilter>,
        #[graphql(desc = "Ordering keys applied in turn; ties fall back to the document's order.")]
        order_by: Option<Vec<ProjectOrder>>,
        #[graphql(desc = "Return at most this many projects from the start (at most 100).")]
        first: Option<i32>,
        #[graphql(desc = "Return only projects after this cursor.")] after: Option<String>,
        #[graphql(desc = "Return at most this many projects from the end (at most 100).")]
        last: Option<i32>,
        #[graphql(desc = "Return only projects before this cursor.")] before: Option<String>,
    ) -> Result<ProjectConnection> {
        let db = ctx.data::<DatabaseConnection>()?;
        let principal = principal(ctx).await?;
        let filter: q::ProjectFilter = filter.unwrap_or_default().into();
        let orders: Vec<q::ProjectOrder> = order_by
            .unwrap_or_default()
            .into_iter()
            .map(Into::into)
            .collect();
        connection::query(
            after,
            before,
            first,
            last,
            |after: Option<Cursor>, before: Option<Cursor>, first, last| async move {
                let page = q::list_projects(
                    db,
                    principal,
                    &filter,
                    &orders,
                    q::PageRequest {
                        first: first.map(|n| n as u64),
                        after: after.map(|c| c.0),
                        last: last.map(|n| n as u64),
                        before: before.map(|c| c.0),
                    },
                )
                .await
                .map_err(to_gql)?;
                let mut connection = Connection::with_additional_fields(
                    page.has_previous_page,
                    page.has_next_page,
                    ProjectConnectionFields { filter },
                );
                connection.edges.extend(
                    page.items
                        .into_iter()
                        .map(|p| Edge::new(Cursor(p.id), Project(p))),
                );
                Ok::<_, async_graphql::Error>(connection)
            },
        )
        .await
    }

    /// The project with this key (e.g. `DONGTOU-GREEN-08`), or null when there is none. With
    /// `asOf`, the project's own fields as they were at that moment, rebuilt from the change log
    /// (null if it did not exist yet or was archived); its relations are today's.
    async fn project(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The project's stable key `<LIST>-<CATEGORY>-<seq>`.")] key: String,
        #[graphql(desc = "A past moment (RFC 3339) to read the project as of.")] as_of: Option<
            DateTime<Utc>,
        >,
    ) -> Result<Option<Project>> {
        let db = ctx.data::<DatabaseConnection>()?;
        let principal = principal(ctx).await?;
        if let Some(at) = as_of {
            return service::audit::project_as_of(db, principal, &key, at)
                .await
                .map(|p| p.map(Project))
                .map_err(to_gql);
        }
        match project::get_project_by_key(db, principal, &key).await {
            Ok(p) => Ok(Some(Project(p))),
            Err(service::ServiceError::NotFound { .. }) => Ok(None),
            Err(e) => Err(to_gql(e)),
        }
    }

    /// Every recorded change in commit order, for clients that keep a copy in sync: page with
    /// `after` (the last cursor seen) or start from `since`, then subscribe to `changes` from the
    /// last cursor. The log is append-only, and no change ever appears before a cursor already
    /// given (entries are ordered by the commit that wrote them, not by when they were inserted).
    #[graphql(complexity = "service::paging::connection_cost(first, None, child_complexity)")]
    async fn changes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only changes committed at or after this moment (RFC 3339).")]
        since: Option<DateTime<Utc>>,
        #[graphql(desc = "Return at most this many changes (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Return only changes after this cursor.")] after: Option<String>,
    ) -> Result<Connection<Cursor, ChangeLogEntry>> {
        let db = ctx.data::<DatabaseConnection>()?;
        let principal = principal(ctx).await?;
        crate::connection::forward_connection(
            after,
            first,
            |after, limit| async move {
                let filter = service::audit::ChangeFilter::default();
                service::audit::changes(db, principal, since, after, &filter, limit).await
            },
            |e: &service::audit::ChangeEntry| e.id,
            ChangeLogEntry,
        )
        .await
    }

    /// The object with this global id, or null when there is none.
    async fn node(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A global id from any object's `id` field.")] id: ID,
    ) -> Result<Option<Node>> {
        load_node(ctx, &id).await
    }

    /// The objects with these global ids, in the same order; null where there is none. At most
    /// 100 ids.
    async fn nodes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Global ids from objects' `id` fields (at most 100).")] ids: Vec<ID>,
    ) -> Result<Vec<Option<Node>>> {
        if ids.len() > MAX_NODES {
            return Err(crate::error::validation(
                "ids",
                format!("at most {MAX_NODES} ids at once; got {}", ids.len()),
            ));
        }
        // Loads run concurrently, so ids of one kind share one batched query.
        futures_util::future::try_join_all(ids.iter().map(|id| load_node(ctx, id))).await
    }

    /// Declared against computed figures for every list (its row first, `categoryCode` null) and
    /// each of its categories, in document order, so drift after edits is seen.
    async fn reconciliation(&self, ctx: &Context<'_>) -> Result<Vec<ReconciliationRow>> {
        let db = ctx.data::<DatabaseConnection>()?;
        let principal = principal(ctx).await?;
        let rows = finance::reconciliation(db, principal)
            .await
            .map_err(to_gql)?;
        Ok(rows.into_iter().map(ReconciliationRow).collect())
    }
}

async fn load_node(ctx: &Context<'_>, id: &ID) -> Result<Option<Node>> {
    // Objects the caller may not see behave as objects that do not exist.
    let Ok(reader) = principal(ctx).await else {
        return Ok(None);
    };
    if !reader.can_read() {
        return Ok(None);
    }
    let Some((kind, id)) = parse_global_id(id) else {
        return Ok(None);
    };
    let loaders = ctx.data::<Loaders>()?;
    Ok(match kind {
        Kind::ProjectList => loaders
            .lists
            .load_one(id)
            .await
            .map_err(load_error)?
            .map(|v| Node::ProjectList(ProjectList(v))),
        Kind::Category => loaders
            .categories
            .load_one(id)
            .await
            .map_err(load_error)?
            .map(|v| Node::Category(Category(v))),
        Kind::Project => loaders
            .projects
            .load_one(id)
            .await
            .map_err(load_error)?
            .map(|v| Node::Project(Project(v))),
        Kind::Phase => loaders
            .phases
            .load_one(id)
            .await
            .map_err(load_error)?
            .map(|v| Node::Phase(Phase(v))),
        Kind::ProgressReport => loaders
            .reports
            .load_one(id)
            .await
            .map_err(load_error)?
            .map(|v| Node::ProgressReport(ProgressReport(v))),
        Kind::ChangeLogEntry => loaders
            .changes
            .load_one(id)
            .await
            .map_err(load_error)?
            .map(|v| Node::ChangeLogEntry(ChangeLogEntry(v))),
        Kind::Problem => loaders
            .problems
            .load_one(id)
            .await
            .map_err(load_error)?
            .map(|v| Node::Problem(Problem(v))),
        // Plans and indicators are few and not paged, so they are read without a loader.
        Kind::Plan => {
            let db = ctx.data::<sea_orm::DatabaseConnection>()?;
            service::plan::get_plan(db, reader, id)
                .await
                .map_err(to_gql)?
                .map(|p| Node::Plan(Plan(p)))
        }
        Kind::AnnualPlan => {
            let db = ctx.data::<sea_orm::DatabaseConnection>()?;
            service::reporting::annual_plan::plans_by_ids(db, &[id])
                .await
                .map_err(to_gql)?
                .remove(&id)
                .map(|p| Node::AnnualPlan(crate::types::AnnualPlan(p)))
        }
        Kind::MonthlyReturn => loaders
            .monthly_returns
            .load_one(id)
            .await
            .map_err(load_error)?
            .map(|r| Node::MonthlyReturn(crate::types::MonthlyReturn(r))),
        Kind::Indicator => {
            let db = ctx.data::<sea_orm::DatabaseConnection>()?;
            match service::indicator::get_indicator(db, reader, id).await {
                Ok(i) => crate::types::wrap(db, reader, vec![i])
                    .await?
                    .pop()
                    .map(Node::Indicator),
                Err(service::ServiceError::NotFound { .. }) => None,
                Err(e) => return Err(to_gql(e)),
            }
        }
    })
}
