//! One request: its details, positions, status steps and history, the host-nationality waiver,
//! and what-if counts per position while it is being prepared.
use super::{RequestStatusBadge, category_label, status_label, urgency_label};
use crate::components::shell::PageLoad;
use crate::views::matching::WhatIfView;
use crate::views::requests::RequestView;
use crate::{
    api::{
        matching::request_what_if,
        requests::{MoveRequest, RemovePosition, WaiveHostRule, get_request},
    },
    components::{
        chart::BarChart,
        errors::{ErrorAlert, FieldMessage, action_error},
        guard::Guarded,
    },
    i18n::*,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The request's resources and actions, made once by the page: the server may build the guarded
/// part of a page more than once, and each build would otherwise read the request (and run the
/// what-if) again, and could pair the browser's hydration with a different read.
#[derive(Clone, Copy)]
struct Data {
    step: ServerAction<MoveRequest>,
    remove: ServerAction<RemovePosition>,
    waive: ServerAction<WaiveHostRule>,
    request: Resource<Result<RequestView, crate::error::AppError>>,
    what_if: Resource<Result<Vec<WhatIfView>, crate::error::AppError>>,
    panel: super::deployments::PanelData,
}

#[component]
pub fn RequestPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let step = ServerAction::<MoveRequest>::new();
    let remove = ServerAction::<RemovePosition>::new();
    let waive = ServerAction::<WaiveHostRule>::new();
    // Each action redirects back here: read the request again after every one.
    let request = Resource::new(
        move || {
            (
                id(),
                step.version().get(),
                remove.version().get(),
                waive.version().get(),
            )
        },
        |(id, ..)| get_request(id),
    );
    let what_if = Resource::new(
        move || (id(), step.version().get(), remove.version().get()),
        |(id, ..)| request_what_if(id),
    );
    let data = Data {
        step,
        remove,
        waive,
        request,
        what_if,
        panel: super::deployments::PanelData::new(id),
    };
    view! {
        <Title text=move || t_string!(i18n, requests.request_title).to_string() />
        <Guarded>
            <DetailContent data />
        </Guarded>
    }
}

#[component]
fn DetailContent(data: Data) -> impl IntoView {
    let i18n = use_i18n();
    let Data {
        step,
        remove,
        waive,
        request,
        what_if,
        panel,
    } = data;
    view! {
        <PageLoad resource=request title=move || t!(i18n, requests.request_title)
            ok=move |r| view! { <Detail r step remove waive what_if panel /> } />
    }
}

fn step_label(i18n: leptos_i18n::I18nContext<Locale>, step: &str) -> String {
    match step {
        "file" => t_string!(i18n, requests.step_file).to_string(),
        "close" => t_string!(i18n, requests.step_close).to_string(),
        "cancel" => t_string!(i18n, requests.step_cancel).to_string(),
        other => other.to_owned(),
    }
}

#[component]
fn Detail(
    r: RequestView,
    step: ServerAction<MoveRequest>,
    remove: ServerAction<RemovePosition>,
    waive: ServerAction<WaiveHostRule>,
    what_if: Resource<Result<Vec<WhatIfView>, crate::error::AppError>>,
    panel: super::deployments::PanelData,
) -> impl IntoView {
    let i18n = use_i18n();
    let step_error = action_error(step);
    let remove_error = action_error(remove);
    let waive_error = action_error(waive);
    let id = r.id.clone();
    let version = r.version;
    let can_edit = r.can_edit;
    let positions = r.positions.clone();
    let steps = r.steps.clone();
    let show_what_if = r.can_edit && !r.positions.is_empty();
    let show_deployments = r.status != "draft";
    view! {
        <section class="page" aria-labelledby="request-title">
            <p class="breadcrumb"><a href="/requests">{t!(i18n, requests.all_requests)}</a></p>
            <div class="page-head">
                <h1 id="request-title">{r.mission.clone()}</h1>
                <RequestStatusBadge status=r.status.clone() />
            </div>
            <ErrorAlert error=step_error />
            <ErrorAlert error=remove_error />
            <dl class="facts">
                <dt>{t!(i18n, requests.host_country)}</dt><dd>{format!("{} ({})", r.host_country_name, r.host_country)}</dd>
                <dt>{t!(i18n, requests.duty_station)}</dt><dd>{r.duty_station.clone()}</dd>
                <dt>{t!(i18n, requests.requesting_unit)}</dt><dd>{r.requesting_unit.clone()}</dd>
                <dt>{t!(i18n, requests.security_level)}</dt><dd>{r.security_level}</dd>
                <dt>{t!(i18n, requests.urgency)}</dt><dd>{urgency_label(i18n, &r.urgency)}</dd>
                <dt>{t!(i18n, requests.filed_by)}</dt><dd>{r.owner.clone().unwrap_or_default()}</dd>
                <dt>{t!(i18n, requests.created)}</dt><dd>{r.created_at.clone()}</dd>
                {r.opened_at.clone().map(|at| view! { <dt>{t!(i18n, requests.opened)}</dt><dd>{at}</dd> })}
                {r.shortlisted_at.clone().map(|at| view! { <dt>{t!(i18n, requests.shortlisted)}</dt><dd>{at}</dd> })}
            </dl>
            <div class="form-actions">
                {(!r.positions.is_empty()).then(|| view! {
                    <a class="button-primary" href=format!("/requests/{}/shortlist", r.id)>{t!(i18n, requests.open_shortlist)}</a>
                })}
                {r.can_edit.then(|| view! {
                    <a class="button-secondary" href=format!("/requests/{}/edit", r.id)>{t!(i18n, requests.edit)}</a>
                })}
                {steps.into_iter().map(|s| {
                    let rid = id.clone();
                    view! {
                        <ActionForm action=step attr:class="inline-form">
                            <input type="hidden" name="id" value=rid />
                            <input type="hidden" name="version" value=version.to_string() />
                            <input type="hidden" name="step" value=s.clone() />
                            <button type="submit" class=if s == "file" { "button-primary" } else { "button-secondary" }>{step_label(i18n, &s)}</button>
                        </ActionForm>
                    }
                }).collect_view()}
            </div>

            <h2>{t!(i18n, requests.positions)}</h2>
            {if r.positions.is_empty() {
                view! { <p class="empty">{t!(i18n, requests.no_positions)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                    <table class="data-table">
                        <caption class="visually-hidden">{t!(i18n, requests.positions)}</caption>
                        <thead><tr>
                            <th scope="col">{t!(i18n, requests.position_name)}</th>
                            <th scope="col">{t!(i18n, requests.category)}</th>
                            <th scope="col">{t!(i18n, requests.requirements)}</th>
                            <th scope="col">{t!(i18n, requests.dates)}</th>
                            <th scope="col" class="num">{t!(i18n, requests.head_count)}</th>
                            {r.can_edit.then(|| view! { <th scope="col">{t!(i18n, requests.actions)}</th> })}
                        </tr></thead>
                        <tbody>
                            {positions.into_iter().map(|p| {
                                let rid = id.clone();
                                let reqs = p.skills.iter().map(|(s, l)| format!("{s} ≥ {l}"))
                                    .chain(p.languages.iter().map(|(c, l)| format!("{c} ≥ {l}")))
                                    .chain(std::iter::once(format!("{} y+", p.min_years)))
                                    .collect::<Vec<_>>().join(", ");
                                view! {
                                    <tr>
                                        <td>{p.title.clone()}</td>
                                        <td>{category_label(&p.category)}</td>
                                        <td>{reqs}</td>
                                        <td>{format!("{} → {} ({} d)", p.start_on, p.end_on, p.duration_days)}</td>
                                        <td class="num">{p.head_count}</td>
                                        {can_edit.then(|| view! {
                                            <td>
                                                <a href=format!("/requests/{}/positions/{}", rid, p.id)>{t!(i18n, requests.edit)}</a>
                                                " "
                                                <ActionForm action=remove attr:class="inline-form">
                                                    <input type="hidden" name="request_id" value=rid.clone() />
                                                    <input type="hidden" name="position_id" value=p.id.clone() />
                                                    <button type="submit" class="button-quiet">{t!(i18n, requests.remove)}</button>
                                                </ActionForm>
                                            </td>
                                        })}
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                }.into_any()
            }}
            {r.can_edit.then(|| view! {
                <p><a class="button-secondary" href=format!("/requests/{}/positions/new", r.id)>{t!(i18n, requests.add_position)}</a></p>
            })}

            {show_what_if.then(|| view! { <WhatIfPanel result=what_if /> })}
            {show_deployments.then(|| view! { <super::deployments::RequestDeploymentsPanel id=id.clone() data=panel /> })}

            <h2>{t!(i18n, requests.host_rule)}</h2>
            {match r.waiver.clone() {
                Some(w) => view! {
                    <p>{t!(i18n, requests.waived)}" "<strong>{w.reason}</strong></p>
                    <p class="muted">{format!("{} · {}", w.by.unwrap_or_default(), w.at)}</p>
                }.into_any(),
                None => view! { <p>{t!(i18n, requests.host_rule_applies, country = r.host_country.clone())}</p> }.into_any(),
            }}
            {r.can_waive.then(|| view! {
                <ErrorAlert error=waive_error />
                <ActionForm action=waive attr:class="form">
                    <input type="hidden" name="id" value=r.id.clone() />
                    {if r.waiver.is_some() {
                        view! {
                            <input type="hidden" name="revoke" value="1" />
                            <button type="submit" class="button-secondary">{t!(i18n, requests.revoke_waiver)}</button>
                        }.into_any()
                    } else {
                        view! {
                            <div class="field">
                                <label for="field-reason">{t!(i18n, requests.waiver_reason)}</label>
                                <textarea id="field-reason" name="reason" rows="2" aria-describedby="reason-error"></textarea>
                                <FieldMessage error=waive_error field="reason" />
                            </div>
                            <button type="submit" class="button-secondary">{t!(i18n, requests.waive)}</button>
                        }.into_any()
                    }}
                </ActionForm>
            })}

            <h2>{t!(i18n, requests.history)}</h2>
            <ol class="timeline">
                {r.history.iter().map(|h| view! {
                    <li>
                        {h.from.as_deref().map(|f| format!("{} → ", status_label(i18n, f)))}
                        <strong>{status_label(i18n, &h.to)}</strong>
                        " · "{h.at.clone()}
                        {h.by.clone().map(|b| format!(" · {b}"))}
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}

/// How many vetted experts would qualify per position today, and what excludes the most.
#[component]
fn WhatIfPanel(result: Resource<Result<Vec<WhatIfView>, crate::error::AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel" aria-labelledby="what-if-title">
            <h2 id="what-if-title">{t!(i18n, requests.what_if_title)}</h2>
            <p class="muted">{t!(i18n, requests.what_if_intro)}</p>
            <Transition fallback=move || view! { <p class="muted" role="status">{t!(i18n, requests.what_if_running)}</p> }>
                {move || Suspend::new(async move {
                    match result.await {
                        Err(e) => view! { <ErrorAlert error=Signal::derive(move || Some(e.clone())) /> }.into_any(),
                        Ok(list) => list.into_iter().map(|w| view! { <WhatIfPosition w /> }).collect_view().into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn WhatIfPosition(w: WhatIfView) -> impl IntoView {
    let i18n = use_i18n();
    let bars: Vec<(String, u64)> = w
        .constraints
        .iter()
        .take(6)
        .map(|c| (c.label.clone(), c.excluded as u64))
        .collect();
    view! {
        <div class="what-if">
            <h3>{w.title.clone()}" · "{category_label(&w.category)}</h3>
            <p class="lead">
                {t!(i18n, requests.what_if_qualify, qualifying = w.qualifying, base = w.base)}
            </p>
            {w.headline.clone().map(|h| view! { <p><strong>{h}</strong></p> })}
            {(!bars.is_empty()).then(|| view! { <BarChart title=t_string!(i18n, requests.what_if_chart).to_string() bars /> })}
        </div>
    }
}
