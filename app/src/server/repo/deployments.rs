//! Queries on deployments and their steps, and on which expert record an expert's account holds.
use crate::{
    domain::{
        deployment::{DeploymentState, Party},
        ids::{ExpertId, UserId},
    },
    error::AppError,
    server::entities::{deployment, deployment_step, expert_account},
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, Order, QueryFilter, QueryOrder,
};
use uuid::Uuid;

/// The expert record an account belongs to, if it is an expert's account.
pub async fn expert_of(
    db: &impl ConnectionTrait,
    user: UserId,
) -> Result<Option<ExpertId>, AppError> {
    Ok(expert_account::Entity::find_by_id(user.0)
        .one(db)
        .await?
        .map(|a| ExpertId(a.expert_id)))
}

/// The account of an expert, when they have one.
pub async fn account_of(
    db: &impl ConnectionTrait,
    expert: ExpertId,
) -> Result<Option<UserId>, AppError> {
    Ok(expert_account::Entity::find()
        .filter(expert_account::Column::ExpertId.eq(expert.0))
        .one(db)
        .await?
        .map(|a| UserId(a.user_id)))
}

pub async fn link_account(
    db: &impl ConnectionTrait,
    user: UserId,
    expert: ExpertId,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    expert_account::Entity::insert(expert_account::ActiveModel {
        user_id: Set(user.0),
        expert_id: Set(expert.0),
        linked_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Holding an open offer, or booked for a deployment that has not ended: not free to go.
pub async fn is_committed(
    db: &impl ConnectionTrait,
    expert: ExpertId,
    today: chrono::NaiveDate,
) -> Result<bool, AppError> {
    Ok(of_expert(db, expert)
        .await?
        .iter()
        .any(|d| match DeploymentState::parse(&d.state) {
            Some(DeploymentState::Offered) => true,
            Some(s) => s.books_dates() && d.ends_on >= today,
            None => false,
        }))
}

pub async fn find(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<deployment::Model>, AppError> {
    Ok(deployment::Entity::find_by_id(id).one(db).await?)
}

/// Every deployment of an expert, newest offer first.
pub async fn of_expert(
    db: &impl ConnectionTrait,
    expert: ExpertId,
) -> Result<Vec<deployment::Model>, AppError> {
    Ok(deployment::Entity::find()
        .filter(deployment::Column::ExpertId.eq(expert.0))
        .order_by(deployment::Column::OfferedAt, Order::Desc)
        .all(db)
        .await?)
}

pub async fn of_request(
    db: &impl ConnectionTrait,
    request: Uuid,
) -> Result<Vec<deployment::Model>, AppError> {
    Ok(deployment::Entity::find()
        .filter(deployment::Column::RequestId.eq(request))
        .order_by(deployment::Column::OfferedAt, Order::Asc)
        .all(db)
        .await?)
}

pub async fn insert(
    db: &impl ConnectionTrait,
    model: deployment::ActiveModel,
) -> Result<(), AppError> {
    deployment::Entity::insert(model)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Moves a deployment on, only if nobody moved it since `version` was read.
pub async fn set_state(
    db: &impl ConnectionTrait,
    d: &deployment::Model,
    to: DeploymentState,
    now: DateTime<Utc>,
    answered: Option<Option<String>>,
) -> Result<bool, sea_orm::DbErr> {
    let mut update = deployment::Entity::update_many()
        .col_expr(deployment::Column::State, to.as_str().into())
        .col_expr(deployment::Column::UpdatedAt, now.into())
        .col_expr(deployment::Column::Version, (d.version + 1).into());
    if let Some(reason) = answered {
        update = update
            .col_expr(deployment::Column::AnsweredAt, Some(now).into())
            .col_expr(deployment::Column::AnswerReason, reason.into());
    }
    if to == DeploymentState::Deployed && d.on_ground_at.is_none() {
        update = update.col_expr(deployment::Column::OnGroundAt, Some(now).into());
    }
    let result = update
        .filter(deployment::Column::Id.eq(d.id))
        .filter(deployment::Column::Version.eq(d.version))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

#[allow(clippy::too_many_arguments)]
pub async fn add_step(
    db: &impl ConnectionTrait,
    deployment: Uuid,
    from: Option<DeploymentState>,
    to: DeploymentState,
    actor: Option<UserId>,
    party: Party,
    reason: Option<String>,
    at: DateTime<Utc>,
) -> Result<(), AppError> {
    deployment_step::Entity::insert(deployment_step::ActiveModel {
        id: Set(Uuid::new_v4()),
        deployment_id: Set(deployment),
        from_state: Set(from.map(|s| s.as_str().to_owned())),
        to_state: Set(to.as_str().to_owned()),
        actor_user_id: Set(actor.map(|a| a.0)),
        party: Set(match party {
            Party::Expert => "expert",
            Party::RosterOffice => "roster_office",
            Party::Planner => "planner",
            Party::System => "system",
        }
        .to_owned()),
        reason: Set(reason),
        at: Set(at),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Offers still open whose deadline has passed.
pub async fn lapsed_offers(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<Vec<deployment::Model>, AppError> {
    Ok(deployment::Entity::find()
        .filter(deployment::Column::State.eq(DeploymentState::Offered.as_str()))
        .filter(deployment::Column::RespondBy.lt(now))
        .all(db)
        .await?)
}
