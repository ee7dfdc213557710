//! Offers and deployments as cards: the expert answers theirs (`/me/offers`), a roster office sees
//! its nominees' and may decline for them (`/offers`).
use crate::views::deployments::DeploymentRow;
use crate::{
    api::deployments::{AnswerOffer, my_offers, office_offers},
    components::{
        errors::{ErrorAlert, action_error},
        guard::Guarded,
    },
    i18n::*,
};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;

pub fn state_label(i18n: I18nContext<Locale>, state: &str) -> String {
    match state {
        "offered" => t_string!(i18n, portal.state_offered),
        "accepted" => t_string!(i18n, portal.state_accepted),
        "declined" => t_string!(i18n, portal.state_declined),
        "expired" => t_string!(i18n, portal.state_expired),
        "preparing" => t_string!(i18n, portal.state_preparing),
        "deployed" => t_string!(i18n, portal.state_deployed),
        "extended" => t_string!(i18n, portal.state_extended),
        "completed" => t_string!(i18n, portal.state_completed),
        "cancelled" => t_string!(i18n, portal.state_cancelled),
        _ => t_string!(i18n, portal.state_withdrawn),
    }
    .to_string()
}

#[component]
pub fn StateBadge(state: String) -> impl IntoView {
    let i18n = use_i18n();
    let label = state_label(i18n, &state);
    view! { <span class=format!("badge deployment-{state}")>{label}</span> }
}

/// The history of one deployment: every step with who and when.
#[component]
pub fn StepHistory(row: DeploymentRow) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <details>
            <summary>{t!(i18n, portal.history)}</summary>
            <ol class="timeline">
                {row.steps.into_iter().map(|s| view! {
                    <li>
                        <strong>{state_label(i18n, &s.to)}</strong>
                        {format!(" · {} · {}", s.at, s.actor.unwrap_or_else(|| s.party.clone()))}
                        {s.reason.map(|r| view! { <q>{r}</q> })}
                    </li>
                }).collect_view()}
            </ol>
        </details>
    }
}

#[component]
fn OfferCard(
    row: DeploymentRow,
    answer: ServerAction<AnswerOffer>,
    show_expert: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = row.id.clone();
    let id2 = row.id.clone();
    let heading = format!("{} · {}", row.mission, row.position);
    let reason_id = format!("reason-{}", row.id);
    let reason_id2 = reason_id.clone();
    let label = heading.clone();
    view! {
        <article class="card offer-card" aria-label=label>
            <div class="page-head">
                <h2>{heading}</h2>
                <StateBadge state=row.state.clone() />
            </div>
            <dl class="facts">
                {show_expert.then(|| view! { <dt>{t!(i18n, portal.expert)}</dt><dd>{format!("{} ({})", row.expert_name, row.member_state)}</dd> })}
                <dt>{t!(i18n, portal.duty_station)}</dt><dd>{format!("{}, {}", row.duty_station, row.host_country)}</dd>
                <dt>{t!(i18n, portal.dates)}</dt><dd>{format!("{} – {}", row.starts_on, row.ends_on)}</dd>
                <dt>{t!(i18n, portal.respond_by)}</dt><dd>{row.respond_by.clone()}</dd>
                {row.answer_reason.clone().map(|r| view! { <dt>{t!(i18n, portal.reason)}</dt><dd>{r}</dd> })}
            </dl>
            {(row.can_accept || row.can_decline).then(|| view! {
                <div class="form-actions">
                    {row.can_accept.then(|| view! {
                        <ActionForm action=answer attr:class="inline-form">
                            <input type="hidden" name="id" value=id.clone() />
                            <input type="hidden" name="answer" value="accept" />
                            <button type="submit" class="button-primary">{t!(i18n, portal.accept)}</button>
                        </ActionForm>
                    })}
                    <ActionForm action=answer attr:class="inline-form">
                        <input type="hidden" name="id" value=id2.clone() />
                        <input type="hidden" name="answer" value="decline" />
                        <label for=reason_id.clone()>{t!(i18n, portal.decline_reason)}</label>
                        <input id=reason_id2 name="reason" type="text" maxlength="2000" />
                        <button type="submit" class="button-secondary">{t!(i18n, portal.decline)}</button>
                    </ActionForm>
                </div>
            })}
            <StepHistory row=row.clone() />
        </article>
    }
}

#[component]
fn OfferList(
    rows: Vec<DeploymentRow>,
    answer: ServerAction<AnswerOffer>,
    show_expert: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    if rows.is_empty() {
        return view! { <p class="empty">{t!(i18n, portal.no_offers)}</p> }.into_any();
    }
    rows.into_iter()
        .map(|row| view! { <OfferCard row answer show_expert /> })
        .collect_view()
        .into_any()
}

#[component]
pub fn MyOffersPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, portal.my_offers).to_string() />
        <Guarded>
            <OffersContent mine=true />
        </Guarded>
    }
}

#[component]
pub fn OfficeOffersPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, portal.office_offers).to_string() />
        <Guarded>
            <OffersContent mine=false />
        </Guarded>
    }
}

#[component]
fn OffersContent(mine: bool) -> impl IntoView {
    let i18n = use_i18n();
    let answer = ServerAction::<AnswerOffer>::new();
    let error = action_error(answer);
    let rows = Resource::new(
        move || answer.version().get(),
        move |_| async move {
            if mine {
                my_offers().await
            } else {
                office_offers().await
            }
        },
    );
    view! {
        <section class="page" aria-labelledby="offers-title">
            {mine.then(|| view! { <p class="breadcrumb"><a href="/me">{t!(i18n, portal.title)}</a></p> })}
            <h1 id="offers-title">{if mine { t!(i18n, portal.my_offers).into_any() } else { t!(i18n, portal.office_offers).into_any() }}</h1>
            <ErrorAlert error />
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, shell.loading)}</p> }>
                {move || Suspend::new(async move {
                    match rows.await {
                        Err(e) => view! { <ErrorAlert error=Signal::derive(move || Some(e.clone())) /> }.into_any(),
                        Ok(rows) => view! { <OfferList rows answer show_expert=!mine /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
