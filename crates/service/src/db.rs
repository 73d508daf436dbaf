//! Connecting to the database and bringing its schema up to date.

use std::path::{Path, PathBuf};
use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr, Statement,
};

/// The default database: a SQLite file in the working directory, created when missing.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://portfolio.db?mode=rwc";

/// Opens a pool on `url` (`sqlite://…` or `postgres://…`).
///
/// SQLite runs in WAL mode with foreign keys enforced and a busy timeout, so that readers never block
/// the writer and concurrent writers wait for each other instead of failing at once.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    Database::connect(options(url)).await
}

/// Opens a pool on a read replica that need not be up yet: its connections are made when first
/// used, so that a replica that is down does not keep the server from starting.
pub async fn connect_lazy(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut options = options(url);
    options
        .connect_lazy(true)
        .connect_timeout(Duration::from_secs(2));
    Database::connect(options).await
}

fn options(url: &str) -> ConnectOptions {
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
        // By default every checkout first pings the connection: one round trip more for each
        // statement, a third of the round trips of a page request. A connection back from a
        // statement has just been tested on its release; only one left idle for a while may
        // have been dropped by the server or a proxy in between.
        .test_before_acquire_if_idle_for(Duration::from_secs(10))
        // A generic plan is made for parameters it cannot see: for a filtered, ordered page it
        // guesses the filter's selectivity and sorts the whole category (25 ms on 100,000
        // projects) where the plan for the values walks the (category, order) index (0.6 ms).
        // Planning each statement for its values costs a fraction of a millisecond.
        //
        // JIT compilation pays off only for long analytic scans; for the month's roll-up, one
        // statement of many CASE expressions, compiling took 13 s of a 16 s run at 100,000
        // projects (3.5 s without it).
        .map_sqlx_postgres_opts(|opts| {
            opts.options([("plan_cache_mode", "force_custom_plan"), ("jit", "off")])
        })
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
    options
}

/// Applies every pending migration, and fills the tables a migration creates empty that the
/// service derives from others (the returns folded per year) when that migration is applied.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    let pending = Migrator::get_pending_migrations(db).await?;
    let fills_return_years = pending
        .iter()
        .any(|m| m.name() == migration::m20261204_000001_return_year::NAME);
    Migrator::up(db, None).await?;
    if fills_return_years {
        // In one transaction, so a failure leaves it empty rather than half filled.
        let txn = sea_orm::TransactionTrait::begin(db).await?;
        crate::reporting::return_year::rebuild(&txn)
            .await
            .map_err(|e| DbErr::Custom(format!("filling return_year: {e}")))?;
        txn.commit().await?;
    }
    Ok(())
}

/// Rolls every migration back (used by tests of the down migrations).
pub async fn migrate_down_all(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::down(db, None).await
}

/// How many migrations this binary knows that the database has not applied (a server on such a
/// database is not ready: its queries would meet a schema they were not written for). It only
/// reads, so that it also answers on a read replica.
pub async fn pending_migrations(db: &DatabaseConnection) -> Result<usize, DbErr> {
    Ok(Migrator::get_pending_migrations_read_only(db).await?.len())
}

/// Why a backup or a restore was refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// Only SQLite databases are copied by the binary.
    #[error(
        "backups of PostgreSQL are made with its own tools: pg_dump --format=custom, and pg_restore into a fresh database"
    )]
    NotSqlite,
    /// The backup would overwrite a file.
    #[error("{0} exists already; name a new file")]
    Exists(PathBuf),
    /// The file is not a database of this system, or is damaged.
    #[error("{0} is not a portfolio database: {1}")]
    NotABackup(PathBuf, String),
    /// The database failed.
    #[error(transparent)]
    Database(#[from] DbErr),
    /// The file system failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// `path` as a string literal of SQLite's SQL.
fn sql_text(path: &Path) -> String {
    format!("'{}'", path.display().to_string().replace('\'', "''"))
}

/// Copies the SQLite database behind `db` into a new file at `path`, online: `VACUUM INTO` reads
/// one consistent snapshot while the server goes on reading and writing, so the copy holds
/// exactly the writes committed before it began.
pub async fn backup(db: &DatabaseConnection, path: &Path) -> Result<(), BackupError> {
    if db.get_database_backend() != DbBackend::Sqlite {
        return Err(BackupError::NotSqlite);
    }
    if path.exists() {
        return Err(BackupError::Exists(path.to_owned()));
    }
    db.execute_unprepared(&format!("VACUUM INTO {}", sql_text(path)))
        .await?;
    Ok(())
}

/// The file a `sqlite:` URL names.
fn sqlite_file(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let file = rest
        .split('?')
        .next()
        .filter(|f| !f.is_empty() && *f != ":memory:")?;
    Some(PathBuf::from(file))
}

/// Replaces the SQLite database of `url` with the backup at `from`, after checking that the
/// backup is a sound database of this system. The server must not be running on it: the new file
/// takes the old one's name in one rename, and a process that still had the old one open would
/// go on writing into the file that was replaced.
pub async fn restore(from: &Path, url: &str) -> Result<PathBuf, BackupError> {
    let target = sqlite_file(url).ok_or(BackupError::NotSqlite)?;
    if !from.is_file() {
        return Err(BackupError::NotABackup(
            from.to_owned(),
            "no such file".into(),
        ));
    }
    let not_a_backup = |why: String| BackupError::NotABackup(from.to_owned(), why);
    // Opened read-only and as it is: `connect` would switch it to WAL, which is a write.
    let mut options = ConnectOptions::new(format!("sqlite://{}?mode=ro", from.display()));
    options.sqlx_logging(false).max_connections(1);
    let backup = Database::connect(options)
        .await
        .map_err(|e| not_a_backup(e.to_string()))?;
    let checked = async {
        let row = backup
            .query_one_raw(Statement::from_string(
                DbBackend::Sqlite,
                "PRAGMA integrity_check",
            ))
            .await?;
        let verdict = row
            .map(|r| r.try_get_by_index::<String>(0))
            .transpose()?
            .unwrap_or_default();
        if verdict != "ok" {
            return Ok(Err(format!("integrity check: {verdict}")));
        }
        let tables = backup
            .query_one_raw(Statement::from_string(
                DbBackend::Sqlite,
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' \
                 AND name IN ('seaql_migrations', 'plan', 'project', 'change_log')",
            ))
            .await?
            .map(|r| r.try_get_by_index::<i64>(0))
            .transpose()?
            .unwrap_or(0);
        if tables != 4 {
            return Ok(Err("it lacks the tables of this system".to_owned()));
        }
        let staging = target.with_extension("restoring");
        if staging.exists() {
            std::fs::remove_file(&staging).map_err(|e| DbErr::Custom(e.to_string()))?;
        }
        backup
            .execute_unprepared(&format!("VACUUM INTO {}", sql_text(&staging)))
            .await?;
        Ok::<_, DbErr>(Ok(staging))
    }
    .await;
    backup.close().await.ok();
    let staging = checked
        .map_err(|e| not_a_backup(e.to_string()))?
        .map_err(not_a_backup)?;
    // The old database's journal belongs to the old file: left beside the new one, SQLite would
    // replay it into the restored database.
    for suffix in ["-wal", "-shm"] {
        let journal = PathBuf::from(format!("{}{suffix}", target.display()));
        if journal.exists() {
            std::fs::remove_file(journal)?;
        }
    }
    std::fs::rename(&staging, &target)?;
    Ok(target)
}

/// A migrated database in a SQLite file of its own, seeded with the embedded plan when `seeded`,
/// for unit tests (an in-memory one would differ per pooled connection). `name` tells the files
/// of different tests apart.
#[cfg(test)]
pub(crate) async fn scratch(
    name: &str,
    seeded: bool,
) -> crate::ServiceResult<(DatabaseConnection, PathBuf)> {
    let nanos = chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default();
    let path = std::env::temp_dir().join(format!(
        "portfolio-{name}-{}-{nanos}.db",
        std::process::id()
    ));
    let db = connect(&format!("sqlite://{}?mode=rwc", path.display())).await?;
    migrate(&db).await?;
    if seeded {
        crate::seed::seed(&db, &crate::seed::SeedFiles::embedded())
            .await
            .map_err(|e| crate::ServiceError::internal(e.to_string()))?;
    }
    Ok((db, path))
}
