//! SeaORM entities of the portfolio tracker: one module per table.
//!
//! Amounts of money are stored as 64-bit integers of fen (1 万元 = 1,000,000 fen) so that SQL sums are
//! exact and identical on SQLite and PostgreSQL; the service crate converts them to decimals of 万元.
//! `None` is an unknown amount (待定), never zero.

pub mod annual_plan;
pub mod api_token;
pub mod bulletin;
pub mod bulletin_project;
pub mod category;
pub mod change_log;
pub mod indicator;
pub mod indicator_actual;
pub mod indicator_note;
pub mod investment_aggregate;
pub mod monthly_return;
pub mod phase;
pub mod plan;
pub mod platform;
pub mod problem;
pub mod progress_report;
pub mod project;
pub mod project_assignment;
pub mod project_list;
pub mod status;
pub mod warning_rule;
pub mod write_mark;

pub use status::{ProjectStatus, UnknownStatus};
