//! Projects: the service's view of one, its stable key, its derived figures, and reading projects
//! by key and by id. Writes are in [`write`], the lifecycle in [`crate::lifecycle`], searching and
//! paging in [`crate::project_search`].

pub mod listing;
pub mod write;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{ProjectStatus, project};
use rust_decimal::{Decimal, RoundingStrategy};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::access::{Principal, require_read};
use crate::money::opt_decimal;
use crate::{ServiceError, ServiceResult, batch};

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
    /// Position of the list in the plan.
    pub list_ordinal: i32,
    /// Position of the category in its list.
    pub category_ordinal: i32,
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
    /// The listing of an earlier plan this one carries on, when it continues one.
    pub carried_from_id: Option<i32>,
    /// The physical project's id: the first listing of the chain, under which its status
    /// history, reports, returns, annual plans, problems and assignments are kept (its own id
    /// when it is listed once).
    pub physical_id: i32,
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
        let physical_id = m.physical();
        Self {
            id: m.id,
            key: m.key,
            category_id: m.category_id,
            list_id: m.list_id,
            list_ordinal: m.list_ordinal,
            category_ordinal: m.category_ordinal,
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
            carried_from_id: m.carried_from_id,
            physical_id,
            version: m.version,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

/// The stable human key of a project: `<LIST>-<CATEGORY>-<seq, two digits>`. It never changes
/// once published.
pub fn project_key(list: &str, category: &str, seq: i32) -> String {
    format!("{list}-{category}-{seq:02}")
}

/// The key of project `id`; `None` when there is no such project.
pub async fn key_of(db: &impl ConnectionTrait, id: i32) -> ServiceResult<Option<String>> {
    use sea_orm::{EntityTrait, QuerySelect};
    Ok(entity::project::Entity::find_by_id(id)
        .select_only()
        .column(entity::project::Column::Key)
        .into_tuple::<String>()
        .one(db)
        .await?)
}

/// The project with this key.
pub async fn get_project_by_key(
    db: &impl ConnectionTrait,
    principal: &Principal,
    key: &str,
) -> ServiceResult<Project> {
    require_read(principal)?;
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
    batch::by_ids::<project::Entity, _>(db, project::Column::Id, ids, |m| m.id).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap_or_default()
    }

    #[test]
    fn keys_are_two_digit_sequence_numbers() {
        assert_eq!(project_key("DONGTOU", "GREEN", 8), "DONGTOU-GREEN-08");
        assert_eq!(
            project_key("DONGTOU", "INDUSTRIAL", 17),
            "DONGTOU-INDUSTRIAL-17"
        );
    }

    #[test]
    fn share_is_rounded_and_unknown_for_zero_total() {
        assert_eq!(share(d("6200"), d("11700")), Some(d("0.5299145299")));
        assert_eq!(share(d("1"), d("1")), Some(d("1")));
        assert_eq!(share(d("0"), d("5")), Some(d("0")));
        assert_eq!(share(d("5"), d("0")), None);
    }
}
