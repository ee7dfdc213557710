//! Accounts: the secretariat's user administration and a roster office's own members.
use crate::{error::AppError, views::users::*};
use leptos::prelude::*;

#[server(endpoint = "list_users", prefix = "/api")]
pub async fn list_users() -> Result<Vec<UserRow>, AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::users;
    Door::serve(Action::ManageUsers, async |d| users::list(&d.db).await).await
}

#[server(endpoint = "create_user", prefix = "/api")]
pub async fn create_user(
    email: String,
    display_name: String,
    role: String,
    member_state: Option<String>,
    password: String,
) -> Result<UserRow, AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::users;
    Door::serve(Action::ManageUsers, async |d| {
        let input = users::NewAccountInput {
            email,
            display_name,
            role,
            member_state,
            password,
        };
        users::create(&d.db, &d.actor, input, d.now).await
    })
    .await
}

#[server(endpoint = "set_user_active", prefix = "/api")]
pub async fn set_user_active(user_id: String, active: bool) -> Result<(), AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::users;
    Door::serve(Action::ManageUsers, async |d| {
        let id = door::id(&user_id)?;
        users::set_active(&d.db, &d.actor, id, active, d.now).await
    })
    .await
}

/// The accounts of one roster office; without `state`, the caller's own.
#[server(endpoint = "roster_office", prefix = "/api")]
pub async fn roster_office(state: Option<String>) -> Result<RosterOfficeView, AppError> {
    use crate::server::door::prelude::*;
    use crate::{domain::member_state::MemberStateCode, server::services::users};
    Door::serve_signed_in(async |d| {
        let state = match state.as_deref().filter(|s| !s.trim().is_empty()) {
            Some(raw) => MemberStateCode::parse(raw).map_err(|_| AppError::NotFound)?,
            None => d
                .actor
                .principal
                .member_state()
                .cloned()
                .ok_or(AppError::Forbidden)?,
        };
        d.permit(Action::ViewRosterOffice {
            state: state.clone(),
        })?;
        users::roster_office(&d.db, &state).await
    })
    .await
}
