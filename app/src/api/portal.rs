//! The expert's portal: their availability, contact details, language claims and messages.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowRow {
    pub id: String,
    /// available or unavailable
    pub kind: String,
    pub from: String,
    pub to: String,
    pub past: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionView {
    pub region: String,
    /// any, preferred or excluded
    pub choice: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimView {
    pub id: String,
    pub language: String,
    pub language_name: String,
    /// A CEFR level, or "remove".
    pub level: String,
    /// pending, verified or refused
    pub decision: String,
    pub claimed_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalView {
    pub expert_id: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub notice_days: String,
    pub longest_deployment_days: String,
    pub last_confirmed_on: Option<String>,
    pub stale: bool,
    pub today: String,
    pub windows: Vec<WindowRow>,
    pub regions: Vec<RegionView>,
    pub claims: Vec<ClaimView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageView {
    pub kind: String,
    pub subject: String,
    pub body: String,
    pub created_at: String,
    /// queued, sent or failed
    pub delivery: String,
}

#[server(endpoint = "my_portal", prefix = "/api")]
pub async fn my_portal() -> Result<PortalView, AppError> {
    use crate::{
        domain::permissions::Action,
        server::{context, services::portal},
    };
    context::respond(
        async {
            let actor = context::require(Action::ManageOwnProfile)?;
            portal::portal(&context::db()?, &actor, context::today()).await
        }
        .await,
    )
}

#[server(endpoint = "add_window", prefix = "/api")]
pub async fn add_window(kind: String, from: String, to: String) -> Result<(), AppError> {
    use crate::{
        domain::permissions::Action,
        server::{context, services::portal},
    };
    context::respond(
        async {
            let actor = context::require(Action::ManageOwnProfile)?;
            portal::add_window(
                &context::db()?,
                &actor,
                &kind,
                &from,
                &to,
                context::today(),
                chrono::Utc::now(),
            )
            .await
        }
        .await,
    )
}

#[server(endpoint = "remove_window", prefix = "/api")]
pub async fn remove_window(id: String) -> Result<(), AppError> {
    use crate::{
        domain::permissions::Action,
        server::{context, services::portal},
    };
    context::respond(
        async {
            let actor = context::require(Action::ManageOwnProfile)?;
            portal::remove_window(
                &context::db()?,
                &actor,
                &id,
                context::today(),
                chrono::Utc::now(),
            )
            .await
        }
        .await,
    )
}

/// Notice, longest deployment, and a choice (any, preferred, excluded) for each UN region.
#[allow(clippy::too_many_arguments)]
#[server(endpoint = "save_availability", prefix = "/api")]
pub async fn save_availability(
    notice_days: String,
    #[server(default)] longest_deployment_days: String,
    #[server(default)] region_africa: String,
    #[server(default)] region_americas: String,
    #[server(default)] region_asia: String,
    #[server(default)] region_europe: String,
    #[server(default)] region_oceania: String,
) -> Result<(), AppError> {
    use crate::{
        domain::permissions::Action,
        server::{context, services::portal},
    };
    context::respond(
        async {
            let actor = context::require(Action::ManageOwnProfile)?;
            let regions = [
                region_africa,
                region_americas,
                region_asia,
                region_europe,
                region_oceania,
            ];
            portal::save_settings(
                &context::db()?,
                &actor,
                &notice_days,
                &longest_deployment_days,
                &regions,
                context::today(),
                chrono::Utc::now(),
            )
            .await
        }
        .await,
    )
}

/// "My availability is still correct."
#[server(endpoint = "confirm_availability", prefix = "/api")]
pub async fn confirm_availability() -> Result<(), AppError> {
    use crate::{
        domain::permissions::Action,
        server::{context, services::portal},
    };
    context::respond(
        async {
            let actor = context::require(Action::ManageOwnProfile)?;
            portal::confirm(
                &context::db()?,
                &actor,
                context::today(),
                chrono::Utc::now(),
            )
            .await
        }
        .await,
    )
}

#[server(endpoint = "save_contact", prefix = "/api")]
pub async fn save_contact(email: String, #[server(default)] phone: String) -> Result<(), AppError> {
    use crate::{
        domain::permissions::Action,
        server::{context, services::portal},
    };
    context::respond(
        async {
            let actor = context::require(Action::ManageOwnProfile)?;
            portal::save_contact(&context::db()?, &actor, &email, &phone, chrono::Utc::now()).await
        }
        .await,
    )
}

/// Declares a language at a level (or `remove`); the secretariat verifies it.
#[server(endpoint = "claim_language", prefix = "/api")]
pub async fn claim_language(language: String, level: String) -> Result<(), AppError> {
    use crate::{
        domain::permissions::Action,
        server::{context, services::portal},
    };
    context::respond(
        async {
            let actor = context::require(Action::ManageOwnProfile)?;
            portal::claim_language(
                &context::db()?,
                &actor,
                &language,
                &level,
                chrono::Utc::now(),
            )
            .await
        }
        .await,
    )
}

/// The expert's own messages, newest first.
#[server(endpoint = "my_messages", prefix = "/api")]
pub async fn my_messages() -> Result<Vec<MessageView>, AppError> {
    use crate::{
        domain::permissions::Action,
        server::{context, services::portal},
    };
    context::respond(
        async {
            let actor = context::require(Action::ManageOwnProfile)?;
            portal::messages(&context::db()?, &actor).await
        }
        .await,
    )
}

/// The expert's whole record as the secretariat keeps it, read-only: readiness and its reasons,
/// vetting checks, status history.
#[server(endpoint = "my_record", prefix = "/api")]
pub async fn my_record() -> Result<crate::api::roster::ExpertView, AppError> {
    use crate::{
        domain::permissions::Action,
        server::{
            context,
            services::{portal, roster},
        },
    };
    context::respond(
        async {
            let actor = context::require(Action::ManageOwnProfile)?;
            let db = context::db()?;
            let id = portal::own_expert(&db, &actor).await?;
            roster::view(&db, &context::settings()?, &actor, id, context::today()).await
        }
        .await,
    )
}
