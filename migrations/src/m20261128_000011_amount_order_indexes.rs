//! Indexes that serve orderings by an amount, largest or smallest first, with unknown amounts
//! last: the keyset pages of such an ordering become index range scans.
//!
//! The expressions are exactly those the project query orders by (see `service::project_search`): both
//! planners use an expression index only for the same expression.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const COLUMNS: [(&str, &str); 2] = [
    ("total", "total_investment_fen"),
    ("fyp", "fyp_investment_fen"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (short, column) in COLUMNS {
            for (direction, value) in [
                ("asc", format!("COALESCE({column}, 0)")),
                ("desc", format!("(-COALESCE({column}, 0))")),
            ] {
                db.execute_unprepared(&format!(
                    "CREATE INDEX ix_project_{short}_{direction} ON project \
                     ((CASE WHEN {column} IS NULL THEN 1 ELSE 0 END), ({value}), \
                     list_ordinal, category_ordinal, seq, id)"
                ))
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (short, _) in COLUMNS {
            for direction in ["asc", "desc"] {
                db.execute_unprepared(&format!(
                    "DROP INDEX IF EXISTS ix_project_{short}_{direction}"
                ))
                .await?;
            }
        }
        Ok(())
    }
}
