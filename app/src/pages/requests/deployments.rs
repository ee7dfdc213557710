//! A request's offers and deployments on its page: offers to the saved shortlist, the steps that
//! follow acceptance, and the expert's contact details once they accepted.
use crate::views::deployments::{DeploymentRow, DeploymentsOfRequest};
use crate::{
    api::deployments::{MakeOffer, StepDeployment, request_deployments},
    components::{
        errors::{ErrorAlert, FieldMessage, action_error},
        forms::cleared_on_success,
    },
    i18n::*,
    pages::portal::offers::{StateBadge, StepHistory},
};
use leptos::prelude::*;
use leptos_i18n::I18nContext;

fn step_label(i18n: I18nContext<Locale>, step: &str) -> String {
    match step {
        "prepare" => t_string!(i18n, portal.step_prepare),
        "deploy" => t_string!(i18n, portal.step_deploy),
        "extend" => t_string!(i18n, portal.step_extend),
        "complete" => t_string!(i18n, portal.step_complete),
        "cancel" => t_string!(i18n, portal.step_cancel),
        _ => t_string!(i18n, portal.step_withdraw),
    }
    .to_string()
}

/// The panel's actions and data, made by the page before anything is awaited.
#[derive(Clone, Copy)]
pub struct PanelData {
    offer: ServerAction<MakeOffer>,
    step: ServerAction<StepDeployment>,
    data: Resource<Result<DeploymentsOfRequest, crate::error::AppError>>,
}

impl PanelData {
    pub fn new(id: impl Fn() -> String + Send + Sync + 'static) -> Self {
        let offer = ServerAction::<MakeOffer>::new();
        let step = ServerAction::<StepDeployment>::new();
        let data = Resource::new(
            move || (id(), offer.version().get(), step.version().get()),
            |(id, ..)| request_deployments(id),
        );
        Self { offer, step, data }
    }
}

#[component]
pub fn RequestDeploymentsPanel(id: String, data: PanelData) -> impl IntoView {
    let i18n = use_i18n();
    let PanelData { offer, step, data } = data;
    view! {
        <section aria-labelledby="deployments-title">
            <h2 id="deployments-title">{t!(i18n, portal.deployments)}</h2>
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, shell.loading)}</p> }>
                {move || {
                    let id = id.clone();
                    Suspend::new(async move {
                        match data.await {
                            Err(e) => view! { <ErrorAlert error=Signal::derive(move || Some(e.clone())) /> }.into_any(),
                            Ok(d) => view! { <Panel id d offer step /> }.into_any(),
                        }
                    })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn Panel(
    id: String,
    d: DeploymentsOfRequest,
    offer: ServerAction<MakeOffer>,
    step: ServerAction<StepDeployment>,
) -> impl IntoView {
    let i18n = use_i18n();
    let offer_error = action_error(offer);
    let step_error = action_error(step);
    let open: Vec<_> = d.saved.iter().filter(|c| !c.offered).cloned().collect();
    view! {
        <ErrorAlert error=step_error />
        {if d.rows.is_empty() {
            view! { <p class="empty">{t!(i18n, portal.no_deployments)}</p> }.into_any()
        } else {
            d.rows.into_iter().map(|row| view! { <DeploymentCard row step /> }).collect_view().into_any()
        }}
        {(d.can_offer && !open.is_empty()).then(|| view! {
            <h3>{t!(i18n, portal.make_offers)}</h3>
            <ErrorAlert error=Signal::derive(move || offer_error.get().filter(|e| e.field("answer_within_hours").is_none())) />
            <FieldMessage error=offer_error field="answer_within_hours" />
            <table class="data-table" id="offer-candidates">
                <caption class="visually-hidden">{t!(i18n, portal.make_offers)}</caption>
                <thead><tr>
                    <th scope="col">{t!(i18n, portal.position)}</th>
                    <th scope="col">{t!(i18n, portal.expert)}</th>
                    <th scope="col">{t!(i18n, portal.offer)}</th>
                </tr></thead>
                <tbody>
                    {open.into_iter().map(|c| {
                        let id = id.clone();
                        let hours_id = format!("hours-{}-{}", c.position_id, c.expert_id);
                        let hours_id2 = hours_id.clone();
                        view! {
                            <tr>
                                <td>{c.position.clone()}</td>
                                <td><a href=format!("/roster/{}", c.expert_id)>{c.name.clone()}</a>{(c.role == "alternate").then(|| view! { " "<span class="muted">{t!(i18n, portal.alternate)}</span> })}</td>
                                <td>
                                    <ActionForm action=offer attr:class="inline-form">
                                        <input type="hidden" name="id" value=id.clone() />
                                        <input type="hidden" name="position_id" value=c.position_id.clone() />
                                        <input type="hidden" name="expert_id" value=c.expert_id.clone() />
                                        <label for=hours_id>{t!(i18n, portal.answer_within)}</label>
                                        <input id=hours_id2 name="answer_within_hours" type="number" min="1" max="336" value="72" size="4" />
                                        <button type="submit" class="button-primary">{t!(i18n, portal.offer_to, name = c.name.clone())}</button>
                                    </ActionForm>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        })}
    }
}

#[component]
fn DeploymentCard(row: DeploymentRow, step: ServerAction<StepDeployment>) -> impl IntoView {
    let i18n = use_i18n();
    let who = if row.expert_withheld {
        t_string!(i18n, portal.expert_withheld).to_string()
    } else {
        row.expert_name.clone()
    };
    let heading = format!("{who} · {}", row.position);
    let steps = row.next_steps.clone();
    let id = row.id.clone();
    let label = heading.clone();
    view! {
        <article class="card deployment-card" aria-label=label>
            <div class="page-head">
                <h3>{heading}</h3>
                <StateBadge state=row.state.clone() />
            </div>
            <dl class="facts">
                <dt>{t!(i18n, portal.dates)}</dt><dd>{format!("{} – {}", row.starts_on, row.ends_on)}</dd>
                <dt>{t!(i18n, portal.offered_at)}</dt><dd>{row.offered_at.clone()}</dd>
                {(row.state == "offered").then(|| view! { <dt>{t!(i18n, portal.respond_by)}</dt><dd>{row.respond_by.clone()}</dd> })}
                {row.answer_reason.clone().map(|r| view! { <dt>{t!(i18n, portal.reason)}</dt><dd>{r}</dd> })}
                {row.contact_email.clone().map(|e| view! { <dt>{t!(i18n, portal.email)}</dt><dd class="contact-email"><a href=format!("mailto:{e}")>{e.clone()}</a></dd> })}
                {row.contact_phone.clone().map(|p| view! { <dt>{t!(i18n, portal.phone)}</dt><dd class="contact-phone">{p}</dd> })}
                {row.hours_to_deploy.map(|h| view! { <dt>{t!(i18n, portal.time_to_deploy)}</dt><dd>{t!(i18n, portal.hours, n = h)}</dd> })}
            </dl>
            {(!steps.is_empty()).then(|| view! {
                <div class="form-actions">
                    {steps.into_iter().map(|s| {
                        let needs_reason = s == "cancel" || s == "withdraw";
                        let is_extend = s == "extend";
                        let id = id.clone();
                        let field_id = format!("{}-{}", s, id);
                        let field_id2 = field_id.clone();
                        let label = step_label(i18n, &s);
                        let form = cleared_on_success(step);
                        view! {
                            <ActionForm action=step node_ref=form attr:class="inline-form" attr:autocomplete="off">
                                <input type="hidden" name="id" value=id.clone() />
                                <input type="hidden" name="step" value=s.clone() />
                                {needs_reason.then(|| view! {
                                    <label for=field_id.clone()>{t!(i18n, portal.reason)}</label>
                                    <input id=field_id.clone() name="reason" type="text" required maxlength="2000" />
                                })}
                                {is_extend.then(|| view! {
                                    <label for=field_id2.clone()>{t!(i18n, portal.until)}</label>
                                    <input id=field_id2.clone() name="until" type="date" required />
                                })}
                                <button type="submit" class=if s == "deploy" || s == "prepare" { "button-primary" } else { "button-secondary" }>{label}</button>
                            </ActionForm>
                        }
                    }).collect_view()}
                </div>
            })}
            <StepHistory row=row.clone() />
        </article>
    }
}
