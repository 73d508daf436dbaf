//! Published monthly bulletins (通报): the month's figures of every monitored project as they
//! stood when the office published them, and the month before's figures it was compared with,
//! kept unchanged for ever.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Bulletin {
    Table,
    Id,
    Period,
    Note,
    PublishedBy,
    PublishedAt,
    ComparedWithPublished,
}

#[derive(DeriveIden, Clone, Copy)]
enum BulletinProject {
    Table,
    Id,
    BulletinId,
    OfPrevious,
    ProjectId,
    ProjectKey,
    ProjectName,
    ListCode,
    CategoryCode,
    Location,
    ResponsibleUnit,
    Status,
    PlannedFen,
    CumulativeFen,
    ThisMonthFen,
    ThisYearFen,
    ExpectedFen,
    GapCentipoints,
    ImageProgress,
    Level,
    Rule,
    Reason,
    DueStatus,
    PlannedToStart,
    Started,
    ProblemsOpen,
    ProblemsOverdue,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Bulletin::Table)
                    .col(pk_auto(Bulletin::Id))
                    .col(string_len_uniq(Bulletin::Period, 7))
                    .col(text_null(Bulletin::Note))
                    .col(text(Bulletin::PublishedBy))
                    .col(timestamp_with_time_zone(Bulletin::PublishedAt))
                    .col(boolean(Bulletin::ComparedWithPublished))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(BulletinProject::Table)
                    .col(pk_auto(BulletinProject::Id))
                    .col(integer(BulletinProject::BulletinId))
                    .col(boolean(BulletinProject::OfPrevious))
                    .col(integer(BulletinProject::ProjectId))
                    .col(text(BulletinProject::ProjectKey))
                    .col(text(BulletinProject::ProjectName))
                    .col(text_null(BulletinProject::ListCode))
                    .col(text_null(BulletinProject::CategoryCode))
                    .col(text_null(BulletinProject::Location))
                    .col(text_null(BulletinProject::ResponsibleUnit))
                    .col(string_len(BulletinProject::Status, 24))
                    .col(big_integer_null(BulletinProject::PlannedFen))
                    .col(big_integer_null(BulletinProject::CumulativeFen))
                    .col(big_integer_null(BulletinProject::ThisMonthFen))
                    .col(big_integer_null(BulletinProject::ThisYearFen))
                    .col(big_integer_null(BulletinProject::ExpectedFen))
                    .col(big_integer_null(BulletinProject::GapCentipoints))
                    .col(text_null(BulletinProject::ImageProgress))
                    .col(string_len(BulletinProject::Level, 16))
                    .col(string_len_null(BulletinProject::Rule, 24))
                    .col(text(BulletinProject::Reason))
                    .col(string_len(BulletinProject::DueStatus, 16))
                    .col(boolean(BulletinProject::PlannedToStart))
                    .col(boolean(BulletinProject::Started))
                    .col(integer(BulletinProject::ProblemsOpen))
                    .col(integer(BulletinProject::ProblemsOverdue))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_bulletin_project_bulletin")
                            .from(BulletinProject::Table, BulletinProject::BulletinId)
                            .to(Bulletin::Table, Bulletin::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_bulletin_project")
                    .table(BulletinProject::Table)
                    .col(BulletinProject::BulletinId)
                    .col(BulletinProject::OfPrevious)
                    .col(BulletinProject::ProjectId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(BulletinProject::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Bulletin::Table).to_owned())
            .await
    }
}
