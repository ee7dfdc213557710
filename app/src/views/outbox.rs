//! Wire types of the notification outbox as the secretariat reads it: what its server functions and pages exchange,
//! compiled for the server and the browser alike.
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
