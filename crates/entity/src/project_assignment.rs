//! A project assigned to a (manager's) token: the projects that token may write.

use sea_orm::entity::prelude::*;

/// An assignment row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "project_assignment")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The token.
    pub token_id: i32,
    /// The project.
    pub project_id: i32,
    /// When it was assigned.
    pub created_at: DateTimeUtc,
}

/// Relations of an assignment.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The token.
    #[sea_orm(
        belongs_to = "super::api_token::Entity",
        from = "Column::TokenId",
        to = "super::api_token::Column::Id"
    )]
    ApiToken,
    /// The project.
    #[sea_orm(
        belongs_to = "super::project::Entity",
        from = "Column::ProjectId",
        to = "super::project::Column::Id"
    )]
    Project,
}

impl Related<super::api_token::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ApiToken.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

impl Related<super::project::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Project.def()
    }
}
