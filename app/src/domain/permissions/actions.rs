//! What can be asked of Blue Suits, with the facts of the record each request concerns.
use super::actors::Actor;
use crate::domain::{
    ids::UserId,
    member_state::MemberStateCode,
    request::{RequestFacts, RequestStatus},
    vetting::RosterStatus,
};

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
    /// Nominate a new expert (for one's own state; the secretariat for any).
    NominateExpert,
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
    /// List the offers and deployments of one's nominees: a roster office, the secretariat.
    ListOffers,
    /// Take a step on a deployment (prepare, deploy, extend, complete, cancel, withdraw): the
    /// request's planner, the expert, the expert's roster office; the state machine decides which
    /// step each may take.
    StepDeployment(DeploymentFacts),
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
    /// Erase a state's nominee on their request, leaving only what the audit trail needs: the
    /// secretariat alone, since the request reaches it from the person, not from who nominated them.
    EraseExpert { state: MemberStateCode },
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

/// What the permission policy needs to know about one expert's record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpertFacts {
    pub state: MemberStateCode,
    pub status: RosterStatus,
    /// The record is the asking expert's own.
    pub is_self: bool,
}

/// What the permission policy needs to know about a deployment someone wants to move on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeploymentFacts {
    pub offer: OfferFacts,
    pub request: RequestFacts,
}

impl Action {
    /// Looking at uploads at all: a roster office its own state's, the secretariat every state's.
    /// Asked before a batch is read, so that whoever may not see uploads learns nothing from an id.
    pub fn view_own_imports(actor: &Actor) -> Action {
        Action::ViewImports {
            state: actor.principal.member_state().cloned(),
        }
    }

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
            Action::NominateExpert,
            Action::ListOffers,
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
            all.push(Action::StepDeployment(DeploymentFacts {
                offer: offer.clone(),
                request: RequestFacts {
                    owner: UserId(uuid::Uuid::nil()),
                    status: RequestStatus::Open,
                },
            }));
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
            all.push(Action::EraseExpert {
                state: state.clone(),
            });
            all.push(Action::ViewRosterOffice { state });
        }
        all
    }
}
