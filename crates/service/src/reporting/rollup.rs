//! The month's roll-up computed by the database: one statement that derives every monitored
//! project's figures, light and return state for the month and adds them up by group, so a
//! roll-up over 100 000 projects moves a few hundred rows, not 100 000, out of the database.
//!
//! The statement is the rules of [`super::schedule`] and [`super::due`] written once more in
//! SQL, for reading many projects at a time; which revision of a month counts is not among
//! them: it reads each project's returns already folded per year ([`super::return_year`]),
//! one row per project, as [`super::monthly_return::effective`] counts them;
//! the per-project readings (`warnings`, the bulletin's table, `asOf`) stay with those modules.
//! The two must agree, and the end-to-end tests hold them to it on generated cycles of
//! hundreds of projects, on both backends.
//!
//! Exactness on both backends: amounts are integer fen, and every product that could pass
//! 2^63 (a plan of up to 10^16 fen times a share of 30 000) is split first — the plan into
//! multiples of 30 000 and a remainder — so each step stays an exact 64-bit integer on
//! SQLite, which has no wider integers, as on PostgreSQL. Sums are split into whole 万元 and
//! leftover fen and cast to `BIGINT`, as the finance summaries do.
//!
//! A published bulletin is added up by the same `GROUP BY` over its stored rows, which carry
//! the same columns.

use chrono::{DateTime, Utc};
use entity::{bulletin_project, project, project_list};
use sea_orm::sea_query::{
    Alias, Expr, ExprTrait, Func, JoinType, Order, Query, SelectStatement, UnionType,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, QueryResult, QuerySelect,
};

use super::annual_plan::SHARE_DENOMINATOR;
use super::period::Period;
use super::return_year::{cum_column, filed_column};
use super::rules::RuleBook;
use super::schedule::Level;
use super::summary::{Dimension, GroupKey, KnownSum, Ratio, ReportingGroup, StartRate};
use crate::ServiceResult;
use crate::project_search::{ProjectFilter, filter_condition};

/// The columns a month's facts have, live ([`month_facts`]) or stored (`bulletin_project`):
/// what [`rollup`] adds up.
pub(crate) const FACTS: [&str; 17] = [
    "project_id",
    "list_code",
    "category_code",
    "location",
    "responsible_unit",
    "status",
    "planned_fen",
    "expected_fen",
    "cumulative_fen",
    "this_month_fen",
    "this_year_fen",
    "level",
    "due_status",
    "planned_to_start",
    "started",
    "problems_open",
    "problems_overdue",
];

/// `LEAST`/`GREATEST` are spelt `MIN`/`MAX` with several arguments on SQLite.
fn least(db: &impl ConnectionTrait) -> &'static str {
    match db.get_database_backend() {
        DbBackend::Sqlite => "MIN",
        _ => "LEAST",
    }
}

fn greatest(db: &impl ConnectionTrait) -> &'static str {
    match db.get_database_backend() {
        DbBackend::Sqlite => "MAX",
        _ => "GREATEST",
    }
}

/// The share of the year due by the end of `month`, as an SQL integer expression over the
/// plan's quarterly targets `ap.q1_share_bp`…: [`super::annual_plan::expected_share`].
fn share_sql(month: u32) -> String {
    let month = i64::from(month.clamp(1, 12));
    let quarter = (month - 1) / 3;
    let into = (month - 1) % 3 + 1;
    let end = |q: i64| match q {
        0 => "0".to_owned(),
        4 => "10000".to_owned(),
        q => format!("ap.q{q}_share_bp"),
    };
    let (from, to) = (end(quarter), end(quarter + 1));
    format!(
        "(CASE WHEN ap.q1_share_bp IS NOT NULL AND ap.q2_share_bp IS NOT NULL \
         AND ap.q3_share_bp IS NOT NULL THEN 3 * {from} + ({to} - {from}) * {into} \
         ELSE {} END)",
        month * (SHARE_DENOMINATOR / 12)
    )
}

/// When the returns of `period` fall due for the projects of list `list_id`: past it, a month
/// without a return is missing rather than pending.
pub(crate) fn list_deadline(book: &RuleBook, list_id: i32, period: Period) -> DateTime<Utc> {
    let r = book.for_list(list_id);
    Period::end_of(period.due_on(u32::try_from(r.due_day).unwrap_or(25)))
}

/// Every monitored project's figures for `period` that `filter` chooses, as judged at `at` by
/// the rules in `book`: the columns of a bulletin's stored row (`project_id`, `list_code`,
/// `category_code`, `location`, `responsible_unit`, `status`, `planned_fen`, `expected_fen`,
/// `cumulative_fen`, `this_month_fen`, `this_year_fen`, `level`, `due_status`,
/// `planned_to_start`, `started`, `problems_open`, `problems_overdue`); only of the projects
/// in `only` when given. `None` when there is no list at all.
pub(crate) async fn month_facts(
    db: &impl ConnectionTrait,
    filter: &ProjectFilter,
    only: Option<&[i32]>,
    period: Period,
    book: &RuleBook,
    at: DateTime<Utc>,
) -> ServiceResult<Option<SelectStatement>> {
    let (year, month) = (period.year(), period.month());
    let previous = period.previous();
    let december = period.december_before();
    let longest = book.longest_missing_run();
    // The month's figures come from the project's row of the year in `return_year`; January
    // counts from the December before, which that row carries.
    let cum_previous = if month == 1 {
        "ry.cum_before".to_owned()
    } else {
        format!("ry.{}", cum_column(month - 1))
    };
    // Months since the newest month with a return, up to this one; the missing-return rule
    // looks back no further than its longest run, so "never" is that run.
    let mut months_back = String::from("(CASE");
    for m in (1..=month).rev() {
        months_back.push_str(&format!(
            " WHEN ry.{} IS NOT NULL THEN {}",
            filed_column(m),
            month - m
        ));
    }
    months_back.push_str(&format!(
        " WHEN ry.filed_before IS NOT NULL THEN {month} + 12 - ry.filed_before ELSE {longest} END)"
    ));
    let today = at.with_timezone(&super::period::office_zone()).date_naive();

    // The rules of each list, with whether the month's deadline has passed at `at` and the
    // deadline itself for telling a late return from one on time.
    let list_ids: Vec<i32> = project_list::Entity::find()
        .select_only()
        .column(project_list::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let mut params: Option<SelectStatement> = None;
    for id in list_ids {
        let r = book.for_list(id);
        let deadline = list_deadline(book, id, period);
        let mut row = Query::select();
        row.expr_as(Expr::cust(id.to_string()), Alias::new("list_id"))
            .expr_as(
                Expr::cust(r.behind_yellow_bp.to_string()),
                Alias::new("by_bp"),
            )
            .expr_as(Expr::cust(r.behind_red_bp.to_string()), Alias::new("br_bp"))
            .expr_as(
                Expr::cust(r.start_yellow_months.to_string()),
                Alias::new("sy"),
            )
            .expr_as(Expr::cust(r.start_red_months.to_string()), Alias::new("sr"))
            .expr_as(
                Expr::cust(r.missing_yellow_months.to_string()),
                Alias::new("my"),
            )
            .expr_as(
                Expr::cust(r.missing_red_months.to_string()),
                Alias::new("mr"),
            )
            .expr_as(
                Expr::cust(
                    std::cmp::max(r.missing_red_months, r.missing_yellow_months).to_string(),
                ),
                Alias::new("longest"),
            )
            .expr_as(
                Expr::cust(if at >= deadline { "1" } else { "0" }),
                Alias::new("passed"),
            )
            .expr_as(Expr::val(deadline), Alias::new("deadline"));
        match params.as_mut() {
            None => params = Some(row),
            Some(p) => {
                p.union(UnionType::All, row);
            }
        }
    }
    let Some(params) = params else {
        return Ok(None);
    };

    let mut problems = Query::select();
    problems
        .expr_as(Expr::cust("pr.project_id"), Alias::new("project_id"))
        .expr_as(Expr::cust("COUNT(*)"), Alias::new("open_count"))
        .expr_as(
            Func::sum(Expr::case(Expr::cust("pr.due_on").lt(today), 1).finally(0)),
            Alias::new("overdue_count"),
        )
        .from_as(entity::problem::Entity, Alias::new("pr"))
        .and_where(Expr::cust("pr.status = 'OPEN'"))
        .add_group_by([Expr::cust("pr.project_id")]);

    // A: the joins, and the figures read straight from them.
    let mut a = Query::select();
    a.from(project::Entity)
        .join_as(
            JoinType::InnerJoin,
            entity::annual_plan::Entity,
            Alias::new("ap"),
            Expr::cust(format!("ap.project_id = project.id AND ap.year = {year}")),
        )
        .join_as(
            JoinType::InnerJoin,
            project_list::Entity,
            Alias::new("pl"),
            Expr::cust("pl.id = project.list_id"),
        )
        .join_as(
            JoinType::InnerJoin,
            entity::category::Entity,
            Alias::new("cat"),
            Expr::cust("cat.id = project.category_id"),
        )
        .join_subquery(
            JoinType::InnerJoin,
            params,
            Alias::new("rp"),
            Expr::cust("rp.list_id = project.list_id"),
        )
        .join_as(
            JoinType::LeftJoin,
            entity::annual_plan::Entity,
            Alias::new("app"),
            Expr::cust(format!(
                "app.project_id = project.id AND app.year = {}",
                year - 1
            )),
        )
        .join_as(
            JoinType::LeftJoin,
            Alias::new(super::return_year::TABLE),
            Alias::new("ry"),
            Expr::cust(format!("ry.project_id = project.id AND ry.year = {year}")),
        )
        .join_subquery(
            JoinType::LeftJoin,
            problems,
            Alias::new("pb"),
            Expr::cust("pb.project_id = project.id"),
        )
        .cond_where(filter_condition(db, filter).await?);
    if let Some(ids) = only {
        a.and_where(project::Column::Id.is_in(ids.iter().copied()));
    }
    let columns_a: [(&str, String); 22] = [
        ("project_id", "project.id".into()),
        ("list_code", "pl.code".into()),
        ("category_code", "cat.code".into()),
        ("location", "project.location".into()),
        ("responsible_unit", "project.responsible_unit".into()),
        ("status", "project.status".into()),
        ("start_year", "project.start_year".into()),
        ("planned_fen", "ap.planned_investment_fen".into()),
        ("share_n", share_sql(month)),
        ("psm", "ap.planned_start_month".into()),
        ("cumulative_fen", format!("ry.{}", cum_column(month))),
        // Before the start year a project had nothing to count from: zero, not unknown.
        (
            "base_prev",
            format!(
                "(CASE WHEN project.start_year > {} THEN 0 ELSE {cum_previous} END)",
                previous.year()
            ),
        ),
        (
            "base_dec",
            format!(
                "(CASE WHEN project.start_year > {} THEN 0 ELSE ry.cum_before END)",
                december.year()
            ),
        ),
        (
            "prev_monitored",
            format!(
                "(CASE WHEN app.id IS NULL THEN 0 WHEN project.start_year > {} THEN 0 ELSE 1 END)",
                year - 1
            ),
        ),
        ("months_back", months_back),
        (
            "due_status",
            format!(
                "(CASE WHEN {filed} IS NULL THEN (CASE WHEN rp.passed = 1 THEN 'MISSING' \
                 ELSE 'PENDING' END) WHEN {filed} < rp.deadline THEN 'FILED' ELSE 'LATE' END)",
                filed = format!("ry.{}", filed_column(month))
            ),
        ),
        ("problems_open", "COALESCE(pb.open_count, 0)".into()),
        ("problems_overdue", "COALESCE(pb.overdue_count, 0)".into()),
        ("by_bp", "rp.by_bp".into()),
        ("br_bp", "rp.br_bp".into()),
        ("passed", "rp.passed".into()),
        ("longest", "rp.longest".into()),
    ];
    for (alias, sql) in columns_a {
        a.expr_as(Expr::cust(sql), Alias::new(alias));
    }
    for alias in ["sy", "sr", "my", "mr"] {
        a.expr_as(Expr::cust(format!("rp.{alias}")), Alias::new(alias));
    }

    // PostgreSQL would fold the layers into one and evaluate each derived column once per use
    // (the missing-return run a dozen times a row); a zero offset keeps each layer computed once.
    let fence = |q: &mut SelectStatement| {
        if db.get_database_backend() == DbBackend::Postgres {
            q.offset(0);
        }
    };
    fence(&mut a);

    // B: the amounts derived from consecutive cumulative figures, and each rule's finding as
    // 1 (green), 2 (yellow) or 3 (red), null when the rule finds nothing.
    let this_year = "(a.cumulative_fen - a.base_dec)";
    // Behind by at least `t` hundredths of a point: p·(n − 3t) ≥ 30 000·done (the schedule's
    // exact comparison with d = 30 000 cancelled out), with p split as 30 000·p1 + p0 so no
    // product leaves 64 bits.
    let behind_at_least = |t: &str| {
        let b = format!("(a.share_n - 3 * a.{t})");
        let x = format!("({this_year} - (a.planned_fen / 30000) * {b})");
        format!(
            "(CASE WHEN {x} <= -30000 THEN 1 WHEN {x} >= 30000 THEN 0 \
             WHEN 30000 * {x} <= (a.planned_fen % 30000) * {b} THEN 1 ELSE 0 END)"
        )
    };
    let threshold = |v: &str, y: &str, r: &str| {
        format!("(CASE WHEN {v} >= a.{r} THEN 3 WHEN {v} >= a.{y} THEN 2 ELSE 1 END)")
    };
    let run = format!(
        "(CASE WHEN a.passed = 0 OR a.start_year > {year} THEN 0 ELSE {least}(a.longest, \
         a.months_back, (CASE WHEN a.prev_monitored = 1 THEN 12 ELSE {month} END)) END)",
        least = least(db),
    );
    let mut b = Query::select();
    b.from_subquery(a, Alias::new("a"));
    for column in [
        "project_id",
        "list_code",
        "category_code",
        "location",
        "responsible_unit",
        "status",
        "planned_fen",
        "cumulative_fen",
        "due_status",
        "problems_open",
        "problems_overdue",
    ] {
        b.expr_as(Expr::cust(format!("a.{column}")), Alias::new(column));
    }
    let columns_b: [(&str, String); 7] = [
        (
            "expected_fen",
            "(a.planned_fen / 30000) * a.share_n + (2 * (a.planned_fen % 30000) * a.share_n + 30000) / 60000"
                .into(),
        ),
        ("this_month_fen", "(a.cumulative_fen - a.base_prev)".into()),
        ("this_year_fen", this_year.into()),
        ("planned_to_start", "(a.psm IS NOT NULL)".into()),
        ("started", "(a.status <> 'PLANNED')".into()),
        (
            "behind",
            format!(
                "(CASE WHEN a.planned_fen IS NULL OR a.planned_fen = 0 OR {this_year} IS NULL \
                 THEN NULL WHEN {} = 1 THEN 3 WHEN {} = 1 THEN 2 ELSE 1 END)",
                behind_at_least("br_bp"),
                behind_at_least("by_bp")
            ),
        ),
        (
            "late_start",
            format!(
                "(CASE WHEN a.psm IS NOT NULL AND a.status = 'PLANNED' AND {month} >= a.psm \
                 THEN {} END)",
                threshold(&format!("({month} - a.psm)"), "sy", "sr")
            ),
        ),
    ];
    for (alias, sql) in columns_b {
        b.expr_as(Expr::cust(sql), Alias::new(alias));
    }
    b.expr_as(
        Expr::cust(format!(
            "(CASE WHEN {run} > 0 THEN {} END)",
            threshold(&run, "my", "mr")
        )),
        Alias::new("missing"),
    );

    fence(&mut b);

    // C: the light, the worst finding; green only when the schedule could be judged.
    let mut c = Query::select();
    c.from_subquery(b, Alias::new("b"));
    for column in FACTS.iter().filter(|c| **c != "level") {
        c.expr_as(Expr::cust(format!("b.{column}")), Alias::new(*column));
    }
    let worst = format!(
        "{}(COALESCE(b.behind, 0), COALESCE(b.late_start, 0), COALESCE(b.missing, 0))",
        greatest(db)
    );
    c.expr_as(
        Expr::cust(format!(
            "(CASE WHEN b.status IN ('COMPLETED', 'CANCELLED') THEN 'NOT_APPLICABLE' \
             WHEN {worst} = 3 THEN 'RED' WHEN {worst} = 2 THEN 'YELLOW' \
             WHEN b.behind IS NOT NULL THEN 'GREEN' ELSE 'NOT_APPLICABLE' END)"
        )),
        Alias::new("level"),
    );
    Ok(Some(c))
}

/// The stored rows of a published bulletin: the month's, or the month before's it was
/// compared with.
pub(crate) fn published_facts(bulletin_id: i32, of_previous: bool) -> SelectStatement {
    let mut s = Query::select();
    s.from(bulletin_project::Entity)
        .and_where(bulletin_project::Column::BulletinId.eq(bulletin_id))
        .and_where(bulletin_project::Column::OfPrevious.eq(of_previous));
    for column in FACTS {
        s.expr_as(Expr::cust(column), Alias::new(column));
    }
    s
}

fn dimension_columns(dims: &[Dimension]) -> Vec<&'static str> {
    let mut columns = Vec::new();
    for d in dims {
        let named: &[&'static str] = match d {
            Dimension::List => &["list_code"],
            // A category code repeats across lists, so a category group names its list too.
            Dimension::Category => &["list_code", "category_code"],
            Dimension::Location => &["location"],
            Dimension::ResponsibleUnit => &["responsible_unit"],
            Dimension::Status => &["status"],
            Dimension::WarningLevel => &["level"],
        };
        for c in named {
            if !columns.contains(c) {
                columns.push(*c);
            }
        }
    }
    columns
}

fn get<T: sea_orm::TryGetable>(row: &QueryResult, column: &str) -> Result<T, DbErr> {
    row.try_get::<T>("", column)
}

fn count(row: &QueryResult, column: &str) -> Result<u64, DbErr> {
    Ok(u64::try_from(get::<Option<i64>>(row, column)?.unwrap_or(0)).unwrap_or(0))
}

fn fen(row: &QueryResult, prefix: &str) -> Result<i128, DbErr> {
    let whole = get::<Option<i64>>(row, &format!("{prefix}_whole"))?.unwrap_or(0);
    let rest = get::<Option<i64>>(row, &format!("{prefix}_rest"))?.unwrap_or(0);
    Ok(i128::from(whole) * 1_000_000 + i128::from(rest))
}

/// The groups of `source` (rows with the columns of [`month_facts`]) by `dims`, in the order
/// of their first project; with no dimension, one group: the whole set.
pub(crate) async fn rollup(
    db: &impl ConnectionTrait,
    source: SelectStatement,
    dims: &[Dimension],
) -> ServiceResult<Vec<ReportingGroup>> {
    let mut sums: Vec<(String, String)> = Vec::new();
    let postgres = db.get_database_backend() == DbBackend::Postgres;
    let mut split = |name: &str, value: &str| {
        // PostgreSQL adds bigints exactly (into a numeric), so it adds each amount once and
        // splits the sum; SQLite's integer sum would overflow, so it adds the parts.
        let (whole, rest) = if postgres {
            (
                format!("CAST(DIV(SUM({value}), 1000000) AS BIGINT)"),
                format!("CAST(MOD(SUM({value}), 1000000) AS BIGINT)"),
            )
        } else {
            (
                format!("CAST(SUM({value} / 1000000) AS BIGINT)"),
                format!("CAST(SUM({value} % 1000000) AS BIGINT)"),
            )
        };
        sums.push((format!("{name}_whole"), whole));
        sums.push((format!("{name}_rest"), rest));
    };
    split("planned", "f.planned_fen");
    split("this_month", "f.this_month_fen");
    split("this_year", "f.this_year_fen");
    split("expected", "f.expected_fen");
    split(
        "completion_num",
        "(CASE WHEN f.planned_fen IS NOT NULL THEN f.this_year_fen END)",
    );
    split(
        "completion_den",
        "(CASE WHEN f.this_year_fen IS NOT NULL THEN f.planned_fen END)",
    );
    split(
        "schedule_num",
        "(CASE WHEN f.expected_fen IS NOT NULL THEN f.this_year_fen END)",
    );
    split(
        "schedule_den",
        "(CASE WHEN f.this_year_fen IS NOT NULL THEN f.expected_fen END)",
    );
    let counted = |when: &str| format!("CAST(COUNT(*) FILTER (WHERE {when}) AS BIGINT)");
    let mut counts: Vec<(String, String)> = vec![
        ("project_count".into(), "CAST(COUNT(*) AS BIGINT)".into()),
        (
            "planned_unknown".into(),
            "CAST(COUNT(*) - COUNT(f.planned_fen) AS BIGINT)".into(),
        ),
        (
            "this_month_unknown".into(),
            "CAST(COUNT(*) - COUNT(f.this_month_fen) AS BIGINT)".into(),
        ),
        (
            "this_year_unknown".into(),
            "CAST(COUNT(*) - COUNT(f.this_year_fen) AS BIGINT)".into(),
        ),
        (
            "expected_unknown".into(),
            "CAST(COUNT(*) - COUNT(f.expected_fen) AS BIGINT)".into(),
        ),
        (
            "completion_basis".into(),
            counted("f.planned_fen IS NOT NULL AND f.this_year_fen IS NOT NULL"),
        ),
        (
            "schedule_basis".into(),
            counted("f.expected_fen IS NOT NULL AND f.this_year_fen IS NOT NULL"),
        ),
        ("planned_to_start".into(), counted("f.planned_to_start")),
        (
            "started".into(),
            counted("f.planned_to_start AND f.started"),
        ),
        (
            "problems_open".into(),
            "CAST(SUM(f.problems_open) AS BIGINT)".into(),
        ),
        (
            "problems_overdue".into(),
            "CAST(SUM(f.problems_overdue) AS BIGINT)".into(),
        ),
    ];
    for level in ["GREEN", "YELLOW", "RED", "NOT_APPLICABLE"] {
        counts.push((
            format!("light_{level}"),
            counted(&format!("f.level = '{level}'")),
        ));
    }
    for due in ["FILED", "LATE", "MISSING", "PENDING"] {
        counts.push((
            format!("due_{due}"),
            counted(&format!("f.due_status = '{due}'")),
        ));
    }

    let columns = dimension_columns(dims);
    let mut select = Query::select();
    select.from_subquery(source, Alias::new("f"));
    for column in &columns {
        let expr = Expr::cust(format!("f.{column}"));
        select.expr_as(expr.clone(), Alias::new(format!("d_{column}")));
        select.add_group_by([expr]);
    }
    for (alias, sql) in sums.into_iter().chain(counts) {
        select.expr_as(Expr::cust(sql), Alias::new(alias));
    }
    if !columns.is_empty() {
        select.order_by_expr(Expr::cust("MIN(f.project_id)"), Order::Asc);
    }
    let rows = db.query_all(&select).await?;
    let mut groups = Vec::with_capacity(rows.len());
    for row in &rows {
        let text = |c: &str| -> Result<Option<String>, DbErr> {
            if columns.contains(&c) {
                get::<Option<String>>(row, &format!("d_{c}"))
            } else {
                Ok(None)
            }
        };
        let key = GroupKey {
            list_code: text("list_code")?,
            category_code: text("category_code")?,
            location: text("location")?,
            responsible_unit: text("responsible_unit")?,
            status: text("status")?.and_then(|s| s.parse().ok()),
            warning_level: text("level")?.as_deref().and_then(Level::parse),
        };
        let known = |prefix: &str, unknown: &str| -> Result<KnownSum, DbErr> {
            Ok(KnownSum {
                known_fen: fen(row, prefix)?,
                unknown_count: count(row, unknown)?,
            })
        };
        groups.push(ReportingGroup {
            key,
            project_count: count(row, "project_count")?,
            annual_plan: known("planned", "planned_unknown")?,
            completed_this_month: known("this_month", "this_month_unknown")?,
            completed_this_year: known("this_year", "this_year_unknown")?,
            expected_to_date: known("expected", "expected_unknown")?,
            completion: Ratio {
                basis_count: count(row, "completion_basis")?,
                numerator_fen: fen(row, "completion_num")?,
                denominator_fen: fen(row, "completion_den")?,
            },
            schedule: Ratio {
                basis_count: count(row, "schedule_basis")?,
                numerator_fen: fen(row, "schedule_num")?,
                denominator_fen: fen(row, "schedule_den")?,
            },
            start: StartRate {
                planned_to_start: count(row, "planned_to_start")?,
                started: count(row, "started")?,
            },
            lights: [
                count(row, "light_GREEN")?,
                count(row, "light_YELLOW")?,
                count(row, "light_RED")?,
                count(row, "light_NOT_APPLICABLE")?,
            ],
            returns: [
                count(row, "due_FILED")?,
                count(row, "due_LATE")?,
                count(row, "due_MISSING")?,
                count(row, "due_PENDING")?,
            ],
            problems_open: count(row, "problems_open")?,
            problems_overdue: count(row, "problems_overdue")?,
        });
    }
    Ok(groups)
}
