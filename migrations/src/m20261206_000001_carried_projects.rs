//! One physical project listed in several plans: a project row is one listing (its plan's list,
//! category, key, sequence number, in-window investment, declared figures and source), and a row
//! that continues a project of an earlier plan names that row (`carried_from_id`) and the first
//! row of the chain (`physical_id`), which holds the project's one status history, progress
//! reports, monthly returns, annual plans, problems and assignments.
//!
//! Both columns are null for a project listed once, so existing rows need no fill.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
/// Adds `project.carried_from_id` and `project.physical_id`.
pub struct Migration;

#[derive(DeriveIden)]
enum Project {
    Table,
    CarriedFromId,
    PhysicalId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        for column in [Project::CarriedFromId, Project::PhysicalId] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Project::Table)
                        .add_column(ColumnDef::new(column).integer().null())
                        .to_owned(),
                )
                .await?;
        }
        // A listing is carried on at most once: the chain of a physical project never forks.
        manager
            .create_index(
                Index::create()
                    .name("ux_project_carried_from")
                    .table(Project::Table)
                    .col(Project::CarriedFromId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_project_physical")
                    .table(Project::Table)
                    .col(Project::PhysicalId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_project_physical")
                    .table(Project::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("ux_project_carried_from")
                    .table(Project::Table)
                    .to_owned(),
            )
            .await?;
        for column in [Project::PhysicalId, Project::CarriedFromId] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Project::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
