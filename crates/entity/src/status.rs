//! The lifecycle status of a project, stored as its upper-case name.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Where a project stands in its lifecycle.
///
/// `Completed` and `Cancelled` are final; the allowed transitions are the service crate's concern.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ProjectStatus {
    /// Listed in the plan, not started.
    #[sea_orm(string_value = "PLANNED")]
    Planned,
    /// Construction has started.
    #[sea_orm(string_value = "UNDER_CONSTRUCTION")]
    UnderConstruction,
    /// Paused; may resume.
    #[sea_orm(string_value = "ON_HOLD")]
    OnHold,
    /// Finished (final).
    #[sea_orm(string_value = "COMPLETED")]
    Completed,
    /// Abandoned (final).
    #[sea_orm(string_value = "CANCELLED")]
    Cancelled,
}

impl ProjectStatus {
    /// The stored and displayed name, e.g. `UNDER_CONSTRUCTION`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Planned => "PLANNED",
            Self::UnderConstruction => "UNDER_CONSTRUCTION",
            Self::OnHold => "ON_HOLD",
            Self::Completed => "COMPLETED",
            Self::Cancelled => "CANCELLED",
        }
    }
}
