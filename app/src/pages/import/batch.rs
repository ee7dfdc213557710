//! One uploaded file: a progress bar while it is checked or committed, then the dry-run report
//! with every rejection, and the commit.
use super::phase::{PhaseBadge, phase_label};
use crate::views::import::BatchView;
use crate::{
    api::import::{CommitImport, DiscardImport, import_batch},
    components::{
        errors::{ErrorAlert, action_error},
        guard::Guarded,
    },
    i18n::*,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn BatchPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let commit = ServerAction::<CommitImport>::new();
    let discard = ServerAction::<DiscardImport>::new();
    // Polling: each answer that says "still running" asks again shortly; the server holds the
    // state, so a reload simply picks it up.
    let tick = RwSignal::new(0u32);
    // Made here, outside the access guard: the server may build the guarded part more than once,
    // and a batch changes from one moment to the next, so several reads could disagree with the
    // one the browser hydrates from.
    let batch = Resource::new(
        move || (id(), tick.get(), commit.version().get()),
        |(id, _, _)| import_batch(id),
    );
    view! {
        <Title text=move || t_string!(i18n, imports.batch_title).to_string() />
        <Guarded>
            <BatchContent batch tick commit discard />
        </Guarded>
    }
}

#[component]
fn BatchContent(
    batch: Resource<Result<BatchView, crate::error::AppError>>,
    tick: RwSignal<u32>,
    commit: ServerAction<CommitImport>,
    discard: ServerAction<DiscardImport>,
) -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| {
        if let Some(Ok(view)) = batch.get()
            && view.running
        {
            set_timeout(
                move || tick.update(|t| *t += 1),
                std::time::Duration::from_millis(700),
            );
        }
    });
    view! {
        <section class="page" aria-labelledby="batch-title">
            <p><a href="/import">{t!(i18n, imports.back)}</a></p>
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, shell.loading)}</p> }>
                {move || Suspend::new(async move {
                    match batch.await {
                        Err(e) => view! {
                            <h1 id="batch-title">{t!(i18n, imports.batch_title)}</h1>
                            <ErrorAlert error=Signal::derive(move || Some(e.clone())) />
                        }.into_any(),
                        Ok(view) => view! { <Batch view commit discard /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Batch(
    view: BatchView,
    commit: ServerAction<CommitImport>,
    discard: ServerAction<DiscardImport>,
) -> impl IntoView {
    let i18n = use_i18n();
    let commit_error = action_error(commit);
    let discard_error = action_error(discard);
    let BatchView {
        row,
        percent,
        running,
        problem,
        rejections,
        lines_shown,
        rejections_total,
        has_rejected_rows,
        header_problems,
        back_to_vetting,
        can_commit,
        can_discard,
    } = view;
    let phase = row.phase.clone();
    let id = row.id.clone();
    let heading = format!("{} · {}", row.file_name, phase_label(i18n, &phase));
    let committed = phase == "committed";
    view! {
        <h1 id="batch-title">{heading}</h1>
        <p class="muted">
            {row.created_at.clone()}" · "{row.member_state.clone()}" · "{row.file_kind.to_uppercase()}" · "
            <PhaseBadge phase=phase.clone() />
        </p>
        {running.then(|| view! {
            // Without the script the page reloads itself until the work is done.
            <noscript inner_html="<meta http-equiv=\"refresh\" content=\"2\">"></noscript>
            <div class="card">
                <p>{if phase == "committing" { t!(i18n, imports.committing).into_any() } else { t!(i18n, imports.checking).into_any() }}</p>
                <label for="batch-progress">{t!(i18n, imports.progress)}</label>
                <progress id="batch-progress" max="100" value=percent.to_string() aria-valuetext=format!("{percent} %")>
                    {format!("{percent} %")}
                </progress>
                <p role="status" aria-live="polite">{format!("{percent} %")}</p>
            </div>
        })}
        {problem.map(|p| view! { <p class="alert alert-error" role="alert">{p}</p> })}
        {row.summary.clone().filter(|_| !running).map(|summary| view! {
            <section class="card" aria-labelledby="summary-title">
                <h2 id="summary-title">{if committed { t!(i18n, imports.phase_committed).into_any() } else { t!(i18n, imports.dry_run).into_any() }}</h2>
                <p class="report-summary" role="status"><strong>{summary}</strong></p>
                <p class="muted">{if committed { t!(i18n, imports.committed_hint).into_any() } else { t!(i18n, imports.dry_run_hint).into_any() }}</p>
                {header_problems.then(|| view! { <p class="alert alert-error">{t!(i18n, imports.header_rejected)}</p> })}
                {committed.then(|| view! { <p><a href="/roster">{t!(i18n, imports.see_roster)}</a></p> })}
            </section>
        })}
        {(can_commit || can_discard).then(|| {
            let id_commit = id.clone();
            let id_discard = id.clone();
            view! {
                <div class="actions">
                    <ErrorAlert error=commit_error />
                    <ErrorAlert error=discard_error />
                    {can_commit.then(|| view! {
                        <ActionForm action=commit>
                            <input type="hidden" name="id" value=id_commit />
                            <button type="submit" class="button-primary">{t!(i18n, imports.commit)}</button>
                        </ActionForm>
                    })}
                    {can_discard.then(|| view! {
                        <ActionForm action=discard>
                            <input type="hidden" name="id" value=id_discard />
                            <button type="submit" class="button-secondary">{t!(i18n, imports.discard)}</button>
                        </ActionForm>
                    })}
                </div>
            }
        })}
        {(!back_to_vetting.is_empty()).then(|| view! {
            <section aria-labelledby="revetting-title">
                <h2 id="revetting-title">{t!(i18n, imports.back_to_vetting)}</h2>
                <p class="muted">{if committed { t!(i18n, imports.back_to_vetting_done).into_any() } else { t!(i18n, imports.back_to_vetting_hint).into_any() }}</p>
                <div class="table-wrap">
                    <table class="data-table" id="back-to-vetting">
                        <caption class="visually-hidden">{t!(i18n, imports.back_to_vetting)}</caption>
                        <thead><tr>
                            <th scope="col" class="num">{t!(i18n, imports.row)}</th>
                            <th scope="col">{t!(i18n, roster.external_ref)}</th>
                            <th scope="col">{t!(i18n, imports.identity_fields)}</th>
                        </tr></thead>
                        <tbody>
                            {back_to_vetting.into_iter().map(|r| view! {
                                <tr>
                                    <td class="num">{r.row}</td>
                                    <td>{r.external_ref}</td>
                                    <td>{r.fields.into_iter().map(|f| view! { <code>{f}</code>" " }).collect_view()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
        })}
        {(!rejections.is_empty()).then(|| view! {
            <section aria-labelledby="rejections-title">
                <h2 id="rejections-title">{t!(i18n, imports.rejections)}</h2>
                {has_rejected_rows.then(|| view! {
                    <p><a class="button-secondary" href=format!("/import/{id}/rejected.csv") download>{t!(i18n, imports.download_rejected)}</a></p>
                })}
                {(rejections_total > lines_shown).then(|| view! {
                    <p class="muted">{t!(i18n, imports.more_rejections, shown = lines_shown, total = rejections_total)}</p>
                })}
                <div class="table-wrap">
                    <table class="data-table" id="rejections">
                        <caption class="visually-hidden">{t!(i18n, imports.rejections)}</caption>
                        <thead><tr>
                            <th scope="col" class="num">{t!(i18n, imports.row)}</th>
                            <th scope="col">{t!(i18n, imports.column)}</th>
                            <th scope="col">{t!(i18n, imports.reason)}</th>
                        </tr></thead>
                        <tbody>
                            {rejections.into_iter().map(|r| view! {
                                <tr>
                                    <td class="num">{r.row}</td>
                                    <td><code>{r.column}</code></td>
                                    <td>{r.reason}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
        })}
        {(!running).then(|| view! { <p><a href="/import">{t!(i18n, imports.upload_another)}</a></p> })}
    }
}
