//! Every database query, returning domain types rather than entity models.
pub mod audit;
pub mod countries;
pub mod experts;
pub mod imports;
pub mod login_attempts;
pub mod lookups;
pub mod sessions;
pub mod users;
pub mod vetting;
