//! Readiness upkeep: the facts a tier is decided on, re-deciding one expert's tier, and the daily pass over every due record.
use super::expert_record::stored_status;
use crate::{
    domain::{
        ids::ExpertId,
        readiness::{self, AvailabilityKind, ReadinessFacts, STANDARD_DEPLOYMENT_DAYS, Window},
        vetting::{CheckKind, CheckRecord, CheckStatus, RosterStatus},
    },
    error::AppError,
    server::{
        entities::{availability_window, expert, vetting_check},
        repo::{
            experts::{self},
            vetting,
        },
    },
};
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DatabaseConnection};

pub fn check_records(checks: &[vetting_check::Model]) -> Vec<CheckRecord> {
    checks
        .iter()
        .filter_map(|c| {
            Some(CheckRecord {
                kind: CheckKind::parse(&c.kind)?,
                status: CheckStatus::parse(&c.status)?,
                done_on: c.done_on,
                expires_on: c.expires_on,
            })
        })
        .collect()
}

/// The facts readiness is decided on; the declared availability counts as one more window.
pub fn readiness_facts(
    e: &expert::Model,
    status: RosterStatus,
    checks: &[vetting_check::Model],
    windows: &[availability_window::Model],
    committed: bool,
) -> ReadinessFacts {
    let mut all: Vec<Window> = windows
        .iter()
        .map(|w| Window {
            kind: if w.kind == "unavailable" {
                AvailabilityKind::Unavailable
            } else {
                AvailabilityKind::Available
            },
            from: w.starts_on,
            to: w.ends_on,
        })
        .collect();
    if e.available_from.is_some() || e.available_to.is_some() {
        all.push(Window {
            kind: AvailabilityKind::Available,
            from: e.available_from.unwrap_or(NaiveDate::MIN),
            to: e.available_to.unwrap_or(NaiveDate::MAX),
        });
    }
    ReadinessFacts {
        status,
        checks: check_records(checks),
        windows: all,
        notice_days: u16::try_from(e.notice_days).unwrap_or(u16::MAX),
        last_confirmed: e.last_confirmed_on,
        committed,
    }
}

/// Re-decides one expert's tier from what is stored and keeps it on the record for list filters.
pub async fn reassess(
    db: &impl ConnectionTrait,
    e: &expert::Model,
    today: NaiveDate,
) -> Result<readiness::Readiness, AppError> {
    let id = ExpertId(e.id);
    let checks = vetting::checks_of(db, id).await?;
    let windows = vetting::windows_of(db, id).await?;
    let committed = crate::server::repo::deployments::is_committed(db, id, today).await?;
    let facts = readiness_facts(e, stored_status(e)?, &checks, &windows, committed);
    let verdict = readiness::assess(&facts, today, STANDARD_DEPLOYMENT_DAYS);
    if verdict.tier.as_str() != e.readiness_tier || e.readiness_on != today {
        experts::set_tier(db, id, verdict.tier, today).await?;
    }
    Ok(verdict)
}

/// Brings every stored tier up to `today`; run at start and then daily, safe on several instances.
pub async fn reassess_due(db: &DatabaseConnection, today: NaiveDate) -> Result<u64, AppError> {
    let mut done = 0;
    loop {
        let txn = crate::server::tx::write(db).await?;
        let ids = experts::take_due_for_reassessment(&txn, today, 500).await?;
        if ids.is_empty() {
            txn.commit().await?;
            return Ok(done);
        }
        for id in ids {
            if let Some(e) = experts::by_id(&txn, ExpertId(id)).await? {
                reassess(&txn, &e, today).await?;
                done += 1;
            }
        }
        txn.commit().await?;
    }
}
