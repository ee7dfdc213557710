//! The application shell, the router table and which pages each person may open.
use crate::{
    components::{errors::PageFailed, header::Header},
    domain::permissions::{Action, Actor, Denied, Principal, authorize},
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

/// Whether `actor` may open the page at `path`; the server's middleware and the pages both ask.
/// Unknown paths are open, so that they reach the not-found page.
pub fn page_access(path: &str, actor: Option<&Actor>) -> Result<(), Denied> {
    let path = path.split('?').next().unwrap_or(path).trim_end_matches('/');
    match path {
        "/login" => Ok(()),
        // Half-way through signing in: the session middleware admits exactly the right step.
        "/login/code" | "/login/enrol" => Ok(()),
        "/login/recovery-codes" | "/account" => authorize(actor, &Action::ManageOwnSecondFactor),
        // The link itself is the credential; the server function checks it.
        p if p.starts_with("/invite/") => Ok(()),
        p if p == "/me" || p.starts_with("/me/") => authorize(actor, &Action::ManageOwnProfile),
        "/offers" => match actor.map(|a| &a.principal) {
            Some(Principal::RosterManager { .. } | Principal::Secretariat) => Ok(()),
            Some(_) => Err(Denied::Forbidden),
            None => Err(Denied::Unauthenticated),
        },
        "" | "/countries" => authorize(actor, &Action::ViewReferenceData),
        "/admin/users" => authorize(actor, &Action::ManageUsers),
        "/admin/audit" => authorize(actor, &Action::ViewAuditLog),
        "/admin/outbox" => authorize(actor, &Action::ViewOutbox),
        p if p == "/dashboard" || p.starts_with("/dashboard/") => {
            authorize(actor, &Action::ViewDashboard)
        }
        "/vetting" | "/vetting/expiring" => authorize(actor, &Action::Vet),
        "/roster/new" => match actor.map(|a| &a.principal) {
            Some(Principal::RosterManager { state }) => authorize(
                actor,
                &Action::EditExpert {
                    state: state.clone(),
                },
            ),
            Some(Principal::Secretariat) => Ok(()),
            Some(_) => Err(Denied::Forbidden),
            None => Err(Denied::Unauthenticated),
        },
        // Which batch a person may open is decided per record, by the server function.
        p if p == "/import" || p.starts_with("/import/") => match actor {
            Some(a) => authorize(
                actor,
                &Action::ViewImports {
                    state: a.principal.member_state().cloned(),
                },
            ),
            None => Err(Denied::Unauthenticated),
        },
        "/requests/new" => authorize(actor, &Action::FileRequest),
        // Which request a person may open is decided per record, by the server function.
        p if p == "/requests" || p.starts_with("/requests/") => {
            authorize(actor, &Action::ListRequests)
        }
        // Which expert a person may open is decided per record, by the server function.
        p if p == "/roster" || p.starts_with("/roster/") => authorize(actor, &Action::ViewRoster),
        "/office" => match actor.map(|a| &a.principal) {
            Some(Principal::RosterManager { state }) => authorize(
                actor,
                &Action::ViewRosterOffice {
                    state: state.clone(),
                },
            ),
            Some(Principal::Secretariat) => authorize(actor, &Action::ManageUsers),
            Some(_) => Err(Denied::Forbidden),
            None => Err(Denied::Unauthenticated),
        },
        _ => Ok(()),
    }
}

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
    provide_session();
    mark_hydrated();
    view! {
        <Stylesheet id="leptos" href="/pkg/blue-suits.css" />
        <I18nContextProvider>
            <Shell />
        </I18nContextProvider>
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ids::UserId, member_state::MemberStateCode};

    fn actor(principal: Principal) -> Actor {
        Actor {
            user_id: UserId(uuid::Uuid::nil()),
            principal,
        }
    }

    #[test]
    fn pages_open_to_exactly_the_right_people() {
        let can = MemberStateCode::parse("CAN").expect("code");
        let sec = actor(Principal::Secretariat);
        let mgr = actor(Principal::RosterManager { state: can });
        let plan = actor(Principal::MissionPlanner);
        let exp = actor(Principal::Expert);
        let ok = Ok(());
        let no = Err(Denied::Forbidden);
        let anon = Err(Denied::Unauthenticated);
        // (path, anonymous, secretariat, roster manager, planner, expert)
        let table = [
            ("/login", ok, ok, ok, ok, ok),
            ("/login/code", ok, ok, ok, ok, ok),
            ("/login/recovery-codes", anon, ok, ok, ok, ok),
            ("/account", anon, ok, ok, ok, ok),
            ("/", anon, ok, ok, ok, ok),
            ("/countries?region=Africa", anon, ok, ok, ok, ok),
            ("/admin/users", anon, ok, no, no, no),
            ("/admin/users/", anon, ok, no, no, no),
            ("/office", anon, ok, ok, no, no),
            ("/roster?q=toure", anon, ok, ok, ok, no),
            ("/roster/new", anon, ok, ok, no, no),
            (
                "/roster/7b0c2b1e-0000-4000-8000-000000000000",
                anon,
                ok,
                ok,
                ok,
                no,
            ),
            ("/vetting", anon, ok, no, no, no),
            ("/vetting/expiring?days=60", anon, ok, no, no, no),
            ("/admin/audit", anon, ok, no, no, no),
            ("/no-such-page", ok, ok, ok, ok, ok),
            ("/invite/abc", ok, ok, ok, ok, ok),
            ("/me", anon, no, no, no, ok),
            ("/me/offers", anon, no, no, no, ok),
            ("/me/data.json", anon, no, no, no, ok),
            ("/offers", anon, ok, ok, no, no),
            ("/dashboard", anon, ok, ok, ok, no),
            ("/dashboard/category.csv", anon, ok, ok, ok, no),
            ("/admin/outbox", anon, ok, no, no, no),
        ];
        for (path, a, s, m, p, e) in table {
            assert_eq!(page_access(path, None), a, "anonymous {path}");
            assert_eq!(page_access(path, Some(&sec)), s, "secretariat {path}");
            assert_eq!(page_access(path, Some(&mgr)), m, "manager {path}");
            assert_eq!(page_access(path, Some(&plan)), p, "planner {path}");
            assert_eq!(page_access(path, Some(&exp)), e, "expert {path}");
        }
    }
}
