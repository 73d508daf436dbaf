//! The plan-window view: for each year of the plan window, the projects under way and the 14th-FYP
//! investment spread evenly over each project's years inside the window, exactly.
//!
//! The method, in fen (1 万元 = 1,000,000 fen): a project with known 14th-FYP investment `F` and a
//! known period with `n` years inside the window gets `F / n` (integer division) in each of those
//! years, and the remainder `F % n` is handed out one fen at a time to its earliest years. The parts
//! therefore add up to `F` exactly. A project whose period is unknown, or has no year inside the
//! window, puts its whole `F` in `unallocated`. Yearly parts plus `unallocated` equal the known
//! 14th-FYP total of the chosen projects, to the fen. Everything is computed in one SQL statement.

use rust_decimal::Decimal;
use sea_orm::sea_query::{Alias, Expr, JoinType, Query};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryResult, QuerySelect};

use crate::money::{ExactSum, PartialSum};
use crate::project_search::{ProjectFilter, filter_condition, plan_windows};
use crate::{ServiceError, ServiceResult};

/// One year of the window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WindowYear {
    /// The year.
    pub year: i32,
    /// Projects whose known period includes the year.
    pub projects_under_way: i64,
    /// The 14th-FYP investment allotted to the year.
    pub fyp_investment: Decimal,
}

/// 14th-FYP investment that no year of the window could take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unallocated {
    /// The amount.
    pub amount: Decimal,
    /// Projects with known 14th-FYP investment whose period is unknown or has no year inside the
    /// window.
    pub project_count: i64,
}

/// The plan-window view of a set of projects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanWindowView {
    /// First year of the window.
    pub window_start: i32,
    /// Last year of the window.
    pub window_end: i32,
    /// Projects chosen.
    pub project_count: i64,
    /// Projects whose start or end year is unknown (under way in no year).
    pub period_unknown_count: i64,
    /// The chosen projects' 14th-FYP investment: known sum and unknown count.
    pub fyp_investment: PartialSum,
    /// Every year of the window, in order.
    pub years: Vec<WindowYear>,
    /// What no year could take.
    pub unallocated: Unallocated,
}

/// The plan-window view of the projects `filter` chooses.
pub async fn plan_window_view(
    db: &impl ConnectionTrait,
    principal: &crate::access::Principal,
    filter: &ProjectFilter,
) -> ServiceResult<PlanWindowView> {
    crate::access::require_read(principal)?;
    let cond = filter_condition(db, filter).await?;
    // Each project's window is its own plan's (joined below as "w"); the view's years run from
    // the earliest start to the latest end of the plans the chosen projects are listed in.
    let windows = plan_windows(db).await?;
    let lists: Vec<i32> = entity::project::Entity::find()
        .select_only()
        .column(entity::project::Column::ListId)
        .distinct()
        .filter(cond.clone())
        .into_tuple::<i32>()
        .all(db)
        .await?;
    let of_chosen = || {
        windows
            .iter()
            .filter(|w| w.list_ids.iter().any(|l| lists.contains(l)))
    };
    let (view_start, view_end) = match (
        of_chosen().map(|w| w.start).min(),
        of_chosen().map(|w| w.end).max(),
    ) {
        (Some(s), Some(e)) => (s, e),
        // Nothing chosen: the first plan's window, every year empty.
        _ => windows
            .first()
            .map(|w| (w.start, w.end))
            .ok_or_else(|| ServiceError::not_found("plan"))?,
    };
    let (ws, we) = ("\"w\".\"window_start\"", "\"w\".\"window_end\"");
    const S: &str = "\"project\".\"start_year\"";
    const E: &str = "\"project\".\"end_year\"";
    const F: &str = "\"project\".\"fyp_investment_fen\"";
    // The project's first and last year inside the window, and how many years that is.
    let lo = format!("(CASE WHEN {S} > {ws} THEN {S} ELSE {ws} END)");
    let hi = format!("(CASE WHEN {E} < {we} THEN {E} ELSE {we} END)");
    let n = format!("({hi} - {lo} + 1)");
    let split = |name: &str, value: &str| {
        [
            (
                format!("{name}_whole"),
                format!("CAST(SUM({value} / 1000000) AS BIGINT)"),
            ),
            (
                format!("{name}_rest"),
                format!("CAST(SUM({value} % 1000000) AS BIGINT)"),
            ),
        ]
    };
    let mut columns: Vec<(String, String)> = vec![
        ("project_count".into(), "CAST(COUNT(*) AS BIGINT)".into()),
        (
            "period_unknown".into(),
            format!("CAST(SUM(CASE WHEN {S} IS NULL OR {E} IS NULL THEN 1 ELSE 0 END) AS BIGINT)"),
        ),
        (
            "fyp_unknown".into(),
            format!("CAST(COUNT(*) - COUNT({F}) AS BIGINT)"),
        ),
    ];
    columns.extend(split("fyp", F));
    for year in view_start..=view_end {
        // Under way in the year and the year inside the project's own plan window.
        let under_way =
            format!("{S} <= {year} AND {E} >= {year} AND {ws} <= {year} AND {we} >= {year}");
        columns.push((
            format!("y{year}_count"),
            format!("CAST(SUM(CASE WHEN {under_way} THEN 1 ELSE 0 END) AS BIGINT)"),
        ));
        // Years are integers from the plan row, never text from a client.
        let part = format!(
            "(CASE WHEN {F} IS NOT NULL AND {under_way} THEN {F} / {n} + \
             (CASE WHEN {year} - {lo} < {F} % {n} THEN 1 ELSE 0 END) END)"
        );
        columns.extend(split(&format!("y{year}"), &part));
    }
    let unallocated = format!(
        "(CASE WHEN {F} IS NOT NULL AND ({S} IS NULL OR {E} IS NULL OR {lo} > {hi}) THEN {F} END)"
    );
    columns.extend(split("unallocated", &unallocated));
    columns.push((
        "unallocated_count".into(),
        format!("CAST(COUNT({unallocated}) AS BIGINT)"),
    ));

    let mut select = Query::select();
    select
        .from(entity::project::Entity)
        .join_as(
            JoinType::InnerJoin,
            entity::project_list::Entity,
            Alias::new("wl"),
            Expr::cust("\"wl\".\"id\" = \"project\".\"list_id\""),
        )
        .join_as(
            JoinType::InnerJoin,
            entity::plan::Entity,
            Alias::new("w"),
            Expr::cust("\"w\".\"id\" = \"wl\".\"plan_id\""),
        )
        .cond_where(cond);
    for (alias, sql) in &columns {
        select.expr_as(Expr::cust(sql.clone()), Alias::new(alias.clone()));
    }
    let row = db
        .query_one(&select)
        .await?
        .ok_or_else(|| ServiceError::internal("an aggregate query returned no row"))?;
    let sum = |row: &QueryResult, name: &str| -> Result<Decimal, DbErr> {
        Ok(ExactSum::from_parts(
            row.try_get::<Option<i64>>("", &format!("{name}_whole"))?,
            row.try_get::<Option<i64>>("", &format!("{name}_rest"))?,
        )
        .to_decimal())
    };
    let count = |row: &QueryResult, name: &str| -> Result<i64, DbErr> {
        Ok(row.try_get::<Option<i64>>("", name)?.unwrap_or(0))
    };
    let mut years = Vec::new();
    for year in view_start..=view_end {
        years.push(WindowYear {
            year,
            projects_under_way: count(&row, &format!("y{year}_count"))?,
            fyp_investment: sum(&row, &format!("y{year}"))?,
        });
    }
    Ok(PlanWindowView {
        window_start: view_start,
        window_end: view_end,
        project_count: count(&row, "project_count")?,
        period_unknown_count: count(&row, "period_unknown")?,
        fyp_investment: PartialSum {
            known: sum(&row, "fyp")?,
            unknown_count: count(&row, "fyp_unknown")?,
        },
        years,
        unallocated: Unallocated {
            amount: sum(&row, "unallocated")?,
            project_count: count(&row, "unallocated_count")?,
        },
    })
}

/// The yearly parts of `fen` over `years` years, by the method of this module (for checks).
pub fn spread(fen: i64, years: i64) -> Vec<i64> {
    if years <= 0 {
        return Vec::new();
    }
    (0..years)
        .map(|i| fen / years + i64::from(i < fen % years))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_remainder_goes_to_the_earliest_years_and_nothing_is_lost() {
        assert_eq!(spread(7, 3), [3, 2, 2]);
        assert_eq!(spread(1_000_000_000_000, 5), [200_000_000_000; 5]);
        assert_eq!(spread(4, 5), [1, 1, 1, 1, 0]);
        let max = crate::money::MAX_FEN;
        assert_eq!(spread(max, 4).iter().sum::<i64>(), max);
        assert!(spread(5, 0).is_empty());
    }
}
