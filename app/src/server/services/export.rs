//! CSV export of a roster view: exactly the rows and columns the asker may see.
use crate::{
    domain::{
        expert::ExpertFields,
        export::neutralise,
        permissions::{Action, Actor, ExpertFacts, disclosure, roster_scope},
        roster_query::RosterParams,
    },
    error::AppError,
    server::{
        errors::internal,
        gate,
        repo::experts::{self, ExpertLists},
        services::{expert_record::facts_of, roster::filter_errors},
    },
};
use sea_orm::DatabaseConnection;

/// One export holds at most this many experts; a larger view must be narrowed by filters first.
pub const EXPORT_LIMIT: u64 = 100_000;

pub async fn roster_csv(
    db: &DatabaseConnection,
    actor: &Actor,
    params: &RosterParams,
) -> Result<String, AppError> {
    gate::check(actor, &Action::ViewRoster)?;
    let query = params
        .parse()
        .map_err(|errors| AppError::Invalid(filter_errors(errors)))?;
    let scope = roster_scope(&actor.principal);
    let rows = experts::list_all(db, &scope, &query, EXPORT_LIMIT).await?;
    let ids: Vec<_> = rows.iter().map(|e| e.id).collect();
    let mut lists = experts::lists_for(db, &ids).await?;
    let mut out = csv::Writer::from_writer(Vec::new());
    // The upload format's columns, so an exported file lines up with the template; the declared
    // availability window is not exported (readiness stands in for it).
    let header = ["id", "nominating_state"]
        .into_iter()
        .chain(
            ExpertFields::COLUMNS
                .into_iter()
                .filter(|c| !c.starts_with("available_")),
        )
        .chain(["roster_status", "readiness"]);
    out.write_record(header)
        .map_err(|e| internal("export", e))?;
    for e in rows {
        let facts: ExpertFacts = facts_of(&e)?;
        // The query already kept rows out of scope; the policy is asked again per row regardless.
        if !gate::may(actor, &Action::ViewExpert(facts.clone())) {
            continue;
        }
        let show = disclosure(&actor.principal, &facts);
        let l = lists.remove(&e.id).unwrap_or_else(ExpertLists::empty);
        let hidden = String::new;
        let record = [
            e.id.to_string(),
            e.member_state.clone(),
            e.external_ref.clone(),
            e.given_names.clone(),
            e.family_name.clone(),
            e.latin_name.clone().unwrap_or_default(),
            e.gender.clone(),
            if show.date_of_birth {
                e.date_of_birth.to_string()
            } else {
                hidden()
            },
            l.nationalities.join(";"),
            if show.contact {
                e.email.clone()
            } else {
                hidden()
            },
            if show.contact {
                e.phone.clone().unwrap_or_default()
            } else {
                hidden()
            },
            e.years_experience.to_string(),
            l.categories.join(";"),
            l.skills_cell(),
            l.languages_cell(),
            e.notice_days.to_string(),
            e.roster_status.clone(),
            e.readiness_tier.clone(),
        ];
        out.write_record(record.iter().map(|c| neutralise(c).into_owned()))
            .map_err(|e| internal("export", e))?;
    }
    let bytes = out.into_inner().map_err(|e| internal("export", e))?;
    String::from_utf8(bytes).map_err(|e| internal("export", e))
}
