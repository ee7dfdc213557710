//! Queries for likely duplicate nominations across states, and the pairs the secretariat found
//! to be different people. The SQL only narrows; `domain::duplicates::reasons` decides.
use crate::{
    domain::{
        duplicates::{DuplicateReason, Person, pair, reasons},
        ids::{ExpertId, UserId},
        vetting::RosterStatus,
    },
    error::AppError,
    server::entities::{duplicate_dismissal, expert},
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    sea_query::OnConflict,
};
use std::collections::{HashMap, HashSet};

/// Another state's record that probably names the same person.
#[derive(Debug, Clone)]
pub struct LikelyDuplicate {
    pub other: expert::Model,
    pub reasons: Vec<DuplicateReason>,
}

fn person(e: &expert::Model) -> Person<'_> {
    Person {
        state: &e.member_state,
        status: RosterStatus::parse(&e.roster_status).unwrap_or(RosterStatus::Withdrawn),
        email: &e.email,
        folded_name: &e.sort_name,
        date_of_birth: e.date_of_birth,
    }
}

/// For each of `ids` that has any, the other states' records likely to be the same person and not
/// yet found to be different people.
pub async fn likely(
    db: &impl ConnectionTrait,
    ids: &[ExpertId],
) -> Result<HashMap<uuid::Uuid, Vec<LikelyDuplicate>>, AppError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let raw: Vec<uuid::Uuid> = ids.iter().map(|i| i.0).collect();
    let subjects = expert::Entity::find()
        .filter(expert::Column::Id.is_in(raw.clone()))
        .all(db)
        .await?;
    let emails: Vec<String> = subjects.iter().map(|e| e.email.clone()).collect();
    let names: Vec<String> = subjects.iter().map(|e| e.sort_name.clone()).collect();
    let births: Vec<chrono::NaiveDate> = subjects.iter().map(|e| e.date_of_birth).collect();
    let others = expert::Entity::find()
        .filter(
            Condition::any()
                .add(expert::Column::Email.is_in(emails))
                .add(
                    Condition::all()
                        .add(expert::Column::SortName.is_in(names))
                        .add(expert::Column::DateOfBirth.is_in(births)),
                ),
        )
        .filter(expert::Column::RosterStatus.is_not_in([
            RosterStatus::Withdrawn.as_str(),
            RosterStatus::Rejected.as_str(),
        ]))
        .all(db)
        .await?;
    let dismissed: HashSet<(uuid::Uuid, uuid::Uuid)> = duplicate_dismissal::Entity::find()
        .filter(
            Condition::any()
                .add(duplicate_dismissal::Column::ExpertA.is_in(raw.clone()))
                .add(duplicate_dismissal::Column::ExpertB.is_in(raw)),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.expert_a, d.expert_b))
        .collect();
    // Only records sharing an address or a name and birth date can match: look those up rather
    // than comparing every subject with every other record.
    let mut by_email: HashMap<String, Vec<&expert::Model>> = HashMap::new();
    let mut by_name: HashMap<(&str, chrono::NaiveDate), Vec<&expert::Model>> = HashMap::new();
    for o in &others {
        by_email.entry(o.email.to_lowercase()).or_default().push(o);
        by_name
            .entry((o.sort_name.as_str(), o.date_of_birth))
            .or_default()
            .push(o);
    }
    let mut found: HashMap<uuid::Uuid, Vec<LikelyDuplicate>> = HashMap::new();
    for s in &subjects {
        let mut seen = HashSet::new();
        let candidates = by_email
            .get(&s.email.to_lowercase())
            .into_iter()
            .chain(by_name.get(&(s.sort_name.as_str(), s.date_of_birth)))
            .flatten()
            .filter(|o| seen.insert(o.id));
        for o in candidates {
            if o.id == s.id || dismissed.contains(&pair(s.id, o.id)) {
                continue;
            }
            let why = reasons(&person(s), &person(o));
            if !why.is_empty() {
                found.entry(s.id).or_default().push(LikelyDuplicate {
                    other: (*o).clone(),
                    reasons: why,
                });
            }
        }
    }
    Ok(found)
}

/// Records that two records name different people; a second dismissal of the pair changes nothing.
pub async fn dismiss(
    db: &impl ConnectionTrait,
    a: ExpertId,
    b: ExpertId,
    reason: &str,
    by: UserId,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let (first, second) = pair(a.0, b.0);
    duplicate_dismissal::Entity::insert(duplicate_dismissal::ActiveModel {
        expert_a: Set(first),
        expert_b: Set(second),
        reason: Set(reason.to_owned()),
        dismissed_by: Set(by.0),
        at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([
            duplicate_dismissal::Column::ExpertA,
            duplicate_dismissal::Column::ExpertB,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}
