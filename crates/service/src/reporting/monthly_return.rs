//! Monthly returns (月报): one per project and month, filed by the project's manager, reviewed by
//! the office.
//!
//! A return is `SUBMITTED`, then `APPROVED` or `RETURNED` with the reviewer's comment; a returned
//! (or not yet reviewed) return is resubmitted in place. An approved return is never edited: a
//! correction is a new revision of the month (`isCorrection` with a note), kept beside it. The
//! figures a month counts with are those of its newest revision that was not sent back
//! ([`effective`]).
//!
//! Completed investment has one ledger, the progress reports: a return with a known cumulative
//! figure appends a progress report carrying it (dated the month's last day, or today for the
//! running month) in the same transaction — unless the ledger already holds a later-dated entry
//! (a late return for an earlier month), so its latest entry stays the latest word. A figure
//! below the ledger's as of the month's date, below an earlier month's or above a later month's
//! is refused unless it is marked a correction with a note.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use entity::{monthly_return, progress_report, project};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use tracing::instrument;

use super::period::Period;
use crate::audit::fields::{Change, MONTHLY_RETURN_FIELDS, diff, events};
use crate::audit::record::{Target, append, stale};
use crate::error::OnUnique;
use crate::money::{Amount, fen_to_decimal, opt_decimal};
use crate::project::Project;
use crate::write::{Actor, begin_write, commit_project, optional_text, project_for_write};
use crate::{ServiceError, ServiceResult};

/// Where a return stands in its review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReturnStatus {
    /// Filed, awaiting review.
    Submitted,
    /// Accepted by the office; never edited again.
    Approved,
    /// Sent back with a comment; to be resubmitted.
    Returned,
}

impl ReturnStatus {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submitted => "SUBMITTED",
            Self::Approved => "APPROVED",
            Self::Returned => "RETURNED",
        }
    }

    /// Parses a stored name.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "SUBMITTED" => Some(Self::Submitted),
            "APPROVED" => Some(Self::Approved),
            "RETURNED" => Some(Self::Returned),
            _ => None,
        }
    }

    fn of(row: &monthly_return::Model) -> Self {
        Self::parse(&row.status).unwrap_or(Self::Submitted)
    }
}

/// A return with the amounts derived from its neighbours.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MonthlyReturn {
    /// Surrogate id.
    pub id: i32,
    /// The project.
    pub project_id: i32,
    /// The month.
    pub period: String,
    /// 0 for the return, then 1, 2, … for corrections.
    pub revision: i32,
    /// Review state.
    pub status: ReturnStatus,
    /// Cumulative completed investment since construction began (万元); `None` is unknown.
    pub cumulative_completed_investment: Option<Decimal>,
    /// Investment completed in the month: this cumulative figure less the previous month's;
    /// unknown when either is.
    pub completed_this_month: Option<Decimal>,
    /// Investment completed in the year so far: this cumulative figure less December's of the
    /// year before; unknown when either is.
    pub completed_this_year: Option<Decimal>,
    /// Physical completion, percent.
    pub percent_complete: Decimal,
    /// Physical progress in words.
    pub image_progress: String,
    /// Next steps.
    pub next_steps: Option<String>,
    /// Problems met.
    pub problems: Option<String>,
    /// A correction of earlier figures.
    pub is_correction: bool,
    /// Why, for a correction.
    pub note: Option<String>,
    /// The reviewer's comment.
    pub review_comment: Option<String>,
    /// Who reviewed it.
    pub reviewed_by: Option<String>,
    /// When.
    pub reviewed_at: Option<DateTime<Utc>>,
    /// Who filed it last.
    pub submitted_by: String,
    /// When it was first filed.
    pub first_submitted_at: DateTime<Utc>,
    /// When it was last filed.
    pub submitted_at: DateTime<Utc>,
    /// Version, +1 per change.
    pub version: i32,
}

/// The revision of a month that counts: the newest not sent back. `revisions` are one
/// project's rows of one month, in any order.
pub fn effective<'a>(
    revisions: impl IntoIterator<Item = &'a monthly_return::Model>,
) -> Option<&'a monthly_return::Model> {
    counted_revision(revisions, |r| {
        (ReturnStatus::of(r) == ReturnStatus::Returned, r.revision)
    })
}

/// The rule [`effective`] applies, for any shape of revision: `key` tells whether a revision
/// was sent back and its number; the newest not sent back counts.
pub(crate) fn counted_revision<T>(
    revisions: impl IntoIterator<Item = T>,
    key: impl Fn(&T) -> (bool, i32),
) -> Option<T> {
    revisions
        .into_iter()
        .filter(|r| !key(r).0)
        .max_by_key(|r| key(r).1)
}

/// What a month's completed investment is counted from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Baseline {
    /// A known cumulative figure (fen); zero before construction began.
    Known(i64),
    /// No return for the month, or its figure unknown.
    Unknown,
}

/// The cumulative figure at the end of `period` that a later month is counted from: the
/// effective return's, or zero when the month lies before the project's start year.
pub fn baseline(
    returns: &HashMap<(i32, Period), Vec<monthly_return::Model>>,
    project_id: i32,
    start_year: Option<i32>,
    period: Period,
) -> Baseline {
    if start_year.is_some_and(|first| period.year() < first) {
        return Baseline::Known(0);
    }
    match returns
        .get(&(project_id, period))
        .and_then(|revs| effective(revs.iter()))
        .and_then(|r| r.cumulative_completed_fen)
    {
        Some(fen) => Baseline::Known(fen),
        None => Baseline::Unknown,
    }
}

fn since(cumulative: Option<i64>, base: Baseline) -> Option<Decimal> {
    match (cumulative, base) {
        (Some(c), Baseline::Known(b)) => Some(fen_to_decimal(c - b)),
        _ => None,
    }
}

fn view(
    m: monthly_return::Model,
    this_month: Option<Decimal>,
    this_year: Option<Decimal>,
) -> MonthlyReturn {
    MonthlyReturn {
        id: m.id,
        project_id: m.project_id,
        status: ReturnStatus::of(&m),
        revision: m.revision,
        cumulative_completed_investment: opt_decimal(m.cumulative_completed_fen),
        completed_this_month: this_month,
        completed_this_year: this_year,
        percent_complete: Decimal::new(i64::from(m.percent_complete_bp), 2).normalize(),
        image_progress: m.image_progress,
        next_steps: m.next_steps,
        problems: m.problems,
        is_correction: m.is_correction,
        note: m.note,
        review_comment: m.review_comment,
        reviewed_by: m.reviewed_by,
        reviewed_at: m.reviewed_at,
        submitted_by: m.submitted_by,
        first_submitted_at: m.first_submitted_at,
        submitted_at: m.submitted_at,
        version: m.version,
        period: m.period,
    }
}

/// Every revision of the projects' returns for `periods`, keyed by (project, month), in one
/// query per 1 000 projects.
pub async fn revisions_for(
    db: &impl ConnectionTrait,
    project_ids: &[i32],
    periods: &[Period],
) -> ServiceResult<HashMap<(i32, Period), Vec<monthly_return::Model>>> {
    let texts: Vec<String> = periods.iter().map(Period::to_string).collect();
    let mut out: HashMap<(i32, Period), Vec<monthly_return::Model>> = HashMap::new();
    for chunk in project_ids.chunks(1000) {
        for row in monthly_return::Entity::find()
            .filter(monthly_return::Column::ProjectId.is_in(chunk.iter().copied()))
            .filter(monthly_return::Column::Period.is_in(texts.iter().cloned()))
            .all(db)
            .await?
        {
            if let Ok(p) = row.period.parse::<Period>() {
                out.entry((row.project_id, p)).or_default().push(row);
            }
        }
    }
    Ok(out)
}

/// Returns as they were at `at`, rebuilt from the change log.
pub async fn returns_as_of(
    db: &impl ConnectionTrait,
    rows: Vec<monthly_return::Model>,
    at: DateTime<Utc>,
) -> ServiceResult<Vec<monthly_return::Model>> {
    crate::audit::as_of::rows_as_of(
        db,
        &crate::audit::as_of::LoggedRows {
            entity_type: "monthly_return",
            fields: &MONTHLY_RETURN_FIELDS,
            id: |r| r.id,
            created: |r| r.created_at,
            version: |r| &mut r.version,
        },
        rows,
        at,
    )
    .await
}

/// The rows with their derived amounts: two more statements for any number of returns (the
/// neighbouring months' returns, and the projects' start years).
pub async fn with_derived(
    db: &impl ConnectionTrait,
    rows: Vec<monthly_return::Model>,
) -> ServiceResult<Vec<MonthlyReturn>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let mut projects: Vec<i32> = rows.iter().map(|r| r.project_id).collect();
    projects.sort_unstable();
    projects.dedup();
    let mut periods: HashSet<Period> = HashSet::new();
    for r in &rows {
        if let Ok(p) = r.period.parse::<Period>() {
            periods.insert(p.previous());
            periods.insert(p.december_before());
        }
    }
    let periods: Vec<Period> = periods.into_iter().collect();
    let neighbours = revisions_for(db, &projects, &periods).await?;
    let starts: HashMap<i32, Option<i32>> = project::Entity::find()
        .select_only()
        .column(project::Column::Id)
        .column(project::Column::StartYear)
        .filter(project::Column::Id.is_in(projects.iter().copied()))
        .into_tuple::<(i32, Option<i32>)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| {
            let start = starts.get(&r.project_id).copied().flatten();
            let (month, year) = match r.period.parse::<Period>() {
                Ok(p) => (
                    since(
                        r.cumulative_completed_fen,
                        baseline(&neighbours, r.project_id, start, p.previous()),
                    ),
                    since(
                        r.cumulative_completed_fen,
                        baseline(&neighbours, r.project_id, start, p.december_before()),
                    ),
                ),
                Err(()) => (None, None),
            };
            view(r, month, year)
        })
        .collect())
}

/// Returns by id, with derived amounts.
pub async fn returns_by_ids(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> ServiceResult<HashMap<i32, MonthlyReturn>> {
    let rows = monthly_return::Entity::find()
        .filter(monthly_return::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    Ok(with_derived(db, rows)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect())
}

/// Every revision of the projects' returns, newest month first (revisions newest first within
/// a month), by project: what `Project.monthlyReturns` pages through. A project files twelve a
/// year, so a project's whole list is small.
pub async fn returns_by_project_ids(
    db: &impl ConnectionTrait,
    project_ids: &[i32],
) -> ServiceResult<HashMap<i32, Vec<MonthlyReturn>>> {
    let mut rows = Vec::new();
    for chunk in project_ids.chunks(1000) {
        rows.extend(
            monthly_return::Entity::find()
                .filter(monthly_return::Column::ProjectId.is_in(chunk.iter().copied()))
                .order_by_desc(monthly_return::Column::Period)
                .order_by_desc(monthly_return::Column::Revision)
                .all(db)
                .await?,
        );
    }
    let mut out: HashMap<i32, Vec<MonthlyReturn>> = HashMap::new();
    for r in with_derived(db, rows).await? {
        out.entry(r.project_id).or_default().push(r);
    }
    Ok(out)
}

/// What a return states.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReturnInput {
    /// The month, `YYYY-MM`.
    pub period: String,
    /// Cumulative completed investment since construction began (万元); `None` is unknown.
    pub cumulative_completed_investment: Option<Decimal>,
    /// Physical completion, 0-100, two decimals.
    pub percent_complete: Decimal,
    /// Physical progress in words.
    pub image_progress: String,
    /// Next steps.
    pub next_steps: Option<String>,
    /// Problems met.
    pub problems: Option<String>,
    /// Corrects earlier figures (a lower cumulative figure, or an approved month).
    pub is_correction: bool,
    /// Why, for a correction.
    pub note: Option<String>,
}

pub(crate) fn summary(r: &monthly_return::Model) -> String {
    let amount = r.cumulative_completed_fen.map_or_else(
        || "unknown".to_owned(),
        |f| format!("{} 万元", fen_to_decimal(f)),
    );
    let kind = if r.revision > 0 {
        format!(" (correction {})", r.revision)
    } else {
        String::new()
    };
    format!(
        "{}{kind}: {amount}, {}%, {}",
        r.period,
        Decimal::new(i64::from(r.percent_complete_bp), 2).normalize(),
        r.status
    )
}

/// The nearest earlier (or, with `later`, later) month's known cumulative figure, with its
/// month.
async fn neighbour_figure(
    txn: &impl ConnectionTrait,
    project_id: i32,
    period: Period,
    later: bool,
) -> ServiceResult<Option<(Period, i64)>> {
    let text = period.to_string();
    let query =
        monthly_return::Entity::find().filter(monthly_return::Column::ProjectId.eq(project_id));
    let rows = if later {
        query
            .filter(monthly_return::Column::Period.gt(text))
            .order_by_asc(monthly_return::Column::Period)
    } else {
        query
            .filter(monthly_return::Column::Period.lt(text))
            .order_by_desc(monthly_return::Column::Period)
    }
    .all(txn)
    .await?;
    let mut by_period: Vec<(Period, Vec<monthly_return::Model>)> = Vec::new();
    for row in rows {
        let Ok(p) = row.period.parse::<Period>() else {
            continue;
        };
        match by_period.last_mut() {
            Some((last, revs)) if *last == p => revs.push(row),
            _ => by_period.push((p, vec![row])),
        }
    }
    Ok(by_period.iter().find_map(|(p, revs)| {
        effective(revs.iter())
            .and_then(|r| r.cumulative_completed_fen)
            .map(|fen| (*p, fen))
    }))
}

/// Files (or resubmits, or corrects) a project's return for a month; the project's version
/// rises, as with a progress report.
#[instrument(skip_all, fields(project.id = project_id, period = %input.period))]
pub async fn submit_monthly_return(
    db: &DatabaseConnection,
    actor: Actor<'_>,
    project_id: i32,
    expected_version: i32,
    input: ReturnInput,
) -> ServiceResult<(Project, MonthlyReturn)> {
    let period = Period::parse(&input.period, "period")?;
    let now = Utc::now();
    let current = Period::containing(now);
    if period > current {
        return Err(ServiceError::validation(
            "period",
            format!("{period} is still to come; a return speaks for {current} or an earlier month"),
        ));
    }
    let cumulative = input
        .cumulative_completed_investment
        .map(|v| {
            Amount::from_decimal(v).map(Amount::fen).map_err(|e| {
                ServiceError::validation("cumulativeCompletedInvestment", e.to_string())
            })
        })
        .transpose()?;
    let percent = crate::figures::percent_bp("percentComplete", input.percent_complete)?;
    if input.image_progress.trim().is_empty() {
        return Err(ServiceError::validation(
            "imageProgress",
            "say in words where the works stand (形象进度)",
        ));
    }
    let note = optional_text(input.note);
    if input.is_correction && note.is_none() {
        return Err(ServiceError::validation(
            "note",
            "a correction says in its note what it corrects and why",
        ));
    }

    // The day a return speaks for in the ledger: its month's last, or today for the running one.
    let dated = period.last_day().min(
        now.with_timezone(&super::period::office_zone())
            .date_naive(),
    );
    let txn = begin_write(db).await?;
    let old_project = project_for_write(&txn, actor, project_id, expected_version).await?;
    // A project is reported once: the return is the physical project's, whichever listing files it.
    let project_id = old_project.physical();
    if !input.is_correction
        && let Some(done) = super::bulletin::published(&txn, period).await?
    {
        return Err(ServiceError::validation(
            "isCorrection",
            format!(
                "{period} was published on {}; its returns change only by a correction (isCorrection, with a note), which shows in the live figures and later months",
                done.published_at.to_rfc3339()
            ),
        ));
    }
    if let Some(first) = old_project.start_year
        && period.year() < first
    {
        return Err(ServiceError::validation(
            "period",
            format!(
                "project {} starts in {first}; {period} lies before it",
                old_project.key
            ),
        ));
    }
    if let Some(cumulative) = cumulative {
        let below_previous = neighbour_figure(&txn, project_id, period, false)
            .await?
            .filter(|(_, fen)| cumulative < *fen);
        // Only what the ledger held by the month's date bounds it: a late return for an
        // earlier month may well be below a later report.
        let ledger = progress_report::Entity::find()
            .filter(progress_report::Column::ProjectId.eq(project_id))
            .filter(progress_report::Column::ReportedOn.lte(dated))
            .order_by_desc(progress_report::Column::ReportedOn)
            .order_by_desc(progress_report::Column::Id)
            .one(&txn)
            .await?
            .filter(|r| cumulative < r.completed_investment_fen);
        let above_next = neighbour_figure(&txn, project_id, period, true)
            .await?
            .filter(|(_, fen)| cumulative > *fen);
        if !input.is_correction {
            if let Some((p, fen)) = below_previous {
                return Err(ServiceError::validation(
                    "cumulativeCompletedInvestment",
                    format!(
                        "cumulative completed investment would fall from {} ({p}) to {}; mark the return as a correction and say why in the note",
                        fen_to_decimal(fen),
                        fen_to_decimal(cumulative)
                    ),
                ));
            }
            if let Some((p, fen)) = above_next {
                return Err(ServiceError::validation(
                    "cumulativeCompletedInvestment",
                    format!(
                        "cumulative completed investment {} would exceed the later figure of {p} ({}); mark the return as a correction and say why in the note",
                        fen_to_decimal(cumulative),
                        fen_to_decimal(fen)
                    ),
                ));
            }
            if let Some(r) = ledger {
                return Err(ServiceError::validation(
                    "cumulativeCompletedInvestment",
                    format!(
                        "cumulative completed investment would fall from {} (progress report of {}) to {}; mark the return as a correction and say why in the note",
                        fen_to_decimal(r.completed_investment_fen),
                        r.reported_on,
                        fen_to_decimal(cumulative)
                    ),
                ));
            }
        }
    }

    let revisions = monthly_return::Entity::find()
        .filter(monthly_return::Column::ProjectId.eq(project_id))
        .filter(monthly_return::Column::Period.eq(period.to_string()))
        .order_by_desc(monthly_return::Column::Revision)
        .all(&txn)
        .await?;
    let latest = revisions.first().cloned();
    let next_fields = |row: &mut monthly_return::Model| {
        row.status = ReturnStatus::Submitted.as_str().to_owned();
        row.cumulative_completed_fen = cumulative;
        row.percent_complete_bp = percent;
        row.image_progress = input.image_progress.clone();
        row.next_steps = optional_text(input.next_steps.clone());
        row.problems = optional_text(input.problems.clone());
        row.is_correction = input.is_correction || row.revision > 0;
        row.note = note.clone();
        row.submitted_by = actor.principal.name.clone();
        row.submitted_at = now;
        row.updated_at = now;
    };
    let (saved, entries, old_summary) = match latest {
        Some(old) if ReturnStatus::of(&old) != ReturnStatus::Approved => {
            // Not yet approved: resubmitted in place.
            let mut next = old.clone();
            next_fields(&mut next);
            next.version = old.version + 1;
            let entries = diff(&MONTHLY_RETURN_FIELDS, &old, &next);
            if entries.is_empty() {
                return Err(crate::write::nothing_to_change());
            }
            let result = monthly_return::Entity::update_many()
                .set(monthly_return::ActiveModel {
                    status: Set(next.status.clone()),
                    cumulative_completed_fen: Set(next.cumulative_completed_fen),
                    percent_complete_bp: Set(next.percent_complete_bp),
                    image_progress: Set(next.image_progress.clone()),
                    next_steps: Set(next.next_steps.clone()),
                    problems: Set(next.problems.clone()),
                    is_correction: Set(next.is_correction),
                    note: Set(next.note.clone()),
                    submitted_by: Set(next.submitted_by.clone()),
                    submitted_at: Set(now),
                    version: Set(next.version),
                    updated_at: Set(now),
                    ..Default::default()
                })
                .filter(monthly_return::Column::Id.eq(old.id))
                .filter(monthly_return::Column::Version.eq(old.version))
                .exec(&txn)
                .await?;
            if result.rows_affected != 1 {
                return Err(
                    stale(&txn, "monthly_return", old.id, old.version + 1, old.version).await,
                );
            }
            (next, entries, Some(summary(&old)))
        }
        approved => {
            if let Some(old) = &approved
                && !input.is_correction
            {
                return Err(ServiceError::validation(
                    "isCorrection",
                    format!(
                        "the return for {period} is approved and cannot be edited; file a correction (isCorrection, with a note), kept beside it (approved {})",
                        old.reviewed_at.map(|t| t.to_rfc3339()).unwrap_or_default()
                    ),
                ));
            }
            let revision = approved.as_ref().map_or(0, |o| o.revision + 1);
            let mut row = monthly_return::Model {
                id: 0,
                project_id,
                period: period.to_string(),
                revision,
                status: String::new(),
                cumulative_completed_fen: None,
                percent_complete_bp: 0,
                image_progress: String::new(),
                next_steps: None,
                problems: None,
                is_correction: false,
                note: None,
                review_comment: None,
                reviewed_by: None,
                reviewed_at: None,
                submitted_by: String::new(),
                first_submitted_at: now,
                submitted_at: now,
                version: 1,
                created_at: now,
                updated_at: now,
            };
            next_fields(&mut row);
            let mut active = monthly_return::ActiveModel::from(row.clone()).reset_all();
            active.id = sea_orm::ActiveValue::NotSet;
            // Two first filings of one month at once: the second meets the first's row.
            let saved = active.insert(&txn).await.on_unique(|| {
                format!("the return for {period} was filed meanwhile; reload it and resubmit")
            })?;
            let entries = vec![Change {
                field: events::CREATED,
                old: None,
                new: Some(summary(&saved)),
            }];
            (saved, entries, approved.as_ref().map(summary))
        }
    };
    append(
        &txn,
        actor,
        Target {
            entity_type: "monthly_return",
            entity_id: saved.id,
            project_id: Some(project_id),
            version: saved.version,
        },
        &entries,
        now,
    )
    .await?;
    // A late return for an earlier month is not the latest word on the project: the ledger
    // takes its figure only when nothing later is recorded, so its latest entry stays the latest.
    let later_recorded = progress_report::Entity::find()
        .filter(progress_report::Column::ProjectId.eq(project_id))
        .filter(progress_report::Column::ReportedOn.gt(dated))
        .one(&txn)
        .await?
        .is_some();
    if let Some(fen) = cumulative.filter(|_| !later_recorded) {
        progress_report::ActiveModel {
            project_id: Set(project_id),
            reported_on: Set(dated),
            reported_by: Set(actor.principal.name.clone()),
            status: Set(old_project.status),
            percent_complete_bp: Set(percent),
            completed_investment_fen: Set(fen),
            note: Set(Some(format!("monthly return {period}"))),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    super::return_year::refresh(&txn, &[project_id]).await?;
    let event = Change {
        field: events::MONTHLY_RETURN,
        old: old_summary,
        new: Some(summary(&saved)),
    };
    let new_project = old_project.clone();
    let project = commit_project(txn, actor, &old_project, new_project, &[event]).await?;
    let view = with_derived(db, vec![saved])
        .await?
        .pop()
        .ok_or_else(|| ServiceError::internal("a saved return vanished"))?;
    Ok((project, view))
}

/// The office's decision on a return.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Accept it.
    Approve,
    /// Send it back, with a comment saying what to put right.
    Return,
}

/// Reviews a submitted return (COORDINATOR or ADMIN); `expected_version` is the return's.
#[instrument(skip_all, fields(return.id = return_id))]
pub async fn review_monthly_return(
    db: &DatabaseConnection,
    actor: Actor<'_>,
    return_id: i32,
    expected_version: i32,
    decision: Decision,
    comment: Option<String>,
) -> ServiceResult<MonthlyReturn> {
    crate::access::require_office(actor.principal)?;
    let comment = optional_text(comment);
    if decision == Decision::Return && comment.is_none() {
        return Err(ServiceError::validation(
            "comment",
            "a return sent back says what to put right",
        ));
    }
    let txn = begin_write(db).await?;
    let old = monthly_return::Entity::find_by_id(return_id)
        .one(&txn)
        .await?
        .ok_or_else(|| ServiceError::not_found("monthly return"))?;
    if old.version != expected_version {
        return Err(stale(
            &txn,
            "monthly_return",
            old.id,
            old.version,
            expected_version,
        )
        .await);
    }
    if ReturnStatus::of(&old) != ReturnStatus::Submitted {
        return Err(ServiceError::validation(
            "returnId",
            format!(
                "the return is {}; only a submitted return is reviewed",
                old.status
            ),
        ));
    }
    let now = Utc::now();
    let mut next = old.clone();
    next.status = match decision {
        Decision::Approve => ReturnStatus::Approved,
        Decision::Return => ReturnStatus::Returned,
    }
    .as_str()
    .to_owned();
    next.review_comment = comment;
    next.reviewed_by = Some(actor.principal.name.clone());
    next.reviewed_at = Some(now);
    next.version = old.version + 1;
    next.updated_at = now;
    let result = monthly_return::Entity::update_many()
        .set(monthly_return::ActiveModel {
            status: Set(next.status.clone()),
            review_comment: Set(next.review_comment.clone()),
            reviewed_by: Set(next.reviewed_by.clone()),
            reviewed_at: Set(next.reviewed_at),
            version: Set(next.version),
            updated_at: Set(now),
            ..Default::default()
        })
        .filter(monthly_return::Column::Id.eq(old.id))
        .filter(monthly_return::Column::Version.eq(old.version))
        .exec(&txn)
        .await?;
    if result.rows_affected != 1 {
        // A concurrent review committed first.
        return Err(stale(
            &txn,
            "monthly_return",
            old.id,
            old.version + 1,
            expected_version,
        )
        .await);
    }
    let entries = diff(&MONTHLY_RETURN_FIELDS, &old, &next);
    append(
        &txn,
        actor,
        Target {
            entity_type: "monthly_return",
            entity_id: old.id,
            project_id: Some(old.project_id),
            version: next.version,
        },
        &entries,
        now,
    )
    .await?;
    super::return_year::refresh(&txn, &[old.project_id]).await?;
    crate::mark::commit(txn).await?;
    with_derived(db, vec![next])
        .await?
        .pop()
        .ok_or_else(|| ServiceError::internal("a reviewed return vanished"))
}

/// The office's review queue: a month's returns in a state (all months when `period` is
/// `None`), in project order, keyset-paged by return id.
pub async fn review_queue(
    db: &impl ConnectionTrait,
    principal: &crate::access::Principal,
    period: Option<Period>,
    status: ReturnStatus,
    after: Option<i32>,
    first: u64,
) -> ServiceResult<(Vec<MonthlyReturn>, bool)> {
    crate::access::require_read(principal)?;
    let mut query = monthly_return::Entity::find()
        .filter(monthly_return::Column::Status.eq(status.as_str()))
        .order_by_asc(monthly_return::Column::Id)
        .limit(first + 1);
    if let Some(p) = period {
        query = query.filter(monthly_return::Column::Period.eq(p.to_string()));
    }
    if let Some(after) = after {
        query = query.filter(monthly_return::Column::Id.gt(after));
    }
    let mut rows = query.all(db).await?;
    let more = u64::try_from(rows.len()).unwrap_or(u64::MAX) > first;
    rows.truncate(usize::try_from(first).unwrap_or(usize::MAX));
    Ok((with_derived(db, rows).await?, more))
}

/// A return row for the unit tests of the reporting modules: project `project_id`'s revision
/// `revision` of `period`, filed now.
#[cfg(test)]
pub(crate) fn test_row(
    project_id: i32,
    period: &str,
    revision: i32,
    status: &str,
    fen: Option<i64>,
) -> monthly_return::Model {
    let now = Utc::now();
    monthly_return::Model {
        id: revision + 1,
        project_id,
        period: period.into(),
        revision,
        status: status.into(),
        cumulative_completed_fen: fen,
        percent_complete_bp: 0,
        image_progress: "x".into(),
        next_steps: None,
        problems: None,
        is_correction: revision > 0,
        note: None,
        review_comment: None,
        reviewed_by: None,
        reviewed_at: None,
        submitted_by: "m".into(),
        first_submitted_at: now,
        submitted_at: now,
        version: 1,
        created_at: now,
        updated_at: now,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(period: &str, revision: i32, status: &str, fen: Option<i64>) -> monthly_return::Model {
        test_row(7, period, revision, status, fen)
    }

    #[test]
    fn the_newest_revision_not_sent_back_counts() {
        let approved = row("2026-05", 0, "APPROVED", Some(100));
        let correction = row("2026-05", 1, "SUBMITTED", Some(90));
        let rejected = row("2026-05", 1, "RETURNED", Some(90));
        assert_eq!(effective([&approved, &correction]), Some(&correction));
        assert_eq!(effective([&approved, &rejected]), Some(&approved));
        assert_eq!(effective([&rejected]), None);
    }

    #[test]
    fn a_baseline_before_the_start_year_is_zero_and_a_missing_one_unknown() -> Result<(), ()> {
        let mut returns = HashMap::new();
        let dec: Period = "2025-12".parse()?;
        assert_eq!(baseline(&returns, 7, Some(2026), dec), Baseline::Known(0));
        assert_eq!(baseline(&returns, 7, Some(2024), dec), Baseline::Unknown);
        assert_eq!(baseline(&returns, 7, None, dec), Baseline::Unknown);
        returns.insert((7, dec), vec![row("2025-12", 0, "SUBMITTED", Some(5))]);
        assert_eq!(baseline(&returns, 7, Some(2024), dec), Baseline::Known(5));
        returns.insert((7, dec), vec![row("2025-12", 0, "SUBMITTED", None)]);
        assert_eq!(baseline(&returns, 7, Some(2024), dec), Baseline::Unknown);
        Ok(())
    }
}
