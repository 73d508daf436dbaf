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
        .bearer_auth(&app.token)
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

both_backends!(graphql_over_http_follows_the_specification);

async fn graphql_over_http_follows_the_specification(backend: Backend) {
    let app = spawn_app(backend).await;
    let url = format!("{}/graphql", app.base);
    let client = &app.client;

    // A mutation over GET is refused with 405 and `Allow: POST`, before anything runs.
    let before = app.statements();
    let response = client
        .get(&url)
        .query(&[("query", "mutation { anything }")])
        .send()
        .await
        .expect("GET");
    assert_eq!(response.status(), 405);
    assert_eq!(response.headers()["allow"], "POST");
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_REQUEST");
    assert_eq!(app.statements(), before, "no SQL for a refused request");

    // The GraphQL response media type when asked for, JSON otherwise.
    let response = client
        .post(&url)
        .bearer_auth(&app.token)
        .header("accept", "application/graphql-response+json")
        .json(&json!({ "query": "{ projects(first: 1) { totalCount } }" }))
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "application/graphql-response+json"
    );
    let response = client
        .post(&url)
        .bearer_auth(&app.token)
        .json(&json!({ "query": "{ projects(first: 1) { totalCount } }" }))
        .send()
        .await
        .expect("POST");
    assert_eq!(response.headers()["content-type"], "application/json");

    // An invalid document: 400 with the GraphQL response type, 200 with plain JSON; a code always.
    for (accept, status) in [
        ("application/graphql-response+json", 400),
        ("application/json", 200),
    ] {
        let response = client
            .post(&url)
            .header("accept", accept)
            .json(&json!({ "query": "{ noSuchField }" }))
            .send()
            .await
            .expect("POST");
        assert_eq!(response.status(), status, "{accept}");
        let body: Value = response.json().await.expect("JSON");
        assert_eq!(
            body["errors"][0]["extensions"]["code"], "BAD_REQUEST",
            "{body:#}"
        );
        assert!(body.get("data").is_none_or(Value::is_null));
    }
    let syntax = client
        .post(&url)
        .header("accept", "application/graphql-response+json")
        .json(&json!({ "query": "{ projects(" }))
        .send()
        .await
        .expect("POST");
    assert_eq!(syntax.status(), 400);

    // A body that is not a GraphQL request at all: 400; a body that is not JSON: 415 or 400.
    let response = client
        .post(&url)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_REQUEST");
    let response = client
        .post(&url)
        .header("content-type", "text/plain")
        .body("{ projects { totalCount } }")
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), 415);
    let response = client
        .post(&url)
        .header("accept", "text/csv")
        .json(&json!({ "query": "{ projects(first: 1) { totalCount } }" }))
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), 406);

    // Other methods are not allowed; the Allow header says which are.
    let response = client.delete(&url).send().await.expect("DELETE");
    assert_eq!(response.status(), 405);
    let allow = response.headers()["allow"]
        .to_str()
        .expect("ASCII")
        .to_owned();
    assert!(allow.contains("GET") && allow.contains("POST"), "{allow}");

    // A field error keeps the data that resolved, and has a code.
    let partial = app
        .post(
            "{ projectLists { code } projects(first: 101) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(partial["errors"][0]["extensions"]["code"], "VALIDATION");
    assert_eq!(partial["errors"][0]["path"][0], "projects");
    // No internals in messages.
    let text = partial.to_string().to_lowercase();
    assert!(!text.contains("select") && !text.contains("sqlx"), "{text}");
}
