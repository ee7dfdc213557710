//! The second step of signing in and the second factor itself: the code after the password,
//! enrolment with its QR code, recovery codes, the account's own state, and the secretariat's
//! reset of another account's factor.
use crate::{error::AppError, views::second_factor::*};
use leptos::prelude::*;

#[server(endpoint = "sign_in_options", prefix = "/api")]
pub async fn sign_in_options() -> Result<SignInSettings, AppError> {
    use crate::server::door::prelude::*;
    Door::serve_public(async |_| {
        Ok(SignInSettings {
            second_factor_required: context::settings()?.require_mfa,
        })
    })
    .await
}

/// The second step: a code from the app, or a recovery code. Signs the person in.
#[server(endpoint = "verify_second_factor", prefix = "/api")]
pub async fn verify_second_factor(code: String, next: Option<String>) -> Result<(), AppError> {
    use crate::server::door::prelude::*;
    use crate::{domain::permissions::safe_return_path, server::cookies, server::services::auth};
    // Half-way through signing in, the person is not signed in yet: the door is open to all, and
    // only the pending sign-in of this very browser can pass.
    Door::serve_public(async |p| {
        let pending = context::pending_sign_in().ok_or(AppError::Unauthenticated)?;
        let settings = context::settings()?;
        let addr = context::client_addr();
        let signed_in =
            auth::verify_second_factor(&p.db, &settings, &pending, &code, &addr, p.now).await?;
        context::set_cookie(&cookies::session_cookie(&settings, &signed_in.token));
        leptos_axum::redirect(safe_return_path(next.as_deref()));
        Ok(())
    })
    .await
}

/// Starts (or shows again, within a few minutes) the enrolment: for a person half-way through
/// signing in whose account needs a factor, or a signed-in person enrolling by choice.
#[server(endpoint = "enrolment", prefix = "/api")]
pub async fn enrolment() -> Result<EnrolmentView, AppError> {
    use crate::server::door::prelude::*;
    use crate::{domain::mfa::Stage, server::services::auth};
    // Either half-way through signing in (an account that must enrol first) or signed in.
    Door::serve_public(async |p| {
        let (user, email, signing_in) = match context::pending_sign_in() {
            Some(pending) if pending.stage == Stage::Enrol => {
                (pending.user_id, pending.email, true)
            }
            Some(_) => return Err(AppError::Unauthenticated),
            None => {
                let actor = context::require(Action::ManageOwnSecondFactor)?;
                let session = context::current_session().ok_or(AppError::Unauthenticated)?;
                (actor.user_id, session.email, false)
            }
        };
        let e = auth::start_enrolment(&p.db, user, &email, p.now).await?;
        Ok(EnrolmentView {
            secret: e.secret,
            qr_svg: e.qr_svg,
            account: e.account,
            signing_in,
        })
    })
    .await
}

/// Confirms the enrolment with a first code; the recovery codes are shown next.
#[server(endpoint = "confirm_enrolment", prefix = "/api")]
pub async fn confirm_enrolment(code: String, next: Option<String>) -> Result<(), AppError> {
    use crate::server::door::prelude::*;
    use crate::{
        domain::mfa::Stage, domain::permissions::safe_return_path, server::cookies,
        server::services::auth, server::services::auth::Enrolling,
    };
    Door::serve_public(async |p| {
        let settings = context::settings()?;
        let client = context::client_addr();
        let pending = context::pending_sign_in();
        let session = context::current_session();
        let who = match (&pending, &session) {
            (Some(pending), _) if pending.stage == Stage::Enrol => Enrolling::Pending(pending),
            (None, Some(s)) => {
                context::require(Action::ManageOwnSecondFactor)?;
                Enrolling::SignedIn(s)
            }
            _ => return Err(AppError::Unauthenticated),
        };
        if let Some(signed_in) =
            auth::confirm_enrolment(&p.db, &settings, who, &code, &client, p.now).await?
        {
            context::set_cookie(&cookies::session_cookie(&settings, &signed_in.token));
        }
        let next = safe_return_path(next.as_deref());
        leptos_axum::redirect(&format!(
            "/login/recovery-codes?next={}",
            percent_encoding::utf8_percent_encode(next, percent_encoding::NON_ALPHANUMERIC)
        ));
        Ok(())
    })
    .await
}

/// The recovery codes just issued to this session, until the person says they kept them.
#[server(endpoint = "recovery_codes", prefix = "/api")]
pub async fn recovery_codes() -> Result<Vec<String>, AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::auth;
    Door::serve(Action::ManageOwnSecondFactor, async |d| {
        let session = context::current_session().ok_or(AppError::Unauthenticated)?;
        auth::pending_recovery_codes(&d.db, &session).await
    })
    .await
}

/// The person kept their recovery codes; they are not shown again.
#[server(endpoint = "keep_recovery_codes", prefix = "/api")]
pub async fn keep_recovery_codes(next: Option<String>) -> Result<(), AppError> {
    use crate::server::door::prelude::*;
    use crate::{domain::permissions::safe_return_path, server::services::auth};
    Door::serve(Action::ManageOwnSecondFactor, async |d| {
        let session = context::current_session().ok_or(AppError::Unauthenticated)?;
        auth::recovery_codes_kept(&d.db, &session).await?;
        leptos_axum::redirect(safe_return_path(next.as_deref()));
        Ok(())
    })
    .await
}

#[server(endpoint = "second_factor_status", prefix = "/api")]
pub async fn second_factor_status() -> Result<SecondFactorView, AppError> {
    use crate::server::door::prelude::*;
    use crate::{domain::mfa, server::services::auth};
    Door::serve(Action::ManageOwnSecondFactor, async |d| {
        let state = auth::second_factor_state(&d.db, d.actor.user_id).await?;
        Ok(SecondFactorView {
            enrolled: state.enrolled,
            recovery_codes_left: state.recovery_codes_left,
            required: mfa::required(d.actor.principal.role(), context::settings()?.require_mfa),
        })
    })
    .await
}

/// The secretariat removes another account's second factor; it enrols again at next sign-in.
#[server(endpoint = "reset_second_factor", prefix = "/api")]
pub async fn reset_second_factor(user_id: String, reason: String) -> Result<(), AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::users;
    Door::serve(Action::ResetSecondFactor, async |d| {
        let id = door::id(&user_id)?;
        users::reset_second_factor(&d.db, &d.actor, id, &reason, d.now).await
    })
    .await
}
