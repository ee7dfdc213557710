//! Turning unexpected failures into an `Internal` error whose details stay in the log.
use crate::error::AppError;
use std::fmt::Display;

/// A short random reference that a user can quote and an operator can find in the log.
pub fn new_ref_id() -> String {
    let id = uuid::Uuid::new_v4().simple().to_string();
    id[..12].to_owned()
}

/// Logs `err` with a fresh reference and returns the generic error the browser may see.
pub fn internal(context: &str, err: impl Display) -> AppError {
    let ref_id = new_ref_id();
    tracing::error!(%ref_id, error = %err, "{context}");
    AppError::Internal { ref_id }
}

impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
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
