//! The CSV exports are spreadsheets of the API's figures: the same projects under the same
//! filters, the summary's groups and total, and the same authorisation.

use std::collections::HashMap;

use sea_orm::{ActiveModelTrait, Set};
use serde_json::Value;

use super::{new_row, summary};
use crate::both_backends;
use crate::helpers::{Backend, CATEGORY_ORDER, TestApp, category_by_code, d, seed_rows, spawn_app};

both_backends!(
    the_project_export_is_every_project_as_the_seeds_state_it,
    zero_is_a_known_0_and_text_like_a_formula_is_defused,
    the_project_export_takes_the_apis_filters,
    the_summary_export_has_a_row_per_group_and_a_total,
    a_misspelt_parameter_is_refused_rather_than_ignored,
    exports_are_for_finance_and_admin_tokens,
    the_project_export_streams_past_its_batches,
    the_workbooks_hold_the_csv_rows_as_numbers_and_flags,
);

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

async fn the_project_export_is_every_project_as_the_seeds_state_it(backend: Backend) {
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
}

/// Zero is written as 0 and known; a formula-like name is defused.
async fn zero_is_a_known_0_and_text_like_a_formula_is_defused(backend: Backend) {
    let app = spawn_app(backend).await;
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
}

/// The filters are the API's: the same projects as `projects(filter:)`.
async fn the_project_export_takes_the_apis_filters(backend: Backend) {
    let app = spawn_app(backend).await;
    let rows = seed_rows();
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
}

/// The summary: one row per group and a total row, the figures of investmentSummary.
async fn the_summary_export_has_a_row_per_group_and_a_total(backend: Backend) {
    let app = spawn_app(backend).await;
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
}

/// A misspelt parameter is refused rather than ignored.
async fn a_misspelt_parameter_is_refused_rather_than_ignored(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, _, body) = get_csv(&app, "/export/projects.csv?catgory=GREEN").await;
    assert_eq!(status, 400);
    assert!(String::from_utf8_lossy(&body).contains("unknown parameter `catgory`"));
    let (status, _, _) = get_csv(&app, "/export/summary.csv?groupBy=COLOUR").await;
    assert_eq!(status, 400);
}

/// Exports are for FINANCE, COORDINATOR and ADMIN tokens: the same authorisation as the API.
async fn exports_are_for_finance_and_admin_tokens(backend: Backend) {
    let app = spawn_app(backend).await;
    let readers = app.reader_tokens().await;
    let office = app.token_for("office", "COORDINATOR", &[]).await;
    for path in [
        "/export/projects.csv",
        "/export/summary.csv?groupBy=CATEGORY",
    ] {
        assert_eq!(
            get_csv_as(&app, Some(&readers.finance), path).await.0,
            200,
            "{path}"
        );
        assert_eq!(get_csv_as(&app, Some(&office), path).await.0, 200, "{path}");
        assert_eq!(
            get_csv_as(&app, Some(&readers.viewer), path).await.0,
            403,
            "{path}"
        );
        assert_eq!(
            get_csv_as(&app, Some(&readers.manager), path).await.0,
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

/// Every cell of a workbook's first sheet, as calamine reads it.
fn workbook_cells(bytes: &[u8]) -> Vec<Vec<calamine::Data>> {
    use calamine::{Reader, Xlsx, open_workbook_from_rs};
    let mut workbook: Xlsx<_> =
        open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).expect("an XLSX workbook");
    let range = workbook
        .worksheet_range_at(0)
        .expect("a sheet")
        .expect("a readable sheet");
    range.rows().map(<[calamine::Data]>::to_vec).collect()
}

async fn the_workbooks_hold_the_csv_rows_as_numbers_and_flags(backend: Backend) {
    use calamine::Data;
    let app = spawn_app(backend).await;
    let (status, content_type, body) = get_csv(&app, "/export/projects.xlsx").await;
    assert_eq!(status, 200);
    assert!(content_type.contains("spreadsheetml"), "{content_type}");
    let rows = workbook_cells(&body);
    assert_eq!(rows.len(), 1 + 67, "the header and every seeded project");
    let header: Vec<String> = rows[0].iter().map(ToString::to_string).collect();
    assert_eq!(header[0], "key 项目编号");
    assert_eq!(header[9], "total_investment 总投资（万元）");
    assert_eq!(header[10], "total_investment_unknown 总投资待定");
    let row = |key: &str| {
        rows.iter()
            .find(|r| r[0] == Data::String(key.to_owned()))
            .cloned()
            .unwrap_or_else(|| panic!("{key}"))
    };
    // The seeds: GREEN-08 totals 1 303 600 with 1 000 000 inside the window; INDUSTRIAL-12's
    // amounts are 待定 — empty cells with their flags set, never 0.
    let known = row("DONGTOU-GREEN-08");
    assert_eq!(known[9], Data::Float(1_303_600.0));
    assert_eq!(known[10], Data::Bool(false));
    assert_eq!(known[11], Data::Float(1_000_000.0));
    let unknown = row("DONGTOU-INDUSTRIAL-12");
    assert_eq!(
        (unknown[9].clone(), unknown[10].clone()),
        (Data::Empty, Data::Bool(true))
    );
    assert_eq!(
        (unknown[11].clone(), unknown[12].clone()),
        (Data::Empty, Data::Bool(true))
    );
    // The filter applies as in the CSV.
    let (_, _, body) = get_csv(&app, "/export/projects.xlsx?list=OUJIANG").await;
    assert_eq!(workbook_cells(&body).len(), 1 + 13);
    // The summary: a row per list and the total, the amounts as numbers.
    let (status, _, body) = get_csv(&app, "/export/summary.xlsx?groupBy=LIST").await;
    assert_eq!(status, 200);
    let rows = workbook_cells(&body);
    let total = rows.last().cloned().unwrap_or_default();
    assert_eq!(total[0], Data::String("total".into()));
    assert_eq!(total[2], Data::Float(67.0), "{total:?}");
    assert_eq!(
        total[3],
        Data::Float(12_788_900.0),
        "the known totals of both lists: {total:?}"
    );
    assert_eq!(total[4], Data::Float(10.0), "ten totals unknown");
    let refused = app
        .get_as(
            Some(&app.reader_tokens().await.viewer),
            "/export/projects.xlsx",
        )
        .await;
    assert_eq!(refused.status().as_u16(), 403);
}
