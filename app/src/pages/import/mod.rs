//! Candidate uploads: the upload form with the templates and the history (`/import`), and one
//! file's dry run, progress and commit (`/import/<id>`).
use crate::views::import::UploadHistory;
pub mod batch;
mod phase;

use crate::{
    api::import::import_history,
    components::{errors::ErrorAlert, guard::Guarded, pager::Pager},
    i18n::*,
};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use phase::PhaseBadge;

#[component]
pub fn ImportPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, imports.title).to_string() />
        <Guarded>
            <ImportContent />
        </Guarded>
    }
}

/// The explanation for a problem slug the upload route sent back.
fn problem_text(i18n: I18nContext<Locale>, slug: &str, row: String) -> Option<String> {
    let text = match slug {
        "empty" => t_string!(i18n, imports.problem_empty).to_string(),
        "too_large" => t_string!(i18n, imports.problem_too_large).to_string(),
        "too_many_rows" => t_string!(i18n, imports.problem_too_many_rows).to_string(),
        "legacy_excel" => t_string!(i18n, imports.problem_legacy_excel).to_string(),
        "utf16" => t_string!(i18n, imports.problem_utf16).to_string(),
        "not_utf8" => t_string!(i18n, imports.problem_not_utf8, row = row).to_string(),
        "not_spreadsheet" => t_string!(i18n, imports.problem_not_spreadsheet).to_string(),
        "bad_workbook" => t_string!(i18n, imports.problem_bad_workbook).to_string(),
        "zip_bomb" => t_string!(i18n, imports.problem_zip_bomb).to_string(),
        "no_sheet" => t_string!(i18n, imports.problem_no_sheet).to_string(),
        "malformed" => t_string!(i18n, imports.problem_malformed).to_string(),
        "forbidden" => t_string!(i18n, imports.problem_forbidden).to_string(),
        "no_file" => t_string!(i18n, imports.problem_no_file).to_string(),
        "server" => t_string!(i18n, imports.problem_server).to_string(),
        _ => return None,
    };
    Some(text)
}

#[component]
fn ImportContent() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let page = move || {
        query
            .read()
            .get("page")
            .and_then(|p| p.parse::<u64>().ok())
            .unwrap_or(1)
    };
    let problem = move || {
        let q = query.read();
        let row = q
            .get("row")
            .and_then(|r| r.parse::<u64>().ok())
            .map(|r| r.to_string())
            .unwrap_or_default();
        q.get("problem")
            .and_then(|slug| problem_text(i18n, &slug, row))
    };
    let history = Resource::new(page, |page| import_history(Some(page)));
    view! {
        <section class="page" aria-labelledby="import-title">
            <h1 id="import-title">{t!(i18n, imports.title)}</h1>
            {move || problem().map(|text| view! {
                <div class="alert alert-error" role="alert">
                    <strong>{t!(i18n, imports.problem_title)}</strong>" "{text}
                </div>
            })}
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, shell.loading)}</p> }>
                {move || Suspend::new(async move {
                    match history.await {
                        Err(e) => view! { <ErrorAlert error=Signal::derive(move || Some(e.clone())) /> }.into_any(),
                        Ok(h) => {
                            let can_upload = h.can_upload;
                            view! { <UploadForm show=can_upload /> <History history=h /> }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

/// A plain multipart form: it works before the script loads, and the server answers with the
/// page of the new batch.
#[component]
fn UploadForm(show: bool) -> impl IntoView {
    let i18n = use_i18n();
    show.then(|| view! {
        <section class="card" aria-labelledby="upload-title">
            <h2 id="upload-title">{t!(i18n, imports.upload)}</h2>
            <p class="muted">{t!(i18n, imports.intro)}</p>
            <p class="actions">
                <a class="button-secondary" href="/import/template.csv" download>{t!(i18n, imports.template_csv)}</a>
                " "
                <a class="button-secondary" href="/import/template.xlsx" download>{t!(i18n, imports.template_xlsx)}</a>
            </p>
            <form method="post" action="/import/upload" enctype="multipart/form-data" class="form-grid">
                <div class="field field-wide">
                    <label for="import-file">{t!(i18n, imports.choose)}</label>
                    <input
                        id="import-file"
                        name="file"
                        type="file"
                        required
                        accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    />
                </div>
                <button type="submit" class="button-primary">{t!(i18n, imports.upload)}</button>
            </form>
        </section>
    })
}

#[component]
fn History(history: UploadHistory) -> impl IntoView {
    let i18n = use_i18n();
    let UploadHistory {
        rows,
        page,
        pages,
        sees_all_states,
        ..
    } = history;
    view! {
        <section aria-labelledby="history-title">
            <h2 id="history-title">
                {if sees_all_states { t!(i18n, imports.history_all).into_any() } else { t!(i18n, imports.history).into_any() }}
            </h2>
            {if rows.is_empty() {
                view! { <p class="empty">{t!(i18n, imports.empty)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="data-table">
                            <caption class="visually-hidden">{t!(i18n, imports.history)}</caption>
                            <thead><tr>
                                <th scope="col">{t!(i18n, imports.when)}</th>
                                <th scope="col">{t!(i18n, imports.file)}</th>
                                {sees_all_states.then(|| view! { <th scope="col">{t!(i18n, imports.state)}</th> })}
                                <th scope="col">{t!(i18n, imports.uploaded_by)}</th>
                                <th scope="col">{t!(i18n, imports.phase)}</th>
                                <th scope="col">{t!(i18n, imports.result)}</th>
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|r| {
                                    let by = r.uploaded_by.clone().unwrap_or_else(|| t_string!(i18n, imports.cli).to_string());
                                    view! {
                                        <tr>
                                            <td>{r.created_at.clone()}</td>
                                            <td><a href=format!("/import/{}", r.id)>{r.file_name.clone()}</a></td>
                                            {sees_all_states.then(|| view! { <td>{r.member_state.clone()}</td> })}
                                            <td>{by}</td>
                                            <td><PhaseBadge phase=r.phase.clone() /></td>
                                            <td>{r.summary.clone().unwrap_or_default()}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <Pager page pages href=|p| format!("/import?page={p}") />
                }.into_any()
            }}
        </section>
    }
}
