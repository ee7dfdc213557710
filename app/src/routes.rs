//! The application shell and the router table. Which pages each person may open is the policy's
//! (`domain::permissions::page_access`).
use crate::{
    components::{
        errors::{PageFailed, provide_form_error_left},
        header::Header,
    },
    i18n::*,
    pages::{
        audit::AuditPage,
        countries::CountriesPage,
        dashboard::DashboardPage,
        home::HomePage,
        import::{ImportPage, batch::BatchPage},
        invite::InvitePage,
        login::LoginPage,
        not_found::NotFound,
        office::OfficePage,
        outbox::OutboxPage,
        portal::{
            MePage,
            messages::MessagesPage,
            offers::{MyOffersPage, OfficeOffersPage},
            profile::MyProfilePage,
        },
        requests::{
            detail::RequestPage, excluded::ExcludedPage, form::RequestFormPage, list::RequestsPage,
            position::PositionFormPage, shortlist::ShortlistPage,
        },
        roster::{expert::ExpertPage, form::ExpertFormPage, list::RosterListPage},
        second_factor::{AccountPage, EnrolPage, LoginCodePage, RecoveryCodesPage},
        users::UsersPage,
        vetting::{ExpiringPage, VettingPage},
    },
    session::provide_session,
};
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

/// The HTML document around every page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::server::csp::provide_nonce_and_policy();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_form_error_left();
    provide_session();
    mark_hydrated();
    view! {
        <Stylesheet id="leptos" href="/pkg/blue-suits.css" />
        <I18nContextProvider cookie_options=language_cookie()>
            <Shell />
        </I18nContextProvider>
    }
}

/// One site-wide language choice kept for a year. The library's default cookie is scoped to the
/// page's folder and ends with the browser session: French chosen on `/roster/…` was English again
/// on the next visit.
fn language_cookie() -> leptos_i18n::context::CookieOptions<Locale> {
    const YEAR_MS: i64 = 365 * 24 * 60 * 60 * 1000;
    leptos_i18n::context::CookieOptions::<Locale>::default()
        .path("/")
        .max_age(YEAR_MS)
}

#[component]
fn Shell() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title formatter=|page: String| if page.is_empty() { "Blue Suits".to_owned() } else { format!("{page} · Blue Suits") } />
        <Router>
            <a class="skip-link" href="#main">{t!(i18n, shell.skip_to_content)}</a>
            <Header />
            <main id="main" tabindex="-1">
                // Pages stream in document order (`SsrMode::InOrder`), so they read completely
                // before the script arrives, or without it; out-of-order streaming would need
                // the script to move each part into place.
                <ErrorBoundary fallback=|_| view! { <PageFailed /> }>
                <Routes fallback=NotFound>
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::InOrder />
                    <Route path=path!("/login/code") view=LoginCodePage ssr=SsrMode::InOrder />
                    <Route path=path!("/login/enrol") view=EnrolPage ssr=SsrMode::InOrder />
                    <Route path=path!("/login/recovery-codes") view=RecoveryCodesPage ssr=SsrMode::InOrder />
                    <Route path=path!("/account") view=AccountPage ssr=SsrMode::InOrder />
                    <Route path=path!("/") view=HomePage ssr=SsrMode::InOrder />
                    <Route path=path!("/countries") view=CountriesPage ssr=SsrMode::InOrder />
                    <Route path=path!("/office") view=OfficePage ssr=SsrMode::InOrder />
                    <Route path=path!("/admin/users") view=UsersPage ssr=SsrMode::InOrder />
                    <Route path=path!("/admin/audit") view=AuditPage ssr=SsrMode::InOrder />
                    <Route path=path!("/admin/outbox") view=OutboxPage ssr=SsrMode::InOrder />
                    <Route path=path!("/import") view=ImportPage ssr=SsrMode::InOrder />
                    <Route path=path!("/import/:id") view=BatchPage ssr=SsrMode::InOrder />
                    <Route path=path!("/roster") view=RosterListPage ssr=SsrMode::InOrder />
                    <Route path=path!("/roster/new") view=ExpertFormPage ssr=SsrMode::InOrder />
                    <Route path=path!("/roster/:id") view=ExpertPage ssr=SsrMode::InOrder />
                    <Route path=path!("/roster/:id/edit") view=ExpertFormPage ssr=SsrMode::InOrder />
                    <Route path=path!("/requests") view=RequestsPage ssr=SsrMode::InOrder />
                    <Route path=path!("/requests/new") view=RequestFormPage ssr=SsrMode::InOrder />
                    <Route path=path!("/requests/:id") view=RequestPage ssr=SsrMode::InOrder />
                    <Route path=path!("/requests/:id/edit") view=RequestFormPage ssr=SsrMode::InOrder />
                    <Route path=path!("/requests/:id/shortlist") view=ShortlistPage ssr=SsrMode::InOrder />
                    <Route path=path!("/requests/:id/positions/new") view=PositionFormPage ssr=SsrMode::InOrder />
                    <Route path=path!("/requests/:id/positions/:pid") view=PositionFormPage ssr=SsrMode::InOrder />
                    <Route path=path!("/requests/:id/positions/:pid/excluded") view=ExcludedPage ssr=SsrMode::InOrder />
                    <Route path=path!("/invite/:token") view=InvitePage ssr=SsrMode::InOrder />
                    <Route path=path!("/dashboard") view=DashboardPage ssr=SsrMode::InOrder />
                    <Route path=path!("/me") view=MePage ssr=SsrMode::InOrder />
                    <Route path=path!("/me/offers") view=MyOffersPage ssr=SsrMode::InOrder />
                    <Route path=path!("/me/messages") view=MessagesPage ssr=SsrMode::InOrder />
                    <Route path=path!("/me/profile") view=MyProfilePage ssr=SsrMode::InOrder />
                    <Route path=path!("/offers") view=OfficeOffersPage ssr=SsrMode::InOrder />
                    <Route path=path!("/vetting") view=VettingPage ssr=SsrMode::InOrder />
                    <Route path=path!("/vetting/expiring") view=ExpiringPage ssr=SsrMode::InOrder />
                </Routes>
                </ErrorBoundary>
            </main>
            <footer class="site-footer">
                <p>{t!(i18n, shell.footer)}</p>
            </footer>
        </Router>
    }
}

/// Marks the document once the browser code has taken over, so tests (and styles) can tell.
fn mark_hydrated() {
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
}
