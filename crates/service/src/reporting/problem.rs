//! The problem register (问题清单): what holds a project back, raised by its manager or the
//! office, given an owner unit and a due date by the office, and closed off (销号) with a
//! resolution.
//!
//! A problem keeps its own version; raising, editing or resolving one never changes the
//! project's, so a manager's open form for the project does not go stale because a problem was
//! filed against it. Every change is logged on the problem with the project named, so it shows in
//! the project's history.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use entity::{problem, project};
use sea_orm::sea_query::Condition;
use sea_orm::{
    ActiveModelTrait, ActiveValue, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use tracing::instrument;

use crate::access::{Principal, Role, require_office, require_project_write, require_read};
use crate::audit::fields::{Change, PROBLEM_FIELDS, diff, events};
use crate::audit::record::{Target, append, stale};
use crate::paging::page_size;
use crate::project_search::{ProjectFilter, chosen_ids};
use crate::reporting::period::office_zone;
use crate::write::{Actor, begin_write, check_not_archived, nothing_to_change, optional_text};
use crate::{ServiceError, ServiceResult, batch};

/// What kind of obstacle a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProblemKind {
    /// Land: acquisition, conversion, quotas (用地).
    Land,
    /// Funding: capital not in place (资金).
    Funding,
    /// Approvals and permits (审批).
    Approval,
    /// Relocation and clearance (征迁).
    Relocation,
    /// Design and technical questions (设计).
    Design,
    /// Anything else.
    Other,
}

impl ProblemKind {
    /// Every kind, in the order the register lists them.
    pub const ALL: [ProblemKind; 6] = [
        ProblemKind::Land,
        ProblemKind::Funding,
        ProblemKind::Approval,
        ProblemKind::Relocation,
        ProblemKind::Design,
        ProblemKind::Other,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemKind::Land => "LAND",
            ProblemKind::Funding => "FUNDING",
            ProblemKind::Approval => "APPROVAL",
            ProblemKind::Relocation => "RELOCATION",
            ProblemKind::Design => "DESIGN",
            ProblemKind::Other => "OTHER",
        }
    }

    /// Parses a stored or typed name, in either case; an unknown one is a validation error on
    /// `kind` that lists the known ones.
    pub fn parse(text: &str) -> ServiceResult<Self> {
        let upper = text.trim().to_ascii_uppercase();
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == upper)
            .ok_or_else(|| {
                let known: Vec<&str> = Self::ALL.iter().map(|k| k.as_str()).collect();
                ServiceError::validation(
                    "kind",
                    format!(
                        "`{text}` is not a kind of problem; use one of {}",
                        known.join(", ")
                    ),
                )
            })
    }
}

/// Where a problem stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProblemStatus {
    /// Still holding the project back.
    Open,
    /// Closed off with a resolution (销号).
    Resolved,
}

impl ProblemStatus {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemStatus::Open => "OPEN",
            ProblemStatus::Resolved => "RESOLVED",
        }
    }

    /// Parses a stored or typed name, in either case; an unknown one is a validation error on
    /// `status`.
    pub fn parse(text: &str) -> ServiceResult<Self> {
        match text.trim().to_ascii_uppercase().as_str() {
            "OPEN" => Ok(ProblemStatus::Open),
            "RESOLVED" => Ok(ProblemStatus::Resolved),
            _ => Err(ServiceError::validation(
                "status",
                format!("`{text}` is not a problem status; use OPEN or RESOLVED"),
            )),
        }
    }
}

/// A registered problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Surrogate id.
    pub id: i32,
    /// The project held back.
    pub project_id: i32,
    /// What kind of obstacle it is.
    pub kind: ProblemKind,
    /// What the problem is.
    pub description: String,
    /// The unit that owns solving it, once the office has named one.
    pub owner_unit: Option<String>,
    /// When it should be solved by, once the office has set a date.
    pub due_on: Option<NaiveDate>,
    /// Open or resolved.
    pub status: ProblemStatus,
    /// How it was solved.
    pub resolution: Option<String>,
    /// Who raised it (a token's name).
    pub raised_by: String,
    /// When it was raised.
    pub raised_at: DateTime<Utc>,
    /// Who resolved it.
    pub resolved_by: Option<String>,
    /// When it was resolved.
    pub resolved_at: Option<DateTime<Utc>>,
    /// Version for optimistic concurrency: +1 per change.
    pub version: i32,
}

impl Problem {
    /// Whether the problem is past due on `today`: still open, with a due date before it.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.status == ProblemStatus::Open && self.due_on.is_some_and(|due| due < today)
    }
}

impl From<problem::Model> for Problem {
    fn from(m: problem::Model) -> Self {
        Self {
            id: m.id,
            project_id: m.project_id,
            // The table's CHECK admits only the known names.
            kind: ProblemKind::parse(&m.kind).unwrap_or(ProblemKind::Other),
            description: m.description,
            owner_unit: m.owner_unit,
            due_on: m.due_on,
            status: ProblemStatus::parse(&m.status).unwrap_or(ProblemStatus::Open),
            resolution: m.resolution,
            raised_by: m.raised_by,
            raised_at: m.created_at,
            resolved_by: m.resolved_by,
            resolved_at: m.resolved_at,
            version: m.version,
        }
    }
}

/// The date `at` falls on for the office, which works on Beijing time: a problem due on the 5th
/// is overdue from midnight of the 6th in Wenzhou, whatever the server's zone.
pub fn office_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&office_zone()).date_naive()
}

/// Today, for the office.
pub fn office_today() -> NaiveDate {
    office_date(Utc::now())
}

/// Earliest and latest due dates accepted: before 2000 or past 2100 is a typing mistake.
const DUE_RANGE: (i32, i32) = (2000, 2100);

/// Checks a due date is plausible.
pub fn check_due_on(date: NaiveDate) -> ServiceResult<NaiveDate> {
    use chrono::Datelike;
    let (first, last) = DUE_RANGE;
    if (first..=last).contains(&date.year()) {
        Ok(date)
    } else {
        Err(ServiceError::validation(
            "dueOn",
            format!("{date} is not a plausible due date; give one from {first} to {last}"),
        ))
    }
}

/// A required text: given and not blank.
fn required_text(field: &str, value: String) -> ServiceResult<String> {
    if value.trim().is_empty() {
        Err(ServiceError::validation(field, "must not be empty"))
    } else {
        Ok(value)
    }
}

/// Problems by id, in one query.
pub async fn problems_by_ids(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> ServiceResult<HashMap<i32, Problem>> {
    batch::by_ids::<problem::Entity, _>(db, problem::Column::Id, ids, |m| m.id).await
}

/// The problems of each project, oldest first, in one query.
pub async fn problems_by_project_ids(
    db: &impl ConnectionTrait,
    project_ids: &[i32],
) -> ServiceResult<HashMap<i32, Vec<Problem>>> {
    let (project, id) = (problem::Column::ProjectId, problem::Column::Id);
    batch::grouped_by::<problem::Entity, _>(db, project, project_ids, id, |m| m.project_id).await
}

/// The condition "overdue on `today`": open, with a due date before it.
fn overdue_condition(today: NaiveDate) -> Condition {
    Condition::all()
        .add(problem::Column::Status.eq(ProblemStatus::Open.as_str()))
        .add(problem::Column::DueOn.is_not_null())
        .add(problem::Column::DueOn.lt(today))
}

/// A page of the register in the order problems were raised: those of the projects `filter`
/// chooses (archived projects never), in `status` when given, overdue or not when `overdue` is
/// given, after problem `after`, at most `first`; and whether more follow.
pub async fn list_problems(
    db: &impl ConnectionTrait,
    principal: &Principal,
    filter: &ProjectFilter,
    status: Option<ProblemStatus>,
    overdue: Option<bool>,
    after: Option<i32>,
    first: u64,
) -> ServiceResult<(Vec<Problem>, bool)> {
    require_read(principal)?;
    let limit = page_size(Some(first), None)?;
    let mut cond =
        Condition::all().add(problem::Column::ProjectId.in_subquery(chosen_ids(db, filter).await?));
    if let Some(status) = status {
        cond = cond.add(problem::Column::Status.eq(status.as_str()));
    }
    if let Some(overdue) = overdue {
        let late = overdue_condition(office_today());
        cond = cond.add(if overdue { late } else { late.not() });
    }
    if let Some(after) = after {
        cond = cond.add(problem::Column::Id.gt(after));
    }
    let mut rows = problem::Entity::find()
        .filter(cond)
        .order_by_asc(problem::Column::Id)
        .limit(limit + 1)
        .all(db)
        .await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok((rows.into_iter().map(Problem::from).collect(), more))
}

/// A problem as raised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewProblem {
    /// The project held back.
    pub project_id: i32,
    /// What kind of obstacle it is.
    pub kind: ProblemKind,
    /// What the problem is; must not be blank.
    pub description: String,
    /// The unit that owns solving it, when already known.
    pub owner_unit: Option<String>,
    /// When it should be solved by, when already agreed.
    pub due_on: Option<NaiveDate>,
}

/// Edits of a problem: `None` leaves a field as it is; for the optional ones `Some(None)` clears
/// it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProblemChanges {
    /// New kind.
    pub kind: Option<ProblemKind>,
    /// New description; must not be blank.
    pub description: Option<String>,
    /// New owner unit, or none.
    pub owner_unit: Option<Option<String>>,
    /// New due date, or none.
    pub due_on: Option<Option<NaiveDate>>,
}

/// Who may raise a problem on `project_id`: the office and administrators on any project, a
/// manager on the projects assigned to the token.
async fn require_raise(
    db: &impl ConnectionTrait,
    principal: &Principal,
    project_id: i32,
) -> ServiceResult<()> {
    match principal.role {
        Some(Role::Coordinator) => Ok(()),
        Some(Role::Viewer | Role::Finance) => Err(ServiceError::forbidden(
            "problems are raised by the project's MANAGER and by COORDINATOR and ADMIN tokens",
        )),
        // The project rule answers administrators, managers (assigned or not) and anonymous callers.
        _ => require_project_write(db, principal, project_id).await,
    }
}

/// Raises a problem on a project: the project's manager, the office or an administrator. It
/// starts open, at version 1.
#[instrument(skip_all, fields(project.id = input.project_id))]
pub async fn raise_problem(
    db: &DatabaseConnection,
    actor: Actor<'_>,
    input: NewProblem,
) -> ServiceResult<Problem> {
    let txn = begin_write(db).await?;
    crate::access::require_read(actor.principal)?;
    let project = project::Entity::find_by_id(input.project_id)
        .one(&txn)
        .await?
        .ok_or_else(|| ServiceError::not_found("project"))?;
    // Problems are the physical project's, whichever of its listings they are raised through.
    require_raise(&txn, actor.principal, project.physical()).await?;
    check_not_archived(&project, "projectId")?;
    let description = required_text("description", input.description)?;
    let due_on = input.due_on.map(check_due_on).transpose()?;
    let now = Utc::now();
    let blank = problem::Model {
        id: 0,
        project_id: project.physical(),
        kind: String::new(),
        description: String::new(),
        owner_unit: None,
        due_on: None,
        status: ProblemStatus::Open.as_str().to_owned(),
        resolution: None,
        raised_by: actor.principal.name.clone(),
        resolved_by: None,
        resolved_at: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    let new = problem::Model {
        kind: input.kind.as_str().to_owned(),
        description,
        owner_unit: optional_text(input.owner_unit),
        due_on,
        ..blank.clone()
    };
    let mut active = problem::ActiveModel::from(new).reset_all();
    active.id = ActiveValue::NotSet;
    let saved = active.insert(&txn).await?;
    let mut changes = vec![Change {
        field: events::CREATED,
        old: None,
        new: Some(format!("{} {}", saved.id, saved.kind)),
    }];
    changes.extend(diff(&PROBLEM_FIELDS, &blank, &saved));
    let target = Target {
        entity_type: "problem",
        entity_id: saved.id,
        project_id: Some(saved.project_id),
        version: saved.version,
    };
    append(&txn, actor, target, &changes, now).await?;
    crate::mark::commit(txn).await?;
    Ok(saved.into())
}

/// The problem the office changes, checked: it exists, its project is not archived, and it is at
/// the version the caller read.
async fn problem_for_write(
    txn: &impl ConnectionTrait,
    problem_id: i32,
    expected_version: i32,
) -> ServiceResult<problem::Model> {
    let old = problem::Entity::find_by_id(problem_id)
        .one(txn)
        .await?
        .ok_or_else(|| ServiceError::not_found("problem"))?;
    let project = project::Entity::find_by_id(old.project_id)
        .one(txn)
        .await?
        .ok_or_else(|| ServiceError::not_found("project"))?;
    check_not_archived(&project, "problemId")?;
    if old.version != expected_version {
        return Err(stale(txn, "problem", old.id, old.version, expected_version).await);
    }
    Ok(old)
}

/// Refuses to change a problem closed off already: the register keeps it as it was resolved.
fn check_open(old: &problem::Model) -> ServiceResult<()> {
    if old.status == ProblemStatus::Resolved.as_str() {
        Err(ServiceError::validation(
            "problemId",
            format!("problem {} is resolved already", old.id),
        ))
    } else {
        Ok(())
    }
}

/// Stores `new` (its version raised by one) if the row is still at `old`'s version, and logs
/// what changed; the version check in the statement is what makes concurrent writers safe.
async fn save(
    txn: &impl ConnectionTrait,
    actor: Actor<'_>,
    old: &problem::Model,
    new: &problem::Model,
) -> ServiceResult<()> {
    let changes = diff(&PROBLEM_FIELDS, old, new);
    if changes.is_empty() {
        return Err(nothing_to_change());
    }
    let mut active = problem::ActiveModel::from(new.clone()).reset_all();
    active.id = ActiveValue::NotSet;
    active.project_id = ActiveValue::NotSet;
    active.raised_by = ActiveValue::NotSet;
    active.created_at = ActiveValue::NotSet;
    let result = problem::Entity::update_many()
        .set(active)
        .filter(problem::Column::Id.eq(old.id))
        .filter(problem::Column::Version.eq(old.version))
        .exec(txn)
        .await?;
    if result.rows_affected != 1 {
        return Err(stale(txn, "problem", old.id, old.version + 1, old.version).await);
    }
    let target = Target {
        entity_type: "problem",
        entity_id: old.id,
        project_id: Some(old.project_id),
        version: new.version,
    };
    append(txn, actor, target, &changes, new.updated_at).await
}

/// Edits an open problem (the office and administrators): its kind, description, owner unit and
/// due date, at the version the caller read.
#[instrument(skip_all, fields(problem.id = problem_id))]
pub async fn update_problem(
    db: &DatabaseConnection,
    actor: Actor<'_>,
    problem_id: i32,
    expected_version: i32,
    changes: ProblemChanges,
) -> ServiceResult<Problem> {
    require_office(actor.principal)?;
    let txn = begin_write(db).await?;
    let old = problem_for_write(&txn, problem_id, expected_version).await?;
    check_open(&old)?;
    let mut new = old.clone();
    if let Some(kind) = changes.kind {
        new.kind = kind.as_str().to_owned();
    }
    if let Some(description) = changes.description {
        new.description = required_text("description", description)?;
    }
    if let Some(owner_unit) = changes.owner_unit {
        new.owner_unit = optional_text(owner_unit);
    }
    if let Some(due_on) = changes.due_on {
        new.due_on = due_on.map(check_due_on).transpose()?;
    }
    new.version = old.version + 1;
    new.updated_at = Utc::now();
    save(&txn, actor, &old, &new).await?;
    crate::mark::commit(txn).await?;
    Ok(new.into())
}

/// Closes off an open problem with its resolution (the office and administrators), at the
/// version the caller read.
#[instrument(skip_all, fields(problem.id = problem_id))]
pub async fn resolve_problem(
    db: &DatabaseConnection,
    actor: Actor<'_>,
    problem_id: i32,
    expected_version: i32,
    resolution: String,
) -> ServiceResult<Problem> {
    require_office(actor.principal)?;
    let txn = begin_write(db).await?;
    let old = problem_for_write(&txn, problem_id, expected_version).await?;
    check_open(&old)?;
    let now = Utc::now();
    let new = problem::Model {
        status: ProblemStatus::Resolved.as_str().to_owned(),
        resolution: Some(required_text("resolution", resolution)?),
        resolved_by: Some(actor.principal.name.clone()),
        resolved_at: Some(now),
        version: old.version + 1,
        updated_at: now,
        ..old.clone()
    };
    save(&txn, actor, &old, &new).await?;
    crate::mark::commit(txn).await?;
    Ok(new.into())
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    /// The field a refusal names, or what else came back.
    fn field_of<T: std::fmt::Debug>(result: ServiceResult<T>) -> String {
        match result {
            Err(ServiceError::Validation { field, .. }) => field,
            other => format!("not a validation error: {other:?}"),
        }
    }

    #[test]
    fn kinds_and_statuses_read_back_their_names() {
        for kind in ProblemKind::ALL {
            assert_eq!(ProblemKind::parse(kind.as_str()).ok(), Some(kind));
        }
        assert_eq!(ProblemKind::parse(" land ").ok(), Some(ProblemKind::Land));
        for status in [ProblemStatus::Open, ProblemStatus::Resolved] {
            assert_eq!(ProblemStatus::parse(status.as_str()).ok(), Some(status));
        }
    }

    #[test]
    fn unknown_names_are_validation_errors_on_their_field() {
        let kind = ProblemKind::parse("WEATHER");
        let message = kind.as_ref().err().map(ToString::to_string);
        assert!(
            message
                .as_deref()
                .is_some_and(|m| m.contains("LAND, FUNDING")),
            "{message:?}"
        );
        assert_eq!(field_of(kind), "kind");
        assert_eq!(field_of(ProblemStatus::parse("CLOSED")), "status");
    }

    #[test]
    fn due_dates_from_2000_to_2100_are_plausible() {
        assert!(check_due_on(date(2000, 1, 1)).is_ok());
        assert!(check_due_on(date(2100, 12, 31)).is_ok());
        for absurd in [date(1999, 12, 31), date(2101, 1, 1), date(20_260, 1, 1)] {
            assert_eq!(field_of(check_due_on(absurd)), "dueOn");
        }
    }

    #[test]
    fn blank_texts_are_refused_on_their_field() {
        assert_eq!(
            field_of(required_text("description", " \n".into())),
            "description"
        );
        assert_eq!(
            required_text("resolution", "已供地".into()).ok(),
            Some("已供地".into())
        );
    }

    #[test]
    fn only_open_problems_past_their_due_date_are_overdue() {
        let at = Utc
            .with_ymd_and_hms(2026, 12, 1, 0, 0, 0)
            .single()
            .unwrap_or_default();
        let mut p = Problem {
            id: 1,
            project_id: 7,
            kind: ProblemKind::Land,
            description: "用地指标未落实".into(),
            owner_unit: None,
            due_on: Some(date(2026, 11, 30)),
            status: ProblemStatus::Open,
            resolution: None,
            raised_by: "manager".into(),
            raised_at: at,
            resolved_by: None,
            resolved_at: None,
            version: 1,
        };
        assert!(p.is_overdue(date(2026, 12, 1)));
        // Due today is not late yet.
        assert!(!p.is_overdue(date(2026, 11, 30)));
        p.status = ProblemStatus::Resolved;
        assert!(!p.is_overdue(date(2026, 12, 1)));
        p.status = ProblemStatus::Open;
        p.due_on = None;
        assert!(!p.is_overdue(date(2030, 1, 1)));
    }

    #[test]
    fn the_office_date_is_beijing_time() {
        // 2026-11-30 16:30 UTC is 2026-12-01 00:30 in Wenzhou.
        let late_evening_utc = Utc
            .with_ymd_and_hms(2026, 11, 30, 16, 30, 0)
            .single()
            .unwrap_or_default();
        assert_eq!(office_date(late_evening_utc), date(2026, 12, 1));
        let afternoon_utc = Utc
            .with_ymd_and_hms(2026, 11, 30, 15, 59, 59)
            .single()
            .unwrap_or_default();
        assert_eq!(office_date(afternoon_utc), date(2026, 11, 30));
    }
}
