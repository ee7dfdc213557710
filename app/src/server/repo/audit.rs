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

impl<'a> AuditEntry<'a> {
    /// An event on one record; what it looked like before and after is added with
    /// [`before`](Self::before) and [`after`](Self::after).
    pub fn new(
        actor: Option<UserId>,
        action: &'a str,
        record_type: &'a str,
        record_id: impl ToString,
    ) -> Self {
        Self {
            actor,
            action,
            record_type,
            record_id: record_id.to_string(),
            before: None,
            after: None,
        }
    }

    pub fn before(self, value: serde_json::Value) -> Self {
        self.before_maybe(Some(value))
    }

    pub fn after(self, value: serde_json::Value) -> Self {
        self.after_maybe(Some(value))
    }

    pub fn before_maybe(mut self, value: Option<serde_json::Value>) -> Self {
        self.before = value;
        self
    }

    pub fn after_maybe(mut self, value: Option<serde_json::Value>) -> Self {
        self.after = value;
        self
    }
}

pub async fn append(
    db: &impl ConnectionTrait,
    entry: AuditEntry<'_>,
    at: DateTime<Utc>,
) -> Result<(), AppError> {
    audit_event::Entity::insert(model(Uuid::new_v4(), entry, at))
        .exec_without_returning(db)
        .await?;
    Ok(())
}

fn model(id: Uuid, entry: AuditEntry<'_>, at: DateTime<Utc>) -> audit_event::ActiveModel {
    audit_event::ActiveModel {
        id: Set(id),
        at: Set(at),
        actor_user_id: Set(entry.actor.map(|a| a.0)),
        action: Set(entry.action.to_owned()),
        record_type: Set(entry.record_type.to_owned()),
        record_id: Set(entry.record_id),
        before: Set(entry.before),
        after: Set(entry.after),
        redacted_at: Set(None),
    }
}

/// Appends many entries with one statement per thousand, as a bulk upload needs.
pub async fn append_many(
    db: &impl ConnectionTrait,
    entries: Vec<AuditEntry<'_>>,
    at: DateTime<Utc>,
) -> Result<(), AppError> {
    // Time-ordered ids, so a bulk append adds to the end of the index.
    let models = entries
        .into_iter()
        .map(|entry| model(Uuid::now_v7(), entry, at))
        .collect();
    super::insert_chunked::<audit_event::Entity, _>(db, models).await
}

/// What the audit-log page filters on; every part optional.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor: Option<UserId>,
    pub action: Option<String>,
    pub record_type: Option<String>,
    pub record_id: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
}

/// The newest events first that match the filter.
pub async fn list(
    db: &impl ConnectionTrait,
    filter: &AuditFilter,
    limit: u64,
    offset: u64,
) -> Result<(Vec<audit_event::Model>, u64), AppError> {
    use sea_orm::{Order, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
    let mut query = audit_event::Entity::find();
    if let Some(actor) = filter.actor {
        query = query.filter(audit_event::Column::ActorUserId.eq(actor.0));
    }
    if let Some(action) = &filter.action {
        query = query.filter(audit_event::Column::Action.eq(action.as_str()));
    }
    if let Some(t) = &filter.record_type {
        query = query.filter(audit_event::Column::RecordType.eq(t.as_str()));
    }
    if let Some(id) = &filter.record_id {
        query = query.filter(audit_event::Column::RecordId.eq(id.as_str()));
    }
    if let Some(from) = filter.from {
        query = query.filter(audit_event::Column::At.gte(from));
    }
    if let Some(until) = filter.until {
        query = query.filter(audit_event::Column::At.lt(until));
    }
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by(audit_event::Column::At, Order::Desc)
        .order_by(audit_event::Column::Id, Order::Asc)
        .limit(limit)
        .offset(offset)
        .all(db)
        .await?;
    Ok((rows, total))
}
