//! The maintained aggregates: exact sums per (category, status), changed in the same transaction as
//! every write to a project row.
//!
//! A writer describes what it changed (the row before and after) and the change is added to the
//! aggregate rows as increments (`SET x = x + excluded.x`). Increments commute, so concurrent
//! writers on PostgreSQL (which serialise on the aggregate row) and the single writer of SQLite both
//! leave the sums exact; a rolled-back transaction takes its increments with it.
//!
//! Every code path that inserts, edits, archives or deletes a project row must call
//! [`apply_delta`] (or fill an [`AggregateDelta`] and [`AggregateDelta::apply`] it) in its
//! transaction. A row written behind the service's back is not counted until
//! [`rebuild_aggregates`] runs.

use std::collections::BTreeMap;

use entity::{ProjectStatus, project};
use sea_orm::{ConnectionTrait, Statement};

use crate::ServiceResult;
use crate::money::FEN_PER_WAN;

/// What one project row adds to the aggregates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Contribution {
    /// The project's category.
    pub category_id: i32,
    /// The category's list.
    pub list_id: i32,
    /// The project's status.
    pub status: ProjectStatus,
    /// Total investment in fen, `None` when unknown.
    pub total_fen: Option<i64>,
    /// 14th-FYP investment in fen, `None` when unknown.
    pub fyp_fen: Option<i64>,
    /// Archived projects are kept but not counted.
    pub archived: bool,
}

impl From<&project::Model> for Contribution {
    fn from(m: &project::Model) -> Self {
        Self {
            category_id: m.category_id,
            list_id: m.list_id,
            status: m.status,
            total_fen: m.total_investment_fen,
            fyp_fen: m.fyp_investment_fen,
            archived: m.archived_at.is_some(),
        }
    }
}

/// Changes to one aggregate row.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct RowDelta {
    list_id: i32,
    project_count: i64,
    total_whole: i64,
    total_rest: i64,
    total_unknown: i64,
    fyp_whole: i64,
    fyp_rest: i64,
    fyp_unknown: i64,
    both_count: i64,
    both_total_whole: i64,
    both_total_rest: i64,
    both_fyp_whole: i64,
    both_fyp_rest: i64,
}

impl RowDelta {
    fn values(&self) -> [i64; 12] {
        [
            self.project_count,
            self.total_whole,
            self.total_rest,
            self.total_unknown,
            self.fyp_whole,
            self.fyp_rest,
            self.fyp_unknown,
            self.both_count,
            self.both_total_whole,
            self.both_total_rest,
            self.both_fyp_whole,
            self.both_fyp_rest,
        ]
    }

    fn is_zero(&self) -> bool {
        self.values().iter().all(|v| *v == 0)
    }
}

const COUNTED: [&str; 12] = [
    "project_count",
    "total_whole",
    "total_rest",
    "total_unknown",
    "fyp_whole",
    "fyp_rest",
    "fyp_unknown",
    "both_count",
    "both_total_whole",
    "both_total_rest",
    "both_fyp_whole",
    "both_fyp_rest",
];

/// Rows changed per statement when a delta is applied.
const ROWS_PER_STATEMENT: usize = 200;

/// Accumulated changes to the aggregates, applied in one statement per 200 rows touched.
///
/// Bulk writers add every row they write and apply once; the result is the same as applying row
/// by row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AggregateDelta {
    rows: BTreeMap<(i32, &'static str), RowDelta>,
}

impl AggregateDelta {
    /// An empty delta.
    pub fn new() -> Self {
        Self::default()
    }

    /// Counts a project row that now exists (a new row, or the new state of an edited one).
    pub fn add(&mut self, row: impl Into<Contribution>) {
        self.change(row.into(), 1);
    }

    /// Uncounts a project row that no longer exists as it was (the old state of an edited row).
    pub fn remove(&mut self, row: impl Into<Contribution>) {
        self.change(row.into(), -1);
    }

    /// Whether applying the delta would change nothing.
    pub fn is_empty(&self) -> bool {
        self.rows.values().all(RowDelta::is_zero)
    }

    fn change(&mut self, c: Contribution, sign: i64) {
        if c.archived {
            return;
        }
        let d = self
            .rows
            .entry((c.category_id, c.status.as_str()))
            .or_default();
        d.list_id = c.list_id;
        d.project_count += sign;
        let split = |fen: i64| (fen / FEN_PER_WAN, fen % FEN_PER_WAN);
        match c.total_fen {
            Some(t) => {
                let (w, r) = split(t);
                d.total_whole += sign * w;
                d.total_rest += sign * r;
            }
            None => d.total_unknown += sign,
        }
        match c.fyp_fen {
            Some(f) => {
                let (w, r) = split(f);
                d.fyp_whole += sign * w;
                d.fyp_rest += sign * r;
            }
            None => d.fyp_unknown += sign,
        }
        if let (Some(t), Some(f)) = (c.total_fen, c.fyp_fen) {
            let (tw, tr) = split(t);
            let (fw, fr) = split(f);
            d.both_count += sign;
            d.both_total_whole += sign * tw;
            d.both_total_rest += sign * tr;
            d.both_fyp_whole += sign * fw;
            d.both_fyp_rest += sign * fr;
        }
    }

    /// Adds the delta to the aggregate rows, creating those missing. Run it in the transaction that
    /// wrote the project rows.
    ///
    /// Rows are touched in key order, so two writers that touch the same rows lock them in the
    /// same order and wait for each other instead of deadlocking.
    pub async fn apply(self, txn: &impl ConnectionTrait) -> ServiceResult<()> {
        let rows: Vec<_> = self
            .rows
            .into_iter()
            .filter(|(_, d)| !d.is_zero())
            .collect();
        let set = COUNTED
            .iter()
            .map(|c| format!("{c} = investment_aggregate.{c} + excluded.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        for chunk in rows.chunks(ROWS_PER_STATEMENT) {
            // Every value is an integer or a status name from the enum: nothing from a client.
            let values = chunk
                .iter()
                .map(|((category_id, status), d)| {
                    let counted = d
                        .values()
                        .iter()
                        .map(i64::to_string)
                        .collect::<Vec<_>>()
                        .join(", ");
                    format!("({category_id}, '{status}', {}, {counted})", d.list_id)
                })
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "INSERT INTO investment_aggregate (category_id, status, list_id, {}) VALUES {values} \
                 ON CONFLICT (category_id, status) DO UPDATE SET {set}",
                COUNTED.join(", ")
            );
            txn.execute_raw(Statement::from_string(txn.get_database_backend(), sql))
                .await?;
        }
        Ok(())
    }
}

/// Records in the aggregates that a project row went from `old` to `new`: `None` before for an
/// inserted row, `None` after for a deleted one. Call it in the transaction of the write.
pub async fn apply_delta(
    txn: &impl ConnectionTrait,
    old: Option<&project::Model>,
    new: Option<&project::Model>,
) -> ServiceResult<()> {
    let mut delta = AggregateDelta::new();
    if let Some(old) = old {
        delta.remove(old);
    }
    if let Some(new) = new {
        delta.add(new);
    }
    delta.apply(txn).await
}

/// Recomputes every aggregate row from the project rows (a repair after rows were written without
/// [`apply_delta`]). Run it in a transaction.
pub async fn rebuild_aggregates(txn: &impl ConnectionTrait) -> ServiceResult<()> {
    let backend = txn.get_database_backend();
    txn.execute_raw(Statement::from_string(
        backend,
        "DELETE FROM investment_aggregate",
    ))
    .await?;
    let sql = format!(
        "INSERT INTO investment_aggregate (category_id, status, list_id, {}) \
         SELECT category_id, status, MIN(list_id), \
           CAST(COUNT(*) AS BIGINT), \
           CAST(COALESCE(SUM(total_investment_fen / 1000000), 0) AS BIGINT), \
           CAST(COALESCE(SUM(total_investment_fen % 1000000), 0) AS BIGINT), \
           CAST(COUNT(*) - COUNT(total_investment_fen) AS BIGINT), \
           CAST(COALESCE(SUM(fyp_investment_fen / 1000000), 0) AS BIGINT), \
           CAST(COALESCE(SUM(fyp_investment_fen % 1000000), 0) AS BIGINT), \
           CAST(COUNT(*) - COUNT(fyp_investment_fen) AS BIGINT), \
           CAST(SUM(CASE WHEN total_investment_fen IS NOT NULL AND fyp_investment_fen IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT), \
           CAST(COALESCE(SUM(CASE WHEN fyp_investment_fen IS NOT NULL THEN total_investment_fen / 1000000 END), 0) AS BIGINT), \
           CAST(COALESCE(SUM(CASE WHEN fyp_investment_fen IS NOT NULL THEN total_investment_fen % 1000000 END), 0) AS BIGINT), \
           CAST(COALESCE(SUM(CASE WHEN total_investment_fen IS NOT NULL THEN fyp_investment_fen / 1000000 END), 0) AS BIGINT), \
           CAST(COALESCE(SUM(CASE WHEN total_investment_fen IS NOT NULL THEN fyp_investment_fen % 1000000 END), 0) AS BIGINT) \
         FROM project WHERE archived_at IS NULL GROUP BY category_id, status",
        COUNTED.join(", ")
    );
    txn.execute_raw(Statement::from_string(backend, sql))
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(status: ProjectStatus, total: Option<i64>, fyp: Option<i64>) -> Contribution {
        Contribution {
            category_id: 1,
            list_id: 1,
            status,
            total_fen: total,
            fyp_fen: fyp,
            archived: false,
        }
    }

    #[test]
    fn an_edit_moves_the_amounts_between_rows() {
        let mut delta = AggregateDelta::new();
        delta.remove(c(ProjectStatus::Planned, Some(2_500_001), None));
        delta.add(c(
            ProjectStatus::UnderConstruction,
            Some(2_500_001),
            Some(1),
        ));
        let planned = delta.rows[&(1, "PLANNED")];
        assert_eq!(
            planned.values(),
            [-1, -2, -500_001, 0, 0, 0, -1, 0, 0, 0, 0, 0]
        );
        let under_way = delta.rows[&(1, "UNDER_CONSTRUCTION")];
        assert_eq!(
            under_way.values(),
            [1, 2, 500_001, 0, 0, 1, 0, 1, 2, 500_001, 0, 1]
        );
    }

    #[test]
    fn undoing_a_change_leaves_nothing_to_apply() {
        let mut delta = AggregateDelta::new();
        let row = c(ProjectStatus::Planned, None, Some(7));
        delta.add(row);
        assert!(!delta.is_empty());
        delta.remove(row);
        assert!(delta.is_empty());
        let archived = Contribution {
            archived: true,
            ..row
        };
        delta.add(archived);
        assert!(delta.is_empty(), "archived projects are not counted");
    }
}
