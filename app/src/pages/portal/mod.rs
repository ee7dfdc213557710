//! The expert's portal (`/me`): availability with its calendar, "still correct", contact details,
//! languages and the download of everything held on them; offers and messages have their own pages.
use crate::views::portal::PortalView;
pub mod calendar;
pub mod messages;
pub mod offers;
pub mod profile;

use crate::components::shell::PageLoad;
use crate::{
    api::portal::{
        AddWindow, ClaimLanguage, ConfirmAvailability, RemoveWindow, SaveAvailability, SaveContact,
        my_portal,
    },
    components::{
        errors::{ErrorAlert, FieldMessage, action_error},
        guard::Guarded,
    },
    i18n::*,
};
use calendar::AvailabilityCalendar;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;

#[component]
pub fn MePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, portal.title).to_string() />
        <Guarded>
            <MeContent />
        </Guarded>
    }
}

/// The forms of the portal; every one redirects back here, so the view is read again after each.
#[derive(Clone, Copy)]
struct Forms {
    confirm: ServerAction<ConfirmAvailability>,
    add: ServerAction<AddWindow>,
    remove: ServerAction<RemoveWindow>,
    settings: ServerAction<SaveAvailability>,
    contact: ServerAction<SaveContact>,
    claim: ServerAction<ClaimLanguage>,
}

#[component]
fn MeContent() -> impl IntoView {
    let i18n = use_i18n();
    let forms = Forms {
        confirm: ServerAction::new(),
        add: ServerAction::new(),
        remove: ServerAction::new(),
        settings: ServerAction::new(),
        contact: ServerAction::new(),
        claim: ServerAction::new(),
    };
    let portal = Resource::new(
        move || {
            (
                forms.confirm.version().get(),
                forms.add.version().get(),
                forms.remove.version().get(),
                forms.settings.version().get(),
                forms.contact.version().get(),
                forms.claim.version().get(),
            )
        },
        |_| my_portal(),
    );
    view! {
        <PageLoad resource=portal title=move || t!(i18n, portal.title)
            ok=move |p| view! { <Portal p forms /> } />
    }
}

fn month_names(i18n: I18nContext<Locale>) -> Vec<String> {
    t_string!(i18n, portal.months)
        .split(',')
        .map(|s| s.trim().to_owned())
        .collect()
}

fn day_names(i18n: I18nContext<Locale>) -> Vec<String> {
    t_string!(i18n, portal.weekdays)
        .split(',')
        .map(|s| s.trim().to_owned())
        .collect()
}

fn kind_label(i18n: I18nContext<Locale>, kind: &str) -> String {
    if kind == "available" {
        t_string!(i18n, portal.available).to_string()
    } else {
        t_string!(i18n, portal.unavailable).to_string()
    }
}

fn decision_label(i18n: I18nContext<Locale>, decision: &str) -> String {
    match decision {
        "verified" => t_string!(i18n, portal.claim_verified).to_string(),
        "refused" => t_string!(i18n, portal.claim_refused).to_string(),
        _ => t_string!(i18n, portal.claim_pending).to_string(),
    }
}

#[component]
fn Portal(p: PortalView, forms: Forms) -> impl IntoView {
    let i18n = use_i18n();
    let confirm_error = action_error(forms.confirm);
    let add_error = action_error(forms.add);
    let remove_error = action_error(forms.remove);
    let settings_error = action_error(forms.settings);
    let contact_error = action_error(forms.contact);
    let claim_error = action_error(forms.claim);
    let confirmed_line = match (&p.last_confirmed_on, p.stale) {
        (Some(on), false) => t_string!(i18n, portal.confirmed_on, on = on.clone()).to_string(),
        (Some(on), true) => t_string!(i18n, portal.stale_since, on = on.clone()).to_string(),
        (None, _) => t_string!(i18n, portal.never_confirmed).to_string(),
    };
    let windows = p.windows.clone();
    let current: Vec<_> = p.windows.iter().filter(|w| !w.past).cloned().collect();
    view! {
        <section class="page" aria-labelledby="portal-title">
            <h1 id="portal-title">{t!(i18n, portal.title)}</h1>
            <p class="muted">{p.name.clone()}</p>
            <nav class="subnav" aria-label=move || t_string!(i18n, portal.sections).to_string()>
                <a href="/me/offers">{t!(i18n, portal.my_offers)}</a>
                <a href="/me/messages">{t!(i18n, portal.my_messages)}</a>
                <a href="/me/profile">{t!(i18n, portal.my_profile)}</a>
                <a href="/me/data.json" download>{t!(i18n, portal.download_json)}</a>
                <a href="/me/data.csv" download>{t!(i18n, portal.download_csv)}</a>
            </nav>

            <section class="card" aria-labelledby="confirm-title">
                <h2 id="confirm-title">{t!(i18n, portal.availability)}</h2>
                <p class=if p.stale { "alert alert-warning" } else { "muted" } role="status">{confirmed_line}</p>
                <ErrorAlert error=confirm_error />
                <ActionForm action=forms.confirm>
                    <button type="submit" class="button-primary">{t!(i18n, portal.still_correct)}</button>
                </ActionForm>
                <AvailabilityCalendar
                    today=p.today.clone()
                    windows=windows
                    month_names=month_names(i18n)
                    day_names=day_names(i18n)
                    available=t_string!(i18n, portal.available).to_string()
                    unavailable=t_string!(i18n, portal.unavailable).to_string()
                />
                <p class="legend"><span class="swatch day-available"></span>{t!(i18n, portal.available)}" "<span class="swatch day-unavailable"></span>{t!(i18n, portal.unavailable)}</p>
            </section>

            <section class="card" aria-labelledby="windows-title">
                <h2 id="windows-title">{t!(i18n, portal.windows)}</h2>
                <ErrorAlert error=remove_error />
                {if current.is_empty() {
                    view! { <p class="empty">{t!(i18n, portal.no_windows)}</p> }.into_any()
                } else {
                    view! {
                        <table class="data-table" id="windows">
                            <caption class="visually-hidden">{t!(i18n, portal.windows)}</caption>
                            <thead><tr>
                                <th scope="col">{t!(i18n, portal.kind)}</th>
                                <th scope="col">{t!(i18n, portal.from)}</th>
                                <th scope="col">{t!(i18n, portal.to)}</th>
                                <th scope="col"><span class="visually-hidden">{t!(i18n, portal.actions)}</span></th>
                            </tr></thead>
                            <tbody>
                                {current.into_iter().map(|w| view! {
                                    <tr>
                                        <td>
                                            {kind_label(i18n, &w.kind)}
                                            {w.from_nomination.then(|| view! { <span class="muted">" · "{t!(i18n, portal.from_nomination)}</span> })}
                                        </td>
                                        <td>{w.from.clone()}</td>
                                        <td>{if w.open_ended { t_string!(i18n, portal.open_ended).to_string() } else { w.to.clone() }}</td>
                                        <td>
                                            <ActionForm action=forms.remove attr:class="inline-form">
                                                <input type="hidden" name="id" value=w.id.clone() />
                                                <button type="submit" class="button-quiet">{t!(i18n, portal.remove)}<span class="visually-hidden">{format!(" {} – {}", w.from, w.to)}</span></button>
                                            </ActionForm>
                                        </td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }}
                <h3>{t!(i18n, portal.add_window)}</h3>
                <ActionForm action=forms.add attr:class="form-grid">
                    <ErrorAlert error=Signal::derive(move || add_error.get().filter(|e| e.field("kind").is_none() && e.field("from").is_none() && e.field("to").is_none())) />
                    <div class="field">
                        <label for="window-kind">{t!(i18n, portal.kind)}</label>
                        <select id="window-kind" name="kind">
                            <option value="available">{t!(i18n, portal.available)}</option>
                            <option value="unavailable">{t!(i18n, portal.unavailable)}</option>
                        </select>
                        <FieldMessage error=add_error field="kind" />
                    </div>
                    <div class="field">
                        <label for="from">{t!(i18n, portal.from)}</label>
                        <input id="from" name="from" type="date" required min=p.today.clone() aria-describedby="from-error" />
                        <FieldMessage error=add_error field="from" />
                    </div>
                    <div class="field">
                        <label for="to">{t!(i18n, portal.to)}</label>
                        <input id="to" name="to" type="date" required min=p.today.clone() aria-describedby="to-error" />
                        <FieldMessage error=add_error field="to" />
                    </div>
                    <button type="submit" class="button-primary">{t!(i18n, portal.add)}</button>
                </ActionForm>
            </section>

            <section class="card" aria-labelledby="settings-title">
                <h2 id="settings-title">{t!(i18n, portal.settings)}</h2>
                <ActionForm action=forms.settings attr:class="form-grid">
                    <ErrorAlert error=settings_error />
                    <div class="field">
                        <label for="notice_days">{t!(i18n, portal.notice_days)}</label>
                        <input id="notice_days" name="notice_days" type="number" min="0" max="365" required value=p.notice_days.clone() aria-describedby="notice_days-error" />
                        <FieldMessage error=settings_error field="notice_days" />
                    </div>
                    <div class="field">
                        <label for="longest_deployment_days">{t!(i18n, portal.longest)}</label>
                        <input id="longest_deployment_days" name="longest_deployment_days" type="number" min="14" max="730" value=p.longest_deployment_days.clone() aria-describedby="longest-hint longest_deployment_days-error" />
                        <p class="hint" id="longest-hint">{t!(i18n, portal.longest_hint)}</p>
                        <FieldMessage error=settings_error field="longest_deployment_days" />
                    </div>
                    <fieldset class="field">
                        <legend>{t!(i18n, portal.regions)}</legend>
                        {p.regions.iter().map(|r| {
                            let name = format!("region_{}", r.region.to_lowercase());
                            let id = name.clone();
                            let choice = r.choice.clone();
                            let c1 = choice.clone();
                            let c2 = choice.clone();
                            view! {
                                <div class="field-inline">
                                    <label for=id.clone()>{r.region.clone()}</label>
                                    <select id=id name=name>
                                        <option value="any" selected=choice == "any">{t!(i18n, portal.region_any)}</option>
                                        <option value="preferred" selected=c1 == "preferred">{t!(i18n, portal.region_preferred)}</option>
                                        <option value="excluded" selected=c2 == "excluded">{t!(i18n, portal.region_excluded)}</option>
                                    </select>
                                </div>
                            }
                        }).collect_view()}
                        <FieldMessage error=settings_error field="regions" />
                    </fieldset>
                    <button type="submit" class="button-primary">{t!(i18n, portal.save)}</button>
                </ActionForm>
            </section>

            <section class="card" aria-labelledby="contact-title">
                <h2 id="contact-title">{t!(i18n, portal.contact)}</h2>
                <ActionForm action=forms.contact attr:class="form-grid">
                    <ErrorAlert error=Signal::derive(move || contact_error.get().filter(|e| e.field("email").is_none() && e.field("phone").is_none())) />
                    <div class="field">
                        <label for="email">{t!(i18n, portal.email)}</label>
                        <input id="email" name="email" type="email" required value=p.email.clone() autocomplete="email" aria-describedby="email-error" />
                        <FieldMessage error=contact_error field="email" />
                    </div>
                    <div class="field">
                        <label for="phone">{t!(i18n, portal.phone)}</label>
                        <input id="phone" name="phone" type="tel" value=p.phone.clone() autocomplete="tel" aria-describedby="phone-hint phone-error" />
                        <p class="hint" id="phone-hint">{t!(i18n, portal.phone_hint)}</p>
                        <FieldMessage error=contact_error field="phone" />
                    </div>
                    <button type="submit" class="button-primary">{t!(i18n, portal.save)}</button>
                </ActionForm>
            </section>

            <section class="card" aria-labelledby="languages-title">
                <h2 id="languages-title">{t!(i18n, portal.languages)}</h2>
                <p class="muted">{t!(i18n, portal.languages_hint)}</p>
                {(!p.claims.is_empty()).then(|| view! {
                    <ul class="plain-list">
                        {p.claims.iter().map(|c| view! {
                            <li>{format!("{} ({}) · {} · ", c.language_name, c.language, c.level)}{decision_label(i18n, &c.decision)}{format!(" · {}", c.claimed_at)}</li>
                        }).collect_view()}
                    </ul>
                })}
                <ActionForm action=forms.claim attr:class="form-grid">
                    <ErrorAlert error=Signal::derive(move || claim_error.get().filter(|e| e.field("language").is_none() && e.field("level").is_none())) />
                    <div class="field">
                        <label for="language">{t!(i18n, portal.language_code)}</label>
                        <input id="language" name="language" type="text" required maxlength="2" size="3" aria-describedby="language-error" />
                        <FieldMessage error=claim_error field="language" />
                    </div>
                    <div class="field">
                        <label for="level">{t!(i18n, portal.level)}</label>
                        <select id="level" name="level">
                            {["A1", "A2", "B1", "B2", "C1", "C2"].into_iter().map(|l| view! { <option value=l>{l}</option> }).collect_view()}
                            <option value="remove">{t!(i18n, portal.level_remove)}</option>
                        </select>
                        <FieldMessage error=claim_error field="level" />
                    </div>
                    <button type="submit" class="button-secondary">{t!(i18n, portal.claim)}</button>
                </ActionForm>
            </section>
        </section>
    }
}
