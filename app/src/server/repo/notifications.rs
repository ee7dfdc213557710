//! The notification outbox: messages are written in the transaction of the event they announce and
//! delivered later, so sending never holds up, or undoes, the event.
use crate::{error::AppError, server::entities::notification};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, sea_query::OnConflict,
};

/// One message to queue; `dedup_key` makes a reminder idempotent (the same key is queued once).
#[derive(Debug, Clone)]
pub struct NewNotification {
    pub recipient_user_id: Option<uuid::Uuid>,
    pub recipient_expert_id: Option<uuid::Uuid>,
    pub email: String,
    /// offer_made, offer_answered, invitation, check_expiring, availability_stale
    pub kind: &'static str,
    pub subject: String,
    pub body: String,
    pub dedup_key: Option<String>,
    /// The invitation whose link the message carries, so it can be found again.
    pub invitation_id: Option<uuid::Uuid>,
}

/// Queues a message; a second message with the same `dedup_key` is silently skipped.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    n: NewNotification,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let row = notification::ActiveModel {
        id: Set(uuid::Uuid::new_v4()),
        recipient_user_id: Set(n.recipient_user_id),
        recipient_expert_id: Set(n.recipient_expert_id),
        email: Set(n.email),
        kind: Set(n.kind.to_owned()),
        subject: Set(n.subject.chars().take(200).collect()),
        body: Set(n.body),
        created_at: Set(now),
        attempts: Set(0),
        next_attempt_at: Set(now),
        sent_at: Set(None),
        failed_at: Set(None),
        last_error: Set(None),
        dedup_key: Set(n.dedup_key),
        invitation_id: Set(n.invitation_id),
    };
    notification::Entity::insert(row)
        .on_conflict(
            OnConflict::column(notification::Column::DedupKey)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// An expert's own messages, newest first.
pub async fn of_expert(
    db: &impl ConnectionTrait,
    expert_id: uuid::Uuid,
    limit: u64,
) -> Result<Vec<notification::Model>, AppError> {
    Ok(notification::Entity::find()
        .filter(notification::Column::RecipientExpertId.eq(expert_id))
        .order_by_desc(notification::Column::CreatedAt)
        .limit(limit)
        .all(db)
        .await?)
}
