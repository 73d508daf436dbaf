//! Project lists and their categories: the fixed frame of a plan.

use std::collections::HashMap;

use entity::{category, project_list};
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder};

use crate::access::{Principal, require_read};
use crate::money::opt_decimal;
use crate::{ServiceResult, batch};

/// A project list (an appendix of the plan).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectList {
    /// Surrogate id.
    pub id: i32,
    /// The plan that publishes the list.
    pub plan_id: i32,
    /// Stable code, e.g. `DONGTOU`.
    pub code: String,
    /// Position among the plan's lists.
    pub ordinal: i32,
    /// Appendix label as printed.
    pub appendix: Option<String>,
    /// Title as printed.
    pub title: String,
    /// English title.
    pub title_en: String,
    /// Unit of the printed amounts.
    pub unit: String,
    /// Declared grand total investment (万元).
    pub declared_total_investment: Option<Decimal>,
    /// Declared grand total 14th-FYP investment (万元).
    pub declared_fyp_investment: Option<Decimal>,
    /// Remark printed with the list.
    pub note: Option<String>,
    /// Where the figures come from.
    pub source: Option<String>,
    /// Version for optimistic concurrency.
    pub version: i32,
}

impl From<project_list::Model> for ProjectList {
    fn from(m: project_list::Model) -> Self {
        Self {
            id: m.id,
            plan_id: m.plan_id,
            code: m.code,
            ordinal: m.ordinal,
            appendix: m.appendix,
            title: m.title,
            title_en: m.title_en,
            unit: m.unit,
            declared_total_investment: opt_decimal(m.declared_total_investment_fen),
            declared_fyp_investment: opt_decimal(m.declared_fyp_investment_fen),
            note: m.note,
            source: m.source,
            version: m.version,
        }
    }
}

/// A category of a list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Category {
    /// Surrogate id.
    pub id: i32,
    /// The owning list.
    pub list_id: i32,
    /// Stable code within the list, e.g. `GREEN`.
    pub code: String,
    /// Position within the list.
    pub ordinal: i32,
    /// Heading as printed.
    pub heading: String,
    /// Chinese name.
    pub name: String,
    /// English name.
    pub name_en: String,
    /// Declared project count.
    pub declared_project_count: Option<i32>,
    /// Declared subtotal of total investment (万元).
    pub declared_total_investment: Option<Decimal>,
    /// Declared subtotal of 14th-FYP investment (万元).
    pub declared_fyp_investment: Option<Decimal>,
    /// Whether the heading says 已确定.
    pub confirmed: bool,
    /// Where the figures come from.
    pub source: Option<String>,
    /// Version for optimistic concurrency.
    pub version: i32,
}

impl From<category::Model> for Category {
    fn from(m: category::Model) -> Self {
        Self {
            id: m.id,
            list_id: m.list_id,
            code: m.code,
            ordinal: m.ordinal,
            heading: m.heading,
            name: m.name,
            name_en: m.name_en,
            declared_project_count: m.declared_project_count,
            declared_total_investment: opt_decimal(m.declared_total_investment_fen),
            declared_fyp_investment: opt_decimal(m.declared_fyp_investment_fen),
            confirmed: m.confirmed,
            source: m.source,
            version: m.version,
        }
    }
}

/// Every project list, in the plan's order.
pub async fn list_project_lists(
    db: &impl ConnectionTrait,
    principal: &Principal,
) -> ServiceResult<Vec<ProjectList>> {
    require_read(principal)?;
    all_lists(db).await
}

/// Every project list, in the plan's order, for callers that checked access already.
pub(crate) async fn all_lists(db: &impl ConnectionTrait) -> ServiceResult<Vec<ProjectList>> {
    let rows = project_list::Entity::find()
        .order_by_asc(project_list::Column::Ordinal)
        .order_by_asc(project_list::Column::Id)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(ProjectList::from).collect())
}

/// Every category, by list then heading order.
pub async fn list_categories(db: &impl ConnectionTrait) -> ServiceResult<Vec<Category>> {
    let rows = category::Entity::find()
        .order_by_asc(category::Column::ListId)
        .order_by_asc(category::Column::Ordinal)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(Category::from).collect())
}

/// Lists by id, in one query.
pub async fn lists_by_ids(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> ServiceResult<HashMap<i32, ProjectList>> {
    batch::by_ids::<project_list::Entity, _>(db, project_list::Column::Id, ids, |m| m.id).await
}

/// Categories by id, in one query.
pub async fn categories_by_ids(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> ServiceResult<HashMap<i32, Category>> {
    batch::by_ids::<category::Entity, _>(db, category::Column::Id, ids, |m| m.id).await
}

/// The categories of each list, in heading order, in one query.
pub async fn categories_by_list_ids(
    db: &impl ConnectionTrait,
    list_ids: &[i32],
) -> ServiceResult<HashMap<i32, Vec<Category>>> {
    let (list, ordinal) = (category::Column::ListId, category::Column::Ordinal);
    batch::grouped_by::<category::Entity, _>(db, list, list_ids, ordinal, |m| m.list_id).await
}

/// Where a project of a category sits: the ids and ordinals a project row repeats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placement {
    /// The category's id.
    pub category_id: i32,
    /// The category's position in its list.
    pub category_ordinal: i32,
    /// The list's id.
    pub list_id: i32,
    /// The list's position in the plan.
    pub list_ordinal: i32,
}

/// Every category's placement, by (list code, category code), in one query.
pub async fn placements(
    db: &impl ConnectionTrait,
) -> ServiceResult<HashMap<(String, String), Placement>> {
    let rows = category::Entity::find()
        .find_also_related(project_list::Entity)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(c, list)| {
            let list = list?;
            Some((
                (list.code, c.code),
                Placement {
                    category_id: c.id,
                    category_ordinal: c.ordinal,
                    list_id: list.id,
                    list_ordinal: list.ordinal,
                },
            ))
        })
        .collect())
}

/// Every list and category by id: what rows naming them need to show their codes and names.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    /// Lists by id.
    pub lists: HashMap<i32, ProjectList>,
    /// Categories by id.
    pub categories: HashMap<i32, Category>,
}

impl Catalog {
    /// Loads the whole catalog (two small queries), for a caller who may read.
    pub async fn load(db: &impl ConnectionTrait, principal: &Principal) -> ServiceResult<Self> {
        require_read(principal)?;
        Self::load_unchecked(db).await
    }

    /// Loads the whole catalog for a caller that checked access already.
    pub(crate) async fn load_unchecked(db: &impl ConnectionTrait) -> ServiceResult<Self> {
        Ok(Self {
            lists: all_lists(db)
                .await?
                .into_iter()
                .map(|l| (l.id, l))
                .collect(),
            categories: list_categories(db)
                .await?
                .into_iter()
                .map(|c| (c.id, c))
                .collect(),
        })
    }
}
