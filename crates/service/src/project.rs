//! Projects and their phases: reading, paging and the derived figures of one project.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{ProjectStatus, category, phase, project, project_list};
use rust_decimal::{Decimal, RoundingStrategy};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, JoinType, Order, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, RelationTrait, Select,
};

use crate::money::opt_decimal;
use crate::{ServiceError, ServiceResult};

/// The most projects one page may hold.
pub const MAX_PAGE_SIZE: u64 = 100;
/// Page size when the client names none.
pub const DEFAULT_PAGE_SIZE: u64 = 20;
/// Decimal places a share is given to.
pub const SHARE_DECIMALS: u32 = 10;

/// A project as the service layer hands it out: amounts as exact decimals of 万元.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Project {
    /// Surrogate id.
    pub id: i32,
    /// Stable key `<LIST>-<CATEGORY>-<seq>`.
    pub key: String,
    /// Owning category.
    pub category_id: i32,
    /// Owning list.
    pub list_id: i32,
    /// Sequence number within the category.
    pub seq: i32,
    /// Name as printed.
    pub name: String,
    /// Scope text as printed.
    pub scope: String,
    /// Start year, when known.
    pub start_year: Option<i32>,
    /// End year, when known.
    pub end_year: Option<i32>,
    /// Total investment (万元); `None` is unknown.
    pub total_investment: Option<Decimal>,
    /// 14th-FYP investment (万元); `None` is unknown.
    pub fyp_investment: Option<Decimal>,
    /// Lifecycle status.
    pub status: ProjectStatus,
    /// Location, when named.
    pub location: Option<String>,
    /// Land area in 亩, when stated.
    pub land_area_mu: Option<Decimal>,
    /// Responsible unit, when known.
    pub responsible_unit: Option<String>,
    /// Where the figures come from.
    pub source: Option<String>,
    /// When archived, if ever.
    pub archived_at: Option<DateTime<Utc>>,
    /// Version for optimistic concurrency.
    pub version: i32,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

impl Project {
    /// The part of the total planned inside the plan window, `fyp / total`, rounded half away from
    /// zero to [`SHARE_DECIMALS`] places; unknown when either amount is unknown or the total is 0.
    pub fn fyp_share(&self) -> Option<Decimal> {
        share(self.fyp_investment?, self.total_investment?)
    }
}

/// `part / whole` rounded to [`SHARE_DECIMALS`] places, or `None` when `whole` is zero.
pub fn share(part: Decimal, whole: Decimal) -> Option<Decimal> {
    if whole.is_zero() {
        return None;
    }
    let ratio = part.checked_div(whole)?;
    Some(
        ratio
            .round_dp_with_strategy(SHARE_DECIMALS, RoundingStrategy::MidpointAwayFromZero)
            .normalize(),
    )
}

impl From<project::Model> for Project {
    fn from(m: project::Model) -> Self {
        Self {
            id: m.id,
            key: m.key,
            category_id: m.category_id,
            list_id: m.list_id,
            seq: m.seq,
            name: m.name,
            scope: m.scope,
            start_year: m.start_year,
            end_year: m.end_year,
            total_investment: opt_decimal(m.total_investment_fen),
            fyp_investment: opt_decimal(m.fyp_investment_fen),
            status: m.status,
            location: m.location,
            land_area_mu: opt_decimal(m.land_area_micro_mu),
            responsible_unit: m.responsible_unit,
            source: m.source,
            archived_at: m.archived_at,
            version: m.version,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

/// A phase of a project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phase {
    /// Surrogate id.
    pub id: i32,
    /// Owning project.
    pub project_id: i32,
    /// Phase number (一期 = 1).
    pub ordinal: i32,
    /// Name as printed.
    pub name: String,
    /// Scope as printed.
    pub scope: String,
    /// Start year, when known.
    pub start_year: Option<i32>,
    /// End year, when known.
    pub end_year: Option<i32>,
    /// Total investment (万元), when known.
    pub total_investment: Option<Decimal>,
    /// 14th-FYP investment (万元), when known.
    pub fyp_investment: Option<Decimal>,
    /// Where the text comes from.
    pub source: Option<String>,
    /// Version for optimistic concurrency.
    pub version: i32,
}

impl From<phase::Model> for Phase {
    fn from(m: phase::Model) -> Self {
        Self {
            id: m.id,
            project_id: m.project_id,
            ordinal: m.ordinal,
            name: m.name,
            scope: m.scope,
            start_year: m.start_year,
            end_year: m.end_year,
            total_investment: opt_decimal(m.total_investment_fen),
            fyp_investment: opt_decimal(m.fyp_investment_fen),
            source: m.source,
            version: m.version,
        }
    }
}

/// Which slice of the document-ordered project set to return (Relay's `first/after/last/before`,
/// with cursors resolved to project ids by the caller).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PageRequest {
    /// At most this many from the start of the window.
    pub first: Option<u64>,
    /// Only projects after this one.
    pub after: Option<i32>,
    /// At most this many from the end of the window.
    pub last: Option<u64>,
    /// Only projects before this one.
    pub before: Option<i32>,
}

/// A page of projects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectPage {
    /// The projects, in document order.
    pub items: Vec<Project>,
    /// More projects follow the page (within `before`, if given).
    pub has_next_page: bool,
    /// More projects precede the page (within `after`, if given).
    pub has_previous_page: bool,
}

/// Projects in the document's order: list, category heading, sequence number (id breaks ties).
fn ordered_projects(direction: Order) -> Select<project::Entity> {
    project::Entity::find()
        .join(JoinType::InnerJoin, project::Relation::Category.def())
        .join(JoinType::InnerJoin, project::Relation::ProjectList.def())
        .filter(project::Column::ArchivedAt.is_null())
        .order_by(project_list::Column::Ordinal, direction.clone())
        .order_by(category::Column::Ordinal, direction.clone())
        .order_by(project::Column::Seq, direction.clone())
        .order_by(project::Column::Id, direction)
}

fn sort_tuple() -> Expr {
    Expr::tuple([
        Expr::col((project_list::Entity, project_list::Column::Ordinal)),
        Expr::col((category::Entity, category::Column::Ordinal)),
        Expr::col((project::Entity, project::Column::Seq)),
        Expr::col((project::Entity, project::Column::Id)),
    ])
}

/// The sort position of the project a cursor points at.
async fn anchor(db: &impl ConnectionTrait, id: i32) -> ServiceResult<Expr> {
    let row: Option<(i32, i32, i32)> = project::Entity::find_by_id(id)
        .select_only()
        .column(project_list::Column::Ordinal)
        .column(category::Column::Ordinal)
        .column(project::Column::Seq)
        .join(JoinType::InnerJoin, project::Relation::Category.def())
        .join(JoinType::InnerJoin, project::Relation::ProjectList.def())
        .into_tuple()
        .one(db)
        .await?;
    let (list_ordinal, category_ordinal, seq) = row.ok_or_else(|| {
        ServiceError::validation("cursor", "the cursor does not point at a known project")
    })?;
    Ok(Expr::tuple([
        Expr::val(list_ordinal),
        Expr::val(category_ordinal),
        Expr::val(seq),
        Expr::val(id),
    ]))
}

fn check_page_size(field: &str, size: Option<u64>) -> ServiceResult<()> {
    match size {
        Some(n) if n > MAX_PAGE_SIZE => Err(ServiceError::validation(
            field,
            format!("at most {MAX_PAGE_SIZE} projects fit on one page; asked for {n}"),
        )),
        _ => Ok(()),
    }
}

/// One page of projects, keyset-paged so that a late page costs what the first does and a cursor
/// stays valid when projects are added before it.
pub async fn list_projects(
    db: &impl ConnectionTrait,
    page: PageRequest,
) -> ServiceResult<ProjectPage> {
    check_page_size("first", page.first)?;
    check_page_size("last", page.last)?;
    if page.first.is_some() && page.last.is_some() {
        return Err(ServiceError::validation(
            "last",
            "give either `first` or `last`, not both",
        ));
    }
    let after = match page.after {
        Some(id) => Some(anchor(db, id).await?),
        None => None,
    };
    let before = match page.before {
        Some(id) => Some(anchor(db, id).await?),
        None => None,
    };
    let from_end = page.last.is_some();
    let limit = page.last.or(page.first).unwrap_or(DEFAULT_PAGE_SIZE);

    let mut query = ordered_projects(if from_end { Order::Desc } else { Order::Asc });
    if let Some(after) = &after {
        query = query.filter(sort_tuple().gt(after.clone()));
    }
    if let Some(before) = &before {
        query = query.filter(sort_tuple().lt(before.clone()));
    }
    let mut rows = query.limit(limit + 1).all(db).await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    if from_end {
        rows.reverse();
    }
    // Relay: the flag in the paging direction is exact; the other says whether the cursor the
    // client came from had projects on its far side, which holds exactly when a cursor was given.
    let (has_next_page, has_previous_page) = if from_end {
        (before.is_some(), more)
    } else {
        (more, after.is_some())
    };
    Ok(ProjectPage {
        items: rows.into_iter().map(Project::from).collect(),
        has_next_page,
        has_previous_page,
    })
}

/// How many projects (not archived) there are.
pub async fn count_projects(db: &impl ConnectionTrait) -> ServiceResult<u64> {
    Ok(project::Entity::find()
        .filter(project::Column::ArchivedAt.is_null())
        .count(db)
        .await?)
}

/// The project with this key.
pub async fn get_project_by_key(db: &impl ConnectionTrait, key: &str) -> ServiceResult<Project> {
    project::Entity::find()
        .filter(project::Column::Key.eq(key))
        .one(db)
        .await?
        .map(Project::from)
        .ok_or_else(|| ServiceError::not_found(format!("project {key}")))
}

/// Projects by id, in one query.
pub async fn projects_by_ids(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> ServiceResult<HashMap<i32, Project>> {
    let rows = project::Entity::find()
        .filter(project::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|m| (m.id, m.into())).collect())
}

/// The phases of each project, in phase order, in one query.
pub async fn phases_by_project_ids(
    db: &impl ConnectionTrait,
    project_ids: &[i32],
) -> ServiceResult<HashMap<i32, Vec<Phase>>> {
    let rows = phase::Entity::find()
        .filter(phase::Column::ProjectId.is_in(project_ids.iter().copied()))
        .order_by_asc(phase::Column::ProjectId)
        .order_by_asc(phase::Column::Ordinal)
        .all(db)
        .await?;
    let mut by_project: HashMap<i32, Vec<Phase>> = HashMap::new();
    for row in rows {
        by_project
            .entry(row.project_id)
            .or_default()
            .push(row.into());
    }
    Ok(by_project)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap_or_default()
    }

    #[test]
    fn share_is_rounded_and_unknown_for_zero_total() {
        assert_eq!(share(d("6200"), d("11700")), Some(d("0.5299145299")));
        assert_eq!(share(d("1"), d("1")), Some(d("1")));
        assert_eq!(share(d("0"), d("5")), Some(d("0")));
        assert_eq!(share(d("5"), d("0")), None);
    }
}
