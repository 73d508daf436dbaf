//! Every object of a response lists its fields in the order the query selected them (GraphQL
//! specification, CollectFields), however the fields' batches happen to finish, under concurrent
//! requests too.

use futures_util::future::join_all;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::both_backends;
use crate::helpers::{Backend, spawn_app};

both_backends!(objects_keep_the_selection_order_under_concurrent_requests);

/// A JSON value that remembers the order of object keys as they stand in the text.
enum Json {
    Object(Vec<(String, Json)>),
    List(Vec<Json>),
    Scalar,
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Reader;
        impl<'de> Visitor<'de> for Reader {
            type Value = Json;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("JSON")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
                let mut entries = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, Json>()? {
                    entries.push((key, value));
                }
                Ok(Json::Object(entries))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Json>()? {
                    items.push(item);
                }
                Ok(Json::List(items))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Json, E> {
                Ok(Json::Scalar)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Json, E> {
                Ok(Json::Scalar)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Json, E> {
                Ok(Json::Scalar)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Json, E> {
                Ok(Json::Scalar)
            }
            fn visit_str<E>(self, _: &str) -> Result<Json, E> {
                Ok(Json::Scalar)
            }
            fn visit_unit<E>(self) -> Result<Json, E> {
                Ok(Json::Scalar)
            }
        }
        deserializer.deserialize_any(Reader)
    }
}

/// The selection below, as the key order each object must have, by the key it stands under.
fn expected(parent: &str) -> &'static [&'static str] {
    match parent {
        "" => &["data"],
        "data" => &["projects", "projectLists"],
        "projects" => &["edges", "totalCount", "pageInfo"],
        "edges" => &["cursor", "node"],
        "node" => &[
            "phases",
            "category",
            "key",
            "name",
            "totalInvestment",
            "latestProgressReport",
        ],
        "phases" => &["ordinal", "name"],
        "category" => &["code", "name"],
        "latestProgressReport" => &["percentComplete", "reportedOn"],
        "pageInfo" => &["hasNextPage", "endCursor"],
        "projectLists" => &["title", "code"],
        other => panic!("no object is selected under {other}"),
    }
}

/// Checks every object below `value`; returns how many it checked.
fn check(parent: &str, value: &Json) -> usize {
    match value {
        Json::Object(entries) => {
            let keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
            assert_eq!(keys, expected(parent), "the object under `{parent}`");
            1 + entries.iter().map(|(k, v)| check(k, v)).sum::<usize>()
        }
        Json::List(items) => items.iter().map(|item| check(parent, item)).sum(),
        Json::Scalar => 0,
    }
}

async fn objects_keep_the_selection_order_under_concurrent_requests(backend: Backend) {
    let app = spawn_app(backend).await;
    // Fields answered through batches (phases, category, the latest report) are selected before
    // the ones read from the project row, which are ready first.
    let query = "{ projects(first: 50) {
        edges { cursor node {
          phases { ordinal name } category { code name } key name totalInvestment
          latestProgressReport { percentComplete reportedOn } } }
        totalCount pageInfo { hasNextPage endCursor } }
      projectLists { title code } }";
    let requests = (0..12).map(|_| async {
        let response = app
            .graphql_request(Some(&app.token))
            .json(&serde_json::json!({ "query": query }))
            .send()
            .await
            .expect("request sent");
        assert_eq!(response.status(), 200);
        response.text().await.expect("body")
    });
    for body in join_all(requests).await {
        let json: Json = serde_json::from_str(&body).expect("JSON");
        // The root, data, projects, 50 edges and nodes, their categories, the phases of the
        // phased projects, page info and both lists: at least 1 + 1 + 1 + 100 + 50 + 1 + 2.
        let objects = check("", &json);
        assert!(objects >= 156, "only {objects} objects in {body}");
    }
}
