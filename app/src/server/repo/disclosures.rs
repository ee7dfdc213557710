//! The log of who was shown an expert's profile or contact details, which the expert can read.
use crate::{
    domain::ids::{ExpertId, UserId},
    error::AppError,
    server::entities::disclosure,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};

/// Showings of the same thing to the same person this close together are one viewing: rendering a
/// page on the server may ask for the same data more than once.
const SAME_VIEWING: chrono::Duration = chrono::Duration::minutes(10);

/// `what` is `profile` or `contact`.
pub async fn record(
    db: &impl ConnectionTrait,
    expert: ExpertId,
    deployment: Option<uuid::Uuid>,
    viewer: UserId,
    what: &'static str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut recent = disclosure::Entity::find()
        .filter(disclosure::Column::ExpertId.eq(expert.0))
        .filter(disclosure::Column::ViewerUserId.eq(viewer.0))
        .filter(disclosure::Column::What.eq(what))
        .filter(disclosure::Column::At.gt(now - SAME_VIEWING));
    recent = match deployment {
        Some(d) => recent.filter(disclosure::Column::DeploymentId.eq(d)),
        None => recent.filter(disclosure::Column::DeploymentId.is_null()),
    };
    if recent.one(db).await?.is_some() {
        return Ok(());
    }
    disclosure::Entity::insert(disclosure::ActiveModel {
        id: Set(uuid::Uuid::new_v4()),
        expert_id: Set(expert.0),
        deployment_id: Set(deployment),
        viewer_user_id: Set(viewer.0),
        what: Set(what.to_owned()),
        at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Everything shown of one expert, newest first.
pub async fn of_expert(
    db: &impl ConnectionTrait,
    expert: ExpertId,
) -> Result<Vec<disclosure::Model>, AppError> {
    Ok(disclosure::Entity::find()
        .filter(disclosure::Column::ExpertId.eq(expert.0))
        .order_by_desc(disclosure::Column::At)
        .all(db)
        .await?)
}
