//! Reusable widgets: header and navigation, form fields with their errors, the loading page shell,
//! access guards, badges, charts and the pager.
pub mod badges;
pub mod chart;
pub mod errors;
pub mod fields;
pub mod forms;
pub mod guard;
pub mod header;
pub mod pager;
pub mod shell;
pub mod stacked_chart;
