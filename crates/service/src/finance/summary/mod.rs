//! Investment summaries: counts and exact sums of a chosen set of projects, grouped by any
//! combination of list, category, status, start year, end year and location.
//!
//! Filtered questions are answered by one `GROUP BY` over the chosen projects. The unfiltered
//! breakdowns by list, category and status, which every dashboard asks for, are read from the
//! maintained aggregates instead (see [`super::aggregate`]), a table of a few rows per category.
//!
//! Here: what a summary is (dimensions, figures, group keys and their order) and reading result
//! rows into it; [`compute`]: the statements of each source, and the past through the change log.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use entity::{ProjectStatus, project};
use rust_decimal::Decimal;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, JoinType, Query};
use sea_orm::{ConnectionTrait, DbErr, QueryResult, Statement};

mod compute;

pub use compute::{investment_summary_as_of, summary_from_aggregates, summary_from_projects};

use crate::ServiceResult;
use crate::catalog;
use crate::money::{ExactSum, PartialSum};
use crate::project::share;
use crate::project_search::{ProjectFilter, filter_condition};

/// What projects can be grouped by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dimension {
    /// The project list.
    List,
    /// The category (which also fixes the list: category codes repeat across lists).
    Category,
    /// The lifecycle status.
    Status,
    /// The first year of construction (unknown is a group of its own).
    StartYear,
    /// The last year of construction (unknown is a group of its own).
    EndYear,
    /// The location (none named is a group of its own).
    Location,
}

/// Which figures to compute besides counts and sums; leaving out what nobody asked for keeps the
/// query lean.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SummaryParts {
    /// The 14th-FYP share over the projects with both amounts known.
    pub share: bool,
    /// Completed investment from the latest progress reports, and the execution rate.
    pub completed: bool,
}

impl SummaryParts {
    /// Every figure.
    pub const ALL: SummaryParts = SummaryParts {
        share: true,
        completed: true,
    };
}

/// The 14th-FYP share of a set: known 14th-FYP over known total, over the projects where both are
/// known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShareFigures {
    /// Number of projects with both amounts known: the share rests on these.
    pub basis_count: i64,
    /// Their 14th-FYP investment.
    pub fyp_investment: Decimal,
    /// Their total investment.
    pub total_investment: Decimal,
}

impl ShareFigures {
    /// `fyp_investment / total_investment` to ten decimals, or `None` when the total is zero.
    pub fn value(&self) -> Option<Decimal> {
        share(self.fyp_investment, self.total_investment)
    }
}

/// Completed investment of a set, from each project's latest progress report; a project without
/// reports has completed nothing and is counted in `unreported_count`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CompletedFigures {
    /// Sum of the latest reports' cumulative completed investment.
    pub amount: Decimal,
    /// Projects with at least one report.
    pub reported_count: i64,
    /// Projects without any report (counted as zero completed).
    pub unreported_count: i64,
    /// The part of `amount` from projects whose 14th-FYP investment is known: the numerator of
    /// the execution rate.
    pub amount_fyp_known: Decimal,
}

/// The figures of one group (or of the whole set).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Figures {
    /// Number of projects.
    pub project_count: i64,
    /// Total investment: known sum and unknown count.
    pub total_investment: PartialSum,
    /// 14th-FYP investment: known sum and unknown count.
    pub fyp_investment: PartialSum,
    /// The 14th-FYP share, when asked for.
    pub share: Option<ShareFigures>,
    /// Completed investment, when asked for.
    pub completed: Option<CompletedFigures>,
}

fn zero_sum() -> PartialSum {
    PartialSum {
        known: Decimal::ZERO,
        unknown_count: 0,
    }
}

impl Figures {
    fn empty(parts: SummaryParts) -> Self {
        Self {
            project_count: 0,
            total_investment: zero_sum(),
            fyp_investment: zero_sum(),
            share: parts.share.then_some(ShareFigures {
                basis_count: 0,
                fyp_investment: Decimal::ZERO,
                total_investment: Decimal::ZERO,
            }),
            completed: parts.completed.then_some(CompletedFigures {
                amount: Decimal::ZERO,
                reported_count: 0,
                unreported_count: 0,
                amount_fyp_known: Decimal::ZERO,
            }),
        }
    }

    fn add(&mut self, other: &Figures) {
        self.project_count += other.project_count;
        self.total_investment.known += other.total_investment.known;
        self.total_investment.unknown_count += other.total_investment.unknown_count;
        self.fyp_investment.known += other.fyp_investment.known;
        self.fyp_investment.unknown_count += other.fyp_investment.unknown_count;
        if let (Some(a), Some(b)) = (&mut self.share, &other.share) {
            a.basis_count += b.basis_count;
            a.fyp_investment += b.fyp_investment;
            a.total_investment += b.total_investment;
        }
        if let (Some(a), Some(b)) = (&mut self.completed, &other.completed) {
            a.amount += b.amount;
            a.reported_count += b.reported_count;
            a.unreported_count += b.unreported_count;
            a.amount_fyp_known += b.amount_fyp_known;
        }
    }

    /// Completed investment over known 14th-FYP investment, both over the projects whose 14th-FYP
    /// investment is known, to ten decimals; `None` when not asked for or that 14th-FYP sum is 0.
    pub fn execution_rate(&self) -> Option<Decimal> {
        let completed = self.completed?;
        share(completed.amount_fyp_known, self.fyp_investment.known)
    }
}

/// A list or category as a group key names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyPart {
    /// Surrogate id.
    pub id: i32,
    /// Stable code.
    pub code: String,
    /// Position in the document.
    pub ordinal: i32,
    /// Name (a category's Chinese name, a list's title).
    pub name: String,
}

/// The values of the grouped dimensions; the others are `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GroupKey {
    /// The list, when grouped by list or category.
    pub list: Option<KeyPart>,
    /// The category, when grouped by category.
    pub category: Option<KeyPart>,
    /// The status, when grouped by status.
    pub status: Option<ProjectStatus>,
    /// The start year, when grouped by it and known.
    pub start_year: Option<i32>,
    /// The end year, when grouped by it and known.
    pub end_year: Option<i32>,
    /// The location, when grouped by it and named.
    pub location: Option<String>,
}

/// Lifecycle order of statuses, used to order groups.
fn status_rank(status: ProjectStatus) -> u8 {
    ProjectStatus::ALL
        .iter()
        .position(|s| *s == status)
        .map_or(u8::MAX, |rank| rank as u8)
}

/// Unknown (`None`) after every value.
fn nulls_last<T: Ord>(a: &Option<T>, b: &Option<T>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

impl GroupKey {
    /// The order of groups: lists and categories in the document's order, statuses in lifecycle
    /// order, years ascending and locations by code point, unknown last. The same on every
    /// backend, since it is applied here.
    pub fn order(&self, other: &Self) -> Ordering {
        let place = |p: &Option<KeyPart>| p.as_ref().map(|p| (p.ordinal, p.id));
        nulls_last(&place(&self.list), &place(&other.list))
            .then_with(|| nulls_last(&place(&self.category), &place(&other.category)))
            .then_with(|| {
                nulls_last(
                    &self.status.map(status_rank),
                    &other.status.map(status_rank),
                )
            })
            .then_with(|| nulls_last(&self.start_year, &other.start_year))
            .then_with(|| nulls_last(&self.end_year, &other.end_year))
            .then_with(|| nulls_last(&self.location, &other.location))
    }
}

/// One group of a summary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// The grouped dimensions' values.
    pub key: GroupKey,
    /// The group's figures.
    pub figures: Figures,
}

/// Where a summary's figures were read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SummarySource {
    /// A `GROUP BY` over the chosen projects.
    Projects,
    /// The maintained aggregates.
    Aggregates,
}

/// A summary: the whole set and its groups.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvestmentSummary {
    /// The dimensions grouped by, in precedence order, without repeats.
    pub dimensions: Vec<Dimension>,
    /// Figures of the whole chosen set.
    pub total: Figures,
    /// The non-empty groups in order; one group with an empty key when nothing is grouped.
    pub groups: Vec<Group>,
    /// Where the figures were read from.
    pub source: SummarySource,
}

/// The dimensions in precedence order, without repeats.
fn normalise(dimensions: &[Dimension]) -> Vec<Dimension> {
    let mut out = dimensions.to_vec();
    out.sort();
    out.dedup();
    out
}

/// Whether the maintained aggregates can answer: no filter, grouping by nothing but list, category
/// and status, and no completed investment (which follows progress reports, not project rows).
pub fn aggregates_answer(
    filter: &ProjectFilter,
    dimensions: &[Dimension],
    parts: SummaryParts,
) -> bool {
    *filter == ProjectFilter::default()
        && !parts.completed
        && dimensions
            .iter()
            .all(|d| matches!(d, Dimension::List | Dimension::Category | Dimension::Status))
}

/// The summary of the projects `filter` chooses, grouped by `dimensions`, from the maintained
/// aggregates when they can answer and from a `GROUP BY` otherwise; both give the same figures.
/// Group keys name their lists and categories from `kept` (a copy the caller keeps, see
/// [`crate::catalog_cache`]) when it names every group, and from `db` otherwise.
pub async fn investment_summary(
    db: &impl ConnectionTrait,
    principal: &crate::access::Principal,
    filter: &ProjectFilter,
    dimensions: &[Dimension],
    parts: SummaryParts,
    kept: Option<&catalog::Catalog>,
) -> ServiceResult<InvestmentSummary> {
    crate::access::require_read(principal)?;
    if aggregates_answer(filter, dimensions, parts) {
        summary_from_aggregates(db, dimensions, parts, kept).await
    } else {
        summary_from_projects(db, filter, dimensions, parts, kept).await
    }
}

/// The catalog as group keys need it: a kept copy when it holds every list and category the
/// groups name, else the catalog read from the summary's own database (a kept copy comes from
/// the primary, and a replica may hold a category the copy predates).
struct GroupNames<'a>(std::borrow::Cow<'a, catalog::Catalog>);

impl<'a> GroupNames<'a> {
    async fn for_groups(
        db: &impl ConnectionTrait,
        kept: Option<&'a catalog::Catalog>,
        lists: Vec<i32>,
        categories: Vec<i32>,
    ) -> ServiceResult<Self> {
        if lists.is_empty() && categories.is_empty() {
            // No group names a list or a category: nothing to read.
            return Ok(Self(Default::default()));
        }
        if let Some(kept) = kept
            && lists.iter().all(|id| kept.lists.contains_key(id))
            && categories.iter().all(|id| {
                kept.categories
                    .get(id)
                    .is_some_and(|c| kept.lists.contains_key(&c.list_id))
            })
        {
            return Ok(Self(std::borrow::Cow::Borrowed(kept)));
        }
        Ok(Self(std::borrow::Cow::Owned(
            catalog::Catalog::load_unchecked(db).await?,
        )))
    }

    fn catalog(&self) -> &catalog::Catalog {
        &self.0
    }

    fn list(&self, id: i32) -> Option<KeyPart> {
        self.catalog().lists.get(&id).map(|l| KeyPart {
            id: l.id,
            code: l.code.clone(),
            ordinal: l.ordinal,
            name: l.title.clone(),
        })
    }

    fn category(&self, id: i32) -> Option<KeyPart> {
        self.catalog().categories.get(&id).map(|c| KeyPart {
            id: c.id,
            code: c.code.clone(),
            ordinal: c.ordinal,
            name: c.name.clone(),
        })
    }
}

/// The summary of `rows`, one per group (keys are distinct), without empty groups, in order.
fn assemble(
    dimensions: Vec<Dimension>,
    parts: SummaryParts,
    rows: Vec<(GroupKey, Figures)>,
    source: SummarySource,
) -> InvestmentSummary {
    let mut total = Figures::empty(parts);
    let mut groups: Vec<Group> = Vec::with_capacity(rows.len());
    for (key, figures) in rows {
        total.add(&figures);
        groups.push(Group { key, figures });
    }
    groups.retain(|g| g.figures.project_count > 0);
    groups.sort_by(|a, b| a.key.order(&b.key));
    InvestmentSummary {
        dimensions,
        total,
        groups,
        source,
    }
}

fn get<T: sea_orm::TryGetable>(row: &QueryResult, column: &str) -> Result<T, DbErr> {
    row.try_get::<T>("", column)
}

fn sum(row: &QueryResult, prefix: &str) -> Result<Decimal, DbErr> {
    Ok(ExactSum::from_parts(
        get::<Option<i64>>(row, &format!("{prefix}_whole"))?,
        get::<Option<i64>>(row, &format!("{prefix}_rest"))?,
    )
    .to_decimal())
}

/// The figures of one result row (of either source: the column names are the same).
fn figures(row: &QueryResult, parts: SummaryParts) -> Result<Figures, DbErr> {
    let project_count = get::<i64>(row, "project_count")?;
    let share = if parts.share {
        Some(ShareFigures {
            basis_count: get::<Option<i64>>(row, "both_count")?.unwrap_or(0),
            fyp_investment: sum(row, "both_fyp")?,
            total_investment: sum(row, "both_total")?,
        })
    } else {
        None
    };
    let completed = if parts.completed {
        let reported_count = get::<i64>(row, "reported_count")?;
        Some(CompletedFigures {
            amount: sum(row, "completed")?,
            reported_count,
            unreported_count: project_count - reported_count,
            amount_fyp_known: sum(row, "completed_fk")?,
        })
    } else {
        None
    };
    Ok(Figures {
        project_count,
        total_investment: PartialSum {
            known: sum(row, "total")?,
            unknown_count: get::<i64>(row, "total_unknown")?,
        },
        fyp_investment: PartialSum {
            known: sum(row, "fyp")?,
            unknown_count: get::<i64>(row, "fyp_unknown")?,
        },
        share,
        completed,
    })
}

fn status_of(text: &str) -> Result<ProjectStatus, DbErr> {
    text.parse()
        .map_err(|e: entity::UnknownStatus| DbErr::Type(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(id: i32, ordinal: i32) -> Option<KeyPart> {
        Some(KeyPart {
            id,
            code: format!("C{id}"),
            ordinal,
            name: String::new(),
        })
    }

    #[test]
    fn groups_follow_the_document_then_values_with_unknown_last() {
        let key = |category: Option<KeyPart>, year: Option<i32>, location: Option<&str>| GroupKey {
            category,
            start_year: year,
            location: location.map(str::to_owned),
            ..GroupKey::default()
        };
        let mut keys = [
            key(part(9, 2), Some(2020), None),
            key(part(3, 1), None, Some("小门岛")),
            key(part(3, 1), Some(2022), None),
            key(part(3, 1), Some(2021), Some("大门岛")),
            key(part(3, 1), Some(2021), Some("北岙")),
            key(None, Some(2019), None),
        ];
        keys.sort_by(|a, b| a.order(b));
        let order: Vec<_> = keys
            .iter()
            .map(|k| {
                (
                    k.category.as_ref().map(|c| c.id),
                    k.start_year,
                    k.location.clone(),
                )
            })
            .collect();
        assert_eq!(
            order,
            [
                (Some(3), Some(2021), Some("北岙".to_owned())),
                (Some(3), Some(2021), Some("大门岛".to_owned())),
                (Some(3), Some(2022), None),
                (Some(3), None, Some("小门岛".to_owned())),
                (Some(9), Some(2020), None),
                (None, Some(2019), None),
            ]
        );
    }

    #[test]
    fn only_unfiltered_list_category_status_breakdowns_use_the_aggregates() {
        let none = ProjectFilter::default();
        let lean = SummaryParts {
            share: true,
            completed: false,
        };
        assert!(aggregates_answer(&none, &[], lean));
        assert!(aggregates_answer(
            &none,
            &[Dimension::List, Dimension::Category],
            lean
        ));
        assert!(!aggregates_answer(&none, &[Dimension::Location], lean));
        assert!(!aggregates_answer(&none, &[], SummaryParts::ALL));
        let filtered = ProjectFilter {
            search: Some("LNG".into()),
            ..ProjectFilter::default()
        };
        assert!(!aggregates_answer(&filtered, &[Dimension::Category], lean));
    }
}
