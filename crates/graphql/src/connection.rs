//! Relay connections: the paging arguments resolved once, under the service's page rule
//! ([`service::paging`]), for a project's records fetched a slice at a time through a loader, for
//! the few records already loaded whole (phases), and for records a service pages forward by
//! keyset (the change feed, lights, returns, problems).

use async_graphql::connection::{self, Connection, Edge};
use async_graphql::dataloader::Loader;
use async_graphql::{Context, OutputType, Result};
use service::record_page::{RecordPage, RecordSlice};

use crate::error::to_gql;
use crate::ids::Cursor;
use crate::loaders::{Batcher, LoadError, Loaders, load_error};

/// Relay arguments as the resolvers receive them: `after`, `before`, `first`, `last`.
pub type Args = (Option<String>, Option<String>, Option<i32>, Option<i32>);

/// The page size Relay arguments ask for, by the one page rule.
pub(crate) fn page_size(first: Option<usize>, last: Option<usize>) -> Result<usize> {
    let size = service::paging::page_size(first.map(as_u64), last.map(as_u64)).map_err(to_gql)?;
    Ok(usize::try_from(size).unwrap_or(usize::MAX))
}

fn as_u64(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// A connection over a project's records fetched a slice at a time (newest first).
pub(crate) async fn record_connection<T, N, L>(
    ctx: &Context<'_>,
    loader: impl Fn(&Loaders) -> &Batcher<(i32, RecordSlice), L>,
    project_id: i32,
    (after, before, first, last): Args,
    id_of: fn(&T) -> i32,
    wrap: fn(T) -> N,
) -> Result<Connection<Cursor, N>>
where
    T: Clone + Send + Sync + 'static,
    N: OutputType,
    L: Loader<(i32, RecordSlice), Value = RecordPage<T>, Error = LoadError>,
{
    let loaders = ctx.data::<Loaders>()?;
    connection::query(
        after,
        before,
        first,
        last,
        |after: Option<Cursor>, before: Option<Cursor>, first, last| async move {
            let limit = page_size(first, last)?;
            let slice = RecordSlice {
                limit: as_u64(limit),
                after: after.map(|c| c.0),
                before: before.map(|c| c.0),
                from_end: last.is_some(),
            };
            let page = loader(loaders)
                .load_one((project_id, slice))
                .await
                .map_err(load_error)?
                .unwrap_or_default();
            let (has_previous, has_next) = if slice.from_end {
                (page.more, slice.before.is_some())
            } else {
                (slice.after.is_some(), page.more)
            };
            let mut conn = Connection::new(has_previous, has_next);
            conn.edges.extend(
                page.items
                    .into_iter()
                    .map(|item| Edge::new(Cursor(id_of(&item)), wrap(item))),
            );
            Ok::<_, async_graphql::Error>(conn)
        },
    )
    .await
}

/// A connection over records loaded whole, in their order. Only for the handful a project has of
/// a kind (its phases): they are paged in memory after one batched load.
pub(crate) async fn loaded_connection<T, N>(
    items: Vec<T>,
    (after, before, first, last): Args,
    id_of: fn(&T) -> i32,
    wrap: fn(T) -> N,
) -> Result<Connection<Cursor, N>>
where
    T: Clone + Send + Sync,
    N: OutputType,
{
    connection::query(
        after,
        before,
        first,
        last,
        |after: Option<Cursor>, before: Option<Cursor>, first, last| async move {
            let limit = page_size(first, last)?;
            let position = |c: Cursor| items.iter().position(|p| id_of(p) == c.0);
            let start = after.map_or(0, |c| position(c).map_or(items.len(), |i| i + 1));
            let end = before.map_or(items.len(), |c| position(c).unwrap_or(0));
            let between = items.get(start..end.max(start)).unwrap_or_default();
            let (page, has_previous, has_next) = if last.is_some() {
                let from = between.len().saturating_sub(limit);
                (&between[from..], from > 0, end < items.len())
            } else {
                let to = between.len().min(limit);
                (&between[..to], start > 0, to < between.len())
            };
            let mut conn = Connection::new(has_previous, has_next);
            conn.edges.extend(
                page.iter()
                    .cloned()
                    .map(|item| Edge::new(Cursor(id_of(&item)), wrap(item))),
            );
            Ok::<_, async_graphql::Error>(conn)
        },
    )
    .await
}

/// A forward-only connection over records a service pages by keyset: `fetch` gets the record
/// after which to start (from the `after` cursor) and the page size under the page rule, and
/// answers the page and whether more follow; each record's cursor is `id_of` it.
pub(crate) async fn forward_connection<T, N, F, Fut>(
    after: Option<String>,
    first: Option<i32>,
    fetch: F,
    id_of: fn(&T) -> i32,
    wrap: fn(T) -> N,
) -> Result<Connection<Cursor, N>>
where
    N: OutputType,
    F: FnOnce(Option<i32>, u64) -> Fut,
    Fut: std::future::Future<Output = Result<(Vec<T>, bool), service::ServiceError>>,
{
    connection::query(
        after,
        None,
        first,
        None,
        |after: Option<Cursor>, _: Option<Cursor>, first, _| async move {
            let size = page_size(first, None)?;
            let (items, more) = fetch(after.map(|c| c.0), as_u64(size))
                .await
                .map_err(to_gql)?;
            let mut conn = Connection::new(after.is_some(), more);
            conn.edges.extend(
                items
                    .into_iter()
                    .map(|item| Edge::new(Cursor(id_of(&item)), wrap(item))),
            );
            Ok::<_, async_graphql::Error>(conn)
        },
    )
    .await
}
