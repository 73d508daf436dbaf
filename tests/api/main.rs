//! End-to-end tests: the real application on a free port, over HTTP, on SQLite and (when
//! `TEST_DATABASE_URL` is set) PostgreSQL, each test on its own fresh database.

mod helpers;

mod access;
mod backup;
mod caching;
mod exactness;
mod examples;
mod finance;
mod foundation;
mod http;
mod indicators;
mod live;
mod live_bounds;
mod metrics;
mod plans;
mod read_api;
mod replicas;
mod reporting;
mod response_order;
mod schema_file;
mod web;
mod writes;
