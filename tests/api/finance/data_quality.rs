//! `dataQuality` reports what the seeds leave unknown, and finds every row that breaks a rule,
//! even rows the CHECK constraints would have refused.

use chrono::NaiveDate;
use entity::project;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, TransactionTrait};
use serde_json::{Value, json};

use super::{assert_window_adds_up, new_row, plan_window};
use crate::both_backends;
use crate::helpers::{
    Backend, SeedRow, TestApp, category_by_code, fen, progress_report_row, project_by_key,
    seed_rows, spawn_app,
};

both_backends!(
    the_seeds_break_no_rule_and_their_unknowns_are_reported,
    every_rule_finds_the_rows_that_break_it,
    findings_say_in_words_what_is_wrong,
    only_the_rules_asked_for_are_checked,
    rows_that_break_the_rules_keep_the_plan_windows_sums_whole,
);

const QUALITY: &str = "query($filter: ProjectFilter, $rules: [DataQualityRule!]) {
  dataQuality(filter: $filter, rules: $rules) { rule severity message projectKey projectName
  project { key } } }";

fn findings(data: &Value) -> Vec<(String, String, String)> {
    data["dataQuality"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            assert_eq!(f["project"]["key"], f["projectKey"]);
            (
                f["rule"].as_str().expect("rule").to_owned(),
                f["severity"].as_str().expect("severity").to_owned(),
                f["projectKey"].as_str().expect("key").to_owned(),
            )
        })
        .collect()
}

/// Inserts a row the CHECK constraints would refuse, as data from elsewhere might arrive.
async fn insert_bypassing_checks(db: &DatabaseConnection, row: project::ActiveModel) {
    match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => {
            let names = db
                .query_all_raw(sea_orm::Statement::from_string(
                    sea_orm::DbBackend::Postgres,
                    "SELECT conname FROM pg_constraint WHERE conrelid = 'project'::regclass \
                     AND contype = 'c'",
                ))
                .await
                .expect("constraints");
            for name in names {
                let name: String = name.try_get("", "conname").expect("name");
                db.execute_unprepared(&format!("ALTER TABLE project DROP CONSTRAINT \"{name}\""))
                    .await
                    .expect("drop check");
            }
            row.insert(db).await.expect("insert");
        }
        _ => {
            let txn = db.begin().await.expect("begin");
            txn.execute_unprepared("PRAGMA ignore_check_constraints = ON")
                .await
                .expect("pragma");
            row.insert(&txn).await.expect("insert");
            txn.execute_unprepared("PRAGMA ignore_check_constraints = OFF")
                .await
                .expect("pragma");
            txn.commit().await.expect("commit");
        }
    }
}

/// Rows that break each rule, two of them past the CHECK constraints, and the progress reports
/// that state more completed than the total.
async fn insert_rule_breakers(db: &DatabaseConnection) {
    let parks = category_by_code(db, "OUJIANG", "PARKS").await;
    // Key, seq, period, total and 14th-FYP investment; the constraints refuse the first two.
    let rows = [
        ("BAD-ABOVE", 80, (2021, 2022), "10", "12"),
        ("BAD-PERIOD", 81, (2024, 2022), "10", "4"),
        ("BAD-OUTSIDE", 82, (2014, 2019), "10", "0.5"),
        ("BAD-ALL-IN", 83, (2019, 2023), "100", "100"),
        ("BAD-COMPLETED", 84, (2021, 2023), "100", "50"),
    ];
    for (i, (key, seq, period, total, fyp)) in rows.into_iter().enumerate() {
        let row = new_row(&parks, key, seq, Some(period), Some(total), Some(fyp));
        if i < 2 {
            insert_bypassing_checks(db, row).await;
        } else {
            row.insert(db).await.expect("insert");
        }
    }
    let outside = project_by_key(db, "BAD-OUTSIDE").await;
    let over = project_by_key(db, "BAD-COMPLETED").await;
    // The latest report of BAD-COMPLETED is above its total; BAD-OUTSIDE's only one too.
    for (project, month, percent_bp, completed) in [
        (&outside, 3, 5000, "150.5"),
        (&over, 6, 5000, "99"),
        (&over, 9, 9000, "100.000001"),
    ] {
        progress_report_row(
            project.id,
            NaiveDate::from_ymd_opt(2024, month, 1).expect("date"),
            percent_bp,
            fen(completed),
        )
        .insert(db)
        .await
        .expect("report");
    }
}

/// A fresh server whose database also holds the rule breakers.
async fn spawn_app_with_rule_breakers(backend: Backend) -> TestApp {
    let app = spawn_app(backend).await;
    insert_rule_breakers(&app.db.db).await;
    app
}

/// The seeds break no rule; they leave amounts and periods unknown, which is reported as such.
async fn the_seeds_break_no_rule_and_their_unknowns_are_reported(backend: Backend) {
    let app = spawn_app(backend).await;
    let rows = seed_rows();
    let seeded = findings(&app.data(QUALITY, json!({})).await);
    let expected_keys = |pred: fn(&SeedRow) -> bool| -> Vec<String> {
        rows.iter()
            .filter(|r| pred(r))
            .map(|r| r.key.clone())
            .collect()
    };
    let of_rule = |all: &[(String, String, String)], rule: &str| -> Vec<String> {
        all.iter()
            .filter(|f| f.0 == rule)
            .map(|f| f.2.clone())
            .collect()
    };
    assert!(seeded.iter().all(|f| f.1 == "INFO"), "{seeded:?}");
    assert_eq!(
        of_rule(&seeded, "TOTAL_UNKNOWN"),
        expected_keys(|r| r.total.is_none())
    );
    assert_eq!(
        of_rule(&seeded, "FYP_UNKNOWN"),
        expected_keys(|r| r.fyp.is_none())
    );
    assert_eq!(
        of_rule(&seeded, "PERIOD_UNKNOWN"),
        expected_keys(|r| r.start.is_none())
    );
    assert_eq!(seeded.len(), 10 + 10 + 7);
}

async fn every_rule_finds_the_rows_that_break_it(backend: Backend) {
    let app = spawn_app_with_rule_breakers(backend).await;
    let data = app
        .data(QUALITY, json!({ "filter": { "search": "BAD-" } }))
        .await;
    let all = findings(&data);
    assert_eq!(
        all.iter()
            .filter(|f| f.1 != "INFO")
            .map(|f| (f.0.as_str(), f.1.as_str(), f.2.as_str()))
            .collect::<Vec<_>>(),
        [
            ("FYP_ABOVE_TOTAL", "ERROR", "BAD-ABOVE"),
            ("PERIOD_ENDS_BEFORE_START", "ERROR", "BAD-PERIOD"),
            ("FYP_OUTSIDE_WINDOW", "ERROR", "BAD-OUTSIDE"),
            ("COMPLETED_ABOVE_TOTAL", "WARNING", "BAD-OUTSIDE"),
            ("COMPLETED_ABOVE_TOTAL", "WARNING", "BAD-COMPLETED"),
            ("FYP_EQUALS_TOTAL_BEYOND_WINDOW", "WARNING", "BAD-ALL-IN"),
        ]
    );
}

async fn findings_say_in_words_what_is_wrong(backend: Backend) {
    let app = spawn_app_with_rule_breakers(backend).await;
    let data = app
        .data(QUALITY, json!({ "filter": { "search": "BAD-" } }))
        .await;
    let messages: Vec<&str> = data["dataQuality"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["message"].as_str())
        .collect();
    assert!(messages.contains(&"14th-FYP investment 12 exceeds total investment 10 (万元)"));
    assert!(messages.contains(
        &"latest progress report states 100.000001 万元 completed, above the total investment of 100 万元"
    ));
    assert!(messages.contains(&"construction period 2024-2022 ends before it starts"));
}

async fn only_the_rules_asked_for_are_checked(backend: Backend) {
    let app = spawn_app_with_rule_breakers(backend).await;
    let only = findings(
        &app.data(
            QUALITY,
            json!({ "rules": ["FYP_OUTSIDE_WINDOW", "FYP_ABOVE_TOTAL"] }),
        )
        .await,
    );
    assert_eq!(
        only.iter().map(|f| f.2.as_str()).collect::<Vec<_>>(),
        ["BAD-ABOVE", "BAD-OUTSIDE"]
    );
}

/// Even rows that break the CHECK rules keep the plan window's sums whole.
async fn rows_that_break_the_rules_keep_the_plan_windows_sums_whole(backend: Backend) {
    let app = spawn_app_with_rule_breakers(backend).await;
    assert_window_adds_up(&plan_window(&app, json!({ "search": "BAD-" })).await);
}
