//! A roster office: the accounts of one member state's office, visible to that office and the secretariat.
use crate::{
    api::users::roster_office,
    components::{errors::ErrorAlert, guard::Guarded},
    i18n::*,
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
    let office = Resource::new(move || query.read().get("state"), roster_office);
    view! {
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, shell.loading)}</p> }>
            {move || Suspend::new(async move {
                match office.await {
                    Err(e) => view! { <ErrorAlert error=Signal::derive(move || Some(e.clone())) /> }.into_any(),
                    Ok(o) => view! {
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
                }
            })}
        </Transition>
    }
}
