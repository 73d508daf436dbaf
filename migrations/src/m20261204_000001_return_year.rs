//! Each project's monthly returns folded into one row per year (`return_year`), so the month's
//! roll-up reads one row per project instead of every revision of the months it looks at.
//!
//! A row holds, for each month of its year, the effective return's cumulative completed
//! investment (the newest revision not sent back; null when unknown or when there is none) and
//! when the month's return was first filed (null when nothing was filed), and from the year
//! before, December's effective cumulative figure and the newest month with a return. The
//! rows are derived: `service::reporting::return_year` rewrites a project's rows in every
//! transaction that writes its returns, and fills the table when this migration is applied.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
/// Creates `return_year`.
pub struct Migration;

/// This migration's name: applying it is when the service fills the table.
pub const NAME: &str = "m20261204_000001_return_year";

#[derive(DeriveIden)]
enum ReturnYear {
    Table,
    ProjectId,
    Year,
    CumBefore,
    FiledBefore,
}

#[derive(DeriveIden)]
enum Project {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut table = Table::create();
        table
            .table(ReturnYear::Table)
            .col(ColumnDef::new(ReturnYear::ProjectId).integer().not_null())
            .col(ColumnDef::new(ReturnYear::Year).integer().not_null())
            .col(ColumnDef::new(ReturnYear::CumBefore).big_integer().null())
            .col(ColumnDef::new(ReturnYear::FiledBefore).integer().null());
        for month in 1..=12 {
            table.col(
                ColumnDef::new(Alias::new(format!("cum_{month:02}")))
                    .big_integer()
                    .null(),
            );
        }
        for month in 1..=12 {
            table.col(
                ColumnDef::new(Alias::new(format!("filed_{month:02}")))
                    .timestamp_with_time_zone()
                    .null(),
            );
        }
        table
            .primary_key(
                Index::create()
                    .col(ReturnYear::ProjectId)
                    .col(ReturnYear::Year),
            )
            .foreign_key(
                ForeignKey::create()
                    .name("fk_return_year_project")
                    .from(ReturnYear::Table, ReturnYear::ProjectId)
                    .to(Project::Table, Project::Id)
                    .on_delete(ForeignKeyAction::Cascade),
            );
        manager.create_table(table.to_owned()).await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_return_year_year")
                    .table(ReturnYear::Table)
                    .col(ReturnYear::Year)
                    .col(ReturnYear::ProjectId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ReturnYear::Table).to_owned())
            .await
    }
}
