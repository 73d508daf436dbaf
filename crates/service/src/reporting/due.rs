//! Which returns of a month are in: for every project monitored that year, filed on time, late,
//! missing after the deadline, or not yet due.
//!
//! A month's return is due by the end of the rules' due day (the 25th unless the office sets
//! another, a shorter month's last day when it has fewer), on the office's clock. A return
//! counts as filed when its first submission was made; one sent back and not yet resubmitted
//! is still filed, and its review state says so.

use chrono::{DateTime, NaiveDate, Utc};
use entity::{ProjectStatus, monthly_return, warning_rule};

use super::monthly_return::{ReturnStatus, revisions_for};
use super::period::Period;
use super::rules::rule_book;
use super::schedule::next_monitored;
use crate::access::{Principal, require_read};
use crate::project_search::ProjectFilter;
use crate::{ServiceResult, project};

/// Where a project's return for a month stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DueStatus {
    /// Filed by the deadline.
    Filed,
    /// Filed after the deadline.
    Late,
    /// Not filed, and the deadline has passed.
    Missing,
    /// Not filed yet; the deadline has not passed.
    Pending,
}

impl DueStatus {
    /// The stored and displayed name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Filed => "FILED",
            Self::Late => "LATE",
            Self::Missing => "MISSING",
            Self::Pending => "PENDING",
        }
    }

    /// Parses a stored name.
    pub fn parse(text: &str) -> Option<Self> {
        [Self::Filed, Self::Late, Self::Missing, Self::Pending]
            .into_iter()
            .find(|d| d.as_str() == text)
    }
}

/// One project's return for a month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReturnDue {
    /// The project.
    pub project_id: i32,
    /// The unit responsible for the project (and its returns).
    pub responsible_unit: Option<String>,
    /// The month.
    pub period: String,
    /// Where the return stands.
    pub status: DueStatus,
    /// The deadline.
    pub due_on: NaiveDate,
    /// When the return was first filed.
    pub filed_at: Option<DateTime<Utc>>,
    /// The id of the month's newest revision.
    pub return_id: Option<i32>,
    /// Its review state.
    pub review_status: Option<ReturnStatus>,
}

/// Where a month's return stands at `at`, from the month's revisions of one project: the
/// state, the deadline and when it was first filed.
pub fn due_status(
    revisions: &[monthly_return::Model],
    rules: &warning_rule::Model,
    period: Period,
    at: DateTime<Utc>,
) -> (DueStatus, NaiveDate, Option<DateTime<Utc>>) {
    let due_on = period.due_on(u32::try_from(rules.due_day).unwrap_or(25));
    let deadline = Period::end_of(due_on);
    let filed_at = revisions.iter().map(|r| r.first_submitted_at).min();
    let state = match filed_at {
        Some(t) if t < deadline => DueStatus::Filed,
        Some(_) => DueStatus::Late,
        None if at >= deadline => DueStatus::Missing,
        None => DueStatus::Pending,
    };
    (state, due_on, filed_at)
}

/// A page of a month's returns due, in project order after project `after`, only those in
/// `status` when given; with whether more follow. `at` is the moment deadlines are judged at
/// (now when `None`).
pub async fn returns_due(
    db: &impl sea_orm::ConnectionTrait,
    principal: &Principal,
    period: Period,
    status: Option<DueStatus>,
    filter: &ProjectFilter,
    after: Option<i32>,
    first: u64,
) -> ServiceResult<(Vec<ReturnDue>, bool)> {
    require_read(principal)?;
    let book = rule_book(db, None).await?;
    let now = Utc::now();
    let chunk = if status.is_some() {
        500.max(first + 1)
    } else {
        first + 1
    };
    let limit = usize::try_from(first).unwrap_or(usize::MAX);
    let mut out = Vec::new();
    let mut cursor = after;
    loop {
        let ids = next_monitored(db, filter, period.year(), cursor, chunk).await?;
        let Some(&last) = ids.last() else {
            return Ok((out, false));
        };
        let projects = project::projects_by_ids(db, &ids).await?;
        let returns = revisions_for(db, &ids, &[period]).await?;
        for id in &ids {
            let Some(p) = projects.get(id) else { continue };
            if matches!(
                p.status,
                ProjectStatus::Completed | ProjectStatus::Cancelled
            ) {
                continue;
            }
            let rules = book.for_list(p.list_id);
            let revisions = returns
                .get(&(*id, period))
                .map(Vec::as_slice)
                .unwrap_or_default();
            let (state, due_on, filed_at) = due_status(revisions, rules, period, now);
            let newest = revisions.iter().max_by_key(|r| r.revision);
            if status.is_some_and(|s| s != state) {
                continue;
            }
            if out.len() == limit {
                return Ok((out, true));
            }
            out.push(ReturnDue {
                project_id: *id,
                responsible_unit: p.responsible_unit.clone(),
                period: period.to_string(),
                status: state,
                due_on,
                filed_at,
                return_id: newest.map(|r| r.id),
                review_status: newest.and_then(|r| ReturnStatus::parse(&r.status)),
            });
        }
        if u64::try_from(ids.len()).unwrap_or(0) < chunk {
            return Ok((out, false));
        }
        cursor = Some(last);
    }
}
