//! Expert accounts and the portal: invitations are single-use and per state, an expert acts only on
//! their own record and offers, a planner sees contact details only after acceptance (logged), and
//! each deployment step follows the state machine.
use crate::{
    concurrency::{count, no_errors, twenty_at_once},
    deployments::{answer, expert_account, offer, shortlisted},
    helpers::{TestApp, error_body, spawn_app},
    roster::{nominate, nominee},
};
use app::server::entities::{audit_event, disclosure, expert, expert_language, notification};
use chrono::{Duration, Utc};
use reqwest::Client;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

async fn call(
    app: &TestApp,
    client: &Client,
    name: &str,
    form: &[(&str, &str)],
) -> (u16, serde_json::Value) {
    let (status, body) = error_body(app.call(client, name, form).await).await;
    (status.as_u16(), body)
}

fn token_of(link: &str) -> String {
    link.rsplit('/').next().expect("token").to_owned()
}

/// The link of the newest invitation queued to `email`.
async fn newest_link(app: &TestApp, email: &str) -> String {
    use sea_orm::QueryOrder;
    let newest = notification::Entity::find()
        .filter(notification::Column::Kind.eq("invitation"))
        .filter(notification::Column::Email.eq(email))
        .order_by_desc(notification::Column::CreatedAt)
        .one(&app.db)
        .await
        .expect("read")
        .expect("a queued invitation");
    app::domain::invitation::link_in(&newest.body)
        .expect("a link")
        .to_owned()
}

#[tokio::test]
async fn an_invitation_works_once_for_its_own_state_and_opens_only_the_experts_own_portal() {
    let app = spawn_app().await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let france = app.as_role("roster_manager", Some("FRA")).await;
    let planner = app.as_role("mission_planner", None).await;
    let expert = nominate(&app, &canada, nominee("CAN-7", "inv@example.org", &[])).await;
    let other = nominate(&app, &canada, nominee("CAN-8", "other@example.org", &[])).await;

    // Another state's office, a planner and an anonymous caller cannot invite this nominee.
    assert_eq!(
        call(&app, &france, "invite_expert", &[("id", &expert)])
            .await
            .0,
        404
    );
    assert_eq!(
        call(&app, &planner, "invite_expert", &[("id", &expert)])
            .await
            .0,
        404
    );
    assert_eq!(
        call(&app, &app.client(), "invite_expert", &[("id", &expert)])
            .await
            .0,
        401
    );

    let (status, first) = call(&app, &canada, "invite_expert", &[("id", &expert)]).await;
    assert_eq!(status, 200, "{first}");
    // The link goes to the expert's address only; the inviting office reads it nowhere.
    let first_link = newest_link(&app, "inv@example.org").await;
    assert!(!first.to_string().contains("/invite/"), "{first}");
    let (status, second) = call(&app, &canada, "invite_expert", &[("id", &expert)]).await;
    assert_eq!(status, 200, "{second}");
    assert_eq!(second["email"], "inv@example.org");
    let second_link = newest_link(&app, "inv@example.org").await;
    // Each invitation is queued as an e-mail to the expert in the same transaction.
    let queued = notification::Entity::find()
        .filter(notification::Column::Kind.eq("invitation"))
        .filter(notification::Column::Email.eq("inv@example.org"))
        .count(&app.db)
        .await
        .expect("count");
    assert_eq!(queued, 2);

    // The older link was replaced by the newer one.
    let old = token_of(&first_link);
    let (status, body) = call(
        &app,
        &app.client(),
        "invitation_greeting",
        &[("token", &old)],
    )
    .await;
    assert_eq!(status, 409, "{body}");
    assert!(body.to_string().contains("replaced"), "{body}");

    let token = token_of(&second_link);
    let browser = app.client();
    let (status, body) = call(&app, &browser, "invitation_greeting", &[("token", &token)]).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["email"], "inv@example.org");
    // Bad passwords are refused field by field and use nothing up.
    let (status, body) = call(
        &app,
        &browser,
        "accept_invitation",
        &[
            ("token", &token),
            ("password", "short"),
            ("confirm", "other"),
        ],
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body.to_string().contains("password") && body.to_string().contains("confirm"),
        "{body}"
    );
    let password = "a long enough password";
    let res = app
        .call(
            &browser,
            "accept_invitation",
            &[
                ("token", &token),
                ("password", password),
                ("confirm", password),
            ],
        )
        .await;
    assert!(
        res.status().is_success() || res.status().is_redirection(),
        "{}",
        res.status()
    );
    // Single use.
    let (status, body) = call(
        &app,
        &app.client(),
        "accept_invitation",
        &[
            ("token", &token),
            ("password", password),
            ("confirm", password),
        ],
    )
    .await;
    assert_eq!(status, 409, "{body}");
    assert!(body.to_string().contains("already been used"), "{body}");
    // The queued messages no longer hold a working link.
    let bodies: Vec<String> = notification::Entity::find()
        .filter(notification::Column::Kind.eq("invitation"))
        .all(&app.db)
        .await
        .expect("read")
        .into_iter()
        .map(|n| n.body)
        .collect();
    assert!(bodies.iter().all(|b| !b.contains(&token)), "{bodies:?}");

    // Signed in by the invitation: the portal is the expert's own, and nothing else opens.
    let (status, portal) = call(&app, &browser, "my_portal", &[]).await;
    assert_eq!(status, 200, "{portal}");
    assert_eq!(portal["expert_id"], expert.as_str());
    assert_eq!(
        call(&app, &browser, "get_expert", &[("id", &other)])
            .await
            .0,
        403
    );
    assert_eq!(call(&app, &browser, "list_experts", &[]).await.0, 403);
    // The office now sees that the expert has an account and is not offered to invite again.
    let (_, record) = call(&app, &canada, "get_expert", &[("id", &expert)]).await;
    assert_eq!(record["has_account"], true);
    assert_eq!(record["can_invite"], false);
    assert_eq!(
        call(&app, &canada, "invite_expert", &[("id", &expert)])
            .await
            .0,
        409
    );
}

#[tokio::test]
async fn an_expert_keeps_their_own_availability_and_nobody_else_can() {
    let app = spawn_app().await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let a = nominate(&app, &canada, nominee("CAN-1", "a@example.org", &[])).await;
    let b = nominate(&app, &canada, nominee("CAN-2", "b@example.org", &[])).await;
    let alice = expert_account(&app, &a).await;
    let bob = expert_account(&app, &b).await;
    let today = Utc::now().date_naive();
    let from = (today + Duration::days(10)).to_string();
    let to = (today + Duration::days(40)).to_string();
    let window = [
        ("kind", "available"),
        ("from", from.as_str()),
        ("to", to.as_str()),
    ];
    assert_eq!(call(&app, &alice, "add_window", &window).await.0, 200);
    // Overlapping the first: refused, naming the field and the window it hits.
    let (status, body) = call(
        &app,
        &alice,
        "add_window",
        &[("kind", "unavailable"), ("from", &to), ("to", &to)],
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body.to_string().contains("overlaps the available window"),
        "{body}"
    );
    let (_, portal) = call(&app, &alice, "my_portal", &[]).await;
    let window_id = portal["windows"][0]["id"]
        .as_str()
        .expect("window")
        .to_owned();
    assert_eq!(portal["last_confirmed_on"], today.to_string());
    // Bob cannot remove Alice's window: for him it does not exist.
    assert_eq!(
        call(&app, &bob, "remove_window", &[("id", &window_id)])
            .await
            .0,
        404
    );
    // Offices and planners do not use the portal's functions at all.
    let planner = app.as_role("mission_planner", None).await;
    assert_eq!(call(&app, &canada, "add_window", &window).await.0, 403);
    assert_eq!(call(&app, &planner, "my_portal", &[]).await.0, 403);
    assert_eq!(call(&app, &app.client(), "my_portal", &[]).await.0, 401);

    let (status, body) = call(
        &app,
        &alice,
        "save_availability",
        &[("notice_days", "400"), ("longest_deployment_days", "5")],
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body.to_string().contains("notice_days")
            && body.to_string().contains("longest_deployment_days"),
        "{body}"
    );
    let (status, body) = call(
        &app,
        &alice,
        "save_availability",
        &[
            ("notice_days", "2"),
            ("longest_deployment_days", "180"),
            ("region_africa", "preferred"),
            ("region_europe", "excluded"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (_, portal) = call(&app, &alice, "my_portal", &[]).await;
    assert_eq!(portal["notice_days"], "2");
    assert_eq!(portal["regions"][0]["choice"], "preferred");
    assert_eq!(portal["regions"][3]["choice"], "excluded");
    assert_eq!(
        call(&app, &alice, "remove_window", &[("id", &window_id)])
            .await
            .0,
        200
    );
    assert_eq!(call(&app, &alice, "confirm_availability", &[]).await.0, 200);
    let (status, body) = call(
        &app,
        &alice,
        "save_contact",
        &[("email", "not an address"), ("phone", "0771234567")],
    )
    .await;
    assert_eq!(status, 422, "{body}");
    // Bob's address is taken: a field error that does not say whose it is, and Alice keeps hers.
    let (status, body) = call(&app, &alice, "save_contact", &[("email", "b@example.org")]).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["Invalid"][0]["field"], "email", "{body}");
    assert!(body.to_string().contains("cannot be used"), "{body}");
    assert_eq!(
        call(
            &app,
            &alice,
            "save_contact",
            &[
                ("email", "alice.new@example.org"),
                ("phone", "+15145550199")
            ]
        )
        .await
        .0,
        200
    );

    // A language claim waits for the secretariat; only verification changes the languages.
    assert_eq!(
        call(
            &app,
            &alice,
            "claim_language",
            &[("language", "ar"), ("level", "B2")]
        )
        .await
        .0,
        200
    );
    let (status, body) = call(
        &app,
        &alice,
        "claim_language",
        &[("language", "zz"), ("level", "B2")],
    )
    .await;
    assert_eq!(status, 422, "{body}");
    let (_, portal) = call(&app, &alice, "my_portal", &[]).await;
    assert_eq!(portal["claims"][0]["decision"], "pending");
    let claim = portal["claims"][0]["id"]
        .as_str()
        .expect("claim")
        .to_owned();
    let decision = [("id", claim.as_str()), ("decision", "verify")];
    assert_eq!(
        call(&app, &canada, "decide_language_claim", &decision)
            .await
            .0,
        403
    );
    let secretariat = app.as_role("secretariat", None).await;
    let (_, record) = call(&app, &secretariat, "get_expert", &[("id", &a)]).await;
    assert_eq!(record["language_claims"][0]["language"], "ar");
    assert_eq!(
        call(&app, &secretariat, "decide_language_claim", &decision)
            .await
            .0,
        200
    );
    assert_eq!(
        call(&app, &secretariat, "decide_language_claim", &decision)
            .await
            .0,
        409
    );
    let arabic = expert_language::Entity::find()
        .filter(expert_language::Column::ExpertId.eq(uuid::Uuid::parse_str(&a).expect("id")))
        .filter(expert_language::Column::Language.eq("ar"))
        .one(&app.db)
        .await
        .expect("read")
        .expect("verified language");
    assert_eq!(arabic.level, 4);

    // "Download my data" holds Alice's record and nothing of Bob's; others get nothing.
    let res = alice
        .get(app.url("/me/data.json"))
        .send()
        .await
        .expect("get");
    assert_eq!(res.status().as_u16(), 200);
    let data: serde_json::Value = res.json().await.expect("json");
    assert_eq!(data["record"]["email"], "alice.new@example.org");
    assert!(!data.to_string().contains("b@example.org"));
    assert!(data["changes"].as_array().is_some_and(|c| !c.is_empty()));
    let res = alice
        .get(app.url("/me/data.csv"))
        .send()
        .await
        .expect("get");
    assert_eq!(res.status().as_u16(), 200);
    let csv = res.text().await.expect("csv");
    assert!(csv.starts_with("section,item,field,value"), "{csv}");
    assert!(csv.contains("alice.new@example.org"));
    assert_eq!(
        canada
            .get(app.url("/me/data.json"))
            .send()
            .await
            .expect("get")
            .status()
            .as_u16(),
        403
    );
    assert_eq!(
        app.client()
            .get(app.url("/me/data.csv"))
            .send()
            .await
            .expect("get")
            .status()
            .as_u16(),
        401
    );
}

#[tokio::test]
async fn a_planner_sees_contact_details_only_after_acceptance_and_moves_the_deployment_on() {
    let app = spawn_app().await;
    let o = shortlisted(&app).await;
    let (status, before) = call(
        &app,
        &o.planner,
        "request_deployments",
        &[("id", &o.request)],
    )
    .await;
    assert_eq!(status, 200, "{before}");
    assert_eq!(before["saved"][0]["expert_id"], o.expert.as_str());
    assert_eq!(before["can_offer"], true);
    let id = offer(&app, &o).await;
    // The offer is queued as a message to the expert.
    let to_expert = notification::Entity::find()
        .filter(notification::Column::Kind.eq("offer_made"))
        .filter(notification::Column::Email.eq("x@example.org"))
        .count(&app.db)
        .await
        .expect("count");
    assert_eq!(to_expert, 1);
    let (_, offered) = call(
        &app,
        &o.planner,
        "request_deployments",
        &[("id", &o.request)],
    )
    .await;
    assert_eq!(offered["rows"][0]["state"], "offered");
    assert!(offered["rows"][0]["contact_email"].is_null(), "{offered}");
    assert!(!offered.to_string().contains("x@example.org"));

    // The expert's own roster office sees the offer; another state's office does not.
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let france = app.as_role("roster_manager", Some("FRA")).await;
    let (_, rows) = call(&app, &canada, "office_offers", &[]).await;
    assert_eq!(rows[0]["id"], id.as_str());
    assert_eq!(rows[0]["can_decline"], true);
    let (_, rows) = call(&app, &france, "office_offers", &[]).await;
    assert_eq!(rows.as_array().map(Vec::len), Some(0), "{rows}");
    assert_eq!(call(&app, &o.planner, "office_offers", &[]).await.0, 403);

    let expert = expert_account(&app, &o.expert).await;
    let (_, mine) = call(&app, &expert, "my_offers", &[]).await;
    assert_eq!(mine[0]["can_accept"], true);
    // Before accepting, the expert cannot take planner steps, and nobody can skip acceptance.
    let (status, body) = call(
        &app,
        &o.planner,
        "step_deployment",
        &[("id", &id), ("step", "prepare")],
    )
    .await;
    assert_eq!(status, 409, "{body}");
    assert!(
        body.to_string().contains("cannot be moved to preparation"),
        "{body}"
    );
    assert_eq!(answer(&app, &expert, &id, "accept").await, 200);
    let answered = notification::Entity::find()
        .filter(notification::Column::Kind.eq("offer_answered"))
        .count(&app.db)
        .await
        .expect("count");
    assert_eq!(answered, 1);

    // The one seat is taken: the request is filled, recorded as a step.
    let (_, request) = call(&app, &o.planner, "get_request", &[("id", &o.request)]).await;
    assert_eq!(request["status"], "filled", "{request}");
    let (_, accepted) = call(
        &app,
        &o.planner,
        "request_deployments",
        &[("id", &o.request)],
    )
    .await;
    assert_eq!(accepted["rows"][0]["contact_email"], "x@example.org");
    assert_eq!(accepted["rows"][0]["contact_phone"], "+221771234567");
    assert_eq!(accepted["saved"][0]["offered"], true);
    let shown = disclosure::Entity::find()
        .filter(disclosure::Column::What.eq("contact"))
        .count(&app.db)
        .await
        .expect("count");
    assert_eq!(shown, 1);
    // Another planner does not even learn that the deployment exists.
    let other = app.as_role("mission_planner", None).await;
    assert_eq!(
        call(&app, &other, "request_deployments", &[("id", &o.request)])
            .await
            .0,
        404
    );
    assert_eq!(
        call(
            &app,
            &other,
            "step_deployment",
            &[("id", &id), ("step", "prepare")]
        )
        .await
        .0,
        404
    );
    // The expert cannot mark themselves on the ground.
    let (status, _) = call(
        &app,
        &expert,
        "step_deployment",
        &[("id", &id), ("step", "deploy")],
    )
    .await;
    assert_eq!(status, 409);
    assert_eq!(
        call(
            &app,
            &o.planner,
            "step_deployment",
            &[("id", &id), ("step", "prepare")]
        )
        .await
        .0,
        200
    );
    assert_eq!(
        call(
            &app,
            &o.planner,
            "step_deployment",
            &[("id", &id), ("step", "deploy")]
        )
        .await
        .0,
        200
    );
    let (status, body) = call(
        &app,
        &o.planner,
        "step_deployment",
        &[("id", &id), ("step", "withdraw")],
    )
    .await;
    assert_eq!(status, 422, "a withdrawal needs a reason: {body}");
    let (_, deployed) = call(
        &app,
        &o.planner,
        "request_deployments",
        &[("id", &o.request)],
    )
    .await;
    let row = &deployed["rows"][0];
    assert_eq!(row["state"], "deployed");
    assert!(row["on_ground_at"].is_string());
    assert!(row["hours_to_deploy"].is_number());
    let steps: Vec<&str> = row["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter_map(|s| s["to"].as_str())
        .collect();
    assert_eq!(steps, ["offered", "accepted", "preparing", "deployed"]);

    // Another state's office cannot step the deployment; it does not exist for them.
    assert_eq!(
        call(
            &app,
            &france,
            "step_deployment",
            &[("id", &id), ("step", "withdraw"), ("reason", "recall")]
        )
        .await
        .0,
        404
    );
    // An extension must end later than now, and the new end is kept.
    let ends_on = row["ends_on"].as_str().expect("end").to_owned();
    let (status, body) = call(
        &app,
        &o.planner,
        "step_deployment",
        &[("id", &id), ("step", "extend"), ("until", &ends_on)],
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("until"), "{body}");
    let (status, body) = call(
        &app,
        &o.planner,
        "step_deployment",
        &[("id", &id), ("step", "extend"), ("until", "2031-02-30")],
    )
    .await;
    assert_eq!(status, 422, "{body}");
    let later = (chrono::NaiveDate::parse_from_str(&ends_on, "%Y-%m-%d").expect("date")
        + Duration::days(30))
    .to_string();
    assert_eq!(
        call(
            &app,
            &o.planner,
            "step_deployment",
            &[("id", &id), ("step", "extend"), ("until", &later)]
        )
        .await
        .0,
        200
    );
    assert_eq!(
        call(
            &app,
            &o.planner,
            "step_deployment",
            &[("id", &id), ("step", "complete")]
        )
        .await
        .0,
        200
    );
    let (_, done) = call(
        &app,
        &o.planner,
        "request_deployments",
        &[("id", &o.request)],
    )
    .await;
    assert_eq!(done["rows"][0]["state"], "completed");
    assert_eq!(done["rows"][0]["ends_on"], later.as_str());
    // Completed is final.
    let (status, _) = call(
        &app,
        &o.planner,
        "step_deployment",
        &[("id", &id), ("step", "extend"), ("until", "2040-01-01")],
    )
    .await;
    assert_eq!(status, 409);

    // The expert's download names the planner who received their contact details.
    let data: serde_json::Value = expert
        .get(app.url("/me/data.json"))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    let shown_to = data["shown_to"].as_array().expect("shown_to");
    assert!(
        shown_to
            .iter()
            .any(|s| s["what"] == "contact" && s["to"].is_string()),
        "{shown_to:?}"
    );
}

#[tokio::test]
async fn the_portal_shows_the_period_the_nomination_gave_and_only_the_expert_removes_it() {
    let app = spawn_app().await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let id = nominate(
        &app,
        &canada,
        nominee(
            "CAN-AV1",
            "period@example.org",
            &[
                ("available_from", "2026-10-03"),
                ("available_to", "2028-03-15"),
            ],
        ),
    )
    .await;
    let own = expert_account(&app, &id).await;

    // What matching uses is what the portal shows: the nominated period, as an available window.
    let (status, portal) = call(&app, &own, "my_portal", &[]).await;
    assert_eq!(status, 200, "{portal}");
    let first = &portal["windows"][0];
    assert_eq!(first["from_nomination"], true, "{portal}");
    assert_eq!(first["kind"], "available");
    assert_eq!(
        (first["from"].as_str(), first["to"].as_str()),
        (Some("2026-10-03"), Some("2028-03-15"))
    );
    assert_eq!(first["open_ended"], false);
    let page = own
        .get(app.url("/me"))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(
        page.contains("from your nomination") && page.contains("2028-03-15"),
        "the portal page names the period"
    );
    assert!(
        page.contains("value=\"nomination\""),
        "its remove button posts like any window's"
    );

    // The office's account cannot use the expert's door; nothing changes.
    let (status, _) = call(&app, &canada, "remove_window", &[("id", "nomination")]).await;
    assert_eq!(status, 403);
    let stored = expert::Entity::find_by_id(id.parse::<uuid::Uuid>().expect("id"))
        .one(&app.db)
        .await
        .expect("read")
        .expect("record");
    assert!(stored.available_from.is_some());

    let (status, body) = call(&app, &own, "remove_window", &[("id", "nomination")]).await;
    assert_eq!(status, 200, "{body}");
    let stored = expert::Entity::find_by_id(stored.id)
        .one(&app.db)
        .await
        .expect("read")
        .expect("record");
    assert_eq!((stored.available_from, stored.available_to), (None, None));
    let removed = audit_event::Entity::find()
        .filter(audit_event::Column::RecordId.eq(id.as_str()))
        .filter(audit_event::Column::Action.eq("expert.availability_nominated_remove"))
        .one(&app.db)
        .await
        .expect("read")
        .expect("the removal is audited");
    assert_eq!(removed.after.expect("after")["from"], "2026-10-03");
    let (_, portal) = call(&app, &own, "my_portal", &[]).await;
    assert!(
        portal["windows"]
            .as_array()
            .expect("windows")
            .iter()
            .all(|w| w["from_nomination"] == false),
        "{portal}"
    );
    // Nothing left to remove.
    let (status, _) = call(&app, &own, "remove_window", &[("id", "nomination")]).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn another_expert_never_reaches_someone_elses_nominated_period_and_twenty_removals_make_one()
{
    let app = spawn_app().await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let france = app.as_role("roster_manager", Some("FRA")).await;
    let with_period = |reference: &'static str, email: &'static str| {
        nominee(
            reference,
            email,
            &[
                ("available_from", "2026-12-01"),
                ("available_to", "2027-12-31"),
            ],
        )
    };
    let first = nominate(&app, &canada, with_period("CAN-AV2", "p2@example.org")).await;
    let other = nominate(&app, &france, nominee("FRA-AV3", "p3@example.org", &[])).await;
    let own = expert_account(&app, &first).await;
    let stranger = expert_account(&app, &other).await;
    let period_of = |id: String| {
        let db = app.db.clone();
        async move {
            let e = expert::Entity::find_by_id(id.parse::<uuid::Uuid>().expect("id"))
                .one(&db)
                .await
                .expect("read")
                .expect("record");
            (e.available_from, e.available_to)
        }
    };
    // The other expert's "nomination" is their own record's, which has none: nothing to remove,
    // and the first expert's period is untouched. Another state's office is refused outright.
    let (status, _) = call(&app, &stranger, "remove_window", &[("id", "nomination")]).await;
    assert_eq!(status, 404);
    let (status, _) = call(&app, &france, "remove_window", &[("id", "nomination")]).await;
    assert_eq!(status, 403);
    assert!(period_of(first.clone()).await.0.is_some());

    let statuses = twenty_at_once(&app, &own, "remove_window", &[("id", "nomination")]).await;
    no_errors("removals", &statuses);
    assert_eq!(
        (count(&statuses, 200), count(&statuses, 404)),
        (1, 19),
        "{statuses:?}"
    );
    assert_eq!(period_of(first.clone()).await, (None, None));
    let removals = audit_event::Entity::find()
        .filter(audit_event::Column::RecordId.eq(first.as_str()))
        .filter(audit_event::Column::Action.eq("expert.availability_nominated_remove"))
        .count(&app.db)
        .await
        .expect("count");
    assert_eq!(removals, 1);

    // The same window sent twenty times at once: one is kept, the others overlap it.
    let window = [
        ("kind", "unavailable"),
        ("from", "2027-02-01"),
        ("to", "2027-02-14"),
    ];
    let statuses = twenty_at_once(&app, &own, "add_window", &window).await;
    no_errors("windows", &statuses);
    assert_eq!(
        (count(&statuses, 200), count(&statuses, 422)),
        (1, 19),
        "{statuses:?}"
    );
}
