//! The signed-in person as the interface knows them, and the sign-in and sign-out actions, shared by all pages.
use crate::{
    api::{
        auth::{Login, UserView, current_user},
        invitations::AcceptInvitation,
    },
    domain::{
        ids::UserId,
        member_state::MemberStateCode,
        permissions::{Actor, Principal},
    },
    error::AppError,
};
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct SessionContext {
    pub login: ServerAction<Login>,
    /// Accepting an invitation signs the new expert in, like signing in does.
    pub accept_invitation: ServerAction<AcceptInvitation>,
    /// Refetched after each sign-in; signing out reloads the whole page instead.
    pub user: Resource<Result<Option<UserView>, AppError>>,
}

pub fn provide_session() {
    let login = ServerAction::<Login>::new();
    let accept_invitation = ServerAction::<AcceptInvitation>::new();
    let user = Resource::new(
        move || (login.version().get(), accept_invitation.version().get()),
        |_| current_user(),
    );
    provide_context(SessionContext {
        login,
        accept_invitation,
        user,
    });
}

pub fn use_session() -> SessionContext {
    expect_context::<SessionContext>()
}

impl UserView {
    /// The same actor the server's permission gate sees, so pages can ask the same policy.
    pub fn actor(&self) -> Option<Actor> {
        let state = self
            .member_state
            .as_deref()
            .and_then(|s| MemberStateCode::parse(s).ok());
        Some(Actor {
            user_id: UserId::parse(&self.id)?,
            principal: Principal::from_parts(self.role, state)?,
        })
    }
}
