//! Account administration: creating, listing, deactivating accounts, and roster offices.
use crate::{
    domain::{
        account::{DisplayName, Email, NewPassword},
        ids::UserId,
        member_state::MemberStateCode,
        permissions::{Action, Actor, Principal, Role},
    },
    error::{AppError, FieldError},
    server::{
        gate, password,
        repo::{
            audit::{self, AuditEntry},
            countries, sessions,
            users::{self, NewUser, UserRecord},
        },
    },
    views::{
        account::HomeFacts,
        users::{RosterOfficeView, UserRow},
    },
};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde_json::json;

pub fn to_row(u: UserRecord) -> UserRow {
    UserRow {
        id: u.id.to_string(),
        email: u.email,
        display_name: u.display_name,
        role: u.principal.role(),
        member_state: u.principal.member_state().map(ToString::to_string),
        active: u.active,
        created_on: u.created_at.format("%Y-%m-%d").to_string(),
        last_sign_in: u.last_sign_in_at.map(crate::views::time_text),
        second_factor: false,
    }
}

fn audit_view(u: &UserRecord) -> serde_json::Value {
    json!({
        "email": u.email,
        "display_name": u.display_name,
        "role": u.principal.role().as_str(),
        "member_state": u.principal.member_state().map(ToString::to_string),
        "active": u.active,
    })
}

pub async fn list(db: &DatabaseConnection) -> Result<Vec<UserRow>, AppError> {
    let enrolled = crate::server::repo::second_factors::enrolled_users(db).await?;
    Ok(users::list(db)
        .await?
        .into_iter()
        .map(|u| {
            let has = enrolled.contains(&u.id.0);
            UserRow {
                second_factor: has,
                ..to_row(u)
            }
        })
        .collect())
}

/// Removes another account's second factor, for someone who lost theirs: every session of that
/// account ends, and it enrols again at its next sign-in. Audited, with the reason.
pub async fn reset_second_factor(
    db: &DatabaseConnection,
    actor: &Actor,
    id: UserId,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 2000 {
        return Err(AppError::invalid(
            "reason",
            "say why the second factor is reset (1 to 2,000 characters)",
        ));
    }
    if id == actor.user_id {
        return Err(AppError::Conflict(
            "another member of the secretariat resets your own second factor".to_owned(),
        ));
    }
    users::find(db, id).await?.ok_or(AppError::NotFound)?;
    let txn = crate::server::tx::write(db).await?;
    let removed = crate::server::repo::second_factors::remove(&txn, id).await?;
    let ended = sessions::delete_for_user(&txn, id).await?;
    audit::append(
        &txn,
        AuditEntry::new(Some(actor.user_id), "user.second_factor_reset", "user", id)
            .before(json!({ "second_factor": removed }))
            .after(json!({ "second_factor": false, "sessions_ended": ended, "reason": reason })),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The raw form of a new account, as typed.
pub struct NewAccountInput {
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub member_state: Option<String>,
    pub password: String,
}

/// Parses every field and reports all problems at once, each under its own field.
async fn parse_new_account(
    db: &impl ConnectionTrait,
    input: &NewAccountInput,
) -> Result<(Email, DisplayName, Principal, NewPassword), AppError> {
    let mut errors = Vec::new();
    let mut push = |field: &str, message: String| {
        errors.push(FieldError {
            field: field.to_owned(),
            message,
        })
    };
    let email = Email::parse(&input.email)
        .map_err(|e| push("email", e.to_string()))
        .ok();
    let name = DisplayName::parse(&input.display_name)
        .map_err(|e| push("display_name", e.to_string()))
        .ok();
    let password = NewPassword::parse(&input.password)
        .map_err(|e| push("password", e.to_string()))
        .ok();
    let role = Role::parse(&input.role);
    if role.is_none() {
        push("role", "choose a role".to_owned());
    }
    let state_raw = input
        .member_state
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let state = match (role, state_raw) {
        (Some(Role::RosterManager), None) => {
            push(
                "member_state",
                "a roster manager belongs to a member state: choose one".to_owned(),
            );
            None
        }
        (Some(Role::RosterManager), Some(raw)) => match MemberStateCode::parse(raw) {
            Ok(code) => match countries::find(db, &code).await? {
                Some(c) if c.un_member => Some(code),
                Some(_) => {
                    push("member_state", format!("{code} is not a UN member state"));
                    None
                }
                None => {
                    push(
                        "member_state",
                        format!("{code} is not a known country code"),
                    );
                    None
                }
            },
            Err(e) => {
                push("member_state", e.to_string());
                None
            }
        },
        (Some(_), Some(_)) => {
            push(
                "member_state",
                "only a roster manager belongs to a member state".to_owned(),
            );
            None
        }
        _ => None,
    };
    if let Some(email) = &email
        && users::find_by_email(db, email).await?.is_some()
    {
        push(
            "email",
            "an account with this e-mail address already exists".to_owned(),
        );
    }
    let principal = role.and_then(|r| Principal::from_parts(r, state));
    match (email, name, principal, password) {
        (Some(e), Some(n), Some(p), Some(pw)) if errors.is_empty() => Ok((e, n, p, pw)),
        _ => Err(AppError::Invalid(errors)),
    }
}

/// Creates an account; `actor` is `None` only for the command-line bootstrap of the first admin.
pub async fn create_account(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    input: NewAccountInput,
    now: DateTime<Utc>,
) -> Result<UserRecord, AppError> {
    let (email, display_name, principal, password) = parse_new_account(db, &input).await?;
    let password_hash = password::hash(&password).await?;
    let actor_id = actor.map(|a| a.user_id);
    let created = crate::server::tx::in_write(db, |txn| {
        Box::pin(async move {
            let created = users::insert(
                txn,
                NewUser {
                    email,
                    display_name,
                    principal,
                    password_hash,
                },
                now,
            )
            .await?;
            let entry = AuditEntry::new(actor_id, "user.create", "user", created.id)
                .after(audit_view(&created));
            audit::append(txn, entry, now).await?;
            Ok(created)
        })
    })
    .await?;
    tracing::info!(user = %created.id, role = created.principal.role().as_str(), "account created");
    Ok(created)
}

pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    input: NewAccountInput,
    now: DateTime<Utc>,
) -> Result<UserRow, AppError> {
    create_account(db, Some(actor), input, now)
        .await
        .map(to_row)
}

/// Deactivating an account also ends all its sessions at once.
pub async fn set_active(
    db: &DatabaseConnection,
    actor: &Actor,
    id: UserId,
    active: bool,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if id == actor.user_id && !active {
        return Err(AppError::Conflict(
            "you cannot deactivate your own account".to_owned(),
        ));
    }
    let before = users::find(db, id).await?.ok_or(AppError::NotFound)?;
    let actor_id = actor.user_id;
    crate::server::tx::in_write(db, |txn| {
        Box::pin(async move {
            users::set_active(txn, id, active).await?;
            if !active {
                sessions::delete_for_user(txn, id).await?;
            }
            let after = UserRecord {
                active,
                ..before.clone()
            };
            let entry = AuditEntry::new(
                Some(actor_id),
                if active {
                    "user.reactivate"
                } else {
                    "user.deactivate"
                },
                "user",
                id,
            )
            .before(audit_view(&before))
            .after(audit_view(&after));
            audit::append(txn, entry, now).await
        })
    })
    .await?;
    Ok(())
}

pub async fn roster_office(
    db: &DatabaseConnection,
    state: &MemberStateCode,
) -> Result<RosterOfficeView, AppError> {
    let country = countries::find(db, state)
        .await?
        .ok_or(AppError::NotFound)?;
    let members = users::list_roster_office(db, state)
        .await?
        .into_iter()
        .map(to_row)
        .collect();
    Ok(RosterOfficeView {
        state: country.into(),
        members,
    })
}

pub async fn home_summary(db: &DatabaseConnection, actor: &Actor) -> Result<HomeFacts, AppError> {
    let all_countries = countries::all(db).await?;
    let member_states = all_countries.iter().filter(|c| c.un_member).count() as u64;
    let accounts_by_role = if gate::may(actor, &Action::ManageUsers) {
        let all = users::list(db).await?;
        Some(
            Role::ALL
                .iter()
                .map(|r| {
                    (
                        *r,
                        all.iter().filter(|u| u.principal.role() == *r).count() as u64,
                    )
                })
                .collect(),
        )
    } else {
        None
    };
    let (own_state, office_size) = match actor.principal.member_state() {
        Some(state) => {
            let country = all_countries.into_iter().find(|c| c.code == state.as_str());
            let size = users::list_roster_office(db, state).await?.len() as u64;
            (country, Some(size))
        }
        None => (None, None),
    };
    Ok(HomeFacts {
        accounts_by_role,
        member_states,
        own_state: own_state.map(Into::into),
        office_size,
    })
}
