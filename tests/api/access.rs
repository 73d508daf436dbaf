//! Who may do what: the role matrix, revoked and missing tokens, public-read mode, and the
//! bounds that refuse a request before any statement runs.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

use crate::helpers::{Backend, ReaderTokens, TestApp, spawn_app, spawn_app_with};
use crate::{backend_independent, both_backends};

both_backends!(
    readers_read_everything_and_nothing_else,
    without_a_valid_token_data_is_401_and_the_schema_is_public,
    the_administrator_does_everything_and_bad_input_gets_typed_errors,
    public_read_allows_anonymous_reads_and_never_writes,
    a_batch_within_the_bounds_answers_every_operation,
    tokens_never_appear_in_clear_text,
    me_tells_each_caller_who_it_is_and_what_it_may_do,
);

backend_independent!(
    a_malformed_authorization_header_is_401_with_a_bearer_challenge,
    a_query_too_deep_is_refused_before_any_statement,
    too_many_aliases_are_refused_before_any_statement,
    a_query_too_complex_is_refused_before_any_statement,
    a_batch_too_large_is_refused_before_any_statement,
    a_body_too_large_is_refused_from_its_announced_length,
    the_standard_introspection_query_is_within_the_bounds,
);

const READS: [(&str, &str); 9] = [
    ("projectLists", "{ projectLists { code } }"),
    (
        "investmentSummary",
        "{ investmentSummary(groupBy: [CATEGORY]) { total { projectCount } } }",
    ),
    ("planWindow", "{ planWindow { years { year } } }"),
    ("dataQuality", "{ dataQuality { rule } }"),
    ("changes", "{ changes(first: 5) { nodes { field } } }"),
    (
        "projects",
        "{ projects(first: 3) { totalCount nodes { key } } }",
    ),
    ("project", "{ project(key: \"DONGTOU-GREEN-08\") { key } }"),
    ("reconciliation", "{ reconciliation { listCode matches } }"),
    ("node", "{ node(id: \"UHJvamVjdDox\") { id } }"),
];

async fn token_names(app: &TestApp) -> Vec<(String, Value, Value)> {
    let data = app
        .data("{ apiTokens { name revokedAt projectKeys } }", json!({}))
        .await;
    data["apiTokens"]
        .as_array()
        .expect("tokens")
        .iter()
        .map(|t| {
            (
                t["name"].as_str().expect("name").to_owned(),
                t["revokedAt"].clone(),
                t["projectKeys"].clone(),
            )
        })
        .collect()
}

fn mutations(suffix: &str) -> Vec<(&'static str, String)> {
    vec![
        (
            "createApiToken",
            format!(
                "mutation {{ createApiToken(input: {{ name: \"new-{suffix}\", role: VIEWER }}) {{ secret userErrors {{ code }} }} }}"
            ),
        ),
        (
            "revokeApiToken",
            "mutation { revokeApiToken(input: { name: \"viewer\" }) { apiToken { name } userErrors { code } } }".to_owned(),
        ),
        (
            "changeProjectStatus",
            "mutation { changeProjectStatus(input: { projectId: \"UHJvamVjdDoxOA\", status: UNDER_CONSTRUCTION, expectedVersion: 1 }) { project { version } userErrors { code } } }".to_owned(),
        ),
        (
            "assignProjects",
            "mutation { assignProjects(input: { tokenName: \"manager\", projectKeys: [\"DONGTOU-GREEN-01\"] }) { apiToken { name } userErrors { code } } }".to_owned(),
        ),
    ]
}

/// Tokens of every role: a viewer, a finance officer, a manager of one project, and a revoked
/// administrator.
struct Roles {
    viewer: String,
    finance: String,
    manager: String,
    revoked: String,
    /// The tokens as listed before any of the test's requests.
    before: Vec<(String, Value, Value)>,
}

async fn spawn_app_with_every_role(backend: Backend) -> (TestApp, Roles) {
    let app = spawn_app(backend).await;
    let ReaderTokens {
        viewer,
        finance,
        manager,
    } = app.reader_tokens().await;
    let revoked = app.token_for("gone", "ADMIN", &[]).await;
    let revoke = app
        .data(
            "mutation { revokeApiToken(input: { name: \"gone\" }) { apiToken { revokedAt } userErrors { code } } }",
            json!({}),
        )
        .await;
    assert!(revoke["revokeApiToken"]["apiToken"]["revokedAt"].is_string());
    let before = token_names(&app).await;
    assert_eq!(before.len(), 5);
    assert_eq!(before[3].2, json!(["DONGTOU-GREEN-08"]));
    let roles = Roles {
        viewer,
        finance,
        manager,
        revoked,
        before,
    };
    (app, roles)
}

async fn readers_read_everything_and_nothing_else(backend: Backend) {
    let (app, roles) = spawn_app_with_every_role(backend).await;
    let Roles {
        viewer,
        finance,
        manager,
        before,
        ..
    } = &roles;
    // Readers: every read answers, nothing administrative does, and their writes change nothing.
    for (name, token) in [
        ("viewer", viewer),
        ("finance", finance),
        ("manager", manager),
    ] {
        for (field, query) in READS {
            let (status, body) = app.post_as(Some(token), query, json!({})).await;
            assert_eq!(status, 200, "{name} {field}: {body:#}");
            assert!(body.get("errors").is_none(), "{name} {field}: {body:#}");
            assert!(
                !body["data"][field].is_null() || field == "node",
                "{name} {field}"
            );
        }
        let (_, body) = app
            .post_as(Some(token), "{ apiTokens { name } }", json!({}))
            .await;
        assert_eq!(
            body["errors"][0]["extensions"]["code"], "FORBIDDEN",
            "{name}: {body:#}"
        );
        for (field, mutation) in mutations(name) {
            let (status, body) = app.post_as(Some(token), &mutation, json!({})).await;
            assert_eq!(status, 200, "{name} {field}");
            assert_eq!(
                body["data"][field]["userErrors"][0]["code"], "FORBIDDEN",
                "{name} {field}: {body:#}"
            );
        }
    }
    assert_eq!(
        token_names(&app).await,
        *before,
        "forbidden writes changed nothing"
    );
}

async fn without_a_valid_token_data_is_401_and_the_schema_is_public(backend: Backend) {
    let (app, roles) = spawn_app_with_every_role(backend).await;
    let Roles {
        revoked, before, ..
    } = &roles;
    // No token, a revoked token, an unknown token: 401 for data, nothing done.
    for (name, token) in [
        ("anonymous", None),
        ("revoked", Some(revoked.as_str())),
        ("unknown", Some("pf_not-a-real-token")),
    ] {
        for (field, query) in READS.iter().filter(|(f, _)| *f != "node") {
            let (status, body) = app.post_as(token, query, json!({})).await;
            assert_eq!(status, 401, "{name} {field}: {body:#}");
            assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
        }
        for (field, mutation) in mutations(name) {
            let (status, body) = app.post_as(token, &mutation, json!({})).await;
            assert_eq!(status, 401, "{name} {field}: {body:#}");
        }
        // The schema itself is public: tools may introspect without a token.
        let (status, body) = app
            .post_as(token, "{ __schema { queryType { name } } }", json!({}))
            .await;
        assert_eq!(
            (status, &body["data"]["__schema"]["queryType"]["name"]),
            (200, &json!("Query"))
        );
    }
    assert_eq!(
        token_names(&app).await,
        *before,
        "refused writes changed nothing"
    );

    let untouched = app
        .data(
            "{ project(key: \"DONGTOU-GREEN-01\") { version status } }",
            json!({}),
        )
        .await;
    assert_eq!(
        untouched["project"],
        json!({ "version": 1, "status": "PLANNED" }),
        "no refused write reached the project"
    );
}

async fn the_administrator_does_everything_and_bad_input_gets_typed_errors(backend: Backend) {
    let (app, roles) = spawn_app_with_every_role(backend).await;
    let viewer = &roles.viewer;
    // The administrator does all of it.
    for (field, mutation) in mutations("admin") {
        let body = app.data(&mutation, json!({})).await;
        assert_eq!(body[field]["userErrors"], json!([]), "{field}: {body:#}");
    }
    let after = token_names(&app).await;
    assert_eq!(after.len(), 6);
    assert!(after[1].1.is_string(), "viewer revoked");
    assert_eq!(after[3].2, json!(["DONGTOU-GREEN-01", "DONGTOU-GREEN-08"]));
    let (status, _) = app.post_as(Some(viewer), READS[0].1, json!({})).await;
    assert_eq!(status, 401, "a revoked token stops working at once");

    // Typed user errors for bad input, and still nothing half-written.
    let duplicate = app
        .data(
            "mutation { createApiToken(input: { name: \"finance\", role: FINANCE }) { secret userErrors { code } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        duplicate["createApiToken"]["userErrors"][0]["code"],
        "CONFLICT"
    );
    assert_eq!(duplicate["createApiToken"]["secret"], Value::Null);
    let unknown = app
        .data(
            "mutation { createApiToken(input: { name: \"m2\", role: MANAGER, projectKeys: [\"NOPE-01\"] }) { userErrors { field code } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        unknown["createApiToken"]["userErrors"][0]["code"],
        "VALIDATION"
    );
    assert_eq!(
        unknown["createApiToken"]["userErrors"][0]["field"],
        "projectKeys"
    );
    assert_eq!(token_names(&app).await.len(), 6);
}

/// A header that is not a bearer token is refused with the challenge that says what is expected.
async fn a_malformed_authorization_header_is_401_with_a_bearer_challenge(app: TestApp) {
    let malformed = app
        .graphql_request(None)
        .header("authorization", "Basic dXNlcjpwYXNz")
        .json(&json!({ "query": "{ projectLists { code } }" }))
        .send()
        .await
        .expect("POST");
    assert_eq!(malformed.status(), 401);
    assert_eq!(malformed.headers()["www-authenticate"], "Bearer");
}

async fn public_read_allows_anonymous_reads_and_never_writes(backend: Backend) {
    let config = server::app::ServerConfig {
        public_read: true,
        ..Default::default()
    };
    let app = spawn_app_with(backend, config).await;
    for (field, query) in READS {
        let (status, body) = app.post_as(None, query, json!({})).await;
        assert_eq!(status, 200, "{field}: {body:#}");
        assert!(body.get("errors").is_none(), "{field}: {body:#}");
    }
    for (field, mutation) in mutations("anon") {
        let (status, body) = app.post_as(None, &mutation, json!({})).await;
        assert_eq!(status, 401, "{field}: {body:#}");
    }
    let (status, _) = app.post_as(None, "{ apiTokens { name } }", json!({})).await;
    assert_eq!(status, 401);
    assert_eq!(token_names(&app).await.len(), 1, "nothing was created");
}

fn deep_query(depth: usize) -> String {
    let mut query =
        String::from("{ projects(first: 1) { nodes { category { list { categories { list ");
    let mut close = String::from("} } } } } }");
    for _ in 0..depth {
        query.push_str("{ categories { list ");
        close.push_str(" } }");
    }
    format!("{query}{{ code }}{close}")
}

/// Sends `body` and checks that it is refused quickly with `status` and `code`, no statement run.
async fn assert_refused(app: &TestApp, body: Value, status: u16, code: &str) {
    let before = app.statements();
    let started = std::time::Instant::now();
    let response = app
        .graphql_request(Some(&app.token))
        .header("accept", "application/graphql-response+json")
        .json(&body)
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status().as_u16(), status, "{code}");
    let body: Value = response.json().await.expect("JSON");
    let first = if body.is_array() { &body[0] } else { &body };
    assert_eq!(first["errors"][0]["extensions"]["code"], code, "{body:#}");
    assert_eq!(app.statements(), before, "{code}: no statement may run");
    assert!(started.elapsed().as_secs() < 5, "{code}: refused quickly");
}

async fn a_query_too_deep_is_refused_before_any_statement(app: TestApp) {
    assert_refused(
        &app,
        json!({ "query": deep_query(25) }),
        400,
        "QUERY_TOO_DEEP",
    )
    .await;
}

async fn too_many_aliases_are_refused_before_any_statement(app: TestApp) {
    let aliases: String = (0..10_000).map(|i| format!("a{i}: __typename ")).collect();
    assert_refused(
        &app,
        json!({ "query": format!("{{ {aliases} }}") }),
        400,
        "TOO_MANY_ALIASES",
    )
    .await;
}

async fn a_query_too_complex_is_refused_before_any_statement(app: TestApp) {
    let costly: String = (0..30)
        .map(|i| format!("p{i}: projects(first: 100) {{ nodes {{ key name scope status category {{ code name }} phases {{ name scope }} }} }} "))
        .collect();
    assert_refused(
        &app,
        json!({ "query": format!("{{ {costly} }}") }),
        400,
        "QUERY_TOO_COMPLEX",
    )
    .await;
}

async fn a_batch_too_large_is_refused_before_any_statement(app: TestApp) {
    let batch: Vec<Value> = (0..11)
        .map(|_| json!({ "query": "{ __typename }" }))
        .collect();
    assert_refused(&app, Value::Array(batch), 400, "BATCH_TOO_LARGE").await;
}

/// A 10 MB body: refused from its announced length, before it is read.
async fn a_body_too_large_is_refused_from_its_announced_length(app: TestApp) {
    let before = app.statements();
    let mut stream = tokio::net::TcpStream::connect(app.base.trim_start_matches("http://"))
        .await
        .expect("connect");
    let head = format!(
        "POST /graphql HTTP/1.1\r\nhost: localhost\r\nauthorization: Bearer {}\r\n\
         content-type: application/json\r\ncontent-length: {}\r\n\r\n{{\"query\": \"",
        app.token,
        10 * 1024 * 1024
    );
    tokio::io::AsyncWriteExt::write_all(&mut stream, head.as_bytes())
        .await
        .expect("send the head");
    let mut answer = vec![0u8; 4096];
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(5),
        tokio::io::AsyncReadExt::read(&mut stream, &mut answer),
    )
    .await
    .expect("answered without waiting for the body")
    .expect("read");
    let answer = String::from_utf8_lossy(&answer[..read]);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("PAYLOAD_TOO_LARGE"), "{answer}");
    assert_eq!(app.statements(), before);
}

/// What tools send still works: the standard introspection query is 15 deep.
async fn the_standard_introspection_query_is_within_the_bounds(app: TestApp) {
    let introspection = app
        .data(
            "query { __schema { types { name fields { name type { name ofType { name ofType {
               name ofType { name ofType { name ofType { name ofType { name } } } } } } } } } } }",
            json!({}),
        )
        .await;
    assert!(
        introspection["__schema"]["types"]
            .as_array()
            .is_some_and(|t| t.len() > 20)
    );
}

async fn a_batch_within_the_bounds_answers_every_operation(backend: Backend) {
    let app = spawn_app(backend).await;
    let response: Value = app
        .graphql_request(Some(&app.token))
        .json(&json!([{ "query": "{ projects(first: 1) { totalCount } }" }, { "query": "{ __typename }" }]))
        .send()
        .await
        .expect("POST")
        .json()
        .await
        .expect("JSON");
    assert_eq!(response[0]["data"]["projects"]["totalCount"], 67);
    assert_eq!(response[1]["data"]["__typename"], "Query");
}

/// Everything the process logs, at debug level and above.
fn captured_logs() -> Arc<Mutex<Vec<u8>>> {
    static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let logs = Arc::new(Mutex::new(Vec::new()));
        let sink = logs.clone();
        let _ = tracing_subscriber::fmt()
            .with_env_filter("debug,hyper_util=info,reqwest=info")
            .with_writer(move || Writer(sink.clone()))
            .try_init();
        logs
    })
    .clone()
}

struct Writer(Arc<Mutex<Vec<u8>>>);

impl Write for Writer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

async fn tokens_never_appear_in_clear_text(backend: Backend) {
    let logs = captured_logs();
    let app = spawn_app(backend).await;
    let secret = app.token_for("secretive", "FINANCE", &[]).await;
    assert!(secret.starts_with("pf_") && secret.len() > 40);
    for _ in 0..3 {
        let (status, _) = app.post_as(Some(&secret), READS[1].1, json!({})).await;
        assert_eq!(status, 200);
    }
    let (status, _) = app
        .post_as(Some(&format!("{secret}x")), READS[1].1, json!({}))
        .await;
    assert_eq!(status, 401);

    // Not in the database: every text column of the token table, compared as text.
    let backend = app.db.db.get_database_backend();
    let rows = app
        .db
        .db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT name, role, token_hash, token_prefix, created_by FROM api_token",
        ))
        .await
        .expect("tokens");
    assert_eq!(rows.len(), 2);
    for row in rows {
        for column in ["name", "role", "token_hash", "token_prefix", "created_by"] {
            let value: String = row.try_get("", column).expect("text");
            assert!(!value.contains(&secret), "{column} holds the secret");
            assert!(
                !value.contains(&secret[3..20]),
                "{column} holds part of the secret"
            );
        }
    }
    // Not in the logs, which did record the requests.
    let logs =
        String::from_utf8_lossy(&logs.lock().unwrap_or_else(|e| e.into_inner())).into_owned();
    assert!(logs.contains("http.request"), "the requests were logged");
    assert!(
        logs.contains("token created"),
        "the token's creation was logged"
    );
    assert!(!logs.contains(&secret[3..]), "a secret reached the log");
    assert!(
        !logs.contains(&app.token[3..]),
        "the admin secret reached the log"
    );
}

/// `me` is how a client learns its own role: it answers every reader with the same rules the
/// server applies to writes, exports and reviews, and nobody without credentials.
async fn me_tells_each_caller_who_it_is_and_what_it_may_do(backend: Backend) {
    let app = spawn_app(backend).await;
    let ReaderTokens {
        viewer,
        finance,
        manager,
    } = app.reader_tokens().await;
    let office = app.token_for("office", "COORDINATOR", &[]).await;
    let query = "{ me { name role projectKeys canExport canReview canWriteAllProjects } }";
    let me = |name: &str, role: &str, keys: Value, export: bool, review: bool, all: bool| {
        json!({ "me": { "name": name, "role": role, "projectKeys": keys, "canExport": export,
                        "canReview": review, "canWriteAllProjects": all } })
    };
    let cases = [
        (
            &viewer,
            me("viewer", "VIEWER", json!([]), false, false, false),
        ),
        (
            &finance,
            me("finance", "FINANCE", json!([]), true, false, false),
        ),
        (
            &manager,
            me(
                "manager",
                "MANAGER",
                json!(["DONGTOU-GREEN-08"]),
                false,
                false,
                false,
            ),
        ),
        (
            &office,
            me("office", "COORDINATOR", json!([]), true, true, false),
        ),
        (
            &app.token,
            me("admin", "ADMIN", json!([]), true, true, true),
        ),
    ];
    for (secret, expected) in cases {
        let (status, body) = app.post_as(Some(secret), query, json!({})).await;
        assert_eq!(status, 200, "{body:#}");
        assert_eq!(body["data"], expected, "{body:#}");
    }
    // What `me` promises is what the server does: the viewer's export is refused, the finance
    // officer's answered.
    assert_eq!(
        app.get_as(Some(&viewer), "/export/projects.csv")
            .await
            .status(),
        403
    );
    assert_eq!(
        app.get_as(Some(&finance), "/export/projects.csv")
            .await
            .status(),
        200
    );

    let (status, body) = app.post_as(None, query, json!({})).await;
    assert_eq!(status, 401, "{body:#}");
    assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");

    let open = spawn_app_with(
        backend,
        server::app::ServerConfig {
            public_read: true,
            ..Default::default()
        },
    )
    .await;
    let (status, body) = open.post_as(None, query, json!({})).await;
    assert_eq!(status, 200, "{body:#}");
    assert_eq!(
        body["data"]["me"],
        json!({ "name": "anonymous", "role": null, "projectKeys": [], "canExport": false,
                "canReview": false, "canWriteAllProjects": false })
    );
}
