//! Queries on sign-in attempts (passwords and second steps alike, told apart by their account key).
use crate::{
    error::AppError,
    server::entities::{attempt_lock, login_attempt},
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveValue::Set, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, prelude::*,
};

/// Takes the account's lock row for the rest of the transaction: attempts on one account are
/// counted and recorded one after the other, on every instance.
pub async fn take_lock(
    db: &impl ConnectionTrait,
    account: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    use sea_orm::sea_query::OnConflict;
    attempt_lock::Entity::insert(attempt_lock::ActiveModel {
        key: Set(account.to_owned()),
        at: Set(now),
    })
    .on_conflict(
        OnConflict::column(attempt_lock::Column::Key)
            .update_column(attempt_lock::Column::At)
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Records an attempt; returns its id, so a reserved attempt can be marked as succeeded.
pub async fn record(
    db: &impl ConnectionTrait,
    account: &str,
    client: &str,
    at: DateTime<Utc>,
    succeeded: bool,
) -> Result<Uuid, AppError> {
    let id = Uuid::new_v4();
    let model = login_attempt::ActiveModel {
        id: Set(id),
        account: Set(account.to_owned()),
        client: Set(client.to_owned()),
        at: Set(at),
        succeeded: Set(succeeded),
    };
    login_attempt::Entity::insert(model)
        .exec_without_returning(db)
        .await?;
    // Attempts older than a day matter to no policy; dropping them keeps the table small.
    login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::Account.eq(account))
        .filter(login_attempt::Column::At.lt(at - Duration::days(1)))
        .exec(db)
        .await?;
    Ok(id)
}

/// A reserved attempt turned out right: it no longer counts as a failure.
pub async fn mark_succeeded(db: &impl ConnectionTrait, id: Uuid) -> Result<(), AppError> {
    login_attempt::Entity::update_many()
        .col_expr(login_attempt::Column::Succeeded, Expr::value(true))
        .filter(login_attempt::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn failures_since(
    db: &impl ConnectionTrait,
    account: &str,
    since: DateTime<Utc>,
) -> Result<Vec<DateTime<Utc>>, AppError> {
    let rows: Vec<DateTime<Utc>> = login_attempt::Entity::find()
        .select_only()
        .column(login_attempt::Column::At)
        .filter(login_attempt::Column::Account.eq(account))
        .filter(login_attempt::Column::Succeeded.eq(false))
        .filter(login_attempt::Column::At.gt(since))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows)
}
