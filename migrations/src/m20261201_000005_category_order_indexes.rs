//! The same orderings within one category: a page of one category's projects in document order or
//! by an amount becomes an index range scan on (category, sort key), instead of a walk along the
//! whole ordering that skips the other categories' projects.
//!
//! The expressions are exactly those of `m20261128_000011_amount_order_indexes` (and
//! `service::project_search`), led by the category.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (index name suffix, the ordering's key expressions).
fn orderings() -> Vec<(String, String)> {
    let mut out = vec![("sequence".to_owned(), String::new())];
    for (short, column) in [
        ("total", "total_investment_fen"),
        ("fyp", "fyp_investment_fen"),
    ] {
        for (direction, value) in [
            ("asc", format!("COALESCE({column}, 0)")),
            ("desc", format!("(-COALESCE({column}, 0))")),
        ] {
            out.push((
                format!("{short}_{direction}"),
                format!("(CASE WHEN {column} IS NULL THEN 1 ELSE 0 END), ({value}), "),
            ));
        }
    }
    out
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (name, keys) in orderings() {
            db.execute_unprepared(&format!(
                "CREATE INDEX ix_project_category_{name} ON project \
                 (category_id, {keys}list_ordinal, category_ordinal, seq, id)"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (name, _) in orderings() {
            db.execute_unprepared(&format!("DROP INDEX IF EXISTS ix_project_category_{name}"))
                .await?;
        }
        Ok(())
    }
}
