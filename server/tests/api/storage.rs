//! The database itself: foreign keys enforced, the audit log append-only, reference data loaded,
//! migrations applied once however many instances start together.
use crate::helpers::{TestDatabase, spawn_app, test_config};
use migrations::MigratorTrait;
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
use server::startup::Application;
use std::sync::Arc;

#[tokio::test]
async fn four_instances_started_at_once_on_a_fresh_database_all_come_up_and_migrate_once() {
    let database = Arc::new(TestDatabase::fresh().await);
    let mut starts = tokio::task::JoinSet::new();
    for _ in 0..4 {
        let url = database.url().to_owned();
        starts.spawn(async move { Application::build(test_config(&url)).await });
    }
    let mut instances = Vec::new();
    for started in starts.join_all().await {
        match started {
            Ok(app) => instances.push(app),
            Err(e) => panic!("an instance failed to start: {e:#}"),
        }
    }
    let db = instances[0].db().clone();
    let mut addresses = Vec::new();
    for app in instances {
        addresses.push(format!("http://127.0.0.1:{}", app.port()));
        tokio::spawn(async move {
            let _ = app.run_until_stopped().await;
        });
    }
    let client = reqwest::Client::new();
    for address in &addresses {
        let res = client
            .get(format!("{address}/health"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{address} is not ready");
    }
    let backend = db.get_database_backend();
    let row = db
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT COUNT(*), COUNT(DISTINCT version) FROM seaql_migrations",
        ))
        .await
        .unwrap()
        .unwrap();
    let (rows, distinct) = (
        row.try_get_by_index::<i64>(0).unwrap(),
        row.try_get_by_index::<i64>(1).unwrap(),
    );
    let expected = i64::try_from(migrations::Migrator::migrations().len()).unwrap();
    assert_eq!((rows, distinct), (expected, expected));
    // The reference data was loaded once, not once per instance.
    let countries = db
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT COUNT(*) FROM countries",
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(countries.try_get_by_index::<i64>(0).unwrap(), 249);
}

#[tokio::test]
async fn postgresql_sessions_plan_without_jit_compilation() {
    let app = spawn_app().await;
    if !app.database.is_postgres() {
        return;
    }
    let row = app
        .db
        .query_one_raw(Statement::from_string(
            DatabaseBackend::Postgres,
            "SHOW jit",
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.try_get_by_index::<String>(0).unwrap(), "off");
}

#[tokio::test]
async fn sqlite_enforces_foreign_keys_and_uses_wal() {
    let app = spawn_app().await;
    if app.database.is_postgres() {
        return;
    }
    let db = &app.db;
    let fk = db
        .query_one_raw(Statement::from_string(
            DatabaseBackend::Sqlite,
            "PRAGMA foreign_keys",
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(fk.try_get_by_index::<i32>(0).unwrap(), 1);
    let wal = db
        .query_one_raw(Statement::from_string(
            DatabaseBackend::Sqlite,
            "PRAGMA journal_mode",
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        wal.try_get_by_index::<String>(0).unwrap().to_lowercase(),
        "wal"
    );
}

#[tokio::test]
async fn a_session_cannot_point_at_a_missing_account() {
    let app = spawn_app().await;
    let backend = app.db.get_database_backend();
    let sql = match backend {
        DatabaseBackend::Postgres => {
            "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at) VALUES ('x', '00000000-0000-0000-0000-000000000001', now(), now())"
        }
        _ => {
            "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at) VALUES ('x', '00000000-0000-0000-0000-000000000001', '2026-01-01', '2026-01-01')"
        }
    };
    assert!(app.db.execute_unprepared(sql).await.is_err());
}

#[tokio::test]
async fn the_audit_log_cannot_be_rewritten() {
    let app = spawn_app().await;
    app.create_user("expert", None).await;
    assert!(
        app.db
            .execute_unprepared("UPDATE audit_events SET action = 'nothing'")
            .await
            .is_err()
    );
    assert!(
        app.db
            .execute_unprepared("DELETE FROM audit_events")
            .await
            .is_err()
    );
}

#[tokio::test]
async fn member_states_are_loaded_with_their_regions() {
    let app = spawn_app().await;
    let client = app.as_role("mission_planner", None).await;
    let list: serde_json::Value = app
        .call(&client, "list_countries", &[("region", "Africa")])
        .await
        .json()
        .await
        .unwrap();
    let rows = list["rows"].as_array().unwrap();
    assert!(rows.len() >= 50, "{}", rows.len());
    assert!(rows.iter().all(|r| r["region"] == "Africa"), "{list}");
}
