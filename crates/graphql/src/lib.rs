//! The GraphQL schema of the portfolio tracker.
//!
//! Resolvers are thin: they call the service crate and shape its values. Relations go through
//! per-request DataLoaders so that a page of projects costs a constant number of statements.

pub mod access;
pub mod auth;
pub mod close_out;
pub mod connection;
pub mod documents;
pub mod error;
pub mod finance;
pub mod ids;
pub mod indicator;
pub mod inputs;
pub mod loaders;
pub mod manage;
pub mod order;
pub mod payload;
pub mod plan;
pub mod problem;
pub mod query;
pub mod reporting;
pub mod scalars;
pub mod schema;
pub mod subscription;
pub mod tail;
pub mod types;

pub use auth::Auth;
pub use schema::{Limits, PortfolioSchema, build_schema, execute, sdl, stream_loaders};
