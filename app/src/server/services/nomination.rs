//! Nominating and editing an expert: the form, the checks only the database can make, and the writes that may send a record back to vetting.
use super::expert_record::{RECORD_TYPE, invalid, name_keys, snapshot, visible};
use super::readiness::reassess;
use crate::{
    domain::{
        expert::{ExpertFields, ExpertInput},
        ids::ExpertId,
        member_state::MemberStateCode,
        permissions::{Action, Actor},
        readiness::{self, ReadinessFacts, STANDARD_DEPLOYMENT_DAYS},
        vetting::RosterStatus,
    },
    error::{AppError, FieldError},
    server::{
        gate,
        repo::{
            audit::{self, AuditEntry},
            experts::{self, WriteMeta},
            lookups, vetting,
        },
    },
    views::roster::ExpertFormData,
};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection};

/// The states the form offers: a roster office nominates for its own state only; an empty list
/// leaves the choice open to the secretariat.
fn nominating_states(actor: &Actor) -> Vec<String> {
    actor
        .principal
        .member_state()
        .map(|state| vec![state.to_string()])
        .unwrap_or_default()
}

pub async fn form(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Option<ExpertId>,
    today: NaiveDate,
) -> Result<ExpertFormData, AppError> {
    let states = nominating_states(actor);
    match id {
        None => gate::check(actor, &Action::NominateExpert).map(|()| ExpertFormData {
            id: String::new(),
            version: 0,
            status: RosterStatus::Nominated.as_str().to_owned(),
            member_state: states.first().cloned().unwrap_or_default(),
            fields: ExpertFields::default(),
            today: crate::views::date_text(today),
            states,
        }),
        Some(id) => {
            let (e, facts) = visible(db, actor, id).await?;
            gate::check(actor, &Action::EditExpert { state: facts.state })?;
            Ok(ExpertFormData {
                id: e.id.to_string(),
                version: e.version,
                status: e.roster_status.clone(),
                member_state: e.member_state.clone(),
                fields: experts::fields_of(db, &e).await?,
                today: crate::views::date_text(today),
                states,
            })
        }
    }
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

#[tracing::instrument(skip(db, fields), fields(user = %actor.user_id))]
pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    state: MemberStateCode,
    fields: &ExpertFields,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<ExpertId, AppError> {
    gate::check(
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
        AuditEntry::new(Some(actor.user_id), "expert.nominate", RECORD_TYPE, id)
            .after(snapshot(&state, &ExpertFields::from(&input))),
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
    gate::check(
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
    if let Some(updated) = experts::by_id(&txn, id).await? {
        reassess(&txn, &updated, today).await?;
    }
    audit::append(
        &txn,
        AuditEntry::new(Some(actor.user_id), "expert.edit", RECORD_TYPE, id)
            .before(snapshot(&facts.state, &before))
            .after(snapshot(&facts.state, &after)),
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
