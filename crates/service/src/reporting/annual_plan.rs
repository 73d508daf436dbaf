//! Annual plans (年度计划): each January the office sets, per project, the investment planned
//! for the year, the months it should start or finish, the physical progress aimed at, and
//! optionally the cumulative share of the plan due by each quarter's end.
//!
//! The plan also fixes the time-elapsed schedule (序时进度) a month is judged against:
//! [`AnnualPlan::expected_share`].

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::annual_plan;
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use tracing::instrument;

use crate::audit::fields::{ANNUAL_PLAN_FIELDS, Change, diff, events};
use crate::audit::record::{Target, append};
use crate::error::OnUnique;
use crate::money::{Amount, fen_to_decimal, opt_decimal};
use crate::project::Project;
use crate::write::{Actor, begin_write, commit_project, optional_text, project_for_office_write};
use crate::{ServiceError, ServiceResult};

/// Denominator of a share of the year: shares are held as `n / SHARE_DENOMINATOR`, exact for
/// both a month of twelve (2 500 each) and a third of a quarter given in basis points.
pub const SHARE_DENOMINATOR: i64 = 30_000;

/// A project's plan for a year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnnualPlan {
    /// Surrogate id.
    pub id: i32,
    /// The project planned.
    pub project_id: i32,
    /// The year.
    pub year: i32,
    /// Investment planned for the year (万元); `None` is unknown.
    pub planned_investment: Option<Decimal>,
    /// Month construction should start in.
    pub planned_start_month: Option<u32>,
    /// Month the project should be finished in.
    pub planned_completion_month: Option<u32>,
    /// Physical progress aimed at by the year's end.
    pub target_progress: Option<String>,
    /// Cumulative percent of the plan due by the end of each quarter (the last is 100).
    pub quarterly_targets: Option<[Decimal; 4]>,
    /// Version, +1 per change.
    pub version: i32,
    /// Who set it last.
    pub updated_by: String,
    /// When it was last changed.
    pub updated_at: DateTime<Utc>,
    /// The row, for the schedule.
    pub row: annual_plan::Model,
}

fn percent(bp: i32) -> Decimal {
    Decimal::new(i64::from(bp), 2).normalize()
}

fn month(value: Option<i32>) -> Option<u32> {
    value.and_then(|m| u32::try_from(m).ok())
}

impl From<annual_plan::Model> for AnnualPlan {
    fn from(m: annual_plan::Model) -> Self {
        let quarterly_targets = match (m.q1_share_bp, m.q2_share_bp, m.q3_share_bp) {
            (Some(a), Some(b), Some(c)) => {
                Some([percent(a), percent(b), percent(c), Decimal::ONE_HUNDRED])
            }
            _ => None,
        };
        Self {
            id: m.id,
            project_id: m.project_id,
            year: m.year,
            planned_investment: opt_decimal(m.planned_investment_fen),
            planned_start_month: month(m.planned_start_month),
            planned_completion_month: month(m.planned_completion_month),
            target_progress: m.target_progress.clone(),
            quarterly_targets,
            version: m.version,
            updated_by: m.updated_by.clone(),
            updated_at: m.updated_at,
            row: m,
        }
    }
}

/// The share of the year's plan due by the end of `month` (1-12), as `n / SHARE_DENOMINATOR`:
/// linear by month without quarterly targets; with them, the quarter's target at its last month
/// and a straight line between quarter ends inside it.
pub fn expected_share(plan: &annual_plan::Model, month: u32) -> i64 {
    let month = i64::from(month.clamp(1, 12));
    match (plan.q1_share_bp, plan.q2_share_bp, plan.q3_share_bp) {
        (Some(q1), Some(q2), Some(q3)) => {
            let ends = [0, i64::from(q1), i64::from(q2), i64::from(q3), 10_000];
            let quarter = usize::try_from((month - 1) / 3).unwrap_or(0);
            let into = (month - 1) % 3 + 1;
            3 * ends[quarter] + (ends[quarter + 1] - ends[quarter]) * into
        }
        _ => month * (SHARE_DENOMINATOR / 12),
    }
}

/// The plan's amount due by the end of `month`: the plan times [`expected_share`], to the fen,
/// rounded half away from zero; unknown with the plan's amount.
pub fn expected_to_date_fen(plan: &annual_plan::Model, month: u32) -> Option<i64> {
    let planned = i128::from(plan.planned_investment_fen?);
    let (n, d) = (
        i128::from(expected_share(plan, month)),
        i128::from(SHARE_DENOMINATOR),
    );
    // Both factors are non-negative, so half up is half away from zero.
    i64::try_from((2 * planned * n + d) / (2 * d)).ok()
}

/// What `setAnnualPlan` states; the plan is set as a whole (an omitted figure is unknown).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlanInput {
    /// The year.
    pub year: i32,
    /// Investment planned for the year (万元); `None` is unknown.
    pub planned_investment: Option<Decimal>,
    /// Month construction should start in (1-12).
    pub planned_start_month: Option<i32>,
    /// Month the project should be finished in (1-12).
    pub planned_completion_month: Option<i32>,
    /// Physical progress aimed at.
    pub target_progress: Option<String>,
    /// Cumulative percent of the plan due by each quarter's end: four values, rising, the last
    /// 100.
    pub quarterly_targets: Option<Vec<Decimal>>,
}

fn check_month(field: &str, value: Option<i32>) -> ServiceResult<Option<i32>> {
    match value {
        Some(m) if !(1..=12).contains(&m) => {
            Err(ServiceError::validation(field, "a month from 1 to 12"))
        }
        other => Ok(other),
    }
}

/// Quarterly targets as basis points of Q1-Q3, checked.
fn quarterly_bp(targets: Option<&[Decimal]>) -> ServiceResult<Option<[i32; 3]>> {
    let Some(targets) = targets else {
        return Ok(None);
    };
    let field = "quarterlyTargets";
    if targets.len() != 4 {
        return Err(ServiceError::validation(
            field,
            "four cumulative percentages, one per quarter (the last is 100)",
        ));
    }
    let mut bp = [0i32; 4];
    let mut previous = 0;
    for (i, t) in targets.iter().enumerate() {
        let t = t.normalize();
        if t.is_sign_negative() || t > Decimal::ONE_HUNDRED || t.scale() > 2 {
            return Err(ServiceError::validation(
                field,
                "percentages from 0 to 100 with at most two decimals",
            ));
        }
        let value = i32::try_from((t * Decimal::ONE_HUNDRED).trunc().mantissa())
            .map_err(|_| ServiceError::validation(field, "out of range"))?;
        if value < previous {
            return Err(ServiceError::validation(
                field,
                "the targets are cumulative, so each is at least the one before",
            ));
        }
        previous = value;
        bp[i] = value;
    }
    if bp[3] != 10_000 {
        return Err(ServiceError::validation(
            field,
            "the fourth quarter's cumulative target is the whole plan: 100",
        ));
    }
    Ok(Some([bp[0], bp[1], bp[2]]))
}

pub(crate) fn summary(m: &annual_plan::Model) -> String {
    let amount = m.planned_investment_fen.map_or_else(
        || "unknown".to_owned(),
        |f| format!("{} 万元", fen_to_decimal(f)),
    );
    format!("{}: {amount}", m.year)
}

/// Sets a project's plan for a year (the office's, or an administrator's); the project's
/// version rises, as for every change to what a project is measured against.
#[instrument(skip_all, fields(project.id = project_id, year = input.year))]
pub async fn set_annual_plan(
    db: &DatabaseConnection,
    actor: Actor<'_>,
    project_id: i32,
    expected_version: i32,
    input: PlanInput,
) -> ServiceResult<(Project, AnnualPlan)> {
    crate::access::require_office(actor.principal)?;
    if !(2000..=2100).contains(&input.year) {
        return Err(ServiceError::validation("year", "a year from 2000 to 2100"));
    }
    let planned = input
        .planned_investment
        .map(|v| {
            Amount::from_decimal(v)
                .map(Amount::fen)
                .map_err(|e| ServiceError::validation("plannedInvestment", e.to_string()))
        })
        .transpose()?;
    let start = check_month("plannedStartMonth", input.planned_start_month)?;
    let completion = check_month("plannedCompletionMonth", input.planned_completion_month)?;
    if let (Some(s), Some(c)) = (start, completion)
        && c < s
    {
        return Err(ServiceError::validation(
            "plannedCompletionMonth",
            "the project cannot be finished before it starts",
        ));
    }
    let quarters = quarterly_bp(input.quarterly_targets.as_deref())?;
    let target = optional_text(input.target_progress);

    let txn = begin_write(db).await?;
    let project = project_for_office_write(&txn, actor, project_id, expected_version).await?;
    // The plan is the physical project's, whichever of its listings it is set through.
    let project_id = project.physical();
    if let Some(first) = project.start_year
        && input.year < first
    {
        return Err(ServiceError::validation(
            "year",
            format!(
                "project {} starts in {first}; change its start year before planning {}",
                project.key, input.year
            ),
        ));
    }
    let existing = annual_plan::Entity::find()
        .filter(annual_plan::Column::ProjectId.eq(project_id))
        .filter(annual_plan::Column::Year.eq(input.year))
        .one(&txn)
        .await?;
    let now = Utc::now();
    let mut next = existing.clone().unwrap_or(annual_plan::Model {
        id: 0,
        project_id,
        year: input.year,
        planned_investment_fen: None,
        planned_start_month: None,
        planned_completion_month: None,
        target_progress: None,
        q1_share_bp: None,
        q2_share_bp: None,
        q3_share_bp: None,
        version: 0,
        updated_by: String::new(),
        created_at: now,
        updated_at: now,
    });
    next.planned_investment_fen = planned;
    next.planned_start_month = start;
    next.planned_completion_month = completion;
    next.target_progress = target;
    next.q1_share_bp = quarters.map(|q| q[0]);
    next.q2_share_bp = quarters.map(|q| q[1]);
    next.q3_share_bp = quarters.map(|q| q[2]);
    let (saved, changes) = match &existing {
        Some(old) => {
            let changes = diff(&ANNUAL_PLAN_FIELDS, old, &next);
            if changes.is_empty() {
                return Err(crate::write::nothing_to_change());
            }
            next.version = old.version + 1;
            next.updated_by = actor.principal.name.clone();
            next.updated_at = now;
            let mut active = annual_plan::ActiveModel::from(next.clone()).reset_all();
            active.id = sea_orm::ActiveValue::Unchanged(old.id);
            active.created_at = sea_orm::ActiveValue::NotSet;
            (active.update(&txn).await?, changes)
        }
        None => {
            let mut changes = vec![Change {
                field: events::CREATED,
                old: None,
                new: Some(summary(&next)),
            }];
            changes.extend(diff(
                &ANNUAL_PLAN_FIELDS,
                &annual_plan::Model {
                    planned_investment_fen: None,
                    planned_start_month: None,
                    planned_completion_month: None,
                    target_progress: None,
                    q1_share_bp: None,
                    q2_share_bp: None,
                    q3_share_bp: None,
                    ..next.clone()
                },
                &next,
            ));
            let active = annual_plan::ActiveModel {
                project_id: Set(project_id),
                year: Set(input.year),
                planned_investment_fen: Set(next.planned_investment_fen),
                planned_start_month: Set(next.planned_start_month),
                planned_completion_month: Set(next.planned_completion_month),
                target_progress: Set(next.target_progress.clone()),
                q1_share_bp: Set(next.q1_share_bp),
                q2_share_bp: Set(next.q2_share_bp),
                q3_share_bp: Set(next.q3_share_bp),
                version: Set(1),
                updated_by: Set(actor.principal.name.clone()),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            };
            let saved = active.insert(&txn).await.on_unique(|| {
                format!("the plan for {} was set meanwhile; reload it", input.year)
            })?;
            (saved, changes)
        }
    };
    let target = Target {
        entity_type: "annual_plan",
        entity_id: saved.id,
        project_id: Some(project_id),
        version: saved.version,
    };
    append(&txn, actor, target, &changes, now).await?;
    let event = Change {
        field: events::ANNUAL_PLAN,
        old: existing.as_ref().map(summary),
        new: Some(summary(&saved)),
    };
    let project = commit_project(txn, actor, &project.clone(), project, &[event]).await?;
    Ok((project, saved.into()))
}

/// Plans by id, in one query.
pub async fn plans_by_ids(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> ServiceResult<HashMap<i32, AnnualPlan>> {
    crate::batch::by_ids::<annual_plan::Entity, _>(db, annual_plan::Column::Id, ids, |m| m.id).await
}

/// Every plan of the projects, by project, oldest year first, in one query.
pub async fn plans_by_project_ids(
    db: &impl ConnectionTrait,
    project_ids: &[i32],
) -> ServiceResult<HashMap<i32, Vec<AnnualPlan>>> {
    let mut out: HashMap<i32, Vec<AnnualPlan>> = HashMap::new();
    for chunk in project_ids.chunks(1000) {
        for row in annual_plan::Entity::find()
            .filter(annual_plan::Column::ProjectId.is_in(chunk.iter().copied()))
            .order_by_asc(annual_plan::Column::ProjectId)
            .order_by_asc(annual_plan::Column::Year)
            .all(db)
            .await?
        {
            out.entry(row.project_id).or_default().push(row.into());
        }
    }
    Ok(out)
}

/// Plans of the projects for `years`, keyed by (project, year), in one query per 1 000 projects.
pub async fn plan_rows(
    db: &impl ConnectionTrait,
    project_ids: &[i32],
    years: &[i32],
) -> ServiceResult<HashMap<(i32, i32), annual_plan::Model>> {
    let mut out = HashMap::new();
    for chunk in project_ids.chunks(1000) {
        for row in annual_plan::Entity::find()
            .filter(annual_plan::Column::ProjectId.is_in(chunk.iter().copied()))
            .filter(annual_plan::Column::Year.is_in(years.iter().copied()))
            .all(db)
            .await?
        {
            out.insert((row.project_id, row.year), row);
        }
    }
    Ok(out)
}

/// Plans as they were at `at`, rebuilt from the change log.
pub async fn plans_as_of(
    db: &impl ConnectionTrait,
    rows: Vec<annual_plan::Model>,
    at: DateTime<Utc>,
) -> ServiceResult<Vec<annual_plan::Model>> {
    crate::audit::as_of::rows_as_of(
        db,
        &crate::audit::as_of::LoggedRows {
            entity_type: "annual_plan",
            fields: &ANNUAL_PLAN_FIELDS,
            id: |r| r.id,
            created: |r| r.created_at,
            version: |r| &mut r.version,
        },
        rows,
        at,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(q: Option<[i32; 3]>) -> annual_plan::Model {
        let now = Utc::now();
        annual_plan::Model {
            id: 1,
            project_id: 1,
            year: 2026,
            planned_investment_fen: Some(1_200_000_000),
            planned_start_month: None,
            planned_completion_month: None,
            target_progress: None,
            q1_share_bp: q.map(|q| q[0]),
            q2_share_bp: q.map(|q| q[1]),
            q3_share_bp: q.map(|q| q[2]),
            version: 1,
            updated_by: "office".into(),
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn without_quarters_the_schedule_is_linear_by_month() {
        let p = plan(None);
        assert_eq!(expected_share(&p, 1), 2_500);
        assert_eq!(expected_share(&p, 6), 15_000, "June: half the year");
        assert_eq!(expected_share(&p, 12), SHARE_DENOMINATOR);
    }

    #[test]
    fn quarterly_targets_hold_at_quarter_ends_and_run_straight_between() {
        // 20 %, 50 %, 80 %, 100 %.
        let p = plan(Some([2_000, 5_000, 8_000]));
        assert_eq!(expected_share(&p, 3), 6_000, "20 % of 30 000");
        assert_eq!(expected_share(&p, 1), 2_000, "a third of 20 %");
        assert_eq!(expected_share(&p, 4), 9_000, "20 % + a third of 30 %: 30 %");
        assert_eq!(expected_share(&p, 6), 15_000);
        assert_eq!(expected_share(&p, 11), 28_000, "80 % + two thirds of 20 %");
        assert_eq!(expected_share(&p, 12), SHARE_DENOMINATOR);
        // The linear schedule is the quarterly one with even quarters.
        let even = plan(Some([2_500, 5_000, 7_500]));
        for m in 1..=12 {
            assert_eq!(expected_share(&even, m), expected_share(&plan(None), m));
        }
    }

    #[test]
    fn quarterly_targets_are_four_rising_percentages_ending_at_100() -> ServiceResult<()> {
        let d = |v: &[i64]| v.iter().map(|&x| Decimal::from(x)).collect::<Vec<_>>();
        assert_eq!(
            quarterly_bp(Some(&d(&[20, 50, 80, 100])))?,
            Some([2_000, 5_000, 8_000])
        );
        for bad in [
            &[20, 50, 100][..],
            &[50, 20, 80, 100],
            &[20, 50, 80, 90],
            &[-1, 50, 80, 100],
        ] {
            assert!(quarterly_bp(Some(&d(bad))).is_err(), "{bad:?}");
        }
        Ok(())
    }
}
