//! Finance: what the investment figures must be. Summaries against an independent reading of
//! the seeds, the maintained aggregates through writes, sums built to break floating point, the
//! plan-window spread, reconciliation after direct edits, data-quality findings and the CSV
//! exports, a file each; the queries and expectations they share are here.

mod aggregates;
mod data_quality;
mod exact_sums;
mod exports;
mod plan_window;
mod reconciliation;
mod summary;

use entity::{category, project};
use rust_decimal::{Decimal, RoundingStrategy};
use sea_orm::Set;
use serde_json::{Value, json};

use crate::helpers::{TestApp, d, fen, project_row};

fn dec_json(value: Decimal) -> Value {
    json!(value.normalize().to_string())
}

fn ratio(part: Decimal, whole: Decimal) -> Value {
    if whole.is_zero() {
        Value::Null
    } else {
        dec_json((part / whole).round_dp_with_strategy(10, RoundingStrategy::MidpointAwayFromZero))
    }
}

const DIMENSIONS: [&str; 6] = [
    "LIST",
    "CATEGORY",
    "STATUS",
    "START_YEAR",
    "END_YEAR",
    "LOCATION",
];

const SUMMARY: &str = "query($filter: ProjectFilter, $groupBy: [InvestmentDimension!]) {
  investmentSummary(filter: $filter, groupBy: $groupBy) {
    groupBy
    total { ...figures }
    groups { key { listCode categoryCode status startYear endYear location } ...figures }
  } }
fragment figures on InvestmentGroup {
  projectCount
  totalInvestment { known unknownCount }
  fypInvestment { known unknownCount }
  fypShare { value basisCount fypInvestment totalInvestment }
  completedInvestment { amount reportedCount unreportedCount }
  executionRate
}";

async fn summary(app: &TestApp, filter: Value, group_by: &[&str]) -> Value {
    app.data(SUMMARY, json!({ "filter": filter, "groupBy": group_by }))
        .await["investmentSummary"]
        .clone()
}

/// A new project row of `category` (amounts in 万元 text, `None` unknown).
fn new_row(
    category: &category::Model,
    key: &str,
    seq: i32,
    period: Option<(i32, i32)>,
    total: Option<&str>,
    fyp: Option<&str>,
) -> project::ActiveModel {
    project::ActiveModel {
        start_year: Set(period.map(|p| p.0)),
        end_year: Set(period.map(|p| p.1)),
        total_investment_fen: Set(total.map(fen)),
        fyp_investment_fen: Set(fyp.map(fen)),
        ..project_row(category, 50, key, seq, format!("测试项目{key}"), "测试")
    }
}

const WINDOW: &str = "query($filter: ProjectFilter) { planWindow(filter: $filter) {
  windowStart windowEnd projectCount periodUnknownCount fypInvestment { known unknownCount }
  years { year projectsUnderWay fypInvestment } unallocated { amount projectCount } } }";

async fn plan_window(app: &TestApp, filter: Value) -> Value {
    app.data(WINDOW, json!({ "filter": filter })).await["planWindow"].clone()
}

fn assert_window_adds_up(window: &Value) {
    let years: Decimal = window["years"]
        .as_array()
        .expect("years")
        .iter()
        .map(|y| d(y["fypInvestment"].as_str().expect("amount")))
        .sum();
    let unallocated = d(window["unallocated"]["amount"].as_str().expect("amount"));
    assert_eq!(
        dec_json(years + unallocated),
        window["fypInvestment"]["known"],
        "yearly parts plus unallocated must equal the known 14th-FYP total"
    );
}
