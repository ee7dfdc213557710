//! Invitations: a roster office or the secretariat invites an expert, the link goes to the expert's
//! own address; the expert follows it, sets a password and lands in their portal.
use crate::{error::AppError, views::invitations::*};
use leptos::prelude::*;

#[server(endpoint = "invite_expert", prefix = "/api")]
pub async fn invite_expert(id: String) -> Result<InviteView, AppError> {
    use crate::server::door::prelude::*;
    use crate::{server::services::invitations, views::time_text};
    Door::serve(Action::ViewRoster, async |d| {
        let id = door::id(&id)?;
        d.may_act_on_expert(id, |state| Action::InviteExpert { state })
            .await?;
        let invited =
            invitations::invite(&d.db, &context::settings()?, &d.actor, id, d.now).await?;
        Ok(InviteView {
            email: invited.email,
            expires_at: time_text(invited.expires_at),
            by_mail: invited.by_mail,
        })
    })
    .await
}

/// The secretariat reads a pending link off the expert's record (audited), when no mail server
/// can deliver it.
#[server(endpoint = "reveal_invitation", prefix = "/api")]
pub async fn reveal_invitation(id: String) -> Result<RevealedView, AppError> {
    use crate::server::door::prelude::*;
    use crate::{server::services::invitations, views::time_text};
    Door::serve(Action::ViewRoster, async |d| {
        let id = door::id(&id)?;
        d.may_act_on_expert(id, |state| Action::RevealInvitation { state })
            .await?;
        let revealed =
            invitations::reveal(&d.db, &context::settings()?, &d.actor, id, d.now).await?;
        Ok(RevealedView {
            link: revealed.link,
            email: revealed.email,
            expires_at: time_text(revealed.expires_at),
        })
    })
    .await
}

/// The secretariat resets an expert's account: sessions and password end, a fresh link goes to
/// the expert's own address.
#[server(endpoint = "reset_expert_account", prefix = "/api")]
pub async fn reset_expert_account(id: String, reason: String) -> Result<InviteView, AppError> {
    use crate::server::door::prelude::*;
    use crate::{server::services::invitations, views::time_text};
    Door::serve(Action::ViewRoster, async |d| {
        let id = door::id(&id)?;
        d.may_act_on_expert(id, |state| Action::ResetExpertAccount { state })
            .await?;
        let invited =
            invitations::reset(&d.db, &context::settings()?, &d.actor, id, &reason, d.now).await?;
        Ok(InviteView {
            email: invited.email,
            expires_at: time_text(invited.expires_at),
            by_mail: invited.by_mail,
        })
    })
    .await
}

/// Whom a link greets; a used, replaced or expired link is refused with what to do instead.
#[server(endpoint = "invitation_greeting", prefix = "/api")]
pub async fn invitation_greeting(token: String) -> Result<GreetingView, AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::invitations;
    Door::serve_public(async |p| {
        let g = invitations::greeting(&p.db, &token, p.now).await?;
        Ok(GreetingView {
            name: g.name,
            email: g.email,
        })
    })
    .await
}

/// Sets the password, creates the account and signs the expert in.
#[server(endpoint = "accept_invitation", prefix = "/api")]
pub async fn accept_invitation(
    token: String,
    password: String,
    confirm: String,
) -> Result<(), AppError> {
    use crate::server::door::prelude::*;
    use crate::{server::cookies, server::services::auth, server::services::invitations};
    Door::serve_public(async |p| {
        let settings = context::settings()?;
        let signed_in = invitations::accept(&p.db, &token, &password, &confirm, p.now).await?;
        // Whoever was signed in on this browser is signed out: it is the expert's now.
        if let Some(old) = context::current_session() {
            auth::sign_out(&p.db, &old.id_hash, old.actor.user_id, p.now).await?;
        }
        context::set_cookie(&cookies::session_cookie(&settings, &signed_in.token));
        leptos_axum::redirect("/me");
        Ok(())
    })
    .await
}
