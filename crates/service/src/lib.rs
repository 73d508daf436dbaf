//! Domain rules of the portfolio tracker: validation, queries, aggregation and seeding.
//!
//! Every query and transaction lives here; functions take `&impl ConnectionTrait` so they run on a
//! pool or inside a transaction alike. Nothing here knows about GraphQL or HTTP.
//!
//! Where a rule lives:
//! - [`figures`]: periods and amounts of projects and phases (years, 14th-FYP ≤ total, six decimals);
//! - [`money`]: exact amounts in fen and exact SQL sums;
//! - [`lifecycle`]: which status may follow which;
//! - [`project`], [`phase`], [`progress`]: each aggregate's reads and writes;
//! - [`write`]: what every write shares (transaction, version check, saving with its log);
//! - [`audit`]: the change log's format, appending to it, the feed and `asOf` rebuilds;
//! - [`project_search`]: the project filter, orderings and keyset pages;
//! - [`paging`]: page sizes and what a page costs;
//! - [`record_page`]: per-project pages of reports and history in one statement;
//! - [`finance`]: summaries, the plan window, reconciliation, data quality, maintained sums;
//! - [`indicator`]: the plan's target tables, yearly actuals, derived growth and grades;
//! - [`plan`]: plans and their windows;
//! - [`access`]: tokens, roles and who may do what, and the cache of callers;
//! - [`mark`]: the committed-write mark every write raises and every cache keys by;
//! - [`token_cache`]: callers kept between requests until a write to tokens;
//! - [`catalog_cache`]: every list and category kept between requests until the next write;
//! - [`list_import`]: reading a plan's project list from a spreadsheet an office sends;
//! - [`catalog`], [`seed`], [`synthetic`], [`db`]: lists and categories, loading data, connecting.

pub mod access;
pub mod appendix;
pub mod audit;
pub mod batch;
pub mod catalog;
pub mod catalog_cache;
pub mod db;
pub mod error;
pub mod figures;
pub mod finance;
pub mod indicator;
pub mod lifecycle;
pub mod list_import;
pub mod mark;
pub mod money;
pub mod paging;
pub mod phase;
pub mod plan;
pub mod progress;
pub mod project;
pub mod project_search;
pub mod record_page;
pub mod reporting;
pub mod seed;
pub mod spreadsheet;
pub mod synthetic;
pub mod token_cache;
pub mod write;

pub use entity::ProjectStatus;
pub use error::{ServiceError, ServiceResult};
