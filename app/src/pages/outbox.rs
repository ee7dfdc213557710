//! The notification outbox for the secretariat: every message waiting, sent or given up, with its
//! last error, and whether e-mail is being sent at all.
use crate::views::outbox::OutboxRow;
use crate::{
    api::outbox::outbox_page,
    components::{errors::ErrorAlert, guard::Guarded, pager::Pager},
    i18n::*,
};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn OutboxPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, outbox.title).to_string() />
        <Guarded>
            <OutboxContent />
        </Guarded>
    }
}

fn kind_label(i18n: I18nContext<Locale>, kind: &str) -> String {
    match kind {
        "offer_made" => t_string!(i18n, outbox.kind_offer_made).to_string(),
        "offer_answered" => t_string!(i18n, outbox.kind_offer_answered).to_string(),
        "invitation" => t_string!(i18n, outbox.kind_invitation).to_string(),
        "check_expiring" => t_string!(i18n, outbox.kind_check_expiring).to_string(),
        "availability_stale" => t_string!(i18n, outbox.kind_availability_stale).to_string(),
        other => other.to_owned(),
    }
}

/// The state's badge and the sentence saying when it happened or will.
fn state_view(i18n: I18nContext<Locale>, state: &str, at: String) -> AnyView {
    match state {
        "sent" => view! {
            <span class="badge badge-ok">{t!(i18n, outbox.state_sent)}</span>
            <span class="block muted">{t!(i18n, outbox.sent_at, at)}</span>
        }
        .into_any(),
        "failed" => view! {
            <span class="badge badge-bad">{t!(i18n, outbox.state_failed)}</span>
            <span class="block muted">{t!(i18n, outbox.failed_at, at)}</span>
        }
        .into_any(),
        _ => view! {
            <span class="badge badge-warn">{t!(i18n, outbox.state_queued)}</span>
            <span class="block muted">{t!(i18n, outbox.next_attempt_at, at)}</span>
        }
        .into_any(),
    }
}

fn row_view(i18n: I18nContext<Locale>, r: OutboxRow) -> impl IntoView {
    let kind = kind_label(i18n, &r.kind);
    view! {
        <tr>
            <td>{r.created_at}</td>
            <td>{r.email}</td>
            <td>{kind}</td>
            <td>{r.subject}</td>
            <td>{state_view(i18n, &r.state, r.state_at)}</td>
            <td class="num">{r.attempts.to_string()}</td>
            <td>{r.last_error.unwrap_or_default()}</td>
        </tr>
    }
}

#[component]
fn OutboxContent() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let view_of_page = Resource::new(
        move || query.read().get("page").unwrap_or_default(),
        outbox_page,
    );
    view! {
        <section class="page" aria-labelledby="outbox-title">
            <h1 id="outbox-title">{t!(i18n, outbox.title)}</h1>
            <p class="lead">{t!(i18n, outbox.intro)}</p>
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, shell.loading)}</p> }>
                {move || Suspend::new(async move {
                    match view_of_page.await {
                        Err(e) => view! { <ErrorAlert error=Signal::derive(move || Some(e.clone())) /> }.into_any(),
                        Ok(v) => {
                            let smtp = if v.mail_configured {
                                view! { <p class="alert alert-ok" role="status">{t!(i18n, outbox.smtp_configured)}</p> }.into_any()
                            } else {
                                view! { <p class="alert" role="status">{t!(i18n, outbox.smtp_missing)}</p> }.into_any()
                            };
                            let table = if v.rows.is_empty() {
                                view! { <p class="empty">{t!(i18n, outbox.empty)}</p> }.into_any()
                            } else {
                                view! {
                                    <div class="table-wrap">
                                        <table class="data-table">
                                            <caption>{t!(i18n, outbox.caption)}</caption>
                                            <thead><tr>
                                                <th scope="col">{t!(i18n, outbox.created)}</th>
                                                <th scope="col">{t!(i18n, outbox.recipient)}</th>
                                                <th scope="col">{t!(i18n, outbox.kind)}</th>
                                                <th scope="col">{t!(i18n, outbox.subject)}</th>
                                                <th scope="col">{t!(i18n, outbox.state)}</th>
                                                <th scope="col" class="num">{t!(i18n, outbox.attempts)}</th>
                                                <th scope="col">{t!(i18n, outbox.last_error)}</th>
                                            </tr></thead>
                                            <tbody>
                                                {v.rows.into_iter().map(|r| row_view(i18n, r)).collect_view()}
                                            </tbody>
                                        </table>
                                    </div>
                                }
                                .into_any()
                            };
                            let href = |n: u64| format!("/admin/outbox?page={n}");
                            view! {
                                {smtp}
                                <dl class="stat-list" aria-label=move || t_string!(i18n, outbox.totals).to_string()>
                                    <div class="stat">
                                        <dt>{t!(i18n, outbox.total_queued)}</dt>
                                        <dd>{v.queued.to_string()}</dd>
                                    </div>
                                    <div class="stat">
                                        <dt>{t!(i18n, outbox.total_sent)}</dt>
                                        <dd>{v.sent.to_string()}</dd>
                                    </div>
                                    <div class="stat">
                                        <dt>{t!(i18n, outbox.total_failed)}</dt>
                                        <dd>{v.failed.to_string()}</dd>
                                    </div>
                                </dl>
                                {table}
                                <Pager page=v.page pages=v.pages href />
                            }
                            .into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}
