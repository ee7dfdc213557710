//! The command line: `create-admin` reads the password from standard input when it is not a terminal.
use crate::{
    helpers::{TestDatabase, spawn_app, spawn_app_on},
    matching::file_draft,
    roster::{nominate, nominee},
};
use sea_orm::{ConnectionTrait, Statement};
use std::{
    io::Write,
    process::{Command, Output, Stdio},
    sync::Arc,
};

fn run(db: &TestDatabase, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
        .args(args)
        .env("DATABASE_URL", db.url())
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the server binary");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[tokio::test]
async fn create_admin_makes_a_secretariat_account_that_can_sign_in() {
    let db = Arc::new(TestDatabase::fresh().await);
    let out = run(
        &db,
        &[
            "create-admin",
            "--email",
            "Chief@Example.org",
            "--name",
            "Chief of Roster",
        ],
        "a strong enough password\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let app = spawn_app_on(db.clone(), |_| {}).await;
    let client = app.client();
    let res = app
        .call(
            &client,
            "login",
            &[
                ("email", "chief@example.org"),
                ("password", "a strong enough password"),
            ],
        )
        .await;
    assert!(
        res.headers().get("set-cookie").is_some(),
        "{}",
        res.status()
    );
    let me: serde_json::Value = app
        .call(&client, "current_user", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["role"], "secretariat");
}

#[tokio::test]
async fn create_admin_refuses_a_weak_password_and_a_taken_email() {
    let db = TestDatabase::fresh().await;
    let out = run(
        &db,
        &["create-admin", "--email", "chief@example.org"],
        "short\n",
    );
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("password"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ok = run(
        &db,
        &["create-admin", "--email", "chief@example.org"],
        "a strong enough password\n",
    );
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let again = run(
        &db,
        &["create-admin", "--email", "chief@example.org"],
        "a strong enough password\n",
    );
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("email"));
}

#[tokio::test]
async fn migrate_and_seed_demo_can_run_twice() {
    let db = Arc::new(TestDatabase::fresh().await);
    assert!(run(&db, &["migrate"], "").status.success());
    assert!(run(&db, &["migrate"], "").status.success());
    let first = run(&db, &["seed-demo"], "");
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let second = run(&db, &["seed-demo"], "");
    let text = String::from_utf8_lossy(&second.stdout);
    assert!(text.contains("created 0"), "{text}");
    let app = spawn_app_on(db.clone(), |_| {}).await;
    let admin = app.client();
    let res = app
        .call(
            &admin,
            "login",
            &[
                ("email", "secretariat@demo.blue-suits.org"),
                ("password", server::seed::DEMO_PASSWORD),
            ],
        )
        .await;
    assert!(res.headers().get("set-cookie").is_some());
    let users: Vec<serde_json::Value> = app
        .call(&admin, "list_users", &[])
        .await
        .json()
        .await
        .unwrap();
    let managers = users
        .iter()
        .filter(|u| u["role"] == "roster_manager")
        .count();
    let planners = users
        .iter()
        .filter(|u| u["role"] == "mission_planner")
        .count();
    assert!(managers >= 40, "{managers}");
    assert_eq!(planners, 2);
}

/// The ids in one table of a database, sorted.
async fn ids(db: &sea_orm::DatabaseConnection, table: &str) -> Vec<String> {
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            format!("SELECT id FROM {table}"),
        ))
        .await
        .unwrap();
    let mut ids: Vec<String> = rows
        .iter()
        .map(|r| r.try_get_by_index::<uuid::Uuid>(0).unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

#[tokio::test]
async fn a_backup_taken_while_offices_write_restores_every_expert_request_and_audit_event() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("nested").join("backup.db");
    let copy_arg = copy.to_str().unwrap().to_owned();
    if app.database.is_postgres() {
        let out = run(&app.database, &["backup", "--to", &copy_arg], "");
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("pg_dump"));
        return;
    }
    let office_user = app.create_user("roster_manager", Some("CAN")).await;
    let office = app.signed_in(&office_user).await;
    for i in 0..3 {
        nominate(
            &app,
            &office,
            nominee(&format!("CAN-{i}"), &format!("b{i}@example.org"), &[]),
        )
        .await;
    }
    let planner = app.as_role("mission_planner", None).await;
    let request = file_draft(&app, &planner, "standard").await;
    let before = (
        ids(&app.db, "experts").await,
        ids(&app.db, "mission_requests").await,
        ids(&app.db, "audit_events").await,
    );
    // An office keeps nominating while the copy is taken.
    let (writer_app, writer_client) = (app.address.clone(), office.clone());
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stop_writer = stop.clone();
    let writer = tokio::spawn(async move {
        let mut i = 100;
        while !stop_writer.load(std::sync::atomic::Ordering::Relaxed) {
            i += 1;
            let mut body: Vec<(String, String)> = vec![
                ("id".into(), String::new()),
                ("version".into(), String::new()),
                ("member_state".into(), String::new()),
            ];
            body.extend(nominee(
                &format!("CAN-{i}"),
                &format!("b{i}@example.org"),
                &[],
            ));
            let _ = writer_client
                .post(format!("{writer_app}/api/save_expert"))
                .form(&body)
                .send()
                .await;
        }
    });
    let out = tokio::task::spawn_blocking({
        let database = app.database.clone();
        move || run(&database, &["backup", "--to", &copy_arg], "")
    })
    .await
    .unwrap();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    writer.await.unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("backed up to"));
    // A second backup never overwrites the first.
    let again = run(
        &app.database,
        &["backup", "--to", copy.to_str().unwrap()],
        "",
    );
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));

    let restored_db = Arc::new(TestDatabase::Sqlite {
        url: format!("sqlite://{}?mode=rw", copy.display()),
        _dir: dir,
    });
    let restored = spawn_app_on(restored_db, |_| {}).await;
    let after = (
        ids(&restored.db, "experts").await,
        ids(&restored.db, "mission_requests").await,
        ids(&restored.db, "audit_events").await,
    );
    for id in &before.0 {
        assert!(after.0.contains(id), "expert {id} is missing from the copy");
    }
    assert_eq!(before.1, after.1);
    for id in &before.2 {
        assert!(
            after.2.contains(id),
            "audit event {id} is missing from the copy"
        );
    }
    // The copy is one moment: every expert in it has its nomination's audit event, and no more.
    let nominated = restored
        .db
        .query_one_raw(Statement::from_string(
            restored.db.get_database_backend(),
            "SELECT COUNT(DISTINCT record_id) FROM audit_events WHERE action = 'expert.nominate'",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<i64>(0)
        .unwrap();
    assert_eq!(usize::try_from(nominated).unwrap(), after.0.len());
    // The restored server serves the copy: the office signs in and finds its nominees.
    let office = restored.signed_in(&office_user).await;
    let res = restored
        .call(&office, "get_request", &[("id", request.as_str())])
        .await;
    assert_eq!(
        res.status(),
        403,
        "an office may not read a planner's request"
    );
    let list: serde_json::Value = restored
        .call(&office, "list_experts", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], serde_json::json!(after.0.len()), "{list}");
    assert!(list.to_string().contains(&before.0[0]), "{list}");
}
