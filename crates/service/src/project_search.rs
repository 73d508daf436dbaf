//! Searching projects: the one filter used wherever a set of projects is chosen (pages, counts,
//! summaries, exports), explicit orderings, and keyset paging over any of them.

use entity::{ProjectStatus, category, plan, project, project_list};
use rust_decimal::Decimal;
use sea_orm::sea_query::{
    Alias, Condition, Expr, ExprTrait, Query, QueryStatementBuilder, SelectStatement,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, Order, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait, Select,
};

use crate::access::{Principal, require_read};
use crate::money::Amount;
use crate::paging::page_size;
use crate::project::Project;
use crate::{ServiceError, ServiceResult};

/// An inclusive range of years; either end may be open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct YearRange {
    /// Smallest year accepted.
    pub min: Option<i32>,
    /// Largest year accepted.
    pub max: Option<i32>,
}

/// An inclusive range of amounts in 万元; either end may be open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AmountRange {
    /// Smallest amount accepted.
    pub min: Option<Decimal>,
    /// Largest amount accepted.
    pub max: Option<Decimal>,
}

/// Which projects to choose. Every condition given must hold; archived projects are never chosen.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProjectFilter {
    /// Projects of the lists of these plans.
    pub plan_codes: Option<Vec<String>>,
    /// Projects of these lists.
    pub list_codes: Option<Vec<String>>,
    /// Projects of categories with these codes.
    pub category_codes: Option<Vec<String>>,
    /// Projects in these statuses.
    pub statuses: Option<Vec<ProjectStatus>>,
    /// Start year within the range (an unknown start year never matches).
    pub start_year: Option<YearRange>,
    /// End year within the range (an unknown end year never matches).
    pub end_year: Option<YearRange>,
    /// `true`: the known period overlaps the plan window; `false`: it lies wholly outside.
    /// Projects with an unknown start or end year match neither.
    pub overlaps_plan_window: Option<bool>,
    /// Total investment within the range (unknown never matches).
    pub total_investment: Option<AmountRange>,
    /// 14th-FYP investment within the range (unknown never matches).
    pub fyp_investment: Option<AmountRange>,
    /// `true`: total investment known; `false`: unknown (待定).
    pub total_investment_known: Option<bool>,
    /// `true`: 14th-FYP investment known; `false`: unknown (待定).
    pub fyp_investment_known: Option<bool>,
    /// Substring of the name or scope; ASCII letters match either case.
    pub search: Option<String>,
    /// Exact location.
    pub location: Option<String>,
}

/// What to order projects by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrderField {
    /// The document's order: list, category, sequence number.
    Sequence,
    /// Name, by Unicode code points (identical on every backend).
    Name,
    /// Total investment; unknown amounts last in either direction.
    TotalInvestment,
    /// 14th-FYP investment; unknown amounts last in either direction.
    FypInvestment,
    /// Start year; unknown last in either direction.
    StartYear,
    /// End year; unknown last in either direction.
    EndYear,
    /// Time of the last change.
    UpdatedAt,
}

/// One ordering key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProjectOrder {
    /// The field.
    pub field: OrderField,
    /// Largest first when true.
    pub descending: bool,
}

/// Which slice of the ordered set to return (Relay's `first/after/last/before`, with cursors
/// resolved to the ids of the projects they name).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PageRequest {
    /// At most this many from the start of the window.
    pub first: Option<u64>,
    /// Only projects after this one.
    pub after: Option<i32>,
    /// At most this many from the end of the window.
    pub last: Option<u64>,
    /// Only projects before this one.
    pub before: Option<i32>,
}

/// A page of projects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectPage {
    /// The projects, in the requested order.
    pub items: Vec<Project>,
    /// More projects follow the page.
    pub has_next_page: bool,
    /// More projects precede the page.
    pub has_previous_page: bool,
}

fn to_fen(field: &str, value: Decimal) -> ServiceResult<i64> {
    Amount::from_decimal(value)
        .map(Amount::fen)
        .map_err(|e| ServiceError::validation(field, e.to_string()))
}

fn year_range(cond: Condition, column: project::Column, range: YearRange) -> Condition {
    let mut cond = cond;
    if let Some(min) = range.min {
        cond = cond.add(column.gte(min));
    }
    if let Some(max) = range.max {
        cond = cond.add(column.lte(max));
    }
    cond
}

fn amount_range(
    cond: Condition,
    field: &str,
    column: project::Column,
    range: AmountRange,
) -> ServiceResult<Condition> {
    let mut cond = cond;
    if let Some(min) = range.min {
        cond = cond.add(column.gte(to_fen(field, min)?));
    }
    if let Some(max) = range.max {
        cond = cond.add(column.lte(to_fen(field, max)?));
    }
    Ok(cond)
}

fn known(column: project::Column, known: bool) -> Condition {
    Condition::all().add(if known {
        column.is_not_null()
    } else {
        column.is_null()
    })
}

/// `text` as a LIKE pattern matching it anywhere, with `%`, `_` and `\` taken literally.
fn contains_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// A plan's window and the lists it publishes: "the window" of a project is that of the plan
/// its list belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanWindow {
    /// The plan's id.
    pub plan_id: i32,
    /// First year of the window.
    pub start: i32,
    /// Last year of the window.
    pub end: i32,
    /// The plan's lists.
    pub list_ids: Vec<i32>,
}

/// Every plan's window with its lists, earliest window first (two small reads).
pub async fn plan_windows(db: &impl ConnectionTrait) -> ServiceResult<Vec<PlanWindow>> {
    let plans = plan::Entity::find()
        .order_by_asc(plan::Column::WindowStart)
        .order_by_asc(plan::Column::Id)
        .all(db)
        .await?;
    let lists = project_list::Entity::find()
        .select_only()
        .column(project_list::Column::Id)
        .column(project_list::Column::PlanId)
        .into_tuple::<(i32, i32)>()
        .all(db)
        .await?;
    Ok(plans
        .into_iter()
        .map(|p| PlanWindow {
            plan_id: p.id,
            start: p.window_start,
            end: p.window_end,
            list_ids: lists
                .iter()
                .filter(|(_, plan)| *plan == p.id)
                .map(|(id, _)| *id)
                .collect(),
        })
        .collect())
}

/// The ids of the lists and categories a filter names by code, looked up before the projects are:
/// with the ids as values, both planners see how many projects they choose and use the
/// (category, sort key) indexes, where a subquery on the codes hid both. A category code names
/// the categories of that code in every list the filter admits. `None`: the filter does not
/// restrict by that; an empty list: no project can match.
async fn placement_ids(
    db: &impl ConnectionTrait,
    filter: &ProjectFilter,
) -> ServiceResult<(Option<Vec<i32>>, Option<Vec<i32>>)> {
    use sea_orm::{JoinType, QueryTrait, RelationTrait};
    // One statement whatever the filter names: the lists admitted are those named, and of them
    // those of the plans named; categories found within them say all.
    let lists_named = filter.list_codes.is_some() || filter.plan_codes.is_some();
    let lists = || {
        let mut query = project_list::Entity::find()
            .select_only()
            .column(project_list::Column::Id);
        if let Some(codes) = &filter.list_codes {
            query = query.filter(project_list::Column::Code.is_in(codes.iter().cloned()));
        }
        if let Some(codes) = &filter.plan_codes {
            query = query
                .join(JoinType::InnerJoin, project_list::Relation::Plan.def())
                .filter(plan::Column::Code.is_in(codes.iter().cloned()));
        }
        query
    };
    match &filter.category_codes {
        Some(categories) => {
            let mut query = category::Entity::find()
                .select_only()
                .column(category::Column::Id)
                .filter(category::Column::Code.is_in(categories.iter().cloned()));
            if lists_named {
                query = query.filter(category::Column::ListId.in_subquery(lists().into_query()));
            }
            Ok((None, Some(query.into_tuple::<i32>().all(db).await?)))
        }
        None if lists_named => Ok((Some(lists().into_tuple::<i32>().all(db).await?), None)),
        None => Ok((None, None)),
    }
}

/// The SQL condition of a filter.
pub async fn filter_condition(
    db: &impl ConnectionTrait,
    filter: &ProjectFilter,
) -> ServiceResult<Condition> {
    let mut cond = Condition::all().add(project::Column::ArchivedAt.is_null());
    let (list_ids, category_ids) = placement_ids(db, filter).await?;
    if let Some(ids) = list_ids {
        cond = cond.add(project::Column::ListId.is_in(ids));
    }
    if let Some(ids) = category_ids {
        cond = cond.add(project::Column::CategoryId.is_in(ids));
    }
    if let Some(statuses) = &filter.statuses {
        cond = cond.add(project::Column::Status.is_in(statuses.iter().copied()));
    }
    if let Some(range) = filter.start_year {
        cond = year_range(cond, project::Column::StartYear, range);
    }
    if let Some(range) = filter.end_year {
        cond = year_range(cond, project::Column::EndYear, range);
    }
    if let Some(overlaps) = filter.overlaps_plan_window {
        // Each project against the window of the plan its list belongs to.
        let mut inside = Condition::any();
        for window in plan_windows(db).await? {
            inside = inside.add(
                Condition::all()
                    .add(project::Column::ListId.is_in(window.list_ids))
                    .add(project::Column::StartYear.lte(window.end))
                    .add(project::Column::EndYear.gte(window.start)),
            );
        }
        let both_known = Condition::all()
            .add(project::Column::StartYear.is_not_null())
            .add(project::Column::EndYear.is_not_null());
        cond = cond
            .add(both_known)
            .add(if overlaps { inside } else { inside.not() });
    }
    if let Some(range) = filter.total_investment {
        cond = amount_range(
            cond,
            "totalInvestment",
            project::Column::TotalInvestmentFen,
            range,
        )?;
    }
    if let Some(range) = filter.fyp_investment {
        cond = amount_range(
            cond,
            "fypInvestment",
            project::Column::FypInvestmentFen,
            range,
        )?;
    }
    if let Some(k) = filter.total_investment_known {
        cond = cond.add(known(project::Column::TotalInvestmentFen, k));
    }
    if let Some(k) = filter.fyp_investment_known {
        cond = cond.add(known(project::Column::FypInvestmentFen, k));
    }
    if let Some(search) = filter.search.as_deref().filter(|s| !s.is_empty()) {
        // SQLite's LIKE folds ASCII case only; lower-casing ASCII on both sides gives PostgreSQL
        // the same answer.
        let pattern = contains_pattern(&search.to_ascii_lowercase());
        let like = |column: &str| {
            Expr::cust_with_values(
                match db.get_database_backend() {
                    DbBackend::Postgres => format!(
                        "translate(\"project\".\"{column}\", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', \
                         'abcdefghijklmnopqrstuvwxyz') LIKE $1 ESCAPE '\\'"
                    ),
                    _ => format!("\"project\".\"{column}\" LIKE ? ESCAPE '\\'"),
                },
                [pattern.clone()],
            )
        };
        cond = cond.add(Condition::any().add(like("name")).add(like("scope")));
    }
    if let Some(location) = &filter.location {
        cond = cond.add(project::Column::Location.eq(location.clone()));
    }
    Ok(cond)
}

/// What a sort key sorts by; every key is a never-null expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum KeyExpr {
    /// A column that is never null.
    Column(&'static str),
    /// 1 where a nullable column is unknown, else 0: unknown values sort after known ones.
    Unknown(&'static str),
    /// A nullable number, 0 where unknown (the `Unknown` key before it has placed those).
    Value(&'static str),
    /// The same number negated: largest first while the key itself still ascends, so that an
    /// ordering by one amount is a single direction that an index serves.
    Negated(&'static str),
    /// The name, compared by bytes on both backends.
    Name,
}

/// One sort key and its direction.
#[derive(Clone, Copy, Debug)]
struct SortKey {
    expr: KeyExpr,
    descending: bool,
}

impl SortKey {
    fn asc(expr: KeyExpr) -> Self {
        Self {
            expr,
            descending: false,
        }
    }

    /// The key over table (or alias) `t`. The text matches the expression indexes of the
    /// migrations exactly, which is what lets the planners use them.
    fn sql(&self, t: &str, backend: DbBackend) -> String {
        let col = |c: &str| format!("\"{t}\".\"{c}\"");
        match self.expr {
            KeyExpr::Column(c) => col(c),
            KeyExpr::Unknown(c) => format!("(CASE WHEN {} IS NULL THEN 1 ELSE 0 END)", col(c)),
            KeyExpr::Value(c) => format!("COALESCE({}, 0)", col(c)),
            KeyExpr::Negated(c) => format!("(-COALESCE({}, 0))", col(c)),
            // Byte order, as SQLite's BINARY collation: the same order on both backends.
            KeyExpr::Name => match backend {
                DbBackend::Postgres => format!("{} COLLATE \"C\"", col("name")),
                _ => col("name"),
            },
        }
    }
}

fn sequence_keys(descending: bool) -> Vec<SortKey> {
    ["list_ordinal", "category_ordinal", "seq"]
        .into_iter()
        .map(|c| SortKey {
            expr: KeyExpr::Column(c),
            descending,
        })
        .collect()
}

/// The full, unique sort of an ordering: the requested keys, then the document's order, then id.
fn sort_keys(orders: &[ProjectOrder]) -> Vec<SortKey> {
    let mut keys = Vec::new();
    let mut has_sequence = false;
    for order in orders {
        let d = order.descending;
        match order.field {
            OrderField::Sequence => {
                has_sequence = true;
                keys.extend(sequence_keys(d));
            }
            OrderField::Name => keys.push(SortKey {
                expr: KeyExpr::Name,
                descending: d,
            }),
            OrderField::UpdatedAt => keys.push(SortKey {
                expr: KeyExpr::Column("updated_at"),
                descending: d,
            }),
            field => {
                let column = match field {
                    OrderField::TotalInvestment => "total_investment_fen",
                    OrderField::FypInvestment => "fyp_investment_fen",
                    OrderField::StartYear => "start_year",
                    _ => "end_year",
                };
                keys.push(SortKey::asc(KeyExpr::Unknown(column)));
                keys.push(SortKey::asc(if d {
                    KeyExpr::Negated(column)
                } else {
                    KeyExpr::Value(column)
                }));
            }
        }
    }
    if !has_sequence {
        keys.extend(sequence_keys(false));
    }
    keys.push(SortKey::asc(KeyExpr::Column("id")));
    keys
}

const ANCHOR: &str = "anchor";

/// The value of `key` for the project `id`, as a scalar subquery.
fn anchor_value(key: &SortKey, backend: DbBackend, id: i32) -> Expr {
    let mut select = Query::select();
    select
        .expr(Expr::cust(key.sql(ANCHOR, backend)))
        .from_as(project::Entity, Alias::new(ANCHOR))
        .and_where(Expr::col((Alias::new(ANCHOR), project::Column::Id)).eq(id));
    Expr::SubQuery(None, Box::new(select.into_sub_query_statement()))
}

/// Rows strictly after (`forward`) or before the anchor project in the order of `keys`.
fn beyond(keys: &[SortKey], backend: DbBackend, id: i32, forward: bool) -> Expr {
    let row = |i: usize| Expr::cust(keys[i].sql("project", backend));
    let anchor = |i: usize| anchor_value(&keys[i], backend, id);
    // Rows beyond the anchor hold greater values of an ascending key when paging forwards.
    let greater = |i: usize| keys[i].descending != forward;
    if keys.iter().all(|k| k.descending == keys[0].descending) {
        // One direction: a row-value comparison with the anchor's row, which an index on the
        // keys serves as a range scan.
        let lhs = Expr::tuple((0..keys.len()).map(row));
        let mut select = Query::select();
        for key in keys {
            select.expr(Expr::cust(key.sql(ANCHOR, backend)));
        }
        select
            .from_as(project::Entity, Alias::new(ANCHOR))
            .and_where(Expr::col((Alias::new(ANCHOR), project::Column::Id)).eq(id));
        let rhs = Expr::SubQuery(None, Box::new(select.into_sub_query_statement()));
        return if greater(0) { lhs.gt(rhs) } else { lhs.lt(rhs) };
    }
    // Mixed directions: (k1 > a1) OR (k1 = a1 AND k2 > a2) OR ...
    let mut any = Condition::any();
    for i in 0..keys.len() {
        let mut all = Condition::all();
        for j in 0..i {
            all = all.add(row(j).eq(anchor(j)));
        }
        all = all.add(if greater(i) {
            row(i).gt(anchor(i))
        } else {
            row(i).lt(anchor(i))
        });
        any = any.add(all);
    }
    any.into()
}

fn ordered(
    select: Select<project::Entity>,
    keys: &[SortKey],
    backend: DbBackend,
    reverse: bool,
) -> Select<project::Entity> {
    keys.iter().fold(select, |s, key| {
        let order = if key.descending != reverse {
            Order::Desc
        } else {
            Order::Asc
        };
        s.order_by(Expr::cust(key.sql("project", backend)), order)
    })
}

/// One page of the chosen projects in the given order (the document's order when empty).
///
/// Keyset paging: a cursor names a project, and the page holds the rows beyond that project's
/// position, so a late page costs what the first does and cursors survive inserts before them.
pub async fn list_projects(
    db: &impl ConnectionTrait,
    principal: &Principal,
    filter: &ProjectFilter,
    orders: &[ProjectOrder],
    page: PageRequest,
) -> ServiceResult<ProjectPage> {
    require_read(principal)?;
    let limit = page_size(page.first, page.last)?;
    let backend = db.get_database_backend();
    let keys = sort_keys(orders);
    let from_end = page.last.is_some();

    let mut cond = filter_condition(db, filter).await?;
    if let Some(id) = page.after {
        cond = cond.add(beyond(&keys, backend, id, true));
    }
    if let Some(id) = page.before {
        cond = cond.add(beyond(&keys, backend, id, false));
    }
    let select = ordered(
        project::Entity::find().filter(cond),
        &keys,
        backend,
        from_end,
    );
    let mut rows = select.limit(limit + 1).all(db).await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    if from_end {
        rows.reverse();
    }
    // Relay: the flag in the paging direction is exact; the other one says whether the client
    // came from a cursor, beyond which there are projects by construction.
    let (has_next_page, has_previous_page) = if from_end {
        (page.before.is_some(), more)
    } else {
        (more, page.after.is_some())
    };
    Ok(ProjectPage {
        items: rows.into_iter().map(Project::from).collect(),
        has_next_page,
        has_previous_page,
    })
}

/// Most projects one [`next_batch`] returns.
pub const MAX_BATCH_SIZE: u64 = 5000;

/// The next `size` chosen projects in the document's order after the project `after` (from the
/// start when `None`): keyset batches for bulk readers such as exports, which walk the whole set
/// without holding it. At most [`MAX_BATCH_SIZE`].
pub async fn next_batch(
    db: &impl ConnectionTrait,
    filter: &ProjectFilter,
    after: Option<i32>,
    size: u64,
) -> ServiceResult<Vec<Project>> {
    let size = size.clamp(1, MAX_BATCH_SIZE);
    let backend = db.get_database_backend();
    let keys = sort_keys(&[]);
    let mut cond = filter_condition(db, filter).await?;
    if let Some(id) = after {
        cond = cond.add(beyond(&keys, backend, id, true));
    }
    let rows = ordered(project::Entity::find().filter(cond), &keys, backend, false)
        .limit(size)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(Project::from).collect())
}

/// How many projects the filter chooses.
pub async fn count_projects(
    db: &impl ConnectionTrait,
    principal: &Principal,
    filter: &ProjectFilter,
) -> ServiceResult<u64> {
    require_read(principal)?;
    let cond = filter_condition(db, filter).await?;
    Ok(project::Entity::find().filter(cond).count(db).await?)
}

/// The ids of the chosen projects as a subquery, for aggregations over the same set.
pub async fn chosen_ids(
    db: &impl ConnectionTrait,
    filter: &ProjectFilter,
) -> ServiceResult<SelectStatement> {
    let cond = filter_condition(db, filter).await?;
    Ok(project::Entity::find()
        .select_only()
        .column(project::Column::Id)
        .filter(cond)
        .into_query())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_take_wildcards_literally() {
        assert_eq!(contains_pattern("LNG"), "%LNG%");
        assert_eq!(contains_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
        assert_eq!(contains_pattern("液化天然气"), "%液化天然气%");
    }

    #[test]
    fn every_ordering_ends_in_a_unique_key() {
        for field in [
            OrderField::Sequence,
            OrderField::Name,
            OrderField::TotalInvestment,
        ] {
            let keys = sort_keys(&[ProjectOrder {
                field,
                descending: true,
            }]);
            let last = keys.last().map(|k| k.sql("p", DbBackend::Sqlite));
            assert_eq!(last.as_deref(), Some("\"p\".\"id\""));
        }
    }
}
