//! One expert's record as every roster service loads it: the record the asker may see, its policy facts, name keys, the audit snapshot and field errors.
use crate::{
    domain::{
        expert::{ExpertFields, ExpertInput, search_key, sort_key},
        ids::ExpertId,
        member_state::MemberStateCode,
        permissions::{Action, Actor, ExpertFacts, Principal, roster_scope},
        vetting::RosterStatus,
    },
    error::{AppError, FieldError},
    server::{
        entities::expert,
        errors::internal,
        gate,
        repo::experts::{self, NameKeys},
    },
};
use sea_orm::ConnectionTrait;
use serde_json::json;

pub const RECORD_TYPE: &str = "expert";

pub fn stored_status(e: &expert::Model) -> Result<RosterStatus, AppError> {
    RosterStatus::parse(&e.roster_status)
        .ok_or_else(|| internal("stored expert", format!("unknown status on {}", e.id)))
}

pub fn state_of(e: &expert::Model) -> Result<MemberStateCode, AppError> {
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

pub fn name_keys(input: &ExpertInput) -> NameKeys {
    keys_of(
        input.given_names.as_str(),
        input.family_name.as_str(),
        input.latin_name.as_ref().map(|n| n.as_str()),
    )
}

fn keys_of(given: &str, family: &str, latin: Option<&str>) -> NameKeys {
    NameKeys {
        search: search_key(&format!("{given} {family} {}", latin.unwrap_or(""))),
        sort: sort_key(&format!("{family} {given}")),
    }
}

/// Recomputes the name keys the `name_keys` migration cleared, inside the caller's (migration)
/// transaction; returns how many records it keyed.
pub async fn rekey_names(db: &impl ConnectionTrait) -> Result<u64, AppError> {
    let mut after = None;
    let mut keyed = 0;
    loop {
        let batch = experts::without_name_keys(db, after, 1_000).await?;
        let Some(last) = batch.last() else {
            return Ok(keyed);
        };
        after = Some(last.0);
        for (id, given, family, latin) in &batch {
            experts::set_name_keys(db, *id, &keys_of(given, family, latin.as_deref())).await?;
            keyed += 1;
        }
    }
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
        experts::by_id(db, id).await?
    } else {
        experts::find(db, &roster_scope(&actor.principal), id).await?
    };
    let e = found.ok_or(AppError::NotFound)?;
    let mut facts = facts_of(&e)?;
    facts.is_self = own;
    gate::see(actor, &Action::ViewExpert(facts.clone()))?;
    Ok((e, facts))
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

pub fn snapshot(state: &MemberStateCode, fields: &ExpertFields) -> serde_json::Value {
    let mut value = serde_json::to_value(fields).unwrap_or_else(|_| json!({}));
    if let Some(obj) = value.as_object_mut() {
        obj.insert("member_state".to_owned(), json!(state.as_str()));
    }
    value
}
