//! Wire types of the roster list, one expert's record and the nominate / edit form: what its server functions and pages exchange,
//! compiled for the server and the browser alike.
use crate::{domain::expert::ExpertFields, error::FieldError};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterRow {
    pub id: String,
    pub given_names: String,
    pub family_name: String,
    pub latin_name: Option<String>,
    pub member_state: String,
    pub nationalities: Vec<String>,
    /// Category slugs.
    pub categories: Vec<String>,
    /// Roster-status slug.
    pub status: String,
    /// Readiness-tier slug.
    pub tier: String,
    pub years_experience: i16,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterPage {
    pub rows: Vec<RosterRow>,
    /// Experts in the whole view, not only on this page.
    pub total: u64,
    /// One-based.
    pub page: u64,
    pub pages: u64,
    /// Filters that could not be understood; the list is then empty.
    pub errors: Vec<FieldError>,
    /// The asker may nominate experts (and see the nominate button).
    pub can_nominate: bool,
    /// The asker sees more than one state's nominees (and the state filter).
    pub sees_all_states: bool,
    /// The asker only ever sees vetted experts (no status filter).
    pub vetted_only: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkillView {
    pub slug: String,
    pub level: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LanguageView {
    pub code: String,
    pub name: String,
    /// CEFR level, A1 … C2.
    pub level: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckView {
    /// Check-kind slug.
    pub kind: String,
    /// pending, passed, failed; `missing` when never recorded.
    pub status: String,
    pub done_on: Option<String>,
    pub expires_on: Option<String>,
    pub recorded_by: Option<String>,
    pub recorded_at: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChangeView {
    pub from: Option<String>,
    pub to: String,
    pub reason: String,
    pub by: Option<String>,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowView {
    pub kind: String,
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissionView {
    pub mission: String,
    pub country: Option<String>,
    pub role: String,
    pub started_on: String,
    pub ended_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub at: String,
    pub actor: Option<String>,
    pub action: String,
    pub record_type: String,
    pub record_id: String,
    /// Field-by-field changes, `field: before → after`.
    pub changes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadinessView {
    /// Tier slug.
    pub tier: String,
    pub reasons: Vec<String>,
    pub as_of: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpertView {
    pub id: String,
    pub member_state: String,
    pub external_ref: String,
    pub given_names: String,
    pub family_name: String,
    pub latin_name: Option<String>,
    pub gender: String,
    /// Absent for those who may not see it (mission planners).
    pub date_of_birth: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub years_experience: i16,
    pub notice_days: i16,
    pub available_from: Option<String>,
    pub available_to: Option<String>,
    pub last_confirmed_on: Option<String>,
    pub availability_stale: bool,
    pub nationalities: Vec<String>,
    pub categories: Vec<String>,
    pub skills: Vec<SkillView>,
    pub languages: Vec<LanguageView>,
    pub status: String,
    pub status_since: String,
    pub readiness: ReadinessView,
    /// Empty for those who may not see vetting details.
    pub checks: Vec<CheckView>,
    pub history: Vec<StatusChangeView>,
    pub windows: Vec<WindowView>,
    pub prior_missions: Vec<MissionView>,
    pub audit: Vec<AuditRow>,
    pub can_edit: bool,
    /// Roster statuses the asker may move this expert to.
    pub next_statuses: Vec<String>,
    pub can_record_checks: bool,
    /// Languages the expert declared in their portal, waiting for the secretariat.
    pub language_claims: Vec<crate::views::portal::ClaimView>,
    /// The asker may invite this expert to the portal (they have no account yet).
    pub can_invite: bool,
    pub has_account: bool,
    /// A link sent and not yet used, valid until then (for those who may invite).
    pub invitation_pending_until: Option<String>,
    /// The secretariat may read the pending link off the record: no mail server can deliver it.
    pub can_reveal_invitation: bool,
    /// The secretariat may reset the expert's account.
    pub can_reset_account: bool,
    /// The secretariat may erase this expert's personal data on their request (off the roster).
    pub can_erase: bool,
    /// Other states' records that probably name the same person (the secretariat only).
    pub duplicates: Vec<crate::views::vetting::DuplicateView>,
    /// The asker is this expert (reading their own record in the portal).
    pub is_self: bool,
}

/// What the nominate / edit form starts from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpertFormData {
    /// Empty for a new nominee.
    pub id: String,
    pub version: i32,
    /// The roster status slug: changing who a vetted record names sends it back to review.
    pub status: String,
    pub member_state: String,
    pub fields: ExpertFields,
    /// The server's date, so the browser checks ages against the same day.
    pub today: String,
    /// States the asker may nominate for (one for a roster manager).
    pub states: Vec<String>,
}
