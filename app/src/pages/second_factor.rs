//! The second factor's pages: the code after the password (`/login/code`), setting a factor up
//! with its QR code (`/login/enrol`), the recovery codes shown once (`/login/recovery-codes`), and
//! the person's own account (`/account`). Every form is a plain post before the script loads.
use crate::{
    api::second_factor::{enrolment, recovery_codes, second_factor_status},
    components::{
        errors::{ErrorAlert, FieldMessage, action_error},
        guard::Guarded,
    },
    i18n::*,
    session::use_session,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Where to go once signed in, as the sign-in page passed it on.
fn next_param() -> impl Fn() -> String + Copy {
    let query = use_query_map();
    move || query.read().get("next").unwrap_or_default()
}

#[component]
pub fn LoginCodePage() -> impl IntoView {
    let i18n = use_i18n();
    let verify = use_session().verify_code;
    let error = action_error(verify);
    let next = next_param();
    view! {
        <Title text=move || t_string!(i18n, mfa.code_title).to_string() />
        <section class="auth-card" aria-labelledby="code-title">
            <h1 id="code-title">{t!(i18n, mfa.code_title)}</h1>
            <p class="muted">{t!(i18n, mfa.code_intro)}</p>
            <ActionForm action=verify attr:class="form" attr:autocomplete="off">
                <input type="hidden" name="next" value=next />
                <ErrorAlert error=Signal::derive(move || error.get().filter(|e| e.field("code").is_none())) />
                <div class="field">
                    <label for="code">{t!(i18n, mfa.code)}</label>
                    <input id="code" name="code" type="text" required autofocus
                        autocomplete="one-time-code" inputmode="text" maxlength="20"
                        aria-describedby="code-hint code-error" />
                    <p class="hint" id="code-hint">{t!(i18n, mfa.code_hint)}</p>
                    <FieldMessage error field="code" />
                </div>
                <button type="submit" class="button-primary">{t!(i18n, mfa.verify)}</button>
            </ActionForm>
            <form class="inline-form" method="post" action="/api/logout">
                <button type="submit" class="button-quiet">{t!(i18n, mfa.start_again)}</button>
            </form>
        </section>
    }
}

#[component]
pub fn EnrolPage() -> impl IntoView {
    let i18n = use_i18n();
    let confirm = use_session().confirm_enrolment;
    let error = action_error(confirm);
    let next = next_param();
    // Made once per page: the server hands the same pending secret back for a few minutes.
    let data = Resource::new(|| (), |_| enrolment());
    view! {
        <Title text=move || t_string!(i18n, mfa.enrol_title).to_string() />
        <section class="page narrow" aria-labelledby="enrol-title">
            <h1 id="enrol-title">{t!(i18n, mfa.enrol_title)}</h1>
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, shell.loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorAlert error=Signal::derive(move || Some(e.clone())) /> }.into_any(),
                        Ok(e) => view! {
                            <p>{if e.signing_in { t!(i18n, mfa.enrol_required).into_any() } else { t!(i18n, mfa.enrol_intro).into_any() }}</p>
                            <ol class="steps">
                                <li>{t!(i18n, mfa.enrol_step_app)}</li>
                                <li>
                                    {t!(i18n, mfa.enrol_step_scan)}
                                    <figure class="qr" role="img" aria-label=move || t_string!(i18n, mfa.qr_label).to_string()>
                                        <div inner_html=e.qr_svg.clone()></div>
                                    </figure>
                                    <p>{t!(i18n, mfa.enrol_step_type)}</p>
                                    <p><code class="secret" id="mfa-secret">{e.secret.clone()}</code></p>
                                    <p class="muted">{t!(i18n, mfa.account_shown, account = e.account.clone())}</p>
                                </li>
                                <li>
                                    {t!(i18n, mfa.enrol_step_confirm)}
                                    <ActionForm action=confirm attr:class="form" attr:autocomplete="off">
                                        <input type="hidden" name="next" value=next />
                                        <ErrorAlert error=Signal::derive(move || error.get().filter(|e| e.field("code").is_none())) />
                                        <div class="field">
                                            <label for="enrol-code">{t!(i18n, mfa.code_from_app)}</label>
                                            <input id="enrol-code" name="code" type="text" required
                                                autocomplete="one-time-code" inputmode="numeric" maxlength="8"
                                                aria-describedby="code-error" />
                                            <FieldMessage error field="code" />
                                        </div>
                                        <button type="submit" class="button-primary">{t!(i18n, mfa.confirm)}</button>
                                    </ActionForm>
                                </li>
                            </ol>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// A `data:` link that saves the codes as a text file: they never leave the page for the server.
fn download_href(codes: &[String]) -> String {
    let text = format!(
        "Blue Suits recovery codes\nEach works once, in place of a code from your app.\n\n{}\n",
        codes.join("\n")
    );
    format!(
        "data:text/plain;charset=utf-8,{}",
        percent_encoding::utf8_percent_encode(&text, percent_encoding::NON_ALPHANUMERIC)
    )
}

#[component]
pub fn RecoveryCodesPage() -> impl IntoView {
    let i18n = use_i18n();
    let keep = use_session().keep_recovery_codes;
    let next = next_param();
    let codes = Resource::new(|| (), |_| recovery_codes());
    view! {
        <Title text=move || t_string!(i18n, mfa.codes_title).to_string() />
        <section class="page narrow" aria-labelledby="codes-title">
            <h1 id="codes-title">{t!(i18n, mfa.codes_title)}</h1>
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, shell.loading)}</p> }>
                {move || Suspend::new(async move {
                    match codes.await {
                        Err(e) => view! { <ErrorAlert error=Signal::derive(move || Some(e.clone())) /> }.into_any(),
                        Ok(list) if list.is_empty() => view! {
                            <p>{t!(i18n, mfa.codes_gone)}</p>
                            <p><a href="/account">{t!(i18n, mfa.account_title)}</a></p>
                        }.into_any(),
                        Ok(list) => {
                            let href = download_href(&list);
                            view! {
                                <p class="alert alert-warning">{t!(i18n, mfa.codes_intro)}</p>
                                <ol class="recovery-codes" id="recovery-codes">
                                    {list.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
                                </ol>
                                <p><a class="button-secondary" href=href download="blue-suits-recovery-codes.txt">{t!(i18n, mfa.download)}</a></p>
                                <ActionForm action=keep>
                                    <input type="hidden" name="next" value=next />
                                    <button type="submit" class="button-primary">{t!(i18n, mfa.kept)}</button>
                                </ActionForm>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let status = Resource::new(|| (), |_| second_factor_status());
    view! {
        <Title text=move || t_string!(i18n, mfa.account_title).to_string() />
        <Guarded>
            <section class="page narrow" aria-labelledby="account-title">
                <h1 id="account-title">{t!(i18n, mfa.account_title)}</h1>
                <section class="card" aria-labelledby="mfa-title">
                    <h2 id="mfa-title">{t!(i18n, mfa.second_factor)}</h2>
                    <Transition fallback=move || view! { <p class="muted">{t!(i18n, shell.loading)}</p> }>
                        {move || Suspend::new(async move {
                            match status.await {
                                Err(e) => view! { <ErrorAlert error=Signal::derive(move || Some(e.clone())) /> }.into_any(),
                                Ok(s) if s.enrolled => view! {
                                    <p><span class="badge badge-ok">{t!(i18n, mfa.on)}</span></p>
                                    <p>{t!(i18n, mfa.codes_left, count = s.recovery_codes_left)}</p>
                                    <p class="muted">{t!(i18n, mfa.lost_phone)}</p>
                                }.into_any(),
                                Ok(s) => view! {
                                    <p><span class="badge badge-muted">{t!(i18n, mfa.off)}</span></p>
                                    <p>{if s.required { t!(i18n, mfa.required_hint).into_any() } else { t!(i18n, mfa.optional_hint).into_any() }}</p>
                                    <p><a class="button-primary" href="/login/enrol?next=%2Faccount">{t!(i18n, mfa.set_up)}</a></p>
                                }.into_any(),
                            }
                        })}
                    </Transition>
                </section>
            </section>
        </Guarded>
    }
}
