//! `investmentSummary` answers what an independent reading of the seeds gives for every
//! grouping, the document's own figures, and the read API's filters.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::{DIMENSIONS, dec_json, ratio, summary};
use crate::both_backends;
use crate::helpers::{Backend, CATEGORY_ORDER, SeedRow, seed_rows, spawn_app};

both_backends!(
    every_grouping_by_up_to_two_dimensions_matches_the_seeds,
    the_list_totals_are_the_documents_to_the_last_digit,
    a_filter_chooses_the_read_apis_projects_whatever_the_order_of_group_by,
);

/// The expected `groups` of a summary of the seeds grouped by `dims`, in the documented order.
fn expected_groups(rows: &[SeedRow], dims: &[&str]) -> Vec<Value> {
    let has = |d: &str| dims.contains(&d);
    // Sort key: list ordinal, category ordinal, (status), years ascending, location by code point,
    // unknown last.
    type SortKey = (
        Option<usize>,
        Option<usize>,
        (bool, i32),
        (bool, i32),
        (bool, String),
    );
    let mut groups: BTreeMap<SortKey, (Value, Vec<&SeedRow>)> = BTreeMap::new();
    for r in rows {
        let list_ordinal = usize::from(r.list != "DONGTOU");
        let category_ordinal = CATEGORY_ORDER
            .iter()
            .position(|c| *c == r.category)
            .expect("known category");
        let year = |y: Option<i32>| (y.is_none(), y.unwrap_or(0));
        let sort: SortKey = (
            (has("LIST") || has("CATEGORY")).then_some(list_ordinal),
            has("CATEGORY").then_some(category_ordinal),
            if has("START_YEAR") {
                year(r.start)
            } else {
                (false, 0)
            },
            if has("END_YEAR") {
                year(r.end)
            } else {
                (false, 0)
            },
            if has("LOCATION") {
                (r.location.is_none(), r.location.clone().unwrap_or_default())
            } else {
                (false, String::new())
            },
        );
        let key = json!({
            "listCode": (has("LIST") || has("CATEGORY")).then(|| r.list.clone()),
            "categoryCode": has("CATEGORY").then(|| r.category.clone()),
            "status": has("STATUS").then_some("PLANNED"),
            "startYear": if has("START_YEAR") { json!(r.start) } else { Value::Null },
            "endYear": if has("END_YEAR") { json!(r.end) } else { Value::Null },
            "location": if has("LOCATION") { json!(r.location) } else { Value::Null },
        });
        groups
            .entry(sort)
            .or_insert_with(|| (key, Vec::new()))
            .1
            .push(r);
    }
    groups
        .into_values()
        .map(|(key, members)| {
            let mut figures = expected_figures(&members);
            figures["key"] = key;
            figures
        })
        .collect()
}

/// The figures of a set of seed rows, as the API should give them (no progress reports yet).
fn expected_figures(rows: &[&SeedRow]) -> Value {
    let known =
        |f: fn(&SeedRow) -> Option<Decimal>| -> Decimal { rows.iter().filter_map(|r| f(r)).sum() };
    let unknown =
        |f: fn(&SeedRow) -> Option<Decimal>| rows.iter().filter(|r| f(r).is_none()).count();
    let both: Vec<&&SeedRow> = rows
        .iter()
        .filter(|r| r.total.is_some() && r.fyp.is_some())
        .collect();
    let both_total: Decimal = both.iter().filter_map(|r| r.total).sum();
    let both_fyp: Decimal = both.iter().filter_map(|r| r.fyp).sum();
    let fyp_known = known(|r| r.fyp);
    json!({
        "projectCount": rows.len(),
        "totalInvestment": { "known": dec_json(known(|r| r.total)), "unknownCount": unknown(|r| r.total) },
        "fypInvestment": { "known": dec_json(fyp_known), "unknownCount": unknown(|r| r.fyp) },
        "fypShare": {
            "value": ratio(both_fyp, both_total),
            "basisCount": both.len(),
            "fypInvestment": dec_json(both_fyp),
            "totalInvestment": dec_json(both_total),
        },
        "completedInvestment": { "amount": "0", "reportedCount": 0, "unreportedCount": rows.len() },
        "executionRate": ratio(Decimal::ZERO, fyp_known),
    })
}

async fn every_grouping_by_up_to_two_dimensions_matches_the_seeds(backend: Backend) {
    let app = spawn_app(backend).await;
    let rows = seed_rows();
    let all: Vec<&SeedRow> = rows.iter().collect();

    let mut combinations: Vec<Vec<&str>> = vec![vec![]];
    for (i, a) in DIMENSIONS.iter().enumerate() {
        combinations.push(vec![a]);
        for b in &DIMENSIONS[i + 1..] {
            combinations.push(vec![a, b]);
        }
    }
    assert_eq!(combinations.len(), 1 + 6 + 15);
    for dims in &combinations {
        let got = summary(&app, Value::Null, dims).await;
        assert_eq!(got["groupBy"], json!(dims), "{dims:?}");
        let mut total = expected_figures(&all);
        total["key"] = Value::Null;
        let mut got_total = got["total"].clone();
        got_total["key"] = Value::Null;
        assert_eq!(got_total, total, "total of {dims:?}");
        let groups = got["groups"].as_array().expect("groups").clone();
        let expected = if dims.is_empty() {
            let mut only = expected_figures(&all);
            only["key"] = json!({ "listCode": null, "categoryCode": null, "status": null,
                                  "startYear": null, "endYear": null, "location": null });
            vec![only]
        } else {
            expected_groups(&rows, dims)
        };
        assert_eq!(groups, expected, "groups of {dims:?}");
    }
}

async fn the_list_totals_are_the_documents_to_the_last_digit(backend: Backend) {
    let app = spawn_app(backend).await;
    let lists = summary(&app, Value::Null, &["LIST"]).await;
    assert_eq!(lists["groups"][0]["totalInvestment"]["known"], "11406800");
    assert_eq!(lists["groups"][0]["fypInvestment"]["known"], "2710700");
    assert_eq!(lists["groups"][0]["totalInvestment"]["unknownCount"], 10);
    assert_eq!(lists["total"]["projectCount"], 67);
}

/// A filter chooses the same set as the read API, and the order of `groupBy` does not matter.
async fn a_filter_chooses_the_read_apis_projects_whatever_the_order_of_group_by(backend: Backend) {
    let app = spawn_app(backend).await;
    let rows = seed_rows();
    let green = summary(
        &app,
        json!({ "listCodes": ["DONGTOU"], "categoryCodes": ["GREEN"] }),
        &["LOCATION", "START_YEAR"],
    )
    .await;
    let green_rows: Vec<SeedRow> = rows
        .iter()
        .filter(|r| r.list == "DONGTOU" && r.category == "GREEN")
        .cloned()
        .collect();
    assert_eq!(green["groupBy"], json!(["START_YEAR", "LOCATION"]));
    assert_eq!(
        green["groups"].as_array().expect("groups").clone(),
        expected_groups(&green_rows, &["START_YEAR", "LOCATION"])
    );
    assert_eq!(green["total"]["totalInvestment"]["known"], "5431700");
}
