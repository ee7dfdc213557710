//! sea-orm entities, one per table, in generated style; conversions to domain types live in `repo`.
pub mod audit_event;
pub mod availability_window;
pub mod country;
pub mod expert;
pub mod expert_category;
pub mod expert_language;
pub mod expert_nationality;
pub mod expert_region;
pub mod expert_skill;
pub mod import_batch;
pub mod language;
pub mod login_attempt;
pub mod prior_mission;
pub mod roster_status_change;
pub mod session;
pub mod user;
pub mod vetting_check;
