//! On an expert's record: inviting them to the portal, and the languages they declared there that
//! wait for the secretariat's verification.
use crate::{
    api::{invitations::InviteExpert, roster::ExpertView, vetting::DecideLanguageClaim},
    components::errors::{ErrorAlert, action_error},
    i18n::*,
};
use leptos::prelude::*;

#[component]
pub fn AccountPanel(x: ExpertView) -> impl IntoView {
    let i18n = use_i18n();
    let invite = ServerAction::<InviteExpert>::new();
    let error = action_error(invite);
    let invited = move || invite.value().get().and_then(Result::ok);
    (x.can_invite || x.has_account).then(|| view! {
        <section class="page card" aria-labelledby="account-title">
            <h2 id="account-title">{t!(i18n, portal.account)}</h2>
            {if x.has_account {
                view! { <p>{t!(i18n, portal.has_account)}</p> }.into_any()
            } else {
                let id = x.id.clone();
                view! {
                    <p class="muted">{t!(i18n, portal.invite_hint)}</p>
                    <ErrorAlert error />
                    {move || invited().map(|v| view! {
                        <div class="alert alert-ok" role="status">
                            <p>{t!(i18n, portal.invited, email = v.email.clone(), until = v.expires_at.clone())}</p>
                            <p><label for="invite-link">{t!(i18n, portal.invite_link)}</label></p>
                            <input id="invite-link" class="invite-link" type="text" readonly value=v.link.clone() size="60" />
                        </div>
                    })}
                    <ActionForm action=invite>
                        <input type="hidden" name="id" value=id />
                        <button type="submit" class="button-primary">{t!(i18n, portal.invite)}</button>
                    </ActionForm>
                }.into_any()
            }}
        </section>
    })
}

#[component]
pub fn ClaimsPanel(x: ExpertView, decide: ServerAction<DecideLanguageClaim>) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(decide);
    (!x.language_claims.is_empty()).then(|| view! {
        <section class="page card" aria-labelledby="claims-title">
            <h2 id="claims-title">{t!(i18n, portal.claims_title)}</h2>
            <ErrorAlert error />
            <ul class="plain-list">
                {x.language_claims.into_iter().map(|c| {
                    let id = c.id.clone();
                    let id2 = c.id.clone();
                    view! {
                        <li>
                            {format!("{} ({}) → {} · {} ", c.language_name, c.language, c.level, c.claimed_at)}
                            <ActionForm action=decide attr:class="inline-form">
                                <input type="hidden" name="id" value=id2 />
                                <input type="hidden" name="decision" value="verify" />
                                <button type="submit" class="button-primary">{t!(i18n, portal.verify)}</button>
                            </ActionForm>
                            <ActionForm action=decide attr:class="inline-form">
                                <input type="hidden" name="id" value=id />
                                <input type="hidden" name="decision" value="refuse" />
                                <button type="submit" class="button-secondary">{t!(i18n, portal.refuse)}</button>
                            </ActionForm>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    })
}
