//! Appending to the audit log, always inside the transaction of the change it records.
use crate::{domain::ids::UserId, error::AppError, server::entities::audit_event};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, prelude::*};

pub struct AuditEntry<'a> {
    pub actor: Option<UserId>,
    pub action: &'a str,
    pub record_type: &'a str,
    pub record_id: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

pub async fn append(
    db: &impl ConnectionTrait,
    entry: AuditEntry<'_>,
    at: DateTime<Utc>,
) -> Result<(), AppError> {
    let model = audit_event::ActiveModel {
        id: Set(Uuid::new_v4()),
        at: Set(at),
        actor_user_id: Set(entry.actor.map(|a| a.0)),
        action: Set(entry.action.to_owned()),
        record_type: Set(entry.record_type.to_owned()),
        record_id: Set(entry.record_id),
        before: Set(entry.before),
        after: Set(entry.after),
    };
    audit_event::Entity::insert(model)
        .exec_without_returning(db)
        .await?;
    Ok(())
}
