//! Append-only records of a project: progress reports and change-log entries.

use async_graphql::{Context, ID, Object, Result};
use chrono::{DateTime, NaiveDate, Utc};
use service::audit::ChangeEntry;
use service::progress;

use super::{Project, ProjectStatus, load_project};
use crate::ids::{Kind, global_id};
use crate::scalars::Decimal;

/// A progress report filed by a project manager; reports are never edited or deleted.
pub struct ProgressReport(pub progress::ProgressReport);

/// A progress report filed by a project manager; reports are never edited or deleted.
#[Object]
impl ProgressReport {
    /// Opaque global id.
    pub(crate) async fn id(&self) -> ID {
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
    pub(crate) async fn id(&self) -> ID {
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
