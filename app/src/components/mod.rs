//! Reusable widgets: header and navigation, form fields with their errors, access guards, badges.
pub mod badges;
pub mod chart;
pub mod errors;
pub mod forms;
pub mod guard;
pub mod header;
pub mod pager;
pub mod stacked_chart;
