//! The plan's indicator tables: every printed cell read back as its meaning, recorded actuals and
//! the grades they give, the evaluation table and its export, the cross-check with the project
//! lists, and seeding an older database.

mod records;
mod tables;
mod targets;

use serde_json::{Value, json};

use crate::helpers::TestApp;

/// Every field of an indicator the table tests compare.
pub const FIELDS: &str = "code table scope group groupEn ordinal name nameEn unit kind direction
    baselineYear baselineValue baselineUnknownReason targetYear targetValue targetIsMinimum
    targetText targetUnknownReason plannedGrowthRate plannedIncrease plannedGrowthUnknownReason
    source notes { number } actuals { year value growthRate increase note source }";

/// The indicators of one table, with [`FIELDS`].
pub async fn table(app: &TestApp, table: i32) -> Vec<Value> {
    let query = format!(
        "query($t: Int) {{ indicators(planCode: \"DONGTOU-14FYP\", table: $t) {{ {FIELDS} }} }}"
    );
    let data = app.data(&query, json!({ "t": table })).await;
    data["indicators"].as_array().cloned().unwrap_or_default()
}

/// One indicator by code, with the fields asked for.
pub async fn indicator(app: &TestApp, code: &str, fields: &str) -> Value {
    let query = format!("{{ indicators(planCode: \"DONGTOU-14FYP\") {{ code {fields} }} }}");
    let data = app.data(&query, json!({})).await;
    data["indicators"]
        .as_array()
        .and_then(|all| all.iter().find(|i| i["code"] == code).cloned())
        .unwrap_or(Value::Null)
}
