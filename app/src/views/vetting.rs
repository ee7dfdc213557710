//! Wire types of the vetting queue, likely duplicates, expiring credentials and the audit log: what its server functions and pages exchange,
//! compiled for the server and the browser alike.
use crate::views::roster::AuditRow;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueRow {
    pub id: String,
    pub name: String,
    pub member_state: String,
    pub status: String,
    pub waiting_since: String,
    /// Checks passed so far, of the five mandatory ones.
    pub checks_passed: u8,
    /// Other states' records that probably name the same person.
    pub duplicates: Vec<DuplicateView>,
}

/// Another state's record that probably names the same person: the secretariat's to see only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateView {
    pub id: String,
    pub name: String,
    pub member_state: String,
    pub status: String,
    /// Reason slugs (`same_email`, `same_name_and_birth_date`).
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpiringRow {
    pub expert_id: String,
    pub name: String,
    pub member_state: String,
    pub kind: String,
    pub expires_on: String,
    pub days_left: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub rows: Vec<AuditRow>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
}
