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
    /// Every status, in lifecycle order (the order groups and listings use).
    pub const ALL: [Self; 5] = [
        Self::Planned,
        Self::UnderConstruction,
        Self::OnHold,
        Self::Completed,
        Self::Cancelled,
    ];

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

/// The text is not a status name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownStatus(pub String);

impl std::fmt::Display for UnknownStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = ProjectStatus::ALL.iter().map(|s| s.as_str()).collect();
        write!(
            f,
            "`{}` is not a status (one of {})",
            self.0,
            names.join(", ")
        )
    }
}

impl std::error::Error for UnknownStatus {}

impl std::str::FromStr for ProjectStatus {
    type Err = UnknownStatus;

    /// The stored name, exactly as [`ProjectStatus::as_str`] writes it: the one parser of status
    /// text, for the change log, query strings and files alike.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == text)
            .ok_or_else(|| UnknownStatus(text.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_reads_back_from_its_name() {
        for status in ProjectStatus::ALL {
            assert_eq!(status.as_str().parse::<ProjectStatus>(), Ok(status));
        }
        assert_eq!(
            "planned".parse::<ProjectStatus>(),
            Err(UnknownStatus("planned".into()))
        );
    }
}
