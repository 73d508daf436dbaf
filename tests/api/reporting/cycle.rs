//! The monthly reporting cycle end to end: annual plans, a year of returns with their derived
//! amounts and lights worked out by hand, review, corrections, deadlines, the rules as data,
//! and who may do what.

use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::{Backend, TestApp, spawn_app};

both_backends!(
    a_year_of_returns_gives_exact_amounts_and_lights,
    review_corrections_and_resubmission,
    concurrent_reviews_one_wins,
    bad_returns_are_refused_and_change_nothing,
    deadlines_missing_returns_and_late_starts,
    the_rules_are_data_and_lights_can_be_read_as_they_were,
    each_role_does_only_its_part,
);

const PLAN: &str = "mutation($input: SetAnnualPlanInput!) { setAnnualPlan(input: $input) {
    annualPlan { id year plannedInvestment plannedStartMonth quarterlyTargets version }
    project { version } userErrors { field code message } } }";
const SUBMIT: &str =
    "mutation($input: SubmitMonthlyReturnInput!) { submitMonthlyReturn(input: $input) {
    monthlyReturn { id period revision status cumulativeCompletedInvestment completedThisMonth
      completedThisYear percentComplete isCorrection reviewComment version }
    project { version } userErrors { field code message } } }";
const REVIEW: &str = "mutation($input: ReviewMonthlyReturnInput!) { reviewMonthlyReturn(input: $input) {
    monthlyReturn { id status reviewComment version } userErrors { field code message currentVersion } } }";
const RULES: &str =
    "mutation($input: UpdateWarningRulesInput!) { updateWarningRules(input: $input) {
    warningRules { listCode behindScheduleYellow version } userErrors { field code message } } }";
const LIGHT: &str = "query($key: String!, $period: String!, $asOf: DateTime) { project(key: $key) {
    warning(period: $period, asOf: $asOf) { period level rule reason plannedInvestment completedThisYear
      expectedShare expectedToDate gapPoints monthsStartOverdue monthsMissing } } }";

/// The project's id and version.
pub(super) async fn project(app: &TestApp, key: &str) -> (Value, i64) {
    let data = app
        .data(
            "query($key: String!) { project(key: $key) { id version } }",
            json!({ "key": key }),
        )
        .await;
    let p = &data["project"];
    (p["id"].clone(), p["version"].as_i64().expect("a version"))
}

pub(super) async fn set_plan_as(app: &TestApp, token: &str, key: &str, plan: Value) -> Value {
    let (id, version) = project(app, key).await;
    let mut input = plan;
    input["projectId"] = id;
    input["expectedVersion"] = json!(version);
    let (_, body) = app
        .post_as(Some(token), PLAN, json!({ "input": input }))
        .await;
    body["data"]["setAnnualPlan"].clone()
}

pub(super) async fn submit_as(app: &TestApp, token: &str, key: &str, fields: Value) -> Value {
    let (id, version) = project(app, key).await;
    let mut input = json!({ "percentComplete": "10", "imageProgress": "主体施工中" });
    for (k, v) in fields.as_object().expect("fields").clone() {
        input[k] = v;
    }
    input["projectId"] = id;
    input["expectedVersion"] = json!(version);
    let (_, body) = app
        .post_as(Some(token), SUBMIT, json!({ "input": input }))
        .await;
    body["data"]["submitMonthlyReturn"].clone()
}

pub(super) async fn submit(app: &TestApp, key: &str, fields: Value) -> Value {
    let out = submit_as(app, &app.token, key, fields).await;
    assert_eq!(out["userErrors"], json!([]), "{out:#}");
    out["monthlyReturn"].clone()
}

async fn review(
    app: &TestApp,
    token: &str,
    id: &Value,
    version: i64,
    decision: &str,
    comment: Option<&str>,
) -> Value {
    let (_, body) = app
        .post_as(
            Some(token),
            REVIEW,
            json!({ "input": { "returnId": id, "decision": decision, "comment": comment, "expectedVersion": version } }),
        )
        .await;
    body["data"]["reviewMonthlyReturn"].clone()
}

async fn light(app: &TestApp, key: &str, period: &str) -> Value {
    app.data(LIGHT, json!({ "key": key, "period": period }))
        .await["project"]["warning"]
        .clone()
}

fn error_of(payload: &Value) -> (Value, Value) {
    let e = &payload["userErrors"][0];
    (e["code"].clone(), e["field"].clone())
}

const KEY: &str = "DONGTOU-GREEN-04"; // 2022-2027

async fn a_year_of_returns_gives_exact_amounts_and_lights(backend: Backend) {
    let app = spawn_app(backend).await;
    let office = app.token_for("office", "COORDINATOR", &[]).await;
    let plan = set_plan_as(
        &app,
        &office,
        KEY,
        json!({ "year": 2026, "plannedInvestment": "1200", "quarterlyTargets": ["20", "50", "80", "100"],
                "targetProgress": "主体结构封顶" }),
    )
    .await;
    assert_eq!(plan["userErrors"], json!([]), "{plan:#}");
    assert_eq!(plan["annualPlan"]["plannedInvestment"], "1200");
    assert_eq!(
        plan["annualPlan"]["quarterlyTargets"],
        json!(["20", "50", "80", "100"])
    );

    // December 2025 is the baseline; the month before it was never filed, so its own monthly
    // amount is unknown (not the whole 300), and so is its year's.
    let dec = submit(
        &app,
        KEY,
        json!({ "period": "2025-12", "cumulativeCompletedInvestment": "300" }),
    )
    .await;
    assert_eq!(dec["completedThisMonth"], Value::Null);
    assert_eq!(dec["completedThisYear"], Value::Null);

    // The year, by hand: plan 1 200; quarterly targets 20/50/80/100 % give the shares due at
    // each month's end (a straight line inside each quarter); completed this year is the
    // cumulative figure less December's 300; gap = share due − share done, in points.
    //  month cumulative  this month  this year  due %   due 万元  gap     light
    let year = [
        ("2026-01", "380", "80", "80", "6.67", "80", "0", "GREEN"),
        (
            "2026-02", "430", "50", "130", "13.33", "160", "2.5", "GREEN",
        ),
        ("2026-03", "480", "50", "180", "20", "240", "5", "GREEN"),
        ("2026-04", "540", "60", "240", "30", "360", "10", "YELLOW"),
        ("2026-05", "600", "60", "300", "40", "480", "15", "YELLOW"),
        (
            "2026-06", "700", "100", "400", "50", "600", "16.67", "YELLOW",
        ),
        ("2026-07", "720", "20", "420", "60", "720", "25", "YELLOW"),
        ("2026-08", "740", "20", "440", "70", "840", "33.33", "RED"),
        (
            "2026-09", "1000", "260", "700", "80", "960", "21.67", "YELLOW",
        ),
        (
            "2026-10", "1250", "250", "950", "86.67", "1040", "7.5", "GREEN",
        ),
        (
            "2026-11", "1420.5", "170.5", "1120.5", "93.33", "1120", "-0.04", "GREEN",
        ),
    ];
    for (period, cumulative, month, so_far, ..) in year {
        let r = submit(
            &app,
            KEY,
            json!({ "period": period, "cumulativeCompletedInvestment": cumulative }),
        )
        .await;
        assert_eq!(r["status"], "SUBMITTED");
        assert_eq!(r["completedThisMonth"], month, "{period}");
        assert_eq!(r["completedThisYear"], so_far, "{period}");
    }
    for (period, _, _, so_far, share, due, gap, level) in year {
        let w = light(&app, KEY, period).await;
        assert_eq!(w["level"], level, "{period}: {w:#}");
        assert_eq!(w["plannedInvestment"], "1200");
        assert_eq!(w["completedThisYear"], so_far, "{period}");
        assert_eq!(w["expectedShare"], share, "{period}");
        assert_eq!(w["expectedToDate"], due, "{period}");
        assert_eq!(w["gapPoints"], gap, "{period}");
        let rule = if level == "GREEN" {
            Value::Null
        } else {
            json!("BEHIND_SCHEDULE")
        };
        assert_eq!(w["rule"], rule, "{period}");
        assert_eq!(w["monthsMissing"], 0);
    }

    // The month's figures read the same from the project.
    let data = app
        .data(
            "{ project(key: \"DONGTOU-GREEN-04\") { monthlyReturn(period: \"2026-06\") { completedThisMonth completedThisYear }
               monthlyReturns(first: 3) { nodes { period } }
               latestProgressReport { completedInvestment percentComplete }
               annualPlan(year: 2026) { plannedInvestment expectedShare(month: 4) } annualPlans { year } } }",
            json!({}),
        )
        .await;
    let p = &data["project"];
    assert_eq!(
        p["monthlyReturn"],
        json!({ "completedThisMonth": "100", "completedThisYear": "400" })
    );
    assert_eq!(
        p["monthlyReturns"]["nodes"],
        json!([{ "period": "2026-11" }, { "period": "2026-10" }, { "period": "2026-09" }])
    );
    // One ledger: the latest return's cumulative figure is the latest progress report's.
    assert_eq!(
        p["latestProgressReport"],
        json!({ "completedInvestment": "1420.5", "percentComplete": "10" })
    );
    assert_eq!(p["annualPlan"]["expectedShare"], "30");
    assert_eq!(p["annualPlans"], json!([{ "year": 2026 }]));

    // The office's list: August's red light is this project's.
    let red = app
        .data(
            "{ warnings(period: \"2026-08\", level: RED) { edges { node { level gapPoints project { key } } } pageInfo { hasNextPage } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        red["warnings"]["edges"],
        json!([{ "node": { "level": "RED", "gapPoints": "33.33", "project": { "key": KEY } } }])
    );
    let counts = app
        .data(
            "{ warningCounts(period: \"2026-04\") { level count } }",
            json!({}),
        )
        .await;
    assert_eq!(
        counts["warningCounts"],
        json!([{ "level": "RED", "count": 0 }, { "level": "YELLOW", "count": 1 },
               { "level": "GREEN", "count": 0 }, { "level": "NOT_APPLICABLE", "count": 0 }])
    );
    // Without a plan for the year a project is not monitored.
    let w = light(&app, "DONGTOU-GREEN-05", "2026-04").await;
    assert_eq!(w["level"], "NOT_APPLICABLE");
    assert!(
        w["reason"]
            .as_str()
            .unwrap_or_default()
            .contains("no annual plan for 2026")
    );
}

async fn review_corrections_and_resubmission(backend: Backend) {
    let app = spawn_app(backend).await;
    let office = app.token_for("office", "COORDINATOR", &[]).await;
    let r = submit(
        &app,
        KEY,
        json!({ "period": "2026-01", "cumulativeCompletedInvestment": "100" }),
    )
    .await;
    let approved = review(&app, &office, &r["id"], 1, "APPROVE", None).await;
    assert_eq!(
        approved["monthlyReturn"]["status"], "APPROVED",
        "{approved:#}"
    );
    assert_eq!(approved["monthlyReturn"]["version"], 2);

    // An approved return is not edited.
    let again = submit_as(
        &app,
        &app.token,
        KEY,
        json!({ "period": "2026-01", "cumulativeCompletedInvestment": "120" }),
    )
    .await;
    assert_eq!(
        error_of(&again),
        (json!("VALIDATION"), json!("isCorrection")),
        "{again:#}"
    );
    // A correction needs a note, and is kept beside the original.
    let bare = submit_as(
        &app,
        &app.token,
        KEY,
        json!({ "period": "2026-01", "cumulativeCompletedInvestment": "90", "isCorrection": true }),
    )
    .await;
    assert_eq!(error_of(&bare), (json!("VALIDATION"), json!("note")));
    let fixed = submit(
        &app,
        KEY,
        json!({ "period": "2026-01", "cumulativeCompletedInvestment": "90",
        "isCorrection": true, "note": "财务审计调减" }),
    )
    .await;
    assert_eq!(
        (fixed["revision"].clone(), fixed["isCorrection"].clone()),
        (json!(1), json!(true))
    );
    let both = app
        .data(
            "{ project(key: \"DONGTOU-GREEN-04\") { monthlyReturns { nodes { period revision status cumulativeCompletedInvestment } }
               monthlyReturn(period: \"2026-01\") { revision } latestProgressReport { completedInvestment } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        both["project"]["monthlyReturns"]["nodes"],
        json!([
            { "period": "2026-01", "revision": 1, "status": "SUBMITTED", "cumulativeCompletedInvestment": "90" },
            { "period": "2026-01", "revision": 0, "status": "APPROVED", "cumulativeCompletedInvestment": "100" },
        ])
    );
    assert_eq!(both["project"]["monthlyReturn"]["revision"], 1);
    assert_eq!(
        both["project"]["latestProgressReport"]["completedInvestment"],
        "90"
    );

    // Sent back with a comment, then resubmitted in place.
    let feb = submit(
        &app,
        KEY,
        json!({ "period": "2026-02", "cumulativeCompletedInvestment": "150" }),
    )
    .await;
    let no_comment = review(&app, &office, &feb["id"], 1, "RETURN", None).await;
    assert_eq!(
        error_of(&no_comment),
        (json!("VALIDATION"), json!("comment"))
    );
    let sent_back = review(
        &app,
        &office,
        &feb["id"],
        1,
        "RETURN",
        Some("形象进度与投资不符"),
    )
    .await;
    assert_eq!(sent_back["monthlyReturn"]["status"], "RETURNED");
    let queue = app
        .data(
            "{ reviewQueue(status: RETURNED) { nodes { period reviewComment } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        queue["reviewQueue"]["nodes"],
        json!([{ "period": "2026-02", "reviewComment": "形象进度与投资不符" }])
    );
    let again = submit(
        &app,
        KEY,
        json!({ "period": "2026-02", "cumulativeCompletedInvestment": "160" }),
    )
    .await;
    assert_eq!(again["id"], feb["id"], "resubmitted in place");
    assert_eq!(
        (again["status"].clone(), again["version"].clone()),
        (json!("SUBMITTED"), json!(3))
    );
    assert_eq!(
        again["completedThisMonth"], "70",
        "160 less January's corrected 90"
    );
    let queue = app
        .data(
            "{ reviewQueue(period: \"2026-02\") { nodes { period status } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        queue["reviewQueue"]["nodes"],
        json!([{ "period": "2026-02", "status": "SUBMITTED" }])
    );
    // The history holds every step.
    let history = app
        .data(
            "{ project(key: \"DONGTOU-GREEN-04\") { history(first: 50) { nodes { field } } } }",
            json!({}),
        )
        .await;
    let fields: Vec<&str> = history["project"]["history"]["nodes"]
        .as_array()
        .map(|n| n.iter().filter_map(|e| e["field"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        fields.iter().filter(|f| **f == "monthlyReturn").count(),
        4,
        "{fields:?}"
    );
    assert!(
        fields.contains(&"reviewComment") && fields.contains(&"status"),
        "{fields:?}"
    );
}

async fn concurrent_reviews_one_wins(backend: Backend) {
    let app = spawn_app(backend).await;
    let office = app.token_for("office", "COORDINATOR", &[]).await;
    let r = submit(
        &app,
        KEY,
        json!({ "period": "2026-03", "cumulativeCompletedInvestment": "10" }),
    )
    .await;
    let reviews = (0..8).map(|i| {
        let (app, office, id) = (&app, &office, r["id"].clone());
        async move {
            let decision = if i % 2 == 0 { "APPROVE" } else { "RETURN" };
            review(app, office, &id, 1, decision, Some("审核意见")).await
        }
    });
    let results = futures_util::future::join_all(reviews).await;
    // Six first filings of one month at once: one is filed, the others conflict (no error).
    let (id, version) = project(&app, KEY).await;
    let filings = (0..6).map(|i| {
        let (app, id) = (&app, id.clone());
        async move {
            let input = json!({ "projectId": id, "period": "2026-04", "percentComplete": "5",
                "imageProgress": format!("第{i}份"), "cumulativeCompletedInvestment": "20",
                "expectedVersion": version });
            app.post_as(Some(&app.token), SUBMIT, json!({ "input": input }))
                .await
        }
    });
    let filed = futures_util::future::join_all(filings).await;
    assert!(
        filed
            .iter()
            .all(|(status, body)| *status == 200 && body.get("errors").is_none()),
        "{filed:#?}"
    );
    let codes: Vec<Value> = filed
        .iter()
        .map(|(_, b)| b["data"]["submitMonthlyReturn"]["userErrors"][0]["code"].clone())
        .collect();
    assert_eq!(codes.iter().filter(|c| c.is_null()).count(), 1, "{codes:?}");
    assert_eq!(
        codes.iter().filter(|c| **c == "CONFLICT").count(),
        5,
        "{codes:?}"
    );
    let won = results
        .iter()
        .filter(|p| p["userErrors"] == json!([]))
        .count();
    let conflicts = results
        .iter()
        .filter(|p| {
            p["userErrors"][0]["code"] == "CONFLICT" && p["userErrors"][0]["currentVersion"] == 2
        })
        .count();
    assert_eq!((won, conflicts), (1, 7), "{results:#?}");
}

async fn bad_returns_are_refused_and_change_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    submit(
        &app,
        KEY,
        json!({ "period": "2026-04", "cumulativeCompletedInvestment": "500" }),
    )
    .await;
    let (_, before) = project(&app, KEY).await;
    for (fields, field) in [
        (json!({ "period": "2026-13" }), "period"),
        (json!({ "period": "26-04" }), "period"),
        (json!({ "period": "2099-01" }), "period"),
        (json!({ "period": "2021-12" }), "period"), // before the start year, 2022
        (
            json!({ "period": "2026-05", "cumulativeCompletedInvestment": "-1" }),
            "cumulativeCompletedInvestment",
        ),
        (
            json!({ "period": "2026-05", "cumulativeCompletedInvestment": "0.0000001" }),
            "cumulativeCompletedInvestment",
        ),
        (
            json!({ "period": "2026-05", "cumulativeCompletedInvestment": "499.999999" }),
            "cumulativeCompletedInvestment",
        ),
        (
            json!({ "period": "2026-05", "percentComplete": "101" }),
            "percentComplete",
        ),
        (
            json!({ "period": "2026-05", "imageProgress": "  " }),
            "imageProgress",
        ),
    ] {
        let out = submit_as(&app, &app.token, KEY, fields.clone()).await;
        assert_eq!(
            error_of(&out),
            (json!("VALIDATION"), json!(field)),
            "{fields}: {out:#}"
        );
        assert_eq!(out["monthlyReturn"], Value::Null);
    }
    assert_eq!(project(&app, KEY).await.1, before, "nothing changed");
    // A lower figure with a correction and a note is accepted.
    let lower = submit(
        &app,
        KEY,
        json!({ "period": "2026-05", "cumulativeCompletedInvestment": "450",
        "isCorrection": true, "note": "剔除重复统计" }),
    )
    .await;
    assert_eq!(lower["completedThisMonth"], "-50");
    // An unknown cumulative figure stays unknown, and so does what derives from it.
    let unknown = submit(&app, KEY, json!({ "period": "2026-06" })).await;
    assert_eq!(unknown["cumulativeCompletedInvestment"], Value::Null);
    assert_eq!(unknown["completedThisMonth"], Value::Null);
    // A stale project version is a conflict.
    let (id, version) = project(&app, KEY).await;
    let (_, body) = app
        .post_as(
            Some(&app.token),
            SUBMIT,
            json!({ "input": { "projectId": id, "period": "2026-07",
            "percentComplete": "1", "imageProgress": "x", "expectedVersion": version - 1 } }),
        )
        .await;
    assert_eq!(
        body["data"]["submitMonthlyReturn"]["userErrors"][0]["code"],
        "CONFLICT"
    );
    // Plans follow the money rules too.
    let office = app.token_for("office", "COORDINATOR", &[]).await;
    for (plan, field) in [
        (
            json!({ "year": 2026, "plannedInvestment": "-5" }),
            "plannedInvestment",
        ),
        (
            json!({ "year": 2026, "plannedStartMonth": 13 }),
            "plannedStartMonth",
        ),
        (
            json!({ "year": 2026, "quarterlyTargets": ["20", "10", "80", "100"] }),
            "quarterlyTargets",
        ),
        (
            json!({ "year": 2026, "quarterlyTargets": ["20", "50", "80", "90"] }),
            "quarterlyTargets",
        ),
        (json!({ "year": 2021 }), "year"),
    ] {
        let out = set_plan_as(&app, &office, KEY, plan.clone()).await;
        assert_eq!(
            error_of(&out),
            (json!("VALIDATION"), json!(field)),
            "{plan}: {out:#}"
        );
    }
    // An unknown plan amount stays unknown, and the light says why instead of going green.
    let unknown = set_plan_as(&app, &office, KEY, json!({ "year": 2026 })).await;
    assert_eq!(unknown["annualPlan"]["plannedInvestment"], Value::Null);
    let w = light(&app, KEY, "2026-04").await;
    assert_eq!(w["level"], "NOT_APPLICABLE");
    assert!(
        w["reason"]
            .as_str()
            .unwrap_or_default()
            .contains("no known amount"),
        "{w:#}"
    );
}

/// The current month on the office's clock (UTC+8), `YYYY-MM`.
fn this_month() -> String {
    (chrono::Utc::now() + chrono::Duration::hours(8))
        .format("%Y-%m")
        .to_string()
}

async fn deadlines_missing_returns_and_late_starts(backend: Backend) {
    let app = spawn_app(backend).await;
    let office = app.token_for("office", "COORDINATOR", &[]).await;
    let now = this_month();
    let year: i32 = now[..4].parse().expect("a year");
    for key in [KEY, "DONGTOU-GREEN-05"] {
        let out = set_plan_as(
            &app,
            &office,
            key,
            json!({ "year": 2026, "plannedInvestment": "1200" }),
        )
        .await;
        assert_eq!(out["userErrors"], json!([]), "{out:#}");
        if year != 2026 {
            let out = set_plan_as(
                &app,
                &office,
                key,
                json!({ "year": year, "plannedInvestment": "100" }),
            )
            .await;
            assert_eq!(out["userErrors"], json!([]), "{out:#}");
        }
    }
    // GREEN-05 files to March and then stops: April is missing (yellow), May too (red).
    for period in ["2025-12", "2026-01", "2026-02", "2026-03"] {
        submit(
            &app,
            "DONGTOU-GREEN-05",
            json!({ "period": period, "cumulativeCompletedInvestment": "10" }),
        )
        .await;
    }
    let april = light(&app, "DONGTOU-GREEN-05", "2026-04").await;
    assert_eq!(
        (
            april["level"].clone(),
            april["rule"].clone(),
            april["monthsMissing"].clone()
        ),
        (json!("YELLOW"), json!("RETURN_MISSING"), json!(1)),
        "{april:#}"
    );
    let may = light(&app, "DONGTOU-GREEN-05", "2026-05").await;
    assert_eq!(
        (may["level"].clone(), may["monthsMissing"].clone()),
        (json!("RED"), json!(2))
    );
    // GREEN-04 files April after its deadline: late, not missing.
    submit(
        &app,
        KEY,
        json!({ "period": "2026-04", "cumulativeCompletedInvestment": "10" }),
    )
    .await;
    let due = app
        .data(
            "{ returnsDue(period: \"2026-04\") { nodes { project { key } status dueOn responsibleUnit reviewStatus } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        due["returnsDue"]["nodes"],
        json!([
            { "project": { "key": KEY }, "status": "LATE", "dueOn": "2026-04-25", "responsibleUnit": null, "reviewStatus": "SUBMITTED" },
            { "project": { "key": "DONGTOU-GREEN-05" }, "status": "MISSING", "dueOn": "2026-04-25", "responsibleUnit": null, "reviewStatus": null },
        ])
    );
    let missing = app
        .data(
            "{ returnsDue(period: \"2026-04\", status: MISSING) { nodes { project { key } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        missing["returnsDue"]["nodes"],
        json!([{ "project": { "key": "DONGTOU-GREEN-05" } }])
    );
    // This month, due on its last day: one filed in time, the other still pending.
    let rules = app.data("{ warningRules { version } }", json!({})).await;
    let version = rules["warningRules"][0]["version"].clone();
    let out = app
        .data(
            RULES,
            json!({ "input": { "dueDay": 31, "expectedVersion": version } }),
        )
        .await;
    assert_eq!(
        out["updateWarningRules"]["userErrors"],
        json!([]),
        "{out:#}"
    );
    submit(
        &app,
        KEY,
        json!({ "period": now, "cumulativeCompletedInvestment": "20" }),
    )
    .await;
    let due = app
        .data(
            "query($p: String!) { returnsDue(period: $p) { nodes { project { key } status } } }",
            json!({ "p": now }),
        )
        .await;
    assert_eq!(
        due["returnsDue"]["nodes"],
        json!([{ "project": { "key": KEY }, "status": "FILED" }, { "project": { "key": "DONGTOU-GREEN-05" }, "status": "PENDING" }])
    );

    // A late start: planned for March, still PLANNED — yellow in March, red from June.
    let out = set_plan_as(
        &app,
        &office,
        "DONGTOU-GREEN-01",
        json!({ "year": 2026, "plannedInvestment": "0", "plannedStartMonth": 3 }),
    )
    .await;
    assert_eq!(out["userErrors"], json!([]), "{out:#}");
    for period in ["2026-03", "2026-05", "2026-06"] {
        submit(
            &app,
            "DONGTOU-GREEN-01",
            json!({ "period": period, "cumulativeCompletedInvestment": "0" }),
        )
        .await;
    }
    let feb = light(&app, "DONGTOU-GREEN-01", "2026-02").await;
    assert_eq!(
        feb["level"], "RED",
        "February's return is missing, two months running: {feb:#}"
    );
    let march = light(&app, "DONGTOU-GREEN-01", "2026-03").await;
    assert_eq!(
        (
            march["level"].clone(),
            march["rule"].clone(),
            march["monthsStartOverdue"].clone()
        ),
        (json!("YELLOW"), json!("START_OVERDUE"), json!(0)),
        "{march:#}"
    );
    let may = light(&app, "DONGTOU-GREEN-01", "2026-05").await;
    assert_eq!(
        (may["level"].clone(), may["monthsStartOverdue"].clone()),
        (json!("YELLOW"), json!(2))
    );
    let june = light(&app, "DONGTOU-GREEN-01", "2026-06").await;
    assert_eq!(
        (
            june["level"].clone(),
            june["rule"].clone(),
            june["monthsStartOverdue"].clone()
        ),
        (json!("RED"), json!("START_OVERDUE"), json!(3)),
        "{june:#}"
    );
}

async fn the_rules_are_data_and_lights_can_be_read_as_they_were(backend: Backend) {
    let app = spawn_app(backend).await;
    let office = app.token_for("office", "COORDINATOR", &[]).await;
    set_plan_as(
        &app,
        &office,
        KEY,
        json!({ "year": 2026, "plannedInvestment": "1200" }),
    )
    .await;
    submit(
        &app,
        KEY,
        json!({ "period": "2025-12", "cumulativeCompletedInvestment": "0" }),
    )
    .await;
    // March: 25 % due, 240 of 1 200 (20 %) done — 5 points behind: green under the defaults.
    submit(
        &app,
        KEY,
        json!({ "period": "2026-03", "cumulativeCompletedInvestment": "240" }),
    )
    .await;
    let w = light(&app, KEY, "2026-03").await;
    assert_eq!(
        (w["level"].clone(), w["gapPoints"].clone()),
        (json!("GREEN"), json!("5"))
    );
    let defaults = app
        .data("{ warningRules { listCode behindScheduleYellow behindScheduleRed startOverdueYellow startOverdueRed returnMissingYellow returnMissingRed dueDay version } }", json!({}))
        .await;
    assert_eq!(
        defaults["warningRules"],
        json!([{ "listCode": null, "behindScheduleYellow": "10", "behindScheduleRed": "30", "startOverdueYellow": 0,
                 "startOverdueRed": 3, "returnMissingYellow": 1, "returnMissingRed": 2, "dueDay": 25, "version": 1 }])
    );
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let before = chrono::Utc::now().to_rfc3339();
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    // Bad thresholds are refused; a list's own rules start from the defaults.
    let (_, body) = app
        .post_as(
            Some(&office),
            RULES,
            json!({ "input": { "behindScheduleYellow": "40", "expectedVersion": 1 } }),
        )
        .await;
    assert_eq!(
        body["data"]["updateWarningRules"]["userErrors"][0]["field"],
        "behindScheduleRed"
    );
    let (_, body) = app
        .post_as(Some(&office), RULES, json!({ "input": { "listCode": "DONGTOU", "behindScheduleYellow": "5", "expectedVersion": 1 } }))
        .await;
    assert_eq!(
        body["data"]["updateWarningRules"]["warningRules"],
        json!({ "listCode": "DONGTOU", "behindScheduleYellow": "5", "version": 1 }),
        "{body:#}"
    );
    // The next read uses them.
    let w = light(&app, KEY, "2026-03").await;
    assert_eq!(
        (w["level"].clone(), w["rule"].clone()),
        (json!("YELLOW"), json!("BEHIND_SCHEDULE"))
    );
    // As it stood before the change: green.
    let then = app
        .data(
            LIGHT,
            json!({ "key": KEY, "period": "2026-03", "asOf": before }),
        )
        .await;
    assert_eq!(then["project"]["warning"]["level"], "GREEN", "{then:#}");
    // The change is in the log.
    let changes = app
        .data("query($s: DateTime) { changes(since: $s) { nodes { entityType field oldValue newValue actor } } }", json!({ "s": before }))
        .await;
    let logged: Vec<&Value> = changes["changes"]["nodes"]
        .as_array()
        .map(|n| {
            n.iter()
                .filter(|e| e["entityType"] == "warning_rule")
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        logged
            .iter()
            .map(|e| (
                e["field"].clone(),
                e["newValue"].clone(),
                e["actor"].clone()
            ))
            .collect::<Vec<_>>(),
        vec![
            (json!("created"), json!("DONGTOU"), json!("office")),
            (json!("behindScheduleYellow"), json!("5"), json!("office")),
        ]
    );
    // A stale version of the rules is a conflict.
    let (_, body) = app
        .post_as(Some(&office), RULES, json!({ "input": { "listCode": "DONGTOU", "behindScheduleYellow": "6", "expectedVersion": 7 } }))
        .await;
    assert_eq!(
        body["data"]["updateWarningRules"]["userErrors"][0]["code"],
        "CONFLICT"
    );
}

async fn each_role_does_only_its_part(backend: Backend) {
    let app = spawn_app(backend).await;
    let office = app.token_for("office", "COORDINATOR", &[]).await;
    let viewer = app.token_for("viewer", "VIEWER", &[]).await;
    let finance = app.token_for("finance", "FINANCE", &[]).await;
    let manager = app.token_for("manager", "MANAGER", &[KEY]).await;
    let plan = json!({ "year": 2026, "plannedInvestment": "100" });
    // Plans are the office's.
    for token in [&viewer, &finance, &manager] {
        let out = set_plan_as(&app, token, KEY, plan.clone()).await;
        assert_eq!(error_of(&out).0, "FORBIDDEN", "{out:#}");
    }
    assert_eq!(
        set_plan_as(&app, &office, KEY, plan.clone()).await["userErrors"],
        json!([])
    );
    // Returns are the managers' (for their own projects) — not the office's, not readers'.
    let filed = json!({ "period": "2026-01", "cumulativeCompletedInvestment": "1" });
    for token in [&viewer, &finance, &office] {
        let out = submit_as(&app, token, KEY, filed.clone()).await;
        assert_eq!(error_of(&out).0, "FORBIDDEN", "{out:#}");
    }
    let other = submit_as(&app, &manager, "DONGTOU-GREEN-05", filed.clone()).await;
    assert_eq!(error_of(&other).0, "FORBIDDEN", "unassigned: {other:#}");
    let mine = submit_as(&app, &manager, KEY, filed.clone()).await;
    assert_eq!(mine["userErrors"], json!([]), "{mine:#}");
    let id = mine["monthlyReturn"]["id"].clone();
    // Reviews and rules are the office's.
    for token in [&viewer, &finance, &manager] {
        let out = review(&app, token, &id, 1, "APPROVE", None).await;
        assert_eq!(error_of(&out).0, "FORBIDDEN", "{out:#}");
        let (_, body) = app
            .post_as(
                Some(token),
                RULES,
                json!({ "input": { "dueDay": 20, "expectedVersion": 1 } }),
            )
            .await;
        assert_eq!(
            body["data"]["updateWarningRules"]["userErrors"][0]["code"],
            "FORBIDDEN"
        );
    }
    assert_eq!(
        review(&app, &office, &id, 1, "APPROVE", None).await["userErrors"],
        json!([])
    );
    // The office reads everything and exports, but manages no tokens.
    let (_, body) = app
        .post_as(Some(&office), "{ apiTokens { name } }", json!({}))
        .await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "FORBIDDEN");
    let export = app.get_as(Some(&office), "/export/projects.csv").await;
    assert_eq!(export.status().as_u16(), 200);
    // Everyone who reads sees the lights and the deadlines.
    for token in [&viewer, &finance, &manager, &office] {
        let (_, body) = app
            .post_as(Some(token), "{ warnings(period: \"2026-01\") { nodes { level } } returnsDue(period: \"2026-01\") { nodes { status } } }", json!({}))
            .await;
        assert!(body.get("errors").is_none(), "{body:#}");
        assert_eq!(
            body["data"]["returnsDue"]["nodes"],
            json!([{ "status": "LATE" }])
        );
    }
}
