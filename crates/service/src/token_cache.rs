//! Callers kept between requests: a token seen once is not looked up again until a write to
//! tokens or assignments raises the mark's token counter ([`crate::mark`]).
//!
//! Each request reads the mark (one primary-key read, which the response cache needs anyway); a
//! cached caller whose token counter is older than the mark's is looked up again. A revocation
//! raises the counter in its own transaction, so the first request after it commits, on any
//! instance, finds its token refused: there is no window in which a revoked token still works,
//! and no time-to-live to tune. Unknown and revoked secrets are never kept (a guess costs a
//! lookup, as before); at most `capacity` callers are kept, the least recently seen dropped first.

use std::num::NonZeroUsize;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Utc};
use lru::LruCache;
use sea_orm::DatabaseConnection;

use crate::ServiceResult;
use crate::access::{self, Principal};
use crate::mark::Mark;

/// A caller as looked up, with the token counter it was looked up under.
#[derive(Clone)]
struct Cached {
    principal: Principal,
    tokens: i64,
    last_used: DateTime<Utc>,
}

/// Callers by the hash of their secret.
pub struct TokenCache {
    callers: Mutex<LruCache<String, Cached>>,
    enabled: bool,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl TokenCache {
    /// A cache of at most `capacity` callers; 0 looks every request's token up.
    pub fn new(capacity: usize) -> Self {
        Self {
            callers: Mutex::new(LruCache::new(
                NonZeroUsize::new(capacity).unwrap_or(NonZeroUsize::MIN),
            )),
            enabled: capacity > 0,
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    /// The principal `secret` stands for, given the mark read at the start of the request.
    pub async fn authenticate(
        &self,
        db: &DatabaseConnection,
        mark: Mark,
        secret: &str,
        public_read: bool,
    ) -> ServiceResult<Principal> {
        let key = access::hash_secret(secret);
        if self.enabled
            && let Some(cached) = self.fresh(&key, mark)
        {
            self.hits.fetch_add(1, Ordering::Relaxed);
            let now = Utc::now();
            if access::use_due(cached.last_used, now)
                && let Some(token_id) = cached.principal.token_id
            {
                access::touch(db, token_id, now).await?;
                self.remember(key, &cached.principal, cached.tokens, now);
            }
            return Ok(Principal {
                public_read,
                ..cached.principal
            });
        }
        self.misses.fetch_add(1, Ordering::Relaxed);
        let (principal, last_used) = access::look_up(db, secret, public_read).await?;
        if self.enabled {
            self.remember(key, &principal, mark.tokens, last_used);
        }
        Ok(principal)
    }

    /// The cached caller of `key`, unless a write to tokens committed after it was looked up.
    fn fresh(&self, key: &str, mark: Mark) -> Option<Cached> {
        let mut callers = self.callers.lock().ok()?;
        match callers.get(key) {
            Some(cached) if cached.tokens == mark.tokens => Some(cached.clone()),
            Some(_) => {
                callers.pop(key);
                None
            }
            None => None,
        }
    }

    fn remember(&self, key: String, principal: &Principal, tokens: i64, last_used: DateTime<Utc>) {
        if let Ok(mut callers) = self.callers.lock() {
            callers.put(
                key,
                Cached {
                    principal: principal.clone(),
                    tokens,
                    last_used,
                },
            );
        }
    }

    /// Requests whose caller came from the cache, and requests that looked the token up.
    pub fn counts(&self) -> (u64, u64) {
        (
            self.hits.load(Ordering::Relaxed),
            self.misses.load(Ordering::Relaxed),
        )
    }
}
