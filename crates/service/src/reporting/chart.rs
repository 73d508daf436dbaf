//! The bulletin's picture: the year's planned against completed cumulative investment by month
//! (the S-curve), drawn on the server as SVG with `plotters`.
//!
//! Labels are Chinese text in `<text>` elements naming a CJK font family (Noto Sans CJK SC, as
//! Debian's `fonts-noto-cjk` installs it, then the viewer's sans-serif), so the file carries no
//! font of its own and renders wherever the viewer has one with the glyphs.

use plotters::prelude::*;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::summary::SeriesPoint;

/// The font family the labels ask for.
const FONT: &str = "Noto Sans CJK SC";

fn wan(fen: i128) -> f64 {
    Decimal::try_from_i128_with_scale(fen, 6)
        .ok()
        .and_then(|d| d.to_f64())
        .unwrap_or(0.0)
}

/// The S-curve of `points` (the twelve months of `year`) as an SVG document; `scope` names the
/// projects drawn (e.g. 全部监测项目).
pub fn s_curve_svg(year: i32, scope: &str, points: &[SeriesPoint]) -> Result<String, String> {
    let planned: Vec<(u32, f64)> = (1u32..)
        .zip(points)
        .map(|(m, p)| (m, wan(p.planned_to_date.known_fen)))
        .collect();
    let completed: Vec<(u32, f64)> = (1u32..)
        .zip(points)
        .filter_map(|(m, p)| p.completed_to_date.map(|c| (m, wan(c.known_fen))))
        .collect();
    let top = planned
        .iter()
        .chain(&completed)
        .map(|(_, v)| *v)
        .fold(0.0_f64, f64::max)
        .max(1.0)
        * 1.1;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (960, 540)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let mut chart = ChartBuilder::on(&root)
            .caption(
                format!("{year}年重大项目投资序时进度（{scope}，万元）"),
                (FONT, 24),
            )
            .margin(16)
            .x_label_area_size(40)
            .y_label_area_size(90)
            .build_cartesian_2d(1u32..12u32, 0.0..top)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .x_labels(12)
            .x_label_formatter(&|m| format!("{m}月"))
            .y_label_formatter(&|v| format!("{v:.0}"))
            .x_desc("月份")
            .y_desc("累计投资（万元）")
            .label_style((FONT, 14))
            .axis_desc_style((FONT, 16))
            .draw()
            .map_err(|e| e.to_string())?;
        let blue = RGBColor(0x1f, 0x77, 0xb4);
        let orange = RGBColor(0xd6, 0x27, 0x28);
        chart
            .draw_series(LineSeries::new(planned, blue.stroke_width(3)))
            .map_err(|e| e.to_string())?
            .label("计划（序时进度）")
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 20, y)], blue.stroke_width(3))
            });
        chart
            .draw_series(LineSeries::new(completed, orange.stroke_width(3)))
            .map_err(|e| e.to_string())?
            .label("实际完成")
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 20, y)], orange.stroke_width(3))
            });
        chart
            .configure_series_labels()
            .label_font((FONT, 14))
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .draw()
            .map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

/// The S-curve of the monitored projects `filter` chooses, for a reader.
pub async fn s_curve(
    db: &impl sea_orm::ConnectionTrait,
    principal: &crate::access::Principal,
    year: i32,
    filter: &crate::project_search::ProjectFilter,
) -> crate::ServiceResult<String> {
    let points = super::summary::reporting_series(db, principal, year, filter).await?;
    let scope = if filter == &crate::project_search::ProjectFilter::default() {
        "全部监测项目"
    } else {
        "所选项目"
    };
    s_curve_svg(year, scope, &points)
        .map_err(|e| crate::ServiceError::internal(format!("cannot draw the S-curve: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reporting::summary::KnownSum;

    #[test]
    fn the_curve_is_an_svg_with_chinese_labels_and_both_lines() -> Result<(), String> {
        let points: Vec<SeriesPoint> = (1..=12)
            .map(|m| SeriesPoint {
                period: format!("2026-{m:02}"),
                planned_to_date: KnownSum {
                    known_fen: i128::from(m) * 100_000_000,
                    unknown_count: 0,
                },
                completed_to_date: (m <= 6).then_some(KnownSum {
                    known_fen: i128::from(m) * 80_000_000,
                    unknown_count: 0,
                }),
            })
            .collect();
        let svg = s_curve_svg(2026, "全部监测项目", &points)?;
        assert!(svg.starts_with("<svg"), "{}", &svg[..svg.len().min(80)]);
        for label in [
            "2026年重大项目投资序时进度",
            "计划（序时进度）",
            "实际完成",
            "6月",
            "累计投资（万元）",
        ] {
            assert!(svg.contains(label), "{label} missing");
        }
        assert!(svg.contains(FONT));
        // Each line is drawn once and marked once in the legend, in its own colour; the
        // completed line stops at June (six points).
        let upper = svg.to_uppercase();
        assert_eq!(
            upper.matches("#1F77B4").count(),
            2,
            "the plan's line and mark"
        );
        assert_eq!(
            upper.matches("#D62728").count(),
            2,
            "the completed line and mark"
        );
        let completed = svg
            .split("<polyline")
            .find(|p| p.to_uppercase().contains("#D62728") && p.contains("points"))
            .and_then(|p| p.split("points=\"").nth(1))
            .and_then(|p| p.split('"').next())
            .ok_or("the completed line")?;
        assert_eq!(completed.split_whitespace().count(), 6, "{completed}");
        Ok(())
    }
}
