//! The month's facts of every monitored project kept in a table (`month_fact`), brought up to
//! date when a roll-up asks for them: what the month's roll-up, the live bulletin's summary and
//! the light counts add up, so that a request reads one row per project instead of deriving
//! 100 000 projects' figures and lights again ([`super::rollup::month_facts`], ~0.6 s there).
//!
//! The rows are exactly what that statement gives, at the mark they were brought to. A period is
//! up to date when every write committed since has been taken in; the write mark
//! ([`crate::mark`]) says whether anything was written at all and the change log says what: every
//! write stamps its entries with the mark it raised, and an entry names its project. So a
//! request:
//! - finds the period up to date (no write since, or only writes to tokens) and reads the rows;
//! - or rewrites the rows of the projects the entries since name, in one transaction;
//! - or rewrites the whole period when it cannot tell which projects a write touched: the period
//!   was never asked for, an entry names no project (a list, a category, the rules), a write
//!   left no entry (a bulk load, a rebuild), or more projects changed than a rewrite of all.
//!
//! What the facts are judged at is part of the state too: the day (for overdue problems), the
//! rules, and whether each list's deadline has passed. When one of them moves (once a day), the
//! period is rewritten whole.
//!
//! Writers never touch these tables, so the reporting writes cost nothing more; the work falls
//! on the first read after them. On a read replica, which cannot write, a period that is not up
//! to date is read from the statement instead.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbBackend, Statement, TransactionSession, TransactionTrait, Value};
use sha2::{Digest, Sha256};

use super::period::Period;
use super::rollup::{FACTS, list_deadline, month_facts};
use super::rules::RuleBook;
use crate::ServiceResult;
use crate::mark::Mark;
use crate::project_search::{ProjectFilter, filter_condition};

/// The facts.
pub(crate) const TABLE: &str = "month_fact";
/// How far each period's facts are brought.
const STATE: &str = "month_fact_state";
/// How many projects one statement rewrites.
const CHUNK: usize = 1_000;
/// Beyond this many changed projects, rewriting the whole period costs less.
const WHOLE_BEYOND: usize = 5_000;

/// What a period's rows were brought to.
#[derive(Clone, Debug, PartialEq, Eq)]
struct State {
    writes: i64,
    tokens: i64,
    context: String,
}

impl State {
    /// Whether rows brought to `self` hold every write up to `mark`, judged in `context`: no
    /// write since but to tokens (which raise both counters).
    fn holds(&self, mark: Mark, context: &str) -> bool {
        self.context == context
            && mark.writes >= self.writes
            && mark.writes - self.writes == mark.tokens - self.tokens
    }
}

/// What the facts of `period` are judged at, at `at`: the office's day, the rules, and which
/// lists' deadlines have passed. As a digest, so the state row stays small.
async fn context(
    db: &impl ConnectionTrait,
    period: Period,
    book: &RuleBook,
    at: DateTime<Utc>,
) -> ServiceResult<String> {
    let mut list_ids: Vec<i32> = {
        use entity::project_list;
        use sea_orm::{EntityTrait, QuerySelect};
        project_list::Entity::find()
            .select_only()
            .column(project_list::Column::Id)
            .into_tuple()
            .all(db)
            .await?
    };
    list_ids.sort_unstable();
    let today = at.with_timezone(&super::period::office_zone()).date_naive();
    let mut text = format!("{today}|{}", book.longest_missing_run());
    for id in list_ids {
        let passed = at >= list_deadline(book, id, period);
        text.push_str(&format!("|{id}:{passed}:{:?}", book.for_list(id)));
    }
    Ok(format!("{:x}", Sha256::digest(text.as_bytes())))
}

fn key_condition(period: Period) -> String {
    format!("year = {} AND month = {}", period.year(), period.month())
}

async fn read_state(
    db: &impl ConnectionTrait,
    period: Period,
    lock: bool,
) -> ServiceResult<Option<State>> {
    let backend = db.get_database_backend();
    let lock = if lock && backend == DbBackend::Postgres {
        " FOR UPDATE"
    } else {
        ""
    };
    let sql = format!(
        "SELECT writes, tokens, context FROM {STATE} WHERE {}{lock}",
        key_condition(period)
    );
    let Some(row) = db
        .query_one_raw(Statement::from_string(backend, sql))
        .await?
    else {
        return Ok(None);
    };
    Ok(Some(State {
        writes: row.try_get("", "writes")?,
        tokens: row.try_get("", "tokens")?,
        context: row.try_get("", "context")?,
    }))
}

/// The rows of `period` that `filter` chooses, with the columns of
/// [`super::rollup::month_facts`], brought up to date first; `None` when there is no list.
pub(crate) async fn facts<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    filter: &ProjectFilter,
    period: Period,
    book: &RuleBook,
    at: DateTime<Utc>,
) -> ServiceResult<Option<SelectStatement>> {
    let context = context(db, period, book, at).await?;
    let mark = crate::mark::current(db).await?;
    let fresh = read_state(db, period, false)
        .await?
        .is_some_and(|s| s.holds(mark, &context));
    if !fresh {
        if db.get_database_backend() == DbBackend::Postgres && read_only(db).await? {
            // A replica cannot bring the rows up; the statement answers for today instead.
            return month_facts(db, filter, None, period, book, at).await;
        }
        let txn = crate::write::begin_write(db).await?;
        if !bring_up(&txn, period, book, at, &context).await? {
            txn.rollback().await?;
            return Ok(None);
        }
        txn.commit().await?;
    }
    stored(db, filter, period).await.map(Some)
}

async fn read_only(db: &impl ConnectionTrait) -> ServiceResult<bool> {
    let row = db
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on' AS ro",
        ))
        .await?;
    Ok(match row {
        Some(row) => row.try_get::<bool>("", "ro")?,
        None => false,
    })
}

/// The stored rows of `period` that `filter` chooses.
async fn stored(
    db: &impl ConnectionTrait,
    filter: &ProjectFilter,
    period: Period,
) -> ServiceResult<SelectStatement> {
    let mut s = Query::select();
    s.from_as(Alias::new(TABLE), Alias::new("mf"))
        .and_where(Expr::cust(format!(
            "mf.year = {} AND mf.month = {}",
            period.year(),
            period.month()
        )));
    for column in FACTS {
        s.expr_as(Expr::cust(format!("mf.{column}")), Alias::new(column));
    }
    // The stored rows are every monitored project's; a filter narrows them by their project.
    if *filter != ProjectFilter::default() {
        s.join(
            sea_orm::sea_query::JoinType::InnerJoin,
            entity::project::Entity,
            Expr::cust("project.id = mf.project_id"),
        )
        .cond_where(filter_condition(db, filter).await?);
    }
    Ok(s)
}

/// Brings `period`'s rows up to the mark committed now, in `txn`, which holds the period's
/// state row (PostgreSQL) or the write lock (SQLite) so two requests do it one after the other.
/// `false` when there is no list, so no facts.
async fn bring_up(
    txn: &impl ConnectionTrait,
    period: Period,
    book: &RuleBook,
    at: DateTime<Utc>,
    context: &str,
) -> ServiceResult<bool> {
    let backend = txn.get_database_backend();
    let (year, month) = (period.year(), period.month());
    if backend == DbBackend::Postgres {
        // The row exists before it is locked, so that the first two requests of a period
        // wait for each other too.
        txn.execute_raw(Statement::from_string(
            backend,
            format!(
                "INSERT INTO {STATE} (year, month, writes, tokens, context) \
                 VALUES ({year}, {month}, -1, -1, '') ON CONFLICT DO NOTHING"
            ),
        ))
        .await?;
    }
    let state = read_state(txn, period, true)
        .await?
        .filter(|s| s.writes >= 0);
    let mark = crate::mark::current(txn).await?;
    if state.as_ref().is_some_and(|s| s.holds(mark, context)) {
        // Another request brought them up meanwhile.
        return Ok(true);
    }
    let changed = match &state {
        Some(s) if s.context == context && mark.writes >= s.writes => {
            changed_projects(txn, s, mark).await?
        }
        _ => None,
    };
    let key = key_condition(period);
    match changed {
        Some(ids) => {
            for chunk in ids.chunks(CHUNK) {
                let list = chunk
                    .iter()
                    .map(i32::to_string)
                    .collect::<Vec<_>>()
                    .join(",");
                txn.execute_raw(Statement::from_string(
                    backend,
                    format!("DELETE FROM {TABLE} WHERE {key} AND project_id IN ({list})"),
                ))
                .await?;
                if !insert(txn, period, Some(chunk), book, at).await? {
                    return Ok(false);
                }
            }
        }
        None => {
            txn.execute_raw(Statement::from_string(
                backend,
                format!("DELETE FROM {TABLE} WHERE {key}"),
            ))
            .await?;
            if !insert(txn, period, None, book, at).await? {
                return Ok(false);
            }
            if backend == DbBackend::Postgres {
                // A period's rows are most of the table: without fresh statistics the planner
                // takes them for a handful and reads them through the index, one by one.
                txn.execute_raw(Statement::from_string(backend, format!("ANALYZE {TABLE}")))
                    .await?;
            }
        }
    }
    let sql = match backend {
        DbBackend::Postgres => {
            format!("UPDATE {STATE} SET writes = $1, tokens = $2, context = $3 WHERE {key}")
        }
        _ => format!(
            "INSERT INTO {STATE} (year, month, writes, tokens, context) VALUES ({year}, {month}, $1, $2, $3) \
             ON CONFLICT (year, month) DO UPDATE SET writes = excluded.writes, \
             tokens = excluded.tokens, context = excluded.context"
        ),
    };
    txn.execute_raw(Statement::from_sql_and_values(
        backend,
        sql,
        [
            Value::from(mark.writes),
            Value::from(mark.tokens),
            Value::from(context.to_owned()),
        ],
    ))
    .await?;
    Ok(true)
}

/// The projects the writes after `state` up to `mark` changed, when the change log names them
/// all: `None` when a write left no entry or an entry names no project (its effect on the facts
/// is not one project's), or when they are too many to rewrite one by one.
async fn changed_projects(
    txn: &impl ConnectionTrait,
    state: &State,
    mark: Mark,
) -> ServiceResult<Option<Vec<i32>>> {
    let backend = txn.get_database_backend();
    let range = format!(
        "commit_seq > {} AND commit_seq <= {}",
        state.writes, mark.writes
    );
    let sql = format!(
        "SELECT CAST(COUNT(DISTINCT commit_seq) AS BIGINT) AS commits, \
         CAST(COUNT(*) - COUNT(project_id) AS BIGINT) AS unowned, \
         CAST(COUNT(DISTINCT project_id) AS BIGINT) AS projects \
         FROM change_log WHERE {range}"
    );
    let Some(row) = txn
        .query_one_raw(Statement::from_string(backend, sql))
        .await?
    else {
        return Ok(None);
    };
    let commits: i64 = row.try_get("", "commits")?;
    let unowned: i64 = row.try_get("", "unowned")?;
    let projects: i64 = row.try_get("", "projects")?;
    let token_writes = mark.tokens - state.tokens;
    if unowned > 0
        || commits + token_writes != mark.writes - state.writes
        || usize::try_from(projects).map_or(true, |n| n > WHOLE_BEYOND)
    {
        return Ok(None);
    }
    let rows = txn
        .query_all_raw(Statement::from_string(
            backend,
            format!("SELECT DISTINCT project_id FROM change_log WHERE {range} ORDER BY project_id"),
        ))
        .await?;
    let mut ids = Vec::with_capacity(rows.len());
    for row in rows {
        ids.push(row.try_get::<i32>("", "project_id")?);
    }
    Ok(Some(ids))
}

/// Inserts the facts of `period` (of the projects in `only`, when given); `false` when there is
/// no list.
async fn insert(
    txn: &impl ConnectionTrait,
    period: Period,
    only: Option<&[i32]>,
    book: &RuleBook,
    at: DateTime<Utc>,
) -> ServiceResult<bool> {
    let Some(source) = month_facts(txn, &ProjectFilter::default(), only, period, book, at).await?
    else {
        return Ok(false);
    };
    let mut select = Query::select();
    select
        .expr(Expr::val(period.year()))
        .expr(Expr::val(i32::try_from(period.month()).unwrap_or(1)))
        .from_subquery(source, Alias::new("s"));
    for column in FACTS {
        select.expr(Expr::cust(format!("s.{column}")));
    }
    let mut columns = vec![Alias::new("year"), Alias::new("month")];
    columns.extend(FACTS.iter().map(|c| Alias::new(*c)));
    let insert = Query::insert()
        .into_table(Alias::new(TABLE))
        .columns(columns)
        .select_from(select)
        .map_err(|e| crate::ServiceError::internal(format!("month facts insert: {e}")))?
        .to_owned();
    txn.execute(&insert).await?;
    Ok(true)
}

/// Forgets every period's rows, so the next request rewrites them: after data was written
/// around the service (`migrate --rebuild-aggregates`).
pub async fn forget(db: &impl ConnectionTrait) -> ServiceResult<()> {
    let backend = db.get_database_backend();
    for table in [STATE, TABLE] {
        db.execute_raw(Statement::from_string(
            backend,
            format!("DELETE FROM {table}"),
        ))
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(writes: i64, tokens: i64) -> State {
        State {
            writes,
            tokens,
            context: "c".into(),
        }
    }

    #[test]
    fn only_writes_to_tokens_leave_a_period_up_to_date() {
        let s = state(10, 3);
        assert!(s.holds(
            Mark {
                writes: 10,
                tokens: 3
            },
            "c"
        ));
        // Two token writes since: each raised both counters.
        assert!(s.holds(
            Mark {
                writes: 12,
                tokens: 5
            },
            "c"
        ));
        // One data write among them.
        assert!(!s.holds(
            Mark {
                writes: 13,
                tokens: 5
            },
            "c"
        ));
        assert!(!s.holds(
            Mark {
                writes: 11,
                tokens: 3
            },
            "c"
        ));
        // Judged on another day, or by other rules.
        assert!(!s.holds(
            Mark {
                writes: 10,
                tokens: 3
            },
            "d"
        ));
        // A database restored to before the rows were made.
        assert!(!s.holds(
            Mark {
                writes: 9,
                tokens: 3
            },
            "c"
        ));
    }
}
