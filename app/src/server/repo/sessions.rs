//! Queries on signed-in sessions.
use crate::{
    domain::{ids::UserId, mfa::Stage},
    error::AppError,
    server::entities::{session, user},
};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, QueryFilter, prelude::*};

/// A new session at `stage`: only a complete one signs anybody in.
pub async fn insert(
    db: &impl ConnectionTrait,
    id_hash: &str,
    user_id: UserId,
    stage: Stage,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let model = session::ActiveModel {
        id_hash: Set(id_hash.to_owned()),
        user_id: Set(user_id.0),
        created_at: Set(now),
        last_seen_at: Set(now),
        stage: Set(stage.as_str().to_owned()),
        pending_recovery: Set(None),
    };
    session::Entity::insert(model)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

pub async fn find_with_user(
    db: &impl ConnectionTrait,
    id_hash: &str,
) -> Result<Option<(session::Model, user::Model)>, AppError> {
    let found = session::Entity::find_by_id(id_hash.to_owned())
        .find_also_related(user::Entity)
        .one(db)
        .await?;
    Ok(found.and_then(|(s, u)| u.map(|u| (s, u))))
}

pub async fn touch(
    db: &impl ConnectionTrait,
    id_hash: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    session::Entity::update_many()
        .col_expr(session::Column::LastSeenAt, Expr::value(now))
        .filter(session::Column::IdHash.eq(id_hash))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn delete(db: &impl ConnectionTrait, id_hash: &str) -> Result<(), AppError> {
    session::Entity::delete_by_id(id_hash.to_owned())
        .exec(db)
        .await?;
    Ok(())
}

pub async fn delete_for_user(db: &impl ConnectionTrait, user_id: UserId) -> Result<u64, AppError> {
    Ok(session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id.0))
        .exec(db)
        .await?
        .rows_affected)
}

/// Keeps recovery codes just issued with the session that may show them (`None` clears them).
pub async fn set_pending_recovery(
    db: &impl ConnectionTrait,
    id_hash: &str,
    codes: Option<String>,
) -> Result<(), AppError> {
    session::Entity::update_many()
        .col_expr(session::Column::PendingRecovery, Expr::value(codes))
        .filter(session::Column::IdHash.eq(id_hash))
        .exec(db)
        .await?;
    Ok(())
}
