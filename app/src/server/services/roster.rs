//! The roster list: one filtered page of the experts the asker may see, and the roster count.
use crate::{
    domain::{
        permissions::{Action, Actor, RosterScope, roster_scope},
        roster_query::{PAGE_SIZE, RosterParams},
    },
    error::{AppError, FieldError},
    server::{
        gate,
        repo::experts::{self},
    },
    views::roster::{RosterPage, RosterRow},
};
use sea_orm::DatabaseConnection;

/// Experts on the roster in every state and status.
pub async fn count_all(db: &DatabaseConnection) -> Result<u64, AppError> {
    experts::count_all(db).await
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
    let can_nominate = gate::may(actor, &Action::NominateExpert);
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
