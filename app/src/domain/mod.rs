//! Pure rules of Blue Suits: typed values, permissions and policies, free of web, database and clock.
pub mod account;
pub mod deployment;
pub mod expert;
pub mod export;
pub mod ids;
pub mod import;
pub mod import_batch;
pub mod matching;
pub mod member_state;
pub mod permissions;
pub mod readiness;
pub mod request;
pub mod roster_query;
pub mod session;
pub mod taxonomy;
pub mod throttle;
pub mod vetting;
