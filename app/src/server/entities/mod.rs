//! sea-orm entities, one per table, in generated style; conversions to domain types live in `repo`.
pub mod audit_event;
pub mod country;
pub mod login_attempt;
pub mod session;
pub mod user;
