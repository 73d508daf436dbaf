//! Progress reports: append-only records of a project's status, completion and spending.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use entity::{ProjectStatus, progress_report};
use rust_decimal::Decimal;
use sea_orm::sea_query::{Func, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, IntoSimpleExpr, QueryFilter};

use crate::ServiceResult;
use crate::money::fen_to_decimal;
use crate::window::{self, Window, WindowPage};

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
    let rows = progress_report::Entity::find()
        .filter(progress_report::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|m| (m.id, m.into())).collect())
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
    window: Window,
) -> ServiceResult<HashMap<i32, WindowPage<ProgressReport>>> {
    let pages =
        window::pages::<progress_report::Model>(db, "progress_report", project_ids, window, |m| {
            (m.project_id, m.id)
        })
        .await?;
    Ok(pages
        .into_iter()
        .map(|(k, p)| {
            (
                k,
                WindowPage {
                    items: p.items.into_iter().map(ProgressReport::from).collect(),
                    more: p.more,
                },
            )
        })
        .collect())
}
