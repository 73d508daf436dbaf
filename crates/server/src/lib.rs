//! The portfolio server: configuration, logging, the HTTP application and the command line.

pub mod app;
pub mod auth;
pub mod cli;
pub mod config;
pub mod export;
pub mod export_bulletin;
pub mod export_indicators;
pub mod fan_out;
pub mod graphql_http;
pub mod live;
pub mod metrics;
pub mod replicas;
pub mod response_cache;
pub mod telemetry;
pub mod web;

pub use app::{AppState, app};
