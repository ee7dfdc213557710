//! The expert's portal: their availability, contact details, language claims and messages.
use crate::{error::AppError, views::portal::*};
use leptos::prelude::*;

#[server(endpoint = "my_portal", prefix = "/api")]
pub async fn my_portal() -> Result<PortalView, AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::portal;
    Door::serve(Action::ManageOwnProfile, async |d| {
        portal::portal(&d.db, &d.actor, d.today).await
    })
    .await
}

#[server(endpoint = "add_window", prefix = "/api")]
pub async fn add_window(kind: String, from: String, to: String) -> Result<(), AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::portal;
    Door::serve(Action::ManageOwnProfile, async |d| {
        portal::add_window(&d.db, &d.actor, &kind, &from, &to, d.today, d.now).await
    })
    .await
}

#[server(endpoint = "remove_window", prefix = "/api")]
pub async fn remove_window(id: String) -> Result<(), AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::portal;
    Door::serve(Action::ManageOwnProfile, async |d| {
        if id == crate::views::portal::NOMINATED_WINDOW_ID {
            return portal::remove_nominated_period(&d.db, &d.actor, d.today, d.now).await;
        }
        let window = door::id(&id)?;
        portal::remove_window(&d.db, &d.actor, window, d.today, d.now).await
    })
    .await
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
    use crate::server::door::prelude::*;
    use crate::server::services::portal;
    Door::serve(Action::ManageOwnProfile, async |d| {
        let regions = [
            region_africa,
            region_americas,
            region_asia,
            region_europe,
            region_oceania,
        ];
        portal::save_settings(
            &d.db,
            &d.actor,
            &notice_days,
            &longest_deployment_days,
            &regions,
            d.today,
            d.now,
        )
        .await
    })
    .await
}

/// "My availability is still correct."
#[server(endpoint = "confirm_availability", prefix = "/api")]
pub async fn confirm_availability() -> Result<(), AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::portal;
    Door::serve(Action::ManageOwnProfile, async |d| {
        portal::confirm(&d.db, &d.actor, d.today, d.now).await
    })
    .await
}

#[server(endpoint = "save_contact", prefix = "/api")]
pub async fn save_contact(email: String, #[server(default)] phone: String) -> Result<(), AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::portal;
    Door::serve(Action::ManageOwnProfile, async |d| {
        portal::save_contact(&d.db, &d.actor, &email, &phone, d.now).await
    })
    .await
}

/// Declares a language at a level (or `remove`); the secretariat verifies it.
#[server(endpoint = "claim_language", prefix = "/api")]
pub async fn claim_language(language: String, level: String) -> Result<(), AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::portal;
    Door::serve(Action::ManageOwnProfile, async |d| {
        portal::claim_language(&d.db, &d.actor, &language, &level, d.now).await
    })
    .await
}

/// The expert's own messages, newest first.
#[server(endpoint = "my_messages", prefix = "/api")]
pub async fn my_messages() -> Result<Vec<MessageView>, AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::portal;
    Door::serve(Action::ManageOwnProfile, async |d| {
        portal::messages(&d.db, &d.actor).await
    })
    .await
}

/// The expert's whole record as the secretariat keeps it, read-only: readiness and its reasons,
/// vetting checks, status history.
#[server(endpoint = "my_record", prefix = "/api")]
pub async fn my_record() -> Result<crate::views::roster::ExpertView, AppError> {
    use crate::server::door::prelude::*;
    use crate::{server::services::expert_view, server::services::portal};
    Door::serve(Action::ManageOwnProfile, async |d| {
        let id = portal::own_expert(&d.db, &d.actor).await?;
        expert_view::view(&d.db, &context::settings()?, &d.actor, id, d.today).await
    })
    .await
}
