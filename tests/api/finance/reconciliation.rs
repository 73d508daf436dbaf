//! `reconciliation` compares the document's declared counts and subtotals with the rows as they
//! are, and sees rows edited behind the service's back.

use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};
use serde_json::{Value, json};

use super::new_row;
use crate::both_backends;
use crate::helpers::{Backend, category_by_code, fen, project_by_key, spawn_app};

both_backends!(
    an_amount_edited_in_the_table_shows_as_drift_at_once,
    a_project_added_in_the_table_breaks_the_declared_count,
);

const RECONCILIATION: &str = "{ reconciliation { listCode categoryCode declaredCount computedCount
  countDifference declaredTotalInvestment computedTotalInvestment totalInvestmentDifference
  declaredFypInvestment computedFypInvestment fypInvestmentDifference matches status } }";

fn reconciliation_row<'a>(data: &'a Value, category: Option<&str>) -> &'a Value {
    data["reconciliation"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["listCode"] == "DONGTOU" && r["categoryCode"] == json!(category))
        .expect("row")
}

/// An amount edited directly in the table: the next answer sees the drift, where it is only.
async fn an_amount_edited_in_the_table_shows_as_drift_at_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let db = &app.db.db;
    let before = app.data(RECONCILIATION, json!({})).await;
    assert_eq!(
        reconciliation_row(&before, Some("GREEN"))["status"],
        "MATCHES"
    );

    let lng = project_by_key(db, "DONGTOU-GREEN-08").await;
    let mut edit = lng.into_active_model();
    edit.total_investment_fen = Set(Some(fen("1303600.5")));
    edit.update(db).await.expect("update");
    let after = app.data(RECONCILIATION, json!({})).await;
    let green = reconciliation_row(&after, Some("GREEN"));
    assert_eq!(green["status"], "DIFFERS");
    assert_eq!(green["matches"], false);
    assert_eq!(green["computedTotalInvestment"], "5431700.5");
    assert_eq!(green["totalInvestmentDifference"], "-0.5");
    assert_eq!(green["fypInvestmentDifference"], "0");
    assert_eq!(green["countDifference"], 0);
    let list = reconciliation_row(&after, None);
    assert_eq!(list["status"], "DIFFERS");
    assert_eq!(list["totalInvestmentDifference"], "-0.5");
    assert_eq!(
        reconciliation_row(&after, Some("DIGITAL"))["status"],
        "MATCHES"
    );
}

async fn a_project_added_in_the_table_breaks_the_declared_count(backend: Backend) {
    let app = spawn_app(backend).await;
    let db = &app.db.db;
    let industrial = category_by_code(db, "DONGTOU", "INDUSTRIAL").await;
    new_row(&industrial, "DONGTOU-INDUSTRIAL-18", 18, None, None, None)
        .insert(db)
        .await
        .expect("insert");
    let added = app.data(RECONCILIATION, json!({})).await;
    let industrial = reconciliation_row(&added, Some("INDUSTRIAL"));
    assert_eq!(industrial["status"], "DIFFERS");
    assert_eq!(industrial["computedCount"], 18);
    assert_eq!(industrial["countDifference"], -1);
    assert_eq!(industrial["totalInvestmentDifference"], "0");
}
