//! The close-out of a plan: per list and category, the in-window investment the plan lists
//! against what the progress reports say was completed inside the window, where the listed
//! projects stood at the window's end, and which were carried into a later plan.
//!
//! Completed inside the window, per listing: the cumulative completed investment of the latest
//! report dated by the window's last day, less that of the latest report dated before its first
//! day. The reports are the physical project's (one history, whichever plan lists it). Before
//! the project's start year nothing can have been completed, so a project starting inside the
//! window has a start figure of 0 without a report; otherwise a missing side makes the listing's
//! figure unknown: counted as such, never 0.
//!
//! The status at the window's end: that of the latest report dated by then; without one, the
//! row as the change log rebuilds it at that moment when it was recorded by then; a project
//! recorded later without such a report is "not started" only while it is still `PLANNED`, and
//! otherwise unknown. For a window that has not closed, the figures are those of today.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use entity::{ProjectStatus, plan, progress_report, project, project_list};
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::access::{Principal, require_read};
use crate::money::{PartialSum, opt_decimal};
use crate::project::share;
use crate::reporting::period::office_zone;
use crate::{ServiceError, ServiceResult};

/// Where a listed project stood at the window's end.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Standing {
    /// `COMPLETED`.
    pub completed: i64,
    /// `UNDER_CONSTRUCTION`.
    pub under_construction: i64,
    /// `PLANNED`: not started.
    pub not_started: i64,
    /// `ON_HOLD`.
    pub on_hold: i64,
    /// `CANCELLED`.
    pub cancelled: i64,
    /// Recorded after the window's end with no report by then, and no longer `PLANNED`.
    pub unknown: i64,
}

/// The close-out figures of a set of listings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CloseOutFigures {
    /// Listings of the plan in the set (not archived).
    pub project_count: i64,
    /// The in-window investment the plan lists: known sum and unknown count.
    pub planned: PartialSum,
    /// Completed inside the window: known sum, and in `unknown_count` the listings lacking the
    /// figure at the window's start or end.
    pub completed: PartialSum,
    /// Listings with no cumulative figure at the window's start (and not starting inside it).
    pub lacking_start: i64,
    /// Listings with no report dated by the window's end.
    pub lacking_end: i64,
    /// Listings with both the in-window investment and the completed figure known: the basis of
    /// the completion rate.
    pub rate_basis_count: i64,
    /// Their in-window investment.
    pub rate_planned: Decimal,
    /// Their completed investment inside the window.
    pub rate_completed: Decimal,
    /// Where the listings stood at the window's end.
    pub standing: Standing,
    /// Listings carried into a later plan's list.
    pub carried_into_later_plan: i64,
}

impl CloseOutFigures {
    fn empty() -> Self {
        let zero = PartialSum {
            known: Decimal::ZERO,
            unknown_count: 0,
        };
        Self {
            project_count: 0,
            planned: zero,
            completed: zero,
            lacking_start: 0,
            lacking_end: 0,
            rate_basis_count: 0,
            rate_planned: Decimal::ZERO,
            rate_completed: Decimal::ZERO,
            standing: Standing::default(),
            carried_into_later_plan: 0,
        }
    }

    /// Completed over planned, over the rate's basis; `None` when the basis plans nothing.
    pub fn completion_rate(&self) -> Option<Decimal> {
        share(self.rate_completed, self.rate_planned)
    }

    fn add(&mut self, l: &ListingCloseOut) {
        self.project_count += 1;
        match l.planned {
            Some(p) => self.planned.known += p,
            None => self.planned.unknown_count += 1,
        }
        match l.completed_in_window {
            Some(c) => self.completed.known += c,
            None => self.completed.unknown_count += 1,
        }
        self.lacking_start += i64::from(l.cumulative_at_start.is_none());
        self.lacking_end += i64::from(l.cumulative_at_end.is_none());
        if let (Some(p), Some(c)) = (l.planned, l.completed_in_window) {
            self.rate_basis_count += 1;
            self.rate_planned += p;
            self.rate_completed += c;
        }
        let s = &mut self.standing;
        match l.status_at_end {
            Some(ProjectStatus::Completed) => s.completed += 1,
            Some(ProjectStatus::UnderConstruction) => s.under_construction += 1,
            Some(ProjectStatus::Planned) => s.not_started += 1,
            Some(ProjectStatus::OnHold) => s.on_hold += 1,
            Some(ProjectStatus::Cancelled) => s.cancelled += 1,
            None => s.unknown += 1,
        }
        self.carried_into_later_plan += i64::from(l.carried_into.is_some());
    }
}

/// One listing of the plan at close-out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListingCloseOut {
    /// The listing (project row) id.
    pub project_id: i32,
    /// Its key.
    pub key: String,
    /// Its category.
    pub category_id: i32,
    /// Its list.
    pub list_id: i32,
    /// In-window investment listed; `None` unknown.
    pub planned: Option<Decimal>,
    /// Cumulative completed investment before the window; `None` unknown.
    pub cumulative_at_start: Option<Decimal>,
    /// Cumulative completed investment at the window's end; `None` unknown.
    pub cumulative_at_end: Option<Decimal>,
    /// Completed inside the window; `None` when either side is unknown.
    pub completed_in_window: Option<Decimal>,
    /// Status at the window's end; `None` unknown.
    pub status_at_end: Option<ProjectStatus>,
    /// The later listing that carries it on: (project id, key).
    pub carried_into: Option<(i32, String)>,
}

/// A category's close-out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CategoryCloseOut {
    /// The category's id.
    pub category_id: i32,
    /// Its figures.
    pub figures: CloseOutFigures,
}

/// A list's close-out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListCloseOut {
    /// The list's id.
    pub list_id: i32,
    /// Its figures.
    pub figures: CloseOutFigures,
    /// Per category, in the list's order.
    pub categories: Vec<CategoryCloseOut>,
}

/// A plan's close-out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanCloseOut {
    /// The plan's id.
    pub plan_id: i32,
    /// First year of the window.
    pub window_start: i32,
    /// Last year of the window.
    pub window_end: i32,
    /// Whether the window has closed (otherwise the figures are today's).
    pub window_closed: bool,
    /// The moment the figures are taken at: the window's end, or now.
    pub at: DateTime<Utc>,
    /// The whole plan.
    pub total: CloseOutFigures,
    /// Per list, in the plan's order.
    pub lists: Vec<ListCloseOut>,
    /// Every listing, in the document's order.
    pub listings: Vec<ListingCloseOut>,
}

/// The first moment of `day` on the office's clock.
fn start_of(day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    office_zone()
        .from_local_datetime(&midnight)
        .single()
        .map_or_else(
            || Utc.from_utc_datetime(&midnight),
            |t| t.with_timezone(&Utc),
        )
}

/// The close-out of plan `plan_code`.
pub async fn plan_close_out(
    db: &impl ConnectionTrait,
    principal: &Principal,
    plan_code: &str,
) -> ServiceResult<PlanCloseOut> {
    require_read(principal)?;
    let plan = plan::Entity::find()
        .filter(plan::Column::Code.eq(plan_code))
        .one(db)
        .await?
        .ok_or_else(|| ServiceError::not_found(format!("plan {plan_code}")))?;
    let first_day = NaiveDate::from_ymd_opt(plan.window_start, 1, 1)
        .ok_or_else(|| ServiceError::internal("a plan window outside the calendar"))?;
    let day_after = NaiveDate::from_ymd_opt(plan.window_end + 1, 1, 1)
        .ok_or_else(|| ServiceError::internal("a plan window outside the calendar"))?;
    let now = Utc::now();
    let end_moment = start_of(day_after);
    let window_closed = now >= end_moment;
    let at = if window_closed { end_moment } else { now };
    let last_day = day_after.pred_opt().unwrap_or(day_after);

    let lists = project_list::Entity::find()
        .filter(project_list::Column::PlanId.eq(plan.id))
        .order_by_asc(project_list::Column::Ordinal)
        .order_by_asc(project_list::Column::Id)
        .all(db)
        .await?;
    let list_ids: Vec<i32> = lists.iter().map(|l| l.id).collect();
    let rows = project::Entity::find()
        .filter(project::Column::ListId.is_in(list_ids.iter().copied()))
        .filter(project::Column::ArchivedAt.is_null())
        .order_by_asc(project::Column::ListOrdinal)
        .order_by_asc(project::Column::CategoryOrdinal)
        .order_by_asc(project::Column::Seq)
        .order_by_asc(project::Column::Id)
        .all(db)
        .await?;

    // The physical projects' reports dated by the window's last day, oldest first.
    let mut physical: Vec<i32> = rows.iter().map(project::Model::physical).collect();
    physical.sort_unstable();
    physical.dedup();
    let mut at_start: HashMap<i32, progress_report::Model> = HashMap::new();
    let mut at_end: HashMap<i32, progress_report::Model> = HashMap::new();
    for chunk in physical.chunks(1000) {
        let reports = progress_report::Entity::find()
            .filter(progress_report::Column::ProjectId.is_in(chunk.iter().copied()))
            .filter(progress_report::Column::ReportedOn.lte(last_day))
            .order_by_asc(progress_report::Column::ReportedOn)
            .order_by_asc(progress_report::Column::Id)
            .all(db)
            .await?;
        for r in reports {
            if r.reported_on < first_day {
                at_start.insert(r.project_id, r.clone());
            }
            at_end.insert(r.project_id, r);
        }
    }

    // Statuses at the window's end of rows without a report by then, recorded by then.
    let to_rebuild: Vec<project::Model> = rows
        .iter()
        .filter(|r| !at_end.contains_key(&r.physical()) && r.created_at <= at)
        .cloned()
        .collect();
    let rebuilt: HashMap<i32, ProjectStatus> = if window_closed {
        crate::audit::as_of::projects_as_of(db, to_rebuild, at)
            .await?
            .into_iter()
            .map(|r| (r.id, r.status))
            .collect()
    } else {
        to_rebuild.into_iter().map(|r| (r.id, r.status)).collect()
    };

    // Later listings that carry these on.
    let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
    let mut successors: HashMap<i32, (i32, String)> = HashMap::new();
    for chunk in ids.chunks(1000) {
        for s in project::Entity::find()
            .filter(project::Column::CarriedFromId.is_in(chunk.iter().copied()))
            .all(db)
            .await?
        {
            if let Some(from) = s.carried_from_id {
                successors.insert(from, (s.id, s.key));
            }
        }
    }

    let mut listings = Vec::with_capacity(rows.len());
    for r in &rows {
        let p = r.physical();
        let starts_inside = r.start_year.is_some_and(|y| y >= plan.window_start);
        let cumulative_at_start = match at_start.get(&p) {
            Some(rep) => opt_decimal(Some(rep.completed_investment_fen)),
            None if starts_inside => Some(Decimal::ZERO),
            None => None,
        };
        let cumulative_at_end = at_end
            .get(&p)
            .and_then(|rep| opt_decimal(Some(rep.completed_investment_fen)));
        let completed_in_window = match (cumulative_at_start, cumulative_at_end) {
            (Some(s), Some(e)) => Some(e - s),
            _ => None,
        };
        let status_at_end = match at_end.get(&p) {
            Some(rep) => Some(rep.status),
            None => match rebuilt.get(&r.id) {
                Some(s) => Some(*s),
                None if r.status == ProjectStatus::Planned => Some(ProjectStatus::Planned),
                None => None,
            },
        };
        listings.push(ListingCloseOut {
            project_id: r.id,
            key: r.key.clone(),
            category_id: r.category_id,
            list_id: r.list_id,
            planned: opt_decimal(r.fyp_investment_fen),
            cumulative_at_start,
            cumulative_at_end,
            completed_in_window,
            status_at_end,
            carried_into: successors.get(&r.id).cloned(),
        });
    }

    let mut total = CloseOutFigures::empty();
    let mut by_list: BTreeMap<(i32, i32), CloseOutFigures> = BTreeMap::new();
    let mut by_category: BTreeMap<(i32, i32, i32), (i32, CloseOutFigures)> = BTreeMap::new();
    for (l, r) in listings.iter().zip(&rows) {
        total.add(l);
        by_list
            .entry((r.list_ordinal, r.list_id))
            .or_insert_with(CloseOutFigures::empty)
            .add(l);
        by_category
            .entry((r.list_id, r.category_ordinal, r.category_id))
            .or_insert_with(|| (r.category_id, CloseOutFigures::empty()))
            .1
            .add(l);
    }
    // Every list of the plan appears, an empty one with zero figures.
    let mut out_lists: Vec<ListCloseOut> = lists
        .iter()
        .map(|list| ListCloseOut {
            list_id: list.id,
            figures: by_list
                .iter()
                .find(|((_, id), _)| *id == list.id)
                .map_or_else(CloseOutFigures::empty, |(_, f)| *f),
            categories: by_category
                .iter()
                .filter(|((l, _, _), _)| *l == list.id)
                .map(|(_, (category_id, figures))| CategoryCloseOut {
                    category_id: *category_id,
                    figures: *figures,
                })
                .collect(),
        })
        .collect();
    out_lists.sort_by_key(|l| {
        lists
            .iter()
            .position(|x| x.id == l.list_id)
            .unwrap_or(usize::MAX)
    });
    Ok(PlanCloseOut {
        plan_id: plan.id,
        window_start: plan.window_start,
        window_end: plan.window_end,
        window_closed,
        at,
        total,
        lists: out_lists,
        listings,
    })
}
