//! The API over HTTP: GET and POST, GraphiQL, the probes, paging, errors, and GraphQL over HTTP
//! as its specification has it. What the HTTP layer decides alone (methods, media types, bodies
//! that are not GraphQL requests) is checked once; what reads data, on both backends.

use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, spawn_app};
use crate::{backend_independent, both_backends};

both_backends!(
    queries_answer_over_get_and_post,
    the_readiness_probe_answers_with_a_request_id,
    a_database_behind_the_binary_is_not_ready,
    paging_walks_every_project_once_in_document_order,
    page_size_and_cursors_are_checked,
    a_field_error_keeps_the_data_that_resolved_and_no_internals,
);

backend_independent!(
    graphiql_is_served_on_get_without_a_query,
    the_liveness_probe_answers_with_a_request_id,
    a_mutation_over_get_is_refused_with_405_before_any_statement,
    the_graphql_response_media_type_is_served_when_asked_for_and_json_otherwise,
    an_invalid_document_is_400_in_the_graphql_media_type_and_200_in_json,
    a_body_that_is_not_a_graphql_request_is_400,
    a_body_that_is_not_json_is_415,
    a_response_type_the_server_cannot_give_is_406,
    other_methods_are_405_and_allow_says_which_are_allowed,
    a_document_that_never_ran_answers_without_a_data_entry,
    livez_answers_without_the_database,
);

async fn queries_answer_over_get_and_post(backend: Backend) {
    let app = spawn_app(backend).await;
    let get: Value = app
        .client
        .get(app.url("/graphql"))
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
}

async fn graphiql_is_served_on_get_without_a_query(app: TestApp) {
    let page = app.get_as(None, "/graphql").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("HTML");
    assert!(
        html.contains("/graphiql/graphiql.min.js"),
        "GraphiQL is served on GET without a query: {html}"
    );
}

/// `/healthz` says the process runs, whatever the database.
async fn the_liveness_probe_answers_with_a_request_id(app: TestApp) {
    let response = app.get_as(None, "/healthz").await;
    assert_eq!(response.status(), 200, "/healthz");
    assert!(response.headers().contains_key("x-request-id"));
}

/// `/readyz` pings the database, so it is checked on each.
async fn the_readiness_probe_answers_with_a_request_id(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app.get_as(None, "/readyz").await;
    assert_eq!(response.status(), 200, "/readyz");
    assert!(response.headers().contains_key("x-request-id"));
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

/// A mutation over GET is refused with 405 and `Allow: POST`, before anything runs.
async fn a_mutation_over_get_is_refused_with_405_before_any_statement(app: TestApp) {
    let before = app.statements();
    let response = app
        .client
        .get(app.url("/graphql"))
        .query(&[("query", "mutation { anything }")])
        .send()
        .await
        .expect("GET");
    assert_eq!(response.status(), 405);
    assert_eq!(response.headers()["allow"], "POST");
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_REQUEST");
    assert_eq!(app.statements(), before, "no SQL for a refused request");
}

async fn the_graphql_response_media_type_is_served_when_asked_for_and_json_otherwise(app: TestApp) {
    let query = json!({ "query": "{ projects(first: 1) { totalCount } }" });
    let response = app
        .graphql_request(Some(&app.token))
        .header("accept", "application/graphql-response+json")
        .json(&query)
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "application/graphql-response+json"
    );
    let response = app
        .graphql_request(Some(&app.token))
        .json(&query)
        .send()
        .await
        .expect("POST");
    assert_eq!(response.headers()["content-type"], "application/json");
}

/// An invalid document: 400 with the GraphQL response type, 200 with plain JSON; a code always.
async fn an_invalid_document_is_400_in_the_graphql_media_type_and_200_in_json(app: TestApp) {
    for (accept, status) in [
        ("application/graphql-response+json", 400),
        ("application/json", 200),
    ] {
        let response = app
            .graphql_request(None)
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
    let syntax = app
        .graphql_request(None)
        .header("accept", "application/graphql-response+json")
        .json(&json!({ "query": "{ projects(" }))
        .send()
        .await
        .expect("POST");
    assert_eq!(syntax.status(), 400);
}

/// A JSON body that is not a GraphQL request at all.
async fn a_body_that_is_not_a_graphql_request_is_400(app: TestApp) {
    let response = app
        .graphql_request(None)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_REQUEST");
}

async fn a_body_that_is_not_json_is_415(app: TestApp) {
    let response = app
        .graphql_request(None)
        .header("content-type", "text/plain")
        .body("{ projects { totalCount } }")
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), 415);
}

async fn a_response_type_the_server_cannot_give_is_406(app: TestApp) {
    let response = app
        .graphql_request(None)
        .header("accept", "text/csv")
        .json(&json!({ "query": "{ projects(first: 1) { totalCount } }" }))
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), 406);
}

async fn other_methods_are_405_and_allow_says_which_are_allowed(app: TestApp) {
    let response = app
        .client
        .delete(app.url("/graphql"))
        .send()
        .await
        .expect("DELETE");
    assert_eq!(response.status(), 405);
    let allow = response.headers()["allow"]
        .to_str()
        .expect("ASCII")
        .to_owned();
    assert!(allow.contains("GET") && allow.contains("POST"), "{allow}");
}

/// A field error keeps the data that resolved, and has a code; no internals in messages.
async fn a_field_error_keeps_the_data_that_resolved_and_no_internals(backend: Backend) {
    let app = spawn_app(backend).await;
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

/// A document that fails to parse or validate never begins executing, so its answer has no `data`
/// entry (GraphQL specification, "Response"), in either media type.
async fn a_document_that_never_ran_answers_without_a_data_entry(app: TestApp) {
    for accept in ["application/graphql-response+json", "application/json"] {
        for query in ["{ projects(", "{ noSuchField }"] {
            let response = app
                .graphql_request(Some(&app.token))
                .header("accept", accept)
                .json(&json!({ "query": query }))
                .send()
                .await
                .expect("POST");
            let body: Value = response.json().await.expect("JSON");
            assert!(body.get("data").is_none(), "{accept} {query}: {body}");
            assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_REQUEST");
        }
    }
    // One that ran keeps its `data`, even when a field failed.
    let ran = app
        .post("{ project(key: \"NO-SUCH-01\") { key } }", json!({}))
        .await;
    assert!(ran.get("data").is_some(), "{ran}");
}

/// `/livez` is the process alone: it answers whatever the database.
async fn livez_answers_without_the_database(app: TestApp) {
    let response = app.get_as(None, "/livez").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.expect("body"), "ok");
}

/// A database whose schema lags the binary (a migration rolled back under a running server) is
/// not ready, and says what to do.
async fn a_database_behind_the_binary_is_not_ready(backend: Backend) {
    use migration::MigratorTrait;
    let app = spawn_app(backend).await;
    migration::Migrator::down(&app.db.db, Some(1))
        .await
        .expect("roll the last migration back");
    let response = app.get_as(None, "/readyz").await;
    assert_eq!(response.status(), 503);
    let text = response.text().await.expect("body");
    assert_eq!(text, "migrations not applied: 1; run `portfolio migrate`");
}
