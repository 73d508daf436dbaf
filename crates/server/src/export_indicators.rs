//! `GET /export/indicator-evaluation.csv` and `.xlsx`: the indicator evaluation
//! (`indicatorEvaluation`) as a spreadsheet, one row per indicator, in the layout of
//! [`service::spreadsheet`]; the two files hold the same cells.
//!
//! Parameters: `plan` (a plan code; the first plan when omitted) and `asOfYear` (every recorded
//! actual when omitted). An unknown parameter is refused, as the other exports do.

use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use sea_orm::DatabaseConnection;
use service::ServiceError;
use service::access::{self, Principal};
use service::spreadsheet::{EVALUATION_HEADER, csv_chunk, evaluation_rows, xlsx_file};

use crate::AppState;
use crate::export::{Failure, csv_response};
use crate::telemetry::RequestLog;

/// What an evaluation export asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EvaluationParams {
    /// The plan's code; the first plan when `None`.
    pub plan: Option<String>,
    /// Evaluate as of this year.
    pub as_of_year: Option<i32>,
}

/// Reads `plan` and `asOfYear`; anything else is refused with the names accepted.
pub fn parse_evaluation_params(pairs: &[(String, String)]) -> Result<EvaluationParams, String> {
    let mut params = EvaluationParams::default();
    for (name, value) in pairs {
        match name.as_str() {
            "plan" => params.plan = Some(value.clone()),
            "asOfYear" => {
                params.as_of_year = Some(
                    value
                        .parse()
                        .map_err(|_| format!("asOfYear: `{value}` is not a year"))?,
                );
            }
            other => {
                return Err(format!(
                    "unknown parameter `{other}`; accepted: plan, asOfYear"
                ));
            }
        }
    }
    Ok(params)
}

/// The file format of an evaluation export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// UTF-8 CSV with a byte-order mark.
    Csv,
    /// An Excel workbook of one sheet.
    Xlsx,
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The evaluation export's whole file.
pub async fn evaluation_file(
    db: &DatabaseConnection,
    principal: &Principal,
    params: &EvaluationParams,
    format: Format,
) -> Result<Vec<u8>, ServiceError> {
    access::require_export(principal)?;
    let plan = match &params.plan {
        Some(code) => code.clone(),
        None => service::plan::list_plans(db, principal)
            .await?
            .into_iter()
            .next()
            .map(|p| p.code)
            .ok_or_else(|| ServiceError::not_found("plan"))?,
    };
    let report =
        service::indicator::indicator_evaluation(db, principal, &plan, params.as_of_year).await?;
    let failed =
        |err: String| ServiceError::internal(format!("cannot write the evaluation export: {err}"));
    match format {
        Format::Csv => csv_chunk(Some(&EVALUATION_HEADER[..]), evaluation_rows(&report))
            .map_err(|e| failed(e.to_string())),
        Format::Xlsx => xlsx_file("evaluation", &EVALUATION_HEADER, evaluation_rows(&report))
            .map_err(|e| failed(e.to_string())),
    }
}

async fn evaluation(state: AppState, parts: Parts, format: Format) -> Result<Response, Failure> {
    let Query(pairs) = Query::<Vec<(String, String)>>::try_from_uri(&parts.uri)
        .map_err(|e| Failure::bad_request(e.body_text()))?;
    let params = parse_evaluation_params(&pairs).map_err(Failure::bad_request)?;
    let principal = crate::auth::principal(&state, &parts.headers).await?;
    if let Some(log) = parts.extensions.get::<RequestLog>() {
        log.actor(&principal.name);
    }
    let db = state.read_db(&principal).await;
    let file = evaluation_file(&db, &principal, &params, format).await?;
    Ok(match format {
        Format::Csv => csv_response("indicator-evaluation.csv", Body::from(file)),
        Format::Xlsx => (
            [
                (CONTENT_TYPE, XLSX),
                (
                    CONTENT_DISPOSITION,
                    "attachment; filename=\"indicator-evaluation.xlsx\"",
                ),
            ],
            Body::from(file),
        )
            .into_response(),
    })
}

/// `GET /export/indicator-evaluation.xlsx`.
pub(crate) async fn evaluation_xlsx(
    State(state): State<AppState>,
    parts: Parts,
) -> Result<Response, Failure> {
    evaluation(state, parts, Format::Xlsx).await
}

/// `GET /export/indicator-evaluation.csv`.
pub(crate) async fn evaluation_csv(
    State(state): State<AppState>,
    parts: Parts,
) -> Result<Response, Failure> {
    evaluation(state, parts, Format::Csv).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_read_and_strangers_refused() {
        let pairs = |items: &[(&str, &str)]| -> Vec<(String, String)> {
            items
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect()
        };
        assert_eq!(
            parse_evaluation_params(&pairs(&[("plan", "DONGTOU-14FYP"), ("asOfYear", "2023")])),
            Ok(EvaluationParams {
                plan: Some("DONGTOU-14FYP".into()),
                as_of_year: Some(2023),
            })
        );
        assert!(
            parse_evaluation_params(&pairs(&[("year", "2023")]))
                .is_err_and(|e| e.contains("unknown parameter `year`"))
        );
        assert!(parse_evaluation_params(&pairs(&[("asOfYear", "soon")])).is_err());
    }
}
