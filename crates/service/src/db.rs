//! Connecting to the database and bringing its schema up to date.

use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};

/// The default database: a SQLite file in the working directory, created when missing.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://portfolio.db?mode=rwc";

/// Opens a pool on `url` (`sqlite://…` or `postgres://…`).
///
/// SQLite runs in WAL mode with foreign keys enforced and a busy timeout, so that readers never block
/// the writer and concurrent writers wait for each other instead of failing at once.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        // Every statement is a DEBUG event (target `sqlx::query`) inside the span of the request
        // or write that sent it, so `RUST_LOG=sqlx::query=debug` shows what a request ran; one
        // slower than a second is a WARN at the default level.
        .sqlx_logging(true)
        .sqlx_logging_level(log::LevelFilter::Debug)
        .sqlx_slow_statements_logging_settings(log::LevelFilter::Warn, Duration::from_secs(1))
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(30))
        // A generic plan is made for parameters it cannot see: for a filtered, ordered page it
        // guesses the filter's selectivity and sorts the whole category (25 ms on 100,000
        // projects) where the plan for the values walks the (category, order) index (0.6 ms).
        // Planning each statement for its values costs a fraction of a millisecond.
        .map_sqlx_postgres_opts(|opts| opts.options([("plan_cache_mode", "force_custom_plan")]))
        .map_sqlx_sqlite_opts(|opts| {
            opts.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
        });
    if url.starts_with("sqlite:") {
        // One writer at a time is all SQLite allows; a small pool keeps readers fast without
        // queueing writers behind busy timeouts.
        options.max_connections(8);
    }
    Database::connect(options).await
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// Rolls every migration back (used by tests of the down migrations).
pub async fn migrate_down_all(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::down(db, None).await
}

/// How many migrations this binary knows that the database has not applied (a server on such a
/// database is not ready: its queries would meet a schema they were not written for).
pub async fn pending_migrations(db: &DatabaseConnection) -> Result<usize, DbErr> {
    Ok(Migrator::get_pending_migrations(db).await?.len())
}
