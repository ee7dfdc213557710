//! Signing in and out, and who is signed in.
use crate::{error::AppError, views::auth::*};
use leptos::prelude::*;

#[server(endpoint = "current_user", prefix = "/api")]
pub async fn current_user() -> Result<Option<UserView>, AppError> {
    use crate::server::door::prelude::*;
    // Open to everyone: somebody not signed in is simply nobody.
    Door::serve_public(async |p| {
        let (Some(actor), Some(session)) = (p.actor, context::current_session()) else {
            return Ok(None);
        };
        Ok(Some(UserView {
            id: actor.user_id.to_string(),
            display_name: session.display_name,
            email: session.email,
            role: actor.principal.role(),
            member_state: actor.principal.member_state().map(ToString::to_string),
        }))
    })
    .await
}

#[server(endpoint = "login", prefix = "/api")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use crate::server::door::prelude::*;
    use crate::{
        domain::mfa::Stage, domain::permissions::safe_return_path, server::cookies,
        server::services::auth,
    };
    Door::serve_public(async |p| {
        let settings = context::settings()?;
        let addr = context::client_addr();
        let signed_in = auth::sign_in(&p.db, &settings, &email, &password, &addr, p.now).await?;
        // Any session the browser held before is dropped: a fresh id at every sign-in.
        if let Some(old) = context::current_session() {
            auth::sign_out(&p.db, &old.id_hash, old.actor.user_id, p.now).await?;
        }
        if let Some(old) = context::pending_sign_in() {
            auth::sign_out(&p.db, &old.id_hash, old.user_id, p.now).await?;
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
    })
    .await
}

#[server(endpoint = "logout", prefix = "/api")]
pub async fn logout() -> Result<(), AppError> {
    use crate::server::door::prelude::*;
    use crate::{server::cookies, server::services::auth};
    Door::serve_public(async |p| {
        let settings = context::settings()?;
        // A sign-in half-way through (password done, second step to do) can be left too.
        let (id_hash, user) = match (context::current_session(), context::pending_sign_in()) {
            (Some(s), _) => (s.id_hash, s.actor.user_id),
            (None, Some(pending)) => (pending.id_hash, pending.user_id),
            (None, None) => return Err(AppError::Unauthenticated),
        };
        auth::sign_out(&p.db, &id_hash, user, p.now).await?;
        context::set_cookie(&cookies::expired_session_cookie(&settings));
        leptos_axum::redirect("/login");
        Ok(())
    })
    .await
}

/// Remembers the interface language in a cookie, so the choice works before the page's script loads.
#[server(endpoint = "set_language", prefix = "/api")]
pub async fn set_language(language: String) -> Result<(), AppError> {
    use crate::server::door::prelude::*;
    Door::serve_public(async |_| {
        let lang = match language.as_str() {
            "en" | "fr" => language.as_str(),
            _ => return Err(AppError::invalid("language", "unknown language")),
        };
        let secure = context::settings()?.cookie_secure;
        context::set_cookie(&cookie_for_language(lang, secure));
        Ok(())
    })
    .await
}

#[cfg(feature = "ssr")]
fn cookie_for_language(lang: &str, secure: bool) -> String {
    // The same cookie name the i18n layer reads on the server and writes in the browser.
    let secure = if secure { "; Secure" } else { "" };
    format!("i18n_pref_locale={lang}; Path=/; Max-Age=31536000; SameSite=Lax{secure}")
}
