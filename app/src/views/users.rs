//! Wire types of accounts: the secretariat's list and a roster office's members: what its server functions and pages exchange,
//! compiled for the server and the browser alike.
use crate::domain::permissions::Role;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub member_state: Option<String>,
    pub active: bool,
    pub created_on: String,
    pub last_sign_in: Option<String>,
    /// The account has a confirmed second factor (on the secretariat's list).
    pub second_factor: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterOfficeView {
    pub state: crate::views::reference::CountryRow,
    pub members: Vec<UserRow>,
}
