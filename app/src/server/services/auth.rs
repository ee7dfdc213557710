//! Signing in and out, and turning a session cookie back into the person behind it. Signing in is
//! the password, then — for every staff account, and any account that enrolled one — a code from
//! the second factor; only then is the session signed in.
use crate::{
    domain::{
        account::{Email, PASSWORD_MAX_CHARS},
        mfa::{self, Stage},
        permissions::Actor,
        session::{SessionVerdict, assess},
        throttle,
    },
    error::AppError,
    server::{
        context::{PendingSignIn, RequestSession},
        password,
        repo::{
            audit::{self, AuditEntry},
            login_attempts, second_factors, sessions,
            users::{self, UserRecord},
        },
        settings::Settings,
        tx,
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
    /// Where the session stands: signed in, or the second step still to do.
    pub stage: Stage,
}

pub(crate) fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn hash_token(token: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(token.as_bytes()))
}

/// The attempt key of an account's second step, apart from its password attempts.
fn second_step_key(user: crate::domain::ids::UserId) -> String {
    format!("second-factor:{user}")
}

/// Reserves one attempt for `account` before anything is checked: in one write transaction the
/// account's lock row is taken, its recent failures counted and, when the policy allows another
/// try, this attempt recorded as a failure (marked succeeded once it is). Two attempts sent at
/// once are thus counted one after the other, on every instance, and never all let through.
pub async fn reserve_attempt(
    db: &DatabaseConnection,
    settings: &Settings,
    account: &str,
    client: &str,
    now: DateTime<Utc>,
) -> Result<uuid::Uuid, AppError> {
    let txn = tx::write(db).await?;
    login_attempts::take_lock(&txn, account, now).await?;
    let failures =
        login_attempts::failures_since(&txn, account, now - settings.throttle.window).await?;
    if let Err(wait) = throttle::check(&failures, now, &settings.throttle) {
        tracing::warn!("sign-in throttled");
        metrics::counter!("sign_in_throttled_total", "limit" => "account").increment(1);
        return Err(AppError::TooManyAttempts {
            retry_after_secs: u64::try_from(wait.num_seconds()).unwrap_or(1),
        });
    }
    let id = login_attempts::record(&txn, account, client, now, false).await?;
    txn.commit().await?;
    Ok(id)
}

/// Opens a session at `stage` for `user`, in one transaction with its audit event.
async fn open_session(
    db: &DatabaseConnection,
    user: &UserRecord,
    stage: Stage,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let token = new_token();
    let id_hash = hash_token(&token);
    let txn = tx::write(db).await?;
    sessions::insert(&txn, &id_hash, user.id, stage, now).await?;
    if stage == Stage::Complete {
        users::touch_sign_in(&txn, user.id, now).await?;
    }
    audit::append(
        &txn,
        AuditEntry::new(
            Some(user.id),
            if stage == Stage::Complete {
                "user.sign_in"
            } else {
                "user.sign_in_password"
            },
            "user",
            user.id,
        )
        .after_maybe(
            (stage != Stage::Complete).then(|| serde_json::json!({ "next": stage.as_str() })),
        ),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(token)
}

/// Checks e-mail and password and opens a session: signed in, or waiting for the second step.
/// Every failure looks the same from outside.
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
    let attempt = reserve_attempt(db, settings, email.as_str(), client, now).await?;
    let found = users::find_by_email(db, &email).await?;
    // An over-long password cannot be right; refusing it before hashing keeps hashing cheap to ask for.
    let matches = password.chars().count() <= PASSWORD_MAX_CHARS
        && password::verify(password, found.as_ref().map(|u| u.password_hash.clone())).await?;
    let user = match found {
        Some(model) if matches && model.active => users::to_record(model)?,
        _ => {
            tracing::info!("sign-in refused");
            metrics::counter!("sign_in_failures_total", "step" => "password").increment(1);
            return Err(AppError::InvalidCredentials);
        }
    };
    login_attempts::mark_succeeded(db, attempt).await?;
    let enrolled = second_factors::is_enrolled(db, user.id).await?;
    let stage = mfa::after_password(enrolled, user.principal.role(), settings.require_mfa);
    let token = open_session(db, &user, stage, now).await?;
    tracing::info!(user = %user.id, stage = stage.as_str(), "password accepted");
    Ok(SignedIn { token, user, stage })
}

/// Ends a session on the server, so a copied cookie stops working too.
pub async fn sign_out(
    db: &DatabaseConnection,
    id_hash: &str,
    user_id: crate::domain::ids::UserId,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let txn = tx::write(db).await?;
    sessions::delete(&txn, id_hash).await?;
    audit::append(
        &txn,
        AuditEntry::new(Some(user_id), "user.sign_out", "user", user_id),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// What a session cookie stands for.
pub enum Resolved {
    SignedIn(RequestSession),
    /// The password was right; the second step is still to do. Such a session reads no data.
    Pending(PendingSignIn),
}

/// Finds the live session behind a cookie token; expired sessions are removed on sight.
pub async fn resolve_session(
    db: &DatabaseConnection,
    settings: &Settings,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<Resolved>, AppError> {
    let id_hash = hash_token(token);
    let Some((session, user)) = sessions::find_with_user(db, &id_hash).await? else {
        return Ok(None);
    };
    // A sign-in step is short: it may not outlive the idle timeout.
    let verdict = assess(
        session.created_at,
        session.last_seen_at,
        now,
        &settings.session,
    );
    let stage = Stage::parse(&session.stage);
    match (verdict, stage) {
        (SessionVerdict::Active { touch }, Some(stage)) if user.active => {
            if touch {
                // Best effort: while another writer holds the database (a large upload's single
                // commit on SQLite) a page view must not fail for want of a last-seen time; the
                // session stays valid and the next request writes it.
                match sessions::touch(db, &id_hash, now).await {
                    Ok(()) | Err(AppError::Busy) => {}
                    Err(other) => return Err(other),
                }
            }
            let record = users::to_record(user)?;
            Ok(Some(match stage {
                Stage::Complete => Resolved::SignedIn(RequestSession {
                    id_hash,
                    actor: Actor {
                        user_id: record.id,
                        principal: record.principal,
                    },
                    display_name: record.display_name,
                    email: record.email,
                }),
                stage => Resolved::Pending(PendingSignIn {
                    id_hash,
                    user_id: record.id,
                    role: record.principal.role(),
                    stage,
                    display_name: record.display_name,
                    email: record.email,
                }),
            }))
        }
        _ => {
            sessions::delete(db, &id_hash).await?;
            Ok(None)
        }
    }
}

/// Replaces a session by a new one at `stage` (a fresh id whenever the sign-in moves on).
async fn advance(
    db: &DatabaseConnection,
    old_hash: &str,
    user: crate::domain::ids::UserId,
    stage: Stage,
    now: DateTime<Utc>,
) -> Result<SignedIn, AppError> {
    let record = users::find(db, user)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let token = open_session(db, &record, stage, now).await?;
    sessions::delete(db, old_hash).await?;
    Ok(SignedIn {
        token,
        user: record,
        stage,
    })
}

/// The second step: a code from the enrolled app, or one of the recovery codes. It has its own
/// attempt limit per account, shared by every instance; a code is taken once.
#[tracing::instrument(skip_all, fields(user = %pending.user_id))]
pub async fn verify_second_factor(
    db: &DatabaseConnection,
    settings: &Settings,
    pending: &PendingSignIn,
    typed: &str,
    client: &str,
    now: DateTime<Utc>,
) -> Result<SignedIn, AppError> {
    if pending.stage != Stage::SecondFactor {
        return Err(AppError::Unauthenticated);
    }
    let code = mfa::parse_code(typed).map_err(|why| AppError::invalid("code", why))?;
    let attempt =
        reserve_attempt(db, settings, &second_step_key(pending.user_id), client, now).await?;
    let factor = second_factors::of_user(db, pending.user_id)
        .await?
        .filter(|f| f.confirmed_at.is_some())
        .ok_or(AppError::Unauthenticated)?;
    let accepted = match code {
        mfa::Code::OneTime(code) => {
            let last = factor.last_used_step.and_then(|s| u64::try_from(s).ok());
            let now_step = mfa::step_of(u64::try_from(now.timestamp()).unwrap_or(0));
            let steps = mfa::acceptable_steps(now_step, last);
            match crate::server::totp::matching_step(&factor.secret, &code, &steps)? {
                Some(step) => second_factors::use_step(db, pending.user_id, step, None).await?,
                None => false,
            }
        }
        mfa::Code::Recovery(code) => {
            second_factors::use_recovery_code(db, pending.user_id, &hash_token(&code), now).await?
        }
    };
    if !accepted {
        tracing::info!("second step refused");
        metrics::counter!("sign_in_failures_total", "step" => "second_factor").increment(1);
        return Err(AppError::invalid(
            "code",
            "this code is not right, or was already used; use the newest code from your app",
        ));
    }
    login_attempts::mark_succeeded(db, attempt).await?;
    advance(db, &pending.id_hash, pending.user_id, Stage::Complete, now).await
}

/// What the enrolment page shows: the QR code, and the secret to type in by hand.
pub struct Enrolment {
    pub secret: String,
    pub qr_svg: String,
    pub account: String,
}

/// How long an enrolment started but not confirmed keeps its secret: the page may be shown again
/// (reloaded, rendered twice by the server) while the person is scanning it.
const ENROLMENT_KEPT: chrono::Duration = chrono::Duration::minutes(10);

/// Starts an enrolment for `user`: a secret, unconfirmed until a code from it is entered. The
/// same secret is shown again for a few minutes; after that a new one is made. An account that
/// already has a confirmed factor keeps it.
pub async fn start_enrolment(
    db: &DatabaseConnection,
    user: crate::domain::ids::UserId,
    email: &str,
    now: DateTime<Utc>,
) -> Result<Enrolment, AppError> {
    let txn = tx::write(db).await?;
    let secret = match second_factors::of_user(&txn, user).await? {
        Some(f) if f.confirmed_at.is_some() => {
            return Err(AppError::Conflict(
                "this account already has a second factor; the secretariat can reset it".to_owned(),
            ));
        }
        Some(f) if f.created_at > now - ENROLMENT_KEPT => f.secret,
        _ => {
            let secret = crate::server::totp::new_secret();
            second_factors::start(&txn, user, &secret, now).await?;
            secret
        }
    };
    txn.commit().await?;
    let uri = mfa::otpauth_uri(email, &secret);
    Ok(Enrolment {
        qr_svg: crate::server::totp::qr_svg(&uri)?,
        secret,
        account: email.to_owned(),
    })
}

/// Ten new recovery codes: stored hashed, kept in plain words only with the session that shows
/// them until the person says they have kept them.
fn new_recovery_codes() -> Vec<String> {
    (0..mfa::RECOVERY_CODES)
        .map(|_| {
            let mut bytes = [0u8; mfa::RECOVERY_LEN];
            OsRng.fill_bytes(&mut bytes);
            bytes
                .iter()
                .map(|b| {
                    let alphabet = mfa::RECOVERY_ALPHABET;
                    char::from(alphabet[usize::from(*b) % alphabet.len()])
                })
                .collect()
        })
        .collect()
}

/// Confirms an enrolment with a first code from the app: the factor is on, ten recovery codes
/// are issued, and a session still enrolling is signed in (with a fresh id).
pub async fn confirm_enrolment(
    db: &DatabaseConnection,
    settings: &Settings,
    who: Enrolling<'_>,
    typed: &str,
    client: &str,
    now: DateTime<Utc>,
) -> Result<Option<SignedIn>, AppError> {
    let (user, id_hash) = match &who {
        Enrolling::Pending(p) if p.stage == Stage::Enrol => (p.user_id, p.id_hash.clone()),
        Enrolling::Pending(_) => return Err(AppError::Unauthenticated),
        Enrolling::SignedIn(s) => (s.actor.user_id, s.id_hash.clone()),
    };
    let code = match mfa::parse_code(typed) {
        Ok(mfa::Code::OneTime(code)) => code,
        _ => {
            return Err(AppError::invalid(
                "code",
                "enter the six-digit code your app shows now",
            ));
        }
    };
    let attempt = reserve_attempt(db, settings, &second_step_key(user), client, now).await?;
    let factor = second_factors::of_user(db, user)
        .await?
        .filter(|f| f.confirmed_at.is_none())
        .ok_or_else(|| AppError::Conflict("start the set-up again: reload this page".to_owned()))?;
    let now_step = mfa::step_of(u64::try_from(now.timestamp()).unwrap_or(0));
    let steps = mfa::acceptable_steps(now_step, None);
    let Some(step) = crate::server::totp::matching_step(&factor.secret, &code, &steps)? else {
        return Err(AppError::invalid(
            "code",
            "this code is not right; check that the app shows Blue Suits and try the newest code",
        ));
    };
    let codes = new_recovery_codes();
    let hashes: Vec<String> = codes.iter().map(|c| hash_token(c)).collect();
    let txn = tx::write(db).await?;
    if !second_factors::use_step(&txn, user, step, Some(now)).await? {
        return Err(AppError::Conflict(
            "this code was already used; enter the next one".to_owned(),
        ));
    }
    second_factors::replace_recovery_codes(&txn, user, &hashes, now).await?;
    audit::append(
        &txn,
        AuditEntry::new(Some(user), "user.second_factor_enrolled", "user", user)
            .after(serde_json::json!({ "recovery_codes": codes.len() })),
        now,
    )
    .await?;
    txn.commit().await?;
    login_attempts::mark_succeeded(db, attempt).await?;
    let shown = codes
        .iter()
        .map(|c| mfa::show_recovery(c))
        .collect::<Vec<_>>()
        .join("\n");
    let signed_in = match who {
        Enrolling::Pending(_) => Some(advance(db, &id_hash, user, Stage::Complete, now).await?),
        Enrolling::SignedIn(_) => None,
    };
    let holder = signed_in
        .as_ref()
        .map(|s| hash_token(&s.token))
        .unwrap_or(id_hash);
    sessions::set_pending_recovery(db, &holder, Some(shown)).await?;
    Ok(signed_in)
}

/// Who is enrolling: someone half-way through signing in, or a signed-in person of their own will.
pub enum Enrolling<'a> {
    Pending(&'a PendingSignIn),
    SignedIn(&'a RequestSession),
}

/// The recovery codes just issued to this session, if it has not yet said it kept them.
pub async fn pending_recovery_codes(
    db: &DatabaseConnection,
    session: &RequestSession,
) -> Result<Vec<String>, AppError> {
    Ok(sessions::find_with_user(db, &session.id_hash)
        .await?
        .and_then(|(s, _)| s.pending_recovery)
        .map(|codes| codes.lines().map(str::to_owned).collect())
        .unwrap_or_default())
}

/// The person kept their recovery codes: they are no longer shown anywhere.
pub async fn recovery_codes_kept(
    db: &DatabaseConnection,
    session: &RequestSession,
) -> Result<(), AppError> {
    sessions::set_pending_recovery(db, &session.id_hash, None).await
}

/// What the account page says of the person's second factor.
pub struct SecondFactorState {
    pub enrolled: bool,
    pub recovery_codes_left: u64,
}

pub async fn second_factor_state(
    db: &DatabaseConnection,
    user: crate::domain::ids::UserId,
) -> Result<SecondFactorState, AppError> {
    Ok(SecondFactorState {
        enrolled: second_factors::is_enrolled(db, user).await?,
        recovery_codes_left: second_factors::unused_recovery_codes(db, user).await?,
    })
}
