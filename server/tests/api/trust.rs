//! Trust in the vetted roster, tried as a hostile roster office, a careless planner and planners
//! racing each other would: only the expert holds the link that acts as them, an identity change
//! sends a record back to vetting, only a vetted expert holds a seat, a seat is booked once, and
//! another state's nominees stay invisible while the secretariat sees likely duplicates.
use crate::{
    deployments::{answer, expert_account, offer, shortlisted},
    helpers::{TestApp, error_body, spawn_app, spawn_app_with},
    roster::{decide, nominate, nominee, vet},
};
use app::server::entities::{
    audit_event, deployment, deployment_step, expert, notification, request_position, vetting_check,
};
use reqwest::Client;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    sea_query::Expr,
};
use serde_json::Value;

async fn call(app: &TestApp, client: &Client, name: &str, form: &[(&str, &str)]) -> (u16, Value) {
    let (status, body) = error_body(app.call(client, name, form).await).await;
    (status.as_u16(), body)
}

fn uuid(s: &str) -> uuid::Uuid {
    uuid::Uuid::parse_str(s).expect("uuid")
}

/// The queued invitation messages to `email`, newest first.
async fn invitation_messages(app: &TestApp, email: &str) -> Vec<notification::Model> {
    notification::Entity::find()
        .filter(notification::Column::Kind.eq("invitation"))
        .filter(notification::Column::Email.eq(email))
        .order_by_desc(notification::Column::CreatedAt)
        .all(&app.db)
        .await
        .expect("read outbox")
}

fn link_in(body: &str) -> String {
    app::domain::invitation::link_in(body)
        .expect("a link in the message")
        .to_owned()
}

fn token_of(link: &str) -> String {
    link.rsplit('/').next().expect("token").to_owned()
}

async fn accept_link(app: &TestApp, browser: &Client, token: &str, password: &str) -> u16 {
    app.call(
        browser,
        "accept_invitation",
        &[
            ("token", token),
            ("password", password),
            ("confirm", password),
        ],
    )
    .await
    .status()
    .as_u16()
}

async fn audit_actions(app: &TestApp, record: &str) -> Vec<audit_event::Model> {
    audit_event::Entity::find()
        .filter(audit_event::Column::RecordId.eq(record))
        .order_by_asc(audit_event::Column::At)
        .all(&app.db)
        .await
        .expect("audit")
}

async fn status_of(app: &TestApp, id: &str) -> String {
    expert::Entity::find_by_id(uuid(id))
        .one(&app.db)
        .await
        .expect("read")
        .expect("expert")
        .roster_status
}

async fn state_of_deployment(app: &TestApp, id: &str) -> String {
    deployment::Entity::find_by_id(uuid(id))
        .one(&app.db)
        .await
        .expect("read")
        .expect("deployment")
        .state
}

// 1. Only the expert accepts.

#[tokio::test]
async fn a_roster_office_never_sees_the_invitation_link_which_goes_to_the_expert_alone() {
    let app = spawn_app().await;
    let secretariat = app.as_role("secretariat", None).await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let france = app.as_role("roster_manager", Some("FRA")).await;
    let planner = app.as_role("mission_planner", None).await;
    let id = nominate(&app, &canada, nominee("CAN-7", "own@example.org", &[])).await;

    let (status, invited) = call(&app, &canada, "invite_expert", &[("id", &id)]).await;
    assert_eq!(status, 200, "{invited}");
    assert_eq!(invited["email"], "own@example.org");
    assert_eq!(invited["by_mail"], false);
    let messages = invitation_messages(&app, "own@example.org").await;
    assert_eq!(
        messages.len(),
        1,
        "the link is queued to the expert's address"
    );
    let link = link_in(&messages[0].body);
    let token = token_of(&link);
    // Neither the answer, nor the record, nor its audit trail give the office the link.
    assert!(!invited.to_string().contains(&token), "{invited}");
    assert!(!invited.to_string().contains("/invite/"), "{invited}");
    let (_, record) = call(&app, &canada, "get_expert", &[("id", &id)]).await;
    assert!(!record.to_string().contains(&token), "{record}");
    assert!(record["invitation_pending_until"].is_string(), "{record}");
    assert_eq!(record["can_reveal_invitation"], false);
    for e in audit_actions(&app, &id).await {
        let text = format!("{:?} {:?}", e.before, e.after);
        assert!(
            !text.contains(&token),
            "audit event {} holds the token",
            e.action
        );
    }

    // Reading the link: the secretariat only, never the office, another state or a planner.
    assert_eq!(
        call(&app, &canada, "reveal_invitation", &[("id", &id)])
            .await
            .0,
        403
    );
    assert_eq!(
        call(&app, &france, "reveal_invitation", &[("id", &id)])
            .await
            .0,
        404
    );
    assert_eq!(
        call(&app, &planner, "reveal_invitation", &[("id", &id)])
            .await
            .0,
        404
    );
    assert_eq!(
        call(&app, &app.client(), "reveal_invitation", &[("id", &id)])
            .await
            .0,
        401
    );
    let (_, record) = call(&app, &secretariat, "get_expert", &[("id", &id)]).await;
    assert_eq!(record["can_reveal_invitation"], true, "{record}");
    let (status, revealed) = call(&app, &secretariat, "reveal_invitation", &[("id", &id)]).await;
    assert_eq!(status, 200, "{revealed}");
    assert_eq!(revealed["link"], link.as_str());
    let reveals: Vec<audit_event::Model> = audit_actions(&app, &id)
        .await
        .into_iter()
        .filter(|e| e.action == "expert.invitation_revealed")
        .collect();
    assert_eq!(reveals.len(), 1, "each reveal is an audit event");
    assert!(reveals[0].actor_user_id.is_some(), "naming who saw it");

    // The expert follows the link, in a browser of their own.
    let expert = app.client();
    assert_eq!(
        accept_link(&app, &expert, &token, "the expert's own password").await,
        200
    );
    let (status, portal) = call(&app, &expert, "my_portal", &[]).await;
    assert_eq!(status, 200, "{portal}");
    assert_eq!(portal["expert_id"], id.as_str());
    // Used, the link is gone from the outbox too.
    for m in invitation_messages(&app, "own@example.org").await {
        assert!(!m.body.contains(&token));
    }
}

#[tokio::test]
async fn with_a_mail_server_the_link_is_never_revealed_on_screen() {
    let app = spawn_app_with(|c| {
        c.mail.smtp_url = Some("smtp://127.0.0.1:9".to_owned());
        c.mail.from = Some("Blue Suits <roster@example.org>".to_owned());
    })
    .await;
    let secretariat = app.as_role("secretariat", None).await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let id = nominate(&app, &canada, nominee("CAN-1", "m@example.org", &[])).await;
    let (status, invited) = call(&app, &canada, "invite_expert", &[("id", &id)]).await;
    assert_eq!(status, 200, "{invited}");
    assert_eq!(invited["by_mail"], true);
    let (_, record) = call(&app, &secretariat, "get_expert", &[("id", &id)]).await;
    assert_eq!(record["can_reveal_invitation"], false);
    let (status, body) = call(&app, &secretariat, "reveal_invitation", &[("id", &id)]).await;
    assert_eq!(status, 409, "{body}");
    assert!(!body.to_string().contains("/invite/"), "{body}");
}

#[tokio::test]
async fn the_secretariat_resets_an_account_someone_else_made_and_the_expert_takes_it_back() {
    let app = spawn_app().await;
    let secretariat = app.as_role("secretariat", None).await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let france = app.as_role("roster_manager", Some("FRA")).await;
    let id = nominate(&app, &canada, nominee("CAN-9", "taken@example.org", &[])).await;
    assert_eq!(
        call(&app, &canada, "invite_expert", &[("id", &id)]).await.0,
        200
    );
    // Someone other than the expert got hold of the first link and made the account.
    let first = token_of(&link_in(
        &invitation_messages(&app, "taken@example.org").await[0].body,
    ));
    let squatter = app.client();
    assert_eq!(
        accept_link(&app, &squatter, &first, "the squatter's password").await,
        200
    );
    assert_eq!(call(&app, &squatter, "my_portal", &[]).await.0, 200);

    // Only the secretariat resets; the office and another state cannot.
    let reset = [
        ("id", id.as_str()),
        ("reason", "the expert did not make it"),
    ];
    assert_eq!(
        call(&app, &canada, "reset_expert_account", &reset).await.0,
        403
    );
    assert_eq!(
        call(&app, &france, "reset_expert_account", &reset).await.0,
        404
    );
    let (status, body) = call(
        &app,
        &secretariat,
        "reset_expert_account",
        &[("id", &id), ("reason", " ")],
    )
    .await;
    assert_eq!(status, 422, "a reset says why: {body}");
    let (status, body) = call(&app, &secretariat, "reset_expert_account", &reset).await;
    assert_eq!(status, 200, "{body}");

    // The old session and password are dead.
    assert_eq!(call(&app, &squatter, "my_portal", &[]).await.0, 401);
    let (status, _) = call(
        &app,
        &app.client(),
        "login",
        &[
            ("email", "taken@example.org"),
            ("password", "the squatter's password"),
        ],
    )
    .await;
    assert_eq!(status, 401);

    // A fresh link went to the expert's own address; with it the expert takes the account.
    let messages = invitation_messages(&app, "taken@example.org").await;
    let fresh = token_of(&link_in(&messages[0].body));
    assert_ne!(fresh, first);
    let expert = app.client();
    assert_eq!(
        accept_link(&app, &expert, &fresh, "the real expert's password").await,
        200
    );
    let (status, portal) = call(&app, &expert, "my_portal", &[]).await;
    assert_eq!(status, 200, "{portal}");
    assert_eq!(portal["expert_id"], id.as_str());
    let signed = app.client();
    let (status, _) = call(
        &app,
        &signed,
        "login",
        &[
            ("email", "taken@example.org"),
            ("password", "the real expert's password"),
        ],
    )
    .await;
    assert!(status < 400, "{status}");
    let actions: Vec<String> = audit_actions(&app, &id)
        .await
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(
        actions.contains(&"expert.account_reset".to_owned()),
        "{actions:?}"
    );
}

// 2. An identity change sends the record back to vetting.

async fn save_expert(
    app: &TestApp,
    client: &Client,
    id: &str,
    overrides: &[(&str, &str)],
) -> (u16, Value) {
    let (_, form) = call(app, client, "expert_form", &[("id", id)]).await;
    let version = form["version"].to_string();
    let fields = form["fields"].as_object().expect("fields").clone();
    let mut body: Vec<(String, String)> = vec![
        ("id".into(), id.into()),
        ("version".into(), version),
        (
            "member_state".into(),
            form["member_state"].as_str().unwrap_or("").into(),
        ),
    ];
    for (k, v) in fields {
        let value = overrides
            .iter()
            .find(|(name, _)| *name == k)
            .map(|(_, v)| (*v).to_owned())
            .unwrap_or_else(|| v.as_str().unwrap_or("").to_owned());
        body.push((format!("fields[{k}]"), value));
    }
    let res = client
        .post(app.url("/api/save_expert"))
        .form(&body)
        .send()
        .await
        .expect("request");
    let (status, body) = error_body(res).await;
    (status.as_u16(), body)
}

async fn checks(app: &TestApp, id: &str) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = vetting_check::Entity::find()
        .filter(vetting_check::Column::ExpertId.eq(uuid(id)))
        .all(&app.db)
        .await
        .expect("checks")
        .into_iter()
        .map(|c| (c.kind, c.status))
        .collect();
    all.sort();
    all
}

#[tokio::test]
async fn only_names_birth_date_and_nationalities_send_a_vetted_record_back_to_vetting() {
    let app = spawn_app().await;
    let o = shortlisted(&app).await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    // Contact details, availability and skills change nothing about who was vetted.
    for change in [
        &[("email", "new.address@example.org")][..],
        &[("phone", "+221770000000")][..],
        &[("notice_days", "20")][..],
        &[("skills", "cybercrime:2")][..],
        &[("languages", "fr:C2;en:C1")][..],
        &[("years_experience", "18")][..],
    ] {
        let (status, body) = save_expert(&app, &canada, &o.expert, change).await;
        assert!(status < 400, "{change:?}: {status} {body}");
        assert_eq!(status_of(&app, &o.expert).await, "vetted", "{change:?}");
    }
    let open = offer(&app, &o).await;

    // A new family name: back to review, identity checks to do again, the open offer lapses.
    let (status, body) = save_expert(&app, &canada, &o.expert, &[("family_name", "Diallo")]).await;
    assert!(status < 400, "{status} {body}");
    assert_eq!(status_of(&app, &o.expert).await, "under_review");
    let (_, record) = call(&app, &o.secretariat, "get_expert", &[("id", &o.expert)]).await;
    assert_eq!(record["history"][0]["to"], "under_review");
    assert_eq!(
        record["history"][0]["reason"],
        "identity changed: family_name"
    );
    assert_eq!(
        checks(&app, &o.expert).await,
        [
            ("background".to_owned(), "pending".to_owned()),
            ("human_rights".to_owned(), "pending".to_owned()),
            ("medical".to_owned(), "passed".to_owned()),
            ("references".to_owned(), "pending".to_owned()),
            ("security_training".to_owned(), "passed".to_owned()),
        ]
    );
    assert_eq!(state_of_deployment(&app, &open).await, "expired");
    let expert = expert_account(&app, &o.expert).await;
    assert_eq!(answer(&app, &expert, &open, "accept").await, 409);
    // The office sees why on the record, and cannot put it back to vetted itself.
    let (_, own) = call(&app, &canada, "get_expert", &[("id", &o.expert)]).await;
    assert_eq!(own["history"][0]["reason"], "identity changed: family_name");
    assert!(
        !decide(&app, &canada, &o.expert, "vetted", "it is the same person")
            .await
            .is_success()
    );
}

#[tokio::test]
async fn a_changed_nationality_or_birth_date_of_a_suspended_record_sends_it_to_review_too() {
    let app = spawn_app().await;
    let secretariat = app.as_role("secretariat", None).await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let id = nominate(&app, &canada, nominee("CAN-1", "s@example.org", &[])).await;
    vet(&app, &secretariat, &id).await;
    assert!(
        decide(&app, &secretariat, &id, "suspended", "pending inquiry")
            .await
            .is_success()
    );
    // Reordering nationalities is the same person.
    let (status, _) = save_expert(&app, &canada, &id, &[("nationalities", "FRA;SEN")]).await;
    assert!(status < 400);
    assert_eq!(status_of(&app, &id).await, "suspended");
    let (status, _) = save_expert(
        &app,
        &canada,
        &id,
        &[("nationalities", "SEN"), ("date_of_birth", "1979-03-15")],
    )
    .await;
    assert!(status < 400);
    assert_eq!(status_of(&app, &id).await, "under_review");
    let (_, record) = call(&app, &secretariat, "get_expert", &[("id", &id)]).await;
    assert_eq!(
        record["history"][0]["reason"],
        "identity changed: date_of_birth, nationalities"
    );
}

#[tokio::test]
async fn the_edit_form_warns_before_an_identity_change_of_a_vetted_record() {
    let app = spawn_app().await;
    let o = shortlisted(&app).await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let page = canada
        .get(app.url(&format!("/roster/{}/edit", o.expert)))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(
        page.contains("id=\"identity-warning\""),
        "no warning on the form"
    );
    let fresh = nominate(&app, &canada, nominee("CAN-2", "fresh@example.org", &[])).await;
    let page = canada
        .get(app.url(&format!("/roster/{fresh}/edit")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(
        !page.contains("id=\"identity-warning\""),
        "warning on a nominee"
    );
}

// 3. Only a vetted expert can be booked.

#[tokio::test]
async fn a_suspended_expert_lets_go_of_offers_and_seats_and_the_planner_does_not_learn_who() {
    let app = spawn_app().await;
    let o = shortlisted(&app).await;
    let expert = expert_account(&app, &o.expert).await;
    let first = offer(&app, &o).await;
    assert_eq!(answer(&app, &expert, &first, "accept").await, 200);
    let (_, request) = call(&app, &o.planner, "get_request", &[("id", &o.request)]).await;
    assert_eq!(request["status"], "filled", "{request}");

    assert!(
        decide(
            &app,
            &o.secretariat,
            &o.expert,
            "suspended",
            "credible allegation"
        )
        .await
        .is_success()
    );
    // The booking is released with a reason everyone may read, not the suspension's.
    assert_eq!(state_of_deployment(&app, &first).await, "cancelled");
    let step = deployment_step::Entity::find()
        .filter(deployment_step::Column::DeploymentId.eq(uuid(&first)))
        .order_by_desc(deployment_step::Column::At)
        .one(&app.db)
        .await
        .expect("read")
        .expect("step");
    assert_eq!(step.party, "system");
    assert_eq!(
        step.reason.as_deref(),
        Some("the expert is no longer on the vetted roster")
    );
    // The request has a free seat again, and the planner's page names nobody.
    let (_, request) = call(&app, &o.planner, "get_request", &[("id", &o.request)]).await;
    assert_eq!(request["status"], "open", "{request}");
    let (status, page) = call(
        &app,
        &o.planner,
        "request_deployments",
        &[("id", &o.request)],
    )
    .await;
    assert_eq!(status, 200, "{page}");
    let row = &page["rows"][0];
    assert_eq!(row["state"], "cancelled");
    assert_eq!(row["expert_withheld"], true);
    assert_eq!(row["expert_id"], "");
    assert_eq!(row["expert_name"], "");
    assert!(row["contact_email"].is_null());
    let text = page.to_string();
    assert!(
        !text.contains(&o.expert) && !text.contains("x@example.org") && !text.contains("Touré"),
        "{text}"
    );
    assert!(!text.contains("credible allegation"), "{text}");
}

#[tokio::test]
async fn an_expert_who_is_not_vetted_cannot_accept_even_an_offer_still_open() {
    let app = spawn_app().await;
    let o = shortlisted(&app).await;
    let expert = expert_account(&app, &o.expert).await;
    let id = offer(&app, &o).await;
    // Whatever moved the status (another instance, a repair by hand), accepting asks again.
    for status in ["under_review", "suspended", "withdrawn"] {
        expert::Entity::update_many()
            .col_expr(expert::Column::RosterStatus, Expr::value(status))
            .filter(expert::Column::Id.eq(uuid(&o.expert)))
            .exec(&app.db)
            .await
            .expect("set status");
        let (code, body) = call(
            &app,
            &expert,
            "answer_offer",
            &[("id", &id), ("answer", "accept"), ("reason", "")],
        )
        .await;
        assert_eq!(code, 409, "{status}: {body}");
        assert!(body.to_string().contains("only vetted experts"), "{body}");
        assert_eq!(state_of_deployment(&app, &id).await, "offered");
    }
}

// 4. A seat is booked once.

/// Twenty vetted experts, each with an expert account and an open offer for one two-seat position.
async fn twenty_offers_for_two_seats(app: &TestApp) -> (Vec<(Client, String)>, uuid::Uuid) {
    let o = shortlisted(app).await;
    let first = offer(app, &o).await;
    let template = deployment::Entity::find_by_id(uuid(&first))
        .one(&app.db)
        .await
        .expect("read")
        .expect("offer");
    request_position::Entity::update_many()
        .col_expr(request_position::Column::HeadCount, Expr::value(2))
        .filter(request_position::Column::Id.eq(template.position_id))
        .exec(&app.db)
        .await
        .expect("two seats");
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let mut offers = vec![(expert_account(app, &o.expert).await, first)];
    for i in 2..=20 {
        let id = nominate(
            app,
            &canada,
            nominee(&format!("CAN-{i}"), &format!("e{i}@example.org"), &[]),
        )
        .await;
        expert::Entity::update_many()
            .col_expr(expert::Column::RosterStatus, Expr::value("vetted"))
            .filter(expert::Column::Id.eq(uuid(&id)))
            .exec(&app.db)
            .await
            .expect("vetted");
        let offer_id = uuid::Uuid::new_v4();
        deployment::Entity::insert(deployment::ActiveModel {
            id: Set(offer_id),
            expert_id: Set(uuid(&id)),
            ..deployment::ActiveModel::from(template.clone())
        })
        .exec_without_returning(&app.db)
        .await
        .expect("offer");
        offers.push((expert_account(app, &id).await, offer_id.to_string()));
    }
    (offers, template.position_id)
}

#[tokio::test]
async fn a_two_seat_position_takes_exactly_two_of_twenty_simultaneous_accepts() {
    let app = spawn_app().await;
    let (offers, position) = twenty_offers_for_two_seats(&app).await;
    let url = app.url("/api/answer_offer");
    let mut all = tokio::task::JoinSet::new();
    for (client, id) in offers {
        let url = url.clone();
        all.spawn(async move {
            let form = [("id", id.as_str()), ("answer", "accept"), ("reason", "")];
            let res = client.post(url).form(&form).send().await.expect("request");
            res.status().as_u16()
        });
    }
    let answers: Vec<u16> = all.join_all().await;
    let won = answers.iter().filter(|s| **s == 200).count();
    let refused = answers.iter().filter(|s| **s == 409).count();
    assert_eq!((won, refused), (2, 18), "{answers:?}");
    let held = deployment::Entity::find()
        .filter(deployment::Column::PositionId.eq(position))
        .filter(deployment::Column::State.eq("accepted"))
        .count(&app.db)
        .await
        .expect("count");
    assert_eq!(held, 2);
    // Once the last seat went, nobody is left holding an offer that cannot be accepted.
    let open = deployment::Entity::find()
        .filter(deployment::Column::PositionId.eq(position))
        .filter(deployment::Column::State.eq("offered"))
        .count(&app.db)
        .await
        .expect("count");
    assert_eq!(open, 0);
}

#[tokio::test]
async fn the_database_itself_refuses_a_seat_more_than_the_position_has() {
    let app = spawn_app().await;
    let o = shortlisted(&app).await;
    let first = offer(&app, &o).await;
    let template = deployment::Entity::find_by_id(uuid(&first))
        .one(&app.db)
        .await
        .expect("read")
        .expect("offer");
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let other = nominate(&app, &canada, nominee("CAN-2", "other@example.org", &[])).await;
    let booked = |expert: uuid::Uuid| deployment::ActiveModel {
        id: Set(uuid::Uuid::new_v4()),
        expert_id: Set(expert),
        state: Set("accepted".to_owned()),
        ..deployment::ActiveModel::from(template.clone())
    };
    deployment::Entity::insert(booked(uuid(&o.expert)))
        .exec_without_returning(&app.db)
        .await
        .expect("the one seat");
    assert!(
        deployment::Entity::insert(booked(uuid(&other)))
            .exec_without_returning(&app.db)
            .await
            .is_err(),
        "a second seat on a one-seat position"
    );
    // Moving an open offer into a taken seat is refused as well.
    assert!(
        deployment::Entity::update_many()
            .col_expr(deployment::Column::State, Expr::value("accepted"))
            .filter(deployment::Column::Id.eq(uuid(&first)))
            .exec(&app.db)
            .await
            .is_err(),
        "the offer took a taken seat"
    );
    // And the head count cannot drop below the seats held.
    assert!(
        request_position::Entity::update_many()
            .col_expr(request_position::Column::HeadCount, Expr::value(0))
            .filter(request_position::Column::Id.eq(template.position_id))
            .exec(&app.db)
            .await
            .is_err()
    );
}

// 7. Dual nominations are the secretariat's to see.

#[tokio::test]
async fn a_state_learns_nothing_of_anothers_nominee_while_the_secretariat_sees_the_duplicate() {
    let app = spawn_app().await;
    let secretariat = app.as_role("secretariat", None).await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let france = app.as_role("roster_manager", Some("FRA")).await;
    let canadian = nominate(&app, &canada, nominee("CAN-1", "same@example.org", &[])).await;
    // France nominates the same address: accepted, and nothing in the answer speaks of Canada.
    let french = nominate(
        &app,
        &france,
        nominee("FRA-1", "same@example.org", &[("family_name", "Dupont")]),
    )
    .await;
    // The same folded name and birth date, another address: also likely the same person.
    let namesake = nominate(
        &app,
        &france,
        nominee("FRA-2", "other@example.org", &[("family_name", "TOURE")]),
    )
    .await;
    let (_, own) = call(&app, &france, "get_expert", &[("id", &french)]).await;
    assert_eq!(own["duplicates"], Value::Array(vec![]));
    assert!(!own.to_string().contains(&canadian));
    // Within a state, addresses stay unique, said without naming anyone.
    let mut form: Vec<(String, String)> = vec![
        ("id".into(), String::new()),
        ("version".into(), String::new()),
        ("member_state".into(), String::new()),
    ];
    form.extend(nominee("FRA-3", "same@example.org", &[]));
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (status, body) = error_body(app.call(&france, "save_expert", &form).await).await;
    assert_eq!(status.as_u16(), 422, "{body}");
    assert_eq!(body["Invalid"][0]["field"], "email");

    // The secretariat's queue flags both pairs.
    for id in [&canadian, &french, &namesake] {
        assert!(
            decide(&app, &secretariat, id, "under_review", "file complete")
                .await
                .is_success()
        );
    }
    let (status, queue) = call(&app, &secretariat, "vetting_queue", &[]).await;
    assert_eq!(status, 200, "{queue}");
    let row = |id: &str| {
        queue
            .as_array()
            .expect("rows")
            .iter()
            .find(|r| r["id"] == id)
            .cloned()
            .expect("in the queue")
    };
    let flagged = row(&canadian);
    let mut reasons: Vec<String> = flagged["duplicates"]
        .as_array()
        .expect("duplicates")
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                d["member_state"].as_str().unwrap_or(""),
                d["reasons"]
            )
        })
        .collect();
    reasons.sort();
    assert_eq!(
        reasons,
        ["FRA [\"same_email\"]", "FRA [\"same_name_and_birth_date\"]"]
    );
    // Vetting waits until the secretariat settles it.
    crate::roster::record_all_checks(&app, &secretariat, &canadian).await;
    let res = app
        .call(
            &secretariat,
            "change_roster_status",
            &[
                ("id", &canadian),
                ("to", "vetted"),
                ("reason", "checks passed"),
            ],
        )
        .await;
    let (status, body) = error_body(res).await;
    assert_eq!(status.as_u16(), 409, "{body}");
    assert!(body.to_string().contains("likely duplicate"), "{body}");
    // Offices cannot settle it; the secretariat can, either way.
    let dismiss = [
        ("id", canadian.as_str()),
        ("other", namesake.as_str()),
        ("reason", "different passports seen"),
    ];
    assert_eq!(
        call(&app, &canada, "dismiss_duplicate", &dismiss).await.0,
        403
    );
    assert_eq!(
        call(&app, &secretariat, "dismiss_duplicate", &dismiss)
            .await
            .0,
        200
    );
    assert!(
        decide(
            &app,
            &secretariat,
            &french,
            "withdrawn",
            "already on the roster"
        )
        .await
        .is_success()
    );
    assert!(
        decide(&app, &secretariat, &canadian, "vetted", "checks passed")
            .await
            .is_success()
    );
}

// 6. A decision form never carries the last decision.

#[tokio::test]
async fn a_decision_form_opens_empty_with_only_the_moves_the_rules_allow() {
    let app = spawn_app().await;
    let secretariat = app.as_role("secretariat", None).await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let id = nominate(&app, &canada, nominee("CAN-1", "f@example.org", &[])).await;
    vet(&app, &secretariat, &id).await;
    let html = secretariat
        .get(app.url(&format!("/roster/{id}")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    let start = html.find("id=\"decision-to\"").expect("decision form");
    let select = &html[start..start + html[start..].find("</select>").expect("end")];
    // No move is chosen, and a vetted record offers exactly these.
    let first_option = &select[select.find("<option").expect("options")..];
    let first_option = &first_option[..first_option.find('>').expect("tag")];
    assert!(
        first_option.contains("value=\"\"") && first_option.contains("selected"),
        "{select}"
    );
    let offered: Vec<&str> = select
        .split("value=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap_or(0)])
        .filter(|v| !v.is_empty())
        .collect();
    assert_eq!(offered, ["under_review", "suspended", "withdrawn"]);
    let reason = html.find("id=\"decision-reason\"").expect("reason");
    let tail = &html[reason..];
    let textarea = &tail[..tail.find("</textarea>").expect("end")];
    assert!(
        textarea.ends_with('>'),
        "the reason starts empty: {textarea}"
    );
    assert!(textarea.contains("required"));
}

#[tokio::test]
async fn the_last_decision_cannot_be_sent_again_without_choosing_a_move() {
    let app = spawn_app().await;
    let secretariat = app.as_role("secretariat", None).await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let id = nominate(&app, &canada, nominee("CAN-1", "g@example.org", &[])).await;
    vet(&app, &secretariat, &id).await;
    // The empty choice the form opens with is refused, by field.
    let (status, body) = call(
        &app,
        &secretariat,
        "change_roster_status",
        &[("id", &id), ("to", ""), ("reason", "old reason")],
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["Invalid"][0]["field"], "to");
    assert_eq!(status_of(&app, &id).await, "vetted");
}

#[tokio::test]
async fn re_uploading_a_vetted_nominee_with_another_birth_date_sends_it_back_to_vetting() {
    use crate::import::{checked, commit, csv, row, summary};
    let app = spawn_app().await;
    let secretariat = app.as_role("secretariat", None).await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let (batch, _) = checked(&app, &canada, "first.csv", csv(&[row(1), row(2)])).await;
    commit(&app, &canada, &batch).await;
    let ids: Vec<String> = expert::Entity::find()
        .all(&app.db)
        .await
        .expect("read")
        .into_iter()
        .map(|e| e.id.to_string())
        .collect();
    for id in &ids {
        vet(&app, &secretariat, id).await;
    }
    // Row 2 changes the birth date of CAN-0001; row 3 only its phone number of CAN-0002.
    let changed = row(1).replace("1979-03-14", "1979-03-15");
    let phone = row(2).replace("+221771234567", "+221770000001");
    let (batch, view) = checked(&app, &canada, "again.csv", csv(&[changed, phone])).await;
    assert_eq!(
        summary(&view),
        "created 0, updated 2, unchanged 0, rejected 0"
    );
    let back = view["back_to_vetting"].as_array().expect("rows").clone();
    assert_eq!(back.len(), 1, "{view}");
    assert_eq!(back[0]["row"], 2);
    assert_eq!(back[0]["external_ref"], "CAN-0001");
    assert_eq!(back[0]["fields"], serde_json::json!(["date_of_birth"]));
    // The dry run wrote nothing.
    for id in &ids {
        assert_eq!(status_of(&app, id).await, "vetted");
    }
    let view = commit(&app, &canada, &batch).await;
    assert_eq!(view["back_to_vetting"].as_array().map(Vec::len), Some(1));
    let by_ref = |r: &'static str| {
        let db = app.db.clone();
        async move {
            expert::Entity::find()
                .filter(expert::Column::ExternalRef.eq(r))
                .one(&db)
                .await
                .expect("read")
                .expect("expert")
                .roster_status
        }
    };
    assert_eq!(by_ref("CAN-0001").await, "under_review");
    assert_eq!(by_ref("CAN-0002").await, "vetted");
}
