//! What the tests share: test databases, a spawned server and its requests, an independent
//! reading of the seeds, and rows written straight into the tables.

mod app;
mod db;
mod rows;
mod seeds;

pub use app::{ReaderTokens, TestApp, spawn_app, spawn_app_over, spawn_app_with};
pub use db::TestDb;
pub use rows::{category_by_code, d, fen, progress_report_row, project_by_key, project_row};
pub use seeds::{CATEGORY_ORDER, SeedRow, seed_records, seed_rows};

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

/// Runs one test body once, as `<name>::once`, against a server on SQLite: for what the HTTP
/// layer decides whatever the database, so that running it per backend would add nothing.
#[macro_export]
macro_rules! backend_independent {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn once() {
                super::$name(
                    $crate::helpers::spawn_app($crate::helpers::Backend::Sqlite).await,
                )
                .await
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
