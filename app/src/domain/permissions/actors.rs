//! Who is asking: the four roles, the principal with the facts its permissions depend on, and the
//! signed-in actor.
use crate::domain::{ids::UserId, member_state::MemberStateCode};
use serde::{Deserialize, Serialize};

/// The four kinds of people who use Blue Suits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Secretariat,
    RosterManager,
    MissionPlanner,
    Expert,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Secretariat,
        Role::RosterManager,
        Role::MissionPlanner,
        Role::Expert,
    ];

    /// The stable name stored in the database and used in forms.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Secretariat => "secretariat",
            Role::RosterManager => "roster_manager",
            Role::MissionPlanner => "mission_planner",
            Role::Expert => "expert",
        }
    }

    pub fn parse(raw: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == raw.trim())
    }
}

/// What an account is, with the facts its permissions depend on.
///
/// A roster manager always belongs to exactly one member state: the type makes any other case
/// impossible, so no check can forget it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Principal {
    Secretariat,
    RosterManager { state: MemberStateCode },
    MissionPlanner,
    Expert,
}

impl Principal {
    pub fn role(&self) -> Role {
        match self {
            Principal::Secretariat => Role::Secretariat,
            Principal::RosterManager { .. } => Role::RosterManager,
            Principal::MissionPlanner => Role::MissionPlanner,
            Principal::Expert => Role::Expert,
        }
    }

    /// Builds the principal from the stored role and state; a roster manager without a state is refused.
    pub fn from_parts(role: Role, state: Option<MemberStateCode>) -> Option<Principal> {
        match (role, state) {
            (Role::Secretariat, None) => Some(Principal::Secretariat),
            (Role::RosterManager, Some(state)) => Some(Principal::RosterManager { state }),
            (Role::MissionPlanner, None) => Some(Principal::MissionPlanner),
            (Role::Expert, None) => Some(Principal::Expert),
            _ => None,
        }
    }

    pub fn member_state(&self) -> Option<&MemberStateCode> {
        match self {
            Principal::RosterManager { state } => Some(state),
            _ => None,
        }
    }
}

/// The signed-in person making a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub user_id: UserId,
    pub principal: Principal,
}
