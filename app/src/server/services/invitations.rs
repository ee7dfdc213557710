//! Inviting an expert to their portal: a single-use, expiring link shown to the inviter and queued
//! as an e-mail; following it, the expert sets a password and is signed in.
use super::auth::{SignedIn, hash_token, new_token};
use crate::{
    domain::{
        account::{DisplayName, Email as AccountEmail, NewPassword},
        expert::FieldError,
        ids::ExpertId,
        invitation::{LinkState, VALID_FOR, link_state},
        permissions::{Action, Actor, Principal, authorize},
        vetting::RosterStatus,
    },
    error::AppError,
    server::{
        entities::{expert, invitation, notification},
        password,
        repo::{
            audit::{self, AuditEntry},
            deployments,
            notifications::{self, NewNotification},
            sessions,
            users::{self, NewUser},
        },
        services::roster::facts_of,
        settings::Settings,
    },
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, TransactionTrait,
    sea_query::Expr,
};
use serde_json::json;

/// What the inviter sees: the link to hand over, and until when it works.
pub struct Invited {
    pub link: String,
    pub email: String,
    pub expires_at: DateTime<Utc>,
}

/// Whom an invitation link greets, for the set-password page.
pub struct Greeting {
    pub name: String,
    pub email: String,
}

pub async fn invite(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    id: ExpertId,
    now: DateTime<Utc>,
) -> Result<Invited, AppError> {
    let txn = db.begin().await?;
    let e = expert::Entity::find_by_id(id.0)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let facts = facts_of(&e)?;
    // Someone who may not see the record learns nothing about it, not even that it exists.
    if authorize(Some(actor), &Action::ViewExpert(facts.clone())).is_err() {
        return Err(AppError::NotFound);
    }
    authorize(
        Some(actor),
        &Action::InviteExpert {
            state: facts.state.clone(),
        },
    )
    .map_err(|_| AppError::Forbidden)?;
    if matches!(
        facts.status,
        RosterStatus::Withdrawn | RosterStatus::Rejected
    ) {
        return Err(AppError::Conflict(format!(
            "a {} nominee is not invited to the portal",
            facts.status
        )));
    }
    if deployments::account_of(&txn, id).await?.is_some() {
        return Err(AppError::Conflict(
            "this expert already has an account; they sign in with their e-mail address".to_owned(),
        ));
    }
    let email = AccountEmail::parse(&e.email).map_err(|err| {
        AppError::Conflict(format!("the expert's e-mail address cannot sign in: {err}"))
    })?;
    if users::find_by_email(&txn, &email).await?.is_some() {
        return Err(AppError::Conflict(format!(
            "another account already uses {}; correct the expert's e-mail address first",
            email.as_str()
        )));
    }
    // Only the newest link works: an older one may sit in a mailbox someone else reads.
    invitation::Entity::update_many()
        .col_expr(invitation::Column::RevokedAt, Expr::value(Some(now)))
        .filter(invitation::Column::ExpertId.eq(id.0))
        .filter(invitation::Column::UsedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    let token = new_token();
    let expires_at = now + VALID_FOR;
    let invitation_id = uuid::Uuid::new_v4();
    invitation::Entity::insert(invitation::ActiveModel {
        id: Set(invitation_id),
        token_hash: Set(hash_token(&token)),
        expert_id: Set(id.0),
        email: Set(email.as_str().to_owned()),
        invited_by: Set(actor.user_id.0),
        created_at: Set(now),
        expires_at: Set(expires_at),
        used_at: Set(None),
        revoked_at: Set(None),
    })
    .exec_without_returning(&txn)
    .await?;
    let link = format!(
        "{}/invite/{token}",
        settings.public_url.trim_end_matches('/')
    );
    notifications::enqueue(
        &txn,
        NewNotification {
            recipient_user_id: None,
            recipient_expert_id: Some(id.0),
            email: email.as_str().to_owned(),
            kind: "invitation",
            subject: "Your Blue Suits roster account".to_owned(),
            body: format!(
                "Dear {} {},\n\nyour roster office invites you to keep your availability on the Blue Suits roster current and to answer deployment offers.\n\nSet your password here (the link works once, until {} UTC):\n{link}\n",
                e.given_names,
                e.family_name,
                expires_at.format("%Y-%m-%d %H:%M")
            ),
            dedup_key: None,
        },
        now,
    )
    .await?;
    audit::append(
        &txn,
        AuditEntry {
            actor: Some(actor.user_id),
            action: "expert.invite",
            record_type: "expert",
            record_id: id.to_string(),
            before: None,
            after: Some(json!({ "invitation": invitation_id, "email": email.as_str(), "expires_at": expires_at })),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(Invited {
        link,
        email: email.as_str().to_owned(),
        expires_at,
    })
}

async fn usable(
    db: &impl sea_orm::ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<invitation::Model, AppError> {
    let found = invitation::Entity::find()
        .filter(invitation::Column::TokenHash.eq(hash_token(token.trim())))
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
        name: format!("{} {}", e.given_names, e.family_name),
        email: inv.email,
    })
}

/// Sets the password, links the new account to the expert and opens a session, all at once.
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
        return Err(crate::server::services::roster::invalid(errors));
    };
    let password_hash = password::hash(&password).await?;
    let session_token = new_token();
    let session_hash = hash_token(&session_token);
    let txn = db.begin().await?;
    let inv = usable(&txn, token, now).await?;
    // Single use even when the form is sent twice at once: only one update finds it unused.
    let claimed = invitation::Entity::update_many()
        .col_expr(invitation::Column::UsedAt, Expr::value(Some(now)))
        .filter(invitation::Column::Id.eq(inv.id))
        .filter(invitation::Column::UsedAt.is_null())
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
    let name = format!("{} {}", e.given_names, e.family_name);
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
        AppError::Invalid(_) => AppError::Conflict(format!(
            "an account with {} already exists; sign in with it instead",
            inv.email
        )),
        other => other,
    })?;
    deployments::link_account(&txn, user.id, ExpertId(e.id), now).await?;
    sessions::insert(&txn, &session_hash, user.id, now).await?;
    users::touch_sign_in(&txn, user.id, now).await?;
    // The queued message held the secret link; once used it has nothing left to say.
    notification::Entity::update_many()
        .col_expr(
            notification::Column::Body,
            Expr::value("The invitation link in this message has been used.".to_owned()),
        )
        .filter(notification::Column::Kind.eq("invitation"))
        .filter(notification::Column::RecipientExpertId.eq(e.id))
        .exec(&txn)
        .await?;
    audit::append(
        &txn,
        AuditEntry {
            actor: Some(user.id),
            action: "expert.account_created",
            record_type: "expert",
            record_id: e.id.to_string(),
            before: None,
            after: Some(json!({ "user": user.id.0, "invitation": inv.id })),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    tracing::info!(user = %user.id, "expert account created from invitation");
    Ok(SignedIn {
        token: session_token,
        user,
    })
}

/// Whether the expert already has an account (the invite button is then not offered).
pub async fn has_account(
    db: &impl sea_orm::ConnectionTrait,
    id: ExpertId,
) -> Result<bool, AppError> {
    Ok(deployments::account_of(db, id).await?.is_some())
}
