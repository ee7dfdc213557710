//! The roster through its server functions: nominating, searching, the member-state boundary,
//! what planners may see, vetting decisions, edits, audit and export.
use crate::helpers::{TestApp, error_body, spawn_app};
use reqwest::Client;
use sea_orm::ConnectionTrait;
use serde_json::Value;

/// A valid nominee; `overrides` replace single fields.
pub(crate) fn nominee(
    external_ref: &str,
    email: &str,
    overrides: &[(&str, &str)],
) -> Vec<(String, String)> {
    let mut fields = vec![
        ("external_ref", external_ref),
        ("given_names", "Aminata"),
        ("family_name", "Touré"),
        ("latin_name", ""),
        ("gender", "female"),
        ("date_of_birth", "1979-03-14"),
        ("nationalities", "SEN;FRA"),
        ("email", email),
        ("phone", "+221771234567"),
        ("years_experience", "17"),
        ("categories", "prosecutor;financial-analyst"),
        ("skills", "money-laundering:3;asset-recovery:2"),
        ("languages", "fr:C2;en:B2"),
        ("notice_days", "3"),
        ("available_from", ""),
        ("available_to", ""),
    ];
    for (k, v) in overrides {
        if let Some(slot) = fields.iter_mut().find(|(name, _)| name == k) {
            slot.1 = v;
        }
    }
    fields
        .into_iter()
        .map(|(k, v)| (format!("fields[{k}]"), v.to_owned()))
        .collect()
}

async fn save(
    app: &TestApp,
    client: &Client,
    id: &str,
    version: &str,
    state: &str,
    fields: Vec<(String, String)>,
) -> reqwest::Response {
    let mut form: Vec<(String, String)> = vec![
        ("id".into(), id.into()),
        ("version".into(), version.into()),
        ("member_state".into(), state.into()),
    ];
    form.extend(fields);
    client
        .post(app.url("/api/save_expert"))
        .form(&form)
        .send()
        .await
        .expect("request")
}

/// Nominates and returns the new expert's id.
pub(crate) async fn nominate(
    app: &TestApp,
    client: &Client,
    fields: Vec<(String, String)>,
) -> String {
    let res = save(app, client, "", "", "", fields).await;
    let status = res.status();
    let body = res.text().await.expect("body");
    assert!(
        status.is_success() || status.is_redirection(),
        "{status}: {body}"
    );
    serde_json::from_str::<String>(&body).expect("id")
}

pub(crate) async fn json(res: reqwest::Response) -> Value {
    let status = res.status();
    let text = res.text().await.expect("body");
    assert!(status.is_success(), "{status}: {text}");
    serde_json::from_str(&text).expect("json")
}

async fn list(app: &TestApp, client: &Client, params: &[(&str, &str)]) -> Value {
    let form: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| (format!("params[{k}]"), (*v).to_owned()))
        .collect();
    json(
        client
            .post(app.url("/api/list_experts"))
            .form(&form)
            .send()
            .await
            .expect("request"),
    )
    .await
}

/// The audit log of one expert, optionally of one action only.
async fn expert_log(app: &TestApp, client: &Client, id: &str, action: &str) -> reqwest::Response {
    let form = [
        ("record_type", "expert"),
        ("record_id", id),
        ("action", action),
        ("from", ""),
        ("until", ""),
        ("page", ""),
    ];
    app.call(client, "audit_log", &form).await
}

async fn expert(app: &TestApp, client: &Client, id: &str) -> reqwest::Response {
    app.call(client, "get_expert", &[("id", id)]).await
}

pub(crate) async fn record_all_checks(app: &TestApp, secretariat: &Client, id: &str) {
    for (kind, expires) in [
        ("background", "2028-06-01"),
        ("references", ""),
        ("human_rights", ""),
        ("medical", "2027-09-01"),
        ("security_training", "2029-01-01"),
    ] {
        let res = app
            .call(
                secretariat,
                "record_check",
                &[
                    ("id", id),
                    ("kind", kind),
                    ("status", "passed"),
                    ("done_on", "2026-10-01"),
                    ("expires_on", expires),
                    ("note", ""),
                ],
            )
            .await;
        let (status, body) = error_body(res).await;
        assert!(status.is_success(), "{kind}: {status} {body}");
    }
}

pub(crate) async fn decide(
    app: &TestApp,
    client: &Client,
    id: &str,
    to: &str,
    reason: &str,
) -> reqwest::StatusCode {
    app.call(
        client,
        "change_roster_status",
        &[("id", id), ("to", to), ("reason", reason)],
    )
    .await
    .status()
}

pub(crate) async fn vet(app: &TestApp, secretariat: &Client, id: &str) {
    record_all_checks(app, secretariat, id).await;
    assert!(
        decide(app, secretariat, id, "under_review", "file complete")
            .await
            .is_success()
    );
    assert!(
        decide(app, secretariat, id, "vetted", "all checks passed")
            .await
            .is_success()
    );
}

#[tokio::test]
async fn a_roster_manager_nominates_and_finds_the_expert_without_typing_accents() {
    let app = spawn_app().await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let id = nominate(&app, &canada, nominee("CAN-1", "a.toure@example.org", &[])).await;
    for q in ["toure", "TOURÉ", "aminata tou", "Touré"] {
        let page = list(&app, &canada, &[("q", q)]).await;
        assert_eq!(page["total"], 1, "{q}");
        assert_eq!(page["rows"][0]["id"], id.as_str());
    }
    assert_eq!(list(&app, &canada, &[("q", "diallo")]).await["total"], 0);
    let x = json(expert(&app, &canada, &id).await).await;
    assert_eq!(x["family_name"], "Touré");
    assert_eq!(x["member_state"], "CAN");
    assert_eq!(x["status"], "nominated");
    assert_eq!(x["email"], "a.toure@example.org");
}

#[tokio::test]
async fn names_are_found_as_people_type_them_without_special_letters_or_hyphens() {
    let app = spawn_app().await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let people = [
        ("CAN-S1", "Mette", "Sørensen", "sorensen"),
        ("CAN-S2", "Omar", "al-Farsi", "alfarsi"),
        ("CAN-S3", "Łukasz", "Wałęsa", "lukasz walesa"),
        ("CAN-S4", "Jürgen", "Straße", "strasse"),
        ("CAN-S5", "Siobhán", "O’Neill", "oneill"),
    ];
    for (reference, given, family, typed) in people {
        let email = format!("{}@example.org", reference.to_lowercase());
        let fields = nominee(
            reference,
            &email,
            &[("given_names", given), ("family_name", family)],
        );
        let id = nominate(&app, &canada, fields).await;
        let page = list(&app, &canada, &[("q", typed)]).await;
        assert_eq!(page["total"], 1, "{typed}");
        assert_eq!(page["rows"][0]["id"], id.as_str(), "{typed}");
    }
    assert_eq!(list(&app, &canada, &[("q", "al farsi")]).await["total"], 1);

    // Keys stored by an earlier folding are recomputed at the next start (the migration clears
    // them; the start keys them again under the migration lock).
    app.db
        .execute_unprepared("UPDATE experts SET search_name = '', sort_name = ''")
        .await
        .expect("clear the keys");
    assert_eq!(list(&app, &canada, &[("q", "sorensen")]).await["total"], 0);
    server::database::migrate(&app.db)
        .await
        .expect("start again");
    assert_eq!(list(&app, &canada, &[("q", "sorensen")]).await["total"], 1);
    let page = list(&app, &canada, &[]).await;
    let families: Vec<&str> = page["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter_map(|r| r["family_name"].as_str())
        .collect();
    assert_eq!(
        families,
        ["al-Farsi", "O’Neill", "Sørensen", "Straße", "Wałęsa"],
        "listed by the folded family name"
    );
}

#[tokio::test]
async fn the_secretariat_nominates_for_a_named_state_and_scripts_survive() {
    let app = spawn_app().await;
    let secretariat = app.as_role("secretariat", None).await;
    let names = [
        ("أحمد", "الفارسي", "Ahmad Al-Farsi"),
        ("Олена", "Коваленко", "Olena Kovalenko"),
        ("Ελένη", "Παπαδοπούλου", "Eleni Papadopoulou"),
        ("Thị Lan", "Nguyễn", ""),
        ("晓明", "王", "Wang Xiaoming"),
        ("Øyvind", "O'Brien", ""),
    ];
    for (n, (given, family, latin)) in names.iter().enumerate() {
        let email = format!("script{n}@example.org");
        let reference = format!("SCR-{n}");
        let fields = nominee(
            &reference,
            &email,
            &[
                ("given_names", given),
                ("family_name", family),
                ("latin_name", latin),
            ],
        );
        let res = save(&app, &secretariat, "", "", "JOR", fields).await;
        let id: String = serde_json::from_str(&res.text().await.expect("body")).expect("id");
        let x = json(expert(&app, &secretariat, &id).await).await;
        assert_eq!(
            x["given_names"].as_str().map(str::as_bytes),
            Some(given.as_bytes())
        );
        assert_eq!(
            x["family_name"].as_str().map(str::as_bytes),
            Some(family.as_bytes())
        );
        assert_eq!(x["member_state"], "JOR");
        let page = list(&app, &secretariat, &[("q", family)]).await;
        assert_eq!(page["total"], 1, "{family}");
    }
    // The transliteration finds the record as well.
    assert_eq!(
        list(&app, &secretariat, &[("q", "al-farsi")]).await["total"],
        1
    );
    assert_eq!(
        list(&app, &secretariat, &[("q", "nguyen")]).await["total"],
        1
    );
}

#[tokio::test]
async fn a_roster_manager_never_sees_another_states_nominee_by_any_route() {
    let app = spawn_app().await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let france = app.as_role("roster_manager", Some("FRA")).await;
    let id = nominate(&app, &canada, nominee("CAN-7", "hidden@example.org", &[])).await;
    // Lists and counts.
    for params in [&[][..], &[("state", "CAN")][..], &[("q", "toure")][..]] {
        let page = list(&app, &france, params).await;
        assert_eq!(page["total"], 0, "{params:?}");
        assert_eq!(page["rows"].as_array().map(Vec::len), Some(0));
    }
    // By id, through every function that takes one.
    let calls: [(&str, Vec<(&str, &str)>); 4] = [
        ("get_expert", vec![("id", id.as_str())]),
        ("expert_form", vec![("id", id.as_str())]),
        (
            "change_roster_status",
            vec![
                ("id", id.as_str()),
                ("to", "withdrawn"),
                ("reason", "taking over"),
            ],
        ),
        (
            "record_check",
            vec![
                ("id", id.as_str()),
                ("kind", "medical"),
                ("status", "passed"),
                ("done_on", "2026-10-01"),
                ("expires_on", "2027-10-01"),
                ("note", ""),
            ],
        ),
    ];
    for (name, form) in &calls {
        let status = app.call(&france, name, form).await.status().as_u16();
        assert!(
            status == 404 || (*name == "record_check" && status == 403),
            "{name} answered {status}"
        );
    }
    let res = save(
        &app,
        &france,
        &id,
        "1",
        "FRA",
        nominee("CAN-7", "hidden@example.org", &[("given_names", "Stolen")]),
    )
    .await;
    assert_eq!(res.status().as_u16(), 404);
    // Export.
    let csv = france
        .get(app.url("/export/roster.csv"))
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body");
    assert_eq!(csv.lines().count(), 1, "header only: {csv}");
    // And the record is untouched.
    let x = json(expert(&app, &canada, &id).await).await;
    assert_eq!(x["given_names"], "Aminata");
    assert_eq!(x["status"], "nominated");
}

#[tokio::test]
async fn a_roster_manager_always_nominates_for_their_own_state() {
    let app = spawn_app().await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let res = save(
        &app,
        &canada,
        "",
        "",
        "FRA",
        nominee("X-1", "x1@example.org", &[]),
    )
    .await;
    let id: String = serde_json::from_str(&res.text().await.expect("body")).expect("id");
    let x = json(expert(&app, &canada, &id).await).await;
    assert_eq!(x["member_state"], "CAN");
}

#[tokio::test]
async fn planners_see_only_vetted_experts_and_never_contact_details_or_birth_dates() {
    let app = spawn_app().await;
    let secretariat = app.as_role("secretariat", None).await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let planner = app.as_role("mission_planner", None).await;
    let vetted = nominate(&app, &canada, nominee("CAN-1", "vetted@example.org", &[])).await;
    let pending = nominate(
        &app,
        &canada,
        nominee("CAN-2", "pending@example.org", &[("family_name", "Diallo")]),
    )
    .await;
    vet(&app, &secretariat, &vetted).await;
    let page = list(&app, &planner, &[]).await;
    assert_eq!(page["total"], 1);
    assert_eq!(page["rows"][0]["id"], vetted.as_str());
    assert_eq!(page["vetted_only"], true);
    let x = json(expert(&app, &planner, &vetted).await).await;
    assert_eq!(x["email"], Value::Null);
    assert_eq!(x["phone"], Value::Null);
    assert_eq!(x["date_of_birth"], Value::Null);
    assert_eq!(x["history"].as_array().map(Vec::len), Some(0));
    assert_eq!(x["audit"].as_array().map(Vec::len), Some(0));
    let raw = expert(&app, &planner, &vetted)
        .await
        .text()
        .await
        .expect("body");
    assert!(!raw.contains("vetted@example.org") && !raw.contains("1979-03-14"));
    assert_eq!(
        expert(&app, &planner, &pending).await.status().as_u16(),
        404
    );
    assert_eq!(
        list(&app, &planner, &[("status", "nominated")]).await["total"],
        0
    );
    let csv = planner
        .get(app.url("/export/roster.csv"))
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body");
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(!csv.contains("vetted@example.org") && !csv.contains("1979-03-14"));
    // Planners cannot change anything.
    assert_eq!(
        decide(&app, &planner, &vetted, "suspended", "no")
            .await
            .as_u16(),
        403
    );
    let res = save(
        &app,
        &planner,
        "",
        "",
        "CAN",
        nominee("P-1", "p@example.org", &[]),
    )
    .await;
    assert_eq!(res.status().as_u16(), 403);
}

#[tokio::test]
async fn experts_and_anonymous_visitors_reach_no_roster_data() {
    let app = spawn_app().await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let id = nominate(&app, &canada, nominee("CAN-1", "e@example.org", &[])).await;
    let expert_user = app.as_role("expert", None).await;
    let anonymous = app.client();
    for (client, code) in [(&expert_user, 403), (&anonymous, 401)] {
        for (name, form) in [
            ("list_experts", vec![]),
            ("get_expert", vec![("id", id.as_str())]),
            ("expert_form", vec![("id", "")]),
            ("vetting_queue", vec![]),
            ("expiring_checks", vec![("days", "30")]),
        ] {
            let status = app.call(client, name, &form).await.status().as_u16();
            assert_eq!(status, code, "{name}");
        }
        let status = client
            .get(app.url("/export/roster.csv"))
            .send()
            .await
            .expect("request")
            .status()
            .as_u16();
        assert_eq!(status, code, "export");
    }
}

#[tokio::test]
async fn vetting_needs_every_check_passed_and_a_reason_and_is_the_secretariats_alone() {
    let app = spawn_app().await;
    let secretariat = app.as_role("secretariat", None).await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let id = nominate(&app, &canada, nominee("CAN-1", "v@example.org", &[])).await;
    // The nominating state cannot vet its own nominee.
    assert_eq!(
        decide(&app, &canada, &id, "under_review", "please")
            .await
            .as_u16(),
        422
    );
    assert!(
        decide(&app, &secretariat, &id, "under_review", "file complete")
            .await
            .is_success()
    );
    let res = app
        .call(
            &secretariat,
            "change_roster_status",
            &[("id", &id), ("to", "vetted"), ("reason", "looks fine")],
        )
        .await;
    let (status, body) = error_body(res).await;
    assert_eq!(status.as_u16(), 422);
    assert!(body.to_string().contains("background"), "{body}");
    record_all_checks(&app, &secretariat, &id).await;
    let res = app
        .call(
            &secretariat,
            "change_roster_status",
            &[("id", &id), ("to", "vetted"), ("reason", "  ")],
        )
        .await;
    let (status, body) = error_body(res).await;
    assert_eq!(status.as_u16(), 422);
    assert!(body.to_string().contains("reason"), "{body}");
    assert!(
        decide(&app, &secretariat, &id, "vetted", "all five checks passed")
            .await
            .is_success()
    );
    let x = json(expert(&app, &canada, &id).await).await;
    assert_eq!(x["status"], "vetted");
    let reasons: Vec<&str> = x["history"]
        .as_array()
        .expect("history")
        .iter()
        .filter_map(|h| h["reason"].as_str())
        .collect();
    assert!(reasons.contains(&"all five checks passed"), "{reasons:?}");
    // The state may withdraw its nominee, with a reason.
    assert!(
        decide(&app, &canada, &id, "withdrawn", "left the civil service")
            .await
            .is_success()
    );
    assert_eq!(
        json(expert(&app, &canada, &id).await).await["status"],
        "withdrawn"
    );
}

#[tokio::test]
async fn the_vetting_queue_lists_waiting_nominees_for_the_secretariat() {
    let app = spawn_app().await;
    let secretariat = app.as_role("secretariat", None).await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let id = nominate(&app, &canada, nominee("CAN-1", "q@example.org", &[])).await;
    let queue = json(app.call(&secretariat, "vetting_queue", &[]).await).await;
    assert_eq!(queue[0]["id"], id.as_str());
    assert_eq!(
        app.call(&canada, "vetting_queue", &[])
            .await
            .status()
            .as_u16(),
        403
    );
}

#[tokio::test]
async fn credentials_expiring_soon_are_listed_by_window() {
    let app = spawn_app().await;
    let secretariat = app.as_role("secretariat", None).await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let id = nominate(&app, &canada, nominee("CAN-1", "x@example.org", &[])).await;
    let today = chrono::Utc::now().date_naive();
    let soon = (today + chrono::Days::new(45)).to_string();
    let done = (today - chrono::Days::new(300)).to_string();
    let res = app
        .call(
            &secretariat,
            "record_check",
            &[
                ("id", &id),
                ("kind", "medical"),
                ("status", "passed"),
                ("done_on", &done),
                ("expires_on", &soon),
                ("note", ""),
            ],
        )
        .await;
    assert!(res.status().is_success());
    let in30 = json(
        app.call(&secretariat, "expiring_checks", &[("days", "30")])
            .await,
    )
    .await;
    assert_eq!(in30.as_array().map(Vec::len), Some(0));
    let in60 = json(
        app.call(&secretariat, "expiring_checks", &[("days", "60")])
            .await,
    )
    .await;
    assert_eq!(in60[0]["expert_id"], id.as_str());
    assert_eq!(in60[0]["kind"], "medical");
    assert_eq!(in60[0]["days_left"], 45);
    assert_eq!(
        app.call(&secretariat, "expiring_checks", &[("days", "45")])
            .await
            .status()
            .as_u16(),
        422
    );
}

#[tokio::test]
async fn an_edit_with_a_bad_field_is_refused_next_to_that_field_and_changes_nothing() {
    let app = spawn_app().await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let secretariat = app.as_role("secretariat", None).await;
    let id = nominate(&app, &canada, nominee("CAN-1", "ok@example.org", &[])).await;
    let events_before = json(expert_log(&app, &secretariat, &id, "").await).await["total"].clone();
    let res = save(
        &app,
        &canada,
        &id,
        "1",
        "",
        nominee(
            "CAN-1",
            "not-an-address",
            &[
                ("given_names", "Changed"),
                ("date_of_birth", "2015-01-01"),
                ("languages", "fr:Z9"),
            ],
        ),
    )
    .await;
    let (status, body) = error_body(res).await;
    assert_eq!(status.as_u16(), 422);
    let fields: Vec<&str> = body["Invalid"]
        .as_array()
        .expect("field errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    for f in ["email", "date_of_birth", "languages"] {
        assert!(fields.contains(&f), "{f} missing in {body}");
    }
    let x = json(expert(&app, &canada, &id).await).await;
    assert_eq!(x["given_names"], "Aminata");
    let events_after = json(expert_log(&app, &secretariat, &id, "").await).await["total"].clone();
    assert_eq!(events_before, events_after);
}

#[tokio::test]
async fn every_change_to_an_expert_or_a_check_leaves_an_audit_event_with_before_and_after() {
    let app = spawn_app().await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let secretariat = app.as_role("secretariat", None).await;
    let id = nominate(&app, &canada, nominee("CAN-1", "au@example.org", &[])).await;
    let res = save(
        &app,
        &canada,
        &id,
        "1",
        "",
        nominee(
            "CAN-1",
            "au@example.org",
            &[("family_name", "Touré-Diallo")],
        ),
    )
    .await;
    assert!(
        res.status().is_success() || res.status().is_redirection(),
        "{}",
        res.status()
    );
    record_all_checks(&app, &secretariat, &id).await;
    assert!(
        decide(&app, &secretariat, &id, "under_review", "complete")
            .await
            .is_success()
    );
    let log = json(expert_log(&app, &secretariat, &id, "").await).await;
    let actions: Vec<&str> = log["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter_map(|r| r["action"].as_str())
        .collect();
    assert_eq!(actions.iter().filter(|a| **a == "expert.check").count(), 5);
    for a in ["expert.nominate", "expert.edit", "expert.status"] {
        assert!(actions.contains(&a), "{a} in {actions:?}");
    }
    let edit = log["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["action"] == "expert.edit")
        .expect("edit");
    let changes = edit["changes"].to_string();
    assert!(
        changes.contains("family_name: Touré → Touré-Diallo"),
        "{changes}"
    );
    // Saving the same values again changes nothing and logs nothing.
    let res = save(
        &app,
        &canada,
        &id,
        "2",
        "",
        nominee(
            "CAN-1",
            "au@example.org",
            &[("family_name", "Touré-Diallo")],
        ),
    )
    .await;
    assert!(res.status().is_success() || res.status().is_redirection());
    let again = json(expert_log(&app, &secretariat, &id, "expert.edit").await).await;
    assert_eq!(again["total"], 1);
    // The log is for the secretariat only.
    assert_eq!(
        expert_log(&app, &canada, &id, "").await.status().as_u16(),
        403
    );
}

#[tokio::test]
async fn an_edit_based_on_an_old_version_is_refused() {
    let app = spawn_app().await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let id = nominate(&app, &canada, nominee("CAN-1", "v1@example.org", &[])).await;
    let first = save(
        &app,
        &canada,
        &id,
        "1",
        "",
        nominee("CAN-1", "v1@example.org", &[("years_experience", "18")]),
    )
    .await;
    assert!(first.status().is_success() || first.status().is_redirection());
    let stale = save(
        &app,
        &canada,
        &id,
        "1",
        "",
        nominee("CAN-1", "v1@example.org", &[("years_experience", "19")]),
    )
    .await;
    assert_eq!(stale.status().as_u16(), 409);
}

#[tokio::test]
async fn references_and_e_mails_are_unique_per_state_and_another_state_learns_nothing() {
    let app = spawn_app().await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let france = app.as_role("roster_manager", Some("FRA")).await;
    nominate(&app, &canada, nominee("REF-1", "one@example.org", &[])).await;
    let (status, body) = error_body(
        save(
            &app,
            &canada,
            "",
            "",
            "",
            nominee("REF-1", "two@example.org", &[]),
        )
        .await,
    )
    .await;
    assert_eq!(status.as_u16(), 422);
    assert_eq!(body["Invalid"][0]["field"], "external_ref");
    // Another state may use the same reference and the same address: a refusal would tell it
    // what Canada holds. The secretariat sees the pair as a likely duplicate instead.
    nominate(&app, &france, nominee("REF-1", "three@example.org", &[])).await;
    let res = save(
        &app,
        &france,
        "",
        "",
        "",
        nominee("REF-2", "ONE@example.org", &[]),
    )
    .await;
    assert!(
        res.status().is_success() || res.status().is_redirection(),
        "{}",
        res.status()
    );
    // Within one state an address is still used once.
    let (status, body) = error_body(
        save(
            &app,
            &canada,
            "",
            "",
            "",
            nominee("REF-3", "one@example.org", &[]),
        )
        .await,
    )
    .await;
    assert_eq!(status.as_u16(), 422);
    assert_eq!(body["Invalid"][0]["field"], "email");
    assert!(!body.to_string().contains("FRA"), "{body}");
}

#[tokio::test]
async fn filters_combine_category_skill_and_language_levels() {
    let app = spawn_app().await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    nominate(
        &app,
        &canada,
        nominee(
            "A",
            "a@example.org",
            &[
                ("categories", "judge"),
                ("skills", "cybercrime:4"),
                ("languages", "fr:C1;en:B1"),
            ],
        ),
    )
    .await;
    nominate(
        &app,
        &canada,
        nominee(
            "B",
            "b@example.org",
            &[
                ("categories", "judge"),
                ("skills", "cybercrime:2"),
                ("languages", "fr:C2"),
            ],
        ),
    )
    .await;
    nominate(
        &app,
        &canada,
        nominee(
            "C",
            "c@example.org",
            &[
                ("categories", "prosecutor"),
                ("skills", "cybercrime:4"),
                ("languages", "fr:C2"),
            ],
        ),
    )
    .await;
    let count = |page: Value| page["total"].as_u64();
    assert_eq!(
        count(list(&app, &canada, &[("category", "judge")]).await),
        Some(2)
    );
    assert_eq!(
        count(
            list(
                &app,
                &canada,
                &[
                    ("category", "judge"),
                    ("skill", "cybercrime"),
                    ("skill_level", "3")
                ]
            )
            .await
        ),
        Some(1)
    );
    assert_eq!(
        count(
            list(
                &app,
                &canada,
                &[
                    ("skill", "cybercrime"),
                    ("skill_level", "3"),
                    ("language", "fr"),
                    ("language_level", "C2")
                ]
            )
            .await
        ),
        Some(1)
    );
    assert_eq!(
        count(
            list(
                &app,
                &canada,
                &[("language", "en"), ("language_level", "B2")]
            )
            .await
        ),
        Some(0)
    );
    assert_eq!(
        count(
            list(
                &app,
                &canada,
                &[("status", "nominated"), ("tier", "not_ready")]
            )
            .await
        ),
        Some(3)
    );
    let bad = list(
        &app,
        &canada,
        &[
            ("skill", "juggling"),
            ("language_level", "Z1"),
            ("language", "fr"),
        ],
    )
    .await;
    let fields: Vec<&str> = bad["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(fields, ["skill", "language_level"]);
}

#[tokio::test]
async fn pages_hold_fifty_experts_and_count_the_whole_view() {
    let app = spawn_app().await;
    server::seed::roster::seed(&app.db, 120, chrono::Utc::now())
        .await
        .expect("seed");
    let secretariat = app.as_role("secretariat", None).await;
    let first = list(&app, &secretariat, &[]).await;
    assert_eq!(first["total"], 120);
    assert_eq!(first["pages"], 3);
    assert_eq!(first["rows"].as_array().map(Vec::len), Some(50));
    let last = list(&app, &secretariat, &[("page", "3")]).await;
    assert_eq!(last["rows"].as_array().map(Vec::len), Some(20));
    let a: Vec<&Value> = first["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| &r["id"])
        .collect();
    let b = list(&app, &secretariat, &[("page", "2")]).await;
    assert!(
        b["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .all(|r| !a.contains(&&r["id"]))
    );
}

#[tokio::test]
async fn the_export_holds_every_row_of_the_view_however_many_pieces_it_is_written_in() {
    let app = spawn_app().await;
    // More than two of the export's pieces, and not a multiple of one.
    let seeded = 2 * app::server::services::export::EXPORT_CHUNK as usize + 234;
    server::seed::roster::seed(&app.db, seeded, chrono::Utc::now())
        .await
        .expect("seed");
    for (caller, role, state) in [
        ("secretariat", "secretariat", None),
        ("office", "roster_manager", Some("CAN")),
        ("planner", "mission_planner", None),
    ] {
        let client = app.as_role(role, state).await;
        let total = list(&app, &client, &[]).await["total"]
            .as_u64()
            .expect("total");
        let export = client
            .get(app.url("/export/roster.csv"))
            .send()
            .await
            .expect("export")
            .text()
            .await
            .expect("csv");
        let ids: Vec<&str> = export
            .lines()
            .skip(1)
            .map(|line| line.split(',').next().unwrap_or_default())
            .collect();
        let distinct: std::collections::HashSet<&&str> = ids.iter().collect();
        assert_eq!(
            ids.len() as u64,
            total,
            "{caller}: one row per expert in view"
        );
        assert_eq!(distinct.len(), ids.len(), "{caller}: no row twice");
    }
    let secretariat = app.as_role("secretariat", None).await;
    assert_eq!(
        list(&app, &secretariat, &[]).await["total"],
        seeded,
        "the secretariat's view is the whole roster"
    );
}

#[tokio::test]
async fn the_export_neutralises_formulas_and_keeps_names_exact() {
    let app = spawn_app().await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    nominate(
        &app,
        &canada,
        nominee(
            "=1+2",
            "f@example.org",
            &[
                ("given_names", "=HYPERLINK(\"http://evil.example\")"),
                ("family_name", "Nguyễn"),
            ],
        ),
    )
    .await;
    let res = canada
        .get(app.url("/export/roster.csv?q=nguyen"))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status().as_u16(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .expect("type")
            .starts_with("text/csv")
    );
    let csv = res.text().await.expect("body");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().expect("csv");
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(&row[2], "'=1+2");
    assert_eq!(&row[3], "'=HYPERLINK(\"http://evil.example\")");
    assert_eq!(&row[4], "Nguyễn");
    assert_eq!(&row[10], "'+221771234567");
    // A filter that cannot be understood is named, not guessed at.
    let res = canada
        .get(app.url("/export/roster.csv?skill=juggling&page=0"))
        .send()
        .await
        .expect("request");
    let (status, body) = error_body(res).await;
    assert_eq!(status.as_u16(), 422);
    let fields: Vec<&str> = body["Invalid"]
        .as_array()
        .expect("field errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(fields, ["skill", "page"]);
}
