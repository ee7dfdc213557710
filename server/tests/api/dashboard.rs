//! The readiness dashboard counts only what the asker may see: a roster office its own state's
//! nominees, a planner vetted experts, the secretariat everyone; experts get no dashboard.
use crate::{
    helpers::{TestApp, error_body, spawn_app},
    roster::{nominate, nominee, vet},
};
use reqwest::Client;

async fn total(app: &TestApp, client: &Client) -> u64 {
    let (status, body) = error_body(app.call(client, "readiness_dashboard", &[]).await).await;
    assert!(status.is_success(), "{status} {body}");
    let t = &body["totals"];
    ["ready_72h", "ready_30d", "not_ready"]
        .iter()
        .map(|k| t[k].as_u64().expect("count"))
        .sum()
}

#[tokio::test]
async fn each_office_counts_only_its_own_nominees_and_a_planner_only_vetted_ones() {
    let app = spawn_app().await;
    let secretariat = app.as_role("secretariat", None).await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let france = app.as_role("roster_manager", Some("FRA")).await;
    let planner = app.as_role("mission_planner", None).await;
    nominate(&app, &canada, nominee("CAN-1", "c1@example.org", &[])).await;
    let vetted = nominate(&app, &canada, nominee("CAN-2", "c2@example.org", &[])).await;
    // Another person than Canada's nominees (the same name and birth date would be a likely
    // duplicate, which waits for the secretariat before anyone is vetted).
    nominate(
        &app,
        &france,
        nominee("FRA-1", "f1@example.org", &[("family_name", "Dupont")]),
    )
    .await;
    vet(&app, &secretariat, &vetted).await;
    assert_eq!(total(&app, &canada).await, 2);
    assert_eq!(total(&app, &france).await, 1);
    assert_eq!(total(&app, &secretariat).await, 3);
    assert_eq!(total(&app, &planner).await, 1);
    let expert = app.as_role("expert", None).await;
    assert_eq!(
        app.call(&expert, "readiness_dashboard", &[])
            .await
            .status()
            .as_u16(),
        403
    );

    // The CSV of a table follows the same scope: France's office counts one prosecutor.
    let res = france
        .get(app.url("/dashboard/category.csv"))
        .send()
        .await
        .expect("get");
    assert_eq!(res.status().as_u16(), 200);
    let csv = res.text().await.expect("csv");
    let prosecutors = csv
        .lines()
        .find(|l| l.to_lowercase().contains("prosecutor"))
        .unwrap_or_else(|| panic!("no prosecutor line in {csv}"));
    assert!(prosecutors.ends_with(",1"), "{prosecutors}");
    assert_eq!(
        expert
            .get(app.url("/dashboard/category.csv"))
            .send()
            .await
            .expect("get")
            .status()
            .as_u16(),
        403
    );
    assert_eq!(
        app.client()
            .get(app.url("/dashboard/region.csv"))
            .send()
            .await
            .expect("get")
            .status()
            .as_u16(),
        401
    );
    assert_eq!(
        canada
            .get(app.url("/dashboard/nothing.csv"))
            .send()
            .await
            .expect("get")
            .status()
            .as_u16(),
        404
    );
}
