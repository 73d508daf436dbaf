//! Test databases, a spawned server and GraphQL requests.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde_json::{Value, json};

/// Runs one test body on each backend, as `<name>::sqlite` and `<name>::postgres`.
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::helpers::Backend::Sqlite).await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            #[cfg_attr(not(pg_tests), ignore = "set TEST_DATABASE_URL to run on PostgreSQL")]
            async fn postgres() {
                super::$name($crate::helpers::Backend::Postgres).await
            }
        }
    )*};
}

/// Which database a test runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file in the temporary directory.
    Sqlite,
    /// A fresh database on the server of `TEST_DATABASE_URL`.
    Postgres,
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn unique_name() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "portfolio_test_{}_{}_{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// A database of its own for one test, removed when dropped.
pub struct TestDb {
    /// The pool.
    pub db: DatabaseConnection,
    cleanup: Cleanup,
}

enum Cleanup {
    File(PathBuf),
    Database { admin_url: String, name: String },
}

fn admin_url() -> String {
    std::env::var("TEST_DATABASE_URL")
        .expect("TEST_DATABASE_URL must name a PostgreSQL server for the PostgreSQL tests")
}

/// `url` with its database name replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    let mut out = format!("{}/{name}", &base[..path_start]);
    if let Some(query) = query {
        out.push('?');
        out.push_str(query);
    }
    out
}

impl TestDb {
    /// A new empty database (no migrations applied).
    pub async fn empty(backend: Backend) -> Self {
        let name = unique_name();
        match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join("portfolio-tests");
                std::fs::create_dir_all(&dir).expect("temporary directory");
                let path = dir.join(format!("{name}.db"));
                let url = format!("sqlite://{}?mode=rwc", path.display());
                let db = service::db::connect(&url).await.expect("open SQLite");
                Self {
                    db,
                    cleanup: Cleanup::File(path),
                }
            }
            Backend::Postgres => {
                let admin_url = admin_url();
                let admin = service::db::connect(&admin_url).await.unwrap_or_else(|e| {
                    panic!("PostgreSQL at TEST_DATABASE_URL is not reachable: {e}")
                });
                admin
                    .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                    .await
                    .expect("create test database");
                admin.close().await.ok();
                let url = with_database(&admin_url, &name);
                let db = service::db::connect(&url)
                    .await
                    .expect("open test database");
                Self {
                    db,
                    cleanup: Cleanup::Database { admin_url, name },
                }
            }
        }
    }

    /// A migrated and seeded database, as a first start of the server leaves it.
    pub async fn seeded(backend: Backend) -> Self {
        let test_db = Self::empty(backend).await;
        server::cli::prepare(&test_db.db)
            .await
            .expect("migrate and seed");
        test_db
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let mut p = path.clone().into_os_string();
                    p.push(suffix);
                    let _ = std::fs::remove_file(p);
                }
            }
            Cleanup::Database { admin_url, name } => {
                let (admin_url, name) = (admin_url.clone(), name.clone());
                // Dropping needs async I/O; a thread of its own keeps it off the test's runtime.
                let _ = std::thread::spawn(move || {
                    let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                    else {
                        return;
                    };
                    rt.block_on(async {
                        if let Ok(admin) = service::db::connect(&admin_url).await {
                            let _ = admin
                                .execute_unprepared(&format!(
                                    "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                                ))
                                .await;
                            let _ = admin.close().await;
                        }
                    });
                })
                .join();
            }
        }
    }
}

/// The server running on a free port over its own seeded database.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The database behind it.
    pub db: TestDb,
    /// An HTTP client.
    pub client: reqwest::Client,
    /// The secret of an administrator token.
    pub token: String,
    statements: Arc<AtomicU64>,
}

/// Starts the real application (migrated and seeded as on first start) on 127.0.0.1:0.
pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, server::app::ServerConfig::default()).await
}

/// Starts the real application with `config`.
pub async fn spawn_app_with(backend: Backend, config: server::app::ServerConfig) -> TestApp {
    let db = TestDb::seeded(backend).await;
    let token = service::access::ensure_first_admin(&db.db)
        .await
        .expect("first admin token")
        .expect("a fresh database has no token");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a free port");
    let addr = listener.local_addr().expect("local address");
    let statements = Arc::new(AtomicU64::new(0));
    let mut counted = db.db.clone();
    let counter = statements.clone();
    counted.set_metric_callback(move |_| {
        counter.fetch_add(1, Ordering::SeqCst);
    });
    let router = server::app(server::AppState::with_config(counted, config));
    tokio::spawn(async move {
        axum::serve(listener, router).await.expect("server runs");
    });
    TestApp {
        base: format!("http://{addr}"),
        db,
        client: reqwest::Client::new(),
        token,
        statements,
    }
}

impl TestApp {
    /// SQL statements the server has issued so far.
    pub fn statements(&self) -> u64 {
        self.statements.load(Ordering::SeqCst)
    }

    /// POSTs a GraphQL request as the administrator and returns the whole JSON response.
    pub async fn post(&self, query: &str, variables: Value) -> Value {
        self.post_as(Some(&self.token), query, variables).await.1
    }

    /// POSTs a GraphQL request with `token` (or none) and returns the status and JSON response.
    pub async fn post_as(
        &self,
        token: Option<&str>,
        query: &str,
        variables: Value,
    ) -> (u16, Value) {
        let mut request = self
            .client
            .post(format!("{}/graphql", self.base))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("request sent");
        let status = response.status().as_u16();
        (status, response.json().await.expect("JSON response"))
    }

    /// Creates a token with `role` (and projects) as the administrator; returns its secret.
    pub async fn token_for(&self, name: &str, role: &str, projects: &[&str]) -> String {
        let data = self
            .data(
                "mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) {
                   secret userErrors { message } } }",
                json!({ "input": { "name": name, "role": role, "projectKeys": projects } }),
            )
            .await;
        assert_eq!(data["createApiToken"]["userErrors"], json!([]), "{data:#}");
        data["createApiToken"]["secret"]
            .as_str()
            .expect("a secret")
            .to_owned()
    }

    /// POSTs a query that must succeed and returns its `data`.
    pub async fn data(&self, query: &str, variables: Value) -> Value {
        let response = self.post(query, variables).await;
        assert!(
            response.get("errors").is_none(),
            "unexpected errors: {response:#}"
        );
        response["data"].clone()
    }
}

/// A row of `seeds/projects.csv` as the tests read it, independently of the loader.
#[derive(Clone, Debug)]
pub struct SeedRow {
    /// `<LIST>-<CATEGORY>-<seq>`.
    pub key: String,
    /// List code.
    pub list: String,
    /// Category code.
    pub category: String,
    /// Name.
    pub name: String,
    /// Scope text.
    pub scope: String,
    /// Start year, when known.
    pub start: Option<i32>,
    /// End year, when known.
    pub end: Option<i32>,
    /// Total investment, when known.
    pub total: Option<rust_decimal::Decimal>,
    /// 14th-FYP investment, when known.
    pub fyp: Option<rust_decimal::Decimal>,
    /// Location, when named.
    pub location: Option<String>,
}

/// Every seeded project, in document order.
pub fn seed_rows() -> Vec<SeedRow> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds/projects.csv");
    let mut reader = csv::Reader::from_path(path).expect("seeds/projects.csv");
    let amount = |s: &str| (s != "待定").then(|| s.parse().expect("amount"));
    reader
        .deserialize::<std::collections::HashMap<String, String>>()
        .map(|r| {
            let r = r.expect("row");
            let seq: i32 = r["seq"].parse().expect("seq");
            let (start, end) = match r["period"].split_once('-') {
                Some((s, e)) => (s.parse().ok(), e.parse().ok()),
                None => (None, None),
            };
            SeedRow {
                key: format!("{}-{}-{seq:02}", r["list"], r["category"]),
                list: r["list"].clone(),
                category: r["category"].clone(),
                name: r["name"].clone(),
                scope: r["scope"].clone(),
                start,
                end,
                total: amount(&r["total_investment"]),
                fyp: amount(&r["fyp_investment"]),
                location: Some(r["location"].clone()).filter(|l| !l.is_empty()),
            }
        })
        .collect()
}
