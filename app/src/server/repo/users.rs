//! Queries on accounts.
use crate::{
    domain::{
        account::{DisplayName, Email},
        ids::UserId,
        member_state::MemberStateCode,
        permissions::{Principal, Role},
    },
    error::AppError,
    server::{entities::user, errors::internal},
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, prelude::*,
};

#[derive(Debug, Clone)]
pub struct UserRecord {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub principal: Principal,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub last_sign_in_at: Option<DateTime<Utc>>,
}

pub struct NewUser {
    pub email: Email,
    pub display_name: DisplayName,
    pub principal: Principal,
    pub password_hash: String,
}

pub fn role_to_column(role: Role) -> user::RoleColumn {
    match role {
        Role::Secretariat => user::RoleColumn::Secretariat,
        Role::RosterManager => user::RoleColumn::RosterManager,
        Role::MissionPlanner => user::RoleColumn::MissionPlanner,
        Role::Expert => user::RoleColumn::Expert,
    }
}

fn column_to_role(col: user::RoleColumn) -> Role {
    match col {
        user::RoleColumn::Secretariat => Role::Secretariat,
        user::RoleColumn::RosterManager => Role::RosterManager,
        user::RoleColumn::MissionPlanner => Role::MissionPlanner,
        user::RoleColumn::Expert => Role::Expert,
    }
}

pub fn to_record(m: user::Model) -> Result<UserRecord, AppError> {
    let state = m
        .member_state
        .as_deref()
        .map(MemberStateCode::parse)
        .transpose()
        .map_err(|e| internal("stored state code", e))?;
    let principal = Principal::from_parts(column_to_role(m.role), state).ok_or_else(|| {
        internal(
            "stored account",
            format!("user {} has an impossible role/state pair", m.id),
        )
    })?;
    Ok(UserRecord {
        id: UserId(m.id),
        email: m.email,
        display_name: m.display_name,
        principal,
        active: m.active,
        created_at: m.created_at,
        last_sign_in_at: m.last_sign_in_at,
    })
}

pub async fn find_by_email(
    db: &impl ConnectionTrait,
    email: &Email,
) -> Result<Option<user::Model>, AppError> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(db)
        .await?)
}

pub async fn find(db: &impl ConnectionTrait, id: UserId) -> Result<Option<UserRecord>, AppError> {
    user::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .map(to_record)
        .transpose()
}

pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<UserRecord>, AppError> {
    let rows = user::Entity::find()
        .order_by_asc(user::Column::Role)
        .order_by_asc(user::Column::Email)
        .all(db)
        .await?;
    rows.into_iter().map(to_record).collect()
}

pub async fn list_roster_office(
    db: &impl ConnectionTrait,
    state: &MemberStateCode,
) -> Result<Vec<UserRecord>, AppError> {
    let rows = user::Entity::find()
        .filter(user::Column::Role.eq(user::RoleColumn::RosterManager))
        .filter(user::Column::MemberState.eq(state.as_str()))
        .order_by_asc(user::Column::Email)
        .all(db)
        .await?;
    rows.into_iter().map(to_record).collect()
}

pub async fn insert(
    db: &impl ConnectionTrait,
    new: NewUser,
    now: DateTime<Utc>,
) -> Result<UserRecord, AppError> {
    let model = user::ActiveModel {
        id: Set(Uuid::new_v4()),
        email: Set(new.email.as_str().to_owned()),
        display_name: Set(new.display_name.as_str().to_owned()),
        password_hash: Set(new.password_hash),
        role: Set(role_to_column(new.principal.role())),
        member_state: Set(new.principal.member_state().map(|s| s.as_str().to_owned())),
        active: Set(true),
        created_at: Set(now),
        last_sign_in_at: Set(None),
    };
    let inserted = user::Entity::insert(model)
        .exec_with_returning(db)
        .await
        .map_err(|e| match e.sql_err() {
            // Two administrators creating the same address at once: the unique index decides.
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => AppError::invalid(
                "email",
                "an account with this e-mail address already exists",
            ),
            _ => AppError::from(e),
        })?;
    to_record(inserted)
}

pub async fn set_active(
    db: &impl ConnectionTrait,
    id: UserId,
    active: bool,
) -> Result<(), AppError> {
    user::Entity::update_many()
        .col_expr(user::Column::Active, Expr::value(active))
        .filter(user::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn set_password_hash(
    db: &impl ConnectionTrait,
    id: UserId,
    hash: String,
) -> Result<(), AppError> {
    user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, Expr::value(hash))
        .filter(user::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

/// Changes an account's sign-in address; the caller has made sure no other account holds it.
pub async fn set_email(
    db: &impl ConnectionTrait,
    id: UserId,
    email: &crate::domain::account::Email,
) -> Result<(), AppError> {
    user::Entity::update_many()
        .col_expr(user::Column::Email, Expr::value(email.as_str().to_owned()))
        .filter(user::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn touch_sign_in(
    db: &impl ConnectionTrait,
    id: UserId,
    at: DateTime<Utc>,
) -> Result<(), AppError> {
    user::Entity::update_many()
        .col_expr(user::Column::LastSignInAt, Expr::value(at))
        .filter(user::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn count(db: &impl ConnectionTrait) -> Result<u64, AppError> {
    Ok(user::Entity::find().count(db).await?)
}
