//! A project list in the layout its plan prints it in (附件): a title row, the header, each
//! category's heading row with its declared count and subtotals, the category's projects, and the
//! list's 合计 row. `GET /export/appendix.xlsx?list=…` writes it; importing that file reads it
//! back figure for figure, so a list can go out to an office, be edited there and come back.
//!
//! Unknown amounts and periods are written `待定`, as the document writes them, never 0. An
//! amount is a number cell in 万元 when Excel's 15 significant digits hold it exactly, and its
//! exact decimal as text otherwise.

use std::collections::HashMap;

use entity::{category, plan, project, project_list};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::access::{Principal, require_export};
use crate::figures::UNKNOWN;
use crate::money::fen_to_decimal;
use crate::spreadsheet::xlsx_number;
use crate::{ServiceError, ServiceResult};

/// The columns, in order. The window column's header names the plan (see [`window_header`]).
pub const COLUMNS: [&str; 8] = [
    "序号",
    "项目名称",
    "建设内容和规模",
    "建设期限",
    "总投资（万元）",
    "",
    "建设地点",
    "备注",
];

fn chinese_number(n: i32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let digit = |d: i32| DIGITS[usize::try_from(d.rem_euclid(10)).unwrap_or(0)];
    match n {
        0..=9 => digit(n).to_owned(),
        10..=19 => format!("十{}", if n == 10 { "" } else { digit(n - 10) }),
        20..=99 => format!(
            "{}十{}",
            digit(n / 10),
            if n % 10 == 0 { "" } else { digit(n % 10) }
        ),
        _ => n.to_string(),
    }
}

/// The header of a plan's in-window investment column: `“十四五”投资` for 2021-2025, `“十五五”投资`
/// for 2026-2030 (the third five-year plan began in 1966, after three years of adjustment, and
/// every plan since has followed on); `2026-2030年投资` for another window.
pub fn window_header(window_start: i32, window_end: i32) -> String {
    let offset = window_start - 1956;
    if window_end - window_start == 4 && window_start >= 1966 && offset % 5 == 0 {
        format!("“{}五”投资（万元）", chinese_number(offset / 5 + 1))
    } else {
        format!("{window_start}-{window_end}年投资（万元）")
    }
}

/// The text a period is written as: `2020-2022`, `2024-` with only a start, `待定` unknown.
pub fn period_text(start: Option<i32>, end: Option<i32>) -> String {
    match (start, end) {
        (Some(s), Some(e)) => format!("{s}-{e}"),
        (Some(s), None) => format!("{s}-"),
        (None, Some(e)) => format!("-{e}"),
        (None, None) => UNKNOWN.to_owned(),
    }
}

enum Cell {
    Number(f64),
    Text(String),
}

fn amount(fen: Option<i64>) -> Cell {
    match fen {
        None => Cell::Text(UNKNOWN.to_owned()),
        Some(f) => {
            let exact = fen_to_decimal(f).to_string();
            match xlsx_number(&exact) {
                Some(n) => Cell::Number(n),
                None => Cell::Text(exact),
            }
        }
    }
}

/// The list `list_code` in its appendix layout, as an XLSX workbook of one sheet (FINANCE,
/// COORDINATOR, ADMIN): the projects not archived, in heading and sequence order.
pub async fn appendix_xlsx(
    db: &impl ConnectionTrait,
    principal: &Principal,
    list_code: &str,
) -> ServiceResult<Vec<u8>> {
    require_export(principal)?;
    let list = project_list::Entity::find()
        .filter(project_list::Column::Code.eq(list_code))
        .one(db)
        .await?
        .ok_or_else(|| {
            ServiceError::validation("list", format!("no list has the code {list_code}"))
        })?;
    let plan = plan::Entity::find_by_id(list.plan_id)
        .one(db)
        .await?
        .ok_or_else(|| ServiceError::internal("a list without its plan"))?;
    let categories = category::Entity::find()
        .filter(category::Column::ListId.eq(list.id))
        .order_by_asc(category::Column::Ordinal)
        .all(db)
        .await?;
    let projects = project::Entity::find()
        .filter(project::Column::ListId.eq(list.id))
        .filter(project::Column::ArchivedAt.is_null())
        .order_by_asc(project::Column::CategoryOrdinal)
        .order_by_asc(project::Column::Seq)
        .all(db)
        .await?;
    // Listings that carry on a project of an earlier plan name its key in 原项目编号, so the
    // file imports back with the link.
    let from_ids: Vec<i32> = projects.iter().filter_map(|p| p.carried_from_id).collect();
    let earlier: HashMap<i32, String> = if from_ids.is_empty() {
        HashMap::new()
    } else {
        project::Entity::find()
            .filter(project::Column::Id.is_in(from_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.id, p.key))
            .collect()
    };
    write(&list, &plan, &categories, &projects, &earlier)
        .map_err(|e| ServiceError::internal(format!("writing the workbook: {e}")))
}

/// The header of the column naming the earlier listing a row carries on.
pub const CONTINUES: &str = "原项目编号";

fn write(
    list: &project_list::Model,
    plan: &plan::Model,
    categories: &[category::Model],
    projects: &[project::Model],
    earlier: &HashMap<i32, String>,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(list.code.as_str())?;
    let border = Format::new().set_border(FormatBorder::Thin);
    let bold = border.clone().set_bold();
    let title_format = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Center);
    let wrap = border.clone().set_text_wrap();
    let money = border.clone().set_num_format("#,##0.######");
    let money_bold = bold.clone().set_num_format("#,##0.######");
    let carries = !earlier.is_empty();
    let last = u16::try_from(COLUMNS.len() - usize::from(!carries)).unwrap_or(0);
    let title = match &list.appendix {
        Some(a) => format!("{a}  {}", list.title),
        None => list.title.clone(),
    };
    sheet.merge_range(0, 0, 0, last, &title, &title_format)?;
    let window = window_header(plan.window_start, plan.window_end);
    for (col, header) in (0u16..).zip(COLUMNS) {
        let text = if header.is_empty() {
            window.as_str()
        } else {
            header
        };
        sheet.write_string_with_format(1, col, text, &bold)?;
    }
    if carries {
        sheet.write_string_with_format(1, last, CONTINUES, &bold)?;
        sheet.set_column_width(last, 22.0)?;
    }
    sheet.set_freeze_panes(2, 0)?;
    for (col, width) in (0u16..).zip([6.0, 28.0, 60.0, 12.0, 14.0, 14.0, 14.0, 20.0]) {
        sheet.set_column_width(col, width)?;
    }
    let put = |sheet: &mut rust_xlsxwriter::Worksheet,
               row: u32,
               col: u16,
               cell: Cell,
               number: &Format|
     -> Result<(), rust_xlsxwriter::XlsxError> {
        match cell {
            Cell::Number(n) => sheet.write_number_with_format(row, col, n, number)?,
            Cell::Text(t) => sheet.write_string_with_format(row, col, &t, &border)?,
        };
        Ok(())
    };
    let mut row = 2u32;
    if list.declared_total_investment_fen.is_some() || list.declared_fyp_investment_fen.is_some() {
        sheet.merge_range(row, 0, row, 3, "合计", &bold)?;
        put(
            sheet,
            row,
            4,
            amount(list.declared_total_investment_fen),
            &money_bold,
        )?;
        put(
            sheet,
            row,
            5,
            amount(list.declared_fyp_investment_fen),
            &money_bold,
        )?;
        sheet.write_blank(row, 6, &bold)?;
        sheet.write_blank(row, 7, &bold)?;
        row += 1;
    }
    for c in categories {
        sheet.merge_range(row, 0, row, 3, &c.heading, &bold)?;
        let declared =
            c.declared_total_investment_fen.is_some() || c.declared_fyp_investment_fen.is_some();
        if declared {
            put(
                sheet,
                row,
                4,
                amount(c.declared_total_investment_fen),
                &money_bold,
            )?;
            put(
                sheet,
                row,
                5,
                amount(c.declared_fyp_investment_fen),
                &money_bold,
            )?;
        } else {
            sheet.write_blank(row, 4, &bold)?;
            sheet.write_blank(row, 5, &bold)?;
        }
        sheet.write_blank(row, 6, &bold)?;
        sheet.write_blank(row, 7, &bold)?;
        row += 1;
        for p in projects.iter().filter(|p| p.category_id == c.id) {
            sheet.write_number_with_format(row, 0, f64::from(p.seq), &border)?;
            sheet.write_string_with_format(row, 1, &p.name, &wrap)?;
            sheet.write_string_with_format(row, 2, &p.scope, &wrap)?;
            sheet.write_string_with_format(
                row,
                3,
                period_text(p.start_year, p.end_year),
                &border,
            )?;
            put(sheet, row, 4, amount(p.total_investment_fen), &money)?;
            put(sheet, row, 5, amount(p.fyp_investment_fen), &money)?;
            sheet.write_string_with_format(
                row,
                6,
                p.location.as_deref().unwrap_or_default(),
                &border,
            )?;
            sheet.write_blank(row, 7, &border)?;
            if carries {
                match p.carried_from_id.and_then(|id| earlier.get(&id)) {
                    Some(key) => sheet.write_string_with_format(row, last, key, &border)?,
                    None => sheet.write_blank(row, last, &border)?,
                };
            }
            row += 1;
        }
    }
    if let Some(note) = &list.note {
        sheet.merge_range(row, 0, row, last, &format!("备注：{note}"), &Format::new())?;
    }
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_column_names_the_plan() {
        assert_eq!(window_header(2021, 2025), "“十四五”投资（万元）");
        assert_eq!(window_header(2026, 2030), "“十五五”投资（万元）");
        assert_eq!(window_header(2016, 2020), "“十三五”投资（万元）");
        assert_eq!(window_header(2046, 2050), "“十九五”投资（万元）");
        assert_eq!(window_header(2051, 2055), "“二十五”投资（万元）");
        assert_eq!(window_header(2026, 2035), "2026-2035年投资（万元）");
        assert_eq!(window_header(2027, 2031), "2027-2031年投资（万元）");
    }

    #[test]
    fn periods_are_written_as_the_document_writes_them() {
        assert_eq!(period_text(Some(2020), Some(2022)), "2020-2022");
        assert_eq!(period_text(Some(2024), None), "2024-");
        assert_eq!(period_text(None, None), "待定");
    }
}
