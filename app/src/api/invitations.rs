//! Invitations: a roster office or the secretariat invites an expert; the expert follows the link,
//! sets a password and lands in their portal.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteView {
    /// The whole link, to hand over if the e-mail does not arrive.
    pub link: String,
    pub email: String,
    pub expires_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GreetingView {
    pub name: String,
    pub email: String,
}

#[server(endpoint = "invite_expert", prefix = "/api")]
pub async fn invite_expert(id: String) -> Result<InviteView, AppError> {
    use crate::{
        domain::{ids::ExpertId, permissions::Action},
        server::{context, services::invitations},
    };
    context::respond(
        async {
            let actor = context::require(Action::ViewRoster)?;
            let id = ExpertId::parse(&id).ok_or(AppError::NotFound)?;
            let invited = invitations::invite(
                &context::db()?,
                &context::settings()?,
                &actor,
                id,
                chrono::Utc::now(),
            )
            .await?;
            Ok(InviteView {
                link: invited.link,
                email: invited.email,
                expires_at: invited.expires_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            })
        }
        .await,
    )
}

/// Whom a link greets; a used, replaced or expired link is refused with what to do instead.
#[server(endpoint = "invitation_greeting", prefix = "/api")]
pub async fn invitation_greeting(token: String) -> Result<GreetingView, AppError> {
    use crate::{
        domain::permissions::Action,
        server::{context, services::invitations},
    };
    context::respond(
        async {
            context::allow_public(Action::SignIn)?;
            let g = invitations::greeting(&context::db()?, &token, chrono::Utc::now()).await?;
            Ok(GreetingView {
                name: g.name,
                email: g.email,
            })
        }
        .await,
    )
}

/// Sets the password, creates the account and signs the expert in.
#[server(endpoint = "accept_invitation", prefix = "/api")]
pub async fn accept_invitation(
    token: String,
    password: String,
    confirm: String,
) -> Result<(), AppError> {
    use crate::{
        domain::permissions::Action,
        server::{context, cookies, services::invitations},
    };
    context::respond(
        async {
            context::allow_public(Action::SignIn)?;
            let db = context::db()?;
            let settings = context::settings()?;
            let signed_in =
                invitations::accept(&db, &token, &password, &confirm, chrono::Utc::now()).await?;
            if let Some(old) = context::current_session() {
                crate::server::services::auth::sign_out(&db, &old, chrono::Utc::now()).await?;
            }
            context::set_cookie(&cookies::session_cookie(&settings, &signed_in.token));
            leptos_axum::redirect("/me");
            Ok(())
        }
        .await,
    )
}
