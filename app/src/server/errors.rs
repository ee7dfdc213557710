//! Turning unexpected failures into an `Internal` error whose details stay in the log.
use crate::error::AppError;
use std::fmt::Display;

/// The reference a user can quote and an operator can find in the log: the request's own id when
/// the failure happened while answering it, else a fresh one.
pub fn new_ref_id() -> String {
    super::request_id::current().unwrap_or_else(super::request_id::fresh)
}

/// Logs `err` with a fresh reference and returns the generic error the browser may see.
pub fn internal(context: &str, err: impl Display) -> AppError {
    let ref_id = new_ref_id();
    tracing::error!(%ref_id, error = %err, "{context}");
    AppError::Internal { ref_id }
}

/// The database's own guards (triggers and constraints named in the migrations) refuse what two
/// people racing each other could otherwise both get; they answer in words, not as a failure.
const GUARDS: [(&str, &str); 2] = [
    (
        "deployments_no_double_booking",
        "the expert is already committed to another deployment over these dates",
    ),
    (
        "positions_seat_limit",
        "every seat of this position has been taken",
    ),
];

/// What the databases say when two writers could not both go on: SQLite's write lock not
/// granted within the busy timeout, PostgreSQL's deadlock or serialization failure. Writers take
/// locks in one order (`tx::write`, `repo::locks`), so these should not happen; when they do, the
/// person is told to try again (nothing was written), and the log says where.
const CONTENTION: [&str; 4] = [
    "database is locked",
    "database table is locked",
    "deadlock detected",
    "could not serialize access",
];

impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        let text = err.to_string();
        if let Some((_, message)) = GUARDS.iter().find(|(name, _)| text.contains(name)) {
            return AppError::Conflict((*message).to_owned());
        }
        if CONTENTION.iter().any(|c| text.contains(c)) {
            tracing::warn!(error = %err, "write refused under contention; asked to try again");
            return AppError::Busy;
        }
        internal("database error", err)
    }
}

impl From<sea_orm::TransactionError<AppError>> for AppError {
    fn from(err: sea_orm::TransactionError<AppError>) -> Self {
        match err {
            sea_orm::TransactionError::Connection(db) => db.into(),
            sea_orm::TransactionError::Transaction(app) => app,
        }
    }
}
