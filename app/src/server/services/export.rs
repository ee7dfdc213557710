//! CSV export of a roster view: exactly the rows and columns the asker may see.
use crate::{
    domain::{
        expert::ExpertFields,
        export::neutralise,
        permissions::{Action, Actor, ExpertFacts, RosterScope, disclosure, roster_scope},
        roster_query::{RosterParams, RosterQuery},
    },
    error::AppError,
    server::{
        errors::internal,
        gate,
        repo::experts::{self, Cursor, ExpertLists},
        services::{expert_record::facts_of, roster::filter_errors},
    },
};
use sea_orm::ConnectionTrait;

/// Experts read and written per piece of a roster export: memory stays bounded whatever the
/// roster's size, and the first bytes leave before the last row is read.
pub const EXPORT_CHUNK: u64 = 500;

/// A roster export under way: the whole filtered roster the asker may see, handed out as pieces
/// of one CSV file. Nothing caps it; a view of 101,000 experts gives 101,000 rows.
pub struct RosterExport {
    actor: Actor,
    scope: RosterScope,
    query: RosterQuery,
    after: Option<Cursor>,
    header_written: bool,
    done: bool,
}

impl RosterExport {
    /// Asks the policy and parses the filters before the first byte, so that a refusal or a bad
    /// filter is an ordinary error response rather than a broken download.
    pub fn start(actor: &Actor, params: &RosterParams) -> Result<RosterExport, AppError> {
        gate::check(actor, &Action::ViewRoster)?;
        let query = params
            .parse()
            .map_err(|errors| AppError::Invalid(filter_errors(errors)))?;
        Ok(RosterExport {
            actor: actor.clone(),
            scope: roster_scope(&actor.principal),
            query,
            after: None,
            header_written: false,
            done: false,
        })
    }

    /// The next piece of the file (the header comes with the first); `None` once every row has
    /// been given.
    pub async fn next_chunk(
        &mut self,
        db: &impl ConnectionTrait,
    ) -> Result<Option<String>, AppError> {
        if self.done {
            return Ok(None);
        }
        let rows = experts::page_after(
            db,
            &self.scope,
            &self.query,
            self.after.as_ref(),
            EXPORT_CHUNK,
        )
        .await?;
        self.done = (rows.len() as u64) < EXPORT_CHUNK;
        self.after = rows.last().map(|e| Cursor {
            sort_name: e.sort_name.clone(),
            id: e.id,
        });
        if rows.is_empty() && self.header_written {
            return Ok(None);
        }
        let ids: Vec<_> = rows.iter().map(|e| e.id).collect();
        let mut lists = experts::lists_for(db, &ids).await?;
        let mut out = csv::Writer::from_writer(Vec::new());
        if !self.header_written {
            write_header(&mut out)?;
            self.header_written = true;
        }
        let actor = &self.actor;
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
        String::from_utf8(bytes)
            .map(Some)
            .map_err(|e| internal("export", e))
    }
}

/// The upload format's columns, so an exported file lines up with the template; the declared
/// availability window is not exported (readiness stands in for it).
fn write_header(out: &mut csv::Writer<Vec<u8>>) -> Result<(), AppError> {
    let header = ["id", "nominating_state"]
        .into_iter()
        .chain(
            ExpertFields::COLUMNS
                .into_iter()
                .filter(|c| !c.starts_with("available_")),
        )
        .chain(["roster_status", "readiness"]);
    out.write_record(header).map_err(|e| internal("export", e))
}
