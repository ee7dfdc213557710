//! Request use cases: the list, filing and editing requests and positions, status steps, the
//! host-nationality waiver. Each asks the policy about the one request it touches.
use crate::{
    domain::{
        ids::{PositionId, RequestId},
        permissions::{Action, Actor, RequestScope, request_scope},
        request::{
            Position, PositionFields, RequestFields, RequestStatus, RequestStep, next_status,
        },
    },
    error::AppError,
    server::{
        entities::{mission_request, request_position},
        gate,
        repo::{
            audit::{self, AuditEntry},
            countries, lookups, requests,
        },
    },
    views::requests::{
        PositionFormData, PositionView, RequestFormData, RequestList, RequestRow, RequestView,
        StatusStepView, WaiverView,
    },
};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde_json::json;

pub const RECORD_TYPE: &str = "mission_request";
const MAX_POSITIONS: usize = 30;
const MAX_SEATS: i64 = 60;
const WAIVER_REASON_CHARS: usize = 2000;

/// The request if the asker may see it; another planner's request is simply not found.
pub async fn visible(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: RequestId,
) -> Result<mission_request::Model, AppError> {
    let r = requests::find(db, &request_scope(actor), id).await?;
    gate::check(actor, &Action::ViewRequest(requests::facts_of(&r)?))?;
    Ok(r)
}

/// The request if the asker may change it, and it can still change.
pub async fn editable(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: RequestId,
) -> Result<mission_request::Model, AppError> {
    let r = visible(db, actor, id).await?;
    let facts = requests::facts_of(&r)?;
    gate::check(actor, &Action::EditRequest(facts.clone()))?;
    if !facts.status.is_editable() {
        return Err(AppError::Conflict(format!(
            "this request is {}; its details and positions can no longer change",
            facts.status
        )));
    }
    Ok(r)
}

pub async fn list(
    db: &DatabaseConnection,
    actor: &Actor,
    status: &str,
) -> Result<RequestList, AppError> {
    let scope = request_scope(actor);
    let status = match status.trim() {
        "" => None,
        raw => Some(
            RequestStatus::parse(raw)
                .ok_or_else(|| AppError::invalid("status", "not a request status"))?,
        ),
    };
    let rows = requests::list(db, &scope, status).await?;
    let ids: Vec<uuid::Uuid> = rows.iter().map(|r| r.id).collect();
    let totals = requests::position_totals(db, &ids).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let (positions, seats) = totals.get(&r.id).copied().unwrap_or((0, 0));
        out.push(RequestRow {
            id: r.id.to_string(),
            mission: r.mission,
            host_country: r.host_country,
            duty_station: r.duty_station,
            urgency: r.urgency,
            status: r.status,
            seats: usize::try_from(seats).unwrap_or(usize::MAX),
            positions: usize::try_from(positions).unwrap_or(usize::MAX),
            created_at: crate::views::time_text(r.created_at),
        });
    }
    Ok(RequestList {
        rows: out,
        can_file: gate::may(actor, &Action::FileRequest),
        sees_all: scope == RequestScope::Everything,
    })
}

fn position_view(p: &request_position::Model) -> Result<PositionView, AppError> {
    let parsed = requests::position_of(p)?;
    Ok(PositionView {
        id: p.id.to_string(),
        end_on: crate::views::date_text(parsed.end_on()),
        title: parsed.title,
        category: parsed.category.slug().to_owned(),
        skills: parsed
            .skills
            .iter()
            .map(|(s, l)| (s.slug().to_owned(), l.get()))
            .collect(),
        languages: parsed
            .languages
            .iter()
            .map(|(c, l)| (c.as_str().to_owned(), l.as_str().to_owned()))
            .collect(),
        min_years: parsed.min_years,
        start_on: crate::views::date_text(parsed.start_on),
        duration_days: parsed.duration_days,
        head_count: parsed.head_count,
    })
}

/// The status steps a person may take by hand; filling follows from accepted offers.
fn manual_steps(status: RequestStatus) -> Vec<String> {
    [
        ("file", RequestStep::File),
        ("close", RequestStep::Close),
        ("cancel", RequestStep::Cancel),
    ]
    .into_iter()
    .filter(|(_, step)| next_status(status, *step, 1).is_ok())
    .map(|(name, _)| name.to_owned())
    .collect()
}

pub async fn view(
    db: &DatabaseConnection,
    actor: &Actor,
    id: RequestId,
) -> Result<RequestView, AppError> {
    let r = visible(db, actor, id).await?;
    let facts = requests::facts_of(&r)?;
    let may_edit = gate::may(actor, &Action::EditRequest(facts.clone()));
    let positions = requests::positions(db, id).await?;
    let history = requests::history(db, id).await?;
    let names = lookups::user_names(
        db,
        history
            .iter()
            .filter_map(|h| h.actor_user_id)
            .chain([r.owner_id])
            .chain(r.host_waived_by),
    )
    .await?;
    let host = match crate::domain::member_state::MemberStateCode::parse(&r.host_country) {
        Ok(code) => countries::find(db, &code).await?,
        Err(_) => None,
    };
    Ok(RequestView {
        id: r.id.to_string(),
        version: r.version,
        mission: r.mission.clone(),
        host_country_name: host
            .map(|c| c.name)
            .unwrap_or_else(|| r.host_country.clone()),
        host_country: r.host_country.clone(),
        duty_station: r.duty_station.clone(),
        requesting_unit: r.requesting_unit.clone(),
        security_level: u8::try_from(r.security_level).unwrap_or(0),
        urgency: r.urgency.clone(),
        status: r.status.clone(),
        owner: names.get(&r.owner_id).cloned(),
        created_at: crate::views::time_text(r.created_at),
        opened_at: r.opened_at.map(crate::views::time_text),
        shortlisted_at: r.shortlisted_at.map(crate::views::time_text),
        waiver: r.host_waiver_reason.clone().map(|reason| WaiverView {
            reason,
            by: r.host_waived_by.and_then(|u| names.get(&u).cloned()),
            at: r
                .host_waived_at
                .map(crate::views::time_text)
                .unwrap_or_default(),
        }),
        positions: positions
            .iter()
            .map(position_view)
            .collect::<Result<_, _>>()?,
        history: history
            .iter()
            .map(|h| StatusStepView {
                from: h.from_status.clone(),
                to: h.to_status.clone(),
                by: h.actor_user_id.and_then(|u| names.get(&u).cloned()),
                at: crate::views::time_text(h.at),
            })
            .collect(),
        can_edit: may_edit && facts.status.is_editable(),
        steps: if may_edit {
            manual_steps(facts.status)
        } else {
            Vec::new()
        },
        can_waive: gate::may(actor, &Action::WaiveHostNationality) && !facts.status.is_final(),
    })
}

fn fields_of(r: &mission_request::Model) -> RequestFields {
    RequestFields {
        mission: r.mission.clone(),
        host_country: r.host_country.clone(),
        duty_station: r.duty_station.clone(),
        requesting_unit: r.requesting_unit.clone(),
        security_level: r.security_level.to_string(),
        urgency: r.urgency.clone(),
    }
}

pub async fn form(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Option<RequestId>,
) -> Result<RequestFormData, AppError> {
    let (id, version, fields) = match id {
        None => {
            gate::check(actor, &Action::FileRequest)?;
            (String::new(), 0, RequestFields::default())
        }
        Some(id) => {
            let r = editable(db, actor, id).await?;
            (r.id.to_string(), r.version, fields_of(&r))
        }
    };
    let countries = countries::all(db)
        .await?
        .into_iter()
        .map(|c| (c.code, c.name))
        .collect();
    Ok(RequestFormData {
        id,
        version,
        fields,
        countries,
    })
}

fn snapshot(fields: &RequestFields) -> serde_json::Value {
    json!({
        "mission": fields.mission,
        "host_country": fields.host_country,
        "duty_station": fields.duty_station,
        "requesting_unit": fields.requesting_unit,
        "security_level": fields.security_level,
        "urgency": fields.urgency,
    })
}

pub async fn save(
    db: &DatabaseConnection,
    actor: &Actor,
    edit: Option<(RequestId, i32)>,
    fields: &RequestFields,
    now: DateTime<Utc>,
) -> Result<RequestId, AppError> {
    let input = fields
        .parse()
        .map_err(crate::server::services::expert_record::invalid)?;
    if !requests::known_country(db, &input.host_country).await? {
        return Err(AppError::invalid("host_country", "not a known country"));
    }
    let txn = crate::server::tx::write(db).await?;
    let (id, before, action) = match edit {
        None => {
            gate::check(actor, &Action::FileRequest)?;
            let id = RequestId(uuid::Uuid::new_v4());
            requests::insert(&txn, id, actor.user_id, &input, now).await?;
            requests::record_creation(&txn, id, actor.user_id, now).await?;
            (id, None, "request.create")
        }
        Some((id, version)) => {
            let r = editable(&txn, actor, id).await?;
            requests::update(&txn, id, version, &input, now).await?;
            (id, Some(snapshot(&fields_of(&r))), "request.update")
        }
    };
    audit::append(
        &txn,
        AuditEntry::new(Some(actor.user_id), action, RECORD_TYPE, id)
            .before_maybe(before)
            .after(snapshot(fields)),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

pub async fn position_form(
    db: &DatabaseConnection,
    actor: &Actor,
    request: RequestId,
    position: Option<PositionId>,
    today: NaiveDate,
) -> Result<PositionFormData, AppError> {
    let r = editable(db, actor, request).await?;
    let (id, fields) = match position {
        None => (
            String::new(),
            PositionFields {
                head_count: "1".to_owned(),
                min_years: "5".to_owned(),
                duration_days: "180".to_owned(),
                ..PositionFields::default()
            },
        ),
        Some(id) => {
            let p = own_position(db, RequestId(r.id), id).await?;
            (p.id.to_string(), requests::position_of(&p)?.fields())
        }
    };
    Ok(PositionFormData {
        request_id: r.id.to_string(),
        mission: r.mission,
        id,
        fields,
        today: crate::views::date_text(today),
    })
}

async fn own_position(
    db: &impl ConnectionTrait,
    request: RequestId,
    id: PositionId,
) -> Result<request_position::Model, AppError> {
    requests::positions(db, request)
        .await?
        .into_iter()
        .find(|p| p.id == id.0)
        .ok_or(AppError::NotFound)
}

fn position_snapshot(p: &Position) -> serde_json::Value {
    serde_json::to_value(p.fields()).unwrap_or_default()
}

pub async fn save_position(
    db: &DatabaseConnection,
    actor: &Actor,
    request: RequestId,
    position: Option<PositionId>,
    fields: &PositionFields,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<PositionId, AppError> {
    let txn = crate::server::tx::write(db).await?;
    editable(&txn, actor, request).await?;
    let parsed = fields
        .parse(today)
        .map_err(crate::server::services::expert_record::invalid)?;
    let existing = requests::positions(&txn, request).await?;
    // The assignment's work grows with the square of the seats: keep a request to a size one
    // planning cell files, and the matching fast.
    let other_seats: i64 = existing
        .iter()
        .filter(|p| Some(PositionId(p.id)) != position)
        .map(|p| i64::from(p.head_count))
        .sum();
    if other_seats + i64::from(parsed.head_count) > MAX_SEATS {
        return Err(AppError::invalid(
            "head_count",
            format!(
                "a request holds at most {MAX_SEATS} seats in all; the other positions already take {other_seats}"
            ),
        ));
    }
    let (id, before) = match position {
        None => {
            if existing.len() >= MAX_POSITIONS {
                return Err(AppError::Conflict(format!(
                    "a request holds at most {MAX_POSITIONS} positions"
                )));
            }
            let id = PositionId(uuid::Uuid::new_v4());
            let ordinal = existing.iter().map(|p| p.ordinal).max().unwrap_or(0) + 1;
            requests::insert_position(&txn, request, id, ordinal, &parsed, now).await?;
            (id, None)
        }
        Some(id) => {
            let old = existing
                .iter()
                .find(|p| p.id == id.0)
                .ok_or(AppError::NotFound)?;
            let before = requests::position_of(old)
                .ok()
                .map(|p| position_snapshot(&p));
            requests::update_position(&txn, id, &parsed, now).await?;
            (id, before)
        }
    };
    requests::touch(&txn, request, now).await?;
    audit::append(
        &txn,
        AuditEntry::new(
            Some(actor.user_id),
            if before.is_some() {
                "position.update"
            } else {
                "position.create"
            },
            RECORD_TYPE,
            request,
        )
        .before_maybe(before)
        .after(position_snapshot(&parsed)),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

pub async fn remove_position(
    db: &DatabaseConnection,
    actor: &Actor,
    request: RequestId,
    id: PositionId,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let txn = crate::server::tx::write(db).await?;
    editable(&txn, actor, request).await?;
    let old = own_position(&txn, request, id).await?;
    requests::delete_position(&txn, id).await?;
    requests::touch(&txn, request, now).await?;
    audit::append(
        &txn,
        AuditEntry::new(Some(actor.user_id), "position.delete", RECORD_TYPE, request).before_maybe(
            requests::position_of(&old)
                .ok()
                .map(|p| position_snapshot(&p)),
        ),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn step(
    db: &DatabaseConnection,
    actor: &Actor,
    id: RequestId,
    version: i32,
    step: RequestStep,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if !matches!(
        step,
        RequestStep::File | RequestStep::Close | RequestStep::Cancel
    ) {
        // Filling follows from accepted offers, never from a button.
        return Err(AppError::invalid("step", "not a step a person can take"));
    }
    let txn = crate::server::tx::write(db).await?;
    let r = visible(&txn, actor, id).await?;
    let facts = requests::facts_of(&r)?;
    gate::check(actor, &Action::EditRequest(facts.clone()))?;
    if r.version != version {
        return Err(AppError::Conflict(
            "someone else changed this request meanwhile; reload it and try again".to_owned(),
        ));
    }
    let positions = requests::positions(&txn, id).await?.len();
    let to = next_status(facts.status, step, positions).map_err(AppError::Conflict)?;
    requests::set_status(&txn, &r, to, Some(actor.user_id), now).await?;
    audit::append(
        &txn,
        AuditEntry::new(Some(actor.user_id), "request.status", RECORD_TYPE, id)
            .before(json!({ "status": r.status }))
            .after(json!({ "status": to.as_str() })),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn waive(
    db: &DatabaseConnection,
    actor: &Actor,
    id: RequestId,
    reason: &str,
    revoke: bool,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    gate::check(actor, &Action::WaiveHostNationality)?;
    let reason = reason.trim();
    if !revoke && reason.is_empty() {
        return Err(AppError::invalid(
            "reason",
            "say why nationals of the host country may serve on this request",
        ));
    }
    if reason.chars().count() > WAIVER_REASON_CHARS {
        return Err(AppError::invalid(
            "reason",
            format!("the reason is limited to {WAIVER_REASON_CHARS} characters"),
        ));
    }
    let txn = crate::server::tx::write(db).await?;
    let r = visible(&txn, actor, id).await?;
    if requests::status_of(&r)?.is_final() {
        return Err(AppError::Conflict("this request is closed".to_owned()));
    }
    let new = (!revoke).then_some(reason);
    requests::set_waiver(&txn, &r, new, actor.user_id, now).await?;
    audit::append(
        &txn,
        AuditEntry::new(
            Some(actor.user_id),
            if revoke {
                "request.waiver_revoke"
            } else {
                "request.waiver"
            },
            RECORD_TYPE,
            id,
        )
        .before(json!({ "host_waiver_reason": r.host_waiver_reason }))
        .after(json!({ "host_waiver_reason": new })),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
