//! One physical project listed in several plans.
//!
//! Each listing is a project row of its plan's list: its own key, category, sequence number,
//! declared figures, in-window investment and source. A listing that continues a project of an
//! earlier plan names that listing (`carried_from_id`) and the chain's first row
//! (`physical_id`). The first row is the physical project: its status (which every listing of
//! the chain follows, see [`crate::write`]), progress reports, monthly returns, annual plans,
//! problems, assignments and change log are the project's, whichever listing they are reached
//! through. A chain is linked only when an imported row names the earlier key (原项目编号), never
//! on a guess.

use std::collections::HashMap;

use entity::project;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::Project;
use crate::ServiceResult;

/// Every listing of the physical projects `physical_ids`, first plan first (a continuation is
/// always written after the listing it continues, so id order is chain order), in one query.
pub async fn listings_by_physical_ids(
    db: &impl ConnectionTrait,
    physical_ids: &[i32],
) -> ServiceResult<HashMap<i32, Vec<Project>>> {
    let mut out: HashMap<i32, Vec<Project>> = HashMap::new();
    if physical_ids.is_empty() {
        return Ok(out);
    }
    let rows = project::Entity::find()
        .filter(of_physical(physical_ids))
        .order_by_asc(project::Column::Id)
        .all(db)
        .await?;
    for row in rows {
        out.entry(row.physical()).or_default().push(row.into());
    }
    Ok(out)
}

/// Every listing of the physical projects `ids`: the first rows themselves and the rows that
/// name them as their physical project.
fn of_physical(ids: &[i32]) -> Condition {
    Condition::any()
        .add(project::Column::Id.is_in(ids.iter().copied()))
        .add(project::Column::PhysicalId.is_in(ids.iter().copied()))
}

/// The rows of projects listed in several plans (every listing of a chain): few, so the callers
/// that must treat them apart read them whole.
pub fn in_chains() -> Condition {
    Condition::any()
        .add(project::Column::PhysicalId.is_not_null())
        .add(
            project::Column::Id.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(project::Column::PhysicalId)
                    .from(project::Entity)
                    .and_where(project::Column::PhysicalId.is_not_null())
                    .to_owned(),
            ),
        )
}

/// Claims the physical project `root` for a write through one of its later listings: its version
/// rises (under its row lock, taken before anything else is read or written), so a write going on
/// at the same moment through another listing of the project meets a version it did not read and
/// is told CONFLICT, and a check on the project's records (a report's cumulative figure against
/// the last one) sees every write before it. Not logged: nothing of the row changes.
pub(crate) async fn claim_physical(txn: &impl ConnectionTrait, root: i32) -> ServiceResult<()> {
    project::Entity::update_many()
        .col_expr(
            project::Column::Version,
            sea_orm::sea_query::ExprTrait::add(
                sea_orm::sea_query::Expr::col(project::Column::Version),
                1,
            ),
        )
        .filter(project::Column::Id.eq(root))
        .exec(txn)
        .await?;
    Ok(())
}

/// The other listings of `row`'s physical project (not `row` itself), oldest first.
pub(crate) async fn others(
    db: &impl ConnectionTrait,
    row: &project::Model,
) -> ServiceResult<Vec<project::Model>> {
    let physical = row.physical();
    Ok(project::Entity::find()
        .filter(of_physical(&[physical]))
        .filter(project::Column::Id.ne(row.id))
        .order_by_asc(project::Column::Id)
        .all(db)
        .await?)
}

/// The physical projects of listings `ids` (each id itself when listed once), in one query;
/// the change log, reports and returns of a listing are kept under these.
pub async fn physical_ids(db: &impl ConnectionTrait, ids: &[i32]) -> ServiceResult<Vec<i32>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = project::Entity::find()
        .filter(project::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    let mut out: Vec<i32> = ids
        .iter()
        .map(|id| {
            rows.iter()
                .find(|r| r.id == *id)
                .map_or(*id, project::Model::physical)
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    Ok(out)
}
