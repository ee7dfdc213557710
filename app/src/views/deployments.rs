//! Wire types of offers and deployments as each party sees them, with their steps: what its server functions and pages exchange,
//! compiled for the server and the browser alike.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepRow {
    pub from: Option<String>,
    pub to: String,
    /// expert, roster_office, planner or system
    pub party: String,
    pub actor: Option<String>,
    pub reason: Option<String>,
    pub at: String,
}

/// One offer or deployment as the asker may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeploymentRow {
    pub id: String,
    pub request_id: String,
    pub mission: String,
    pub host_country: String,
    pub duty_station: String,
    pub urgency: String,
    pub position_id: String,
    pub position: String,
    pub category: String,
    pub expert_id: String,
    pub expert_name: String,
    pub member_state: String,
    /// The expert is no longer vetted: a planner is told that the seat was released, not who
    /// held it (id, name and state are empty).
    pub expert_withheld: bool,
    /// Deployment-state slug.
    pub state: String,
    pub starts_on: String,
    pub ends_on: String,
    pub offered_at: String,
    pub respond_by: String,
    pub answer_reason: Option<String>,
    pub on_ground_at: Option<String>,
    /// On the ground minus the request's opening, in whole hours.
    pub hours_to_deploy: Option<i64>,
    /// Only for the request's planner, only after acceptance.
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub can_accept: bool,
    pub can_decline: bool,
    /// Step slugs the asker may take now (planners).
    pub next_steps: Vec<String>,
    pub steps: Vec<StepRow>,
}

/// An expert on a position's saved shortlist, to whom the planner may make an offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedCandidate {
    pub position_id: String,
    pub position: String,
    pub expert_id: String,
    pub name: String,
    /// proposed or alternate
    pub role: String,
    /// Already holds an open offer or a deployment for this position.
    pub offered: bool,
}

/// A request's deployments, and whom the planner can still make offers to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeploymentsOfRequest {
    pub rows: Vec<DeploymentRow>,
    pub saved: Vec<SavedCandidate>,
    /// The request is open and the asker may make offers on it.
    pub can_offer: bool,
}
