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
    /// The version the object reached.
    pub version: Option<i32>,
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
            version: m.version,
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

/// Change-log entries in commit order, for sync clients: those after entry `after` (or at or
/// after `since`), at most `limit`, and whether more follow.
pub async fn changes(
    db: &impl ConnectionTrait,
    principal: &crate::access::Principal,
    since: Option<DateTime<Utc>>,
    after: Option<i32>,
    limit: u64,
) -> ServiceResult<(Vec<ChangeEntry>, bool)> {
    use sea_orm::{QueryOrder, QuerySelect};
    crate::access::require_read(principal)?;
    let mut query = change_log::Entity::find().order_by_asc(change_log::Column::Id);
    if let Some(since) = since {
        query = query.filter(change_log::Column::At.gte(since));
    }
    if let Some(after) = after {
        query = query.filter(change_log::Column::Id.gt(after));
    }
    let mut rows = query.limit(limit + 1).all(db).await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok((rows.into_iter().map(ChangeEntry::from).collect(), more))
}

/// Puts one logged value back into a project row: the reverse of a change.
fn revert(row: &mut entity::project::Model, field: &str, old: Option<&str>) -> bool {
    use std::str::FromStr;
    let fen = |v: Option<&str>| {
        v.and_then(|t| crate::money::Amount::from_str(t).ok())
            .map(|a| a.fen())
    };
    let year = |v: Option<&str>| v.and_then(|t| t.parse::<i32>().ok());
    match field {
        "name" => row.name = old.unwrap_or_default().to_owned(),
        "scope" => row.scope = old.unwrap_or_default().to_owned(),
        "startYear" => row.start_year = year(old),
        "endYear" => row.end_year = year(old),
        "totalInvestment" => row.total_investment_fen = fen(old),
        "fypInvestment" => row.fyp_investment_fen = fen(old),
        "landAreaMu" => row.land_area_micro_mu = fen(old),
        "location" => row.location = old.map(str::to_owned),
        "responsibleUnit" => row.responsible_unit = old.map(str::to_owned),
        "archivedAt" => {
            row.archived_at = old
                .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
                .map(|t| t.with_timezone(&Utc))
        }
        "status" => {
            if let Some(status) = old.and_then(|s| {
                [
                    entity::ProjectStatus::Planned,
                    entity::ProjectStatus::UnderConstruction,
                    entity::ProjectStatus::OnHold,
                    entity::ProjectStatus::Completed,
                    entity::ProjectStatus::Cancelled,
                ]
                .into_iter()
                .find(|st| st.as_str() == s)
            }) {
                row.status = status;
            }
        }
        _ => return false,
    }
    true
}

/// Projects as they were at `at`, rebuilt from the current rows and the change log: every logged
/// change after `at` is undone, newest first. Projects created after `at` are left out.
pub async fn projects_as_of(
    db: &impl ConnectionTrait,
    rows: Vec<entity::project::Model>,
    at: DateTime<Utc>,
) -> ServiceResult<Vec<entity::project::Model>> {
    use sea_orm::QueryOrder;
    let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
    let mut later: HashMap<i32, Vec<change_log::Model>> = HashMap::new();
    for chunk in ids.chunks(1000) {
        for entry in change_log::Entity::find()
            .filter(change_log::Column::EntityType.eq("project"))
            .filter(change_log::Column::EntityId.is_in(chunk.iter().copied()))
            .filter(change_log::Column::At.gt(at))
            .order_by_desc(change_log::Column::Id)
            .all(db)
            .await?
        {
            later.entry(entry.entity_id).or_default().push(entry);
        }
    }
    Ok(rows
        .into_iter()
        .filter(|r| r.created_at <= at)
        .map(|mut row| {
            for entry in later.remove(&row.id).unwrap_or_default() {
                if revert(&mut row, &entry.field, entry.old_value.as_deref())
                    && let Some(version) = entry.version
                {
                    row.version = row.version.min(version - 1);
                }
            }
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
    let Some(row) = entity::project::Entity::find()
        .filter(entity::project::Column::Key.eq(key))
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
