//! Spreadsheet exports: `GET /export/projects.csv` and `GET /export/summary.csv`, and the entry
//! points [`project_chunks`] and [`summary_file`] that `portfolio export` writes to a file.
//!
//! Both take the GraphQL `ProjectFilter` as query parameters, read by the filter's own
//! declaration (`graphql::inputs`), and `groupBy` for the summary. The table itself (headers,
//! cells, summary rows) is [`service::spreadsheet`]'s; this module only authorises, parses and
//! streams. The project export is streamed in keyset batches: its size does not depend on memory.
//!
//! The routes are a router of their own ([`router`]) so that access control can wrap them as one.

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{FromRequestParts, Query};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use graphql::finance::InvestmentDimension;
use graphql::inputs::{self, ProjectFilter as FilterInput};
use sea_orm::DatabaseConnection;
use service::ServiceError;
use service::access::{self, Principal};
use service::catalog::Catalog;
use service::finance::{self, Dimension, SummaryParts};
use service::project::Project;
use service::project_search::{self as q, ProjectFilter};
use service::spreadsheet::{self, PROJECT_HEADER, ProjectTable};

use crate::AppState;
use crate::telemetry::RequestLog;

/// Projects fetched and written per chunk of the streamed export.
pub const BATCH: u64 = 1000;
const CSV: &str = "text/csv; charset=utf-8";
/// The summary's own parameter.
const GROUP_BY: &str = "groupBy";

/// The export routes, to be merged into the application (and wrapped by access control).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/export/projects.csv", get(projects_csv))
        .route("/export/summary.csv", get(summary_csv))
        .route("/export/projects.xlsx", get(projects_xlsx))
        .route("/export/summary.xlsx", get(summary_xlsx))
        .route("/export/appendix.xlsx", get(appendix_xlsx))
        .route(
            "/export/indicator-evaluation.csv",
            get(crate::export_indicators::evaluation_csv),
        )
        .route(
            "/export/indicator-evaluation.xlsx",
            get(crate::export_indicators::evaluation_xlsx),
        )
        .route(
            "/export/bulletin.csv",
            get(crate::export_bulletin::bulletin_csv),
        )
        .route(
            "/export/bulletin.xlsx",
            get(crate::export_bulletin::bulletin_xlsx),
        )
        .route(
            "/export/bulletin-chart.svg",
            get(crate::export_bulletin::bulletin_chart),
        )
}

/// What a request asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportParams {
    /// The projects chosen.
    pub filter: ProjectFilter,
    /// The summary's grouping (summary only).
    pub group_by: Vec<Dimension>,
}

/// Reads the query parameters. Lists are comma-separated and may also be repeated; an unknown
/// parameter is refused with the names accepted, so that a misspelt filter never exports more
/// than was asked for.
pub fn parse_params(pairs: &[(String, String)], grouping: bool) -> Result<ExportParams, String> {
    let mut group_by = Vec::new();
    let extra: &[&str] = if grouping { &[GROUP_BY] } else { &[] };
    let filter = FilterInput::from_query_with(pairs, extra, |parameter, value| {
        (grouping && parameter == GROUP_BY).then(|| {
            for item in inputs::items(value) {
                group_by.push(inputs::enum_item::<InvestmentDimension>(GROUP_BY, item)?.into());
            }
            Ok(())
        })
    })?;
    Ok(ExportParams {
        filter: filter.into_service(),
        group_by,
    })
}

/// A refused export: a plain-text message with the status of its code
/// ([`graphql::error::ErrorCode`], as `/graphql` uses).
pub struct Failure(Response);

impl Failure {
    pub(crate) fn bad_request(message: String) -> Self {
        Self(plain(StatusCode::BAD_REQUEST, message))
    }
}

fn plain(status: StatusCode, message: String) -> Response {
    let response = (
        status,
        [(CONTENT_TYPE, "text/plain; charset=utf-8")],
        message,
    )
        .into_response();
    crate::auth::challenge(response)
}

impl From<ServiceError> for Failure {
    fn from(err: ServiceError) -> Self {
        let (code, message) = graphql::error::public(&err);
        let status =
            StatusCode::from_u16(code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        Self(plain(status, message))
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        self.0
    }
}

/// An export request that may go ahead: its parameters parse (else 400) and its caller is
/// authenticated (else 401; the entry points refuse other roles than FINANCE, COORDINATOR and ADMIN with 403).
/// `SUMMARY` says whether `groupBy` is accepted.
pub struct ExportRequest<const SUMMARY: bool> {
    principal: Principal,
    params: ExportParams,
    /// Where it reads (a replica, when there are any).
    db: DatabaseConnection,
}

impl<const SUMMARY: bool> FromRequestParts<AppState> for ExportRequest<SUMMARY> {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Failure> {
        let Query(pairs) = Query::<Vec<(String, String)>>::try_from_uri(&parts.uri)
            .map_err(|e| Failure::bad_request(e.body_text()))?;
        let params = parse_params(&pairs, SUMMARY).map_err(Failure::bad_request)?;
        let principal = crate::auth::principal(state, &parts.headers).await?;
        if let Some(log) = parts.extensions.get::<RequestLog>() {
            log.actor(&principal.name);
        }
        let db = state.read_db(&principal).await;
        Ok(Self {
            principal,
            params,
            db,
        })
    }
}

pub(crate) fn csv_response(filename: &str, body: Body) -> Response {
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
    table: ProjectTable,
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
    let chunk = spreadsheet::csv_chunk(
        header.then_some(&PROJECT_HEADER[..]),
        batch.iter().map(|p| s.table.row(p)),
    )
    .map(Bytes::from);
    Some((chunk, Some(s)))
}

/// The project export as a stream of CSV chunks: the byte-order mark and header with the first
/// batch, then a batch of [`BATCH`] at a time. The catalog and the first batch are read before
/// this returns, so that a bad filter is an error and not a broken file.
pub async fn project_chunks(
    db: DatabaseConnection,
    principal: &Principal,
    filter: ProjectFilter,
) -> Result<impl futures_util::Stream<Item = std::io::Result<Bytes>> + use<>, ServiceError> {
    access::require_export(principal)?;
    let table = ProjectTable::new(Catalog::load(&db, principal).await?);
    let first = q::next_batch(&db, &filter, None, BATCH).await?;
    let start = Stream {
        db,
        filter,
        table,
        step: Step::First(first),
    };
    Ok(futures_util::stream::unfold(
        Some(start),
        |state| async move { next_chunk(state?).await },
    ))
}

/// The summary export's whole file: one row per group and a last `total` row.
pub async fn summary_file(
    db: &DatabaseConnection,
    principal: &Principal,
    params: &ExportParams,
) -> Result<Vec<u8>, ServiceError> {
    access::require_export(principal)?;
    let summary = finance::investment_summary(
        db,
        principal,
        &params.filter,
        &params.group_by,
        SummaryParts::ALL,
        // A download is rare: it reads the lists and categories itself.
        None,
    )
    .await?;
    let header = spreadsheet::summary_header(&summary.dimensions);
    spreadsheet::csv_chunk(Some(&header), spreadsheet::summary_rows(&summary))
        .map_err(|err| ServiceError::internal(format!("cannot write the summary export: {err}")))
}

/// The project export as one XLSX workbook: the rows of the CSV export, written a batch at a
/// time into a sheet kept in constant memory.
pub async fn project_workbook(
    db: &DatabaseConnection,
    principal: &Principal,
    filter: &ProjectFilter,
) -> Result<Vec<u8>, ServiceError> {
    access::require_export(principal)?;
    let failed = |e: spreadsheet::XlsxError| {
        ServiceError::internal(format!("cannot write the project workbook: {e}"))
    };
    let table = ProjectTable::new(Catalog::load(db, principal).await?);
    let mut sheet = spreadsheet::XlsxTable::new("projects", &PROJECT_HEADER).map_err(failed)?;
    let mut after = None;
    loop {
        let batch = q::next_batch(db, filter, after, BATCH).await?;
        for p in &batch {
            sheet.push(&table.row(p)).map_err(failed)?;
        }
        match batch.last() {
            Some(last) if batch.len() as u64 == BATCH => after = Some(last.id),
            _ => break,
        }
    }
    sheet.finish().map_err(failed)
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn xlsx_response(filename: &str, file: Vec<u8>) -> Response {
    (
        [
            (CONTENT_TYPE, XLSX.to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        Body::from(file),
    )
        .into_response()
}

/// `GET /export/projects.xlsx`: the project export as a workbook.
async fn projects_xlsx(request: ExportRequest<false>) -> Result<Response, Failure> {
    let file = project_workbook(&request.db, &request.principal, &request.params.filter).await?;
    Ok(xlsx_response("projects.xlsx", file))
}

/// `GET /export/appendix.xlsx?list=DONGTOU`: one list in its plan's appendix layout, the file
/// `portfolio import` reads back.
async fn appendix_xlsx(request: ExportRequest<false>) -> Result<Response, Failure> {
    let one = match request.params.filter.list_codes.as_deref() {
        Some([code]) if request.params.filter == list_only(code) => code.clone(),
        _ => {
            return Err(Failure::bad_request(
                "name exactly one list, e.g. ?list=DONGTOU, and no other filter: the appendix \
                 holds a whole list"
                    .into(),
            ));
        }
    };
    let file = service::appendix::appendix_xlsx(&request.db, &request.principal, &one).await?;
    Ok(xlsx_response(&format!("appendix-{one}.xlsx"), file))
}

fn list_only(code: &str) -> ProjectFilter {
    ProjectFilter {
        list_codes: Some(vec![code.to_owned()]),
        ..Default::default()
    }
}

/// `GET /export/summary.xlsx`: the investment summary as a workbook.
async fn summary_xlsx(request: ExportRequest<true>) -> Result<Response, Failure> {
    access::require_export(&request.principal)?;
    let summary = finance::investment_summary(
        &request.db,
        &request.principal,
        &request.params.filter,
        &request.params.group_by,
        SummaryParts::ALL,
        // A download is rare: it reads the lists and categories itself.
        None,
    )
    .await?;
    let header = spreadsheet::summary_header(&summary.dimensions);
    let file = spreadsheet::xlsx_file("summary", &header, spreadsheet::summary_rows(&summary))
        .map_err(|e| ServiceError::internal(format!("cannot write the summary workbook: {e}")))?;
    Ok(xlsx_response("summary.xlsx", file))
}

/// `GET /export/projects.csv`: every chosen project, one row each, in the document's order.
async fn projects_csv(request: ExportRequest<false>) -> Result<Response, Failure> {
    let chunks = project_chunks(
        request.db.clone(),
        &request.principal,
        request.params.filter,
    )
    .await?;
    Ok(csv_response("projects.csv", Body::from_stream(chunks)))
}

/// `GET /export/summary.csv`: the investment summary.
async fn summary_csv(request: ExportRequest<true>) -> Result<Response, Failure> {
    let file = summary_file(&request.db, &request.principal, &request.params).await?;
    Ok(csv_response("summary.csv", Body::from(file)))
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
}
