//! Vetting use cases: status decisions with reasons, recording checks, the queue, expiring
//! credentials and the audit log.
use crate::{
    domain::{
        ids::ExpertId,
        permissions::{Action, Actor, status_decider},
        vetting::{
            CheckKind, CheckStatus, MAX_REASON_CHARS, RosterStatus, TransitionError, decide,
            validate_check,
        },
    },
    error::{AppError, FieldError},
    server::{
        entities::{expert, vetting_check},
        gate,
        repo::{
            audit::{self, AuditEntry, AuditFilter},
            duplicates::{self, LikelyDuplicate},
            vetting,
        },
        services::{
            expert_record::{self, RECORD_TYPE},
            expert_view,
            readiness::{self, check_records},
            roster_status,
        },
    },
    views::vetting::{AuditPage, DuplicateView, ExpiringRow, QueueRow},
};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use sea_orm::DatabaseConnection;
use serde_json::json;

const QUEUE_LIMIT: u64 = 500;
const EXPIRING_LIMIT: u64 = 2_000;
const AUDIT_PAGE: u64 = 50;

fn transition_error(err: TransitionError) -> AppError {
    let field = match err {
        TransitionError::ReasonRequired => "reason",
        _ => "to",
    };
    AppError::invalid(field, err.to_string())
}

#[tracing::instrument(skip(db, reason), fields(user = %actor.user_id, expert = %id))]
pub async fn change_status(
    db: &DatabaseConnection,
    actor: &Actor,
    id: ExpertId,
    to: RosterStatus,
    reason: &str,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let txn = crate::server::tx::write(db).await?;
    // Two decisions about one expert at once are taken one after the other, each on what the
    // other left.
    crate::server::repo::locks::hold(&txn, crate::server::repo::locks::Held::Experts, id.0).await?;
    let (_, facts) = expert_record::visible(&txn, actor, id).await?;
    gate::check(
        actor,
        &Action::ChangeRosterStatus {
            state: facts.state.clone(),
        },
    )?;
    let by = status_decider(actor, &facts.state).ok_or(AppError::Forbidden)?;
    let checks = vetting::checks_of(&txn, id).await?;
    decide(facts.status, to, by, reason, &check_records(&checks), today)
        .map_err(transition_error)?;
    if to == RosterStatus::Vetted {
        let duplicates = crate::server::repo::duplicates::likely(&txn, &[id]).await?;
        if let Some(found) = duplicates.get(&id.0) {
            return Err(AppError::Conflict(
                crate::domain::duplicates::vetting_blocked(found.len()),
            ));
        }
    }
    let reason = reason.trim();
    roster_status::apply(
        &txn,
        roster_status::StatusMove {
            expert: id,
            from: facts.status,
            to,
            reason,
            actor: Some(actor.user_id),
        },
        today,
        now,
    )
    .await?;
    audit::append(
        &txn,
        AuditEntry::new(Some(actor.user_id), "expert.status", RECORD_TYPE, id)
            .before(json!({ "roster_status": facts.status.as_str() }))
            .after(json!({ "roster_status": to.as_str(), "reason": reason })),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The raw text of a check as the secretariat records it.
pub struct CheckInput {
    pub kind: String,
    pub status: String,
    pub done_on: String,
    pub expires_on: String,
    pub note: String,
}

fn optional_date(field: &str, raw: &str) -> Result<Option<NaiveDate>, FieldError> {
    match raw.trim() {
        "" => Ok(None),
        text => NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| FieldError {
                field: field.to_owned(),
                message: format!("\"{text}\" is not a date like 2026-03-14"),
            }),
    }
}

fn check_json(c: &vetting_check::Model) -> serde_json::Value {
    json!({
        "kind": c.kind,
        "status": c.status,
        "done_on": c.done_on.map(|d| d.to_string()),
        "expires_on": c.expires_on.map(|d| d.to_string()),
        "note": c.note,
    })
}

#[tracing::instrument(skip(db, input), fields(user = %actor.user_id, expert = %id))]
pub async fn record_check(
    db: &DatabaseConnection,
    actor: &Actor,
    id: ExpertId,
    input: CheckInput,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut errors = Vec::new();
    let kind = CheckKind::parse(&input.kind);
    if kind.is_none() {
        errors.push(FieldError {
            field: "kind".to_owned(),
            message: "choose which check this is".to_owned(),
        });
    }
    let status = CheckStatus::parse(&input.status);
    if status.is_none() {
        errors.push(FieldError {
            field: "status".to_owned(),
            message: "choose pending, passed or failed".to_owned(),
        });
    }
    let done_on = optional_date("done_on", &input.done_on).map_err(|e| errors.push(e));
    let expires_on = optional_date("expires_on", &input.expires_on).map_err(|e| errors.push(e));
    let note = input.note.trim();
    if note.chars().count() > 2000 {
        errors.push(FieldError {
            field: "note".to_owned(),
            message: "a note is at most 2,000 characters".to_owned(),
        });
    }
    let (Some(kind), Some(status), Ok(done_on), Ok(expires_on), true) =
        (kind, status, done_on, expires_on, errors.is_empty())
    else {
        return Err(AppError::Invalid(errors));
    };
    validate_check(kind, status, done_on, expires_on, today).map_err(|errors| {
        AppError::Invalid(
            errors
                .into_iter()
                .map(|e| FieldError {
                    field: e.field.to_owned(),
                    message: e.message,
                })
                .collect(),
        )
    })?;
    let txn = crate::server::tx::write(db).await?;
    let (e, _) = expert_record::visible(&txn, actor, id).await?;
    let before = vetting::checks_of(&txn, id)
        .await?
        .into_iter()
        .find(|c| c.kind == kind.as_str());
    let check = vetting_check::Model {
        expert_id: e.id,
        kind: kind.as_str().to_owned(),
        status: status.as_str().to_owned(),
        done_on,
        expires_on,
        recorded_by: Some(actor.user_id.0),
        recorded_at: now,
        note: Some(note.to_owned()).filter(|n| !n.is_empty()),
    };
    let after = check_json(&check);
    vetting::upsert_check(&txn, check).await?;
    readiness::reassess(&txn, &e, today).await?;
    audit::append(
        &txn,
        AuditEntry::new(Some(actor.user_id), "expert.check", RECORD_TYPE, id)
            .before_maybe(before.as_ref().map(check_json))
            .after(after),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

fn display_name(e: &expert::Model) -> String {
    format!("{} {}", e.given_names, e.family_name)
}

/// The other states' records that probably name the same person, as the secretariat sees them.
pub fn duplicate_views(found: Option<&Vec<LikelyDuplicate>>) -> Vec<DuplicateView> {
    found
        .map(|list| {
            list.iter()
                .map(|d| DuplicateView {
                    id: d.other.id.to_string(),
                    name: display_name(&d.other),
                    member_state: d.other.member_state.clone(),
                    status: d.other.roster_status.clone(),
                    reasons: d.reasons.iter().map(|r| r.as_str().to_owned()).collect(),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Two flagged records are different people: they are no longer flagged, and vetting may go on.
pub async fn dismiss_duplicate(
    db: &DatabaseConnection,
    actor: &Actor,
    id: ExpertId,
    other: ExpertId,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    gate::check(actor, &Action::Vet)?;
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > MAX_REASON_CHARS {
        return Err(AppError::invalid(
            "reason",
            "say how you know they are different people (1 to 2,000 characters)",
        ));
    }
    let txn = crate::server::tx::write(db).await?;
    let flagged = duplicates::likely(&txn, &[id]).await?;
    if !flagged
        .get(&id.0)
        .is_some_and(|list| list.iter().any(|d| d.other.id == other.0))
    {
        return Err(AppError::NotFound);
    }
    duplicates::dismiss(&txn, id, other, reason, actor.user_id, now).await?;
    for (this, that) in [(id, other), (other, id)] {
        audit::append(
            &txn,
            AuditEntry::new(
                Some(actor.user_id),
                "expert.duplicate_dismissed",
                RECORD_TYPE,
                this,
            )
            .after(json!({ "different_from": that.0, "reason": reason })),
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

pub async fn queue(db: &DatabaseConnection) -> Result<Vec<QueueRow>, AppError> {
    let experts = vetting::queue(db, QUEUE_LIMIT).await?;
    let ids: Vec<ExpertId> = experts.iter().map(|e| ExpertId(e.id)).collect();
    let likely = duplicates::likely(db, &ids).await?;
    let passed_checks = vetting::count_checks(db, &ids, CheckStatus::Passed.as_str()).await?;
    let mut rows = Vec::with_capacity(experts.len());
    for e in experts {
        let passed = passed_checks.get(&e.id).copied().unwrap_or(0);
        rows.push(QueueRow {
            id: e.id.to_string(),
            name: display_name(&e),
            member_state: e.member_state.clone(),
            status: e.roster_status.clone(),
            waiting_since: e.status_changed_at.format("%Y-%m-%d").to_string(),
            checks_passed: u8::try_from(passed).unwrap_or(u8::MAX),
            duplicates: duplicate_views(likely.get(&e.id)),
        });
    }
    Ok(rows)
}

pub async fn expiring(
    db: &DatabaseConnection,
    days: u32,
    today: NaiveDate,
) -> Result<Vec<ExpiringRow>, AppError> {
    if !matches!(days, 30 | 60 | 90) {
        return Err(AppError::invalid("days", "choose 30, 60 or 90 days"));
    }
    let until = today + chrono::Days::new(u64::from(days));
    Ok(vetting::expiring(db, today, until, EXPIRING_LIMIT)
        .await?
        .into_iter()
        .filter_map(|(c, e)| {
            let expires_on = c.expires_on?;
            Some(ExpiringRow {
                expert_id: e.id.to_string(),
                name: display_name(&e),
                member_state: e.member_state,
                kind: c.kind,
                expires_on: expires_on.to_string(),
                days_left: (expires_on - today).num_days(),
            })
        })
        .collect())
}

/// The audit-log page's filter as typed.
pub struct AuditFilterInput {
    pub record_type: String,
    pub record_id: String,
    pub action: String,
    pub from: String,
    pub until: String,
    pub page: String,
}

pub async fn audit_log(
    db: &DatabaseConnection,
    input: AuditFilterInput,
) -> Result<AuditPage, AppError> {
    let mut errors = Vec::new();
    let mut day = |field: &str, raw: &str| {
        optional_date(field, raw)
            .map_err(|e| errors.push(e))
            .ok()
            .flatten()
            .map(|d| d.and_time(NaiveTime::MIN).and_utc())
    };
    let from = day("from", &input.from);
    // "Until" a day includes that whole day.
    let until = day("until", &input.until).map(|t| t + chrono::Duration::days(1));
    let page = crate::domain::paging::Page::parse(&input.page)
        .map(crate::domain::paging::Page::get)
        .unwrap_or(0);
    if page == 0 {
        errors.push(FieldError {
            field: "page".to_owned(),
            message: "not a page number".to_owned(),
        });
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let given = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    let filter = AuditFilter {
        actor: None,
        action: given(&input.action),
        record_type: given(&input.record_type),
        record_id: given(&input.record_id),
        from,
        until,
    };
    let (events, total) = audit::list(db, &filter, AUDIT_PAGE, (page - 1) * AUDIT_PAGE).await?;
    Ok(AuditPage {
        rows: expert_view::audit_rows(db, events).await?,
        total,
        page,
        pages: total.div_ceil(AUDIT_PAGE),
    })
}
