//! The home page, different for each role.
use crate::{
    api::account::home_summary,
    components::{chart::BarChart, errors::ErrorAlert, guard::Guarded, header::role_label},
    domain::permissions::Role,
    i18n::*,
    session::use_session,
};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, home.title).to_string() />
        <Guarded>
            <HomeContent />
        </Guarded>
    }
}

#[component]
fn HomeContent() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let summary = Resource::new(|| (), |_| home_summary());
    view! {
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, shell.loading)}</p> }>
            {move || Suspend::new(async move {
                let user = session.user.await.ok().flatten();
                let summary = summary.await;
                let Some(user) = user else { return ().into_any() };
                let name = user.display_name.clone();
                let role = user.role;
                match summary {
                    Err(e) => view! { <ErrorAlert error=Signal::derive(move || Some(e.clone())) /> }.into_any(),
                    Ok(s) => view! {
                        <section class="page" aria-labelledby="home-title">
                            <h1 id="home-title">{t!(i18n, home.welcome, name)}</h1>
                            <p class="lead">{role_intro(i18n, role)}</p>
                            <div class="cards">
                                {(role == Role::Expert).then(|| view! {
                                    <article class="card">
                                        <h2>{t!(i18n, nav.portal)}</h2>
                                        <ul class="plain-list">
                                            <li><a href="/me">{t!(i18n, portal.availability)}</a></li>
                                            <li><a href="/me/offers">{t!(i18n, nav.my_offers)}</a></li>
                                            <li><a href="/me/profile">{t!(i18n, portal.my_profile)}</a></li>
                                        </ul>
                                    </article>
                                })}
                                {s.own_state.map(|c| view! {
                                    <article class="card">
                                        <h2>{t!(i18n, home.your_state)}</h2>
                                        <p class="card-figure">{c.name.clone()}</p>
                                        <p class="muted">{c.code.clone()} " · " {c.region.clone()} " · " {c.subregion.clone()}</p>
                                        <p><a href="/office">{t!(i18n, home.office_link)}</a></p>
                                    </article>
                                })}
                                {s.accounts_by_role.map(|counts| view! {
                                    <article class="card card-wide">
                                        <h2>{t!(i18n, home.accounts)}</h2>
                                        <BarChart
                                            title=t_string!(i18n, home.accounts_chart).to_string()
                                            bars=counts.into_iter().map(|(r, n)| (role_label(i18n, r), n)).collect()
                                        />
                                        <p><a href="/admin/users">{t!(i18n, home.manage_users)}</a></p>
                                    </article>
                                })}
                                <article class="card">
                                    <h2>{t!(i18n, home.member_states)}</h2>
                                    <p class="card-figure">{s.member_states}</p>
                                    <p><a href="/countries">{t!(i18n, home.countries_link)}</a></p>
                                </article>
                            </div>
                        </section>
                    }
                    .into_any(),
                }
            })}
        </Transition>
    }
}

fn role_intro(i18n: I18nContext<Locale>, role: Role) -> String {
    match role {
        Role::Secretariat => t_string!(i18n, home.intro_secretariat).to_string(),
        Role::RosterManager => t_string!(i18n, home.intro_roster_manager).to_string(),
        Role::MissionPlanner => t_string!(i18n, home.intro_mission_planner).to_string(),
        Role::Expert => t_string!(i18n, home.intro_expert).to_string(),
    }
}
