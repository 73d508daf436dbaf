//! Recording actuals: the grade follows the stated rules, corrections are versioned and logged,
//! refusals change nothing; the evaluation table, its export, the cross-check with the project
//! lists, and an older database receiving the indicator rows.

use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait};
use serde_json::{Value, json};

use super::indicator;
use crate::both_backends;
use crate::helpers::{Backend, TestApp, TestDb, spawn_app};

both_backends!(
    required_growth_is_exact,
    a_recorded_actual_changes_the_grade_by_the_stated_rule,
    refused_records_change_nothing,
    the_evaluation_counts_grades_per_group_and_exports,
    the_investment_target_stands_beside_the_project_lists,
    an_older_database_gets_the_indicator_rows_on_start,
);

const RECORD: &str =
    "mutation($input: RecordIndicatorValueInput!) { recordIndicatorValue(input: $input) {
    indicator { version grade gradeReason progress achievedGrowth yearsLeft
                actuals { year value note source } }
    actual { year value note version recordedBy }
    userErrors { field code message currentVersion changedFields } } }";

async fn record(app: &TestApp, input: Value) -> Value {
    app.data(RECORD, json!({ "input": input })).await["recordIndicatorValue"].clone()
}

async fn required_growth_is_exact(backend: Backend) {
    let app = spawn_app(backend).await;
    let i = indicator(
        &app,
        "T3-01",
        "name baselineValue targetValue requiredGrowth grade",
    )
    .await;
    // (85 / 51.19)^(1/5) − 1: 85 / 51.19 = 1.66048056260988474311…, its fifth root
    // 1.10674293737936638347… (Python `decimal`, 60 digits), so 0.1067429374 to ten places.
    assert_eq!(
        i,
        json!({ "code": "T3-01", "name": "规上工业总产值", "baselineValue": "51.19",
                "targetValue": "85", "requiredGrowth": "0.1067429374", "grade": "NOT_MEASURABLE" })
    );
    // Plans and indicators are Nodes.
    let ids = app
        .data(
            "{ plan(code: \"DONGTOU-14FYP\") { id indicators(table: 3, scope: XIAODONGTOU) { id } } }",
            json!({}),
        )
        .await;
    let nodes = app
        .data(
            "query($ids: [ID!]!) { nodes(ids: $ids) { ... on Plan { code }
               ... on Indicator { code requiredGrowth } } }",
            json!({ "ids": [ids["plan"]["id"], ids["plan"]["indicators"][0]["id"]] }),
        )
        .await;
    assert_eq!(
        nodes["nodes"],
        json!([{ "code": "DONGTOU-14FYP" }, { "code": "T3-01", "requiredGrowth": "0.1067429374" }])
    );
    // Cumulative and qualitative targets have no growth to require.
    assert_eq!(
        indicator(&app, "T3-04", "requiredGrowth").await["requiredGrowth"],
        Value::Null
    );
    assert_eq!(
        indicator(&app, "T3-19", "requiredGrowth").await["requiredGrowth"],
        Value::Null
    );
}

async fn a_recorded_actual_changes_the_grade_by_the_stated_rule(backend: Backend) {
    let app = spawn_app(backend).await;
    let id = indicator(&app, "T3-01", "id").await["id"].clone();

    // 2022: 60 亿元. Progress (60 − 51.19) / (85 − 51.19) = 8.81 / 33.81 = 0.26057379473…;
    // two of five years gone, elapsed 0.4; 0.2605737947 < 0.4 − 0.1, so LAGGING.
    let first = record(
        &app,
        json!({ "indicatorId": id, "year": 2022, "value": "60", "note": "统计公报",
                "source": "2022年国民经济和社会发展统计公报", "expectedVersion": 1 }),
    )
    .await;
    assert_eq!(first["userErrors"], json!([]), "{first:#}");
    let ind = &first["indicator"];
    assert_eq!(ind["version"], 2);
    assert_eq!(ind["progress"], "0.2605737947");
    assert_eq!(ind["grade"], "LAGGING");
    assert_eq!(
        ind["gradeReason"],
        "progress 0.2605737947 against an elapsed share of 0.4 (ON_TRACK within ±0.1): LAGGING"
    );
    assert_eq!(ind["yearsLeft"], 3);
    assert_eq!(first["actual"]["version"], 1);

    // The correction: 66. Progress 14.81 / 33.81 = 0.43803608399…, within 0.4 ± 0.1: ON_TRACK.
    // Achieved growth (66 / 51.19)^(1/2) − 1 = 0.13547977489… → 0.1354797749.
    let corrected = record(
        &app,
        json!({ "indicatorId": id, "year": 2022, "value": "66", "note": "修订数",
                "expectedVersion": 2 }),
    )
    .await;
    assert_eq!(corrected["userErrors"], json!([]), "{corrected:#}");
    let ind = &corrected["indicator"];
    assert_eq!(
        (
            ind["version"].clone(),
            ind["progress"].clone(),
            ind["grade"].clone()
        ),
        (json!(3), json!("0.438036084"), json!("ON_TRACK"))
    );
    assert_eq!(ind["achievedGrowth"], "0.1354797749");
    assert_eq!(corrected["actual"]["version"], 2);
    // The source given first is kept when a correction names none.
    assert_eq!(
        ind["actuals"][0]["source"],
        "2022年国民经济和社会发展统计公报"
    );

    // A second client still holding version 2.
    let stale = record(
        &app,
        json!({ "indicatorId": id, "year": 2022, "value": "70", "expectedVersion": 2 }),
    )
    .await;
    let error = &stale["userErrors"][0];
    assert_eq!(error["code"], "CONFLICT", "{stale:#}");
    assert_eq!(error["currentVersion"], 3);
    assert_eq!(error["changedFields"], json!(["indicatorActual"]));

    // 2023 cannot be measured: null with a note, never 0, and the grade says so.
    let blank = record(
        &app,
        json!({ "indicatorId": id, "year": 2023, "value": null,
                "note": "统计制度调整，无法统计", "expectedVersion": 3 }),
    )
    .await;
    assert_eq!(blank["userErrors"], json!([]), "{blank:#}");
    assert_eq!(blank["actual"]["value"], Value::Null);
    assert_eq!(blank["indicator"]["grade"], "NOT_MEASURABLE");
    assert_eq!(
        blank["indicator"]["gradeReason"],
        "the actual of 2023 cannot be measured: 统计制度调整，无法统计"
    );
    assert_eq!(blank["indicator"]["progress"], Value::Null);

    // As of 2022 the corrected figure still decides; 2024 at 90 reaches the target: AHEAD.
    let as_of = indicator(
        &app,
        "T3-01",
        "evaluation(asOfYear: 2022) { grade progress yearsLeft }",
    )
    .await;
    assert_eq!(
        as_of["evaluation"],
        json!({ "grade": "ON_TRACK", "progress": "0.438036084", "yearsLeft": 3 })
    );
    let ahead = record(
        &app,
        json!({ "indicatorId": id, "year": 2024, "value": "90", "expectedVersion": 4 }),
    )
    .await;
    assert_eq!(ahead["indicator"]["grade"], "AHEAD", "{ahead:#}");
    assert_eq!(
        ahead["indicator"]["gradeReason"],
        "90 in 2024 reaches the target 85"
    );

    // Every record is in the change log, with the version it produced.
    let changes = app
        .data("{ changes(first: 100) { nodes { entityType field oldValue newValue version actor } } }", json!({}))
        .await;
    let logged: Vec<Value> = changes["changes"]["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["entityType"] == "indicator" || c["entityType"] == "indicator_actual")
        .cloned()
        .collect();
    let events: Vec<(Value, Value, Value)> = logged
        .iter()
        .filter(|c| c["field"] == "indicatorActual")
        .map(|c| {
            (
                c["oldValue"].clone(),
                c["newValue"].clone(),
                c["version"].clone(),
            )
        })
        .collect();
    assert_eq!(
        events,
        [
            (Value::Null, json!("2022: 60"), json!(2)),
            (json!("2022: 60"), json!("2022: 66"), json!(3)),
            (Value::Null, json!("2023: not measurable"), json!(4)),
            (Value::Null, json!("2024: 90"), json!(5)),
        ]
    );
    assert!(logged.iter().any(|c| c["entityType"] == "indicator_actual"
        && c["field"] == "value"
        && c["oldValue"] == "60"
        && c["newValue"] == "66"
        && c["version"] == 2));
}

async fn refused_records_change_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let id = indicator(&app, "T3-01", "id").await["id"].clone();
    let code = |v: &Value| {
        (
            v["userErrors"][0]["code"].clone(),
            v["userErrors"][0]["field"].clone(),
        )
    };
    let outside = record(
        &app,
        json!({ "indicatorId": id, "year": 2026, "value": "90", "expectedVersion": 1 }),
    )
    .await;
    assert_eq!(code(&outside), (json!("VALIDATION"), json!("year")));
    let precise = record(
        &app,
        json!({ "indicatorId": id, "year": 2022, "value": "60.0000001", "expectedVersion": 1 }),
    )
    .await;
    assert_eq!(code(&precise), (json!("VALIDATION"), json!("value")));
    let silent = record(
        &app,
        json!({ "indicatorId": id, "year": 2022, "value": null, "expectedVersion": 1 }),
    )
    .await;
    assert_eq!(code(&silent), (json!("VALIDATION"), json!("note")));
    let met = record(&app, json!({ "indicatorId": id, "year": 2022, "value": "60", "met": true, "expectedVersion": 1 })).await;
    assert_eq!(code(&met), (json!("VALIDATION"), json!("met")));
    let unknown = record(
        &app,
        json!({ "indicatorId": "SW5kaWNhdG9yOjk5OTk", "year": 2022, "value": "1", "expectedVersion": 1 }),
    )
    .await;
    assert_eq!(code(&unknown).0, json!("NOT_FOUND"), "{unknown:#}");
    let viewer = app.token_for("viewer", "VIEWER", &[]).await;
    let (_, refused) = app
        .post_as(
            Some(&viewer),
            RECORD,
            json!({ "input": { "indicatorId": id, "year": 2022, "value": "60", "expectedVersion": 1 } }),
        )
        .await;
    assert_eq!(
        refused["data"]["recordIndicatorValue"]["userErrors"][0]["code"],
        "FORBIDDEN"
    );
    // A float literal never reaches the service: it may already have been rounded.
    let float = app
        .post(
            &format!(
                "mutation {{ recordIndicatorValue(input: {{ indicatorId: {id}, year: 2022,
                   value: 60.5, expectedVersion: 1 }}) {{ userErrors {{ code }} }} }}"
            ),
            json!({}),
        )
        .await;
    assert!(
        float["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("write the amount as a string")),
        "{float:#}"
    );

    let after = indicator(&app, "T3-01", "version actuals { year }").await;
    assert_eq!(
        (after["version"].clone(), after["actuals"].clone()),
        (json!(1), json!([]))
    );
    // A qualitative target is graded only by a recorded met / not met.
    let energy = indicator(&app, "T3-19", "id version").await;
    let met = record(
        &app,
        json!({ "indicatorId": energy["id"], "year": 2023, "value": null, "met": true,
                "note": "完成省下达的年度目标", "expectedVersion": 1 }),
    )
    .await;
    assert_eq!(met["indicator"]["grade"], "AHEAD", "{met:#}");
}

async fn the_evaluation_counts_grades_per_group_and_exports(backend: Backend) {
    let app = spawn_app(backend).await;
    let data = app
        .data(
            "{ indicatorEvaluation(planCode: \"DONGTOU-14FYP\") { total byGrade { grade count }
                 byGroup { table scope group total counts { grade count } }
                 indicators { indicator { code } evaluation { grade } } } }",
            json!({}),
        )
        .await;
    let e = &data["indicatorEvaluation"];
    // Table 1 as the document printed its 2020 outcome (target year, so reached or missed):
    // reached 规上工业企业 63 ≥ 56, R&D 1.8 ≥ 1.65, 高新 58 ≥ 30, 国家高新 30 ≥ 11, 省级科技型
    // 120 ≥ 74, 光纤 100 ≥ 100 (6); missed 01-04, 06-08, 16 (68.99 < 73), 18, 19 (10); not
    // measurable 05, 14, 15 (blank actuals) and 20 (words) (4). Tables 2-3 have no actuals (29).
    assert_eq!(e["total"], 49);
    assert_eq!(
        e["byGrade"],
        json!([
            { "grade": "AHEAD", "count": 6 }, { "grade": "FASTER_THAN_EXPECTED", "count": 0 },
            { "grade": "ON_TRACK", "count": 0 }, { "grade": "LAGGING", "count": 10 },
            { "grade": "NOT_MEASURABLE", "count": 33 },
        ])
    );
    let groups = e["byGroup"].as_array().cloned().unwrap_or_default();
    // Table 1: 5 groups, Table 2: one (no groups), Table 3: 5 groups.
    assert_eq!(groups.len(), 11);
    // 创新驱动 of Table 1 (10-14): four reached, 14 not measurable.
    assert_eq!(
        groups[2],
        json!({ "table": 1, "scope": "DADONGTOU", "group": "创新驱动", "total": 5, "counts": [
            { "grade": "AHEAD", "count": 4 }, { "grade": "FASTER_THAN_EXPECTED", "count": 0 },
            { "grade": "ON_TRACK", "count": 0 }, { "grade": "LAGGING", "count": 0 },
            { "grade": "NOT_MEASURABLE", "count": 1 } ] })
    );
    assert_eq!(groups[5]["group"], Value::Null);
    assert_eq!(groups[5]["total"], 7);

    let finance = app.token_for("finance", "FINANCE", &[]).await;
    let response = app
        .get_as(
            Some(&finance),
            "/export/indicator-evaluation.csv?plan=DONGTOU-14FYP&asOfYear=2020",
        )
        .await;
    assert_eq!(response.status().as_u16(), 200);
    let body = response.bytes().await.expect("body");
    assert!(
        body.starts_with("\u{feff}".as_bytes()),
        "a byte-order mark first"
    );
    let text = String::from_utf8_lossy(&body[3..]).into_owned();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().expect("header").clone();
    assert_eq!(&header[0], "code 编号");
    assert_eq!(&header[25], "grade 评价");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 49);
    assert_eq!(
        (&rows[14][0], &rows[14][14], &rows[14][18], &rows[14][25]),
        ("T1-15", "≥0.9", "", "NOT_MEASURABLE")
    );
    assert_eq!((&rows[8][18], &rows[8][25]), ("63", "AHEAD"));
    // The same table as an Excel workbook (a ZIP container).
    let xlsx = app
        .get_as(
            Some(&finance),
            "/export/indicator-evaluation.xlsx?asOfYear=2020",
        )
        .await;
    assert_eq!(xlsx.status().as_u16(), 200);
    assert_eq!(
        xlsx.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let workbook = xlsx.bytes().await.expect("body");
    assert!(workbook.starts_with(b"PK\x03\x04"), "a ZIP container");
    let viewer = app.token_for("viewer", "VIEWER", &[]).await;
    let refused = app
        .get_as(Some(&viewer), "/export/indicator-evaluation.csv")
        .await;
    assert_eq!(refused.status().as_u16(), 403);
    let misspelt = app
        .get_as(Some(&finance), "/export/indicator-evaluation.csv?year=2023")
        .await;
    assert_eq!(misspelt.status().as_u16(), 400);
}

async fn the_investment_target_stands_beside_the_project_lists(backend: Backend) {
    let app = spawn_app(backend).await;
    let fields = "targetValue unit projectListCheck { windowStart windowEnd projectCount
        fypInvestmentKnown fypInvestmentUnknownCount }";
    // The 67 projects of both lists hold 3,793,200 万元 of known 14th-FYP investment (the sum of
    // projects.csv's fyp_investment column), i.e. 379.32 亿元, with 10 amounts 待定.
    assert_eq!(
        indicator(&app, "T3-04", fields).await,
        json!({ "code": "T3-04", "targetValue": "40", "unit": "亿元", "projectListCheck": {
            "windowStart": 2021, "windowEnd": 2025, "projectCount": 67,
            "fypInvestmentKnown": "379.32", "fypInvestmentUnknownCount": 10 } })
    );
    // Table 1's investment target is of 2016-2020, which no project list covers.
    assert_eq!(
        indicator(&app, "T1-05", "projectListCheck { projectCount }").await["projectListCheck"],
        Value::Null
    );
}

async fn an_older_database_gets_the_indicator_rows_on_start(backend: Backend) {
    let db = TestDb::seeded(backend).await;
    // A database seeded before the indicator tables existed: the tables are there, empty.
    for table in [
        "indicator_actual",
        "indicator_note",
        "platform",
        "indicator",
    ] {
        db.db
            .execute_unprepared(&format!("DELETE FROM {table}"))
            .await
            .expect("empty the table");
    }
    server::cli::prepare(&db.db).await.expect("start again");
    assert_eq!(
        entity::indicator::Entity::find()
            .count(&db.db)
            .await
            .expect("count"),
        49
    );
    assert_eq!(
        entity::indicator_actual::Entity::find()
            .count(&db.db)
            .await
            .expect("count"),
        20
    );
    assert_eq!(
        entity::indicator_note::Entity::find()
            .count(&db.db)
            .await
            .expect("count"),
        6
    );
    assert_eq!(
        entity::platform::Entity::find()
            .count(&db.db)
            .await
            .expect("count"),
        3
    );
    // And a further start changes nothing.
    server::cli::prepare(&db.db).await.expect("start again");
    assert_eq!(
        entity::indicator::Entity::find()
            .count(&db.db)
            .await
            .expect("count"),
        49
    );
    assert_eq!(
        entity::project::Entity::find()
            .count(&db.db)
            .await
            .expect("count"),
        67
    );
}
