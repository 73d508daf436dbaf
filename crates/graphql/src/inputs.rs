//! Input objects: the project filter and orderings.

use async_graphql::{Enum, InputObject};
use service::project_search as q;

use crate::scalars::Decimal;
use crate::types::ProjectStatus;

/// An inclusive range of years; either end may be left open.
#[derive(InputObject, Clone, Copy, Debug, Default)]
pub struct IntRange {
    /// Smallest value accepted.
    pub min: Option<i32>,
    /// Largest value accepted.
    pub max: Option<i32>,
}

/// An inclusive range of amounts in 万元; either end may be left open.
#[derive(InputObject, Clone, Copy, Debug, Default)]
pub struct DecimalRange {
    /// Smallest amount accepted.
    pub min: Option<Decimal>,
    /// Largest amount accepted.
    pub max: Option<Decimal>,
}

/// Chooses projects. Every condition given must hold (AND); a list condition matches any of its
/// values (OR). Unknown (待定) values never satisfy a range. Archived projects are never chosen.
#[derive(InputObject, Clone, Debug, Default)]
pub struct ProjectFilter {
    /// Projects of these lists, e.g. `["DONGTOU"]`.
    pub list_codes: Option<Vec<String>>,
    /// Projects of categories with these codes, e.g. `["GREEN", "DIGITAL"]`.
    pub category_codes: Option<Vec<String>>,
    /// Projects in these statuses.
    pub statuses: Option<Vec<ProjectStatus>>,
    /// Start year within this range.
    pub start_year: Option<IntRange>,
    /// End year within this range.
    pub end_year: Option<IntRange>,
    /// `true`: construction period overlaps the plan window (2021-2025); `false`: lies wholly
    /// outside it. Projects with an unknown start or end year match neither.
    pub overlaps_plan_window: Option<bool>,
    /// Total investment (万元) within this range.
    pub total_investment: Option<DecimalRange>,
    /// 14th-FYP investment (万元) within this range.
    pub fyp_investment: Option<DecimalRange>,
    /// `true`: total investment is known; `false`: it is 待定.
    pub total_investment_known: Option<bool>,
    /// `true`: 14th-FYP investment is known; `false`: it is 待定.
    pub fyp_investment_known: Option<bool>,
    /// Text the name or scope contains, e.g. `液化天然气` or `lng` (ASCII letters match either case).
    pub search: Option<String>,
    /// Exact location, e.g. `小门岛`.
    pub location: Option<String>,
}

impl From<ProjectFilter> for q::ProjectFilter {
    fn from(f: ProjectFilter) -> Self {
        let years = |r: IntRange| q::YearRange {
            min: r.min,
            max: r.max,
        };
        let amounts = |r: DecimalRange| q::AmountRange {
            min: r.min.map(|d| d.0),
            max: r.max.map(|d| d.0),
        };
        Self {
            list_codes: f.list_codes,
            category_codes: f.category_codes,
            statuses: f.statuses.map(|s| s.into_iter().map(Into::into).collect()),
            start_year: f.start_year.map(years),
            end_year: f.end_year.map(years),
            overlaps_plan_window: f.overlaps_plan_window,
            total_investment: f.total_investment.map(amounts),
            fyp_investment: f.fyp_investment.map(amounts),
            total_investment_known: f.total_investment_known,
            fyp_investment_known: f.fyp_investment_known,
            search: f.search,
            location: f.location,
        }
    }
}

/// What projects can be ordered by. Ties are broken by the document's order, then by creation.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProjectOrderField {
    /// The document's order: list, category heading, sequence number (the default).
    Sequence,
    /// Name, by Unicode code point.
    Name,
    /// Total investment; unknown (待定) amounts come last in either direction.
    TotalInvestment,
    /// 14th-FYP investment; unknown (待定) amounts come last in either direction.
    FypInvestment,
    /// Start year; unknown last in either direction.
    StartYear,
    /// End year; unknown last in either direction.
    EndYear,
    /// Time of the last change.
    UpdatedAt,
}

/// Sort direction.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum OrderDirection {
    /// Smallest first.
    #[default]
    Asc,
    /// Largest first.
    Desc,
}

/// One ordering key; several are applied in turn.
#[derive(InputObject, Clone, Copy, Debug)]
pub struct ProjectOrder {
    /// The field to order by.
    pub field: ProjectOrderField,
    /// The direction.
    pub direction: OrderDirection,
}

impl From<ProjectOrder> for q::ProjectOrder {
    fn from(o: ProjectOrder) -> Self {
        Self {
            field: match o.field {
                ProjectOrderField::Sequence => q::OrderField::Sequence,
                ProjectOrderField::Name => q::OrderField::Name,
                ProjectOrderField::TotalInvestment => q::OrderField::TotalInvestment,
                ProjectOrderField::FypInvestment => q::OrderField::FypInvestment,
                ProjectOrderField::StartYear => q::OrderField::StartYear,
                ProjectOrderField::EndYear => q::OrderField::EndYear,
                ProjectOrderField::UpdatedAt => q::OrderField::UpdatedAt,
            },
            descending: o.direction == OrderDirection::Desc,
        }
    }
}
