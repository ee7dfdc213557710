//! The expert's messages (`/me/messages`): what Blue Suits sent them, or holds for sending.
use crate::{
    api::portal::my_messages,
    components::{errors::ErrorAlert, guard::Guarded},
    i18n::*,
};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn MessagesPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, portal.my_messages).to_string() />
        <Guarded>
            <MessagesContent />
        </Guarded>
    }
}

#[component]
fn MessagesContent() -> impl IntoView {
    let i18n = use_i18n();
    let messages = Resource::new(|| (), |_| my_messages());
    view! {
        <section class="page" aria-labelledby="messages-title">
            <p class="breadcrumb"><a href="/me">{t!(i18n, portal.title)}</a></p>
            <h1 id="messages-title">{t!(i18n, portal.my_messages)}</h1>
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, shell.loading)}</p> }>
                {move || Suspend::new(async move {
                    match messages.await {
                        Err(e) => view! { <ErrorAlert error=Signal::derive(move || Some(e.clone())) /> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p class="empty">{t!(i18n, portal.no_messages)}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="message-list">
                                {list.into_iter().map(|m| view! {
                                    <li class="card">
                                        <h2>{m.subject}</h2>
                                        <p class="muted">{m.created_at}</p>
                                        <p class="message-body">{m.body}</p>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
