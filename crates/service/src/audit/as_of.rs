//! Rows as they were at a moment: today's rows with every later logged change undone, newest
//! first, through the format in [`super::fields`].

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{change_log, phase, project};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::fields::{LoggedField, PHASE_FIELDS, PROJECT_FIELDS, Undo, undo};
use crate::ServiceResult;

/// Entries about `entity_type` rows `ids` logged after `at`, newest first, per row.
async fn later_entries(
    db: &impl ConnectionTrait,
    entity_type: &str,
    ids: &[i32],
    at: DateTime<Utc>,
) -> ServiceResult<HashMap<i32, Vec<change_log::Model>>> {
    let mut later: HashMap<i32, Vec<change_log::Model>> = HashMap::new();
    for chunk in ids.chunks(1000) {
        for entry in change_log::Entity::find()
            .filter(change_log::Column::EntityType.eq(entity_type))
            .filter(change_log::Column::EntityId.is_in(chunk.iter().copied()))
            .filter(change_log::Column::At.gt(at))
            .order_by_desc(change_log::Column::Id)
            .all(db)
            .await?
        {
            later.entry(entry.entity_id).or_default().push(entry);
        }
    }
    Ok(later)
}

/// Undoes `entries` (newest first) on `row`; the version falls to the one before the oldest
/// entry undone.
fn rebuild<M>(
    fields: &[LoggedField<M>],
    row: &mut M,
    version: impl Fn(&mut M) -> &mut i32,
    entries: Vec<change_log::Model>,
) {
    for entry in entries {
        match undo(fields, row, &entry.field, entry.old_value.as_deref()) {
            Undo::Restored | Undo::Event => {
                if let Some(v) = entry.version {
                    let current = version(row);
                    *current = (*current).min(v - 1);
                }
            }
            Undo::Unknown => tracing::warn!(
                entry.id = entry.id,
                entry.field = %entry.field,
                "a change-log entry names no field this row logs; left as is"
            ),
        }
    }
}

/// Projects as they were at `at`, rebuilt from the current rows and the change log: every logged
/// change after `at` is undone, newest first. Projects created after `at` are left out.
pub async fn projects_as_of(
    db: &impl ConnectionTrait,
    rows: Vec<project::Model>,
    at: DateTime<Utc>,
) -> ServiceResult<Vec<project::Model>> {
    let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
    let mut later = later_entries(db, "project", &ids, at).await?;
    Ok(rows
        .into_iter()
        .filter(|r| r.created_at <= at)
        .map(|mut row| {
            let entries = later.remove(&row.id).unwrap_or_default();
            rebuild(&PROJECT_FIELDS, &mut row, |r| &mut r.version, entries);
            row
        })
        .collect())
}

/// Phases as they were at `at`, rebuilt like [`projects_as_of`]. Phases created after `at` are
/// left out.
pub async fn phases_as_of(
    db: &impl ConnectionTrait,
    rows: Vec<phase::Model>,
    at: DateTime<Utc>,
) -> ServiceResult<Vec<phase::Model>> {
    let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
    let mut later = later_entries(db, "phase", &ids, at).await?;
    Ok(rows
        .into_iter()
        .filter(|r| r.created_at <= at)
        .map(|mut row| {
            let entries = later.remove(&row.id).unwrap_or_default();
            rebuild(&PHASE_FIELDS, &mut row, |r| &mut r.version, entries);
            row
        })
        .collect())
}

/// The project with `key` as it was at `at`, or `None` when it did not exist yet.
pub async fn project_as_of(
    db: &impl ConnectionTrait,
    principal: &crate::access::Principal,
    key: &str,
    at: DateTime<Utc>,
) -> ServiceResult<Option<crate::project::Project>> {
    crate::access::require_read(principal)?;
    let Some(row) = project::Entity::find()
        .filter(project::Column::Key.eq(key))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(projects_as_of(db, vec![row], at)
        .await?
        .pop()
        .filter(|p| p.archived_at.is_none())
        .map(Into::into))
}
