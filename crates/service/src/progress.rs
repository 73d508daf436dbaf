//! Progress reports: append-only records of a project's status, completion and spending, read in
//! batches and filed one at a time.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use entity::{ProjectStatus, progress_report};
use rust_decimal::Decimal;
use sea_orm::sea_query::{Func, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoSimpleExpr, QueryFilter, QueryOrder, Set,
};
use tracing::instrument;

use crate::audit::fields::{Change, events};
use crate::lifecycle::check_transition;
use crate::money::{Amount, fen_to_decimal};
use crate::project::Project;
use crate::record_page::{self, RecordPage, RecordSlice};
use crate::write::{Actor, begin_write, commit_project, project_for_write};
use crate::{ServiceError, ServiceResult, batch};

/// A progress report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgressReport {
    /// Surrogate id.
    pub id: i32,
    /// The project reported on.
    pub project_id: i32,
    /// The date the report speaks for.
    pub reported_on: NaiveDate,
    /// Who filed it.
    pub reported_by: String,
    /// Status reported.
    pub status: ProjectStatus,
    /// Percent complete, 0 to 100, two decimals.
    pub percent_complete: Decimal,
    /// Cumulative completed investment (万元).
    pub completed_investment: Decimal,
    /// Free-text note.
    pub note: Option<String>,
    /// When it was recorded.
    pub created_at: DateTime<Utc>,
}

impl From<progress_report::Model> for ProgressReport {
    fn from(m: progress_report::Model) -> Self {
        Self {
            id: m.id,
            project_id: m.project_id,
            reported_on: m.reported_on,
            reported_by: m.reported_by,
            status: m.status,
            percent_complete: Decimal::new(i64::from(m.percent_complete_bp), 2).normalize(),
            completed_investment: fen_to_decimal(m.completed_investment_fen),
            note: m.note,
            created_at: m.created_at,
        }
    }
}

/// Reports by id, in one query.
pub async fn reports_by_ids(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> ServiceResult<HashMap<i32, ProgressReport>> {
    batch::by_ids::<progress_report::Entity, _>(db, progress_report::Column::Id, ids, |m| m.id)
        .await
}

/// The latest report of each project that has one, in one query.
pub async fn latest_by_project_ids(
    db: &impl ConnectionTrait,
    project_ids: &[i32],
) -> ServiceResult<HashMap<i32, ProgressReport>> {
    let latest = Query::select()
        .expr(Func::max(progress_report::Column::Id.into_simple_expr()))
        .from(progress_report::Entity)
        .and_where(progress_report::Column::ProjectId.is_in(project_ids.iter().copied()))
        .group_by_col(progress_report::Column::ProjectId)
        .to_owned();
    let rows = progress_report::Entity::find()
        .filter(progress_report::Column::Id.in_subquery(latest))
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|m| (m.project_id, m.into())).collect())
}

/// A page of each project's reports, newest first, in one query.
pub async fn pages_by_project_ids(
    db: &impl ConnectionTrait,
    project_ids: &[i32],
    slice: RecordSlice,
) -> ServiceResult<HashMap<i32, RecordPage<ProgressReport>>> {
    record_page::pages::<progress_report::Model, _>(
        db,
        "progress_report",
        project_ids,
        slice,
        |m| m.project_id,
    )
    .await
}

/// What a progress report states.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportInput {
    /// The date the report speaks for.
    pub reported_on: NaiveDate,
    /// Percent complete, 0 to 100, at most two decimals.
    pub percent_complete: Decimal,
    /// Cumulative completed investment (万元).
    pub completed_investment: Decimal,
    /// A status change reported with it.
    pub status: Option<ProjectStatus>,
    /// Free text.
    pub note: Option<String>,
    /// The report corrects earlier ones, so its completed investment may be lower.
    pub correction: bool,
}

/// Files a progress report; the project's status follows it.
#[instrument(skip_all, fields(project.id = project_id))]
pub async fn submit_progress_report(
    db: &DatabaseConnection,
    actor: Actor<'_>,
    project_id: i32,
    expected_version: i32,
    input: ReportInput,
) -> ServiceResult<(Project, ProgressReport)> {
    let percent = input.percent_complete.normalize();
    let percent_bp = crate::figures::percent_bp("percentComplete", percent)?;
    let completed = Amount::from_decimal(input.completed_investment)
        .map_err(|e| ServiceError::validation("completedInvestment", e.to_string()))?
        .fen();
    let today = Utc::now().date_naive();
    if input.reported_on > today + chrono::Days::new(1)
        || chrono::Datelike::year(&input.reported_on) < 2000
    {
        return Err(ServiceError::validation(
            "reportedOn",
            "a report speaks for a day from 2000 to today",
        ));
    }
    let txn = begin_write(db).await?;
    let old = project_for_write(&txn, actor, project_id, expected_version).await?;
    // Reports are the physical project's, whichever of its listings they are filed through.
    let project_id = old.physical();
    let latest = progress_report::Entity::find()
        .filter(progress_report::Column::ProjectId.eq(project_id))
        .order_by_desc(progress_report::Column::Id)
        .one(&txn)
        .await?;
    if let Some(latest) = &latest
        && completed < latest.completed_investment_fen
    {
        let noted = input.note.as_deref().is_some_and(|n| !n.trim().is_empty());
        if !(input.correction && noted) {
            return Err(ServiceError::validation(
                "completedInvestment",
                format!(
                    "cumulative completed investment would fall from {} to {}; mark the report as a correction and say why in the note",
                    fen_to_decimal(latest.completed_investment_fen),
                    fen_to_decimal(completed)
                ),
            ));
        }
    }
    let mut new = old.clone();
    if let Some(status) = input.status
        && status != old.status
    {
        check_transition(old.status, status)?;
        new.status = status;
    }
    let now = Utc::now();
    let report = progress_report::ActiveModel {
        project_id: Set(project_id),
        reported_on: Set(input.reported_on),
        reported_by: Set(actor.principal.name.clone()),
        status: Set(new.status),
        percent_complete_bp: Set(percent_bp),
        completed_investment_fen: Set(completed),
        note: Set(input.note.clone()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let summary = Change {
        field: events::PROGRESS_REPORT,
        old: latest.map(|l| {
            format!(
                "{}%, {} 万元",
                Decimal::new(i64::from(l.percent_complete_bp), 2).normalize(),
                fen_to_decimal(l.completed_investment_fen)
            )
        }),
        new: Some(format!(
            "{}%, {} 万元 on {}",
            percent,
            fen_to_decimal(completed),
            input.reported_on
        )),
    };
    let project = commit_project(txn, actor, &old, new, &[summary]).await?;
    Ok((project, report.into()))
}
