//! Parsed documents, kept: each distinct query text is parsed once and its document shared by
//! every request that sends it again (dashboards send the same few documents all day).
//!
//! The cache is keyed by the whole query text, not by a hash of it, so two texts can never share
//! a document; it holds at most a bounded number of documents of bounded size, dropping the
//! least recently used. A text that does not parse is not kept: the executor parses it again
//! and reports where it fails.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use async_graphql::Request;
use async_graphql::parser::parse_query;
use async_graphql::parser::types::ExecutableDocument;
use lru::LruCache;

/// Parsed documents by query text, least recently used dropped first.
pub struct DocumentCache {
    documents: Mutex<LruCache<String, Arc<ExecutableDocument>>>,
    longest: usize,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl DocumentCache {
    /// A cache of at most `capacity` documents whose texts are at most `longest` bytes; a
    /// capacity of 0 keeps nothing (every request parses its document).
    pub fn new(capacity: usize, longest: usize) -> Self {
        Self {
            documents: Mutex::new(LruCache::new(
                NonZeroUsize::new(capacity).unwrap_or(NonZeroUsize::MIN),
            )),
            longest: if capacity == 0 { 0 } else { longest },
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    /// The document of `query`, parsed now or earlier; `None` when it does not parse.
    pub fn get_or_parse(&self, query: &str) -> Option<Arc<ExecutableDocument>> {
        let cacheable = query.len() <= self.longest;
        if cacheable && let Some(document) = self.documents.lock().ok()?.get(query).cloned() {
            self.hits.fetch_add(1, Ordering::Relaxed);
            return Some(document);
        }
        self.misses.fetch_add(1, Ordering::Relaxed);
        let document = Arc::new(parse_query(query).ok()?);
        if cacheable && let Ok(mut documents) = self.documents.lock() {
            documents.put(query.to_owned(), document.clone());
        }
        Some(document)
    }

    /// Requests answered from the cache and requests that parsed, since the start.
    pub fn counts(&self) -> (u64, u64) {
        (
            self.hits.load(Ordering::Relaxed),
            self.misses.load(Ordering::Relaxed),
        )
    }
}

/// `request` with its document already parsed: the executor uses it instead of parsing the text
/// again (it takes the document to change it, hence the copy).
pub fn with_document(mut request: Request, document: &ExecutableDocument) -> Request {
    request.set_parsed_query(document.clone());
    request
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_parsed_once_and_a_broken_one_never_kept() {
        let cache = DocumentCache::new(2, 1000);
        let a = cache.get_or_parse("{ a }");
        let again = cache.get_or_parse("{ a }");
        assert!(matches!((&a, &again), (Some(x), Some(y)) if Arc::ptr_eq(x, y)));
        assert!(cache.get_or_parse("{ a ").is_none());
        assert_eq!(cache.counts(), (1, 2));
        // Two more texts push the least recently used one out.
        cache.get_or_parse("{ b }");
        cache.get_or_parse("{ c }");
        let fresh = cache.get_or_parse("{ a }");
        assert!(matches!((&a, &fresh), (Some(x), Some(y)) if !Arc::ptr_eq(x, y)));
    }

    #[test]
    fn long_texts_and_a_zero_capacity_keep_nothing() {
        let cache = DocumentCache::new(8, 4);
        let first = cache.get_or_parse("{ long }");
        let second = cache.get_or_parse("{ long }");
        assert!(matches!((&first, &second), (Some(x), Some(y)) if !Arc::ptr_eq(x, y)));
        let off = DocumentCache::new(0, 1000);
        off.get_or_parse("{ a }");
        off.get_or_parse("{ a }");
        assert_eq!(off.counts(), (0, 2));
    }
}
