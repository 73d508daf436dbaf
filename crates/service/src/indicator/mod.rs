//! The plan's indicators (表1-表3): baseline → target, yearly actuals, the figures derived from
//! them and a grade per indicator, as a mid-term or final evaluation prints them.
//!
//! - [`figure`]: exact figures in millionths of the printed unit;
//! - [`growth`]: required and achieved growth (n-th roots), rounding;
//! - [`evaluate`]: progress, elapsed share and the grade rules;
//! - [`cross_check`]: an investment target against the project lists' 14th-FYP investment;
//! - [`report`]: the evaluation table (counts per grade and group) as of a year;
//! - [`write`]: recording an actual value (and correcting it), with its change log;
//! - here: the values and the reads, each with its actuals in one extra statement.

pub mod cross_check;
pub mod evaluate;
pub mod figure;
pub mod growth;
pub mod report;
pub mod write;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{indicator, indicator_actual, indicator_note, plan, platform};
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::access::{Principal, require_read};
use crate::{ServiceError, ServiceResult};
use figure::opt;

pub use cross_check::{ListCheck, project_list_check};
pub use evaluate::{Evaluation, Grade, evaluate};
pub use report::{EvaluationReport, GradeCount, GroupCounts, indicator_evaluation};

/// Defines a closed set of names stored as text, with its parser.
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[$vmeta])* $variant),* }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The stored name.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }

            /// The value a stored name stands for.
            pub fn parse(text: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == text)
            }
        }
    };
}
pub(crate) use text_enum;

text_enum!(
    /// Which territory an indicator's figures cover; the document names both without defining
    /// them (Table 1's note 1: its figures are 大洞头 unless stated).
    Scope {
        /// 大洞头.
        Dadongtou = "DADONGTOU",
        /// 小洞头.
        Xiaodongtou = "XIAODONGTOU",
    }
);

text_enum!(
    /// What kind of figure an indicator is.
    Kind {
        /// A value in a year (output, counts, productivity).
        Level = "LEVEL",
        /// A total over the window's years (五年累计).
        Cumulative = "CUMULATIVE",
        /// A percentage share or rate.
        Share = "SHARE",
        /// A unitless index.
        Index = "INDEX",
        /// A target stated in words.
        Qualitative = "QUALITATIVE",
    }
);

text_enum!(
    /// Which way is better.
    Direction {
        /// Higher is better.
        Higher = "HIGHER",
        /// Lower is better (energy use per unit of value added).
        Lower = "LOWER",
    }
);

/// An actual value of an indicator for a year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actual {
    /// Surrogate id.
    pub id: i32,
    /// The indicator.
    pub indicator_id: i32,
    /// The year it speaks for.
    pub year: i32,
    /// The value; `None` is "cannot be measured", with the reason in `note`.
    pub value: Option<Decimal>,
    /// Actual average annual growth in percent, where the source states it.
    pub growth_rate: Option<Decimal>,
    /// Actual increase over the window, where the source states it.
    pub increase: Option<Decimal>,
    /// For a target in words: met or not.
    pub met: Option<bool>,
    /// Why, or what the value means.
    pub note: Option<String>,
    /// Where it comes from.
    pub source: Option<String>,
    /// Who recorded it.
    pub recorded_by: String,
    /// Corrections so far + 1.
    pub version: i32,
    /// When it was last recorded.
    pub updated_at: DateTime<Utc>,
}

impl From<indicator_actual::Model> for Actual {
    fn from(m: indicator_actual::Model) -> Self {
        Self {
            id: m.id,
            indicator_id: m.indicator_id,
            year: m.year,
            value: opt(m.value_micro),
            growth_rate: opt(m.growth_rate_micro),
            increase: opt(m.increase_micro),
            met: m.met,
            note: m.note,
            source: m.source,
            recorded_by: m.recorded_by,
            version: m.version,
            updated_at: m.updated_at,
        }
    }
}

/// An indicator with its actuals, oldest year first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Indicator {
    /// Surrogate id.
    pub id: i32,
    /// The plan.
    pub plan_id: i32,
    /// Stable code, e.g. `T3-01`.
    pub code: String,
    /// Table number as printed.
    pub table_no: i32,
    /// Territory.
    pub scope: Scope,
    /// Group as printed.
    pub group: Option<String>,
    /// Group in English.
    pub group_en: Option<String>,
    /// Row number in the table.
    pub ordinal: i32,
    /// Name as printed.
    pub name: String,
    /// English name.
    pub name_en: String,
    /// Unit as printed (`None`: unitless, printed `-`).
    pub unit: Option<String>,
    /// Kind of figure.
    pub kind: Kind,
    /// Which way is better.
    pub direction: Direction,
    /// Baseline year.
    pub baseline_year: i32,
    /// Baseline value, when printed.
    pub baseline: Option<Decimal>,
    /// Why the baseline is unknown.
    pub baseline_unknown: Option<String>,
    /// Target year.
    pub target_year: i32,
    /// Target value, when a number.
    pub target: Option<Decimal>,
    /// The target is a floor (`≥`).
    pub target_minimum: bool,
    /// A target in words.
    pub target_text: Option<String>,
    /// Why there is no target.
    pub target_unknown: Option<String>,
    /// Planned average annual growth, percent.
    pub planned_rate: Option<Decimal>,
    /// Planned increase over the window (bracketed).
    pub planned_increase: Option<Decimal>,
    /// Why no planned growth is given.
    pub planned_growth_unknown: Option<String>,
    /// Numbers of the notes concerning the row.
    pub note_numbers: Vec<i32>,
    /// The target is an investment total to set against the project lists.
    pub checks_project_lists: bool,
    /// Where in the document.
    pub source: String,
    /// Version; +1 per recorded value.
    pub version: i32,
    /// The recorded actuals, oldest year first.
    pub actuals: Vec<Actual>,
}

impl Indicator {
    fn new(m: indicator::Model, actuals: Vec<Actual>) -> ServiceResult<Self> {
        let broken = |what: &str| ServiceError::internal(format!("indicator {}: {what}", m.code));
        Ok(Self {
            id: m.id,
            plan_id: m.plan_id,
            scope: Scope::parse(&m.scope).ok_or_else(|| broken("scope"))?,
            kind: Kind::parse(&m.kind).ok_or_else(|| broken("kind"))?,
            direction: Direction::parse(&m.direction).ok_or_else(|| broken("direction"))?,
            note_numbers: m
                .note_numbers
                .as_deref()
                .unwrap_or_default()
                .split(',')
                .filter_map(|n| n.trim().parse().ok())
                .collect(),
            code: m.code,
            table_no: m.table_no,
            group: m.group_name,
            group_en: m.group_en,
            ordinal: m.ordinal,
            name: m.name,
            name_en: m.name_en,
            unit: m.unit,
            baseline_year: m.baseline_year,
            baseline: opt(m.baseline_micro),
            baseline_unknown: m.baseline_unknown,
            target_year: m.target_year,
            target: opt(m.target_micro),
            target_minimum: m.target_minimum,
            target_text: m.target_text,
            target_unknown: m.target_unknown,
            planned_rate: opt(m.planned_rate_micro),
            planned_increase: opt(m.planned_increase_micro),
            planned_growth_unknown: m.planned_growth_unknown,
            checks_project_lists: m.checks_project_lists,
            source: m.source,
            version: m.version,
            actuals,
        })
    }
}

/// A numbered note under a table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// Table number.
    pub table_no: i32,
    /// Number as printed.
    pub number: i32,
    /// Text as printed.
    pub text: String,
    /// English text.
    pub text_en: String,
    /// Where in the document.
    pub source: String,
}

/// A platform the plan names (a small and micro enterprise park).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Platform {
    /// Surrogate id.
    pub id: i32,
    /// Stable code.
    pub code: String,
    /// Row number.
    pub ordinal: i32,
    /// Name as printed.
    pub name: String,
    /// English name.
    pub name_en: String,
    /// Area in 亩, when printed.
    pub area_mu: Option<Decimal>,
    /// Plot (地块), when printed.
    pub plot: Option<String>,
    /// Location, when printed.
    pub location: Option<String>,
    /// Main industry as printed.
    pub industry: String,
    /// Where in the document.
    pub source: String,
}

/// Which indicators to read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IndicatorFilter {
    /// Only this plan's (by code).
    pub plan_code: Option<String>,
    /// Only this plan's (by id).
    pub plan_id: Option<i32>,
    /// Only this territory's.
    pub scope: Option<Scope>,
    /// Only this table's.
    pub table_no: Option<i32>,
}

async fn plan_id_of(db: &impl ConnectionTrait, code: &str) -> ServiceResult<Option<i32>> {
    Ok(plan::Entity::find()
        .filter(plan::Column::Code.eq(code))
        .one(db)
        .await?
        .map(|p| p.id))
}

/// Actuals of these indicators, oldest year first, in one statement.
async fn actuals_of(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> ServiceResult<HashMap<i32, Vec<Actual>>> {
    crate::batch::grouped_by::<indicator_actual::Entity, _>(
        db,
        indicator_actual::Column::IndicatorId,
        ids,
        indicator_actual::Column::Year,
        |m| m.indicator_id,
    )
    .await
}

/// The indicators `filter` chooses in table and row order, each with its actuals: two statements
/// (three with a plan code). An unknown plan code chooses none.
pub async fn list_indicators(
    db: &impl ConnectionTrait,
    principal: &Principal,
    filter: &IndicatorFilter,
) -> ServiceResult<Vec<Indicator>> {
    require_read(principal)?;
    let mut query = indicator::Entity::find()
        .order_by_asc(indicator::Column::PlanId)
        .order_by_asc(indicator::Column::TableNo)
        .order_by_asc(indicator::Column::Ordinal);
    if let Some(code) = &filter.plan_code {
        match plan_id_of(db, code).await? {
            Some(id) => query = query.filter(indicator::Column::PlanId.eq(id)),
            None => return Ok(Vec::new()),
        }
    }
    if let Some(id) = filter.plan_id {
        query = query.filter(indicator::Column::PlanId.eq(id));
    }
    if let Some(scope) = filter.scope {
        query = query.filter(indicator::Column::Scope.eq(scope.as_str()));
    }
    if let Some(table) = filter.table_no {
        query = query.filter(indicator::Column::TableNo.eq(table));
    }
    let rows = query.all(db).await?;
    let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
    let mut actuals = actuals_of(db, &ids).await?;
    rows.into_iter()
        .map(|m| {
            let own = actuals.remove(&m.id).unwrap_or_default();
            Indicator::new(m, own)
        })
        .collect()
}

/// One indicator with its actuals, or `NotFound`.
pub async fn get_indicator(
    db: &impl ConnectionTrait,
    principal: &Principal,
    id: i32,
) -> ServiceResult<Indicator> {
    require_read(principal)?;
    let row = indicator::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| ServiceError::not_found("indicator"))?;
    let own = actuals_of(db, &[id]).await?.remove(&id).unwrap_or_default();
    Indicator::new(row, own)
}

/// The notes under a plan's tables, in table and number order.
pub async fn list_notes(
    db: &impl ConnectionTrait,
    principal: &Principal,
    plan_id: i32,
) -> ServiceResult<Vec<Note>> {
    require_read(principal)?;
    let rows = indicator_note::Entity::find()
        .filter(indicator_note::Column::PlanId.eq(plan_id))
        .order_by_asc(indicator_note::Column::TableNo)
        .order_by_asc(indicator_note::Column::Number)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|m| Note {
            table_no: m.table_no,
            number: m.number,
            text: m.text,
            text_en: m.text_en,
            source: m.source,
        })
        .collect())
}

/// The platforms a plan names, in printed order.
pub async fn list_platforms(
    db: &impl ConnectionTrait,
    principal: &Principal,
    plan_id: i32,
) -> ServiceResult<Vec<Platform>> {
    require_read(principal)?;
    let rows = platform::Entity::find()
        .filter(platform::Column::PlanId.eq(plan_id))
        .order_by_asc(platform::Column::Ordinal)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|m| Platform {
            id: m.id,
            code: m.code,
            ordinal: m.ordinal,
            name: m.name,
            name_en: m.name_en,
            area_mu: opt(m.area_micro_mu),
            plot: m.plot,
            location: m.location,
            industry: m.industry,
            source: m.source,
        })
        .collect())
}
