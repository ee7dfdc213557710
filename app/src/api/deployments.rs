//! Offers: a planner offers a shortlisted expert a position; the expert (or their roster office,
//! declining) answers.
use crate::error::AppError;
use leptos::prelude::*;

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
