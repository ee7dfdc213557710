//! Account administration: specific field errors, and a rejected request changes nothing.
use crate::helpers::{PASSWORD, spawn_app};

#[tokio::test]
async fn creating_an_account_lets_that_person_sign_in() {
    let app = spawn_app().await;
    let admin = app.as_role("secretariat", None).await;
    let form = [
        ("email", "Amina.Diallo@Example.org"),
        ("display_name", "Amina Diallo"),
        ("role", "roster_manager"),
        ("member_state", "sen"),
        ("password", PASSWORD),
    ];
    let res = app.call(&admin, "create_user", &form).await;
    assert_eq!(res.status(), 200);
    let row: serde_json::Value = res.json().await.unwrap();
    assert_eq!(row["email"], "amina.diallo@example.org");
    assert_eq!(row["member_state"], "SEN");
    let res = app
        .call(
            &app.client(),
            "login",
            &[
                ("email", "amina.diallo@example.org"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert!(
        res.headers().get("set-cookie").is_some(),
        "{}",
        res.status()
    );
}

#[tokio::test]
async fn every_bad_field_is_reported_at_once_and_nothing_is_written() {
    let app = spawn_app().await;
    let admin = app.as_role("secretariat", None).await;
    let before: Vec<serde_json::Value> = app
        .call(&admin, "list_users", &[])
        .await
        .json()
        .await
        .unwrap();
    let form = [
        ("email", "not-an-email"),
        ("display_name", "  "),
        ("role", "roster_manager"),
        ("member_state", ""),
        ("password", "short"),
    ];
    let res = app.call(&admin, "create_user", &form).await;
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.unwrap();
    let fields: Vec<&str> = body["Invalid"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    for expected in ["email", "display_name", "member_state", "password"] {
        assert!(
            fields.contains(&expected),
            "{expected} missing from {fields:?}"
        );
    }
    let after: Vec<serde_json::Value> = app
        .call(&admin, "list_users", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(before.len(), after.len());
}

#[tokio::test]
async fn a_roster_manager_must_belong_to_a_real_member_state() {
    let app = spawn_app().await;
    let admin = app.as_role("secretariat", None).await;
    for state in ["XYZ", "ATA", "12"] {
        let form = [
            ("email", "x@example.org"),
            ("display_name", "X"),
            ("role", "roster_manager"),
            ("member_state", state),
            ("password", PASSWORD),
        ];
        let res = app.call(&admin, "create_user", &form).await;
        assert_eq!(res.status(), 422, "{state}");
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(
            body["Invalid"][0]["field"], "member_state",
            "{state}: {body}"
        );
    }
}

#[tokio::test]
async fn an_email_can_be_used_only_once() {
    let app = spawn_app().await;
    let admin = app.as_role("secretariat", None).await;
    let existing = app.create_user("expert", None).await;
    let shouted = existing.email.to_uppercase();
    let form = [
        ("email", shouted.as_str()),
        ("display_name", "Twin"),
        ("role", "expert"),
        ("password", PASSWORD),
    ];
    let res = app.call(&admin, "create_user", &form).await;
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["Invalid"][0]["field"], "email");
}

#[tokio::test]
async fn deactivating_an_account_ends_its_sessions_at_once() {
    let app = spawn_app().await;
    let admin = app.as_role("secretariat", None).await;
    let user = app.create_user("mission_planner", None).await;
    let their_client = app.signed_in(&user).await;
    assert_eq!(
        app.call(&their_client, "home_summary", &[]).await.status(),
        200
    );
    let res = app
        .call(
            &admin,
            "set_user_active",
            &[("user_id", &user.id), ("active", "false")],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        app.call(&their_client, "home_summary", &[]).await.status(),
        401
    );
}

#[tokio::test]
async fn an_unknown_account_id_is_not_found() {
    let app = spawn_app().await;
    let admin = app.as_role("secretariat", None).await;
    for id in ["not-a-uuid", "00000000-0000-0000-0000-000000000000"] {
        let res = app
            .call(
                &admin,
                "set_user_active",
                &[("user_id", id), ("active", "false")],
            )
            .await;
        assert_eq!(res.status(), 404, "{id}");
    }
}

#[tokio::test]
async fn account_changes_are_written_to_the_audit_log() {
    use app::server::entities::audit_event;
    use sea_orm::EntityTrait;
    let app = spawn_app().await;
    let admin = app.as_role("secretariat", None).await;
    let user = app.create_user("expert", None).await;
    let before = audit_event::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .len();
    app.call(
        &admin,
        "set_user_active",
        &[("user_id", &user.id), ("active", "false")],
    )
    .await;
    let events = audit_event::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(events.len(), before + 1);
}
