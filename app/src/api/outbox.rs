//! The notification outbox as the secretariat sees it: what was sent, what waits, what was given
//! up and why, and whether e-mail is being sent at all.
use crate::{error::AppError, views::outbox::*};
use leptos::prelude::*;

/// The latest messages, newest first, 50 a page.
#[server(endpoint = "outbox_page", prefix = "/api")]
pub async fn outbox_page(#[server(default)] page: String) -> Result<OutboxView, AppError> {
    use crate::server::door::prelude::*;
    use crate::{domain::paging::Page, server::services::notifications};
    Door::serve(Action::ViewOutbox, async |d| {
        let page = Page::parse(&page).map_err(|why| AppError::invalid("page", why))?;
        let mail_configured = context::settings()?.mail_configured;
        notifications::outbox(&d.db, &d.actor, page, mail_configured).await
    })
    .await
}
