//! Mission requests: the list, filing and editing a request and its positions, status steps and
//! the host-nationality waiver.
use crate::{
    domain::request::{PositionFields, RequestFields},
    error::AppError,
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestRow {
    pub id: String,
    pub mission: String,
    pub host_country: String,
    pub duty_station: String,
    /// rapid or standard.
    pub urgency: String,
    /// Status slug.
    pub status: String,
    pub positions: usize,
    pub seats: usize,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestList {
    pub rows: Vec<RequestRow>,
    pub can_file: bool,
    /// The asker sees every planner's requests (the secretariat).
    pub sees_all: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusStepView {
    pub from: Option<String>,
    pub to: String,
    pub by: Option<String>,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionView {
    pub id: String,
    pub title: String,
    /// Category slug.
    pub category: String,
    /// `(skill slug, minimum level)`.
    pub skills: Vec<(String, u8)>,
    /// `(language code, minimum CEFR level)`.
    pub languages: Vec<(String, String)>,
    pub min_years: u8,
    pub start_on: String,
    pub end_on: String,
    pub duration_days: u32,
    pub head_count: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaiverView {
    pub reason: String,
    pub by: Option<String>,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestView {
    pub id: String,
    pub version: i32,
    pub mission: String,
    pub host_country: String,
    pub host_country_name: String,
    pub duty_station: String,
    pub requesting_unit: String,
    pub security_level: u8,
    pub urgency: String,
    pub status: String,
    pub owner: Option<String>,
    pub created_at: String,
    pub opened_at: Option<String>,
    pub shortlisted_at: Option<String>,
    pub waiver: Option<WaiverView>,
    pub positions: Vec<PositionView>,
    pub history: Vec<StatusStepView>,
    /// The asker may change details and positions now.
    pub can_edit: bool,
    /// Status steps the asker may take now (`file`, `close`, `cancel`).
    pub steps: Vec<String>,
    pub can_waive: bool,
}

/// What the request form starts from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestFormData {
    /// Empty for a new request.
    pub id: String,
    pub version: i32,
    pub fields: RequestFields,
    /// `(code, name)` of every country, for the host-country choice.
    pub countries: Vec<(String, String)>,
}

/// What the position form starts from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionFormData {
    pub request_id: String,
    pub mission: String,
    /// Empty for a new position.
    pub id: String,
    pub fields: PositionFields,
    pub today: String,
}

#[server(endpoint = "list_requests", prefix = "/api")]
pub async fn list_requests(#[server(default)] status: String) -> Result<RequestList, AppError> {
    use crate::{
        domain::permissions::Action,
        server::{context, services::requests},
    };
    context::respond(
        async {
            let actor = context::require(Action::ListRequests)?;
            requests::list(&context::db()?, &actor, &status).await
        }
        .await,
    )
}

#[server(endpoint = "get_request", prefix = "/api")]
pub async fn get_request(id: String) -> Result<RequestView, AppError> {
    use crate::{
        domain::permissions::Action,
        server::{context, services::requests},
    };
    context::respond(
        async {
            let actor = context::require(Action::ListRequests)?;
            requests::view(&context::db()?, &actor, requests::request_id(&id)?).await
        }
        .await,
    )
}

/// The form for a new request (empty `id`) or for editing one.
#[server(endpoint = "request_form", prefix = "/api")]
pub async fn request_form(#[server(default)] id: String) -> Result<RequestFormData, AppError> {
    use crate::{
        domain::permissions::Action,
        server::{context, services::requests},
    };
    context::respond(
        async {
            let actor = context::require(Action::ListRequests)?;
            requests::form(&context::db()?, &actor, &id).await
        }
        .await,
    )
}

/// Files a new draft (empty `id`) or saves an edited request; answers with its id.
#[server(endpoint = "save_request", prefix = "/api")]
pub async fn save_request(
    #[server(default)] id: String,
    #[server(default)] version: String,
    fields: RequestFields,
) -> Result<String, AppError> {
    use crate::{
        domain::permissions::Action,
        server::{context, services::requests},
    };
    context::respond(
        async {
            let actor = context::require(Action::ListRequests)?;
            let saved = requests::save(
                &context::db()?,
                &actor,
                &id,
                &version,
                &fields,
                chrono::Utc::now(),
            )
            .await?;
            leptos_axum::redirect(&format!("/requests/{saved}"));
            Ok(saved.to_string())
        }
        .await,
    )
}

#[server(endpoint = "position_form", prefix = "/api")]
pub async fn position_form(
    request_id: String,
    #[server(default)] position_id: String,
) -> Result<PositionFormData, AppError> {
    use crate::{
        domain::permissions::Action,
        server::{context, services::requests},
    };
    context::respond(
        async {
            let actor = context::require(Action::ListRequests)?;
            requests::position_form(
                &context::db()?,
                &actor,
                &request_id,
                &position_id,
                context::today(),
            )
            .await
        }
        .await,
    )
}

/// Adds (empty `position_id`) or changes a position of an editable request.
#[server(endpoint = "save_position", prefix = "/api")]
pub async fn save_position(
    request_id: String,
    #[server(default)] position_id: String,
    fields: PositionFields,
) -> Result<String, AppError> {
    use crate::{
        domain::permissions::Action,
        server::{context, services::requests},
    };
    context::respond(
        async {
            let actor = context::require(Action::ListRequests)?;
            let saved = requests::save_position(
                &context::db()?,
                &actor,
                &request_id,
                &position_id,
                &fields,
                context::today(),
                chrono::Utc::now(),
            )
            .await?;
            leptos_axum::redirect(&format!("/requests/{}", request_id.trim()));
            Ok(saved.to_string())
        }
        .await,
    )
}

#[server(endpoint = "remove_position", prefix = "/api")]
pub async fn remove_position(request_id: String, position_id: String) -> Result<(), AppError> {
    use crate::{
        domain::permissions::Action,
        server::{context, services::requests},
    };
    context::respond(
        async {
            let actor = context::require(Action::ListRequests)?;
            requests::remove_position(
                &context::db()?,
                &actor,
                &request_id,
                &position_id,
                chrono::Utc::now(),
            )
            .await?;
            leptos_axum::redirect(&format!("/requests/{}", request_id.trim()));
            Ok(())
        }
        .await,
    )
}

/// Takes a status step: `file`, `close` or `cancel`.
#[server(endpoint = "move_request", prefix = "/api")]
pub async fn move_request(id: String, version: String, step: String) -> Result<(), AppError> {
    use crate::{
        domain::permissions::Action,
        server::{context, services::requests},
    };
    context::respond(
        async {
            let actor = context::require(Action::ListRequests)?;
            requests::step(
                &context::db()?,
                &actor,
                &id,
                &version,
                &step,
                chrono::Utc::now(),
            )
            .await?;
            leptos_axum::redirect(&format!("/requests/{}", id.trim()));
            Ok(())
        }
        .await,
    )
}

/// The secretariat waives the host-nationality rule with a reason, or (empty reason with
/// `revoke`) takes the waiver back.
#[server(endpoint = "waive_host_rule", prefix = "/api")]
pub async fn waive_host_rule(
    id: String,
    #[server(default)] reason: String,
    #[server(default)] revoke: String,
) -> Result<(), AppError> {
    use crate::{
        domain::permissions::Action,
        server::{context, services::requests},
    };
    context::respond(
        async {
            let actor = context::require(Action::WaiveHostNationality)?;
            requests::waive(
                &context::db()?,
                &actor,
                &id,
                &reason,
                !revoke.trim().is_empty(),
                chrono::Utc::now(),
            )
            .await?;
            leptos_axum::redirect(&format!("/requests/{}", id.trim()));
            Ok(())
        }
        .await,
    )
}
