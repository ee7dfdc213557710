//! Inviting an expert to their portal: a single-use, expiring link that goes to the expert's own
//! address through the outbox — never to the person who asked for it, since whoever holds the
//! link can answer offers in the expert's name. Following it, the expert sets a password and is
//! signed in. Where no mail can be sent the secretariat may reveal a pending link (audited), and
//! it resets an account someone else made on the expert's address.
use super::auth::{SignedIn, hash_token, new_token};
use crate::{
    domain::{
        account::{DisplayName, Email as AccountEmail, NewPassword},
        expert::FieldError,
        ids::{ExpertId, UserId},
        invitation::{self, LinkState, Purpose, VALID_FOR, link_state},
        permissions::{Action, Actor, Principal},
        vetting::RosterStatus,
    },
    error::AppError,
    server::{
        entities::{expert, invitation as invitation_row, notification},
        gate, password,
        repo::{
            audit::{self, AuditEntry},
            deployments,
            locks::{self, Held},
            notifications::{self, NewNotification},
            sessions,
            users::{self, NewUser},
        },
        services::expert_record::{self, facts_of},
        settings::Settings,
        tx,
    },
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder, sea_query::Expr,
};
use serde_json::json;

/// What the inviter learns: where the link went and until when it works — never the link.
pub struct Invited {
    pub email: String,
    pub expires_at: DateTime<Utc>,
    /// A mail server is configured, so the message is on its way; otherwise it waits in the
    /// outbox and the secretariat may reveal the link to hand it over.
    pub by_mail: bool,
}

/// A pending link, revealed to the secretariat.
pub struct Revealed {
    pub link: String,
    pub email: String,
    pub expires_at: DateTime<Utc>,
}

/// Whom an invitation link greets, for the set-password page.
pub struct Greeting {
    pub name: String,
    pub email: String,
}

fn full_name(e: &expert::Model) -> String {
    format!("{} {}", e.given_names, e.family_name)
}

/// Issues a new link for `e` (older ones stop working) and queues it to the expert's own address
/// in the same transaction. Returns the link for the command line only.
async fn issue(
    txn: &DatabaseTransaction,
    settings: &Settings,
    e: &expert::Model,
    invited_by: Option<UserId>,
    purpose: Purpose,
    now: DateTime<Utc>,
) -> Result<(String, Invited, uuid::Uuid), AppError> {
    let email = AccountEmail::parse(&e.email).map_err(|err| {
        AppError::Conflict(format!("the expert's e-mail address cannot sign in: {err}"))
    })?;
    // Only the newest link works: an older one may sit in a mailbox someone else reads.
    revoke_pending(txn, ExpertId(e.id), now).await?;
    let token = new_token();
    let expires_at = now + VALID_FOR;
    let invitation_id = uuid::Uuid::new_v4();
    invitation_row::Entity::insert(invitation_row::ActiveModel {
        id: Set(invitation_id),
        token_hash: Set(hash_token(&token)),
        expert_id: Set(e.id),
        email: Set(email.as_str().to_owned()),
        invited_by: Set(invited_by.map(|u| u.0)),
        created_at: Set(now),
        expires_at: Set(expires_at),
        used_at: Set(None),
        revoked_at: Set(None),
    })
    .exec_without_returning(txn)
    .await?;
    let link = invitation::link(&settings.public_url, &token);
    let (subject, body) = invitation::message(
        purpose,
        &full_name(e),
        &link,
        &expires_at.format("%Y-%m-%d %H:%M").to_string(),
    );
    notifications::enqueue(
        txn,
        NewNotification {
            recipient_user_id: None,
            recipient_expert_id: Some(e.id),
            email: email.as_str().to_owned(),
            kind: "invitation",
            subject,
            body,
            dedup_key: None,
            invitation_id: Some(invitation_id),
        },
        now,
    )
    .await?;
    Ok((
        link,
        Invited {
            email: email.as_str().to_owned(),
            expires_at,
            by_mail: settings.mail_configured,
        },
        invitation_id,
    ))
}

/// Ends every link of the expert not yet used, and blanks the messages that carry them.
async fn revoke_pending(
    txn: &impl ConnectionTrait,
    expert: ExpertId,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    invitation_row::Entity::update_many()
        .col_expr(invitation_row::Column::RevokedAt, Expr::value(Some(now)))
        .filter(invitation_row::Column::ExpertId.eq(expert.0))
        .filter(invitation_row::Column::UsedAt.is_null())
        .filter(invitation_row::Column::RevokedAt.is_null())
        .exec(txn)
        .await?;
    blank_messages(
        txn,
        expert,
        "The invitation link in this message was replaced by a newer one.",
    )
    .await
}

/// A message whose link no longer works has nothing left to say: keep no secret at rest.
async fn blank_messages(
    txn: &impl ConnectionTrait,
    expert: ExpertId,
    text: &str,
) -> Result<(), AppError> {
    notification::Entity::update_many()
        .col_expr(notification::Column::Body, Expr::value(text.to_owned()))
        .filter(notification::Column::Kind.eq("invitation"))
        .filter(notification::Column::RecipientExpertId.eq(expert.0))
        .exec(txn)
        .await?;
    Ok(())
}

/// Reads the expert for an invitation decision, holding the record so that two decisions about
/// one expert's account are taken one after the other.
async fn held_expert(
    txn: &DatabaseTransaction,
    actor: &Actor,
    id: ExpertId,
    action: impl Fn(crate::domain::member_state::MemberStateCode) -> Action,
) -> Result<expert::Model, AppError> {
    locks::hold(txn, Held::Experts, id.0).await?;
    // Someone who may not see the record learns nothing about it, not even that it exists.
    let (e, facts) = expert_record::visible(txn, actor, id).await?;
    gate::check(actor, &action(facts.state))?;
    Ok(e)
}

/// Refuses an invitation for an expert who cannot have one now, in words for the inviter.
async fn check_invitable(
    txn: &DatabaseTransaction,
    e: &expert::Model,
    may_reset: bool,
) -> Result<(), AppError> {
    let status = facts_of(e)?.status;
    if matches!(status, RosterStatus::Withdrawn | RosterStatus::Rejected) {
        return Err(AppError::Conflict(format!(
            "a {status} nominee is not invited to the portal"
        )));
    }
    if deployments::account_of(txn, ExpertId(e.id))
        .await?
        .is_some()
    {
        return Err(AppError::Conflict(if may_reset {
            "this expert already has an account; if they did not make it themselves, reset it"
                .to_owned()
        } else {
            "this expert already has an account; if they did not make it themselves, ask the secretariat to reset it"
                .to_owned()
        }));
    }
    let email = AccountEmail::parse(&e.email).map_err(|err| {
        AppError::Conflict(format!("the expert's e-mail address cannot sign in: {err}"))
    })?;
    if users::find_by_email(txn, &email).await?.is_some() {
        // Whose account it is stays with the secretariat.
        return Err(AppError::Conflict(if may_reset {
            format!(
                "another account already uses {}; correct the expert's e-mail address or that account first",
                email.as_str()
            )
        } else {
            "this address cannot receive an invitation; ask the secretariat to look into it"
                .to_owned()
        }));
    }
    Ok(())
}

/// The secretariat or the expert's own roster office asks for an invitation; the link goes to
/// the expert's address only.
pub async fn invite(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    id: ExpertId,
    now: DateTime<Utc>,
) -> Result<Invited, AppError> {
    let txn = tx::write(db).await?;
    let e = held_expert(&txn, actor, id, |state| Action::InviteExpert { state }).await?;
    let may_reset = gate::may(
        actor,
        &Action::ResetExpertAccount {
            state: facts_of(&e)?.state,
        },
    );
    check_invitable(&txn, &e, may_reset).await?;
    let (_, invited, invitation_id) = issue(
        &txn,
        settings,
        &e,
        Some(actor.user_id),
        Purpose::Invite,
        now,
    )
    .await?;
    audit::append(
        &txn,
        AuditEntry::new(Some(actor.user_id), "expert.invite", expert_record::RECORD_TYPE, id).after(json!({ "invitation": invitation_id, "email": invited.email, "expires_at": invited.expires_at })),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(invited)
}

/// `server invite --expert <id>`: an operator with shell access issues a link and is given it.
/// Audited with the operator's name, as the web's invitations are with the account's.
pub async fn invite_by_operator(
    db: &DatabaseConnection,
    settings: &Settings,
    id: ExpertId,
    operator: &str,
    now: DateTime<Utc>,
) -> Result<(String, Invited), AppError> {
    let txn = tx::write(db).await?;
    locks::hold(&txn, Held::Experts, id.0).await?;
    let e = expert::Entity::find_by_id(id.0)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    check_invitable(&txn, &e, true).await?;
    let (link, invited, invitation_id) =
        issue(&txn, settings, &e, None, Purpose::Invite, now).await?;
    audit::append(
        &txn,
        AuditEntry::new(None, "expert.invite", expert_record::RECORD_TYPE, id).after(json!({
            "invitation": invitation_id,
            "email": invited.email,
            "expires_at": invited.expires_at,
            "via": "command line",
            "operator": operator,
            "link_shown_to": operator,
        })),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok((link, invited))
}

/// The newest link of `expert` that still works.
async fn pending(
    db: &impl ConnectionTrait,
    expert: ExpertId,
    now: DateTime<Utc>,
) -> Result<Option<invitation_row::Model>, AppError> {
    Ok(invitation_row::Entity::find()
        .filter(invitation_row::Column::ExpertId.eq(expert.0))
        .order_by_desc(invitation_row::Column::CreatedAt)
        .one(db)
        .await?
        .filter(|i| link_state(i.used_at, i.revoked_at, i.expires_at, now) == LinkState::Usable))
}

/// Shows the secretariat a pending link to hand over, when no mail server can deliver it. Each
/// reveal is an audit event naming who saw it.
pub async fn reveal(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    id: ExpertId,
    now: DateTime<Utc>,
) -> Result<Revealed, AppError> {
    let txn = tx::write(db).await?;
    held_expert(&txn, actor, id, |state| Action::RevealInvitation { state }).await?;
    if settings.mail_configured {
        return Err(AppError::Conflict(
            "invitations go out by e-mail here; send a new one if it did not arrive".to_owned(),
        ));
    }
    let no_link =
        || AppError::Conflict("this expert has no pending invitation; send one first".to_owned());
    let inv = pending(&txn, id, now).await?.ok_or_else(no_link)?;
    let message = notification::Entity::find()
        .filter(notification::Column::InvitationId.eq(inv.id))
        .one(&txn)
        .await?
        .ok_or_else(no_link)?;
    let link = invitation::link_in(&message.body)
        .ok_or_else(no_link)?
        .to_owned();
    audit::append(
        &txn,
        AuditEntry::new(
            Some(actor.user_id),
            "expert.invitation_revealed",
            expert_record::RECORD_TYPE,
            id,
        )
        .after(json!({ "invitation": inv.id, "seen_by": actor.user_id.0 })),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(Revealed {
        link,
        email: inv.email,
        expires_at: inv.expires_at,
    })
}

/// Resets an expert's account for an expert who finds one already made on their address: every
/// session and the password end, and a fresh link goes to the expert's own address.
pub async fn reset(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    id: ExpertId,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Invited, AppError> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 2000 {
        return Err(AppError::invalid(
            "reason",
            "say why the account is reset (1 to 2,000 characters), for the record",
        ));
    }
    // Made before the transaction: hashing takes a while and needs no lock.
    let unusable = password::hash_unguessable().await?;
    let txn = tx::write(db).await?;
    let e = held_expert(&txn, actor, id, |state| Action::ResetExpertAccount {
        state,
    })
    .await?;
    let user = deployments::account_of(&txn, id).await?.ok_or_else(|| {
        AppError::Conflict("this expert has no account yet; invite them instead".to_owned())
    })?;
    let ended = sessions::delete_for_user(&txn, user).await?;
    users::set_password_hash(&txn, user, unusable).await?;
    // A second factor set up by whoever made the account goes too.
    let had_second_factor = crate::server::repo::second_factors::remove(&txn, user).await?;
    let (_, invited, invitation_id) =
        issue(&txn, settings, &e, Some(actor.user_id), Purpose::Reset, now).await?;
    audit::append(
        &txn,
        AuditEntry::new(
            Some(actor.user_id),
            "expert.account_reset",
            expert_record::RECORD_TYPE,
            id,
        )
        .after(json!({
            "account": user.0,
            "sessions_ended": ended,
            "second_factor_removed": had_second_factor,
            "invitation": invitation_id,
            "email": invited.email,
            "reason": reason,
        })),
        now,
    )
    .await?;
    txn.commit().await?;
    tracing::info!(expert = %id, "expert account reset");
    Ok(invited)
}

async fn usable(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<invitation_row::Model, AppError> {
    let found = invitation_row::Entity::find()
        .filter(invitation_row::Column::TokenHash.eq(hash_token(token.trim())))
        .one(db)
        .await?
        .ok_or_else(|| {
            AppError::Conflict(
                "this invitation link is not valid; copy the whole link from the message"
                    .to_owned(),
            )
        })?;
    match link_state(found.used_at, found.revoked_at, found.expires_at, now).refusal() {
        Some(why) => Err(AppError::Conflict(why.to_owned())),
        None => Ok(found),
    }
}

/// Who the link is for, so the page can greet them; refuses used, replaced and expired links.
pub async fn greeting(
    db: &DatabaseConnection,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Greeting, AppError> {
    let inv = usable(db, token, now).await?;
    let e = expert::Entity::find_by_id(inv.expert_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Greeting {
        name: full_name(&e),
        email: inv.email,
    })
}

/// Sets the password — on a new account, or on the expert's existing one after a reset — links
/// it to the expert and opens a session, all at once.
pub async fn accept(
    db: &DatabaseConnection,
    token: &str,
    new_password: &str,
    confirm: &str,
    now: DateTime<Utc>,
) -> Result<SignedIn, AppError> {
    let mut errors = Vec::new();
    let password = NewPassword::parse(new_password)
        .map_err(|e| errors.push(FieldError::new("password", e.to_string())))
        .ok();
    if new_password != confirm {
        errors.push(FieldError::new("confirm", "the two passwords differ"));
    }
    let Some(password) = password.filter(|_| errors.is_empty()) else {
        return Err(expert_record::invalid(errors));
    };
    // The link is checked before the password is hashed: a made-up token costs one lookup.
    usable(db, token, now).await?;
    let password_hash = password::hash(&password).await?;
    let session_token = new_token();
    let session_hash = hash_token(&session_token);
    let txn = tx::write(db).await?;
    let inv = usable(&txn, token, now).await?;
    // Single use even when the form is sent twice at once: only one update finds it unused.
    let claimed = invitation_row::Entity::update_many()
        .col_expr(invitation_row::Column::UsedAt, Expr::value(Some(now)))
        .filter(invitation_row::Column::Id.eq(inv.id))
        .filter(invitation_row::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(AppError::Conflict(
            LinkState::Used.refusal().unwrap_or_default().to_owned(),
        ));
    }
    let e = expert::Entity::find_by_id(inv.expert_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let email = AccountEmail::parse(&inv.email)
        .map_err(|err| crate::server::errors::internal("invitation", err))?;
    let taken = || {
        AppError::Conflict(format!(
            "an account with {} already exists; sign in with it instead",
            inv.email
        ))
    };
    let existing = deployments::account_of(&txn, ExpertId(e.id)).await?;
    let user = match existing {
        // A reset: the account stays, its password becomes the expert's own.
        Some(user) => {
            if let Some(other) = users::find_by_email(&txn, &email).await?
                && other.id != user.0
            {
                return Err(taken());
            }
            users::set_email(&txn, user, &email).await?;
            users::set_password_hash(&txn, user, password_hash).await?;
            users::find(&txn, user).await?.ok_or(AppError::NotFound)?
        }
        None => {
            let name = full_name(&e);
            let display_name = DisplayName::parse(&name)
                .or_else(|_| DisplayName::parse(&e.family_name))
                .map_err(|err| crate::server::errors::internal("invitation", err))?;
            let user = users::insert(
                &txn,
                NewUser {
                    email,
                    display_name,
                    principal: Principal::Expert,
                    password_hash,
                },
                now,
            )
            .await
            // The form has no e-mail field to show the users' unique-address message against.
            .map_err(|err| match err {
                AppError::Invalid(_) => taken(),
                other => other,
            })?;
            deployments::link_account(&txn, user.id, ExpertId(e.id), now).await?;
            user
        }
    };
    sessions::insert(
        &txn,
        &session_hash,
        user.id,
        crate::domain::mfa::Stage::Complete,
        now,
    )
    .await?;
    users::touch_sign_in(&txn, user.id, now).await?;
    // The queued message held the secret link; once used it has nothing left to say.
    blank_messages(
        &txn,
        ExpertId(e.id),
        "The invitation link in this message has been used.",
    )
    .await?;
    audit::append(
        &txn,
        AuditEntry::new(
            Some(user.id),
            if existing.is_some() {
                "expert.account_password_set"
            } else {
                "expert.account_created"
            },
            expert_record::RECORD_TYPE,
            e.id,
        )
        .after(json!({ "user": user.id.0, "invitation": inv.id })),
        now,
    )
    .await?;
    txn.commit().await?;
    tracing::info!(user = %user.id, "expert account opened from invitation");
    Ok(SignedIn {
        token: session_token,
        user,
        stage: crate::domain::mfa::Stage::Complete,
    })
}

/// Whether the expert already has an account (the invite button is then not offered).
pub async fn has_account(db: &impl ConnectionTrait, id: ExpertId) -> Result<bool, AppError> {
    Ok(deployments::account_of(db, id).await?.is_some())
}

/// Until when a link waiting to be used works, if there is one.
pub async fn pending_until(
    db: &impl ConnectionTrait,
    id: ExpertId,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, AppError> {
    Ok(pending(db, id, now).await?.map(|i| i.expires_at))
}
