//! Opening transactions: every write path begins here, so concurrent writers queue instead of
//! failing.
//!
//! SQLite has one writer at a time. A transaction opened the default way (`BEGIN DEFERRED`) reads
//! first and asks for the write lock only at its first write; if another connection committed in
//! between, its read snapshot is stale and SQLite refuses the upgrade at once with "database is
//! locked" — the busy timeout does not apply to that case. `BEGIN IMMEDIATE` takes the write lock
//! at the start, waiting for it under the busy timeout, so a writer never holds a stale snapshot.
//! On PostgreSQL the mode means nothing; row locks (see [`crate::server::repo::locks`]) order
//! writers there.
use sea_orm::{
    DatabaseConnection, DatabaseTransaction, DbErr, SqliteTransactionMode, TransactionOptions,
    TransactionTrait,
};

/// A transaction that will write: on SQLite it holds the write lock from its first statement.
#[expect(
    clippy::disallowed_methods,
    reason = "the one place a write transaction is opened"
)]
pub async fn write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    })
    .await
}

/// A transaction that only reads (one consistent snapshot) and is rolled back or committed
/// without having written: it never waits for, or holds, the write lock.
#[expect(
    clippy::disallowed_methods,
    reason = "the one place a read-only transaction is opened"
)]
pub async fn read(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin().await
}

/// Runs `work` in a write transaction and commits when it succeeds; an error rolls everything
/// back (the transaction is dropped unfinished).
pub async fn in_write<F, T>(db: &DatabaseConnection, work: F) -> Result<T, crate::error::AppError>
where
    F: for<'c> FnOnce(
            &'c DatabaseTransaction,
        ) -> std::pin::Pin<
            Box<dyn std::future::Future<Output = Result<T, crate::error::AppError>> + Send + 'c>,
        > + Send,
    T: Send,
{
    let txn = write(db).await?;
    let out = work(&txn).await?;
    txn.commit().await?;
    Ok(out)
}
