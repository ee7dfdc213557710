//! Sessions live in the database: they survive restarts, work across instances, and expire.
use crate::helpers::{spawn_app, spawn_app_on};
use app::server::entities::session;
use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};

#[tokio::test]
async fn a_session_made_on_one_instance_works_on_another() {
    let first = spawn_app().await;
    let user = first.create_user("secretariat", None).await;
    let client = first.signed_in(&user).await;
    let second = spawn_app_on(first.database.clone(), |_| {}).await;
    // The cookie jar is keyed by host, and both instances are on 127.0.0.1.
    let res = second.call(&client, "list_users", &[]).await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn a_session_survives_a_restart() {
    let first = spawn_app().await;
    let user = first.create_user("secretariat", None).await;
    let client = first.signed_in(&user).await;
    let database = first.database.clone();
    drop(first);
    let restarted = spawn_app_on(database, |_| {}).await;
    let res = restarted.call(&client, "current_user", &[]).await;
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["email"], user.email);
}

async fn age_sessions(app: &crate::helpers::TestApp, created_ago: Duration, seen_ago: Duration) {
    let now = Utc::now();
    session::Entity::update_many()
        .col_expr(session::Column::CreatedAt, Expr::value(now - created_ago))
        .col_expr(session::Column::LastSeenAt, Expr::value(now - seen_ago))
        .exec(&app.db)
        .await
        .unwrap();
}

#[tokio::test]
async fn an_idle_session_ends_and_its_row_is_removed() {
    let app = spawn_app().await;
    let user = app.create_user("secretariat", None).await;
    let client = app.signed_in(&user).await;
    age_sessions(&app, Duration::minutes(45), Duration::minutes(31)).await;
    let res = app.call(&client, "list_users", &[]).await;
    assert_eq!(res.status(), 401);
    assert_eq!(session::Entity::find().all(&app.db).await.unwrap().len(), 0);
}

#[tokio::test]
async fn a_busy_session_still_ends_at_the_absolute_limit() {
    let app = spawn_app().await;
    let user = app.create_user("secretariat", None).await;
    let client = app.signed_in(&user).await;
    age_sessions(
        &app,
        Duration::hours(12) + Duration::minutes(1),
        Duration::seconds(5),
    )
    .await;
    let res = app.call(&client, "list_users", &[]).await;
    assert_eq!(res.status(), 401);
}

#[tokio::test]
async fn an_active_session_records_when_it_was_last_used() {
    let app = spawn_app().await;
    let user = app.create_user("secretariat", None).await;
    let client = app.signed_in(&user).await;
    age_sessions(&app, Duration::minutes(10), Duration::minutes(10)).await;
    let res = app.call(&client, "list_users", &[]).await;
    assert_eq!(res.status(), 200);
    let row = session::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert!(Utc::now() - row.last_seen_at < Duration::minutes(1));
}

#[tokio::test]
async fn the_database_keeps_only_a_hash_of_the_session_token() {
    let app = spawn_app().await;
    let user = app.create_user("secretariat", None).await;
    let res = app.sign_in(&app.client(), &user).await;
    let cookie = res
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let token = cookie
        .split(';')
        .next()
        .unwrap()
        .split_once('=')
        .unwrap()
        .1
        .to_owned();
    let rows = session::Entity::find()
        .filter(session::Column::IdHash.eq(token.clone()))
        .all(&app.db)
        .await
        .unwrap();
    assert!(rows.is_empty(), "the raw token must not be stored");
    assert_eq!(session::Entity::find().all(&app.db).await.unwrap().len(), 1);
}
