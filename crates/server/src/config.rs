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
    },
    /// Print the GraphQL schema (SDL) to standard output.
    Schema,
}

/// Settings of `serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "PORTFOLIO_LISTEN", default_value = "127.0.0.1:8000")]
    pub listen: SocketAddr,
}

impl Default for ServeArgs {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8000)),
        }
    }
}
