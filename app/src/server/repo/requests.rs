//! Queries on mission requests, their positions, status history, picks and saved shortlists.
//! Every list read takes the asker's [`RequestScope`] and applies it in SQL.
use crate::{
    domain::{
        ids::{ExpertId, PositionId, RequestId, UserId},
        member_state::MemberStateCode,
        permissions::RequestScope,
        request::{
            Position, PositionFields, RequestFacts, RequestInput, RequestStatus, languages_cell,
            skills_cell,
        },
    },
    error::AppError,
    server::{
        entities::{
            mission_request, position_pick, request_position, request_status_change,
            shortlist_entry,
        },
        errors::internal,
    },
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, Order, QueryFilter, QueryOrder,
    sea_query::{ExprTrait, OnConflict},
};
use uuid::Uuid;

pub fn facts_of(r: &mission_request::Model) -> Result<RequestFacts, AppError> {
    Ok(RequestFacts {
        owner: UserId(r.owner_id),
        status: status_of(r)?,
    })
}

pub fn status_of(r: &mission_request::Model) -> Result<RequestStatus, AppError> {
    RequestStatus::parse(&r.status)
        .ok_or_else(|| internal("stored request", format!("unknown status on {}", r.id)))
}

/// The requests in scope, newest first; nothing at all for a scope that sees none.
pub async fn list(
    db: &impl ConnectionTrait,
    scope: &RequestScope,
    status: Option<RequestStatus>,
) -> Result<Vec<mission_request::Model>, AppError> {
    let mut query = mission_request::Entity::find();
    match scope {
        RequestScope::Everything => {}
        RequestScope::OwnedBy(user) => {
            query = query.filter(mission_request::Column::OwnerId.eq(user.0));
        }
        RequestScope::Nothing => return Ok(Vec::new()),
    }
    if let Some(status) = status {
        query = query.filter(mission_request::Column::Status.eq(status.as_str()));
    }
    Ok(query
        .order_by(mission_request::Column::CreatedAt, Order::Desc)
        .order_by(mission_request::Column::Id, Order::Asc)
        .all(db)
        .await?)
}

/// One request, if it exists and lies in scope; otherwise not found, whichever the reason.
pub async fn find(
    db: &impl ConnectionTrait,
    scope: &RequestScope,
    id: RequestId,
) -> Result<mission_request::Model, AppError> {
    let found = mission_request::Entity::find_by_id(id.0).one(db).await?;
    match found {
        Some(r) if scope.includes(&facts_of(&r)?) => Ok(r),
        _ => Err(AppError::NotFound),
    }
}

pub async fn insert(
    db: &impl ConnectionTrait,
    id: RequestId,
    owner: UserId,
    input: &RequestInput,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    mission_request::Entity::insert(mission_request::ActiveModel {
        id: Set(id.0),
        owner_id: Set(owner.0),
        mission: Set(input.mission.clone()),
        host_country: Set(input.host_country.as_str().to_owned()),
        duty_station: Set(input.duty_station.clone()),
        requesting_unit: Set(input.requesting_unit.clone()),
        security_level: Set(i16::from(input.security_level)),
        urgency: Set(input.urgency.as_str().to_owned()),
        status: Set(RequestStatus::Draft.as_str().to_owned()),
        host_waiver_reason: Set(None),
        host_waived_by: Set(None),
        host_waived_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        opened_at: Set(None),
        shortlisted_at: Set(None),
        closed_at: Set(None),
        version: Set(1),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Overwrites the request's own fields, only if nobody changed it since `version` was read.
pub async fn update(
    db: &impl ConnectionTrait,
    id: RequestId,
    version: i32,
    input: &RequestInput,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let result = mission_request::Entity::update_many()
        .col_expr(
            mission_request::Column::Mission,
            input.mission.clone().into(),
        )
        .col_expr(
            mission_request::Column::HostCountry,
            input.host_country.as_str().into(),
        )
        .col_expr(
            mission_request::Column::DutyStation,
            input.duty_station.clone().into(),
        )
        .col_expr(
            mission_request::Column::RequestingUnit,
            input.requesting_unit.clone().into(),
        )
        .col_expr(
            mission_request::Column::SecurityLevel,
            i16::from(input.security_level).into(),
        )
        .col_expr(
            mission_request::Column::Urgency,
            input.urgency.as_str().into(),
        )
        .col_expr(mission_request::Column::UpdatedAt, now.into())
        .col_expr(mission_request::Column::Version, (version + 1).into())
        .filter(mission_request::Column::Id.eq(id.0))
        .filter(mission_request::Column::Version.eq(version))
        .exec(db)
        .await?;
    if result.rows_affected == 1 {
        Ok(())
    } else {
        Err(AppError::Conflict(
            "someone else changed this request meanwhile; reload it and try again".to_owned(),
        ))
    }
}

/// Bumps the version, so a form read before this change is refused.
pub async fn touch(
    db: &impl ConnectionTrait,
    id: RequestId,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    mission_request::Entity::update_many()
        .col_expr(mission_request::Column::UpdatedAt, now.into())
        .col_expr(
            mission_request::Column::Version,
            sea_orm::sea_query::Expr::col(mission_request::Column::Version).add(1),
        )
        .filter(mission_request::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

/// Moves the status and records the step with its actor and time.
pub async fn set_status(
    db: &impl ConnectionTrait,
    r: &mission_request::Model,
    to: RequestStatus,
    actor: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut update = mission_request::Entity::update_many()
        .col_expr(mission_request::Column::Status, to.as_str().into())
        .col_expr(mission_request::Column::UpdatedAt, now.into())
        .col_expr(mission_request::Column::Version, (r.version + 1).into());
    if to == RequestStatus::Open && r.opened_at.is_none() {
        update = update.col_expr(mission_request::Column::OpenedAt, now.into());
    }
    if to.is_final() {
        update = update.col_expr(mission_request::Column::ClosedAt, now.into());
    }
    let result = update
        .filter(mission_request::Column::Id.eq(r.id))
        .filter(mission_request::Column::Version.eq(r.version))
        .exec(db)
        .await?;
    if result.rows_affected != 1 {
        return Err(AppError::Conflict(
            "someone else changed this request meanwhile; reload it and try again".to_owned(),
        ));
    }
    request_status_change::Entity::insert(request_status_change::ActiveModel {
        id: Set(Uuid::new_v4()),
        request_id: Set(r.id),
        from_status: Set(Some(r.status.clone())),
        to_status: Set(to.as_str().to_owned()),
        actor_user_id: Set(actor.map(|a| a.0)),
        at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

pub async fn record_creation(
    db: &impl ConnectionTrait,
    id: RequestId,
    actor: UserId,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    request_status_change::Entity::insert(request_status_change::ActiveModel {
        id: Set(Uuid::new_v4()),
        request_id: Set(id.0),
        from_status: Set(None),
        to_status: Set(RequestStatus::Draft.as_str().to_owned()),
        actor_user_id: Set(Some(actor.0)),
        at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

pub async fn history(
    db: &impl ConnectionTrait,
    id: RequestId,
) -> Result<Vec<request_status_change::Model>, AppError> {
    Ok(request_status_change::Entity::find()
        .filter(request_status_change::Column::RequestId.eq(id.0))
        .order_by(request_status_change::Column::At, Order::Asc)
        .all(db)
        .await?)
}

pub async fn set_waiver(
    db: &impl ConnectionTrait,
    r: &mission_request::Model,
    reason: Option<&str>,
    actor: UserId,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    mission_request::Entity::update_many()
        .col_expr(
            mission_request::Column::HostWaiverReason,
            reason.map(str::to_owned).into(),
        )
        .col_expr(
            mission_request::Column::HostWaivedBy,
            reason.map(|_| actor.0).into(),
        )
        .col_expr(
            mission_request::Column::HostWaivedAt,
            reason.map(|_| now).into(),
        )
        .col_expr(mission_request::Column::UpdatedAt, now.into())
        .col_expr(mission_request::Column::Version, (r.version + 1).into())
        .filter(mission_request::Column::Id.eq(r.id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn mark_shortlisted(
    db: &impl ConnectionTrait,
    r: &mission_request::Model,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if r.shortlisted_at.is_none() {
        mission_request::Entity::update_many()
            .col_expr(mission_request::Column::ShortlistedAt, now.into())
            .filter(mission_request::Column::Id.eq(r.id))
            .exec(db)
            .await?;
    }
    Ok(())
}

pub async fn positions(
    db: &impl ConnectionTrait,
    id: RequestId,
) -> Result<Vec<request_position::Model>, AppError> {
    Ok(request_position::Entity::find()
        .filter(request_position::Column::RequestId.eq(id.0))
        .order_by(request_position::Column::Ordinal, Order::Asc)
        .order_by(request_position::Column::Id, Order::Asc)
        .all(db)
        .await?)
}

/// How many positions and seats each of `ids` has, in one grouped query per thousand requests
/// (a list page reads them all at once rather than one query per request). Requests without a
/// position are absent.
pub async fn position_totals(
    db: &impl ConnectionTrait,
    ids: &[uuid::Uuid],
) -> Result<std::collections::HashMap<uuid::Uuid, (u64, u64)>, AppError> {
    use sea_orm::{QuerySelect, sea_query::Expr};
    let mut totals = std::collections::HashMap::new();
    for chunk in ids.chunks(1000) {
        let rows: Vec<(uuid::Uuid, i64, Option<i64>)> = request_position::Entity::find()
            .select_only()
            .column(request_position::Column::RequestId)
            .column_as(request_position::Column::Id.count(), "positions")
            // PostgreSQL sums integers as numeric; cast back so both databases give an i64.
            .column_as(Expr::cust("CAST(SUM(head_count) AS BIGINT)"), "seats")
            .filter(request_position::Column::RequestId.is_in(chunk.iter().copied()))
            .group_by(request_position::Column::RequestId)
            .into_tuple()
            .all(db)
            .await?;
        for (id, positions, seats) in rows {
            totals.insert(
                id,
                (
                    u64::try_from(positions).unwrap_or(0),
                    u64::try_from(seats.unwrap_or(0)).unwrap_or(0),
                ),
            );
        }
    }
    Ok(totals)
}

/// The stored position as the matching rules read it. Stored cells were parsed on the way in,
/// so a failure here means the data was changed behind the application's back.
pub fn position_of(p: &request_position::Model) -> Result<Position, AppError> {
    let fields = PositionFields {
        title: p.title.clone(),
        category: p.category.clone(),
        skills: p.skills.clone(),
        languages: p.languages.clone(),
        min_years: p.min_years.to_string(),
        start_on: p.start_on.to_string(),
        duration_days: p.duration_days.to_string(),
        head_count: p.head_count.to_string(),
    };
    // The start may lie in the past by now: parse it against its own day.
    fields
        .parse(p.start_on)
        .map_err(|e| internal("stored position", format!("{}: {e:?}", p.id)))
}

pub async fn insert_position(
    db: &impl ConnectionTrait,
    request: RequestId,
    id: PositionId,
    ordinal: i16,
    position: &Position,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    request_position::Entity::insert(request_position::ActiveModel {
        id: Set(id.0),
        request_id: Set(request.0),
        ordinal: Set(ordinal),
        title: Set(position.title.clone()),
        category: Set(position.category.slug().to_owned()),
        skills: Set(skills_cell(&position.skills)),
        languages: Set(languages_cell(&position.languages)),
        min_years: Set(i16::from(position.min_years)),
        start_on: Set(position.start_on),
        duration_days: Set(i32::try_from(position.duration_days).unwrap_or(i32::MAX)),
        head_count: Set(i16::from(position.head_count)),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

pub async fn update_position(
    db: &impl ConnectionTrait,
    id: PositionId,
    position: &Position,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    request_position::Entity::update_many()
        .col_expr(
            request_position::Column::Title,
            position.title.clone().into(),
        )
        .col_expr(
            request_position::Column::Category,
            position.category.slug().into(),
        )
        .col_expr(
            request_position::Column::Skills,
            skills_cell(&position.skills).into(),
        )
        .col_expr(
            request_position::Column::Languages,
            languages_cell(&position.languages).into(),
        )
        .col_expr(
            request_position::Column::MinYears,
            i16::from(position.min_years).into(),
        )
        .col_expr(request_position::Column::StartOn, position.start_on.into())
        .col_expr(
            request_position::Column::DurationDays,
            i32::try_from(position.duration_days)
                .unwrap_or(i32::MAX)
                .into(),
        )
        .col_expr(
            request_position::Column::HeadCount,
            i16::from(position.head_count).into(),
        )
        .col_expr(request_position::Column::UpdatedAt, now.into())
        .filter(request_position::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn delete_position(db: &impl ConnectionTrait, id: PositionId) -> Result<(), AppError> {
    request_position::Entity::delete_by_id(id.0)
        .exec(db)
        .await?;
    Ok(())
}

/// Picks of all positions of a request.
pub async fn picks(
    db: &impl ConnectionTrait,
    positions: &[Uuid],
) -> Result<Vec<position_pick::Model>, AppError> {
    Ok(position_pick::Entity::find()
        .filter(position_pick::Column::PositionId.is_in(positions.to_vec()))
        .order_by(position_pick::Column::PickedAt, Order::Asc)
        .all(db)
        .await?)
}

/// Pins or drops one expert for one position, replacing an earlier pick; `None` clears it.
pub async fn set_pick(
    db: &impl ConnectionTrait,
    position: PositionId,
    expert: ExpertId,
    pick: Option<&str>,
    actor: UserId,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    match pick {
        None => {
            position_pick::Entity::delete_many()
                .filter(position_pick::Column::PositionId.eq(position.0))
                .filter(position_pick::Column::ExpertId.eq(expert.0))
                .exec(db)
                .await?;
        }
        Some(pick) => {
            position_pick::Entity::insert(position_pick::ActiveModel {
                position_id: Set(position.0),
                expert_id: Set(expert.0),
                pick: Set(pick.to_owned()),
                picked_by: Set(actor.0),
                picked_at: Set(now),
            })
            .on_conflict(
                OnConflict::columns([
                    position_pick::Column::PositionId,
                    position_pick::Column::ExpertId,
                ])
                .update_columns([
                    position_pick::Column::Pick,
                    position_pick::Column::PickedBy,
                    position_pick::Column::PickedAt,
                ])
                .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
        }
    }
    Ok(())
}

pub async fn saved_entries(
    db: &impl ConnectionTrait,
    positions: &[Uuid],
) -> Result<Vec<shortlist_entry::Model>, AppError> {
    Ok(shortlist_entry::Entity::find()
        .filter(shortlist_entry::Column::PositionId.is_in(positions.to_vec()))
        .order_by(shortlist_entry::Column::Rank, Order::Asc)
        .all(db)
        .await?)
}

/// Replaces the saved shortlist of the given positions.
pub async fn replace_entries(
    db: &impl ConnectionTrait,
    positions: &[Uuid],
    entries: Vec<shortlist_entry::ActiveModel>,
) -> Result<(), AppError> {
    shortlist_entry::Entity::delete_many()
        .filter(shortlist_entry::Column::PositionId.is_in(positions.to_vec()))
        .exec(db)
        .await?;
    super::insert_chunked::<shortlist_entry::Entity, _>(db, entries).await
}

/// Whether the country exists in the reference data.
pub async fn known_country(
    db: &impl ConnectionTrait,
    code: &MemberStateCode,
) -> Result<bool, AppError> {
    Ok(super::countries::find(db, code).await?.is_some())
}
