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

/// A logged row type: its change-log name, its logged fields and where its identity, creation
/// time and version live.
pub(crate) struct LoggedRows<'a, M> {
    /// The change log's `entity_type`.
    pub entity_type: &'a str,
    /// Its logged fields.
    pub fields: &'a [LoggedField<M>],
    /// The row's id.
    pub id: fn(&M) -> i32,
    /// When the row was created.
    pub created: fn(&M) -> DateTime<Utc>,
    /// The row's version.
    pub version: fn(&mut M) -> &mut i32,
}

/// Rows of any logged type as they were at `at`, rebuilt like [`projects_as_of`]; rows created
/// after `at` are left out.
pub(crate) async fn rows_as_of<M>(
    db: &impl ConnectionTrait,
    kind: &LoggedRows<'_, M>,
    rows: Vec<M>,
    at: DateTime<Utc>,
) -> ServiceResult<Vec<M>> {
    let ids: Vec<i32> = rows.iter().map(kind.id).collect();
    let mut later = later_entries(db, kind.entity_type, &ids, at).await?;
    Ok(rows
        .into_iter()
        .filter(|r| (kind.created)(r) <= at)
        .map(|mut row| {
            let entries = later.remove(&(kind.id)(&row)).unwrap_or_default();
            rebuild(kind.fields, &mut row, kind.version, entries);
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

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use entity::{ProjectStatus, phase, project};
    use rust_decimal::Decimal;
    use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

    use super::{phases_as_of, projects_as_of};
    use crate::access::Principal;
    use crate::audit::fields::{PHASE_FIELDS, PROJECT_FIELDS};
    use crate::figures::FigureChanges;
    use crate::phase::{PhaseChanges, update_phase};
    use crate::project::write::{ProjectChanges, archive_project, update_project};
    use crate::write::Actor;
    use crate::{ServiceError, ServiceResult, lifecycle};

    async fn seeded() -> ServiceResult<(DatabaseConnection, std::path::PathBuf)> {
        crate::db::scratch("as-of", true).await
    }

    fn d(text: &str) -> Option<Decimal> {
        text.parse().ok()
    }

    /// The row without what the log does not hold (the time of the last write).
    fn comparable<M: Clone>(row: &M, clear: fn(&mut M)) -> M {
        let mut row = row.clone();
        clear(&mut row);
        row
    }

    #[tokio::test]
    async fn writing_every_logged_field_then_as_of_gives_back_the_old_row() -> ServiceResult<()> {
        let (db, path) = seeded().await?;
        let office = Principal::operator("office");
        let actor = Actor {
            principal: &office,
            request_id: None,
        };
        let by_key = project::Column::Key.eq("DONGTOU-GREEN-08");
        let first = |rows: Vec<project::Model>| {
            rows.into_iter()
                .next()
                .ok_or_else(|| ServiceError::not_found("project"))
        };
        let project = first(
            project::Entity::find()
                .filter(by_key.clone())
                .all(&db)
                .await?,
        )?;
        let phase = phase::Entity::find()
            .filter(phase::Column::ProjectId.eq(project.id))
            .all(&db)
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| ServiceError::not_found("phase"))?;
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        let before = Utc::now();
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;

        let changes = ProjectChanges {
            name: Some("改名的项目".into()),
            scope: Some("新的建设内容".into()),
            figures: FigureChanges {
                start_year: Some(Some(2019)),
                end_year: Some(None),
                total_investment: Some(d("1303600.000001")),
                fyp_investment: Some(None),
            },
            location: Some(Some("霓屿岛".into())),
            land_area_mu: Some(d("12.5")),
            responsible_unit: Some(Some("区经信局".into())),
        };
        let p = update_project(&db, actor, project.id, project.version, changes).await?;
        let status = ProjectStatus::UnderConstruction;
        let p = lifecycle::change_status(&db, actor, p.id, p.version, status, None).await?;
        let phase_changes = PhaseChanges {
            ordinal: Some(9),
            name: Some("九期".into()),
            scope: Some("别的内容".into()),
            figures: FigureChanges {
                start_year: Some(Some(2030)),
                end_year: Some(Some(2031)),
                total_investment: Some(d("7")),
                fyp_investment: Some(d("0.5")),
            },
        };
        update_phase(&db, actor, phase.id, phase.version, phase_changes).await?;
        let p = archive_project(&db, actor, p.id, p.version).await?;
        assert_eq!(p.version, project.version + 3);

        let logged: Vec<String> = entity::change_log::Entity::find()
            .filter(entity::change_log::Column::At.gt(before))
            .all(&db)
            .await?
            .into_iter()
            .map(|e| format!("{}.{}", e.entity_type, e.field))
            .collect();
        for field in PROJECT_FIELDS.iter().map(|f| format!("project.{}", f.name)) {
            assert!(logged.contains(&field), "{field} was not written");
        }
        for field in PHASE_FIELDS.iter().map(|f| format!("phase.{}", f.name)) {
            assert!(logged.contains(&field), "{field} was not written");
        }

        let now = first(project::Entity::find().filter(by_key).all(&db).await?)?;
        let rebuilt = first(projects_as_of(&db, vec![now], before).await?)?;
        let clear = |m: &mut project::Model| m.updated_at = chrono::DateTime::UNIX_EPOCH;
        assert_eq!(comparable(&rebuilt, clear), comparable(&project, clear));

        let now = phase::Entity::find_by_id(phase.id)
            .one(&db)
            .await?
            .ok_or_else(|| ServiceError::not_found("phase"))?;
        let rebuilt = phases_as_of(&db, vec![now], before)
            .await?
            .pop()
            .ok_or_else(|| ServiceError::not_found("phase"))?;
        let clear = |m: &mut phase::Model| m.updated_at = chrono::DateTime::UNIX_EPOCH;
        assert_eq!(comparable(&rebuilt, clear), comparable(&phase, clear));

        db.close().await.ok();
        for suffix in ["", "-wal", "-shm"] {
            std::fs::remove_file(format!("{}{suffix}", path.display())).ok();
        }
        Ok(())
    }
}
