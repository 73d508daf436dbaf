//! Plans over time: creating the next plan, and a list written in its plan's appendix layout.

use sea_orm::{DatabaseConnection, EntityTrait, QueryOrder};
use serde_json::json;
use service::access::Principal;
use service::list_import::apply::{ImportOptions, import_list};
use service::list_import::read::{Limits, read_file};
use service::write::Actor;

use crate::both_backends;
use crate::helpers::{Backend, TestDb, spawn_app};

both_backends!(
    the_office_creates_the_next_plan,
    a_list_exports_in_its_appendix_layout,
    the_appendix_round_trips_into_a_fresh_database,
    a_next_plans_list_is_imported_over_graphql,
    a_generated_list_reads_back_from_its_appendix,
    a_carried_project_is_one_project_in_both_plans,
    status_changes_through_two_listings_at_once_leave_one_status,
    reports_through_two_listings_at_once_keep_the_ledger_rising,
);

/// The generated list of the benchmarks exports in the appendix layout like a seeded one, and
/// its file imports as a new list with every project and no problem.
async fn a_generated_list_reads_back_from_its_appendix(backend: Backend) {
    let app = spawn_app(backend).await;
    service::synthetic::add_with(
        &app.db.db,
        service::synthetic::Options {
            count: 25,
            seed: 3,
            reporting: false,
        },
        &|_| {},
    )
    .await
    .expect("generated projects");
    let finance = app.token_for("f", "FINANCE", &[]).await;
    let response = app
        .get_as(Some(&finance), "/export/appendix.xlsx?list=SYNTHETIC")
        .await;
    assert_eq!(response.status().as_u16(), 200);
    let bytes = response.bytes().await.expect("a body").to_vec();
    let parsed = read_file("appendix.xlsx", &bytes, &Limits::default()).expect("readable");
    let admin = Principal::operator("office");
    let actor = Actor {
        principal: &admin,
        request_id: None,
    };
    let report = import_list(
        &app.db.db,
        actor,
        parsed,
        ImportOptions {
            plan_code: "DONGTOU-14FYP".into(),
            list_code: "COPY".into(),
            dry_run: true,
            ..Default::default()
        },
    )
    .await
    .expect("a report");
    assert_eq!(report.problems, vec![], "{report}");
    assert_eq!(report.new.len(), 25, "{report}");
}

const CREATE: &str = "mutation($input: CreatePlanInput!) { createPlan(input: $input) {
    plan { code title titleEn issuer issuedOn windowStart windowEnd }
    userErrors { code field message } } }";

async fn the_office_creates_the_next_plan(backend: Backend) {
    let app = spawn_app(backend).await;
    let input = json!({
        "code": "TEST-15FYP", "title": "示例区“十五五”规划（测试）", "titleEn": "A test plan",
        "issuer": "示例区人民政府办公室", "issuedOn": "2026-03-01",
        "windowStart": 2026, "windowEnd": 2030
    });
    // A manager may not.
    let manager = app.token_for("m", "MANAGER", &[]).await;
    let (_, refused) = app
        .post_as(Some(&manager), CREATE, json!({ "input": input }))
        .await;
    assert_eq!(
        refused["data"]["createPlan"]["userErrors"][0]["code"], "FORBIDDEN",
        "{refused:#}"
    );
    let out = app.data(CREATE, json!({ "input": input })).await;
    assert_eq!(out["createPlan"]["userErrors"], json!([]), "{out:#}");
    assert_eq!(
        out["createPlan"]["plan"],
        json!({ "code": "TEST-15FYP", "title": "示例区“十五五”规划（测试）", "titleEn": "A test plan",
                "issuer": "示例区人民政府办公室", "issuedOn": "2026-03-01",
                "windowStart": 2026, "windowEnd": 2030 })
    );
    // The code is taken now; bad codes and windows change nothing.
    for (change, code, field) in [
        (json!({}), "CONFLICT", None),
        (json!({ "code": "test 15" }), "VALIDATION", Some("code")),
        (
            json!({ "code": "TEST-X", "windowEnd": 2025 }),
            "VALIDATION",
            Some("windowEnd"),
        ),
        (
            json!({ "code": "TEST-X", "windowEnd": 2040 }),
            "VALIDATION",
            Some("windowEnd"),
        ),
        (
            json!({ "code": "TEST-X", "title": "  " }),
            "VALIDATION",
            Some("title"),
        ),
    ] {
        let mut bad = input.clone();
        for (k, v) in change.as_object().expect("an object") {
            bad[k] = v.clone();
        }
        let out = app.data(CREATE, json!({ "input": bad })).await;
        let error = &out["createPlan"]["userErrors"][0];
        assert_eq!(error["code"], code, "{change}: {out:#}");
        if let Some(field) = field {
            assert_eq!(error["field"], field, "{change}: {out:#}");
        }
    }
    let plans = app
        .data(
            "{ plans { code windowStart windowEnd lists { code plan { code } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        plans["plans"],
        json!([
            { "code": "DONGTOU-14FYP", "windowStart": 2021, "windowEnd": 2025,
              "lists": [{ "code": "DONGTOU", "plan": { "code": "DONGTOU-14FYP" } },
                        { "code": "OUJIANG", "plan": { "code": "DONGTOU-14FYP" } }] },
            { "code": "TEST-15FYP", "windowStart": 2026, "windowEnd": 2030, "lists": [] },
        ])
    );
    // The filter takes plans: the 14th-FYP plan's 67 projects, none yet for the new one; with
    // a list named as well, only the lists of both.
    let counts = app
        .data(
            "{ a: projects(filter: { planCodes: [\"DONGTOU-14FYP\"] }) { totalCount }
               b: projects(filter: { planCodes: [\"TEST-15FYP\"] }) { totalCount }
               c: projects(filter: { planCodes: [\"DONGTOU-14FYP\"], listCodes: [\"OUJIANG\"] }) { totalCount }
               d: projects(filter: { planCodes: [\"TEST-15FYP\"], listCodes: [\"OUJIANG\"] }) { totalCount }
               e: projects(filter: { planCodes: [\"DONGTOU-14FYP\"], categoryCodes: [\"GREEN\"] }) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(
        counts,
        json!({ "a": { "totalCount": 67 }, "b": { "totalCount": 0 }, "c": { "totalCount": 13 },
                "d": { "totalCount": 0 }, "e": { "totalCount": 10 } })
    );
}

fn cells(xlsx: &[u8]) -> (Vec<Vec<String>>, Vec<String>) {
    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
    let mut workbook: Xlsx<_> =
        open_workbook_from_rs(std::io::Cursor::new(xlsx.to_vec())).expect("an XLSX workbook");
    let names = workbook.sheet_names();
    let range = workbook
        .worksheet_range(&names[0])
        .expect("the first sheet");
    let rows = range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Empty => String::new(),
                    Data::Float(f) => format!("{f}"),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect();
    (rows, names)
}

async fn a_list_exports_in_its_appendix_layout(backend: Backend) {
    let app = spawn_app(backend).await;
    let finance = app.token_for("f", "FINANCE", &[]).await;
    let response = app
        .get_as(Some(&finance), "/export/appendix.xlsx?list=DONGTOU")
        .await;
    assert_eq!(response.status().as_u16(), 200);
    let (rows, sheets) = cells(&response.bytes().await.expect("a body"));
    assert_eq!(sheets, vec!["DONGTOU".to_owned()]);
    assert_eq!(
        rows[0][0],
        "附件2  洞头区工业、科技和信息化“十四五”重大项目表"
    );
    assert_eq!(
        rows[1],
        [
            "序号",
            "项目名称",
            "建设内容和规模",
            "建设期限",
            "总投资（万元）",
            "“十四五”投资（万元）",
            "建设地点",
            "备注"
        ]
    );
    // 合计 first, as the appendix prints it; then the first heading with its declared count and
    // subtotals, and its projects.
    assert_eq!(rows[2][0], "合计");
    assert_eq!(rows[2][4..6], ["11406800", "2710700"]);
    assert_eq!(rows[3][0], "一、产业发展项目（17项）");
    assert_eq!(rows[3][4..6], ["478000", "267800"]);
    assert_eq!(rows[4][0..2], ["1", "华顺燃料油项目"]);
    assert_eq!(rows[4][3..7], ["2020-2022", "11700", "6200", "小门岛"]);
    // Unknown is written as the document writes it, never 0.
    assert_eq!(rows[7][0..2], ["4", "小门东屿精细化工园"]);
    assert_eq!(rows[7][3..6], ["2022-2030", "待定", "待定"]);
    // Five headings, 54 projects, the list's note last.
    let headings = rows
        .iter()
        .skip(2)
        .filter(|r| r[0].contains('、') && r[1].is_empty())
        .count();
    let projects = rows
        .iter()
        .skip(2)
        .filter(|r| r[0].parse::<u32>().is_ok())
        .count();
    assert_eq!((headings, projects), (5, 54));
    assert_eq!(
        rows.last().map(|r| r[0].as_str()),
        Some("备注：具体项目情况待确定")
    );

    // Appendix 3 declares no totals: no 合计 row, headings without subtotals.
    let response = app
        .get_as(Some(&finance), "/export/appendix.xlsx?list=OUJIANG")
        .await;
    let (rows, _) = cells(&response.bytes().await.expect("a body"));
    assert!(rows.iter().all(|r| r[0] != "合计"));
    assert_eq!(rows[2][4..6], ["", ""], "{:?}", rows[2]);
    let projects = rows
        .iter()
        .skip(2)
        .filter(|r| r[0].parse::<u32>().is_ok())
        .count();
    assert_eq!(projects, 13);

    // One whole list, by its code; a reader without export rights gets nothing.
    for path in [
        "/export/appendix.xlsx",
        "/export/appendix.xlsx?list=DONGTOU,OUJIANG",
        "/export/appendix.xlsx?list=DONGTOU&statuses=PLANNED",
    ] {
        let status = app.get_as(Some(&finance), path).await.status().as_u16();
        assert_eq!(status, 400, "{path}");
    }
    let unknown = app
        .get_as(Some(&finance), "/export/appendix.xlsx?list=NOPE")
        .await;
    assert_eq!(unknown.status().as_u16(), 400);
    let viewer = app.token_for("v", "VIEWER", &[]).await;
    let status = app
        .get_as(Some(&viewer), "/export/appendix.xlsx?list=DONGTOU")
        .await
        .status()
        .as_u16();
    assert_eq!(status, 403);
}

type ProjectRow = (
    String,
    String,
    String,
    Option<i32>,
    Option<i32>,
    Option<i64>,
    Option<i64>,
    Option<String>,
);
type CategoryRow = (
    i32,
    String,
    i32,
    String,
    String,
    Option<i32>,
    Option<i64>,
    Option<i64>,
);

/// What the appendix holds, row by row: projects by key (name, scope, period, amounts, place),
/// categories (code, ordinal, heading, name, declared count and subtotals) and each list's
/// declared totals.
async fn appendix_figures(
    db: &DatabaseConnection,
) -> (
    Vec<ProjectRow>,
    Vec<CategoryRow>,
    Vec<(String, Option<i64>, Option<i64>)>,
) {
    let projects = entity::project::Entity::find()
        .order_by_asc(entity::project::Column::Key)
        .all(db)
        .await
        .expect("projects")
        .into_iter()
        .map(|p| {
            (
                p.key,
                p.name,
                p.scope,
                p.start_year,
                p.end_year,
                p.total_investment_fen,
                p.fyp_investment_fen,
                p.location,
            )
        })
        .collect();
    let lists = entity::project_list::Entity::find()
        .order_by_asc(entity::project_list::Column::Code)
        .all(db)
        .await
        .expect("lists");
    let code_of = |id: i32| {
        lists
            .iter()
            .find(|l| l.id == id)
            .map(|l| l.ordinal)
            .unwrap_or_default()
    };
    let mut categories: Vec<CategoryRow> = entity::category::Entity::find()
        .all(db)
        .await
        .expect("categories")
        .into_iter()
        .map(|c| {
            (
                code_of(c.list_id),
                c.code,
                c.ordinal,
                c.heading,
                c.name,
                c.declared_project_count,
                c.declared_total_investment_fen,
                c.declared_fyp_investment_fen,
            )
        })
        .collect();
    categories.sort();
    let lists = lists
        .into_iter()
        .map(|l| {
            (
                l.code,
                l.declared_total_investment_fen,
                l.declared_fyp_investment_fen,
            )
        })
        .collect();
    (projects, categories, lists)
}

async fn the_appendix_round_trips_into_a_fresh_database(backend: Backend) {
    let app = spawn_app(backend).await;
    let finance = app.token_for("f", "FINANCE", &[]).await;
    let mut files = Vec::new();
    for list in ["DONGTOU", "OUJIANG"] {
        let response = app
            .get_as(
                Some(&finance),
                &format!("/export/appendix.xlsx?list={list}"),
            )
            .await;
        assert_eq!(response.status().as_u16(), 200);
        files.push((list, response.bytes().await.expect("a body").to_vec()));
    }

    let fresh = TestDb::empty(backend).await;
    service::db::migrate(&fresh.db).await.expect("migrate");
    let admin = Principal::operator("office");
    let actor = Actor {
        principal: &admin,
        request_id: None,
    };
    service::plan::create_plan(
        &fresh.db,
        actor,
        service::plan::NewPlan {
            code: "DONGTOU-14FYP".into(),
            title: "温州市洞头区工业、信息化和科技发展“十四五”规划".into(),
            title_en: "Dongtou 14th FYP".into(),
            window_start: 2021,
            window_end: 2025,
            ..Default::default()
        },
    )
    .await
    .expect("the plan");
    for (list, bytes) in &files {
        let options = ImportOptions {
            plan_code: "DONGTOU-14FYP".into(),
            list_code: (*list).into(),
            ..Default::default()
        };
        for round in 0..2 {
            let parsed = read_file("appendix.xlsx", bytes, &Limits::default()).expect("readable");
            let report = import_list(&fresh.db, actor, parsed, options.clone())
                .await
                .expect("imported");
            assert_eq!(report.problems, vec![], "{list}: {report}");
            assert_eq!(report.changed, vec![], "{list}: {report}");
            assert_eq!(report.missing, vec![], "{list}: {report}");
            let expected = if *list == "DONGTOU" { 54 } else { 13 };
            if round == 0 {
                assert!(report.list_created, "{report}");
                assert_eq!(report.new.len(), expected, "{report}");
            } else {
                // The same file again changes nothing.
                assert!(!report.list_created, "{report}");
                assert_eq!(report.new, vec![], "{report}");
                assert_eq!(report.unchanged.len(), expected, "{report}");
                assert!(report.list_changes.is_empty(), "{report}");
                assert!(
                    report
                        .categories
                        .iter()
                        .all(|c| c.changes.is_empty() && !c.created)
                );
            }
        }
    }
    let (seeded, imported) = (
        appendix_figures(&app.db.db).await,
        appendix_figures(&fresh.db).await,
    );
    assert_eq!(imported.0.len(), 67);
    assert_eq!(imported.0, seeded.0, "projects");
    assert_eq!(imported.1, seeded.1, "categories");
    assert_eq!(imported.2, seeded.2, "lists' declared totals");
}

/// An invented list for an invented plan (nothing in it is data of a real plan): a title, a
/// two-row header with merged cells, 合计, two headings with counts and subtotals, 待定, a
/// period merged over two rows, a row continuing a project of the 14th-FYP list (the seeded
/// offshore wind farm, DONGTOU-GREEN-05, 2022-2028, 2 000 000 万元 of which 50 000 inside
/// 2021-2025; the row's name and window figure are invented), and a row with a period that ends
/// before it starts.
fn test_plan_workbook(first_amount: &str) -> Vec<u8> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let plain = Format::new();
    let sheet = book.add_worksheet();
    let build = |sheet: &mut rust_xlsxwriter::Worksheet| -> Result<(), rust_xlsxwriter::XlsxError> {
        sheet.set_name("项目表")?;
        sheet.merge_range(
            0,
            0,
            0,
            7,
            "附件1  示例区“十五五”重大项目表（测试）",
            &plain,
        )?;
        for (col, text) in [
            (0u16, "序号"),
            (1, "项目名称"),
            (2, "建设内容和规模"),
            (3, "建设年限"),
            (5, "“十五五”投资"),
            (6, "原项目编号"),
            (7, "备注"),
        ] {
            sheet.merge_range(1, col, 2, col, text, &plain)?;
        }
        sheet.write_string(1, 4, "总投资")?;
        sheet.write_string(2, 4, "（万元）")?;
        sheet.merge_range(3, 0, 3, 3, "合计", &plain)?;
        sheet.write_string(3, 4, "１２，５００")?;
        sheet.write_number(3, 5, 5300)?;
        sheet.merge_range(4, 0, 4, 3, "一、产业发展项目（3项）", &plain)?;
        sheet.write_number(4, 4, 10500)?;
        sheet.write_number(4, 5, 4300)?;
        sheet.write_number(5, 0, 1)?;
        sheet.write_string(5, 1, "示例产业项目甲")?;
        sheet.write_string(5, 2, "新建示例厂房")?;
        sheet.merge_range(5, 3, 6, 3, "2026-2028", &plain)?;
        sheet.write_string(5, 4, first_amount)?;
        sheet.write_number(5, 5, 1000.5)?;
        sheet.write_number(6, 0, 2)?;
        sheet.write_string(6, 1, "示例产业项目乙")?;
        sheet.write_string(6, 2, "示例生产线改造")?;
        sheet.write_string(6, 4, "待定")?;
        sheet.write_string(6, 5, "待定")?;
        sheet.write_number(7, 0, 3)?;
        sheet.write_string(7, 1, "示例产业项目丙")?;
        sheet.write_string(7, 2, "示例仓储")?;
        sheet.write_string(7, 3, "2029—2027")?;
        sheet.write_number(7, 4, 300)?;
        sheet.write_number(7, 5, 300)?;
        sheet.merge_range(8, 0, 8, 3, "二、示例海洋项目（2项）", &plain)?;
        sheet.write_number(8, 4, 2_002_000)?;
        sheet.write_number(8, 5, 1_961_000)?;
        sheet.write_number(9, 0, 1)?;
        sheet.write_string(9, 1, "示例码头")?;
        sheet.write_string(9, 2, "示例泊位2个")?;
        sheet.write_string(9, 3, "2027-2030")?;
        sheet.write_number(9, 4, 2000)?;
        sheet.write_number(9, 5, 1000)?;
        sheet.write_number(10, 0, 2)?;
        sheet.write_string(10, 1, "示例续建项目（测试）")?;
        sheet.write_string(10, 2, "续建")?;
        sheet.write_string(10, 3, "2022-2028")?;
        sheet.write_number(10, 4, 2_000_000)?;
        sheet.write_number(10, 5, 1_960_000)?;
        sheet.write_string(10, 6, "DONGTOU-GREEN-05")?;
        Ok(())
    };
    build(sheet).expect("the fixture");
    book.save_to_buffer().expect("the workbook")
}

const IMPORT: &str = "mutation($file: Upload!, $dry: Boolean) {
    importProjectList(file: $file, planCode: \"TEST-15FYP\", listCode: \"TEST15\", dryRun: $dry) {
      report { listCreated dryRun
        categories { ordinal code codeSource name created }
        new { key row name continues } changed { key changes { field old new } } unchanged
        missing { key } problems { sheet row column reason } }
      userErrors { code field message } } }";

/// A GraphQL multipart request (operations, map, one file), as clients send an upload.
async fn upload(
    app: &crate::helpers::TestApp,
    token: &str,
    dry_run: bool,
    file: &[u8],
) -> serde_json::Value {
    let boundary = "----portfolio-test-boundary";
    let operations = json!({
        "query": IMPORT,
        "variables": { "file": null, "dry": dry_run }
    });
    let mut body = Vec::new();
    for (name, value) in [
        ("operations", operations.to_string()),
        ("map", json!({ "0": ["variables.file"] }).to_string()),
    ] {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"0\"; filename=\"list.xlsx\"\r\n\
             Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    app.client
        .post(app.url("/graphql"))
        .bearer_auth(token)
        .header(
            "Content-Type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .expect("the request")
        .json()
        .await
        .expect("a JSON answer")
}

async fn a_next_plans_list_is_imported_over_graphql(backend: Backend) {
    let app = spawn_app(backend).await;
    let out = app
        .data(
            CREATE,
            json!({ "input": { "code": "TEST-15FYP", "title": "示例区“十五五”规划（测试）",
                "titleEn": "A test plan", "windowStart": 2026, "windowEnd": 2030 } }),
        )
        .await;
    assert_eq!(out["createPlan"]["userErrors"], json!([]), "{out:#}");
    let file = test_plan_workbook("1,200");
    let token = app.token.clone();

    // A dry run reports and writes nothing.
    let dry = upload(&app, &token, true, &file).await;
    let report = &dry["data"]["importProjectList"]["report"];
    assert_eq!(
        dry["data"]["importProjectList"]["userErrors"],
        json!([]),
        "{dry:#}"
    );
    assert_eq!(report["dryRun"], true);
    assert_eq!(report["listCreated"], true);
    assert_eq!(
        report["categories"],
        json!([
            { "ordinal": 1, "code": "INDUSTRIAL", "codeSource": "KNOWN_NAME", "name": "产业发展项目", "created": true },
            { "ordinal": 2, "code": "C2", "codeSource": "ORDINAL", "name": "示例海洋项目", "created": true },
        ])
    );
    assert_eq!(
        report["new"],
        json!([
            { "key": "TEST15-INDUSTRIAL-01", "row": 6, "name": "示例产业项目甲", "continues": null },
            { "key": "TEST15-INDUSTRIAL-02", "row": 7, "name": "示例产业项目乙", "continues": null },
            { "key": "TEST15-C2-01", "row": 10, "name": "示例码头", "continues": null },
            { "key": "TEST15-C2-02", "row": 11, "name": "示例续建项目（测试）",
              "continues": "DONGTOU-GREEN-05" },
        ])
    );
    // The reversed period is left out with where and why; the continued project is taken.
    let problems = report["problems"].as_array().expect("problems");
    let at = |row: u64| {
        problems
            .iter()
            .any(|p| p["row"] == row && p["sheet"] == "项目表")
    };
    assert!(at(8) && !at(11), "{problems:#?}");
    let lists = app.data("{ projectLists { code } }", json!({})).await;
    assert!(
        !lists.to_string().contains("TEST15"),
        "a dry run wrote the list: {lists}"
    );

    // For real: the same report, and the totals of the new list exact (待定 counted, not 0).
    let real = upload(&app, &token, false, &file).await;
    let report = &real["data"]["importProjectList"]["report"];
    assert_eq!(report["dryRun"], false);
    assert_eq!(report["new"].as_array().map(Vec::len), Some(4), "{real:#}");
    let summary = app
        .data(
            "{ investmentSummary(filter: { listCodes: [\"TEST15\"] }) { total { projectCount
                totalInvestment { known unknownCount } fypInvestment { known unknownCount } } } }",
            json!({}),
        )
        .await;
    // 1 200 + 2 000 + 2 000 000 known, one unknown; 1 000.5 + 1 000 + 1 960 000 in the window,
    // one unknown.
    assert_eq!(
        summary["investmentSummary"]["total"],
        json!({ "projectCount": 4,
                "totalInvestment": { "known": "2003200", "unknownCount": 1 },
                "fypInvestment": { "known": "1962000.5", "unknownCount": 1 } }),
        "{summary:#}"
    );

    // The plan's filter chooses the imported list; the 14th-FYP plan's totals do not move.
    let by_plan = app
        .data(
            "{ a: investmentSummary(filter: { planCodes: [\"TEST-15FYP\"] }) { total { projectCount totalInvestment { known } } }
               b: investmentSummary(filter: { planCodes: [\"DONGTOU-14FYP\"] }) { total { projectCount } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        by_plan,
        json!({ "a": { "total": { "projectCount": 4, "totalInvestment": { "known": "2003200" } } },
                "b": { "total": { "projectCount": 67 } } })
    );

    // The declared figures (合计 and the headings) are reconciled at once: heading 一 declares
    // 3 projects, 10 500 and 4 300; two were taken (丙 was left out), 1 200 known + one unknown;
    // heading 二's two projects add up to what it declares.
    let rows = app
        .data(
            "{ reconciliation { listCode categoryCode declaredCount computedCount
                declaredTotalInvestment computedTotalInvestment unknownTotalInvestmentCount
                declaredFypInvestment computedFypInvestment } }",
            json!({}),
        )
        .await;
    let mine: Vec<&serde_json::Value> = rows["reconciliation"]
        .as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["listCode"] == "TEST15")
        .collect();
    assert_eq!(
        mine,
        vec![
            &json!({ "listCode": "TEST15", "categoryCode": null, "declaredCount": null,
                     "computedCount": 4, "declaredTotalInvestment": "12500",
                     "computedTotalInvestment": "2003200", "unknownTotalInvestmentCount": 1,
                     "declaredFypInvestment": "5300", "computedFypInvestment": "1962000.5" }),
            &json!({ "listCode": "TEST15", "categoryCode": "INDUSTRIAL", "declaredCount": 3,
                     "computedCount": 2, "declaredTotalInvestment": "10500",
                     "computedTotalInvestment": "1200", "unknownTotalInvestmentCount": 1,
                     "declaredFypInvestment": "4300", "computedFypInvestment": "1000.5" }),
            &json!({ "listCode": "TEST15", "categoryCode": "C2", "declaredCount": 2,
                     "computedCount": 2, "declaredTotalInvestment": "2002000",
                     "computedTotalInvestment": "2002000", "unknownTotalInvestmentCount": 0,
                     "declaredFypInvestment": "1961000", "computedFypInvestment": "1961000" }),
        ],
        "{rows:#}"
    );

    // The same file again changes nothing; a changed amount is reported field by field.
    let again = upload(&app, &token, false, &file).await;
    let report = &again["data"]["importProjectList"]["report"];
    assert_eq!(report["new"], json!([]), "{again:#}");
    assert_eq!(report["changed"], json!([]), "{again:#}");
    assert_eq!(report["unchanged"].as_array().map(Vec::len), Some(4));
    let changed = upload(&app, &token, false, &test_plan_workbook("1,250")).await;
    assert_eq!(
        changed["data"]["importProjectList"]["report"]["changed"],
        json!([{ "key": "TEST15-INDUSTRIAL-01",
                 "changes": [{ "field": "totalInvestment", "old": "1200", "new": "1250" }] }]),
        "{changed:#}"
    );

    // Not an administrator, or not a spreadsheet: refused, nothing written.
    let finance = app.token_for("f", "FINANCE", &[]).await;
    let refused = upload(&app, &finance, false, &file).await;
    assert_eq!(
        refused["data"]["importProjectList"]["userErrors"][0]["code"], "FORBIDDEN",
        "{refused:#}"
    );
    let junk = upload(&app, &token, false, b"not a spreadsheet at all").await;
    assert_eq!(
        junk["data"]["importProjectList"]["userErrors"][0]["field"], "file",
        "{junk:#}"
    );
}

/// Files a progress report through listing `key` (the version read first).
async fn report_through(
    app: &crate::helpers::TestApp,
    key: &str,
    on: &str,
    completed: &str,
    status: &str,
) -> serde_json::Value {
    let p = app
        .data(
            "query($key: String!) { project(key: $key) { id version } }",
            json!({ "key": key }),
        )
        .await;
    app.data(
        "mutation($input: SubmitProgressReportInput!) { submitProgressReport(input: $input) {
           project { key status } progressReport { id } userErrors { field code message } } }",
        json!({ "input": { "projectId": p["project"]["id"], "expectedVersion": p["project"]["version"],
                "reportedOn": on, "percentComplete": "10", "completedInvestment": completed,
                "status": status } }),
    )
    .await
}

/// A project carried from the 14th-FYP list into the next plan's is one project: one status,
/// one history under both listings; each listing keeps its own figures; sums per plan add each
/// plan's listings and a sum across plans counts the project's total once.
async fn a_carried_project_is_one_project_in_both_plans(backend: Backend) {
    let app = spawn_app(backend).await;
    let seeded = app
        .data(
            "{ investmentSummary { total { projectCount totalInvestment { known unknownCount } } } }",
            json!({}),
        )
        .await;
    let seeded_total: rust_decimal::Decimal =
        seeded["investmentSummary"]["total"]["totalInvestment"]["known"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .expect("the seeded total");
    let seeded_unknown = seeded["investmentSummary"]["total"]["totalInvestment"]["unknownCount"]
        .as_i64()
        .expect("unknown count");
    let out = app
        .data(
            CREATE,
            json!({ "input": { "code": "TEST-15FYP", "title": "示例区“十五五”规划（测试）",
                "titleEn": "A test plan", "windowStart": 2026, "windowEnd": 2030 } }),
        )
        .await;
    assert_eq!(out["createPlan"]["userErrors"], json!([]), "{out:#}");
    let token = app.token.clone();
    let real = upload(&app, &token, false, &test_plan_workbook("1,200")).await;
    assert_eq!(
        real["data"]["importProjectList"]["userErrors"],
        json!([]),
        "{real:#}"
    );

    // The link both ways; each listing its own plan, list, key and in-window figure.
    const LINKS: &str = "query($key: String!) { project(key: $key) { key status
        carriedFrom { key } carriedInto { key }
        listings { key fypInvestment totalInvestment list { code plan { code windowStart } } } } }";
    let listings = json!([
        { "key": "DONGTOU-GREEN-05", "fypInvestment": "50000", "totalInvestment": "2000000",
          "list": { "code": "DONGTOU", "plan": { "code": "DONGTOU-14FYP", "windowStart": 2021 } } },
        { "key": "TEST15-C2-02", "fypInvestment": "1960000", "totalInvestment": "2000000",
          "list": { "code": "TEST15", "plan": { "code": "TEST-15FYP", "windowStart": 2026 } } },
    ]);
    let earlier = app.data(LINKS, json!({ "key": "DONGTOU-GREEN-05" })).await;
    assert_eq!(
        earlier["project"],
        json!({ "key": "DONGTOU-GREEN-05", "status": "PLANNED", "carriedFrom": null,
                "carriedInto": { "key": "TEST15-C2-02" }, "listings": listings })
    );
    let later = app.data(LINKS, json!({ "key": "TEST15-C2-02" })).await;
    assert_eq!(
        later["project"],
        json!({ "key": "TEST15-C2-02", "status": "PLANNED",
                "carriedFrom": { "key": "DONGTOU-GREEN-05" }, "carriedInto": null,
                "listings": listings })
    );

    // A manager of the project files through the later listing: one history, one status.
    let manager = app
        .token_for("wind", "MANAGER", &["DONGTOU-GREEN-05"])
        .await;
    let first = report_through(
        &app,
        "TEST15-C2-02",
        "2025-12-20",
        "30000",
        "UNDER_CONSTRUCTION",
    )
    .await;
    assert_eq!(
        first["submitProgressReport"]["userErrors"],
        json!([]),
        "{first:#}"
    );
    let p = app
        .data(
            "{ project(key: \"TEST15-C2-02\") { id version } }",
            json!({}),
        )
        .await;
    let (_, by_manager) = app
        .post_as(
            Some(&manager),
            "mutation($input: SubmitProgressReportInput!) { submitProgressReport(input: $input) {
               progressReport { id } userErrors { code message } } }",
            json!({ "input": { "projectId": p["project"]["id"], "expectedVersion": p["project"]["version"],
                    "reportedOn": "2026-11-30", "percentComplete": "25", "completedInvestment": "80000" } }),
        )
        .await;
    assert_eq!(
        by_manager["data"]["submitProgressReport"]["userErrors"],
        json!([]),
        "the manager of the physical project files through either listing: {by_manager:#}"
    );
    // A phase of the later listing is part of the same history.
    let p = app
        .data(
            "{ project(key: \"TEST15-C2-02\") { id version } }",
            json!({}),
        )
        .await;
    let phase = app
        .data(
            "mutation($input: AddPhaseInput!) { addPhase(input: $input) { userErrors { message } } }",
            json!({ "input": { "projectId": p["project"]["id"], "expectedVersion": p["project"]["version"],
                    "name": "二期", "scope": "续建二期（测试）" } }),
        )
        .await;
    assert_eq!(phase["addPhase"]["userErrors"], json!([]), "{phase:#}");
    const HISTORY: &str = "query($key: String!) { project(key: $key) { status
        latestProgressReport { completedInvestment reportedOn }
        progressReports(first: 10) { edges { node { completedInvestment } } }
        history(first: 20) { edges { node { field newValue } } } } }";
    let a = app
        .data(HISTORY, json!({ "key": "DONGTOU-GREEN-05" }))
        .await;
    let b = app.data(HISTORY, json!({ "key": "TEST15-C2-02" })).await;
    assert_eq!(a, b, "one history under both listings");
    assert_eq!(a["project"]["status"], "UNDER_CONSTRUCTION");
    assert_eq!(
        a["project"]["latestProgressReport"],
        json!({ "completedInvestment": "80000", "reportedOn": "2026-11-30" })
    );
    assert_eq!(
        a["project"]["progressReports"]["edges"],
        json!([{ "node": { "completedInvestment": "80000" } },
               { "node": { "completedInvestment": "30000" } }])
    );
    let fields: Vec<(String, String)> = a["project"]["history"]["edges"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| {
            (
                e["node"]["field"].as_str().unwrap_or_default().to_owned(),
                e["node"]["newValue"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            )
        })
        .collect();
    assert!(
        fields.contains(&("carriedFrom".to_owned(), "DONGTOU-GREEN-05".to_owned())),
        "{fields:?}"
    );
    assert!(
        fields.contains(&("scope".to_owned(), "续建二期（测试）".to_owned())),
        "the phase's entries: {fields:?}"
    );
    // The status changed once, through one listing, and both listings record it.
    assert_eq!(
        fields
            .iter()
            .filter(|(f, v)| f == "status" && v == "UNDER_CONSTRUCTION")
            .count(),
        2,
        "{fields:?}"
    );

    // Per plan, each plan's listings; across plans, the project's total once.
    let sums = app
        .data(
            "{ a: investmentSummary(filter: { planCodes: [\"TEST-15FYP\"] }) {
                 total { projectCount totalInvestment { known unknownCount } fypInvestment { known } }
                 countedOnce { projectCount repeatedListings totalInvestment { known unknownCount } } }
               b: investmentSummary(filter: { planCodes: [\"DONGTOU-14FYP\"] }) {
                 total { projectCount totalInvestment { known unknownCount } } }
               all: investmentSummary { total { projectCount totalInvestment { known unknownCount }
                   fypInvestment { known } }
                 countedOnce { projectCount repeatedListings totalInvestment { known unknownCount } } }
               byStatus: investmentSummary(groupBy: [STATUS], filter: { planCodes: [\"TEST-15FYP\"] }) {
                 groups { key { status } projectCount } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        sums["a"],
        json!({ "total": { "projectCount": 4,
                           "totalInvestment": { "known": "2003200", "unknownCount": 1 },
                           "fypInvestment": { "known": "1962000.5" } },
                "countedOnce": { "projectCount": 4, "repeatedListings": 0,
                                 "totalInvestment": { "known": "2003200", "unknownCount": 1 } } })
    );
    assert_eq!(sums["b"]["total"], seeded["investmentSummary"]["total"]);
    let with_new = seeded_total + rust_decimal::Decimal::from(2_003_200);
    assert_eq!(
        sums["all"]["total"]["totalInvestment"],
        json!({ "known": with_new.to_string(), "unknownCount": seeded_unknown + 1 })
    );
    // The wind farm's 2 000 000 is counted once: at its TEST15 listing, not again at DONGTOU.
    let once = with_new - rust_decimal::Decimal::from(2_000_000);
    assert_eq!(
        sums["all"]["countedOnce"],
        json!({ "projectCount": 70, "repeatedListings": 1,
                "totalInvestment": { "known": once.to_string(), "unknownCount": seeded_unknown + 1 } })
    );
    // The later listing's completed investment is its project's, from the one ledger.
    let completed = app
        .data(
            "{ investmentSummary(filter: { planCodes: [\"TEST-15FYP\"] }) {
                 total { completedInvestment { amount reportedCount unreportedCount } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        completed["investmentSummary"]["total"]["completedInvestment"],
        json!({ "amount": "80000", "reportedCount": 1, "unreportedCount": 3 })
    );
    // The later listing follows the project's status in the plan's own figures.
    assert_eq!(
        sums["byStatus"]["groups"],
        json!([{ "key": { "status": "PLANNED" }, "projectCount": 3 },
               { "key": { "status": "UNDER_CONSTRUCTION" }, "projectCount": 1 }])
    );

    // The window is each listing's plan's: 2026-2030 for the new list, spread exactly.
    let window = app
        .data(
            "{ planWindow(filter: { planCodes: [\"TEST-15FYP\"] }) { windowStart windowEnd
                 years { year projectsUnderWay fypInvestment } unallocated { amount projectCount } } }",
            json!({}),
        )
        .await;
    // 甲 1 000.5 over 2026-2028 (333.5 a year); 乙 (2026-2028) unknown; 码头 1 000 over
    // 2027-2030 (250); the wind farm's 1 960 000 over its years 2026-2028 inside this window:
    // 653 333.333333 and 1 fen over, to the earliest year.
    assert_eq!(
        window["planWindow"],
        json!({ "windowStart": 2026, "windowEnd": 2030,
                "years": [
                    { "year": 2026, "projectsUnderWay": 3, "fypInvestment": "653666.833334" },
                    { "year": 2027, "projectsUnderWay": 4, "fypInvestment": "653916.833333" },
                    { "year": 2028, "projectsUnderWay": 4, "fypInvestment": "653916.833333" },
                    { "year": 2029, "projectsUnderWay": 1, "fypInvestment": "250" },
                    { "year": 2030, "projectsUnderWay": 1, "fypInvestment": "250" },
                ],
                "unallocated": { "amount": "0", "projectCount": 0 } }),
        "{window:#}"
    );
    let old_window = app
        .data(
            "{ planWindow(filter: { planCodes: [\"DONGTOU-14FYP\"] }) { windowStart windowEnd } }",
            json!({}),
        )
        .await;
    assert_eq!(
        old_window["planWindow"],
        json!({ "windowStart": 2021, "windowEnd": 2025 })
    );

    // 50 000 + 1 960 000 inside the two windows is above the 2 000 000 total: both listings.
    let quality = app
        .data(
            "{ dataQuality(rules: [WINDOWS_ABOVE_TOTAL]) { rule severity project { key } message } }",
            json!({}),
        )
        .await;
    let found = quality["dataQuality"].as_array().expect("findings");
    let keys: Vec<&str> = found
        .iter()
        .filter_map(|f| f["project"]["key"].as_str())
        .collect();
    assert_eq!(keys, ["DONGTOU-GREEN-05", "TEST15-C2-02"], "{quality:#}");
    assert_eq!(found[0]["severity"], "ERROR");
    assert!(
        found[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("2010000") && m.contains("2000000")),
        "{quality:#}"
    );

    // The close-out of the 14th FYP: the wind farm began in 2022 (nothing before), and its
    // report of 2025-12-20 says 30 000 by the window's end, under construction; the report of
    // November 2026 is after the window. No other project has a report by then.
    const CLOSE: &str = "query($plan: String!) { planCloseOut(planCode: $plan) { windowClosed
        total { projectCount plannedInvestment { unknownCount } completedInWindow { known unknownCount }
          lackingEndCount completionRate { value basisCount plannedInvestment completedInvestment }
          completedCount underConstructionCount notStartedCount statusUnknownCount
          carriedIntoLaterPlanCount }
        lists { list { code } figures { projectCount carriedIntoLaterPlanCount }
          categories { category { code } figures { projectCount } } }
        listings { key cumulativeAtStart cumulativeAtEnd completedInWindow statusAtEnd
          carriedInto { key } } } }";
    let close = app.data(CLOSE, json!({ "plan": "DONGTOU-14FYP" })).await;
    let c = &close["planCloseOut"];
    assert_eq!(c["windowClosed"], true);
    assert_eq!(c["total"]["projectCount"], 67);
    assert_eq!(
        c["total"]["completedInWindow"],
        json!({ "known": "30000", "unknownCount": 66 })
    );
    assert_eq!(c["total"]["lackingEndCount"], 66);
    assert_eq!(
        c["total"]["completionRate"],
        json!({ "value": "0.6", "basisCount": 1, "plannedInvestment": "50000",
                "completedInvestment": "30000" })
    );
    assert_eq!(c["total"]["underConstructionCount"], 1);
    assert_eq!(c["total"]["notStartedCount"], 66);
    assert_eq!(c["total"]["completedCount"], 0);
    assert_eq!(c["total"]["statusUnknownCount"], 0);
    assert_eq!(c["total"]["carriedIntoLaterPlanCount"], 1);
    let lists: Vec<(&str, i64)> = c["lists"]
        .as_array()
        .expect("lists")
        .iter()
        .map(|l| {
            (
                l["list"]["code"].as_str().unwrap_or_default(),
                l["figures"]["carriedIntoLaterPlanCount"]
                    .as_i64()
                    .unwrap_or(-1),
            )
        })
        .collect();
    assert_eq!(lists, [("DONGTOU", 1), ("OUJIANG", 0)]);
    let wind = c["listings"]
        .as_array()
        .expect("listings")
        .iter()
        .find(|l| l["key"] == "DONGTOU-GREEN-05")
        .cloned();
    assert_eq!(
        wind,
        Some(json!({ "key": "DONGTOU-GREEN-05", "cumulativeAtStart": "0",
                     "cumulativeAtEnd": "30000", "completedInWindow": "30000",
                     "statusAtEnd": "UNDER_CONSTRUCTION", "carriedInto": { "key": "TEST15-C2-02" } }))
    );

    // The next plan's window is open: today's figures. The wind farm stood at 30 000 before
    // 2026 and at 80 000 now: 50 000 inside; 甲, 乙 and 码头 start inside (0 before) but have
    // no report yet.
    let open = app.data(CLOSE, json!({ "plan": "TEST-15FYP" })).await;
    let o = &open["planCloseOut"];
    assert_eq!(o["windowClosed"], false);
    assert_eq!(
        o["total"]["completedInWindow"],
        json!({ "known": "50000", "unknownCount": 3 })
    );
    assert_eq!(o["total"]["notStartedCount"], 3);
    assert_eq!(o["total"]["underConstructionCount"], 1);
    let later = o["listings"]
        .as_array()
        .expect("listings")
        .iter()
        .find(|l| l["key"] == "TEST15-C2-02")
        .cloned();
    assert_eq!(
        later,
        Some(json!({ "key": "TEST15-C2-02", "cumulativeAtStart": "30000",
                     "cumulativeAtEnd": "80000", "completedInWindow": "50000",
                     "statusAtEnd": "UNDER_CONSTRUCTION", "carriedInto": null }))
    );
    assert_eq!(
        o["lists"][0]["categories"],
        json!([{ "category": { "code": "INDUSTRIAL" }, "figures": { "projectCount": 2 } },
               { "category": { "code": "C2" }, "figures": { "projectCount": 2 } }])
    );

    // The same file again: nothing changes, the link stays.
    let again = upload(&app, &token, false, &test_plan_workbook("1,200")).await;
    let report = &again["data"]["importProjectList"]["report"];
    assert_eq!(report["new"], json!([]), "{again:#}");
    assert_eq!(report["changed"], json!([]), "{again:#}");
    assert_eq!(
        report["problems"].as_array().map(Vec::len),
        Some(1),
        "{again:#}"
    );

    // The list's appendix names the earlier key in 原项目编号, and imports back unchanged.
    let response = app
        .get_as(Some(&token), "/export/appendix.xlsx?list=TEST15")
        .await;
    assert_eq!(response.status().as_u16(), 200);
    let exported = response.bytes().await.expect("a body").to_vec();
    let (rows, _) = cells(&exported);
    let continues = rows[1].iter().position(|h| h == "原项目编号");
    assert_eq!(continues, Some(8), "{:?}", rows[1]);
    let wind_row = rows
        .iter()
        .find(|r| r.get(1).is_some_and(|n| n == "示例续建项目（测试）"))
        .expect("the carried row");
    assert_eq!(wind_row[8], "DONGTOU-GREEN-05");
    let back = upload(&app, &token, false, &exported).await;
    let report = &back["data"]["importProjectList"]["report"];
    // Only what the list is: heading 一 declares the row that was left out at first.
    assert_eq!(
        report["problems"],
        json!([{ "sheet": "TEST15", "row": 4, "column": null,
                 "reason": "`一、产业发展项目（3项）` declares 3 projects but 2 project rows follow it" }]),
        "{back:#}"
    );
    assert_eq!(report["new"], json!([]), "{back:#}");
    assert_eq!(report["changed"], json!([]), "{back:#}");
    assert_eq!(
        report["unchanged"].as_array().map(Vec::len),
        Some(4),
        "{back:#}"
    );
}

/// A server with the TEST-15FYP plan and its list imported from the fixture: the wind farm
/// DONGTOU-GREEN-05 carried on as TEST15-C2-02.
async fn with_next_plan(backend: Backend) -> crate::helpers::TestApp {
    let app = spawn_app(backend).await;
    let out = app
        .data(
            CREATE,
            json!({ "input": { "code": "TEST-15FYP", "title": "示例区“十五五”规划（测试）",
                "titleEn": "A test plan", "windowStart": 2026, "windowEnd": 2030 } }),
        )
        .await;
    assert_eq!(out["createPlan"]["userErrors"], json!([]), "{out:#}");
    let token = app.token.clone();
    let real = upload(&app, &token, false, &test_plan_workbook("1,200")).await;
    assert_eq!(
        real["data"]["importProjectList"]["userErrors"],
        json!([]),
        "{real:#}"
    );
    app
}

/// Two writers change the status of one project at the same moment, each through another of its
/// listings: one wins, the other is told CONFLICT, and both listings end with the winner's
/// status — never a deadlock, an internal error or two statuses.
async fn status_changes_through_two_listings_at_once_leave_one_status(backend: Backend) {
    let app = with_next_plan(backend).await;
    const READ: &str = "query($key: String!) { project(key: $key) { id version status } }";
    const STATUS: &str =
        "mutation($input: ChangeProjectStatusInput!) { changeProjectStatus(input: $input) {
        project { status } userErrors { code } } }";
    for round in 0..6 {
        let a = app.data(READ, json!({ "key": "DONGTOU-GREEN-05" })).await;
        let b = app.data(READ, json!({ "key": "TEST15-C2-02" })).await;
        let now = a["project"]["status"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert_eq!(b["project"]["status"], now.as_str(), "round {round}");
        // Two moves the lifecycle allows from here, without reaching a final status.
        let (to_a, to_b) = match now.as_str() {
            "PLANNED" => ("ON_HOLD", "UNDER_CONSTRUCTION"),
            "ON_HOLD" => ("PLANNED", "UNDER_CONSTRUCTION"),
            _ => ("ON_HOLD", "ON_HOLD"),
        };
        let write = |p: &serde_json::Value, to: &str| {
            json!({ "input": { "projectId": p["project"]["id"], "expectedVersion": p["project"]["version"],
                    "status": to } })
        };
        let (ra, rb) = tokio::join!(
            app.post(STATUS, write(&a, to_a)),
            app.post(STATUS, write(&b, to_b))
        );
        let outcome = |r: &serde_json::Value| -> String {
            assert!(r.get("errors").is_none(), "round {round}: {r:#}");
            match r["data"]["changeProjectStatus"]["userErrors"][0]["code"].as_str() {
                Some(code) => code.to_owned(),
                None => format!(
                    "won {}",
                    r["data"]["changeProjectStatus"]["project"]["status"]
                        .as_str()
                        .unwrap_or_default()
                ),
            }
        };
        let (oa, ob) = (outcome(&ra), outcome(&rb));
        let won: Vec<&String> = [&oa, &ob]
            .into_iter()
            .filter(|o| o.starts_with("won"))
            .collect();
        assert_eq!(won.len(), 1, "round {round}: {oa} / {ob}");
        assert!(
            oa == "CONFLICT" || ob == "CONFLICT",
            "round {round}: {oa} / {ob}"
        );
        let a = app.data(READ, json!({ "key": "DONGTOU-GREEN-05" })).await;
        let b = app.data(READ, json!({ "key": "TEST15-C2-02" })).await;
        assert_eq!(
            format!(
                "won {}",
                a["project"]["status"].as_str().unwrap_or_default()
            ),
            *won[0],
            "round {round}"
        );
        assert_eq!(
            a["project"]["status"], b["project"]["status"],
            "round {round}"
        );
    }
}

/// Two progress reports on one project at the same moment, through its two listings, the second
/// lower than the first and not marked as a correction: whatever the order, the project's ledger
/// never falls (a writer either sees the other's report and is refused, or is told CONFLICT).
async fn reports_through_two_listings_at_once_keep_the_ledger_rising(backend: Backend) {
    let app = with_next_plan(backend).await;
    const READ: &str = "query($key: String!) { project(key: $key) { id version } }";
    const REPORT: &str =
        "mutation($input: SubmitProgressReportInput!) { submitProgressReport(input: $input) {
        progressReport { id } userErrors { code } } }";
    for round in 1..=6 {
        let a = app.data(READ, json!({ "key": "DONGTOU-GREEN-05" })).await;
        let b = app.data(READ, json!({ "key": "TEST15-C2-02" })).await;
        let report = |p: &serde_json::Value, completed: i64| {
            json!({ "input": { "projectId": p["project"]["id"], "expectedVersion": p["project"]["version"],
                    "reportedOn": "2026-11-30", "percentComplete": "10",
                    "completedInvestment": completed.to_string() } })
        };
        let (ra, rb) = tokio::join!(
            app.post(REPORT, report(&a, round * 1000)),
            app.post(REPORT, report(&b, round * 1000 - 500))
        );
        for r in [&ra, &rb] {
            assert!(r.get("errors").is_none(), "round {round}: {r:#}");
        }
    }
    let ledger = app
        .data(
            "{ project(key: \"TEST15-C2-02\") { progressReports(last: 100) { nodes { completedInvestment } } } }",
            json!({}),
        )
        .await;
    // Oldest first: each figure at least the one before.
    let figures: Vec<rust_decimal::Decimal> = ledger["project"]["progressReports"]["nodes"]
        .as_array()
        .expect("reports")
        .iter()
        .rev()
        .filter_map(|n| n["completedInvestment"].as_str()?.parse().ok())
        .collect();
    assert!(!figures.is_empty());
    assert!(
        figures.windows(2).all(|w| w[0] <= w[1]),
        "the ledger fell: {figures:?}"
    );
}
