//! Concurrent writers get answers, not errors: the same write fired twenty times at once, and
//! eight writers for ten seconds against the server's own background work, on whichever database
//! the suite runs on. No answer may be a server error.
use crate::{
    deployments::{expert_account, offer, shortlisted},
    helpers::{TestApp, spawn_app, spawn_app_with},
    import::{checked, csv, row, settled, summary},
    roster::{nominate, nominee, vet},
};
use app::server::entities::{expert, invitation};
use reqwest::Client;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::time::{Duration, Instant};

/// Sends `form` to the server function `name` twenty times at once; the statuses, sorted.
pub(crate) async fn twenty_at_once(
    app: &TestApp,
    client: &Client,
    name: &str,
    form: &[(&str, &str)],
) -> Vec<u16> {
    let url = app.url(&format!("/api/{name}"));
    let form: Vec<(String, String)> = form
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let mut all = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let (client, url, form) = (client.clone(), url.clone(), form.clone());
        all.spawn(async move {
            match client.post(url).form(&form).send().await {
                Ok(res) => res.status().as_u16(),
                Err(_) => 0,
            }
        });
    }
    let mut statuses = all.join_all().await;
    statuses.sort_unstable();
    statuses
}

pub(crate) fn no_errors(what: &str, statuses: &[u16]) {
    assert!(
        statuses.iter().all(|s| (200..500).contains(s)),
        "{what}: {statuses:?}"
    );
}

pub(crate) fn count(statuses: &[u16], status: u16) -> usize {
    statuses.iter().filter(|s| **s == status).count()
}

#[tokio::test]
async fn twenty_identical_offers_at_once_make_one_offer_and_nineteen_clear_refusals() {
    let app = spawn_app().await;
    let o = shortlisted(&app).await;
    let form = [
        ("id", o.request.as_str()),
        ("position_id", o.position.as_str()),
        ("expert_id", o.expert.as_str()),
        ("answer_within_hours", "48"),
    ];
    let statuses = twenty_at_once(&app, &o.planner, "make_offer", &form).await;
    no_errors("offers", &statuses);
    assert_eq!(
        (count(&statuses, 200), count(&statuses, 409)),
        (1, 19),
        "{statuses:?}"
    );
}

#[tokio::test]
async fn twenty_check_recordings_status_changes_and_invitations_at_once_all_get_answers() {
    let app = spawn_app().await;
    let secretariat = app.as_role("secretariat", None).await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let id = nominate(&app, &canada, nominee("CAN-1", "c@example.org", &[])).await;
    let check = [
        ("id", id.as_str()),
        ("kind", "medical"),
        ("status", "passed"),
        ("done_on", "2026-10-01"),
        ("expires_on", "2027-09-01"),
        ("note", "clinic report"),
    ];
    let statuses = twenty_at_once(&app, &secretariat, "record_check", &check).await;
    assert_eq!(count(&statuses, 200), 20, "checks: {statuses:?}");

    vet(&app, &secretariat, &id).await;
    let suspend = [
        ("id", id.as_str()),
        ("to", "suspended"),
        ("reason", "inquiry"),
    ];
    let statuses = twenty_at_once(&app, &secretariat, "change_roster_status", &suspend).await;
    no_errors("status changes", &statuses);
    // One decision is taken; the others are told the expert already is suspended.
    assert_eq!(
        (count(&statuses, 200), count(&statuses, 422)),
        (1, 19),
        "{statuses:?}"
    );

    let other = nominate(&app, &canada, nominee("CAN-2", "i@example.org", &[])).await;
    let statuses = twenty_at_once(&app, &canada, "invite_expert", &[("id", &other)]).await;
    assert_eq!(count(&statuses, 200), 20, "invitations: {statuses:?}");
    let usable = invitation::Entity::find()
        .filter(invitation::Column::ExpertId.eq(uuid::Uuid::parse_str(&other).expect("id")))
        .filter(invitation::Column::RevokedAt.is_null())
        .count(&app.db)
        .await
        .expect("count");
    assert_eq!(usable, 1, "only the newest link works");
}

#[tokio::test]
async fn twenty_accepts_of_one_offer_book_the_expert_once() {
    let app = spawn_app().await;
    let o = shortlisted(&app).await;
    let id = offer(&app, &o).await;
    let expert = expert_account(&app, &o.expert).await;
    let form = [("id", id.as_str()), ("answer", "accept"), ("reason", "")];
    let statuses = twenty_at_once(&app, &expert, "answer_offer", &form).await;
    no_errors("accepts", &statuses);
    assert_eq!(
        (count(&statuses, 200), count(&statuses, 409)),
        (1, 19),
        "{statuses:?}"
    );
}

#[tokio::test]
async fn twenty_decisions_on_one_language_claim_apply_it_once() {
    let app = spawn_app().await;
    let o = shortlisted(&app).await;
    let expert = expert_account(&app, &o.expert).await;
    let claimed = app
        .call(
            &expert,
            "claim_language",
            &[("language", "ar"), ("level", "B2")],
        )
        .await;
    assert_eq!(claimed.status(), 200);
    let portal: serde_json::Value = app
        .call(&expert, "my_portal", &[])
        .await
        .json()
        .await
        .expect("portal");
    let claim = portal["claims"][0]["id"]
        .as_str()
        .expect("claim")
        .to_owned();
    let form = [("id", claim.as_str()), ("decision", "verify")];
    let statuses = twenty_at_once(&app, &o.secretariat, "decide_language_claim", &form).await;
    no_errors("claim decisions", &statuses);
    assert_eq!(
        (count(&statuses, 200), count(&statuses, 409)),
        (1, 19),
        "{statuses:?}"
    );
    let record: serde_json::Value = app
        .call(&o.secretariat, "get_expert", &[("id", o.expert.as_str())])
        .await
        .json()
        .await
        .expect("record");
    let arabic = record["languages"]
        .as_array()
        .expect("languages")
        .iter()
        .filter(|l| l["code"] == "ar")
        .count();
    assert_eq!(arabic, 1, "{record}");
}

#[tokio::test]
async fn twenty_uploads_and_their_commits_at_once_all_finish() {
    let app = spawn_app().await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let mut batches = tokio::task::JoinSet::new();
    for file in 0..20u32 {
        let rows: Vec<String> = (0..5).map(|r| row(file * 5 + r + 1)).collect();
        let (app_url, client) = (app.url("/import/upload"), canada.clone());
        batches.spawn(async move {
            let form = reqwest::multipart::Form::new().part(
                "file",
                reqwest::multipart::Part::bytes(csv(&rows)).file_name(format!("f{file}.csv")),
            );
            let res = client
                .post(app_url)
                .multipart(form)
                .send()
                .await
                .expect("upload");
            let status = res.status().as_u16();
            let body: serde_json::Value = res.json().await.unwrap_or_default();
            (status, body["id"].as_str().unwrap_or("").to_owned())
        });
    }
    let uploaded = batches.join_all().await;
    assert!(uploaded.iter().all(|(s, _)| *s == 202), "{uploaded:?}");
    for (_, id) in &uploaded {
        let view = settled(&app, &canada, id).await;
        assert_eq!(
            summary(&view),
            "created 5, updated 0, unchanged 0, rejected 0"
        );
    }
    let url = app.url("/api/commit_import");
    let mut commits = tokio::task::JoinSet::new();
    for (_, id) in &uploaded {
        let (client, url, id) = (canada.clone(), url.clone(), id.clone());
        commits.spawn(async move {
            client
                .post(url)
                .form(&[("id", id.as_str())])
                .send()
                .await
                .map(|r| r.status().as_u16())
                .unwrap_or(0)
        });
    }
    let statuses = commits.join_all().await;
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    for (_, id) in &uploaded {
        let view = settled(&app, &canada, id).await;
        assert_eq!(view["row"]["phase"], "committed", "{view}");
    }
    let total = expert::Entity::find().count(&app.db).await.expect("count");
    assert_eq!(total, 100);
    // A file committed once more changes nothing and fails nothing.
    let (_, view) = checked(&app, &canada, "again.csv", csv(&[row(1)])).await;
    assert_eq!(
        summary(&view),
        "created 0, updated 0, unchanged 1, rejected 0"
    );
}

#[tokio::test]
async fn eight_writers_for_ten_seconds_beside_the_background_work_meet_no_error() {
    let app = spawn_app_with(|c| c.upkeep_every = Duration::from_millis(50)).await;
    let secretariat = app.as_role("secretariat", None).await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let mut experts = Vec::new();
    for i in 0..8 {
        let id = nominate(
            &app,
            &canada,
            nominee(&format!("CAN-{i}"), &format!("w{i}@example.org"), &[]),
        )
        .await;
        experts.push(id);
    }
    let portal = expert_account(&app, &experts[0]).await;
    let until = Instant::now() + Duration::from_secs(10);
    // The day moves on over and over, so the upkeep re-decides every expert's readiness (writes).
    let db = app.db.clone();
    let days = tokio::spawn(async move {
        while Instant::now() < until {
            let _ = db
                .execute_unprepared("UPDATE experts SET readiness_on = '2000-01-01'")
                .await;
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    });
    let mut writers = tokio::task::JoinSet::new();
    for (n, id) in experts.into_iter().enumerate() {
        let (app_url, client, portal) = (app.address.clone(), secretariat.clone(), portal.clone());
        writers.spawn(async move {
            let (mut calls, mut errors) = (0u32, Vec::new());
            let mut i = 0u32;
            while Instant::now() < until {
                i += 1;
                let (path, form): (&str, Vec<(&str, String)>) = match (n, i % 3) {
                    // One writer is the expert keeping their own record.
                    (0, 0) => ("confirm_availability", vec![]),
                    (0, _) => (
                        "save_availability",
                        vec![("notice_days", format!("{}", 1 + i % 20))],
                    ),
                    (_, 0) => (
                        "change_roster_status",
                        vec![
                            ("id", id.clone()),
                            (
                                "to",
                                if i.is_multiple_of(2) {
                                    "under_review"
                                } else {
                                    "rejected"
                                }
                                .to_owned(),
                            ),
                            ("reason", "load".to_owned()),
                        ],
                    ),
                    _ => (
                        "record_check",
                        vec![
                            ("id", id.clone()),
                            ("kind", "references".to_owned()),
                            (
                                "status",
                                if i.is_multiple_of(2) {
                                    "pending"
                                } else {
                                    "passed"
                                }
                                .to_owned(),
                            ),
                            ("done_on", "2026-10-01".to_owned()),
                            ("expires_on", String::new()),
                            ("note", format!("call {i}")),
                        ],
                    ),
                };
                let who = if n == 0 { &portal } else { &client };
                calls += 1;
                match who
                    .post(format!("{app_url}/api/{path}"))
                    .form(&form)
                    .send()
                    .await
                {
                    Ok(res) if res.status().as_u16() < 500 => {}
                    Ok(res) => errors.push(format!(
                        "{path}: {} {}",
                        res.status(),
                        res.text().await.unwrap_or_default()
                    )),
                    Err(e) => errors.push(format!("{path}: {e}")),
                }
            }
            (calls, errors)
        });
    }
    let results = writers.join_all().await;
    days.await.expect("day task");
    let calls: u32 = results.iter().map(|(c, _)| c).sum();
    let errors: Vec<&String> = results.iter().flat_map(|(_, e)| e).collect();
    assert!(calls > 80, "the writers barely wrote: {calls} calls");
    assert!(
        errors.is_empty(),
        "{} of {calls} calls failed: {errors:?}",
        errors.len()
    );
    // Nobody waited in a lock cycle either: the daily pass skips rows others hold, so it never
    // closes one with a writer and the day's reset (each deadlock costs a second of waiting).
    if app.database.is_postgres() {
        // Backends report their counts within a second of their last transaction.
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let row = app
            .db
            .query_one_raw(sea_orm::Statement::from_string(
                sea_orm::DatabaseBackend::Postgres,
                "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()",
            ))
            .await
            .expect("statistics")
            .expect("a row");
        let deadlocks: i64 = row.try_get_by_index(0).expect("count");
        assert_eq!(deadlocks, 0, "deadlocks on the test database");
    }
}
