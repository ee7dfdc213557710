//! The roster list: search by name in any script, filters, sort and pages, all carried in the URL.
use crate::views::reference::{CountryRow, LanguageOption};
use crate::views::roster::{RosterPage, RosterRow};
use crate::{
    api::{
        reference::{list_countries, list_languages},
        roster::list_experts,
    },
    components::{
        badges::{StatusBadge, TierBadge, status_label, tier_label},
        errors::ErrorAlert,
        guard::Guarded,
        pager::Pager,
    },
    domain::{
        readiness::Tier,
        roster_query::RosterParams,
        taxonomy::{Category, Cefr, Skill},
        vetting::RosterStatus,
    },
    error::AppError,
    i18n::*,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Form, hooks::use_query_map};

pub fn params_from_url(q: &leptos_router::params::ParamsMap) -> RosterParams {
    let get = |k: &str| q.get(k).unwrap_or_default();
    RosterParams {
        q: get("q"),
        category: get("category"),
        skill: get("skill"),
        skill_level: get("skill_level"),
        language: get("language"),
        language_level: get("language_level"),
        nationality: get("nationality"),
        state: get("state"),
        status: get("status"),
        tier: get("tier"),
        sort: get("sort"),
        page: get("page"),
    }
}

fn href(params: &RosterParams) -> String {
    match params.to_query_string() {
        q if q.is_empty() => "/roster".to_owned(),
        q => format!("/roster?{q}"),
    }
}

#[component]
pub fn RosterListPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, roster.title).to_string() />
        <Guarded>
            <RosterContent />
        </Guarded>
    }
}

#[component]
fn RosterContent() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let params = Memo::new(move |_| params_from_url(&query.read()));
    let page = Resource::new(move || params.get(), list_experts);
    let languages = Resource::new(|| (), |_| list_languages());
    let countries = Resource::new(|| (), |_| list_countries(None, None));
    view! {
        <section class="page" aria-labelledby="roster-title">
            <div class="page-head">
                <h1 id="roster-title">{t!(i18n, roster.title)}</h1>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        page.await.ok().filter(|p| p.can_nominate).map(|_| view! {
                            <a class="button-primary" href="/roster/new">{t!(i18n, roster.nominate)}</a>
                        })
                    })}
                </Transition>
            </div>
            {move || (query.read().get("erased").as_deref() == Some("1")).then(|| view! {
                <p class="alert alert-ok" role="status">{t!(i18n, erasure.done)}</p>
            })}
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let langs = languages.await.unwrap_or_default();
                    let countries = countries.await.map(|c| c.rows).unwrap_or_default();
                    let shape = page.await.ok().map(|p| (p.sees_all_states, p.vetted_only)).unwrap_or((false, false));
                    view! { <Filters params=params.get_untracked() langs countries shape /> }
                })}
            </Transition>
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, shell.loading)}</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Err(e) => view! { <ErrorAlert error=Signal::derive(move || Some(e.clone())) /> }.into_any(),
                        Ok(p) => view! { <Results page=p params=params.get_untracked() /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

fn options<T, S, L>(all: &[T], selected: &str, slug: S, label: L) -> impl IntoView + use<T, S, L>
where
    T: Copy,
    S: Fn(T) -> String,
    L: Fn(T) -> String,
{
    all.iter()
        .map(|item| {
            let value = slug(*item);
            let is_selected = value == selected;
            view! { <option value=value selected=is_selected>{label(*item)}</option> }
        })
        .collect_view()
}

/// A GET form: submitting it changes the URL, so every view can be bookmarked and shared.
#[component]
fn Filters(
    params: RosterParams,
    langs: Vec<LanguageOption>,
    countries: Vec<CountryRow>,
    shape: (bool, bool),
) -> impl IntoView {
    let i18n = use_i18n();
    let (sees_all_states, vetted_only) = shape;
    let any = move || t_string!(i18n, roster.any).to_string();
    let country_options = move |selected: &str| {
        countries
            .iter()
            .map(|c| {
                let is_selected = c.code == selected;
                view! { <option value=c.code.clone() selected=is_selected>{format!("{} — {}", c.code, c.name)}</option> }
            })
            .collect_view()
    };
    let nationality_options = country_options(&params.nationality);
    let state_options = country_options(&params.state);
    view! {
        <Form method="GET" action="/roster" attr:class="filter-bar roster-filters" attr:role="search">
            <div class="field field-wide">
                <label for="f-q">{t!(i18n, roster.search)}</label>
                <input id="f-q" name="q" type="search" value=params.q.clone() autocomplete="off" />
            </div>
            <div class="field">
                <label for="f-category">{t!(i18n, roster.category)}</label>
                <select id="f-category" name="category">
                    <option value="">{any()}</option>
                    {options(&Category::ALL, &params.category, |c| c.slug().to_owned(), |c| c.label().to_owned())}
                </select>
            </div>
            <div class="field">
                <label for="f-skill">{t!(i18n, roster.skill)}</label>
                <select id="f-skill" name="skill">
                    <option value="">{any()}</option>
                    {options(&Skill::ALL, &params.skill, |s| s.slug().to_owned(), |s| s.label().to_owned())}
                </select>
            </div>
            <div class="field field-narrow">
                <label for="f-skill-level">{t!(i18n, roster.min_level)}</label>
                <select id="f-skill-level" name="skill_level">
                    {options(&[1u8, 2, 3, 4], &params.skill_level, |l| if l == 1 { String::new() } else { l.to_string() }, |l| format!("{l}+"))}
                </select>
            </div>
            <div class="field">
                <label for="f-language">{t!(i18n, roster.language)}</label>
                <select id="f-language" name="language">
                    <option value="">{any()}</option>
                    {langs.into_iter().map(|l| {
                        let is_selected = l.code == params.language;
                        view! { <option value=l.code.clone() selected=is_selected>{l.name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field field-narrow">
                <label for="f-language-level">{t!(i18n, roster.min_level)}</label>
                <select id="f-language-level" name="language_level">
                    {options(&[Cefr::A1, Cefr::A2, Cefr::B1, Cefr::B2, Cefr::C1, Cefr::C2], &params.language_level.to_ascii_uppercase(), |c| if c == Cefr::A1 { String::new() } else { c.as_str().to_owned() }, |c| format!("{}+", c.as_str()))}
                </select>
            </div>
            <div class="field">
                <label for="f-nationality">{t!(i18n, roster.nationality)}</label>
                <select id="f-nationality" name="nationality">
                    <option value="">{any()}</option>
                    {nationality_options}
                </select>
            </div>
            {sees_all_states.then(|| view! {
                <div class="field">
                    <label for="f-state">{t!(i18n, roster.nominated_by)}</label>
                    <select id="f-state" name="state">
                        <option value="">{any()}</option>
                        {state_options}
                    </select>
                </div>
            })}
            {(!vetted_only).then(|| view! {
                <div class="field">
                    <label for="f-status">{t!(i18n, roster.status)}</label>
                    <select id="f-status" name="status">
                        <option value="">{any()}</option>
                        {options(&RosterStatus::ALL, &params.status, |s| s.as_str().to_owned(), move |s| status_label(i18n, s.as_str()))}
                    </select>
                </div>
            })}
            <div class="field">
                <label for="f-tier">{t!(i18n, roster.readiness)}</label>
                <select id="f-tier" name="tier">
                    <option value="">{any()}</option>
                    {options(&[Tier::Ready72h, Tier::Ready30Days, Tier::NotReady], &params.tier, |t| t.as_str().to_owned(), move |t| tier_label(i18n, t.as_str()))}
                </select>
            </div>
            <input type="hidden" name="sort" value=params.sort.clone() />
            <div class="filter-actions">
                <button type="submit" class="button-secondary">{t!(i18n, roster.apply)}</button>
                <a href="/roster">{t!(i18n, roster.clear)}</a>
            </div>
        </Form>
    }
}

/// A column header that sorts by `key`, and reverses the order when it already does.
fn sort_header(params: &RosterParams, key: &'static str, label: String) -> impl IntoView + use<> {
    let current = params.sort.trim();
    let (next, aria) = match current {
        c if c == key || (c.is_empty() && key == "name") => (format!("-{key}"), "ascending"),
        c if c.strip_prefix('-') == Some(key) => (key.to_owned(), "descending"),
        _ => (key.to_owned(), "none"),
    };
    let link = href(&RosterParams {
        sort: if next == "name" { String::new() } else { next },
        page: String::new(),
        ..params.clone()
    });
    view! { <th scope="col" aria-sort=aria><a href=link>{label}</a></th> }
}

#[component]
fn Results(page: RosterPage, params: RosterParams) -> impl IntoView {
    let i18n = use_i18n();
    if !page.errors.is_empty() {
        let error = AppError::Invalid(page.errors.clone());
        return view! {
            <ErrorAlert error=Signal::derive(move || Some(error.clone())) />
            <ul class="field-errors">
                {page.errors.into_iter().map(|e| view! { <li>{format!("{}: {}", e.field, e.message)}</li> }).collect_view()}
            </ul>
        }
        .into_any();
    }
    let total = page.total;
    let export = format!(
        "/export/roster.csv?{}",
        params.with_page(1).to_query_string()
    );
    let pager_params = params.clone();
    view! {
        <div class="results-head">
            <p role="status" class="muted">{t!(i18n, roster.count, count = total)}</p>
            <a class="button-secondary" href=export download="roster.csv">{t!(i18n, roster.export)}</a>
        </div>
        {if page.rows.is_empty() {
            view! { <p class="empty">{t!(i18n, roster.none)}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="data-table roster-table">
                        <caption class="visually-hidden">{t!(i18n, roster.title)}</caption>
                        <thead>
                            <tr>
                                {sort_header(&params, "name", t_string!(i18n, roster.name).to_string())}
                                {sort_header(&params, "state", t_string!(i18n, roster.nominated_by).to_string())}
                                <th scope="col">{t!(i18n, roster.nationality)}</th>
                                <th scope="col">{t!(i18n, roster.category)}</th>
                                {sort_header(&params, "status", t_string!(i18n, roster.status).to_string())}
                                <th scope="col">{t!(i18n, roster.readiness)}</th>
                                {sort_header(&params, "experience", t_string!(i18n, roster.years).to_string())}
                            </tr>
                        </thead>
                        <tbody>
                            {page.rows.into_iter().map(|r| view! { <Row r /> }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
        <Pager page=page.page pages=page.pages href=move |n| href(&pager_params.with_page(n)) />
    }
    .into_any()
}

#[component]
fn Row(r: RosterRow) -> impl IntoView {
    let categories = r
        .categories
        .iter()
        .map(|c| Category::parse(c).map_or(c.clone(), |c| c.label().to_owned()))
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <tr>
            <td>
                <a href=format!("/roster/{}", r.id)>{format!("{} {}", r.given_names, r.family_name)}</a>
                {r.latin_name.map(|l| view! { <span class="muted latin-name">{l}</span> })}
            </td>
            <td>{r.member_state}</td>
            <td>{r.nationalities.join(", ")}</td>
            <td>{categories}</td>
            <td><StatusBadge status=r.status /></td>
            <td><TierBadge tier=r.tier /></td>
            <td class="num">{r.years_experience}</td>
        </tr>
    }
}
