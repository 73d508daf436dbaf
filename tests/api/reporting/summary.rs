//! The month's roll-up and rankings on a small fixture worked out by hand: three units, a tie,
//! a unit without a basis, an unknown plan.

use serde_json::{Value, json};

use super::cycle::{project, set_plan_as, submit, submit_as};
use crate::both_backends;
use crate::helpers::{Backend, TestApp, spawn_app};

both_backends!(
    a_hand_computed_roll_up_and_ranking,
    a_published_bulletin_never_changes,
    the_bulletin_spreadsheet_holds_the_published_figures,
);

async fn set_unit(app: &TestApp, key: &str, unit: &str) {
    let (id, version) = project(app, key).await;
    let out = app
        .data(
            "mutation($input: UpdateProjectInput!) { updateProject(input: $input) { userErrors { message } } }",
            json!({ "input": { "projectId": id, "expectedVersion": version, "responsibleUnit": unit } }),
        )
        .await;
    assert_eq!(out["updateProject"]["userErrors"], json!([]), "{out:#}");
}

const GROUP: &str = "key { listCode categoryCode responsibleUnit status warningLevel } projectCount
    annualPlan { known unknownCount } completedThisMonth { known unknownCount }
    completedThisYear { known unknownCount } expectedToDate { known unknownCount }
    completionRate { value basisCount numerator denominator }
    scheduleRate { value basisCount numerator denominator }
    startRate { value started plannedToStart } lights { green yellow red notApplicable }
    returns { filed late missing pending } problems { open overdue }";

fn amount(known: &str, unknown: u64) -> Value {
    json!({ "known": known, "unknownCount": unknown })
}

async fn a_hand_computed_roll_up_and_ranking(backend: Backend) {
    let app = spawn_app(backend).await;
    let office = app.token_for("office", "COORDINATOR", &[]).await;
    // 甲: GREEN-04 and GREEN-05; 乙: GREEN-01; 丙: GREEN-02 (its plan amount unknown).
    for (key, unit) in [
        ("DONGTOU-GREEN-04", "甲"),
        ("DONGTOU-GREEN-05", "甲"),
        ("DONGTOU-GREEN-01", "乙"),
        ("DONGTOU-GREEN-02", "丙"),
    ] {
        set_unit(&app, key, unit).await;
    }
    for (key, plan) in [
        (
            "DONGTOU-GREEN-04",
            json!({ "year": 2026, "plannedInvestment": "1200" }),
        ),
        (
            "DONGTOU-GREEN-05",
            json!({ "year": 2026, "plannedInvestment": "800", "plannedStartMonth": 3 }),
        ),
        (
            "DONGTOU-GREEN-01",
            json!({ "year": 2026, "plannedInvestment": "500", "plannedStartMonth": 2 }),
        ),
        ("DONGTOU-GREEN-02", json!({ "year": 2026 })),
    ] {
        let out = set_plan_as(&app, &office, key, plan).await;
        assert_eq!(out["userErrors"], json!([]), "{out:#}");
    }
    // GREEN-01 has started; GREEN-05 has not.
    let (id, version) = project(&app, "DONGTOU-GREEN-01").await;
    let started = app
        .data(
            "mutation($input: ChangeProjectStatusInput!) { changeProjectStatus(input: $input) { userErrors { message } } }",
            json!({ "input": { "projectId": id, "status": "UNDER_CONSTRUCTION", "expectedVersion": version } }),
        )
        .await;
    assert_eq!(started["changeProjectStatus"]["userErrors"], json!([]));
    // Returns (万元, cumulative): December 2025, May and June 2026.
    for (key, dec, may, june) in [
        ("DONGTOU-GREEN-04", "300", Some("800"), "900"),
        ("DONGTOU-GREEN-05", "0", None, "200"),
        ("DONGTOU-GREEN-01", "100", Some("250"), "300"),
        ("DONGTOU-GREEN-02", "50", None, "80"),
    ] {
        submit(
            &app,
            key,
            json!({ "period": "2025-12", "cumulativeCompletedInvestment": dec }),
        )
        .await;
        if let Some(may) = may {
            submit(
                &app,
                key,
                json!({ "period": "2026-05", "cumulativeCompletedInvestment": may }),
            )
            .await;
        }
        submit(
            &app,
            key,
            json!({ "period": "2026-06", "cumulativeCompletedInvestment": june }),
        )
        .await;
    }
    let (id, _) = project(&app, "DONGTOU-GREEN-05").await;
    let raised = app
        .data(
            "mutation($input: RaiseProblemInput!) { raiseProblem(input: $input) { userErrors { message } } }",
            json!({ "input": { "projectId": id, "kind": "LAND", "description": "用地报批未完成", "dueOn": "2020-01-01" } }),
        )
        .await;
    assert_eq!(raised["raiseProblem"]["userErrors"], json!([]));

    // June, half the year elapsed (linear schedule):
    //   GREEN-04: 600 of 1 200 done, 600 due: on schedule, green; May to June 100.
    //   GREEN-05: 200 of 800, 400 due: 25 points behind (yellow), and planned to start in March,
    //             still not started three months on: red. No May return: June's amount unknown.
    //   GREEN-01: 200 of 500, 250 due: 10 points behind, yellow; May to June 50.
    //   GREEN-02: 30 this year against an unknown plan: not applicable; no basis for any rate.
    // Every June return was filed after 25 June: late.
    let query = format!(
        "query($g: [ReportingDimension!]) {{ reportingSummary(period: \"2026-06\", groupBy: $g) {{
           period total {{ {GROUP} }} groups {{ {GROUP} }} }} }}"
    );
    let data = app.data(&query, json!({ "g": ["RESPONSIBLE_UNIT"] })).await;
    let summary = &data["reportingSummary"];
    let key = |unit: Option<&str>| json!({ "listCode": null, "categoryCode": null, "responsibleUnit": unit, "status": null, "warningLevel": null });
    let rate = |value: Option<&str>, basis: u64, n: &str, d: &str| json!({ "value": value, "basisCount": basis, "numerator": n, "denominator": d });
    assert_eq!(
        summary["total"],
        json!({
            "key": key(None), "projectCount": 4,
            "annualPlan": amount("2500", 1), "completedThisMonth": amount("150", 2),
            "completedThisYear": amount("1030", 0), "expectedToDate": amount("1250", 1),
            "completionRate": rate(Some("0.4"), 3, "1000", "2500"),
            "scheduleRate": rate(Some("0.8"), 3, "1000", "1250"),
            "startRate": { "value": "0.5", "started": 1, "plannedToStart": 2 },
            "lights": { "green": 1, "yellow": 1, "red": 1, "notApplicable": 1 },
            "returns": { "filed": 0, "late": 4, "missing": 0, "pending": 0 },
            "problems": { "open": 1, "overdue": 1 },
        }),
        "{summary:#}"
    );
    // Groups in the lists' order of their first project: GREEN-01 (乙), GREEN-02 (丙), GREEN-04 (甲).
    assert_eq!(
        summary["groups"],
        json!([
            {
                "key": key(Some("乙")), "projectCount": 1,
                "annualPlan": amount("500", 0), "completedThisMonth": amount("50", 0),
                "completedThisYear": amount("200", 0), "expectedToDate": amount("250", 0),
                "completionRate": rate(Some("0.4"), 1, "200", "500"),
                "scheduleRate": rate(Some("0.8"), 1, "200", "250"),
                "startRate": { "value": "1", "started": 1, "plannedToStart": 1 },
                "lights": { "green": 0, "yellow": 1, "red": 0, "notApplicable": 0 },
                "returns": { "filed": 0, "late": 1, "missing": 0, "pending": 0 },
                "problems": { "open": 0, "overdue": 0 },
            },
            {
                "key": key(Some("丙")), "projectCount": 1,
                "annualPlan": amount("0", 1), "completedThisMonth": amount("0", 1),
                "completedThisYear": amount("30", 0), "expectedToDate": amount("0", 1),
                "completionRate": rate(None, 0, "0", "0"),
                "scheduleRate": rate(None, 0, "0", "0"),
                "startRate": { "value": null, "started": 0, "plannedToStart": 0 },
                "lights": { "green": 0, "yellow": 0, "red": 0, "notApplicable": 1 },
                "returns": { "filed": 0, "late": 1, "missing": 0, "pending": 0 },
                "problems": { "open": 0, "overdue": 0 },
            },
            {
                "key": key(Some("甲")), "projectCount": 2,
                "annualPlan": amount("2000", 0), "completedThisMonth": amount("100", 1),
                "completedThisYear": amount("800", 0), "expectedToDate": amount("1000", 0),
                "completionRate": rate(Some("0.4"), 2, "800", "2000"),
                "scheduleRate": rate(Some("0.8"), 2, "800", "1000"),
                "startRate": { "value": "0", "started": 0, "plannedToStart": 1 },
                "lights": { "green": 1, "yellow": 0, "red": 1, "notApplicable": 0 },
                "returns": { "filed": 0, "late": 2, "missing": 0, "pending": 0 },
                "problems": { "open": 1, "overdue": 1 },
            },
        ]),
        "{summary:#}"
    );

    // Rankings: 乙 and 甲 tie on completion (0.4 each) and share rank 1; 丙 has no basis and
    // comes last, unranked. On the start rate 乙 (1) leads 甲 (0: a real zero, ranked).
    let ranking = |measure: &str| {
        let app = &app;
        let measure = measure.to_owned();
        async move {
            app.data(
                "query($m: RankingMeasure!) { ranking(period: \"2026-06\", by: RESPONSIBLE_UNIT, measure: $m) {
                   rank key { responsibleUnit } value basis } }",
                json!({ "m": measure }),
            )
            .await["ranking"]
                .clone()
        }
    };
    let row = |rank: Option<u32>, unit: &str, value: Option<&str>, basis: u64| json!({ "rank": rank, "key": { "responsibleUnit": unit }, "value": value, "basis": basis });
    assert_eq!(
        ranking("COMPLETION_RATE").await,
        json!([
            row(Some(1), "乙", Some("0.4"), 1),
            row(Some(1), "甲", Some("0.4"), 2),
            row(None, "丙", None, 0)
        ])
    );
    assert_eq!(
        ranking("START_RATE").await,
        json!([
            row(Some(1), "乙", Some("1"), 1),
            row(Some(2), "甲", Some("0"), 1),
            row(None, "丙", None, 0)
        ])
    );
    // By light: the red group is GREEN-05 alone.
    let by_light = app
        .data(
            "{ reportingSummary(period: \"2026-06\", groupBy: [WARNING_LEVEL]) { groups { key { warningLevel } projectCount } } }",
            json!({}),
        )
        .await;
    let groups = by_light["reportingSummary"]["groups"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        groups.contains(&json!({ "key": { "warningLevel": "RED" }, "projectCount": 1 })),
        "{groups:?}"
    );
    assert_eq!(groups.len(), 4);
}

/// GREEN-04's returns for December 2025 (300) and June 2026 (900, 主体封顶); May stays unfiled.
async fn green_04_to_june(app: &TestApp) {
    for (period, cumulative) in [("2025-12", "300"), ("2026-06", "900")] {
        submit(
            app,
            "DONGTOU-GREEN-04",
            json!({ "period": period, "cumulativeCompletedInvestment": cumulative,
                    "imageProgress": "主体封顶" }),
        )
        .await;
    }
}

const BULLETIN: &str = "query($p: String!, $live: Boolean) { bulletin(period: $p, live: $live) {
    period live publishedAt publishedBy note
    summary { total { projectCount completedThisYear { known unknownCount } completionRate { value } } }
    projects { key name annualPlan cumulativeCompletedInvestment completedThisMonth completedThisYear
      completionRate expectedToDate gapPoints imageProgress level rule returnStatus }
    differences { projectKey field published live }
    monthOnMonth { period published groups { key { responsibleUnit } completedThisYear completionRatePoints
      lights { green yellow red notApplicable } } lightChanges { projectKey previous current } } } }";
const PUBLISH: &str = "mutation($input: PublishPeriodInput!) { publishPeriod(input: $input) {
    bulletin { period live publishedBy projects { key } } userErrors { field code message } } }";

async fn a_published_bulletin_never_changes(backend: Backend) {
    let app = spawn_app(backend).await;
    let office = app.token_for("office", "COORDINATOR", &[]).await;
    let manager = app
        .token_for("manager", "MANAGER", &["DONGTOU-GREEN-04"])
        .await;
    let out = set_plan_as(
        &app,
        &office,
        "DONGTOU-GREEN-04",
        json!({ "year": 2026, "plannedInvestment": "1200" }),
    )
    .await;
    assert_eq!(out["userErrors"], json!([]));
    green_04_to_june(&app).await;

    // Before publishing the bulletin is live and says so.
    let before = app.data(BULLETIN, json!({ "p": "2026-06" })).await;
    assert_eq!(before["bulletin"]["live"], true);
    assert_eq!(before["bulletin"]["publishedAt"], Value::Null);

    // Only the office publishes, only an ended month, and only once.
    let (_, body) = app
        .post_as(
            Some(&manager),
            PUBLISH,
            json!({ "input": { "period": "2026-06" } }),
        )
        .await;
    assert_eq!(
        body["data"]["publishPeriod"]["userErrors"][0]["code"],
        "FORBIDDEN"
    );
    let (_, body) = app
        .post_as(
            Some(&office),
            PUBLISH,
            json!({ "input": { "period": "2099-01" } }),
        )
        .await;
    assert_eq!(
        body["data"]["publishPeriod"]["userErrors"][0]["field"],
        "period"
    );
    // Four publications at once: one publishes, the others are told it is published.
    let attempts = (0..4).map(|_| {
        let (app, office) = (&app, &office);
        async move {
            app.post_as(
                Some(office),
                PUBLISH,
                json!({ "input": { "period": "2026-06", "note": "6月通报" } }),
            )
            .await
        }
    });
    let answers = futures_util::future::join_all(attempts).await;
    assert!(
        answers
            .iter()
            .all(|(status, b)| *status == 200 && b.get("errors").is_none()),
        "{answers:#?}"
    );
    let (won, lost): (Vec<_>, Vec<_>) = answers
        .into_iter()
        .map(|(_, b)| b)
        .partition(|b| b["data"]["publishPeriod"]["userErrors"] == json!([]));
    assert_eq!((won.len(), lost.len()), (1, 3), "{lost:#?}");
    let body = won.into_iter().next().unwrap_or_default();
    let published = &body["data"]["publishPeriod"];
    assert_eq!(published["userErrors"], json!([]), "{body:#}");
    assert_eq!(published["bulletin"]["publishedBy"], "office");
    assert_eq!(
        published["bulletin"]["projects"],
        json!([{ "key": "DONGTOU-GREEN-04" }])
    );
    let (_, body) = app
        .post_as(
            Some(&office),
            PUBLISH,
            json!({ "input": { "period": "2026-06" } }),
        )
        .await;
    assert_eq!(
        body["data"]["publishPeriod"]["userErrors"][0]["field"],
        "period"
    );

    // June as published: 600 of 1 200 this year (0.5), 600 due: on schedule.
    let row = json!({
        "key": "DONGTOU-GREEN-04", "annualPlan": "1200",
        "cumulativeCompletedInvestment": "900", "completedThisMonth": null, "completedThisYear": "600",
        "completionRate": "0.5", "expectedToDate": "600", "gapPoints": "0", "imageProgress": "主体封顶",
        "level": "GREEN", "rule": null, "returnStatus": "LATE",
    });
    let read = app.data(BULLETIN, json!({ "p": "2026-06" })).await;
    let b = &read["bulletin"];
    assert_eq!(
        (
            b["live"].clone(),
            b["publishedBy"].clone(),
            b["note"].clone()
        ),
        (json!(false), json!("office"), json!("6月通报"))
    );
    let mut expected_row = row.clone();
    expected_row["name"] = app
        .data("{ project(key: \"DONGTOU-GREEN-04\") { name } }", json!({}))
        .await["project"]["name"]
        .clone();
    assert_eq!(b["projects"], json!([expected_row]), "{b:#}");
    assert_eq!(
        b["summary"]["total"]["completedThisYear"],
        json!({ "known": "600", "unknownCount": 0 })
    );

    // The month is frozen: a plain resubmission is refused; a correction goes through.
    let plain = submit_as(
        &app,
        &app.token,
        "DONGTOU-GREEN-04",
        json!({ "period": "2026-06", "cumulativeCompletedInvestment": "960" }),
    )
    .await;
    assert_eq!(plain["userErrors"][0]["field"], "isCorrection", "{plain:#}");
    submit(
        &app,
        "DONGTOU-GREEN-04",
        json!({ "period": "2026-06", "cumulativeCompletedInvestment": "960",
        "imageProgress": "主体封顶", "isCorrection": true, "note": "补报6月下旬完成投资" }),
    )
    .await;

    // The published bulletin reads exactly as before; live shows the correction, and what moved.
    // May's return, filed late, changes May's live figures but not June's published comparison.
    submit(
        &app,
        "DONGTOU-GREEN-04",
        json!({ "period": "2026-05", "cumulativeCompletedInvestment": "800" }),
    )
    .await;
    let ledger = app
        .data("{ project(key: \"DONGTOU-GREEN-04\") { latestProgressReport { completedInvestment } } }", json!({}))
        .await;
    assert_eq!(
        ledger["project"]["latestProgressReport"]["completedInvestment"], "960",
        "a late return for an earlier month is not the ledger's latest word"
    );
    let again = app.data(BULLETIN, json!({ "p": "2026-06" })).await;
    assert_eq!(again, read, "a published bulletin never changes");
    let live = app
        .data(BULLETIN, json!({ "p": "2026-06", "live": true }))
        .await;
    let l = &live["bulletin"];
    assert_eq!(
        (l["live"].clone(), l["publishedBy"].clone()),
        (json!(true), json!("office"))
    );
    assert_eq!(l["projects"][0]["completedThisYear"], "660");
    assert_eq!(
        l["projects"][0]["completedThisMonth"], "160",
        "960 less May's 800"
    );
    assert_eq!(
        l["monthOnMonth"]["lightChanges"],
        json!([]),
        "May, live, is green now too"
    );
    assert_eq!(l["projects"][0]["completionRate"], "0.55");
    assert_eq!(
        l["differences"],
        json!([
            { "projectKey": "DONGTOU-GREEN-04", "field": "cumulativeCompletedInvestment", "published": "900", "live": "960" },
            { "projectKey": "DONGTOU-GREEN-04", "field": "completedThisMonth", "published": null, "live": "160" },
            { "projectKey": "DONGTOU-GREEN-04", "field": "completedThisYear", "published": "600", "live": "660" },
        ])
    );
}

/// Every cell of a sheet as text (numbers as Rust prints them, empty cells as "").
fn sheet_cells(xlsx: &[u8], sheet: &str) -> Vec<Vec<String>> {
    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
    let mut workbook: Xlsx<_> =
        open_workbook_from_rs(std::io::Cursor::new(xlsx.to_vec())).expect("an XLSX workbook");
    let range = workbook.worksheet_range(sheet).expect("the sheet");
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Empty => String::new(),
                    Data::Float(f) => f.to_string(),
                    Data::Int(i) => i.to_string(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

async fn download(app: &TestApp, token: &str, path: &str) -> (u16, Vec<u8>) {
    let response = app.get_as(Some(token), path).await;
    let status = response.status().as_u16();
    (status, response.bytes().await.expect("a body").to_vec())
}

async fn the_bulletin_spreadsheet_holds_the_published_figures(backend: Backend) {
    let app = spawn_app(backend).await;
    let office = app.token_for("office", "COORDINATOR", &[]).await;
    let viewer = app.token_for("viewer", "VIEWER", &[]).await;
    set_plan_as(
        &app,
        &office,
        "DONGTOU-GREEN-04",
        json!({ "year": 2026, "plannedInvestment": "1200" }),
    )
    .await;
    set_plan_as(&app, &office, "DONGTOU-GREEN-05", json!({ "year": 2026 })).await;
    green_04_to_june(&app).await;
    let (_, body) = app
        .post_as(
            Some(&office),
            PUBLISH,
            json!({ "input": { "period": "2026-06" } }),
        )
        .await;
    assert_eq!(
        body["data"]["publishPeriod"]["userErrors"],
        json!([]),
        "{body:#}"
    );
    let names = app
        .data(
            "{ a: project(key: \"DONGTOU-GREEN-04\") { name category { heading } } b: project(key: \"DONGTOU-GREEN-05\") { name } }",
            json!({}),
        )
        .await;
    let (name_a, name_b, heading) = (
        names["a"]["name"].as_str().unwrap_or_default().to_owned(),
        names["b"]["name"].as_str().unwrap_or_default().to_owned(),
        names["a"]["category"]["heading"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
    );

    let (status, _) = download(&app, &viewer, "/export/bulletin.xlsx?period=2026-06").await;
    assert_eq!(
        status, 403,
        "exports are for FINANCE, COORDINATOR and ADMIN"
    );
    let (status, _) = download(&app, &office, "/export/bulletin.xlsx?month=2026-06").await;
    assert_eq!(status, 400);
    let (status, first) = download(&app, &office, "/export/bulletin.xlsx?period=2026-06").await;
    assert_eq!(status, 200);
    let projects = sheet_cells(&first, "项目");
    let s = |v: &[&str]| v.iter().map(|c| (*c).to_owned()).collect::<Vec<String>>();
    assert_eq!(
        projects,
        vec![
            s(&[
                "序号",
                "项目名称",
                "责任单位",
                "年度计划投资（万元）",
                "本月完成（万元）",
                "本年累计完成（万元）",
                "完成率",
                "序时进度（万元）",
                "形象进度",
                "预警",
                "待定项"
            ]),
            s(&["", &heading, "", "", "", "", "", "", "", "", ""]),
            // 600 of 1 200 this year: 0.5; June's own amount unknown (no May return).
            s(&[
                "1",
                &name_a,
                "",
                "1200",
                "",
                "600",
                "0.5",
                "600",
                "主体封顶",
                "绿",
                "本月完成"
            ]),
            // No plan amount and no return: every amount unknown, none of them 0; May's and
            // June's returns are missing after their deadlines, two months running: red.
            s(&[
                "2",
                &name_b,
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "红",
                "年度计划投资、本月完成、本年累计完成、序时进度"
            ]),
        ]
    );
    let summary = sheet_cells(&first, "汇总");
    assert!(
        summary[0][0].contains("2026-06") && summary[0][0].contains("office"),
        "{:?}",
        summary[0]
    );
    let total = summary
        .iter()
        .find(|row| row[0] == "合计")
        .expect("a total row");
    assert_eq!(
        &total[..10],
        &s(&["合计", "2", "1200", "1", "0", "600", "0.5", "600", "1", ""])[..]
    );

    // The year's S-curve: January plans 100 (a twelfth of 1 200) with GREEN-05's amount unknown,
    // and nothing is known completed (no January returns); June plans 600 and 600 are done.
    let series = app
        .data("{ reportingSeries(year: 2026) { period plannedToDate { known unknownCount } completedToDate { known unknownCount } } }", json!({}))
        .await;
    let points = series["reportingSeries"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(points.len(), 12);
    assert_eq!(
        points[0],
        json!({ "period": "2026-01", "plannedToDate": amount("100", 1), "completedToDate": amount("0", 2) })
    );
    assert_eq!(
        points[5],
        json!({ "period": "2026-06", "plannedToDate": amount("600", 1), "completedToDate": amount("600", 1) })
    );
    // The same series drawn as the bulletin's picture, for any reader.
    let chart = app
        .get_as(
            Some(&viewer),
            "/export/bulletin-chart.svg?year=2026&list=DONGTOU",
        )
        .await;
    assert_eq!(chart.status().as_u16(), 200);
    assert!(
        chart.headers()["content-type"]
            .to_str()
            .unwrap_or_default()
            .starts_with("image/svg+xml")
    );
    let svg = chart.text().await.expect("an SVG");
    assert!(
        svg.starts_with("<svg")
            && svg.contains("2026年重大项目投资序时进度")
            && svg.contains("实际完成")
    );
    let (status, _) = download(&app, &viewer, "/export/bulletin-chart.svg").await;
    assert_eq!(status, 400, "the year is required");
    // A correction after publishing leaves the published file's cells as they were.
    submit(
        &app,
        "DONGTOU-GREEN-04",
        json!({ "period": "2026-06", "cumulativeCompletedInvestment": "960",
        "imageProgress": "主体封顶", "isCorrection": true, "note": "补报" }),
    )
    .await;
    let (_, again) = download(&app, &office, "/export/bulletin.xlsx?period=2026-06").await;
    assert_eq!(sheet_cells(&again, "项目"), projects);
    let (_, live) = download(
        &app,
        &office,
        "/export/bulletin.xlsx?period=2026-06&live=true",
    )
    .await;
    assert_eq!(sheet_cells(&live, "项目")[2][5], "660");
    // The CSV holds the same table.
    let (status, csv) = download(&app, &office, "/export/bulletin.csv?period=2026-06").await;
    assert_eq!(status, 200);
    let text = String::from_utf8(csv).expect("UTF-8");
    let line = text.lines().nth(2).expect("the first project row");
    assert_eq!(
        line,
        format!("1,{name_a},,1200,,600,0.5,600,主体封顶,绿,本月完成")
    );
}
