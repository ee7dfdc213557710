//! Offers and deployments: a planner offers a shortlisted expert a position, the expert accepts or
//! declines (their roster office may decline for them), offers lapse at their deadline or when the
//! position's last seat is taken, no expert is ever booked twice over the same days, no position
//! holds more experts than its seats, and only a vetted expert holds anything.
use super::requests::{self as request_service};
use crate::{
    domain::{
        deployment::{DeploymentState, DeploymentStep, Party, next_state, overlaps, release_step},
        ids::{DeploymentId, ExpertId, PositionId, RequestId, UserId},
        permissions::{Action, Actor, deployment_party},
        request::RequestStatus,
        vetting::RosterStatus,
    },
    error::AppError,
    server::{
        entities::{deployment, expert},
        errors::internal,
        gate,
        repo::{
            audit::{self, AuditEntry},
            deployments, facts,
            locks::{self, Held},
            notifications::{self, NewNotification},
            requests, users,
        },
    },
};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter,
};
use serde_json::json;
use std::collections::BTreeSet;

pub const RECORD_TYPE: &str = "deployment";
/// Offers give between one hour and fourteen days to answer.
const MAX_ANSWER_HOURS: i64 = 14 * 24;

fn state_of(d: &deployment::Model) -> Result<DeploymentState, AppError> {
    DeploymentState::parse(&d.state)
        .ok_or_else(|| internal("stored deployment", format!("unknown state on {}", d.id)))
}

/// Why the system released what an expert held, in words every party may read: the reason for
/// a status change stays with the secretariat and the nominating office.
pub const NO_LONGER_VETTED: &str = "the expert is no longer on the vetted roster";
/// Why the system let an offer lapse once the position's last seat was taken.
pub const SEATS_TAKEN: &str = "every seat of this position has been taken";

/// Seats of `position` held by deployments other than `except`.
async fn seats_held(
    db: &impl ConnectionTrait,
    request: uuid::Uuid,
    position: uuid::Uuid,
    except: Option<uuid::Uuid>,
) -> Result<usize, AppError> {
    Ok(deployments::of_request(db, request)
        .await?
        .iter()
        .filter(|d| d.position_id == position && Some(d.id) != except)
        .filter(|d| state_of(d).is_ok_and(DeploymentState::holds_seat))
        .count())
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
    let txn = crate::server::tx::write(db).await?;
    // Two planners offering one expert at once are answered one after the other.
    locks::hold(&txn, Held::Experts, expert.0).await?;
    let r = request_service::visible(&txn, actor, request).await?;
    let facts = requests::facts_of(&r)?;
    gate::check(actor, &Action::EditRequest(facts.clone()))?;
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
    let taken = seats_held(&txn, request.0, position.0, None).await?;
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
        AuditEntry::new(Some(actor.user_id), "deployment.offer", RECORD_TYPE, id).after(json!({ "request": request.0, "position": position.0, "expert": expert.0, "respond_by": now + Duration::hours(answer_within_hours) })),
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
            invitation_id: None,
        },
        now,
    )
    .await?;
    crate::server::services::readiness::reassess(&txn, &e, now.date_naive()).await?;
    txn.commit().await?;
    Ok(id)
}

/// The expert accepts or declines an offer; their roster office may decline it for them.
pub async fn answer(
    db: &DatabaseConnection,
    actor: &Actor,
    id: DeploymentId,
    accept: bool,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<DeploymentState, AppError> {
    let reason = reason.trim();
    if reason.chars().count() > 2000 {
        return Err(AppError::invalid(
            "reason",
            "the reason is limited to 2000 characters",
        ));
    }
    let (txn, d, e) = begin_decision(db, id.0, accept).await?;
    // Judged again on what the transaction holds: the door judged before the rows were held.
    let facts = facts::deployment(&txn, actor.user_id, id).await?;
    // Someone who may not even see the offer learns nothing about it.
    gate::see(actor, &Action::ViewOffer(facts.offer.clone()))?;
    let own = facts.offer.is_own;
    gate::check(
        actor,
        &Action::AnswerOffer {
            facts: facts.offer,
            accept,
        },
    )?;
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
    let head_count = if accept {
        accept_allowed(&txn, &d, &e).await?
    } else {
        0
    };
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
    // Counted with this acceptance, before the request's row is taken by `record_move`.
    let mut lapsed = Vec::new();
    if accept && seats_held(&txn, d.request_id, d.position_id, Some(d.id)).await? + 1 >= head_count
    {
        lapsed = lapse_open_offers(&txn, &d, now).await?;
    }
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
                invitation_id: None,
            },
            now,
        )
        .await?;
    }
    txn.commit().await?;
    reassess_each(db, lapsed, now).await;
    Ok(to)
}

/// Only a vetted expert takes a seat, and only while the position has one free. The position is
/// held (by [`begin_decision`]), so two experts taking its last seat at once are answered one
/// after the other (the database refuses an extra seat as well). Returns the head count.
async fn accept_allowed(
    txn: &DatabaseTransaction,
    d: &deployment::Model,
    e: &expert::Model,
) -> Result<usize, AppError> {
    let status = RosterStatus::parse(&e.roster_status)
        .ok_or_else(|| internal("stored expert", format!("unknown status on {}", e.id)))?;
    if status != RosterStatus::Vetted {
        return Err(AppError::Conflict(format!(
            "this offer can no longer be accepted: the roster status is {status}, and only vetted experts are booked"
        )));
    }
    let row = requests::positions(txn, RequestId(d.request_id))
        .await?
        .into_iter()
        .find(|p| p.id == d.position_id)
        .ok_or(AppError::NotFound)?;
    let head_count = usize::try_from(row.head_count).unwrap_or(0);
    if seats_held(txn, d.request_id, d.position_id, Some(d.id)).await? >= head_count {
        return Err(AppError::Conflict(format!(
            "this offer can no longer be accepted: {SEATS_TAKEN}"
        )));
    }
    Ok(head_count)
}

/// A step the system takes on its own, with the reason every party reads on the timeline. The
/// deployment is held and read again first; `step(state)` names the step to take from the state
/// found then, if any. Returns the new state, or `None` when nothing was left to do.
async fn system_step(
    txn: &DatabaseTransaction,
    id: uuid::Uuid,
    step: impl Fn(DeploymentState) -> Option<DeploymentStep>,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Option<(deployment::Model, DeploymentState)>, AppError> {
    locks::hold(txn, Held::Deployments, id).await?;
    let Some(d) = deployments::find(txn, id).await? else {
        return Ok(None);
    };
    let from = state_of(&d)?;
    let Some(step) = step(from) else {
        return Ok(None);
    };
    let to = next_state(from, step, Party::System).map_err(AppError::Conflict)?;
    if !deployments::set_state(txn, &d, to, now, None).await? {
        return Err(AppError::Conflict(
            "the deployment changed meanwhile; reload it and try again".to_owned(),
        ));
    }
    deployments::add_step(
        txn,
        d.id,
        Some(from),
        to,
        None,
        Party::System,
        Some(reason.to_owned()),
        now,
    )
    .await?;
    audit::append(
        txn,
        AuditEntry::new(None, "deployment.released", RECORD_TYPE, d.id)
            .before(json!({ "state": from.as_str() }))
            .after(json!({ "state": to.as_str(), "reason": reason })),
        now,
    )
    .await?;
    Ok(Some((d, to)))
}

/// Once a position's last seat is taken, every other offer for it lapses: nobody is left holding
/// an offer that can no longer be accepted. Returns the experts whose offer lapsed: their
/// readiness is re-decided after the commit, each in a transaction of its own, since holding
/// other experts' rows here could make two acceptances wait for each other.
async fn lapse_open_offers(
    txn: &DatabaseTransaction,
    taken: &deployment::Model,
    now: DateTime<Utc>,
) -> Result<Vec<ExpertId>, AppError> {
    let mut lapsed = Vec::new();
    let open: Vec<deployment::Model> = deployments::of_request(txn, taken.request_id)
        .await?
        .into_iter()
        .filter(|d| d.position_id == taken.position_id && d.id != taken.id)
        .filter(|d| state_of(d).is_ok_and(|s| s == DeploymentState::Offered))
        .collect();
    let expire =
        |s: DeploymentState| (s == DeploymentState::Offered).then_some(DeploymentStep::Expire);
    for d in open {
        if system_step(txn, d.id, expire, SEATS_TAKEN, now)
            .await?
            .is_none()
        {
            continue;
        }
        if let Some(e) = expert::Entity::find_by_id(d.expert_id).one(txn).await? {
            notifications::enqueue(
                txn,
                NewNotification {
                    recipient_user_id: deployments::account_of(txn, ExpertId(e.id))
                        .await?
                        .map(|u| u.0),
                    recipient_expert_id: Some(e.id),
                    email: e.email.clone(),
                    kind: "offer_lapsed",
                    subject: "A deployment offer has lapsed".to_owned(),
                    body: format!(
                        "The offer for {} to {} has lapsed: {SEATS_TAKEN}. Nothing more is needed from you.\n",
                        d.starts_on, d.ends_on
                    ),
                    dedup_key: None,
                    invitation_id: None,
                },
                now,
            )
            .await?;
            lapsed.push(ExpertId(e.id));
        }
    }
    Ok(lapsed)
}

/// Re-decides the readiness of experts whose offers the system let lapse, each on its own. A
/// failure is logged and left to the daily upkeep, which re-decides every expert anyway.
async fn reassess_each(db: &DatabaseConnection, experts: Vec<ExpertId>, now: DateTime<Utc>) {
    for id in experts {
        let result = async {
            let txn = crate::server::tx::write(db).await?;
            locks::hold(&txn, Held::Experts, id.0).await?;
            if let Some(e) = expert::Entity::find_by_id(id.0).one(&txn).await? {
                crate::server::services::readiness::reassess(&txn, &e, now.date_naive()).await?;
            }
            txn.commit().await?;
            Ok::<(), AppError>(())
        }
        .await;
        if let Err(err) = result {
            tracing::warn!(expert = %id, error = %err, "readiness not re-decided after a lapse");
        }
    }
}

/// Releases everything `expert` holds once they are no longer vetted: open offers lapse, bookings
/// not yet on the ground are cancelled, deployments on the ground are withdrawn, each step with
/// [`NO_LONGER_VETTED`] as its reason, and each request recounts its seats. The planner is told
/// that a seat came free, not why. The caller re-decides the expert's readiness.
pub async fn release_held(
    txn: &DatabaseTransaction,
    expert: ExpertId,
    actor: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    let mut touched = BTreeSet::new();
    let mut released = 0;
    for seen in deployments::of_expert(txn, expert).await? {
        if release_step(state_of(&seen)?).is_none() {
            continue;
        }
        let Some((d, to)) = system_step(txn, seen.id, release_step, NO_LONGER_VETTED, now).await?
        else {
            continue;
        };
        released += 1;
        touched.insert(d.request_id);
        if let Some(planner) = users::find(txn, UserId(d.offered_by)).await?
            && let Some(r) =
                crate::server::entities::mission_request::Entity::find_by_id(d.request_id)
                    .one(txn)
                    .await?
        {
            notifications::enqueue(
                txn,
                NewNotification {
                    recipient_user_id: Some(planner.id.0),
                    recipient_expert_id: None,
                    email: planner.email.clone(),
                    kind: "deployment_released",
                    subject: format!("A seat came free: {} ({})", r.mission, r.host_country),
                    body: format!(
                        "A deployment on your request \"{}\" from {} to {} is now {}: {NO_LONGER_VETTED}. The seat is free again; the request page shows it.\n",
                        r.mission,
                        d.starts_on,
                        d.ends_on,
                        to.as_str()
                    ),
                    dedup_key: None,
                    invitation_id: None,
                },
                now,
            )
            .await?;
        }
    }
    for request in touched {
        refresh_fill(txn, request, actor, now).await?;
    }
    Ok(released)
}

/// Offers past their deadline lapse; run by the upkeep loop. Returns how many lapsed.
pub async fn expire_lapsed(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<u64, AppError> {
    let mut lapsed = 0;
    for d in deployments::lapsed_offers(db, now).await? {
        let txn = crate::server::tx::write(db).await?;
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
                crate::server::services::readiness::reassess(&txn, &e, now.date_naive()).await?;
            }
            lapsed += 1;
        }
        txn.commit().await?;
    }
    Ok(lapsed)
}

/// Moves a deployment on: prepare, deploy, extend (to `until`), complete, cancel or withdraw. The
/// state machine decides who may take which step; each step keeps its actor, time and reason.
#[allow(clippy::too_many_arguments)]
pub async fn step(
    db: &DatabaseConnection,
    actor: &Actor,
    id: DeploymentId,
    step: DeploymentStep,
    reason: &str,
    until: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Result<DeploymentState, AppError> {
    if matches!(
        step,
        DeploymentStep::Accept | DeploymentStep::Decline | DeploymentStep::Expire
    ) {
        return Err(AppError::invalid(
            "step",
            "prepare, deploy, extend, complete, cancel or withdraw",
        ));
    }
    let reason = reason.trim();
    if reason.chars().count() > 2000 {
        return Err(AppError::invalid(
            "reason",
            "the reason is limited to 2000 characters",
        ));
    }
    let (txn, d, e) = begin_decision(db, id.0, false).await?;
    let facts = facts::deployment(&txn, actor.user_id, id).await?;
    gate::see(actor, &Action::StepDeployment(facts.clone()))?;
    let party = deployment_party(actor, &facts).ok_or(AppError::NotFound)?;
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
        let new_end = until.ok_or_else(|| AppError::invalid("until", "the new end date"))?;
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
            .await?;
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
    txn.commit().await?;
    Ok(to)
}

/// Opens the transaction a decision on one deployment runs in. SQLite takes the write lock at
/// BEGIN, waiting for it, so the transaction never has to upgrade a read snapshot another writer
/// made stale (that fails at once instead of waiting).
///
/// On PostgreSQL, rows are taken in one order by every writer, so two of them never wait for each
/// other: the expert, then (to take a seat) the position, then deployments, then the request.
/// Decisions about one expert are thus taken one at a time, and everything is read after its row
/// is held.
async fn begin_decision(
    db: &DatabaseConnection,
    id: uuid::Uuid,
    takes_seat: bool,
) -> Result<(DatabaseTransaction, deployment::Model, expert::Model), AppError> {
    let txn = crate::server::tx::write(db).await?;
    // Which expert and position: fixed for the life of a deployment, so readable before holding.
    let seen = deployments::find(&txn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    locks::hold(&txn, Held::Experts, seen.expert_id).await?;
    if takes_seat {
        locks::hold(&txn, Held::Positions, seen.position_id).await?;
    }
    locks::hold(&txn, Held::Deployments, id).await?;
    let d = deployments::find(&txn, id)
        .await?
        .ok_or(AppError::NotFound)?;
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
    let moved = deployments::set_state(txn, d, mv.to, now, answered).await?;
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
        AuditEntry::new(Some(actor.user_id), mv.action, RECORD_TYPE, d.id)
            .before(json!({ "state": mv.from.as_str() }))
            .after(json!({ "state": mv.to.as_str(), "ends_on": d.ends_on, "reason": mv.reason })),
        now,
    )
    .await?;
    crate::server::services::readiness::reassess(txn, e, now.date_naive()).await?;
    refresh_fill(txn, d.request_id, Some(actor.user_id), now).await
}

/// Moves the request to partially filled, filled or back to open as deployments take and release
/// its seats, recorded as a step by whoever took the deciding action (nobody: the system).
async fn refresh_fill(
    db: &impl ConnectionTrait,
    request: uuid::Uuid,
    actor: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    use crate::domain::request::{fill_step, next_status};
    // Held, then read: two deployments of one request deciding at once count one after the other.
    locks::hold(db, Held::Requests, request).await?;
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
        .filter(|d| state_of(d).is_ok_and(DeploymentState::holds_seat))
        .count();
    let Some(step) = fill_step(status, filled, seats) else {
        return Ok(());
    };
    let to = next_status(status, step, positions.len()).map_err(AppError::Conflict)?;
    match requests::set_status(db, &r, to, actor, now).await {
        // A planner's edit won the race for the request's row; the next step recounts.
        Err(AppError::Conflict(_)) => Ok(()),
        other => other,
    }
}
