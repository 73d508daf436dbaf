//! The problem register (问题清单): the `problems` query and the `raiseProblem`, `updateProblem`
//! and `resolveProblem` mutations. The rules are the service's
//! ([`service::reporting::problem`]).

use async_graphql::connection::Connection;
use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result, SimpleObject};
use chrono::NaiveDate;
use sea_orm::DatabaseConnection;
use service::ServiceError;
use service::reporting::problem::{self as register, NewProblem, ProblemChanges};

use crate::auth::principal;
use crate::ids::{Cursor, Kind};
use crate::inputs::ProjectFilter;
use crate::manage::{actor_parts, maybe, object_id};
use crate::payload::{UserError, user_errors};
use crate::types::{Problem, ProblemKind, ProblemStatus};

/// Reads of the problem register.
#[derive(Default)]
pub struct ProblemQuery;

#[Object]
impl ProblemQuery {
    /// The register: problems of the projects `filter` chooses (archived projects never), in the
    /// order they were raised, paged with keyset cursors (at most 100 per page, 20 when `first`
    /// is omitted).
    #[graphql(complexity = "service::paging::connection_cost(first, None, child_complexity)")]
    async fn problems(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only problems of the projects this filter chooses; all when omitted.")]
        filter: Option<ProjectFilter>,
        #[graphql(desc = "Only problems in this status.")] status: Option<ProblemStatus>,
        #[graphql(
            desc = "`true`: only problems past due (open, due before today on Beijing time); `false`: only the others."
        )]
        overdue: Option<bool>,
        #[graphql(desc = "Return at most this many problems (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Return only problems after this cursor.")] after: Option<String>,
    ) -> Result<Connection<Cursor, Problem>> {
        let db = ctx.data::<DatabaseConnection>()?;
        let principal = principal(ctx).await?;
        let filter: service::project_search::ProjectFilter = filter.unwrap_or_default().into();
        let status = status.map(Into::into);
        crate::connection::forward_connection(
            after,
            first,
            |after, limit| async move {
                register::list_problems(db, principal, &filter, status, overdue, after, limit).await
            },
            |p: &register::Problem| p.id,
            Problem,
        )
        .await
    }
}

/// Input of `raiseProblem`.
#[derive(InputObject)]
pub struct RaiseProblemInput {
    /// The project's global id.
    pub project_id: ID,
    /// What kind of obstacle it is.
    pub kind: ProblemKind,
    /// What the problem is; must not be blank.
    pub description: String,
    /// The unit that owns solving it, when already known.
    pub owner_unit: Option<String>,
    /// When it should be solved by (`YYYY-MM-DD`, 2000 to 2100), when already agreed.
    pub due_on: Option<NaiveDate>,
}

/// Input of `updateProblem`. An omitted field is left as it is; `null` clears `ownerUnit` or
/// `dueOn`.
#[derive(InputObject)]
pub struct UpdateProblemInput {
    /// The problem's global id.
    pub problem_id: ID,
    /// New kind.
    pub kind: Option<ProblemKind>,
    /// New description; must not be blank.
    pub description: Option<String>,
    /// The unit that owns solving it; `null` for none.
    pub owner_unit: MaybeUndefined<String>,
    /// When it should be solved by (`YYYY-MM-DD`, 2000 to 2100); `null` for no date.
    pub due_on: MaybeUndefined<NaiveDate>,
    /// The problem's `version` as last read; a stale one is a `CONFLICT`.
    pub expected_version: i32,
}

/// Input of `resolveProblem`.
#[derive(InputObject)]
pub struct ResolveProblemInput {
    /// The problem's global id.
    pub problem_id: ID,
    /// How it was solved; must not be blank.
    pub resolution: String,
    /// The problem's `version` as last read; a stale one is a `CONFLICT`.
    pub expected_version: i32,
}

/// Result of a change to a problem.
#[derive(SimpleObject)]
pub struct ProblemPayload {
    /// The problem as it is now; null when nothing was changed.
    pub problem: Option<Problem>,
    /// Why nothing was changed.
    pub user_errors: Vec<UserError>,
}

fn problem_payload(result: Result<register::Problem, ServiceError>) -> Result<ProblemPayload> {
    Ok(match result {
        Ok(p) => ProblemPayload {
            problem: Some(Problem(p)),
            user_errors: Vec::new(),
        },
        Err(e) => ProblemPayload {
            problem: None,
            user_errors: user_errors(e)?,
        },
    })
}

/// Writes to the problem register.
#[derive(Default)]
pub struct ProblemMutation;

#[Object]
impl ProblemMutation {
    /// Registers a problem holding a project back; it starts `OPEN` at version 1. The project's
    /// MANAGER (for an assigned project), COORDINATOR and ADMIN tokens may; the project's own
    /// version does not change. A blank description or an implausible due date is a `VALIDATION`
    /// user error, an archived project too.
    async fn raise_problem(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The project and the problem.")] input: RaiseProblemInput,
    ) -> Result<ProblemPayload> {
        let (db, actor) = actor_parts(ctx).await?;
        let result = async {
            let project_id = object_id("projectId", Kind::Project, &input.project_id)?;
            let new = NewProblem {
                project_id,
                kind: input.kind.into(),
                description: input.description,
                owner_unit: input.owner_unit,
                due_on: input.due_on,
            };
            register::raise_problem(db, actor, new).await
        }
        .await;
        problem_payload(result)
    }

    /// Edits an open problem: the office assigns the owner unit and the due date (COORDINATOR and
    /// ADMIN tokens only). A resolved problem can no longer be changed.
    async fn update_problem(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The fields to change and the version of the problem last read.")]
        input: UpdateProblemInput,
    ) -> Result<ProblemPayload> {
        let (db, actor) = actor_parts(ctx).await?;
        let changes = ProblemChanges {
            kind: input.kind.map(Into::into),
            description: input.description,
            owner_unit: maybe(input.owner_unit, |v| v),
            due_on: maybe(input.due_on, |v| v),
        };
        let result = async {
            let id = object_id("problemId", Kind::Problem, &input.problem_id)?;
            register::update_problem(db, actor, id, input.expected_version, changes).await
        }
        .await;
        problem_payload(result)
    }

    /// Closes off an open problem with how it was solved (销号); COORDINATOR and ADMIN tokens
    /// only. A blank resolution, or a problem resolved already, is a `VALIDATION` user error.
    async fn resolve_problem(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The problem, its resolution and the version last read.")]
        input: ResolveProblemInput,
    ) -> Result<ProblemPayload> {
        let (db, actor) = actor_parts(ctx).await?;
        let result = async {
            let id = object_id("problemId", Kind::Problem, &input.problem_id)?;
            let resolution = input.resolution;
            register::resolve_problem(db, actor, id, input.expected_version, resolution).await
        }
        .await;
        problem_payload(result)
    }
}
