//! Signing in and out, and turning a session cookie back into the person behind it.
use crate::{
    domain::{
        account::{Email, PASSWORD_MAX_CHARS},
        permissions::Actor,
        session::{SessionVerdict, assess},
        throttle,
    },
    error::AppError,
    server::{
        context::RequestSession,
        password,
        repo::{
            audit::{self, AuditEntry},
            login_attempts, sessions,
            users::{self, UserRecord},
        },
        settings::Settings,
    },
};
use argon2::password_hash::rand_core::{OsRng, RngCore};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;
use sha2::{Digest, Sha256};

pub struct SignedIn {
    /// The secret for the cookie; only its hash is stored.
    pub token: String,
    pub user: UserRecord,
}

pub(crate) fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn hash_token(token: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(token.as_bytes()))
}

/// Checks e-mail and password and opens a new session. Every failure looks the same from outside.
#[tracing::instrument(skip_all, fields(client = %client))]
pub async fn sign_in(
    db: &DatabaseConnection,
    settings: &Settings,
    email: &str,
    password: &str,
    client: &str,
    now: DateTime<Utc>,
) -> Result<SignedIn, AppError> {
    let email = Email::parse(email).map_err(|e| AppError::invalid("email", e.to_string()))?;
    if password.is_empty() {
        return Err(AppError::invalid("password", "enter your password"));
    }
    let failures =
        login_attempts::failures_since(db, email.as_str(), now - settings.throttle.window).await?;
    if let Err(wait) = throttle::check(&failures, now, &settings.throttle) {
        tracing::warn!("sign-in throttled");
        return Err(AppError::TooManyAttempts {
            retry_after_secs: u64::try_from(wait.num_seconds()).unwrap_or(1),
        });
    }
    let found = users::find_by_email(db, &email).await?;
    // An over-long password cannot be right; refusing it before hashing keeps hashing cheap to ask for.
    let matches = password.chars().count() <= PASSWORD_MAX_CHARS
        && password::verify(password, found.as_ref().map(|u| u.password_hash.clone())).await?;
    let user = match found {
        Some(model) if matches && model.active => users::to_record(model)?,
        _ => {
            login_attempts::record(db, email.as_str(), client, now, false).await?;
            tracing::info!("sign-in refused");
            return Err(AppError::InvalidCredentials);
        }
    };
    let token = new_token();
    let id_hash = hash_token(&token);
    let user_id = user.id;
    let account = email.as_str().to_owned();
    let client = client.to_owned();
    crate::server::tx::in_write(db, |txn| {
        Box::pin(async move {
            sessions::insert(txn, &id_hash, user_id, now).await?;
            users::touch_sign_in(txn, user_id, now).await?;
            login_attempts::record(txn, &account, &client, now, true).await?;
            audit::append(
                txn,
                AuditEntry {
                    actor: Some(user_id),
                    action: "user.sign_in",
                    record_type: "user",
                    record_id: user_id.to_string(),
                    before: None,
                    after: None,
                },
                now,
            )
            .await
        })
    })
    .await?;
    tracing::info!(user = %user.id, "signed in");
    Ok(SignedIn { token, user })
}

/// Ends a session on the server, so a copied cookie stops working too.
pub async fn sign_out(
    db: &DatabaseConnection,
    session: &RequestSession,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let id_hash = session.id_hash.clone();
    let user_id = session.actor.user_id;
    crate::server::tx::in_write(db, |txn| {
        Box::pin(async move {
            sessions::delete(txn, &id_hash).await?;
            audit::append(
                txn,
                AuditEntry {
                    actor: Some(user_id),
                    action: "user.sign_out",
                    record_type: "user",
                    record_id: user_id.to_string(),
                    before: None,
                    after: None,
                },
                now,
            )
            .await
        })
    })
    .await?;
    Ok(())
}

/// Finds the live session behind a cookie token; expired sessions are removed on sight.
pub async fn resolve_session(
    db: &DatabaseConnection,
    settings: &Settings,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<RequestSession>, AppError> {
    let id_hash = hash_token(token);
    let Some((session, user)) = sessions::find_with_user(db, &id_hash).await? else {
        return Ok(None);
    };
    let verdict = assess(
        session.created_at,
        session.last_seen_at,
        now,
        &settings.session,
    );
    match verdict {
        SessionVerdict::Active { touch } if user.active => {
            if touch {
                sessions::touch(db, &id_hash, now).await?;
            }
            let record = users::to_record(user)?;
            Ok(Some(RequestSession {
                id_hash,
                actor: Actor {
                    user_id: record.id,
                    principal: record.principal,
                },
                display_name: record.display_name,
                email: record.email,
            }))
        }
        _ => {
            sessions::delete(db, &id_hash).await?;
            Ok(None)
        }
    }
}
