//! The indicator tables, their notes and actuals, and the platforms: read and checked whole, then
//! inserted where missing (an indicator by code, an actual by indicator and year, a note by table
//! and number, a platform by code), in the seed's transaction.
//!
//! The files hold each cell as printed, and the conventions are decoded here, once, into meaning:
//! `[24]` an increase over the window, `—` not applicable, `-` not available, an empty cell,
//! `(not printed)` for a column the table does not have, `110（累计）` a cumulative target, `≥73`
//! a floor, `100%` a percentage, and words (`所有规上企业`) a target in words. Nothing stored is
//! left as printed text to be parsed later, and nothing unknown becomes 0.

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use entity::{indicator, indicator_actual, indicator_note, plan, platform};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
};
use serde::Deserialize;

use super::cells::{Cell, decode};
use super::validate::{csv_records, invalid, non_empty, positive};
use super::{SEED_ACTOR, SeedError};
use crate::indicator::{Direction, Kind, Scope};
use crate::money::parse_area;

pub(super) const INDICATORS_FILE: &str = "indicators.csv";
pub(super) const ACTUALS_FILE: &str = "indicator_actuals.csv";
pub(super) const NOTES_FILE: &str = "indicator_notes.csv";
pub(super) const PLATFORMS_FILE: &str = "platforms.csv";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct IndicatorRecord {
    code: String,
    table: String,
    scope: String,
    group: String,
    group_en: String,
    ordinal: String,
    name: String,
    name_en: String,
    unit: String,
    kind: String,
    direction: String,
    baseline_year: String,
    baseline: String,
    target_year: String,
    target: String,
    planned_growth: String,
    notes: String,
    checks_project_lists: String,
    source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ActualRecord {
    indicator: String,
    year: String,
    value: String,
    growth: String,
    source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NoteRecord {
    table: String,
    number: String,
    text: String,
    text_en: String,
    source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlatformRecord {
    code: String,
    ordinal: String,
    name: String,
    name_en: String,
    area_mu: String,
    plot: String,
    location: String,
    industry: String,
    source: String,
}

/// What the indicator files hold, checked.
pub(super) struct ValidIndicators {
    pub(super) indicators: Vec<indicator::Model>,
    pub(super) actuals: Vec<(String, indicator_actual::Model)>,
    pub(super) notes: Vec<indicator_note::Model>,
    pub(super) platforms: Vec<platform::Model>,
}

/// The four files' contents.
pub(super) struct IndicatorTexts<'a> {
    pub(super) indicators: &'a str,
    pub(super) actuals: &'a str,
    pub(super) notes: &'a str,
    pub(super) platforms: &'a str,
}

fn year(file: &str, line: u64, field: &str, text: &str) -> Result<i32, SeedError> {
    text.parse::<i32>()
        .ok()
        .filter(|y| (1949..=2100).contains(y))
        .ok_or_else(|| {
            invalid(
                file,
                line,
                format!("{field} `{text}` is not a plausible year"),
            )
        })
}

fn flag(file: &str, line: u64, field: &str, text: &str) -> Result<bool, SeedError> {
    text.parse()
        .map_err(|_| invalid(file, line, format!("{field} `{text}` is not true or false")))
}

fn some_text(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

/// Checks the four files whole.
pub(super) fn validate_indicators(
    texts: &IndicatorTexts<'_>,
) -> Result<ValidIndicators, SeedError> {
    let now = Utc::now();
    let mut notes = Vec::new();
    let mut note_text: HashMap<(i32, i32), String> = HashMap::new();
    for (line, r) in csv_records::<NoteRecord>(NOTES_FILE, texts.notes)? {
        let f = NOTES_FILE;
        let table_no = positive(f, line, "table", &r.table)?;
        let number = positive(f, line, "number", &r.number)?;
        non_empty(f, line, "text", &r.text)?;
        non_empty(f, line, "source", &r.source)?;
        if note_text
            .insert((table_no, number), r.text.clone())
            .is_some()
        {
            return Err(invalid(
                f,
                line,
                format!("note {number} of table {table_no} appears twice"),
            ));
        }
        notes.push(indicator_note::Model {
            id: 0,
            plan_id: 0,
            table_no,
            number,
            text: r.text,
            text_en: r.text_en,
            source: r.source,
        });
    }

    let mut indicators = Vec::new();
    let mut codes = HashSet::new();
    let mut places = HashSet::new();
    for (line, r) in csv_records::<IndicatorRecord>(INDICATORS_FILE, texts.indicators)? {
        let f = INDICATORS_FILE;
        let bad = |message: String| invalid(f, line, message);
        for (field, text) in [
            ("code", &r.code),
            ("name", &r.name),
            ("name_en", &r.name_en),
            ("source", &r.source),
        ] {
            non_empty(f, line, field, text)?;
        }
        let table_no = positive(f, line, "table", &r.table)?;
        let ordinal = positive(f, line, "ordinal", &r.ordinal)?;
        if !codes.insert(r.code.clone()) || !places.insert((table_no, ordinal)) {
            return Err(bad(format!(
                "{} (table {table_no}, row {ordinal}) appears twice",
                r.code
            )));
        }
        let scope = Scope::parse(&r.scope).ok_or_else(|| {
            bad(format!(
                "scope `{}` is not DADONGTOU or XIAODONGTOU",
                r.scope
            ))
        })?;
        let kind =
            Kind::parse(&r.kind).ok_or_else(|| bad(format!("kind `{}` is unknown", r.kind)))?;
        let direction = Direction::parse(&r.direction).ok_or_else(|| {
            bad(format!(
                "direction `{}` is not HIGHER or LOWER",
                r.direction
            ))
        })?;
        let baseline_year = year(f, line, "baseline_year", &r.baseline_year)?;
        let target_year = year(f, line, "target_year", &r.target_year)?;
        if baseline_year >= target_year {
            return Err(bad("the baseline year is not before the target year".into()));
        }
        let unit = (r.unit != "-")
            .then(|| r.unit.clone())
            .filter(|u| !u.is_empty());
        let cell = |field: &str, text: &str| decode(text).map_err(|e| bad(format!("{field}: {e}")));
        let percent_ok = |field: &str| {
            if unit.as_deref() == Some("%") {
                Ok(())
            } else {
                Err(bad(format!(
                    "{field}: a percentage in a row whose unit is not %"
                )))
            }
        };
        let (baseline_micro, baseline_unknown) = match cell("baseline", &r.baseline)? {
            Cell::Value(v) => (Some(v), None),
            Cell::Blank(reason) => (None, Some(reason.to_owned())),
            other => return Err(bad(format!("baseline: {other} is not a baseline"))),
        };
        let mut target = indicator::Model {
            id: 0,
            plan_id: 0,
            code: r.code.clone(),
            table_no,
            scope: scope.as_str().into(),
            group_name: some_text(r.group),
            group_en: some_text(r.group_en),
            ordinal,
            name: r.name,
            name_en: r.name_en,
            unit: unit.clone(),
            kind: kind.as_str().into(),
            direction: direction.as_str().into(),
            baseline_year,
            baseline_micro,
            baseline_unknown,
            target_year,
            target_micro: None,
            target_minimum: false,
            target_text: None,
            target_unknown: None,
            planned_rate_micro: None,
            planned_increase_micro: None,
            planned_growth_unknown: None,
            note_numbers: None,
            checks_project_lists: false,
            source: r.source,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        match cell("target", &r.target)? {
            Cell::Value(v) => target.target_micro = Some(v),
            Cell::Percent(v) => {
                percent_ok("target")?;
                target.target_micro = Some(v);
            }
            Cell::Minimum(v) => {
                target.target_micro = Some(v);
                target.target_minimum = true;
            }
            Cell::Cumulative(v) if kind == Kind::Cumulative => target.target_micro = Some(v),
            Cell::Words(words) if kind == Kind::Qualitative => target.target_text = Some(words),
            Cell::Blank(reason) => target.target_unknown = Some(reason.to_owned()),
            other => {
                return Err(bad(format!(
                    "target: {other} does not fit kind {}",
                    kind.as_str()
                )));
            }
        }
        if kind == Kind::Qualitative && target.target_text.is_none() {
            return Err(bad("a QUALITATIVE indicator needs a target in words".into()));
        }
        match cell("planned_growth", &r.planned_growth)? {
            Cell::Value(v) => target.planned_rate_micro = Some(v),
            Cell::Increase(v) => target.planned_increase_micro = Some(v),
            Cell::Blank(reason) => target.planned_growth_unknown = Some(reason.to_owned()),
            other => return Err(bad(format!("planned_growth: {other} is not a growth"))),
        }
        let mut numbers = Vec::new();
        for n in r.notes.split(',').filter(|n| !n.is_empty()) {
            let number = positive(f, line, "notes", n)?;
            if !note_text.contains_key(&(table_no, number)) {
                return Err(bad(format!(
                    "note {number} of table {table_no} is not in {NOTES_FILE}"
                )));
            }
            numbers.push(number.to_string());
        }
        target.note_numbers = (!numbers.is_empty()).then(|| numbers.join(","));
        target.checks_project_lists =
            flag(f, line, "checks_project_lists", &r.checks_project_lists)?;
        if target.checks_project_lists && kind != Kind::Cumulative {
            return Err(bad(
                "only a cumulative target can be set against the project lists".into(),
            ));
        }
        indicators.push(target);
    }

    let by_code: HashMap<&str, &indicator::Model> =
        indicators.iter().map(|i| (i.code.as_str(), i)).collect();
    let mut actuals = Vec::new();
    let mut seen = HashSet::new();
    for (line, r) in csv_records::<ActualRecord>(ACTUALS_FILE, texts.actuals)? {
        let f = ACTUALS_FILE;
        let bad = |message: String| invalid(f, line, message);
        let ind = by_code
            .get(r.indicator.as_str())
            .ok_or_else(|| bad(format!("{} is not in {INDICATORS_FILE}", r.indicator)))?;
        let year = year(f, line, "year", &r.year)?;
        if !(ind.baseline_year..=ind.target_year).contains(&year)
            || !seen.insert((ind.code.clone(), year))
        {
            return Err(bad(format!(
                "{year} is outside {}'s years or appears twice",
                ind.code
            )));
        }
        non_empty(f, line, "source", &r.source)?;
        let mut why = Vec::new();
        let value_micro = match decode(&r.value).map_err(|e| bad(format!("value: {e}")))? {
            Cell::Value(v) => Some(v),
            Cell::Percent(v) if ind.unit.as_deref() == Some("%") => Some(v),
            Cell::Blank(reason) => {
                why.push(format!("value {reason}"));
                None
            }
            other => return Err(bad(format!("value: {other} is not an actual value"))),
        };
        let mut actual = indicator_actual::Model {
            id: 0,
            indicator_id: 0,
            year,
            value_micro,
            growth_rate_micro: None,
            increase_micro: None,
            met: None,
            note: None,
            source: Some(r.source),
            recorded_by: SEED_ACTOR.into(),
            version: 1,
            created_at: now,
            updated_at: now,
        };
        match decode(&r.growth).map_err(|e| bad(format!("growth: {e}")))? {
            Cell::Value(v) => actual.growth_rate_micro = Some(v),
            Cell::Increase(v) => actual.increase_micro = Some(v),
            Cell::Blank(reason) => why.push(format!("growth {reason}")),
            other => return Err(bad(format!("growth: {other} is not a growth"))),
        }
        // The table's notes say why a figure could not be measured; they travel with the actual.
        for n in ind.note_numbers.as_deref().unwrap_or_default().split(',') {
            if let Some(text) = n
                .parse()
                .ok()
                .and_then(|n: i32| note_text.get(&(ind.table_no, n)))
                .filter(|_| n != "1")
            {
                why.push(format!("note {n}: {text}"));
            }
        }
        actual.note = (!why.is_empty()).then(|| why.join("; "));
        actuals.push((ind.code.clone(), actual));
    }

    let mut platforms = Vec::new();
    let mut platform_codes = HashSet::new();
    for (line, r) in csv_records::<PlatformRecord>(PLATFORMS_FILE, texts.platforms)? {
        let f = PLATFORMS_FILE;
        for (field, text) in [
            ("code", &r.code),
            ("name", &r.name),
            ("name_en", &r.name_en),
            ("industry", &r.industry),
            ("source", &r.source),
        ] {
            non_empty(f, line, field, text)?;
        }
        if !platform_codes.insert(r.code.clone()) {
            return Err(invalid(f, line, format!("{} appears twice", r.code)));
        }
        let area_micro_mu = match r.area_mu.as_str() {
            "" => None,
            text => Some(parse_area(text).map_err(|e| invalid(f, line, format!("area_mu: {e}")))?),
        };
        platforms.push(platform::Model {
            id: 0,
            plan_id: 0,
            code: r.code,
            ordinal: positive(f, line, "ordinal", &r.ordinal)?,
            name: r.name,
            name_en: r.name_en,
            area_micro_mu,
            plot: some_text(r.plot),
            location: some_text(r.location),
            industry: r.industry,
            source: r.source,
            created_at: now,
        });
    }
    Ok(ValidIndicators {
        indicators,
        actuals,
        notes,
        platforms,
    })
}

/// Inserts what is missing; returns the rows inserted and those already present.
pub(super) async fn write(
    txn: &impl ConnectionTrait,
    plan_code: &str,
    valid: ValidIndicators,
) -> Result<(u64, u64), SeedError> {
    let plan_id = plan::Entity::find()
        .filter(plan::Column::Code.eq(plan_code))
        .one(txn)
        .await?
        .map(|p| p.id)
        .ok_or_else(|| crate::ServiceError::not_found(format!("plan {plan_code}")))?;
    let (mut inserted, mut unchanged) = (0, 0);

    let notes: HashSet<(i32, i32)> = indicator_note::Entity::find()
        .filter(indicator_note::Column::PlanId.eq(plan_id))
        .select_only()
        .column(indicator_note::Column::TableNo)
        .column(indicator_note::Column::Number)
        .into_tuple::<(i32, i32)>()
        .all(txn)
        .await?
        .into_iter()
        .collect();
    for mut note in valid.notes {
        if notes.contains(&(note.table_no, note.number)) {
            unchanged += 1;
            continue;
        }
        note.plan_id = plan_id;
        let mut active = indicator_note::ActiveModel::from(note).reset_all();
        active.id = sea_orm::ActiveValue::NotSet;
        active.insert(txn).await?;
        inserted += 1;
    }

    let mut ids: HashMap<String, i32> = indicator::Entity::find()
        .select_only()
        .column(indicator::Column::Code)
        .column(indicator::Column::Id)
        .into_tuple::<(String, i32)>()
        .all(txn)
        .await?
        .into_iter()
        .collect();
    for mut row in valid.indicators {
        if ids.contains_key(&row.code) {
            unchanged += 1;
            continue;
        }
        row.plan_id = plan_id;
        let code = row.code.clone();
        let mut active = indicator::ActiveModel::from(row).reset_all();
        active.id = sea_orm::ActiveValue::NotSet;
        let saved = active.insert(txn).await?;
        ids.insert(code, saved.id);
        inserted += 1;
    }

    let actuals: HashSet<(i32, i32)> = indicator_actual::Entity::find()
        .select_only()
        .column(indicator_actual::Column::IndicatorId)
        .column(indicator_actual::Column::Year)
        .into_tuple::<(i32, i32)>()
        .all(txn)
        .await?
        .into_iter()
        .collect();
    for (code, mut row) in valid.actuals {
        let id = ids[&code];
        if actuals.contains(&(id, row.year)) {
            unchanged += 1;
            continue;
        }
        row.indicator_id = id;
        let mut active = indicator_actual::ActiveModel::from(row).reset_all();
        active.id = sea_orm::ActiveValue::NotSet;
        active.insert(txn).await?;
        inserted += 1;
    }

    let platforms: HashSet<String> = platform::Entity::find()
        .select_only()
        .column(platform::Column::Code)
        .into_tuple::<String>()
        .all(txn)
        .await?
        .into_iter()
        .collect();
    for mut row in valid.platforms {
        if platforms.contains(&row.code) {
            unchanged += 1;
            continue;
        }
        row.plan_id = plan_id;
        let mut active = platform::ActiveModel::from(row).reset_all();
        active.id = sea_orm::ActiveValue::NotSet;
        active.insert(txn).await?;
        inserted += 1;
    }
    Ok((inserted, unchanged))
}
