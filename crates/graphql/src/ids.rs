//! Relay global ids and cursors: opaque base64 of `<Type>:<id>`.

use async_graphql::ID;
use async_graphql::connection::CursorType;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// The kinds of object with identity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A project list.
    ProjectList,
    /// A category.
    Category,
    /// A project.
    Project,
    /// A phase.
    Phase,
    /// A progress report.
    ProgressReport,
    /// A change-log entry.
    ChangeLogEntry,
    /// A plan.
    Plan,
    /// An indicator.
    Indicator,
    /// A project's annual plan.
    AnnualPlan,
    /// A monthly return.
    MonthlyReturn,
    /// A problem of the register.
    Problem,
}

impl Kind {
    const ALL: [Kind; 11] = [
        Kind::ProjectList,
        Kind::Category,
        Kind::Project,
        Kind::Phase,
        Kind::ProgressReport,
        Kind::ChangeLogEntry,
        Kind::Plan,
        Kind::Indicator,
        Kind::AnnualPlan,
        Kind::MonthlyReturn,
        Kind::Problem,
    ];

    fn name(self) -> &'static str {
        match self {
            Kind::ProjectList => "ProjectList",
            Kind::Category => "Category",
            Kind::Project => "Project",
            Kind::Phase => "Phase",
            Kind::ProgressReport => "ProgressReport",
            Kind::ChangeLogEntry => "ChangeLogEntry",
            Kind::Plan => "Plan",
            Kind::Indicator => "Indicator",
            Kind::AnnualPlan => "AnnualPlan",
            Kind::MonthlyReturn => "MonthlyReturn",
            Kind::Problem => "Problem",
        }
    }
}

/// The global id of object `id` of `kind`.
pub fn global_id(kind: Kind, id: i32) -> ID {
    ID(URL_SAFE_NO_PAD.encode(format!("{}:{id}", kind.name())))
}

/// The kind and row id a global id names, if it is one of ours.
pub fn parse_global_id(id: &str) -> Option<(Kind, i32)> {
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(id).ok()?).ok()?;
    let (name, number) = text.split_once(':')?;
    let kind = Kind::ALL.into_iter().find(|k| k.name() == name)?;
    Some((kind, number.parse().ok()?))
}

/// An opaque position in a connection; it names a record, so it stays valid when records are
/// added before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cursor(pub i32);

const CURSOR_PREFIX: &str = "cursor:";

impl CursorType for Cursor {
    type Error = String;

    fn decode_cursor(s: &str) -> Result<Self, Self::Error> {
        URL_SAFE_NO_PAD
            .decode(s)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .and_then(|text| text.strip_prefix(CURSOR_PREFIX)?.parse().ok())
            .map(Cursor)
            .ok_or_else(|| format!("`{s}` is not a cursor of this connection"))
    }

    fn encode_cursor(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("{CURSOR_PREFIX}{}", self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn global_ids_round_trip_and_reject_strangers() {
        let id = global_id(Kind::Project, 42);
        assert_eq!(parse_global_id(&id), Some((Kind::Project, 42)));
        assert_eq!(parse_global_id("not an id"), None);
        assert_eq!(parse_global_id(&URL_SAFE_NO_PAD.encode("Planet:1")), None);
        assert_ne!(global_id(Kind::Phase, 42), id);
    }
}
