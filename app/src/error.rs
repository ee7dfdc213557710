//! The one error type every server function returns: specific for the user, silent for an attacker.
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

/// A problem with one field of a form, named by the form field it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("please sign in")]
    Unauthenticated,
    /// Wrong e-mail or password: deliberately one answer for both.
    #[error("the e-mail or password is not right")]
    InvalidCredentials,
    #[error("too many attempts; try again in {retry_after_secs} s")]
    TooManyAttempts { retry_after_secs: u64 },
    #[error("you are not allowed to do this")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("some fields need attention")]
    Invalid(Vec<FieldError>),
    #[error("{0}")]
    Conflict(String),
    #[error("the request was not understood")]
    BadRequest,
    #[error("the request is too large")]
    TooLarge,
    /// The database was too busy to take the change in time; nothing was changed.
    #[error("many changes are being made at this moment; nothing was changed, try again")]
    Busy,
    /// Something failed on the server; the details are logged under `ref_id`, never sent.
    #[error("something went wrong on our side (reference {ref_id})")]
    Internal { ref_id: String },
    /// The server could not be reached (only ever built in the browser).
    #[error("the server could not be reached; check the connection and try again")]
    Network,
}

impl AppError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError::Invalid(vec![FieldError {
            field: field.to_owned(),
            message: message.into(),
        }])
    }

    /// The message for one form field, if this error has one.
    pub fn field(&self, name: &str) -> Option<String> {
        match self {
            AppError::Invalid(errors) => errors
                .iter()
                .find(|e| e.field == name)
                .map(|e| e.message.clone()),
            _ => None,
        }
    }

    /// The HTTP status an API client sees.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthenticated | AppError::InvalidCredentials => 401,
            AppError::TooManyAttempts { .. } => 429,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Invalid(_) => 422,
            AppError::Conflict(_) => 409,
            AppError::BadRequest => 400,
            AppError::TooLarge => 413,
            AppError::Internal { .. } => 500,
            AppError::Network | AppError::Busy => 503,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => AppError::BadRequest,
            ServerFnErrorErr::Request(_) => AppError::Network,
            other => internal_from_framework(other),
        }
    }
}

#[cfg(feature = "ssr")]
fn internal_from_framework(err: ServerFnErrorErr) -> AppError {
    let ref_id = crate::server::errors::new_ref_id();
    tracing::error!(%ref_id, error = %err, "server function failed in the framework");
    AppError::Internal { ref_id }
}

#[cfg(not(feature = "ssr"))]
fn internal_from_framework(_err: ServerFnErrorErr) -> AppError {
    // In the browser the cause is a response we could not read; the server logged its side.
    AppError::Network
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_maps_to_a_fitting_status() {
        let cases = [
            (AppError::Unauthenticated, 401),
            (AppError::InvalidCredentials, 401),
            (
                AppError::TooManyAttempts {
                    retry_after_secs: 3,
                },
                429,
            ),
            (AppError::Forbidden, 403),
            (AppError::NotFound, 404),
            (AppError::invalid("email", "x"), 422),
            (AppError::Conflict("taken".into()), 409),
            (AppError::BadRequest, 400),
            (AppError::TooLarge, 413),
            (AppError::Internal { ref_id: "r".into() }, 500),
            (AppError::Busy, 503),
        ];
        for (err, status) in cases {
            assert_eq!(err.status(), status, "{err:?}");
        }
    }

    #[test]
    fn field_messages_are_found_by_field_name() {
        let e = AppError::invalid("email", "enter an e-mail address");
        assert_eq!(e.field("email").as_deref(), Some("enter an e-mail address"));
        assert_eq!(e.field("password"), None);
    }
}
