//! Reads from a real streaming replica (`DATABASE_READ_URL`): a PostgreSQL primary and a
//! replica made with `initdb`, `pg_basebackup -R` and `pg_ctl` (`tools/replica-pair/start.sh`).
//! With the replica's replay paused, what a caller reads shows which database answered: a reader
//! who did not write sees the replica's older state, a caller who has just written sees its
//! write (on this instance and on another one), and once replay resumes everyone sees it.

use std::time::Duration;

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use serde_json::{Value, json};

use crate::helpers::{TestApp, TestDb, spawn_app_over};

const PRIMARY: &str = "postgres://postgres@127.0.0.1:55432/postgres";
const REPLICA_PORT: &str = "55433";
const KEY: &str = "DONGTOU-GREEN-08";
const NAME: &str = "query($key: String!) { project(key: $key) { name } }";

/// Starts the pair (nothing when it is up already).
fn start_pair() {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tools/replica-pair/start.sh");
    let status = std::process::Command::new("bash")
        .arg(script)
        .status()
        .expect("the replica pair's script runs");
    assert!(status.success(), "the primary and its replica started");
}

/// The same database on the replica.
fn on_replica(url: &str) -> String {
    url.replacen(":55432/", &format!(":{REPLICA_PORT}/"), 1)
}

async fn sql(db: &DatabaseConnection, text: &str) -> Vec<sea_orm::QueryResult> {
    db.query_all_raw(Statement::from_string(DbBackend::Postgres, text))
        .await
        .unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// Waits until the replica has replayed everything the primary committed so far.
async fn caught_up(primary: &DatabaseConnection, replica: &DatabaseConnection) {
    let target = service::mark::current(primary).await.expect("primary mark");
    for _ in 0..200 {
        if service::mark::current(replica)
            .await
            .is_ok_and(|mark| mark == target)
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the replica did not replay mark {target:?}");
}

/// A pool on the replica's copy of `db`, once the copy exists and has caught up.
async fn replica_of(db: &TestDb) -> DatabaseConnection {
    let url = on_replica(&db.url());
    for _ in 0..200 {
        if let Ok(replica) = service::db::connect(&url).await
            && service::mark::current(&replica).await.is_ok()
        {
            caught_up(&db.db, &replica).await;
            return replica;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the replica has no copy of the test database");
}

async fn wait_taking_reads(state: &server::AppState) {
    for _ in 0..100 {
        if state.replicas.taking_reads() == 1 && state.listener.state() == Some(true) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the replica takes no reads");
}

async fn name_on(app: &TestApp, base: &str, token: &str) -> Value {
    let (status, body) = app
        .post_to(base, Some(token), NAME, json!({ "key": KEY }))
        .await;
    assert_eq!(status, 200, "{body:#}");
    body["data"]["project"]["name"].clone()
}

async fn rename(app: &TestApp, base: &str, name: &str) {
    let (_, read) = app
        .post_to(
            base,
            Some(&app.token),
            "query($key: String!) { project(key: $key) { id version } }",
            json!({ "key": KEY }),
        )
        .await;
    let project = &read["data"]["project"];
    let (status, body) = app
        .post_to(
            base,
            Some(&app.token),
            "mutation($input: UpdateProjectInput!) { updateProject(input: $input) {
               userErrors { code message } } }",
            json!({ "input": { "projectId": project["id"], "expectedVersion": project["version"],
                "name": name } }),
        )
        .await;
    assert_eq!(status, 200, "{body:#}");
    assert_eq!(
        body["data"]["updateProject"]["userErrors"],
        json!([]),
        "{body:#}"
    );
}

/// The project names of a CSV export.
async fn exported_names(app: &TestApp, token: &str) -> String {
    let response = app.get_as(Some(token), "/export/projects.csv").await;
    assert_eq!(response.status(), 200);
    response.text().await.expect("the export")
}

async fn reads_go_to_the_replica_and_a_writer_reads_its_own_write() {
    start_pair();
    // A run that failed half-way may have left replay paused.
    let standby = service::db::connect(&on_replica(PRIMARY))
        .await
        .expect("the replica answers");
    sql(&standby, "SELECT pg_wal_replay_resume()").await;
    standby.close().await.ok();
    let db = TestDb::seeded_on(PRIMARY).await;
    let replica = replica_of(&db).await;
    let app = spawn_app_over(
        db,
        server::app::ServerConfig::default(),
        vec![replica.clone()],
    )
    .await;
    wait_taking_reads(&app.state).await;
    let old_name = name_on(&app, &app.base, &app.token).await;
    let old_name = old_name.as_str().expect("a name").to_owned();
    let tokens = app.reader_tokens().await;
    caught_up(&app.db.db, &replica).await;

    // From here on the replica stands still.
    sql(&replica, "SELECT pg_wal_replay_pause()").await;
    for _ in 0..100 {
        let state = sql(
            &replica,
            "SELECT pg_get_wal_replay_pause_state()::text AS s",
        )
        .await;
        if state[0].try_get::<String>("", "s").ok().as_deref() == Some("paused") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    rename(&app, &app.base, "副本之后一").await;
    // The writer reads its write at once (from the primary)...
    assert_eq!(name_on(&app, &app.base, &app.token).await, "副本之后一");
    // ...and someone else reads the replica, which has not replayed it.
    assert_eq!(
        name_on(&app, &app.base, &tokens.viewer).await,
        old_name.as_str()
    );
    // Exports read the replica too.
    let export = exported_names(&app, &tokens.finance).await;
    assert!(export.contains(&old_name) && !export.contains("副本之后一"));

    // Another instance hears that the administrator wrote: its reads go to the primary too.
    let other = app
        .instance_over(
            service::db::connect(&app.db.url()).await.expect("a pool"),
            vec![
                service::db::connect(&on_replica(&app.db.url()))
                    .await
                    .expect("a pool"),
            ],
        )
        .await;
    wait_taking_reads(&other.state).await;
    rename(&app, &app.base, "副本之后二").await;
    // The notice travels while the answer does; the replica stands still, so only a read of
    // the primary can show the write.
    let mut seen = Value::Null;
    for _ in 0..20 {
        seen = name_on(&app, &other.base, &app.token).await;
        if seen == "副本之后二" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(seen, "副本之后二");
    assert_eq!(
        name_on(&app, &other.base, &tokens.viewer).await,
        old_name.as_str()
    );
    // Read twice, so that the second answer may come from the response cache: it is still the
    // replica's state, under the replica's mark.
    assert_eq!(
        name_on(&app, &other.base, &tokens.viewer).await,
        old_name.as_str()
    );

    sql(&replica, "SELECT pg_wal_replay_resume()").await;
    caught_up(&app.db.db, &replica).await;
    assert_eq!(name_on(&app, &app.base, &tokens.viewer).await, "副本之后二");
    assert_eq!(
        name_on(&app, &other.base, &tokens.viewer).await,
        "副本之后二"
    );
    assert!(
        exported_names(&app, &tokens.finance)
            .await
            .contains("副本之后二")
    );
}

async fn a_replica_that_does_not_answer_leaves_reads_to_the_primary() {
    let db =
        TestDb::seeded_on(&std::env::var("TEST_DATABASE_URL").expect("TEST_DATABASE_URL")).await;
    // Nothing listens on port 1.
    let nowhere = service::db::connect_lazy("postgres://postgres@127.0.0.1:1/nothing")
        .await
        .expect("a lazy pool");
    let app = spawn_app_over(db, server::app::ServerConfig::default(), vec![nowhere]).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(app.state.replicas.taking_reads(), 0);
    let name = name_on(&app, &app.base, &app.token).await;
    assert!(name.as_str().is_some_and(|n| !n.is_empty()), "{name}");
    let export = app.get_as(Some(&app.token), "/export/projects.csv").await;
    assert_eq!(export.status(), 200);
}

mod streaming_replica {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    #[cfg_attr(not(pg_tests), ignore = "set TEST_DATABASE_URL to run on PostgreSQL")]
    async fn postgres() {
        super::reads_go_to_the_replica_and_a_writer_reads_its_own_write().await
    }
}

mod replica_down {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    #[cfg_attr(not(pg_tests), ignore = "set TEST_DATABASE_URL to run on PostgreSQL")]
    async fn postgres() {
        super::a_replica_that_does_not_answer_leaves_reads_to_the_primary().await
    }
}
