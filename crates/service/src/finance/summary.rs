//! Investment summaries: counts and exact sums of a chosen set of projects, grouped by any
//! combination of list, category, status, start year, end year and location.
//!
//! Filtered questions are answered by one `GROUP BY` over the chosen projects. The unfiltered
//! breakdowns by list, category and status, which every dashboard asks for, are read from the
//! maintained aggregates instead (see [`super::aggregate`]), a table of a few rows per category.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

use entity::{ProjectStatus, project};
use rust_decimal::Decimal;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, JoinType, Query};
use sea_orm::{ActiveEnum, ConnectionTrait, DbErr, QueryResult, Statement};

use crate::ServiceResult;
use crate::catalog::{self, Category, ProjectList};
use crate::money::{ExactSum, PartialSum};
use crate::project::share;
use crate::project_search::{ProjectFilter, filter_condition};

/// What projects can be grouped by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dimension {
    /// The project list.
    List,
    /// The category (which also fixes the list: category codes repeat across lists).
    Category,
    /// The lifecycle status.
    Status,
    /// The first year of construction (unknown is a group of its own).
    StartYear,
    /// The last year of construction (unknown is a group of its own).
    EndYear,
    /// The location (none named is a group of its own).
    Location,
}

/// Which figures to compute besides counts and sums; leaving out what nobody asked for keeps the
/// query lean.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SummaryParts {
    /// The 14th-FYP share over the projects with both amounts known.
    pub share: bool,
    /// Completed investment from the latest progress reports, and the execution rate.
    pub completed: bool,
}

impl SummaryParts {
    /// Every figure.
    pub const ALL: SummaryParts = SummaryParts {
        share: true,
        completed: true,
    };
}

/// The 14th-FYP share of a set: known 14th-FYP over known total, over the projects where both are
/// known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShareFigures {
    /// Number of projects with both amounts known: the share rests on these.
    pub basis_count: i64,
    /// Their 14th-FYP investment.
    pub fyp_investment: Decimal,
    /// Their total investment.
    pub total_investment: Decimal,
}

impl ShareFigures {
    /// `fyp_investment / total_investment` to ten decimals, or `None` when the total is zero.
    pub fn value(&self) -> Option<Decimal> {
        share(self.fyp_investment, self.total_investment)
    }
}

/// Completed investment of a set, from each project's latest progress report; a project without
/// reports has completed nothing and is counted in `unreported_count`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CompletedFigures {
    /// Sum of the latest reports' cumulative completed investment.
    pub amount: Decimal,
    /// Projects with at least one report.
    pub reported_count: i64,
    /// Projects without any report (counted as zero completed).
    pub unreported_count: i64,
    /// The part of `amount` from projects whose 14th-FYP investment is known: the numerator of
    /// the execution rate.
    pub amount_fyp_known: Decimal,
}

/// The figures of one group (or of the whole set).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Figures {
    /// Number of projects.
    pub project_count: i64,
    /// Total investment: known sum and unknown count.
    pub total_investment: PartialSum,
    /// 14th-FYP investment: known sum and unknown count.
    pub fyp_investment: PartialSum,
    /// The 14th-FYP share, when asked for.
    pub share: Option<ShareFigures>,
    /// Completed investment, when asked for.
    pub completed: Option<CompletedFigures>,
}

fn zero_sum() -> PartialSum {
    PartialSum {
        known: Decimal::ZERO,
        unknown_count: 0,
    }
}

impl Figures {
    fn empty(parts: SummaryParts) -> Self {
        Self {
            project_count: 0,
            total_investment: zero_sum(),
            fyp_investment: zero_sum(),
            share: parts.share.then_some(ShareFigures {
                basis_count: 0,
                fyp_investment: Decimal::ZERO,
                total_investment: Decimal::ZERO,
            }),
            completed: parts.completed.then_some(CompletedFigures {
                amount: Decimal::ZERO,
                reported_count: 0,
                unreported_count: 0,
                amount_fyp_known: Decimal::ZERO,
            }),
        }
    }

    fn add(&mut self, other: &Figures) {
        self.project_count += other.project_count;
        self.total_investment.known += other.total_investment.known;
        self.total_investment.unknown_count += other.total_investment.unknown_count;
        self.fyp_investment.known += other.fyp_investment.known;
        self.fyp_investment.unknown_count += other.fyp_investment.unknown_count;
        if let (Some(a), Some(b)) = (&mut self.share, &other.share) {
            a.basis_count += b.basis_count;
            a.fyp_investment += b.fyp_investment;
            a.total_investment += b.total_investment;
        }
        if let (Some(a), Some(b)) = (&mut self.completed, &other.completed) {
            a.amount += b.amount;
            a.reported_count += b.reported_count;
            a.unreported_count += b.unreported_count;
            a.amount_fyp_known += b.amount_fyp_known;
        }
    }

    /// Completed investment over known 14th-FYP investment, both over the projects whose 14th-FYP
    /// investment is known, to ten decimals; `None` when not asked for or that 14th-FYP sum is 0.
    pub fn execution_rate(&self) -> Option<Decimal> {
        let completed = self.completed?;
        share(completed.amount_fyp_known, self.fyp_investment.known)
    }
}

/// A list or category as a group key names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyPart {
    /// Surrogate id.
    pub id: i32,
    /// Stable code.
    pub code: String,
    /// Position in the document.
    pub ordinal: i32,
    /// Name (a category's Chinese name, a list's title).
    pub name: String,
}

/// The values of the grouped dimensions; the others are `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GroupKey {
    /// The list, when grouped by list or category.
    pub list: Option<KeyPart>,
    /// The category, when grouped by category.
    pub category: Option<KeyPart>,
    /// The status, when grouped by status.
    pub status: Option<ProjectStatus>,
    /// The start year, when grouped by it and known.
    pub start_year: Option<i32>,
    /// The end year, when grouped by it and known.
    pub end_year: Option<i32>,
    /// The location, when grouped by it and named.
    pub location: Option<String>,
}

/// Lifecycle order of statuses, used to order groups.
fn status_rank(status: ProjectStatus) -> u8 {
    ProjectStatus::ALL
        .iter()
        .position(|s| *s == status)
        .map_or(u8::MAX, |rank| rank as u8)
}

/// Unknown (`None`) after every value.
fn nulls_last<T: Ord>(a: &Option<T>, b: &Option<T>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

impl GroupKey {
    /// The order of groups: lists and categories in the document's order, statuses in lifecycle
    /// order, years ascending and locations by code point, unknown last. The same on every
    /// backend, since it is applied here.
    pub fn order(&self, other: &Self) -> Ordering {
        let place = |p: &Option<KeyPart>| p.as_ref().map(|p| (p.ordinal, p.id));
        nulls_last(&place(&self.list), &place(&other.list))
            .then_with(|| nulls_last(&place(&self.category), &place(&other.category)))
            .then_with(|| {
                nulls_last(
                    &self.status.map(status_rank),
                    &other.status.map(status_rank),
                )
            })
            .then_with(|| nulls_last(&self.start_year, &other.start_year))
            .then_with(|| nulls_last(&self.end_year, &other.end_year))
            .then_with(|| nulls_last(&self.location, &other.location))
    }
}

/// One group of a summary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// The grouped dimensions' values.
    pub key: GroupKey,
    /// The group's figures.
    pub figures: Figures,
}

/// Where a summary's figures were read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SummarySource {
    /// A `GROUP BY` over the chosen projects.
    Projects,
    /// The maintained aggregates.
    Aggregates,
}

/// A summary: the whole set and its groups.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvestmentSummary {
    /// The dimensions grouped by, in precedence order, without repeats.
    pub dimensions: Vec<Dimension>,
    /// Figures of the whole chosen set.
    pub total: Figures,
    /// The non-empty groups in order; one group with an empty key when nothing is grouped.
    pub groups: Vec<Group>,
    /// Where the figures were read from.
    pub source: SummarySource,
}

/// The dimensions in precedence order, without repeats.
fn normalise(dimensions: &[Dimension]) -> Vec<Dimension> {
    let mut out = dimensions.to_vec();
    out.sort();
    out.dedup();
    out
}

/// Whether the maintained aggregates can answer: no filter, grouping by nothing but list, category
/// and status, and no completed investment (which follows progress reports, not project rows).
pub fn aggregates_answer(
    filter: &ProjectFilter,
    dimensions: &[Dimension],
    parts: SummaryParts,
) -> bool {
    *filter == ProjectFilter::default()
        && !parts.completed
        && dimensions
            .iter()
            .all(|d| matches!(d, Dimension::List | Dimension::Category | Dimension::Status))
}

/// The summary of the projects `filter` chooses, grouped by `dimensions`, from the maintained
/// aggregates when they can answer and from a `GROUP BY` otherwise; both give the same figures.
pub async fn investment_summary(
    db: &impl ConnectionTrait,
    principal: &crate::access::Principal,
    filter: &ProjectFilter,
    dimensions: &[Dimension],
    parts: SummaryParts,
) -> ServiceResult<InvestmentSummary> {
    crate::access::require_read(principal)?;
    if aggregates_answer(filter, dimensions, parts) {
        summary_from_aggregates(db, dimensions, parts).await
    } else {
        summary_from_projects(db, filter, dimensions, parts).await
    }
}

/// The catalog as group keys need it.
struct GroupNames {
    lists: HashMap<i32, ProjectList>,
    categories: HashMap<i32, Category>,
}

impl GroupNames {
    async fn load(db: &impl ConnectionTrait) -> ServiceResult<Self> {
        let catalog::Catalog { lists, categories } = catalog::Catalog::load_unchecked(db).await?;
        Ok(Self { lists, categories })
    }

    fn list(&self, id: i32) -> Option<KeyPart> {
        self.lists.get(&id).map(|l| KeyPart {
            id: l.id,
            code: l.code.clone(),
            ordinal: l.ordinal,
            name: l.title.clone(),
        })
    }

    fn category(&self, id: i32) -> Option<KeyPart> {
        self.categories.get(&id).map(|c| KeyPart {
            id: c.id,
            code: c.code.clone(),
            ordinal: c.ordinal,
            name: c.name.clone(),
        })
    }
}

/// The summary of `rows`, one per group (keys are distinct), without empty groups, in order.
fn assemble(
    dimensions: Vec<Dimension>,
    parts: SummaryParts,
    rows: Vec<(GroupKey, Figures)>,
    source: SummarySource,
) -> InvestmentSummary {
    let mut total = Figures::empty(parts);
    let mut groups: Vec<Group> = Vec::with_capacity(rows.len());
    for (key, figures) in rows {
        total.add(&figures);
        groups.push(Group { key, figures });
    }
    groups.retain(|g| g.figures.project_count > 0);
    groups.sort_by(|a, b| a.key.order(&b.key));
    InvestmentSummary {
        dimensions,
        total,
        groups,
        source,
    }
}

fn get<T: sea_orm::TryGetable>(row: &QueryResult, column: &str) -> Result<T, DbErr> {
    row.try_get::<T>("", column)
}

fn sum(row: &QueryResult, prefix: &str) -> Result<Decimal, DbErr> {
    Ok(ExactSum::from_parts(
        get::<Option<i64>>(row, &format!("{prefix}_whole"))?,
        get::<Option<i64>>(row, &format!("{prefix}_rest"))?,
    )
    .to_decimal())
}

/// The figures of one result row (of either source: the column names are the same).
fn figures(row: &QueryResult, parts: SummaryParts) -> Result<Figures, DbErr> {
    let project_count = get::<i64>(row, "project_count")?;
    let share = if parts.share {
        Some(ShareFigures {
            basis_count: get::<Option<i64>>(row, "both_count")?.unwrap_or(0),
            fyp_investment: sum(row, "both_fyp")?,
            total_investment: sum(row, "both_total")?,
        })
    } else {
        None
    };
    let completed = if parts.completed {
        let reported_count = get::<i64>(row, "reported_count")?;
        Some(CompletedFigures {
            amount: sum(row, "completed")?,
            reported_count,
            unreported_count: project_count - reported_count,
            amount_fyp_known: sum(row, "completed_fk")?,
        })
    } else {
        None
    };
    Ok(Figures {
        project_count,
        total_investment: PartialSum {
            known: sum(row, "total")?,
            unknown_count: get::<i64>(row, "total_unknown")?,
        },
        fyp_investment: PartialSum {
            known: sum(row, "fyp")?,
            unknown_count: get::<i64>(row, "fyp_unknown")?,
        },
        share,
        completed,
    })
}

fn status_of(text: &str) -> Result<ProjectStatus, DbErr> {
    ProjectStatus::try_from_value(&text.to_owned())
}

/// The summary computed by one `GROUP BY` over the chosen projects, with the latest progress
/// reports joined in only when completed investment is asked for.
pub async fn summary_from_projects(
    db: &impl ConnectionTrait,
    filter: &ProjectFilter,
    dimensions: &[Dimension],
    parts: SummaryParts,
) -> ServiceResult<InvestmentSummary> {
    let dimensions = normalise(dimensions);
    let cond = filter_condition(db, filter).await?;
    const T: &str = "\"project\".\"total_investment_fen\"";
    const F: &str = "\"project\".\"fyp_investment_fen\"";
    const C: &str = "\"latest\".\"completed_investment_fen\"";
    // Every sum is split into whole 万元 and leftover fen and cast to BIGINT: exact, and the same
    // integers from SQLite and PostgreSQL.
    let split = |name: &str, value: &str| {
        [
            (
                format!("{name}_whole"),
                format!("CAST(SUM({value} / 1000000) AS BIGINT)"),
            ),
            (
                format!("{name}_rest"),
                format!("CAST(SUM({value} % 1000000) AS BIGINT)"),
            ),
        ]
    };
    let mut columns: Vec<(String, String)> =
        vec![("project_count".into(), "CAST(COUNT(*) AS BIGINT)".into())];
    columns.extend(split("total", T));
    columns.push((
        "total_unknown".into(),
        format!("CAST(COUNT(*) - COUNT({T}) AS BIGINT)"),
    ));
    columns.extend(split("fyp", F));
    columns.push((
        "fyp_unknown".into(),
        format!("CAST(COUNT(*) - COUNT({F}) AS BIGINT)"),
    ));
    if parts.share {
        columns.push((
            "both_count".into(),
            format!(
                "CAST(SUM(CASE WHEN {T} IS NOT NULL AND {F} IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT)"
            ),
        ));
        columns.extend(split(
            "both_total",
            &format!("(CASE WHEN {F} IS NOT NULL THEN {T} END)"),
        ));
        columns.extend(split(
            "both_fyp",
            &format!("(CASE WHEN {T} IS NOT NULL THEN {F} END)"),
        ));
    }
    if parts.completed {
        columns.push((
            "reported_count".into(),
            "CAST(COUNT(\"latest\".\"project_id\") AS BIGINT)".into(),
        ));
        columns.extend(split("completed", C));
        columns.extend(split(
            "completed_fk",
            &format!("(CASE WHEN {F} IS NOT NULL THEN {C} END)"),
        ));
    }
    let dimension_columns: Vec<(Dimension, &str)> = dimensions
        .iter()
        .map(|d| {
            (
                *d,
                match d {
                    Dimension::List => "list_id",
                    Dimension::Category => "category_id",
                    Dimension::Status => "status",
                    Dimension::StartYear => "start_year",
                    Dimension::EndYear => "end_year",
                    Dimension::Location => "location",
                },
            )
        })
        .collect();

    let mut select = Query::select();
    select.from(project::Entity).cond_where(cond);
    for (_, column) in &dimension_columns {
        let expr = Expr::cust(format!("\"project\".\"{column}\""));
        select.expr_as(expr.clone(), Alias::new(format!("d_{column}")));
        select.add_group_by([expr]);
    }
    for (alias, sql) in &columns {
        select.expr_as(Expr::cust(sql.clone()), Alias::new(alias.clone()));
    }
    if parts.completed {
        // The latest report of each project: the one recorded last (reports are append-only).
        let latest_ids = Query::select()
            .expr(Expr::cust("MAX(\"r\".\"id\")"))
            .from_as(entity::progress_report::Entity, Alias::new("r"))
            .add_group_by([Expr::cust("\"r\".\"project_id\"")])
            .to_owned();
        let latest = Query::select()
            .expr(Expr::cust("\"progress_report\".\"project_id\""))
            .expr(Expr::cust(
                "\"progress_report\".\"completed_investment_fen\"",
            ))
            .from(entity::progress_report::Entity)
            .and_where(Expr::cust("\"progress_report\".\"id\"").in_subquery(latest_ids))
            .to_owned();
        select.join_subquery(
            JoinType::LeftJoin,
            latest,
            Alias::new("latest"),
            Expr::cust("\"latest\".\"project_id\" = \"project\".\"id\""),
        );
    }
    let rows = db.query_all(&select).await?;

    let names = GroupNames::load(db).await?;
    let mut keyed = Vec::with_capacity(rows.len());
    for row in &rows {
        let mut key = GroupKey::default();
        for (dimension, column) in &dimension_columns {
            let name = format!("d_{column}");
            match dimension {
                Dimension::List => {
                    key.list = get::<Option<i32>>(row, &name)?.and_then(|id| names.list(id));
                }
                Dimension::Category => {
                    let category = get::<Option<i32>>(row, &name)?.and_then(|id| {
                        names
                            .categories
                            .get(&id)
                            .map(|c| (c.list_id, names.category(id)))
                    });
                    if let Some((list_id, category)) = category {
                        key.list = names.list(list_id);
                        key.category = category;
                    }
                }
                Dimension::Status => {
                    key.status = get::<Option<String>>(row, &name)?
                        .map(|s| status_of(&s))
                        .transpose()?;
                }
                Dimension::StartYear => key.start_year = get::<Option<i32>>(row, &name)?,
                Dimension::EndYear => key.end_year = get::<Option<i32>>(row, &name)?,
                Dimension::Location => key.location = get::<Option<String>>(row, &name)?,
            }
        }
        keyed.push((key, figures(row, parts)?));
    }
    Ok(assemble(dimensions, parts, keyed, SummarySource::Projects))
}

/// The unfiltered summary grouped by list, category and/or status, read from the maintained
/// aggregates (a few rows per category) with no scan of the projects. Completed investment is not
/// kept there: asking for it is an error of the caller, who should use [`investment_summary`].
pub async fn summary_from_aggregates(
    db: &impl ConnectionTrait,
    dimensions: &[Dimension],
    parts: SummaryParts,
) -> ServiceResult<InvestmentSummary> {
    let dimensions = normalise(dimensions);
    if !aggregates_answer(&ProjectFilter::default(), &dimensions, parts) {
        return Err(crate::ServiceError::validation(
            "groupBy",
            "the maintained aggregates hold list, category and status sums without completed \
             investment",
        ));
    }
    let sql = "SELECT category_id, status, list_id, project_count, total_whole, total_rest, \
               total_unknown, fyp_whole, fyp_rest, fyp_unknown, both_count, both_total_whole, \
               both_total_rest, both_fyp_whole, both_fyp_rest FROM investment_aggregate \
               WHERE project_count <> 0";
    let rows = db
        .query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await?;
    let names = GroupNames::load(db).await?;
    // Rows of one key are added in exact decimal arithmetic; the map keeps them apart.
    let mut by_key: BTreeMap<(i32, i32, i32), (GroupKey, Figures)> = BTreeMap::new();
    for row in &rows {
        let category_id = get::<i32>(row, "category_id")?;
        let list_id = get::<i32>(row, "list_id")?;
        let status = status_of(&get::<String>(row, "status")?)?;
        let mut key = GroupKey::default();
        let mut id = (0, 0, 0);
        for dimension in &dimensions {
            match dimension {
                Dimension::List => {
                    key.list = names.list(list_id);
                    id.0 = list_id;
                }
                Dimension::Category => {
                    key.list = names.list(list_id);
                    key.category = names.category(category_id);
                    id.1 = category_id;
                }
                Dimension::Status => {
                    key.status = Some(status);
                    id.2 = i32::from(status_rank(status)) + 1;
                }
                _ => {}
            }
        }
        let figures = figures(row, parts)?;
        by_key
            .entry(id)
            .and_modify(|(_, f)| f.add(&figures))
            .or_insert((key, figures));
    }
    Ok(assemble(
        dimensions,
        parts,
        by_key.into_values().collect(),
        SummarySource::Aggregates,
    ))
}

/// The summary as it was at `at`: the same question answered over the projects as the change log
/// rebuilds them for that moment, and over the progress reports filed by then.
///
/// The rebuilt rows go into temporary tables named like the real ones, inside a transaction that
/// is rolled back; temporary tables are found first by both backends, so the very queries of
/// [`summary_from_projects`] answer for the past. The maintained aggregates describe the present
/// and are not used.
pub async fn investment_summary_as_of(
    db: &sea_orm::DatabaseConnection,
    principal: &crate::access::Principal,
    filter: &ProjectFilter,
    dimensions: &[Dimension],
    parts: SummaryParts,
    at: chrono::DateTime<chrono::Utc>,
) -> ServiceResult<InvestmentSummary> {
    use sea_orm::{ActiveModelTrait, EntityTrait, TransactionTrait};
    crate::access::require_read(principal)?;
    let txn = db.begin().await?;
    let rows = entity::project::Entity::find().all(&txn).await?;
    let past = crate::audit::projects_as_of(&txn, rows, at).await?;
    let backend = txn.get_database_backend();
    let (project, reports) = match backend {
        sea_orm::DbBackend::Postgres => ("public.project", "public.progress_report"),
        _ => ("main.project", "main.progress_report"),
    };
    let stamp = match backend {
        sea_orm::DbBackend::Postgres => format!("'{}'::timestamptz", at.to_rfc3339()),
        _ => format!("'{}'", at.format("%Y-%m-%d %H:%M:%S%.f%:z")),
    };
    for sql in [
        format!("CREATE TEMP TABLE project AS SELECT * FROM {project} WHERE 1 = 0"),
        format!(
            "CREATE TEMP TABLE progress_report AS SELECT * FROM {reports} WHERE created_at <= {stamp}"
        ),
    ] {
        txn.execute_raw(Statement::from_string(backend, sql))
            .await?;
    }
    for chunk in past.chunks(500) {
        entity::project::Entity::insert_many(
            chunk
                .iter()
                .map(|m| entity::project::ActiveModel::from(m.clone()).reset_all()),
        )
        .exec(&txn)
        .await?;
    }
    let summary = summary_from_projects(&txn, filter, dimensions, parts).await;
    // Rolling back drops the temporary tables with everything else.
    txn.rollback().await?;
    summary
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(id: i32, ordinal: i32) -> Option<KeyPart> {
        Some(KeyPart {
            id,
            code: format!("C{id}"),
            ordinal,
            name: String::new(),
        })
    }

    #[test]
    fn groups_follow_the_document_then_values_with_unknown_last() {
        let key = |category: Option<KeyPart>, year: Option<i32>, location: Option<&str>| GroupKey {
            category,
            start_year: year,
            location: location.map(str::to_owned),
            ..GroupKey::default()
        };
        let mut keys = [
            key(part(9, 2), Some(2020), None),
            key(part(3, 1), None, Some("小门岛")),
            key(part(3, 1), Some(2022), None),
            key(part(3, 1), Some(2021), Some("大门岛")),
            key(part(3, 1), Some(2021), Some("北岙")),
            key(None, Some(2019), None),
        ];
        keys.sort_by(|a, b| a.order(b));
        let order: Vec<_> = keys
            .iter()
            .map(|k| {
                (
                    k.category.as_ref().map(|c| c.id),
                    k.start_year,
                    k.location.clone(),
                )
            })
            .collect();
        assert_eq!(
            order,
            [
                (Some(3), Some(2021), Some("北岙".to_owned())),
                (Some(3), Some(2021), Some("大门岛".to_owned())),
                (Some(3), Some(2022), None),
                (Some(3), None, Some("小门岛".to_owned())),
                (Some(9), Some(2020), None),
                (None, Some(2019), None),
            ]
        );
    }

    #[test]
    fn only_unfiltered_list_category_status_breakdowns_use_the_aggregates() {
        let none = ProjectFilter::default();
        let lean = SummaryParts {
            share: true,
            completed: false,
        };
        assert!(aggregates_answer(&none, &[], lean));
        assert!(aggregates_answer(
            &none,
            &[Dimension::List, Dimension::Category],
            lean
        ));
        assert!(!aggregates_answer(&none, &[Dimension::Location], lean));
        assert!(!aggregates_answer(&none, &[], SummaryParts::ALL));
        let filtered = ProjectFilter {
            search: Some("LNG".into()),
            ..ProjectFilter::default()
        };
        assert!(!aggregates_answer(&filtered, &[Dimension::Category], lean));
    }
}
