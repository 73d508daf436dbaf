//! A project's lifecycle: which status may follow which, and the write that moves a project along
//! it.
//!
//! PLANNED → UNDER_CONSTRUCTION → COMPLETED; any non-final state ↔ ON_HOLD; any non-final state →
//! CANCELLED. COMPLETED and CANCELLED are final. A progress report that states a status goes
//! through the same rule ([`check_transition`]).

use entity::ProjectStatus;
use sea_orm::DatabaseConnection;
use tracing::instrument;

use crate::audit::fields::{Change, events};
use crate::project::Project;
use crate::write::{Actor, begin_write, commit_project, project_for_write};
use crate::{ServiceError, ServiceResult};

/// Whether a project may go from `from` to `to`.
pub fn transition_allowed(from: ProjectStatus, to: ProjectStatus) -> bool {
    use ProjectStatus::*;
    matches!(
        (from, to),
        (Planned, UnderConstruction)
            | (UnderConstruction, Completed)
            | (Planned | UnderConstruction, OnHold)
            | (OnHold, Planned | UnderConstruction)
            | (Planned | UnderConstruction | OnHold, Cancelled)
    )
}

/// [`transition_allowed`] as a typed error.
pub fn check_transition(from: ProjectStatus, to: ProjectStatus) -> ServiceResult<()> {
    if transition_allowed(from, to) {
        Ok(())
    } else {
        Err(ServiceError::IllegalTransition {
            from: from.as_str().to_owned(),
            to: to.as_str().to_owned(),
        })
    }
}

/// Changes a project's status along the lifecycle; a note given with it is logged beside it.
#[instrument(skip_all, fields(project.id = project_id, status = status.as_str()))]
pub async fn change_status(
    db: &DatabaseConnection,
    actor: Actor<'_>,
    project_id: i32,
    expected_version: i32,
    status: ProjectStatus,
    note: Option<&str>,
) -> ServiceResult<Project> {
    let txn = begin_write(db).await?;
    let old = project_for_write(&txn, actor, project_id, expected_version).await?;
    check_transition(old.status, status)?;
    let mut new = old.clone();
    new.status = status;
    let note: Vec<Change> = note
        .filter(|n| !n.trim().is_empty())
        .map(|n| Change {
            field: events::STATUS_NOTE,
            old: None,
            new: Some(n.to_owned()),
        })
        .into_iter()
        .collect();
    commit_project(txn, actor, &old, new, &note).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lifecycle_is_the_designed_one() {
        use ProjectStatus::*;
        let all = [Planned, UnderConstruction, OnHold, Completed, Cancelled];
        let allowed: Vec<(ProjectStatus, ProjectStatus)> = all
            .iter()
            .flat_map(|a| all.iter().map(move |b| (*a, *b)))
            .filter(|(a, b)| transition_allowed(*a, *b))
            .collect();
        assert_eq!(
            allowed,
            [
                (Planned, UnderConstruction),
                (Planned, OnHold),
                (Planned, Cancelled),
                (UnderConstruction, OnHold),
                (UnderConstruction, Completed),
                (UnderConstruction, Cancelled),
                (OnHold, Planned),
                (OnHold, UnderConstruction),
                (OnHold, Cancelled),
            ]
        );
    }
}
