//! Access control: API tokens (stored only as hashes) and the projects assigned to them.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum ApiToken {
    Table,
    Id,
    Name,
    Role,
    TokenHash,
    TokenPrefix,
    CreatedBy,
    CreatedAt,
    LastUsedAt,
    RevokedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ProjectAssignment {
    Table,
    Id,
    TokenId,
    ProjectId,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Project {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ApiToken::Table)
                    .col(pk_auto(ApiToken::Id))
                    .col(string_len_uniq(ApiToken::Name, 128))
                    .col(string_len(ApiToken::Role, 16))
                    .col(string_len_uniq(ApiToken::TokenHash, 64))
                    .col(string_len(ApiToken::TokenPrefix, 16))
                    .col(text(ApiToken::CreatedBy))
                    .col(timestamp_with_time_zone(ApiToken::CreatedAt))
                    .col(timestamp_with_time_zone_null(ApiToken::LastUsedAt))
                    .col(timestamp_with_time_zone_null(ApiToken::RevokedAt))
                    .check(
                        Expr::col(ApiToken::Role).is_in(["VIEWER", "FINANCE", "MANAGER", "ADMIN"]),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ProjectAssignment::Table)
                    .col(pk_auto(ProjectAssignment::Id))
                    .col(integer(ProjectAssignment::TokenId))
                    .col(integer(ProjectAssignment::ProjectId))
                    .col(timestamp_with_time_zone(ProjectAssignment::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_assignment_token")
                            .from(ProjectAssignment::Table, ProjectAssignment::TokenId)
                            .to(ApiToken::Table, ApiToken::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_assignment_project")
                            .from(ProjectAssignment::Table, ProjectAssignment::ProjectId)
                            .to(Project::Table, Project::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_assignment_token_project")
                    .table(ProjectAssignment::Table)
                    .col(ProjectAssignment::TokenId)
                    .col(ProjectAssignment::ProjectId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ProjectAssignment::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(ApiToken::Table).to_owned())
            .await
    }
}
