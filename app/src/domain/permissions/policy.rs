//! The one policy: who may do what to which record, and which rows of the roster and of the
//! requests each person sees at all.
use super::{actions::*, actors::*};
use crate::domain::{
    deployment::Party,
    ids::UserId,
    member_state::MemberStateCode,
    request::RequestFacts,
    vetting::{Decider, RosterStatus},
};

/// Which mission requests a person sees at all: applied inside every request query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestScope {
    Everything,
    /// A mission planner: the requests they filed.
    OwnedBy(UserId),
    Nothing,
}

pub fn request_scope(actor: &Actor) -> RequestScope {
    match actor.principal {
        Principal::Secretariat => RequestScope::Everything,
        Principal::MissionPlanner => RequestScope::OwnedBy(actor.user_id),
        // Roster offices see offers to their nominees, experts their own offers: never requests.
        Principal::RosterManager { .. } | Principal::Expert => RequestScope::Nothing,
    }
}

impl RequestScope {
    pub fn includes(&self, facts: &RequestFacts) -> bool {
        match self {
            RequestScope::Everything => true,
            RequestScope::OwnedBy(user) => *user == facts.owner,
            RequestScope::Nothing => false,
        }
    }
}

/// Which experts' rows a person may see at all: applied inside every roster query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RosterScope {
    Everything,
    /// A roster manager: their own state's nominees only.
    State(MemberStateCode),
    /// A mission planner: vetted experts only, whoever nominated them.
    VettedOnly,
    Nothing,
}

/// Which parts of a visible record a person may read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Disclosure {
    /// E-mail and phone.
    pub contact: bool,
    pub date_of_birth: bool,
    /// Status history with reasons, vetting check details and the audit trail.
    pub vetting_details: bool,
    /// Each read is recorded for the expert to see in their portal: people outside the expert's
    /// own chain (planners) reading a profile they were not given.
    pub logged_for_expert: bool,
}

pub fn roster_scope(principal: &Principal) -> RosterScope {
    match principal {
        Principal::Secretariat => RosterScope::Everything,
        Principal::RosterManager { state } => RosterScope::State(state.clone()),
        Principal::MissionPlanner => RosterScope::VettedOnly,
        // An expert reaches their own record through their portal, never through the roster.
        Principal::Expert => RosterScope::Nothing,
    }
}

impl RosterScope {
    /// Whether a record with these facts falls inside the scope; the queries apply the same rule.
    pub fn includes(&self, facts: &ExpertFacts) -> bool {
        match self {
            RosterScope::Everything => true,
            RosterScope::State(state) => *state == facts.state,
            RosterScope::VettedOnly => facts.status == RosterStatus::Vetted,
            RosterScope::Nothing => false,
        }
    }
}

/// A planner learns what matching needs, never contact details or age, until an expert accepts.
pub fn disclosure(principal: &Principal, facts: &ExpertFacts) -> Disclosure {
    let full = Disclosure {
        contact: true,
        date_of_birth: true,
        vetting_details: true,
        logged_for_expert: false,
    };
    match principal {
        Principal::Secretariat => full,
        Principal::RosterManager { state } if *state == facts.state => full,
        Principal::Expert if facts.is_self => full,
        _ => Disclosure {
            contact: false,
            date_of_birth: false,
            vetting_details: false,
            logged_for_expert: *principal == Principal::MissionPlanner,
        },
    }
}

/// In which part a person takes a step on a deployment: the expert on their own, the request's
/// planner (the secretariat acting for any planner), or the expert's roster office. `None`: the
/// person has no part in it. The deployment state machine then decides which steps each part may
/// take.
pub fn deployment_party(actor: &Actor, facts: &DeploymentFacts) -> Option<Party> {
    match &actor.principal {
        Principal::Expert => facts.offer.is_own.then_some(Party::Expert),
        Principal::Secretariat => Some(Party::Planner),
        Principal::MissionPlanner => request_scope(actor)
            .includes(&facts.request)
            .then_some(Party::Planner),
        Principal::RosterManager { state } => {
            (*state == facts.offer.state).then_some(Party::RosterOffice)
        }
    }
}

/// In which capacity a person decides on the roster status of a state's nominee: as the
/// secretariat, or as the nominating state's roster office. `None`: they have no say. The
/// vetting rules then decide which moves each capacity may make.
pub fn status_decider(actor: &Actor, state: &MemberStateCode) -> Option<Decider> {
    match &actor.principal {
        Principal::Secretariat => Some(Decider::Secretariat),
        Principal::RosterManager { state: own } if own == state => Some(Decider::NominatingState),
        _ => None,
    }
}

/// Why a request is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    /// Nobody is signed in: they should sign in and try again.
    Unauthenticated,
    /// The signed-in person may not do this.
    Forbidden,
    /// The record lies outside what the person may see at all: they are told it does not exist,
    /// so that ids guessed or copied from elsewhere reveal nothing.
    Hidden,
}

/// Decides whether `actor` (or an anonymous visitor when `None`) may perform `action`.
pub fn authorize(actor: Option<&Actor>, action: &Action) -> Result<(), Denied> {
    if *action == Action::SignIn {
        return Ok(());
    }
    let Some(actor) = actor else {
        return Err(Denied::Unauthenticated);
    };
    let allowed = match (action, &actor.principal) {
        (Action::SignIn, _) => true,
        (Action::ViewOwnAccount | Action::ViewReferenceData, _) => true,
        (Action::ManageUsers | Action::ViewAuditLog | Action::Vet, p) => {
            *p == Principal::Secretariat
        }
        (Action::ViewRoster, p) => roster_scope(p) != RosterScope::Nothing,
        (Action::ViewExpert(facts), p) => {
            roster_scope(p).includes(facts) || (*p == Principal::Expert && facts.is_self)
        }
        (Action::EditExpert { state }, Principal::RosterManager { state: own }) => state == own,
        (Action::EditExpert { .. }, p) => *p == Principal::Secretariat,
        (Action::ChangeRosterStatus { state }, _) => status_decider(actor, state).is_some(),
        (Action::ViewRosterOffice { .. }, Principal::Secretariat) => true,
        (Action::ViewRosterOffice { state }, Principal::RosterManager { state: own }) => {
            state == own
        }
        (Action::ViewRosterOffice { .. }, Principal::MissionPlanner | Principal::Expert) => false,
        // The state always comes from the account: nobody uploads for another state.
        (Action::ImportCandidates { state }, Principal::RosterManager { state: own }) => {
            state == own
        }
        (Action::ImportCandidates { .. }, _) => false,
        (Action::ViewImports { state }, Principal::RosterManager { state: own }) => {
            state.as_ref() == Some(own)
        }
        (Action::ViewImports { .. }, p) => *p == Principal::Secretariat,
        (Action::ListRequests, _) => request_scope(actor) != RequestScope::Nothing,
        (Action::FileRequest, p) => {
            matches!(p, Principal::MissionPlanner | Principal::Secretariat)
        }
        (Action::ViewRequest(facts) | Action::EditRequest(facts), _) => {
            request_scope(actor).includes(facts)
        }
        (Action::WaiveHostNationality, p) => *p == Principal::Secretariat,
        (Action::ViewOffer(facts), p) => match p {
            Principal::Secretariat => true,
            Principal::RosterManager { state } => *state == facts.state,
            Principal::Expert => facts.is_own,
            // A planner follows offers through their requests, not through this door.
            Principal::MissionPlanner => false,
        },
        (Action::AnswerOffer { facts, accept }, p) => match p {
            Principal::Expert => facts.is_own,
            Principal::RosterManager { state } => *state == facts.state && !accept,
            Principal::Secretariat | Principal::MissionPlanner => false,
        },
        (Action::InviteExpert { state }, Principal::RosterManager { state: own }) => state == own,
        (Action::InviteExpert { .. }, p) => *p == Principal::Secretariat,
        // Consent belongs to the expert: nobody who administers them may hold what lets them act
        // as the expert, except the secretariat handing a link over when no mail can be sent.
        (
            Action::RevealInvitation { .. }
            | Action::ResetExpertAccount { .. }
            | Action::EraseExpert { .. },
            p,
        ) => *p == Principal::Secretariat,
        (Action::ManageOwnProfile, p) => *p == Principal::Expert,
        (Action::ViewDashboard, p) => roster_scope(p) != RosterScope::Nothing,
        (Action::ViewOutbox, p) => *p == Principal::Secretariat,
        (Action::ManageOwnSecondFactor, _) => true,
        (Action::ResetSecondFactor, p) => *p == Principal::Secretariat,
        (Action::NominateExpert, p) => {
            matches!(p, Principal::Secretariat | Principal::RosterManager { .. })
        }
        (Action::ListOffers, p) => {
            matches!(p, Principal::Secretariat | Principal::RosterManager { .. })
        }
        (Action::StepDeployment(facts), _) => deployment_party(actor, facts).is_some(),
    };
    if allowed {
        Ok(())
    } else if hidden_when_refused(actor, action) {
        Err(Denied::Hidden)
    } else {
        Err(Denied::Forbidden)
    }
}

/// A refusal that must not confirm the record exists: the person's role sees some records of
/// this kind, just not this one (another state's nominee, another planner's request, an offer
/// made to someone else). A role that may see no record of the kind is simply refused.
fn hidden_when_refused(actor: &Actor, action: &Action) -> bool {
    match action {
        Action::ViewExpert(_) => roster_scope(&actor.principal) != RosterScope::Nothing,
        Action::ViewRequest(_) | Action::EditRequest(_) => {
            request_scope(actor) != RequestScope::Nothing
        }
        Action::ViewOffer(_) | Action::StepDeployment(_) => true,
        Action::ViewImports { state: Some(_) } | Action::ImportCandidates { .. } => {
            matches!(actor.principal, Principal::RosterManager { .. })
        }
        _ => false,
    }
}
