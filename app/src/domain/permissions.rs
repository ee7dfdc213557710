//! Who may do what: the one policy every server function and page consults before acting.
use super::{
    ids::UserId,
    member_state::MemberStateCode,
    request::{RequestFacts, RequestStatus},
    vetting::RosterStatus,
};
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

/// Everything that can be asked of Blue Suits, with the record it concerns where that matters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Sign in, or choose the interface language: open to everyone, signed in or not.
    SignIn,
    /// See one's own home page and account.
    ViewOwnAccount,
    /// Read reference data: countries, regions, member states.
    ViewReferenceData,
    /// List, create, deactivate and reactivate accounts of every kind.
    ManageUsers,
    /// See the accounts of one member state's roster office.
    ViewRosterOffice { state: MemberStateCode },
    /// Read the append-only audit log.
    ViewAuditLog,
    /// Browse, search, count and export the roster; which rows is decided by [`roster_scope`].
    ViewRoster,
    /// See one expert's record.
    ViewExpert(ExpertFacts),
    /// Nominate an expert for a state, or edit one of its nominees.
    EditExpert { state: MemberStateCode },
    /// Ask for a roster-status change on a state's nominee; the vetting rules decide which ones.
    ChangeRosterStatus { state: MemberStateCode },
    /// Record vetting checks and work the vetting queue and the expiring-credentials list.
    Vet,
    /// Upload a candidate file for a state, and commit or discard it: that state's roster office.
    ImportCandidates { state: MemberStateCode },
    /// See a state's uploads and their reports; `None`: every state's.
    ViewImports { state: Option<MemberStateCode> },
    /// List mission requests; which ones is decided by [`request_scope`].
    ListRequests,
    /// File a new mission request (its filer owns it).
    FileRequest,
    /// See a request, run matching and what-if on it: its owner, or the secretariat.
    ViewRequest(RequestFacts),
    /// Edit a request, its positions and shortlist, or move its status: its owner, or the secretariat.
    EditRequest(RequestFacts),
    /// Waive the host-nationality rule for one request, with a reason.
    WaiveHostNationality,
    /// See an offer or deployment made to an expert: the expert, their roster office, the secretariat.
    ViewOffer(OfferFacts),
    /// Answer an offer: the expert accepts or declines; their roster office may only decline.
    AnswerOffer { facts: OfferFacts, accept: bool },
    /// Invite a state's nominee to create their expert account: that state's office, the secretariat.
    /// The link itself goes to the expert's own address; the inviter never sees it.
    InviteExpert { state: MemberStateCode },
    /// See a pending invitation link to hand it over when no mail server is configured: the
    /// secretariat only (each reveal is audited). A roster office never sees a link, since
    /// whoever holds it can act as the expert.
    RevealInvitation { state: MemberStateCode },
    /// Reset an expert's account (sessions and password end, a fresh link goes to the expert):
    /// the secretariat only, for an expert who finds an account already made on their address.
    ResetExpertAccount { state: MemberStateCode },
    /// Keep one's own expert record current: availability, contact details, languages, offers.
    ManageOwnProfile,
    /// See the readiness dashboard; which experts it counts is decided by [`roster_scope`].
    ViewDashboard,
    /// See the notification outbox and its delivery state.
    ViewOutbox,
    /// Set up one's own second factor and keep its recovery codes: every signed-in person.
    ManageOwnSecondFactor,
    /// Remove another account's second factor (it enrols again at next sign-in): the secretariat.
    ResetSecondFactor,
}

/// What the permission policy needs to know about an offer made to an expert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferFacts {
    /// The expert's nominating state.
    pub state: MemberStateCode,
    /// The offer is made to the asking expert.
    pub is_own: bool,
}

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

/// What the permission policy needs to know about one expert's record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpertFacts {
    pub state: MemberStateCode,
    pub status: RosterStatus,
    /// The record is the asking expert's own.
    pub is_self: bool,
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
    };
    match principal {
        Principal::Secretariat => full,
        Principal::RosterManager { state } if *state == facts.state => full,
        Principal::Expert if facts.is_self => full,
        _ => Disclosure {
            contact: false,
            date_of_birth: false,
            vetting_details: false,
        },
    }
}

impl Action {
    /// Every action kind, with sample records, for exhaustive tests.
    pub fn samples() -> Vec<Action> {
        let can = MemberStateCode::parse("CAN").into_iter();
        let mut all = vec![
            Action::SignIn,
            Action::ViewOwnAccount,
            Action::ViewReferenceData,
            Action::ManageUsers,
            Action::ViewAuditLog,
            Action::ViewRoster,
            Action::Vet,
            Action::ViewImports { state: None },
            Action::ListRequests,
            Action::FileRequest,
            Action::WaiveHostNationality,
            Action::ManageOwnProfile,
            Action::ViewDashboard,
            Action::ViewOutbox,
            Action::ManageOwnSecondFactor,
            Action::ResetSecondFactor,
        ];
        let facts = RequestFacts {
            owner: UserId(uuid::Uuid::nil()),
            status: RequestStatus::Draft,
        };
        all.push(Action::ViewRequest(facts.clone()));
        all.push(Action::EditRequest(facts));
        if let Ok(state) = MemberStateCode::parse("CAN") {
            let offer = OfferFacts {
                state,
                is_own: false,
            };
            all.push(Action::ViewOffer(offer.clone()));
            all.push(Action::AnswerOffer {
                facts: offer,
                accept: true,
            });
        }
        for state in can {
            all.push(Action::ViewExpert(ExpertFacts {
                state: state.clone(),
                status: RosterStatus::Vetted,
                is_self: false,
            }));
            all.push(Action::EditExpert {
                state: state.clone(),
            });
            all.push(Action::ChangeRosterStatus {
                state: state.clone(),
            });
            all.push(Action::ImportCandidates {
                state: state.clone(),
            });
            all.push(Action::ViewImports {
                state: Some(state.clone()),
            });
            all.push(Action::InviteExpert {
                state: state.clone(),
            });
            all.push(Action::RevealInvitation {
                state: state.clone(),
            });
            all.push(Action::ResetExpertAccount {
                state: state.clone(),
            });
            all.push(Action::ViewRosterOffice { state });
        }
        all
    }
}

/// Why a request is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    /// Nobody is signed in: they should sign in and try again.
    Unauthenticated,
    /// The signed-in person may not do this.
    Forbidden,
}

/// Where to send someone after signing in: only a path on this site, never another site.
///
/// The path is judged as the browser will read it, after percent-decoding: it starts with one
/// `/` not followed by another `/` or a `\` (which browsers read as another site), and holds no
/// control or whitespace character anywhere (`/%09/evil.example/` becomes `//evil.example/` once
/// the tab is dropped). As sent it must be plain printable ASCII, so that it is a valid
/// `Location` header. Anything else goes home.
pub fn safe_return_path(next: Option<&str>) -> &str {
    let Some(raw) = next else {
        return "/";
    };
    let printable = !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_graphic());
    let decoded = percent_encoding::percent_decode_str(raw).decode_utf8();
    let safe = printable
        && decoded.is_ok_and(|p| {
            let mut chars = p.chars();
            chars.next() == Some('/')
                && !matches!(chars.next(), Some('/' | '\\'))
                && !p.chars().any(|c| c.is_control() || c.is_whitespace())
                && !p.starts_with("/login")
        });
    if safe { raw } else { "/" }
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
        (
            Action::EditExpert { state } | Action::ChangeRosterStatus { state },
            Principal::RosterManager { state: own },
        ) => state == own,
        (Action::EditExpert { .. } | Action::ChangeRosterStatus { .. }, p) => {
            *p == Principal::Secretariat
        }
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
        (Action::RevealInvitation { .. } | Action::ResetExpertAccount { .. }, p) => {
            *p == Principal::Secretariat
        }
        (Action::ManageOwnProfile, p) => *p == Principal::Expert,
        (Action::ViewDashboard, p) => roster_scope(p) != RosterScope::Nothing,
        (Action::ViewOutbox, p) => *p == Principal::Secretariat,
        (Action::ManageOwnSecondFactor, _) => true,
        (Action::ResetSecondFactor, p) => *p == Principal::Secretariat,
    };
    if allowed {
        Ok(())
    } else {
        Err(Denied::Forbidden)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn code(s: &str) -> MemberStateCode {
        MemberStateCode::parse(s).expect("valid code")
    }

    fn facts(state: &str, status: RosterStatus) -> ExpertFacts {
        ExpertFacts {
            state: code(state),
            status,
            is_self: false,
        }
    }

    #[test]
    fn each_role_sees_its_own_slice_of_the_roster() {
        let can = Principal::RosterManager { state: code("CAN") };
        let cases = [
            (Principal::Secretariat, "FRA", RosterStatus::Nominated, true),
            (can.clone(), "CAN", RosterStatus::Nominated, true),
            (can.clone(), "FRA", RosterStatus::Vetted, false),
            (Principal::MissionPlanner, "FRA", RosterStatus::Vetted, true),
            (
                Principal::MissionPlanner,
                "FRA",
                RosterStatus::Suspended,
                false,
            ),
            (
                Principal::MissionPlanner,
                "CAN",
                RosterStatus::UnderReview,
                false,
            ),
            (Principal::Expert, "CAN", RosterStatus::Vetted, false),
        ];
        for (principal, state, status, seen) in cases {
            assert_eq!(
                roster_scope(&principal).includes(&facts(state, status)),
                seen,
                "{principal:?} {state} {status:?}"
            );
        }
    }

    #[test]
    fn planners_never_see_contact_details_or_birth_dates() {
        let vetted = facts("CAN", RosterStatus::Vetted);
        let hidden = disclosure(&Principal::MissionPlanner, &vetted);
        assert!(!hidden.contact && !hidden.date_of_birth && !hidden.vetting_details);
        let other_state = disclosure(&Principal::RosterManager { state: code("FRA") }, &vetted);
        assert!(!other_state.contact);
        let own_state = disclosure(&Principal::RosterManager { state: code("CAN") }, &vetted);
        assert!(own_state.contact && own_state.date_of_birth);
        assert!(disclosure(&Principal::Secretariat, &vetted).vetting_details);
    }

    /// A request owned by `owner`; the table's actors all have the nil id.
    fn request(owner: Uuid) -> RequestFacts {
        RequestFacts {
            owner: UserId(owner),
            status: RequestStatus::Open,
        }
    }

    fn offer(state: &str, is_own: bool) -> OfferFacts {
        OfferFacts {
            state: code(state),
            is_own,
        }
    }

    fn actor(principal: Principal) -> Actor {
        Actor {
            user_id: UserId(Uuid::nil()),
            principal,
        }
    }

    #[test]
    fn every_role_gets_exactly_what_it_may() {
        use Denied::*;
        let secretariat = actor(Principal::Secretariat);
        let canada = actor(Principal::RosterManager { state: code("CAN") });
        let planner = actor(Principal::MissionPlanner);
        let expert = actor(Principal::Expert);
        let ok = Ok(());
        let no = Err(Forbidden);
        // (action, anonymous, secretariat, roster manager of CAN, mission planner, expert)
        let table = [
            (Action::SignIn, ok, ok, ok, ok, ok),
            (Action::ViewOwnAccount, Err(Unauthenticated), ok, ok, ok, ok),
            (
                Action::ViewReferenceData,
                Err(Unauthenticated),
                ok,
                ok,
                ok,
                ok,
            ),
            (Action::ManageUsers, Err(Unauthenticated), ok, no, no, no),
            (Action::ViewAuditLog, Err(Unauthenticated), ok, no, no, no),
            (
                Action::ViewRosterOffice { state: code("CAN") },
                Err(Unauthenticated),
                ok,
                ok,
                no,
                no,
            ),
            (
                Action::ViewRosterOffice { state: code("FRA") },
                Err(Unauthenticated),
                ok,
                no,
                no,
                no,
            ),
            (Action::ViewRoster, Err(Unauthenticated), ok, ok, ok, no),
            (Action::Vet, Err(Unauthenticated), ok, no, no, no),
            (
                Action::ViewExpert(facts("CAN", RosterStatus::Nominated)),
                Err(Unauthenticated),
                ok,
                ok,
                no,
                no,
            ),
            (
                Action::ViewExpert(facts("CAN", RosterStatus::Vetted)),
                Err(Unauthenticated),
                ok,
                ok,
                ok,
                no,
            ),
            (
                Action::ViewExpert(facts("FRA", RosterStatus::UnderReview)),
                Err(Unauthenticated),
                ok,
                no,
                no,
                no,
            ),
            (
                Action::ViewExpert(facts("FRA", RosterStatus::Vetted)),
                Err(Unauthenticated),
                ok,
                no,
                ok,
                no,
            ),
            (
                Action::ViewExpert(ExpertFacts {
                    is_self: true,
                    ..facts("FRA", RosterStatus::Suspended)
                }),
                Err(Unauthenticated),
                ok,
                no,
                no,
                ok,
            ),
            (
                Action::EditExpert { state: code("CAN") },
                Err(Unauthenticated),
                ok,
                ok,
                no,
                no,
            ),
            (
                Action::EditExpert { state: code("FRA") },
                Err(Unauthenticated),
                ok,
                no,
                no,
                no,
            ),
            (
                Action::ChangeRosterStatus { state: code("CAN") },
                Err(Unauthenticated),
                ok,
                ok,
                no,
                no,
            ),
            (
                Action::ChangeRosterStatus { state: code("FRA") },
                Err(Unauthenticated),
                ok,
                no,
                no,
                no,
            ),
            (
                Action::ImportCandidates { state: code("CAN") },
                Err(Unauthenticated),
                no,
                ok,
                no,
                no,
            ),
            (
                Action::ImportCandidates { state: code("FRA") },
                Err(Unauthenticated),
                no,
                no,
                no,
                no,
            ),
            (
                Action::ViewImports {
                    state: Some(code("CAN")),
                },
                Err(Unauthenticated),
                ok,
                ok,
                no,
                no,
            ),
            (
                Action::ViewImports {
                    state: Some(code("FRA")),
                },
                Err(Unauthenticated),
                ok,
                no,
                no,
                no,
            ),
            (
                Action::ViewImports { state: None },
                Err(Unauthenticated),
                ok,
                no,
                no,
                no,
            ),
            (Action::ListRequests, Err(Unauthenticated), ok, no, ok, no),
            (Action::FileRequest, Err(Unauthenticated), ok, no, ok, no),
            (
                Action::WaiveHostNationality,
                Err(Unauthenticated),
                ok,
                no,
                no,
                no,
            ),
            (
                Action::ViewRequest(request(Uuid::nil())),
                Err(Unauthenticated),
                ok,
                no,
                ok,
                no,
            ),
            (
                Action::ViewRequest(request(Uuid::from_u128(7))),
                Err(Unauthenticated),
                ok,
                no,
                no,
                no,
            ),
            (
                Action::EditRequest(request(Uuid::nil())),
                Err(Unauthenticated),
                ok,
                no,
                ok,
                no,
            ),
            (
                Action::EditRequest(request(Uuid::from_u128(7))),
                Err(Unauthenticated),
                ok,
                no,
                no,
                no,
            ),
            (
                Action::ViewOffer(offer("CAN", false)),
                Err(Unauthenticated),
                ok,
                ok,
                no,
                no,
            ),
            (
                Action::ViewOffer(offer("FRA", false)),
                Err(Unauthenticated),
                ok,
                no,
                no,
                no,
            ),
            (
                Action::ViewOffer(offer("FRA", true)),
                Err(Unauthenticated),
                ok,
                no,
                no,
                ok,
            ),
            (
                Action::AnswerOffer {
                    facts: offer("CAN", false),
                    accept: true,
                },
                Err(Unauthenticated),
                no,
                no,
                no,
                no,
            ),
            (
                Action::AnswerOffer {
                    facts: offer("CAN", false),
                    accept: false,
                },
                Err(Unauthenticated),
                no,
                ok,
                no,
                no,
            ),
            (
                Action::AnswerOffer {
                    facts: offer("FRA", true),
                    accept: true,
                },
                Err(Unauthenticated),
                no,
                no,
                no,
                ok,
            ),
            (
                Action::AnswerOffer {
                    facts: offer("FRA", false),
                    accept: false,
                },
                Err(Unauthenticated),
                no,
                no,
                no,
                no,
            ),
            (
                Action::InviteExpert { state: code("CAN") },
                Err(Unauthenticated),
                ok,
                ok,
                no,
                no,
            ),
            (
                Action::InviteExpert { state: code("FRA") },
                Err(Unauthenticated),
                ok,
                no,
                no,
                no,
            ),
            (
                Action::RevealInvitation { state: code("CAN") },
                Err(Unauthenticated),
                ok,
                no,
                no,
                no,
            ),
            (
                Action::ResetExpertAccount { state: code("CAN") },
                Err(Unauthenticated),
                ok,
                no,
                no,
                no,
            ),
            (
                Action::ManageOwnProfile,
                Err(Unauthenticated),
                no,
                no,
                no,
                ok,
            ),
            (Action::ViewDashboard, Err(Unauthenticated), ok, ok, ok, no),
            (Action::ViewOutbox, Err(Unauthenticated), ok, no, no, no),
            (
                Action::ManageOwnSecondFactor,
                Err(Unauthenticated),
                ok,
                ok,
                ok,
                ok,
            ),
            (
                Action::ResetSecondFactor,
                Err(Unauthenticated),
                ok,
                no,
                no,
                no,
            ),
        ];
        for (action, anon, sec, mgr, plan, exp) in table {
            assert_eq!(authorize(None, &action), anon, "anonymous {action:?}");
            assert_eq!(
                authorize(Some(&secretariat), &action),
                sec,
                "secretariat {action:?}"
            );
            assert_eq!(
                authorize(Some(&canada), &action),
                mgr,
                "roster manager {action:?}"
            );
            assert_eq!(
                authorize(Some(&planner), &action),
                plan,
                "planner {action:?}"
            );
            assert_eq!(authorize(Some(&expert), &action), exp, "expert {action:?}");
        }
    }

    #[test]
    fn the_table_covers_every_action_kind() {
        // Adding an action without deciding it for every role fails to compile in `authorize`;
        // this keeps `samples` honest so integration tests iterate over all of them.
        assert_eq!(Action::samples().len(), 29);
    }

    #[test]
    fn anonymous_visitors_may_only_sign_in() {
        for action in Action::samples()
            .into_iter()
            .filter(|a| *a != Action::SignIn)
        {
            assert_eq!(authorize(None, &action), Err(Denied::Unauthenticated));
        }
    }

    #[test]
    fn a_roster_manager_needs_a_state_and_nobody_else_has_one() {
        assert_eq!(Principal::from_parts(Role::RosterManager, None), None);
        assert_eq!(
            Principal::from_parts(Role::Secretariat, Some(code("CAN"))),
            None
        );
        assert_eq!(
            Principal::from_parts(Role::MissionPlanner, Some(code("CAN"))),
            None
        );
        assert_eq!(
            Principal::from_parts(Role::RosterManager, Some(code("CAN"))),
            Some(Principal::RosterManager { state: code("CAN") })
        );
    }

    #[test]
    fn sign_in_only_returns_to_paths_on_this_site() {
        let cases = [
            (None, "/"),
            (Some("/admin/users"), "/admin/users"),
            (Some("/countries?region=Africa"), "/countries?region=Africa"),
            (Some("https://evil.example/"), "/"),
            (Some("//evil.example/"), "/"),
            (Some("/\\evil.example"), "/"),
            (Some("/login"), "/"),
            (Some(""), "/"),
            // Tabs, newlines and other controls vanish in the browser's URL parser.
            (Some("/%09/evil.example/"), "/"),
            (Some("/\t/evil.example/"), "/"),
            (Some("/%0a/evil.example"), "/"),
            (Some("/%2F/evil.example"), "/"),
            (Some("/%5Cevil.example"), "/"),
            (Some("/%7F"), "/"),
            (Some("/%20"), "/"),
            (Some("/roster%3Fq%3Dtoure"), "/roster%3Fq%3Dtoure"),
            (Some("/roster?q=tour%C3%A9"), "/roster?q=tour%C3%A9"),
            (Some("/roster?q=touré"), "/"),
            (Some("/%FF"), "/"),
            (Some("/login/code"), "/"),
        ];
        for (next, expected) in cases {
            assert_eq!(safe_return_path(next), expected, "{next:?}");
        }
    }

    #[test]
    fn role_names_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("admin"), None);
    }
}
