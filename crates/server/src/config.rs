//! Command-line and environment configuration.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Major-project portfolio tracker: the plan's project lists behind a GraphQL API.
#[derive(Debug, Parser)]
#[command(name = "portfolio", version, about)]
pub struct Cli {
    /// Settings shared by every command.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// What to do; `serve` when omitted.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Settings shared by every command.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Database to use: `sqlite://FILE?mode=rwc` or `postgres://USER@HOST/DB`. Without it, a SQLite
    /// file `portfolio.db` in the working directory, created on first use.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// Log format.
    #[arg(long, env = "PORTFOLIO_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,
}

impl GlobalArgs {
    /// The database URL in force.
    pub fn database_url(&self) -> &str {
        self.database_url
            .as_deref()
            .unwrap_or(service::db::DEFAULT_DATABASE_URL)
    }
}

/// How logs are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API (migrating, and seeding an empty database, first).
    Serve(ServeArgs),
    /// Apply pending migrations (or roll all back with `--down`).
    Migrate {
        /// Roll every migration back instead (drops all data).
        #[arg(long)]
        down: bool,
        /// Recompute the maintained investment aggregates from the project rows, and the returns
        /// folded per year from the returns (after rows were written around the server, e.g. by
        /// hand in SQL).
        #[arg(long, conflicts_with = "down")]
        rebuild_aggregates: bool,
    },
    /// Load the plan's lists; rows already present are left as they are.
    Seed {
        /// Load the seed files of this directory instead of those built in.
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Only check the files; touch no database.
        #[arg(long, conflicts_with = "synthetic")]
        check: bool,
        /// Also add this many generated projects in a list of their own, `SYNTHETIC`, for
        /// benchmarks and demonstrations.
        #[arg(long, value_name = "N")]
        synthetic: Option<u64>,
        /// Seed of the generator: the same seed on the same database gives the same projects.
        #[arg(
            long = "seed",
            value_name = "S",
            default_value_t = 1,
            requires = "synthetic"
        )]
        random_seed: u64,
        /// Also give each synthetic project its reporting cycle: an annual plan for 2026 and
        /// monthly returns for 2025-12 to 2026-11 (mostly approved, a few missing, late or sent
        /// back), with the progress reports and change-log entries filing them would write.
        /// About 12 returns a project; for benchmarks of warnings and returns due.
        #[arg(long, requires = "synthetic")]
        synthetic_returns: bool,
    },
    /// Print the GraphQL schema (SDL) to standard output.
    Schema,
    /// Copy the SQLite database into a new file while the server runs (PostgreSQL: use pg_dump).
    Backup {
        /// The file to write; it must not exist.
        file: PathBuf,
    },
    /// Replace the SQLite database with a backup (stop the server first).
    Restore {
        /// The backup to restore.
        file: PathBuf,
    },
    /// Write a spreadsheet export (CSV, as `GET /export/…` answers it) without a server.
    Export {
        /// Which export.
        #[arg(value_enum)]
        what: ExportKind,
        /// A query parameter of the export, e.g. `list=DONGTOU` or `groupBy=CATEGORY` (repeat for
        /// several).
        #[arg(long = "param", short = 'p', value_name = "NAME=VALUE")]
        params: Vec<String>,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Import a plan's project list from a spreadsheet (`.xlsx` or `.csv` in the appendix
    /// layout) and print the report: rows new, changed, unchanged and not in the file, and every
    /// problem. All or nothing, in one transaction; the same file twice changes nothing.
    Import {
        /// The spreadsheet.
        file: PathBuf,
        /// The plan the list belongs to (create it first with `plan create`).
        #[arg(long)]
        plan: String,
        /// The list's code: updated when it exists, created otherwise.
        #[arg(long)]
        list: String,
        /// Report only; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// The sheet to read, when the workbook has several.
        #[arg(long)]
        sheet: Option<String>,
        /// A code for a heading by its ordinal, e.g. `6=MARINE` (repeat for several).
        #[arg(long = "category", value_name = "N=CODE")]
        categories: Vec<String>,
    },
    /// Create and list plans.
    Plan {
        /// What to do with plans.
        #[command(subcommand)]
        command: PlanCommand,
    },
    /// Create, list and revoke API tokens.
    Token {
        /// What to do with tokens.
        #[command(subcommand)]
        command: TokenCommand,
    },
}

/// The spreadsheet exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportKind {
    /// One row per project (`/export/projects.csv`).
    Projects,
    /// The investment summary (`/export/summary.csv`).
    Summary,
    /// The indicator evaluation (`/export/indicator-evaluation.csv`).
    Indicators,
}

/// Plan commands.
#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Create a plan (its lists come with `import`).
    Create {
        /// Stable code, e.g. `DONGTOU-15FYP`.
        #[arg(long)]
        code: String,
        /// Title as published (Chinese).
        #[arg(long)]
        title: String,
        /// English title (the code when omitted).
        #[arg(long)]
        title_en: Option<String>,
        /// Issuing body.
        #[arg(long)]
        issuer: Option<String>,
        /// Date of issue, YYYY-MM-DD.
        #[arg(long)]
        issued_on: Option<chrono::NaiveDate>,
        /// The window's first and last years, e.g. `2026-2030`.
        #[arg(long)]
        window: String,
    },
    /// List the plans, oldest window first.
    List,
}

/// Token commands.
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token and print its secret (once; only its hash is stored).
    Create {
        /// Unique name, recorded as the actor of the token's changes.
        #[arg(long)]
        name: String,
        /// viewer, finance, manager or admin.
        #[arg(long, value_parser = ["viewer", "finance", "manager", "coordinator", "admin"], ignore_case = true)]
        role: String,
        /// A project a manager's token may write (repeat for several).
        #[arg(long = "project", value_name = "KEY")]
        projects: Vec<String>,
    },
    /// List tokens (never their secrets).
    List,
    /// Revoke a token by name.
    Revoke {
        /// The token's name.
        name: String,
    },
}

/// Settings of `serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "PORTFOLIO_LISTEN", default_value = "127.0.0.1:8000")]
    pub listen: SocketAddr,
    /// Let callers without a token read (never write): for open-data deployments.
    #[arg(long, env = "PORTFOLIO_PUBLIC_READ")]
    pub public_read: bool,
    /// Do not answer introspection queries.
    #[arg(long, env = "PORTFOLIO_NO_INTROSPECTION")]
    pub no_introspection: bool,
    /// Deepest query accepted (introspection needs 15).
    #[arg(long, env = "PORTFOLIO_MAX_DEPTH", default_value_t = 20, value_parser = clap::value_parser!(u16).range(15..))]
    pub max_depth: u16,
    /// Largest query cost accepted (a field costs 1; a connection multiplies by its page size).
    #[arg(long, env = "PORTFOLIO_MAX_COMPLEXITY", default_value_t = 20_000)]
    pub max_complexity: usize,
    /// Most aliases one query may use.
    #[arg(long, env = "PORTFOLIO_MAX_ALIASES", default_value_t = 100)]
    pub max_aliases: usize,
    /// Most operations one batched request may hold.
    #[arg(long, env = "PORTFOLIO_MAX_BATCH", default_value_t = 10)]
    pub max_batch: usize,
    /// Largest request body, in bytes.
    #[arg(long, env = "PORTFOLIO_MAX_BODY_BYTES", default_value_t = 1024 * 1024)]
    pub max_body_bytes: usize,
    /// Largest multipart request (a spreadsheet uploaded to `importProjectList`), in bytes.
    #[arg(long, env = "PORTFOLIO_MAX_UPLOAD_BYTES", default_value_t = 20 * 1024 * 1024)]
    pub max_upload_bytes: usize,
    /// Longest a request may take, in seconds.
    #[arg(long, env = "PORTFOLIO_REQUEST_TIMEOUT_SECS", default_value_t = 30)]
    pub request_timeout_secs: u64,
    /// Browser origins allowed to call the API (CORS), comma-separated; none by default.
    #[arg(long, env = "PORTFOLIO_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Vec<String>,
    /// Distinct query documents kept parsed (0: parse every request's document).
    #[arg(long, env = "PORTFOLIO_DOCUMENT_CACHE", default_value_t = 512)]
    pub document_cache: usize,
    /// Callers kept between requests until a write to tokens (0: look every token up).
    #[arg(long, env = "PORTFOLIO_TOKEN_CACHE", default_value_t = 1024)]
    pub token_cache: usize,
    /// Bytes of read answers kept until the next committed write.
    #[arg(long, env = "PORTFOLIO_RESPONSE_CACHE_BYTES", default_value_t = 64 * 1024 * 1024)]
    pub response_cache_bytes: usize,
    /// Keep no read answers (the same as `--response-cache-bytes 0`).
    #[arg(long, env = "PORTFOLIO_NO_RESPONSE_CACHE")]
    pub no_response_cache: bool,
    /// Subscription WebSocket connections one instance holds at once.
    #[arg(
        long,
        env = "PORTFOLIO_MAX_SUBSCRIPTION_CONNECTIONS",
        default_value_t = 10_000
    )]
    pub max_subscription_connections: usize,
    /// Subscriptions one WebSocket connection holds at once.
    #[arg(
        long,
        env = "PORTFOLIO_MAX_SUBSCRIPTIONS_PER_CONNECTION",
        default_value_t = 100
    )]
    pub max_subscriptions_per_connection: usize,
    /// Seconds a subscription WebSocket may stay open without any subscription (or without
    /// finishing `connection_init`) before it is closed.
    #[arg(
        long,
        env = "PORTFOLIO_SUBSCRIPTION_IDLE_TIMEOUT_SECS",
        default_value_t = 300
    )]
    pub subscription_idle_timeout_secs: u64,
    /// Seconds a subscriber may leave an event unread (its socket full) before its connection
    /// is closed with the cursor to resume after.
    #[arg(
        long,
        env = "PORTFOLIO_SLOW_CONSUMER_TIMEOUT_SECS",
        default_value_t = 30
    )]
    pub slow_consumer_timeout_secs: u64,
    /// Read replicas of a PostgreSQL primary, comma-separated: queries and exports go to them in
    /// turn, writes to the primary; a caller who has just written reads the primary until the
    /// replica has replayed the write.
    #[arg(long, env = "DATABASE_READ_URL", value_delimiter = ',')]
    pub database_read_url: Vec<String>,
}

/// `serve`'s settings alone, to read them (from the environment and defaults) when the command
/// line names no command.
#[derive(Debug, Parser)]
struct ServeOnly {
    #[command(flatten)]
    args: ServeArgs,
}

impl Default for ServeArgs {
    fn default() -> Self {
        ServeOnly::parse_from(["portfolio"]).args
    }
}

impl ServeArgs {
    /// The server configuration these settings describe.
    pub fn server_config(&self) -> crate::app::ServerConfig {
        crate::app::ServerConfig {
            public_read: self.public_read,
            limits: graphql::Limits {
                max_depth: usize::from(self.max_depth),
                max_complexity: self.max_complexity,
                introspection: !self.no_introspection,
            },
            max_aliases: self.max_aliases,
            max_batch: self.max_batch,
            max_body_bytes: self.max_body_bytes,
            max_upload_bytes: self.max_upload_bytes,
            request_timeout: std::time::Duration::from_secs(self.request_timeout_secs),
            cors_origins: self.cors_origins.clone(),
            document_cache: self.document_cache,
            token_cache: self.token_cache,
            response_cache_bytes: if self.no_response_cache {
                0
            } else {
                self.response_cache_bytes
            },
            max_subscription_connections: self.max_subscription_connections,
            max_subscriptions_per_connection: self.max_subscriptions_per_connection,
            subscription_idle_timeout: std::time::Duration::from_secs(
                self.subscription_idle_timeout_secs,
            ),
            slow_consumer_timeout: std::time::Duration::from_secs(self.slow_consumer_timeout_secs),
        }
    }
}
