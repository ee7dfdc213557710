//! The secretariat's vetting queue and the list of credentials expiring in the next 30/60/90 days.
use crate::{
    api::vetting::{expiring_checks, vetting_queue},
    components::{badges::StatusBadge, errors::ErrorAlert, guard::Guarded},
    domain::vetting::CheckKind,
    i18n::*,
    pages::roster::account::duplicate_reason,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn VettingPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, vetting.title).to_string() />
        <Guarded>
            <QueueContent />
        </Guarded>
    }
}

#[component]
fn QueueContent() -> impl IntoView {
    let i18n = use_i18n();
    let queue = Resource::new(|| (), |_| vetting_queue());
    view! {
        <section class="page" aria-labelledby="vetting-title">
            <div class="page-head">
                <h1 id="vetting-title">{t!(i18n, vetting.title)}</h1>
                <a class="button-secondary" href="/vetting/expiring">{t!(i18n, vetting.expiring_link)}</a>
            </div>
            <p class="muted">{t!(i18n, vetting.intro)}</p>
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, shell.loading)}</p> }>
                {move || Suspend::new(async move {
                    match queue.await {
                        Err(e) => view! { <ErrorAlert error=Signal::derive(move || Some(e.clone())) /> }.into_any(),
                        Ok(rows) if rows.is_empty() => view! { <p class="empty">{t!(i18n, vetting.empty)}</p> }.into_any(),
                        Ok(rows) => {
                            let count = rows.len();
                            view! {
                                <p role="status" class="muted">{t!(i18n, vetting.count, count)}</p>
                                <div class="table-wrap">
                                    <table class="data-table">
                                        <caption class="visually-hidden">{t!(i18n, vetting.title)}</caption>
                                        <thead><tr>
                                            <th scope="col">{t!(i18n, roster.name)}</th>
                                            <th scope="col">{t!(i18n, roster.nominated_by)}</th>
                                            <th scope="col">{t!(i18n, roster.status)}</th>
                                            <th scope="col">{t!(i18n, vetting.waiting_since)}</th>
                                            <th scope="col">{t!(i18n, vetting.checks_passed)}</th>
                                            <th scope="col">{t!(i18n, vetting.duplicates_title)}</th>
                                        </tr></thead>
                                        <tbody>
                                            {rows.into_iter().map(|r| view! {
                                                <tr>
                                                    <td><a href=format!("/roster/{}", r.id)>{r.name}</a></td>
                                                    <td>{r.member_state}</td>
                                                    <td><StatusBadge status=r.status /></td>
                                                    <td>{r.waiting_since}</td>
                                                    <td class="num">{format!("{} / 5", r.checks_passed)}</td>
                                                    <td>
                                                        {r.duplicates.into_iter().map(|d| {
                                                            let why = d.reasons.iter().map(|x| duplicate_reason(i18n, x)).collect::<Vec<_>>().join(", ");
                                                            view! {
                                                                <span class="badge badge-warn">{t!(i18n, vetting.likely_duplicate)}</span>" "
                                                                <a href=format!("/roster/{}", d.id)>{format!("{} ({})", d.name, d.member_state)}</a>
                                                                <span class="muted">{format!(" · {why}")}</span>
                                                            }
                                                        }).collect_view()}
                                                    </td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
pub fn ExpiringPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, vetting.expiring_title).to_string() />
        <Guarded>
            <ExpiringContent />
        </Guarded>
    }
}

#[component]
fn ExpiringContent() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let days = move || {
        query
            .read()
            .get("days")
            .and_then(|d| d.parse::<u32>().ok())
            .filter(|d| matches!(d, 30 | 60 | 90))
            .unwrap_or(30)
    };
    let rows = Resource::new(days, expiring_checks);
    view! {
        <section class="page" aria-labelledby="expiring-title">
            <p class="breadcrumb"><a href="/vetting">{t!(i18n, vetting.title)}</a></p>
            <h1 id="expiring-title">{t!(i18n, vetting.expiring_title)}</h1>
            <nav class="tabs" aria-label=move || t_string!(i18n, vetting.window).to_string()>
                {[30u32, 60, 90].into_iter().map(|d| view! {
                    <a href=format!("/vetting/expiring?days={d}") aria-current=move || (days() == d).then_some("page")>
                        {t!(i18n, vetting.within_days, days = d)}
                    </a>
                }).collect_view()}
            </nav>
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, shell.loading)}</p> }>
                {move || Suspend::new(async move {
                    match rows.await {
                        Err(e) => view! { <ErrorAlert error=Signal::derive(move || Some(e.clone())) /> }.into_any(),
                        Ok(rows) if rows.is_empty() => view! { <p class="empty">{t!(i18n, vetting.none_expiring)}</p> }.into_any(),
                        Ok(rows) => {
                            let count = rows.len();
                            view! {
                                <p role="status" class="muted">{t!(i18n, vetting.expiring_count, count)}</p>
                                <div class="table-wrap">
                                    <table class="data-table">
                                        <caption class="visually-hidden">{t!(i18n, vetting.expiring_title)}</caption>
                                        <thead><tr>
                                            <th scope="col">{t!(i18n, roster.name)}</th>
                                            <th scope="col">{t!(i18n, roster.nominated_by)}</th>
                                            <th scope="col">{t!(i18n, roster.check)}</th>
                                            <th scope="col">{t!(i18n, roster.expires_on)}</th>
                                            <th scope="col">{t!(i18n, vetting.days_left)}</th>
                                        </tr></thead>
                                        <tbody>
                                            {rows.into_iter().map(|r| {
                                                let kind = CheckKind::parse(&r.kind).map_or(r.kind.clone(), |k| k.label().to_owned());
                                                view! {
                                                    <tr>
                                                        <td><a href=format!("/roster/{}", r.expert_id)>{r.name}</a></td>
                                                        <td>{r.member_state}</td>
                                                        <td>{kind}</td>
                                                        <td>{r.expires_on}</td>
                                                        <td class="num">{r.days_left}</td>
                                                    </tr>
                                                }
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}
