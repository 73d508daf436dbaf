//! What every write shares: who writes, the transaction it runs in, the checks on the project it
//! changes, and storing that project with its change log and aggregate delta.
//!
//! Every write names the version it read (`expected_version`); a stale one is a conflict that
//! changes nothing. Each write runs in one transaction that also appends its change-log entries,
//! so a change and its record commit together or not at all. On SQLite the transaction takes the
//! write lock at `BEGIN`, so concurrent writers queue instead of failing mid-way.
//!
//! The writes themselves live with their aggregate: [`crate::lifecycle`] (status changes),
//! [`crate::project::write`] (edits, new and archived projects), [`crate::progress`] (reports),
//! [`crate::phase`] (phases).

use chrono::Utc;
use entity::project;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, Iterable,
    ModelTrait, QueryFilter, SqliteTransactionMode, TransactionOptions, TransactionTrait,
};

use crate::access::{Principal, require_project_write};
use crate::audit::fields::{Change, PROJECT_FIELDS, diff};
use crate::audit::record::{Target, append, stale};
use crate::error::OnUnique;
use crate::project::Project;
use crate::{ServiceError, ServiceResult};

/// Who writes, and in which request.
#[derive(Clone, Copy, Debug)]
pub struct Actor<'a> {
    /// The caller.
    pub principal: &'a Principal,
    /// The request's id, recorded with each change.
    pub request_id: Option<&'a str>,
}

/// A write transaction: immediate on SQLite, so the write lock is held from the start.
pub async fn begin_write<C: TransactionTrait>(db: &C) -> ServiceResult<C::Transaction> {
    Ok(db
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await?)
}

/// The answer to a write whose every value is the current one.
pub(crate) fn nothing_to_change() -> ServiceError {
    ServiceError::validation(
        "input",
        "nothing to change: every value given is the current one",
    )
}

/// Refuses a write to an archived project; `field` is the input naming it.
pub(crate) fn check_not_archived(project: &project::Model, field: &str) -> ServiceResult<()> {
    match project.archived_at {
        Some(_) => Err(ServiceError::validation(
            field,
            format!("project {} is archived", project.key),
        )),
        None => Ok(()),
    }
}

/// The project to change, checked: it exists, the caller may write it, it is not archived, and it
/// is at the version the caller read.
pub(crate) async fn project_for_write(
    txn: &impl ConnectionTrait,
    actor: Actor<'_>,
    project_id: i32,
    expected_version: i32,
) -> ServiceResult<project::Model> {
    project_checked(txn, project_id, expected_version, |project| async move {
        require_project_write(txn, actor.principal, project).await
    })
    .await
}

/// The project the office changes (an annual plan): like [`project_for_write`], with the
/// office's authorisation instead of a manager's.
pub(crate) async fn project_for_office_write(
    txn: &impl ConnectionTrait,
    actor: Actor<'_>,
    project_id: i32,
    expected_version: i32,
) -> ServiceResult<project::Model> {
    crate::access::require_office(actor.principal)?;
    project_checked(txn, project_id, expected_version, |_| async { Ok(()) }).await
}

async fn project_checked<F, Fut>(
    txn: &impl ConnectionTrait,
    project_id: i32,
    expected_version: i32,
    authorise: F,
) -> ServiceResult<project::Model>
where
    F: FnOnce(i32) -> Fut,
    Fut: std::future::Future<Output = ServiceResult<()>>,
{
    let project = project::Entity::find_by_id(project_id)
        .one(txn)
        .await?
        .ok_or_else(|| ServiceError::not_found("project"))?;
    // A manager is assigned to the physical project, whichever of its listings is written.
    authorise(project.physical()).await?;
    check_not_archived(&project, "projectId")?;
    if project.version != expected_version {
        return Err(stale(
            txn,
            "project",
            project.id,
            project.version,
            expected_version,
        )
        .await);
    }
    if let Some(root) = project.physical_id {
        crate::project::listing::claim_physical(txn, root).await?;
    }
    Ok(project)
}

/// Stores `new` (whose version the caller has raised by one) if the row is still at `old`'s
/// version; the version check in the statement is what makes concurrent writers safe.
async fn save_project(
    txn: &impl ConnectionTrait,
    old: &project::Model,
    new: project::Model,
) -> ServiceResult<project::Model> {
    // Only the columns that differ are written: the version condition below holds only while the
    // row is still `old`, so every other column already holds `new`'s value. (A write always
    // raises the version and stamps the time, so there is always something to set.)
    let mut active = project::ActiveModel::from(new.clone());
    for column in project::Column::iter() {
        let fixed = matches!(
            column,
            project::Column::Id | project::Column::Key | project::Column::CreatedAt
        );
        if !fixed && old.get(column) != new.get(column) {
            active.reset(column);
        }
    }
    let result = project::Entity::update_many()
        .set(active)
        .filter(project::Column::Id.eq(old.id))
        .filter(project::Column::Version.eq(old.version))
        .exec(txn)
        .await?;
    if result.rows_affected != 1 {
        let current = project::Entity::find_by_id(old.id)
            .one(txn)
            .await?
            .map_or(old.version, |p| p.version);
        return Err(stale(txn, "project", old.id, current, old.version).await);
    }
    Ok(new)
}

/// Commits a changed project: the row (version checked), the maintained aggregates, its change
/// log (the changed fields, then `events`), then the transaction.
pub(crate) async fn commit_project(
    txn: DatabaseTransaction,
    actor: Actor<'_>,
    old: &project::Model,
    new: project::Model,
    events: &[Change],
) -> ServiceResult<Project> {
    let saved = save_project_change(&txn, actor, old, new, events).await?;
    crate::mark::commit(txn).await?;
    Ok(saved.into())
}

/// Saves `new` over `old` inside `txn`: the version rises, the maintained aggregates follow and
/// the change log records every field that changed; nothing to change is an error.
pub(crate) async fn save_project_change(
    txn: &DatabaseTransaction,
    actor: Actor<'_>,
    old: &project::Model,
    mut new: project::Model,
    events: &[Change],
) -> ServiceResult<project::Model> {
    let now = Utc::now();
    new.version = old.version + 1;
    new.updated_at = now;
    let mut logged = diff(&PROJECT_FIELDS, old, &new);
    if logged.is_empty() && events.is_empty() {
        return Err(nothing_to_change());
    }
    let saved = save_project(txn, old, new).await?;
    crate::finance::aggregate::apply_delta(txn, Some(old), Some(&saved)).await?;
    logged.extend_from_slice(events);
    let target = Target {
        entity_type: "project",
        entity_id: saved.id,
        project_id: Some(saved.physical()),
        version: saved.version,
    };
    append(txn, actor, target, &logged, now).await?;
    if saved.status != old.status {
        follow_status(txn, actor, &saved).await?;
    }
    Ok(saved)
}

/// A physical project has one status: the other listings of `saved`'s project take its status
/// in the same transaction, each with its version, aggregates and change log.
async fn follow_status(
    txn: &DatabaseTransaction,
    actor: Actor<'_>,
    saved: &project::Model,
) -> ServiceResult<()> {
    for other in crate::project::listing::others(txn, saved).await? {
        if other.status == saved.status {
            continue;
        }
        let mut new = other.clone();
        new.status = saved.status;
        new.version = other.version + 1;
        new.updated_at = saved.updated_at;
        let logged = diff(&PROJECT_FIELDS, &other, &new);
        let stored = save_project(txn, &other, new).await?;
        crate::finance::aggregate::apply_delta(txn, Some(&other), Some(&stored)).await?;
        let target = Target {
            entity_type: "project",
            entity_id: stored.id,
            project_id: Some(stored.physical()),
            version: stored.version,
        };
        append(txn, actor, target, &logged, saved.updated_at).await?;
    }
    Ok(())
}

/// Inserts a new project inside `txn`: the maintained aggregates follow, and the change log
/// records its creation and every field set, as against `blank`.
pub(crate) async fn insert_project(
    txn: &DatabaseTransaction,
    actor: Actor<'_>,
    blank: &project::Model,
    new: project::Model,
) -> ServiceResult<project::Model> {
    let key = new.key.clone();
    let mut active = project::ActiveModel::from(new).reset_all();
    active.id = sea_orm::ActiveValue::NotSet;
    let saved = active
        .insert(txn)
        .await
        .on_unique(|| format!("project {key} exists already"))?;
    crate::finance::aggregate::apply_delta(txn, None, Some(&saved)).await?;
    let (target, changes) = created(blank, &saved);
    append(txn, actor, target, &changes, saved.created_at).await?;
    Ok(saved)
}

/// The change-log entries of a project's creation: `created` and every field set, as against
/// `blank`.
fn created<'a>(blank: &project::Model, saved: &project::Model) -> (Target<'a>, Vec<Change>) {
    let mut changes = vec![Change {
        field: crate::audit::fields::events::CREATED,
        old: None,
        new: Some(saved.key.clone()),
    }];
    changes.extend(diff(&PROJECT_FIELDS, blank, saved));
    let target = Target {
        entity_type: "project",
        entity_id: saved.id,
        project_id: Some(saved.physical()),
        version: 1,
    };
    (target, changes)
}

/// [`insert_project`] for many projects (`(blank, new)` pairs), 500 rows a statement, with their
/// aggregates and change-log entries added in bulk: what an import of a whole list writes.
pub(crate) async fn insert_projects(
    txn: &DatabaseTransaction,
    actor: Actor<'_>,
    rows: Vec<(project::Model, project::Model)>,
) -> ServiceResult<()> {
    for chunk in rows.chunks(500) {
        let actives = chunk.iter().map(|(_, new)| {
            let mut active = project::ActiveModel::from(new.clone()).reset_all();
            active.id = sea_orm::ActiveValue::NotSet;
            active
        });
        let saved = project::Entity::insert_many(actives)
            .exec_with_returning(txn)
            .await
            .on_unique(|| "a project of the list was created meanwhile; import again".to_owned())?;
        let by_key: std::collections::HashMap<&str, &project::Model> =
            saved.iter().map(|p| (p.key.as_str(), p)).collect();
        let mut delta = crate::finance::AggregateDelta::new();
        let mut entries = Vec::with_capacity(chunk.len());
        for (blank, new) in chunk {
            let Some(saved) = by_key.get(new.key.as_str()) else {
                return Err(crate::ServiceError::internal(format!(
                    "project {} was inserted but not returned",
                    new.key
                )));
            };
            delta.add(crate::finance::Contribution::from(*saved));
            entries.push(created(blank, saved));
        }
        delta.apply(txn).await?;
        let at = saved.first().map_or_else(Utc::now, |p| p.created_at);
        crate::audit::record::append_many(txn, actor, &entries, at).await?;
    }
    Ok(())
}

/// Replaces a required text when a new one is given; it must not be blank.
pub(crate) fn set_text(
    target: &mut String,
    field: &str,
    value: Option<String>,
) -> ServiceResult<()> {
    if let Some(value) = value {
        if value.trim().is_empty() {
            return Err(ServiceError::validation(field, "must not be empty"));
        }
        *target = value;
    }
    Ok(())
}

/// An optional text as stored: blank is absent.
pub(crate) fn optional_text(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.trim().is_empty())
}
