//! Moving an expert's roster status and everything that follows from it, in the caller's
//! transaction: the history entry with its reason, the release of whatever the expert held once
//! they are no longer vetted, and their readiness. Every status move goes through here — a
//! decision on the record, and an identity change sending a record back to review alike.
use crate::{
    domain::{
        identity::Revetting,
        ids::{ExpertId, UserId},
        readiness::Tier,
        vetting::{CheckStatus, RosterStatus},
    },
    error::AppError,
    server::{
        entities::{expert, vetting_check},
        repo::{
            audit::{self, AuditEntry},
            experts, vetting,
        },
        services::{deployments, expert_record, readiness},
    },
};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::DatabaseTransaction;
use serde_json::json;

/// One status move, as decided by the vetting rules or by an identity change.
pub struct StatusMove<'a> {
    pub expert: ExpertId,
    pub from: RosterStatus,
    pub to: RosterStatus,
    pub reason: &'a str,
    /// `None` for the command line.
    pub actor: Option<UserId>,
}

/// Records the move. `from == to` only adds the history entry (an identity change of a record
/// already under review still says why in its history).
pub async fn apply(
    txn: &DatabaseTransaction,
    mv: StatusMove<'_>,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if mv.from != mv.to {
        experts::set_status(txn, mv.expert, mv.to, Tier::NotReady, today, now).await?;
    }
    vetting::add_status_change(
        txn,
        vetting::StatusChange {
            expert: mv.expert,
            from: Some(mv.from),
            to: mv.to,
            reason: mv.reason,
            actor: mv.actor,
            at: now,
        },
    )
    .await?;
    // Only a vetted expert is offered or booked: anything else lets go of every seat.
    if mv.to != RosterStatus::Vetted {
        deployments::release_held(txn, mv.expert, mv.actor, now).await?;
    }
    if let Some(updated) = experts::by_id(txn, mv.expert).await? {
        readiness::reassess(txn, &updated, today).await?;
    }
    Ok(())
}

/// Sends a record whose identity changed back to vetting: the checks that vouched for the old
/// identity need doing again, and a vetted, suspended or under-review record goes to review.
/// Audited as one event naming the fields; the caller audits the edit itself.
pub async fn revet(
    txn: &DatabaseTransaction,
    e: &expert::Model,
    from: RosterStatus,
    revetting: &Revetting,
    actor: Option<UserId>,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let id = ExpertId(e.id);
    let checks = vetting::checks_of(txn, id).await?;
    let mut reopened = Vec::new();
    for c in checks {
        let vouching = crate::domain::vetting::CheckKind::parse(&c.kind)
            .is_some_and(|k| k.vouches_for_identity());
        if !vouching || c.status != CheckStatus::Passed.as_str() {
            continue;
        }
        let was = c
            .done_on
            .map(|d| format!("; passed {d} for the earlier identity"))
            .unwrap_or_default();
        reopened.push(c.kind.clone());
        vetting::upsert_check(
            txn,
            vetting_check::Model {
                status: CheckStatus::Pending.as_str().to_owned(),
                done_on: None,
                expires_on: None,
                recorded_by: None,
                recorded_at: now,
                note: Some(format!("verify again: {}{was}", revetting.reason)),
                ..c
            },
        )
        .await?;
    }
    audit::append(
        txn,
        AuditEntry::new(actor, "expert.revetting", expert_record::RECORD_TYPE, id).before(json!({ "roster_status": from.as_str() })).after(json!({
                "roster_status": if revetting.to_review { RosterStatus::UnderReview.as_str() } else { from.as_str() },
                "reason": revetting.reason,
                "checks_to_verify_again": reopened,
            })),
        now,
    )
    .await?;
    if revetting.to_review {
        apply(
            txn,
            StatusMove {
                expert: id,
                from,
                to: RosterStatus::UnderReview,
                reason: &revetting.reason,
                actor,
            },
            today,
            now,
        )
        .await?;
    } else if let Some(updated) = experts::by_id(txn, ExpertId(e.id)).await? {
        readiness::reassess(txn, &updated, today).await?;
    }
    Ok(())
}
