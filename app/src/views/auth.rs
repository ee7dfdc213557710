//! Wire types of the signed-in person as the interface needs them: what its server functions and pages exchange,
//! compiled for the server and the browser alike.
use crate::domain::permissions::Role;
use serde::{Deserialize, Serialize};

/// The signed-in person as the interface needs them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserView {
    pub id: String,
    pub display_name: String,
    pub email: String,
    pub role: Role,
    pub member_state: Option<String>,
}
