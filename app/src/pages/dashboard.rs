//! The readiness dashboard: who could deploy how soon, by category, region and language; time to
//! deploy against the 72-hour target; expiring credentials and stale availability. Charts are SVG
//! drawn on the server and every table downloads as CSV, so all of it works without the script.
use crate::views::dashboard::DashboardView;
use crate::{
    api::dashboard::readiness_dashboard,
    components::{
        badges::tier_label, chart::BarChart, errors::ErrorAlert, guard::Guarded,
        stacked_chart::StackedBarChart,
    },
    domain::{
        dashboard::{
            CrossTable, DeploySummary, ExpiringCount, RequestTimes, Table, TierCounts,
            hours_minutes,
        },
        readiness::Tier,
    },
    i18n::*,
    pages::requests::category_label,
};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    // Made outside the guard, which the server may build more than once: the counts over the
    // whole roster are computed once per page.
    let data = Resource::new(|| (), |_| readiness_dashboard());
    view! {
        <Title text=move || t_string!(i18n, dashboard.title).to_string() />
        <Guarded>
            <DashboardContent data />
        </Guarded>
    }
}

#[component]
fn DashboardContent(
    data: Resource<Result<DashboardView, crate::error::AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page" aria-labelledby="dashboard-title">
            <h1 id="dashboard-title">{t!(i18n, dashboard.title)}</h1>
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, shell.loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorAlert error=Signal::derive(move || Some(e.clone())) /> }.into_any(),
                        Ok(d) => view! { <Dashboard d /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

fn region_label(i18n: I18nContext<Locale>, region: &str) -> String {
    if region.is_empty() {
        t_string!(i18n, dashboard.unknown).to_string()
    } else {
        region.to_owned()
    }
}

fn tier_names(i18n: I18nContext<Locale>) -> Vec<String> {
    Tier::ALL
        .iter()
        .map(|t| tier_label(i18n, t.as_str()))
        .collect()
}

fn duration(minutes: Option<i64>) -> String {
    minutes.map_or_else(|| "—".to_owned(), hours_minutes)
}

#[component]
fn Dashboard(d: DashboardView) -> impl IntoView {
    let i18n = use_i18n();
    let DashboardView {
        scope,
        state,
        as_of,
        totals,
        by_category,
        by_region,
        by_language,
        category_region,
        rapid,
        standard,
        rapid_histogram,
        rapid_requests,
        rapid_requests_more,
        expiring,
        stale,
        can_open_expiring,
    } = d;
    let scope = match scope.as_str() {
        "state" => {
            let state = state.unwrap_or_default();
            t_string!(i18n, dashboard.scope_state, state).to_string()
        }
        "vetted" => t_string!(i18n, dashboard.scope_vetted).to_string(),
        _ => t_string!(i18n, dashboard.scope_everything).to_string(),
    };
    let by_category: Vec<(String, TierCounts)> = by_category
        .into_iter()
        .map(|(slug, c)| (category_label(&slug), c))
        .collect();
    let by_region: Vec<(String, TierCounts)> = by_region
        .into_iter()
        .map(|(region, c)| (region_label(i18n, &region), c))
        .collect();
    let (total, ready_72h, ready_30d, not_ready) = (
        totals.total(),
        totals.ready_72h,
        totals.ready_30d,
        totals.not_ready,
    );
    view! {
        <p class="lead">
            {t!(i18n, dashboard.summary, total, ready_72h, ready_30d, not_ready)}
        </p>
        <p class="muted">{scope} " " {t!(i18n, dashboard.as_of, date = as_of)}</p>
        <TierSection
            id="dash-category"
            title=t_string!(i18n, dashboard.by_category).to_string()
            label_heading=t_string!(i18n, dashboard.category).to_string()
            rows=by_category
            table=Table::Category
            chart=true
        />
        <TierSection
            id="dash-region"
            title=t_string!(i18n, dashboard.by_region).to_string()
            label_heading=t_string!(i18n, dashboard.region).to_string()
            rows=by_region
            table=Table::Region
            chart=true
        />
        <CrossSection table=category_region />
        <TierSection
            id="dash-language"
            title=t_string!(i18n, dashboard.by_language).to_string()
            label_heading=t_string!(i18n, dashboard.language).to_string()
            rows=by_language
            table=Table::Language
            chart=false
        />
        <DeploySection
            rapid
            standard
            histogram=rapid_histogram
            requests=rapid_requests
            more=rapid_requests_more
        />
        <ExpiringSection counts=expiring can_open=can_open_expiring />
        <section class="dashboard-section" aria-labelledby="dash-stale">
            <h2 id="dash-stale">{t!(i18n, dashboard.stale_title)}</h2>
            <p>{t!(i18n, dashboard.stale, count = stale)}</p>
        </section>
    }
}

/// The download link of one table; the hidden words tell the links apart to a screen reader.
#[component]
fn ExportLink(table: Table, what: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a class="button-secondary" href=table.href() download=table.file_name()>
            {t!(i18n, dashboard.export)}
            <span class="visually-hidden">" · " {what}</span>
        </a>
    }
}

/// A table of experts by tier under one kind of label, with its chart.
#[component]
fn TierSection(
    id: &'static str,
    title: String,
    label_heading: String,
    /// `(label as shown, counts)`.
    rows: Vec<(String, TierCounts)>,
    table: Table,
    chart: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let bars: Vec<(String, Vec<u64>)> = rows
        .iter()
        .map(|(label, c)| (label.clone(), Tier::ALL.iter().map(|t| c.get(*t)).collect()))
        .collect();
    let body = if rows.is_empty() {
        view! { <p class="empty">{t!(i18n, dashboard.empty)}</p> }.into_any()
    } else {
        view! {
            {chart.then(|| view! {
                <StackedBarChart
                    title=t_string!(i18n, dashboard.chart_title, what = title.clone()).to_string()
                    series=tier_names(i18n)
                    bars
                />
            })}
            <div class="table-wrap">
                <table class="data-table">
                    <caption class="visually-hidden">{title.clone()}</caption>
                    <thead><tr>
                        <th scope="col">{label_heading}</th>
                        {tier_names(i18n).into_iter().map(|name| view! { <th scope="col" class="num">{name}</th> }).collect_view()}
                        <th scope="col" class="num">{t!(i18n, dashboard.total)}</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|(label, c)| view! {
                            <tr>
                                <th scope="row">{label}</th>
                                <td class="num">{c.ready_72h}</td>
                                <td class="num">{c.ready_30d}</td>
                                <td class="num">{c.not_ready}</td>
                                <td class="num">{c.total()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="dashboard-section" aria-labelledby=id>
            <div class="page-head">
                <h2 id=id>{title.clone()}</h2>
                <ExportLink table what=title.clone() />
            </div>
            {body}
        </section>
    }
}

/// Experts ready in 72 hours, by category (rows) and region (columns).
#[component]
fn CrossSection(table: CrossTable) -> impl IntoView {
    let i18n = use_i18n();
    let title = t_string!(i18n, dashboard.category_region).to_string();
    let body = if table.rows.is_empty() {
        view! { <p class="empty">{t!(i18n, dashboard.empty)}</p> }.into_any()
    } else {
        view! {
            <div class="table-wrap">
                <table class="data-table">
                    <caption class="visually-hidden">{title.clone()}</caption>
                    <thead><tr>
                        <th scope="col">{t!(i18n, dashboard.category)}</th>
                        {table.columns.iter().map(|r| view! { <th scope="col" class="num">{region_label(i18n, r)}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>
                        {table.rows.iter().zip(table.cells.iter()).map(|(slug, cells)| view! {
                            <tr>
                                <th scope="row">{category_label(slug)}</th>
                                {cells.iter().map(|n| view! { <td class="num">{*n}</td> }).collect_view()}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="dashboard-section" aria-labelledby="dash-cross">
            <div class="page-head">
                <h2 id="dash-cross">{title.clone()}</h2>
                <ExportLink table=Table::CategoryRegion what=title.clone() />
            </div>
            <p class="muted">{t!(i18n, dashboard.category_region_intro)}</p>
            {body}
        </section>
    }
}

/// One sentence of time-to-deploy figures.
fn figures(i18n: I18nContext<Locale>, s: &DeploySummary, target: bool) -> String {
    if s.count == 0 {
        return t_string!(i18n, dashboard.ttd_none).to_string();
    }
    let count = s.count;
    let median = duration(s.median_minutes);
    let p90 = duration(s.p90_minutes);
    if target {
        let within = s.within_target;
        t_string!(i18n, dashboard.ttd_stats_rapid, count, median, p90, within).to_string()
    } else {
        t_string!(i18n, dashboard.ttd_stats, count, median, p90).to_string()
    }
}

/// The labels of the distribution's bars, in the order of `HISTOGRAM_BOUNDS_HOURS`.
fn bucket_labels(i18n: I18nContext<Locale>) -> [String; 5] {
    [
        t_string!(i18n, dashboard.bucket_24h).to_string(),
        t_string!(i18n, dashboard.bucket_48h).to_string(),
        t_string!(i18n, dashboard.bucket_72h).to_string(),
        t_string!(i18n, dashboard.bucket_week).to_string(),
        t_string!(i18n, dashboard.bucket_longer).to_string(),
    ]
}

#[component]
fn DeploySection(
    rapid: DeploySummary,
    standard: DeploySummary,
    histogram: Vec<u64>,
    requests: Vec<RequestTimes>,
    more: u64,
) -> impl IntoView {
    let i18n = use_i18n();
    let title = t_string!(i18n, dashboard.ttd_title).to_string();
    let bars: Vec<(String, u64)> = bucket_labels(i18n).into_iter().zip(histogram).collect();
    let table = (!requests.is_empty()).then(|| view! {
        <div class="table-wrap">
            <table class="data-table">
                <caption>{t!(i18n, dashboard.per_request)}</caption>
                <thead><tr>
                    <th scope="col">{t!(i18n, dashboard.mission)}</th>
                    <th scope="col">{t!(i18n, dashboard.opened)}</th>
                    <th scope="col" class="num">{t!(i18n, dashboard.deployed)}</th>
                    <th scope="col" class="num">{t!(i18n, dashboard.median)}</th>
                    <th scope="col" class="num">{t!(i18n, dashboard.p90)}</th>
                    <th scope="col" class="num">{t!(i18n, dashboard.within_target)}</th>
                </tr></thead>
                <tbody>
                    {requests.into_iter().map(|r| view! {
                        <tr>
                            <th scope="row"><a href=format!("/requests/{}", r.request_id)>{r.mission}</a></th>
                            <td>{r.opened_on}</td>
                            <td class="num">{r.summary.count}</td>
                            <td class="num">{duration(r.summary.median_minutes)}</td>
                            <td class="num">{duration(r.summary.p90_minutes)}</td>
                            <td class="num">{r.summary.within_target}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    });
    view! {
        <section class="dashboard-section" aria-labelledby="dash-ttd">
            <div class="page-head">
                <h2 id="dash-ttd">{title.clone()}</h2>
                <ExportLink table=Table::TimeToDeploy what=title.clone() />
            </div>
            <p class="muted">{t!(i18n, dashboard.ttd_intro)}</p>
            <p><strong>{t!(i18n, dashboard.ttd_rapid)}</strong> " " {figures(i18n, &rapid, true)}</p>
            <p><strong>{t!(i18n, dashboard.ttd_standard)}</strong> " " {figures(i18n, &standard, false)}</p>
            {(rapid.count > 0).then(|| view! {
                <BarChart title=t_string!(i18n, dashboard.ttd_chart).to_string() bars />
            })}
            {table}
            {(more > 0).then(|| view! { <p class="muted">{t!(i18n, dashboard.ttd_more, count = more)}</p> })}
            <p class="muted">{t!(i18n, dashboard.percentile_note)}</p>
        </section>
    }
}

#[component]
fn ExpiringSection(counts: Vec<ExpiringCount>, can_open: bool) -> impl IntoView {
    let i18n = use_i18n();
    let title = t_string!(i18n, dashboard.expiring_title).to_string();
    view! {
        <section class="dashboard-section" aria-labelledby="dash-expiring">
            <div class="page-head">
                <h2 id="dash-expiring">{title.clone()}</h2>
                <ExportLink table=Table::Expiring what=title.clone() />
            </div>
            <div class="table-wrap">
                <table class="data-table">
                    <caption class="visually-hidden">{title.clone()}</caption>
                    <thead><tr>
                        <th scope="col">{t!(i18n, dashboard.window)}</th>
                        <th scope="col" class="num">{t!(i18n, dashboard.credentials)}</th>
                        <th scope="col" class="num">{t!(i18n, dashboard.experts)}</th>
                    </tr></thead>
                    <tbody>
                        {counts.into_iter().map(|c| {
                            let days = c.days;
                            let label = t_string!(i18n, dashboard.within_days, days).to_string();
                            let window = if can_open {
                                view! { <a href=format!("/vetting/expiring?days={days}")>{label}</a> }.into_any()
                            } else {
                                view! { <span>{label}</span> }.into_any()
                            };
                            view! {
                                <tr>
                                    <th scope="row">{window}</th>
                                    <td class="num">{c.checks}</td>
                                    <td class="num">{c.experts}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
