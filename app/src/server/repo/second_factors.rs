//! Queries on accounts' second factors and recovery codes.
use crate::{
    domain::ids::UserId,
    error::AppError,
    server::entities::{recovery_code, second_factor},
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, sea_query::Expr,
};

pub async fn of_user(
    db: &impl ConnectionTrait,
    user: UserId,
) -> Result<Option<second_factor::Model>, AppError> {
    Ok(second_factor::Entity::find_by_id(user.0).one(db).await?)
}

/// Whether the account has a confirmed second factor.
pub async fn is_enrolled(db: &impl ConnectionTrait, user: UserId) -> Result<bool, AppError> {
    Ok(of_user(db, user)
        .await?
        .is_some_and(|f| f.confirmed_at.is_some()))
}

/// Starts an enrolment with `secret`, replacing an unconfirmed one.
pub async fn start(
    db: &impl ConnectionTrait,
    user: UserId,
    secret: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    second_factor::Entity::delete_many()
        .filter(second_factor::Column::UserId.eq(user.0))
        .filter(second_factor::Column::ConfirmedAt.is_null())
        .exec(db)
        .await?;
    second_factor::Entity::insert(second_factor::ActiveModel {
        user_id: Set(user.0),
        secret: Set(secret.to_owned()),
        confirmed_at: Set(None),
        last_used_step: Set(None),
        created_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Records that a code of `step` was used, only if no code of that step or a later one was: the
/// one statement that makes a code single-use, whoever sends it at the same time.
pub async fn use_step(
    db: &impl ConnectionTrait,
    user: UserId,
    step: u64,
    confirm_at: Option<DateTime<Utc>>,
) -> Result<bool, AppError> {
    let step = i64::try_from(step).unwrap_or(i64::MAX);
    let mut update = second_factor::Entity::update_many()
        .col_expr(second_factor::Column::LastUsedStep, Expr::value(step))
        .filter(second_factor::Column::UserId.eq(user.0))
        .filter(
            sea_orm::Condition::any()
                .add(second_factor::Column::LastUsedStep.is_null())
                .add(second_factor::Column::LastUsedStep.lt(step)),
        );
    if let Some(at) = confirm_at {
        update = update.col_expr(second_factor::Column::ConfirmedAt, Expr::value(Some(at)));
    }
    Ok(update.exec(db).await?.rows_affected == 1)
}

/// Replaces the account's recovery codes with these hashes.
pub async fn replace_recovery_codes(
    db: &impl ConnectionTrait,
    user: UserId,
    hashes: &[String],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    recovery_code::Entity::delete_many()
        .filter(recovery_code::Column::UserId.eq(user.0))
        .exec(db)
        .await?;
    let rows: Vec<recovery_code::ActiveModel> = hashes
        .iter()
        .map(|h| recovery_code::ActiveModel {
            id: Set(uuid::Uuid::new_v4()),
            user_id: Set(user.0),
            code_hash: Set(h.clone()),
            created_at: Set(now),
            used_at: Set(None),
        })
        .collect();
    super::insert_chunked::<recovery_code::Entity, _>(db, rows).await
}

/// Uses a recovery code of the account: true once, for the first to send it.
pub async fn use_recovery_code(
    db: &impl ConnectionTrait,
    user: UserId,
    hash: &str,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    Ok(recovery_code::Entity::update_many()
        .col_expr(recovery_code::Column::UsedAt, Expr::value(Some(now)))
        .filter(recovery_code::Column::UserId.eq(user.0))
        .filter(recovery_code::Column::CodeHash.eq(hash))
        .filter(recovery_code::Column::UsedAt.is_null())
        .exec(db)
        .await?
        .rows_affected
        == 1)
}

/// Recovery codes of the account not used yet.
pub async fn unused_recovery_codes(
    db: &impl ConnectionTrait,
    user: UserId,
) -> Result<u64, AppError> {
    use sea_orm::PaginatorTrait;
    Ok(recovery_code::Entity::find()
        .filter(recovery_code::Column::UserId.eq(user.0))
        .filter(recovery_code::Column::UsedAt.is_null())
        .count(db)
        .await?)
}

/// Removes the account's second factor and recovery codes; it enrols again at next sign-in.
pub async fn remove(db: &impl ConnectionTrait, user: UserId) -> Result<bool, AppError> {
    recovery_code::Entity::delete_many()
        .filter(recovery_code::Column::UserId.eq(user.0))
        .exec(db)
        .await?;
    Ok(second_factor::Entity::delete_many()
        .filter(second_factor::Column::UserId.eq(user.0))
        .exec(db)
        .await?
        .rows_affected
        > 0)
}

/// The accounts with a confirmed second factor.
pub async fn enrolled_users(
    db: &impl ConnectionTrait,
) -> Result<std::collections::HashSet<uuid::Uuid>, AppError> {
    use sea_orm::QuerySelect;
    let ids: Vec<uuid::Uuid> = second_factor::Entity::find()
        .select_only()
        .column(second_factor::Column::UserId)
        .filter(second_factor::Column::ConfirmedAt.is_not_null())
        .into_tuple()
        .all(db)
        .await?;
    Ok(ids.into_iter().collect())
}
