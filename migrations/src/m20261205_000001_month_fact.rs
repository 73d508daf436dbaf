//! The month's facts of every monitored project, kept for the periods that were asked for
//! (`month_fact`), and how far each period's rows are brought up to date
//! (`month_fact_state`): what the month's roll-up adds up, so that it reads one row per
//! project instead of deriving each project's figures and light again on every request.
//!
//! The rows are derived, never edited: `service::reporting::month_fact` fills a period the first
//! time it is asked for and, on each later request, rewrites the rows of the projects the change
//! log names since the mark the period was brought to. Emptying both tables is always safe.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, boolean, integer, string_len, text, text_null,
};

#[derive(DeriveMigrationName)]
/// Creates `month_fact` and `month_fact_state`.
pub struct Migration;

#[derive(DeriveIden)]
enum MonthFact {
    Table,
    Year,
    Month,
    ProjectId,
    ListCode,
    CategoryCode,
    Location,
    ResponsibleUnit,
    Status,
    PlannedFen,
    ExpectedFen,
    CumulativeFen,
    ThisMonthFen,
    ThisYearFen,
    Level,
    DueStatus,
    PlannedToStart,
    Started,
    ProblemsOpen,
    ProblemsOverdue,
}

#[derive(DeriveIden)]
enum MonthFactState {
    Table,
    Year,
    Month,
    Writes,
    Tokens,
    Context,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(MonthFact::Table)
                    .col(integer(MonthFact::Year))
                    .col(integer(MonthFact::Month))
                    .col(integer(MonthFact::ProjectId))
                    .col(text_null(MonthFact::ListCode))
                    .col(text_null(MonthFact::CategoryCode))
                    .col(text_null(MonthFact::Location))
                    .col(text_null(MonthFact::ResponsibleUnit))
                    .col(string_len(MonthFact::Status, 24))
                    .col(big_integer_null(MonthFact::PlannedFen))
                    .col(big_integer_null(MonthFact::ExpectedFen))
                    .col(big_integer_null(MonthFact::CumulativeFen))
                    .col(big_integer_null(MonthFact::ThisMonthFen))
                    .col(big_integer_null(MonthFact::ThisYearFen))
                    .col(string_len(MonthFact::Level, 16))
                    .col(string_len(MonthFact::DueStatus, 16))
                    .col(boolean(MonthFact::PlannedToStart))
                    .col(boolean(MonthFact::Started))
                    .col(integer(MonthFact::ProblemsOpen))
                    .col(integer(MonthFact::ProblemsOverdue))
                    .primary_key(
                        Index::create()
                            .col(MonthFact::Year)
                            .col(MonthFact::Month)
                            .col(MonthFact::ProjectId),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MonthFactState::Table)
                    .col(integer(MonthFactState::Year))
                    .col(integer(MonthFactState::Month))
                    .col(big_integer(MonthFactState::Writes))
                    .col(big_integer(MonthFactState::Tokens))
                    .col(text(MonthFactState::Context))
                    .primary_key(
                        Index::create()
                            .col(MonthFactState::Year)
                            .col(MonthFactState::Month),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(MonthFactState::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(MonthFact::Table).to_owned())
            .await
    }
}
