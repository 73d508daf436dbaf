//! Each project's monthly returns folded into one row per year (table `return_year`): for every
//! month the counted return's cumulative figure and when the month was first filed, and from
//! the year before December's figure and the newest month filed. The month's roll-up
//! ([`super::rollup`]) reads one such row per project rather than every revision of the months
//! it looks at, which is what keeps it fast at 100 000 projects.
//!
//! The rows are derived, never edited: every transaction that writes a project's returns calls
//! [`refresh`] for that project before it commits, so the rows are exact whenever the returns
//! are. Which revision counts is [`super::monthly_return::effective`]'s rule, applied here to
//! the same rows. [`rebuild`] derives the whole table again; it runs when the table's migration
//! is applied, and with `migrate --rebuild-aggregates`.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use entity::monthly_return;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Statement, Value,
};

use super::monthly_return::{ReturnStatus, counted_revision};
use super::period::Period;
use crate::ServiceResult;

/// The table.
pub(crate) const TABLE: &str = "return_year";

/// How many projects one statement reads or rewrites.
const CHUNK: usize = 1_000;

/// The month columns' names: `cum_01`…`cum_12`, `filed_01`…`filed_12`.
pub(crate) fn cum_column(month: u32) -> String {
    format!("cum_{month:02}")
}

/// See [`cum_column`].
pub(crate) fn filed_column(month: u32) -> String {
    format!("filed_{month:02}")
}

/// What a revision contributes to its month.
#[derive(Clone, Debug)]
struct Filing {
    project_id: i32,
    period: Period,
    revision: i32,
    status: String,
    cumulative_fen: Option<i64>,
    first_submitted_at: DateTime<Utc>,
}

/// One month of one project: the counted revision's figure, and when it was first filed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Month {
    /// The counted revision (newest not sent back): its number and cumulative figure.
    counted: Option<(i32, Option<i64>)>,
    /// The earliest first filing of any revision.
    filed: Option<DateTime<Utc>>,
}

/// One row of the table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct YearRow {
    pub project_id: i32,
    pub year: i32,
    /// December of the year before: the counted cumulative figure.
    pub cum_before: Option<i64>,
    /// The newest month (1-12) of the year before with a return.
    pub filed_before: Option<u32>,
    /// Per month, the counted cumulative figure.
    pub cum: [Option<i64>; 12],
    /// Per month, when its return was first filed.
    pub filed: [Option<DateTime<Utc>>; 12],
}

/// The rows of the projects whose every revision is in `filings`: one for each year with a
/// return, and one for the year after it (which counts from its December).
fn fold(filings: impl IntoIterator<Item = Filing>) -> Vec<YearRow> {
    let mut months: BTreeMap<(i32, Period), Vec<Filing>> = BTreeMap::new();
    for f in filings {
        months.entry((f.project_id, f.period)).or_default().push(f);
    }
    let mut folded: BTreeMap<(i32, Period), Month> = BTreeMap::new();
    let mut years: BTreeSet<(i32, i32)> = BTreeSet::new();
    for ((project_id, period), revisions) in months {
        let counted = counted_revision(revisions.iter(), |r| {
            (
                ReturnStatus::parse(&r.status) == Some(ReturnStatus::Returned),
                r.revision,
            )
        })
        .map(|r| (r.revision, r.cumulative_fen));
        let filed = revisions.iter().map(|r| r.first_submitted_at).min();
        folded.insert((project_id, period), Month { counted, filed });
        years.insert((project_id, period.year()));
        years.insert((project_id, period.year() + 1));
    }
    years
        .into_iter()
        .map(|(project_id, year)| {
            let month = |y: i32, m: u32| {
                Period::new(y, m)
                    .and_then(|p| folded.get(&(project_id, p)))
                    .copied()
                    .unwrap_or_default()
            };
            let mut row = YearRow {
                project_id,
                year,
                cum_before: month(year - 1, 12).counted.and_then(|(_, c)| c),
                filed_before: (1..=12).rev().find(|m| month(year - 1, *m).filed.is_some()),
                ..Default::default()
            };
            for m in 1..=12u32 {
                let this = month(year, m);
                let i = (m - 1) as usize;
                row.cum[i] = this.counted.and_then(|(_, c)| c);
                row.filed[i] = this.filed;
            }
            row
        })
        .collect()
}

/// Reads the revisions of `project_ids`, only the columns the rows are made of.
async fn filings(db: &impl ConnectionTrait, project_ids: &[i32]) -> ServiceResult<Vec<Filing>> {
    type Columns = (i32, String, i32, String, Option<i64>, DateTime<Utc>);
    let rows: Vec<Columns> = monthly_return::Entity::find()
        .select_only()
        .column(monthly_return::Column::ProjectId)
        .column(monthly_return::Column::Period)
        .column(monthly_return::Column::Revision)
        .column(monthly_return::Column::Status)
        .column(monthly_return::Column::CumulativeCompletedFen)
        .column(monthly_return::Column::FirstSubmittedAt)
        .filter(monthly_return::Column::ProjectId.is_in(project_ids.iter().copied()))
        .order_by_asc(monthly_return::Column::ProjectId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(
            |(project_id, period, revision, status, cumulative, first)| {
                // Periods are written only from a parsed `Period`; a row written around the
                // service with a malformed one belongs to no month, and no month counts it.
                Some(Filing {
                    project_id,
                    period: period.parse().ok()?,
                    revision,
                    status,
                    cumulative_fen: cumulative,
                    first_submitted_at: first,
                })
            },
        )
        .collect())
}

/// Replaces the rows of `project_ids` with `rows`.
async fn write(
    db: &impl ConnectionTrait,
    project_ids: &[i32],
    rows: &[YearRow],
) -> ServiceResult<()> {
    let mut delete = Query::delete();
    delete
        .from_table(Alias::new(TABLE))
        .and_where(Expr::col(Alias::new("project_id")).is_in(project_ids.iter().copied()));
    db.execute(&delete).await?;
    let mut columns = vec![
        "project_id".to_owned(),
        "year".to_owned(),
        "cum_before".to_owned(),
        "filed_before".to_owned(),
    ];
    columns.extend((1..=12).map(cum_column));
    columns.extend((1..=12).map(filed_column));
    // Each row binds 28 values; PostgreSQL takes at most 65 535 per statement.
    for chunk in rows.chunks(2_000) {
        let mut insert = Query::insert();
        insert
            .into_table(Alias::new(TABLE))
            .columns(columns.iter().map(Alias::new));
        for row in chunk {
            let mut values: Vec<Expr> = vec![
                Expr::val(row.project_id),
                Expr::val(row.year),
                Expr::val(row.cum_before),
                Expr::val(row.filed_before.map(|m| m as i32)),
            ];
            values.extend(row.cum.iter().map(|c| Expr::val(*c)));
            values.extend(row.filed.iter().map(|f| Expr::val(Value::from(*f))));
            insert
                .values(values)
                .map_err(|e| crate::ServiceError::internal(e.to_string()))?;
        }
        db.execute(&insert).await?;
    }
    Ok(())
}

/// Rewrites the rows of `project_ids` from their returns, in the caller's transaction: call it
/// after writing any of their returns. On PostgreSQL it first locks the projects' rows, so two
/// transactions writing returns of one project fold them one after the other, each seeing the
/// other's revisions once committed, and neither leaves rows the other's returns contradict.
pub(crate) async fn refresh(db: &impl ConnectionTrait, project_ids: &[i32]) -> ServiceResult<()> {
    if project_ids.is_empty() {
        return Ok(());
    }
    for chunk in project_ids.chunks(CHUNK) {
        if db.get_database_backend() == DbBackend::Postgres {
            let ids = chunk
                .iter()
                .map(i32::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            db.execute_raw(Statement::from_string(
                DbBackend::Postgres,
                format!("SELECT id FROM project WHERE id IN ({ids}) ORDER BY id FOR UPDATE"),
            ))
            .await?;
        }
        let rows = fold(filings(db, chunk).await?);
        write(db, chunk, &rows).await?;
    }
    Ok(())
}

/// Rewrites the rows of projects whose every revision is `returns` (projects created with
/// them, as the synthetic cycle does), without reading them back.
pub(crate) async fn replace_with(
    db: &impl ConnectionTrait,
    project_ids: &[i32],
    returns: &[monthly_return::Model],
) -> ServiceResult<()> {
    let rows = fold(returns.iter().filter_map(|r| {
        Some(Filing {
            project_id: r.project_id,
            period: r.period.parse().ok()?,
            revision: r.revision,
            status: r.status.clone(),
            cumulative_fen: r.cumulative_completed_fen,
            first_submitted_at: r.first_submitted_at,
        })
    }));
    for chunk in project_ids.chunks(CHUNK) {
        let rows: Vec<YearRow> = rows
            .iter()
            .filter(|r| chunk.binary_search(&r.project_id).is_ok())
            .cloned()
            .collect();
        write(db, chunk, &rows).await?;
    }
    Ok(())
}

/// Derives the whole table again from the returns, a thousand projects at a time.
pub async fn rebuild(db: &impl ConnectionTrait) -> ServiceResult<()> {
    let backend = db.get_database_backend();
    db.execute_raw(Statement::from_string(
        backend,
        format!("DELETE FROM {TABLE}"),
    ))
    .await?;
    let mut after = 0;
    loop {
        let ids: Vec<i32> = monthly_return::Entity::find()
            .select_only()
            .column(monthly_return::Column::ProjectId)
            .distinct()
            .filter(monthly_return::Column::ProjectId.gt(after))
            .order_by_asc(monthly_return::Column::ProjectId)
            .limit(CHUNK as u64)
            .into_tuple()
            .all(db)
            .await?;
        let Some(&last) = ids.last() else {
            return Ok(());
        };
        let rows = fold(filings(db, &ids).await?);
        write(db, &ids, &rows).await?;
        after = last;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, day, 0, 0, 0)
            .single()
            .unwrap_or_default()
    }

    fn filing(period: &str, revision: i32, status: &str, cum: Option<i64>, day: u32) -> Filing {
        Filing {
            project_id: 7,
            period: period
                .parse()
                .unwrap_or_else(|()| Period::containing(at(1))),
            revision,
            status: status.to_owned(),
            cumulative_fen: cum,
            first_submitted_at: at(day),
        }
    }

    #[test]
    fn a_year_counts_its_months_and_the_december_before() {
        let rows = fold([
            filing("2025-10", 0, "APPROVED", Some(100), 1),
            filing("2025-12", 0, "APPROVED", Some(300), 3),
            // The correction counts; the month's first filing is the earlier one.
            filing("2025-12", 1, "SUBMITTED", Some(350), 9),
            filing("2026-02", 0, "APPROVED", Some(500), 5),
            // Sent back: nothing counts, though the month was filed.
            filing("2026-03", 0, "RETURNED", Some(900), 6),
            // Filed with an unknown figure.
            filing("2026-04", 0, "SUBMITTED", None, 7),
        ]);
        let years: Vec<i32> = rows.iter().map(|r| r.year).collect();
        assert_eq!(years, vec![2025, 2026, 2027]);
        let y2026 = &rows[1];
        assert_eq!(y2026.cum_before, Some(350));
        assert_eq!(y2026.filed_before, Some(12));
        assert_eq!(y2026.cum[0], None);
        assert_eq!(y2026.cum[1], Some(500));
        assert_eq!(y2026.cum[2], None);
        assert_eq!(y2026.filed[2], Some(at(6)));
        assert_eq!(y2026.cum[3], None);
        assert_eq!(y2026.filed[3], Some(at(7)));
        assert_eq!(y2026.filed[0], None);
        let y2025 = &rows[0];
        assert_eq!(y2025.filed[11], Some(at(3)));
        assert_eq!(y2025.cum[9], Some(100));
        assert_eq!(y2025.filed_before, None);
        // The year after the last return counts from its December (none filed: unknown).
        let y2027 = &rows[2];
        assert_eq!(y2027.cum_before, None);
        assert_eq!(y2027.filed_before, Some(4));
        assert!(y2027.cum.iter().all(Option::is_none));
    }
}
