//! Reference data: countries with their UN region, filterable; the filter lives in the URL.
use crate::{
    api::reference::list_countries,
    components::{errors::ErrorAlert, guard::Guarded},
    i18n::*,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    NavigateOptions,
    components::Form,
    hooks::{use_navigate, use_query_map},
    params::ParamsMap,
};

#[component]
pub fn CountriesPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, countries.title).to_string() />
        <Guarded>
            <CountriesContent />
        </Guarded>
    }
}

#[component]
fn CountriesContent() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let region = move || query.read().get("region").unwrap_or_default();
    let list = Resource::new(
        move || (q(), region()),
        |(q, region)| list_countries(Some(q), Some(region)),
    );
    // With the script loaded, the list follows typing; without it the button submits the same form.
    let navigate = use_navigate();
    let go = move |q: String, region: String| {
        let mut params = ParamsMap::new();
        params.insert("q", q);
        params.insert("region", region);
        navigate(
            &format!("/countries{}", params.to_query_string()),
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
    };
    let go_q = go.clone();
    let on_q = move |ev| go_q(event_target_value(&ev), region());
    let on_region = move |ev| go(q(), event_target_value(&ev));
    view! {
        <section class="page" aria-labelledby="countries-title">
            <h1 id="countries-title">{t!(i18n, countries.title)}</h1>
            <p class="muted">{t!(i18n, countries.intro)}</p>
            <Form method="GET" action="" attr:class="filter-bar" attr:role="search">
                <div class="field">
                    <label for="country-q">{t!(i18n, countries.search)}</label>
                    <input id="country-q" name="q" type="search" prop:value=q on:input=on_q autocomplete="off" />
                </div>
                <div class="field">
                    <label for="country-region">{t!(i18n, countries.region)}</label>
                    <select id="country-region" name="region" on:change=on_region>
                        <option value="" selected=move || region().is_empty()>{t!(i18n, countries.all_regions)}</option>
                        <Transition fallback=|| ()>
                            {move || Suspend::new(async move {
                                list.await.map(|l| l.regions.into_iter().map(|r| {
                                    let selected = r == region();
                                    view! { <option value=r.clone() selected=selected>{r.clone()}</option> }
                                }).collect_view()).ok()
                            })}
                        </Transition>
                    </select>
                </div>
                <button type="submit" class="button-secondary">{t!(i18n, countries.filter)}</button>
            </Form>
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, shell.loading)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(e) => view! { <ErrorAlert error=Signal::derive(move || Some(e.clone())) /> }.into_any(),
                        Ok(l) => {
                            let shown = l.rows.len();
                            let total = l.total;
                            view! {
                                <p role="status" class="muted">{t!(i18n, countries.count, shown, total)}</p>
                                <div class="table-wrap">
                                    <table class="data-table">
                                        <caption class="visually-hidden">{t!(i18n, countries.title)}</caption>
                                        <thead>
                                            <tr>
                                                <th scope="col">{t!(i18n, countries.code)}</th>
                                                <th scope="col">{t!(i18n, countries.name)}</th>
                                                <th scope="col">{t!(i18n, countries.region)}</th>
                                                <th scope="col">{t!(i18n, countries.subregion)}</th>
                                                <th scope="col">{t!(i18n, countries.un_member)}</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {l.rows.into_iter().map(|c| view! {
                                                <tr>
                                                    <td><code>{c.code}</code></td>
                                                    <td>{c.name}</td>
                                                    <td>{c.region}</td>
                                                    <td>{c.subregion}</td>
                                                    <td>{if c.un_member { t_string!(i18n, countries.yes).to_string() } else { t_string!(i18n, countries.no).to_string() }}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }
                            .into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}
