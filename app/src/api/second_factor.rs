//! The second step of signing in and the second factor itself: the code after the password,
//! enrolment with its QR code, recovery codes, the account's own state, and the secretariat's
//! reset of another account's factor.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the sign-in page says of the second step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInSettings {
    /// Staff accounts must use a second factor; `false` only when the operator switched it off.
    pub second_factor_required: bool,
}

/// What the enrolment page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolmentView {
    /// The secret as base32, to type into an app that cannot scan.
    pub secret: String,
    /// The QR code of the `otpauth://` address, an inline SVG element drawn on the server.
    pub qr_svg: String,
    pub account: String,
    /// The person is half-way through signing in (rather than signed in and enrolling by choice).
    pub signing_in: bool,
}

/// The account page's view of the person's second factor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecondFactorView {
    pub enrolled: bool,
    pub recovery_codes_left: u64,
    pub required: bool,
}

#[server(endpoint = "sign_in_options", prefix = "/api")]
pub async fn sign_in_options() -> Result<SignInSettings, AppError> {
    use crate::{domain::permissions::Action, server::context};
    context::respond((|| {
        context::allow_public(Action::SignIn)?;
        Ok(SignInSettings {
            second_factor_required: context::settings()?.require_mfa,
        })
    })())
}

/// The second step: a code from the app, or a recovery code. Signs the person in.
#[server(endpoint = "verify_second_factor", prefix = "/api")]
pub async fn verify_second_factor(code: String, next: Option<String>) -> Result<(), AppError> {
    use crate::{
        domain::permissions::{Action, safe_return_path},
        server::{context, cookies, services::auth},
    };
    context::respond(
        async {
            context::allow_public(Action::SignIn)?;
            let pending = context::pending_sign_in().ok_or(AppError::Unauthenticated)?;
            let settings = context::settings()?;
            let signed_in = auth::verify_second_factor(
                &context::db()?,
                &settings,
                &pending,
                &code,
                &context::client_addr(),
                chrono::Utc::now(),
            )
            .await?;
            context::set_cookie(&cookies::session_cookie(&settings, &signed_in.token));
            leptos_axum::redirect(safe_return_path(next.as_deref()));
            Ok(())
        }
        .await,
    )
}

/// Starts (or shows again, within a few minutes) the enrolment: for a person half-way through
/// signing in whose account needs a factor, or a signed-in person enrolling by choice.
#[server(endpoint = "enrolment", prefix = "/api")]
pub async fn enrolment() -> Result<EnrolmentView, AppError> {
    use crate::{
        domain::{mfa::Stage, permissions::Action},
        server::{context, services::auth},
    };
    context::respond(
        async {
            let db = context::db()?;
            let now = chrono::Utc::now();
            let (user, email, signing_in) = match context::pending_sign_in() {
                Some(p) if p.stage == Stage::Enrol => (p.user_id, p.email, true),
                Some(_) => return Err(AppError::Unauthenticated),
                None => {
                    let actor = context::require(Action::ManageOwnSecondFactor)?;
                    let session = context::current_session().ok_or(AppError::Unauthenticated)?;
                    (actor.user_id, session.email, false)
                }
            };
            let e = auth::start_enrolment(&db, user, &email, now).await?;
            Ok(EnrolmentView {
                secret: e.secret,
                qr_svg: e.qr_svg,
                account: e.account,
                signing_in,
            })
        }
        .await,
    )
}

/// Confirms the enrolment with a first code; the recovery codes are shown next.
#[server(endpoint = "confirm_enrolment", prefix = "/api")]
pub async fn confirm_enrolment(code: String, next: Option<String>) -> Result<(), AppError> {
    use crate::{
        domain::{
            mfa::Stage,
            permissions::{Action, safe_return_path},
        },
        server::{
            context, cookies,
            services::auth::{self, Enrolling},
        },
    };
    context::respond(
        async {
            let db = context::db()?;
            let settings = context::settings()?;
            let (now, client) = (chrono::Utc::now(), context::client_addr());
            let pending = context::pending_sign_in();
            let session = context::current_session();
            let who = match (&pending, &session) {
                (Some(p), _) if p.stage == Stage::Enrol => Enrolling::Pending(p),
                (None, Some(s)) => {
                    context::require(Action::ManageOwnSecondFactor)?;
                    Enrolling::SignedIn(s)
                }
                _ => return Err(AppError::Unauthenticated),
            };
            if let Some(signed_in) =
                auth::confirm_enrolment(&db, &settings, who, &code, &client, now).await?
            {
                context::set_cookie(&cookies::session_cookie(&settings, &signed_in.token));
            }
            let next = safe_return_path(next.as_deref());
            leptos_axum::redirect(&format!(
                "/login/recovery-codes?next={}",
                percent_encoding::utf8_percent_encode(next, percent_encoding::NON_ALPHANUMERIC)
            ));
            Ok(())
        }
        .await,
    )
}

/// The recovery codes just issued to this session, until the person says they kept them.
#[server(endpoint = "recovery_codes", prefix = "/api")]
pub async fn recovery_codes() -> Result<Vec<String>, AppError> {
    use crate::{
        domain::permissions::Action,
        server::{context, services::auth},
    };
    context::respond(
        async {
            context::require(Action::ManageOwnSecondFactor)?;
            let session = context::current_session().ok_or(AppError::Unauthenticated)?;
            auth::pending_recovery_codes(&context::db()?, &session).await
        }
        .await,
    )
}

/// The person kept their recovery codes; they are not shown again.
#[server(endpoint = "keep_recovery_codes", prefix = "/api")]
pub async fn keep_recovery_codes(next: Option<String>) -> Result<(), AppError> {
    use crate::{
        domain::permissions::{Action, safe_return_path},
        server::{context, services::auth},
    };
    context::respond(
        async {
            context::require(Action::ManageOwnSecondFactor)?;
            let session = context::current_session().ok_or(AppError::Unauthenticated)?;
            auth::recovery_codes_kept(&context::db()?, &session).await?;
            leptos_axum::redirect(safe_return_path(next.as_deref()));
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "second_factor_status", prefix = "/api")]
pub async fn second_factor_status() -> Result<SecondFactorView, AppError> {
    use crate::{
        domain::{mfa, permissions::Action},
        server::{context, services::auth},
    };
    context::respond(
        async {
            let actor = context::require(Action::ManageOwnSecondFactor)?;
            let state = auth::second_factor_state(&context::db()?, actor.user_id).await?;
            Ok(SecondFactorView {
                enrolled: state.enrolled,
                recovery_codes_left: state.recovery_codes_left,
                required: mfa::required(actor.principal.role(), context::settings()?.require_mfa),
            })
        }
        .await,
    )
}

/// The secretariat removes another account's second factor; it enrols again at next sign-in.
#[server(endpoint = "reset_second_factor", prefix = "/api")]
pub async fn reset_second_factor(user_id: String, reason: String) -> Result<(), AppError> {
    use crate::{
        domain::{ids::UserId, permissions::Action},
        server::{context, services::users},
    };
    context::respond(
        async {
            let actor = context::require(Action::ResetSecondFactor)?;
            let id = UserId::parse(&user_id).ok_or(AppError::NotFound)?;
            users::reset_second_factor(&context::db()?, &actor, id, &reason, chrono::Utc::now())
                .await
        }
        .await,
    )
}
