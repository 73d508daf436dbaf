//! The change log's format: how each logged field of a project or a phase becomes text, and how
//! that text becomes the field's value again.
//!
//! Both directions live in one table per row type ([`PROJECT_FIELDS`], [`PHASE_FIELDS`],
//! [`INDICATOR_ACTUAL_FIELDS`]), so a
//! write cannot log a field that `asOf` does not know how to undo. Entries that record an event
//! rather than a field's value (a new object, a status note, a progress report, a new phase) are
//! named in [`events`]; their text is for people and is never decoded.

use chrono::{DateTime, Utc};
use entity::{annual_plan, indicator_actual, monthly_return, phase, project, warning_rule};

use crate::money::{Amount, fen_to_decimal};

/// One changed field, as text for the change log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The API's name of the field (or an event's name, see [`events`]).
    pub field: &'static str,
    /// Value before.
    pub old: Option<String>,
    /// Value after.
    pub new: Option<String>,
}

/// Names of entries that record an event, not a field's value.
pub mod events {
    /// A new object; the new value is its key or number and name.
    pub const CREATED: &str = "created";
    /// The note given with a status change.
    pub const STATUS_NOTE: &str = "statusNote";
    /// A progress report filed on a project; old and new are summaries.
    pub const PROGRESS_REPORT: &str = "progressReport";
    /// A phase added to a project.
    pub const PHASE: &str = "phase";
    /// An actual value recorded for an indicator; old and new are `year: value` summaries.
    pub const INDICATOR_ACTUAL: &str = "indicatorActual";
    /// A project's annual plan set or changed; old and new are `year: amount` summaries.
    pub const ANNUAL_PLAN: &str = "annualPlan";
    /// A monthly return filed, resubmitted or corrected; old and new are summaries.
    pub const MONTHLY_RETURN: &str = "monthlyReturn";
    /// A listing of a later plan linked to the listing it carries on; the new value is the
    /// earlier listing's key.
    pub const CARRIED_FROM: &str = "carriedFrom";

    /// Every event name.
    pub const ALL: [&str; 8] = [
        CREATED,
        STATUS_NOTE,
        PROGRESS_REPORT,
        PHASE,
        INDICATOR_ACTUAL,
        ANNUAL_PLAN,
        MONTHLY_RETURN,
        CARRIED_FROM,
    ];
}

/// A field as the change log holds it: its name, the column it is stored in, and the two
/// directions of its text form.
pub struct LoggedField<M> {
    /// The API's name of the field, as logged.
    pub name: &'static str,
    /// The column that holds it.
    pub column: &'static str,
    /// The field's value as log text (`None` is unknown or empty).
    pub text: fn(&M) -> Option<String>,
    /// Puts a logged text back into the row; `false` when the text does not decode.
    pub restore: fn(&mut M, Option<&str>) -> bool,
}

fn year_text(year: Option<i32>) -> Option<String> {
    year.map(|y| y.to_string())
}

fn year_value(text: Option<&str>) -> Option<Option<i32>> {
    text.map_or(Some(None), |t| t.parse().ok().map(Some))
}

fn amount_text(fen: Option<i64>) -> Option<String> {
    fen.map(|f| fen_to_decimal(f).to_string())
}

fn amount_value(text: Option<&str>) -> Option<Option<i64>> {
    text.map_or(Some(None), |t| {
        t.parse::<Amount>().ok().map(|a| Some(a.fen()))
    })
}

fn time_text(at: Option<DateTime<Utc>>) -> Option<String> {
    at.map(|t| t.to_rfc3339())
}

fn time_value(text: Option<&str>) -> Option<Option<DateTime<Utc>>> {
    text.map_or(Some(None), |t| {
        DateTime::parse_from_rfc3339(t)
            .ok()
            .map(|t| Some(t.with_timezone(&Utc)))
    })
}

/// Sets `slot` when `value` decoded.
fn put<T>(slot: &mut T, value: Option<T>) -> bool {
    value.map(|v| *slot = v).is_some()
}

/// Fields of either row type that share a name and a column.
macro_rules! figure_fields {
    ($model:ty) => {
        [
            LoggedField::<$model> {
                name: "startYear",
                column: "start_year",
                text: |m| year_text(m.start_year),
                restore: |m, t| put(&mut m.start_year, year_value(t)),
            },
            LoggedField::<$model> {
                name: "endYear",
                column: "end_year",
                text: |m| year_text(m.end_year),
                restore: |m, t| put(&mut m.end_year, year_value(t)),
            },
            LoggedField::<$model> {
                name: "totalInvestment",
                column: "total_investment_fen",
                text: |m| amount_text(m.total_investment_fen),
                restore: |m, t| put(&mut m.total_investment_fen, amount_value(t)),
            },
            LoggedField::<$model> {
                name: "fypInvestment",
                column: "fyp_investment_fen",
                text: |m| amount_text(m.fyp_investment_fen),
                restore: |m, t| put(&mut m.fyp_investment_fen, amount_value(t)),
            },
        ]
    };
}

macro_rules! text_fields {
    ($model:ty) => {
        [
            LoggedField::<$model> {
                name: "name",
                column: "name",
                text: |m| Some(m.name.clone()),
                restore: |m, t| put(&mut m.name, Some(t.unwrap_or_default().to_owned())),
            },
            LoggedField::<$model> {
                name: "scope",
                column: "scope",
                text: |m| Some(m.scope.clone()),
                restore: |m, t| put(&mut m.scope, Some(t.unwrap_or_default().to_owned())),
            },
        ]
    };
}

const PROJECT_TEXTS: [LoggedField<project::Model>; 2] = text_fields!(project::Model);
const PROJECT_FIGURES: [LoggedField<project::Model>; 4] = figure_fields!(project::Model);
const PHASE_TEXTS: [LoggedField<phase::Model>; 2] = text_fields!(phase::Model);
const PHASE_FIGURES: [LoggedField<phase::Model>; 4] = figure_fields!(phase::Model);

/// Every logged field of a project, in the order a write logs them.
pub const PROJECT_FIELDS: [LoggedField<project::Model>; 11] = [
    PROJECT_TEXTS[0],
    PROJECT_TEXTS[1],
    PROJECT_FIGURES[0],
    PROJECT_FIGURES[1],
    PROJECT_FIGURES[2],
    PROJECT_FIGURES[3],
    LoggedField {
        name: "status",
        column: "status",
        text: |m| Some(m.status.as_str().to_owned()),
        restore: |m, t| put(&mut m.status, t.and_then(|s| s.parse().ok())),
    },
    LoggedField {
        name: "location",
        column: "location",
        text: |m| m.location.clone(),
        restore: |m, t| put(&mut m.location, Some(t.map(str::to_owned))),
    },
    LoggedField {
        name: "landAreaMu",
        column: "land_area_micro_mu",
        text: |m| amount_text(m.land_area_micro_mu),
        restore: |m, t| put(&mut m.land_area_micro_mu, amount_value(t)),
    },
    LoggedField {
        name: "responsibleUnit",
        column: "responsible_unit",
        text: |m| m.responsible_unit.clone(),
        restore: |m, t| put(&mut m.responsible_unit, Some(t.map(str::to_owned))),
    },
    LoggedField {
        name: "archivedAt",
        column: "archived_at",
        text: |m| time_text(m.archived_at),
        restore: |m, t| put(&mut m.archived_at, time_value(t)),
    },
];

/// Every logged field of a phase, in the order a write logs them.
pub const PHASE_FIELDS: [LoggedField<phase::Model>; 7] = [
    LoggedField {
        name: "ordinal",
        column: "ordinal",
        text: |m| Some(m.ordinal.to_string()),
        restore: |m, t| put(&mut m.ordinal, t.and_then(|t| t.parse().ok())),
    },
    PHASE_TEXTS[0],
    PHASE_TEXTS[1],
    PHASE_FIGURES[0],
    PHASE_FIGURES[1],
    PHASE_FIGURES[2],
    PHASE_FIGURES[3],
];

fn figure_text(micro: Option<i64>) -> Option<String> {
    micro.map(|m| crate::indicator::figure::from_micro(m).to_string())
}

fn figure_value(text: Option<&str>) -> Option<Option<i64>> {
    text.map_or(Some(None), |t| {
        crate::indicator::figure::parse(t).ok().map(Some)
    })
}

fn flag_value(text: Option<&str>) -> Option<Option<bool>> {
    text.map_or(Some(None), |t| t.parse().ok().map(Some))
}

/// Every logged field of an indicator's actual value, in the order a write logs them.
pub const INDICATOR_ACTUAL_FIELDS: [LoggedField<indicator_actual::Model>; 6] = [
    LoggedField {
        name: "value",
        column: "value_micro",
        text: |m| figure_text(m.value_micro),
        restore: |m, t| put(&mut m.value_micro, figure_value(t)),
    },
    LoggedField {
        name: "growthRate",
        column: "growth_rate_micro",
        text: |m| figure_text(m.growth_rate_micro),
        restore: |m, t| put(&mut m.growth_rate_micro, figure_value(t)),
    },
    LoggedField {
        name: "increase",
        column: "increase_micro",
        text: |m| figure_text(m.increase_micro),
        restore: |m, t| put(&mut m.increase_micro, figure_value(t)),
    },
    LoggedField {
        name: "met",
        column: "met",
        text: |m| m.met.map(|b| b.to_string()),
        restore: |m, t| put(&mut m.met, flag_value(t)),
    },
    LoggedField {
        name: "note",
        column: "note",
        text: |m| m.note.clone(),
        restore: |m, t| put(&mut m.note, Some(t.map(str::to_owned))),
    },
    LoggedField {
        name: "source",
        column: "source",
        text: |m| m.source.clone(),
        restore: |m, t| put(&mut m.source, Some(t.map(str::to_owned))),
    },
];

fn int_text(value: Option<i32>) -> Option<String> {
    value.map(|v| v.to_string())
}

fn int_value(text: Option<&str>) -> Option<Option<i32>> {
    text.map_or(Some(None), |t| t.parse().ok().map(Some))
}

fn bp_text(bp: i32) -> String {
    rust_decimal::Decimal::new(i64::from(bp), 2)
        .normalize()
        .to_string()
}

fn bp_value(text: Option<&str>) -> Option<i32> {
    let value: rust_decimal::Decimal = text?.parse().ok()?;
    i32::try_from(
        (value * rust_decimal::Decimal::ONE_HUNDRED)
            .trunc()
            .mantissa(),
    )
    .ok()
}

macro_rules! logged {
    ($model:ty, $name:literal, $column:ident, $text:expr, $value:expr) => {
        LoggedField::<$model> {
            name: $name,
            column: stringify!($column),
            text: |m| ($text)(m.$column.clone()),
            restore: |m, t| put(&mut m.$column, ($value)(t)),
        }
    };
}

fn opt_string(value: Option<String>) -> Option<String> {
    value
}

fn opt_string_value(text: Option<&str>) -> Option<Option<String>> {
    Some(text.map(str::to_owned))
}

/// Every logged field of an annual plan (the quarterly targets as one `q1, q2, q3` text).
pub const ANNUAL_PLAN_FIELDS: [LoggedField<annual_plan::Model>; 5] = [
    logged!(
        annual_plan::Model,
        "plannedInvestment",
        planned_investment_fen,
        amount_text,
        amount_value
    ),
    logged!(
        annual_plan::Model,
        "plannedStartMonth",
        planned_start_month,
        int_text,
        int_value
    ),
    logged!(
        annual_plan::Model,
        "plannedCompletionMonth",
        planned_completion_month,
        int_text,
        int_value
    ),
    logged!(
        annual_plan::Model,
        "targetProgress",
        target_progress,
        opt_string,
        opt_string_value
    ),
    LoggedField {
        name: "quarterlyTargets",
        column: "q1_share_bp",
        text: |m| match (m.q1_share_bp, m.q2_share_bp, m.q3_share_bp) {
            (Some(a), Some(b), Some(c)) => Some(format!(
                "{}, {}, {}, 100",
                bp_text(a),
                bp_text(b),
                bp_text(c)
            )),
            _ => None,
        },
        restore: |m, t| {
            let Some(t) = t else {
                m.q1_share_bp = None;
                m.q2_share_bp = None;
                m.q3_share_bp = None;
                return true;
            };
            let parts: Vec<Option<i32>> = t.split(", ").map(|p| bp_value(Some(p))).collect();
            match parts.as_slice() {
                [Some(a), Some(b), Some(c), Some(_)] => {
                    m.q1_share_bp = Some(*a);
                    m.q2_share_bp = Some(*b);
                    m.q3_share_bp = Some(*c);
                    true
                }
                _ => false,
            }
        },
    },
];

/// Every logged field of a monthly return.
pub const MONTHLY_RETURN_FIELDS: [LoggedField<monthly_return::Model>; 9] = [
    LoggedField {
        name: "status",
        column: "status",
        text: |m| Some(m.status.clone()),
        restore: |m, t| put(&mut m.status, t.map(str::to_owned)),
    },
    logged!(
        monthly_return::Model,
        "cumulativeCompletedInvestment",
        cumulative_completed_fen,
        amount_text,
        amount_value
    ),
    LoggedField {
        name: "percentComplete",
        column: "percent_complete_bp",
        text: |m| Some(bp_text(m.percent_complete_bp)),
        restore: |m, t| put(&mut m.percent_complete_bp, bp_value(t)),
    },
    LoggedField {
        name: "imageProgress",
        column: "image_progress",
        text: |m| Some(m.image_progress.clone()),
        restore: |m, t| put(&mut m.image_progress, t.map(str::to_owned)),
    },
    logged!(
        monthly_return::Model,
        "nextSteps",
        next_steps,
        opt_string,
        opt_string_value
    ),
    logged!(
        monthly_return::Model,
        "problems",
        problems,
        opt_string,
        opt_string_value
    ),
    LoggedField {
        name: "isCorrection",
        column: "is_correction",
        text: |m| Some(m.is_correction.to_string()),
        restore: |m, t| put(&mut m.is_correction, t.and_then(|t| t.parse().ok())),
    },
    logged!(
        monthly_return::Model,
        "note",
        note,
        opt_string,
        opt_string_value
    ),
    logged!(
        monthly_return::Model,
        "reviewComment",
        review_comment,
        opt_string,
        opt_string_value
    ),
];

/// Every logged field of a set of warning rules.
pub const WARNING_RULE_FIELDS: [LoggedField<warning_rule::Model>; 7] = [
    LoggedField {
        name: "behindScheduleYellow",
        column: "behind_yellow_bp",
        text: |m| Some(bp_text(m.behind_yellow_bp)),
        restore: |m, t| put(&mut m.behind_yellow_bp, bp_value(t)),
    },
    LoggedField {
        name: "behindScheduleRed",
        column: "behind_red_bp",
        text: |m| Some(bp_text(m.behind_red_bp)),
        restore: |m, t| put(&mut m.behind_red_bp, bp_value(t)),
    },
    LoggedField {
        name: "startOverdueYellow",
        column: "start_yellow_months",
        text: |m| Some(m.start_yellow_months.to_string()),
        restore: |m, t| put(&mut m.start_yellow_months, t.and_then(|t| t.parse().ok())),
    },
    LoggedField {
        name: "startOverdueRed",
        column: "start_red_months",
        text: |m| Some(m.start_red_months.to_string()),
        restore: |m, t| put(&mut m.start_red_months, t.and_then(|t| t.parse().ok())),
    },
    LoggedField {
        name: "returnMissingYellow",
        column: "missing_yellow_months",
        text: |m| Some(m.missing_yellow_months.to_string()),
        restore: |m, t| put(&mut m.missing_yellow_months, t.and_then(|t| t.parse().ok())),
    },
    LoggedField {
        name: "returnMissingRed",
        column: "missing_red_months",
        text: |m| Some(m.missing_red_months.to_string()),
        restore: |m, t| put(&mut m.missing_red_months, t.and_then(|t| t.parse().ok())),
    },
    LoggedField {
        name: "dueDay",
        column: "due_day",
        text: |m| Some(m.due_day.to_string()),
        restore: |m, t| put(&mut m.due_day, t.and_then(|t| t.parse().ok())),
    },
];

impl<M> Clone for LoggedField<M> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<M> Copy for LoggedField<M> {}

/// The logged fields whose text differs between `old` and `new`, in table order.
pub fn diff<M>(fields: &[LoggedField<M>], old: &M, new: &M) -> Vec<Change> {
    fields
        .iter()
        .filter_map(|f| {
            let (old, new) = ((f.text)(old), (f.text)(new));
            (old != new).then_some(Change {
                field: f.name,
                old,
                new,
            })
        })
        .collect()
}

/// What undoing one entry did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Undo {
    /// The field took its old value back.
    Restored,
    /// The entry records an event; no field holds it.
    Event,
    /// The entry names no field this row type logs, or its text does not decode.
    Unknown,
}

/// Puts the value an entry recorded as `old` back into `row`: the reverse of a change.
pub fn undo<M>(fields: &[LoggedField<M>], row: &mut M, field: &str, old: Option<&str>) -> Undo {
    match fields.iter().find(|f| f.name == field) {
        Some(f) if (f.restore)(row, old) => Undo::Restored,
        Some(_) => Undo::Unknown,
        None if events::ALL.contains(&field) => Undo::Event,
        None => Undo::Unknown,
    }
}

/// Every logged field of a problem of the register, in the order a write logs them. Who resolved
/// it and when are bookkeeping of the resolution, like a row's version, and are not logged.
pub const PROBLEM_FIELDS: [LoggedField<entity::problem::Model>; 6] = [
    LoggedField {
        name: "kind",
        column: "kind",
        text: |m| Some(m.kind.clone()),
        restore: |m, t| put(&mut m.kind, t.map(str::to_owned)),
    },
    LoggedField {
        name: "description",
        column: "description",
        text: |m| Some(m.description.clone()),
        restore: |m, t| put(&mut m.description, t.map(str::to_owned)),
    },
    LoggedField {
        name: "ownerUnit",
        column: "owner_unit",
        text: |m| m.owner_unit.clone(),
        restore: |m, t| put(&mut m.owner_unit, Some(t.map(str::to_owned))),
    },
    LoggedField {
        name: "dueOn",
        column: "due_on",
        text: |m| m.due_on.map(|d| d.to_string()),
        restore: |m, t| {
            let value = t.map_or(Some(None), |t| {
                t.parse::<chrono::NaiveDate>().ok().map(Some)
            });
            put(&mut m.due_on, value)
        },
    },
    LoggedField {
        name: "status",
        column: "status",
        text: |m| Some(m.status.clone()),
        restore: |m, t| put(&mut m.status, t.map(str::to_owned)),
    },
    LoggedField {
        name: "resolution",
        column: "resolution",
        text: |m| m.resolution.clone(),
        restore: |m, t| put(&mut m.resolution, Some(t.map(str::to_owned))),
    },
];

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use entity::ProjectStatus;
    use sea_orm::{ColumnTrait, Iterable};

    use super::*;

    /// Columns a write never changes, so nothing logs them: identity and placement (a key never
    /// changes once published), where the figures come from, and bookkeeping.
    // The chain columns are set once, when a later plan's listing is created, and logged then as
    // the `carriedFrom` event.
    const PROJECT_UNLOGGED: [&str; 13] = [
        "id",
        "carried_from_id",
        "physical_id",
        "key",
        "category_id",
        "list_id",
        "list_ordinal",
        "category_ordinal",
        "seq",
        "source",
        "version",
        "created_at",
        "updated_at",
    ];
    const PHASE_UNLOGGED: [&str; 6] = [
        "id",
        "project_id",
        "source",
        "version",
        "created_at",
        "updated_at",
    ];

    const ACTUAL_UNLOGGED: [&str; 7] = [
        "id",
        "indicator_id",
        "year",
        "recorded_by",
        "version",
        "created_at",
        "updated_at",
    ];

    fn actual(fill: bool) -> indicator_actual::Model {
        indicator_actual::Model {
            id: 4,
            indicator_id: 25,
            year: 2023,
            value_micro: fill.then_some(-12_400_000),
            growth_rate_micro: if fill { Some(10_690_000) } else { Some(0) },
            increase_micro: fill.then_some(31_000_000),
            met: if fill { Some(true) } else { Some(false) },
            note: fill.then(|| "统计公报".into()),
            source: if fill { None } else { Some("L127".into()) },
            recorded_by: "office".into(),
            version: 1,
            created_at: at(1),
            updated_at: at(1),
        }
    }

    #[test]
    fn every_actual_column_is_logged_or_never_written() {
        coverage::<indicator_actual::Column, _>(&INDICATOR_ACTUAL_FIELDS, &ACTUAL_UNLOGGED);
    }

    #[test]
    fn every_logged_actual_field_reads_back_its_old_value() {
        round_trip(&INDICATOR_ACTUAL_FIELDS, &actual(true), &actual(false));
    }

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, day, 8, 30, 0)
            .single()
            .unwrap_or_default()
    }

    fn project(fill: bool) -> project::Model {
        project::Model {
            id: 7,
            key: "DONGTOU-GREEN-08".into(),
            category_id: 3,
            list_id: 1,
            list_ordinal: 1,
            category_ordinal: 3,
            seq: 8,
            name: if fill { "甲".into() } else { "乙".into() },
            scope: if fill { "一期".into() } else { String::new() },
            start_year: fill.then_some(2018),
            end_year: if fill { Some(2025) } else { Some(2026) },
            total_investment_fen: fill.then_some(1_303_600_000_001),
            fyp_investment_fen: if fill { Some(1) } else { Some(0) },
            status: if fill {
                ProjectStatus::UnderConstruction
            } else {
                ProjectStatus::OnHold
            },
            location: fill.then(|| "小门岛".into()),
            land_area_micro_mu: fill.then_some(5_100_500_000),
            responsible_unit: fill.then(|| "区发改局".into()),
            source: None,
            archived_at: fill.then(|| at(30)),
            carried_from_id: None,
            physical_id: None,
            version: 1,
            created_at: at(1),
            updated_at: at(1),
        }
    }

    fn phase(fill: bool) -> phase::Model {
        phase::Model {
            id: 2,
            project_id: 7,
            ordinal: if fill { 2 } else { 3 },
            name: if fill {
                "二期".into()
            } else {
                "三期".into()
            },
            scope: if fill { "泊位".into() } else { String::new() },
            start_year: fill.then_some(2021),
            end_year: if fill { Some(2023) } else { None },
            total_investment_fen: fill.then_some(500_000_000),
            fyp_investment_fen: if fill { Some(499_999_999) } else { None },
            source: None,
            version: 1,
            created_at: at(1),
            updated_at: at(1),
        }
    }

    fn coverage<C: ColumnTrait + Iterable, M>(fields: &[LoggedField<M>], unlogged: &[&str]) {
        for column in C::iter() {
            let name = column.as_str();
            let logged = fields.iter().filter(|f| f.column == name).count();
            assert!(
                logged == 1 || (logged == 0 && unlogged.contains(&name)),
                "column {name} is neither logged once nor named as never written"
            );
        }
    }

    /// Every value of `a` differs from `b`'s, so each field must show up as a change; undoing the
    /// changes from `b` must give `a` back exactly, and the other way round.
    fn round_trip<M: Clone + PartialEq + std::fmt::Debug>(fields: &[LoggedField<M>], a: &M, b: &M) {
        for (from, to) in [(a, b), (b, a)] {
            let logged = diff(fields, from, to);
            let names: Vec<&str> = logged.iter().map(|c| c.field).collect();
            let every: Vec<&str> = fields.iter().map(|f| f.name).collect();
            assert_eq!(names, every, "a field's change went unlogged");
            let mut rebuilt = to.clone();
            for change in logged.iter().rev() {
                assert_eq!(
                    undo(fields, &mut rebuilt, change.field, change.old.as_deref()),
                    Undo::Restored,
                    "{} does not decode",
                    change.field
                );
            }
            assert_eq!(&rebuilt, from);
        }
    }

    #[test]
    fn every_project_column_is_logged_or_never_written() {
        coverage::<project::Column, _>(&PROJECT_FIELDS, &PROJECT_UNLOGGED);
    }

    #[test]
    fn every_phase_column_is_logged_or_never_written() {
        coverage::<phase::Column, _>(&PHASE_FIELDS, &PHASE_UNLOGGED);
    }

    #[test]
    fn every_logged_project_field_reads_back_its_old_value() {
        round_trip(&PROJECT_FIELDS, &project(true), &project(false));
    }

    #[test]
    fn every_logged_phase_field_reads_back_its_old_value() {
        round_trip(&PHASE_FIELDS, &phase(true), &phase(false));
    }

    #[test]
    fn events_are_not_fields_and_strangers_are_unknown() {
        let mut row = project(true);
        for event in events::ALL {
            assert_eq!(
                undo(&PROJECT_FIELDS, &mut row, event, Some("x")),
                Undo::Event
            );
        }
        assert_eq!(
            undo(&PROJECT_FIELDS, &mut row, "colour", Some("red")),
            Undo::Unknown
        );
        assert_eq!(
            undo(&PROJECT_FIELDS, &mut row, "totalInvestment", Some("1e5")),
            Undo::Unknown
        );
        assert_eq!(row, project(true));
    }

    /// Columns no entry names: identity, who raised the problem, and who resolved it and when,
    /// which the `status` and `resolution` entries of the resolution carry as their actor and time.
    const PROBLEM_UNLOGGED: [&str; 8] = [
        "id",
        "project_id",
        "raised_by",
        "resolved_by",
        "resolved_at",
        "version",
        "created_at",
        "updated_at",
    ];

    fn problem(fill: bool) -> entity::problem::Model {
        entity::problem::Model {
            id: 3,
            project_id: 7,
            kind: if fill { "LAND".into() } else { "OTHER".into() },
            description: if fill {
                "用地指标未落实".into()
            } else {
                String::new()
            },
            owner_unit: fill.then(|| "区自然资源和规划分局".into()),
            due_on: if fill {
                chrono::NaiveDate::from_ymd_opt(2026, 12, 31)
            } else {
                None
            },
            status: if fill {
                "RESOLVED".into()
            } else {
                "OPEN".into()
            },
            resolution: fill.then(|| "已调剂指标".into()),
            raised_by: "manager".into(),
            resolved_by: None,
            resolved_at: None,
            version: 1,
            created_at: at(1),
            updated_at: at(1),
        }
    }

    #[test]
    fn every_problem_column_is_logged_or_never_written() {
        coverage::<entity::problem::Column, _>(&PROBLEM_FIELDS, &PROBLEM_UNLOGGED);
    }

    #[test]
    fn every_logged_problem_field_reads_back_its_old_value() {
        round_trip(&PROBLEM_FIELDS, &problem(true), &problem(false));
    }
}
