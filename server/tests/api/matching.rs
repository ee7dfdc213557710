//! Mission requests and matching through their server functions: who sees which request, what a
//! shortlist shows and never shows, the host-nationality rule and its waiver, picks, saving, what-if.
use crate::{
    helpers::{TestApp, error_body, spawn_app},
    roster::{json, nominate, nominee, vet},
};
use chrono::{Duration, Utc};
use reqwest::Client;
use serde_json::Value;

/// Files a draft request for South Sudan and returns its id.
pub async fn file_draft(app: &TestApp, planner: &Client, urgency: &str) -> String {
    let res = app
        .call(
            planner,
            "save_request",
            &[
                ("id", ""),
                ("version", ""),
                ("fields[mission]", "UNMISS justice support"),
                ("fields[host_country]", "SSD"),
                ("fields[duty_station]", "Juba"),
                ("fields[requesting_unit]", "Rule of Law Section"),
                ("fields[security_level]", "4"),
                ("fields[urgency]", urgency),
            ],
        )
        .await;
    let (status, body) = error_body(res).await;
    assert!(
        status.is_success() || status.is_redirection(),
        "{status} {body}"
    );
    body.as_str().expect("id").to_owned()
}

fn start_in(days: i64) -> String {
    (Utc::now().date_naive() + Duration::days(days)).to_string()
}

async fn add_position(
    app: &TestApp,
    planner: &Client,
    request: &str,
    title: &str,
    category: &str,
) -> reqwest::Response {
    let start = start_in(14);
    app.call(
        planner,
        "save_position",
        &[
            ("request_id", request),
            ("position_id", ""),
            ("fields[title]", title),
            ("fields[category]", category),
            ("fields[skills]", "money-laundering:2"),
            ("fields[languages]", "fr:B2"),
            ("fields[min_years]", "5"),
            ("fields[start_on]", &start),
            ("fields[duration_days]", "90"),
            ("fields[head_count]", "1"),
        ],
    )
    .await
}

struct Roster {
    /// Prosecutor and judge, most experienced of the vetted.
    both: String,
    prosecutor: String,
    judge: String,
    /// A prosecutor nominated but never vetted.
    unvetted: String,
    /// A vetted prosecutor holding the host country's nationality.
    host_national: String,
}

async fn roster(app: &TestApp, secretariat: &Client) -> Roster {
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let mut ids = Vec::new();
    for (n, family, categories, years, nationalities) in [
        ("A", "Amadou", "prosecutor;judge", "25", "SEN;FRA"),
        ("B", "Bertrand", "prosecutor", "10", "CAN"),
        ("C", "Chen", "judge", "12", "CAN"),
        ("D", "Dubois", "prosecutor", "30", "CAN"),
        ("E", "Deng", "prosecutor", "40", "SSD"),
    ] {
        let fields = nominee(
            &format!("CAN-{n}"),
            &format!("{}@example.org", family.to_lowercase()),
            &[
                ("family_name", family),
                ("categories", categories),
                ("years_experience", years),
                ("nationalities", nationalities),
            ],
        );
        ids.push(nominate(app, &canada, fields).await);
    }
    for i in [0, 1, 2, 4] {
        vet(app, secretariat, &ids[i]).await;
    }
    Roster {
        both: ids[0].clone(),
        prosecutor: ids[1].clone(),
        judge: ids[2].clone(),
        unvetted: ids[3].clone(),
        host_national: ids[4].clone(),
    }
}

async fn shortlist(app: &TestApp, client: &Client, id: &str) -> (Value, String) {
    let res = app.call(client, "request_shortlist", &[("id", id)]).await;
    let status = res.status();
    let text = res.text().await.expect("body");
    assert!(status.is_success(), "{status}: {text}");
    (serde_json::from_str(&text).expect("json"), text)
}

fn proposed(view: &Value, position: usize) -> Vec<String> {
    view["positions"][position]["proposed"]
        .as_array()
        .expect("proposed")
        .iter()
        .map(|c| c["expert_id"].as_str().expect("id").to_owned())
        .collect()
}

fn everyone(view: &Value, position: usize) -> Vec<String> {
    ["proposed", "alternates"]
        .iter()
        .flat_map(|k| {
            view["positions"][position][*k]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .map(|c| c["expert_id"].as_str().expect("id").to_owned())
        .collect()
}

#[tokio::test]
async fn a_two_position_request_proposes_two_different_vetted_experts_and_no_contact_details() {
    let app = spawn_app().await;
    let secretariat = app.as_role("secretariat", None).await;
    let r = roster(&app, &secretariat).await;
    let planner = app.as_role("mission_planner", None).await;
    let request = file_draft(&app, &planner, "standard").await;
    for (title, category) in [("Prosecutor", "prosecutor"), ("Judge", "judge")] {
        let (status, body) =
            error_body(add_position(&app, &planner, &request, title, category).await).await;
        assert!(
            status.is_success() || status.is_redirection(),
            "{status} {body}"
        );
    }
    let (view, text) = shortlist(&app, &planner, &request).await;
    let (prosecutors, judges) = (proposed(&view, 0), proposed(&view, 1));
    assert_eq!(prosecutors.len(), 1);
    assert_eq!(judges.len(), 1);
    assert_ne!(prosecutors[0], judges[0], "nobody is proposed twice");
    // The optimum gives the most experienced (who fits both) one seat and the other seat to the
    // only other fit, whichever way maximises the total.
    assert!(prosecutors.contains(&r.both) || judges.contains(&r.both));
    assert!(everyone(&view, 0).contains(&r.prosecutor));
    assert!(everyone(&view, 1).contains(&r.judge));
    // Unvetted experts and host nationals never reach the shortlist; contact details and birth
    // dates never reach a planner.
    assert!(!text.contains(&r.unvetted), "unvetted expert leaked");
    assert!(!text.contains(&r.host_national), "host national proposed");
    assert!(!text.contains("@example.org"), "e-mail leaked");
    assert!(!text.contains("+221771234567"), "phone leaked");
    assert!(!text.contains("1979-03-14"), "birth date leaked");
    // Each candidate carries the parts of the score.
    let lines = &view["positions"][0]["proposed"][0]["lines"];
    assert_eq!(lines.as_array().expect("lines").len(), 5);
    // Why not: the host national with the reason; the unvetted expert is not even listed.
    let position = view["positions"][0]["position_id"]
        .as_str()
        .expect("position")
        .to_owned();
    let res = app
        .call(
            &planner,
            "excluded_candidates",
            &[
                ("id", &request),
                ("position_id", &position),
                ("group", ""),
                ("page", ""),
            ],
        )
        .await;
    let text = res.text().await.expect("body");
    let page: Value = serde_json::from_str(&text).expect("json");
    assert!(
        !text.contains(&r.unvetted),
        "unvetted expert listed in why-not"
    );
    assert_eq!(page["rows"][0]["expert_id"], r.host_national.as_str());
    let reasons = page["rows"][0]["reasons"].to_string();
    assert!(
        reasons.contains("national of the host country SSD"),
        "{reasons}"
    );
    assert!(!text.contains("@example.org"));
}

#[tokio::test]
async fn requests_are_seen_only_by_their_planner_and_the_secretariat() {
    let app = spawn_app().await;
    let planner = app.as_role("mission_planner", None).await;
    let other = app.as_role("mission_planner", None).await;
    let secretariat = app.as_role("secretariat", None).await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let expert = app.as_role("expert", None).await;
    let request = file_draft(&app, &planner, "rapid").await;
    let list = |client: Client| {
        let app = &app;
        async move { json(app.call(&client, "list_requests", &[]).await).await }
    };
    assert_eq!(
        list(planner.clone()).await["rows"].as_array().map(Vec::len),
        Some(1)
    );
    assert_eq!(
        list(other.clone()).await["rows"].as_array().map(Vec::len),
        Some(0)
    );
    assert_eq!(
        list(secretariat.clone()).await["rows"][0]["id"],
        request.as_str()
    );
    // Each row counts its own positions and seats; a second request without any shows none.
    for title in ["Prosecutor", "Second prosecutor"] {
        let res = add_position(&app, &planner, &request, title, "prosecutor").await;
        assert!(res.status().is_success(), "{}", res.status());
    }
    let empty = file_draft(&app, &planner, "standard").await;
    let rows = list(planner.clone()).await["rows"].clone();
    for row in rows.as_array().expect("rows") {
        let want = if row["id"] == request.as_str() {
            (2, 2)
        } else {
            assert_eq!(row["id"], empty.as_str());
            (0, 0)
        };
        assert_eq!(
            (row["positions"].clone(), row["seats"].clone()),
            (want.0.into(), want.1.into())
        );
    }
    for (who, client, want) in [
        ("other planner", &other, 404),
        ("roster manager", &canada, 403),
        ("expert", &expert, 403),
        ("anonymous", &app.client(), 401),
        ("secretariat", &secretariat, 200),
        ("owner", &planner, 200),
    ] {
        for name in ["get_request", "request_shortlist", "request_what_if"] {
            let got = app
                .call(client, name, &[("id", &request)])
                .await
                .status()
                .as_u16();
            assert_eq!(got, want, "{who} {name}");
        }
    }
    // Nor can another planner change it, pick for it or file it.
    let res = add_position(&app, &other, &request, "Judge", "judge").await;
    assert_eq!(res.status().as_u16(), 404);
    let res = app
        .call(
            &other,
            "move_request",
            &[("id", &request), ("version", "1"), ("step", "cancel")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 404);
    assert_eq!(
        json(app.call(&planner, "get_request", &[("id", &request)]).await).await["status"],
        "draft"
    );
}

#[tokio::test]
async fn a_request_is_filed_only_with_a_position_and_bad_fields_change_nothing() {
    let app = spawn_app().await;
    let planner = app.as_role("mission_planner", None).await;
    let request = file_draft(&app, &planner, "standard").await;
    let res = app
        .call(
            &planner,
            "move_request",
            &[("id", &request), ("version", "1"), ("step", "file")],
        )
        .await;
    let (status, body) = error_body(res).await;
    assert_eq!(status.as_u16(), 409, "{body}");
    assert!(body.to_string().contains("at least one position"), "{body}");
    let res = app
        .call(
            &planner,
            "save_position",
            &[
                ("request_id", &request),
                ("position_id", ""),
                ("fields[title]", ""),
                ("fields[category]", "astronaut"),
                ("fields[skills]", "juggling:9"),
                ("fields[languages]", "fr:Z9"),
                ("fields[min_years]", "-1"),
                ("fields[start_on]", "2020-01-01"),
                ("fields[duration_days]", "0"),
                ("fields[head_count]", "1"),
            ],
        )
        .await;
    let (status, body) = error_body(res).await;
    assert_eq!(status.as_u16(), 422);
    let text = body.to_string();
    for field in [
        "title",
        "category",
        "skills",
        "languages",
        "min_years",
        "start_on",
        "duration_days",
    ] {
        assert!(
            text.contains(&format!("\"{field}\"")),
            "{field} not named in {text}"
        );
    }
    let view = json(app.call(&planner, "get_request", &[("id", &request)]).await).await;
    assert_eq!(view["positions"].as_array().map(Vec::len), Some(0));
    // A request holds at most 60 seats in all.
    let big = |count: &'static str| {
        let (app, planner, request) = (&app, planner.clone(), request.clone());
        async move {
            let start = start_in(20);
            app.call(
                &planner,
                "save_position",
                &[
                    ("request_id", &request),
                    ("position_id", ""),
                    ("fields[title]", "Corrections officers"),
                    ("fields[category]", "corrections-officer"),
                    ("fields[skills]", ""),
                    ("fields[languages]", ""),
                    ("fields[min_years]", "2"),
                    ("fields[start_on]", &start),
                    ("fields[duration_days]", "180"),
                    ("fields[head_count]", count),
                ],
            )
            .await
        }
    };
    assert!(big("50").await.status().as_u16() < 400);
    let (status, body) = error_body(big("11").await).await;
    assert_eq!(status.as_u16(), 422);
    assert!(body.to_string().contains("at most 60 seats"), "{body}");
    let res = app
        .call(
            &planner,
            "remove_position",
            &[
                ("request_id", &request),
                ("position_id", view["id"].as_str().unwrap_or_default()),
            ],
        )
        .await;
    assert_eq!(
        res.status().as_u16(),
        404,
        "a request id is not a position id"
    );
    let view = json(app.call(&planner, "get_request", &[("id", &request)]).await).await;
    assert_eq!(view["positions"].as_array().map(Vec::len), Some(1));
    let big_one = view["positions"][0]["id"].as_str().expect("id").to_owned();
    let res = app
        .call(
            &planner,
            "remove_position",
            &[("request_id", &request), ("position_id", &big_one)],
        )
        .await;
    assert!(res.status().as_u16() < 400);
    assert!(
        add_position(&app, &planner, &request, "Judge", "judge")
            .await
            .status()
            .as_u16()
            < 400
    );
    let version =
        json(app.call(&planner, "get_request", &[("id", &request)]).await).await["version"]
            .to_string();
    let res = app
        .call(
            &planner,
            "move_request",
            &[("id", &request), ("version", &version), ("step", "file")],
        )
        .await;
    assert!(res.status().as_u16() < 400, "{}", res.status());
    let view = json(app.call(&planner, "get_request", &[("id", &request)]).await).await;
    assert_eq!(view["status"], "open");
    assert!(view["opened_at"].is_string());
    assert_eq!(view["history"].as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn the_secretariat_alone_waives_the_host_rule_with_a_reason_and_it_lets_nationals_in() {
    let app = spawn_app().await;
    let secretariat = app.as_role("secretariat", None).await;
    let r = roster(&app, &secretariat).await;
    let planner = app.as_role("mission_planner", None).await;
    let request = file_draft(&app, &planner, "standard").await;
    add_position(&app, &planner, &request, "Prosecutor", "prosecutor").await;
    let (view, _) = shortlist(&app, &planner, &request).await;
    assert!(!everyone(&view, 0).contains(&r.host_national));
    // What-if names the rule that removes the most prosecutors (one of three).
    let what_if = json(
        app.call(&planner, "request_what_if", &[("id", &request)])
            .await,
    )
    .await;
    assert_eq!(what_if[0]["base"], 3);
    assert_eq!(what_if[0]["qualifying"], 2);
    assert_eq!(what_if[0]["constraints"][0]["group"], "nationality");
    assert_eq!(what_if[0]["constraints"][0]["percent"], 33);

    let waive = |client: Client, reason: &'static str| {
        let (app, request) = (&app, request.clone());
        async move {
            app.call(
                &client,
                "waive_host_rule",
                &[("id", &request), ("reason", reason)],
            )
            .await
            .status()
            .as_u16()
        }
    };
    assert_eq!(waive(planner.clone(), "we need them").await, 403);
    assert_eq!(waive(secretariat.clone(), "  ").await, 422);
    assert!(
        waive(
            secretariat.clone(),
            "Local law requires a national prosecutor"
        )
        .await
            < 400
    );
    let (view, _) = shortlist(&app, &planner, &request).await;
    assert!(everyone(&view, 0).contains(&r.host_national));
    assert_eq!(view["host_waived"], true);
    let detail = json(app.call(&planner, "get_request", &[("id", &request)]).await).await;
    assert_eq!(
        detail["waiver"]["reason"],
        "Local law requires a national prosecutor"
    );
}

#[tokio::test]
async fn pins_and_drops_steer_the_shortlist_and_a_saved_shortlist_is_kept() {
    let app = spawn_app().await;
    let secretariat = app.as_role("secretariat", None).await;
    let r = roster(&app, &secretariat).await;
    let planner = app.as_role("mission_planner", None).await;
    let request = file_draft(&app, &planner, "standard").await;
    add_position(&app, &planner, &request, "Prosecutor", "prosecutor").await;
    let (view, _) = shortlist(&app, &planner, &request).await;
    assert_eq!(proposed(&view, 0), std::slice::from_ref(&r.both));
    let position = view["positions"][0]["position_id"]
        .as_str()
        .expect("id")
        .to_owned();
    let pick = |expert: String, verb: &'static str| {
        let (app, planner, request, position) =
            (&app, planner.clone(), request.clone(), position.clone());
        async move {
            app.call(
                &planner,
                "pick_candidate",
                &[
                    ("id", &request),
                    ("position_id", &position),
                    ("expert_id", &expert),
                    ("pick", verb),
                ],
            )
            .await
            .status()
            .as_u16()
        }
    };
    // Pinning the weaker candidate gives them the seat.
    assert!(pick(r.prosecutor.clone(), "pin").await < 400);
    let (view, _) = shortlist(&app, &planner, &request).await;
    assert_eq!(proposed(&view, 0), std::slice::from_ref(&r.prosecutor));
    assert_eq!(view["positions"][0]["proposed"][0]["pinned"], true);
    // Dropping takes someone out altogether; an unvetted expert cannot even be picked.
    assert!(pick(r.prosecutor.clone(), "clear").await < 400);
    assert!(pick(r.both.clone(), "drop").await < 400);
    let (view, _) = shortlist(&app, &planner, &request).await;
    assert_eq!(proposed(&view, 0), std::slice::from_ref(&r.prosecutor));
    assert!(!everyone(&view, 0).contains(&r.both));
    assert_eq!(pick(r.unvetted.clone(), "pin").await, 404);
    // Saving keeps the shortlist with the request.
    assert!(view["saved"].is_null());
    let res = app
        .call(&planner, "save_shortlist", &[("id", &request)])
        .await;
    assert!(res.status().as_u16() < 400, "{}", res.status());
    let (view, _) = shortlist(&app, &planner, &request).await;
    assert!(view["saved"].is_string());
    assert_eq!(view["saved_differs"], false);
    let detail = json(app.call(&planner, "get_request", &[("id", &request)]).await).await;
    assert!(detail["shortlisted_at"].is_string());
}
