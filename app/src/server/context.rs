//! What a server function knows about its request: the database, the settings, who is asking.
use super::{gate, settings::Settings};
use crate::{
    domain::permissions::{Action, Actor},
    error::AppError,
};
use axum::http::{HeaderMap, header};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;
use sea_orm::DatabaseConnection;
use std::net::IpAddr;

/// The signed-in session resolved by the session middleware, stored in the request's extensions.
#[derive(Debug, Clone)]
pub struct RequestSession {
    pub id_hash: String,
    pub actor: Actor,
    pub display_name: String,
    pub email: String,
}

/// A session whose password was right but whose second step is still to do, stored in the
/// request's extensions by the session middleware. It reads no data: only the second-step
/// server functions look for it.
#[derive(Debug, Clone)]
pub struct PendingSignIn {
    pub id_hash: String,
    pub user_id: crate::domain::ids::UserId,
    pub role: crate::domain::permissions::Role,
    pub stage: crate::domain::mfa::Stage,
    pub display_name: String,
    pub email: String,
}

/// The client address as seen by the server, put in the request's extensions by the router.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub IpAddr);

fn parts() -> Option<http::request::Parts> {
    use_context::<http::request::Parts>()
}

pub fn db() -> Result<DatabaseConnection, AppError> {
    use_context::<DatabaseConnection>()
        .ok_or_else(|| super::errors::internal("context", "no database in context"))
}

pub fn settings() -> Result<Settings, AppError> {
    use_context::<Settings>()
        .ok_or_else(|| super::errors::internal("context", "no settings in context"))
}

pub fn current_session() -> Option<RequestSession> {
    parts().and_then(|p| p.extensions.get::<RequestSession>().cloned())
}

/// The sign-in in progress (password done, second step to do), if that is what the cookie holds.
pub fn pending_sign_in() -> Option<PendingSignIn> {
    parts().and_then(|p| p.extensions.get::<PendingSignIn>().cloned())
}

pub fn client_addr() -> String {
    parts()
        .and_then(|p| p.extensions.get::<ClientAddr>().copied())
        .map(|a| a.0.to_string())
        .unwrap_or_else(|| "unknown".to_owned())
}

pub fn request_headers() -> HeaderMap {
    parts().map(|p| p.headers).unwrap_or_default()
}

/// The role-level gate: who is asking, and may they do `action` at all? Answered as
/// [`gate::permit`] answers everywhere.
pub fn require(action: Action) -> Result<Actor, AppError> {
    let session = current_session();
    let actor = session.as_ref().map(|s| &s.actor);
    gate::permit(actor, &action)?;
    actor.cloned().ok_or(AppError::Unauthenticated)
}

/// Who is asking, before the door reads the facts of the record it is asked about: 401 when
/// nobody is signed in. Never a permission: the door then asks [`permit`] for the real action.
pub fn signed_in() -> Result<Actor, AppError> {
    current_session()
        .map(|s| s.actor)
        .ok_or(AppError::Unauthenticated)
}

/// Gives an API client the HTTP status that fits the error. A plain HTML form post keeps the
/// redirect the framework sets, so the page can show the error where the form is.
pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(err) = &result {
        let is_form_post = request_headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"));
        if let (false, Some(opts)) = (is_form_post, use_context::<ResponseOptions>())
            && let Ok(status) = http::StatusCode::from_u16(err.status())
        {
            opts.set_status(status);
        }
    }
    result
}

/// The error a form posted without the script left for this page (see
/// [`super::cookies::form_error`]): the server function's path and its error.
pub fn form_error_left() -> Option<(String, AppError)> {
    let parts = parts()?;
    let header = parts.headers.get(header::COOKIE)?.to_str().ok()?;
    let (path, encoded) = super::cookies::form_error(header)?;
    let error = leptos::server_fn::error::ServerFnUrlError::<AppError>::decode_err(&encoded);
    Some((path, error))
}

/// Adds a `Set-Cookie` header to the response.
pub fn set_cookie(value: &str) {
    if let (Some(opts), Ok(v)) = (
        use_context::<ResponseOptions>(),
        http::HeaderValue::from_str(value),
    ) {
        opts.append_header(header::SET_COOKIE, v);
    }
}

/// The gate for actions open to everyone (signing in): still asks the policy, and returns who is
/// asking when somebody is signed in.
pub fn allow_public(action: Action) -> Result<Option<Actor>, AppError> {
    let actor = current_session().map(|s| s.actor);
    gate::permit(actor.as_ref(), &action)?;
    Ok(actor)
}

/// Today's date in UTC: the one place server functions read the calendar, so rules can take it in.
pub fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}
