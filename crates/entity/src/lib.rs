//! SeaORM entities of the portfolio tracker: one module per table.
//!
//! Amounts of money are stored as 64-bit integers of fen (1 万元 = 1,000,000 fen) so that SQL sums are
//! exact and identical on SQLite and PostgreSQL; the service crate converts them to decimals of 万元.
//! `None` is an unknown amount (待定), never zero.

pub mod api_token;
pub mod category;
pub mod change_log;
pub mod investment_aggregate;
pub mod phase;
pub mod plan;
pub mod progress_report;
pub mod project;
pub mod project_assignment;
pub mod project_list;
pub mod status;

pub use status::ProjectStatus;

/// Typed identifiers, so that a project id cannot be passed where a category id is expected.
pub mod id {
    macro_rules! id_type {
        ($(#[$doc:meta])* $name:ident) => {
            $(#[$doc])*
            #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
            pub struct $name(pub i32);

            impl From<i32> for $name {
                fn from(value: i32) -> Self {
                    Self(value)
                }
            }

            impl std::fmt::Display for $name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    self.0.fmt(f)
                }
            }
        };
    }

    id_type!(
        /// Identifier of a plan row.
        PlanId
    );
    id_type!(
        /// Identifier of a project list row.
        ListId
    );
    id_type!(
        /// Identifier of a category row.
        CategoryId
    );
    id_type!(
        /// Identifier of a project row.
        ProjectId
    );
    id_type!(
        /// Identifier of a phase row.
        PhaseId
    );
}
