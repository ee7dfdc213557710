//! Mission requests: the list, filing and editing a request and its positions, status steps and
//! the host-nationality waiver.
use crate::{
    domain::request::{PositionFields, RequestFields},
    error::AppError,
    views::requests::*,
};
use leptos::prelude::*;

#[server(endpoint = "list_requests", prefix = "/api")]
pub async fn list_requests(#[server(default)] status: String) -> Result<RequestList, AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::requests;
    Door::serve(Action::ListRequests, async |d| {
        requests::list(&d.db, &d.actor, &status).await
    })
    .await
}

#[server(endpoint = "get_request", prefix = "/api")]
pub async fn get_request(id: String) -> Result<RequestView, AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::requests;
    Door::serve(Action::ListRequests, async |d| {
        let id = door::id(&id)?;
        d.permit(Action::ViewRequest(facts::request(&d.db, id).await?))?;
        requests::view(&d.db, &d.actor, id).await
    })
    .await
}

/// The form for a new request (empty `id`) or for editing one.
#[server(endpoint = "request_form", prefix = "/api")]
pub async fn request_form(#[server(default)] id: String) -> Result<RequestFormData, AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::requests;
    Door::serve(Action::ListRequests, async |d| {
        let id = door::optional_id(&id)?;
        match id {
            None => d.permit(Action::FileRequest)?,
            Some(id) => d.permit(Action::EditRequest(facts::request(&d.db, id).await?))?,
        }
        requests::form(&d.db, &d.actor, id).await
    })
    .await
}

/// Files a new draft (empty `id`) or saves an edited request; answers with its id.
#[server(endpoint = "save_request", prefix = "/api")]
pub async fn save_request(
    #[server(default)] id: String,
    #[server(default)] version: String,
    fields: RequestFields,
) -> Result<String, AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::requests;
    Door::serve(Action::ListRequests, async |d| {
        let edit = match door::optional_id(&id)? {
            None => {
                d.permit(Action::FileRequest)?;
                None
            }
            Some(id) => {
                let version = door::version(&version)?;
                d.permit(Action::EditRequest(facts::request(&d.db, id).await?))?;
                Some((id, version))
            }
        };
        let saved = requests::save(&d.db, &d.actor, edit, &fields, d.now).await?;
        leptos_axum::redirect(&format!("/requests/{saved}"));
        Ok(saved.to_string())
    })
    .await
}

#[server(endpoint = "position_form", prefix = "/api")]
pub async fn position_form(
    request_id: String,
    #[server(default)] position_id: String,
) -> Result<PositionFormData, AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::requests;
    Door::serve(Action::ListRequests, async |d| {
        let (request, position) = (door::id(&request_id)?, door::optional_id(&position_id)?);
        d.permit(Action::EditRequest(facts::request(&d.db, request).await?))?;
        requests::position_form(&d.db, &d.actor, request, position, d.today).await
    })
    .await
}

/// Adds (empty `position_id`) or changes a position of an editable request.
#[server(endpoint = "save_position", prefix = "/api")]
pub async fn save_position(
    request_id: String,
    #[server(default)] position_id: String,
    fields: PositionFields,
) -> Result<String, AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::requests;
    Door::serve(Action::ListRequests, async |d| {
        let (request, position) = (door::id(&request_id)?, door::optional_id(&position_id)?);
        d.permit(Action::EditRequest(facts::request(&d.db, request).await?))?;
        let saved =
            requests::save_position(&d.db, &d.actor, request, position, &fields, d.today, d.now)
                .await?;
        leptos_axum::redirect(&format!("/requests/{request}"));
        Ok(saved.to_string())
    })
    .await
}

#[server(endpoint = "remove_position", prefix = "/api")]
pub async fn remove_position(request_id: String, position_id: String) -> Result<(), AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::requests;
    Door::serve(Action::ListRequests, async |d| {
        let (request, position) = (door::id(&request_id)?, door::id(&position_id)?);
        d.permit(Action::EditRequest(facts::request(&d.db, request).await?))?;
        requests::remove_position(&d.db, &d.actor, request, position, d.now).await?;
        leptos_axum::redirect(&format!("/requests/{request}"));
        Ok(())
    })
    .await
}

/// Takes a status step: `file`, `close` or `cancel`.
#[server(endpoint = "move_request", prefix = "/api")]
pub async fn move_request(id: String, version: String, step: String) -> Result<(), AppError> {
    use crate::server::door::prelude::*;
    use crate::{domain::request::RequestStep, server::services::requests};
    Door::serve(Action::ListRequests, async |d| {
        let (id, version) = (door::id(&id)?, door::version(&version)?);
        let step = RequestStep::parse(&step)
            .ok_or_else(|| AppError::invalid("step", "not a step a person can take"))?;
        d.permit(Action::EditRequest(facts::request(&d.db, id).await?))?;
        requests::step(&d.db, &d.actor, id, version, step, d.now).await?;
        leptos_axum::redirect(&format!("/requests/{id}"));
        Ok(())
    })
    .await
}

/// The secretariat waives the host-nationality rule with a reason, or (empty reason with
/// `revoke`) takes the waiver back.
#[server(endpoint = "waive_host_rule", prefix = "/api")]
pub async fn waive_host_rule(
    id: String,
    #[server(default)] reason: String,
    #[server(default)] revoke: String,
) -> Result<(), AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::requests;
    Door::serve(Action::WaiveHostNationality, async |d| {
        let id = door::id(&id)?;
        d.permit(Action::ViewRequest(facts::request(&d.db, id).await?))?;
        let revoke = !revoke.trim().is_empty();
        requests::waive(&d.db, &d.actor, id, &reason, revoke, d.now).await?;
        leptos_axum::redirect(&format!("/requests/{id}"));
        Ok(())
    })
    .await
}
