//! The command line: `create-admin` reads the password from standard input when it is not a terminal.
use crate::helpers::{TestDatabase, spawn_app_on};
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
