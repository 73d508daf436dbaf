//! The problem register (问题清单): problems holding projects back, until the office resolves them.

use async_graphql::{Context, Enum, ID, Object, Result};
use chrono::{DateTime, NaiveDate, Utc};
use service::reporting::problem as register;

use super::{Project, load_project};
use crate::ids::{Kind, global_id};

/// What kind of obstacle a problem is.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "service::reporting::problem::ProblemKind")]
pub enum ProblemKind {
    /// Land: acquisition, conversion, quotas (用地).
    Land,
    /// Funding: capital not in place (资金).
    Funding,
    /// Approvals and permits (审批).
    Approval,
    /// Relocation and clearance (征迁).
    Relocation,
    /// Design and technical questions (设计).
    Design,
    /// Anything else.
    Other,
}

/// Where a problem stands.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "service::reporting::problem::ProblemStatus")]
pub enum ProblemStatus {
    /// Still holding the project back.
    Open,
    /// Closed off with a resolution (销号); it can no longer be changed.
    Resolved,
}

/// A problem holding a project back, registered until the office resolves it (销号).
pub struct Problem(pub register::Problem);

/// A problem holding a project back, registered until the office resolves it (销号).
#[Object]
impl Problem {
    /// Opaque global id.
    pub(crate) async fn id(&self) -> ID {
        global_id(Kind::Problem, self.0.id)
    }
    /// The project held back.
    async fn project(&self, ctx: &Context<'_>) -> Result<Project> {
        load_project(ctx, self.0.project_id).await
    }
    /// What kind of obstacle it is.
    async fn kind(&self) -> ProblemKind {
        self.0.kind.into()
    }
    /// What the problem is.
    async fn description(&self) -> &str {
        &self.0.description
    }
    /// The unit that owns solving it; null until the office names one.
    async fn owner_unit(&self) -> Option<&str> {
        self.0.owner_unit.as_deref()
    }
    /// When it should be solved by; null until a date is set.
    async fn due_on(&self) -> Option<NaiveDate> {
        self.0.due_on
    }
    /// Open or resolved.
    async fn status(&self) -> ProblemStatus {
        self.0.status.into()
    }
    /// How it was solved; null while open.
    async fn resolution(&self) -> Option<&str> {
        self.0.resolution.as_deref()
    }
    /// Who raised it (a token's name).
    async fn raised_by(&self) -> &str {
        &self.0.raised_by
    }
    /// When it was raised (RFC 3339).
    async fn raised_at(&self) -> DateTime<Utc> {
        self.0.raised_at
    }
    /// Who resolved it; null while open.
    async fn resolved_by(&self) -> Option<&str> {
        self.0.resolved_by.as_deref()
    }
    /// When it was resolved (RFC 3339); null while open.
    async fn resolved_at(&self) -> Option<DateTime<Utc>> {
        self.0.resolved_at
    }
    /// Whether it is past due: open, with a due date before today on Beijing time (the office's
    /// clock, whatever the server's zone).
    async fn overdue(&self) -> bool {
        self.0.is_overdue(register::office_today())
    }
    /// Version for optimistic concurrency: +1 with every change to the problem (the project's
    /// own version does not move).
    async fn version(&self) -> i32 {
        self.0.version
    }
}
