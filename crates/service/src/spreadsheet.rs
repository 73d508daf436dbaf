//! The layout of the spreadsheet exports, for every way out (HTTP download, command line).
//!
//! Finance staff open these in Excel and WPS, so the files are UTF-8 with a byte-order mark (or
//! the Chinese text shows garbled) and one header row whose cells give the English column name, a
//! space, and the Chinese one. Amounts are plain decimals of 万元; an unknown amount is an empty
//! cell and says so in a `…_unknown` column, so that it cannot be read as zero. Text that a
//! spreadsheet would take for a formula is defused. How the bytes travel is the caller's concern.

use rust_decimal::Decimal;
pub use rust_xlsxwriter::XlsxError;

use crate::catalog::Catalog;
use crate::finance::summary::{Figures, GroupKey};
use crate::finance::{Dimension, InvestmentSummary};
use crate::project::Project;

/// The byte-order mark that tells spreadsheet programs the file is UTF-8.
pub const BOM: &[u8] = "\u{feff}".as_bytes();

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

/// The summary export's figure columns, after the row kind and the grouped dimensions.
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

/// The indicator evaluation's header: one row per indicator, graded as of a year.
pub const EVALUATION_HEADER: [&str; 27] = [
    "code 编号",
    "table 表",
    "scope 范围",
    "group 类型",
    "ordinal 序号",
    "name 指标名称",
    "name_en 指标英文名称",
    "unit 单位",
    "kind 指标类别",
    "direction 方向",
    "baseline_year 基期年份",
    "baseline 基期值",
    "baseline_unknown 基期值未知原因",
    "target_year 目标年份",
    "target 目标值",
    "target_text 目标（文字）",
    "target_unknown 目标未知原因",
    "latest_year 最新实际年份",
    "latest_value 最新实际值",
    "latest_note 实际值说明",
    "required_growth 要求年均增速",
    "achieved_growth 实际年均增速",
    "progress 完成进度",
    "elapsed_share 时间进度",
    "years_left 剩余年数",
    "grade 评价",
    "grade_reason 评价依据",
];

/// The indicator evaluation's rows, in table and row order. An unknown figure is an empty cell
/// and its reason stands in the column beside it.
pub fn evaluation_rows(
    report: &crate::indicator::EvaluationReport,
) -> impl Iterator<Item = Vec<String>> + '_ {
    report.rows.iter().map(|(i, e)| {
        let latest = e.latest.as_ref();
        let target = i.target.map(|t| {
            if i.target_minimum {
                format!("≥{}", t.normalize())
            } else {
                t.normalize().to_string()
            }
        });
        vec![
            i.code.clone(),
            i.table_no.to_string(),
            i.scope.as_str().to_owned(),
            text_cell(i.group.as_deref().unwrap_or_default()),
            i.ordinal.to_string(),
            text_cell(&i.name),
            text_cell(&i.name_en),
            text_cell(i.unit.as_deref().unwrap_or_default()),
            i.kind.as_str().to_owned(),
            i.direction.as_str().to_owned(),
            i.baseline_year.to_string(),
            decimal_cell(i.baseline),
            text_cell(i.baseline_unknown.as_deref().unwrap_or_default()),
            i.target_year.to_string(),
            target.unwrap_or_default(),
            text_cell(i.target_text.as_deref().unwrap_or_default()),
            text_cell(i.target_unknown.as_deref().unwrap_or_default()),
            int_cell(latest.map(|a| a.year)),
            decimal_cell(latest.and_then(|a| a.value)),
            text_cell(latest.and_then(|a| a.note.as_deref()).unwrap_or_default()),
            decimal_cell(e.required_growth),
            decimal_cell(e.achieved_growth),
            decimal_cell(e.progress),
            decimal_cell(e.elapsed_share),
            e.years_left.to_string(),
            e.grade.as_str().to_owned(),
            text_cell(&e.reason),
        ]
    })
}

/// Decimals with at most this many significant digits go into an XLSX file as numbers: a double
/// holds them exactly enough that Excel shows the printed decimal again. Longer ones stay text.
const XLSX_NUMBER_DIGITS: usize = 15;

pub(crate) fn xlsx_number(cell: &str) -> Option<f64> {
    let plain = !cell.is_empty()
        && cell
            .strip_prefix('-')
            .unwrap_or(cell)
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.')
        && !cell.starts_with('.')
        && !cell.ends_with('.');
    let digits = cell.bytes().filter(u8::is_ascii_digit).count();
    // Leading zeros are not significant, but a cell like `007` is a code, not a number.
    let code_like = cell.len() > 1 && cell.starts_with('0') && !cell.starts_with("0.");
    if !plain || code_like || digits > XLSX_NUMBER_DIGITS {
        return None;
    }
    cell.parse::<Decimal>()
        .ok()
        .and_then(|d| rust_decimal::prelude::ToPrimitive::to_f64(&d))
}

/// A whole table as an XLSX workbook of one sheet: the header row, then the rows, numbers as
/// numbers (see [`XLSX_NUMBER_DIGITS`]) and everything else as text, never as a formula.
pub fn xlsx_file(
    sheet: &str,
    header: &[&str],
    rows: impl IntoIterator<Item = Vec<String>>,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut table = XlsxTable::new(sheet, header)?;
    for row in rows {
        table.push(&row)?;
    }
    table.finish()
}

/// An XLSX workbook of one table written a row at a time in constant memory (rows go to a
/// temporary file as they come), for exports of any length: the header row frozen and filtered,
/// amounts as numbers (a decimal of more than [`XLSX_NUMBER_DIGITS`] digits stays exact as
/// text), `true`/`false` flag cells as booleans, everything else as text, never as a formula.
pub struct XlsxTable {
    workbook: rust_xlsxwriter::Workbook,
    columns: u16,
    rows: u32,
}

impl XlsxTable {
    /// A workbook whose one sheet `sheet` starts with `header`.
    pub fn new(sheet: &str, header: &[&str]) -> Result<Self, rust_xlsxwriter::XlsxError> {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let bold = rust_xlsxwriter::Format::new().set_bold();
        let worksheet = workbook.add_worksheet_with_constant_memory()?;
        worksheet.set_name(sheet)?;
        for (col, title) in (0u16..).zip(header) {
            worksheet.write_string_with_format(0, col, *title, &bold)?;
        }
        worksheet.set_freeze_panes(1, 0)?;
        Ok(Self {
            workbook,
            columns: u16::try_from(header.len()).unwrap_or(u16::MAX),
            rows: 0,
        })
    }

    /// Writes the next row.
    pub fn push<S: AsRef<str>>(&mut self, cells: &[S]) -> Result<(), rust_xlsxwriter::XlsxError> {
        self.rows += 1;
        let row = self.rows;
        let worksheet = self.workbook.worksheet_from_index(0)?;
        for (col, cell) in (0u16..).zip(cells) {
            let cell = cell.as_ref();
            match (xlsx_number(cell), cell) {
                (Some(n), _) => worksheet.write_number(row, col, n)?,
                (None, "") => worksheet,
                (None, "true") => worksheet.write_boolean(row, col, true)?,
                (None, "false") => worksheet.write_boolean(row, col, false)?,
                // The CSV's formula guard is not needed here: a string cell is never evaluated.
                (None, text) => {
                    worksheet.write_string(row, col, text.strip_prefix('\'').unwrap_or(text))?
                }
            };
        }
        Ok(())
    }

    /// The workbook's bytes, with the header's filter over every row written.
    pub fn finish(mut self) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        let last_column = self.columns.saturating_sub(1);
        let rows = self.rows;
        self.workbook
            .worksheet_from_index(0)?
            .autofilter(0, 0, rows, last_column)?;
        self.workbook.save_to_buffer()
    }
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

/// The project export's rows, which name their list and category by code and name.
pub struct ProjectTable {
    catalog: Catalog,
}

impl ProjectTable {
    /// A table whose rows name lists and categories from `catalog`.
    pub fn new(catalog: Catalog) -> Self {
        Self { catalog }
    }

    /// The row of one project, in [`PROJECT_HEADER`]'s order.
    pub fn row(&self, p: &Project) -> [String; 18] {
        let list = self.catalog.lists.get(&p.list_id);
        let category = self.catalog.categories.get(&p.category_id);
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

/// The summary export's header: the row kind, each grouped dimension's columns, the figures.
pub fn summary_header(dimensions: &[Dimension]) -> Vec<&'static str> {
    let mut header = vec!["row 行"];
    for d in dimensions {
        header.extend_from_slice(dimension_header(*d));
    }
    header.extend_from_slice(&SUMMARY_FIGURES);
    header
}

/// The summary export's rows: one `group` row per group, then a last `total` row.
pub fn summary_rows(summary: &InvestmentSummary) -> impl Iterator<Item = Vec<String>> + '_ {
    let dims = &summary.dimensions;
    summary
        .groups
        .iter()
        .map(|g| summary_row("group", dims, &g.key, &g.figures))
        .chain(std::iter::once(summary_row(
            "total",
            dims,
            &GroupKey::default(),
            &summary.total,
        )))
}

fn summary_row(kind: &str, dimensions: &[Dimension], key: &GroupKey, f: &Figures) -> Vec<String> {
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

/// CSV bytes of `rows` with CRLF line ends (what spreadsheet programs expect); with a header,
/// the file's start: the byte-order mark and the header row first. A long export is written as
/// one such start and then chunks without a header.
pub fn csv_chunk<I, R>(header: Option<&[&str]>, rows: I) -> std::io::Result<Vec<u8>>
where
    I: IntoIterator<Item = R>,
    R: IntoIterator,
    R::Item: AsRef<[u8]>,
{
    let mut out = Vec::new();
    if header.is_some() {
        out.extend_from_slice(BOM);
    }
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    if let Some(header) = header {
        writer.write_record(header)?;
    }
    for row in rows {
        writer.write_record(row)?;
    }
    writer
        .into_inner()
        .map_err(|e| std::io::Error::other(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xlsx_cells_are_numbers_only_when_a_double_shows_them_again() {
        assert_eq!(xlsx_number("51.19"), Some(51.19));
        assert_eq!(xlsx_number("-12.4"), Some(-12.4));
        assert_eq!(xlsx_number("0.1067429374"), Some(0.1067429374));
        assert_eq!(xlsx_number("1234567890.123456"), None);
        for text in ["", "T1-15", "≥0.9", "1e5", "007", ".5", "5.", "-"] {
            assert_eq!(xlsx_number(text), None, "{text}");
        }
    }

    #[test]
    fn text_that_looks_like_a_formula_is_defused() {
        assert_eq!(text_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(text_cell("-1"), "'-1");
        assert_eq!(text_cell("小门岛"), "小门岛");
    }

    #[test]
    fn a_file_starts_with_the_mark_and_the_header_and_ends_lines_with_crlf() -> std::io::Result<()>
    {
        let start = csv_chunk(Some(&["a 甲", "b 乙"]), [["1", ""]])?;
        assert!(start.starts_with(BOM));
        assert_eq!(&start[BOM.len()..], "a 甲,b 乙\r\n1,\r\n".as_bytes());
        let more = csv_chunk(None, [["2", "x"]])?;
        assert_eq!(more, b"2,x\r\n");
        Ok(())
    }
}
