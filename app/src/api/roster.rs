//! The roster: browsing and searching experts, one expert's record, nominating and editing.
use crate::{
    domain::{expert::ExpertFields, roster_query::RosterParams},
    error::AppError,
    views::roster::*,
};
use leptos::prelude::*;

#[server(endpoint = "list_experts", prefix = "/api")]
pub async fn list_experts(#[server(default)] params: RosterParams) -> Result<RosterPage, AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::roster;
    Door::serve(Action::ViewRoster, async |d| {
        roster::list(&d.db, &d.actor, &params).await
    })
    .await
}

#[server(endpoint = "get_expert", prefix = "/api")]
pub async fn get_expert(id: String) -> Result<ExpertView, AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::expert_view;
    Door::serve(Action::ViewRoster, async |d| {
        let id = door::id(&id)?;
        d.see(Action::ViewExpert(
            facts::expert(&d.db, d.actor.user_id, id).await?,
        ))?;
        expert_view::view(&d.db, &context::settings()?, &d.actor, id, d.today).await
    })
    .await
}

/// The form for a new nominee (empty `id`) or for editing one.
#[server(endpoint = "expert_form", prefix = "/api")]
pub async fn expert_form(id: String) -> Result<ExpertFormData, AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::nomination;
    Door::serve_signed_in(async |d| {
        let id = door::optional_id(&id)?;
        match id {
            None => d.permit(Action::NominateExpert)?,
            Some(id) => {
                d.may_act_on_expert(id, |state| Action::EditExpert { state })
                    .await?;
            }
        }
        nomination::form(&d.db, &d.actor, id, d.today).await
    })
    .await
}

/// Nominates (empty `id`) or edits an expert; answers with the expert's id.
#[server(endpoint = "save_expert", prefix = "/api")]
pub async fn save_expert(
    id: String,
    version: String,
    member_state: String,
    fields: ExpertFields,
) -> Result<String, AppError> {
    use crate::server::door::prelude::*;
    use crate::{domain::member_state::MemberStateCode, server::services::nomination};
    Door::serve_signed_in(async |d| {
        let saved = match door::optional_id(&id)? {
            None => {
                d.permit(Action::NominateExpert)?;
                let state = match d.actor.principal.member_state() {
                    // A roster office nominates for its own state, whatever the form says.
                    Some(own) => own.clone(),
                    None => MemberStateCode::parse(&member_state)
                        .map_err(|e| AppError::invalid("member_state", e.to_string()))?,
                };
                d.permit(Action::EditExpert {
                    state: state.clone(),
                })?;
                nomination::create(&d.db, &d.actor, state, &fields, d.today, d.now).await?
            }
            Some(id) => {
                let version = door::version(&version)?;
                d.may_act_on_expert(id, |state| Action::EditExpert { state })
                    .await?;
                nomination::update(&d.db, &d.actor, id, version, &fields, d.today, d.now).await?
            }
        };
        leptos_axum::redirect(&format!("/roster/{saved}"));
        Ok(saved.to_string())
    })
    .await
}
