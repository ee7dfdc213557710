//! Adding or changing one position of a request: category, skills and languages with minimum
//! levels, minimum years, start, duration and head count.
use super::category_label;
use crate::components::{fields::InputField, shell::PageLoad};
use crate::views::requests::PositionFormData;
use crate::{
    api::requests::{SavePosition, position_form},
    components::{
        errors::{ErrorAlert, FieldMessage, action_error},
        guard::Guarded,
    },
    domain::taxonomy::Category,
    i18n::*,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn PositionFormPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, requests.position_title).to_string() />
        <Guarded>
            <FormContent />
        </Guarded>
    }
}

#[component]
fn FormContent() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let ids = move || {
        let p = params.read();
        (
            p.get("id").unwrap_or_default(),
            p.get("pid").unwrap_or_default(),
        )
    };
    let form = Resource::new(ids, |(id, pid)| position_form(id, pid));
    view! {
        <PageLoad resource=form title=move || t!(i18n, requests.position_title)
            ok=move |f| view! { <PositionForm form=f /> } />
    }
}

#[component]
fn PositionForm(form: PositionFormData) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SavePosition>::new();
    let error = action_error(save);
    let back = format!("/requests/{}", form.request_id);
    let f = form.fields.clone();
    let category = f.category.clone();
    let editing = !form.id.is_empty();
    view! {
        <section class="page" aria-labelledby="position-title">
            <p class="breadcrumb"><a href=back.clone()>{form.mission.clone()}</a></p>
            <h1 id="position-title">{if editing { t_string!(i18n, requests.position_edit).to_string() } else { t_string!(i18n, requests.position_new).to_string() }}</h1>
            <ErrorAlert error />
            <ActionForm action=save attr:class="form" attr:novalidate=true>
                <input type="hidden" name="request_id" value=form.request_id.clone() />
                <input type="hidden" name="position_id" value=form.id.clone() />
                <InputField name="title" label=t_string!(i18n, requests.position_name).to_string() value=f.title.clone() required=true error />
                <div class="field">
                    <label for="field-category">{t!(i18n, requests.category)}" *"</label>
                    <select id="field-category" name="fields[category]" required aria-describedby="category-error">
                        <option value="" selected=category.is_empty()>"—"</option>
                        {Category::ALL.into_iter().map(|c| view! {
                            <option value=c.slug() selected=category == c.slug()>{category_label(c.slug())}</option>
                        }).collect_view()}
                    </select>
                    <FieldMessage error field="category" />
                </div>
                <InputField name="skills" label=t_string!(i18n, requests.skills).to_string() value=f.skills.clone() hint=t_string!(i18n, requests.hint_skills).to_string() error />
                <InputField name="languages" label=t_string!(i18n, requests.languages).to_string() value=f.languages.clone() hint=t_string!(i18n, requests.hint_languages).to_string() error />
                <InputField name="min_years" label=t_string!(i18n, requests.min_years).to_string() value=f.min_years.clone() kind="number" required=true error />
                <InputField name="start_on" label=t_string!(i18n, requests.start_on).to_string() value=f.start_on.clone() kind="date" required=true min=form.today.clone() error />
                <InputField name="duration_days" label=t_string!(i18n, requests.duration_days).to_string() value=f.duration_days.clone() kind="number" required=true error />
                <InputField name="head_count" label=t_string!(i18n, requests.head_count).to_string() value=f.head_count.clone() kind="number" required=true error />
                <div class="form-actions">
                    <button type="submit" class="button-primary">{t!(i18n, requests.save_position)}</button>
                    <a href=back>{t!(i18n, requests.cancel_link)}</a>
                </div>
            </ActionForm>
        </section>
    }
}
