//! The page for addresses that lead nowhere, answered with status 404.
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(opts) = use_context::<leptos_axum::ResponseOptions>() {
        opts.set_status(http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, not_found.title).to_string() />
        <section class="page" aria-labelledby="nf-title">
            <h1 id="nf-title">{t!(i18n, not_found.title)}</h1>
            <p>{t!(i18n, not_found.body)}</p>
            <p><a href="/">{t!(i18n, nav.home)}</a></p>
        </section>
    }
}
