//! The real application on a free port, and the requests the tests send it.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Value, json};

use super::{Backend, TestDb};

/// The server running on a free port over its own seeded database.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The database behind it.
    pub db: TestDb,
    /// An HTTP client.
    pub client: reqwest::Client,
    /// The secret of an administrator token.
    pub token: String,
    /// The application's state (to begin its shutdown).
    pub state: server::AppState,
    statements: Arc<AtomicU64>,
}

/// Starts the real application (migrated and seeded as on first start) on 127.0.0.1:0.
pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, server::app::ServerConfig::default()).await
}

/// Starts the real application with `config`.
pub async fn spawn_app_with(backend: Backend, config: server::app::ServerConfig) -> TestApp {
    spawn_app_over(TestDb::seeded(backend).await, config, Vec::new()).await
}

/// Starts the real application on a seeded `db`, reading from `replicas` (pools on read
/// replicas of it).
pub async fn spawn_app_over(
    db: TestDb,
    config: server::app::ServerConfig,
    replicas: Vec<sea_orm::DatabaseConnection>,
) -> TestApp {
    let token = service::access::ensure_first_admin(&db.db)
        .await
        .expect("first admin token")
        .expect("a fresh database has no token");
    let (base, statements, state) = serve_on(db.db.clone(), config, replicas).await;
    TestApp {
        base,
        db,
        client: reqwest::Client::new(),
        token,
        state,
        statements,
    }
}

/// Another instance of the application on the same database, with a pool and caches of its
/// own, as a second server behind a load balancer would be.
pub struct Instance {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// Its state.
    pub state: server::AppState,
    statements: Arc<AtomicU64>,
}

impl Instance {
    /// SQL statements this instance has issued so far (the write mark's reader sends its reads
    /// on a connection of its own on PostgreSQL).
    pub fn statements(&self) -> u64 {
        self.statements.load(Ordering::SeqCst) + self.state.marks.own_reads()
    }
}

/// Serves the application over `db` (and `replicas`) on a free port.
pub async fn serve_on(
    db: sea_orm::DatabaseConnection,
    config: server::app::ServerConfig,
    replicas: Vec<sea_orm::DatabaseConnection>,
) -> (String, Arc<AtomicU64>, server::AppState) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a free port");
    let addr = listener.local_addr().expect("local address");
    let statements = Arc::new(AtomicU64::new(0));
    let mut counted = db;
    let counter = statements.clone();
    counted.set_metric_callback(move |_| {
        counter.fetch_add(1, Ordering::SeqCst);
    });
    let state = server::AppState::with_config(counted, config).with_replicas(replicas);
    let router = server::app(state.clone());
    tokio::spawn(async move {
        axum::serve(listener, router).await.expect("server runs");
    });
    (format!("http://{addr}"), statements, state)
}

impl TestApp {
    /// A second instance of the application on this one's database.
    pub async fn second_instance(&self) -> Instance {
        let db = service::db::connect(&self.db.url())
            .await
            .expect("a second pool on the test database");
        self.instance_over(db, Vec::new()).await
    }

    /// Another instance of the application over `db` (a pool on this one's database) reading
    /// from `replicas`.
    pub async fn instance_over(
        &self,
        db: sea_orm::DatabaseConnection,
        replicas: Vec<sea_orm::DatabaseConnection>,
    ) -> Instance {
        let (base, statements, state) =
            serve_on(db, server::app::ServerConfig::default(), replicas).await;
        Instance {
            base,
            state,
            statements,
        }
    }

    /// POSTs a GraphQL request to `base` (this app or another instance) with `token`.
    pub async fn post_to(
        &self,
        base: &str,
        token: Option<&str>,
        query: &str,
        variables: Value,
    ) -> (u16, Value) {
        let response = with_token(self.client.post(format!("{base}/graphql")), token)
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await
            .expect("request sent");
        let status = response.status().as_u16();
        (status, response.json().await.expect("JSON response"))
    }

    /// SQL statements the server has issued so far (the write mark's reader sends its reads on
    /// a connection of its own on PostgreSQL).
    pub fn statements(&self) -> u64 {
        self.statements.load(Ordering::SeqCst) + self.state.marks.own_reads()
    }

    /// POSTs a GraphQL request as the administrator and returns the whole JSON response.
    pub async fn post(&self, query: &str, variables: Value) -> Value {
        self.post_as(Some(&self.token), query, variables).await.1
    }

    /// The address of `path` (with its query string) on this server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A POST to `/graphql` with `token` (or none), for a test to give its headers and body.
    pub fn graphql_request(&self, token: Option<&str>) -> reqwest::RequestBuilder {
        with_token(self.client.post(self.url("/graphql")), token)
    }

    /// GETs `path` (with its query string) with `token` (or none).
    pub async fn get_as(&self, token: Option<&str>, path: &str) -> reqwest::Response {
        with_token(self.client.get(self.url(path)), token)
            .send()
            .await
            .expect("GET")
    }

    /// POSTs a GraphQL request with `token` (or none) and returns the status and JSON response.
    pub async fn post_as(
        &self,
        token: Option<&str>,
        query: &str,
        variables: Value,
    ) -> (u16, Value) {
        let response = self
            .graphql_request(token)
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await
            .expect("request sent");
        let status = response.status().as_u16();
        (status, response.json().await.expect("JSON response"))
    }

    /// Creates a token with `role` (and projects) as the administrator; returns its secret.
    pub async fn token_for(&self, name: &str, role: &str, projects: &[&str]) -> String {
        let data = self
            .data(
                "mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) {
                   secret userErrors { message } } }",
                json!({ "input": { "name": name, "role": role, "projectKeys": projects } }),
            )
            .await;
        assert_eq!(data["createApiToken"]["userErrors"], json!([]), "{data:#}");
        data["createApiToken"]["secret"]
            .as_str()
            .expect("a secret")
            .to_owned()
    }

    /// Tokens of the three reading roles, created in this order: a viewer, a finance officer and
    /// the manager of DONGTOU-GREEN-08.
    pub async fn reader_tokens(&self) -> ReaderTokens {
        ReaderTokens {
            viewer: self.token_for("viewer", "VIEWER", &[]).await,
            finance: self.token_for("finance", "FINANCE", &[]).await,
            manager: self
                .token_for("manager", "MANAGER", &["DONGTOU-GREEN-08"])
                .await,
        }
    }

    /// POSTs a query that must succeed and returns its `data`.
    pub async fn data(&self, query: &str, variables: Value) -> Value {
        let response = self.post(query, variables).await;
        assert!(
            response.get("errors").is_none(),
            "unexpected errors: {response:#}"
        );
        response["data"].clone()
    }
}

/// The secrets of one token of each reading role.
pub struct ReaderTokens {
    /// `viewer`, a VIEWER.
    pub viewer: String,
    /// `finance`, a FINANCE officer.
    pub finance: String,
    /// `manager`, the MANAGER of DONGTOU-GREEN-08.
    pub manager: String,
}

fn with_token(request: reqwest::RequestBuilder, token: Option<&str>) -> reqwest::RequestBuilder {
    match token {
        Some(token) => request.bearer_auth(token),
        None => request,
    }
}
