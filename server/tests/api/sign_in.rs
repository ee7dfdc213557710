//! Sign-in that holds: the second factor for staff (enrolment, codes, recovery codes, reset, its
//! own attempt limit), and the request-handling holes an outside review found — each tried as an
//! attacker would.
use crate::helpers::{PASSWORD, TestApp, TestUser, error_body, spawn_app, spawn_app_with};
use reqwest::{
    Client, StatusCode,
    header::{LOCATION, SET_COOKIE},
};
use serde_json::Value;
use totp_rs::{Algorithm, Builder, Secret};

async fn call(app: &TestApp, client: &Client, name: &str, form: &[(&str, &str)]) -> (u16, Value) {
    let (status, body) = error_body(app.call(client, name, form).await).await;
    (status.as_u16(), body)
}

fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// The code an authenticator app shows for `secret` at `step` (30-second steps since 1970),
/// computed by the crate the apps' algorithm is published in, not by the server's own code.
fn code_at(secret: &str, step: u64) -> String {
    let totp = Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(0)
        .with_step_duration(30)
        .with_secret(Secret::try_from_base32(secret).expect("base32 secret"))
        .build()
        .expect("totp");
    totp.generate(step * 30).to_string()
}

fn now_step() -> u64 {
    u64::try_from(chrono::Utc::now().timestamp()).expect("after 1970") / 30
}

async fn mfa_app() -> TestApp {
    spawn_app_with(|c| c.settings.require_mfa = true).await
}

/// Signs `user` in with the password only; the client then holds a half-way session.
async fn password_step(app: &TestApp, user: &TestUser) -> (Client, String) {
    let client = app.client();
    let res = app.sign_in(&client, user).await;
    assert!(
        res.status().is_success() || res.status().is_redirection(),
        "{}",
        res.status()
    );
    let to = location(&res);
    (client, to)
}

/// Enrols the half-way signed-in `client`; returns the secret and the recovery codes.
async fn enrol(app: &TestApp, client: &Client) -> (String, Vec<String>) {
    let (status, e) = call(app, client, "enrolment", &[]).await;
    assert_eq!(status, 200, "{e}");
    let secret = e["secret"].as_str().expect("secret").to_owned();
    // Shown again (a reload while scanning), the page holds the same secret.
    let (_, again) = call(app, client, "enrolment", &[]).await;
    assert_eq!(again["secret"], secret.as_str());
    assert!(e["qr_svg"].as_str().expect("svg").starts_with("<svg"));
    let code = code_at(&secret, now_step());
    let (status, body) = call(
        app,
        client,
        "confirm_enrolment",
        &[("code", &code), ("next", "/requests")],
    )
    .await;
    assert!(status < 400, "{status} {body}");
    let (status, codes) = call(app, client, "recovery_codes", &[]).await;
    assert_eq!(status, 200, "{codes}");
    let codes: Vec<String> = codes
        .as_array()
        .expect("codes")
        .iter()
        .map(|c| c.as_str().expect("code").to_owned())
        .collect();
    (secret, codes)
}

#[tokio::test]
async fn a_staff_account_without_a_second_factor_reaches_no_data() {
    let app = mfa_app().await;
    let planner = app.create_user("mission_planner", None).await;
    let (client, to) = password_step(&app, &planner).await;
    assert!(to.starts_with("/login/enrol?next="), "{to}");
    // The password alone opens nothing: no server function, no page, no account.
    assert_eq!(call(&app, &client, "list_requests", &[]).await.0, 401);
    assert_eq!(call(&app, &client, "list_experts", &[]).await.0, 401);
    assert_eq!(
        call(&app, &client, "current_user", &[]).await.1,
        Value::Null
    );
    let page = client.get(app.url("/requests")).send().await.expect("page");
    assert_eq!(page.status(), StatusCode::SEE_OTHER);
    assert!(
        location(&page).starts_with("/login/enrol?next="),
        "{}",
        location(&page)
    );
    // Enrolling opens the account, with ten recovery codes shown until they are kept.
    let (_, codes) = enrol(&app, &client).await;
    assert_eq!(codes.len(), 10);
    assert!(
        codes
            .iter()
            .all(|c| c.len() == 11 && c.chars().nth(5) == Some('-'))
    );
    assert_eq!(call(&app, &client, "list_requests", &[]).await.0, 200);
    assert!(
        call(&app, &client, "keep_recovery_codes", &[("next", "/")])
            .await
            .0
            < 400
    );
    assert_eq!(
        call(&app, &client, "recovery_codes", &[]).await.1,
        serde_json::json!([])
    );
    // Experts are not required to enrol.
    let expert = app.create_user("expert", None).await;
    let (client, to) = password_step(&app, &expert).await;
    assert_eq!(to, "/");
    assert_eq!(call(&app, &client, "my_messages", &[]).await.0, 404);
}

#[tokio::test]
async fn a_code_signs_in_once_and_a_recovery_code_once() {
    let app = mfa_app().await;
    let planner = app.create_user("mission_planner", None).await;
    let (client, _) = password_step(&app, &planner).await;
    let (secret, codes) = enrol(&app, &client).await;
    // Next time the password leads to the code.
    let (first, to) = password_step(&app, &planner).await;
    assert!(to.starts_with("/login/code?next="), "{to}");
    assert_eq!(call(&app, &first, "list_requests", &[]).await.0, 401);
    // The enrolment used this step's code; the next step's is accepted (a clock a little ahead).
    let code = code_at(&secret, now_step() + 1);
    let res = app
        .call(
            &first,
            "verify_second_factor",
            &[("code", &code), ("next", "/requests")],
        )
        .await;
    assert!(
        res.status().is_redirection() || res.status().is_success(),
        "{}",
        res.status()
    );
    assert!(res.headers().contains_key(SET_COOKIE), "a fresh session id");
    assert_eq!(call(&app, &first, "list_requests", &[]).await.0, 200);
    // The same code again, seen over a shoulder: refused.
    let (second, _) = password_step(&app, &planner).await;
    let (status, body) = call(&app, &second, "verify_second_factor", &[("code", &code)]).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(call(&app, &second, "list_requests", &[]).await.0, 401);
    // A recovery code works, once.
    let (status, _) = call(
        &app,
        &second,
        "verify_second_factor",
        &[("code", &codes[0])],
    )
    .await;
    assert!(status < 400, "{status}");
    assert_eq!(call(&app, &second, "list_requests", &[]).await.0, 200);
    let (third, _) = password_step(&app, &planner).await;
    let (status, _) = call(&app, &third, "verify_second_factor", &[("code", &codes[0])]).await;
    assert_eq!(status, 422);
    let (_, state) = call(&app, &second, "second_factor_status", &[]).await;
    assert_eq!(state["enrolled"], true);
    assert_eq!(state["recovery_codes_left"], 9);
}

#[tokio::test]
async fn the_second_step_has_its_own_attempt_limit() {
    let app = mfa_app().await;
    let planner = app.create_user("mission_planner", None).await;
    let (client, _) = password_step(&app, &planner).await;
    enrol(&app, &client).await;
    let (client, _) = password_step(&app, &planner).await;
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(
            call(&app, &client, "verify_second_factor", &[("code", "000000")])
                .await
                .0,
        );
    }
    assert_eq!(statuses, [422, 422, 422, 422, 422, 429]);
    // The limit is the account's: a new password step does not reset it.
    let (again, _) = password_step(&app, &planner).await;
    assert_eq!(
        call(&app, &again, "verify_second_factor", &[("code", "000000")])
            .await
            .0,
        429
    );
}

#[tokio::test]
async fn the_secretariat_resets_a_lost_factor_and_the_person_enrols_again() {
    let app = mfa_app().await;
    let admin = app.create_user("secretariat", None).await;
    let (admin_client, _) = password_step(&app, &admin).await;
    enrol(&app, &admin_client).await;
    let planner = app.create_user("mission_planner", None).await;
    let (planner_client, _) = password_step(&app, &planner).await;
    enrol(&app, &planner_client).await;
    let office = app.create_user("roster_manager", Some("CAN")).await;
    let (office_client, _) = password_step(&app, &office).await;
    enrol(&app, &office_client).await;
    let form = [("user_id", planner.id.as_str()), ("reason", "phone lost")];
    assert_eq!(
        call(&app, &office_client, "reset_second_factor", &form)
            .await
            .0,
        403
    );
    assert_eq!(
        call(&app, &app.client(), "reset_second_factor", &form)
            .await
            .0,
        401
    );
    let (_, users) = call(&app, &admin_client, "list_users", &[]).await;
    let row = users
        .as_array()
        .expect("users")
        .iter()
        .find(|u| u["id"] == planner.id.as_str())
        .cloned()
        .expect("planner");
    assert_eq!(row["second_factor"], true);
    assert_eq!(
        call(&app, &admin_client, "reset_second_factor", &form)
            .await
            .0,
        200
    );
    // The planner's sessions end; the next sign-in asks for a new enrolment.
    assert_eq!(
        call(&app, &planner_client, "list_requests", &[]).await.0,
        401
    );
    let (_, to) = password_step(&app, &planner).await;
    assert!(to.starts_with("/login/enrol"), "{to}");
    let audit = app::server::repo::audit::list(
        &app.db,
        &app::server::repo::audit::AuditFilter {
            action: Some("user.second_factor_reset".to_owned()),
            ..Default::default()
        },
        10,
        0,
    )
    .await
    .expect("audit");
    assert_eq!(audit.1, 1);
}

#[tokio::test]
async fn with_the_requirement_switched_off_the_sign_in_page_says_so() {
    let off = spawn_app().await;
    let (_, options) = call(&off, &off.client(), "sign_in_options", &[]).await;
    assert_eq!(options["second_factor_required"], false);
    let page = off
        .client()
        .get(off.url("/login"))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(page.contains("id=\"second-factor-off\""));
    let on = mfa_app().await;
    let page = on
        .client()
        .get(on.url("/login"))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(!page.contains("id=\"second-factor-off\""));
}

// The holes.

#[tokio::test]
async fn after_sign_in_a_return_path_that_leaves_the_site_goes_home() {
    let app = spawn_app().await;
    let user = app.create_user("secretariat", None).await;
    for (next, expected) in [
        ("/%09/evil.example/", "/"),
        ("/\t/evil.example/", "/"),
        ("/%5Cevil.example", "/"),
        ("/%2F%2Fevil.example", "/"),
        ("/%7F", "/"),
        ("/roster?q=tour%C3%A9", "/roster?q=tour%C3%A9"),
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
        // The whole answer arrives: its status, the session and where to go.
        assert!(
            res.status().is_redirection() || res.status().is_success(),
            "{next:?}: {}",
            res.status()
        );
        assert!(res.headers().contains_key(SET_COOKIE), "{next:?}");
        assert_eq!(location(&res), expected, "next={next:?}");
        res.text().await.expect("the body arrives whole");
    }
}

#[tokio::test]
async fn twelve_wrong_passwords_sent_at_once_are_mostly_refused_as_too_many() {
    let app = spawn_app().await;
    let target = app.create_user("secretariat", None).await;
    let url = app.url("/api/login");
    let mut all = tokio::task::JoinSet::new();
    for _ in 0..12 {
        let (client, url, email) = (app.client(), url.clone(), target.email.clone());
        all.spawn(async move {
            client
                .post(url)
                .form(&[("email", email.as_str()), ("password", "guessing guessing")])
                .send()
                .await
                .map(|r| r.status().as_u16())
                .unwrap_or(0)
        });
    }
    let statuses = all.join_all().await;
    let too_many = statuses.iter().filter(|s| **s == 429).count();
    let wrong = statuses.iter().filter(|s| **s == 401).count();
    assert!(too_many >= 7, "{statuses:?}");
    assert_eq!(too_many + wrong, 12, "{statuses:?}");
    assert!(wrong <= 5, "{statuses:?}");
}

#[tokio::test]
async fn a_made_up_invitation_link_is_refused_before_any_password_is_hashed() {
    let app = spawn_app_with(|c| {
        c.sign_in_burst = 5;
        c.sign_in_refill_seconds = 60;
    })
    .await;
    let client = app.client();
    let mut statuses = Vec::new();
    for _ in 0..8 {
        statuses.push(
            call(
                &app,
                &client,
                "accept_invitation",
                &[
                    ("token", "made-up"),
                    ("password", "a long enough password"),
                    ("confirm", "a long enough password"),
                ],
            )
            .await
            .0,
        );
    }
    // The link is looked at first; the address's budget then runs out.
    assert_eq!(&statuses[..5], &[409, 409, 409, 409, 409], "{statuses:?}");
    assert_eq!(statuses[7], 429, "{statuses:?}");
}

#[tokio::test]
async fn a_huge_page_number_is_refused_not_crashed_on() {
    let app = spawn_app().await;
    let admin = app.create_user("secretariat", None).await;
    let client = app.signed_in(&admin).await;
    for (name, form) in [
        ("import_history", vec![("page", "18446744073709551615")]),
        (
            "audit_log",
            vec![
                ("record_type", ""),
                ("record_id", ""),
                ("action", ""),
                ("from", ""),
                ("until", ""),
                ("page", "18446744073709551615"),
            ],
        ),
        ("outbox_page", vec![("page", "18446744073709551615")]),
    ] {
        let (status, body) = call(&app, &client, name, &form).await;
        assert_eq!(status, 422, "{name}: {body}");
        assert_eq!(body["Invalid"][0]["field"], "page", "{name}");
    }
    let (status, page) = call(
        &app,
        &client,
        "list_experts",
        &[("params[page]", "18446744073709551615")],
    )
    .await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["errors"][0]["field"], "page");
    let res = client
        .get(app.url("/roster?page=18446744073709551615"))
        .send()
        .await
        .expect("page");
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn a_body_too_large_is_413_and_one_that_is_not_text_is_400() {
    let app = spawn_app().await;
    let big = "x".repeat(2 << 20);
    let res = app
        .client()
        .post(app.url("/api/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("email=a%40example.org&password={big}"))
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), 413);
    let res = app
        .client()
        .post(app.url("/api/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(vec![b'e', b'=', 0xff, 0xfe, 0x80])
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), 400);
}

#[tokio::test]
async fn a_trailing_slash_leads_to_the_page_itself() {
    let app = spawn_app().await;
    let admin = app.create_user("secretariat", None).await;
    let client = app.signed_in(&admin).await;
    for (path, to) in [
        ("/roster/", "/roster"),
        ("/dashboard/", "/dashboard"),
        ("/admin/users/?x=1", "/admin/users?x=1"),
        ("/no-such-page/", "/no-such-page"),
    ] {
        let res = client.get(app.url(path)).send().await.expect("page");
        assert_eq!(res.status(), StatusCode::PERMANENT_REDIRECT, "{path}");
        assert_eq!(location(&res), to);
        let res = client.get(app.url(to)).send().await.expect("page");
        assert_ne!(res.status(), StatusCode::INTERNAL_SERVER_ERROR, "{to}");
    }
    let res = client
        .get(app.url("/no-such-page"))
        .send()
        .await
        .expect("page");
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn an_origin_with_another_scheme_or_port_is_another_site() {
    let app = spawn_app().await;
    let admin = app.create_user("secretariat", None).await;
    let client = app.signed_in(&admin).await;
    let https = app.address.replacen("http://", "https://", 1);
    let other_port = format!("{}1", app.address);
    for origin in [https.as_str(), other_port.as_str(), "null"] {
        let res = client
            .post(app.url("/api/list_users"))
            .header("origin", origin)
            .send()
            .await
            .expect("send");
        assert_eq!(res.status(), 403, "{origin}");
    }
    let res = client
        .post(app.url("/api/list_users"))
        .header("origin", app.address.clone())
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), 200);
}

async fn budget_statuses(app: &TestApp, forwarded: &str) -> Vec<u16> {
    let client = app.client();
    let mut statuses = Vec::new();
    for i in 0..4 {
        let email = format!("nobody{i}@example.org");
        statuses.push(
            client
                .post(app.url("/api/login"))
                .header("x-forwarded-for", forwarded)
                .form(&[("email", email.as_str()), ("password", "whatever whatever")])
                .send()
                .await
                .expect("send")
                .status()
                .as_u16(),
        );
    }
    statuses
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_has_its_own_sign_in_budget() {
    let limited = |c: &mut server::config::Config| {
        c.sign_in_burst = 2;
        c.sign_in_refill_seconds = 60;
    };
    let trusting = spawn_app_with(|c| {
        limited(c);
        c.trusted_proxies = "127.0.0.1/32".to_owned();
    })
    .await;
    assert_eq!(
        budget_statuses(&trusting, "198.51.100.1").await[3],
        429,
        "one client runs out"
    );
    assert_eq!(
        budget_statuses(&trusting, "198.51.100.2").await[0],
        401,
        "another client still has its budget"
    );
    // Without the setting the header is not believed: everyone shares the connection's budget.
    let plain = spawn_app_with(limited).await;
    assert_eq!(budget_statuses(&plain, "198.51.100.1").await[3], 429);
    assert_eq!(budget_statuses(&plain, "198.51.100.2").await[0], 429);
}
