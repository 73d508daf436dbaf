//! Database migrations of the portfolio tracker. Every migration runs on SQLite and PostgreSQL.
//!
//! Amounts are `BIGINT` fen (1 万元 = 1,000,000 fen), never `REAL`, so sums stay exact on both backends.

pub use sea_orm_migration::prelude::*;

mod m20261128_000001_create_portfolio;
mod m20261128_000002_investment_aggregate;
mod m20261128_000010_create_access;
mod m20261128_000011_amount_order_indexes;
mod m20261201_000001_create_indicators;
mod m20261201_000005_category_order_indexes;
mod m20261202_000001_create_reporting;
mod m20261202_000002_create_bulletins;
mod m20261203_000001_write_mark;
pub mod m20261204_000001_return_year;
mod m20261205_000001_month_fact;
mod m20261206_000001_carried_projects;

/// The ordered list of migrations.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261128_000001_create_portfolio::Migration),
            Box::new(m20261128_000002_investment_aggregate::Migration),
            Box::new(m20261128_000010_create_access::Migration),
            Box::new(m20261128_000011_amount_order_indexes::Migration),
            Box::new(m20261201_000001_create_indicators::Migration),
            Box::new(m20261201_000005_category_order_indexes::Migration),
            Box::new(m20261202_000001_create_reporting::Migration),
            Box::new(m20261202_000002_create_bulletins::Migration),
            Box::new(m20261203_000001_write_mark::Migration),
            Box::new(m20261204_000001_return_year::Migration),
            Box::new(m20261205_000001_month_fact::Migration),
            Box::new(m20261206_000001_carried_projects::Migration),
        ]
    }
}
