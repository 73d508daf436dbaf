//! The bulletin as the office's official spreadsheet (`/export/bulletin.xlsx` and `.csv`).
//!
//! The workbook's first sheet holds the roll-up by category and by responsible unit and the
//! ranking of units; the second every project under its category's heading, in the lists'
//! order. Amounts are numbers in 万元 (`#,##0.######`); an unknown amount is an empty cell, named
//! in the row's 待定项 column, never 0; the light is a coloured cell. The project table is
//! read 2 000 projects at a time and written as it is read, the XLSX sheet in constant memory,
//! into a temporary file the server streams back, so an export of 100 000 projects never holds
//! them. The CSV holds the project sheet's cells. A published month exports its published figures, so exporting it
//! twice gives the same cells.

use std::collections::HashMap;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Color, Format, Workbook, Worksheet, XlsxError};

use std::io::{Seek, Write};

use super::bulletin::{ProjectRows, bulletin_head, bulletin_summary};
use super::period::Period;
use super::schedule::Level;
use super::summary::{Dimension, Measure, ProjectMonth, ReportingGroup, ReportingSummary, rank};
use crate::catalog::{Category, ProjectList};
use crate::money::fen_to_decimal;
use crate::spreadsheet::{csv_chunk, text_cell};

/// The project sheet's columns (the appendix's 序号 and 项目名称 first).
pub const PROJECT_COLUMNS: [&str; 11] = [
    "序号",
    "项目名称",
    "责任单位",
    "年度计划投资（万元）",
    "本月完成（万元）",
    "本年累计完成（万元）",
    "完成率",
    "序时进度（万元）",
    "形象进度",
    "预警",
    "待定项",
];

/// The roll-up tables' columns.
pub const SUMMARY_COLUMNS: [&str; 14] = [
    "分组",
    "项目数",
    "年度计划投资（万元）",
    "计划待定项目数",
    "本月完成（万元）",
    "本年累计完成（万元）",
    "完成率",
    "序时进度（万元）",
    "序时完成率",
    "开工率",
    "绿",
    "黄",
    "红",
    "不适用",
];

fn light_name(level: Level) -> &'static str {
    match level {
        Level::Green => "绿",
        Level::Yellow => "黄",
        Level::Red => "红",
        Level::NotApplicable => "不适用",
    }
}

fn light_colour(level: Level) -> Color {
    match level {
        Level::Green => Color::RGB(0x00C6_EFCE),
        Level::Yellow => Color::RGB(0x00FF_EB9C),
        Level::Red => Color::RGB(0x00FF_C7CE),
        Level::NotApplicable => Color::RGB(0x00D9_D9D9),
    }
}

/// A heading per category, in the lists' order, with the projects under it numbered from 1.
struct Headings<'a> {
    names: HashMap<(Option<&'a str>, Option<&'a str>), String>,
}

impl<'a> Headings<'a> {
    fn new(lists: &'a [ProjectList], categories: &'a [Category]) -> Self {
        let list_code: HashMap<i32, &str> = lists.iter().map(|l| (l.id, l.code.as_str())).collect();
        let names = categories
            .iter()
            .map(|c| {
                (
                    (list_code.get(&c.list_id).copied(), Some(c.code.as_str())),
                    c.heading.clone(),
                )
            })
            .collect();
        Self { names }
    }

    fn of(&self, m: &ProjectMonth) -> String {
        let key = (
            m.key_parts.list_code.as_deref(),
            m.key_parts.category_code.as_deref(),
        );
        self.names.get(&key).cloned().unwrap_or_else(|| {
            format!(
                "{} {}",
                m.key_parts.list_code.as_deref().unwrap_or_default(),
                m.key_parts.category_code.as_deref().unwrap_or_default()
            )
        })
    }
}

/// One project row's cells as text, and the names of its unknown amounts.
fn project_cells(number: usize, m: &ProjectMonth) -> Vec<String> {
    let amount = |fen: Option<i64>| {
        fen.map(|f| fen_to_decimal(f).to_string())
            .unwrap_or_default()
    };
    let mut unknown = Vec::new();
    for (name, value) in [
        ("年度计划投资", m.planned),
        ("本月完成", m.this_month),
        ("本年累计完成", m.this_year),
        ("序时进度", m.expected),
    ] {
        if value.is_none() {
            unknown.push(name);
        }
    }
    vec![
        number.to_string(),
        text_cell(&m.project_name),
        text_cell(m.key_parts.responsible_unit.as_deref().unwrap_or_default()),
        amount(m.planned),
        amount(m.this_month),
        amount(m.this_year),
        m.completion_rate()
            .map(|r| r.to_string())
            .unwrap_or_default(),
        amount(m.expected),
        text_cell(m.image_progress.as_deref().unwrap_or_default()),
        light_name(m.level).to_owned(),
        unknown.join("、"),
    ]
}

/// Where the project table stands: the category heading written last and the number within it.
#[derive(Default)]
struct Numbering {
    current: Option<String>,
    number: usize,
}

impl Numbering {
    /// The heading to write before `m`, if its category starts here, and `m`'s number in it.
    fn next(&mut self, heading: String) -> (Option<String>, usize) {
        let starts = self.current.as_ref() != Some(&heading);
        if starts {
            self.current = Some(heading.clone());
            self.number = 0;
        }
        self.number += 1;
        (starts.then_some(heading), self.number)
    }
}

/// CSV rows of a chunk of the project table: a heading row per category, then its projects.
fn csv_rows(
    chunk: &[ProjectMonth],
    headings: &Headings<'_>,
    at: &mut Numbering,
) -> Vec<Vec<String>> {
    let mut rows = Vec::with_capacity(chunk.len() + 1);
    for m in chunk {
        let (heading, number) = at.next(headings.of(m));
        if let Some(heading) = heading {
            // Every record has every column: CSV readers take a short row for a broken file.
            let mut row = vec![String::new(); PROJECT_COLUMNS.len()];
            row[1] = text_cell(&heading);
            rows.push(row);
        }
        rows.push(project_cells(number, m));
    }
    rows
}

fn number(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(f64::NAN)
}

struct Formats {
    bold: Format,
    amount: Format,
    rate: Format,
    lights: [Format; 4],
}

impl Formats {
    fn new() -> Self {
        let light = |l| Format::new().set_background_color(light_colour(l));
        Self {
            bold: Format::new().set_bold(),
            amount: Format::new().set_num_format("#,##0.######"),
            rate: Format::new().set_num_format("0.00%"),
            lights: [
                light(Level::Green),
                light(Level::Yellow),
                light(Level::Red),
                light(Level::NotApplicable),
            ],
        }
    }

    fn light(&self, level: Level) -> &Format {
        &self.lights[match level {
            Level::Green => 0,
            Level::Yellow => 1,
            Level::Red => 2,
            Level::NotApplicable => 3,
        }]
    }
}

/// A number in `format`, or nothing when it is unknown (an empty cell, never 0).
fn write_decimal(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: Option<Decimal>,
    format: &Format,
) -> Result<(), XlsxError> {
    if let Some(v) = value {
        sheet.write_number_with_format(row, col, number(v), format)?;
    }
    Ok(())
}

/// Text for an XLSX cell: a string cell is never evaluated, so it needs no formula guard.
fn plain(text: &str) -> String {
    text.to_owned()
}

fn group_name(g: &ReportingGroup, dim: Dimension, headings: &Headings<'_>) -> String {
    match dim {
        Dimension::Category => headings
            .names
            .get(&(g.key.list_code.as_deref(), g.key.category_code.as_deref()))
            .cloned()
            .unwrap_or_default(),
        Dimension::ResponsibleUnit => g
            .key
            .responsible_unit
            .clone()
            .unwrap_or_else(|| "（未填责任单位）".to_owned()),
        _ => String::new(),
    }
}

fn write_group(
    sheet: &mut Worksheet,
    row: u32,
    name: &str,
    g: &ReportingGroup,
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.write_string(row, 0, plain(name))?;
    sheet.write_number(row, 1, g.project_count as f64)?;
    write_decimal(sheet, row, 2, Some(g.annual_plan.known()), &f.amount)?;
    sheet.write_number(row, 3, g.annual_plan.unknown_count as f64)?;
    write_decimal(
        sheet,
        row,
        4,
        Some(g.completed_this_month.known()),
        &f.amount,
    )?;
    write_decimal(
        sheet,
        row,
        5,
        Some(g.completed_this_year.known()),
        &f.amount,
    )?;
    write_decimal(sheet, row, 6, g.completion.value(), &f.rate)?;
    write_decimal(sheet, row, 7, Some(g.expected_to_date.known()), &f.amount)?;
    write_decimal(sheet, row, 8, g.schedule.value(), &f.rate)?;
    write_decimal(sheet, row, 9, g.start.value(), &f.rate)?;
    for (i, count) in g.lights.iter().enumerate() {
        let col = 10 + u16::try_from(i).unwrap_or(0);
        sheet.write_number(row, col, *count as f64)?;
    }
    Ok(())
}

/// The first sheet: the roll-ups by category and by responsible unit, and the ranking of units.
fn summary_sheet(
    workbook: &mut Workbook,
    status: &str,
    by_category: &ReportingSummary,
    by_unit: &ReportingSummary,
    headings: &Headings<'_>,
    f: &Formats,
) -> Result<(), XlsxError> {
    let sheet = workbook.add_worksheet();
    sheet.set_name("汇总")?;
    sheet.write_string_with_format(0, 0, plain(status), &f.bold)?;
    let mut row = 2u32;
    for (title, dim, summary) in [
        ("按类别", Dimension::Category, by_category),
        ("按责任单位", Dimension::ResponsibleUnit, by_unit),
    ] {
        sheet.write_string_with_format(row, 0, title, &f.bold)?;
        row += 1;
        for (col, name) in (0u16..).zip(SUMMARY_COLUMNS) {
            sheet.write_string_with_format(row, col, name, &f.bold)?;
        }
        row += 1;
        for g in &summary.groups {
            write_group(sheet, row, &group_name(g, dim, headings), g, f)?;
            row += 1;
        }
        write_group(sheet, row, "合计", &summary.total, f)?;
        row += 2;
    }
    sheet.write_string_with_format(row, 0, "责任单位排名（按完成率）", &f.bold)?;
    row += 1;
    for (col, name) in (0u16..).zip(["名次", "责任单位", "完成率", "基数（项目）"]) {
        sheet.write_string_with_format(row, col, name, &f.bold)?;
    }
    row += 1;
    for r in rank(by_unit.groups.clone(), Measure::CompletionRate) {
        match r.rank {
            Some(n) => sheet.write_number(row, 0, f64::from(n))?,
            None => sheet.write_string(row, 0, "不参与排名")?,
        };
        sheet.write_string(
            row,
            1,
            plain(&group_name(&r.group, Dimension::ResponsibleUnit, headings)),
        )?;
        write_decimal(sheet, row, 2, r.value, &f.rate)?;
        sheet.write_number(row, 3, r.basis as f64)?;
        row += 1;
    }
    Ok(())
}

/// Writes a chunk of the project table from `*row` on.
fn project_sheet_rows(
    sheet: &mut Worksheet,
    row: &mut u32,
    chunk: &[ProjectMonth],
    headings: &Headings<'_>,
    at: &mut Numbering,
    f: &Formats,
) -> Result<(), XlsxError> {
    for m in chunk {
        let (heading, number) = at.next(headings.of(m));
        if let Some(heading) = heading {
            sheet.write_string_with_format(*row, 1, plain(&heading), &f.bold)?;
            *row += 1;
        }
        let amount = |fen: Option<i64>| fen.map(fen_to_decimal);
        let r = *row;
        sheet.write_number(r, 0, number as f64)?;
        sheet.write_string(r, 1, plain(&m.project_name))?;
        if let Some(unit) = m.key_parts.responsible_unit.as_deref() {
            sheet.write_string(r, 2, plain(unit))?;
        }
        write_decimal(sheet, r, 3, amount(m.planned), &f.amount)?;
        write_decimal(sheet, r, 4, amount(m.this_month), &f.amount)?;
        write_decimal(sheet, r, 5, amount(m.this_year), &f.amount)?;
        write_decimal(sheet, r, 6, m.completion_rate(), &f.rate)?;
        write_decimal(sheet, r, 7, amount(m.expected), &f.amount)?;
        if let Some(progress) = m.image_progress.as_deref() {
            sheet.write_string(r, 8, plain(progress))?;
        }
        sheet.write_string_with_format(r, 9, light_name(m.level), f.light(m.level))?;
        let cells = project_cells(0, m);
        if let Some(unknown) = cells.last().filter(|u| !u.is_empty()) {
            sheet.write_string(r, 10, unknown)?;
        }
        *row += 1;
    }
    Ok(())
}

/// The file format of a bulletin export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SheetFormat {
    /// UTF-8 CSV with a byte-order mark: the project table.
    Csv,
    /// The workbook.
    Xlsx,
}

/// A month's bulletin as a file, for FINANCE, COORDINATOR and ADMIN: as published, or with
/// `live` (and for a month not yet published) today's figures. The file is a temporary one,
/// gone once closed, read from its start; the project table goes into it a chunk at a time
/// (the XLSX project sheet in constant memory), so the server never holds the whole table.
pub async fn bulletin_file(
    db: &(impl sea_orm::ConnectionTrait + sea_orm::TransactionTrait),
    principal: &crate::access::Principal,
    period: Period,
    live: bool,
    format: SheetFormat,
) -> crate::ServiceResult<std::fs::File> {
    crate::access::require_export(principal)?;
    let head = bulletin_head(db, principal, period, live).await?;
    let catalog = crate::catalog::Catalog::load(db, principal).await?;
    let lists: Vec<ProjectList> = catalog.lists.into_values().collect();
    let categories: Vec<Category> = catalog.categories.into_values().collect();
    let headings = Headings::new(&lists, &categories);
    let failed =
        |e: String| crate::ServiceError::internal(format!("cannot write the bulletin export: {e}"));
    let mut rows = ProjectRows::of(db, &head).await?;
    let mut numbering = Numbering::default();
    let mut file = tempfile::tempfile().map_err(|e| failed(e.to_string()))?;
    match format {
        SheetFormat::Csv => {
            let mut out = std::io::BufWriter::new(&mut file);
            let start = csv_chunk(Some(&PROJECT_COLUMNS[..]), Vec::<Vec<String>>::new())
                .map_err(|e| failed(e.to_string()))?;
            out.write_all(&start).map_err(|e| failed(e.to_string()))?;
            while let Some(chunk) = rows.next_chunk(db).await? {
                let bytes = csv_chunk(None, csv_rows(&chunk, &headings, &mut numbering))
                    .map_err(|e| failed(e.to_string()))?;
                out.write_all(&bytes).map_err(|e| failed(e.to_string()))?;
            }
            out.flush().map_err(|e| failed(e.to_string()))?;
        }
        SheetFormat::Xlsx => {
            let by_category = bulletin_summary(db, &head, &[Dimension::Category]).await?;
            let by_unit = bulletin_summary(db, &head, &[Dimension::ResponsibleUnit]).await?;
            let status = match (&head.publication, head.live) {
                (Some(p), false) => format!(
                    "{} 月度通报（{} 发布，{}）",
                    head.period,
                    p.published_by,
                    p.published_at.to_rfc3339()
                ),
                _ => format!("{} 月度通报（未发布，当前数据）", head.period),
            };
            let f = Formats::new();
            let mut workbook = Workbook::new();
            summary_sheet(
                &mut workbook,
                &status,
                &by_category,
                &by_unit,
                &headings,
                &f,
            )
            .map_err(|e| failed(e.to_string()))?;
            let sheet = workbook
                .add_worksheet_with_constant_memory()
                .map_err(|e| failed(e.to_string()))?;
            let start = (|| -> Result<(), XlsxError> {
                sheet.set_name("项目")?;
                for (col, name) in (0u16..).zip(PROJECT_COLUMNS) {
                    sheet.write_string_with_format(0, col, name, &f.bold)?;
                }
                sheet.set_freeze_panes(1, 0)?;
                Ok(())
            })();
            start.map_err(|e| failed(e.to_string()))?;
            let mut row = 1u32;
            while let Some(chunk) = rows.next_chunk(db).await? {
                project_sheet_rows(sheet, &mut row, &chunk, &headings, &mut numbering, &f)
                    .map_err(|e| failed(e.to_string()))?;
            }
            workbook
                .save_to_writer(&mut file)
                .map_err(|e| failed(e.to_string()))?;
        }
    }
    file.rewind().map_err(|e| failed(e.to_string()))?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_category_runs_on_across_chunks_and_a_new_one_starts_at_one() {
        let mut at = Numbering::default();
        // The first chunk opens the category.
        assert_eq!(at.next("一、产业".into()), (Some("一、产业".into()), 1));
        assert_eq!(at.next("一、产业".into()), (None, 2));
        // The next chunk goes on under the same heading.
        assert_eq!(at.next("一、产业".into()), (None, 3));
        assert_eq!(at.next("二、科技".into()), (Some("二、科技".into()), 1));
        assert_eq!(at.next("二、科技".into()), (None, 2));
    }
}
