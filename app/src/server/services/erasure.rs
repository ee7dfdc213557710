//! Erasing an expert's personal data on their request (the secretariat), and reducing records
//! whose retention period has passed (the daily upkeep); both leave an audit event that says what
//! was erased, by whom and why, never the erased values.
use crate::{
    domain::{
        deployment::DeploymentState,
        ids::ExpertId,
        permissions::{Action, Actor},
        retention::{self, ERASED_FIELDS, RetentionPeriod},
    },
    error::AppError,
    server::{
        entities::expert,
        gate, password,
        repo::{
            audit::{self, AuditEntry},
            erasure::{self, Erasure, Reduced},
            experts, imports,
            locks::{self, Held},
        },
        services::expert_record::{self, RECORD_TYPE},
        tx,
    },
};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde_json::json;

/// Records reduced per transaction by the upkeep: short transactions beside people's work.
const BATCH: u64 = 50;
/// At most this many batches per upkeep run; the rest wait for the next run.
const MAX_BATCHES: usize = 40;

/// The secretariat erases an expert on their request. Refused (nothing changed) while the
/// person is on the roster or a deployment of theirs is under way.
pub async fn erase(
    db: &DatabaseConnection,
    actor: &Actor,
    id: ExpertId,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let reason = retention::parse_reason(reason).map_err(|m| AppError::invalid("reason", m))?;
    // Made before the transaction: hashing takes a while and needs no lock.
    let unusable = password::hash_unguessable().await?;
    let txn = tx::write(db).await?;
    locks::hold(&txn, Held::Experts, id.0).await?;
    // A record already erased is in no scope: a second erasure finds nothing, like anyone who
    // may not see the record.
    let (e, facts) = expert_record::visible(&txn, actor, id).await?;
    gate::check(
        actor,
        &Action::EraseExpert {
            state: facts.state.clone(),
        },
    )?;
    let states = deployment_states(&txn, id).await?;
    retention::may_erase(facts.status, &states).map_err(|r| AppError::Conflict(r.to_string()))?;
    let done = erasure::reduce(&txn, &e, Erasure::Request, &unusable, now).await?;
    record(&txn, Some(actor), &e, Erasure::Request, &reason, &done, now).await?;
    txn.commit().await?;
    tracing::info!(expert = %id, "expert erased on request");
    Ok(())
}

/// Reduces every record whose retention period has passed on `today`; returns how many.
pub async fn reduce_due(
    db: &DatabaseConnection,
    period: RetentionPeriod,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    let cutoff = period.cutoff(today);
    // Upload reports keep rejected rows as typed, of people who may never have become records.
    let reports =
        imports::drop_reports_before(db, cutoff.and_time(NaiveTime::MIN).and_utc()).await?;
    if reports > 0 {
        tracing::info!(reports, "upload reports past the retention period dropped");
    }
    let mut unusable: Option<String> = None;
    let mut reduced = 0;
    for _ in 0..MAX_BATCHES {
        if erasure::due_for_reduction(db, cutoff, 1).await?.is_empty() {
            break;
        }
        let hash = match &unusable {
            Some(h) => h.clone(),
            None => unusable.insert(password::hash_unguessable().await?).clone(),
        };
        let txn = tx::write(db).await?;
        let due = erasure::due_for_reduction(&txn, cutoff, BATCH).await?;
        let mut in_batch = 0;
        for candidate in due {
            let id = ExpertId(candidate.id);
            locks::hold(&txn, Held::Experts, id.0).await?;
            // Read again under the lock: someone may have re-nominated them meanwhile.
            let Some(e) = experts::by_id(&txn, id).await? else {
                continue;
            };
            let status = expert_record::facts_of(&e)?.status;
            let last = erasure::last_activity(&txn, &e).await?;
            if e.erased_at.is_some() || !retention::reduction_due(status, last, today, period) {
                continue;
            }
            let done = erasure::reduce(&txn, &e, Erasure::Retention, &hash, now).await?;
            let reason = format!(
                "retention period of {} days passed since the last decision or deployment ({last})",
                period.days()
            );
            record(&txn, None, &e, Erasure::Retention, &reason, &done, now).await?;
            in_batch += 1;
        }
        txn.commit().await?;
        reduced += in_batch;
        if in_batch == 0 {
            break;
        }
    }
    Ok(reduced)
}

async fn deployment_states(
    db: &impl ConnectionTrait,
    id: ExpertId,
) -> Result<Vec<DeploymentState>, AppError> {
    erasure::deployments_of(db, id)
        .await?
        .into_iter()
        .map(|d| {
            DeploymentState::parse(&d.state).ok_or_else(|| {
                crate::server::errors::internal(
                    "erasure",
                    format!("unknown deployment state {}", d.state),
                )
            })
        })
        .collect()
}

async fn record(
    db: &impl ConnectionTrait,
    actor: Option<&Actor>,
    e: &expert::Model,
    kind: Erasure,
    reason: &str,
    done: &Reduced,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    audit::append(
        db,
        AuditEntry::new(actor.map(|a| a.user_id), "expert.erased", RECORD_TYPE, e.id).after(
            json!({
                "erasure": kind.as_str(),
                "reason": reason,
                "member_state": e.member_state,
                "fields": ERASED_FIELDS,
                "rows_deleted": done.rows_deleted,
                "rows_blanked": done.rows_blanked,
                "audit_events_redacted": done.audit_events_redacted,
                "account_closed": done.account_closed,
            }),
        ),
        now,
    )
    .await
}
