//! A published monthly bulletin (通报): who published which month, and when.

use sea_orm::entity::prelude::*;

/// One published month; never updated or deleted.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "bulletin")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The month, `YYYY-MM`; published once.
    pub period: String,
    /// The office's note.
    pub note: Option<String>,
    /// Who published it.
    pub published_by: String,
    /// When.
    pub published_at: DateTimeUtc,
    /// Whether the month before's figures it was compared with were that month's published
    /// bulletin's (else its figures at the time).
    pub compared_with_published: bool,
}

/// Bulletins have no navigable relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
