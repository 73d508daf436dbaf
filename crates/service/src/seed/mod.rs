//! Loading the plan's lists from `seeds/`: validated whole before anything is written, then written
//! in one transaction, idempotently (a row whose natural key exists is left as it is).
//!
//! The files are compiled into the binary, so `portfolio seed` works from any directory; a directory
//! can be named instead to load edited copies.

mod cells;
mod indicators;
mod validate;
mod write;

use std::path::Path;

use sea_orm::{ConnectionTrait, EntityTrait, TransactionTrait};

use crate::ServiceError;
use indicators::{
    ACTUALS_FILE, INDICATORS_FILE, IndicatorTexts, NOTES_FILE, PLATFORMS_FILE, validate_indicators,
};
use validate::{validate_phases, validate_plan, validate_projects};

/// The actor recorded in the change log for rows the seed creates.
pub const SEED_ACTOR: &str = "seed";
pub use crate::figures::UNKNOWN;

const PLAN_FILE: &str = "plan.toml";
const PROJECTS_FILE: &str = "projects.csv";
const PHASES_FILE: &str = "phases.csv";

/// The seed files' contents.
#[derive(Clone, Debug)]
pub struct SeedFiles {
    /// `plan.toml`: plan, lists, categories.
    pub plan: String,
    /// `projects.csv`.
    pub projects: String,
    /// `phases.csv`.
    pub phases: String,
    /// `indicators.csv`: the rows of the indicator tables 1-3, cells as printed.
    pub indicators: String,
    /// `indicator_actuals.csv`: actuals the document prints (Table 1's 2020 column).
    pub indicator_actuals: String,
    /// `indicator_notes.csv`: the numbered notes under the tables.
    pub indicator_notes: String,
    /// `platforms.csv`: the small and micro enterprise parks.
    pub platforms: String,
}

impl SeedFiles {
    /// The files shipped in `seeds/`, as compiled into the binary.
    pub fn embedded() -> Self {
        Self {
            plan: include_str!("../../../../seeds/plan.toml").to_owned(),
            projects: include_str!("../../../../seeds/projects.csv").to_owned(),
            phases: include_str!("../../../../seeds/phases.csv").to_owned(),
            indicators: include_str!("../../../../seeds/indicators.csv").to_owned(),
            indicator_actuals: include_str!("../../../../seeds/indicator_actuals.csv").to_owned(),
            indicator_notes: include_str!("../../../../seeds/indicator_notes.csv").to_owned(),
            platforms: include_str!("../../../../seeds/platforms.csv").to_owned(),
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
            indicators: read(INDICATORS_FILE)?,
            indicator_actuals: read(ACTUALS_FILE)?,
            indicator_notes: read(NOTES_FILE)?,
            platforms: read(PLATFORMS_FILE)?,
        })
    }

    fn indicator_texts(&self) -> IndicatorTexts<'_> {
        IndicatorTexts {
            indicators: &self.indicators,
            actuals: &self.indicator_actuals,
            notes: &self.indicator_notes,
            platforms: &self.platforms,
        }
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
    /// Indicator rows (notes, indicators, actuals, platforms) inserted.
    pub indicators_inserted: u64,
    /// Indicator rows already present and left unchanged.
    pub indicators_unchanged: u64,
}

impl SeedReport {
    /// Total rows inserted.
    pub fn inserted_total(&self) -> u64 {
        self.inserted.iter().sum::<u64>() + self.indicators_inserted
    }
}

impl std::fmt::Display for SeedReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let [plans, lists, categories, projects, phases] = self.inserted;
        write!(
            f,
            "inserted {plans} plan(s), {lists} list(s), {categories} categories, {projects} projects, \
             {phases} phases, {} indicator row(s); {} row(s) already present and left unchanged",
            self.indicators_inserted,
            self.unchanged + self.indicators_unchanged
        )
    }
}

/// Checks the files without touching a database; returns the number of projects and phases.
pub fn validate(files: &SeedFiles) -> Result<(usize, usize), SeedError> {
    let plan = validate_plan(&files.plan)?;
    let projects = validate_projects(&plan, &files.projects)?;
    let phases = validate_phases(&projects, &files.phases)?;
    validate_indicators(&files.indicator_texts())?;
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
    let indicators = validate_indicators(&files.indicator_texts())?;
    let plan_code = plan.plan.code.clone();

    let txn = db.begin().await?;
    let mut report = write::write(&txn, plan, projects, phases).await?;
    (report.indicators_inserted, report.indicators_unchanged) =
        indicators::write(&txn, &plan_code, indicators).await?;
    crate::mark::commit(txn).await?;
    tracing::info!(%report, "seed applied");
    Ok(report)
}

/// Inserts the indicator rows a database seeded before they existed is missing, in one
/// transaction; everything else is left alone. Returns the rows inserted.
pub async fn seed_indicators(
    db: &sea_orm::DatabaseConnection,
    files: &SeedFiles,
) -> Result<u64, SeedError> {
    let plan = validate_plan(&files.plan)?;
    let indicators = validate_indicators(&files.indicator_texts())?;
    let txn = db.begin().await?;
    let (inserted, _) = indicators::write(&txn, &plan.plan.code, indicators).await?;
    if inserted == 0 {
        // Nothing written: raising the mark would drop every answer computed from the same data.
        txn.rollback().await?;
        return Ok(0);
    }
    crate::mark::commit(txn).await?;
    tracing::info!(inserted, "indicator seeds applied");
    Ok(inserted)
}

/// Whether the database holds any plan yet (a fresh database is seeded on first start).
pub async fn is_seeded(db: &impl ConnectionTrait) -> Result<bool, ServiceError> {
    Ok(entity::plan::Entity::find().one(db).await?.is_some())
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

    #[test]
    fn a_bad_indicator_row_is_rejected_with_file_line_and_reason() {
        // Line 29 is T3-01 (header, 20 rows of Table 1, 7 of Table 2).
        let msg = rejected(files(), |f| {
            f.indicators = f.indicators.replacen(",51.19,", ",51.1900001,", 1);
        });
        assert_eq!(
            msg,
            "indicators.csv:29: baseline: `51.1900001` has more than six decimals; it would have to be rounded"
        );
        // A cumulative target (110（累计）) in a row that is not cumulative.
        let msg = rejected(files(), |f| {
            f.indicators = f.indicators.replacen("亿元,CUMULATIVE,", "亿元,LEVEL,", 1);
        });
        assert!(msg.starts_with("indicators.csv:6: target:"), "{msg}");
        let msg = rejected(files(), |f| {
            f.indicator_actuals = f.indicator_actuals.replacen("T1-02,2020", "T1-02,2021", 1);
        });
        assert!(
            msg.starts_with("indicator_actuals.csv:3: 2021 is outside"),
            "{msg}"
        );
    }
}

/// A category the seeded lists have, by which an imported heading of the same name is known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KnownCategory {
    /// The heading's name, e.g. `产业发展项目`.
    pub name: String,
    /// Its code, e.g. `INDUSTRIAL`.
    pub code: String,
    /// Its English name.
    pub name_en: String,
}

/// The categories of the built-in seed lists (`seeds/plan.toml`), in file order.
pub fn known_categories() -> Vec<KnownCategory> {
    let files = SeedFiles::embedded();
    toml::from_str::<validate::PlanFile>(&files.plan)
        .map(|file| {
            file.categories
                .into_iter()
                .map(|c| KnownCategory {
                    name: c.name,
                    code: c.code,
                    name_en: c.name_en,
                })
                .collect()
        })
        .unwrap_or_default()
}
