//! Table 1 read back cell by cell, and what the table tests share. Each expectation below is written from the document
//! (lines 72-272, 314-354 and 357-495 of the source text), in the test's own reading of its
//! conventions: `[x]` is an increase over the five years, `—` not applicable, `-` not available,
//! `110（累计）` a cumulative target, `≥x` a floor, words a target in words.

use serde_json::{Value, json};

use super::table;
use crate::both_backends;
use crate::helpers::{Backend, spawn_app};

both_backends!(table_1_reads_back_as_printed);

pub(super) const NA: &str = "printed “—”: not applicable";
pub(super) const NAV: &str = "printed “-”: not available";
const EMPTY: &str = "the cell is empty in the document";
pub(super) const NO_COLUMN: &str = "the table has no such column";

/// A printed cell as the test reads it.
#[derive(Clone, Copy)]
pub(super) enum C {
    /// A number.
    N(&'static str),
    /// `[x]`.
    Inc(&'static str),
    /// `≥x`.
    Min(&'static str),
    /// Words.
    W(&'static str),
    /// `—`.
    Dash,
    /// `-`.
    Hyphen,
    /// An empty cell.
    Empty,
}
pub(super) use C::*;

pub(super) fn reason(c: C) -> Value {
    match c {
        Dash => json!(NA),
        Hyphen => json!(NAV),
        Empty => json!(EMPTY),
        _ => Value::Null,
    }
}

pub(super) fn number(c: C) -> Value {
    match c {
        N(v) | Min(v) => json!(v),
        _ => Value::Null,
    }
}

/// Compares the fields of `got` named in `want`.
pub(super) fn check(got: &Value, want: &Value) {
    for (key, value) in want.as_object().into_iter().flatten() {
        assert_eq!(&got[key], value, "{} {key}: {got:#}", got["code"]);
    }
}

#[expect(clippy::too_many_arguments, reason = "one argument per printed column")]
fn t1(
    got: &Value,
    (ordinal, group, name, unit, kind): (i32, &str, &str, Option<&str>, &str),
    target: C,
    planned: C,
    actual: C,
    actual_growth: C,
    notes: &[i32],
    lines: (i32, i32),
) {
    let mut note_numbers = vec![json!({ "number": 1 })];
    note_numbers.extend(notes.iter().map(|n| json!({ "number": n })));
    check(
        got,
        &json!({
            "table": 1, "scope": "DADONGTOU", "group": group, "ordinal": ordinal, "name": name,
            "unit": unit, "kind": kind, "direction": "HIGHER",
            "baselineYear": 2015, "baselineValue": null, "baselineUnknownReason": NO_COLUMN,
            "targetYear": 2020, "targetValue": number(target),
            "targetIsMinimum": matches!(target, Min(_)),
            "targetText": match target { W(t) => json!(t), _ => Value::Null },
            "targetUnknownReason": Value::Null,
            "plannedGrowthRate": match planned { N(v) => json!(v), _ => Value::Null },
            "plannedIncrease": match planned { Inc(v) => json!(v), _ => Value::Null },
            "plannedGrowthUnknownReason": reason(planned),
            "notes": note_numbers,
            "source": format!("表1 L{}-{}", lines.0, lines.1),
        }),
    );
    let actuals = got["actuals"].as_array().cloned().unwrap_or_default();
    assert_eq!(actuals.len(), 1, "{got:#}");
    let a = &actuals[0];
    check(
        a,
        &json!({
            "year": 2020, "value": number(actual),
            "growthRate": match actual_growth { N(v) => json!(v), _ => Value::Null },
            "increase": match actual_growth { Inc(v) => json!(v), _ => Value::Null },
            "source": format!("表1 L{}-{}", lines.0, lines.1),
        }),
    );
    let note = a["note"].as_str().unwrap_or_default();
    for (what, cell) in [("value", actual), ("growth", actual_growth)] {
        if let Value::String(r) = reason(cell) {
            assert!(note.contains(&format!("{what} {r}")), "{got:#}");
        }
    }
    if number(actual).is_null() {
        assert!(!note.is_empty(), "a blank actual says why: {got:#}");
    }
}

async fn table_1_reads_back_as_printed(backend: Backend) {
    let app = spawn_app(backend).await;
    let rows = table(&app, 1).await;
    assert_eq!(rows.len(), 20);
    let (q, s, i, d, g) = ("质量效益", "产业结构", "创新驱动", "数字智造", "绿色发展");
    let (yi, pct, jia) = (Some("亿元"), Some("%"), Some("家"));
    t1(
        &rows[0],
        (1, q, "工业总产值", yi, "LEVEL"),
        N("200"),
        N("20"),
        N("108"),
        Hyphen,
        &[2],
        (91, 98),
    );
    t1(
        &rows[1],
        (2, q, "工业增加值", yi, "LEVEL"),
        N("48"),
        N("24"),
        N("27.2"),
        N("10.69"),
        &[],
        (100, 107),
    );
    t1(
        &rows[2],
        (3, q, "占GDP比重", pct, "SHARE"),
        N("40"),
        Dash,
        N("23.78"),
        Dash,
        &[],
        (109, 116),
    );
    t1(
        &rows[3],
        (4, q, "工业利税", yi, "LEVEL"),
        N("13"),
        N("20"),
        N("2.69"),
        N("-12.4"),
        &[],
        (118, 125),
    );
    t1(
        &rows[4],
        (5, q, "工业性投资", yi, "CUMULATIVE"),
        N("110"),
        Dash,
        Dash,
        Dash,
        &[3],
        (127, 134),
    );
    t1(
        &rows[5],
        (6, s, "规上工业全员劳动生产率", Some("万元/人·年"), "LEVEL"),
        N("36"),
        N("6"),
        N("20.98"),
        N("-4.85"),
        &[],
        (136, 143),
    );
    t1(
        &rows[6],
        (7, s, "超10亿元工业企业", jia, "LEVEL"),
        N("3"),
        Inc("2"),
        N("2"),
        Dash,
        &[],
        (145, 152),
    );
    t1(
        &rows[7],
        (8, s, "超亿元工业企业", jia, "LEVEL"),
        N("25"),
        Inc("16"),
        N("9"),
        Inc("0"),
        &[],
        (154, 161),
    );
    t1(
        &rows[8],
        (9, s, "规上工业企业", jia, "LEVEL"),
        N("56"),
        Inc("24"),
        N("63"),
        Inc("31"),
        &[],
        (163, 170),
    );
    t1(
        &rows[9],
        (10, i, "R&D投入占生产总值的比重", pct, "SHARE"),
        N("1.65"),
        Inc("0.65"),
        N("1.8"),
        Inc("0.87"),
        &[],
        (172, 179),
    );
    t1(
        &rows[10],
        (
            11,
            i,
            "高新技术产业增加值占规上工业增加值比重",
            pct,
            "SHARE",
        ),
        N("30"),
        Inc("5"),
        N("58"),
        Inc("33"),
        &[],
        (181, 188),
    );
    t1(
        &rows[11],
        (12, i, "国家高新技术企业", jia, "LEVEL"),
        N("11"),
        Inc("3"),
        N("30"),
        Inc("22"),
        &[],
        (190, 197),
    );
    t1(
        &rows[12],
        (13, i, "省级科技型企业", jia, "LEVEL"),
        N("74"),
        Inc("40"),
        N("120"),
        Inc("88"),
        &[],
        (199, 206),
    );
    t1(
        &rows[13],
        (14, i, "省级以上名牌和商标", Some("只"), "LEVEL"),
        N("15"),
        Dash,
        Dash,
        Dash,
        &[4],
        (208, 215),
    );
    t1(
        &rows[14],
        (15, d, "城市信息化指数", None, "INDEX"),
        Min("0.9"),
        Inc("0.03"),
        Dash,
        Dash,
        &[6],
        (217, 224),
    );
    t1(
        &rows[15],
        (16, d, "“两化”融合发展指数", None, "INDEX"),
        Min("73"),
        Inc("29.86"),
        N("68.99"),
        Dash,
        &[],
        (226, 233),
    );
    // `100%` in a % column is the number 100.
    t1(
        &rows[16],
        (17, d, "光纤到户覆盖率", pct, "SHARE"),
        N("100"),
        Dash,
        N("100"),
        Dash,
        &[],
        (235, 242),
    );
    t1(
        &rows[17],
        (18, g, "万元GDP能耗累计下降率", Some("吨标准煤"), "LEVEL"),
        N("16"),
        N("3.4"),
        N("1.28"),
        N("1.68"),
        &[5],
        (244, 251),
    );
    t1(
        &rows[18],
        (19, g, "绿色企业", jia, "LEVEL"),
        N("3"),
        Inc("1"),
        N("2"),
        Inc("0"),
        &[],
        (253, 260),
    );
    t1(
        &rows[19],
        (20, g, "清洁生产企业", jia, "QUALITATIVE"),
        W("所有规上企业"),
        Dash,
        Dash,
        Inc("51"),
        &[],
        (262, 269),
    );
    // The notes that say why a figure could not be measured travel with the actual.
    let note = rows[4]["actuals"][0]["note"].as_str().unwrap_or_default();
    assert!(
        note.contains("note 3: “工业性投资”指标因缺少部分数据，无法统计"),
        "{note}"
    );
}
