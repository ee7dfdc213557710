//! The database itself: foreign keys enforced, the audit log append-only, reference data loaded.
use crate::helpers::spawn_app;
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};

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
