//! Per-request DataLoaders: each relation is fetched with one `IN (…)` query per batch.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::{DataLoader, Loader};
use sea_orm::DatabaseConnection;
use service::ServiceError;
use service::catalog::{self, Category, ProjectList};
use service::project::{self, Phase};

/// A loader's error: shared so that every waiting field sees the same failure.
pub type LoadError = Arc<ServiceError>;

/// Loads lists by id.
pub struct ListLoader(pub DatabaseConnection);
/// Loads categories by id.
pub struct CategoryLoader(pub DatabaseConnection);
/// Loads the categories of lists, by list id.
pub struct CategoriesOfListLoader(pub DatabaseConnection);
/// Loads the phases of projects, by project id.
pub struct PhasesOfProjectLoader(pub DatabaseConnection);

impl Loader<i32> for ListLoader {
    type Value = ProjectList;
    type Error = LoadError;

    async fn load(&self, keys: &[i32]) -> Result<HashMap<i32, Self::Value>, Self::Error> {
        catalog::lists_by_ids(&self.0, keys).await.map_err(Arc::new)
    }
}

impl Loader<i32> for CategoryLoader {
    type Value = Category;
    type Error = LoadError;

    async fn load(&self, keys: &[i32]) -> Result<HashMap<i32, Self::Value>, Self::Error> {
        catalog::categories_by_ids(&self.0, keys)
            .await
            .map_err(Arc::new)
    }
}

impl Loader<i32> for CategoriesOfListLoader {
    type Value = Vec<Category>;
    type Error = LoadError;

    async fn load(&self, keys: &[i32]) -> Result<HashMap<i32, Self::Value>, Self::Error> {
        catalog::categories_by_list_ids(&self.0, keys)
            .await
            .map_err(Arc::new)
    }
}

impl Loader<i32> for PhasesOfProjectLoader {
    type Value = Vec<Phase>;
    type Error = LoadError;

    async fn load(&self, keys: &[i32]) -> Result<HashMap<i32, Self::Value>, Self::Error> {
        project::phases_by_project_ids(&self.0, keys)
            .await
            .map_err(Arc::new)
    }
}

/// The loaders of one request.
pub struct Loaders {
    /// Lists by id.
    pub lists: DataLoader<ListLoader>,
    /// Categories by id.
    pub categories: DataLoader<CategoryLoader>,
    /// Categories by list id.
    pub categories_of_list: DataLoader<CategoriesOfListLoader>,
    /// Phases by project id.
    pub phases_of_project: DataLoader<PhasesOfProjectLoader>,
}

impl Loaders {
    /// Fresh loaders over `db`; made per request so nothing is served stale.
    pub fn new(db: &DatabaseConnection) -> Self {
        Self {
            lists: DataLoader::new(ListLoader(db.clone()), tokio_spawn),
            categories: DataLoader::new(CategoryLoader(db.clone()), tokio_spawn),
            categories_of_list: DataLoader::new(CategoriesOfListLoader(db.clone()), tokio_spawn),
            phases_of_project: DataLoader::new(PhasesOfProjectLoader(db.clone()), tokio_spawn),
        }
    }
}

fn tokio_spawn(fut: futures_util::future::BoxFuture<'static, ()>) {
    drop(tokio::spawn(fut));
}

/// A loader failure as a GraphQL error (internal failures are logged once, in `to_gql`).
pub fn load_error(err: LoadError) -> async_graphql::Error {
    match Arc::try_unwrap(err) {
        Ok(err) => crate::error::to_gql(err),
        Err(shared) => match &*shared {
            ServiceError::Database(db) => {
                tracing::error!(error = %db, "database failure in a batch load");
                crate::error::internal()
            }
            other => async_graphql::Error::new(other.to_string()),
        },
    }
}
