//! Previous / next links between pages of a list; plain links, so they work without the script.
use crate::i18n::*;
use leptos::prelude::*;

/// `href(page)` builds the link to a one-based page.
#[component]
pub fn Pager(page: u64, pages: u64, href: impl Fn(u64) -> String + 'static) -> impl IntoView {
    let i18n = use_i18n();
    (pages > 1).then(|| {
        let prev = (page > 1).then(|| href(page - 1));
        let next = (page < pages).then(|| href(page + 1));
        view! {
            <nav class="pager" aria-label=move || t_string!(i18n, roster.pages).to_string()>
                {prev.map(|h| view! { <a href=h rel="prev">{t!(i18n, roster.previous)}</a> })}
                <span aria-current="page">{t!(i18n, roster.page_of, page, pages)}</span>
                {next.map(|h| view! { <a href=h rel="next">{t!(i18n, roster.next)}</a> })}
            </nav>
        }
    })
}
