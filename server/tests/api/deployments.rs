//! Offers and deployments: who may answer an offer, and that no expert is ever booked twice over
//! the same days — by the service under 50 simultaneous accepts, and by the database itself.
use crate::{
    helpers::{TestApp, error_body, spawn_app},
    roster::{nominate, nominee, vet},
};
use app::{
    domain::ids::{ExpertId, UserId},
    server::{entities::deployment, repo::deployments},
};
use chrono::{Duration, Utc};
use reqwest::Client;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

pub(crate) struct Offered {
    pub expert: String,
    pub request: String,
    pub position: String,
    pub planner: Client,
    pub secretariat: Client,
}

/// A filed one-position request (prosecutor, French at B2, in 14 days for 90 days) of `planner`.
pub(crate) async fn open_request(app: &TestApp, planner: &Client) -> (String, String) {
    open_request_for(app, planner, 1).await
}

/// The same request with `seats` seats on its position.
pub(crate) async fn open_request_for(
    app: &TestApp,
    planner: &Client,
    seats: u8,
) -> (String, String) {
    let seats = seats.to_string();
    let (_, body) = error_body(
        app.call(
            planner,
            "save_request",
            &[
                ("id", ""),
                ("version", ""),
                ("fields[mission]", "Mission"),
                ("fields[host_country]", "SSD"),
                ("fields[duty_station]", "Juba"),
                ("fields[requesting_unit]", "Unit"),
                ("fields[security_level]", "3"),
                ("fields[urgency]", "standard"),
            ],
        )
        .await,
    )
    .await;
    let request = body.as_str().expect("request id").to_owned();
    let start = (Utc::now().date_naive() + Duration::days(14)).to_string();
    let (_, body) = error_body(
        app.call(
            planner,
            "save_position",
            &[
                ("request_id", &request),
                ("position_id", ""),
                ("fields[title]", "Prosecutor"),
                ("fields[category]", "prosecutor"),
                ("fields[skills]", ""),
                ("fields[languages]", "fr:B2"),
                ("fields[min_years]", "5"),
                ("fields[start_on]", &start),
                ("fields[duration_days]", "90"),
                ("fields[head_count]", seats.as_str()),
            ],
        )
        .await,
    )
    .await;
    let position = body.as_str().expect("position id").to_owned();
    let res = app
        .call(
            planner,
            "move_request",
            &[("id", &request), ("version", "2"), ("step", "file")],
        )
        .await;
    assert!(res.status().as_u16() < 400, "{}", res.status());
    (request, position)
}

/// A vetted Canadian expert on the saved shortlist of an open one-position request.
pub(crate) async fn shortlisted(app: &TestApp) -> Offered {
    let secretariat = app.as_role("secretariat", None).await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let expert = nominate(app, &canada, nominee("CAN-1", "x@example.org", &[])).await;
    vet(app, &secretariat, &expert).await;
    let planner = app.as_role("mission_planner", None).await;
    let (request, position) = open_request(app, &planner).await;
    let res = app
        .call(&planner, "save_shortlist", &[("id", &request)])
        .await;
    assert!(res.status().as_u16() < 400, "{}", res.status());
    Offered {
        expert,
        request,
        position,
        planner,
        secretariat,
    }
}

/// A signed-in expert account linked to the roster record `expert`.
pub(crate) async fn expert_account(app: &TestApp, expert: &str) -> Client {
    let user = app.create_user("expert", None).await;
    let user_id = UserId::parse(&user.id).expect("user id");
    let expert_id = ExpertId::parse(expert).expect("expert id");
    deployments::link_account(&app.db, user_id, expert_id, Utc::now())
        .await
        .expect("link");
    app.signed_in(&user).await
}

pub(crate) async fn offer(app: &TestApp, o: &Offered) -> String {
    let res = app
        .call(
            &o.planner,
            "make_offer",
            &[
                ("id", &o.request),
                ("position_id", &o.position),
                ("expert_id", &o.expert),
                ("answer_within_hours", "48"),
            ],
        )
        .await;
    let (status, body) = error_body(res).await;
    assert!(status.is_success(), "{status} {body}");
    body.as_str().expect("offer id").to_owned()
}

pub(crate) async fn answer(app: &TestApp, client: &Client, offer: &str, verb: &str) -> u16 {
    app.call(
        client,
        "answer_offer",
        &[("id", offer), ("answer", verb), ("reason", "")],
    )
    .await
    .status()
    .as_u16()
}

#[tokio::test]
async fn only_the_expert_accepts_and_their_roster_office_may_only_decline() {
    let app = spawn_app().await;
    let o = shortlisted(&app).await;
    let id = offer(&app, &o).await;
    let stranger = expert_account(&app, &{
        let canada = app.as_role("roster_manager", Some("CAN")).await;
        let other = nominate(&app, &canada, nominee("CAN-2", "y@example.org", &[])).await;
        vet(&app, &o.secretariat, &other).await;
        other
    })
    .await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let france = app.as_role("roster_manager", Some("FRA")).await;
    assert_eq!(
        answer(&app, &stranger, &id, "accept").await,
        404,
        "another expert"
    );
    assert_eq!(
        answer(&app, &france, &id, "decline").await,
        404,
        "another state's office"
    );
    assert_eq!(
        answer(&app, &o.planner, &id, "accept").await,
        404,
        "the planner"
    );
    assert_eq!(
        answer(&app, &app.client(), &id, "accept").await,
        401,
        "anonymous"
    );
    assert_eq!(
        answer(&app, &canada, &id, "accept").await,
        403,
        "an office cannot accept"
    );
    let own = expert_account(&app, &o.expert).await;
    assert_eq!(answer(&app, &own, &id, "accept").await, 200);
    // Accepted is final for the offer: answering again is refused with a reason.
    let res = app
        .call(
            &own,
            "answer_offer",
            &[("id", &id), ("answer", "decline"), ("reason", "")],
        )
        .await;
    let (status, body) = error_body(res).await;
    assert_eq!(status.as_u16(), 409);
    assert!(body.to_string().contains("cannot be declined"), "{body}");
    // On this request the expert holds their seat: still proposed, not "committed elsewhere".
    let (status, shortlist) = error_body(
        app.call(&o.planner, "request_shortlist", &[("id", &o.request)])
            .await,
    )
    .await;
    assert!(status.is_success(), "{status} {shortlist}");
    assert_eq!(
        shortlist["positions"][0]["proposed"][0]["expert_id"],
        o.expert.as_str()
    );
    // Another request over the same dates sees them as committed, with the reason.
    let (other, other_position) = crate::deployments::open_request(&app, &o.planner).await;
    let res = app
        .call(
            &o.planner,
            "excluded_candidates",
            &[
                ("id", &other),
                ("position_id", &other_position),
                ("group", "commitment"),
                ("page", ""),
            ],
        )
        .await;
    let (status, page) = error_body(res).await;
    assert!(status.is_success(), "{status} {page}");
    assert_eq!(page["rows"][0]["expert_id"], o.expert.as_str());
    assert!(
        page["rows"][0]["reasons"]
            .to_string()
            .contains("already deployed or committed")
    );
}

#[tokio::test]
async fn an_expert_is_never_booked_twice_even_with_fifty_accepts_at_once() {
    let app = spawn_app().await;
    let o = shortlisted(&app).await;
    let first = offer(&app, &o).await;
    let template = deployments::find(&app.db, uuid::Uuid::parse_str(&first).expect("id"))
        .await
        .expect("read")
        .expect("offer");
    // 49 more open offers for the same expert over overlapping dates (one day later each).
    let mut ids = vec![first];
    for i in 1..50 {
        let id = uuid::Uuid::new_v4();
        let mut model: deployment::ActiveModel = deployment::ActiveModel {
            id: Set(id),
            ..deployment::ActiveModel::from(template.clone())
        };
        model.starts_on = Set(template.starts_on + Duration::days(i));
        model.ends_on = Set(template.ends_on + Duration::days(i));
        deployments::insert(&app.db, model).await.expect("offer");
        ids.push(id.to_string());
    }
    let expert = expert_account(&app, &o.expert).await;
    let url = app.url("/api/answer_offer");
    let mut all = tokio::task::JoinSet::new();
    for id in ids {
        let (client, url) = (expert.clone(), url.clone());
        all.spawn(async move {
            let form = [("id", id.as_str()), ("answer", "accept"), ("reason", "")];
            let res = client.post(url).form(&form).send().await.expect("request");
            res.status().as_u16()
        });
    }
    let answers: Vec<u16> = all.join_all().await;
    let won = answers.iter().filter(|s| **s == 200).count();
    let refused = answers.iter().filter(|s| **s == 409).count();
    assert_eq!((won, refused), (1, 49), "{answers:?}");
    let booked = deployment::Entity::find()
        .filter(deployment::Column::ExpertId.eq(uuid::Uuid::parse_str(&o.expert).expect("id")))
        .filter(deployment::Column::State.eq("accepted"))
        .count(&app.db)
        .await
        .expect("count");
    assert_eq!(booked, 1);
}

#[tokio::test]
async fn the_database_itself_refuses_a_second_booking_over_the_same_days() {
    let app = spawn_app().await;
    let o = shortlisted(&app).await;
    let first = offer(&app, &o).await;
    let template = deployments::find(&app.db, uuid::Uuid::parse_str(&first).expect("id"))
        .await
        .expect("read")
        .expect("offer");
    // Seats enough for every booking below: only the date rule is tried here.
    app::server::entities::request_position::Entity::update_many()
        .col_expr(
            app::server::entities::request_position::Column::HeadCount,
            sea_orm::sea_query::Expr::value(3),
        )
        .filter(app::server::entities::request_position::Column::Id.eq(template.position_id))
        .exec(&app.db)
        .await
        .expect("three seats");
    let booked = |starts: i64| deployment::ActiveModel {
        id: Set(uuid::Uuid::new_v4()),
        state: Set("deployed".to_owned()),
        starts_on: Set(template.starts_on + Duration::days(starts)),
        ends_on: Set(template.ends_on + Duration::days(starts)),
        ..deployment::ActiveModel::from(template.clone())
    };
    deployments::insert(&app.db, booked(0))
        .await
        .expect("first booking");
    assert!(
        deployments::insert(&app.db, booked(30)).await.is_err(),
        "overlap accepted"
    );
    // Back to back is fine: the next deployment starts the day after this one ends.
    let length = (template.ends_on - template.starts_on).num_days();
    deployments::insert(&app.db, booked(length + 1))
        .await
        .expect("back to back");
    // An open offer does not book the days.
    let mut open = booked(10);
    open.state = Set("offered".to_owned());
    deployments::insert(&app.db, open)
        .await
        .expect("open offer");
}
