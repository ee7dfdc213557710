//! Offers: a planner offers a shortlisted expert a position; the expert (or their roster office,
//! declining) answers.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepRow {
    pub from: Option<String>,
    pub to: String,
    /// expert, roster_office, planner or system
    pub party: String,
    pub actor: Option<String>,
    pub reason: Option<String>,
    pub at: String,
}

/// One offer or deployment as the asker may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeploymentRow {
    pub id: String,
    pub request_id: String,
    pub mission: String,
    pub host_country: String,
    pub duty_station: String,
    pub urgency: String,
    pub position_id: String,
    pub position: String,
    pub category: String,
    pub expert_id: String,
    pub expert_name: String,
    pub member_state: String,
    /// The expert is no longer vetted: a planner is told that the seat was released, not who
    /// held it (id, name and state are empty).
    pub expert_withheld: bool,
    /// Deployment-state slug.
    pub state: String,
    pub starts_on: String,
    pub ends_on: String,
    pub offered_at: String,
    pub respond_by: String,
    pub answer_reason: Option<String>,
    pub on_ground_at: Option<String>,
    /// On the ground minus the request's opening, in whole hours.
    pub hours_to_deploy: Option<i64>,
    /// Only for the request's planner, only after acceptance.
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub can_accept: bool,
    pub can_decline: bool,
    /// Step slugs the asker may take now (planners).
    pub next_steps: Vec<String>,
    pub steps: Vec<StepRow>,
}

/// Offers the position to an expert on its saved shortlist; answers with the offer's id.
#[server(endpoint = "make_offer", prefix = "/api")]
pub async fn make_offer(
    id: String,
    position_id: String,
    expert_id: String,
    #[server(default)] answer_within_hours: String,
) -> Result<String, AppError> {
    use crate::{
        domain::{
            ids::{ExpertId, PositionId},
            permissions::Action,
        },
        server::{
            context,
            services::{deployments, requests},
        },
    };
    context::respond(
        async {
            let actor = context::require(Action::ListRequests)?;
            let request = requests::request_id(&id)?;
            let position = PositionId::parse(&position_id).ok_or(AppError::NotFound)?;
            let expert = ExpertId::parse(&expert_id).ok_or(AppError::NotFound)?;
            let hours = match answer_within_hours.trim() {
                "" => 72,
                raw => raw
                    .parse()
                    .map_err(|_| AppError::invalid("answer_within_hours", "a number of hours"))?,
            };
            let offer = deployments::offer(
                &context::db()?,
                &actor,
                request,
                position,
                expert,
                hours,
                chrono::Utc::now(),
            )
            .await?;
            Ok(offer.to_string())
        }
        .await,
    )
}

/// Accepts (`answer=accept`) or declines (`answer=decline`) an offer; answers with its new state.
#[server(endpoint = "answer_offer", prefix = "/api")]
pub async fn answer_offer(
    id: String,
    answer: String,
    #[server(default)] reason: String,
) -> Result<String, AppError> {
    use crate::{
        domain::permissions::Action,
        server::{context, services::deployments},
    };
    context::respond(
        async {
            let actor = context::require(Action::ViewOwnAccount)?;
            let accept = match answer.trim() {
                "accept" => true,
                "decline" => false,
                _ => return Err(AppError::invalid("answer", "accept or decline")),
            };
            let state = deployments::answer(
                &context::db()?,
                &actor,
                &id,
                accept,
                &reason,
                chrono::Utc::now(),
            )
            .await?;
            Ok(state.as_str().to_owned())
        }
        .await,
    )
}

/// An expert on a position's saved shortlist, to whom the planner may make an offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedCandidate {
    pub position_id: String,
    pub position: String,
    pub expert_id: String,
    pub name: String,
    /// proposed or alternate
    pub role: String,
    /// Already holds an open offer or a deployment for this position.
    pub offered: bool,
}

/// A request's deployments, and whom the planner can still make offers to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeploymentsOfRequest {
    pub rows: Vec<DeploymentRow>,
    pub saved: Vec<SavedCandidate>,
    /// The request is open and the asker may make offers on it.
    pub can_offer: bool,
}

/// The asking expert's own offers and deployments.
#[server(endpoint = "my_offers", prefix = "/api")]
pub async fn my_offers() -> Result<Vec<DeploymentRow>, AppError> {
    use crate::{
        domain::permissions::Action,
        server::{context, services::deployment_views},
    };
    context::respond(
        async {
            let actor = context::require(Action::ManageOwnProfile)?;
            deployment_views::mine(&context::db()?, &actor, chrono::Utc::now()).await
        }
        .await,
    )
}

/// A roster office's nominees' offers and deployments (the secretariat: every state's).
#[server(endpoint = "office_offers", prefix = "/api")]
pub async fn office_offers() -> Result<Vec<DeploymentRow>, AppError> {
    use crate::{
        domain::permissions::Action,
        server::{context, services::deployment_views},
    };
    context::respond(
        async {
            let actor = context::require(Action::ViewRoster)?;
            deployment_views::of_office(&context::db()?, &actor, chrono::Utc::now()).await
        }
        .await,
    )
}

/// A request's offers and deployments, with contact details after acceptance (logged).
#[server(endpoint = "request_deployments", prefix = "/api")]
pub async fn request_deployments(id: String) -> Result<DeploymentsOfRequest, AppError> {
    use crate::{
        domain::permissions::Action,
        server::{
            context,
            services::{deployment_views, requests},
        },
    };
    context::respond(
        async {
            let actor = context::require(Action::ListRequests)?;
            let request = requests::request_id(&id)?;
            deployment_views::of_request(&context::db()?, &actor, request, chrono::Utc::now()).await
        }
        .await,
    )
}

/// Moves a deployment on (prepare, deploy, extend to `until`, complete, cancel, withdraw).
#[server(endpoint = "step_deployment", prefix = "/api")]
pub async fn step_deployment(
    id: String,
    step: String,
    #[server(default)] reason: String,
    #[server(default)] until: String,
) -> Result<String, AppError> {
    use crate::{
        domain::permissions::Action,
        server::{context, services::deployments},
    };
    context::respond(
        async {
            let actor = context::require(Action::ViewOwnAccount)?;
            let state = deployments::step(
                &context::db()?,
                &actor,
                &id,
                &step,
                &reason,
                &until,
                chrono::Utc::now(),
            )
            .await?;
            Ok(state.as_str().to_owned())
        }
        .await,
    )
}
