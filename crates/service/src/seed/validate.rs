//! Reading and checking the seed files, whole, before anything is written: every problem is
//! reported with its file, line and reason.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::Deserialize;

use super::{PHASES_FILE, PLAN_FILE, PROJECTS_FILE, SeedError, UNKNOWN};
use crate::figures::{Figures, Period};
use crate::money::{Amount, parse_area};
use crate::project::project_key;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PlanFile {
    pub(super) plan: PlanSeed,
    pub(super) lists: Vec<ListSeed>,
    pub(super) categories: Vec<CategorySeed>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PlanSeed {
    pub(super) code: String,
    pub(super) title: String,
    pub(super) title_en: String,
    pub(super) window_start: i32,
    pub(super) window_end: i32,
    pub(super) issued_on: Option<String>,
    pub(super) issuer: Option<String>,
    pub(super) source: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ListSeed {
    pub(super) code: String,
    pub(super) ordinal: i32,
    pub(super) appendix: Option<String>,
    pub(super) title: String,
    pub(super) title_en: String,
    pub(super) unit: String,
    pub(super) declared_total_investment: Option<String>,
    pub(super) declared_fyp_investment: Option<String>,
    pub(super) note: Option<String>,
    pub(super) source: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CategorySeed {
    pub(super) list: String,
    pub(super) code: String,
    pub(super) ordinal: i32,
    pub(super) heading: String,
    pub(super) name: String,
    pub(super) name_en: String,
    pub(super) declared_project_count: Option<i32>,
    pub(super) declared_total_investment: Option<String>,
    pub(super) declared_fyp_investment: Option<String>,
    pub(super) confirmed: bool,
    pub(super) source: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ProjectRecord {
    pub(super) list: String,
    pub(super) category: String,
    pub(super) seq: String,
    pub(super) name: String,
    pub(super) scope: String,
    pub(super) period: String,
    pub(super) total_investment: String,
    pub(super) fyp_investment: String,
    pub(super) location: String,
    pub(super) land_area_mu: String,
    pub(super) source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PhaseRecord {
    pub(super) project: String,
    pub(super) ordinal: String,
    pub(super) name: String,
    pub(super) scope: String,
    pub(super) period: String,
    pub(super) total_investment: String,
    pub(super) fyp_investment: String,
    pub(super) source: String,
}

/// A validated plan file with amounts in fen.
pub(super) struct ValidPlan {
    pub(super) plan: PlanSeed,
    pub(super) issued_on: Option<NaiveDate>,
    pub(super) lists: Vec<(ListSeed, Option<i64>, Option<i64>)>,
    pub(super) categories: Vec<(CategorySeed, Option<i64>, Option<i64>)>,
}

pub(super) struct ValidProject {
    pub(super) key: String,
    pub(super) list: String,
    pub(super) category: String,
    pub(super) seq: i32,
    pub(super) name: String,
    pub(super) scope: String,
    pub(super) figures: Figures,
    pub(super) location: Option<String>,
    pub(super) land_area_micro_mu: Option<i64>,
    pub(super) source: String,
}

pub(super) struct ValidPhase {
    pub(super) project_key: String,
    pub(super) ordinal: i32,
    pub(super) name: String,
    pub(super) scope: String,
    pub(super) figures: Figures,
    pub(super) source: String,
}

pub(super) fn invalid(file: &str, line: u64, message: impl Into<String>) -> SeedError {
    SeedError::Invalid {
        file: file.to_owned(),
        line,
        message: message.into(),
    }
}

/// A declared or printed amount: a plain decimal of 万元.
pub(super) fn declared_amount(
    file: &str,
    line: u64,
    field: &str,
    text: &str,
) -> Result<i64, SeedError> {
    text.parse::<Amount>()
        .map(Amount::fen)
        .map_err(|e| invalid(file, line, format!("{field}: {e}")))
}

/// A printed amount that may be `待定`. An empty cell is refused unless allowed: unknown must be
/// said.
pub(super) fn cell_amount(
    file: &str,
    line: u64,
    field: &str,
    text: &str,
    empty_is_unknown: bool,
) -> Result<Option<Amount>, SeedError> {
    match text {
        UNKNOWN => Ok(None),
        "" if empty_is_unknown => Ok(None),
        "" => Err(invalid(
            file,
            line,
            format!("{field} is empty; write {UNKNOWN} for an unknown amount"),
        )),
        text => declared_amount(file, line, field, text).map(Amount::from_fen),
    }
}

/// A row's period and amounts, under the same rules as every write ([`Figures::new`]).
pub(super) fn row_figures(
    file: &str,
    line: u64,
    (period, total, fyp): (&str, &str, &str),
    empty_is_unknown: bool,
) -> Result<Figures, SeedError> {
    let period =
        Period::parse(period, empty_is_unknown).map_err(|e| invalid(file, line, e.to_string()))?;
    let total = cell_amount(file, line, "total_investment", total, empty_is_unknown)?;
    let fyp = cell_amount(file, line, "fyp_investment", fyp, empty_is_unknown)?;
    Figures::new(period, total, fyp).map_err(|e| invalid(file, line, e.to_string()))
}

pub(super) fn positive(file: &str, line: u64, field: &str, text: &str) -> Result<i32, SeedError> {
    text.parse::<i32>().ok().filter(|n| *n > 0).ok_or_else(|| {
        invalid(
            file,
            line,
            format!("{field} `{text}` is not a positive integer"),
        )
    })
}

pub(super) fn non_empty(file: &str, line: u64, field: &str, text: &str) -> Result<(), SeedError> {
    if text.trim().is_empty() {
        Err(invalid(file, line, format!("{field} is empty")))
    } else if text.trim() != text {
        Err(invalid(
            file,
            line,
            format!("{field} has leading or trailing white space"),
        ))
    } else {
        Ok(())
    }
}

/// Declared totals obey the row rule: the 14th-FYP part never exceeds the total.
pub(super) fn fyp_within_total(
    file: &str,
    line: u64,
    total: Option<i64>,
    fyp: Option<i64>,
) -> Result<(), SeedError> {
    Figures::new(
        Period::default(),
        total.and_then(Amount::from_fen),
        fyp.and_then(Amount::from_fen),
    )
    .map(drop)
    .map_err(|e| invalid(file, line, e.to_string()))
}

pub(super) fn validate_plan(text: &str) -> Result<ValidPlan, SeedError> {
    let file: PlanFile = toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|span| text[..span.start].matches('\n').count() as u64 + 1)
            .unwrap_or(0);
        invalid(PLAN_FILE, line, e.message().to_owned())
    })?;
    let at = |needle: &str| {
        text.find(needle)
            .map(|i| text[..i].matches('\n').count() as u64 + 1)
            .unwrap_or(0)
    };
    if file.plan.window_start > file.plan.window_end {
        return Err(invalid(
            PLAN_FILE,
            at("window_start"),
            "the plan window ends before it starts",
        ));
    }
    let issued_on = file
        .plan
        .issued_on
        .as_deref()
        .map(|d| {
            NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_err(|e| invalid(PLAN_FILE, at("issued_on"), format!("issued_on `{d}`: {e}")))
        })
        .transpose()?;
    let mut lists = Vec::new();
    let mut list_codes = HashSet::new();
    for list in file.lists {
        let line = at(&format!("code = \"{}\"", list.code));
        if !list_codes.insert(list.code.clone()) {
            return Err(invalid(
                PLAN_FILE,
                line,
                format!("list {} appears twice", list.code),
            ));
        }
        let total = list
            .declared_total_investment
            .as_deref()
            .map(|t| declared_amount(PLAN_FILE, line, "declared_total_investment", t))
            .transpose()?;
        let fyp = list
            .declared_fyp_investment
            .as_deref()
            .map(|t| declared_amount(PLAN_FILE, line, "declared_fyp_investment", t))
            .transpose()?;
        fyp_within_total(PLAN_FILE, line, total, fyp)?;
        lists.push((list, total, fyp));
    }
    let mut categories = Vec::new();
    let mut category_keys = HashSet::new();
    for category in file.categories {
        let line = at(&format!("heading = \"{}\"", category.heading));
        if !list_codes.contains(&category.list) {
            return Err(invalid(
                PLAN_FILE,
                line,
                format!(
                    "category {} names unknown list {}",
                    category.code, category.list
                ),
            ));
        }
        if !category_keys.insert((category.list.clone(), category.code.clone())) {
            return Err(invalid(
                PLAN_FILE,
                line,
                format!("category {}-{} appears twice", category.list, category.code),
            ));
        }
        let total = category
            .declared_total_investment
            .as_deref()
            .map(|t| declared_amount(PLAN_FILE, line, "declared_total_investment", t))
            .transpose()?;
        let fyp = category
            .declared_fyp_investment
            .as_deref()
            .map(|t| declared_amount(PLAN_FILE, line, "declared_fyp_investment", t))
            .transpose()?;
        fyp_within_total(PLAN_FILE, line, total, fyp)?;
        categories.push((category, total, fyp));
    }
    Ok(ValidPlan {
        plan: file.plan,
        issued_on,
        lists,
        categories,
    })
}

pub(super) fn csv_records<T: serde::de::DeserializeOwned>(
    file: &str,
    text: &str,
) -> Result<Vec<(u64, T)>, SeedError> {
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| invalid(file, 1, e.to_string()))?
        .clone();
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            invalid(file, line, e.to_string())
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let row: T = record
            .deserialize(Some(&headers))
            .map_err(|e| invalid(file, line, e.to_string()))?;
        out.push((line, row));
    }
    Ok(out)
}

pub(super) fn validate_projects(
    plan: &ValidPlan,
    text: &str,
) -> Result<Vec<ValidProject>, SeedError> {
    let categories: HashSet<(&str, &str)> = plan
        .categories
        .iter()
        .map(|(c, _, _)| (c.list.as_str(), c.code.as_str()))
        .collect();
    let mut keys = HashSet::new();
    let mut out = Vec::new();
    for (line, r) in csv_records::<ProjectRecord>(PROJECTS_FILE, text)? {
        let f = PROJECTS_FILE;
        if !categories.contains(&(r.list.as_str(), r.category.as_str())) {
            return Err(invalid(
                f,
                line,
                format!("category {}-{} is not in {PLAN_FILE}", r.list, r.category),
            ));
        }
        let seq = positive(f, line, "seq", &r.seq)?;
        let key = project_key(&r.list, &r.category, seq);
        if !keys.insert(key.clone()) {
            return Err(invalid(f, line, format!("project {key} appears twice")));
        }
        non_empty(f, line, "name", &r.name)?;
        non_empty(f, line, "scope", &r.scope)?;
        non_empty(f, line, "source", &r.source)?;
        let cells = (&*r.period, &*r.total_investment, &*r.fyp_investment);
        let figures = row_figures(f, line, cells, false)?;
        let land_area_micro_mu = match r.land_area_mu.as_str() {
            "" => None,
            text => {
                Some(parse_area(text).map_err(|e| invalid(f, line, format!("land_area_mu: {e}")))?)
            }
        };
        out.push(ValidProject {
            key,
            list: r.list,
            category: r.category,
            seq,
            name: r.name,
            scope: r.scope,
            figures,
            location: Some(r.location).filter(|l| !l.is_empty()),
            land_area_micro_mu,
            source: r.source,
        });
    }
    Ok(out)
}

pub(super) fn validate_phases(
    projects: &[ValidProject],
    text: &str,
) -> Result<Vec<ValidPhase>, SeedError> {
    let known: HashSet<&str> = projects.iter().map(|p| p.key.as_str()).collect();
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (line, r) in csv_records::<PhaseRecord>(PHASES_FILE, text)? {
        let f = PHASES_FILE;
        if !known.contains(r.project.as_str()) {
            return Err(invalid(
                f,
                line,
                format!("project {} is not in {PROJECTS_FILE}", r.project),
            ));
        }
        let ordinal = positive(f, line, "ordinal", &r.ordinal)?;
        if !seen.insert((r.project.clone(), ordinal)) {
            return Err(invalid(
                f,
                line,
                format!("phase {ordinal} of {} appears twice", r.project),
            ));
        }
        non_empty(f, line, "name", &r.name)?;
        non_empty(f, line, "scope", &r.scope)?;
        // The document states no period or amount for most phases: empty means not stated.
        let cells = (&*r.period, &*r.total_investment, &*r.fyp_investment);
        let figures = row_figures(f, line, cells, true)?;
        out.push(ValidPhase {
            project_key: r.project,
            ordinal,
            name: r.name,
            scope: r.scope,
            figures,
            source: r.source,
        });
    }
    Ok(out)
}
