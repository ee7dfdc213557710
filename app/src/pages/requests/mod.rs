//! Mission requests: the list, the request form, one request with its positions and what-if,
//! the position form, the shortlist, and the excluded experts of one position.
pub mod deployments;
pub mod detail;
pub mod excluded;
pub mod form;
pub mod list;
pub mod position;
pub mod shortlist;

use crate::{domain::taxonomy::Category, i18n::*};
use leptos::prelude::*;
use leptos_i18n::I18nContext;

pub fn status_label(i18n: I18nContext<Locale>, slug: &str) -> String {
    match slug {
        "draft" => t_string!(i18n, requests.status_draft).to_string(),
        "open" => t_string!(i18n, requests.status_open).to_string(),
        "partially_filled" => t_string!(i18n, requests.status_partially_filled).to_string(),
        "filled" => t_string!(i18n, requests.status_filled).to_string(),
        "closed" => t_string!(i18n, requests.status_closed).to_string(),
        "cancelled" => t_string!(i18n, requests.status_cancelled).to_string(),
        other => other.to_owned(),
    }
}

pub fn urgency_label(i18n: I18nContext<Locale>, slug: &str) -> String {
    match slug {
        "rapid" => t_string!(i18n, requests.urgency_rapid).to_string(),
        "standard" => t_string!(i18n, requests.urgency_standard).to_string(),
        other => other.to_owned(),
    }
}

pub fn category_label(slug: &str) -> String {
    Category::parse(slug).map_or_else(|| slug.to_owned(), |c| c.label().to_owned())
}

#[component]
pub fn RequestStatusBadge(status: String) -> impl IntoView {
    let i18n = use_i18n();
    let tone = match status.as_str() {
        "open" | "partially_filled" => "badge badge-warn",
        "filled" => "badge badge-ok",
        "cancelled" => "badge badge-bad",
        _ => "badge badge-muted",
    };
    view! { <span class=tone>{status_label(i18n, &status)}</span> }
}
