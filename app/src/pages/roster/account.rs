//! On an expert's record: inviting them to the portal (the link goes to the expert only), the
//! secretariat's reveal and reset of their account, likely duplicate nominations, and the
//! languages they declared in the portal that wait for the secretariat's verification.
use crate::views::roster::ExpertView;
use crate::{
    api::{
        invitations::{InviteExpert, ResetExpertAccount, RevealInvitation},
        vetting::{DecideLanguageClaim, DismissDuplicate},
    },
    components::{
        errors::{ErrorAlert, FieldMessage, action_error},
        forms::cleared_on_success,
    },
    i18n::*,
};
use leptos::prelude::*;

/// The actions of the account and duplicate panels, made by the page so the record reloads
/// after each of them.
#[derive(Clone, Copy)]
pub struct AccountActions {
    pub invite: ServerAction<InviteExpert>,
    pub reveal: ServerAction<RevealInvitation>,
    pub reset: ServerAction<ResetExpertAccount>,
    pub dismiss: ServerAction<DismissDuplicate>,
}

impl AccountActions {
    pub fn new() -> Self {
        Self {
            invite: ServerAction::new(),
            reveal: ServerAction::new(),
            reset: ServerAction::new(),
            dismiss: ServerAction::new(),
        }
    }

    /// Changes whenever one of them has run.
    pub fn version(&self) -> usize {
        self.invite.version().get()
            + self.reveal.version().get()
            + self.reset.version().get()
            + self.dismiss.version().get()
    }
}

impl Default for AccountActions {
    fn default() -> Self {
        Self::new()
    }
}

#[component]
pub fn AccountPanel(x: ExpertView, actions: AccountActions) -> impl IntoView {
    let i18n = use_i18n();
    let AccountActions {
        invite,
        reveal,
        reset,
        ..
    } = actions;
    let invite_error = action_error(invite);
    let reveal_error = action_error(reveal);
    let reset_error = action_error(reset);
    let reset_form = cleared_on_success(reset);
    let sent = move || {
        invite
            .value()
            .get()
            .and_then(Result::ok)
            .or_else(|| reset.value().get().and_then(Result::ok))
    };
    let shown =
        (x.can_invite || x.has_account || x.invitation_pending_until.is_some()).then_some(());
    let id = x.id.clone();
    shown.map(|()| view! {
        <section class="page card" aria-labelledby="account-title">
            <h2 id="account-title">{t!(i18n, portal.account)}</h2>
            <ErrorAlert error=invite_error />
            <ErrorAlert error=reveal_error />
            <ErrorAlert error=reset_error />
            {move || sent().map(|v| view! {
                <p class="alert alert-ok" role="status">
                    {if v.by_mail {
                        t_string!(i18n, portal.invitation_sent, email = v.email.clone(), until = v.expires_at.clone()).to_string()
                    } else {
                        t_string!(i18n, portal.invitation_queued, email = v.email.clone(), until = v.expires_at.clone()).to_string()
                    }}
                </p>
            })}
            {if x.has_account {
                view! { <p>{t!(i18n, portal.has_account)}</p> }.into_any()
            } else {
                view! { <p class="muted">{t!(i18n, portal.invite_hint)}</p> }.into_any()
            }}
            {x.invitation_pending_until.clone().map(|until| view! {
                <p>{t!(i18n, portal.invitation_pending, until = until)}</p>
            })}
            {x.can_invite.then(|| {
                let id = id.clone();
                view! {
                    <ActionForm action=invite attr:class="inline-form">
                        <input type="hidden" name="id" value=id />
                        <button type="submit" class="button-primary">{t!(i18n, portal.invite)}</button>
                    </ActionForm>
                }
            })}
            {x.can_reveal_invitation.then(|| {
                let id = id.clone();
                view! {
                    <div class="reveal">
                        <p class="muted">{t!(i18n, portal.reveal_hint)}</p>
                        <ActionForm action=reveal attr:class="inline-form">
                            <input type="hidden" name="id" value=id />
                            <button type="submit" class="button-secondary">{t!(i18n, portal.reveal)}</button>
                        </ActionForm>
                        {move || reveal.value().get().and_then(Result::ok).map(|v| view! {
                            <div class="alert alert-ok" role="status">
                                <p><label for="invite-link">{t!(i18n, portal.invite_link)}</label></p>
                                <input id="invite-link" class="invite-link" type="text" readonly value=v.link.clone() size="60" />
                                <p class="muted">{t!(i18n, portal.revealed_for, email = v.email.clone(), until = v.expires_at.clone())}</p>
                            </div>
                        })}
                    </div>
                }
            })}
            {x.can_reset_account.then(|| {
                let id = id.clone();
                view! {
                    <details class="reset">
                        <summary>{t!(i18n, portal.reset_title)}</summary>
                        <p class="muted">{t!(i18n, portal.reset_hint)}</p>
                        <ActionForm action=reset node_ref=reset_form attr:class="form-grid" attr:autocomplete="off">
                            <input type="hidden" name="id" value=id />
                            <div class="field field-wide">
                                <label for="reset-reason">{t!(i18n, roster.reason)}</label>
                                <textarea id="reset-reason" name="reason" rows="2" required maxlength="2000" aria-describedby="reason-error"></textarea>
                                <FieldMessage error=reset_error field="reason" />
                            </div>
                            <button type="submit" class="button-danger">{t!(i18n, portal.reset)}</button>
                        </ActionForm>
                    </details>
                }
            })}
        </section>
    })
}

/// Other states' records that probably name the same person: only the secretariat sees them, and
/// decides — withdraw one record through the decision form, or record that they differ.
#[component]
pub fn DuplicatesPanel(x: ExpertView, dismiss: ServerAction<DismissDuplicate>) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(dismiss);
    let id = x.id.clone();
    (!x.duplicates.is_empty()).then(|| view! {
        <section class="page card card-warning" aria-labelledby="duplicates-title">
            <h2 id="duplicates-title">{t!(i18n, vetting.duplicates_title)}</h2>
            <p class="muted">{t!(i18n, vetting.duplicates_hint)}</p>
            <ErrorAlert error />
            <ul class="plain-list">
                {x.duplicates.into_iter().map(|d| {
                    let this = id.clone();
                    let reasons = d.reasons.iter().map(|r| duplicate_reason(i18n, r)).collect::<Vec<_>>().join(", ");
                    let field = format!("dismiss-{}", d.id);
                    view! {
                        <li>
                            <a href=format!("/roster/{}", d.id)>{d.name.clone()}</a>
                            {format!(" · {} · {}", d.member_state, reasons)}
                            <ActionForm action=dismiss attr:class="inline-form" attr:autocomplete="off">
                                <input type="hidden" name="id" value=this />
                                <input type="hidden" name="other" value=d.id.clone() />
                                <label for=field.clone()>{t!(i18n, vetting.different_people_reason)}</label>
                                <input id=field type="text" name="reason" required maxlength="2000" />
                                <button type="submit" class="button-secondary">{t!(i18n, vetting.different_people)}</button>
                            </ActionForm>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    })
}

/// Words for a duplicate reason slug.
pub fn duplicate_reason(i18n: leptos_i18n::I18nContext<Locale>, slug: &str) -> String {
    match slug {
        "same_email" => t_string!(i18n, vetting.same_email).to_string(),
        "same_name_and_birth_date" => t_string!(i18n, vetting.same_name_and_birth_date).to_string(),
        other => other.to_owned(),
    }
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
