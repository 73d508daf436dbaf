//! The front-end read API: filters and orderings against an independent reading of the seeds,
//! keyset paging under any order, global ids, and a constant statement count per page.

use std::collections::HashMap;

use chrono::NaiveDate;
use entity::project;
use sea_orm::{ActiveModelTrait, EntityTrait};
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::{
    Backend, SeedRow, TestApp, category_by_code, d, progress_report_row, project_row, seed_rows,
    spawn_app,
};

both_backends!(
    filters_choose_what_the_document_says,
    orderings_sort_like_the_document_and_page_stably,
    global_ids_fetch_every_kind_of_object,
    a_page_of_100_costs_the_statements_of_a_page_of_5,
);

async fn keys(app: &TestApp, filter: Value, order_by: Value) -> Vec<String> {
    let data = app
        .data(
            "query($filter: ProjectFilter, $orderBy: [ProjectOrder!]) {
               projects(first: 100, filter: $filter, orderBy: $orderBy) {
                 totalCount nodes { key } } }",
            json!({ "filter": filter, "orderBy": order_by }),
        )
        .await;
    let keys: Vec<String> = data["projects"]["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .map(|n| n["key"].as_str().expect("key").to_owned())
        .collect();
    assert_eq!(
        data["projects"]["totalCount"],
        keys.len(),
        "totalCount counts the filtered set"
    );
    keys
}

fn expect(rows: &[SeedRow], keep: impl Fn(&SeedRow) -> bool) -> Vec<String> {
    rows.iter()
        .filter(|r| keep(r))
        .map(|r| r.key.clone())
        .collect()
}

async fn filters_choose_what_the_document_says(backend: Backend) {
    let app = spawn_app(backend).await;
    let rows = seed_rows();
    let cases: Vec<(Value, Vec<String>)> = vec![
        (json!({}), expect(&rows, |_| true)),
        (
            json!({ "listCodes": ["OUJIANG"] }),
            expect(&rows, |r| r.list == "OUJIANG"),
        ),
        (
            json!({ "categoryCodes": ["GREEN", "PARKS"] }),
            expect(&rows, |r| r.category == "GREEN" || r.category == "PARKS"),
        ),
        (json!({ "statuses": ["PLANNED"] }), expect(&rows, |_| true)),
        (json!({ "statuses": ["COMPLETED"] }), vec![]),
        (
            json!({ "startYear": { "min": 2021, "max": 2022 } }),
            expect(&rows, |r| {
                r.start.is_some_and(|y| (2021..=2022).contains(&y))
            }),
        ),
        (
            json!({ "endYear": { "min": 2030 } }),
            expect(&rows, |r| r.end.is_some_and(|y| y >= 2030)),
        ),
        (
            json!({ "overlapsPlanWindow": true }),
            expect(
                &rows,
                |r| matches!((r.start, r.end), (Some(s), Some(e)) if s <= 2025 && e >= 2021),
            ),
        ),
        (
            json!({ "overlapsPlanWindow": false }),
            expect(
                &rows,
                |r| matches!((r.start, r.end), (Some(s), Some(e)) if s > 2025 || e < 2021),
            ),
        ),
        (
            json!({ "totalInvestment": { "min": "100000", "max": "1060000" } }),
            expect(&rows, |r| {
                r.total
                    .is_some_and(|t| t >= d("100000") && t <= d("1060000"))
            }),
        ),
        (
            json!({ "fypInvestment": { "max": 5000 } }),
            expect(&rows, |r| r.fyp.is_some_and(|t| t <= d("5000"))),
        ),
        (
            json!({ "totalInvestmentKnown": false }),
            expect(&rows, |r| r.total.is_none()),
        ),
        (
            json!({ "fypInvestmentKnown": true }),
            expect(&rows, |r| r.fyp.is_some()),
        ),
        (
            json!({ "search": "液化天然气" }),
            expect(&rows, |r| {
                r.name.contains("液化天然气") || r.scope.contains("液化天然气")
            }),
        ),
        (
            json!({ "search": "lng" }),
            expect(&rows, |r| r.name.contains("LNG") || r.scope.contains("LNG")),
        ),
        (
            json!({ "search": "100%" }),
            expect(&rows, |r| {
                r.name.contains("100%") || r.scope.contains("100%")
            }),
        ),
        (
            json!({ "location": "小门岛" }),
            expect(&rows, |r| r.location.as_deref() == Some("小门岛")),
        ),
        (
            json!({ "listCodes": ["DONGTOU"], "totalInvestmentKnown": true, "endYear": { "max": 2025 } }),
            expect(&rows, |r| {
                r.list == "DONGTOU" && r.total.is_some() && r.end.is_some_and(|y| y <= 2025)
            }),
        ),
    ];
    for (filter, expected) in cases {
        assert!(expected.len() <= 100);
        assert_eq!(
            keys(&app, filter.clone(), Value::Null).await,
            expected,
            "filter {filter}"
        );
    }
    // The oracle is not vacuous where it matters.
    assert_eq!(expect(&rows, |r| r.total.is_none()).len(), 10);
    assert!(expect(&rows, |r| r.name.contains("LNG") || r.scope.contains("LNG")).len() >= 5);

    let bad = app
        .post(
            "{ projects(filter: { totalInvestment: { min: 0.1 } }) { totalCount } }",
            json!({}),
        )
        .await;
    let message = bad["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("write the amount as a string"), "{bad:#}");
    let precise = app
        .post(
            "{ projects(filter: { totalInvestment: { min: \"0.0000001\" } }) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(
        precise["errors"][0]["extensions"]["code"], "VALIDATION",
        "{precise:#}"
    );
}

async fn orderings_sort_like_the_document_and_page_stably(backend: Backend) {
    let app = spawn_app(backend).await;
    let rows = seed_rows();
    let position: HashMap<&str, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.key.as_str(), i))
        .collect();

    let mut by_total = rows.clone();
    // Largest first, unknown last, ties in document order.
    by_total.sort_by_key(|r| {
        (
            r.total.is_none(),
            std::cmp::Reverse(r.total),
            position[r.key.as_str()],
        )
    });
    let expected: Vec<String> = by_total.iter().map(|r| r.key.clone()).collect();
    let order = json!([{ "field": "TOTAL_INVESTMENT", "direction": "DESC" }]);
    assert_eq!(keys(&app, Value::Null, order.clone()).await, expected);
    assert_eq!(expected[0], "DONGTOU-DIGITAL-05");

    let mut by_start = rows.clone();
    by_start.sort_by_key(|r| (r.start.is_none(), r.start, position[r.key.as_str()]));
    let expected_start: Vec<String> = by_start.iter().map(|r| r.key.clone()).collect();
    assert_eq!(
        keys(
            &app,
            Value::Null,
            json!([{ "field": "START_YEAR", "direction": "ASC" }])
        )
        .await,
        expected_start
    );

    let mut by_name = rows.clone();
    by_name.sort_by(|a, b| {
        a.name
            .cmp(&b.name)
            .then(position[a.key.as_str()].cmp(&position[b.key.as_str()]))
    });
    let expected_name: Vec<String> = by_name.iter().map(|r| r.key.clone()).collect();
    assert_eq!(
        keys(
            &app,
            Value::Null,
            json!([{ "field": "NAME", "direction": "ASC" }])
        )
        .await,
        expected_name,
        "names sort by code point on every backend"
    );

    // Paging through the mixed-direction order gives the one-shot order, forwards and backwards.
    let query = "query($orderBy: [ProjectOrder!], $first: Int, $after: String, $last: Int, $before: String) {
        projects(orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { key } } }";
    let mut walked = Vec::new();
    let mut after = Value::Null;
    loop {
        let data = app
            .data(
                query,
                json!({ "orderBy": order, "first": 7, "after": after }),
            )
            .await;
        let page = &data["projects"];
        walked.extend(
            page["nodes"]
                .as_array()
                .expect("nodes")
                .iter()
                .map(|n| n["key"].as_str().expect("key").to_owned()),
        );
        if page["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(walked, expected);
    let mut backwards = Vec::new();
    let mut before = Value::Null;
    loop {
        let data = app
            .data(
                query,
                json!({ "orderBy": order, "last": 9, "before": before }),
            )
            .await;
        let page = &data["projects"];
        let mut chunk: Vec<String> = page["nodes"]
            .as_array()
            .expect("nodes")
            .iter()
            .map(|n| n["key"].as_str().expect("key").to_owned())
            .collect();
        chunk.extend(backwards);
        backwards = chunk;
        if page["pageInfo"]["hasPreviousPage"] == false {
            break;
        }
        before = page["pageInfo"]["startCursor"].clone();
    }
    assert_eq!(backwards, expected);
}

async fn global_ids_fetch_every_kind_of_object(backend: Backend) {
    let app = spawn_app(backend).await;
    let data = app
        .data(
            "{ projectLists { id categories { id } }
               project(key: \"DONGTOU-GREEN-08\") { id phases { id } history(first: 1) { nodes { id field } } } }",
            json!({}),
        )
        .await;
    let list_id = data["projectLists"][0]["id"].clone();
    let category_id = data["projectLists"][0]["categories"][1]["id"].clone();
    let project_id = data["project"]["id"].clone();
    let phase_id = data["project"]["phases"][1]["id"].clone();
    let change_id = data["project"]["history"]["nodes"][0]["id"].clone();
    assert_eq!(data["project"]["history"]["nodes"][0]["field"], "created");
    let nodes = app
        .data(
            "query($ids: [ID!]!) { nodes(ids: $ids) { id __typename
               ... on ProjectList { code } ... on Category { code } ... on Project { key }
               ... on Phase { name } ... on ChangeLogEntry { actor } } }",
            json!({ "ids": [list_id, category_id, project_id, phase_id, change_id, "bm9wZTox"] }),
        )
        .await;
    let nodes = nodes["nodes"].as_array().expect("nodes");
    assert_eq!(nodes[0]["code"], "DONGTOU");
    assert_eq!(nodes[1]["code"], "GREEN");
    assert_eq!(nodes[2]["key"], "DONGTOU-GREEN-08");
    assert_eq!(nodes[3]["name"], "二期");
    assert_eq!(nodes[4]["actor"], "seed");
    assert_eq!(nodes[5], Value::Null, "an unknown id is null");
    for (node, id) in nodes
        .iter()
        .zip([&list_id, &category_id, &project_id, &phase_id, &change_id])
    {
        assert_eq!(&node["id"], id);
    }
    let one = app
        .data(
            "query($id: ID!) { node(id: $id) { ... on Project { key } } }",
            json!({ "id": project_id }),
        )
        .await;
    assert_eq!(one["node"]["key"], "DONGTOU-GREEN-08");
}

const PAGE: &str = "query($first: Int) { projects(first: $first) { totalCount edges { cursor node {
    id key totalInvestment fypShare category { code name list { code } } list { code title }
    phases { ordinal name } latestProgressReport { percentComplete completedInvestment status }
    progressReports(first: 2) { edges { cursor } nodes { reportedOn } }
    history(first: 2) { nodes { field actor } } } } } }";

async fn a_page_of_100_costs_the_statements_of_a_page_of_5(backend: Backend) {
    let app = spawn_app(backend).await;
    let db = &app.db.db;
    // Grow the portfolio past a page, with reports on every project.
    let parks = category_by_code(db, "OUJIANG", "PARKS").await;
    for seq in 100..140 {
        let key = format!("OUJIANG-PARKS-{seq}");
        project_row(&parks, 2, &key, seq, format!("extra {seq}"), "extra")
            .insert(db)
            .await
            .expect("insert project");
    }
    let ids: Vec<i32> = project::Entity::find()
        .all(db)
        .await
        .expect("projects")
        .iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(ids.len(), 107);
    for id in ids {
        for month in 1..=3 {
            progress_report_row(
                id,
                NaiveDate::from_ymd_opt(2024, month, 28).expect("date"),
                1000 * i32::try_from(month).expect("month"),
                1_000_000 * i64::from(month),
            )
            .insert(db)
            .await
            .expect("insert report");
        }
    }

    // The token's last use is written at most once a minute, and the lists and categories are
    // read once until the next write; let both happen before measuring.
    app.data(
        "{ projects(first: 1) { totalCount edges { node { category { code } } } } }",
        json!({}),
    )
    .await;
    let mut costs = Vec::new();
    for first in [5, 100] {
        let before = app.statements();
        let data = app.data(PAGE, json!({ "first": first })).await;
        costs.push(app.statements() - before);
        let edges = data["projects"]["edges"].as_array().expect("edges");
        assert_eq!(edges.len(), first);
        let node = &edges[0]["node"];
        assert_eq!(node["latestProgressReport"]["percentComplete"], "30");
        assert_eq!(node["latestProgressReport"]["completedInvestment"], "3");
        assert_eq!(
            node["progressReports"]["nodes"].as_array().map(Vec::len),
            Some(2)
        );
        assert_eq!(
            node["progressReports"]["nodes"][0]["reportedOn"],
            "2024-03-28"
        );
        assert_eq!(node["history"]["nodes"][0]["field"], "created");
    }
    assert_eq!(
        costs[0], costs[1],
        "statement count must not grow with the page: {costs:?}"
    );
    assert!(
        costs[1] <= 12,
        "a page costs a small constant number of statements: {costs:?}"
    );
}
