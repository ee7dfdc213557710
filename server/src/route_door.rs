//! What every plain HTTP route (downloads, the upload form) shares with the server functions:
//! the same permission gate, asked at the top of the handler, and one shape of error response.
use app::{
    domain::permissions::{Action, Actor},
    error::AppError,
    server::{context::RequestSession, gate},
};
use axum::{
    Extension, Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};

/// Who is asking, if the policy allows them `action`: 401 for nobody, 404 for a record outside
/// what they may see, 403 for anything else they may not do.
pub fn permit(
    session: Option<&Extension<RequestSession>>,
    action: &Action,
) -> Result<Actor, AppError> {
    let actor = session.map(|Extension(s)| &s.actor);
    gate::permit(actor, action)?;
    actor.cloned().ok_or(AppError::Unauthenticated)
}

/// Who is asking, before the route reads the facts of the record it is asked about.
pub fn signed_in(session: Option<&Extension<RequestSession>>) -> Result<Actor, AppError> {
    session
        .map(|Extension(s)| s.actor.clone())
        .ok_or(AppError::Unauthenticated)
}

/// The error as JSON with its status; its text is the one written for people, never internal.
pub fn error_response(err: AppError) -> Response {
    let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, Json(err)).into_response()
}
