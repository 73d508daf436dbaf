//! Exact per-category, per-status sums of the projects, kept in step with every write to `project`
//! so that the portfolio-wide breakdowns by list and category need no scan of the projects.
//!
//! Sums are held in two parts, whole 万元 and leftover fen, like every sum in SQL here, so that
//! adding to them never overflows a 64-bit integer. Existing projects are summed into the table
//! when it is created.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum InvestmentAggregate {
    Table,
    CategoryId,
    Status,
    ListId,
    ProjectCount,
    TotalWhole,
    TotalRest,
    TotalUnknown,
    FypWhole,
    FypRest,
    FypUnknown,
    BothCount,
    BothTotalWhole,
    BothTotalRest,
    BothFypWhole,
    BothFypRest,
}

#[derive(DeriveIden)]
enum Category {
    Table,
    Id,
}

const BACKFILL: &str = "INSERT INTO investment_aggregate (category_id, status, list_id, \
    project_count, total_whole, total_rest, total_unknown, fyp_whole, fyp_rest, fyp_unknown, \
    both_count, both_total_whole, both_total_rest, both_fyp_whole, both_fyp_rest) \
    SELECT category_id, status, MIN(list_id), \
      CAST(COUNT(*) AS BIGINT), \
      CAST(COALESCE(SUM(total_investment_fen / 1000000), 0) AS BIGINT), \
      CAST(COALESCE(SUM(total_investment_fen % 1000000), 0) AS BIGINT), \
      CAST(COUNT(*) - COUNT(total_investment_fen) AS BIGINT), \
      CAST(COALESCE(SUM(fyp_investment_fen / 1000000), 0) AS BIGINT), \
      CAST(COALESCE(SUM(fyp_investment_fen % 1000000), 0) AS BIGINT), \
      CAST(COUNT(*) - COUNT(fyp_investment_fen) AS BIGINT), \
      CAST(SUM(CASE WHEN total_investment_fen IS NOT NULL AND fyp_investment_fen IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT), \
      CAST(COALESCE(SUM(CASE WHEN fyp_investment_fen IS NOT NULL THEN total_investment_fen / 1000000 END), 0) AS BIGINT), \
      CAST(COALESCE(SUM(CASE WHEN fyp_investment_fen IS NOT NULL THEN total_investment_fen % 1000000 END), 0) AS BIGINT), \
      CAST(COALESCE(SUM(CASE WHEN total_investment_fen IS NOT NULL THEN fyp_investment_fen / 1000000 END), 0) AS BIGINT), \
      CAST(COALESCE(SUM(CASE WHEN total_investment_fen IS NOT NULL THEN fyp_investment_fen % 1000000 END), 0) AS BIGINT) \
    FROM project WHERE archived_at IS NULL GROUP BY category_id, status";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use InvestmentAggregate as A;
        let mut table = Table::create();
        table
            .table(A::Table)
            .col(integer(A::CategoryId))
            .col(string_len(A::Status, 24))
            .col(integer(A::ListId));
        for column in [
            A::ProjectCount,
            A::TotalWhole,
            A::TotalRest,
            A::TotalUnknown,
            A::FypWhole,
            A::FypRest,
            A::FypUnknown,
            A::BothCount,
            A::BothTotalWhole,
            A::BothTotalRest,
            A::BothFypWhole,
            A::BothFypRest,
        ] {
            table.col(big_integer(column).default(0));
        }
        table
            .primary_key(Index::create().col(A::CategoryId).col(A::Status))
            .foreign_key(
                ForeignKey::create()
                    .name("fk_investment_aggregate_category")
                    .from(A::Table, A::CategoryId)
                    .to(Category::Table, Category::Id),
            );
        manager.create_table(table.to_owned()).await?;
        manager
            .get_connection()
            .execute_unprepared(BACKFILL)
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(InvestmentAggregate::Table).to_owned())
            .await
    }
}
