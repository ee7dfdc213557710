//! Invitations: a roster office or the secretariat invites an expert, the link goes to the expert's
//! own address; the expert follows it, sets a password and lands in their portal.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the inviter learns: where the message went and until when the link works — never the
/// link itself, which only the expert may hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteView {
    pub email: String,
    pub expires_at: String,
    /// A mail server is configured; otherwise the message waits in the outbox.
    pub by_mail: bool,
}

/// A pending link revealed to the secretariat, to hand over when no mail can be sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevealedView {
    pub link: String,
    pub email: String,
    pub expires_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GreetingView {
    pub name: String,
    pub email: String,
}

#[cfg(feature = "ssr")]
fn when(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
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
                email: invited.email,
                expires_at: when(invited.expires_at),
                by_mail: invited.by_mail,
            })
        }
        .await,
    )
}

/// The secretariat reads a pending link off the expert's record (audited), when no mail server
/// can deliver it.
#[server(endpoint = "reveal_invitation", prefix = "/api")]
pub async fn reveal_invitation(id: String) -> Result<RevealedView, AppError> {
    use crate::{
        domain::{ids::ExpertId, permissions::Action},
        server::{context, services::invitations},
    };
    context::respond(
        async {
            let actor = context::require(Action::ViewRoster)?;
            let id = ExpertId::parse(&id).ok_or(AppError::NotFound)?;
            let revealed = invitations::reveal(
                &context::db()?,
                &context::settings()?,
                &actor,
                id,
                chrono::Utc::now(),
            )
            .await?;
            Ok(RevealedView {
                link: revealed.link,
                email: revealed.email,
                expires_at: when(revealed.expires_at),
            })
        }
        .await,
    )
}

/// The secretariat resets an expert's account: sessions and password end, a fresh link goes to
/// the expert's own address.
#[server(endpoint = "reset_expert_account", prefix = "/api")]
pub async fn reset_expert_account(id: String, reason: String) -> Result<InviteView, AppError> {
    use crate::{
        domain::{ids::ExpertId, permissions::Action},
        server::{context, services::invitations},
    };
    context::respond(
        async {
            let actor = context::require(Action::ViewRoster)?;
            let id = ExpertId::parse(&id).ok_or(AppError::NotFound)?;
            let invited = invitations::reset(
                &context::db()?,
                &context::settings()?,
                &actor,
                id,
                &reason,
                chrono::Utc::now(),
            )
            .await?;
            Ok(InviteView {
                email: invited.email,
                expires_at: when(invited.expires_at),
                by_mail: invited.by_mail,
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
                crate::server::services::auth::sign_out(
                    &db,
                    &old.id_hash,
                    old.actor.user_id,
                    chrono::Utc::now(),
                )
                .await?;
            }
            context::set_cookie(&cookies::session_cookie(&settings, &signed_in.token));
            leptos_axum::redirect("/me");
            Ok(())
        }
        .await,
    )
}
