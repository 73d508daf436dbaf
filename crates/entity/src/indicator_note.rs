//! A numbered note under an indicator table (表1's 注：1.…6.).

use sea_orm::entity::prelude::*;

/// A note row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "indicator_note")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The plan whose document prints it.
    pub plan_id: i32,
    /// The table it stands under.
    pub table_no: i32,
    /// Its number as printed.
    pub number: i32,
    /// Text as printed.
    pub text: String,
    /// English text.
    pub text_en: String,
    /// Where in the document it is.
    pub source: String,
}

/// Relations of a note.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
