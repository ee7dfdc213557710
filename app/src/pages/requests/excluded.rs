//! "Why not": the vetted experts of a position's category who do not qualify, each with every
//! reason, filterable by constraint.
use super::category_label;
use crate::views::matching::ExcludedPage;
use crate::{
    api::matching::excluded_candidates,
    components::{errors::ErrorAlert, guard::Guarded, pager::Pager},
    i18n::*,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ExcludedPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let key = move || {
        let (p, q) = (params.read(), query.read());
        (
            p.get("id").unwrap_or_default(),
            p.get("pid").unwrap_or_default(),
            q.get("group").unwrap_or_default(),
            q.get("page").unwrap_or_default(),
        )
    };
    // Made outside the guard, which the server may build more than once: matching runs once.
    let page = Resource::new(key, |(id, pid, group, page)| {
        excluded_candidates(id, pid, group, page)
    });
    view! {
        <Title text=move || t_string!(i18n, requests.why_not_title).to_string() />
        <Guarded>
            <ExcludedContent page />
        </Guarded>
    }
}

#[component]
fn ExcludedContent(page: Resource<Result<ExcludedPage, crate::error::AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Transition fallback=move || view! { <p class="muted" role="status">{t!(i18n, requests.matching_running)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(e) => view! {
                        <section class="page">
                            <h1>{t!(i18n, requests.why_not_title)}</h1>
                            <ErrorAlert error=Signal::derive(move || Some(e.clone())) />
                        </section>
                    }.into_any(),
                    Ok(p) => view! { <Excluded p /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Excluded(p: ExcludedPage) -> impl IntoView {
    let i18n = use_i18n();
    let base_url = format!(
        "/requests/{}/positions/{}/excluded",
        p.request_id, p.position_id
    );
    let group = p.group.clone();
    let href = {
        let (base_url, group) = (base_url.clone(), group.clone());
        move |page: u64| {
            if group.is_empty() {
                format!("{base_url}?page={page}")
            } else {
                format!("{base_url}?group={group}&page={page}")
            }
        }
    };
    view! {
        <section class="page" aria-labelledby="excluded-title">
            <p class="breadcrumb"><a href=format!("/requests/{}/shortlist", p.request_id)>{t!(i18n, requests.back_to_shortlist)}</a></p>
            <h1 id="excluded-title">{t!(i18n, requests.why_not_heading, title = p.title.clone())}</h1>
            <p class="muted">{t!(i18n, requests.why_not_intro, excluded = p.total, base = p.base, category = category_label(&p.category))}</p>
            <nav aria-label=t_string!(i18n, requests.filter_by).to_string() class="filter-bar">
                <ul class="tabs">
                    <li><a href=base_url.clone() aria-current=group.is_empty().then_some("page")>{t!(i18n, requests.all_reasons)}</a></li>
                    {p.groups.iter().map(|(slug, label, n)| view! {
                        <li><a href=format!("{base_url}?group={slug}") aria-current=(group == *slug).then_some("page")>{format!("{label} ({n})")}</a></li>
                    }).collect_view()}
                </ul>
            </nav>
            {if p.rows.is_empty() {
                view! { <p class="empty">{t!(i18n, requests.nobody_excluded)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                    <table class="data-table">
                        <caption class="visually-hidden">{t!(i18n, requests.why_not_title)}</caption>
                        <thead><tr>
                            <th scope="col">{t!(i18n, requests.expert)}</th>
                            <th scope="col">{t!(i18n, requests.nominated_by)}</th>
                            <th scope="col">{t!(i18n, requests.reasons)}</th>
                        </tr></thead>
                        <tbody>
                            {p.rows.iter().map(|r| view! {
                                <tr>
                                    <td>{r.name.clone()}</td>
                                    <td>{r.member_state.clone()}</td>
                                    <td><ul class="plain">{r.reasons.iter().map(|x| view! { <li>{x.clone()}</li> }).collect_view()}</ul></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                }.into_any()
            }}
            <Pager page=p.page as u64 pages=p.pages as u64 href />
        </section>
    }
}
