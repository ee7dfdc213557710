//! `/health` tells a load balancer whether this instance can reach its database.
use crate::helpers::spawn_app;

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
