//! Retention and erasure: the secretariat erases a withdrawn expert on request, records past their
//! retention period are reduced by the upkeep, and the audit log keeps who, when and why, never
//! the erased values; nobody else can erase, and the log accepts no other change.
use crate::{
    concurrency::{count, no_errors, twenty_at_once},
    deployments::{answer, expert_account, offer, shortlisted},
    helpers::{TestApp, error_body, spawn_app},
    import::{checked, commit, csv, row},
    roster::{decide, nominate, nominee},
};
use app::{
    domain::retention::{ERASED, RetentionPeriod},
    server::{
        entities::{
            audit_event, deployment, expert, expert_nationality, import_batch,
            roster_status_change, vetting_check,
        },
        services::erasure,
    },
};
use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

/// What a nominee from [`nominee`] holds that must not survive an erasure.
const PERSONAL: &[&str] = &[
    "Aminata",
    "Touré",
    "1979-03-14",
    "+221771234567",
    "clinic report of Dr Diallo",
    "moved to Dakar",
];

async fn erase(
    app: &TestApp,
    client: &reqwest::Client,
    id: &str,
    reason: &str,
) -> (u16, serde_json::Value) {
    let (status, body) = error_body(
        app.call(
            client,
            "erase_expert",
            &[("id", id), ("reason", reason), ("confirm", "on")],
        )
        .await,
    )
    .await;
    (status.as_u16(), body)
}

fn uuid(id: &str) -> uuid::Uuid {
    uuid::Uuid::parse_str(id).expect("uuid")
}

async fn events_about(app: &TestApp, id: &str) -> Vec<audit_event::Model> {
    audit_event::Entity::find()
        .filter(audit_event::Column::RecordId.eq(id))
        .all(&app.db)
        .await
        .expect("audit events")
}

/// Everything stored about the expert that a person could read, as one text.
async fn stored_text(app: &TestApp, id: &str) -> String {
    let e = expert::Entity::find_by_id(uuid(id))
        .one(&app.db)
        .await
        .expect("read")
        .expect("the record is kept");
    let events = events_about(app, id).await;
    let reasons: Vec<String> = roster_status_change::Entity::find()
        .filter(roster_status_change::Column::ExpertId.eq(uuid(id)))
        .all(&app.db)
        .await
        .expect("history")
        .into_iter()
        .map(|c| c.reason)
        .collect();
    let notes: Vec<Option<String>> = vetting_check::Entity::find()
        .filter(vetting_check::Column::ExpertId.eq(uuid(id)))
        .all(&app.db)
        .await
        .expect("checks")
        .into_iter()
        .map(|c| c.note)
        .collect();
    format!("{e:?} {events:?} {reasons:?} {notes:?}")
}

async fn withdrawn_nominee(
    app: &TestApp,
    secretariat: &reqwest::Client,
    reference: &str,
    email: &str,
) -> String {
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let id = nominate(app, &canada, nominee(reference, email, &[])).await;
    assert!(
        decide(
            app,
            secretariat,
            &id,
            "withdrawn",
            "moved to Dakar, no longer available"
        )
        .await
        .is_success()
    );
    id
}

#[tokio::test]
async fn the_secretariat_erases_a_withdrawn_expert_on_request_and_only_who_when_and_why_remain() {
    let app = spawn_app().await;
    let staff = app.create_user("secretariat", None).await;
    let secretariat = app.signed_in(&staff).await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let france = app.as_role("roster_manager", Some("FRA")).await;
    let planner = app.as_role("mission_planner", None).await;
    let id = nominate(&app, &canada, nominee("CAN-E1", "erase@example.org", &[])).await;
    let own = expert_account(&app, &id).await;
    let res = app
        .call(
            &secretariat,
            "record_check",
            &[
                ("id", &id),
                ("kind", "medical"),
                ("status", "passed"),
                ("done_on", "2026-10-01"),
                ("expires_on", "2027-10-01"),
                ("note", "clinic report of Dr Diallo"),
            ],
        )
        .await;
    assert!(res.status().is_success(), "{}", res.status());

    // On the roster, the record is not erased: withdrawing first releases offers and bookings.
    let (status, body) = erase(&app, &secretariat, &id, "request by e-mail of 2 Dec").await;
    assert_eq!(status, 409, "{body}");
    assert!(body.to_string().contains("withdraw"), "{body}");
    assert!(
        decide(
            &app,
            &secretariat,
            &id,
            "withdrawn",
            "moved to Dakar, no longer available"
        )
        .await
        .is_success()
    );

    // Nobody else erases: the nominating office is refused, another office and a planner do
    // not learn the record exists, an expert and an anonymous caller are turned away.
    assert_eq!(erase(&app, &canada, &id, "asked").await.0, 403);
    assert_eq!(erase(&app, &france, &id, "asked").await.0, 404);
    assert_eq!(erase(&app, &planner, &id, "asked").await.0, 404);
    assert_eq!(erase(&app, &own, &id, "asked").await.0, 403);
    assert_eq!(erase(&app, &app.client(), &id, "asked").await.0, 401);
    // A reason and the confirmation are required, each named.
    let (status, body) = erase(&app, &secretariat, &id, "  ").await;
    assert_eq!(
        (status, body["Invalid"][0]["field"].as_str()),
        (422, Some("reason")),
        "{body}"
    );
    let (status, body) = error_body(
        app.call(
            &secretariat,
            "erase_expert",
            &[("id", &id), ("reason", "asked")],
        )
        .await,
    )
    .await;
    assert_eq!(status.as_u16(), 422, "{body}");
    assert!(body.to_string().contains("confirm"), "{body}");
    // Nothing was changed by the refusals.
    assert!(stored_text(&app, &id).await.contains("Aminata"));
    // An upload the office made keeps a rejected row of the person (and one of someone else).
    let rows = [
        "CAN-E1,Zainab,Kamara,,female,1979-03-14,SEN,not-an-address,,17,prosecutor,,fr:C2,3,,"
            .to_owned(),
        "CAN-E9,Ngozi,Okafor,,female,1981-05-02,NGA,also-not-an-address,,12,prosecutor,,en:C2,3,,"
            .to_owned(),
        row(9),
    ];
    let (batch, _) = checked(&app, &canada, "update.csv", csv(&rows)).await;
    assert_eq!(
        commit(&app, &canada, &batch).await["row"]["phase"],
        "committed"
    );
    let report = report_text(&app, &batch).await;
    assert!(
        report.contains("Zainab") && report.contains("Ngozi"),
        "{report}"
    );

    let reason = "request by e-mail of 2 Dec 2026, ticket 4411";
    let (status, body) = erase(&app, &secretariat, &id, reason).await;
    assert!(status < 400, "{status} {body}");

    // Gone from every door.
    let (status, _) = error_body(app.call(&secretariat, "get_expert", &[("id", &id)]).await).await;
    assert_eq!(status.as_u16(), 404);
    let (_, list) = error_body(app.call(&secretariat, "list_experts", &[]).await).await;
    assert!(!list.to_string().contains(&id), "{list}");
    assert_eq!(erase(&app, &secretariat, &id, reason).await.0, 404);
    // The person's own session ended with the account.
    assert_eq!(
        app.call(&own, "my_portal", &[]).await.status().as_u16(),
        401
    );

    // No personal value is left in the record, its history, its checks or the audit log.
    let text = stored_text(&app, &id).await;
    for value in PERSONAL.iter().chain(&["erase@example.org", "CAN-E1"]) {
        assert!(!text.contains(value), "{value} survived: {text}");
    }
    let left = expert_nationality::Entity::find()
        .filter(expert_nationality::Column::ExpertId.eq(uuid(&id)))
        .count(&app.db)
        .await
        .expect("count");
    assert_eq!(left, 0);
    let events = events_about(&app, &id).await;
    let erased: Vec<_> = events
        .iter()
        .filter(|e| e.action == "expert.erased")
        .collect();
    assert_eq!(erased.len(), 1, "{events:?}");
    let event = erased[0];
    assert_eq!(
        event.actor_user_id.map(|u| u.to_string()),
        Some(staff.id.clone())
    );
    let after = event.after.clone().expect("what was erased");
    assert_eq!(after["erasure"], "request");
    assert_eq!(after["reason"], reason);
    assert!(
        after["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .any(|f| f == "email")
    );
    // Every earlier event is redacted, and still says who did what, when.
    for e in events.iter().filter(|e| e.action != "expert.erased") {
        assert!(e.redacted_at.is_some(), "{e:?}");
    }
    assert!(events.iter().any(|e| e.action == "expert.status"));
    assert!(text.contains(ERASED));
    // The upload's report forgot the person's row and kept the other one.
    let report = report_text(&app, &batch).await;
    assert!(
        !report.contains("Zainab") && !report.contains("CAN-E1"),
        "{report}"
    );
    assert!(report.contains("Ngozi"), "{report}");
}

async fn report_text(app: &TestApp, batch: &str) -> String {
    let stored = import_batch::Entity::find_by_id(uuid(batch))
        .one(&app.db)
        .await
        .expect("read")
        .expect("the batch");
    format!("{:?}", stored.report)
}

#[tokio::test]
async fn the_audit_log_takes_one_redaction_and_no_other_change() {
    let app = spawn_app().await;
    let secretariat = app.as_role("secretariat", None).await;
    let id = withdrawn_nominee(&app, &secretariat, "CAN-E2", "log@example.org").await;
    let sql = |q: String| {
        let db = app.db.clone();
        async move { db.execute_unprepared(&q).await }
    };
    // Before any erasure: rewriting or deleting an event is refused by the database itself.
    assert!(
        sql(format!(
            "UPDATE audit_events SET action = 'x' WHERE record_id = '{id}'"
        ))
        .await
        .is_err()
    );
    assert!(
        sql(format!("DELETE FROM audit_events WHERE record_id = '{id}'"))
            .await
            .is_err()
    );
    // Redaction alone, without marking the event redacted, is refused too.
    assert!(
        sql(format!(
            "UPDATE audit_events SET after = NULL WHERE record_id = '{id}'"
        ))
        .await
        .is_err()
    );

    let (status, body) = erase(&app, &secretariat, &id, "asked in person").await;
    assert!(status < 400, "{status} {body}");
    // A redacted event is not redacted again, nor changed in any other way.
    assert!(sql(format!("UPDATE audit_events SET after = NULL, redacted_at = redacted_at WHERE record_id = '{id}' AND redacted_at IS NOT NULL")).await.is_err());
    assert!(
        sql(format!(
            "UPDATE audit_events SET actor_user_id = NULL WHERE record_id = '{id}'"
        ))
        .await
        .is_err()
    );
    assert!(
        sql(format!("DELETE FROM audit_events WHERE record_id = '{id}'"))
            .await
            .is_err()
    );
    let kept = audit_event::Entity::find()
        .filter(audit_event::Column::RecordId.eq(id.as_str()))
        .count(&app.db)
        .await
        .expect("count");
    assert!(kept >= 3, "{kept}");
}

#[tokio::test]
async fn records_off_the_roster_past_the_retention_period_are_reduced_and_no_others() {
    let app = spawn_app().await;
    let secretariat = app.as_role("secretariat", None).await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let gone = withdrawn_nominee(&app, &secretariat, "CAN-R1", "r1@example.org").await;
    let staying = nominate(&app, &canada, nominee("CAN-R2", "r2@example.org", &[])).await;
    let rows = [
        "CAN-R9,Zainab,Kamara,,female,1979-03-14,SEN,not-an-address,,17,prosecutor,,fr:C2,3,,"
            .to_owned(),
    ];
    let (batch, _) = checked(&app, &canada, "rejected.csv", csv(&rows)).await;
    // An expert who declined an offer: kept until the period has passed since the offer's end.
    let o = shortlisted(&app).await;
    let offered = offer(&app, &o).await;
    let own = expert_account(&app, &o.expert).await;
    assert_eq!(answer(&app, &own, &offered, "decline").await, 200);
    assert!(
        decide(
            &app,
            &o.secretariat,
            &o.expert,
            "withdrawn",
            "left the service"
        )
        .await
        .is_success()
    );
    let ends_on = deployment::Entity::find()
        .filter(deployment::Column::ExpertId.eq(uuid(&o.expert)))
        .one(&app.db)
        .await
        .expect("read")
        .expect("the offer")
        .ends_on;

    let period = RetentionPeriod::default();
    let now = Utc::now();
    let today = now.date_naive();
    // Within the period nothing is touched.
    assert_eq!(
        erasure::reduce_due(&app.db, period, today, now)
            .await
            .expect("pass"),
        0
    );
    // Two years on, the withdrawn nominee goes; the one on the roster and the one whose offer
    // ended later stay.
    let later = today + Duration::days(i64::from(period.days()));
    assert_eq!(
        erasure::reduce_due(&app.db, period, later, now)
            .await
            .expect("pass"),
        1
    );
    let is_erased = |id: String| {
        let db = app.db.clone();
        async move {
            expert::Entity::find_by_id(uuid(&id))
                .one(&db)
                .await
                .expect("read")
                .expect("kept")
                .erased_at
                .is_some()
        }
    };
    assert!(is_erased(gone.clone()).await);
    assert!(!is_erased(staying.clone()).await);
    assert!(
        report_text(&app, &batch).await.contains("Zainab"),
        "an upload of today keeps its report"
    );
    assert!(!is_erased(o.expert.clone()).await);
    let text = stored_text(&app, &gone).await;
    for value in PERSONAL.iter().chain(&["r1@example.org", "CAN-R1"]) {
        assert!(!text.contains(value), "{value} survived: {text}");
    }
    let event = events_about(&app, &gone)
        .await
        .into_iter()
        .find(|e| e.action == "expert.erased")
        .expect("the reduction is audited");
    assert_eq!(event.actor_user_id, None);
    assert_eq!(event.after.expect("after")["erasure"], "retention");

    // Once the period has passed since the offer's last day, that expert goes too; a pass run
    // twice changes nothing more.
    let after_offer = ends_on + Duration::days(i64::from(period.days()) + 1);
    assert_eq!(
        erasure::reduce_due(&app.db, period, after_offer, now)
            .await
            .expect("pass"),
        1
    );
    assert!(is_erased(o.expert.clone()).await);
    // The upload ended more than the period ago: its report, with the rejected row, went.
    assert_eq!(report_text(&app, &batch).await, "None");
    assert_eq!(
        erasure::reduce_due(&app.db, period, after_offer, now)
            .await
            .expect("pass"),
        0
    );
    assert!(!is_erased(staying).await);
}

#[tokio::test]
async fn twenty_erasures_of_one_expert_at_once_make_one_erasure_and_no_error() {
    let app = spawn_app().await;
    let secretariat = app.as_role("secretariat", None).await;
    let id = withdrawn_nominee(&app, &secretariat, "CAN-E3", "twenty@example.org").await;
    let form = [
        ("id", id.as_str()),
        ("reason", "asked by letter"),
        ("confirm", "on"),
    ];
    let statuses = twenty_at_once(&app, &secretariat, "erase_expert", &form).await;
    no_errors("erasures", &statuses);
    let done = statuses.iter().filter(|s| **s < 400).count();
    assert_eq!((done, count(&statuses, 404)), (1, 19), "{statuses:?}");
    let events = events_about(&app, &id).await;
    assert_eq!(
        events
            .iter()
            .filter(|e| e.action == "expert.erased")
            .count(),
        1,
        "{events:?}"
    );
}
