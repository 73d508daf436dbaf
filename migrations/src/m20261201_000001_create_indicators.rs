//! The plan's indicator tables (表1-表3), their yearly actuals and notes, and the small-enterprise
//! parks (小微企业园) the plan names as platforms.
//!
//! Every figure is a `BIGINT` of millionths (10^-6 of the printed unit), so that each printed
//! value is held exactly and compares identically on SQLite and PostgreSQL. A figure the document
//! does not give is NULL with the reason beside it (`*_unknown`), never 0.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Indicator {
    Table,
    Id,
    PlanId,
    Code,
    TableNo,
    Scope,
    GroupName,
    GroupEn,
    Ordinal,
    Name,
    NameEn,
    Unit,
    Kind,
    Direction,
    BaselineYear,
    BaselineMicro,
    BaselineUnknown,
    TargetYear,
    TargetMicro,
    TargetMinimum,
    TargetText,
    TargetUnknown,
    PlannedRateMicro,
    PlannedIncreaseMicro,
    PlannedGrowthUnknown,
    NoteNumbers,
    ChecksProjectLists,
    Source,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum IndicatorActual {
    Table,
    Id,
    IndicatorId,
    Year,
    ValueMicro,
    GrowthRateMicro,
    IncreaseMicro,
    Met,
    Note,
    Source,
    RecordedBy,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum IndicatorNote {
    Table,
    Id,
    PlanId,
    TableNo,
    Number,
    Text,
    TextEn,
    Source,
}

#[derive(DeriveIden, Clone, Copy)]
enum Platform {
    Table,
    Id,
    PlanId,
    Code,
    Ordinal,
    Name,
    NameEn,
    AreaMicroMu,
    Plot,
    Location,
    Industry,
    Source,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Plan {
    Table,
    Id,
}

fn plan_fk(name: &str, from: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from_tbl(from)
        .from_col(Alias::new("plan_id"))
        .to(Plan::Table, Plan::Id)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Indicator::Table)
                    .col(pk_auto(Indicator::Id))
                    .col(integer(Indicator::PlanId))
                    .col(string_len_uniq(Indicator::Code, 32))
                    .col(integer(Indicator::TableNo))
                    .col(string_len(Indicator::Scope, 16))
                    .col(text_null(Indicator::GroupName))
                    .col(text_null(Indicator::GroupEn))
                    .col(integer(Indicator::Ordinal))
                    .col(text(Indicator::Name))
                    .col(text(Indicator::NameEn))
                    .col(text_null(Indicator::Unit))
                    .col(string_len(Indicator::Kind, 16))
                    .col(string_len(Indicator::Direction, 8))
                    .col(integer(Indicator::BaselineYear))
                    .col(big_integer_null(Indicator::BaselineMicro))
                    .col(text_null(Indicator::BaselineUnknown))
                    .col(integer(Indicator::TargetYear))
                    .col(big_integer_null(Indicator::TargetMicro))
                    .col(boolean(Indicator::TargetMinimum))
                    .col(text_null(Indicator::TargetText))
                    .col(text_null(Indicator::TargetUnknown))
                    .col(big_integer_null(Indicator::PlannedRateMicro))
                    .col(big_integer_null(Indicator::PlannedIncreaseMicro))
                    .col(text_null(Indicator::PlannedGrowthUnknown))
                    .col(text_null(Indicator::NoteNumbers))
                    .col(boolean(Indicator::ChecksProjectLists))
                    .col(text(Indicator::Source))
                    .col(integer(Indicator::Version))
                    .col(timestamp_with_time_zone(Indicator::CreatedAt))
                    .col(timestamp_with_time_zone(Indicator::UpdatedAt))
                    .foreign_key(&mut plan_fk("fk_indicator_plan", Indicator::Table))
                    .check(Expr::col(Indicator::TableNo).is_in([1, 2, 3]))
                    .check(Expr::col(Indicator::Scope).is_in(["DADONGTOU", "XIAODONGTOU"]))
                    .check(Expr::col(Indicator::Kind).is_in([
                        "LEVEL",
                        "CUMULATIVE",
                        "SHARE",
                        "INDEX",
                        "QUALITATIVE",
                    ]))
                    .check(Expr::col(Indicator::Direction).is_in(["HIGHER", "LOWER"]))
                    .check(Expr::col(Indicator::BaselineYear).lt(Expr::col(Indicator::TargetYear)))
                    .check(Expr::col(Indicator::Ordinal).gt(0))
                    // A blank is never silent: an unknown figure says why.
                    .check(
                        Expr::col(Indicator::BaselineMicro)
                            .is_not_null()
                            .or(Expr::col(Indicator::BaselineUnknown).is_not_null()),
                    )
                    .check(
                        Expr::col(Indicator::TargetMicro)
                            .is_not_null()
                            .or(Expr::col(Indicator::TargetText).is_not_null())
                            .or(Expr::col(Indicator::TargetUnknown).is_not_null()),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_indicator_table_scope_ordinal")
                    .table(Indicator::Table)
                    .col(Indicator::PlanId)
                    .col(Indicator::TableNo)
                    .col(Indicator::Ordinal)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(IndicatorActual::Table)
                    .col(pk_auto(IndicatorActual::Id))
                    .col(integer(IndicatorActual::IndicatorId))
                    .col(integer(IndicatorActual::Year))
                    .col(big_integer_null(IndicatorActual::ValueMicro))
                    .col(big_integer_null(IndicatorActual::GrowthRateMicro))
                    .col(big_integer_null(IndicatorActual::IncreaseMicro))
                    .col(boolean_null(IndicatorActual::Met))
                    .col(text_null(IndicatorActual::Note))
                    .col(text_null(IndicatorActual::Source))
                    .col(text(IndicatorActual::RecordedBy))
                    .col(integer(IndicatorActual::Version))
                    .col(timestamp_with_time_zone(IndicatorActual::CreatedAt))
                    .col(timestamp_with_time_zone(IndicatorActual::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_indicator_actual_indicator")
                            .from(IndicatorActual::Table, IndicatorActual::IndicatorId)
                            .to(Indicator::Table, Indicator::Id),
                    )
                    // "Cannot be measured" is a null value with the reason, never a bare blank.
                    .check(
                        Expr::col(IndicatorActual::ValueMicro)
                            .is_not_null()
                            .or(Expr::col(IndicatorActual::Note).is_not_null()),
                    )
                    .check(Expr::col(IndicatorActual::Version).gt(0))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_indicator_actual_year")
                    .table(IndicatorActual::Table)
                    .col(IndicatorActual::IndicatorId)
                    .col(IndicatorActual::Year)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(IndicatorNote::Table)
                    .col(pk_auto(IndicatorNote::Id))
                    .col(integer(IndicatorNote::PlanId))
                    .col(integer(IndicatorNote::TableNo))
                    .col(integer(IndicatorNote::Number))
                    .col(text(IndicatorNote::Text))
                    .col(text(IndicatorNote::TextEn))
                    .col(text(IndicatorNote::Source))
                    .foreign_key(&mut plan_fk("fk_indicator_note_plan", IndicatorNote::Table))
                    .check(Expr::col(IndicatorNote::Number).gt(0))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_indicator_note_number")
                    .table(IndicatorNote::Table)
                    .col(IndicatorNote::PlanId)
                    .col(IndicatorNote::TableNo)
                    .col(IndicatorNote::Number)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Platform::Table)
                    .col(pk_auto(Platform::Id))
                    .col(integer(Platform::PlanId))
                    .col(string_len_uniq(Platform::Code, 32))
                    .col(integer(Platform::Ordinal))
                    .col(text(Platform::Name))
                    .col(text(Platform::NameEn))
                    .col(big_integer_null(Platform::AreaMicroMu))
                    .col(text_null(Platform::Plot))
                    .col(text_null(Platform::Location))
                    .col(text(Platform::Industry))
                    .col(text(Platform::Source))
                    .col(timestamp_with_time_zone(Platform::CreatedAt))
                    .foreign_key(&mut plan_fk("fk_platform_plan", Platform::Table))
                    .check(
                        Expr::col(Platform::AreaMicroMu)
                            .is_null()
                            .or(Expr::col(Platform::AreaMicroMu).gte(0)),
                    )
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            IndicatorActual::Table.into_iden(),
            IndicatorNote::Table.into_iden(),
            Platform::Table.into_iden(),
            Indicator::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
