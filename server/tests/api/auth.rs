//! Signing in and out: cookies, generic failures, throttling, a fresh session at every sign-in.
use crate::helpers::{PASSWORD, TestUser, error_body, spawn_app, spawn_app_with};
use reqwest::header::{LOCATION, SET_COOKIE};

fn session_cookie(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("bs_session=") || v.starts_with("__Host-bs_session="))
        .map(str::to_owned)
}

#[tokio::test]
async fn signing_in_sets_an_http_only_strict_session_cookie() {
    let app = spawn_app().await;
    let user = app.create_user("secretariat", None).await;
    let res = app.sign_in(&app.client(), &user).await;
    assert!(
        res.status().is_success() || res.status().is_redirection(),
        "{}",
        res.status()
    );
    let cookie = session_cookie(&res).expect("a session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Strict"), "{cookie}");
    assert!(cookie.contains("Path=/"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain HTTP in tests: {cookie}");
}

#[tokio::test]
async fn with_secure_cookies_the_cookie_is_secure_and_host_prefixed() {
    let app = spawn_app_with(|c| c.settings.cookie_secure = true).await;
    let user = app.create_user("secretariat", None).await;
    let res = app.sign_in(&app.client(), &user).await;
    let cookie = session_cookie(&res).expect("a session cookie");
    assert!(cookie.starts_with("__Host-bs_session="), "{cookie}");
    assert!(cookie.contains("Secure"), "{cookie}");
    let res = app.client().get(app.url("/health")).send().await.unwrap();
    assert!(res.headers().contains_key("strict-transport-security"));
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_answer() {
    let app = spawn_app().await;
    let user = app.create_user("mission_planner", None).await;
    let client = app.client();
    let wrong = app
        .call(
            &client,
            "login",
            &[
                ("email", &user.email),
                ("password", "not the password at all"),
            ],
        )
        .await;
    let unknown = app
        .call(
            &client,
            "login",
            &[("email", "nobody@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert!(session_cookie(&wrong).is_none());
    let (s1, b1) = error_body(wrong).await;
    let (s2, b2) = error_body(unknown).await;
    assert_eq!(s1, 401);
    assert_eq!((s1, &b1), (s2, &b2));
    assert_eq!(b1, serde_json::json!("InvalidCredentials"));
}

#[tokio::test]
async fn the_email_is_matched_whatever_its_case_and_spacing() {
    let app = spawn_app().await;
    let user = app.create_user("expert", None).await;
    let shouted = format!("  {}  ", user.email.to_uppercase());
    let res = app
        .call(
            &app.client(),
            "login",
            &[("email", &shouted), ("password", PASSWORD)],
        )
        .await;
    assert!(session_cookie(&res).is_some(), "{}", res.status());
}

#[tokio::test]
async fn an_account_is_throttled_after_repeated_failures_but_others_are_not() {
    let app = spawn_app().await;
    let target = app.create_user("secretariat", None).await;
    let bystander = app.create_user("secretariat", None).await;
    let client = app.client();
    for _ in 0..5 {
        let res = app
            .call(
                &client,
                "login",
                &[("email", &target.email), ("password", "guessing guessing")],
            )
            .await;
        assert_eq!(res.status(), 401);
    }
    // Even the right password waits now: the guesser must not learn when they hit it.
    let res = app.sign_in(&client, &target).await;
    let (status, body) = error_body(res).await;
    assert_eq!(status, 429);
    assert!(
        body["TooManyAttempts"]["retry_after_secs"]
            .as_u64()
            .unwrap()
            > 0,
        "{body}"
    );
    // Another account signs in from the same address without trouble.
    let other = app
        .call(
            &app.client(),
            "login",
            &[("email", &bystander.email), ("password", PASSWORD)],
        )
        .await;
    assert!(session_cookie(&other).is_some());
}

#[tokio::test]
async fn one_address_hammering_the_sign_in_endpoint_is_slowed_down() {
    let app = spawn_app_with(|c| {
        c.sign_in_burst = 3;
        c.sign_in_refill_seconds = 60;
    })
    .await;
    let client = app.client();
    let mut statuses = Vec::new();
    for i in 0..5 {
        let email = format!("someone{i}@example.org");
        statuses.push(
            app.call(
                &client,
                "login",
                &[("email", &email), ("password", "whatever whatever")],
            )
            .await
            .status()
            .as_u16(),
        );
    }
    assert_eq!(&statuses[..3], &[401, 401, 401]);
    assert_eq!(statuses[4], 429, "{statuses:?}");
    let res = app
        .call(
            &client,
            "login",
            &[("email", "x@example.org"), ("password", "y")],
        )
        .await;
    assert!(res.headers().contains_key("retry-after"));
}

#[tokio::test]
async fn a_deactivated_account_cannot_sign_in() {
    let app = spawn_app().await;
    let admin = app.create_user("secretariat", None).await;
    let user = app.create_user("mission_planner", None).await;
    let admin_client = app.signed_in(&admin).await;
    let res = app
        .call(
            &admin_client,
            "set_user_active",
            &[("user_id", &user.id), ("active", "false")],
        )
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    let res = app.sign_in(&app.client(), &user).await;
    assert_eq!(res.status(), 401);
}

#[tokio::test]
async fn signing_in_again_replaces_the_session_id() {
    let app = spawn_app().await;
    let user: TestUser = app.create_user("secretariat", None).await;
    let client = app.client();
    let first = session_cookie(&app.sign_in(&client, &user).await).unwrap();
    let second = session_cookie(&app.sign_in(&client, &user).await).unwrap();
    assert_ne!(first, second);
    // The old token no longer signs anybody in.
    let token = first.split(';').next().unwrap();
    let res = reqwest::Client::new()
        .post(app.url("/api/current_user"))
        .header("cookie", token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.text().await.unwrap(), "null");
}

#[tokio::test]
async fn after_sign_in_only_a_local_next_path_is_followed() {
    let app = spawn_app().await;
    let user = app.create_user("secretariat", None).await;
    for (next, expected) in [
        ("/admin/users", "/admin/users"),
        ("https://evil.example/", "/"),
        ("//evil.example", "/"),
    ] {
        let res = app
            .call(
                &app.client(),
                "login",
                &[
                    ("email", &user.email),
                    ("password", PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        let location = res
            .headers()
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        assert_eq!(location, expected, "next={next}");
    }
}

#[tokio::test]
async fn signing_out_kills_the_session_on_the_server() {
    let app = spawn_app().await;
    let user = app.create_user("secretariat", None).await;
    let client = app.client();
    let cookie = session_cookie(&app.sign_in(&client, &user).await).unwrap();
    let token = cookie.split(';').next().unwrap().to_owned();
    let res = app.call(&client, "logout", &[]).await;
    assert!(
        res.status().is_success() || res.status().is_redirection(),
        "{}",
        res.status()
    );
    // Replaying the old cookie, as a thief who copied it would, gets nothing.
    let res = reqwest::Client::new()
        .post(app.url("/api/list_users"))
        .header("cookie", token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
}

#[tokio::test]
async fn the_current_user_is_reported_without_the_password_hash() {
    let app = spawn_app().await;
    let user = app.create_user("roster_manager", Some("CAN")).await;
    let client = app.signed_in(&user).await;
    let res = app.call(&client, "current_user", &[]).await;
    let text = res.text().await.unwrap();
    let body: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body["email"], user.email);
    assert_eq!(body["role"], "roster_manager");
    assert_eq!(body["member_state"], "CAN");
    assert!(!text.contains("argon2"), "{text}");
}
