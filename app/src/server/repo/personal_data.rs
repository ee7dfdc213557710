//! Everything stored about one expert beyond their record and lists, read together for "download
//! my data".
use crate::{
    domain::ids::ExpertId,
    error::AppError,
    server::entities::{
        deployment, deployment_step, expert_region, language_claim, notification, prior_mission,
    },
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

pub struct PersonalRecords {
    pub windows: Vec<crate::server::entities::availability_window::Model>,
    pub regions: Vec<expert_region::Model>,
    pub claims: Vec<language_claim::Model>,
    pub missions: Vec<prior_mission::Model>,
    pub deployments: Vec<deployment::Model>,
    pub steps: Vec<deployment_step::Model>,
    pub messages: Vec<notification::Model>,
}

/// The regions an expert accepts or excludes.
pub async fn regions_of(
    db: &impl ConnectionTrait,
    id: ExpertId,
) -> Result<Vec<expert_region::Model>, AppError> {
    Ok(expert_region::Entity::find()
        .filter(expert_region::Column::ExpertId.eq(id.0))
        .all(db)
        .await?)
}

/// Every language claim an expert has made, latest first.
pub async fn claims_of(
    db: &impl ConnectionTrait,
    id: ExpertId,
) -> Result<Vec<language_claim::Model>, AppError> {
    Ok(language_claim::Entity::find()
        .filter(language_claim::Column::ExpertId.eq(id.0))
        .order_by_desc(language_claim::Column::ClaimedAt)
        .all(db)
        .await?)
}

pub async fn of_expert(
    db: &impl ConnectionTrait,
    id: ExpertId,
) -> Result<PersonalRecords, AppError> {
    let windows = super::vetting::windows_of(db, id).await?;
    let regions = regions_of(db, id).await?;
    let claims = claims_of(db, id).await?;
    let missions = prior_mission::Entity::find()
        .filter(prior_mission::Column::ExpertId.eq(id.0))
        .all(db)
        .await?;
    let deployments = deployment::Entity::find()
        .filter(deployment::Column::ExpertId.eq(id.0))
        .order_by_asc(deployment::Column::OfferedAt)
        .all(db)
        .await?;
    let steps = deployment_step::Entity::find()
        .filter(deployment_step::Column::DeploymentId.is_in(deployments.iter().map(|d| d.id)))
        .order_by_asc(deployment_step::Column::At)
        .all(db)
        .await?;
    let messages = notification::Entity::find()
        .filter(notification::Column::RecipientExpertId.eq(id.0))
        .order_by_asc(notification::Column::CreatedAt)
        .all(db)
        .await?;
    Ok(PersonalRecords {
        windows,
        regions,
        claims,
        missions,
        deployments,
        steps,
        messages,
    })
}
