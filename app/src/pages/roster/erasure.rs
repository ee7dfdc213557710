//! On an expert's record, for the secretariat: erasing the person's data on their own request.
use crate::{
    api::erasure::EraseExpert,
    components::errors::{ErrorAlert, FieldMessage, action_error},
    i18n::*,
    views::roster::ExpertView,
};
use leptos::prelude::*;

/// A plain form with a reason and a confirmation box; on success the server sends the browser
/// back to the roster, with or without the WASM.
#[component]
pub fn ErasurePanel(x: ExpertView) -> impl IntoView {
    let i18n = use_i18n();
    let erase = ServerAction::<EraseExpert>::new();
    let error = action_error(erase);
    x.can_erase.then(|| view! {
        <section class="page card" aria-labelledby="erasure-title">
            <details class="reset">
                <summary id="erasure-title">{t!(i18n, erasure.title)}</summary>
                <p class="muted">{t!(i18n, erasure.hint)}</p>
                <ErrorAlert error />
                <ActionForm action=erase attr:class="form-grid" attr:autocomplete="off">
                    <input type="hidden" name="id" value=x.id.clone() />
                    <div class="field field-wide">
                        <label for="erasure-reason">{t!(i18n, erasure.reason)}</label>
                        <textarea id="erasure-reason" name="reason" rows="2" required maxlength="2000" aria-describedby="reason-error"></textarea>
                        <FieldMessage error field="reason" />
                    </div>
                    <div class="field field-wide">
                        <label class="check">
                            <input type="checkbox" name="confirm" required />
                            {t!(i18n, erasure.confirm)}
                        </label>
                        <FieldMessage error field="confirm" />
                    </div>
                    <button type="submit" class="button-danger">{t!(i18n, erasure.submit)}</button>
                </ActionForm>
            </details>
        </section>
    })
}
