//! The bounds of a subscription connection that live only in time: a consumer that stops
//! reading is closed (and resumes from its last event with nothing lost), and a connection that
//! holds no subscription is closed after the idle time-out while a subscribed one stays; and a
//! cursor older than the history kept is refused as expired, never silently skipped.

use std::net::SocketAddr;
use std::time::Duration;

use sea_orm::{EntityTrait, TransactionTrait};
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, spawn_app_with};
use crate::live::{
    CHANGES, Received, Socket, connect, last_cursor, receive, rename, send, subscribed,
    upgrade_request,
};

/// Entries written at once, each with a value of [`VALUE_BYTES`]: 12 MB, more than the kernel's
/// socket buffers hold.
const ENTRIES: usize = 600;
const VALUE_BYTES: usize = 20_000;

/// A client whose socket takes at most a few KiB before the server must wait for it to read.
async fn slow_client(app: &TestApp) -> Socket {
    let addr: SocketAddr = app
        .base
        .trim_start_matches("http://")
        .parse()
        .expect("an address");
    let socket = tokio::net::TcpSocket::new_v4().expect("a socket");
    socket.set_recv_buffer_size(4096).expect("a small buffer");
    let stream = socket.connect(addr).await.expect("connected");
    let (mut socket, _) = tokio_tungstenite::client_async(
        upgrade_request(&app.base, "graphql-transport-ws"),
        tokio_tungstenite::MaybeTlsStream::Plain(stream),
    )
    .await
    .expect("upgraded");
    send(
        &mut socket,
        json!({ "type": "connection_init",
        "payload": { "Authorization": format!("Bearer {}", app.token) } }),
    )
    .await;
    match receive(&mut socket, Duration::from_secs(5)).await {
        Some(Received::Json(message)) if message["type"] == "connection_ack" => socket,
        other => panic!("expected an acknowledgement, got {other:?}"),
    }
}

/// The value of entry `i`: its number, then padding.
fn value(i: usize) -> String {
    format!("{i:04}{}", "x".repeat(VALUE_BYTES - 4))
}

/// Writes [`ENTRIES`] large change-log entries in one commit, as a bulk load would.
async fn bulk_commit(app: &TestApp) {
    let txn = app.db.db.begin().await.expect("a transaction");
    for chunk in (0..ENTRIES).collect::<Vec<_>>().chunks(50) {
        let rows = chunk.iter().map(|&i| entity::change_log::ActiveModel {
            at: sea_orm::Set(chrono::Utc::now()),
            actor: sea_orm::Set("bulk".into()),
            entity_type: sea_orm::Set("project".into()),
            entity_id: sea_orm::Set(1),
            project_id: sea_orm::Set(Some(1)),
            field: sea_orm::Set("note".into()),
            new_value: sea_orm::Set(Some(value(i))),
            ..Default::default()
        });
        entity::change_log::Entity::insert_many(rows)
            .exec(&txn)
            .await
            .expect("entries written");
    }
    service::mark::raise(&txn).await.expect("the mark raised");
    txn.commit().await.expect("committed");
    service::mark::ring_anyway();
}

/// The numbers of the bulk entries among `events`.
fn numbers(events: &[Value]) -> Vec<usize> {
    events
        .iter()
        .filter_map(|e| e["node"]["newValue"].as_str())
        .filter_map(|v| v.get(..4)?.parse().ok())
        .collect()
}

async fn a_consumer_that_stops_reading_is_closed_and_resumes_with_nothing_lost(backend: Backend) {
    let config = server::app::ServerConfig {
        slow_consumer_timeout: Duration::from_secs(1),
        ..Default::default()
    };
    let app = spawn_app_with(backend, config).await;
    let start = last_cursor(&app).await;
    let mut socket = slow_client(&app).await;
    send(
        &mut socket,
        json!({ "id": "1", "type": "subscribe",
        "payload": { "query": CHANGES, "variables": { "after": start } } }),
    )
    .await;
    bulk_commit(&app).await;

    // The client reads nothing: the server gives up on it instead of waiting for ever.
    let mut open = usize::MAX;
    for _ in 0..150 {
        open = app.state.sockets.load(std::sync::atomic::Ordering::SeqCst);
        if open == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(open, 0, "the slow consumer's connection was closed");

    // What reached the client before the close is intact, in order; then the close.
    let mut received = Vec::new();
    let closed = loop {
        match receive(&mut socket, Duration::from_secs(5)).await {
            Some(Received::Json(message)) if message["id"] == "1" => {
                received.push(message["payload"]["data"]["changes"].clone());
            }
            Some(Received::Json(message)) => panic!("unexpected {message:#}"),
            Some(Received::Closed(code, reason)) => break (code, reason),
            None => panic!("neither an event nor the close"),
        }
    };
    let got = numbers(&received);
    assert!(got.len() < ENTRIES, "the server stopped before the end");
    assert_eq!(got, (0..got.len()).collect::<Vec<_>>());
    if let (Some(code), reason) = &closed {
        // The frame made it through: it says why, and where to resume.
        assert_eq!(*code, 1013, "{reason}");
        assert!(
            reason.starts_with("slow consumer; resume after"),
            "{reason}"
        );
    }

    // Resuming after the last event received gives the rest, exactly once.
    let after = match received.last() {
        Some(last) => last["cursor"].as_str().map(str::to_owned),
        None => start,
    };
    let mut again = subscribed(&app, "2", &after).await;
    let mut rest = Vec::new();
    while got.len() + rest.len() < ENTRIES {
        match receive(&mut again, Duration::from_secs(10)).await {
            Some(Received::Json(message)) if message["id"] == "2" => {
                rest.push(message["payload"]["data"]["changes"].clone());
            }
            other => panic!("after {} more events: {other:?}", rest.len()),
        }
    }
    assert_eq!(numbers(&rest), (got.len()..ENTRIES).collect::<Vec<_>>());
}

async fn a_connection_without_subscriptions_is_closed_when_idle(backend: Backend) {
    let config = server::app::ServerConfig {
        subscription_idle_timeout: Duration::from_millis(400),
        ..Default::default()
    };
    let app = spawn_app_with(backend, config).await;
    let start = last_cursor(&app).await;
    let mut idle = connect(&app.base, "graphql-transport-ws", &app.token)
        .await
        .expect("connected");
    let mut busy = subscribed(&app, "1", &start).await;
    match receive(&mut idle, Duration::from_secs(5)).await {
        Some(Received::Closed(code, reason)) => {
            assert_eq!(code, Some(1000), "{reason}");
            assert!(reason.starts_with("idle"), "{reason}");
        }
        other => panic!("expected the idle connection closed, got {other:?}"),
    }
    // Well past the time-out, the subscribed connection still gets what is committed.
    tokio::time::sleep(Duration::from_millis(600)).await;
    rename(&app, "仍在订阅").await;
    match receive(&mut busy, Duration::from_secs(5)).await {
        Some(Received::Json(message)) => {
            assert_eq!(
                message["payload"]["data"]["changes"]["node"]["newValue"],
                "仍在订阅"
            );
        }
        other => panic!("expected the change, got {other:?}"),
    }
}

async fn a_cursor_older_than_the_history_kept_is_expired(backend: Backend) {
    let app = spawn_app_with(backend, server::app::ServerConfig::default()).await;
    let first = app
        .data("{ changes(first: 2) { edges { cursor } } }", json!({}))
        .await;
    let oldest = first["changes"]["edges"][0]["cursor"].clone();
    // An operator archives the oldest entry out of the table.
    let archived = entity::change_log::Entity::find()
        .one(&app.db.db)
        .await
        .expect("read")
        .expect("an entry");
    entity::change_log::Entity::delete_by_id(archived.id)
        .exec(&app.db.db)
        .await
        .expect("archived");

    assert_eq!(paging_after(&app, &oldest).await, "CURSOR_EXPIRED");

    let mut socket = subscribed(&app, "1", &oldest.as_str().map(str::to_owned)).await;
    match receive(&mut socket, Duration::from_secs(5)).await {
        Some(Received::Json(message)) => {
            assert_eq!(message["type"], "next", "{message:#}");
            assert_eq!(
                message["payload"]["errors"][0]["extensions"]["code"], "CURSOR_EXPIRED",
                "{message:#}"
            );
        }
        other => panic!("expected the refusal, got {other:?}"),
    }

    // A cursor that names nothing at all, past the newest entry, is invalid, not expired.
    let newest = last_cursor(&app).await.expect("a cursor");
    let beyond = {
        use base64::Engine as _;
        let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let text = engine.decode(&newest).expect("base64");
        let id: i64 = String::from_utf8_lossy(&text)
            .strip_prefix("cursor:")
            .and_then(|n| n.parse().ok())
            .expect("a numbered cursor");
        engine.encode(format!("cursor:{}", id + 1000))
    };
    assert_eq!(paging_after(&app, &json!(beyond)).await, "VALIDATION");
}

/// The error code of the `changes` query paged after `after` (null when it succeeds).
async fn paging_after(app: &TestApp, after: &Value) -> Value {
    let answer = app
        .post(
            "query($after: String) { changes(first: 1, after: $after) { edges { cursor } } }",
            json!({ "after": after }),
        )
        .await;
    answer["errors"][0]["extensions"]["code"].clone()
}

crate::both_backends!(
    a_cursor_older_than_the_history_kept_is_expired,
    a_consumer_that_stops_reading_is_closed_and_resumes_with_nothing_lost,
    a_connection_without_subscriptions_is_closed_when_idle,
);
