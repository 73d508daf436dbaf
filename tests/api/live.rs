//! Live updates over a real WebSocket client (tokio-tungstenite speaking `graphql-transport-ws`
//! and the legacy `graphql-ws`): the change log replayed from a cursor and then followed, with no
//! gap and no duplicate at the seam; a commit of another instance (a PostgreSQL NOTIFY and
//! nothing else) delivered within a second, also after the listening connection was killed; and
//! a revoked token's stream closed.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set, TransactionTrait};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::helpers::{Backend, TestApp, spawn_app};

pub(crate) type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

pub(crate) const CHANGES: &str = "subscription($after: String) { changes(after: $after) {
    cursor node { entityType field newValue project { key } } } }";
const RENAME: &str = "mutation($input: UpdateProjectInput!) { updateProject(input: $input) {
    project { version } userErrors { code message } } }";
const KEY: &str = "DONGTOU-GREEN-08";

/// The upgrade request for `/graphql` on `base` with the sub-protocol `protocol`.
pub(crate) fn upgrade_request(
    base: &str,
    protocol: &str,
) -> tokio_tungstenite::tungstenite::handshake::client::Request {
    let url = format!("{}/graphql", base.replacen("http://", "ws://", 1));
    let mut request = url.into_client_request().expect("a WebSocket request");
    request.headers_mut().insert(
        "sec-websocket-protocol",
        protocol.parse().expect("a header value"),
    );
    request
}

/// A connected, acknowledged client of `protocol`, or the close frame the server answered with.
pub(crate) async fn connect(
    base: &str,
    protocol: &str,
    token: &str,
) -> Result<Socket, Option<u16>> {
    let request = upgrade_request(base, protocol);
    let Ok((mut socket, _)) = tokio_tungstenite::connect_async(request).await else {
        return Err(None);
    };
    send(
        &mut socket,
        json!({ "type": "connection_init",
        "payload": { "Authorization": format!("Bearer {token}") } }),
    )
    .await;
    match receive(&mut socket, Duration::from_secs(5)).await {
        Some(Received::Json(message)) if message["type"] == "connection_ack" => Ok(socket),
        Some(Received::Closed(code, _)) => Err(code),
        other => panic!("expected an acknowledgement, got {other:?}"),
    }
}

/// An administrator's client subscribed to `changes` after `after`, as subscription `id`.
pub(crate) async fn subscribed(app: &TestApp, id: &str, after: &Option<String>) -> Socket {
    let mut socket = connect(&app.base, "graphql-transport-ws", &app.token)
        .await
        .expect("connected");
    send(
        &mut socket,
        json!({ "id": id, "type": "subscribe",
        "payload": { "query": CHANGES, "variables": { "after": after } } }),
    )
    .await;
    socket
}

pub(crate) async fn send(socket: &mut Socket, message: Value) {
    socket
        .send(Message::text(message.to_string()))
        .await
        .expect("a message sent");
}

#[derive(Debug)]
pub(crate) enum Received {
    /// A text message.
    Json(Value),
    /// The close frame's code and reason, if any.
    Closed(Option<u16>, String),
}

/// The next text message (pings and keep-alives skipped), or the close; `None` after `wait`.
pub(crate) async fn receive(socket: &mut Socket, wait: Duration) -> Option<Received> {
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        let message = tokio::time::timeout(left, socket.next()).await.ok()?;
        match message {
            Some(Ok(Message::Text(text))) => {
                let value: Value = serde_json::from_str(&text).expect("JSON");
                if matches!(value["type"].as_str(), Some("ping" | "pong" | "ka")) {
                    continue;
                }
                return Some(Received::Json(value));
            }
            Some(Ok(Message::Close(frame))) => {
                let reason = frame
                    .as_ref()
                    .map(|f| f.reason.to_string())
                    .unwrap_or_default();
                return Some(Received::Closed(frame.map(|f| u16::from(f.code)), reason));
            }
            Some(Ok(_)) => continue,
            Some(Err(_)) | None => return Some(Received::Closed(None, String::new())),
        }
    }
}

/// The `changes` events of subscription `id` received within `wait`, until `count` arrived.
async fn events(socket: &mut Socket, id: &str, count: usize, wait: Duration) -> Vec<Value> {
    let mut out = Vec::new();
    while out.len() < count {
        match receive(socket, wait).await {
            Some(Received::Json(message)) if message["id"] == id => {
                assert!(
                    matches!(message["type"].as_str(), Some("next" | "data")),
                    "{message:#}"
                );
                assert!(message["payload"].get("errors").is_none(), "{message:#}");
                out.push(message["payload"]["data"]["changes"].clone());
            }
            Some(Received::Json(message)) if message["type"] == "connection_ack" => continue,
            other => panic!("expected {count} events, got {} then {other:?}", out.len()),
        }
    }
    out
}

/// The cursor of the latest committed change, paging the `changes` query to its end.
pub(crate) async fn last_cursor(app: &TestApp) -> Option<String> {
    let mut after: Option<String> = None;
    loop {
        let page = app
            .data(
                "query($after: String) { changes(first: 100, after: $after) {
                   edges { cursor } pageInfo { hasNextPage } } }",
                json!({ "after": after }),
            )
            .await;
        if let Some(last) = page["changes"]["edges"].as_array().and_then(|e| e.last()) {
            after = last["cursor"].as_str().map(str::to_owned);
        }
        if page["changes"]["pageInfo"]["hasNextPage"] != true {
            return after;
        }
    }
}

pub(crate) async fn project(app: &TestApp) -> (Value, i64) {
    let data = app
        .data(
            "query($key: String!) { project(key: $key) { id version } }",
            json!({ "key": KEY }),
        )
        .await;
    let version = data["project"]["version"].as_i64().expect("a version");
    (data["project"]["id"].clone(), version)
}

pub(crate) async fn rename(app: &TestApp, name: &str) {
    let (id, version) = project(app).await;
    let data = app
        .data(
            RENAME,
            json!({ "input": { "projectId": id, "expectedVersion": version, "name": name } }),
        )
        .await;
    assert_eq!(data["updateProject"]["userErrors"], json!([]), "{data:#}");
}

async fn replay_then_live_with_no_gap_or_duplicate(backend: Backend) {
    let app = spawn_app(backend).await;
    let start = last_cursor(&app).await;
    rename(&app, "回放一").await;
    rename(&app, "回放二").await;

    let mut socket = subscribed(&app, "1", &start).await;
    let replayed = events(&mut socket, "1", 2, Duration::from_secs(5)).await;
    assert_eq!(replayed[0]["node"]["newValue"], "回放一");
    assert_eq!(replayed[1]["node"]["newValue"], "回放二");
    assert_eq!(replayed[0]["node"]["field"], "name");
    assert_eq!(replayed[0]["node"]["project"]["key"], KEY);

    rename(&app, "实时三").await;
    let live = events(&mut socket, "1", 1, Duration::from_secs(5)).await;
    assert_eq!(live[0]["node"]["newValue"], "实时三");
    // Nothing more: the seam repeats nothing.
    assert!(
        receive(&mut socket, Duration::from_millis(500))
            .await
            .is_none()
    );

    // The stream's cursors are the query's, in the same order.
    let page = app
        .data(
            "query($after: String) { changes(first: 10, after: $after) { edges { cursor } } }",
            json!({ "after": start }),
        )
        .await;
    let queried: Vec<Value> = page["changes"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| e["cursor"].clone())
        .collect();
    let streamed: Vec<Value> = replayed
        .iter()
        .chain(&live)
        .map(|e| e["cursor"].clone())
        .collect();
    assert_eq!(queried, streamed);

    // Resuming from the stream's own cursor gives only what followed it.
    let mut again = connect(&app.base, "graphql-transport-ws", &app.token)
        .await
        .expect("connected");
    send(
        &mut again,
        json!({ "id": "2", "type": "subscribe",
        "payload": { "query": CHANGES, "variables": { "after": replayed[0]["cursor"] } } }),
    )
    .await;
    let resumed = events(&mut again, "2", 2, Duration::from_secs(5)).await;
    assert_eq!(resumed[0]["node"]["newValue"], "回放二");
    assert_eq!(resumed[1]["node"]["newValue"], "实时三");
}

async fn the_legacy_protocol_streams_the_same_changes(backend: Backend) {
    let app = spawn_app(backend).await;
    let start = last_cursor(&app).await;
    let mut socket = connect(&app.base, "graphql-ws", &app.token)
        .await
        .expect("connected");
    send(
        &mut socket,
        json!({ "id": "7", "type": "start",
        "payload": { "query": CHANGES, "variables": { "after": start } } }),
    )
    .await;
    rename(&app, "旧协议").await;
    let live = events(&mut socket, "7", 1, Duration::from_secs(5)).await;
    assert_eq!(live[0]["node"]["newValue"], "旧协议");
}

async fn a_refused_token_is_closed_at_init_and_a_revoked_one_ends_its_stream(backend: Backend) {
    let app = spawn_app(backend).await;
    let refused = connect(&app.base, "graphql-transport-ws", "pf_not-a-token").await;
    assert!(refused.is_err(), "an unknown token is not acknowledged");

    let viewer = app.token_for("viewer", "VIEWER", &[]).await;
    let mut socket = connect(&app.base, "graphql-transport-ws", &viewer)
        .await
        .expect("connected");
    send(
        &mut socket,
        json!({ "id": "1", "type": "subscribe",
        "payload": { "query": CHANGES, "variables": {} } }),
    )
    .await;
    // Subscribed from now on: nothing to replay.
    assert!(
        receive(&mut socket, Duration::from_millis(300))
            .await
            .is_none()
    );
    app.data(
        "mutation { revokeApiToken(input: { name: \"viewer\" }) { apiToken { revokedAt } } }",
        json!({}),
    )
    .await;
    // The revocation is itself a commit: the stream wakes, finds its token refused and ends.
    let mut refused_event = false;
    loop {
        match receive(&mut socket, Duration::from_secs(5)).await {
            Some(Received::Json(message)) if message["type"] == "complete" => break,
            Some(Received::Json(message)) => {
                let text = message.to_string();
                assert!(
                    text.contains("UNAUTHENTICATED") || text.contains("revoked"),
                    "{message:#}"
                );
                refused_event = true;
            }
            Some(Received::Closed(..)) => break,
            None => panic!("the revoked token's stream did not end"),
        }
    }
    assert!(refused_event, "the stream said why it ended");
}

/// A commit another instance made: written on a connection of its own, with the mark raised as
/// every commit raises it but without this process's doorbell, so that only PostgreSQL's
/// notification can tell the subscriber.
async fn commit_elsewhere(app: &TestApp, value: &str) {
    let other = service::db::connect(&app.db.url())
        .await
        .expect("another connection");
    let txn = other.begin().await.expect("a transaction");
    entity::change_log::ActiveModel {
        at: Set(chrono::Utc::now()),
        actor: Set("elsewhere".into()),
        entity_type: Set("project".into()),
        entity_id: Set(1),
        project_id: Set(Some(1)),
        field: Set("note".into()),
        new_value: Set(Some(value.into())),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .expect("an entry");
    service::mark::raise(&txn).await.expect("the mark raised");
    txn.commit().await.expect("committed");
    other.close().await.ok();
}

async fn another_instances_commit_arrives_within_a_second_even_after_the_listener_is_killed() {
    let app = spawn_app(Backend::Postgres).await;
    let mut socket = connect(&app.base, "graphql-transport-ws", &app.token)
        .await
        .expect("connected");
    send(
        &mut socket,
        json!({ "id": "1", "type": "subscribe",
        "payload": { "query": CHANGES, "variables": {} } }),
    )
    .await;
    // The listener starts with the first connection; let it take its LISTEN.
    tokio::time::sleep(Duration::from_millis(500)).await;
    commit_elsewhere(&app, "别处一").await;
    let first = events(&mut socket, "1", 1, Duration::from_secs(1)).await;
    assert_eq!(first[0]["node"]["newValue"], "别处一");

    let killed = app
        .db
        .db
        .query_all_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Postgres,
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = current_database() AND query LIKE 'LISTEN%'",
        ))
        .await
        .expect("the listener killed");
    assert_eq!(killed.len(), 1, "one listening connection");
    commit_elsewhere(&app, "别处二").await;
    commit_elsewhere(&app, "别处三").await;
    // Committed while nobody listened, or just after: delivered once the listener is back.
    let after = events(&mut socket, "1", 2, Duration::from_secs(5)).await;
    assert_eq!(after[0]["node"]["newValue"], "别处二");
    assert_eq!(after[1]["node"]["newValue"], "别处三");
    commit_elsewhere(&app, "别处四").await;
    let last = events(&mut socket, "1", 1, Duration::from_secs(1)).await;
    assert_eq!(last[0]["node"]["newValue"], "别处四");
}

/// One Server-Sent Event.
#[derive(Debug, Default)]
struct SseEvent {
    event: String,
    id: Option<String>,
    data: String,
}

/// Reads events from an SSE response until `count` `next` events arrived (or `wait` passed).
async fn sse_events(
    response: &mut reqwest::Response,
    count: usize,
    wait: Duration,
) -> Vec<SseEvent> {
    let deadline = tokio::time::Instant::now() + wait;
    let mut text = String::new();
    let mut out = Vec::new();
    while out.iter().filter(|e: &&SseEvent| e.event == "next").count() < count {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        let chunk = tokio::time::timeout(left, response.chunk())
            .await
            .unwrap_or_else(|_| panic!("{count} events expected, got {out:?}"))
            .expect("a chunk");
        let Some(chunk) = chunk else { break };
        text.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = text.find("\n\n") {
            let block: String = text.drain(..end + 2).collect();
            let mut event = SseEvent::default();
            for line in block.lines() {
                if let Some(v) = line.strip_prefix("event:") {
                    event.event = v.trim().to_owned();
                } else if let Some(v) = line.strip_prefix("id:") {
                    event.id = Some(v.trim().to_owned());
                } else if let Some(v) = line.strip_prefix("data:") {
                    event.data.push_str(v.trim_start());
                }
            }
            if !event.event.is_empty() {
                out.push(event);
            }
        }
    }
    out
}

async fn server_sent_events_resume_after_the_last_event_id(backend: Backend) {
    let app = spawn_app(backend).await;
    let start = last_cursor(&app).await;
    rename(&app, "推送一").await;
    rename(&app, "推送二").await;
    let request = |last: Option<&str>| {
        let mut request = app
            .graphql_request(Some(&app.token))
            .header("accept", "text/event-stream")
            .json(&json!({ "query": CHANGES, "variables": { "after": start } }));
        if let Some(last) = last {
            request = request.header("last-event-id", last);
        }
        request
    };
    let mut response = request(None).send().await.expect("a stream");
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .is_ok_and(|v| v.starts_with("text/event-stream"))
    );
    let first = sse_events(&mut response, 2, Duration::from_secs(5)).await;
    let next: Vec<&SseEvent> = first.iter().filter(|e| e.event == "next").collect();
    let payload: Value = serde_json::from_str(&next[0].data).expect("JSON");
    assert_eq!(payload["data"]["changes"]["node"]["newValue"], "推送一");
    // Each event's id is its change's cursor.
    assert_eq!(
        next[0].id.as_deref(),
        payload["data"]["changes"]["cursor"].as_str()
    );
    drop(response);

    rename(&app, "推送三").await;
    let mut resumed = request(next[0].id.as_deref())
        .send()
        .await
        .expect("a stream");
    let events = sse_events(&mut resumed, 2, Duration::from_secs(5)).await;
    let values: Vec<Value> = events
        .iter()
        .filter(|e| e.event == "next")
        .map(|e| serde_json::from_str::<Value>(&e.data).expect("JSON")["data"]["changes"]["node"]["newValue"].clone())
        .collect();
    assert_eq!(values, vec![json!("推送二"), json!("推送三")]);

    // A query over SSE is one `next` and `complete`.
    let mut query = app
        .graphql_request(Some(&app.token))
        .header("accept", "text/event-stream")
        .json(&json!({ "query": "{ me { name } }" }))
        .send()
        .await
        .expect("a stream");
    let events = sse_events(&mut query, 1, Duration::from_secs(5)).await;
    assert_eq!(events[0].event, "next");
    assert_eq!(
        serde_json::from_str::<Value>(&events[0].data).expect("JSON")["data"]["me"]["name"],
        "admin"
    );
    let rest = sse_events(&mut query, 1, Duration::from_secs(5)).await;
    assert!(rest.iter().any(|e| e.event == "complete"), "{rest:?}");
}

async fn concurrent_writers_reach_a_subscriber_exactly_once_in_cursor_order(backend: Backend) {
    let app = std::sync::Arc::new(spawn_app(backend).await);
    let start = last_cursor(&app).await;
    let mut socket = connect(&app.base, "graphql-transport-ws", &app.token)
        .await
        .expect("connected");
    let names = "subscription($after: String) { changes(after: $after, filter: { entityTypes: [\"project\"] }) {
        cursor node { field newValue } } }";
    send(
        &mut socket,
        json!({ "id": "1", "type": "subscribe",
        "payload": { "query": names, "variables": { "after": start } } }),
    )
    .await;
    let page = app
        .data(
            "{ projects(first: 4) { edges { node { id version } } } }",
            json!({}),
        )
        .await;
    let mut writers = Vec::new();
    for (n, edge) in page["projects"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .enumerate()
    {
        let app = app.clone();
        let id = edge["node"]["id"].clone();
        let mut version = edge["node"]["version"].as_i64().expect("a version");
        writers.push(tokio::spawn(async move {
            for round in 0..5 {
                let data = app
                    .data(
                        RENAME,
                        json!({ "input": { "projectId": id, "expectedVersion": version,
                                           "name": format!("并发 {n}-{round}") } }),
                    )
                    .await;
                assert_eq!(data["updateProject"]["userErrors"], json!([]), "{data:#}");
                version += 1;
            }
        }));
    }
    for writer in writers {
        writer.await.expect("a writer");
    }
    let streamed = events(&mut socket, "1", 20, Duration::from_secs(10)).await;
    assert!(
        receive(&mut socket, Duration::from_millis(500))
            .await
            .is_none(),
        "nothing twice"
    );
    let mut seen: Vec<String> = streamed
        .iter()
        .map(|e| e["node"]["newValue"].as_str().expect("a name").to_owned())
        .collect();
    seen.sort();
    let mut expected: Vec<String> = (0..4)
        .flat_map(|n| (0..5).map(move |round| format!("并发 {n}-{round}")))
        .collect();
    expected.sort();
    assert_eq!(seen, expected, "every commit exactly once");
    // Each writer's renames arrive in the order it committed them.
    for n in 0..4 {
        let mine: Vec<&str> = streamed
            .iter()
            .filter_map(|e| e["node"]["newValue"].as_str())
            .filter(|v| v.starts_with(&format!("并发 {n}-")))
            .collect();
        let ordered: Vec<String> = (0..5).map(|round| format!("并发 {n}-{round}")).collect();
        assert_eq!(mine, ordered);
    }
    // The stream's order is the query's.
    let queried = app
        .data(
            "query($after: String) { changes(first: 50, after: $after) { edges { cursor node { entityType } } } }",
            json!({ "after": start }),
        )
        .await;
    let queried: Vec<Value> = queried["changes"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .filter(|e| e["node"]["entityType"] == "project")
        .map(|e| e["cursor"].clone())
        .collect();
    let cursors: Vec<Value> = streamed.iter().map(|e| e["cursor"].clone()).collect();
    assert_eq!(cursors, queried);
}

async fn a_project_subscriber_gets_the_project_after_each_commit(backend: Backend) {
    let app = spawn_app(backend).await;
    let (id, version) = project(&app).await;
    let mut socket = connect(&app.base, "graphql-transport-ws", &app.token)
        .await
        .expect("connected");
    send(&mut socket, json!({ "id": "p", "type": "subscribe", "payload": {
        "query": "subscription($id: ID!) { projectChanged(projectId: $id) { cursor project { key name location version } } }",
        "variables": { "id": id } } }))
    .await;
    assert!(
        receive(&mut socket, Duration::from_millis(300))
            .await
            .is_none(),
        "from now on"
    );
    // One commit changing two fields is one event.
    let data = app
        .data(
            RENAME,
            json!({ "input": { "projectId": id, "expectedVersion": version,
                               "name": "订阅项目", "location": "霓屿" } }),
        )
        .await;
    assert_eq!(data["updateProject"]["userErrors"], json!([]), "{data:#}");
    let Some(Received::Json(message)) = receive(&mut socket, Duration::from_secs(5)).await else {
        panic!("no event");
    };
    let change = &message["payload"]["data"]["projectChanged"];
    assert_eq!(
        change["project"],
        json!({ "key": KEY, "name": "订阅项目", "location": "霓屿", "version": version + 1 })
    );
    assert!(change["cursor"].is_string());
    assert!(
        receive(&mut socket, Duration::from_millis(500))
            .await
            .is_none(),
        "one event per commit"
    );
    // A change to another project is not this subscriber's.
    let other = app
        .data(
            "{ project(key: \"DONGTOU-GREEN-01\") { id version } }",
            json!({}),
        )
        .await;
    let data = app
        .data(
            RENAME,
            json!({ "input": { "projectId": other["project"]["id"],
                               "expectedVersion": other["project"]["version"], "name": "别的项目" } }),
        )
        .await;
    assert_eq!(data["updateProject"]["userErrors"], json!([]));
    assert!(
        receive(&mut socket, Duration::from_millis(500))
            .await
            .is_none()
    );
}

async fn connections_and_subscriptions_are_bounded(backend: Backend) {
    let config = server::app::ServerConfig {
        max_subscription_connections: 1,
        max_subscriptions_per_connection: 1,
        ..server::app::ServerConfig::default()
    };
    let app = crate::helpers::spawn_app_with(backend, config).await;
    let mut first = connect(&app.base, "graphql-transport-ws", &app.token)
        .await
        .expect("connected");
    // A second connection is refused at the upgrade, with the code and status that say why.
    match tokio_tungstenite::connect_async(upgrade_request(&app.base, "graphql-transport-ws")).await
    {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            assert_eq!(response.status().as_u16(), 429);
            let body =
                String::from_utf8_lossy(response.body().as_deref().unwrap_or_default()).to_string();
            assert!(body.contains("TOO_MANY_SUBSCRIPTIONS"), "{body}");
        }
        other => panic!(
            "a second connection was not refused: {:?}",
            other.map(|_| ())
        ),
    }
    // One subscription per connection: the second is refused, the first goes on.
    for id in ["1", "2"] {
        send(
            &mut first,
            json!({ "id": id, "type": "subscribe",
            "payload": { "query": CHANGES, "variables": {} } }),
        )
        .await;
    }
    let Some(Received::Json(refused)) = receive(&mut first, Duration::from_secs(5)).await else {
        panic!("no answer to the second subscription");
    };
    assert_eq!(refused["id"], "2", "{refused:#}");
    assert!(
        refused.to_string().contains("TOO_MANY_SUBSCRIPTIONS"),
        "{refused:#}"
    );
    // The refused one is over; the first is not.
    if refused["type"] != "complete" {
        let Some(Received::Json(done)) = receive(&mut first, Duration::from_secs(5)).await else {
            panic!("the refused subscription was not completed");
        };
        assert_eq!(done, json!({ "id": "2", "type": "complete" }));
    }
    rename(&app, "有界").await;
    let live = events(&mut first, "1", 1, Duration::from_secs(5)).await;
    assert_eq!(live[0]["node"]["newValue"], "有界");
    // A closed connection gives its place back.
    first.close(None).await.ok();
    drop(first);
    let mut again = None;
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        if let Ok(socket) = connect(&app.base, "graphql-transport-ws", &app.token).await {
            again = Some(socket);
            break;
        }
    }
    assert!(again.is_some(), "the place was given back");
}

async fn shutdown_turns_unready_and_closes_with_1001_and_the_last_cursor(backend: Backend) {
    let app = spawn_app(backend).await;
    assert_eq!(app.get_as(None, "/readyz").await.status().as_u16(), 200);
    let start = last_cursor(&app).await;
    rename(&app, "停机前").await;
    let mut socket = subscribed(&app, "1", &start).await;
    let sent = events(&mut socket, "1", 1, Duration::from_secs(5)).await;
    app.state.begin_shutdown();
    assert_eq!(app.get_as(None, "/readyz").await.status().as_u16(), 503);
    let mut closed = None;
    while let Some(received) = receive(&mut socket, Duration::from_secs(5)).await {
        if let Received::Closed(code, reason) = received {
            closed = Some((code, reason));
            break;
        }
    }
    let (code, reason) = closed.expect("the socket was closed");
    assert_eq!(code, Some(1001), "closed as going away");
    // The reason names the last cursor sent, to resume from elsewhere.
    let cursor = sent[0]["cursor"].as_str().expect("a cursor");
    assert!(reason.contains(cursor), "{reason}");
}

crate::both_backends!(
    shutdown_turns_unready_and_closes_with_1001_and_the_last_cursor,
    connections_and_subscriptions_are_bounded,
    a_project_subscriber_gets_the_project_after_each_commit,
    concurrent_writers_reach_a_subscriber_exactly_once_in_cursor_order,
    server_sent_events_resume_after_the_last_event_id,
    replay_then_live_with_no_gap_or_duplicate,
    the_legacy_protocol_streams_the_same_changes,
    a_refused_token_is_closed_at_init_and_a_revoked_one_ends_its_stream,
);

mod another_instance {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    #[cfg_attr(not(pg_tests), ignore = "set TEST_DATABASE_URL to run on PostgreSQL")]
    async fn postgres() {
        super::another_instances_commit_arrives_within_a_second_even_after_the_listener_is_killed()
            .await
    }
}

crate::both_backends!(subscribers_of_one_document_and_token_share_one_execution);

/// Many dashboards on one document: subscribers with the same token and document share one
/// execution (a hub per token), each still receiving every event once, in order, until it
/// leaves; a revoked token ends its own hub's subscriptions and no other's.
async fn subscribers_of_one_document_and_token_share_one_execution(backend: Backend) {
    const LIVE: &str = "subscription { changes { cursor node { field newValue } } }";
    let app = spawn_app(backend).await;
    let viewer = app.token_for("wall", "VIEWER", &[]).await;
    let mut sockets = Vec::new();
    for token in [&app.token, &app.token, &app.token, &viewer] {
        let mut socket = connect(&app.base, "graphql-transport-ws", token)
            .await
            .expect("connected");
        send(
            &mut socket,
            json!({ "id": "1", "type": "subscribe", "payload": { "query": LIVE } }),
        )
        .await;
        sockets.push(socket);
    }
    // Subscribed from now on: nothing to replay, and two hubs, one per token.
    for socket in &mut sockets {
        assert!(
            receive(socket, Duration::from_millis(300)).await.is_none(),
            "nothing before the first commit"
        );
    }
    assert_eq!(app.state.hubs.running(), 2, "one execution per token");

    rename(&app, "海上风电一期").await;
    rename(&app, "海上风电二期").await;
    let mut seen = Vec::new();
    for socket in &mut sockets {
        let got = events(socket, "1", 2, Duration::from_secs(5)).await;
        let values: Vec<&Value> = got.iter().map(|e| &e["node"]["newValue"]).collect();
        assert_eq!(values, [&json!("海上风电一期"), &json!("海上风电二期")]);
        seen.push(got);
    }
    assert!(
        seen.windows(2).all(|w| w[0] == w[1]),
        "the same events, cursors and all"
    );
    for socket in &mut sockets {
        assert!(
            receive(socket, Duration::from_millis(200)).await.is_none(),
            "each event once"
        );
    }

    // One leaves; the others go on.
    let mut gone = sockets.remove(0);
    gone.close(None).await.expect("closed");
    rename(&app, "海上风电三期").await;
    for socket in &mut sockets {
        let got = events(socket, "1", 1, Duration::from_secs(5)).await;
        assert_eq!(got[0]["node"]["newValue"], json!("海上风电三期"));
    }

    // The viewer's token revoked: its subscription ends, the administrators' do not.
    app.data(
        "mutation { revokeApiToken(input: { name: \"wall\" }) { apiToken { revokedAt } } }",
        json!({}),
    )
    .await;
    let mut wall = sockets.pop().expect("the viewer's socket");
    let mut refused = false;
    loop {
        match receive(&mut wall, Duration::from_secs(5)).await {
            Some(Received::Json(message)) if message["type"] == "complete" => break,
            Some(Received::Json(message)) => {
                let text = message.to_string();
                if text.contains("UNAUTHENTICATED") || text.contains("revoked") {
                    refused = true;
                }
            }
            Some(Received::Closed(..)) => break,
            None => panic!("the revoked token's subscription did not end"),
        }
    }
    assert!(refused, "the stream said why it ended");
    rename(&app, "海上风电四期").await;
    for socket in &mut sockets {
        let got = events(socket, "1", 1, Duration::from_secs(5)).await;
        assert_eq!(got[0]["node"]["newValue"], json!("海上风电四期"));
    }
    assert_eq!(
        app.state.hubs.running(),
        1,
        "the viewer's hub ended with its token"
    );
}
