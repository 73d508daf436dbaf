//! The monthly reporting cycle's queries and mutations: annual plans, monthly returns and their
//! review, schedule warnings, returns due and the warning rules.

use async_graphql::connection::Connection;
use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;
use service::reporting::monthly_return::{self as returns, Decision, ReturnInput};
use service::reporting::period::Period;
use service::reporting::{annual_plan, due, rules, schedule, summary};

use crate::auth::principal;
use crate::error::to_gql;
use crate::ids::{Cursor, Kind};
use crate::inputs::ProjectFilter;
use crate::manage::{actor_parts, object_id};
use crate::payload::{UserError, user_errors};
use crate::scalars::Decimal;
use crate::types::{
    AnnualPlan, MonthlyReturn, MonthlyReturnStatus, Project, ReturnDue, ReturnDueStatus,
    ScheduleWarning, WarningLevel, WarningRules,
};
use crate::types::{
    Bulletin, RankingDimension, RankingMeasure, RankingRow, ReportingDimension, ReportingSummary,
    SeriesPoint,
};

fn parse_period(text: &str) -> Result<Period> {
    Period::parse(text, "period").map_err(to_gql)
}

/// How many projects stand at a level.
#[derive(SimpleObject, Clone, Debug)]
pub struct WarningLevelCount {
    /// The level.
    pub level: WarningLevel,
    /// Projects monitored that year at that level.
    pub count: u64,
}

/// Reads of the reporting cycle.
#[derive(Default)]
pub struct ReportingQuery;

#[Object]
impl ReportingQuery {
    /// The warning thresholds and due day: the defaults first (no list), then each list's own
    /// set.
    async fn warning_rules(&self, ctx: &Context<'_>) -> Result<Vec<WarningRules>> {
        let db = ctx.data::<DatabaseConnection>()?;
        let rules = rules::warning_rules(db, principal(ctx).await?)
            .await
            .map_err(to_gql)?;
        Ok(rules.into_iter().map(WarningRules).collect())
    }

    /// The month's lights of the projects monitored that year (with an annual plan) that
    /// `filter` chooses, in project order; only those at `level` when given.
    #[graphql(complexity = "service::paging::connection_cost(first, None, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn warnings(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The month, `YYYY-MM`.")] period: String,
        #[graphql(desc = "Only lights at this level.")] level: Option<WarningLevel>,
        #[graphql(desc = "Only these projects.")] filter: Option<ProjectFilter>,
        #[graphql(desc = "A past moment (RFC 3339): the lights as they stood then.")] as_of: Option<
            DateTime<Utc>,
        >,
        #[graphql(desc = "At most this many lights (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Only lights after this cursor.")] after: Option<String>,
    ) -> Result<Connection<Cursor, ScheduleWarning>> {
        let db = ctx.data::<DatabaseConnection>()?;
        let reader = principal(ctx).await?;
        let period = parse_period(&period)?;
        let filter: service::project_search::ProjectFilter = filter.unwrap_or_default().into();
        let level = level.map(Into::into);
        crate::connection::forward_connection(
            after,
            first,
            |after, size| async move {
                schedule::warnings(db, reader, period, level, &filter, after, size, as_of).await
            },
            |w: &schedule::ScheduleWarning| w.project_id,
            ScheduleWarning,
        )
        .await
    }

    /// How many of the projects monitored that year that `filter` chooses stand at each level
    /// for the month (every level listed, zeros included).
    async fn warning_counts(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The month, `YYYY-MM`.")] period: String,
        #[graphql(desc = "Only these projects.")] filter: Option<ProjectFilter>,
        #[graphql(desc = "A past moment (RFC 3339): the counts as they stood then.")] as_of: Option<
            DateTime<Utc>,
        >,
    ) -> Result<Vec<WarningLevelCount>> {
        let db = ctx.data::<DatabaseConnection>()?;
        let reader = principal(ctx).await?;
        let filter: service::project_search::ProjectFilter = filter.unwrap_or_default().into();
        let counts = schedule::warning_counts(db, reader, parse_period(&period)?, &filter, as_of)
            .await
            .map_err(to_gql)?;
        Ok([
            schedule::Level::Red,
            schedule::Level::Yellow,
            schedule::Level::Green,
            schedule::Level::NotApplicable,
        ]
        .into_iter()
        .map(|level| WarningLevelCount {
            level: level.into(),
            count: counts.get(&level).copied().unwrap_or(0),
        })
        .collect())
    }

    /// Per project monitored that year (with an annual plan, neither completed nor cancelled),
    /// whether the month's return is filed, late, missing or not yet due, with the responsible
    /// unit; in project order.
    #[graphql(complexity = "service::paging::connection_cost(first, None, child_complexity)")]
    async fn returns_due(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The month, `YYYY-MM`.")] period: String,
        #[graphql(desc = "Only returns in this state.")] status: Option<ReturnDueStatus>,
        #[graphql(desc = "Only these projects.")] filter: Option<ProjectFilter>,
        #[graphql(desc = "At most this many (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Only those after this cursor.")] after: Option<String>,
    ) -> Result<Connection<Cursor, ReturnDue>> {
        let db = ctx.data::<DatabaseConnection>()?;
        let reader = principal(ctx).await?;
        let period = parse_period(&period)?;
        let filter: service::project_search::ProjectFilter = filter.unwrap_or_default().into();
        let status = status.map(Into::into);
        crate::connection::forward_connection(
            after,
            first,
            |after, size| async move {
                due::returns_due(db, reader, period, status, &filter, after, size).await
            },
            |r: &due::ReturnDue| r.project_id,
            ReturnDue,
        )
        .await
    }

    /// The month's roll-up (月度通报汇总) of the projects monitored that year that `filter`
    /// chooses: the total and one group per value of `groupBy` (none: the total only). Amounts
    /// are exact sums with unknown counts; each rate rests on the projects where both of its
    /// amounts are known and is null without a basis.
    async fn reporting_summary(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The month, `YYYY-MM`.")] period: String,
        #[graphql(desc = "Only these projects.")] filter: Option<ProjectFilter>,
        #[graphql(desc = "Group by these dimensions, together.", default)] group_by: Vec<
            ReportingDimension,
        >,
    ) -> Result<ReportingSummary> {
        let db = ctx.data::<DatabaseConnection>()?;
        let reader = principal(ctx).await?;
        let period = parse_period(&period)?;
        let filter: service::project_search::ProjectFilter = filter.unwrap_or_default().into();
        let dims: Vec<summary::Dimension> = group_by.into_iter().map(Into::into).collect();
        Ok(
            summary::reporting_summary(db, reader, period, &filter, &dims)
                .await
                .map_err(to_gql)?
                .into(),
        )
    }

    /// Responsible units, categories or places ranked on a rate for the month, best first:
    /// dense ranks (ties share one), and groups without a basis last, unranked.
    async fn ranking(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The month, `YYYY-MM`.")] period: String,
        #[graphql(desc = "What to rank.")] by: RankingDimension,
        #[graphql(desc = "The rate to rank on.")] measure: RankingMeasure,
        #[graphql(desc = "Only these projects.")] filter: Option<ProjectFilter>,
    ) -> Result<Vec<RankingRow>> {
        let db = ctx.data::<DatabaseConnection>()?;
        let reader = principal(ctx).await?;
        let period = parse_period(&period)?;
        let filter: service::project_search::ProjectFilter = filter.unwrap_or_default().into();
        let rows = summary::ranking(db, reader, period, &filter, by.into(), measure.into())
            .await
            .map_err(to_gql)?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// A month's bulletin (通报): once the month is published, exactly the figures published,
    /// whatever changed since, with when and by whom; with `live` (and always before it is
    /// published) today's figures for the month, with every figure that differs from the
    /// published one.
    async fn bulletin(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The month, `YYYY-MM`.")] period: String,
        #[graphql(desc = "Today's figures instead of the published ones (false when omitted).")]
        live: Option<bool>,
        #[graphql(desc = "Group the summary by these dimensions, together.", default)]
        group_by: Vec<ReportingDimension>,
    ) -> Result<Bulletin> {
        let db = ctx.data::<DatabaseConnection>()?;
        let reader = principal(ctx).await?;
        let period = parse_period(&period)?;
        let dims: Vec<summary::Dimension> = group_by.into_iter().map(Into::into).collect();
        let head =
            service::reporting::bulletin::bulletin_head(db, reader, period, live.unwrap_or(false))
                .await
                .map_err(to_gql)?;
        Ok(Bulletin::new(head, dims))
    }

    /// The year's planned against completed cumulative investment, month by month (the
    /// bulletin's S-curve), for the projects monitored that year that `filter` chooses.
    async fn reporting_series(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The calendar year.")] year: i32,
        #[graphql(desc = "Only these projects.")] filter: Option<ProjectFilter>,
    ) -> Result<Vec<SeriesPoint>> {
        let db = ctx.data::<DatabaseConnection>()?;
        let reader = principal(ctx).await?;
        let filter: service::project_search::ProjectFilter = filter.unwrap_or_default().into();
        let points = summary::reporting_series(db, reader, year, &filter)
            .await
            .map_err(to_gql)?;
        Ok(points.into_iter().map(Into::into).collect())
    }

    /// The office's review queue: returns in a state (submitted by default), of one month or
    /// of all, oldest filed first.
    #[graphql(complexity = "service::paging::connection_cost(first, None, child_complexity)")]
    async fn review_queue(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this month's returns, `YYYY-MM`.")] period: Option<String>,
        #[graphql(
            desc = "Returns in this state.",
            default_with = "MonthlyReturnStatus::Submitted"
        )]
        status: MonthlyReturnStatus,
        #[graphql(desc = "At most this many (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Only returns after this cursor.")] after: Option<String>,
    ) -> Result<Connection<Cursor, MonthlyReturn>> {
        let db = ctx.data::<DatabaseConnection>()?;
        let reader = principal(ctx).await?;
        let period = period.as_deref().map(parse_period).transpose()?;
        crate::connection::forward_connection(
            after,
            first,
            |after, size| async move {
                returns::review_queue(db, reader, period, status.into(), after, size).await
            },
            |r: &returns::MonthlyReturn| r.id,
            MonthlyReturn,
        )
        .await
    }
}

/// Input of `setAnnualPlan`: the plan is set as a whole, an omitted figure is unknown.
#[derive(InputObject)]
pub struct SetAnnualPlanInput {
    /// The project's global id.
    pub project_id: ID,
    /// The calendar year planned.
    pub year: i32,
    /// Investment planned for the year, 万元 (at most six decimals, ≥ 0); omitted or null is
    /// unknown, never 0.
    pub planned_investment: Option<Decimal>,
    /// Month (1-12) construction should start in, for a project not started yet.
    pub planned_start_month: Option<i32>,
    /// Month (1-12) the project should be finished in.
    pub planned_completion_month: Option<i32>,
    /// The physical progress aimed at by the year's end.
    pub target_progress: Option<String>,
    /// Cumulative percent of the plan due by the end of each quarter: four rising values, the
    /// last 100. Without them the schedule is linear by month.
    pub quarterly_targets: Option<Vec<Decimal>>,
    /// The project's `version` as last read; a stale one is a `CONFLICT`.
    pub expected_version: i32,
}

/// Result of `setAnnualPlan`.
#[derive(SimpleObject)]
pub struct AnnualPlanPayload {
    /// The plan as saved; null when nothing was changed.
    pub annual_plan: Option<AnnualPlan>,
    /// The project, at its new version.
    pub project: Option<Project>,
    /// Why nothing was changed.
    pub user_errors: Vec<UserError>,
}

/// Input of `submitMonthlyReturn`.
#[derive(InputObject)]
pub struct SubmitMonthlyReturnInput {
    /// The project's global id.
    pub project_id: ID,
    /// The month reported on, `YYYY-MM`: not still to come, not before the project's start year.
    pub period: String,
    /// Cumulative completed investment since construction began, 万元; null when unknown. A
    /// figure below the previous month's (or the latest progress report's) needs `isCorrection`
    /// and a note.
    pub cumulative_completed_investment: Option<Decimal>,
    /// Physical completion, 0-100, at most two decimals.
    pub percent_complete: Decimal,
    /// Physical progress in words (形象进度).
    pub image_progress: String,
    /// What comes next month.
    pub next_steps: Option<String>,
    /// Problems met, in words.
    pub problems: Option<String>,
    /// The return corrects earlier figures: a lower cumulative figure, or a month already
    /// approved (filed as a new revision beside it).
    #[graphql(default)]
    pub is_correction: bool,
    /// Why, for a correction (required then).
    pub note: Option<String>,
    /// The project's `version` as last read; a stale one is a `CONFLICT`.
    pub expected_version: i32,
}

/// Result of `submitMonthlyReturn`.
#[derive(SimpleObject)]
pub struct MonthlyReturnPayload {
    /// The return as saved; null when nothing was changed.
    pub monthly_return: Option<MonthlyReturn>,
    /// The project, at its new version (null for a review, which changes only the return).
    pub project: Option<Project>,
    /// Why nothing was changed.
    pub user_errors: Vec<UserError>,
}

/// The office's decision on a return.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "service::reporting::monthly_return::Decision")]
pub enum ReviewDecision {
    /// Accept the return; it is never edited again.
    Approve,
    /// Send it back to be resubmitted; the comment says what to put right.
    Return,
}

/// Input of `reviewMonthlyReturn`.
#[derive(InputObject)]
pub struct ReviewMonthlyReturnInput {
    /// The return's global id.
    pub return_id: ID,
    /// Approve or send back.
    pub decision: ReviewDecision,
    /// The reviewer's comment; required to send a return back.
    pub comment: Option<String>,
    /// The return's `version` as last read: of two concurrent reviews one wins, the other is a
    /// `CONFLICT`.
    pub expected_version: i32,
}

/// Input of `updateWarningRules`: an omitted threshold is kept.
#[derive(InputObject)]
pub struct UpdateWarningRulesInput {
    /// The list whose rules change (its code); omitted changes the defaults. A list without its
    /// own rules gets them, starting from the defaults.
    pub list_code: Option<String>,
    /// Yellow from this many percentage points behind schedule.
    pub behind_schedule_yellow: Option<Decimal>,
    /// Red from this many.
    pub behind_schedule_red: Option<Decimal>,
    /// Yellow from this many months past the planned start month.
    pub start_overdue_yellow: Option<i32>,
    /// Red from this many.
    pub start_overdue_red: Option<i32>,
    /// Yellow when this many months running lack a return.
    pub return_missing_yellow: Option<i32>,
    /// Red when this many do.
    pub return_missing_red: Option<i32>,
    /// Day of the month returns are due by (1-31).
    pub due_day: Option<i32>,
    /// The `version` of the rules changed, as last read (the defaults' for a list without its
    /// own).
    pub expected_version: i32,
}

/// Result of `updateWarningRules`.
#[derive(SimpleObject)]
pub struct WarningRulesPayload {
    /// The rules as saved; null when nothing was changed.
    pub warning_rules: Option<WarningRules>,
    /// Why nothing was changed.
    pub user_errors: Vec<UserError>,
}

/// Input of `publishPeriod`.
#[derive(InputObject)]
pub struct PublishPeriodInput {
    /// The month to publish, `YYYY-MM`; it must have ended.
    pub period: String,
    /// The office's note.
    pub note: Option<String>,
}

/// Result of `publishPeriod`.
#[derive(SimpleObject)]
pub struct PublishPeriodPayload {
    /// The bulletin as published; null when nothing was published.
    pub bulletin: Option<Bulletin>,
    /// Why nothing was published.
    pub user_errors: Vec<UserError>,
}

/// Writes of the reporting cycle.
#[derive(Default)]
pub struct ReportingMutation;

#[Object]
impl ReportingMutation {
    /// Sets a project's annual plan for a year (COORDINATOR or ADMIN); versioned and logged.
    async fn set_annual_plan(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The plan and the version of the project last read.")]
        input: SetAnnualPlanInput,
    ) -> Result<AnnualPlanPayload> {
        let (db, actor) = actor_parts(ctx).await?;
        let result = async {
            let id = object_id("projectId", Kind::Project, &input.project_id)?;
            let plan = annual_plan::PlanInput {
                year: input.year,
                planned_investment: input.planned_investment.map(|d| d.0),
                planned_start_month: input.planned_start_month,
                planned_completion_month: input.planned_completion_month,
                target_progress: input.target_progress,
                quarterly_targets: input
                    .quarterly_targets
                    .map(|q| q.into_iter().map(|d| d.0).collect()),
            };
            annual_plan::set_annual_plan(db, actor, id, input.expected_version, plan).await
        }
        .await;
        Ok(match result {
            Ok((project, plan)) => AnnualPlanPayload {
                annual_plan: Some(AnnualPlan(plan)),
                project: Some(Project(project)),
                user_errors: Vec::new(),
            },
            Err(e) => AnnualPlanPayload {
                annual_plan: None,
                project: None,
                user_errors: user_errors(e)?,
            },
        })
    }

    /// Files a project's monthly return (a MANAGER for an assigned project, or ADMIN), or
    /// resubmits one not yet approved, or files a correction beside an approved one. Its
    /// cumulative figure also goes into the progress-report ledger.
    async fn submit_monthly_return(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The return and the version of the project last read.")]
        input: SubmitMonthlyReturnInput,
    ) -> Result<MonthlyReturnPayload> {
        let (db, actor) = actor_parts(ctx).await?;
        let result = async {
            let id = object_id("projectId", Kind::Project, &input.project_id)?;
            let filed = ReturnInput {
                period: input.period,
                cumulative_completed_investment: input.cumulative_completed_investment.map(|d| d.0),
                percent_complete: input.percent_complete.0,
                image_progress: input.image_progress,
                next_steps: input.next_steps,
                problems: input.problems,
                is_correction: input.is_correction,
                note: input.note,
            };
            returns::submit_monthly_return(db, actor, id, input.expected_version, filed).await
        }
        .await;
        Ok(match result {
            Ok((project, filed)) => MonthlyReturnPayload {
                monthly_return: Some(MonthlyReturn(filed)),
                project: Some(Project(project)),
                user_errors: Vec::new(),
            },
            Err(e) => MonthlyReturnPayload {
                monthly_return: None,
                project: None,
                user_errors: user_errors(e)?,
            },
        })
    }

    /// Approves a submitted return or sends it back with a comment (COORDINATOR or ADMIN).
    async fn review_monthly_return(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The return, the decision and the version of the return last read.")]
        input: ReviewMonthlyReturnInput,
    ) -> Result<MonthlyReturnPayload> {
        let (db, actor) = actor_parts(ctx).await?;
        let result = async {
            let id = object_id("returnId", Kind::MonthlyReturn, &input.return_id)?;
            let decision: Decision = input.decision.into();
            returns::review_monthly_return(
                db,
                actor,
                id,
                input.expected_version,
                decision,
                input.comment,
            )
            .await
        }
        .await;
        Ok(match result {
            Ok(reviewed) => MonthlyReturnPayload {
                monthly_return: Some(MonthlyReturn(reviewed)),
                project: None,
                user_errors: Vec::new(),
            },
            Err(e) => MonthlyReturnPayload {
                monthly_return: None,
                project: None,
                user_errors: user_errors(e)?,
            },
        })
    }

    /// Publishes an ended month's bulletin (COORDINATOR or ADMIN): its figures are stored as
    /// they stand and read the same for ever; afterwards the month's returns change only by a
    /// correction. A month is published once.
    async fn publish_period(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The month and the office's note.")] input: PublishPeriodInput,
    ) -> Result<PublishPeriodPayload> {
        let (db, actor) = actor_parts(ctx).await?;
        let result = async {
            let period = Period::parse(&input.period, "period")?;
            service::reporting::bulletin::publish_period(db, actor, period, input.note).await
        }
        .await;
        Ok(match result {
            Ok(b) => PublishPeriodPayload {
                bulletin: Some(Bulletin::new(b, Vec::new())),
                user_errors: Vec::new(),
            },
            Err(e) => PublishPeriodPayload {
                bulletin: None,
                user_errors: user_errors(e)?,
            },
        })
    }

    /// Changes the warning thresholds or due day of the defaults or of one list (COORDINATOR
    /// or ADMIN); the next read of any light uses them. Logged.
    async fn update_warning_rules(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The thresholds to change and the version of the rules last read.")]
        input: UpdateWarningRulesInput,
    ) -> Result<WarningRulesPayload> {
        let (db, actor) = actor_parts(ctx).await?;
        let changes = rules::RuleChanges {
            list_code: input.list_code,
            behind_schedule_yellow: input.behind_schedule_yellow.map(|d| d.0),
            behind_schedule_red: input.behind_schedule_red.map(|d| d.0),
            start_overdue_yellow: input.start_overdue_yellow,
            start_overdue_red: input.start_overdue_red,
            return_missing_yellow: input.return_missing_yellow,
            return_missing_red: input.return_missing_red,
            due_day: input.due_day,
        };
        Ok(
            match rules::update_warning_rules(db, actor, input.expected_version, changes).await {
                Ok(saved) => WarningRulesPayload {
                    warning_rules: Some(WarningRules(saved)),
                    user_errors: Vec::new(),
                },
                Err(e) => WarningRulesPayload {
                    warning_rules: None,
                    user_errors: user_errors(e)?,
                },
            },
        )
    }
}
