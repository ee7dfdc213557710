//! The shortlist of a request: per position the proposed experts and alternates with "why ranked
//! here", pins and drops, a link to "why not", the spread of the shortlist, and saving it.
use super::{RequestStatusBadge, category_label};
use crate::views::matching::{CandidateView, PositionShortlistView, ShortlistView};
use crate::{
    api::matching::{PickCandidate, SaveShortlist, request_shortlist},
    components::{
        chart::BarChart,
        errors::{ErrorAlert, action_error},
        guard::Guarded,
    },
    i18n::*,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ShortlistPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let save = ServerAction::<SaveShortlist>::new();
    let pick = ServerAction::<PickCandidate>::new();
    // Pins, drops and saving redirect back here: match again after every one. Made outside the
    // guard, which the server may build more than once: matching runs once per page.
    let shortlist = Resource::new(
        move || (id(), save.version().get(), pick.version().get()),
        |(id, ..)| request_shortlist(id),
    );
    view! {
        <Title text=move || t_string!(i18n, requests.shortlist_title).to_string() />
        <Guarded>
            <ShortlistContent shortlist save pick />
        </Guarded>
    }
}

#[component]
fn ShortlistContent(
    shortlist: Resource<Result<ShortlistView, crate::error::AppError>>,
    save: ServerAction<SaveShortlist>,
    pick: ServerAction<PickCandidate>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Transition fallback=move || view! { <p class="muted" role="status">{t!(i18n, requests.matching_running)}</p> }>
            {move || Suspend::new(async move {
                match shortlist.await {
                    Err(e) => view! {
                        <section class="page">
                            <h1>{t!(i18n, requests.shortlist_title)}</h1>
                            <ErrorAlert error=Signal::derive(move || Some(e.clone())) />
                        </section>
                    }.into_any(),
                    Ok(s) => view! { <Shortlist s save pick /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Shortlist(
    s: ShortlistView,
    save: ServerAction<SaveShortlist>,
    pick: ServerAction<PickCandidate>,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let just_saved = move || query.read().get("saved").is_some();
    let save_error = action_error(save);
    let pick_error = action_error(pick);
    let request_id = s.request_id.clone();
    let can_edit = s.can_edit;
    let positions = s.positions.clone();
    let spread = s.clone();
    view! {
        <section class="page" aria-labelledby="shortlist-title">
            <p class="breadcrumb"><a href=format!("/requests/{}", s.request_id)>{s.mission.clone()}</a></p>
            <div class="page-head">
                <h1 id="shortlist-title">{t!(i18n, requests.shortlist_title)}</h1>
                <RequestStatusBadge status=s.status.clone() />
            </div>
            <p class="muted">{t!(i18n, requests.shortlist_intro, country = s.host_country.clone())}
                {s.host_waived.then(|| view! { " "<strong>{t!(i18n, requests.host_rule_waived)}</strong> })}
            </p>
            <ErrorAlert error=save_error />
            <ErrorAlert error=pick_error />
            {move || just_saved().then(|| view! { <div class="alert alert-ok" role="status">{t!(i18n, requests.saved_ok)}</div> })}
            <p>
                {match s.saved.clone() {
                    Some(at) => view! { <span>{t!(i18n, requests.saved_at, at = at)}</span> }.into_any(),
                    None => view! { <span>{t!(i18n, requests.not_saved)}</span> }.into_any(),
                }}
                {s.saved_differs.then(|| view! { " "<strong>{t!(i18n, requests.saved_differs)}</strong> })}
            </p>
            {s.can_edit.then(|| view! {
                <ActionForm action=save attr:class="inline-form">
                    <input type="hidden" name="id" value=s.request_id.clone() />
                    <button type="submit" class="button-primary">{t!(i18n, requests.save_shortlist)}</button>
                </ActionForm>
            })}

            <SpreadPanel s=spread />

            {positions.into_iter().map(|p| view! {
                <PositionBlock p request_id=request_id.clone() can_edit pick />
            }).collect_view()}
        </section>
    }
}

#[component]
fn SpreadPanel(s: ShortlistView) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel" aria-labelledby="spread-title">
            <h2 id="spread-title">{t!(i18n, requests.spread_title, people = s.spread.people)}</h2>
            {s.spread.warnings.iter().map(|w| view! {
                <div class="alert" role="note">{t!(i18n, requests.dominates)}" "{w.clone()}</div>
            }).collect_view()}
            <div class="card-grid">
                {s.spread.dimensions.into_iter().map(|(label, counts)| {
                    let bars = counts.into_iter().take(8).map(|(v, n)| (v, n as u64)).collect();
                    view! { <BarChart title=label bars /> }
                }).collect_view()}
            </div>
        </section>
    }
}

#[component]
fn PositionBlock(
    p: PositionShortlistView,
    request_id: String,
    can_edit: bool,
    pick: ServerAction<PickCandidate>,
) -> impl IntoView {
    let i18n = use_i18n();
    let heading_id = format!("position-{}", p.position_id);
    let why_not = format!(
        "/requests/{request_id}/positions/{}/excluded",
        p.position_id
    );
    let table = move |title: String, rows: Vec<CandidateView>, rid: String, pid: String| {
        view! {
            <div class="table-wrap">
            <table class="data-table shortlist">
                <caption>{title}</caption>
                <thead><tr>
                    <th scope="col" class="num">"#"</th>
                    <th scope="col">{t!(i18n, requests.expert)}</th>
                    <th scope="col">{t!(i18n, requests.nominated_by)}</th>
                    <th scope="col" class="num">{t!(i18n, requests.score)}</th>
                    <th scope="col">{t!(i18n, requests.why_ranked)}</th>
                    {can_edit.then(|| view! { <th scope="col">{t!(i18n, requests.actions)}</th> })}
                </tr></thead>
                <tbody>
                    {rows.into_iter().enumerate().map(|(i, c)| {
                        let (rid, pid) = (rid.clone(), pid.clone());
                        view! {
                            <tr>
                                <td class="num">{i + 1}</td>
                                <td>
                                    {c.name.clone()}
                                    {c.latin_name.clone().map(|l| view! { <br /><span class="muted">{l}</span> })}
                                    {c.pinned.then(|| view! { " "<span class="badge badge-ok">{t!(i18n, requests.pinned)}</span> })}
                                </td>
                                <td>{c.member_state.clone()}<br /><span class="muted">{c.gender.clone()}</span></td>
                                <td class="num"><strong>{c.score}</strong></td>
                                <td>
                                    <details>
                                        <summary>{t!(i18n, requests.why_ranked_here)}</summary>
                                        <ul class="plain">
                                            {c.lines.iter().map(|l| view! {
                                                <li><strong>{format!("{} +{}", l.label, l.points)}</strong>": "{l.detail.clone()}</li>
                                            }).collect_view()}
                                        </ul>
                                    </details>
                                </td>
                                {can_edit.then(|| {
                                    let form = move |verb: &'static str, label: String| {
                                        let (rid, pid, eid) = (rid.clone(), pid.clone(), c.expert_id.clone());
                                        view! {
                                            <ActionForm action=pick attr:class="inline-form">
                                                <input type="hidden" name="id" value=rid />
                                                <input type="hidden" name="position_id" value=pid />
                                                <input type="hidden" name="expert_id" value=eid />
                                                <input type="hidden" name="pick" value=verb />
                                                <button type="submit" class="button-quiet">{label}</button>
                                            </ActionForm>
                                        }
                                    };
                                    view! {
                                        <td>
                                            {if c.pinned {
                                                form("clear", t_string!(i18n, requests.unpin).to_string()).into_any()
                                            } else {
                                                form("pin", t_string!(i18n, requests.pin).to_string()).into_any()
                                            }}
                                            {form("drop", t_string!(i18n, requests.drop).to_string())}
                                        </td>
                                    }
                                })}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        }
    };
    let (rid, pid) = (request_id.clone(), p.position_id.clone());
    view! {
        <section class="block" aria-labelledby=heading_id.clone()>
            <h2 id=heading_id.clone()>{p.title.clone()}" · "{category_label(&p.category)}</h2>
            <p class="muted">
                {t!(i18n, requests.position_summary, seats = p.head_count, eligible = p.eligible, start = p.start_on.clone(), end = p.end_on.clone())}
                " "<a href=why_not>{t!(i18n, requests.why_not_link)}</a>
            </p>
            {(!p.pinned_lapsed.is_empty()).then(|| view! {
                <div class="alert" role="note">{t!(i18n, requests.pinned_lapsed)}" "{p.pinned_lapsed.join(", ")}</div>
            })}
            {if p.proposed.is_empty() {
                view! { <p class="empty">{t!(i18n, requests.nobody_qualifies)}</p> }.into_any()
            } else {
                table(t_string!(i18n, requests.proposed).to_string(), p.proposed.clone(), rid.clone(), pid.clone()).into_any()
            }}
            {(!p.alternates.is_empty()).then(|| table(t_string!(i18n, requests.alternates).to_string(), p.alternates.clone(), rid.clone(), pid.clone()))}
            {(!p.dropped.is_empty()).then(|| view! {
                <h3>{t!(i18n, requests.dropped)}</h3>
                <ul class="plain">
                    {p.dropped.iter().map(|(eid, name)| {
                        let (rid, pid, eid) = (rid.clone(), pid.clone(), eid.clone());
                        view! {
                            <li>{name.clone()}" "
                                {can_edit.then(|| view! {
                                    <ActionForm action=pick attr:class="inline-form">
                                        <input type="hidden" name="id" value=rid />
                                        <input type="hidden" name="position_id" value=pid />
                                        <input type="hidden" name="expert_id" value=eid />
                                        <input type="hidden" name="pick" value="clear" />
                                        <button type="submit" class="button-quiet">{t!(i18n, requests.restore)}</button>
                                    </ActionForm>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}
