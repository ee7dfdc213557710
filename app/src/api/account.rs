//! The home page's facts for whoever is signed in.
use crate::{error::AppError, views::account::*};
use leptos::prelude::*;

#[server(endpoint = "home_summary", prefix = "/api")]
pub async fn home_summary() -> Result<HomeFacts, AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::users;
    Door::serve(Action::ViewOwnAccount, async |d| {
        users::home_summary(&d.db, &d.actor).await
    })
    .await
}
