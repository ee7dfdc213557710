//! Languages experts declare in their portal: the secretariat verifies or refuses each claim, and
//! only a verified claim changes the languages matching reads.
use crate::{
    domain::{
        ids::{ClaimId, ExpertId},
        permissions::{Action, Actor},
        taxonomy::Cefr,
    },
    error::AppError,
    server::{
        gate,
        repo::{
            audit::{self, AuditEntry},
            language_claims, lookups,
        },
        services::expert_record::RECORD_TYPE,
    },
    views::portal::ClaimView,
};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde_json::json;

/// Claims still waiting on one expert; empty for anyone but the secretariat.
pub async fn pending(
    db: &impl ConnectionTrait,
    actor: &Actor,
    expert: ExpertId,
) -> Result<Vec<ClaimView>, AppError> {
    if !gate::may(actor, &Action::Vet) {
        return Ok(Vec::new());
    }
    let claims = language_claims::pending_of(db, expert).await?;
    let codes: Vec<&str> = claims.iter().map(|c| c.language.as_str()).collect();
    let names = lookups::language_names(db, &codes).await?;
    Ok(claims
        .iter()
        .map(|c| ClaimView {
            id: c.id.to_string(),
            language: c.language.clone(),
            language_name: names
                .get(&c.language)
                .cloned()
                .unwrap_or_else(|| c.language.clone()),
            level: c.level.clone(),
            decision: c.decision.clone(),
            claimed_at: c.claimed_at.format("%Y-%m-%d").to_string(),
        })
        .collect())
}

/// Verifies (and applies) or refuses one pending claim.
pub async fn decide(
    db: &DatabaseConnection,
    actor: &Actor,
    claim: ClaimId,
    verify: bool,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    gate::check(actor, &Action::Vet)?;
    let txn = crate::server::tx::write(db).await?;
    let c = language_claims::find(&txn, claim)
        .await?
        .ok_or(AppError::NotFound)?;
    if !language_claims::decide(&txn, claim, verify, actor.user_id, now).await? {
        return Err(AppError::Conflict(
            "this claim was already decided".to_owned(),
        ));
    }
    if verify {
        let level = Cefr::parse(&c.level).ok().map(|l| i16::from(l.rank()));
        language_claims::apply(&txn, ExpertId(c.expert_id), &c.language, level).await?;
    }
    audit::append(
        &txn,
        AuditEntry::new(
            Some(actor.user_id),
            if verify {
                "expert.language_verified"
            } else {
                "expert.language_refused"
            },
            RECORD_TYPE,
            c.expert_id,
        )
        .after(json!({ "language": c.language, "level": c.level })),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
