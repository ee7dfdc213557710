//! The phase of an upload as a labelled badge.
use crate::{domain::import_batch::Phase, i18n::*};
use leptos::prelude::*;
use leptos_i18n::I18nContext;

pub fn phase_label(i18n: I18nContext<Locale>, phase: &str) -> String {
    match Phase::parse(phase) {
        Some(Phase::Checking) => t_string!(i18n, imports.phase_checking).to_string(),
        Some(Phase::Checked) => t_string!(i18n, imports.phase_checked).to_string(),
        Some(Phase::Committing) => t_string!(i18n, imports.phase_committing).to_string(),
        Some(Phase::Committed) => t_string!(i18n, imports.phase_committed).to_string(),
        Some(Phase::Discarded) => t_string!(i18n, imports.phase_discarded).to_string(),
        Some(Phase::Failed) | None => t_string!(i18n, imports.phase_failed).to_string(),
    }
}

#[component]
pub fn PhaseBadge(phase: String) -> impl IntoView {
    let i18n = use_i18n();
    let tone = match Phase::parse(&phase) {
        Some(Phase::Committed) => "badge badge-ok",
        Some(Phase::Failed) | None => "badge badge-bad",
        Some(Phase::Checked) => "badge badge-warn",
        _ => "badge",
    };
    let label = phase_label(i18n, &phase);
    view! { <span class=tone>{label}</span> }
}
