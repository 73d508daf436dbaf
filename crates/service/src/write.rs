//! Project managers' and administrators' writes: status changes, progress reports, edits, phases,
//! new and archived projects.
//!
//! Every write names the version it read (`expected_version`); a stale one is a conflict that
//! changes nothing. Each write runs in one transaction that also appends its change-log entries,
//! so a change and its record commit together or not at all. On SQLite the transaction takes the
//! write lock at `BEGIN`, so concurrent writers queue instead of failing mid-way.

use chrono::{DateTime, NaiveDate, Utc};
use entity::{ProjectStatus, change_log, phase, progress_report, project};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, SqliteTransactionMode,
    TransactionOptions, TransactionTrait,
};

use crate::access::{Principal, require_admin, require_project_write};
use crate::error::OnUnique;
use crate::money::{Amount, fen_to_decimal};
use crate::progress::ProgressReport;
use crate::project::{Phase, Project};
use crate::{ServiceError, ServiceResult};

/// Who writes, and in which request.
#[derive(Clone, Copy, Debug)]
pub struct Actor<'a> {
    /// The caller.
    pub principal: &'a Principal,
    /// The request's id, recorded with each change.
    pub request_id: Option<&'a str>,
}

/// Whether a project may go from `from` to `to` (design: PLANNED → UNDER_CONSTRUCTION →
/// COMPLETED; any non-final state ↔ ON_HOLD; any non-final state → CANCELLED).
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

fn check_transition(from: ProjectStatus, to: ProjectStatus) -> ServiceResult<()> {
    if transition_allowed(from, to) {
        Ok(())
    } else {
        Err(ServiceError::IllegalTransition {
            from: from.as_str().to_owned(),
            to: to.as_str().to_owned(),
        })
    }
}

/// A write transaction: immediate on SQLite, so the write lock is held from the start.
pub async fn begin_write(db: &DatabaseConnection) -> ServiceResult<DatabaseTransaction> {
    Ok(db
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await?)
}

/// One changed field, as text for the change log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The API's name of the field.
    pub field: &'static str,
    /// Value before.
    pub old: Option<String>,
    /// Value after.
    pub new: Option<String>,
}

fn amount_text(fen: Option<i64>) -> Option<String> {
    fen.map(|f| fen_to_decimal(f).to_string())
}

fn diff<T: PartialEq>(
    changes: &mut Vec<Change>,
    field: &'static str,
    old: &T,
    new: &T,
    text: impl Fn(&T) -> Option<String>,
) {
    if old != new {
        changes.push(Change {
            field,
            old: text(old),
            new: text(new),
        });
    }
}

/// The object a change-log entry is about, and the version the change gave it.
struct Target<'a> {
    entity_type: &'a str,
    entity_id: i32,
    project_id: i32,
    version: i32,
}

async fn log(
    txn: &impl ConnectionTrait,
    actor: Actor<'_>,
    target: Target<'_>,
    changes: &[Change],
    at: DateTime<Utc>,
) -> ServiceResult<()> {
    let Target {
        entity_type,
        entity_id,
        project_id,
        version,
    } = target;
    if changes.is_empty() {
        return Ok(());
    }
    let rows: Vec<change_log::ActiveModel> = changes
        .iter()
        .map(|c| change_log::ActiveModel {
            at: Set(at),
            actor: Set(actor.principal.name.clone()),
            entity_type: Set(entity_type.to_owned()),
            entity_id: Set(entity_id),
            project_id: Set(Some(project_id)),
            field: Set(c.field.to_owned()),
            old_value: Set(c.old.clone()),
            new_value: Set(c.new.clone()),
            version: Set(Some(version)),
            request_id: Set(actor.request_id.map(str::to_owned)),
            ..Default::default()
        })
        .collect();
    change_log::Entity::insert_many(rows).exec(txn).await?;
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

async fn stale(
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

/// The project to change, checked: it exists, is not archived, the caller may write it, and it
/// is at the version the caller read.
async fn project_for_write(
    txn: &impl ConnectionTrait,
    actor: Actor<'_>,
    project_id: i32,
    expected_version: i32,
) -> ServiceResult<project::Model> {
    let project = project::Entity::find_by_id(project_id)
        .one(txn)
        .await?
        .ok_or_else(|| ServiceError::not_found("project"))?;
    require_project_write(txn, actor.principal, project.id).await?;
    if project.archived_at.is_some() {
        return Err(ServiceError::validation(
            "projectId",
            format!("project {} is archived", project.key),
        ));
    }
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
    Ok(project)
}

/// Stores `new` (whose version the caller has raised by one) if the row is still at `old`'s
/// version; the version check in the statement is what makes concurrent writers safe.
async fn save_project(
    txn: &impl ConnectionTrait,
    old: &project::Model,
    new: project::Model,
) -> ServiceResult<project::Model> {
    // Every column is written: the row is replaced by `new` as a whole.
    let mut active = project::ActiveModel::from(new.clone()).reset_all();
    active.id = sea_orm::ActiveValue::NotSet;
    active.key = sea_orm::ActiveValue::NotSet;
    active.created_at = sea_orm::ActiveValue::NotSet;
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

/// Period and amounts, as projects and phases both carry them.
type Figures = (Option<i32>, Option<i32>, Option<i64>, Option<i64>);

fn figure_changes(c: &mut Vec<Change>, old: Figures, new: Figures) {
    let year = |v: &Option<i32>| v.map(|y| y.to_string());
    diff(c, "startYear", &old.0, &new.0, year);
    diff(c, "endYear", &old.1, &new.1, year);
    diff(c, "totalInvestment", &old.2, &new.2, |v| amount_text(*v));
    diff(c, "fypInvestment", &old.3, &new.3, |v| amount_text(*v));
}

fn project_changes(old: &project::Model, new: &project::Model) -> Vec<Change> {
    let mut c = Vec::new();
    diff(&mut c, "name", &old.name, &new.name, |v| Some(v.clone()));
    diff(&mut c, "scope", &old.scope, &new.scope, |v| Some(v.clone()));
    figure_changes(
        &mut c,
        (
            old.start_year,
            old.end_year,
            old.total_investment_fen,
            old.fyp_investment_fen,
        ),
        (
            new.start_year,
            new.end_year,
            new.total_investment_fen,
            new.fyp_investment_fen,
        ),
    );
    diff(&mut c, "status", &old.status, &new.status, |v| {
        Some(v.as_str().to_owned())
    });
    diff(
        &mut c,
        "location",
        &old.location,
        &new.location,
        Clone::clone,
    );
    diff(
        &mut c,
        "landAreaMu",
        &old.land_area_micro_mu,
        &new.land_area_micro_mu,
        |v| amount_text(*v),
    );
    diff(
        &mut c,
        "responsibleUnit",
        &old.responsible_unit,
        &new.responsible_unit,
        Clone::clone,
    );
    diff(
        &mut c,
        "archivedAt",
        &old.archived_at,
        &new.archived_at,
        |v| v.map(|t| t.to_rfc3339()),
    );
    c
}

/// Commits a changed project: the row (version checked), its change log, then the transaction.
async fn commit_project(
    txn: DatabaseTransaction,
    actor: Actor<'_>,
    old: &project::Model,
    mut new: project::Model,
    extra: &[Change],
) -> ServiceResult<Project> {
    let now = Utc::now();
    new.version = old.version + 1;
    new.updated_at = now;
    let changes = project_changes(old, &new);
    if changes.is_empty() && extra.is_empty() {
        return Err(ServiceError::validation(
            "input",
            "nothing to change: every value given is the current one",
        ));
    }
    let saved = save_project(&txn, old, new).await?;
    crate::finance::aggregate::apply_delta(&txn, Some(old), Some(&saved)).await?;
    log(
        &txn,
        actor,
        Target {
            entity_type: "project",
            entity_id: saved.id,
            project_id: saved.id,
            version: saved.version,
        },
        &changes,
        now,
    )
    .await?;
    log(
        &txn,
        actor,
        Target {
            entity_type: "project",
            entity_id: saved.id,
            project_id: saved.id,
            version: saved.version,
        },
        extra,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(saved.into())
}

fn amount(field: &str, value: Option<Decimal>) -> ServiceResult<Option<i64>> {
    value
        .map(|v| {
            Amount::from_decimal(v)
                .map(Amount::fen)
                .map_err(|e| ServiceError::validation(field, e.to_string()))
        })
        .transpose()
}

fn check_year(field: &str, year: Option<i32>) -> ServiceResult<()> {
    match year {
        Some(y) if !(1949..=2100).contains(&y) => Err(ServiceError::validation(
            field,
            format!("{y} is not a plausible year (1949-2100)"),
        )),
        _ => Ok(()),
    }
}

fn check_figures(
    start: Option<i32>,
    end: Option<i32>,
    total: Option<i64>,
    fyp: Option<i64>,
) -> ServiceResult<()> {
    check_year("startYear", start)?;
    check_year("endYear", end)?;
    if let (Some(s), Some(e)) = (start, end)
        && s > e
    {
        return Err(ServiceError::validation(
            "endYear",
            format!("the period ends ({e}) before it starts ({s})"),
        ));
    }
    if let (Some(t), Some(f)) = (total, fyp)
        && f > t
    {
        return Err(ServiceError::validation(
            "fypInvestment",
            format!(
                "14th-FYP investment {} exceeds the total investment {}",
                fen_to_decimal(f),
                fen_to_decimal(t)
            ),
        ));
    }
    Ok(())
}

/// The period and amounts after the requested changes (`None`: keep; `Some(None)`: unknown),
/// checked together: plausible years, start ≤ end, 14th-FYP ≤ total.
fn apply_figures(
    current: Figures,
    start_year: Option<Option<i32>>,
    end_year: Option<Option<i32>>,
    total: Option<Option<Decimal>>,
    fyp: Option<Option<Decimal>>,
) -> ServiceResult<Figures> {
    let total = match total {
        Some(v) => amount("totalInvestment", v)?,
        None => current.2,
    };
    let fyp = match fyp {
        Some(v) => amount("fypInvestment", v)?,
        None => current.3,
    };
    let next = (
        start_year.unwrap_or(current.0),
        end_year.unwrap_or(current.1),
        total,
        fyp,
    );
    check_figures(next.0, next.1, next.2, next.3)?;
    Ok(next)
}

/// Replaces a required text when a new one is given; it must not be blank.
fn set_text(target: &mut String, field: &str, value: Option<String>) -> ServiceResult<()> {
    if let Some(value) = value {
        check_text(field, &value)?;
        *target = value;
    }
    Ok(())
}

fn check_text(field: &str, value: &str) -> ServiceResult<()> {
    if value.trim().is_empty() {
        Err(ServiceError::validation(field, "must not be empty"))
    } else {
        Ok(())
    }
}

/// Changes a project's status along the lifecycle.
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
    let extra: Vec<Change> = note
        .filter(|n| !n.trim().is_empty())
        .map(|n| Change {
            field: "statusNote",
            old: None,
            new: Some(n.to_owned()),
        })
        .into_iter()
        .collect();
    commit_project(txn, actor, &old, new, &extra).await
}

/// What a progress report states.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportInput {
    /// The date the report speaks for.
    pub reported_on: NaiveDate,
    /// Percent complete, 0 to 100, at most two decimals.
    pub percent_complete: Decimal,
    /// Cumulative completed investment (万元).
    pub completed_investment: Decimal,
    /// A status change reported with it.
    pub status: Option<ProjectStatus>,
    /// Free text.
    pub note: Option<String>,
    /// The report corrects earlier ones, so its completed investment may be lower.
    pub correction: bool,
}

/// Files a progress report; the project's status follows it.
pub async fn submit_progress_report(
    db: &DatabaseConnection,
    actor: Actor<'_>,
    project_id: i32,
    expected_version: i32,
    input: ReportInput,
) -> ServiceResult<(Project, ProgressReport)> {
    let percent = input.percent_complete.normalize();
    if percent.is_sign_negative() || percent > Decimal::ONE_HUNDRED || percent.scale() > 2 {
        return Err(ServiceError::validation(
            "percentComplete",
            "a percentage from 0 to 100 with at most two decimals",
        ));
    }
    let percent_bp = i32::try_from((percent * Decimal::ONE_HUNDRED).trunc().mantissa())
        .map_err(|_| ServiceError::validation("percentComplete", "out of range"))?;
    let completed = Amount::from_decimal(input.completed_investment)
        .map_err(|e| ServiceError::validation("completedInvestment", e.to_string()))?
        .fen();
    let today = Utc::now().date_naive();
    if input.reported_on > today + chrono::Days::new(1)
        || chrono::Datelike::year(&input.reported_on) < 2000
    {
        return Err(ServiceError::validation(
            "reportedOn",
            "a report speaks for a day from 2000 to today",
        ));
    }
    let txn = begin_write(db).await?;
    let old = project_for_write(&txn, actor, project_id, expected_version).await?;
    let latest = progress_report::Entity::find()
        .filter(progress_report::Column::ProjectId.eq(project_id))
        .order_by_desc(progress_report::Column::Id)
        .one(&txn)
        .await?;
    if let Some(latest) = &latest
        && completed < latest.completed_investment_fen
    {
        let noted = input.note.as_deref().is_some_and(|n| !n.trim().is_empty());
        if !(input.correction && noted) {
            return Err(ServiceError::validation(
                "completedInvestment",
                format!(
                    "cumulative completed investment would fall from {} to {}; mark the report as a correction and say why in the note",
                    fen_to_decimal(latest.completed_investment_fen),
                    fen_to_decimal(completed)
                ),
            ));
        }
    }
    let mut new = old.clone();
    if let Some(status) = input.status
        && status != old.status
    {
        check_transition(old.status, status)?;
        new.status = status;
    }
    let now = Utc::now();
    let report = progress_report::ActiveModel {
        project_id: Set(project_id),
        reported_on: Set(input.reported_on),
        reported_by: Set(actor.principal.name.clone()),
        status: Set(new.status),
        percent_complete_bp: Set(percent_bp),
        completed_investment_fen: Set(completed),
        note: Set(input.note.clone()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let summary = Change {
        field: "progressReport",
        old: latest.map(|l| {
            format!(
                "{}%, {} 万元",
                Decimal::new(i64::from(l.percent_complete_bp), 2).normalize(),
                fen_to_decimal(l.completed_investment_fen)
            )
        }),
        new: Some(format!(
            "{}%, {} 万元 on {}",
            percent,
            fen_to_decimal(completed),
            input.reported_on
        )),
    };
    let project = commit_project(txn, actor, &old, new, &[summary]).await?;
    Ok((project, report.into()))
}

/// Fields to change on a project. `None`: leave as is; `Some(None)`: set to unknown.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProjectChanges {
    /// Name.
    pub name: Option<String>,
    /// Scope text.
    pub scope: Option<String>,
    /// Start year.
    pub start_year: Option<Option<i32>>,
    /// End year.
    pub end_year: Option<Option<i32>>,
    /// Total investment (万元).
    pub total_investment: Option<Option<Decimal>>,
    /// 14th-FYP investment (万元).
    pub fyp_investment: Option<Option<Decimal>>,
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
    (
        new.start_year,
        new.end_year,
        new.total_investment_fen,
        new.fyp_investment_fen,
    ) = apply_figures(
        (
            new.start_year,
            new.end_year,
            new.total_investment_fen,
            new.fyp_investment_fen,
        ),
        changes.start_year,
        changes.end_year,
        changes.total_investment,
        changes.fyp_investment,
    )?;
    if let Some(v) = changes.location {
        new.location = v.filter(|l| !l.trim().is_empty());
    }
    if let Some(v) = changes.land_area_mu {
        new.land_area_micro_mu = amount("landAreaMu", v)?;
    }
    if let Some(v) = changes.responsible_unit {
        new.responsible_unit = v.filter(|l| !l.trim().is_empty());
    }
    Ok(new)
}

/// Edits a project's figures and texts.
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
    /// Start year.
    pub start_year: Option<Option<i32>>,
    /// End year.
    pub end_year: Option<Option<i32>>,
    /// Total investment (万元).
    pub total_investment: Option<Option<Decimal>>,
    /// 14th-FYP investment (万元).
    pub fyp_investment: Option<Option<Decimal>>,
}

fn phase_changes(old: &phase::Model, new: &phase::Model) -> Vec<Change> {
    let mut c = Vec::new();
    diff(&mut c, "ordinal", &old.ordinal, &new.ordinal, |v| {
        Some(v.to_string())
    });
    diff(&mut c, "name", &old.name, &new.name, |v| Some(v.clone()));
    diff(&mut c, "scope", &old.scope, &new.scope, |v| Some(v.clone()));
    figure_changes(
        &mut c,
        (
            old.start_year,
            old.end_year,
            old.total_investment_fen,
            old.fyp_investment_fen,
        ),
        (
            new.start_year,
            new.end_year,
            new.total_investment_fen,
            new.fyp_investment_fen,
        ),
    );
    c
}

fn apply_phase(mut new: phase::Model, changes: PhaseChanges) -> ServiceResult<phase::Model> {
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
    (
        new.start_year,
        new.end_year,
        new.total_investment_fen,
        new.fyp_investment_fen,
    ) = apply_figures(
        (
            new.start_year,
            new.end_year,
            new.total_investment_fen,
            new.fyp_investment_fen,
        ),
        changes.start_year,
        changes.end_year,
        changes.total_investment,
        changes.fyp_investment,
    )?;
    Ok(new)
}

/// Adds a phase to a project; the project's version rises with it.
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
    let new = apply_phase(blank, input)?;
    if phase::Entity::find()
        .filter(phase::Column::ProjectId.eq(project_id))
        .filter(phase::Column::Ordinal.eq(new.ordinal))
        .one(&txn)
        .await?
        .is_some()
    {
        return Err(ServiceError::Conflict {
            message: format!("phase {} exists already", new.ordinal),
        });
    }
    let ordinal = new.ordinal;
    let mut active = phase::ActiveModel::from(new).reset_all();
    active.id = sea_orm::ActiveValue::NotSet;
    let saved = active
        .insert(&txn)
        .await
        .on_unique(|| format!("phase {ordinal} exists already"))?;
    let created = Change {
        field: "phase",
        old: None,
        new: Some(format!("{} {}", saved.ordinal, saved.name)),
    };
    // The new phase's own entries: every field it was given, from blank.
    let blank = phase::Model {
        name: String::new(),
        scope: String::new(),
        start_year: None,
        end_year: None,
        total_investment_fen: None,
        fyp_investment_fen: None,
        ..saved.clone()
    };
    let target = Target {
        entity_type: "phase",
        entity_id: saved.id,
        project_id,
        version: 1,
    };
    log(&txn, actor, target, &phase_changes(&blank, &saved), now).await?;
    let project = commit_project(txn, actor, &old, old.clone(), &[created]).await?;
    Ok((project, saved.into()))
}

/// Edits a phase, at the version the caller read.
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
    require_project_write(&txn, actor.principal, project.id).await?;
    if project.archived_at.is_some() {
        return Err(ServiceError::validation(
            "phaseId",
            format!("project {} is archived", project.key),
        ));
    }
    if old.version != expected_version {
        return Err(stale(&txn, "phase", old.id, old.version, expected_version).await);
    }
    let now = Utc::now();
    let mut new = apply_phase(old.clone(), changes)?;
    new.version = old.version + 1;
    new.updated_at = now;
    let changes = phase_changes(&old, &new);
    if changes.is_empty() {
        return Err(ServiceError::validation(
            "input",
            "nothing to change: every value given is the current one",
        ));
    }
    if new.ordinal != old.ordinal
        && phase::Entity::find()
            .filter(phase::Column::ProjectId.eq(old.project_id))
            .filter(phase::Column::Ordinal.eq(new.ordinal))
            .one(&txn)
            .await?
            .is_some()
    {
        return Err(ServiceError::Conflict {
            message: format!("phase {} exists already", new.ordinal),
        });
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
    log(
        &txn,
        actor,
        Target {
            entity_type: "phase",
            entity_id: old.id,
            project_id: old.project_id,
            version: new.version,
        },
        &changes,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(new.into())
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
    let key = crate::seed::project_key(&input.list_code, &input.category_code, seq);
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
    let mut active = project::ActiveModel::from(new).reset_all();
    active.id = sea_orm::ActiveValue::NotSet;
    let saved = active
        .insert(&txn)
        .await
        .on_unique(|| format!("project {key} exists already"))?;
    crate::finance::aggregate::apply_delta(&txn, None, Some(&saved)).await?;
    let mut changes = vec![Change {
        field: "created",
        old: None,
        new: Some(key),
    }];
    changes.extend(project_changes(&blank, &saved));
    log(
        &txn,
        actor,
        Target {
            entity_type: "project",
            entity_id: saved.id,
            project_id: saved.id,
            version: 1,
        },
        &changes,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(saved.into())
}

/// Archives a project (administrators only): kept, never deleted, and left out of every set.
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
