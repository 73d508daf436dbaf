//! `/metrics` answers the Prometheus text format, read back by a Prometheus parser: requests by
//! operation and status with a latency histogram, errors by code, the database pool.

use prometheus_parse::{Sample, Scrape, Value};
use serde_json::json;

use crate::backend_independent;
use crate::helpers::TestApp;

backend_independent!(metrics_count_requests_by_operation_and_errors_by_code);

fn find<'a>(scrape: &'a Scrape, metric: &str, labels: &[(&str, &str)]) -> Option<&'a Sample> {
    scrape
        .samples
        .iter()
        .find(|s| s.metric == metric && labels.iter().all(|(k, v)| s.labels.get(k) == Some(*v)))
}

fn count(sample: Option<&Sample>) -> f64 {
    match sample.map(|s| &s.value) {
        Some(Value::Counter(n) | Value::Gauge(n) | Value::Untyped(n)) => *n,
        Some(Value::Histogram(buckets)) => buckets.iter().map(|b| b.count).fold(0.0, f64::max),
        _ => 0.0,
    }
}

async fn scrape(app: &TestApp) -> Scrape {
    let response = app.get_as(None, "/metrics").await;
    assert_eq!(response.status(), 200);
    assert!(
        response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("text/plain")),
    );
    let text = response.text().await.expect("body");
    Scrape::parse(text.lines().map(|l| Ok(l.to_owned()))).expect("the Prometheus text format")
}

async fn metrics_count_requests_by_operation_and_errors_by_code(app: TestApp) {
    // Counters are the process's, shared with other tests: compare before and after.
    let before = scrape(&app).await;
    let ok = [
        ("endpoint", "graphql"),
        ("operation", "MetricsProbe"),
        ("status", "200"),
    ];
    let bad = [("code", "BAD_REQUEST")];
    let requests_before = count(find(&before, "portfolio_http_requests_total", &ok));
    let errors_before = count(find(&before, "portfolio_graphql_errors_total", &bad));
    for _ in 0..3 {
        let answer = app
            .post(
                "query MetricsProbe { projects(first: 1) { totalCount } }",
                json!({}),
            )
            .await;
        assert_eq!(answer["data"]["projects"]["totalCount"], 67);
    }
    let invalid = app.post("{ noSuchField }", json!({})).await;
    assert!(invalid["errors"].is_array());

    let after = scrape(&app).await;
    let requests = count(find(&after, "portfolio_http_requests_total", &ok));
    assert_eq!(requests - requests_before, 3.0);
    let errors = count(find(&after, "portfolio_graphql_errors_total", &bad));
    assert!(errors - errors_before >= 1.0, "{errors_before} → {errors}");
    let latency = find(
        &after,
        "portfolio_http_request_duration_seconds",
        &[("endpoint", "graphql"), ("operation", "MetricsProbe")],
    )
    .expect("a latency histogram");
    let Value::Histogram(buckets) = &latency.value else {
        panic!("a histogram, not {:?}", latency.value);
    };
    assert!(buckets.iter().any(|b| b.less_than == 0.005));
    assert!(buckets.iter().map(|b| b.count).fold(0.0, f64::max) >= 3.0);
    assert!(
        count(find(
            &after,
            "portfolio_db_pool_connections",
            &[("state", "open")]
        )) >= 1.0
    );
}
