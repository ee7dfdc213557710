//! Wire types of the expert's portal: availability, regions, language claims, messages: what its server functions and pages exchange,
//! compiled for the server and the browser alike.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowRow {
    pub id: String,
    /// available or unavailable
    pub kind: String,
    pub from: String,
    pub to: String,
    pub past: bool,
    /// The period the nomination gave (the record's "available from / to"), which matching uses
    /// like any window; its id is [`NOMINATED_WINDOW_ID`].
    pub from_nomination: bool,
    /// No end date: `to` is then only as far as the calendar looks.
    pub open_ended: bool,
}

/// The id the portal gives the nominated period, so removing it goes through the same form.
pub const NOMINATED_WINDOW_ID: &str = "nomination";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionView {
    pub region: String,
    /// any, preferred or excluded
    pub choice: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimView {
    pub id: String,
    pub language: String,
    pub language_name: String,
    /// A CEFR level, or "remove".
    pub level: String,
    /// pending, verified or refused
    pub decision: String,
    pub claimed_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalView {
    pub expert_id: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub notice_days: String,
    pub longest_deployment_days: String,
    pub last_confirmed_on: Option<String>,
    pub stale: bool,
    pub today: String,
    pub windows: Vec<WindowRow>,
    pub regions: Vec<RegionView>,
    pub claims: Vec<ClaimView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageView {
    pub kind: String,
    pub subject: String,
    pub body: String,
    pub created_at: String,
    /// queued, sent or failed
    pub delivery: String,
}
