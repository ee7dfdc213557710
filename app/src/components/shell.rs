//! The shell of a page that loads one thing: a loading line while it comes, the page's title and
//! what went wrong if it fails, else the page itself.
use crate::{components::errors::ErrorAlert, error::AppError, i18n::*};
use leptos::prelude::*;
use serde::{Serialize, de::DeserializeOwned};

/// Shows `ok` with the loaded value; on failure the page title (`title`) above the error, so the
/// person still knows where they are.
#[component]
pub fn PageLoad<T, F, V>(
    resource: Resource<Result<T, AppError>>,
    #[prop(into)] title: ViewFn,
    ok: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    view! {
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, shell.loading)}</p> }>
            {move || {
                let (ok, title) = (ok.clone(), title.clone());
                Suspend::new(async move {
                    match resource.await {
                        Err(e) => view! {
                            <section class="page">
                                <h1>{title.run()}</h1>
                                <ErrorAlert error=Signal::derive(move || Some(e.clone())) />
                            </section>
                        }
                        .into_any(),
                        Ok(value) => ok(value).into_any(),
                    }
                })
            }}
        </Transition>
    }
}
