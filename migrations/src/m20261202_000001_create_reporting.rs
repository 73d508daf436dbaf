//! The monthly reporting cycle: each project's annual plan (年度计划投资), monthly returns (月报)
//! with their review, the schedule-warning rules, the problem register, and the office's role
//! (`COORDINATOR`).
//!
//! Amounts are `BIGINT` fen and shares are basis points, so every figure is exact on both
//! backends; an unknown amount is NULL, never 0. Periods are `YYYY-MM` text, which sorts in
//! time order.

use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum AnnualPlan {
    Table,
    Id,
    ProjectId,
    Year,
    PlannedInvestmentFen,
    PlannedStartMonth,
    PlannedCompletionMonth,
    TargetProgress,
    Q1ShareBp,
    Q2ShareBp,
    Q3ShareBp,
    Version,
    UpdatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum MonthlyReturn {
    Table,
    Id,
    ProjectId,
    Period,
    Revision,
    Status,
    CumulativeCompletedFen,
    PercentCompleteBp,
    ImageProgress,
    NextSteps,
    Problems,
    IsCorrection,
    Note,
    ReviewComment,
    ReviewedBy,
    ReviewedAt,
    SubmittedBy,
    FirstSubmittedAt,
    SubmittedAt,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Problem {
    Table,
    Id,
    ProjectId,
    Kind,
    Description,
    OwnerUnit,
    DueOn,
    Status,
    Resolution,
    RaisedBy,
    ResolvedBy,
    ResolvedAt,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum WarningRule {
    Table,
    Id,
    ListId,
    BehindYellowBp,
    BehindRedBp,
    StartYellowMonths,
    StartRedMonths,
    MissingYellowMonths,
    MissingRedMonths,
    DueDay,
    Version,
    UpdatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Project {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum ProjectList {
    Table,
    Id,
}

fn non_negative<T: IntoIden + Copy + 'static>(col: T) -> Expr {
    Expr::col(col).is_null().or(Expr::col(col).gte(0))
}

fn month<T: IntoIden + Copy + 'static>(col: T) -> Expr {
    Expr::col(col)
        .is_null()
        .or(Expr::col(col).gte(1).and(Expr::col(col).lte(12)))
}

fn share<T: IntoIden + Copy + 'static>(col: T) -> Expr {
    Expr::col(col)
        .is_null()
        .or(Expr::col(col).gte(0).and(Expr::col(col).lte(10_000)))
}

fn project_fk(name: &str, from: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from_tbl(Project::Table)
        .from_col(from)
        .to(Project::Table, Project::Id)
        .to_owned()
}

/// The roles a token may have before and after: `COORDINATOR` (the major-projects office) is new.
const OLD_ROLES: &str = "'VIEWER', 'FINANCE', 'MANAGER', 'ADMIN'";
const ROLES: &str = "'VIEWER', 'FINANCE', 'MANAGER', 'COORDINATOR', 'ADMIN'";

/// SQLite cannot change a table's CHECK, so the token table is rebuilt from its own DDL with the
/// new list; the assignments that refer to it are rebuilt alongside so that no foreign key is
/// ever dangling (renaming the new table to the old name rewrites their reference).
async fn sqlite_roles(manager: &SchemaManager<'_>, from: &str, to: &str) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let ddl = |table: &'static str| async move {
        let row = db
            .query_one_raw(Statement::from_string(
                DbBackend::Sqlite,
                format!("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '{table}'"),
            ))
            .await?
            .ok_or_else(|| DbErr::Migration(format!("no table {table}")))?;
        row.try_get::<String>("", "sql")
    };
    let tokens = ddl("api_token").await?;
    if !tokens.contains(from) {
        return Err(DbErr::Migration(format!(
            "api_token's role check is not {from}: {tokens}"
        )));
    }
    let tokens = tokens
        .replacen("\"api_token\"", "\"api_token_next\"", 1)
        .replace(from, to);
    let assignments = ddl("project_assignment")
        .await?
        .replacen("\"project_assignment\"", "\"project_assignment_next\"", 1)
        .replace("REFERENCES \"api_token\"", "REFERENCES \"api_token_next\"");
    let sql = format!(
        r#"{tokens};
INSERT INTO "api_token_next" SELECT * FROM "api_token";
{assignments};
INSERT INTO "project_assignment_next" SELECT * FROM "project_assignment";
DROP TABLE "project_assignment";
DROP TABLE "api_token";
ALTER TABLE "api_token_next" RENAME TO "api_token";
ALTER TABLE "project_assignment_next" RENAME TO "project_assignment";
CREATE UNIQUE INDEX "ux_assignment_token_project" ON "project_assignment" ("token_id", "project_id");"#
    );
    db.execute_unprepared(&sql).await?;
    Ok(())
}

async fn set_roles(manager: &SchemaManager<'_>, from: &str, to: &str) -> Result<(), DbErr> {
    match manager.get_database_backend() {
        DbBackend::Sqlite => sqlite_roles(manager, from, to).await,
        _ => {
            // The check was created unnamed, so PostgreSQL named it after the table and column.
            let sql = format!(
                r#"ALTER TABLE "api_token" DROP CONSTRAINT "api_token_role_check";
ALTER TABLE "api_token" ADD CONSTRAINT "api_token_role_check" CHECK ("role" IN ({to}));"#
            );
            manager.get_connection().execute_unprepared(&sql).await?;
            Ok(())
        }
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        set_roles(manager, OLD_ROLES, ROLES).await?;

        manager
            .create_table(
                Table::create()
                    .table(AnnualPlan::Table)
                    .col(pk_auto(AnnualPlan::Id))
                    .col(integer(AnnualPlan::ProjectId))
                    .col(integer(AnnualPlan::Year))
                    .col(big_integer_null(AnnualPlan::PlannedInvestmentFen))
                    .col(integer_null(AnnualPlan::PlannedStartMonth))
                    .col(integer_null(AnnualPlan::PlannedCompletionMonth))
                    .col(text_null(AnnualPlan::TargetProgress))
                    .col(integer_null(AnnualPlan::Q1ShareBp))
                    .col(integer_null(AnnualPlan::Q2ShareBp))
                    .col(integer_null(AnnualPlan::Q3ShareBp))
                    .col(integer(AnnualPlan::Version).default(1))
                    .col(text(AnnualPlan::UpdatedBy))
                    .col(timestamp_with_time_zone(AnnualPlan::CreatedAt))
                    .col(timestamp_with_time_zone(AnnualPlan::UpdatedAt))
                    .check(non_negative(AnnualPlan::PlannedInvestmentFen))
                    .check(month(AnnualPlan::PlannedStartMonth))
                    .check(month(AnnualPlan::PlannedCompletionMonth))
                    .check(share(AnnualPlan::Q1ShareBp))
                    .check(share(AnnualPlan::Q2ShareBp))
                    .check(share(AnnualPlan::Q3ShareBp))
                    .foreign_key(&mut project_fk(
                        "fk_annual_plan_project",
                        AnnualPlan::ProjectId,
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            (
                "ux_annual_plan_project_year",
                [AnnualPlan::ProjectId, AnnualPlan::Year],
            ),
            // A year's monitored projects, in id order: the scan behind warnings and deadlines.
            (
                "ux_annual_plan_year_project",
                [AnnualPlan::Year, AnnualPlan::ProjectId],
            ),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(AnnualPlan::Table)
                        .col(cols[0])
                        .col(cols[1])
                        .unique()
                        .to_owned(),
                )
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(MonthlyReturn::Table)
                    .col(pk_auto(MonthlyReturn::Id))
                    .col(integer(MonthlyReturn::ProjectId))
                    .col(string_len(MonthlyReturn::Period, 7))
                    .col(integer(MonthlyReturn::Revision))
                    .col(string_len(MonthlyReturn::Status, 16))
                    .col(big_integer_null(MonthlyReturn::CumulativeCompletedFen))
                    .col(integer(MonthlyReturn::PercentCompleteBp))
                    .col(text(MonthlyReturn::ImageProgress))
                    .col(text_null(MonthlyReturn::NextSteps))
                    .col(text_null(MonthlyReturn::Problems))
                    .col(boolean(MonthlyReturn::IsCorrection))
                    .col(text_null(MonthlyReturn::Note))
                    .col(text_null(MonthlyReturn::ReviewComment))
                    .col(text_null(MonthlyReturn::ReviewedBy))
                    .col(timestamp_with_time_zone_null(MonthlyReturn::ReviewedAt))
                    .col(text(MonthlyReturn::SubmittedBy))
                    .col(timestamp_with_time_zone(MonthlyReturn::FirstSubmittedAt))
                    .col(timestamp_with_time_zone(MonthlyReturn::SubmittedAt))
                    .col(integer(MonthlyReturn::Version).default(1))
                    .col(timestamp_with_time_zone(MonthlyReturn::CreatedAt))
                    .col(timestamp_with_time_zone(MonthlyReturn::UpdatedAt))
                    .check(Expr::col(MonthlyReturn::Status).is_in([
                        "SUBMITTED",
                        "APPROVED",
                        "RETURNED",
                    ]))
                    .check(Expr::col(MonthlyReturn::Revision).gte(0))
                    .check(non_negative(MonthlyReturn::CumulativeCompletedFen))
                    .check(share(MonthlyReturn::PercentCompleteBp))
                    .foreign_key(&mut project_fk(
                        "fk_monthly_return_project",
                        MonthlyReturn::ProjectId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_monthly_return_project_period_revision")
                    .table(MonthlyReturn::Table)
                    .col(MonthlyReturn::ProjectId)
                    .col(MonthlyReturn::Period)
                    .col(MonthlyReturn::Revision)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // The office's review queue: a period's returns in a state, in project order.
        manager
            .create_index(
                Index::create()
                    .name("ix_monthly_return_period_status")
                    .table(MonthlyReturn::Table)
                    .col(MonthlyReturn::Period)
                    .col(MonthlyReturn::Status)
                    .col(MonthlyReturn::ProjectId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Problem::Table)
                    .col(pk_auto(Problem::Id))
                    .col(integer(Problem::ProjectId))
                    .col(string_len(Problem::Kind, 16))
                    .col(text(Problem::Description))
                    .col(text_null(Problem::OwnerUnit))
                    .col(date_null(Problem::DueOn))
                    .col(string_len(Problem::Status, 16).default("OPEN"))
                    .col(text_null(Problem::Resolution))
                    .col(text(Problem::RaisedBy))
                    .col(text_null(Problem::ResolvedBy))
                    .col(timestamp_with_time_zone_null(Problem::ResolvedAt))
                    .col(integer(Problem::Version).default(1))
                    .col(timestamp_with_time_zone(Problem::CreatedAt))
                    .col(timestamp_with_time_zone(Problem::UpdatedAt))
                    .check(Expr::col(Problem::Kind).is_in([
                        "LAND",
                        "FUNDING",
                        "APPROVAL",
                        "RELOCATION",
                        "DESIGN",
                        "OTHER",
                    ]))
                    .check(Expr::col(Problem::Status).is_in(["OPEN", "RESOLVED"]))
                    .foreign_key(&mut project_fk("fk_problem_project", Problem::ProjectId))
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            ("ix_problem_project", vec![Problem::ProjectId, Problem::Id]),
            (
                "ix_problem_status_due",
                vec![Problem::Status, Problem::DueOn, Problem::Id],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(Problem::Table);
            for col in cols {
                index.col(col);
            }
            manager.create_index(index.to_owned()).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(WarningRule::Table)
                    .col(pk_auto(WarningRule::Id))
                    .col(integer_null(WarningRule::ListId))
                    .col(integer(WarningRule::BehindYellowBp))
                    .col(integer(WarningRule::BehindRedBp))
                    .col(integer(WarningRule::StartYellowMonths))
                    .col(integer(WarningRule::StartRedMonths))
                    .col(integer(WarningRule::MissingYellowMonths))
                    .col(integer(WarningRule::MissingRedMonths))
                    .col(integer(WarningRule::DueDay))
                    .col(integer(WarningRule::Version).default(1))
                    .col(text(WarningRule::UpdatedBy))
                    .col(timestamp_with_time_zone(WarningRule::CreatedAt))
                    .col(timestamp_with_time_zone(WarningRule::UpdatedAt))
                    .check(Expr::col(WarningRule::BehindYellowBp).gte(0))
                    .check(
                        Expr::col(WarningRule::BehindRedBp)
                            .gte(Expr::col(WarningRule::BehindYellowBp)),
                    )
                    .check(Expr::col(WarningRule::StartYellowMonths).gte(0))
                    .check(
                        Expr::col(WarningRule::StartRedMonths)
                            .gte(Expr::col(WarningRule::StartYellowMonths)),
                    )
                    .check(Expr::col(WarningRule::MissingYellowMonths).gte(1))
                    .check(
                        Expr::col(WarningRule::MissingRedMonths)
                            .gte(Expr::col(WarningRule::MissingYellowMonths)),
                    )
                    .check(
                        Expr::col(WarningRule::DueDay)
                            .gte(1)
                            .and(Expr::col(WarningRule::DueDay).lte(31)),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_warning_rule_list")
                            .from(WarningRule::Table, WarningRule::ListId)
                            .to(ProjectList::Table, ProjectList::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_warning_rule_list")
                    .table(WarningRule::Table)
                    .col(WarningRule::ListId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // The defaults every list follows until the office sets its own (Zhejiang's and
        // Yinchuan's published thresholds).
        let now = chrono::Utc::now();
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(WarningRule::Table)
                    .columns([
                        WarningRule::BehindYellowBp,
                        WarningRule::BehindRedBp,
                        WarningRule::StartYellowMonths,
                        WarningRule::StartRedMonths,
                        WarningRule::MissingYellowMonths,
                        WarningRule::MissingRedMonths,
                        WarningRule::DueDay,
                        WarningRule::Version,
                        WarningRule::UpdatedBy,
                        WarningRule::CreatedAt,
                        WarningRule::UpdatedAt,
                    ])
                    .values_panic([
                        1_000.into(),
                        3_000.into(),
                        0.into(),
                        3.into(),
                        1.into(),
                        2.into(),
                        25.into(),
                        1.into(),
                        "migration".into(),
                        now.into(),
                        now.into(),
                    ])
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            WarningRule::Table.into_iden(),
            Problem::Table.into_iden(),
            MonthlyReturn::Table.into_iden(),
            AnnualPlan::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        set_roles(manager, ROLES, OLD_ROLES).await
    }
}
