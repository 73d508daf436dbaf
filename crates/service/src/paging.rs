//! The one rule for page sizes and what a page costs.
//!
//! Every connection (projects, phases, reports, history, the change feed) holds at most
//! [`MAX_PAGE_SIZE`] records and [`DEFAULT_PAGE_SIZE`] when the client names no size. A request's
//! cost, which the schema bounds before anything runs, counts a connection as its page size times
//! the cost of one record ([`connection_cost`]): the number the service will at most fetch.

use crate::{ServiceError, ServiceResult};

/// The most records one page may hold.
pub const MAX_PAGE_SIZE: u64 = 100;
/// Records on a page when the client names no size.
pub const DEFAULT_PAGE_SIZE: u64 = 20;

/// The page size Relay arguments ask for: `first` or `last` (not both), at most
/// [`MAX_PAGE_SIZE`], [`DEFAULT_PAGE_SIZE`] when neither is given.
pub fn page_size(first: Option<u64>, last: Option<u64>) -> ServiceResult<u64> {
    if first.is_some() && last.is_some() {
        return Err(ServiceError::validation(
            "last",
            "give either `first` or `last`, not both",
        ));
    }
    let field = if first.is_some() { "first" } else { "last" };
    match first.or(last) {
        Some(n) if n > MAX_PAGE_SIZE => Err(ServiceError::validation(
            field,
            format!("at most {MAX_PAGE_SIZE} records fit on one page; asked for {n}"),
        )),
        Some(n) => Ok(n),
        None => Ok(DEFAULT_PAGE_SIZE),
    }
}

/// The cost of a connection field: one for the field itself plus its page size (the size asked
/// for, capped as [`page_size`] caps it) times the cost of one record.
/// Negative sizes (refused later, when the field runs) cost nothing.
pub fn connection_cost(first: Option<i32>, last: Option<i32>, per_record: usize) -> usize {
    let size = first.or(last).map_or(DEFAULT_PAGE_SIZE, |n| {
        u64::try_from(n).unwrap_or(0).min(MAX_PAGE_SIZE)
    });
    usize::try_from(size)
        .unwrap_or(usize::MAX)
        .saturating_mul(per_record)
        .saturating_add(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_hold_the_default_or_what_is_asked_up_to_the_cap() -> ServiceResult<()> {
        assert_eq!(page_size(None, None)?, 20);
        assert_eq!(page_size(Some(7), None)?, 7);
        assert_eq!(page_size(None, Some(100))?, 100);
        assert!(matches!(
            page_size(Some(101), None),
            Err(ServiceError::Validation { field, .. }) if field == "first"
        ));
        assert!(matches!(
            page_size(None, Some(101)),
            Err(ServiceError::Validation { field, .. }) if field == "last"
        ));
        assert!(matches!(
            page_size(Some(1), Some(1)),
            Err(ServiceError::Validation { field, .. }) if field == "last"
        ));
        Ok(())
    }

    #[test]
    fn a_connection_costs_its_page_times_a_record() {
        assert_eq!(connection_cost(None, None, 3), 61);
        assert_eq!(connection_cost(Some(5), None, 2), 11);
        assert_eq!(connection_cost(None, Some(1000), 2), 201);
        assert_eq!(connection_cost(Some(-5), None, 2), 1);
        assert_eq!(
            connection_cost(Some(i32::MAX), None, usize::MAX),
            usize::MAX
        );
    }
}
