//! The root query.

use async_graphql::connection::{self, Connection, CursorType, Edge, EmptyFields};
use async_graphql::{Context, Object, Result};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sea_orm::DatabaseConnection;
use service::{catalog, finance, project};

use crate::error::to_gql;
use crate::types::{Project, ProjectList, ReconciliationRow};

/// An opaque position in the project order; it names a project, so it stays valid when projects
/// are added before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProjectCursor(pub i32);

const CURSOR_PREFIX: &str = "project:";

impl CursorType for ProjectCursor {
    type Error = String;

    fn decode_cursor(s: &str) -> Result<Self, Self::Error> {
        URL_SAFE_NO_PAD
            .decode(s)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .and_then(|text| text.strip_prefix(CURSOR_PREFIX)?.parse().ok())
            .map(ProjectCursor)
            .ok_or_else(|| format!("`{s}` is not a project cursor from this API"))
    }

    fn encode_cursor(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("{CURSOR_PREFIX}{}", self.0))
    }
}

/// Fields of the project connection besides edges and page info.
pub struct ProjectConnectionFields;

#[Object]
impl ProjectConnectionFields {
    /// Number of projects in the whole set (not only this page); archived projects excluded.
    async fn total_count(&self, ctx: &Context<'_>) -> Result<u64> {
        let db = ctx.data::<DatabaseConnection>()?;
        project::count_projects(db).await.map_err(to_gql)
    }
}

/// A page of projects.
pub type ProjectConnection =
    Connection<ProjectCursor, Project, ProjectConnectionFields, EmptyFields>;

/// Read access to the portfolio.
pub struct Query;

#[Object]
impl Query {
    /// The plan's project lists (appendices) in printed order, with their categories.
    async fn project_lists(&self, ctx: &Context<'_>) -> Result<Vec<ProjectList>> {
        let db = ctx.data::<DatabaseConnection>()?;
        let lists = catalog::list_project_lists(db).await.map_err(to_gql)?;
        Ok(lists.into_iter().map(ProjectList).collect())
    }

    /// Projects in the document's order (list, category, sequence number), paged Relay-style.
    /// At most 100 per page; 20 when neither `first` nor `last` is given.
    async fn projects(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Return at most this many projects from the start (at most 100).")]
        first: Option<i32>,
        #[graphql(desc = "Return only projects after this cursor.")] after: Option<String>,
        #[graphql(desc = "Return at most this many projects from the end (at most 100).")]
        last: Option<i32>,
        #[graphql(desc = "Return only projects before this cursor.")] before: Option<String>,
    ) -> Result<ProjectConnection> {
        let db = ctx.data::<DatabaseConnection>()?;
        connection::query(
            after,
            before,
            first,
            last,
            |after: Option<ProjectCursor>, before: Option<ProjectCursor>, first, last| async move {
                let page = project::list_projects(
                    db,
                    project::PageRequest {
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
                    ProjectConnectionFields,
                );
                connection.edges.extend(
                    page.items
                        .into_iter()
                        .map(|p| Edge::new(ProjectCursor(p.id), Project(p))),
                );
                Ok::<_, async_graphql::Error>(connection)
            },
        )
        .await
    }

    /// The project with this key (e.g. `DONGTOU-GREEN-08`), or null when there is none.
    async fn project(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The project's stable key `<LIST>-<CATEGORY>-<seq>`.")] key: String,
    ) -> Result<Option<Project>> {
        let db = ctx.data::<DatabaseConnection>()?;
        match project::get_project_by_key(db, &key).await {
            Ok(p) => Ok(Some(Project(p))),
            Err(service::ServiceError::NotFound { .. }) => Ok(None),
            Err(e) => Err(to_gql(e)),
        }
    }

    /// Declared against computed figures for every list (its row first, `categoryCode` null) and
    /// each of its categories, in document order, so drift after edits is seen.
    async fn reconciliation(&self, ctx: &Context<'_>) -> Result<Vec<ReconciliationRow>> {
        let db = ctx.data::<DatabaseConnection>()?;
        let rows = finance::reconciliation(db).await.map_err(to_gql)?;
        Ok(rows.into_iter().map(ReconciliationRow).collect())
    }
}
