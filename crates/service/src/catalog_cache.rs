//! Every list and category kept between requests under the write mark: the plan's frame, which a
//! page of projects names on every row and which changes only with an import.
//!
//! A copy read after the mark stood at `writes` holds every write committed up to then, since
//! every write raises the mark in its own transaction. It therefore answers any request that read
//! the mark at `writes` or lower (that is, whose last acknowledged write it already holds), and a
//! request that read a higher mark reads a new copy. The mark a request reads is read after the
//! request arrived, so it never receives a frame older than a write acknowledged before that.
//! The copy is read from the primary: a request served by a replica may see a list or category
//! its replica has not replayed yet, never one older than its replica's.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use sea_orm::ConnectionTrait;
use tokio::sync::OnceCell;

use crate::ServiceResult;
use crate::catalog::{Catalog, Category, ProjectList};
use crate::mark::Mark;

/// Every list and category as committed at some moment after a mark was read.
#[derive(Debug)]
pub struct CatalogCopy {
    catalog: Catalog,
    /// The categories of each list, in heading order; a list without any has an empty entry.
    of_list: HashMap<i32, Vec<Category>>,
}

impl CatalogCopy {
    /// Reads the copy (two statements), for the mark read before.
    async fn read(db: &impl ConnectionTrait) -> ServiceResult<Self> {
        let catalog = Catalog::load_unchecked(db).await?;
        let mut of_list: HashMap<i32, Vec<Category>> =
            catalog.lists.keys().map(|&id| (id, Vec::new())).collect();
        for category in catalog.categories.values() {
            of_list
                .entry(category.list_id)
                .or_default()
                .push(category.clone());
        }
        for categories in of_list.values_mut() {
            categories.sort_by_key(|c| (c.ordinal, c.id));
        }
        Ok(Self { catalog, of_list })
    }

    /// Every list and category of the copy.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The list with this id, if it existed when the copy was read.
    pub fn list(&self, id: i32) -> Option<&ProjectList> {
        self.catalog.lists.get(&id)
    }

    /// The category with this id, if it existed when the copy was read.
    pub fn category(&self, id: i32) -> Option<&Category> {
        self.catalog.categories.get(&id)
    }

    /// The categories of the list with this id in heading order, if the list existed when the
    /// copy was read.
    pub fn categories_of_list(&self, id: i32) -> Option<&[Category]> {
        self.of_list.get(&id).map(Vec::as_slice)
    }
}

/// The copy of the highest mark read so far, and the reading of it while it is under way.
type Slot = (i64, Arc<OnceCell<Arc<CatalogCopy>>>);

/// The kept copy, shared by every request of an instance.
#[derive(Debug, Default)]
pub struct CatalogCache {
    slot: Mutex<Option<Slot>>,
}

impl CatalogCache {
    /// An empty cache: the first request reads the copy.
    pub fn new() -> Self {
        Self::default()
    }

    /// The copy for a request that read `mark`, read from `primary` when the kept one is older.
    /// Requests that need a new copy at once share one reading of it.
    pub async fn at(
        &self,
        primary: &impl ConnectionTrait,
        mark: Mark,
    ) -> ServiceResult<Arc<CatalogCopy>> {
        let cell = {
            // Every change under the lock is one assignment, so a poisoned lock still holds a
            // whole slot.
            let mut slot = self.slot.lock().unwrap_or_else(PoisonError::into_inner);
            match &*slot {
                Some((writes, cell)) if *writes >= mark.writes => cell.clone(),
                _ => {
                    let cell = Arc::new(OnceCell::new());
                    *slot = Some((mark.writes, cell.clone()));
                    cell
                }
            }
        };
        let copy = cell
            .get_or_try_init(|| async { CatalogCopy::read(primary).await.map(Arc::new) })
            .await?;
        Ok(copy.clone())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU64, Ordering};

    use sea_orm::{DbBackend, Statement};

    use super::*;

    async fn seeded() -> ServiceResult<(sea_orm::DatabaseConnection, std::path::PathBuf)> {
        crate::db::scratch("catalog-cache", true).await
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_copy_serves_its_mark_and_a_raised_mark_reads_a_new_one() -> ServiceResult<()> {
        let (mut db, path) = seeded().await?;
        let statements = Arc::new(AtomicU64::new(0));
        let counter = statements.clone();
        db.set_metric_callback(move |_| {
            counter.fetch_add(1, Ordering::SeqCst);
        });
        let cache = CatalogCache::new();
        let mark = crate::mark::current(&db).await?;
        let green = crate::catalog::list_categories(&db)
            .await?
            .into_iter()
            .find(|c| c.code == "GREEN")
            .ok_or_else(|| crate::ServiceError::internal("the seed has a GREEN category"))?;

        let counted = statements.load(Ordering::SeqCst);
        let copies = futures_util::future::join_all((0..5).map(|_| cache.at(&db, mark))).await;
        // Five requests at once: one reading, of the lists and of the categories.
        assert_eq!(statements.load(Ordering::SeqCst) - counted, 2);
        for copy in copies {
            let copy = copy?;
            assert_eq!(copy.category(green.id), Some(&green));
            let of_list = copy.categories_of_list(green.list_id).unwrap_or_default();
            assert!(of_list.contains(&green));
            assert!(of_list.windows(2).all(|w| w[0].ordinal < w[1].ordinal));
        }

        // Renamed by hand and the mark raised, as every write does in its transaction.
        db.execute_raw(Statement::from_sql_and_values(
            DbBackend::Sqlite,
            "UPDATE category SET name = '改名' WHERE id = ?",
            [green.id.into()],
        ))
        .await?;
        // A request that read the old mark may still be answered from the old copy...
        assert_eq!(
            cache
                .at(&db, mark)
                .await?
                .category(green.id)
                .map(|c| c.name.as_str()),
            Some(green.name.as_str())
        );
        crate::mark::raise(&db).await?;
        let raised = crate::mark::current(&db).await?;
        // ...but one that read the raised mark reads the rename.
        let renamed = cache.at(&db, raised).await?;
        assert_eq!(
            renamed.category(green.id).map(|c| c.name.as_str()),
            Some("改名")
        );
        // And a late request of the old mark is answered by the newer copy, which holds all
        // it must.
        let counted = statements.load(Ordering::SeqCst);
        let late = cache.at(&db, mark).await?;
        assert_eq!(statements.load(Ordering::SeqCst), counted);
        assert_eq!(
            late.category(green.id).map(|c| c.name.as_str()),
            Some("改名")
        );
        drop((cache, db));
        let _ = std::fs::remove_file(path);
        Ok(())
    }
}
