//! The caller of a request, established on first use: a request that fails validation (too deep,
//! too complex) is refused before any statement runs, token lookup included.

use std::sync::Arc;

use async_graphql::{Context, Result};
use sea_orm::DatabaseConnection;
use service::ServiceError;
use service::access::{self, Principal};
use service::catalog_cache::{CatalogCache, CatalogCopy};
use service::mark::{Mark, MarkReader};
use service::token_cache::TokenCache;
use tokio::sync::OnceCell;

use crate::error::to_gql;

/// The credentials a request came with. Clones share the caller once established, so that the
/// server can name the actor of a request after it ran.
#[derive(Clone)]
pub struct Auth {
    secret: Option<String>,
    request_id: Option<String>,
    public_read: bool,
    db: DatabaseConnection,
    /// Callers kept between requests, with the mark this request read (or `None`: read it when
    /// the caller is first needed, after the document was validated).
    cache: Option<(Arc<TokenCache>, Option<Mark>)>,
    /// Where the mark is read when the request has not read it: a read shared with the requests
    /// asking at the same time, or a read of its own when unset.
    marks: Option<Arc<MarkReader>>,
    /// Lists and categories kept between requests, served under the mark the caller was
    /// established under.
    catalog: Option<Arc<CatalogCache>>,
    /// The mark the caller was established under, once it is.
    mark: Arc<std::sync::OnceLock<Mark>>,
    principal: Arc<OnceCell<Result<Principal, Arc<ServiceError>>>>,
}

impl Auth {
    /// Credentials of a request: the bearer secret, if any, and whether anonymous reads are on.
    pub fn new(db: DatabaseConnection, secret: Option<String>, public_read: bool) -> Self {
        Self {
            secret,
            request_id: None,
            public_read,
            db,
            cache: None,
            marks: None,
            catalog: None,
            mark: Arc::default(),
            principal: Arc::new(OnceCell::new()),
        }
    }

    /// The same credentials, looked up through `cache` under the mark the request read, or under
    /// the mark as it is when the caller is first needed.
    pub fn with_cache(mut self, cache: Arc<TokenCache>, mark: Option<Mark>) -> Self {
        self.cache = Some((cache, mark));
        self
    }

    /// The same credentials, reading the mark through `marks` when it is needed.
    pub fn with_marks(mut self, marks: Arc<MarkReader>) -> Self {
        self.marks = Some(marks);
        self
    }

    /// The same credentials, with lists and categories served from `catalog` once the caller is
    /// established under a mark.
    pub fn with_catalog(mut self, catalog: Arc<CatalogCache>) -> Self {
        self.catalog = Some(catalog);
        self
    }

    /// Every list and category as committed when the caller was established, or later; `None`
    /// when the request keeps no catalog or read no mark (its caller was not looked up through
    /// the cache of callers), and then the request reads them itself.
    pub async fn catalog(&self) -> Option<Result<Arc<CatalogCopy>, Arc<ServiceError>>> {
        let (catalog, mark) = (self.catalog.as_ref()?, self.mark.get()?);
        Some(catalog.at(&self.db, *mark).await.map_err(Arc::new))
    }

    /// The mark as committed now (at some moment after this call began).
    async fn read_mark(&self) -> Result<Mark, Arc<ServiceError>> {
        match &self.marks {
            Some(marks) => marks.read().await,
            None => service::mark::current(&self.db).await,
        }
        .map_err(Arc::new)
    }

    /// The same credentials, for the request with this id (recorded with its changes).
    pub fn with_request_id(mut self, request_id: Option<String>) -> Self {
        self.request_id = request_id;
        self
    }

    /// The id of the request, when it has one.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// Credentials that are already established (command line, tests).
    pub fn established(db: DatabaseConnection, principal: Principal) -> Self {
        Self {
            secret: None,
            request_id: None,
            public_read: principal.public_read,
            db,
            cache: None,
            marks: None,
            catalog: None,
            mark: Arc::default(),
            principal: Arc::new(OnceCell::new_with(Some(Ok(principal)))),
        }
    }

    /// The caller, if the request has established it already (a request refused before any
    /// resolver ran never looks its token up).
    pub fn known_principal(&self) -> Option<&Principal> {
        self.principal.get().and_then(|p| p.as_ref().ok())
    }

    /// The caller; the token is looked up once per request.
    pub async fn principal(&self) -> Result<&Principal, Arc<ServiceError>> {
        self.principal
            .get_or_init(|| async {
                match (&self.secret, &self.cache) {
                    (Some(secret), Some((cache, mark))) => {
                        let mark = match mark {
                            Some(mark) => *mark,
                            None => self.read_mark().await?,
                        };
                        let _ = self.mark.set(mark);
                        cache
                            .authenticate(&self.db, mark, secret, self.public_read)
                            .await
                            .map_err(Arc::new)
                    }
                    (Some(secret), None) => {
                        access::authenticate(&self.db, secret, self.public_read)
                            .await
                            .map_err(Arc::new)
                    }
                    (None, _) => Ok(Principal::anonymous(self.public_read)),
                }
            })
            .await
            .as_ref()
            .map_err(Arc::clone)
    }
}

impl Auth {
    /// The caller as the token stands now, whatever was established before: for long-lived
    /// streams, which must end once their token is revoked. One read of the mark when the token
    /// is cached and unchanged.
    pub async fn reauthenticate(&self) -> Result<Principal, Arc<ServiceError>> {
        let Some(secret) = &self.secret else {
            return Ok(Principal::anonymous(self.public_read));
        };
        let mark = self.read_mark().await?;
        match &self.cache {
            Some((cache, _)) => {
                cache
                    .authenticate(&self.db, mark, secret, self.public_read)
                    .await
            }
            None => access::authenticate(&self.db, secret, self.public_read).await,
        }
        .map_err(Arc::new)
    }
}

/// The caller of the request `ctx` belongs to.
pub async fn principal<'a>(ctx: &Context<'a>) -> Result<&'a Principal> {
    ctx.data::<Auth>()?
        .principal()
        .await
        .map_err(crate::loaders::load_error)
}

/// The caller, who must be allowed to read.
pub async fn reader<'a>(ctx: &Context<'a>) -> Result<&'a Principal> {
    let principal = principal(ctx).await?;
    access::require_read(principal).map_err(to_gql)?;
    Ok(principal)
}
