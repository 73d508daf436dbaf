//! Appending to the change log inside a write's transaction, and telling a writer with a stale
//! version what changed since the version it read.

use chrono::{DateTime, Utc};
use entity::change_log;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set};

use super::fields::Change;
use crate::write::Actor;
use crate::{ServiceError, ServiceResult};

/// The object a change-log entry is about, and the version the change gave it.
#[derive(Clone, Copy, Debug)]
pub struct Target<'a> {
    /// Kind of object (`project`, `phase`).
    pub entity_type: &'a str,
    /// Its id.
    pub entity_id: i32,
    /// The project concerned, when the object belongs to one (an indicator does not).
    pub project_id: Option<i32>,
    /// The version the change gave the object.
    pub version: i32,
}

/// Appends one entry per change, all stamped `at`; nothing when there are no changes.
pub async fn append(
    txn: &impl ConnectionTrait,
    actor: Actor<'_>,
    target: Target<'_>,
    changes: &[Change],
    at: DateTime<Utc>,
) -> ServiceResult<()> {
    append_many(txn, actor, &[(target, changes.to_vec())], at).await
}

/// [`append`] for many objects at once (a bulk writer's): one statement per 2 000 entries.
pub async fn append_many(
    txn: &impl ConnectionTrait,
    actor: Actor<'_>,
    entries: &[(Target<'_>, Vec<Change>)],
    at: DateTime<Utc>,
) -> ServiceResult<()> {
    let rows: Vec<change_log::ActiveModel> = entries
        .iter()
        .flat_map(|(target, changes)| {
            changes.iter().map(move |c| change_log::ActiveModel {
                at: Set(at),
                actor: Set(actor.principal.name.clone()),
                entity_type: Set(target.entity_type.to_owned()),
                entity_id: Set(target.entity_id),
                project_id: Set(target.project_id),
                field: Set(c.field.to_owned()),
                old_value: Set(c.old.clone()),
                new_value: Set(c.new.clone()),
                version: Set(Some(target.version)),
                request_id: Set(actor.request_id.map(str::to_owned)),
                ..Default::default()
            })
        })
        .collect();
    for chunk in rows.chunks(2_000) {
        change_log::Entity::insert_many(chunk.to_vec())
            .exec(txn)
            .await?;
    }
    Ok(())
}

/// The fields of an object changed after `version`, from the change log.
async fn changed_since(
    txn: &impl ConnectionTrait,
    entity_type: &str,
    entity_id: i32,
    version: i32,
) -> ServiceResult<Vec<String>> {
    let mut fields: Vec<String> = change_log::Entity::find()
        .select_only()
        .column(change_log::Column::Field)
        .filter(change_log::Column::EntityType.eq(entity_type))
        .filter(change_log::Column::EntityId.eq(entity_id))
        .filter(change_log::Column::Version.gt(version))
        .into_tuple::<String>()
        .all(txn)
        .await?;
    fields.sort();
    fields.dedup();
    Ok(fields)
}

/// The conflict answered to a writer who read `expected` of an object now at `current`: it names
/// the fields changed since, so the client can show them.
pub async fn stale(
    txn: &impl ConnectionTrait,
    entity_type: &str,
    id: i32,
    current: i32,
    expected: i32,
) -> ServiceError {
    match changed_since(txn, entity_type, id, expected).await {
        Ok(changed_fields) => ServiceError::Stale {
            current_version: current,
            changed_fields,
        },
        Err(err) => err,
    }
}
