//! The notification outbox as the secretariat sees it: what was sent, what waits, what was given
//! up and why, and whether e-mail is being sent at all.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One queued message, without its body: the list is about delivery, not content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxRow {
    pub id: String,
    pub email: String,
    /// offer_made, offer_answered, invitation, check_expiring, availability_stale
    pub kind: String,
    pub subject: String,
    pub created_at: String,
    pub attempts: u32,
    /// queued, sent or failed (given up).
    pub state: String,
    /// When it was sent, when it will be tried next, or when it was given up, by `state`.
    pub state_at: String,
    pub last_error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxView {
    pub rows: Vec<OutboxRow>,
    pub queued: u64,
    pub sent: u64,
    pub failed: u64,
    /// One-based.
    pub page: u64,
    pub pages: u64,
    /// Without an SMTP server nothing is sent: messages wait here.
    pub mail_configured: bool,
}

/// The latest messages, newest first, 50 a page.
#[server(endpoint = "outbox_page", prefix = "/api")]
pub async fn outbox_page(#[server(default)] page: String) -> Result<OutboxView, AppError> {
    use crate::{
        domain::permissions::Action,
        server::{context, services::notifications},
    };
    context::respond(
        async {
            let actor = context::require(Action::ViewOutbox)?;
            let mail_configured = context::settings()?.mail_configured;
            notifications::outbox(&context::db()?, &actor, &page, mail_configured).await
        }
        .await,
    )
}
