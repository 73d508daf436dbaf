//! `planWindow` spreads each project's 14th-FYP investment over the years of the plan it runs
//! in, fen by fen, and leaves what it cannot place unallocated, never dropped.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use sea_orm::{ActiveModelTrait, Set};
use serde_json::{Value, json};

use super::{assert_window_adds_up, dec_json, new_row, plan_window};
use crate::both_backends;
use crate::helpers::{Backend, SeedRow, category_by_code, fen, seed_rows, spawn_app};

both_backends!(
    the_seeds_spread_over_the_window_as_an_independent_computation_says,
    the_lng_terminal_spreads_evenly_over_the_five_years,
    the_remainder_goes_to_the_earliest_years_and_nothing_is_dropped,
);

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

/// Each year's part of the 14th-FYP investment, in order.
fn yearly_parts(window: &Value) -> Vec<&Value> {
    window["years"]
        .as_array()
        .expect("years")
        .iter()
        .map(|y| &y["fypInvestment"])
        .collect()
}

fn wan(fen: i64) -> Value {
    dec_json(Decimal::new(fen, 6))
}

async fn the_seeds_spread_over_the_window_as_an_independent_computation_says(backend: Backend) {
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
}

/// The LNG terminal, 2018-2025 with 1000000 inside the window: 200000 in each of five years.
async fn the_lng_terminal_spreads_evenly_over_the_five_years(backend: Backend) {
    let app = spawn_app(backend).await;
    let lng = plan_window(&app, json!({ "search": "温州液化天然气（LNG）接收站" })).await;
    assert_eq!(lng["projectCount"], 1);
    assert_eq!(yearly_parts(&lng), [&json!("200000"); 5]);
}

/// Seven fen over 2023-2025: the remainder goes to the earliest years. A period outside the
/// window or unknown leaves its amount unallocated, never dropped.
async fn the_remainder_goes_to_the_earliest_years_and_nothing_is_dropped(backend: Backend) {
    let app = spawn_app(backend).await;
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
    assert_eq!(
        yearly_parts(&spread),
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
