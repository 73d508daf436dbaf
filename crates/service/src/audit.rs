//! The change log: append-only, one entry per changed field.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::change_log;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::ServiceResult;
use crate::window::{self, Window, WindowPage};

/// One change-log entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangeEntry {
    /// Surrogate id; increases with commit order.
    pub id: i32,
    /// When the change was committed.
    pub at: DateTime<Utc>,
    /// Who made it.
    pub actor: String,
    /// Kind of object changed (`project`, `phase`, …).
    pub entity_type: String,
    /// Id of the object changed.
    pub entity_id: i32,
    /// The project concerned.
    pub project_id: Option<i32>,
    /// The field changed (`created` for a new object).
    pub field: String,
    /// Value before, as text.
    pub old_value: Option<String>,
    /// Value after, as text.
    pub new_value: Option<String>,
    /// The request that made it.
    pub request_id: Option<String>,
}

impl From<change_log::Model> for ChangeEntry {
    fn from(m: change_log::Model) -> Self {
        Self {
            id: m.id,
            at: m.at,
            actor: m.actor,
            entity_type: m.entity_type,
            entity_id: m.entity_id,
            project_id: m.project_id,
            field: m.field,
            old_value: m.old_value,
            new_value: m.new_value,
            request_id: m.request_id,
        }
    }
}

/// Entries by id, in one query.
pub async fn entries_by_ids(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> ServiceResult<HashMap<i32, ChangeEntry>> {
    let rows = change_log::Entity::find()
        .filter(change_log::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|m| (m.id, m.into())).collect())
}

/// A page of each project's history, newest first, in one query.
pub async fn pages_by_project_ids(
    db: &impl ConnectionTrait,
    project_ids: &[i32],
    window: Window,
) -> ServiceResult<HashMap<i32, WindowPage<ChangeEntry>>> {
    let pages = window::pages::<change_log::Model>(db, "change_log", project_ids, window, |m| {
        (m.project_id.unwrap_or_default(), m.id)
    })
    .await?;
    Ok(pages
        .into_iter()
        .map(|(k, p)| {
            (
                k,
                WindowPage {
                    items: p.items.into_iter().map(ChangeEntry::from).collect(),
                    more: p.more,
                },
            )
        })
        .collect())
}
