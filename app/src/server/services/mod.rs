//! Use cases: plain async functions taking the connection and the acting user.
pub mod auth;
pub mod demo;
pub mod demo_roster;
pub mod deployments;
pub mod export;
pub mod import;
pub mod import_batches;
pub mod import_template;
pub mod matching;
pub mod reference;
pub mod requests;
pub mod roster;
pub mod users;
pub mod vetting;
