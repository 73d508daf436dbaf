//! Backups: a SQLite database copied while writes go on holds every write acknowledged before the
//! copy began, with sums that agree with its rows, and restores into a database that serves it.

use std::sync::Arc;
use std::time::Instant;

use sea_orm::{EntityTrait, TransactionTrait};
use serde_json::json;
use tokio::sync::Mutex;

use crate::helpers::{Backend, TestApp, spawn_app};

/// Project keys each writer edits, one project per writer.
const WRITERS: [&str; 3] = ["DONGTOU-GREEN-08", "DONGTOU-DIGITAL-04", "OUJIANG-PARKS-04"];
const EDITS: usize = 25;

/// A new file name of its own in the tests' temporary directory.
fn temp_file(what: &str, extension: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join("portfolio-tests");
    std::fs::create_dir_all(&dir).expect("a directory");
    let nanos = chrono::Utc::now().timestamp_nanos_opt().unwrap_or(0);
    dir.join(format!("{what}-{}-{nanos}.{extension}", std::process::id()))
}

/// Edits made before the backup is started, by each writer.
const BEFORE: usize = 5;

/// Renames `key` `EDITS` times in turn, recording each acknowledged (version, when): `BEFORE` of
/// them, then it meets the others at `ready` and waits for `go`, sent once the backup's start
/// is recorded, and makes the rest while the backup runs.
async fn edit(
    app: &TestApp,
    key: &str,
    acknowledged: &Mutex<Vec<(String, i64, Instant)>>,
    ready: &tokio::sync::Barrier,
    mut go: tokio::sync::watch::Receiver<bool>,
) {
    let found = app
        .data(
            "query($key: String!) { project(key: $key) { id version } }",
            json!({ "key": key }),
        )
        .await;
    let id = found["project"]["id"].as_str().expect("an id").to_owned();
    let mut version = found["project"]["version"].as_i64().expect("a version");
    for n in 0..EDITS {
        if n == BEFORE {
            ready.wait().await;
            go.wait_for(|go| *go).await.expect("the go signal");
        }
        let answer = app
            .data(
                "mutation($input: UpdateProjectInput!) { updateProject(input: $input) {
                   project { version } userErrors { code } } }",
                json!({ "input": { "projectId": id, "expectedVersion": version,
                                   "name": format!("{key} edit {n}") } }),
            )
            .await;
        let now = Instant::now();
        let payload = &answer["updateProject"];
        assert_eq!(payload["userErrors"], json!([]), "{answer}");
        version = payload["project"]["version"].as_i64().expect("a version");
        acknowledged
            .lock()
            .await
            .push((key.to_owned(), version, now));
    }
}

async fn aggregate_rows(
    txn: &sea_orm::DatabaseTransaction,
) -> Vec<entity::investment_aggregate::Model> {
    let mut rows = entity::investment_aggregate::Entity::find()
        .all(txn)
        .await
        .expect("read the aggregates");
    rows.sort_by(|a, b| (a.category_id, &a.status).cmp(&(b.category_id, &b.status)));
    rows
}

/// The maintained sums of `db` against the same sums recomputed from its rows.
async fn aggregates_agree(db: &sea_orm::DatabaseConnection) -> bool {
    let txn = db.begin().await.expect("begin");
    let kept = aggregate_rows(&txn).await;
    service::finance::rebuild_aggregates(&txn)
        .await
        .expect("recompute");
    let recomputed = aggregate_rows(&txn).await;
    txn.rollback().await.expect("roll back");
    !kept.is_empty() && kept == recomputed
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_under_writes_holds_every_write_acknowledged_before_it() {
    let app = Arc::new(spawn_app(Backend::Sqlite).await);
    let copy = temp_file("backup", "db");
    let restored = temp_file("restored", "db");

    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let ready = Arc::new(tokio::sync::Barrier::new(WRITERS.len() + 1));
    let (go, going) = tokio::sync::watch::channel(false);
    let writers: Vec<_> = WRITERS
        .iter()
        .map(|key| {
            let (app, acknowledged, ready) = (app.clone(), acknowledged.clone(), ready.clone());
            let going = going.clone();
            tokio::spawn(async move { edit(&app, key, &acknowledged, &ready, going).await })
        })
        .collect();
    // Some writes first, so the copy is taken in the middle of the load; the start is recorded
    // before the writers go on, so "before" is exact.
    ready.wait().await;
    let began = Instant::now();
    go.send(true).expect("writers listen");
    service::db::backup(&app.db.db, &copy)
        .await
        .expect("an online backup");
    for writer in writers {
        writer.await.expect("the writer finished");
    }
    let acknowledged = acknowledged.lock().await.clone();
    let (before, after): (Vec<_>, Vec<_>) = acknowledged.iter().partition(|(_, _, at)| *at < began);
    assert_eq!(before.len(), WRITERS.len() * BEFORE);
    assert_eq!(after.len(), WRITERS.len() * (EDITS - BEFORE));

    let url = format!("sqlite://{}?mode=rwc", restored.display());
    service::db::restore(&copy, &url).await.expect("a restore");
    let db = service::db::connect(&url)
        .await
        .expect("open the restored database");
    for (key, version, at) in before {
        let row = entity::project::Entity::find()
            .all(&db)
            .await
            .expect("projects")
            .into_iter()
            .find(|p| &p.key == key)
            .expect("the project");
        assert!(
            i64::from(row.version) >= *version,
            "{key}: version {version} was acknowledged at {at:?} before the backup, the copy has {}",
            row.version
        );
    }
    assert!(
        aggregates_agree(&db).await,
        "the maintained sums disagree with the rows"
    );

    // The copy reconciles like the original did at the same writes: the renames touched no
    // figure, so every list and category reconciles exactly as the seeded data does.
    let office = service::access::Principal::operator("office");
    let copied = service::finance::reconciliation(&db, &office)
        .await
        .expect("the copy's reconciliation");
    let original = service::finance::reconciliation(&app.db.db, &office)
        .await
        .expect("the original's reconciliation");
    assert_eq!(format!("{copied:?}"), format!("{original:?}"));
    assert!(!copied.is_empty());
    db.close().await.ok();
    for path in [&copy, &restored] {
        std::fs::remove_file(path).ok();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restore_refuses_a_file_that_is_not_a_backup_and_changes_nothing() {
    let junk = temp_file("junk", "db");
    let target = temp_file("target", "db");
    std::fs::write(&junk, b"not a database at all").expect("write");
    std::fs::write(&target, b"left as it is").expect("write");
    let url = format!("sqlite://{}?mode=rwc", target.display());
    let err = service::db::restore(&junk, &url)
        .await
        .expect_err("refused");
    assert!(
        matches!(err, service::db::BackupError::NotABackup(..)),
        "{err}"
    );
    assert_eq!(std::fs::read(&target).expect("read"), b"left as it is");
    for path in [&junk, &target] {
        std::fs::remove_file(path).ok();
    }
}

/// PostgreSQL is backed up with its own tools, as the README says: a `pg_dump` of a database that
/// has been written to, restored with `pg_restore` into a fresh database, serves the same rows and
/// figures, with sums that agree with its rows.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(not(pg_tests), ignore = "set TEST_DATABASE_URL to run on PostgreSQL")]
async fn a_pg_dump_restores_into_a_fresh_database_with_identical_figures() {
    let app = spawn_app(Backend::Postgres).await;
    let found = app
        .data(
            "{ project(key: \"DONGTOU-GREEN-08\") { id version } }",
            json!({}),
        )
        .await;
    let edited = app
        .data(
            "mutation($input: UpdateProjectInput!) { updateProject(input: $input) {
               userErrors { code } } }",
            json!({ "input": { "projectId": found["project"]["id"],
                               "expectedVersion": found["project"]["version"],
                               "totalInvestment": "1303600.000001" } }),
        )
        .await;
    assert_eq!(edited["updateProject"]["userErrors"], json!([]));

    let dump = temp_file("dump", "pgdump");
    let status = std::process::Command::new("pg_dump")
        .args(["--format=custom", "--no-owner", "--file"])
        .arg(&dump)
        .arg(app.db.url())
        .status()
        .expect("pg_dump runs");
    assert!(status.success(), "pg_dump: {status}");
    let fresh = crate::helpers::TestDb::empty(Backend::Postgres).await;
    let status = std::process::Command::new("pg_restore")
        .args(["--no-owner", "--exit-on-error", "--dbname"])
        .arg(fresh.url())
        .arg(&dump)
        .status()
        .expect("pg_restore runs");
    std::fs::remove_file(&dump).ok();
    assert!(status.success(), "pg_restore: {status}");

    let office = service::access::Principal::operator("office");
    let restored = service::finance::reconciliation(&fresh.db, &office)
        .await
        .expect("the restored reconciliation");
    let original = service::finance::reconciliation(&app.db.db, &office)
        .await
        .expect("the original reconciliation");
    assert_eq!(format!("{restored:?}"), format!("{original:?}"));
    let rows = |db: &sea_orm::DatabaseConnection| {
        let db = db.clone();
        async move {
            let mut rows = entity::project::Entity::find()
                .all(&db)
                .await
                .expect("projects");
            rows.sort_by_key(|p| p.id);
            rows
        }
    };
    let copied = rows(&fresh.db).await;
    assert_eq!(copied, rows(&app.db.db).await);
    assert!(
        copied
            .iter()
            .any(|p| p.total_investment_fen == Some(1_303_600_000_001))
    );
    assert!(aggregates_agree(&fresh.db).await);
}
