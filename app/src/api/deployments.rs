//! Offers: a planner offers a shortlisted expert a position; the expert (or their roster office,
//! declining) answers; the parties step the deployment on.
use crate::{error::AppError, views::deployments::*};
use leptos::prelude::*;

/// How long an expert has to answer when the planner does not say.
#[cfg(feature = "ssr")]
const DEFAULT_ANSWER_HOURS: i64 = 72;

/// Offers the position to an expert on its saved shortlist; answers with the offer's id.
#[server(endpoint = "make_offer", prefix = "/api")]
pub async fn make_offer(
    id: String,
    position_id: String,
    expert_id: String,
    #[server(default)] answer_within_hours: String,
) -> Result<String, AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::deployments;
    Door::serve(Action::ListRequests, async |d| {
        let request = door::id(&id)?;
        let (position, expert) = (door::id(&position_id)?, door::id(&expert_id)?);
        let hours = match answer_within_hours.trim() {
            "" => DEFAULT_ANSWER_HOURS,
            raw => raw
                .parse()
                .map_err(|_| AppError::invalid("answer_within_hours", "a number of hours"))?,
        };
        d.permit(Action::EditRequest(facts::request(&d.db, request).await?))?;
        let offer =
            deployments::offer(&d.db, &d.actor, request, position, expert, hours, d.now).await?;
        Ok(offer.to_string())
    })
    .await
}

/// Accepts (`answer=accept`) or declines (`answer=decline`) an offer; answers with its new state.
#[server(endpoint = "answer_offer", prefix = "/api")]
pub async fn answer_offer(
    id: String,
    answer: String,
    #[server(default)] reason: String,
) -> Result<String, AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::deployments;
    Door::serve_signed_in(async |d| {
        let id = door::id(&id)?;
        let accept = match answer.trim() {
            "accept" => true,
            "decline" => false,
            _ => return Err(AppError::invalid("answer", "accept or decline")),
        };
        let offer = facts::deployment(&d.db, d.actor.user_id, id).await?.offer;
        d.see(Action::ViewOffer(offer.clone()))?;
        d.permit(Action::AnswerOffer {
            facts: offer,
            accept,
        })?;
        let state = deployments::answer(&d.db, &d.actor, id, accept, &reason, d.now).await?;
        Ok(state.as_str().to_owned())
    })
    .await
}

/// The asking expert's own offers and deployments.
#[server(endpoint = "my_offers", prefix = "/api")]
pub async fn my_offers() -> Result<Vec<DeploymentRow>, AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::deployment_views;
    Door::serve(Action::ManageOwnProfile, async |d| {
        deployment_views::mine(&d.db, &d.actor, d.now).await
    })
    .await
}

/// A roster office's nominees' offers and deployments (the secretariat: every state's).
#[server(endpoint = "office_offers", prefix = "/api")]
pub async fn office_offers() -> Result<Vec<DeploymentRow>, AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::deployment_views;
    Door::serve(Action::ListOffers, async |d| {
        deployment_views::of_office(&d.db, &d.actor, d.now).await
    })
    .await
}

/// A request's offers and deployments, with contact details after acceptance (logged).
#[server(endpoint = "request_deployments", prefix = "/api")]
pub async fn request_deployments(id: String) -> Result<DeploymentsOfRequest, AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::deployment_views;
    Door::serve(Action::ListRequests, async |d| {
        let request = door::id(&id)?;
        d.see(Action::ViewRequest(facts::request(&d.db, request).await?))?;
        deployment_views::of_request(&d.db, &d.actor, request, d.now).await
    })
    .await
}

/// Moves a deployment on (prepare, deploy, extend to `until`, complete, cancel, withdraw).
#[server(endpoint = "step_deployment", prefix = "/api")]
pub async fn step_deployment(
    id: String,
    step: String,
    #[server(default)] reason: String,
    #[server(default)] until: String,
) -> Result<String, AppError> {
    use crate::server::door::prelude::*;
    use crate::{
        domain::deployment::DeploymentStep, domain::expert::parse_iso_date,
        server::services::deployments,
    };
    Door::serve_signed_in(async |d| {
        let id = door::id(&id)?;
        let step = DeploymentStep::parse(&step).ok_or_else(|| {
            AppError::invalid(
                "step",
                "prepare, deploy, extend, complete, cancel or withdraw",
            )
        })?;
        let until = match (step, until.trim()) {
            (DeploymentStep::Extend, raw) => {
                Some(parse_iso_date(raw).map_err(|err| AppError::invalid("until", err))?)
            }
            _ => None,
        };
        d.permit(Action::StepDeployment(
            facts::deployment(&d.db, d.actor.user_id, id).await?,
        ))?;
        let state = deployments::step(&d.db, &d.actor, id, step, &reason, until, d.now).await?;
        Ok(state.as_str().to_owned())
    })
    .await
}
