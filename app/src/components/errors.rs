//! Showing errors: a form-level alert and a message under each field, in the reader's language.
use crate::{error::AppError, i18n::*};
use leptos::prelude::*;
use leptos_i18n::I18nContext;

/// The sentence a person sees for an error, translated; field problems are shown by their fields.
pub fn error_text(i18n: I18nContext<Locale>, err: &AppError) -> String {
    match err {
        AppError::Unauthenticated => t_string!(i18n, errors.unauthenticated).to_string(),
        AppError::InvalidCredentials => t_string!(i18n, errors.invalid_credentials).to_string(),
        AppError::TooManyAttempts { retry_after_secs } => {
            let minutes = retry_after_secs.div_ceil(60);
            t_string!(i18n, errors.too_many_attempts, minutes).to_string()
        }
        AppError::Forbidden => t_string!(i18n, errors.forbidden).to_string(),
        AppError::NotFound => t_string!(i18n, errors.not_found).to_string(),
        AppError::Invalid(_) => t_string!(i18n, errors.invalid).to_string(),
        AppError::Conflict(msg) => msg.clone(),
        AppError::BadRequest => t_string!(i18n, errors.bad_request).to_string(),
        AppError::TooLarge => t_string!(i18n, errors.too_large).to_string(),
        AppError::Internal { ref_id } => {
            let ref_id = ref_id.clone();
            t_string!(i18n, errors.internal, ref_id).to_string()
        }
        AppError::Network => t_string!(i18n, errors.network).to_string(),
        AppError::Busy => t_string!(i18n, errors.busy).to_string(),
    }
}

/// An alert above a form; announced by screen readers when it appears.
#[component]
pub fn ErrorAlert(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.get().map(|e| {
            view! {
                <div class="alert alert-error" role="alert">
                    {error_text(i18n, &e)}
                </div>
            }
        })
    }
}

/// The message under one field, linked to it with `aria-describedby="{field}-error"`.
#[component]
pub fn FieldMessage(
    #[prop(into)] error: Signal<Option<AppError>>,
    field: &'static str,
) -> impl IntoView {
    move || {
        error.get().and_then(|e| e.field(field)).map(|msg| {
            view! {
                <p class="field-error" id=format!("{field}-error")>
                    {msg}
                </p>
            }
        })
    }
}

/// The error a form posted without the script left for the page it came back to: the server
/// function's path and its error. The server hands it over in a one-time cookie, never in the
/// address, where anyone could write an error of their own into a link.
#[derive(Clone, Debug, Default)]
struct FormErrorLeft(Option<(String, AppError)>);

/// Reads the error left by a form post (on the server) and hands the same value to the page in
/// the browser, so both render the same.
pub fn provide_form_error_left() {
    let left = SharedValue::new(|| {
        #[cfg(feature = "ssr")]
        {
            crate::server::context::form_error_left()
        }
        #[cfg(not(feature = "ssr"))]
        {
            None
        }
    })
    .into_inner();
    provide_context(FormErrorLeft(left));
}

/// The last error of a server action, as a signal forms can share; before the action has run in
/// this page, the error its form left when posted without the script.
pub fn action_error<I, O>(action: ServerAction<I>) -> Signal<Option<AppError>>
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    let left = use_context::<FormErrorLeft>()
        .and_then(|l| l.0)
        .filter(|(path, _)| path == I::PATH)
        .map(|(_, e)| e);
    Signal::derive(move || match action.value().get() {
        Some(result) => result.err(),
        None => left.clone(),
    })
}

/// What the error boundary around every page shows when a page fails to render.
#[component]
pub fn PageFailed() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page" aria-labelledby="page-failed-title">
            <h1 id="page-failed-title">{t!(i18n, errors.page_failed_title)}</h1>
            <p class="alert alert-error" role="alert">{t!(i18n, errors.page_failed)}</p>
            <p><a href="/">{t!(i18n, nav.home)}</a></p>
        </section>
    }
}
