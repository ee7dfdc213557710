//! Roster use cases: the list, one expert's record, nominating and editing, readiness upkeep.
use crate::{
    api::roster::{
        AuditRow, CheckView, ExpertFormData, ExpertView, LanguageView, MissionView, ReadinessView,
        RosterPage, RosterRow, SkillView, StatusChangeView, WindowView,
    },
    domain::{
        expert::{ExpertFields, ExpertInput, search_key},
        ids::ExpertId,
        member_state::MemberStateCode,
        permissions::{
            Action, Actor, Disclosure, ExpertFacts, Principal, RosterScope, authorize, disclosure,
            roster_scope,
        },
        readiness::{
            self, AvailabilityKind, ReadinessFacts, STANDARD_DEPLOYMENT_DAYS, Window, is_stale,
        },
        roster_query::{PAGE_SIZE, RosterParams},
        taxonomy::Cefr,
        vetting::{CheckKind, CheckRecord, CheckStatus, Decider, RosterStatus, allowed_next},
    },
    error::{AppError, FieldError},
    server::{
        entities::{availability_window, expert, prior_mission, vetting_check},
        errors::internal,
        repo::{
            audit::{self, AuditEntry, AuditFilter},
            experts::{self, NameKeys, WriteMeta},
            lookups, vetting,
        },
    },
};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
};
use serde_json::json;

pub const RECORD_TYPE: &str = "expert";

fn stored_status(e: &expert::Model) -> Result<RosterStatus, AppError> {
    RosterStatus::parse(&e.roster_status)
        .ok_or_else(|| internal("stored expert", format!("unknown status on {}", e.id)))
}

fn state_of(e: &expert::Model) -> Result<MemberStateCode, AppError> {
    MemberStateCode::parse(&e.member_state).map_err(|err| internal("stored expert", err))
}

pub fn facts_of(e: &expert::Model) -> Result<ExpertFacts, AppError> {
    Ok(ExpertFacts {
        state: state_of(e)?,
        status: stored_status(e)?,
        // Expert accounts are not linked to roster records yet, so nobody's record is their own.
        is_self: false,
    })
}

fn gate(actor: &Actor, action: &Action) -> Result<(), AppError> {
    authorize(Some(actor), action).map_err(|_| AppError::Forbidden)
}

pub fn name_keys(input: &ExpertInput) -> NameKeys {
    let latin = input.latin_name.as_ref().map(|n| n.as_str()).unwrap_or("");
    NameKeys {
        search: search_key(&format!(
            "{} {} {latin}",
            input.given_names.as_str(),
            input.family_name.as_str()
        )),
        sort: search_key(&format!(
            "{} {}",
            input.family_name.as_str(),
            input.given_names.as_str()
        )),
    }
}

pub fn check_records(checks: &[vetting_check::Model]) -> Vec<CheckRecord> {
    checks
        .iter()
        .filter_map(|c| {
            Some(CheckRecord {
                kind: CheckKind::parse(&c.kind)?,
                status: CheckStatus::parse(&c.status)?,
                done_on: c.done_on,
                expires_on: c.expires_on,
            })
        })
        .collect()
}

/// The facts readiness is decided on; the declared availability counts as one more window.
pub fn readiness_facts(
    e: &expert::Model,
    status: RosterStatus,
    checks: &[vetting_check::Model],
    windows: &[availability_window::Model],
    committed: bool,
) -> ReadinessFacts {
    let mut all: Vec<Window> = windows
        .iter()
        .map(|w| Window {
            kind: if w.kind == "unavailable" {
                AvailabilityKind::Unavailable
            } else {
                AvailabilityKind::Available
            },
            from: w.starts_on,
            to: w.ends_on,
        })
        .collect();
    if e.available_from.is_some() || e.available_to.is_some() {
        all.push(Window {
            kind: AvailabilityKind::Available,
            from: e.available_from.unwrap_or(NaiveDate::MIN),
            to: e.available_to.unwrap_or(NaiveDate::MAX),
        });
    }
    ReadinessFacts {
        status,
        checks: check_records(checks),
        windows: all,
        notice_days: u16::try_from(e.notice_days).unwrap_or(u16::MAX),
        last_confirmed: e.last_confirmed_on,
        committed,
    }
}

/// Re-decides one expert's tier from what is stored and keeps it on the record for list filters.
pub async fn reassess(
    db: &impl ConnectionTrait,
    e: &expert::Model,
    today: NaiveDate,
) -> Result<readiness::Readiness, AppError> {
    let id = ExpertId(e.id);
    let checks = vetting::checks_of(db, id).await?;
    let windows = vetting::windows_of(db, id).await?;
    let committed = crate::server::repo::deployments::is_committed(db, id, today).await?;
    let facts = readiness_facts(e, stored_status(e)?, &checks, &windows, committed);
    let verdict = readiness::assess(&facts, today, STANDARD_DEPLOYMENT_DAYS);
    if verdict.tier.as_str() != e.readiness_tier || e.readiness_on != today {
        experts::set_tier(db, id, verdict.tier, today).await?;
    }
    Ok(verdict)
}

/// Brings every stored tier up to `today`; run at start and then daily, safe on several instances.
pub async fn reassess_due(db: &DatabaseConnection, today: NaiveDate) -> Result<u64, AppError> {
    let mut done = 0;
    loop {
        let ids = experts::due_for_reassessment(db, today, 500).await?;
        if ids.is_empty() {
            return Ok(done);
        }
        let txn = crate::server::tx::write(db).await?;
        for id in ids {
            if let Some(e) = expert::Entity::find_by_id(id).one(&txn).await? {
                reassess(&txn, &e, today).await?;
                done += 1;
            }
        }
        txn.commit().await?;
    }
}

/// Experts on the roster in every state and status.
pub async fn count_all(db: &DatabaseConnection) -> Result<u64, AppError> {
    use sea_orm::PaginatorTrait;
    Ok(expert::Entity::find().count(db).await?)
}

fn to_row(l: experts::ListedExpert) -> RosterRow {
    RosterRow {
        id: l.expert.id.to_string(),
        given_names: l.expert.given_names,
        family_name: l.expert.family_name,
        latin_name: l.expert.latin_name,
        member_state: l.expert.member_state,
        nationalities: l.nationalities,
        categories: l.categories,
        status: l.expert.roster_status,
        tier: l.expert.readiness_tier,
        years_experience: l.expert.years_experience,
    }
}

/// Filter problems in the shape every form error has.
pub fn filter_errors(errors: Vec<crate::domain::roster_query::BadFilter>) -> Vec<FieldError> {
    errors
        .into_iter()
        .map(|e| FieldError {
            field: e.field.to_owned(),
            message: e.message,
        })
        .collect()
}

pub async fn list(
    db: &DatabaseConnection,
    actor: &Actor,
    params: &RosterParams,
) -> Result<RosterPage, AppError> {
    let scope = roster_scope(&actor.principal);
    let can_nominate = matches!(
        actor.principal,
        Principal::Secretariat | Principal::RosterManager { .. }
    );
    let mut page = RosterPage {
        rows: Vec::new(),
        total: 0,
        page: 1,
        pages: 0,
        errors: Vec::new(),
        can_nominate,
        sees_all_states: !matches!(scope, RosterScope::State(_)),
        vetted_only: scope == RosterScope::VettedOnly,
    };
    let query = match params.parse() {
        Ok(q) => q,
        Err(errors) => {
            page.errors = filter_errors(errors);
            return Ok(page);
        }
    };
    let (rows, total) = experts::list(db, &scope, &query).await?;
    page.rows = rows.into_iter().map(to_row).collect();
    page.total = total;
    page.page = query.page + 1;
    page.pages = total.div_ceil(PAGE_SIZE);
    Ok(page)
}

/// Loads an expert the actor may see, or answers "not found" — also for records that exist but
/// lie outside the actor's scope, so ids guessed or copied from elsewhere reveal nothing.
pub async fn visible(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: ExpertId,
) -> Result<(expert::Model, ExpertFacts), AppError> {
    // An expert reaches their own record (and only it) through their account's link.
    let own = actor.principal == Principal::Expert
        && crate::server::repo::deployments::expert_of(db, actor.user_id).await? == Some(id);
    let found = if own {
        expert::Entity::find_by_id(id.0).one(db).await?
    } else {
        experts::find(db, &roster_scope(&actor.principal), id).await?
    };
    let e = found.ok_or(AppError::NotFound)?;
    let mut facts = facts_of(&e)?;
    facts.is_self = own;
    authorize(Some(actor), &Action::ViewExpert(facts.clone())).map_err(|_| AppError::NotFound)?;
    Ok((e, facts))
}

fn decider(actor: &Actor, facts: &ExpertFacts) -> Option<Decider> {
    match &actor.principal {
        Principal::Secretariat => Some(Decider::Secretariat),
        Principal::RosterManager { state } if *state == facts.state => {
            Some(Decider::NominatingState)
        }
        _ => None,
    }
}

fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn time(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// Field-by-field differences of two flat JSON objects, for reading the audit trail.
pub fn changes(
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> Vec<String> {
    let empty = serde_json::Map::new();
    let b = before.and_then(|v| v.as_object()).unwrap_or(&empty);
    let a = after.and_then(|v| v.as_object()).unwrap_or(&empty);
    let mut keys: Vec<&String> = b.keys().chain(a.keys()).collect();
    keys.sort();
    keys.dedup();
    let show = |v: Option<&serde_json::Value>| match v {
        None | Some(serde_json::Value::Null) => "—".to_owned(),
        Some(serde_json::Value::String(s)) if s.is_empty() => "—".to_owned(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    keys.into_iter()
        .filter(|k| b.get(*k) != a.get(*k))
        .map(|k| format!("{k}: {} → {}", show(b.get(k)), show(a.get(k))))
        .collect()
}

pub async fn audit_rows(
    db: &impl ConnectionTrait,
    events: Vec<crate::server::entities::audit_event::Model>,
) -> Result<Vec<AuditRow>, AppError> {
    let names = lookups::user_names(db, events.iter().filter_map(|e| e.actor_user_id)).await?;
    Ok(events
        .into_iter()
        .map(|e| AuditRow {
            at: time(e.at),
            actor: e
                .actor_user_id
                .map(|id| names.get(&id).cloned().unwrap_or_else(|| id.to_string())),
            changes: changes(e.before.as_ref(), e.after.as_ref()),
            action: e.action,
            record_type: e.record_type,
            record_id: e.record_id,
        })
        .collect())
}

pub async fn view(
    db: &DatabaseConnection,
    settings: &crate::server::settings::Settings,
    actor: &Actor,
    id: ExpertId,
    today: NaiveDate,
) -> Result<ExpertView, AppError> {
    let (e, facts) = visible(db, actor, id).await?;
    if actor.principal == Principal::MissionPlanner {
        crate::server::repo::disclosures::record(
            db,
            id,
            None,
            actor.user_id,
            "profile",
            chrono::Utc::now(),
        )
        .await?;
    }
    let show: Disclosure = disclosure(&actor.principal, &facts);
    let lists = experts::lists_of(db, e.id).await?;
    let checks = vetting::checks_of(db, id).await?;
    let windows = vetting::windows_of(db, id).await?;
    let verdict = readiness::assess(
        &readiness_facts(
            &e,
            facts.status,
            &checks,
            &windows,
            crate::server::repo::deployments::is_committed(db, id, today).await?,
        ),
        today,
        STANDARD_DEPLOYMENT_DAYS,
    );
    let codes: Vec<&str> = lists
        .languages
        .iter()
        .map(|l| l.language.as_str())
        .collect();
    let language_names = lookups::language_names(db, &codes).await?;
    let history = vetting::history_of(db, id).await?;
    let missions = prior_mission::Entity::find()
        .filter(prior_mission::Column::ExpertId.eq(e.id))
        .order_by_desc(prior_mission::Column::StartedOn)
        .all(db)
        .await?;
    let audit = if show.vetting_details {
        let filter = AuditFilter {
            record_type: Some(RECORD_TYPE.to_owned()),
            record_id: Some(e.id.to_string()),
            ..AuditFilter::default()
        };
        audit_rows(db, audit::list(db, &filter, 200, 0).await?.0).await?
    } else {
        Vec::new()
    };
    let names = lookups::user_names(
        db,
        history
            .iter()
            .filter_map(|h| h.actor_user_id)
            .chain(checks.iter().filter_map(|c| c.recorded_by)),
    )
    .await?;
    let name_of = |id: Option<uuid::Uuid>| id.and_then(|id| names.get(&id).cloned());
    let check_views = if show.vetting_details {
        CheckKind::ALL
            .into_iter()
            .map(
                |kind| match checks.iter().find(|c| c.kind == kind.as_str()) {
                    Some(c) => CheckView {
                        kind: c.kind.clone(),
                        status: c.status.clone(),
                        done_on: c.done_on.map(date),
                        expires_on: c.expires_on.map(date),
                        recorded_by: name_of(c.recorded_by),
                        recorded_at: Some(time(c.recorded_at)),
                        note: c.note.clone(),
                    },
                    None => CheckView {
                        kind: kind.as_str().to_owned(),
                        status: "missing".to_owned(),
                        done_on: None,
                        expires_on: None,
                        recorded_by: None,
                        recorded_at: None,
                        note: None,
                    },
                },
            )
            .collect()
    } else {
        Vec::new()
    };
    let can_edit = authorize(
        Some(actor),
        &Action::EditExpert {
            state: facts.state.clone(),
        },
    )
    .is_ok();
    let next_statuses = match decider(actor, &facts) {
        Some(by)
            if authorize(
                Some(actor),
                &Action::ChangeRosterStatus {
                    state: facts.state.clone(),
                },
            )
            .is_ok() =>
        {
            allowed_next(facts.status, by)
                .into_iter()
                .map(|s| s.as_str().to_owned())
                .collect()
        }
        _ => Vec::new(),
    };
    let has_account = crate::server::services::invitations::has_account(db, id).await?;
    let can_invite = !has_account
        && !matches!(
            facts.status,
            RosterStatus::Withdrawn | RosterStatus::Rejected
        )
        && authorize(
            Some(actor),
            &Action::InviteExpert {
                state: facts.state.clone(),
            },
        )
        .is_ok();
    let language_claims = crate::server::services::language_claims::pending(db, actor, id).await?;
    let now = chrono::Utc::now();
    let may = |action: Action| authorize(Some(actor), &action).is_ok();
    let state = || facts.state.clone();
    let invitation_pending_until = if may(Action::InviteExpert { state: state() }) {
        crate::server::services::invitations::pending_until(db, id, now)
            .await?
            .map(time)
    } else {
        None
    };
    let can_reveal_invitation = invitation_pending_until.is_some()
        && !settings.mail_configured
        && may(Action::RevealInvitation { state: state() });
    let can_reset_account = has_account && may(Action::ResetExpertAccount { state: state() });
    let duplicates = if may(Action::Vet) {
        let found = crate::server::repo::duplicates::likely(db, &[id]).await?;
        crate::server::services::vetting::duplicate_views(found.get(&e.id))
    } else {
        Vec::new()
    };
    Ok(ExpertView {
        id: e.id.to_string(),
        member_state: e.member_state.clone(),
        external_ref: e.external_ref.clone(),
        given_names: e.given_names.clone(),
        family_name: e.family_name.clone(),
        latin_name: e.latin_name.clone(),
        gender: e.gender.clone(),
        date_of_birth: show.date_of_birth.then(|| date(e.date_of_birth)),
        email: show.contact.then(|| e.email.clone()),
        phone: if show.contact { e.phone.clone() } else { None },
        years_experience: e.years_experience,
        notice_days: e.notice_days,
        available_from: e.available_from.map(date),
        available_to: e.available_to.map(date),
        last_confirmed_on: e.last_confirmed_on.map(date),
        availability_stale: is_stale(e.last_confirmed_on, today),
        nationalities: lists.nationalities,
        categories: lists.categories,
        skills: lists
            .skills
            .iter()
            .map(|s| SkillView {
                slug: s.skill.clone(),
                level: u8::try_from(s.level).unwrap_or(0),
            })
            .collect(),
        languages: lists
            .languages
            .iter()
            .map(|l| LanguageView {
                code: l.language.clone(),
                name: language_names
                    .get(&l.language)
                    .cloned()
                    .unwrap_or_else(|| l.language.clone()),
                level: u8::try_from(l.level)
                    .ok()
                    .and_then(Cefr::from_rank)
                    .map_or("?", Cefr::as_str)
                    .to_owned(),
            })
            .collect(),
        status: e.roster_status.clone(),
        status_since: time(e.status_changed_at),
        readiness: ReadinessView {
            tier: verdict.tier.as_str().to_owned(),
            reasons: verdict.reasons.iter().map(ToString::to_string).collect(),
            as_of: date(today),
        },
        checks: check_views,
        history: if show.vetting_details {
            history
                .iter()
                .map(|h| StatusChangeView {
                    from: h.from_status.clone(),
                    to: h.to_status.clone(),
                    reason: h.reason.clone(),
                    by: name_of(h.actor_user_id),
                    at: time(h.at),
                })
                .collect()
        } else {
            Vec::new()
        },
        windows: windows
            .iter()
            .map(|w| WindowView {
                kind: w.kind.clone(),
                from: date(w.starts_on),
                to: date(w.ends_on),
            })
            .collect(),
        prior_missions: missions
            .into_iter()
            .map(|m| MissionView {
                mission: m.mission,
                country: m.country,
                role: m.role,
                started_on: date(m.started_on),
                ended_on: m.ended_on.map(date),
            })
            .collect(),
        audit,
        can_edit,
        next_statuses,
        can_record_checks: authorize(Some(actor), &Action::Vet).is_ok(),
        language_claims,
        can_invite,
        has_account,
        invitation_pending_until,
        can_reveal_invitation,
        can_reset_account,
        duplicates,
        is_self: facts.is_self,
    })
}

/// States the actor may nominate for.
fn nominating_states(actor: &Actor) -> Option<Vec<String>> {
    match &actor.principal {
        Principal::RosterManager { state } => Some(vec![state.to_string()]),
        Principal::Secretariat => Some(Vec::new()),
        _ => None,
    }
}

pub async fn form(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Option<ExpertId>,
    today: NaiveDate,
) -> Result<ExpertFormData, AppError> {
    let states = nominating_states(actor).ok_or(AppError::Forbidden)?;
    match id {
        None => Ok(ExpertFormData {
            id: String::new(),
            version: 0,
            status: RosterStatus::Nominated.as_str().to_owned(),
            member_state: states.first().cloned().unwrap_or_default(),
            fields: ExpertFields::default(),
            today: date(today),
            states,
        }),
        Some(id) => {
            let (e, facts) = visible(db, actor, id).await?;
            gate(actor, &Action::EditExpert { state: facts.state })?;
            Ok(ExpertFormData {
                id: e.id.to_string(),
                version: e.version,
                status: e.roster_status.clone(),
                member_state: e.member_state.clone(),
                fields: experts::fields_of(db, &e).await?,
                today: date(today),
                states,
            })
        }
    }
}

pub fn invalid(errors: Vec<crate::domain::expert::FieldError>) -> AppError {
    AppError::Invalid(
        errors
            .into_iter()
            .map(|e| FieldError {
                field: e.field.to_owned(),
                message: e.message,
            })
            .collect(),
    )
}

/// Parses the fields and checks what only the database knows: codes that exist, unique keys.
async fn parse_checked(
    db: &impl ConnectionTrait,
    state: &MemberStateCode,
    fields: &ExpertFields,
    this: Option<ExpertId>,
    today: NaiveDate,
) -> Result<ExpertInput, AppError> {
    let input = fields.parse(today).map_err(invalid)?;
    let mut errors = Vec::new();
    let codes: Vec<&str> = input.nationalities.iter().map(|c| c.as_str()).collect();
    let known = lookups::known_countries(db, &codes).await?;
    if let Some(unknown) = codes.iter().find(|c| !known.contains(**c)) {
        errors.push(FieldError {
            field: "nationalities".to_owned(),
            message: format!("\"{unknown}\" is not a country code in ISO 3166-1"),
        });
    }
    let langs: Vec<&str> = input.languages.iter().map(|(c, _)| c.as_str()).collect();
    let known = lookups::language_names(db, &langs).await?;
    if let Some(unknown) = langs.iter().find(|c| !known.contains_key(**c)) {
        errors.push(FieldError {
            field: "languages".to_owned(),
            message: format!("\"{unknown}\" is not a language code in ISO 639-1"),
        });
    }
    if let Some(other) = experts::find_by_ref(db, state, input.external_ref.as_str()).await?
        && Some(ExpertId(other.id)) != this
    {
        errors.push(FieldError {
            field: "external_ref".to_owned(),
            message: format!("{state} already has a nominee with this reference"),
        });
    }
    if let Some(owner) = experts::email_owner(db, state, input.email.as_str()).await?
        && Some(owner) != this
    {
        errors.push(FieldError {
            field: "email".to_owned(),
            message: format!("another nominee of {state} already uses this e-mail address"),
        });
    }
    if errors.is_empty() {
        Ok(input)
    } else {
        Err(AppError::Invalid(errors))
    }
}

pub fn snapshot(state: &MemberStateCode, fields: &ExpertFields) -> serde_json::Value {
    let mut value = serde_json::to_value(fields).unwrap_or_else(|_| json!({}));
    if let Some(obj) = value.as_object_mut() {
        obj.insert("member_state".to_owned(), json!(state.as_str()));
    }
    value
}

fn target_state(actor: &Actor, requested: &str) -> Result<MemberStateCode, AppError> {
    match &actor.principal {
        // A roster office always nominates for its own state, whatever the request says.
        Principal::RosterManager { state } => Ok(state.clone()),
        Principal::Secretariat => MemberStateCode::parse(requested)
            .map_err(|e| AppError::invalid("member_state", e.to_string())),
        _ => Err(AppError::Forbidden),
    }
}

#[tracing::instrument(skip(db, fields), fields(user = %actor.user_id))]
pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    requested_state: &str,
    fields: &ExpertFields,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<ExpertId, AppError> {
    let state = target_state(actor, requested_state)?;
    gate(
        actor,
        &Action::EditExpert {
            state: state.clone(),
        },
    )?;
    if lookups::known_countries(db, &[state.as_str()])
        .await?
        .is_empty()
    {
        return Err(AppError::invalid("member_state", "not a known country"));
    }
    let txn = crate::server::tx::write(db).await?;
    let input = parse_checked(&txn, &state, fields, None, today).await?;
    let id = ExpertId(uuid::Uuid::new_v4());
    let facts = ReadinessFacts {
        status: RosterStatus::Nominated,
        checks: Vec::new(),
        windows: Vec::new(),
        notice_days: input.notice_days,
        last_confirmed: Some(today),
        committed: false,
    };
    let meta = WriteMeta {
        keys: name_keys(&input),
        tier: readiness::assess(&facts, today, STANDARD_DEPLOYMENT_DAYS).tier,
        today,
        now,
    };
    experts::insert(&txn, id, &state, &input, &meta).await?;
    vetting::add_status_change(
        &txn,
        vetting::StatusChange {
            expert: id,
            from: None,
            to: RosterStatus::Nominated,
            reason: &format!("nominated by {state}"),
            actor: Some(actor.user_id),
            at: now,
        },
    )
    .await?;
    audit::append(
        &txn,
        AuditEntry {
            actor: Some(actor.user_id),
            action: "expert.nominate",
            record_type: RECORD_TYPE,
            record_id: id.to_string(),
            before: None,
            after: Some(snapshot(&state, &ExpertFields::from(&input))),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

#[tracing::instrument(skip(db, fields), fields(user = %actor.user_id, expert = %id))]
pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    id: ExpertId,
    version: i32,
    fields: &ExpertFields,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<ExpertId, AppError> {
    let txn = crate::server::tx::write(db).await?;
    crate::server::repo::locks::hold(&txn, crate::server::repo::locks::Held::Experts, id.0).await?;
    let (e, facts) = visible(&txn, actor, id).await?;
    gate(
        actor,
        &Action::EditExpert {
            state: facts.state.clone(),
        },
    )?;
    let input = parse_checked(&txn, &facts.state, fields, Some(id), today).await?;
    let before = experts::fields_of(&txn, &e).await?;
    let after = ExpertFields::from(&input);
    if before == after {
        return Ok(id);
    }
    if e.version != version {
        return Err(AppError::Conflict(
            "someone else changed this record meanwhile; reload it and make your change again"
                .to_owned(),
        ));
    }
    let availability_changed = before.available_from != after.available_from
        || before.available_to != after.available_to
        || before.notice_days != after.notice_days;
    let meta = WriteMeta {
        keys: name_keys(&input),
        tier: readiness::Tier::NotReady,
        today,
        now,
    };
    if !experts::update(&txn, id, version, &input, availability_changed, &meta).await? {
        return Err(AppError::Conflict(
            "someone else changed this record meanwhile; reload it and make your change again"
                .to_owned(),
        ));
    }
    if let Some(updated) = expert::Entity::find_by_id(id.0).one(&txn).await? {
        reassess(&txn, &updated, today).await?;
    }
    audit::append(
        &txn,
        AuditEntry {
            actor: Some(actor.user_id),
            action: "expert.edit",
            record_type: RECORD_TYPE,
            record_id: id.to_string(),
            before: Some(snapshot(&facts.state, &before)),
            after: Some(snapshot(&facts.state, &after)),
        },
        now,
    )
    .await?;
    let changed = crate::domain::identity::identity_changes(&before, &after);
    if let Some(revetting) = crate::domain::identity::revetting(facts.status, &changed) {
        crate::server::services::roster_status::revet(
            &txn,
            &e,
            facts.status,
            &revetting,
            Some(actor.user_id),
            today,
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(id)
}
