//! Small labelled badges for roster status, readiness tier and check status, in the reader's language.
use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

pub fn status_label(i18n: I18nContext<Locale>, slug: &str) -> String {
    match slug {
        "nominated" => t_string!(i18n, roster.status_nominated).to_string(),
        "under_review" => t_string!(i18n, roster.status_under_review).to_string(),
        "vetted" => t_string!(i18n, roster.status_vetted).to_string(),
        "suspended" => t_string!(i18n, roster.status_suspended).to_string(),
        "withdrawn" => t_string!(i18n, roster.status_withdrawn).to_string(),
        "rejected" => t_string!(i18n, roster.status_rejected).to_string(),
        other => other.to_owned(),
    }
}

pub fn tier_label(i18n: I18nContext<Locale>, slug: &str) -> String {
    match slug {
        "ready_72h" => t_string!(i18n, roster.tier_ready_72h).to_string(),
        "ready_30d" => t_string!(i18n, roster.tier_ready_30d).to_string(),
        "not_ready" => t_string!(i18n, roster.tier_not_ready).to_string(),
        other => other.to_owned(),
    }
}

pub fn check_status_label(i18n: I18nContext<Locale>, slug: &str) -> String {
    match slug {
        "pending" => t_string!(i18n, roster.check_pending).to_string(),
        "passed" => t_string!(i18n, roster.check_passed).to_string(),
        "failed" => t_string!(i18n, roster.check_failed).to_string(),
        _ => t_string!(i18n, roster.check_missing).to_string(),
    }
}

fn tone(slug: &str) -> &'static str {
    match slug {
        "vetted" | "ready_72h" | "passed" => "badge badge-ok",
        "ready_30d" | "under_review" | "nominated" | "pending" => "badge badge-warn",
        "suspended" | "rejected" | "failed" | "not_ready" | "missing" => "badge badge-bad",
        _ => "badge badge-muted",
    }
}

#[component]
pub fn StatusBadge(status: String) -> impl IntoView {
    let i18n = use_i18n();
    view! { <span class=tone(&status)>{status_label(i18n, &status)}</span> }
}

#[component]
pub fn TierBadge(tier: String) -> impl IntoView {
    let i18n = use_i18n();
    view! { <span class=tone(&tier)>{tier_label(i18n, &tier)}</span> }
}

#[component]
pub fn CheckBadge(status: String) -> impl IntoView {
    let i18n = use_i18n();
    view! { <span class=tone(&status)>{check_status_label(i18n, &status)}</span> }
}
