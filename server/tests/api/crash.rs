//! Crashes lose nothing: a server killed with SIGKILL in the middle of work leaves all of it or
//! none, and the next start says so.
use crate::{
    helpers::{ServerProcess, TestApp, TestDatabase, spawn_app_on},
    import::{checked, commit, csv, row, summary},
};
use app::server::entities::{audit_event, expert, import_batch};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
};
use std::{sync::Arc, time::Duration};

/// Enough rows for the commit to take a few seconds in a test build.
const ROWS: u32 = 20_000;

async fn canadian_experts(db: &sea_orm::DatabaseConnection) -> u64 {
    expert::Entity::find()
        .filter(expert::Column::MemberState.eq("CAN"))
        .count(db)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_upload_killed_while_committing_writes_nothing_and_shows_as_stopped_after_restart() {
    let database = Arc::new(TestDatabase::fresh().await);
    let setup = spawn_app_on(database.clone(), |_| {}).await;
    let office = setup.create_user("roster_manager", Some("CAN")).await;
    let rows: Vec<String> = (0..ROWS).map(row).collect();

    let first = ServerProcess::start(&database).await;
    let app = TestApp::of_process(&first, database.clone()).await;
    let client = app.signed_in(&office).await;
    let (id, view) = checked(&app, &client, "big.csv", csv(&rows)).await;
    assert_eq!(
        summary(&view),
        format!("created {ROWS}, updated 0, unchanged 0, rejected 0")
    );
    let res = app
        .call(&client, "commit_import", &[("id", id.as_str())])
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    // Kill once the commit is well under way.
    let mut percent = 0;
    for _ in 0..600 {
        let view: serde_json::Value = app
            .call(&client, "import_batch", &[("id", id.as_str())])
            .await
            .json()
            .await
            .unwrap();
        percent = view["percent"].as_u64().unwrap_or(0);
        assert_ne!(
            view["row"]["phase"], "committed",
            "the commit ended before it could be interrupted; give it more rows"
        );
        if percent >= 20 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(percent >= 20, "the commit never got under way");
    first.kill();

    let batch_id: uuid::Uuid = id.parse().unwrap();
    let stored = import_batch::Entity::find_by_id(batch_id)
        .one(&setup.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.phase, "committing", "the kill came after the commit");
    assert_eq!(
        canadian_experts(&setup.db).await,
        0,
        "part of the file was written"
    );

    // Time passes: the batch has been silent for longer than any running batch may be.
    let mut silent: import_batch::ActiveModel = stored.into();
    silent.updated_at = Set(chrono::Utc::now() - chrono::Duration::minutes(3));
    silent.update(&setup.db).await.unwrap();

    let second = ServerProcess::start(&database).await;
    let app = TestApp::of_process(&second, database.clone()).await;
    let client = app.signed_in(&office).await;
    let mut view = serde_json::Value::Null;
    for _ in 0..100 {
        view = app
            .call(&client, "import_batch", &[("id", id.as_str())])
            .await
            .json()
            .await
            .unwrap();
        if view["row"]["phase"] == "failed" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(view["row"]["phase"], "failed", "{view}");
    assert_eq!(view["running"], false);
    assert!(
        view["problem"]
            .as_str()
            .unwrap_or("")
            .contains("nothing of it was written"),
        "{view}"
    );
    assert_eq!(view["can_commit"], false);
    let stored = import_batch::Entity::find_by_id(batch_id)
        .one(&setup.db)
        .await
        .unwrap()
        .unwrap();
    assert!(stored.content.is_none(), "the stopped upload kept its file");
    assert_eq!(canadian_experts(&setup.db).await, 0);
    let commits = audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq("import.commit"))
        .count(&setup.db)
        .await
        .unwrap();
    assert_eq!(commits, 0);

    // The same file, uploaded again, goes in whole.
    let (again, _) = checked(&app, &client, "big.csv", csv(&rows)).await;
    let done = commit(&app, &client, &again).await;
    assert_eq!(done["row"]["phase"], "committed", "{done}");
    assert_eq!(canadian_experts(&setup.db).await, u64::from(ROWS));
}
