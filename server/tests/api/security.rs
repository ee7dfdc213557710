//! Cross-site request refusal, POST-only server functions, and the security headers.
use crate::helpers::spawn_app;

#[tokio::test]
async fn a_state_changing_request_from_another_site_is_refused() {
    let app = spawn_app().await;
    let admin = app.create_user("secretariat", None).await;
    let client = app.signed_in(&admin).await;
    let form = [
        ("email", "new.person@example.org"),
        ("display_name", "New Person"),
        ("role", "mission_planner"),
        ("password", "a long enough password"),
    ];
    let res = client
        .post(app.url("/api/create_user"))
        .header("origin", "https://evil.example")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = client
        .post(app.url("/api/create_user"))
        .header("sec-fetch-site", "cross-site")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let users: Vec<serde_json::Value> = app
        .call(&client, "list_users", &[])
        .await
        .json()
        .await
        .unwrap();
    assert!(
        users.iter().all(|u| u["email"] != "new.person@example.org"),
        "nothing was created"
    );
}

#[tokio::test]
async fn a_same_origin_request_is_accepted() {
    let app = spawn_app().await;
    let admin = app.create_user("secretariat", None).await;
    let client = app.signed_in(&admin).await;
    let res = client
        .post(app.url("/api/list_users"))
        .header("origin", app.address.clone())
        .header("sec-fetch-site", "same-origin")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn server_functions_cannot_be_called_with_get() {
    let app = spawn_app().await;
    let admin = app.create_user("secretariat", None).await;
    let client = app.signed_in(&admin).await;
    let res = client
        .get(app.url("/api/set_user_active?user_id=x&active=false"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 405);
}

#[tokio::test]
async fn pages_carry_a_nonce_policy_and_the_usual_protections() {
    let app = spawn_app().await;
    let res = app.client().get(app.url("/login")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let h = res.headers().clone();
    let csp = h
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(csp.contains("'nonce-"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(h.get("x-content-type-options").unwrap(), "nosniff");
    assert!(h.contains_key("referrer-policy"));
    assert_eq!(h.get("cache-control").unwrap(), "no-store");
    // Every inline script carries the nonce the header announces.
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .unwrap()
        .split('\'')
        .next()
        .unwrap()
        .to_owned();
    let html = res.text().await.unwrap();
    // An empty `<script></script>` (a placeholder the i18n layer renders) never runs, so needs no nonce.
    let scripts = html.matches("<script").count() - html.matches("<script></script>").count();
    assert!(scripts > 0);
    assert_eq!(
        html.matches(&format!("nonce=\"{nonce}\"")).count(),
        scripts,
        "{html}"
    );
}

#[tokio::test]
async fn every_page_gets_a_different_nonce() {
    let app = spawn_app().await;
    let a = app.client().get(app.url("/login")).send().await.unwrap();
    let b = app.client().get(app.url("/login")).send().await.unwrap();
    assert_ne!(
        a.headers().get("content-security-policy"),
        b.headers().get("content-security-policy")
    );
}

#[tokio::test]
async fn malformed_requests_get_a_plain_bad_request() {
    let app = spawn_app().await;
    let admin = app.create_user("secretariat", None).await;
    let client = app.signed_in(&admin).await;
    let res = client
        .post(app.url("/api/set_user_active"))
        .form(&[("nonsense", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
}

#[tokio::test]
async fn internal_details_never_reach_the_client() {
    let app = spawn_app().await;
    let admin = app.create_user("secretariat", None).await;
    let signed_in = app.signed_in(&admin).await;
    app.db.clone().close().await.unwrap();
    // The database going away is our fault: the client gets a reference, not the cause.
    let res = app
        .call(
            &app.client(),
            "login",
            &[
                ("email", "a@example.org"),
                ("password", "whatever whatever"),
            ],
        )
        .await;
    let status = res.status();
    let request_id = res.headers()["x-request-id"].to_str().unwrap().to_owned();
    let text = res.text().await.unwrap();
    assert_eq!(status, 500, "{text}");
    assert!(text.contains("ref_id"), "{text}");
    // The reference a person quotes is the request's id, which names its lines in the log.
    assert_eq!(request_id.len(), 12);
    assert!(text.contains(&request_id), "{request_id} not in {text}");
    let res = app.call(&signed_in, "list_users", &[]).await;
    let status = res.status();
    let text2 = res.text().await.unwrap();
    assert_eq!(status, 503, "{text2}");
    for leak in [
        "sqlx", "Sqlx", "pool", "closed", "sqlite", "postgres", "SELECT",
    ] {
        assert!(
            !text.contains(leak) && !text2.contains(leak),
            "{leak} in {text} / {text2}"
        );
    }
}
