//! Shows a page only to those who may open it; the server has already refused the others.
use crate::{domain::permissions::page_access, error::AppError, i18n::*, session::use_session};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[component]
pub fn Guarded(children: ChildrenFn) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let location = use_location();
    let children = StoredValue::new(children);
    view! {
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, shell.loading)}</p> }>
            {move || Suspend::new(async move {
                let user = session.user.await;
                let actor = user.ok().flatten().and_then(|u| u.actor());
                match page_access(&location.pathname.get(), actor.as_ref()) {
                    Ok(()) => children.with_value(|c| c()).into_any(),
                    Err(crate::domain::permissions::Denied::Unauthenticated) => view! {
                        <div class="alert" role="alert">
                            {crate::components::errors::error_text(i18n, &AppError::Unauthenticated)}
                            " "
                            <a href="/login">{t!(i18n, login.title)}</a>
                        </div>
                    }
                    .into_any(),
                    Err(_) => view! {
                        <section class="page" aria-labelledby="forbidden-title">
                            <h1 id="forbidden-title">{t!(i18n, errors.forbidden_title)}</h1>
                            <p>{t!(i18n, errors.forbidden)}</p>
                            <p><a href="/">{t!(i18n, nav.home)}</a></p>
                        </section>
                    }
                    .into_any(),
                }
            })}
        </Transition>
    }
}
