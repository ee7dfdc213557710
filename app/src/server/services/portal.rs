//! The expert's own portal: availability, contact details, language claims, "still correct", and
//! everything held on them. Every function acts on the asking expert's own record only.
use crate::{
    domain::{
        availability::{
            MAX_AHEAD_DAYS, REGIONS, RegionChoice, WindowSpan, parse_settings, parse_window,
        },
        expert::{Email, FieldError, Phone},
        ids::{ExpertId, WindowId},
        permissions::{Action, Actor},
        readiness::{AvailabilityKind, is_stale},
        taxonomy::{Cefr, LanguageCode},
    },
    error::AppError,
    server::{
        entities::{availability_window, expert, expert_region, language_claim},
        errors::internal,
        gate,
        repo::{
            audit::{self, AuditEntry},
            deployments, lookups, personal_data, vetting,
        },
        services::{
            expert_record::{self, invalid},
            readiness,
        },
    },
    views::portal::{ClaimView, NOMINATED_WINDOW_ID, PortalView, RegionView, WindowRow},
};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, IntoActiveModel, QueryFilter,
};
use serde_json::json;

/// The asking expert's own record id; anyone else is refused before anything is read.
pub async fn own_expert(db: &impl ConnectionTrait, actor: &Actor) -> Result<ExpertId, AppError> {
    gate::check(actor, &Action::ManageOwnProfile)?;
    deployments::expert_of(db, actor.user_id)
        .await?
        .ok_or(AppError::NotFound)
}

/// [`own_expert`] for a write: the record is held until the transaction ends, so the same change
/// sent twice at once is decided one after the other (PostgreSQL's default isolation would let
/// both read the old state).
async fn own_expert_held(db: &impl ConnectionTrait, actor: &Actor) -> Result<ExpertId, AppError> {
    let id = own_expert(db, actor).await?;
    crate::server::repo::locks::hold(db, crate::server::repo::locks::Held::Experts, id.0).await?;
    Ok(id)
}

async fn load(db: &impl ConnectionTrait, id: ExpertId) -> Result<expert::Model, AppError> {
    expert::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

fn spans(windows: &[availability_window::Model]) -> Vec<WindowSpan> {
    windows
        .iter()
        .map(|w| WindowSpan {
            kind: AvailabilityKind::parse(&w.kind).unwrap_or(AvailabilityKind::Available),
            from: w.starts_on,
            to: w.ends_on,
        })
        .collect()
}

/// Marks the availability confirmed today, bumps the version and re-decides readiness; every
/// availability write ends here, so saving it is also confirming it.
async fn confirmed(
    db: &impl ConnectionTrait,
    e: expert::Model,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let version = e.version;
    let mut m = e.into_active_model();
    m.last_confirmed_on = Set(Some(today));
    m.updated_at = Set(now);
    m.version = Set(version + 1);
    let saved = m.update(db).await?;
    readiness::reassess(db, &saved, today).await?;
    Ok(())
}

async fn audited(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: ExpertId,
    action: &'static str,
    after: serde_json::Value,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    audit::append(
        db,
        AuditEntry::new(Some(actor.user_id), action, expert_record::RECORD_TYPE, id).after(after),
        now,
    )
    .await
}

/// Everything the portal's availability and contact screen shows.
pub async fn portal(
    db: &DatabaseConnection,
    actor: &Actor,
    today: NaiveDate,
) -> Result<PortalView, AppError> {
    let id = own_expert(db, actor).await?;
    let e = load(db, id).await?;
    let windows = vetting::windows_of(db, id).await?;
    let regions = personal_data::regions_of(db, id).await?;
    let claims = personal_data::claims_of(db, id).await?;
    let codes: Vec<&str> = claims.iter().map(|c| c.language.as_str()).collect();
    let names = lookups::language_names(db, &codes).await?;
    Ok(PortalView {
        expert_id: id.to_string(),
        name: format!("{} {}", e.given_names, e.family_name),
        email: e.email.clone(),
        phone: e.phone.clone().unwrap_or_default(),
        notice_days: e.notice_days.to_string(),
        longest_deployment_days: e
            .longest_deployment_days
            .map(|d| d.to_string())
            .unwrap_or_default(),
        last_confirmed_on: e.last_confirmed_on.map(|d| d.to_string()),
        stale: is_stale(e.last_confirmed_on, today),
        today: today.to_string(),
        windows: nominated_period(&e, today)
            .into_iter()
            .chain(windows.iter().map(|w| WindowRow {
                id: w.id.to_string(),
                kind: w.kind.clone(),
                from: w.starts_on.to_string(),
                to: w.ends_on.to_string(),
                past: w.ends_on < today,
                from_nomination: false,
                open_ended: false,
            }))
            .collect(),
        regions: REGIONS
            .iter()
            .map(|r| RegionView {
                region: (*r).to_owned(),
                choice: regions
                    .iter()
                    .find(|x| x.region == *r)
                    .map(|x| x.preference.clone())
                    .unwrap_or_else(|| "any".to_owned()),
            })
            .collect(),
        claims: claims
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
            .collect(),
    })
}

/// The record's "available from / to" (from the nomination) as the portal shows it: matching
/// counts it as an available window, so the expert sees and can remove it like their own.
fn nominated_period(e: &expert::Model, today: NaiveDate) -> Option<WindowRow> {
    if e.available_from.is_none() && e.available_to.is_none() {
        return None;
    }
    let from = e.available_from.unwrap_or(today);
    let horizon = today + chrono::Days::new(MAX_AHEAD_DAYS.unsigned_abs());
    let to = e.available_to.unwrap_or(horizon);
    Some(WindowRow {
        id: NOMINATED_WINDOW_ID.to_owned(),
        kind: AvailabilityKind::Available.as_str().to_owned(),
        from: from.to_string(),
        to: to.to_string(),
        past: to < today,
        from_nomination: true,
        open_ended: e.available_to.is_none(),
    })
}

/// The expert removes the period their nomination gave (their own windows then say when they can
/// go); audited with the dates it had.
pub async fn remove_nominated_period(
    db: &DatabaseConnection,
    actor: &Actor,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let txn = crate::server::tx::write(db).await?;
    let id = own_expert_held(&txn, actor).await?;
    let e = load(&txn, id).await?;
    let (from, to) = (e.available_from, e.available_to);
    if from.is_none() && to.is_none() {
        return Err(AppError::NotFound);
    }
    let mut m = e.into_active_model();
    m.available_from = Set(None);
    m.available_to = Set(None);
    let e = m.update(&txn).await?;
    confirmed(&txn, e, today, now).await?;
    audited(
        &txn,
        actor,
        id,
        "expert.availability_nominated_remove",
        json!({ "from": from, "to": to }),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn add_window(
    db: &DatabaseConnection,
    actor: &Actor,
    kind: &str,
    from: &str,
    to: &str,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let txn = crate::server::tx::write(db).await?;
    let id = own_expert_held(&txn, actor).await?;
    let e = load(&txn, id).await?;
    let held = vetting::windows_of(&txn, id).await?;
    let current: Vec<_> = spans(&held).into_iter().filter(|w| w.to >= today).collect();
    let w = parse_window(kind, from, to, &current, today).map_err(invalid)?;
    availability_window::Entity::insert(availability_window::ActiveModel {
        id: Set(uuid::Uuid::new_v4()),
        expert_id: Set(id.0),
        kind: Set(w.kind.as_str().to_owned()),
        starts_on: Set(w.from),
        ends_on: Set(w.to),
    })
    .exec_without_returning(&txn)
    .await?;
    confirmed(&txn, e, today, now).await?;
    audited(
        &txn,
        actor,
        id,
        "expert.availability_window_add",
        json!({ "kind": w.kind.as_str(), "from": w.from, "to": w.to }),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn remove_window(
    db: &DatabaseConnection,
    actor: &Actor,
    window: WindowId,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let txn = crate::server::tx::write(db).await?;
    let id = own_expert_held(&txn, actor).await?;
    let e = load(&txn, id).await?;
    // Filtering by the owner too: another expert's window id is simply not found.
    let w = availability_window::Entity::find_by_id(window.0)
        .filter(availability_window::Column::ExpertId.eq(id.0))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    availability_window::Entity::delete_by_id(w.id)
        .exec(&txn)
        .await?;
    confirmed(&txn, e, today, now).await?;
    audited(
        &txn,
        actor,
        id,
        "expert.availability_window_remove",
        json!({ "kind": w.kind, "from": w.starts_on, "to": w.ends_on }),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn save_settings(
    db: &DatabaseConnection,
    actor: &Actor,
    notice_days: &str,
    longest_days: &str,
    regions: &[String],
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let settings = parse_settings(notice_days, longest_days, regions).map_err(invalid)?;
    let txn = crate::server::tx::write(db).await?;
    let id = own_expert_held(&txn, actor).await?;
    let e = load(&txn, id).await?;
    let mut m = e.clone().into_active_model();
    m.notice_days = Set(i16::try_from(settings.notice_days)
        .map_err(|_| internal("availability", "notice out of range"))?);
    m.longest_deployment_days = Set(settings
        .longest_deployment_days
        .and_then(|d| i32::try_from(d).ok()));
    let e = m.update(&txn).await?;
    expert_region::Entity::delete_many()
        .filter(expert_region::Column::ExpertId.eq(id.0))
        .exec(&txn)
        .await?;
    let rows: Vec<_> = settings
        .regions
        .iter()
        .filter_map(|(region, choice)| {
            choice.stored().map(|p| expert_region::ActiveModel {
                expert_id: Set(id.0),
                region: Set((*region).to_owned()),
                preference: Set(p.to_owned()),
            })
        })
        .collect();
    if !rows.is_empty() {
        expert_region::Entity::insert_many(rows)
            .exec_without_returning(&txn)
            .await?;
    }
    confirmed(&txn, e, today, now).await?;
    audited(
        &txn,
        actor,
        id,
        "expert.availability_settings",
        json!({
            "notice_days": settings.notice_days,
            "longest_deployment_days": settings.longest_deployment_days,
            "regions": settings.regions.iter().filter(|(_, c)| *c != RegionChoice::Any).map(|(r, c)| format!("{r}:{}", c.stored().unwrap_or("any"))).collect::<Vec<_>>(),
        }),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// "My availability is still correct": nothing changes but the date it was last confirmed.
pub async fn confirm(
    db: &DatabaseConnection,
    actor: &Actor,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let txn = crate::server::tx::write(db).await?;
    let id = own_expert_held(&txn, actor).await?;
    let e = load(&txn, id).await?;
    confirmed(&txn, e, today, now).await?;
    audited(
        &txn,
        actor,
        id,
        "expert.availability_confirm",
        json!({ "on": today }),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Contact details are the expert's own to keep current; they take effect at once.
pub async fn save_contact(
    db: &DatabaseConnection,
    actor: &Actor,
    email: &str,
    phone: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut errors = Vec::new();
    let email = Email::parse(email)
        .map_err(|e| errors.push(FieldError::new("email", e)))
        .ok();
    let phone = match phone.trim() {
        "" => Some(None),
        raw => Phone::parse(raw)
            .map(Some)
            .map_err(|e| errors.push(FieldError::new("phone", e)))
            .ok(),
    };
    let (Some(email), Some(phone)) = (email, phone) else {
        return Err(invalid(errors));
    };
    let txn = crate::server::tx::write(db).await?;
    let id = own_expert_held(&txn, actor).await?;
    let e = load(&txn, id).await?;
    // Addresses are unique per nominating state; say so rather than let the unique index fail
    // the write, without saying whose address it is.
    let state = crate::domain::member_state::MemberStateCode::parse(&e.member_state)
        .map_err(|err| internal("stored expert", err))?;
    if let Some(owner) =
        crate::server::repo::experts::email_owner(&txn, &state, email.as_str()).await?
        && owner != id
    {
        return Err(AppError::invalid(
            "email",
            "this e-mail address cannot be used for your record; give another one",
        ));
    }
    let before = json!({ "email": e.email, "phone": e.phone });
    let version = e.version;
    let mut m = e.into_active_model();
    m.email = Set(email.as_str().to_owned());
    m.phone = Set(phone.as_ref().map(|p| p.as_str().to_owned()));
    m.updated_at = Set(now);
    m.version = Set(version + 1);
    m.update(&txn).await?;
    audit::append(
        &txn,
        AuditEntry::new(
            Some(actor.user_id),
            "expert.contact",
            expert_record::RECORD_TYPE,
            id,
        )
        .before(before)
        .after(json!({ "email": email.as_str(), "phone": phone.as_ref().map(|p| p.as_str()) })),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A language or level the expert declares; it counts once the secretariat has verified it.
pub async fn claim_language(
    db: &DatabaseConnection,
    actor: &Actor,
    language: &str,
    level: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut errors = Vec::new();
    let code = LanguageCode::parse(language)
        .map_err(|e| errors.push(FieldError::new("language", e)))
        .ok();
    let level = match level.trim() {
        "remove" => Some("remove".to_owned()),
        raw => Cefr::parse(raw)
            .map(|l| l.as_str().to_owned())
            .map_err(|e| errors.push(FieldError::new("level", e)))
            .ok(),
    };
    let (Some(code), Some(level)) = (code, level) else {
        return Err(invalid(errors));
    };
    let txn = crate::server::tx::write(db).await?;
    if lookups::language_names(&txn, &[code.as_str()])
        .await?
        .is_empty()
    {
        return Err(AppError::invalid(
            "language",
            format!("{} is not a language on the reference list", code.as_str()),
        ));
    }
    let id = own_expert_held(&txn, actor).await?;
    // A newer claim for the same language replaces a pending one.
    language_claim::Entity::delete_many()
        .filter(language_claim::Column::ExpertId.eq(id.0))
        .filter(language_claim::Column::Language.eq(code.as_str()))
        .filter(language_claim::Column::Decision.eq("pending"))
        .exec(&txn)
        .await?;
    language_claim::Entity::insert(language_claim::ActiveModel {
        id: Set(uuid::Uuid::new_v4()),
        expert_id: Set(id.0),
        language: Set(code.as_str().to_owned()),
        level: Set(level.clone()),
        claimed_at: Set(now),
        decided_at: Set(None),
        decided_by: Set(None),
        decision: Set("pending".to_owned()),
    })
    .exec_without_returning(&txn)
    .await?;
    audited(
        &txn,
        actor,
        id,
        "expert.language_claim",
        json!({ "language": code.as_str(), "level": level }),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The expert's own messages, newest first (the last 50).
pub async fn messages(
    db: &DatabaseConnection,
    actor: &Actor,
) -> Result<Vec<crate::views::portal::MessageView>, AppError> {
    let id = own_expert(db, actor).await?;
    Ok(crate::server::repo::notifications::of_expert(db, id.0, 50)
        .await?
        .into_iter()
        .map(|n| crate::views::portal::MessageView {
            kind: n.kind,
            subject: n.subject,
            body: n.body,
            created_at: crate::views::time_text(n.created_at),
            delivery: if n.sent_at.is_some() {
                "sent"
            } else if n.failed_at.is_some() {
                "failed"
            } else {
                "queued"
            }
            .to_owned(),
        })
        .collect())
}
