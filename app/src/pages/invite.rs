//! The invitation link's page: the expert sets a password and enters their portal.
use crate::{
    api::invitations::invitation_greeting,
    components::errors::{ErrorAlert, FieldMessage, action_error},
    i18n::*,
    session::use_session,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn InvitePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let accept = use_session().accept_invitation;
    let error = action_error(accept);
    let greeting = Resource::new(token, invitation_greeting);
    let general = Signal::derive(move || {
        error
            .get()
            .filter(|e| e.field("password").is_none() && e.field("confirm").is_none())
    });
    view! {
        <Title text=move || t_string!(i18n, portal.invite_title).to_string() />
        <section class="auth-card" aria-labelledby="invite-title">
            <h1 id="invite-title">{t!(i18n, portal.invite_title)}</h1>
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, shell.loading)}</p> }>
                {move || Suspend::new(async move {
                    match greeting.await {
                        Err(e) => view! {
                            <ErrorAlert error=Signal::derive(move || Some(e.clone())) />
                            <p><a href="/login">{t!(i18n, login.title)}</a></p>
                        }.into_any(),
                        Ok(g) => view! {
                            <p>{t!(i18n, portal.invite_intro, name = g.name.clone(), email = g.email.clone())}</p>
                            <ActionForm action=accept attr:class="form">
                                <input type="hidden" name="token" value=token />
                                <ErrorAlert error=general />
                                <div class="field">
                                    <label for="password">{t!(i18n, portal.new_password)}</label>
                                    <input id="password" name="password" type="password" autocomplete="new-password" required minlength="12" aria-describedby="password-hint password-error" />
                                    <p class="hint" id="password-hint">{t!(i18n, portal.password_hint)}</p>
                                    <FieldMessage error field="password" />
                                </div>
                                <div class="field">
                                    <label for="confirm">{t!(i18n, portal.confirm_password)}</label>
                                    <input id="confirm" name="confirm" type="password" autocomplete="new-password" required aria-describedby="confirm-error" />
                                    <FieldMessage error field="confirm" />
                                </div>
                                <button type="submit" class="button-primary">{t!(i18n, portal.create_account)}</button>
                            </ActionForm>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
