//! Queries on vetting checks, roster-status decisions and availability windows.
use crate::{
    domain::{ids::ExpertId, ids::UserId, vetting::RosterStatus},
    error::AppError,
    server::entities::{availability_window, expert, roster_status_change, vetting_check},
};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, Order, QueryFilter, QueryOrder,
    QuerySelect, sea_query::OnConflict,
};

pub async fn checks_of(
    db: &impl ConnectionTrait,
    id: ExpertId,
) -> Result<Vec<vetting_check::Model>, AppError> {
    Ok(vetting_check::Entity::find()
        .filter(vetting_check::Column::ExpertId.eq(id.0))
        .all(db)
        .await?)
}

/// How many checks of each expert have the given status, for many experts in one query per
/// thousand ids; experts without such checks are absent.
pub async fn count_checks(
    db: &impl ConnectionTrait,
    ids: &[ExpertId],
    status: &str,
) -> Result<std::collections::HashMap<uuid::Uuid, i64>, AppError> {
    let mut counts = std::collections::HashMap::new();
    for chunk in ids.chunks(1_000) {
        let rows: Vec<(uuid::Uuid, i64)> = vetting_check::Entity::find()
            .select_only()
            .column(vetting_check::Column::ExpertId)
            .column_as(vetting_check::Column::Kind.count(), "n")
            .filter(vetting_check::Column::ExpertId.is_in(chunk.iter().map(|i| i.0)))
            .filter(vetting_check::Column::Status.eq(status))
            .group_by(vetting_check::Column::ExpertId)
            .into_tuple()
            .all(db)
            .await?;
        counts.extend(rows);
    }
    Ok(counts)
}

pub async fn upsert_check(
    db: &impl ConnectionTrait,
    check: vetting_check::Model,
) -> Result<(), AppError> {
    let model = vetting_check::ActiveModel {
        expert_id: Set(check.expert_id),
        kind: Set(check.kind),
        status: Set(check.status),
        done_on: Set(check.done_on),
        expires_on: Set(check.expires_on),
        recorded_by: Set(check.recorded_by),
        recorded_at: Set(check.recorded_at),
        note: Set(check.note),
    };
    vetting_check::Entity::insert(model)
        .on_conflict(
            OnConflict::columns([vetting_check::Column::ExpertId, vetting_check::Column::Kind])
                .update_columns([
                    vetting_check::Column::Status,
                    vetting_check::Column::DoneOn,
                    vetting_check::Column::ExpiresOn,
                    vetting_check::Column::RecordedBy,
                    vetting_check::Column::RecordedAt,
                    vetting_check::Column::Note,
                ])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

pub async fn history_of(
    db: &impl ConnectionTrait,
    id: ExpertId,
) -> Result<Vec<roster_status_change::Model>, AppError> {
    Ok(roster_status_change::Entity::find()
        .filter(roster_status_change::Column::ExpertId.eq(id.0))
        .order_by(roster_status_change::Column::At, Order::Desc)
        .all(db)
        .await?)
}

pub struct StatusChange<'a> {
    pub expert: ExpertId,
    pub from: Option<RosterStatus>,
    pub to: RosterStatus,
    pub reason: &'a str,
    /// `None` for the command line.
    pub actor: Option<UserId>,
    pub at: DateTime<Utc>,
}

pub async fn add_status_change(
    db: &impl ConnectionTrait,
    change: StatusChange<'_>,
) -> Result<(), AppError> {
    let model = roster_status_change::ActiveModel {
        id: Set(uuid::Uuid::new_v4()),
        expert_id: Set(change.expert.0),
        from_status: Set(change.from.map(|s| s.as_str().to_owned())),
        to_status: Set(change.to.as_str().to_owned()),
        reason: Set(change.reason.to_owned()),
        actor_user_id: Set(change.actor.map(|a| a.0)),
        at: Set(change.at),
    };
    roster_status_change::Entity::insert(model)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// The first status-history entry of many new nominees at once.
pub async fn add_nominations(
    db: &impl ConnectionTrait,
    experts: &[ExpertId],
    reason: &str,
    actor: Option<UserId>,
    at: DateTime<Utc>,
) -> Result<(), AppError> {
    let models = experts
        .iter()
        .map(|id| roster_status_change::ActiveModel {
            id: Set(uuid::Uuid::now_v7()),
            expert_id: Set(id.0),
            from_status: Set(None),
            to_status: Set(RosterStatus::Nominated.as_str().to_owned()),
            reason: Set(reason.to_owned()),
            actor_user_id: Set(actor.map(|a| a.0)),
            at: Set(at),
        })
        .collect();
    super::insert_chunked::<roster_status_change::Entity, _>(db, models).await
}

pub async fn windows_of(
    db: &impl ConnectionTrait,
    id: ExpertId,
) -> Result<Vec<availability_window::Model>, AppError> {
    Ok(availability_window::Entity::find()
        .filter(availability_window::Column::ExpertId.eq(id.0))
        .order_by(availability_window::Column::StartsOn, Order::Asc)
        .all(db)
        .await?)
}

/// Nominees waiting for the secretariat, the longest-waiting first.
pub async fn queue(db: &impl ConnectionTrait, limit: u64) -> Result<Vec<expert::Model>, AppError> {
    Ok(expert::Entity::find()
        .filter(expert::Column::RosterStatus.is_in([
            RosterStatus::Nominated.as_str(),
            RosterStatus::UnderReview.as_str(),
        ]))
        .order_by(expert::Column::StatusChangedAt, Order::Asc)
        .order_by(expert::Column::Id, Order::Asc)
        .limit(limit)
        .all(db)
        .await?)
}

/// Passed checks of experts still on the roster that expire from `from` through `until`, soonest first.
pub async fn expiring(
    db: &impl ConnectionTrait,
    from: NaiveDate,
    until: NaiveDate,
    limit: u64,
) -> Result<Vec<(vetting_check::Model, expert::Model)>, AppError> {
    let checks = vetting_check::Entity::find()
        .filter(vetting_check::Column::Status.eq("passed"))
        .filter(vetting_check::Column::ExpiresOn.gte(from))
        .filter(vetting_check::Column::ExpiresOn.lte(until))
        .filter(
            vetting_check::Column::ExpertId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(expert::Column::Id)
                    .from(expert::Entity)
                    .and_where(expert::Column::RosterStatus.is_in([
                        RosterStatus::Nominated.as_str(),
                        RosterStatus::UnderReview.as_str(),
                        RosterStatus::Vetted.as_str(),
                        RosterStatus::Suspended.as_str(),
                    ]))
                    .to_owned(),
            ),
        )
        .order_by(vetting_check::Column::ExpiresOn, Order::Asc)
        .order_by(vetting_check::Column::ExpertId, Order::Asc)
        .limit(limit)
        .all(db)
        .await?;
    let ids: Vec<_> = checks.iter().map(|c| c.expert_id).collect();
    let experts: std::collections::HashMap<_, _> = expert::Entity::find()
        .filter(expert::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    Ok(checks
        .into_iter()
        .filter_map(|c| experts.get(&c.expert_id).cloned().map(|e| (c, e)))
        .collect())
}
