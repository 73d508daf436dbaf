//! Phases of a project (一期、二期、三期): their own scope and figures, read in batches, added and
//! edited at the version the caller read.

use std::collections::HashMap;

use chrono::Utc;
use entity::{phase, project};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QuerySelect,
};
use tracing::instrument;

use crate::access::require_project_write;
use crate::audit::fields::{Change, PHASE_FIELDS, diff, events};
use crate::audit::record::{Target, append, stale};
use crate::error::OnUnique;
use crate::figures::{FigureChanges, HasFigures};
use crate::money::opt_decimal;
use crate::project::Project;
use crate::write::{
    Actor, begin_write, check_not_archived, commit_project, nothing_to_change, project_for_write,
    set_text,
};
use crate::{ServiceError, ServiceResult, batch};

/// A phase of a project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phase {
    /// Surrogate id.
    pub id: i32,
    /// Owning project.
    pub project_id: i32,
    /// Phase number (一期 = 1).
    pub ordinal: i32,
    /// Name as printed.
    pub name: String,
    /// Scope as printed.
    pub scope: String,
    /// Start year, when known.
    pub start_year: Option<i32>,
    /// End year, when known.
    pub end_year: Option<i32>,
    /// Total investment (万元), when known.
    pub total_investment: Option<Decimal>,
    /// 14th-FYP investment (万元), when known.
    pub fyp_investment: Option<Decimal>,
    /// Where the text comes from.
    pub source: Option<String>,
    /// Version for optimistic concurrency.
    pub version: i32,
}

impl From<phase::Model> for Phase {
    fn from(m: phase::Model) -> Self {
        Self {
            id: m.id,
            project_id: m.project_id,
            ordinal: m.ordinal,
            name: m.name,
            scope: m.scope,
            start_year: m.start_year,
            end_year: m.end_year,
            total_investment: opt_decimal(m.total_investment_fen),
            fyp_investment: opt_decimal(m.fyp_investment_fen),
            source: m.source,
            version: m.version,
        }
    }
}

/// The phases of each project, in phase order, in one query.
pub async fn phases_by_project_ids(
    db: &impl ConnectionTrait,
    project_ids: &[i32],
) -> ServiceResult<HashMap<i32, Vec<Phase>>> {
    let (project, ordinal) = (phase::Column::ProjectId, phase::Column::Ordinal);
    batch::grouped_by::<phase::Entity, _>(db, project, project_ids, ordinal, |m| m.project_id).await
}

/// Phases by id, in one query.
pub async fn phases_by_ids(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> ServiceResult<HashMap<i32, Phase>> {
    batch::by_ids::<phase::Entity, _>(db, phase::Column::Id, ids, |m| m.id).await
}

/// A phase's fields. For an update, `None` leaves a field as it is and `Some(None)` sets it to
/// unknown; for a new phase, `None` is unknown.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PhaseChanges {
    /// Phase number; a new phase takes the next one when not given.
    pub ordinal: Option<i32>,
    /// Name, e.g. 一期.
    pub name: Option<String>,
    /// Scope.
    pub scope: Option<String>,
    /// Period and amounts.
    pub figures: FigureChanges,
}

fn apply(mut new: phase::Model, changes: PhaseChanges) -> ServiceResult<phase::Model> {
    if let Some(ordinal) = changes.ordinal {
        if ordinal < 1 {
            return Err(ServiceError::validation(
                "ordinal",
                "phases are numbered from 1",
            ));
        }
        new.ordinal = ordinal;
    }
    set_text(&mut new.name, "name", changes.name)?;
    set_text(&mut new.scope, "scope", changes.scope)?;
    let figures = new.figures().apply(changes.figures)?;
    new.set_figures(figures);
    Ok(new)
}

/// Refuses a second phase with the same number in one project.
async fn check_ordinal_free(
    txn: &impl ConnectionTrait,
    project_id: i32,
    ordinal: i32,
) -> ServiceResult<()> {
    let taken = phase::Entity::find()
        .filter(phase::Column::ProjectId.eq(project_id))
        .filter(phase::Column::Ordinal.eq(ordinal))
        .one(txn)
        .await?
        .is_some();
    if taken {
        Err(ServiceError::conflict(format!(
            "phase {ordinal} exists already"
        )))
    } else {
        Ok(())
    }
}

/// Adds a phase to a project; the project's version rises with it.
#[instrument(skip_all, fields(project.id = project_id))]
pub async fn add_phase(
    db: &DatabaseConnection,
    actor: Actor<'_>,
    project_id: i32,
    expected_version: i32,
    input: PhaseChanges,
) -> ServiceResult<(Project, Phase)> {
    let txn = begin_write(db).await?;
    let old = project_for_write(&txn, actor, project_id, expected_version).await?;
    let next: Option<i32> = phase::Entity::find()
        .select_only()
        .column_as(phase::Column::Ordinal.max(), "max")
        .filter(phase::Column::ProjectId.eq(project_id))
        .into_tuple()
        .one(&txn)
        .await?
        .flatten();
    let now = Utc::now();
    let blank = phase::Model {
        id: 0,
        project_id,
        ordinal: next.unwrap_or(0) + 1,
        name: String::new(),
        scope: String::new(),
        start_year: None,
        end_year: None,
        total_investment_fen: None,
        fyp_investment_fen: None,
        source: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    if input.name.is_none() || input.scope.is_none() {
        return Err(ServiceError::validation(
            "name",
            "a phase needs a name and a scope",
        ));
    }
    let new = apply(blank.clone(), input)?;
    check_ordinal_free(&txn, project_id, new.ordinal).await?;
    let ordinal = new.ordinal;
    let mut active = phase::ActiveModel::from(new).reset_all();
    active.id = sea_orm::ActiveValue::NotSet;
    let saved = active
        .insert(&txn)
        .await
        .on_unique(|| format!("phase {ordinal} exists already"))?;
    // The new phase's own entries: every field it was given, from blank.
    let blank = phase::Model {
        id: saved.id,
        ordinal: saved.ordinal,
        ..blank
    };
    // Logged in the physical project's one history, whichever listing the phase belongs to.
    let target = Target {
        entity_type: "phase",
        entity_id: saved.id,
        project_id: Some(old.physical()),
        version: 1,
    };
    append(
        &txn,
        actor,
        target,
        &diff(&PHASE_FIELDS, &blank, &saved),
        now,
    )
    .await?;
    let created = Change {
        field: events::PHASE,
        old: None,
        new: Some(format!("{} {}", saved.ordinal, saved.name)),
    };
    let project = commit_project(txn, actor, &old, old.clone(), &[created]).await?;
    Ok((project, saved.into()))
}

/// Edits a phase, at the version the caller read.
#[instrument(skip_all, fields(phase.id = phase_id))]
pub async fn update_phase(
    db: &DatabaseConnection,
    actor: Actor<'_>,
    phase_id: i32,
    expected_version: i32,
    changes: PhaseChanges,
) -> ServiceResult<Phase> {
    let txn = begin_write(db).await?;
    let old = phase::Entity::find_by_id(phase_id)
        .one(&txn)
        .await?
        .ok_or_else(|| ServiceError::not_found("phase"))?;
    let project = project::Entity::find_by_id(old.project_id)
        .one(&txn)
        .await?
        .ok_or_else(|| ServiceError::not_found("project"))?;
    require_project_write(&txn, actor.principal, project.physical()).await?;
    check_not_archived(&project, "phaseId")?;
    if old.version != expected_version {
        return Err(stale(&txn, "phase", old.id, old.version, expected_version).await);
    }
    let now = Utc::now();
    let mut new = apply(old.clone(), changes)?;
    new.version = old.version + 1;
    new.updated_at = now;
    let changes = diff(&PHASE_FIELDS, &old, &new);
    if changes.is_empty() {
        return Err(nothing_to_change());
    }
    if new.ordinal != old.ordinal {
        check_ordinal_free(&txn, old.project_id, new.ordinal).await?;
    }
    let mut active = phase::ActiveModel::from(new.clone()).reset_all();
    active.id = sea_orm::ActiveValue::NotSet;
    active.project_id = sea_orm::ActiveValue::NotSet;
    active.created_at = sea_orm::ActiveValue::NotSet;
    let result = phase::Entity::update_many()
        .set(active)
        .filter(phase::Column::Id.eq(old.id))
        .filter(phase::Column::Version.eq(old.version))
        .exec(&txn)
        .await
        .on_unique(|| format!("phase {} exists already", new.ordinal))?;
    if result.rows_affected != 1 {
        return Err(stale(&txn, "phase", old.id, old.version + 1, old.version).await);
    }
    let target = Target {
        entity_type: "phase",
        entity_id: old.id,
        project_id: Some(project.physical()),
        version: new.version,
    };
    append(&txn, actor, target, &changes, now).await?;
    crate::mark::commit(txn).await?;
    Ok(new.into())
}
