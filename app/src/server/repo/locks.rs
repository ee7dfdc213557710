//! Row locks that put writers about one record in a queue: decisions about one expert, one
//! deployment or one position are taken one at a time, on both databases.
use crate::error::AppError;
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};

/// A table whose rows may be held.
#[derive(Debug, Clone, Copy)]
pub enum Held {
    Experts,
    Deployments,
    Positions,
    Requests,
}

impl Held {
    /// The table, and a column rewritten with its own value to take the row.
    fn table(self) -> (&'static str, &'static str) {
        match self {
            Held::Experts => ("experts", "version"),
            Held::Deployments => ("deployments", "version"),
            Held::Positions => ("request_positions", "updated_at"),
            Held::Requests => ("mission_requests", "version"),
        }
    }
}

/// Takes a row for the rest of the transaction with a write that changes nothing: a row lock on
/// PostgreSQL, released at commit or rollback. On SQLite the write transaction already holds the
/// database's one write lock (`tx::write`), so this only costs a lookup.
pub async fn hold(db: &impl ConnectionTrait, table: Held, id: uuid::Uuid) -> Result<(), AppError> {
    let backend = db.get_database_backend();
    let placeholder = match backend {
        DatabaseBackend::Postgres => "$1",
        _ => "?",
    };
    let (name, column) = table.table();
    let sql = format!("UPDATE {name} SET {column} = {column} WHERE id = {placeholder}");
    db.execute_raw(Statement::from_sql_and_values(backend, sql, [id.into()]))
        .await?;
    Ok(())
}
