//! Vetting: roster-status decisions, vetting checks, the queue, expiring credentials, the audit log.
use crate::{error::AppError, views::vetting::*};
use leptos::prelude::*;

/// Moves an expert to another roster status; every decision carries its reason.
#[server(endpoint = "change_roster_status", prefix = "/api")]
pub async fn change_roster_status(id: String, to: String, reason: String) -> Result<(), AppError> {
    use crate::server::door::prelude::*;
    use crate::{domain::vetting::RosterStatus, server::services::vetting};
    Door::serve(Action::ViewRoster, async |d| {
        let id = door::id(&id)?;
        let to =
            RosterStatus::parse(&to).ok_or_else(|| AppError::invalid("to", "unknown status"))?;
        d.may_act_on_expert(id, |state| Action::ChangeRosterStatus { state })
            .await?;
        vetting::change_status(&d.db, &d.actor, id, to, &reason, d.today, d.now).await
    })
    .await
}

/// The secretariat records that two records flagged as one person are different people.
#[server(endpoint = "dismiss_duplicate", prefix = "/api")]
pub async fn dismiss_duplicate(id: String, other: String, reason: String) -> Result<(), AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::vetting;
    Door::serve(Action::Vet, async |d| {
        let (id, other) = (door::id(&id)?, door::id(&other)?);
        vetting::dismiss_duplicate(&d.db, &d.actor, id, other, &reason, d.now).await
    })
    .await
}

/// Records a vetting check. Its fields come as the form sent them: the vetting rules read them
/// together, so that every field's problem is reported at once.
#[server(endpoint = "record_check", prefix = "/api")]
pub async fn record_check(
    id: String,
    kind: String,
    status: String,
    done_on: String,
    expires_on: String,
    note: String,
) -> Result<(), AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::vetting;
    Door::serve(Action::Vet, async |d| {
        let id = door::id(&id)?;
        let input = vetting::CheckInput {
            kind,
            status,
            done_on,
            expires_on,
            note,
        };
        vetting::record_check(&d.db, &d.actor, id, input, d.today, d.now).await
    })
    .await
}

#[server(endpoint = "vetting_queue", prefix = "/api")]
pub async fn vetting_queue() -> Result<Vec<QueueRow>, AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::vetting;
    Door::serve(Action::Vet, async |d| vetting::queue(&d.db).await).await
}

/// Passed checks expiring within `days` (30, 60 or 90) from today.
#[server(endpoint = "expiring_checks", prefix = "/api")]
pub async fn expiring_checks(days: u32) -> Result<Vec<ExpiringRow>, AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::vetting;
    Door::serve(Action::Vet, async |d| {
        vetting::expiring(&d.db, days, d.today).await
    })
    .await
}

/// The audit log, filtered. The filter comes as the form sent it, so that every field's problem
/// is reported at once.
#[server(endpoint = "audit_log", prefix = "/api")]
pub async fn audit_log(
    record_type: String,
    record_id: String,
    action: String,
    from: String,
    until: String,
    page: String,
) -> Result<AuditPage, AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::vetting;
    Door::serve(Action::ViewAuditLog, async |d| {
        let filter = vetting::AuditFilterInput {
            record_type,
            record_id,
            action,
            from,
            until,
            page,
        };
        vetting::audit_log(&d.db, filter).await
    })
    .await
}

/// Verifies (`decision=verify`) or refuses (`decision=refuse`) a language an expert declared.
#[server(endpoint = "decide_language_claim", prefix = "/api")]
pub async fn decide_language_claim(id: String, decision: String) -> Result<(), AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::language_claims;
    Door::serve(Action::Vet, async |d| {
        let claim = door::id(&id)?;
        let verify = match decision.trim() {
            "verify" => true,
            "refuse" => false,
            _ => return Err(AppError::invalid("decision", "verify or refuse")),
        };
        language_claims::decide(&d.db, &d.actor, claim, verify, d.now).await
    })
    .await
}
