//! The home page's facts for whoever is signed in.
use crate::{api::reference::CountryRow, error::AppError};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeFacts {
    /// Accounts by role; only for those who manage users.
    pub accounts_by_role: Option<Vec<(crate::domain::permissions::Role, u64)>>,
    pub member_states: u64,
    /// The roster manager's own state, and how many people its roster office has.
    pub own_state: Option<CountryRow>,
    pub office_size: Option<u64>,
}

#[server(endpoint = "home_summary", prefix = "/api")]
pub async fn home_summary() -> Result<HomeFacts, AppError> {
    use crate::{
        domain::permissions::Action,
        server::{context, services::users},
    };
    context::respond(
        async {
            let actor = context::require(Action::ViewOwnAccount)?;
            users::home_summary(&context::db()?, &actor).await
        }
        .await,
    )
}
