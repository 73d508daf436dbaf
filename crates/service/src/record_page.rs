//! Per-project pages of append-only records (progress reports, change history) for many projects
//! in one statement: `ROW_NUMBER() OVER (PARTITION BY project_id …)`, on SQLite and PostgreSQL.
//!
//! (Not to be confused with the plan window, the years a plan covers: see
//! [`crate::finance::plan_window`].)

use std::collections::HashMap;

use sea_orm::{ConnectionTrait, FromQueryResult, Statement};

use crate::ServiceResult;

/// A slice of one project's records, newest first (Relay arguments resolved to record ids).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct RecordSlice {
    /// Page size.
    pub limit: u64,
    /// Only records older than this id.
    pub after: Option<i32>,
    /// Only records newer than this id.
    pub before: Option<i32>,
    /// Take the page from the oldest end (Relay's `last`).
    pub from_end: bool,
}

/// One project's page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordPage<T> {
    /// Records, newest first.
    pub items: Vec<T>,
    /// More records lie beyond the page in the paging direction.
    pub more: bool,
}

impl<T> Default for RecordPage<T> {
    fn default() -> Self {
        Self {
            items: Vec::new(),
            more: false,
        }
    }
}

/// Pages of `table` for each of `project_ids`. Ids and bounds are integers and are written into
/// the statement; nothing from a client reaches it as text.
pub async fn pages<M: FromQueryResult, T: From<M>>(
    db: &impl ConnectionTrait,
    table: &'static str,
    project_ids: &[i32],
    slice: RecordSlice,
    project_of: fn(&M) -> i32,
) -> ServiceResult<HashMap<i32, RecordPage<T>>> {
    if project_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let ids = project_ids
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let mut bounds = String::new();
    if let Some(after) = slice.after {
        bounds.push_str(&format!(" AND id < {after}"));
    }
    if let Some(before) = slice.before {
        bounds.push_str(&format!(" AND id > {before}"));
    }
    let direction = if slice.from_end { "ASC" } else { "DESC" };
    let sql = format!(
        "SELECT * FROM (SELECT t.*, ROW_NUMBER() OVER (PARTITION BY project_id ORDER BY id {direction}) AS rn \
         FROM {table} t WHERE project_id IN ({ids}){bounds}) w WHERE rn <= {} ORDER BY project_id, rn",
        slice.limit + 1
    );
    let rows = M::find_by_statement(Statement::from_string(db.get_database_backend(), sql))
        .all(db)
        .await?;
    let mut out: HashMap<i32, RecordPage<T>> = HashMap::new();
    for row in rows {
        let page = out.entry(project_of(&row)).or_default();
        if page.items.len() as u64 == slice.limit {
            page.more = true;
        } else {
            page.items.push(T::from(row));
        }
    }
    if slice.from_end {
        for page in out.values_mut() {
            page.items.reverse();
        }
    }
    Ok(out)
}
