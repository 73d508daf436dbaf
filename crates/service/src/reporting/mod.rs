//! The monthly reporting cycle (月报制度) the major-projects office runs on its list:
//!
//! - [`period`]: months (`YYYY-MM`) on the office's clock, their ends and deadlines;
//! - [`annual_plan`]: each project's plan for a year (年度计划投资) and its time-elapsed schedule;
//! - [`monthly_return`]: returns filed by managers, reviewed by the office, with the amounts
//!   derived from consecutive cumulative figures;
//! - [`rules`]: the warning thresholds and due day, as data, per list;
//! - [`schedule`]: the lights (序时进度预警) those rules give each monitored project;
//! - [`due`]: which returns of a month are filed, late or missing;
//! - [`problem`]: the problem register (问题清单), closed off one by one (销号);
//! - [`summary`]: the month's roll-up by list, category, place, unit, status or light, and the
//!   rankings made from it;
//! - [`rollup`]: the same roll-up computed by the database, one statement for the whole set;
//! - [`return_year`]: each project's returns folded into a row per year, kept on write, which
//!   that statement reads;
//! - [`month_fact`]: that statement's rows kept per period and brought up to date from the
//!   change log, which the live roll-ups add up;
//! - [`bulletin`]: publishing a month, and its bulletin as published or live;
//! - [`sheet`]: the bulletin as the office's spreadsheet (XLSX and CSV);
//! - [`chart`]: the year's S-curve as SVG.
//!
//! Completed investment has one ledger, the progress reports: filing a return with a known
//! cumulative figure appends a progress report carrying it, in the same transaction, so
//! `latestProgressReport`, the finance totals and the returns never disagree.

pub mod annual_plan;
pub mod bulletin;
pub mod chart;
pub mod due;
pub mod month_fact;
pub mod monthly_return;
pub mod period;
pub mod problem;
pub mod return_year;
pub(crate) mod rollup;
pub mod rules;
pub mod schedule;
pub mod sheet;
pub mod summary;
