//! Loading the plan's lists from `seeds/`: validated whole before anything is written, then written
//! in one transaction, idempotently (a row whose natural key exists is left as it is).
//!
//! The files are compiled into the binary, so `portfolio seed` works from any directory; a directory
//! can be named instead to load edited copies.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::{NaiveDate, Utc};
use entity::{ProjectStatus, category, change_log, phase, plan, project, project_list};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set,
    TransactionTrait,
};
use serde::Deserialize;

use crate::ServiceError;
use crate::figures::{Figures, Period};
use crate::money::{Amount, parse_area};
use crate::project::project_key;

/// The actor recorded in the change log for rows the seed creates.
pub const SEED_ACTOR: &str = "seed";
pub use crate::figures::UNKNOWN;

const PLAN_FILE: &str = "plan.toml";
const PROJECTS_FILE: &str = "projects.csv";
const PHASES_FILE: &str = "phases.csv";

/// The three seed files' contents.
#[derive(Clone, Debug)]
pub struct SeedFiles {
    /// `plan.toml`: plan, lists, categories.
    pub plan: String,
    /// `projects.csv`.
    pub projects: String,
    /// `phases.csv`.
    pub phases: String,
}

impl SeedFiles {
    /// The files shipped in `seeds/`, as compiled into the binary.
    pub fn embedded() -> Self {
        Self {
            plan: include_str!("../../../seeds/plan.toml").to_owned(),
            projects: include_str!("../../../seeds/projects.csv").to_owned(),
            phases: include_str!("../../../seeds/phases.csv").to_owned(),
        }
    }

    /// The files of a directory laid out like `seeds/`.
    pub fn from_dir(dir: &Path) -> Result<Self, SeedError> {
        let read = |name: &str| {
            std::fs::read_to_string(dir.join(name)).map_err(|e| SeedError::Invalid {
                file: dir.join(name).display().to_string(),
                line: 0,
                message: format!("cannot read: {e}"),
            })
        };
        Ok(Self {
            plan: read(PLAN_FILE)?,
            projects: read(PROJECTS_FILE)?,
            phases: read(PHASES_FILE)?,
        })
    }
}

/// Why seeding failed. An invalid file changes nothing in the database.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    /// A file or row breaks a rule.
    #[error("{file}:{line}: {message}")]
    Invalid {
        /// The seed file.
        file: String,
        /// 1-based line of the offending row (0 when the whole file is at fault).
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// Writing failed; the transaction was rolled back.
    #[error(transparent)]
    Service(#[from] ServiceError),
}

impl From<sea_orm::DbErr> for SeedError {
    fn from(err: sea_orm::DbErr) -> Self {
        Self::Service(err.into())
    }
}

/// What a seed run did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SeedReport {
    /// Rows inserted: plans, lists, categories, projects, phases.
    pub inserted: [u64; 5],
    /// Rows already present and left unchanged.
    pub unchanged: u64,
}

impl SeedReport {
    /// Total rows inserted.
    pub fn inserted_total(&self) -> u64 {
        self.inserted.iter().sum()
    }
}

impl std::fmt::Display for SeedReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let [plans, lists, categories, projects, phases] = self.inserted;
        write!(
            f,
            "inserted {plans} plan(s), {lists} list(s), {categories} categories, {projects} projects, \
             {phases} phases; {} row(s) already present and left unchanged",
            self.unchanged
        )
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanFile {
    plan: PlanSeed,
    lists: Vec<ListSeed>,
    categories: Vec<CategorySeed>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanSeed {
    code: String,
    title: String,
    title_en: String,
    window_start: i32,
    window_end: i32,
    issued_on: Option<String>,
    issuer: Option<String>,
    source: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ListSeed {
    code: String,
    ordinal: i32,
    appendix: Option<String>,
    title: String,
    title_en: String,
    unit: String,
    declared_total_investment: Option<String>,
    declared_fyp_investment: Option<String>,
    note: Option<String>,
    source: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CategorySeed {
    list: String,
    code: String,
    ordinal: i32,
    heading: String,
    name: String,
    name_en: String,
    declared_project_count: Option<i32>,
    declared_total_investment: Option<String>,
    declared_fyp_investment: Option<String>,
    confirmed: bool,
    source: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProjectRecord {
    list: String,
    category: String,
    seq: String,
    name: String,
    scope: String,
    period: String,
    total_investment: String,
    fyp_investment: String,
    location: String,
    land_area_mu: String,
    source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PhaseRecord {
    project: String,
    ordinal: String,
    name: String,
    scope: String,
    period: String,
    total_investment: String,
    fyp_investment: String,
    source: String,
}

/// A validated plan file with amounts in fen.
struct ValidPlan {
    plan: PlanSeed,
    issued_on: Option<NaiveDate>,
    lists: Vec<(ListSeed, Option<i64>, Option<i64>)>,
    categories: Vec<(CategorySeed, Option<i64>, Option<i64>)>,
}

struct ValidProject {
    key: String,
    list: String,
    category: String,
    seq: i32,
    name: String,
    scope: String,
    figures: Figures,
    location: Option<String>,
    land_area_micro_mu: Option<i64>,
    source: String,
}

struct ValidPhase {
    project_key: String,
    ordinal: i32,
    name: String,
    scope: String,
    figures: Figures,
    source: String,
}

fn invalid(file: &str, line: u64, message: impl Into<String>) -> SeedError {
    SeedError::Invalid {
        file: file.to_owned(),
        line,
        message: message.into(),
    }
}

/// A declared or printed amount: a plain decimal of 万元.
fn declared_amount(file: &str, line: u64, field: &str, text: &str) -> Result<i64, SeedError> {
    text.parse::<Amount>()
        .map(Amount::fen)
        .map_err(|e| invalid(file, line, format!("{field}: {e}")))
}

/// A printed amount that may be `待定`. An empty cell is refused unless allowed: unknown must be
/// said.
fn cell_amount(
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
fn row_figures(
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

fn positive(file: &str, line: u64, field: &str, text: &str) -> Result<i32, SeedError> {
    text.parse::<i32>().ok().filter(|n| *n > 0).ok_or_else(|| {
        invalid(
            file,
            line,
            format!("{field} `{text}` is not a positive integer"),
        )
    })
}

fn non_empty(file: &str, line: u64, field: &str, text: &str) -> Result<(), SeedError> {
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
fn fyp_within_total(
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

fn validate_plan(text: &str) -> Result<ValidPlan, SeedError> {
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

fn csv_records<T: serde::de::DeserializeOwned>(
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

fn validate_projects(plan: &ValidPlan, text: &str) -> Result<Vec<ValidProject>, SeedError> {
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

fn validate_phases(projects: &[ValidProject], text: &str) -> Result<Vec<ValidPhase>, SeedError> {
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

/// Checks the files without touching a database; returns the number of projects and phases.
pub fn validate(files: &SeedFiles) -> Result<(usize, usize), SeedError> {
    let plan = validate_plan(&files.plan)?;
    let projects = validate_projects(&plan, &files.projects)?;
    let phases = validate_phases(&projects, &files.phases)?;
    Ok((projects.len(), phases.len()))
}

/// Validates the files, then inserts what is missing in one transaction.
pub async fn seed(
    db: &sea_orm::DatabaseConnection,
    files: &SeedFiles,
) -> Result<SeedReport, SeedError> {
    let plan = validate_plan(&files.plan)?;
    let projects = validate_projects(&plan, &files.projects)?;
    let phases = validate_phases(&projects, &files.phases)?;

    let txn = db.begin().await?;
    let report = write(&txn, plan, projects, phases).await?;
    txn.commit().await?;
    tracing::info!(%report, "seed applied");
    Ok(report)
}

async fn write(
    txn: &impl ConnectionTrait,
    valid: ValidPlan,
    projects: Vec<ValidProject>,
    phases: Vec<ValidPhase>,
) -> Result<SeedReport, SeedError> {
    let now = Utc::now();
    let mut report = SeedReport::default();
    let mut log = Vec::new();

    let plan_id = match plan::Entity::find()
        .filter(plan::Column::Code.eq(&valid.plan.code))
        .one(txn)
        .await?
    {
        Some(existing) => {
            report.unchanged += 1;
            existing.id
        }
        None => {
            let p = valid.plan;
            let row = plan::ActiveModel {
                code: Set(p.code),
                title: Set(p.title),
                title_en: Set(p.title_en),
                window_start: Set(p.window_start),
                window_end: Set(p.window_end),
                issued_on: Set(valid.issued_on),
                issuer: Set(p.issuer),
                source: Set(p.source),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            report.inserted[0] += 1;
            row.id
        }
    };

    let mut list_ids: HashMap<String, i32> = project_list::Entity::find()
        .select_only()
        .column(project_list::Column::Code)
        .column(project_list::Column::Id)
        .into_tuple::<(String, i32)>()
        .all(txn)
        .await?
        .into_iter()
        .collect();
    for (list, total, fyp) in valid.lists {
        if list_ids.contains_key(&list.code) {
            report.unchanged += 1;
            continue;
        }
        let row = project_list::ActiveModel {
            plan_id: Set(plan_id),
            code: Set(list.code.clone()),
            ordinal: Set(list.ordinal),
            appendix: Set(list.appendix),
            title: Set(list.title),
            title_en: Set(list.title_en),
            unit: Set(list.unit),
            declared_total_investment_fen: Set(total),
            declared_fyp_investment_fen: Set(fyp),
            note: Set(list.note),
            source: Set(list.source),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        report.inserted[1] += 1;
        list_ids.insert(list.code, row.id);
    }

    let by_id: HashMap<i32, String> = list_ids.iter().map(|(c, id)| (*id, c.clone())).collect();
    let mut category_ids: HashMap<(String, String), i32> = HashMap::new();
    for (list_id, code, id) in category::Entity::find()
        .select_only()
        .column(category::Column::ListId)
        .column(category::Column::Code)
        .column(category::Column::Id)
        .into_tuple::<(i32, String, i32)>()
        .all(txn)
        .await?
    {
        if let Some(list) = by_id.get(&list_id) {
            category_ids.insert((list.clone(), code), id);
        }
    }
    for (cat, total, fyp) in valid.categories {
        let key = (cat.list.clone(), cat.code.clone());
        if category_ids.contains_key(&key) {
            report.unchanged += 1;
            continue;
        }
        let list_id = list_ids[&cat.list];
        let row = category::ActiveModel {
            list_id: Set(list_id),
            code: Set(cat.code),
            ordinal: Set(cat.ordinal),
            heading: Set(cat.heading),
            name: Set(cat.name),
            name_en: Set(cat.name_en),
            declared_project_count: Set(cat.declared_project_count),
            declared_total_investment_fen: Set(total),
            declared_fyp_investment_fen: Set(fyp),
            confirmed: Set(cat.confirmed),
            source: Set(cat.source),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        report.inserted[2] += 1;
        category_ids.insert(key, row.id);
    }

    // The maintained aggregates learn of every project inserted, in this transaction.
    let mut aggregates = crate::finance::AggregateDelta::new();
    let placements = crate::catalog::placements(txn).await?;
    let mut project_ids: HashMap<String, i32> = project::Entity::find()
        .select_only()
        .column(project::Column::Key)
        .column(project::Column::Id)
        .into_tuple::<(String, i32)>()
        .all(txn)
        .await?
        .into_iter()
        .collect();
    for p in projects {
        if project_ids.contains_key(&p.key) {
            report.unchanged += 1;
            continue;
        }
        let place = placements
            .get(&(p.list.clone(), p.category.clone()))
            .copied()
            .ok_or_else(|| {
                ServiceError::not_found(format!("category {}-{}", p.list, p.category))
            })?;
        let row = project::ActiveModel {
            key: Set(p.key.clone()),
            category_id: Set(place.category_id),
            list_id: Set(place.list_id),
            list_ordinal: Set(place.list_ordinal),
            category_ordinal: Set(place.category_ordinal),
            seq: Set(p.seq),
            name: Set(p.name),
            scope: Set(p.scope),
            start_year: Set(p.figures.period.start),
            end_year: Set(p.figures.period.end),
            total_investment_fen: Set(p.figures.total.map(Amount::fen)),
            fyp_investment_fen: Set(p.figures.fyp.map(Amount::fen)),
            status: Set(ProjectStatus::Planned),
            location: Set(p.location),
            land_area_micro_mu: Set(p.land_area_micro_mu),
            responsible_unit: Set(None),
            source: Set(Some(p.source)),
            archived_at: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        report.inserted[3] += 1;
        aggregates.add(&row);
        log.push(created_entry(now, "project", row.id, row.id, &p.key));
        project_ids.insert(p.key, row.id);
    }

    aggregates.apply(txn).await?;

    let existing_phases: HashSet<(i32, i32)> = phase::Entity::find()
        .select_only()
        .column(phase::Column::ProjectId)
        .column(phase::Column::Ordinal)
        .into_tuple::<(i32, i32)>()
        .all(txn)
        .await?
        .into_iter()
        .collect();
    for ph in phases {
        let project_id = project_ids[&ph.project_key];
        if existing_phases.contains(&(project_id, ph.ordinal)) {
            report.unchanged += 1;
            continue;
        }
        let label = format!("{} phase {}", ph.project_key, ph.ordinal);
        let row = phase::ActiveModel {
            project_id: Set(project_id),
            ordinal: Set(ph.ordinal),
            name: Set(ph.name),
            scope: Set(ph.scope),
            start_year: Set(ph.figures.period.start),
            end_year: Set(ph.figures.period.end),
            total_investment_fen: Set(ph.figures.total.map(Amount::fen)),
            fyp_investment_fen: Set(ph.figures.fyp.map(Amount::fen)),
            source: Set(Some(ph.source)),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        report.inserted[4] += 1;
        log.push(created_entry(now, "phase", row.id, project_id, &label));
    }

    if !log.is_empty() {
        // Batches keep each statement well under SQLite's bound-parameter limit.
        for chunk in log.chunks(500) {
            change_log::Entity::insert_many(chunk.to_vec())
                .exec(txn)
                .await?;
        }
    }
    Ok(report)
}

fn created_entry(
    at: chrono::DateTime<Utc>,
    entity_type: &str,
    entity_id: i32,
    project_id: i32,
    label: &str,
) -> change_log::ActiveModel {
    change_log::ActiveModel {
        at: Set(at),
        actor: Set(SEED_ACTOR.to_owned()),
        entity_type: Set(entity_type.to_owned()),
        entity_id: Set(entity_id),
        project_id: Set(Some(project_id)),
        field: Set("created".to_owned()),
        old_value: Set(None),
        new_value: Set(Some(label.to_owned())),
        version: Set(Some(1)),
        request_id: Set(None),
        ..Default::default()
    }
}

/// Whether the database holds any plan yet (a fresh database is seeded on first start).
pub async fn is_seeded(db: &impl ConnectionTrait) -> Result<bool, ServiceError> {
    Ok(plan::Entity::find().one(db).await?.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> SeedFiles {
        SeedFiles::embedded()
    }

    #[test]
    fn shipped_seeds_are_valid_and_complete() -> Result<(), SeedError> {
        assert_eq!(validate(&files())?, (67, 11));
        Ok(())
    }

    fn rejected(mut files: SeedFiles, edit: impl FnOnce(&mut SeedFiles)) -> String {
        edit(&mut files);
        match validate(&files) {
            Err(e) => e.to_string(),
            Ok(_) => String::from("accepted"),
        }
    }

    #[test]
    fn a_bad_row_is_rejected_with_file_line_and_reason() {
        let msg = rejected(files(), |f| {
            f.projects = f.projects.replacen(",11700,6200,", ",11700,62000,", 1);
        });
        assert_eq!(
            msg,
            "projects.csv:2: 14th-FYP investment exceeds the total investment"
        );
        let msg = rejected(files(), |f| {
            f.projects = f.projects.replacen(",11700,6200,", ",,6200,", 1);
        });
        assert!(
            msg.starts_with("projects.csv:2: total_investment is empty"),
            "{msg}"
        );
        let msg = rejected(files(), |f| {
            f.projects = f.projects.replacen(",2020-2022,", ",2022-2020,", 1);
        });
        assert!(msg.contains("ends before it starts"), "{msg}");
        let msg = rejected(files(), |f| {
            f.projects = f
                .projects
                .replacen(",11700,6200,", ",11700.0000001,6200,", 1);
        });
        assert!(msg.contains("more than six decimals"), "{msg}");
        let msg = rejected(files(), |f| {
            f.phases = f.phases.replacen("DONGTOU-GREEN-08", "DONGTOU-GREEN-99", 1);
        });
        assert!(msg.starts_with("phases.csv:"), "{msg}");
        assert!(
            msg.contains("DONGTOU-GREEN-99 is not in projects.csv"),
            "{msg}"
        );
    }
}
