//! Wire types of the home page's facts for whoever is signed in: what its server functions and pages exchange,
//! compiled for the server and the browser alike.
use crate::views::reference::CountryRow;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeFacts {
    /// Accounts by role; only for those who manage users.
    pub accounts_by_role: Option<Vec<(crate::domain::permissions::Role, u64)>>,
    pub member_states: u64,
    /// The roster manager's own state, and how many people its roster office has.
    pub own_state: Option<CountryRow>,
    pub office_size: Option<u64>,
}
