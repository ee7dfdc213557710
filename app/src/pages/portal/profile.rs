//! The expert's record as held on the roster (`/me/profile`), read-only: what vetting and
//! readiness depend on is changed by their roster office or the secretariat.
use crate::{
    api::{
        portal::my_record,
        vetting::{ChangeRosterStatus, RecordCheck},
    },
    components::{errors::ErrorAlert, guard::Guarded},
    i18n::*,
    pages::roster::expert::Record,
};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn MyProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, portal.my_profile).to_string() />
        <Guarded>
            <ProfileContent />
        </Guarded>
    }
}

#[component]
fn ProfileContent() -> impl IntoView {
    let i18n = use_i18n();
    // The record's forms are never offered to the expert (the view says they may not act), but the
    // component takes its actions.
    let change = ServerAction::<ChangeRosterStatus>::new();
    let check = ServerAction::<RecordCheck>::new();
    let record = Resource::new(|| (), |_| my_record());
    view! {
        <p class="breadcrumb"><a href="/me">{t!(i18n, portal.title)}</a></p>
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, shell.loading)}</p> }>
            {move || Suspend::new(async move {
                match record.await {
                    Err(e) => view! { <ErrorAlert error=Signal::derive(move || Some(e.clone())) /> }.into_any(),
                    Ok(x) => view! { <Record x change check /> }.into_any(),
                }
            })}
        </Transition>
    }
}
