//! The problem register: who may raise, assign and resolve problems, stale versions, the
//! overdue view, a project's problems in one statement per page, and the change history.

use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::{Backend, TestApp, spawn_app};

both_backends!(
    a_manager_raises_problems_on_assigned_projects_only,
    the_office_assigns_an_owner_and_a_due_date_then_resolves,
    a_stale_version_is_a_conflict_and_changes_nothing,
    overdue_lists_only_open_problems_past_due,
    a_page_of_projects_reads_its_problems_in_one_statement,
    viewers_and_finance_write_nothing,
    an_archived_project_takes_no_problem_writes,
);

const PROBLEM: &str = "fragment P on Problem { id kind description ownerUnit dueOn status
    resolution raisedBy resolvedBy resolvedAt overdue version project { key } }";

const RAISE: &str = "mutation($input: RaiseProblemInput!) { raiseProblem(input: $input) {
    problem { ...P } userErrors { field code message currentVersion changedFields } } }";
const UPDATE: &str = "mutation($input: UpdateProblemInput!) { updateProblem(input: $input) {
    problem { ...P } userErrors { field code message currentVersion changedFields } } }";
const RESOLVE: &str = "mutation($input: ResolveProblemInput!) { resolveProblem(input: $input) {
    problem { ...P } userErrors { field code message currentVersion changedFields } } }";

/// The payload of `mutation` sent with `input` as `token`.
async fn write(app: &TestApp, token: &str, mutation: &str, input: Value) -> Value {
    let document = format!("{mutation} {PROBLEM}");
    let (status, body) = app
        .post_as(Some(token), &document, json!({ "input": input }))
        .await;
    assert_eq!(status, 200, "{body:#}");
    assert!(body.get("errors").is_none(), "unexpected errors: {body:#}");
    let field = ["raiseProblem", "updateProblem", "resolveProblem"]
        .into_iter()
        .find(|f| mutation.contains(f))
        .expect("a problem mutation");
    body["data"][field].clone()
}

/// A payload that must have succeeded: its problem, without the id.
fn written(payload: &Value) -> Value {
    assert_eq!(payload["userErrors"], json!([]), "{payload:#}");
    let mut problem = payload["problem"].clone();
    if let Some(fields) = problem.as_object_mut() {
        fields.remove("id");
    }
    problem
}

/// A payload that must have been refused: nothing returned, one user error's field and code.
fn refused(payload: &Value) -> (Value, Value) {
    assert_eq!(payload["problem"], Value::Null, "{payload:#}");
    let errors = payload["userErrors"].as_array().expect("user errors");
    assert_eq!(errors.len(), 1, "{payload:#}");
    (errors[0]["field"].clone(), errors[0]["code"].clone())
}

/// A project's global id and version.
async fn project_ref(app: &TestApp, key: &str) -> (Value, i64) {
    let data = app
        .data(
            "query($key: String!) { project(key: $key) { id version } }",
            json!({ "key": key }),
        )
        .await;
    let version = data["project"]["version"].as_i64().expect("a version");
    (data["project"]["id"].clone(), version)
}

/// A problem as `node(id:)` reads it now, without the id.
async fn problem_now(app: &TestApp, id: &Value) -> Value {
    let document = format!("query($id: ID!) {{ node(id: $id) {{ ...P }} }} {PROBLEM}");
    let data = app.data(&document, json!({ "id": id })).await;
    written(&json!({ "problem": data["node"], "userErrors": [] }))
}

/// The problem entries of a project's history, newest first: (field, old, new, actor, version).
async fn problem_history(app: &TestApp, key: &str) -> Vec<Value> {
    let data = app
        .data(
            "query($key: String!) { project(key: $key) { history(first: 100) {
               nodes { entityType field oldValue newValue actor version } } } }",
            json!({ "key": key }),
        )
        .await;
    data["project"]["history"]["nodes"]
        .as_array()
        .expect("history")
        .iter()
        .filter(|n| n["entityType"] == "problem")
        .map(|n| {
            json!([
                n["field"],
                n["oldValue"],
                n["newValue"],
                n["actor"],
                n["version"]
            ])
        })
        .collect()
}

/// The descriptions of the problems `problems(…)` lists with these arguments.
async fn listed(app: &TestApp, token: &str, arguments: &str) -> Vec<String> {
    let document = format!("{{ problems({arguments}) {{ nodes {{ description }} }} }}");
    let (_, body) = app.post_as(Some(token), &document, json!({})).await;
    assert!(body.get("errors").is_none(), "{body:#}");
    body["data"]["problems"]["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .map(|n| n["description"].as_str().expect("a description").to_owned())
        .collect()
}

async fn a_manager_raises_problems_on_assigned_projects_only(backend: Backend) {
    let app = spawn_app(backend).await;
    let manager = app
        .token_for("manager", "MANAGER", &["DONGTOU-GREEN-08"])
        .await;
    let (green, version) = project_ref(&app, "DONGTOU-GREEN-08").await;

    let raised = write(
        &app,
        &manager,
        RAISE,
        json!({ "projectId": green, "kind": "LAND", "description": "接收站二期用地指标未落实" }),
    )
    .await;
    assert_eq!(
        written(&raised),
        json!({ "kind": "LAND", "description": "接收站二期用地指标未落实", "ownerUnit": null,
                "dueOn": null, "status": "OPEN", "resolution": null, "raisedBy": "manager",
                "resolvedBy": null, "resolvedAt": null, "overdue": false, "version": 1,
                "project": { "key": "DONGTOU-GREEN-08" } })
    );
    let id = raised["problem"]["id"].clone();
    // The project's own version did not move: a manager's open form for it is still current.
    assert_eq!(project_ref(&app, "DONGTOU-GREEN-08").await.1, version);

    // Not on a project that is not the token's.
    let (industrial, _) = project_ref(&app, "DONGTOU-INDUSTRIAL-01").await;
    let other = write(
        &app,
        &manager,
        RAISE,
        json!({ "projectId": industrial, "kind": "FUNDING", "description": "资金未到位" }),
    )
    .await;
    assert_eq!(refused(&other), (Value::Null, json!("FORBIDDEN")));

    // Input is checked, on the field at fault.
    let blank = write(
        &app,
        &manager,
        RAISE,
        json!({ "projectId": green, "kind": "LAND", "description": "   " }),
    )
    .await;
    assert_eq!(refused(&blank), (json!("description"), json!("VALIDATION")));
    let ancient = write(
        &app,
        &manager,
        RAISE,
        json!({ "projectId": green, "kind": "LAND", "description": "征迁", "dueOn": "1999-12-31" }),
    )
    .await;
    assert_eq!(refused(&ancient), (json!("dueOn"), json!("VALIDATION")));
    let not_a_project = write(
        &app,
        &manager,
        RAISE,
        json!({ "projectId": id, "kind": "LAND", "description": "征迁" }),
    )
    .await;
    assert_eq!(
        refused(&not_a_project),
        (json!("projectId"), json!("VALIDATION"))
    );

    // Assigning and resolving are the office's.
    let assign = write(
        &app,
        &manager,
        UPDATE,
        json!({ "problemId": id, "ownerUnit": "区自然资源和规划分局", "expectedVersion": 1 }),
    )
    .await;
    assert_eq!(refused(&assign), (Value::Null, json!("FORBIDDEN")));
    let resolve = write(
        &app,
        &manager,
        RESOLVE,
        json!({ "problemId": id, "resolution": "已解决", "expectedVersion": 1 }),
    )
    .await;
    assert_eq!(refused(&resolve), (Value::Null, json!("FORBIDDEN")));

    assert_eq!(problem_now(&app, &id).await, written(&raised));
    assert_eq!(
        listed(&app, &manager, "first: 100").await,
        ["接收站二期用地指标未落实"]
    );
}

async fn the_office_assigns_an_owner_and_a_due_date_then_resolves(backend: Backend) {
    let app = spawn_app(backend).await;
    let manager = app
        .token_for("manager", "MANAGER", &["DONGTOU-GREEN-08"])
        .await;
    let office = app.token_for("office", "COORDINATOR", &[]).await;
    let (green, _) = project_ref(&app, "DONGTOU-GREEN-08").await;
    let raised = write(
        &app,
        &manager,
        RAISE,
        json!({ "projectId": green, "kind": "LAND", "description": "用地指标未落实" }),
    )
    .await;
    let id = raised["problem"]["id"].clone();

    let assigned = write(
        &app,
        &office,
        UPDATE,
        json!({ "problemId": id, "ownerUnit": "区自然资源和规划分局", "dueOn": "2027-06-30",
                "expectedVersion": 1 }),
    )
    .await;
    let assigned = written(&assigned);
    assert_eq!(
        (
            assigned["ownerUnit"].clone(),
            assigned["dueOn"].clone(),
            assigned["version"].clone(),
            assigned["overdue"].clone(),
        ),
        (
            json!("区自然资源和规划分局"),
            json!("2027-06-30"),
            json!(2),
            json!(false)
        )
    );

    // `null` clears the date; the omitted owner unit stays.
    let undated = write(
        &app,
        &office,
        UPDATE,
        json!({ "problemId": id, "dueOn": null, "expectedVersion": 2 }),
    )
    .await;
    let undated = written(&undated);
    assert_eq!(
        (
            undated["ownerUnit"].clone(),
            undated["dueOn"].clone(),
            undated["version"].clone()
        ),
        (json!("区自然资源和规划分局"), Value::Null, json!(3))
    );
    let same = write(
        &app,
        &office,
        UPDATE,
        json!({ "problemId": id, "ownerUnit": "区自然资源和规划分局", "expectedVersion": 3 }),
    )
    .await;
    assert_eq!(refused(&same), (json!("input"), json!("VALIDATION")));

    // Resolving needs a resolution.
    let blank = write(
        &app,
        &office,
        RESOLVE,
        json!({ "problemId": id, "resolution": " ", "expectedVersion": 3 }),
    )
    .await;
    assert_eq!(refused(&blank), (json!("resolution"), json!("VALIDATION")));
    let wrong_kind = write(
        &app,
        &office,
        RESOLVE,
        json!({ "problemId": green, "resolution": "已调剂用地指标", "expectedVersion": 3 }),
    )
    .await;
    assert_eq!(
        refused(&wrong_kind),
        (json!("problemId"), json!("VALIDATION"))
    );

    let resolved = write(
        &app,
        &office,
        RESOLVE,
        json!({ "problemId": id, "resolution": "已调剂用地指标", "expectedVersion": 3 }),
    )
    .await;
    let mut resolved = written(&resolved);
    assert!(resolved["resolvedAt"].is_string(), "{resolved:#}");
    resolved["resolvedAt"] = Value::Null;
    assert_eq!(
        resolved,
        json!({ "kind": "LAND", "description": "用地指标未落实", "ownerUnit": "区自然资源和规划分局",
                "dueOn": null, "status": "RESOLVED", "resolution": "已调剂用地指标",
                "raisedBy": "manager", "resolvedBy": "office", "resolvedAt": null,
                "overdue": false, "version": 4, "project": { "key": "DONGTOU-GREEN-08" } })
    );

    // Closed off: neither resolved again nor edited.
    let again = write(
        &app,
        &office,
        RESOLVE,
        json!({ "problemId": id, "resolution": "再次销号", "expectedVersion": 4 }),
    )
    .await;
    assert_eq!(refused(&again), (json!("problemId"), json!("VALIDATION")));
    let edit = write(
        &app,
        &office,
        UPDATE,
        json!({ "problemId": id, "dueOn": "2027-12-31", "expectedVersion": 4 }),
    )
    .await;
    assert_eq!(refused(&edit), (json!("problemId"), json!("VALIDATION")));

    // Every committed change is in the project's history, newest first, with its actor and the
    // version it gave the problem; the refused ones left nothing. The first problem of a fresh
    // database has id 1.
    assert_eq!(
        problem_history(&app, "DONGTOU-GREEN-08").await,
        [
            json!(["resolution", null, "已调剂用地指标", "office", 4]),
            json!(["status", "OPEN", "RESOLVED", "office", 4]),
            json!(["dueOn", "2027-06-30", null, "office", 3]),
            json!(["dueOn", null, "2027-06-30", "office", 2]),
            json!(["ownerUnit", null, "区自然资源和规划分局", "office", 2]),
            json!(["description", "", "用地指标未落实", "manager", 1]),
            json!(["kind", "", "LAND", "manager", 1]),
            json!(["created", null, "1 LAND", "manager", 1]),
        ]
    );
}

async fn a_stale_version_is_a_conflict_and_changes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let office = app.token_for("office", "COORDINATOR", &[]).await;
    let (industrial, _) = project_ref(&app, "DONGTOU-INDUSTRIAL-01").await;
    // The office raises problems too, with what it knows already.
    let raised = write(
        &app,
        &office,
        RAISE,
        json!({ "projectId": industrial, "kind": "APPROVAL", "description": "环评批复未取得",
                "ownerUnit": "区发改局", "dueOn": "2027-01-31" }),
    )
    .await;
    assert_eq!(written(&raised)["raisedBy"], "office");
    let id = raised["problem"]["id"].clone();
    let moved = write(
        &app,
        &office,
        UPDATE,
        json!({ "problemId": id, "dueOn": "2027-03-31", "expectedVersion": 1 }),
    )
    .await;
    assert_eq!(written(&moved)["version"], 2);
    let before = problem_now(&app, &id).await;
    let history = problem_history(&app, "DONGTOU-INDUSTRIAL-01").await;

    // A second desk still holding version 1.
    for (mutation, input) in [
        (
            UPDATE,
            json!({ "problemId": id, "ownerUnit": "区住建局", "expectedVersion": 1 }),
        ),
        (
            RESOLVE,
            json!({ "problemId": id, "resolution": "已批复", "expectedVersion": 1 }),
        ),
    ] {
        let stale = write(&app, &office, mutation, input).await;
        assert_eq!(stale["problem"], Value::Null);
        let error = &stale["userErrors"][0];
        assert_eq!(
            (
                error["field"].clone(),
                error["code"].clone(),
                error["currentVersion"].clone(),
                error["changedFields"].clone()
            ),
            (
                json!("expectedVersion"),
                json!("CONFLICT"),
                json!(2),
                json!(["dueOn"])
            ),
            "{stale:#}"
        );
    }
    assert_eq!(problem_now(&app, &id).await, before);
    assert_eq!(before["ownerUnit"], "区发改局");
    assert_eq!(before["status"], "OPEN");
    assert_eq!(
        problem_history(&app, "DONGTOU-INDUSTRIAL-01").await,
        history
    );
}

async fn overdue_lists_only_open_problems_past_due(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.token.clone();
    let viewer = app.token_for("viewer", "VIEWER", &[]).await;
    let (green, _) = project_ref(&app, "DONGTOU-GREEN-08").await;
    let (industrial, _) = project_ref(&app, "DONGTOU-INDUSTRIAL-01").await;
    let mut ids = Vec::new();
    for (project, kind, description, due) in [
        (&green, "LAND", "A 过期未解决", json!("2020-01-01")),
        (&green, "FUNDING", "B 远期", json!("2099-12-31")),
        (&industrial, "DESIGN", "C 过期已解决", json!("2020-01-01")),
        (&industrial, "OTHER", "D 无期限", Value::Null),
    ] {
        let raised = write(
            &app,
            &admin,
            RAISE,
            json!({ "projectId": project, "kind": kind, "description": description, "dueOn": due }),
        )
        .await;
        assert_eq!(raised["userErrors"], json!([]), "{raised:#}");
        ids.push(raised["problem"]["id"].clone());
    }
    let resolved = write(
        &app,
        &admin,
        RESOLVE,
        json!({ "problemId": ids[2], "resolution": "设计变更已批", "expectedVersion": 1 }),
    )
    .await;
    assert_eq!(written(&resolved)["status"], "RESOLVED");

    // 2020-01-01 is before today on any clock; 2099-12-31 is not; C is closed; D has no date.
    assert_eq!(
        listed(&app, &viewer, "overdue: true").await,
        ["A 过期未解决"]
    );
    assert_eq!(
        listed(&app, &viewer, "overdue: false").await,
        ["B 远期", "C 过期已解决", "D 无期限"]
    );
    assert_eq!(
        listed(&app, &viewer, "status: OPEN").await,
        ["A 过期未解决", "B 远期", "D 无期限"]
    );
    assert!(
        listed(&app, &viewer, "status: RESOLVED, overdue: true")
            .await
            .is_empty()
    );
    assert_eq!(
        listed(&app, &viewer, "filter: { categoryCodes: [\"GREEN\"] }").await,
        ["A 过期未解决", "B 远期"]
    );

    // Pages in the order problems were raised, with keyset cursors.
    let page = "query($after: String) { problems(first: 3, after: $after) {
        nodes { description overdue } pageInfo { hasNextPage hasPreviousPage endCursor } } }";
    let first = app.data(page, json!({ "after": null })).await["problems"].clone();
    assert_eq!(
        first["nodes"],
        json!([{ "description": "A 过期未解决", "overdue": true },
               { "description": "B 远期", "overdue": false },
               { "description": "C 过期已解决", "overdue": false }])
    );
    assert_eq!(first["pageInfo"]["hasNextPage"], true);
    assert_eq!(first["pageInfo"]["hasPreviousPage"], false);
    let second = app
        .data(page, json!({ "after": first["pageInfo"]["endCursor"] }))
        .await["problems"]
        .clone();
    assert_eq!(
        second["nodes"],
        json!([{ "description": "D 无期限", "overdue": false }])
    );
    assert_eq!(second["pageInfo"]["hasNextPage"], false);
    assert_eq!(second["pageInfo"]["hasPreviousPage"], true);
    let too_many = app
        .post("{ problems(first: 101) { nodes { id } } }", json!({}))
        .await;
    assert_eq!(
        too_many["errors"][0]["extensions"]["code"], "VALIDATION",
        "{too_many:#}"
    );

    // A project's own problems, and a problem as a node.
    let projects = app
        .data(
            "{ green: project(key: \"DONGTOU-GREEN-08\") { open: problems(status: OPEN) { description }
                 all: problems { description } }
               industrial: project(key: \"DONGTOU-INDUSTRIAL-01\") {
                 open: problems(status: OPEN) { description } all: problems { description } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        projects,
        json!({
            "green": { "open": [{ "description": "A 过期未解决" }, { "description": "B 远期" }],
                       "all": [{ "description": "A 过期未解决" }, { "description": "B 远期" }] },
            "industrial": { "open": [{ "description": "D 无期限" }],
                            "all": [{ "description": "C 过期已解决" }, { "description": "D 无期限" }] }
        })
    );
    let node = app
        .data(
            "query($id: ID!) { node(id: $id) { id ... on Problem { description overdue } } }",
            json!({ "id": ids[0] }),
        )
        .await;
    assert_eq!(
        node["node"],
        json!({ "id": ids[0], "description": "A 过期未解决", "overdue": true })
    );
}

async fn a_page_of_projects_reads_its_problems_in_one_statement(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.token.clone();
    for key in [
        "DONGTOU-GREEN-08",
        "DONGTOU-INDUSTRIAL-01",
        "DONGTOU-INDUSTRIAL-02",
    ] {
        let (project, _) = project_ref(&app, key).await;
        let raised = write(
            &app,
            &admin,
            RAISE,
            json!({ "projectId": project, "kind": "RELOCATION", "description": key }),
        )
        .await;
        assert_eq!(raised["userErrors"], json!([]), "{raised:#}");
    }
    // The token's last use is written at most once a minute; let that happen before measuring.
    app.data("{ projects(first: 1) { nodes { key } } }", json!({}))
        .await;

    let plain = "{ projects(first: 100) { nodes { key } } }";
    let with_problems = "{ projects(first: 100) { nodes { key problems(status: OPEN) {
        description project { key } } } } }";
    let before = app.statements();
    app.data(plain, json!({})).await;
    let page = app.statements() - before;
    let before = app.statements();
    let data = app.data(with_problems, json!({})).await;
    let page_with_problems = app.statements() - before;
    // One statement for every project's problems, one for the projects those problems name.
    assert_eq!(page_with_problems, page + 2);

    let nodes = data["projects"]["nodes"].as_array().expect("nodes");
    assert_eq!(nodes.len(), 67);
    let with: Vec<&Value> = nodes
        .iter()
        .filter(|n| n["problems"] != json!([]))
        .collect();
    assert_eq!(with.len(), 3);
    for node in with {
        assert_eq!(
            node["problems"],
            json!([{ "description": node["key"], "project": { "key": node["key"] } }])
        );
    }
}

async fn viewers_and_finance_write_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let readers = app.reader_tokens().await;
    let (green, _) = project_ref(&app, "DONGTOU-GREEN-08").await;
    let raised = write(
        &app,
        &app.token,
        RAISE,
        json!({ "projectId": green, "kind": "FUNDING", "description": "专项债未到位" }),
    )
    .await;
    let id = raised["problem"]["id"].clone();
    let history = problem_history(&app, "DONGTOU-GREEN-08").await;

    for token in [&readers.viewer, &readers.finance] {
        for (mutation, input) in [
            (
                RAISE,
                json!({ "projectId": green, "kind": "LAND", "description": "用地" }),
            ),
            (
                UPDATE,
                json!({ "problemId": id, "ownerUnit": "区财政局", "expectedVersion": 1 }),
            ),
            (
                RESOLVE,
                json!({ "problemId": id, "resolution": "已到位", "expectedVersion": 1 }),
            ),
        ] {
            let payload = write(&app, token, mutation, input).await;
            assert_eq!(refused(&payload), (Value::Null, json!("FORBIDDEN")));
        }
        // Reading is theirs.
        assert_eq!(listed(&app, token, "first: 100").await, ["专项债未到位"]);
    }
    assert_eq!(problem_now(&app, &id).await, written(&raised));
    assert_eq!(problem_history(&app, "DONGTOU-GREEN-08").await, history);
}

async fn an_archived_project_takes_no_problem_writes(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.token.clone();
    let (green, version) = project_ref(&app, "DONGTOU-GREEN-08").await;
    let raised = write(
        &app,
        &admin,
        RAISE,
        json!({ "projectId": green, "kind": "DESIGN", "description": "方案调整" }),
    )
    .await;
    let id = raised["problem"]["id"].clone();
    let archived = app
        .data(
            "mutation($id: ID!, $v: Int!) { archiveProject(input: { projectId: $id, expectedVersion: $v }) {
               userErrors { code } } }",
            json!({ "id": green, "v": version }),
        )
        .await;
    assert_eq!(archived["archiveProject"]["userErrors"], json!([]));

    let again = write(
        &app,
        &admin,
        RAISE,
        json!({ "projectId": green, "kind": "DESIGN", "description": "再议" }),
    )
    .await;
    assert_eq!(refused(&again), (json!("projectId"), json!("VALIDATION")));
    for (mutation, input) in [
        (
            UPDATE,
            json!({ "problemId": id, "dueOn": "2027-01-31", "expectedVersion": 1 }),
        ),
        (
            RESOLVE,
            json!({ "problemId": id, "resolution": "项目已撤", "expectedVersion": 1 }),
        ),
    ] {
        let payload = write(&app, &admin, mutation, input).await;
        assert_eq!(refused(&payload), (json!("problemId"), json!("VALIDATION")));
    }
    // Archived projects are left out of every set, the register included.
    assert!(listed(&app, &admin, "first: 100").await.is_empty());
    assert_eq!(problem_now(&app, &id).await, written(&raised));
}
