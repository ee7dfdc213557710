//! Filing a new request or editing one: mission, host country, duty station, unit, security
//! level and urgency. A plain form, so it works before the browser code loads.
use crate::components::{fields::InputField, shell::PageLoad};
use crate::views::requests::RequestFormData;
use crate::{
    api::requests::{SaveRequest, request_form},
    components::{
        errors::{ErrorAlert, FieldMessage, action_error},
        guard::Guarded,
    },
    domain::request::SECURITY_LEVELS,
    i18n::*,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn RequestFormPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, requests.form_title).to_string() />
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
    let form = Resource::new(id, request_form);
    view! {
        <PageLoad resource=form title=move || t!(i18n, requests.form_title)
            ok=move |f| view! { <RequestForm form=f /> } />
    }
}

#[component]
fn RequestForm(form: RequestFormData) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveRequest>::new();
    let error = action_error(save);
    let editing = !form.id.is_empty();
    let back = if editing {
        format!("/requests/{}", form.id)
    } else {
        "/requests".to_owned()
    };
    let f = form.fields.clone();
    let level = f.security_level.clone();
    let urgency = f.urgency.clone();
    let host = f.host_country.clone();
    view! {
        <section class="page" aria-labelledby="form-title">
            <p class="breadcrumb"><a href=back.clone()>{t!(i18n, requests.back)}</a></p>
            <h1 id="form-title">{if editing { t_string!(i18n, requests.edit_title).to_string() } else { t_string!(i18n, requests.new_title).to_string() }}</h1>
            <ErrorAlert error />
            <ActionForm action=save attr:class="form" attr:novalidate=true>
                <input type="hidden" name="id" value=form.id.clone() />
                <input type="hidden" name="version" value=form.version.to_string() />
                <InputField name="mission" label=t_string!(i18n, requests.mission).to_string() value=f.mission.clone() required=true error />
                <div class="field">
                    <label for="field-host_country">{t!(i18n, requests.host_country)}" *"</label>
                    <select id="field-host_country" name="fields[host_country]" required aria-describedby="host_country-error">
                        <option value="" selected=host.is_empty()>"—"</option>
                        {form.countries.into_iter().map(|(code, name)| {
                            let selected = code == host;
                            view! { <option value=code.clone() selected=selected>{format!("{name} ({code})")}</option> }
                        }).collect_view()}
                    </select>
                    <FieldMessage error field="host_country" />
                </div>
                <InputField name="duty_station" label=t_string!(i18n, requests.duty_station).to_string() value=f.duty_station.clone() required=true error />
                <InputField name="requesting_unit" label=t_string!(i18n, requests.requesting_unit).to_string() value=f.requesting_unit.clone() required=true error />
                <div class="field">
                    <label for="field-security_level">{t!(i18n, requests.security_level)}" *"</label>
                    <select id="field-security_level" name="fields[security_level]" required aria-describedby="security_level-error">
                        <option value="" selected=level.is_empty()>"—"</option>
                        {SECURITY_LEVELS.into_iter().map(|(n, label)| view! {
                            <option value=n.to_string() selected=level == n.to_string()>{label}</option>
                        }).collect_view()}
                    </select>
                    <FieldMessage error field="security_level" />
                </div>
                <fieldset class="field">
                    <legend>{t!(i18n, requests.urgency)}" *"</legend>
                    <label><input type="radio" name="fields[urgency]" value="rapid" checked=urgency == "rapid" />" "{t!(i18n, requests.urgency_rapid_long)}</label>
                    <label><input type="radio" name="fields[urgency]" value="standard" checked=urgency != "rapid" />" "{t!(i18n, requests.urgency_standard)}</label>
                    <FieldMessage error field="urgency" />
                </fieldset>
                <div class="form-actions">
                    <button type="submit" class="button-primary">{if editing { t_string!(i18n, requests.save).to_string() } else { t_string!(i18n, requests.create_draft).to_string() }}</button>
                    <a href=back>{t!(i18n, requests.cancel_link)}</a>
                </div>
            </ActionForm>
        </section>
    }
}
