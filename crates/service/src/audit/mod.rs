//! The change log: append-only, one entry per changed field, written in the transaction of the
//! change it records.
//!
//! - [`fields`]: the log's format, both ways (a field to text, text back to the field);
//! - [`record`]: appending entries and answering a stale version with what changed since;
//! - [`as_of`]: rows as they were at a moment, rebuilt by undoing later entries;
//! - here: reading entries (by id, a project's history, the feed in commit order: see
//!   [`changes`]).

pub mod as_of;
pub mod fields;
pub mod record;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::change_log;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::record_page::{self, RecordPage, RecordSlice};
use crate::{ServiceResult, batch};

/// One change-log entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangeEntry {
    /// Surrogate id, taken at insert.
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
    /// The commit that wrote it (see [`changes`]): entries of one commit share it.
    pub commit_seq: Option<i64>,
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
            commit_seq: m.commit_seq,
        }
    }
}

/// Entries by id, in one query.
pub async fn entries_by_ids(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> ServiceResult<HashMap<i32, ChangeEntry>> {
    batch::by_ids::<change_log::Entity, _>(db, change_log::Column::Id, ids, |m| m.id).await
}

/// A page of each project's history, newest first, in one query.
pub async fn pages_by_project_ids(
    db: &impl ConnectionTrait,
    project_ids: &[i32],
    slice: RecordSlice,
) -> ServiceResult<HashMap<i32, RecordPage<ChangeEntry>>> {
    record_page::pages::<change_log::Model, _>(db, "change_log", project_ids, slice, |m| {
        m.project_id.unwrap_or_default()
    })
    .await
}

/// Which entries of the feed a reader wants; empty lists want everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChangeFilter {
    /// Kinds of object (`project`, `phase`, `monthly_return`, …).
    pub entity_types: Vec<String>,
    /// Projects the entries concern.
    pub project_ids: Vec<i32>,
}

/// Change-log entries in commit order, for sync clients: those after entry `after` (or at or
/// after `since`), at most `limit`, and whether more follow.
///
/// Commit order is (commit_seq, id): every transaction stamps its entries with the write mark it
/// raises at commit, and raises it under the mark's lock, so a reader who has seen an entry has
/// seen every entry committed before it, and no entry can later appear before a cursor it gave.
/// An `after` that names no entry is refused rather than read as "from the start".
pub async fn changes(
    db: &impl ConnectionTrait,
    principal: &crate::access::Principal,
    since: Option<DateTime<Utc>>,
    after: Option<i32>,
    filter: &ChangeFilter,
    limit: u64,
) -> ServiceResult<(Vec<ChangeEntry>, bool)> {
    crate::access::require_read(principal)?;
    let position = match after {
        Some(after) => Some(position_of(db, after).await?),
        None => None,
    };
    changes_after(db, principal, since, position, filter, limit).await
}

/// The position of the committed entry `id`. An id below the oldest entry kept (older entries
/// were archived out of the table) is `CursorExpired`: what followed it is partly gone, so a
/// reader must not be told it has everything; any other id that names no committed change is
/// refused as invalid.
pub async fn position_of(db: &impl ConnectionTrait, id: i32) -> ServiceResult<FeedPosition> {
    use sea_orm::QuerySelect;
    let seq: Option<Option<i64>> = change_log::Entity::find_by_id(id)
        .select_only()
        .column(change_log::Column::CommitSeq)
        .into_tuple()
        .one(db)
        .await?;
    if let Some(Some(seq)) = seq {
        return Ok(FeedPosition { seq, id });
    }
    let oldest: Option<Option<i32>> = change_log::Entity::find()
        .select_only()
        .column_as(change_log::Column::Id.min(), "oldest")
        .into_tuple()
        .one(db)
        .await?;
    match oldest.flatten() {
        Some(oldest) if id < oldest => Err(crate::ServiceError::CursorExpired {
            message: "the cursor names a change older than the change log keeps; page the \
                      `changes` query from its start and subscribe from its last cursor"
                .to_owned(),
        }),
        _ => Err(crate::ServiceError::validation(
            "after",
            "the cursor names no committed change",
        )),
    }
}

/// Where a reader of the feed is: the commit and id of the last entry it has. Positions order
/// as the feed does (by commit, then id).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct FeedPosition {
    /// The entry's `commit_seq`.
    pub seq: i64,
    /// The entry's id.
    pub id: i32,
}

impl FeedPosition {
    /// The position of `entry`, once committed.
    pub fn of(entry: &ChangeEntry) -> Option<Self> {
        entry.commit_seq.map(|seq| Self { seq, id: entry.id })
    }
}

/// [`changes`] from a known position (a stream knows the commit of the last entry it sent, and
/// spares the statement that looks it up).
pub async fn changes_after(
    db: &impl ConnectionTrait,
    principal: &crate::access::Principal,
    since: Option<DateTime<Utc>>,
    position: Option<FeedPosition>,
    filter: &ChangeFilter,
    limit: u64,
) -> ServiceResult<(Vec<ChangeEntry>, bool)> {
    use sea_orm::{Condition, QueryOrder, QuerySelect};
    crate::access::require_read(principal)?;
    let mut query = change_log::Entity::find()
        .filter(change_log::Column::CommitSeq.is_not_null())
        .order_by_asc(change_log::Column::CommitSeq)
        .order_by_asc(change_log::Column::Id);
    if let Some(since) = since {
        query = query.filter(change_log::Column::At.gte(since));
    }
    if let Some(FeedPosition { seq, id }) = position {
        query = query.filter(
            Condition::any()
                .add(change_log::Column::CommitSeq.gt(seq))
                .add(
                    Condition::all()
                        .add(change_log::Column::CommitSeq.eq(seq))
                        .add(change_log::Column::Id.gt(id)),
                ),
        );
    }
    query = query.filter(filter.condition());
    let mut rows = query.limit(limit + 1).all(db).await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok((rows.into_iter().map(ChangeEntry::from).collect(), more))
}

/// The position of the latest committed entry, where a reader of the whole feed starts.
pub async fn latest_position(db: &impl ConnectionTrait) -> ServiceResult<Option<FeedPosition>> {
    use sea_orm::{QueryOrder, QuerySelect};
    let latest: Option<(i32, Option<i64>)> = change_log::Entity::find()
        .select_only()
        .column(change_log::Column::Id)
        .column(change_log::Column::CommitSeq)
        .filter(change_log::Column::CommitSeq.is_not_null())
        .order_by_desc(change_log::Column::CommitSeq)
        .order_by_desc(change_log::Column::Id)
        .into_tuple()
        .one(db)
        .await?;
    Ok(latest.and_then(|(id, seq)| seq.map(|seq| FeedPosition { seq, id })))
}

impl ChangeFilter {
    /// The filter as a condition on change-log rows (the same rule as [`ChangeFilter::wants`]).
    pub fn condition(&self) -> sea_orm::Condition {
        let mut condition = sea_orm::Condition::all();
        if !self.entity_types.is_empty() {
            condition =
                condition.add(change_log::Column::EntityType.is_in(self.entity_types.clone()));
        }
        if !self.project_ids.is_empty() {
            condition =
                condition.add(change_log::Column::ProjectId.is_in(self.project_ids.clone()));
        }
        condition
    }

    /// Whether `entry` is one the filter wants.
    pub fn wants(&self, entry: &ChangeEntry) -> bool {
        (self.entity_types.is_empty() || self.entity_types.contains(&entry.entity_type))
            && (self.project_ids.is_empty()
                || entry
                    .project_id
                    .is_some_and(|id| self.project_ids.contains(&id)))
    }
}

/// The cursor of the latest committed entry `filter` wants (`None`: there is none yet), where a
/// subscriber that asks for no history starts.
pub async fn latest_change(
    db: &impl ConnectionTrait,
    principal: &crate::access::Principal,
    filter: &ChangeFilter,
) -> ServiceResult<Option<i32>> {
    use sea_orm::{QueryOrder, QuerySelect};
    crate::access::require_read(principal)?;
    let mut query = change_log::Entity::find()
        .select_only()
        .column(change_log::Column::Id)
        .filter(change_log::Column::CommitSeq.is_not_null())
        .order_by_desc(change_log::Column::CommitSeq)
        .order_by_desc(change_log::Column::Id);
    query = query.filter(filter.condition());
    Ok(query.into_tuple::<i32>().one(db).await?)
}

pub use as_of::{phases_as_of, project_as_of, projects_as_of};
pub use fields::Change;
