//! The example operations a dashboard sends run without errors on the seeded server.

use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::{Backend, spawn_app};

both_backends!(example_operations_run_without_errors);

async fn example_operations_run_without_errors(backend: Backend) {
    let app = spawn_app(backend).await;
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/operations");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("examples/operations")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "graphql"))
        .collect();
    files.sort();
    assert!(files.len() >= 5, "the examples are there");
    for file in files {
        let query = std::fs::read_to_string(&file).expect("operation");
        let variables: Value = std::fs::read_to_string(file.with_extension("variables.json"))
            .map(|text| serde_json::from_str(&text).expect("variables are JSON"))
            .unwrap_or_else(|_| json!({}));
        let response = app.post(&query, variables).await;
        assert!(
            response.get("errors").is_none(),
            "{}: {response:#}",
            file.display()
        );
        let data = &response["data"];
        for payload in data.as_object().into_iter().flat_map(|o| o.values()) {
            if let Some(errors) = payload.get("userErrors") {
                assert_eq!(errors, &json!([]), "{}: {payload:#}", file.display());
            }
        }
        assert!(
            data.as_object()
                .is_some_and(|o| o.values().all(|v| !v.is_null())),
            "{}: every root field answers: {data:#}",
            file.display()
        );
    }
}
