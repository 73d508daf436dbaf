//! The committed-write mark: one row of two counters that every write transaction raises before
//! it commits.
//!
//! Raising it takes the row's lock, which is held until the transaction ends, so two writers
//! raise it in the order they commit: a reader that sees the mark at `n` sees every write that
//! raised it to `n` or below. Caches key what they keep by it (`service::mark`).
//!
//! The same raise stamps the transaction's change-log entries with the new value
//! (`change_log.commit_seq`): entries ordered by (commit_seq, id) are in commit order, which ids
//! alone are not when writers run side by side (an id is taken at insert, not at commit). Entries
//! written before this migration keep their ids as their sequence, and the mark starts above them.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ChangeLog {
    Table,
    CommitSeq,
}

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
            .alter_table(
                Table::alter()
                    .table(ChangeLog::Table)
                    .add_column(ColumnDef::new(ChangeLog::CommitSeq).big_integer().null())
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared("UPDATE change_log SET commit_seq = id")
            .await?;
        // Replays walk (commit_seq, id); the stamp finds its transaction's entries by the
        // partial index of those not stamped yet.
        db.execute_unprepared("CREATE INDEX ix_change_log_commit ON change_log (commit_seq, id)")
            .await?;
        db.execute_unprepared(
            "CREATE INDEX ix_change_log_unstamped ON change_log (id) WHERE commit_seq IS NULL",
        )
        .await?;
        db.execute_unprepared(
            "INSERT INTO write_mark (id, writes, tokens) \
             SELECT 1, COALESCE(MAX(id), 0), 0 FROM change_log",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX IF EXISTS ix_change_log_unstamped")
            .await?;
        db.execute_unprepared("DROP INDEX IF EXISTS ix_change_log_commit")
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ChangeLog::Table)
                    .drop_column(ChangeLog::CommitSeq)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(WriteMark::Table).to_owned())
            .await
    }
}
