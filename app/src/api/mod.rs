//! Server functions and the data they exchange with the browser, one file per capability.
//!
//! Each function is thin: ask the permission gate, call one service, map the result to a DTO.
pub mod account;
pub mod auth;
pub mod dashboard;
pub mod deployments;
pub mod erasure;
pub mod import;
pub mod invitations;
pub mod matching;
pub mod outbox;
pub mod portal;
pub mod reference;
pub mod requests;
pub mod roster;
pub mod second_factor;
pub mod users;
pub mod vetting;
