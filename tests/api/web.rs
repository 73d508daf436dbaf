//! The dashboard and GraphiQL as the server sends them: built into the binary, from this origin
//! only, under a Content-Security-Policy without inline script, with the dashboard's own routes
//! answered by its page and missing files by 404. (What the pages do in a browser is
//! `web/tests/browser.mjs`.)

use crate::backend_independent;
use crate::helpers::TestApp;

backend_independent!(
    the_dashboard_is_served_at_the_root_with_a_strict_policy,
    the_dashboards_routes_answer_its_page_and_missing_files_404,
    built_assets_are_cached_for_good_and_pages_revalidated,
    graphiql_loads_only_files_of_this_origin,
);

/// Every origin a page of ours may use: none but its own, and no inline script.
fn assert_strict_policy(response: &reqwest::Response, what: &str) {
    let policy = response
        .headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("{what} has no Content-Security-Policy"));
    let directives: Vec<&str> = policy.split(';').map(str::trim).collect();
    for wanted in [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "connect-src 'self'",
        "frame-ancestors 'none'",
    ] {
        assert!(directives.contains(&wanted), "{what}: {wanted} in {policy}");
    }
    for loose in ["unsafe-inline", "unsafe-eval", "http:", "https:", "*"] {
        assert!(!policy.contains(loose), "{what}: {loose} in {policy}");
    }
    assert_eq!(
        response
            .headers()
            .get("x-content-type-options")
            .and_then(|v| v.to_str().ok()),
        Some("nosniff"),
        "{what}"
    );
}

/// The `src` and `href` values of a page.
fn references(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in ["src=\"", "href=\""] {
        for part in html.split(attribute).skip(1) {
            if let Some(end) = part.find('"') {
                found.push(part[..end].to_owned());
            }
        }
    }
    found
}

/// A page's scripts and styles all come from this server, and none of its scripts is inline.
fn assert_same_origin_page(html: &str, what: &str) {
    let refs = references(html);
    assert!(!refs.is_empty(), "{what} loads its scripts: {html}");
    for reference in &refs {
        assert!(
            reference.starts_with('/') && !reference.starts_with("//"),
            "{what} loads {reference} from elsewhere"
        );
    }
    for script in html.split("<script").skip(1) {
        let tag = &script[..script.find('>').unwrap_or(script.len())];
        assert!(tag.contains("src="), "{what} has an inline script");
    }
}

async fn the_dashboard_is_served_at_the_root_with_a_strict_policy(app: TestApp) {
    let page = app.get_as(None, "/").await;
    assert_eq!(page.status(), 200);
    assert_eq!(
        page.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("text/html; charset=utf-8")
    );
    assert_strict_policy(&page, "/");
    let html = page.text().await.expect("HTML");
    assert!(html.contains("<div id=\"app\">"), "{html}");
    assert_same_origin_page(&html, "/");
    // Every file the page names is built in and answers with its type.
    for reference in references(&html) {
        let file = app.get_as(None, &reference).await;
        assert_eq!(file.status(), 200, "{reference}");
        let kind = file
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let expected = if reference.ends_with(".js") {
            "text/javascript"
        } else {
            "text/css"
        };
        assert!(kind.starts_with(expected), "{reference}: {kind}");
    }
}

async fn the_dashboards_routes_answer_its_page_and_missing_files_404(app: TestApp) {
    let root = app.get_as(None, "/").await.text().await.expect("HTML");
    for route in [
        "/projects",
        "/projects/DONGTOU-GREEN-08",
        "/reporting",
        "/signin",
    ] {
        let page = app.get_as(None, route).await;
        assert_eq!(page.status(), 200, "{route}");
        assert_strict_policy(&page, route);
        assert_eq!(page.text().await.expect("HTML"), root, "{route}");
    }
    for missing in ["/assets/missing.js", "/graphiql/missing.css"] {
        assert_eq!(app.get_as(None, missing).await.status(), 404, "{missing}");
    }
    let post = app
        .client
        .post(app.url("/projects"))
        .send()
        .await
        .expect("POST");
    assert_eq!(post.status(), 404, "only GET and HEAD reach the dashboard");
    // The API's own routes are untouched by the fallback.
    assert_eq!(
        app.get_as(None, "/livez").await.text().await.expect("text"),
        "ok"
    );
}

async fn built_assets_are_cached_for_good_and_pages_revalidated(app: TestApp) {
    let page = app.get_as(None, "/").await;
    assert_eq!(
        page.headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("no-cache")
    );
    let tag = page
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .expect("an ETag")
        .to_owned();
    let html = page.text().await.expect("HTML");
    let again = app
        .client
        .get(app.url("/"))
        .header("if-none-match", &tag)
        .send()
        .await
        .expect("GET");
    assert_eq!(again.status(), 304, "an unchanged page is not sent again");
    let script = references(&html)
        .into_iter()
        .find(|r| r.starts_with("/assets/") && r.ends_with(".js"))
        .expect("the page names its script");
    let asset = app.get_as(None, &script).await;
    assert_eq!(
        asset
            .headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("public, max-age=31536000, immutable"),
        "{script} is named by its content"
    );
}

async fn graphiql_loads_only_files_of_this_origin(app: TestApp) {
    let page = app.get_as(None, "/graphql").await;
    assert_eq!(page.status(), 200);
    assert_strict_policy(&page, "/graphql");
    let html = page.text().await.expect("HTML");
    assert_same_origin_page(&html, "GraphiQL");
    let refs = references(&html);
    for wanted in [
        "/graphiql/react.production.min.js",
        "/graphiql/react-dom.production.min.js",
        "/graphiql/graphiql.min.js",
        "/graphiql/graphiql.min.css",
    ] {
        assert!(
            refs.iter().any(|r| r == wanted),
            "GraphiQL page names {wanted}"
        );
    }
    for reference in refs {
        let file = app.get_as(None, &reference).await;
        assert_eq!(file.status(), 200, "{reference}");
        let text = file.text().await.expect("text");
        // A production React build, and no stylesheet that reaches for web fonts elsewhere.
        assert!(!text.contains("react.development"), "{reference}");
        assert!(!text.contains("@import url(http"), "{reference}");
        assert!(
            !text.contains("unpkg.com") && !text.contains("cdn.jsdelivr"),
            "{reference}"
        );
    }
}
