//! Spreadsheet exports: `GET /export/projects.csv` and `GET /export/summary.csv`.
//!
//! Both take the GraphQL `ProjectFilter` as query parameters (and `groupBy` for the summary), answer
//! UTF-8 with a byte-order mark so that Excel shows the Chinese text, and carry one header row whose
//! cells give the English column name, a space, and the Chinese one. Amounts are plain decimals of
//! 万元; an unknown amount is an empty cell and says so in a `…_unknown` column, so it cannot be
//! read as zero. The project export is streamed in keyset batches: its size does not depend on
//! memory.
//!
//! The routes are a router of their own ([`router`]) so that access control can wrap them as one.

use std::collections::HashMap;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use rust_decimal::Decimal;
use sea_orm::DatabaseConnection;
use service::ServiceError;
use service::catalog::{self, Category, ProjectList};
use service::finance::{self, Dimension, SummaryParts};
use service::money::Amount;
use service::project::Project;
use service::project_search::{self as q, AmountRange, ProjectFilter, YearRange};

use crate::AppState;
use axum::http::HeaderMap;
use service::access::{self, Principal};

/// Projects fetched and written per chunk of the streamed export.
pub const BATCH: u64 = 1000;
/// The byte-order mark that tells spreadsheet programs the file is UTF-8.
pub const BOM: &[u8] = "\u{feff}".as_bytes();
const CSV: &str = "text/csv; charset=utf-8";

/// The export routes, to be merged into the application (and wrapped by access control).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/export/projects.csv", get(projects_csv))
        .route("/export/summary.csv", get(summary_csv))
}

/// The query parameters every export accepts, and what each sets.
pub const FILTER_PARAMETERS: [&str; 16] = [
    "list",
    "category",
    "status",
    "startYearMin",
    "startYearMax",
    "endYearMin",
    "endYearMax",
    "overlapsPlanWindow",
    "totalInvestmentMin",
    "totalInvestmentMax",
    "fypInvestmentMin",
    "fypInvestmentMax",
    "totalInvestmentKnown",
    "fypInvestmentKnown",
    "search",
    "location",
];

/// What a request asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportParams {
    /// The projects chosen.
    pub filter: ProjectFilter,
    /// The summary's grouping (summary only).
    pub group_by: Vec<Dimension>,
}

fn bad(message: String) -> Response {
    (
        StatusCode::BAD_REQUEST,
        [(CONTENT_TYPE, "text/plain; charset=utf-8")],
        message,
    )
        .into_response()
}

fn list_values(value: &str) -> impl Iterator<Item = String> + '_ {
    value
        .split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

fn parse_bool(name: &str, value: &str) -> Result<bool, String> {
    match value {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(format!("{name} must be `true` or `false`, not `{value}`")),
    }
}

fn parse_year(name: &str, value: &str) -> Result<i32, String> {
    value
        .parse::<i32>()
        .map_err(|_| format!("{name} must be a year such as 2021, not `{value}`"))
}

fn parse_amount(name: &str, value: &str) -> Result<Decimal, String> {
    value
        .parse::<Amount>()
        .map(Amount::to_decimal)
        .map_err(|e| format!("{name}: {e}"))
}

fn parse_status(value: &str) -> Result<service::ProjectStatus, String> {
    use service::ProjectStatus as S;
    [
        S::Planned,
        S::UnderConstruction,
        S::OnHold,
        S::Completed,
        S::Cancelled,
    ]
    .into_iter()
    .find(|s| s.as_str() == value)
    .ok_or_else(|| {
        format!(
            "status `{value}` is not one of PLANNED, UNDER_CONSTRUCTION, ON_HOLD, COMPLETED, CANCELLED"
        )
    })
}

fn parse_dimension(value: &str) -> Result<Dimension, String> {
    Ok(match value {
        "LIST" => Dimension::List,
        "CATEGORY" => Dimension::Category,
        "STATUS" => Dimension::Status,
        "START_YEAR" => Dimension::StartYear,
        "END_YEAR" => Dimension::EndYear,
        "LOCATION" => Dimension::Location,
        _ => {
            return Err(format!(
                "groupBy `{value}` is not one of LIST, CATEGORY, STATUS, START_YEAR, END_YEAR, LOCATION"
            ));
        }
    })
}

/// Reads the query parameters. Lists are comma-separated and may also be repeated; an unknown
/// parameter is refused, so that a misspelt filter never exports more than was asked for.
pub fn parse_params(pairs: &[(String, String)], grouping: bool) -> Result<ExportParams, String> {
    let mut p = ExportParams::default();
    let f = &mut p.filter;
    for (name, value) in pairs {
        let name = name.as_str();
        match name {
            "list" => f
                .list_codes
                .get_or_insert_with(Vec::new)
                .extend(list_values(value)),
            "category" => f
                .category_codes
                .get_or_insert_with(Vec::new)
                .extend(list_values(value)),
            "status" => {
                let statuses = f.statuses.get_or_insert_with(Vec::new);
                for v in list_values(value) {
                    statuses.push(parse_status(&v)?);
                }
            }
            "startYearMin" => {
                f.start_year.get_or_insert_with(YearRange::default).min =
                    Some(parse_year(name, value)?);
            }
            "startYearMax" => {
                f.start_year.get_or_insert_with(YearRange::default).max =
                    Some(parse_year(name, value)?);
            }
            "endYearMin" => {
                f.end_year.get_or_insert_with(YearRange::default).min =
                    Some(parse_year(name, value)?);
            }
            "endYearMax" => {
                f.end_year.get_or_insert_with(YearRange::default).max =
                    Some(parse_year(name, value)?);
            }
            "overlapsPlanWindow" => f.overlaps_plan_window = Some(parse_bool(name, value)?),
            "totalInvestmentMin" => {
                f.total_investment
                    .get_or_insert_with(AmountRange::default)
                    .min = Some(parse_amount(name, value)?);
            }
            "totalInvestmentMax" => {
                f.total_investment
                    .get_or_insert_with(AmountRange::default)
                    .max = Some(parse_amount(name, value)?);
            }
            "fypInvestmentMin" => {
                f.fyp_investment
                    .get_or_insert_with(AmountRange::default)
                    .min = Some(parse_amount(name, value)?);
            }
            "fypInvestmentMax" => {
                f.fyp_investment
                    .get_or_insert_with(AmountRange::default)
                    .max = Some(parse_amount(name, value)?);
            }
            "totalInvestmentKnown" => f.total_investment_known = Some(parse_bool(name, value)?),
            "fypInvestmentKnown" => f.fyp_investment_known = Some(parse_bool(name, value)?),
            "search" => f.search = Some(value.clone()),
            "location" => f.location = Some(value.clone()),
            "groupBy" if grouping => {
                for v in list_values(value) {
                    p.group_by.push(parse_dimension(&v)?);
                }
            }
            _ => {
                return Err(format!(
                    "unknown parameter `{name}`; accepted: {}{}",
                    FILTER_PARAMETERS.join(", "),
                    if grouping { ", groupBy" } else { "" }
                ));
            }
        }
    }
    Ok(p)
}

/// A text cell that a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, tab, carriage
/// return at the start) gets a leading apostrophe, so that opening an export never runs one.
pub fn text_cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

fn decimal_cell(value: Option<Decimal>) -> String {
    value.map(|d| d.normalize().to_string()).unwrap_or_default()
}

fn int_cell<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn flag_cell(unknown: bool) -> String {
    if unknown { "true" } else { "false" }.to_owned()
}

/// The project export's header: English name, a space, Chinese name.
pub const PROJECT_HEADER: [&str; 18] = [
    "key 项目编号",
    "list 清单",
    "category 类别",
    "category_name 类别名称",
    "seq 序号",
    "name 项目名称",
    "scope 建设内容和规模",
    "start_year 开工年份",
    "end_year 完工年份",
    "total_investment 总投资（万元）",
    "total_investment_unknown 总投资待定",
    "fyp_investment 十四五投资（万元）",
    "fyp_investment_unknown 十四五投资待定",
    "fyp_share 十四五投资占比",
    "status 状态",
    "location 地点",
    "land_area_mu 用地面积（亩）",
    "source 来源",
];

/// The catalog rows a project row names.
struct Frame {
    lists: HashMap<i32, ProjectList>,
    categories: HashMap<i32, Category>,
}

impl Frame {
    async fn load(db: &DatabaseConnection, principal: &Principal) -> Result<Self, ServiceError> {
        let catalog::Catalog { lists, categories } = catalog::Catalog::load(db, principal).await?;
        Ok(Self { lists, categories })
    }

    fn project_row(&self, p: &Project) -> [String; 18] {
        let list = self.lists.get(&p.list_id);
        let category = self.categories.get(&p.category_id);
        [
            p.key.clone(),
            list.map(|l| l.code.clone()).unwrap_or_default(),
            category.map(|c| c.code.clone()).unwrap_or_default(),
            category.map(|c| text_cell(&c.name)).unwrap_or_default(),
            p.seq.to_string(),
            text_cell(&p.name),
            text_cell(&p.scope),
            int_cell(p.start_year),
            int_cell(p.end_year),
            decimal_cell(p.total_investment),
            flag_cell(p.total_investment.is_none()),
            decimal_cell(p.fyp_investment),
            flag_cell(p.fyp_investment.is_none()),
            decimal_cell(p.fyp_share()),
            p.status.as_str().to_owned(),
            p.location.as_deref().map(text_cell).unwrap_or_default(),
            decimal_cell(p.land_area_mu),
            p.source.as_deref().map(text_cell).unwrap_or_default(),
        ]
    }
}

fn csv_chunk<I, R>(bom_and_header: Option<&[&str]>, rows: I) -> Result<Bytes, std::io::Error>
where
    I: IntoIterator<Item = R>,
    R: IntoIterator,
    R::Item: AsRef<[u8]>,
{
    let mut out = Vec::new();
    if bom_and_header.is_some() {
        out.extend_from_slice(BOM);
    }
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    if let Some(header) = bom_and_header {
        writer.write_record(header)?;
    }
    for row in rows {
        writer.write_record(row)?;
    }
    writer
        .into_inner()
        .map(Bytes::from)
        .map_err(|e| std::io::Error::other(e.to_string()))
}

fn service_failure(err: ServiceError) -> Response {
    match err {
        ServiceError::Validation { field, message } => bad(format!("{field}: {message}")),
        ServiceError::Unauthenticated { message } => (
            StatusCode::UNAUTHORIZED,
            [(axum::http::header::WWW_AUTHENTICATE, "Bearer")],
            message,
        )
            .into_response(),
        ServiceError::Forbidden { message } => (StatusCode::FORBIDDEN, message).into_response(),
        ServiceError::NotFound { what } => {
            (StatusCode::NOT_FOUND, format!("{what} not found")).into_response()
        }
        err => {
            tracing::error!(error = %err, "export failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal error; it has been logged",
            )
                .into_response()
        }
    }
}

/// The caller of an export, who must hold a FINANCE or ADMIN token.
async fn exporter(state: &AppState, headers: &HeaderMap) -> Result<Principal, ServiceError> {
    let secret = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, secret)| secret.trim().to_owned());
    let principal = match secret {
        Some(secret) => access::authenticate(&state.db, &secret, state.config.public_read).await?,
        None => Principal::anonymous(state.config.public_read),
    };
    access::require_export(&principal)?;
    Ok(principal)
}

fn csv_response(filename: &str, body: Body) -> Response {
    (
        [
            (CONTENT_TYPE, CSV.to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// Where the streamed export stands.
enum Step {
    /// The first batch is fetched; the header and its rows are still to be written.
    First(Vec<Project>),
    /// Fetch and write the batch after this project.
    After(i32),
    /// Everything is written.
    Done,
}

/// The state of a streamed project export.
struct Stream {
    db: DatabaseConnection,
    filter: ProjectFilter,
    frame: Frame,
    step: Step,
}

/// The next chunk of the export: the BOM and header with the first batch, then a batch at a time.
async fn next_chunk(mut s: Stream) -> Option<(Result<Bytes, std::io::Error>, Option<Stream>)> {
    let (header, batch) = match std::mem::replace(&mut s.step, Step::Done) {
        Step::First(batch) => (true, batch),
        Step::After(id) => match q::next_batch(&s.db, &s.filter, Some(id), BATCH).await {
            Ok(batch) => (false, batch),
            Err(err) => {
                // The status line is sent: breaking the body off is how the client learns.
                tracing::error!(error = %err, "project export failed part-way");
                return Some((Err(std::io::Error::other("export failed")), None));
            }
        },
        Step::Done => return None,
    };
    if !header && batch.is_empty() {
        return None;
    }
    // A full batch may have more behind it; a short one is the last.
    if let Some(last) = batch.last().filter(|_| batch.len() as u64 == BATCH) {
        s.step = Step::After(last.id);
    }
    let chunk = csv_chunk(
        header.then_some(&PROJECT_HEADER[..]),
        batch.iter().map(|p| s.frame.project_row(p)),
    );
    Some((chunk, Some(s)))
}

/// `GET /export/projects.csv`: every chosen project, one row each, in the document's order,
/// streamed in batches of [`BATCH`].
async fn projects_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let params = match parse_params(&pairs, false) {
        Ok(p) => p,
        Err(message) => return bad(message),
    };
    let principal = match exporter(&state, &headers).await {
        Ok(p) => p,
        Err(e) => return service_failure(e),
    };
    let db = state.db.clone();
    // The catalog and the first batch are read before answering, so that a bad filter is a 400
    // and not a broken download.
    let frame = match Frame::load(&db, &principal).await {
        Ok(f) => f,
        Err(e) => return service_failure(e),
    };
    let first = match q::next_batch(&db, &params.filter, None, BATCH).await {
        Ok(b) => b,
        Err(e) => return service_failure(e),
    };
    let start = Stream {
        db,
        filter: params.filter,
        frame,
        step: Step::First(first),
    };
    let stream =
        futures_util::stream::unfold(Some(start), |state| async move { next_chunk(state?).await });
    csv_response("projects.csv", Body::from_stream(stream))
}

/// The summary export's columns of each dimension.
fn dimension_header(d: Dimension) -> &'static [&'static str] {
    match d {
        Dimension::List => &["list 清单"],
        Dimension::Category => &["category 类别", "category_name 类别名称"],
        Dimension::Status => &["status 状态"],
        Dimension::StartYear => &["start_year 开工年份"],
        Dimension::EndYear => &["end_year 完工年份"],
        Dimension::Location => &["location 地点"],
    }
}

/// The summary export's figure columns.
pub const SUMMARY_FIGURES: [&str; 11] = [
    "project_count 项目数",
    "total_investment_known 总投资已知合计（万元）",
    "total_investment_unknown_count 总投资待定项目数",
    "fyp_investment_known 十四五投资已知合计（万元）",
    "fyp_investment_unknown_count 十四五投资待定项目数",
    "fyp_share 十四五投资占比",
    "fyp_share_basis_count 占比依据项目数",
    "completed_investment 已完成投资（万元）",
    "reported_count 有进度报告项目数",
    "unreported_count 无进度报告项目数",
    "execution_rate 执行率",
];

fn summary_row(
    kind: &str,
    dimensions: &[Dimension],
    key: &finance::summary::GroupKey,
    f: &finance::summary::Figures,
) -> Vec<String> {
    let mut row = vec![kind.to_owned()];
    for d in dimensions {
        match d {
            Dimension::List => row.push(
                key.list
                    .as_ref()
                    .map(|l| l.code.clone())
                    .unwrap_or_default(),
            ),
            Dimension::Category => {
                row.push(
                    key.category
                        .as_ref()
                        .map(|c| c.code.clone())
                        .unwrap_or_default(),
                );
                row.push(
                    key.category
                        .as_ref()
                        .map(|c| text_cell(&c.name))
                        .unwrap_or_default(),
                );
            }
            Dimension::Status => row.push(
                key.status
                    .map(|s| s.as_str().to_owned())
                    .unwrap_or_default(),
            ),
            Dimension::StartYear => row.push(int_cell(key.start_year)),
            Dimension::EndYear => row.push(int_cell(key.end_year)),
            Dimension::Location => {
                row.push(key.location.as_deref().map(text_cell).unwrap_or_default())
            }
        }
    }
    let share = f.share;
    let completed = f.completed;
    row.extend([
        f.project_count.to_string(),
        decimal_cell(Some(f.total_investment.known)),
        f.total_investment.unknown_count.to_string(),
        decimal_cell(Some(f.fyp_investment.known)),
        f.fyp_investment.unknown_count.to_string(),
        decimal_cell(share.and_then(|s| s.value())),
        int_cell(share.map(|s| s.basis_count)),
        decimal_cell(completed.map(|c| c.amount)),
        int_cell(completed.map(|c| c.reported_count)),
        int_cell(completed.map(|c| c.unreported_count)),
        decimal_cell(f.execution_rate()),
    ]);
    row
}

/// `GET /export/summary.csv`: the investment summary, one row per group and a last `total` row.
async fn summary_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let params = match parse_params(&pairs, true) {
        Ok(p) => p,
        Err(message) => return bad(message),
    };
    let principal = match exporter(&state, &headers).await {
        Ok(p) => p,
        Err(e) => return service_failure(e),
    };
    let summary = match finance::investment_summary(
        &state.db,
        &principal,
        &params.filter,
        &params.group_by,
        SummaryParts::ALL,
    )
    .await
    {
        Ok(s) => s,
        Err(e) => return service_failure(e),
    };
    let dims = &summary.dimensions;
    let mut header = vec!["row 行"];
    for d in dims {
        header.extend_from_slice(dimension_header(*d));
    }
    header.extend_from_slice(&SUMMARY_FIGURES);
    let rows = summary
        .groups
        .iter()
        .map(|g| summary_row("group", dims, &g.key, &g.figures))
        .chain(std::iter::once(summary_row(
            "total",
            dims,
            &finance::summary::GroupKey::default(),
            &summary.total,
        )));
    match csv_chunk(Some(&header), rows) {
        Ok(bytes) => csv_response("summary.csv", Body::from(bytes)),
        Err(err) => {
            tracing::error!(error = %err, "cannot write the summary export");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal error; it has been logged",
            )
                .into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn parameters_fill_the_filter_and_unknown_ones_are_refused() -> Result<(), String> {
        let p = parse_params(
            &pairs(&[
                ("list", "DONGTOU"),
                ("category", "GREEN,DIGITAL"),
                ("status", "PLANNED"),
                ("startYearMin", "2020"),
                ("totalInvestmentMax", "1303600.5"),
                ("fypInvestmentKnown", "true"),
                ("search", "LNG"),
                ("groupBy", "STATUS,CATEGORY"),
            ]),
            true,
        )?;
        assert_eq!(p.filter.list_codes, Some(vec!["DONGTOU".to_owned()]));
        assert_eq!(
            p.filter.category_codes,
            Some(vec!["GREEN".to_owned(), "DIGITAL".to_owned()])
        );
        assert_eq!(p.filter.start_year.and_then(|r| r.min), Some(2020));
        assert_eq!(
            p.filter
                .total_investment
                .and_then(|r| r.max)
                .map(|d| d.to_string()),
            Some("1303600.5".to_owned())
        );
        assert_eq!(p.group_by, [Dimension::Status, Dimension::Category]);

        let refused = |items: &[(&str, &str)], grouping: bool| {
            parse_params(&pairs(items), grouping)
                .err()
                .unwrap_or_default()
        };
        assert!(refused(&[("catgory", "GREEN")], true).contains("unknown parameter `catgory`"));
        assert!(refused(&[("groupBy", "CATEGORY")], false).contains("unknown parameter"));
        assert!(refused(&[("status", "DONE")], false).contains("is not one of"));
        assert!(refused(&[("totalInvestmentMin", "1e5")], false).contains("plain decimal"));
        assert!(refused(&[("overlapsPlanWindow", "yes")], false).contains("`true` or `false`"));
        Ok(())
    }

    #[test]
    fn text_that_looks_like_a_formula_is_defused() {
        assert_eq!(text_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(text_cell("-1"), "'-1");
        assert_eq!(text_cell("小门岛"), "小门岛");
    }
}
