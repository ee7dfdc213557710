//! One module per screen; each page gathers its data and hands plain values to components.
pub mod audit;
pub mod countries;
pub mod dashboard;
pub mod home;
pub mod import;
pub mod invite;
pub mod login;
pub mod not_found;
pub mod office;
pub mod outbox;
pub mod portal;
pub mod requests;
pub mod roster;
pub mod second_factor;
pub mod users;
pub mod vetting;
