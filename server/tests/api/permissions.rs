//! Every server function, called as anonymous and as each role: each gets exactly what it may.
use crate::helpers::{TestApp, spawn_app};
use reqwest::Client;

struct Callers {
    anonymous: Client,
    secretariat: Client,
    canada: Client,
    france: Client,
    planner: Client,
    expert: Client,
}

async fn callers(app: &TestApp) -> Callers {
    Callers {
        anonymous: app.client(),
        secretariat: app.as_role("secretariat", None).await,
        canada: app.as_role("roster_manager", Some("CAN")).await,
        france: app.as_role("roster_manager", Some("FRA")).await,
        planner: app.as_role("mission_planner", None).await,
        expert: app.as_role("expert", None).await,
    }
}

/// Endpoint, form arguments, and the status expected for each caller.
type Row<'a> = (&'a str, &'a [(&'a str, &'a str)], [u16; 5]);

async fn status(app: &TestApp, client: &Client, name: &str, form: &[(&str, &str)]) -> u16 {
    app.call(client, name, form).await.status().as_u16()
}

// (endpoint, arguments, anonymous, secretariat, CAN manager, planner, expert)
static TABLE: &[Row<'static>] = &[
    ("current_user", &[], [200, 200, 200, 200, 200]),
    ("home_summary", &[], [401, 200, 200, 200, 200]),
    ("list_countries", &[], [401, 200, 200, 200, 200]),
    ("list_users", &[], [401, 200, 403, 403, 403]),
    (
        "roster_office",
        &[("state", "CAN")],
        [401, 200, 200, 403, 403],
    ),
    (
        "roster_office",
        &[("state", "FRA")],
        [401, 200, 403, 403, 403],
    ),
    ("roster_office", &[], [401, 403, 200, 403, 403]),
    ("list_languages", &[], [401, 200, 200, 200, 200]),
    ("list_experts", &[], [401, 200, 200, 200, 403]),
    ("expert_form", &[("id", "")], [401, 200, 200, 403, 403]),
    (
        "get_expert",
        &[("id", "00000000-0000-4000-8000-000000000000")],
        [401, 404, 404, 404, 403],
    ),
    ("vetting_queue", &[], [401, 200, 403, 403, 403]),
    ("import_history", &[], [401, 200, 200, 403, 403]),
    (
        "import_batch",
        &[("id", "00000000-0000-4000-8000-000000000000")],
        [401, 404, 404, 403, 403],
    ),
    (
        "commit_import",
        &[("id", "00000000-0000-4000-8000-000000000000")],
        [401, 403, 404, 403, 403],
    ),
    (
        "discard_import",
        &[("id", "00000000-0000-4000-8000-000000000000")],
        [401, 403, 404, 403, 403],
    ),
    ("list_requests", &[], [401, 200, 403, 200, 403]),
    ("request_form", &[("id", "")], [401, 200, 403, 200, 403]),
    (
        "get_request",
        &[("id", "00000000-0000-4000-8000-000000000000")],
        [401, 404, 403, 404, 403],
    ),
    (
        "request_form",
        &[("id", "00000000-0000-4000-8000-000000000000")],
        [401, 404, 403, 404, 403],
    ),
    (
        "request_shortlist",
        &[("id", "00000000-0000-4000-8000-000000000000")],
        [401, 404, 403, 404, 403],
    ),
    (
        "request_what_if",
        &[("id", "00000000-0000-4000-8000-000000000000")],
        [401, 404, 403, 404, 403],
    ),
    (
        "save_shortlist",
        &[("id", "00000000-0000-4000-8000-000000000000")],
        [401, 404, 403, 404, 403],
    ),
    (
        "position_form",
        &[
            ("request_id", "00000000-0000-4000-8000-000000000000"),
            ("position_id", ""),
        ],
        [401, 404, 403, 404, 403],
    ),
    (
        "excluded_candidates",
        &[
            ("id", "00000000-0000-4000-8000-000000000000"),
            ("position_id", "00000000-0000-4000-8000-000000000000"),
        ],
        [401, 404, 403, 404, 403],
    ),
    (
        "pick_candidate",
        &[
            ("id", "00000000-0000-4000-8000-000000000000"),
            ("position_id", "00000000-0000-4000-8000-000000000000"),
            ("expert_id", "00000000-0000-4000-8000-000000000000"),
            ("pick", "pin"),
        ],
        [401, 404, 403, 404, 403],
    ),
    (
        "move_request",
        &[
            ("id", "00000000-0000-4000-8000-000000000000"),
            ("version", "1"),
            ("step", "file"),
        ],
        [401, 404, 403, 404, 403],
    ),
    (
        "remove_position",
        &[
            ("request_id", "00000000-0000-4000-8000-000000000000"),
            ("position_id", "00000000-0000-4000-8000-000000000000"),
        ],
        [401, 404, 403, 404, 403],
    ),
    (
        "make_offer",
        &[
            ("id", "00000000-0000-4000-8000-000000000000"),
            ("position_id", "00000000-0000-4000-8000-000000000000"),
            ("expert_id", "00000000-0000-4000-8000-000000000000"),
        ],
        [401, 404, 403, 404, 403],
    ),
    (
        "answer_offer",
        &[
            ("id", "00000000-0000-4000-8000-000000000000"),
            ("answer", "accept"),
        ],
        [401, 404, 404, 404, 404],
    ),
    (
        "waive_host_rule",
        &[
            ("id", "00000000-0000-4000-8000-000000000000"),
            ("reason", "needed"),
        ],
        [401, 404, 403, 403, 403],
    ),
    ("my_portal", &[], [401, 403, 403, 403, 404]),
    (
        "add_window",
        &[
            ("kind", "available"),
            ("from", "2031-01-01"),
            ("to", "2031-02-01"),
        ],
        [401, 403, 403, 403, 404],
    ),
    (
        "remove_window",
        &[("id", "00000000-0000-4000-8000-000000000000")],
        [401, 403, 403, 403, 404],
    ),
    (
        "save_availability",
        &[("notice_days", "3")],
        [401, 403, 403, 403, 404],
    ),
    ("confirm_availability", &[], [401, 403, 403, 403, 404]),
    (
        "save_contact",
        &[("email", "me@example.org")],
        [401, 403, 403, 403, 404],
    ),
    (
        "claim_language",
        &[("language", "fr"), ("level", "B2")],
        [401, 403, 403, 403, 404],
    ),
    ("my_messages", &[], [401, 403, 403, 403, 404]),
    ("my_record", &[], [401, 403, 403, 403, 404]),
    ("my_offers", &[], [401, 403, 403, 403, 404]),
    ("office_offers", &[], [401, 200, 200, 403, 403]),
    (
        "request_deployments",
        &[("id", "00000000-0000-4000-8000-000000000000")],
        [401, 404, 403, 404, 403],
    ),
    (
        "step_deployment",
        &[
            ("id", "00000000-0000-4000-8000-000000000000"),
            ("step", "prepare"),
        ],
        [401, 404, 404, 404, 404],
    ),
    (
        "invite_expert",
        &[("id", "00000000-0000-4000-8000-000000000000")],
        [401, 404, 404, 404, 403],
    ),
    (
        "reveal_invitation",
        &[("id", "00000000-0000-4000-8000-000000000000")],
        [401, 404, 404, 404, 403],
    ),
    (
        "reset_expert_account",
        &[
            ("id", "00000000-0000-4000-8000-000000000000"),
            ("reason", "not made by the expert"),
        ],
        [401, 404, 404, 404, 403],
    ),
    (
        "erase_expert",
        &[
            ("id", "00000000-0000-4000-8000-000000000000"),
            ("reason", "asked by the expert"),
            ("confirm", "on"),
        ],
        [401, 404, 404, 404, 403],
    ),
    (
        "dismiss_duplicate",
        &[
            ("id", "00000000-0000-4000-8000-000000000000"),
            ("other", "00000000-0000-4000-8000-000000000000"),
            ("reason", "different people"),
        ],
        [401, 404, 403, 403, 403],
    ),
    (
        "invitation_greeting",
        &[("token", "x")],
        [409, 409, 409, 409, 409],
    ),
    (
        "accept_invitation",
        &[
            ("token", "x"),
            ("password", "a long enough password"),
            ("confirm", "a long enough password"),
        ],
        [409, 409, 409, 409, 409],
    ),
    (
        "decide_language_claim",
        &[
            ("id", "00000000-0000-4000-8000-000000000000"),
            ("decision", "verify"),
        ],
        [401, 404, 403, 403, 403],
    ),
    ("sign_in_options", &[], [200, 200, 200, 200, 200]),
    // Only a sign-in half-way through (password done) may give its code.
    (
        "verify_second_factor",
        &[("code", "123456")],
        [401, 401, 401, 401, 401],
    ),
    ("enrolment", &[], [401, 200, 200, 200, 200]),
    (
        "confirm_enrolment",
        &[("code", "")],
        [401, 422, 422, 422, 422],
    ),
    ("recovery_codes", &[], [401, 200, 200, 200, 200]),
    ("second_factor_status", &[], [401, 200, 200, 200, 200]),
    (
        "reset_second_factor",
        &[
            ("user_id", "00000000-0000-4000-8000-000000000000"),
            ("reason", "phone lost"),
        ],
        [401, 404, 403, 403, 403],
    ),
    ("readiness_dashboard", &[], [401, 200, 200, 200, 403]),
    ("outbox_page", &[], [401, 200, 403, 403, 403]),
    (
        "expiring_checks",
        &[("days", "30")],
        [401, 200, 403, 403, 403],
    ),
    (
        "audit_log",
        &[
            ("record_type", ""),
            ("record_id", ""),
            ("action", ""),
            ("from", ""),
            ("until", ""),
            ("page", ""),
        ],
        [401, 200, 403, 403, 403],
    ),
    // Writes, asked about records that do not exist or with empty forms, so nothing is written:
    // who is turned away at the door (401, 403), who reaches the record (404) or the form (422).
    (
        "change_roster_status",
        &[("id", NIL), ("to", "vetted"), ("reason", "checked")],
        [401, 404, 404, 404, 403],
    ),
    (
        "record_check",
        &[
            ("id", NIL),
            ("kind", "background"),
            ("status", "pending"),
            ("done_on", ""),
            ("expires_on", ""),
            ("note", ""),
        ],
        [401, 404, 403, 403, 403],
    ),
    ("save_expert", EXPERT_EDIT, [401, 404, 404, 404, 404]),
    ("save_expert", EXPERT_NEW, [401, 422, 422, 403, 403]),
    ("save_request", REQUEST_EDIT, [401, 404, 403, 404, 403]),
    ("save_request", REQUEST_NEW, [401, 422, 403, 422, 403]),
    ("save_position", POSITION_NEW, [401, 404, 403, 404, 403]),
    (
        "create_user",
        &[
            ("email", ""),
            ("display_name", ""),
            ("role", "expert"),
            ("password", ""),
        ],
        [401, 422, 403, 403, 403],
    ),
    (
        "set_user_active",
        &[("user_id", NIL), ("active", "false")],
        [401, 404, 403, 403, 403],
    ),
];

const NIL: &str = "00000000-0000-4000-8000-000000000000";

macro_rules! blank_fields {
    ($($extra:expr),* ; $($field:literal),*) => {
        &[$($extra,)* $((concat!("fields[", $field, "]"), "")),*]
    };
}

const EXPERT_EDIT: &[(&str, &str)] = blank_fields!(("id", NIL), ("version", "1"), ("member_state", "");
    "external_ref", "given_names", "family_name", "latin_name", "gender", "date_of_birth",
    "nationalities", "email", "phone", "years_experience", "categories", "skills", "languages",
    "notice_days", "available_from", "available_to");
const EXPERT_NEW: &[(&str, &str)] = blank_fields!(("id", ""), ("version", ""), ("member_state", "");
    "external_ref", "given_names", "family_name", "latin_name", "gender", "date_of_birth",
    "nationalities", "email", "phone", "years_experience", "categories", "skills", "languages",
    "notice_days", "available_from", "available_to");
const REQUEST_EDIT: &[(&str, &str)] = blank_fields!(("id", NIL), ("version", "1");
    "mission", "host_country", "duty_station", "requesting_unit", "security_level", "urgency");
const REQUEST_NEW: &[(&str, &str)] = blank_fields!(("id", ""), ("version", "");
    "mission", "host_country", "duty_station", "requesting_unit", "security_level", "urgency");
const POSITION_NEW: &[(&str, &str)] = blank_fields!(("request_id", NIL), ("position_id", "");
    "title", "category", "skills", "languages", "min_years", "start_on", "duration_days",
    "head_count");

/// Server functions whose callers are judged elsewhere: they change only the caller's own session
/// (signing in and out, the language, keeping the recovery codes just shown), and each has tests
/// of its own.
const OWN_SESSION_ONLY: [&str; 4] = ["login", "logout", "set_language", "keep_recovery_codes"];

#[test]
fn the_table_names_every_server_function() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../app/src/api");
    let mut missing = Vec::new();
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).expect("api folder") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("api file");
        for part in text.split("endpoint = \"").skip(1) {
            let name = part.split('"').next().unwrap_or_default();
            seen += 1;
            if !TABLE.iter().any(|(n, _, _)| *n == name) && !OWN_SESSION_ONLY.contains(&name) {
                missing.push(name.to_owned());
            }
        }
    }
    assert!(seen > 50, "found only {seen} server functions in {dir}");
    assert!(
        missing.is_empty(),
        "no row in the permission table: {missing:?}"
    );
}

#[tokio::test]
async fn each_endpoint_admits_exactly_the_roles_the_policy_allows() {
    let app = spawn_app().await;
    let c = callers(&app).await;
    for (name, form, expected) in TABLE {
        let got = [
            status(&app, &c.anonymous, name, form).await,
            status(&app, &c.secretariat, name, form).await,
            status(&app, &c.canada, name, form).await,
            status(&app, &c.planner, name, form).await,
            status(&app, &c.expert, name, form).await,
        ];
        assert_eq!(&got, expected, "{name} {form:?}");
    }
}

#[tokio::test]
async fn only_the_secretariat_may_create_or_deactivate_accounts() {
    let app = spawn_app().await;
    let c = callers(&app).await;
    let victim = app.create_user("mission_planner", None).await;
    for (who, client) in [
        ("anonymous", &c.anonymous),
        ("manager", &c.canada),
        ("planner", &c.planner),
        ("expert", &c.expert),
    ] {
        let form = [
            ("email", "sneaky@example.org"),
            ("display_name", "Sneaky"),
            ("role", "secretariat"),
            ("password", "a long enough password"),
        ];
        let s = status(&app, client, "create_user", &form).await;
        assert!(s == 401 || s == 403, "{who} create_user: {s}");
        let s = status(
            &app,
            client,
            "set_user_active",
            &[("user_id", &victim.id), ("active", "false")],
        )
        .await;
        assert!(s == 401 || s == 403, "{who} set_user_active: {s}");
    }
    let users: Vec<serde_json::Value> = app
        .call(&c.secretariat, "list_users", &[])
        .await
        .json()
        .await
        .unwrap();
    assert!(users.iter().all(|u| u["email"] != "sneaky@example.org"));
    assert!(
        users
            .iter()
            .any(|u| u["email"] == victim.email && u["active"] == true)
    );
    let s = status(
        &app,
        &c.secretariat,
        "set_user_active",
        &[("user_id", &victim.id), ("active", "false")],
    )
    .await;
    assert_eq!(s, 200);
}

#[tokio::test]
async fn a_roster_manager_never_sees_another_states_office() {
    let app = spawn_app().await;
    let c = callers(&app).await;
    let french_colleague = app.create_user("roster_manager", Some("FRA")).await;
    // By list: Canada's view holds Canadians only.
    let view: serde_json::Value = app
        .call(&c.canada, "roster_office", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(view["state"]["code"], "CAN");
    let members = view["members"].as_array().unwrap();
    assert_eq!(members.len(), 1);
    assert!(members.iter().all(|m| m["member_state"] == "CAN"));
    // By id: asking for France directly is refused, in every spelling.
    for spelling in ["FRA", "fra", " FRA "] {
        let res = app
            .call(&c.canada, "roster_office", &[("state", spelling)])
            .await;
        let s = res.status().as_u16();
        let text = res.text().await.unwrap();
        assert!(s == 403 || s == 404, "{spelling}: {s}");
        assert!(!text.contains(&french_colleague.email), "{text}");
    }
    // By count: the home page counts only the own office.
    let home: serde_json::Value = app
        .call(&c.canada, "home_summary", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(home["office_size"], 1);
    assert!(home["accounts_by_role"].is_null());
    // And France sees its two members, not Canada's.
    let view: serde_json::Value = app
        .call(&c.france, "roster_office", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(view["members"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn the_secretariat_sees_counts_of_every_role() {
    let app = spawn_app().await;
    let c = callers(&app).await;
    let home: serde_json::Value = app
        .call(&c.secretariat, "home_summary", &[])
        .await
        .json()
        .await
        .unwrap();
    let counts = home["accounts_by_role"].as_array().unwrap();
    let total: u64 = counts.iter().map(|pair| pair[1].as_u64().unwrap()).sum();
    assert_eq!(total, 5, "the five callers' accounts");
    assert_eq!(home["member_states"], 193);
}
