//! Download routes of the readiness dashboard: each table as CSV at `/dashboard/{table}.csv`. Plain
//! GET links, so they work as browser downloads without the page's script.
use crate::startup::AppState;
use app::{
    domain::dashboard::Table, error::AppError, server::context::RequestSession,
    server::services::dashboard,
};
use axum::{
    Extension, Json,
    extract::{Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};

pub async fn dashboard_csv(
    State(state): State<AppState>,
    session: Option<Extension<RequestSession>>,
    Path(file): Path<String>,
) -> Response {
    let Some(Extension(session)) = session else {
        return error_response(AppError::Unauthenticated);
    };
    // Only the known names are answered; the slug is looked up, never put into a path or a header.
    let Some(table) = file.strip_suffix(".csv").and_then(Table::parse) else {
        return error_response(AppError::NotFound);
    };
    let today = chrono::Utc::now().date_naive();
    match dashboard::csv(&state.db, &session.actor, today, table.slug()).await {
        Ok(csv) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{}\"", table.file_name()),
                ),
            ],
            csv,
        )
            .into_response(),
        Err(err) => error_response(err),
    }
}

fn error_response(err: AppError) -> Response {
    let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, Json(err)).into_response()
}
