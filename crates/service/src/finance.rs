//! Investment figures computed in SQL, exactly: summaries grouped by any dimensions, the
//! plan-window view, reconciliation against declared figures, data-quality findings, and the
//! aggregates maintained with every write so that the portfolio-wide breakdowns cost no scan.

pub mod across_plans;
pub mod aggregate;
pub mod close_out;
pub mod plan_window;
pub mod quality;
pub mod summary;

pub use aggregate::{AggregateDelta, Contribution, apply_delta, rebuild_aggregates};
pub use plan_window::{PlanWindowView, plan_window_view};
pub use quality::{Finding, Rule, Severity, data_quality};
pub use summary::{Dimension, InvestmentSummary, SummaryParts, investment_summary};

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, FromQueryResult, Statement};

use crate::ServiceResult;
use crate::access::Principal;
use crate::catalog::{self, Category, ProjectList};
use crate::money::{ExactSum, PartialSum};

/// Computed figures of a set of projects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Totals {
    /// Number of projects.
    pub project_count: i64,
    /// Total investment: known sum and unknown count.
    pub total_investment: PartialSum,
    /// 14th-FYP investment: known sum and unknown count.
    pub fyp_investment: PartialSum,
}

impl Default for Totals {
    fn default() -> Self {
        let zero = PartialSum {
            known: Decimal::ZERO,
            unknown_count: 0,
        };
        Self {
            project_count: 0,
            total_investment: zero,
            fyp_investment: zero,
        }
    }
}

impl Totals {
    fn add(&mut self, other: &Totals) {
        self.project_count += other.project_count;
        self.total_investment.known += other.total_investment.known;
        self.total_investment.unknown_count += other.total_investment.unknown_count;
        self.fyp_investment.known += other.fyp_investment.known;
        self.fyp_investment.unknown_count += other.fyp_investment.unknown_count;
    }
}

#[derive(Debug, FromQueryResult)]
struct CategoryTotalsRow {
    category_id: i32,
    project_count: i64,
    total_whole: Option<i64>,
    total_rest: Option<i64>,
    total_unknown: i64,
    fyp_whole: Option<i64>,
    fyp_rest: Option<i64>,
    fyp_unknown: i64,
}

/// Per-category figures of the projects that are not archived, in one `GROUP BY`.
///
/// Every sum is split into whole 万元 and leftover fen (see [`ExactSum`]) and cast to `BIGINT`, so
/// that SQLite and PostgreSQL return the same integers; an empty or all-unknown sum is NULL and
/// reads as zero known with the unknowns counted.
pub async fn totals_by_category(db: &impl ConnectionTrait) -> ServiceResult<BTreeMap<i32, Totals>> {
    let sql = "SELECT category_id, \
                  CAST(COUNT(*) AS BIGINT) AS project_count, \
                  CAST(SUM(total_investment_fen / 1000000) AS BIGINT) AS total_whole, \
                  CAST(SUM(total_investment_fen % 1000000) AS BIGINT) AS total_rest, \
                  CAST(SUM(CASE WHEN total_investment_fen IS NULL THEN 1 ELSE 0 END) AS BIGINT) AS total_unknown, \
                  CAST(SUM(fyp_investment_fen / 1000000) AS BIGINT) AS fyp_whole, \
                  CAST(SUM(fyp_investment_fen % 1000000) AS BIGINT) AS fyp_rest, \
                  CAST(SUM(CASE WHEN fyp_investment_fen IS NULL THEN 1 ELSE 0 END) AS BIGINT) AS fyp_unknown \
               FROM project WHERE archived_at IS NULL GROUP BY category_id";
    let rows = CategoryTotalsRow::find_by_statement(Statement::from_string(
        db.get_database_backend(),
        sql,
    ))
    .all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                r.category_id,
                Totals {
                    project_count: r.project_count,
                    total_investment: PartialSum {
                        known: ExactSum::from_parts(r.total_whole, r.total_rest).to_decimal(),
                        unknown_count: r.total_unknown,
                    },
                    fyp_investment: PartialSum {
                        known: ExactSum::from_parts(r.fyp_whole, r.fyp_rest).to_decimal(),
                        unknown_count: r.fyp_unknown,
                    },
                },
            )
        })
        .collect())
}

/// How a row's declared figures compare with the computed ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReconciliationStatus {
    /// Every declared figure equals the computed one.
    Matches,
    /// At least one declared figure differs.
    Differs,
    /// The document declares no figure for this row.
    NotDeclared,
}

/// Declared against computed figures for a list (when `category` is `None`) or one category.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReconciliationRow {
    /// The list.
    pub list: ProjectList,
    /// The category, or `None` for the list's own row.
    pub category: Option<Category>,
    /// Declared project count.
    pub declared_count: Option<i64>,
    /// Declared total investment.
    pub declared_total_investment: Option<Decimal>,
    /// Declared 14th-FYP investment.
    pub declared_fyp_investment: Option<Decimal>,
    /// What the projects held now add up to.
    pub computed: Totals,
}

impl ReconciliationRow {
    /// Declared count minus computed count, when declared.
    pub fn count_difference(&self) -> Option<i64> {
        self.declared_count.map(|d| d - self.computed.project_count)
    }

    /// Declared total minus the known computed total, when declared.
    pub fn total_investment_difference(&self) -> Option<Decimal> {
        self.declared_total_investment
            .map(|d| d - self.computed.total_investment.known)
    }

    /// Declared 14th-FYP minus the known computed 14th-FYP, when declared.
    pub fn fyp_investment_difference(&self) -> Option<Decimal> {
        self.declared_fyp_investment
            .map(|d| d - self.computed.fyp_investment.known)
    }

    /// Whether the declared figures hold.
    pub fn status(&self) -> ReconciliationStatus {
        let differences = [
            self.count_difference().map(|d| d == 0),
            self.total_investment_difference().map(|d| d.is_zero()),
            self.fyp_investment_difference().map(|d| d.is_zero()),
        ];
        if differences.iter().all(Option::is_none) {
            ReconciliationStatus::NotDeclared
        } else if differences.iter().flatten().all(|ok| *ok) {
            ReconciliationStatus::Matches
        } else {
            ReconciliationStatus::Differs
        }
    }

    /// No declared figure differs from the computed one (true when nothing is declared).
    pub fn matches(&self) -> bool {
        self.status() != ReconciliationStatus::Differs
    }
}

/// Declared vs computed for every list (its row first) and each of its categories, in document
/// order. Computed figures count the projects that are not archived, in two queries in all.
pub async fn reconciliation(
    db: &impl ConnectionTrait,
    principal: &Principal,
) -> ServiceResult<Vec<ReconciliationRow>> {
    let lists = catalog::list_project_lists(db, principal).await?;
    let categories = catalog::list_categories(db).await?;
    let totals = totals_by_category(db).await?;
    let mut rows = Vec::new();
    for list in lists {
        let mut list_totals = Totals::default();
        let mut category_rows = Vec::new();
        for category in categories.iter().filter(|c| c.list_id == list.id) {
            let computed = totals.get(&category.id).copied().unwrap_or_default();
            list_totals.add(&computed);
            category_rows.push(ReconciliationRow {
                list: list.clone(),
                declared_count: category.declared_project_count.map(i64::from),
                declared_total_investment: category.declared_total_investment,
                declared_fyp_investment: category.declared_fyp_investment,
                category: Some(category.clone()),
                computed,
            });
        }
        rows.push(ReconciliationRow {
            declared_count: None,
            declared_total_investment: list.declared_total_investment,
            declared_fyp_investment: list.declared_fyp_investment,
            list,
            category: None,
            computed: list_totals,
        });
        rows.extend(category_rows);
    }
    Ok(rows)
}
