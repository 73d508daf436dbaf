//! An investment target set beside what the project lists hold for the same window.
//!
//! The two are different measures: the indicator is a statistic (investment as the statistics
//! office counts it), the lists are planned projects' 14th-FYP investment. The comparison only
//! shows whether the lists could carry the target; it is never a progress figure.

use entity::{plan, project_list};
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::Indicator;
use crate::ServiceResult;
use crate::catalog::list_categories;
use crate::finance::{Totals, totals_by_category};

/// 万元 per 亿元.
const WAN_PER_YI: i64 = 10_000;

/// What the plan's project lists hold for an indicator's window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListCheck {
    /// First year of the window (baseline year + 1).
    pub window_start: i32,
    /// Last year of the window (the target year).
    pub window_end: i32,
    /// Projects in the plan's lists (not archived).
    pub project_count: i64,
    /// Their known 14th-FYP investment, in 亿元 (万元 / 10,000, exact).
    pub fyp_investment_yi: Decimal,
    /// How many of them have an unknown (待定) 14th-FYP investment.
    pub fyp_unknown_count: i64,
}

/// The cross-check of an investment-total indicator, when its window is the plan's (the lists'
/// 14th-FYP investment is an amount for the plan's window only); `None` otherwise.
pub async fn project_list_check(
    db: &impl ConnectionTrait,
    indicator: &Indicator,
) -> ServiceResult<Option<ListCheck>> {
    if !indicator.checks_project_lists {
        return Ok(None);
    }
    let Some(plan) = plan::Entity::find_by_id(indicator.plan_id).one(db).await? else {
        return Ok(None);
    };
    if plan.window_start != indicator.baseline_year + 1 || plan.window_end != indicator.target_year
    {
        return Ok(None);
    }
    let lists: Vec<i32> = project_list::Entity::find()
        .filter(project_list::Column::PlanId.eq(plan.id))
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.id)
        .collect();
    let totals = totals_by_category(db).await?;
    let mut sum = Totals::default();
    for category in list_categories(db).await? {
        if lists.contains(&category.list_id)
            && let Some(t) = totals.get(&category.id)
        {
            sum.project_count += t.project_count;
            sum.fyp_investment.known += t.fyp_investment.known;
            sum.fyp_investment.unknown_count += t.fyp_investment.unknown_count;
        }
    }
    Ok(Some(ListCheck {
        window_start: plan.window_start,
        window_end: plan.window_end,
        project_count: sum.project_count,
        fyp_investment_yi: (sum.fyp_investment.known / Decimal::from(WAN_PER_YI)).normalize(),
        fyp_unknown_count: sum.fyp_investment.unknown_count,
    }))
}
