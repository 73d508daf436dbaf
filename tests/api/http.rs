//! The API over HTTP: GET and POST, GraphiQL, paging, errors.

use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::{Backend, spawn_app};

both_backends!(
    queries_answer_over_get_and_post,
    paging_walks_every_project_once_in_document_order,
    page_size_and_cursors_are_checked,
);

async fn queries_answer_over_get_and_post(backend: Backend) {
    let app = spawn_app(backend).await;
    let url = format!("{}/graphql", app.base);

    let get: Value = app
        .client
        .get(&url)
        .query(&[("query", "{projects(first:2){totalCount}}")])
        .send()
        .await
        .expect("GET")
        .json()
        .await
        .expect("JSON");
    assert_eq!(get, json!({ "data": { "projects": { "totalCount": 67 } } }));

    let post = app
        .data("{ projects(first: 100) { totalCount } }", json!({}))
        .await;
    assert_eq!(post["projects"]["totalCount"], 67);

    let page = app.client.get(&url).send().await.expect("GET GraphiQL");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("HTML");
    assert!(
        html.contains("graphiql"),
        "GraphiQL is served on GET without a query"
    );

    for path in ["/healthz", "/readyz"] {
        let response = app
            .client
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .expect("GET");
        assert_eq!(response.status(), 200, "{path}");
        assert!(response.headers().contains_key("x-request-id"));
    }
}

async fn paging_walks_every_project_once_in_document_order(backend: Backend) {
    let app = spawn_app(backend).await;
    let query = "query($first: Int, $after: String) { projects(first: $first, after: $after) {
        totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { key } } } }";
    let mut keys = Vec::new();
    let mut after = Value::Null;
    let mut pages = 0;
    loop {
        let data = app
            .data(query, json!({ "first": 10, "after": after }))
            .await;
        let page = &data["projects"];
        assert_eq!(page["totalCount"], 67);
        assert_eq!(page["pageInfo"]["hasPreviousPage"], pages > 0);
        let edges = page["edges"].as_array().expect("edges");
        keys.extend(
            edges
                .iter()
                .map(|e| e["node"]["key"].as_str().expect("key").to_owned()),
        );
        pages += 1;
        if page["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = page["pageInfo"]["endCursor"].clone();
        assert!(pages < 10, "paging must end");
    }
    assert_eq!(pages, 7);
    assert_eq!(keys.len(), 67);
    assert_eq!(keys[0], "DONGTOU-INDUSTRIAL-01");
    assert_eq!(keys[17], "DONGTOU-GREEN-01");
    assert_eq!(keys[53], "DONGTOU-INFRASTRUCTURE-11");
    assert_eq!(keys[54], "OUJIANG-INVESTMENT-01");
    assert_eq!(keys[66], "OUJIANG-PARKS-04");
    let mut unique = keys.clone();
    unique.dedup();
    assert_eq!(unique.len(), 67, "no project twice");

    // Backwards from the end gives the same order.
    let last = app
        .data(
            "{ projects(last: 3) { pageInfo { hasPreviousPage hasNextPage } edges { node { key } } } }",
            json!({}),
        )
        .await;
    let tail: Vec<&str> = last["projects"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| e["node"]["key"].as_str().expect("key"))
        .collect();
    assert_eq!(
        tail,
        ["OUJIANG-PARKS-02", "OUJIANG-PARKS-03", "OUJIANG-PARKS-04"]
    );
    assert_eq!(last["projects"]["pageInfo"]["hasPreviousPage"], true);
}

async fn page_size_and_cursors_are_checked(backend: Backend) {
    let app = spawn_app(backend).await;
    let too_many = app
        .post("{ projects(first: 101) { totalCount } }", json!({}))
        .await;
    let error = &too_many["errors"][0];
    assert_eq!(error["extensions"]["code"], "VALIDATION", "{too_many:#}");
    assert!(
        error["message"]
            .as_str()
            .expect("message")
            .contains("at most 100"),
        "{too_many:#}"
    );

    let bad_cursor = app
        .post(
            "{ projects(first: 5, after: \"not-a-cursor\") { totalCount } }",
            json!({}),
        )
        .await;
    assert!(bad_cursor["errors"].is_array(), "{bad_cursor:#}");
    assert_eq!(bad_cursor["data"], Value::Null);
}
