//! Reading a plan's project list from an XLSX workbook or a CSV file.
//!
//! Planning offices write the list the way the plan's appendix prints it: a title, a header that
//! may span two rows, a 合计 row, category headings such as `一、产业发展项目（17项）` carrying
//! their declared subtotals, and numbered project rows. The header is found by its text rather
//! than its position, because every office lays the sheet out a little differently.
//!
//! The file comes from outside, so the whole file is refused ([`ReadError`]) when it cannot be
//! trusted as a whole: wrong format, too large, hidden sheets (whose rows nobody sees when the list
//! is checked by eye), formulas (whose cached value may not be what the office sees after a
//! recalculation), several candidate sheets, no header. A single row that cannot be read is not a
//! reason to refuse the rest: it becomes a [`Problem`] naming sheet, row and column, and is left
//! out of the projects, so that the office can correct exactly that row.
//!
//! Amounts are read exactly into [`Amount`]s, never through arithmetic on floats; an unknown
//! amount (`待定`, `—`, an empty cell …) stays [`Figure::Unknown`] with the text as written and is
//! never taken for zero. Periods and the window ≤ total rule go through [`crate::figures`], so a
//! list is held to the same rules as every other way figures arrive.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{DataRef, Dimensions, Reader, SheetType, SheetVisible, Xlsx};

use crate::figures::{FigureError, Figures, Period};
use crate::money::Amount;

/// The default largest file accepted, in bytes.
pub const DEFAULT_MAX_BYTES: usize = 20 * 1024 * 1024;
/// The default largest number of rows accepted in the sheet read.
pub const DEFAULT_MAX_ROWS: usize = 100_000;
/// The default largest total of a workbook's parts once unpacked, in bytes.
pub const DEFAULT_MAX_UNPACKED_BYTES: u64 = 200 * 1024 * 1024;

/// The sheet name given to a CSV file's rows when the file has no name.
pub const CSV_SHEET: &str = "CSV";

/// How many cells merged regions may fill in a sheet; a sheet that a person reads by eye needs far
/// fewer, and a merge over a whole sheet would otherwise copy one value millions of times.
const MAX_MERGED_CELLS: usize = 1_000_000;

/// How an XLSX workbook (a ZIP archive) starts.
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// How an OLE compound file (an `.xls` workbook, or an encrypted `.xlsx`) starts.
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// The UTF-8 byte-order mark spreadsheet programs write before CSV text.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Texts in an amount or period cell that mean it is not known yet.
const UNKNOWN_MARKS: [&str; 7] = ["待定", "待确定", "-", "—", "－", "——", "–"];

/// What the reader accepts at most, and which sheet to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The largest file accepted, in bytes.
    pub max_bytes: usize,
    /// The largest number of rows accepted in the sheet read (counted to its last filled row).
    pub max_rows: usize,
    /// The largest total of an XLSX workbook's parts once unpacked, as the archive declares them;
    /// a small archive can unpack to gigabytes.
    pub max_unpacked_bytes: u64,
    /// The sheet to read; needed only when several visible sheets hold data.
    pub sheet: Option<String>,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_bytes: DEFAULT_MAX_BYTES,
            max_rows: DEFAULT_MAX_ROWS,
            max_unpacked_bytes: DEFAULT_MAX_UNPACKED_BYTES,
            sheet: None,
        }
    }
}

/// A project list as read from a file: its categories with their projects, what the list declares
/// about itself, and the rows that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedList {
    /// The title above the header (e.g. `附件2  洞头区“十五五”重大项目表`), rows joined by two spaces.
    pub title: Option<String>,
    /// The sheet read (for a CSV file, its name or [`CSV_SHEET`]).
    pub sheet: String,
    /// The window column's header as written (e.g. `“十五五”投资`): it names the plan the list
    /// was written for.
    pub window_header: Option<String>,
    /// The categories in the order of their headings.
    pub categories: Vec<ParsedCategory>,
    /// What the 合计 (or 总计) row declares, if the list has one.
    pub declared: Option<Declared>,
    /// Rows and cells that could not be read, and declared counts that do not match the rows.
    pub problems: Vec<Problem>,
}

/// A category heading (e.g. `一、产业发展项目（17项）`) and the project rows under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedCategory {
    /// The heading's Chinese ordinal as a number (一 is 1).
    pub ordinal: u32,
    /// The category's name, without ordinal and count (e.g. `产业发展项目`).
    pub name: String,
    /// The heading as written.
    pub heading: String,
    /// The heading's row in the sheet, from 1.
    pub row: u32,
    /// The count and subtotals the heading row declares.
    pub declared: Declared,
    /// The project rows under the heading that could be read, in sheet order.
    pub projects: Vec<ParsedProject>,
}

/// What a heading or 合计 row declares: a count and the two sums, as written (not computed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Declared {
    /// The count in `（N项）`, if written.
    pub count: Option<u32>,
    /// The declared total investment.
    pub total_investment: Figure,
    /// The declared investment inside the plan window.
    pub window_investment: Figure,
}

/// An amount of 万元 as the list gives it: known exactly, or not known (never zero by default).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Figure {
    /// An exact amount.
    Known(Amount),
    /// Not known: the cell's text as written (`待定`, `—`, `""` for an empty cell …), which says
    /// why. A declared sum that could not be read is also unknown, with a [`Problem`] beside it.
    Unknown {
        /// The cell's text, trimmed.
        written: String,
    },
}

impl Figure {
    /// The amount, if known.
    pub fn known(&self) -> Option<Amount> {
        match self {
            Self::Known(amount) => Some(*amount),
            Self::Unknown { .. } => None,
        }
    }

    fn blank() -> Self {
        Self::Unknown {
            written: String::new(),
        }
    }
}

/// One project row, read and checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedProject {
    /// The row in the sheet, from 1.
    pub row: u32,
    /// 序号: the sequence number within its category (its position there when the list has no
    /// 序号 column).
    pub seq: i32,
    /// 项目名称.
    pub name: String,
    /// 建设内容和规模.
    pub scope: Option<String>,
    /// 建设年限, checked by [`Period::new`].
    pub period: Period,
    /// 建设年限 as written, trimmed.
    pub period_written: String,
    /// 总投资.
    pub total_investment: Figure,
    /// The investment inside the plan window (e.g. “十五五”投资).
    pub window_investment: Figure,
    /// 建设地点.
    pub location: Option<String>,
    /// 备注.
    pub note: Option<String>,
    /// 原项目编号: the key, in an earlier plan, of the project this row continues.
    pub continues: Option<String>,
}

/// Something in the list that could not be read or does not add up, where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The sheet.
    pub sheet: String,
    /// The row, from 1.
    pub row: u32,
    /// The column's header text (e.g. `总投资`), when one column is at fault.
    pub column: Option<String>,
    /// What is wrong, in words the office can act on.
    pub reason: String,
}

/// Why a whole file is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// The file is larger than [`Limits::max_bytes`].
    #[error("the file is {size} bytes, more than the {limit} accepted")]
    TooLarge {
        /// The file's size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// The workbook's parts unpack to more than [`Limits::max_unpacked_bytes`].
    #[error("the workbook unpacks to {size} bytes, more than the {limit} accepted")]
    TooLargeUnpacked {
        /// The declared unpacked size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// Neither an XLSX workbook nor CSV text.
    #[error("not a spreadsheet: {reason}")]
    NotSpreadsheet {
        /// What was found instead.
        reason: String,
    },
    /// A spreadsheet format other than XLSX and CSV.
    #[error("{format} files are not read; save the list as .xlsx (or .csv) and send it again")]
    UnsupportedFormat {
        /// The format found.
        format: &'static str,
    },
    /// CSV text that is neither UTF-8 nor GB18030.
    #[error("the CSV file is not UTF-8 (nor GB18030) text; save it as “CSV UTF-8”")]
    NotUtf8,
    /// CSV text that cannot be split into fields.
    #[error("the CSV file cannot be read at line {line}: {reason}")]
    Csv {
        /// The line, from 1 (0 when unknown).
        line: u64,
        /// What went wrong.
        reason: String,
    },
    /// A hidden sheet: its rows would be imported without anyone having seen them.
    #[error(
        "sheet `{sheet}` is {}; unhide it, or delete it if it is not part of the list",
        hidden_kind(.very_hidden)
    )]
    HiddenSheet {
        /// The sheet.
        sheet: String,
        /// Hidden so that only a macro can show it again.
        very_hidden: bool,
    },
    /// The sheet asked for is not a worksheet of the workbook.
    #[error("there is no worksheet `{sheet}`; the worksheets are: {}", listed(.available, ", "))]
    SheetNotFound {
        /// The sheet asked for.
        sheet: String,
        /// The workbook's worksheets.
        available: Vec<String>,
    },
    /// Several visible sheets hold data and none was named.
    #[error("several sheets hold data ({}); name the one holding the list", listed(.sheets, ", "))]
    SeveralSheets {
        /// The sheets holding data.
        sheets: Vec<String>,
    },
    /// No sheet holds any data.
    #[error("no sheet holds any data")]
    Empty,
    /// A formula: its stored value is only what the program last computed.
    #[error(
        "{sheet}!{cell} holds a formula; replace the formulas by their values and send it again"
    )]
    Formula {
        /// The sheet.
        sheet: String,
        /// The cell, e.g. `B12`.
        cell: String,
    },
    /// More rows than [`Limits::max_rows`].
    #[error("sheet `{sheet}` has more than {limit} rows")]
    TooManyRows {
        /// The sheet.
        sheet: String,
        /// The limit.
        limit: usize,
    },
    /// Merged regions that would fill too many cells.
    #[error("sheet `{sheet}` merges more than {max} cells; unmerge the empty parts", max = MAX_MERGED_CELLS)]
    TooManyMergedCells {
        /// The sheet.
        sheet: String,
    },
    /// The sheet's XML cannot be read.
    #[error("sheet `{sheet}` cannot be read: {reason}")]
    Unreadable {
        /// The sheet.
        sheet: String,
        /// What went wrong.
        reason: String,
    },
    /// No row holds a 项目名称 header.
    #[error("sheet `{sheet}` has no header row (a row with a 项目名称 cell)")]
    NoHeader {
        /// The sheet.
        sheet: String,
    },
    /// The header lacks columns the list cannot be read without.
    #[error("the header in sheet `{sheet}` row {row} has no {} column", listed(.missing, ", no "))]
    MissingColumns {
        /// The sheet.
        sheet: String,
        /// The header's (first) row, from 1.
        row: u32,
        /// The columns missing, by their usual header text.
        missing: Vec<&'static str>,
    },
    /// Two header columns claim the same meaning.
    #[error("sheet `{sheet}` has two {role} columns, {first} and {second}; delete one")]
    DuplicateColumn {
        /// The sheet.
        sheet: String,
        /// The column's meaning, by its usual header text.
        role: &'static str,
        /// The first column's letter.
        first: String,
        /// The second column's letter.
        second: String,
    },
    /// Amounts in a unit other than 万元.
    #[error(
        "sheet `{sheet}` gives amounts in another unit than 万元 (`{written}` at {cell}); convert them to 万元"
    )]
    Unit {
        /// The sheet.
        sheet: String,
        /// The cell naming the unit.
        cell: String,
        /// The text naming the unit.
        written: String,
    },
}

fn hidden_kind(very_hidden: &bool) -> &'static str {
    if *very_hidden {
        "very hidden (only a macro can show it)"
    } else {
        "hidden"
    }
}

fn listed<T: AsRef<str>>(items: &[T], separator: &str) -> String {
    items
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join(separator)
}

/// Reads a list from a file, choosing the format by the file's first bytes, then by its name.
pub fn read_file(name: &str, bytes: &[u8], limits: &Limits) -> Result<ParsedList, ReadError> {
    check_size(bytes, limits)?;
    let extension = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    if bytes.starts_with(OLE_MAGIC) {
        return Err(ReadError::UnsupportedFormat {
            format: "Excel 97-2003 (.xls) or password-protected",
        });
    }
    if bytes.starts_with(ZIP_MAGIC) {
        return match extension.as_str() {
            "ods" => Err(ReadError::UnsupportedFormat {
                format: "OpenDocument (.ods)",
            }),
            _ => read_xlsx(bytes, limits),
        };
    }
    match extension.as_str() {
        "csv" | "txt" => read_csv_sheet(name, bytes, limits),
        "xlsx" | "xlsm" => Err(ReadError::NotSpreadsheet {
            reason: format!("`{name}` is named as a workbook but is not an XLSX (ZIP) file"),
        }),
        _ => Err(ReadError::NotSpreadsheet {
            reason: format!("`{name}` is neither an XLSX workbook nor a .csv file"),
        }),
    }
}

/// Reads a list from an XLSX workbook.
pub fn read_xlsx(bytes: &[u8], limits: &Limits) -> Result<ParsedList, ReadError> {
    check_size(bytes, limits)?;
    if !bytes.starts_with(ZIP_MAGIC) {
        return Err(ReadError::NotSpreadsheet {
            reason: "it does not start like an XLSX workbook (a ZIP archive)".to_owned(),
        });
    }
    check_unpacked(bytes, limits)?;
    let mut book: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| ReadError::NotSpreadsheet {
            reason: e.to_string(),
        })?;
    let sheets = book.sheets_metadata().to_vec();
    for sheet in &sheets {
        if sheet.visible != SheetVisible::Visible {
            return Err(ReadError::HiddenSheet {
                sheet: sheet.name.clone(),
                very_hidden: sheet.visible == SheetVisible::VeryHidden,
            });
        }
    }
    let worksheets: Vec<String> = sheets
        .iter()
        .filter(|sheet| sheet.typ == SheetType::WorkSheet)
        .map(|sheet| sheet.name.clone())
        .collect();
    let grid = match &limits.sheet {
        Some(name) => {
            if !worksheets.contains(name) {
                return Err(ReadError::SheetNotFound {
                    sheet: name.clone(),
                    available: worksheets,
                });
            }
            read_sheet(&mut book, name, limits)?
        }
        None => {
            let mut with_data = Vec::new();
            for name in &worksheets {
                let grid = read_sheet(&mut book, name, limits)?;
                if !grid.rows.is_empty() {
                    with_data.push(grid);
                }
            }
            if with_data.len() > 1 {
                return Err(ReadError::SeveralSheets {
                    sheets: with_data.into_iter().map(|grid| grid.sheet).collect(),
                });
            }
            with_data.pop().ok_or(ReadError::Empty)?
        }
    };
    read_grid(&grid)
}

/// Reads a list from CSV text: UTF-8 with or without a byte-order mark, or GB18030.
pub fn read_csv(bytes: &[u8], limits: &Limits) -> Result<ParsedList, ReadError> {
    read_csv_sheet(CSV_SHEET, bytes, limits)
}

fn read_csv_sheet(sheet: &str, bytes: &[u8], limits: &Limits) -> Result<ParsedList, ReadError> {
    check_size(bytes, limits)?;
    if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(OLE_MAGIC) || bytes.contains(&0) {
        return Err(ReadError::NotSpreadsheet {
            reason: "binary data, not CSV text".to_owned(),
        });
    }
    let text = decode_text(bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut grid = Grid::new(sheet);
    for (row, record) in reader.records().enumerate() {
        let record = record.map_err(|e| ReadError::Csv {
            line: e.position().map_or(0, csv::Position::line),
            reason: e.to_string(),
        })?;
        if row >= limits.max_rows {
            return Err(ReadError::TooManyRows {
                sheet: sheet.to_owned(),
                limit: limits.max_rows,
            });
        }
        for (col, field) in record.iter().enumerate() {
            if let (Ok(row), Ok(col)) = (u32::try_from(row), u32::try_from(col)) {
                grid.put(row, col, Value::Text(field.to_owned()));
            }
        }
    }
    read_grid(&grid)
}

fn check_size(bytes: &[u8], limits: &Limits) -> Result<(), ReadError> {
    if bytes.len() > limits.max_bytes {
        return Err(ReadError::TooLarge {
            size: bytes.len(),
            limit: limits.max_bytes,
        });
    }
    Ok(())
}

/// Refuses an archive whose parts declare more than the limit, before anything is unpacked.
fn check_unpacked(bytes: &[u8], limits: &Limits) -> Result<(), ReadError> {
    let not_zip = |e: zip::result::ZipError| ReadError::NotSpreadsheet {
        reason: format!("not a readable XLSX (ZIP) archive: {e}"),
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(not_zip)?;
    let mut size: u64 = 0;
    for index in 0..archive.len() {
        size = size.saturating_add(archive.by_index_raw(index).map_err(not_zip)?.size());
    }
    if size > limits.max_unpacked_bytes {
        return Err(ReadError::TooLargeUnpacked {
            size,
            limit: limits.max_unpacked_bytes,
        });
    }
    Ok(())
}

fn decode_text(bytes: &[u8]) -> Result<Cow<'_, str>, ReadError> {
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Cow::Borrowed(text));
    }
    // Excel on a Chinese Windows saves “CSV (逗号分隔)” in the ANSI code page, GBK, which GB18030
    // contains.
    encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .ok_or(ReadError::NotUtf8)
}

/// Streams one worksheet's cells, refusing formulas and sheets longer than the limit.
fn read_sheet(
    book: &mut Xlsx<Cursor<&[u8]>>,
    sheet: &str,
    limits: &Limits,
) -> Result<Grid, ReadError> {
    let unreadable = |e: calamine::XlsxError| ReadError::Unreadable {
        sheet: sheet.to_owned(),
        reason: e.to_string(),
    };
    let mut grid = Grid::new(sheet);
    {
        let mut cells = book.worksheet_cells_reader(sheet).map_err(unreadable)?;
        while let Some(cell) = cells
            .next_cell_with_formula_metadata()
            .map_err(unreadable)?
        {
            let (row, col) = cell.pos;
            if cell.formula.is_some() {
                return Err(ReadError::Formula {
                    sheet: sheet.to_owned(),
                    cell: cell_name(row, col),
                });
            }
            let Some(value) = Value::from_cell(cell.value) else {
                continue;
            };
            let past_limit = usize::try_from(row)
                .map(|row| row >= limits.max_rows)
                .unwrap_or(true);
            if past_limit {
                return Err(ReadError::TooManyRows {
                    sheet: sheet.to_owned(),
                    limit: limits.max_rows,
                });
            }
            grid.put(row, col, value);
        }
    }
    let merges = book.merge_cells_by_sheet_name(sheet).map_err(unreadable)?;
    grid.fill_merges(&merges)?;
    Ok(grid)
}

/// A cell's value, reduced to what the list needs.
#[derive(Clone, Debug, PartialEq)]
enum Value {
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// A date, a time or an error value: never what a list cell should hold.
    Other(&'static str),
}

impl Value {
    /// The value of a cell, or `None` for an empty or blank one.
    fn from_cell(cell: DataRef<'_>) -> Option<Self> {
        let value = match cell {
            DataRef::Empty => return None,
            DataRef::Int(i) => Self::Int(i),
            DataRef::Float(f) => Self::Float(f),
            DataRef::String(s) => Self::Text(s),
            DataRef::SharedString(s) => Self::Text(s.to_owned()),
            DataRef::Bool(b) => Self::Bool(b),
            DataRef::DateTime(_) | DataRef::DateTimeIso(_) | DataRef::DurationIso(_) => {
                Self::Other("a date or time")
            }
            DataRef::Error(_) => Self::Other("an error value"),
        };
        (!value.is_blank()).then_some(value)
    }

    fn is_blank(&self) -> bool {
        matches!(self, Self::Text(text) if text.trim().is_empty())
    }

    /// The value as text, trimmed; `None` for dates and errors.
    fn text(&self) -> Option<String> {
        match self {
            Self::Text(text) => Some(text.trim().to_owned()),
            Self::Int(i) => Some(i.to_string()),
            Self::Float(f) => Some(f.to_string()),
            Self::Bool(b) => Some(if *b { "TRUE" } else { "FALSE" }.to_owned()),
            Self::Other(_) => None,
        }
    }
}

/// A filled cell: its value and where the value comes from.
#[derive(Clone, Debug, PartialEq)]
struct Slot {
    value: Value,
    /// The cell the value is written in: the slot's own position, or the first cell of the merged
    /// region the slot belongs to.
    origin: (u32, u32),
    /// Part of a merged region over several rows.
    spans_rows: bool,
}

/// A sheet's filled cells, sparse: a sheet may name far-away cells without filling the space
/// between them.
#[derive(Debug)]
struct Grid {
    sheet: String,
    rows: BTreeMap<u32, BTreeMap<u32, Slot>>,
}

impl Grid {
    fn new(sheet: &str) -> Self {
        Self {
            sheet: sheet.to_owned(),
            rows: BTreeMap::new(),
        }
    }

    fn put(&mut self, row: u32, col: u32, value: Value) {
        if value.is_blank() {
            return;
        }
        self.rows.entry(row).or_default().insert(
            col,
            Slot {
                value,
                origin: (row, col),
                spans_rows: false,
            },
        );
    }

    fn slot(&self, row: u32, col: u32) -> Option<&Slot> {
        self.rows.get(&row)?.get(&col)
    }

    /// The value a cell shows for its own row: its own, or one merged down from a row above. A
    /// cell merged sideways into another cell of its row is part of that cell, so it is empty here.
    fn field(&self, row: u32, col: u32) -> Option<&Slot> {
        self.slot(row, col)
            .filter(|slot| slot.origin.0 != row || slot.origin.1 == col)
    }

    /// Cells written in the row itself (not copies from a merged region), in column order.
    fn own_cells(&self, row: u32) -> impl Iterator<Item = (u32, &Slot)> {
        self.rows
            .get(&row)
            .into_iter()
            .flatten()
            .filter(move |(col, slot)| slot.origin == (row, **col))
            .map(|(col, slot)| (*col, slot))
    }

    /// Copies each merged region's value into every cell of the region, as the office sees it.
    fn fill_merges(&mut self, merges: &[Dimensions]) -> Result<(), ReadError> {
        let (Some(last_row), Some(last_col)) = (
            self.rows.keys().next_back().copied(),
            self.rows
                .values()
                .filter_map(|cells| cells.keys().next_back().copied())
                .max(),
        ) else {
            return Ok(());
        };
        let mut filled = 0usize;
        for merge in merges {
            let (top, left) = merge.start;
            // A region reaching past the last filled cell fills nothing there that is read.
            let bottom = merge.end.0.min(last_row);
            let right = merge.end.1.min(last_col);
            if top > bottom || left > right {
                continue;
            }
            let spans_rows = merge.end.0 > top;
            let Some(origin) = self
                .rows
                .get_mut(&top)
                .and_then(|cells| cells.get_mut(&left))
            else {
                continue;
            };
            origin.spans_rows = spans_rows;
            let value = origin.value.clone();
            for row in top..=bottom {
                for col in left..=right {
                    if (row, col) == (top, left) {
                        continue;
                    }
                    filled += 1;
                    if filled > MAX_MERGED_CELLS {
                        return Err(ReadError::TooManyMergedCells {
                            sheet: self.sheet.clone(),
                        });
                    }
                    self.rows.entry(row).or_default().insert(
                        col,
                        Slot {
                            value: value.clone(),
                            origin: (top, left),
                            spans_rows,
                        },
                    );
                }
            }
        }
        Ok(())
    }
}

/// What a column of the list means.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Role {
    Seq,
    Name,
    Scope,
    Period,
    Total,
    Window,
    Location,
    Note,
    Continues,
}

impl Role {
    /// The usual header text, for messages.
    fn label(self) -> &'static str {
        match self {
            Role::Seq => "序号",
            Role::Name => "项目名称",
            Role::Scope => "建设内容和规模",
            Role::Period => "建设年限",
            Role::Total => "总投资",
            Role::Window => "plan-window investment (e.g. “十五五”投资)",
            Role::Location => "建设地点",
            Role::Note => "备注",
            Role::Continues => "原项目编号",
        }
    }

    /// The meaning of a header text (whitespace removed), if it has one.
    fn of(text: &str) -> Option<Role> {
        let has = |word: &str| text.contains(word);
        Some(if has("原项目编号") || has("原编号") {
            Role::Continues
        } else if has("项目名称") {
            Role::Name
        } else if has("序号") {
            Role::Seq
        } else if has("建设内容") {
            Role::Scope
        } else if has("年限") || has("期限") {
            Role::Period
        } else if has("总投资") {
            Role::Total
        } else if has("投资") && (names_plan(text) || has("期间")) {
            Role::Window
        } else if has("地点") {
            Role::Location
        } else if has("备注") {
            Role::Note
        } else {
            return None;
        })
    }
}

/// Whether a text names a five-year plan, like 十四五 or 十五五.
fn names_plan(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(3)
        .any(|w| w[0] == '十' && is_numeral(w[1]) && w[2] == '五')
}

/// A header column: where it is and its header text as written.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Column {
    index: u32,
    header: String,
}

/// Where the list's columns are.
#[derive(Debug)]
struct Columns {
    by_role: BTreeMap<Role, Column>,
}

impl Columns {
    fn get(&self, role: Role) -> Option<&Column> {
        self.by_role.get(&role)
    }

    fn header(&self, role: Role) -> String {
        self.get(role)
            .map_or_else(|| role.label().to_owned(), |col| col.header.clone())
    }

    fn is_amount(&self, col: u32) -> bool {
        [Role::Total, Role::Window]
            .iter()
            .any(|role| self.get(*role).is_some_and(|c| c.index == col))
    }
}

/// The header: its first row, whether a second row continues it, and the columns it names.
struct Header {
    row: u32,
    rows: u32,
    columns: Columns,
}

fn find_header(grid: &Grid) -> Result<Header, ReadError> {
    let sheet = grid.sheet.clone();
    let row = grid
        .rows
        .iter()
        .find(|(_, cells)| {
            cells.values().any(|slot| {
                slot.value
                    .text()
                    .is_some_and(|t| squash(&t).contains("项目名称"))
            })
        })
        .map(|(row, _)| *row)
        .ok_or_else(|| ReadError::NoHeader {
            sheet: sheet.clone(),
        })?;
    let continued = continues_header(grid, row);
    let last_col = [row, row + 1]
        .iter()
        .filter_map(|r| grid.rows.get(r)?.keys().next_back().copied())
        .max()
        .unwrap_or(0);
    let mut by_role: BTreeMap<Role, Column> = BTreeMap::new();
    for col in 0..=last_col {
        let mut parts: Vec<String> = Vec::new();
        if let Some(text) = grid.slot(row, col).and_then(|s| s.value.text()) {
            parts.push(text);
        }
        if continued
            && let Some(slot) = grid.slot(row + 1, col)
            && slot.origin.0 == row + 1
            && let Some(text) = slot.value.text()
        {
            parts.push(text);
        }
        // The lower part names the column more narrowly (投资 above, 总投资 below), so it is tried
        // first; a unit row below (（万元）) names nothing and leaves the upper part.
        let combined: String = parts.concat();
        let found = parts
            .iter()
            .rev()
            .find_map(|part| Role::of(&squash(part)).map(|role| (role, part.clone())))
            .or_else(|| Role::of(&squash(&combined)).map(|role| (role, combined.clone())));
        let Some((role, header)) = found else {
            continue;
        };
        if matches!(role, Role::Total | Role::Window) {
            check_unit(&sheet, &combined, row, col)?;
        }
        if let Some(first) = by_role.get(&role) {
            return Err(ReadError::DuplicateColumn {
                sheet,
                role: role.label(),
                first: column_letters(first.index),
                second: column_letters(col),
            });
        }
        by_role.insert(role, Column { index: col, header });
    }
    let missing: Vec<&'static str> = [Role::Name, Role::Total, Role::Window]
        .into_iter()
        .filter(|role| !by_role.contains_key(role))
        .map(Role::label)
        .collect();
    if !missing.is_empty() {
        return Err(ReadError::MissingColumns {
            sheet,
            row: row + 1,
            missing,
        });
    }
    Ok(Header {
        row,
        rows: if continued { 2 } else { 1 },
        columns: Columns { by_role },
    })
}

/// Whether the row below the header's first row is the header's second row: it holds cells merged
/// down from the header, or only header words and units, and nothing that looks like data.
fn continues_header(grid: &Grid, header: u32) -> bool {
    let row = header + 1;
    let Some(cells) = grid.rows.get(&row) else {
        return false;
    };
    let merged_down = cells.values().any(|slot| slot.origin.0 == header);
    let mut own = grid.own_cells(row).peekable();
    let has_own = own.peek().is_some();
    let mut header_words = true;
    for (_, slot) in own {
        let Value::Text(text) = &slot.value else {
            return false;
        };
        let text = squash(text);
        if is_total(&text) || parse_heading(&text).is_some() || parse_int(&text).is_some() {
            return false;
        }
        header_words &= Role::of(&text).is_some() || text.contains("万元") || text.contains("单位");
    }
    merged_down || (has_own && header_words)
}

/// Refuses a header or unit line naming a unit other than 万元.
fn check_unit(sheet: &str, text: &str, row: u32, col: u32) -> Result<(), ReadError> {
    let text = squash(text);
    if text.contains('元') && !text.contains("万元") {
        return Err(ReadError::Unit {
            sheet: sheet.to_owned(),
            cell: cell_name(row, col),
            written: text,
        });
    }
    Ok(())
}

/// The title: what is written above the header, less the unit line.
fn read_title(grid: &Grid, header: u32) -> Result<Option<String>, ReadError> {
    let mut lines = Vec::new();
    for row in grid.rows.range(..header).map(|(row, _)| *row) {
        let mut texts = Vec::new();
        for (col, slot) in grid.own_cells(row) {
            let Some(text) = slot.value.text() else {
                continue;
            };
            let key = squash(&text);
            if let Some(at) = key.find("单位") {
                check_unit(&grid.sheet, &key[at..], row, col)?;
            }
            if !(key.starts_with("单位") || key.starts_with("备注")) {
                texts.push(text);
            }
        }
        if !texts.is_empty() {
            lines.push(texts.join("  "));
        }
    }
    Ok((!lines.is_empty()).then(|| lines.join("  ")))
}

/// Reads the list from a sheet's cells.
fn read_grid(grid: &Grid) -> Result<ParsedList, ReadError> {
    let header = find_header(grid)?;
    let title = read_title(grid, header.row)?;
    let cols = &header.columns;
    let mut list = ListBuilder {
        sheet: grid.sheet.clone(),
        categories: Vec::new(),
        rows_under: Vec::new(),
        orphans: 0,
        declared: None,
        problems: Vec::new(),
    };
    for row in grid
        .rows
        .range(header.row + header.rows..)
        .map(|(row, _)| *row)
    {
        list.read_row(grid, cols, row);
    }
    list.check_counts();
    Ok(ParsedList {
        title,
        sheet: grid.sheet.clone(),
        window_header: cols.get(Role::Window).map(|col| col.header.clone()),
        categories: list.categories,
        declared: list.declared.map(|(declared, _)| declared),
        problems: list.problems,
    })
}

/// The list as it is read row by row.
struct ListBuilder {
    sheet: String,
    categories: Vec<ParsedCategory>,
    /// Project rows under each category, read or not, to check the declared counts against.
    rows_under: Vec<u32>,
    /// Project rows before the first heading.
    orphans: u32,
    /// The 合计 row's declarations and its row index.
    declared: Option<(Declared, u32)>,
    problems: Vec<Problem>,
}

impl ListBuilder {
    fn problem(&mut self, row: u32, column: Option<String>, reason: impl Into<String>) {
        self.problems.push(Problem {
            sheet: self.sheet.clone(),
            row: row + 1,
            column,
            reason: reason.into(),
        });
    }

    fn read_row(&mut self, grid: &Grid, cols: &Columns, row: u32) {
        let has_fields = grid
            .rows
            .get(&row)
            .into_iter()
            .flatten()
            .any(|(col, _)| grid.field(row, *col).is_some());
        if !has_fields {
            return;
        }
        // The first text written in the row outside the amount columns says what the row is.
        let lead = grid
            .own_cells(row)
            .filter(|(col, _)| !cols.is_amount(*col))
            .find_map(|(_, slot)| slot.value.text())
            .unwrap_or_default();
        let key = squash(&lead);
        let seq_is_number = cols
            .get(Role::Seq)
            .and_then(|col| grid.field(row, col.index))
            .is_some_and(|slot| parse_seq(&slot.value).is_ok());
        if is_total(&key) {
            let declared = self.read_declared(grid, cols, row, &lead);
            if let Some(first) = self.declared.as_ref().map(|(_, first)| first + 1) {
                self.problem(
                    row,
                    None,
                    format!("a second 合计 row; the one in row {first} is kept"),
                );
            } else {
                self.declared = Some((declared, row));
            }
        } else if let Some((ordinal, name, _)) = parse_heading(&lead) {
            let declared = self.read_declared(grid, cols, row, &lead);
            self.categories.push(ParsedCategory {
                ordinal,
                name,
                heading: lead,
                row: row + 1,
                declared,
                projects: Vec::new(),
            });
            self.rows_under.push(0);
        } else {
            // The header repeated (as on each page of a table pasted from a document) and a note
            // under the table (like the appendix's 备注：具体项目情况待确定) are not projects.
            let repeated_or_note = key.contains("项目名称")
                || key.starts_with("备注")
                || ["注", "说明"].iter().any(|word| {
                    key.starts_with(&format!("{word}：")) || key.starts_with(&format!("{word}:"))
                });
            if seq_is_number || !repeated_or_note {
                self.read_project_row(grid, cols, row);
            }
        }
    }

    fn read_project_row(&mut self, grid: &Grid, cols: &Columns, row: u32) {
        let position = match self.rows_under.last_mut() {
            Some(count) => {
                *count += 1;
                *count
            }
            None => {
                self.orphans += 1;
                self.problem(
                    row,
                    None,
                    "a project row before the first category heading (一、…): put it under its category",
                );
                return;
            }
        };
        match read_project(grid, cols, row, position) {
            Ok(project) => {
                if let Some(category) = self.categories.last_mut() {
                    category.projects.push(project);
                }
            }
            Err(faults) => {
                for (column, reason) in faults {
                    self.problem(row, column, reason);
                }
            }
        }
    }

    /// The count and subtotals of a heading or 合计 row.
    fn read_declared(&mut self, grid: &Grid, cols: &Columns, row: u32, lead: &str) -> Declared {
        let count = split_count(lead.trim().trim_end_matches([':', '：'])).1;
        let mut figure = |role: Role| {
            let slot = cols.get(role).and_then(|col| grid.field(row, col.index));
            match parse_amount(slot.map(|slot| &slot.value)) {
                Ok(figure) => figure,
                Err(reason) => {
                    let written = slot.and_then(|slot| slot.value.text()).unwrap_or_default();
                    self.problem(row, Some(cols.header(role)), reason);
                    Figure::Unknown { written }
                }
            }
        };
        Declared {
            count,
            total_investment: figure(Role::Total),
            window_investment: figure(Role::Window),
        }
    }

    /// Reports declared counts that differ from the rows found.
    fn check_counts(&mut self) {
        let mut mismatches = Vec::new();
        for (category, found) in self.categories.iter().zip(&self.rows_under) {
            if let Some(count) = category.declared.count
                && count != *found
            {
                mismatches.push((
                    category.row - 1,
                    format!(
                        "`{}` declares {count} projects but {found} project rows follow it",
                        category.heading
                    ),
                ));
            }
        }
        if let Some((declared, row)) = &self.declared
            && let Some(count) = declared.count
        {
            let found = self.rows_under.iter().sum::<u32>() + self.orphans;
            if count != found {
                mismatches.push((
                    *row,
                    format!("合计 declares {count} projects but the list has {found} project rows"),
                ));
            }
        }
        for (row, reason) in mismatches {
            self.problem(row, None, reason);
        }
    }
}

type Faults = Vec<(Option<String>, String)>;

/// Reads one project row, or says everything wrong with it.
fn read_project(
    grid: &Grid,
    cols: &Columns,
    row: u32,
    position: u32,
) -> Result<ParsedProject, Faults> {
    let mut faults: Faults = Vec::new();
    let field = |role: Role| {
        cols.get(role)
            .and_then(|col| grid.field(row, col.index))
            .map(|slot| &slot.value)
    };
    let text = |role: Role, faults: &mut Faults| match field(role) {
        None => None,
        Some(value) => match value.text() {
            Some(text) => Some(text),
            None => {
                faults.push((
                    Some(cols.header(role)),
                    format!("holds {}, not text", other_kind(value)),
                ));
                None
            }
        },
    };

    let name = text(Role::Name, &mut faults);
    if field(Role::Name).is_none() {
        faults.push((
            Some(cols.header(Role::Name)),
            "项目名称 is blank while other cells of the row are filled".to_owned(),
        ));
    }
    let seq = match (cols.get(Role::Seq), field(Role::Seq)) {
        (None, _) => i32::try_from(position).ok(),
        (Some(_), None) => {
            faults.push((Some(cols.header(Role::Seq)), "序号 is blank".to_owned()));
            None
        }
        (Some(_), Some(value)) => match parse_seq(value) {
            Ok(seq) => Some(seq),
            Err(reason) => {
                faults.push((Some(cols.header(Role::Seq)), reason));
                None
            }
        },
    };
    let scope = text(Role::Scope, &mut faults);
    let location = text(Role::Location, &mut faults);
    let note = text(Role::Note, &mut faults);
    let continues = text(Role::Continues, &mut faults);

    let (period, period_written) = match parse_period(field(Role::Period)) {
        Ok(period) => period,
        Err(reason) => {
            faults.push((Some(cols.header(Role::Period)), reason));
            (Period::default(), String::new())
        }
    };
    let amount = |role: Role, faults: &mut Faults| {
        let header = cols.header(role);
        let slot = cols.get(role).and_then(|col| grid.field(row, col.index));
        if slot.is_some_and(|slot| slot.spans_rows) {
            faults.push((
                Some(header),
                "the amount is one cell merged over several rows; it cannot be split between \
                 them: unmerge it and give each row its own amount"
                    .to_owned(),
            ));
            return None;
        }
        match parse_amount(slot.map(|slot| &slot.value)) {
            Ok(figure) => Some(figure),
            Err(reason) => {
                faults.push((Some(header), reason));
                None
            }
        }
    };
    let total = amount(Role::Total, &mut faults);
    let window = amount(Role::Window, &mut faults);
    let known = |figure: &Option<Figure>| figure.as_ref().and_then(Figure::known);
    if let (Some(t), Some(w)) = (known(&total), known(&window))
        && Figures::new(period, Some(t), Some(w)) == Err(FigureError::FypAboveTotal)
    {
        faults.push((
            Some(cols.header(Role::Window)),
            format!("{w} exceeds the total investment {t}"),
        ));
    }

    match (name, seq, total, window) {
        (Some(name), Some(seq), Some(total_investment), Some(window_investment))
            if faults.is_empty() =>
        {
            Ok(ParsedProject {
                row: row + 1,
                seq,
                name,
                scope,
                period,
                period_written,
                total_investment,
                window_investment,
                location,
                note,
                continues,
            })
        }
        _ => Err(faults),
    }
}

fn other_kind(value: &Value) -> &'static str {
    match value {
        Value::Other(kind) => kind,
        _ => "a value",
    }
}

/// Reads an amount of 万元: a number, or text with optional thousands separators and full-width
/// digits; the unknown markers and an empty cell are [`Figure::Unknown`].
fn parse_amount(value: Option<&Value>) -> Result<Figure, String> {
    let text = match value {
        None => return Ok(Figure::blank()),
        Some(Value::Int(i)) => i.to_string(),
        Some(Value::Float(f)) => {
            if !f.is_finite() {
                return Err(format!("`{f}` is not an amount"));
            }
            // The shortest text that reads back as the same float is what the office typed (or
            // what Excel shows); more than six decimals would be finer than a fen.
            f.to_string()
        }
        Some(Value::Text(text)) => {
            let written = text.trim();
            if UNKNOWN_MARKS.contains(&written) {
                return Ok(Figure::Unknown {
                    written: written.to_owned(),
                });
            }
            plain_number(written)?
        }
        Some(value @ (Value::Bool(_) | Value::Other(_))) => {
            return Err(format!(
                "holds {}, not an amount of 万元",
                other_kind(value)
            ));
        }
    };
    text.parse::<Amount>()
        .map(Figure::Known)
        .map_err(|e| e.to_string())
}

/// Full-width digits, point and separators made ASCII, thousands separators checked and removed.
fn plain_number(written: &str) -> Result<String, String> {
    let text: String = written.chars().map(half_width).collect();
    if !text.contains(',') {
        return Ok(text);
    }
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut groups = int.split(',');
    let grouped = groups
        .next()
        .is_some_and(|first| (1..=3).contains(&first.len()))
        && groups.all(|group| group.len() == 3)
        && !frac.contains(',');
    if !grouped {
        return Err(format!(
            "`{written}` has its thousands separators in the wrong places (write it like 1,234.5)"
        ));
    }
    Ok(text.replace(',', ""))
}

fn half_width(c: char) -> char {
    match c {
        '０'..='９' => char::from_digit(u32::from(c) - u32::from('０'), 10).unwrap_or(c),
        '．' => '.',
        '，' => ',',
        '－' => '-',
        _ => c,
    }
}

/// Reads a construction period: `2020-2022` (with any dash, 至 or 年), `2024-` (start only),
/// `2024` (within one year), or an unknown marker or empty cell.
fn parse_period(value: Option<&Value>) -> Result<(Period, String), String> {
    let written = match value {
        None => return Ok((Period::default(), String::new())),
        Some(Value::Int(i)) => i.to_string(),
        Some(Value::Float(f)) => f.to_string(),
        Some(Value::Text(text)) => text.trim().to_owned(),
        Some(value @ (Value::Bool(_) | Value::Other(_))) => {
            return Err(format!("holds {}, not a period", other_kind(value)));
        }
    };
    let key: String = squash(&written)
        .chars()
        .map(half_width)
        .filter(|c| *c != '年')
        .collect();
    if key.is_empty() || UNKNOWN_MARKS.contains(&squash(&written).as_str()) {
        return Ok((Period::default(), written));
    }
    let is_separator = |c: char| matches!(c, '-' | '—' | '–' | '~' | '～' | '至' | '到');
    let year = |text: &str| {
        (text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| text.parse::<i32>().ok())
            .flatten()
    };
    let syntax = || format!("`{written}` is not a period like 2021-2025, 2024- or 待定");
    let (start, end) = match key.split_once(is_separator) {
        Some((start, end)) => {
            let end = end.trim_start_matches(is_separator);
            let start = year(start).ok_or_else(syntax)?;
            let end = if end.is_empty() {
                None
            } else {
                Some(year(end).ok_or_else(syntax)?)
            };
            (start, end)
        }
        None => {
            let year = year(&key).ok_or_else(syntax)?;
            (year, Some(year))
        }
    };
    let period = Period::new(Some(start), end).map_err(|e| e.to_string())?;
    Ok((period, written))
}

/// Reads a 序号: a whole number from 1, as a number or as text.
fn parse_seq(value: &Value) -> Result<i32, String> {
    let seq = match value {
        Value::Int(i) => i32::try_from(*i).ok(),
        // Whole floats in range only, so the cast loses nothing.
        Value::Float(f) if f.fract() == 0.0 && (1.0..=f64::from(i32::MAX)).contains(f) => {
            Some(*f as i32)
        }
        Value::Text(text) => parse_int(&squash(text)),
        _ => None,
    };
    let shown = value.text().unwrap_or_else(|| other_kind(value).to_owned());
    seq.filter(|seq| *seq >= 1)
        .ok_or_else(|| format!("序号 `{shown}` is not a whole number from 1"))
}

fn parse_int(text: &str) -> Option<i32> {
    let digits: String = text.chars().map(half_width).collect();
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

/// Whether a row's lead text opens a 合计 or 总计 row.
fn is_total(key: &str) -> bool {
    key.starts_with("合计") || key.starts_with("总计")
}

/// A category heading: `一、name（N项）`, with 、 or ．after the ordinal, `（N项）` or `(N项)`
/// optional. Gives the ordinal, the name and the count.
fn parse_heading(text: &str) -> Option<(u32, String, Option<u32>)> {
    let text = text.trim();
    let end = text
        .char_indices()
        .find(|(_, c)| !is_numeral(*c))
        .map(|(at, _)| at)?;
    let ordinal = chinese_number(&text[..end])?;
    let rest = text[end..].trim_start().strip_prefix(['、', '．', '.'])?;
    let (name, count) = split_count(rest.trim());
    let name = name.trim();
    (!name.is_empty()).then(|| (ordinal, name.to_owned(), count))
}

/// Splits a trailing `（N项）` or `(N项)` off a text.
fn split_count(text: &str) -> (&str, Option<u32>) {
    let Some(body) = text
        .strip_suffix("项）")
        .or_else(|| text.strip_suffix("项)"))
    else {
        return (text, None);
    };
    let Some(open) = body.rfind(['（', '(']) else {
        return (text, None);
    };
    let digits = body[open..].trim_start_matches(['（', '(']);
    match parse_int(digits.trim()).and_then(|n| u32::try_from(n).ok()) {
        Some(count) => (&body[..open], Some(count)),
        None => (text, None),
    }
}

fn is_numeral(c: char) -> bool {
    "一二三四五六七八九十".contains(c)
}

/// A Chinese number from 1 to 99 (一, 十, 十二, 二十, 二十三).
fn chinese_number(text: &str) -> Option<u32> {
    let digit = |c: char| {
        "一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .and_then(|at| u32::try_from(at + 1).ok())
    };
    let chars: Vec<char> = text.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [unit] => digit(*unit),
        ['十', unit] => Some(10 + digit(*unit)?),
        [tens, '十'] => Some(digit(*tens)? * 10),
        [tens, '十', unit] => Some(digit(*tens)? * 10 + digit(*unit)?),
        _ => None,
    }
}

/// A text without any whitespace (header cells often break lines inside words).
fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// `B12` for row 11, column 1 (both from 0).
fn cell_name(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col), u64::from(row) + 1)
}

fn column_letters(col: u32) -> String {
    let mut letters = Vec::new();
    let mut rest = u64::from(col) + 1;
    while rest > 0 {
        let at = (rest - 1) % 26;
        letters.push(char::from(b'A' + u8::try_from(at).unwrap_or(0)));
        rest = (rest - 1) / 26;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

    use super::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    fn fen(fen: i64) -> Figure {
        Figure::Known(Amount::from_fen(fen).expect("an amount in range"))
    }

    fn unknown(written: &str) -> Figure {
        Figure::Unknown {
            written: written.to_owned(),
        }
    }

    fn period(start: Option<i32>, end: Option<i32>) -> Period {
        Period::new(start, end).expect("a valid period")
    }

    fn problem(row: u32, column: Option<&str>, reason: &str) -> Problem {
        Problem {
            sheet: "项目表".to_owned(),
            row,
            column: column.map(str::to_owned),
            reason: reason.to_owned(),
        }
    }

    /// The header as offices often draw it: two rows, most cells merged down, 总投资 with its unit
    /// in the row below.
    fn write_header(sheet: &mut Worksheet, top: u32) -> Result<(), XlsxError> {
        let plain = Format::new();
        let bottom = top + 1;
        for (col, text) in [
            (0, "序号"),
            (1, "项目名称"),
            (2, "建设内容和规模"),
            (3, "建设年限"),
            (5, "“十五五”投资"),
            (6, "建设地点"),
            (7, "原项目编号"),
            (8, "备注"),
        ] {
            sheet.merge_range(top, col, bottom, col, text, &plain)?;
        }
        sheet.write_string(top, 4, "总投资")?;
        sheet.write_string(bottom, 4, "（万元）")?;
        Ok(())
    }

    /// An invented list (no figure of it belongs to any real plan) with everything the reader
    /// must handle, and two deliberately broken rows.
    fn fixture(book: &mut Workbook) -> Result<(), XlsxError> {
        let plain = Format::new();
        let sheet = book.add_worksheet();
        sheet.set_name("项目表")?;
        sheet.merge_range(0, 0, 0, 8, "附件2  示例区“十五五”重大项目表", &plain)?;
        sheet.write_string(1, 0, "单位：万元")?;
        write_header(sheet, 2)?;
        // Row 5: the declared totals, one in full-width digits with a full-width separator.
        sheet.merge_range(4, 0, 4, 3, "合计（6项）", &plain)?;
        sheet.write_string(4, 4, "１２，３４５．６")?;
        sheet.write_number(4, 5, 8000.25)?;
        // Row 6: the first heading, merged across the text columns.
        sheet.merge_range(5, 0, 5, 3, "一、示例产业项目（3项）", &plain)?;
        sheet.write_number(5, 4, 10300)?;
        sheet.write_string(5, 5, "待定")?;
        // Rows 7-8: one 建设年限 merged over both.
        sheet.write_number(6, 0, 1)?;
        sheet.write_string(6, 1, "示例产业项目甲")?;
        sheet.write_string(6, 2, "新建厂房2万平方米")?;
        sheet.merge_range(6, 3, 7, 3, "2026-2028", &plain)?;
        sheet.write_string(6, 4, "1,200")?;
        sheet.write_number(6, 5, 1000.5)?;
        sheet.write_string(6, 6, "示例园区")?;
        sheet.write_string(7, 0, "2")?;
        sheet.write_string(7, 1, "示例产业项目乙")?;
        sheet.write_number(7, 4, 9100)?;
        sheet.write_string(7, 5, "—")?;
        sheet.write_string(7, 7, "DONGTOU-IND-03")?;
        sheet.write_string(7, 8, "续建")?;
        // Row 9: broken twice, a reversed period and an amount in words.
        sheet.write_number(8, 0, 3)?;
        sheet.write_string(8, 1, "示例产业项目丙")?;
        sheet.write_string(8, 3, "2027—2025")?;
        sheet.write_string(8, 4, "一千二百")?;
        sheet.write_number(8, 5, 500)?;
        // Row 10: the second heading, in the name column, with a full-width point, half-width
        // brackets, a count the rows below do not bear out, and no window subtotal.
        sheet.write_string(9, 1, "二．示例配套项目(4项)")?;
        sheet.write_string(9, 4, " 2045.1 ")?;
        sheet.write_number(10, 0, 1)?;
        sheet.write_string(10, 1, "示例配套项目甲")?;
        sheet.write_string(10, 3, "2021年-2023年")?;
        sheet.write_string(10, 4, "待定")?;
        sheet.write_string(10, 5, "待确定")?;
        sheet.write_string(11, 0, "２")?;
        sheet.write_string(11, 1, "示例配套项目乙")?;
        sheet.write_string(11, 3, "2025-")?;
        sheet.write_number(11, 4, 2045.1)?;
        sheet.write_number(11, 5, 300.123456)?;
        // Row 13: more inside the window than in total.
        sheet.write_number(12, 0, 3)?;
        sheet.write_string(12, 1, "示例配套项目丙")?;
        sheet.write_number(12, 3, 2026)?;
        sheet.write_string(12, 4, "100")?;
        sheet.write_string(12, 5, "150")?;
        sheet.merge_range(13, 0, 13, 8, "备注：示例说明", &plain)?;
        Ok(())
    }

    fn fixture_bytes() -> Result<Vec<u8>, XlsxError> {
        let mut book = Workbook::new();
        fixture(&mut book)?;
        book.save_to_buffer()
    }

    fn expected() -> ParsedList {
        let project = |row, seq, name: &str| ParsedProject {
            row,
            seq,
            name: name.to_owned(),
            scope: None,
            period: Period::default(),
            period_written: String::new(),
            total_investment: unknown(""),
            window_investment: unknown(""),
            location: None,
            note: None,
            continues: None,
        };
        ParsedList {
            title: Some("附件2  示例区“十五五”重大项目表".to_owned()),
            sheet: "项目表".to_owned(),
            window_header: Some("“十五五”投资".to_owned()),
            declared: Some(Declared {
                count: Some(6),
                total_investment: fen(12_345_600_000),
                window_investment: fen(8_000_250_000),
            }),
            categories: vec![
                ParsedCategory {
                    ordinal: 1,
                    name: "示例产业项目".to_owned(),
                    heading: "一、示例产业项目（3项）".to_owned(),
                    row: 6,
                    declared: Declared {
                        count: Some(3),
                        total_investment: fen(10_300_000_000),
                        window_investment: unknown("待定"),
                    },
                    projects: vec![
                        ParsedProject {
                            scope: Some("新建厂房2万平方米".to_owned()),
                            period: period(Some(2026), Some(2028)),
                            period_written: "2026-2028".to_owned(),
                            total_investment: fen(1_200_000_000),
                            window_investment: fen(1_000_500_000),
                            location: Some("示例园区".to_owned()),
                            ..project(7, 1, "示例产业项目甲")
                        },
                        ParsedProject {
                            period: period(Some(2026), Some(2028)),
                            period_written: "2026-2028".to_owned(),
                            total_investment: fen(9_100_000_000),
                            window_investment: unknown("—"),
                            continues: Some("DONGTOU-IND-03".to_owned()),
                            note: Some("续建".to_owned()),
                            ..project(8, 2, "示例产业项目乙")
                        },
                    ],
                },
                ParsedCategory {
                    ordinal: 2,
                    name: "示例配套项目".to_owned(),
                    heading: "二．示例配套项目(4项)".to_owned(),
                    row: 10,
                    declared: Declared {
                        count: Some(4),
                        total_investment: fen(2_045_100_000),
                        window_investment: unknown(""),
                    },
                    projects: vec![
                        ParsedProject {
                            period: period(Some(2021), Some(2023)),
                            period_written: "2021年-2023年".to_owned(),
                            total_investment: unknown("待定"),
                            window_investment: unknown("待确定"),
                            ..project(11, 1, "示例配套项目甲")
                        },
                        ParsedProject {
                            period: period(Some(2025), None),
                            period_written: "2025-".to_owned(),
                            total_investment: fen(2_045_100_000),
                            window_investment: fen(300_123_456),
                            ..project(12, 2, "示例配套项目乙")
                        },
                    ],
                },
            ],
            problems: vec![
                problem(
                    9,
                    Some("建设年限"),
                    "the period 2027-2025 ends before it starts",
                ),
                problem(
                    9,
                    Some("总投资"),
                    "`一千二百` is not a plain decimal number of 万元 (write it like \"1234.5\")",
                ),
                problem(
                    13,
                    Some("“十五五”投资"),
                    "150 exceeds the total investment 100",
                ),
                problem(
                    10,
                    None,
                    "`二．示例配套项目(4项)` declares 4 projects but 3 project rows follow it",
                ),
            ],
        }
    }

    #[test]
    fn reads_a_list_as_offices_write_it() -> TestResult {
        let bytes = fixture_bytes()?;
        let list = read_xlsx(&bytes, &Limits::default())?;
        let expected = expected();
        // Compared part by part first, so that a failure points at the part that differs.
        assert_eq!(list.title, expected.title);
        assert_eq!(list.window_header, expected.window_header);
        assert_eq!(list.declared, expected.declared);
        for (got, want) in list.categories.iter().zip(&expected.categories) {
            assert_eq!(got.declared, want.declared, "{}", want.heading);
            for (got, want) in got.projects.iter().zip(&want.projects) {
                assert_eq!(got, want);
            }
        }
        assert_eq!(list.problems, expected.problems);
        assert_eq!(list, expected);
        assert_eq!(
            read_file("清单.XLSX", &bytes, &Limits::default())?,
            expected
        );
        Ok(())
    }

    fn workbook(build: impl FnOnce(&mut Workbook) -> Result<(), XlsxError>) -> Vec<u8> {
        let mut book = Workbook::new();
        build(&mut book)
            .and_then(|()| book.save_to_buffer())
            .expect("the test workbook is written")
    }

    /// A minimal readable list on a sheet: a header and one project.
    fn small_list(sheet: &mut Worksheet) -> Result<(), XlsxError> {
        for (col, text) in ["序号", "项目名称", "总投资", "“十五五”投资"]
            .iter()
            .enumerate()
        {
            sheet.write_string(0, u16::try_from(col).unwrap_or(0), *text)?;
        }
        sheet.write_string(1, 0, "一、示例类别")?;
        sheet.write_number(2, 0, 1)?;
        sheet.write_string(2, 1, "示例项目甲")?;
        sheet.write_number(2, 2, 10)?;
        sheet.write_number(2, 3, 5)?;
        Ok(())
    }

    #[test]
    fn refuses_formulas_with_the_cell() {
        let bytes = workbook(|book| {
            let sheet = book.add_worksheet();
            small_list(sheet)?;
            sheet.write_formula(11, 1, "=1+2")?;
            Ok(())
        });
        let err = read_xlsx(&bytes, &Limits::default());
        assert_eq!(
            err,
            Err(ReadError::Formula {
                sheet: "Sheet1".to_owned(),
                cell: "B12".to_owned()
            })
        );
        assert!(
            err.map_err(|e| e.to_string())
                .is_err_and(|e| e.starts_with("Sheet1!B12 holds a formula"))
        );
    }

    #[test]
    fn refuses_hidden_sheets() {
        for very_hidden in [false, true] {
            let bytes = workbook(|book| {
                small_list(book.add_worksheet())?;
                let hidden = book.add_worksheet();
                hidden.set_name("旧表")?;
                if very_hidden {
                    hidden.set_very_hidden(true);
                } else {
                    hidden.set_hidden(true);
                }
                Ok(())
            });
            assert_eq!(
                read_xlsx(&bytes, &Limits::default()),
                Err(ReadError::HiddenSheet {
                    sheet: "旧表".to_owned(),
                    very_hidden
                })
            );
        }
    }

    #[test]
    fn refuses_what_is_not_a_workbook() {
        let limits = Limits::default();
        assert!(matches!(
            read_xlsx(b"not a workbook", &limits),
            Err(ReadError::NotSpreadsheet { .. })
        ));
        assert!(matches!(
            read_file("清单.xlsx", b"PK\x03\x04 truncated", &limits),
            Err(ReadError::NotSpreadsheet { .. })
        ));
        assert!(matches!(
            read_file("清单.pdf", b"%PDF-1.4", &limits),
            Err(ReadError::NotSpreadsheet { .. })
        ));
        let mut xls = OLE_MAGIC.to_vec();
        xls.extend_from_slice(&[0; 64]);
        assert!(matches!(
            read_file("清单.xls", &xls, &limits),
            Err(ReadError::UnsupportedFormat { .. })
        ));
        assert!(matches!(
            read_csv(b"PK\x03\x04", &limits),
            Err(ReadError::NotSpreadsheet { .. })
        ));
    }

    #[test]
    fn refuses_files_beyond_the_limits() -> TestResult {
        let bytes = fixture_bytes()?;
        let small = Limits {
            max_bytes: 100,
            ..Limits::default()
        };
        assert_eq!(
            read_file("清单.xlsx", &bytes, &small),
            Err(ReadError::TooLarge {
                size: bytes.len(),
                limit: 100
            })
        );
        assert!(matches!(
            read_csv(&[b'a'; 101], &small),
            Err(ReadError::TooLarge { .. })
        ));
        let short = Limits {
            max_rows: 5,
            ..Limits::default()
        };
        assert_eq!(
            read_xlsx(&bytes, &short),
            Err(ReadError::TooManyRows {
                sheet: "项目表".to_owned(),
                limit: 5
            })
        );
        let unpacked = Limits {
            max_unpacked_bytes: 1000,
            ..Limits::default()
        };
        assert!(matches!(
            read_xlsx(&bytes, &unpacked),
            Err(ReadError::TooLargeUnpacked { limit: 1000, .. })
        ));
        Ok(())
    }

    #[test]
    fn refuses_a_sheet_without_a_header() {
        let bytes = workbook(|book| {
            let sheet = book.add_worksheet();
            sheet.write_string(0, 0, "示例说明")?;
            sheet.write_number(1, 0, 1)?;
            Ok(())
        });
        assert_eq!(
            read_xlsx(&bytes, &Limits::default()),
            Err(ReadError::NoHeader {
                sheet: "Sheet1".to_owned()
            })
        );
        let empty = workbook(|book| {
            book.add_worksheet();
            Ok(())
        });
        assert_eq!(read_xlsx(&empty, &Limits::default()), Err(ReadError::Empty));
    }

    #[test]
    fn refuses_a_header_without_the_needed_columns() {
        let bytes = workbook(|book| {
            let sheet = book.add_worksheet();
            sheet.write_string(0, 0, "序号")?;
            sheet.write_string(0, 1, "项目名称")?;
            sheet.write_string(0, 2, "总投资（万元）")?;
            Ok(())
        });
        let err = read_xlsx(&bytes, &Limits::default());
        assert_eq!(
            err,
            Err(ReadError::MissingColumns {
                sheet: "Sheet1".to_owned(),
                row: 1,
                missing: vec![Role::Window.label()]
            })
        );
    }

    #[test]
    fn refuses_amounts_in_another_unit() {
        let bytes = workbook(|book| {
            let sheet = book.add_worksheet();
            sheet.write_string(0, 0, "项目名称")?;
            sheet.write_string(0, 1, "总投资（亿元）")?;
            sheet.write_string(0, 2, "“十五五”投资（亿元）")?;
            Ok(())
        });
        assert_eq!(
            read_xlsx(&bytes, &Limits::default()),
            Err(ReadError::Unit {
                sheet: "Sheet1".to_owned(),
                cell: "B1".to_owned(),
                written: "总投资（亿元）".to_owned()
            })
        );
    }

    #[test]
    fn several_sheets_need_a_name() -> TestResult {
        let bytes = workbook(|book| {
            small_list(book.add_worksheet().set_name("甲表")?)?;
            small_list(book.add_worksheet().set_name("乙表")?)?;
            Ok(())
        });
        assert_eq!(
            read_xlsx(&bytes, &Limits::default()),
            Err(ReadError::SeveralSheets {
                sheets: vec!["甲表".to_owned(), "乙表".to_owned()]
            })
        );
        let named = Limits {
            sheet: Some("乙表".to_owned()),
            ..Limits::default()
        };
        let list = read_xlsx(&bytes, &named)?;
        assert_eq!(list.sheet, "乙表");
        assert_eq!(
            list.categories[0].projects[0].total_investment,
            fen(10_000_000)
        );
        let missing = Limits {
            sheet: Some("丙表".to_owned()),
            ..Limits::default()
        };
        assert!(matches!(
            read_xlsx(&bytes, &missing),
            Err(ReadError::SheetNotFound { .. })
        ));
        Ok(())
    }

    #[test]
    fn an_amount_merged_over_rows_is_a_problem_of_each_row() -> TestResult {
        let bytes = workbook(|book| {
            let sheet = book.add_worksheet();
            small_list(sheet)?;
            sheet.write_number(3, 0, 2)?;
            sheet.write_string(3, 1, "示例项目乙")?;
            sheet.write_number(3, 3, 5)?;
            sheet.merge_range(2, 2, 3, 2, "30", &Format::new())?;
            Ok(())
        });
        let list = read_xlsx(&bytes, &Limits::default())?;
        assert!(list.categories[0].projects.is_empty());
        let rows: Vec<(u32, Option<&str>)> = list
            .problems
            .iter()
            .map(|p| (p.row, p.column.as_deref()))
            .collect();
        assert_eq!(rows, [(3, Some("总投资")), (4, Some("总投资"))]);
        Ok(())
    }

    const CSV: &str = "序号,项目名称,建设内容及规模,建设年限,总投资（万元）,十五五期间投资,备注\n\
        1,孤立示例项目,,,5,5,\n\
        一、示例产业项目（2项）,,,,100,80,\n\
        1,示例产业项目甲,示例内容,2021年至2023年,100,80,\n\
        2,示例产业项目乙,,待定,待定,-,\n\
        3,,,2022-2023,7,7,\n\
        合计,,,,100,80,\n";

    fn expected_csv(sheet: &str) -> ParsedList {
        let problem = |row, column: Option<&str>, reason: &str| Problem {
            sheet: sheet.to_owned(),
            row,
            column: column.map(str::to_owned),
            reason: reason.to_owned(),
        };
        ParsedList {
            title: None,
            sheet: sheet.to_owned(),
            window_header: Some("十五五期间投资".to_owned()),
            declared: Some(Declared {
                count: None,
                total_investment: fen(100_000_000),
                window_investment: fen(80_000_000),
            }),
            categories: vec![ParsedCategory {
                ordinal: 1,
                name: "示例产业项目".to_owned(),
                heading: "一、示例产业项目（2项）".to_owned(),
                row: 3,
                declared: Declared {
                    count: Some(2),
                    total_investment: fen(100_000_000),
                    window_investment: fen(80_000_000),
                },
                projects: vec![
                    ParsedProject {
                        row: 4,
                        seq: 1,
                        name: "示例产业项目甲".to_owned(),
                        scope: Some("示例内容".to_owned()),
                        period: period(Some(2021), Some(2023)),
                        period_written: "2021年至2023年".to_owned(),
                        total_investment: fen(100_000_000),
                        window_investment: fen(80_000_000),
                        location: None,
                        note: None,
                        continues: None,
                    },
                    ParsedProject {
                        row: 5,
                        seq: 2,
                        name: "示例产业项目乙".to_owned(),
                        scope: None,
                        period: Period::default(),
                        period_written: "待定".to_owned(),
                        total_investment: unknown("待定"),
                        window_investment: unknown("-"),
                        location: None,
                        note: None,
                        continues: None,
                    },
                ],
            }],
            problems: vec![
                problem(
                    2,
                    None,
                    "a project row before the first category heading (一、…): put it under its category",
                ),
                problem(
                    6,
                    Some("项目名称"),
                    "项目名称 is blank while other cells of the row are filled",
                ),
                problem(
                    3,
                    None,
                    "`一、示例产业项目（2项）` declares 2 projects but 3 project rows follow it",
                ),
            ],
        }
    }

    #[test]
    fn reads_csv_with_a_byte_order_mark() -> TestResult {
        let mut bytes = UTF8_BOM.to_vec();
        bytes.extend_from_slice(CSV.as_bytes());
        assert_eq!(
            read_csv(&bytes, &Limits::default())?,
            expected_csv(CSV_SHEET)
        );
        assert_eq!(
            read_csv(CSV.as_bytes(), &Limits::default())?,
            expected_csv(CSV_SHEET)
        );
        assert_eq!(
            read_file("清单.csv", &bytes, &Limits::default())?,
            expected_csv("清单.csv")
        );
        Ok(())
    }

    #[test]
    fn reads_csv_in_gb18030_and_refuses_other_bytes() -> TestResult {
        let (bytes, _, had_errors) = encoding_rs::GB18030.encode(CSV);
        assert!(!had_errors);
        assert!(std::str::from_utf8(&bytes).is_err());
        assert_eq!(
            read_csv(&bytes, &Limits::default())?,
            expected_csv(CSV_SHEET)
        );
        assert_eq!(
            read_csv(b"\xff\xfe\xff", &Limits::default()),
            Err(ReadError::NotUtf8)
        );
        Ok(())
    }

    fn amount(text: &str) -> Result<Figure, String> {
        parse_amount(Some(&Value::Text(text.to_owned())))
    }

    #[test]
    fn amounts_are_read_exactly_or_not_at_all() {
        assert_eq!(amount("1,200"), Ok(fen(1_200_000_000)));
        assert_eq!(amount("１，２００"), Ok(fen(1_200_000_000)));
        assert_eq!(amount("　12.5 "), Ok(fen(12_500_000)));
        assert_eq!(amount("1,234,567.000001"), Ok(fen(1_234_567_000_001)));
        for marker in ["待定", "待确定", "-", "—", "－"] {
            assert_eq!(amount(marker), Ok(unknown(marker)));
        }
        assert_eq!(parse_amount(None), Ok(unknown("")));
        for bad in [
            "1,20",
            "12,34.5",
            "1.0000001",
            "-5",
            "1e3",
            "约100",
            "100万元",
        ] {
            assert!(amount(bad).is_err(), "{bad}");
        }
        let number = |f: f64| parse_amount(Some(&Value::Float(f)));
        assert_eq!(number(1000.5), Ok(fen(1_000_500_000)));
        assert_eq!(number(0.000001), Ok(fen(1)));
        // 0.1 + 0.2 is 0.30000000000000004 as a float: finer than a fen, so refused, not rounded.
        assert!(number(0.1 + 0.2).is_err());
        assert!(number(f64::NAN).is_err());
        assert_eq!(
            parse_amount(Some(&Value::Int(11_406_800))),
            Ok(fen(11_406_800_000_000))
        );
        assert!(parse_amount(Some(&Value::Other("a date or time"))).is_err());
    }

    fn period_of(text: &str) -> Result<Period, String> {
        parse_period(Some(&Value::Text(text.to_owned()))).map(|(period, _)| period)
    }

    #[test]
    fn periods_in_the_ways_offices_write_them() {
        let both = period(Some(2020), Some(2022));
        for text in [
            "2020-2022",
            "2020—2022",
            "2020–2022",
            "2020——2022",
            "2020年-2022年",
            "2020年至2022年",
            "２０２０－２０２２",
        ] {
            assert_eq!(period_of(text), Ok(both), "{text}");
        }
        assert_eq!(period_of("2024-"), Ok(period(Some(2024), None)));
        assert_eq!(period_of("2024"), Ok(period(Some(2024), Some(2024))));
        assert_eq!(
            parse_period(Some(&Value::Float(2024.0))).map(|(p, _)| p),
            Ok(period(Some(2024), Some(2024)))
        );
        for text in ["待定", "待确定", "—"] {
            assert_eq!(period_of(text), Ok(Period::default()), "{text}");
        }
        assert_eq!(parse_period(None), Ok((Period::default(), String::new())));
        assert_eq!(
            period_of("2022-2020"),
            Err("the period 2022-2020 ends before it starts".to_owned())
        );
        for bad in ["20-22", "2020-22", "明年", "1900-1901"] {
            assert!(period_of(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn headings_and_counts() {
        assert_eq!(
            parse_heading("一、产业发展项目（17项）"),
            Some((1, "产业发展项目".to_owned(), Some(17)))
        );
        assert_eq!(
            parse_heading("十二．示例项目(３项)"),
            Some((12, "示例项目".to_owned(), Some(3)))
        );
        assert_eq!(
            parse_heading("二十一、示例项目"),
            Some((21, "示例项目".to_owned(), None))
        );
        for not_heading in ["十五五重大项目", "一、", "示例、项目", "1、示例项目"]
        {
            assert_eq!(parse_heading(not_heading), None, "{not_heading}");
        }
        assert_eq!(split_count("合计（54项）"), ("合计", Some(54)));
        assert_eq!(cell_name(11, 1), "B12");
        assert_eq!(cell_name(0, 26), "AA1");
    }

    #[test]
    fn reads_the_appendix_layout() -> TestResult {
        // The shape of the plan's own appendix: a two-line title, the unit line with its note, the
        // 合计 row before the categories with its label in the period column, 建设期限.
        let csv = "附件2\n\
            示例区工业“十五五”重大项目表\n\
            单位：万元,,,,,备注：具体项目情况待确定\n\
            序号,项目名称,建设内容和规模,建设期限,总投资,“十五五”投资\n\
            ,,,合计：,300,200\n\
            一、示例产业项目（1项）,,,,300,200\n\
            1,示例产业项目甲,示例内容,2026-2030,300,200\n";
        let list = read_csv(csv.as_bytes(), &Limits::default())?;
        assert_eq!(
            list.title.as_deref(),
            Some("附件2  示例区工业“十五五”重大项目表")
        );
        assert_eq!(
            list.declared,
            Some(Declared {
                count: None,
                total_investment: fen(300_000_000),
                window_investment: fen(200_000_000),
            })
        );
        assert_eq!(list.problems, []);
        let project = &list.categories[0].projects[0];
        assert_eq!(project.period, period(Some(2026), Some(2030)));
        assert_eq!(project.window_investment, fen(200_000_000));
        Ok(())
    }

    #[test]
    fn damaged_workbooks_are_refused_without_panicking() -> TestResult {
        let bytes = fixture_bytes()?;
        let limits = Limits::default();
        for cut in (0..bytes.len()).step_by(97) {
            let _ = read_file("清单.xlsx", &bytes[..cut], &limits);
        }
        for at in (0..bytes.len()).step_by(31) {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x5A;
            let _ = read_file("清单.xlsx", &damaged, &limits);
        }
        Ok(())
    }
}
