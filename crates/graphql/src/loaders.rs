//! Per-request DataLoaders: each relation is fetched with one query per batch.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Arc;
use std::sync::Mutex;

use async_graphql::dataloader::Loader;
use chrono::{DateTime, Utc};
use futures_util::future::BoxFuture;
use sea_orm::DatabaseConnection;
use service::ServiceError;
use service::audit::{self, ChangeEntry};
use service::catalog::{self, Category, ProjectList};
use service::catalog_cache::CatalogCopy;
use service::phase::{self, Phase};
use service::progress::{self, ProgressReport};
use service::project::{self, Project};
use service::record_page::{RecordPage, RecordSlice};
use service::reporting::annual_plan::{self, AnnualPlan};
use service::reporting::monthly_return::{self, MonthlyReturn};
use service::reporting::period::Period;
use service::reporting::problem::{self, Problem};
use service::reporting::schedule::{self, ScheduleWarning};

use crate::auth::Auth;

/// A loader's error: shared so that every waiting field sees the same failure.
pub type LoadError = Arc<ServiceError>;

macro_rules! by_key_loader {
    ($(#[$doc:meta])* $name:ident, $key:ty, $value:ty, $fetch:path) => {
        $(#[$doc])*
        pub struct $name(pub DatabaseConnection);

        impl Loader<$key> for $name {
            type Value = $value;
            type Error = LoadError;

            async fn load(&self, keys: &[$key]) -> Result<HashMap<$key, Self::Value>, Self::Error> {
                $fetch(&self.0, keys).await.map_err(Arc::new)
            }
        }
    };
}

by_key_loader!(
    /// Plans by id.
    PlanLoader, i32, service::plan::Plan, service::plan::plans_by_ids
);
/// A catalog loader: served from the request's kept copy of lists and categories when it has
/// one (see [`crate::Auth::catalog`]). What the copy lacks (a row a replica has replayed since
/// the copy was read) and every row of a request without a copy are read from the request's
/// database.
macro_rules! catalog_loader {
    ($(#[$doc:meta])* $name:ident, $value:ty, $fetch:path, $from_copy:expr) => {
        $(#[$doc])*
        pub struct $name {
            db: DatabaseConnection,
            auth: Option<Auth>,
        }

        impl Loader<i32> for $name {
            type Value = $value;
            type Error = LoadError;

            async fn load(&self, keys: &[i32]) -> Result<HashMap<i32, Self::Value>, Self::Error> {
                let copy = match &self.auth {
                    Some(auth) => auth.catalog().await.transpose()?,
                    None => None,
                };
                let from_copy: fn(&CatalogCopy, i32) -> Option<$value> = $from_copy;
                let mut found = HashMap::with_capacity(keys.len());
                let mut missing = Vec::new();
                for &key in keys {
                    match copy.as_deref().and_then(|copy| from_copy(copy, key)) {
                        Some(value) => {
                            found.insert(key, value);
                        }
                        None => missing.push(key),
                    }
                }
                if !missing.is_empty() {
                    found.extend($fetch(&self.db, &missing).await.map_err(Arc::new)?);
                }
                Ok(found)
            }
        }
    };
}

catalog_loader!(
    /// Lists by id.
    ListLoader, ProjectList, catalog::lists_by_ids,
    |copy, id| copy.list(id).cloned()
);
catalog_loader!(
    /// Categories by id.
    CategoryLoader, Category, catalog::categories_by_ids,
    |copy, id| copy.category(id).cloned()
);
catalog_loader!(
    /// The categories of lists, by list id.
    CategoriesOfListLoader, Vec<Category>, catalog::categories_by_list_ids,
    |copy, id| copy.categories_of_list(id).map(<[Category]>::to_vec)
);
by_key_loader!(
    /// Projects by id.
    ProjectLoader, i32, Project, project::projects_by_ids
);
by_key_loader!(
    /// Every listing of physical projects (one per plan it is listed in), by physical id.
    ListingsLoader, i32, Vec<Project>, project::listing::listings_by_physical_ids
);
by_key_loader!(
    /// Phases by id.
    PhaseLoader, i32, Phase, phase::phases_by_ids
);
by_key_loader!(
    /// The phases of projects, by project id.
    PhasesOfProjectLoader, i32, Vec<Phase>, phase::phases_by_project_ids
);
by_key_loader!(
    /// Progress reports by id.
    ReportLoader, i32, ProgressReport, progress::reports_by_ids
);
by_key_loader!(
    /// The latest progress report of projects, by project id.
    LatestReportLoader, i32, ProgressReport, progress::latest_by_project_ids
);
by_key_loader!(
    /// Change-log entries by id.
    ChangeLoader, i32, ChangeEntry, audit::entries_by_ids
);
by_key_loader!(
    /// Problems by id.
    ProblemLoader, i32, Problem, problem::problems_by_ids
);
by_key_loader!(
    /// The problems of projects, by project id.
    ProblemsOfProjectLoader, i32, Vec<Problem>, problem::problems_by_project_ids
);

by_key_loader!(
    /// The annual plans of projects, by project id, oldest year first.
    AnnualPlansOfProjectLoader, i32, Vec<AnnualPlan>, annual_plan::plans_by_project_ids
);
by_key_loader!(
    /// Monthly returns by id.
    MonthlyReturnLoader, i32, MonthlyReturn, monthly_return::returns_by_ids
);
by_key_loader!(
    /// Every monthly return of projects, by project id, newest month first.
    MonthlyReturnsOfProjectLoader, i32, Vec<MonthlyReturn>, monthly_return::returns_by_project_ids
);

/// What a light is asked for: the project, the month, and the moment read at (now when `None`).
pub type WarningKey = (i32, Period, Option<DateTime<Utc>>);

/// Schedule lights: keys are grouped by month and moment, and each group is judged in one batch
/// (a page of projects asks every project for the same month).
pub struct WarningLoader(pub DatabaseConnection);

impl Loader<WarningKey> for WarningLoader {
    type Value = ScheduleWarning;
    type Error = LoadError;

    async fn load(
        &self,
        keys: &[WarningKey],
    ) -> Result<HashMap<WarningKey, Self::Value>, Self::Error> {
        let mut groups: HashMap<(Period, Option<DateTime<Utc>>), Vec<i32>> = HashMap::new();
        for (project, period, at) in keys {
            groups.entry((*period, *at)).or_default().push(*project);
        }
        let mut out = HashMap::new();
        for ((period, at), projects) in groups {
            let mut lights = schedule::warnings_of_projects(&self.0, &projects, period, at)
                .await
                .map_err(Arc::new)?;
            for project in projects {
                if let Some(light) = lights.remove(&project) {
                    out.insert((project, period, at), light);
                }
            }
        }
        Ok(out)
    }
}

/// Loaders of per-project record pages: keys are grouped by slice and each group is fetched with
/// one statement (a page of projects asks every project for the same slice, so one in all).
macro_rules! record_page_loader {
    ($(#[$doc:meta])* $name:ident, $value:ty, $fetch:path) => {
        $(#[$doc])*
        pub struct $name(pub DatabaseConnection);

        impl Loader<(i32, RecordSlice)> for $name {
            type Value = RecordPage<$value>;
            type Error = LoadError;

            async fn load(
                &self,
                keys: &[(i32, RecordSlice)],
            ) -> Result<HashMap<(i32, RecordSlice), Self::Value>, Self::Error> {
                let mut groups: HashMap<RecordSlice, Vec<i32>> = HashMap::new();
                for (project, slice) in keys {
                    groups.entry(*slice).or_default().push(*project);
                }
                let mut out = HashMap::new();
                for (slice, projects) in groups {
                    let mut pages = $fetch(&self.0, &projects, slice).await.map_err(Arc::new)?;
                    for project in projects {
                        let page = pages.remove(&project).unwrap_or_default();
                        out.insert((project, slice), page);
                    }
                }
                Ok(out)
            }
        }
    };
}

record_page_loader!(
    /// Pages of projects' progress reports, by (project id, slice).
    ReportPagesLoader, ProgressReport, progress::pages_by_project_ids
);
record_page_loader!(
    /// Pages of projects' change history, by (project id, slice).
    HistoryPagesLoader, ChangeEntry, audit::pages_by_project_ids
);

/// The loaders of one request (or, for subscriptions, of every stream of an instance: a clone
/// shares the batches, and is one pointer, which every subscription connection holds).
#[derive(Clone)]
pub struct Loaders(Arc<LoaderSet>);

impl std::ops::Deref for Loaders {
    type Target = LoaderSet;

    fn deref(&self) -> &LoaderSet {
        &self.0
    }
}

/// One batching loader per kind of row.
pub struct LoaderSet {
    /// Lists by id.
    pub lists: Batcher<i32, ListLoader>,
    /// Plans by id.
    pub plans: Batcher<i32, PlanLoader>,
    /// Categories by id.
    pub categories: Batcher<i32, CategoryLoader>,
    /// Categories by list id.
    pub categories_of_list: Batcher<i32, CategoriesOfListLoader>,
    /// Projects by id.
    pub projects: Batcher<i32, ProjectLoader>,
    /// Listings by physical project id.
    pub listings: Batcher<i32, ListingsLoader>,
    /// Phases by id.
    pub phases: Batcher<i32, PhaseLoader>,
    /// Phases by project id.
    pub phases_of_project: Batcher<i32, PhasesOfProjectLoader>,
    /// Reports by id.
    pub reports: Batcher<i32, ReportLoader>,
    /// Latest report by project id.
    pub latest_report: Batcher<i32, LatestReportLoader>,
    /// Report pages by project and slice.
    pub report_pages: Batcher<(i32, RecordSlice), ReportPagesLoader>,
    /// Change entries by id.
    pub changes: Batcher<i32, ChangeLoader>,
    /// History pages by project and slice.
    pub history_pages: Batcher<(i32, RecordSlice), HistoryPagesLoader>,
    /// Annual plans by project id.
    pub annual_plans_of_project: Batcher<i32, AnnualPlansOfProjectLoader>,
    /// Monthly returns by id.
    pub monthly_returns: Batcher<i32, MonthlyReturnLoader>,
    /// Monthly returns by project id.
    pub monthly_returns_of_project: Batcher<i32, MonthlyReturnsOfProjectLoader>,
    /// Schedule lights by project, month and moment.
    pub warnings: Batcher<WarningKey, WarningLoader>,
    /// Problems by id.
    pub problems: Batcher<i32, ProblemLoader>,
    /// Problems by project id.
    pub problems_of_project: Batcher<i32, ProblemsOfProjectLoader>,
}

/// A request-scoped batching loader. Keys asked for while the request runs are collected; the
/// batch is handed to the request's executor, which starts it once the request cannot progress
/// without it, and it takes every key collected by then, at its first poll. No timer decides
/// the batch size, so the number of statements a request costs is the same on every run.
pub struct Batcher<K, T: Loader<K>>
where
    K: Send + Sync + Hash + Eq + Clone + 'static,
{
    loader: Arc<T>,
    pending: Arc<Mutex<Vec<Waiter<K, T>>>>,
    spawner: Spawner,
}

type Waiter<K, T> = (
    K,
    tokio::sync::oneshot::Sender<Result<Option<<T as Loader<K>>::Value>, <T as Loader<K>>::Error>>,
);

impl<K, T> Clone for Batcher<K, T>
where
    K: Send + Sync + Hash + Eq + Clone + 'static,
    T: Loader<K>,
{
    fn clone(&self) -> Self {
        Self {
            loader: self.loader.clone(),
            pending: self.pending.clone(),
            spawner: self.spawner.clone(),
        }
    }
}

impl<K, T> Batcher<K, T>
where
    K: Send + Sync + Hash + Eq + Clone + 'static,
    T: Loader<K, Error = LoadError>,
{
    fn new(loader: T, spawner: Spawner) -> Self {
        Self {
            loader: Arc::new(loader),
            pending: Arc::new(Mutex::new(Vec::new())),
            spawner,
        }
    }

    /// The value for `key`, loaded together with every other key asked for meanwhile.
    pub async fn load_one(&self, key: K) -> Result<Option<T::Value>, LoadError> {
        let (sender, receiver) = tokio::sync::oneshot::channel();
        let first = {
            let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
            pending.push((key, sender));
            pending.len() == 1
        };
        if first {
            let pending = self.pending.clone();
            let loader = self.loader.clone();
            // The keys are taken when the executor starts the batch, all batches of a round at
            // once, so no batch can grow by keys that an earlier batch's result produced.
            (self.spawner)(Box::new(move || {
                let batch = std::mem::take(&mut *pending.lock().unwrap_or_else(|e| e.into_inner()));
                Box::pin(async move {
                    let mut keys: Vec<K> = Vec::with_capacity(batch.len());
                    for (key, _) in &batch {
                        if !keys.contains(key) {
                            keys.push(key.clone());
                        }
                    }
                    let result = loader.load(&keys).await;
                    for (key, sender) in batch {
                        let _ = sender.send(match &result {
                            Ok(values) => Ok(values.get(&key).cloned()),
                            Err(err) => Err(err.clone()),
                        });
                    }
                })
            }));
        }
        receiver.await.unwrap_or_else(|_| {
            Err(Arc::new(ServiceError::internal(
                "a batch load was abandoned",
            )))
        })
    }
}

/// Where a request's loaders hand their batches: the request's own executor, which starts them
/// only once every resolver that can run has run (see [`crate::schema::execute`]).
pub type Spawner = Arc<dyn Fn(Starter) + Send + Sync>;

/// Starts a batch: takes the keys collected so far and returns the future that loads them.
pub type Starter = Box<dyn FnOnce() -> BoxFuture<'static, ()> + Send>;

impl Loaders {
    /// Fresh loaders over `db` whose batches go to `spawner`; made per request so nothing is
    /// served stale. Lists and categories come from the catalog `auth` keeps, when it does.
    pub fn new(db: &DatabaseConnection, spawner: Spawner, auth: Option<&Auth>) -> Self {
        let d = || db.clone();
        fn make<K, T: Loader<K, Error = LoadError>>(loader: T, spawner: &Spawner) -> Batcher<K, T>
        where
            K: Send + Sync + Hash + Eq + Clone + 'static,
        {
            Batcher::new(loader, spawner.clone())
        }
        Self(Arc::new(LoaderSet {
            lists: make(
                ListLoader {
                    db: d(),
                    auth: auth.cloned(),
                },
                &spawner,
            ),
            plans: make(PlanLoader(d()), &spawner),
            categories: make(
                CategoryLoader {
                    db: d(),
                    auth: auth.cloned(),
                },
                &spawner,
            ),
            categories_of_list: make(
                CategoriesOfListLoader {
                    db: d(),
                    auth: auth.cloned(),
                },
                &spawner,
            ),
            projects: make(ProjectLoader(d()), &spawner),
            listings: make(ListingsLoader(d()), &spawner),
            phases: make(PhaseLoader(d()), &spawner),
            phases_of_project: make(PhasesOfProjectLoader(d()), &spawner),
            reports: make(ReportLoader(d()), &spawner),
            latest_report: make(LatestReportLoader(d()), &spawner),
            report_pages: make(ReportPagesLoader(d()), &spawner),
            changes: make(ChangeLoader(d()), &spawner),
            history_pages: make(HistoryPagesLoader(d()), &spawner),
            annual_plans_of_project: make(AnnualPlansOfProjectLoader(d()), &spawner),
            monthly_returns: make(MonthlyReturnLoader(d()), &spawner),
            monthly_returns_of_project: make(MonthlyReturnsOfProjectLoader(d()), &spawner),
            warnings: make(WarningLoader(d()), &spawner),
            problems: make(ProblemLoader(d()), &spawner),
            problems_of_project: make(ProblemsOfProjectLoader(d()), &spawner),
        }))
    }
}

/// A loader failure as a GraphQL error (internal failures are logged once, by [`crate::error::to_gql`]).
pub fn load_error(err: LoadError) -> async_graphql::Error {
    crate::error::to_gql(Arc::unwrap_or_clone(err))
}
