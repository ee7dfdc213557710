//! The notification outbox: delivery with back-off and giving up, one send per message when two
//! instances deliver at once, nothing attempted without a mail server, reminders queued once, and
//! the outbox page for the secretariat only.
use crate::{
    helpers::{TestApp, error_body, spawn_app},
    roster::{nominate, nominee, vet},
};
use app::{
    domain::{
        ids::{ExpertId, UserId},
        outbox::{self, MAX_ATTEMPTS},
        vetting::CheckKind,
    },
    server::{
        entities::{expert, notification, vetting_check},
        repo::{
            deployments::link_account,
            notifications::{NewNotification, enqueue},
        },
        services::notifications::{BoxFuture, Mailer, deliver_due, queue_reminders},
    },
};
use chrono::{DateTime, Duration, SubsecRound, Utc};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, sea_query::Expr};
use std::{
    collections::HashSet,
    sync::{
        Mutex,
        atomic::{AtomicUsize, Ordering},
    },
};

/// Whole seconds, so that times read back from either database compare equal.
fn start() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(0)
}

fn message(email: &str, dedup_key: Option<&str>) -> NewNotification {
    NewNotification {
        recipient_user_id: None,
        recipient_expert_id: None,
        email: email.to_owned(),
        kind: "invitation",
        subject: "You are invited to Blue Suits".to_owned(),
        body: "Follow the link to create your account.".to_owned(),
        dedup_key: dedup_key.map(str::to_owned),
        invitation_id: None,
    }
}

async fn queue(app: &TestApp, email: &str, now: DateTime<Utc>) {
    enqueue(&app.db, message(email, None), now)
        .await
        .expect("enqueue");
}

async fn row_for(app: &TestApp, email: &str) -> notification::Model {
    notification::Entity::find()
        .filter(notification::Column::Email.eq(email))
        .one(&app.db)
        .await
        .expect("query")
        .expect("queued message")
}

/// Fails the first attempt to each address, then delivers.
#[derive(Default)]
struct FlakyMailer {
    tried: Mutex<HashSet<String>>,
    delivered: AtomicUsize,
}

impl Mailer for FlakyMailer {
    fn send<'a>(
        &'a self,
        to: &'a str,
        _subject: &'a str,
        _body: &'a str,
    ) -> BoxFuture<'a, Result<(), String>> {
        Box::pin(async move {
            let first = self.tried.lock().expect("lock").insert(to.to_owned());
            if first {
                Err("421 4.3.2 service not available, try again later".to_owned())
            } else {
                self.delivered.fetch_add(1, Ordering::SeqCst);
                Ok(())
            }
        })
    }

    fn is_configured(&self) -> bool {
        true
    }
}

/// Never delivers.
struct DeadMailer;

impl Mailer for DeadMailer {
    fn send<'a>(
        &'a self,
        _to: &'a str,
        _subject: &'a str,
        _body: &'a str,
    ) -> BoxFuture<'a, Result<(), String>> {
        Box::pin(async { Err("550 5.1.1 mailbox unavailable".to_owned()) })
    }

    fn is_configured(&self) -> bool {
        true
    }
}

/// Delivers everything, counting, and lets other tasks run in the middle of each send.
#[derive(Default)]
struct CountingMailer {
    sends: AtomicUsize,
}

impl Mailer for CountingMailer {
    fn send<'a>(
        &'a self,
        _to: &'a str,
        _subject: &'a str,
        _body: &'a str,
    ) -> BoxFuture<'a, Result<(), String>> {
        Box::pin(async move {
            tokio::task::yield_now().await;
            self.sends.fetch_add(1, Ordering::SeqCst);
            Ok(())
        })
    }

    fn is_configured(&self) -> bool {
        true
    }
}

/// What runs when no SMTP server is configured; must never be asked to send.
#[derive(Default)]
struct UnconfiguredMailer {
    asked: AtomicUsize,
}

impl Mailer for UnconfiguredMailer {
    fn send<'a>(
        &'a self,
        _to: &'a str,
        _subject: &'a str,
        _body: &'a str,
    ) -> BoxFuture<'a, Result<(), String>> {
        Box::pin(async move {
            self.asked.fetch_add(1, Ordering::SeqCst);
            Err("no mail server".to_owned())
        })
    }

    fn is_configured(&self) -> bool {
        false
    }
}

#[tokio::test]
async fn a_failed_message_is_tried_again_a_minute_later_and_then_sent_once() {
    let app = spawn_app().await;
    let t0 = start();
    queue(&app, "flaky@example.org", t0).await;
    let mailer = FlakyMailer::default();

    assert_eq!(deliver_due(&app.db, &mailer, t0).await.expect("deliver"), 0);
    let n = row_for(&app, "flaky@example.org").await;
    assert_eq!(n.attempts, 1);
    assert_eq!(n.next_attempt_at, t0 + Duration::minutes(1));
    assert_eq!(n.sent_at, None);
    assert_eq!(n.failed_at, None);
    assert_eq!(
        n.last_error.as_deref(),
        Some("421 4.3.2 service not available, try again later")
    );

    // Not due yet: nothing is attempted.
    let early = t0 + Duration::seconds(30);
    assert_eq!(
        deliver_due(&app.db, &mailer, early).await.expect("deliver"),
        0
    );
    assert_eq!(row_for(&app, "flaky@example.org").await.attempts, 1);

    let t1 = t0 + Duration::minutes(1);
    assert_eq!(deliver_due(&app.db, &mailer, t1).await.expect("deliver"), 1);
    let n = row_for(&app, "flaky@example.org").await;
    assert_eq!(n.sent_at, Some(t1));
    assert_eq!(n.attempts, 2);
    assert_eq!(n.failed_at, None);

    // A sent message is never sent again.
    let later = t1 + Duration::hours(12);
    assert_eq!(
        deliver_due(&app.db, &mailer, later).await.expect("deliver"),
        0
    );
    assert_eq!(mailer.delivered.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_message_that_keeps_failing_waits_longer_each_time_and_is_given_up_after_ten_attempts() {
    let app = spawn_app().await;
    let mut now = start();
    queue(&app, "nobody@example.org", now).await;
    let mut waits = Vec::new();
    for attempt in 1..=MAX_ATTEMPTS {
        assert_eq!(
            deliver_due(&app.db, &DeadMailer, now)
                .await
                .expect("deliver"),
            0
        );
        let n = row_for(&app, "nobody@example.org").await;
        assert_eq!(n.attempts, i32::try_from(attempt).expect("small"));
        assert_eq!(n.sent_at, None);
        if attempt < MAX_ATTEMPTS {
            assert_eq!(n.failed_at, None, "attempt {attempt}");
            waits.push(n.next_attempt_at - now);
            now = n.next_attempt_at;
        } else {
            assert_eq!(n.failed_at, Some(now), "given up at attempt {attempt}");
        }
    }
    assert_eq!(waits.first(), Some(&Duration::minutes(1)));
    assert!(waits.windows(2).all(|w| w[0] < w[1]), "{waits:?}");
    assert!(waits.iter().all(|w| *w <= Duration::hours(6)));

    // Given up: never tried again.
    let much_later = now + Duration::days(3);
    assert_eq!(
        deliver_due(&app.db, &DeadMailer, much_later)
            .await
            .expect("deliver"),
        0
    );
    let n = row_for(&app, "nobody@example.org").await;
    assert_eq!(n.attempts, i32::try_from(MAX_ATTEMPTS).expect("small"));
    assert_eq!(
        n.last_error.as_deref(),
        Some("550 5.1.1 mailbox unavailable")
    );
}

#[tokio::test]
async fn two_instances_delivering_at_once_send_each_message_once() {
    let app = spawn_app().await;
    let t0 = start();
    for i in 0..20 {
        queue(&app, &format!("crowd{i}@example.org"), t0).await;
    }
    let mailer = CountingMailer::default();
    let (a, b) = tokio::join!(
        deliver_due(&app.db, &mailer, t0),
        deliver_due(&app.db, &mailer, t0)
    );
    let sent = a.expect("first instance") + b.expect("second instance");
    assert_eq!(sent, 20);
    assert_eq!(mailer.sends.load(Ordering::SeqCst), 20);
    let unsent = notification::Entity::find()
        .filter(notification::Column::SentAt.is_null())
        .count(&app.db)
        .await
        .expect("count");
    assert_eq!(unsent, 0);
}

#[tokio::test]
async fn without_a_mail_server_nothing_is_attempted_and_messages_stay_queued() {
    let app = spawn_app().await;
    let t0 = start();
    queue(&app, "waiting@example.org", t0).await;
    let mailer = UnconfiguredMailer::default();
    let later = t0 + Duration::hours(1);
    assert_eq!(
        deliver_due(&app.db, &mailer, later).await.expect("deliver"),
        0
    );
    assert_eq!(mailer.asked.load(Ordering::SeqCst), 0);
    let n = row_for(&app, "waiting@example.org").await;
    assert_eq!(n.attempts, 0);
    assert_eq!(n.next_attempt_at, t0);
    assert_eq!((n.sent_at, n.failed_at, n.last_error), (None, None, None));
}

#[tokio::test]
async fn a_second_message_with_the_same_dedup_key_is_not_queued() {
    let app = spawn_app().await;
    let t0 = start();
    for _ in 0..2 {
        enqueue(&app.db, message("once@example.org", Some("test:once")), t0)
            .await
            .expect("enqueue");
    }
    let count = notification::Entity::find()
        .filter(notification::Column::DedupKey.eq("test:once"))
        .count(&app.db)
        .await
        .expect("count");
    assert_eq!(count, 1);
}

#[tokio::test]
async fn a_vetted_expert_is_reminded_once_of_an_expiring_check_and_of_stale_availability() {
    let app = spawn_app().await;
    let secretariat = app.as_role("secretariat", None).await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let id = nominate(&app, &canada, nominee("CAN-R1", "remind@example.org", &[])).await;
    vet(&app, &secretariat, &id).await;
    let expert_id = ExpertId::parse(&id).expect("expert id");
    let account = app.create_user("expert", None).await;
    let user_id = UserId::parse(&account.id).expect("user id");
    link_account(&app.db, user_id, expert_id, Utc::now())
        .await
        .expect("link");

    let now = start();
    let today = now.date_naive();
    let expires = today + Duration::days(10);
    let confirmed = today - Duration::days(120);
    vetting_check::Entity::update_many()
        .col_expr(vetting_check::Column::ExpiresOn, Expr::value(expires))
        .filter(vetting_check::Column::ExpertId.eq(expert_id.0))
        .filter(vetting_check::Column::Kind.eq(CheckKind::Medical.as_str()))
        .exec(&app.db)
        .await
        .expect("medical expires soon");
    expert::Entity::update_many()
        .col_expr(expert::Column::LastConfirmedOn, Expr::value(confirmed))
        .filter(expert::Column::Id.eq(expert_id.0))
        .exec(&app.db)
        .await
        .expect("availability confirmed long ago");

    queue_reminders(&app.db, today, now)
        .await
        .expect("reminders");
    let of_expert = || {
        notification::Entity::find().filter(notification::Column::RecipientExpertId.eq(expert_id.0))
    };
    let after_first = of_expert().count(&app.db).await.expect("count");
    assert_eq!(
        queue_reminders(&app.db, today, now)
            .await
            .expect("reminders"),
        0,
        "a second run queues nothing new"
    );
    assert_eq!(
        of_expert().count(&app.db).await.expect("count"),
        after_first
    );

    let check_key = outbox::check_expiry_key(expert_id, CheckKind::Medical, expires);
    let stale_key = outbox::stale_availability_key(expert_id, Some(confirmed));
    for (key, kind) in [
        (check_key, outbox::KIND_CHECK_EXPIRING),
        (stale_key, outbox::KIND_AVAILABILITY_STALE),
    ] {
        let n = of_expert()
            .filter(notification::Column::DedupKey.eq(key.as_str()))
            .one(&app.db)
            .await
            .expect("query")
            .unwrap_or_else(|| panic!("{key} queued"));
        assert_eq!(n.kind, kind);
        assert_eq!(n.email, "remind@example.org");
        assert_eq!(n.recipient_user_id, Some(user_id.0));
        assert!(n.body.starts_with("Dear Aminata Touré,"), "{}", n.body);
    }
}

#[tokio::test]
async fn an_expert_who_is_not_vetted_gets_no_reminders() {
    let app = spawn_app().await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let id = nominate(&app, &canada, nominee("CAN-R2", "nominee@example.org", &[])).await;
    let expert_id = ExpertId::parse(&id).expect("expert id");
    let now = start();
    let today = now.date_naive();
    expert::Entity::update_many()
        .col_expr(
            expert::Column::LastConfirmedOn,
            Expr::value(today - Duration::days(200)),
        )
        .filter(expert::Column::Id.eq(expert_id.0))
        .exec(&app.db)
        .await
        .expect("stale availability");
    queue_reminders(&app.db, today, now)
        .await
        .expect("reminders");
    let count = notification::Entity::find()
        .filter(notification::Column::RecipientExpertId.eq(expert_id.0))
        .count(&app.db)
        .await
        .expect("count");
    assert_eq!(count, 0);
}

#[tokio::test]
async fn only_the_secretariat_opens_the_outbox_and_it_shows_no_message_body() {
    let app = spawn_app().await;
    queue(&app, "listed@example.org", start()).await;
    let anonymous = app.client();
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let planner = app.as_role("mission_planner", None).await;
    let secretariat = app.as_role("secretariat", None).await;

    let status = |res: reqwest::Response| res.status().as_u16();
    assert_eq!(status(app.call(&anonymous, "outbox_page", &[]).await), 401);
    assert_eq!(status(app.call(&canada, "outbox_page", &[]).await), 403);
    assert_eq!(status(app.call(&planner, "outbox_page", &[]).await), 403);

    let (code, view) = error_body(app.call(&secretariat, "outbox_page", &[]).await).await;
    assert_eq!(code.as_u16(), 200, "{view}");
    assert_eq!(view["mail_configured"], false);
    assert_eq!(view["queued"], 1);
    assert_eq!(view["sent"], 0);
    assert_eq!(view["failed"], 0);
    let row = &view["rows"][0];
    assert_eq!(row["email"], "listed@example.org");
    assert_eq!(row["state"], "queued");
    assert_eq!(row["kind"], "invitation");
    assert!(row.get("body").is_none());
    assert!(!view.to_string().contains("Follow the link"));

    let (code, _) = error_body(
        app.call(&secretariat, "outbox_page", &[("page", "0")])
            .await,
    )
    .await;
    assert_eq!(code.as_u16(), 422);
}
