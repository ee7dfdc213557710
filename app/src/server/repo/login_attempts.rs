//! Queries on sign-in attempts.
use crate::{error::AppError, server::entities::login_attempt};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveValue::Set, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, prelude::*,
};

pub async fn record(
    db: &impl ConnectionTrait,
    account: &str,
    client: &str,
    at: DateTime<Utc>,
    succeeded: bool,
) -> Result<(), AppError> {
    let model = login_attempt::ActiveModel {
        id: Set(Uuid::new_v4()),
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
