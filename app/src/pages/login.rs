//! The sign-in page.
use crate::{
    api::second_factor::sign_in_options,
    components::errors::{ErrorAlert, action_error},
    i18n::*,
    session::use_session,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let login = use_session().login;
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let error = action_error(login);
    let email_invalid = move || error.get().and_then(|e| e.field("email")).is_some();
    let show_password = RwSignal::new(false);
    let options = Resource::new(|| (), |_| sign_in_options());
    view! {
        <Title text=move || t_string!(i18n, login.title).to_string() />
        <section class="auth-card" aria-labelledby="login-title">
            <h1 id="login-title">{t!(i18n, login.title)}</h1>
            <p class="muted">{t!(i18n, login.intro)}</p>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    options.await.ok().filter(|o| !o.second_factor_required).map(|_| view! {
                        <p class="alert alert-warning" id="second-factor-off">{t!(i18n, mfa.off_on_this_server)}</p>
                    })
                })}
            </Transition>
            <ActionForm action=login attr:class="form" attr:novalidate=false>
                <input type="hidden" name="next" value=next />
                <ErrorAlert error=Signal::derive(move || error.get().filter(|e| e.field("email").is_none() && e.field("password").is_none())) />
                <div class="field">
                    <label for="email">{t!(i18n, login.email)}</label>
                    <input
                        id="email"
                        name="email"
                        type="email"
                        autocomplete="username"
                        required
                        autofocus
                        aria-invalid=move || email_invalid().to_string()
                        aria-describedby="email-error"
                    />
                    {move || email_invalid().then(|| view! { <p class="field-error" id="email-error">{t!(i18n, login.email_invalid)}</p> })}
                </div>
                <div class="field">
                    <label for="password">{t!(i18n, login.password)}</label>
                    <div class="password-row">
                        <input
                            id="password"
                            name="password"
                            type=move || if show_password.get() { "text" } else { "password" }
                            autocomplete="current-password"
                            required
                        />
                        <button
                            type="button"
                            class="button-quiet"
                            aria-controls="password"
                            aria-pressed=move || show_password.get().to_string()
                            on:click=move |_| show_password.update(|s| *s = !*s)
                        >
                            {move || if show_password.get() { t_string!(i18n, login.hide_password).to_string() } else { t_string!(i18n, login.show_password).to_string() }}
                        </button>
                    </div>
                </div>
                <button type="submit" class="button-primary">{t!(i18n, login.submit)}</button>
            </ActionForm>
        </section>
    }
}
