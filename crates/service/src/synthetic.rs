//! Synthetic portfolios for benchmarks and demonstrations: deterministic, realistic projects in a
//! list of their own (`SYNTHETIC`), beside the plan's real lists and never mixed into them;
//! optionally with their reporting cycle ([`reporting`]).

pub mod reporting;

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use entity::{
    ProjectStatus, annual_plan, category, change_log, monthly_return, phase, progress_report,
    project, project_list,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QuerySelect, Set, TransactionTrait,
};

use crate::figures::{FigureError, Figures, Period};
use crate::finance::{AggregateDelta, Contribution};
use crate::money::{Amount, FEN_PER_WAN};
use crate::{ServiceError, ServiceResult};

/// Code of the list synthetic projects go into.
pub const LIST_CODE: &str = "SYNTHETIC";
/// Actor recorded for synthetic rows.
pub const ACTOR: &str = "synthetic";
/// Projects written per statement (well under both backends' bound-parameter limits).
const BATCH: usize = 1000;
/// Mixed into the seed for the reporting cycle's stream, so that the projects drawn from the
/// seed are the same with or without their cycle.
const CYCLE_STREAM: u64 = 0x6379_636c_6573_2026;

const CATEGORIES: [(&str, &str, &str); 5] = [
    ("INDUSTRIAL", "产业发展项目", "Industrial development"),
    ("GREEN", "绿色产业项目", "Green industry"),
    (
        "DIGITAL",
        "信息经济产业项目",
        "Information economy (digital)",
    ),
    ("SERVICES", "生产性服务业项目", "Producer services"),
    (
        "INFRASTRUCTURE",
        "基础设施配套项目",
        "Supporting infrastructure",
    ),
];
const PLACES: [&str; 9] = [
    "小门岛",
    "大门岛",
    "状元岙",
    "南塘工业区",
    "杨文工业区",
    "霓屿",
    "灵昆岛",
    "洞头岛",
    "北岙",
];
const WORKS: [&str; 12] = [
    "精细化工",
    "新材料",
    "LNG储运",
    "海上风电",
    "冷链物流",
    "数字经济",
    "智能制造",
    "港口码头",
    "市政道路",
    "供热管网",
    "生物医药",
    "光纤网络",
];
const KINDS: [&str; 6] = ["项目", "工程", "产业园", "基地", "中心", "扩建项目"];

/// SplitMix64: small, fast and fully determined by its seed, so a synthetic portfolio can be
/// rebuilt bit for bit.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

/// What a synthetic run added.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SyntheticReport {
    /// Projects added.
    pub projects: u64,
    /// Phases added.
    pub phases: u64,
    /// Progress reports added (those the returns carry included).
    pub reports: u64,
    /// Annual plans added.
    pub plans: u64,
    /// Monthly returns added.
    pub returns: u64,
}

impl std::fmt::Display for SyntheticReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "added {} synthetic projects, {} phases, {} progress reports",
            self.projects, self.phases, self.reports
        )?;
        if self.plans > 0 || self.returns > 0 {
            write!(
                f,
                ", {} annual plans, {} monthly returns",
                self.plans, self.returns
            )?;
        }
        Ok(())
    }
}

struct Generated {
    project: project::ActiveModel,
    contribution: Contribution,
    start_year: Option<i32>,
    end_year: Option<i32>,
    phases: Vec<(i32, String, String)>,
    reports: Vec<(NaiveDate, ProjectStatus, i32, i64)>,
}

fn generate(
    rng: &mut Rng,
    seq: i32,
    place: (i32, i32, i32, &str),
    now: chrono::DateTime<Utc>,
) -> Result<Generated, FigureError> {
    let (category_id, list_id, category_ordinal, category_code) = place;
    let location = rng.pick(&PLACES);
    let name = format!(
        "{location}{}{}（合成{seq}）",
        rng.pick(&WORKS),
        rng.pick(&KINDS)
    );
    let scope = format!(
        "项目位于{location}，占地约{}亩，建设生产、研发及配套设施。",
        10 + rng.below(490)
    );
    let period = if rng.chance(12) {
        None
    } else {
        let start = 2015 + rng.below(14) as i32;
        Some((start, start + rng.below(8) as i32))
    };
    // Log-uniform totals from about 500 to 3,000,000 万元, some with fen-level decimals.
    let magnitude = 500.0_f64.ln()
        + (rng.below(1_000_000) as f64 / 1_000_000.0) * (3_000_000.0_f64 / 500.0).ln();
    let whole = magnitude.exp() as i64;
    let fraction = if rng.chance(30) {
        rng.below(FEN_PER_WAN as u64) as i64
    } else {
        0
    };
    let total = (!rng.chance(15)).then_some(whole * FEN_PER_WAN + fraction);
    let overlaps = period.is_some_and(|(s, e)| s <= 2025 && e >= 2021);
    // Inside the window a share of the total; wholly outside it, nothing; sometimes unknown.
    let fyp = match total {
        Some(t) if !rng.chance(10) => Some(if period.is_some() && !overlaps {
            0
        } else {
            t / 100 * (rng.below(101) as i64)
        }),
        _ => None,
    };
    // The same rules as every write: a generated portfolio is one a user could have entered.
    let figures = Figures::new(
        Period {
            start: period.map(|p| p.0),
            end: period.map(|p| p.1),
        },
        total.and_then(Amount::from_fen),
        fyp.and_then(Amount::from_fen),
    )?;
    let status = match rng.below(100) {
        0..=54 => ProjectStatus::Planned,
        55..=84 => ProjectStatus::UnderConstruction,
        85..=92 => ProjectStatus::Completed,
        93..=97 => ProjectStatus::OnHold,
        _ => ProjectStatus::Cancelled,
    };
    let phases = if rng.chance(10) {
        (1..=2 + rng.below(2) as i32)
            .map(|n| {
                let label = ["一期", "二期", "三期"][(n - 1) as usize].to_owned();
                let text = format!("{label}建设{}。", rng.pick(&WORKS));
                (n, label, text)
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut reports = Vec::new();
    if status != ProjectStatus::Planned && rng.chance(60) {
        let count = 1 + rng.below(6) as u32;
        let start = period.map_or(2021, |(s, _)| s.max(2021));
        let mut completed = 0i64;
        for n in 0..count {
            let month = 1 + (n * 2) % 12;
            let date =
                NaiveDate::from_ymd_opt(start + (n / 6) as i32, month, 28).unwrap_or_default();
            let step = total.unwrap_or(10_000 * FEN_PER_WAN) / 10;
            completed += step / 100 * (rng.below(101) as i64);
            let percent = ((n + 1) * 10_000 / (count + 1)) as i32;
            let reported = if n + 1 == count {
                status
            } else {
                ProjectStatus::UnderConstruction
            };
            reports.push((date, reported, percent, completed));
        }
    }
    let project = project::ActiveModel {
        key: Set(format!("{LIST_CODE}-{category_code}-{seq:02}")),
        category_id: Set(category_id),
        list_id: Set(list_id),
        list_ordinal: Set(100),
        category_ordinal: Set(category_ordinal),
        seq: Set(seq),
        name: Set(name),
        scope: Set(scope),
        start_year: Set(figures.period.start),
        end_year: Set(figures.period.end),
        total_investment_fen: Set(figures.total.map(Amount::fen)),
        fyp_investment_fen: Set(figures.fyp.map(Amount::fen)),
        status: Set(status),
        location: Set(Some(location.to_owned())),
        land_area_micro_mu: Set(None),
        responsible_unit: Set(None),
        source: Set(Some("synthetic".to_owned())),
        archived_at: Set(None),
        carried_from_id: Set(None),
        physical_id: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    Ok(Generated {
        project,
        start_year: figures.period.start,
        end_year: figures.period.end,
        contribution: Contribution {
            category_id,
            list_id,
            status,
            total_fen: figures.total.map(Amount::fen),
            fyp_fen: figures.fyp.map(Amount::fen),
            archived: false,
        },
        phases,
        reports,
    })
}

/// The synthetic list and its categories, created when missing; (category code → (id, ordinal)).
async fn synthetic_list(
    txn: &impl ConnectionTrait,
) -> ServiceResult<(i32, HashMap<String, (i32, i32)>)> {
    let now = Utc::now();
    let list = match project_list::Entity::find()
        .filter(project_list::Column::Code.eq(LIST_CODE))
        .one(txn)
        .await?
    {
        Some(list) => list,
        None => {
            let plan = entity::plan::Entity::find()
                .one(txn)
                .await?
                .ok_or_else(|| ServiceError::not_found("plan (seed the plan first)"))?;
            project_list::ActiveModel {
                plan_id: Set(plan.id),
                code: Set(LIST_CODE.to_owned()),
                ordinal: Set(100),
                appendix: Set(None),
                title: Set("合成项目组合（基准与演示用）".to_owned()),
                title_en: Set("Synthetic portfolio (benchmarks and demonstrations)".to_owned()),
                unit: Set("万元".to_owned()),
                note: Set(Some("generated data, not part of the plan".to_owned())),
                source: Set(Some("synthetic".to_owned())),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?
        }
    };
    let mut categories: HashMap<String, (i32, i32)> = category::Entity::find()
        .filter(category::Column::ListId.eq(list.id))
        .all(txn)
        .await?
        .into_iter()
        .map(|c| (c.code, (c.id, c.ordinal)))
        .collect();
    // Headings as an appendix prints them (一、产业发展项目), so the list's appendix export reads
    // back through the importer like any office's file.
    const NUMERALS: [&str; 5] = ["一", "二", "三", "四", "五"];
    for ((ordinal, (code, name, name_en)), numeral) in (1..).zip(CATEGORIES).zip(NUMERALS) {
        if categories.contains_key(code) {
            continue;
        }
        let row = category::ActiveModel {
            list_id: Set(list.id),
            code: Set(code.to_owned()),
            ordinal: Set(ordinal),
            heading: Set(format!("{numeral}、{name}")),
            name: Set(name.to_owned()),
            name_en: Set(name_en.to_owned()),
            confirmed: Set(false),
            source: Set(Some("synthetic".to_owned())),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        categories.insert(code.to_owned(), (row.id, ordinal));
    }
    Ok((list.id, categories))
}

/// Writes the plans and returns of a batch of projects (`projects`: id and status, in the
/// order `cycles` were generated), with what `setAnnualPlan` and `submitMonthlyReturn` write
/// beside them: a progress report for every return with a known figure, in month order, and a
/// `created` entry in the change log for every plan and return, as for the projects.
async fn write_cycles(
    txn: &impl ConnectionTrait,
    projects: &[(i32, ProjectStatus)],
    cycles: Vec<Option<reporting::Cycle>>,
    now: chrono::DateTime<Utc>,
    report: &mut SyntheticReport,
) -> ServiceResult<()> {
    let today = now
        .with_timezone(&crate::reporting::period::office_zone())
        .date_naive();
    let mut plans = Vec::new();
    let mut returns = Vec::new();
    let mut statuses = HashMap::new();
    for (&(project_id, status), cycle) in projects.iter().zip(cycles) {
        let Some(cycle) = cycle else { continue };
        statuses.insert(project_id, status);
        plans.push(annual_plan::Model {
            project_id,
            ..cycle.plan
        });
        returns.extend(
            cycle
                .returns
                .into_iter()
                .map(|r| monthly_return::Model { project_id, ..r }),
        );
    }
    if plans.is_empty() {
        return Ok(());
    }
    for chunk in plans.chunks(BATCH) {
        annual_plan::Entity::insert_many(chunk.iter().map(|m| {
            let mut row = annual_plan::ActiveModel::from(m.clone()).reset_all();
            row.id = sea_orm::ActiveValue::NotSet;
            row
        }))
        .exec(txn)
        .await?;
    }
    for chunk in returns.chunks(BATCH) {
        monthly_return::Entity::insert_many(chunk.iter().map(|m| {
            let mut row = monthly_return::ActiveModel::from(m.clone()).reset_all();
            row.id = sea_orm::ActiveValue::NotSet;
            row
        }))
        .exec(txn)
        .await?;
    }
    let mut with_returns: Vec<i32> = returns.iter().map(|r| r.project_id).collect();
    with_returns.sort_unstable();
    with_returns.dedup();
    crate::reporting::return_year::replace_with(txn, &with_returns, &returns).await?;
    let project_ids: Vec<i32> = plans.iter().map(|p| p.project_id).collect();
    let plan_ids: HashMap<i32, i32> = annual_plan::Entity::find()
        .select_only()
        .column(annual_plan::Column::ProjectId)
        .column(annual_plan::Column::Id)
        .filter(annual_plan::Column::ProjectId.is_in(project_ids.iter().copied()))
        .filter(annual_plan::Column::Year.eq(reporting::YEAR))
        .into_tuple::<(i32, i32)>()
        .all(txn)
        .await?
        .into_iter()
        .collect();
    let return_ids: HashMap<(i32, String), i32> = monthly_return::Entity::find()
        .select_only()
        .column(monthly_return::Column::ProjectId)
        .column(monthly_return::Column::Period)
        .column(monthly_return::Column::Id)
        .filter(monthly_return::Column::ProjectId.is_in(project_ids.iter().copied()))
        .filter(monthly_return::Column::Revision.eq(0))
        .into_tuple::<(i32, String, i32)>()
        .all(txn)
        .await?
        .into_iter()
        .map(|(project, period, id)| ((project, period), id))
        .collect();
    let created = |entity_type: &str, id: i32, project_id: i32, summary: String, at| {
        change_log::ActiveModel {
            at: Set(at),
            actor: Set(ACTOR.to_owned()),
            entity_type: Set(entity_type.to_owned()),
            entity_id: Set(id),
            project_id: Set(Some(project_id)),
            field: Set(crate::audit::fields::events::CREATED.to_owned()),
            new_value: Set(Some(summary)),
            version: Set(Some(1)),
            ..Default::default()
        }
    };
    let mut log = Vec::with_capacity(plans.len() + returns.len());
    for plan in &plans {
        if let Some(&id) = plan_ids.get(&plan.project_id) {
            log.push(created(
                "annual_plan",
                id,
                plan.project_id,
                crate::reporting::annual_plan::summary(plan),
                plan.created_at,
            ));
        }
    }
    let mut reports = Vec::new();
    for r in &returns {
        if let Some(&id) = return_ids.get(&(r.project_id, r.period.clone())) {
            log.push(created(
                "monthly_return",
                id,
                r.project_id,
                crate::reporting::monthly_return::summary(r),
                r.created_at,
            ));
        }
        let (Some(fen), Ok(period)) = (
            r.cumulative_completed_fen,
            r.period.parse::<crate::reporting::period::Period>(),
        ) else {
            continue;
        };
        reports.push(progress_report::ActiveModel {
            project_id: Set(r.project_id),
            reported_on: Set(period.last_day().min(today)),
            reported_by: Set(ACTOR.to_owned()),
            status: Set(statuses
                .get(&r.project_id)
                .copied()
                .unwrap_or(ProjectStatus::UnderConstruction)),
            percent_complete_bp: Set(r.percent_complete_bp),
            completed_investment_fen: Set(fen),
            note: Set(Some(format!("monthly return {period}"))),
            created_at: Set(r.created_at),
            ..Default::default()
        });
    }
    for chunk in reports.chunks(BATCH) {
        progress_report::Entity::insert_many(chunk.to_vec())
            .exec(txn)
            .await?;
    }
    for chunk in log.chunks(BATCH) {
        change_log::Entity::insert_many(chunk.to_vec())
            .exec(txn)
            .await?;
    }
    report.plans += plans.len() as u64;
    report.returns += returns.len() as u64;
    report.reports += reports.len() as u64;
    Ok(())
}

/// What a synthetic run generates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Projects to add.
    pub count: u64,
    /// Seed of the generator: the same seed on the same database gives the same rows.
    pub seed: u64,
    /// Also give each project that can have one an annual plan for [`reporting::YEAR`] and
    /// its monthly returns from the December before to [`reporting::LAST_MONTH`].
    pub reporting: bool,
}

/// Adds `count` synthetic projects generated from `seed`, in one transaction, calling `progress`
/// with the number written so far after every batch. The same seed on the same database state
/// gives the same projects.
pub async fn add(
    db: &DatabaseConnection,
    count: u64,
    seed: u64,
    progress: &(dyn Fn(u64) + Sync),
) -> ServiceResult<SyntheticReport> {
    let options = Options {
        count,
        seed,
        reporting: false,
    };
    add_with(db, options, progress).await
}

/// Adds synthetic projects as [`add`] does, with their reporting cycle when
/// `options.reporting`. The projects are the same with or without it: the cycle is drawn from a
/// stream of its own.
pub async fn add_with(
    db: &DatabaseConnection,
    options: Options,
    progress: &(dyn Fn(u64) + Sync),
) -> ServiceResult<SyntheticReport> {
    let Options { count, seed, .. } = options;
    let txn = db.begin().await?;
    let (list_id, categories) = synthetic_list(&txn).await?;
    // Continue each category's numbering, so repeated runs add rather than collide.
    let mut next_seq: HashMap<String, i32> = HashMap::new();
    for (code, (id, _)) in &categories {
        let max: Option<i32> = project::Entity::find()
            .select_only()
            .column_as(project::Column::Seq.max(), "max")
            .filter(project::Column::CategoryId.eq(*id))
            .into_tuple()
            .one(&txn)
            .await?
            .flatten();
        next_seq.insert(code.clone(), max.unwrap_or(0) + 1);
    }
    let mut rng = Rng(seed);
    let mut cycle_rng = Rng(seed ^ CYCLE_STREAM);
    let now = Utc::now();
    let mut report = SyntheticReport::default();
    let mut remaining = count;
    while remaining > 0 {
        let size = remaining.min(BATCH as u64);
        let mut batch = Vec::with_capacity(size as usize);
        let mut cycles = Vec::new();
        for _ in 0..size {
            let (code, _, _) = CATEGORIES[rng.below(CATEGORIES.len() as u64) as usize];
            let (category_id, ordinal) = categories[code];
            let seq = next_seq.get_mut(code).map(|s| {
                *s += 1;
                *s - 1
            });
            let seq = seq.unwrap_or(1);
            let generated = generate(&mut rng, seq, (category_id, list_id, ordinal, code), now)?;
            if options.reporting {
                let facts = reporting::ProjectFacts {
                    status: generated.contribution.status,
                    start_year: generated.start_year,
                    end_year: generated.end_year,
                    total_fen: generated.contribution.total_fen,
                    ledger_fen: generated.reports.last().map_or(0, |r| r.3),
                };
                cycles.push(reporting::generate(&mut cycle_rng, &facts));
            }
            batch.push(generated);
        }
        let keys: Vec<String> = batch
            .iter()
            .filter_map(|g| match &g.project.key {
                sea_orm::ActiveValue::Set(k) => Some(k.clone()),
                _ => None,
            })
            .collect();
        project::Entity::insert_many(batch.iter().map(|g| g.project.clone()))
            .exec(&txn)
            .await?;
        // The maintained aggregates change with the rows, in the same transaction.
        let mut aggregates = AggregateDelta::new();
        for generated in &batch {
            aggregates.add(generated.contribution);
        }
        aggregates.apply(&txn).await?;
        let ids: HashMap<String, i32> = project::Entity::find()
            .select_only()
            .column(project::Column::Key)
            .column(project::Column::Id)
            .filter(project::Column::Key.is_in(keys.iter().cloned()))
            .into_tuple::<(String, i32)>()
            .all(&txn)
            .await?
            .into_iter()
            .collect();
        let mut phases = Vec::new();
        let mut reports = Vec::new();
        let mut log = Vec::new();
        let mut written = Vec::with_capacity(batch.len());
        for (key, generated) in keys.iter().zip(batch) {
            let project_id = ids[key];
            written.push((project_id, generated.contribution.status));
            log.push(change_log::ActiveModel {
                at: Set(now),
                actor: Set(ACTOR.to_owned()),
                entity_type: Set("project".to_owned()),
                entity_id: Set(project_id),
                project_id: Set(Some(project_id)),
                field: Set("created".to_owned()),
                new_value: Set(Some(key.clone())),
                version: Set(Some(1)),
                ..Default::default()
            });
            for (ordinal, name, scope) in generated.phases {
                phases.push(phase::ActiveModel {
                    project_id: Set(project_id),
                    ordinal: Set(ordinal),
                    name: Set(name),
                    scope: Set(scope),
                    source: Set(Some("synthetic".to_owned())),
                    version: Set(1),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                });
            }
            for (date, status, percent, completed) in generated.reports {
                reports.push(progress_report::ActiveModel {
                    project_id: Set(project_id),
                    reported_on: Set(date),
                    reported_by: Set(ACTOR.to_owned()),
                    status: Set(status),
                    percent_complete_bp: Set(percent),
                    completed_investment_fen: Set(completed),
                    created_at: Set(now),
                    ..Default::default()
                });
            }
        }
        report.projects += keys.len() as u64;
        report.phases += phases.len() as u64;
        report.reports += reports.len() as u64;
        for chunk in phases.chunks(BATCH) {
            phase::Entity::insert_many(chunk.to_vec())
                .exec(&txn)
                .await?;
        }
        for chunk in reports.chunks(BATCH) {
            progress_report::Entity::insert_many(chunk.to_vec())
                .exec(&txn)
                .await?;
        }
        for chunk in log.chunks(BATCH) {
            change_log::Entity::insert_many(chunk.to_vec())
                .exec(&txn)
                .await?;
        }
        if options.reporting {
            // After the projects' own reports, so that the returns' reports are the latest.
            write_cycles(&txn, &written, cycles, now, &mut report).await?;
        }
        remaining -= size;
        progress(count - remaining);
    }
    crate::mark::commit(txn).await?;
    // A bulk load leaves the planners' statistics describing the table before it: until the
    // next automatic analysis, a filtered page can be planned for a few rows and take 100 ms.
    db.execute_unprepared("ANALYZE").await?;
    tracing::info!(%report, seed, "synthetic portfolio added");
    Ok(report)
}

#[cfg(test)]
mod tests {
    use sea_orm::PaginatorTrait;

    use super::*;

    async fn seeded() -> ServiceResult<(DatabaseConnection, std::path::PathBuf)> {
        crate::db::scratch("synthetic", true).await
    }

    #[tokio::test]
    async fn cycles_are_written_with_their_ledger_and_log() -> ServiceResult<()> {
        let (db, path) = seeded().await?;
        let options = Options {
            count: 300,
            seed: 4,
            reporting: true,
        };
        let report = add_with(&db, options, &|_| {}).await?;
        let count = |entity: &str| {
            let db = &db;
            let entity = entity.to_owned();
            async move {
                change_log::Entity::find()
                    .filter(change_log::Column::EntityType.eq(entity))
                    .filter(change_log::Column::Field.eq("created"))
                    .count(db)
                    .await
            }
        };
        assert!(report.plans > 200, "{report}");
        assert_eq!(annual_plan::Entity::find().count(&db).await?, report.plans);
        assert_eq!(
            monthly_return::Entity::find().count(&db).await?,
            report.returns
        );
        assert_eq!(count("annual_plan").await?, report.plans);
        assert_eq!(count("monthly_return").await?, report.returns);
        // Each project's latest report is its latest return with a known figure, as filing
        // them one by one would have left it.
        let returns = monthly_return::Entity::find().all(&db).await?;
        let mut latest_return: HashMap<i32, (String, i64)> = HashMap::new();
        for r in returns {
            if let Some(fen) = r.cumulative_completed_fen {
                let entry = latest_return
                    .entry(r.project_id)
                    .or_insert((r.period.clone(), fen));
                if r.period >= entry.0 {
                    *entry = (r.period, fen);
                }
            }
        }
        let ids: Vec<i32> = latest_return.keys().copied().collect();
        let latest = crate::progress::latest_by_project_ids(&db, &ids).await?;
        for (project, (_, fen)) in &latest_return {
            let report = latest
                .get(project)
                .unwrap_or_else(|| panic!("project {project} has no report"));
            assert_eq!(
                report.completed_investment,
                crate::money::fen_to_decimal(*fen),
                "project {project}"
            );
        }
        db.close().await?;
        let _ = std::fs::remove_file(path);
        Ok(())
    }

    #[test]
    fn the_generator_is_deterministic() -> Result<(), FigureError> {
        let now = Utc::now();
        let names = |seed| -> Result<Vec<_>, FigureError> {
            let mut rng = Rng(seed);
            (1..50)
                .map(|s| Ok(generate(&mut rng, s, (1, 1, 1, "GREEN"), now)?.project.name))
                .collect()
        };
        assert_eq!(names(7)?, names(7)?);
        Ok(())
    }

    #[test]
    fn generated_amounts_keep_the_rules() -> Result<(), FigureError> {
        let now = Utc::now();
        let mut rng = Rng(42);
        for seq in 1..5000 {
            let g = generate(&mut rng, seq, (1, 1, 1, "GREEN"), now)?;
            let get = |v: &sea_orm::ActiveValue<Option<i64>>| match v {
                sea_orm::ActiveValue::Set(x) => *x,
                _ => None,
            };
            let (total, fyp) = (
                get(&g.project.total_investment_fen),
                get(&g.project.fyp_investment_fen),
            );
            if let (Some(t), Some(f)) = (total, fyp) {
                assert!(f <= t, "14th-FYP {f} above total {t}");
            }
            assert!(total.is_none_or(|t| (0..=crate::money::MAX_FEN).contains(&t)));
            for (_, _, percent, _) in &g.reports {
                assert!((0..=10_000).contains(percent));
            }
        }
        Ok(())
    }
}
