//! `/health` tells a load balancer whether this instance can reach its database; `/metrics` tells
//! the operator's monitoring how the instance is doing, and nobody else anything.
use crate::helpers::{spawn_app, spawn_app_with};
use server::config::Secret;

#[tokio::test]
async fn metrics_are_absent_without_a_token_and_shown_only_to_its_holder() {
    let hidden = spawn_app().await;
    let res = hidden
        .client()
        .get(hidden.url("/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);

    let app =
        spawn_app_with(|c| c.metrics_token = Some(Secret("operator-token-0123".into()))).await;
    let admin = app.create_user("secretariat", None).await;
    let staff = app.signed_in(&admin).await;
    let stranger = app.client();
    let res = app
        .call(
            &stranger,
            "login",
            &[
                ("email", admin.email.as_str()),
                ("password", "not the password at all"),
            ],
        )
        .await;
    assert_eq!(res.status(), 401);
    // Made-up names and methods cannot grow the metrics: they fold into one label each.
    for name in ["made_up_0001", "made_up_0002"] {
        let _ = stranger
            .get(app.url(&format!("/api/{name}")))
            .send()
            .await
            .unwrap();
        let _ = app.call(&stranger, name, &[]).await;
    }
    let brew = reqwest::Method::from_bytes(b"BREW").unwrap();
    let _ = stranger
        .request(brew, app.url("/api/made_up_0003"))
        .send()
        .await
        .unwrap();
    // A person's session, however senior, does not open the operator's route.
    for (client, header) in [
        (&stranger, None),
        (&stranger, Some("Bearer operator-token-012")),
        (&stranger, Some("operator-token-0123")),
        (&staff, None),
    ] {
        let mut req = client.get(app.url("/metrics"));
        if let Some(h) = header {
            req = req.header("authorization", h);
        }
        let res = req.send().await.unwrap();
        assert_eq!(res.status(), 401, "{header:?}");
    }
    let res = stranger
        .get(app.url("/metrics"))
        .header("authorization", "Bearer operator-token-0123")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let text = res.text().await.unwrap();
    for expected in [
        "http_requests_total{method=\"POST\",route=\"/api/login\",status=\"401\"}",
        "http_request_duration_seconds_bucket{method=\"POST\",route=\"/api/login\"",
        "sign_in_failures_total{step=\"password\"}",
        "db_pool_connections{state=\"idle\"}",
        "db_pool_connections{state=\"in_use\"}",
        "outbox_messages{state=\"waiting\"}",
        "outbox_messages{state=\"failed\"}",
    ] {
        assert!(text.contains(expected), "{expected} missing from:\n{text}");
    }
    assert!(
        !text.contains("made_up") && !text.contains("BREW"),
        "{text}"
    );
    assert!(text.contains("route=\"/api/(unknown)\""), "{text}");
    // Counts and timings only: no address, name or search of anybody.
    assert!(!text.contains('@'), "{text}");
    assert!(!text.contains(&admin.email), "{text}");
}

#[tokio::test]
async fn health_answers_ok_when_the_database_answers() {
    let app = spawn_app().await;
    let res = app.client().get(app.url("/health")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn health_answers_unavailable_when_the_database_is_gone() {
    let app = spawn_app().await;
    app.db.clone().close().await.unwrap();
    let res = app.client().get(app.url("/health")).send().await.unwrap();
    assert_eq!(res.status(), 503);
}
