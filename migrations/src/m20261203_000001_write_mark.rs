//! The committed-write mark: one row of two counters that every write transaction raises before
//! it commits.
//!
//! Raising it takes the row's lock, which is held until the transaction ends, so two writers
//! raise it in the order they commit: a reader that sees the mark at `n` sees every write that
//! raised it to `n` or below. Caches key what they keep by it (`service::mark`).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum WriteMark {
    Table,
    Id,
    Writes,
    Tokens,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(WriteMark::Table)
                    .col(
                        ColumnDef::new(WriteMark::Id)
                            .integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(WriteMark::Writes)
                            .big_integer()
                            .not_null()
                            .default(0),
                    )
                    .col(
                        ColumnDef::new(WriteMark::Tokens)
                            .big_integer()
                            .not_null()
                            .default(0),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(WriteMark::Table)
                    .columns([WriteMark::Id, WriteMark::Writes, WriteMark::Tokens])
                    .values_panic([1.into(), 0.into(), 0.into()])
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(WriteMark::Table).to_owned())
            .await
    }
}
