//! Sums built to break floating point are exact: ten thousand millionths, and a thousand amounts
//! at the storage limit, through the aggregates, a `GROUP BY` and the plan window.

use entity::project;
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, TransactionTrait};
use serde_json::{Value, json};
use service::finance::AggregateDelta;

use super::{DIMENSIONS, assert_window_adds_up, dec_json, new_row, plan_window, ratio, summary};
use crate::both_backends;
use crate::helpers::{Backend, category_by_code, d, spawn_app};

both_backends!(sums_built_to_break_floating_point_are_exact);

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

async fn sums_built_to_break_floating_point_are_exact(backend: Backend) {
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

    let tiny = d("0.000001") * Decimal::from(10_000);
    let huge_total = d("9999999999.999999") * Decimal::from(1000);
    let huge_fyp = d("9999999999.999998") * Decimal::from(1000);
    let parks_total = d("1174200") + tiny + huge_total;
    let parks_fyp = d("897000") + tiny + huge_fyp;
    assert_eq!(parks_total.normalize().to_string(), "10000001174200.009");

    let expect_parks = |group: &Value, how: &str| {
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
    };
    let find_parks = |s: &Value| {
        s["groups"]
            .as_array()
            .expect("groups")
            .iter()
            .find(|g| g["key"]["categoryCode"] == "PARKS")
            .expect("PARKS")
            .clone()
    };
    // From the aggregates (unfiltered, no completed investment asked for) …
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
    // … and from a GROUP BY, filtered and with every figure.
    let full = summary(&app, json!({ "listCodes": ["OUJIANG"] }), &["CATEGORY"]).await;
    expect_parks(&find_parks(&full), "group by");
    let oujiang = summary(&app, json!({ "listCodes": ["OUJIANG"] }), &[]).await;
    let all = summary(&app, Value::Null, &[]).await;
    assert_eq!(
        lean["total"]["totalInvestment"]["known"],
        all["total"]["totalInvestment"]["known"]
    );
    let oujiang_known: Decimal = d(oujiang["total"]["totalInvestment"]["known"]
        .as_str()
        .expect("sum"));
    assert_eq!(
        oujiang_known + d("11406800"),
        d(all["total"]["totalInvestment"]["known"]
            .as_str()
            .expect("sum"))
    );

    // Every pair of dimensions still adds up to the same exact total.
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

    // The plan window keeps every fen of them too.
    let window = plan_window(&app, json!({ "listCodes": ["OUJIANG"] })).await;
    assert_window_adds_up(&window);
}
