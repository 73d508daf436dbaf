//! Project managers' writes: the lifecycle, validation, optimistic concurrency, the change
//! history, as-of reads and the sync feed.

use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::{Backend, TestApp, spawn_app};

both_backends!(
    status_changes_follow_the_lifecycle_and_stale_versions_conflict,
    reports_edits_and_phases_validate_and_record_history,
    managers_write_only_their_projects,
    sixteen_concurrent_writers_one_wins,
    as_of_reads_and_the_sync_feed_show_the_past,
);

async fn project(app: &TestApp, key: &str) -> Value {
    app.data(
        "query($key: String!) { project(key: $key) { id version status totalInvestment fypInvestment
           startYear endYear name phases { id ordinal name version }
           latestProgressReport { percentComplete completedInvestment status reportedBy }
           history(first: 20) { nodes { field oldValue newValue actor } } } }",
        json!({ "key": key }),
    )
    .await["project"]
        .clone()
}

const STATUS: &str =
    "mutation($input: ChangeProjectStatusInput!) { changeProjectStatus(input: $input) {
    project { version status } userErrors { field code message currentVersion changedFields } } }";
const UPDATE: &str = "mutation($input: UpdateProjectInput!) { updateProject(input: $input) {
    project { version totalInvestment fypInvestment startYear endYear name }
    userErrors { field code message currentVersion changedFields } } }";
const REPORT: &str = "mutation($input: SubmitProgressReportInput!) { submitProgressReport(input: $input) {
    project { version status } progressReport { percentComplete completedInvestment status reportedBy }
    userErrors { field code message } } }";

async fn status_changes_follow_the_lifecycle_and_stale_versions_conflict(backend: Backend) {
    let app = spawn_app(backend).await;
    let p = project(&app, "DONGTOU-GREEN-08").await;
    let id = p["id"].clone();
    assert_eq!(
        (p["version"].clone(), p["status"].clone()),
        (json!(1), json!("PLANNED"))
    );

    let illegal = app
        .data(
            STATUS,
            json!({ "input": { "projectId": id, "status": "COMPLETED", "expectedVersion": 1 } }),
        )
        .await;
    let errors = &illegal["changeProjectStatus"]["userErrors"];
    assert_eq!(errors[0]["code"], "ILLEGAL_TRANSITION", "{illegal:#}");
    assert_eq!(illegal["changeProjectStatus"]["project"], Value::Null);

    let started = app
        .data(
            STATUS,
            json!({ "input": { "projectId": id, "status": "UNDER_CONSTRUCTION", "expectedVersion": 1, "note": "ground broken" } }),
        )
        .await;
    assert_eq!(started["changeProjectStatus"]["userErrors"], json!([]));
    assert_eq!(
        started["changeProjectStatus"]["project"],
        json!({ "version": 2, "status": "UNDER_CONSTRUCTION" })
    );

    // A second client still holding version 1.
    let stale = app
        .data(
            STATUS,
            json!({ "input": { "projectId": id, "status": "ON_HOLD", "expectedVersion": 1 } }),
        )
        .await;
    let error = &stale["changeProjectStatus"]["userErrors"][0];
    assert_eq!(error["code"], "CONFLICT");
    assert_eq!(error["currentVersion"], 2);
    assert_eq!(error["changedFields"], json!(["status", "statusNote"]));

    for (to, version) in [("ON_HOLD", 2), ("UNDER_CONSTRUCTION", 3), ("COMPLETED", 4)] {
        let moved = app
            .data(
                STATUS,
                json!({ "input": { "projectId": id, "status": to, "expectedVersion": version } }),
            )
            .await;
        assert_eq!(
            moved["changeProjectStatus"]["project"]["status"], to,
            "{moved:#}"
        );
    }
    let final_state = app
        .data(
            STATUS,
            json!({ "input": { "projectId": id, "status": "CANCELLED", "expectedVersion": 5 } }),
        )
        .await;
    assert_eq!(
        final_state["changeProjectStatus"]["userErrors"][0]["code"],
        "ILLEGAL_TRANSITION"
    );

    let p = project(&app, "DONGTOU-GREEN-08").await;
    assert_eq!(p["version"], 5);
    let history: Vec<(String, Value, Value)> = p["history"]["nodes"]
        .as_array()
        .expect("history")
        .iter()
        .map(|n| {
            (
                n["field"].as_str().expect("field").to_owned(),
                n["oldValue"].clone(),
                n["newValue"].clone(),
            )
        })
        .collect();
    assert_eq!(
        history[0],
        (
            "status".to_owned(),
            json!("UNDER_CONSTRUCTION"),
            json!("COMPLETED")
        )
    );
    assert!(history.contains(&("statusNote".to_owned(), Value::Null, json!("ground broken"))));
    assert_eq!(history.last().map(|h| h.0.as_str()), Some("created"));
    assert!(
        p["history"]["nodes"]
            .as_array()
            .expect("history")
            .iter()
            .all(|n| n["actor"] == "admin" || n["actor"] == "seed")
    );
}

async fn reports_edits_and_phases_validate_and_record_history(backend: Backend) {
    let app = spawn_app(backend).await;
    let p = project(&app, "DONGTOU-INDUSTRIAL-01").await;
    let id = p["id"].clone();
    let report = |version: i64, percent: &str, completed: &str, extra: Value| {
        let mut input = json!({ "projectId": id, "expectedVersion": version, "reportedOn": "2024-06-30",
            "percentComplete": percent, "completedInvestment": completed });
        if let (Some(input), Some(extra)) = (input.as_object_mut(), extra.as_object()) {
            input.extend(extra.clone());
        }
        json!({ "input": input })
    };
    let bad = app.data(REPORT, report(1, "100.5", "10", json!({}))).await;
    assert_eq!(
        bad["submitProgressReport"]["userErrors"][0]["field"],
        "percentComplete"
    );
    let first = app
        .data(
            REPORT,
            report(
                1,
                "40",
                "4500.25",
                json!({ "status": "UNDER_CONSTRUCTION" }),
            ),
        )
        .await;
    assert_eq!(
        first["submitProgressReport"]["userErrors"],
        json!([]),
        "{first:#}"
    );
    assert_eq!(
        first["submitProgressReport"]["project"],
        json!({ "version": 2, "status": "UNDER_CONSTRUCTION" })
    );
    assert_eq!(
        first["submitProgressReport"]["progressReport"]["reportedBy"],
        "admin"
    );
    let lower = app.data(REPORT, report(2, "45", "4000", json!({}))).await;
    assert_eq!(
        lower["submitProgressReport"]["userErrors"][0]["field"],
        "completedInvestment"
    );
    let corrected = app
        .data(
            REPORT,
            report(
                2,
                "45",
                "4000",
                json!({ "isCorrection": true, "note": "double-counted invoice" }),
            ),
        )
        .await;
    assert_eq!(corrected["submitProgressReport"]["userErrors"], json!([]));
    let p = project(&app, "DONGTOU-INDUSTRIAL-01").await;
    assert_eq!(p["latestProgressReport"]["completedInvestment"], "4000");
    assert_eq!(p["version"], 3);

    // Edits: rules hold, unknown is explicit, a float is refused, nothing changes on refusal.
    let over = app
        .data(UPDATE, json!({ "input": { "projectId": id, "expectedVersion": 3, "fypInvestment": "11700.000001" } }))
        .await;
    assert_eq!(
        over["updateProject"]["userErrors"][0]["field"], "fypInvestment",
        "{over:#}"
    );
    let years = app
        .data(UPDATE, json!({ "input": { "projectId": id, "expectedVersion": 3, "startYear": 2026, "endYear": 2024 } }))
        .await;
    assert_eq!(
        years["updateProject"]["userErrors"][0]["code"],
        "VALIDATION"
    );
    let float = app
        .post(
            "mutation($id: ID!) { updateProject(input: { projectId: $id, expectedVersion: 3, totalInvestment: 1.5 }) { project { version } } }",
            json!({ "id": id }),
        )
        .await;
    assert!(
        float["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("as a string")
    );
    let edited = app
        .data(
            UPDATE,
            json!({ "input": { "projectId": id, "expectedVersion": 3, "totalInvestment": null, "name": "华顺燃料油项目（调整）" } }),
        )
        .await;
    assert_eq!(
        edited["updateProject"]["userErrors"],
        json!([]),
        "{edited:#}"
    );
    assert_eq!(
        edited["updateProject"]["project"]["totalInvestment"],
        Value::Null
    );
    assert_eq!(edited["updateProject"]["project"]["fypInvestment"], "6200");
    assert_eq!(edited["updateProject"]["project"]["version"], 4);
    // The reconciliation sees the drift at once.
    let rec = app.data("{ reconciliation { categoryCode status computedTotalInvestment unknownTotalInvestmentCount } }", json!({})).await;
    let industrial = rec["reconciliation"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["categoryCode"] == "INDUSTRIAL")
        .cloned()
        .expect("row");
    assert_eq!(industrial["status"], "DIFFERS");
    assert_eq!(industrial["computedTotalInvestment"], "466300");
    assert_eq!(industrial["unknownTotalInvestmentCount"], 6);

    // Phases: added with the project's version, edited with their own.
    let added = app
        .data(
            "mutation($input: AddPhaseInput!) { addPhase(input: $input) { phase { id ordinal name version } project { version } userErrors { code } } }",
            json!({ "input": { "projectId": id, "expectedVersion": 4, "name": "一期", "scope": "车间及辅助用房", "totalInvestment": "5000" } }),
        )
        .await;
    assert_eq!(added["addPhase"]["userErrors"], json!([]), "{added:#}");
    assert_eq!(added["addPhase"]["phase"]["ordinal"], 1);
    assert_eq!(added["addPhase"]["project"]["version"], 5);
    let phase_id = added["addPhase"]["phase"]["id"].clone();
    let update_phase = "mutation($input: UpdatePhaseInput!) { updatePhase(input: $input) { phase { version totalInvestment } userErrors { code currentVersion } } }";
    let phase = app.data(update_phase, json!({ "input": { "phaseId": phase_id, "expectedVersion": 1, "totalInvestment": null } })).await;
    assert_eq!(
        phase["updatePhase"]["phase"],
        json!({ "version": 2, "totalInvestment": null })
    );
    let stale = app
        .data(
            update_phase,
            json!({ "input": { "phaseId": phase_id, "expectedVersion": 1, "name": "二期" } }),
        )
        .await;
    assert_eq!(
        stale["updatePhase"]["userErrors"][0],
        json!({ "code": "CONFLICT", "currentVersion": 2 })
    );

    // Administrators create and archive; archived projects leave every set but are kept.
    let created = app
        .data(
            "mutation { createProject(input: { listCode: \"DONGTOU\", categoryCode: \"GREEN\", name: \"屋顶光伏\", scope: \"分布式光伏\", startYear: 2023, endYear: 2025, totalInvestment: \"1200\", fypInvestment: \"1200\" }) { project { key id version } userErrors { code } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        created["createProject"]["project"]["key"], "DONGTOU-GREEN-11",
        "{created:#}"
    );
    let archived = app
        .data(
            "mutation($id: ID!) { archiveProject(input: { projectId: $id, expectedVersion: 1 }) { project { version } userErrors { code } } }",
            json!({ "id": created["createProject"]["project"]["id"] }),
        )
        .await;
    assert_eq!(archived["archiveProject"]["project"]["version"], 2);
    let count = app.data("{ projects { totalCount } }", json!({})).await;
    assert_eq!(count["projects"]["totalCount"], 67);
    let kept = app
        .data(
            "{ project(key: \"DONGTOU-GREEN-11\") { archivedAt version } }",
            json!({}),
        )
        .await;
    assert!(
        kept["project"]["archivedAt"].is_string(),
        "archived, kept: {kept:#}"
    );

    // The maintained aggregates followed every write: they answer what a GROUP BY over the rows
    // answers (a filter that chooses everything forces the GROUP BY).
    let summary = "query($filter: ProjectFilter) { investmentSummary(filter: $filter, groupBy: [CATEGORY, STATUS]) {
        total { projectCount totalInvestment { known unknownCount } fypInvestment { known unknownCount } }
        groups { key { categoryCode status } projectCount totalInvestment { known unknownCount } fypInvestment { known unknownCount } } } }";
    let maintained = app.data(summary, json!({ "filter": null })).await;
    let computed = app
        .data(summary, json!({ "filter": { "statuses": ["PLANNED", "UNDER_CONSTRUCTION", "ON_HOLD", "COMPLETED", "CANCELLED"] } }))
        .await;
    assert_eq!(maintained, computed);
    assert_eq!(maintained["investmentSummary"]["total"]["projectCount"], 67);
}

async fn managers_write_only_their_projects(backend: Backend) {
    let app = spawn_app(backend).await;
    let manager = app
        .token_for("zhang.wei", "MANAGER", &["DONGTOU-GREEN-08"])
        .await;
    let viewer = app.token_for("viewer", "VIEWER", &[]).await;
    let own = project(&app, "DONGTOU-GREEN-08").await;
    let other = project(&app, "DONGTOU-GREEN-01").await;
    let input = |id: &Value| json!({ "input": { "projectId": id, "status": "UNDER_CONSTRUCTION", "expectedVersion": 1 } });

    let (_, body) = app.post_as(Some(&viewer), STATUS, input(&own["id"])).await;
    assert_eq!(
        body["data"]["changeProjectStatus"]["userErrors"][0]["code"],
        "FORBIDDEN"
    );
    let (_, body) = app
        .post_as(Some(&manager), STATUS, input(&other["id"]))
        .await;
    assert_eq!(
        body["data"]["changeProjectStatus"]["userErrors"][0]["code"],
        "FORBIDDEN"
    );
    let (status, _) = app.post_as(None, STATUS, input(&own["id"])).await;
    assert_eq!(status, 401);
    let (_, body) = app
        .post_as(
            Some(&manager),
            "mutation { createProject(input: { listCode: \"DONGTOU\", categoryCode: \"GREEN\", name: \"x\", scope: \"x\" }) { userErrors { code } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        body["data"]["createProject"]["userErrors"][0]["code"],
        "FORBIDDEN"
    );
    assert_eq!(
        project(&app, "DONGTOU-GREEN-01").await,
        other,
        "nothing changed"
    );
    assert_eq!(
        project(&app, "DONGTOU-GREEN-08").await,
        own,
        "nothing changed"
    );

    let (_, body) = app.post_as(Some(&manager), STATUS, input(&own["id"])).await;
    assert_eq!(
        body["data"]["changeProjectStatus"]["project"]["version"], 2,
        "{body:#}"
    );
    let history = &project(&app, "DONGTOU-GREEN-08").await["history"]["nodes"][0];
    assert_eq!(
        (history["field"].clone(), history["actor"].clone()),
        (json!("status"), json!("zhang.wei"))
    );
}

async fn sixteen_concurrent_writers_one_wins(backend: Backend) {
    let app = spawn_app(backend).await;
    let p = project(&app, "DONGTOU-DIGITAL-02").await;
    let id = p["id"].clone();
    let writers = (0..16).map(|i| {
        let app = &app;
        let id = id.clone();
        async move {
            app.data(
                UPDATE,
                json!({ "input": { "projectId": id, "expectedVersion": 1, "totalInvestment": format!("{}", 6000 + i) } }),
            )
            .await
        }
    });
    let results = futures_util::future::join_all(writers).await;
    let won: Vec<&Value> = results
        .iter()
        .filter(|r| r["updateProject"]["userErrors"] == json!([]))
        .collect();
    let conflicts = results
        .iter()
        .filter(|r| r["updateProject"]["userErrors"][0]["code"] == "CONFLICT")
        .count();
    assert_eq!((won.len(), conflicts), (1, 15), "{results:#?}");
    let winner = won[0]["updateProject"]["project"]["totalInvestment"].clone();
    let after = project(&app, "DONGTOU-DIGITAL-02").await;
    assert_eq!(after["version"], 2);
    assert_eq!(after["totalInvestment"], winner);
    let logged: Vec<&Value> = after["history"]["nodes"]
        .as_array()
        .expect("history")
        .iter()
        .filter(|n| n["field"] == "totalInvestment")
        .collect();
    assert_eq!(logged.len(), 1, "exactly the successful change is logged");
    assert_eq!(
        (logged[0]["oldValue"].clone(), logged[0]["newValue"].clone()),
        (json!("5000"), winner)
    );
}

async fn as_of_reads_and_the_sync_feed_show_the_past(backend: Backend) {
    let app = spawn_app(backend).await;
    let feed = "query($after: String) { changes(first: 100, after: $after) { pageInfo { endCursor hasNextPage } nodes { field newValue actor } } }";
    let mut cursor = Value::Null;
    loop {
        let page = app.data(feed, json!({ "after": cursor })).await;
        cursor = page["changes"]["pageInfo"]["endCursor"].clone();
        if page["changes"]["pageInfo"]["hasNextPage"] == false {
            break;
        }
    }
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let before = chrono::Utc::now();
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let p = project(&app, "OUJIANG-PARKS-04").await;
    let changed = app
        .data(UPDATE, json!({ "input": { "projectId": p["id"], "expectedVersion": 1, "totalInvestment": "850000", "endYear": 2026 } }))
        .await;
    assert_eq!(changed["updateProject"]["userErrors"], json!([]));

    let as_of = "query($at: DateTime) { project(key: \"OUJIANG-PARKS-04\", asOf: $at) { totalInvestment endYear version } }";
    let then = app.data(as_of, json!({ "at": before.to_rfc3339() })).await;
    assert_eq!(
        then["project"],
        json!({ "totalInvestment": "800000", "endYear": 2025, "version": 1 })
    );
    let now = app
        .data(as_of, json!({ "at": chrono::Utc::now().to_rfc3339() }))
        .await;
    assert_eq!(
        now["project"],
        json!({ "totalInvestment": "850000", "endYear": 2026, "version": 2 })
    );
    let ancient = app
        .data(as_of, json!({ "at": "2000-01-01T00:00:00Z" }))
        .await;
    assert_eq!(ancient["project"], Value::Null, "it did not exist yet");

    let page = app.data(feed, json!({ "after": cursor })).await;
    let fields: Vec<&str> = page["changes"]["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .map(|n| n["field"].as_str().expect("field"))
        .collect();
    assert_eq!(
        fields,
        ["endYear", "totalInvestment"],
        "only the new changes, in commit order"
    );
}
