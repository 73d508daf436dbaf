//! Data-quality findings: rules a project's figures should keep, each checked by one SQL query.
//!
//! Some rules are also enforced by the database's CHECK constraints (14th-FYP above total, a
//! period ending before it starts); they are checked anyway, since rows can arrive by other means
//! (an older copy of the schema, a bulk load with checks off) and a check that costs one query is
//! cheaper than trusting that they never do.

use entity::project;
use rust_decimal::Decimal;
use sea_orm::sea_query::Expr;
use sea_orm::{ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::ServiceResult;
use crate::money::opt_decimal;
use crate::progress::latest_by_project_ids;
use crate::project_search::{ProjectFilter, filter_condition, plan_windows};

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The figures contradict each other; a sum that includes them is wrong somewhere.
    Error,
    /// The figures are possible but doubtful; worth a look.
    Warning,
    /// Something is not known yet; sums report it as unknown.
    Info,
}

/// A data-quality rule. The ids are stable; new rules are added, none renamed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// 14th-FYP investment above total investment.
    FypAboveTotal,
    /// The construction period ends before it starts.
    PeriodEndsBeforeStart,
    /// The period lies wholly outside the plan window, yet 14th-FYP investment is above zero.
    FypOutsideWindow,
    /// The latest progress report's completed investment is above the total investment.
    CompletedAboveTotal,
    /// The period extends beyond the plan window, yet all of the total investment is planned
    /// inside it.
    FypEqualsTotalBeyondWindow,
    /// The total investment is unknown (待定).
    TotalUnknown,
    /// The 14th-FYP investment is unknown (待定).
    FypUnknown,
    /// The start or end year is unknown.
    PeriodUnknown,
    /// A project listed in several plans: its in-window investments over the plans add up to
    /// more than its total investment.
    WindowsAboveTotal,
}

impl Rule {
    /// Every rule, in report order.
    pub const ALL: [Rule; 9] = [
        Rule::FypAboveTotal,
        Rule::WindowsAboveTotal,
        Rule::PeriodEndsBeforeStart,
        Rule::FypOutsideWindow,
        Rule::CompletedAboveTotal,
        Rule::FypEqualsTotalBeyondWindow,
        Rule::TotalUnknown,
        Rule::FypUnknown,
        Rule::PeriodUnknown,
    ];

    /// The stable id, e.g. `FYP_ABOVE_TOTAL`.
    pub fn id(self) -> &'static str {
        match self {
            Rule::FypAboveTotal => "FYP_ABOVE_TOTAL",
            Rule::PeriodEndsBeforeStart => "PERIOD_ENDS_BEFORE_START",
            Rule::FypOutsideWindow => "FYP_OUTSIDE_WINDOW",
            Rule::CompletedAboveTotal => "COMPLETED_ABOVE_TOTAL",
            Rule::FypEqualsTotalBeyondWindow => "FYP_EQUALS_TOTAL_BEYOND_WINDOW",
            Rule::TotalUnknown => "TOTAL_UNKNOWN",
            Rule::FypUnknown => "FYP_UNKNOWN",
            Rule::PeriodUnknown => "PERIOD_UNKNOWN",
            Rule::WindowsAboveTotal => "WINDOWS_ABOVE_TOTAL",
        }
    }

    /// How serious a breach is.
    pub fn severity(self) -> Severity {
        match self {
            Rule::FypAboveTotal
            | Rule::PeriodEndsBeforeStart
            | Rule::FypOutsideWindow
            | Rule::WindowsAboveTotal => Severity::Error,
            Rule::CompletedAboveTotal | Rule::FypEqualsTotalBeyondWindow => Severity::Warning,
            Rule::TotalUnknown | Rule::FypUnknown | Rule::PeriodUnknown => Severity::Info,
        }
    }

    /// Whether the rule's condition depends on the plan window.
    fn uses_window(self) -> bool {
        matches!(
            self,
            Rule::FypOutsideWindow | Rule::FypEqualsTotalBeyondWindow
        )
    }

    /// The SQL condition a breaching project row meets (window years are integers from the plan
    /// row).
    fn condition(self, ws: i32, we: i32) -> String {
        const S: &str = "\"project\".\"start_year\"";
        const E: &str = "\"project\".\"end_year\"";
        const T: &str = "\"project\".\"total_investment_fen\"";
        const F: &str = "\"project\".\"fyp_investment_fen\"";
        match self {
            Rule::FypAboveTotal => format!("{T} IS NOT NULL AND {F} IS NOT NULL AND {F} > {T}"),
            Rule::PeriodEndsBeforeStart => {
                format!("{S} IS NOT NULL AND {E} IS NOT NULL AND {S} > {E}")
            }
            Rule::FypOutsideWindow => format!(
                "{S} IS NOT NULL AND {E} IS NOT NULL AND ({E} < {ws} OR {S} > {we}) AND {F} > 0"
            ),
            Rule::CompletedAboveTotal => format!(
                "{T} IS NOT NULL AND {T} < (SELECT \"r\".\"completed_investment_fen\" \
                 FROM \"progress_report\" \"r\" WHERE \"r\".\"id\" = (SELECT MAX(\"m\".\"id\") \
                 FROM \"progress_report\" \"m\" WHERE \"m\".\"project_id\" = \
                 COALESCE(\"project\".\"physical_id\", \"project\".\"id\")))"
            ),
            Rule::FypEqualsTotalBeyondWindow => format!(
                "{S} IS NOT NULL AND {E} IS NOT NULL AND {S} <= {E} AND {E} >= {ws} AND {S} <= {we} \
                 AND ({S} < {ws} OR {E} > {we}) AND {T} > 0 AND {F} = {T}"
            ),
            Rule::TotalUnknown => format!("{T} IS NULL"),
            Rule::FypUnknown => format!("{F} IS NULL"),
            Rule::PeriodUnknown => format!("{S} IS NULL OR {E} IS NULL"),
            // Checked over the listings of each chain, not row by row.
            Rule::WindowsAboveTotal => "1 = 0".to_owned(),
        }
    }
}

/// One breach of one rule by one project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The rule broken.
    pub rule: Rule,
    /// Its severity.
    pub severity: Severity,
    /// The project's id.
    pub project_id: i32,
    /// The project's stable key.
    pub project_key: String,
    /// The project's name.
    pub project_name: String,
    /// What is wrong, with the figures involved (English; amounts in 万元).
    pub message: String,
}

fn amount(value: Option<Decimal>) -> String {
    value.map_or_else(|| "unknown".to_owned(), |d| d.to_string())
}

fn period(m: &project::Model) -> String {
    let year = |y: Option<i32>| y.map_or_else(|| "?".to_owned(), |y| y.to_string());
    format!("{}-{}", year(m.start_year), year(m.end_year))
}

/// The findings of `rules` (every rule when `None`) over the projects `filter` chooses, by severity,
/// then rule, then the document's order.
pub async fn data_quality(
    db: &impl ConnectionTrait,
    principal: &crate::access::Principal,
    filter: &ProjectFilter,
    rules: Option<&[Rule]>,
) -> ServiceResult<Vec<Finding>> {
    crate::access::require_read(principal)?;
    let windows = plan_windows(db).await?;
    let cond = filter_condition(db, filter).await?;
    let mut chosen: Vec<Rule> = rules.map_or_else(|| Rule::ALL.to_vec(), <[Rule]>::to_vec);
    chosen.sort_by_key(|r| (r.severity(), *r));
    chosen.dedup();
    let mut findings = Vec::new();
    for rule in chosen {
        if rule == Rule::WindowsAboveTotal {
            findings.extend(windows_above_total(db, &cond, &windows).await?);
            continue;
        }
        // Each project is judged by the window of the plan its list belongs to: one query per
        // plan, earliest plan first, so the findings follow the plans' and documents' order.
        let mut rows = Vec::new();
        for window in &windows {
            let (ws, we) = (window.start, window.end);
            let mut query = project::Entity::find().filter(cond.clone());
            if rule.uses_window() {
                query = query.filter(sea_orm::ColumnTrait::is_in(
                    &project::Column::ListId,
                    window.list_ids.iter().copied(),
                ));
            }
            let of_plan = query
                .filter(Expr::cust(rule.condition(ws, we)))
                .order_by_asc(project::Column::ListOrdinal)
                .order_by_asc(project::Column::CategoryOrdinal)
                .order_by_asc(project::Column::Seq)
                .order_by_asc(project::Column::Id)
                .all(db)
                .await?;
            rows.extend(of_plan.into_iter().map(|m| (ws, we, m)));
            if !rule.uses_window() {
                // The same condition for every plan: the one query covered all of them.
                break;
            }
        }
        let completed = if rule == Rule::CompletedAboveTotal && !rows.is_empty() {
            let ids: Vec<i32> = rows.iter().map(|(_, _, m)| m.physical()).collect();
            latest_by_project_ids(db, &ids).await?
        } else {
            Default::default()
        };
        for (ws, we, m) in rows {
            let total = opt_decimal(m.total_investment_fen);
            let fyp = opt_decimal(m.fyp_investment_fen);
            let message = match rule {
                Rule::FypAboveTotal => format!(
                    "14th-FYP investment {} exceeds total investment {} (万元)",
                    amount(fyp),
                    amount(total)
                ),
                Rule::PeriodEndsBeforeStart => {
                    format!("construction period {} ends before it starts", period(&m))
                }
                Rule::FypOutsideWindow => format!(
                    "construction period {} lies wholly outside the plan window {ws}-{we}, yet \
                     14th-FYP investment is {} 万元",
                    period(&m),
                    amount(fyp)
                ),
                Rule::CompletedAboveTotal => format!(
                    "latest progress report states {} 万元 completed, above the total investment \
                     of {} 万元",
                    amount(completed.get(&m.physical()).map(|r| r.completed_investment)),
                    amount(total)
                ),
                Rule::FypEqualsTotalBeyondWindow => format!(
                    "construction period {} extends beyond the plan window {ws}-{we}, yet all of \
                     the total investment ({} 万元) is planned inside it",
                    period(&m),
                    amount(total)
                ),
                Rule::TotalUnknown => "total investment is unknown (待定)".to_owned(),
                Rule::FypUnknown => "14th-FYP investment is unknown (待定)".to_owned(),
                Rule::PeriodUnknown => format!("construction period is unknown ({})", period(&m)),
                Rule::WindowsAboveTotal => continue,
            };
            findings.push(Finding {
                rule,
                severity: rule.severity(),
                project_id: m.id,
                project_key: m.key,
                project_name: m.name,
                message,
            });
        }
    }
    Ok(findings)
}

/// [`Rule::WindowsAboveTotal`] over the chosen projects' chains: the known in-window investments
/// of every listing of the physical project, over all its plans, against the total of its latest
/// listing (the newest estimate). One finding per chosen listing of such a project.
async fn windows_above_total(
    db: &impl ConnectionTrait,
    cond: &sea_orm::Condition,
    windows: &[crate::project_search::PlanWindow],
) -> ServiceResult<Vec<Finding>> {
    use std::collections::BTreeMap;

    // Only listings of chains can breach it; chains are few, so their rows are read whole.
    let chosen = project::Entity::find()
        .filter(cond.clone())
        .filter(crate::project::listing::in_chains())
        .all(db)
        .await?;
    if chosen.is_empty() {
        return Ok(Vec::new());
    }
    let physical: Vec<i32> = chosen.iter().map(project::Model::physical).collect();
    let chains = crate::project::listing::listings_by_physical_ids(db, &physical).await?;
    let plan_of = |list_id: i32| {
        windows
            .iter()
            .position(|w| w.list_ids.contains(&list_id))
            .unwrap_or(usize::MAX)
    };
    let mut out: BTreeMap<(usize, i32, i32, i32), Finding> = BTreeMap::new();
    for m in chosen {
        let Some(chain) = chains.get(&m.physical()) else {
            continue;
        };
        let Some(latest) = chain.iter().max_by_key(|p| (plan_of(p.list_id), p.id)) else {
            continue;
        };
        let Some(total) = latest.total_investment else {
            continue;
        };
        let inside: rust_decimal::Decimal = chain.iter().filter_map(|p| p.fyp_investment).sum();
        if inside <= total {
            continue;
        }
        let parts: Vec<String> = chain
            .iter()
            .map(|p| format!("{} {}", p.key, amount(p.fyp_investment)))
            .collect();
        let message = format!(
            "listed in {} plans, its in-window investments add up to {inside} 万元 ({}), above \
             the total investment of {total} 万元 ({})",
            chain.len(),
            parts.join(", "),
            latest.key
        );
        out.insert(
            (
                plan_of(m.list_id),
                m.list_ordinal,
                m.category_ordinal,
                m.seq,
            ),
            Finding {
                rule: Rule::WindowsAboveTotal,
                severity: Rule::WindowsAboveTotal.severity(),
                project_id: m.id,
                project_key: m.key,
                project_name: m.name,
                message,
            },
        );
    }
    Ok(out.into_values().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_distinct_and_screaming_snake_case() {
        let mut ids: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
        assert!(
            ids.iter()
                .all(|id| id.bytes().all(|b| b.is_ascii_uppercase() || b == b'_'))
        );
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), Rule::ALL.len());
    }
}
