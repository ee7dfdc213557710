//! Languages experts declare in their portal: the secretariat verifies or refuses each claim, and
//! only a verified claim changes the languages matching reads.
use crate::{
    api::portal::ClaimView,
    domain::{
        ids::ExpertId,
        permissions::{Action, Actor, authorize},
        taxonomy::Cefr,
    },
    error::AppError,
    server::{
        entities::{expert_language, language_claim},
        repo::{
            audit::{self, AuditEntry},
            lookups,
        },
        services::roster::RECORD_TYPE,
    },
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, sea_query::Expr,
};
use serde_json::json;

/// Claims still waiting on one expert; empty for anyone but the secretariat.
pub async fn pending(
    db: &impl ConnectionTrait,
    actor: &Actor,
    expert: ExpertId,
) -> Result<Vec<ClaimView>, AppError> {
    if authorize(Some(actor), &Action::Vet).is_err() {
        return Ok(Vec::new());
    }
    let claims = language_claim::Entity::find()
        .filter(language_claim::Column::ExpertId.eq(expert.0))
        .filter(language_claim::Column::Decision.eq("pending"))
        .order_by_asc(language_claim::Column::ClaimedAt)
        .all(db)
        .await?;
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
    claim: &str,
    verify: bool,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    authorize(Some(actor), &Action::Vet).map_err(|_| AppError::Forbidden)?;
    let claim = uuid::Uuid::parse_str(claim.trim()).map_err(|_| AppError::NotFound)?;
    let txn = crate::server::tx::write(db).await?;
    let c = language_claim::Entity::find_by_id(claim)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let decided = language_claim::Entity::update_many()
        .col_expr(
            language_claim::Column::Decision,
            Expr::value(if verify { "verified" } else { "refused" }),
        )
        .col_expr(language_claim::Column::DecidedAt, Expr::value(Some(now)))
        .col_expr(
            language_claim::Column::DecidedBy,
            Expr::value(Some(actor.user_id.0)),
        )
        .filter(language_claim::Column::Id.eq(c.id))
        .filter(language_claim::Column::Decision.eq("pending"))
        .exec(&txn)
        .await?;
    if decided.rows_affected != 1 {
        return Err(AppError::Conflict(
            "this claim was already decided".to_owned(),
        ));
    }
    if verify {
        expert_language::Entity::delete_many()
            .filter(expert_language::Column::ExpertId.eq(c.expert_id))
            .filter(expert_language::Column::Language.eq(c.language.clone()))
            .exec(&txn)
            .await?;
        if let Ok(level) = Cefr::parse(&c.level) {
            expert_language::Entity::insert(expert_language::ActiveModel {
                expert_id: Set(c.expert_id),
                language: Set(c.language.clone()),
                level: Set(i16::from(level.rank())),
            })
            .exec_without_returning(&txn)
            .await?;
        }
    }
    audit::append(
        &txn,
        AuditEntry {
            actor: Some(actor.user_id),
            action: if verify {
                "expert.language_verified"
            } else {
                "expert.language_refused"
            },
            record_type: RECORD_TYPE,
            record_id: c.expert_id.to_string(),
            before: None,
            after: Some(json!({ "language": c.language, "level": c.level })),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
