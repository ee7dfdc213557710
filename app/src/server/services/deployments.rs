//! Offers and deployments: a planner offers a shortlisted expert a position, the expert accepts or
//! declines (their roster office may decline for them), offers lapse at their deadline, and no
//! expert is ever booked twice over the same days.
use super::requests::{self as request_service};
use crate::{
    domain::{
        deployment::{DeploymentState, DeploymentStep, Party, next_state, overlaps},
        ids::{ExpertId, PositionId, RequestId, UserId},
        member_state::MemberStateCode,
        permissions::{Action, Actor, OfferFacts, authorize},
        request::RequestStatus,
        vetting::RosterStatus,
    },
    error::AppError,
    server::{
        entities::{deployment, expert},
        errors::internal,
        repo::{
            audit::{self, AuditEntry},
            deployments,
            notifications::{self, NewNotification},
            requests, users,
        },
    },
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr,
    EntityTrait, QueryFilter, SqliteTransactionMode, Statement, TransactionOptions,
    TransactionTrait,
};
use serde_json::json;

pub const RECORD_TYPE: &str = "deployment";
/// Offers give between one hour and fourteen days to answer.
const MAX_ANSWER_HOURS: i64 = 14 * 24;

fn gate(actor: &Actor, action: &Action) -> Result<(), AppError> {
    authorize(Some(actor), action).map_err(|_| AppError::Forbidden)
}

fn state_of(d: &deployment::Model) -> Result<DeploymentState, AppError> {
    DeploymentState::parse(&d.state)
        .ok_or_else(|| internal("stored deployment", format!("unknown state on {}", d.id)))
}

/// The database refuses a second booking over the same days; say so in words.
fn booking_refused(err: DbErr) -> AppError {
    if err.to_string().contains("deployments_no_double_booking") {
        AppError::Conflict(
            "the expert is already committed to another deployment over these dates".to_owned(),
        )
    } else {
        AppError::from(err)
    }
}

/// Takes a row for the rest of the transaction with a write that changes nothing: a row lock on
/// PostgreSQL (SQLite's immediate transaction already holds the database's write lock).
async fn hold(db: &impl ConnectionTrait, table: &str, id: uuid::Uuid) -> Result<(), AppError> {
    let backend = db.get_database_backend();
    let placeholder = match backend {
        sea_orm::DatabaseBackend::Postgres => "$1",
        _ => "?",
    };
    let sql = format!("UPDATE {table} SET version = version WHERE id = {placeholder}");
    db.execute_raw(Statement::from_sql_and_values(backend, sql, [id.into()]))
        .await?;
    Ok(())
}

/// The planner offers `expert` the position; the expert must be on the position's saved shortlist.
#[allow(clippy::too_many_arguments)]
pub async fn offer(
    db: &DatabaseConnection,
    actor: &Actor,
    request: RequestId,
    position: PositionId,
    expert: ExpertId,
    answer_within_hours: i64,
    now: DateTime<Utc>,
) -> Result<uuid::Uuid, AppError> {
    if !(1..=MAX_ANSWER_HOURS).contains(&answer_within_hours) {
        return Err(AppError::invalid(
            "answer_within_hours",
            format!("give between 1 and {MAX_ANSWER_HOURS} hours to answer"),
        ));
    }
    let txn = db.begin().await?;
    let r = request_service::visible(&txn, actor, request).await?;
    let facts = requests::facts_of(&r)?;
    gate(actor, &Action::EditRequest(facts.clone()))?;
    if !matches!(
        facts.status,
        RequestStatus::Open | RequestStatus::PartiallyFilled
    ) {
        return Err(AppError::Conflict(format!(
            "offers are made on open requests; this one is {}",
            facts.status
        )));
    }
    let row = requests::positions(&txn, request)
        .await?
        .into_iter()
        .find(|p| p.id == position.0)
        .ok_or(AppError::NotFound)?;
    let p = requests::position_of(&row)?;
    let shortlisted = requests::saved_entries(&txn, &[position.0])
        .await?
        .iter()
        .any(|e| e.expert_id == expert.0);
    let vetted = expert::Entity::find_by_id(expert.0)
        .one(&txn)
        .await?
        .is_some_and(|e| e.roster_status == RosterStatus::Vetted.as_str());
    if !vetted {
        return Err(AppError::NotFound);
    }
    if !shortlisted {
        return Err(AppError::Conflict(
            "offers go to experts on the position's saved shortlist; save the shortlist first"
                .to_owned(),
        ));
    }
    let taken = deployments::of_request(&txn, request.0)
        .await?
        .iter()
        .filter(|d| {
            d.position_id == position.0 && state_of(d).is_ok_and(DeploymentState::books_dates)
        })
        .count();
    if taken >= usize::from(p.head_count) {
        return Err(AppError::Conflict(format!(
            "every seat of this position is taken ({taken} of {})",
            p.head_count
        )));
    }
    if deployments::of_expert(&txn, expert).await?.iter().any(|d| {
        d.position_id == position.0
            && matches!(state_of(d), Ok(s) if s == DeploymentState::Offered || s.books_dates())
    }) {
        return Err(AppError::Conflict(
            "this expert already holds an offer or a deployment for this position".to_owned(),
        ));
    }
    let id = uuid::Uuid::new_v4();
    deployments::insert(
        &txn,
        deployment::ActiveModel {
            id: Set(id),
            request_id: Set(request.0),
            position_id: Set(position.0),
            expert_id: Set(expert.0),
            state: Set(DeploymentState::Offered.as_str().to_owned()),
            starts_on: Set(p.start_on),
            ends_on: Set(p.end_on()),
            offered_by: Set(actor.user_id.0),
            offered_at: Set(now),
            respond_by: Set(now + Duration::hours(answer_within_hours)),
            answered_at: Set(None),
            answer_reason: Set(None),
            contact_disclosed_at: Set(None),
            on_ground_at: Set(None),
            updated_at: Set(now),
            version: Set(1),
        },
    )
    .await?;
    deployments::add_step(
        &txn,
        id,
        None,
        DeploymentState::Offered,
        Some(actor.user_id),
        Party::Planner,
        None,
        now,
    )
    .await?;
    audit::append(
        &txn,
        AuditEntry {
            actor: Some(actor.user_id),
            action: "deployment.offer",
            record_type: RECORD_TYPE,
            record_id: id.to_string(),
            before: None,
            after: Some(json!({ "request": request.0, "position": position.0, "expert": expert.0, "respond_by": now + Duration::hours(answer_within_hours) })),
        },
        now,
    )
    .await?;
    let e = expert::Entity::find_by_id(expert.0)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    notifications::enqueue(
        &txn,
        NewNotification {
            recipient_user_id: deployments::account_of(&txn, expert).await?.map(|u| u.0),
            recipient_expert_id: Some(expert.0),
            email: e.email.clone(),
            kind: "offer_made",
            subject: format!("Deployment offer: {} ({})", r.mission, r.host_country),
            body: format!(
                "You are offered the position \"{}\" of {} in {}, {}, from {} to {}.\nPlease accept or decline in your portal by {} UTC; the offer lapses after that.\n",
                row.title,
                r.mission,
                r.duty_station,
                r.host_country,
                p.start_on,
                p.end_on(),
                (now + Duration::hours(answer_within_hours)).format("%Y-%m-%d %H:%M")
            ),
            dedup_key: None,
        },
        now,
    )
    .await?;
    crate::server::services::roster::reassess(&txn, &e, now.date_naive()).await?;
    txn.commit().await?;
    Ok(id)
}

/// The expert accepts or declines an offer; their roster office may decline it for them.
pub async fn answer(
    db: &DatabaseConnection,
    actor: &Actor,
    id: &str,
    accept: bool,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<DeploymentState, AppError> {
    let id = uuid::Uuid::parse_str(id.trim()).map_err(|_| AppError::NotFound)?;
    let reason = reason.trim();
    if reason.chars().count() > 2000 {
        return Err(AppError::invalid(
            "reason",
            "the reason is limited to 2000 characters",
        ));
    }
    let (txn, d, e) = begin_decision(db, id).await?;
    let own = deployments::expert_of(&txn, actor.user_id).await? == Some(ExpertId(d.expert_id));
    let facts = OfferFacts {
        state: MemberStateCode::parse(&e.member_state)
            .map_err(|err| internal("stored expert", err))?,
        is_own: own,
    };
    // Someone who may not even see the offer learns nothing about it.
    if authorize(Some(actor), &Action::ViewOffer(facts.clone())).is_err() {
        return Err(AppError::NotFound);
    }
    gate(actor, &Action::AnswerOffer { facts, accept })?;
    let party = if own {
        Party::Expert
    } else {
        Party::RosterOffice
    };
    let from = state_of(&d)?;
    if from == DeploymentState::Offered && d.respond_by < now {
        return Err(AppError::Conflict(
            "the offer lapsed at its deadline; ask the planner for a new one".to_owned(),
        ));
    }
    let step = if accept {
        DeploymentStep::Accept
    } else {
        DeploymentStep::Decline
    };
    let to = next_state(from, step, party).map_err(AppError::Conflict)?;
    if to.books_dates() {
        let taken = deployments::of_expert(&txn, ExpertId(d.expert_id))
            .await?
            .into_iter()
            .filter(|other| other.id != d.id)
            .filter(|other| state_of(other).is_ok_and(DeploymentState::books_dates))
            .find(|other| overlaps((other.starts_on, other.ends_on), (d.starts_on, d.ends_on)));
        if let Some(other) = taken {
            return Err(AppError::Conflict(format!(
                "the expert is already committed from {} to {}, which overlaps this deployment",
                other.starts_on, other.ends_on
            )));
        }
    }
    let reason = (!reason.is_empty()).then(|| reason.to_owned());
    let action = if accept {
        "deployment.accept"
    } else {
        "deployment.decline"
    };
    let mv = Move {
        from,
        to,
        party,
        reason: reason.clone(),
        answered: true,
        action,
    };
    record_move(&txn, actor, &d, &e, &mv, now).await?;
    if let Some(planner) = users::find(&txn, UserId(d.offered_by)).await? {
        notifications::enqueue(
            &txn,
            NewNotification {
                recipient_user_id: Some(planner.id.0),
                recipient_expert_id: None,
                email: planner.email.clone(),
                kind: "offer_answered",
                subject: format!("Offer {}: {} {}", to.as_str(), e.given_names, e.family_name),
                body: format!(
                    "{} {} {} the offer for {} to {}{}.\n",
                    e.given_names,
                    e.family_name,
                    if accept { "accepted" } else { "declined" },
                    d.starts_on,
                    d.ends_on,
                    reason
                        .as_deref()
                        .map(|r| format!(" (reason: {r})"))
                        .unwrap_or_default()
                ),
                dedup_key: None,
            },
            now,
        )
        .await?;
    }
    txn.commit().await.map_err(booking_refused)?;
    Ok(to)
}

/// Offers past their deadline lapse; run by the upkeep loop. Returns how many lapsed.
pub async fn expire_lapsed(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<u64, AppError> {
    let mut lapsed = 0;
    for d in deployments::lapsed_offers(db, now).await? {
        let txn = db.begin().await?;
        if deployments::set_state(&txn, &d, DeploymentState::Expired, now, None).await? {
            deployments::add_step(
                &txn,
                d.id,
                Some(DeploymentState::Offered),
                DeploymentState::Expired,
                None,
                Party::System,
                None,
                now,
            )
            .await?;
            if let Some(e) = expert::Entity::find_by_id(d.expert_id).one(&txn).await? {
                crate::server::services::roster::reassess(&txn, &e, now.date_naive()).await?;
            }
            lapsed += 1;
        }
        txn.commit().await?;
    }
    Ok(lapsed)
}

/// Who is taking a step on `d`: the request's planner (or the secretariat for them), the expert,
/// or the expert's roster office. Anyone else is told the deployment does not exist.
async fn party_of(
    db: &impl ConnectionTrait,
    actor: &Actor,
    d: &deployment::Model,
    e: &expert::Model,
) -> Result<Party, AppError> {
    if deployments::expert_of(db, actor.user_id).await? == Some(ExpertId(d.expert_id)) {
        return Ok(Party::Expert);
    }
    let scope = crate::domain::permissions::request_scope(actor);
    match requests::find(db, &scope, RequestId(d.request_id)).await {
        Ok(r) => {
            if authorize(Some(actor), &Action::EditRequest(requests::facts_of(&r)?)).is_ok() {
                return Ok(Party::Planner);
            }
        }
        Err(AppError::NotFound) => {}
        Err(other) => return Err(other),
    }
    let facts = OfferFacts {
        state: MemberStateCode::parse(&e.member_state)
            .map_err(|err| internal("stored expert", err))?,
        is_own: false,
    };
    match &actor.principal {
        crate::domain::permissions::Principal::RosterManager { .. }
            if authorize(Some(actor), &Action::ViewOffer(facts)).is_ok() =>
        {
            Ok(Party::RosterOffice)
        }
        _ => Err(AppError::NotFound),
    }
}

/// Moves a deployment on: prepare, deploy, extend (to `until`), complete, cancel or withdraw. The
/// state machine decides who may take which step; each step keeps its actor, time and reason.
#[allow(clippy::too_many_arguments)]
pub async fn step(
    db: &DatabaseConnection,
    actor: &Actor,
    id: &str,
    step: &str,
    reason: &str,
    until: &str,
    now: DateTime<Utc>,
) -> Result<DeploymentState, AppError> {
    let id = uuid::Uuid::parse_str(id.trim()).map_err(|_| AppError::NotFound)?;
    let step = DeploymentStep::parse(step)
        .filter(|s| {
            !matches!(
                s,
                DeploymentStep::Accept | DeploymentStep::Decline | DeploymentStep::Expire
            )
        })
        .ok_or_else(|| {
            AppError::invalid(
                "step",
                "prepare, deploy, extend, complete, cancel or withdraw",
            )
        })?;
    let reason = reason.trim();
    if reason.chars().count() > 2000 {
        return Err(AppError::invalid(
            "reason",
            "the reason is limited to 2000 characters",
        ));
    }
    let (txn, d, e) = begin_decision(db, id).await?;
    let party = party_of(&txn, actor, &d, &e).await?;
    let from = state_of(&d)?;
    let to = next_state(from, step, party).map_err(AppError::Conflict)?;
    if matches!(step, DeploymentStep::Cancel | DeploymentStep::Withdraw) && reason.is_empty() {
        return Err(AppError::invalid(
            "reason",
            "say why, for the expert and the record",
        ));
    }
    let mut d = d;
    if step == DeploymentStep::Extend {
        let new_end = crate::domain::expert::parse_iso_date(until)
            .map_err(|err| AppError::invalid("until", err))?;
        if new_end <= d.ends_on {
            return Err(AppError::invalid(
                "until",
                format!("an extension ends after the current end, {}", d.ends_on),
            ));
        }
        let moved = deployment::Entity::update_many()
            .col_expr(
                deployment::Column::EndsOn,
                sea_orm::sea_query::Expr::value(new_end),
            )
            .filter(deployment::Column::Id.eq(d.id))
            .exec(&txn)
            .await
            .map_err(booking_refused)?;
        if moved.rows_affected != 1 {
            return Err(AppError::NotFound);
        }
        d.ends_on = new_end;
    }
    let mv = Move {
        from,
        to,
        party,
        reason: (!reason.is_empty()).then(|| reason.to_owned()),
        answered: false,
        action: "deployment.step",
    };
    record_move(&txn, actor, &d, &e, &mv, now).await?;
    txn.commit().await.map_err(booking_refused)?;
    Ok(to)
}

/// Opens the transaction a decision on one deployment runs in. SQLite takes the write lock at
/// BEGIN, waiting for it, so the transaction never has to upgrade a read snapshot another writer
/// made stale (that fails at once instead of waiting). Decisions about one expert are taken one at
/// a time: hold the deployment, then its expert, and read everything after that.
async fn begin_decision(
    db: &DatabaseConnection,
    id: uuid::Uuid,
) -> Result<(DatabaseTransaction, deployment::Model, expert::Model), AppError> {
    let txn = db
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..TransactionOptions::default()
        })
        .await?;
    hold(&txn, "deployments", id).await?;
    let d = deployments::find(&txn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    hold(&txn, "experts", d.expert_id).await?;
    let e = expert::Entity::find_by_id(d.expert_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((txn, d, e))
}

/// One decided step, for [`record_move`].
struct Move {
    from: DeploymentState,
    to: DeploymentState,
    party: Party,
    reason: Option<String>,
    /// An answer to the offer: its time and reason are kept on the deployment too.
    answered: bool,
    action: &'static str,
}

/// Moves the deployment, keeps the step and the audit event, and re-decides what depends on it:
/// the expert's readiness and how full the request is.
async fn record_move(
    txn: &DatabaseTransaction,
    actor: &Actor,
    d: &deployment::Model,
    e: &expert::Model,
    mv: &Move,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let answered = mv.answered.then(|| mv.reason.clone());
    let moved = deployments::set_state(txn, d, mv.to, now, answered)
        .await
        .map_err(booking_refused)?;
    if !moved {
        return Err(AppError::Conflict(
            "the deployment changed meanwhile; reload it and try again".to_owned(),
        ));
    }
    deployments::add_step(
        txn,
        d.id,
        Some(mv.from),
        mv.to,
        Some(actor.user_id),
        mv.party,
        mv.reason.clone(),
        now,
    )
    .await?;
    audit::append(
        txn,
        AuditEntry {
            actor: Some(actor.user_id),
            action: mv.action,
            record_type: RECORD_TYPE,
            record_id: d.id.to_string(),
            before: Some(json!({ "state": mv.from.as_str() })),
            after: Some(
                json!({ "state": mv.to.as_str(), "ends_on": d.ends_on, "reason": mv.reason }),
            ),
        },
        now,
    )
    .await?;
    crate::server::services::roster::reassess(txn, e, now.date_naive()).await?;
    refresh_fill(txn, d.request_id, actor, now).await
}

/// Moves the request to partially filled or filled once accepted or active deployments take its
/// seats, recorded as a step by whoever took the deciding action.
async fn refresh_fill(
    db: &impl ConnectionTrait,
    request: uuid::Uuid,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    use crate::domain::request::{fill_step, next_status};
    let Some(r) = crate::server::entities::mission_request::Entity::find_by_id(request)
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let status = requests::facts_of(&r)?.status;
    let positions = requests::positions(db, RequestId(r.id)).await?;
    let seats: usize = positions
        .iter()
        .map(|p| usize::try_from(p.head_count).unwrap_or(0))
        .sum();
    let filled = deployments::of_request(db, r.id)
        .await?
        .iter()
        .filter(|d| state_of(d).is_ok_and(|s| s.books_dates() || s == DeploymentState::Completed))
        .count();
    let Some(step) = fill_step(status, filled, seats) else {
        return Ok(());
    };
    let to = next_status(status, step, positions.len()).map_err(AppError::Conflict)?;
    match requests::set_status(db, &r, to, actor.user_id, now).await {
        // A planner's edit won the race for the request's row; the next step recounts.
        Err(AppError::Conflict(_)) => Ok(()),
        other => other,
    }
}
