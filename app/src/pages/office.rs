//! A roster office: the accounts of one member state's office, visible to that office and the secretariat.
use crate::{
    api::{auth::current_user, reference::list_countries, users::roster_office},
    components::{errors::ErrorAlert, guard::Guarded},
    domain::permissions::Role,
    i18n::*,
    session::use_session,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn OfficePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, office.title).to_string() />
        <Guarded>
            <OfficeContent />
        </Guarded>
    }
}

#[component]
fn OfficeContent() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let state = move || query.read().get("state").filter(|s| !s.trim().is_empty());
    let session = use_session();
    // The secretariat sees every office and first picks one; a roster manager sees only their own.
    let office = Resource::new(state, |state| async move {
        let is_secretariat =
            matches!(current_user().await, Ok(Some(u)) if u.role == Role::Secretariat);
        if state.is_none() && is_secretariat {
            Ok(None)
        } else {
            roster_office(state).await.map(Some)
        }
    });
    view! {
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, shell.loading)}</p> }>
            {move || Suspend::new(async move {
                let picker = matches!(session.user.await, Ok(Some(u)) if u.role == Role::Secretariat)
                    .then(|| view! { <OfficePicker current=state().unwrap_or_default() /> });
                let body = match office.await {
                    Err(e) => view! { <ErrorAlert error=Signal::derive(move || Some(e.clone())) /> }.into_any(),
                    Ok(None) => ().into_any(),
                    Ok(Some(o)) => view! {
                        <section class="page" aria-labelledby="office-title">
                            <h1 id="office-title">{t!(i18n, office.heading, state = o.state.name.clone())}</h1>
                            <p class="muted">{o.state.code.clone()} " · " {o.state.region.clone()} " · " {o.state.subregion.clone()}</p>
                            <div class="table-wrap">
                                <table class="data-table">
                                    <caption>{t!(i18n, office.members)}</caption>
                                    <thead>
                                        <tr>
                                            <th scope="col">{t!(i18n, users.name)}</th>
                                            <th scope="col">{t!(i18n, users.email)}</th>
                                            <th scope="col">{t!(i18n, users.last_sign_in)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {o.members.into_iter().map(|m| view! {
                                            <tr>
                                                <td>{m.display_name}</td>
                                                <td>{m.email}</td>
                                                <td>{m.last_sign_in.unwrap_or_else(|| "—".to_owned())}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        </section>
                    }
                    .into_any(),
                };
                view! { {picker} {body} }
            })}
        </Transition>
    }
}

/// A plain GET form, so it works before the script loads.
#[component]
fn OfficePicker(current: String) -> impl IntoView {
    let i18n = use_i18n();
    let states = Resource::new(|| (), |_| list_countries(None, None));
    view! {
        <form method="get" action="/office" class="filter-bar" role="search">
            <div class="field">
                <label for="office-state">{t!(i18n, office.choose_state)}</label>
                <select id="office-state" name="state" required>
                    <option value="">"—"</option>
                    <Transition fallback=|| ()>
                        {
                            let current = current.clone();
                            move || {
                                let current = current.clone();
                                Suspend::new(async move {
                                    states.await.map(|list| {
                                        list.rows
                                            .into_iter()
                                            .filter(|c| c.un_member)
                                            .map(|c| {
                                                let selected = c.code == current;
                                                view! { <option value=c.code.clone() selected=selected>{c.name.clone()} " (" {c.code.clone()} ")"</option> }
                                            })
                                            .collect_view()
                                    }).ok()
                                })
                            }
                        }
                    </Transition>
                </select>
            </div>
            <button type="submit" class="button-secondary">{t!(i18n, office.show)}</button>
        </form>
    }
}
