//! Amounts round-trip and add up exactly, identically on both backends, up to the storage limit.

use entity::{category, project};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde_json::json;

use crate::both_backends;
use crate::helpers::{Backend, TestApp, category_by_code, fen, project_row, spawn_app};

both_backends!(
    amounts_round_trip_and_sum_exactly,
    sums_of_amounts_at_the_storage_limit_do_not_overflow,
    the_database_refuses_impossible_amounts,
);

/// A project row in Appendix 3's PARKS category with the given amounts (in 万元 text).
fn row(
    category: &category::Model,
    seq: i32,
    total: Option<&str>,
    fyp: Option<&str>,
) -> project::ActiveModel {
    project::ActiveModel {
        total_investment_fen: Set(total.map(fen)),
        fyp_investment_fen: Set(fyp.map(fen)),
        ..project_row(
            category,
            2,
            &format!("TEST-{seq:05}"),
            seq,
            format!("test project {seq}"),
            "test",
        )
    }
}

async fn parks(app: &TestApp) -> category::Model {
    category_by_code(&app.db.db, "OUJIANG", "PARKS").await
}

async fn parks_row(app: &TestApp) -> serde_json::Value {
    let data = app
        .data(
            "{ reconciliation { categoryCode computedCount computedTotalInvestment computedFypInvestment
               unknownTotalInvestmentCount unknownFypInvestmentCount } }",
            json!({}),
        )
        .await;
    data["reconciliation"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["categoryCode"] == "PARKS")
        .expect("PARKS row")
        .clone()
}

async fn amounts_round_trip_and_sum_exactly(backend: Backend) {
    let app = spawn_app(backend).await;
    let parks = parks(&app).await;
    let before = parks_row(&app).await;
    assert_eq!(before["computedTotalInvestment"], "1174200");

    let amounts = [
        ("0.1", "0.1"),
        ("0.2", "0.2"),
        ("1234.567891", "0.000001"),
        ("9999999999.999999", "9999999999.999999"),
    ];
    for (i, (total, fyp)) in amounts.iter().enumerate() {
        row(&parks, 101 + i as i32, Some(total), Some(fyp))
            .insert(&app.db.db)
            .await
            .expect("insert");
    }
    row(&parks, 120, None, Some("7"))
        .insert(&app.db.db)
        .await
        .expect("insert");

    for (i, (total, fyp)) in amounts.iter().enumerate() {
        let data = app
            .data(
                "query($key: String!) { project(key: $key) { totalInvestment fypInvestment } }",
                json!({ "key": format!("TEST-{:05}", 101 + i) }),
            )
            .await;
        assert_eq!(data["project"]["totalInvestment"], *total);
        assert_eq!(data["project"]["fypInvestment"], *fyp);
    }

    let after = parks_row(&app).await;
    assert_eq!(after["computedCount"], 4 + 5);
    // 1174200 + 0.1 + 0.2 + 1234.567891 + 9999999999.999999, exactly.
    assert_eq!(after["computedTotalInvestment"], "10001175434.86789");
    // 897000 + 0.1 + 0.2 + 0.000001 + 9999999999.999999 + 7
    assert_eq!(after["computedFypInvestment"], "10000897007.3");
    assert_eq!(after["unknownTotalInvestmentCount"], 1);
    assert_eq!(after["unknownFypInvestmentCount"], 0);
}

async fn sums_of_amounts_at_the_storage_limit_do_not_overflow(backend: Backend) {
    let app = spawn_app(backend).await;
    let parks = parks(&app).await;
    // 1,000 × the largest amount is about 10^19 fen, past what a 64-bit integer holds; the
    // split sum must still be exact.
    let rows: Vec<project::ActiveModel> = (0..1000)
        .map(|i| {
            row(
                &parks,
                1000 + i,
                Some("9999999999.999999"),
                Some("0.000001"),
            )
        })
        .collect();
    for chunk in rows.chunks(100) {
        project::Entity::insert_many(chunk.to_vec())
            .exec(&app.db.db)
            .await
            .expect("insert");
    }
    let after = parks_row(&app).await;
    assert_eq!(after["computedCount"], 1004);
    assert_eq!(after["computedTotalInvestment"], "10000001174199.999");
    assert_eq!(after["computedFypInvestment"], "897000.001");
}

async fn the_database_refuses_impossible_amounts(backend: Backend) {
    let app = spawn_app(backend).await;
    let parks = parks(&app).await;
    let over = row(&parks, 200, Some("10"), Some("11"))
        .insert(&app.db.db)
        .await;
    assert!(
        over.is_err(),
        "14th-FYP investment above the total must be refused"
    );
    let mut negative = row(&parks, 201, Some("10"), None);
    negative.total_investment_fen = Set(Some(-1));
    assert!(
        negative.insert(&app.db.db).await.is_err(),
        "negative amounts must be refused"
    );
    let mut years = row(&parks, 202, None, None);
    years.start_year = Set(Some(2025));
    years.end_year = Set(Some(2021));
    assert!(
        years.insert(&app.db.db).await.is_err(),
        "a period must not end before it starts"
    );
    let duplicate = row(&parks, 1, None, None).insert(&app.db.db).await;
    assert!(
        duplicate.is_err(),
        "sequence numbers are unique within a category"
    );
    assert_eq!(
        parks_row(&app).await["computedCount"],
        4,
        "nothing was written"
    );
}
