//! The audit log for the secretariat: who changed what and when, filterable, newest first.
use crate::{
    api::vetting::audit_log,
    components::{errors::ErrorAlert, guard::Guarded, pager::Pager},
    i18n::*,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Form, hooks::use_query_map, params::ParamsMap};

#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, audit.title).to_string() />
        <Guarded>
            <AuditContent />
        </Guarded>
    }
}

const KEYS: [&str; 5] = ["record_type", "record_id", "action", "from", "until"];

#[component]
fn AuditContent() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let get = move |k: &str| query.read().get(k).unwrap_or_default();
    let page = Resource::new(
        move || {
            (
                get("record_type"),
                get("record_id"),
                get("action"),
                get("from"),
                get("until"),
                get("page"),
            )
        },
        |(t, id, a, f, u, p)| audit_log(t, id, a, f, u, p),
    );
    let value = move |k: &'static str| query.read_untracked().get(k).unwrap_or_default();
    view! {
        <section class="page" aria-labelledby="audit-title">
            <h1 id="audit-title">{t!(i18n, audit.title)}</h1>
            <Form method="GET" action="/admin/audit" attr:class="filter-bar" attr:role="search">
                <div class="field">
                    <label for="a-type">{t!(i18n, audit.record_type)}</label>
                    <select id="a-type" name="record_type">
                        <option value="">{t!(i18n, roster.any)}</option>
                        {["expert", "user"].into_iter().map(|t| view! { <option value=t selected=value("record_type") == t>{t}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="a-id">{t!(i18n, audit.record_id)}</label>
                    <input id="a-id" name="record_id" type="text" value=value("record_id") />
                </div>
                <div class="field">
                    <label for="a-action">{t!(i18n, audit.action)}</label>
                    <input id="a-action" name="action" type="text" value=value("action") list="audit-actions" />
                    <datalist id="audit-actions">
                        {["expert.nominate", "expert.edit", "expert.status", "expert.check", "user.create", "user.deactivate", "user.reactivate"].into_iter().map(|a| view! { <option value=a></option> }).collect_view()}
                    </datalist>
                </div>
                <div class="field">
                    <label for="a-from">{t!(i18n, audit.from)}</label>
                    <input id="a-from" name="from" type="date" value=value("from") />
                </div>
                <div class="field">
                    <label for="a-until">{t!(i18n, audit.until)}</label>
                    <input id="a-until" name="until" type="date" value=value("until") />
                </div>
                <div class="filter-actions">
                    <button type="submit" class="button-secondary">{t!(i18n, roster.apply)}</button>
                    <a href="/admin/audit">{t!(i18n, roster.clear)}</a>
                </div>
            </Form>
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, shell.loading)}</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Err(e) => view! { <ErrorAlert error=Signal::derive(move || Some(e.clone())) /> }.into_any(),
                        Ok(p) => {
                            let total = p.total;
                            let q = query.get_untracked();
                            let href = move |n: u64| {
                                let mut params = ParamsMap::new();
                                for k in KEYS {
                                    if let Some(v) = q.get(k) { params.insert(k, v); }
                                }
                                params.insert("page", n.to_string());
                                format!("/admin/audit{}", params.to_query_string())
                            };
                            view! {
                                <p role="status" class="muted">{t!(i18n, audit.count, count = total)}</p>
                                <div class="table-wrap">
                                    <table class="data-table">
                                        <caption class="visually-hidden">{t!(i18n, audit.title)}</caption>
                                        <thead><tr>
                                            <th scope="col">{t!(i18n, audit.at)}</th>
                                            <th scope="col">{t!(i18n, audit.actor)}</th>
                                            <th scope="col">{t!(i18n, audit.action)}</th>
                                            <th scope="col">{t!(i18n, audit.record)}</th>
                                            <th scope="col">{t!(i18n, audit.changes)}</th>
                                        </tr></thead>
                                        <tbody>
                                            {p.rows.into_iter().map(|r| {
                                                let record = if r.record_type == "expert" {
                                                    view! { <a href=format!("/roster/{}", r.record_id)>{format!("expert {}", r.record_id)}</a> }.into_any()
                                                } else {
                                                    view! { <span>{format!("{} {}", r.record_type, r.record_id)}</span> }.into_any()
                                                };
                                                view! {
                                                    <tr>
                                                        <td>{r.at}</td>
                                                        <td>{r.actor.unwrap_or_default()}</td>
                                                        <td><code>{r.action}</code></td>
                                                        <td>{record}</td>
                                                        <td><ul class="changes">{r.changes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul></td>
                                                    </tr>
                                                }
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                <Pager page=p.page pages=p.pages href />
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}
