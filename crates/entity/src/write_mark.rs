//! The committed-write mark: a single row (id 1) of counters raised by every write transaction.

use sea_orm::entity::prelude::*;

/// The mark's row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "write_mark")]
pub struct Model {
    /// Always 1.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    /// Raised by every write.
    pub writes: i64,
    /// Raised by every write to tokens or their assignments.
    pub tokens: i64,
}

/// The mark has no relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
