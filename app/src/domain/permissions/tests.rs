//! The policy table: every role against every action, the scopes, the pages and return paths.
use super::*;
use crate::domain::{
    ids::UserId,
    member_state::MemberStateCode,
    request::{RequestFacts, RequestStatus},
    vetting::RosterStatus,
};
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
    assert!(
        hidden.logged_for_expert,
        "a planner's read is shown to the expert"
    );
    assert!(!disclosure(&Principal::Secretariat, &vetted).logged_for_expert);
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
    let hid = Err(Hidden);
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
            hid,
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
            hid,
            hid,
            no,
        ),
        (
            Action::ViewExpert(facts("FRA", RosterStatus::Vetted)),
            Err(Unauthenticated),
            ok,
            hid,
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
            hid,
            hid,
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
            hid,
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
            hid,
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
            hid,
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
            hid,
            no,
        ),
        (
            Action::ViewOffer(offer("CAN", false)),
            Err(Unauthenticated),
            ok,
            ok,
            hid,
            hid,
        ),
        (
            Action::ViewOffer(offer("FRA", false)),
            Err(Unauthenticated),
            ok,
            hid,
            hid,
            hid,
        ),
        (
            Action::ViewOffer(offer("FRA", true)),
            Err(Unauthenticated),
            ok,
            hid,
            hid,
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
            Action::EraseExpert { state: code("CAN") },
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
        (Action::NominateExpert, Err(Unauthenticated), ok, ok, no, no),
        (Action::ListOffers, Err(Unauthenticated), ok, ok, no, no),
        (
            Action::StepDeployment(DeploymentFacts {
                offer: offer("CAN", false),
                request: request(Uuid::nil()),
            }),
            Err(Unauthenticated),
            ok,
            ok,
            ok,
            hid,
        ),
        (
            Action::StepDeployment(DeploymentFacts {
                offer: offer("FRA", false),
                request: request(Uuid::from_u128(7)),
            }),
            Err(Unauthenticated),
            ok,
            hid,
            hid,
            hid,
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
    assert_eq!(Action::samples().len(), 33);
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

#[test]
fn pages_open_to_exactly_the_right_people() {
    let can = code("CAN");
    let sec = actor(Principal::Secretariat);
    let mgr = actor(Principal::RosterManager { state: can });
    let plan = actor(Principal::MissionPlanner);
    let exp = actor(Principal::Expert);
    let ok = Ok(());
    let no = Err(Denied::Forbidden);
    let anon = Err(Denied::Unauthenticated);
    // (path, anonymous, secretariat, roster manager, planner, expert)
    let table = [
        ("/login", ok, ok, ok, ok, ok),
        ("/login/code", ok, ok, ok, ok, ok),
        ("/login/recovery-codes", anon, ok, ok, ok, ok),
        ("/account", anon, ok, ok, ok, ok),
        ("/", anon, ok, ok, ok, ok),
        ("/countries?region=Africa", anon, ok, ok, ok, ok),
        ("/admin/users", anon, ok, no, no, no),
        ("/admin/users/", anon, ok, no, no, no),
        ("/office", anon, ok, ok, no, no),
        ("/roster?q=toure", anon, ok, ok, ok, no),
        ("/roster/new", anon, ok, ok, no, no),
        (
            "/roster/7b0c2b1e-0000-4000-8000-000000000000",
            anon,
            ok,
            ok,
            ok,
            no,
        ),
        ("/vetting", anon, ok, no, no, no),
        ("/vetting/expiring?days=60", anon, ok, no, no, no),
        ("/admin/audit", anon, ok, no, no, no),
        ("/no-such-page", ok, ok, ok, ok, ok),
        ("/invite/abc", ok, ok, ok, ok, ok),
        ("/me", anon, no, no, no, ok),
        ("/me/offers", anon, no, no, no, ok),
        ("/me/data.json", anon, no, no, no, ok),
        ("/offers", anon, ok, ok, no, no),
        ("/dashboard", anon, ok, ok, ok, no),
        ("/dashboard/category.csv", anon, ok, ok, ok, no),
        ("/admin/outbox", anon, ok, no, no, no),
        ("/import", anon, ok, ok, no, no),
        ("/requests/new", anon, ok, no, ok, no),
        ("/requests", anon, ok, no, ok, no),
    ];
    for (path, a, s, m, p, e) in table {
        assert_eq!(page_access(path, None), a, "anonymous {path}");
        assert_eq!(page_access(path, Some(&sec)), s, "secretariat {path}");
        assert_eq!(page_access(path, Some(&mgr)), m, "manager {path}");
        assert_eq!(page_access(path, Some(&plan)), p, "planner {path}");
        assert_eq!(page_access(path, Some(&exp)), e, "expert {path}");
    }
}

fn deployment(state: &str, is_own: bool, owner: UserId) -> DeploymentFacts {
    DeploymentFacts {
        offer: OfferFacts {
            state: code(state),
            is_own,
        },
        request: RequestFacts {
            owner,
            status: RequestStatus::Open,
        },
    }
}

#[test]
fn each_person_takes_a_deployment_step_in_their_own_part_only() {
    use crate::domain::deployment::Party;
    let me = UserId(Uuid::from_u128(7));
    let someone_else = UserId(Uuid::from_u128(8));
    let planner_me = Actor {
        user_id: me,
        principal: Principal::MissionPlanner,
    };
    let canada = actor(Principal::RosterManager { state: code("CAN") });
    let cases = [
        // (who, nominee's state, offer is the asker's own, request owner, part)
        (
            actor(Principal::Expert),
            "CAN",
            true,
            me,
            Some(Party::Expert),
        ),
        (actor(Principal::Expert), "CAN", false, me, None),
        (
            actor(Principal::Secretariat),
            "FRA",
            false,
            someone_else,
            Some(Party::Planner),
        ),
        (planner_me.clone(), "FRA", false, me, Some(Party::Planner)),
        (planner_me, "FRA", false, someone_else, None),
        (
            canada.clone(),
            "CAN",
            false,
            someone_else,
            Some(Party::RosterOffice),
        ),
        (canada, "FRA", false, someone_else, None),
    ];
    for (who, state, is_own, owner, part) in cases {
        let facts = deployment(state, is_own, owner);
        assert_eq!(
            deployment_party(&who, &facts),
            part,
            "{who:?} {state} {is_own}"
        );
        let allowed = authorize(Some(&who), &Action::StepDeployment(facts)).is_ok();
        assert_eq!(
            allowed,
            part.is_some(),
            "{who:?} {state}: step allowed iff a party"
        );
    }
}

#[test]
fn only_the_secretariat_and_the_nominating_office_decide_a_roster_status() {
    use crate::domain::vetting::Decider;
    let cases = [
        (Principal::Secretariat, "FRA", Some(Decider::Secretariat)),
        (
            Principal::RosterManager { state: code("CAN") },
            "CAN",
            Some(Decider::NominatingState),
        ),
        (Principal::RosterManager { state: code("CAN") }, "FRA", None),
        (Principal::MissionPlanner, "CAN", None),
        (Principal::Expert, "CAN", None),
    ];
    for (principal, state, decider) in cases {
        let who = actor(principal);
        assert_eq!(
            status_decider(&who, &code(state)),
            decider,
            "{who:?} {state}"
        );
        let action = Action::ChangeRosterStatus { state: code(state) };
        assert_eq!(authorize(Some(&who), &action).is_ok(), decider.is_some());
    }
}
