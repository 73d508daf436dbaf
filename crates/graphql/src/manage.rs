//! Project managers' and administrators' mutations. Each takes one `input`, names its object by
//! global id and the version last seen, and answers a payload with `userErrors` for expected
//! failures (nothing is changed then).

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result, SimpleObject};
use chrono::NaiveDate;
use sea_orm::DatabaseConnection;
use service::ServiceError;
use service::figures::FigureChanges;
use service::phase::{self, PhaseChanges};
use service::project::write::{self as project_write, NewProject, ProjectChanges};
use service::write::Actor;
use service::{lifecycle, progress};

use crate::auth::{Auth, principal};
use crate::ids::{Kind, parse_global_id};
use crate::payload::{UserError, user_errors};
use crate::scalars::Decimal;
use crate::types::{Phase, ProgressReport, Project, ProjectStatus};

/// The row id a global id names, when it is one of `kind`'s; `field` names the input in the error.
pub(crate) fn object_id(field: &str, kind: Kind, id: &ID) -> Result<i32, ServiceError> {
    match parse_global_id(id) {
        Some((k, id)) if k == kind => Ok(id),
        _ => Err(ServiceError::validation(
            field,
            format!("not the id of a {kind:?}"),
        )),
    }
}

/// An edit of an optional field: omitted is `None` (kept), `null` is `Some(None)` (cleared).
pub(crate) fn maybe<T, U>(value: MaybeUndefined<T>, map: impl FnOnce(T) -> U) -> Option<Option<U>> {
    match value {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(v) => Some(Some(map(v))),
    }
}

fn dec(d: Decimal) -> rust_decimal::Decimal {
    d.0
}

/// Figures to edit: an omitted field is kept, `null` makes it unknown.
fn figure_edits(
    start_year: MaybeUndefined<i32>,
    end_year: MaybeUndefined<i32>,
    total: MaybeUndefined<Decimal>,
    fyp: MaybeUndefined<Decimal>,
) -> FigureChanges {
    FigureChanges {
        start_year: maybe(start_year, |v| v),
        end_year: maybe(end_year, |v| v),
        total_investment: maybe(total, dec),
        fyp_investment: maybe(fyp, dec),
    }
}

/// Figures of a new object: an omitted field is unknown.
fn new_figures(
    start_year: Option<i32>,
    end_year: Option<i32>,
    total: Option<Decimal>,
    fyp: Option<Decimal>,
) -> FigureChanges {
    FigureChanges {
        start_year: Some(start_year),
        end_year: Some(end_year),
        total_investment: Some(total.map(dec)),
        fyp_investment: Some(fyp.map(dec)),
    }
}

/// Input of `changeProjectStatus`.
#[derive(InputObject)]
pub struct ChangeProjectStatusInput {
    /// The project's global id.
    pub project_id: ID,
    /// The status to move to (see `ProjectStatus` for the lifecycle).
    pub status: ProjectStatus,
    /// The project's `version` as last read; a stale one is a `CONFLICT`.
    pub expected_version: i32,
    /// Why, for the change history.
    pub note: Option<String>,
}

/// Input of `submitProgressReport`.
#[derive(InputObject)]
pub struct SubmitProgressReportInput {
    /// The project's global id.
    pub project_id: ID,
    /// The project's `version` as last read.
    pub expected_version: i32,
    /// The date the report speaks for (`YYYY-MM-DD`).
    pub reported_on: NaiveDate,
    /// Percent complete, 0 to 100, at most two decimals.
    pub percent_complete: Decimal,
    /// Cumulative investment completed so far, in 万元.
    pub completed_investment: Decimal,
    /// A status change reported with it; the project's status follows.
    pub status: Option<ProjectStatus>,
    /// Free text; required with `isCorrection`.
    pub note: Option<String>,
    /// The report corrects earlier ones, so its completed investment may be lower than theirs.
    #[graphql(default)]
    pub is_correction: bool,
}

/// Input of `updateProject`. An omitted field is left as it is; `null` sets it to unknown.
#[derive(InputObject)]
pub struct UpdateProjectInput {
    /// The project's global id.
    pub project_id: ID,
    /// The project's `version` as last read.
    pub expected_version: i32,
    /// New name.
    pub name: Option<String>,
    /// New scope text.
    pub scope: Option<String>,
    /// Start year; `null` for unknown.
    pub start_year: MaybeUndefined<i32>,
    /// End year; `null` for unknown.
    pub end_year: MaybeUndefined<i32>,
    /// Total investment in 万元; `null` for unknown (待定).
    pub total_investment: MaybeUndefined<Decimal>,
    /// 14th-FYP investment in 万元; `null` for unknown (待定).
    pub fyp_investment: MaybeUndefined<Decimal>,
    /// Location; `null` for none.
    pub location: MaybeUndefined<String>,
    /// Land area in 亩; `null` for unknown.
    pub land_area_mu: MaybeUndefined<Decimal>,
    /// Responsible unit; `null` for none.
    pub responsible_unit: MaybeUndefined<String>,
}

/// Input of `addPhase`.
#[derive(InputObject)]
pub struct AddPhaseInput {
    /// The project's global id.
    pub project_id: ID,
    /// The project's `version` as last read.
    pub expected_version: i32,
    /// Phase number; the next one when omitted.
    pub ordinal: Option<i32>,
    /// Name, e.g. `三期`.
    pub name: String,
    /// What the phase builds.
    pub scope: String,
    /// Start year.
    pub start_year: Option<i32>,
    /// End year.
    pub end_year: Option<i32>,
    /// Total investment in 万元.
    pub total_investment: Option<Decimal>,
    /// 14th-FYP investment in 万元.
    pub fyp_investment: Option<Decimal>,
}

/// Input of `updatePhase`. An omitted field is left as it is; `null` sets it to unknown.
#[derive(InputObject)]
pub struct UpdatePhaseInput {
    /// The phase's global id.
    pub phase_id: ID,
    /// The phase's `version` as last read.
    pub expected_version: i32,
    /// New phase number.
    pub ordinal: Option<i32>,
    /// New name.
    pub name: Option<String>,
    /// New scope.
    pub scope: Option<String>,
    /// Start year; `null` for unknown.
    pub start_year: MaybeUndefined<i32>,
    /// End year; `null` for unknown.
    pub end_year: MaybeUndefined<i32>,
    /// Total investment in 万元; `null` for unknown.
    pub total_investment: MaybeUndefined<Decimal>,
    /// 14th-FYP investment in 万元; `null` for unknown.
    pub fyp_investment: MaybeUndefined<Decimal>,
}

/// Input of `createProject` (ADMIN only).
#[derive(InputObject)]
pub struct CreateProjectInput {
    /// The list, e.g. `DONGTOU`.
    pub list_code: String,
    /// The category within the list, e.g. `GREEN`.
    pub category_code: String,
    /// Sequence number; the next free one when omitted.
    pub seq: Option<i32>,
    /// Name.
    pub name: String,
    /// Scope text.
    pub scope: String,
    /// Start year, when known.
    pub start_year: Option<i32>,
    /// End year, when known.
    pub end_year: Option<i32>,
    /// Total investment in 万元, when known.
    pub total_investment: Option<Decimal>,
    /// 14th-FYP investment in 万元, when known.
    pub fyp_investment: Option<Decimal>,
    /// Location.
    pub location: Option<String>,
    /// Land area in 亩.
    pub land_area_mu: Option<Decimal>,
    /// Responsible unit.
    pub responsible_unit: Option<String>,
    /// Starting status; `PLANNED` when omitted.
    pub status: Option<ProjectStatus>,
}

/// Input of `archiveProject` (ADMIN only).
#[derive(InputObject)]
pub struct ArchiveProjectInput {
    /// The project's global id.
    pub project_id: ID,
    /// The project's `version` as last read.
    pub expected_version: i32,
}

/// Result of a change to a project.
#[derive(SimpleObject)]
pub struct ProjectPayload {
    /// The project as it is now; null when nothing was changed.
    pub project: Option<Project>,
    /// Why nothing was changed.
    pub user_errors: Vec<UserError>,
}

/// Result of `submitProgressReport`.
#[derive(SimpleObject)]
pub struct SubmitProgressReportPayload {
    /// The project as it is now.
    pub project: Option<Project>,
    /// The report filed.
    pub progress_report: Option<ProgressReport>,
    /// Why nothing was filed.
    pub user_errors: Vec<UserError>,
}

/// Result of `addPhase` and `updatePhase`.
#[derive(SimpleObject)]
pub struct PhasePayload {
    /// The phase as it is now.
    pub phase: Option<Phase>,
    /// The project as it is now (`addPhase` raises its version).
    pub project: Option<Project>,
    /// Why nothing was changed.
    pub user_errors: Vec<UserError>,
}

fn project_payload(
    result: Result<service::project::Project, ServiceError>,
) -> Result<ProjectPayload> {
    Ok(match result {
        Ok(p) => ProjectPayload {
            project: Some(Project(p)),
            user_errors: Vec::new(),
        },
        Err(e) => ProjectPayload {
            project: None,
            user_errors: user_errors(e)?,
        },
    })
}

/// The database and the writer of a mutation.
pub(crate) async fn actor_parts<'a>(
    ctx: &Context<'a>,
) -> Result<(&'a DatabaseConnection, Actor<'a>)> {
    let db = ctx.data::<DatabaseConnection>()?;
    let principal = principal(ctx).await?;
    let request_id = ctx.data::<Auth>()?.request_id();
    Ok((
        db,
        Actor {
            principal,
            request_id,
        },
    ))
}

/// Writes to projects and phases.
#[derive(Default)]
pub struct ManageMutation;

#[Object]
impl ManageMutation {
    /// Moves a project along its lifecycle; an illegal move is an `ILLEGAL_TRANSITION` user error.
    async fn change_project_status(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The project, its new status and the version last read.")]
        input: ChangeProjectStatusInput,
    ) -> Result<ProjectPayload> {
        let (db, actor) = actor_parts(ctx).await?;
        let result = async {
            let id = object_id("projectId", Kind::Project, &input.project_id)?;
            let status = input.status.into();
            let note = input.note.as_deref();
            lifecycle::change_status(db, actor, id, input.expected_version, status, note).await
        }
        .await;
        project_payload(result)
    }

    /// Files a progress report; the project's status and completed investment follow it.
    async fn submit_progress_report(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The report and the version of the project last read.")]
        input: SubmitProgressReportInput,
    ) -> Result<SubmitProgressReportPayload> {
        let (db, actor) = actor_parts(ctx).await?;
        let result = async {
            let id = object_id("projectId", Kind::Project, &input.project_id)?;
            let report = progress::ReportInput {
                reported_on: input.reported_on,
                percent_complete: input.percent_complete.0,
                completed_investment: input.completed_investment.0,
                status: input.status.map(Into::into),
                note: input.note,
                correction: input.is_correction,
            };
            progress::submit_progress_report(db, actor, id, input.expected_version, report).await
        }
        .await;
        Ok(match result {
            Ok((project, report)) => SubmitProgressReportPayload {
                project: Some(Project(project)),
                progress_report: Some(ProgressReport(report)),
                user_errors: Vec::new(),
            },
            Err(e) => SubmitProgressReportPayload {
                project: None,
                progress_report: None,
                user_errors: user_errors(e)?,
            },
        })
    }

    /// Edits a project's texts and figures; `null` sets a figure back to unknown.
    async fn update_project(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The fields to change and the version last read.")]
        input: UpdateProjectInput,
    ) -> Result<ProjectPayload> {
        let (db, actor) = actor_parts(ctx).await?;
        let changes = ProjectChanges {
            name: input.name,
            scope: input.scope,
            figures: figure_edits(
                input.start_year,
                input.end_year,
                input.total_investment,
                input.fyp_investment,
            ),
            location: maybe(input.location, |v| v),
            land_area_mu: maybe(input.land_area_mu, dec),
            responsible_unit: maybe(input.responsible_unit, |v| v),
        };
        let result = async {
            let id = object_id("projectId", Kind::Project, &input.project_id)?;
            project_write::update_project(db, actor, id, input.expected_version, changes).await
        }
        .await;
        project_payload(result)
    }

    /// Adds a phase to a project.
    async fn add_phase(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The phase and the version of the project last read.")]
        input: AddPhaseInput,
    ) -> Result<PhasePayload> {
        let (db, actor) = actor_parts(ctx).await?;
        let changes = PhaseChanges {
            ordinal: input.ordinal,
            name: Some(input.name),
            scope: Some(input.scope),
            figures: new_figures(
                input.start_year,
                input.end_year,
                input.total_investment,
                input.fyp_investment,
            ),
        };
        let result = async {
            let id = object_id("projectId", Kind::Project, &input.project_id)?;
            phase::add_phase(db, actor, id, input.expected_version, changes).await
        }
        .await;
        Ok(match result {
            Ok((project, phase)) => PhasePayload {
                phase: Some(Phase(phase)),
                project: Some(Project(project)),
                user_errors: Vec::new(),
            },
            Err(e) => PhasePayload {
                phase: None,
                project: None,
                user_errors: user_errors(e)?,
            },
        })
    }

    /// Edits a phase.
    async fn update_phase(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The fields to change and the version of the phase last read.")]
        input: UpdatePhaseInput,
    ) -> Result<PhasePayload> {
        let (db, actor) = actor_parts(ctx).await?;
        let changes = PhaseChanges {
            ordinal: input.ordinal,
            name: input.name,
            scope: input.scope,
            figures: figure_edits(
                input.start_year,
                input.end_year,
                input.total_investment,
                input.fyp_investment,
            ),
        };
        let result = async {
            let id = object_id("phaseId", Kind::Phase, &input.phase_id)?;
            phase::update_phase(db, actor, id, input.expected_version, changes).await
        }
        .await;
        Ok(match result {
            Ok(phase) => PhasePayload {
                phase: Some(Phase(phase)),
                project: None,
                user_errors: Vec::new(),
            },
            Err(e) => PhasePayload {
                phase: None,
                project: None,
                user_errors: user_errors(e)?,
            },
        })
    }

    /// Creates a project in a list's category (ADMIN only).
    async fn create_project(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Where the project goes and what it is.")] input: CreateProjectInput,
    ) -> Result<ProjectPayload> {
        let (db, actor) = actor_parts(ctx).await?;
        let new = NewProject {
            list_code: input.list_code,
            category_code: input.category_code,
            seq: input.seq,
            status: input.status.map(Into::into),
            fields: ProjectChanges {
                name: Some(input.name),
                scope: Some(input.scope),
                figures: new_figures(
                    input.start_year,
                    input.end_year,
                    input.total_investment,
                    input.fyp_investment,
                ),
                location: Some(input.location),
                land_area_mu: Some(input.land_area_mu.map(dec)),
                responsible_unit: Some(input.responsible_unit),
            },
        };
        project_payload(project_write::create_project(db, actor, new).await)
    }

    /// Archives a project: it is kept, never deleted, and left out of every list and sum (ADMIN
    /// only).
    async fn archive_project(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The project and the version last read.")] input: ArchiveProjectInput,
    ) -> Result<ProjectPayload> {
        let (db, actor) = actor_parts(ctx).await?;
        let result = async {
            let id = object_id("projectId", Kind::Project, &input.project_id)?;
            project_write::archive_project(db, actor, id, input.expected_version).await
        }
        .await;
        project_payload(result)
    }
}
