//! Wire types of invitations: what the inviter learns, a revealed link, the greeting: what its server functions and pages exchange,
//! compiled for the server and the browser alike.
use serde::{Deserialize, Serialize};

/// What the inviter learns: where the message went and until when the link works — never the
/// link itself, which only the expert may hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteView {
    pub email: String,
    pub expires_at: String,
    /// A mail server is configured; otherwise the message waits in the outbox.
    pub by_mail: bool,
}

/// A pending link revealed to the secretariat, to hand over when no mail can be sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevealedView {
    pub link: String,
    pub email: String,
    pub expires_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GreetingView {
    pub name: String,
    pub email: String,
}
