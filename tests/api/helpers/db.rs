//! A database of its own for each test, on either backend.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use sea_orm::{ConnectionTrait, DatabaseConnection};

use super::Backend;

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
    /// The URL the database is reached at (for tools that open it themselves).
    pub fn url(&self) -> String {
        match &self.cleanup {
            Cleanup::File(path) => format!("sqlite://{}?mode=rwc", path.display()),
            Cleanup::Database { admin_url, name } => with_database(admin_url, name),
        }
    }

    /// A new empty database (no migrations applied).
    pub async fn empty(backend: Backend) -> Self {
        match backend {
            Backend::Sqlite => {
                let name = unique_name();
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
            Backend::Postgres => Self::empty_on(&admin_url()).await,
        }
    }

    /// A new empty database on the PostgreSQL server of `admin_url`.
    pub async fn empty_on(admin_url: &str) -> Self {
        let name = unique_name();
        let admin = service::db::connect(admin_url)
            .await
            .unwrap_or_else(|e| panic!("PostgreSQL at {admin_url} is not reachable: {e}"));
        admin
            .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
            .await
            .expect("create test database");
        admin.close().await.ok();
        let url = with_database(admin_url, &name);
        let db = service::db::connect(&url)
            .await
            .expect("open test database");
        Self {
            db,
            cleanup: Cleanup::Database {
                admin_url: admin_url.to_owned(),
                name,
            },
        }
    }

    /// A migrated and seeded database, as a first start of the server leaves it.
    pub async fn seeded(backend: Backend) -> Self {
        Self::prepared(Self::empty(backend).await).await
    }

    /// A migrated and seeded database on the PostgreSQL server of `admin_url`.
    pub async fn seeded_on(admin_url: &str) -> Self {
        Self::prepared(Self::empty_on(admin_url).await).await
    }

    async fn prepared(test_db: Self) -> Self {
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
