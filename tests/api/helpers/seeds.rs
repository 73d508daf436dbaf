//! An independent reading of `seeds/projects.csv`: what the loader must reproduce.

use std::collections::HashMap;

/// The categories in the document's order: Appendix 2's five, then Appendix 3's three.
pub const CATEGORY_ORDER: [&str; 8] = [
    "INDUSTRIAL",
    "GREEN",
    "DIGITAL",
    "SERVICES",
    "INFRASTRUCTURE",
    "INVESTMENT",
    "RENOVATION",
    "PARKS",
];

/// A row of `seeds/projects.csv` as the tests read it, independently of the loader.
#[derive(Clone, Debug)]
pub struct SeedRow {
    /// `<LIST>-<CATEGORY>-<seq>`.
    pub key: String,
    /// List code.
    pub list: String,
    /// Category code.
    pub category: String,
    /// Name.
    pub name: String,
    /// Scope text.
    pub scope: String,
    /// Start year, when known.
    pub start: Option<i32>,
    /// End year, when known.
    pub end: Option<i32>,
    /// Total investment, when known.
    pub total: Option<rust_decimal::Decimal>,
    /// 14th-FYP investment, when known.
    pub fyp: Option<rust_decimal::Decimal>,
    /// Location, when named.
    pub location: Option<String>,
}

/// Every row of `seeds/projects.csv` as its cells' text, column by column, in document order.
pub fn seed_records() -> Vec<HashMap<String, String>> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds/projects.csv");
    let mut reader = csv::Reader::from_path(path).expect("seeds/projects.csv");
    reader.deserialize().map(|r| r.expect("a row")).collect()
}

/// Every seeded project, in document order.
pub fn seed_rows() -> Vec<SeedRow> {
    let amount = |s: &str| (s != "待定").then(|| s.parse().expect("amount"));
    seed_records()
        .into_iter()
        .map(|r| {
            let seq: i32 = r["seq"].parse().expect("seq");
            let (start, end) = match r["period"].split_once('-') {
                Some((s, e)) => (s.parse().ok(), e.parse().ok()),
                None => (None, None),
            };
            SeedRow {
                key: format!("{}-{}-{seq:02}", r["list"], r["category"]),
                list: r["list"].clone(),
                category: r["category"].clone(),
                name: r["name"].clone(),
                scope: r["scope"].clone(),
                start,
                end,
                total: amount(&r["total_investment"]),
                fyp: amount(&r["fyp_investment"]),
                location: Some(r["location"].clone()).filter(|l| !l.is_empty()),
            }
        })
        .collect()
}
