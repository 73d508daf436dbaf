//! The data model: plan, project lists, categories, projects, phases, progress reports, change log.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Plan {
    Table,
    Id,
    Code,
    Title,
    TitleEn,
    WindowStart,
    WindowEnd,
    IssuedOn,
    Issuer,
    Source,
}

#[derive(DeriveIden, Clone, Copy)]
enum ProjectList {
    Table,
    Id,
    PlanId,
    Code,
    Ordinal,
    Appendix,
    Title,
    TitleEn,
    Unit,
    DeclaredTotalInvestmentFen,
    DeclaredFypInvestmentFen,
    Note,
    Source,
}

#[derive(DeriveIden, Clone, Copy)]
enum Category {
    Table,
    Id,
    ListId,
    Code,
    Ordinal,
    Heading,
    Name,
    NameEn,
    DeclaredProjectCount,
    DeclaredTotalInvestmentFen,
    DeclaredFypInvestmentFen,
    Confirmed,
    Source,
}

#[derive(DeriveIden, Clone, Copy)]
enum Project {
    Table,
    Id,
    Key,
    CategoryId,
    ListId,
    ListOrdinal,
    CategoryOrdinal,
    Seq,
    Name,
    Scope,
    StartYear,
    EndYear,
    TotalInvestmentFen,
    FypInvestmentFen,
    Status,
    Location,
    LandAreaMicroMu,
    ResponsibleUnit,
    Source,
    ArchivedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Phase {
    Table,
    Id,
    ProjectId,
    Ordinal,
    Name,
    Scope,
    StartYear,
    EndYear,
    TotalInvestmentFen,
    FypInvestmentFen,
    Source,
}

#[derive(DeriveIden, Clone, Copy)]
enum ProgressReport {
    Table,
    Id,
    ProjectId,
    ReportedOn,
    ReportedBy,
    Status,
    PercentCompleteBp,
    CompletedInvestmentFen,
    Note,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ChangeLog {
    Table,
    Id,
    At,
    Actor,
    EntityType,
    EntityId,
    ProjectId,
    Field,
    OldValue,
    NewValue,
    Version,
    RequestId,
}

#[derive(DeriveIden, Clone, Copy)]
enum Common {
    Version,
    CreatedAt,
    UpdatedAt,
}

/// Adds the columns every mutable row carries: an optimistic-concurrency version and timestamps.
fn mutable(table: &mut TableCreateStatement) -> &mut TableCreateStatement {
    table
        .col(integer(Common::Version).default(1))
        .col(timestamp_with_time_zone(Common::CreatedAt))
        .col(timestamp_with_time_zone(Common::UpdatedAt))
}

/// `col IS NULL OR col >= 0`: amounts are never negative; unknown stays NULL.
fn non_negative<T: IntoIden + Copy + 'static>(col: T) -> Expr {
    Expr::col(col).is_null().or(Expr::col(col).gte(0))
}

/// Both years known implies start <= end.
fn ordered_years<T: IntoIden + Copy + 'static>(start: T, end: T) -> Expr {
    Expr::col(start)
        .is_null()
        .or(Expr::col(end).is_null())
        .or(Expr::col(start).lte(Expr::col(end)))
}

/// Both amounts known implies the in-window part does not exceed the total.
fn fyp_within_total<T: IntoIden + Copy + 'static>(total: T, fyp: T) -> Expr {
    Expr::col(total)
        .is_null()
        .or(Expr::col(fyp).is_null())
        .or(Expr::col(fyp).lte(Expr::col(total)))
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                mutable(
                    Table::create()
                        .table(Plan::Table)
                        .col(pk_auto(Plan::Id))
                        .col(string_len_uniq(Plan::Code, 64))
                        .col(text(Plan::Title))
                        .col(text(Plan::TitleEn))
                        .col(integer(Plan::WindowStart))
                        .col(integer(Plan::WindowEnd))
                        .col(date_null(Plan::IssuedOn))
                        .col(text_null(Plan::Issuer))
                        .col(text_null(Plan::Source))
                        .check(Expr::col(Plan::WindowStart).lte(Expr::col(Plan::WindowEnd))),
                )
                .to_owned(),
            )
            .await?;

        manager
            .create_table(
                mutable(
                    Table::create()
                        .table(ProjectList::Table)
                        .col(pk_auto(ProjectList::Id))
                        .col(integer(ProjectList::PlanId))
                        .col(string_len_uniq(ProjectList::Code, 64))
                        .col(integer(ProjectList::Ordinal))
                        .col(string_len_null(ProjectList::Appendix, 64))
                        .col(text(ProjectList::Title))
                        .col(text(ProjectList::TitleEn))
                        .col(string_len(ProjectList::Unit, 16))
                        .col(big_integer_null(ProjectList::DeclaredTotalInvestmentFen))
                        .col(big_integer_null(ProjectList::DeclaredFypInvestmentFen))
                        .col(text_null(ProjectList::Note))
                        .col(text_null(ProjectList::Source))
                        .check(non_negative(ProjectList::DeclaredTotalInvestmentFen))
                        .check(non_negative(ProjectList::DeclaredFypInvestmentFen))
                        .foreign_key(
                            ForeignKey::create()
                                .name("fk_project_list_plan")
                                .from(ProjectList::Table, ProjectList::PlanId)
                                .to(Plan::Table, Plan::Id),
                        ),
                )
                .to_owned(),
            )
            .await?;

        manager
            .create_table(
                mutable(
                    Table::create()
                        .table(Category::Table)
                        .col(pk_auto(Category::Id))
                        .col(integer(Category::ListId))
                        .col(string_len(Category::Code, 64))
                        .col(integer(Category::Ordinal))
                        .col(text(Category::Heading))
                        .col(text(Category::Name))
                        .col(text(Category::NameEn))
                        .col(integer_null(Category::DeclaredProjectCount))
                        .col(big_integer_null(Category::DeclaredTotalInvestmentFen))
                        .col(big_integer_null(Category::DeclaredFypInvestmentFen))
                        .col(boolean(Category::Confirmed).default(false))
                        .col(text_null(Category::Source))
                        .check(non_negative(Category::DeclaredTotalInvestmentFen))
                        .check(non_negative(Category::DeclaredFypInvestmentFen))
                        .foreign_key(
                            ForeignKey::create()
                                .name("fk_category_list")
                                .from(Category::Table, Category::ListId)
                                .to(ProjectList::Table, ProjectList::Id),
                        ),
                )
                .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_category_list_code")
                    .table(Category::Table)
                    .col(Category::ListId)
                    .col(Category::Code)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_category_list_ordinal")
                    .table(Category::Table)
                    .col(Category::ListId)
                    .col(Category::Ordinal)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                mutable(
                    Table::create()
                        .table(Project::Table)
                        .col(pk_auto(Project::Id))
                        .col(string_len_uniq(Project::Key, 128))
                        .col(integer(Project::CategoryId))
                        .col(integer(Project::ListId))
                        .col(integer(Project::ListOrdinal))
                        .col(integer(Project::CategoryOrdinal))
                        .col(integer(Project::Seq))
                        .col(text(Project::Name))
                        .col(text(Project::Scope))
                        .col(integer_null(Project::StartYear))
                        .col(integer_null(Project::EndYear))
                        .col(big_integer_null(Project::TotalInvestmentFen))
                        .col(big_integer_null(Project::FypInvestmentFen))
                        .col(string_len(Project::Status, 24).default("PLANNED"))
                        .col(text_null(Project::Location))
                        .col(big_integer_null(Project::LandAreaMicroMu))
                        .col(text_null(Project::ResponsibleUnit))
                        .col(text_null(Project::Source))
                        .col(timestamp_with_time_zone_null(Project::ArchivedAt))
                        .check(Expr::col(Project::Seq).gt(0))
                        .check(non_negative(Project::TotalInvestmentFen))
                        .check(non_negative(Project::FypInvestmentFen))
                        .check(non_negative(Project::LandAreaMicroMu))
                        .check(ordered_years(Project::StartYear, Project::EndYear))
                        .check(fyp_within_total(
                            Project::TotalInvestmentFen,
                            Project::FypInvestmentFen,
                        ))
                        .check(Expr::col(Project::Status).is_in([
                            "PLANNED",
                            "UNDER_CONSTRUCTION",
                            "ON_HOLD",
                            "COMPLETED",
                            "CANCELLED",
                        ]))
                        .foreign_key(
                            ForeignKey::create()
                                .name("fk_project_category")
                                .from(Project::Table, Project::CategoryId)
                                .to(Category::Table, Category::Id),
                        )
                        .foreign_key(
                            ForeignKey::create()
                                .name("fk_project_list")
                                .from(Project::Table, Project::ListId)
                                .to(ProjectList::Table, ProjectList::Id),
                        ),
                )
                .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_project_category_seq")
                    .table(Project::Table)
                    .col(Project::CategoryId)
                    .col(Project::Seq)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // The document's order, so that a keyset page is an index range scan at any depth.
        manager
            .create_index(
                Index::create()
                    .name("ix_project_sequence")
                    .table(Project::Table)
                    .col(Project::ListOrdinal)
                    .col(Project::CategoryOrdinal)
                    .col(Project::Seq)
                    .col(Project::Id)
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("ix_project_list", Project::ListId),
            ("ix_project_total_investment", Project::TotalInvestmentFen),
            ("ix_project_fyp_investment", Project::FypInvestmentFen),
            ("ix_project_start_year", Project::StartYear),
            ("ix_project_end_year", Project::EndYear),
            ("ix_project_status", Project::Status),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Project::Table)
                        .col(column)
                        .col(Project::Id)
                        .to_owned(),
                )
                .await?;
        }

        manager
            .create_table(
                mutable(
                    Table::create()
                        .table(Phase::Table)
                        .col(pk_auto(Phase::Id))
                        .col(integer(Phase::ProjectId))
                        .col(integer(Phase::Ordinal))
                        .col(text(Phase::Name))
                        .col(text(Phase::Scope))
                        .col(integer_null(Phase::StartYear))
                        .col(integer_null(Phase::EndYear))
                        .col(big_integer_null(Phase::TotalInvestmentFen))
                        .col(big_integer_null(Phase::FypInvestmentFen))
                        .col(text_null(Phase::Source))
                        .check(Expr::col(Phase::Ordinal).gt(0))
                        .check(non_negative(Phase::TotalInvestmentFen))
                        .check(non_negative(Phase::FypInvestmentFen))
                        .check(ordered_years(Phase::StartYear, Phase::EndYear))
                        .check(fyp_within_total(
                            Phase::TotalInvestmentFen,
                            Phase::FypInvestmentFen,
                        ))
                        .foreign_key(
                            ForeignKey::create()
                                .name("fk_phase_project")
                                .from(Phase::Table, Phase::ProjectId)
                                .to(Project::Table, Project::Id),
                        ),
                )
                .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_phase_project_ordinal")
                    .table(Phase::Table)
                    .col(Phase::ProjectId)
                    .col(Phase::Ordinal)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ProgressReport::Table)
                    .col(pk_auto(ProgressReport::Id))
                    .col(integer(ProgressReport::ProjectId))
                    .col(date(ProgressReport::ReportedOn))
                    .col(text(ProgressReport::ReportedBy))
                    .col(string_len(ProgressReport::Status, 24))
                    .col(integer(ProgressReport::PercentCompleteBp))
                    .col(big_integer(ProgressReport::CompletedInvestmentFen))
                    .col(text_null(ProgressReport::Note))
                    .col(timestamp_with_time_zone(ProgressReport::CreatedAt))
                    .check(
                        Expr::col(ProgressReport::PercentCompleteBp)
                            .gte(0)
                            .and(Expr::col(ProgressReport::PercentCompleteBp).lte(10_000)),
                    )
                    .check(Expr::col(ProgressReport::CompletedInvestmentFen).gte(0))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_progress_report_project")
                            .from(ProgressReport::Table, ProgressReport::ProjectId)
                            .to(Project::Table, Project::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_progress_report_project")
                    .table(ProgressReport::Table)
                    .col(ProgressReport::ProjectId)
                    .col(ProgressReport::Id)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ChangeLog::Table)
                    .col(pk_auto(ChangeLog::Id))
                    .col(timestamp_with_time_zone(ChangeLog::At))
                    .col(text(ChangeLog::Actor))
                    .col(string_len(ChangeLog::EntityType, 32))
                    .col(integer(ChangeLog::EntityId))
                    .col(integer_null(ChangeLog::ProjectId))
                    .col(string_len(ChangeLog::Field, 64))
                    .col(text_null(ChangeLog::OldValue))
                    .col(text_null(ChangeLog::NewValue))
                    .col(integer_null(ChangeLog::Version))
                    .col(string_len_null(ChangeLog::RequestId, 64))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_change_log_project")
                    .table(ChangeLog::Table)
                    .col(ChangeLog::ProjectId)
                    .col(ChangeLog::Id)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Dependants first, so that foreign keys never dangle.
        for table in [
            ChangeLog::Table.into_iden(),
            ProgressReport::Table.into_iden(),
            Phase::Table.into_iden(),
            Project::Table.into_iden(),
            Category::Table.into_iden(),
            ProjectList::Table.into_iden(),
            Plan::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
