//! Matching a request: the shortlist with "why ranked here", the excluded with "why not", pins,
//! drops, saving the shortlist, and what-if counts for drafts. Never contact details.
use crate::{error::AppError, views::matching::*};
use leptos::prelude::*;

#[server(endpoint = "request_shortlist", prefix = "/api")]
pub async fn request_shortlist(id: String) -> Result<ShortlistView, AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::matching;
    Door::serve(Action::ListRequests, async |d| {
        let id = door::id(&id)?;
        d.permit(Action::ViewRequest(facts::request(&d.db, id).await?))?;
        matching::shortlist(&d.db, &d.actor, id, d.today).await
    })
    .await
}

/// Pins (`pin`), drops (`drop`) or clears (`clear`) one expert for one position.
#[server(endpoint = "pick_candidate", prefix = "/api")]
pub async fn pick_candidate(
    id: String,
    position_id: String,
    expert_id: String,
    pick: String,
) -> Result<(), AppError> {
    use crate::server::door::prelude::*;
    use crate::{domain::matching::PlannerPick, server::services::matching};
    Door::serve(Action::ListRequests, async |d| {
        let id = door::id(&id)?;
        let (position, expert) = (door::id(&position_id)?, door::id(&expert_id)?);
        let pick = PlannerPick::parse(&pick)
            .ok_or_else(|| AppError::invalid("pick", "choose pin, drop or clear"))?;
        d.permit(Action::EditRequest(facts::request(&d.db, id).await?))?;
        matching::pick(&d.db, &d.actor, id, position, expert, pick, d.now).await?;
        leptos_axum::redirect(&format!("/requests/{id}/shortlist"));
        Ok(())
    })
    .await
}

/// Saves the shortlist as matching proposes it now, with the request.
#[server(endpoint = "save_shortlist", prefix = "/api")]
pub async fn save_shortlist(id: String) -> Result<(), AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::matching;
    Door::serve(Action::ListRequests, async |d| {
        let id = door::id(&id)?;
        d.permit(Action::EditRequest(facts::request(&d.db, id).await?))?;
        matching::save(&d.db, &d.actor, id, d.today, d.now).await?;
        leptos_axum::redirect(&format!("/requests/{id}/shortlist?saved=1"));
        Ok(())
    })
    .await
}

#[server(endpoint = "excluded_candidates", prefix = "/api")]
pub async fn excluded_candidates(
    id: String,
    position_id: String,
    #[server(default)] group: String,
    #[server(default)] page: String,
) -> Result<ExcludedPage, AppError> {
    use crate::server::door::prelude::*;
    use crate::{domain::paging::Page, server::services::matching};
    Door::serve(Action::ListRequests, async |d| {
        let (id, position) = (door::id(&id)?, door::id(&position_id)?);
        let page = Page::parse(&page).map_err(|why| AppError::invalid("page", why))?;
        d.permit(Action::ViewRequest(facts::request(&d.db, id).await?))?;
        matching::excluded(&d.db, &d.actor, id, position, &group, page, d.today).await
    })
    .await
}

#[server(endpoint = "request_what_if", prefix = "/api")]
pub async fn request_what_if(id: String) -> Result<Vec<WhatIfView>, AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::matching;
    Door::serve(Action::ListRequests, async |d| {
        let id = door::id(&id)?;
        d.permit(Action::ViewRequest(facts::request(&d.db, id).await?))?;
        matching::what_if(&d.db, &d.actor, id, d.today).await
    })
    .await
}
