//! Schedule warnings (序时进度预警): the light each monitored project gets for a month, from its
//! annual plan, its returns and the rules of its list.
//!
//! A project is monitored in a year when it has an annual plan for that year and is neither
//! completed nor cancelled. For a month it is judged, at the month's end, by three rules:
//!
//! - `BEHIND_SCHEDULE`: the points by which the share of the year's plan completed trails the
//!   share of the year elapsed (linear by month, or the plan's quarterly targets);
//! - `START_OVERDUE`: months since the planned start month passed without a start;
//! - `RETURN_MISSING`: months running, up to this one, without a return after their deadline.
//!
//! The light is the worst any rule gives. A rule that cannot be judged (an unknown figure, no
//! return yet) gives no light of its own; when nothing could be judged the light is
//! `NOT_APPLICABLE` with the reason, never a silent green. Every comparison is exact: amounts
//! are integer fen and shares integer fractions of [`SHARE_DENOMINATOR`].
//!
//! A month read `asOf` a past moment uses the plans, returns and rules as they were then (from
//! the change log); a project's start is judged by its status at the moment read.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{ProjectStatus, annual_plan, monthly_return, project, warning_rule};
use rust_decimal::Decimal;
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::annual_plan::{
    SHARE_DENOMINATOR, expected_share, expected_to_date_fen, plan_rows, plans_as_of,
};
use super::monthly_return::{Baseline, baseline, effective, returns_as_of, revisions_for};
use super::period::Period;
use super::rules::{RuleBook, rule_book};
use crate::access::{Principal, require_read};
use crate::money::{fen_to_decimal, opt_decimal};
use crate::project_search::{ProjectFilter, filter_condition};
use crate::{ServiceResult, audit};

/// A light.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Nothing could be judged: no plan, or the figures are unknown (see the reason).
    NotApplicable,
    /// On schedule.
    Green,
    /// Behind, late or missing past the yellow threshold.
    Yellow,
    /// Past the red threshold.
    Red,
}

impl Level {
    /// The stored and displayed name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotApplicable => "NOT_APPLICABLE",
            Self::Green => "GREEN",
            Self::Yellow => "YELLOW",
            Self::Red => "RED",
        }
    }

    /// Parses a stored name.
    pub fn parse(text: &str) -> Option<Self> {
        [Self::NotApplicable, Self::Green, Self::Yellow, Self::Red]
            .into_iter()
            .find(|l| l.as_str() == text)
    }
}

/// The rule behind a light.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rule {
    /// Investment behind the time-elapsed schedule.
    BehindSchedule,
    /// The planned start month passed without a start.
    StartOverdue,
    /// Returns missing after their deadline.
    ReturnMissing,
}

impl Rule {
    /// The stored and displayed name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BehindSchedule => "BEHIND_SCHEDULE",
            Self::StartOverdue => "START_OVERDUE",
            Self::ReturnMissing => "RETURN_MISSING",
        }
    }

    /// Parses a stored name.
    pub fn parse(text: &str) -> Option<Self> {
        [
            Self::BehindSchedule,
            Self::StartOverdue,
            Self::ReturnMissing,
        ]
        .into_iter()
        .find(|r| r.as_str() == text)
    }
}

/// A project's light for a month, with the figures it rests on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScheduleWarning {
    /// The project.
    pub project_id: i32,
    /// The month, `YYYY-MM`.
    pub period: String,
    /// The light.
    pub level: Level,
    /// The rule that gave it; `None` for green and not-applicable lights.
    pub rule: Option<Rule>,
    /// Why, in words: every rule's finding, or what could not be judged.
    pub reason: String,
    /// Investment planned for the year (万元).
    pub planned_investment: Option<Decimal>,
    /// Investment completed in the year up to the month's return (万元).
    pub completed_this_year: Option<Decimal>,
    /// The share of the year's plan due by the month's end, percent (two decimals, rounded).
    pub expected_share: Option<Decimal>,
    /// The plan times that share (万元, to the fen, rounded half away from zero).
    pub expected_to_date: Option<Decimal>,
    /// Points the completed share trails the expected one (negative: ahead), two decimals,
    /// rounded; thresholds are compared with the exact value.
    pub gap_points: Option<Decimal>,
    /// Months past the planned start month without a start (0 in the start month itself).
    pub months_start_overdue: Option<i32>,
    /// Months running, up to this one, without a return after their deadline.
    pub months_missing: i32,
}

/// Rounds `num / den` (den > 0) half away from zero.
fn round_div(num: i128, den: i128) -> i128 {
    let q = num / den;
    let r = num % den;
    if 2 * r.abs() >= den {
        q + num.signum()
    } else {
        q
    }
}

fn decimal(mantissa: i128, scale: u32) -> Option<Decimal> {
    Decimal::try_from_i128_with_scale(mantissa, scale)
        .ok()
        .map(|d| d.normalize())
}

/// What the rules need about one project for one month.
pub struct Facts<'a> {
    /// The month judged.
    pub period: Period,
    /// The project as at the moment read.
    pub project: &'a project::Model,
    /// Plans by (project, year), for the month's year and those the missing-return rule
    /// looks back into.
    pub plans: &'a HashMap<(i32, i32), annual_plan::Model>,
    /// Returns by (project, month): the month, the months before it the missing-return rule
    /// looks at, and December of the year before.
    pub returns: &'a HashMap<(i32, Period), Vec<monthly_return::Model>>,
    /// The rules of the project's list.
    pub rules: &'a warning_rule::Model,
    /// The moment the light is read at: deadlines passed by then count.
    pub at: DateTime<Utc>,
}

fn not_applicable(project_id: i32, period: Period, reason: String) -> ScheduleWarning {
    ScheduleWarning {
        project_id,
        period: period.to_string(),
        level: Level::NotApplicable,
        rule: None,
        reason,
        planned_investment: None,
        completed_this_year: None,
        expected_share: None,
        expected_to_date: None,
        gap_points: None,
        months_start_overdue: None,
        months_missing: 0,
    }
}

fn threshold(value: i64, yellow: i64, red: i64) -> Level {
    if value >= red {
        Level::Red
    } else if value >= yellow {
        Level::Yellow
    } else {
        Level::Green
    }
}

/// Months running, up to `period`, that were monitored and have no return after their
/// deadline passed by `at`.
fn missing_run(f: &Facts<'_>, longest: i32) -> i32 {
    let id = f.project.id;
    let mut run = 0;
    let mut month = f.period;
    while run < longest {
        let monitored = f.plans.contains_key(&(id, month.year()))
            && f.project.start_year.is_none_or(|s| month.year() >= s);
        let due = Period::end_of(month.due_on(u32::try_from(f.rules.due_day).unwrap_or(25)));
        let filed = f
            .returns
            .get(&(id, month))
            .is_some_and(|revs| !revs.is_empty());
        if !monitored || filed || f.at < due {
            break;
        }
        run += 1;
        month = month.previous();
    }
    run
}

/// The light the rules give one project for one month.
pub fn evaluate(f: &Facts<'_>) -> ScheduleWarning {
    let id = f.project.id;
    let year = f.period.year();
    let Some(plan) = f.plans.get(&(id, year)) else {
        return not_applicable(
            id,
            f.period,
            format!("no annual plan for {year}: not monitored that year"),
        );
    };
    if matches!(
        f.project.status,
        ProjectStatus::Completed | ProjectStatus::Cancelled
    ) {
        return not_applicable(
            id,
            f.period,
            format!(
                "the project is {}: no longer monitored",
                f.project.status.as_str()
            ),
        );
    }
    let rules = f.rules;
    let mut findings: Vec<(Level, Rule, String)> = Vec::new();
    let mut unjudged: Vec<String> = Vec::new();
    let mut w = not_applicable(id, f.period, String::new());
    w.planned_investment = opt_decimal(plan.planned_investment_fen);

    // Investment against the time-elapsed schedule.
    let share = expected_share(plan, f.period.month());
    w.expected_share = decimal(
        round_div(i128::from(share) * 10_000, i128::from(SHARE_DENOMINATOR)),
        2,
    );
    let this_month = f
        .returns
        .get(&(id, f.period))
        .and_then(|revs| effective(revs.iter()));
    let cumulative = this_month.and_then(|r| r.cumulative_completed_fen);
    let base = baseline(
        f.returns,
        id,
        f.project.start_year,
        f.period.december_before(),
    );
    if let (Some(c), Baseline::Known(b)) = (cumulative, base) {
        w.completed_this_year = Some(fen_to_decimal(c - b));
    }
    match (plan.planned_investment_fen, cumulative, base) {
        (None, _, _) => unjudged.push(format!("the plan for {year} has no known amount")),
        (Some(0), _, _) => unjudged.push(format!("no investment is planned for {year}")),
        (_, None, _) if this_month.is_none() => {
            unjudged.push(format!("no return counts for {} yet", f.period))
        }
        (_, None, _) => unjudged.push(format!(
            "the return for {} gives no cumulative figure",
            f.period
        )),
        (_, _, Baseline::Unknown) => unjudged.push(format!(
            "the cumulative figure at the end of {} is unknown, so the year's completion is",
            f.period.december_before()
        )),
        (Some(p), Some(c), Baseline::Known(b)) => {
            let (p, done, n) = (i128::from(p), i128::from(c - b), i128::from(share));
            let d = i128::from(SHARE_DENOMINATOR);
            w.expected_to_date = expected_to_date_fen(plan, f.period.month()).map(fen_to_decimal);
            // gap (points) = 100·n/d − 100·done/p = (n·p − d·done)·100 / (d·p); in hundredths
            // of a point: (n·p − d·done)·10 000 / (d·p).
            let numerator = n * p - d * done;
            w.gap_points = decimal(round_div(numerator * 10_000, d * p), 2);
            // gap ≥ t/100 points ⇔ numerator·10 000 ≥ t·d·p (all integers).
            let at_least = |t_bp: i32| numerator * 10_000 >= i128::from(t_bp) * d * p;
            let level = if at_least(rules.behind_red_bp) {
                Level::Red
            } else if at_least(rules.behind_yellow_bp) {
                Level::Yellow
            } else {
                Level::Green
            };
            let done_share = decimal(round_div(done * 10_000, p), 2).unwrap_or_default();
            findings.push((
                level,
                Rule::BehindSchedule,
                format!(
                    "{done_share}% of the year's plan completed against {}% of the schedule",
                    w.expected_share.unwrap_or_default()
                ),
            ));
        }
    }

    // A start that is late.
    if let Some(start) = plan.planned_start_month
        && f.project.status == ProjectStatus::Planned
        && i64::from(f.period.month()) >= i64::from(start)
    {
        let over = i32::try_from(f.period.month()).unwrap_or(12) - start;
        w.months_start_overdue = Some(over);
        let level = threshold(
            i64::from(over),
            i64::from(rules.start_yellow_months),
            i64::from(rules.start_red_months),
        );
        findings.push((
            level,
            Rule::StartOverdue,
            format!("planned to start in month {start}, not started {over} month(s) later"),
        ));
    }

    // Returns missing after their deadline.
    let longest = rules.missing_red_months.max(rules.missing_yellow_months);
    w.months_missing = missing_run(f, longest);
    if w.months_missing > 0 {
        let level = threshold(
            i64::from(w.months_missing),
            i64::from(rules.missing_yellow_months),
            i64::from(rules.missing_red_months),
        );
        findings.push((
            level,
            Rule::ReturnMissing,
            format!(
                "no return for {} month(s) running after the deadline",
                w.months_missing
            ),
        ));
    }

    let worst = findings.iter().map(|(l, _, _)| *l).max();
    let mut reasons: Vec<String> = findings.iter().map(|(_, _, r)| r.clone()).collect();
    match worst {
        Some(level @ (Level::Yellow | Level::Red)) => {
            w.level = level;
            w.rule = findings
                .iter()
                .find(|(l, _, _)| *l == level)
                .map(|(_, r, _)| *r);
        }
        _ if findings.iter().any(|(_, r, _)| *r == Rule::BehindSchedule) => {
            w.level = Level::Green;
        }
        _ => {
            w.level = Level::NotApplicable;
        }
    }
    reasons.extend(unjudged);
    w.reason = reasons.join("; ");
    w
}

/// Everything the rules read for `project_ids` in `period`, as at `at` when given.
pub(crate) struct Loaded {
    /// The projects.
    pub projects: HashMap<i32, project::Model>,
    /// Their plans by (project, year).
    pub plans: HashMap<(i32, i32), annual_plan::Model>,
    /// Their returns by (project, month): the month, the one before, those the missing-return
    /// rule looks back at, and December of the year before.
    pub returns: HashMap<(i32, Period), Vec<monthly_return::Model>>,
}

pub(crate) async fn load(
    db: &impl ConnectionTrait,
    project_ids: &[i32],
    period: Period,
    book: &RuleBook,
    as_of: Option<DateTime<Utc>>,
) -> ServiceResult<Loaded> {
    let longest = u32::try_from(book.longest_missing_run()).unwrap_or(1);
    let mut periods: Vec<Period> = (0..longest.max(2)).map(|k| period.back(k)).collect();
    periods.push(period.december_before());
    periods.sort_unstable();
    periods.dedup();
    let mut years: Vec<i32> = periods.iter().map(|p| p.year()).collect();
    years.sort_unstable();
    years.dedup();
    let mut projects = project::Entity::find()
        .filter(project::Column::Id.is_in(project_ids.iter().copied()))
        .all(db)
        .await?;
    let mut plans = plan_rows(db, project_ids, &years).await?;
    let mut returns = revisions_for(db, project_ids, &periods).await?;
    if let Some(at) = as_of {
        projects = audit::projects_as_of(db, projects, at).await?;
        let rows = plans_as_of(db, plans.into_values().collect(), at).await?;
        plans = rows
            .into_iter()
            .map(|r| ((r.project_id, r.year), r))
            .collect();
        let rows = returns_as_of(db, returns.into_values().flatten().collect(), at).await?;
        returns = HashMap::new();
        for r in rows {
            if let Ok(p) = r.period.parse::<Period>() {
                returns.entry((r.project_id, p)).or_default().push(r);
            }
        }
    }
    Ok(Loaded {
        projects: projects.into_iter().map(|p| (p.id, p)).collect(),
        plans,
        returns,
    })
}

pub(crate) fn judge(
    loaded: &Loaded,
    project_ids: &[i32],
    period: Period,
    book: &RuleBook,
    at: DateTime<Utc>,
) -> Vec<ScheduleWarning> {
    project_ids
        .iter()
        .filter_map(|id| loaded.projects.get(id))
        .map(|project| {
            evaluate(&Facts {
                period,
                project,
                plans: &loaded.plans,
                returns: &loaded.returns,
                rules: book.for_list(project.list_id),
                at,
            })
        })
        .collect()
}

/// The lights of `project_ids` for `period` (projects that did not exist at `as_of` are left
/// out): what `Project.warning` batches.
pub async fn warnings_of_projects(
    db: &impl ConnectionTrait,
    project_ids: &[i32],
    period: Period,
    as_of: Option<DateTime<Utc>>,
) -> ServiceResult<HashMap<i32, ScheduleWarning>> {
    let book = rule_book(db, as_of).await?;
    let loaded = load(db, project_ids, period, &book, as_of).await?;
    let at = as_of.unwrap_or_else(Utc::now);
    Ok(judge(&loaded, project_ids, period, &book, at)
        .into_iter()
        .map(|w| (w.project_id, w))
        .collect())
}

/// The next `limit` projects with a plan for `year` among those `filter` chooses, after
/// project `after`, in id order.
pub(crate) async fn next_monitored(
    db: &impl ConnectionTrait,
    filter: &ProjectFilter,
    year: i32,
    after: Option<i32>,
    limit: u64,
) -> ServiceResult<Vec<i32>> {
    let chosen = Query::select()
        .column(project::Column::Id)
        .from(project::Entity)
        .cond_where(filter_condition(db, filter).await?)
        .to_owned();
    let mut query = annual_plan::Entity::find()
        .select_only()
        .column(annual_plan::Column::ProjectId)
        .filter(annual_plan::Column::Year.eq(year))
        .filter(annual_plan::Column::ProjectId.in_subquery(chosen))
        .order_by_asc(annual_plan::Column::ProjectId)
        .limit(limit);
    if let Some(after) = after {
        query = query.filter(annual_plan::Column::ProjectId.gt(after));
    }
    Ok(query.into_tuple::<i32>().all(db).await?)
}

/// Most projects judged per round of a scan for a level.
const SCAN_CHUNK: u64 = 500;

/// A page of the lights of `period` for the projects monitored that year (with a plan) that
/// `filter` chooses, in project order after project `after`; only those at `level` when given.
/// Returns the page and whether more follow. A scan for a level judges projects in rounds of
/// [`SCAN_CHUNK`] until the page is full, so its cost grows as the level grows rare.
#[allow(clippy::too_many_arguments)]
pub async fn warnings(
    db: &impl ConnectionTrait,
    principal: &Principal,
    period: Period,
    level: Option<Level>,
    filter: &ProjectFilter,
    after: Option<i32>,
    first: u64,
    as_of: Option<DateTime<Utc>>,
) -> ServiceResult<(Vec<ScheduleWarning>, bool)> {
    require_read(principal)?;
    let book = rule_book(db, as_of).await?;
    let at = as_of.unwrap_or_else(Utc::now);
    let chunk = if level.is_some() {
        SCAN_CHUNK.max(first + 1)
    } else {
        first + 1
    };
    let mut out = Vec::new();
    let mut cursor = after;
    let limit = usize::try_from(first).unwrap_or(usize::MAX);
    loop {
        let ids = next_monitored(db, filter, period.year(), cursor, chunk).await?;
        let Some(&last) = ids.last() else {
            return Ok((out, false));
        };
        let loaded = load(db, &ids, period, &book, as_of).await?;
        for w in judge(&loaded, &ids, period, &book, at) {
            if level.is_none_or(|l| l == w.level) {
                if out.len() == limit {
                    return Ok((out, true));
                }
                out.push(w);
            }
        }
        if u64::try_from(ids.len()).unwrap_or(0) < chunk {
            return Ok((out, false));
        }
        cursor = Some(last);
    }
}

/// How many monitored projects `filter` chooses stand at each level for `period`: one
/// `GROUP BY` now ([`super::rollup`]), a walk over every project at a past moment.
pub async fn warning_counts(
    db: &(impl ConnectionTrait + sea_orm::TransactionTrait),
    principal: &Principal,
    period: Period,
    filter: &ProjectFilter,
    as_of: Option<DateTime<Utc>>,
) -> ServiceResult<HashMap<Level, u64>> {
    require_read(principal)?;
    let book = rule_book(db, as_of).await?;
    if as_of.is_none() {
        // Now: counted by the database. A past moment rebuilds each project from the change
        // log, so it is judged here.
        let source = super::month_fact::facts(db, filter, period, &book, Utc::now()).await?;
        let total = super::summary::summary_of(db, period, source, &[])
            .await?
            .total;
        return Ok([
            Level::Green,
            Level::Yellow,
            Level::Red,
            Level::NotApplicable,
        ]
        .into_iter()
        .zip(total.lights)
        .filter(|(_, n)| *n > 0)
        .collect());
    }
    let at = as_of.unwrap_or_else(Utc::now);
    let mut counts = HashMap::new();
    let mut cursor = None;
    loop {
        let ids = next_monitored(db, filter, period.year(), cursor, 2_000).await?;
        let Some(&last) = ids.last() else {
            return Ok(counts);
        };
        let loaded = load(db, &ids, period, &book, as_of).await?;
        for w in judge(&loaded, &ids, period, &book, at) {
            *counts.entry(w.level).or_insert(0) += 1;
        }
        cursor = Some(last);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(status: ProjectStatus, start_year: Option<i32>) -> project::Model {
        let now = Utc::now();
        project::Model {
            id: 1,
            key: "P".into(),
            category_id: 1,
            list_id: 1,
            list_ordinal: 1,
            category_ordinal: 1,
            seq: 1,
            name: "p".into(),
            scope: "s".into(),
            start_year,
            end_year: None,
            total_investment_fen: None,
            fyp_investment_fen: None,
            status,
            location: None,
            land_area_micro_mu: None,
            responsible_unit: None,
            source: None,
            archived_at: None,
            carried_from_id: None,
            physical_id: None,
            version: 1,
            created_at: now,
            updated_at: now,
        }
    }

    fn rules() -> warning_rule::Model {
        let now = Utc::now();
        warning_rule::Model {
            id: 1,
            list_id: None,
            behind_yellow_bp: 1_000,
            behind_red_bp: 3_000,
            start_yellow_months: 0,
            start_red_months: 3,
            missing_yellow_months: 1,
            missing_red_months: 2,
            due_day: 25,
            version: 1,
            updated_by: "m".into(),
            created_at: now,
            updated_at: now,
        }
    }

    fn plan(fen: Option<i64>, start: Option<i32>) -> annual_plan::Model {
        let now = Utc::now();
        annual_plan::Model {
            id: 1,
            project_id: 1,
            year: 2026,
            planned_investment_fen: fen,
            planned_start_month: start,
            planned_completion_month: None,
            target_progress: None,
            q1_share_bp: None,
            q2_share_bp: None,
            q3_share_bp: None,
            version: 1,
            updated_by: "o".into(),
            created_at: now,
            updated_at: now,
        }
    }

    fn ret(period: &str, fen: Option<i64>) -> monthly_return::Model {
        crate::reporting::monthly_return::test_row(1, period, 0, "SUBMITTED", fen)
    }

    const WAN: i64 = 1_000_000;

    fn light(
        project: &project::Model,
        plan: Option<annual_plan::Model>,
        returns: &[monthly_return::Model],
        period: &str,
        at: DateTime<Utc>,
    ) -> ScheduleWarning {
        let plans: HashMap<(i32, i32), annual_plan::Model> = plan
            .into_iter()
            .map(|p| ((p.project_id, p.year), p))
            .collect();
        let mut by: HashMap<(i32, Period), Vec<monthly_return::Model>> = HashMap::new();
        for r in returns {
            if let Ok(p) = r.period.parse() {
                by.entry((r.project_id, p)).or_default().push(r.clone());
            }
        }
        evaluate(&Facts {
            period: period.parse().unwrap_or_else(|()| panic!("{period}")),
            project,
            plans: &plans,
            returns: &by,
            rules: &rules(),
            at,
        })
    }

    fn far_future() -> DateTime<Utc> {
        DateTime::<Utc>::MAX_UTC
    }

    #[test]
    fn june_is_half_the_year_and_ten_points_behind_is_yellow() {
        let p = project(ProjectStatus::UnderConstruction, Some(2024));
        // Plan 1 200 万元; 100 万元 at the end of 2025; 580 at the end of June: 480 this year,
        // 40 % against 50 % — exactly 10 points behind: yellow (the bound is included).
        let returns = [
            ret("2025-12", Some(100 * WAN)),
            ret("2026-06", Some(580 * WAN)),
        ];
        let w = light(
            &p,
            Some(plan(Some(1_200 * WAN), None)),
            &returns,
            "2026-06",
            far_future(),
        );
        assert_eq!(w.level, Level::Yellow);
        assert_eq!(w.rule, Some(Rule::BehindSchedule));
        assert_eq!(w.completed_this_year, Some(Decimal::from(480)));
        assert_eq!(w.expected_to_date, Some(Decimal::from(600)));
        assert_eq!(w.gap_points, Some(Decimal::from(10)));
        // One fen more is under ten points: green.
        let returns = [
            ret("2025-12", Some(100 * WAN)),
            ret("2026-06", Some(580 * WAN + 1)),
        ];
        let w = light(
            &p,
            Some(plan(Some(1_200 * WAN), None)),
            &returns,
            "2026-06",
            far_future(),
        );
        assert_eq!(w.level, Level::Green);
        assert_eq!(w.rule, None);
    }

    #[test]
    fn unknown_figures_are_not_a_green_light() {
        let p = project(ProjectStatus::UnderConstruction, Some(2024));
        // No December figure: the year's completion is unknown.
        let returns = [ret("2026-06", Some(580 * WAN))];
        let w = light(
            &p,
            Some(plan(Some(1_200 * WAN), None)),
            &returns,
            "2026-06",
            far_future(),
        );
        assert_eq!(w.level, Level::NotApplicable);
        assert!(w.reason.contains("2025-12"), "{}", w.reason);
        assert_eq!(w.completed_this_year, None);
        // No plan amount.
        let returns = [ret("2025-12", Some(0)), ret("2026-06", Some(580 * WAN))];
        let w = light(
            &p,
            Some(plan(None, None)),
            &returns,
            "2026-06",
            far_future(),
        );
        assert_eq!(w.level, Level::NotApplicable);
        // No plan at all.
        let w = light(&p, None, &returns, "2026-06", far_future());
        assert_eq!(w.level, Level::NotApplicable);
        assert!(w.reason.contains("no annual plan"));
    }

    #[test]
    fn a_project_that_starts_this_year_counts_from_zero() {
        let p = project(ProjectStatus::UnderConstruction, Some(2026));
        let returns = [ret("2026-03", Some(100 * WAN))];
        let w = light(
            &p,
            Some(plan(Some(400 * WAN), None)),
            &returns,
            "2026-03",
            far_future(),
        );
        // 25 % done against 25 % due.
        assert_eq!(w.completed_this_year, Some(Decimal::from(100)));
        assert_eq!(w.gap_points, Some(Decimal::ZERO));
        assert_eq!(w.level, Level::Green);
    }

    #[test]
    fn a_late_start_is_yellow_in_its_month_and_red_three_months_on() {
        let p = project(ProjectStatus::Planned, Some(2026));
        let returns = [
            ret("2026-04", Some(0)),
            ret("2026-06", Some(0)),
            ret("2026-07", Some(0)),
        ];
        let at = far_future();
        let w = light(&p, Some(plan(Some(0), Some(4))), &returns, "2026-04", at);
        assert_eq!((w.level, w.rule), (Level::Yellow, Some(Rule::StartOverdue)));
        assert_eq!(w.months_start_overdue, Some(0));
        let w = light(&p, Some(plan(Some(0), Some(4))), &returns, "2026-07", at);
        assert_eq!((w.level, w.rule), (Level::Red, Some(Rule::StartOverdue)));
        // Before the start month nothing is judged (nothing is planned either).
        let w = light(&p, Some(plan(Some(0), Some(8))), &returns, "2026-07", at);
        assert_eq!(w.level, Level::NotApplicable);
    }

    #[test]
    fn a_missing_return_is_yellow_after_its_deadline_and_red_two_months_running() {
        let p = project(ProjectStatus::UnderConstruction, Some(2024));
        let returns = [ret("2025-12", Some(0)), ret("2026-04", Some(400 * WAN))];
        let plan = || Some(plan(Some(1_200 * WAN), None));
        let due = Period::end_of(
            "2026-05"
                .parse::<Period>()
                .map(|p| p.due_on(25))
                .unwrap_or_default(),
        );
        let before = due - chrono::Duration::seconds(1);
        let w = light(&p, plan(), &returns, "2026-05", before);
        assert_eq!(w.level, Level::NotApplicable, "not due yet: {}", w.reason);
        let w = light(&p, plan(), &returns, "2026-05", due);
        assert_eq!(
            (w.level, w.rule),
            (Level::Yellow, Some(Rule::ReturnMissing))
        );
        assert_eq!(w.months_missing, 1);
        let w = light(&p, plan(), &returns, "2026-06", far_future());
        assert_eq!((w.level, w.rule), (Level::Red, Some(Rule::ReturnMissing)));
        assert_eq!(w.months_missing, 2);
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(round_div(5, 2), 3);
        assert_eq!(round_div(-5, 2), -3);
        assert_eq!(round_div(4, 3), 1);
        assert_eq!(round_div(-4, 3), -1);
    }
}
