//! Upload routes: the candidate file arrives as a plain multipart form post, so uploading works
//! without the page's script; templates and rejection lists are plain downloads.
use crate::{
    route_door::{error_response, permit, signed_in},
    startup::AppState,
};
use app::{
    domain::{
        ids::BatchId,
        import::{FileProblem, MAX_FILE_BYTES},
        permissions::Action,
    },
    error::AppError,
    server::{
        context::RequestSession,
        repo::facts,
        services::{
            import_batches::{self, UploadError},
            import_template,
        },
    },
};
use axum::{
    Extension, Json,
    extract::{DefaultBodyLimit, Multipart, Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};

/// Room for the multipart envelope around the largest file taken.
pub fn body_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(MAX_FILE_BYTES + 64 * 1024)
}

/// A browser that posted the form gets a page back; a script gets JSON with the status.
fn wants_html(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

/// A browser goes back to the upload page, which explains the problem named by its slug (never
/// by text taken from the address, which anyone could write).
fn upload_failed(err: UploadError, html: bool) -> Response {
    if !html {
        return error_response(err.into_app_error());
    }
    let query = match &err {
        UploadError::File(FileProblem::NotUtf8 { row }) => format!("problem=not_utf8&row={row}"),
        UploadError::File(p) => format!("problem={}", p.slug()),
        UploadError::App(AppError::Forbidden) => "problem=forbidden".to_owned(),
        UploadError::App(AppError::Unauthenticated) => {
            return Redirect::to("/login?next=/import").into_response();
        }
        UploadError::App(AppError::Invalid(_)) => "problem=no_file".to_owned(),
        UploadError::App(_) => "problem=server".to_owned(),
    };
    Redirect::to(&format!("/import?{query}")).into_response()
}

/// POST /import/upload: the `file` field of a multipart form.
pub async fn upload(
    State(state): State<AppState>,
    session: Option<Extension<RequestSession>>,
    headers: axum::http::HeaderMap,
    mut form: Multipart,
) -> Response {
    let html = wants_html(&headers);
    // A roster office uploads for its own state, and only for it.
    let own_state = session
        .as_ref()
        .and_then(|Extension(s)| s.actor.principal.member_state().cloned());
    let actor = match own_state {
        Some(state) => permit(session.as_ref(), &Action::ImportCandidates { state }),
        None => signed_in(session.as_ref()).and(Err(AppError::Forbidden)),
    };
    let actor = match actor {
        Ok(actor) => actor,
        Err(err) => return upload_failed(UploadError::App(err), html),
    };
    let mut file: Option<(String, Vec<u8>)> = None;
    loop {
        match form.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => {
                let name = field.file_name().unwrap_or("upload").to_owned();
                match field.bytes().await {
                    Ok(bytes) => file = Some((name, bytes.to_vec())),
                    Err(e) => return upload_failed(body_error(e.status()), html),
                }
            }
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(e) => return upload_failed(body_error(e.status()), html),
        }
    }
    let Some((name, bytes)) = file else {
        return upload_failed(
            UploadError::App(AppError::invalid("file", "choose a file to upload")),
            html,
        );
    };
    match import_batches::upload(&state.db, &actor, &name, bytes, chrono::Utc::now()).await {
        Ok(id) if html => Redirect::to(&format!("/import/{id}")).into_response(),
        Ok(id) => (
            StatusCode::ACCEPTED,
            Json(serde_json::json!({ "id": id.to_string() })),
        )
            .into_response(),
        Err(err) => upload_failed(err, html),
    }
}

fn body_error(status: StatusCode) -> UploadError {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        UploadError::File(FileProblem::TooLarge)
    } else {
        UploadError::App(AppError::BadRequest)
    }
}

/// Templates go to those who may see uploads: the same policy as the upload pages.
fn may_see_uploads(session: Option<&Extension<RequestSession>>) -> Result<(), AppError> {
    let actor = signed_in(session)?;
    permit(session, &Action::view_own_imports(&actor)).map(|_| ())
}

pub async fn template_csv(session: Option<Extension<RequestSession>>) -> Response {
    if let Err(err) = may_see_uploads(session.as_ref()) {
        return error_response(err);
    }
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"blue-suits-candidates.csv\"",
            ),
        ],
        import_template::csv(),
    )
        .into_response()
}

pub async fn template_xlsx(session: Option<Extension<RequestSession>>) -> Response {
    if let Err(err) = may_see_uploads(session.as_ref()) {
        return error_response(err);
    }
    match import_template::xlsx() {
        Ok(bytes) => (
            [
                (
                    header::CONTENT_TYPE,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"blue-suits-candidates.xlsx\"",
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(err) => error_response(err),
    }
}

/// The rejected rows of a batch go to those who may see the batch.
async fn rejections_door(
    state: &AppState,
    session: Option<&Extension<RequestSession>>,
    id: &str,
) -> Result<app::domain::permissions::Actor, AppError> {
    let actor = signed_in(session)?;
    permit(session, &Action::view_own_imports(&actor))?;
    let id = BatchId::parse(id).ok_or(AppError::NotFound)?;
    let batch_state = facts::batch(&state.db, id).await?;
    permit(
        session,
        &Action::ViewImports {
            state: Some(batch_state),
        },
    )
}

/// GET /import/{id}/rejected.csv
pub async fn rejections_csv(
    State(state): State<AppState>,
    session: Option<Extension<RequestSession>>,
    Path(id): Path<String>,
) -> Response {
    let actor = match rejections_door(&state, session.as_ref(), &id).await {
        Ok(door) => door,
        Err(err) => return error_response(err),
    };
    let Some(id) = BatchId::parse(&id) else {
        return error_response(AppError::NotFound);
    };
    match import_batches::rejections_csv(&state.db, &actor, id).await {
        Ok((name, csv)) => {
            // An ASCII name for every browser, and the exact name (RFC 6266) for those that can.
            let ascii: String = name
                .chars()
                .map(|c| {
                    if (c.is_ascii_graphic() && c != '"' && c != '\\') || c == ' ' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            let exact =
                percent_encoding::utf8_percent_encode(&name, percent_encoding::NON_ALPHANUMERIC);
            let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{exact}");
            (
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                    (header::CONTENT_DISPOSITION, disposition),
                ],
                csv,
            )
                .into_response()
        }
        Err(err) => error_response(err),
    }
}
