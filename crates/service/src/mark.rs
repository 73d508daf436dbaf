//! The committed-write mark: how a reader knows, with one primary-key read, whether anything was
//! written since it last looked.
//!
//! Every write transaction raises the mark's `writes` counter before it commits (writes to tokens
//! and their assignments raise `tokens` too). The `UPDATE` takes the mark row's lock and holds it
//! until the transaction ends, so concurrent writers raise it one after the other in the order
//! they commit: once a reader sees the mark at `n`, every write that raised it to `n` or below is
//! committed and visible to the reader's next statement. That makes the mark a key for what is
//! derived from the data: an answer computed after reading mark `n` holds at least every write up
//! to `n`, and a later write raises the mark, so the answer is never served for it again.
//!
//! The cost is that writers serialise from the moment they raise the mark to their commit, which
//! is why the raise is the last statement of a write ([`commit`]), after the checks and row writes
//! that can run side by side. Raising it last also means that no writer holding the mark's lock
//! ever waits for another row's lock, so the mark cannot take part in a deadlock.

use entity::write_mark;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter};

use crate::{ServiceError, ServiceResult};

/// The mark's counters as one read saw them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Mark {
    /// Raised by every committed write.
    pub writes: i64,
    /// Raised by every committed write to tokens or their project assignments.
    pub tokens: i64,
}

const ROW: i32 = 1;

/// The mark as committed now.
pub async fn current(db: &impl ConnectionTrait) -> ServiceResult<Mark> {
    let row = write_mark::Entity::find_by_id(ROW)
        .one(db)
        .await?
        .ok_or_else(|| ServiceError::internal("the write mark's row is missing"))?;
    Ok(Mark {
        writes: row.writes,
        tokens: row.tokens,
    })
}

/// Ends a write: raises the mark and commits `txn`. Every write transaction ends here.
pub async fn commit(txn: DatabaseTransaction) -> ServiceResult<()> {
    bump(&txn, false).await?;
    txn.commit().await?;
    Ok(())
}

/// Ends a write to tokens or their assignments: raises the mark and its token counter (every
/// cached caller is looked up again after it) and commits `txn`.
pub async fn commit_tokens(txn: DatabaseTransaction) -> ServiceResult<()> {
    bump(&txn, true).await?;
    txn.commit().await?;
    Ok(())
}

/// Raises the mark outside a write of the service's own: after data was loaded in bulk, so
/// that nothing computed before it is served again.
pub async fn raise(db: &impl ConnectionTrait) -> ServiceResult<()> {
    bump(db, false).await
}

async fn bump(txn: &impl ConnectionTrait, tokens: bool) -> ServiceResult<()> {
    let mut update = write_mark::Entity::update_many()
        .col_expr(
            write_mark::Column::Writes,
            Expr::col(write_mark::Column::Writes).add(1),
        )
        .filter(write_mark::Column::Id.eq(ROW));
    if tokens {
        update = update.col_expr(
            write_mark::Column::Tokens,
            Expr::col(write_mark::Column::Tokens).add(1),
        );
    }
    let done = update.exec(txn).await?;
    if done.rows_affected != 1 {
        return Err(ServiceError::internal("the write mark's row is missing"));
    }
    Ok(())
}
