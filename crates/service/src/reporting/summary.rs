//! The month's roll-up (月度通报汇总) of the projects monitored that year, grouped by list,
//! category, location, responsible unit, status or light, and the rankings made from it.
//!
//! Each project's figures for the month come from the same place its light does
//! ([`super::schedule`]): the annual plan, the effective returns and the rules. A group adds
//! them exactly (integer fen); each rate is a quotient of two such sums over the projects where
//! both sides are known, rounded half away from zero to 10 places, with its basis, and null —
//! not 0 — when there is none.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::ProjectStatus;
use rust_decimal::Decimal;
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::SelectStatement;

use super::annual_plan::expected_to_date_fen;
use super::due::{DueStatus, due_status};
use super::monthly_return::{Baseline, baseline, effective};
use super::period::Period;
use super::problem::problems_by_project_ids;
use super::rollup;
use super::rules::rule_book;
use super::schedule::{Level, Rule, judge, load, next_monitored};
use crate::access::{Principal, require_read};
use crate::catalog;
use crate::project::share;
use crate::project_search::ProjectFilter;
use crate::{ServiceError, ServiceResult};

/// What a roll-up can be grouped by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dimension {
    /// The project list.
    List,
    /// The category (within its list).
    Category,
    /// The location (none named is a group of its own).
    Location,
    /// The responsible unit (none named is a group of its own).
    ResponsibleUnit,
    /// The lifecycle status.
    Status,
    /// The month's light.
    WarningLevel,
}

/// A group's key: the value of each dimension grouped by, `None` for the others.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct GroupKey {
    /// The list's code.
    pub list_code: Option<String>,
    /// The category's code.
    pub category_code: Option<String>,
    /// The location.
    pub location: Option<String>,
    /// The responsible unit.
    pub responsible_unit: Option<String>,
    /// The status.
    pub status: Option<ProjectStatus>,
    /// The light.
    pub warning_level: Option<Level>,
}

/// A sum of amounts of which some are unknown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KnownSum {
    /// The known amounts added, in fen.
    pub known_fen: i128,
    /// How many were unknown.
    pub unknown_count: u64,
}

impl KnownSum {
    fn add(&mut self, fen: Option<i64>) {
        match fen {
            Some(f) => self.known_fen += i128::from(f),
            None => self.unknown_count += 1,
        }
    }

    /// The known part, in 万元.
    pub fn known(&self) -> Decimal {
        fen_decimal(self.known_fen)
    }
}

fn fen_decimal(fen: i128) -> Decimal {
    Decimal::try_from_i128_with_scale(fen, 6)
        .map(|d| d.normalize())
        .unwrap_or(Decimal::MAX)
}

/// A quotient of two sums over the projects where both are known.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ratio {
    /// Projects the rate rests on.
    pub basis_count: u64,
    /// The numerator's sum, in fen.
    pub numerator_fen: i128,
    /// The denominator's sum, in fen.
    pub denominator_fen: i128,
}

impl Ratio {
    fn add(&mut self, numerator: Option<i64>, denominator: Option<i64>) {
        if let (Some(n), Some(d)) = (numerator, denominator) {
            self.basis_count += 1;
            self.numerator_fen += i128::from(n);
            self.denominator_fen += i128::from(d);
        }
    }

    /// The rate, rounded half away from zero to 10 places; null without a basis (a zero
    /// denominator).
    pub fn value(&self) -> Option<Decimal> {
        share(
            fen_decimal(self.numerator_fen),
            fen_decimal(self.denominator_fen),
        )
    }
}

/// Projects planned to start in the year, and how many of them have.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StartRate {
    /// Projects whose plan names a start month.
    pub planned_to_start: u64,
    /// Of those, the ones no longer `PLANNED`.
    pub started: u64,
}

impl StartRate {
    /// `started / plannedToStart`, 10 places; null when nothing was planned to start.
    pub fn value(&self) -> Option<Decimal> {
        share(
            Decimal::from(self.started),
            Decimal::from(self.planned_to_start),
        )
    }
}

/// One group's figures.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportingGroup {
    /// The group.
    pub key: GroupKey,
    /// Projects in it.
    pub project_count: u64,
    /// Annual planned investment.
    pub annual_plan: KnownSum,
    /// Completed in the month.
    pub completed_this_month: KnownSum,
    /// Completed in the year so far.
    pub completed_this_year: KnownSum,
    /// Expected by the month's end on the time-elapsed schedule.
    pub expected_to_date: KnownSum,
    /// Completed this year over the annual plan.
    pub completion: Ratio,
    /// Completed this year over expected to date.
    pub schedule: Ratio,
    /// Start rate.
    pub start: StartRate,
    /// Lights: green, yellow, red, not applicable.
    pub lights: [u64; 4],
    /// Returns: filed, late, missing, pending.
    pub returns: [u64; 4],
    /// Open problems.
    pub problems_open: u64,
    /// Open problems past their due date.
    pub problems_overdue: u64,
}

/// A roll-up: the whole set and its groups.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportingSummary {
    /// The month.
    pub period: String,
    /// Every monitored project the filter chooses.
    pub total: ReportingGroup,
    /// The groups, in the order their first project comes in the lists.
    pub groups: Vec<ReportingGroup>,
}

/// One project's figures for the month: what a group adds up, and a row of the bulletin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectMonth {
    /// The project.
    pub project_id: i32,
    /// Its key.
    pub project_key: String,
    /// Its name.
    pub project_name: String,
    /// Its list, category, place, unit, status and light.
    pub key_parts: GroupKey,
    /// Annual planned investment (fen).
    pub planned: Option<i64>,
    /// Cumulative completed investment at the month's return (fen).
    pub cumulative: Option<i64>,
    /// Completed in the month (fen).
    pub this_month: Option<i64>,
    /// Completed in the year so far (fen).
    pub this_year: Option<i64>,
    /// Expected by the month's end (fen).
    pub expected: Option<i64>,
    /// Points behind schedule, two decimals.
    pub gap_points: Option<Decimal>,
    /// Physical progress in words, from the month's return.
    pub image_progress: Option<String>,
    /// The light.
    pub level: Level,
    /// The rule behind a yellow or red light.
    pub rule: Option<Rule>,
    /// The light's reason.
    pub reason: String,
    /// The month's return against its deadline.
    pub due: DueStatus,
    /// Whether the plan names a start month.
    pub planned_to_start: bool,
    /// Whether the project has started.
    pub started: bool,
    /// Open problems.
    pub problems_open: u64,
    /// Of those, past their due date.
    pub problems_overdue: u64,
}

impl ProjectMonth {
    /// Completed this year over the annual plan, 10 places; null without both.
    pub fn completion_rate(&self) -> Option<Decimal> {
        share(
            fen_decimal(i128::from(self.this_year?)),
            fen_decimal(i128::from(self.planned?)),
        )
    }
}

impl KnownSum {
    fn absorb(&mut self, other: &KnownSum) {
        self.known_fen += other.known_fen;
        self.unknown_count += other.unknown_count;
    }
}

impl Ratio {
    fn absorb(&mut self, other: &Ratio) {
        self.basis_count += other.basis_count;
        self.numerator_fen += other.numerator_fen;
        self.denominator_fen += other.denominator_fen;
    }
}

impl ReportingGroup {
    /// Adds another group's figures: every figure of a group is a sum or a count, so a total
    /// is the sum of its groups.
    fn absorb(&mut self, g: &ReportingGroup) {
        self.project_count += g.project_count;
        self.annual_plan.absorb(&g.annual_plan);
        self.completed_this_month.absorb(&g.completed_this_month);
        self.completed_this_year.absorb(&g.completed_this_year);
        self.expected_to_date.absorb(&g.expected_to_date);
        self.completion.absorb(&g.completion);
        self.schedule.absorb(&g.schedule);
        self.start.planned_to_start += g.start.planned_to_start;
        self.start.started += g.start.started;
        for i in 0..4 {
            self.lights[i] += g.lights[i];
            self.returns[i] += g.returns[i];
        }
        self.problems_open += g.problems_open;
        self.problems_overdue += g.problems_overdue;
    }

    fn add(&mut self, p: &ProjectMonth) {
        self.project_count += 1;
        self.annual_plan.add(p.planned);
        self.completed_this_month.add(p.this_month);
        self.completed_this_year.add(p.this_year);
        self.expected_to_date.add(p.expected);
        self.completion.add(p.this_year, p.planned);
        self.schedule.add(p.this_year, p.expected);
        if p.planned_to_start {
            self.start.planned_to_start += 1;
            if p.started {
                self.start.started += 1;
            }
        }
        let light = match p.level {
            Level::Green => 0,
            Level::Yellow => 1,
            Level::Red => 2,
            Level::NotApplicable => 3,
        };
        self.lights[light] += 1;
        let due = match p.due {
            DueStatus::Filed => 0,
            DueStatus::Late => 1,
            DueStatus::Missing => 2,
            DueStatus::Pending => 3,
        };
        self.returns[due] += 1;
        self.problems_open += p.problems_open;
        self.problems_overdue += p.problems_overdue;
    }
}

fn since(c: Option<i64>, base: Baseline) -> Option<i64> {
    match (c, base) {
        (Some(c), Baseline::Known(b)) => Some(c - b),
        _ => None,
    }
}

/// Every monitored project's figures for `period`, in id order.
pub(crate) async fn project_months(
    db: &impl ConnectionTrait,
    filter: &ProjectFilter,
    period: Period,
    at: DateTime<Utc>,
) -> ServiceResult<Vec<ProjectMonth>> {
    let mut walk = MonthWalk::new(db, filter.clone(), period, at).await?;
    let mut out = Vec::new();
    while let Some(chunk) = walk.next_chunk(db).await? {
        out.extend(chunk);
    }
    Ok(out)
}

/// The monitored projects' figures for a month, in id order, a chunk of 2 000 at a time: what
/// a long export writes from without holding them all.
pub(crate) struct MonthWalk {
    filter: ProjectFilter,
    period: Period,
    at: DateTime<Utc>,
    book: super::rules::RuleBook,
    lists: HashMap<i32, String>,
    categories: HashMap<i32, String>,
    cursor: Option<i32>,
    done: bool,
}

impl MonthWalk {
    /// A walk over the projects `filter` chooses, as judged at `at`.
    pub(crate) async fn new(
        db: &impl ConnectionTrait,
        filter: ProjectFilter,
        period: Period,
        at: DateTime<Utc>,
    ) -> ServiceResult<Self> {
        Ok(Self {
            filter,
            period,
            at,
            book: rule_book(db, None).await?,
            lists: HashMap::new(),
            categories: HashMap::new(),
            cursor: None,
            done: false,
        })
    }

    /// The next chunk; `None` once every project is read.
    pub(crate) async fn next_chunk(
        &mut self,
        db: &impl ConnectionTrait,
    ) -> ServiceResult<Option<Vec<ProjectMonth>>> {
        if self.done {
            return Ok(None);
        }
        let (period, at, book) = (self.period, self.at, &self.book);
        let today = at.with_timezone(&super::period::office_zone()).date_naive();
        let ids = next_monitored(db, &self.filter, period.year(), self.cursor, 2_000).await?;
        let Some(&last) = ids.last() else {
            self.done = true;
            return Ok(None);
        };
        let (lists, categories) = (&mut self.lists, &mut self.categories);
        let mut out = Vec::with_capacity(ids.len());
        let loaded = load(db, &ids, period, book, None).await?;
        let lights = judge(&loaded, &ids, period, book, at);
        let problems = problems_by_project_ids(db, &ids).await?;
        let missing_lists: Vec<i32> = loaded
            .projects
            .values()
            .map(|p| p.list_id)
            .filter(|id| !lists.contains_key(id))
            .collect();
        if !missing_lists.is_empty() {
            for (id, l) in catalog::lists_by_ids(db, &missing_lists).await? {
                lists.insert(id, l.code);
            }
        }
        let missing_categories: Vec<i32> = loaded
            .projects
            .values()
            .map(|p| p.category_id)
            .filter(|id| !categories.contains_key(id))
            .collect();
        if !missing_categories.is_empty() {
            for (id, c) in catalog::categories_by_ids(db, &missing_categories).await? {
                categories.insert(id, c.code);
            }
        }
        for light in lights {
            let Some(project) = loaded.projects.get(&light.project_id) else {
                continue;
            };
            let id = project.id;
            let plan = loaded.plans.get(&(id, period.year()));
            let revisions = loaded
                .returns
                .get(&(id, period))
                .map(Vec::as_slice)
                .unwrap_or_default();
            let counted = effective(revisions.iter());
            let cumulative = counted.and_then(|r| r.cumulative_completed_fen);
            let start = project.start_year;
            let this_month = since(
                cumulative,
                baseline(&loaded.returns, id, start, period.previous()),
            );
            let this_year = since(
                cumulative,
                baseline(&loaded.returns, id, start, period.december_before()),
            );
            let planned = plan.and_then(|p| p.planned_investment_fen);
            let expected = plan.and_then(|p| expected_to_date_fen(p, period.month()));
            let (due, _, _) = due_status(revisions, book.for_list(project.list_id), period, at);
            let (mut open, mut overdue) = (0, 0);
            for problem in problems.get(&id).into_iter().flatten() {
                if problem.status == super::problem::ProblemStatus::Open {
                    open += 1;
                    if problem.is_overdue(today) {
                        overdue += 1;
                    }
                }
            }
            out.push(ProjectMonth {
                project_id: id,
                project_key: project.key.clone(),
                project_name: project.name.clone(),
                cumulative,
                gap_points: light.gap_points,
                image_progress: counted.map(|r| r.image_progress.clone()),
                rule: light.rule,
                reason: light.reason.clone(),
                key_parts: GroupKey {
                    list_code: lists.get(&project.list_id).cloned(),
                    category_code: categories.get(&project.category_id).cloned(),
                    location: project.location.clone(),
                    responsible_unit: project.responsible_unit.clone(),
                    status: Some(project.status),
                    warning_level: Some(light.level),
                },
                planned,
                this_month,
                this_year,
                expected,
                planned_to_start: plan.is_some_and(|p| p.planned_start_month.is_some()),
                started: project.status != ProjectStatus::Planned,
                level: light.level,
                due,
                problems_open: open,
                problems_overdue: overdue,
            });
        }
        self.cursor = Some(last);
        Ok(Some(out))
    }
}

fn key_for(parts: &GroupKey, dims: &[Dimension]) -> GroupKey {
    let mut key = GroupKey::default();
    for d in dims {
        match d {
            Dimension::List => key.list_code.clone_from(&parts.list_code),
            Dimension::Category => {
                // A category code repeats across lists, so a category group names its list too.
                key.list_code.clone_from(&parts.list_code);
                key.category_code.clone_from(&parts.category_code);
            }
            Dimension::Location => key.location.clone_from(&parts.location),
            Dimension::ResponsibleUnit => key.responsible_unit.clone_from(&parts.responsible_unit),
            Dimension::Status => key.status = parts.status,
            Dimension::WarningLevel => key.warning_level = parts.warning_level,
        }
    }
    key
}

/// The month's roll-up of the monitored projects `filter` chooses, grouped by `dims` (only the
/// total when empty), as judged now: computed by the database ([`super::rollup`]).
pub async fn reporting_summary(
    db: &(impl ConnectionTrait + sea_orm::TransactionTrait),
    principal: &Principal,
    period: Period,
    filter: &ProjectFilter,
    dims: &[Dimension],
) -> ServiceResult<ReportingSummary> {
    require_read(principal)?;
    let book = rule_book(db, None).await?;
    let source = super::month_fact::facts(db, filter, period, &book, Utc::now()).await?;
    summary_of(db, period, source, dims).await
}

/// The same roll-up as [`reporting_summary`], read project by project — the walk the bulletin's
/// table and the lights are made by — rather than by the database: slower, and the reference
/// the database's statement is held to.
pub async fn reporting_summary_by_project(
    db: &impl ConnectionTrait,
    principal: &Principal,
    period: Period,
    filter: &ProjectFilter,
    dims: &[Dimension],
) -> ServiceResult<ReportingSummary> {
    require_read(principal)?;
    let months = project_months(db, filter, period, Utc::now()).await?;
    Ok(summarize(period, &months, dims))
}

/// The roll-up of `source` (rows with the columns of a bulletin's stored rows) grouped by
/// `dims`; empty without a source.
pub(crate) async fn summary_of(
    db: &impl ConnectionTrait,
    period: Period,
    source: Option<SelectStatement>,
    dims: &[Dimension],
) -> ServiceResult<ReportingSummary> {
    let Some(source) = source else {
        return Ok(ReportingSummary {
            period: period.to_string(),
            ..Default::default()
        });
    };
    let groups = rollup::rollup(db, source, dims).await?;
    let (total, groups) = if dims.is_empty() {
        (groups.into_iter().next().unwrap_or_default(), Vec::new())
    } else {
        let mut total = ReportingGroup::default();
        for g in &groups {
            total.absorb(g);
        }
        (total, groups)
    };
    Ok(ReportingSummary {
        period: period.to_string(),
        total,
        groups,
    })
}

/// The roll-up of `months` grouped by `dims`: the one aggregation behind live figures and
/// published bulletins alike.
pub fn summarize(period: Period, months: &[ProjectMonth], dims: &[Dimension]) -> ReportingSummary {
    let mut total = ReportingGroup::default();
    let mut groups: Vec<ReportingGroup> = Vec::new();
    let mut index: HashMap<GroupKey, usize> = HashMap::new();
    for m in months {
        total.add(m);
        if dims.is_empty() {
            continue;
        }
        let key = key_for(&m.key_parts, dims);
        let at = *index.entry(key.clone()).or_insert_with(|| {
            groups.push(ReportingGroup {
                key,
                ..Default::default()
            });
            groups.len() - 1
        });
        groups[at].add(m);
    }
    ReportingSummary {
        period: period.to_string(),
        total,
        groups,
    }
}

/// What a ranking orders groups by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    /// Completed this year over the annual plan.
    CompletionRate,
    /// Completed this year over expected to date.
    ScheduleRate,
    /// Projects started over projects planned to start.
    StartRate,
}

/// One ranked group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RankingRow {
    /// 1 for the best; ties share a rank and the next rank follows on (dense); `None` for a
    /// group without a basis, listed last.
    pub rank: Option<u32>,
    /// The group.
    pub group: ReportingGroup,
    /// The rate ranked on.
    pub value: Option<Decimal>,
    /// Projects the rate rests on.
    pub basis: u64,
}

/// The groups of `by` ranked on `measure`, best first.
pub async fn ranking(
    db: &(impl ConnectionTrait + sea_orm::TransactionTrait),
    principal: &Principal,
    period: Period,
    filter: &ProjectFilter,
    by: Dimension,
    measure: Measure,
) -> ServiceResult<Vec<RankingRow>> {
    if !matches!(
        by,
        Dimension::ResponsibleUnit | Dimension::Category | Dimension::Location
    ) {
        return Err(ServiceError::validation(
            "by",
            "rank by RESPONSIBLE_UNIT, CATEGORY or LOCATION",
        ));
    }
    let summary = reporting_summary(db, principal, period, filter, &[by]).await?;
    Ok(rank(summary.groups, measure))
}

/// Ranks groups on a rate: best first, dense ranks, groups without a basis last and unranked.
pub(crate) fn rank(groups: Vec<ReportingGroup>, measure: Measure) -> Vec<RankingRow> {
    let mut rows: Vec<RankingRow> = groups
        .into_iter()
        .map(|group| {
            let (value, basis) = match measure {
                Measure::CompletionRate => (group.completion.value(), group.completion.basis_count),
                Measure::ScheduleRate => (group.schedule.value(), group.schedule.basis_count),
                Measure::StartRate => (group.start.value(), group.start.planned_to_start),
            };
            RankingRow {
                rank: None,
                group,
                value,
                basis,
            }
        })
        .collect();
    // Ranked groups by value, best first; those without a basis after them, in their order.
    rows.sort_by(|a, b| match (a.value, b.value) {
        (Some(x), Some(y)) => y.cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    let mut rank = 0;
    let mut previous: Option<Decimal> = None;
    for row in &mut rows {
        if let Some(v) = row.value {
            if previous != Some(v) {
                rank += 1;
                previous = Some(v);
            }
            row.rank = Some(rank);
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(unit: &str, completed: i64, planned: i64, basis: u64) -> ReportingGroup {
        ReportingGroup {
            key: GroupKey {
                responsible_unit: Some(unit.into()),
                ..Default::default()
            },
            completion: Ratio {
                basis_count: basis,
                numerator_fen: i128::from(completed),
                denominator_fen: i128::from(planned),
            },
            ..Default::default()
        }
    }

    #[test]
    fn ties_share_a_dense_rank_and_groups_without_a_basis_come_last_unranked() {
        let rows = rank(
            vec![
                group("无基数", 0, 0, 0),
                group("乙", 1, 2, 1),
                group("甲", 3, 4, 1),
                group("丙", 2, 4, 2),
                group("丁", 1, 4, 1),
            ],
            Measure::CompletionRate,
        );
        let got: Vec<(Option<u32>, &str, Option<String>)> = rows
            .iter()
            .map(|r| {
                (
                    r.rank,
                    r.group.key.responsible_unit.as_deref().unwrap_or_default(),
                    r.value.map(|v| v.to_string()),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (Some(1), "甲", Some("0.75".into())),
                (Some(2), "乙", Some("0.5".into())),
                (Some(2), "丙", Some("0.5".into())),
                (Some(3), "丁", Some("0.25".into())),
                (None, "无基数", None),
            ]
        );
    }

    #[test]
    fn a_rate_is_rounded_to_ten_places_and_null_without_a_basis() {
        let third = Ratio {
            basis_count: 1,
            numerator_fen: 1,
            denominator_fen: 3,
        };
        assert_eq!(
            third.value().map(|v| v.to_string()),
            Some("0.3333333333".into())
        );
        assert_eq!(Ratio::default().value(), None);
        let two_thirds = StartRate {
            planned_to_start: 3,
            started: 2,
        };
        assert_eq!(
            two_thirds.value().map(|v| v.to_string()),
            Some("0.6666666667".into())
        );
        assert_eq!(StartRate::default().value(), None);
    }
}

/// One month of a year's cumulative series.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeriesPoint {
    /// The month.
    pub period: String,
    /// Due by the month's end on the projects' time-elapsed schedules (序时计划).
    pub planned_to_date: KnownSum,
    /// Completed in the year by the month's return; `None` for a month still to come.
    pub completed_to_date: Option<KnownSum>,
}

/// The year's planned against completed cumulative investment, month by month, for the
/// projects monitored that year that `filter` chooses: the S-curve of the bulletin. One walk
/// over the monitored projects (four statements per 2 000).
pub async fn reporting_series(
    db: &impl ConnectionTrait,
    principal: &Principal,
    year: i32,
    filter: &ProjectFilter,
) -> ServiceResult<Vec<SeriesPoint>> {
    require_read(principal)?;
    let months: Vec<Period> = (1..=12).filter_map(|m| Period::new(year, m)).collect();
    let Some(december) = months.first().map(|p| p.december_before()) else {
        return Err(ServiceError::validation("year", "a year from 2000 to 2100"));
    };
    let current = Period::containing(Utc::now());
    let mut periods = months.clone();
    periods.push(december);
    let mut planned = vec![KnownSum::default(); 12];
    let mut completed = vec![KnownSum::default(); 12];
    let mut cursor = None;
    loop {
        let ids = next_monitored(db, filter, year, cursor, 2_000).await?;
        let Some(&last) = ids.last() else { break };
        let starts: HashMap<i32, Option<i32>> = crate::project::projects_by_ids(db, &ids)
            .await?
            .into_iter()
            .map(|(id, p)| (id, p.start_year))
            .collect();
        let plans = super::annual_plan::plan_rows(db, &ids, &[year]).await?;
        let returns = super::monthly_return::revisions_for(db, &ids, &periods).await?;
        for id in &ids {
            let Some(plan) = plans.get(&(*id, year)) else {
                continue;
            };
            let start = starts.get(id).copied().flatten();
            let base = baseline(&returns, *id, start, december);
            for (i, month) in months.iter().enumerate() {
                planned[i].add(expected_to_date_fen(plan, month.month()));
                let cumulative = returns
                    .get(&(*id, *month))
                    .and_then(|revs| effective(revs.iter()))
                    .and_then(|r| r.cumulative_completed_fen);
                completed[i].add(since(cumulative, base));
            }
        }
        cursor = Some(last);
    }
    Ok(months
        .iter()
        .enumerate()
        .map(|(i, month)| SeriesPoint {
            period: month.to_string(),
            planned_to_date: planned[i],
            completed_to_date: (*month <= current).then_some(completed[i]),
        })
        .collect())
}
