//! Wire types of mission requests, their positions, status history and forms: what its server functions and pages exchange,
//! compiled for the server and the browser alike.
use crate::domain::request::{PositionFields, RequestFields};
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
