//! `GET /export/bulletin.xlsx` and `.csv`: a month's bulletin as the office's spreadsheet, in
//! the layout of [`service::reporting::sheet`].
//!
//! Parameters: `period` (`YYYY-MM`, required) and `live` (`true` for today's figures of a
//! published month). An unknown parameter is refused, as the other exports do.

use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use service::reporting::period::Period;
use service::reporting::sheet::{SheetFormat, bulletin_file};

use crate::AppState;
use crate::export::{Failure, csv_response};
use crate::telemetry::RequestLog;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Reads `period` and `live`; anything else is refused with the names accepted.
pub fn parse_bulletin_params(pairs: &[(String, String)]) -> Result<(Period, bool), String> {
    let mut period = None;
    let mut live = false;
    for (name, value) in pairs {
        match name.as_str() {
            "period" => {
                period = Some(
                    value
                        .parse::<Period>()
                        .map_err(|()| format!("period: `{value}` is not a month (YYYY-MM)"))?,
                );
            }
            "live" => {
                live = value
                    .parse()
                    .map_err(|_| format!("live: `{value}` is not true or false"))?;
            }
            other => {
                return Err(format!(
                    "unknown parameter `{other}`; accepted: period, live"
                ));
            }
        }
    }
    let period = period.ok_or_else(|| "period is required, e.g. period=2026-11".to_owned())?;
    Ok((period, live))
}

async fn bulletin(state: AppState, parts: Parts, format: SheetFormat) -> Result<Response, Failure> {
    let Query(pairs) = Query::<Vec<(String, String)>>::try_from_uri(&parts.uri)
        .map_err(|e| Failure::bad_request(e.body_text()))?;
    let (period, live) = parse_bulletin_params(&pairs).map_err(Failure::bad_request)?;
    let principal = crate::auth::principal(&state, &parts.headers).await?;
    if let Some(log) = parts.extensions.get::<RequestLog>() {
        log.actor(&principal.name);
    }
    let db = state.read_db(&principal).await;
    let file = bulletin_file(&db, &principal, period, live, format).await?;
    let name = format!("bulletin-{period}");
    let file = file_body(file);
    Ok(match format {
        SheetFormat::Csv => csv_response(&format!("{name}.csv"), file),
        SheetFormat::Xlsx => (
            [
                (CONTENT_TYPE, XLSX.to_owned()),
                (
                    CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}.xlsx\""),
                ),
            ],
            file,
        )
            .into_response(),
    })
}

/// A response body read from `file`'s current position to its end, 64 KiB at a time, each read
/// on the blocking pool: a large export goes out without being held in memory.
fn file_body(file: std::fs::File) -> Body {
    let chunks = futures_util::stream::unfold(Some(file), |file| async move {
        let mut file = file?;
        let read = tokio::task::spawn_blocking(move || {
            let mut buf = vec![0u8; 64 * 1024];
            let n = std::io::Read::read(&mut file, &mut buf)?;
            buf.truncate(n);
            Ok::<_, std::io::Error>((file, buf))
        })
        .await
        .unwrap_or_else(|e| Err(std::io::Error::other(e.to_string())));
        match read {
            Ok((_, buf)) if buf.is_empty() => None,
            Ok((file, buf)) => Some((Ok(axum::body::Bytes::from(buf)), Some(file))),
            Err(e) => {
                tracing::error!(error = %e, "reading an export back failed");
                Some((Err(e), None))
            }
        }
    });
    Body::from_stream(chunks)
}

/// `GET /export/bulletin-chart.svg?year=2026` (and the projects filter's parameters): the
/// year's S-curve, for any reader.
pub(crate) async fn bulletin_chart(
    State(state): State<AppState>,
    parts: Parts,
) -> Result<Response, Failure> {
    let Query(pairs) = Query::<Vec<(String, String)>>::try_from_uri(&parts.uri)
        .map_err(|e| Failure::bad_request(e.body_text()))?;
    let mut year: Option<i32> = None;
    let filter =
        graphql::inputs::ProjectFilter::from_query_with(&pairs, &["year"], |name, value| {
            (name == "year").then(|| {
                value
                    .parse()
                    .map(|y| year = Some(y))
                    .map_err(|_| format!("year: `{value}` is not a year"))
            })
        })
        .map_err(Failure::bad_request)?;
    let year =
        year.ok_or_else(|| Failure::bad_request("year is required, e.g. year=2026".into()))?;
    let principal = crate::auth::principal(&state, &parts.headers).await?;
    if let Some(log) = parts.extensions.get::<RequestLog>() {
        log.actor(&principal.name);
    }
    let db = state.read_db(&principal).await;
    let svg = service::reporting::chart::s_curve(&db, &principal, year, &filter.into()).await?;
    Ok((
        [(CONTENT_TYPE, "image/svg+xml; charset=utf-8".to_owned())],
        Body::from(svg),
    )
        .into_response())
}

/// `GET /export/bulletin.xlsx`.
pub(crate) async fn bulletin_xlsx(
    State(state): State<AppState>,
    parts: Parts,
) -> Result<Response, Failure> {
    bulletin(state, parts, SheetFormat::Xlsx).await
}

/// `GET /export/bulletin.csv`.
pub(crate) async fn bulletin_csv(
    State(state): State<AppState>,
    parts: Parts,
) -> Result<Response, Failure> {
    bulletin(state, parts, SheetFormat::Csv).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_is_required_and_strangers_refused() {
        let pairs = |items: &[(&str, &str)]| -> Vec<(String, String)> {
            items
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect()
        };
        assert!(
            parse_bulletin_params(&pairs(&[("period", "2026-11")]))
                .is_ok_and(|(p, live)| p.to_string() == "2026-11" && !live)
        );
        assert!(
            parse_bulletin_params(&pairs(&[("period", "2026-11"), ("live", "true")]))
                .is_ok_and(|(_, l)| l)
        );
        assert!(parse_bulletin_params(&pairs(&[])).is_err_and(|e| e.contains("required")));
        assert!(parse_bulletin_params(&pairs(&[("period", "2026-13")])).is_err());
        assert!(
            parse_bulletin_params(&pairs(&[("month", "2026-11")]))
                .is_err_and(|e| e.contains("unknown parameter"))
        );
    }
}
