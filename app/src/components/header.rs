//! The site header: brand, the navigation each person may use, language and account controls.
use crate::{
    api::auth::{Logout, SetLanguage},
    domain::permissions::Role,
    domain::permissions::page_access,
    i18n::*,
    session::use_session,
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_i18n::I18nContext;
use leptos_router::components::A;

/// Navigation entries: path and label; each shows only to those the page admits.
fn nav_items(i18n: I18nContext<Locale>) -> Vec<(&'static str, String)> {
    vec![
        ("/", t_string!(i18n, nav.home).to_string()),
        ("/roster", t_string!(i18n, nav.roster).to_string()),
        ("/me", t_string!(i18n, nav.portal).to_string()),
        ("/me/offers", t_string!(i18n, nav.my_offers).to_string()),
        ("/requests", t_string!(i18n, nav.requests).to_string()),
        ("/offers", t_string!(i18n, nav.offers).to_string()),
        ("/dashboard", t_string!(i18n, nav.dashboard).to_string()),
        ("/vetting", t_string!(i18n, nav.vetting).to_string()),
        ("/import", t_string!(i18n, nav.imports).to_string()),
        ("/office", t_string!(i18n, nav.office).to_string()),
        ("/admin/users", t_string!(i18n, nav.users).to_string()),
        ("/admin/audit", t_string!(i18n, nav.audit).to_string()),
        ("/admin/outbox", t_string!(i18n, nav.outbox).to_string()),
        ("/countries", t_string!(i18n, nav.countries).to_string()),
    ]
}

pub fn role_label(i18n: I18nContext<Locale>, role: Role) -> String {
    match role {
        Role::Secretariat => t_string!(i18n, roles.secretariat).to_string(),
        Role::RosterManager => t_string!(i18n, roles.roster_manager).to_string(),
        Role::MissionPlanner => t_string!(i18n, roles.mission_planner).to_string(),
        Role::Expert => t_string!(i18n, roles.expert).to_string(),
    }
}

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let menu_open = RwSignal::new(false);
    view! {
        <header class="site-header">
            <div class="header-inner">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true"></span>
                    "Blue Suits"
                </a>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        let user = session.user.await.ok().flatten();
                        user.map(|u| {
                            let actor = u.actor();
                            let items: Vec<_> = nav_items(i18n)
                                .into_iter()
                                .filter(|(path, _)| page_access(path, actor.as_ref()).is_ok())
                                .collect();
                            let role = role_label(i18n, u.role);
                            let state = u.member_state.clone().map(|s| format!(" · {s}")).unwrap_or_default();
                            view! {
                                <button
                                    type="button"
                                    class="menu-toggle"
                                    aria-controls="primary-nav"
                                    aria-expanded=move || menu_open.get().to_string()
                                    on:click=move |_| menu_open.update(|o| *o = !*o)
                                >
                                    {t!(i18n, nav.menu)}
                                </button>
                                <nav
                                    id="primary-nav"
                                    class="primary-nav"
                                    class:open=move || menu_open.get()
                                    aria-label=move || t_string!(i18n, nav.label).to_string()
                                >
                                    <ul>
                                        {items
                                            .into_iter()
                                            .map(|(path, label)| view! { <li><A href=path exact={path == "/"}>{label}</A></li> })
                                            .collect_view()}
                                    </ul>
                                </nav>
                                <div class="account">
                                    <a class="account-name" href="/account">{u.display_name.clone()}</a>
                                    <span class="account-role">{role}{state}</span>
                                    // A plain form on purpose: signing out reloads the page, so
                                    // nothing of the account stays in the browser's memory.
                                    <form class="inline-form" method="post" action=Logout::PATH>
                                        <button type="submit" class="button-quiet">{t!(i18n, nav.sign_out)}</button>
                                    </form>
                                </div>
                            }
                        })
                    })}
                </Transition>
                <LanguageSwitch />
            </div>
        </header>
    }
}

/// Works as a plain form before the script loads; afterwards it switches without a reload.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let target = move || match i18n.get_locale() {
        Locale::en => Locale::fr,
        Locale::fr => Locale::en,
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        i18n.set_locale(target());
    };
    view! {
        <form class="language-switch" method="post" action=SetLanguage::PATH on:submit=on_submit>
            <input type="hidden" name="language" value=move || target().as_str() />
            <button type="submit" class="button-quiet" lang=move || target().as_str()>
                {move || match target() {
                    Locale::en => "English",
                    Locale::fr => "Français",
                }}
            </button>
        </form>
    }
}
