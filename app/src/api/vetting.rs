//! Vetting: roster-status decisions, vetting checks, the queue, expiring credentials, the audit log.
use crate::{api::roster::AuditRow, error::AppError};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueRow {
    pub id: String,
    pub name: String,
    pub member_state: String,
    pub status: String,
    pub waiting_since: String,
    /// Checks passed so far, of the five mandatory ones.
    pub checks_passed: u8,
    /// Other states' records that probably name the same person.
    pub duplicates: Vec<DuplicateView>,
}

/// Another state's record that probably names the same person: the secretariat's to see only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateView {
    pub id: String,
    pub name: String,
    pub member_state: String,
    pub status: String,
    /// Reason slugs (`same_email`, `same_name_and_birth_date`).
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpiringRow {
    pub expert_id: String,
    pub name: String,
    pub member_state: String,
    pub kind: String,
    pub expires_on: String,
    pub days_left: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub rows: Vec<AuditRow>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
}

/// Moves an expert to another roster status; every decision carries its reason.
#[server(endpoint = "change_roster_status", prefix = "/api")]
pub async fn change_roster_status(id: String, to: String, reason: String) -> Result<(), AppError> {
    use crate::{
        domain::{ids::ExpertId, permissions::Action},
        server::{context, services::vetting},
    };
    context::respond(
        async {
            let actor = context::require(Action::ViewRoster)?;
            let id = ExpertId::parse(&id).ok_or(AppError::NotFound)?;
            let (today, now) = (context::today(), chrono::Utc::now());
            vetting::change_status(&context::db()?, &actor, id, &to, &reason, today, now).await
        }
        .await,
    )
}

/// The secretariat records that two records flagged as one person are different people.
#[server(endpoint = "dismiss_duplicate", prefix = "/api")]
pub async fn dismiss_duplicate(id: String, other: String, reason: String) -> Result<(), AppError> {
    use crate::{
        domain::{ids::ExpertId, permissions::Action},
        server::{context, services::vetting},
    };
    context::respond(
        async {
            let actor = context::require(Action::Vet)?;
            let id = ExpertId::parse(&id).ok_or(AppError::NotFound)?;
            let other = ExpertId::parse(&other).ok_or(AppError::NotFound)?;
            vetting::dismiss_duplicate(
                &context::db()?,
                &actor,
                id,
                other,
                &reason,
                chrono::Utc::now(),
            )
            .await
        }
        .await,
    )
}

#[server(endpoint = "record_check", prefix = "/api")]
pub async fn record_check(
    id: String,
    kind: String,
    status: String,
    done_on: String,
    expires_on: String,
    note: String,
) -> Result<(), AppError> {
    use crate::{
        domain::{ids::ExpertId, permissions::Action},
        server::{context, services::vetting},
    };
    context::respond(
        async {
            let actor = context::require(Action::Vet)?;
            let id = ExpertId::parse(&id).ok_or(AppError::NotFound)?;
            let input = vetting::CheckInput {
                kind,
                status,
                done_on,
                expires_on,
                note,
            };
            let (today, now) = (context::today(), chrono::Utc::now());
            vetting::record_check(&context::db()?, &actor, id, input, today, now).await
        }
        .await,
    )
}

#[server(endpoint = "vetting_queue", prefix = "/api")]
pub async fn vetting_queue() -> Result<Vec<QueueRow>, AppError> {
    use crate::{
        domain::permissions::Action,
        server::{context, services::vetting},
    };
    context::respond(
        async {
            context::require(Action::Vet)?;
            vetting::queue(&context::db()?).await
        }
        .await,
    )
}

/// Passed checks expiring within `days` (30, 60 or 90) from today.
#[server(endpoint = "expiring_checks", prefix = "/api")]
pub async fn expiring_checks(days: u32) -> Result<Vec<ExpiringRow>, AppError> {
    use crate::{
        domain::permissions::Action,
        server::{context, services::vetting},
    };
    context::respond(
        async {
            context::require(Action::Vet)?;
            vetting::expiring(&context::db()?, days, context::today()).await
        }
        .await,
    )
}

#[server(endpoint = "audit_log", prefix = "/api")]
pub async fn audit_log(
    record_type: String,
    record_id: String,
    action: String,
    from: String,
    until: String,
    page: String,
) -> Result<AuditPage, AppError> {
    use crate::{
        domain::permissions::Action,
        server::{context, services::vetting},
    };
    context::respond(
        async {
            context::require(Action::ViewAuditLog)?;
            let filter = vetting::AuditFilterInput {
                record_type,
                record_id,
                action,
                from,
                until,
                page,
            };
            vetting::audit_log(&context::db()?, filter).await
        }
        .await,
    )
}

/// Verifies (`decision=verify`) or refuses (`decision=refuse`) a language an expert declared.
#[server(endpoint = "decide_language_claim", prefix = "/api")]
pub async fn decide_language_claim(id: String, decision: String) -> Result<(), AppError> {
    use crate::{
        domain::permissions::Action,
        server::{context, services::language_claims},
    };
    context::respond(
        async {
            let actor = context::require(Action::Vet)?;
            let verify = match decision.trim() {
                "verify" => true,
                "refuse" => false,
                _ => return Err(AppError::invalid("decision", "verify or refuse")),
            };
            language_claims::decide(&context::db()?, &actor, &id, verify, chrono::Utc::now()).await
        }
        .await,
    )
}
