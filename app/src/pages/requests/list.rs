//! The list of mission requests: a planner's own, or every planner's for the secretariat.
use super::{RequestStatusBadge, urgency_label};
use crate::{
    api::requests::list_requests,
    components::{errors::ErrorAlert, guard::Guarded},
    i18n::*,
};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn RequestsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, requests.title).to_string() />
        <Guarded>
            <ListContent />
        </Guarded>
    }
}

#[component]
fn ListContent() -> impl IntoView {
    let i18n = use_i18n();
    let list = Resource::new(|| (), |_| list_requests(String::new()));
    view! {
        <section class="page" aria-labelledby="requests-title">
            <h1 id="requests-title">{t!(i18n, requests.title)}</h1>
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, shell.loading)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(e) => view! { <ErrorAlert error=Signal::derive(move || Some(e.clone())) /> }.into_any(),
                        Ok(list) => view! {
                            <p class="muted">{if list.sees_all { t_string!(i18n, requests.intro_all).to_string() } else { t_string!(i18n, requests.intro_own).to_string() }}</p>
                            {list.can_file.then(|| view! { <p><a class="button-primary" href="/requests/new">{t!(i18n, requests.file_new)}</a></p> })}
                            {if list.rows.is_empty() {
                                view! { <p>{t!(i18n, requests.none)}</p> }.into_any()
                            } else {
                                view! {
                                    <div class="table-wrap">
                                    <table class="data-table">
                                        <caption class="visually-hidden">{t!(i18n, requests.title)}</caption>
                                        <thead><tr>
                                            <th scope="col">{t!(i18n, requests.mission)}</th>
                                            <th scope="col">{t!(i18n, requests.host_country)}</th>
                                            <th scope="col">{t!(i18n, requests.urgency)}</th>
                                            <th scope="col">{t!(i18n, requests.status)}</th>
                                            <th scope="col">{t!(i18n, requests.positions)}</th>
                                            <th scope="col">{t!(i18n, requests.created)}</th>
                                        </tr></thead>
                                        <tbody>
                                            {list.rows.into_iter().map(|r| view! {
                                                <tr>
                                                    <td><a href=format!("/requests/{}", r.id)>{r.mission}</a><br /><span class="muted">{r.duty_station}</span></td>
                                                    <td>{r.host_country}</td>
                                                    <td>{urgency_label(i18n, &r.urgency)}</td>
                                                    <td><RequestStatusBadge status=r.status /></td>
                                                    <td>{format!("{} / {}", r.positions, r.seats)}</td>
                                                    <td>{r.created_at}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                    </div>
                                }.into_any()
                            }}
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
