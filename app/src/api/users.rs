//! Accounts: the secretariat's user administration and a roster office's own members.
use crate::{domain::permissions::Role, error::AppError};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub member_state: Option<String>,
    pub active: bool,
    pub created_on: String,
    pub last_sign_in: Option<String>,
    /// The account has a confirmed second factor (on the secretariat's list).
    pub second_factor: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterOfficeView {
    pub state: crate::api::reference::CountryRow,
    pub members: Vec<UserRow>,
}

#[server(endpoint = "list_users", prefix = "/api")]
pub async fn list_users() -> Result<Vec<UserRow>, AppError> {
    use crate::{
        domain::permissions::Action,
        server::{context, services::users},
    };
    context::respond(
        async {
            context::require(Action::ManageUsers)?;
            users::list(&context::db()?).await
        }
        .await,
    )
}

#[server(endpoint = "create_user", prefix = "/api")]
pub async fn create_user(
    email: String,
    display_name: String,
    role: String,
    member_state: Option<String>,
    password: String,
) -> Result<UserRow, AppError> {
    use crate::{
        domain::permissions::Action,
        server::{context, services::users},
    };
    context::respond(
        async {
            let actor = context::require(Action::ManageUsers)?;
            let input = users::NewAccountInput {
                email,
                display_name,
                role,
                member_state,
                password,
            };
            users::create(&context::db()?, &actor, input, chrono::Utc::now()).await
        }
        .await,
    )
}

#[server(endpoint = "set_user_active", prefix = "/api")]
pub async fn set_user_active(user_id: String, active: bool) -> Result<(), AppError> {
    use crate::{
        domain::{ids::UserId, permissions::Action},
        server::{context, services::users},
    };
    context::respond(
        async {
            let actor = context::require(Action::ManageUsers)?;
            let id = UserId::parse(&user_id).ok_or(AppError::NotFound)?;
            users::set_active(&context::db()?, &actor, id, active, chrono::Utc::now()).await
        }
        .await,
    )
}

/// The accounts of one roster office; without `state`, the caller's own.
#[server(endpoint = "roster_office", prefix = "/api")]
pub async fn roster_office(state: Option<String>) -> Result<RosterOfficeView, AppError> {
    use crate::{
        domain::{member_state::MemberStateCode, permissions::Action},
        server::{context, services::users},
    };
    context::respond(
        async {
            let signed_in = context::require(Action::ViewOwnAccount)?;
            let state = match state.as_deref().filter(|s| !s.trim().is_empty()) {
                Some(raw) => MemberStateCode::parse(raw).map_err(|_| AppError::NotFound)?,
                None => signed_in
                    .principal
                    .member_state()
                    .cloned()
                    .ok_or(AppError::Forbidden)?,
            };
            context::require(Action::ViewRosterOffice {
                state: state.clone(),
            })?;
            users::roster_office(&context::db()?, &state).await
        }
        .await,
    )
}
