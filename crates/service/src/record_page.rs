//! Per-project pages of append-only records (progress reports, change history) for many projects
//! in one statement: one `ORDER BY id … LIMIT` per project, joined with `UNION ALL`, on SQLite and
//! PostgreSQL. Each part is a range scan of the (project, id) index that stops at the page's end,
//! so a project's page costs the same whether it has six records or fourteen thousand (a window
//! function over the projects' records numbered every one of them first).
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
    let mut bounds = String::new();
    if let Some(after) = slice.after {
        bounds.push_str(&format!(" AND id < {after}"));
    }
    if let Some(before) = slice.before {
        bounds.push_str(&format!(" AND id > {before}"));
    }
    let direction = if slice.from_end { "ASC" } else { "DESC" };
    let mut distinct = project_ids.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    let parts: Vec<String> = distinct
        .iter()
        .map(|project| {
            format!(
                "SELECT * FROM (SELECT * FROM {table} WHERE project_id = {project}{bounds} \
                 ORDER BY id {direction} LIMIT {}) p{project}",
                slice.limit + 1
            )
        })
        .collect();
    let sql = format!(
        "{} ORDER BY project_id, id {direction}",
        parts.join(" UNION ALL ")
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
