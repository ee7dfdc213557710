//! Every database query, returning domain types rather than entity models.
pub mod audit;
pub mod candidates;
pub mod countries;
pub mod deployments;
pub mod disclosures;
pub mod duplicates;
pub mod erasure;
pub mod experts;
pub mod facts;
pub mod imports;
pub mod language_claims;
pub mod locks;
pub mod login_attempts;
pub mod lookups;
pub mod notifications;
pub mod personal_data;
pub mod requests;
pub mod second_factors;
pub mod sessions;
pub mod users;
pub mod vetting;

use crate::error::AppError;
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait};

/// Rows per INSERT statement: 1,000 rows of up to 25 columns stay under SQLite's 32,766 bound
/// parameters (PostgreSQL allows 65,535).
const ROWS_PER_INSERT: usize = 1_000;

pub(crate) async fn insert_chunked<E, A>(
    db: &impl ConnectionTrait,
    rows: Vec<A>,
) -> Result<(), AppError>
where
    E: EntityTrait,
    A: ActiveModelTrait<Entity = E> + Send,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(ROWS_PER_INSERT).collect();
        E::insert_many(chunk).exec_without_returning(db).await?;
    }
    Ok(())
}
