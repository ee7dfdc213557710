//! The one translation of the policy's answer into an error, used by every door and by every
//! service that checks a record it has just loaded.
use crate::{
    domain::permissions::{Action, Actor, Denied, authorize},
    error::AppError,
};

/// May `actor` (nobody signed in when `None`) do `action`? Every refusal is answered the same
/// way everywhere: nobody signed in is 401, a record outside what the person may see at all is
/// 404 (as if it did not exist), anything else they may not do is 403.
pub fn permit(actor: Option<&Actor>, action: &Action) -> Result<(), AppError> {
    match authorize(actor, action) {
        Ok(()) => Ok(()),
        Err(Denied::Unauthenticated) => Err(AppError::Unauthenticated),
        Err(Denied::Hidden) => Err(AppError::NotFound),
        Err(Denied::Forbidden) => {
            tracing::info!(?action, user = ?actor.map(|a| a.user_id), "refused");
            Err(AppError::Forbidden)
        }
    }
}

/// [`permit`] for a signed-in person.
pub fn check(actor: &Actor, action: &Action) -> Result<(), AppError> {
    permit(Some(actor), action)
}

/// Whether a signed-in person may do `action`: for offering a button or filtering rows, never
/// as a check before a write (that is [`check`]).
pub fn may(actor: &Actor, action: &Action) -> bool {
    authorize(Some(actor), action).is_ok()
}

/// [`check`] for reading a record just loaded: a record the person may not see does not exist
/// for them, whatever their role, so every refusal is 404.
pub fn see(actor: &Actor, action: &Action) -> Result<(), AppError> {
    check(actor, action).map_err(|err| match err {
        AppError::Forbidden => AppError::NotFound,
        other => other,
    })
}
