//! What the policy needs to know about one record, read for a door before it asks whether the
//! person may act on it. A record that does not exist is not found; whether the person may see
//! it is the policy's question, not these queries'.
use crate::{
    domain::{
        ids::{BatchId, DeploymentId, ExpertId, RequestId, UserId},
        member_state::MemberStateCode,
        permissions::{DeploymentFacts, ExpertFacts, OfferFacts},
        request::RequestFacts,
        vetting::RosterStatus,
    },
    error::AppError,
    server::{
        entities::{deployment, expert, import_batch, mission_request},
        errors::internal,
        repo::{deployments, requests},
    },
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

fn state(raw: &str) -> Result<MemberStateCode, AppError> {
    MemberStateCode::parse(raw).map_err(|err| internal("stored state", err))
}

/// One expert's record, `is_self` when it is the asking account's own.
pub async fn expert(
    db: &impl ConnectionTrait,
    asker: UserId,
    id: ExpertId,
) -> Result<ExpertFacts, AppError> {
    // An erased record is gone for every door, as if it never existed.
    let (member_state, status): (String, String) = expert::Entity::find_by_id(id.0)
        .filter(expert::Column::ErasedAt.is_null())
        .select_only()
        .column(expert::Column::MemberState)
        .column(expert::Column::RosterStatus)
        .into_tuple()
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(ExpertFacts {
        state: state(&member_state)?,
        status: RosterStatus::parse(&status)
            .ok_or_else(|| internal("stored expert", format!("unknown status on {id}")))?,
        is_self: deployments::expert_of(db, asker).await? == Some(id),
    })
}

/// One mission request: its planner and status.
pub async fn request(db: &impl ConnectionTrait, id: RequestId) -> Result<RequestFacts, AppError> {
    let found = mission_request::Entity::find_by_id(id.0).one(db).await?;
    requests::facts_of(&found.ok_or(AppError::NotFound)?)
}

/// One offer or deployment: whose it is, and the request it fills.
pub async fn deployment(
    db: &impl ConnectionTrait,
    asker: UserId,
    id: DeploymentId,
) -> Result<DeploymentFacts, AppError> {
    let d = deployment::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let expert = ExpertId(d.expert_id);
    let (member_state,): (String,) = expert::Entity::find_by_id(expert.0)
        .select_only()
        .column(expert::Column::MemberState)
        .into_tuple()
        .one(db)
        .await?
        .ok_or_else(|| internal("stored deployment", format!("no expert for {id}")))?;
    Ok(DeploymentFacts {
        offer: OfferFacts {
            state: state(&member_state)?,
            is_own: deployments::expert_of(db, asker).await? == Some(expert),
        },
        request: request(db, RequestId(d.request_id)).await?,
    })
}

/// The state an uploaded file was uploaded for.
pub async fn batch(db: &impl ConnectionTrait, id: BatchId) -> Result<MemberStateCode, AppError> {
    let (member_state,): (String,) = import_batch::Entity::find_by_id(id.0)
        .select_only()
        .column(import_batch::Column::MemberState)
        .into_tuple()
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    state(&member_state)
}
