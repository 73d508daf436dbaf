//! Fetching rows for a batch of ids in one statement: what every DataLoader of the schema asks
//! the service for, so that a page of 100 projects costs one statement per relation, not 100.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::ServiceResult;

/// The rows of `E` whose `column` is one of `ids`, keyed by `key_of` and converted to `T`.
pub async fn by_ids<E, T>(
    db: &impl ConnectionTrait,
    column: E::Column,
    ids: &[i32],
    key_of: fn(&E::Model) -> i32,
) -> ServiceResult<HashMap<i32, T>>
where
    E: EntityTrait,
    T: From<E::Model>,
{
    let rows = E::find()
        .filter(column.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|m| (key_of(&m), T::from(m))).collect())
}

/// The rows of `E` whose `column` is one of `ids`, grouped by `key_of` and ordered within each
/// group by `order`.
pub async fn grouped_by<E, T>(
    db: &impl ConnectionTrait,
    column: E::Column,
    ids: &[i32],
    order: E::Column,
    key_of: fn(&E::Model) -> i32,
) -> ServiceResult<HashMap<i32, Vec<T>>>
where
    E: EntityTrait,
    T: From<E::Model>,
{
    let rows = E::find()
        .filter(column.is_in(ids.iter().copied()))
        .order_by_asc(column)
        .order_by_asc(order)
        .all(db)
        .await?;
    let mut groups: HashMap<i32, Vec<T>> = HashMap::new();
    for row in rows {
        groups.entry(key_of(&row)).or_default().push(T::from(row));
    }
    Ok(groups)
}
