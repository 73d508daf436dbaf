//! Sums built to break floating point are exact: ten thousand millionths, and a thousand amounts
//! at the storage limit, through the aggregates, a `GROUP BY` and the plan window.

use entity::project;
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, TransactionTrait};
use serde_json::{Value, json};
use service::finance::AggregateDelta;

use super::{DIMENSIONS, assert_window_adds_up, dec_json, new_row, plan_window, ratio, summary};
use crate::both_backends;
use crate::helpers::{Backend, TestApp, category_by_code, d, spawn_app};

both_backends!(
    the_aggregates_sum_millionths_and_amounts_at_the_limit_exactly,
    a_group_by_sums_millionths_and_amounts_at_the_limit_exactly,
    every_pair_of_dimensions_adds_up_to_the_same_exact_total,
    the_plan_window_keeps_every_fen_of_them,
);

async fn insert_counted(db: &DatabaseConnection, rows: Vec<project::ActiveModel>) {
    let txn = db.begin().await.expect("begin");
    for chunk in rows.chunks(400) {
        project::Entity::insert_many(chunk.to_vec())
            .exec(&txn)
            .await
            .expect("insert");
    }
    let keys: Vec<String> = rows
        .iter()
        .filter_map(|r| match &r.key {
            sea_orm::ActiveValue::Set(k) => Some(k.clone()),
            _ => None,
        })
        .collect();
    let mut delta = AggregateDelta::new();
    for chunk in keys.chunks(400) {
        for model in project::Entity::find()
            .filter(project::Column::Key.is_in(chunk.iter().cloned()))
            .all(&txn)
            .await
            .expect("read back")
        {
            delta.add(&model);
        }
    }
    delta.apply(&txn).await.expect("aggregates");
    txn.commit().await.expect("commit");
}

/// A fresh server whose PARKS category also holds 10,000 projects of 0.000001 and 1,000 at the
/// storage limit.
async fn spawn_app_with_sums_that_break_floating_point(backend: Backend) -> TestApp {
    let app = spawn_app(backend).await;
    let db = &app.db.db;
    let parks = category_by_code(db, "OUJIANG", "PARKS").await;
    let mut rows = Vec::new();
    // 10,000 × 0.000001: a float sum drifts; the exact one is 0.01.
    for i in 0..10_000 {
        rows.push(new_row(
            &parks,
            &format!("TINY-{i:05}"),
            1000 + i,
            Some((2022, 2024)),
            Some("0.000001"),
            Some("0.000001"),
        ));
    }
    // 1,000 at the storage limit: past 2^63 fen in all, and past a double's 15-16 digits each.
    for i in 0..1000 {
        rows.push(new_row(
            &parks,
            &format!("HUGE-{i:04}"),
            20_000 + i,
            Some((2019, 2027)),
            Some("9999999999.999999"),
            Some("9999999999.999998"),
        ));
    }
    insert_counted(db, rows).await;
    app
}

/// The PARKS total and 14th-FYP sums, exactly: the four seeded projects and the 11,000 added.
fn parks_sums() -> (Decimal, Decimal) {
    let tiny = d("0.000001") * Decimal::from(10_000);
    let huge_total = d("9999999999.999999") * Decimal::from(1000);
    let huge_fyp = d("9999999999.999998") * Decimal::from(1000);
    (
        d("1174200") + tiny + huge_total,
        d("897000") + tiny + huge_fyp,
    )
}

fn expect_parks(group: &Value, how: &str) {
    let (parks_total, parks_fyp) = parks_sums();
    assert_eq!(group["projectCount"], 4 + 11_000, "{how}");
    assert_eq!(
        group["totalInvestment"]["known"],
        dec_json(parks_total),
        "{how}"
    );
    assert_eq!(
        group["fypInvestment"]["known"],
        dec_json(parks_fyp),
        "{how}"
    );
    assert_eq!(
        group["fypShare"]["value"],
        ratio(parks_fyp, parks_total),
        "{how}"
    );
}

fn find_parks(s: &Value) -> Value {
    s["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .find(|g| g["key"]["categoryCode"] == "PARKS")
        .expect("PARKS")
        .clone()
}

fn known_total(s: &Value) -> Decimal {
    d(s["total"]["totalInvestment"]["known"]
        .as_str()
        .expect("sum"))
}

/// From the aggregates (unfiltered, no completed investment asked for).
async fn the_aggregates_sum_millionths_and_amounts_at_the_limit_exactly(backend: Backend) {
    let app = spawn_app_with_sums_that_break_floating_point(backend).await;
    assert_eq!(parks_sums().0.normalize().to_string(), "10000001174200.009");
    let lean = app
        .data(
            "{ investmentSummary(groupBy: [CATEGORY]) { total { projectCount totalInvestment { known }
               fypInvestment { known } fypShare { value } }
               groups { key { categoryCode } projectCount totalInvestment { known }
               fypInvestment { known } fypShare { value } } } }",
            json!({}),
        )
        .await["investmentSummary"]
        .clone();
    expect_parks(&find_parks(&lean), "aggregates");
    let all = summary(&app, Value::Null, &[]).await;
    assert_eq!(
        lean["total"]["totalInvestment"]["known"],
        all["total"]["totalInvestment"]["known"]
    );
}

/// From a `GROUP BY`, filtered and with every figure.
async fn a_group_by_sums_millionths_and_amounts_at_the_limit_exactly(backend: Backend) {
    let app = spawn_app_with_sums_that_break_floating_point(backend).await;
    let full = summary(&app, json!({ "listCodes": ["OUJIANG"] }), &["CATEGORY"]).await;
    expect_parks(&find_parks(&full), "group by");
    let oujiang = summary(&app, json!({ "listCodes": ["OUJIANG"] }), &[]).await;
    let all = summary(&app, Value::Null, &[]).await;
    assert_eq!(known_total(&oujiang) + d("11406800"), known_total(&all));
}

async fn every_pair_of_dimensions_adds_up_to_the_same_exact_total(backend: Backend) {
    let app = spawn_app_with_sums_that_break_floating_point(backend).await;
    let oujiang_known = known_total(&summary(&app, json!({ "listCodes": ["OUJIANG"] }), &[]).await);
    for (i, a) in DIMENSIONS.iter().enumerate() {
        for b in &DIMENSIONS[i + 1..] {
            let s = summary(&app, json!({ "listCodes": ["OUJIANG"] }), &[a, b]).await;
            let sum: Decimal = s["groups"]
                .as_array()
                .expect("groups")
                .iter()
                .map(|g| d(g["totalInvestment"]["known"].as_str().expect("sum")))
                .sum();
            assert_eq!(sum, oujiang_known, "{a} × {b}");
            assert_eq!(
                s["total"]["totalInvestment"]["known"],
                dec_json(oujiang_known)
            );
        }
    }
}

async fn the_plan_window_keeps_every_fen_of_them(backend: Backend) {
    let app = spawn_app_with_sums_that_break_floating_point(backend).await;
    let window = plan_window(&app, json!({ "listCodes": ["OUJIANG"] })).await;
    assert_window_adds_up(&window);
}
