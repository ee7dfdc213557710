//! Crashes lose nothing: a server killed with SIGKILL in the middle of work leaves all of it or
//! none, and the next start says so.
use crate::{
    deployments::{expert_account, open_request_for},
    helpers::{ServerProcess, TestApp, TestDatabase, spawn_app_on},
    import::{checked, commit, csv, row, summary},
    roster::{nominate, nominee, vet},
};
use app::server::entities::{
    audit_event, deployment, deployment_step, expert, import_batch, notification,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
};
use std::{sync::Arc, time::Duration};

/// The largest file the format allows (`MAX_ROWS`).
const ROWS: u32 = 100_000;

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
    for _ in 0..6_000 {
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

/// Fifty experts each holding an offer for one of the fifty seats of one position.
const OFFERS: usize = 50;

#[tokio::test]
async fn answers_cut_off_by_a_kill_are_each_recorded_whole_or_not_at_all() {
    let database = Arc::new(TestDatabase::fresh().await);
    let setup = spawn_app_on(database.clone(), |_| {}).await;
    let secretariat = setup.as_role("secretariat", None).await;
    let canada = setup.as_role("roster_manager", Some("CAN")).await;
    let mut experts = Vec::new();
    for i in 0..OFFERS {
        let days = i64::try_from(i).unwrap() * 40;
        let born = (chrono::NaiveDate::from_ymd_opt(1960, 1, 1).unwrap()
            + chrono::Duration::days(days))
        .to_string();
        let id = nominate(
            &setup,
            &canada,
            nominee(
                &format!("CAN-{i}"),
                &format!("k{i}@example.org"),
                &[("date_of_birth", born.as_str())],
            ),
        )
        .await;
        vet(&setup, &secretariat, &id).await;
        experts.push(id);
    }
    let planner = setup.as_role("mission_planner", None).await;
    let (request, position) = open_request_for(&setup, &planner, 50).await;
    let res = setup
        .call(&planner, "save_shortlist", &[("id", request.as_str())])
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    let mut answers = Vec::new();
    for expert in &experts {
        let res = setup
            .call(
                &planner,
                "make_offer",
                &[
                    ("id", request.as_str()),
                    ("position_id", position.as_str()),
                    ("expert_id", expert.as_str()),
                    ("answer_within_hours", "48"),
                ],
            )
            .await;
        let status = res.status();
        let body: serde_json::Value = res.json().await.unwrap();
        assert!(status.is_success(), "{status} {body}");
        let offer = body.as_str().unwrap().to_owned();
        // Sessions live in the database: the expert's cookie works on any instance.
        answers.push((offer, expert_account(&setup, expert).await));
    }

    let process = ServerProcess::start(&database).await;
    let address = process.address.clone();
    let mut burst = tokio::task::JoinSet::new();
    for (offer, client) in answers.clone() {
        let address = address.clone();
        burst.spawn(async move {
            let res = client
                .post(format!("{address}/api/answer_offer"))
                .form(&[("id", offer.as_str()), ("answer", "accept"), ("reason", "")])
                .send()
                .await;
            (offer, res.map(|r| r.status().as_u16()).ok())
        });
    }
    // Ten answers through, then the kill: the others are queued, in flight or half-done.
    let mut outcomes = Vec::new();
    while outcomes.len() < 10 {
        outcomes.push(burst.join_next().await.unwrap().unwrap());
    }
    process.kill();
    outcomes.extend(burst.join_all().await);

    let mut accepted = 0u64;
    for (offer, status) in &outcomes {
        let id: uuid::Uuid = offer.parse().unwrap();
        let d = deployment::Entity::find_by_id(id)
            .one(&setup.db)
            .await
            .unwrap()
            .unwrap();
        let steps = deployment_step::Entity::find()
            .filter(deployment_step::Column::DeploymentId.eq(id))
            .filter(deployment_step::Column::ToState.eq("accepted"))
            .count(&setup.db)
            .await
            .unwrap();
        let audited = audit_event::Entity::find()
            .filter(audit_event::Column::Action.eq("deployment.accept"))
            .filter(audit_event::Column::RecordId.eq(offer.as_str()))
            .count(&setup.db)
            .await
            .unwrap();
        match d.state.as_str() {
            "accepted" => {
                accepted += 1;
                assert!(
                    d.answered_at.is_some(),
                    "{offer}: accepted without its time"
                );
                assert_eq!((steps, audited), (1, 1), "{offer}: accepted in part");
            }
            "offered" => {
                assert!(d.answered_at.is_none(), "{offer}: half an answer");
                assert_eq!(
                    (steps, audited),
                    (0, 0),
                    "{offer}: traces of an answer not made"
                );
                assert_ne!(*status, Some(200), "{offer}: answered yes, then lost");
            }
            other => panic!("{offer}: {other}"),
        }
    }
    assert!(accepted >= 10, "answers given were not kept");
    eprintln!("{accepted} of {OFFERS} answers were kept when the server was killed");
    let told = notification::Entity::find()
        .filter(notification::Column::Kind.eq("offer_answered"))
        .count(&setup.db)
        .await
        .unwrap();
    assert_eq!(
        told, accepted,
        "the planner is told once of each answer kept"
    );

    // After a restart every offer still open can be answered, and every seat is taken once.
    let process = ServerProcess::start(&database).await;
    for (offer, client) in &answers {
        let res = client
            .post(format!("{}/api/answer_offer", process.address))
            .form(&[("id", offer.as_str()), ("answer", "accept"), ("reason", "")])
            .send()
            .await
            .unwrap();
        assert!(
            res.status() == 200 || res.status() == 409,
            "{offer}: {}",
            res.status()
        );
    }
    let taken = deployment::Entity::find()
        .filter(deployment::Column::PositionId.eq(position.parse::<uuid::Uuid>().unwrap()))
        .filter(deployment::Column::State.eq("accepted"))
        .count(&setup.db)
        .await
        .unwrap();
    assert_eq!(taken, u64::try_from(OFFERS).unwrap());
}

/// A mail server on loopback that takes each message after `delay` and records its Message-ID,
/// only once it has said it took it (a "250" written), as a real server takes responsibility.
async fn mail_sink(delay: Duration) -> (String, Arc<std::sync::Mutex<Vec<String>>>) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("smtp://{}", listener.local_addr().unwrap());
    let taken = Arc::new(std::sync::Mutex::new(Vec::new()));
    let record = taken.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let record = record.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                if write.write_all(b"220 sink ESMTP\r\n").await.is_err() {
                    return;
                }
                while let Ok(Some(line)) = lines.next_line().await {
                    let verb = line.to_ascii_uppercase();
                    let reply: &[u8] = if verb.starts_with("EHLO") || verb.starts_with("HELO") {
                        b"250-sink\r\n250 OK\r\n"
                    } else if verb.starts_with("DATA") {
                        if write.write_all(b"354 go on\r\n").await.is_err() {
                            return;
                        }
                        let mut id = String::new();
                        while let Ok(Some(l)) = lines.next_line().await {
                            if l == "." {
                                break;
                            }
                            if l.to_ascii_lowercase().starts_with("message-id:") {
                                id = l["message-id:".len()..].trim().to_owned();
                            }
                        }
                        tokio::time::sleep(delay).await;
                        if write.write_all(b"250 taken\r\n").await.is_err() {
                            return;
                        }
                        record.lock().unwrap().push(id);
                        continue;
                    } else if verb.starts_with("QUIT") {
                        let _ = write.write_all(b"221 bye\r\n").await;
                        return;
                    } else {
                        b"250 OK\r\n"
                    };
                    if write.write_all(reply).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (url, taken)
}

#[tokio::test]
async fn a_server_killed_while_sending_mail_loses_no_message_and_a_repeat_carries_the_same_message_id()
 {
    use app::server::{
        repo::notifications::{NewNotification, enqueue},
        services::notifications::deliver_due,
    };
    const MESSAGES: usize = 30;
    let database = Arc::new(TestDatabase::fresh().await);
    let setup = spawn_app_on(database.clone(), |_| {}).await;
    let now = chrono::Utc::now();
    for i in 0..MESSAGES {
        enqueue(
            &setup.db,
            NewNotification {
                recipient_user_id: None,
                recipient_expert_id: None,
                email: format!("person{i}@example.org"),
                kind: "invitation",
                subject: format!("Message {i}"),
                body: "Follow the link to create your account.".to_owned(),
                dedup_key: None,
                invitation_id: None,
            },
            now,
        )
        .await
        .unwrap();
    }
    let (url, taken) = mail_sink(Duration::from_millis(150)).await;
    let from = "Blue Suits <roster@bluesuits.example>";
    let first = ServerProcess::start_with(
        &database,
        &[
            ("BLUE_SUITS_SMTP_URL", url.as_str()),
            ("BLUE_SUITS_MAIL_FROM", from),
        ],
    )
    .await;
    // Killed mid-way through the first delivery run.
    for _ in 0..400 {
        if taken.lock().unwrap().len() >= 8 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    first.kill();
    let before_restart = taken.lock().unwrap().len();
    assert!(
        (8..MESSAGES).contains(&before_restart),
        "{before_restart} taken before the kill"
    );

    // What the dead instance had claimed waits out its lease (5 minutes), then any instance
    // sends it: here delivery runs as it would six minutes on.
    let mailer = server::mailer::SmtpMailer::new(&url, from).unwrap();
    let later = chrono::Utc::now() + chrono::Duration::minutes(6);
    for _ in 0..5 {
        deliver_due(&setup.db, &mailer, later).await.unwrap();
    }
    let rows = notification::Entity::find().all(&setup.db).await.unwrap();
    assert_eq!(rows.len(), MESSAGES);
    assert!(rows.iter().all(|n| n.sent_at.is_some()), "{rows:?}");

    // None lost: each message reached the mail server under its own id. At most the one in
    // flight at the kill went twice, and its copy carries the same Message-ID, so mail systems
    // show it once.
    let taken = taken.lock().unwrap().clone();
    let distinct: std::collections::HashSet<&String> = taken.iter().collect();
    let expected: std::collections::HashSet<String> =
        rows.iter().map(|n| mailer.message_id(n.id)).collect();
    assert_eq!(distinct.len(), MESSAGES, "{taken:?}");
    assert!(
        distinct.iter().all(|id| expected.contains(*id)),
        "{taken:?}"
    );
    assert!(
        taken.len() <= MESSAGES + 1,
        "{} copies: {taken:?}",
        taken.len()
    );
}
