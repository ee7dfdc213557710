//! One labelled form input for forms whose errors come back from the server: label, optional hint,
//! the input, and its message, tied together for screen readers.
use crate::{components::errors::FieldMessage, error::AppError};
use leptos::prelude::*;

/// An input named `fields[<name>]`, so it fills the form struct's field of that name.
#[component]
pub fn InputField(
    name: &'static str,
    label: String,
    value: String,
    error: Signal<Option<AppError>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] hint: Option<String>,
    #[prop(optional)] required: bool,
    #[prop(optional)] min: Option<String>,
) -> impl IntoView {
    let described = if hint.is_some() {
        format!("{name}-hint {name}-error")
    } else {
        format!("{name}-error")
    };
    view! {
        <div class="field">
            <label for=format!("field-{name}")>{label}{required.then_some(" *")}</label>
            {hint.map(|h| view! { <p class="hint" id=format!("{name}-hint")>{h}</p> })}
            <input id=format!("field-{name}") name=format!("fields[{name}]") type=kind value=value
                required=required min=min aria-describedby=described
                aria-invalid=move || error.get().and_then(|e| e.field(name)).is_some().to_string() />
            <FieldMessage error field=name />
        </div>
    }
}
