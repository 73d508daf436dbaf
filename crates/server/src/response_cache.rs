//! Whole read responses, kept until the next committed write.
//!
//! A read's answer depends on its document, operation and variables, on who asks (their token:
//! roles and a manager's projects decide what is visible and what is allowed), on the data, and
//! for the reporting cycle's lights and deadlines on the office's date. The data is summed up by
//! the write mark ([`service::mark`]) read at the start of each request: every write raises it
//! in its own transaction, so an answer kept under mark `n` is never served once a write has
//! committed after it, on this instance or any other on the same database. A repeated dashboard
//! query between writes then costs the mark's read and a lookup here.
//!
//! Not kept: mutations and subscriptions, `asOf` reads (a moment in the past, answered from the
//! change log), a token's `lastUsedAt` (recorded to the minute without raising the mark, so that
//! a caller's use does not drop every kept answer), `reconciliation` (it exists to find rows
//! written around the service, which no mark records), batches and uploads, answers with any error (a time-out or a failure of the
//! moment must not stick), and requests with extensions. Memory is bounded in bytes (key and
//! answer together), the least recently used answers dropped first; a budget of 0 turns the cache
//! off.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, Selection, SelectionSet,
};
use axum::http::StatusCode;
use chrono::NaiveDate;
use lru::LruCache;

/// What an answer was computed for.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    /// The query text, operation name and variables, as sent.
    request: String,
    /// The caller's token (`None`: anonymous, in public-read mode).
    token: Option<i32>,
    /// The write mark the request read.
    writes: i64,
    /// The office's date.
    day: NaiveDate,
}

impl Key {
    /// What identifies a request's answer besides its caller and the mark (text, operation and
    /// variables), or `None` when its answer must not be kept.
    pub fn request_text(
        request: &async_graphql::Request,
        document: &ExecutableDocument,
    ) -> Option<String> {
        if !request.extensions.is_empty() || never_kept(document) {
            return None;
        }
        let variables = serde_json::to_string(&request.variables).ok()?;
        let operation = request.operation_name.as_deref().unwrap_or("");
        let mut text =
            String::with_capacity(request.query.len() + operation.len() + variables.len() + 2);
        text.push_str(&request.query);
        text.push('\0');
        text.push_str(operation);
        text.push('\0');
        text.push_str(&variables);
        Some(text)
    }

    /// The key of a request's answer for the caller of `token` under the mark `writes`.
    pub fn new(request: String, token: Option<i32>, writes: i64, day: NaiveDate) -> Self {
        Self {
            request,
            token,
            writes,
            day,
        }
    }

    /// [`Key::request_text`] and [`Key::new`] at once.
    pub fn of(
        request: &async_graphql::Request,
        document: &ExecutableDocument,
        token: Option<i32>,
        writes: i64,
        day: NaiveDate,
    ) -> Option<Self> {
        Self::request_text(request, document).map(|text| Self::new(text, token, writes, day))
    }

    fn bytes(&self) -> usize {
        self.request.len() + std::mem::size_of::<Self>()
    }
}

/// Fields whose answers are never kept: a token's `lastUsedAt` (see the module's comment) and
/// `reconciliation`, whose purpose is to find rows written around the service, which the mark
/// cannot see.
const NEVER_KEPT: [&str; 2] = ["lastUsedAt", "reconciliation"];

/// Whether the document reads what the mark does not cover: a field with an `asOf` argument (a
/// moment in the past) or one of [`NEVER_KEPT`].
fn never_kept(document: &ExecutableDocument) -> bool {
    fn walk(set: &SelectionSet) -> bool {
        set.items.iter().any(|item| match &item.node {
            Selection::Field(field) => {
                NEVER_KEPT.contains(&field.node.name.node.as_str())
                    || field
                        .node
                        .arguments
                        .iter()
                        .any(|(name, _)| name.node.as_str() == "asOf")
                    || walk(&field.node.selection_set.node)
            }
            Selection::InlineFragment(fragment) => walk(&fragment.node.selection_set.node),
            Selection::FragmentSpread(_) => false,
        })
    }
    let operations = match &document.operations {
        DocumentOperations::Single(op) => walk(&op.node.selection_set.node),
        DocumentOperations::Multiple(ops) => {
            ops.values().any(|op| walk(&op.node.selection_set.node))
        }
    };
    operations
        || document
            .fragments
            .values()
            .any(|f| walk(&f.node.selection_set.node))
}

/// A kept answer: the status chosen for it and its body as sent.
#[derive(Clone, Debug)]
pub struct Answer {
    /// The status for `application/graphql-response+json` (see `graphql_http::status_for`).
    pub status: StatusCode,
    /// The JSON body, shared by every response that sends it (a hit copies nothing).
    pub body: axum::body::Bytes,
    /// The caller's name, for the request's log line.
    pub actor: String,
}

fn hash(request: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    BuildHasherDefault::<DefaultHasher>::default().hash_one(request)
}

struct Entries {
    answers: LruCache<Key, Answer>,
    bytes: usize,
    /// Hashes of the requests (texts with variables) that were executed without an error: only
    /// those are looked up (see `graphql_http::answer_single`). Two requests sharing a hash cost
    /// no wrong answer, at most a read of the mark before a refused document is refused.
    seen: LruCache<u64, ()>,
}

/// Requests remembered as executed.
const SEEN: usize = 4096;

/// The cache: answers by key, bounded in bytes.
pub struct ResponseCache {
    entries: Mutex<Entries>,
    budget: usize,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl ResponseCache {
    /// A cache of at most `budget` bytes; 0 keeps nothing.
    pub fn new(budget: usize) -> Self {
        Self {
            entries: Mutex::new(Entries {
                answers: LruCache::unbounded(),
                bytes: 0,
                seen: LruCache::new(
                    std::num::NonZeroUsize::new(SEEN).unwrap_or(std::num::NonZeroUsize::MIN),
                ),
            }),
            budget,
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    /// Whether answers are kept at all.
    pub fn enabled(&self) -> bool {
        self.budget > 0
    }

    /// Whether `request` (a [`Key::request_text`]) was executed without an error before.
    pub fn seen(&self, request: &str) -> bool {
        let hash = hash(request);
        self.entries
            .lock()
            .is_ok_and(|mut entries| entries.seen.get(&hash).is_some())
    }

    /// Remembers that `request` was executed without an error.
    pub fn saw(&self, request: &str) {
        let hash = hash(request);
        if let Ok(mut entries) = self.entries.lock() {
            entries.seen.put(hash, ());
        }
    }

    /// The answer kept for `key`, counting a hit or a miss.
    pub fn get(&self, key: &Key) -> Option<Answer> {
        let found = self
            .entries
            .lock()
            .ok()
            .and_then(|mut entries| entries.answers.get(key).cloned());
        let counter = if found.is_some() {
            &self.hits
        } else {
            &self.misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        found
    }

    /// Keeps `answer` for `key`, dropping the least recently used answers to stay in budget (and
    /// keeping nothing larger than a quarter of it). Answers under an older mark are never asked
    /// for again; they age out first, as nothing reads them.
    pub fn put(&self, key: Key, answer: Answer) {
        let size = key.bytes() + answer.body.len() + answer.actor.len();
        if size > self.budget / 4 {
            return;
        }
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        let replaced = entries.answers.push(key, answer);
        entries.bytes += size;
        if let Some((old_key, old)) = replaced {
            entries.bytes -= old_key.bytes() + old.body.len() + old.actor.len();
        }
        while entries.bytes > self.budget {
            match entries.answers.pop_lru() {
                Some((old_key, old)) => {
                    entries.bytes -= old_key.bytes() + old.body.len() + old.actor.len();
                }
                None => break,
            }
        }
    }

    /// Answers served from the cache and answers computed, since the start; and bytes held.
    pub fn counts(&self) -> (u64, u64, usize) {
        let bytes = self.entries.lock().map(|e| e.bytes).unwrap_or(0);
        (
            self.hits.load(Ordering::Relaxed),
            self.misses.load(Ordering::Relaxed),
            bytes,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(query: &str, token: Option<i32>, writes: i64) -> Key {
        let request = async_graphql::Request::new(query);
        let document = async_graphql::parser::parse_query(query).expect("parses");
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date");
        Key::of(&request, &document, token, writes, day).expect("cacheable")
    }

    fn answer(body: &str) -> Answer {
        Answer {
            status: StatusCode::OK,
            body: axum::body::Bytes::copy_from_slice(body.as_bytes()),
            actor: "viewer".into(),
        }
    }

    #[test]
    fn an_answer_is_kept_for_its_caller_and_mark_only() {
        let cache = ResponseCache::new(1 << 20);
        cache.put(key("{ a }", Some(1), 7), answer("one"));
        assert_eq!(
            cache.get(&key("{ a }", Some(1), 7)).map(|a| a.body),
            Some(axum::body::Bytes::from_static(b"one"))
        );
        assert!(
            cache.get(&key("{ a }", Some(2), 7)).is_none(),
            "another caller"
        );
        assert!(cache.get(&key("{ a }", None, 7)).is_none(), "anonymous");
        assert!(
            cache.get(&key("{ a }", Some(1), 8)).is_none(),
            "after a write"
        );
        assert!(
            cache.get(&key("{ b }", Some(1), 7)).is_none(),
            "another query"
        );
        assert_eq!(cache.counts().0, 1);
        assert_eq!(cache.counts().1, 4);
    }

    #[test]
    fn as_of_reads_and_last_uses_are_never_kept() {
        let query = "{ project(key: \"K\") { history(asOf: \"2026-01-01T00:00:00Z\") { edges { cursor } } } }";
        let document = async_graphql::parser::parse_query(query).expect("parses");
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date");
        let request = async_graphql::Request::new(query);
        assert!(Key::of(&request, &document, Some(1), 1, day).is_none());
        let fragment = "query { ...F } fragment F on Query { projects(asOf: \"2026-01-01T00:00:00Z\") { totalCount } }";
        let document = async_graphql::parser::parse_query(fragment).expect("parses");
        assert!(
            Key::of(
                &async_graphql::Request::new(fragment),
                &document,
                Some(1),
                1,
                day
            )
            .is_none()
        );
        let used = "{ apiTokens { name lastUsedAt } }";
        let document = async_graphql::parser::parse_query(used).expect("parses");
        assert!(
            Key::of(
                &async_graphql::Request::new(used),
                &document,
                Some(1),
                1,
                day
            )
            .is_none()
        );
        let names = "{ apiTokens { name } }";
        let document = async_graphql::parser::parse_query(names).expect("parses");
        assert!(
            Key::of(
                &async_graphql::Request::new(names),
                &document,
                Some(1),
                1,
                day
            )
            .is_some()
        );
    }

    #[test]
    fn memory_stays_within_the_budget() {
        let cache = ResponseCache::new(4096);
        let body = "x".repeat(500);
        for n in 0..100 {
            cache.put(key(&format!("{{ a{n} }}"), Some(1), 1), answer(&body));
            assert!(cache.counts().2 <= 4096, "{} bytes held", cache.counts().2);
        }
        // The newest answer is kept, the oldest long gone.
        assert!(cache.get(&key("{ a99 }", Some(1), 1)).is_some());
        assert!(cache.get(&key("{ a0 }", Some(1), 1)).is_none());
        // Nothing larger than a quarter of the budget is kept.
        cache.put(key("{ big }", Some(1), 1), answer(&"y".repeat(2000)));
        assert!(cache.get(&key("{ big }", Some(1), 1)).is_none());
    }
}
