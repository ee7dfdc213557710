//! The outbox at work: delivering due messages through a [`Mailer`], queueing the expiry and
//! availability reminders, and the secretariat's view of what was sent, what waits and what failed.
//!
//! Messages are written by the events that cause them (`repo::notifications::enqueue`); nothing
//! here runs inside a web request, so a slow or absent mail server never holds one up.
use crate::{
    domain::{
        ids::ExpertId,
        outbox::{self, KIND_AVAILABILITY_STALE, KIND_CHECK_EXPIRING, Wording},
        permissions::{Action, Actor},
        vetting::{CheckKind, CheckStatus, RosterStatus},
    },
    error::AppError,
    server::{
        entities::{expert, expert_account, notification, vetting_check},
        gate,
        repo::notifications::{self as repo, NewNotification},
    },
    views::outbox::{OutboxRow, OutboxView},
};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, Order, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, sea_query::Expr,
};
use std::{
    collections::{HashMap, HashSet},
    future::Future,
    pin::Pin,
};

/// A boxed future that may move between threads, as a trait method can return one.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Something that sends one plain-text e-mail. An implementation must give up on a send within a
/// minute or so (SMTP transports have a timeout), so that it finishes inside the message's lease.
pub trait Mailer: Send + Sync {
    /// Sends the message; the error is a short description fit for the outbox page, never the body.
    fn send<'a>(
        &'a self,
        to: &'a str,
        subject: &'a str,
        body: &'a str,
    ) -> BoxFuture<'a, Result<(), String>>;

    /// Sends the outbox message `id`. A mailer that can should give every copy of one message
    /// the same `Message-ID`, derived from `id`: if an instance dies after the mail server took a
    /// message but before it was marked sent, the copy sent after the lease is recognised by mail
    /// systems as the same message, not a second one.
    fn send_message<'a>(
        &'a self,
        id: uuid::Uuid,
        to: &'a str,
        subject: &'a str,
        body: &'a str,
    ) -> BoxFuture<'a, Result<(), String>> {
        let _ = id;
        self.send(to, subject, body)
    }

    /// Whether messages can be sent at all. When not, they stay queued and nothing is attempted,
    /// so no attempt is spent and no message is given up for want of a server.
    fn is_configured(&self) -> bool;
}

/// Messages taken per run of [`deliver_due`].
pub const DELIVERY_BATCH: u64 = 50;
/// How long a claimed message is kept from other instances while it is being sent.
const LEASE_MINUTES: i64 = 5;
/// No new message is claimed after this much of a run has passed, so that every claimed message
/// is sent and recorded well inside its lease, even when the mail server is slow.
const CLAIM_BUDGET: std::time::Duration = std::time::Duration::from_secs(120);
/// New reminders of each kind queued per run of [`queue_reminders`]; the rest wait for the next.
pub const REMINDER_BATCH: u64 = 500;
/// Rows read per query while looking for reminders to queue.
const SCAN_CHUNK: u64 = 500;
/// Messages per page of the outbox.
pub const OUTBOX_PAGE: u64 = 50;

/// Sends the messages that are due, oldest first, at most [`DELIVERY_BATCH`]; answers how many
/// were sent. Safe on several instances at once: each message is claimed before it is sent.
#[tracing::instrument(skip_all)]
pub async fn deliver_due(
    db: &DatabaseConnection,
    mailer: &dyn Mailer,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    if !mailer.is_configured() {
        return Ok(0);
    }
    let due = notification::Entity::find()
        .filter(notification::Column::SentAt.is_null())
        .filter(notification::Column::FailedAt.is_null())
        .filter(notification::Column::NextAttemptAt.lte(now))
        .order_by(notification::Column::NextAttemptAt, Order::Asc)
        .order_by(notification::Column::CreatedAt, Order::Asc)
        .order_by(notification::Column::Id, Order::Asc)
        .limit(DELIVERY_BATCH)
        .all(db)
        .await?;
    let started = std::time::Instant::now();
    let mut sent = 0;
    for n in due {
        if started.elapsed() > CLAIM_BUDGET {
            break;
        }
        if !claim(db, n.id, now).await? {
            // Another instance took it, or it changed since it was read.
            continue;
        }
        match mailer
            .send_message(n.id, &n.email, &n.subject, &n.body)
            .await
        {
            Ok(()) => {
                mark_sent(db, &n, now).await?;
                metrics::counter!("outbox_deliveries_total", "outcome" => "sent").increment(1);
                sent += 1;
            }
            Err(error) => {
                metrics::counter!("outbox_deliveries_total", "outcome" => "failed").increment(1);
                record_failure(db, &n, &error, now).await?;
            }
        }
    }
    Ok(sent)
}

/// Takes a due message for this instance by moving its next attempt past the lease; only the one
/// instance whose update matched the row may send it.
async fn claim(
    db: &DatabaseConnection,
    id: uuid::Uuid,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let lease_until = now + Duration::minutes(LEASE_MINUTES);
    let result = notification::Entity::update_many()
        .col_expr(
            notification::Column::NextAttemptAt,
            Expr::value(lease_until),
        )
        .filter(notification::Column::Id.eq(id))
        .filter(notification::Column::SentAt.is_null())
        .filter(notification::Column::FailedAt.is_null())
        .filter(notification::Column::NextAttemptAt.lte(now))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

fn attempts_after(n: &notification::Model) -> u32 {
    u32::try_from(n.attempts).unwrap_or(0).saturating_add(1)
}

fn stored_attempts(attempts: u32) -> i32 {
    i32::try_from(attempts).unwrap_or(i32::MAX)
}

async fn mark_sent(
    db: &DatabaseConnection,
    n: &notification::Model,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    notification::Entity::update_many()
        .col_expr(notification::Column::SentAt, Expr::value(now))
        .col_expr(
            notification::Column::Attempts,
            Expr::value(stored_attempts(attempts_after(n))),
        )
        .filter(notification::Column::Id.eq(n.id))
        .exec(db)
        .await?;
    Ok(())
}

/// Counts the attempt, keeps a short error, and schedules the next attempt or gives up.
async fn record_failure(
    db: &DatabaseConnection,
    n: &notification::Model,
    error: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let attempts = attempts_after(n);
    let summary = outbox::error_summary(error);
    // The id only: addresses are personal data and stay out of the log.
    tracing::warn!(notification = %n.id, attempts, error = %summary, "delivery failed");
    let update = notification::Entity::update_many()
        .col_expr(
            notification::Column::Attempts,
            Expr::value(stored_attempts(attempts)),
        )
        .col_expr(notification::Column::LastError, Expr::value(summary));
    let update = match outbox::next_attempt(attempts, now) {
        Some(at) => update.col_expr(notification::Column::NextAttemptAt, Expr::value(at)),
        None => {
            tracing::warn!(notification = %n.id, "delivery given up");
            update.col_expr(notification::Column::FailedAt, Expr::value(now))
        }
    };
    update
        .filter(notification::Column::Id.eq(n.id))
        .exec(db)
        .await?;
    Ok(())
}

/// Queues the reminders due today for vetted experts: checks expiring within 30 days, and
/// availability not confirmed for 90 days. Each is queued once (its dedup key); at most
/// [`REMINDER_BATCH`] new ones of each kind per call. Answers how many were queued.
#[tracing::instrument(skip(db, now))]
pub async fn queue_reminders(
    db: &DatabaseConnection,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    let checks = queue_check_reminders(db, today, now).await?;
    let stale = queue_availability_reminders(db, today, now).await?;
    Ok(checks + stale)
}

/// The experts whose roster status is vetted, as a subquery.
fn vetted_experts() -> sea_orm::sea_query::SelectStatement {
    sea_orm::sea_query::Query::select()
        .column(expert::Column::Id)
        .from(expert::Entity)
        .and_where(expert::Column::RosterStatus.eq(RosterStatus::Vetted.as_str()))
        .to_owned()
}

/// Which of these keys are already in the outbox.
async fn already_queued(
    db: &DatabaseConnection,
    keys: &[String],
) -> Result<HashSet<String>, AppError> {
    if keys.is_empty() {
        return Ok(HashSet::new());
    }
    let found: Vec<Option<String>> = notification::Entity::find()
        .select_only()
        .column(notification::Column::DedupKey)
        .filter(notification::Column::DedupKey.is_in(keys.iter().cloned()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(found.into_iter().flatten().collect())
}

/// The account each of these experts signs in with, if they have one.
async fn accounts_of(
    db: &DatabaseConnection,
    experts: &[uuid::Uuid],
) -> Result<HashMap<uuid::Uuid, uuid::Uuid>, AppError> {
    if experts.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(expert_account::Entity::find()
        .filter(expert_account::Column::ExpertId.is_in(experts.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.expert_id, a.user_id))
        .collect())
}

fn addressed_name(e: &expert::Model) -> String {
    format!("{} {}", e.given_names, e.family_name)
}

/// Queues one reminder to the expert's own address.
async fn queue_to_expert(
    db: &DatabaseConnection,
    e: &expert::Model,
    account: Option<uuid::Uuid>,
    kind: &'static str,
    wording: Wording,
    key: String,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    repo::enqueue(
        db,
        NewNotification {
            recipient_user_id: account,
            recipient_expert_id: Some(e.id),
            email: e.email.clone(),
            kind,
            subject: wording.subject,
            body: wording.body,
            dedup_key: Some(key),
            invitation_id: None,
        },
        now,
    )
    .await
}

async fn queue_check_reminders(
    db: &DatabaseConnection,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    let until = outbox::expiry_notice_until(today);
    let mut queued = 0;
    let mut offset = 0;
    loop {
        let checks = vetting_check::Entity::find()
            .filter(vetting_check::Column::Status.eq(CheckStatus::Passed.as_str()))
            .filter(vetting_check::Column::ExpiresOn.gte(today))
            .filter(vetting_check::Column::ExpiresOn.lte(until))
            .filter(vetting_check::Column::ExpertId.in_subquery(vetted_experts()))
            .order_by(vetting_check::Column::ExpertId, Order::Asc)
            .order_by(vetting_check::Column::Kind, Order::Asc)
            .limit(SCAN_CHUNK)
            .offset(offset)
            .all(db)
            .await?;
        let read = u64::try_from(checks.len()).unwrap_or(u64::MAX);
        offset += read;
        let due: Vec<(vetting_check::Model, CheckKind, NaiveDate, String)> = checks
            .into_iter()
            .filter_map(|c| {
                let kind = CheckKind::parse(&c.kind)?;
                let on = c.expires_on?;
                outbox::check_expiry_reminder_due(on, today).then(|| {
                    let key = outbox::check_expiry_key(ExpertId(c.expert_id), kind, on);
                    (c, kind, on, key)
                })
            })
            .collect();
        let keys: Vec<String> = due.iter().map(|d| d.3.clone()).collect();
        let known = already_queued(db, &keys).await?;
        let fresh: Vec<_> = due.into_iter().filter(|d| !known.contains(&d.3)).collect();
        let ids: Vec<uuid::Uuid> = fresh.iter().map(|d| d.0.expert_id).collect();
        let experts: HashMap<uuid::Uuid, expert::Model> = expert::Entity::find()
            .filter(expert::Column::Id.is_in(ids.iter().copied()))
            .all(db)
            .await?
            .into_iter()
            .map(|e| (e.id, e))
            .collect();
        let accounts = accounts_of(db, &ids).await?;
        for (c, kind, on, key) in fresh {
            let Some(e) = experts.get(&c.expert_id) else {
                continue;
            };
            let wording = outbox::check_expiry_wording(&addressed_name(e), kind, on);
            let account = accounts.get(&e.id).copied();
            queue_to_expert(db, e, account, KIND_CHECK_EXPIRING, wording, key, now).await?;
            queued += 1;
            if queued >= REMINDER_BATCH {
                return Ok(queued);
            }
        }
        if read < SCAN_CHUNK {
            return Ok(queued);
        }
    }
}

async fn queue_availability_reminders(
    db: &DatabaseConnection,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    let stale_before = outbox::stale_before(today);
    let mut queued = 0;
    let mut after: Option<uuid::Uuid> = None;
    loop {
        let mut query = expert::Entity::find()
            .filter(expert::Column::RosterStatus.eq(RosterStatus::Vetted.as_str()))
            .filter(
                Condition::any()
                    .add(expert::Column::LastConfirmedOn.is_null())
                    .add(expert::Column::LastConfirmedOn.lt(stale_before)),
            );
        if let Some(last) = after {
            query = query.filter(expert::Column::Id.gt(last));
        }
        let experts = query
            .order_by(expert::Column::Id, Order::Asc)
            .limit(SCAN_CHUNK)
            .all(db)
            .await?;
        let read = u64::try_from(experts.len()).unwrap_or(u64::MAX);
        after = experts.last().map(|e| e.id);
        let due: Vec<(expert::Model, String)> = experts
            .into_iter()
            .filter(|e| outbox::stale_availability_reminder_due(e.last_confirmed_on, today))
            .map(|e| {
                let key = outbox::stale_availability_key(ExpertId(e.id), e.last_confirmed_on);
                (e, key)
            })
            .collect();
        let keys: Vec<String> = due.iter().map(|d| d.1.clone()).collect();
        let known = already_queued(db, &keys).await?;
        let fresh: Vec<_> = due.into_iter().filter(|d| !known.contains(&d.1)).collect();
        let ids: Vec<uuid::Uuid> = fresh.iter().map(|d| d.0.id).collect();
        let accounts = accounts_of(db, &ids).await?;
        for (e, key) in fresh {
            let wording =
                outbox::stale_availability_wording(&addressed_name(&e), e.last_confirmed_on);
            let account = accounts.get(&e.id).copied();
            queue_to_expert(db, &e, account, KIND_AVAILABILITY_STALE, wording, key, now).await?;
            queued += 1;
            if queued >= REMINDER_BATCH {
                return Ok(queued);
            }
        }
        if read < SCAN_CHUNK {
            return Ok(queued);
        }
    }
}

fn to_row(n: notification::Model) -> OutboxRow {
    let (state, state_at) = match (n.sent_at, n.failed_at) {
        (Some(at), _) => ("sent", at),
        (None, Some(at)) => ("failed", at),
        (None, None) => ("queued", n.next_attempt_at),
    };
    OutboxRow {
        id: n.id.to_string(),
        email: n.email,
        kind: n.kind,
        subject: n.subject,
        created_at: crate::views::time_text(n.created_at),
        attempts: u32::try_from(n.attempts).unwrap_or(0),
        state: state.to_owned(),
        state_at: crate::views::time_text(state_at),
        last_error: n.last_error,
    }
}

/// The latest messages, newest first, with how many are queued, sent and given up; never a body.
#[tracing::instrument(skip(db, actor), fields(user = %actor.user_id))]
pub async fn outbox(
    db: &DatabaseConnection,
    actor: &Actor,
    page: crate::domain::paging::Page,
    mail_configured: bool,
) -> Result<OutboxView, AppError> {
    gate::check(actor, &Action::ViewOutbox)?;
    let page = page.get();
    let queued = notification::Entity::find()
        .filter(notification::Column::SentAt.is_null())
        .filter(notification::Column::FailedAt.is_null())
        .count(db)
        .await?;
    let sent = notification::Entity::find()
        .filter(notification::Column::SentAt.is_not_null())
        .count(db)
        .await?;
    let failed = notification::Entity::find()
        .filter(notification::Column::SentAt.is_null())
        .filter(notification::Column::FailedAt.is_not_null())
        .count(db)
        .await?;
    let total = queued + sent + failed;
    let rows = notification::Entity::find()
        .order_by(notification::Column::CreatedAt, Order::Desc)
        .order_by(notification::Column::Id, Order::Asc)
        .limit(OUTBOX_PAGE)
        .offset((page - 1) * OUTBOX_PAGE)
        .all(db)
        .await?;
    Ok(OutboxView {
        rows: rows.into_iter().map(to_row).collect(),
        queued,
        sent,
        failed,
        page,
        pages: total.div_ceil(OUTBOX_PAGE),
        mail_configured,
    })
}
