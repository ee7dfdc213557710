//! Everything stored about one expert beyond their record and lists, read together for "download
//! my data".
use crate::{
    domain::ids::ExpertId,
    error::AppError,
    server::entities::{
        availability_window, deployment, deployment_step, expert_region, language_claim,
        notification, prior_mission,
    },
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

pub struct PersonalRecords {
    pub windows: Vec<availability_window::Model>,
    pub regions: Vec<expert_region::Model>,
    pub claims: Vec<language_claim::Model>,
    pub missions: Vec<prior_mission::Model>,
    pub deployments: Vec<deployment::Model>,
    pub steps: Vec<deployment_step::Model>,
    pub messages: Vec<notification::Model>,
}

pub async fn of_expert(
    db: &impl ConnectionTrait,
    id: ExpertId,
) -> Result<PersonalRecords, AppError> {
    let windows = availability_window::Entity::find()
        .filter(availability_window::Column::ExpertId.eq(id.0))
        .order_by_asc(availability_window::Column::StartsOn)
        .all(db)
        .await?;
    let regions = expert_region::Entity::find()
        .filter(expert_region::Column::ExpertId.eq(id.0))
        .all(db)
        .await?;
    let claims = language_claim::Entity::find()
        .filter(language_claim::Column::ExpertId.eq(id.0))
        .all(db)
        .await?;
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
