//! Plans (a five-year plan with its window of years), as the API reads them.

use chrono::NaiveDate;
use entity::plan;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::ServiceResult;
use crate::access::{Principal, require_read};

/// A plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// Surrogate id.
    pub id: i32,
    /// Stable code, e.g. `DONGTOU-14FYP`.
    pub code: String,
    /// Title as published.
    pub title: String,
    /// English title.
    pub title_en: String,
    /// Issuing body.
    pub issuer: Option<String>,
    /// Date of issue.
    pub issued_on: Option<NaiveDate>,
    /// First year of the window.
    pub window_start: i32,
    /// Last year of the window.
    pub window_end: i32,
    /// Where in the document.
    pub source: Option<String>,
}

impl From<plan::Model> for Plan {
    fn from(m: plan::Model) -> Self {
        Self {
            id: m.id,
            code: m.code,
            title: m.title,
            title_en: m.title_en,
            issuer: m.issuer,
            issued_on: m.issued_on,
            window_start: m.window_start,
            window_end: m.window_end,
            source: m.source,
        }
    }
}

/// Every plan, oldest window first.
pub async fn list_plans(
    db: &impl ConnectionTrait,
    principal: &Principal,
) -> ServiceResult<Vec<Plan>> {
    require_read(principal)?;
    let rows = plan::Entity::find()
        .order_by_asc(plan::Column::WindowStart)
        .order_by_asc(plan::Column::Id)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(Plan::from).collect())
}

/// The plan with this code, if any.
pub async fn get_plan_by_code(
    db: &impl ConnectionTrait,
    principal: &Principal,
    code: &str,
) -> ServiceResult<Option<Plan>> {
    require_read(principal)?;
    Ok(plan::Entity::find()
        .filter(plan::Column::Code.eq(code))
        .one(db)
        .await?
        .map(Plan::from))
}

/// The plan with this id, if any.
pub async fn get_plan(
    db: &impl ConnectionTrait,
    principal: &Principal,
    id: i32,
) -> ServiceResult<Option<Plan>> {
    require_read(principal)?;
    Ok(plan::Entity::find_by_id(id).one(db).await?.map(Plan::from))
}
