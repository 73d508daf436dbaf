//! The month's roll-up and rankings as GraphQL objects.

use std::sync::Arc;

use async_graphql::{ComplexObject, Context, Enum, Result, SimpleObject};
use sea_orm::DatabaseConnection;
use service::reporting::bulletin::{self, BulletinHead};
use service::reporting::summary as s;
use tokio::sync::OnceCell;

use super::{ProjectStatus, WarningLevel};
use crate::auth::principal;
use crate::error::to_gql;
use crate::scalars::Decimal;

/// What a month's roll-up can be grouped by.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "service::reporting::summary::Dimension")]
pub enum ReportingDimension {
    /// The project list.
    List,
    /// The category (its list is named in the key too: category codes repeat across lists).
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

/// What a ranking groups by.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum RankingDimension {
    /// The responsible unit.
    ResponsibleUnit,
    /// The category.
    Category,
    /// The location.
    Location,
}

impl From<RankingDimension> for s::Dimension {
    fn from(d: RankingDimension) -> Self {
        match d {
            RankingDimension::ResponsibleUnit => s::Dimension::ResponsibleUnit,
            RankingDimension::Category => s::Dimension::Category,
            RankingDimension::Location => s::Dimension::Location,
        }
    }
}

/// What a ranking orders by.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "service::reporting::summary::Measure")]
pub enum RankingMeasure {
    /// Completed this year over the annual plan (投资完成率).
    CompletionRate,
    /// Completed this year over expected to date (against the time-elapsed schedule).
    ScheduleRate,
    /// Projects started over projects planned to start this year (开工率).
    StartRate,
}

/// A group's key: the value of each dimension grouped by; null for the others (and for a
/// location or unit none is named for).
#[derive(SimpleObject, Clone, Debug)]
pub struct ReportingGroupKey {
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
    pub warning_level: Option<WarningLevel>,
}

/// A sum of amounts some of which are unknown.
#[derive(SimpleObject, Clone, Debug)]
pub struct KnownAmount {
    /// The known amounts added exactly, in 万元.
    pub known: Decimal,
    /// How many amounts were unknown (not counted as 0).
    pub unknown_count: u64,
}

/// A rate: the quotient of two exact sums over the projects where both are known.
#[derive(SimpleObject, Clone, Debug)]
pub struct ReportingRate {
    /// `numerator / denominator`, rounded half away from zero to 10 places; null without a basis
    /// (a denominator of 0, including no project with both amounts known), never 0 for that.
    pub value: Option<Decimal>,
    /// Projects the rate rests on: those with both amounts known.
    pub basis_count: u64,
    /// The numerator's sum, in 万元 (completed this year).
    pub numerator: Decimal,
    /// The denominator's sum, in 万元 (the annual plan, or expected to date).
    pub denominator: Decimal,
}

/// The start rate (开工率).
#[derive(SimpleObject, Clone, Debug)]
pub struct ReportingStartRate {
    /// `started / plannedToStart`, 10 places; null when no project was planned to start.
    pub value: Option<Decimal>,
    /// Of the projects planned to start, those no longer `PLANNED`.
    pub started: u64,
    /// Projects whose annual plan names a start month.
    pub planned_to_start: u64,
}

/// Projects by light.
#[derive(SimpleObject, Clone, Debug)]
pub struct LightCounts {
    /// Green.
    pub green: u64,
    /// Yellow.
    pub yellow: u64,
    /// Red.
    pub red: u64,
    /// Not applicable.
    pub not_applicable: u64,
}

/// The month's returns by deadline state.
#[derive(SimpleObject, Clone, Debug)]
pub struct ReturnCounts {
    /// Filed by the deadline.
    pub filed: u64,
    /// Filed after it.
    pub late: u64,
    /// Missing after it.
    pub missing: u64,
    /// Not filed, not yet due.
    pub pending: u64,
}

/// Open problems.
#[derive(SimpleObject, Clone, Debug)]
pub struct ProblemCounts {
    /// Open problems.
    pub open: u64,
    /// Of those, past their due date.
    pub overdue: u64,
}

/// One group of a month's roll-up.
#[derive(SimpleObject, Clone, Debug)]
pub struct ReportingGroup {
    /// The group.
    pub key: ReportingGroupKey,
    /// Projects monitored that year in the group.
    pub project_count: u64,
    /// Annual planned investment (年度计划投资).
    pub annual_plan: KnownAmount,
    /// Completed in the month (本月完成).
    pub completed_this_month: KnownAmount,
    /// Completed in the year so far (本年累计完成).
    pub completed_this_year: KnownAmount,
    /// Completed this year over the annual plan (投资完成率).
    pub completion_rate: ReportingRate,
    /// Due by the month's end on the time-elapsed schedule (序时进度).
    pub expected_to_date: KnownAmount,
    /// Completed this year over expected to date.
    pub schedule_rate: ReportingRate,
    /// Projects planned to start this year, and started.
    pub start_rate: ReportingStartRate,
    /// Projects by light.
    pub lights: LightCounts,
    /// The month's returns by deadline state.
    pub returns: ReturnCounts,
    /// Open and overdue problems.
    pub problems: ProblemCounts,
}

/// A month's roll-up.
#[derive(SimpleObject, Clone, Debug)]
pub struct ReportingSummary {
    /// The month, `YYYY-MM`.
    pub period: String,
    /// Every monitored project chosen.
    pub total: ReportingGroup,
    /// The groups, in the order their first project comes in the lists.
    pub groups: Vec<ReportingGroup>,
}

/// One ranked group.
#[derive(SimpleObject, Clone, Debug)]
pub struct RankingRow {
    /// 1 for the best; ties share a rank and the next follows on (dense ranks); null for a group
    /// without a basis, listed last and never ranked as 0.
    pub rank: Option<u32>,
    /// The group.
    pub key: ReportingGroupKey,
    /// The rate ranked on; null without a basis.
    pub value: Option<Decimal>,
    /// Projects the rate rests on (for the start rate: those planned to start).
    pub basis: u64,
    /// Every figure of the group, the rate's parts included.
    pub group: ReportingGroup,
}

fn known(sum: s::KnownSum) -> KnownAmount {
    KnownAmount {
        known: Decimal(sum.known()),
        unknown_count: sum.unknown_count,
    }
}

fn rate(r: s::Ratio) -> ReportingRate {
    let amount = |fen: i128| {
        Decimal(
            rust_decimal::Decimal::try_from_i128_with_scale(fen, 6)
                .map(|d| d.normalize())
                .unwrap_or(rust_decimal::Decimal::MAX),
        )
    };
    ReportingRate {
        value: r.value().map(Decimal),
        basis_count: r.basis_count,
        numerator: amount(r.numerator_fen),
        denominator: amount(r.denominator_fen),
    }
}

impl From<s::GroupKey> for ReportingGroupKey {
    fn from(k: s::GroupKey) -> Self {
        Self {
            list_code: k.list_code,
            category_code: k.category_code,
            location: k.location,
            responsible_unit: k.responsible_unit,
            status: k.status.map(Into::into),
            warning_level: k.warning_level.map(Into::into),
        }
    }
}

impl From<s::ReportingGroup> for ReportingGroup {
    fn from(g: s::ReportingGroup) -> Self {
        Self {
            key: g.key.into(),
            project_count: g.project_count,
            annual_plan: known(g.annual_plan),
            completed_this_month: known(g.completed_this_month),
            completed_this_year: known(g.completed_this_year),
            completion_rate: rate(g.completion),
            expected_to_date: known(g.expected_to_date),
            schedule_rate: rate(g.schedule),
            start_rate: ReportingStartRate {
                value: g.start.value().map(Decimal),
                started: g.start.started,
                planned_to_start: g.start.planned_to_start,
            },
            lights: LightCounts {
                green: g.lights[0],
                yellow: g.lights[1],
                red: g.lights[2],
                not_applicable: g.lights[3],
            },
            returns: ReturnCounts {
                filed: g.returns[0],
                late: g.returns[1],
                missing: g.returns[2],
                pending: g.returns[3],
            },
            problems: ProblemCounts {
                open: g.problems_open,
                overdue: g.problems_overdue,
            },
        }
    }
}

impl From<s::ReportingSummary> for ReportingSummary {
    fn from(r: s::ReportingSummary) -> Self {
        Self {
            period: r.period,
            total: r.total.into(),
            groups: r.groups.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<s::RankingRow> for RankingRow {
    fn from(r: s::RankingRow) -> Self {
        Self {
            rank: r.rank,
            key: r.group.key.clone().into(),
            value: r.value.map(Decimal),
            basis: r.basis,
            group: r.group.into(),
        }
    }
}

/// One project's figures in a month's bulletin (as published, or live).
#[derive(SimpleObject, Clone, Debug)]
pub struct BulletinProject {
    /// The project's key (as it was when published).
    pub key: String,
    /// Its name (序号 and 项目名称 of the bulletin's table).
    pub name: String,
    /// Its list's code.
    pub list_code: Option<String>,
    /// Its category's code.
    pub category_code: Option<String>,
    /// Its location.
    pub location: Option<String>,
    /// Its responsible unit (责任单位).
    pub responsible_unit: Option<String>,
    /// Its status.
    pub status: Option<ProjectStatus>,
    /// Annual planned investment (年度计划投资), 万元; null when unknown.
    pub annual_plan: Option<Decimal>,
    /// Cumulative completed investment at the month's return, 万元.
    pub cumulative_completed_investment: Option<Decimal>,
    /// Completed in the month (本月完成), 万元.
    pub completed_this_month: Option<Decimal>,
    /// Completed in the year so far (本年累计完成), 万元.
    pub completed_this_year: Option<Decimal>,
    /// Completed this year over the annual plan (完成率), 10 places; null without both.
    pub completion_rate: Option<Decimal>,
    /// Due by the month's end on the time-elapsed schedule (序时进度), 万元.
    pub expected_to_date: Option<Decimal>,
    /// Points behind schedule (negative: ahead).
    pub gap_points: Option<Decimal>,
    /// Physical progress in words (形象进度), from the month's return.
    pub image_progress: Option<String>,
    /// The light (预警).
    pub level: WarningLevel,
    /// The rule behind a yellow or red light.
    pub rule: Option<super::ScheduleRule>,
    /// The light's reason.
    pub reason: String,
    /// The month's return against its deadline.
    pub return_status: super::ReturnDueStatus,
    /// Open problems.
    pub problems_open: u64,
    /// Of those, past their due date.
    pub problems_overdue: u64,
}

/// A figure that differs between the published bulletin and today.
#[derive(SimpleObject, Clone, Debug)]
pub struct BulletinDifference {
    /// The project's key.
    pub project_key: String,
    /// The figure (`annualPlan`, `cumulativeCompletedInvestment`, `completedThisMonth`,
    /// `completedThisYear`, `expectedToDate`, `level`, `imageProgress`, `returnStatus`), or
    /// `project` for a project in only one of the two.
    pub field: String,
    /// As published; null when unknown or absent.
    pub published: Option<String>,
    /// As it stands now; null when unknown or absent.
    pub live: Option<String>,
}

/// A month's bulletin (通报).
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct Bulletin {
    /// The month, `YYYY-MM`.
    pub period: String,
    /// Today's figures rather than the published ones: a month not yet published, or asked
    /// for `live`.
    pub live: bool,
    /// When the month was published; null while it is not.
    pub published_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Who published it.
    pub published_by: Option<String>,
    /// The office's note.
    pub note: Option<String>,
    #[graphql(skip)]
    head: BulletinHead,
    #[graphql(skip)]
    dims: Vec<s::Dimension>,
    /// The project table, the differences and the comparison, read together and only when
    /// one of them is asked for: the roll-up alone is one `GROUP BY`.
    #[graphql(skip)]
    detail: Arc<OnceCell<Detail>>,
}

struct Detail {
    projects: Vec<BulletinProject>,
    differences: Vec<BulletinDifference>,
    month_on_month: MonthOnMonth,
}

impl Bulletin {
    /// The bulletin `head` names, its summary grouped by `dims`.
    pub fn new(head: BulletinHead, dims: Vec<s::Dimension>) -> Self {
        let (published_at, published_by, note) = match &head.publication {
            Some(p) => (
                Some(p.published_at),
                Some(p.published_by.clone()),
                p.note.clone(),
            ),
            None => (None, None, None),
        };
        Self {
            period: head.period.to_string(),
            live: head.live,
            published_at,
            published_by,
            note,
            head,
            dims,
            detail: Arc::new(OnceCell::new()),
        }
    }

    async fn detail(&self, ctx: &Context<'_>) -> Result<&Detail> {
        self.detail
            .get_or_try_init(|| async {
                let db = ctx.data::<DatabaseConnection>()?;
                let reader = principal(ctx).await?;
                let b =
                    bulletin::bulletin(db, reader, self.head.period, self.head.live, &self.dims)
                        .await
                        .map_err(to_gql)?;
                Ok::<_, async_graphql::Error>(Detail {
                    projects: b.projects.into_iter().map(Into::into).collect(),
                    differences: b
                        .differences
                        .into_iter()
                        .map(|d| BulletinDifference {
                            project_key: d.project_key,
                            field: d.field.to_owned(),
                            published: d.published,
                            live: d.live,
                        })
                        .collect(),
                    month_on_month: month_on_month(b.month_on_month),
                })
            })
            .await
    }
}

#[ComplexObject]
impl Bulletin {
    /// The roll-up, grouped as asked.
    async fn summary(&self, ctx: &Context<'_>) -> Result<ReportingSummary> {
        let db = ctx.data::<DatabaseConnection>()?;
        Ok(bulletin::bulletin_summary(db, &self.head, &self.dims)
            .await
            .map_err(to_gql)?
            .into())
    }

    /// Every monitored project, in the lists' order.
    async fn projects(&self, ctx: &Context<'_>) -> Result<&[BulletinProject]> {
        Ok(&self.detail(ctx).await?.projects)
    }

    /// Live on a published month: every figure that differs from the published one.
    async fn differences(&self, ctx: &Context<'_>) -> Result<&[BulletinDifference]> {
        Ok(&self.detail(ctx).await?.differences)
    }

    /// The change since the month before, grouped as the summary is.
    async fn month_on_month(&self, ctx: &Context<'_>) -> Result<&MonthOnMonth> {
        Ok(&self.detail(ctx).await?.month_on_month)
    }
}

/// Changes in the number of projects at each light.
#[derive(SimpleObject, Clone, Debug)]
pub struct LightDeltas {
    /// Green.
    pub green: i64,
    /// Yellow.
    pub yellow: i64,
    /// Red.
    pub red: i64,
    /// Not applicable.
    pub not_applicable: i64,
}

/// How a group moved since the month before.
#[derive(SimpleObject, Clone, Debug)]
pub struct GroupChange {
    /// The group (all null: the whole set).
    pub key: ReportingGroupKey,
    /// Completed this year now less the month before's (known amounts), 万元.
    pub completed_this_year: Decimal,
    /// The completion rate's change in percentage points; null when either rate is null.
    pub completion_rate_points: Option<Decimal>,
    /// The schedule rate's change in percentage points; null when either rate is null.
    pub schedule_rate_points: Option<Decimal>,
    /// Change in the number of projects at each light.
    pub lights: LightDeltas,
}

/// A project whose light changed since the month before.
#[derive(SimpleObject, Clone, Debug)]
pub struct LightChange {
    /// The project's key.
    pub project_key: String,
    /// Its light the month before; null when it was not in that month's figures.
    pub previous: Option<WarningLevel>,
    /// Its light now; null when it is no longer in the figures.
    pub current: Option<WarningLevel>,
}

/// The comparison of a bulletin with the month before.
#[derive(SimpleObject, Clone, Debug)]
pub struct MonthOnMonth {
    /// The month before, `YYYY-MM`.
    pub period: String,
    /// Whether that month's figures are its published bulletin's (otherwise today's).
    pub published: bool,
    /// The whole set first, then each group of either month.
    pub groups: Vec<GroupChange>,
    /// Projects whose light changed.
    pub light_changes: Vec<LightChange>,
}

fn amount(fen: Option<i64>) -> Option<Decimal> {
    fen.map(|f| Decimal(service::money::fen_to_decimal(f)))
}

impl From<s::ProjectMonth> for BulletinProject {
    fn from(m: s::ProjectMonth) -> Self {
        Self {
            completion_rate: m.completion_rate().map(Decimal),
            key: m.project_key,
            name: m.project_name,
            list_code: m.key_parts.list_code,
            category_code: m.key_parts.category_code,
            location: m.key_parts.location,
            responsible_unit: m.key_parts.responsible_unit,
            status: m.key_parts.status.map(Into::into),
            annual_plan: amount(m.planned),
            cumulative_completed_investment: amount(m.cumulative),
            completed_this_month: amount(m.this_month),
            completed_this_year: amount(m.this_year),
            expected_to_date: amount(m.expected),
            gap_points: m.gap_points.map(Decimal),
            image_progress: m.image_progress,
            level: m.level.into(),
            rule: m.rule.map(Into::into),
            reason: m.reason,
            return_status: m.due.into(),
            problems_open: m.problems_open,
            problems_overdue: m.problems_overdue,
        }
    }
}

fn month_on_month(m: service::reporting::bulletin::MonthOnMonth) -> MonthOnMonth {
    MonthOnMonth {
        period: m.period,
        published: m.published,
        groups: m
            .groups
            .into_iter()
            .map(|g| GroupChange {
                key: g.key.into(),
                completed_this_year: Decimal(g.completed_this_year.normalize()),
                completion_rate_points: g.completion_rate_points.map(Decimal),
                schedule_rate_points: g.schedule_rate_points.map(Decimal),
                lights: LightDeltas {
                    green: g.lights[0],
                    yellow: g.lights[1],
                    red: g.lights[2],
                    not_applicable: g.lights[3],
                },
            })
            .collect(),
        light_changes: m
            .light_changes
            .into_iter()
            .map(|c| LightChange {
                project_key: c.project_key,
                previous: c.previous.map(Into::into),
                current: c.current.map(Into::into),
            })
            .collect(),
    }
}

/// One month of a year's cumulative series.
#[derive(SimpleObject, Clone, Debug)]
pub struct SeriesPoint {
    /// The month, `YYYY-MM`.
    pub period: String,
    /// Due by the month's end on the projects' time-elapsed schedules (序时计划), 万元.
    pub planned_to_date: KnownAmount,
    /// Completed in the year by the month's return, 万元; null for a month still to come.
    pub completed_to_date: Option<KnownAmount>,
}

impl From<s::SeriesPoint> for SeriesPoint {
    fn from(p: s::SeriesPoint) -> Self {
        Self {
            period: p.period,
            planned_to_date: known(p.planned_to_date),
            completed_to_date: p.completed_to_date.map(known),
        }
    }
}
