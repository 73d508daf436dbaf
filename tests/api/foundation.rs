//! The foundation: migrations, seeds and the first read API reproduce the document exactly.

use std::collections::HashMap;

use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait, Statement};
use serde_json::{Value, json};
use service::seed::{self, SeedFiles};

use crate::both_backends;
use crate::helpers::{Backend, CATEGORY_ORDER, TestDb, seed_records, spawn_app};

both_backends!(
    migrations_go_up_and_down,
    seeding_twice_changes_nothing,
    every_project_matches_the_seed_files,
    document_figures_are_exact,
    appendix_2_reconciles_with_the_document,
);

async fn table_count(db: &TestDb) -> i64 {
    let sql = match db.db.get_database_backend() {
        sea_orm::DbBackend::Sqlite => {
            "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN \
             ('plan','project_list','category','project','phase','progress_report','change_log')"
        }
        _ => {
            "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = 'public' AND \
             table_name IN ('plan','project_list','category','project','phase','progress_report','change_log')"
        }
    };
    let row = db
        .db
        .query_one_raw(Statement::from_string(db.db.get_database_backend(), sql))
        .await
        .expect("count tables")
        .expect("a row");
    row.try_get::<i64>("", "n").expect("a count")
}

async fn migrations_go_up_and_down(backend: Backend) {
    let db = TestDb::empty(backend).await;
    service::db::migrate(&db.db).await.expect("up");
    assert_eq!(table_count(&db).await, 7);
    service::db::migrate_down_all(&db.db).await.expect("down");
    assert_eq!(table_count(&db).await, 0);
    service::db::migrate(&db.db).await.expect("up again");
    assert_eq!(table_count(&db).await, 7);
    seed::seed(&db.db, &SeedFiles::embedded())
        .await
        .expect("seed after re-creation");
}

async fn seeding_twice_changes_nothing(backend: Backend) {
    let db = TestDb::seeded(backend).await;
    let projects = entity::project::Entity::find()
        .count(&db.db)
        .await
        .expect("count");
    let log = entity::change_log::Entity::find()
        .count(&db.db)
        .await
        .expect("count");
    assert_eq!(projects, 67);
    assert_eq!(
        log,
        67 + 11,
        "one creation entry per seeded project and phase"
    );
    let before = entity::project::Entity::find()
        .all(&db.db)
        .await
        .expect("rows");

    let report = seed::seed(&db.db, &SeedFiles::embedded())
        .await
        .expect("second seed");
    assert_eq!(report.inserted_total(), 0);
    assert_eq!(report.unchanged, 1 + 2 + 8 + 67 + 11);
    let after = entity::project::Entity::find()
        .all(&db.db)
        .await
        .expect("rows");
    assert_eq!(
        before, after,
        "a second seed rewrites nothing, not even timestamps"
    );
    assert_eq!(
        entity::change_log::Entity::find()
            .count(&db.db)
            .await
            .expect("count"),
        log
    );
}

const ALL_PROJECTS: &str = "{ projects(first: 100) { totalCount pageInfo { hasNextPage }
    edges { node { key seq name scope startYear endYear totalInvestment fypInvestment fypShare
    status version location landAreaMu category { code name } list { code }
    phases { ordinal name scope } } } } }";

fn by_key(data: &Value) -> HashMap<String, Value> {
    data["projects"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| {
            (
                e["node"]["key"].as_str().expect("key").to_owned(),
                e["node"].clone(),
            )
        })
        .collect()
}

fn cell(value: &str) -> Value {
    if value == "待定" || value.is_empty() {
        Value::Null
    } else {
        // Written as in the document; the API drops trailing zeros, which the seeds do not have.
        json!(value)
    }
}

async fn every_project_matches_the_seed_files(backend: Backend) {
    let app = spawn_app(backend).await;
    let data = app.data(ALL_PROJECTS, json!({})).await;
    assert_eq!(data["projects"]["totalCount"], 67);
    assert_eq!(data["projects"]["pageInfo"]["hasNextPage"], false);
    let projects = by_key(&data);
    let rows = seed_records();
    assert_eq!(rows.len(), 67);
    for row in rows {
        let seq: i32 = row["seq"].parse().expect("seq");
        let key = format!("{}-{}-{seq:02}", row["list"], row["category"]);
        let p = &projects[&key];
        assert_eq!(p["name"], json!(row["name"]), "{key}");
        assert_eq!(p["scope"], json!(row["scope"]), "{key}");
        assert_eq!(p["list"]["code"], json!(row["list"]), "{key}");
        assert_eq!(p["category"]["code"], json!(row["category"]), "{key}");
        assert_eq!(
            p["totalInvestment"],
            cell(&row["total_investment"]),
            "{key}"
        );
        assert_eq!(p["fypInvestment"], cell(&row["fyp_investment"]), "{key}");
        assert_eq!(p["location"], cell(&row["location"]), "{key}");
        assert_eq!(p["landAreaMu"], cell(&row["land_area_mu"]), "{key}");
        assert_eq!(p["status"], "PLANNED", "{key}");
        assert_eq!(p["version"], 1, "{key}");
        let (start, end) = match row["period"].split_once('-') {
            Some((s, e)) => (json!(s.parse::<i32>().ok()), json!(e.parse::<i32>().ok())),
            None => (Value::Null, Value::Null),
        };
        assert_eq!(p["startYear"], start, "{key}");
        assert_eq!(p["endYear"], end, "{key}");
    }
}

async fn document_figures_are_exact(backend: Backend) {
    let app = spawn_app(backend).await;
    let projects = by_key(&app.data(ALL_PROJECTS, json!({})).await);

    // The LNG receiving terminal (Appendix 2, 二、8): 2018-2025, 1303600 / 1000000, two phases.
    let lng = &projects["DONGTOU-GREEN-08"];
    assert_eq!(lng["name"], "温州液化天然气（LNG）接收站项目");
    assert_eq!(lng["startYear"], 2018);
    assert_eq!(lng["endYear"], 2025);
    assert_eq!(lng["totalInvestment"], "1303600");
    assert_eq!(lng["fypInvestment"], "1000000");
    assert_eq!(lng["fypShare"], "0.7671064744");
    assert_eq!(lng["location"], "小门岛");
    let phases: Vec<(i64, &str)> = lng["phases"]
        .as_array()
        .expect("phases")
        .iter()
        .map(|p| {
            (
                p["ordinal"].as_i64().expect("ordinal"),
                p["name"].as_str().expect("name"),
            )
        })
        .collect();
    assert_eq!(phases, [(1, "一期"), (2, "二期")]);

    // A project whose period and both amounts are 待定 answers null, never 0.
    let tbd = &projects["DONGTOU-INDUSTRIAL-12"];
    assert_eq!(tbd["name"], "年产10万吨超高纯金属及合金研究院项目");
    for field in [
        "startYear",
        "endYear",
        "totalInvestment",
        "fypInvestment",
        "fypShare",
    ] {
        assert_eq!(tbd[field], Value::Null, "{field}");
    }
    // Known period, unknown amounts.
    let park = &projects["DONGTOU-INDUSTRIAL-04"];
    assert_eq!(
        (park["startYear"].clone(), park["endYear"].clone()),
        (json!(2022), json!(2030))
    );
    assert_eq!(park["totalInvestment"], Value::Null);

    // Phases as the scopes state them, and no others.
    let with_phases: Vec<(&str, usize)> = {
        let mut v: Vec<(&str, usize)> = projects
            .iter()
            .filter_map(|(k, p)| {
                let n = p["phases"].as_array().map_or(0, Vec::len);
                (n > 0).then_some((k.as_str(), n))
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        with_phases,
        [
            ("DONGTOU-DIGITAL-04", 1),
            ("DONGTOU-GREEN-01", 3),
            ("DONGTOU-GREEN-08", 2),
            ("DONGTOU-GREEN-09", 2),
            ("DONGTOU-GREEN-10", 2),
            ("OUJIANG-PARKS-02", 1),
        ]
    );
    assert_eq!(projects["DONGTOU-DIGITAL-04"]["phases"][0]["ordinal"], 3);

    // Appendix 3: 灵昆产业园, 800000 / 800000 on 灵昆岛 with 1412 亩.
    let lingkun = &projects["OUJIANG-PARKS-04"];
    assert_eq!(lingkun["name"], "灵昆产业园");
    assert_eq!(lingkun["totalInvestment"], "800000");
    assert_eq!(lingkun["fypShare"], "1");
    assert_eq!(lingkun["location"], "灵昆岛");
    assert_eq!(lingkun["landAreaMu"], "1412");

    let unknown_total = projects
        .values()
        .filter(|p| p["totalInvestment"].is_null())
        .count();
    let zero_total = projects
        .values()
        .filter(|p| p["totalInvestment"] == "0")
        .count();
    assert_eq!(
        unknown_total, 10,
        "ten Appendix 2 projects have a 待定 total"
    );
    assert_eq!(zero_total, 0, "no 待定 became zero");

    let project = app
        .data(
            "query($key: String!) { project(key: $key) { key name } }",
            json!({ "key": "DONGTOU-GREEN-08" }),
        )
        .await;
    assert_eq!(
        project["project"]["name"],
        "温州液化天然气（LNG）接收站项目"
    );
    let missing = app
        .data(
            "query($key: String!) { project(key: $key) { key } }",
            json!({ "key": "DONGTOU-GREEN-99" }),
        )
        .await;
    assert_eq!(missing["project"], Value::Null);
}

async fn appendix_2_reconciles_with_the_document(backend: Backend) {
    let app = spawn_app(backend).await;
    let data = app
        .data(
            "{ projectLists { code title unit declaredTotalInvestment declaredFypInvestment
               categories { code name nameEn declaredProjectCount declaredTotalInvestment declaredFypInvestment } }
               reconciliation { listCode categoryCode declaredCount computedCount
               declaredTotalInvestment computedTotalInvestment declaredFypInvestment
               computedFypInvestment matches status } }",
            json!({}),
        )
        .await;
    let lists = data["projectLists"].as_array().expect("lists");
    assert_eq!(lists.len(), 2);
    assert_eq!(lists[0]["code"], "DONGTOU");
    assert_eq!(lists[0]["unit"], "万元");
    assert_eq!(lists[0]["declaredTotalInvestment"], "11406800");
    assert_eq!(lists[0]["declaredFypInvestment"], "2710700");
    assert_eq!(lists[1]["code"], "OUJIANG");
    assert_eq!(lists[1]["declaredTotalInvestment"], Value::Null);
    let codes: Vec<&str> = lists
        .iter()
        .flat_map(|l| l["categories"].as_array().expect("categories"))
        .map(|c| c["code"].as_str().expect("code"))
        .collect();
    assert_eq!(codes, CATEGORY_ORDER);

    // The document's own figures: heading counts and subtotals of Appendix 2.
    let expected = [
        (None, 54, "11406800", "2710700"),
        (Some("INDUSTRIAL"), 17, "478000", "267800"),
        (Some("GREEN"), 10, "5431700", "1226100"),
        (Some("DIGITAL"), 7, "3267000", "277000"),
        (Some("SERVICES"), 9, "1311500", "714400"),
        (Some("INFRASTRUCTURE"), 11, "918600", "225400"),
    ];
    let rows = data["reconciliation"].as_array().expect("rows");
    assert_eq!(rows.len(), 2 + 8);
    for (row, (category, count, total, fyp)) in rows.iter().zip(expected) {
        assert_eq!(row["listCode"], "DONGTOU");
        assert_eq!(row["categoryCode"], json!(category));
        assert_eq!(row["computedCount"], count, "{category:?}");
        assert_eq!(row["computedTotalInvestment"], total, "{category:?}");
        assert_eq!(row["declaredTotalInvestment"], total, "{category:?}");
        assert_eq!(row["computedFypInvestment"], fyp, "{category:?}");
        assert_eq!(row["declaredFypInvestment"], fyp, "{category:?}");
        assert_eq!(row["matches"], true, "{category:?}");
        assert_eq!(row["status"], "MATCHES", "{category:?}");
        if category.is_some() {
            assert_eq!(row["declaredCount"], count, "{category:?}");
        }
    }
    for row in &rows[6..] {
        assert_eq!(row["listCode"], "OUJIANG");
        assert_eq!(row["status"], "NOT_DECLARED");
        assert_eq!(row["matches"], true);
    }
    assert_eq!(rows[6]["computedCount"], 13);
}
