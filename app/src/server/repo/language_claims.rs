//! Language claims experts make in their portal, and the secretariat's decision on each.
use crate::{
    domain::ids::{ClaimId, ExpertId, UserId},
    error::AppError,
    server::entities::{expert_language, language_claim},
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    sea_query::Expr,
};

/// One expert's claims still waiting, oldest first.
pub async fn pending_of(
    db: &impl ConnectionTrait,
    expert: ExpertId,
) -> Result<Vec<language_claim::Model>, AppError> {
    Ok(language_claim::Entity::find()
        .filter(language_claim::Column::ExpertId.eq(expert.0))
        .filter(language_claim::Column::Decision.eq("pending"))
        .order_by_asc(language_claim::Column::ClaimedAt)
        .all(db)
        .await?)
}

pub async fn find(
    db: &impl ConnectionTrait,
    claim: ClaimId,
) -> Result<Option<language_claim::Model>, AppError> {
    Ok(language_claim::Entity::find_by_id(claim.0).one(db).await?)
}

/// Decides a claim that is still pending; `false` when someone decided it first. The check and
/// the write are one statement, so two deciders racing cannot both win.
pub async fn decide(
    db: &impl ConnectionTrait,
    claim: ClaimId,
    verify: bool,
    by: UserId,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let decided = language_claim::Entity::update_many()
        .col_expr(
            language_claim::Column::Decision,
            Expr::value(if verify { "verified" } else { "refused" }),
        )
        .col_expr(language_claim::Column::DecidedAt, Expr::value(Some(now)))
        .col_expr(language_claim::Column::DecidedBy, Expr::value(Some(by.0)))
        .filter(language_claim::Column::Id.eq(claim.0))
        .filter(language_claim::Column::Decision.eq("pending"))
        .exec(db)
        .await?;
    Ok(decided.rows_affected == 1)
}

/// Puts a verified language on the expert's record, replacing the level it had.
pub async fn apply(
    db: &impl ConnectionTrait,
    expert: ExpertId,
    language: &str,
    level_rank: Option<i16>,
) -> Result<(), AppError> {
    expert_language::Entity::delete_many()
        .filter(expert_language::Column::ExpertId.eq(expert.0))
        .filter(expert_language::Column::Language.eq(language))
        .exec(db)
        .await?;
    if let Some(level) = level_rank {
        expert_language::Entity::insert(expert_language::ActiveModel {
            expert_id: Set(expert.0),
            language: Set(language.to_owned()),
            level: Set(level),
        })
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}
