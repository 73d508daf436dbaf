//! Editing, creating and archiving projects.

use chrono::Utc;
use entity::{ProjectStatus, project};
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use tracing::instrument;

use super::{Project, project_key};
use crate::access::require_admin;
use crate::figures::{FigureChanges, HasFigures};
use crate::money::Amount;
use crate::write::{
    Actor, begin_write, commit_project, insert_project, optional_text, project_for_write, set_text,
};
use crate::{ServiceError, ServiceResult};

/// Fields to change on a project. `None`: leave as is; `Some(None)`: set to unknown.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProjectChanges {
    /// Name.
    pub name: Option<String>,
    /// Scope text.
    pub scope: Option<String>,
    /// Period and amounts.
    pub figures: FigureChanges,
    /// Location.
    pub location: Option<Option<String>>,
    /// Land area (亩).
    pub land_area_mu: Option<Option<Decimal>>,
    /// Responsible unit.
    pub responsible_unit: Option<Option<String>>,
}

fn apply(old: &project::Model, changes: ProjectChanges) -> ServiceResult<project::Model> {
    let mut new = old.clone();
    set_text(&mut new.name, "name", changes.name)?;
    set_text(&mut new.scope, "scope", changes.scope)?;
    new.set_figures(old.figures().apply(changes.figures)?);
    if let Some(v) = changes.location {
        new.location = optional_text(v);
    }
    if let Some(v) = changes.land_area_mu {
        new.land_area_micro_mu = v
            .map(|v| {
                Amount::from_decimal(v)
                    .map(Amount::fen)
                    .map_err(|e| ServiceError::validation("landAreaMu", e.to_string()))
            })
            .transpose()?;
    }
    if let Some(v) = changes.responsible_unit {
        new.responsible_unit = optional_text(v);
    }
    Ok(new)
}

/// Edits a project's figures and texts.
#[instrument(skip_all, fields(project.id = project_id))]
pub async fn update_project(
    db: &DatabaseConnection,
    actor: Actor<'_>,
    project_id: i32,
    expected_version: i32,
    changes: ProjectChanges,
) -> ServiceResult<Project> {
    let txn = begin_write(db).await?;
    let old = project_for_write(&txn, actor, project_id, expected_version).await?;
    let new = apply(&old, changes)?;
    commit_project(txn, actor, &old, new, &[]).await
}

/// A new project's placement and figures.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewProject {
    /// List code.
    pub list_code: String,
    /// Category code within the list.
    pub category_code: String,
    /// Sequence number; the next free one when not given.
    pub seq: Option<i32>,
    /// Name and other fields (`Some(None)` and `None` both mean unknown here).
    pub fields: ProjectChanges,
    /// Starting status (PLANNED when not given).
    pub status: Option<ProjectStatus>,
}

/// Creates a project (administrators only).
#[instrument(skip_all, fields(list = %input.list_code, category = %input.category_code))]
pub async fn create_project(
    db: &DatabaseConnection,
    actor: Actor<'_>,
    input: NewProject,
) -> ServiceResult<Project> {
    require_admin(actor.principal)?;
    let txn = begin_write(db).await?;
    let placements = crate::catalog::placements(&txn).await?;
    let place = placements
        .get(&(input.list_code.clone(), input.category_code.clone()))
        .copied()
        .ok_or_else(|| {
            ServiceError::validation(
                "categoryCode",
                format!(
                    "no category {} in list {}",
                    input.category_code, input.list_code
                ),
            )
        })?;
    let seq = match input.seq {
        Some(seq) if seq < 1 => {
            return Err(ServiceError::validation(
                "seq",
                "sequence numbers start at 1",
            ));
        }
        Some(seq) => seq,
        None => {
            let max: Option<i32> = project::Entity::find()
                .select_only()
                .column_as(project::Column::Seq.max(), "max")
                .filter(project::Column::CategoryId.eq(place.category_id))
                .into_tuple()
                .one(&txn)
                .await?
                .flatten();
            max.unwrap_or(0) + 1
        }
    };
    let now = Utc::now();
    let key = project_key(&input.list_code, &input.category_code, seq);
    let blank = project::Model {
        id: 0,
        key: key.clone(),
        category_id: place.category_id,
        list_id: place.list_id,
        list_ordinal: place.list_ordinal,
        category_ordinal: place.category_ordinal,
        seq,
        name: String::new(),
        scope: String::new(),
        start_year: None,
        end_year: None,
        total_investment_fen: None,
        fyp_investment_fen: None,
        status: input.status.unwrap_or(ProjectStatus::Planned),
        location: None,
        land_area_micro_mu: None,
        responsible_unit: None,
        source: None,
        archived_at: None,
        carried_from_id: None,
        physical_id: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    if input.fields.name.is_none() || input.fields.scope.is_none() {
        return Err(ServiceError::validation(
            "name",
            "a project needs a name and a scope",
        ));
    }
    let new = apply(&blank, input.fields)?;
    let saved = insert_project(&txn, actor, &blank, new).await?;
    crate::mark::commit(txn).await?;
    Ok(saved.into())
}

/// Archives a project (administrators only): kept, never deleted, and left out of every set.
#[instrument(skip_all, fields(project.id = project_id))]
pub async fn archive_project(
    db: &DatabaseConnection,
    actor: Actor<'_>,
    project_id: i32,
    expected_version: i32,
) -> ServiceResult<Project> {
    require_admin(actor.principal)?;
    let txn = begin_write(db).await?;
    let old = project_for_write(&txn, actor, project_id, expected_version).await?;
    let mut new = old.clone();
    new.archived_at = Some(Utc::now());
    commit_project(txn, actor, &old, new, &[]).await
}
