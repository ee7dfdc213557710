//! The Blue Suits server: configuration, the axum application around the Leptos app, and its CLI.
pub mod cli;
pub mod config;
pub mod dashboard_export;
pub mod database;
pub mod export;
pub mod form_errors;
pub mod health;
pub mod import;
pub mod mailer;
pub mod metrics;
pub mod middleware;
pub mod route_door;
pub mod seed;
pub mod startup;
pub mod telemetry;
