//! A platform the plan builds, e.g. a small and micro enterprise park (小微企业园).

use sea_orm::entity::prelude::*;

/// A platform row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "platform")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The plan that names it.
    pub plan_id: i32,
    /// Stable code, e.g. `PARK-ELECTRONICS`.
    #[sea_orm(unique)]
    pub code: String,
    /// Row number in the printed table.
    pub ordinal: i32,
    /// Name as printed.
    pub name: String,
    /// English name.
    pub name_en: String,
    /// Area in millionths of a 亩, when printed.
    pub area_micro_mu: Option<i64>,
    /// The plot (地块), when printed.
    pub plot: Option<String>,
    /// Where it is, when printed.
    pub location: Option<String>,
    /// Main industry (主导产业) as printed.
    pub industry: String,
    /// Where in the document it is.
    pub source: String,
    /// When the row was created.
    pub created_at: DateTimeUtc,
}

/// Relations of a platform.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
