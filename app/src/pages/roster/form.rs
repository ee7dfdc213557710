//! Nominating and editing an expert. The browser runs the same field parsers as the server, so a
//! mistake shows next to its field as soon as the field is left; the server checks again.
use crate::components::shell::PageLoad;
use crate::views::roster::ExpertFormData;
use crate::{
    api::roster::{SaveExpert, expert_form},
    components::{
        errors::{ErrorAlert, action_error},
        guard::Guarded,
    },
    domain::expert::ExpertFields,
    error::AppError,
    i18n::*,
};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use std::collections::HashSet;

#[component]
pub fn ExpertFormPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, roster.form_title).to_string() />
        <Guarded>
            <FormContent />
        </Guarded>
    }
}

#[component]
fn FormContent() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let form = Resource::new(id, expert_form);
    view! {
        <PageLoad resource=form title=move || t!(i18n, roster.form_title)
            ok=move |f| view! { <EditForm form=f /> } />
    }
}

/// Which `ExpertFields` member a form field fills.
fn slot<'a>(fields: &'a mut ExpertFields, name: &str) -> Option<&'a mut String> {
    Some(match name {
        "external_ref" => &mut fields.external_ref,
        "given_names" => &mut fields.given_names,
        "family_name" => &mut fields.family_name,
        "latin_name" => &mut fields.latin_name,
        "gender" => &mut fields.gender,
        "date_of_birth" => &mut fields.date_of_birth,
        "nationalities" => &mut fields.nationalities,
        "email" => &mut fields.email,
        "phone" => &mut fields.phone,
        "years_experience" => &mut fields.years_experience,
        "categories" => &mut fields.categories,
        "skills" => &mut fields.skills,
        "languages" => &mut fields.languages,
        "notice_days" => &mut fields.notice_days,
        "available_from" => &mut fields.available_from,
        "available_to" => &mut fields.available_to,
        _ => return None,
    })
}

#[derive(Clone, Copy)]
struct FormState {
    fields: RwSignal<ExpertFields>,
    touched: RwSignal<HashSet<&'static str>>,
    today: Option<NaiveDate>,
    server_error: Signal<Option<AppError>>,
}

impl FormState {
    /// The browser's verdict for a field once it was left, else the server's last one.
    fn message(&self, field: &'static str) -> Option<String> {
        let server = self.server_error.get().and_then(|e| e.field(field));
        if !self.touched.with(|t| t.contains(field)) {
            return server;
        }
        let today = self.today?;
        match self.fields.with(|f| f.parse(today)) {
            Ok(_) => None,
            Err(errors) => errors
                .into_iter()
                .find(|e| e.field == field)
                .map(|e| e.message),
        }
        .or(server)
    }
}

#[component]
fn Field(
    state: FormState,
    name: &'static str,
    label: String,
    #[prop(optional)] hint: Option<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let input_id = format!("field-{name}");
    let error_id = format!("{name}-error");
    let hint_id = format!("{name}-hint");
    let initial = state
        .fields
        .with_untracked(|f| slot(&mut f.clone(), name).cloned().unwrap_or_default());
    let message = move || state.message(name);
    let described = if hint.is_some() {
        format!("{hint_id} {error_id}")
    } else {
        error_id.clone()
    };
    view! {
        <div class="field">
            <label for=input_id.clone()>{label}{required.then_some(" *")}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            <input
                id=input_id
                name=format!("fields[{name}]")
                type=kind
                value=initial
                required=required
                aria-describedby=described
                aria-invalid=move || message().is_some().to_string()
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    state.fields.update(|f| if let Some(s) = slot(f, name) { *s = value });
                }
                on:blur=move |_| state.touched.update(|t| { t.insert(name); })
            />
            {move || message().map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> })}
        </div>
    }
}

#[component]
fn EditForm(form: ExpertFormData) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveExpert>::new();
    let server_error = action_error(save);
    let state = FormState {
        fields: RwSignal::new(form.fields.clone()),
        touched: RwSignal::new(HashSet::new()),
        today: NaiveDate::parse_from_str(&form.today, "%Y-%m-%d").ok(),
        server_error,
    };
    let editing = !form.id.is_empty();
    // Vetting vouches for who the record names: changing it sends the record back to review.
    let vetted_identity = editing
        && matches!(
            form.status.as_str(),
            "vetted" | "suspended" | "under_review"
        );
    let cancel = if editing {
        format!("/roster/{}", form.id)
    } else {
        "/roster".to_owned()
    };
    let gender = form.fields.gender.clone();
    let state_picker = if form.states.len() == 1 || editing {
        view! { <input type="hidden" name="member_state" value=form.member_state.clone() /> }
            .into_any()
    } else {
        view! {
            <div class="field">
                <label for="field-member_state">{t!(i18n, roster.nominated_by)}" *"</label>
                <input id="field-member_state" name="member_state" type="text" required
                    pattern="[A-Za-z]{3}" maxlength="3" value=form.member_state.clone()
                    aria-describedby="member_state-error" />
                {move || server_error.get().and_then(|e| e.field("member_state")).map(|m| view! { <p class="field-error" id="member_state-error">{m}</p> })}
            </div>
        }.into_any()
    };
    let tr = move |s: &str| s.to_owned();
    view! {
        <section class="page" aria-labelledby="form-title">
            <p class="breadcrumb"><a href=cancel.clone()>{t!(i18n, roster.back)}</a></p>
            <h1 id="form-title">{if editing { t_string!(i18n, roster.edit_title).to_string() } else { t_string!(i18n, roster.new_title).to_string() }}</h1>
            <p class="muted">{t!(i18n, roster.form_intro)}</p>
            <ErrorAlert error=server_error />
            <ActionForm action=save attr:class="expert-form" attr:novalidate=true>
                <input type="hidden" name="id" value=form.id.clone() />
                <input type="hidden" name="version" value=form.version.to_string() />
                <fieldset>
                    <legend>{t!(i18n, roster.identity)}</legend>
                    {vetted_identity.then(|| view! {
                        <p class="alert alert-warning" id="identity-warning">{t!(i18n, roster.identity_revetting)}</p>
                    })}
                    {state_picker}
                    <Field state name="external_ref" label=t_string!(i18n, roster.external_ref).to_string() required=true hint=t_string!(i18n, roster.hint_external_ref).to_string() />
                    <Field state name="given_names" label=t_string!(i18n, roster.given_names).to_string() required=true />
                    <Field state name="family_name" label=t_string!(i18n, roster.family_name).to_string() required=true />
                    <Field state name="latin_name" label=t_string!(i18n, roster.latin_name).to_string() hint=t_string!(i18n, roster.hint_latin_name).to_string() />
                    <div class="field">
                        <label for="field-gender">{t!(i18n, roster.gender)}" *"</label>
                        <select id="field-gender" name="fields[gender]" required aria-describedby="gender-error"
                            on:change=move |ev| { let v = event_target_value(&ev); state.fields.update(|f| f.gender = v); state.touched.update(|t| { t.insert("gender"); }); }>
                            <option value="" selected=gender.is_empty()>"—"</option>
                            {["female", "male", "other", "undisclosed"].into_iter().map(|g| view! { <option value=g selected=gender == g>{tr(g)}</option> }).collect_view()}
                        </select>
                        {move || state.message("gender").map(|m| view! { <p class="field-error" id="gender-error">{m}</p> })}
                    </div>
                    <Field state name="date_of_birth" label=t_string!(i18n, roster.date_of_birth).to_string() kind="date" required=true />
                    <Field state name="nationalities" label=t_string!(i18n, roster.nationalities).to_string() required=true hint=t_string!(i18n, roster.hint_nationalities).to_string() />
                </fieldset>
                <fieldset>
                    <legend>{t!(i18n, roster.contact)}</legend>
                    <Field state name="email" label=t_string!(i18n, roster.email).to_string() kind="email" required=true />
                    <Field state name="phone" label=t_string!(i18n, roster.phone).to_string() kind="tel" hint=t_string!(i18n, roster.hint_phone).to_string() />
                </fieldset>
                <fieldset>
                    <legend>{t!(i18n, roster.expertise)}</legend>
                    <Field state name="years_experience" label=t_string!(i18n, roster.years).to_string() kind="number" required=true />
                    <Field state name="categories" label=t_string!(i18n, roster.categories).to_string() required=true hint=t_string!(i18n, roster.hint_categories).to_string() />
                    <Field state name="skills" label=t_string!(i18n, roster.skills).to_string() hint=t_string!(i18n, roster.hint_skills).to_string() />
                    <Field state name="languages" label=t_string!(i18n, roster.languages).to_string() required=true hint=t_string!(i18n, roster.hint_languages).to_string() />
                </fieldset>
                <fieldset>
                    <legend>{t!(i18n, roster.availability)}</legend>
                    <Field state name="notice_days" label=t_string!(i18n, roster.notice_days).to_string() kind="number" required=true />
                    <Field state name="available_from" label=t_string!(i18n, roster.available_from).to_string() kind="date" />
                    <Field state name="available_to" label=t_string!(i18n, roster.available_to).to_string() kind="date" />
                </fieldset>
                <div class="form-actions">
                    <button type="submit" class="button-primary">{if editing { t_string!(i18n, roster.save).to_string() } else { t_string!(i18n, roster.nominate).to_string() }}</button>
                    <a href=cancel>{t!(i18n, roster.cancel)}</a>
                </div>
            </ActionForm>
        </section>
    }
}
