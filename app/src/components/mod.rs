//! Reusable widgets: header and navigation, form fields with their errors, access guards.
pub mod chart;
pub mod errors;
pub mod guard;
pub mod header;
