//! Reducing one expert's stored data to what the audit trail needs, table by table, inside the
//! caller's transaction; and finding the records whose retention period has passed.
use crate::{
    domain::{
        ids::{ExpertId, UserId},
        retention::{self, ERASED},
        vetting::RosterStatus,
    },
    error::AppError,
    server::entities::{
        attempt_lock, audit_event, availability_window, deployment, deployment_step,
        duplicate_dismissal, expert, expert_account, expert_nationality, expert_region, invitation,
        language_claim, login_attempt, notification, prior_mission, roster_status_change, user,
        vetting_check,
    },
};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::Expr, sea_query::Query,
};

/// The kind of reduction, stored on the record and named in its audit event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Erasure {
    /// The retention period after the last decision or deployment passed.
    Retention,
    /// The person asked for it, through the secretariat.
    Request,
}

impl Erasure {
    pub fn as_str(self) -> &'static str {
        match self {
            Erasure::Retention => "retention",
            Erasure::Request => "request",
        }
    }
}

/// What one reduction touched, counted for its audit event.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Reduced {
    pub rows_deleted: u64,
    pub rows_blanked: u64,
    pub audit_events_redacted: u64,
    pub account_closed: bool,
}

/// Up to `batch` records off the roster whose status was decided, and whose offers and
/// deployments ended, on or before `cutoff`; not yet reduced.
pub async fn due_for_reduction(
    db: &impl ConnectionTrait,
    cutoff: NaiveDate,
    batch: u64,
) -> Result<Vec<expert::Model>, AppError> {
    // Whatever happened on or before the cutoff day happened before the next day began.
    let next_day = cutoff
        .succ_opt()
        .unwrap_or(cutoff)
        .and_time(NaiveTime::MIN)
        .and_utc();
    let recent = Query::select()
        .column(deployment::Column::ExpertId)
        .from(deployment::Entity)
        .cond_where(
            Condition::any()
                .add(deployment::Column::EndsOn.gt(cutoff))
                .add(deployment::Column::OfferedAt.gte(next_day))
                .add(deployment::Column::AnsweredAt.gte(next_day)),
        )
        .to_owned();
    Ok(expert::Entity::find()
        .filter(expert::Column::ErasedAt.is_null())
        .filter(expert::Column::RosterStatus.is_in([
            RosterStatus::Withdrawn.as_str(),
            RosterStatus::Rejected.as_str(),
        ]))
        .filter(expert::Column::StatusChangedAt.lt(next_day))
        .filter(expert::Column::Id.not_in_subquery(recent))
        .order_by_asc(expert::Column::Id)
        .limit(batch)
        .all(db)
        .await?)
}

/// The last day something happened to the expert: the status decision, or an offer, answer or
/// deployment end.
pub async fn last_activity(
    db: &impl ConnectionTrait,
    e: &expert::Model,
) -> Result<NaiveDate, AppError> {
    let mut last = e.status_changed_at.date_naive();
    for d in deployments_of(db, ExpertId(e.id)).await? {
        let answered = d.answered_at.map_or(last, |a| a.date_naive());
        last = [last, d.ends_on, d.offered_at.date_naive(), answered]
            .into_iter()
            .fold(last, std::cmp::max);
    }
    Ok(last)
}

pub async fn deployments_of(
    db: &impl ConnectionTrait,
    id: ExpertId,
) -> Result<Vec<deployment::Model>, AppError> {
    Ok(deployment::Entity::find()
        .filter(deployment::Column::ExpertId.eq(id.0))
        .all(db)
        .await?)
}

/// Removes or blanks every personal value of the expert and redacts the audit events about
/// them, their deployments, invitations and account. The caller holds the record's lock.
/// `unusable_password` is a hash nobody knows the password of, made outside the transaction.
pub async fn reduce(
    db: &impl ConnectionTrait,
    e: &expert::Model,
    kind: Erasure,
    unusable_password: &str,
    now: DateTime<Utc>,
) -> Result<Reduced, AppError> {
    let id = ExpertId(e.id);
    let mut done = Reduced::default();
    let deployments: Vec<uuid::Uuid> = deployments_of(db, id)
        .await?
        .into_iter()
        .map(|d| d.id)
        .collect();
    let invitations: Vec<uuid::Uuid> = invitation::Entity::find()
        .filter(invitation::Column::ExpertId.eq(id.0))
        .all(db)
        .await?
        .into_iter()
        .map(|i| i.id)
        .collect();
    let account = super::deployments::account_of(db, id).await?;
    let display_name = format!("{} {}", e.given_names, e.family_name);

    if let Some(user_id) = account {
        close_account(db, user_id, unusable_password).await?;
        done.account_closed = true;
    }
    forget_sign_ins(db, &e.email).await?;
    done.rows_deleted += delete_lists(db, id).await?;
    done.rows_deleted += notification::Entity::delete_many()
        .filter(
            Condition::any()
                .add(notification::Column::RecipientExpertId.eq(id.0))
                .add_option(account.map(|u| notification::Column::RecipientUserId.eq(u.0))),
        )
        .exec(db)
        .await?
        .rows_affected;
    done.rows_blanked += blank_planner_messages(db, &display_name).await?;
    done.rows_blanked += blank_free_text(db, id, &deployments).await?;
    // A pending link stops working before its address goes.
    invitation::Entity::update_many()
        .col_expr(invitation::Column::RevokedAt, Expr::value(Some(now)))
        .filter(invitation::Column::ExpertId.eq(id.0))
        .filter(invitation::Column::RevokedAt.is_null())
        .filter(invitation::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    done.rows_blanked += invitation::Entity::update_many()
        .col_expr(
            invitation::Column::Email,
            Expr::value(placeholder_email(id.0)),
        )
        .filter(invitation::Column::ExpertId.eq(id.0))
        .exec(db)
        .await?
        .rows_affected;
    done.rows_blanked +=
        super::imports::forget_in_reports(db, &e.member_state, &e.external_ref).await?;
    blank_record(db, id, kind, now).await?;

    let mut subjects: Vec<String> = vec![id.0.to_string()];
    subjects.extend(deployments.iter().map(|d| d.to_string()));
    subjects.extend(invitations.iter().map(|i| i.to_string()));
    subjects.extend(account.map(|u| u.0.to_string()));
    done.audit_events_redacted = redact_audit(db, &subjects, now).await?;
    Ok(done)
}

/// Unique per record, so the per-state unique e-mail index still holds; never deliverable.
fn placeholder_email(id: uuid::Uuid) -> String {
    format!("erased-{id}@erased.invalid")
}

async fn close_account(
    db: &impl ConnectionTrait,
    user_id: UserId,
    unusable_password: &str,
) -> Result<(), AppError> {
    let old = user::Entity::find_by_id(user_id.0).one(db).await?;
    super::sessions::delete_for_user(db, user_id).await?;
    super::second_factors::remove(db, user_id).await?;
    if let Some(old) = old {
        forget_sign_ins(db, &old.email).await?;
    }
    user::Entity::update_many()
        .col_expr(
            user::Column::Email,
            Expr::value(placeholder_email(user_id.0)),
        )
        .col_expr(user::Column::DisplayName, Expr::value(ERASED))
        .col_expr(user::Column::PasswordHash, Expr::value(unusable_password))
        .col_expr(user::Column::Active, Expr::value(false))
        .filter(user::Column::Id.eq(user_id.0))
        .exec(db)
        .await?;
    expert_account::Entity::delete_many()
        .filter(expert_account::Column::UserId.eq(user_id.0))
        .exec(db)
        .await?;
    Ok(())
}

/// Sign-in attempts are kept under the address typed; the erased address goes from them too.
async fn forget_sign_ins(db: &impl ConnectionTrait, email: &str) -> Result<(), AppError> {
    let key = email.trim().to_lowercase();
    login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::Account.eq(key.clone()))
        .exec(db)
        .await?;
    attempt_lock::Entity::delete_many()
        .filter(attempt_lock::Column::Key.eq(key))
        .exec(db)
        .await?;
    Ok(())
}

async fn delete_lists(db: &impl ConnectionTrait, id: ExpertId) -> Result<u64, AppError> {
    let mut n = 0;
    n += expert_nationality::Entity::delete_many()
        .filter(expert_nationality::Column::ExpertId.eq(id.0))
        .exec(db)
        .await?
        .rows_affected;
    n += expert_region::Entity::delete_many()
        .filter(expert_region::Column::ExpertId.eq(id.0))
        .exec(db)
        .await?
        .rows_affected;
    n += availability_window::Entity::delete_many()
        .filter(availability_window::Column::ExpertId.eq(id.0))
        .exec(db)
        .await?
        .rows_affected;
    n += prior_mission::Entity::delete_many()
        .filter(prior_mission::Column::ExpertId.eq(id.0))
        .exec(db)
        .await?
        .rows_affected;
    n += language_claim::Entity::delete_many()
        .filter(language_claim::Column::ExpertId.eq(id.0))
        .exec(db)
        .await?
        .rows_affected;
    Ok(n)
}

/// A planner's "offer answered" or "booking released" message names the expert in its text; the
/// messages carry no link to the expert, so they are found by that name.
async fn blank_planner_messages(
    db: &impl ConnectionTrait,
    display_name: &str,
) -> Result<u64, AppError> {
    if display_name.trim().is_empty() {
        return Ok(0);
    }
    Ok(notification::Entity::update_many()
        .col_expr(notification::Column::Body, Expr::value(ERASED))
        .col_expr(notification::Column::Subject, Expr::value(ERASED))
        .filter(notification::Column::Kind.is_in(["offer_answered", "deployment_released"]))
        .filter(
            Condition::any()
                .add(notification::Column::Body.contains(display_name))
                .add(notification::Column::Subject.contains(display_name)),
        )
        .exec(db)
        .await?
        .rows_affected)
}

/// Notes, reasons and answers typed about the person, by anyone.
async fn blank_free_text(
    db: &impl ConnectionTrait,
    id: ExpertId,
    deployments: &[uuid::Uuid],
) -> Result<u64, AppError> {
    let mut n = 0;
    n += vetting_check::Entity::update_many()
        .col_expr(
            vetting_check::Column::Note,
            Expr::value(Option::<String>::None),
        )
        .filter(vetting_check::Column::ExpertId.eq(id.0))
        .filter(vetting_check::Column::Note.is_not_null())
        .exec(db)
        .await?
        .rows_affected;
    n += roster_status_change::Entity::update_many()
        .col_expr(roster_status_change::Column::Reason, Expr::value(ERASED))
        .filter(roster_status_change::Column::ExpertId.eq(id.0))
        .exec(db)
        .await?
        .rows_affected;
    n += duplicate_dismissal::Entity::update_many()
        .col_expr(duplicate_dismissal::Column::Reason, Expr::value(ERASED))
        .filter(
            Condition::any()
                .add(duplicate_dismissal::Column::ExpertA.eq(id.0))
                .add(duplicate_dismissal::Column::ExpertB.eq(id.0)),
        )
        .exec(db)
        .await?
        .rows_affected;
    if !deployments.is_empty() {
        n += deployment::Entity::update_many()
            .col_expr(
                deployment::Column::AnswerReason,
                Expr::value(Option::<String>::None),
            )
            .filter(deployment::Column::Id.is_in(deployments.to_vec()))
            .exec(db)
            .await?
            .rows_affected;
        n += deployment_step::Entity::update_many()
            .col_expr(
                deployment_step::Column::Reason,
                Expr::value(Option::<String>::None),
            )
            .filter(deployment_step::Column::DeploymentId.is_in(deployments.to_vec()))
            .filter(deployment_step::Column::Reason.is_not_null())
            .exec(db)
            .await?
            .rows_affected;
    }
    Ok(n)
}

/// Keeps the record's id, state, status, dates of decisions, categories, skills and languages
/// (what the roster's history and statistics need); everything that identifies the person goes.
async fn blank_record(
    db: &impl ConnectionTrait,
    id: ExpertId,
    kind: Erasure,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let unknown_birth = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN);
    super::experts::update_record(id, now)
        .col_expr(
            expert::Column::ExternalRef,
            Expr::value(format!("erased-{}", id.0)),
        )
        .col_expr(expert::Column::GivenNames, Expr::value(""))
        .col_expr(expert::Column::FamilyName, Expr::value(ERASED))
        .col_expr(
            expert::Column::LatinName,
            Expr::value(Option::<String>::None),
        )
        .col_expr(expert::Column::SearchName, Expr::value(""))
        .col_expr(expert::Column::SortName, Expr::value(""))
        .col_expr(expert::Column::Gender, Expr::value("undisclosed"))
        .col_expr(expert::Column::DateOfBirth, Expr::value(unknown_birth))
        .col_expr(expert::Column::Email, Expr::value(placeholder_email(id.0)))
        .col_expr(expert::Column::Phone, Expr::value(Option::<String>::None))
        .col_expr(
            expert::Column::AvailableFrom,
            Expr::value(Option::<NaiveDate>::None),
        )
        .col_expr(
            expert::Column::AvailableTo,
            Expr::value(Option::<NaiveDate>::None),
        )
        .col_expr(expert::Column::ErasedAt, Expr::value(Some(now)))
        .col_expr(expert::Column::Erasure, Expr::value(Some(kind.as_str())))
        .exec(db)
        .await?;
    Ok(())
}

/// Redacts, once, every audit event about these records; the database refuses any other change
/// to the log.
async fn redact_audit(
    db: &impl ConnectionTrait,
    record_ids: &[String],
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    let mut n = 0;
    for ids in record_ids.chunks(500) {
        let events = audit_event::Entity::find()
            .filter(audit_event::Column::RecordId.is_in(ids.to_vec()))
            .filter(audit_event::Column::RedactedAt.is_null())
            .all(db)
            .await?;
        for event in events {
            audit_event::Entity::update_many()
                .col_expr(
                    audit_event::Column::Before,
                    Expr::value(event.before.as_ref().map(retention::redact)),
                )
                .col_expr(
                    audit_event::Column::After,
                    Expr::value(event.after.as_ref().map(retention::redact)),
                )
                .col_expr(audit_event::Column::RedactedAt, Expr::value(Some(now)))
                .filter(audit_event::Column::Id.eq(event.id))
                .exec(db)
                .await?;
            n += 1;
        }
    }
    Ok(n)
}
