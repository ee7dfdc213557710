//! The signed-in person as the interface knows them, and the sign-in and sign-out actions, shared by all pages.
use crate::views::auth::UserView;
use crate::{
    api::{
        auth::{Login, current_user},
        invitations::AcceptInvitation,
        second_factor::{ConfirmEnrolment, KeepRecoveryCodes, VerifySecondFactor},
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
    /// The second step of signing in, and setting up a second factor (which finishes a sign-in
    /// that was waiting for it): both change who is signed in.
    pub verify_code: ServerAction<VerifySecondFactor>,
    pub confirm_enrolment: ServerAction<ConfirmEnrolment>,
    pub keep_recovery_codes: ServerAction<KeepRecoveryCodes>,
    /// Refetched after each sign-in; signing out reloads the whole page instead.
    pub user: Resource<Result<Option<UserView>, AppError>>,
}

pub fn provide_session() {
    let login = ServerAction::<Login>::new();
    let accept_invitation = ServerAction::<AcceptInvitation>::new();
    let verify_code = ServerAction::<VerifySecondFactor>::new();
    let confirm_enrolment = ServerAction::<ConfirmEnrolment>::new();
    let keep_recovery_codes = ServerAction::<KeepRecoveryCodes>::new();
    let user = Resource::new(
        move || {
            (
                login.version().get(),
                accept_invitation.version().get(),
                verify_code.version().get(),
                confirm_enrolment.version().get(),
                keep_recovery_codes.version().get(),
            )
        },
        |_| current_user(),
    );
    provide_context(SessionContext {
        login,
        accept_invitation,
        verify_code,
        confirm_enrolment,
        keep_recovery_codes,
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
