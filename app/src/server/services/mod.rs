//! Use cases: plain async functions taking the connection and the acting user.
pub mod auth;
pub mod demo;
pub mod reference;
pub mod users;
