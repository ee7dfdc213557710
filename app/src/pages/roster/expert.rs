//! One expert's record: profile, readiness with its reasons, vetting, history, availability, audit.
use crate::views::roster::ExpertView;
use crate::{
    api::{
        roster::get_expert,
        vetting::{ChangeRosterStatus, DecideLanguageClaim, RecordCheck},
    },
    components::{
        badges::{CheckBadge, StatusBadge, TierBadge, status_label},
        errors::{ErrorAlert, FieldMessage, action_error},
        forms::cleared_on_success,
        guard::Guarded,
    },
    domain::{
        taxonomy::{Category, Skill, SkillLevel},
        vetting::CheckKind,
    },
    i18n::*,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ExpertPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let change = ServerAction::<ChangeRosterStatus>::new();
    let check = ServerAction::<RecordCheck>::new();
    let decide = ServerAction::<DecideLanguageClaim>::new();
    let account = super::account::AccountActions::new();
    let expert = Resource::new(
        move || {
            (
                id(),
                change.version().get(),
                check.version().get(),
                decide.version().get(),
                account.version(),
            )
        },
        |(id, ..)| get_expert(id),
    );
    // Made outside the guard, which the server may build more than once: one read per page.
    view! {
        <Title text=move || t_string!(i18n, roster.expert_title).to_string() />
        <Guarded>
            <ExpertContent expert change check decide account />
        </Guarded>
    }
}

#[component]
fn ExpertContent(
    expert: Resource<Result<ExpertView, crate::error::AppError>>,
    change: ServerAction<ChangeRosterStatus>,
    check: ServerAction<RecordCheck>,
    decide: ServerAction<DecideLanguageClaim>,
    account: super::account::AccountActions,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, shell.loading)}</p> }>
            {move || Suspend::new(async move {
                match expert.await {
                    Err(e) => view! {
                        <section class="page">
                            <h1>{t!(i18n, roster.expert_title)}</h1>
                            <ErrorAlert error=Signal::derive(move || Some(e.clone())) />
                            <p><a href="/roster">{t!(i18n, roster.back)}</a></p>
                        </section>
                    }.into_any(),
                    Ok(x) => view! {
                        <Record x=x.clone() change check />
                        <super::account::DuplicatesPanel x=x.clone() dismiss=account.dismiss />
                        <super::account::AccountPanel x=x.clone() actions=account />
                        <super::account::ClaimsPanel x=x.clone() decide />
                        <super::erasure::ErasurePanel x />
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

fn or_dash(v: Option<String>) -> String {
    v.filter(|s| !s.is_empty())
        .unwrap_or_else(|| "—".to_owned())
}

fn check_label(slug: &str) -> String {
    CheckKind::parse(slug).map_or_else(|| slug.to_owned(), |k| k.label().to_owned())
}

#[component]
pub fn Record(
    x: ExpertView,
    change: ServerAction<ChangeRosterStatus>,
    check: ServerAction<RecordCheck>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = format!("{} {}", x.given_names, x.family_name);
    let categories = x
        .categories
        .iter()
        .map(|c| Category::parse(c).map_or(c.clone(), |c| c.label().to_owned()))
        .collect::<Vec<_>>()
        .join(", ");
    let reasons = x.readiness.reasons.clone();
    let edit = x.can_edit.then(|| {
        let href = format!("/roster/{}/edit", x.id);
        view! { <a class="button-primary" href=href>{t!(i18n, roster.edit)}</a> }
    });
    view! {
        <article class="page expert-record" aria-labelledby="expert-name">
            {(!x.is_self).then(|| view! { <p class="breadcrumb"><a href="/roster">{t!(i18n, roster.back)}</a></p> })}
            <div class="page-head">
                <div>
                    <h1 id="expert-name">{name}</h1>
                    {x.latin_name.clone().map(|l| view! { <p class="muted latin-name">{l}</p> })}
                    <p class="badges">
                        <StatusBadge status=x.status.clone() />
                        " "
                        <TierBadge tier=x.readiness.tier.clone() />
                    </p>
                </div>
                {edit}
            </div>

            <section class="card" aria-labelledby="readiness-title">
                <h2 id="readiness-title">{t!(i18n, roster.readiness)}</h2>
                <p>{t!(i18n, roster.readiness_as_of, date = x.readiness.as_of.clone())}</p>
                {if reasons.is_empty() {
                    view! { <p>{t!(i18n, roster.no_reasons)}</p> }.into_any()
                } else {
                    view! { <ul class="reasons">{reasons.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul> }.into_any()
                }}
            </section>

            <section class="card" aria-labelledby="profile-title">
                <h2 id="profile-title">{t!(i18n, roster.profile)}</h2>
                <dl class="facts">
                    <dt>{t!(i18n, roster.nominated_by)}</dt><dd>{x.member_state.clone()}</dd>
                    <dt>{t!(i18n, roster.external_ref)}</dt><dd>{x.external_ref.clone()}</dd>
                    <dt>{t!(i18n, roster.gender)}</dt><dd>{x.gender.clone()}</dd>
                    {x.date_of_birth.clone().map(|d| view! { <dt>{t!(i18n, roster.date_of_birth)}</dt><dd>{d}</dd> })}
                    {x.email.clone().map(|e| view! { <dt>{t!(i18n, roster.email)}</dt><dd>{e}</dd> })}
                    {x.email.is_some().then(|| view! { <dt>{t!(i18n, roster.phone)}</dt><dd>{or_dash(x.phone.clone())}</dd> })}
                    <dt>{t!(i18n, roster.nationality)}</dt><dd>{x.nationalities.join(", ")}</dd>
                    <dt>{t!(i18n, roster.category)}</dt><dd>{categories}</dd>
                    <dt>{t!(i18n, roster.years)}</dt><dd>{x.years_experience}</dd>
                    <dt>{t!(i18n, roster.status_since)}</dt><dd>{x.status_since.clone()}</dd>
                </dl>
            </section>

            <div class="card-grid">
                <section class="card" aria-labelledby="skills-title">
                    <h2 id="skills-title">{t!(i18n, roster.skills)}</h2>
                    {if x.skills.is_empty() { Some(view! { <p class="muted">"—"</p> }) } else { None }}
                    <ul class="plain">
                        {x.skills.iter().map(|s| {
                            let label = Skill::parse(&s.slug).map_or(s.slug.clone(), |k| k.label().to_owned());
                            let level = SkillLevel::new(s.level).map_or(String::new(), |l| l.label().to_owned());
                            view! { <li>{label}" — "<span class="muted">{format!("{} ({level})", s.level)}</span></li> }
                        }).collect_view()}
                    </ul>
                </section>
                <section class="card" aria-labelledby="languages-title">
                    <h2 id="languages-title">{t!(i18n, roster.languages)}</h2>
                    <ul class="plain">
                        {x.languages.iter().map(|l| view! { <li>{l.name.clone()}" — "<strong>{l.level.clone()}</strong></li> }).collect_view()}
                    </ul>
                </section>
                <section class="card" aria-labelledby="availability-title">
                    <h2 id="availability-title">{t!(i18n, roster.availability)}</h2>
                    <dl class="facts">
                        <dt>{t!(i18n, roster.notice_days)}</dt><dd>{x.notice_days}</dd>
                        <dt>{t!(i18n, roster.available_from)}</dt><dd>{or_dash(x.available_from.clone())}</dd>
                        <dt>{t!(i18n, roster.available_to)}</dt><dd>{or_dash(x.available_to.clone())}</dd>
                        <dt>{t!(i18n, roster.last_confirmed)}</dt>
                        <dd>
                            {or_dash(x.last_confirmed_on.clone())}
                            {x.availability_stale.then(|| view! { " " <span class="badge badge-bad">{t!(i18n, roster.stale)}</span> })}
                        </dd>
                    </dl>
                    {(!x.windows.is_empty()).then(|| view! {
                        <ul class="plain">
                            {x.windows.iter().map(|w| view! { <li>{format!("{}: {} → {}", w.kind, w.from, w.to)}</li> }).collect_view()}
                        </ul>
                    })}
                </section>
            </div>

            {(!x.checks.is_empty()).then(|| view! { <Checks x=x.clone() /> })}
            {x.can_record_checks.then(|| view! { <CheckForm id=x.id.clone() check /> })}
            {(!x.next_statuses.is_empty()).then(|| view! { <DecisionForm id=x.id.clone() next=x.next_statuses.clone() change /> })}
            {(!x.history.is_empty()).then(|| view! { <History x=x.clone() /> })}

            <section class="card" aria-labelledby="missions-title">
                <h2 id="missions-title">{t!(i18n, roster.prior_missions)}</h2>
                {if x.prior_missions.is_empty() {
                    view! { <p class="muted">{t!(i18n, roster.no_missions)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="plain">
                            {x.prior_missions.iter().map(|m| view! {
                                <li>{format!("{} — {} ({}, {} → {})", m.mission, m.role, m.country.clone().unwrap_or_default(), m.started_on, m.ended_on.clone().unwrap_or_default())}</li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>

            {(!x.audit.is_empty()).then(|| view! { <AuditTrail x=x.clone() /> })}
        </article>
    }
}

#[component]
fn Checks(x: ExpertView) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="checks-title">
            <h2 id="checks-title">{t!(i18n, roster.checks)}</h2>
            <div class="table-wrap">
                <table class="data-table">
                    <caption class="visually-hidden">{t!(i18n, roster.checks)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, roster.check)}</th>
                            <th scope="col">{t!(i18n, roster.check_result)}</th>
                            <th scope="col">{t!(i18n, roster.done_on)}</th>
                            <th scope="col">{t!(i18n, roster.expires_on)}</th>
                            <th scope="col">{t!(i18n, roster.recorded_by)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {x.checks.into_iter().map(|c| view! {
                            <tr>
                                <td>{check_label(&c.kind)}{c.note.map(|n| view! { <span class="muted block">{n}</span> })}</td>
                                <td><CheckBadge status=c.status /></td>
                                <td>{or_dash(c.done_on)}</td>
                                <td>{or_dash(c.expires_on)}</td>
                                <td>{or_dash(c.recorded_by)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn CheckForm(id: String, check: ServerAction<RecordCheck>) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(check);
    let form = cleared_on_success(check);
    view! {
        <section class="card" aria-labelledby="record-check-title">
            <h2 id="record-check-title">{t!(i18n, roster.record_check)}</h2>
            <ErrorAlert error />
            <ActionForm action=check node_ref=form attr:class="form-grid" attr:autocomplete="off">
                <input type="hidden" name="id" value=id />
                <div class="field">
                    <label for="check-kind">{t!(i18n, roster.check)}</label>
                    <select id="check-kind" name="kind" required aria-describedby="kind-error">
                        <option value="" selected disabled>{t!(i18n, roster.choose)}</option>
                        {CheckKind::ALL.into_iter().map(|k| view! { <option value=k.as_str()>{k.label()}</option> }).collect_view()}
                    </select>
                    <FieldMessage error field="kind" />
                </div>
                <div class="field">
                    <label for="check-status">{t!(i18n, roster.check_result)}</label>
                    <select id="check-status" name="status" required aria-describedby="status-error">
                        <option value="" selected disabled>{t!(i18n, roster.choose)}</option>
                        <option value="passed">{t!(i18n, roster.check_passed)}</option>
                        <option value="pending">{t!(i18n, roster.check_pending)}</option>
                        <option value="failed">{t!(i18n, roster.check_failed)}</option>
                    </select>
                    <FieldMessage error field="status" />
                </div>
                <div class="field">
                    <label for="check-done">{t!(i18n, roster.done_on)}</label>
                    <input id="check-done" name="done_on" type="date" aria-describedby="done_on-error" />
                    <FieldMessage error field="done_on" />
                </div>
                <div class="field">
                    <label for="check-expires">{t!(i18n, roster.expires_on)}</label>
                    <input id="check-expires" name="expires_on" type="date" aria-describedby="expires_on-error" />
                    <FieldMessage error field="expires_on" />
                </div>
                <div class="field field-wide">
                    <label for="check-note">{t!(i18n, roster.note)}</label>
                    <input id="check-note" name="note" type="text" maxlength="2000" />
                </div>
                <button type="submit" class="button-secondary">{t!(i18n, roster.save_check)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn DecisionForm(
    id: String,
    next: Vec<String>,
    change: ServerAction<ChangeRosterStatus>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(change);
    let form = cleared_on_success(change);
    view! {
        <section class="card" aria-labelledby="decision-title">
            <h2 id="decision-title">{t!(i18n, roster.decision)}</h2>
            <p class="muted">{t!(i18n, roster.decision_hint)}</p>
            <ErrorAlert error />
            <ActionForm action=change node_ref=form attr:class="form-grid" attr:autocomplete="off">
                <input type="hidden" name="id" value=id />
                <div class="field">
                    <label for="decision-to">{t!(i18n, roster.move_to)}</label>
                    <select id="decision-to" name="to" required aria-describedby="to-error">
                        // No move is chosen for the decider: the last decision must never be one click away.
                        <option value="" selected disabled>{t!(i18n, roster.choose)}</option>
                        {next.into_iter().map(|s| {
                            let label = status_label(i18n, &s);
                            view! { <option value=s>{label}</option> }
                        }).collect_view()}
                    </select>
                    <FieldMessage error field="to" />
                </div>
                <div class="field field-wide">
                    <label for="decision-reason">{t!(i18n, roster.reason)}</label>
                    <textarea id="decision-reason" name="reason" rows="3" required maxlength="2000" aria-describedby="reason-error"></textarea>
                    <FieldMessage error field="reason" />
                </div>
                <button type="submit" class="button-primary">{t!(i18n, roster.record_decision)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn History(x: ExpertView) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="history-title">
            <h2 id="history-title">{t!(i18n, roster.history)}</h2>
            <ol class="timeline">
                {x.history.into_iter().map(|h| {
                    let from = h.from.map(|f| status_label(i18n, &f)).unwrap_or_default();
                    let to = status_label(i18n, &h.to);
                    view! {
                        <li>
                            <strong>{if from.is_empty() { to.clone() } else { format!("{from} → {to}") }}</strong>
                            <span class="muted">{format!(" · {} · {}", h.at, h.by.unwrap_or_default())}</span>
                            <p>{h.reason}</p>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
fn AuditTrail(x: ExpertView) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="audit-title">
            <h2 id="audit-title">{t!(i18n, roster.audit_trail)}</h2>
            <ol class="timeline">
                {x.audit.into_iter().map(|a| view! {
                    <li>
                        <strong>{a.action}</strong>
                        <span class="muted">{format!(" · {} · {}", a.at, a.actor.unwrap_or_default())}</span>
                        <ul class="changes">{a.changes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}
