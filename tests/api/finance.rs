//! Finance: summaries against an independent reading of the seeds, the maintained aggregates
//! through writes, sums built to break floating point, the plan-window spread, reconciliation after
//! direct edits, data-quality findings and the CSV exports.

use std::collections::{BTreeMap, HashMap};

use chrono::{NaiveDate, Utc};
use entity::{ProjectStatus, category, project};
use rust_decimal::{Decimal, RoundingStrategy};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, Set, TransactionTrait,
};
use serde_json::{Value, json};
use service::finance::summary::{self, SummarySource};
use service::finance::{AggregateDelta, Dimension, SummaryParts};
use service::query::ProjectFilter;

use crate::both_backends;
use crate::helpers::{
    Backend, CATEGORY_ORDER, SeedRow, TestApp, category_by_code, d, fen, progress_report_row,
    project_by_key, project_row, seed_rows, spawn_app,
};

both_backends!(
    summaries_match_an_independent_reading_of_the_seeds,
    aggregates_stay_exact_through_every_write,
    sums_built_to_break_floating_point_are_exact,
    the_plan_window_spreads_every_fen,
    reconciliation_sees_rows_edited_behind_its_back,
    data_quality_finds_what_breaks_the_rules,
    exports_are_spreadsheets_of_the_same_figures,
    the_project_export_streams_past_its_batches,
);

// ---------------------------------------------------------------------------------------------
// An independent reading of seeds/projects.csv.

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

/// Without completed investment: what the maintained aggregates can answer.
const LEAN_SUMMARY: &str = "query($filter: ProjectFilter, $groupBy: [InvestmentDimension!]) {
  investmentSummary(filter: $filter, groupBy: $groupBy) {
    total { projectCount totalInvestment { known unknownCount } fypInvestment { known unknownCount }
            fypShare { value basisCount } }
    groups { key { listCode categoryCode status } projectCount totalInvestment { known unknownCount }
             fypInvestment { known unknownCount } fypShare { value basisCount } }
  } }";

async fn summary(app: &TestApp, filter: Value, group_by: &[&str]) -> Value {
    app.data(SUMMARY, json!({ "filter": filter, "groupBy": group_by }))
        .await["investmentSummary"]
        .clone()
}

async fn summaries_match_an_independent_reading_of_the_seeds(backend: Backend) {
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

    // The document's figures, to the last digit.
    let lists = summary(&app, Value::Null, &["LIST"]).await;
    assert_eq!(lists["groups"][0]["totalInvestment"]["known"], "11406800");
    assert_eq!(lists["groups"][0]["fypInvestment"]["known"], "2710700");
    assert_eq!(lists["groups"][0]["totalInvestment"]["unknownCount"], 10);
    assert_eq!(lists["total"]["projectCount"], 67);

    // A filter chooses the same set as the read API, and the order of groupBy does not matter.
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

// ---------------------------------------------------------------------------------------------
// The maintained aggregates.

const AGGREGATE_DIMENSIONS: [&[Dimension]; 6] = [
    &[],
    &[Dimension::List],
    &[Dimension::Category],
    &[Dimension::List, Dimension::Category],
    &[Dimension::Status],
    &[Dimension::Category, Dimension::Status],
];

/// Every breakdown the aggregates serve equals the `GROUP BY` over the projects.
async fn assert_aggregates_exact(db: &DatabaseConnection, when: &str) {
    let parts = SummaryParts {
        share: true,
        completed: false,
    };
    for dims in AGGREGATE_DIMENSIONS {
        let fast = summary::summary_from_aggregates(db, dims, parts)
            .await
            .expect("aggregates");
        let scan = summary::summary_from_projects(db, &ProjectFilter::default(), dims, parts)
            .await
            .expect("group by");
        assert_eq!(fast.source, SummarySource::Aggregates);
        assert_eq!(scan.source, SummarySource::Projects);
        assert_eq!(fast.total, scan.total, "{when}: total of {dims:?}");
        assert_eq!(fast.groups, scan.groups, "{when}: groups of {dims:?}");
    }
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

async fn aggregates_stay_exact_through_every_write(backend: Backend) {
    let app = spawn_app(backend).await;
    let db = &app.db.db;
    assert_aggregates_exact(db, "after seeding").await;

    service::synthetic::add(db, 700, 11, &|_| {})
        .await
        .expect("synthetic");
    assert_aggregates_exact(db, "after synthetic projects").await;

    // An edit through the service function: amounts and status change together.
    let txn = db.begin().await.expect("begin");
    let old = project_by_key(&txn, "DONGTOU-GREEN-08").await;
    let mut edit = old.clone().into_active_model();
    edit.total_investment_fen = Set(Some(fen("1303600.000001")));
    edit.fyp_investment_fen = Set(None);
    edit.status = Set(ProjectStatus::UnderConstruction);
    let new = edit.update(&txn).await.expect("update");
    service::finance::apply_delta(&txn, Some(&old), Some(&new))
        .await
        .expect("delta");
    txn.commit().await.expect("commit");
    assert_aggregates_exact(db, "after an edit").await;

    // Archiving takes a project out of every sum; an insert adds one.
    let txn = db.begin().await.expect("begin");
    let old = project_by_key(&txn, "OUJIANG-PARKS-04").await;
    let mut edit = old.clone().into_active_model();
    edit.archived_at = Set(Some(Utc::now()));
    let new = edit.update(&txn).await.expect("archive");
    service::finance::apply_delta(&txn, Some(&old), Some(&new))
        .await
        .expect("delta");
    let parks = category_by_code(db, "OUJIANG", "PARKS").await;
    let added = new_row(&parks, "TEST-ADDED", 90, None, None, Some("0.000001"))
        .insert(&txn)
        .await
        .expect("insert");
    service::finance::apply_delta(&txn, None, Some(&added))
        .await
        .expect("delta");
    txn.commit().await.expect("commit");
    assert_aggregates_exact(db, "after archiving and inserting").await;

    // A rolled-back write leaves the aggregates as they were.
    let txn = db.begin().await.expect("begin");
    let extra = new_row(&parks, "TEST-ROLLED-BACK", 91, None, Some("5"), Some("5"))
        .insert(&txn)
        .await
        .expect("insert");
    service::finance::apply_delta(&txn, None, Some(&extra))
        .await
        .expect("delta");
    txn.rollback().await.expect("rollback");
    assert_aggregates_exact(db, "after a rollback").await;

    // GraphQL serves the same figures from either source (the aggregates when unfiltered and no
    // completed investment is asked for).
    let lean = |filter: Value| {
        app.data(
            LEAN_SUMMARY,
            json!({ "filter": filter, "groupBy": ["LIST", "CATEGORY"] }),
        )
    };
    let fast = lean(Value::Null).await["investmentSummary"].clone();
    let scan = lean(json!({ "listCodes": ["DONGTOU", "OUJIANG", "SYNTHETIC"] })).await
        ["investmentSummary"]
        .clone();
    assert_eq!(fast["groups"], scan["groups"]);
    assert_eq!(fast["total"], scan["total"]);
    let green = fast["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .find(|g| g["key"]["listCode"] == "DONGTOU" && g["key"]["categoryCode"] == "GREEN")
        .expect("green")
        .clone();
    assert_eq!(green["totalInvestment"]["known"], "5431700.000001");
    assert_eq!(green["fypInvestment"]["unknownCount"], 3 + 1);

    // A row written behind the service's back is not counted until the aggregates are rebuilt.
    new_row(&parks, "TEST-BEHIND", 92, None, Some("1"), Some("1"))
        .insert(db)
        .await
        .expect("insert");
    let parts = SummaryParts {
        share: false,
        completed: false,
    };
    let fast = summary::summary_from_aggregates(db, &[], parts)
        .await
        .expect("aggregates");
    let scan = summary::summary_from_projects(db, &ProjectFilter::default(), &[], parts)
        .await
        .expect("group by");
    assert_eq!(fast.total.project_count + 1, scan.total.project_count);
    let txn = db.begin().await.expect("begin");
    service::finance::rebuild_aggregates(&txn)
        .await
        .expect("rebuild");
    txn.commit().await.expect("commit");
    assert_aggregates_exact(db, "after a rebuild").await;
}

// ---------------------------------------------------------------------------------------------
// Sums that floating point gets wrong.

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

// ---------------------------------------------------------------------------------------------
// The plan window.

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

/// The method, independently: fen, quotient per year, remainder to the earliest years.
fn spread_expected(rows: &[SeedRow]) -> (BTreeMap<i32, (i64, i64)>, i64, i64) {
    let mut years: BTreeMap<i32, (i64, i64)> = (2021..=2025).map(|y| (y, (0, 0))).collect();
    let (mut unallocated, mut unallocated_count) = (0i64, 0i64);
    for r in rows {
        if let (Some(s), Some(e)) = (r.start, r.end) {
            for y in s.max(2021)..=e.min(2025) {
                years.get_mut(&y).expect("year").0 += 1;
            }
        }
        let Some(fyp) = r.fyp else { continue };
        let fyp = fen(&fyp.to_string());
        match (r.start, r.end) {
            (Some(s), Some(e)) if s.max(2021) <= e.min(2025) => {
                let (lo, hi) = (s.max(2021), e.min(2025));
                let n = i64::from(hi - lo + 1);
                for (i, y) in (lo..=hi).enumerate() {
                    let extra = i64::from((i as i64) < fyp % n);
                    years.get_mut(&y).expect("year").1 += fyp / n + extra;
                }
            }
            _ => {
                unallocated += fyp;
                unallocated_count += 1;
            }
        }
    }
    (years, unallocated, unallocated_count)
}

fn wan(fen: i64) -> Value {
    dec_json(Decimal::new(fen, 6))
}

async fn the_plan_window_spreads_every_fen(backend: Backend) {
    let app = spawn_app(backend).await;
    let rows = seed_rows();
    let window = plan_window(&app, Value::Null).await;
    assert_eq!(window["windowStart"], 2021);
    assert_eq!(window["windowEnd"], 2025);
    assert_eq!(window["projectCount"], 67);
    assert_eq!(window["periodUnknownCount"], 7);
    assert_window_adds_up(&window);
    let (years, unallocated, unallocated_count) = spread_expected(&rows);
    let got: Vec<(i64, Value, i64)> = window["years"]
        .as_array()
        .expect("years")
        .iter()
        .map(|y| {
            (
                y["year"].as_i64().expect("year"),
                y["fypInvestment"].clone(),
                y["projectsUnderWay"].as_i64().expect("count"),
            )
        })
        .collect();
    let expected: Vec<(i64, Value, i64)> = years
        .iter()
        .map(|(y, (count, fen))| (i64::from(*y), wan(*fen), *count))
        .collect();
    assert_eq!(got, expected);
    assert_eq!(window["unallocated"]["amount"], wan(unallocated));
    assert_eq!(window["unallocated"]["projectCount"], unallocated_count);

    // The LNG terminal, 2018-2025 with 1000000 inside the window: 200000 in each of five years.
    let lng = plan_window(&app, json!({ "search": "温州液化天然气（LNG）接收站" })).await;
    assert_eq!(lng["projectCount"], 1);
    let parts: Vec<&Value> = lng["years"]
        .as_array()
        .expect("years")
        .iter()
        .map(|y| &y["fypInvestment"])
        .collect();
    assert_eq!(parts, [&json!("200000"); 5]);

    // Seven fen over 2023-2025: the remainder goes to the earliest years. A period outside the
    // window or unknown leaves its amount unallocated, never dropped.
    let db = &app.db.db;
    let parks = category_by_code(db, "OUJIANG", "PARKS").await;
    for (key, seq, period, fyp) in [
        ("SPREAD-A", 70, Some((2023, 2027)), "0.000007"),
        ("SPREAD-B", 71, Some((2014, 2016)), "3.5"),
        ("SPREAD-C", 72, None, "0.25"),
    ] {
        let mut row = new_row(&parks, key, seq, period, Some("10"), Some(fyp));
        row.name = Set(format!("分摊测试{key}"));
        row.insert(db).await.expect("insert");
    }
    let spread = plan_window(&app, json!({ "search": "分摊测试" })).await;
    let parts: Vec<&Value> = spread["years"]
        .as_array()
        .expect("years")
        .iter()
        .map(|y| &y["fypInvestment"])
        .collect();
    assert_eq!(
        parts,
        [
            &json!("0"),
            &json!("0"),
            &json!("0.000003"),
            &json!("0.000002"),
            &json!("0.000002")
        ]
    );
    assert_eq!(spread["unallocated"]["amount"], "3.75");
    assert_eq!(spread["unallocated"]["projectCount"], 2);
    assert_window_adds_up(&spread);
}

// ---------------------------------------------------------------------------------------------
// Reconciliation.

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

async fn reconciliation_sees_rows_edited_behind_its_back(backend: Backend) {
    let app = spawn_app(backend).await;
    let db = &app.db.db;
    let before = app.data(RECONCILIATION, json!({})).await;
    assert_eq!(
        reconciliation_row(&before, Some("GREEN"))["status"],
        "MATCHES"
    );

    // Edit an amount directly in the table: the next answer sees the drift.
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

    // Add a project: the declared count no longer holds.
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

// ---------------------------------------------------------------------------------------------
// Data quality.

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

async fn data_quality_finds_what_breaks_the_rules(backend: Backend) {
    let app = spawn_app(backend).await;
    let rows = seed_rows();

    // The seeds break no rule; they leave amounts and periods unknown, which is reported as such.
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

    // Rows that break each rule.
    let db = &app.db.db;
    let parks = category_by_code(db, "OUJIANG", "PARKS").await;
    insert_bypassing_checks(
        db,
        new_row(
            &parks,
            "BAD-ABOVE",
            80,
            Some((2021, 2022)),
            Some("10"),
            Some("12"),
        ),
    )
    .await;
    insert_bypassing_checks(
        db,
        new_row(
            &parks,
            "BAD-PERIOD",
            81,
            Some((2024, 2022)),
            Some("10"),
            Some("4"),
        ),
    )
    .await;
    let outside = new_row(
        &parks,
        "BAD-OUTSIDE",
        82,
        Some((2014, 2019)),
        Some("10"),
        Some("0.5"),
    )
    .insert(db)
    .await
    .expect("insert");
    new_row(
        &parks,
        "BAD-ALL-IN",
        83,
        Some((2019, 2023)),
        Some("100"),
        Some("100"),
    )
    .insert(db)
    .await
    .expect("insert");
    let over = new_row(
        &parks,
        "BAD-COMPLETED",
        84,
        Some((2021, 2023)),
        Some("100"),
        Some("50"),
    )
    .insert(db)
    .await
    .expect("insert");
    for (month, completed) in [(3, "150.5"), (6, "99")] {
        progress_report_row(
            if month == 3 { outside.id } else { over.id },
            NaiveDate::from_ymd_opt(2024, month, 1).expect("date"),
            5000,
            fen(completed),
        )
        .insert(db)
        .await
        .expect("report");
    }
    // The latest report of BAD-COMPLETED is above its total; BAD-OUTSIDE's only one too.
    progress_report_row(
        over.id,
        NaiveDate::from_ymd_opt(2024, 9, 1).expect("date"),
        9000,
        fen("100.000001"),
    )
    .insert(db)
    .await
    .expect("report");

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

    // Only the rules asked for.
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

    // Even rows that break the CHECK rules keep the plan window's sums whole.
    assert_window_adds_up(&plan_window(&app, json!({ "search": "BAD-" })).await);
}

// ---------------------------------------------------------------------------------------------
// CSV exports.

async fn get_csv(app: &TestApp, path_and_query: &str) -> (reqwest::StatusCode, String, Vec<u8>) {
    get_csv_as(app, Some(&app.token), path_and_query).await
}

async fn get_csv_as(
    app: &TestApp,
    token: Option<&str>,
    path_and_query: &str,
) -> (reqwest::StatusCode, String, Vec<u8>) {
    let response = app.get_as(token, path_and_query).await;
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let body = response.bytes().await.expect("body").to_vec();
    (status, content_type, body)
}

/// Checks the BOM and parses the rest: header and records.
fn parse_csv(body: &[u8]) -> (Vec<String>, Vec<HashMap<String, String>>) {
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    assert!(body.starts_with(BOM), "UTF-8 with a byte-order mark");
    let mut reader = csv::Reader::from_reader(&body[BOM.len()..]);
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    let records = reader
        .records()
        .map(|r| {
            let r = r.expect("record");
            header
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_owned))
                .collect()
        })
        .collect();
    (header, records)
}

async fn exports_are_spreadsheets_of_the_same_figures(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, content_type, body) = get_csv(&app, "/export/projects.csv").await;
    assert_eq!(status, 200);
    assert_eq!(content_type, "text/csv; charset=utf-8");
    let (header, records) = parse_csv(&body);
    assert_eq!(header[0], "key 项目编号");
    assert!(header.contains(&"total_investment 总投资（万元）".to_owned()));
    assert!(header.contains(&"total_investment_unknown 总投资待定".to_owned()));
    assert_eq!(records.len(), 67);
    let rows = seed_rows();
    for (record, row) in records.iter().zip(&rows) {
        assert_eq!(record["key 项目编号"], row.key, "document order");
        assert_eq!(record["name 项目名称"], row.name);
        assert_eq!(record["list 清单"], row.list);
        assert_eq!(record["category 类别"], row.category);
        for (amount, value, flag) in [
            (
                row.total,
                "total_investment 总投资（万元）",
                "total_investment_unknown 总投资待定",
            ),
            (
                row.fyp,
                "fyp_investment 十四五投资（万元）",
                "fyp_investment_unknown 十四五投资待定",
            ),
        ] {
            match amount {
                Some(a) => {
                    assert_eq!(d(&record[value]), a, "{}", row.key);
                    assert_eq!(record[value], a.normalize().to_string());
                    assert_eq!(record[flag], "false");
                }
                None => {
                    assert_eq!(record[value], "", "{}: unknown is an empty cell", row.key);
                    assert_eq!(record[flag], "true");
                }
            }
        }
    }
    let lng = records
        .iter()
        .find(|r| r["key 项目编号"] == "DONGTOU-GREEN-08")
        .expect("LNG");
    assert_eq!(lng["name 项目名称"], "温州液化天然气（LNG）接收站项目");
    assert_eq!(lng["fyp_share 十四五投资占比"], "0.7671064744");
    assert_eq!(lng["location 地点"], "小门岛");

    // Zero is written as 0 and known; a formula-like name is defused.
    let parks = category_by_code(&app.db.db, "OUJIANG", "PARKS").await;
    let mut zero = new_row(
        &parks,
        "ZERO-1",
        60,
        Some((2022, 2023)),
        Some("0.5"),
        Some("0"),
    );
    zero.name = Set("=1+1 零投资测试".into());
    zero.insert(&app.db.db).await.expect("insert");
    let (_, _, body) = get_csv(
        &app,
        "/export/projects.csv?list=OUJIANG&search=%E9%9B%B6%E6%8A%95%E8%B5%84",
    )
    .await;
    let (_, zero_rows) = parse_csv(&body);
    assert_eq!(zero_rows.len(), 1);
    assert_eq!(zero_rows[0]["fyp_investment 十四五投资（万元）"], "0");
    assert_eq!(
        zero_rows[0]["fyp_investment_unknown 十四五投资待定"],
        "false"
    );
    assert_eq!(zero_rows[0]["total_investment 总投资（万元）"], "0.5");
    assert_eq!(zero_rows[0]["name 项目名称"], "'=1+1 零投资测试");

    // The filters are the API's: the same projects as `projects(filter:)`.
    let (_, _, body) = get_csv(
        &app,
        "/export/projects.csv?list=DONGTOU&category=GREEN,DIGITAL&totalInvestmentKnown=true",
    )
    .await;
    let (_, filtered) = parse_csv(&body);
    let expected: Vec<&str> = rows
        .iter()
        .filter(|r| r.list == "DONGTOU" && ["GREEN", "DIGITAL"].contains(&r.category.as_str()))
        .filter(|r| r.total.is_some())
        .map(|r| r.key.as_str())
        .collect();
    assert_eq!(
        filtered
            .iter()
            .map(|r| r["key 项目编号"].as_str())
            .collect::<Vec<_>>(),
        expected
    );

    // The summary: one row per group and a total row, the figures of investmentSummary.
    let (status, _, body) =
        get_csv(&app, "/export/summary.csv?list=DONGTOU&groupBy=CATEGORY").await;
    assert_eq!(status, 200);
    let (header, summary_rows) = parse_csv(&body);
    assert_eq!(
        &header[..4],
        [
            "row 行",
            "category 类别",
            "category_name 类别名称",
            "project_count 项目数"
        ]
    );
    assert_eq!(summary_rows.len(), 5 + 1);
    let expected = [
        ("INDUSTRIAL", "产业发展项目", "17", "478000", "5"),
        ("GREEN", "绿色产业项目", "10", "5431700", "3"),
        ("DIGITAL", "信息经济产业项目", "7", "3267000", "1"),
        ("SERVICES", "生产性服务业项目", "9", "1311500", "1"),
        ("INFRASTRUCTURE", "基础设施配套项目", "11", "918600", "0"),
    ];
    for (r, (code, name, count, total, unknown)) in summary_rows.iter().zip(expected) {
        assert_eq!(r["row 行"], "group");
        assert_eq!(r["category 类别"], code);
        assert_eq!(r["category_name 类别名称"], name);
        assert_eq!(r["project_count 项目数"], count);
        assert_eq!(r["total_investment_known 总投资已知合计（万元）"], total);
        assert_eq!(
            r["total_investment_unknown_count 总投资待定项目数"],
            unknown
        );
        assert_eq!(r["unreported_count 无进度报告项目数"], count);
    }
    let total = &summary_rows[5];
    assert_eq!(total["row 行"], "total");
    assert_eq!(total["category 类别"], "");
    assert_eq!(
        total["total_investment_known 总投资已知合计（万元）"],
        "11406800"
    );
    assert_eq!(
        total["fyp_investment_known 十四五投资已知合计（万元）"],
        "2710700"
    );

    // A misspelt parameter is refused rather than ignored.
    let (status, _, body) = get_csv(&app, "/export/projects.csv?catgory=GREEN").await;
    assert_eq!(status, 400);
    assert!(String::from_utf8_lossy(&body).contains("unknown parameter `catgory`"));
    let (status, _, _) = get_csv(&app, "/export/summary.csv?groupBy=COLOUR").await;
    assert_eq!(status, 400);

    // Exports are for FINANCE and ADMIN tokens: the same authorisation as the API.
    let finance = app.token_for("finance", "FINANCE", &[]).await;
    let viewer = app.token_for("viewer", "VIEWER", &[]).await;
    let manager = app
        .token_for("manager", "MANAGER", &["DONGTOU-GREEN-08"])
        .await;
    for path in [
        "/export/projects.csv",
        "/export/summary.csv?groupBy=CATEGORY",
    ] {
        assert_eq!(
            get_csv_as(&app, Some(&finance), path).await.0,
            200,
            "{path}"
        );
        assert_eq!(get_csv_as(&app, Some(&viewer), path).await.0, 403, "{path}");
        assert_eq!(
            get_csv_as(&app, Some(&manager), path).await.0,
            403,
            "{path}"
        );
        assert_eq!(get_csv_as(&app, None, path).await.0, 401, "{path}");
        assert_eq!(
            get_csv_as(&app, Some("pf_unknown"), path).await.0,
            401,
            "{path}"
        );
    }
}

async fn the_project_export_streams_past_its_batches(backend: Backend) {
    let app = spawn_app(backend).await;
    service::synthetic::add(&app.db.db, 2_345, 3, &|_| {})
        .await
        .expect("synthetic");
    let (status, _, body) = get_csv(&app, "/export/projects.csv?list=SYNTHETIC").await;
    assert_eq!(status, 200);
    let (_, records) = parse_csv(&body);
    assert_eq!(records.len(), 2_345, "every batch of 1000 and the rest");
    let keys: Vec<&str> = records.iter().map(|r| r["key 项目编号"].as_str()).collect();
    let mut unique = keys.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), keys.len(), "no project twice across batches");
    // The document's order: category ordinal, then sequence number.
    let order: Vec<(usize, i64)> = records
        .iter()
        .map(|r| {
            (
                CATEGORY_ORDER[..5]
                    .iter()
                    .position(|c| *c == r["category 类别"])
                    .expect("category"),
                r["seq 序号"].parse().expect("seq"),
            )
        })
        .collect();
    let mut sorted = order.clone();
    sorted.sort_unstable();
    assert_eq!(order, sorted);
    // The whole export as the summary counts it.
    let all = summary(&app, Value::Null, &["LIST"]).await;
    assert_eq!(all["groups"][2]["projectCount"], 2_345);
}
