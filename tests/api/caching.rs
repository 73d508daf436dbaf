//! The caches between requests: read answers kept until the next committed write, and callers
//! kept until the next write to tokens. Neither may ever answer with something a committed write
//! has changed, on the instance that wrote or on another one on the same database.

use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, spawn_app, spawn_app_with};

const PROJECT: &str = "query($key: String!) { project(key: $key) { id name version } }";
const RENAME: &str = "mutation($input: UpdateProjectInput!) { updateProject(input: $input) {
    project { name version } userErrors { code message } } }";
const KEY: &str = "DONGTOU-GREEN-08";

async fn read(app: &TestApp, base: &str, token: &str) -> Value {
    let (status, body) = app
        .post_to(base, Some(token), PROJECT, json!({ "key": KEY }))
        .await;
    assert_eq!(status, 200, "{body:#}");
    assert!(body.get("errors").is_none(), "{body:#}");
    body["data"]["project"].clone()
}

/// Renames the project read as `project` through the instance at `base`, as the administrator.
async fn rename_through(app: &TestApp, base: &str, project: &Value) {
    let (status, renamed) = app
        .post_to(
            base,
            Some(&app.token),
            RENAME,
            json!({ "input": { "projectId": project["id"], "expectedVersion": project["version"],
                               "name": "改名后的项目" } }),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        renamed["data"]["updateProject"]["userErrors"],
        json!([]),
        "{renamed:#}"
    );
}

async fn a_write_through_one_instance_is_read_at_once_through_the_other(backend: Backend) {
    let a = spawn_app(backend).await;
    let b = a.second_instance().await;
    let viewer = a.token_for("viewer", "VIEWER", &[]).await;

    // The first time a request is seen it is only executed (a document must be validated before
    // any statement runs); the second answer is kept; the third is served from the cache.
    let first = read(&a, &a.base, &viewer).await;
    assert_eq!(read(&a, &a.base, &viewer).await, first);
    let before = a.statements();
    let again = read(&a, &a.base, &viewer).await;
    assert_eq!(again, first);
    // Kept: the repeated read costs the mark's read and nothing else.
    assert_eq!(a.statements() - before, 1, "statements for a repeated read");
    for _ in 0..2 {
        assert_eq!(read(&a, &b.base, &viewer).await, first);
    }

    rename_through(&a, &b.base, &first).await;

    // The very next read on either instance sees the write: the mark it reads was raised in the
    // write's own transaction.
    let expected_version = first["version"].as_i64().expect("a version") + 1;
    for base in [&a.base, &b.base] {
        let now = read(&a, base, &viewer).await;
        assert_eq!(now["name"], "改名后的项目", "on {base}");
        assert_eq!(now["version"], expected_version, "on {base}");
    }
    // And it is kept again until the next write.
    read(&a, &b.base, &viewer).await;
    let before = b.statements();
    assert_eq!(read(&a, &b.base, &viewer).await["name"], "改名后的项目");
    assert_eq!(b.statements() - before, 1);
}

async fn a_revoked_token_is_refused_at_once_on_every_instance(backend: Backend) {
    let a = spawn_app(backend).await;
    let b = a.second_instance().await;
    let viewer = a.token_for("viewer", "VIEWER", &[]).await;
    // Both instances have the caller (and the answer) cached.
    for base in [&a.base, &b.base] {
        read(&a, base, &viewer).await;
        read(&a, base, &viewer).await;
    }
    let (status, revoked) = a
        .post_to(
            &b.base,
            Some(&a.token),
            "mutation { revokeApiToken(input: { name: \"viewer\" }) { apiToken { revokedAt } userErrors { code } } }",
            json!({}),
        )
        .await;
    assert_eq!(status, 200);
    assert!(
        revoked["data"]["revokeApiToken"]["apiToken"]["revokedAt"].is_string(),
        "{revoked:#}"
    );
    for base in [&a.base, &b.base] {
        let (status, body) = a
            .post_to(base, Some(&viewer), PROJECT, json!({ "key": KEY }))
            .await;
        assert_eq!(status, 401, "on {base}: {body:#}");
        assert_eq!(
            body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED",
            "on {base}"
        );
        assert!(
            body["data"]["project"].is_null(),
            "nothing of the project on {base}: {body:#}"
        );
    }
    // The administrator who revoked it is still served.
    read(&a, &a.base, &a.token).await;
}

async fn an_answer_kept_for_one_caller_is_never_served_to_another(backend: Backend) {
    let app = spawn_app(backend).await;
    let viewer = app.token_for("viewer", "VIEWER", &[]).await;
    let manager = app.token_for("manager", "MANAGER", &[KEY]).await;
    let other = app
        .token_for("other-manager", "MANAGER", &["DONGTOU-GREEN-01"])
        .await;
    let me = "{ me { name role canReview projectKeys } }";
    let tokens = "{ apiTokens { name } }";
    // The administrator asks first, twice, so that the answers are kept.
    for _ in 0..2 {
        let admin = app.data(me, json!({})).await;
        assert_eq!(admin["me"]["role"], "ADMIN");
        assert_eq!(
            app.data(tokens, json!({})).await["apiTokens"]
                .as_array()
                .map(Vec::len),
            Some(4)
        );
    }
    let (_, seen) = app.post_as(Some(&viewer), me, json!({})).await;
    assert_eq!(
        seen["data"]["me"],
        json!({ "name": "viewer", "role": "VIEWER", "canReview": false, "projectKeys": [] })
    );
    let (_, refused) = app.post_as(Some(&viewer), tokens, json!({})).await;
    assert_eq!(
        refused["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{refused:#}"
    );
    assert!(
        refused["data"].is_null() || refused["data"]["apiTokens"].is_null(),
        "{refused:#}"
    );
    // Two callers of one role see their own assignments.
    let (_, first) = app.post_as(Some(&manager), me, json!({})).await;
    let (_, second) = app.post_as(Some(&other), me, json!({})).await;
    assert_eq!(first["data"]["me"]["projectKeys"], json!([KEY]));
    assert_eq!(
        second["data"]["me"]["projectKeys"],
        json!(["DONGTOU-GREEN-01"])
    );
    // Without a token there is nothing to read, cached or not.
    let (status, anonymous) = app.post_as(None, me, json!({})).await;
    assert_eq!(status, 401, "{anonymous:#}");
}

async fn with_the_cache_off_every_read_is_computed(backend: Backend) {
    let config = server::app::ServerConfig {
        response_cache_bytes: 0,
        ..server::app::ServerConfig::default()
    };
    let app = spawn_app_with(backend, config).await;
    let first = read(&app, &app.base, &app.token).await;
    let before = app.statements();
    assert_eq!(read(&app, &app.base, &app.token).await, first);
    // The mark (for the token cache) and the project's own read at least.
    assert!(
        app.statements() - before >= 2,
        "the read was computed again"
    );
    let metrics = app
        .get_as(None, "/metrics")
        .await
        .text()
        .await
        .expect("metrics text");
    assert!(
        metrics.contains("portfolio_token_cache_requests{result=\"hit\"}"),
        "{metrics}"
    );
}

async fn concurrent_writers_never_leave_a_stale_answer_behind(backend: Backend) {
    let a = std::sync::Arc::new(spawn_app(backend).await);
    let b = std::sync::Arc::new(a.second_instance().await);
    let viewer = a.token_for("viewer", "VIEWER", &[]).await;
    let page = a
        .data(
            "{ projects(first: 4) { edges { node { key id version } } } }",
            json!({}),
        )
        .await;
    let projects: Vec<(String, Value, i64)> = page["projects"]["edges"]
        .as_array()
        .expect("a page")
        .iter()
        .map(|e| {
            let node = &e["node"];
            (
                node["key"].as_str().expect("a key").to_owned(),
                node["id"].clone(),
                node["version"].as_i64().expect("a version"),
            )
        })
        .collect();
    assert_eq!(projects.len(), 4);
    // Four writers at once, each renaming its own project through one instance and reading it
    // back through the other, where its answer was kept before the write.
    let mut writers = Vec::new();
    for (n, (key, id, version)) in projects.into_iter().enumerate() {
        let (a, b, viewer) = (a.clone(), b.clone(), viewer.clone());
        writers.push(tokio::spawn(async move {
            let mut version = version;
            for round in 0..5 {
                let query = "query($key: String!) { project(key: $key) { name version } }";
                for _ in 0..2 {
                    a.post_to(&a.base, Some(&viewer), query, json!({ "key": key })).await;
                }
                let name = format!("并发改名 {n}-{round}");
                let (_, renamed) = a
                    .post_to(
                        &b.base,
                        Some(&a.token),
                        RENAME,
                        json!({ "input": { "projectId": id, "expectedVersion": version, "name": name } }),
                    )
                    .await;
                assert_eq!(renamed["data"]["updateProject"]["userErrors"], json!([]), "{renamed:#}");
                version += 1;
                let (_, seen) = a
                    .post_to(&a.base, Some(&viewer), query, json!({ "key": key }))
                    .await;
                assert_eq!(seen["data"]["project"]["name"], name.as_str(), "{seen:#}");
                assert_eq!(seen["data"]["project"]["version"], version);
            }
        }));
    }
    for writer in writers {
        writer.await.expect("a writer");
    }
}

const PLAIN_PAGE: &str = "{ projects(first: 5) { edges { node { key } } } }";
const TOTALS_BY_CATEGORY: &str = "{ investmentSummary(groupBy: [CATEGORY]) { groups {
    key { listCode categoryCode categoryName } projectCount } } }";
const FRAMED_PAGE: &str = "{ projects(first: 5) { edges { node { key
    category { code name } list { code categories { code } } } } } }";

/// Lists and categories are read once and served from memory until the next committed write,
/// on any instance; the response cache is off, so every answer below is computed.
async fn lists_and_categories_are_read_once_until_the_next_write(backend: Backend) {
    let config = server::app::ServerConfig {
        response_cache_bytes: 0,
        ..server::app::ServerConfig::default()
    };
    let a = spawn_app_with(backend, config).await;
    let b = a.second_instance().await;
    let viewer = a.token_for("viewer", "VIEWER", &[]).await;
    let cost = |query: &'static str| {
        let (a, viewer) = (&a, &viewer);
        async move {
            let before = a.statements();
            let (status, body) = a.post_to(&a.base, Some(viewer), query, json!({})).await;
            assert_eq!(status, 200, "{body:#}");
            assert!(body.get("errors").is_none(), "{body:#}");
            (a.statements() - before, body["data"].clone())
        }
    };
    // Settle the token (its first look-up, its last use) and read the lists and categories.
    cost(PLAIN_PAGE).await;
    let (_, framed) = cost(FRAMED_PAGE).await;
    let (plain, _) = cost(PLAIN_PAGE).await;

    // The page's categories and lists, and their lists' categories: not one statement more.
    let (kept, again) = cost(FRAMED_PAGE).await;
    assert_eq!(again, framed);
    assert_eq!(kept, plain, "the lists and categories were read again");
    let first = &framed["projects"]["edges"][0]["node"];
    assert_eq!(first["key"], "DONGTOU-INDUSTRIAL-01");
    assert_eq!(first["category"]["name"], "产业发展项目");
    assert_eq!(first["list"]["code"], "DONGTOU");
    assert_eq!(first["list"]["categories"][0]["code"], "INDUSTRIAL");

    // Totals by category name their groups from the same copy: the mark and the maintained
    // aggregates, as the plain page is the mark and the page.
    let (totals, summary) = cost(TOTALS_BY_CATEGORY).await;
    assert_eq!(totals, plain, "the totals read the lists and categories");
    let first = &summary["investmentSummary"]["groups"][0];
    assert_eq!(first["key"]["listCode"], "DONGTOU");
    assert_eq!(first["key"]["categoryCode"], "INDUSTRIAL");
    assert_eq!(first["key"]["categoryName"], "产业发展项目");

    // A write through the other instance raises the mark: the next read reads them again
    // (the lists, the categories), and then keeps them.
    let project = read(&a, &a.base, &viewer).await;
    rename_through(&a, &b.base, &project).await;
    let (after_write, answer) = cost(FRAMED_PAGE).await;
    assert_eq!(answer, framed);
    assert_eq!(after_write, plain + 2, "read again after a write");
    assert_eq!(cost(FRAMED_PAGE).await.0, plain);
}

crate::both_backends!(
    lists_and_categories_are_read_once_until_the_next_write,
    a_start_that_adds_nothing_leaves_the_write_mark_alone,
    concurrent_writers_never_leave_a_stale_answer_behind,
    a_write_through_one_instance_is_read_at_once_through_the_other,
    a_revoked_token_is_refused_at_once_on_every_instance,
    an_answer_kept_for_one_caller_is_never_served_to_another,
    with_the_cache_off_every_read_is_computed,
);

/// Starting the server again on a database that has everything (the indicator rows included)
/// writes nothing, so the mark stays: what was computed before the restart (cached answers, the
/// month's kept facts) still holds and is not made again.
async fn a_start_that_adds_nothing_leaves_the_write_mark_alone(backend: Backend) {
    let db = crate::helpers::TestDb::seeded(backend).await;
    let before = service::mark::current(&db.db).await.expect("mark");
    server::cli::prepare(&db.db).await.expect("start again");
    server::cli::prepare(&db.db).await.expect("and again");
    assert_eq!(service::mark::current(&db.db).await.expect("mark"), before);
}

mod the_mark_readers_own_connection {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    #[cfg_attr(not(pg_tests), ignore = "set TEST_DATABASE_URL to run on PostgreSQL")]
    async fn postgres() {
        super::the_mark_readers_connection_is_replaced_when_it_is_cut().await
    }
}

/// The reader's connections: the backends whose last statement was the mark's read on the
/// reader's own connection (the pool's reads are written by the ORM, in another text).
async fn mark_reader_backends(app: &TestApp) -> Vec<i32> {
    let rows = app
        .db
        .db
        .query_all_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Postgres,
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() \
             AND query = 'SELECT writes, tokens FROM write_mark WHERE id = 1'",
        ))
        .await
        .expect("pg_stat_activity");
    rows.iter()
        .map(|row| row.try_get::<i32>("", "pid").expect("pid"))
        .collect()
}

/// On PostgreSQL the mark is read on a connection the reader keeps outside the pool (no ping on
/// each return). Cut by the server (a restart, a proxy's idle timeout), it costs no request: the
/// next read goes through the pool and a later one opens a new connection, and a write committed
/// meanwhile is seen at once.
async fn the_mark_readers_connection_is_replaced_when_it_is_cut() {
    let app = spawn_app(Backend::Postgres).await;
    let viewer = app.token_for("viewer", "VIEWER", &[]).await;
    let before = app.state.marks.own_reads();
    let project = read(&app, &app.base, &viewer).await;
    assert!(
        app.state.marks.own_reads() > before,
        "read on its own connection"
    );
    let first = mark_reader_backends(&app).await;
    assert_eq!(
        first.len(),
        1,
        "one connection of the reader's own: {first:?}"
    );

    let cut = app
        .db
        .db
        .query_all_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Postgres,
            format!("SELECT pg_terminate_backend({})", first[0]),
        ))
        .await
        .expect("the reader's connection cut");
    assert_eq!(cut.len(), 1);
    // The next read fails on the cut connection and is served through the pool; the write
    // before it is seen there, and after the reconnection.
    rename_through(&app, &app.base, &project).await;
    assert_eq!(read(&app, &app.base, &viewer).await["name"], "改名后的项目");
    let again = read(&app, &app.base, &viewer).await;
    assert_eq!(again["name"], "改名后的项目");
    let second = mark_reader_backends(&app).await;
    assert_eq!(second.len(), 1, "a new connection of its own: {second:?}");
    assert_ne!(second[0], first[0]);
}
