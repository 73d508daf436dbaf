//! Domain rules of the portfolio tracker: validation, queries, aggregation and seeding.
//!
//! Every query and transaction lives here; functions take `&impl ConnectionTrait` so they run on a
//! pool or inside a transaction alike. Nothing here knows about GraphQL or HTTP.

pub mod access;
pub mod audit;
pub mod catalog;
pub mod db;
pub mod error;
pub mod finance;
pub mod money;
pub mod progress;
pub mod project;
pub mod query;
pub mod seed;
pub mod spreadsheet;
pub mod synthetic;
pub mod window;
pub mod write;

pub use entity::ProjectStatus;
pub use error::{ServiceError, ServiceResult};
