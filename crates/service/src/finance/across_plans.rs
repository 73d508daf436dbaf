//! Sums across plans: a physical project listed in several plans is one project, so a total over
//! a set that holds two of its listings counts its total investment once.
//!
//! Per-listing figures (groups by list, category, plan) stay what each listing declares: a plan's
//! total adds its own listings' in-window investment and declared totals. Over the whole set,
//! each physical project's total investment is counted once, at its latest listing in the set
//! (the newest estimate); the earlier listings in the set are "repeated" and left out of that
//! figure, known or unknown. Chains are few, so their rows are read whole: one statement.

use std::collections::HashMap;

use entity::project;
use sea_orm::{ConnectionTrait, EntityTrait, QueryFilter};

use crate::ServiceResult;
use crate::money::{PartialSum, opt_decimal};
use crate::project_search::{ProjectFilter, filter_condition};

/// The chosen set's figures with each physical project counted once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CountedOnce {
    /// Physical projects in the set (listings less repeated ones).
    pub project_count: i64,
    /// Listings left out because a later listing of the same project is in the set.
    pub repeated_listings: i64,
    /// Total investment, each physical project's once (at its latest listing in the set).
    pub total_investment: PartialSum,
}

/// [`CountedOnce`] of the projects `filter` chooses, given the set's per-listing figures.
pub async fn counted_once(
    db: &impl ConnectionTrait,
    filter: &ProjectFilter,
    listings: i64,
    total: PartialSum,
) -> ServiceResult<CountedOnce> {
    let cond = filter_condition(db, filter).await?;
    let chained = project::Entity::find()
        .filter(cond)
        .filter(crate::project::listing::in_chains())
        .all(db)
        .await?;
    let mut latest: HashMap<i32, i32> = HashMap::new();
    for row in &chained {
        let id = latest.entry(row.physical()).or_insert(row.id);
        *id = (*id).max(row.id);
    }
    let mut out = CountedOnce {
        project_count: listings,
        repeated_listings: 0,
        total_investment: total,
    };
    for row in &chained {
        if latest.get(&row.physical()) == Some(&row.id) {
            continue;
        }
        out.repeated_listings += 1;
        out.project_count -= 1;
        match opt_decimal(row.total_investment_fen) {
            Some(amount) => out.total_investment.known -= amount,
            None => out.total_investment.unknown_count -= 1,
        }
    }
    Ok(out)
}
