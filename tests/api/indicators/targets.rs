//! Tables 2 and 3 (the 14th-FYP targets) and the enterprise parks read back cell by cell, from
//! lines 314-354, 357-495 and 520-537 of the source text.

use serde_json::{Value, json};

use super::table;
use super::tables::C::{Empty, Hyphen, N, W};
use super::tables::{C, NO_COLUMN, check, number, reason};
use crate::both_backends;
use crate::helpers::{Backend, spawn_app};

both_backends!(
    table_2_reads_back_as_printed,
    table_3_reads_back_as_printed,
    the_parks_and_notes_read_back_as_printed,
);

/// A row of Table 2 or 3: (group, name, unit, kind, direction, baseline, target, lines).
type Row = (
    Option<&'static str>,
    &'static str,
    Option<&'static str>,
    &'static str,
    &'static str,
    C,
    C,
    (i32, i32),
);

fn target_row(got: &Value, table: i32, ordinal: usize, row: Row) {
    let (group, name, unit, kind, direction, baseline, target, lines) = row;
    check(
        got,
        &json!({
            "table": table,
            "scope": if table == 2 { "DADONGTOU" } else { "XIAODONGTOU" },
            "group": group, "ordinal": ordinal, "name": name, "unit": unit, "kind": kind,
            "direction": direction, "baselineYear": 2020, "baselineValue": number(baseline),
            "baselineUnknownReason": reason(baseline), "targetYear": 2025,
            "targetValue": number(target), "targetIsMinimum": false,
            "targetText": match target { W(t) => json!(t), _ => Value::Null },
            "targetUnknownReason": reason(target),
            "plannedGrowthRate": null, "plannedIncrease": null,
            "plannedGrowthUnknownReason": NO_COLUMN, "notes": [], "actuals": [],
            "source": format!("表{table} L{}-{}", lines.0, lines.1),
        }),
    );
}

const WORDS: C = W("完成省市下达的目标任务");

async fn table_2_reads_back_as_printed(backend: Backend) {
    let app = spawn_app(backend).await;
    let rows = table(&app, 2).await;
    let want: [Row; 7] = [
        (
            None,
            "规上工业总产值",
            Some("亿元"),
            "LEVEL",
            "HIGHER",
            N("108.29"),
            N("285"),
            (320, 323),
        ),
        (
            None,
            "规上工业增加值",
            Some("亿元"),
            "LEVEL",
            "HIGHER",
            N("14.42"),
            N("55"),
            (325, 328),
        ),
        (
            None,
            "规上工业企业数量",
            Some("家"),
            "LEVEL",
            "HIGHER",
            N("63"),
            N("125"),
            (330, 333),
        ),
        (
            None,
            "R&D经费支出占GDP比重",
            Some("%"),
            "SHARE",
            "HIGHER",
            N("1.8"),
            N("2.5"),
            (335, 338),
        ),
        (
            None,
            "每万人发明专利拥有量",
            Some("件"),
            "LEVEL",
            "HIGHER",
            Hyphen,
            N("20"),
            (340, 343),
        ),
        (
            None,
            "单位工业增加值能耗",
            None,
            "QUALITATIVE",
            "LOWER",
            Hyphen,
            WORDS,
            (345, 349),
        ),
        (
            None,
            "规上工业亩均增加值",
            None,
            "LEVEL",
            "HIGHER",
            Hyphen,
            Empty,
            (351, 354),
        ),
    ];
    assert_eq!(rows.len(), want.len());
    for (n, (got, row)) in rows.iter().zip(want).enumerate() {
        target_row(got, 2, n + 1, row);
    }
}

async fn table_3_reads_back_as_printed(backend: Backend) {
    let app = spawn_app(backend).await;
    let rows = table(&app, 3).await;
    let (q, i, s, d, g) = (
        Some("质量效益"),
        Some("创新驱动"),
        Some("产业结构"),
        Some("数字智造"),
        Some("绿色发展"),
    );
    let (yi, pct) = (Some("亿元"), Some("%"));
    let want: [Row; 22] = [
        (
            q,
            "规上工业总产值",
            yi,
            "LEVEL",
            "HIGHER",
            N("51.19"),
            N("85"),
            (364, 368),
        ),
        (
            q,
            "规上工业增加值",
            yi,
            "LEVEL",
            "HIGHER",
            N("8.99"),
            N("15"),
            (370, 374),
        ),
        (
            q,
            "工业占GDP比重",
            pct,
            "SHARE",
            "HIGHER",
            N("19.5"),
            N("21.5"),
            (376, 380),
        ),
        (
            q,
            "工业投资（五年累计投资）",
            yi,
            "CUMULATIVE",
            "HIGHER",
            N("33"),
            N("40"),
            (382, 386),
        ),
        (
            q,
            "技改投资（五年累计投资）",
            yi,
            "CUMULATIVE",
            "HIGHER",
            N("12.5"),
            N("8"),
            (388, 392),
        ),
        (
            q,
            "规上工业企业数量",
            Some("家"),
            "LEVEL",
            "HIGHER",
            N("35"),
            N("65"),
            (394, 398),
        ),
        (
            i,
            "R&D经费支出占GDP比重",
            pct,
            "SHARE",
            "HIGHER",
            N("1.15"),
            N("1.8"),
            (400, 404),
        ),
        (
            i,
            "每万人发明专利拥有量",
            Some("件"),
            "LEVEL",
            "HIGHER",
            N("8.8"),
            N("15"),
            (406, 410),
        ),
        (
            i,
            "规上工业全员劳动生产率",
            Some("万元/人·年"),
            "LEVEL",
            "HIGHER",
            N("29.46"),
            N("35"),
            (412, 416),
        ),
        (
            s,
            "高新技术产业增加值占规上工业增加值的比重",
            pct,
            "SHARE",
            "HIGHER",
            N("58.5"),
            N("65"),
            (418, 422),
        ),
        (
            s,
            "战略性新兴产业增加值占规上工业增加值比重",
            pct,
            "SHARE",
            "HIGHER",
            N("49.8"),
            N("55"),
            (424, 428),
        ),
        (
            s,
            "规上企业研发机构设置率",
            pct,
            "SHARE",
            "HIGHER",
            N("50"),
            N("70"),
            (430, 434),
        ),
        (
            d,
            "数字经济核心产业增加值占比",
            pct,
            "SHARE",
            "HIGHER",
            N("2.3"),
            N("3"),
            (436, 440),
        ),
        (
            d,
            "“两化”融合发展指数",
            None,
            "INDEX",
            "HIGHER",
            N("68.99"),
            N("69"),
            (442, 446),
        ),
        (
            d,
            "信息化发展指数",
            None,
            "INDEX",
            "HIGHER",
            N("102.4"),
            N("105"),
            (448, 452),
        ),
        (
            d,
            "市级及以上“两化”融合示范企业数",
            Some("家"),
            "LEVEL",
            "HIGHER",
            N("1"),
            N("2"),
            (454, 458),
        ),
        (
            d,
            "设备数控率",
            pct,
            "SHARE",
            "HIGHER",
            N("47.3"),
            N("50"),
            (460, 464),
        ),
        (
            d,
            "设备联网率",
            pct,
            "SHARE",
            "HIGHER",
            N("35.9"),
            N("45"),
            (466, 470),
        ),
        (
            g,
            "单位工业增加值能耗",
            Some("吨标准煤/万元"),
            "QUALITATIVE",
            "LOWER",
            N("0.372"),
            WORDS,
            (472, 477),
        ),
        (
            g,
            "规上工业亩均增加值",
            Some("万元/亩"),
            "LEVEL",
            "HIGHER",
            N("79.65"),
            Empty,
            (479, 483),
        ),
        (
            g,
            "规上工业亩均税收",
            Some("万元/亩"),
            "LEVEL",
            "HIGHER",
            N("24.12"),
            Empty,
            (485, 489),
        ),
        (
            g,
            "工业固体废物利用处置率",
            pct,
            "SHARE",
            "HIGHER",
            N("99.1"),
            N("100"),
            (491, 495),
        ),
    ];
    assert_eq!(rows.len(), want.len());
    for (n, (got, row)) in rows.iter().zip(want).enumerate() {
        target_row(got, 3, n + 1, row);
    }
}

async fn the_parks_and_notes_read_back_as_printed(backend: Backend) {
    let app = spawn_app(backend).await;
    let data = app
        .data(
            "{ plan(code: \"DONGTOU-14FYP\") { code windowStart windowEnd
                 indicatorNotes { table number text source }
                 platforms { code ordinal name areaMu plot location industry source } } }",
            json!({}),
        )
        .await;
    let plan = &data["plan"];
    assert_eq!(
        (plan["windowStart"].clone(), plan["windowEnd"].clone()),
        (json!(2021), json!(2025))
    );
    let notes = plan["indicatorNotes"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(notes.len(), 6);
    assert_eq!(notes[0]["text"], "表中若无特殊说明均为大洞头指标");
    assert_eq!(
        notes[3]["text"],
        "“省级以上名牌和商标”指标因浙江省于2017年底取消省著名商标评选认定，故在中期报告中建议取消"
    );
    assert_eq!(
        notes[5]["text"],
        "“城市信息化指数”指标因统计口径改变，无法对指标进行预测"
    );
    let parks = plan["platforms"].as_array().cloned().unwrap_or_default();
    let got: Vec<(Value, Value, Value)> = parks
        .iter()
        .map(|p| (p["name"].clone(), p["areaMu"].clone(), p["plot"].clone()))
        .collect();
    assert_eq!(
        got,
        [
            (
                json!("电子电器科技园"),
                json!("51.16"),
                json!("南塘工业区B-07b地块")
            ),
            (
                json!("机械汽配产业园"),
                json!("90.28"),
                json!("南塘工业区C-02地块")
            ),
            (json!("霓屿紫菜现代产业园"), Value::Null, Value::Null),
        ]
    );
    assert_eq!(parks[2]["location"], "霓屿街道网僚鼻");
    assert_eq!(
        parks[1]["industry"],
        "机械汽配（主要吸纳机械汽配的小微企业进园集聚）"
    );
}
