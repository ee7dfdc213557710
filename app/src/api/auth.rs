//! Signing in and out, and who is signed in.
use crate::{domain::permissions::Role, error::AppError};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The signed-in person as the interface needs them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserView {
    pub id: String,
    pub display_name: String,
    pub email: String,
    pub role: Role,
    pub member_state: Option<String>,
}

#[server(endpoint = "current_user", prefix = "/api")]
pub async fn current_user() -> Result<Option<UserView>, AppError> {
    use crate::{domain::permissions::Action, server::context};
    context::respond((|| {
        let Some(actor) = context::allow_public(Action::SignIn)? else {
            return Ok(None);
        };
        context::require(Action::ViewOwnAccount)?;
        let session = context::current_session().ok_or(AppError::Unauthenticated)?;
        Ok(Some(UserView {
            id: actor.user_id.to_string(),
            display_name: session.display_name,
            email: session.email,
            role: actor.principal.role(),
            member_state: actor.principal.member_state().map(ToString::to_string),
        }))
    })())
}

#[server(endpoint = "login", prefix = "/api")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use crate::{
        domain::{
            mfa::Stage,
            permissions::{Action, safe_return_path},
        },
        server::{context, cookies, services::auth},
    };
    context::respond(
        async {
            context::allow_public(Action::SignIn)?;
            let db = context::db()?;
            let settings = context::settings()?;
            let signed_in = auth::sign_in(
                &db,
                &settings,
                &email,
                &password,
                &context::client_addr(),
                chrono::Utc::now(),
            )
            .await?;
            // Any session the browser held before is dropped: a fresh id at every sign-in.
            if let Some(old) = context::current_session() {
                auth::sign_out(&db, &old.id_hash, old.actor.user_id, chrono::Utc::now()).await?;
            }
            if let Some(old) = context::pending_sign_in() {
                auth::sign_out(&db, &old.id_hash, old.user_id, chrono::Utc::now()).await?;
            }
            context::set_cookie(&cookies::session_cookie(&settings, &signed_in.token));
            let next = safe_return_path(next.as_deref());
            match signed_in.stage {
                Stage::Complete => leptos_axum::redirect(next),
                // The second step keeps where the person was going.
                stage => leptos_axum::redirect(&format!(
                    "{}?next={}",
                    stage.page(),
                    percent_encoding::utf8_percent_encode(next, percent_encoding::NON_ALPHANUMERIC)
                )),
            }
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "logout", prefix = "/api")]
pub async fn logout() -> Result<(), AppError> {
    use crate::{
        domain::permissions::Action,
        server::{context, cookies, services::auth},
    };
    context::respond(
        async {
            context::allow_public(Action::SignIn)?;
            let settings = context::settings()?;
            // A sign-in half-way through (password done, second step to do) can be left too.
            let (id_hash, user) = match (context::current_session(), context::pending_sign_in()) {
                (Some(s), _) => {
                    context::require(Action::ViewOwnAccount)?;
                    (s.id_hash, s.actor.user_id)
                }
                (None, Some(p)) => (p.id_hash, p.user_id),
                (None, None) => return Err(AppError::Unauthenticated),
            };
            auth::sign_out(&context::db()?, &id_hash, user, chrono::Utc::now()).await?;
            context::set_cookie(&cookies::expired_session_cookie(&settings));
            leptos_axum::redirect("/login");
            Ok(())
        }
        .await,
    )
}

/// Remembers the interface language in a cookie, so the choice works before the page's script loads.
#[server(endpoint = "set_language", prefix = "/api")]
pub async fn set_language(language: String) -> Result<(), AppError> {
    use crate::{domain::permissions::Action, server::context};
    context::respond((|| {
        context::allow_public(Action::SignIn)?;
        let lang = match language.as_str() {
            "en" | "fr" => language.as_str(),
            _ => return Err(AppError::invalid("language", "unknown language")),
        };
        let secure = context::settings()?.cookie_secure;
        let cookie = cookie_for_language(lang, secure);
        context::set_cookie(&cookie);
        Ok(())
    })())
}

#[cfg(feature = "ssr")]
fn cookie_for_language(lang: &str, secure: bool) -> String {
    // The same cookie name the i18n layer reads on the server and writes in the browser.
    let secure = if secure { "; Secure" } else { "" };
    format!("i18n_pref_locale={lang}; Path=/; Max-Age=31536000; SameSite=Lax{secure}")
}
